//! Hub Client Info module: the parties connected to a Hub and the state of their connection.
//!
//! ClientInfo carries a 2.3.0 [`Role`] (no `HUB`, `PTP` added), so it is defined again.
//!
//! Identical to 2.2.1 and re-exported: ConnectionStatus.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc

use super::credentials::Role;
use crate::types::{ocpi_object, CountryCode, DateTime, PartyId};
pub use crate::v2_2_1::hub_client_info::ConnectionStatus;

ocpi_object! {
    /// A party connected to a Hub, and the status of its connection.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §ClientInfo Object
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
