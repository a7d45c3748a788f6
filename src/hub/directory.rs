//! The application's directory of the parties connected to its Hub.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::credentials::PeerId;
use crate::modules::hub_client_info::HubClientInfoSender;
use crate::modules::{Context, ListPage, ListQuery, ModuleError};
use crate::transport::PartyRef;
use crate::types::DateTime;
use crate::v2_3_0::credentials::Role;
use crate::v2_3_0::hub_client_info::{ClientInfo, ConnectionStatus};

/// One party in one role, reachable through the Hub: which registered peer (a platform
/// registered at the Hub through the credentials handshake) serves it, and its connection
/// status. The peer's version, endpoints and token come from the credentials store.
///
/// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object (`party_id`, `country_code`,
/// `role`, `status`); 2.2.1 transport_and_format.asciidoc §Platforms
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The party.
    pub party: PartyRef,
    /// Its role.
    pub role: Role,
    /// The registered peer (platform) serving it.
    pub peer: PeerId,
    /// Its connection status: the Hub forwards only to `CONNECTED` parties.
    pub status: ConnectionStatus,
    /// When the status last changed (the `last_updated` of its ClientInfo).
    pub last_updated: DateTime,
}

impl Connection {
    /// A `CONNECTED` party served by `peer`.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum
    pub fn connected(party: PartyRef, role: Role, peer: PeerId) -> Self {
        Connection {
            party,
            role,
            peer,
            status: ConnectionStatus::Connected,
            last_updated: DateTime::now(),
        }
    }

    /// Whether the party is `CONNECTED`.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum (`CONNECTED`: "Request can be sent")
    pub fn is_connected(&self) -> bool {
        self.status == ConnectionStatus::Connected
    }

    /// The party's ClientInfo object.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object
    pub fn client_info(&self) -> ClientInfo {
        ClientInfo::new(
            self.party.party_id,
            self.party.country_code,
            self.role.clone(),
            self.status.clone(),
            self.last_updated,
        )
    }
}

/// The parties a Hub connects, as the application knows them: implemented over the Hub's own
/// storage (a table of contracts and connections). [`MemoryDirectory`] is one in memory.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing (the Hub knows the parties
/// connected to it); 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum
pub trait Directory {
    /// The directory's own error (answered with OCPI 3000).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Every role of `party` (empty when the Hub does not know it).
    fn connections(
        &self,
        party: &PartyRef,
    ) -> impl Future<Output = Result<Vec<Connection>, Self::Error>> + Send;

    /// Every party in every role, in a stable order (the order of Broadcast Push and of a
    /// GET All via the Hub).
    fn all(&self) -> impl Future<Output = Result<Vec<Connection>, Self::Error>> + Send;

    /// Sets the status of every role of `party` (with `last_updated` now), and returns the
    /// entries that changed. Called by the still-alive check
    /// ([`Hub::still_alive`](super::Hub::still_alive)).
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Still alive check
    fn set_status(
        &self,
        party: &PartyRef,
        status: ConnectionStatus,
    ) -> impl Future<Output = Result<Vec<Connection>, Self::Error>> + Send;
}

/// A [`Directory`] in memory, ordered by party then role. Cloning gives another handle on the
/// same directory.
///
/// ```
/// use ocpi_protocol::credentials::PeerId;
/// use ocpi_protocol::hub::MemoryDirectory;
/// use ocpi_protocol::transport::PartyRef;
/// use ocpi_protocol::v2_3_0::credentials::Role;
/// use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
///
/// let directory = MemoryDirectory::new();
/// let cpo = PartyRef::new("NL".parse().unwrap(), "CPO".parse().unwrap());
/// // After NL*CPO's platform registered at the Hub as the peer "cpo":
/// directory.connect(cpo, Role::Cpo, PeerId::new("cpo"));
/// assert!(directory.entries()[0].is_connected());
///
/// // It went quiet: the Hub forwards nothing to it until it is back.
/// let changed = directory.set_status(&cpo, ConnectionStatus::Offline);
/// assert_eq!(changed.len(), 1);
/// assert!(!directory.entries()[0].is_connected());
/// ```
///
/// Spec: 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum
#[derive(Debug, Clone, Default)]
pub struct MemoryDirectory {
    entries: Arc<Mutex<BTreeMap<(PartyRef, String), Connection>>>,
}

impl MemoryDirectory {
    /// An empty directory.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<(PartyRef, String), Connection>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds or replaces a party in a role.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object
    pub fn insert(&self, connection: Connection) {
        let key = (connection.party, connection.role.as_str().to_owned());
        self.lock().insert(key, connection);
    }

    /// Adds `party` in `role`, served by `peer`, `CONNECTED`.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Another Party becomes CONNECTED
    pub fn connect(&self, party: PartyRef, role: Role, peer: PeerId) {
        self.insert(Connection::connected(party, role, peer));
    }

    /// Sets the status of every role of `party`, with `last_updated` now; returns the entries
    /// that changed.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum
    pub fn set_status(&self, party: &PartyRef, status: ConnectionStatus) -> Vec<Connection> {
        let mut changed = Vec::new();
        let now = DateTime::now();
        for (key, c) in self.lock().iter_mut() {
            if key.0 == *party && c.status != status {
                c.status = status.clone();
                c.last_updated = now;
                changed.push(c.clone());
            }
        }
        changed
    }

    /// Every entry.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §Pull model
    pub fn entries(&self) -> Vec<Connection> {
        self.lock().values().cloned().collect()
    }
}

impl Directory for MemoryDirectory {
    type Error = Infallible;

    fn connections(
        &self,
        party: &PartyRef,
    ) -> impl Future<Output = Result<Vec<Connection>, Infallible>> + Send {
        let found: Vec<Connection> = self
            .lock()
            .values()
            .filter(|c| c.party == *party)
            .cloned()
            .collect();
        std::future::ready(Ok(found))
    }

    fn all(&self) -> impl Future<Output = Result<Vec<Connection>, Infallible>> + Send {
        std::future::ready(Ok(self.entries()))
    }

    fn set_status(
        &self,
        party: &PartyRef,
        status: ConnectionStatus,
    ) -> impl Future<Output = Result<Vec<Connection>, Infallible>> + Send {
        std::future::ready(Ok(MemoryDirectory::set_status(self, party, status)))
    }
}

/// The Hub's Sender interface of Hub Client Info over the directory: the ClientInfo of every
/// party in every role, paginated and filtered on `last_updated`. Mount it on the Hub's
/// server with [`ServerBuilder::hub_client_info_sender`](crate::server::ServerBuilder::hub_client_info_sender).
///
/// Spec: 2.2.1 mod_hub_client_info.asciidoc §Sender Interface, §Pull model
impl HubClientInfoSender for MemoryDirectory {
    async fn list(
        &self,
        _: &Context,
        query: ListQuery,
    ) -> Result<ListPage<ClientInfo>, ModuleError> {
        let all: Vec<ClientInfo> = self.entries().iter().map(Connection::client_info).collect();
        Ok(ListPage::from_all(&all, &query, |c| &c.last_updated))
    }
}
