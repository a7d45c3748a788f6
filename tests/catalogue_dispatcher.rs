//! Dispatcher rows of the bad-input catalogue (folded into tests/bad_input_catalogue.rs).

mod common;

use http::Method;
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::transport::{authorization_header, parse_response, AuthorizationMode};
use ocpi_protocol::types::{CredentialsToken, Url};
use serde_json::value::RawValue;

// ---- the server dispatcher ----
//
// The cases that need a whole server: a CPO (NL*CPO, Locations Sender, pages of 2) and an eMSP
// (NL*MSP: Locations, Sessions and CDRs Receivers, Commands Sender) registered with each other
// through the credentials handshake (tests/common/network.rs), with the handlers of the
// examples (examples/common/platforms.rs). Each row sends one request to one of them as the
// other (or as a newcomer holding a token A, or as nobody) and expects the HTTP status and
// OCPI status the spec names, and that nothing either platform stores changed: registrations,
// token records, and the handlers' data.

#[path = "common/network.rs"]
mod network;
#[path = "../examples/common/platforms.rs"]
mod platforms;

/// Who sends a dispatcher row's request, to which platform.
#[derive(Clone, Copy)]
enum Caller {
    /// The registered CPO, to the eMSP, with its token in Base64.
    Cpo,
    /// The registered eMSP, to the CPO.
    Emsp,
    /// A newcomer with a token A of the eMSP, to the eMSP.
    TokenA,
    /// A literal `Authorization` header (`None`: none), to the eMSP.
    Header(Option<&'static str>),
}

/// One dispatcher row.
struct Request {
    name: &'static str,
    caller: Caller,
    method: Method,
    /// The path under the platform's `/ocpi`.
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: String,
    /// HTTP status, OCPI status.
    expect: (u16, u16),
}

fn send(
    name: &'static str,
    caller: Caller,
    method: Method,
    path: &'static str,
    body: String,
    expect: (u16, u16),
) -> Request {
    Request {
        name,
        caller,
        method,
        path,
        headers: &[],
        body,
        expect,
    }
}

/// The CPO's Location LOC1 as a 2.3.0 body, with `from` replaced by `to`.
fn location_body(from: &str, to: &str) -> String {
    serde_json::to_string(&platforms::location(1))
        .unwrap()
        .replacen(from, to, 1)
}

const LOC1: &str = "/2.3.0/receiver/locations/NL/CPO/LOC1";

fn dispatcher_rows() -> Vec<Request> {
    let ok = location_body("", "");
    let get =
        |name, caller, path, expect| send(name, caller, Method::GET, path, String::new(), expect);
    vec![
        // Controls: well-formed requests pass (and change the state: see the test).
        get(
            "control: token A on versions",
            Caller::TokenA,
            "/versions",
            (200, 1000),
        ),
        get(
            "control: a page",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=2",
            (200, 1000),
        ),
        // Authorization.
        send(
            "no Authorization header",
            Caller::Header(None),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "Authorization: Bearer",
            Caller::Header(Some("Bearer abc")),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "Authorization not Base64",
            Caller::Header(Some("Token %%%")),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "token A on a functional module",
            Caller::TokenA,
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        // The URL's party and the body's ids.
        send(
            "a URL party that is not among the caller's roles",
            Caller::Cpo,
            Method::PUT,
            "/2.3.0/receiver/locations/DE/ABC/LOC1",
            location_body("\"country_code\":\"NL\"", "\"country_code\":\"DE\"").replacen(
                "\"party_id\":\"CPO\"",
                "\"party_id\":\"ABC\"",
                1,
            ),
            (404, 2000),
        ),
        send(
            "body party not matching the URL",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            location_body("\"party_id\":\"CPO\"", "\"party_id\":\"CPX\""),
            (200, 2001),
        ),
        send(
            "body id not matching the URL",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            location_body("\"id\":\"LOC1\"", "\"id\":\"LOC2\""),
            (200, 2001),
        ),
        send(
            "PATCH without last_updated",
            Caller::Cpo,
            Method::PATCH,
            LOC1,
            r#"{"name": "Neude"}"#.into(),
            (200, 2001),
        ),
        // Bodies and paths.
        send(
            "invalid JSON body",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            "{\"id\": ".into(),
            (400, 2000),
        ),
        send(
            "oversized body",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            format!("[{}0]", "0,".repeat(6 << 20)),
            (413, 2000),
        ),
        get(
            "unknown path",
            Caller::Cpo,
            "/2.3.0/receiver/nothing/NL/CPO/X",
            (404, 2000),
        ),
        // Routing headers.
        Request {
            headers: &[
                ("OCPI-from-country-code", "DE"),
                ("OCPI-from-party-id", "ABC"),
                ("OCPI-to-country-code", "NL"),
                ("OCPI-to-party-id", "MSP"),
            ],
            ..send(
                "OCPI-from-* naming a party that is not the caller's",
                Caller::Cpo,
                Method::PUT,
                LOC1,
                ok.clone(),
                (200, 2001),
            )
        },
        Request {
            headers: &[
                ("OCPI-from-country-code", "NL"),
                ("OCPI-from-party-id", "CPO"),
                ("OCPI-to-country-code", "FR"),
                ("OCPI-to-party-id", "ZZZ"),
            ],
            ..send(
                "unknown OCPI-to-* receiver",
                Caller::Cpo,
                Method::PUT,
                LOC1,
                ok.clone(),
                (200, 4001),
            )
        },
        Request {
            headers: &[
                ("OCPI-from-country-code", "NL"),
                ("OCPI-from-party-id", "CPO"),
                ("OCPI-to-country-code", "NL"),
                ("OCPI-to-party-id", "MSP"),
            ],
            ..get(
                "routing headers on Credentials",
                Caller::Cpo,
                "/2.3.0/credentials",
                (200, 2001),
            )
        },
        // Credentials out of order, for a registered peer.
        send(
            "POST credentials twice",
            Caller::Cpo,
            Method::POST,
            "/2.3.0/credentials",
            "{}".into(),
            (405, 2000),
        ),
        // Paging parameters.
        get(
            "limit of 0",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=0",
            (200, 2001),
        ),
        get(
            "negative limit",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=-1",
            (200, 2001),
        ),
        get(
            "non-numeric limit",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=ten",
            (200, 2001),
        ),
        get(
            "huge limit (clamped)",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=99999999999999999999999",
            (200, 1000),
        ),
        get(
            "negative offset",
            Caller::Emsp,
            "/2.3.0/sender/locations?offset=-2",
            (200, 2001),
        ),
        get(
            "offset past the end (an empty page)",
            Caller::Emsp,
            "/2.3.0/sender/locations?offset=100",
            (200, 1000),
        ),
    ]
}

/// The platforms of the dispatcher rows, and their handlers' data.
struct Platforms {
    pair: network::Pair,
    cpo_locations: platforms::CpoLocations,
    emsp_locations: platforms::EmspLocations,
    sessions: platforms::EmspSessions,
    cdrs: platforms::EmspCdrs,
}

async fn platforms() -> Platforms {
    let cpo_locations = platforms::CpoLocations::default();
    for i in 1..=3 {
        cpo_locations.put(platforms::location(i));
    }
    let emsp_locations = platforms::EmspLocations::default();
    let pending = PendingCommands::new(&Url::new("http://emsp.test/ocpi").unwrap()).unwrap();
    let sessions = platforms::EmspSessions::new(&pending);
    let cdrs = platforms::EmspCdrs::default();
    let cpo = platforms::cpo("http://cpo.test/ocpi", &cpo_locations, 2);
    let emsp = platforms::emsp_with_sessions(
        "http://emsp.test/ocpi",
        &emsp_locations,
        &pending,
        &sessions,
        &cdrs,
    );
    let pair = network::Pair::connect(cpo, emsp).await;
    Platforms {
        pair,
        cpo_locations,
        emsp_locations,
        sessions,
        cdrs,
    }
}

impl Platforms {
    /// Everything both platforms store.
    fn state(&self) -> String {
        let (cpo, emsp) = (
            self.pair.cpo.platform().store(),
            self.pair.emsp.platform().store(),
        );
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            cpo.peers(),
            cpo.token_records(),
            emsp.peers(),
            emsp.token_records(),
            self.cpo_locations.0.values(),
            self.emsp_locations.0.values(),
            self.sessions.held.values(),
            self.cdrs.0.values(),
        )
    }

    async fn answer(&self, row: &Request, token_a: &CredentialsToken) -> http::Response<Vec<u8>> {
        let (server, token) = match row.caller {
            Caller::Cpo => (&self.pair.emsp, Some(self.pair.cpo_token())),
            Caller::Emsp => (&self.pair.cpo, Some(self.pair.emsp_token())),
            Caller::TokenA => (&self.pair.emsp, Some(token_a.clone())),
            Caller::Header(_) => (&self.pair.emsp, None),
        };
        let host = if matches!(row.caller, Caller::Emsp) {
            "cpo.test"
        } else {
            "emsp.test"
        };
        let mut request = http::Request::new(row.body.clone().into_bytes());
        *request.method_mut() = row.method.clone();
        *request.uri_mut() = format!("http://{host}/ocpi{}", row.path).parse().unwrap();
        let headers = request.headers_mut();
        if let Some(token) = token {
            headers.insert(
                http::header::AUTHORIZATION,
                authorization_header(&token, AuthorizationMode::Base64),
            );
        }
        if let Caller::Header(Some(value)) = row.caller {
            headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        }
        for (name, value) in row.headers {
            headers.insert(*name, value.parse().unwrap());
        }
        server.handle(request).await
    }
}

#[tokio::test]
async fn dispatcher_catalogue() {
    let p = platforms().await;
    let token_a = p
        .pair
        .emsp
        .platform()
        .issue_token_a(
            ocpi_protocol::credentials::PeerId::new("newcomer"),
            AuthorizationMode::Base64,
        )
        .await
        .unwrap();
    let mut failures = Vec::new();
    for row in dispatcher_rows() {
        let before = p.state();
        let response = p.answer(&row, &token_a).await;
        let envelope = parse_response::<Box<RawValue>>(response.body()).map(|p| p.value);
        let got = (
            response.status().as_u16(),
            envelope.as_ref().map_or(0, |e| e.status_code.as_u16()),
        );
        if got != row.expect {
            failures.push(format!(
                "{}: expected {:?}, got {got:?}",
                row.name, row.expect
            ));
        }
        if row.expect.1 != 1000 && p.state() != before {
            failures.push(format!(
                "{}: refused, but the stored state changed",
                row.name
            ));
        }
        if row.name.starts_with("offset past the end") {
            let data = envelope.unwrap().data.unwrap();
            assert_eq!(data.get(), "[]", "{}", row.name);
            assert!(
                !response.headers().contains_key(http::header::LINK),
                "{}",
                row.name
            );
            assert_eq!(response.headers()["x-total-count"], "3");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
