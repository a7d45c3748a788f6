//! Sessions module: the Session object and its status.
//!
//! Nothing is re-exported from 2.2.1: the 2.1.1 Session embeds a whole Location, names the
//! token by `auth_id` and carries `total_cost` as a plain number, and SessionStatus has no
//! `RESERVATION`.
//!
//! Spec: 2.1.1 mod_sessions.md

use super::cdrs::{AuthMethod, ChargingPeriod};
use super::locations::Location;
use crate::types::{ocpi_object, DateTime, Number, OcpiString};
use crate::v2_2_1::sessions::session_status_shape;

ocpi_object! {
    /// One charging session, as it currently stands.
    ///
    /// Spec: 2.1.1 mod_sessions.md §Session Object
    pub struct Session {
        /// Unique id of the session in the CPO platform.
        req id: OcpiString<36>,
        /// When the session became active.
        req start_datetime: DateTime,
        /// When the session was completed.
        opt end_datetime: DateTime,
        /// How many kWh were charged.
        req kwh: Number,
        /// Reference to a token, by the `auth_id` field of the Token.
        req auth_id: OcpiString<36>,
        /// Method used for authentication.
        ///
        /// Erratum: omitted by both official Session examples (`mod_sessions.md` §Session
        /// Object).
        lax auth_method: AuthMethod,
        /// Location of the session, with only the relevant EVSE and Connector.
        req location: Location,
        /// Identification of the kWh meter.
        opt meter_id: OcpiString<255>,
        /// ISO 4217 code of the currency of this session.
        req currency: OcpiString<3>,
        /// Charging periods that can be used to calculate and verify the total cost. In a
        /// PATCH the list replaces the stored one (2.1.1 has no append rule).
        opt charging_periods: Vec<ChargingPeriod>,
        /// Total cost (excluding VAT) in the session's currency: what the eMSP pays the CPO.
        /// `0.00` means free of charge; an omitted cost does not.
        opt total_cost: Number,
        /// The status of the session.
        req status: SessionStatus,
        /// When this session was last updated (or created).
        req last_updated: DateTime,
    }
    patch SessionPatch;
}

session_status_shape! {
    spec: "Spec: 2.1.1 mod_sessions.md §SessionStatus enum",
    completed: {
        /// Finished successfully; no more modifications will be made.
    },
    added: {},
}
