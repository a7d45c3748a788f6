//! Two platforms on an in-process network, registered with each other through the
//! credentials handshake: the harness of the end-to-end tests. Include with
//! `#[path = "common/network.rs"] mod network;`.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use ocpi_protocol::client::Client;
use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId, PeerTerms};
use ocpi_protocol::interop::Interop;
use ocpi_protocol::modules::{Bridge, Interface, Module};
use ocpi_protocol::server::{Loopback, Server, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{AuthorizationMode, PartyRef};
use ocpi_protocol::types::{CountryCode, OcpiString, PartyId, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::versions::OcpiVersion;

/// A server of the network.
pub type TestServer = Server<MemoryStore, Loopback>;

/// A party (`NL`, `CPO`).
pub fn party(cc: &str, id: &str) -> PartyRef {
    PartyRef::new(CountryCode::new(cc).unwrap(), PartyId::new(id).unwrap())
}

/// The CPO's party: NL*CPO.
pub fn cpo_party() -> PartyRef {
    party("NL", "CPO")
}

/// The eMSP's party: NL*MSP.
pub fn emsp_party() -> PartyRef {
    party("NL", "MSP")
}

/// A configuration at `https://{host}/ocpi` with one role.
pub fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    let roles = vec![CredentialsRole::new(
        role,
        BusinessDetails::new(OcpiString::new(&format!("{host} platform")).unwrap()),
        party.party_id,
        party.country_code,
    )];
    ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
}

/// The CPO's configuration (host `cpo.test`).
pub fn cpo_config() -> ServerConfig {
    config("cpo.test", Role::Cpo, cpo_party())
}

/// The eMSP's configuration (host `emsp.test`).
pub fn emsp_config() -> ServerConfig {
    config("emsp.test", Role::Emsp, emsp_party())
}

/// Builders of the usual pair for a sender/receiver module test: the CPO serving pages of at
/// most `page` objects, the eMSP registering in `version`, both with `edge` as their bridge and
/// serving only the modules the test mounts.
pub fn sender_and_receiver(
    version: OcpiVersion,
    page: u64,
    edge: Bridge,
) -> (ServerBuilder, ServerBuilder) {
    let mut cpo = cpo_config();
    cpo.bridge = edge.clone();
    let mut emsp = emsp_config();
    emsp.versions = vec![version];
    emsp.bridge = edge;
    (
        ServerBuilder::new(cpo).only_mounted().with_max_limit(page),
        ServerBuilder::new(emsp).only_mounted(),
    )
}

/// One exchange seen on the network.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request.
    pub request: http::Request<Vec<u8>>,
    /// The response.
    pub response: http::Response<Vec<u8>>,
}

/// Two registered platforms. The names are those of the usual pair; a test may build other
/// roles in either place (each server is reached at the host of its base URL).
pub struct Pair {
    /// The network.
    pub net: Loopback,
    /// The CPO (`cpo.test`), registered at by the eMSP.
    pub cpo: Arc<TestServer>,
    /// The eMSP (`emsp.test`), which initiates the registration.
    pub emsp: Arc<TestServer>,
    /// Every exchange so far.
    pub log: Arc<Mutex<Vec<Exchange>>>,
}

impl Pair {
    /// Builds both servers, attaches them, and registers the eMSP at the CPO (the eMSP
    /// initiates, with a token A the CPO issued) in the highest version both serve.
    pub async fn connect(cpo: ServerBuilder, emsp: ServerBuilder) -> Pair {
        Pair::connect_with(cpo, emsp, Interop::strict(), Interop::strict()).await
    }

    /// [`Pair::connect`], the CPO granting the eMSP the tolerances of `cpo_tolerates` and
    /// the eMSP granting the CPO those of `emsp_tolerates` (kept in each side's terms).
    pub async fn connect_with(
        cpo: ServerBuilder,
        emsp: ServerBuilder,
        cpo_tolerates: Interop,
        emsp_tolerates: Interop,
    ) -> Pair {
        let net = Loopback::new();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        net.observe(move |request, response| {
            sink.lock().unwrap().push(Exchange {
                request: copy_request(request),
                response: copy_response(response),
            })
        });
        let cpo = Arc::new(
            cpo.build(MemoryStore::new(), net.clone())
                .expect("CPO builds"),
        );
        let emsp = Arc::new(
            emsp.build(MemoryStore::new(), net.clone())
                .expect("eMSP builds"),
        );
        net.attach(&host(cpo.config()), cpo.clone());
        net.attach(&host(emsp.config()), emsp.clone());
        let token_a = cpo
            .platform()
            .issue_token_a(
                PeerId::new("emsp"),
                PeerTerms::new(PartyGrant::exactly(
                    &emsp.platform().config().credentials[0],
                ))
                .with_interop(cpo_tolerates),
            )
            .await
            .unwrap();
        let base = cpo.config().base_url.as_str().trim_end_matches('/');
        let versions = Url::new(&format!("{base}/versions")).unwrap();
        emsp.platform()
            .register(
                PeerId::new("cpo"),
                token_a,
                versions,
                PeerTerms::new(PartyGrant::exactly(&cpo.platform().config().credentials[0]))
                    .with_interop(emsp_tolerates),
            )
            .await
            .expect("registration");
        Pair {
            net,
            cpo,
            emsp,
            log,
        }
    }

    /// The eMSP's client of the CPO.
    pub fn emsp_client(&self) -> Client<Loopback> {
        let peer = self
            .emsp
            .platform()
            .store()
            .peers()
            .pop()
            .expect("registered");
        Client::new(self.net.clone(), peer)
    }

    /// The CPO's client of the eMSP.
    pub fn cpo_client(&self) -> Client<Loopback> {
        let peer = self
            .cpo
            .platform()
            .store()
            .peers()
            .pop()
            .expect("registered");
        Client::new(self.net.clone(), peer)
    }

    /// The exchanges so far, and clears the log.
    pub fn take_log(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

/// The host of a server's base URL (`cpo.test`).
fn host(config: &ServerConfig) -> String {
    let url = config.base_url.as_str();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or_default().to_owned()
}

/// A CPO builder with only the given handlers' interfaces (the others declined).
pub fn cpo_builder() -> ServerBuilder {
    ServerBuilder::new(cpo_config()).only_mounted()
}

/// An eMSP builder serving only `version` (so the registration is in it), with only the
/// given handlers' interfaces.
pub fn emsp_builder(version: OcpiVersion) -> ServerBuilder {
    let mut config = emsp_config();
    config.versions = vec![version];
    ServerBuilder::new(config).only_mounted()
}

/// Whether `interfaces` lists a module interface.
pub fn has(interfaces: &[(Module, Interface)], module: Module, iface: Interface) -> bool {
    interfaces.contains(&(module, iface))
}

pub fn copy_request(r: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(r.body().clone());
    *out.method_mut() = r.method().clone();
    *out.uri_mut() = r.uri().clone();
    *out.headers_mut() = r.headers().clone();
    out
}

pub fn copy_response(r: &http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut out = http::Response::new(r.body().clone());
    *out.status_mut() = r.status();
    *out.headers_mut() = r.headers().clone();
    out
}

/// A request to `url` with the token of `peer` at `server` (the token `server` issued to the
/// peer is what the peer calls it with; this is the opposite: the token the peer gave).
/// How the version in a URL's path writes the `Authorization` header: as is for 2.1.1,
/// Base64 after (the platforms follow the version by default).
pub fn mode_of_url(url: &str) -> AuthorizationMode {
    if url.contains("/2.1.1/") {
        AuthorizationMode::Plain
    } else {
        AuthorizationMode::Base64
    }
}

pub fn raw_request(
    method: http::Method,
    url: &str,
    token: &ocpi_protocol::types::CredentialsToken,
    body: &str,
) -> http::Request<Vec<u8>> {
    let mut request = http::Request::new(body.as_bytes().to_vec());
    *request.method_mut() = method;
    *request.uri_mut() = url.parse().unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        ocpi_protocol::transport::authorization_header(token, mode_of_url(url)),
    );
    request
}

impl Pair {
    /// The token the CPO calls the eMSP with (the one the eMSP issued).
    pub fn cpo_token(&self) -> ocpi_protocol::types::CredentialsToken {
        let peer = self
            .cpo
            .platform()
            .store()
            .peers()
            .pop()
            .expect("registered");
        peer.credentials.token().clone()
    }

    /// The token the eMSP calls the CPO with (the one the CPO issued).
    pub fn emsp_token(&self) -> ocpi_protocol::types::CredentialsToken {
        let peer = self
            .emsp
            .platform()
            .store()
            .peers()
            .pop()
            .expect("registered");
        peer.credentials.token().clone()
    }
}

/// The HTTP status and the OCPI status of a response.
pub fn statuses(
    response: &http::Response<Vec<u8>>,
) -> (http::StatusCode, ocpi_protocol::transport::StatusCode) {
    let envelope = ocpi_protocol::transport::parse_response::<Box<serde_json::value::RawValue>>(
        response.body(),
    )
    .expect("an OCPI envelope")
    .value;
    (response.status(), envelope.status_code)
}

/// The statuses of a success.
pub const OK: (http::StatusCode, ocpi_protocol::transport::StatusCode) = (
    http::StatusCode::OK,
    ocpi_protocol::transport::StatusCode::SUCCESS,
);
/// The statuses of invalid or missing parameters (2001).
pub const INVALID: (http::StatusCode, ocpi_protocol::transport::StatusCode) = (
    http::StatusCode::OK,
    ocpi_protocol::transport::StatusCode::INVALID_PARAMETERS,
);
/// The statuses of an unknown path or object (404, 2000).
pub const NOT_FOUND: (http::StatusCode, ocpi_protocol::transport::StatusCode) = (
    http::StatusCode::NOT_FOUND,
    ocpi_protocol::transport::StatusCode::CLIENT_ERROR,
);
/// The statuses of a method the endpoint does not answer (405, 2000).
pub const NOT_ALLOWED: (http::StatusCode, ocpi_protocol::transport::StatusCode) = (
    http::StatusCode::METHOD_NOT_ALLOWED,
    ocpi_protocol::transport::StatusCode::CLIENT_ERROR,
);

/// A receiver's copy of the objects of a sender's module, by owner and id, and the calls it
/// answered, shared by its clones.
#[derive(Clone)]
pub struct Copies<T> {
    /// The objects, by (owner, id).
    pub stored: Arc<Mutex<std::collections::BTreeMap<(PartyRef, String), T>>>,
    /// One line a call.
    pub calls: Arc<Mutex<Vec<String>>>,
}

impl<T> Default for Copies<T> {
    fn default() -> Self {
        Copies {
            stored: Arc::default(),
            calls: Arc::default(),
        }
    }
}

impl<T: Clone> Copies<T> {
    /// Records a call.
    pub fn record(&self, what: String) {
        self.calls.lock().unwrap().push(what);
    }

    /// The calls so far.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// The calls so far, forgotten.
    pub fn take_calls(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }

    /// The copy of the CPO's object `id`, which must be there.
    pub fn stored(&self, id: &str) -> T {
        self.stored.lock().unwrap()[&(cpo_party(), id.to_owned())].clone()
    }

    /// The copy of `party`'s object `id`, if there is one.
    pub fn get(&self, party: PartyRef, id: &str) -> Option<T> {
        self.stored
            .lock()
            .unwrap()
            .get(&(party, id.to_owned()))
            .cloned()
    }
}

/// Every object of the module of `sender` (a client's `…_sender()`): all pages, with the
/// default filter.
#[allow(unused_macros)]
macro_rules! list_all {
    ($sender:expr) => {
        $sender
            .unwrap()
            .list(&ocpi_protocol::client::ListFilter::default())
            .await
            .unwrap()
    };
}
#[allow(unused_imports)]
pub(crate) use list_all;

/// The OCPI status of a response, and its `data` (if any) as JSON.
pub fn envelope(
    response: &http::Response<Vec<u8>>,
) -> (
    ocpi_protocol::transport::StatusCode,
    Option<serde_json::Value>,
) {
    let parsed = ocpi_protocol::transport::parse_response::<Box<serde_json::value::RawValue>>(
        response.body(),
    )
    .unwrap()
    .value;
    let data = parsed.data.map(|d| serde_json::from_str(d.get()).unwrap());
    (parsed.status_code, data)
}

/// Asserts that `log` holds the `pages` GETs of a list of `total` objects, read in `version`,
/// the last one without a link to a next page.
pub fn assert_pages(log: &[Exchange], version: OcpiVersion, pages: usize, total: &str) {
    assert_eq!(log.len(), pages, "{version}: {pages} pages");
    assert_eq!(
        log[0].response.headers()["x-total-count"],
        total,
        "{version}"
    );
    assert!(
        !log[pages - 1].response.headers().contains_key("link"),
        "{version}"
    );
}

/// A registered CPO and eMSP, and the module implementations each mounts.
pub struct Setup<C, E> {
    /// The two platforms.
    pub pair: Pair,
    /// What the CPO mounts.
    pub cpo: C,
    /// What the eMSP mounts.
    pub emsp: E,
}

/// A CPO and an eMSP of [`sender_and_receiver`] registered with each other, the CPO mounting
/// `cpo` and the eMSP a new `E`, as `mount` says.
pub async fn connect_modules<C: Clone, E: Clone + Default>(
    version: OcpiVersion,
    page: u64,
    edge: Bridge,
    cpo: C,
    mount: impl FnOnce(ServerBuilder, C, ServerBuilder, E) -> (ServerBuilder, ServerBuilder),
) -> Setup<C, E> {
    let emsp = E::default();
    let (cpo_builder, emsp_builder) = sender_and_receiver(version, page, edge);
    let (cpo_builder, emsp_builder) = mount(cpo_builder, cpo.clone(), emsp_builder, emsp.clone());
    let pair = Pair::connect(cpo_builder, emsp_builder).await;
    Setup { pair, cpo, emsp }
}
