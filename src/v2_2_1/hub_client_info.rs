//! Hub Client Info module: the parties connected to a Hub and the state of their connection.
//!
//! Spec: 2.2.1 mod_hub_client_info.asciidoc

use crate::types::{ocpi_enum, Role};

shape! {
    /// Declares `ClientInfo` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line and the
    /// version's Role.
    macro client_info_shape(
        spec: $spec:literal,
        role: $role:ty $(,)?
    ) => ocpi_object! {
        /// A party connected to a Hub, and the status of its connection.
        ///
        #[doc = $spec]
        pub struct ClientInfo {
            /// CPO or eMSP ID of the party (ISO 15118), as used in the credentials exchange.
            req party_id: $crate::types::PartyId,
            /// Country code of the country the party operates in, as used in the credentials
            /// exchange.
            req country_code: $crate::types::CountryCode,
            /// The role of the connected party.
            req role: $role,
            /// Status of the connection to the party.
            req status: $crate::v2_2_1::hub_client_info::ConnectionStatus,
            /// When this ClientInfo object was last updated.
            req last_updated: $crate::types::DateTime,
        }
    }
}

client_info_shape! {
    spec: "Spec: 2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object",
    role: Role,
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
