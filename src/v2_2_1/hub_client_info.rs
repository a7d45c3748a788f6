//! Hub Client Info module: the parties connected to a Hub and the state of their connection.
//!
//! Spec: 2.2.1 mod_hub_client_info.asciidoc

use crate::types::{ocpi_enum, ocpi_object, CountryCode, DateTime, PartyId, Role};

ocpi_object! {
    /// A party connected to a Hub, and the status of its connection.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object
    pub struct ClientInfo {
        /// CPO or eMSP ID of the party (ISO 15118), as used in the credentials exchange.
        req party_id: PartyId,
        /// Country code of the country the party operates in, as used in the credentials
        /// exchange.
        req country_code: CountryCode,
        /// The role of the connected party.
        req role: Role,
        /// Status of the connection to the party.
        req status: ConnectionStatus,
        /// When this ClientInfo object was last updated.
        req last_updated: DateTime,
    }
}

ocpi_enum! {
    /// The state of the connection between a Hub and one party.
    ///
    /// Spec: 2.2.1 mod_hub_client_info.asciidoc §ConnectionStatus enum
    pub enum ConnectionStatus {
        /// The party is connected.
        Connected = "CONNECTED",
        /// The party is currently not connected.
        Offline = "OFFLINE",
        /// A connection to the party is planned but has never been made.
        Planned = "PLANNED",
        /// The party is no longer active and will never connect again.
        Suspended = "SUSPENDED",
    }
}
