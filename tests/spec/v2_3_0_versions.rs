//! 2.3.0 Versions module: official examples, the new version number and module, and refusals.

use crate::common;
use crate::common::{assert_clean, clean_fixture};
use crate::common::{assert_contains, assert_refused, wire_names};

use common::assert_round_trip;
use ocpi_protocol::json::parse;
use ocpi_protocol::types::Url;
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::versions::{
    Endpoint, InterfaceRole, ModuleId, Version, VersionDetails, VersionNumber,
};

#[test]
fn official_examples_round_trip() {
    let list = clean_fixture::<Vec<Version>>("2.3.0", "versions_info_example.json");
    let numbers: Vec<_> = list.value.iter().map(|v| v.version.clone()).collect();
    assert_eq!(numbers, [VersionNumber::V2_1_1, VersionNumber::V2_2_1]);
    assert_eq!(
        list.value[1].url.as_str(),
        "https://www.server.com/ocpi/2.2.1"
    );

    let d = clean_fixture::<VersionDetails>("2.3.0", "version_details_example.json");
    assert_eq!(d.value.version, VersionNumber::V2_2);
    let ids: Vec<_> = d
        .value
        .endpoints
        .iter()
        .map(|e| e.identifier.clone())
        .collect();
    assert_eq!(ids, [ModuleId::Credentials, ModuleId::Locations]);
    assert!(d
        .value
        .endpoints
        .iter()
        .all(|e| e.role == InterfaceRole::Sender));

    let d = clean_fixture::<VersionDetails>("2.3.0", "version_details_example2.json");
    let pairs: Vec<_> = d
        .value
        .endpoints
        .iter()
        .map(|e| (e.identifier.as_str(), e.role.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("credentials", "RECEIVER"),
            ("locations", "SENDER"),
            ("tokens", "RECEIVER"),
            ("locations", "RECEIVER"),
            ("tokens", "SENDER"),
        ]
    );
}

const PTP_DETAILS: &str = r#"{
  "version": "2.3.0",
  "endpoints": [
    {"identifier": "credentials", "role": "SENDER", "url": "https://ptp.example.com/ocpi/2.3.0/credentials"},
    {"identifier": "payments", "role": "SENDER", "url": "https://ptp.example.com/ocpi/ptp/2.3.0/payments"},
    {"identifier": "commands", "role": "SENDER", "url": "https://ptp.example.com/ocpi/ptp/2.3.0/commands"},
    {"identifier": "cdrs", "role": "RECEIVER", "url": "https://ptp.example.com/ocpi/ptp/2.3.0/cdrs"},
    {"identifier": "nltnm-tokens", "role": "RECEIVER", "url": "https://ptp.example.com/ocpi/ptp/2.3.0/nltnm-tokens"}
  ]
}"#;

#[test]
fn version_2_3_0_and_payments_are_known() {
    let d = assert_clean::<VersionDetails>(PTP_DETAILS);
    assert_eq!(d.value.version, VersionNumber::V2_3_0);
    assert!(d.value.version.is_known());
    let e = &d.value.endpoints;
    assert_eq!(e[1].identifier, ModuleId::Payments);
    assert!(e[1].identifier.is_known());
    assert_eq!(e[3].identifier, ModuleId::Cdrs);
    assert_eq!(e[3].role, InterfaceRole::Receiver);
    // A custom module is kept, not refused.
    assert!(!e[4].identifier.is_known());
    assert_eq!(e[4].identifier.as_str(), "nltnm-tokens");

    // In 2.2.1 both are values a peer may send but the crate does not know.
    let old = assert_round_trip::<v2_2_1::versions::VersionDetails>(PTP_DETAILS);
    assert!(!old.value.version.is_known());
    assert!(!old.value.endpoints[1].identifier.is_known());

    let wire: Vec<_> = wire_names(VersionNumber::KNOWN);
    assert_eq!(wire, ["2.0", "2.1", "2.1.1", "2.2", "2.2.1", "2.3.0"]);
    let wire: Vec<_> = wire_names(ModuleId::KNOWN);
    assert_eq!(
        wire,
        [
            "cdrs",
            "chargingprofiles",
            "commands",
            "credentials",
            "hubclientinfo",
            "locations",
            "sessions",
            "tariffs",
            "tokens",
            "payments",
        ]
    );
}

#[test]
fn built_objects_serialize_in_table_order() {
    let v = Version::new(
        VersionNumber::V2_3_0,
        Url::new("https://www.server.com/ocpi/2.3.0").unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"version":"2.3.0","url":"https://www.server.com/ocpi/2.3.0"}"#
    );
    // InterfaceRole is the 2.2.1 type, re-exported.
    let role: InterfaceRole = v2_2_1::versions::InterfaceRole::Sender;
    let e = Endpoint::new(
        ModuleId::Payments,
        role,
        Url::new("https://x.example/p").unwrap(),
    );
    let d = VersionDetails::new(VersionNumber::V2_3_0, vec![e]);
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"version":"2.3.0","endpoints":[{"identifier":"payments","role":"SENDER","url":"https://x.example/p"}]}"#
    );
}

#[test]
fn malformed_versions_are_refused_with_path() {
    // Missing required field (nested).
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":[{"identifier":"payments","url":"https://x.example/p"}]}"#,
        "endpoints[0]",
        "missing field `role`",
    );
    // Cardinality +.
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":[]}"#,
        "endpoints",
        "at least one element",
    );
    // Wrong enum case.
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":[{"identifier":"Payments","role":"SENDER","url":"https://x.example/p"}]}"#,
        "endpoints[0].identifier",
        "differs only in case",
    );
    // Number where the version string is required.
    assert_refused::<VersionDetails>(
        r#"{"version":2.3,"endpoints":[{"identifier":"payments","role":"SENDER","url":"https://x.example/p"}]}"#,
        "version",
        "invalid type",
    );
    // Not a URL.
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":[{"identifier":"payments","role":"SENDER","url":"/ocpi/payments"}]}"#,
        "endpoints[0].url",
        "not a valid absolute URL",
    );
    // Wrong type: an object where the list is required.
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":{"identifier":"payments","role":"SENDER","url":"https://x.example/p"}}"#,
        "endpoints",
        "expected a sequence",
    );
    // Duplicate key.
    assert_refused::<VersionDetails>(
        r#"{"version":"2.3.0","endpoints":[{"identifier":"payments","role":"SENDER","role":"RECEIVER","url":"https://x.example/p"}]}"#,
        "endpoints[0].role",
        "duplicate field `role`",
    );
    // A malformed enum value (not printable ASCII).
    let e = parse::<Vec<Version>>(r#"[{"version":"","url":"https://x.example/"}]"#.as_bytes())
        .unwrap_err();
    assert_eq!(e.path, "[0].version");
    assert_contains(&e.message, "not a valid enum value");
}
