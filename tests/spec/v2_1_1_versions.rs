//! 2.1.1 Versions module: the examples of `version_information_endpoint.md`, the version
//! response examples of `transport_and_format.md`, and malformed documents.

use crate::common;

use std::collections::BTreeMap;

use common::{assert_round_trip, exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{Conformance, DateTime};
use ocpi_protocol::v2_1_1::versions::{ModuleId, Version, VersionDetails, VersionNumber};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

const INFO: &str = "version_information_endpoint__version_information_endpoint_get_example.json";
const DETAILS: &str = "version_information_endpoint__version_details_endpoint_get_example.json";
const ENVELOPE_INFO: &str =
    "transport_and_format__example_version_information_response_list_of_objects.json";
const ENVELOPE_DETAILS: &str =
    "transport_and_format__example_version_details_response_one_object.json";

/// Reads a response envelope `{data, status_code, status_message, timestamp}`: the envelope
/// fields are checked here, `data` is round-tripped exactly as `T`, and the envelope rebuilt
/// from the written `data` equals the published one. Returns the parsed data.
fn envelope<T>(name: &str) -> ocpi_protocol::json::Parsed<T>
where
    T: DeserializeOwned + Serialize + ocpi_protocol::json::WriteJson + Conformance,
{
    let text = fixture("2.1.1", name);
    let mut fields: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = fields.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["data", "status_code", "status_message", "timestamp"]);
    assert_eq!(fields["status_code"].get(), "1000");
    assert_eq!(fields["status_message"].get(), "\"Success\"");
    let ts: DateTime = serde_json::from_str(fields["timestamp"].get()).unwrap();
    assert_eq!(ts, DateTime::parse("2015-06-30T21:59:59Z").unwrap());
    let data = assert_round_trip::<T>(fields["data"].get());
    let written = serde_json::to_string(&data.value).unwrap();
    fields.insert("data".to_owned(), RawValue::from_string(written).unwrap());
    exact_json_eq(&text, &serde_json::to_string(&fields).unwrap()).unwrap();
    data
}

#[test]
fn every_versions_example_round_trips() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/2.1.1");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("version_information_endpoint__") || n.contains("_version_"))
        .collect();
    names.sort();
    let mut expected = vec![INFO, DETAILS, ENVELOPE_INFO, ENVELOPE_DETAILS];
    expected.sort();
    assert_eq!(names, expected);

    let list = round_trip_fixture::<Vec<Version>>("2.1.1", INFO);
    assert!(list.warnings.is_empty());
    assert_eq!(list.value[0].version, VersionNumber::V2_1_1);
    assert_eq!(
        list.value[0].url.as_str(),
        "https://example.com/ocpi/cpo/2.1.1/"
    );
    assert_eq!(list.value[1].version, VersionNumber::V2_0);

    let d = round_trip_fixture::<VersionDetails>("2.1.1", DETAILS);
    assert!(d.warnings.is_empty());
    assert_eq!(d.value.version, VersionNumber::V2_0);
    assert_eq!(
        d.value
            .endpoints
            .iter()
            .map(|e| e.identifier.clone())
            .collect::<Vec<_>>(),
        [ModuleId::Credentials, ModuleId::Locations]
    );
    assert!(d
        .value
        .endpoints
        .iter()
        .all(|e| e.unknown_fields.is_empty()));

    let list = envelope::<Vec<Version>>(ENVELOPE_INFO);
    assert!(list.warnings.is_empty());
    // "1.9" is not a 2.1.1 version number: kept as an unknown value.
    assert!(!list.value[0].version.is_known());
    assert_eq!(list.value[0].version.as_str(), "1.9");
    assert_eq!(list.value[1].version, VersionNumber::V2_0);

    let d = envelope::<VersionDetails>(ENVELOPE_DETAILS);
    assert!(d.warnings.is_empty());
    assert_eq!(d.value.endpoints[1].identifier, ModuleId::Locations);
    assert_eq!(
        d.value,
        round_trip_fixture::<VersionDetails>("2.1.1", DETAILS).value
    );
}

#[test]
fn malformed_versions_are_refused_with_their_path() {
    let details = fixture("2.1.1", DETAILS);
    let check = |from: &str, to: &str, path: &str, message: &str| {
        assert!(details.contains(from), "{from}");
        let e = parse::<VersionDetails>(details.replacen(from, to, 1).as_bytes()).unwrap_err();
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(message), "{e}");
    };
    check("\"version\": \"2.0\",", "", ".", "missing field `version`");
    check(
        "\"identifier\": \"credentials\"",
        "\"identifier\": \"Credentials\"",
        "endpoints[0].identifier",
        "differs only in case",
    );
    check(
        "\"version\": \"2.0\"",
        "\"version\": 2.0",
        "version",
        "invalid type: floating point `2.0`",
    );
    check(
        "\"url\": \"https://example.com/ocpi/cpo/2.0/locations/\"",
        "\"url\": [\"https://example.com/ocpi/cpo/2.0/locations/\"]",
        "endpoints[1].url",
        "invalid type: sequence",
    );
    check(
        "\"version\": \"2.0\",",
        "\"version\": \"2.0\", \"version\": \"2.1.1\",",
        "version",
        "duplicate field `version`",
    );
    check(
        "\"url\": \"https://example.com/ocpi/cpo/2.0/credentials/\"",
        &format!("\"url\": \"https://example.com/{}\"", "a".repeat(250)),
        "endpoints[0].url",
        "exceeds the maximum length of 255",
    );
    let e = parse::<VersionDetails>(br#"{"version":"2.1.1","endpoints":[]}"#).unwrap_err();
    assert_eq!(e.path, "endpoints");
    assert!(e.message.contains("at least one element"), "{}", e.message);
    // A 2.1.1 endpoint has no role; a 2.2.1-style `role` is kept as an unknown field.
    let d = assert_round_trip::<VersionDetails>(
        r#"{"version":"2.1.1","endpoints":[{"identifier":"nltnm-tokens","role":"SENDER","url":"https://x.example/t"}]}"#,
    );
    let e = &d.value.endpoints[0];
    assert!(!e.identifier.is_known());
    assert_eq!(e.unknown_fields.get("role").unwrap().get(), "\"SENDER\"");
}

#[test]
fn version_enums_list_every_value_of_the_spec_in_order() {
    let numbers: Vec<&str> = VersionNumber::KNOWN.iter().map(|v| v.as_str()).collect();
    assert_eq!(numbers, ["2.0", "2.1", "2.1.1"]);
    let modules: Vec<&str> = ModuleId::KNOWN.iter().map(|v| v.as_str()).collect();
    assert_eq!(
        modules,
        [
            "cdrs",
            "commands",
            "credentials",
            "locations",
            "sessions",
            "tariffs",
            "tokens"
        ]
    );
}
