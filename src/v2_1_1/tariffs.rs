//! Tariffs module: Tariff, TariffElement, PriceComponent, TariffRestrictions and their enums.
//!
//! Identical to 2.2.1 and re-exported: DayOfWeek, TariffDimensionType.
//!
//! Defined anew because 2.1.1 differs: Tariff (no party fields, type, price limits or
//! validity period; PATCH allowed), TariffElement and PriceComponent (no `vat`),
//! TariffRestrictions (no current limits or reservation).
//!
//! Spec: 2.1.1 mod_tariffs.md

pub use crate::v2_2_1::tariffs::{DayOfWeek, TariffDimensionType};

use super::locations::EnergyMix;
use crate::types::{ocpi_object, DateTime, DisplayText, Number, OcpiString, Tolerant, Url};

ocpi_object! {
    /// A tariff of a CPO: a list of tariff elements, with optional alternative texts and URL.
    ///
    /// 2.1.1 lets the CPO PATCH a Tariff in the eMSP's system (§PATCH Method), so a partial
    /// form exists.
    ///
    /// Spec: 2.1.1 mod_tariffs.md §Tariff Object
    pub struct Tariff {
        /// Uniquely identifies the tariff within the CPO's platform (and suboperator
        /// platforms).
        req id: OcpiString<36>,
        /// ISO 4217 code of the currency of this tariff.
        req currency: OcpiString<3>,
        /// Multi-language alternative tariff info texts.
        opt tariff_alt_text: Vec<DisplayText>,
        /// Alternative URL to tariff info.
        opt tariff_alt_url: Url,
        /// The tariff elements (one or more); the first element with matching restrictions is
        /// used, so a last element without restrictions acts as the default.
        plus elements: Vec<TariffElement>,
        /// Details on the energy supplied with this tariff.
        opt energy_mix: EnergyMix,
        /// When this tariff was last updated (or created).
        ///
        /// Erratum: omitted by the tariff in the official CDR example (`mod_cdrs.md`), which
        /// puts a `last_updated` inside its element instead, and by the PUT example "New
        /// Tariff 2 euro per hour" (`mod_tariffs.md` §PUT Method).
        lax last_updated: DateTime,
    }
    patch TariffPatch;
}

ocpi_object! {
    /// One element of a tariff: its price components and the restrictions under which they
    /// apply.
    ///
    /// Spec: 2.1.1 mod_tariffs.md §TariffElement class
    pub struct TariffElement {
        /// Price components that make up the pricing of this element (one or more).
        plus price_components: Vec<PriceComponent>,
        /// Restrictions that describe when this element applies.
        opt restrictions: TariffRestrictions,
    }
}

ocpi_object! {
    /// The price of one tariff dimension, per unit, with its billing step.
    ///
    /// Spec: 2.1.1 mod_tariffs.md §PriceComponent class
    pub struct PriceComponent {
        /// The tariff dimension priced.
        req r#type = "type": TariffDimensionType,
        /// Price per unit (excluding VAT) for this dimension.
        ///
        /// Erratum: the tariff in the official CDR example (`mod_cdrs.md`) sends the price as
        /// a JSON string (`"2.00"`); such a value is kept verbatim and reported.
        req price: Tolerant<Number>,
        /// Minimum amount to be billed: usage is billed in blocks of this size. The unit is
        /// the dimension's `step_size` multiplier (1 Wh for `ENERGY`, 1 second for `TIME` and
        /// `PARKING_TIME`).
        req step_size: i64,
    }
}

ocpi_object! {
    /// Conditions under which a tariff element applies; all set restrictions must hold.
    ///
    /// Spec: 2.1.1 mod_tariffs.md §TariffRestrictions class
    pub struct TariffRestrictions {
        /// Start time of day, 24h `hh:mm` with leading zeros (e.g. `13:30`), valid from this
        /// time (only the length is checked when parsing).
        opt start_time: OcpiString<5>,
        /// End time of day, valid until this time; same syntax as `start_time`.
        opt end_time: OcpiString<5>,
        /// Start date (e.g. `2015-12-24`), valid from this day.
        opt start_date: OcpiString<10>,
        /// End date (e.g. `2015-12-27`), valid until this day (exclusive).
        opt end_date: OcpiString<10>,
        /// Minimum used energy in kWh, valid from this amount.
        opt min_kwh: Number,
        /// Maximum used energy in kWh, valid until this amount.
        opt max_kwh: Number,
        /// Minimum power in kW, valid from this charging speed.
        opt min_power: Number,
        /// Maximum power in kW, valid up to this charging speed.
        opt max_power: Number,
        /// Minimum duration in seconds, valid for a duration from this many seconds.
        opt min_duration: i64,
        /// Maximum duration in seconds, valid for a duration up to this many seconds.
        opt max_duration: i64,
        /// The day(s) of the week this element is valid.
        opt day_of_week: Vec<DayOfWeek>,
    }
}
