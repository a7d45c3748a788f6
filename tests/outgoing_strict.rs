//! Everything the crate sends passes the strict reader of the peer's version.
//!
//! Every object the server answers with and the client sends goes out through
//! [`Wire::write_into`] (a 2.3.0 object converted down, or up, to the peer's version). Here,
//! every such object is built from the official examples of every version (read in their
//! version, so upgraded and downgraded), and from examples changed to hold the values an
//! older version lacks; each is written for every version and read back with
//! `json::parse_strict` of that version's type. A write may refuse (a typed error: the object
//! cannot cross); what it writes must be accepted.
//!
//! Spec: the enum tables and object tables of each version's module chapters; DESIGN
//! principle "strict in what it sends".

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use ocpi_protocol::client::{Client, ClientError};
use ocpi_protocol::credentials::AnyCredentials;
use ocpi_protocol::json::{parse, parse_strict, ParseError};
use ocpi_protocol::modules::{Bridge, Edge, Wire, WireError};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{CountryCode, PartyId, Url};
use ocpi_protocol::versions::{Endpoint, OcpiVersion};
use ocpi_protocol::{v2_1_1, v2_2_1, v2_3_0};
use serde_json::{json, Value};

use common::{block_on, fixture, registered_peer};

const VERSIONS: [OcpiVersion; 3] = [
    OcpiVersion::V2_1_1,
    OcpiVersion::V2_2_1,
    OcpiVersion::V2_3_0,
];

fn dir(version: OcpiVersion) -> &'static str {
    match version {
        OcpiVersion::V2_1_1 => "2.1.1",
        OcpiVersion::V2_2_1 => "2.2.1",
        _ => "2.3.0",
    }
}

/// Every official example of every version: (version, file name, text).
fn official() -> Vec<(OcpiVersion, String, String)> {
    let mut out = Vec::new();
    for version in VERSIONS {
        let names = common::fixture_names(dir(version), |n| n.ends_with(".json"));
        for name in names {
            let text = fixture(dir(version), &name);
            out.push((version, name, text));
        }
    }
    assert!(out.len() > 150, "{}", out.len());
    out
}

fn party() -> PartyRef {
    PartyRef {
        country_code: CountryCode::new("NL").unwrap(),
        party_id: PartyId::new("TNM").unwrap(),
    }
}

/// The application data a 2.1.1 edge needs: the 2.3.0 Location example as every Location, and
/// a token for every `auth_id`.
fn bridge() -> Bridge {
    let location: v2_3_0::locations::Location =
        parse(fixture("2.3.0", "location_example.json").as_bytes())
            .unwrap()
            .value;
    Bridge::default()
        .with_location_lookup(move |_, _| Some(location.clone()))
        .with_cdr_token_lookup(|contract_id| {
            let token = json!({"uid": contract_id, "type": "RFID", "contract_id": contract_id,
                "country_code": "NL", "party_id": "TNM"});
            parse(token.to_string().as_bytes()).ok().map(|p| p.value)
        })
}

type Strict = fn(&[u8]) -> Result<(), ParseError>;

fn strict<T: serde::de::DeserializeOwned + ocpi_protocol::types::Conformance>(
    bytes: &[u8],
) -> Result<(), ParseError> {
    parse_strict::<T>(bytes).map(|_| ())
}

/// What writing one object for each version gave: (written, refused) per version.
#[derive(Debug, Default)]
struct Tally(BTreeMap<&'static str, (usize, usize)>);

/// Reads every example of `module` (file names containing one of them) that is a `W` in its
/// version (as the server and client read what a
/// peer sends), adds `extra` (2.3.0 documents), and writes each for every version where the
/// object exists; what is written must pass that version's strict reader.
fn run<W: Wire>(
    module: &[&str],
    docs: &[(OcpiVersion, String, String)],
    extra: &[(String, String)],
    readers: [Option<Strict>; 3],
) -> Tally {
    let bridge = bridge();
    let mut objects: Vec<(String, W)> = Vec::new();
    // The examples of the object's module (a document of another module may read as a PATCH
    // form, whose fields are all optional, without meaning anything).
    let docs = docs
        .iter()
        .filter(|(_, name, _)| module.iter().any(|m| name.contains(m)));
    for (version, name, text) in docs {
        let edge = Edge {
            version: *version,
            party: Some(party()),
            bridge: &bridge,
        };
        // Only a conforming document: what a peer sent with deviations (an erratum of the
        // spec's own examples, kept and reported when read) is written back as it came.
        let index = VERSIONS.iter().position(|v| v == version).unwrap();
        let conforming = readers[index].is_some_and(|read| read(text.as_bytes()).is_ok());
        if let (true, Ok(w)) = (conforming, W::read(text.as_bytes(), &edge)) {
            objects.push((format!("{} {name}", dir(*version)), w));
        }
    }
    for (name, text) in extra {
        let edge = Edge {
            version: OcpiVersion::V2_3_0,
            party: Some(party()),
            bridge: &bridge,
        };
        if let Some(read) = readers[2] {
            read(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let w = W::read(text.as_bytes(), &edge)
            .unwrap_or_else(|e| panic!("{name}: not a 2.3.0 {}: {e}", W::NAME));
        objects.push((name.clone(), w));
    }
    assert!(!objects.is_empty(), "no {}", W::NAME);
    let mut tally = Tally::default();
    for (name, object) in &objects {
        for (version, reader) in VERSIONS.into_iter().zip(readers) {
            let edge = Edge {
                version,
                party: Some(party()),
                bridge: &bridge,
            };
            let mut out = Vec::new();
            let entry = tally.0.entry(dir(version)).or_default();
            match object.write_into(&edge, &mut out) {
                Ok(()) => {
                    let reader = reader.unwrap_or_else(|| {
                        panic!("{} written for {version:?}, which lacks it", W::NAME)
                    });
                    if let Err(e) = reader(&out) {
                        panic!(
                            "{} {name} written for {}: refused by its strict reader: {e}\n{}",
                            W::NAME,
                            dir(version),
                            String::from_utf8_lossy(&out)
                        );
                    }
                    entry.0 += 1;
                }
                Err(WireError::NotInVersion { .. }) => assert!(reader.is_none()),
                Err(WireError::Convert(e)) => {
                    eprintln!("{} {name} refused for {}: {e}", W::NAME, dir(version));
                    entry.1 += 1;
                }
                Err(e) => panic!("{name} for {version:?}: {e}"),
            }
        }
    }
    // Every version that has the object wrote some.
    for (version, reader) in VERSIONS.into_iter().zip(readers) {
        if reader.is_some() {
            let (written, _) = tally.0.get(dir(version)).copied().unwrap_or_default();
            assert!(written > 0, "no {} written for {}", W::NAME, dir(version));
        }
    }
    tally
}

/// A 2.3.0 fixture changed by `edit`. The Location example's EVSEs lose their `parking`, an
/// erratum of the example (references written as strings).
fn edited(file: &str, label: &str, edit: impl FnOnce(&mut Value)) -> (String, String) {
    let mut v: Value = serde_json::from_str(&fixture("2.3.0", file)).unwrap();
    if let Some(evses) = v["evses"].as_array_mut() {
        for evse in evses {
            evse.as_object_mut().unwrap().remove("parking");
        }
    }
    edit(&mut v);
    (format!("{file} ({label})"), v.to_string())
}

fn tokens_with_types() -> Vec<(String, String)> {
    [
        "APP_USER",
        "AD_HOC_USER",
        "EMAID",
        "OTHER",
        "X-VENDOR-TOKEN",
    ]
    .into_iter()
    .map(|t| {
        edited("token_example_2_full_rfid.json", t, |v| {
            v["type"] = json!(t);
        })
    })
    .collect()
}

macro_rules! readers {
    ($v211:ty, $v221:ty, $v230:ty) => {
        [
            Some(strict::<$v211> as Strict),
            Some(strict::<$v221> as Strict),
            Some(strict::<$v230> as Strict),
        ]
    };
    (-, $v221:ty, $v230:ty) => {
        [
            None,
            Some(strict::<$v221> as Strict),
            Some(strict::<$v230> as Strict),
        ]
    };
    (-, -, $v230:ty) => {
        [None, None, Some(strict::<$v230> as Strict)]
    };
}

#[test]
fn tokens_pass_the_strict_reader_of_every_version() {
    let docs = official();
    let tally = run::<v2_3_0::tokens::Token>(
        &["token"],
        &docs,
        &tokens_with_types(),
        readers!(
            v2_1_1::tokens::Token,
            v2_2_1::tokens::Token,
            v2_3_0::tokens::Token
        ),
    );
    // No token type needs refusing: each has a value in every version.
    for (_, (_, refused)) in tally.0 {
        assert_eq!(refused, 0);
    }
    run::<v2_3_0::tokens::TokenPatch>(
        &["token"],
        &docs,
        &[],
        readers!(
            v2_1_1::tokens::TokenPatch,
            v2_2_1::tokens::TokenPatch,
            v2_3_0::tokens::TokenPatch
        ),
    );
    let infos: Vec<(String, String)> = tokens_with_types()
        .into_iter()
        .map(|(n, t)| (n, format!(r#"{{"allowed":"ALLOWED","token":{t}}}"#)))
        .collect();
    run::<v2_3_0::tokens::AuthorizationInfo>(
        &["token"],
        &docs,
        &infos,
        readers!(
            v2_1_1::tokens::AuthorizationInfo,
            v2_2_1::tokens::AuthorizationInfo,
            v2_3_0::tokens::AuthorizationInfo
        ),
    );
}

/// The regression: a 2.2.1/2.3.0 `APP_USER` token sent to a 2.1.1 peer was written as
/// `"type":"APP_USER"`, which 2.1.1 (only `OTHER` and `RFID`) refuses.
///
/// Spec: 2.1.1 mod_tokens.md §TokenType enum
#[test]
fn an_app_user_token_goes_to_a_2_1_1_peer_as_other() {
    let bridge = bridge();
    let edge = |version| Edge {
        version,
        party: Some(party()),
        bridge: &bridge,
    };
    let token: v2_3_0::tokens::Token =
        parse(fixture("2.3.0", "token_example_1_app_user.json").as_bytes())
            .unwrap()
            .value;
    assert_eq!(token.r#type, v2_3_0::tokens::TokenType::AppUser);
    let mut out = Vec::new();
    token
        .write_into(&edge(OcpiVersion::V2_1_1), &mut out)
        .unwrap();
    let old = parse_strict::<v2_1_1::tokens::Token>(&out).unwrap();
    assert_eq!(old.r#type, v2_1_1::tokens::TokenType::Other);
    // The 2.1.1 strict reader refuses what used to be written.
    let written = String::from_utf8(out).unwrap();
    let e = parse_strict::<v2_1_1::tokens::Token>(
        written
            .replace(r#""type":"OTHER""#, r#""type":"APP_USER""#)
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.path, "type");
    // 2.2.1 has APP_USER: it crosses as is.
    let mut out = Vec::new();
    token
        .write_into(&edge(OcpiVersion::V2_2_1), &mut out)
        .unwrap();
    let mid = parse_strict::<v2_2_1::tokens::Token>(&out).unwrap();
    assert_eq!(mid.r#type, v2_2_1::tokens::TokenType::AppUser);
}

#[test]
fn locations_pass_the_strict_reader_of_every_version() {
    let docs = official();
    let extra = vec![
        edited("location_example.json", "values 2.1.1 lacks", |v| {
            v["parking_type"] = json!("ON_DRIVEWAY");
            v["facilities"] = json!(["METRO_STATION", "HOTEL", "X-VENDOR-FACILITY"]);
            let evse = &mut v["evses"][0];
            evse["capabilities"] = json!(["CHIP_CARD_SUPPORT", "RESERVABLE", "X-VENDOR-CAP"]);
            evse["parking_restrictions"] = json!(["TAXIS", "EV_ONLY", "X-VENDOR-RESTRICTION"]);
        }),
        edited("location_example.json", "a connector 2.1.1 lacks", |v| {
            v["evses"][0]["connectors"][0]["standard"] = json!("CHAOJI");
        }),
        edited("location_example.json", "a connector 2.2.1 lacks", |v| {
            v["evses"][0]["connectors"][0]["standard"] = json!("MCS");
        }),
        edited("location_example.json", "a power type 2.1.1 lacks", |v| {
            v["evses"][0]["connectors"][0]["power_type"] = json!("AC_2_PHASE");
        }),
        edited("location_example.json", "an EMAID publish token", |v| {
            v["publish"] = json!(false);
            v["publish_allowed_to"] = json!([{"uid": "U1", "type": "EMAID"}]);
        }),
    ];
    let tally = run::<v2_3_0::locations::Location>(
        &["location"],
        &docs,
        &extra,
        readers!(
            v2_1_1::locations::Location,
            v2_2_1::locations::Location,
            v2_3_0::locations::Location
        ),
    );
    // CHAOJI and AC_2_PHASE cannot go to 2.1.1; MCS cannot go below 2.3.0.
    assert!(tally.0["2.1.1"].1 >= 3, "{tally:?}");
    assert!(tally.0["2.2.1"].1 >= 1, "{tally:?}");
    // The EVSEs and connectors of those Locations, on their own.
    let part = |pointer: &str| -> Vec<(String, String)> {
        extra
            .iter()
            .map(|(n, t)| {
                let v: Value = serde_json::from_str(t).unwrap();
                (n.clone(), v.pointer(pointer).unwrap().to_string())
            })
            .collect()
    };
    run::<v2_3_0::locations::Evse>(
        &["location"],
        &docs,
        &part("/evses/0"),
        readers!(
            v2_1_1::locations::Evse,
            v2_2_1::locations::Evse,
            v2_3_0::locations::Evse
        ),
    );
    run::<v2_3_0::locations::Connector>(
        &["location"],
        &docs,
        &part("/evses/0/connectors/0"),
        readers!(
            v2_1_1::locations::Connector,
            v2_2_1::locations::Connector,
            v2_3_0::locations::Connector
        ),
    );
    for (w, r) in [
        (
            run::<v2_3_0::locations::LocationPatch> as fn(_, _, _, _) -> Tally,
            readers!(
                v2_1_1::locations::LocationPatch,
                v2_2_1::locations::LocationPatch,
                v2_3_0::locations::LocationPatch
            ),
        ),
        (
            run::<v2_3_0::locations::EvsePatch>,
            readers!(
                v2_1_1::locations::EvsePatch,
                v2_2_1::locations::EvsePatch,
                v2_3_0::locations::EvsePatch
            ),
        ),
        (
            run::<v2_3_0::locations::ConnectorPatch>,
            readers!(
                v2_1_1::locations::ConnectorPatch,
                v2_2_1::locations::ConnectorPatch,
                v2_3_0::locations::ConnectorPatch
            ),
        ),
    ] {
        w(&["location"], &docs, &[], r);
    }
}

#[test]
fn sessions_and_cdrs_pass_the_strict_reader_of_every_version() {
    let docs = official();
    let new_values = |v: &mut Value| {
        v["auth_method"] = json!("COMMAND");
        // Without the erratum of the CDR example (its tariff lacks `tax_included`).
        if let Some(tariffs) = v["tariffs"].as_array_mut() {
            for t in tariffs {
                t["tax_included"] = json!("NO");
            }
        }
        if let Some(periods) = v["charging_periods"].as_array_mut() {
            for p in periods {
                p["dimensions"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"type": "STATE_OF_CHARGE", "volume": 50}));
            }
        }
    };
    let sessions = vec![
        edited("session_example_2_short_finished.json", "2.2 values", |v| {
            new_values(v);
            v["status"] = json!("RESERVATION");
        }),
        edited(
            "session_example_1_simple_start.json",
            "an EMAID token",
            |v| {
                v["cdr_token"]["type"] = json!("EMAID");
            },
        ),
    ];
    let tally = run::<v2_3_0::sessions::Session>(
        &["session"],
        &docs,
        &sessions,
        readers!(
            v2_1_1::sessions::Session,
            v2_2_1::sessions::Session,
            v2_3_0::sessions::Session
        ),
    );
    assert!(tally.0["2.1.1"].0 >= 2, "{tally:?}");
    run::<v2_3_0::sessions::SessionPatch>(
        &["session"],
        &docs,
        &[],
        readers!(
            v2_1_1::sessions::SessionPatch,
            v2_2_1::sessions::SessionPatch,
            v2_3_0::sessions::SessionPatch
        ),
    );
    let cdrs = vec![edited("cdr_example.json", "2.2 values", new_values)];
    let tally = run::<v2_3_0::cdrs::Cdr>(
        &["cdr"],
        &docs,
        &cdrs,
        readers!(v2_1_1::cdrs::Cdr, v2_2_1::cdrs::Cdr, v2_3_0::cdrs::Cdr),
    );
    assert!(tally.0["2.1.1"].0 >= 1, "{tally:?}");
}

#[test]
fn tariffs_commands_and_the_rest_pass_the_strict_reader_of_every_version() {
    let docs = official();
    run::<v2_3_0::tariffs::Tariff>(
        &["tariff"],
        &docs,
        &[],
        readers!(
            v2_1_1::tariffs::Tariff,
            v2_2_1::tariffs::Tariff,
            v2_3_0::tariffs::Tariff
        ),
    );
    let commands: Vec<(String, String)> = tokens_with_types()
        .into_iter()
        .map(|(n, t)| {
            (
                n,
                format!(
                    r#"{{"response_url":"https://msp.example.com/cmd/1","token":{t},"location_id":"LOC1","evse_uid":"3256","connector_id":"1"}}"#
                ),
            )
        })
        .collect();
    run::<v2_3_0::commands::StartSession>(
        &["command"],
        &docs,
        &commands,
        readers!(
            v2_1_1::commands::StartSession,
            v2_2_1::commands::StartSession,
            v2_3_0::commands::StartSession
        ),
    );
    let reserve: Vec<(String, String)> = tokens_with_types()
        .into_iter()
        .map(|(n, t)| {
            (
                n,
                format!(
                    r#"{{"response_url":"https://msp.example.com/cmd/1","token":{t},"expiry_date":"2024-01-01T01:00:00Z","reservation_id":"1","location_id":"LOC1","evse_uid":"3256"}}"#
                ),
            )
        })
        .collect();
    run::<v2_3_0::commands::ReserveNow>(
        &["command"],
        &docs,
        &reserve,
        readers!(
            v2_1_1::commands::ReserveNow,
            v2_2_1::commands::ReserveNow,
            v2_3_0::commands::ReserveNow
        ),
    );
    let results: Vec<(String, String)> = [
        "ACCEPTED",
        "CANCELED_RESERVATION",
        "EVSE_OCCUPIED",
        "FAILED",
        "TIMEOUT",
    ]
    .into_iter()
    .map(|r| (r.to_owned(), format!(r#"{{"result":"{r}"}}"#)))
    .collect();
    run::<v2_3_0::commands::CommandResult>(
        &["command"],
        &docs,
        &results,
        [
            Some(strict::<v2_1_1::commands::CommandResponse> as Strict),
            Some(strict::<v2_2_1::commands::CommandResult> as Strict),
            Some(strict::<v2_3_0::commands::CommandResult> as Strict),
        ],
    );
    let info = vec![(
        "a PTP".to_owned(),
        r#"{"party_id":"PTP","country_code":"NL","role":"PTP","status":"CONNECTED","last_updated":"2024-01-01T00:00:00Z"}"#.to_owned(),
    )];
    run::<v2_3_0::hub_client_info::ClientInfo>(
        &["hub_client_info"],
        &docs,
        &info,
        readers!(
            -,
            v2_2_1::hub_client_info::ClientInfo,
            v2_3_0::hub_client_info::ClientInfo
        ),
    );
    run::<v2_3_0::payments::Terminal>(
        &["payment"],
        &docs,
        &[],
        readers!(-, -, v2_3_0::payments::Terminal),
    );
}

// ---- query parameters ----

#[derive(Debug, thiserror::Error)]
#[error("unreachable")]
struct Unreachable;

/// A CPO of `version` publishing a Tokens Receiver endpoint, answering every request with an
/// empty success, and recording the URLs it was asked for.
fn tokens_peer(
    version: OcpiVersion,
) -> (
    Client<impl ocpi_protocol::transport::Transport>,
    Arc<Mutex<Vec<String>>>,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let transport = move |request: http::Request<Vec<u8>>| {
        log.lock()
            .unwrap()
            .push(format!("{} {}", request.method(), request.uri()));
        let body = r#"{"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}"#;
        std::future::ready(Ok::<_, Unreachable>(http::Response::new(
            body.as_bytes().to_vec(),
        )))
    };
    let (credentials, role) = match version {
        OcpiVersion::V2_1_1 => (
            AnyCredentials::parse(
                version,
                br#"{"token":"cpo-token-4d3c2b1a","url":"https://cpo.example/ocpi/versions","business_details":{"name":"C"},"party_id":"CPO","country_code":"NL"}"#,
            ),
            None,
        ),
        _ => (
            AnyCredentials::parse(
                version,
                br#"{"token":"cpo-token-4d3c2b1a","url":"https://cpo.example/ocpi/versions","roles":[
                    {"role":"CPO","business_details":{"name":"C"},"party_id":"CPO","country_code":"NL"}]}"#,
            ),
            Some(v2_2_1::versions::InterfaceRole::Receiver),
        ),
    };
    let credentials = credentials.unwrap();
    let peer = registered_peer(
        version,
        credentials,
        vec![Endpoint::new(
            "tokens",
            role,
            Url::new("https://cpo.example/ocpi/tokens").unwrap(),
        )],
    );
    (Client::new(transport, peer), seen)
}

/// 2.1.1 Tokens URLs have no `type` parameter: a token is addressed by its uid (`RFID` or
/// `OTHER`), and a type 2.1.1 lacks is refused before anything is sent. 2.2.1 gets the type
/// as a 2.2.1 Token carries it.
///
/// Spec: 2.1.1 mod_tokens.md §2.1.1 GET Method, §2.1.2 PUT Method, §2.1.3 PATCH Method (URL
/// `/{country_code}/{party_id}/{token_uid}` only); 2.2.1 mod_tokens.asciidoc §Request
/// Parameters (`type`)
#[test]
fn a_2_1_1_tokens_url_never_carries_a_type() {
    use v2_3_0::tokens::TokenType as T;
    let cpo = party();
    let (client, seen) = tokens_peer(OcpiVersion::V2_1_1);
    let receiver = client.tokens_receiver().unwrap();
    for t in [T::Rfid, T::Other] {
        let _ = block_on(receiver.token(&cpo, "U1", &t));
    }
    for t in [T::AppUser, T::AdHocUser, T::Emaid] {
        let e = block_on(receiver.token(&cpo, "U1", &t)).unwrap_err();
        assert!(
            matches!(
                e,
                ClientError::NotInVersion {
                    version: OcpiVersion::V2_1_1,
                    ..
                }
            ),
            "{e}"
        );
        let patch: v2_3_0::tokens::TokenPatch =
            parse(br#"{"valid":false,"last_updated":"2024-01-01T00:00:00Z"}"#)
                .unwrap()
                .value;
        assert!(block_on(receiver.patch_token(&cpo, "U1", &t, &patch)).is_err());
    }
    let mut app_user: v2_3_0::tokens::Token =
        parse(fixture("2.3.0", "token_example_1_app_user.json").as_bytes())
            .unwrap()
            .value;
    assert!(matches!(
        block_on(receiver.put_token(&app_user)),
        Err(ClientError::NotInVersion { .. })
    ));
    app_user.r#type = T::Other;
    let _ = block_on(receiver.put_token(&app_user));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    for url in &seen {
        assert!(!url.contains('?'), "{url}");
    }

    let (client, seen) = tokens_peer(OcpiVersion::V2_2_1);
    let receiver = client.tokens_receiver().unwrap();
    for t in [T::Rfid, T::AppUser, T::Emaid] {
        let _ = block_on(receiver.token(&cpo, "U1", &t));
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "GET https://cpo.example/ocpi/tokens/NL/TNM/U1",
            "GET https://cpo.example/ocpi/tokens/NL/TNM/U1?type=APP_USER",
            "GET https://cpo.example/ocpi/tokens/NL/TNM/U1?type=OTHER",
        ]
    );
}
