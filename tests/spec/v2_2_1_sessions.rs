//! 2.2.1 Sessions module: official examples, PATCH rules and module rules.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused_at;
use crate::common::{assert_refused, num, wire_names};

use common::{assert_round_trip, round_trip_fixture};
use ocpi_protocol::json::{parse, ErrorCategory};
use ocpi_protocol::types::{PatchField, WarningKind};
use ocpi_protocol::v2_2_1::cdrs::{AuthMethod, CdrDimensionType};
use ocpi_protocol::v2_2_1::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, ProfileType, Session, SessionPatch,
    SessionStatus,
};
use ocpi_protocol::v2_2_1::tokens::TokenType;

fn session(name: &str) -> Session {
    round_trip_fixture::<Session>("2.2.1", name).value
}

fn patch(name: &str) -> SessionPatch {
    let p = round_trip_fixture::<SessionPatch>("2.2.1", name);
    assert_eq!(p.warnings, vec![], "{name}");
    p.value
}

#[test]
fn official_examples_round_trip_with_their_errata() {
    for name in [
        "session_example_1_simple_start.json",
        "session_example_2_short_finished.json",
    ] {
        let s = round_trip_fixture::<Session>("2.2.1", name);
        let w: Vec<_> = crate::common::warning_kinds(&s.warnings);
        assert_eq!(
            w,
            vec![
                ("cdr_token.country_code", WarningKind::MissingRequired),
                ("cdr_token.party_id", WarningKind::MissingRequired),
            ],
            "{name}"
        );
    }
}

#[test]
fn official_example_values() {
    let s = session("session_example_1_simple_start.json");
    assert_eq!(s.country_code, "NL");
    assert_eq!(s.party_id, "STK");
    assert_eq!(s.id, "101");
    assert_eq!(s.kwh.to_string(), "0.0");
    assert_eq!(s.cdr_token.uid, "123abc");
    assert_eq!(s.cdr_token.r#type, TokenType::Rfid);
    assert_eq!(s.auth_method, AuthMethod::Whitelist);
    assert_eq!(s.location_id, "LOC1");
    assert_eq!(s.evse_uid, "3256");
    assert_eq!(s.connector_id, "1");
    assert_eq!(s.charging_periods, None);
    assert_eq!(s.end_date_time, None);
    let cost = s.total_cost.unwrap();
    assert_eq!(cost.excl_vat.to_string(), "2.5");
    assert_eq!(cost.incl_vat, None);
    assert_eq!(s.status, SessionStatus::Pending);

    let s = session("session_example_2_short_finished.json");
    assert_eq!(s.kwh.to_string(), "41.00");
    assert_eq!(s.end_date_time.unwrap().to_string(), "2015-06-29T23:50:16Z");
    let periods = s.charging_periods.unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(
        periods[0].dimensions[1].r#type,
        CdrDimensionType::MaxCurrent
    );
    assert_eq!(periods[1].dimensions[0].volume, num("41000"));
    assert_eq!(periods[2].dimensions[0].volume.to_string(), "0.718");
    assert_eq!(periods[2].tariff_id.as_ref().unwrap(), "12");
    assert_eq!(periods[0].tariff_id, None);
    assert_eq!(s.status, SessionStatus::Completed);
}

#[test]
fn total_cost_patch_changes_only_its_fields() {
    let p = patch("session_patch_example_total_cost.json");
    assert!(p.kwh.is_none() && p.charging_periods.is_none() && p.status.is_none());
    assert_eq!(p.end_date_time, PatchField::Absent);
    let cost = p.total_cost.value().unwrap().clone();
    assert_eq!(cost.excl_vat.to_string(), "0.60");
    assert_eq!(cost.incl_vat.unwrap().to_string(), "0.66");

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

    // Onto a session with three periods: the new one is added after them.
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
    expected.total_cost = p.total_cost.value().cloned();
    expected.last_updated = "2019-06-23T08:16:02Z".parse().unwrap();
    assert_eq!(after, expected);
    let periods = after.charging_periods.as_ref().unwrap();
    assert_eq!(periods.len(), 4);
    assert_eq!(periods[..3], before.charging_periods.as_ref().unwrap()[..]);
    assert_eq!(after.kwh.to_string(), "15.00");
    assert_eq!(
        after
            .total_cost
            .as_ref()
            .unwrap()
            .incl_vat
            .unwrap()
            .to_string(),
        "0.88"
    );

    // Onto a session without periods: the list is created.
    let before = session("session_example_1_simple_start.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    assert_eq!(after.charging_periods, Some(new_periods));
    assert_eq!(after.status, before.status);
    assert_eq!(after.cdr_token, before.cdr_token);
}

#[test]
fn empty_charging_periods_in_a_patch_change_nothing() {
    let p = assert_round_trip::<SessionPatch>(
        r#"{"charging_periods":[],"last_updated":"2015-06-29T23:50:17Z"}"#,
    )
    .value;
    let before = session("session_example_2_short_finished.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    assert_eq!(after, before);
}

#[test]
fn null_clears_optional_fields_and_is_refused_for_required_ones() {
    let json = r#"{"end_date_time":null,"total_cost":null,"meter_id":"M1","last_updated":"2015-06-29T23:59:00Z"}"#;
    let p = parse::<SessionPatch>(json.as_bytes()).unwrap().value;
    // The nulls of a patch are written back (the common helper refuses any null).
    let back = serde_json::to_string(&p).unwrap();
    common::exact_json_eq(json, &back).unwrap();
    assert_eq!(p.end_date_time, PatchField::Null);
    assert_eq!(p.authorization_reference, PatchField::Absent);
    let before = session("session_example_2_short_finished.json");
    let mut after = before.clone();
    p.apply_to(&mut after);
    let mut expected = before.clone();
    expected.end_date_time = None;
    expected.total_cost = None;
    expected.meter_id = Some("M1".parse().unwrap());
    expected.last_updated = "2015-06-29T23:59:00Z".parse().unwrap();
    assert_eq!(after, expected);

    for field in ["kwh", "status", "cdr_token", "last_updated"] {
        let json = format!(r#"{{"{field}":null}}"#);
        let e = assert_refused::<SessionPatch>(&json, field, "null");
        assert_eq!(e.category, ErrorCategory::Data, "{e}");
    }
    // `charging_periods` can only be added to: `null` is refused too.
    assert_refused_at::<SessionPatch>(r#"{"charging_periods":null}"#, "charging_periods");
}

#[test]
fn patch_unknown_fields_reach_the_session_and_bad_values_are_refused() {
    let p = assert_round_trip::<SessionPatch>(
        r#"{"status":"ACTIVE","x-vendor":{"a":1.50},"last_updated":"2015-06-29T23:59:00Z"}"#,
    )
    .value;
    let mut s = session("session_example_1_simple_start.json");
    p.apply_to(&mut s);
    assert_eq!(s.status, SessionStatus::Active);
    assert_eq!(
        s.unknown_fields.get("x-vendor").unwrap().get(),
        r#"{"a":1.50}"#
    );

    assert_refused::<SessionPatch>(r#"{"status":"active"}"#, "status", "differs only in case");
    assert_refused::<SessionPatch>(r#"{"kwh":"15.00"}"#, "kwh", "expected a JSON number");
    let e = parse::<SessionPatch>(br#"{"kwh":1,"kwh":2}"#).unwrap_err();
    assert!(e.message.contains("duplicate field `kwh`"), "{e}");
}

#[test]
fn charging_preferences_round_trip() {
    let p = assert_clean::<ChargingPreferences>(
        r#"{"profile_type":"FAST","departure_time":"2019-04-09T14:30:00Z","energy_need":32.50,"discharge_allowed":false}"#,
    );
    assert_eq!(p.value.profile_type, ProfileType::Fast);
    assert_eq!(p.value.energy_need.unwrap().to_string(), "32.50");
    assert_eq!(p.value.discharge_allowed, Some(false));

    let p = assert_round_trip::<ChargingPreferences>(r#"{"profile_type":"GREEN"}"#).value;
    assert_eq!(p.discharge_allowed, None);
    let e = parse::<ChargingPreferences>(br#"{"energy_need":10}"#).unwrap_err();
    assert!(e.message.contains("missing field `profile_type`"), "{e}");
    assert_refused_at::<ChargingPreferences>(
        r#"{"profile_type":"CHEAP","energy_need":"10"}"#,
        "energy_need",
    );
}

#[test]
fn enums_list_every_value_of_the_spec_in_order() {
    assert_eq!(
        wire_names(ChargingPreferencesResponse::KNOWN),
        [
            "ACCEPTED",
            "DEPARTURE_REQUIRED",
            "ENERGY_NEED_REQUIRED",
            "NOT_POSSIBLE",
            "PROFILE_TYPE_NOT_SUPPORTED"
        ]
    );
    assert_eq!(
        wire_names(SessionStatus::KNOWN),
        ["ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"]
    );
    assert_eq!(
        wire_names(ProfileType::KNOWN),
        ["CHEAP", "FAST", "GREEN", "REGULAR"]
    );
}
