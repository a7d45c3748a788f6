//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use ocpi_protocol::json::{parse, Parsed, WriteJson};
use ocpi_protocol::types::{Conformance, Number, Warning};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

/// The text of a fixture, e.g. `fixture("2.2.1", "cdr_example.json")`.
pub fn fixture(version: &str, name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        version,
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares two JSON documents exactly: numbers as decimals (`4.00 == 4.0`, but no `f64`
/// rounding), strings byte for byte, objects as key sets, arrays in order.
pub fn exact_json_eq(a: &str, b: &str) -> Result<(), String> {
    fn cmp(a: &RawValue, b: &RawValue, path: &str) -> Result<(), String> {
        let (ta, tb) = (a.get().trim(), b.get().trim());
        let first = ta.as_bytes().first().copied().unwrap_or(b' ');
        match first {
            b'{' => {
                if !tb.starts_with('{') {
                    return Err(format!("{path}: object vs {tb}"));
                }
                let (ma, mb) = (object(ta), object(tb));
                if ma.len() != mb.len() {
                    let ka: Vec<_> = ma.iter().map(|k| &k.0).collect();
                    let kb: Vec<_> = mb.iter().map(|k| &k.0).collect();
                    return Err(format!("{path}: keys {ka:?} vs {kb:?}"));
                }
                for (k, va) in &ma {
                    let vb = mb
                        .iter()
                        .find(|(kb, _)| kb == k)
                        .ok_or_else(|| format!("{path}: key {k} missing"))?;
                    cmp(va, &vb.1, &format!("{path}.{k}"))?;
                }
                Ok(())
            }
            b'[' => {
                if !tb.starts_with('[') {
                    return Err(format!("{path}: array vs {tb}"));
                }
                let la: Vec<Box<RawValue>> = serde_json::from_str(ta).unwrap();
                let lb: Vec<Box<RawValue>> = serde_json::from_str(tb).unwrap();
                if la.len() != lb.len() {
                    return Err(format!("{path}: {} vs {} elements", la.len(), lb.len()));
                }
                for (i, (x, y)) in la.iter().zip(&lb).enumerate() {
                    cmp(x, y, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            b'"' => {
                let sa: String = serde_json::from_str(ta).unwrap();
                let sb: Result<String, _> = serde_json::from_str(tb);
                match sb {
                    Ok(sb) if sa == sb => Ok(()),
                    _ => Err(format!("{path}: {ta} vs {tb}")),
                }
            }
            b'-' | b'0'..=b'9' => {
                let na = Number::parse(ta).map_err(|e| format!("{path}: {e}"))?;
                let nb = Number::parse(tb).map_err(|_| format!("{path}: {ta} vs {tb}"))?;
                if na == nb {
                    Ok(())
                } else {
                    Err(format!("{path}: {ta} vs {tb}"))
                }
            }
            _ => {
                if ta == tb {
                    Ok(())
                } else {
                    Err(format!("{path}: {ta} vs {tb}"))
                }
            }
        }
    }
    fn object(text: &str) -> Vec<(String, Box<RawValue>)> {
        serde_json::from_str::<std::collections::BTreeMap<String, Box<RawValue>>>(text)
            .unwrap()
            .into_iter()
            .collect()
    }
    let ra: Box<RawValue> = serde_json::from_str(a).map_err(|e| e.to_string())?;
    let rb: Box<RawValue> = serde_json::from_str(b).map_err(|e| e.to_string())?;
    cmp(&ra, &rb, "$")
}

/// Parses `json` as `T`, serializes it back and asserts the two documents are exactly equal.
/// Returns the parse result (value and warnings).
pub fn assert_round_trip<T>(json: &str) -> Parsed<T>
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    let parsed = parse::<T>(json.as_bytes()).unwrap_or_else(|e| panic!("parse failed: {e}"));
    let back = serde_json::to_string(&parsed.value).unwrap();
    assert_eq!(
        String::from_utf8(ocpi_protocol::json::to_vec(&parsed.value)).unwrap(),
        back,
        "the writer and serde_json differ"
    );
    if let Err(diff) = exact_json_eq(json, &back) {
        panic!("round trip differs: {diff}\nwritten: {back}");
    }
    assert!(!back.contains("null"), "null written: {back}");
    parsed
}

/// Round-trips the fixture `name` of `version` as `T`.
pub fn round_trip_fixture<T>(version: &str, name: &str) -> Parsed<T>
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    assert_round_trip::<T>(&fixture(version, name))
}

/// The one member of a fragment example like `{"energy_mix": {...}}`: its name and verbatim
/// JSON.
pub fn single_member(json: &str) -> (String, String) {
    let map: std::collections::BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(json).unwrap();
    assert_eq!(map.len(), 1, "fragment example with more than one member");
    let (k, v) = map.into_iter().next().unwrap();
    (k, v.get().to_owned())
}

/// The names of the unknown fields anywhere inside `value` (the first of each object), read
/// from its `Debug` form: a known field misspelled in a type would land there.
pub fn unknown_keys<T: std::fmt::Debug>(value: &T) -> Vec<String> {
    let text = format!("{value:?}");
    let marker = "unknown_fields: {\"";
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(marker) {
        rest = &rest[i + marker.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].to_owned());
    }
    out
}

/// Round-trips `json` as `T`; returns its warnings and unknown field names.
pub fn check_as<T>(json: &str) -> (Vec<Warning>, Vec<String>)
where
    T: serde::de::DeserializeOwned + serde::Serialize + WriteJson + Conformance + std::fmt::Debug,
{
    let p = assert_round_trip::<T>(json);
    let unknown = unknown_keys(&p.value);
    (p.warnings, unknown)
}

#[test]
fn exact_comparison_sees_digits() {
    assert!(exact_json_eq(r#"{"a":4.00}"#, r#"{"a":4}"#).is_ok());
    assert!(exact_json_eq(
        r#"{"a":12345678.123456789012}"#,
        r#"{"a":12345678.123456789013}"#
    )
    .is_err());
    assert!(exact_json_eq(r#"{"a":"x"}"#, r#"{"a":"X"}"#).is_err());
    assert!(exact_json_eq(r#"{"a":1}"#, r#"{"a":1,"b":2}"#).is_err());
    assert!(exact_json_eq(r#"[1,2]"#, r#"[2,1]"#).is_err());
    assert!(exact_json_eq(r#"{"a":"1"}"#, r#"{"a":1}"#).is_err());
}

/// Polls a future that never waits (the in-process transports answer at once).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// A registration of `credentials` in `version` with `endpoints`, granted exactly what the
/// credentials claim, as a client calls it.
pub fn registered_peer(
    version: ocpi_protocol::versions::OcpiVersion,
    credentials: ocpi_protocol::credentials::AnyCredentials,
    endpoints: Vec<ocpi_protocol::versions::Endpoint>,
) -> ocpi_protocol::credentials::Peer {
    use ocpi_protocol::transport::AuthorizationMode;
    ocpi_protocol::credentials::Peer {
        id: ocpi_protocol::credentials::PeerId::new("cpo"),
        version,
        mode: AuthorizationMode::Base64,
        accept: AuthorizationMode::Base64,
        revision: ocpi_protocol::credentials::Revision::from_u64(1),
        terms: ocpi_protocol::credentials::PartyGrant::exactly(&credentials).into(),
        credentials,
        endpoints,
    }
}

/// The warnings for the coordinates at `prefix` (`""` or `"location."`) of the official 2.1.1
/// examples, which write 5 decimals where 2.1.1 requires 6.
pub fn five_decimal_coordinates(prefix: &str) -> Vec<Warning> {
    [("latitude", 2), ("longitude", 3)]
        .into_iter()
        .map(|(field, int)| Warning {
            path: format!("{prefix}coordinates.{field}"),
            kind: ocpi_protocol::types::WarningKind::Pattern {
                pattern: format!("^-?[0-9]{{1,{int}}}\\.[0-9]{{6}}$"),
            },
        })
        .collect()
}

/// A decimal from its text.
pub fn num(s: &str) -> Number {
    Number::parse(s).unwrap()
}

/// A date and time from its text.
pub fn dt(s: &str) -> ocpi_protocol::types::DateTime {
    ocpi_protocol::types::DateTime::parse(s).unwrap()
}

/// The warning that the required field at `path` is missing.
pub fn missing(path: &str) -> Warning {
    Warning {
        path: path.to_owned(),
        kind: ocpi_protocol::types::WarningKind::MissingRequired,
    }
}

/// The sorted names of the fixtures of `version` that `keep` accepts.
pub fn fixture_names(version: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let dir = format!("{}/tests/fixtures/{version}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| keep(n))
        .collect();
    names.sort();
    names
}

/// `base` with the first `from` replaced by `to`; `from` must occur in it.
pub fn replaced(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1)
}

/// `base` with `from` replaced by `to`; `from` must occur in it exactly once.
pub fn replaced_once(base: &str, from: &str, to: &str) -> String {
    assert_eq!(base.matches(from).count(), 1, "{from}");
    base.replace(from, to)
}

/// The error of reading `json` as `T`, which must fail.
pub fn refused<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    json: &str,
) -> ocpi_protocol::json::ParseError {
    parse::<T>(json.as_bytes()).unwrap_err()
}

/// Asserts that reading `json` as `T` fails at `path` with a message containing `message`.
pub fn assert_refused<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    json: &str,
    path: &str,
    message: &str,
) -> ocpi_protocol::json::ParseError {
    let e = refused::<T>(json);
    assert_eq!(e.path, path, "{e}");
    assert!(e.message.contains(message), "{e}");
    e
}

/// [`assert_refused`], and the error is one of the data (not of the JSON syntax).
pub fn assert_refused_data<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    json: &str,
    path: &str,
    message: &str,
) {
    let e = assert_refused::<T>(json, path, message);
    assert_eq!(e.category, ocpi_protocol::json::ErrorCategory::Data, "{e}");
}

/// The wire names of the values of an enum's `KNOWN` list, in order.
pub fn wire_names<E: Serialize>(known: &[E]) -> Vec<String> {
    known
        .iter()
        .map(|v| match serde_json::to_value(v).unwrap() {
            serde_json::Value::String(s) => s,
            other => panic!("not a string: {other}"),
        })
        .collect()
}

/// Asserts that `text` (an error message) contains `part`.
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{text}");
}

/// The body of a 2.1.1 example published as `<METHOD> To URL: <url>`, then the JSON body;
/// asserts that the published text as a whole is not JSON.
pub fn request_body(text: &str, method: &str) -> String {
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    let (first, body) = text.split_once('\n').unwrap();
    assert!(
        first.starts_with(&format!("{method} To URL: https://")),
        "{first}"
    );
    body.to_owned()
}

/// Reads the 2.1.1 response envelope example `name` (`{data, status_code, status_message,
/// timestamp}`): the envelope fields are checked here, `data` is round-tripped exactly as `T`,
/// and the envelope rebuilt from the written `data` equals the published one. Returns the
/// parsed data.
pub fn v2_1_1_envelope<T>(name: &str) -> Parsed<T>
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    use std::collections::BTreeMap;
    let text = fixture("2.1.1", name);
    let mut fields: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = fields.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["data", "status_code", "status_message", "timestamp"]);
    assert_eq!(fields["status_code"].get(), "1000");
    assert_eq!(fields["status_message"].get(), "\"Success\"");
    let ts: ocpi_protocol::types::DateTime =
        serde_json::from_str(fields["timestamp"].get()).unwrap();
    assert_eq!(ts, dt("2015-06-30T21:59:59Z"));
    let data = assert_round_trip::<T>(fields["data"].get());
    let written = serde_json::to_string(&data.value).unwrap();
    fields.insert("data".to_owned(), RawValue::from_string(written).unwrap());
    exact_json_eq(&text, &serde_json::to_string(&fields).unwrap()).unwrap();
    data
}

/// Parses a PATCH body as `T` and asserts it is written back exactly ([`assert_round_trip`]
/// refuses a written `null`, which a PATCH legitimately carries).
pub fn round_trip_patch<T>(json: &str) -> T
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    let v: T = parse::<T>(json.as_bytes()).unwrap().value;
    let back = serde_json::to_string(&v).unwrap();
    exact_json_eq(json, &back).unwrap();
    v
}

/// The JSON object `base` with `field` set to the JSON `value`, or removed (`None`; it must be
/// there).
pub fn with_field(base: &str, field: &str, value: Option<&str>) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(base).unwrap();
    match value {
        Some(raw) => {
            v.insert(field.into(), serde_json::from_str(raw).unwrap());
        }
        None => {
            assert!(v.remove(field).is_some(), "{field}");
        }
    }
    serde_json::to_string(&v).unwrap()
}

/// [`assert_round_trip`], and `json` conforms: it has no warnings.
pub fn assert_clean<T>(json: &str) -> Parsed<T>
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    let parsed = assert_round_trip::<T>(json);
    assert_eq!(parsed.warnings, vec![], "warnings");
    parsed
}

/// [`round_trip_fixture`], and the fixture conforms: it has no warnings.
pub fn clean_fixture<T>(version: &str, name: &str) -> Parsed<T>
where
    T: DeserializeOwned + Serialize + WriteJson + Conformance,
{
    let parsed = round_trip_fixture::<T>(version, name);
    assert_eq!(parsed.warnings, vec![], "{name}");
    parsed
}

/// Removes the commas directly followed (after white space) by `}` or `]`, outside strings.
pub fn without_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ','
            && matches!(
                chars[i + 1..].iter().find(|c| !c.is_whitespace()),
                Some('}' | ']')
            )
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// The warning that the value at `path` deviates from the spec, tolerated for `reason`.
pub fn tolerated(path: &str, reason: &str) -> Warning {
    Warning {
        path: path.to_owned(),
        kind: ocpi_protocol::types::WarningKind::Tolerated {
            reason: reason.to_owned(),
        },
    }
}

/// The days of the week, as the DayOfWeek enums of every version list them.
pub const WEEKDAYS: [&str; 7] = [
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// The modules of OCPI 2.1.1, in the order of its ModuleID table.
pub const V2_1_1_MODULES: [&str; 7] = [
    "cdrs",
    "commands",
    "credentials",
    "locations",
    "sessions",
    "tariffs",
    "tokens",
];

/// Each warning as its path and kind.
pub fn warning_kinds(warnings: &[Warning]) -> Vec<(&str, ocpi_protocol::types::WarningKind)> {
    warnings
        .iter()
        .map(|w| (w.path.as_str(), w.kind.clone()))
        .collect()
}

/// The fixture `name` of `version` read as `T` (warnings and all).
pub fn parsed_fixture<T: DeserializeOwned + Conformance>(version: &str, name: &str) -> T {
    parse::<T>(fixture(version, name).as_bytes())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .value
}

/// Asserts that the fixtures of `version` that `keep` accepts are exactly `expected` (in any
/// order).
pub fn assert_fixture_names(version: &str, keep: impl Fn(&str) -> bool, expected: &[&str]) {
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(fixture_names(version, keep), expected, "{version}");
}

/// Asserts that reading `json` as `T` fails at `path`.
pub fn assert_refused_at<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    json: &str,
    path: &str,
) -> ocpi_protocol::json::ParseError {
    let e = refused::<T>(json);
    assert_eq!(e.path, path, "{e}");
    e
}
