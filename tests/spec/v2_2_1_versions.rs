//! 2.2.1 Versions module: official examples and module rules.

use crate::common;
use crate::common::assert_contains;
use crate::common::clean_fixture;

use common::round_trip_fixture;
use ocpi_protocol::v2_2_1::versions::{ModuleId, Version, VersionDetails, VersionNumber};

#[test]
fn official_examples_round_trip() {
    let list = round_trip_fixture::<Vec<Version>>("2.2.1", "versions_info_example.json");
    assert_eq!(list.value[1].version, VersionNumber::V2_2);
    assert!(list.warnings.is_empty());
    for name in [
        "version_details_example.json",
        "version_details_example2.json",
    ] {
        let d = clean_fixture::<VersionDetails>("2.2.1", name);
        assert_eq!(d.value.endpoints[0].identifier, ModuleId::Credentials);
    }
}

#[test]
fn custom_modules_are_kept() {
    let d = common::assert_round_trip::<VersionDetails>(
        r#"{"version":"2.2.1","endpoints":[{"identifier":"nltnm-tokens","role":"SENDER","url":"https://x.example/t"}]}"#,
    );
    assert!(!d.value.endpoints[0].identifier.is_known());
    assert_eq!(d.value.endpoints[0].identifier.as_str(), "nltnm-tokens");
}

#[test]
fn endpoints_need_at_least_one_element() {
    let e = ocpi_protocol::json::parse::<VersionDetails>(br#"{"version":"2.2.1","endpoints":[]}"#)
        .unwrap_err();
    assert_eq!(e.path, "endpoints");
    assert_contains(&e.message, "at least one element");
}
