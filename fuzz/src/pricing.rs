//! The pricing oracle, shared by the cargo-fuzz target `fuzz_targets/pricing.rs` and the
//! stable-toolchain test `tests/pricing_fuzz.rs` (which includes this file by path): bytes
//! decide a tariff of 2.2.1 or 2.3.0 (elements, every price dimension, step sizes, VAT, every
//! restriction kind, reservation elements, price limits, validity) and a session (charging
//! periods with energy, charging, parking and reservation time, power and current
//! measurements, out-of-order or outside starts, an expired reservation, a time zone), with
//! odd values on purpose: zero, negative, huge, many decimals.
//!
//! Oracle: pricing never panics; it gives a typed `PricingError` or a bill whose parts add up
//! to the total exactly (excluding VAT, and including VAT when known), within the tariff's
//! `min_price`/`max_price`; and, when every price and VAT rate is non-negative, the last
//! period's power is measured and one element prices the whole session before and after,
//! more energy in the last period never costs less. (Across elements it may: `step_size`
//! rounds the last period of a dimension, whose element more energy can change, as the
//! pricing tests show with the arithmetic.)

use ocpi_protocol::json;
use ocpi_protocol::pricing::{self, Amount, Bill, Options, Period, Session};
use ocpi_protocol::types::{DateTime, Number};

/// What one run did with its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The generated tariff text is not a valid tariff (refused by the strict reader).
    Unparsed,
    /// Pricing gave a typed error.
    Refused,
    /// Pricing gave a bill, and it passed every check.
    Priced,
}

/// Reads the input's bytes one at a time, then zeros.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn flag(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[usize::from(self.next()) % list.len()]
    }
    /// A decimal: mostly up to 655.35 with 2 decimals, sometimes zero, negative, huge or with
    /// many decimals. `negative` is set when the value is below zero.
    fn number(&mut self, negative: &mut bool) -> String {
        let v = u32::from(self.next()) << 8 | u32::from(self.next());
        let plain = format!("{}.{:02}", v / 100, v % 100);
        match self.next() % 16 {
            0 => "0".to_owned(),
            1 if self.next() % 4 == 0 => {
                *negative = true;
                format!("-{plain}")
            }
            2 => format!("{}000000000000000000", v.max(1)),
            3 => "79228162514264337593543950335".to_owned(),
            4 => format!("0.{v:027}"),
            _ => plain,
        }
    }
}

/// What the generator decided beyond the tariff's text.
struct Facts {
    /// A price or VAT rate is negative.
    negative: bool,
    /// `min_price` and `max_price` excluding taxes, as written.
    min: Option<String>,
    max: Option<String>,
}

fn tariff(b: &mut Bytes, v230: bool) -> (String, Facts) {
    const DIMENSIONS: [&str; 5] = ["ENERGY", "TIME", "PARKING_TIME", "FLAT", "SESSION_TIME"];
    const DAYS: [&str; 7] = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ];
    let mut negative = false;
    let mut elements = Vec::new();
    for _ in 0..1 + b.next() % 5 {
        let mut components = Vec::new();
        for _ in 0..1 + b.next() % 4 {
            let vat = match b.next() % 6 {
                0 | 1 => String::new(),
                2 => {
                    negative = true;
                    format!(r#","vat":-{}"#, b.next())
                }
                3 => r#","vat":0"#.to_owned(),
                _ => format!(r#","vat":{}"#, b.next() % 30),
            };
            let dimension = b.pick(&DIMENSIONS);
            let price = b.number(&mut negative);
            let step = match b.next() {
                255 => "-1",
                254 => "2147483647",
                v => ["0", "1", "60", "300", "900", "500", "7"][usize::from(v) % 7],
            };
            components.push(format!(
                r#"{{"type":"{dimension}","price":{price}{vat},"step_size":{step}}}"#
            ));
        }
        let mut r = Vec::new();
        for field in ["start_time", "end_time"] {
            if b.flag() {
                let (h, m) = (b.next() % 24, b.next() % 60);
                r.push(format!(r#""{field}":"{h:02}:{m:02}""#));
            }
        }
        for field in ["start_date", "end_date"] {
            if b.flag() {
                let (m, d) = (1 + b.next() % 12, 1 + b.next() % 28);
                r.push(format!(r#""{field}":"2024-{m:02}-{d:02}""#));
            }
        }
        for field in [
            "min_kwh",
            "max_kwh",
            "min_power",
            "max_power",
            "min_current",
            "max_current",
        ] {
            if b.flag() {
                let mut ignored = false;
                r.push(format!(r#""{field}":{}"#, b.number(&mut ignored)));
            }
        }
        for field in ["min_duration", "max_duration"] {
            if b.flag() {
                let v = match b.next() % 8 {
                    0 => -60,
                    1 => i64::from(i32::MAX),
                    _ => i64::from(b.next()) * 60,
                };
                r.push(format!(r#""{field}":{v}"#));
            }
        }
        if b.flag() {
            let days = b.next();
            let list: Vec<String> = (0..7)
                .filter(|i| days >> i & 1 == 1)
                .map(|i| format!(r#""{}""#, DAYS[i]))
                .collect();
            r.push(format!(r#""day_of_week":[{}]"#, list.join(",")));
        }
        match b.next() % 8 {
            0 => r.push(r#""reservation":"RESERVATION""#.to_owned()),
            1 => r.push(r#""reservation":"RESERVATION_EXPIRES""#.to_owned()),
            _ => {}
        }
        let restrictions = if r.is_empty() && b.flag() {
            String::new()
        } else {
            format!(r#","restrictions":{{{}}}"#, r.join(","))
        };
        elements.push(format!(
            r#"{{"price_components":[{}]{restrictions}}}"#,
            components.join(",")
        ));
    }
    let mut facts = Facts {
        negative,
        min: None,
        max: None,
    };
    let mut extra = String::new();
    let (before, after) = if v230 {
        ("before_taxes", "after_taxes")
    } else {
        ("excl_vat", "incl_vat")
    };
    for (name, slot) in [("min_price", &mut facts.min), ("max_price", &mut facts.max)] {
        if b.flag() {
            let mut ignored = false;
            let excl = b.number(&mut ignored);
            let incl = if b.flag() {
                format!(r#","{after}":{}"#, b.number(&mut ignored))
            } else {
                String::new()
            };
            extra.push_str(&format!(r#","{name}":{{"{before}":{excl}{incl}}}"#));
            *slot = Some(excl);
        }
    }
    if b.next() % 8 == 0 {
        extra.push_str(r#","start_date_time":"2024-03-31T00:00:00Z""#);
    }
    if b.next() % 8 == 0 {
        extra.push_str(r#","end_date_time":"2024-03-30T00:00:00Z""#);
    }
    if v230 {
        match b.next() % 4 {
            0 => extra.push_str(r#","tax_included":"YES""#),
            1 => extra.push_str(r#","tax_included":"NO""#),
            2 => extra.push_str(r#","tax_included":"N/A""#),
            _ => {}
        }
    }
    if b.flag() {
        let kind = b.pick(&[
            "AD_HOC_PAYMENT",
            "PROFILE_CHEAP",
            "PROFILE_FAST",
            "PROFILE_GREEN",
            "REGULAR",
        ]);
        extra.push_str(&format!(r#","type":"{kind}""#));
    }
    let text = format!(
        r#"{{"country_code":"NL","party_id":"CPO","id":"F","currency":"EUR","elements":[{}]{extra},"last_updated":"2024-01-01T00:00:00Z"}}"#,
        elements.join(",")
    );
    (text, facts)
}

/// `minutes` as hours, to the microhour, exactly as written.
fn hours(minutes: i64) -> Number {
    Number::parse(&format!(
        "{}.{:06}",
        minutes / 60,
        minutes % 60 * 1_000_000 / 60
    ))
    .expect("a number")
}

fn session(b: &mut Bytes) -> Session {
    let start = DateTime::parse("2024-03-30T20:00:00Z").expect("a valid timestamp");
    let mut at = start.to_chrono();
    let mut periods = Vec::new();
    for i in 0..1 + b.next() % 7 {
        // Now and then a period starting before the previous one or before the session.
        let back = b.next() % 64 == 63;
        let mut p = Period::new(DateTime::from_chrono(if back {
            at - std::time::Duration::from_secs(300)
        } else {
            at
        }));
        let minutes = i64::from(b.next());
        let mut ignored = false;
        if b.next() % 4 != 0 {
            p.energy = Number::parse(&b.number(&mut ignored)).expect("a number");
        }
        match b.next() % 8 {
            0 if i == 0 => p.reservation_time = hours(minutes),
            1 => p.parking_time = hours(minutes),
            2 => {
                p.time = hours(minutes / 2);
                p.parking_time = hours(minutes - minutes / 2);
            }
            _ => p.time = hours(minutes),
        }
        for slot in [
            &mut p.max_power,
            &mut p.min_power,
            &mut p.min_current,
            &mut p.max_current,
        ] {
            if b.next() % 3 == 0 {
                *slot = Some(Number::parse(&b.number(&mut ignored)).expect("a number"));
            }
        }
        periods.push(p);
        at += std::time::Duration::from_secs(minutes.unsigned_abs() * 60);
    }
    if b.next() % 64 == 63 {
        at = start.to_chrono() - std::time::Duration::from_secs(60);
    }
    let mut s = Session::new(start, DateTime::from_chrono(at));
    s.time_zone = match b.next() % 32 {
        0 => None,
        31 => Some("Mars/Olympus_Mons".to_owned()),
        2..=7 => Some("America/New_York".to_owned()),
        _ => Some("Europe/Amsterdam".to_owned()),
    };
    s.reservation_expired = b.next() % 8 == 0;
    s.periods = periods;
    s
}

/// The sum of the parts of `t` against its total, excluding and (when known) including VAT.
fn check_sum(bill: &Bill) {
    let t = &bill.totals;
    let parts: [&Amount; 6] = [
        &t.total_energy_cost,
        &t.total_time_cost,
        &t.total_parking_cost,
        &t.total_fixed_cost,
        &t.total_reservation_cost,
        &t.limit_adjustment,
    ];
    let zero = Number::from(0).to_decimal();
    let excl = parts
        .iter()
        .fold(zero, |s, a| s + a.excl_vat().to_decimal());
    assert_eq!(excl, t.total_cost.excl_vat().to_decimal(), "{bill}");
    // Taxes per rate: the parts' amounts of a rate add up to the total's, and every rate of
    // a part is one of the total's.
    let total: Vec<_> = t.total_cost.taxes().collect();
    for tax in &total {
        let sum = parts.iter().flat_map(|a| a.taxes()).fold(zero, |s, x| {
            if x.rate == tax.rate {
                s + x.amount.to_decimal()
            } else {
                s
            }
        });
        assert_eq!(sum, tax.amount.to_decimal(), "rate {:?}\n{bill}", tax.rate);
    }
    for x in parts.iter().flat_map(|a| a.taxes()) {
        assert!(total.iter().any(|t| t.rate == x.rate), "{bill}");
    }
    assert_eq!(
        t.total_cost.incl_vat().is_some(),
        parts.iter().all(|a| a.incl_vat().is_some()),
        "{bill}"
    );
}

fn check(bill: &Bill, facts: &Facts) {
    check_sum(bill);
    let total = bill.totals.total_cost.excl_vat().to_decimal();
    let limit = |s: &Option<String>| {
        s.as_deref()
            .map(|s| Number::parse(s).expect("written as a number").to_decimal())
    };
    let (min, max) = (limit(&facts.min), limit(&facts.max));
    if let Some(max) = max {
        // A min above the max is the tariff's contradiction; the max is applied last.
        assert!(total <= max, "max {max}\n{bill}");
        if let Some(min) = min.filter(|&m| m <= max) {
            assert!(total >= min, "min {min}\n{bill}");
        }
    } else if let Some(min) = min {
        assert!(total >= min, "min {min}\n{bill}");
    }
}

fn price_any(
    tariff: &Tariffs,
    s: &Session,
    options: &Options,
) -> Result<Bill, pricing::PricingError> {
    match tariff {
        Tariffs::V221(t) => pricing::price(t, s, options),
        Tariffs::V230(t) => pricing::price(t, s, options),
    }
}

enum Tariffs {
    V221(ocpi_protocol::v2_2_1::tariffs::Tariff),
    V230(ocpi_protocol::v2_3_0::tariffs::Tariff),
}

/// Runs the oracle on one input; panics when a check fails.
pub fn run(data: &[u8]) -> Outcome {
    let mut b = Bytes(data);
    let v230 = b.flag();
    let (text, facts) = tariff(&mut b, v230);
    let parsed = if v230 {
        json::parse::<ocpi_protocol::v2_3_0::tariffs::Tariff>(text.as_bytes())
            .map(|p| Tariffs::V230(p.value))
    } else {
        json::parse::<ocpi_protocol::v2_2_1::tariffs::Tariff>(text.as_bytes())
            .map(|p| Tariffs::V221(p.value))
    };
    let Ok(tariff) = parsed else {
        return Outcome::Unparsed;
    };
    let mut s = session(&mut b);
    let options = Options::default().with_uncovered(if b.next() % 4 != 0 {
        pricing::Uncovered::Free
    } else {
        pricing::Uncovered::Error
    });
    let Ok(bill) = price_any(&tariff, &s, &options) else {
        return Outcome::Refused;
    };
    check(&bill, &facts);
    // Without the explanation, the same totals.
    let lean = price_any(&tariff, &s, &options.clone().with_explain(false))
        .expect("priced with the explanation, so without");
    assert_eq!(lean.totals, bill.totals, "{bill}");
    // More energy in the last period never costs less (when its power is measured: without,
    // the power assumed is the period's average, which the energy changes).
    let last = s.periods.last_mut().expect("at least one period");
    if facts.negative || last.max_power.is_none() {
        return Outcome::Priced;
    }
    let one = Number::from(1).to_decimal();
    let Some(more) = last.energy.to_decimal().checked_add(one) else {
        return Outcome::Priced;
    };
    last.energy = Number::from(more);
    if let Ok(more) = price_any(&tariff, &s, &options) {
        check(&more, &facts);
        let elements = |b: &Bill| {
            b.lines
                .iter()
                .map(|l| (l.tariff, l.element))
                .collect::<std::collections::BTreeSet<_>>()
        };
        let one_element = elements(&bill).len() == 1 && elements(&bill) == elements(&more);
        if one_element {
            // Monotone as money: an amount is exact up to the 28 significant digits a decimal
            // holds, and a product needing more is rounded at its last digit, which one kWh
            // more can move down by far less than 10^-18 of the currency unit (a tariff of
            // 10^-23 per kWh over 10^22 kWh does).
            let slack = Number::parse("0.000000000000000001")
                .expect("a number")
                .to_decimal();
            let (before, after) = (
                bill.totals.total_cost.excl_vat().to_decimal(),
                more.totals.total_cost.excl_vat().to_decimal(),
            );
            assert!(
                after.checked_add(slack).is_none_or(|a| a >= before),
                "{bill}\n---\n{more}"
            );
        }
    }
    Outcome::Priced
}
