//! Sessions module: the Session object.
//!
//! Identical to 2.2.1 and re-exported: ChargingPreferences, ChargingPreferencesResponse,
//! ProfileType, SessionStatus.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc

pub use crate::v2_2_1::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, ProfileType, SessionStatus,
};

use super::cdrs::CdrToken;
use super::tariffs::Price;
use crate::v2_2_1::sessions::session_shape;

session_shape! {
    spec: "Spec: 2.3.0 mod_sessions.asciidoc §Session Object",
    cdr_token: CdrToken,
    price: Price,
    total_cost: {
        /// Total cost of the session (what the eMSP pays the CPO), before taxes and with the
        /// taxes that apply; `0` before taxes means free of charge, but an omitted cost does
        /// not.
    },
}
