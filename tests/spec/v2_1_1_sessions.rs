//! 2.1.1 Sessions module: the examples of `mod_sessions.md`, the PATCH form and malformed
//! documents.
//!
//! Errata of the 2.1.1 Session examples (both `mod_sessions__simple_session_example_*`),
//! each asserted below:
//! - `auth_method` is omitted (`Session.auth_method` is `lax`);
//! - `location.type` is `"on_street"`, a LocationType in the wrong case (`Tolerant`);
//! - `location.evses[0]` sends `STATUS` instead of `status` (`EVSE.status` is `lax`; `STATUS`
//!   is kept as an unknown field);
//! - the finished session's second charging period has a dimension of type `"energy"`, a
//!   CdrDimensionType in the wrong case (`Tolerant`).
//!
//! The PATCH example is published after a `PATCH To URL:` line: not JSON as a whole, its body
//! is read as a SessionPatch.

use crate::common;
use crate::common::assert_clean;
use crate::common::request_body;
use crate::common::tolerated;
use crate::common::{dt, missing, num, wire_names};

use common::{assert_round_trip, exact_json_eq, fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{PatchField, Tolerant};
use ocpi_protocol::v2_1_1::cdrs::{AuthMethod, CdrDimensionType};
use ocpi_protocol::v2_1_1::locations::{LocationType, PowerType};
use ocpi_protocol::v2_1_1::sessions::{Session, SessionPatch, SessionStatus};

const STARTING: &str = "mod_sessions__simple_session_example_of_a_just_starting_session.json";
const FINISHED: &str = "mod_sessions__simple_session_example_of_a_short_finished_session.json";
const PATCH: &str = "mod_sessions__example_update_the_total_cost.json";

fn session(name: &str) -> Session {
    parse::<Session>(fixture("2.1.1", name).as_bytes())
        .unwrap()
        .value
}

/// Parses a PATCH body and asserts it is written back exactly (a PATCH may hold `null`s).
fn round_trip_patch(json: &str) -> SessionPatch {
    let p = parse::<SessionPatch>(json.as_bytes()).unwrap();
    assert!(p.warnings.is_empty());
    exact_json_eq(json, &serde_json::to_string(&p.value).unwrap()).unwrap();
    p.value
}

#[test]
fn every_sessions_example_round_trips_with_its_errata() {
    common::assert_fixture_names(
        "2.1.1",
        |n| n.starts_with("mod_sessions__"),
        &[PATCH, STARTING, FINISHED],
    );

    let on_street = "LocationType value \"on_street\" differs only in case from \"ON_STREET\"; \
                     enum values are case sensitive";
    // Both examples share the errata of the starting one; the finished one has one more.
    let mut expected = vec![
        missing("auth_method"),
        tolerated("location.type", on_street),
        common::five_decimal_coordinates("location.")[0].clone(),
        common::five_decimal_coordinates("location.")[1].clone(),
        missing("location.evses[0].status"),
    ];
    let p = common::round_trip_fixture::<Session>("2.1.1", STARTING);
    assert_eq!(p.warnings, expected);
    expected.push(tolerated(
        "charging_periods[1].dimensions[0].type",
        "CdrDimensionType value \"energy\" differs only in case from \"ENERGY\"; enum \
         values are case sensitive",
    ));
    let p = common::round_trip_fixture::<Session>("2.1.1", FINISHED);
    assert_eq!(p.warnings, expected);
    let p = assert_round_trip::<SessionPatch>(&request_body(&fixture("2.1.1", PATCH), "PATCH"));
    assert!(p.warnings.is_empty());
}

#[test]
fn official_example_values() {
    let s = session(STARTING);
    assert_eq!(s.id, "101");
    assert_eq!(s.start_datetime, dt("2015-06-29T22:39:09Z"));
    assert_eq!(s.end_datetime, None);
    assert_eq!(s.kwh.to_string(), "0.00");
    assert_eq!(s.auth_id, "DE8ACC12E46L89");
    assert_eq!(s.auth_method, None);
    assert_eq!(s.currency, "EUR");
    assert_eq!(s.charging_periods, None);
    assert_eq!(s.total_cost, Some(num("2.50")));
    assert_eq!(s.status, SessionStatus::Pending);
    let loc = &s.location;
    match &loc.r#type {
        Tolerant::Deviating(d) => assert_eq!(d.raw().get(), "\"on_street\""),
        other => panic!("{other:?}"),
    }
    assert_eq!(loc.country, "BE");
    let evse = &loc.evses.as_ref().unwrap()[0];
    assert_eq!(evse.status, None);
    assert_eq!(
        evse.unknown_fields.get("STATUS").unwrap().get(),
        "\"AVAILABLE\""
    );
    assert_eq!(evse.evse_id.as_deref(), Some("BE-BEC-E041503003"));
    let c = &evse.connectors[0];
    assert_eq!(c.power_type, Some(PowerType::Ac1Phase));
    assert_eq!((c.voltage, c.amperage), (Some(230), Some(64)));

    let s = session(FINISHED);
    assert_eq!(s.end_datetime, Some(dt("2015-06-29T23:50:16Z")));
    assert_eq!(s.kwh, num("41"));
    assert_eq!(s.status, SessionStatus::Completed);
    assert_eq!(s.total_cost.unwrap().to_string(), "8.50");
    let periods = s.charging_periods.as_ref().unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[0].start_date_time, dt("2015-06-29T22:39:09Z"));
    assert_eq!(
        periods[0].dimensions[1].r#type,
        Tolerant::Valid(CdrDimensionType::MaxCurrent)
    );
    assert_eq!(periods[0].dimensions[1].volume, num("30"));
    assert!(periods[1].dimensions[0].r#type.valid().is_none());
    assert_eq!(periods[1].dimensions[0].volume, num("41000"));
    assert_eq!(
        periods[2].dimensions[0].r#type,
        Tolerant::Valid(CdrDimensionType::ParkingTime)
    );
    assert_eq!(periods[2].dimensions[0].volume.to_string(), "0.718");
    assert_eq!(s.location.r#type.valid(), None::<&LocationType>);
}

#[test]
fn total_cost_patch_changes_only_its_field() {
    let patch = round_trip_patch(&request_body(&fixture("2.1.1", PATCH), "PATCH"));
    assert_eq!(patch.total_cost, PatchField::Value(num("0.60")));
    assert_eq!(patch.last_updated, None);
    assert!(patch.charging_periods.is_absent());

    let before = session(FINISHED);
    let mut after = before.clone();
    patch.apply_to(&mut after);
    assert_eq!(after.total_cost.unwrap().to_string(), "0.60");
    let mut expected = before.clone();
    expected.total_cost = Some(num("0.60"));
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn charging_periods_in_a_patch_replace_the_list() {
    // 2.1.1 has no append rule for charging periods: a PATCH replaces the list.
    let patch = round_trip_patch(
        r#"{"charging_periods":[{"start_date_time":"2015-06-29T23:50:00Z","dimensions":[{"type":"FLAT","volume":1}]}]}"#,
    );
    let mut s = session(FINISHED);
    assert_eq!(s.charging_periods.as_ref().unwrap().len(), 3);
    patch.apply_to(&mut s);
    let periods = s.charging_periods.as_ref().unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0].start_date_time, dt("2015-06-29T23:50:00Z"));
    assert_eq!(
        periods[0].dimensions[0].r#type,
        Tolerant::Valid(CdrDimensionType::Flat)
    );
}

#[test]
fn null_clears_optional_fields_and_is_refused_for_required_ones() {
    let patch = round_trip_patch(
        r#"{"end_datetime":null,"total_cost":null,"charging_periods":null,"meter_id":"M1","status":"INVALID","auth_method":"AUTH_REQUEST"}"#,
    );
    let mut s = session(FINISHED);
    patch.apply_to(&mut s);
    assert_eq!(s.end_datetime, None);
    assert_eq!(s.total_cost, None);
    assert_eq!(s.charging_periods, None);
    assert_eq!(s.meter_id.as_deref(), Some("M1"));
    assert_eq!(s.status, SessionStatus::Invalid);
    assert_eq!(s.auth_method, Some(AuthMethod::AuthRequest));
    assert_eq!(s.last_updated, dt("2015-06-29T23:09:10Z"));

    for field in [
        "kwh",
        "auth_method",
        "location",
        "status",
        "last_updated",
        "currency",
    ] {
        let json = format!(r#"{{"{field}":null}}"#);
        let e = parse::<SessionPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, field, "{json}");
    }
    let p = parse::<SessionPatch>(br#"{"total_cost":0.60,"x-note":"kept"}"#).unwrap();
    let mut s = session(STARTING);
    p.value.apply_to(&mut s);
    assert_eq!(s.unknown_fields.get("x-note").unwrap().get(), "\"kept\"");
}

/// A Session that conforms to every 2.1.1 table.
pub(crate) const CONFORMING: &str = r#"{
  "id": "101",
  "start_datetime": "2015-06-29T22:39:09Z",
  "kwh": 0.00,
  "auth_id": "DE8ACC12E46L89",
  "auth_method": "WHITELIST",
  "location": {
    "id": "LOC1",
    "type": "ON_STREET",
    "address": "F.Rooseveltlaan 3A",
    "city": "Gent",
    "postal_code": "9000",
    "country": "BEL",
    "coordinates": {"latitude": "51.047599", "longitude": "3.729944"},
    "evses": [{
      "uid": "3256",
      "status": "CHARGING",
      "connectors": [{
        "id": "1",
        "standard": "IEC_62196_T2",
        "format": "SOCKET",
        "power_type": "AC_1_PHASE",
        "voltage": 230,
        "amperage": 64,
        "last_updated": "2015-06-29T22:39:09Z"
      }],
      "last_updated": "2015-06-29T22:39:09Z"
    }],
    "last_updated": "2015-06-29T22:39:09Z"
  },
  "currency": "EUR",
  "charging_periods": [{
    "start_date_time": "2015-06-29T22:39:09Z",
    "dimensions": [{"type": "ENERGY", "volume": 120}]
  }],
  "status": "ACTIVE",
  "last_updated": "2015-06-29T22:39:09Z"
}"#;

#[test]
fn conforming_session_has_no_warnings() {
    let p = assert_clean::<Session>(CONFORMING);
    assert_eq!(p.value.auth_method, Some(AuthMethod::Whitelist));
    assert_eq!(p.value.status, SessionStatus::Active);
}

#[test]
fn session_status_lists_every_value_of_the_spec_in_order() {
    let wire = wire_names(SessionStatus::KNOWN);
    assert_eq!(wire, ["ACTIVE", "COMPLETED", "INVALID", "PENDING"]);
    // `RESERVATION` is a 2.2.1 value: unknown in 2.1.1, kept as received.
    let s: SessionStatus = serde_json::from_str("\"RESERVATION\"").unwrap();
    assert!(!s.is_known());
}
