//! The server side, sans I/O: a dispatcher that takes an `http::Request` with its body and
//! returns the `http::Response`, for every module and interface a party mounts.
//!
//! ## What it does with a request
//!
//! 1. Routes by path under the base URL:
//!    `{base}/versions`, `{base}/{version}`, `{base}/{version}/credentials` and
//!    `{base}/{version}/{sender|receiver}/{module}/…`. Anything else: 404.
//! 2. Authenticates through the credentials store ([`Platform::authenticate`]): a token A is
//!    accepted only on Versions and Credentials (else 401), an unknown token is a 401.
//! 3. Reads the routing headers: none on Versions, Credentials and Hub Client Info (2001);
//!    `OCPI-from-*` must name one of the caller's parties unless the caller is a Hub (2001);
//!    `OCPI-to-*` must name one of this platform's parties unless it is a Hub (4001).
//! 4. Parses the parameters and the body in the version of the URL, converting to the 2.3.0
//!    model the handlers speak ([`crate::modules::Wire`]): a body that is not JSON is a 400,
//!    a body that is not a valid object a 2001, a body over the limits a 413.
//! 5. Checks the URL and the body against each other: the `country_code`/`party_id` of a
//!    Receiver URL must be a party of the caller (else 404; on Hub Client Info, where it names
//!    the party described, the caller must be a Hub); the ids in a PUT body must match
//!    the URL (else 2001); a PATCH must carry `last_updated` (else 2001; not the Terminal
//!    PATCH of Payments, whose chapter and example have none).
//! 6. Calls the handler, wraps its answer in the response envelope, converts it to the
//!    version of the URL, sets the pagination headers of a list, and echoes `X-Request-ID` and
//!    `X-Correlation-ID`.
//!
//! ## Mounting
//!
//! [`ServerBuilder`] takes the platform's identity (its credentials roles), the handlers,
//! and checks them against the [table of typical interfaces](crate::modules::typical): every
//! interface the roles call for must be given a handler or be declined explicitly
//! ([`ServerBuilder::without`], [`ServerBuilder::only_mounted`]: the table is "typical, not
//! required"), and no interface beyond them is mounted unless
//! [`ServerBuilder::beyond_typical`] says so. The versions endpoint then lists exactly what is
//! mounted, in each version the module exists in.
//!
//! ## Serving
//!
//! [`Server::handle`] answers a request whose body has been read; any HTTP stack can call it
//! (`examples/http.rs` does with axum, reading bodies up to [`ServerConfig::limits`]). With
//! the `tower` feature, `TowerService` is the server as a `tower_service::Service`.
//! [`Loopback`] attaches servers to an in-process network, for tests and simulations.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc; 2.2.1 version_information_endpoint.asciidoc;
//! 2.2.1 credentials.asciidoc; 2.2.1 status_codes.asciidoc; the Interfaces and Endpoints
//! section of each module chapter (and the same chapters of 2.1.1 and 2.3.0).

use std::collections::BTreeSet;
use std::sync::Arc;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Method};

use crate::credentials::{AnyCredentials, Caller, CredentialsStore, Platform, PlatformConfig};
use crate::modules::{
    endpoint_url, typical, Bridge, Context, Edge, Interface, ListPage, ListQuery, Module, PageItem,
    Wire,
};
use crate::transport::{
    BodyLimits, HttpError, MessageIds, PageHeaders, PageRequest, PartyRef, Response, Routing,
    RoutingError, StatusCode, Transport, UrlPolicy,
};
use crate::types::{CiString, CountryCode, PartyId, Url};
use crate::v2_2_1::versions::ModuleId;
use crate::v2_3_0::credentials::{Credentials, CredentialsRole};
use crate::versions::{
    Endpoint, OcpiVersion, PublishedVersion, Required, VersionsConfig, CREDENTIALS_MODULE,
    VERSIONS_MODULE,
};

#[cfg(feature = "axum")]
mod axum;
mod cdrs;
mod charging_profiles;
mod commands;
mod hub_client_info;
mod locations;
pub(crate) mod loopback;
mod payments;
#[cfg(feature = "tower")]
mod service;
mod sessions;
mod tariffs;
mod tokens;

pub use loopback::{Loopback, UnknownHost};
#[cfg(feature = "tower")]
pub use service::TowerService;

/// Declares the handlers a server can mount: one field and one builder method per module
/// interface, and the route that serves it.
macro_rules! mounts {
    ($(
        $(#[$doc:meta])*
        $field:ident: $public:path => $erased:path, $module:ident, $iface:ident, $route:path;
    )*) => {
        /// The mounted handlers.
        #[derive(Default)]
        struct Mounts {
            $($field: Option<Arc<dyn $erased>>,)*
        }

        impl Mounts {
            /// The mounted interfaces.
            fn interfaces(&self) -> BTreeSet<(Module, Interface)> {
                let mut out = BTreeSet::new();
                $(if self.$field.is_some() {
                    out.insert((Module::$module, Interface::$iface));
                })*
                out
            }

            /// Calls the route of a mounted interface.
            async fn dispatch(
                &self,
                module: Module,
                iface: Interface,
                call: &Call<'_>,
            ) -> Result<Reply, HttpError> {
                $(if let (Module::$module, Interface::$iface, Some(h)) =
                    (module, iface, &self.$field)
                {
                    return $route(h.as_ref(), call).await;
                })*
                Err(HttpError::not_found(format!("no {iface} interface of {module} here")))
            }
        }

        impl ServerBuilder {
            $(
                $(#[$doc])*
                pub fn $field(mut self, handler: impl $public) -> Self {
                    self.mounts.$field = Some(Arc::new(handler));
                    self
                }
            )*
        }
    };
}

mounts! {
    /// Mounts the Sender interface of Locations (a CPO's).
    locations_sender: crate::modules::locations::LocationsSender
        => crate::modules::locations::ErasedLocationsSender, Locations, Sender, locations::sender;
    /// Mounts the Receiver interface of Locations (an eMSP's, NSP's…).
    locations_receiver: crate::modules::locations::LocationsReceiver
        => crate::modules::locations::ErasedLocationsReceiver, Locations, Receiver, locations::receiver;
    /// Mounts the Sender interface of Sessions (a CPO's).
    sessions_sender: crate::modules::sessions::SessionsSender
        => crate::modules::sessions::ErasedSessionsSender, Sessions, Sender, sessions::sender;
    /// Mounts the Receiver interface of Sessions (an eMSP's, SCSP's…).
    sessions_receiver: crate::modules::sessions::SessionsReceiver
        => crate::modules::sessions::ErasedSessionsReceiver, Sessions, Receiver, sessions::receiver;
    /// Mounts the Sender interface of CDRs (a CPO's).
    cdrs_sender: crate::modules::cdrs::CdrsSender
        => crate::modules::cdrs::ErasedCdrsSender, Cdrs, Sender, cdrs::sender;
    /// Mounts the Receiver interface of CDRs (an eMSP's).
    cdrs_receiver: crate::modules::cdrs::CdrsReceiver
        => crate::modules::cdrs::ErasedCdrsReceiver, Cdrs, Receiver, cdrs::receiver;
    /// Mounts the Sender interface of Hub Client Info (a Hub's).
    hub_client_info_sender: crate::modules::hub_client_info::HubClientInfoSender
        => crate::modules::hub_client_info::ErasedHubClientInfoSender, HubClientInfo, Sender,
        hub_client_info::sender;
    /// Mounts the Receiver interface of Hub Client Info (a party's connected to a Hub).
    hub_client_info_receiver: crate::modules::hub_client_info::HubClientInfoReceiver
        => crate::modules::hub_client_info::ErasedHubClientInfoReceiver, HubClientInfo, Receiver,
        hub_client_info::receiver;
    /// Mounts the Sender interface of Payments (a PTP's).
    payments_sender: crate::modules::payments::PaymentsSender
        => crate::modules::payments::ErasedPaymentsSender, Payments, Sender, payments::sender;
    /// Mounts the Receiver interface of Payments (a CPO's).
    payments_receiver: crate::modules::payments::PaymentsReceiver
        => crate::modules::payments::ErasedPaymentsReceiver, Payments, Receiver, payments::receiver;
    /// Mounts the Sender interface of Commands (an eMSP's: it receives the results of its
    /// commands; [`PendingCommands`](crate::modules::commands::PendingCommands) is one).
    commands_sender: crate::modules::commands::CommandsSender
        => crate::modules::commands::ErasedCommandsSender, Commands, Sender, commands::sender;
    /// Mounts the Receiver interface of Commands (a CPO's).
    commands_receiver: crate::modules::commands::CommandsReceiver
        => crate::modules::commands::ErasedCommandsReceiver, Commands, Receiver, commands::receiver;
    /// Mounts the Sender interface of Charging Profiles (an SCSP's, or an eMSP's that sends
    /// profiles itself).
    charging_profiles_sender: crate::modules::charging_profiles::ChargingProfilesSender
        => crate::modules::charging_profiles::ErasedChargingProfilesSender, ChargingProfiles, Sender,
        charging_profiles::sender;
    /// Mounts the Receiver interface of Charging Profiles (a CPO's).
    charging_profiles_receiver: crate::modules::charging_profiles::ChargingProfilesReceiver
        => crate::modules::charging_profiles::ErasedChargingProfilesReceiver, ChargingProfiles,
        Receiver, charging_profiles::receiver;
    /// Mounts the Sender interface of Tariffs (a CPO's).
    tariffs_sender: crate::modules::tariffs::TariffsSender
        => crate::modules::tariffs::ErasedTariffsSender, Tariffs, Sender, tariffs::sender;
    /// Mounts the Receiver interface of Tariffs (an eMSP's, NSP's…).
    tariffs_receiver: crate::modules::tariffs::TariffsReceiver
        => crate::modules::tariffs::ErasedTariffsReceiver, Tariffs, Receiver, tariffs::receiver;
    /// Mounts the Sender interface of Tokens (an eMSP's).
    tokens_sender: crate::modules::tokens::TokensSender
        => crate::modules::tokens::ErasedTokensSender, Tokens, Sender, tokens::sender;
    /// Mounts the Receiver interface of Tokens (a CPO's).
    tokens_receiver: crate::modules::tokens::TokensReceiver
        => crate::modules::tokens::ErasedTokensReceiver, Tokens, Receiver, tokens::receiver;
}

/// The default and largest page a list GET returns.
pub const DEFAULT_MAX_LIMIT: u64 = 100;

/// Who the platform is and how it serves.
///
/// Spec: 2.3.0 credentials.asciidoc §Credentials object (`roles`, `hub_party_id`); 2.2.1
/// transport_and_format.asciidoc §Pagination
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The base URL everything is served under (`https://example.com/ocpi`): the versions list
    /// is at `{base}/versions`.
    pub base_url: Url,
    /// The platform's roles, as in its 2.3.0 credentials (one entry per party and role).
    pub roles: Vec<CredentialsRole>,
    /// The party id of the platform when it is a Roaming Hub (2.3.0 `hub_party_id`). A Hub's
    /// `roles` are then the parties reachable through it, as 2.3.0 credentials list them,
    /// and the interfaces it must mount are those of the table's Hub column.
    pub hub_party_id: Option<CiString<5>>,
    /// The business details of a Hub's `HUB` role in its 2.2.1 credentials (required to serve
    /// 2.2.1 with a `hub_party_id`: 2.3.0 names a Hub by id only).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (`business_details`, required)
    pub hub_business_details: Option<crate::v2_2_1::locations::BusinessDetails>,
    /// The versions served (default: all three).
    pub versions: Vec<OcpiVersion>,
    /// The largest page a list GET returns (default [`DEFAULT_MAX_LIMIT`]).
    pub max_limit: u64,
    /// The endpoints every peer must offer, besides `credentials`.
    pub required: Vec<Required>,
    /// Limits on request bodies.
    pub limits: BodyLimits,
    /// Which URLs a peer gives may be called with tokens during the handshake
    /// ([`PlatformConfig::urls`]).
    pub urls: UrlPolicy,
    /// What the edge needs to convert objects for older peers.
    pub bridge: Bridge,
}

impl ServerConfig {
    /// A configuration serving every version, with the default page size and limits.
    pub fn new(base_url: Url, roles: Vec<CredentialsRole>) -> Self {
        ServerConfig {
            base_url,
            roles,
            hub_party_id: None,
            hub_business_details: None,
            versions: OcpiVersion::ALL.to_vec(),
            max_limit: DEFAULT_MAX_LIMIT,
            required: Vec::new(),
            limits: BodyLimits::default(),
            urls: UrlPolicy::default(),
            bridge: Bridge::default(),
        }
    }

    fn base_path(&self) -> String {
        self.base_url.as_str().trim_end_matches('/').to_owned()
    }

    /// The URL of an endpoint under the base URL.
    fn url(&self, path: &str) -> Result<Url, BuildError> {
        let text = format!("{}/{path}", self.base_path());
        Url::new(&text).map_err(|e| BuildError::Url(e.to_string()))
    }

    fn parties(&self) -> Vec<PartyRef> {
        let mut out: Vec<PartyRef> = self
            .roles
            .iter()
            .map(|r| PartyRef::new(r.country_code, r.party_id))
            .collect();
        out.dedup();
        out
    }
}

/// Why a server could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A role calls for an interface that no handler was given for.
    #[error(
        "the {role} role calls for the {iface} interface of {module}, and no handler was given"
    )]
    Missing {
        /// The role.
        role: String,
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// A handler was given for an interface none of the roles typically implements.
    #[error("no role of this platform implements the {iface} interface of {module} (see ServerBuilder::beyond_typical)")]
    Unexpected {
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// The platform has no roles.
    #[error("a platform needs at least one role")]
    NoRoles,
    /// An endpoint URL could not be made from the base URL.
    #[error("bad base URL: {0}")]
    Url(String),
    /// The credentials object of a version could not be made from the roles.
    #[error("the credentials of {version} cannot be made: {reason}")]
    Credentials {
        /// The version.
        version: OcpiVersion,
        /// Why.
        reason: String,
    },
}

/// Builds a [`Server`]: the configuration, then one handler per interface the roles call for.
///
/// ```
/// use ocpi_protocol::credentials::MemoryStore;
/// use ocpi_protocol::memory::Memory;
/// use ocpi_protocol::modules::{Interface, Module};
/// use ocpi_protocol::server::{BuildError, Loopback, ServerBuilder, ServerConfig};
/// # use ocpi_protocol::types::{OcpiString, Url};
/// # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
/// # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
/// # let name = BusinessDetails::new(OcpiString::new("Example CPO").unwrap());
/// # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse().unwrap(), "NL".parse().unwrap())];
/// # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi").unwrap(), roles);
///
/// // `config`: a CPO, NL*CPO, at https://cpo.example.com/ocpi.
/// let data = Memory::new();
/// let builder = ServerBuilder::new(config).locations_sender(data.clone());
/// // A CPO typically serves more than Locations: each interface is given or declined.
/// let refused = builder.build(MemoryStore::new(), Loopback::new()).unwrap_err();
/// assert!(matches!(refused, BuildError::Missing { .. }));
/// # let name = BusinessDetails::new(OcpiString::new("Example CPO").unwrap());
/// # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse().unwrap(), "NL".parse().unwrap())];
/// # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi").unwrap(), roles);
///
/// let server = ServerBuilder::new(config)
///     .with_max_limit(50)
///     .locations_sender(data.clone())
///     .only_mounted()
///     .build(MemoryStore::new(), Loopback::new())
///     .unwrap();
/// assert!(server.mounted().contains(&(Module::Locations, Interface::Sender)));
/// assert_eq!(server.mounted().len(), 1);
/// ```
///
/// The [guide](crate::guide) builds complete platforms, starting with
/// [a CPO](crate::guide::cpo).
pub struct ServerBuilder {
    config: ServerConfig,
    mounts: Mounts,
    beyond_typical: bool,
    declined: BTreeSet<(Module, Interface)>,
    only_mounted: bool,
    vetting: Option<crate::credentials::Vetting>,
    routed: BTreeSet<(Module, Interface)>,
}

impl std::fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder")
            .field("config", &self.config)
            .field("mounted", &self.mounts.interfaces())
            .finish()
    }
}

impl ServerBuilder {
    /// A builder with nothing mounted.
    pub fn new(config: ServerConfig) -> Self {
        ServerBuilder {
            config,
            mounts: Mounts::default(),
            beyond_typical: false,
            declined: BTreeSet::new(),
            only_mounted: false,
            vetting: None,
            routed: BTreeSet::new(),
        }
    }

    /// Publishes `interfaces` as served by a Hub's routing engine ([`crate::hub::Hub`]),
    /// which answers them before the dispatcher: they count as mounted for the role checks
    /// and are listed in the version details, without a handler.
    pub(crate) fn routed(mut self, interfaces: BTreeSet<(Module, Interface)>) -> Self {
        self.routed = interfaces;
        self
    }

    /// Sets the hook that decides the claims of peers registered with
    /// [`PartyGrant::Vetted`](crate::credentials::PartyGrant::Vetted)
    /// ([`Platform::with_vetting`]).
    pub fn with_vetting(
        mut self,
        vetting: impl Fn(&crate::credentials::PeerId, &[crate::credentials::Claim]) -> Result<(), String>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.vetting = Some(Arc::new(vetting));
        self
    }

    /// Sets the URL policy of the handshake's calls ([`ServerConfig::urls`]).
    pub fn with_url_policy(mut self, urls: UrlPolicy) -> Self {
        self.config.urls = urls;
        self
    }

    /// Sets the largest page a list GET returns ([`ServerConfig::max_limit`]).
    pub fn with_max_limit(mut self, max_limit: u64) -> Self {
        self.config.max_limit = max_limit.max(1);
        self
    }

    /// Declines an interface the roles typically implement: it is not mounted, and not
    /// published.
    pub fn without(mut self, module: Module, iface: Interface) -> Self {
        self.declined.insert((module, iface));
        self
    }

    /// Declines every interface the roles typically implement that no handler was given
    /// for (a platform implementing part of the modules).
    pub fn only_mounted(mut self) -> Self {
        self.only_mounted = true;
        self
    }

    /// Allows handlers for interfaces the platform's roles do not typically implement (the
    /// table is "typical", not required).
    pub fn beyond_typical(mut self) -> Self {
        self.beyond_typical = true;
        self
    }

    /// The interfaces the roles call for ([`typical`]), for the functional modules. A Hub's
    /// roles are the parties reachable through it: only the Hub column applies.
    fn called_for(&self) -> Vec<(String, Module, Interface)> {
        let roles: Vec<(String, Option<crate::v2_3_0::credentials::Role>)> =
            if self.config.hub_party_id.is_some() {
                vec![("HUB".to_owned(), None)]
            } else {
                self.config
                    .roles
                    .iter()
                    .map(|r| (r.role.to_string(), Some(r.role.clone())))
                    .collect()
            };
        let mut out = Vec::new();
        for (name, role) in &roles {
            for module in Module::ALL {
                if matches!(module, Module::Credentials | Module::Versions) {
                    continue;
                }
                for iface in typical(role.as_ref(), module).interfaces() {
                    out.push((name.clone(), module, *iface));
                }
            }
        }
        out
    }

    /// Checks the handlers against the roles, publishes the mounted interfaces, and returns
    /// the server, with its credentials store and the transport it calls peers with.
    pub fn build<S: CredentialsStore, T: Transport>(
        self,
        store: S,
        transport: T,
    ) -> Result<Server<S, T>, BuildError> {
        if self.config.roles.is_empty() {
            return Err(BuildError::NoRoles);
        }
        let handled = self.mounts.interfaces();
        let mounted: BTreeSet<(Module, Interface)> = handled.union(&self.routed).copied().collect();
        let called_for = self.called_for();
        for (role, module, iface) in &called_for {
            let declined = self.only_mounted || self.declined.contains(&(*module, *iface));
            if !declined && !mounted.contains(&(*module, *iface)) {
                return Err(BuildError::Missing {
                    role: role.clone(),
                    module: *module,
                    iface: *iface,
                });
            }
        }
        if !self.beyond_typical {
            if let Some((module, iface)) = mounted.iter().find(|m| {
                !called_for
                    .iter()
                    .any(|(_, module, iface)| (*module, *iface) == **m)
            }) {
                return Err(BuildError::Unexpected {
                    module: *module,
                    iface: *iface,
                });
            }
        }
        let versions = self.published(&mounted)?;
        let credentials = self.credentials(&versions.url)?;
        let mut platform_config = PlatformConfig::new(versions, credentials);
        platform_config.required = self.config.required.clone();
        platform_config.limits = self.config.limits;
        platform_config.urls = self.config.urls.clone();
        let parties = self.config.parties();
        let base_path = url_path(self.config.base_url.as_str());
        let mut platform = Platform::new(platform_config, store, transport);
        if let Some(vetting) = self.vetting {
            platform = platform.with_vetting(move |peer, claims| vetting(peer, claims));
        }
        if let Some(hook) = self.config.bridge.tolerance_hook() {
            platform = platform.on_tolerated(move |t| hook(t));
        }
        Ok(Server {
            platform,
            mounts: self.mounts,
            mounted: handled,
            parties,
            base_path,
            config: self.config,
        })
    }

    /// The versions list and each version's endpoints: credentials, and every mounted
    /// interface of a module that exists in the version.
    fn published(
        &self,
        mounted: &BTreeSet<(Module, Interface)>,
    ) -> Result<VersionsConfig, BuildError> {
        let config = &self.config;
        let mut versions = Vec::new();
        for &version in &config.versions {
            let mut endpoints = vec![Endpoint::new(
                CREDENTIALS_MODULE,
                (version != OcpiVersion::V2_1_1)
                    .then_some(crate::v2_2_1::versions::InterfaceRole::Sender),
                config.url(&format!("{version}/credentials"))?,
            )];
            let mut listed = BTreeSet::new();
            for &(module, iface) in mounted {
                if !module.exists_in(version) {
                    continue;
                }
                // 2.1.1 endpoints have no role: a module is listed once, with the first of
                // its interfaces.
                if version == OcpiVersion::V2_1_1 && !listed.insert(module) {
                    continue;
                }
                let url = endpoint_url(config.base_url.as_str(), version, module, iface);
                endpoints.push(Endpoint::new(
                    module.id(),
                    (version != OcpiVersion::V2_1_1).then(|| iface.role()),
                    Url::new(&url).map_err(|e| BuildError::Url(e.to_string()))?,
                ));
            }
            versions.push(PublishedVersion {
                version,
                url: config.url(version.as_str())?,
                endpoints,
            });
        }
        Ok(VersionsConfig {
            url: config.url("versions")?,
            versions,
        })
    }

    /// The platform's credentials object in each version, from its 2.3.0 roles.
    fn credentials(&self, versions_url: &Url) -> Result<Vec<AnyCredentials>, BuildError> {
        use crate::convert::{
            v211_v221::CredentialsChoice, v221_v230::CredentialsDowngrade, Convert,
        };
        // A placeholder: the token is filled in when the object is sent.
        let token = crate::types::CredentialsToken::new("unset")
            .map_err(|e| BuildError::Url(e.to_string()))?;
        let mut v230 = Credentials::new(token, versions_url.clone(), self.config.roles.clone());
        v230.hub_party_id = self.config.hub_party_id.clone();
        let error = |version| {
            move |e: crate::convert::ConvertError| BuildError::Credentials {
                version,
                reason: e.to_string(),
            }
        };
        let mut out = Vec::new();
        for &version in &self.config.versions {
            let v221 = || {
                Convert::<crate::v2_2_1::credentials::Credentials>::convert(
                    v230.clone(),
                    &CredentialsDowngrade::new(self.config.hub_business_details.clone()),
                )
                .map_err(error(OcpiVersion::V2_2_1))
                .map(|c| c.value)
            };
            out.push(match version {
                OcpiVersion::V2_3_0 => AnyCredentials::V2_3_0(v230.clone()),
                OcpiVersion::V2_2_1 => AnyCredentials::V2_2_1(v221()?),
                OcpiVersion::V2_1_1 => AnyCredentials::V2_1_1(
                    Convert::<crate::v2_1_1::credentials::Credentials>::convert(
                        v221()?,
                        &CredentialsChoice::new(),
                    )
                    .map_err(error(OcpiVersion::V2_1_1))?
                    .value,
                ),
            });
        }
        Ok(out)
    }
}

/// The path of a URL (`/ocpi` of `https://example.com/ocpi/`), without its trailing slash.
pub(crate) fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_owned()
}

/// A platform serving OCPI: the credentials [`Platform`] (for the handshake, on both sides)
/// and the mounted module handlers.
///
/// ```
/// use http::header::AUTHORIZATION;
/// use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
/// use ocpi_protocol::server::{Loopback, ServerBuilder};
/// use ocpi_protocol::transport::{authorization_header, AuthorizationMode, PartyRef};
/// # use ocpi_protocol::server::ServerConfig;
/// # use ocpi_protocol::types::{OcpiString, Url};
/// # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
/// # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let name = BusinessDetails::new(OcpiString::new("Example CPO")?);
/// # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse()?, "NL".parse()?)];
/// # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi")?, roles);
///
/// let server = ServerBuilder::new(config)
///     .only_mounted()
///     .build(MemoryStore::new(), Loopback::new())?;
/// let versions = "https://cpo.example.com/ocpi/versions";
/// // Without a known token: 401.
/// let anonymous = http::Request::get(versions).body(Vec::new())?;
/// assert_eq!(server.handle(anonymous).await.status(), 401);
///
/// // With a token A this platform issued: the versions list.
/// let msp = PartyRef::new("NL".parse()?, "MSP".parse()?);
/// let token_a = server.platform().issue_token_a(PeerId::new("emsp"), PartyGrant::parties([msp])).await?;
/// let auth = authorization_header(&token_a, AuthorizationMode::Base64);
/// let request = http::Request::get(versions).header(AUTHORIZATION, auth).body(Vec::new())?;
/// let response = server.handle(request).await;
/// assert_eq!(response.status(), 200);
/// assert!(std::str::from_utf8(response.body())?.contains(r#""version":"2.3.0""#));
/// # Ok(())
/// # }
/// ```
///
/// [The guide](crate::guide) shows servers registering with each other and exchanging data.
pub struct Server<S, T> {
    platform: Platform<S, T>,
    mounts: Mounts,
    mounted: BTreeSet<(Module, Interface)>,
    parties: Vec<PartyRef>,
    base_path: String,
    config: ServerConfig,
}

impl<S, T> std::fmt::Debug for Server<S, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("config", &self.config)
            .field("mounted", &self.mounted)
            .finish_non_exhaustive()
    }
}

/// The route a path names.
enum Route<'p> {
    Versions,
    Details(OcpiVersion),
    Credentials(OcpiVersion),
    Module {
        version: OcpiVersion,
        module: Module,
        iface: Interface,
        rest: Vec<&'p str>,
    },
}

impl<S: CredentialsStore, T: Transport> Server<S, T> {
    /// The credentials platform: to issue a token A, register with a peer, update or
    /// unregister.
    pub fn platform(&self) -> &Platform<S, T> {
        &self.platform
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// The interfaces mounted.
    pub fn mounted(&self) -> &BTreeSet<(Module, Interface)> {
        &self.mounted
    }

    /// Answers one request. Never fails: every error is an HTTP response with the statuses
    /// the spec names. The response echoes the request's `X-Request-ID` and
    /// `X-Correlation-ID`, and a functional module's answer to a request that carried routing
    /// headers carries them swapped.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Unique message IDs, §Message Routing Headers
    pub async fn handle(&self, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        crate::trace::server(&request, async {
            let ids = MessageIds::from_request(request.headers());
            let mut response = match self.route(&request).await {
                Ok(response) => response,
                Err(e) => e.to_response(),
            };
            ids.apply(response.headers_mut());
            response
        })
        .await
    }

    fn parse_route<'p>(&self, path: &'p str) -> Option<Route<'p>> {
        let rest = path.strip_prefix(self.base_path.as_str())?;
        let rest = rest.strip_prefix('/')?;
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        let version = |s: &str| {
            s.parse::<OcpiVersion>()
                .ok()
                .filter(|v| self.config.versions.contains(v))
        };
        Some(match segments.as_slice() {
            ["versions"] => Route::Versions,
            [v] => Route::Details(version(v)?),
            [v, "credentials"] => Route::Credentials(version(v)?),
            [v, iface, module, rest @ ..] => {
                let iface = match *iface {
                    "sender" => Interface::Sender,
                    "receiver" => Interface::Receiver,
                    _ => return None,
                };
                let module = Module::from_id(module)?;
                let version = version(v)?;
                if !module.exists_in(version) || !self.mounted.contains(&(module, iface)) {
                    return None;
                }
                Route::Module {
                    version,
                    module,
                    iface,
                    rest: rest.to_vec(),
                }
            }
            _ => return None,
        })
    }

    async fn route(
        &self,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let path = request.uri().path();
        let route = self
            .parse_route(path)
            .ok_or_else(|| HttpError::not_found(format!("no endpoint at {path}")))?;
        let headers = request.headers();
        match route {
            Route::Versions | Route::Details(_) => {
                crate::trace::record("module", &VERSIONS_MODULE);
                let caller = self.platform.authenticate(headers, VERSIONS_MODULE).await?;
                crate::trace::record("peer", caller.peer());
                Routing::for_module(headers, None)?;
                self.config.limits.check(request.body())?;
                Ok(match route {
                    Route::Details(version) => {
                        self.platform
                            .handle_version_details(request, &caller, version)
                            .await
                    }
                    _ => self.platform.handle_versions(request, &caller),
                })
            }
            Route::Credentials(version) => {
                crate::trace::record("module", &CREDENTIALS_MODULE);
                crate::trace::record("version", &version);
                let caller = self
                    .platform
                    .authenticate(headers, CREDENTIALS_MODULE)
                    .await?;
                crate::trace::record("peer", caller.peer());
                Routing::for_module(headers, Some(&ModuleId::Credentials))?;
                self.config.limits.check(request.body())?;
                Ok(self
                    .platform
                    .handle_credentials(request, &caller, version)
                    .await)
            }
            Route::Module {
                version,
                module,
                iface,
                rest,
            } => {
                crate::trace::record("module", &module);
                crate::trace::record("version", &version);
                let caller = self.platform.authenticate(headers, module.id()).await?;
                crate::trace::record("peer", caller.peer());
                let ctx = self.context(headers, &caller, version, module).await?;
                let url = self.request_url(request);
                let call = Call {
                    method: request.method(),
                    rest,
                    query: request.uri().query(),
                    body: request.body(),
                    ctx: &ctx,
                    bridge: &self.config.bridge,
                    limits: &self.config.limits,
                    max_limit: self.config.max_limit,
                    url,
                };
                let mut response = match self.mounts.dispatch(module, iface, &call).await {
                    Ok(reply) => reply.into_response(),
                    Err(e) => e.to_response(),
                };
                self.answer_routing(&ctx).apply(response.headers_mut());
                Ok(response)
            }
        }
    }

    /// The context of a request to a functional module from a registered peer, with the
    /// routing headers checked.
    async fn context(
        &self,
        headers: &HeaderMap,
        caller: &Caller,
        version: OcpiVersion,
        module: Module,
    ) -> Result<Context, HttpError> {
        let Caller::Registered { peer } = caller else {
            return Err(HttpError::unauthorized(
                "the functional modules need a registered peer's token",
            ));
        };
        let registration = self
            .platform
            .store()
            .peer(peer)
            .await
            .map_err(HttpError::server_error)?
            .ok_or_else(|| HttpError::unauthorized("the peer is not registered"))?;
        let module_id = ModuleId::from_wire(module.id()).map_err(HttpError::server_error)?;
        let routing = Routing::for_module(headers, Some(&module_id))?;
        let parties = registration.credentials.parties();
        let caller_is_hub = registration.credentials.is_hub();
        let from = match routing.from {
            Some(from) if caller_is_hub || parties.contains(&from) => Some(from),
            Some(from) => return Err(RoutingError::ForeignSender(from).into()),
            // A 2.3.0 Hub's roles are the parties reachable through it, not the Hub itself.
            None if caller_is_hub => registration.credentials.hub_party(),
            None if parties.len() == 1 => parties.first().copied(),
            None => None,
        };
        if let Some(to) = routing.to {
            if self.config.hub_party_id.is_none() && !self.parties.contains(&to) {
                return Err(RoutingError::UnknownReceiver(to).into());
            }
        }
        Ok(Context {
            peer: peer.clone(),
            version,
            parties,
            from,
            hub: caller_is_hub,
            routing,
            request_id: header_text(headers, &crate::transport::X_REQUEST_ID),
            correlation_id: header_text(headers, &crate::transport::X_CORRELATION_ID),
            interop: registration.terms.interop,
        })
    }

    /// The routing headers of the answer to a functional module's request: those of the
    /// request swapped (`OCPI-to-*` = the requesting party, `OCPI-from-*` = the party
    /// addressed, or this platform's only party). A request that carried no routing headers
    /// (a peer-to-peer connection between two platforms of one party each) gets none.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers ("these four headers
    /// SHALL be implemented for any request/response to/from a Functional Module"), §Party to
    /// Party (without Hub) and §Party to Party via Hub ("Direct response: Receiving platform
    /// to Hub | TO: Requesting-party | FROM: Receiving-party")
    fn answer_routing(&self, ctx: &Context) -> Routing {
        let request = ctx.routing;
        if request.to.is_none() && request.from.is_none() {
            return Routing::default();
        }
        let only = match self.parties.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        Routing {
            to: request.from.or(ctx.from),
            from: request.to.or(only),
        }
    }

    /// The absolute URL of a request (for the `Link` of the next page): its path and query
    /// under the base URL's scheme and host.
    fn request_url(&self, request: &http::Request<Vec<u8>>) -> url::Url {
        let base = self.config.base_url.as_str();
        let origin_end = base.split_once("://").map_or(0, |(s, rest)| {
            s.len() + 3 + rest.find('/').unwrap_or(rest.len())
        });
        let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str());
        url::Url::parse(&format!("{}{path_and_query}", &base[..origin_end]))
            .or_else(|_| url::Url::parse(base))
            .unwrap_or_else(|_| url::Url::parse("http://localhost/").expect("a valid URL"))
    }
}

fn header_text(headers: &HeaderMap, name: &http::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A request to a module interface, as its route sees it.
pub(crate) struct Call<'a> {
    /// The method.
    pub method: &'a Method,
    /// The path segments after the module's.
    pub rest: Vec<&'a str>,
    /// The query string.
    pub query: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
    /// Who calls.
    pub ctx: &'a Context,
    /// The application's edge defaults.
    pub bridge: &'a Bridge,
    /// The body limits.
    pub limits: &'a BodyLimits,
    /// The largest page.
    pub max_limit: u64,
    /// The absolute request URL.
    pub url: url::Url,
}

impl Call<'_> {
    /// The edge of this request's version, for objects owned by `party` (by default the
    /// party the request is from).
    pub fn edge(&self, party: Option<PartyRef>) -> Edge<'_> {
        Edge {
            version: self.ctx.version,
            party: party.or(self.ctx.from),
            bridge: self.bridge,
        }
    }

    /// The body, read as `W` in the request's version (limits checked first).
    pub fn body<W: Wire>(&self, party: Option<PartyRef>) -> Result<W, HttpError> {
        self.limits.check(self.body)?;
        let (edge, ctx) = (self.edge(party), self.ctx);
        let shape = crate::interop::Shape::Object;
        Ok(crate::interop::read(
            self.body,
            &edge,
            ctx.interop,
            &ctx.peer,
            shape,
        )?)
    }

    /// A path segment as an id of at most `N` characters (2001 otherwise).
    pub fn id<const N: usize>(&self, segment: &str, name: &str) -> Result<CiString<N>, HttpError> {
        let text = percent_decode(segment);
        CiString::new(&text)
            .map_err(|e| HttpError::invalid_parameters(format!("{name} in the URL: {e}")))
    }

    /// The party of a Receiver URL: it must be a party of the caller (the OCPI-from party of
    /// a Hub's request counts), else 404.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Client Owned Object Push (the server "is
    /// allowed to respond with an HTTP 404 status code, this way blocking client access to
    /// objects that do not belong to them")
    pub fn party(&self, country_code: &str, party_id: &str) -> Result<PartyRef, HttpError> {
        let party = self.party_segments(country_code, party_id)?;
        if self.is_callers(&party) {
            Ok(party)
        } else {
            Err(HttpError::not_found(format!(
                "{party} is not a party of the caller"
            )))
        }
    }

    /// The `{country_code}/{party_id}` segments of a URL as a party (2001 when malformed),
    /// without checking whose it is.
    pub fn party_segments(
        &self,
        country_code: &str,
        party_id: &str,
    ) -> Result<PartyRef, HttpError> {
        let invalid = |e: String| HttpError::invalid_parameters(format!("party in the URL: {e}"));
        Ok(PartyRef::new(
            CountryCode::new(country_code).map_err(|e| invalid(e.to_string()))?,
            PartyId::new(party_id).map_err(|e| invalid(e.to_string()))?,
        ))
    }

    /// Whether `party` is a party of the caller (the OCPI-from party of a Hub's request
    /// counts). A Roaming Hub acts for every party connected to it (being one needs the Hub
    /// role in its grant): a Broadcast Push it forwards keeps the original sender's party in
    /// the URL while `OCPI-from-*` names the Hub.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push ("For Client Owned Objects,
    /// the party-id and country-code in the URL segments will still be the original party-id
    /// and country-code from the original client sending the Broadcast Push to the Hub")
    pub fn is_callers(&self, party: &PartyRef) -> bool {
        self.ctx.hub || self.ctx.parties.contains(party) || self.ctx.from == Some(*party)
    }

    /// The value of a query parameter (`+` and `%XX` decoded), the first if repeated.
    pub fn query_param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.unwrap_or_default().as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// Checks a request to a Sender interface whose only endpoint is the list: a sub-path is
    /// 404, another method than GET is 405.
    pub fn list_endpoint_only(&self) -> Result<(), HttpError> {
        if !self.rest.is_empty() {
            return Err(self.no_such_path());
        }
        if self.method != Method::GET {
            return Err(self.method_not_allowed());
        }
        Ok(())
    }

    /// The paging parameters of a list GET.
    pub fn list_query(&self) -> Result<ListQuery, HttpError> {
        let request = PageRequest::from_query(self.query, self.max_limit)?;
        Ok(ListQuery::new(&request, self.max_limit))
    }

    /// 405 for a method this endpoint does not answer.
    pub fn method_not_allowed(&self) -> HttpError {
        HttpError::method_not_allowed(format!("{} is not allowed here", self.method))
    }

    /// 404 for a path this interface does not have.
    pub fn no_such_path(&self) -> HttpError {
        HttpError::not_found(format!("no such endpoint: {}", self.url.path()))
    }
}

/// Checks that an id of a body matches the URL (2001 otherwise).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Client Owned Object Push ("the server SHALL
/// check that the id in the object and the URL are the same")
pub(crate) fn same_id(field: &str, in_body: Option<&str>, in_url: &str) -> Result<(), HttpError> {
    match in_body {
        Some(b) if !b.eq_ignore_ascii_case(in_url) => Err(HttpError::invalid_parameters(format!(
            "{field} {b:?} of the body does not match {in_url:?} of the URL"
        ))),
        _ => Ok(()),
    }
}

/// Checks that the party of a body matches the URL (2001 otherwise).
pub(crate) fn same_party(
    country_code: Option<&CountryCode>,
    party_id: Option<&PartyId>,
    url: &PartyRef,
) -> Result<(), HttpError> {
    same_id(
        "country_code",
        country_code.map(|c| c.as_str()),
        url.country_code.as_str(),
    )?;
    same_id(
        "party_id",
        party_id.map(|p| p.as_str()),
        url.party_id.as_str(),
    )
}

/// Checks that a PATCH body carries `last_updated` (2001 otherwise).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §PATCH ("Any request to the PATCH method SHALL
/// contain the `last_updated` field")
pub(crate) fn patch_has_last_updated<D>(last_updated: &Option<D>) -> Result<(), HttpError> {
    match last_updated {
        Some(_) => Ok(()),
        None => Err(HttpError::invalid_parameters(
            "a PATCH request must contain last_updated",
        )),
    }
}

/// Decodes `%XX` escapes of a path segment (ids may contain reserved characters).
fn percent_decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a route answers with.
pub(crate) struct Reply {
    /// The HTTP status (200 unless the spec says otherwise).
    pub status: http::StatusCode,
    /// The `data` of the envelope, as JSON.
    pub data: Option<Vec<u8>>,
    /// Headers to add (pagination, `Location`).
    pub headers: HeaderMap,
}

impl Reply {
    /// A success without data.
    pub fn empty() -> Self {
        Reply {
            status: http::StatusCode::OK,
            data: None,
            headers: HeaderMap::new(),
        }
    }

    /// A success carrying one object, written for the request's version.
    pub fn object<W: Wire>(
        call: &Call<'_>,
        value: &W,
        party: Option<PartyRef>,
    ) -> Result<Self, HttpError> {
        let data = value
            .write(&call.edge(party))
            .map_err(HttpError::server_error)?;
        Ok(Reply {
            data: Some(data),
            ..Reply::empty()
        })
    }

    /// Serves a list GET: reads the paging parameters, asks `list` for the page, and writes
    /// it with its pagination headers.
    pub async fn list<W: PageItem, F>(
        call: &Call<'_>,
        list: impl FnOnce(ListQuery) -> F,
    ) -> Result<Self, HttpError>
    where
        F: std::future::Future<Output = crate::modules::ModuleResult<ListPage<W>>>,
    {
        let query = call.list_query()?;
        let page = list(query.clone()).await?;
        Reply::page(call, &query, &page)
    }

    /// A page of a list GET: the objects, written for the request's version, and the
    /// pagination headers. An object that cannot be written in the request's version is left
    /// out and reported to the bridge's hook ([`LeftOut`](crate::modules::LeftOut), which
    /// says how the headers stay consistent).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
    pub fn page<W: PageItem>(
        call: &Call<'_>,
        query: &ListQuery,
        page: &ListPage<W>,
    ) -> Result<Self, HttpError> {
        let edge = call.edge(None);
        let mut data = Vec::with_capacity(page.items.len() * 512 + 2);
        data.push(b'[');
        for item in &page.items {
            let start = data.len();
            if start > 1 {
                data.push(b',');
            }
            if let Err(e) = item.write_into(&edge, &mut data) {
                data.truncate(start);
                call.bridge.left_out(&crate::modules::LeftOut {
                    what: W::NAME,
                    id: item.item_id(),
                    version: call.ctx.version,
                    reason: e.to_string(),
                });
            }
        }
        data.push(b']');
        let request = PageRequest {
            date_from: query.date_from,
            date_to: query.date_to,
            offset: query.offset,
            limit: Some(query.limit),
        };
        let mut headers = HeaderMap::new();
        PageHeaders::for_page(&request, page.total, call.max_limit, &call.url).apply(&mut headers);
        Ok(Reply {
            status: http::StatusCode::OK,
            data: Some(data),
            headers,
        })
    }

    fn into_response(self) -> http::Response<Vec<u8>> {
        let envelope = Response::<()>::status(StatusCode::SUCCESS, "Success");
        let body = match &self.data {
            Some(data) => envelope.to_vec_with_data(data),
            None => crate::json::to_vec(&envelope),
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    }
}
