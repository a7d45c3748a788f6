//! The initiating side of a registration or an update, one transition at a time.

use std::fmt;

use http::Method;

use super::*;
use crate::transport::{AuthorizationMode, Transport};
use crate::types::{CredentialsToken, Url};
use crate::versions::{
    self, find_endpoint, CallError, Endpoint, OcpiVersion, Required, VersionsError,
    CREDENTIALS_MODULE,
};

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
    pub(super) platform: &'p Platform<S, T>,
    pub(super) peer: PeerId,
    pub(super) versions_url: Url,
    /// Token A for a registration, the current token C for an update.
    pub(super) token: CredentialsToken,
    /// How the header is written before the version is known: the current mode for an
    /// update, the terms' override for a registration (`None`: Base64, then as is on a 401).
    pub(super) first_mode: Option<AuthorizationMode>,
    /// What the application decided about the peer.
    pub(super) terms: PeerTerms,
    /// The registration an update replaces.
    pub(super) current: Option<Peer>,
    pub(super) state: InitiatorState,
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
    ///   update), choose the highest common version (none: 3002). The version is not known
    ///   yet: a registration writes the token A in Base64 and, if the peer answers 401, as is
    ///   (a 2.1.1 platform), unless the terms fix the mode; an update writes it as it did.
    ///   From here on the header is written as the chosen version says, unless the terms fix
    ///   it.
    /// - `VersionChosen` → `EndpointsChecked`: GET the peer's version details, check the
    ///   required endpoints and `credentials` are there (3003).
    /// - `EndpointsChecked` → `Done`: generate a token B, store it as pending (refused if
    ///   another transition of the peer is in flight here, or the registration changed since
    ///   the start), POST (or PUT) our credentials carrying it; check the parties the answer
    ///   claims against the grant; store the peer, its token C and our token B as current in
    ///   one write, if the registration is still the one this started from (an update keeps
    ///   the previous B for the grace period). On failure the pending token B is deleted, and
    ///   a registration the peer made but that cannot be stored here is undone there (DELETE).
    /// - `Done`: nothing.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Registration, §Required endpoints not available ("it
    /// is expected NOT to send the POST request")
    pub async fn step(&mut self) -> Result<(), HandshakeError> {
        let p = self.platform;
        let next = match &self.state {
            InitiatorState::Start => {
                let ours = p.config.supported();
                let choose = |mode| p.choose_version(&ours, &self.versions_url, &self.token, mode);
                let (version, details) = match self.first_mode {
                    Some(mode) => choose(mode).await?,
                    None => match choose(AuthorizationMode::Base64).await {
                        Err(VersionsError::Call(CallError::Refused { http, .. }))
                            if http == http::StatusCode::UNAUTHORIZED =>
                        {
                            choose(AuthorizationMode::Plain).await?
                        }
                        other => other?,
                    },
                };
                InitiatorState::VersionChosen { version, details }
            }
            InitiatorState::VersionChosen { version, details } => {
                let mode = self.terms.send_mode(version.as_str());
                let endpoints = p
                    .fetch_endpoints(*version, details, &self.token, mode)
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
        let step = match (&next, self.current.is_some()) {
            (InitiatorState::VersionChosen { .. }, _) => "versions fetched, version chosen",
            (InitiatorState::EndpointsChecked { .. }, _) => "version details fetched",
            (_, false) => "registered",
            (_, true) => "updated",
        };
        let version = match &next {
            InitiatorState::VersionChosen { version, .. }
            | InitiatorState::EndpointsChecked { version, .. } => Some(*version),
            InitiatorState::Done(peer) => Some(peer.version),
            InitiatorState::Start => None,
        };
        crate::trace::handshake(
            step,
            &self.peer,
            version.as_ref().map(|v| v as &dyn fmt::Display),
        );
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
        let (mode, accept) = (
            self.terms.send_mode(version.as_str()),
            self.terms.accept_mode(version.as_str()),
        );
        let token_b = p.new_token().await?;
        let revision = Revision::random()?;
        let ours = p
            .config
            .own_credentials(version, &token_b)
            .ok_or(HandshakeError::NotConfigured(version))?;
        let now = p.now();
        let pending = TokenRecord {
            peer: self.peer.clone(),
            kind: TokenKind::Pending {
                expires: now.checked_add(p.config.pending_for).unwrap_or(now),
                interop: self.terms.interop,
            },
            mode: accept,
        };
        p.apply(Change::IssueToken {
            token: token_b.clone(),
            record: pending,
            expect: Some(p.expect(self.current.as_ref(), None)),
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
            &p.config.urls,
            method,
            url,
            &self.token,
            mode,
            Some(body),
        )
        .await
        {
            Ok(answer) => {
                AnyCredentials::read_response(version, &answer).map_err(|e| e.masking(&self.token))
            }
            Err(e) => Err(e),
        }
        // The peer may echo the token B this POST or PUT carries, too.
        .map_err(|e| e.masking(&token_b));
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
            mode,
            accept,
            revision,
            credentials: theirs,
            endpoints: endpoints.to_vec(),
            terms: self.terms.clone(),
        };
        let claims = p
            .check_claims(&self.peer, &self.terms.grant, &peer.credentials)
            .map_err(HandshakeError::from);
        let saved = match claims {
            Ok(()) => {
                p.apply(Change::SavePeer {
                    peer: Box::new(peer.clone()),
                    token: Some(token_b.clone()),
                    rotated_until: self.current.as_ref().map(|_| p.grace_end()),
                    expect: p.expect(self.current.as_ref(), Some(&token_b)),
                })
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = saved {
            let _ = revoke().await;
            if self.current.is_none() {
                // The peer registered a registration that is not stored here: undo it there.
                let _ = versions::send(
                    &p.transport,
                    &p.config.urls,
                    Method::DELETE,
                    url,
                    peer.credentials.token(),
                    mode,
                    None,
                )
                .await;
            }
            return Err(e);
        }
        Ok(Box::new(peer))
    }
}
