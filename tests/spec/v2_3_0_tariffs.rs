//! 2.3.0 Tariffs module: official examples, taxes, price limits and malformed documents.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused_at;
use crate::common::{assert_refused, assert_refused_data, num, replaced_once, wire_names};

use common::{assert_round_trip, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{OcpiString, Warning, WarningKind};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::tariffs::Tariff;
use ocpi_protocol::v2_3_0::tariffs::{
    DayOfWeek, Price, PriceLimit, ReservationRestrictionType, TariffDimensionType,
    TariffRestrictions, TariffType, TaxAmount, TaxIncluded,
};

/// Every Tariffs example of the 2.3.0 fixtures (`tariff_*` and `tariffrestriction_*`).
fn example_names() -> Vec<String> {
    common::fixture_names("2.3.0", |n| n.starts_with("tariff") && n.ends_with(".json"))
}

#[test]
fn every_official_example_round_trips() {
    let names = example_names();
    assert_eq!(names.len(), 22, "{names:?}");
    for name in &names {
        let t = round_trip_fixture::<Tariff>("2.3.0", name);
        let expected = if name == "tariff_put_example.json" {
            vec![Warning {
                path: "last_updated".to_owned(),
                kind: WarningKind::MissingRequired,
            }]
        } else {
            vec![]
        };
        assert_eq!(t.warnings, expected, "{name}");
        // Every example says whether taxes are included.
        assert!(t.value.tax_included.is_some(), "{name}");
        assert!(t.value.unknown_fields.is_empty(), "{name}");
    }
}

#[test]
fn put_example_misses_last_updated() {
    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_put_example.json").value;
    assert_eq!(t.last_updated, None);
    assert_eq!(t.tax_included, Some(TaxIncluded::No));
    let e =
        parse_strict::<Tariff>(fixture("2.3.0", "tariff_put_example.json").as_bytes()).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Nonconforming);
    assert_eq!(e.path, "last_updated");
}

#[test]
fn north_american_examples() {
    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_19_simple_north_american_exclusive.json")
        .value;
    assert_eq!(t.country_code, "CA");
    assert_eq!(t.party_id, "FLO");
    assert_eq!(t.currency, "CAD");
    assert_eq!(t.tax_included, Some(TaxIncluded::No));
    let pc = &t.elements[0].price_components[0];
    assert_eq!(pc.r#type, TariffDimensionType::Time);
    assert_eq!(pc.price.to_string(), "2.00");
    assert_eq!(pc.vat, None);
    assert_eq!(pc.step_size, 1);

    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_20_simple_north_american_inclusive.json")
        .value;
    assert_eq!(t.tax_included, Some(TaxIncluded::Yes));
    assert_eq!(t.elements[0].price_components[0].price, num("2.10"));
}

#[test]
fn price_limits() {
    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_12_025kwh_min_price.json").value;
    let mut expected = PriceLimit::new(num("0.50"));
    expected.after_taxes = Some(num("0.55"));
    assert_eq!(t.min_price, Some(expected));
    assert_eq!(t.min_price.unwrap().before_taxes.to_string(), "0.50");
    assert_eq!(t.max_price, None);

    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_6_025kwh_start_max_price.json").value;
    let max = t.max_price.unwrap();
    assert_eq!(max.before_taxes.to_string(), "10.00");
    assert_eq!(max.after_taxes.unwrap().to_string(), "11.00");
    assert_eq!(t.end_date_time.unwrap().to_string(), "2019-06-30T23:59:59Z");

    // The 2.2.1 form of a price limit is refused.
    let json = fixture("2.3.0", "tariff_12_025kwh_min_price.json")
        .replace("before_taxes", "excl_vat")
        .replace("after_taxes", "incl_vat");
    assert_refused_data::<Tariff>(&json, "min_price", "missing field `before_taxes`");
}

#[test]
fn restriction_examples() {
    let t = round_trip_fixture::<Tariff>("2.3.0", "tariff_4_complex.json").value;
    assert_eq!(t.r#type, Some(TariffType::Regular));
    assert_eq!(t.elements.len(), 6);
    let r = t.elements[2].restrictions.as_ref().unwrap();
    assert_eq!(r.min_current, Some(num("32.00")));
    assert_eq!(r.day_of_week.as_ref().unwrap()[4], DayOfWeek::Friday);

    let t =
        round_trip_fixture::<Tariff>("2.3.0", "tariffrestriction_example_max_duration.json").value;
    let durations: Vec<_> = t
        .elements
        .iter()
        .map(|e| e.restrictions.as_ref().and_then(|r| r.max_duration))
        .collect();
    assert_eq!(durations, [Some(1800), Some(3600), None]);

    let t =
        round_trip_fixture::<Tariff>("2.3.0", "tariff_18_reservation_with_expire_time.json").value;
    assert_eq!(
        t.elements[0].restrictions.as_ref().unwrap().reservation,
        Some(ReservationRestrictionType::ReservationExpires)
    );

    // Re-exported from 2.2.1: the same type.
    let r: v2_2_1::tariffs::TariffRestrictions = TariffRestrictions::new();
    assert_eq!(serde_json::to_string(&r).unwrap(), "{}");
}

#[test]
fn every_field_and_digit_survives() {
    let json = r#"{
        "country_code": "ca", "party_id": "flo", "id": "t-1", "currency": "CAD",
        "type": "PROFILE_GREEN",
        "tariff_alt_text": [{"language": "fr", "text": "2,00 $ l'heure"}],
        "tariff_alt_url": "https://flo.example/t-1",
        "min_price": {"before_taxes": 0.000000000000000001},
        "max_price": {"before_taxes": 12345678.123456789012, "after_taxes": 14938670.5293827447045},
        "preauthorize_amount": 50.00,
        "elements": [{
            "price_components": [{"type": "ENERGY", "price": 0.30000000000000004441, "step_size": 1}],
            "restrictions": {"min_kwh": 20.5, "day_of_week": []}
        }],
        "tax_included": "N/A",
        "start_date_time": "2024-01-01T00:00:00.123Z",
        "end_date_time": "2025-01-01T00:00:00Z",
        "energy_mix": {"is_green_energy": true},
        "last_updated": "2023-12-31T23:59:59Z",
        "x-custom": {"kept": [1.10, "verbatim"]}
    }"#;
    let p = assert_clean::<Tariff>(json);
    let t = p.value;
    assert_eq!(t.tax_included, Some(TaxIncluded::NotApplicable));
    assert_eq!(t.preauthorize_amount.unwrap().to_string(), "50.00");
    assert_eq!(
        t.max_price
            .as_ref()
            .unwrap()
            .after_taxes
            .unwrap()
            .to_string(),
        "14938670.5293827447045"
    );
    assert_eq!(t.min_price.as_ref().unwrap().after_taxes, None);
    assert_eq!(
        t.elements[0].price_components[0].price.to_string(),
        "0.30000000000000004441"
    );
    assert!(t.energy_mix.unwrap().is_green_energy);
    assert!(t.unknown_fields.get("x-custom").is_some());
    assert_eq!(t.tariff_alt_text.unwrap()[0].text, "2,00 $ l'heure");

    // A minimal tariff writes no optional field at all.
    let json = r#"{"country_code":"DE","party_id":"ALL","id":"1","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":0,"step_size":0}]}],"tax_included":"YES","last_updated":"2015-06-29T20:39:09Z"}"#;
    let t = parse::<Tariff>(json.as_bytes()).unwrap().value;
    assert_eq!(serde_json::to_string(&t).unwrap(), json);
}

#[test]
fn a_tariff_without_tax_included_is_reported() {
    let json =
        fixture("2.3.0", "tariff_1_simple_2hour.json").replace("\"tax_included\": \"NO\",\n", "");
    let p = assert_round_trip::<Tariff>(&json);
    assert_eq!(p.value.tax_included, None);
    assert_eq!(
        p.warnings,
        vec![Warning {
            path: "tax_included".to_owned(),
            kind: WarningKind::MissingRequired,
        }]
    );
    // But a value that is there must be a TaxIncluded.
    assert_refused_data::<Tariff>(
        &variant(r#""tax_included": "NO""#, r#""tax_included": false"#),
        "tax_included",
        "invalid type: boolean",
    );
}

#[test]
fn price_and_tax_amount() {
    let p = assert_clean::<Price>(
        r#"{"before_taxes":10.00,"taxes":[{"name":"GST","account_number":"123456789 RT0001","percentage":5,"amount":0.50},{"name":"QST","percentage":9.975,"amount":0.9975}]}"#,
    );
    let price = p.value;
    assert_eq!(price.before_taxes.to_string(), "10.00");
    let taxes = price.taxes.unwrap();
    let mut gst = TaxAmount::new(OcpiString::new("GST").unwrap(), num("0.50"));
    gst.account_number = Some(OcpiString::new("123456789 RT0001").unwrap());
    gst.percentage = Some(num("5"));
    assert_eq!(taxes[0], gst);
    assert_eq!(taxes[1].percentage.unwrap().to_string(), "9.975");
    assert_eq!(taxes[1].account_number, None);

    // Price without taxes, and with an empty list (kept distinct).
    let p = assert_round_trip::<Price>(r#"{"before_taxes":0}"#).value;
    assert_eq!(p.taxes, None);
    let p = assert_round_trip::<Price>(r#"{"before_taxes":0,"taxes":[]}"#).value;
    assert_eq!(p.taxes, Some(vec![]));
    assert_eq!(
        serde_json::to_string(&Price::new(num("1.50"))).unwrap(),
        r#"{"before_taxes":1.50}"#
    );

    // The tax name has no maximum length, but is a printable string.
    let long = "Harmonized Sales Tax ".repeat(100);
    let doc = format!(r#"{{"name":"{long}","amount":1}}"#);
    assert_eq!(
        assert_round_trip::<TaxAmount>(&doc).value.name.as_str(),
        long
    );
    assert_refused::<TaxAmount>(r#"{"name":"V\tAT","amount":1}"#, "name", "not printable");

    // Missing or mistyped required fields.
    let e = parse::<TaxAmount>(br#"{"name":"VAT"}"#).unwrap_err();
    assert!(e.message.contains("missing field `amount`"), "{e}");
    let _e = assert_refused_at::<TaxAmount>(r#"{"name":"VAT","amount":"0.40"}"#, "amount");
    let e = parse::<Price>(br#"{"excl_vat":4.00,"incl_vat":4.40}"#).unwrap_err();
    assert!(e.message.contains("missing field `before_taxes`"), "{e}");
    assert_refused::<Price>(
        r#"{"before_taxes":4.00,"taxes":{"name":"VAT","amount":0.4}}"#,
        "taxes",
        "invalid type: map",
    );
    let e = assert_refused_at::<Price>(
        r#"{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.4,"name":"GST"}]}"#,
        "taxes[0].name",
    );
    assert!(e.message.contains("duplicate field `name`"), "{e}");
}

#[test]
fn enums_list_every_value_of_the_spec_in_order() {
    assert_eq!(wire_names(TaxIncluded::KNOWN), ["YES", "NO", "N/A"]);
    assert_eq!(
        "N/A".parse::<TaxIncluded>().unwrap(),
        TaxIncluded::NotApplicable
    );
    assert!("n/a".parse::<TaxIncluded>().is_err());
    assert_eq!(
        wire_names(TariffDimensionType::KNOWN),
        ["ENERGY", "FLAT", "PARKING_TIME", "TIME"]
    );
    assert_eq!(TariffType::KNOWN.len(), 5);
}

/// The official `tariff_1_simple_2hour.json` with `from` replaced by `to` (must occur once).
fn variant(from: &str, to: &str) -> String {
    replaced_once(&fixture("2.3.0", "tariff_1_simple_2hour.json"), from, to)
}

#[test]
fn malformed_tariffs_are_refused_with_their_path() {
    // `+` cardinality.
    let empty = fixture("2.3.0", "tariff_19_simple_north_american_exclusive.json").replace(
        "\"elements\": [{\n    \"price_components\": [{\n      \"type\": \"TIME\",\n      \"price\": 2.00,\n      \"step_size\": 1\n    }]\n  }],",
        "\"elements\": [],",
    );
    assert_refused_data::<Tariff>(&empty, "elements", "at least one element");
    assert_refused_data::<Tariff>(
        &fixture("2.3.0", "tariff_12_025kwh_min_price.json")
            .replace(r#""after_taxes": 0.55"#, r#""after_taxes": "0.55""#),
        "min_price.after_taxes",
        "expected a JSON number",
    );
}
