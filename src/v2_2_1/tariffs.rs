//! Tariffs module: Tariff, TariffElement, PriceComponent, TariffRestrictions and their enums.
//!
//! Spec: 2.2.1 mod_tariffs.asciidoc

use crate::types::{ocpi_enum, ocpi_object, Number, OcpiString, Price};

shape! {
    /// Declares `Tariff` in the shape shared by 2.2.1 and 2.3.0: the object's summary docs, its
    /// `Spec:` line, the version's type of price limits with the docs of `min_price`, `max_price`
    /// and `elements` (reworded by 2.3.0), and the fields a later version adds (written before
    /// `last_updated`).
    macro tariff_shape(
        $(#[doc = $doc:literal])*
        spec: $spec:literal,
        price_limit: $price_limit:ty,
        min_price: { $(#[doc = $min_price_doc:literal])* },
        max_price: { $(#[doc = $max_price_doc:literal])* },
        elements: { $(#[doc = $elements_doc:literal])* },
        extra: { $($extra:tt)* } $(,)?
    ) => ocpi_object! {
        $(#[doc = $doc])*
        ///
        #[doc = $spec]
        pub struct Tariff {
            /// ISO-3166 alpha-2 country code of the CPO that owns this tariff.
            req country_code: $crate::types::CountryCode,
            /// ID of the CPO that owns this tariff (following the ISO-15118 standard).
            req party_id: $crate::types::PartyId,
            /// Uniquely identifies the tariff within the CPO's platform (and suboperator
            /// platforms).
            req id: $crate::types::CiString<36>,
            /// ISO-4217 code of the currency of this tariff.
            req currency: $crate::types::OcpiString<3>,
            /// The type of the tariff, to tell tariffs apart when charging preferences are given.
            /// When omitted, the tariff is valid for all sessions.
            opt r#type = "type": $crate::v2_2_1::tariffs::TariffType,
            /// Multi-language alternative tariff info texts.
            opt tariff_alt_text: Vec<$crate::types::DisplayText>,
            /// URL of a web page explaining the tariff in human readable form.
            opt tariff_alt_url: $crate::types::Url,
            $(#[doc = $min_price_doc])*
            opt min_price: $price_limit,
            $(#[doc = $max_price_doc])*
            opt max_price: $price_limit,
            $(#[doc = $elements_doc])*
            plus elements: Vec<$crate::v2_2_1::tariffs::TariffElement>,
            /// When this tariff becomes active, in UTC.
            opt start_date_time: $crate::types::DateTime,
            /// After this time the tariff is no longer valid, in UTC.
            opt end_date_time: $crate::types::DateTime,
            /// Details on the energy supplied with this tariff.
            opt energy_mix: $crate::v2_2_1::locations::EnergyMix,
            $($extra)*
            /// When this tariff was last updated (or created).
            ///
            /// Erratum: the official example `tariff_put_example.json` (2.2.1 and 2.3.0) omits it.
            lax last_updated: $crate::types::DateTime,
        }
    }
}

tariff_shape! {
    /// A tariff of a CPO: a list of tariff elements, with optional alternative texts, price
    /// limits and validity period.
    spec: "Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object",
    price_limit: Price,
    min_price: {
        /// When set, a charging session with this tariff costs at least this amount (both
        /// excluding and including VAT apply). Not the same as a `FLAT` fee.
    },
    max_price: {
        /// When set, a charging session with this tariff costs at most this amount (both
        /// excluding and including VAT apply).
    },
    elements: {
        /// The tariff elements (one or more); per dimension the first element whose
        /// restrictions match is used.
    },
    extra: {},
}

ocpi_object! {
    /// One element of a tariff: its price components and the restrictions under which they
    /// apply.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffElement class
    pub struct TariffElement {
        /// Price components that describe the pricing of the tariff (one or more).
        plus price_components: Vec<PriceComponent>,
        /// Restrictions that describe when this element applies.
        opt restrictions: TariffRestrictions,
    }
}

ocpi_object! {
    /// The price of one tariff dimension, per unit, with its VAT and billing step.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §PriceComponent class
    pub struct PriceComponent {
        /// The tariff dimension priced.
        req r#type = "type": TariffDimensionType,
        /// Price per unit (excluding VAT) for this dimension.
        req price: Number,
        /// Applicable VAT percentage. Omitted means no VAT applies, which differs from 0% VAT
        /// (`0.0`).
        opt vat: Number,
        /// Minimum amount to be billed: usage is billed in blocks of this size, rounded up.
        /// The unit is the dimension's `step_size` multiplier (1 Wh for `ENERGY`, 1 second for
        /// `TIME` and `PARKING_TIME`).
        req step_size: i64,
    }
}

ocpi_object! {
    /// Conditions under which a tariff element is active during a charging session; all set
    /// restrictions must hold (logical AND).
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffRestrictions class
    pub struct TariffRestrictions {
        /// Start time of day in local time (the location's `time_zone`), 24h `hh:mm` format
        /// with leading zeros, valid from this time.
        opt start_time: OcpiString<5>,
        /// End time of day in local time, valid until this time; same syntax as `start_time`.
        /// When before `start_time` the period wraps to the next day; `00:00` stops at the end
        /// of the day.
        opt end_time: OcpiString<5>,
        /// Start date in local time (`YYYY-MM-DD`), valid from this day (inclusive).
        opt start_date: OcpiString<10>,
        /// End date in local time (`YYYY-MM-DD`), valid until this day (exclusive).
        opt end_date: OcpiString<10>,
        /// Minimum consumed energy in kWh, valid from this amount (inclusive).
        opt min_kwh: Number,
        /// Maximum consumed energy in kWh, valid until this amount (exclusive).
        opt max_kwh: Number,
        /// Sum of the minimum current over all phases in A: active while charging with at
        /// least this current.
        opt min_current: Number,
        /// Sum of the maximum current over all phases in A: active while charging with less
        /// than this current.
        opt max_current: Number,
        /// Minimum power in kW: active while charging with at least this power.
        opt min_power: Number,
        /// Maximum power in kW: active while charging with less than this power.
        opt max_power: Number,
        /// Minimum duration of the charging session in seconds (inclusive) before this
        /// element becomes active.
        opt min_duration: i64,
        /// Maximum duration of the charging session in seconds (exclusive) during which this
        /// element is active.
        opt max_duration: i64,
        /// The day(s) of the week this element is active.
        opt day_of_week: Vec<DayOfWeek>,
        /// When present, this element describes reservation costs (only `FLAT` and `TIME`
        /// dimensions, `TIME` being the reservation's duration).
        opt reservation: ReservationRestrictionType,
    }
}

ocpi_enum! {
    /// A day of the week.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §DayOfWeek enum
    pub enum DayOfWeek {
        /// Monday.
        Monday = "MONDAY",
        /// Tuesday.
        Tuesday = "TUESDAY",
        /// Wednesday.
        Wednesday = "WEDNESDAY",
        /// Thursday.
        Thursday = "THURSDAY",
        /// Friday.
        Friday = "FRIDAY",
        /// Saturday.
        Saturday = "SATURDAY",
        /// Sunday.
        Sunday = "SUNDAY",
    }
}

ocpi_enum! {
    /// Which reservation costs a tariff element describes.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §ReservationRestrictionType enum
    pub enum ReservationRestrictionType {
        /// Costs of a reservation.
        Reservation = "RESERVATION",
        /// Costs of a reservation that expires (the driver does not start charging before the
        /// reservation's `expiry_date`); takes precedence for the time based cost of an expired
        /// reservation.
        ReservationExpires = "RESERVATION_EXPIRES",
    }
}

ocpi_enum! {
    /// The dimension a price component prices.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffDimensionType enum
    pub enum TariffDimensionType {
        /// Energy, defined in kWh; `step_size` multiplier: 1 Wh.
        Energy = "ENERGY",
        /// Flat fee, no unit for `step_size`.
        Flat = "FLAT",
        /// Time not charging, defined in hours; `step_size` multiplier: 1 second.
        ParkingTime = "PARKING_TIME",
        /// Time charging, defined in hours; `step_size` multiplier: 1 second. With a
        /// `RESERVATION` restriction, the price of the reservation time.
        Time = "TIME",
    }
}

ocpi_enum! {
    /// For which kind of session a tariff is valid.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffType enum
    pub enum TariffType {
        /// Valid when ad-hoc payment is used at the charge point (e.g. debit or credit card
        /// terminal).
        AdHocPayment = "AD_HOC_PAYMENT",
        /// Valid when the charging preference `CHEAP` is set for the session.
        ProfileCheap = "PROFILE_CHEAP",
        /// Valid when the charging preference `FAST` is set for the session.
        ProfileFast = "PROFILE_FAST",
        /// Valid when the charging preference `GREEN` is set for the session.
        ProfileGreen = "PROFILE_GREEN",
        /// Valid when using an RFID without charging preference, or with the charging
        /// preference `REGULAR`.
        Regular = "REGULAR",
    }
}
