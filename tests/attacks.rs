//! Attacks of a hostile peer, each a row: the request sequence, the refusal expected (HTTP and
//! OCPI status), and the checks that nothing stored changed and that the legitimate
//! connections still work both ways.
//!
//! The network: a CPO (`cpo.example`, NL*CPO) with two registered peers, an eMSP
//! (`emsp.example`, DE*MSP) and Mallory (`mal.example`, DE*MAL), all in 2.2.1. The eMSP has
//! updated its registration once, so the token it called the CPO with before is in its grace
//! period: a leaked or late token.
//!
//! Then the attacks on the client side (a peer's answers naming other hosts), and the
//! concurrent credentials updates under many seeded schedules.

#[path = "common/net.rs"]
mod net;

use net::*;
use ocpi_protocol::client::{Client, ClientError};
use ocpi_protocol::credentials::{generate_token, ClaimError, Conflict};
use ocpi_protocol::transport::{Pager, PagerError, UrlError, UrlPolicy};
use ocpi_protocol::v2_2_1::tokens::Token;
use ocpi_protocol::versions::fetch_version_details;

const CPO: &str = "https://cpo.example/ocpi/2.2.1";

/// The world every row starts from.
struct World {
    net: Arc<Net>,
    /// The token the eMSP called the CPO with before its update (in its grace period).
    leaked: CredentialsToken,
    /// Mallory's token to call the CPO with.
    mallory: CredentialsToken,
}

fn world() -> World {
    let net = Net::new(&[
        setup("cpo", &[V2_2_1]),
        setup("emsp", &[V2_2_1]),
        setup("mal", &[V2_2_1]),
    ]);
    let mode = AuthorizationMode::Base64;
    register(&net, "emsp", "cpo", mode).unwrap();
    register(&net, "mal", "cpo", mode).unwrap();
    let leaked = stored(&net, "emsp", "cpo")
        .unwrap()
        .credentials
        .token()
        .clone();
    block_on(net.node("emsp").update(&id("cpo"))).unwrap();
    let mallory = stored(&net, "mal", "cpo")
        .unwrap()
        .credentials
        .token()
        .clone();
    net.take_log();
    World {
        net,
        leaked,
        mallory,
    }
}

/// A 2.2.1 credentials body.
fn credentials(token: &str, url: &str, roles: &[(&str, &str, &str)]) -> String {
    let roles: Vec<String> = roles
        .iter()
        .map(|(cc, id, role)| {
            format!(
                r#"{{"role":"{role}","business_details":{{"name":"X"}},"party_id":"{id}","country_code":"{cc}"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"token":"{token}","url":"{url}","roles":[{}]}}"#,
        roles.join(",")
    )
}

/// Everything the three platforms have stored.
fn snapshot(net: &Net) -> Vec<(Vec<Peer>, Vec<TokenRecord>)> {
    ["cpo", "emsp", "mal"]
        .into_iter()
        .map(|n| state(net, n))
        .collect()
}

/// Both directions of both registrations still work with the stored tokens.
fn connections_work(net: &Net) {
    for (a, b) in [
        ("emsp", "cpo"),
        ("cpo", "emsp"),
        ("mal", "cpo"),
        ("cpo", "mal"),
    ] {
        let peer = stored(net, a, b).unwrap();
        let url = format!("https://{b}.example/ocpi/2.2.1/locations");
        let answer = net.call(
            Method::GET,
            &url,
            Some((peer.credentials.token(), peer.mode)),
            None,
        );
        assert_eq!(answer.status(), (200, 1000), "{a} → {b}");
    }
}

struct Row {
    attack: &'static str,
    /// Sends the requests; returns the status of the last one.
    run: fn(&World) -> (u16, u64),
    /// The refusal expected.
    refused: (u16, u64),
    /// Hosts that must not have been called.
    untouched: &'static [&'static str],
}

/// One request to the CPO's credentials endpoint (or another path under its 2.2.1 base).
fn to_cpo(
    w: &World,
    method: Method,
    path: &str,
    token: &CredentialsToken,
    body: Option<String>,
) -> Answer {
    w.net.call(
        method,
        &format!("{CPO}/{path}"),
        Some((token, AuthorizationMode::Base64)),
        body,
    )
}

/// Deletes a token from a platform's store (a token A the row issued and did not use up).
fn revoke(w: &World, node: &str, token: CredentialsToken) {
    block_on(
        w.net
            .node(node)
            .store()
            .apply(Change::RevokeToken { token }),
    )
    .unwrap()
    .unwrap();
}

/// A newcomer the CPO granted `grant` POSTs `body` with its token A; the token A is revoked
/// afterwards, so that the state compares equal.
fn newcomer_posts(w: &World, grant: PartyGrant, body: String) -> Answer {
    let a = block_on(w.net.node("cpo").issue_token_a(id("new"), grant)).unwrap();
    let before = snapshot(&w.net);
    let answer = to_cpo(w, Method::POST, "credentials", &a, Some(body));
    // Nothing stored: the token A is still there, unused.
    assert_eq!(snapshot(&w.net), before);
    revoke(w, "cpo", a);
    answer
}

/// Credentials claiming the eMSP's party, DE*MSP.
fn claim_msp() -> String {
    credentials(
        "x",
        "https://mal.example/ocpi/versions",
        &[("DE", "MSP", "EMSP")],
    )
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            attack: "rotated token reads the credentials (and the new token)",
            run: |w| {
                let a = to_cpo(w, Method::GET, "credentials", &w.leaked, None);
                assert!(!format!("{a:?}").contains("cpo-"), "no token in the answer");
                a.status()
            },
            refused: (401, 2000),
            untouched: &[],
        },
        Row {
            attack: "rotated token re-points the connection (PUT credentials)",
            run: |w| to_cpo(w, Method::PUT, "credentials", &w.leaked, Some(claim_msp())).status(),
            refused: (401, 2000),
            untouched: &["mal.example"],
        },
        Row {
            attack: "rotated token unregisters the peer (DELETE credentials)",
            run: |w| to_cpo(w, Method::DELETE, "credentials", &w.leaked, None).status(),
            refused: (401, 2000),
            untouched: &[],
        },
        Row {
            attack: "rotated token registers again (POST credentials)",
            run: |w| to_cpo(w, Method::POST, "credentials", &w.leaked, Some(claim_msp())).status(),
            refused: (401, 2000),
            untouched: &["mal.example"],
        },
        Row {
            attack: "rotated token reads the versions",
            run: |w| {
                w.net
                    .call(
                        Method::GET,
                        "https://cpo.example/ocpi/versions",
                        Some((&w.leaked, AuthorizationMode::Base64)),
                        None,
                    )
                    .status()
            },
            refused: (401, 2000),
            untouched: &[],
        },
        Row {
            attack: "a peer claims another peer's party in its update (takeover)",
            run: |w| to_cpo(w, Method::PUT, "credentials", &w.mallory, Some(claim_msp())).status(),
            refused: (200, 2001),
            untouched: &["mal.example"],
        },
        Row {
            attack: "a peer adds a party it was not granted beside its own",
            run: |w| {
                let roles = [("DE", "MAL", "EMSP"), ("NL", "CPO", "CPO")];
                let body = credentials("x", "https://mal.example/ocpi/versions", &roles);
                to_cpo(w, Method::PUT, "credentials", &w.mallory, Some(body)).status()
            },
            refused: (200, 2001),
            untouched: &["mal.example"],
        },
        Row {
            attack: "a peer declares itself a Hub (to send any OCPI-from)",
            run: |w| {
                let roles = [("DE", "MAL", "HUB")];
                let body = credentials("x", "https://mal.example/ocpi/versions", &roles);
                to_cpo(w, Method::PUT, "credentials", &w.mallory, Some(body)).status()
            },
            refused: (200, 2001),
            untouched: &["mal.example"],
        },
        Row {
            attack: "a newcomer registers as a party it was not granted",
            run: |w| {
                let grant = PartyGrant::parties([party("DE", "NEW")]);
                newcomer_posts(w, grant, claim_msp()).status()
            },
            refused: (200, 2001),
            untouched: &["mal.example"],
        },
        Row {
            attack: "a newcomer granted too much claims a party another peer holds",
            run: |w| {
                // The application's grant covers DE*MSP by mistake; the store still refuses
                // a second owner of (DE, MSP, EMSP). The body lets the CPO fetch real versions
                // (the eMSP's, with a token A it issued), so the refusal is the store's.
                let emsp_a = issue_a(&w.net, "emsp", "cpo", AuthorizationMode::Base64);
                let roles = [("DE", "MSP", "EMSP")];
                let body = credentials(
                    emsp_a.expose(),
                    "https://emsp.example/ocpi/versions",
                    &roles,
                );
                let answer = newcomer_posts(w, PartyGrant::parties([party("DE", "MSP")]), body);
                assert!(answer.message.contains("DE*MSP"), "{}", answer.message);
                revoke(w, "emsp", emsp_a);
                answer.status()
            },
            refused: (200, 2001),
            untouched: &[],
        },
        Row {
            attack: "a newcomer's versions URL names the cloud metadata service",
            run: |w| {
                let roles = [("DE", "NEW", "EMSP")];
                let body = credentials("x", "https://169.254.169.254/latest/meta-data", &roles);
                newcomer_posts(w, PartyGrant::parties([party("DE", "NEW")]), body).status()
            },
            refused: (200, 3001),
            untouched: &["169.254.169.254"],
        },
        Row {
            attack: "a newcomer's versions URL is plain HTTP (the token would travel in clear)",
            run: |w| {
                let roles = [("DE", "NEW", "EMSP")];
                let body = credentials("x", "http://emsp.example/ocpi/versions", &roles);
                newcomer_posts(w, PartyGrant::parties([party("DE", "NEW")]), body).status()
            },
            refused: (200, 3001),
            untouched: &["emsp.example"],
        },
        Row {
            attack: "an oversized credentials body",
            run: |w| {
                let body = format!(r#"{{"token":"{}"}}"#, "x".repeat(11 << 20));
                to_cpo(w, Method::PUT, "credentials", &w.mallory, Some(body)).status()
            },
            refused: (413, 2000),
            untouched: &["mal.example"],
        },
    ]
}

#[test]
fn every_attack_is_refused_and_changes_nothing() {
    for row in rows() {
        let w = world();
        let before = snapshot(&w.net);
        let got = (row.run)(&w);
        assert_eq!(got, row.refused, "{}", row.attack);
        assert_eq!(
            snapshot(&w.net),
            before,
            "{}: the state changed",
            row.attack
        );
        let log = w.net.take_log();
        for host in row.untouched {
            assert!(
                !log.iter().any(|l| l.contains(&format!("://{host}/"))),
                "{}: {host} was called: {log:?}",
                row.attack
            );
        }
        connections_work(&w.net);
    }
}

/// The leaked token still reaches the functional modules during its grace period (requests
/// in flight pass), and nothing else.
#[test]
fn a_rotated_token_keeps_the_functional_modules_only() {
    let w = world();
    let answer = w.net.call(
        Method::GET,
        &format!("{CPO}/locations"),
        Some((&w.leaked, AuthorizationMode::Base64)),
        None,
    );
    assert_eq!(answer.status(), (200, 1000));
    w.net.advance(GRACE);
    let answer = w.net.call(
        Method::GET,
        &format!("{CPO}/locations"),
        Some((&w.leaked, AuthorizationMode::Base64)),
        None,
    );
    assert_eq!(answer.status(), (401, 2000));
}

/// A grant naming the Hub role lets a peer be a Hub; the same claim without it is refused.
#[test]
fn being_a_hub_needs_the_applications_permission() {
    let w = world();
    let hub_grant = PartyGrant::Only(vec![
        Claim {
            party: party("DE", "MAL"),
            role: None,
        },
        Claim::new(party("DE", "MAL"), Role::Hub),
    ]);
    // The application widens Mallory's grant: the same PUT now passes.
    let mut peer = stored(&w.net, "cpo", "mal").unwrap();
    peer.terms.grant = hub_grant;
    block_on(w.net.node("cpo").store().apply(Change::SavePeer {
        expect: ocpi_protocol::credentials::Expect {
            revision: Some(peer.revision),
            pending: None,
            at: UNIX_EPOCH,
        },
        peer: Box::new(peer),
        token: None,
        rotated_until: None,
    }))
    .unwrap()
    .unwrap();
    let mal_a = issue_a(&w.net, "mal", "cpo", AuthorizationMode::Base64);
    let body = credentials(
        mal_a.expose(),
        "https://mal.example/ocpi/versions",
        &[("DE", "MAL", "HUB")],
    );
    let answer = w.net.call(
        Method::PUT,
        &format!("{CPO}/credentials"),
        Some((&w.mallory, AuthorizationMode::Base64)),
        Some(body),
    );
    assert_eq!(answer.status(), (200, 1000), "{}", answer.message);
    assert!(stored(&w.net, "cpo", "mal").unwrap().credentials.is_hub());
}

/// A 2.3.0 `hub_party_id` that is not a country code followed by a party id names no Hub
/// party to check the grant for: it is refused (2001), so a peer not granted the Hub role
/// cannot become a Hub by writing one, and the registration stays as it was.
///
/// Spec: 2.3.0 credentials.asciidoc §Credentials object (`hub_party_id`: "The two-letter
/// country code and three-character party ID are concatenated together in this field")
#[test]
fn a_hub_party_id_naming_no_party_is_refused() {
    let net = Net::new(&[setup("cpo", &[V2_3_0]), setup("mal", &[V2_3_0])]);
    let mode = AuthorizationMode::Base64;
    register(&net, "mal", "cpo", mode).unwrap();
    let mallory = issued(&net, "cpo", "mal");
    let before = state(&net, "cpo");
    let mal_a = issue_a(&net, "mal", "cpo", mode);
    let body = |hub: &str| {
        format!(
            r#"{{"token":"{}","url":"https://mal.example/ocpi/versions","hub_party_id":"{hub}","roles":[{{"role":"EMSP","business_details":{{"name":"X"}},"party_id":"MAL","country_code":"DE"}}]}}"#,
            mal_a.expose()
        )
    };
    for hub in ["XX", "DE", "1EMAL", "DE M"] {
        let answer = net.call(
            Method::PUT,
            "https://cpo.example/ocpi/2.3.0/credentials",
            Some((&mallory, mode)),
            Some(body(hub)),
        );
        assert_eq!(answer.status(), (200, 2001), "{hub}: {}", answer.message);
        assert!(
            answer.message.contains("hub_party_id"),
            "{}",
            answer.message
        );
    }
    // A well-formed one naming its own party is a claim of the Hub role: refused by the grant.
    let answer = net.call(
        Method::PUT,
        "https://cpo.example/ocpi/2.3.0/credentials",
        Some((&mallory, mode)),
        Some(body("DEMAL")),
    );
    assert_eq!(answer.status(), (200, 2001), "{}", answer.message);
    assert_eq!(state(&net, "cpo"), before);
    assert!(!stored(&net, "cpo", "mal").unwrap().credentials.is_hub());
}

// ---- the client side: a peer's answers name other hosts ----

/// A transport answering with scripted pages and recording every URL it was asked for.
fn scripted(
    pages: Vec<(&'static str, Option<&'static str>)>,
) -> (
    impl ocpi_protocol::transport::Transport,
    Arc<Mutex<Vec<String>>>,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let transport = move |request: http::Request<Vec<u8>>| {
        let uri = request.uri().to_string();
        let index = {
            let mut log = log.lock().unwrap();
            log.push(uri);
            log.len() - 1
        };
        let (body, link) = pages.get(index).copied().unwrap_or(("[]", None));
        let mut response = http::Response::new(
            format!(r#"{{"data":{body},"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}}"#)
                .into_bytes(),
        );
        if let Some(link) = link {
            response.headers_mut().insert(
                "link",
                http::HeaderValue::from_str(&format!("<{link}>; rel=\"next\"")).unwrap(),
            );
        }
        std::future::ready(Ok::<_, Down>(response))
    };
    (transport, seen)
}

const TOKEN: &str = r#"[{"country_code":"NL","party_id":"CPO","uid":"T1","type":"RFID","contract_id":"C1","issuer":"I","valid":true,"whitelist":"ALWAYS","last_updated":"2024-01-01T00:00:00Z"}]"#;

/// A first URL without a scheme or without a host is refused before anything is sent.
#[test]
fn a_first_url_that_is_not_absolute_is_not_sent() {
    for first in ["cpo.example:443", "/ocpi/tokens"] {
        let (transport, seen) = scripted(vec![(TOKEN, None)]);
        let get = |uri: &http::Uri| http::Request::get(uri.clone()).body(Vec::new()).unwrap();
        let result = block_on(Pager::<Token, _, _>::new(&transport, first, get).collect());
        assert!(
            matches!(&result, Err(PagerError::Link(e)) if e.to_string().contains("not an absolute URL")),
            "{first}: {result:?}"
        );
        assert!(seen.lock().unwrap().is_empty(), "{first}: nothing sent");
    }
}

#[test]
fn next_links_to_another_origin_are_not_followed() {
    for link in [
        "https://other.example/tokens?offset=1",
        "http://cpo.example/tokens?offset=1",
        "https://cpo.example:8443/tokens?offset=1",
        "https://[oops/",
    ] {
        let (transport, seen) = scripted(vec![(TOKEN, Some(link))]);
        let get = |uri: &http::Uri| http::Request::get(uri.clone()).body(Vec::new()).unwrap();
        let result = block_on(
            Pager::<Token, _, _>::new(&transport, "https://cpo.example/tokens", get).collect(),
        );
        assert!(
            matches!(result, Err(PagerError::Link(_))),
            "{link}: {result:?}"
        );
        assert_eq!(seen.lock().unwrap().len(), 1, "{link}: no second request");
    }
    // A relative link is resolved against the page's URL.
    let (transport, seen) = scripted(vec![(TOKEN, Some("/tokens?offset=1")), (TOKEN, None)]);
    let get = |uri: &http::Uri| http::Request::get(uri.clone()).body(Vec::new()).unwrap();
    let all = block_on(
        Pager::<Token, _, _>::new(&transport, "https://cpo.example/tokens", get).collect(),
    )
    .unwrap();
    assert_eq!(all.items.len(), 2);
    assert_eq!(
        seen.lock().unwrap()[1],
        "https://cpo.example/tokens?offset=1"
    );
}

#[test]
fn the_client_calls_nothing_but_the_peers_origins() {
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let peer = register(&net, "emsp", "cpo", AuthorizationMode::Base64).unwrap();
    let (transport, seen) = scripted(vec![]);
    let client = Client::new(transport, peer.clone());
    let result = ocpi_protocol::v2_3_0::commands::CommandResult::new(
        ocpi_protocol::v2_3_0::commands::CommandResultType::Accepted,
    );
    for response_url in [
        "https://mal.example/ocpi/commands/START_SESSION/1",
        "http://cpo.example/ocpi/commands/START_SESSION/1",
        "https://127.0.0.1/ocpi/commands/START_SESSION/1",
    ] {
        let e = block_on(
            client
                .commands_sender()
                .post_result(&url(response_url), &result),
        )
        .unwrap_err();
        assert!(matches!(e, ClientError::Url(_)), "{response_url}: {e}");
    }
    assert!(seen.lock().unwrap().is_empty());
    // The peer's own origin is called; a partner on a private network needs the application
    // to allow it.
    let own = "https://cpo.example/ocpi/commands/START_SESSION/1";
    let _ = block_on(client.commands_sender().post_result(&url(own), &result));
    assert_eq!(seen.lock().unwrap().as_slice(), [own]);
    let e = Client::new(scripted(vec![]).0, peer.clone())
        .with_url_policy(UrlPolicy::unchecked())
        .check_url("https://mal.example/x")
        .unwrap_err();
    assert!(matches!(e, ClientError::Url(UrlError::OtherOrigin { .. })));
    // An id (from a peer, relayed by the application) that an HTTP client would resolve to
    // another path: nothing is sent, whatever the policy.
    seen.lock().unwrap().clear();
    let unchecked =
        Client::new(scripted(vec![]).0, peer.clone()).with_url_policy(UrlPolicy::unchecked());
    for c in [&client, &unchecked] {
        for id in ["..", "."] {
            let sender = c.locations_sender().unwrap();
            let e = block_on(sender.location(id)).unwrap_err();
            assert!(
                matches!(e, ClientError::Url(UrlError::DotSegment(_))),
                "{id}: {e}"
            );
            let e = block_on(sender.connector("LOC1", id, "1")).unwrap_err();
            assert!(
                matches!(e, ClientError::Url(UrlError::DotSegment(_))),
                "{id}: {e}"
            );
        }
    }
    assert!(seen.lock().unwrap().is_empty());
    // Written percent-encoded, the same text is an id like any other.
    let _ = block_on(client.locations_sender().unwrap().location("%2e%2e"));
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["https://cpo.example/ocpi/2.2.1/locations/%252e%252e"]
    );
}

/// A peer that echoes the token it was called with in a refusal (an HTTP error, or an OCPI
/// error status in a 200) does not get it into the error: it is masked, as is its Base64.
#[test]
fn a_token_echoed_in_a_refusal_is_masked() {
    let secret = token("peer-token-5e6f7a");
    let encoded = "cGVlci10b2tlbi01ZTZmN2E=";
    for status in [401, 200] {
        let body = format!(
            r#"{{"status_code":2000,"status_message":"tokens {} and {encoded} unknown","timestamp":"2024-01-01T00:00:00Z"}}"#,
            secret.expose()
        );
        let transport = move |_: http::Request<Vec<u8>>| {
            let mut r = http::Response::new(body.clone().into_bytes());
            *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
            std::future::ready(Ok::<_, Down>(r))
        };
        let versions = url("https://cpo.example/ocpi/versions");
        let e = block_on(ocpi_protocol::versions::fetch_versions(
            &transport,
            &UrlPolicy::new(),
            &versions,
            &secret,
            AuthorizationMode::Base64,
        ))
        .unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            shown.contains("tokens [token] and [token] unknown"),
            "{shown}"
        );
        assert!(
            !shown.contains("peer-token") && !shown.contains("cGVlci"),
            "{shown}"
        );
    }
}

#[test]
fn endpoints_on_private_addresses_refuse_the_registration() {
    let details = r#"{"data":{"version":"2.2.1","endpoints":[
        {"identifier":"credentials","role":"SENDER","url":"https://cpo.example/ocpi/2.2.1/credentials"},
        {"identifier":"locations","role":"SENDER","url":"https://10.0.0.7/admin/locations"}]},
        "status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}"#;
    let transport = move |_: http::Request<Vec<u8>>| {
        std::future::ready(Ok::<_, Down>(http::Response::new(
            details.as_bytes().to_vec(),
        )))
    };
    let e = block_on(fetch_version_details(
        &transport,
        &UrlPolicy::new(),
        &url("https://cpo.example/ocpi/2.2.1"),
        V2_2_1,
        &token("t"),
        AuthorizationMode::Base64,
    ))
    .unwrap_err();
    assert_eq!(e.status(), StatusCode::UNABLE_TO_USE_CLIENT_API, "{e}");
    let allowed = block_on(fetch_version_details(
        &transport,
        &UrlPolicy::new().allow_private("10.0.0.7"),
        &url("https://cpo.example/ocpi/2.2.1"),
        V2_2_1,
        &token("t"),
        AuthorizationMode::Base64,
    ))
    .unwrap();
    assert_eq!(allowed.len(), 2);
}

#[test]
fn tokens_are_256_random_bits() {
    let tokens: std::collections::HashSet<String> = (0..1000)
        .map(|_| generate_token().unwrap().expose().to_owned())
        .collect();
    assert_eq!(tokens.len(), 1000);
    for t in &tokens {
        assert_eq!(t.len(), 43);
        assert!(t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
    // The low bit of each character varies across the tokens (a counter or a clock would
    // not); the 43rd character carries 4 bits only.
    let ones: Vec<usize> = (0..42)
        .map(|i| tokens.iter().filter(|t| t.as_bytes()[i] & 1 == 1).count())
        .collect();
    assert!(ones.iter().all(|&n| n > 300 && n < 700), "{ones:?}");
}

// ---- concurrent updates ----

/// How one schedule ended.
#[derive(Debug, Default)]
struct Outcomes {
    both: usize,
    one: usize,
    none: usize,
}

/// After any schedule: each side holds the token the other issued it, as current, and both
/// directions work.
fn consistent(net: &Net, a: &str, b: &str) {
    let ab = stored(net, a, b).unwrap();
    let ba = stored(net, b, a).unwrap();
    // Each calls the other with the other's current token.
    issued(net, b, a);
    issued(net, a, b);
    for (x, y, p) in [(a, b, &ab), (b, a, &ba)] {
        let url = format!("https://{y}.example/ocpi/2.2.1/locations");
        let answer = net.call(
            Method::GET,
            &url,
            Some((p.credentials.token(), p.mode)),
            None,
        );
        assert_eq!(answer.status(), (200, 1000), "{x} → {y}");
    }
}

/// A lost race ends in a typed error: refused by this side's store, or by the peer (409 for
/// its own transition in flight, 401 for a token its update replaced meanwhile).
fn typed_loss(e: &HandshakeError) {
    let refused = |e: &CallError| match e {
        CallError::Refused { http, .. } => {
            *http == http::StatusCode::CONFLICT || *http == http::StatusCode::UNAUTHORIZED
        }
        _ => false,
    };
    let typed = match e {
        HandshakeError::Conflict(Conflict::Stale(_)) => true,
        HandshakeError::Call(e) | HandshakeError::Versions(VersionsError::Call(e)) => refused(e),
        _ => false,
    };
    assert!(typed, "an unexpected loss: {e}");
}

fn schedules(seeds: std::ops::Range<u64>, both_sides: bool) -> Outcomes {
    let mut out = Outcomes::default();
    for seed in seeds {
        let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
        register(&net, "emsp", "cpo", AuthorizationMode::Base64).unwrap();
        jitter(Some(seed));
        let (first, second) = if both_sides {
            join2(
                net.node("emsp").update(&id("cpo")),
                net.node("cpo").update(&id("emsp")),
            )
        } else {
            join2(
                net.node("emsp").update(&id("cpo")),
                net.node("emsp").update(&id("cpo")),
            )
        };
        jitter(None);
        for r in [&first, &second] {
            if let Err(e) = r {
                typed_loss(e);
            }
        }
        match (first.is_ok(), second.is_ok()) {
            (true, true) => out.both += 1,
            (false, false) => out.none += 1,
            _ => out.one += 1,
        }
        consistent(&net, "emsp", "cpo");
    }
    out
}

/// Two updates of the same peer at once, from one side: 600 schedules.
#[test]
fn concurrent_updates_from_one_side_keep_the_connection() {
    let out = schedules(0..600, false);
    eprintln!("one side: {out:?}");
    assert_eq!(
        out.both, 0,
        "{out:?}: two updates of one state both succeeded"
    );
    assert!(out.one > 0, "{out:?}");
}

/// Both sides update each other at once: 600 schedules.
#[test]
fn concurrent_updates_from_both_sides_keep_the_connection() {
    let out = schedules(1000..1600, true);
    eprintln!("both sides: {out:?}");
    assert!(out.one > 0 && out.both + out.none > 0, "{out:?}");
}

/// The versions and credentials routes check the body's size before anything else.
#[test]
fn oversized_bodies_are_refused_on_the_configuration_routes() {
    use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role as Role230};
    let roles = vec![CredentialsRole::new(
        Role230::Cpo,
        v2_2_1::locations::BusinessDetails::new(OcpiString::new("CPO").unwrap()),
        PartyId::new("CPO").unwrap(),
        CountryCode::new("NL").unwrap(),
    )];
    let server = ServerBuilder::new(ServerConfig::new(url("https://cpo.example/ocpi"), roles))
        .only_mounted()
        .build(MemoryStore::new(), Loopback::new())
        .unwrap();
    let a = block_on(
        server
            .platform()
            .issue_token_a(id("new"), PartyGrant::parties([party("DE", "NEW")])),
    )
    .unwrap();
    for (method, path) in [
        (Method::GET, "versions"),
        (Method::GET, "2.2.1"),
        (Method::POST, "2.2.1/credentials"),
    ] {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("https://cpo.example/ocpi/{path}"))
            .header(
                AUTHORIZATION,
                authorization_header(&a, AuthorizationMode::Base64),
            )
            .body(vec![b' '; (10 << 20) + 1])
            .unwrap();
        let response = block_on(server.handle(request));
        assert_eq!(
            response.status(),
            http::StatusCode::PAYLOAD_TOO_LARGE,
            "{path}"
        );
    }
}

/// The initiating side checks the parties of the peer's answer too: a peer that answers as a
/// party it was not granted is not stored, and its registration there is undone.
#[test]
fn a_peer_answering_as_another_party_is_not_registered() {
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let mode = AuthorizationMode::Base64;
    let a = issue_a(&net, "cpo", "emsp", mode);
    let e = block_on(net.node("emsp").register(
        id("cpo"),
        a,
        versions_url("cpo"),
        PartyGrant::parties([party("NL", "OTH")]),
    ))
    .unwrap_err();
    assert!(
        matches!(e, HandshakeError::Claims(ClaimError::NotGranted(_))),
        "{e}"
    );
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));
    assert!(
        net.take_log()
            .iter()
            .any(|l| l.starts_with("DELETE https://cpo.example/ocpi/2.2.1/credentials")),
        "the registration at the CPO is undone"
    );
    assert_eq!(state(&net, "cpo").0, []);
}
