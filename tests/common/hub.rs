//! Parties registered at a Roaming Hub on an in-process network: the harness of the Hub's
//! tests. Include with `#[path = "common/hub.rs"] mod hub_net;`.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use http::header::AUTHORIZATION;
use http::Method;
use ocpi_protocol::credentials::{Claim, MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::hub::{Hub, MemoryDirectory};
use ocpi_protocol::modules::{Bridge, Edge, Wire};
use ocpi_protocol::server::{Loopback, Server, ServerConfig};
use ocpi_protocol::transport::{
    authorization_header, parse_response, AuthorizationMode, PartyRef, Routing, Transport,
    X_CORRELATION_ID, X_REQUEST_ID,
};
use ocpi_protocol::types::{CiString, CountryCode, CredentialsToken, OcpiString, PartyId, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::tariffs::Tariff;
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;

/// A party's platform on the network.
pub type Party = Server<MemoryStore, Loopback>;

/// A party (`NL`, `TNM`).
pub fn party(cc: &str, id: &str) -> PartyRef {
    PartyRef::new(CountryCode::new(cc).unwrap(), PartyId::new(id).unwrap())
}

/// A platform at `https://{host}/ocpi` with one party in one role, in `version` only.
pub fn config(host: &str, role: Role, party: PartyRef, version: OcpiVersion) -> ServerConfig {
    let roles = vec![CredentialsRole::new(
        role,
        BusinessDetails::new(OcpiString::new(&format!("{host} platform")).unwrap()),
        party.party_id,
        party.country_code,
    )];
    let mut c = ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles);
    c.versions = vec![version];
    c
}

/// A Hub at `https://{host}/ocpi` in every version, its own party `hub_party_id`.
pub fn hub_config(host: &str, hub: PartyRef) -> ServerConfig {
    let mut c = config(host, Role::Emsp, party("NL", "TNM"), OcpiVersion::V2_2_1);
    c.versions = OcpiVersion::ALL.to_vec();
    c.hub_party_id = Some(CiString::new(&format!("{}{}", hub.country_code, hub.party_id)).unwrap());
    c.hub_business_details = Some(BusinessDetails::new(OcpiString::new("The Hub").unwrap()));
    c
}

/// One request seen on the network, and the answer's HTTP status.
#[derive(Debug)]
pub struct Seen {
    /// The host it went to.
    pub host: String,
    /// The request.
    pub request: http::Request<Vec<u8>>,
    /// The answer's HTTP status.
    pub status: http::StatusCode,
    /// The answer's body.
    pub answer: Vec<u8>,
    /// The answer's headers.
    pub answer_headers: http::HeaderMap,
}

/// A copy of a request.
pub fn copy(r: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(r.body().clone());
    *out.method_mut() = r.method().clone();
    *out.uri_mut() = r.uri().clone();
    *out.headers_mut() = r.headers().clone();
    out
}

/// Logs every exchange on `net`.
pub fn observe(net: &Loopback) -> Arc<Mutex<Vec<Seen>>> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    net.observe(move |request, response| {
        sink.lock().unwrap().push(Seen {
            host: request.uri().host().unwrap_or_default().to_owned(),
            request: copy(request),
            status: response.status(),
            answer: response.body().clone(),
            answer_headers: response.headers().clone(),
        })
    });
    log
}

/// Registers `server` at the Hub (at `https://{hub_host}/ocpi/versions`) as `id`, through the
/// credentials handshake in the server's only version, and lists its party as `CONNECTED`.
pub async fn join<T>(
    hub: &Hub<MemoryStore, T, MemoryDirectory>,
    hub_host: &str,
    dir: &MemoryDirectory,
    id: &str,
    server: &Party,
) where
    T: Transport,
{
    let own = &server.platform().config().credentials[0];
    let token_a = hub
        .server()
        .platform()
        .issue_token_a(PeerId::new(id), PartyGrant::exactly(own))
        .await
        .unwrap();
    let hub_claims: Vec<Claim> = hub
        .server()
        .platform()
        .config()
        .credentials
        .iter()
        .flat_map(|c| c.claims())
        .collect();
    server
        .platform()
        .register(
            PeerId::new("hub"),
            token_a,
            Url::new(&format!("https://{hub_host}/ocpi/versions")).unwrap(),
            PartyGrant::Only(hub_claims),
        )
        .await
        .expect("registration at the Hub");
    for role in &server.config().roles {
        dir.connect(
            PartyRef::new(role.country_code, role.party_id),
            role.role.clone(),
            PeerId::new(id),
        );
    }
}

/// The token `server` calls the Hub with (its only peer).
pub fn token(server: &Party) -> CredentialsToken {
    server.platform().store().peers()[0]
        .credentials
        .token()
        .clone()
}

/// A request from `server` to the Hub at `hub_host` (`path` after `/ocpi/`), with the
/// request id `req-1`, the correlation id `corr-1`, and the routing headers given.
pub fn request(
    server: &Party,
    hub_host: &str,
    method: Method,
    path: &str,
    body: &str,
    from: Option<PartyRef>,
    to: Option<PartyRef>,
) -> http::Request<Vec<u8>> {
    let mut r = http::Request::new(body.as_bytes().to_vec());
    *r.method_mut() = method;
    *r.uri_mut() = format!("https://{hub_host}/ocpi/{path}").parse().unwrap();
    let h = r.headers_mut();
    h.insert(
        AUTHORIZATION,
        authorization_header(&token(server), AuthorizationMode::Base64),
    );
    h.insert(X_REQUEST_ID, "req-1".parse().unwrap());
    h.insert(X_CORRELATION_ID, "corr-1".parse().unwrap());
    Routing { to, from }.apply(h);
    r
}

/// The HTTP status and OCPI status of an answer.
pub fn statuses(response: &http::Response<Vec<u8>>) -> (http::StatusCode, u16) {
    let envelope = parse_response::<Box<RawValue>>(response.body())
        .unwrap_or_else(|e| {
            panic!(
                "not an envelope ({e}): {}",
                String::from_utf8_lossy(response.body())
            )
        })
        .value;
    (response.status(), envelope.status_code.as_u16())
}

/// The routing headers of a message.
pub fn routing_of(headers: &http::HeaderMap) -> Routing {
    Routing::from_headers(headers).unwrap()
}

/// The text of an official 2.2.1 example.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/2.2.1/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Reads an object as a peer of `version` sends it.
pub fn read_as<W: Wire>(json: &str, version: OcpiVersion) -> W {
    let bridge = Bridge::default();
    let edge = Edge {
        version,
        party: None,
        bridge: &bridge,
    };
    W::read(json.as_bytes(), &edge).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The JSON of an object as written for a peer of `version`.
pub fn written<W: Wire>(value: &W, version: OcpiVersion) -> serde_json::Value {
    let bridge = Bridge::default();
    let edge = Edge {
        version,
        party: None,
        bridge: &bridge,
    };
    serde_json::from_slice(&value.write(&edge).unwrap()).unwrap()
}

/// A Location of the CPO `owner`, from the official example, with id `id`.
pub fn location(owner: PartyRef, id: &str) -> Location {
    let mut l: Location = read_as(&fixture("location_example.json"), OcpiVersion::V2_2_1);
    l.id = CiString::new(id).unwrap();
    l.country_code = owner.country_code;
    l.party_id = owner.party_id;
    l
}

/// A Tariff of the CPO `owner`, from the official example of a simple tariff, with id `id`.
pub fn tariff(owner: PartyRef, id: &str) -> Tariff {
    let mut t: Tariff = read_as(&fixture("tariff_1_simple_2hour.json"), OcpiVersion::V2_2_1);
    t.id = CiString::new(id).unwrap();
    t.country_code = owner.country_code;
    t.party_id = owner.party_id;
    t
}

/// The official Token example (2.2.1 JSON), owned by the eMSP `owner`.
pub fn token_json(owner: PartyRef) -> String {
    fixture("token_put_example.json")
        .replace("\"NL\"", &format!("\"{}\"", owner.country_code))
        .replace("\"TNM\"", &format!("\"{}\"", owner.party_id))
}

/// The official Session example (2.2.1 JSON) of the CPO `owner`, its Token of `token_owner`
/// when given (the official example names none).
pub fn session_json(owner: PartyRef, token_owner: Option<PartyRef>) -> String {
    let mut json = fixture("session_example_1_simple_start.json").replace(
        "\"country_code\": \"NL\",\n    \"party_id\": \"STK\"",
        &format!(
            "\"country_code\": \"{}\",\n    \"party_id\": \"{}\"",
            owner.country_code, owner.party_id
        ),
    );
    if let Some(p) = token_owner {
        json = json.replace(
            r#""uid": "123abc","#,
            &format!(
                r#""country_code": "{}", "party_id": "{}", "uid": "123abc","#,
                p.country_code, p.party_id
            ),
        );
    }
    json
}

/// The official CDR example (2.2.1 JSON) of the CPO `owner` (its Tariff too), its Token of
/// `token_owner` when given.
pub fn cdr_json(owner: PartyRef, token_owner: Option<PartyRef>) -> String {
    let json = fixture("cdr_example.json").replace(
        "\"country_code\": \"BE\",\n  \"party_id\": \"BEC\"",
        &format!(
            "\"country_code\": \"{}\",\n  \"party_id\": \"{}\"",
            owner.country_code, owner.party_id
        ),
    );
    let json = json.replace(
        "\"country_code\": \"BE\",\n    \"party_id\": \"BEC\"",
        &format!(
            "\"country_code\": \"{}\",\n    \"party_id\": \"{}\"",
            owner.country_code, owner.party_id
        ),
    );
    match token_owner {
        Some(p) => json.replace(
            r#""uid": "012345678","#,
            &format!(
                r#""country_code": "{}", "party_id": "{}", "uid": "012345678","#,
                p.country_code, p.party_id
            ),
        ),
        None => json,
    }
}
