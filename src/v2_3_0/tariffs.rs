//! Tariffs module: Tariff, PriceLimit and TaxIncluded, and the 2.3.0 Price and TaxAmount of
//! the types chapter.
//!
//! [`Price`] and [`TaxAmount`] are common classes of 2.3.0 (`types.asciidoc`) whose wire form
//! differs from 2.2.1's [`crate::types::Price`]; they are defined here, next to the Tariff
//! they price, and used by the 2.3.0 CDRs and Sessions modules.
//!
//! Identical to 2.2.1 and re-exported: DayOfWeek, PriceComponent, ReservationRestrictionType,
//! TariffDimensionType, TariffElement, TariffRestrictions, TariffType.
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc; 2.3.0 types.asciidoc

pub use crate::v2_2_1::tariffs::{
    DayOfWeek, PriceComponent, ReservationRestrictionType, TariffDimensionType, TariffElement,
    TariffRestrictions, TariffType,
};

use crate::types::{ocpi_enum, ocpi_object, Number, OcpiString};
use crate::v2_2_1::tariffs::tariff_shape;

tariff_shape! {
    /// A tariff of a CPO: a list of tariff elements, whether taxes are included, with
    /// optional alternative texts, price limits and validity period.
    spec: "Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object",
    price_limit: PriceLimit,
    min_price: {
        /// When set, a charging session with this tariff costs at least this amount (the limits
        /// before and after taxes both apply). Not the same as a `FLAT` fee.
    },
    max_price: {
        /// When set, a charging session with this tariff costs at most this amount (the limits
        /// before and after taxes both apply).
    },
    elements: {
        /// The tariff elements (one or more); per dimension, the first element that has a
        /// price component for it and whose restrictions match is used.
    },
    extra: {
        /// Amount a Payment Terminal Provider should preauthorize for card payment of a
        /// session with this tariff.
        opt preauthorize_amount: Number,
        /// Whether the amounts of this tariff include taxes.
        ///
        /// Erratum: the tariff in the official example `cdr_example.json` (2.3.0) omits it.
        lax tax_included: TaxIncluded,
    },
}

ocpi_object! {
    /// A minimum or maximum cost of a charging session, before and optionally after taxes.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §PriceLimit class
    pub struct PriceLimit {
        /// Maximum or minimum cost excluding taxes.
        req before_taxes: Number,
        /// Maximum or minimum cost including taxes.
        opt after_taxes: Number,
    }
}

ocpi_enum! {
    /// Whether taxes are included in the amounts of a tariff, or still to be added.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §TaxIncluded enum
    pub enum TaxIncluded {
        /// Taxes are included in the prices of this tariff.
        Yes = "YES",
        /// Taxes are not included and will be added on top of the prices of this tariff.
        No = "NO",
        /// No taxes apply to this tariff.
        NotApplicable = "N/A",
    }
}

ocpi_object! {
    /// A price or cost before taxes, with the taxes that apply to it.
    ///
    /// Spec: 2.3.0 types.asciidoc §Price class
    pub struct Price {
        /// Price/cost excluding taxes.
        req before_taxes: Number,
        /// Every tax that applies to this price and is relevant to the receiver of the Session
        /// or CDR.
        opt taxes: Vec<TaxAmount>,
    }
}

ocpi_object! {
    /// One tax due on a price.
    ///
    /// Spec: 2.3.0 types.asciidoc §TaxAmount class
    pub struct TaxAmount {
        /// Description of the tax: a required tax name where the country has one (e.g. "QST"
        /// in Canada), otherwise something generic like "VAT" (`string` without a maximum
        /// length).
        req name: OcpiString<{ usize::MAX }>,
        /// Tax account number of the business entity remitting these taxes, where required
        /// (`string` without a maximum length).
        opt account_number: OcpiString<{ usize::MAX }>,
        /// Tax percentage, where required.
        opt percentage: Number,
        /// The amount of money of this tax that is due.
        req amount: Number,
    }
}
