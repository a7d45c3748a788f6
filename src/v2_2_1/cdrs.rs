//! CDRs module: the charge detail record and its classes and enums.
//!
//! Spec: 2.2.1 mod_cdrs.asciidoc

use super::locations::ConnectorType;
use super::tariffs::Tariff;
use super::tokens::TokenType;
use crate::types::{
    ocpi_enum, ocpi_object, CiString, CountryCode, DateTime, Number, OcpiString, PartyId, Price,
};

shape! {
    /// Declares `Cdr` in the shape shared by 2.2.1 and 2.3.0: the object's summary docs, its
    /// `Spec:` line, and the version's CdrToken, CdrLocation, Tariff and Price.
    macro cdr_shape(
        $(#[doc = $doc:literal])*
        spec: $spec:literal,
        cdr_token: $cdr_token:ty,
        cdr_location: $cdr_location:ty,
        tariff: $tariff:ty,
        price: $price:ty $(,)?
    ) => ocpi_object! {
        $(#[doc = $doc])*
        ///
        #[doc = $spec]
        pub struct Cdr {
            /// ISO-3166 alpha-2 country code of the CPO that owns this CDR.
            req country_code: $crate::types::CountryCode,
            /// ID of the CPO that owns this CDR (following the ISO-15118 standard).
            req party_id: $crate::types::PartyId,
            /// Uniquely identifies the CDR per `country_code`/`party_id`. Up to 39 characters so
            /// that credit CDRs can append to the original id; normal CDRs use at most 36.
            req id: $crate::types::CiString<39>,
            /// Start of the charging session, or of the reservation when it preceded the session.
            req start_date_time: $crate::types::DateTime,
            /// When the session was completed (charging may have ended earlier).
            req end_date_time: $crate::types::DateTime,
            /// ID of the Session this CDR is for; omitted only when the CPO does not implement
            /// Sessions or the CDR is for a reservation that never became a session.
            opt session_id: $crate::types::CiString<36>,
            /// The token used to start this charging session.
            req cdr_token: $cdr_token,
            /// Method used for authentication; when several were used, the last one.
            req auth_method: $crate::v2_2_1::cdrs::AuthMethod,
            /// Reference to the authorization given by the eMSP (the last one given, when
            /// several were).
            opt authorization_reference: $crate::types::CiString<36>,
            /// Location where the session took place, with only the relevant EVSE and connector.
            req cdr_location: $cdr_location,
            /// Identification of the meter inside the charge point.
            opt meter_id: $crate::types::OcpiString<255>,
            /// ISO 4217 code of the currency of this CDR.
            req currency: $crate::types::OcpiString<3>,
            /// Relevant tariffs, including a referenced free-of-charge tariff when relevant.
            opt tariffs: Vec<$tariff>,
            /// The charging periods that make up this session (one or more).
            plus charging_periods: Vec<$crate::v2_2_1::cdrs::ChargingPeriod>,
            /// Signed data belonging to this charging session.
            opt signed_data: $crate::v2_2_1::cdrs::SignedData,
            /// Total sum of all costs of this transaction, in the CDR's currency.
            req total_cost: $price,
            /// Total of the fixed costs (such as a start tariff), except fixed price components of
            /// parking and reservation.
            opt total_fixed_cost: $price,
            /// Total energy charged, in kWh.
            req total_energy: $crate::types::Number,
            /// Total cost of the energy used.
            opt total_energy_cost: $price,
            /// Total duration of the session (charging and not charging), in hours.
            req total_time: $crate::types::Number,
            /// Total cost related to the duration of charging.
            opt total_time_cost: $price,
            /// Total duration of the session during which the EV was not charging, in hours.
            opt total_parking_time: $crate::types::Number,
            /// Total cost related to parking, including fixed price components.
            opt total_parking_cost: $price,
            /// Total cost related to a reservation, including fixed price components.
            opt total_reservation_cost: $price,
            /// Human readable remark, for example why a transaction was stopped.
            opt remark: $crate::types::OcpiString<255>,
            /// Reference to an invoice that will later be sent for this CDR.
            opt invoice_reference_id: $crate::types::CiString<39>,
            /// `true` for a credit CDR; `credit_reference_id` must then be set too.
            opt credit: bool,
            /// For a credit CDR: the `id` of the CDR it credits.
            opt credit_reference_id: $crate::types::CiString<39>,
            /// `true` when the session used the driver's home charger and the energy cost is to be
            /// compensated to the driver.
            opt home_charging_compensation: bool,
            /// When this CDR was last updated (or created).
            req last_updated: $crate::types::DateTime,
        }
    }
}

cdr_shape! {
    /// A charge detail record: the sealed account of a finished charging session and its
    /// costs, with location, tariffs and token as they were at the start of the session.
    spec: "Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object",
    cdr_token: CdrToken,
    cdr_location: CdrLocation,
    tariff: Tariff,
    price: Price,
}

ocpi_enum! {
    /// How a charging session was authorized.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §AuthMethod enum
    pub enum AuthMethod {
        /// An authentication request was sent to the eMSP.
        AuthRequest = "AUTH_REQUEST",
        /// A command (StartSession, ReserveNow) started the session; its token was the
        /// authorization.
        Command = "COMMAND",
        /// A whitelist was used; no request to the eMSP was made.
        Whitelist = "WHITELIST",
    }
}

ocpi_object! {
    /// One measured value of a charging period.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CdrDimension class
    pub struct CdrDimension {
        /// The kind of dimension.
        req r#type = "type": CdrDimensionType,
        /// Volume consumed, in the unit of the dimension type.
        req volume: Number,
    }
}

ocpi_enum! {
    /// Kinds of values of a charging period; some are for Sessions only.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CdrDimensionType enum
    pub enum CdrDimensionType {
        /// Sessions only: average charging current in A; negative when flowing from the EV to
        /// the grid.
        Current = "CURRENT",
        /// Total energy (dis-)charged in kWh; negative when more energy was fed into the grid
        /// than charged. Default `step_size` is 1.
        Energy = "ENERGY",
        /// Sessions only: total energy fed back into the grid, in kWh.
        EnergyExport = "ENERGY_EXPORT",
        /// Sessions only: total energy charged, in kWh.
        EnergyImport = "ENERGY_IMPORT",
        /// Sum of the maximum current over all phases reached, in A.
        MaxCurrent = "MAX_CURRENT",
        /// Sum of the minimum current over all phases reached, in A; negative when current
        /// flowed from the EV to the grid.
        MinCurrent = "MIN_CURRENT",
        /// Maximum power reached, in kW.
        MaxPower = "MAX_POWER",
        /// Minimum power reached, in kW; negative when power flowed from the EV to the grid.
        MinPower = "MIN_POWER",
        /// Time not charging, in hours; default `step_size` multiplier 1 second.
        ParkingTime = "PARKING_TIME",
        /// Sessions only: average power in kW; negative when flowing from the EV to the grid.
        Power = "POWER",
        /// Time the charge point was reserved and not yet in use for this customer, in hours;
        /// default `step_size` multiplier 1 second.
        ReservationTime = "RESERVATION_TIME",
        /// Sessions only: current state of charge of the EV, in percent (0 to 100).
        StateOfCharge = "STATE_OF_CHARGE",
        /// Time charging, in hours; default `step_size` multiplier 1 second.
        Time = "TIME",
    }
}

shape! {
    /// Declares `CdrLocation` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line, the
    /// version's ConnectorType and the docs of `evse_id` (reworded by 2.3.0).
    macro cdr_location_shape(
        spec: $spec:literal,
        connector_type: $connector_type:ty,
        evse_id: { $(#[doc = $evse_id_doc:literal])* } $(,)?
    ) => ocpi_object! {
        /// The parts of a Location that a CDR needs: the location itself and the EVSE and
        /// connector used.
        ///
        #[doc = $spec]
        pub struct CdrLocation {
            /// Uniquely identifies the location within the CPO's platform; never changes.
            req id: $crate::types::CiString<36>,
            /// Display name of the location.
            opt name: $crate::types::OcpiString<255>,
            /// Street/block name and house number if available.
            req address: $crate::types::OcpiString<45>,
            /// City or town.
            req city: $crate::types::OcpiString<45>,
            /// Postal code; omitted only when the location has none.
            opt postal_code: $crate::types::OcpiString<10>,
            /// State, only when relevant.
            opt state: $crate::types::OcpiString<20>,
            /// ISO 3166-1 alpha-3 code of the country of the location.
            req country: $crate::types::OcpiString<3>,
            /// Coordinates of the location.
            req coordinates: $crate::v2_2_1::locations::GeoLocation,
            /// Technical id of the EVSE within the CPO's platform; never changes. `#NA` for a CDR
            /// of a reservation that never became a session.
            req evse_uid: $crate::types::CiString<36>,
            $(#[doc = $evse_id_doc])*
            req evse_id: $crate::types::CiString<48>,
            /// Identifier of the connector within the EVSE. `#NA` for a CDR of a reservation that
            /// never became a session.
            req connector_id: $crate::types::CiString<36>,
            /// Standard of the installed connector (any value, to be ignored, for a reservation
            /// that never became a session).
            req connector_standard: $connector_type,
            /// Format (socket/cable) of the installed connector (any value, to be ignored, for a
            /// reservation that never became a session).
            req connector_format: $crate::v2_2_1::locations::ConnectorFormat,
            /// Power type of the installed connector (any value, to be ignored, for a reservation
            /// that never became a session).
            req connector_power_type: $crate::v2_2_1::locations::PowerType,
        }
    }
}

cdr_location_shape! {
    spec: "Spec: 2.2.1 mod_cdrs.asciidoc §CdrLocation class",
    connector_type: ConnectorType,
    evse_id: {
        /// EVSE ID following eMI3 V1.0 "Part 2: business objects". `#NA` for a CDR of a
        /// reservation that never became a session.
    },
}

ocpi_object! {
    /// The token that started a charging session, as recorded in a Session or CDR.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CdrToken class
    pub struct CdrToken {
        /// ISO-3166 alpha-2 country code of the MSP that owns this token.
        ///
        /// Erratum: the official examples `cdr_example.json`,
        /// `session_example_1_simple_start.json` and `session_example_2_short_finished.json`
        /// (2.2.1) omit it.
        lax country_code: CountryCode,
        /// ID of the eMSP that owns this token (following the ISO-15118 standard).
        ///
        /// Erratum: the official examples `cdr_example.json`,
        /// `session_example_1_simple_start.json` and `session_example_2_short_finished.json`
        /// (2.2.1) omit it.
        lax party_id: PartyId,
        /// Unique ID by which the CPO's system (e.g. the RFID reader) identifies this token;
        /// for `APP_USER` tokens an ID generated by the eMSP.
        req uid: CiString<36>,
        /// Type of the token.
        req r#type = "type": TokenType,
        /// Uniquely identifies the EV driver contract within the eMSP's platform (eMA ID
        /// recommended).
        req contract_id: CiString<36>,
    }
}

ocpi_object! {
    /// A period of a charging session with the values that influence its cost; it ends when
    /// the next one starts (the last one when the session ends).
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §ChargingPeriod class
    pub struct ChargingPeriod {
        /// Start of the charging period.
        req start_date_time: DateTime,
        /// Relevant values for this period (one or more).
        plus dimensions: Vec<CdrDimension>,
        /// The tariff relevant for this period; when omitted, no tariff is relevant.
        opt tariff_id: CiString<36>,
    }
}

ocpi_object! {
    /// Signed meter data of a charging session: encoding, public key and signed values.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §SignedData class
    pub struct SignedData {
        /// Name of the encoding used (for example `OCMF`, `Alfen Eichrecht`).
        req encoding_method: CiString<36>,
        /// Version of the encoding method, when applicable.
        opt encoding_method_version: i64,
        /// Public key used to sign the data, base64 encoded.
        opt public_key: OcpiString<512>,
        /// The signed values (one or more).
        plus signed_values: Vec<SignedValue>,
        /// URL that can be shown to an EV driver to check the signed data (typed `string(512)`
        /// by the spec).
        opt url: OcpiString<512>,
    }
}

ocpi_object! {
    /// One signed value with its plain data.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §SignedValue class
    pub struct SignedValue {
        /// The event this value belongs to, e.g. `Start`, `End` or `Intermediate`.
        req nature: CiString<32>,
        /// The un-encoded data; its format depends on the encoding method.
        req plain_data: OcpiString<512>,
        /// Blob of signed data, base64 encoded; its format depends on the encoding method.
        req signed_data: OcpiString<5000>,
    }
}
