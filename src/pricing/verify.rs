//! CDR verification: a CDR recomputed from its tariffs and charging periods.

use rust_decimal::Decimal;

use super::compile::Compile;
use super::engine;
use super::{Amount, Bill, Options, Period, PricedTariff, PricingError, Session, Warning};
use crate::types::{DateTime, Number};

/// A CDR of any version that [`verify`] recomputes: [`crate::v2_1_1::cdrs::Cdr`],
/// [`crate::v2_2_1::cdrs::Cdr`] or [`crate::v2_3_0::cdrs::Cdr`].
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
pub trait PricedCdr: seal::CdrSource {
    /// The Tariff type of the CDR's version.
    type Tariff: PricedTariff;
}

/// What a CDR says, in neutral form.
pub struct Claimed {
    pub(crate) currency: String,
    pub(crate) start: DateTime,
    pub(crate) end: DateTime,
    pub(crate) credit: bool,
    /// The six cost totals (`total_cost` first, then the order of [`CdrField`]), excluding
    /// and including taxes.
    pub(crate) costs: [Option<(Decimal, Option<Decimal>)>; 6],
    pub(crate) total_energy: Decimal,
    pub(crate) total_time: Decimal,
    pub(crate) total_parking_time: Option<Decimal>,
    pub(crate) time_zone: Option<String>,
    /// Whether the version has the per-dimension cost totals (2.1.1 has `total_cost` only).
    pub(crate) has_parts: bool,
}

mod seal {
    use super::*;

    /// What [`super::verify`] reads from a CDR.
    pub trait CdrSource {
        #[doc(hidden)]
        fn claimed(&self) -> Claimed;
        #[doc(hidden)]
        fn periods(&self) -> Vec<Period>;
        #[doc(hidden)]
        fn period_tariff_id(&self, period: usize) -> Option<&str>;
        #[doc(hidden)]
        fn has_dimension(&self, energy: bool) -> bool;
        #[doc(hidden)]
        fn own_tariffs(&self) -> &[<Self as super::PricedCdr>::Tariff]
        where
            Self: super::PricedCdr;
    }
}

fn price_pair(p: &crate::types::Price) -> (Decimal, Option<Decimal>) {
    (p.excl_vat.to_decimal(), p.incl_vat.map(Number::to_decimal))
}

fn price_pair_2_3_0(p: &crate::v2_3_0::tariffs::Price) -> (Decimal, Option<Decimal>) {
    let before = p.before_taxes.to_decimal();
    let taxes = p.taxes.as_ref().filter(|t| !t.is_empty());
    (
        before,
        // A sum too large to hold is no amount: read as none given.
        taxes.and_then(|t| {
            super::checked_sum(t.iter().map(|x| x.amount.to_decimal()))?.checked_add(before)
        }),
    )
}

macro_rules! cdr_2_2_1_shape {
    ($cdr:ty, $tariff:ty, $pair:ident) => {
        impl PricedCdr for $cdr {
            type Tariff = $tariff;
        }
        impl seal::CdrSource for $cdr {
            fn claimed(&self) -> Claimed {
                Claimed {
                    currency: self.currency.as_str().to_owned(),
                    start: self.start_date_time,
                    end: self.end_date_time,
                    credit: self.credit == Some(true),
                    costs: [
                        Some($pair(&self.total_cost)),
                        self.total_energy_cost.as_ref().map($pair),
                        self.total_time_cost.as_ref().map($pair),
                        self.total_parking_cost.as_ref().map($pair),
                        self.total_fixed_cost.as_ref().map($pair),
                        self.total_reservation_cost.as_ref().map($pair),
                    ],
                    total_energy: self.total_energy.to_decimal(),
                    total_time: self.total_time.to_decimal(),
                    total_parking_time: self.total_parking_time.map(Number::to_decimal),
                    time_zone: None,
                    has_parts: true,
                }
            }
            fn periods(&self) -> Vec<Period> {
                self.charging_periods.iter().map(Period::from).collect()
            }
            fn period_tariff_id(&self, period: usize) -> Option<&str> {
                self.charging_periods[period]
                    .tariff_id
                    .as_ref()
                    .map(|t| t.as_str())
            }
            fn has_dimension(&self, energy: bool) -> bool {
                use crate::v2_2_1::cdrs::CdrDimensionType as T;
                self.charging_periods.iter().any(|p| {
                    p.dimensions.iter().any(|d| {
                        if energy {
                            d.r#type == T::Energy
                        } else {
                            d.r#type == T::ParkingTime
                        }
                    })
                })
            }
            fn own_tariffs(&self) -> &[$tariff] {
                self.tariffs.as_deref().unwrap_or(&[])
            }
        }
    };
}

cdr_2_2_1_shape!(
    crate::v2_2_1::cdrs::Cdr,
    crate::v2_2_1::tariffs::Tariff,
    price_pair
);
cdr_2_2_1_shape!(
    crate::v2_3_0::cdrs::Cdr,
    crate::v2_3_0::tariffs::Tariff,
    price_pair_2_3_0
);

impl PricedCdr for crate::v2_1_1::cdrs::Cdr {
    type Tariff = crate::v2_1_1::tariffs::Tariff;
}

impl seal::CdrSource for crate::v2_1_1::cdrs::Cdr {
    fn claimed(&self) -> Claimed {
        Claimed {
            currency: self.currency.as_str().to_owned(),
            start: self.start_date_time,
            end: self.stop_date_time,
            credit: false,
            costs: [
                Some((self.total_cost.to_decimal(), None)),
                None,
                None,
                None,
                None,
                None,
            ],
            total_energy: self.total_energy.to_decimal(),
            total_time: self.total_time.to_decimal(),
            total_parking_time: self.total_parking_time.map(Number::to_decimal),
            time_zone: self
                .location
                .time_zone
                .as_ref()
                .map(|z| z.as_str().to_owned()),
            has_parts: false,
        }
    }
    fn periods(&self) -> Vec<Period> {
        self.charging_periods.iter().map(Period::from).collect()
    }
    fn period_tariff_id(&self, _: usize) -> Option<&str> {
        None
    }
    fn has_dimension(&self, energy: bool) -> bool {
        use crate::v2_1_1::cdrs::CdrDimensionType as T;
        self.charging_periods.iter().any(|p| {
            p.dimensions.iter().any(|d| {
                let want = if energy { T::Energy } else { T::ParkingTime };
                d.r#type.valid() == Some(&want)
            })
        })
    }
    fn own_tariffs(&self) -> &[crate::v2_1_1::tariffs::Tariff] {
        self.tariffs.as_deref().unwrap_or(&[])
    }
}

/// A total of a CDR.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CdrField {
    /// `total_cost`.
    TotalCost,
    /// `total_energy_cost`.
    TotalEnergyCost,
    /// `total_time_cost`.
    TotalTimeCost,
    /// `total_parking_cost`.
    TotalParkingCost,
    /// `total_fixed_cost`.
    TotalFixedCost,
    /// `total_reservation_cost`.
    TotalReservationCost,
    /// `total_energy`, against the sum of the periods' `ENERGY` (checked when a period
    /// carries that dimension).
    TotalEnergy,
    /// `total_time`, against the sum of the periods' `TIME` and `PARKING_TIME`, or the
    /// session's length when no period carries them.
    TotalTime,
    /// `total_parking_time`, against the sum of the periods' `PARKING_TIME` (checked when a
    /// period carries it).
    TotalParkingTime,
}

impl CdrField {
    /// The field's name in the CDR.
    pub fn as_str(self) -> &'static str {
        match self {
            CdrField::TotalCost => "total_cost",
            CdrField::TotalEnergyCost => "total_energy_cost",
            CdrField::TotalTimeCost => "total_time_cost",
            CdrField::TotalParkingCost => "total_parking_cost",
            CdrField::TotalFixedCost => "total_fixed_cost",
            CdrField::TotalReservationCost => "total_reservation_cost",
            CdrField::TotalEnergy => "total_energy",
            CdrField::TotalTime => "total_time",
            CdrField::TotalParkingTime => "total_parking_time",
        }
    }
}

/// Which part of a total differs.
///
/// Spec: 2.2.1 types.asciidoc §Price class; 2.3.0 types.asciidoc §Price class
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `excl_vat` (2.3.0 `before_taxes`; 2.1.1 the number itself).
    ExclVat,
    /// `incl_vat` (2.3.0 `before_taxes` plus the `taxes`).
    InclVat,
    /// A quantity (kWh or hours).
    Quantity,
}

/// A total of a CDR that differs from the recomputed one by more than the tolerance.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    /// The total.
    pub field: CdrField,
    /// The part of it.
    pub part: Part,
    /// The recomputed value.
    pub expected: Option<Number>,
    /// The CDR's value (`None`: the CDR omits a total that should be there).
    pub received: Option<Number>,
}

/// The result of [`verify`]: the recomputed bill and the totals that differ.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The CDR priced from its tariffs and periods (amounts negated for a credit CDR).
    pub bill: Bill,
    /// The totals that differ beyond [`Options::tolerance`] (or
    /// [`Options::quantity_tolerance`]).
    pub discrepancies: Vec<Discrepancy>,
}

impl Verification {
    /// Whether every total matched.
    pub fn is_ok(&self) -> bool {
        self.discrepancies.is_empty()
    }
}

/// Recomputes a CDR from its own tariffs (and, for periods naming another tariff or a CDR
/// without tariffs, from `tariffs`) and its charging periods, and reports each total that
/// differs beyond the tolerance.
///
/// - Each period is priced with the tariff its `tariff_id` names (the CDR's tariffs first,
///   then `tariffs`); each tariff's `step_size`, `FLAT` and price limits apply to its own
///   periods (2.2.1 mod_cdrs.asciidoc §CDR Object: `step_size` "is not taken into account
///   when switching between two Tariffs"). When no period names a tariff (always in 2.1.1),
///   the first tariff valid at the session's start prices them all; when some do, a period
///   naming none cost nothing ([`super::Warning::NoTariffForPeriod`]).
/// - `time_zone` is the Location's (a 2.2.1 or 2.3.0 CDR does not carry it; a 2.1.1 CDR's
///   location does, and is used when `time_zone` is `None`).
/// - A credit CDR (`credit`, 2.2.1 mod_cdrs.asciidoc §Credit CDRs) is expected with every
///   amount negated; periods whose quantities are all negative or zero are read as the
///   credited usage.
/// - Amounts including VAT are compared when both sides know them.
///
/// ```
/// use ocpi_protocol::{json, pricing::{self, Options}, v2_2_1::cdrs::Cdr};
/// let body = std::fs::read("tests/fixtures/2.2.1/cdr_example.json").unwrap();
/// let cdr = json::parse::<Cdr>(&body).unwrap().value;
/// let v = pricing::verify(&cdr, &[], Some("Europe/Brussels"), &Options::default()).unwrap();
/// assert!(v.is_ok(), "{v}");
/// ```
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object; 2.2.1 mod_tariffs.asciidoc §Tariff Object
pub fn verify<C: PricedCdr>(
    cdr: &C,
    tariffs: &[C::Tariff],
    time_zone: Option<&str>,
    options: &Options,
) -> Result<Verification, PricingError> {
    let claimed = cdr.claimed();
    let mut session = Session::new(claimed.start, claimed.end);
    session.time_zone = time_zone.map(str::to_owned).or(claimed.time_zone.clone());
    session.periods = cdr.periods();
    // A credit CDR may repeat the credited usage with negative quantities.
    let non_positive = session.periods.iter().all(|p| {
        [p.energy, p.time, p.parking_time, p.reservation_time]
            .iter()
            .all(|v| v.to_decimal() <= Decimal::ZERO)
    });
    if claimed.credit && non_positive {
        for p in &mut session.periods {
            for v in [
                &mut p.energy,
                &mut p.time,
                &mut p.parking_time,
                &mut p.reservation_time,
            ] {
                *v = Number::from(-v.to_decimal());
            }
        }
    }
    let used = |p: &Period| {
        [p.energy, p.time, p.parking_time]
            .iter()
            .any(|v| !v.to_decimal().is_zero())
    };
    session.reservation_expired = !session.periods.iter().any(used)
        && session
            .periods
            .iter()
            .any(|p| !p.reservation_time.to_decimal().is_zero());

    let own = cdr.own_tariffs();
    let candidate = |i: usize| -> &C::Tariff {
        if i < own.len() {
            &own[i]
        } else {
            &tariffs[i - own.len()]
        }
    };
    let count = own.len() + tariffs.len();
    if count == 0 {
        return Err(PricingError::NoTariff);
    }
    let mut bill = Bill::empty(super::compile::short(&claimed.currency));
    let tz = engine::time_zone(&session, &mut bill.warnings)?;
    engine::check_session(&session)?;

    let named = (0..session.periods.len()).any(|i| cdr.period_tariff_id(i).is_some());
    if named {
        // Each id to the first tariff with it (ids compare without case).
        let mut by_id = std::collections::HashMap::with_capacity(count);
        for k in 0..count {
            by_id
                .entry(candidate(k).id().to_ascii_lowercase())
                .or_insert(k);
        }
        for i in 0..session.periods.len() {
            session.periods[i].tariff = match cdr.period_tariff_id(i) {
                None => {
                    bill.warnings.push(Warning::NoTariffForPeriod { period: i });
                    None
                }
                Some(id) => Some(*by_id.get(&id.to_ascii_lowercase()).ok_or_else(|| {
                    PricingError::UnknownTariff {
                        period: i,
                        tariff_id: id.to_owned(),
                    }
                })?),
            };
        }
    } else {
        let start = claimed.start.to_chrono();
        let mut scratch = Vec::new();
        let mut chosen = 0;
        for k in 0..count {
            let c = candidate(k).compile(k, &mut scratch)?;
            if c.valid_at(start) {
                chosen = k;
                break;
            }
        }
        for p in &mut session.periods {
            p.tariff = Some(chosen);
        }
    }

    if options.explain {
        for k in 0..count {
            bill.tariff_ids.push(candidate(k).id_text());
        }
    }
    // The periods of each tariff, in order: each tariff prices its own only.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, p) in session.periods.iter().enumerate() {
        if let Some(k) = p.tariff {
            own[k].push(i);
        }
    }
    let usage = engine::Usage::of(&session)?;
    for (k, periods) in own.iter().enumerate() {
        if periods.is_empty() {
            continue;
        }
        let t = candidate(k);
        if !t.currency().eq_ignore_ascii_case(&claimed.currency) {
            return Err(PricingError::CurrencyMismatch {
                tariff_id: t.id().to_owned(),
                expected: claimed.currency.clone(),
                found: t.currency().as_str().to_owned(),
            });
        }
        let compiled = t.compile(k, &mut bill.warnings)?;
        engine::price_tariff(&compiled, k, &usage, periods, tz, options, &mut bill)?;
    }

    if claimed.credit {
        let t = &mut bill.totals;
        for a in [
            &mut t.total_cost,
            &mut t.total_energy_cost,
            &mut t.total_time_cost,
            &mut t.total_parking_cost,
            &mut t.total_fixed_cost,
            &mut t.total_reservation_cost,
            &mut t.limit_adjustment,
        ] {
            a.negate();
        }
        for l in &mut bill.lines {
            l.amount.negate();
        }
    }

    let mut discrepancies = Vec::new();
    let totals = &bill.totals;
    let fields = [
        (CdrField::TotalCost, &totals.total_cost),
        (CdrField::TotalEnergyCost, &totals.total_energy_cost),
        (CdrField::TotalTimeCost, &totals.total_time_cost),
        (CdrField::TotalParkingCost, &totals.total_parking_cost),
        (CdrField::TotalFixedCost, &totals.total_fixed_cost),
        (
            CdrField::TotalReservationCost,
            &totals.total_reservation_cost,
        ),
    ];
    let compared = if claimed.has_parts { fields.len() } else { 1 };
    for ((field, expected), received) in fields.into_iter().zip(claimed.costs).take(compared) {
        compare_amount(
            field,
            expected,
            received,
            options.tolerance,
            &mut discrepancies,
        );
    }

    let sum = |f: fn(&Period) -> Number| -> Result<Decimal, PricingError> {
        super::checked_sum(session.periods.iter().map(|p| f(p).to_decimal())).ok_or(
            PricingError::Overflow {
                period: None,
                field: "charging periods",
            },
        )
    };
    let credit = claimed.credit;
    let received = |v: Decimal| if credit { v.abs() } else { v };
    let mut quantity = |field, expected: Decimal, received: Decimal| {
        if super::differ(expected, received, options.quantity_tolerance) {
            discrepancies.push(Discrepancy {
                field,
                part: Part::Quantity,
                expected: Some(Number::from(expected)),
                received: Some(Number::from(received)),
            });
        }
    };
    if cdr.has_dimension(true) {
        quantity(
            CdrField::TotalEnergy,
            sum(|p| p.energy)?,
            received(claimed.total_energy),
        );
    }
    let time = sum(|p| p.time)?
        .checked_add(sum(|p| p.parking_time)?)
        .ok_or(PricingError::Overflow {
            period: None,
            field: "charging periods",
        })?;
    let time = if time.is_zero() {
        let secs = (claimed.end.to_chrono() - claimed.start.to_chrono()).num_milliseconds();
        Decimal::new(secs, 3) / Decimal::from(3600)
    } else {
        time
    };
    quantity(CdrField::TotalTime, time, received(claimed.total_time));
    if let (true, Some(parking)) = (cdr.has_dimension(false), claimed.total_parking_time) {
        quantity(
            CdrField::TotalParkingTime,
            sum(|p| p.parking_time)?,
            received(parking),
        );
    }

    Ok(Verification {
        bill,
        discrepancies,
    })
}

fn compare_amount(
    field: CdrField,
    expected: &Amount,
    received: Option<(Decimal, Option<Decimal>)>,
    tolerance: Decimal,
    out: &mut Vec<Discrepancy>,
) {
    let differs = |a: Decimal, b: Decimal| super::differ(a, b, tolerance);
    match received {
        None => {
            if differs(expected.excl, Decimal::ZERO) {
                out.push(Discrepancy {
                    field,
                    part: Part::ExclVat,
                    expected: Some(expected.excl_vat()),
                    received: None,
                });
            }
        }
        Some((excl, incl)) => {
            if differs(expected.excl, excl) {
                out.push(Discrepancy {
                    field,
                    part: Part::ExclVat,
                    expected: Some(expected.excl_vat()),
                    received: Some(Number::from(excl)),
                });
            }
            if let (Some(e), Some(r)) = (expected.incl_vat(), incl) {
                if differs(e.to_decimal(), r) {
                    out.push(Discrepancy {
                        field,
                        part: Part::InclVat,
                        expected: Some(e),
                        received: Some(Number::from(r)),
                    });
                }
            }
        }
    }
}
