//! The pricing engine on arbitrary tariffs and sessions: the bytes decide a 2.2.1 tariff
//! (elements, components, restrictions, price limits) and the charging periods of a session.
//!
//! Oracle: pricing never panics; when it gives a bill, the parts add up to the total, the
//! total respects `min_price`/`max_price`, and more energy in the last period never costs
//! less.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocpi_protocol::json;
use ocpi_protocol::pricing::{self, Bill, Options, Period, Session};
use ocpi_protocol::types::{DateTime, Number};
use ocpi_protocol::v2_2_1::tariffs::Tariff;

/// Reads the fuzzer's bytes one at a time, then zeros.
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
    /// A decimal with up to 2 decimals, possibly large.
    fn number(&mut self) -> String {
        let v = u32::from(self.next()) << 8 | u32::from(self.next());
        format!("{}.{:02}", v / 100, v % 100)
    }
}

fn tariff(b: &mut Bytes) -> String {
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
    let mut elements = Vec::new();
    for _ in 0..1 + b.next() % 4 {
        let mut components = Vec::new();
        for _ in 0..1 + b.next() % 3 {
            let vat = if b.flag() {
                format!(r#","vat":{}"#, b.next() % 30)
            } else {
                String::new()
            };
            components.push(format!(
                r#"{{"type":"{}","price":{}{vat},"step_size":{}}}"#,
                DIMENSIONS[usize::from(b.next()) % DIMENSIONS.len()],
                b.number(),
                [0, 1, 60, 300, 900, 500][usize::from(b.next()) % 6],
            ));
        }
        let mut r = Vec::new();
        if b.flag() {
            let (h, m) = (b.next() % 24, b.next() % 60);
            r.push(format!(r#""start_time":"{h:02}:{m:02}""#));
        }
        if b.flag() {
            let (h, m) = (b.next() % 24, b.next() % 60);
            r.push(format!(r#""end_time":"{h:02}:{m:02}""#));
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
                r.push(format!(r#""{field}":{}"#, b.next()));
            }
        }
        for field in ["min_duration", "max_duration"] {
            if b.flag() {
                r.push(format!(r#""{field}":{}"#, u32::from(b.next()) * 60));
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
        if b.next() % 8 == 0 {
            r.push(r#""reservation":"RESERVATION""#.to_owned());
        }
        elements.push(format!(
            r#"{{"price_components":[{}],"restrictions":{{{}}}}}"#,
            components.join(","),
            r.join(",")
        ));
    }
    let mut limits = String::new();
    if b.flag() {
        limits.push_str(&format!(r#","min_price":{{"excl_vat":{}}}"#, b.number()));
    }
    if b.flag() {
        limits.push_str(&format!(r#","max_price":{{"excl_vat":{}}}"#, b.number()));
    }
    format!(
        r#"{{"country_code":"NL","party_id":"CPO","id":"F","currency":"EUR","elements":[{}]{limits},"last_updated":"2024-01-01T00:00:00Z"}}"#,
        elements.join(",")
    )
}

fn session(b: &mut Bytes) -> Session {
    let start = DateTime::parse("2024-03-30T20:00:00Z").expect("a valid timestamp");
    let mut at = start.to_chrono();
    let mut periods = Vec::new();
    for _ in 0..1 + b.next() % 6 {
        let mut p = Period::new(DateTime::from_chrono(at));
        let minutes = i64::from(b.next());
        p.energy = Number::parse(&b.number()).expect("a number");
        // The minutes in hours, to the microhour, exactly as written.
        let hours = Number::parse(&format!(
            "{}.{:06}",
            minutes / 60,
            minutes % 60 * 1_000_000 / 60
        ))
        .expect("a number");
        if b.flag() {
            p.time = hours;
        } else {
            p.parking_time = hours;
        }
        if b.flag() {
            p.max_power = Some(Number::from(i64::from(b.next())));
        }
        periods.push(p);
        at += std::time::Duration::from_secs(minutes.unsigned_abs() * 60);
    }
    let mut s = Session::new(start, DateTime::from_chrono(at)).with_time_zone("Europe/Amsterdam");
    s.periods = periods;
    s
}

fn check(bill: &Bill, tariff: &Tariff) {
    let t = &bill.totals;
    let parts = t.total_energy_cost.excl_vat().to_decimal()
        + t.total_time_cost.excl_vat().to_decimal()
        + t.total_parking_cost.excl_vat().to_decimal()
        + t.total_fixed_cost.excl_vat().to_decimal()
        + t.total_reservation_cost.excl_vat().to_decimal()
        + t.limit_adjustment.excl_vat().to_decimal();
    let total = t.total_cost.excl_vat().to_decimal();
    assert_eq!(parts, total, "{bill}");
    let (min, max) = (&tariff.min_price, &tariff.max_price);
    let min = min.as_ref().map(|p| p.excl_vat.to_decimal());
    let max = max.as_ref().map(|p| p.excl_vat.to_decimal());
    if let Some(max) = max {
        // A min above the max is the tariff's contradiction; the max is applied last.
        assert!(total <= max, "{bill}");
    } else if let Some(min) = min {
        assert!(total >= min, "{bill}");
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let text = tariff(&mut b);
    let Ok(parsed) = json::parse::<Tariff>(text.as_bytes()) else {
        return;
    };
    let tariff = parsed.value;
    let mut s = session(&mut b);
    let options = Options::default().with_uncovered(pricing::Uncovered::Free);
    let Ok(bill) = pricing::price(&tariff, &s, &options) else {
        return;
    };
    check(&bill, &tariff);
    // More energy in the last period never costs less (when its power is measured: without,
    // the power assumed is the period's average, which the energy changes).
    let last = s.periods.last_mut().expect("at least one period");
    if last.max_power.is_none() {
        return;
    }
    last.energy = Number::from(last.energy.to_decimal() + Number::from(1).to_decimal());
    if let Ok(more) = pricing::price(&tariff, &s, &options) {
        check(&more, &tariff);
        assert!(
            more.totals.total_cost.excl_vat() >= bill.totals.total_cost.excl_vat(),
            "{bill}\n---\n{more}"
        );
    }
});
