//! The bad-input catalogue for the object model: every malformed document yields a typed
//! `ParseError` with a JSON path, a reason and a category, never a panic.

mod common;

use common::fixture;
use ocpi_protocol::json::{parse, ErrorCategory, ParseError};
use ocpi_protocol::types::Conformance;
use ocpi_protocol::v2_2_1::{
    cdrs::Cdr, locations::Location, tokens::Token, versions::VersionDetails,
};
use serde::de::DeserializeOwned;

fn err<T: DeserializeOwned + Conformance>(doc: &[u8]) -> ParseError {
    match parse::<T>(doc) {
        Ok(_) => panic!("accepted: {}", String::from_utf8_lossy(doc)),
        Err(e) => e,
    }
}

/// The official RFID token example, with `from` replaced by `to` (which must occur once).
fn token_with(from: &str, to: &str) -> Vec<u8> {
    mutate(
        &fixture("2.2.1", "token_example_2_full_rfid.json"),
        from,
        to,
    )
}

fn location_with(from: &str, to: &str) -> Vec<u8> {
    mutate(&fixture("2.2.1", "location_example.json"), from, to)
}

fn cdr_with(from: &str, to: &str) -> Vec<u8> {
    mutate(&fixture("2.2.1", "cdr_example.json"), from, to)
}

fn mutate(base: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(base.contains(from), "{from:?} not in the base document");
    base.replacen(from, to, 1).into_bytes()
}

struct Case {
    name: &'static str,
    error: ParseError,
    path: &'static str,
    message: &'static str,
    category: ErrorCategory,
}

fn case(
    name: &'static str,
    error: ParseError,
    path: &'static str,
    message: &'static str,
    category: ErrorCategory,
) -> Case {
    Case {
        name,
        error,
        path,
        message,
        category,
    }
}

#[test]
fn catalogue() {
    use ErrorCategory::*;
    let token = fixture("2.2.1", "token_example_2_full_rfid.json");
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let cases = vec![
        case("truncated JSON", err::<Token>(&token.as_bytes()[..token.len() / 2]), "", "EOF while parsing", Eof),
        case("empty body", err::<Token>(b""), ".", "EOF while parsing a value", Eof),
        case("not JSON", err::<Token>(b"<html>502</html>"), ".", "expected value", Syntax),
        case("trailing characters", err::<Token>(format!("{token} x").as_bytes()), ".", "trailing characters", Syntax),
        case("NaN literal", err::<Cdr>(&cdr_with("\"total_energy\": 15.342", "\"total_energy\": NaN")), "total_energy", "expected value", Syntax),
        case("Infinity literal", err::<Cdr>(&cdr_with("\"total_energy\": 15.342", "\"total_energy\": Infinity")), "total_energy", "expected value", Syntax),
        case("array instead of object", err::<Token>(b"[]"), ".", "invalid type: sequence", Data),
        case("string instead of boolean", err::<Token>(&token_with("\"valid\": true", "\"valid\": \"true\"")), "valid", "invalid type: string \"true\", expected a boolean", Data),
        case("object instead of string", err::<Token>(&token_with("\"uid\": \"12345678905880\"", "\"uid\": {}")), "uid", "invalid type: map", Data),
        case("null for a required field", err::<Token>(&token_with("\"uid\": \"12345678905880\"", "\"uid\": null")), "uid", "invalid type: null", Data),
        case("over-long CiString", err::<Token>(&token_with("\"uid\": \"12345678905880\"", &format!("\"uid\": \"{}\"", "1".repeat(37)))), "uid", "exceeds the maximum length of 36", Data),
        case("non-ASCII CiString", err::<Token>(&token_with("\"uid\": \"12345678905880\"", "\"uid\": \"1234é\"")), "uid", "not printable ASCII", Data),
        case("control character in string", err::<Token>(&token_with("\"issuer\": \"TheNewMotion\"", "\"issuer\": \"The\\nNewMotion\"")), "issuer", "is not printable", Data),
        case("over-long string", err::<Token>(&token_with("\"issuer\": \"TheNewMotion\"", &format!("\"issuer\": \"{}\"", "x".repeat(65)))), "issuer", "exceeds the maximum length of 64", Data),
        case("lower-case enum value", err::<Token>(&token_with("\"type\": \"RFID\"", "\"type\": \"rfid\"")), "type", "differs only in case from \"RFID\"", Data),
        case("lower-case nested enum value", err::<Location>(&location_with("\"status\": \"AVAILABLE\"", "\"status\": \"Available\"")), "evses[0].status", "differs only in case", Data),
        case("empty enum value", err::<Token>(&token_with("\"whitelist\": \"ALLOWED\"", "\"whitelist\": \"\"")), "whitelist", "not a valid enum value", Data),
        case("datetime with +02:00", err::<Token>(&token_with("2018-12-10T17:25:10Z", "2018-12-10T17:25:10+02:00")), "last_updated", "has a UTC offset", Data),
        case("datetime with +00:00", err::<Token>(&token_with("2018-12-10T17:25:10Z", "2018-12-10T17:25:10+00:00")), "last_updated", "has a UTC offset", Data),
        case("datetime month 13", err::<Token>(&token_with("2018-12-10T17:25:10Z", "2018-13-10T17:25:10Z")), "last_updated", "not a valid date and time", Data),
        case("datetime hour 25", err::<Token>(&token_with("2018-12-10T17:25:10Z", "2018-12-10T25:25:10Z")), "last_updated", "not a valid date and time", Data),
        case("date without time", err::<Token>(&token_with("2018-12-10T17:25:10Z", "2018-12-10")), "last_updated", "expected a timestamp", Data),
        case("number as string", err::<Cdr>(&cdr_with("\"total_energy\": 15.342", "\"total_energy\": \"15.342\"")), "total_energy", "expected a JSON number", Data),
        case("1e400", err::<Cdr>(&cdr_with("\"total_energy\": 15.342", "\"total_energy\": 1e400")), "total_energy", "cannot be represented exactly", Data),
        case("too many significant digits", err::<Cdr>(&cdr_with("\"total_energy\": 15.342", "\"total_energy\": 1.23456789012345678901234567890")), "total_energy", "cannot be represented exactly", Data),
        case("integer out of range", err::<Location>(&location_with("\"max_voltage\": 220", "\"max_voltage\": 99999999999999999999")), "evses[0].connectors[0].max_voltage", "invalid type: floating point", Data),
        case("fraction for an integer", err::<Location>(&location_with("\"max_amperage\": 16", "\"max_amperage\": 16.5")), "evses[0].connectors[0].max_amperage", "invalid type: floating point", Data),
        case("duplicate key", err::<Token>(&token_with("\"valid\": true", "\"valid\": true, \"valid\": false")), "valid", "duplicate field `valid`", Data),
        case("duplicate unknown key", err::<Token>(&token_with("\"valid\": true", "\"valid\": true, \"x\": 1, \"x\": 2")), "x", "duplicate field `x`", Data),
        case("missing required field", err::<Token>(&token_with("\"issuer\": \"TheNewMotion\",", "")), ".", "missing field `issuer`", Data),
        case("missing nested required field", err::<Location>(&location_with("\"standard\": \"IEC_62196_T2\",", "")), "evses[0].connectors[0]", "missing field `standard`", Data),
        case("10 000-deep nesting in a known field", err::<Token>(&token_with("\"energy_contract\": {", &format!("\"energy_contract\": {}, \"y\": {{", deep(10_000)))), "energy_contract", "invalid type: sequence", Data),
        case("10 000-deep nesting in an unknown field", err::<Token>(&token_with("\"valid\": true", &format!("\"valid\": true, \"x\": {}", deep(10_000)))), "x", "nests deeper than 64", Data),
        case("10 000-deep nesting inside a list", err::<Location>(&location_with("\"capabilities\": [", &format!("\"capabilities\": [{},", deep(10_000)))), "evses[0].capabilities[0]", "invalid type: sequence, expected a Capability value", Data),
        case("bad country code", err::<Token>(&token_with("\"country_code\": \"DE\"", "\"country_code\": \"DEU\"")), "country_code", "not a valid country code", Data),
        case("bad party id", err::<Token>(&token_with("\"party_id\": \"TNM\"", "\"party_id\": \"T-M\"")), "party_id", "not a valid party id", Data),
        case("invalid URL", err::<VersionDetails>(br#"{"version":"2.2.1","endpoints":[{"identifier":"cdrs","role":"SENDER","url":"not a url"}]}"#), "endpoints[0].url", "not a valid absolute URL", Data),
        case("invalid UTF-8", err::<Token>(&[b"{\"uid\": \"".as_slice(), &[0xff, 0xfe], b"\"}"].concat()), "uid", "invalid unicode", Syntax),
        case("lone surrogate escape", err::<Token>(br#"{"uid": "\ud800"}"#), "uid", "hex escape", Syntax),
        case("10 000-deep nesting as the document", err::<Location>(deep(10_000).as_bytes()), ".", "invalid type: sequence", Data),
        case("empty + list", err::<Location>(&location_with("\"connectors\": [{", "\"connectors\": [], \"c\": [{")), "evses[0].connectors", "at least one element", Data),
    ];
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for c in &cases {
        let e = &c.error;
        let path_ok = c.path.is_empty() || e.path == c.path;
        if !path_ok || !e.message.contains(c.message) || e.category != c.category {
            failures.push(format!(
                "{}: got path {:?}, category {:?}, message {:?}",
                c.name, e.path, e.category, e.message
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn good_and_lenient_values_are_accepted() {
    // Unknown fields and unknown enum values are kept; a lower-case country code is a valid
    // CiString (case-insensitive) and is kept as written.
    let doc = token_with(
        "\"whitelist\": \"ALLOWED\"",
        "\"whitelist\": \"SOMETIMES\", \"x-brand\": {\"a\": [1.50]}",
    );
    let doc = String::from_utf8(doc).unwrap().replacen(
        "\"country_code\": \"DE\"",
        "\"country_code\": \"de\"",
        1,
    );
    let parsed = common::assert_round_trip::<Token>(&doc);
    assert!(!parsed.value.whitelist.is_known());
    assert_eq!(parsed.value.country_code.as_str(), "de");
    assert_eq!(
        parsed.value.unknown_fields.get("x-brand").unwrap().get(),
        "{\"a\": [1.50]}"
    );
}

#[test]
fn null_for_a_field_the_table_requires_is_refused_in_a_patch() {
    use ocpi_protocol::v2_2_1::locations::ConnectorPatch;
    // `power_type` is tolerated as missing in a full Connector (an official example omits it),
    // but a PATCH may not clear it.
    for field in ["power_type", "last_updated", "standard"] {
        let doc = format!(r#"{{"{field}": null}}"#);
        let e = err::<ConnectorPatch>(doc.as_bytes());
        assert_eq!(e.path, field);
        assert!(e.message.contains("invalid type: null"), "{}", e.message);
    }
    let ok = parse::<ConnectorPatch>(br#"{"tariff_ids": null}"#)
        .unwrap()
        .value;
    assert!(matches!(
        ok.tariff_ids,
        ocpi_protocol::types::PatchField::Null
    ));
}
