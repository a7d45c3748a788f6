//! The client side: typed calls to a registered peer's modules over any HTTP stack.
//!
//! A [`Client`] holds the peer's registration (its version, endpoints and the token to call it
//! with, from the [credentials store](crate::credentials::CredentialsStore)) and a
//! [`Transport`]. One client per module and interface builds each request (the endpoint URL
//! from the peer's version details, `Authorization` in the peer's mode, a fresh
//! `X-Request-ID` and `X-Correlation-ID`, the routing headers), converts the 2.3.0 objects
//! the application speaks to the peer's version and back ([`Wire`]), reads the response
//! envelope, and returns OCPI errors as [`ClientError`]s. List calls follow the `Link`
//! headers and return every page.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc; the Interfaces and Endpoints section of each
//! module chapter (and the same chapters of 2.1.1 and 2.3.0).

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use serde_json::value::RawValue;

use crate::credentials::Peer;
use crate::json::{ItemError, ParseError};
use crate::modules::{Bridge, Edge, Interface, Module, Wire, WireError};
use crate::transport::{
    authorization_header, parse_response, MessageIds, PagerError, PagerLimits, PartyRef, Response,
    ResponseError, Routing, StatusCode, Transport, UrlError, UrlPolicy,
};
use crate::types::{CredentialsToken, DateTime, Url};
use crate::versions::find_endpoint;

/// Declares the client of each module interface: the struct (its doc with the `Spec:` line)
/// and its constructor on [`Client`] (its doc). Their calls are in the module's file.
///
/// `Name { url };` keeps the URL of the peer's endpoint, `Name;` only checks that the peer has
/// one; either way the constructor is `fn ctor => Module, Interface;` and answers
/// [`ClientError::NoEndpoint`] without it. `Name; fn ctor;` is a client of URLs the peer gives
/// in its requests (`response_url`s): its constructor cannot fail.
macro_rules! interface_clients {
    () => {};
    // The constructor: of a client of the peer's endpoint, or of URLs it gives.
    (@ctor $(#[$doc:meta])* $name:ident $ctor:ident $({ $url:ident })? => $module:ident, $iface:ident) => {
        $(#[$doc])*
        pub fn $ctor(&self) -> Result<$name<'_, T>, ClientError> {
            $(let $url =)? self.endpoint(Module::$module, Interface::$iface)?;
            Ok($name { client: self $(, $url)? })
        }
    };
    (@ctor $(#[$doc:meta])* $name:ident $ctor:ident) => {
        $(#[$doc])*
        pub fn $ctor(&self) -> $name<'_, T> {
            $name { client: self }
        }
    };
    (
        $(#[$doc:meta])*
        $name:ident $({ $url:ident })?;
        $(#[$ctor_doc:meta])*
        fn $ctor:ident $(=> $module:ident, $iface:ident)?;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'c, T> {
            client: &'c Client<T>,
            $($url: &'c str,)?
        }

        impl<T: Transport> Client<T> {
            interface_clients! {
                @ctor $(#[$ctor_doc])* $name $ctor $({ $url })? $(=> $module, $iface)?
            }
        }

        interface_clients! { $($rest)* }
    };
}

/// Declares the methods of a Receiver interface's client on the objects of a party, at
/// `{endpoint}/{country_code}/{party_id}/{ids…}` (see [`party_url`]), one a line:
///
/// - `get name(ids…) -> Object;`: `name(&self, party, ids…)` GETs the object;
/// - `put name(ids…; object: Object => id);`: `name(&self, party, ids…, object)` PUTs it at
///   the ids and its own `id` field;
/// - `put name(object: Object $(=> id)?) owned;`: `name(&self, object)` PUTs it at its own
///   party (`country_code`, `party_id`) and `id`;
/// - `patch name(ids…; patch: Patch);`: `name(&self, party, ids…, patch)` PATCHes it;
/// - `delete name(ids…);`: `name(&self, party, ids…)` DELETEs it.
///
/// Each is given its doc; the methods expect the interface client's `client` and `url` fields.
macro_rules! party_calls {
    () => {};
    ($(#[$doc:meta])* get $name:ident($($id:ident),*) -> $ty:ty; $($rest:tt)*) => {
        $(#[$doc])*
        pub async fn $name(
            &self,
            party: &$crate::transport::PartyRef,
            $($id: &str),*
        ) -> Result<$ty, $crate::client::ClientError> {
            let url = $crate::client::party_url(self.url, party, &[$($id),*]);
            self.client.get(&url, Some(*party)).await
        }

        party_calls! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        put $name:ident($($id:ident),*; $object:ident: $ty:ty => $field:ident);
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub async fn $name(
            &self,
            party: &$crate::transport::PartyRef,
            $($id: &str,)*
            $object: &$ty,
        ) -> Result<(), $crate::client::ClientError> {
            let ids = [$($id,)* $object.$field.as_str()];
            let url = $crate::client::party_url(self.url, party, &ids);
            self.client.push(::http::Method::PUT, &url, $object, Some(*party)).await
        }

        party_calls! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        put $name:ident($object:ident: $ty:ty $(=> $field:ident)?) owned;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub async fn $name(&self, $object: &$ty) -> Result<(), $crate::client::ClientError> {
            let party =
                $crate::transport::PartyRef::new($object.country_code, $object.party_id);
            let ids = [$($object.$field.as_str())?];
            let url = $crate::client::party_url(self.url, &party, &ids);
            self.client.push(::http::Method::PUT, &url, $object, Some(party)).await
        }

        party_calls! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        patch $name:ident($($id:ident),*; patch: $ty:ty);
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub async fn $name(
            &self,
            party: &$crate::transport::PartyRef,
            $($id: &str,)*
            patch: &$ty,
        ) -> Result<(), $crate::client::ClientError> {
            let url = $crate::client::party_url(self.url, party, &[$($id),*]);
            self.client.push(::http::Method::PATCH, &url, patch, Some(*party)).await
        }

        party_calls! { $($rest)* }
    };
    ($(#[$doc:meta])* delete $name:ident($($id:ident),*); $($rest:tt)*) => {
        $(#[$doc])*
        pub async fn $name(
            &self,
            party: &$crate::transport::PartyRef,
            $($id: &str),*
        ) -> Result<(), $crate::client::ClientError> {
            let url = $crate::client::party_url(self.url, party, &[$($id),*]);
            self.client.call(::http::Method::DELETE, &url, None).await.map(drop)
        }

        party_calls! { $($rest)* }
    };
}

/// Declares the methods of an interface's client on the objects under its endpoint, at
/// `{endpoint}/{prefix}/{ids…}` (no party in the URL; see [`join`]), one a line:
///
/// - `get name(ids…) under prefix -> Object;`: `name(&self, ids…)` GETs the object;
/// - `put name(ids…; body: Object) under prefix;`: `name(&self, ids…, body)` PUTs the body
///   (`patch` PATCHes it, `post` POSTs it) and expects no data back.
///
/// `under prefix` (a constant segment) is optional. Each is given its doc; the methods expect
/// the interface client's `client` and `url` fields.
macro_rules! endpoint_calls {
    () => {};
    (@method put) => { ::http::Method::PUT };
    (@method patch) => { ::http::Method::PATCH };
    (@method post) => { ::http::Method::POST };
    (
        $(#[$doc:meta])*
        get $name:ident($($id:ident),*) $(under $prefix:ident)? -> $ty:ty;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub async fn $name(&self, $($id: &str),*) -> Result<$ty, $crate::client::ClientError> {
            let url = $crate::client::join(self.url, &[$($prefix,)? $($id),*]);
            self.client.get(&url, None).await
        }

        endpoint_calls! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        $method:ident $name:ident($($id:ident),*; $body:ident: $ty:ty) $(under $prefix:ident)?;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub async fn $name(
            &self,
            $($id: &str,)*
            $body: &$ty,
        ) -> Result<(), $crate::client::ClientError> {
            let url = $crate::client::join(self.url, &[$($prefix,)? $($id),*]);
            let method = endpoint_calls!(@method $method);
            self.client.push(method, &url, $body, None).await
        }

        endpoint_calls! { $($rest)* }
    };
}

/// Declares methods that POST a result to the `response_url` the peer gave with its request
/// (`name(&self, response_url, result)`), one a line: `name(Result);` with its doc.
macro_rules! response_url_posts {
    ($($(#[$doc:meta])* $name:ident($ty:ty);)*) => {$(
        $(#[$doc])*
        pub async fn $name(
            &self,
            response_url: &$crate::types::Url,
            result: &$ty,
        ) -> Result<(), $crate::client::ClientError> {
            self.client
                .push(::http::Method::POST, response_url.as_str(), result, None)
                .await
        }
    )*};
}

interface_clients! {
    /// Calls a CPO's Sender interface of Locations (pulling its Locations).
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Sender Interface
    LocationsSenderClient { url };
    /// The client of the peer's Sender interface of Locations.
    fn locations_sender => Locations, Sender;

    /// Calls an eMSP's Receiver interface of Locations (pushing Locations to it).
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Receiver Interface
    LocationsReceiverClient { url };
    /// The client of the peer's Receiver interface of Locations.
    fn locations_receiver => Locations, Receiver;

    /// Calls a CPO's Sender interface of Sessions (pulling its Sessions, setting charging
    /// preferences).
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §Sender Interface
    SessionsSenderClient { url };
    /// The client of the peer's Sender interface of Sessions.
    fn sessions_sender => Sessions, Sender;

    /// Calls an eMSP's Receiver interface of Sessions (pushing Sessions to it).
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface
    SessionsReceiverClient { url };
    /// The client of the peer's Receiver interface of Sessions.
    fn sessions_receiver => Sessions, Receiver;

    /// Calls a CPO's Sender interface of CDRs (pulling its CDRs).
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §Sender Interface
    CdrsSenderClient;
    /// The client of the peer's Sender interface of CDRs.
    fn cdrs_sender => Cdrs, Sender;

    /// Calls an eMSP's Receiver interface of CDRs (posting new CDRs, reading them back).
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §Receiver Interface
    CdrsReceiverClient { url };
    /// The client of the peer's Receiver interface of CDRs.
    fn cdrs_receiver => Cdrs, Receiver;

    /// Calls a CPO's Sender interface of Tariffs (pulling its Tariffs).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface
    TariffsSenderClient;
    /// The client of the peer's Sender interface of Tariffs.
    fn tariffs_sender => Tariffs, Sender;

    /// Calls an eMSP's Receiver interface of Tariffs (pushing Tariffs to it).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface
    TariffsReceiverClient { url };
    /// The client of the peer's Receiver interface of Tariffs.
    fn tariffs_receiver => Tariffs, Receiver;

    /// Calls an eMSP's Sender interface of Tokens (pulling its Tokens, authorizing one).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface
    TokensSenderClient { url };
    /// The client of the peer's Sender interface of Tokens.
    fn tokens_sender => Tokens, Sender;

    /// Calls a CPO's Receiver interface of Tokens (pushing Tokens to it).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface
    TokensReceiverClient { url };
    /// The client of the peer's Receiver interface of Tokens.
    fn tokens_receiver => Tokens, Receiver;

    /// Calls a CPO's Receiver interface of Commands (sending it commands).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface
    CommandsReceiverClient { url };
    /// The client of the peer's Receiver interface of Commands.
    fn commands_receiver => Commands, Receiver;

    /// Calls an eMSP's Sender interface of Commands: POSTs the result of a command to the
    /// `response_url` the eMSP gave (any URL: the spec defines no structure for it).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §Sender Interface; 2.1.1 mod_commands.md §2.2 eMSP
    /// Interface
    CommandsSenderClient;
    /// The client of the peer's Sender interface of Commands (its `response_url`s).
    fn commands_sender;

    /// Calls a CPO's Receiver interface of Charging Profiles.
    ///
    /// Spec: 2.3.0 mod_charging_profiles.asciidoc §Receiver Interface
    ChargingProfilesReceiverClient { url };
    /// The client of the peer's Receiver interface of Charging Profiles.
    fn charging_profiles_receiver => ChargingProfiles, Receiver;

    /// Calls an SCSP's (or eMSP's) Sender interface of Charging Profiles: results POSTed to the
    /// `response_url`s it gave, and ActiveChargingProfile updates PUT to its endpoint.
    ///
    /// Spec: 2.3.0 mod_charging_profiles.asciidoc §Sender Interface
    ChargingProfilesSenderClient;
    /// The client of the peer's Sender interface of Charging Profiles.
    fn charging_profiles_sender;

    /// Calls a Hub's Sender interface of Hub Client Info (pulling the list of connected
    /// parties). Do not set routing headers on the [`Client`]: this module refuses them.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §Sender Interface
    HubClientInfoSenderClient;
    /// The client of the peer's (a Hub's) Sender interface of Hub Client Info.
    fn hub_client_info_sender => HubClientInfo, Sender;

    /// Calls a connected party's Receiver interface of Hub Client Info (a Hub pushing
    /// ClientInfo objects to it). Do not set routing headers on the [`Client`]: this module
    /// refuses them.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §Receiver Interface
    HubClientInfoReceiverClient { url };
    /// The client of the peer's Receiver interface of Hub Client Info.
    fn hub_client_info_receiver => HubClientInfo, Receiver;

    /// Calls a PTP's Sender interface of Payments (a CPO pulling Terminals and Financial Advice
    /// Confirmations, assigning Locations to Terminals, activating and deactivating them).
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Sender Interface
    PaymentsSenderClient { url };
    /// The client of the peer's (a PTP's) Sender interface of Payments.
    fn payments_sender => Payments, Sender;

    /// Calls a CPO's Receiver interface of Payments (a PTP creating Terminals and Financial
    /// Advice Confirmations).
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Receiver Interface
    PaymentsReceiverClient { url };
    /// The client of the peer's (a CPO's) Receiver interface of Payments.
    fn payments_receiver => Payments, Receiver;
}

mod cdrs;
mod charging_profiles;
mod commands;
mod hub_client_info;
mod locations;
mod pages;
mod payments;
mod sessions;
mod sync;
mod tariffs;
mod tokens;

pub use pages::{Cursor, ListedPage, Pages, Paginated};
pub use sync::{Resume, SyncError, SyncFailure, SyncOptions, Synced};

/// Why a call to a peer failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The peer offers no endpoint for this module and interface.
    #[error("the peer has no {iface} interface of {module}")]
    NoEndpoint {
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// The transport failed.
    #[error("transport error: {0}")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The peer answered with an HTTP error status (401, 404, 405, 422, 5xx…).
    #[error("HTTP {status} from {url}: {body}")]
    Http {
        /// The HTTP status.
        status: http::StatusCode,
        /// The URL called.
        url: String,
        /// The envelope of the answer, when it had one.
        envelope: Option<Box<Response<()>>>,
        /// The headers of the answer that say why or what next: `Content-Type`,
        /// `Retry-After`, `WWW-Authenticate`, `Location`, `X-Request-ID`, `X-Correlation-ID`.
        headers: Box<HeaderMap>,
        /// The start of the body (at most [`ERROR_EXCERPT`] bytes, cut at a character, with
        /// `…` when cut), as text; the token this client sends is masked if the peer echoed
        /// it.
        body: String,
    },
    /// The peer answered with an OCPI error status (2xxx, 3xxx, 4xxx).
    #[error("OCPI status {status} from {url}: {}", message.as_deref().unwrap_or(""))]
    Ocpi {
        /// The status code.
        status: StatusCode,
        /// The status message.
        message: Option<String>,
        /// The URL called.
        url: String,
    },
    /// The answer is not a response envelope, or its data is not what was asked for.
    #[error(transparent)]
    Response(#[from] ResponseError),
    /// An object could not be converted between the 2.3.0 model and the peer's version.
    #[error(transparent)]
    Wire(#[from] WireError),
    /// A URL this client would call with the peer's token is refused: not allowed by the
    /// [`UrlPolicy`], not on one of the peer's origins (its versions URL's and its
    /// endpoints'), or a next link to another origin than its page. Nothing was sent.
    #[error("URL refused: {0}")]
    Url(#[from] UrlError),
    /// A parameter the spec requires for this call is missing; nothing was sent.
    #[error("the {name} parameter is required here")]
    MissingParameter {
        /// The parameter.
        name: &'static str,
    },
    /// What the call would send has no form in the peer's OCPI version (a token type a
    /// 2.1.1 Tokens URL cannot name, for instance); nothing was sent.
    ///
    /// Spec: each version's module chapters, §Interfaces and endpoints (the parameters a
    /// version defines)
    #[error("{what} cannot be sent to an OCPI {version} peer")]
    NotInVersion {
        /// What cannot be sent.
        what: String,
        /// The peer's version.
        version: crate::versions::OcpiVersion,
    },
    /// A paginated list could not be followed to its end (loop, limits, bad headers).
    #[error("paging failed: {0}")]
    Paging(String),
}

impl ClientError {
    /// The OCPI status of an OCPI-layer error.
    pub fn ocpi_status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Ocpi { status, .. } => Some(*status),
            ClientError::Http { envelope, .. } => envelope.as_ref().map(|e| e.status_code),
            _ => None,
        }
    }

    /// The HTTP status of an HTTP-layer error.
    pub fn http_status(&self) -> Option<http::StatusCode> {
        match self {
            ClientError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// The filters of a list GET.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (Paginated Request)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only objects last updated at or after this time.
    pub date_from: Option<DateTime>,
    /// Only objects last updated before this time.
    pub date_to: Option<DateTime>,
    /// The page size to ask for (the server may return fewer).
    pub limit: Option<u64>,
}

impl ListFilter {
    /// The query string (`?date_from=…&limit=…`), empty for no filter.
    fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = &self.date_from {
            parts.push(format!("date_from={}", encode_query(&d.to_string())));
        }
        if let Some(d) = &self.date_to {
            parts.push(format!("date_to={}", encode_query(&d.to_string())));
        }
        if let Some(l) = self.limit {
            parts.push(format!("limit={l}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

fn encode_query(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

/// Every object of a list GET, from every page.
#[derive(Debug)]
pub struct Listed<T> {
    /// The objects read, in order.
    pub items: Vec<T>,
    /// The objects that could not be read or converted from the peer's version, page after
    /// page: in each page, those that could not be read with their index in the page, then
    /// those that could not be converted with their index among the page's objects read.
    pub errors: Vec<ItemError>,
    /// How many more objects could not be read or converted, after those in `errors` (at most
    /// [`MAX_ITEM_ERRORS`](crate::json::MAX_ITEM_ERRORS) are kept in detail).
    pub errors_omitted: usize,
}

impl<T> Listed<T> {
    /// How many objects could not be read or converted: those in `errors` and those omitted.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.errors_omitted
    }
}

/// A registered peer, as a client calls it.
///
/// ```
/// # use std::sync::Arc;
/// # use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
/// # use ocpi_protocol::memory::Memory;
/// # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
/// # use ocpi_protocol::transport::PartyRef;
/// # use ocpi_protocol::types::{OcpiString, Url};
/// # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
/// # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
/// # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
/// #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
/// #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
/// #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let party = |cc: &str, id: &str| PartyRef::new(cc.parse().unwrap(), id.parse().unwrap());
/// # let (cpo_party, emsp_party) = (party("NL", "CPO"), party("NL", "MSP"));
/// # let net = Loopback::new();
/// # let data = Memory::new();
/// # data.locations.put(ocpi_protocol::json::parse_strict(br#"{"country_code": "NL",
/// #     "party_id": "CPO", "id": "LOC1", "publish": true, "address": "Neude 11",
/// #     "city": "Utrecht", "country": "NLD", "coordinates": {"latitude": "52.090200",
/// #     "longitude": "5.121400"}, "time_zone": "Europe/Amsterdam",
/// #     "last_updated": "2024-05-01T08:00:00Z"}"#)?);
/// # let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, cpo_party))
/// #     .locations_sender(data).only_mounted().build(MemoryStore::new(), net.clone())?;
/// # let cpo = Arc::new(cpo);
/// # net.attach("cpo.example.com", cpo.clone());
/// # let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, emsp_party))
/// #     .only_mounted().build(MemoryStore::new(), net.clone())?;
/// # let emsp = Arc::new(emsp);
/// # net.attach("emsp.example.com", emsp.clone());
/// # let token_a = cpo.platform().issue_token_a(PeerId::new("emsp"), PartyGrant::parties([emsp_party])).await?;
/// # let url = Url::new("https://cpo.example.com/ocpi/versions")?;
/// use ocpi_protocol::client::{Client, ListFilter};
///
/// // The eMSP registers with the CPO; the registration is what the client calls.
/// let peer = emsp.platform().register(PeerId::new("cpo"), token_a, url, PartyGrant::parties([cpo_party])).await?;
/// let client = Client::new(net.clone(), peer).with_routing(emsp_party, cpo_party);
///
/// let location = client.locations_sender()?.location("LOC1").await?;
/// assert_eq!(location.id.as_str(), "LOC1");
/// let all = client.locations_sender()?.list(&ListFilter::default()).await?;
/// assert_eq!(all.items.len(), 1);
/// # Ok(())
/// # }
/// ```
///
/// The [guide](crate::guide) has the long form: [pulling pages](crate::guide::emsp),
/// [pushing](crate::guide::pushes), [commands](crate::guide::commands).
///
/// Spec: 2.2.1 credentials.asciidoc (the token to call the peer with, its endpoints);
/// 2.2.1 transport_and_format.asciidoc §Message Routing Headers
#[derive(Debug)]
pub struct Client<T> {
    transport: T,
    peer: Peer,
    routing: Routing,
    bridge: Bridge,
    limits: PagerLimits,
    urls: UrlPolicy,
    overrides: Vec<crate::versions::Endpoint>,
    /// The origins the peer's token may be sent to (see [`check_url`](Client::check_url)).
    origins: Vec<url::Origin>,
}

impl<T: Transport> Client<T> {
    /// A client calling `peer` over `transport`, with the default [`UrlPolicy`]. The routing
    /// headers are not sent; see [`with_routing`](Client::with_routing).
    ///
    /// Every URL it calls (an endpoint, a `response_url`, a next link) must pass the URL
    /// policy and be on one of the peer's origins: the scheme, host and port of its versions
    /// URL or of one of its endpoints. The peer's token is for the peer, and goes nowhere
    /// else.
    pub fn new(transport: T, peer: Peer) -> Self {
        Client {
            origins: Self::peer_origins(&peer, &[]),
            transport,
            peer,
            routing: Routing::default(),
            bridge: Bridge::default(),
            limits: PagerLimits::default(),
            urls: UrlPolicy::default(),
            overrides: Vec::new(),
        }
    }

    crate::types::setters! {
        /// Replaces the URL policy (to allow a partner on plain HTTP or a private network).
        with_url_policy(urls: UrlPolicy) => urls = urls;
    }

    /// Checks a URL before it is called with the peer's token: the URL policy, one of the
    /// peer's origins, and a path that reaches what it names (no `.` or `..` segment: an
    /// object id `..` would otherwise reach the module's parent path).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header
    pub fn check_url(&self, url: &str) -> Result<http::Uri, ClientError> {
        crate::transport::check_dot_segments(url)?;
        let origin = self.urls.check(url)?.origin();
        if !self.origins.contains(&origin) {
            let expected = self.origins.first().map_or_else(
                || "an origin of the peer".to_owned(),
                url::Origin::ascii_serialization,
            );
            return Err(UrlError::OtherOrigin {
                url: crate::transport::urls_excerpt(url),
                expected,
            }
            .into());
        }
        url.parse()
            .map_err(|e: http::uri::InvalidUri| UrlError::unparsable(url, e).into())
    }

    /// The origins of the peer's versions URL, its endpoints and the overrides: the hosts the
    /// peer's token may be sent to.
    fn peer_origins(peer: &Peer, overrides: &[crate::versions::Endpoint]) -> Vec<url::Origin> {
        let mut origins: Vec<url::Origin> = std::iter::once(peer.credentials.url())
            .chain(peer.endpoints.iter().map(|e| &e.url))
            .chain(overrides.iter().map(|e| &e.url))
            .filter_map(|u| url::Url::parse(u.as_str()).ok())
            .map(|u| u.origin())
            .collect();
        origins.dedup();
        origins
    }

    /// Sends the routing headers: `from` (one of this platform's parties) and `to` (the
    /// party called). Required when calling through a Hub; harmless between two parties.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers
    pub fn with_routing(mut self, from: PartyRef, to: PartyRef) -> Self {
        self.routing = Routing {
            to: Some(to),
            from: Some(from),
        };
        self
    }

    crate::types::setters! {
        /// Replaces the edge defaults used to convert objects for an older peer.
        with_bridge(bridge: Bridge) => bridge = bridge;
        /// Replaces the bounds of list crawls.
        with_pager_limits(limits: PagerLimits) => limits = limits;
    }

    /// The transport, each call in its span.
    fn traced(&self) -> Traced<'_, T> {
        Traced {
            transport: &self.transport,
            peer: &self.peer.id,
        }
    }

    /// A peer's `status_message`, with the token this client sends masked where the peer
    /// echoed it.
    fn masked(&self, message: Option<String>) -> Option<String> {
        message.map(|m| self.peer.credentials.token().mask(&m))
    }

    /// A [`ClientError::Http`] keeping what the peer said.
    fn http_error(
        &self,
        status: http::StatusCode,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
        envelope: Option<Response<()>>,
    ) -> ClientError {
        use http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE};
        let mut kept = HeaderMap::new();
        for name in [
            CONTENT_TYPE,
            RETRY_AFTER,
            WWW_AUTHENTICATE,
            LOCATION,
            crate::transport::X_REQUEST_ID,
            crate::transport::X_CORRELATION_ID,
        ] {
            if let Some(value) = headers.get(&name) {
                kept.insert(name, value.clone());
            }
        }
        ClientError::Http {
            status,
            url: url.to_owned(),
            envelope: envelope.map(Box::new),
            headers: Box::new(kept),
            body: excerpt(body, self.peer.credentials.token()),
        }
    }

    /// The peer's registration.
    pub fn peer(&self) -> &Peer {
        &self.peer
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The URL of the peer's endpoint for a module interface, exactly as the peer published it
    /// (or as [`with_endpoint`](Client::with_endpoint) set it): a list GET is
    /// `{endpoint_url}?[params]`, and object paths are joined to it with one `/` whether it
    /// ends with one or not. A peer whose [`Interop`](crate::interop::Interop) profile says
    /// [`trailing_slash_endpoints`](crate::interop::Interop::trailing_slash_endpoints) is
    /// called at object URLs ending with `/` too.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §GET Method (`{locations_endpoint_url}?[date_from=…]`),
    /// and the same section of every module
    pub fn endpoint(&self, module: Module, iface: Interface) -> Result<&str, ClientError> {
        let role = iface.role();
        find_endpoint(&self.overrides, module.id(), Some(&role))
            .or_else(|| find_endpoint(&self.peer.endpoints, module.id(), Some(&role)))
            .map(|e| e.url.as_str())
            .ok_or(ClientError::NoEndpoint { module, iface })
    }

    /// Calls a module interface at `url`, whatever the peer's version details say: for a peer
    /// that serves an endpoint it does not publish (a Commands receiver missing from its
    /// version details, say), or publishes it wrong. The URL's origin counts as the peer's.
    pub fn with_endpoint(mut self, module: Module, iface: Interface, url: Url) -> Self {
        let role =
            (self.peer.version != crate::versions::OcpiVersion::V2_1_1).then(|| iface.role());
        self.overrides
            .retain(|e| !e.serves_exactly(module.id(), role.as_ref()));
        self.overrides
            .push(crate::versions::Endpoint::new(module.id(), role, url));
        self.origins = Self::peer_origins(&self.peer, &self.overrides);
        self
    }

    /// The edge of the peer's version, for objects owned by `party` (by default the peer's
    /// party, when it has one).
    pub(crate) fn edge(&self, party: Option<PartyRef>) -> Edge<'_> {
        let single = || match self.peer.credentials.parties().as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        Edge {
            version: self.peer.version,
            party: party.or_else(single),
            bridge: &self.bridge,
        }
    }

    /// A request to the peer, with its headers.
    pub(crate) fn request(
        &self,
        method: Method,
        uri: http::Uri,
        body: Option<Vec<u8>>,
    ) -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(body.clone().unwrap_or_default());
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(
            AUTHORIZATION,
            authorization_header(self.peer.credentials.token(), self.peer.mode),
        );
        MessageIds::new_request().apply(headers);
        self.routing.apply(headers);
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        request
    }

    /// Sends a request and reads the envelope; an HTTP or OCPI error status is an error.
    /// Returns the data, verbatim.
    pub(crate) async fn call(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Option<Box<RawValue>>, ClientError> {
        Ok(self.call_with_headers(method, url, body).await?.0)
    }

    /// [`call`](Client::call), returning the response headers too (a `Location`, …).
    pub(crate) async fn call_with_headers(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
    ) -> Result<(Option<Box<RawValue>>, HeaderMap), ClientError> {
        let slashed;
        let url = if self.peer.terms.interop.trailing_slash_endpoints {
            slashed = crate::interop::with_trailing_slash(url);
            &*slashed
        } else {
            url
        };
        let request = self.request(method, self.check_url(url)?, body);
        let response = self
            .traced()
            .send(request)
            .await
            .map_err(|e| ClientError::Transport(Box::new(e)))?;
        let (head, body) = response.into_parts();
        let status = head.status;
        let parsed = parse_response::<Box<RawValue>>(&body);
        if !status.is_success() {
            let token = self.peer.credentials.token();
            let envelope = parsed.ok().map(|p| without_data(p.value, token));
            return Err(self.http_error(status, url, &head.headers, &body, envelope));
        }
        let envelope = parsed?.value;
        if !envelope.is_success() {
            return Err(ClientError::Ocpi {
                status: envelope.status_code,
                message: self.masked(envelope.status_message),
                url: url.to_owned(),
            });
        }
        Ok((envelope.data, head.headers))
    }

    /// GET one object.
    pub(crate) async fn get<W: Wire>(
        &self,
        url: &str,
        party: Option<PartyRef>,
    ) -> Result<W, ClientError> {
        self.fetch(Method::GET, url, None, party).await
    }

    /// Sends a request (with a body already written for the peer's version, or none) and
    /// reads the object of the answer's `data`: for calls that return data, such as the
    /// immediate answers of Commands and Charging Profiles.
    pub(crate) async fn fetch<W: Wire>(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        party: Option<PartyRef>,
    ) -> Result<W, ClientError> {
        let data = self
            .call(method, url, body)
            .await?
            .ok_or_else(|| ResponseError::Parse(data_error("data", "a success without data")))?;
        Ok(self.read(data.get().as_bytes(), &self.edge(party))?)
    }

    /// Reads one object of an answer, with the tolerances of the peer's profile.
    fn read<W: Wire>(&self, bytes: &[u8], edge: &Edge<'_>) -> Result<W, crate::modules::WireError> {
        let (interop, peer) = (self.peer.terms.interop, &self.peer.id);
        crate::interop::read(bytes, edge, interop, peer, crate::interop::Shape::Object)
    }

    /// Writes an object for the peer's version.
    pub(crate) fn write<W: Wire>(
        &self,
        value: &W,
        party: Option<PartyRef>,
    ) -> Result<Vec<u8>, ClientError> {
        Ok(value.write(&self.edge(party))?)
    }

    /// Sends one object (PUT, PATCH, POST) and expects no data back.
    pub(crate) async fn push<W: Wire>(
        &self,
        method: Method,
        url: &str,
        value: &W,
        party: Option<PartyRef>,
    ) -> Result<(), ClientError> {
        let body = self.write(value, party)?;
        self.call(method, url, Some(body)).await.map(drop)
    }

    /// Sends one object (PUT, POST) and reads the object the peer answers with.
    pub(crate) async fn exchange<W: Wire, R: Wire>(
        &self,
        method: Method,
        url: &str,
        value: &W,
        party: Option<PartyRef>,
    ) -> Result<R, ClientError> {
        let edge = self.edge(party);
        let body = value.write(&edge)?;
        let data = self
            .call(method, url, Some(body))
            .await?
            .ok_or_else(|| ResponseError::Parse(data_error("data", "a success without data")))?;
        Ok(self.read(data.get().as_bytes(), &edge)?)
    }

    /// POSTs an optional object and returns the data of the answer, verbatim (for the caller
    /// to read: what it needs may not be in the data alone).
    pub(crate) async fn post<W: Wire>(
        &self,
        url: &str,
        body: Option<&W>,
        party: Option<PartyRef>,
    ) -> Result<Box<RawValue>, ClientError> {
        let body = body.map(|b| b.write(&self.edge(party))).transpose()?;
        self.call(Method::POST, url, body).await?.ok_or_else(|| {
            ResponseError::Parse(data_error("data", "a success without data")).into()
        })
    }

    /// A [`ClientError`] for a crawl that stopped.
    fn pager_error(&self, e: PagerError<T::Error>) -> ClientError {
        match e {
            PagerError::Http {
                status,
                url,
                headers,
                body,
            } => {
                let token = self.peer.credentials.token();
                let envelope = parse_response::<Box<RawValue>>(&body)
                    .ok()
                    .map(|p| without_data(p.value, token));
                self.http_error(status, &url, &headers, &body, envelope)
            }
            PagerError::Ocpi { envelope, url } => ClientError::Ocpi {
                status: envelope.status_code,
                message: self.masked(envelope.status_message),
                url,
            },
            PagerError::Response(e) => ClientError::Response(e),
            PagerError::Transport(e) => ClientError::Transport(Box::new(e)),
            PagerError::Link(e) => ClientError::Url(e),
            other => ClientError::Paging(other.to_string()),
        }
    }
}

pub(crate) fn data_error(path: &str, message: &str) -> ParseError {
    ParseError {
        path: path.to_owned(),
        message: message.to_owned(),
        category: crate::json::ErrorCategory::Data,
        line: 0,
        column: 0,
    }
}

/// An error envelope kept in a [`ClientError::Http`]: without its data, and with `token`
/// masked wherever the peer echoed it (in `status_message` or in a member this crate does not
/// know).
fn without_data(envelope: Response<Box<RawValue>>, token: &CredentialsToken) -> Response<()> {
    let mut unknown_fields = crate::types::UnknownFields::default();
    for (name, value) in envelope.unknown_fields.iter() {
        let masked = token.mask(value.get());
        let masked = RawValue::from_string(masked).unwrap_or_else(|_| {
            RawValue::from_string("\"[token]\"".to_owned()).unwrap_or_default()
        });
        unknown_fields.insert(name, masked);
    }
    Response {
        data: None,
        status_code: envelope.status_code,
        status_message: envelope.status_message.map(|m| token.mask(&m)),
        timestamp: envelope.timestamp,
        unknown_fields,
    }
}

/// The client's transport, each call in its span (feature `tracing`).
struct Traced<'a, T> {
    transport: &'a T,
    peer: &'a crate::credentials::PeerId,
}

impl<T: Transport> Transport for Traced<'_, T> {
    type Error = T::Error;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl std::future::Future<Output = Result<http::Response<Vec<u8>>, T::Error>> + Send {
        let call = crate::trace::Call::of(&request);
        let peer = if cfg!(feature = "tracing") {
            self.peer.to_string()
        } else {
            String::new()
        };
        crate::trace::client(call, peer, self.transport.send(request))
    }
}

/// The most bytes of an error body kept in [`ClientError::Http`].
pub const ERROR_EXCERPT: usize = 1024;

/// The start of a body as text, at most [`ERROR_EXCERPT`] bytes, with `token` masked
/// ([`CredentialsToken::mask`]). The whole body (as large as the transport let it be) is
/// masked before the cut, so no part of a token is left at the cut, however the masks before
/// it shortened the text.
fn excerpt(body: &[u8], token: &CredentialsToken) -> String {
    let mut text = token.mask(&String::from_utf8_lossy(body));
    if text.len() > ERROR_EXCERPT {
        let mut end = text.len().min(ERROR_EXCERPT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// Appends path segments to an endpoint URL, each percent-encoded where needed, with one `/`
/// before each whether the URL ends with one or not, and before its query if it has one.
pub(crate) fn join(base: &str, segments: &[&str]) -> String {
    let (path, query) = base
        .split_once('?')
        .map_or((base, None), |(p, q)| (p, Some(q)));
    let mut out = path.trim_end_matches('/').to_owned();
    for s in segments {
        out.push('/');
        for c in s.chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' => out.push(c),
                other => {
                    let mut buf = [0u8; 4];
                    for b in other.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Appends query parameters to a URL, each percent-encoded (`?name=value&…`); none: the URL.
pub(crate) fn with_query(url: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return url.to_owned();
    }
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", query.finish())
}

/// The URL of an object of a Receiver interface: `{base}/{country_code}/{party_id}/{ids…}`.
pub(crate) fn party_url(base: &str, party: &PartyRef, ids: &[&str]) -> String {
    let mut segments = vec![party.country_code.as_str(), party.party_id.as_str()];
    segments.extend_from_slice(ids);
    join(base, &segments)
}
