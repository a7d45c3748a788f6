//! A Roaming Hub's routing engine, sans I/O: requests from the parties connected to the Hub
//! are forwarded to the parties they are addressed to, through the application's
//! [`Transport`].
//!
//! A [`Hub`] wraps the Hub's [`Server`] (which answers Versions, Credentials and Hub Client
//! Info, and the handshake of every party registering at the Hub) and answers the functional
//! modules itself. The application supplies a [`Directory`]: for each party (country code,
//! party id, role), the registered peer that serves it and its connection status. The peer's
//! version, endpoints and token come from the credentials store.
//!
//! ## What it does with a request to a functional module
//!
//! 1. Authenticates the caller (a registered peer's token, else 401) and reads the routing
//!    headers. `OCPI-from-*` must name one of the caller's parties (unless the caller is
//!    itself a Hub), else 2001 and nothing is forwarded; without it, the caller's only party
//!    is the sender (2001 when it has several).
//! 2. Refuses loops ([`RouteError::Loop`], 4000): a request that already passed through this
//!    Hub (its `Via` header names this Hub; every request the Hub forwards carries the `Via`
//!    entries it came with plus one of its own), one that has passed more Hubs than
//!    [`HubOptions::max_hops`], and one from this Hub's own party.
//! 3. Keeps each party to its own objects, whatever the scenario (the parties behind the Hub
//!    accept any party from it): a path after the module that a receiver could read as
//!    another (a `.` or `..` segment, also percent-encoded, an empty segment, an encoded
//!    slash) is refused ([`RouteError::Path`], 2001); a Receiver URL of Locations, Sessions,
//!    Tariffs or Tokens must name one of the sender's parties, read as the receiver decodes
//!    it ([`RouteError::ForeignOwner`], 404); and an object pushed to a Receiver interface
//!    (POST, PUT, PATCH of those modules and of CDRs, whose owner only the body names) must
//!    name one of them in its `country_code` and `party_id`
//!    ([`RouteError::ForeignObject`], 2001). A caller that is itself a Hub acts for the
//!    parties behind it.
//! 4. By scenario ([`Routing::scenario`]):
//!    - **Direct request** (`OCPI-to-*` names a party): the destination is looked up in the
//!      directory (4001 when unknown, 4003 when not `CONNECTED`); the request is forwarded to
//!      the endpoint of the same module and interface of the peer serving it, with that
//!      peer's token and `Authorization` mode, a new `X-Request-ID`, the same
//!      `X-Correlation-ID` and the routing headers `to` = destination, `from` = sender. The
//!      destination's answer is passed back as it is (status, body, `X-Total-Count`,
//!      `X-Limit`), with `Link` rewritten to point back through the Hub; an answer that is not
//!      an OCPI envelope becomes 3000 with the reason, a transport timeout 4002, another
//!      transport failure or a 401 from the destination 4003.
//!    - **Broadcast Push** (`OCPI-to-*` names the Hub): POST, PUT or PATCH of Locations,
//!      Tariffs or Tokens ([`is_shared`]), forwarded to every `CONNECTED` party the
//!      [broadcast policy](HubOptions::broadcast) selects (by default every party whose role
//!      typically implements the interface called, [`typical`]), with the Hub as `from`; the
//!      Hub answers 1000 itself. GET is refused, and so are Sessions, CDRs and the modules
//!      that address one party (2001).
//!    - **GET All via the Hub** (a GET of a Sender interface's list addressed to the Hub, of
//!      Locations, Tariffs or Tokens; 2001 for the other modules): one list across the `CONNECTED` parties whose role typically implements that Sender
//!      interface, in directory order, paginated by the Hub with a summed `X-Total-Count`
//!      and next links through the Hub.
//!    - **Open Routing Request** (no `OCPI-to-*`): the [open routing
//!      policy](HubOptions::open_routing) decides from what the request names
//!      ([`OpenRequest`]): a party (then routed as a direct request, the answer passed back
//!      with `to` = sender, `from` = that party), a Broadcast Push, or nothing (4001). By
//!      default ([`default_open_routing`]) it goes to the party its URL or body names that is
//!      not the sender's (the owner of the object, or the eMSP of a Session's or CDR's
//!      Token); a push of Locations, Tariffs or Tokens by their owner is broadcast; anything
//!      else (a GET on a Sender interface, a Session, CDR or Command naming no other party)
//!      is 4001, never broadcast.
//!
//! Requests to the configuration modules (and any path that is not a routed functional
//! module) go to the Hub's [`Server`], which refuses routing headers on them (2001).
//!
//! ## Hub Client Info
//!
//! The directory holds each party's `ConnectionStatus`; [`MemoryDirectory`] also serves the
//! Hub's list (mount it with `ServerBuilder::hub_client_info_sender`).
//! [`Hub::push_client_info`] sends changes to the connected parties, and
//! [`Hub::still_alive`] checks the platforms not heard from for a while, taking the silent
//! ones `OFFLINE`.
//!
//! ## Versions
//!
//! The request is forwarded in the version the destination registered in at the Hub. When it
//! is not the sender's, the objects are converted both ways through [`crate::convert`] (the
//! edge the server uses, [`Wire`](crate::modules::Wire)): Locations, EVSEs, Connectors and
//! their PATCHes, Tokens and their PATCH, Tariffs, Sessions and their PATCH, CDRs, the five
//! Commands, and the AuthorizationInfo of a real-time authorization, in request bodies and in
//! answers (one object or a page). The objects identical in 2.2.1 and 2.3.0 (CommandResponse,
//! CommandResult, LocationReferences, Charging Preferences, every object of Charging
//! Profiles) cross as they are. A body the sender's version does not read is the sender's
//! fault (400 or 2001, nothing forwarded); an object the other version cannot express is
//! [`RouteError::Conversion`] (3000; a Broadcast Push skips that receiver). Any other
//! request across versions (Payments, a path the module does not have) is refused with
//! [`RouteError::VersionMismatch`] (3002) and nothing is forwarded.
//!
//! ## Results on a `response_url`
//!
//! A Command, and a Charging Profile request, name the `response_url` their result is POSTed
//! to later. The receiver reaches only the Hub, so the Hub points it at itself: the sender's
//! URL must lie under the Sender endpoint of the module the sender registered at the Hub
//! (else 2001, nothing forwarded), and the Hub's own Sender endpoint, in the receiver's
//! version, takes the place of that endpoint. The receiver POSTs the result there with the
//! routing headers (`to` = the sender of the request), and the Hub forwards it, converted
//! when the versions differ, to the very URL the sender gave.
//!
//! Objects are forwarded byte for byte (but for the `response_url`s above): `last_updated` is
//! never changed by the Hub (2.2.1 transport_and_format.asciidoc §Timestamps and Objects send
//! via Hubs).
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Message Routing (§Message Routing Headers,
//! §Broadcast Push, §Open Routing Request, §GET All via Hubs, §Timestamps and Objects send
//! via Hubs); 2.2.1 status_codes.asciidoc (4000–4003); 2.2.1 topology.asciidoc; the same
//! sections of 2.3.0.

use std::collections::BTreeSet;
use std::sync::Arc;

use http::header::{AUTHORIZATION, CONTENT_TYPE, LINK, VIA};
use http::{HeaderMap, HeaderValue, Method};
use serde_json::value::RawValue;

use crate::credentials::{Caller, CredentialsStore, Peer};
use crate::modules::{endpoint_url, typical, Edge, Interface, Module};
use crate::server::{BuildError, Server, ServerBuilder};
use crate::transport::{
    authorization_header, parse_response, HttpError, MessageId, MessageIds, PageInfo, PartyRef,
    Response, Routing, RoutingError, RoutingScenario, StatusCode, Transport, X_CORRELATION_ID,
    X_LIMIT, X_TOTAL_COUNT,
};
use crate::types::{CountryCode, PartyId};
use crate::v2_2_1::versions::ModuleId;
use crate::v2_3_0::credentials::Role;
use crate::v2_3_0::hub_client_info::ConnectionStatus;
use crate::versions::{find_endpoint, OcpiVersion};

mod client_info;
mod convert;
mod directory;
mod envelope;
mod get_all;
mod open;
mod owner;

pub use client_info::{PushReport, STILL_ALIVE_AFTER};
pub use directory::{Connection, Directory, MemoryDirectory};
pub use open::{default_open_routing, OpenRequest, OpenRoute};

/// The default of [`HubOptions::max_hops`].
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers (the sequence diagram of a PUT via 2 Hubs)
pub const DEFAULT_MAX_HOPS: usize = 4;

/// Which connected parties a Broadcast Push goes to: called with the push and each
/// `CONNECTED` candidate (never the sender's own platform).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push
pub type BroadcastPolicy = Arc<dyn Fn(&Broadcast, &Connection) -> bool + Send + Sync>;

/// Where an Open Routing Request goes: called with the request and the parties the Hub found
/// named in it (default [`default_open_routing`]).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Open Routing Request
pub type OpenRoutingPolicy = Arc<dyn Fn(&OpenRequest<'_>) -> OpenRoute + Send + Sync>;

/// Whether a transport error is a timeout (answered 4002; other failures 4003).
///
/// Spec: 2.2.1 status_codes.asciidoc §4xxx: Hub errors
pub type TimeoutTest = Arc<dyn Fn(&(dyn std::error::Error + 'static)) -> bool + Send + Sync>;

/// A Broadcast Push, as the [`BroadcastPolicy`] sees it.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broadcast {
    /// The party that sent it.
    pub from: PartyRef,
    /// The module.
    pub module: Module,
    /// The interface called at the Hub (the one called at each receiver).
    pub iface: Interface,
}

/// The application's choices for its Hub.
///
/// ```
/// use std::sync::Arc;
/// use ocpi_protocol::credentials::PeerId;
/// use ocpi_protocol::hub::{default_broadcast, Broadcast, Connection, HubOptions};
/// use ocpi_protocol::modules::{Interface, Module};
/// use ocpi_protocol::transport::PartyRef;
/// use ocpi_protocol::v2_3_0::credentials::Role;
///
/// // Broadcast Push to the parties that typically receive it, but none in the role OTHER
/// // (which the default treats as an eMSP); and at most one Hub before this one.
/// let options = HubOptions {
///     max_hops: 1,
///     broadcast: Arc::new(|push: &Broadcast, to: &Connection| {
///         to.role != Role::Other && default_broadcast(push, to)
///     }),
///     ..HubOptions::default()
/// };
///
/// let party = |cc: &str, id: &str| PartyRef::new(cc.parse().unwrap(), id.parse().unwrap());
/// // A CPO pushes a Location to the Hub, for everyone.
/// let push = Broadcast { from: party("NL", "CPO"), module: Module::Locations, iface: Interface::Receiver };
/// let emsp = Connection::connected(party("BE", "MSP"), Role::Emsp, PeerId::new("emsp"));
/// let other = Connection::connected(party("DE", "OTH"), Role::Other, PeerId::new("other"));
/// assert!((options.broadcast)(&push, &emsp));
/// assert!(default_broadcast(&push, &other) && !(options.broadcast)(&push, &other));
/// ```
///
/// Given to [`Hub::build`]; the [guide](crate::guide::hub) runs a Hub.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing
#[derive(Clone)]
pub struct HubOptions {
    /// The most Hubs a request may have passed (counted from its `Via` entries) before it
    /// reaches this one; as many or more is refused as a loop (default [`DEFAULT_MAX_HOPS`]).
    pub max_hops: usize,
    /// Who receives a Broadcast Push (default [`default_broadcast`]).
    pub broadcast: BroadcastPolicy,
    /// Where a request without `OCPI-to-*` headers goes (default [`default_open_routing`]).
    pub open_routing: OpenRoutingPolicy,
    /// Which transport errors are timeouts (default [`default_timeout_test`]).
    pub is_timeout: TimeoutTest,
    /// The overall time a GET All via the Hub may take to gather its page from the parties:
    /// past it, the answer is 4002 (default 10 seconds).
    pub get_all_deadline: std::time::Duration,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            max_hops: DEFAULT_MAX_HOPS,
            broadcast: Arc::new(default_broadcast),
            open_routing: Arc::new(default_open_routing),
            is_timeout: Arc::new(default_timeout_test),
            get_all_deadline: std::time::Duration::from_secs(10),
        }
    }
}

impl std::fmt::Debug for HubOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubOptions")
            .field("max_hops", &self.max_hops)
            .field("get_all_deadline", &self.get_all_deadline)
            .finish_non_exhaustive()
    }
}

/// The default broadcast policy: every candidate whose role typically implements the
/// interface called ([`typical`]); the role `OTHER` receives what an eMSP receives.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push ("The role "Other" is seen as an
/// eMSP type of role, so Broadcast Push from a CPO is also sent to "Other""); 2.3.0
/// terminology.asciidoc §Typical OCPI implementations per Role
pub fn default_broadcast(push: &Broadcast, candidate: &Connection) -> bool {
    let role = match candidate.role {
        Role::Other => Role::Emsp,
        ref role => role.clone(),
    };
    typical(Some(&role), push.module)
        .interfaces()
        .contains(&push.iface)
}

/// The default timeout test: an error whose source chain holds a
/// `std::io::Error` of kind `TimedOut`, or whose text says it timed out.
///
/// Spec: 2.2.1 status_codes.asciidoc (4002: "Timeout on forwarded request")
pub fn default_timeout_test(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return true;
            }
        }
        let text = e.to_string().to_ascii_lowercase();
        if text.contains("timed out") || text.contains("timeout") {
            return true;
        }
        current = e.source();
    }
    false
}

/// Why the Hub did not forward a request, or could not pass its answer back: each with the
/// OCPI status the spec names ([`RouteError::status`]).
///
/// Spec: 2.2.1 status_codes.asciidoc §4xxx: Hub errors; 2.2.1 transport_and_format.asciidoc
/// §Message Routing
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// The `OCPI-to` party is not known to the Hub (4001).
    #[error("unknown receiver {0}")]
    UnknownReceiver(PartyRef),
    /// No `OCPI-to` headers, and the [open routing policy](HubOptions::open_routing) found
    /// no receiver (4001).
    #[error("open routing request not routed: {0}")]
    OpenRouting(String),
    /// The receiving party is known but not `CONNECTED` (4003).
    #[error("receiver {party} is not connected (status {status})")]
    NotConnected {
        /// The party.
        party: PartyRef,
        /// Its status.
        status: ConnectionStatus,
    },
    /// The receiving party could not be reached, or refused the Hub's credentials (4003).
    #[error("receiver {party} could not be reached: {reason}")]
    Unreachable {
        /// The party.
        party: PartyRef,
        /// Why.
        reason: String,
    },
    /// The forwarded request timed out (4002).
    #[error("the request forwarded to {0} timed out")]
    Timeout(PartyRef),
    /// The receiving party answered with something that is not an OCPI response (3000).
    #[error("receiver {party} did not answer with an OCPI response: {reason}")]
    NotOcpi {
        /// The party.
        party: PartyRef,
        /// Why.
        reason: String,
    },
    /// The receiving party does not offer the interface called (3003).
    #[error("receiver {party} offers no {iface} interface of {module}")]
    NoEndpoint {
        /// The party.
        party: PartyRef,
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// The receiving party registered at the Hub in another version than the request's, and
    /// the request is not one the Hub converts (3002).
    #[error("receiver {party} speaks OCPI {receiver}, the request is in {request}: not converted by this Hub")]
    VersionMismatch {
        /// The party.
        party: PartyRef,
        /// The version of the request.
        request: OcpiVersion,
        /// The version the receiver registered in.
        receiver: OcpiVersion,
    },
    /// An object could not be converted between the versions of the two parties (3000).
    #[error("the Hub could not convert for {party}: {reason}")]
    Conversion {
        /// The receiving party (of the request) or the answering one.
        party: PartyRef,
        /// Why.
        reason: String,
    },
    /// The request already passed through this Hub, or through too many Hubs (4000).
    #[error("routing loop: {0}")]
    Loop(String),
    /// `OCPI-to` names the sender itself (2001).
    #[error("OCPI-to names the sender {0} itself")]
    ToSelf(PartyRef),
    /// No `OCPI-from` headers and the caller acts for several parties (2001).
    #[error("OCPI-from headers are required: the caller acts for several parties")]
    MissingFrom,
    /// A Broadcast Push or a GET All via the Hub of a module whose objects are meant for one
    /// party (2001): only Locations, Tariffs and Tokens are shared with every party.
    #[error("{0} objects are meant for one party: not sent by Broadcast Push nor combined by a GET All via the Hub")]
    NotShared(Module),
    /// A `response_url` the Hub cannot route the result back to (2001): it must lie under
    /// the Sender endpoint the sender registered at the Hub.
    #[error("{0}")]
    ResponseUrl(String),
    /// A Broadcast Push with another method than POST, PUT or PATCH (2001).
    #[error("Broadcast Push is for POST, PUT and PATCH, not {0}")]
    BroadcastMethod(Method),
    /// A Receiver URL names a party that is not the sender's (HTTP 404, 2000). The parties
    /// behind the Hub accept any party in a URL from the Hub, which acts for all of them:
    /// the Hub is where a party is kept to its own objects.
    #[error("{0} is not a party of the sender")]
    ForeignOwner(PartyRef),
    /// A pushed object (Locations, Sessions, CDRs, Tariffs, Tokens) whose `country_code` or
    /// `party_id` is not the sender's, or cannot be read (2001): a CDR names its owner only
    /// there.
    #[error("{0}")]
    ForeignObject(String),
    /// A path a receiver could read as another than the Hub checks (a dot segment, an empty
    /// segment, an encoded slash), or a Receiver URL that names no party where it must (2001).
    #[error("{0}")]
    Path(String),
}

impl RouteError {
    /// The OCPI status of the answer.
    ///
    /// Spec: 2.2.1 status_codes.asciidoc
    pub fn status(&self) -> StatusCode {
        match self {
            RouteError::UnknownReceiver(_) | RouteError::OpenRouting(_) => {
                StatusCode::UNKNOWN_RECEIVER
            }
            RouteError::NotConnected { .. } | RouteError::Unreachable { .. } => {
                StatusCode::HUB_CONNECTION_PROBLEM
            }
            RouteError::Timeout(_) => StatusCode::HUB_TIMEOUT,
            RouteError::NotOcpi { .. } | RouteError::Conversion { .. } => StatusCode::SERVER_ERROR,
            RouteError::NoEndpoint { .. } => StatusCode::NO_MATCHING_ENDPOINTS,
            RouteError::VersionMismatch { .. } => StatusCode::UNSUPPORTED_VERSION,
            RouteError::Loop(_) => StatusCode::HUB_ERROR,
            RouteError::ToSelf(_)
            | RouteError::MissingFrom
            | RouteError::NotShared(_)
            | RouteError::ResponseUrl(_)
            | RouteError::BroadcastMethod(_)
            | RouteError::ForeignObject(_)
            | RouteError::Path(_) => StatusCode::INVALID_PARAMETERS,
            RouteError::ForeignOwner(_) => StatusCode::CLIENT_ERROR,
        }
    }
}

impl From<RouteError> for HttpError {
    fn from(e: RouteError) -> Self {
        match e {
            // As a party's own server answers it (`Call::party`).
            RouteError::ForeignOwner(_) => HttpError::not_found(e.to_string()),
            _ => HttpError::ocpi(e.status(), e.to_string()),
        }
    }
}

/// Why a Hub could not be built.
///
/// Spec: 2.3.0 credentials.asciidoc §Credentials object (`hub_party_id`)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubBuildError {
    /// The server could not be built.
    #[error(transparent)]
    Server(#[from] BuildError),
    /// The configuration has no `hub_party_id` (a country code and party id, `NLHUB`).
    #[error("a Hub needs a hub_party_id of a country code and a party id")]
    NotAHub,
}

/// The functional module interfaces a Hub routes: the Hub column of the table of typical
/// interfaces, without the configuration modules.
///
/// Spec: 2.3.0 terminology.asciidoc §Typical OCPI implementations per Role (Hub column)
pub fn routed_interfaces() -> BTreeSet<(Module, Interface)> {
    let mut out = BTreeSet::new();
    for module in Module::ALL {
        if matches!(
            module,
            Module::Credentials | Module::Versions | Module::HubClientInfo
        ) {
            continue;
        }
        for iface in typical(None, module).interfaces() {
            out.insert((module, *iface));
        }
    }
    out
}

/// A Roaming Hub: its [`Server`] for the configuration modules and the registrations, and the
/// routing engine for the functional modules.
///
/// ```
/// use std::sync::Arc;
/// use ocpi_protocol::credentials::MemoryStore;
/// use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
/// use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
/// use ocpi_protocol::transport::{parse_response, StatusCode, OCPI_TO_COUNTRY_CODE, OCPI_TO_PARTY_ID};
/// use ocpi_protocol::types::{CiString, OcpiString, Url};
/// use ocpi_protocol::v2_2_1::locations::BusinessDetails;
/// use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
/// use serde_json::value::RawValue;
///
/// // The Hub NL*HUB at hub.example.com; as 2.3.0 credentials do, its roles are the parties
/// // reachable through it.
/// let roles = vec![CredentialsRole::new(
///     Role::Cpo,
///     BusinessDetails::new(OcpiString::new("A CPO").unwrap()),
///     "CPO".parse().unwrap(),
///     "NL".parse().unwrap(),
/// )];
/// let mut config = ServerConfig::new(Url::new("https://hub.example.com/ocpi").unwrap(), roles);
/// config.hub_party_id = Some(CiString::new("NLHUB").unwrap());
/// config.hub_business_details = Some(BusinessDetails::new(OcpiString::new("Hub").unwrap()));
///
/// let net = Loopback::new();
/// let directory = MemoryDirectory::new();
/// let hub = Hub::build(
///     ServerBuilder::new(config).only_mounted(),
///     MemoryStore::new(),
///     net.clone(),
///     directory.clone(),
///     HubOptions::default(),
/// )
/// .unwrap();
/// let hub = Arc::new(hub);
/// net.attach_hub("hub.example.com", hub.clone());
///
/// // Parties register at the Hub through its server (`hub.server().platform()`), and the
/// // application lists them in its directory (`directory.connect(…)`). A request from a
/// // caller the Hub does not know is refused before anything is forwarded:
/// let mut request = http::Request::new(b"{}".to_vec());
/// *request.method_mut() = http::Method::PUT;
/// *request.uri_mut() = "https://hub.example.com/ocpi/2.2.1/receiver/locations/NL/CPO/L1"
///     .parse()
///     .unwrap();
/// request.headers_mut().insert(OCPI_TO_COUNTRY_CODE, "DE".parse().unwrap());
/// request.headers_mut().insert(OCPI_TO_PARTY_ID, "MSP".parse().unwrap());
/// let response = tokio::runtime::Builder::new_current_thread()
///     .build()
///     .unwrap()
///     .block_on(hub.handle(request));
/// assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
/// let envelope = parse_response::<Box<RawValue>>(response.body()).unwrap().value;
/// assert_eq!(envelope.status_code, StatusCode::CLIENT_ERROR);
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing; 2.2.1 topology.asciidoc
pub struct Hub<S, T, D> {
    server: Server<S, T>,
    directory: D,
    options: HubOptions,
    party: PartyRef,
    routed: BTreeSet<(Module, Interface)>,
    base_path: String,
    base_url: String,
    via: String,
    last_seen: std::sync::Mutex<
        std::collections::HashMap<crate::credentials::PeerId, std::time::SystemTime>,
    >,
}

impl<S, T, D> std::fmt::Debug for Hub<S, T, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("party", &self.party)
            .field("server", &self.server)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A request to a routed interface, from its path.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub version: OcpiVersion,
    pub module: Module,
    pub iface: Interface,
    /// The path after the module's segment, with its leading `/` (or empty).
    pub rest: String,
}

/// The sender of a routed request, checked.
pub(crate) struct Sender {
    pub peer: Peer,
    pub from: PartyRef,
}

impl<S, T, D> Hub<S, T, D>
where
    S: CredentialsStore,
    T: Transport,
    D: Directory,
{
    /// Builds the Hub: the server of `builder` (its configuration must have a
    /// `hub_party_id`), publishing the [routed interfaces](routed_interfaces) in its version
    /// details, over `store` and `transport`, and the routing engine over `directory`.
    ///
    /// Spec: 2.3.0 credentials.asciidoc §Credentials object (`hub_party_id`)
    pub fn build(
        builder: ServerBuilder,
        store: S,
        transport: T,
        directory: D,
        options: HubOptions,
    ) -> Result<Self, HubBuildError> {
        let routed = routed_interfaces();
        let server = builder.routed(routed.clone()).build(store, transport)?;
        let config = server.config();
        let id = config
            .hub_party_id
            .as_ref()
            .ok_or(HubBuildError::NotAHub)?
            .as_str();
        let party = PartyRef::new(
            CountryCode::new(id.get(..2).ok_or(HubBuildError::NotAHub)?)
                .map_err(|_| HubBuildError::NotAHub)?,
            PartyId::new(id.get(2..).ok_or(HubBuildError::NotAHub)?)
                .map_err(|_| HubBuildError::NotAHub)?,
        );
        let base_url = config.base_url.as_str().trim_end_matches('/').to_owned();
        let after_scheme = base_url.split_once("://").map_or(&*base_url, |(_, r)| r);
        let via = after_scheme
            .split('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Ok(Hub {
            base_path: crate::server::url_path(&base_url),
            base_url,
            via,
            party,
            routed,
            server,
            directory,
            options,
            last_seen: Default::default(),
        })
    }

    /// The Hub's server: its credentials platform (to issue token A to a party, register at
    /// one) and configuration.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration
    pub fn server(&self) -> &Server<S, T> {
        &self.server
    }

    /// The Hub's own party (from `hub_party_id`).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push (the Hub's party in the routing headers)
    pub fn party(&self) -> PartyRef {
        self.party
    }

    /// The directory.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object
    pub fn directory(&self) -> &D {
        &self.directory
    }

    /// Answers one request: routes a functional module's request, and gives any other to the
    /// server. Never fails: every error is a response with the status the spec names. The
    /// response echoes the request's `X-Request-ID` and `X-Correlation-ID`.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing, §Unique message IDs
    pub async fn handle(&self, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let Some(target) = self.target(request.uri().path()) else {
            return self.server.handle(request).await;
        };
        let ids = MessageIds::from_request(request.headers());
        let mut response = match self.route(request, &target).await {
            Ok(response) => response,
            Err(e) => e.to_response(),
        };
        ids.apply(response.headers_mut());
        response
    }

    /// The routed interface a path names, if any.
    fn target(&self, path: &str) -> Option<Target> {
        let rest = path
            .strip_prefix(self.base_path.as_str())?
            .strip_prefix('/')?;
        let mut segments = rest.splitn(4, '/');
        let version: OcpiVersion = segments.next()?.parse().ok()?;
        let iface = match segments.next()? {
            "sender" => Interface::Sender,
            "receiver" => Interface::Receiver,
            _ => return None,
        };
        let module = Module::from_id(segments.next()?)?;
        let rest = segments.next().map(|r| format!("/{r}")).unwrap_or_default();
        let served = self.server.config().versions.contains(&version)
            && module.exists_in(version)
            && self.routed.contains(&(module, iface));
        served.then_some(Target {
            version,
            module,
            iface,
            rest: rest.trim_end_matches('/').to_owned(),
        })
    }

    /// The registration of `peer` in the Hub's credentials store.
    pub(crate) async fn registration(
        &self,
        peer: &crate::credentials::PeerId,
    ) -> Result<Option<Peer>, HttpError> {
        let store = self.server.platform().store();
        store.peer(peer).await.map_err(HttpError::server_error)
    }

    async fn route(
        &self,
        request: http::Request<Vec<u8>>,
        target: &Target,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let headers = request.headers();
        let caller = self
            .server
            .platform()
            .authenticate(headers, target.module.id())
            .await?;
        let Caller::Registered { peer } = caller else {
            return Err(HttpError::unauthorized(
                "the functional modules need a registered peer's token",
            ));
        };
        let peer = self
            .registration(&peer)
            .await?
            .ok_or_else(|| HttpError::unauthorized("the peer is not registered"))?;
        self.seen(&peer.id);
        let module_id = ModuleId::from_wire(target.module.id()).map_err(HttpError::server_error)?;
        let routing = Routing::for_module(headers, Some(&module_id))?;
        let caller_is_hub = peer.credentials.is_hub();
        let parties = peer.credentials.parties();
        let from = match routing.from {
            Some(from) if caller_is_hub || parties.contains(&from) => from,
            Some(from) => return Err(RoutingError::ForeignSender(from).into()),
            None if caller_is_hub => peer
                .credentials
                .hub_party()
                .ok_or(RouteError::MissingFrom)?,
            None if parties.len() == 1 => parties[0],
            None => return Err(RouteError::MissingFrom.into()),
        };
        self.check_loop(headers, &from)?;
        self.server.config().limits.check(request.body())?;
        let get_all = request.method() == Method::GET
            && target.iface == Interface::Sender
            && target.rest.is_empty();
        let scenario = routing.scenario(&self.party, request.method(), get_all)?;
        owner::check_path(&target.rest)?;
        let sender = Sender { peer, from };
        owner::check_owner(&sender, target, request.method(), request.body())?;
        match scenario {
            RoutingScenario::Direct => {
                let to = routing
                    .to
                    .ok_or_else(|| RouteError::OpenRouting("no OCPI-to headers".into()))?;
                self.check_receiver(&sender, &to)?;
                self.direct(request, target, &sender, to).await
            }
            RoutingScenario::BroadcastPush => self.broadcast(request, target, &sender).await,
            RoutingScenario::GetAllViaHub => self.get_all(request, target, &sender).await,
            RoutingScenario::OpenRouting => self.open(request, target, &sender).await,
        }
    }

    /// Refuses a receiver that is the sender itself (or, for a platform that is not a Hub,
    /// another of its parties: it needs no Hub to reach them).
    pub(crate) fn check_receiver(&self, sender: &Sender, to: &PartyRef) -> Result<(), RouteError> {
        let own = *to == sender.from
            || (!sender.peer.credentials.is_hub()
                && sender.peer.credentials.parties().contains(to));
        if own {
            return Err(RouteError::ToSelf(*to));
        }
        Ok(())
    }

    /// Refuses a request that passed through this Hub already, or through too many Hubs.
    fn check_loop(&self, headers: &HeaderMap, from: &PartyRef) -> Result<(), RouteError> {
        if *from == self.party {
            return Err(RouteError::Loop(format!(
                "a request from this Hub's own party {from} came back to it"
            )));
        }
        let hops = via_entries(headers);
        if hops
            .iter()
            .any(|(_, by)| by.eq_ignore_ascii_case(&self.via))
        {
            return Err(RouteError::Loop(format!(
                "the request already passed through this Hub ({})",
                self.via
            )));
        }
        if hops.len() >= self.options.max_hops {
            return Err(RouteError::Loop(format!(
                "the request passed through {} Hubs, at most {} are allowed",
                hops.len(),
                self.options.max_hops
            )));
        }
        Ok(())
    }

    /// The `CONNECTED` parties of the directory other than the sender (neither its party nor
    /// another party of its peer) that `keep` accepts, each party once (its first connection).
    pub(crate) async fn others(
        &self,
        sender: &Sender,
        keep: impl Fn(&Connection) -> bool,
    ) -> Result<Vec<Connection>, HttpError> {
        let all = self
            .directory
            .all()
            .await
            .map_err(HttpError::server_error)?;
        let mut seen = BTreeSet::new();
        Ok(all
            .into_iter()
            .filter(|c| {
                c.is_connected()
                    && c.party != sender.from
                    && c.peer != sender.peer.id
                    && keep(c)
                    && seen.insert(c.party)
            })
            .collect())
    }

    /// The peer serving `to` for the interface, and its endpoint URL: only a `CONNECTED`
    /// party, through a peer registered in the request's version unless the request is
    /// `convertible`.
    pub(crate) async fn destination(
        &self,
        to: &PartyRef,
        target: &Target,
        convertible: bool,
    ) -> Result<(Peer, String), HttpError> {
        let connections = self
            .directory
            .connections(to)
            .await
            .map_err(HttpError::server_error)?;
        let Some(first) = connections.first() else {
            return Err(RouteError::UnknownReceiver(*to).into());
        };
        if !connections.iter().any(Connection::is_connected) {
            return Err(RouteError::NotConnected {
                party: *to,
                status: first.status.clone(),
            }
            .into());
        }
        let mut refusal = RouteError::NoEndpoint {
            party: *to,
            module: target.module,
            iface: target.iface,
        };
        let mut registered = false;
        for connection in connections.iter().filter(|c| c.is_connected()) {
            let Some(peer) = self.registration(&connection.peer).await? else {
                continue;
            };
            registered = true;
            let Some(endpoint) = find_endpoint(
                &peer.endpoints,
                target.module.id(),
                Some(&target.iface.role()),
            ) else {
                continue;
            };
            if peer.version != target.version && !convertible {
                refusal = RouteError::VersionMismatch {
                    party: *to,
                    request: target.version,
                    receiver: peer.version,
                };
                continue;
            }
            let url = endpoint.url.as_str().trim_end_matches('/').to_owned();
            return Ok((peer, url));
        }
        if !registered {
            return Err(RouteError::Unreachable {
                party: *to,
                reason: "its platform is not registered at the Hub".into(),
            }
            .into());
        }
        Err(refusal.into())
    }

    /// The request to forward: the method and body of `request`, to `url`, with the
    /// destination's token, new message ids in the same correlation, the routing headers, and
    /// the `Via` entries plus this Hub's.
    pub(crate) fn forwarded(
        &self,
        incoming: &HeaderMap,
        method: &Method,
        body: Vec<u8>,
        url: &str,
        peer: &Peer,
        routing: Routing,
    ) -> Result<http::Request<Vec<u8>>, HttpError> {
        let uri: http::Uri = url.parse().map_err(|e| {
            HttpError::ocpi(
                StatusCode::SERVER_ERROR,
                format!("cannot forward to {url}: {e}"),
            )
        })?;
        let mut request = http::Request::new(body);
        *request.method_mut() = method.clone();
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(
            AUTHORIZATION,
            authorization_header(peer.credentials.token(), peer.mode),
        );
        if !request.body().is_empty() {
            request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let headers = request.headers_mut();
        let correlation = incoming
            .get(X_CORRELATION_ID)
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| MessageId::generate().to_header_value());
        MessageIds::forwarded(correlation).apply(headers);
        routing.apply(headers);
        for value in incoming.get_all(VIA) {
            headers.append(VIA, value.clone());
        }
        if let Ok(ours) = HeaderValue::from_str(&format!("OCPI/{} {}", peer.version, self.via)) {
            headers.append(VIA, ours);
        }
        Ok(request)
    }

    /// Sends a forwarded request; a transport failure is 4002 (timeout) or 4003.
    pub(crate) async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        to: &PartyRef,
    ) -> Result<http::Response<Vec<u8>>, RouteError> {
        match self.server.platform().transport().send(request).await {
            Ok(response) => Ok(response),
            Err(e) if (self.options.is_timeout)(&e) => Err(RouteError::Timeout(*to)),
            Err(e) => Err(RouteError::Unreachable {
                party: *to,
                reason: e.to_string(),
            }),
        }
    }

    async fn direct(
        &self,
        request: http::Request<Vec<u8>>,
        target: &Target,
        sender: &Sender,
        to: PartyRef,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let (parts, body) = request.into_parts();
        let plan = convert::plan(target.module, target.iface, &parts.method, &target.rest);
        let (peer, endpoint) = self.destination(&to, target, plan.is_some()).await?;
        let rewrite = |url: &str| self.response_url(sender, target.module, peer.version, url);
        let query = match parts.uri.query() {
            Some(q) if plan.is_some_and(|p| p.query_url) => Some(rewrite_query(q, &rewrite)?),
            q => q.map(str::to_owned),
        };
        let url = match query {
            Some(q) => format!("{endpoint}{}?{q}", target.rest),
            None => format!("{endpoint}{}", target.rest),
        };
        let routing = Routing {
            to: Some(to),
            from: Some(sender.from),
        };
        let bridge = &self.server.config().bridge;
        // The owner of the objects: the party of a Receiver URL, the receiver's own on its
        // Sender interface.
        let owner = match target.iface {
            Interface::Receiver => owner::url_party(&target.rest),
            Interface::Sender => Some(to),
        };
        let theirs = Edge {
            version: peer.version,
            party: owner,
            bridge,
        };
        let ours = Edge {
            version: target.version,
            ..theirs
        };
        let across = peer.version != target.version;
        let body = match plan.and_then(|p| p.request) {
            Some(kind) if !body.is_empty() && (across || kind.has_response_url()) => {
                convert::object_with(kind, &body, &ours, &theirs, Some(&rewrite))
                    .map_err(|e| e.into_http(&to))?
            }
            _ => body,
        };
        let forwarded =
            self.forwarded(&parts.headers, &parts.method, body, &url, &peer, routing)?;
        let answer = self.send(forwarded, &to).await?;
        let hub_endpoint =
            endpoint_url(&self.base_url, target.version, target.module, target.iface);
        let mut response = relay(answer, &to, &endpoint, &hub_endpoint, routing.reply())?;
        if let Some(plan) = plan.filter(|_| across) {
            let body = std::mem::take(response.body_mut());
            *response.body_mut() = convert::answer(&plan, body, &theirs, &ours).map_err(|e| {
                RouteError::Conversion {
                    party: to,
                    reason: e.reason(),
                }
            })?;
        }
        Ok(response)
    }

    /// The `response_url` of a request of `sender` to a party registered in `version`,
    /// pointing through the Hub: the sender's URL must lie under the Sender endpoint of
    /// `module` it registered at the Hub; the Hub's Sender endpoint of `module` in `version`
    /// takes the place of that endpoint, so that the result POSTed there with the routing
    /// headers is forwarded to the URL the sender gave.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §Flow ("the Sender can make some unique identifier
    /// part of the `response_url`"); 2.2.1 mod_charging_profiles.asciidoc §Sender Interface
    fn response_url(
        &self,
        sender: &Sender,
        module: Module,
        version: OcpiVersion,
        url: &str,
    ) -> Result<String, String> {
        let endpoint = find_endpoint(
            &sender.peer.endpoints,
            module.id(),
            Some(&Interface::Sender.role()),
        )
        .ok_or_else(|| {
            format!(
                "the sender registered no {module} Sender endpoint at the Hub: the result to response_url {url} could not come back through it"
            )
        })?;
        let theirs = endpoint.url.as_str().trim_end_matches('/');
        let hub = endpoint_url(&self.base_url, version, module, Interface::Sender);
        through_hub(url, theirs, &hub).ok_or_else(|| {
            format!(
                "response_url {url} is not under the sender's {module} Sender endpoint {theirs}: the Hub can route the result back only there"
            )
        })
    }

    async fn broadcast(
        &self,
        request: http::Request<Vec<u8>>,
        target: &Target,
        sender: &Sender,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let (parts, body) = request.into_parts();
        if !matches!(parts.method, Method::POST | Method::PUT | Method::PATCH) {
            return Err(RouteError::BroadcastMethod(parts.method).into());
        }
        if !is_shared(target.module) {
            return Err(RouteError::NotShared(target.module).into());
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
            return Err(crate::json::parse::<Box<RawValue>>(&body)
                .err()
                .map(HttpError::from)
                .unwrap_or_else(|| HttpError::invalid_parameters("the body is not JSON")));
        }
        let push = Broadcast {
            from: sender.from,
            module: target.module,
            iface: target.iface,
        };
        let (mut sent, mut delivered) = (0usize, 0usize);
        for candidate in self
            .others(sender, |c| (self.options.broadcast)(&push, c))
            .await?
        {
            let plan = convert::plan(target.module, target.iface, &parts.method, &target.rest);
            let Ok((peer, endpoint)) = self
                .destination(&candidate.party, target, plan.is_some())
                .await
            else {
                continue;
            };
            let body = match plan.and_then(|p| p.request) {
                Some(kind) if peer.version != target.version => {
                    let bridge = &self.server.config().bridge;
                    let theirs = Edge {
                        version: peer.version,
                        party: owner::url_party(&target.rest),
                        bridge,
                    };
                    let ours = Edge {
                        version: target.version,
                        ..theirs
                    };
                    match convert::object(kind, &body, &ours, &theirs) {
                        Ok(body) => body,
                        Err(convert::Failure::Read(e)) => return Err(e.into()),
                        Err(convert::Failure::Write(_) | convert::Failure::ResponseUrl(_)) => {
                            continue
                        }
                    }
                }
                _ => body.clone(),
            };
            let url = match parts.uri.query() {
                Some(q) => format!("{endpoint}{}?{q}", target.rest),
                None => format!("{endpoint}{}", target.rest),
            };
            let routing = Routing {
                to: Some(candidate.party),
                from: Some(self.party),
            };
            let forwarded =
                self.forwarded(&parts.headers, &parts.method, body, &url, &peer, routing)?;
            sent += 1;
            if let Ok(answer) = self.send(forwarded, &candidate.party).await {
                let ok = parse_response::<Box<RawValue>>(answer.body())
                    .is_ok_and(|r| r.value.is_success());
                delivered += usize::from(ok);
            }
        }
        let envelope = Response::<()>::status(
            StatusCode::SUCCESS,
            format!("Broadcast to {sent} parties, accepted by {delivered}"),
        );
        let mut response = http::Response::new(crate::json::to_vec(&envelope));
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Routing {
            to: Some(sender.from),
            from: Some(self.party),
        }
        .apply(response.headers_mut());
        Ok(response)
    }
}

/// Whether a module's objects are meant for every party, and may be sent by Broadcast Push
/// and combined by a GET All via the Hub: Locations, Tariffs and Tokens. Sessions and CDRs
/// are specific to one party (and may be protected by law); Commands, Charging Profiles and
/// Payments address one party.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push ("useful to share data like
/// Tokens and Locations, but not so much for CDRs and Sessions as these pieces of information
/// are specific to only one party and are possibly even protected by GDPR or other laws")
pub fn is_shared(module: Module) -> bool {
    matches!(module, Module::Locations | Module::Tariffs | Module::Tokens)
}

/// The `Via` entries of a request: (received protocol, received by).
fn via_entries(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in headers.get_all(VIA) {
        let Ok(text) = value.to_str() else {
            out.push((String::new(), String::new()));
            continue;
        };
        for entry in text.split(',') {
            let mut words = entry.split_whitespace();
            if let Some(protocol) = words.next() {
                out.push((
                    protocol.to_owned(),
                    words.next().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    out
}

/// The answer passed back to the sender: the destination's status and body, checked to be an
/// OCPI response, with the pagination headers (`Link` pointing back through the Hub) and the
/// routing headers of the reply.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response, §Party to Party via Hub
fn relay(
    answer: http::Response<Vec<u8>>,
    to: &PartyRef,
    endpoint: &str,
    hub_endpoint: &str,
    reply: Routing,
) -> Result<http::Response<Vec<u8>>, RouteError> {
    let (parts, body) = answer.into_parts();
    if let Err(e) = envelope::check(&body) {
        return Err(RouteError::NotOcpi {
            party: *to,
            reason: format!("HTTP {}: {e}", parts.status.as_u16()),
        });
    }
    if parts.status == http::StatusCode::UNAUTHORIZED {
        return Err(RouteError::Unreachable {
            party: *to,
            reason: "it refused the Hub's credentials (HTTP 401)".into(),
        });
    }
    let mut response = http::Response::new(body);
    *response.status_mut() = parts.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // Passed on only as the numbers they must be: the requester's pager refuses the page
    // otherwise.
    for name in [X_TOTAL_COUNT, X_LIMIT] {
        let number = |v: &&HeaderValue| v.to_str().is_ok_and(|t| t.parse::<u64>().is_ok());
        if let Some(v) = parts.headers.get(&name).filter(number) {
            headers.insert(name, v.clone());
        }
    }
    if let Ok(PageInfo {
        next: Some(next), ..
    }) = PageInfo::from_headers(&parts.headers)
    {
        if let Some(link) = through_hub(&next, endpoint, hub_endpoint) {
            if let Ok(v) = HeaderValue::from_str(&format!("<{link}>; rel=\"next\"")) {
                headers.insert(LINK, v);
            }
        }
    }
    // The URL of a CDR POSTed, at the receiver: through the Hub too.
    if let Some(location) = parts
        .headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(v) = through_hub(location, endpoint, hub_endpoint)
            .and_then(|l| HeaderValue::from_str(&l).ok())
        {
            headers.insert(http::header::LOCATION, v);
        }
    }
    reply.apply(headers);
    Ok(response)
}

/// A query with its `response_url` parameter rewritten (the other parameters kept as they
/// came).
fn rewrite_query(
    query: &str,
    rewrite: &dyn Fn(&str) -> Result<String, String>,
) -> Result<String, RouteError> {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if key == "response_url" {
            out.append_pair(&key, &rewrite(&value).map_err(RouteError::ResponseUrl)?);
        } else {
            out.append_pair(&key, &value);
        }
    }
    Ok(out.finish())
}

/// A destination's next link, pointing at the same place through the Hub: its endpoint URL
/// replaced by the Hub's. A link elsewhere is dropped (the Hub calls only a party's
/// endpoints).
fn through_hub(next: &str, endpoint: &str, hub_endpoint: &str) -> Option<String> {
    let rest = next.strip_prefix(endpoint)?;
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {
        return None;
    }
    Some(format!("{hub_endpoint}{rest}"))
}

impl<S, T, D> crate::server::loopback::Serve for Hub<S, T, D>
where
    S: CredentialsStore + Send + Sync + 'static,
    T: Transport + Send + Sync + 'static,
    D: Directory + Send + Sync + 'static,
{
    fn serve(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> crate::modules::BoxFuture<'_, http::Response<Vec<u8>>> {
        Box::pin(self.handle(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_through_the_hub() {
        let ep = "https://cpo.test/ocpi/2.2.1/sender/locations";
        let hub = "https://hub.test/ocpi/2.2.1/sender/locations";
        assert_eq!(
            through_hub(&format!("{ep}?offset=10&limit=5"), ep, hub).as_deref(),
            Some("https://hub.test/ocpi/2.2.1/sender/locations?offset=10&limit=5")
        );
        assert_eq!(through_hub(&format!("{ep}x?offset=1"), ep, hub), None);
        assert_eq!(through_hub("https://evil.test/x", ep, hub), None);
    }

    #[test]
    fn via_entries_are_counted() {
        let mut h = HeaderMap::new();
        h.append(
            VIA,
            HeaderValue::from_static("OCPI/2.2.1 a.test, OCPI/2.2.1 b.test"),
        );
        h.append(VIA, HeaderValue::from_static("1.1 proxy"));
        let entries = via_entries(&h);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].1, "b.test");
    }

    #[test]
    fn statuses() {
        let p = PartyRef::new("NL".parse().unwrap(), "MSP".parse().unwrap());
        assert_eq!(RouteError::UnknownReceiver(p).status().as_u16(), 4001);
        assert_eq!(RouteError::Timeout(p).status().as_u16(), 4002);
        assert_eq!(
            RouteError::NotConnected {
                party: p,
                status: ConnectionStatus::Offline
            }
            .status()
            .as_u16(),
            4003
        );
        let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "slow");
        assert!(default_timeout_test(&timeout));
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "no");
        assert!(!default_timeout_test(&refused));
    }
}
