//! Sessions module: Session, ChargingPreferences and their enums.
//!
//! Spec: 2.2.1 mod_sessions.asciidoc

use super::cdrs::CdrToken;
use crate::types::{ocpi_enum, ocpi_object, DateTime, Number, Price};

shape! {
    /// Declares `Session` and its PATCH form `SessionPatch` in the shape shared by 2.2.1 and 2.3.0:
    /// its `Spec:` line, the version's CdrToken and Price, and the docs of `total_cost` (reworded
    /// by 2.3.0).
    macro session_shape(
        spec: $spec:literal,
        cdr_token: $cdr_token:ty,
        price: $price:ty,
        total_cost: { $(#[doc = $total_cost_doc:literal])* } $(,)?
    ) => ocpi_object! {
        /// One charging session, as it currently stands (energy need not have been transferred).
        ///
        #[doc = $spec]
        pub struct Session {
            /// ISO-3166 alpha-2 country code of the CPO that owns this session.
            req country_code: $crate::types::CountryCode,
            /// ID of the CPO that owns this session (following the ISO-15118 standard).
            req party_id: $crate::types::PartyId,
            /// Unique id of the charging session in the CPO platform.
            req id: $crate::types::CiString<36>,
            /// When the session became `ACTIVE` in the charge point; while `PENDING`, when the
            /// session was created there (updated on the move to `ACTIVE`).
            req start_date_time: $crate::types::DateTime,
            /// When the session was completed (charging may have ended earlier).
            opt end_date_time: $crate::types::DateTime,
            /// How many kWh were charged.
            req kwh: $crate::types::Number,
            /// The token used to start this charging session.
            req cdr_token: $cdr_token,
            /// Method used for authentication; may change during a session.
            req auth_method: $crate::v2_2_1::cdrs::AuthMethod,
            /// Reference to the authorization given by the eMSP (the last one given, when
            /// several were).
            opt authorization_reference: $crate::types::CiString<36>,
            /// `Location.id` of the location of the session.
            req location_id: $crate::types::CiString<36>,
            /// `EVSE.uid` of the EVSE of the session; `#NA` for a reservation without an EVSE
            /// assigned yet.
            req evse_uid: $crate::types::CiString<36>,
            /// `Connector.id` of the connector of the session; `#NA` for a reservation without a
            /// connector assigned yet.
            req connector_id: $crate::types::CiString<36>,
            /// Identification of the kWh meter.
            opt meter_id: $crate::types::OcpiString<255>,
            /// ISO 4217 code of the currency of this session.
            req currency: $crate::types::OcpiString<3>,
            /// Charging periods that can be used to calculate and verify the total cost.
            ///
            /// In a PATCH the periods are added to the existing list (an omitted or empty list
            /// changes nothing); replacing or removing periods requires a PUT.
            append charging_periods: Vec<$crate::v2_2_1::cdrs::ChargingPeriod>,
            $(#[doc = $total_cost_doc])*
            opt total_cost: $price,
            /// The status of the session.
            req status: $crate::v2_2_1::sessions::SessionStatus,
            /// When this session was last updated (or created); required in every PATCH.
            req last_updated: $crate::types::DateTime,
        }
        patch SessionPatch;
    }
}

session_shape! {
    spec: "Spec: 2.2.1 mod_sessions.asciidoc §Session Object",
    cdr_token: CdrToken,
    price: Price,
    total_cost: {
        /// Total cost of the session (what the eMSP pays the CPO); `0.00` means free of
        /// charge, but an omitted cost does not.
    },
}

ocpi_object! {
    /// The charging preferences of an EV driver for a session.
    ///
    /// Spec: 2.2.1 mod_sessions.asciidoc §ChargingPreferences Object
    pub struct ChargingPreferences {
        /// Smart charging profile type selected by the driver; it must be supported at the
        /// connector, with a tariff for every supported type.
        req profile_type: ProfileType,
        /// Expected departure given by the driver (an estimate).
        opt departure_time: DateTime,
        /// Requested amount of energy in kWh.
        opt energy_need: Number,
        /// Whether the EV may be discharged when needed, as long as the other preferences are
        /// met. Default when omitted: `false`.
        opt discharge_allowed: bool,
    }
}

ocpi_enum! {
    /// The answer to a request to set charging preferences.
    ///
    /// Spec: 2.2.1 mod_sessions.asciidoc §ChargingPreferencesResponse enum
    pub enum ChargingPreferencesResponse {
        /// Accepted; the EVSE will try to fulfil them, without guarantee.
        Accepted = "ACCEPTED",
        /// The CPO needs `departure_time` for preference based smart charging.
        DepartureRequired = "DEPARTURE_REQUIRED",
        /// The CPO needs `energy_need` for preference based smart charging.
        EnergyNeedRequired = "ENERGY_NEED_REQUIRED",
        /// The preferences contain a demand the EVSE knows it cannot fulfil.
        NotPossible = "NOT_POSSIBLE",
        /// The `profile_type` is not supported by the EVSE.
        ProfileTypeNotSupported = "PROFILE_TYPE_NOT_SUPPORTED",
    }
}

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

shape! {
    /// Declares `SessionStatus` with the values 2.1.1 and 2.2.1 share, followed by the values
    /// 2.2.1 adds: the enum's `Spec:` line and the docs of `COMPLETED` (reworded by 2.2.1) are
    /// the version's own.
    macro session_status_shape(
        spec: $spec:literal,
        completed: { $(#[doc = $completed_doc:literal])* },
        added: { $($added:tt)* } $(,)?
    ) => ocpi_enum! {
        /// The state of a session.
        ///
        #[doc = $spec]
        pub enum SessionStatus {
            /// Accepted and active: all pre-conditions met (EV connected, authorized); the EV is
            /// or can be charged.
            Active = "ACTIVE",
            $(#[doc = $completed_doc])*
            Completed = "COMPLETED",
            /// Declared invalid; will not be billed.
            Invalid = "INVALID",
            /// Not yet started, not all pre-conditions met; the initial state. May never become
            /// active.
            Pending = "PENDING",
            $($added)*
        }
    }
}

session_status_shape! {
    spec: "Spec: 2.2.1 mod_sessions.asciidoc §SessionStatus enum",
    completed: {
        /// Finished successfully; the Session object will not be modified any more.
    },
    added: {
        /// Started due to a reservation, charging has not yet started. May never become
        /// active.
        Reservation = "RESERVATION",
    },
}
