//! Sessions module: Session, ChargingPreferences and their enums.
//!
//! Spec: 2.2.1 mod_sessions.asciidoc

use crate::types::ocpi_enum;

ocpi_enum! {
    /// The charging preference of a driver.
    ///
    /// Spec: 2.2.1 mod_sessions.asciidoc §ProfileType enum
    pub enum ProfileType {
        /// Driver wants to use the cheapest charging profile possible.
        Cheap = "CHEAP",
        /// Driver wants the EV charged as quickly as possible and is willing to pay a premium
        /// for this, if needed.
        Fast = "FAST",
        /// Driver wants the EV charged with as much regenerative (green) energy as possible.
        Green = "GREEN",
        /// Driver does not have special preferences.
        Regular = "REGULAR",
    }
}
