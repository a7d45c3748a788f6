//! Benchmarks of the OCPI 2.2.1 object model against the physical floor of the same process.
//!
//! Run with `cargo bench --bench model`. Criterion measures every workload; after it, the bench
//! measures each workload and its floor once more (interleaved, median of ≥ 1 s of repetitions)
//! and prints one ratio line per workload, then heap figures from a counting allocator.
//! See `benches/README.md` for what the workloads are and how to read the output.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use ocpi_protocol::json;
use ocpi_protocol::pricing;
use ocpi_protocol::types::{
    CiString, Conformance, CountryCode, DateTime, Number, OcpiString, PartyId,
};
use ocpi_protocol::v2_2_1::cdrs::{Cdr, CdrDimension, CdrDimensionType, ChargingPeriod};
use ocpi_protocol::v2_2_1::locations::{
    Capability, Connector, ConnectorType, EnergyMix, Evse, Hours, Location, Status,
};
use ocpi_protocol::v2_2_1::sessions::Session;
use ocpi_protocol::v2_2_1::tariffs::Tariff;
use ocpi_protocol::v2_2_1::tokens::Token;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// Counting allocator: counts calls and bytes while `COUNTING` is on.

struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);

#[inline]
fn note_alloc(size: usize) {
    if COUNTING.load(Relaxed) {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(size as u64, Relaxed);
        LIVE.fetch_add(size as i64, Relaxed);
    }
}

#[inline]
fn note_free(size: usize) {
    if COUNTING.load(Relaxed) {
        LIVE.fetch_sub(size as i64, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the wrapper only updates
// atomic counters.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            note_alloc(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            note_alloc(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        note_free(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            // Counted like a fresh block of the new size (as dhat does).
            note_free(layout.size());
            note_alloc(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap use of one closure: (allocation calls, bytes allocated, bytes still live at the end).
/// The closure's result is dropped after the counters are read.
fn heap_use<R>(f: impl FnOnce() -> R) -> (u64, u64, i64) {
    CALLS.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    LIVE.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let r = f();
    COUNTING.store(false, Relaxed);
    let out = (CALLS.load(Relaxed), BYTES.load(Relaxed), LIVE.load(Relaxed));
    drop(r);
    out
}

// ---------------------------------------------------------------------------------------------
// Deterministic generation from the official 2.2.1 examples.

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/2.2.1/",
            $name
        ))
    };
}

const LOCATION_EXAMPLES: &[&str] = &[
    fixture!("location_example.json"),
    fixture!("location_example_parking_garage_opening_hours.json"),
    fixture!("location_example_uc2_destination_charger.json"),
    fixture!("location_example_uc3_destination_charger_not_published.json"),
    fixture!("location_example_uc4_limited_visibility.json"),
    fixture!("location_example_uc5_home_charge_point.json"),
];

const HOURS_EXAMPLES: &[&str] = &[
    fixture!("location_hours_247_open_exception_closing.json"),
    fixture!("location_hours_opening_hours_with_exceptional_closing.json"),
    fixture!("location_hours_opening_hours_with_exceptional_opening.json"),
];

/// Examples wrapped in `{"opening_times": …}`.
const WRAPPED_HOURS_EXAMPLES: &[&str] = &[fixture!("location_regularhours_example.json")];

/// Examples wrapped in `{"energy_mix": …}`.
const ENERGY_MIX_EXAMPLES: &[&str] = &[
    fixture!("location_energymix_example_complete.json"),
    fixture!("location_energymix_example_energy_provider.json"),
    fixture!("location_energymix_example_simple.json"),
];

const CDR_EXAMPLE: &str = fixture!("cdr_example.json");

const SESSION_EXAMPLES: &[&str] = &[
    fixture!("session_example_1_simple_start.json"),
    fixture!("session_example_2_short_finished.json"),
];

const TOKEN_EXAMPLES: &[&str] = &[
    fixture!("token_example_1_app_user.json"),
    fixture!("token_example_2_full_rfid.json"),
    fixture!("token_put_example.json"),
];

const TARIFF_EXAMPLES: &[&str] = &[
    fixture!("tariff_1_simple_2hour.json"),
    fixture!("tariff_2_alt_text.json"),
    fixture!("tariff_3_alt_url.json"),
    fixture!("tariff_4_complex.json"),
    fixture!("tariff_5_free_of_charge.json"),
    fixture!("tariff_6_025kwh_start_max_price.json"),
    fixture!("tariff_7_first_hour_kwh_free.json"),
    fixture!("tariff_8_simple_025kwh.json"),
    fixture!("tariff_9_025kwh_start.json"),
    fixture!("tariff_10_025kwh_parking_start.json"),
    fixture!("tariff_11_not_possible_alt_text.json"),
    fixture!("tariff_12_025kwh_min_price.json"),
    fixture!("tariff_13_simple_3hour_5parking.json"),
    fixture!("tariff_14_step_size.json"),
    fixture!("tariff_15_reservation_5_euro_per_hour.json"),
    fixture!("tariff_16_reservation_2_euro_fee_5_euro_per_hour.json"),
    fixture!("tariff_17_reservation_with_expire_fee.json"),
    fixture!("tariff_18_reservation_with_expire_time.json"),
    fixture!("tariff_put_example.json"),
];

const PARTIES: &[(&str, &str)] = &[("BE", "BEC"), ("NL", "TNM"), ("DE", "ALL"), ("SE", "EVC")];

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 16
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a & 0xffff_ffff,
            (a >> 32) & 0xffff,
            b & 0xfff,
            0x8000 | ((b >> 12) & 0x3fff),
            (a ^ (b << 7)) & 0xffff_ffff_ffff
        )
    }
    fn timestamp(&mut self) -> DateTime {
        let s = format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            15 + self.below(10),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60)
        );
        DateTime::parse(&s).unwrap()
    }
    fn number(&mut self, int_max: usize, frac_digits: usize) -> Number {
        let frac = 10usize.pow(frac_digits as u32);
        let s = match frac_digits {
            0 => format!("{}", self.below(int_max)),
            _ => format!(
                "{}.{:0w$}",
                self.below(int_max),
                self.below(frac),
                w = frac_digits
            ),
        };
        Number::parse(&s).unwrap()
    }
}

fn ci<const N: usize>(s: &str) -> CiString<N> {
    CiString::new(s).unwrap()
}

fn text<const N: usize>(s: &str) -> OcpiString<N> {
    OcpiString::new(s).unwrap()
}

fn party(rng: &mut Lcg) -> (CountryCode, PartyId) {
    let (c, p) = *rng.pick(PARTIES);
    (CountryCode::new(c).unwrap(), PartyId::new(p).unwrap())
}

/// Reads an official example that must be accepted without warnings.
fn clean<T: DeserializeOwned + ocpi_protocol::types::Conformance>(json: &str) -> T {
    let parsed = json::parse::<T>(json.as_bytes()).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.value
}

/// The value of the only key of a wrapper object (`{"energy_mix": {...}}`).
fn unwrap_single<T: DeserializeOwned>(json: &str) -> T {
    let map: std::collections::BTreeMap<String, T> = serde_json::from_str(json).unwrap();
    assert_eq!(map.len(), 1);
    map.into_values().next().unwrap()
}

fn locations(n: usize, rng: &mut Lcg) -> Vec<Location> {
    let templates: Vec<Location> = LOCATION_EXAMPLES.iter().map(|j| clean(j)).collect();
    let evse_pool: Vec<Evse> = templates
        .iter()
        .flat_map(|l| l.evses.clone().unwrap_or_default())
        .collect();
    let connector_pool: Vec<Connector> = evse_pool
        .iter()
        .flat_map(|e| e.connectors.clone())
        .collect();
    let mut hours_pool: Vec<Hours> = HOURS_EXAMPLES.iter().map(|j| clean(j)).collect();
    hours_pool.extend(WRAPPED_HOURS_EXAMPLES.iter().map(|j| unwrap_single(j)));
    hours_pool.extend(templates.iter().filter_map(|l| l.opening_times.clone()));
    let mix_pool: Vec<EnergyMix> = ENERGY_MIX_EXAMPLES
        .iter()
        .map(|j| unwrap_single(j))
        .collect();
    let standards = [
        ConnectorType::Iec62196T2,
        ConnectorType::Iec62196T2Combo,
        ConnectorType::Chademo,
        ConnectorType::DomesticF,
    ];

    (0..n)
        .map(|i| {
            let mut loc = templates[i % templates.len()].clone();
            (loc.country_code, loc.party_id) = party(rng);
            let id = if rng.chance(50) {
                rng.uuid()
            } else {
                format!("LOC{i:05}")
            };
            loc.id = ci(&id);
            if let Some(name) = &loc.name {
                loc.name = Some(text(&format!("{} {}", name.as_str(), i)));
            }
            loc.coordinates.latitude =
                format!("{}.{:06}", 35 + rng.below(30), rng.below(1_000_000))
                    .parse()
                    .unwrap();
            loc.coordinates.longitude = format!("-{}.{:06}", rng.below(30), rng.below(1_000_000))
                .parse()
                .unwrap();
            let evses = (0..2 + rng.below(5))
                .map(|j| {
                    let mut e = rng.pick(&evse_pool).clone();
                    e.uid = ci(&if rng.chance(50) {
                        rng.uuid()
                    } else {
                        format!("{i}-{j}")
                    });
                    e.evse_id = Some(ci(&format!(
                        "{}*{}*E{:09}",
                        loc.country_code,
                        loc.party_id,
                        i * 10 + j
                    )));
                    e.status = rng.pick(Status::KNOWN).clone();
                    if rng.chance(40) {
                        let caps = (0..1 + rng.below(4))
                            .map(|_| rng.pick(Capability::KNOWN).clone())
                            .collect();
                        e.capabilities = Some(caps);
                    }
                    e.connectors = (0..1 + rng.below(3))
                        .map(|k| {
                            let mut c = rng.pick(&connector_pool).clone();
                            c.id = ci(&(k + 1).to_string());
                            c.standard = rng.pick(&standards).clone();
                            c.max_amperage = Some(*rng.pick(&[16, 32, 63, 125]));
                            c.tariff_ids = match rng.below(3) {
                                0 => None,
                                1 => Some(vec![ci(&format!("T{}", rng.below(50)))]),
                                _ => Some(vec![ci("AC-DAY"), ci("AC-NIGHT")]),
                            };
                            c.last_updated = Some(rng.timestamp());
                            c
                        })
                        .collect();
                    e.last_updated = rng.timestamp();
                    e
                })
                .collect();
            loc.evses = Some(evses);
            loc.opening_times = rng.chance(30).then(|| rng.pick(&hours_pool).clone());
            loc.energy_mix = rng.chance(25).then(|| rng.pick(&mix_pool).clone());
            loc.last_updated = rng.timestamp();
            loc
        })
        .collect()
}

fn charging_periods(rng: &mut Lcg, n: usize) -> Vec<ChargingPeriod> {
    let types = [
        CdrDimensionType::Energy,
        CdrDimensionType::Time,
        CdrDimensionType::ParkingTime,
        CdrDimensionType::MaxCurrent,
    ];
    (0..n)
        .map(|_| {
            let dims = (0..1 + rng.below(3))
                .map(|_| CdrDimension::new(rng.pick(&types).clone(), rng.number(100, 3)))
                .collect();
            let mut p = ChargingPeriod::new(rng.timestamp(), dims);
            if rng.chance(50) {
                p.tariff_id = Some(ci(&format!("T{}", rng.below(50))));
            }
            p
        })
        .collect()
}

fn cdrs(n: usize, rng: &mut Lcg) -> Vec<Cdr> {
    // The example's cdr_token lacks country_code and party_id (an erratum): add them.
    let base = json::parse::<Cdr>(CDR_EXAMPLE.as_bytes()).unwrap().value;
    (0..n)
        .map(|i| {
            let mut c = base.clone();
            (c.country_code, c.party_id) = party(rng);
            let (tc, tp) = party(rng);
            c.cdr_token.country_code = Some(tc);
            c.cdr_token.party_id = Some(tp);
            c.id = ci(&if rng.chance(50) {
                rng.uuid()
            } else {
                format!("CDR{i:010}")
            });
            c.start_date_time = rng.timestamp();
            c.end_date_time = rng.timestamp();
            c.cdr_token.uid = ci(&format!("{:014X}", rng.next() & 0xff_ffff_ffff_ffff));
            c.cdr_location.id = ci(&format!("LOC{}", rng.below(1000)));
            c.cdr_location.evse_uid = ci(&rng.uuid());
            c.cdr_location.evse_id = ci(&format!("BE*BEC*E{:09}", rng.below(1_000_000)));
            if rng.chance(50) {
                c.tariffs = None;
            }
            let n = 1 + rng.below(4);
            c.charging_periods = charging_periods(rng, n);
            c.total_cost.excl_vat = rng.number(100, 2);
            c.total_cost.incl_vat = Some(rng.number(120, 2));
            c.total_energy = rng.number(80, 3);
            c.total_time = rng.number(10, 3);
            c.last_updated = rng.timestamp();
            c
        })
        .collect()
}

fn sessions(n: usize, rng: &mut Lcg) -> Vec<Session> {
    let bases: Vec<Session> = SESSION_EXAMPLES
        .iter()
        .map(|j| json::parse::<Session>(j.as_bytes()).unwrap().value)
        .collect();
    (0..n)
        .map(|i| {
            let mut s = bases[i % bases.len()].clone();
            (s.country_code, s.party_id) = party(rng);
            let (tc, tp) = party(rng);
            s.cdr_token.country_code = Some(tc);
            s.cdr_token.party_id = Some(tp);
            s.id = ci(&if rng.chance(50) {
                rng.uuid()
            } else {
                format!("S{i:08}")
            });
            s.start_date_time = rng.timestamp();
            if s.end_date_time.is_some() {
                s.end_date_time = Some(rng.timestamp());
            }
            s.kwh = rng.number(80, 2);
            s.location_id = ci(&format!("LOC{}", rng.below(1000)));
            s.evse_uid = ci(&rng.uuid());
            if s.charging_periods.is_some() {
                let n = 1 + rng.below(3);
                s.charging_periods = Some(charging_periods(rng, n));
            }
            if let Some(cost) = &mut s.total_cost {
                cost.excl_vat = rng.number(100, 2);
            }
            s.last_updated = rng.timestamp();
            s
        })
        .collect()
}

fn tokens(n: usize, rng: &mut Lcg) -> Vec<Token> {
    let bases: Vec<Token> = TOKEN_EXAMPLES.iter().map(|j| clean(j)).collect();
    (0..n)
        .map(|i| {
            let mut t = bases[i % bases.len()].clone();
            (t.country_code, t.party_id) = party(rng);
            t.uid = ci(&if rng.chance(50) {
                rng.uuid()
            } else {
                format!("{:014X}", rng.next() & 0xff_ffff_ffff_ffff)
            });
            t.contract_id = ci(&format!("{}-{}-C{:08}-X", t.country_code, t.party_id, i));
            if t.visual_number.is_some() {
                t.visual_number = Some(text(&format!("DF000-{:04}-{:04}-1", i / 10_000, i)));
            }
            t.valid = rng.chance(90);
            t.last_updated = rng.timestamp();
            t
        })
        .collect()
}

fn tariffs(n: usize, rng: &mut Lcg) -> Vec<Tariff> {
    let bases: Vec<Tariff> = TARIFF_EXAMPLES
        .iter()
        .map(|j| json::parse::<Tariff>(j.as_bytes()).unwrap().value)
        .collect();
    (0..n)
        .map(|i| {
            let mut t = bases[i % bases.len()].clone();
            (t.country_code, t.party_id) = party(rng);
            t.id = ci(&if rng.chance(50) {
                rng.uuid()
            } else {
                format!("T{i}")
            });
            if t.last_updated.is_none() {
                t.last_updated = Some(rng.timestamp());
            }
            t
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The workloads.

/// A list serialized item by item, and as one page.
struct Page {
    items: Vec<Vec<u8>>,
    bytes: Vec<u8>,
}

fn page_of<T: Serialize>(values: &[T]) -> Page {
    let items: Vec<Vec<u8>> = values
        .iter()
        .map(|v| serde_json::to_vec(v).unwrap())
        .collect();
    let mut bytes = Vec::with_capacity(items.iter().map(|i| i.len() + 1).sum::<usize>() + 2);
    bytes.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(item);
    }
    bytes.push(b']');
    Page { items, bytes }
}

/// Checks that every item and the page read without warnings and equal to the generated
/// values, and that the page round-trips byte for byte.
fn check_page<T>(name: &str, page: &Page, expected: &[T])
where
    T: DeserializeOwned + Serialize + PartialEq + ocpi_protocol::types::Conformance,
{
    for (i, item) in page.items.iter().enumerate() {
        let parsed = json::parse::<T>(item)
            .unwrap_or_else(|e| panic!("{name} item {i}: {e}\n{}", String::from_utf8_lossy(item)));
        assert!(
            parsed.warnings.is_empty(),
            "{name} item {i}: {:?}",
            parsed.warnings
        );
        assert!(parsed.value == expected[i], "{name} item {i} differs");
    }
    let parsed = json::parse::<Vec<T>>(&page.bytes).unwrap();
    assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
    assert!(
        parsed.value == expected,
        "{name}: page differs from its items"
    );
    let again = serde_json::to_vec(&parsed.value).unwrap();
    assert!(again == page.bytes, "{name}: page does not round-trip");
}

/// Makes 1% of the items of a Locations page invalid, each in one of five ways. Returns the
/// page and the indices of the invalid items.
fn with_invalid_items(page: &Page) -> (Vec<u8>, Vec<usize>) {
    let mut bad = Vec::new();
    let mut out = vec![b'['];
    for (i, item) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let s = std::str::from_utf8(item).unwrap();
        if i % 100 != 37 {
            out.extend_from_slice(item);
            continue;
        }
        bad.push(i);
        let broken = match bad.len() % 5 {
            // Wrong JSON type.
            0 => s
                .replacen("\"publish\":true", "\"publish\":\"yes\"", 1)
                .replacen("\"publish\":false", "\"publish\":\"no\"", 1),
            // Party id too long.
            1 => {
                let at = s.find("\"party_id\":\"").unwrap() + 12;
                format!("{}TOOLONG{}", &s[..at], &s[at + 3..])
            }
            // Enum value in the wrong case.
            2 => {
                let at = s.find("\"status\":\"").unwrap() + 10;
                let end = at + s[at..].find('"').unwrap();
                format!("{}{}{}", &s[..at], s[at..end].to_lowercase(), &s[end..])
            }
            // Duplicate key.
            3 => format!("{{\"id\":\"DUP\",{}", &s[1..]),
            // String over its maximum length.
            _ => s.replacen("\"city\":\"", &format!("\"city\":\"{}", "x".repeat(50)), 1),
        };
        assert_ne!(broken, s);
        out.extend_from_slice(broken.as_bytes());
    }
    out.push(b']');
    (out, bad)
}

struct Workloads {
    locations: Vec<Location>,
    location_page: Page,
    invalid_location_page: Vec<u8>,
    invalid_indices: Vec<usize>,
    /// The serialized Locations page (equal to `location_page.bytes`), for the memcpy floor.
    serialized: Vec<u8>,
    cdr_page: Page,
    session_page: Page,
    token_page: Page,
    tariff_docs: Page,
    evse_count: usize,
    connector_count: usize,
    /// The official 2.2.1 CDR example, as published, and parsed.
    cdr_example: Vec<u8>,
    cdr_example_parsed: Cdr,
}

impl Workloads {
    fn build() -> Self {
        let mut rng = Lcg(0x0c91_2021);
        let locations = locations(1_000, &mut rng);
        let location_page = page_of(&locations);
        check_page("locations", &location_page, &locations);
        let evse_count = locations
            .iter()
            .map(|l| l.evses.as_ref().map_or(0, Vec::len))
            .sum();
        let connector_count = locations
            .iter()
            .flat_map(|l| l.evses.iter().flatten())
            .map(|e| e.connectors.len())
            .sum();
        assert!(locations.iter().any(|l| l.opening_times.is_some()));
        assert!(locations.iter().any(|l| l.energy_mix.is_some()));

        let (invalid_location_page, invalid_indices) = with_invalid_items(&location_page);
        let list = json::parse_list::<Location>(&invalid_location_page).unwrap();
        assert_eq!(list.items.len(), 1_000 - invalid_indices.len());
        let error_indices: Vec<usize> = list.errors.iter().map(|e| e.index).collect();
        assert_eq!(error_indices, invalid_indices);
        assert!(list.warnings.is_empty());
        let list = json::parse_list::<Location>(&location_page.bytes).unwrap();
        assert!(list.is_complete() && list.items.len() == 1_000 && list.warnings.is_empty());

        let mut serialized = Vec::new();
        serde_json::to_writer(&mut serialized, &locations).unwrap();
        assert!(
            !serialized.windows(4).any(|w| w == b"null"),
            "serialized Locations contain null"
        );
        assert!(serialized == location_page.bytes);
        assert!(
            json::to_vec(&locations) == serialized,
            "the writer differs from serde_json"
        );

        let cdrs = cdrs(10_000, &mut rng);
        let cdr_page = page_of(&cdrs);
        check_page("cdrs", &cdr_page, &cdrs);
        let sessions = sessions(10_000, &mut rng);
        let session_page = page_of(&sessions);
        check_page("sessions", &session_page, &sessions);
        let tokens = tokens(10_000, &mut rng);
        let token_page = page_of(&tokens);
        check_page("tokens", &token_page, &tokens);
        let tariffs = tariffs(10_000, &mut rng);
        let tariff_docs = page_of(&tariffs);
        check_page("tariffs", &tariff_docs, &tariffs);

        let cdr_example = CDR_EXAMPLE.as_bytes().to_vec();
        let cdr_example_parsed = json::parse::<Cdr>(&cdr_example).unwrap().value;
        let v = pricing::verify(
            &cdr_example_parsed,
            &[],
            Some(CDR_ZONE),
            &Default::default(),
        )
        .unwrap();
        assert!(v.is_ok(), "the CDR example does not verify:\n{v}");
        let bill = price_cdr_example(&cdr_example_parsed, true);
        assert_eq!(bill.totals, v.bill.totals);

        Workloads {
            locations,
            location_page,
            invalid_location_page,
            invalid_indices,
            serialized,
            cdr_page,
            session_page,
            token_page,
            tariff_docs,
            evse_count,
            connector_count,
            cdr_example,
            cdr_example_parsed,
        }
    }
}

/// The Location time zone used for the CDR example (Gent).
const CDR_ZONE: &str = "Europe/Brussels";

/// How many times the P1 lines repeat their one-CDR work per timed run.
const P1_REPEAT: usize = 1_000;

/// P1: the CDR example priced against its own tariff: its periods turned into a pricing
/// session in the Location's time zone, then `pricing::price` (with or without the
/// explanation).
fn price_cdr_example(cdr: &Cdr, explain: bool) -> pricing::Bill {
    let cdr = black_box(cdr);
    let session = pricing::Session::new(cdr.start_date_time, cdr.end_date_time)
        .with_time_zone(CDR_ZONE)
        .with_periods(&cdr.charging_periods);
    let tariff = &cdr.tariffs.as_ref().unwrap()[0];
    let options = pricing::Options::default().with_explain(explain);
    pricing::price(tariff, &session, &options).unwrap()
}

/// A page read with the crate's entry point, [`json::parse`] (which also collects the page's
/// warnings: none here).
fn parse_page<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Vec<T> {
    json::parse::<Vec<T>>(black_box(bytes)).unwrap().value
}

/// The same page through the types' serde impls, for comparison.
fn serde_page<T: DeserializeOwned>(bytes: &[u8]) -> Vec<T> {
    serde_json::from_slice::<Vec<T>>(black_box(bytes)).unwrap()
}

fn floor(bytes: &[u8]) {
    serde_json::from_slice::<IgnoredAny>(black_box(bytes)).unwrap();
}

fn parse_each<T: DeserializeOwned + Conformance>(docs: &[Vec<u8>]) -> Vec<T> {
    docs.iter()
        .map(|d| json::parse::<T>(black_box(d)).unwrap().value)
        .collect()
}

fn serde_each<T: DeserializeOwned>(docs: &[Vec<u8>]) -> Vec<T> {
    docs.iter()
        .map(|d| serde_json::from_slice::<T>(black_box(d)).unwrap())
        .collect()
}

fn floor_each(docs: &[Vec<u8>]) {
    for d in docs {
        serde_json::from_slice::<IgnoredAny>(black_box(d)).unwrap();
    }
}

/// W2: the crate's writer ([`json::write`]).
fn serialize_into(buf: &mut Vec<u8>, locations: &[Location]) {
    buf.clear();
    json::write(black_box(locations), buf);
    black_box(&buf);
}

/// The same page through the `Serialize` impls and serde_json's serializer, for comparison.
fn serialize_with_serde(buf: &mut Vec<u8>, locations: &[Location]) {
    buf.clear();
    serde_json::to_writer(&mut *buf, black_box(locations)).unwrap();
    black_box(&buf);
}

fn memcpy_into(dst: &mut [u8], src: &[u8]) {
    dst.copy_from_slice(black_box(src));
    black_box(dst);
}

// ---------------------------------------------------------------------------------------------
// Criterion.

fn criterion_benches(c: &mut Criterion, w: &Workloads) {
    fn parse_group<T: DeserializeOwned + Conformance>(c: &mut Criterion, name: &str, bytes: &[u8]) {
        let mut g = c.benchmark_group(name);
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("crate", |b| {
            b.iter_with_large_drop(|| parse_page::<T>(bytes))
        });
        g.bench_function("floor_ignored_any", |b| b.iter(|| floor(bytes)));
        g.finish();
    }

    parse_group::<Location>(c, "W1_locations_parse", &w.location_page.bytes);

    let mut g = c.benchmark_group("W2_locations_serialize");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(w.serialized.len() as u64));
    let mut buf = Vec::with_capacity(w.serialized.len());
    g.bench_function("crate", |b| {
        b.iter(|| serialize_into(&mut buf, &w.locations))
    });
    g.bench_function("crate_via_serde_json", |b| {
        b.iter(|| serialize_with_serde(&mut buf, &w.locations))
    });
    let mut dst = vec![0u8; w.serialized.len()];
    g.bench_function("floor_memcpy", |b| {
        b.iter(|| memcpy_into(&mut dst, &w.serialized))
    });
    g.finish();

    parse_group::<Cdr>(c, "W3_cdrs_parse", &w.cdr_page.bytes);

    let mut g = c.benchmark_group("P1_price_cdr_example");
    g.bench_function("crate", |b| {
        b.iter(|| price_cdr_example(&w.cdr_example_parsed, true))
    });
    g.bench_function("crate_without_explanation", |b| {
        b.iter(|| price_cdr_example(&w.cdr_example_parsed, false))
    });
    g.bench_function("floor_parse_the_cdr", |b| {
        b.iter(|| json::parse::<Cdr>(black_box(&w.cdr_example)).unwrap())
    });
    g.finish();
    parse_group::<Session>(c, "W3b_sessions_parse", &w.session_page.bytes);

    let mut g = c.benchmark_group("W4_tariffs_parse_each");
    g.sampling_mode(SamplingMode::Flat);
    let total: usize = w.tariff_docs.items.iter().map(Vec::len).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("crate", |b| {
        b.iter_with_large_drop(|| parse_each::<Tariff>(&w.tariff_docs.items))
    });
    g.bench_function("floor_ignored_any", |b| {
        b.iter(|| floor_each(&w.tariff_docs.items))
    });
    g.finish();

    parse_group::<Token>(c, "W5_tokens_parse", &w.token_page.bytes);

    let mut g = c.benchmark_group("parse_list_locations");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(w.location_page.bytes.len() as u64));
    g.bench_function("valid_page", |b| {
        b.iter_with_large_drop(|| json::parse_list::<Location>(black_box(&w.location_page.bytes)))
    });
    g.bench_function("one_percent_invalid", |b| {
        b.iter_with_large_drop(|| json::parse_list::<Location>(black_box(&w.invalid_location_page)))
    });
    g.bench_function("floor_ignored_any", |b| {
        b.iter(|| floor(&w.invalid_location_page))
    });
    g.finish();

    pagination_benches(c);
}

/// The pagination header builders (server) and readers (client), per request.
fn pagination_benches(c: &mut Criterion) {
    use ocpi_protocol::transport::{PageHeaders, PageInfo, PageRequest};
    let url = url::Url::parse(
        "https://cpo.example.com/ocpi/2.2.1/locations?date_from=2024-01-01T00:00:00Z&date_to=2024-12-31T23:59:59Z&offset=200&limit=100",
    )
    .expect("static URL");
    let mut g = c.benchmark_group("pagination");
    g.bench_function("server_request_and_headers", |b| {
        b.iter(|| {
            let request =
                PageRequest::from_query(black_box(url.query()), 100).expect("valid query");
            let mut headers = http::HeaderMap::new();
            PageHeaders::for_page(&request, 10_000, 100, &url).apply(&mut headers);
            headers
        })
    });
    let mut headers = http::HeaderMap::new();
    let request = PageRequest::from_query(url.query(), 100).expect("valid query");
    PageHeaders::for_page(&request, 10_000, 100, &url).apply(&mut headers);
    g.bench_function("client_page_info", |b| {
        b.iter(|| PageInfo::from_headers(black_box(&headers)).expect("valid headers"))
    });
    g.finish();
}

// ---------------------------------------------------------------------------------------------
// Ratios, measured with `Instant`.

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Crate and floor times of one workload.
struct Timing {
    crate_median: Duration,
    floor_median: Duration,
    crate_min: Duration,
    floor_min: Duration,
}

/// Times `crate_run` and `floor_run`, each returning the duration of its timed part.
/// The two are interleaved (one crate run, then as many floor runs as take about as long), for
/// at least `min_total` of crate runs, so load from other processes hits both alike. Each side
/// is run once untimed before its timed runs of a round, so both are timed with their data in
/// the caches, as criterion times them: otherwise every crate run would start with caches
/// just filled by the floor's runs, and only the first floor run of a round by the crate's.
fn measure(
    min_total: Duration,
    mut crate_run: impl FnMut() -> Duration,
    mut floor_run: impl FnMut() -> Duration,
) -> Timing {
    // Warm up, then calibrate on the second runs.
    crate_run();
    floor_run();
    let tc = crate_run().max(Duration::from_nanos(1));
    let tf = floor_run().max(Duration::from_nanos(1));
    let per_round = (tc.as_secs_f64() / tf.as_secs_f64())
        .round()
        .clamp(1.0, 1e4) as usize;
    let rounds = (min_total.as_secs_f64() / tc.as_secs_f64())
        .ceil()
        .clamp(11.0, 1e5) as usize;
    let mut crate_times = Vec::with_capacity(rounds);
    let mut floor_times = Vec::with_capacity(rounds * per_round);
    for _ in 0..rounds {
        crate_run();
        crate_times.push(crate_run());
        floor_run();
        for _ in 0..per_round {
            floor_times.push(floor_run());
        }
    }
    Timing {
        crate_min: *crate_times.iter().min().unwrap_or(&Duration::ZERO),
        floor_min: *floor_times.iter().min().unwrap_or(&Duration::ZERO),
        crate_median: median(crate_times),
        floor_median: median(floor_times),
    }
}

/// [`parse_page`] timed; dropping the page is not timed.
fn timed_page<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Duration {
    timed(|| parse_page::<T>(bytes))
}

/// [`serde_page`] timed.
fn timed_serde_page<T: DeserializeOwned>(bytes: &[u8]) -> Duration {
    timed(|| serde_page::<T>(bytes))
}

fn timed<R>(f: impl FnOnce() -> R) -> Duration {
    let start = Instant::now();
    let r = f();
    let elapsed = start.elapsed();
    drop(r);
    elapsed
}

fn fmt_time(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.1} µs", ms * 1e3)
    }
}

/// Prints the ratio line of a workload (medians) and keeps the ratio of the fastest runs for
/// the summary after all lines.
fn ratio_line(best: &mut Vec<String>, name: &str, t: Timing, target: Option<f64>) {
    let target = match target {
        Some(t) => format!("target <= {t}x"),
        None => "no target".to_owned(),
    };
    // Two decimals below 1 (the pricing line's target is 0.3x), one above.
    let ratio = |c: Duration, f: Duration| {
        let r = c.as_secs_f64() / f.as_secs_f64();
        if r < 1.0 {
            format!("{r:.2}")
        } else {
            format!("{r:.1}")
        }
    };
    println!(
        "{name}: crate {}, floor {}, ratio {}x ({target})",
        fmt_time(t.crate_median),
        fmt_time(t.floor_median),
        ratio(t.crate_median, t.floor_median)
    );
    best.push(format!(
        "{name}: crate {}, floor {}, ratio {}x",
        fmt_time(t.crate_min),
        fmt_time(t.floor_min),
        ratio(t.crate_min, t.floor_min)
    ));
}

fn ratios(w: &Workloads, min_total: Duration) {
    println!();
    println!("== inputs");
    let kb = |n: usize| n as f64 / 1024.0;
    let loc = w.location_page.bytes.len();
    println!(
        "W1/W2 locations page: {loc} bytes ({:.0} KiB; 1000 Locations, {} EVSEs, {} connectors)",
        kb(loc),
        w.evse_count,
        w.connector_count
    );
    let inv = w.invalid_location_page.len();
    println!(
        "parse_list invalid page: {inv} bytes ({} of 1000 items invalid)",
        w.invalid_indices.len()
    );
    for (name, page) in [
        ("W3 cdrs page", &w.cdr_page),
        ("W3b sessions page", &w.session_page),
        ("W5 tokens page", &w.token_page),
    ] {
        let n = page.bytes.len();
        println!(
            "{name}: {n} bytes ({:.0} KiB; 10000 items, {:.0} bytes each)",
            kb(n),
            n as f64 / page.items.len() as f64
        );
    }
    let n: usize = w.tariff_docs.items.iter().map(Vec::len).sum();
    println!(
        "W4 tariff documents: {n} bytes in total ({:.0} KiB; 10000 documents, {:.0} bytes each)",
        kb(n),
        n as f64 / w.tariff_docs.items.len() as f64
    );

    println!();
    println!("== ratios (median of >= {min_total:?} of interleaved runs)");
    // Other processes change the ratios (the floor is memory-bound, the crate less so): say
    // how busy the machine was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        println!("(load average {one_minute} on {cpus} CPUs when the ratios started)");
    }
    let mut r = Ratios::new(min_total);
    let loc_bytes = &w.location_page.bytes;
    r.line(
        "W1 locations parse",
        Some(4.0),
        || timed(|| parse_page::<Location>(loc_bytes)),
        || timed(|| floor(loc_bytes)),
    );
    r.line(
        "W1 the same through serde_json::from_slice",
        None,
        || timed_serde_page::<Location>(loc_bytes),
        || timed(|| floor(loc_bytes)),
    );

    let mut buf = Vec::with_capacity(w.serialized.len());
    let mut dst = vec![0u8; w.serialized.len()];
    r.line(
        "W2 locations serialize",
        Some(12.0),
        || timed(|| serialize_into(&mut buf, &w.locations)),
        || timed(|| memcpy_into(&mut dst, &w.serialized)),
    );
    r.line(
        "W2 the same through serde_json",
        None,
        || timed(|| serialize_with_serde(&mut buf, &w.locations)),
        || timed(|| memcpy_into(&mut dst, &w.serialized)),
    );

    for (name, bytes, parse, serde) in [
        (
            "W3 cdrs parse",
            &w.cdr_page.bytes,
            timed_page::<Cdr> as fn(&[u8]) -> _,
            timed_serde_page::<Cdr> as fn(&[u8]) -> _,
        ),
        (
            "W3b sessions parse",
            &w.session_page.bytes,
            timed_page::<Session>,
            timed_serde_page::<Session>,
        ),
        (
            "W5 tokens parse",
            &w.token_page.bytes,
            timed_page::<Token>,
            timed_serde_page::<Token>,
        ),
    ] {
        r.line(name, Some(4.0), || parse(bytes), || timed(|| floor(bytes)));
        let prefix = name.split(' ').next().unwrap_or(name);
        r.line(
            &format!("{prefix} the same through serde_json::from_slice"),
            None,
            || serde(bytes),
            || timed(|| floor(bytes)),
        );
    }

    let docs = &w.tariff_docs.items;
    r.line(
        "W4 tariffs parse",
        Some(3.0),
        || timed(|| parse_each::<Tariff>(docs)),
        || timed(|| floor_each(docs)),
    );
    r.line(
        "W4 the same through serde_json::from_slice",
        None,
        || timed(|| serde_each::<Tariff>(docs)),
        || timed(|| floor_each(docs)),
    );

    // P1: pricing the official CDR example against its tariff, against reading that CDR with
    // `json::parse`; both repeated P1_REPEAT times per run.
    let cdr = &w.cdr_example_parsed;
    let parse_cdr = || {
        timed(|| {
            for _ in 0..P1_REPEAT {
                black_box(json::parse::<Cdr>(black_box(&w.cdr_example)).unwrap());
            }
        })
    };
    for (name, explain) in [
        ("P1 price the cdr_example vs parsing it", true),
        ("P1 the same without the explanation", false),
    ] {
        r.line(
            name,
            Some(0.3),
            || {
                timed(|| {
                    for _ in 0..P1_REPEAT {
                        black_box(price_cdr_example(cdr, explain));
                    }
                })
            },
            parse_cdr,
        );
    }
    r.line(
        "P1 verify the cdr_example (pricing + comparing its totals)",
        None,
        || {
            timed(|| {
                for _ in 0..P1_REPEAT {
                    let v =
                        pricing::verify(black_box(cdr), &[], Some(CDR_ZONE), &Default::default());
                    black_box(v.unwrap());
                }
            })
        },
        parse_cdr,
    );

    // Scaling of `verify` in the tariffs of a CDR: 10 000 tariffs and periods (period i
    // priced by tariff i) against 1 000. Each tariff pricing its own periods gives a ratio
    // near 10 (12 to 13 measured: a working set ten times larger misses the caches more);
    // each tariff walking every period, near 100.
    let (big, small) = (many_tariffs_cdr(10_000), many_tariffs_cdr(1_000));
    let verify =
        |cdr: &Cdr| pricing::verify(black_box(cdr), &[], Some(CDR_ZONE), &Default::default());
    r.line(
        "P2 verify a CDR of 10000 tariffs and periods / 1000 (scaling)",
        Some(15.0),
        || timed(|| black_box(verify(&big).unwrap())),
        || timed(|| black_box(verify(&small).unwrap())),
    );

    for (name, bytes) in [
        ("parse_list locations, valid page", loc_bytes),
        ("parse_list locations, 1% invalid", &w.invalid_location_page),
    ] {
        r.line(
            name,
            None,
            || timed(|| json::parse_list::<Location>(black_box(bytes))),
            || timed(|| floor(bytes)),
        );
    }

    // Scaling in the number of unknown fields: an EVSE carrying 100 000 of them against the
    // same EVSE carrying 10 000. Linear reading gives a ratio near 10; reading that compares
    // each name with every earlier one, near 100.
    let (big, small) = (unknown_fields_evse(100_000), unknown_fields_evse(10_000));
    r.line(
        "U1 unknown fields 100000 / 10000 (scaling)",
        Some(12.0),
        || timed(|| json::parse::<Evse>(black_box(&big)).unwrap()),
        || timed(|| json::parse::<Evse>(black_box(&small)).unwrap()),
    );
    r.line(
        "U1 the same through serde_json::from_slice",
        Some(12.0),
        || timed(|| serde_json::from_slice::<Evse>(black_box(&big)).unwrap()),
        || timed(|| serde_json::from_slice::<Evse>(black_box(&small)).unwrap()),
    );

    // A run longer than the scheduler's time slice is preempted more often than a short floor
    // run when other processes compete for the CPUs, which inflates the median ratios; the
    // fastest run of each side is much less affected.
    println!();
    println!("== the same from the fastest run of each side (less sensitive to load)");
    for line in r.best {
        println!("{line}");
    }
}

/// An EVSE (2.2.1) with `n` unknown fields `"u0":0`, `"u1":1`, … after its known fields.
/// The official CDR example with `n` tariffs (copies of its own, `T0`…) and `n` charging
/// periods (copies of its first, period `i` priced by tariff `Ti`).
fn many_tariffs_cdr(n: usize) -> Cdr {
    let mut cdr: serde_json::Value = serde_json::from_str(CDR_EXAMPLE).unwrap();
    let (tariff, period) = (
        cdr["tariffs"][0].clone(),
        cdr["charging_periods"][0].clone(),
    );
    let (mut tariffs, mut periods) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let mut t = tariff.clone();
        t["id"] = format!("T{i}").into();
        tariffs.push(t);
        let mut p = period.clone();
        p["tariff_id"] = format!("T{i}").into();
        periods.push(p);
    }
    cdr["tariffs"] = tariffs.into();
    cdr["charging_periods"] = periods.into();
    json::parse::<Cdr>(&serde_json::to_vec(&cdr).unwrap())
        .unwrap()
        .value
}

fn unknown_fields_evse(n: usize) -> Vec<u8> {
    let mut doc = br#"{"uid":"3256","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE","max_voltage":220,"max_amperage":16,"last_updated":"2015-03-16T10:10:02Z"}],"last_updated":"2015-06-28T08:12:01Z""#.to_vec();
    for i in 0..n {
        doc.extend_from_slice(format!(r#","u{i}":{i}"#).as_bytes());
    }
    doc.push(b'}');
    doc
}

/// The ratio lines: each measured, printed, and its fastest-run line kept for the summary.
/// `OCPI_BENCH_ONLY` (comma-separated prefixes, e.g. `W2,W3`) restricts them to the workloads
/// whose names start with one of the prefixes.
struct Ratios {
    min_total: Duration,
    only: Option<Vec<String>>,
    best: Vec<String>,
}

impl Ratios {
    fn new(min_total: Duration) -> Self {
        let only = std::env::var("OCPI_BENCH_ONLY")
            .ok()
            .map(|v| v.split(',').map(|p| p.trim().to_owned()).collect());
        Ratios {
            min_total,
            only,
            best: Vec::new(),
        }
    }

    fn line(
        &mut self,
        name: &str,
        target: Option<f64>,
        crate_run: impl FnMut() -> Duration,
        floor_run: impl FnMut() -> Duration,
    ) {
        if let Some(only) = &self.only {
            if !only.iter().any(|p| name.starts_with(p.as_str())) {
                return;
            }
        }
        let t = measure(self.min_total, crate_run, floor_run);
        ratio_line(&mut self.best, name, t, target);
    }
}

// ---------------------------------------------------------------------------------------------
// Memory.

fn memory_line<T: DeserializeOwned + Conformance>(name: &str, page: &Page) {
    let n = page.items.len() as f64;
    let (mut calls, mut bytes, mut live) = (0, 0, 0);
    for item in &page.items {
        let (c, b, l) = heap_use(|| json::parse::<T>(item).unwrap().value);
        calls += c;
        bytes += b;
        live += l;
    }
    let (pc, pb, pl) = heap_use(|| parse_page::<T>(&page.bytes));
    println!(
        "per {name} (size_of {} B): {:.1} allocations, {:.0} B allocated, {:.0} B retained; \
         as a page: {:.1} allocations, {:.0} B allocated, {:.0} B retained per item",
        std::mem::size_of::<T>(),
        calls as f64 / n,
        bytes as f64 / n,
        live as f64 / n,
        pc as f64 / n,
        pb as f64 / n,
        pl as f64 / n,
    );
}

fn memory(w: &Workloads) {
    println!();
    println!("== heap (items parsed one by one; then the whole page, which adds the Vec growth)");
    memory_line::<Location>("Location", &w.location_page);
    memory_line::<Cdr>("CDR", &w.cdr_page);
    memory_line::<Session>("Session", &w.session_page);
    memory_line::<Token>("Token", &w.token_page);
    memory_line::<Tariff>("Tariff", &w.tariff_docs);
    println!(
        "(size_of: Evse {} B, Connector {} B, CiString<36> {} B, DateTime {} B, Number {} B)",
        std::mem::size_of::<Evse>(),
        std::mem::size_of::<Connector>(),
        std::mem::size_of::<CiString<36>>(),
        std::mem::size_of::<DateTime>(),
        std::mem::size_of::<Number>(),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    // Same rule as criterion: `cargo bench` passes --bench; `cargo test --benches` does not.
    // `--profile-time` (criterion's mode for profilers) runs the chosen benchmark only.
    let benchmarking = has("--bench")
        && !has("--test")
        && !has("--list")
        && !args.iter().any(|a| a.starts_with("--profile-time"));

    let setup = Instant::now();
    let w = Workloads::build();
    if !has("--list") {
        println!(
            "setup: workloads generated and checked in {:.1} s",
            setup.elapsed().as_secs_f64()
        );
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    criterion_benches(&mut c, &w);
    c.final_summary();

    if benchmarking {
        // `OCPI_BENCH_SECONDS`: crate time per ratio line (default 1 s).
        let seconds = std::env::var("OCPI_BENCH_SECONDS")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(1.0);
        ratios(&w, Duration::from_secs_f64(seconds));
        memory(&w);
    }
}
