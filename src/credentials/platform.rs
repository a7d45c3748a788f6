//! One platform's side of the credentials module: authentication, the receiving handlers, and the entry points of the initiating side.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;
use serde_json::value::RawValue;

use super::*;
use crate::transport::{
    parse_authorization, AuthorizationMode, BodyLimits, HttpError, MessageIds, Response,
    StatusCode, Transport, UrlPolicy,
};
use crate::types::{CredentialsToken, Url};
use crate::versions::{
    self, find_endpoint, AnyVersionDetails, CallError, Endpoint, OcpiVersion, Required,
    VersionsConfig, VersionsError, CREDENTIALS_MODULE, VERSIONS_MODULE,
};

/// Who is calling, from the credentials token of a request.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A peer with a token A: may read the versions and register.
    Registering {
        /// The peer the token A was issued to.
        peer: PeerId,
        /// What the application decided about it (from the token A's record).
        terms: PeerTerms,
    },
    /// The peer this platform is registering with, fetching the versions with the pending
    /// token B.
    Pending {
        /// The peer.
        peer: PeerId,
        /// The tolerances of the terms of the registration or update in flight.
        interop: crate::interop::Interop,
    },
    /// A registered peer.
    Registered {
        /// The peer.
        peer: PeerId,
    },
}

impl Caller {
    /// The peer calling.
    pub fn peer(&self) -> &PeerId {
        match self {
            Caller::Registering { peer, .. }
            | Caller::Pending { peer, .. }
            | Caller::Registered { peer } => peer,
        }
    }
}

/// A new credentials token: 256 bits from the operating system's random number generator
/// (through the `getrandom` crate), written as 43 characters of URL-safe Base64. The default
/// of [`Platform`]; fails only if the operating system cannot give random bytes.
///
/// Spec: 2.2.1 credentials.asciidoc §Credentials object (`token`: `string(64)`), §Updating
/// the credentials and resetting the credentials token (security advices)
pub fn generate_token() -> Result<CredentialsToken, TokenError> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::new(e.to_string()))?;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    CredentialsToken::new(&text).map_err(|e| TokenError::new(e.to_string()))
}

/// A credentials token or a [`Revision`] could not be made: the operating system's random
/// number generator failed, or a replaced token generator gave a token already issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no credentials token could be made: {0}")]
pub struct TokenError(String);

impl TokenError {
    pub(super) fn new(reason: String) -> Self {
        TokenError(reason)
    }
}

/// What a platform tells its peers about itself, and what it needs from them.
///
/// Spec: 2.2.1 credentials.asciidoc §Credentials object, §Required endpoints not available;
/// 2.2.1 version_information_endpoint.asciidoc
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformConfig {
    /// Its versions list and the details of each version.
    pub versions: VersionsConfig,
    /// Its credentials object for each version it registers in. The token and URL are filled
    /// in when sent (the token issued to the peer, and [`VersionsConfig::url`]).
    pub credentials: Vec<AnyCredentials>,
    /// The endpoints it needs every peer to offer (`credentials` is always needed).
    pub required: Vec<Required>,
    /// How long a token replaced by an update keeps working (on the functional modules only).
    /// Default: one hour.
    pub grace: Duration,
    /// How long a pending token B counts as a transition in flight, which refuses the peer's
    /// own updates meanwhile; a handshake that never finished stops blocking after it.
    /// Default: ten minutes (longer than any transport deadline should be).
    pub pending_for: Duration,
    /// Limits on request bodies.
    pub limits: BodyLimits,
    /// Which URLs a peer gives may be called with tokens (its versions, version details and
    /// endpoint URLs). Default: [`UrlPolicy::new`], `https` to public hosts only.
    pub urls: UrlPolicy,
}

impl PlatformConfig {
    /// A configuration with no required endpoints, a one-hour grace period, and the default
    /// body limits and URL policy.
    pub fn new(versions: VersionsConfig, credentials: Vec<AnyCredentials>) -> Self {
        PlatformConfig {
            versions,
            credentials,
            required: Vec::new(),
            grace: Duration::from_secs(3600),
            pending_for: Duration::from_secs(600),
            limits: BodyLimits::default(),
            urls: UrlPolicy::default(),
        }
    }

    /// The versions it can register in: published, with a credentials object.
    pub(super) fn supported(&self) -> Vec<OcpiVersion> {
        let mut versions = self.versions.supported();
        versions.retain(|v| self.credentials.iter().any(|c| c.version() == *v));
        versions
    }

    /// Its credentials object in `version`, carrying `token`.
    pub(super) fn own_credentials(
        &self,
        version: OcpiVersion,
        token: &CredentialsToken,
    ) -> Option<AnyCredentials> {
        let template = self.credentials.iter().find(|c| c.version() == version)?;
        Some(
            template
                .clone()
                .with_token(token.clone(), self.versions.url.clone()),
        )
    }

    pub(super) fn required(&self) -> Vec<Required> {
        let mut required = vec![Required::new(CREDENTIALS_MODULE, None)];
        required.extend(self.required.iter().cloned());
        required
    }
}

type Clock = Box<dyn Fn() -> SystemTime + Send + Sync>;
type TokenGenerator = Box<dyn Fn() -> Result<CredentialsToken, TokenError> + Send + Sync>;

/// One platform's side of the credentials module: its configuration, its store, and the
/// transport it calls peers with. It both initiates and receives registrations.
///
/// A [`Server`](crate::server::Server) holds one ([`Server::platform`](crate::server::Server::platform)):
///
/// ```
/// use http::header::AUTHORIZATION;
/// use ocpi_protocol::credentials::{Caller, MemoryStore, PartyGrant, PeerId};
/// use ocpi_protocol::server::{Loopback, ServerBuilder};
/// use ocpi_protocol::transport::{authorization_header, AuthorizationMode, PartyRef};
/// use ocpi_protocol::versions::VERSIONS_MODULE;
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
/// let server = ServerBuilder::new(config).only_mounted().build(MemoryStore::new(), Loopback::new())?;
/// let platform = server.platform();
/// // A token A for a partner, who may act for NL*MSP; handed over offline with this URL.
/// let msp = PartyRef::new("NL".parse()?, "MSP".parse()?);
/// let token_a = platform.issue_token_a(PeerId::new("emsp"), PartyGrant::parties([msp])).await?;
/// assert_eq!(platform.config().versions.url.as_str(), "https://cpo.example.com/ocpi/versions");
///
/// // Who calls with it: a partner registering, allowed on Versions and Credentials only.
/// let mut headers = http::HeaderMap::new();
/// headers.insert(AUTHORIZATION, authorization_header(&token_a, AuthorizationMode::Base64));
/// let caller = platform.authenticate(&headers, VERSIONS_MODULE).await?;
/// assert!(matches!(caller, Caller::Registering { .. }));
/// let refused = platform.authenticate(&headers, "locations").await.unwrap_err();
/// assert_eq!(refused.http_status(), 401);
/// # Ok(())
/// # }
/// ```
///
/// [`register`](Platform::register) registers with a partner; the
/// [guide](crate::guide::emsp) runs it against a CPO.
///
/// Spec: 2.2.1 credentials.asciidoc ("any platform can be Sender and or the Receiver for this
/// module")
pub struct Platform<S, T> {
    pub(super) config: PlatformConfig,
    pub(super) store: S,
    pub(super) transport: T,
    pub(super) clock: Clock,
    pub(super) tokens: TokenGenerator,
    pub(super) vetting: Option<Vetting>,
    pub(super) on_tolerated: Option<crate::interop::ToleranceHook>,
}

impl<S, T> fmt::Debug for Platform<S, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Platform")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Why a registration, update or unregistration started here failed.
#[derive(Debug, thiserror::Error)]
pub enum HandshakeError {
    /// The peer's versions or details could not be used.
    #[error(transparent)]
    Versions(#[from] VersionsError),
    /// The peer refused the POST, PUT or DELETE, or its answer could not be read.
    #[error(transparent)]
    Call(#[from] CallError),
    /// The store failed.
    #[error("the credentials store failed: {0}")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The store refused the transition: another one of the same peer came first or is in
    /// flight, or a party the peer claims belongs to another peer. Nothing was stored.
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// The peer claims parties or roles it was not granted. Nothing was stored.
    #[error(transparent)]
    Claims(#[from] ClaimError),
    /// No token could be made.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// A registration was started with a peer that is registered already.
    #[error("{0} is already registered")]
    AlreadyRegistered(PeerId),
    /// An update or unregistration was started with a peer that is not registered.
    #[error("{0} is not registered")]
    NotRegistered(PeerId),
    /// [`PlatformConfig::credentials`] has no credentials object for the version.
    #[error("no credentials object is configured for version {0}")]
    NotConfigured(OcpiVersion),
}

fn store_error<E: std::error::Error + Send + Sync + 'static>(e: E) -> HandshakeError {
    HandshakeError::Store(Box::new(e))
}

/// The answer to a POST or PUT that failed: the statuses of the spec for the peer's versions
/// and endpoints (3001, 3002, 3003); a refused claim is 2001 (the spec names no status; the
/// roles in the body are the invalid parameter); a concurrent transition of the same peer is
/// HTTP 409 with 2000 (the spec names none; the request may be repeated once the other
/// transition is over); anything else is 3000.
impl From<HandshakeError> for HttpError {
    fn from(e: HandshakeError) -> Self {
        match e {
            HandshakeError::Versions(e) => e.into(),
            HandshakeError::Claims(e) => HttpError::invalid_parameters(e.to_string()),
            HandshakeError::Conflict(Conflict::Claimed { claim, .. }) => {
                HttpError::invalid_parameters(ClaimError::Taken { claim }.to_string())
            }
            HandshakeError::Conflict(e @ Conflict::Stale(_)) => HttpError::conflict(e.to_string()),
            other => HttpError::ocpi(StatusCode::SERVER_ERROR, other.to_string()),
        }
    }
}

impl<S: CredentialsStore, T: Transport> Platform<S, T> {
    /// A platform with the system clock, [`generate_token`] and no vetting hook.
    pub fn new(config: PlatformConfig, store: S, transport: T) -> Self {
        Platform {
            config,
            store,
            transport,
            clock: Box::new(SystemTime::now),
            tokens: Box::new(generate_token),
            vetting: None,
            on_tolerated: None,
        }
    }

    /// Calls `hook` with every deviation of a peer that its
    /// [`Interop`](crate::interop::Interop) profile let through here (an `Authorization`
    /// header in the other encoding, version details published with trailing `/`). A
    /// [`Server`](crate::server::Server) sets it from its bridge's
    /// [`on_tolerated`](crate::modules::Bridge::on_tolerated).
    pub fn on_tolerated(
        mut self,
        hook: impl Fn(&crate::interop::Tolerated) + Send + Sync + 'static,
    ) -> Self {
        self.on_tolerated = Some(std::sync::Arc::new(hook));
        self
    }

    /// Sets the hook that decides the claims of peers whose grant is [`PartyGrant::Vetted`]:
    /// called with the peer and its claims on every registration and update, before anything
    /// is stored; `Err` refuses them with its reason.
    pub fn with_vetting(
        mut self,
        vetting: impl Fn(&PeerId, &[Claim]) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.vetting = Some(std::sync::Arc::new(vetting));
        self
    }

    /// Replaces the clock (for tests that move time).
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Replaces the token generator (tokens must be unique and unguessable: [`generate_token`]
    /// is, and a replacement is for tests or a hardware generator). A token the store knows
    /// already is not issued again: the registration, update or token A fails with
    /// [`HandshakeError::Token`] and nothing is stored.
    pub fn with_token_generator(
        mut self,
        tokens: impl Fn() -> CredentialsToken + Send + Sync + 'static,
    ) -> Self {
        self.tokens = Box::new(move || Ok(tokens()));
        self
    }

    /// A token to issue: from the generator, and not one the store knows already (a
    /// generator that repeats itself would let one token name two peers: the token is
    /// refused, with [`HandshakeError::Token`], rather than stored twice).
    pub(super) async fn new_token(&self) -> Result<CredentialsToken, HandshakeError> {
        let token = (self.tokens)()?;
        if self
            .store
            .token(&token)
            .await
            .map_err(store_error)?
            .is_some()
        {
            return Err(TokenError::new(
                "the token generator gave a token this platform has issued already".into(),
            )
            .into());
        }
        Ok(token)
    }

    pub(super) fn now(&self) -> SystemTime {
        (self.clock)()
    }

    /// Checks a peer's claims against its grant and the vetting hook.
    pub(super) fn check_claims(
        &self,
        peer: &PeerId,
        grant: &PartyGrant,
        credentials: &AnyCredentials,
    ) -> Result<(), ClaimError> {
        grant.check(peer, &credentials.claims(), self.vetting.as_ref())
    }

    /// The configuration.
    pub fn config(&self) -> &PlatformConfig {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The transport it calls peers with.
    pub(crate) fn transport(&self) -> &T {
        &self.transport
    }

    pub(super) async fn apply(&self, change: Change) -> Result<(), HandshakeError> {
        Ok(self.store.apply(change).await.map_err(store_error)??)
    }

    /// The state of `peer` a transition starts from: its current registration (if any), and
    /// this transition's own pending token (if any).
    pub(super) fn expect(
        &self,
        current: Option<&Peer>,
        pending: Option<&CredentialsToken>,
    ) -> Expect {
        Expect {
            revision: current.map(|p| p.revision),
            pending: pending.cloned(),
            at: self.now(),
        }
    }

    /// Issues a token A with which `peer` can register here, and stores it. Send it to the
    /// peer offline, with [`VersionsConfig::url`]. `terms` (or just a [`PartyGrant`]) say
    /// which parties and roles the peer may claim in its registration and every later update,
    /// and how the headers are written if not as the version says. Until the version is
    /// known, the token A is accepted written either way (unless the terms say otherwise).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration ("the Receiver Platform must create a
    /// unique credentials token: `CREDENTIALS_TOKEN_A`"), §CredentialsRole class
    pub async fn issue_token_a(
        &self,
        peer: PeerId,
        terms: impl Into<PeerTerms>,
    ) -> Result<CredentialsToken, HandshakeError> {
        let terms = terms.into();
        let token = self.new_token().await?;
        let record = TokenRecord {
            peer,
            mode: terms.accept_before_version(),
            kind: TokenKind::RegistrationA { terms },
        };
        self.apply(Change::IssueToken {
            token: token.clone(),
            record,
            expect: None,
        })
        .await?;
        Ok(token)
    }

    /// Says who calls, from the request's `Authorization` header, for a request to `module`
    /// (a module id, or [`VERSIONS_MODULE`]).
    ///
    /// The header is read both as Base64 and as plain text; a token counts only when read the
    /// way its peer writes it ([`TokenRecord::mode`]), or in the other way from a peer whose
    /// [`Interop`](crate::interop::Interop) profile tolerates
    /// [the other encoding](crate::interop::Interop::other_authorization_encoding) (reported
    /// to [`Platform::on_tolerated`]; the peer's registration is read only then). Refused with
    /// HTTP 401: a missing or
    /// malformed header, an unknown or expired token, a token A on another module than
    /// Versions and Credentials, a pending token B on another module than Versions, and a
    /// token replaced by an update ([`TokenKind::Rotated`]) on Versions or Credentials: kept
    /// so that requests in flight still pass, it may be late or leaked, and never reads the
    /// new token or changes the registration.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header ("If the header is
    /// missing or the credentials token doesn't match any known party then the server SHALL
    /// respond with an HTTP 401"; "When a server receives a request with a valid
    /// CREDENTIALS_TOKEN_A, on another module than: credentials or versions, the server SHALL
    /// respond with an HTTP 401"); 2.3.0 transport_and_format.asciidoc §Authorization header
    /// (the note on implementations that do not encode)
    pub async fn authenticate(
        &self,
        headers: &HeaderMap,
        module: &str,
    ) -> Result<Caller, HttpError> {
        match self.presented(headers).await? {
            Some((_, record)) => self.caller(record, module),
            None => Err(HttpError::unauthorized("unknown credentials token")),
        }
    }

    /// The token in the request's `Authorization` header and its record, if it is a token
    /// issued here read the way its peer writes it.
    async fn presented(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<(CredentialsToken, TokenRecord)>, HttpError> {
        let values = headers.get_all(AUTHORIZATION);
        let plain = parse_authorization(values.iter(), AuthorizationMode::Plain)?;
        let base64 = parse_authorization(values.iter(), AuthorizationMode::Base64).ok();
        let candidates = base64
            .map(|a| (a.token, AuthorizationMode::Base64))
            .into_iter()
            .chain([(plain.token, AuthorizationMode::Plain)]);
        let mut other_encoding = None;
        for (token, read_as) in candidates {
            let record = self.store.token(&token).await.map_err(store_error)?;
            let Some(record) = record else { continue };
            let accepted = match record.mode {
                AuthorizationMode::Base64ThenPlain => true,
                mode => mode == read_as,
            };
            if accepted {
                return Ok(Some((token, record)));
            }
            other_encoding.get_or_insert((token, record, read_as));
        }
        // A token of this platform's in the other encoding: accepted only from a peer whose
        // profile tolerates it, and reported.
        match other_encoding {
            Some((token, record, read_as)) if self.tolerates_other_encoding(&record).await? => {
                if let Some(hook) = &self.on_tolerated {
                    hook(&crate::interop::Tolerated {
                        peer: record.peer.clone(),
                        path: AUTHORIZATION.as_str().to_owned(),
                        tolerance: crate::interop::Tolerance::OtherAuthorizationEncoding {
                            received: read_as,
                            expected: record.mode,
                        },
                    });
                }
                Ok(Some((token, record)))
            }
            _ => Ok(None),
        }
    }

    /// Whether the terms of the peer a token was issued to tolerate the other encoding of the
    /// `Authorization` header ([`Interop::other_authorization_encoding`](crate::interop::Interop::other_authorization_encoding)).
    async fn tolerates_other_encoding(&self, record: &TokenRecord) -> Result<bool, HttpError> {
        Ok(match &record.kind {
            TokenKind::RegistrationA { terms } => terms.interop.other_authorization_encoding,
            TokenKind::Pending { interop, .. } => interop.other_authorization_encoding,
            _ => self
                .store
                .peer(&record.peer)
                .await
                .map_err(store_error)?
                .is_some_and(|p| p.terms.interop.other_authorization_encoding),
        })
    }

    pub(super) fn caller(&self, record: TokenRecord, module: &str) -> Result<Caller, HttpError> {
        let peer = record.peer;
        let configuration = module == VERSIONS_MODULE || module == CREDENTIALS_MODULE;
        match record.kind {
            TokenKind::RegistrationA { terms } if configuration => {
                Ok(Caller::Registering { peer, terms })
            }
            TokenKind::RegistrationA { .. } => Err(HttpError::unauthorized(
                "a token A is only accepted by the versions and credentials modules",
            )),
            TokenKind::Pending { expires, .. } if self.now() >= expires => {
                Err(HttpError::unauthorized("the credentials token has expired"))
            }
            TokenKind::Pending { interop, .. } if module == VERSIONS_MODULE => {
                Ok(Caller::Pending { peer, interop })
            }
            TokenKind::Pending { .. } => Err(HttpError::unauthorized(
                "a token of a registration in progress is only accepted by the versions module",
            )),
            TokenKind::Rotated { expires } if self.now() >= expires => {
                Err(HttpError::unauthorized("the credentials token has expired"))
            }
            TokenKind::Rotated { .. } if configuration => Err(HttpError::unauthorized(
                "a credentials token replaced by an update only opens the functional modules",
            )),
            TokenKind::Current | TokenKind::Rotated { .. } => Ok(Caller::Registered { peer }),
        }
    }

    /// Answers a request to the versions list endpoint: GET only.
    ///
    /// `_caller` is the result of [`authenticate`](Platform::authenticate) with
    /// [`VERSIONS_MODULE`]; any caller may read.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §Version information endpoint
    pub fn handle_versions(
        &self,
        request: &http::Request<Vec<u8>>,
        _caller: &Caller,
    ) -> http::Response<Vec<u8>> {
        let result = match *request.method() {
            Method::GET => Ok(Some(self.config.versions.versions_document())),
            _ => Err(HttpError::method_not_allowed(
                "the versions endpoint only answers GET",
            )),
        };
        respond(request, result)
    }

    /// Answers a request to the version details endpoint of `version`: GET only; 404 for a
    /// version not published.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
    ///
    /// A peer whose [`Interop`](crate::interop::Interop) profile asks for
    /// [trailing slashes](crate::interop::Interop::trailing_slash_endpoints) gets every
    /// endpoint URL ending with `/` (reported to [`Platform::on_tolerated`]); the server
    /// answers both forms.
    pub async fn handle_version_details(
        &self,
        request: &http::Request<Vec<u8>>,
        caller: &Caller,
        version: OcpiVersion,
    ) -> http::Response<Vec<u8>> {
        let result = match *request.method() {
            Method::GET => match self.config.versions.published(version) {
                Some(p) => match self.slashed_for(caller, version, &p.endpoints).await {
                    Ok(Some(slashed)) => AnyVersionDetails::new(version, &slashed),
                    Ok(None) => AnyVersionDetails::new(version, &p.endpoints),
                    Err(e) => return respond(request, Err::<Option<()>, _>(e)),
                }
                .map(Some)
                .map_err(HttpError::server_error),
                None => Err(HttpError::not_found(format!(
                    "version {version} is not published"
                ))),
            },
            _ => Err(HttpError::method_not_allowed(
                "the version details endpoint only answers GET",
            )),
        };
        respond(request, result)
    }

    /// The endpoints with a trailing `/` for a caller whose profile asks for it (`None`: as
    /// they are).
    async fn slashed_for(
        &self,
        caller: &Caller,
        version: OcpiVersion,
        endpoints: &[Endpoint],
    ) -> Result<Option<Vec<Endpoint>>, HttpError> {
        let wants = match caller {
            Caller::Registering { terms, .. } => terms.interop.trailing_slash_endpoints,
            Caller::Pending { interop, .. } => interop.trailing_slash_endpoints,
            Caller::Registered { peer } => self
                .store
                .peer(peer)
                .await
                .map_err(store_error)?
                .is_some_and(|p| p.terms.interop.trailing_slash_endpoints),
        };
        if !wants {
            return Ok(None);
        }
        let slashed = endpoints
            .iter()
            .map(|e| {
                let url = crate::interop::with_trailing_slash(e.url.as_str());
                Url::new(&url)
                    .map(|url| Endpoint::new(e.module.clone(), e.role.clone(), url))
                    .map_err(HttpError::server_error)
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(hook) = &self.on_tolerated {
            hook(&crate::interop::Tolerated {
                peer: caller.peer().clone(),
                path: "endpoints".to_owned(),
                tolerance: crate::interop::Tolerance::TrailingSlashEndpoints { version },
            });
        }
        Ok(Some(slashed))
    }

    /// Answers a request to the credentials endpoint of `version` (see the table in the
    /// [module documentation](crate::credentials)).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Interfaces and endpoints (GET, POST, PUT, DELETE;
    /// "This method MUST return a HTTP status code 405: method not allowed if the client has
    /// already been registered before" for POST, "… has not been registered yet" for PUT and
    /// DELETE), §Errors during registration (3001), §Required endpoints not available (3003);
    /// 2.1.1 credentials.md §1
    pub async fn handle_credentials(
        &self,
        request: &http::Request<Vec<u8>>,
        caller: &Caller,
        version: OcpiVersion,
    ) -> http::Response<Vec<u8>> {
        let result = self.credentials(request, caller, version).await;
        respond(request, result)
    }

    pub(super) async fn credentials(
        &self,
        request: &http::Request<Vec<u8>>,
        caller: &Caller,
        version: OcpiVersion,
    ) -> Result<Option<AnyCredentials>, HttpError> {
        let not_registered = || HttpError::method_not_allowed("the client is not registered");
        let registered = || HttpError::method_not_allowed("the client is registered already");
        let method = request.method();
        let peer = match caller {
            Caller::Registering { peer, terms } => {
                if method != Method::POST {
                    return Err(not_registered());
                }
                if self.store.peer(peer).await.map_err(store_error)?.is_some() {
                    return Err(registered());
                }
                return self
                    .accept(request, peer, terms, version, None)
                    .await
                    .map(Some);
            }
            Caller::Pending { .. } => {
                return Err(HttpError::unauthorized(
                    "a pending token cannot call credentials",
                ))
            }
            Caller::Registered { peer } => self.store.peer(peer).await.map_err(store_error)?,
        };
        let Some(peer) = peer else {
            return Err(not_registered());
        };
        match *method {
            Method::GET => {
                // The caller's current token is the one it calls with (a replaced one is
                // refused on this module): the store need not give it back.
                let token = match self.presented(request.headers()).await? {
                    Some((token, record))
                        if record.peer == peer.id && record.kind == TokenKind::Current =>
                    {
                        token
                    }
                    _ => {
                        return Err(HttpError::unauthorized(
                            "the credentials token was replaced by an update",
                        ))
                    }
                };
                self.config
                    .own_credentials(version, &token)
                    .map(Some)
                    .ok_or_else(|| {
                        HttpError::not_found(format!("version {version} is not published"))
                    })
            }
            Method::POST => Err(registered()),
            Method::PUT => {
                let (id, terms) = (peer.id.clone(), peer.terms.clone());
                self.accept(request, &id, &terms, version, Some(peer))
                    .await
                    .map(Some)
            }
            Method::DELETE => {
                self.apply(Change::RemovePeer {
                    peer: peer.id.clone(),
                })
                .await?;
                crate::trace::handshake("unregistered by the peer", &peer.id, None);
                Ok(None)
            }
            _ => Err(HttpError::method_not_allowed(
                "the credentials endpoint answers GET, POST, PUT and DELETE",
            )),
        }
    }

    /// POST (no `current`) or PUT: reads the caller's credentials, checks its claims against
    /// its grant, fetches its versions and details for `version` with the token they carry,
    /// issues a token and stores it all in one write, if the registration is still the one
    /// the request started from and no other peer holds its claims.
    pub(super) async fn accept(
        &self,
        request: &http::Request<Vec<u8>>,
        id: &PeerId,
        terms: &PeerTerms,
        version: OcpiVersion,
        current: Option<Peer>,
    ) -> Result<AnyCredentials, HttpError> {
        self.config.limits.check(request.body())?;
        let theirs = AnyCredentials::parse(version, request.body())?;
        let mode = terms.send_mode(version.as_str());
        self.check_claims(id, &terms.grant, &theirs)
            .map_err(HandshakeError::from)?;
        let expect = self.expect(current.as_ref(), None);
        let issued = self.new_token().await?;
        let revision = Revision::random().map_err(HandshakeError::from)?;
        let ours = self
            .config
            .own_credentials(version, &issued)
            .ok_or_else(|| HttpError::not_found(format!("version {version} is not published")))?;
        let (version, details) = self
            .choose_version(&[version], theirs.url(), theirs.token(), mode)
            .await?;
        let endpoints = self
            .fetch_endpoints(version, &details, theirs.token(), mode)
            .await?;
        let peer = Peer {
            id: id.clone(),
            version,
            mode,
            revision,
            credentials: theirs,
            endpoints,
            accept: terms.accept_mode(version.as_str()),
            terms: terms.clone(),
        };
        let step = if current.is_some() {
            "update accepted"
        } else {
            "registration accepted"
        };
        self.apply(Change::SavePeer {
            peer: Box::new(peer),
            token: Some(issued),
            rotated_until: current.map(|_| self.grace_end()),
            expect,
        })
        .await?;
        crate::trace::handshake(step, id, Some(&version));
        Ok(ours)
    }

    /// When a token replaced now stops working.
    pub(super) fn grace_end(&self) -> SystemTime {
        let now = self.now();
        now.checked_add(self.config.grace).unwrap_or(now)
    }

    /// Fetches a peer's versions list and chooses the highest version in `ours` it offers.
    pub(super) async fn choose_version(
        &self,
        ours: &[OcpiVersion],
        url: &Url,
        token: &CredentialsToken,
        mode: AuthorizationMode,
    ) -> Result<(OcpiVersion, Url), VersionsError> {
        let theirs =
            versions::fetch_versions(&self.transport, &self.config.urls, url, token, mode).await?;
        let (version, details) = versions::negotiate(ours, &theirs)?;
        Ok((version, details.clone()))
    }

    /// Fetches a peer's endpoints for `version` and checks the required ones are there.
    pub(super) async fn fetch_endpoints(
        &self,
        version: OcpiVersion,
        url: &Url,
        token: &CredentialsToken,
        mode: AuthorizationMode,
    ) -> Result<Vec<Endpoint>, VersionsError> {
        let endpoints = versions::fetch_version_details(
            &self.transport,
            &self.config.urls,
            url,
            version,
            token,
            mode,
        )
        .await?;
        versions::check_endpoints(&endpoints, &self.config.required())?;
        Ok(endpoints)
    }

    /// The state machine of a registration with a peer, from the token A and versions URL it
    /// gave offline, in its first state. The peer must not be registered yet. `terms` (or just
    /// a [`PartyGrant`]) say which parties and roles the peer may claim in its answer and every
    /// later update, and how the headers are written if not as the version says.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration
    pub async fn start_registration(
        &self,
        peer: PeerId,
        token_a: CredentialsToken,
        versions_url: Url,
        terms: impl Into<PeerTerms>,
    ) -> Result<Initiator<'_, S, T>, HandshakeError> {
        if self.store.peer(&peer).await.map_err(store_error)?.is_some() {
            return Err(HandshakeError::AlreadyRegistered(peer));
        }
        let terms = terms.into();
        Ok(Initiator {
            platform: self,
            peer,
            versions_url,
            token: token_a,
            first_mode: terms.send,
            terms,
            current: None,
            state: InitiatorState::Start,
        })
    }

    /// The state machine of an update of a registered peer (a new token each way; the version
    /// may change), in its first state.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Updating to a newer version, §Changing endpoints for
    /// the current version, §Updating the credentials and resetting the credentials token
    pub async fn start_update(&self, peer: &PeerId) -> Result<Initiator<'_, S, T>, HandshakeError> {
        let current = self.registered(peer).await?;
        Ok(Initiator {
            platform: self,
            peer: peer.clone(),
            versions_url: current.credentials.url().clone(),
            token: current.credentials.token().clone(),
            first_mode: Some(current.mode),
            terms: current.terms.clone(),
            current: Some(current),
            state: InitiatorState::Start,
        })
    }

    pub(super) async fn registered(&self, peer: &PeerId) -> Result<Peer, HandshakeError> {
        self.store
            .peer(peer)
            .await
            .map_err(store_error)?
            .ok_or_else(|| HandshakeError::NotRegistered(peer.clone()))
    }

    /// Registers with a peer: [`start_registration`](Platform::start_registration), then every
    /// step. Returns the stored registration.
    pub async fn register(
        &self,
        peer: PeerId,
        token_a: CredentialsToken,
        versions_url: Url,
        terms: impl Into<PeerTerms>,
    ) -> Result<Peer, HandshakeError> {
        self.start_registration(peer, token_a, versions_url, terms)
            .await?
            .run()
            .await
    }

    /// Updates the registration of a peer: [`start_update`](Platform::start_update), then every
    /// step. Returns the stored registration.
    pub async fn update(&self, peer: &PeerId) -> Result<Peer, HandshakeError> {
        self.start_update(peer).await?.run().await
    }

    /// Unregisters a peer: DELETE on its credentials endpoint, then deletes the registration
    /// and every token of it. If the DELETE fails the registration is kept (an application
    /// that gives up on a vanished peer applies [`Change::RemovePeer`] itself).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §DELETE Method ("Both parties must end any automated
    /// communication")
    pub async fn unregister(&self, peer: &PeerId) -> Result<(), HandshakeError> {
        let current = self.registered(peer).await?;
        let missing =
            || VersionsError::MissingEndpoints(vec![Required::new(CREDENTIALS_MODULE, None)]);
        let url = &find_endpoint(&current.endpoints, CREDENTIALS_MODULE, None)
            .ok_or_else(missing)?
            .url;
        let token = current.credentials.token();
        let body = versions::send(
            &self.transport,
            &self.config.urls,
            Method::DELETE,
            url,
            token,
            current.mode,
            None,
        )
        .await?;
        versions::read_data::<Box<RawValue>>(&body).map_err(|e| e.masking(token))?;
        self.apply(Change::RemovePeer { peer: peer.clone() })
            .await?;
        crate::trace::handshake("unregistered", peer, None);
        Ok(())
    }
}

/// The HTTP response for a handler's result: the data in a success envelope, or the error.
/// The request's message ids are echoed.
fn respond<D: Serialize>(
    request: &http::Request<Vec<u8>>,
    result: Result<Option<D>, HttpError>,
) -> http::Response<Vec<u8>> {
    let mut response = match result {
        Ok(data) => {
            let envelope = match data {
                Some(data) => Response::success(data),
                None => Response::status(StatusCode::SUCCESS, "Success"),
            };
            let mut response = http::Response::new(envelope.to_vec());
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Err(e) => e.to_response(),
    };
    MessageIds::from_request(request.headers()).apply(response.headers_mut());
    response
}
