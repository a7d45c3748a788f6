//! 2.2.1 Charging Profiles module: round trips of every object and enum value, and refusals.
//!
//! The spec ships no JSON examples for this module; the documents below are written after
//! its object tables and sequence diagrams.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_contains;
use crate::common::num;

use common::assert_round_trip;
use ocpi_protocol::json::{parse, ErrorCategory};
use ocpi_protocol::types::{DateTime, Url};
use ocpi_protocol::v2_2_1::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
    ChargingProfileResponse, ChargingProfileResponseType, ChargingProfileResult,
    ChargingProfileResultType, ChargingRateUnit, ClearProfileResult, SetChargingProfile,
};

/// PUT /chargingprofiles/{session_id}: an absolute profile in Watts with every field.
const SET_ABSOLUTE_W: &str = r#"{
    "charging_profile": {
        "start_date_time": "2021-03-10T11:43:00Z",
        "duration": 7200,
        "charging_rate_unit": "W",
        "min_charging_rate": 1380.0,
        "charging_profile_period": [
            {"start_period": 0, "limit": 11000.0},
            {"start_period": 1800, "limit": 7400.5},
            {"start_period": 3600, "limit": 3680}
        ]
    },
    "response_url": "https://scsp.example.com/ocpi/2.2.1/chargingprofiles/result/c8f9a1b2-42"
}"#;

/// PUT /chargingprofiles/{session_id}: a relative profile in Amperes, only what is required.
const SET_RELATIVE_A: &str = r#"{
    "charging_profile": {
        "charging_rate_unit": "A",
        "charging_profile_period": [{"start_period": 0, "limit": 16}]
    },
    "response_url": "https://emsp.example.com/ocpi/emsp/2.2.1/chargingprofiles/1234"
}"#;

#[test]
fn set_charging_profile_round_trips() {
    let p = assert_clean::<SetChargingProfile>(SET_ABSOLUTE_W);
    let cp = &p.value.charging_profile;
    assert_eq!(cp.charging_rate_unit, ChargingRateUnit::W);
    assert_eq!(
        cp.start_date_time,
        Some(DateTime::parse("2021-03-10T11:43:00Z").unwrap())
    );
    assert_eq!(cp.duration, Some(7200));
    assert_eq!(cp.min_charging_rate, Some(num("1380.0")));
    let periods = cp.charging_profile_period.as_ref().unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[1].start_period, 1800);
    assert_eq!(periods[1].limit, num("7400.5"));
    assert_eq!(
        p.value.response_url,
        Url::new("https://scsp.example.com/ocpi/2.2.1/chargingprofiles/result/c8f9a1b2-42")
            .unwrap()
    );

    let p = assert_clean::<SetChargingProfile>(SET_RELATIVE_A);
    let cp = &p.value.charging_profile;
    assert_eq!(cp.charging_rate_unit, ChargingRateUnit::A);
    assert_eq!(cp.start_date_time, None);
    assert_eq!(cp.duration, None);
    assert_eq!(cp.min_charging_rate, None);
    assert_eq!(
        cp.charging_profile_period,
        Some(vec![ChargingProfilePeriod::new(0, num("16"))])
    );
}

#[test]
fn absent_and_empty_period_lists_stay_distinct() {
    let absent = assert_round_trip::<ChargingProfile>(r#"{"charging_rate_unit":"A"}"#);
    assert_eq!(absent.value.charging_profile_period, None);
    let empty = assert_round_trip::<ChargingProfile>(
        r#"{"charging_rate_unit":"A","charging_profile_period":[]}"#,
    );
    assert_eq!(empty.value.charging_profile_period, Some(vec![]));
    assert_ne!(absent.value, empty.value);
    assert_eq!(
        serde_json::to_string(&ChargingProfile::new(ChargingRateUnit::W)).unwrap(),
        r#"{"charging_rate_unit":"W"}"#
    );
}

#[test]
fn charging_profile_response_every_type() {
    let cases = [
        ("ACCEPTED", ChargingProfileResponseType::Accepted, 30),
        (
            "NOT_SUPPORTED",
            ChargingProfileResponseType::NotSupported,
            0,
        ),
        ("REJECTED", ChargingProfileResponseType::Rejected, 0),
        ("TOO_OFTEN", ChargingProfileResponseType::TooOften, 0),
        (
            "UNKNOWN_SESSION",
            ChargingProfileResponseType::UnknownSession,
            0,
        ),
    ];
    for (wire, expected, timeout) in &cases {
        let json = format!(r#"{{"result":"{wire}","timeout":{timeout}}}"#);
        let p = assert_clean::<ChargingProfileResponse>(&json);
        assert_eq!(&p.value.result, expected);
        assert!(p.value.result.is_known());
        assert_eq!(p.value.timeout, *timeout);
    }
    let listed: Vec<_> = cases.iter().map(|c| c.1.clone()).collect();
    assert_eq!(ChargingProfileResponseType::KNOWN, listed.as_slice());
}

/// POST to response_url after GET /chargingprofiles/{session_id}?duration=…: accepted, with
/// the profile the Charge Point calculated.
const ACTIVE_RESULT_ACCEPTED: &str = r#"{
    "result": "ACCEPTED",
    "profile": {
        "start_date_time": "2021-03-10T12:00:00.000Z",
        "charging_profile": {
            "start_date_time": "2021-03-10T12:00:00.000Z",
            "duration": 900,
            "charging_rate_unit": "A",
            "min_charging_rate": 6.0,
            "charging_profile_period": [
                {"start_period": 0, "limit": 32.0},
                {"start_period": 300, "limit": 16.0},
                {"start_period": 600, "limit": 8.1}
            ]
        }
    }
}"#;

#[test]
fn active_charging_profile_result_round_trips() {
    let p = assert_clean::<ActiveChargingProfileResult>(ACTIVE_RESULT_ACCEPTED);
    assert_eq!(p.value.result, ChargingProfileResultType::Accepted);
    let profile = p.value.profile.as_ref().unwrap();
    assert_eq!(
        profile.start_date_time,
        DateTime::parse("2021-03-10T12:00:00Z").unwrap()
    );
    let periods = profile
        .charging_profile
        .charging_profile_period
        .as_ref()
        .unwrap();
    assert_eq!(periods[2].limit, num("8.1"));

    for (wire, expected) in [
        ("REJECTED", ChargingProfileResultType::Rejected),
        ("UNKNOWN", ChargingProfileResultType::Unknown),
    ] {
        let p =
            assert_round_trip::<ActiveChargingProfileResult>(&format!(r#"{{"result":"{wire}"}}"#));
        assert_eq!(p.value.result, expected);
        assert_eq!(p.value.profile, None);
    }
}

/// PUT by the CPO to the Sender's chargingprofiles endpoint: an updated ActiveChargingProfile.
#[test]
fn active_charging_profile_round_trips() {
    let json = r#"{
        "start_date_time": "2021-03-10T14:15:30Z",
        "charging_profile": {
            "charging_rate_unit": "W",
            "charging_profile_period": [
                {"start_period": 0, "limit": 22000},
                {"start_period": 5400, "limit": 0}
            ]
        }
    }"#;
    let p = assert_clean::<ActiveChargingProfile>(json);
    assert_eq!(
        p.value.charging_profile.charging_rate_unit,
        ChargingRateUnit::W
    );
    assert_eq!(
        p.value
            .charging_profile
            .charging_profile_period
            .as_ref()
            .unwrap()[1],
        ChargingProfilePeriod::new(5400, num("0"))
    );
}

#[test]
fn charging_profile_and_clear_results_every_type() {
    let cases = [
        ("ACCEPTED", ChargingProfileResultType::Accepted),
        ("REJECTED", ChargingProfileResultType::Rejected),
        ("UNKNOWN", ChargingProfileResultType::Unknown),
    ];
    for (wire, expected) in &cases {
        let json = format!(r#"{{"result":"{wire}"}}"#);
        let set = assert_clean::<ChargingProfileResult>(&json);
        assert_eq!(&set.value.result, expected);
        let clear = assert_clean::<ClearProfileResult>(&json);
        assert_eq!(&clear.value.result, expected);
    }
    let listed: Vec<_> = cases.iter().map(|c| c.1.clone()).collect();
    assert_eq!(ChargingProfileResultType::KNOWN, listed.as_slice());
    assert_eq!(
        ChargingRateUnit::KNOWN,
        &[ChargingRateUnit::W, ChargingRateUnit::A]
    );
}

#[test]
fn unknown_fields_and_values_are_kept() {
    let p = assert_round_trip::<ChargingProfileResponse>(
        r#"{"result":"QUEUED","timeout":60,"x-vendor":{"queue":3}}"#,
    );
    assert!(!p.value.result.is_known());
    assert_eq!(p.value.result.as_str(), "QUEUED");
    assert_eq!(
        p.value.unknown_fields.get("x-vendor").unwrap().get(),
        r#"{"queue":3}"#
    );
}

fn err<T>(json: &str) -> ocpi_protocol::json::ParseError
where
    T: serde::de::DeserializeOwned + ocpi_protocol::types::Conformance + std::fmt::Debug,
{
    parse::<T>(json.as_bytes()).unwrap_err()
}

#[test]
fn malformed_documents_are_refused_with_path() {
    // Missing required field.
    let e = err::<SetChargingProfile>(r#"{"charging_profile":{"charging_rate_unit":"A"}}"#);
    assert_eq!(e.path, ".");
    assert_contains(&e.message, "missing field `response_url`");
    let e = err::<SetChargingProfile>(
        r#"{"charging_profile":{"charging_profile_period":[]},"response_url":"https://x.example/r"}"#,
    );
    assert_eq!(e.path, "charging_profile");
    assert_contains(&e.message, "missing field `charging_rate_unit`");

    // Wrong enum case.
    let e = err::<SetChargingProfile>(
        r#"{"charging_profile":{"charging_rate_unit":"w"},"response_url":"https://x.example/r"}"#,
    );
    assert_eq!(e.path, "charging_profile.charging_rate_unit");
    assert_contains(&e.message, "differs only in case");
    let e = err::<ChargingProfileResult>(r#"{"result":"Accepted"}"#);
    assert_eq!(e.path, "result");
    assert_contains(&e.message, "differs only in case");

    // Bad datetime: an offset instead of UTC, and an impossible date.
    let e = err::<ActiveChargingProfile>(
        r#"{"start_date_time":"2021-03-10T12:00:00+01:00","charging_profile":{"charging_rate_unit":"A"}}"#,
    );
    assert_eq!(e.path, "start_date_time");
    assert_contains(&e.message, "has a UTC offset");
    let e = err::<ActiveChargingProfileResult>(
        r#"{"result":"ACCEPTED","profile":{"start_date_time":"2021-03-10T12:00:00Z","charging_profile":{"charging_rate_unit":"A","start_date_time":"2021-02-30T00:00:00Z"}}}"#,
    );
    assert_eq!(e.path, "profile.charging_profile.start_date_time");
    assert_contains(&e.message, "not a valid date");

    // Number as string.
    let e = err::<ChargingProfile>(
        r#"{"charging_rate_unit":"A","charging_profile_period":[{"start_period":0,"limit":16},{"start_period":60,"limit":"8.5"}]}"#,
    );
    assert_eq!(e.path, "charging_profile_period[1].limit");
    assert_contains(&e.message, "expected a JSON number");
    let e = err::<ChargingProfileResponse>(r#"{"result":"ACCEPTED","timeout":"30"}"#);
    assert_eq!(e.path, "timeout");
    assert_contains(&e.message, "invalid type: string");

    // Wrong type: a fraction for an int, an object for a list.
    let e = err::<ChargingProfile>(
        r#"{"charging_rate_unit":"A","charging_profile_period":[{"start_period":0.5,"limit":16}]}"#,
    );
    assert_eq!(e.path, "charging_profile_period[0].start_period");
    assert_contains(&e.message, "invalid type");
    let e = err::<ChargingProfile>(
        r#"{"charging_rate_unit":"A","charging_profile_period":{"start_period":0,"limit":16}}"#,
    );
    assert_eq!(e.path, "charging_profile_period");
    assert_contains(&e.message, "expected a sequence");

    // Over-long URL (URL is at most 255 characters).
    let long = format!(
        r#"{{"charging_profile":{{"charging_rate_unit":"A"}},"response_url":"https://x.example/{}"}}"#,
        "a".repeat(240)
    );
    let e = err::<SetChargingProfile>(&long);
    assert_eq!(e.path, "response_url");
    assert_contains(&e.message, "exceeds the maximum length of 255");

    // Duplicate key.
    let e = err::<ChargingProfileResponse>(r#"{"result":"ACCEPTED","timeout":30,"timeout":60}"#);
    assert_eq!(e.path, "timeout");
    assert_contains(&e.message, "duplicate field `timeout`");
    assert_eq!(e.category, ErrorCategory::Data);
}
