//! The stored state of registrations and tokens: the storage trait and an in-memory store.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use super::*;
use crate::transport::AuthorizationMode;
use crate::types::CredentialsToken;
use crate::versions::{Endpoint, OcpiVersion};

/// What a token this platform issued means.
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// `CREDENTIALS_TOKEN_A`: lets the peer read the versions and register (POST) at the
    /// credentials endpoint, nothing else. Deleted by the registration.
    RegistrationA {
        /// What the application decided about the peer: the parties and roles it may claim,
        /// and how the headers are written.
        terms: PeerTerms,
    },
    /// A token B this platform sent in a POST or PUT that is still in flight: the peer fetches
    /// the versions with it. Accepted on the Versions module only, until `expires` (a
    /// transition that never finished does not block the next one).
    Pending {
        /// When it stops counting as in flight.
        expires: SystemTime,
        /// The tolerances of the peer's terms, for the calls it makes with this token (the
        /// version details it reads): [`Interop`](crate::interop::Interop).
        interop: crate::interop::Interop,
    },
    /// The token a registered peer calls with (C if the peer registered here, B if this
    /// platform registered there).
    Current,
    /// A token replaced by an update, accepted on the functional modules (never on Versions
    /// or Credentials) until `expires`.
    Rotated {
        /// When it stops working.
        expires: SystemTime,
    },
}

impl TokenKind {
    /// Whether this is a pending token that still counts as a transition in flight at `at`
    /// (it expires after `at`). The check of [`Expect::pending`] that every store makes.
    pub fn in_flight_at(&self, at: SystemTime) -> bool {
        matches!(*self, TokenKind::Pending { expires, .. } if expires > at)
    }
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
    /// How this platform writes its `Authorization` header to the peer (by default as
    /// [`version`](Peer::version) says: [`PeerTerms::send_mode`]).
    pub mode: AuthorizationMode,
    /// How the peer must write its `Authorization` header (by default as the version says:
    /// [`PeerTerms::accept_mode`]); the record of the token it calls with says the same.
    pub accept: AuthorizationMode,
    /// Which registration or update this is: made anew by each, and compared by [`Expect`].
    ///
    /// The token the peer calls this platform with is not part of the registration: the store
    /// keeps it as a [`TokenKind::Current`] token ([`Change::SavePeer`]), and a store may keep
    /// only a hash of it.
    pub revision: Revision,
    /// Its credentials: the token to call it with, its versions URL and who it is.
    pub credentials: AnyCredentials,
    /// Its endpoints for [`version`](Peer::version).
    pub endpoints: Vec<Endpoint>,
    /// What the application decided about it: the parties and roles it may claim, and the
    /// header overrides.
    pub terms: PeerTerms,
}

/// Which registration or update of a peer a [`Peer`] is: a random value that every
/// registration and update makes anew, kept by the store with the registration and compared by
/// [`Expect`] (the compare-and-swap of a transition).
///
/// It is not a secret, and it says nothing but "the same registration or not": unlike the token
/// the peer calls with, which it stands for in [`Expect`], a store can keep it in clear and
/// give it back. 64 random bits: a registration deleted and made again never comes back with
/// the revision a transition of the old one expects.
///
/// Spec: 2.2.1 credentials.asciidoc §Updating the credentials and resetting the credentials
/// token (every update issues new tokens)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Revision(u64);

impl Revision {
    /// A new revision: 64 bits from the operating system's random number generator; fails
    /// only if it cannot give random bytes.
    pub fn random() -> Result<Self, TokenError> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| TokenError::new(e.to_string()))?;
        Ok(Revision(u64::from_le_bytes(bytes)))
    }

    /// The revision a store kept as a number.
    pub fn from_u64(value: u64) -> Self {
        Revision(value)
    }

    /// The revision as a number, for a store to keep (a signed 64-bit column keeps it as
    /// `as i64`, read back with `as u64`).
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

/// What a transition expects the stored state of its peer to be. A store applies a change only
/// if the state is still the one the transition started from (compare-and-swap), so two
/// transitions of one peer can never both succeed on the same state, wherever they run.
///
/// The state is the registration's [`Revision`] (made anew by every registration and update,
/// with the token the peer calls with) and whether a transition of this platform's own is in
/// flight (a [`TokenKind::Pending`] token that has not expired at [`at`](Expect::at)).
///
/// Spec: 2.2.1 credentials.asciidoc §Updating the credentials and resetting the credentials
/// token (both parties may start an update at any time)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The revision of the peer's registration now; `None`: the peer is not registered.
    pub revision: Option<Revision>,
    /// The pending token of this transition itself, the only one that may be in flight for
    /// the peer (`None`: none may be).
    pub pending: Option<CredentialsToken>,
    /// The time of the change: pending tokens that expired before it do not count.
    pub at: SystemTime,
}

/// Why a store refused a change, the state being other than the change expects. Nothing was
/// written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// The peer's registration changed since the transition started, or another transition
    /// of it is in flight.
    #[error("the registration of {0} changed, or another transition of it is in flight")]
    Stale(PeerId),
    /// A party and role the peer claims belongs to another peer.
    #[error("{claim} belongs to {owner}")]
    Claimed {
        /// The claim.
        claim: Claim,
        /// The peer holding it.
        owner: PeerId,
    },
}

/// One transition of the stored state; each is written atomically by
/// [`CredentialsStore::apply`], and only if the state is what it expects.
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
        /// For a pending token: the state the transition starts from (refused if another
        /// pending token of the peer is in flight, or the registration changed). `None` for a
        /// token A.
        expect: Option<Expect>,
    },
    /// Deletes one token: the pending token B of a POST or PUT that failed, or a token A that
    /// will not be used.
    RevokeToken {
        /// The token.
        token: CredentialsToken,
    },
    /// A registration or an update is complete: stores `peer` (replacing its previous
    /// registration), and the peer's tokens become exactly `token` ([`TokenKind::Current`],
    /// written as [`Peer::accept`] says) and, after an update, the token that was current
    /// until now ([`TokenKind::Rotated`] until `rotated_until`). Every other token of the
    /// peer (token A, pending tokens, older rotated tokens) is deleted. Without `token` (an
    /// application changing a registration's terms), the peer's tokens stay as they are.
    ///
    /// Refused ([`Conflict::Stale`]) unless the state is `expect`, and
    /// ([`Conflict::Claimed`]) if another peer holds one of the peer's
    /// [owned claims](AnyCredentials::owned_claims).
    SavePeer {
        /// The registration.
        peer: Box<Peer>,
        /// The token the peer calls this platform with from now on (issued here: C if it
        /// registered here, B if this platform registered there); `None`: the tokens stay.
        token: Option<CredentialsToken>,
        /// After an update: until when the token the update replaces keeps working (the grace
        /// period). `None` after a registration, and without `token`.
        rotated_until: Option<SystemTime>,
        /// The state the transition started from.
        expect: Expect,
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
/// The tokens this platform issues come in through [`Change::IssueToken`],
/// [`Change::SavePeer`] and [`token`](CredentialsStore::token), and nothing gives them back:
/// a store may keep only a hash of each (the SQL stores of this crate keep their SHA-256), and
/// look a token up by its hash. A store that keeps them as they are compares them with
/// [`CredentialsToken`]'s `==`, which runs in constant time. The peer's own token (the one in
/// [`Peer::credentials`], to call it with) must be kept as it is: it is sent.
///
/// [`apply`](CredentialsStore::apply) is where concurrency is decided: it must check the
/// change's [`Expect`] and the uniqueness of claims, and write, in one atomic step (a
/// transaction with the peer's row locked, or a version column; an in-process mutex is enough
/// only for a store used by one process). A change must be written whole or not at all, also
/// when the future of `apply` is dropped part-way.
///
/// The conformance checks of `credentials::testkit` (feature `testkit`) tell whether an
/// implementation keeps these rules, as the crate's stores do.
///
/// ```
/// use ocpi_protocol::credentials::{CredentialsStore, MemoryStore, PartyGrant, PeerId, TokenKind};
/// # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
/// # use ocpi_protocol::types::{OcpiString, Url};
/// # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
/// # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let name = BusinessDetails::new(OcpiString::new("Example CPO")?);
/// # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse()?, "NL".parse()?)];
/// # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi")?, roles);
///
/// // A server takes its store when built, and writes every transition to it.
/// let server = ServerBuilder::new(config).only_mounted().build(MemoryStore::new(), Loopback::new())?;
/// let token_a = server.platform().issue_token_a(PeerId::new("emsp"), PartyGrant::Vetted).await?;
///
/// let store = server.platform().store();
/// let record = store.token(&token_a).await?.ok_or("unknown token")?;
/// assert_eq!(record.peer, PeerId::new("emsp"));
/// assert!(matches!(record.kind, TokenKind::RegistrationA { .. }));
/// assert!(store.peer(&PeerId::new("emsp")).await?.is_none()); // not registered yet
/// # Ok(())
/// # }
/// ```
///
/// A store of the application's own, and the SQL stores: the
/// [guide](crate::guide::stores_and_transports).
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token; §CredentialsRole class (unique role, party and country)
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

    /// Writes one transition, all of it or nothing. The outer error is the store failing; the
    /// inner one is the change refused because the state is not what it expects, or a claim
    /// is taken (nothing written).
    fn apply(
        &self,
        change: Change,
    ) -> impl Future<Output = Result<Result<(), Conflict>, Self::Error>> + Send;
}

/// A [`CredentialsStore`] in memory, for tests, examples and single-process platforms: every
/// change is checked and written under one lock. It keeps the tokens as they are, in the
/// process's memory only, and forgets everything when dropped.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    tokens: Vec<(CredentialsToken, TokenRecord)>,
    peers: HashMap<PeerId, Peer>,
}

impl MemoryState {
    /// Checks that the state of `peer` is what `expect` says.
    fn check(&self, peer: &PeerId, expect: &Expect) -> Result<(), Conflict> {
        let revision = self.peers.get(peer).map(|p| p.revision);
        let in_flight = self.tokens.iter().any(|(token, record)| {
            record.peer == *peer
                && record.kind.in_flight_at(expect.at)
                && expect.pending.as_ref() != Some(token)
        });
        if revision != expect.revision || in_flight {
            return Err(Conflict::Stale(peer.clone()));
        }
        Ok(())
    }

    /// Checks that no other peer holds one of `peer`'s owned claims.
    fn check_claims(&self, peer: &Peer) -> Result<(), Conflict> {
        let claims = peer.credentials.owned_claims();
        for other in self.peers.values().filter(|p| p.id != peer.id) {
            for held in other.credentials.owned_claims() {
                if let Some(claim) = claims.iter().find(|c| c.overlaps(&held)) {
                    return Err(Conflict::Claimed {
                        claim: claim.clone(),
                        owner: other.id.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, change: Change) -> Result<(), Conflict> {
        match change {
            Change::IssueToken {
                token,
                record,
                expect,
            } => {
                if let Some(expect) = &expect {
                    self.check(&record.peer, expect)?;
                }
                self.tokens.push((token, record));
            }
            Change::RevokeToken { token } => self.tokens.retain(|(t, _)| *t != token),
            Change::SavePeer {
                peer,
                token,
                rotated_until,
                expect,
            } => {
                self.check(&peer.id, &expect)?;
                self.check_claims(&peer)?;
                let record = |kind| TokenRecord {
                    peer: peer.id.clone(),
                    kind,
                    mode: peer.accept,
                };
                if let Some(token) = token {
                    let replaced = self
                        .tokens
                        .iter()
                        .find(|(_, r)| r.peer == peer.id && r.kind == TokenKind::Current)
                        .map(|(t, _)| t.clone());
                    self.tokens.retain(|(_, r)| r.peer != peer.id);
                    self.tokens.push((token, record(TokenKind::Current)));
                    if let (Some(expires), Some(replaced)) = (rotated_until, replaced) {
                        self.tokens
                            .push((replaced, record(TokenKind::Rotated { expires })));
                    }
                }
                self.peers.insert(peer.id.clone(), *peer);
            }
            Change::RemovePeer { peer } => {
                self.tokens.retain(|(_, r)| r.peer != peer);
                self.peers.remove(&peer);
            }
        }
        Ok(())
    }
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

    fn apply(
        &self,
        change: Change,
    ) -> impl Future<Output = Result<Result<(), Conflict>, Self::Error>> + Send {
        std::future::ready(Ok(self.lock().apply(change)))
    }
}
