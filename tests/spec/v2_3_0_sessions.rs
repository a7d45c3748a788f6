//! 2.3.0 Sessions module: official examples, PATCH rules and malformed documents.

use crate::common;
use crate::common::{assert_refused, assert_refused_data, num, replaced_once};

use common::{assert_round_trip, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, ErrorCategory};
use ocpi_protocol::types::{OcpiString, PatchField};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::cdrs::{AuthMethod, CdrDimensionType};
use ocpi_protocol::v2_3_0::sessions::{
    ChargingPreferences, ProfileType, Session, SessionPatch, SessionStatus,
};
use ocpi_protocol::v2_3_0::tariffs::{Price, TaxAmount};

fn session(name: &str) -> Session {
    round_trip_fixture::<Session>("2.3.0", name).value
}

fn patch(name: &str) -> SessionPatch {
    let p = round_trip_fixture::<SessionPatch>("2.3.0", name);
    assert_eq!(p.warnings, vec![], "{name}");
    p.value
}

fn vat(amount: &str) -> TaxAmount {
    TaxAmount::new(OcpiString::new("VAT").unwrap(), num(amount))
}

#[test]
fn official_examples_round_trip_without_warnings() {
    for name in [
        "session_example_1_simple_start.json",
        "session_example_2_short_finished.json",
    ] {
        let s = crate::common::clean_fixture::<Session>("2.3.0", name);
        assert!(s.value.unknown_fields.is_empty(), "{name}");
    }
}

#[test]
fn official_example_values() {
    let s = session("session_example_1_simple_start.json");
    assert_eq!(s.country_code, "NL");
    assert_eq!(s.party_id, "STK");
    assert_eq!(s.kwh.to_string(), "0.0");
    assert_eq!(s.cdr_token.country_code, "NL");
    assert_eq!(s.cdr_token.party_id, "TST");
    assert_eq!(s.cdr_token.uid, "123abc");
    assert_eq!(s.cdr_token.r#type.as_str(), "RFID");
    assert_eq!(s.auth_method, AuthMethod::Whitelist);
    assert_eq!(s.charging_periods, None);
    assert_eq!(s.total_cost, Some(Price::new(num("2.5"))));
    assert_eq!(s.total_cost.as_ref().unwrap().taxes, None);
    assert_eq!(s.status, SessionStatus::Pending);

    let s = session("session_example_2_short_finished.json");
    assert_eq!(s.kwh.to_string(), "41.12");
    let periods = s.charging_periods.as_ref().unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(
        periods[1].dimensions[1].r#type,
        CdrDimensionType::MinCurrent
    );
    assert_eq!(periods[2].tariff_id.as_deref(), Some("12"));
    let mut cost = Price::new(num("8.50"));
    cost.taxes = Some(vec![vat("0.85")]);
    assert_eq!(s.total_cost, Some(cost));
    assert_eq!(s.status, SessionStatus::Completed);
}

#[test]
fn total_cost_patch_changes_only_its_fields() {
    let p = patch("session_patch_example_total_cost.json");
    assert!(p.kwh.is_none() && p.charging_periods.is_none() && p.status.is_none());
    let cost = p.total_cost.value().unwrap().clone();
    assert_eq!(cost.before_taxes.to_string(), "0.60");
    assert_eq!(cost.taxes, Some(vec![vat("0.06")]));

    let before = session("session_example_2_short_finished.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    let mut expected = before.clone();
    expected.total_cost = Some(cost);
    expected.last_updated = "2019-06-23T08:11:00Z".parse().unwrap();
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn charging_period_patch_appends_to_the_list() {
    let p = patch("session_patch_example_charging_period.json");
    let new_periods = p.charging_periods.clone().unwrap();
    assert_eq!(new_periods.len(), 1);
    assert_eq!(new_periods[0].dimensions[0].volume, num("2200"));

    let before = session("session_example_2_short_finished.json");
    let mut after = before.clone();
    p.clone().apply_to(&mut after);
    let mut expected = before.clone();
    expected.kwh = num("15.00");
    expected
        .charging_periods
        .as_mut()
        .unwrap()
        .push(new_periods[0].clone());
    let mut cost = Price::new(num("0.80"));
    cost.taxes = Some(vec![vat("0.08")]);
    expected.total_cost = Some(cost);
    expected.last_updated = "2019-06-23T08:16:02Z".parse().unwrap();
    assert_eq!(after, expected);
    assert_eq!(after.charging_periods.as_ref().unwrap().len(), 4);

    // Onto a session without periods: the list is created.
    let before = session("session_example_1_simple_start.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    assert_eq!(after.charging_periods, Some(new_periods));
    assert_eq!(after.cdr_token, before.cdr_token);
}

#[test]
fn null_clears_optional_fields_and_is_refused_for_required_ones() {
    let json = r#"{"end_date_time":null,"total_cost":null,"meter_id":"M1","last_updated":"2015-06-29T23:59:00Z"}"#;
    let p = parse::<SessionPatch>(json.as_bytes()).unwrap().value;
    let back = serde_json::to_string(&p).unwrap();
    common::exact_json_eq(json, &back).unwrap();
    assert_eq!(p.total_cost, PatchField::Null);
    let before = session("session_example_2_short_finished.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    let mut expected = before.clone();
    expected.end_date_time = None;
    expected.total_cost = None;
    expected.meter_id = Some("M1".parse().unwrap());
    expected.last_updated = "2015-06-29T23:59:00Z".parse().unwrap();
    assert_eq!(after, expected);

    for field in [
        "kwh",
        "status",
        "cdr_token",
        "last_updated",
        "charging_periods",
    ] {
        let json = format!(r#"{{"{field}":null}}"#);
        let e = assert_refused::<SessionPatch>(&json, field, "null");
        assert_eq!(e.category, ErrorCategory::Data, "{e}");
    }
    // A 2.2.1-style cost in a patch is refused.
    let e =
        parse::<SessionPatch>(br#"{"total_cost":{"excl_vat":0.60,"incl_vat":0.66}}"#).unwrap_err();
    assert_eq!(e.path, "total_cost");
    assert!(e.message.contains("missing field `before_taxes`"), "{e}");
}

#[test]
fn unchanged_types_are_the_2_2_1_types() {
    let p = assert_round_trip::<ChargingPreferences>(r#"{"profile_type":"GREEN"}"#).value;
    let same: v2_2_1::sessions::ChargingPreferences = p;
    assert_eq!(same.profile_type, ProfileType::Green);
    let status: v2_2_1::sessions::SessionStatus = SessionStatus::Invalid;
    assert_eq!(status.as_str(), "INVALID");
}

/// The official `session_example_2_short_finished.json` with `from` replaced by `to` (must
/// occur once).
fn variant(from: &str, to: &str) -> String {
    replaced_once(
        &fixture("2.3.0", "session_example_2_short_finished.json"),
        from,
        to,
    )
}

#[test]
fn malformed_sessions_are_refused_with_their_path() {
    // Wrong type.
    assert_refused_data::<Session>(
        &variant(r#""taxes": [{"#, r#""taxes": {"x": [{"#).replace(
            "\"amount\": 0.85\n    }]\n  }",
            "\"amount\": 0.85\n    }]}\n  }",
        ),
        "total_cost.taxes",
        "invalid type: map",
    );
}
