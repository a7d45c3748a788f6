//! CDRs module: the charge detail record and its classes and enums.
//!
//! Identical to 2.2.1 and re-exported: AuthMethod, CdrDimension, CdrDimensionType,
//! ChargingPeriod, SignedData, SignedValue.
//!
//! Spec: 2.3.0 mod_cdrs.asciidoc

pub use crate::v2_2_1::cdrs::{
    AuthMethod, CdrDimension, CdrDimensionType, ChargingPeriod, SignedData, SignedValue,
};

use super::locations::{ConnectorFormat, ConnectorType, GeoLocation, PowerType};
use super::tariffs::{Price, Tariff};
use crate::types::{ocpi_object, CiString, CountryCode, DateTime, Number, OcpiString, PartyId};
use crate::v2_3_0::tokens::TokenType;

ocpi_object! {
    /// A charge detail record: the sealed account of a finished charging session and its
    /// costs with their taxes, with location, tariffs and token as they were at the start of
    /// the session.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §CDR Object
    pub struct Cdr {
        /// ISO-3166 alpha-2 country code of the CPO that owns this CDR.
        req country_code: CountryCode,
        /// ID of the CPO that owns this CDR (following the ISO-15118 standard).
        req party_id: PartyId,
        /// Uniquely identifies the CDR per `country_code`/`party_id`. Up to 39 characters so
        /// that credit CDRs can append to the original id; normal CDRs use at most 36.
        req id: CiString<39>,
        /// Start of the charging session, or of the reservation when it preceded the session.
        req start_date_time: DateTime,
        /// When the session was completed (charging may have ended earlier).
        req end_date_time: DateTime,
        /// ID of the Session this CDR is for; omitted only when the CPO does not implement
        /// Sessions or the CDR is for a reservation that never became a session.
        opt session_id: CiString<36>,
        /// The token used to start this charging session.
        req cdr_token: CdrToken,
        /// Method used for authentication; when several were used, the last one.
        req auth_method: AuthMethod,
        /// Reference to the authorization given by the eMSP (the last one given, when
        /// several were).
        opt authorization_reference: CiString<36>,
        /// Location where the session took place, with only the relevant EVSE and connector.
        req cdr_location: CdrLocation,
        /// Identification of the meter inside the charge point.
        opt meter_id: OcpiString<255>,
        /// ISO 4217 code of the currency of this CDR.
        req currency: OcpiString<3>,
        /// Relevant tariffs, including a referenced free-of-charge tariff when relevant.
        opt tariffs: Vec<Tariff>,
        /// The charging periods that make up this session (one or more).
        plus charging_periods: Vec<ChargingPeriod>,
        /// Signed data belonging to this charging session.
        opt signed_data: SignedData,
        /// Total sum of all costs of this transaction, in the CDR's currency.
        req total_cost: Price,
        /// Total of the fixed costs (such as a start tariff), except fixed price components of
        /// parking and reservation.
        opt total_fixed_cost: Price,
        /// Total energy charged, in kWh.
        req total_energy: Number,
        /// Total cost of the energy used.
        opt total_energy_cost: Price,
        /// Total duration of the session (charging and not charging), in hours.
        req total_time: Number,
        /// Total cost related to the duration of charging.
        opt total_time_cost: Price,
        /// Total duration of the session during which the EV was not charging, in hours.
        opt total_parking_time: Number,
        /// Total cost related to parking, including fixed price components.
        opt total_parking_cost: Price,
        /// Total cost related to a reservation, including fixed price components.
        opt total_reservation_cost: Price,
        /// Human readable remark, for example why a transaction was stopped.
        opt remark: OcpiString<255>,
        /// Reference to an invoice that will later be sent for this CDR.
        opt invoice_reference_id: CiString<39>,
        /// `true` for a credit CDR; `credit_reference_id` must then be set too.
        opt credit: bool,
        /// For a credit CDR: the `id` of the CDR it credits.
        opt credit_reference_id: CiString<39>,
        /// `true` when the session used the driver's home charger and the energy cost is to be
        /// compensated to the driver.
        opt home_charging_compensation: bool,
        /// When this CDR was last updated (or created).
        req last_updated: DateTime,
    }
}

ocpi_object! {
    /// The parts of a Location that a CDR needs: the location itself and the EVSE and
    /// connector used.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §CdrLocation class
    pub struct CdrLocation {
        /// Uniquely identifies the location within the CPO's platform; never changes.
        req id: CiString<36>,
        /// Display name of the location.
        opt name: OcpiString<255>,
        /// Street/block name and house number if available.
        req address: OcpiString<45>,
        /// City or town.
        req city: OcpiString<45>,
        /// Postal code; omitted only when the location has none.
        opt postal_code: OcpiString<10>,
        /// State, only when relevant.
        opt state: OcpiString<20>,
        /// ISO 3166-1 alpha-3 code of the country of the location.
        req country: OcpiString<3>,
        /// Coordinates of the location.
        req coordinates: GeoLocation,
        /// Technical id of the EVSE within the CPO's platform; never changes. `#NA` for a CDR
        /// of a reservation that never became a session.
        req evse_uid: CiString<36>,
        /// EVSE ID following "E-mobility ID-codes: the purpose of IDs, ID usage and ID format"
        /// (evroaming.org). `#NA` for a CDR of a reservation that never became a session.
        req evse_id: CiString<48>,
        /// Identifier of the connector within the EVSE. `#NA` for a CDR of a reservation that
        /// never became a session.
        req connector_id: CiString<36>,
        /// Standard of the installed connector (any value, to be ignored, for a reservation
        /// that never became a session).
        req connector_standard: ConnectorType,
        /// Format (socket/cable) of the installed connector (any value, to be ignored, for a
        /// reservation that never became a session).
        req connector_format: ConnectorFormat,
        /// Power type of the installed connector (any value, to be ignored, for a reservation
        /// that never became a session).
        req connector_power_type: PowerType,
    }
}

ocpi_object! {
    /// The token that started a charging session, as recorded in a Session or CDR.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §CdrToken class
    pub struct CdrToken {
        /// ISO-3166 alpha-2 country code of the MSP that owns this token.
        req country_code: CountryCode,
        /// ID of the eMSP that owns this token (following the ISO-15118 standard).
        req party_id: PartyId,
        /// Unique ID by which the CPO's system (e.g. the RFID reader) identifies this token;
        /// for `APP_USER` tokens an ID generated by the eMSP.
        req uid: CiString<36>,
        /// Type of the token.
        req r#type = "type": TokenType,
        /// Uniquely identifies the EV driver contract within the eMSP's platform (eMA ID
        /// recommended, following "E-mobility ID-codes" of evroaming.org).
        req contract_id: CiString<36>,
    }
}
