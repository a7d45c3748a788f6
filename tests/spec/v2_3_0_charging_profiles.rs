//! 2.3.0 Charging Profiles module: every type is the 2.2.1 one, re-exported. Round trips of
//! 2.3.0 messages through the 2.3.0 paths, and refusals. The spec ships no JSON examples for
//! this module.

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_contains, num, wire_names};

use common::assert_round_trip;
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{DateTime, Url};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
    ChargingProfileResponse, ChargingProfileResponseType, ChargingProfileResult,
    ChargingProfileResultType, ChargingRateUnit, ClearProfileResult, SetChargingProfile,
};

/// PUT /chargingprofiles/{session_id} from an SCSP.
const SET_PROFILE: &str = r#"{
    "charging_profile": {
        "start_date_time": "2024-03-10T11:43:00Z",
        "duration": 3600,
        "charging_rate_unit": "W",
        "min_charging_rate": 1380.0,
        "charging_profile_period": [
            {"start_period": 0, "limit": 11000.0},
            {"start_period": 1800, "limit": 7400.5}
        ]
    },
    "response_url": "https://scsp.example.com/ocpi/2.3.0/chargingprofiles/result/c8f9a1b2-42"
}"#;

#[test]
fn the_2_3_0_paths_are_the_2_2_1_types() {
    // Each line only compiles if the 2.3.0 name is the very 2.2.1 type.
    let _: fn(_) -> ChargingProfile = v2_2_1::charging_profiles::ChargingProfile::new;
    let _: fn(_, _) -> ChargingProfilePeriod =
        v2_2_1::charging_profiles::ChargingProfilePeriod::new;
    let _: fn(_, _) -> SetChargingProfile = v2_2_1::charging_profiles::SetChargingProfile::new;
    let _: fn(_, _) -> ActiveChargingProfile =
        v2_2_1::charging_profiles::ActiveChargingProfile::new;
    let _: fn(_) -> ActiveChargingProfileResult =
        v2_2_1::charging_profiles::ActiveChargingProfileResult::new;
    let _: fn(_, _) -> ChargingProfileResponse =
        v2_2_1::charging_profiles::ChargingProfileResponse::new;
    let _: fn(_) -> ChargingProfileResult = v2_2_1::charging_profiles::ChargingProfileResult::new;
    let _: fn(_) -> ClearProfileResult = v2_2_1::charging_profiles::ClearProfileResult::new;
    let _: ChargingRateUnit = v2_2_1::charging_profiles::ChargingRateUnit::A;
    let _: ChargingProfileResponseType =
        v2_2_1::charging_profiles::ChargingProfileResponseType::TooOften;
    let _: ChargingProfileResultType =
        v2_2_1::charging_profiles::ChargingProfileResultType::Unknown;
}

#[test]
fn set_charging_profile_round_trips() {
    let p = assert_clean::<SetChargingProfile>(SET_PROFILE);
    let cp = &p.value.charging_profile;
    assert_eq!(cp.charging_rate_unit, ChargingRateUnit::W);
    assert_eq!(
        cp.start_date_time,
        Some(DateTime::parse("2024-03-10T11:43:00Z").unwrap())
    );
    assert_eq!(cp.duration, Some(3600));
    assert_eq!(cp.min_charging_rate, Some(num("1380.0")));
    assert_eq!(
        cp.charging_profile_period.as_deref(),
        Some(
            &[
                ChargingProfilePeriod::new(0, num("11000.0")),
                ChargingProfilePeriod::new(1800, num("7400.5")),
            ][..]
        )
    );
    assert_eq!(
        p.value.response_url,
        Url::new("https://scsp.example.com/ocpi/2.3.0/chargingprofiles/result/c8f9a1b2-42")
            .unwrap()
    );
    // Numbers keep their scale on the way back.
    let back = serde_json::to_string(&p.value).unwrap();
    assert!(back.contains(r#""limit":11000.0"#), "{back}");
}

#[test]
fn results_and_responses_round_trip() {
    let p = assert_clean::<ActiveChargingProfileResult>(
        r#"{"result":"ACCEPTED","profile":{"start_date_time":"2024-03-10T12:00:00.000Z","charging_profile":{"charging_rate_unit":"A","charging_profile_period":[{"start_period":0,"limit":16}]}}}"#,
    );
    assert_eq!(p.value.result, ChargingProfileResultType::Accepted);
    let profile = p.value.profile.unwrap();
    assert_eq!(
        profile.charging_profile.charging_rate_unit,
        ChargingRateUnit::A
    );

    for (wire, expected) in [
        ("ACCEPTED", ChargingProfileResultType::Accepted),
        ("REJECTED", ChargingProfileResultType::Rejected),
        ("UNKNOWN", ChargingProfileResultType::Unknown),
    ] {
        let json = format!(r#"{{"result":"{wire}"}}"#);
        assert_eq!(
            assert_round_trip::<ChargingProfileResult>(&json)
                .value
                .result,
            expected
        );
        assert_eq!(
            assert_round_trip::<ClearProfileResult>(&json).value.result,
            expected
        );
    }
    let wire: Vec<_> = wire_names(ChargingProfileResponseType::KNOWN);
    assert_eq!(
        wire,
        [
            "ACCEPTED",
            "NOT_SUPPORTED",
            "REJECTED",
            "TOO_OFTEN",
            "UNKNOWN_SESSION"
        ]
    );
    let p = assert_round_trip::<ChargingProfileResponse>(r#"{"result":"TOO_OFTEN","timeout":0}"#);
    assert_eq!(p.value.result, ChargingProfileResponseType::TooOften);
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
    let e = err::<SetChargingProfile>(r#"{"response_url":"https://x.example/r"}"#);
    assert_eq!(e.path, ".");
    assert_contains(&e.message, "missing field `charging_profile`");
    // Wrong enum case.
    let e = err::<ChargingProfileResponse>(r#"{"result":"too_often","timeout":0}"#);
    assert_eq!(e.path, "result");
    assert_contains(&e.message, "differs only in case");
    // Bad datetime.
    let e = err::<ActiveChargingProfile>(
        r#"{"start_date_time":"10-03-2024T12:00:00Z","charging_profile":{"charging_rate_unit":"A"}}"#,
    );
    assert_eq!(e.path, "start_date_time");
    assert_contains(&e.message, "YYYY-MM-DDThh:mm:ss");
    // Number as string.
    let e = err::<ChargingProfile>(r#"{"charging_rate_unit":"A","min_charging_rate":"6"}"#);
    assert_eq!(e.path, "min_charging_rate");
    assert_contains(&e.message, "expected a JSON number");
    // Wrong type: a string for an int.
    let e = err::<ChargingProfile>(r#"{"charging_rate_unit":"A","duration":"900"}"#);
    assert_eq!(e.path, "duration");
    assert_contains(&e.message, "invalid type: string");
    // Over-long URL.
    let e = err::<SetChargingProfile>(&format!(
        r#"{{"charging_profile":{{"charging_rate_unit":"A"}},"response_url":"https://x.example/{}"}}"#,
        "r".repeat(250)
    ));
    assert_eq!(e.path, "response_url");
    assert_contains(&e.message, "exceeds the maximum length of 255");
    // Duplicate key, nested.
    let e = err::<SetChargingProfile>(
        r#"{"charging_profile":{"charging_rate_unit":"A","charging_rate_unit":"W"},"response_url":"https://x.example/r"}"#,
    );
    assert_eq!(e.path, "charging_profile.charging_rate_unit");
    assert_contains(&e.message, "duplicate field `charging_rate_unit`");
}
