//! Property tests.
//!
//! - Every object of every version (each one `schema::objects` exports, PATCH forms included):
//!   a random document valid for its exported JSON Schema is accepted by a strict read, written
//!   back exactly (numbers as decimals, strings byte for byte, unknown fields verbatim, `null`
//!   optional fields dropped except at the top of a PATCH body), and reads back to an equal
//!   value that writes the same bytes.
//! - `DateTime`, `Number`, `Url` and the bounded strings: print ∘ parse is the identity on
//!   their text, parse ∘ print on their values, and the constructors accept exactly what the
//!   spec's rules accept.
//! - `json::parse_list`: pages mixing valid and corrupted objects lose no valid object, and
//!   report every invalid one at its index.
//!
//! Case counts keep the whole file to a few seconds; `PROPTEST_CASES=n` overrides them all.

mod common;
#[path = "common/json_tree.rs"]
mod json_tree;
#[path = "common/schema_gen.rs"]
mod schema_gen;

use std::fmt::Debug;

use json_tree::Json;
use ocpi_protocol::json::{parse, parse_list, parse_strict};
use ocpi_protocol::types::{
    CiString, Conformance, CountryCode, DateTime, Number, OcpiString, PartyId, Url,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A runner with `cases` cases, unless `PROPTEST_CASES` says otherwise; no files written.
fn runner(cases: u32) -> TestRunner {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config.failure_persistence = None;
    // ChaCha costs most of the time of an unoptimised test build; XorShift is plenty here.
    config.rng_algorithm = RngAlgorithm::XorShift;
    TestRunner::new(config)
}

fn run<S: Strategy>(
    what: &str,
    cases: u32,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    if let Err(e) = runner(cases).run(strategy, test) {
        panic!("{what}: {e}");
    }
}

// ---- every object of every version ----

/// What every object type of the model is: read, written both ways, checked, compared.
#[cfg(feature = "schema")]
trait Model:
    DeserializeOwned + Serialize + ocpi_protocol::json::WriteJson + Conformance + PartialEq + Debug
{
}

#[cfg(feature = "schema")]
impl<T> Model for T where
    T: DeserializeOwned
        + Serialize
        + ocpi_protocol::json::WriteJson
        + Conformance
        + PartialEq
        + Debug
{
}

#[cfg(feature = "schema")]
/// Reads `doc` as a `T` (strictly and leniently), writes it back, compares, reads again.
fn round_trip<T: Model>(doc: &Json, patch: bool) -> Result<(), String> {
    let text = doc.to_text();
    let value = parse_strict::<T>(text.as_bytes())
        .map_err(|e| format!("a valid document is refused: {e}\n{text}"))?;
    let lenient = parse::<T>(text.as_bytes()).map_err(|e| format!("lenient read: {e}"))?;
    if !lenient.warnings.is_empty() || lenient.value != value {
        return Err(format!("lenient read differs: {:?}", lenient.warnings));
    }
    let written = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    if ocpi_protocol::json::to_vec(&value) != written.as_bytes() {
        return Err(format!(
            "the writer differs from serde_json:\n{}\n{written}",
            String::from_utf8_lossy(&ocpi_protocol::json::to_vec(&value))
        ));
    }
    json_tree::same(&doc.written_back(patch), &Json::read(&written), "$")
        .map_err(|e| format!("{e}\nread:    {text}\nwritten: {written}"))?;
    let again = parse_strict::<T>(written.as_bytes())
        .map_err(|e| format!("its own output is refused: {e}\n{written}"))?;
    if again != value {
        return Err(format!(
            "read back differs:\n{again:?}\n{value:?}\nwritten: {written}"
        ));
    }
    let rewritten = serde_json::to_string(&again).map_err(|e| e.to_string())?;
    if rewritten != written {
        return Err(format!("written twice differs:\n{written}\n{rewritten}"));
    }
    Ok(())
}

/// One object type: its name (as in `schema::objects`) and its round trip.
#[cfg(feature = "schema")]
struct Kind {
    name: &'static str,
    round_trip: fn(&Json, bool) -> Result<(), String>,
}

#[cfg(feature = "schema")]
fn kind<T: Model>(name: &'static str) -> Kind {
    Kind {
        name,
        round_trip: round_trip::<T>,
    }
}

#[cfg(feature = "schema")]
macro_rules! kinds {
    ($root:path { $($module:ident: [$($ty:ident),* $(,)?]),* $(,)? } $(+ $extra:path as $name:literal)*) => {{
        use $root as root;
        vec![
            $($(kind::<root::$module::$ty>(stringify!($ty)),)*)*
            $(kind::<$extra>($name),)*
        ]
    }};
}

#[cfg(feature = "schema")]
fn kinds_2_1_1() -> Vec<Kind> {
    kinds!(ocpi_protocol::v2_1_1 {
        cdrs: [Cdr, CdrDimension, ChargingPeriod],
        commands: [CommandResponse, ReserveNow, StartSession, StopSession, UnlockConnector],
        credentials: [Credentials],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
            LocationPatch, RegularHours, StatusSchedule,
        ],
        sessions: [Session, SessionPatch],
        tariffs: [PriceComponent, Tariff, TariffElement, TariffPatch, TariffRestrictions],
        tokens: [AuthorizationInfo, LocationReferences, Token, TokenPatch],
        versions: [Endpoint, Version, VersionDetails],
    } + ocpi_protocol::types::DisplayText as "DisplayText")
}

#[cfg(feature = "schema")]
fn kinds_2_2_1() -> Vec<Kind> {
    kinds!(ocpi_protocol::v2_2_1 {
        cdrs: [Cdr, CdrDimension, CdrLocation, CdrToken, ChargingPeriod, SignedData, SignedValue],
        charging_profiles: [
            ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
            ChargingProfileResponse, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
        ],
        commands: [
            CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
            UnlockConnector,
        ],
        credentials: [Credentials, CredentialsRole],
        hub_client_info: [ClientInfo],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
            LocationPatch, PublishTokenType, RegularHours, StatusSchedule,
        ],
        sessions: [ChargingPreferences, Session, SessionPatch],
        tariffs: [PriceComponent, Tariff, TariffElement, TariffRestrictions],
        tokens: [AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch],
        versions: [Endpoint, Version, VersionDetails],
    } + ocpi_protocol::types::DisplayText as "DisplayText"
      + ocpi_protocol::types::Price as "Price")
}

#[cfg(feature = "schema")]
fn kinds_2_3_0() -> Vec<Kind> {
    kinds!(ocpi_protocol::v2_3_0 {
        cdrs: [Cdr, CdrDimension, CdrLocation, CdrToken, ChargingPeriod, SignedData, SignedValue],
        charging_profiles: [
            ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
            ChargingProfileResponse, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
        ],
        commands: [
            CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
            UnlockConnector,
        ],
        credentials: [Credentials, CredentialsRole],
        hub_client_info: [ClientInfo],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvseParking, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image,
            Location, LocationPatch, Parking, PublishTokenType, RegularHours, StatusSchedule,
        ],
        payments: [FinancialAdviceConfirmation, Terminal, TerminalPatch],
        sessions: [ChargingPreferences, Session, SessionPatch],
        tariffs: [Price, PriceComponent, PriceLimit, Tariff, TariffElement, TariffRestrictions, TaxAmount],
        tokens: [AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch],
        versions: [Endpoint, Version, VersionDetails],
    } + ocpi_protocol::types::DisplayText as "DisplayText")
}

/// Documents per object type and version.
const OBJECT_CASES: u32 = 64;

#[cfg(feature = "schema")]
fn every_object_round_trips(version: &str, kinds: Vec<Kind>) {
    let schemas = ocpi_protocol::schema::objects(version).unwrap();
    let mut exported: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
    let mut tested: Vec<&str> = kinds.iter().map(|k| k.name).collect();
    exported.sort_unstable();
    tested.sort_unstable();
    assert_eq!(
        exported, tested,
        "{version}: the tested types are the exported ones"
    );
    for named in schemas {
        let kind = kinds.iter().find(|k| k.name == named.name).unwrap();
        let patch = named.name.ends_with("Patch");
        let schema: serde_json::Value = named.schema.clone().into();
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let documents = schema_gen::documents(&schema);
        run(
            &format!("{version} {}", named.name),
            OBJECT_CASES,
            &documents,
            |doc| {
                prop_assert!(
                    validator.is_valid(&doc.to_value()),
                    "the generator made a document its schema refuses: {doc:?}"
                );
                (kind.round_trip)(&doc, patch).map_err(TestCaseError::fail)
            },
        );
    }
}

#[cfg(feature = "schema")]
#[test]
fn every_2_1_1_object_round_trips() {
    every_object_round_trips("2.1.1", kinds_2_1_1());
}

#[cfg(feature = "schema")]
#[test]
fn every_2_2_1_object_round_trips() {
    every_object_round_trips("2.2.1", kinds_2_2_1());
}

#[cfg(feature = "schema")]
#[test]
fn every_2_3_0_object_round_trips() {
    every_object_round_trips("2.3.0", kinds_2_3_0());
}

// ---- DateTime, Number, Url and the bounded strings ----

#[test]
fn datetime_text_and_value_round_trip() {
    // print ∘ parse on the text: the very same bytes, fraction digits and `Z` included.
    run("DateTime text", 512, &schema_gen::datetime_text(), |text| {
        let d = DateTime::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(d.to_string(), text.clone());
        prop_assert_eq!(d.has_zulu(), text.ends_with('Z'));
        prop_assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{text}\""));
        Ok(())
    });
    // parse ∘ print on values: any instant of years 0000–9999 at nanosecond precision, kept
    // to the millisecond (the spec's string(25) leaves room for three fraction digits).
    let instants = (0i64..253_402_300_800, 0u32..1_000_000_000);
    run("DateTime value", 512, &instants, |(secs, nanos)| {
        let instant = chrono::DateTime::from_timestamp(secs - 62_167_219_200, nanos).unwrap();
        let d = DateTime::from_chrono(instant);
        let millis =
            chrono::DateTime::from_timestamp(secs - 62_167_219_200, nanos / 1_000_000 * 1_000_000)
                .unwrap();
        prop_assert_eq!(d.to_chrono(), millis);
        prop_assert!(d.written_len() <= 24);
        let again = DateTime::parse(&d.to_string()).unwrap();
        prop_assert_eq!(again, d);
        prop_assert_eq!(again.to_string(), d.to_string());
        Ok(())
    });
}

#[test]
fn datetime_refuses_offsets_and_impossible_dates() {
    let cases = (
        schema_gen::datetime_text(),
        prop::sample::select(vec!["+00:00", "+02:00", "-05:30", "z", " ", "ZZ", "+0000"]),
    );
    run("DateTime suffix", 256, &cases, |(text, suffix)| {
        let base = text.trim_end_matches('Z');
        let bad = format!("{base}{suffix}");
        prop_assert!(DateTime::parse(&bad).is_err(), "{}", bad);
        Ok(())
    });
    let dates = (1u32..=9999, 1u32..=12, 29u32..=31);
    run("DateTime calendar", 256, &dates, |(y, m, d)| {
        let text = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
        let valid = chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some();
        prop_assert_eq!(DateTime::parse(&text).is_ok(), valid, "{}", text);
        Ok(())
    });
}

#[test]
fn number_text_and_value_round_trip() {
    // A plain decimal is written back byte for byte: digits, scale and sign.
    run("Number text", 1024, &schema_gen::plain_number(), |text| {
        let n = Number::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(n.to_string(), text.clone());
        prop_assert_eq!(serde_json::to_string(&n).unwrap(), text.clone());
        let read: Number = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(read.to_string(), text);
        Ok(())
    });
    // An exponent form is read exactly: the same decimal as the text with the exponent
    // applied by hand, written back as a plain decimal that reads back equal.
    run(
        "Number exponent",
        512,
        &schema_gen::exponent_number(),
        |text| {
            let n = Number::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (mantissa, exp) = text.split_once(['e', 'E']).unwrap();
            let exp: i32 = exp.parse().unwrap();
            let m = rust_decimal::Decimal::from_str_exact(mantissa).unwrap();
            let expected = if exp >= 0 {
                m * rust_decimal::Decimal::from(10i64.pow(exp as u32))
            } else {
                m / rust_decimal::Decimal::from(10i64.pow((-exp) as u32))
            };
            prop_assert_eq!(n.to_decimal(), expected);
            let printed = n.to_string();
            prop_assert!(!printed.contains(['e', 'E']));
            prop_assert_eq!(Number::parse(&printed).unwrap(), n);
            Ok(())
        },
    );
    // parse ∘ print on values: any decimal the type holds.
    let values = (any::<i64>(), 0u32..=18);
    run("Number value", 1024, &values, |(mantissa, scale)| {
        let n = Number::from(rust_decimal::Decimal::new(mantissa, scale));
        let text = n.to_string();
        let back = Number::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(back, n);
        prop_assert_eq!(back.to_string(), text);
        Ok(())
    });
}

#[test]
fn url_text_round_trips() {
    run("Url", 512, &schema_gen::url_text(), |text| {
        let u = Url::new(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(u.as_str(), text.as_str());
        prop_assert_eq!(u.to_string(), text.clone());
        prop_assert_eq!(
            serde_json::to_string(&u).unwrap(),
            serde_json::to_string(&text).unwrap()
        );
        let read: Url = serde_json::from_str(&serde_json::to_string(&text).unwrap()).unwrap();
        prop_assert_eq!(read, u);
        Ok(())
    });
}

/// Any string, from every class of character the rules distinguish, with lengths around the
/// bounds tested (3, 36, 39).
fn any_text() -> BoxedStrategy<String> {
    let mixed = prop_oneof![
        6 => schema_gen::text_char(),
        1 => proptest::char::range('\0', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
    ];
    let lengths = prop_oneof![0usize..=5, 34usize..=41];
    lengths
        .prop_flat_map(move |n| {
            prop_oneof![
                proptest::collection::vec(mixed.clone(), n),
                proptest::collection::vec(schema_gen::ascii_char(), n),
                proptest::collection::vec(schema_gen::text_char(), n),
            ]
        })
        .prop_map(String::from_iter)
        .boxed()
}

#[test]
fn bounded_strings_accept_exactly_the_spec_rules() {
    fn ci<const N: usize>(s: &str) -> Result<(), TestCaseError> {
        let rule = s.len() <= N && s.bytes().all(|b| (0x20..=0x7e).contains(&b));
        let made = CiString::<N>::new(s);
        prop_assert_eq!(made.is_ok(), rule, "CiString<{}> {:?}", N, s);
        let read = serde_json::from_str::<CiString<N>>(&serde_json::to_string(s).unwrap());
        prop_assert_eq!(read.is_ok(), rule);
        if let Ok(v) = made {
            prop_assert_eq!(v.as_str(), s);
            prop_assert_eq!(
                serde_json::to_string(&v).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        Ok(())
    }
    fn text<const N: usize>(s: &str) -> Result<(), TestCaseError> {
        let rule = s.chars().count() <= N && !s.chars().any(char::is_control);
        let made = OcpiString::<N>::new(s);
        prop_assert_eq!(made.is_ok(), rule, "OcpiString<{}> {:?}", N, s);
        let read = serde_json::from_str::<OcpiString<N>>(&serde_json::to_string(s).unwrap());
        prop_assert_eq!(read.is_ok(), rule);
        if let Ok(v) = made {
            prop_assert_eq!(v.as_str(), s);
            prop_assert_eq!(v.to_string(), s);
        }
        Ok(())
    }
    run("bounded strings", 1024, &any_text(), |s| {
        ci::<3>(&s)?;
        ci::<36>(&s)?;
        ci::<39>(&s)?;
        text::<3>(&s)?;
        text::<36>(&s)?;
        text::<39>(&s)?;
        let country = s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
        prop_assert_eq!(CountryCode::new(&s).is_ok(), country);
        let party = s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphanumeric());
        prop_assert_eq!(PartyId::new(&s).is_ok(), party);
        Ok(())
    });
    // Valid values round-trip, at every length up to the bound (inline and heap storage).
    run("CiString<255>", 256, &schema_gen::ascii_string(255), |s| {
        ci::<255>(&s)
    });
    run("OcpiString<255>", 256, &schema_gen::text_string(255), |s| {
        text::<255>(&s)
    });
    run(
        "CountryCode and PartyId",
        256,
        &(
            proptest::collection::vec(
                proptest::char::range('A', 'z').prop_filter("letter", char::is_ascii_alphabetic),
                2..=2,
            ),
            proptest::collection::vec(
                proptest::char::range('0', 'z').prop_filter("alnum", char::is_ascii_alphanumeric),
                3..=3,
            ),
        ),
        |(c, p)| {
            let (c, p): (String, String) = (c.into_iter().collect(), p.into_iter().collect());
            let cc = CountryCode::new(&c).unwrap();
            let pid = PartyId::new(&p).unwrap();
            prop_assert_eq!(cc.as_str(), c.as_str());
            prop_assert_eq!(pid.to_string(), p.clone());
            prop_assert_eq!(cc, CountryCode::new(&c.to_ascii_lowercase()).unwrap());
            prop_assert_eq!(pid, PartyId::new(&p.to_ascii_uppercase()).unwrap());
            Ok(())
        },
    );
}

// ---- pages: one bad object never loses the others ----

/// How an object of a page is spoiled.
#[cfg(feature = "schema")]
#[derive(Debug, Clone)]
enum Spoil {
    /// Replaced by a JSON value that is not an object.
    NotAnObject(&'static str),
    /// One of its members repeated (a duplicate key is always refused).
    DuplicateKey(usize),
    /// One of its members removed.
    Remove(usize),
    /// One of its members' values replaced.
    Replace(usize, &'static str),
}

#[cfg(feature = "schema")]
fn spoils() -> BoxedStrategy<Spoil> {
    prop_oneof![
        prop::sample::select(vec!["42", "\"x\"", "[]", "true", "null", "[{}]"])
            .prop_map(Spoil::NotAnObject),
        any::<usize>().prop_map(Spoil::DuplicateKey),
        any::<usize>().prop_map(Spoil::Remove),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "null",
                "1",
                "\"\"",
                "{}",
                "[1]",
                "\"x\"",
                "-1.5",
                "\"2015-06-29T20:39:09+02:00\""
            ])
        )
            .prop_map(|(i, v)| Spoil::Replace(i, v)),
    ]
    .boxed()
}

#[cfg(feature = "schema")]
impl Spoil {
    /// Applies to an object; returns whether the result is certainly invalid.
    fn apply(&self, doc: &mut Json) -> bool {
        let members = doc.members_mut();
        match *self {
            Spoil::NotAnObject(v) => {
                *doc = Json::read(v);
                true
            }
            Spoil::DuplicateKey(i) if !members.is_empty() => {
                let m = members[i % members.len()].clone();
                members.push(m);
                true
            }
            Spoil::Remove(i) if !members.is_empty() => {
                members.remove(i % members.len());
                false
            }
            Spoil::Replace(i, v) if !members.is_empty() => {
                let n = members.len();
                members[i % n].1 = Json::read(v);
                false
            }
            _ => {
                *doc = Json::Num("0".into());
                true
            }
        }
    }
}

/// Pages of `T`: each element valid or spoiled; the list read must agree, index by index, with
/// reading each element alone.
#[cfg(feature = "schema")]
fn pages_keep_every_valid_object<T>(version: &str, name: &str)
where
    T: DeserializeOwned + Conformance + PartialEq + Debug,
{
    let schema: serde_json::Value = ocpi_protocol::schema::objects(version)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .schema
        .into();
    let elements = proptest::collection::vec(
        (
            schema_gen::documents(&schema),
            prop::option::weighted(0.4, spoils()),
        ),
        0..6,
    );
    run(
        &format!("page of {version} {name}"),
        32,
        &elements,
        |elements| {
            let mut texts = Vec::new();
            let mut certainly_invalid = Vec::new();
            for (mut doc, spoil) in elements {
                let bad = spoil.is_some_and(|s| s.apply(&mut doc));
                texts.push(doc.to_text());
                certainly_invalid.push(bad);
            }
            let page = format!("[{}]", texts.join(", "));
            let list = parse_list::<T>(page.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("the page is refused: {e}")))?;
            let (mut items, mut errors) = (list.items.iter(), list.errors.iter());
            let mut warnings = 0;
            for (index, text) in texts.iter().enumerate() {
                match parse::<T>(text.as_bytes()) {
                    Ok(alone) => {
                        prop_assert!(!certainly_invalid[index], "accepted: {}", text);
                        prop_assert_eq!(items.next(), Some(&alone.value), "item {}", index);
                        for w in &alone.warnings {
                            let path = if w.path == "." {
                                format!("[{index}]")
                            } else {
                                format!("[{index}].{}", w.path)
                            };
                            let got = list.warnings.get(warnings).map(|w| w.path.as_str());
                            prop_assert_eq!(got, Some(path.as_str()));
                            warnings += 1;
                        }
                    }
                    Err(alone) => {
                        let e = errors.next().ok_or_else(|| {
                            TestCaseError::fail(format!("no error for item {index}"))
                        })?;
                        prop_assert_eq!(e.index, index);
                        prop_assert!(text.starts_with(&e.raw));
                        prop_assert_eq!(e.raw_len, text.len());
                        prop_assert_eq!(e.error.category, alone.category);
                        prop_assert_eq!(&e.error.message, &alone.message);
                        let expected = if alone.path == "." {
                            format!("[{index}]")
                        } else {
                            format!("[{index}].{}", alone.path)
                        };
                        prop_assert_eq!(&e.error.path, &expected);
                    }
                }
            }
            prop_assert!(
                items.next().is_none() && errors.next().is_none(),
                "extra items or errors"
            );
            prop_assert_eq!(warnings, list.warnings.len());
            prop_assert_eq!(list.is_complete(), list.errors.is_empty());
            Ok(())
        },
    );
}

#[cfg(feature = "schema")]
#[test]
fn pages_keep_every_valid_object_of_each_paginated_module() {
    use ocpi_protocol::{v2_1_1, v2_2_1, v2_3_0};
    pages_keep_every_valid_object::<v2_1_1::locations::Location>("2.1.1", "Location");
    pages_keep_every_valid_object::<v2_1_1::sessions::Session>("2.1.1", "Session");
    pages_keep_every_valid_object::<v2_1_1::cdrs::Cdr>("2.1.1", "Cdr");
    pages_keep_every_valid_object::<v2_1_1::tariffs::Tariff>("2.1.1", "Tariff");
    pages_keep_every_valid_object::<v2_1_1::tokens::Token>("2.1.1", "Token");
    pages_keep_every_valid_object::<v2_2_1::locations::Location>("2.2.1", "Location");
    pages_keep_every_valid_object::<v2_2_1::sessions::Session>("2.2.1", "Session");
    pages_keep_every_valid_object::<v2_2_1::cdrs::Cdr>("2.2.1", "Cdr");
    pages_keep_every_valid_object::<v2_2_1::tariffs::Tariff>("2.2.1", "Tariff");
    pages_keep_every_valid_object::<v2_2_1::tokens::Token>("2.2.1", "Token");
    pages_keep_every_valid_object::<v2_2_1::hub_client_info::ClientInfo>("2.2.1", "ClientInfo");
    pages_keep_every_valid_object::<v2_3_0::locations::Location>("2.3.0", "Location");
    pages_keep_every_valid_object::<v2_3_0::sessions::Session>("2.3.0", "Session");
    pages_keep_every_valid_object::<v2_3_0::cdrs::Cdr>("2.3.0", "Cdr");
    pages_keep_every_valid_object::<v2_3_0::tariffs::Tariff>("2.3.0", "Tariff");
    pages_keep_every_valid_object::<v2_3_0::tokens::Token>("2.3.0", "Token");
    pages_keep_every_valid_object::<v2_3_0::payments::Terminal>("2.3.0", "Terminal");
    pages_keep_every_valid_object::<v2_3_0::payments::FinancialAdviceConfirmation>(
        "2.3.0",
        "FinancialAdviceConfirmation",
    );
}

#[test]
fn a_page_that_is_not_an_array_is_one_error() {
    use ocpi_protocol::v2_2_1::tokens::Token;
    let not_pages = prop_oneof![
        Just("{}".to_owned()),
        Just("[".to_owned()),
        Just("[{}, ".to_owned()),
        Just("".to_owned()),
        schema_gen::any_json()
            .prop_filter("not an array", |j| !matches!(j, Json::Arr(_)))
            .prop_map(|j| j.to_text()),
    ];
    run("not a page", 128, &not_pages, |text| {
        prop_assert!(parse_list::<Token>(text.as_bytes()).is_err(), "{}", text);
        Ok(())
    });
}
