//! The engine: one compiled tariff over the periods of a session.

use chrono::{Datelike, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use rust_decimal::{Decimal, RoundingStrategy};

use super::compile::{Comp, Compiled, Element, Reservation, TaxMode, ENERGY, FLAT, PARKING, TIME};
use super::{
    Amount, Bill, CostKind, Dimension, LimitApplied, Line, Options, Period, PricingError, Rounding,
    RoundingMode, RoundingPoint, Session, Uncovered, Warning,
};
use crate::types::Number;

/// Slot of reservation time in a period's selection (after `ENERGY`, `TIME`, `PARKING`).
const RES: usize = 3;
const NONE: u32 = u32::MAX;

/// Resolves the session's time zone.
pub(crate) fn time_zone(
    session: &Session,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Tz>, PricingError> {
    match &session.time_zone {
        None => {
            warnings.push(Warning::NoTimeZone);
            Ok(None)
        }
        Some(name) => zone_named(name)
            .map(Some)
            .ok_or_else(|| PricingError::UnknownTimeZone(name.clone())),
    }
}

/// The zone of an IANA name. The last name found is kept per thread: a platform prices
/// session after session at the same Locations, and the lookup by name (a hash of the name
/// in a table of some 600) is a good part of pricing a short session.
fn zone_named(name: &str) -> Option<Tz> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Box<str>, Tz)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((n, tz)) = last.as_ref() {
            if **n == *name {
                return Some(*tz);
            }
        }
        let tz = name.parse::<Tz>().ok()?;
        *last = Some((name.into(), tz));
        Some(tz)
    })
}

/// The checks on a session's shape: periods present, in order, inside the session, with
/// non-negative quantities.
pub(crate) fn check_session(s: &Session) -> Result<(), PricingError> {
    if s.periods.is_empty() {
        return Err(PricingError::NoPeriods);
    }
    // `DateTime` compares as instants.
    let (start, end) = (s.start, s.end);
    if end < start {
        return Err(PricingError::EndBeforeStart);
    }
    let mut previous = start;
    for (i, p) in s.periods.iter().enumerate() {
        let at = p.start;
        if at < start || at > end {
            return Err(PricingError::PeriodOutsideSession { period: i });
        }
        if at < previous {
            return Err(PricingError::PeriodsOutOfOrder { period: i });
        }
        previous = at;
        for (v, field) in [
            (p.energy, "ENERGY"),
            (p.time, "TIME"),
            (p.parking_time, "PARKING_TIME"),
            (p.reservation_time, "RESERVATION_TIME"),
        ] {
            if v.is_negative() {
                return Err(PricingError::NegativeQuantity { period: i, field });
            }
        }
    }
    Ok(())
}

fn overflow(period: Option<usize>, field: &'static str) -> PricingError {
    PricingError::Overflow { period, field }
}

/// Quantities of a period in `step_size` units: Wh, and seconds kept to the nanosecond.
fn quantities(p: &Period, i: usize) -> Result<[Decimal; 4], PricingError> {
    let secs = |h: Number, field| {
        if h.to_decimal().is_zero() {
            return Ok(Decimal::ZERO);
        }
        h.to_decimal()
            .checked_mul(Decimal::from(3600))
            .map(|s| s.round_dp(9))
            .ok_or_else(|| overflow(Some(i), field))
    };
    Ok([
        p.energy
            .to_decimal()
            .checked_mul(Decimal::from(1000))
            .ok_or_else(|| overflow(Some(i), "ENERGY"))?,
        secs(p.time, "TIME")?,
        secs(p.parking_time, "PARKING_TIME")?,
        secs(p.reservation_time, "RESERVATION_TIME")?,
    ])
}

/// The measurements of a period that power and current restrictions need, with the
/// warnings given once per period.
struct Measures<'a> {
    p: &'a Period,
    index: usize,
    warned: u8,
}

impl Measures<'_> {
    fn average_power(
        &mut self,
        restriction: &'static str,
        bit: u8,
        w: &mut Vec<Warning>,
    ) -> Option<Decimal> {
        let time = self.p.time.to_decimal();
        let avg = if time > Decimal::ZERO {
            self.p.energy.to_decimal().checked_div(time)
        } else {
            None
        };
        if self.warned & bit == 0 {
            self.warned |= bit;
            w.push(Warning::MissingMeasurement {
                period: self.index,
                restriction,
                assumed: avg.map(Number::from),
            });
        }
        avg
    }

    fn power(&mut self, low: bool, w: &mut Vec<Warning>) -> Option<Decimal> {
        let p = self.p;
        let (a, b) = if low {
            (p.min_power, p.max_power)
        } else {
            (p.max_power, p.min_power)
        };
        match a.or(p.power).or(b) {
            Some(v) => Some(v.to_decimal()),
            None if low => self.average_power("min_power", 1, w),
            None => self.average_power("max_power", 2, w),
        }
    }

    fn current(&mut self, low: bool, w: &mut Vec<Warning>) -> Option<Decimal> {
        let p = self.p;
        let (a, b) = if low {
            (p.min_current, p.max_current)
        } else {
            (p.max_current, p.min_current)
        };
        if let Some(v) = a.or(p.current).or(b) {
            return Some(v.to_decimal());
        }
        let (restriction, bit) = if low {
            ("min_current", 4)
        } else {
            ("max_current", 8)
        };
        if self.warned & bit == 0 {
            self.warned |= bit;
            w.push(Warning::MissingMeasurement {
                period: self.index,
                restriction,
                assumed: None,
            });
        }
        None
    }
}

/// Where a period stands when its restrictions are evaluated.
struct At {
    /// The period's start in the Location's local time (only read by restrictions on time of
    /// day, dates and days).
    local: NaiveDateTime,
    /// Seconds since the session's start (only read by duration restrictions).
    elapsed: i64,
    /// kWh charged before the period.
    energy_before: Decimal,
}

fn holds(el: &Element, at: &At, m: &mut Measures<'_>, w: &mut Vec<Warning>) -> bool {
    let r = &el.r;
    let minute = at.local.hour() * 60 + at.local.minute();
    let in_window = match (r.start_time, r.end_time) {
        (Some(s), Some(e)) if s < e => s <= minute && minute < e,
        (Some(s), Some(e)) if s > e => minute >= s || minute < e,
        (Some(_), Some(_)) => true,
        (Some(s), None) => minute >= s,
        (None, Some(e)) => e == 0 || minute < e,
        (None, None) => true,
    };
    if !in_window {
        return false;
    }
    let day = at.local.date();
    if r.start_date.is_some_and(|d| day < d) || r.end_date.is_some_and(|d| day >= d) {
        return false;
    }
    if r.days != 0 && r.days & (1 << day.weekday().num_days_from_monday()) == 0 {
        return false;
    }
    if r.min_kwh.is_some_and(|v| at.energy_before < v)
        || r.max_kwh.is_some_and(|v| at.energy_before >= v)
    {
        return false;
    }
    if r.min_duration.is_some_and(|v| at.elapsed < v)
        || r.max_duration.is_some_and(|v| at.elapsed >= v)
    {
        return false;
    }
    if let Some(v) = r.min_power {
        if m.power(true, w).is_none_or(|p| p < v) {
            return false;
        }
    }
    if let Some(v) = r.max_power {
        if m.power(false, w).is_none_or(|p| p >= v) {
            return false;
        }
    }
    if let Some(v) = r.min_current {
        if m.current(true, w).is_none_or(|c| c < v) {
            return false;
        }
    }
    if let Some(v) = r.max_current {
        if m.current(false, w).is_none_or(|c| c >= v) {
            return false;
        }
    }
    true
}

/// The choice made for one period: element per slot and quantities.
#[derive(Clone, Copy)]
struct Sel {
    /// The index of the period in the session.
    period: usize,
    element: [u32; 4],
    quantity: [Decimal; 4],
    extra: [Decimal; 4],
}

fn strategy(mode: RoundingMode) -> RoundingStrategy {
    match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
        RoundingMode::Down => RoundingStrategy::ToZero,
    }
}

fn round(v: Decimal, r: &Rounding) -> Decimal {
    v.round_dp_with_strategy(r.decimals, strategy(r.mode))
}

pub(crate) fn round_amount(a: &mut Amount, r: &Rounding) {
    a.excl = round(a.excl, r);
    for t in a.taxes.iter_mut() {
        t.1 = round(t.1, r);
    }
}

impl Amount {
    /// Adds `excl` with a tax of `tax` at `rate` (`None` rate and `unknown` set: no VAT
    /// information).
    pub(crate) fn add_part(
        &mut self,
        excl: Decimal,
        rate: Option<Decimal>,
        tax: Decimal,
        unknown: bool,
    ) -> Result<(), PricingError> {
        self.excl = self
            .excl
            .checked_add(excl)
            .ok_or_else(|| overflow(None, "total"))?;
        self.unknown_tax |= unknown;
        if rate.is_some() || !tax.is_zero() {
            let found = match self.taxes.iter_mut().find(|t| t.0 == rate) {
                Some(t) => {
                    t.1 = t.1.checked_add(tax).ok_or_else(|| overflow(None, "tax"))?;
                    true
                }
                None => false,
            };
            if !found {
                self.taxes.push((rate, tax));
            }
        }
        Ok(())
    }

    pub(crate) fn add(&mut self, other: &Amount) -> Result<(), PricingError> {
        // Most parts of a bill are nil: nothing to add, or nothing to add to.
        if other.excl.is_zero() && other.taxes.is_empty() && !other.unknown_tax {
            return Ok(());
        }
        if self.excl.is_zero() && self.taxes.is_empty() && !self.unknown_tax {
            self.clone_from(other);
            return Ok(());
        }
        self.add_part(other.excl, None, Decimal::ZERO, other.unknown_tax)?;
        for &(rate, tax) in other.taxes.iter() {
            self.add_part(Decimal::ZERO, rate, tax, false)?;
        }
        Ok(())
    }

    /// [`add`](Amount::add) of an amount no longer needed: taken rather than copied when
    /// this one is nil.
    pub(crate) fn add_owned(&mut self, other: &mut Amount) -> Result<(), PricingError> {
        if self.excl.is_zero() && self.taxes.is_empty() && !self.unknown_tax {
            std::mem::swap(self, other);
            return Ok(());
        }
        self.add(other)
    }

    pub(crate) fn negate(&mut self) {
        self.excl = -self.excl;
        for t in self.taxes.iter_mut() {
            t.1 = -t.1;
        }
    }

    fn minus(&self, other: &Amount) -> Result<Amount, PricingError> {
        let mut out = self.clone();
        let mut neg = other.clone();
        neg.negate();
        out.add(&neg)?;
        out.unknown_tax = self.unknown_tax || other.unknown_tax;
        Ok(out)
    }
}

/// The amount excluding taxes and the tax of a priced quantity, as the tariff's tax mode
/// says; `unknown`: no VAT rate for a non-zero amount.
fn split(
    base: Decimal,
    vat: Option<Decimal>,
    mode: TaxMode,
    period: Option<usize>,
) -> Result<(Decimal, Decimal, bool), PricingError> {
    let hundred = Decimal::ONE_HUNDRED;
    match (mode, vat) {
        (TaxMode::Excluded, Some(v)) => {
            // × v × 0.01: exact, and cheaper than a division.
            let tax = base
                .checked_mul(v)
                .and_then(|t| t.checked_mul(Decimal::new(1, 2)))
                .ok_or_else(|| overflow(period, "VAT"))?;
            Ok((base, tax, false))
        }
        (TaxMode::Excluded, None) => Ok((base, Decimal::ZERO, !base.is_zero())),
        (TaxMode::Included, Some(v)) => {
            let excl = base
                .checked_mul(hundred)
                .and_then(|t| t.checked_div(hundred.checked_add(v)?))
                .ok_or_else(|| overflow(period, "VAT"))?;
            let tax = base
                .checked_sub(excl)
                .ok_or_else(|| overflow(period, "VAT"))?;
            Ok((excl, tax, false))
        }
        (TaxMode::Included, None) | (TaxMode::None, _) => Ok((base, Decimal::ZERO, false)),
    }
}

/// An amount in 3600ths of the currency unit, in the unit (one division, skipped for 0).
fn from_3600ths(v: Decimal) -> Decimal {
    if v.is_zero() {
        v
    } else {
        v / Decimal::from(3600)
    }
}

/// `total` (≥ 0) rounded up to a multiple of `step` (> 0), in integer arithmetic on the
/// decimal's mantissa.
fn ceil_to_multiple(total: Decimal, step: i64) -> Option<Decimal> {
    let scale = total.scale();
    let integer = || {
        let k = i128::from(step).checked_mul(10i128.checked_pow(scale)?)?;
        let m = total.mantissa();
        let q = m / k + i128::from(m % k > 0);
        Decimal::try_from_i128_with_scale(q.checked_mul(k)?, scale).ok()
    };
    integer().or_else(|| {
        let step = Decimal::from(step);
        total.checked_div(step)?.ceil().checked_mul(step)
    })
}

struct Acc<'b> {
    parts: [Amount; 5],
    opts: &'b Options,
    tariff: usize,
    mode: TaxMode,
}

impl Acc<'_> {
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        bill: &mut Bill,
        period: usize,
        dimension: Dimension,
        kind: CostKind,
        element: usize,
        comp: &Comp,
        quantity: Decimal,
        extra: Decimal,
        to_3600ths: Decimal,
    ) -> Result<(), PricingError> {
        let billed = quantity
            .checked_add(extra)
            .ok_or_else(|| overflow(Some(period), "billed quantity"))?;
        if billed.is_zero()
            && dimension != Dimension::Flat
            && dimension != Dimension::ReservationFlat
        {
            return Ok(());
        }
        // Amounts are summed in 3600ths of the currency unit (price × quantity × `to_3600ths`:
        // 3.6 per Wh, 1 per second, 3600 per fee; exact, no division) and divided once per
        // total, so that a total of time-based lines is as exact as its parts allow.
        let scaled = comp
            .price
            .checked_mul(billed)
            .and_then(|a| a.checked_mul(to_3600ths))
            .ok_or_else(|| overflow(Some(period), "amount"))?;
        let (mut sum_excl, mut sum_tax, unknown) =
            split(scaled, comp.vat, self.mode, Some(period))?;
        let lines_rounding = self
            .opts
            .rounding
            .filter(|r| r.point == RoundingPoint::Lines);
        let (mut excl, mut tax) = (Decimal::ZERO, Decimal::ZERO);
        if self.opts.explain || lines_rounding.is_some() {
            (excl, tax, _) = split(from_3600ths(scaled), comp.vat, self.mode, Some(period))?;
        }
        if let Some(r) = lines_rounding {
            excl = round(excl, &r);
            tax = round(tax, &r);
            let in_3600ths = |d: Decimal| d.checked_mul(Decimal::from(3600));
            sum_excl = in_3600ths(excl).ok_or_else(|| overflow(Some(period), "amount"))?;
            sum_tax = in_3600ths(tax).ok_or_else(|| overflow(Some(period), "amount"))?;
        }
        let rate = match self.mode {
            TaxMode::None => None,
            _ => comp.vat,
        };
        let slot = kind as usize;
        self.parts[slot].add_part(sum_excl, rate, sum_tax, unknown)?;
        if self.opts.explain {
            let mut amount = Amount::default();
            amount.add_part(excl, rate, tax, unknown)?;
            bill.lines.push(Line {
                tariff: self.tariff,
                period,
                dimension,
                kind,
                element,
                component: comp.index,
                quantity: Number::from(quantity),
                billed: Number::from(billed),
                step_extra: Number::from(extra),
                step_size: comp.step,
                unit_price: Number::from(comp.price),
                vat: comp.vat.map(Number::from),
                amount,
            });
        }
        Ok(())
    }
}

fn first(elements: &[Element], matches: &[bool], slot: usize, reservation: Reservation) -> u32 {
    elements
        .iter()
        .zip(matches)
        .position(|(e, &m)| m && e.reservation == reservation && e.comps[slot].is_some())
        .map_or(NONE, |i| i as u32)
}

/// A session to price, with the energy it delivered before each of its periods (restrictions
/// on `min_kwh` and `max_kwh` read it), summed once for every tariff that prices some of the
/// periods.
pub(crate) struct Usage<'a> {
    session: &'a Session,
    energy_before: Vec<Decimal>,
}

impl<'a> Usage<'a> {
    /// The session, with the running sum of its periods' energy.
    pub(crate) fn of(session: &'a Session) -> Result<Self, PricingError> {
        let mut sum = Decimal::ZERO;
        let mut energy_before = Vec::with_capacity(session.periods.len());
        for (i, p) in session.periods.iter().enumerate() {
            energy_before.push(sum);
            sum = sum
                .checked_add(p.energy.to_decimal())
                .ok_or_else(|| overflow(Some(i), "ENERGY"))?;
        }
        Ok(Usage {
            session,
            energy_before,
        })
    }

    /// Every period's index, in order.
    pub(crate) fn all(&self) -> Vec<usize> {
        (0..self.session.periods.len()).collect()
    }
}

/// Prices the periods `own` of a session (indices, in order) under `c`, tariff `t`, adding
/// lines, totals, limits and warnings to `bill`. The work is linear in `own` (times the
/// tariff's elements), whatever the other periods of the session.
pub(crate) fn price_tariff(
    c: &Compiled,
    t: usize,
    usage: &Usage<'_>,
    own: &[usize],
    tz: Option<Tz>,
    opts: &Options,
    bill: &mut Bill,
) -> Result<(), PricingError> {
    let s = usage.session;
    let start = s.start.to_chrono();
    if !c.valid_at(start) {
        bill.warnings.push(Warning::OutsideValidity { tariff: t });
    }
    let mut sel: Vec<Sel> = Vec::with_capacity(own.len());
    // Which elements hold at the period being priced (inline for the usual few).
    let mut inline = [false; 32];
    let mut heap = Vec::new();
    let matches: &mut [bool] = if c.elements.len() <= inline.len() {
        &mut inline[..c.elements.len()]
    } else {
        heap.resize(c.elements.len(), false);
        &mut heap
    };
    let mut flat: Option<(usize, u32)> = None;
    let mut res_flat: [Option<(usize, u32)>; 2] = [None, None];
    let mut res_flat_done = false;
    let expired = s.reservation_expired;
    // A period's local time and elapsed time are worked out only when a restriction of this
    // tariff reads them (converting to local time is a search in the zone's transitions).
    let zone = tz.filter(|_| c.elements.iter().any(|e| e.r.on_local_time()));
    let durations = c.elements.iter().any(|e| e.r.on_duration());

    for &i in own {
        let p = &s.periods[i];
        let energy_before = usage.energy_before[i];
        let quantity = quantities(p, i)?;
        let mut row = Sel {
            period: i,
            element: [NONE; 4],
            quantity,
            extra: [Decimal::ZERO; 4],
        };
        if p.ignored_dimensions > 0 {
            bill.warnings.push(Warning::IgnoredDimensions {
                period: i,
                count: p.ignored_dimensions,
            });
        }
        let utc = p.start.to_chrono();
        let local = match zone {
            Some(z) => utc.with_timezone(&z).naive_local(),
            None => utc.naive_utc(),
        };
        let at = At {
            local,
            elapsed: if durations {
                (utc - start).num_seconds()
            } else {
                0
            },
            energy_before,
        };
        let mut m = Measures {
            p,
            index: i,
            warned: 0,
        };
        for (slot, e) in matches.iter_mut().zip(&c.elements) {
            *slot =
                e.reservation != Reservation::Unknown && holds(e, &at, &mut m, &mut bill.warnings);
        }
        for slot in [ENERGY, TIME, PARKING] {
            row.element[slot] = first(&c.elements, matches, slot, Reservation::None);
        }
        let has_reservation = !quantity[RES].is_zero();
        if has_reservation {
            row.element[RES] = if expired {
                match first(&c.elements, matches, TIME, Reservation::Expires) {
                    NONE => first(&c.elements, matches, TIME, Reservation::Made),
                    e => e,
                }
            } else {
                first(&c.elements, matches, TIME, Reservation::Made)
            };
        }
        let usage = [ENERGY, TIME, PARKING]
            .iter()
            .any(|&k| !quantity[k].is_zero());
        if flat.is_none() && !expired && (usage || !has_reservation) {
            let e = first(&c.elements, matches, FLAT, Reservation::None);
            if e != NONE {
                flat = Some((i, e));
            }
        }
        if !res_flat_done && (has_reservation || expired) {
            res_flat_done = true;
            let e = first(&c.elements, matches, FLAT, Reservation::Made);
            res_flat[0] = (e != NONE).then_some((i, e));
            if expired {
                let e = first(&c.elements, matches, FLAT, Reservation::Expires);
                res_flat[1] = (e != NONE).then_some((i, e));
            }
        }
        if usage
            && !c
                .elements
                .iter()
                .zip(matches.iter())
                .any(|(e, &m)| m && e.reservation == Reservation::None)
        {
            match opts.uncovered {
                Uncovered::Error => return Err(PricingError::NoElement { period: i }),
                Uncovered::Free => bill.warnings.push(Warning::Uncovered { period: i }),
            }
        }
        sel.push(row);
    }

    // step_size, once per session: ENERGY; TIME and PARKING_TIME together; reservation time.
    let comp = |e: u32, slot: usize| c.elements[e as usize].comps[slot].as_ref();
    let priced = |r: &Sel, slot: usize| r.element[slot] != NONE && !r.quantity[slot].is_zero();
    let mut groups: [Option<(usize, usize)>; 3] = [None; 3];
    for (g, slots) in [&[ENERGY][..], &[PARKING, TIME][..], &[RES][..]]
        .iter()
        .enumerate()
    {
        'periods: for (i, r) in sel.iter().enumerate().rev() {
            for &slot in slots.iter() {
                if priced(r, slot) {
                    groups[g] = Some((i, slot));
                    break 'periods;
                }
            }
        }
    }
    for (last, slot) in groups.into_iter().flatten() {
        let cslot = if slot == RES { TIME } else { slot };
        let Some(k) = comp(sel[last].element[slot], cslot) else {
            continue;
        };
        if k.step <= 0 {
            continue;
        }
        let mut total = Decimal::ZERO;
        for r in sel.iter().filter(|r| r.element[slot] != NONE) {
            total = total
                .checked_add(r.quantity[slot])
                .ok_or_else(|| overflow(None, "total quantity"))?;
        }
        let rounded = ceil_to_multiple(total, k.step)
            .ok_or_else(|| overflow(Some(sel[last].period), "step_size rounding"))?;
        sel[last].extra[slot] = rounded - total;
    }

    // Lines and totals.
    let mut acc = Acc {
        parts: Default::default(),
        opts,
        tariff: t,
        mode: c.tax,
    };
    let (wh, second, fee) = (Decimal::new(36, 1), Decimal::ONE, Decimal::from(3600));
    let flat_kind = |e: u32| {
        if c.elements[e as usize].flat_is_parking {
            CostKind::Parking
        } else {
            CostKind::Fixed
        }
    };
    for r in &sel {
        let i = r.period;
        if let Some((fi, e)) = flat {
            if fi == i {
                let k = comp(e, FLAT).expect("chosen for its FLAT");
                acc.line(
                    bill,
                    i,
                    Dimension::Flat,
                    flat_kind(e),
                    e as usize,
                    k,
                    Decimal::ONE,
                    Decimal::ZERO,
                    fee,
                )?;
            }
        }
        for (fi, e) in res_flat.iter().flatten().copied() {
            if fi == i {
                let k = comp(e, FLAT).expect("chosen for its FLAT");
                acc.line(
                    bill,
                    i,
                    Dimension::ReservationFlat,
                    CostKind::Reservation,
                    e as usize,
                    k,
                    Decimal::ONE,
                    Decimal::ZERO,
                    fee,
                )?;
            }
        }
        for (slot, cslot, dim, kind, unit) in [
            (ENERGY, ENERGY, Dimension::Energy, CostKind::Energy, wh),
            (TIME, TIME, Dimension::Time, CostKind::Time, second),
            (
                PARKING,
                PARKING,
                Dimension::ParkingTime,
                CostKind::Parking,
                second,
            ),
            (
                RES,
                TIME,
                Dimension::ReservationTime,
                CostKind::Reservation,
                second,
            ),
        ] {
            let e = r.element[slot];
            if e == NONE {
                continue;
            }
            let k = comp(e, cslot).expect("chosen for its component");
            acc.line(
                bill,
                i,
                dim,
                kind,
                e as usize,
                k,
                r.quantity[slot],
                r.extra[slot],
                unit,
            )?;
        }
    }

    let parts = &mut acc.parts;
    for p in parts.iter_mut() {
        p.excl = from_3600ths(p.excl);
        for t in p.taxes.iter_mut() {
            t.1 = from_3600ths(t.1);
        }
    }
    if let Some(r) = opts.rounding.filter(|r| r.point == RoundingPoint::Totals) {
        for p in parts.iter_mut() {
            round_amount(p, &r);
        }
    }
    let mut total = Amount::default();
    for p in parts.iter() {
        total.add(p)?;
    }
    let mut adjustment: Option<Amount> = None;
    for (limit, max) in [(c.min, false), (c.max, true)] {
        let Some(limit) = limit else { continue };
        if let Some(mut after) = apply_limit(&total, limit, max, t, &mut bill.warnings)? {
            if let Some(r) = opts.rounding {
                round_amount(&mut after, &r);
            }
            // The total before the first limit, for the adjustment.
            if adjustment.is_none() {
                adjustment = Some(total.clone());
            }
            bill.limits.push(LimitApplied {
                tariff: t,
                max,
                limit: (Number::from(limit.0), limit.1.map(Number::from)),
                before: total.clone(),
                after: after.clone(),
            });
            total = after;
        }
    }
    let adjustment = match adjustment {
        Some(before) => Some(limit_adjustment(&before, &total)?),
        None => None,
    };
    let totals = &mut bill.totals;
    totals.total_cost.add_owned(&mut total)?;
    for (dst, src) in [
        &mut totals.total_energy_cost,
        &mut totals.total_time_cost,
        &mut totals.total_parking_cost,
        &mut totals.total_fixed_cost,
        &mut totals.total_reservation_cost,
    ]
    .into_iter()
    .zip(parts.iter_mut())
    {
        dst.add_owned(src)?;
    }
    if let Some(adjustment) = adjustment {
        totals.limit_adjustment.add(&adjustment)?;
    }
    Ok(())
}

/// What a price limit changed: `after` − `before`, such that the parts (adding up to
/// `before`) and it add up to `after` exactly. A limit so much finer than the usage's amounts
/// that the difference has more digits than an exact decimal holds cannot be, and is an
/// [`PricingError::Overflow`] rather than a bill whose parts miss its total.
fn limit_adjustment(before: &Amount, after: &Amount) -> Result<Amount, PricingError> {
    let adjustment = after.minus(before)?;
    let mut sum = before.clone();
    sum.add(&adjustment)?;
    let same_taxes = sum.taxes.len() == after.taxes.len()
        && after.taxes.iter().all(|t| sum.taxes.iter().any(|s| s == t));
    if sum.excl != after.excl || !same_taxes {
        return Err(overflow(None, "price limit"));
    }
    Ok(adjustment)
}

/// `total` moved to `limit` when it is beyond it; `None` when the limit does not apply.
fn apply_limit(
    total: &Amount,
    (lx, li): (Decimal, Option<Decimal>),
    max: bool,
    t: usize,
    w: &mut Vec<Warning>,
) -> Result<Option<Amount>, PricingError> {
    let beyond = |v: Decimal, l: Decimal| if max { v > l } else { v < l };
    let mut a = total.clone();
    let mut changed = false;
    let err = || overflow(None, "price limit");
    if beyond(a.excl, lx) {
        if !a.excl.is_zero() {
            for tax in a.taxes.iter_mut() {
                tax.1 = tax
                    .1
                    .checked_mul(lx)
                    .and_then(|v| v.checked_div(total.excl))
                    .ok_or_else(err)?;
            }
        }
        a.excl = lx;
        changed = true;
    }
    if let Some(li) = li {
        if a.unknown_tax {
            w.push(Warning::LimitInclVatUnknown { tariff: t });
        } else {
            let taxes = a.tax_total().ok_or_else(err)?;
            let incl = a.excl.checked_add(taxes).ok_or_else(err)?;
            if beyond(incl, li) {
                let target = li.checked_sub(a.excl).ok_or_else(err)?;
                if taxes.is_zero() {
                    // A tax of no known rate makes up the difference: added to the one the
                    // first limit may have made, never a second entry of the same rate.
                    a.add_part(Decimal::ZERO, None, target, false)?;
                } else {
                    let mut left = target;
                    let n = a.taxes.len();
                    for (j, tax) in a.taxes.iter_mut().enumerate() {
                        tax.1 = if j + 1 == n {
                            left
                        } else {
                            tax.1
                                .checked_mul(target)
                                .and_then(|v| v.checked_div(taxes))
                                .ok_or_else(err)?
                        };
                        left = left.checked_sub(tax.1).ok_or_else(err)?;
                    }
                }
                changed = true;
            }
        }
    }
    Ok(changed.then_some(a))
}
