//! Hub Client Info on the Hub's side: pushing ClientInfo changes to the connected parties,
//! and the still-alive check.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method};

use super::{Connection, Directory, Hub};
use crate::credentials::{CredentialsStore, PeerId};
use crate::modules::{Edge, Interface, Module, Wire};
use crate::transport::{HttpError, Routing, Transport};
use crate::v2_3_0::hub_client_info::ConnectionStatus;
use crate::versions::find_endpoint;

/// How long a connected party may stay silent before the still-alive check calls it: the
/// spec's advice when unsure, 5 minutes.
///
/// Spec: 2.2.1 mod_hub_client_info.asciidoc §Still alive check ("when unsure, start with 5
/// minutes")
pub const STILL_ALIVE_AFTER: Duration = Duration::from_secs(5 * 60);

/// What a push of ClientInfo objects did: the peers that accepted it (OCPI 1xxx) and the ones
/// that did not, with why.
///
/// Spec: 2.2.1 mod_hub_client_info.asciidoc §Push model
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// The peers that accepted every object pushed.
    pub accepted: Vec<PeerId>,
    /// The peers that refused one or could not be reached, with the reason.
    pub failed: Vec<(PeerId, String)>,
}

impl<S, T, D> Hub<S, T, D>
where
    S: CredentialsStore,
    T: Transport,
    D: Directory,
{
    /// Notes that `peer` was heard from now.
    pub(super) fn seen(&self, peer: &PeerId) {
        let mut last = self.last_seen.lock().unwrap_or_else(|e| e.into_inner());
        last.insert(peer.clone(), SystemTime::now());
    }

    /// When `peer` was last heard from: a routed request from it, or its answer to the
    /// still-alive check.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Still alive check ("the Hub should keep track
    /// of the time that has passed since the last message was received from a connected
    /// party")
    pub fn last_seen(&self, peer: &PeerId) -> Option<SystemTime> {
        let last = self.last_seen.lock().unwrap_or_else(|e| e.into_inner());
        last.get(peer).copied()
    }

    /// Pushes the ClientInfo of `changed` (PUT) to every platform serving a `CONNECTED` party
    /// that offers the Receiver interface of Hub Client Info, in its version, except the
    /// platforms of the parties changed themselves.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Push model ("Any changes to ClientInfo in the
    /// Hub system are send to the connected party system by calling the PUT method on the
    /// connected party ClientInfo endpoint")
    pub async fn push_client_info(&self, changed: &[Connection]) -> Result<PushReport, HttpError> {
        let mut report = PushReport::default();
        if changed.is_empty() {
            return Ok(report);
        }
        let all = self
            .directory
            .all()
            .await
            .map_err(HttpError::server_error)?;
        let own: BTreeSet<&PeerId> = changed.iter().map(|c| &c.peer).collect();
        let mut peers = BTreeSet::new();
        for c in all.iter().filter(|c| c.is_connected()) {
            if !own.contains(&c.peer) {
                peers.insert(c.peer.clone());
            }
        }
        let bridge = &self.server.config().bridge;
        for id in peers {
            let peer = self.registration(&id).await?;
            let Some(peer) = peer else { continue };
            let Some(endpoint) = find_endpoint(
                &peer.endpoints,
                Module::HubClientInfo.id(),
                Some(&Interface::Receiver.role()),
            ) else {
                continue;
            };
            let base = endpoint.url.as_str().trim_end_matches('/').to_owned();
            let mut failure = None;
            for connection in changed {
                let edge = Edge {
                    version: peer.version,
                    party: Some(connection.party),
                    bridge,
                };
                let body = match connection.client_info().write(&edge) {
                    Ok(body) => body,
                    Err(e) => {
                        failure = Some(e.to_string());
                        break;
                    }
                };
                let url = format!(
                    "{base}/{}/{}",
                    connection.party.country_code, connection.party.party_id
                );
                let request = self.forwarded(
                    &HeaderMap::new(),
                    &Method::PUT,
                    body,
                    &url,
                    &peer,
                    Routing::default(),
                )?;
                match self.send(request, &connection.party).await {
                    Ok(answer) => match super::envelope::check(answer.body()) {
                        Ok(status) if status.is_success() => self.seen(&id),
                        Ok(status) => {
                            failure = Some(format!("answered {status}"));
                            break;
                        }
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    },
                    Err(e) => {
                        failure = Some(e.to_string());
                        break;
                    }
                }
            }
            match failure {
                None => report.accepted.push(id),
                Some(reason) => report.failed.push((id, reason)),
            }
        }
        Ok(report)
    }

    /// The still-alive check: every platform serving a `CONNECTED` party that has not been
    /// heard from for `idle` ([`STILL_ALIVE_AFTER`] when unsure) is sent a GET of its versions
    /// endpoint. One that answers is seen now; the parties of one that does not become
    /// `OFFLINE`, and the change is pushed to the others ([`push_client_info`](Hub::push_client_info)).
    /// Returns the entries that went `OFFLINE`. The application calls it from its own timer.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Still alive check ("When this is longer then
    /// X minutes … the Hub should send a: GET to the Version information endpoint")
    pub async fn still_alive(&self, idle: Duration) -> Result<Vec<Connection>, HttpError> {
        let now = SystemTime::now();
        let all = self
            .directory
            .all()
            .await
            .map_err(HttpError::server_error)?;
        let peers: BTreeSet<PeerId> = all
            .iter()
            .filter(|c| c.is_connected())
            .map(|c| c.peer.clone())
            .filter(|p| {
                self.last_seen(p)
                    .is_none_or(|t| now.duration_since(t).unwrap_or_default() >= idle)
            })
            .collect();
        let mut offline = Vec::new();
        for id in peers {
            let peer = self.registration(&id).await?;
            let alive = match &peer {
                Some(peer) => crate::versions::fetch_versions(
                    self.server.platform().transport(),
                    &self.server.config().urls,
                    peer.credentials.url(),
                    peer.credentials.token(),
                    peer.mode,
                )
                .await
                .is_ok(),
                None => false,
            };
            if alive {
                self.seen(&id);
                continue;
            }
            for c in all.iter().filter(|c| c.peer == id && c.is_connected()) {
                let changed = self
                    .directory
                    .set_status(&c.party, ConnectionStatus::Offline)
                    .await
                    .map_err(HttpError::server_error)?;
                offline.extend(changed);
            }
        }
        self.push_client_info(&offline).await?;
        Ok(offline)
    }
}
