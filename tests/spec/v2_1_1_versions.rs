//! 2.1.1 Versions module: the examples of `version_information_endpoint.md`, the version
//! response examples of `transport_and_format.md`, and malformed documents.

use crate::common;
use crate::common::clean_fixture;
use crate::common::v2_1_1_envelope;
use crate::common::{assert_refused, wire_names};

use common::{assert_round_trip, fixture, round_trip_fixture};
use ocpi_protocol::v2_1_1::versions::{ModuleId, Version, VersionDetails, VersionNumber};

const INFO: &str = "version_information_endpoint__version_information_endpoint_get_example.json";
const DETAILS: &str = "version_information_endpoint__version_details_endpoint_get_example.json";
const ENVELOPE_INFO: &str =
    "transport_and_format__example_version_information_response_list_of_objects.json";
const ENVELOPE_DETAILS: &str =
    "transport_and_format__example_version_details_response_one_object.json";

#[test]
fn every_versions_example_round_trips() {
    common::assert_fixture_names(
        "2.1.1",
        |n| n.starts_with("version_information_endpoint__") || n.contains("_version_"),
        &[INFO, DETAILS, ENVELOPE_INFO, ENVELOPE_DETAILS],
    );

    let list = clean_fixture::<Vec<Version>>("2.1.1", INFO);
    assert_eq!(list.value[0].version, VersionNumber::V2_1_1);
    assert_eq!(
        list.value[0].url.as_str(),
        "https://example.com/ocpi/cpo/2.1.1/"
    );
    assert_eq!(list.value[1].version, VersionNumber::V2_0);

    let d = clean_fixture::<VersionDetails>("2.1.1", DETAILS);
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

    let list = v2_1_1_envelope::<Vec<Version>>(ENVELOPE_INFO);
    assert!(list.warnings.is_empty());
    // "1.9" is not a 2.1.1 version number: kept as an unknown value.
    assert!(!list.value[0].version.is_known());
    assert_eq!(list.value[0].version.as_str(), "1.9");
    assert_eq!(list.value[1].version, VersionNumber::V2_0);

    let d = v2_1_1_envelope::<VersionDetails>(ENVELOPE_DETAILS);
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
        assert_refused::<VersionDetails>(&details.replacen(from, to, 1), path, message);
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
    assert_refused::<VersionDetails>(
        r#"{"version":"2.1.1","endpoints":[]}"#,
        "endpoints",
        "at least one element",
    );
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
    let numbers = wire_names(VersionNumber::KNOWN);
    assert_eq!(numbers, ["2.0", "2.1", "2.1.1"]);
    let modules = wire_names(ModuleId::KNOWN);
    assert_eq!(modules, crate::common::V2_1_1_MODULES);
}
