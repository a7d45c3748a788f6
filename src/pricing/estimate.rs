//! Estimates: the price of a planned session before it happens.

use chrono::{Duration, NaiveTime, TimeZone};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::choose::choose_index;
use super::compile::Compiled;
use super::engine;
use super::{Bill, Choice, Options, Period, PricedTariff, PricingError, Session, Warning};
use crate::types::{DateTime, Number};

/// The longest planned session an estimate covers.
const MAX_SECONDS: i64 = 7 * 24 * 3600;

/// A session as an eMSP's app plans it: when, how long, how much energy, at what power,
/// optionally after a reservation, and optionally for one way of paying ([`Choice`]).
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object; 2.2.1 mod_locations.asciidoc §Location
/// Object (`time_zone`)
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PlannedSession {
    /// When charging starts (the EV is connected).
    pub start: DateTime,
    /// How long the EV stays connected, in seconds (at most 7 days).
    pub duration_seconds: i64,
    /// The energy expected, kWh.
    pub energy: Number,
    /// The charging power, kW. With it, charging lasts `energy` ÷ `power` and the rest of the
    /// stay is parking; without it, the energy is spread over the whole stay.
    pub power: Option<Number>,
    /// IANA name of the Location's time zone.
    pub time_zone: Option<String>,
    /// A reservation before `start` ([`PlannedSession::with_reservation`]).
    pub reservation: Option<PlannedReservation>,
    /// How the session is paid: with it, [`estimate`] quotes only the tariff
    /// [`choose`](super::choose) picks; without it (the default), every valid tariff: the
    /// options a Connector offers (2.2.1 mod_locations.asciidoc §Connector Object,
    /// `tariff_ids`).
    pub choice: Option<Choice>,
}

/// A reservation planned before charging: it starts `duration_seconds` before
/// [`PlannedSession::start`] and, unless it expires, the charging session follows it.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §ReservationRestrictionType enum; 2.2.1
/// mod_tariffs.asciidoc §TariffRestrictions class (`reservation`)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlannedReservation {
    /// How long the EVSE is reserved before charging starts, in seconds (more than 0, at most
    /// 7 days).
    pub duration_seconds: i64,
    /// The reservation expires at [`PlannedSession::start`] and no charging follows
    /// (`RESERVATION_EXPIRES`); the plan's energy and duration are then not used.
    pub expires: bool,
}

impl PlannedSession {
    /// A plan of `duration_seconds` from `start`, charging `energy` kWh.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
    pub fn new(start: DateTime, duration_seconds: i64, energy: Number) -> Self {
        PlannedSession {
            start,
            duration_seconds,
            energy,
            power: None,
            time_zone: None,
            reservation: None,
            choice: None,
        }
    }
    /// This plan charging at `power` kW.
    pub fn with_power(mut self, power: Number) -> Self {
        self.power = Some(power);
        self
    }
    /// This plan at a Location in `time_zone` (IANA name).
    pub fn with_time_zone(mut self, time_zone: &str) -> Self {
        self.time_zone = Some(time_zone.to_owned());
        self
    }
    /// This plan after a reservation of `duration_seconds` that ends when charging starts.
    ///
    /// The estimate prices it as the realised session would be: a session starting at the
    /// reservation (`min_duration`/`max_duration` count from there), whose first periods carry
    /// `RESERVATION_TIME`, priced by the `TIME` component of the elements restricted to
    /// `RESERVATION`, with the `FLAT` fee of such an element once; the charging session's own
    /// `FLAT` fee is charged too.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §ReservationRestrictionType enum (`RESERVATION`);
    /// §TariffRestrictions class (`reservation`); 2.2.1 mod_cdrs.asciidoc §CdrDimensionType
    /// enum (`RESERVATION_TIME`)
    pub fn with_reservation(mut self, duration_seconds: i64) -> Self {
        self.reservation = Some(PlannedReservation {
            duration_seconds,
            expires: false,
        });
        self
    }
    /// This plan as a reservation of `duration_seconds` ending at [`PlannedSession::start`]
    /// that expires without charging: what the driver pays for not showing up.
    ///
    /// The `TIME` of an element restricted to `RESERVATION_EXPIRES` takes precedence over the
    /// `RESERVATION` one, the `FLAT` fees of both apply, and no charging-session `FLAT` fee is
    /// charged (no charging session took place).
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §ReservationRestrictionType enum
    /// (`RESERVATION_EXPIRES`); §Tariff example with reservation price and expire fee
    pub fn with_expiring_reservation(mut self, duration_seconds: i64) -> Self {
        self.reservation = Some(PlannedReservation {
            duration_seconds,
            expires: true,
        });
        self
    }
    /// This plan paid as `choice` says: [`estimate`] quotes the one tariff
    /// [`choose`](super::choose) picks.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffType enum
    pub fn with_choice(mut self, choice: Choice) -> Self {
        self.choice = Some(choice);
        self
    }
}

/// The price of a planned session under one tariff.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Index of the tariff in the list given to [`estimate`].
    pub tariff: usize,
    /// The bill, or why this tariff cannot price the plan.
    pub bill: Result<Bill, PricingError>,
}

/// Prices a planned session under each of a Location's tariffs that is valid at its start
/// (`start_date_time`/`end_date_time`); the others are left out.
///
/// The plan is cut into charging periods wherever a restriction of one of the tariffs may
/// change (times of day and midnights in the Location's time zone, `min_duration` and
/// `max_duration`, the moments `min_kwh` and `max_kwh` are reached, the end of charging),
/// then priced as a session.
///
/// With a reservation ([`PlannedSession::with_reservation`],
/// [`PlannedSession::with_expiring_reservation`]) the session starts with it: the plan is
/// the session [`price`](super::price) would be given once it happened (a first part with
/// `RESERVATION_TIME`, then charging and parking, or the reservation alone when it expires),
/// so the estimate is what that session costs. With a [`Choice`]
/// ([`PlannedSession::with_choice`]) only the tariff [`choose`](super::choose) picks at the
/// session's start is quoted (none when no tariff fits the choice).
///
/// ```
/// use ocpi_protocol::{json, pricing::{self, Options, PlannedSession}, types::{DateTime, Number}};
/// use ocpi_protocol::v2_2_1::tariffs::Tariff;
/// // 2.2.1 mod_tariffs.asciidoc §Simple Tariff example 3 euro per hour, 5 euro per hour parking
/// let body = std::fs::read("tests/fixtures/2.2.1/tariff_13_simple_3hour_5parking.json").unwrap();
/// let tariff = json::parse::<Tariff>(&body).unwrap().value;
/// // 20 kWh at 8 kW: 2.5 h of charging, then 42 minutes of parking.
/// let plan = PlannedSession::new(DateTime::parse("2024-06-03T08:00:00Z").unwrap(), 9000 + 42 * 60,
///     Number::from(20)).with_power(Number::from(8)).with_time_zone("Europe/Amsterdam");
/// let quotes = pricing::estimate(&[tariff], &plan, &Options::default()).unwrap();
/// let bill = quotes[0].bill.as_ref().unwrap();
/// // 2.5 h × 3.00 + 45 min (step 300 s) × 5.00 = 11.25 excl. VAT
/// assert_eq!(bill.totals.total_cost.excl_vat(), Number::parse("11.25").unwrap());
/// ```
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object; §TariffRestrictions class
pub fn estimate<T: PricedTariff>(
    tariffs: &[T],
    plan: &PlannedSession,
    options: &Options,
) -> Result<Vec<Quote>, PricingError> {
    let d = plan.duration_seconds;
    if d <= 0 || d > MAX_SECONDS || plan.energy.is_negative() {
        return Err(PricingError::PlanOutOfRange);
    }
    // The session starts with the reservation, `r` seconds before charging.
    let (r, expires) = match plan.reservation {
        None => (0, false),
        Some(res) if res.duration_seconds > 0 && res.duration_seconds <= MAX_SECONDS => {
            (res.duration_seconds, res.expires)
        }
        Some(_) => return Err(PricingError::PlanOutOfRange),
    };
    let mut warnings = Vec::new();
    let mut compiled = Vec::with_capacity(tariffs.len());
    for (k, t) in tariffs.iter().enumerate() {
        compiled.push(t.compile(k, &mut warnings));
    }
    let start = plan.start.to_chrono() - Duration::seconds(r);
    let chosen = plan
        .choice
        .as_ref()
        .map(|choice| choose_index(tariffs, choice, start));
    // An expired reservation ends where charging would have started.
    let total = if expires { r } else { r + d };
    let end = start + Duration::seconds(total);
    let mut session = Session::new(DateTime::from_chrono(start), DateTime::from_chrono(end));
    session.time_zone = plan.time_zone.clone();
    session.reservation_expired = expires;
    let tz = engine::time_zone(&session, &mut Vec::new())?;

    let energy = if expires {
        Decimal::ZERO
    } else {
        plan.energy.to_decimal()
    };
    let hour = Decimal::from(3600);
    let charging = match plan.power.map(Number::to_decimal) {
        _ if expires => 0,
        Some(p) if p > Decimal::ZERO => energy
            .checked_mul(hour)
            .and_then(|e| e.checked_div(p))
            .map_or(d, |s| {
                s.ceil().min(Decimal::from(d)).try_into().unwrap_or(d)
            }),
        Some(_) => 0,
        None => d,
    };
    let mut cuts = vec![0, r, r + charging, total];
    for c in compiled.iter().flatten() {
        boundaries(c, start, total, (r, charging), energy, tz, &mut cuts);
    }
    cuts.retain(|&s| (0..=total).contains(&s));
    cuts.sort_unstable();
    cuts.dedup();

    let power = match plan.power {
        Some(p) => Some(p.to_decimal()),
        None if charging > 0 => energy
            .checked_mul(hour)
            .and_then(|e| e.checked_div(Decimal::from(charging))),
        None => None,
    };
    let mut left = energy;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        let mut p = Period::new(DateTime::from_chrono(start + Duration::seconds(a)));
        let hours = Number::from(Decimal::from(b - a) / hour);
        if a < r {
            p.reservation_time = hours;
            p.power = Some(Number::from(0));
        } else if a < r + charging {
            let share = if b >= r + charging {
                left
            } else {
                share_of(energy, b - a, charging)
            };
            left -= share;
            p.energy = Number::from(share);
            p.time = hours;
            p.power = power.map(Number::from);
        } else {
            p.parking_time = hours;
            p.power = Some(Number::from(0));
        }
        session.periods.push(p);
    }

    let mut quotes = Vec::with_capacity(tariffs.len());
    for (k, c) in compiled.into_iter().enumerate() {
        let c = match c {
            Ok(c) => c,
            Err(e) => {
                quotes.push(Quote {
                    tariff: k,
                    bill: Err(e),
                });
                continue;
            }
        };
        if !c.valid_at(start) || chosen.is_some_and(|i| i != Some(k)) {
            continue;
        }
        let mut bill = Bill::empty(c.currency.clone());
        bill.tariff_ids.push(super::compile::short(c.id));
        bill.warnings
            .extend(warnings.iter().filter(|w| belongs(w, k)).cloned());
        if tz.is_none() {
            bill.warnings.push(Warning::NoTimeZone);
        }
        // Every period is this tariff's: index them as 0, as `price` does.
        let result = engine::Usage::of(&session).and_then(|usage| {
            engine::price_tariff(&c, 0, &usage, &usage.all(), tz, options, &mut bill)
        });
        quotes.push(Quote {
            tariff: k,
            bill: result.map(|()| bill),
        });
    }
    Ok(quotes)
}

/// Whether a compile warning is about tariff `k`.
fn belongs(w: &Warning, k: usize) -> bool {
    match w {
        Warning::UnknownDimension { tariff, .. }
        | Warning::UnknownRestriction { tariff, .. }
        | Warning::DuplicateComponent { tariff, .. }
        | Warning::PriceAsString { tariff, .. }
        | Warning::TaxIncludedMissing { tariff }
        | Warning::IncludedTaxUnknown { tariff, .. } => *tariff == k,
        _ => false,
    }
}

/// Offsets (seconds from the start) where a restriction of `c` may change.
fn boundaries(
    c: &Compiled,
    start: chrono::DateTime<chrono::Utc>,
    d: i64,
    (charge_from, charging): (i64, i64),
    energy: Decimal,
    tz: Option<Tz>,
    cuts: &mut Vec<i64>,
) {
    let mut minutes: Vec<u32> = vec![0];
    for e in &c.elements {
        let r = &e.r;
        cuts.extend(r.min_duration.into_iter().chain(r.max_duration));
        for kwh in r.min_kwh.into_iter().chain(r.max_kwh) {
            if kwh > Decimal::ZERO && kwh < energy && charging > 0 {
                let at = share_of(Decimal::from(charging), kwh, energy);
                cuts.push(charge_from + at.ceil().try_into().unwrap_or(d));
            }
        }
        minutes.extend(r.start_time.into_iter().chain(r.end_time));
    }
    minutes.sort_unstable();
    minutes.dedup();
    let local = |t: chrono::DateTime<chrono::Utc>| match tz {
        Some(z) => t.with_timezone(&z).date_naive(),
        None => t.date_naive(),
    };
    let (first, last) = (local(start), local(start + Duration::seconds(d)));
    let mut day = first;
    while day <= last {
        for &m in &minutes {
            let Some(time) = NaiveTime::from_hms_opt(m / 60, m % 60, 0) else {
                continue;
            };
            let naive = day.and_time(time);
            let instant = match tz {
                Some(z) => first_at_or_after(z, naive),
                None => naive.and_utc(),
            };
            cuts.push((instant - start).num_seconds());
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
}

/// The first instant whose local time in `z` is `naive` or later: `naive` itself (the
/// earlier of two when the clock goes back), or the end of the gap when the clock skips it (a
/// window opening at 02:30 on the night summer time starts opens at 03:00).
fn first_at_or_after(z: Tz, naive: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    if let Some(t) = z.from_local_datetime(&naive).earliest() {
        return t.to_utc();
    }
    // Local time is UTC shifted by less than 26 hours; between the two bounds it passes
    // `naive` once, at the end of the gap (a whole second, as offsets are).
    let at = |secs: i64| chrono::DateTime::from_timestamp(secs, 0).unwrap_or(naive.and_utc());
    let naive_secs = naive.and_utc().timestamp();
    let (mut before, mut after) = (naive_secs - 26 * 3600, naive_secs + 26 * 3600);
    while after - before > 1 {
        let mid = before + (after - before) / 2;
        if at(mid).with_timezone(&z).naive_local() >= naive {
            after = mid;
        } else {
            before = mid;
        }
    }
    at(after)
}

/// `whole × part / of` (with `part ≤ of`): exact when it can be held, else through the
/// fraction first (no overflow: it is at most `whole`).
fn share_of(whole: Decimal, part: impl Into<Decimal>, of: impl Into<Decimal>) -> Decimal {
    let (part, of) = (part.into(), of.into());
    whole
        .checked_mul(part)
        .and_then(|v| v.checked_div(of))
        .unwrap_or_else(|| whole * (part / of))
}
