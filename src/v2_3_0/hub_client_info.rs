//! Hub Client Info module: the parties connected to a Hub and the state of their connection.
//!
//! ClientInfo carries a 2.3.0 [`Role`] (no `HUB`, `PTP` added), so it is defined again.
//!
//! Identical to 2.2.1 and re-exported: ConnectionStatus.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc

use super::credentials::Role;
use crate::v2_2_1::hub_client_info::client_info_shape;
pub use crate::v2_2_1::hub_client_info::ConnectionStatus;

client_info_shape! {
    spec: "Spec: 2.3.0 mod_hub_client_info.asciidoc §ClientInfo Object",
    role: Role,
}
