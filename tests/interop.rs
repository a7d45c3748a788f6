//! Interoperability with platforms written by others: what the client calls is exactly what
//! the spec and the peer's published endpoints say.

mod common;

use std::sync::{Arc, Mutex};

use common::{block_on, registered_peer};

use ocpi_protocol::client::{Client, ClientError, ListFilter};
use ocpi_protocol::credentials::{AnyCredentials, Peer};
use ocpi_protocol::modules::{Interface, Module};
use ocpi_protocol::transport::Transport;
use ocpi_protocol::types::Url;
use ocpi_protocol::v2_2_1::versions::InterfaceRole;
use ocpi_protocol::versions::{Endpoint, OcpiVersion};

#[derive(Debug, thiserror::Error)]
#[error("unreachable")]
struct Unreachable;

/// A peer answering every request with an empty success page (or `status` with `body`), and
/// recording the URLs it was asked for.
fn peer_transport(status: u16, body: &'static str) -> (impl Transport, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let transport = move |request: http::Request<Vec<u8>>| {
        log.lock()
            .unwrap()
            .push(format!("{} {}", request.method(), request.uri()));
        let mut response = http::Response::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        std::future::ready(Ok::<_, Unreachable>(response))
    };
    (transport, seen)
}

const EMPTY: &str = r#"{"data":[],"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}"#;

/// A 2.2.1 CPO whose Locations endpoint is published as `locations`.
fn peer(locations: &str) -> Peer {
    let credentials = AnyCredentials::parse(
        OcpiVersion::V2_2_1,
        br#"{"token":"cpo-token-4d3c2b1a","url":"https://cpo.example/ocpi/versions","roles":[
            {"role":"CPO","business_details":{"name":"C"},"party_id":"CPO","country_code":"NL"}]}"#,
    )
    .unwrap();
    registered_peer(
        OcpiVersion::V2_2_1,
        credentials,
        vec![Endpoint::new(
            "locations",
            Some(InterfaceRole::Sender),
            Url::new(locations).unwrap(),
        )],
    )
}

/// The endpoint URL is called exactly as published (a FastAPI-style peer answers 307 to
/// `…/locations` when it published `…/locations/`), and object paths get one slash either
/// way.
///
/// Spec: 2.2.1 mod_locations.asciidoc §GET Method (`{locations_endpoint_url}?[params]`)
#[test]
fn endpoint_urls_are_called_as_published() {
    for (published, list, object) in [
        (
            "https://cpo.example/ocpi/2.2.1/locations/",
            "GET https://cpo.example/ocpi/2.2.1/locations/?limit=2",
            "GET https://cpo.example/ocpi/2.2.1/locations/LOC1",
        ),
        (
            "https://cpo.example/ocpi/2.2.1/locations",
            "GET https://cpo.example/ocpi/2.2.1/locations?limit=2",
            "GET https://cpo.example/ocpi/2.2.1/locations/LOC1",
        ),
        (
            "https://cpo.example/ocpi/2.2.1/locations?tenant=7",
            "GET https://cpo.example/ocpi/2.2.1/locations?tenant=7&limit=2",
            "GET https://cpo.example/ocpi/2.2.1/locations/LOC1?tenant=7",
        ),
    ] {
        let (transport, seen) = peer_transport(200, EMPTY);
        let client = Client::new(transport, peer(published));
        let sender = client.locations_sender().unwrap();
        let filter = ListFilter {
            limit: Some(2),
            ..ListFilter::default()
        };
        block_on(sender.list(&filter)).unwrap();
        let _ = block_on(sender.location("LOC1"));
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0], list, "{published}");
        assert_eq!(seen[1], object, "{published}");
    }
}

/// An endpoint the peer serves but does not publish can be set per client.
#[test]
fn an_unpublished_endpoint_can_be_set() {
    let (transport, seen) = peer_transport(200, EMPTY);
    let client = Client::new(transport, peer("https://cpo.example/ocpi/2.2.1/locations"));
    assert!(matches!(
        client.commands_receiver(),
        Err(ClientError::NoEndpoint { .. })
    ));
    let client = client.with_endpoint(
        Module::Commands,
        Interface::Receiver,
        Url::new("https://commands.cpo.example/ocpi/2.2.1/commands").unwrap(),
    );
    assert_eq!(
        client
            .endpoint(Module::Commands, Interface::Receiver)
            .unwrap(),
        "https://commands.cpo.example/ocpi/2.2.1/commands"
    );
    assert!(client.commands_receiver().is_ok());
    // The override's origin counts as the peer's.
    assert!(client
        .check_url("https://commands.cpo.example/ocpi/2.2.1/commands/START_SESSION")
        .is_ok());
    assert!(seen.lock().unwrap().is_empty());
}

/// A refusal that is not an OCPI envelope (a 422 with the partner's reason) keeps its status,
/// headers and the start of its body, with the token masked if echoed.
#[test]
fn http_errors_keep_what_the_peer_said() {
    const BODY: &str = "{\"detail\":\"type: value is not a valid enumeration member; token cpo-token-4d3c2b1a rejected\"}";
    let (transport, _) = peer_transport(422, BODY);
    let client = Client::new(transport, peer("https://cpo.example/ocpi/2.2.1/locations"));
    let e = block_on(client.locations_sender().unwrap().location("LOC1")).unwrap_err();
    match &e {
        ClientError::Http { status, body, .. } => {
            assert_eq!(*status, 422);
            assert!(body.contains("not a valid enumeration member"), "{body}");
            assert!(body.contains("token [token] rejected"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("enumeration member"));
    // A large body is cut.
    let big: &'static str = Box::leak("x".repeat(100_000).into_boxed_str());
    let (transport, _) = peer_transport(500, big);
    let client = Client::new(transport, peer("https://cpo.example/ocpi/2.2.1/locations"));
    let e = block_on(client.locations_sender().unwrap().location("LOC1")).unwrap_err();
    let ClientError::Http { body, .. } = e else {
        panic!()
    };
    assert!(body.len() <= ocpi_protocol::client::ERROR_EXCERPT + '…'.len_utf8());
    assert!(body.ends_with('…'));
}

/// However the peer echoes the token this client calls it with (as is or in Base64, in the
/// status message of an OCPI error, in an error envelope's message or other members, or many
/// times over in a body the excerpt cuts), no part of it is kept in the error, its `Display`
/// or its `Debug`.
#[test]
fn a_token_the_peer_echoes_is_kept_in_no_error() {
    const TOKEN: &str = "cpo-token-4d3c2b1a";
    const BASE64: &str = "Y3BvLXRva2VuLTRkM2MyYjFh";
    let leak = |status: u16, body: String| {
        let body: &'static str = Box::leak(body.into_boxed_str());
        let (transport, _) = peer_transport(status, body);
        let client = Client::new(transport, peer("https://cpo.example/ocpi/2.2.1/locations"));
        let e = block_on(client.locations_sender().unwrap().location("LOC1")).unwrap_err();
        let shown = format!("{e} {e:?}");
        // No prefix of the token of 6 characters or more is left.
        for text in [TOKEN, BASE64] {
            for end in 6..=text.len() {
                assert!(!shown.contains(&text[..end]), "{}: {shown}", &text[..end]);
            }
        }
        e
    };
    let envelope = |message: &str, extra: &str| {
        format!(
            r#"{{"status_code":2001,"status_message":"{message}",{extra}"timestamp":"2024-01-01T00:00:00Z"}}"#
        )
    };
    let e = leak(200, envelope(&format!("token {TOKEN} unknown"), ""));
    assert!(matches!(e, ClientError::Ocpi { .. }), "{e:?}");
    assert!(e.to_string().contains("token [token] unknown"), "{e}");
    let e = leak(200, envelope(&format!("Token {BASE64} unknown"), ""));
    assert!(e.to_string().contains("Token [token] unknown"), "{e}");
    let e = leak(
        401,
        envelope(
            &format!("token {TOKEN} unknown"),
            &format!(r#""data":{{"token":"{TOKEN}"}},"echo":"{BASE64}","#),
        ),
    );
    let ClientError::Http { envelope, .. } = &e else {
        panic!("{e:?}")
    };
    let envelope = envelope.as_ref().unwrap();
    assert_eq!(
        envelope.status_message.as_deref(),
        Some("token [token] unknown")
    );
    assert_eq!(
        envelope.unknown_fields.get("echo").unwrap().get(),
        r#""[token]""#
    );
    // Echoed many times: each mask shortens the text, so the cut falls after a token that a
    // cut before masking would have split.
    let e = leak(500, format!("xxx{}", TOKEN.repeat(80)));
    let ClientError::Http { body, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(body.starts_with("xxx[token][token]"), "{body}");
}

/// Timestamps the crate makes carry at most milliseconds (DateTime is `string(25)`); a longer
/// one received is kept as written and reported, and refused by a strict read.
///
/// Spec: 2.2.1 types.asciidoc §DateTime type
#[test]
fn timestamps_fit_the_spec() {
    use ocpi_protocol::json;
    use ocpi_protocol::transport::Response;
    use ocpi_protocol::types::{DateTime, WarningKind};
    use ocpi_protocol::v2_2_1::locations::Connector;

    for _ in 0..100 {
        let now = DateTime::now();
        assert!(now.written_len() <= 24, "{now}");
        let envelope = Response::success(1u8);
        assert!(envelope.timestamp.written_len() <= DateTime::MAX_LEN);
        let written = json::to_vec(&envelope);
        let text = std::str::from_utf8(&written).unwrap();
        let start = text.find("\"timestamp\":\"").unwrap() + 13;
        let end = start + text[start..].find('"').unwrap();
        assert!(end - start <= 24, "{text}");
    }
    let instant = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00.123456789Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        DateTime::from_chrono(instant).to_string(),
        "2024-05-01T10:00:00.123Z"
    );

    let body = br#"{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE",
        "max_voltage":230,"max_amperage":32,"last_updated":"2015-03-16T10:10:02.1234567Z"}"#;
    let parsed = json::parse::<Connector>(body).unwrap();
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert_eq!(parsed.warnings[0].path, "last_updated");
    assert_eq!(
        parsed.warnings[0].kind,
        WarningKind::TooLong { max: 25, len: 28 }
    );
    assert!(String::from_utf8(json::to_vec(&parsed.value))
        .unwrap()
        .contains("2015-03-16T10:10:02.1234567Z"));
    assert!(json::parse_strict::<Connector>(body).is_err());
}
