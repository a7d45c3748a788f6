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

use crate::credentials::{AnyCredentials, CredentialsStore, Platform, PlatformConfig};
use crate::modules::{endpoint_url, typical, Interface, Module};
use crate::transport::{HttpError, MessageIds, PartyRef, Transport, UrlPolicy};
use crate::types::Url;
use crate::v2_3_0::credentials::Credentials;
use crate::versions::{
    Endpoint, OcpiVersion, PublishedVersion, VersionsConfig, CREDENTIALS_MODULE,
};

#[cfg(feature = "axum")]
mod axum;
mod call;
mod caller;
mod cdrs;
mod charging_profiles;
mod commands;
mod config;
mod hub_client_info;
mod list;
mod locations;
pub(crate) mod loopback;
mod payments;
mod reply;
mod routing;
#[cfg(feature = "tower")]
mod service;
mod sessions;
mod tariffs;
mod tokens;

use call::{patch_has_last_updated, same_id, same_party, Call};
pub use config::{BuildError, ServerConfig, DEFAULT_MAX_LIMIT};
pub use loopback::{Loopback, UnknownHost};
use reply::Reply;
pub(crate) use routing::percent_decode;
pub(crate) use routing::url_path;
#[cfg(feature = "tower")]
pub use service::TowerService;

/// Declares the handlers a server can mount: one field and one builder method per module
/// interface, and the route that serves it. The traits of a module are named in the module's
/// group, `module_path, Module { … }`, from [`crate::modules`].
macro_rules! mounts {
    ($(
        $path:ident, $module:ident {$(
            $(#[$doc:meta])*
            $field:ident: $public:ident => $erased:ident, $iface:ident, $route:path;
        )*}
    )*) => {
        /// The mounted handlers.
        #[derive(Default)]
        struct Mounts {
            $($($field: Option<Arc<dyn crate::modules::$path::$erased>>,)*)*
        }

        impl Mounts {
            /// The mounted interfaces.
            fn interfaces(&self) -> BTreeSet<(Module, Interface)> {
                let mut out = BTreeSet::new();
                $($(if self.$field.is_some() {
                    out.insert((Module::$module, Interface::$iface));
                })*)*
                out
            }

            /// Calls the route of a mounted interface.
            async fn dispatch(
                &self,
                module: Module,
                iface: Interface,
                call: &Call<'_>,
            ) -> Result<Reply, HttpError> {
                $($(if let (Module::$module, Interface::$iface, Some(h)) =
                    (module, iface, &self.$field)
                {
                    return $route(h.as_ref(), call).await;
                })*)*
                Err(HttpError::not_found(format!("no {iface} interface of {module} here")))
            }
        }

        impl ServerBuilder {
            $($(
                $(#[$doc])*
                pub fn $field(mut self, handler: impl crate::modules::$path::$public) -> Self {
                    self.mounts.$field = Some(Arc::new(handler));
                    self
                }
            )*)*
        }
    };
}

mounts! {
    locations, Locations {
        /// Mounts the Sender interface of Locations (a CPO's).
        locations_sender: LocationsSender => ErasedLocationsSender, Sender, locations::sender;
        /// Mounts the Receiver interface of Locations (an eMSP's, NSP's…).
        locations_receiver: LocationsReceiver => ErasedLocationsReceiver, Receiver,
            locations::receiver;
    }
    sessions, Sessions {
        /// Mounts the Sender interface of Sessions (a CPO's).
        sessions_sender: SessionsSender => ErasedSessionsSender, Sender, sessions::sender;
        /// Mounts the Receiver interface of Sessions (an eMSP's, SCSP's…).
        sessions_receiver: SessionsReceiver => ErasedSessionsReceiver, Receiver, sessions::receiver;
    }
    cdrs, Cdrs {
        /// Mounts the Sender interface of CDRs (a CPO's).
        cdrs_sender: CdrsSender => ErasedCdrsSender, Sender, list::list_only;
        /// Mounts the Receiver interface of CDRs (an eMSP's).
        cdrs_receiver: CdrsReceiver => ErasedCdrsReceiver, Receiver, cdrs::receiver;
    }
    hub_client_info, HubClientInfo {
        /// Mounts the Sender interface of Hub Client Info (a Hub's).
        hub_client_info_sender: HubClientInfoSender => ErasedHubClientInfoSender, Sender,
            list::list_only;
        /// Mounts the Receiver interface of Hub Client Info (a party's connected to a Hub).
        hub_client_info_receiver: HubClientInfoReceiver => ErasedHubClientInfoReceiver, Receiver,
            hub_client_info::receiver;
    }
    payments, Payments {
        /// Mounts the Sender interface of Payments (a PTP's).
        payments_sender: PaymentsSender => ErasedPaymentsSender, Sender, payments::sender;
        /// Mounts the Receiver interface of Payments (a CPO's).
        payments_receiver: PaymentsReceiver => ErasedPaymentsReceiver, Receiver, payments::receiver;
    }
    commands, Commands {
        /// Mounts the Sender interface of Commands (an eMSP's: it receives the results of its
        /// commands; [`PendingCommands`](crate::modules::commands::PendingCommands) is one).
        commands_sender: CommandsSender => ErasedCommandsSender, Sender, commands::sender;
        /// Mounts the Receiver interface of Commands (a CPO's).
        commands_receiver: CommandsReceiver => ErasedCommandsReceiver, Receiver, commands::receiver;
    }
    charging_profiles, ChargingProfiles {
        /// Mounts the Sender interface of Charging Profiles (an SCSP's, or an eMSP's that sends
        /// profiles itself).
        charging_profiles_sender: ChargingProfilesSender => ErasedChargingProfilesSender, Sender,
            charging_profiles::sender;
        /// Mounts the Receiver interface of Charging Profiles (a CPO's).
        charging_profiles_receiver: ChargingProfilesReceiver => ErasedChargingProfilesReceiver,
            Receiver, charging_profiles::receiver;
    }
    tariffs, Tariffs {
        /// Mounts the Sender interface of Tariffs (a CPO's).
        tariffs_sender: TariffsSender => ErasedTariffsSender, Sender, list::list_only;
        /// Mounts the Receiver interface of Tariffs (an eMSP's, NSP's…).
        tariffs_receiver: TariffsReceiver => ErasedTariffsReceiver, Receiver, tariffs::receiver;
    }
    tokens, Tokens {
        /// Mounts the Sender interface of Tokens (an eMSP's).
        tokens_sender: TokensSender => ErasedTokensSender, Sender, tokens::sender;
        /// Mounts the Receiver interface of Tokens (a CPO's).
        tokens_receiver: TokensReceiver => ErasedTokensReceiver, Receiver, tokens::receiver;
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::OcpiString;
    use crate::v2_2_1::locations::BusinessDetails;
    use crate::v2_3_0::credentials::{CredentialsRole, Role};

    fn builder(versions: Vec<OcpiVersion>) -> ServerBuilder {
        let name = BusinessDetails::new(OcpiString::new("Example CPO").unwrap());
        let roles = vec![CredentialsRole::new(
            Role::Cpo,
            name,
            "CPO".parse().unwrap(),
            "NL".parse().unwrap(),
        )];
        let mut config =
            ServerConfig::new(Url::new("https://cpo.example.com/ocpi/").unwrap(), roles);
        config.versions = versions;
        ServerBuilder::new(config)
    }

    /// Each published version as `version url: module role url, …`.
    fn published(builder: &ServerBuilder, mounted: &[(Module, Interface)]) -> Vec<String> {
        let mounted = mounted.iter().copied().collect();
        let config = builder.published(&mounted).unwrap();
        assert_eq!(config.url.as_str(), "https://cpo.example.com/ocpi/versions");
        config
            .versions
            .iter()
            .map(|v| {
                let endpoints: Vec<String> = v
                    .endpoints
                    .iter()
                    .map(|e| {
                        let role = e.role.as_ref().map(|r| format!(" {r:?}"));
                        format!("{}{} {}", e.module, role.unwrap_or_default(), e.url)
                    })
                    .collect();
                format!("{} {}: {}", v.version, v.url, endpoints.join(", "))
            })
            .collect()
    }

    #[test]
    fn published_lists_credentials_and_each_mounted_interface_of_the_version() {
        use Interface::{Receiver, Sender};
        let base = "https://cpo.example.com/ocpi";
        let mounted = [
            (Module::Locations, Sender),
            (Module::Locations, Receiver),
            (Module::ChargingProfiles, Sender),
            (Module::Tokens, Receiver),
            (Module::Payments, Sender),
        ];
        let all = builder(OcpiVersion::ALL.to_vec());
        assert_eq!(
            published(&all, &mounted),
            [
                format!(
                    "2.1.1 {base}/2.1.1: credentials {base}/2.1.1/credentials, \
                     locations {base}/2.1.1/sender/locations, \
                     tokens {base}/2.1.1/receiver/tokens"
                ),
                format!(
                    "2.2.1 {base}/2.2.1: credentials Sender {base}/2.2.1/credentials, \
                     chargingprofiles Sender {base}/2.2.1/sender/chargingprofiles, \
                     locations Sender {base}/2.2.1/sender/locations, \
                     locations Receiver {base}/2.2.1/receiver/locations, \
                     tokens Receiver {base}/2.2.1/receiver/tokens"
                ),
                format!(
                    "2.3.0 {base}/2.3.0: credentials Sender {base}/2.3.0/credentials, \
                     chargingprofiles Sender {base}/2.3.0/sender/chargingprofiles, \
                     locations Sender {base}/2.3.0/sender/locations, \
                     locations Receiver {base}/2.3.0/receiver/locations, \
                     tokens Receiver {base}/2.3.0/receiver/tokens, \
                     payments Sender {base}/2.3.0/sender/payments"
                ),
            ]
        );
        // Only the configured versions are published.
        let one = builder(vec![OcpiVersion::V2_2_1]);
        assert_eq!(
            published(&one, &[]),
            [format!(
                "2.2.1 {base}/2.2.1: credentials Sender {base}/2.2.1/credentials"
            )]
        );
    }
}
