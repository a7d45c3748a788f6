//! Charging Profiles module: smart-charging limits sent to a session, and the asynchronous
//! results the Charge Point reports back.
//!
//! Spec: 2.2.1 mod_charging_profiles.asciidoc

use crate::types::{ocpi_enum, ocpi_object, DateTime, Number, Url};

ocpi_object! {
    /// The CPO's immediate answer to a charging profile request, with the time to wait for
    /// the asynchronous result.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingProfileResponse Object
    pub struct ChargingProfileResponse {
        /// How the CPO handled the charging profile request.
        req result: ChargingProfileResponseType,
        /// Timeout for this request in seconds: when no result arrives within it, the eMSP may
        /// assume it will never be sent.
        req timeout: i64,
    }
}

ocpi_object! {
    /// The asynchronous result of a GET ActiveChargingProfile request, POSTed by the CPO to
    /// the `response_url`.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ActiveChargingProfileResult Object
    pub struct ActiveChargingProfileResult {
        /// Whether the EVSE could process the request for the ActiveChargingProfile.
        req result: ChargingProfileResultType,
        /// The requested ActiveChargingProfile, when `result` is `ACCEPTED`.
        opt profile: ActiveChargingProfile,
    }
}

ocpi_object! {
    /// The asynchronous result of a PUT SetChargingProfile request, POSTed by the CPO to the
    /// `response_url`.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingProfileResult Object
    pub struct ChargingProfileResult {
        /// Whether the EVSE could process the new or updated charging profile.
        req result: ChargingProfileResultType,
    }
}

ocpi_object! {
    /// The asynchronous result of a DELETE (ClearProfile) request, POSTed by the CPO to the
    /// `response_url`.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ClearProfileResult Object
    pub struct ClearProfileResult {
        /// Whether the EVSE could remove the charging profile (ClearChargingProfile).
        req result: ChargingProfileResultType,
    }
}

ocpi_object! {
    /// The body of a PUT that sets a charging profile on a session at the CPO.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §SetChargingProfile Object
    pub struct SetChargingProfile {
        /// The limits for the available power or current over time.
        req charging_profile: ChargingProfile,
        /// URL the ChargingProfileResult is POSTed to; may carry a unique ID to tell requests
        /// apart.
        req response_url: Url,
    }
}

ocpi_object! {
    /// The charging profile a Charge Point has calculated for a session, from a given moment.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ActiveChargingProfile class
    pub struct ActiveChargingProfile {
        /// When the Charge Point calculated this profile; every time in the profile is relative
        /// to this timestamp.
        req start_date_time: DateTime,
        /// The charging profile: a list of charging periods.
        req charging_profile: ChargingProfile,
    }
}

ocpi_enum! {
    /// The unit a charging profile's limits are expressed in.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingRateUnit enum
    pub enum ChargingRateUnit {
        /// Watts (power): the TOTAL allowed charging power. For AC, current per phase = power /
        /// (line-to-neutral voltage × number of phases), with 3 phases assumed when a period's
        /// number of phases is absent. Usually more convenient for DC charging.
        W = "W",
        /// Amperes (current) per phase, not the sum of all phases. Usually more convenient for
        /// AC charging.
        A = "A",
    }
}

ocpi_object! {
    /// Limits on power or current over time, as a list of charging periods.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingProfile class
    pub struct ChargingProfile {
        /// Start of an absolute profile; when absent the profile is relative to the start of
        /// charging.
        opt start_date_time: DateTime,
        /// Duration of the profile in seconds; when absent the last period lasts indefinitely,
        /// or until the end of the transaction if `start_date_time` is absent too.
        opt duration: i64,
        /// The unit of measure of the rates and limits.
        req charging_rate_unit: ChargingRateUnit,
        /// Minimum charging rate the EV supports, in `charging_rate_unit`, for a local smart
        /// charging algorithm; at most one decimal digit (e.g. 8.1).
        opt min_charging_rate: Number,
        /// The periods defining the maximum power or current over time.
        opt charging_profile_period: Vec<ChargingProfilePeriod>,
    }
}

ocpi_object! {
    /// One period of a charging profile: a start offset and the limit from then on.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingprofilePeriod class
    pub struct ChargingProfilePeriod {
        /// Start of the period in seconds from the start of the profile; also ends the
        /// previous period.
        req start_period: i64,
        /// Charging rate limit during the period in the profile's `charging_rate_unit` (A or
        /// W); at most one decimal digit (e.g. 8.1).
        req limit: Number,
    }
}

ocpi_enum! {
    /// The CPO's answer to a charging profile request from the eMSP.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingProfileResponseType enum
    pub enum ChargingProfileResponseType {
        /// Accepted by the CPO; the request will be forwarded to the EVSE.
        Accepted = "ACCEPTED",
        /// Charging profiles are not supported by this CPO, Charge Point, EVSE, etc.
        NotSupported = "NOT_SUPPORTED",
        /// Rejected by the CPO (the session may not belong to a customer of the requesting
        /// eMSP).
        Rejected = "REJECTED",
        /// Rejected by the CPO because requests are sent more often than allowed.
        TooOften = "TOO_OFTEN",
        /// The session of the request is not known to this CPO.
        UnknownSession = "UNKNOWN_SESSION",
    }
}

ocpi_enum! {
    /// The result of a charging profile request, sent by the EVSE via the CPO to the eMSP.
    ///
    /// Spec: 2.2.1 mod_charging_profiles.asciidoc §ChargingProfileResultType enum
    pub enum ChargingProfileResultType {
        /// Accepted by the EVSE.
        Accepted = "ACCEPTED",
        /// Rejected by the EVSE.
        Rejected = "REJECTED",
        /// The EVSE found no charging profile matching the request.
        Unknown = "UNKNOWN",
    }
}
