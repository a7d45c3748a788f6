//! What a charging session costs under a Tariff; verification of a CDR's totals; estimates of
//! a planned session (feature `pricing`, on by default).
//!
//! Every version's Tariff is compiled into one neutral plan and priced by one engine; the
//! version shows only at the edges: [`price`] takes a Tariff of 2.1.1, 2.2.1 or 2.3.0
//! ([`PricedTariff`]), [`verify`] a CDR of any of them ([`PricedCdr`]), and the results convert
//! to each version's price types ([`Amount::to_price`], [`Amount::to_price_2_3_0`],
//! [`Amount::excl_vat`]). Amounts are exact decimals (`rust_decimal`) from end to end: no
//! floating point is involved, and a result written into a CDR round-trips like any other
//! [`Number`].
//!
//! ```
//! use ocpi_protocol::json;
//! use ocpi_protocol::pricing::{self, Options, Period, Session};
//! use ocpi_protocol::types::{DateTime, Number};
//! use ocpi_protocol::v2_2_1::tariffs::Tariff;
//!
//! // 2.2.1 mod_tariffs.asciidoc §Simple Tariff example 0.25 euro per kWh: 10% VAT, per Wh.
//! let tariff = json::parse::<Tariff>(br#"{
//!     "country_code": "DE", "party_id": "ALL", "id": "16", "currency": "EUR",
//!     "elements": [{"price_components": [
//!         {"type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1}]}],
//!     "last_updated": "2018-12-17T11:36:01Z"
//! }"#).unwrap().value;
//!
//! let start = DateTime::parse("2024-03-01T10:00:00Z").unwrap();
//! let end = DateTime::parse("2024-03-01T12:00:00Z").unwrap();
//! let mut session = Session::new(start, end).with_time_zone("Europe/Berlin");
//! let mut period = Period::new(start);
//! period.energy = Number::parse("20").unwrap();
//! period.time = Number::parse("2").unwrap();
//! session.periods.push(period);
//!
//! let bill = pricing::price(&tariff, &session, &Options::default()).unwrap();
//! // 20 kWh × 0.25 = 5.00 excl. VAT; × 1.10 = 5.50 incl. VAT.
//! assert_eq!(bill.totals.total_cost.excl_vat(), Number::parse("5.00").unwrap());
//! assert_eq!(bill.totals.total_cost.incl_vat(), Some(Number::parse("5.50").unwrap()));
//! assert_eq!(bill.totals.total_energy_cost.to_price().excl_vat, Number::parse("5").unwrap());
//! // The explanation: per charging period and dimension, what was billed and why.
//! println!("{bill}");
//! ```
//!
//! # The rules, and where this module follows them
//!
//! Each rule names the section it implements; the tests in `tests/pricing.rs` replay every
//! tariff example and worked cost of the three versions' tariff chapters.
//!
//! - **Which element applies** (Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object; 2.3.0
//!   mod_tariffs.asciidoc §Tariff Object): for each charging period and each dimension
//!   (`ENERGY`, `TIME`, `PARKING_TIME`, `FLAT`), the first element that has a price component
//!   of that dimension and whose restrictions all hold (logical AND, §TariffRestrictions
//!   class). A dimension no element prices costs nothing. 2.1.1 (mod_tariffs.md §3.1 Tariff
//!   Object) says "the first tariff in the list with matching restrictions"; its own complex
//!   example (a `FLAT` element without restrictions first, then `TIME` and `PARKING_TIME`
//!   elements) only prices time if that choice is made per dimension, so it is made per
//!   dimension in every version.
//! - **Which tariff** of a Connector's `tariff_ids` (2.2.1 mod_tariffs.asciidoc §TariffType
//!   enum; 2.2.1 mod_locations.asciidoc §Connector Object): [`choose`] picks by
//!   `Tariff.type` what a [`Choice`] says (ad-hoc payment, a charging preference, or by
//!   default a token without preference: `REGULAR`), else the tariff without `type`, among the
//!   tariffs valid at the session's start.
//! - **Restrictions** are evaluated at the start of each charging period (a CPO starts a new
//!   period whenever another element may become active: 2.2.1 mod_cdrs.asciidoc
//!   §ChargingPeriod), in the Location's local time ([`Session::time_zone`], IANA name, read
//!   with `chrono-tz`): `start_time` ≤ t < `end_time`, wrapping over midnight when `end_time`
//!   < `start_time` (`00:00` ends at midnight); `start_date` ≤ local date < `end_date`;
//!   `day_of_week` holds the local weekday; `min_kwh` ≤ energy charged before the period <
//!   `max_kwh`; `min_duration` ≤ seconds since the session started < `max_duration`;
//!   `min_power`/`min_current` ≤ the lowest power/current of the period and the highest <
//!   `max_power`/`max_current` (see [`Period`] for which measurement is used, and the warning
//!   when a period has none). Each restriction is checked on its own: a window `22:00`–`06:00`
//!   restricted to `FRIDAY` holds on Friday from 22:00 and on Friday before 06:00, not on
//!   Saturday morning.
//! - **Reservations** (2.2.1 mod_tariffs.asciidoc §ReservationRestrictionType enum): elements
//!   with a `reservation` restriction price only reservations: their `TIME` component prices
//!   the periods' `RESERVATION_TIME`, their `FLAT` component is charged once when the session
//!   had a reservation. When the reservation expired ([`Session::reservation_expired`]), the
//!   `TIME` of a `RESERVATION_EXPIRES` element takes precedence and its `FLAT` is added; the
//!   session's own (non-reservation) `FLAT` fee is then not charged, as no charging session
//!   took place (the chapter's expire-fee example: 4.00 + 1 h × 2.00 = 6.00, no start fee).
//!   [`estimate`] prices a planned reservation the same way
//!   ([`PlannedSession::with_reservation`], [`PlannedSession::with_expiring_reservation`]).
//! - **`FLAT`** is charged once per session and tariff: the component active at the first
//!   charging period where one is active (2.2.1 mod_tariffs.asciidoc §Tariff Object,
//!   `min_price`: "a `FLAT` fee is a fixed amount that has to be paid for any Charging
//!   Session"). A `FLAT` component in an element whose other components are all
//!   `PARKING_TIME` counts in `total_parking_cost`, in a reservation element in
//!   `total_reservation_cost`, otherwise in `total_fixed_cost` (2.2.1 mod_cdrs.asciidoc §CDR
//!   Object, `total_fixed_cost`: "except fixed price components of parking and reservation").
//! - **`step_size`** (2.2.1 mod_cdrs.asciidoc, the `step_size` paragraphs of §CDR Object;
//!   2.2.1 mod_tariffs.asciidoc §PriceComponent class): applied once per session for
//!   `ENERGY`, once for `TIME` and `PARKING_TIME` together, and once for reservation time. The
//!   billed total of the dimension (the sum of its priced quantities over the session) is
//!   rounded up to a multiple of the `step_size` of the component of the *last* period that
//!   priced it, and the difference is billed in that last period at its price. For `TIME`
//!   and `PARKING_TIME`, the dimension rounded is the one of the last period with a priced
//!   time-based quantity: parking after charging rounds the parking time only, and the
//!   charging time is not rounded ("Note that the charging duration is not rounded up, as it
//!   is followed by another time based period"). `step_size` 0 means no rounding (the
//!   official free-of-charge examples use it).
//! - **`min_price` / `max_price`** (2.2.1 mod_tariffs.asciidoc §Tariff Object, notes; 2.3.0
//!   §PriceLimit class): both the amount excluding VAT and, when given, the amount including
//!   VAT are limits. When the excluding-VAT total is moved to its limit the including-VAT
//!   total moves in proportion (same effective VAT rate), then its own limit applies. The
//!   per-dimension totals keep what the usage cost; the difference is
//!   [`Totals::limit_adjustment`], so that the parts always add up to `total_cost`.
//! - **VAT and taxes**: 2.2.1 and 2.3.0 `vat` is a percentage per component; omitted means no
//!   VAT information, so the amount including VAT is unknown ([`Amount::incl_vat`] is `None`)
//!   unless that component's amount is zero (2.2.1 mod_tariffs.asciidoc §First hour free
//!   energy example: "As no VAT information is given, it is not possible to calculate total
//!   costs including VAT"). 2.3.0 `tax_included` (§TaxIncluded enum): `NO` adds taxes on top,
//!   `YES` takes them out of the prices (`before_taxes` = amount × 100 ÷ (100 + vat)), `N/A`
//!   has none. 2.1.1 has no VAT.
//! - **Validity** (2.2.1 mod_tariffs.asciidoc §Tariff Object, `start_date_time`,
//!   `end_date_time`): a session starting outside them is priced and reported
//!   ([`Warning::OutsideValidity`]); [`estimate`] leaves such tariffs out.
//! - **Rounding**: the spec leaves it open (2.3.0 mod_tariffs.asciidoc §Tariff Object, note on
//!   price rounding). By default nothing is rounded; [`Options::rounding`] rounds each line or
//!   each total to a number of decimals with a chosen mode. Time is measured to the
//!   nanosecond (hours are turned into seconds and kept to 9 decimals).
//! - **Hostile input** (a peer's tariff or CDR): never a panic; a sum or product beyond the
//!   range of exact decimals is [`PricingError::Overflow`]. Each charging period is matched
//!   against every element of its tariff once, and each tariff of a CDR prices its own
//!   periods only, so the work is linear in the periods; a tariff of more than
//!   [`MAX_ELEMENTS`] elements is [`PricingError::TooManyElements`].
//!
//! What a CPO does with a result: [`Bill::totals`] holds the CDR's six totals, each as an
//! [`Amount`] that converts to the version's price type.

mod choose;
mod compile;
mod engine;
mod estimate;
mod explain;
mod verify;

use rust_decimal::Decimal;

use crate::types::{DateTime, Number};

pub use choose::{choose, Choice};
pub use compile::MAX_ELEMENTS;
pub use estimate::{estimate, PlannedReservation, PlannedSession, Quote};
pub use verify::{verify, CdrField, Discrepancy, Part, PricedCdr, Verification};

/// A Tariff of any version that the engine prices: [`crate::v2_1_1::tariffs::Tariff`],
/// [`crate::v2_2_1::tariffs::Tariff`] or [`crate::v2_3_0::tariffs::Tariff`].
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
pub trait PricedTariff: compile::Compile {}

impl PricedTariff for crate::v2_1_1::tariffs::Tariff {}
impl PricedTariff for crate::v2_2_1::tariffs::Tariff {}
impl PricedTariff for crate::v2_3_0::tariffs::Tariff {}

/// How amounts are rounded; the spec leaves it to law, contracts and currency.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object (note on price rounding)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// Decimals kept (2 for euro cents).
    pub decimals: u32,
    /// How a value between two steps is rounded.
    pub mode: RoundingMode,
    /// Where rounding happens.
    pub point: RoundingPoint,
}

impl Rounding {
    /// Rounding of each CDR total to `decimals`, half away from zero, the way the spec's
    /// worked examples round (2.2.1 mod_tariffs.asciidoc §Simple Tariff example with
    /// alternative URL: 5.125 → 5.13).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object (note on price rounding)
    pub fn totals(decimals: u32) -> Self {
        Rounding {
            decimals,
            mode: RoundingMode::HalfUp,
            point: RoundingPoint::Totals,
        }
    }
}

/// How a value between two steps is rounded.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object (note on price rounding)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// Half away from zero (commercial rounding).
    HalfUp,
    /// Half to the even neighbour (banker's rounding).
    HalfEven,
    /// Away from zero.
    Up,
    /// Toward zero.
    Down,
}

/// Where amounts are rounded.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object (note on price rounding)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingPoint {
    /// Each line (period and dimension); totals are sums of rounded lines.
    Lines,
    /// Each CDR total (per dimension) and each tax of it; `total_cost` is their sum.
    Totals,
}

/// What to do with a charging period with usage where no element of the tariff applies.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncovered {
    /// A [`PricingError::NoElement`]: a tariff that covers no part of a period is most
    /// likely not the tariff of that session (the default).
    Error,
    /// The period costs nothing, as the spec's rule reads ("there will be no costs for that
    /// Tariff Dimension"), reported as [`Warning::Uncovered`].
    Free,
}

/// Options of [`price`], [`verify`] and [`estimate`].
///
/// ```
/// use ocpi_protocol::pricing::{self, Options, Period, Rounding, RoundingMode, RoundingPoint, Session};
/// use ocpi_protocol::types::{DateTime, Number};
/// # let tariff = ocpi_protocol::json::parse::<ocpi_protocol::v2_1_1::tariffs::Tariff>(br#"{
/// #     "id": "1", "currency": "EUR", "elements": [{"price_components":
/// #     [{"type": "ENERGY", "price": 0.333, "step_size": 1}]}],
/// #     "last_updated": "2024-01-01T00:00:00Z"}"#).unwrap().value;
/// // `tariff`: 0.333 EUR per kWh. Three periods of 1 kWh each.
/// let at = |hour: u32| DateTime::parse(&format!("2024-06-03T{hour:02}:00:00Z")).unwrap();
/// let mut session = Session::new(at(8), at(11));
/// for hour in 8..11 {
///     let mut period = Period::new(at(hour));
///     period.energy = Number::from(1);
///     session.periods.push(period);
/// }
/// let cost = |options: Options| {
///     let bill = pricing::price(&tariff, &session, &options.with_explain(false)).unwrap();
///     bill.totals.total_cost.excl_vat()
/// };
/// let number = |text: &str| Number::parse(text).unwrap();
/// assert_eq!(cost(Options::default()), number("0.999")); // exact by default
/// assert_eq!(cost(Options::default().with_rounding(Rounding::totals(2))), number("1.00"));
/// let per_line = Rounding { decimals: 2, mode: RoundingMode::HalfUp, point: RoundingPoint::Lines };
/// assert_eq!(cost(Options::default().with_rounding(per_line)), number("0.99"));
/// ```
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Rounding of amounts; `None` (the default) keeps them exact.
    pub rounding: Option<Rounding>,
    /// Whether [`Bill::lines`] is filled (default `true`). Without it, pricing allocates only
    /// the result's totals.
    pub explain: bool,
    /// The largest difference between an amount of a CDR and the recomputed one that
    /// [`verify`] accepts (default `0.01`).
    pub tolerance: Decimal,
    /// The same for quantities (kWh and hours, default `0.001`).
    pub quantity_tolerance: Decimal,
    /// A period with usage that no element covers (default [`Uncovered::Error`]).
    pub uncovered: Uncovered,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rounding: None,
            explain: true,
            tolerance: Decimal::new(1, 2),
            quantity_tolerance: Decimal::new(1, 3),
            uncovered: Uncovered::Error,
        }
    }
}

impl Options {
    crate::types::setters! {
        /// These options with `rounding`.
        with_rounding(rounding: Rounding) => rounding = Some(rounding);
        /// These options with `explain`.
        with_explain(explain: bool) => explain = explain;
        /// These options with an amount `tolerance` for [`verify`].
        with_tolerance(tolerance: Decimal) => tolerance = tolerance;
        /// These options with the treatment of uncovered periods.
        with_uncovered(uncovered: Uncovered) => uncovered = uncovered;
    }
}

/// The usage of a charging session: its start and end, the Location's time zone and its
/// charging periods.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object; 2.2.1 mod_cdrs.asciidoc §ChargingPeriod class
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Start of the session (of the reservation, when one preceded it). `min_duration` and
    /// `max_duration` count from here.
    pub start: DateTime,
    /// End of the session.
    pub end: DateTime,
    /// IANA name of the Location's time zone (`Location.time_zone`). `None`: UTC, reported as
    /// [`Warning::NoTimeZone`]; an unknown name is a [`PricingError::UnknownTimeZone`].
    pub time_zone: Option<String>,
    /// The charging periods, in order of start time (equal start times are allowed: a period
    /// followed by one with the same start is of zero length).
    pub periods: Vec<Period>,
    /// Whether the session was a reservation that expired without charging (2.2.1
    /// mod_tariffs.asciidoc §ReservationRestrictionType enum, `RESERVATION_EXPIRES`).
    pub reservation_expired: bool,
}

impl Session {
    /// A session without periods, time zone or expired reservation.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
    pub fn new(start: DateTime, end: DateTime) -> Self {
        Session {
            start,
            end,
            time_zone: None,
            periods: Vec::new(),
            reservation_expired: false,
        }
    }

    /// This session in the Location's time zone (IANA name).
    pub fn with_time_zone(mut self, time_zone: &str) -> Self {
        self.time_zone = Some(time_zone.to_owned());
        self
    }

    /// This session with the charging periods of a Session or CDR of 2.2.1 or 2.3.0 (2.3.0
    /// uses the same type) or 2.1.1, appended.
    pub fn with_periods<'a, P>(mut self, periods: impl IntoIterator<Item = &'a P>) -> Self
    where
        P: 'a,
        Period: From<&'a P>,
    {
        self.periods.extend(periods.into_iter().map(Period::from));
        self
    }
}

/// One charging period: its start and the values that influence its cost.
///
/// Quantities are the period's CDR dimensions (`ENERGY` in kWh, `TIME`, `PARKING_TIME`,
/// `RESERVATION_TIME` in hours); the engine prices these volumes, not the period's length.
/// For the power and current restrictions the period's lowest value is `min_*`, else the
/// average (`power`/`current`, Sessions only), else `max_*`; its highest is `max_*`, else the
/// average, else `min_*`. With none of them, the power is taken as the average of the period
/// (`energy` ÷ `time`) and the current cannot be known: the restriction is then taken as not
/// holding. Either assumption is reported ([`Warning::MissingMeasurement`]).
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §ChargingPeriod class; §CdrDimensionType enum
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Period {
    /// Start of the period; it ends when the next one starts (the last at the session's end).
    pub start: DateTime,
    /// `ENERGY`: energy charged in this period, kWh.
    pub energy: Number,
    /// `TIME`: time charging in this period, hours.
    pub time: Number,
    /// `PARKING_TIME`: time not charging in this period, hours.
    pub parking_time: Number,
    /// `RESERVATION_TIME`: time reserved and not yet used, hours.
    pub reservation_time: Number,
    /// `MIN_POWER`, kW.
    pub min_power: Option<Number>,
    /// `MAX_POWER`, kW.
    pub max_power: Option<Number>,
    /// `POWER` (average, Sessions only), kW.
    pub power: Option<Number>,
    /// `MIN_CURRENT`, A (sum over the phases).
    pub min_current: Option<Number>,
    /// `MAX_CURRENT`, A (sum over the phases).
    pub max_current: Option<Number>,
    /// `CURRENT` (average, Sessions only), A.
    pub current: Option<Number>,
    /// How many of the period's dimensions were not used: types this crate does not know, or
    /// values in a deviating form (reported as [`Warning::IgnoredDimensions`]).
    pub ignored_dimensions: u32,
    /// Index of the tariff relevant for this period in the list [`verify`] works on (set by
    /// [`verify`] from the period's `tariff_id`; [`price`] prices every period).
    pub(crate) tariff: Option<usize>,
}

impl Period {
    /// A period starting at `start` with no usage.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §ChargingPeriod class
    pub fn new(start: DateTime) -> Self {
        Period {
            start,
            energy: Number::default(),
            time: Number::default(),
            parking_time: Number::default(),
            reservation_time: Number::default(),
            min_power: None,
            max_power: None,
            power: None,
            min_current: None,
            max_current: None,
            current: None,
            ignored_dimensions: 0,
            tariff: None,
        }
    }
}

impl From<&crate::v2_2_1::cdrs::ChargingPeriod> for Period {
    fn from(p: &crate::v2_2_1::cdrs::ChargingPeriod) -> Self {
        use crate::v2_2_1::cdrs::CdrDimensionType as T;
        let mut out = Period::new(p.start_date_time);
        for d in &p.dimensions {
            let v = d.volume;
            match &d.r#type {
                T::Energy => out.energy = add(out.energy, v),
                T::Time => out.time = add(out.time, v),
                T::ParkingTime => out.parking_time = add(out.parking_time, v),
                T::ReservationTime => out.reservation_time = add(out.reservation_time, v),
                T::MinPower => out.min_power = Some(v),
                T::MaxPower => out.max_power = Some(v),
                T::Power => out.power = Some(v),
                T::MinCurrent => out.min_current = Some(v),
                T::MaxCurrent => out.max_current = Some(v),
                T::Current => out.current = Some(v),
                // Session-only values with no bearing on tariffs.
                T::EnergyExport | T::EnergyImport | T::StateOfCharge => {}
                _ => out.ignored_dimensions += 1,
            }
        }
        out
    }
}

impl From<&crate::v2_1_1::cdrs::ChargingPeriod> for Period {
    fn from(p: &crate::v2_1_1::cdrs::ChargingPeriod) -> Self {
        use crate::v2_1_1::cdrs::CdrDimensionType as T;
        let mut out = Period::new(p.start_date_time);
        for d in &p.dimensions {
            let v = d.volume;
            match d.r#type.valid() {
                Some(T::Energy) => out.energy = add(out.energy, v),
                Some(T::Time) => out.time = add(out.time, v),
                Some(T::ParkingTime) => out.parking_time = add(out.parking_time, v),
                Some(T::MinCurrent) => out.min_current = Some(v),
                Some(T::MaxCurrent) => out.max_current = Some(v),
                // A FLAT dimension carries no usage: the fee comes from the tariff.
                Some(T::Flat) => {}
                _ => out.ignored_dimensions += 1,
            }
        }
        out
    }
}

/// Sum of two volumes; a repeated dimension adds up (saturating: out-of-range volumes are
/// refused by the engine's own checks long before).
fn add(a: Number, b: Number) -> Number {
    Number::from(
        a.to_decimal()
            .checked_add(b.to_decimal())
            .unwrap_or(Decimal::MAX),
    )
}

/// A priced dimension of a line.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §TariffDimensionType enum
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// `ENERGY`, quantities in Wh (the `step_size` unit), price per kWh.
    Energy,
    /// `TIME` (charging), quantities in seconds, price per hour.
    Time,
    /// `PARKING_TIME`, quantities in seconds, price per hour.
    ParkingTime,
    /// `TIME` of a reservation element, priced on `RESERVATION_TIME`; seconds, per hour.
    ReservationTime,
    /// `FLAT`, once per session; quantity 1.
    Flat,
    /// `FLAT` of a reservation element; quantity 1.
    ReservationFlat,
}

impl Dimension {
    /// The spec's name of the dimension.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Energy => "ENERGY",
            Dimension::Time => "TIME",
            Dimension::ParkingTime => "PARKING_TIME",
            Dimension::ReservationTime => "RESERVATION TIME",
            Dimension::Flat => "FLAT",
            Dimension::ReservationFlat => "RESERVATION FLAT",
        }
    }
}

/// Which CDR total a line counts in.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostKind {
    /// `total_energy_cost`.
    Energy,
    /// `total_time_cost`.
    Time,
    /// `total_parking_cost`.
    Parking,
    /// `total_fixed_cost`.
    Fixed,
    /// `total_reservation_cost`.
    Reservation,
}

/// One tax of an amount: its rate and how much of it is due.
///
/// Spec: 2.3.0 types.asciidoc §TaxAmount class; 2.2.1 mod_tariffs.asciidoc §PriceComponent
/// class (`vat`)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tax {
    /// The percentage; `None` for the part of a tax that a price limit added or removed
    /// where no rate applied before.
    pub rate: Option<Number>,
    /// The amount of tax due.
    pub amount: Number,
}

/// Taxes per rate: none, or one kept inline (pricing allocates nothing for them), or several.
/// A line has one rate at most, and so do most totals: the inline case keeps an [`Amount`]
/// small, which keeps a [`Bill`] cheap to make and to move.
#[derive(Debug, Clone, Default)]
pub(crate) enum Taxes {
    #[default]
    None,
    One((Option<Decimal>, Decimal)),
    Many(Vec<(Option<Decimal>, Decimal)>),
}

impl Taxes {
    fn as_slice(&self) -> &[(Option<Decimal>, Decimal)] {
        match self {
            Taxes::None => &[],
            Taxes::One(t) => std::slice::from_ref(t),
            Taxes::Many(v) => v,
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &(Option<Decimal>, Decimal)> {
        self.as_slice().iter()
    }
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut (Option<Decimal>, Decimal)> {
        let slice: &mut [(Option<Decimal>, Decimal)] = match self {
            Taxes::None => &mut [],
            Taxes::One(t) => std::slice::from_mut(t),
            Taxes::Many(v) => v,
        };
        slice.iter_mut()
    }
    pub(crate) fn push(&mut self, tax: (Option<Decimal>, Decimal)) {
        match self {
            Taxes::None => *self = Taxes::One(tax),
            Taxes::One(first) => *self = Taxes::Many(vec![*first, tax]),
            Taxes::Many(v) => v.push(tax),
        }
    }
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Taxes::None)
    }
}

impl PartialEq for Taxes {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}
impl Eq for Taxes {}

/// An amount of money excluding taxes, with its taxes per rate when they are known.
///
/// Spec: 2.2.1 types.asciidoc §Price class; 2.3.0 types.asciidoc §Price class
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Amount {
    pub(crate) excl: Decimal,
    pub(crate) taxes: Taxes,
    pub(crate) unknown_tax: bool,
}

impl Amount {
    /// The amount excluding VAT (2.3.0: before taxes); in 2.1.1 this is the whole amount.
    pub fn excl_vat(&self) -> Number {
        Number::from(self.excl)
    }

    /// The amount including VAT (after taxes): `None` when a part of it was priced by a
    /// component without a VAT rate (2.2.1 §PriceComponent class: "If omitted, no VAT is
    /// applicable", so nothing can be said of the amount including VAT).
    pub fn incl_vat(&self) -> Option<Number> {
        if self.unknown_tax {
            return None;
        }
        self.excl.checked_add(self.tax_total()?).map(Number::from)
    }

    /// The taxes due, one per rate, in the order the rates were first met.
    pub fn taxes(&self) -> impl Iterator<Item = Tax> + '_ {
        self.taxes.iter().map(|&(rate, amount)| Tax {
            rate: rate.map(Number::from),
            amount: Number::from(amount),
        })
    }

    /// The 2.2.1 `Price`: `excl_vat`, and `incl_vat` when known.
    ///
    /// Spec: 2.2.1 types.asciidoc §Price class
    pub fn to_price(&self) -> crate::types::Price {
        let mut p = crate::types::Price::new(self.excl_vat());
        p.incl_vat = self.incl_vat();
        p
    }

    /// The 2.3.0 `Price`: `before_taxes` and one `TaxAmount` named "VAT" per rate (none when
    /// the taxes are unknown or nil).
    ///
    /// Spec: 2.3.0 types.asciidoc §Price class; §TaxAmount class
    pub fn to_price_2_3_0(&self) -> crate::v2_3_0::tariffs::Price {
        let mut p = crate::v2_3_0::tariffs::Price::new(self.excl_vat());
        if !self.unknown_tax && !self.taxes.is_empty() {
            let vat = crate::types::OcpiString::new("VAT").expect("a short valid string");
            p.taxes = Some(
                self.taxes
                    .iter()
                    .map(|&(rate, amount)| {
                        let mut t = crate::v2_3_0::tariffs::TaxAmount::new(
                            vat.clone(),
                            Number::from(amount),
                        );
                        t.percentage = rate.map(Number::from);
                        t
                    })
                    .collect(),
            );
        }
        p
    }

    /// The sum of the taxes; `None` when it overflows.
    pub(crate) fn tax_total(&self) -> Option<Decimal> {
        checked_sum(self.taxes.iter().map(|t| t.1))
    }
}

/// The totals a CDR carries, and the adjustment a price limit made.
///
/// `total_cost` = the five parts + `limit_adjustment`, exactly.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// `total_cost`: the whole session, after `min_price`/`max_price`.
    pub total_cost: Amount,
    /// `total_energy_cost`.
    pub total_energy_cost: Amount,
    /// `total_time_cost`: charging time.
    pub total_time_cost: Amount,
    /// `total_parking_cost`, with the `FLAT` fees of parking elements.
    pub total_parking_cost: Amount,
    /// `total_fixed_cost`: `FLAT` fees other than of parking and reservation.
    pub total_fixed_cost: Amount,
    /// `total_reservation_cost`, with reservation `FLAT` fees.
    pub total_reservation_cost: Amount,
    /// What `min_price` or `max_price` added (positive) or took off (negative).
    pub limit_adjustment: Amount,
}

/// One priced quantity: a dimension of a charging period, the element and component that
/// priced it, and how the amount came to be.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §PriceComponent class
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Index of the tariff (0 for [`price`]; in [`verify`], in the CDR's tariffs followed by
    /// the ones given).
    pub tariff: usize,
    /// Index of the charging period.
    pub period: usize,
    /// The dimension priced.
    pub dimension: Dimension,
    /// The CDR total this line counts in.
    pub kind: CostKind,
    /// Index of the tariff element applied.
    pub element: usize,
    /// Index of the price component within that element.
    pub component: usize,
    /// The quantity consumed, in the `step_size` unit: Wh, seconds, or 1 for a fee.
    pub quantity: Number,
    /// The quantity billed: `quantity` plus what the session's `step_size` rounding added to
    /// this line (see `step_extra`).
    pub billed: Number,
    /// What `step_size` rounding added here (non-zero on the last line of a dimension only).
    pub step_extra: Number,
    /// The `step_size` of the component.
    pub step_size: i64,
    /// The price per kWh, per hour or per fee.
    pub unit_price: Number,
    /// The component's VAT percentage.
    pub vat: Option<Number>,
    /// The amount of this line.
    pub amount: Amount,
}

/// A price limit that changed the total.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object (`min_price`, `max_price`)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitApplied {
    /// Index of the tariff.
    pub tariff: usize,
    /// `true` for `max_price`, `false` for `min_price`.
    pub max: bool,
    /// The limit excluding VAT, and including VAT when given.
    pub limit: (Number, Option<Number>),
    /// The total before the limit.
    pub before: Amount,
    /// The total after it.
    pub after: Amount,
}

/// A result of [`price`]: totals, lines, the limits that applied and what was assumed.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    /// ISO 4217 currency of the amounts (the tariff's).
    pub currency: crate::types::OcpiString<3>,
    /// The CDR's totals.
    pub totals: Totals,
    /// What was billed, per charging period and dimension (empty when
    /// [`Options::explain`] is off).
    pub lines: Vec<Line>,
    /// The price limits that changed the total.
    pub limits: Vec<LimitApplied>,
    /// What the engine assumed or left out.
    pub warnings: Vec<Warning>,
    /// The ids of the tariffs the lines refer to.
    pub(crate) tariff_ids: TariffIds,
}

/// The ids of the tariffs of a bill's lines, by index: the first (the only one of a bill
/// priced under one tariff) kept in the bill itself, the others beside it. Ids have at most 36
/// characters and are kept inline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TariffIds {
    first: Option<crate::types::OcpiString<36>>,
    more: Vec<crate::types::OcpiString<36>>,
}

impl TariffIds {
    /// Adds the id of the next tariff.
    pub(crate) fn push(&mut self, id: crate::types::OcpiString<36>) {
        if self.first.is_none() {
            self.first = Some(id);
        } else {
            self.more.push(id);
        }
    }

    /// The id of tariff `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&crate::types::OcpiString<36>> {
        match i {
            0 => self.first.as_ref(),
            _ => self.more.get(i - 1),
        }
    }
}

impl Bill {
    /// An empty bill in `currency`.
    pub(crate) fn empty(currency: crate::types::OcpiString<3>) -> Self {
        Bill {
            currency,
            totals: Totals::default(),
            lines: Vec::new(),
            limits: Vec::new(),
            warnings: Vec::new(),
            tariff_ids: TariffIds::default(),
        }
    }
}

/// Something the engine assumed or left out; the result is still computed.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// No time zone was given: restrictions were evaluated in UTC.
    NoTimeZone,
    /// A price component of a dimension this crate does not know (e.g. `SESSION_TIME` of
    /// some real tariffs) was left out.
    UnknownDimension {
        /// Index of the tariff.
        tariff: usize,
        /// Index of the element.
        element: usize,
        /// Index of the component.
        component: usize,
        /// The dimension's name as sent.
        value: String,
    },
    /// A restriction value this crate does not know (a day, a reservation type) was left
    /// out; for an unknown reservation type the whole element is.
    UnknownRestriction {
        /// Index of the tariff.
        tariff: usize,
        /// Index of the element.
        element: usize,
        /// The restriction's field.
        field: &'static str,
        /// The value as sent.
        value: String,
    },
    /// A second component of the same dimension in one element was left out (only one per
    /// dimension can be active).
    DuplicateComponent {
        /// Index of the tariff.
        tariff: usize,
        /// Index of the element.
        element: usize,
        /// Index of the component left out.
        component: usize,
    },
    /// A 2.1.1 price sent as a JSON string (as the official 2.1.1 CDR example does) was read
    /// as the number it spells.
    PriceAsString {
        /// Index of the tariff.
        tariff: usize,
        /// Index of the element.
        element: usize,
        /// Index of the component.
        component: usize,
    },
    /// A 2.3.0 tariff without `tax_included` (as the official 2.3.0 CDR example's): taxes
    /// were taken as not included (`NO`).
    TaxIncludedMissing {
        /// Index of the tariff.
        tariff: usize,
    },
    /// A 2.3.0 tariff with `tax_included` `YES` has a component without `vat`: the taxes in
    /// its amounts cannot be separated, and the amounts count as before and after taxes.
    IncludedTaxUnknown {
        /// Index of the tariff.
        tariff: usize,
        /// Index of the element.
        element: usize,
        /// Index of the component.
        component: usize,
    },
    /// The session starts outside the tariff's `start_date_time`/`end_date_time`.
    OutsideValidity {
        /// Index of the tariff.
        tariff: usize,
    },
    /// A period has no measurement a power or current restriction needs.
    MissingMeasurement {
        /// Index of the period.
        period: usize,
        /// The restriction (`min_power`, `max_power`, `min_current`, `max_current`).
        restriction: &'static str,
        /// The value assumed (the period's average power), or `None`: the restriction was
        /// taken as not holding.
        assumed: Option<Number>,
    },
    /// Dimensions of a period were not used (unknown types or deviating values).
    IgnoredDimensions {
        /// Index of the period.
        period: usize,
        /// How many.
        count: u32,
    },
    /// A period with usage that no element covers cost nothing ([`Uncovered::Free`]).
    Uncovered {
        /// Index of the period.
        period: usize,
    },
    /// A CDR period names no tariff while others do: no tariff is relevant for it and it cost
    /// nothing (2.2.1 mod_cdrs.asciidoc §ChargingPeriod class, `tariff_id`).
    NoTariffForPeriod {
        /// Index of the period.
        period: usize,
    },
    /// A limit including VAT could not be applied: the total including VAT is unknown.
    LimitInclVatUnknown {
        /// Index of the tariff.
        tariff: usize,
    },
}

/// Why a session or tariff cannot be priced. Every variant names where the fault is.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object; 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PricingError {
    /// The session has no charging periods.
    #[error("the session has no charging periods")]
    NoPeriods,
    /// The session ends before it starts.
    #[error("the session ends before it starts")]
    EndBeforeStart,
    /// A period starts before the previous one.
    #[error("charging period {period}: start_date_time is before the previous period's")]
    PeriodsOutOfOrder {
        /// Index of the period.
        period: usize,
    },
    /// A period starts before the session starts or after it ends.
    #[error("charging period {period}: start_date_time is outside the session")]
    PeriodOutsideSession {
        /// Index of the period.
        period: usize,
    },
    /// A quantity is negative.
    #[error("charging period {period}: {field} is negative")]
    NegativeQuantity {
        /// Index of the period.
        period: usize,
        /// The dimension (`ENERGY`, `TIME`, `PARKING_TIME`, `RESERVATION_TIME`).
        field: &'static str,
    },
    /// A period with usage where no element of the tariff applies.
    #[error("charging period {period}: no tariff element applies")]
    NoElement {
        /// Index of the period.
        period: usize,
    },
    /// A tariff's currency is not the session's (the CDR's).
    #[error("tariff {tariff_id}: currency {found} differs from the CDR's {expected}")]
    CurrencyMismatch {
        /// The tariff's id.
        tariff_id: String,
        /// The CDR's currency.
        expected: String,
        /// The tariff's.
        found: String,
    },
    /// A restriction of a tariff is not in the spec's form.
    #[error("tariff element {element}: restriction {field} {value:?} is not valid")]
    InvalidRestriction {
        /// Index of the element.
        element: usize,
        /// The field.
        field: &'static str,
        /// The value.
        value: String,
    },
    /// A component's `step_size` is negative.
    #[error(
        "tariff element {element}, price component {component}: step_size {value} is negative"
    )]
    InvalidStepSize {
        /// Index of the element.
        element: usize,
        /// Index of the component.
        component: usize,
        /// The value.
        value: i64,
    },
    /// A 2.1.1 price is neither a number nor a string holding one.
    #[error("tariff element {element}, price component {component}: price is not a number")]
    PriceNotANumber {
        /// Index of the element.
        element: usize,
        /// Index of the component.
        component: usize,
    },
    /// A tariff has more elements than [`MAX_ELEMENTS`]: each charging period is matched
    /// against every element, and the bound keeps pricing linear in what a peer sends.
    #[error("tariff {tariff} has {count} elements; at most {MAX_ELEMENTS} are priced")]
    TooManyElements {
        /// Index of the tariff (as the tariffs were given).
        tariff: usize,
        /// How many elements it has.
        count: usize,
    },
    /// A computation left the range of exact decimals.
    #[error("charging period {period:?}: {field} overflows the exact decimal range")]
    Overflow {
        /// Index of the period, when the overflow belongs to one.
        period: Option<usize>,
        /// What was being computed.
        field: &'static str,
    },
    /// The time zone is not an IANA name.
    #[error("unknown time zone {0:?}")]
    UnknownTimeZone(String),
    /// A CDR period names a tariff the CDR and the given tariffs do not hold.
    #[error("charging period {period}: tariff_id {tariff_id:?} is not among the tariffs")]
    UnknownTariff {
        /// Index of the period.
        period: usize,
        /// The id.
        tariff_id: String,
    },
    /// A CDR has no tariff to verify it against.
    #[error("no tariff to price the CDR with")]
    NoTariff,
    /// A planned session, or its reservation, is longer than an estimate covers (7 days), or
    /// not positive; or the planned energy is negative.
    #[error("a planned session and its reservation must last between 0 and 7 days")]
    PlanOutOfRange,
}

/// Prices a session under a tariff of any version.
///
/// ```
/// # use ocpi_protocol::{json, pricing::{self, Options, Period, Session}, types::{DateTime, Number}};
/// let tariff = json::parse::<ocpi_protocol::v2_1_1::tariffs::Tariff>(br#"{"id": "12",
///     "currency": "EUR", "elements": [{"price_components":
///     [{"type": "TIME", "price": 2.00, "step_size": 300}]}],
///     "last_updated": "2015-06-29T20:39:09Z"}"#).unwrap().value;
/// let start = DateTime::parse("2015-06-29T21:39:09Z").unwrap();
/// let mut session = Session::new(start, DateTime::parse("2015-06-29T23:37:32Z").unwrap());
/// let mut p = Period::new(start);
/// p.time = Number::parse("1.973").unwrap(); // 7102.8 s, billed as 24 × 300 s = 2 h
/// session.periods.push(p);
/// let bill = pricing::price(&tariff, &session, &Options::default()).unwrap();
/// assert_eq!(bill.totals.total_cost.excl_vat(), Number::from(4));
/// ```
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object; 2.2.1 mod_cdrs.asciidoc §CDR Object
pub fn price<T: PricedTariff>(
    tariff: &T,
    session: &Session,
    options: &Options,
) -> Result<Bill, PricingError> {
    let mut bill = Bill::empty(tariff.currency().clone());
    let compiled = tariff.compile(0, &mut bill.warnings)?;
    if options.explain {
        bill.tariff_ids.push(tariff.id_text());
    }
    let tz = engine::time_zone(session, &mut bill.warnings)?;
    engine::check_session(session)?;
    let usage = engine::Usage::of(session)?;
    engine::price_tariff(&compiled, 0, &usage, &usage.all(), tz, options, &mut bill)?;
    Ok(bill)
}

/// The sum of `values`; `None` when it overflows (amounts and quantities come from tariffs
/// and CDRs of peers: never a panic).
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, v| sum.checked_add(v))
}

/// Whether `a` and `b` are more than `tolerance` apart (a difference too large to hold is).
pub(crate) fn differ(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    a.checked_sub(b).is_none_or(|d| d.abs() > tolerance)
}
