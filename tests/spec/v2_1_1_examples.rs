//! The 2.1.1 example fixtures as a set: `tests/fixtures/2.1.1/INDEX.md` lists exactly the
//! extracted files; the blocks published as invalid JSON fail to parse as JSON, for the reason
//! the index gives; every file is covered by one of the `v2_1_1_*` tests; and the examples
//! owned by no module (the error response, the DisplayText example) round-trip here.

use crate::common;
use crate::common::clean_fixture;

use std::collections::BTreeMap;

use common::{exact_json_eq, fixture};
use ocpi_protocol::types::{DateTime, DisplayText};
use serde_json::value::RawValue;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/2.1.1");

/// Why a published block is not JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Invalid {
    /// An HTTP request line (`PUT To URL: …` / `PATCH To URL: …`) precedes the JSON body.
    RequestLine,
    /// A bare object member (`"energy_mix": {…}`), not a whole document.
    Member,
    /// A bare object member that also has trailing commas before `}`.
    MemberWithTrailingCommas,
}

/// Every block published as invalid JSON, and why. The module tests read what the block
/// holds: the body after the request line, or the member between braces.
const INVALID: &[(&str, Invalid)] = &[
    (
        "mod_locations__example_a_simple_status_update.json",
        Invalid::RequestLine,
    ),
    (
        "mod_locations__example_change_the_location_name.json",
        Invalid::RequestLine,
    ),
    (
        "mod_locations__example_set_tariff_update.json",
        Invalid::RequestLine,
    ),
    (
        "mod_locations__example_add_an_evse.json",
        Invalid::RequestLine,
    ),
    (
        "mod_locations__example_delete_an_evse.json",
        Invalid::RequestLine,
    ),
    (
        "mod_locations__energymix_class_examples_simple.json",
        Invalid::Member,
    ),
    (
        "mod_locations__energymix_class_examples_tariff_name_based.json",
        Invalid::Member,
    ),
    (
        "mod_locations__energymix_class_examples_complete.json",
        Invalid::MemberWithTrailingCommas,
    ),
    (
        "mod_locations__regularhours_class_example.json",
        Invalid::Member,
    ),
    (
        "mod_sessions__example_update_the_total_cost.json",
        Invalid::RequestLine,
    ),
    (
        "mod_tariffs__example_new_tariff_2_euro_per_hour.json",
        Invalid::RequestLine,
    ),
    (
        "mod_tariffs__example_change_tariff_to_2_50.json",
        Invalid::RequestLine,
    ),
    (
        "mod_tokens__example_put_a_new_token.json",
        Invalid::RequestLine,
    ),
    (
        "mod_tokens__example_invalidate_a_token.json",
        Invalid::RequestLine,
    ),
];

/// The test file that round-trips each fixture, by file name prefix.
const COVERAGE: &[(&str, &str)] = &[
    ("credentials__", "v2_1_1_credentials.rs"),
    ("mod_cdrs__", "v2_1_1_cdrs.rs"),
    ("mod_locations__", "v2_1_1_locations.rs"),
    ("mod_sessions__", "v2_1_1_sessions.rs"),
    ("mod_tariffs__", "v2_1_1_tariffs.rs"),
    ("mod_tokens__", "v2_1_1_tokens.rs"),
    ("transport_and_format__example_tokens_", "v2_1_1_tokens.rs"),
    (
        "transport_and_format__example_version_",
        "v2_1_1_versions.rs",
    ),
    (
        "transport_and_format__example_response_with_an_error",
        "v2_1_1_examples.rs",
    ),
    ("types__", "v2_1_1_examples.rs"),
    ("version_information_endpoint__", "v2_1_1_versions.rs"),
];

fn json_files() -> Vec<String> {
    crate::common::fixture_names("2.1.1", |n| n.ends_with(".json"))
}

/// The rows of the "Extracted" table of INDEX.md: file name and its JSON column.
fn index_rows() -> Vec<(String, String)> {
    let index = std::fs::read_to_string(format!("{DIR}/INDEX.md")).unwrap();
    let mut rows: Vec<(String, String)> = index
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains(".json` |"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let name = cells[0].trim_start_matches("| `").trim_end_matches('`');
            let status = cells.last().unwrap().trim_end_matches(" |");
            (name.to_owned(), status.to_owned())
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn index_lists_exactly_the_extracted_files() {
    let files = json_files();
    assert_eq!(files.len(), 33);
    let rows = index_rows();
    let listed: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(listed, files);
    for (name, status) in &rows {
        let invalid = INVALID.iter().any(|(n, _)| n == name);
        if invalid {
            assert!(status.starts_with("not valid JSON: "), "{name}: {status}");
        } else {
            assert_eq!(status, "valid JSON", "{name}");
        }
    }
    // The files that are not examples: the index and the extraction script.
    let others = crate::common::fixture_names("2.1.1", |n| !n.ends_with(".json"));
    assert_eq!(others, ["INDEX.md", "extract.py"]);
}

#[test]
fn every_fixture_is_covered_by_a_test_file() {
    for name in json_files() {
        let owners: Vec<&str> = COVERAGE
            .iter()
            .filter(|(prefix, _)| name.starts_with(prefix))
            .map(|(_, file)| *file)
            .collect();
        assert_eq!(owners.len(), 1, "{name}: {owners:?}");
        // The owning test file names the fixture (or, for per-chapter prefixes, lists the
        // chapter's files itself and fails when one is missing).
        let source = std::fs::read_to_string(format!(
            "{}/tests/spec/{}",
            env!("CARGO_MANIFEST_DIR"),
            owners[0]
        ))
        .unwrap();
        assert!(source.contains(&name), "{name} not named in {}", owners[0]);
    }
}

/// The published blocks that are not JSON documents fail to parse as JSON, each for the
/// reason given in INDEX.md; the JSON they hold is read by the module tests.
#[test]
fn invalid_blocks_fail_to_parse_as_json() {
    for &(name, why) in INVALID {
        let text = fixture("2.1.1", name);
        let e = serde_json::from_str::<serde_json::Value>(&text).unwrap_err();
        match why {
            Invalid::RequestLine => {
                // The request line is not JSON: the parser fails on its first character.
                assert_eq!((e.line(), e.column()), (1, 1), "{name}: {e}");
                assert!(
                    text.starts_with("PATCH To URL: https://")
                        || text.starts_with("PUT To URL: https://"),
                    "{name}"
                );
                // Without it, the rest is one JSON object.
                let (_, body) = text.split_once('\n').unwrap();
                let v: serde_json::Value = serde_json::from_str(body).unwrap();
                assert!(v.is_object(), "{name}");
            }
            Invalid::Member | Invalid::MemberWithTrailingCommas => {
                // A string followed by `:`: valid JSON would end after the string.
                assert!(
                    e.to_string().starts_with("trailing characters"),
                    "{name}: {e}"
                );
                assert!(text.trim_start().starts_with('"'), "{name}");
                let wrapped = format!("{{{text}}}");
                let result = serde_json::from_str::<serde_json::Value>(&wrapped);
                if why == Invalid::Member {
                    assert!(result.unwrap().is_object(), "{name}");
                } else {
                    let e = result.unwrap_err();
                    assert!(e.to_string().starts_with("trailing comma"), "{name}: {e}");
                }
            }
        }
    }
    // Every other file is one JSON document.
    for name in json_files() {
        if INVALID.iter().all(|(n, _)| *n != name) {
            let text = fixture("2.1.1", &name);
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{name}"
            );
        }
    }
}

#[test]
fn error_response_without_data() {
    let name = "transport_and_format__example_response_with_an_error_contains_no_data_field.json";
    let text = fixture("2.1.1", name);
    let fields: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = fields.keys().map(|k| k.as_str()).collect();
    // `data` is optional (`* or ?`) and absent in an error response.
    assert_eq!(keys, ["status_code", "status_message", "timestamp"]);
    let code: i64 = serde_json::from_str(fields["status_code"].get()).unwrap();
    assert_eq!(code, 2001);
    let message: String = serde_json::from_str(fields["status_message"].get()).unwrap();
    assert_eq!(message, "Missing required field: type");
    let ts: DateTime = serde_json::from_str(fields["timestamp"].get()).unwrap();
    assert_eq!(ts, DateTime::parse("2015-06-30T21:59:59Z").unwrap());
    // Written back field by field, the envelope is the published one.
    let back = format!(
        r#"{{"status_code":{code},"status_message":{},"timestamp":{}}}"#,
        serde_json::to_string(&message).unwrap(),
        serde_json::to_string(&ts).unwrap()
    );
    exact_json_eq(&text, &back).unwrap();
}

#[test]
fn display_text_example() {
    // An indented (not fenced) block of types.md.
    let p = clean_fixture::<DisplayText>("2.1.1", "types__types_displaytext_class.json");
    assert_eq!(p.value.language, "en");
    assert_eq!(p.value.text, "Standard Tariff");
    assert!(p.value.unknown_fields.is_empty());
}
