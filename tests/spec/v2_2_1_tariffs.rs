//! 2.2.1 Tariffs module: official examples and module rules.

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_refused_data, num, wire_names};

use common::{assert_round_trip, round_trip_fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::WarningKind;
use ocpi_protocol::v2_2_1::tariffs::{
    DayOfWeek, ReservationRestrictionType, Tariff, TariffDimensionType, TariffType,
};

const CONFORMING: &[&str] = &[
    "tariff_1_simple_2hour.json",
    "tariff_2_alt_text.json",
    "tariff_3_alt_url.json",
    "tariff_4_complex.json",
    "tariff_5_free_of_charge.json",
    "tariff_6_025kwh_start_max_price.json",
    "tariff_7_first_hour_kwh_free.json",
    "tariff_8_simple_025kwh.json",
    "tariff_9_025kwh_start.json",
    "tariff_10_025kwh_parking_start.json",
    "tariff_11_not_possible_alt_text.json",
    "tariff_12_025kwh_min_price.json",
    "tariff_13_simple_3hour_5parking.json",
    "tariff_14_step_size.json",
    "tariff_15_reservation_5_euro_per_hour.json",
    "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
    "tariff_17_reservation_with_expire_fee.json",
    "tariff_18_reservation_with_expire_time.json",
    "tariffrestriction_example_max_duration.json",
    "tariffrestriction_example_max_power.json",
];

#[test]
fn conforming_examples_round_trip_without_warnings() {
    for name in CONFORMING {
        let t = round_trip_fixture::<Tariff>("2.2.1", name);
        assert_eq!(t.warnings, vec![], "{name}");
        assert!(t.value.last_updated.is_some(), "{name}");
        assert!(!t.value.elements.is_empty(), "{name}");
        assert!(t.value.unknown_fields.is_empty(), "{name}");
    }
}

#[test]
fn put_example_misses_last_updated() {
    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_put_example.json");
    assert_eq!(t.value.last_updated, None);
    assert_eq!(t.warnings.len(), 1);
    assert_eq!(t.warnings[0].path, "last_updated");
    assert_eq!(t.warnings[0].kind, WarningKind::MissingRequired);
    let strict =
        parse_strict::<Tariff>(common::fixture("2.2.1", "tariff_put_example.json").as_bytes())
            .unwrap_err();
    assert_eq!(strict.category, ErrorCategory::Nonconforming);
    assert_eq!(strict.path, "last_updated");
}

#[test]
fn example_values_are_read_exactly() {
    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_4_complex.json").value;
    assert_eq!(t.country_code, "DE");
    assert_eq!(t.party_id, "ALL");
    assert_eq!(t.id, "14");
    assert_eq!(t.currency, "EUR");
    assert_eq!(t.r#type, Some(TariffType::Regular));
    assert_eq!(
        t.tariff_alt_url.as_ref().map(|u| u.as_str()),
        Some("https://company.com/tariffs/14")
    );
    assert_eq!(t.elements.len(), 6);
    let pc = &t.elements[0].price_components[0];
    assert_eq!(pc.r#type, TariffDimensionType::Flat);
    assert_eq!(pc.price.to_string(), "2.50");
    assert_eq!(pc.vat.map(|v| v.to_string()), Some("15.0".to_owned()));
    assert_eq!(pc.step_size, 1);
    assert!(t.elements[0].restrictions.is_none());
    let r = t.elements[1].restrictions.as_ref().unwrap();
    assert_eq!(
        r.max_current.map(|v| v.to_string()),
        Some("32.00".to_owned())
    );
    let r = t.elements[2].restrictions.as_ref().unwrap();
    assert_eq!(
        r.day_of_week.as_deref(),
        Some(
            &[
                DayOfWeek::Monday,
                DayOfWeek::Tuesday,
                DayOfWeek::Wednesday,
                DayOfWeek::Thursday,
                DayOfWeek::Friday
            ][..]
        )
    );
    let r = t.elements[4].restrictions.as_ref().unwrap();
    assert_eq!(r.start_time.as_ref().unwrap(), "09:00");
    assert_eq!(r.end_time.as_ref().unwrap(), "18:00");

    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_7_first_hour_kwh_free.json").value;
    let r = t.elements[0].restrictions.as_ref().unwrap();
    assert_eq!((r.min_duration, r.max_duration), (Some(0), Some(3600)));
    assert_eq!(
        t.elements[3].restrictions.as_ref().unwrap().max_kwh,
        Some(num("1.0"))
    );
    assert_eq!(t.elements[4].price_components[0].price.to_string(), "0.2");
    assert!(t.elements[4].price_components[0].vat.is_none());

    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_12_025kwh_min_price.json").value;
    let min = t.min_price.unwrap();
    assert_eq!(min.excl_vat.to_string(), "0.50");
    assert_eq!(min.incl_vat.map(|v| v.to_string()), Some("0.55".to_owned()));

    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_6_025kwh_start_max_price.json").value;
    assert_eq!(t.max_price.unwrap().excl_vat.to_string(), "10.00");
    assert_eq!(t.end_date_time.unwrap().to_string(), "2019-06-30T23:59:59Z");

    let t =
        round_trip_fixture::<Tariff>("2.2.1", "tariff_17_reservation_with_expire_fee.json").value;
    let kinds: Vec<_> = t
        .elements
        .iter()
        .map(|e| e.restrictions.as_ref().and_then(|r| r.reservation.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            Some(ReservationRestrictionType::ReservationExpires),
            Some(ReservationRestrictionType::Reservation),
            None
        ]
    );

    let t = round_trip_fixture::<Tariff>("2.2.1", "tariff_2_alt_text.json").value;
    let alt = t.tariff_alt_text.unwrap();
    assert_eq!(alt.len(), 2);
    assert_eq!(alt[1].language, "nl");
    assert_eq!(alt[1].text, "2.00 euro p/uur inclusief BTW.");
}

#[test]
fn every_digit_and_all_optional_fields_survive() {
    let json = r#"{
        "country_code": "nl", "party_id": "tnm", "id": "t-1", "currency": "EUR",
        "type": "PROFILE_GREEN",
        "tariff_alt_text": [],
        "min_price": {"excl_vat": 0.000000000000000001},
        "max_price": {"excl_vat": 12345678.123456789012, "incl_vat": 14938670.5293827447045},
        "elements": [{
            "price_components": [{"type": "ENERGY", "price": 0.30000000000000004441, "vat": 21.00, "step_size": 500}],
            "restrictions": {
                "start_time": "13:30", "end_time": "19:45",
                "start_date": "2015-12-24", "end_date": "2015-12-27",
                "min_kwh": 20.5, "max_kwh": 50.000, "min_current": 5, "max_current": 20.10,
                "min_power": 5.0, "max_power": 22.08, "min_duration": 60, "max_duration": 7200,
                "day_of_week": [], "reservation": "RESERVATION"
            }
        }],
        "start_date_time": "2024-01-01T00:00:00.123Z",
        "end_date_time": "2025-01-01T00:00:00Z",
        "energy_mix": {"is_green_energy": true, "supplier_name": "Greenpeace Energy"},
        "last_updated": "2023-12-31T23:59:59Z",
        "x-custom": {"kept": [1.10, "verbatim"]}
    }"#;
    let t = assert_clean::<Tariff>(json);
    let t = t.value;
    assert_eq!(t.country_code.as_str(), "nl");
    assert_eq!(t.r#type, Some(TariffType::ProfileGreen));
    assert_eq!(t.tariff_alt_text.as_deref(), Some(&[][..]));
    assert_eq!(
        t.max_price.as_ref().unwrap().excl_vat.to_string(),
        "12345678.123456789012"
    );
    assert_eq!(
        t.elements[0].price_components[0].price.to_string(),
        "0.30000000000000004441"
    );
    let r = t.elements[0].restrictions.as_ref().unwrap();
    assert_eq!(r.day_of_week.as_deref(), Some(&[][..]));
    assert_eq!(r.max_kwh.unwrap().to_string(), "50.000");
    assert!(t.energy_mix.unwrap().is_green_energy);
    assert!(t.unknown_fields.get("x-custom").is_some());

    // A minimal tariff writes no optional field at all.
    let json = r#"{"country_code":"DE","party_id":"ALL","id":"1","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":0,"step_size":0}]}],"last_updated":"2015-06-29T20:39:09Z"}"#;
    let t = parse::<Tariff>(json.as_bytes()).unwrap().value;
    assert_eq!(serde_json::to_string(&t).unwrap(), json);
}

#[test]
fn unknown_enum_values_are_kept_and_wrong_case_refused() {
    let json = r#"{"country_code":"DE","party_id":"ALL","id":"1","currency":"EUR","type":"PROFILE_NIGHT","elements":[{"price_components":[{"type":"CO2","price":1,"step_size":1}],"restrictions":{"day_of_week":["HOLIDAY"]}}],"last_updated":"2015-06-29T20:39:09Z"}"#;
    let t = assert_round_trip::<Tariff>(json).value;
    assert!(!t.r#type.unwrap().is_known());
    assert_eq!(t.elements[0].price_components[0].r#type.as_str(), "CO2");
}

#[test]
fn enums_list_every_value_of_the_spec_in_order() {
    assert_eq!(wire_names(DayOfWeek::KNOWN), crate::common::WEEKDAYS);
    assert_eq!(
        wire_names(ReservationRestrictionType::KNOWN),
        ["RESERVATION", "RESERVATION_EXPIRES"]
    );
    assert_eq!(
        wire_names(TariffDimensionType::KNOWN),
        ["ENERGY", "FLAT", "PARKING_TIME", "TIME"]
    );
    assert_eq!(
        wire_names(TariffType::KNOWN),
        [
            "AD_HOC_PAYMENT",
            "PROFILE_CHEAP",
            "PROFILE_FAST",
            "PROFILE_GREEN",
            "REGULAR"
        ]
    );
}

#[test]
fn malformed_tariffs_are_refused_with_their_path() {
    // Bad restriction value deep in the document.
    let json = common::fixture("2.2.1", "tariff_4_complex.json")
        .replace(r#""SATURDAY"]"#, r#""saturday"]"#);
    assert_refused_data::<Tariff>(
        &json,
        "elements[5].restrictions.day_of_week[0]",
        "differs only in case",
    );
}
