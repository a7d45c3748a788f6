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
    /// [`PeerTerms::accept_mode`]); the record of [`issued_token`](Peer::issued_token) says
    /// the same.
    pub accept: AuthorizationMode,
    /// The token it calls this platform with (issued here: C if it registered here, B if this
    /// platform registered there).
    pub issued_token: CredentialsToken,
    /// Its credentials: the token to call it with, its versions URL and who it is.
    pub credentials: AnyCredentials,
    /// Its endpoints for [`version`](Peer::version).
    pub endpoints: Vec<Endpoint>,
    /// What the application decided about it: the parties and roles it may claim, and the
    /// header overrides.
    pub terms: PeerTerms,
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

/// What a transition expects the stored state of its peer to be. A store applies a change only
/// if the state is still the one the transition started from (compare-and-swap), so two
/// transitions of one peer can never both succeed on the same state, wherever they run.
///
/// The state is the token the peer calls with ([`Peer::issued_token`], replaced by every
/// registration and update) and whether a transition of this platform's own is in flight (a
/// [`TokenKind::Pending`] token that has not expired).
///
/// Spec: 2.2.1 credentials.asciidoc §Updating the credentials and resetting the credentials
/// token (both parties may start an update at any time)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The token the peer calls with now; `None`: the peer is not registered.
    pub issued: Option<CredentialsToken>,
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
    /// registration), and the peer's tokens become exactly `peer.issued_token`
    /// ([`TokenKind::Current`]) and, after an update, `retired` ([`TokenKind::Rotated`] until
    /// its time). Every other token of the peer (token A, pending tokens, older rotated
    /// tokens) is deleted.
    ///
    /// Refused ([`Conflict::Stale`]) unless the state is `expect`, and
    /// ([`Conflict::Claimed`]) if another peer holds one of the peer's
    /// [owned claims](AnyCredentials::owned_claims).
    SavePeer {
        /// The registration.
        peer: Box<Peer>,
        /// The token the update replaced.
        retired: Option<Retired>,
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
/// Tokens are looked up by value; compare them with [`CredentialsToken`]'s `==`, which runs in
/// constant time (or with the database's own lookup on a hash of the token).
///
/// [`apply`](CredentialsStore::apply) is where concurrency is decided: it must check the
/// change's [`Expect`] and the uniqueness of claims, and write, in one atomic step (a
/// transaction with the peer's row locked, or a version column; an in-process mutex is enough
/// only for a store used by one process).
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
/// change is checked and written under one lock.
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
        let issued = self.peers.get(peer).map(|p| &p.issued_token);
        let in_flight = self.tokens.iter().any(|(token, record)| {
            record.peer == *peer
                && matches!(record.kind, TokenKind::Pending { expires } if expires > expect.at)
                && expect.pending.as_ref() != Some(token)
        });
        if issued != expect.issued.as_ref() || in_flight {
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
                retired,
                expect,
            } => {
                self.check(&peer.id, &expect)?;
                self.check_claims(&peer)?;
                let record = |kind| TokenRecord {
                    peer: peer.id.clone(),
                    kind,
                    mode: peer.accept,
                };
                self.tokens.retain(|(_, r)| r.peer != peer.id);
                self.tokens
                    .push((peer.issued_token.clone(), record(TokenKind::Current)));
                if let Some(Retired { token, until }) = retired {
                    self.tokens
                        .push((token, record(TokenKind::Rotated { expires: until })));
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
