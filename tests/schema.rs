//! The JSON Schema of every object states what the crate enforces: every official example
//! validates exactly when a strict read accepts it, malformed documents fail for the expected
//! reason, the schema and the type agree on a table of documents, and every object of every
//! version has a schema in the export.
#![cfg(feature = "schema")]

mod common;
#[path = "common/examples.rs"]
mod examples;

use common::fixture;
use jsonschema::Validator;
use ocpi_protocol::json::parse_strict;
use ocpi_protocol::types::Conformance;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn validator(schema: Value) -> Validator {
    jsonschema::validator_for(&schema).expect("the generated schema compiles")
}

/// (instance path, error kind) of every validation error.
fn errors(v: &Validator, doc: &Value) -> Vec<(String, String)> {
    v.iter_errors(doc)
        .map(|e| {
            let kind = format!("{:?}", e.kind());
            let kind = kind.split([' ', '{', '(']).next().unwrap_or("").to_owned();
            (e.instance_path().as_str().to_owned(), kind)
        })
        .collect()
}

#[test]
fn official_examples_validate_exactly_when_a_strict_read_accepts_them() {
    for (version, table) in [
        ("2.2.1", examples::examples_2_2_1()),
        ("2.3.0", examples::examples_2_3_0()),
    ] {
        for e in table {
            let json = fixture(version, e.file);
            let doc: Value = serde_json::from_str(&json).unwrap();
            let v = validator((e.schema)());
            let strict = (e.strict)(&json);
            assert_eq!(
                v.is_valid(&doc),
                strict,
                "{version} {}: {:?}",
                e.file,
                errors(&v, &doc)
            );
            assert_eq!(strict, e.warnings.is_empty(), "{version} {}", e.file);
        }
    }
}

fn schema_of<T: schemars::JsonSchema>() -> Validator {
    validator(
        schemars::SchemaGenerator::default()
            .into_root_schema_for::<T>()
            .into(),
    )
}

#[test]
fn official_2_1_1_examples_validate() {
    use ocpi_protocol::v2_1_1::{
        cdrs::Cdr, credentials::Credentials, locations::Location, sessions::Session,
        tariffs::Tariff, tokens::Token,
    };
    let conforming: [(&str, Validator); 6] = [
        (
            "credentials__object_description_example.json",
            schema_of::<Credentials>(),
        ),
        (
            "mod_tariffs__simple_tariff_example_2_euro_per_hour.json",
            schema_of::<Tariff>(),
        ),
        (
            "mod_tariffs__simple_tariff_example_with_alternative_multi_language_text.json",
            schema_of::<Tariff>(),
        ),
        (
            "mod_tariffs__simple_tariff_example_with_alternative_url.json",
            schema_of::<Tariff>(),
        ),
        (
            "mod_tariffs__complex_tariff_example.json",
            schema_of::<Tariff>(),
        ),
        (
            "mod_tokens__token_object_example.json",
            schema_of::<Token>(),
        ),
    ];
    for (file, v) in &conforming {
        let doc: Value = serde_json::from_str(&fixture("2.1.1", file)).unwrap();
        assert!(v.is_valid(&doc), "{file}: {:?}", errors(v, &doc));
    }
    // The examples with errata (see the v2_1_1 tests) fail, as a strict read does.
    for (file, v) in [
        ("mod_cdrs__example_of_a_cdr.json", schema_of::<Cdr>()),
        (
            "mod_locations__location_object_example.json",
            schema_of::<Location>(),
        ),
        (
            "mod_sessions__simple_session_example_of_a_just_starting_session.json",
            schema_of::<Session>(),
        ),
    ] {
        let doc: Value = serde_json::from_str(&fixture("2.1.1", file)).unwrap();
        assert!(!v.is_valid(&doc), "{file}");
    }
}

/// The official 2.2.1 Location example with `from` replaced by `to`.
fn location_with(from: &str, to: &str) -> Value {
    let base = fixture("2.2.1", "location_example.json");
    assert!(base.contains(from), "{from}");
    serde_json::from_str(&base.replacen(from, to, 1)).unwrap()
}

/// The official 2.2.1 RFID Token example with `from` replaced by `to`.
fn token_with(from: &str, to: &str) -> Value {
    let base = fixture("2.2.1", "token_example_2_full_rfid.json");
    assert!(base.contains(from), "{from}");
    serde_json::from_str(&base.replacen(from, to, 1)).unwrap()
}

#[test]
fn malformed_documents_fail_for_the_expected_reason() {
    use ocpi_protocol::v2_2_1::locations::Location;
    use ocpi_protocol::v2_2_1::tokens::Token;
    let (location, token) = (schema_of::<Location>(), schema_of::<Token>());
    let cases = [
        (
            "too long",
            &location,
            location_with(
                "\"id\": \"LOC1\"",
                &format!("\"id\": \"{}\"", "L".repeat(37)),
            ),
            "/id",
            "MaxLength",
        ),
        (
            "not printable ASCII",
            &location,
            location_with("\"id\": \"LOC1\"", "\"id\": \"LOCé\""),
            "/id",
            "Pattern",
        ),
        (
            "bad enum (wrong case)",
            &location,
            location_with("\"ON_STREET\"", "\"on_street\""),
            "/parking_type",
            "AnyOf",
        ),
        (
            "missing required field",
            &location,
            location_with("\"city\": \"Gent\",", ""),
            "",
            "Required",
        ),
        (
            "wrong country code",
            &location,
            location_with("\"country_code\": \"BE\"", "\"country_code\": \"BEL\""),
            "/country_code",
            "MaxLength",
        ),
        (
            "bad datetime (offset)",
            &token,
            token_with("2018-12-10T17:25:10Z", "2018-12-10T17:25:10+02:00"),
            "/last_updated",
            "Pattern",
        ),
        (
            "bad datetime (month 13)",
            &token,
            token_with("2018-12-10T17:25:10Z", "2018-13-10T17:25:10Z"),
            "/last_updated",
            "Pattern",
        ),
        (
            "boolean as string",
            &token,
            token_with("\"valid\": true", "\"valid\": \"true\""),
            "/valid",
            "Type",
        ),
        // The 2.2.1 TokenType is a closed enum: its schema is its table alone, so an empty
        // value fails the `enum` (an open enum's schema fails it in its `anyOf`).
        (
            "bad enum (unknown shape)",
            &token,
            token_with("\"RFID\"", "\"\""),
            "/type",
            "Enum",
        ),
    ];
    for (name, v, doc, path, kind) in cases {
        let errs = errors(v, &doc);
        assert!(
            errs.iter().any(|(p, k)| p == path && k == kind),
            "{name}: expected {kind} at {path:?}, got {errs:?}"
        );
    }
    // Nested faults under an optional field are reported at that field.
    let nested = [
        (
            "number as string",
            location_with("\"max_voltage\": 220", "\"max_voltage\": \"220\""),
        ),
        (
            "empty + list",
            location_with("\"connectors\": [{", "\"connectors\": [], \"x\": [{"),
        ),
    ];
    for (name, doc) in nested {
        assert_eq!(
            errors(&location, &doc),
            [("/evses".to_owned(), "AnyOf".to_owned())],
            "{name}"
        );
    }
}

fn agree<T: DeserializeOwned + Conformance + schemars::JsonSchema>(docs: &[(&str, Value)]) {
    let v = schema_of::<T>();
    for (name, doc) in docs {
        let bytes = serde_json::to_vec(doc).unwrap();
        let typed = parse_strict::<T>(&bytes).is_ok();
        assert_eq!(
            v.is_valid(doc),
            typed,
            "{name}: type accepts = {typed}, schema errors {:?}",
            errors(&v, doc)
        );
    }
}

#[test]
fn schema_and_type_agree() {
    use ocpi_protocol::v2_2_1::locations::Location;
    use ocpi_protocol::v2_2_1::tokens::Token;
    let token = token_with;
    agree::<Token>(&[
        ("official", token("\"valid\"", "\"valid\"")),
        (
            "unknown enum value (kept)",
            token("\"ALLOWED\"", "\"ALLOWED_LATER\""),
        ),
        (
            "unknown field (kept)",
            token(
                "\"valid\": true",
                "\"valid\": true, \"x-brand\": {\"a\": 1}",
            ),
        ),
        (
            "lower-case country code (CiString)",
            token("\"DE\"", "\"de\""),
        ),
        (
            "null optional field",
            token("\"language\": \"it\"", "\"language\": null"),
        ),
        (
            "fraction seconds, no Z",
            token("2018-12-10T17:25:10Z", "2018-12-10T17:25:10.123"),
        ),
        ("wrong-case enum", token("\"RFID\"", "\"Rfid\"")),
        ("empty enum", token("\"RFID\"", "\"\"")),
        (
            "too long uid",
            token("\"12345678905880\"", &format!("\"{}\"", "1".repeat(37))),
        ),
        (
            "control character",
            token("\"TheNewMotion\"", "\"The\\tNewMotion\""),
        ),
        ("missing required", token("\"valid\": true,", "")),
        ("null required", token("\"valid\": true", "\"valid\": null")),
        (
            "boolean as string",
            token("\"valid\": true", "\"valid\": \"true\""),
        ),
        ("bad party id", token("\"TNM\"", "\"T-M\"")),
        (
            "offset datetime",
            token("2018-12-10T17:25:10Z", "2018-12-10T17:25:10+00:00"),
        ),
        (
            "hour 25",
            token("2018-12-10T17:25:10Z", "2018-12-10T25:25:10Z"),
        ),
        (
            "array for object",
            token(
                "\"energy_contract\": {",
                "\"energy_contract\": [], \"x\": {",
            ),
        ),
    ]);
    agree::<Location>(&[
        ("official", location_with("\"LOC1\"", "\"LOC1\"")),
        (
            "empty + list",
            location_with("\"connectors\": [{", "\"connectors\": [], \"x\": [{"),
        ),
        (
            "unknown connector type (kept)",
            location_with("\"IEC_62196_T2\"", "\"NACS_2030\""),
        ),
        (
            "number as string",
            location_with("\"max_voltage\": 220", "\"max_voltage\": \"220\""),
        ),
        (
            "integer with fraction",
            location_with("\"max_voltage\": 220", "\"max_voltage\": 220.5"),
        ),
    ]);
    // A PATCH: optional fields may be null (cleared), but not of another type.
    let patch =
        |name: Value| serde_json::json!({"name": name, "last_updated": "2024-01-01T00:00:00Z"});
    agree::<ocpi_protocol::v2_2_1::locations::LocationPatch>(&[
        ("patched name", patch("Renamed".into())),
        ("cleared name", patch(Value::Null)),
        ("number for a name", patch(5.into())),
        ("too long a name", patch("n".repeat(256).into())),
    ]);
}

/// What JSON Schema cannot express, shown so that a change in either side is noticed.
#[test]
fn documented_gaps() {
    use ocpi_protocol::v2_2_1::tokens::Token;
    let base = fixture("2.2.1", "token_example_2_full_rfid.json");
    let v = schema_of::<Token>();
    // Calendar validity: 30 February matches the DateTime pattern.
    let feb30 = base.replacen("2018-12-10T17:25:10Z", "2018-02-30T17:25:10Z", 1);
    assert!(v.is_valid(&serde_json::from_str(&feb30).unwrap()));
    assert!(parse_strict::<Token>(feb30.as_bytes()).is_err());
}

/// Every object (struct) defined or re-exported in a version's modules has a schema in
/// `schema::objects(version)`.
#[test]
fn export_covers_every_object() {
    for (version, dir) in [
        ("2.1.1", "v2_1_1"),
        ("2.2.1", "v2_2_1"),
        ("2.3.0", "v2_3_0"),
    ] {
        let exported: Vec<String> = ocpi_protocol::schema::objects(version)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        let v221_structs = structs_in("v2_2_1", false);
        let mut expected = structs_in(dir, true);
        expected.retain(|n| dir == "v2_2_1" || !is_enum_reexport(n, &v221_structs));
        for name in &expected {
            assert!(exported.contains(name), "{version}: no schema for {name}");
        }
        assert!(exported.len() >= expected.len());
    }
    assert!(ocpi_protocol::schema::objects("2.0").is_none());
}

/// Leaf types (strings, numbers, date-times, coordinates, and the tolerant and PATCH forms of
/// any type) are inlined where they are used: every definition of an exported schema is an
/// object or an enum, which a partner's tooling names after the spec.
#[test]
fn leaf_types_are_inlined() {
    let mut seen = 0;
    for version in ["2.1.1", "2.2.1", "2.3.0"] {
        for named in ocpi_protocol::schema::objects(version).unwrap() {
            let schema: Value = named.schema.into();
            let Some(defs) = schema.get("$defs").and_then(Value::as_object) else {
                continue;
            };
            for (name, def) in defs {
                let closed_enum = def.get("enum").is_some();
                let open_enum = def["anyOf"][0].get("enum").is_some();
                let object = def["type"] == "object";
                assert!(
                    object || closed_enum || open_enum,
                    "{version} {}: $defs/{name} is {def}",
                    named.name
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 100, "{seen} definitions");
}

fn is_enum_reexport(name: &str, v221_structs: &[String]) -> bool {
    !v221_structs.iter().any(|s| s == name)
}

/// Struct names in `src/<dir>/*.rs`: `pub struct X {` and `patch X;` lines, plus (when
/// `reexports`) every name re-exported from 2.2.1 (enums are filtered by the caller).
fn structs_in(dir: &str, reexports: bool) -> Vec<String> {
    let path = format!("{}/src/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("pub struct ") {
                names.push(rest.split([' ', '{', '<']).next().unwrap().to_owned());
            } else if let Some(rest) = line.strip_prefix("patch ") {
                names.push(rest.trim_end_matches(';').to_owned());
            }
        }
        if reexports {
            let mut rest = text.as_str();
            while let Some(i) = rest.find("pub use crate::v2_2_1::") {
                let tail = &rest[i..];
                let end = tail.find(';').unwrap();
                let stmt = &tail[..end];
                let list = stmt
                    .split_once('{')
                    .map_or_else(|| stmt.rsplit("::").next().unwrap(), |(_, l)| l);
                names.extend(
                    list.split([',', '}', '\n', ' '])
                        .map(str::trim)
                        .filter(|n| !n.is_empty() && n.chars().next().unwrap().is_uppercase())
                        .map(str::to_owned),
                );
                rest = &tail[end..];
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The envelope's schema takes the official responses (a page of Tokens, an error without
/// `data`) and refuses a response without `status_code` or with a `timestamp` that is no
/// DateTime.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Response format
#[test]
fn the_response_envelope_has_a_schema() {
    use ocpi_protocol::transport::Response;
    use ocpi_protocol::v2_2_1::tokens::Token;
    let v = schema_of::<Response<Vec<Token>>>();
    let page: Value = serde_json::from_str(&fixture(
        "2.2.1",
        "transport_and_format_get_token_list_example.json",
    ))
    .unwrap();
    assert!(v.is_valid(&page), "{:?}", errors(&v, &page));
    let error = "transport_and_format__example_response_with_an_error_contains_no_data_field.json";
    let error: Value = serde_json::from_str(&fixture("2.1.1", error)).unwrap();
    assert!(v.is_valid(&error), "{:?}", errors(&v, &error));

    let mut no_status = page.clone();
    no_status.as_object_mut().unwrap().remove("status_code");
    assert_eq!(
        errors(&v, &no_status),
        [(String::new(), "Required".to_owned())]
    );
    let mut bad_time = page.clone();
    bad_time["timestamp"] = "yesterday".into();
    assert_eq!(errors(&v, &bad_time)[0].0, "/timestamp");
    let mut bad_token = page;
    bad_token["data"][0]["uid"] = 7.into();
    // `data` may be null: the error is that it is neither null nor a valid page.
    assert_eq!(errors(&v, &bad_token)[0].0, "/data");
}
