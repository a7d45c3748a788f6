//! CDRs module: the charge detail record and its classes and enums.
//!
//! Nothing is re-exported from 2.2.1: the 2.1.1 CDR embeds a whole Location and names the
//! token by `auth_id`, its charging periods carry no tariff id, and AuthMethod and
//! CdrDimensionType have other value lists.
//!
//! Spec: 2.1.1 mod_cdrs.md

use super::locations::Location;
use super::tariffs::Tariff;
use crate::types::{ocpi_enum, ocpi_object, CiString, DateTime, Number, OcpiString, Tolerant};

ocpi_object! {
    /// A charge detail record: the account of a finished charging session and its costs.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §CDR Object
    pub struct Cdr {
        /// Uniquely identifies the CDR within the CPO's platform (and suboperator platforms).
        req id: CiString<36>,
        /// Start of the charging session.
        req start_date_time: DateTime,
        /// Stop of the charging session.
        req stop_date_time: DateTime,
        /// Reference to a token, by the `auth_id` field of the Token.
        req auth_id: OcpiString<36>,
        /// Method used for authentication.
        req auth_method: AuthMethod,
        /// Location where the charging session took place, with only the relevant EVSE and
        /// Connector.
        req location: Location,
        /// Identification of the meter inside the Charge Point.
        opt meter_id: OcpiString<255>,
        /// ISO 4217 code of the currency of the CDR.
        req currency: OcpiString<3>,
        /// Relevant tariffs; a referenced "Free of Charge" tariff belongs here too.
        opt tariffs: Vec<Tariff>,
        /// The charging periods that make up this session (one or more), each with a
        /// different relevant tariff.
        plus charging_periods: Vec<ChargingPeriod>,
        /// Total cost (excluding VAT) of this transaction.
        req total_cost: Number,
        /// Total energy charged, in kWh.
        req total_energy: Number,
        /// Total duration of the session (charging and not charging), in hours.
        req total_time: Number,
        /// Total duration of the session during which the EV was not charging (no energy
        /// transferred), in hours. Charging time is `total_time` minus this.
        opt total_parking_time: Number,
        /// Human-readable remark, for example why a transaction was stopped.
        opt remark: OcpiString<255>,
        /// When this CDR was last updated (or created).
        req last_updated: DateTime,
    }
}

ocpi_enum! {
    /// How a charging session was authorized.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §AuthMethod enum
    pub enum AuthMethod {
        /// An authentication request was sent to the eMSP.
        AuthRequest = "AUTH_REQUEST",
        /// A whitelist was used; no request to the eMSP was made.
        Whitelist = "WHITELIST",
    }
}

ocpi_object! {
    /// One measured value of a charging period.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §CdrDimension class
    pub struct CdrDimension {
        /// The kind of dimension.
        ///
        /// Erratum: the official Session example "short finished session"
        /// (`mod_sessions.md`) sends a value in lower case (`"energy"`); such a value is kept
        /// verbatim and reported.
        req r#type = "type": Tolerant<CdrDimensionType>,
        /// Volume of the dimension consumed, measured according to the dimension type.
        req volume: Number,
    }
}

ocpi_enum! {
    /// The kind of value of a CdrDimension.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §CdrDimensionType enum
    pub enum CdrDimensionType {
        /// Energy, defined in kWh; default `step_size` 1 Wh.
        Energy = "ENERGY",
        /// Flat fee, no unit.
        Flat = "FLAT",
        /// Maximum current reached during the charging session, in A.
        MaxCurrent = "MAX_CURRENT",
        /// Minimum current used during the charging session, in A.
        MinCurrent = "MIN_CURRENT",
        /// Time not charging, defined in hours; default `step_size` 1 second.
        ParkingTime = "PARKING_TIME",
        /// Time charging, defined in hours; default `step_size` 1 second.
        Time = "TIME",
    }
}

ocpi_object! {
    /// A period of a charging session with the values that influence it; it ends when the
    /// next one starts (the last one when the session ends).
    ///
    /// Spec: 2.1.1 mod_cdrs.md §ChargingPeriod class
    pub struct ChargingPeriod {
        /// Start of the charging period.
        req start_date_time: DateTime,
        /// Relevant values for this charging period (one or more).
        plus dimensions: Vec<CdrDimension>,
    }
}
