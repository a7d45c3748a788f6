//! The credentials module: registration, update and unregistration between two platforms, on
//! both sides, with the lifecycle of the credentials tokens and a storage interface the
//! application implements.
//!
//! ## The tokens
//!
//! | token | made by | sent to the other party | used by | to call | stored by its maker as |
//! | --- | --- | --- | --- | --- | --- |
//! | A | receiver | offline, with its versions URL | initiator | the receiver's Versions and Credentials modules only | [`TokenKind::RegistrationA`], deleted by the registration |
//! | B | initiator | in its POST | receiver | the initiator (its versions during the POST, then any module) | [`TokenKind::Pending`] during the POST, then [`TokenKind::Current`] |
//! | C | receiver | in its answer to the POST | initiator | the receiver (any module) | [`TokenKind::Current`] |
//!
//! An update (PUT, by either party) replaces the caller's token (a new B) and the server's
//! token (a new C); the replaced ones stay valid for a grace period
//! ([`TokenKind::Rotated`], [`PlatformConfig::grace`]). An unregistration (DELETE) deletes the
//! peer and every token in both directions.
//!
//! ## Initiating side
//!
//! [`Initiator`] is the state machine of a registration (POST) or an update (PUT); each
//! [`step`](Initiator::step) makes one transition:
//!
//! ```text
//! Start ──GET versions──▶ VersionChosen ──GET version details──▶ EndpointsChecked ──POST/PUT credentials──▶ Done
//! ```
//!
//! A failed step leaves the state as it was and the store as it was: the token B of the last
//! step is stored (as pending, so that the peer can fetch the versions with it) only while its
//! request is in flight, and deleted if the request fails. [`Platform::register`],
//! [`Platform::update`] and [`Platform::unregister`] run the whole exchange.
//!
//! ## Receiving side
//!
//! Sans-IO handlers: [`Platform::authenticate`] says who calls, and
//! [`Platform::handle_versions`], [`Platform::handle_version_details`] and
//! [`Platform::handle_credentials`] answer. The state of a caller is whether its registration
//! exists; the credentials endpoint answers:
//!
//! | method | not registered (token A) | registered (token C, or B) |
//! | --- | --- | --- |
//! | GET | 405 | our credentials, with the caller's current token |
//! | POST | registers: fetches the caller's versions and details with its token B (failure: 3001, nothing stored), issues token C, deletes token A | 405 |
//! | PUT | 405 | updates: fetches again with the new token, switches to this endpoint's version, issues a new token |
//! | DELETE | 405 | unregisters |
//!
//! The spec states the 405s of POST, PUT and DELETE; it gives no rule for a GET before the
//! registration. Here it is 405 too: the credentials to access the server do not exist yet
//! (the token A is all a registering client holds, and it has it).
//!
//! ## Storage
//!
//! [`CredentialsStore`] is implemented by the application over any database; every
//! transition writes its state in one call ([`Change`]), so a failure before it leaves
//! nothing behind. [`MemoryStore`] implements it in memory, for tests and examples.
//!
//! Two POSTs with the same token A at the same time both pass the "not registered" check and
//! the later [`Change::SavePeer`] wins; a store that must refuse the second can make a
//! `SavePeer` without `retired` fail when the peer exists.
//!
//! Spec: 2.1.1 credentials.md; 2.2.1 credentials.asciidoc; 2.3.0 credentials.asciidoc; 2.2.1
//! transport_and_format.asciidoc §Authorization header.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::json::{self, ParseError};
use crate::transport::{
    parse_authorization, AuthorizationMode, BodyLimits, HttpError, MessageId, MessageIds, PartyRef,
    Response, StatusCode, Transport,
};
use crate::types::{CredentialsToken, Url};
use crate::versions::{
    self, find_endpoint, AnyVersionDetails, CallError, Endpoint, OcpiVersion, Required,
    VersionsConfig, VersionsError, CREDENTIALS_MODULE, VERSIONS_MODULE,
};
use crate::{v2_1_1, v2_2_1, v2_3_0};

/// The application's name for a peer platform: the key of its registration and tokens.
///
/// Chosen by the application when it issues a token A or starts a registration; kept across
/// updates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(String);

impl PeerId {
    /// A peer id.
    pub fn new(id: impl Into<String>) -> Self {
        PeerId(id.into())
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A credentials object of any version, in that version's own type: 2.1.1 describes one party,
/// 2.2.1 a list of roles, 2.3.0 a list of roles and a Hub party.
///
/// Spec: 2.1.1 credentials.md §Credentials object; 2.2.1 and 2.3.0 credentials.asciidoc
/// §Credentials object
#[derive(Debug, Clone, PartialEq)]
pub enum AnyCredentials {
    /// OCPI 2.1.1.
    V2_1_1(v2_1_1::credentials::Credentials),
    /// OCPI 2.2.1.
    V2_2_1(v2_2_1::credentials::Credentials),
    /// OCPI 2.3.0.
    V2_3_0(v2_3_0::credentials::Credentials),
}

impl AnyCredentials {
    /// The version of the object.
    pub fn version(&self) -> OcpiVersion {
        match self {
            Self::V2_1_1(_) => OcpiVersion::V2_1_1,
            Self::V2_2_1(_) => OcpiVersion::V2_2_1,
            Self::V2_3_0(_) => OcpiVersion::V2_3_0,
        }
    }

    /// The token to call the object's owner with.
    pub fn token(&self) -> &CredentialsToken {
        match self {
            Self::V2_1_1(c) => &c.token,
            Self::V2_2_1(c) => &c.token,
            Self::V2_3_0(c) => &c.token,
        }
    }

    /// The URL of the owner's versions list.
    pub fn url(&self) -> &Url {
        match self {
            Self::V2_1_1(c) => &c.url,
            Self::V2_2_1(c) => &c.url,
            Self::V2_3_0(c) => &c.url,
        }
    }

    /// The same object with another token and versions URL.
    pub fn with_token(mut self, token: CredentialsToken, url: Url) -> Self {
        let (t, u) = match &mut self {
            Self::V2_1_1(c) => (&mut c.token, &mut c.url),
            Self::V2_2_1(c) => (&mut c.token, &mut c.url),
            Self::V2_3_0(c) => (&mut c.token, &mut c.url),
        };
        (*t, *u) = (token, url);
        self
    }

    /// The parties (country code and party id) the owner acts as: the one party of 2.1.1, the
    /// party of each role in 2.2.1 and 2.3.0.
    pub fn parties(&self) -> Vec<PartyRef> {
        match self {
            Self::V2_1_1(c) => vec![PartyRef::new(c.country_code, c.party_id)],
            Self::V2_2_1(c) => c
                .roles
                .iter()
                .map(|r| PartyRef::new(r.country_code, r.party_id))
                .collect(),
            Self::V2_3_0(c) => c
                .roles
                .iter()
                .map(|r| PartyRef::new(r.country_code, r.party_id))
                .collect(),
        }
    }

    /// Whether the object is a Roaming Hub's (2.2.1: a `HUB` role; 2.3.0: a `hub_party_id`).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Credentials object; 2.3.0 credentials.asciidoc
    /// §Credentials object (`hub_party_id`)
    pub fn is_hub(&self) -> bool {
        match self {
            Self::V2_1_1(_) => false,
            Self::V2_2_1(c) => c.roles.iter().any(|r| r.role == crate::types::Role::Hub),
            Self::V2_3_0(c) => c.hub_party_id.is_some(),
        }
    }

    /// The Hub's own party, when the object is a Roaming Hub's: 2.2.1 the party of its `HUB`
    /// role; 2.3.0 its `hub_party_id` (a country code followed by a party id; `None` when it
    /// is not one).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Credentials object; 2.3.0 credentials.asciidoc
    /// §Credentials object (`hub_party_id`: "The two-letter country code and three-character
    /// party ID are concatenated together in this field")
    pub fn hub_party(&self) -> Option<PartyRef> {
        match self {
            Self::V2_1_1(_) => None,
            Self::V2_2_1(c) => c
                .roles
                .iter()
                .find(|r| r.role == crate::types::Role::Hub)
                .map(|r| PartyRef::new(r.country_code, r.party_id)),
            Self::V2_3_0(c) => {
                let text = c.hub_party_id.as_ref()?.as_str();
                Some(PartyRef::new(
                    crate::types::CountryCode::new(text.get(..2)?).ok()?,
                    crate::types::PartyId::new(text.get(2..)?).ok()?,
                ))
            }
        }
    }

    /// Reads a credentials object of `version` (a request body).
    pub fn parse(version: OcpiVersion, body: &[u8]) -> Result<Self, ParseError> {
        Ok(match version {
            OcpiVersion::V2_1_1 => Self::V2_1_1(json::parse(body)?.value),
            OcpiVersion::V2_2_1 => Self::V2_2_1(json::parse(body)?.value),
            OcpiVersion::V2_3_0 => Self::V2_3_0(json::parse(body)?.value),
        })
    }

    /// Reads the credentials object of `version` in a response envelope.
    fn read_response(version: OcpiVersion, body: &[u8]) -> Result<Self, CallError> {
        Ok(match version {
            OcpiVersion::V2_1_1 => {
                Self::V2_1_1(versions::read_data(body)?.ok_or(CallError::NoData)?)
            }
            OcpiVersion::V2_2_1 => {
                Self::V2_2_1(versions::read_data(body)?.ok_or(CallError::NoData)?)
            }
            OcpiVersion::V2_3_0 => {
                Self::V2_3_0(versions::read_data(body)?.ok_or(CallError::NoData)?)
            }
        })
    }
}

impl Serialize for AnyCredentials {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::V2_1_1(c) => c.serialize(s),
            Self::V2_2_1(c) => c.serialize(s),
            Self::V2_3_0(c) => c.serialize(s),
        }
    }
}

/// What a token this platform issued means.
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `CREDENTIALS_TOKEN_A`: lets the peer read the versions and register (POST) at the
    /// credentials endpoint, nothing else. Deleted by the registration.
    RegistrationA,
    /// A token B this platform sent in a POST or PUT that is still in flight: the peer fetches
    /// the versions with it. Accepted on the Versions module only.
    Pending,
    /// The token a registered peer calls with (C if the peer registered here, B if this
    /// platform registered there).
    Current,
    /// A token replaced by an update, accepted until `expires`.
    Rotated {
        /// When it stops working.
        expires: SystemTime,
    },
}

/// What the store knows about a token this platform issued.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header ("The credentials token
/// must uniquely identify the requesting party")
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// The peer it was issued to.
    pub peer: PeerId,
    /// What it means.
    pub kind: TokenKind,
    /// How the peer writes it in its `Authorization` header.
    pub mode: AuthorizationMode,
}

/// A registered peer, as this platform stores it.
///
/// Spec: 2.2.1 credentials.asciidoc §Registration (the Receiver "stores
/// `CREDENTIALS_TOKEN_B`", the Sender uses `CREDENTIALS_TOKEN_C`), §POST Method ("The server
/// must also fetch the client's endpoints for this version"); 2.1.1 credentials.md §3.1
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// The application's name for it.
    pub id: PeerId,
    /// The version in use.
    pub version: OcpiVersion,
    /// How it writes and reads the `Authorization` header.
    pub mode: AuthorizationMode,
    /// The token it calls this platform with (issued here: C if it registered here, B if this
    /// platform registered there).
    pub issued_token: CredentialsToken,
    /// Its credentials: the token to call it with, its versions URL and who it is.
    pub credentials: AnyCredentials,
    /// Its endpoints for [`version`](Peer::version).
    pub endpoints: Vec<Endpoint>,
}

/// A token replaced by an update, and when it stops working.
///
/// Spec: 2.2.1 credentials.asciidoc §Updating the credentials and resetting the credentials
/// token (the grace period is this crate's, to rotate without downtime)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    /// The replaced token.
    pub token: CredentialsToken,
    /// When it stops working.
    pub until: SystemTime,
}

/// One transition of the stored state; each is written atomically by
/// [`CredentialsStore::apply`].
///
/// Spec: 2.2.1 credentials.asciidoc §Registration ("`CREDENTIALS_TOKEN_A` can then be thrown
/// away, it MAY no longer be used"), §PUT Method, §DELETE Method
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Adds a token: a token A for a peer to register with ([`Platform::issue_token_a`]), or
    /// the pending token B of a POST or PUT about to be sent.
    IssueToken {
        /// The token.
        token: CredentialsToken,
        /// What it means.
        record: TokenRecord,
    },
    /// Deletes one token: the pending token B of a POST or PUT that failed, or a token A that
    /// will not be used.
    RevokeToken {
        /// The token.
        token: CredentialsToken,
    },
    /// A registration or an update is complete: stores `peer` (replacing its previous
    /// registration), and the peer's tokens become exactly `peer.issued_token`
    /// ([`TokenKind::Current`]) and, after an update, `retired` ([`TokenKind::Rotated`] until
    /// its time). Every other token of the peer (token A, pending tokens, older rotated
    /// tokens) is deleted.
    SavePeer {
        /// The registration.
        peer: Box<Peer>,
        /// The token the update replaced.
        retired: Option<Retired>,
    },
    /// Unregistration: deletes the peer and every token of it, in both directions.
    RemovePeer {
        /// The peer.
        peer: PeerId,
    },
}

/// The storage of registrations and tokens, implemented by the application over its
/// database.
///
/// Tokens are looked up by value; compare them with [`CredentialsToken`]'s `==`, which runs in
/// constant time (or with the database's own lookup on a hash of the token).
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token
pub trait CredentialsStore {
    /// The store's own error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// What a token issued by this platform means, if it is known.
    fn token(
        &self,
        token: &CredentialsToken,
    ) -> impl Future<Output = Result<Option<TokenRecord>, Self::Error>> + Send;

    /// The registration of a peer.
    fn peer(&self, id: &PeerId) -> impl Future<Output = Result<Option<Peer>, Self::Error>> + Send;

    /// Writes one transition, all of it or nothing.
    fn apply(&self, change: Change) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

/// A [`CredentialsStore`] in memory, for tests and examples.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    tokens: Vec<(CredentialsToken, TokenRecord)>,
    peers: HashMap<PeerId, Peer>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, MemoryState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every registration.
    pub fn peers(&self) -> Vec<Peer> {
        self.lock().peers.values().cloned().collect()
    }

    /// Every token record, in the order they were written.
    pub fn token_records(&self) -> Vec<TokenRecord> {
        self.lock().tokens.iter().map(|(_, r)| r.clone()).collect()
    }
}

impl CredentialsStore for MemoryStore {
    type Error = std::convert::Infallible;

    fn token(
        &self,
        token: &CredentialsToken,
    ) -> impl Future<Output = Result<Option<TokenRecord>, Self::Error>> + Send {
        let found = self
            .lock()
            .tokens
            .iter()
            .find(|(t, _)| t == token)
            .map(|(_, r)| r.clone());
        std::future::ready(Ok(found))
    }

    fn peer(&self, id: &PeerId) -> impl Future<Output = Result<Option<Peer>, Self::Error>> + Send {
        std::future::ready(Ok(self.lock().peers.get(id).cloned()))
    }

    fn apply(&self, change: Change) -> impl Future<Output = Result<(), Self::Error>> + Send {
        let mut state = self.lock();
        match change {
            Change::IssueToken { token, record } => state.tokens.push((token, record)),
            Change::RevokeToken { token } => state.tokens.retain(|(t, _)| *t != token),
            Change::SavePeer { peer, retired } => {
                let record = |kind| TokenRecord {
                    peer: peer.id.clone(),
                    kind,
                    mode: peer.mode,
                };
                state.tokens.retain(|(_, r)| r.peer != peer.id);
                state
                    .tokens
                    .push((peer.issued_token.clone(), record(TokenKind::Current)));
                if let Some(Retired { token, until }) = retired {
                    state
                        .tokens
                        .push((token, record(TokenKind::Rotated { expires: until })));
                }
                state.peers.insert(peer.id.clone(), *peer);
            }
            Change::RemovePeer { peer } => {
                state.tokens.retain(|(_, r)| r.peer != peer);
                state.peers.remove(&peer);
            }
        }
        std::future::ready(Ok(()))
    }
}

/// Who is calling, from the credentials token of a request.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A peer with a token A: may read the versions and register.
    Registering {
        /// The peer the token A was issued to.
        peer: PeerId,
        /// How it writes the `Authorization` header (from the token A's record).
        mode: AuthorizationMode,
    },
    /// The peer this platform is registering with, fetching the versions with the pending
    /// token B.
    Pending {
        /// The peer.
        peer: PeerId,
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
            | Caller::Pending { peer }
            | Caller::Registered { peer } => peer,
        }
    }
}

/// A new credentials token: a random UUID (36 characters), from
/// [`MessageId::generate`]. The default of [`Platform`].
///
/// Spec: 2.2.1 credentials.asciidoc §Credentials object (`token`: `string(64)`)
pub fn generate_token() -> CredentialsToken {
    CredentialsToken::new(MessageId::generate().as_str()).expect("a UUID is a valid token")
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
    /// How long a token replaced by an update keeps working. Default: one hour.
    pub grace: Duration,
    /// Limits on request bodies.
    pub limits: BodyLimits,
}

impl PlatformConfig {
    /// A configuration with no required endpoints, a one-hour grace period and the default
    /// body limits.
    pub fn new(versions: VersionsConfig, credentials: Vec<AnyCredentials>) -> Self {
        PlatformConfig {
            versions,
            credentials,
            required: Vec::new(),
            grace: Duration::from_secs(3600),
            limits: BodyLimits::default(),
        }
    }

    /// The versions it can register in: published, with a credentials object.
    fn supported(&self) -> Vec<OcpiVersion> {
        let mut versions = self.versions.supported();
        versions.retain(|v| self.credentials.iter().any(|c| c.version() == *v));
        versions
    }

    /// Its credentials object in `version`, carrying `token`.
    fn own_credentials(
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

    fn required(&self) -> Vec<Required> {
        let mut required = vec![Required::new(CREDENTIALS_MODULE, None)];
        required.extend(self.required.iter().cloned());
        required
    }
}

type Clock = Box<dyn Fn() -> SystemTime + Send + Sync>;
type TokenGenerator = Box<dyn Fn() -> CredentialsToken + Send + Sync>;

/// One platform's side of the credentials module: its configuration, its store, and the
/// transport it calls peers with. It both initiates and receives registrations.
///
/// Spec: 2.2.1 credentials.asciidoc ("any platform can be Sender and or the Receiver for this
/// module")
pub struct Platform<S, T> {
    config: PlatformConfig,
    store: S,
    transport: T,
    clock: Clock,
    tokens: TokenGenerator,
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

impl From<HandshakeError> for HttpError {
    fn from(e: HandshakeError) -> Self {
        match e {
            HandshakeError::Versions(e) => e.into(),
            other => HttpError::ocpi(StatusCode::SERVER_ERROR, other.to_string()),
        }
    }
}

impl<S: CredentialsStore, T: Transport> Platform<S, T> {
    /// A platform with the system clock and [`generate_token`].
    pub fn new(config: PlatformConfig, store: S, transport: T) -> Self {
        Platform {
            config,
            store,
            transport,
            clock: Box::new(SystemTime::now),
            tokens: Box::new(generate_token),
        }
    }

    /// Replaces the clock (for tests that move time).
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Replaces the token generator.
    pub fn with_token_generator(
        mut self,
        tokens: impl Fn() -> CredentialsToken + Send + Sync + 'static,
    ) -> Self {
        self.tokens = Box::new(tokens);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &PlatformConfig {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    async fn apply(&self, change: Change) -> Result<(), HandshakeError> {
        self.store.apply(change).await.map_err(store_error)
    }

    /// Issues a token A with which `peer` can register here, and stores it. Send it to the
    /// peer offline, with [`VersionsConfig::url`].
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration ("the Receiver Platform must create a
    /// unique credentials token: `CREDENTIALS_TOKEN_A`")
    pub async fn issue_token_a(
        &self,
        peer: PeerId,
        mode: AuthorizationMode,
    ) -> Result<CredentialsToken, HandshakeError> {
        let token = (self.tokens)();
        let record = TokenRecord {
            peer,
            kind: TokenKind::RegistrationA,
            mode,
        };
        self.apply(Change::IssueToken {
            token: token.clone(),
            record,
        })
        .await?;
        Ok(token)
    }

    /// Says who calls, from the request's `Authorization` header, for a request to `module`
    /// (a module id, or [`VERSIONS_MODULE`]).
    ///
    /// The header is read both as Base64 and as plain text; a token counts only when read the
    /// way its peer writes it ([`TokenRecord::mode`]). Refused with HTTP 401: a missing or
    /// malformed header, an unknown or expired token, a token A on another module than
    /// Versions and Credentials, a pending token B on another module than Versions.
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
        let values = headers.get_all(AUTHORIZATION);
        let plain = parse_authorization(values.iter(), AuthorizationMode::Plain)?;
        let base64 = parse_authorization(values.iter(), AuthorizationMode::Base64).ok();
        let candidates = base64
            .map(|a| (a.token, AuthorizationMode::Base64))
            .into_iter()
            .chain([(plain.token, AuthorizationMode::Plain)]);
        for (token, read_as) in candidates {
            let record = self.store.token(&token).await.map_err(store_error)?;
            let Some(record) = record else { continue };
            let accepted = match record.mode {
                AuthorizationMode::Base64ThenPlain => true,
                mode => mode == read_as,
            };
            if accepted {
                return self.caller(record, module);
            }
        }
        Err(HttpError::unauthorized("unknown credentials token"))
    }

    fn caller(&self, record: TokenRecord, module: &str) -> Result<Caller, HttpError> {
        let peer = record.peer;
        match record.kind {
            TokenKind::RegistrationA
                if module == VERSIONS_MODULE || module == CREDENTIALS_MODULE =>
            {
                Ok(Caller::Registering {
                    peer,
                    mode: record.mode,
                })
            }
            TokenKind::RegistrationA => Err(HttpError::unauthorized(
                "a token A is only accepted by the versions and credentials modules",
            )),
            TokenKind::Pending if module == VERSIONS_MODULE => Ok(Caller::Pending { peer }),
            TokenKind::Pending => Err(HttpError::unauthorized(
                "a token of a registration in progress is only accepted by the versions module",
            )),
            TokenKind::Rotated { expires } if (self.clock)() >= expires => {
                Err(HttpError::unauthorized("the credentials token has expired"))
            }
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
        request: http::Request<Vec<u8>>,
        _caller: &Caller,
    ) -> http::Response<Vec<u8>> {
        let result = match *request.method() {
            Method::GET => Ok(Some(self.config.versions.versions_document())),
            _ => Err(HttpError::method_not_allowed(
                "the versions endpoint only answers GET",
            )),
        };
        respond(&request, result)
    }

    /// Answers a request to the version details endpoint of `version`: GET only; 404 for a
    /// version not published.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
    pub fn handle_version_details(
        &self,
        request: http::Request<Vec<u8>>,
        _caller: &Caller,
        version: OcpiVersion,
    ) -> http::Response<Vec<u8>> {
        let result = match *request.method() {
            Method::GET => match self.config.versions.published(version) {
                Some(p) => AnyVersionDetails::new(version, &p.endpoints)
                    .map(Some)
                    .map_err(|e| HttpError::ocpi(StatusCode::SERVER_ERROR, e.to_string())),
                None => Err(HttpError::not_found(format!(
                    "version {version} is not published"
                ))),
            },
            _ => Err(HttpError::method_not_allowed(
                "the version details endpoint only answers GET",
            )),
        };
        respond(&request, result)
    }

    /// Answers a request to the credentials endpoint of `version` (see the table in the
    /// [module documentation](self)).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Interfaces and endpoints (GET, POST, PUT, DELETE;
    /// "This method MUST return a HTTP status code 405: method not allowed if the client has
    /// already been registered before" for POST, "… has not been registered yet" for PUT and
    /// DELETE), §Errors during registration (3001), §Required endpoints not available (3003);
    /// 2.1.1 credentials.md §1
    pub async fn handle_credentials(
        &self,
        request: http::Request<Vec<u8>>,
        caller: &Caller,
        version: OcpiVersion,
    ) -> http::Response<Vec<u8>> {
        let result = self.credentials(&request, caller, version).await;
        respond(&request, result)
    }

    async fn credentials(
        &self,
        request: &http::Request<Vec<u8>>,
        caller: &Caller,
        version: OcpiVersion,
    ) -> Result<Option<AnyCredentials>, HttpError> {
        let not_registered = || HttpError::method_not_allowed("the client is not registered");
        let registered = || HttpError::method_not_allowed("the client is registered already");
        let method = request.method();
        let peer = match caller {
            Caller::Registering { peer, mode } => {
                if method != Method::POST {
                    return Err(not_registered());
                }
                if self.store.peer(peer).await.map_err(store_error)?.is_some() {
                    return Err(registered());
                }
                return self
                    .accept(request, peer, *mode, version, None)
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
            Method::GET => self
                .config
                .own_credentials(version, &peer.issued_token)
                .map(Some)
                .ok_or_else(|| HttpError::not_found(format!("version {version} is not published"))),
            Method::POST => Err(registered()),
            Method::PUT => {
                let (id, mode) = (peer.id.clone(), peer.mode);
                self.accept(request, &id, mode, version, Some(peer))
                    .await
                    .map(Some)
            }
            Method::DELETE => {
                self.apply(Change::RemovePeer { peer: peer.id }).await?;
                Ok(None)
            }
            _ => Err(HttpError::method_not_allowed(
                "the credentials endpoint answers GET, POST, PUT and DELETE",
            )),
        }
    }

    /// POST (no `current`) or PUT: reads the caller's credentials, fetches its versions and
    /// details for `version` with the token they carry, issues a token and stores it all in
    /// one write.
    async fn accept(
        &self,
        request: &http::Request<Vec<u8>>,
        id: &PeerId,
        mode: AuthorizationMode,
        version: OcpiVersion,
        current: Option<Peer>,
    ) -> Result<AnyCredentials, HttpError> {
        let issued = (self.tokens)();
        let ours = self
            .config
            .own_credentials(version, &issued)
            .ok_or_else(|| HttpError::not_found(format!("version {version} is not published")))?;
        self.config.limits.check(request.body())?;
        let theirs = AnyCredentials::parse(version, request.body())?;
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
            issued_token: issued,
            credentials: theirs,
            endpoints,
        };
        let retired = current.map(|c| self.retire(c.issued_token));
        self.apply(Change::SavePeer {
            peer: Box::new(peer),
            retired,
        })
        .await?;
        Ok(ours)
    }

    fn retire(&self, token: CredentialsToken) -> Retired {
        let now = (self.clock)();
        Retired {
            token,
            until: now.checked_add(self.config.grace).unwrap_or(now),
        }
    }

    /// Fetches a peer's versions list and chooses the highest version in `ours` it offers.
    async fn choose_version(
        &self,
        ours: &[OcpiVersion],
        url: &Url,
        token: &CredentialsToken,
        mode: AuthorizationMode,
    ) -> Result<(OcpiVersion, Url), VersionsError> {
        let theirs = versions::fetch_versions(&self.transport, url, token, mode).await?;
        let (version, details) = versions::negotiate(ours, &theirs)?;
        Ok((version, details.clone()))
    }

    /// Fetches a peer's endpoints for `version` and checks the required ones are there.
    async fn fetch_endpoints(
        &self,
        version: OcpiVersion,
        url: &Url,
        token: &CredentialsToken,
        mode: AuthorizationMode,
    ) -> Result<Vec<Endpoint>, VersionsError> {
        let endpoints =
            versions::fetch_version_details(&self.transport, url, version, token, mode).await?;
        versions::check_endpoints(&endpoints, &self.config.required())?;
        Ok(endpoints)
    }

    /// The state machine of a registration with a peer, from the token A and versions URL it
    /// gave offline, in its first state. The peer must not be registered yet.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration
    pub async fn start_registration(
        &self,
        peer: PeerId,
        token_a: CredentialsToken,
        versions_url: Url,
        mode: AuthorizationMode,
    ) -> Result<Initiator<'_, S, T>, HandshakeError> {
        if self.store.peer(&peer).await.map_err(store_error)?.is_some() {
            return Err(HandshakeError::AlreadyRegistered(peer));
        }
        Ok(Initiator {
            platform: self,
            peer,
            versions_url,
            token: token_a,
            mode,
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
            mode: current.mode,
            current: Some(current),
            state: InitiatorState::Start,
        })
    }

    async fn registered(&self, peer: &PeerId) -> Result<Peer, HandshakeError> {
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
        mode: AuthorizationMode,
    ) -> Result<Peer, HandshakeError> {
        self.start_registration(peer, token_a, versions_url, mode)
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
            Method::DELETE,
            url,
            token,
            current.mode,
            None,
        )
        .await?;
        versions::read_data::<Box<RawValue>>(&body)?;
        self.apply(Change::RemovePeer { peer: peer.clone() }).await
    }
}

/// The state of an [`Initiator`].
///
/// Spec: 2.2.1 credentials.asciidoc §Registration (the registration sequence)
#[derive(Debug, Clone, PartialEq)]
pub enum InitiatorState {
    /// Nothing fetched yet.
    Start,
    /// The peer's versions list fetched, and the highest version both support chosen.
    VersionChosen {
        /// The version.
        version: OcpiVersion,
        /// The URL of the peer's details for it.
        details: Url,
    },
    /// The peer's endpoints for the version fetched, and the required ones found.
    EndpointsChecked {
        /// The version.
        version: OcpiVersion,
        /// The peer's endpoints.
        endpoints: Vec<Endpoint>,
    },
    /// The credentials exchanged and stored.
    Done(Box<Peer>),
}

/// The initiating side of a registration (POST) or an update (PUT), one transition per
/// [`step`](Initiator::step). Made by [`Platform::start_registration`] and
/// [`Platform::start_update`].
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating to a newer version
pub struct Initiator<'p, S, T> {
    platform: &'p Platform<S, T>,
    peer: PeerId,
    versions_url: Url,
    /// Token A for a registration, the current token C for an update.
    token: CredentialsToken,
    mode: AuthorizationMode,
    /// The registration an update replaces.
    current: Option<Peer>,
    state: InitiatorState,
}

impl<S, T> fmt::Debug for Initiator<'_, S, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Initiator")
            .field("peer", &self.peer)
            .field("update", &self.current.is_some())
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl<S: CredentialsStore, T: Transport> Initiator<'_, S, T> {
    /// The current state.
    pub fn state(&self) -> &InitiatorState {
        &self.state
    }

    /// Makes one transition; on error, the state and the store are as before.
    ///
    /// - `Start` → `VersionChosen`: GET the peer's versions list (with token A, or C for an
    ///   update), choose the highest common version (none: 3002).
    /// - `VersionChosen` → `EndpointsChecked`: GET the peer's version details, check the
    ///   required endpoints and `credentials` are there (3003).
    /// - `EndpointsChecked` → `Done`: generate a token B, store it as pending, POST (or PUT)
    ///   our credentials carrying it; on success store the peer, its token C and our token B
    ///   as current in one write (an update keeps the previous B for the grace period); on
    ///   failure delete the pending token B.
    /// - `Done`: nothing.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration, §Required endpoints not available ("it
    /// is expected NOT to send the POST request")
    pub async fn step(&mut self) -> Result<(), HandshakeError> {
        let p = self.platform;
        let next = match &self.state {
            InitiatorState::Start => {
                let ours = p.config.supported();
                let (version, details) = p
                    .choose_version(&ours, &self.versions_url, &self.token, self.mode)
                    .await?;
                InitiatorState::VersionChosen { version, details }
            }
            InitiatorState::VersionChosen { version, details } => {
                let endpoints = p
                    .fetch_endpoints(*version, details, &self.token, self.mode)
                    .await?;
                InitiatorState::EndpointsChecked {
                    version: *version,
                    endpoints,
                }
            }
            InitiatorState::EndpointsChecked { version, endpoints } => {
                InitiatorState::Done(self.exchange(*version, endpoints).await?)
            }
            InitiatorState::Done(_) => return Ok(()),
        };
        self.state = next;
        Ok(())
    }

    /// Steps until done; returns the stored registration.
    pub async fn run(mut self) -> Result<Peer, HandshakeError> {
        loop {
            if let InitiatorState::Done(peer) = self.state {
                return Ok(*peer);
            }
            self.step().await?;
        }
    }

    async fn exchange(
        &self,
        version: OcpiVersion,
        endpoints: &[Endpoint],
    ) -> Result<Box<Peer>, HandshakeError> {
        let p = self.platform;
        let missing =
            || VersionsError::MissingEndpoints(vec![Required::new(CREDENTIALS_MODULE, None)]);
        let url = &find_endpoint(endpoints, CREDENTIALS_MODULE, None)
            .ok_or_else(missing)?
            .url;
        let token_b = (p.tokens)();
        let ours = p
            .config
            .own_credentials(version, &token_b)
            .ok_or(HandshakeError::NotConfigured(version))?;
        let pending = TokenRecord {
            peer: self.peer.clone(),
            kind: TokenKind::Pending,
            mode: self.mode,
        };
        p.apply(Change::IssueToken {
            token: token_b.clone(),
            record: pending,
        })
        .await?;
        let revoke = || {
            p.apply(Change::RevokeToken {
                token: token_b.clone(),
            })
        };

        let method = if self.current.is_some() {
            Method::PUT
        } else {
            Method::POST
        };
        let body = serde_json::to_vec(&ours).unwrap_or_default();
        let answer = match versions::send(
            &p.transport,
            method,
            url,
            &self.token,
            self.mode,
            Some(body),
        )
        .await
        {
            Ok(answer) => AnyCredentials::read_response(version, &answer),
            Err(e) => Err(e),
        };
        let theirs = match answer {
            Ok(theirs) => theirs,
            Err(e) => {
                // Best effort: if this fails too, the pending token lingers, accepted on the
                // versions module only.
                let _ = revoke().await;
                return Err(e.into());
            }
        };
        let peer = Peer {
            id: self.peer.clone(),
            version,
            mode: self.mode,
            issued_token: token_b.clone(),
            credentials: theirs,
            endpoints: endpoints.to_vec(),
        };
        let retired = self
            .current
            .as_ref()
            .map(|c| p.retire(c.issued_token.clone()));
        if let Err(e) = p
            .apply(Change::SavePeer {
                peer: Box::new(peer.clone()),
                retired,
            })
            .await
        {
            let _ = revoke().await;
            if self.current.is_none() {
                // The peer registered a registration that is not stored here: undo it there.
                let _ = versions::send(
                    &p.transport,
                    Method::DELETE,
                    url,
                    peer.credentials.token(),
                    self.mode,
                    None,
                )
                .await;
            }
            return Err(e);
        }
        Ok(Box::new(peer))
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
