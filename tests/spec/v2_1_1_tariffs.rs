//! 2.1.1 Tariffs module: the examples of `mod_tariffs.md`, the PATCH form and malformed
//! documents.
//!
//! Errata of the 2.1.1 Tariff examples, each asserted below:
//! - `mod_tariffs__example_new_tariff_2_euro_per_hour.json` (published after a `PUT To URL:`
//!   line) has no `last_updated` (`Tariff.last_updated` is `lax`);
//! - the tariff inside the CDR example lacks `last_updated` too and sends a price as a string
//!   (`PriceComponent.price` is `Tolerant<Number>`; see `v2_1_1_cdrs.rs`).
//!
//! `mod_tariffs__example_change_tariff_to_2_50.json` sits under §PATCH Method but is
//! published after a `PUT To URL:` line; it holds only `elements`, so it is read as a
//! TariffPatch (as a full Tariff it is refused).

use crate::common;
use crate::common::assert_clean;
use crate::common::request_body;
use crate::common::{assert_refused, dt, num, replaced, wire_names};

use common::{assert_round_trip, exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{
    DisplayText, Number, OcpiString, PatchField, Tolerant, Url, Warning, WarningKind,
};
use ocpi_protocol::v2_1_1::tariffs::{
    DayOfWeek, PriceComponent, Tariff, TariffDimensionType, TariffElement, TariffPatch,
};

const SIMPLE: &str = "mod_tariffs__simple_tariff_example_2_euro_per_hour.json";
const ALT_TEXT: &str =
    "mod_tariffs__simple_tariff_example_with_alternative_multi_language_text.json";
const ALT_URL: &str = "mod_tariffs__simple_tariff_example_with_alternative_url.json";
const COMPLEX: &str = "mod_tariffs__complex_tariff_example.json";
const FREE: &str = "mod_tariffs__free_of_charge_tariff_example.json";
const PUT: &str = "mod_tariffs__example_new_tariff_2_euro_per_hour.json";
const PATCH: &str = "mod_tariffs__example_change_tariff_to_2_50.json";

fn price(s: &str) -> Tolerant<Number> {
    Tolerant::Valid(num(s))
}

fn tariff(name: &str) -> Tariff {
    round_trip_fixture::<Tariff>("2.1.1", name).value
}

#[test]
fn every_tariffs_example_round_trips_with_its_errata() {
    common::assert_fixture_names(
        "2.1.1",
        |n| n.starts_with("mod_tariffs__"),
        &[SIMPLE, ALT_TEXT, ALT_URL, COMPLEX, FREE, PUT, PATCH],
    );

    for name in [SIMPLE, ALT_TEXT, ALT_URL, COMPLEX, FREE] {
        let p = round_trip_fixture::<Tariff>("2.1.1", name);
        assert_eq!(p.warnings, vec![], "{name}");
        assert!(p.value.unknown_fields.is_empty(), "{name}");
    }
    let p = assert_round_trip::<Tariff>(&request_body(&fixture("2.1.1", PUT), "PUT"));
    assert_eq!(
        p.warnings,
        vec![Warning {
            path: "last_updated".to_owned(),
            kind: WarningKind::MissingRequired
        }]
    );
    let p = assert_round_trip::<TariffPatch>(&request_body(&fixture("2.1.1", PATCH), "PUT"));
    assert_eq!(p.warnings, vec![]);
    // As a full Tariff the PATCH example is refused: it is a partial body.
    assert_refused::<Tariff>(
        &request_body(&fixture("2.1.1", PATCH), "PUT"),
        ".",
        "missing field `id`",
    );
}

#[test]
fn simple_examples_values() {
    let t = tariff(SIMPLE);
    assert_eq!(t.id, "12");
    assert_eq!(t.currency, "EUR");
    assert_eq!(t.last_updated, Some(dt("2015-06-29T20:39:09Z")));
    assert_eq!(
        t.elements,
        vec![TariffElement::new(vec![PriceComponent::new(
            TariffDimensionType::Time,
            price("2.00"),
            300
        )])]
    );
    assert_eq!(t.tariff_alt_text, None);
    assert_eq!(t.energy_mix, None);

    let t = tariff(ALT_TEXT);
    let texts = t.tariff_alt_text.as_ref().unwrap();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[1].language, "nl");
    assert_eq!(texts[1].text, "2 euro p/uur");

    let t = tariff(ALT_URL);
    assert_eq!(
        t.tariff_alt_url,
        Some(Url::new("https://company.com/tariffs/12").unwrap())
    );

    let t = tariff(FREE);
    let pc = &t.elements[0].price_components[0];
    assert_eq!(pc.r#type, TariffDimensionType::Flat);
    assert_eq!(pc.price, price("0.00"));
    assert_eq!(pc.step_size, 0);

    let body = request_body(&fixture("2.1.1", PUT), "PUT");
    let t = parse::<Tariff>(body.as_bytes()).unwrap().value;
    assert_eq!(t.last_updated, None);
    assert_eq!(t.elements, tariff(SIMPLE).elements);
}

#[test]
fn complex_example_values() {
    let t = tariff(COMPLEX);
    assert_eq!(t.id, "11");
    assert_eq!(t.elements.len(), 6);
    assert_eq!(
        t.elements[0].price_components[0],
        PriceComponent::new(TariffDimensionType::Flat, price("2.50"), 1)
    );
    assert_eq!(t.elements[0].restrictions, None);
    let r = t.elements[1].restrictions.as_ref().unwrap();
    assert_eq!(r.max_power, Some(num("32.00")));
    assert_eq!(r.min_power, None);
    let r = t.elements[2].restrictions.as_ref().unwrap();
    assert_eq!(r.min_power.unwrap().to_string(), "32.00");
    assert_eq!(
        r.day_of_week,
        Some(vec![
            DayOfWeek::Monday,
            DayOfWeek::Tuesday,
            DayOfWeek::Wednesday,
            DayOfWeek::Thursday,
            DayOfWeek::Friday
        ])
    );
    let r = t.elements[5].restrictions.as_ref().unwrap();
    assert_eq!(r.start_time.as_deref(), Some("10:00"));
    assert_eq!(r.end_time.as_deref(), Some("17:00"));
    assert_eq!(r.day_of_week, Some(vec![DayOfWeek::Saturday]));
    assert_eq!(
        t.elements[5].price_components[0].r#type,
        TariffDimensionType::ParkingTime
    );
    assert!(t.elements.iter().all(|e| e.unknown_fields.is_empty()
        && e.restrictions.iter().all(|r| r.unknown_fields.is_empty())));
}

#[test]
fn patch_example_replaces_the_elements() {
    let body = request_body(&fixture("2.1.1", PATCH), "PUT");
    let patch = parse::<TariffPatch>(body.as_bytes()).unwrap().value;
    assert!(patch.tariff_alt_text.is_absent());
    assert_eq!(patch.id, None);
    let before = tariff(SIMPLE);
    let mut after = before.clone();
    patch.apply_to(&mut after);
    let mut expected = before.clone();
    expected.elements = vec![TariffElement::new(vec![PriceComponent::new(
        TariffDimensionType::Time,
        price("2.50"),
        300,
    )])];
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn patch_null_clears_optional_and_refuses_required() {
    let json = r#"{"tariff_alt_text":null,"tariff_alt_url":"https://company.com/t/12","last_updated":"2016-01-01T00:00:00Z"}"#;
    let p = parse::<TariffPatch>(json.as_bytes()).unwrap().value;
    exact_json_eq(json, &serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(p.tariff_alt_text, PatchField::Null);
    let mut t = tariff(ALT_TEXT);
    p.apply_to(&mut t);
    assert_eq!(t.tariff_alt_text, None);
    assert_eq!(
        t.tariff_alt_url.as_ref().unwrap().as_str(),
        "https://company.com/t/12"
    );
    assert_eq!(t.last_updated, Some(dt("2016-01-01T00:00:00Z")));

    for field in ["id", "currency", "elements", "last_updated"] {
        let json = format!(r#"{{"{field}":null}}"#);
        let e = parse::<TariffPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, field, "{json}");
    }
    assert_refused::<TariffPatch>(r#"{"elements":[]}"#, "elements", "at least one element");
}

pub(crate) const CONFORMING: &str = r#"{
  "id": "12",
  "currency": "EUR",
  "tariff_alt_text": [{"language": "en", "text": "2 euro p/hour"}],
  "elements": [{
    "price_components": [{"type": "TIME", "price": 2.00, "step_size": 300}],
    "restrictions": {"start_date": "2015-12-24", "end_date": "2015-12-27", "min_kwh": 20, "max_duration": 3600}
  }],
  "energy_mix": {"is_green_energy": true},
  "last_updated": "2015-06-29T20:39:09Z"
}"#;

fn variant(from: &str, to: &str) -> String {
    replaced(CONFORMING, from, to)
}

#[test]
fn conforming_tariff_has_no_warnings() {
    let p = assert_clean::<Tariff>(CONFORMING);
    let r = p.value.elements[0].restrictions.clone().unwrap();
    assert_eq!(r.start_date.as_deref(), Some("2015-12-24"));
    assert_eq!(r.min_kwh, Some(num("20")));
    assert_eq!(r.max_duration, Some(3600));
    assert_eq!(
        p.value.tariff_alt_text,
        Some(vec![DisplayText::new(
            OcpiString::new("en").unwrap(),
            OcpiString::new("2 euro p/hour").unwrap()
        )])
    );
}

#[test]
fn malformed_tariffs_are_refused_with_their_path() {
    assert_refused::<Tariff>(
        &variant(r#""elements": [{"#, r#""elements": {"x": [{"#).replace(
            "\"max_duration\": 3600}\n  }],",
            "\"max_duration\": 3600}\n  }]},",
        ),
        "elements",
        "invalid type: map, expected a sequence",
    );
    // A price in the wrong form is the one tolerated deviation (an erratum of the CDR
    // example), reported with its path.
    let p = parse::<Tariff>(variant(r#""price": 2.00"#, r#""price": "2.00""#).as_bytes()).unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].path, "elements[0].price_components[0].price");
}

#[test]
fn shared_enums_have_the_2_1_1_values() {
    let dimensions = wire_names(TariffDimensionType::KNOWN);
    assert_eq!(dimensions, ["ENERGY", "FLAT", "PARKING_TIME", "TIME"]);
    let days = wire_names(DayOfWeek::KNOWN);
    assert_eq!(days, crate::common::WEEKDAYS);
    // Re-exports of the 2.2.1 enums.
    let d: ocpi_protocol::v2_2_1::tariffs::DayOfWeek = DayOfWeek::Sunday;
    assert_eq!(d.as_str(), "SUNDAY");
}
