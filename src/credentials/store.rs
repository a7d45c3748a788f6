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
