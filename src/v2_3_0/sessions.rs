//! Sessions module: the Session object.
//!
//! Identical to 2.2.1 and re-exported: ChargingPreferences, ChargingPreferencesResponse,
//! ProfileType, SessionStatus.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc

pub use crate::v2_2_1::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, ProfileType, SessionStatus,
};

use super::cdrs::{AuthMethod, CdrToken, ChargingPeriod};
use super::tariffs::Price;
use crate::types::{ocpi_object, CiString, CountryCode, DateTime, Number, OcpiString, PartyId};

ocpi_object! {
    /// One charging session, as it currently stands (energy need not have been transferred).
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §Session Object
    pub struct Session {
        /// ISO-3166 alpha-2 country code of the CPO that owns this session.
        req country_code: CountryCode,
        /// ID of the CPO that owns this session (following the ISO-15118 standard).
        req party_id: PartyId,
        /// Unique id of the charging session in the CPO platform.
        req id: CiString<36>,
        /// When the session became `ACTIVE` in the charge point; while `PENDING`, when the
        /// session was created there (updated on the move to `ACTIVE`).
        req start_date_time: DateTime,
        /// When the session was completed (charging may have ended earlier).
        opt end_date_time: DateTime,
        /// How many kWh were charged.
        req kwh: Number,
        /// The token used to start this charging session.
        req cdr_token: CdrToken,
        /// Method used for authentication; may change during a session.
        req auth_method: AuthMethod,
        /// Reference to the authorization given by the eMSP (the last one given, when
        /// several were).
        opt authorization_reference: CiString<36>,
        /// `Location.id` of the location of the session.
        req location_id: CiString<36>,
        /// `EVSE.uid` of the EVSE of the session; `#NA` for a reservation without an EVSE
        /// assigned yet.
        req evse_uid: CiString<36>,
        /// `Connector.id` of the connector of the session; `#NA` for a reservation without a
        /// connector assigned yet.
        req connector_id: CiString<36>,
        /// Identification of the kWh meter.
        opt meter_id: OcpiString<255>,
        /// ISO 4217 code of the currency of this session.
        req currency: OcpiString<3>,
        /// Charging periods that can be used to calculate and verify the total cost.
        ///
        /// In a PATCH the periods are added to the existing list (an omitted or empty list
        /// changes nothing); replacing or removing periods requires a PUT.
        append charging_periods: Vec<ChargingPeriod>,
        /// Total cost of the session (what the eMSP pays the CPO), before taxes and with the
        /// taxes that apply; `0` before taxes means free of charge, but an omitted cost does
        /// not.
        opt total_cost: Price,
        /// The status of the session.
        req status: SessionStatus,
        /// When this session was last updated (or created); required in every PATCH.
        req last_updated: DateTime,
    }
    patch SessionPatch;
}
