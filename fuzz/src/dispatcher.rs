//! The server dispatcher as a whole: an eMSP platform (Locations, Sessions and CDRs
//! receivers, the Sender interface of Commands) with a registered CPO peer answers an
//! arbitrary request: method, path, query, headers and body.
//!
//! The oracle: every request gets an answer (no panic), its status is one the spec names for
//! an OCPI server, its body is a response envelope whose status agrees with the HTTP status,
//! the request's `X-Request-ID` is echoed, and nothing is stored unless the answer is a
//! success.

use std::future::Future;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use http::{HeaderName, HeaderValue, Method};
use ocpi_protocol::credentials::{
    AnyCredentials, Change, CredentialsStore, Expect, MemoryStore, PartyGrant, Peer, PeerId,
    Revision,
};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::server::{Loopback, Server};
use ocpi_protocol::transport::{
    authorization_header, parse_response, AuthorizationMode, StatusCode, X_REQUEST_ID,
};
use ocpi_protocol::types::{CredentialsToken, Url};
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;

#[path = "../../examples/common/platforms.rs"]
#[allow(clippy::all, missing_docs)]
mod platforms;

/// The eMSP's base URL.
pub const BASE: &str = "http://emsp.test/ocpi";
/// The token the registered CPO calls with.
pub const CPO_TOKEN: &str = "cpo-token-c";
/// A token A of a peer that has not registered.
pub const TOKEN_A: &str = "newcomer-token-a";

/// Polls a future that never waits (every handler here answers at once).
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

struct Platform {
    server: Server<MemoryStore, Loopback>,
    memory: Memory,
}

/// A fresh eMSP with the CPO (NL*CPO) registered in 2.2.1 and a token A issued.
fn platform() -> Platform {
    let pending = PendingCommands::new(&Url::new(BASE).expect("a URL")).expect("a base URL");
    let memory = Memory::new().with_commands(pending.clone());
    let server = platforms::emsp_with_sessions(BASE, &memory, &pending)
        .build(MemoryStore::new(), Loopback::new())
        .expect("the eMSP builds");
    let credentials = br#"{"token": "emsp-token-b", "url": "http://cpo.test/ocpi/versions",
        "roles": [{"role": "CPO", "business_details": {"name": "CPO"},
                   "party_id": "CPO", "country_code": "NL"}]}"#;
    let credentials = AnyCredentials::parse(OcpiVersion::V2_2_1, credentials).expect("credentials");
    let peer = Peer {
        id: PeerId::new("cpo"),
        version: OcpiVersion::V2_2_1,
        mode: AuthorizationMode::Base64,
        revision: Revision::from_u64(1),
        accept: AuthorizationMode::Base64,
        terms: PartyGrant::exactly(&credentials).into(),
        credentials,
        endpoints: Vec::new(),
    };
    let store = server.platform().store();
    let expect = Expect {
        revision: None,
        pending: None,
        at: std::time::SystemTime::now(),
    };
    run(store.apply(Change::SavePeer {
        peer: Box::new(peer),
        token: Some(CredentialsToken::new(CPO_TOKEN).expect("a token")),
        rotated_until: None,
        expect,
    }))
    .expect("stored")
    .expect("applied");
    let newcomer = ocpi_protocol::transport::PartyRef::new(
        "DE".parse().expect("a country code"),
        "NEW".parse().expect("a party id"),
    );
    run(store.apply(Change::IssueToken {
        token: CredentialsToken::new(TOKEN_A).expect("a token"),
        record: ocpi_protocol::credentials::TokenRecord {
            peer: PeerId::new("newcomer"),
            kind: ocpi_protocol::credentials::TokenKind::RegistrationA {
                terms: PartyGrant::parties([newcomer]).into(),
            },
            mode: AuthorizationMode::Base64,
        },
        expect: None,
    }))
    .expect("stored")
    .expect("applied");
    Platform { server, memory }
}

/// Reads a request from fuzz input: byte 0 picks the method, byte 1 the credentials; then
/// text: the path and query on the first line, `Name: value` header lines, an empty line,
/// and the body.
pub fn request(data: &[u8]) -> Option<http::Request<Vec<u8>>> {
    let (&method, rest) = data.split_first()?;
    let (&auth, rest) = rest.split_first()?;
    let method = match method % 7 {
        0 => Method::GET,
        1 => Method::PUT,
        2 => Method::PATCH,
        3 => Method::POST,
        4 => Method::DELETE,
        5 => Method::OPTIONS,
        _ => Method::from_bytes(b"PURGE").ok()?,
    };
    let split = rest.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(i) => (&rest[..i], rest[i + 2..].to_vec()),
        None => (rest, Vec::new()),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n');
    let target = lines.next().unwrap_or_default();
    let uri: http::Uri = format!("{BASE}{target}").parse().ok()?;
    let mut request = http::Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.trim().as_bytes()),
                HeaderValue::from_str(value.trim()),
            ) {
                headers.append(n, v);
            }
        }
    }
    let token = match auth % 4 {
        0 => None,
        1 | 2 => Some(CPO_TOKEN),
        _ => Some(TOKEN_A),
    };
    if let Some(token) = token {
        let mode = if auth % 4 == 2 {
            AuthorizationMode::Plain
        } else {
            AuthorizationMode::Base64
        };
        let token = CredentialsToken::new(token).expect("a token");
        headers.insert(
            http::header::AUTHORIZATION,
            authorization_header(&token, mode),
        );
    }
    Some(request)
}

/// Seed requests: method byte, credentials byte, then path, headers and body.
pub fn seeds() -> Vec<Vec<u8>> {
    let location = serde_json::to_string(&platforms::location(1)).expect("a Location");
    let text = [
        (0u8, 0u8, "/versions\nX-Request-ID: abc\n\n".to_owned()),
        (0, 3, "/versions\n\n".to_owned()),
        (0, 1, "/2.2.1\n\n".to_owned()),
        (0, 1, "/2.2.1/credentials\n\n".to_owned()),
        (3, 3, "/2.2.1/credentials\n\n{\"token\":\"x\"}".to_owned()),
        (1, 1, format!("/2.3.0/receiver/locations/NL/CPO/LOC1\n\n{location}")),
        (1, 1, format!("/2.2.1/receiver/locations/BE/BEC/LOC1\n\n{location}")),
        (2, 1, "/2.2.1/receiver/locations/NL/CPO/LOC1\n\n{\"name\":\"x\"}".to_owned()),
        (0, 1, "/2.2.1/receiver/locations/NL/CPO/LOC1/3256/1\n\n".to_owned()),
        (0, 2, "/2.3.0/receiver/sessions/NL/CPO/S1\nOCPI-from-country-code: DE\nOCPI-from-party-id: XYZ\n\n".to_owned()),
        (3, 1, "/2.3.0/receiver/cdrs\n\n{}".to_owned()),
        (3, 1, "/2.3.0/sender/commands/START_SESSION/1234\n\n{\"result\":\"ACCEPTED\"}".to_owned()),
        (0, 1, "/2.1.1/receiver/locations/NL/CPO/LOC1?limit=-1\n\n".to_owned()),
        (4, 1, "/2.2.1/receiver/locations/NL/CPO/%4C%4F%43\n\n".to_owned()),
    ];
    text.into_iter()
        .map(|(m, a, rest)| [vec![m, a], rest.into_bytes()].concat())
        .collect()
}

/// The oracle.
pub fn dispatcher(data: &[u8]) {
    let Some(request) = request(data) else { return };
    let p = platform();
    let sent_id = request.headers().get(X_REQUEST_ID).cloned();
    let response = run(p.server.handle(request));
    let status = response.status().as_u16();
    assert!(
        [200, 201, 400, 401, 404, 405, 413].contains(&status),
        "HTTP {status} is not an answer of this server"
    );
    // Every answer is an envelope (versions and credentials included).
    let envelope = parse_response::<Box<RawValue>>(response.body())
        .unwrap_or_else(|e| panic!("HTTP {status} without an envelope: {e}"))
        .value;
    let code = envelope.status_code;
    if status >= 400 {
        assert!(!envelope.is_success(), "HTTP {status} with success {code}");
    }
    if envelope.is_success() {
        assert!(
            matches!(status, 200 | 201),
            "success {code} with HTTP {status}"
        );
    } else {
        assert_ne!(code, StatusCode::SUCCESS);
    }
    if let Some(id) = sent_id.filter(|v| !v.is_empty()) {
        assert_eq!(
            response.headers().get(X_REQUEST_ID),
            Some(&id),
            "request id not echoed"
        );
    }
    let stored = p.memory.locations.len() + p.memory.sessions.len() + p.memory.cdrs.len();
    if !envelope.is_success() {
        assert_eq!(stored, 0, "a refused request stored something");
    }
}
