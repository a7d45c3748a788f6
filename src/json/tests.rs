//! The entry points read every type as serde_json does, faster: values, errors, paths and
//! warnings, on the fast path and the serde path alike.

use super::*;
use crate::codec::reader::read_document;
use crate::types::{
    CiString, Coordinate, DisplayText, Number, OcpiString, Price, Role, WarningKind,
};

/// A value read by the fast reader alone (`None` where it leaves the document to serde_json).
fn fast<T: Conformance>(doc: &str) -> Option<T> {
    read_document::<T>(doc.as_bytes()).map(|(v, _)| v)
}

type Lat221 = Coordinate<2, 5, 7>;
type Lon211 = Coordinate<3, 6, 6>;

crate::types::ocpi_enum! {
    /// A test enum.
    pub enum Sample {
        /// One.
        One = "ONE",
        /// Mixed.
        Mixed = "IEC_60309_2_single_16",
    }
}

crate::types::ocpi_enum! {
    /// An open test enum.
    pub open enum OpenSample {
        /// One.
        One = "ONE",
    }
}

#[test]
fn errors_carry_paths() {
    let e = parse::<Vec<DisplayText>>(
        br#"[{"language":"en","text":"a"},{"language":"english","text":"b"}]"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "[1].language");
    assert_eq!(e.category, ErrorCategory::Data);
    assert!(e.message.contains("maximum length of 2"), "{}", e.message);
    let e = parse::<Vec<Price>>(br#"[{"excl_vat":1.5},{"excl_vat":"1.5"}]"#).unwrap_err();
    assert_eq!(e.path, "[1].excl_vat");
    assert!(
        e.message.contains("expected a JSON number"),
        "{}",
        e.message
    );
    let e = parse::<Price>(br#"{"excl_vat":1e400}"#).unwrap_err();
    assert_eq!(e.path, "excl_vat");
    let e = parse::<DisplayText>(br#"{"language":"en""#).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Eof);
    let e = parse::<DisplayText>(br#"{"language":"en","text":"a"} x"#).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    // A type error before a syntax error: still a syntax error.
    let e = parse::<DisplayText>(br#"{"language":"eng","text":"a"} x"#).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    assert!(e.message.contains("trailing characters"), "{}", e.message);
    let e = parse::<DisplayText>(br#"{"language":1, "text": [}"#).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    // A number beyond f64 is valid JSON: a data error where it does not fit, at its path;
    // a syntax error further on still wins.
    let e = parse::<DisplayText>(b"1e400").unwrap_err();
    assert_eq!((e.category, e.path.as_str()), (ErrorCategory::Data, "."));
    let e = parse::<Vec<DisplayText>>(br#"[{"language":"en","text":"a"}, 1e400]"#).unwrap_err();
    assert_eq!((e.category, e.path.as_str()), (ErrorCategory::Data, "[1]"));
    assert!(e.message.contains("number out of range"), "{}", e.message);
    let e = parse::<DisplayText>(b"[1e400, }").unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    // A type error before bytes that are not UTF-8: still not JSON.
    let e = parse::<DisplayText>(b"{\"language\":1,\n \"text\": \"a\xff\"}").unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    assert_eq!((e.path.as_str(), e.line, e.column), (".", 2, 12));
    assert!(
        e.message.contains("invalid unicode code point"),
        "{}",
        e.message
    );
    let e = parse_list::<DisplayText>(b"[{\"language\":1,\"text\":\"\xff\"}]").unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
}

#[test]
fn list_keeps_good_items() {
    let page = br#"[{"language":"en","text":"a"},{"language":"en"},{"language":"nl","text":"c"}]"#;
    let out = parse_list::<DisplayText>(page).unwrap();
    assert_eq!(out.items.len(), 2);
    assert_eq!(out.items[1].language, "nl");
    assert_eq!(out.errors.len(), 1);
    let err = &out.errors[0];
    assert_eq!(err.index, 1);
    assert_eq!(err.error.path, "[1]");
    assert!(err.error.message.contains("missing field `text`"));
    assert_eq!(err.raw, r#"{"language":"en"}"#);
    assert!(!err.is_cut());
    assert!(parse_list::<DisplayText>(br#"{"a":1}"#).is_err());
}

#[test]
fn takes_what_serde_json_takes_or_gives_up() {
    assert_eq!(fast::<i64>(" 12 ").unwrap(), 12);
    assert_eq!(fast::<i64>("-12").unwrap(), -12);
    for doc in [
        "-0",
        "01",
        "1.0",
        "1e2",
        "9999999999999999999",
        "",
        "-",
        "1 2",
    ] {
        assert_eq!(fast::<i64>(doc), None, "{doc}");
    }
    assert!(fast::<bool>("true").unwrap());
    assert_eq!(fast::<bool>("truex"), None);
    assert_eq!(fast::<Number>("2.50").unwrap().to_string(), "2.50");
    assert_eq!(fast::<Number>("1e2"), None);
    assert_eq!(fast::<Number>("\"1\""), None);
    assert_eq!(fast::<CiString<5>>("\"abc\"").unwrap().as_str(), "abc");
    for doc in ["\"a\\u0062\"", "\"a\tb\"", "\"abcdef\"", "\"abc", "abc"] {
        assert_eq!(fast::<CiString<5>>(doc), None, "{doc}");
    }
    for doc in [&b"\"a\xffb\""[..], b"\"\xed\xa0\x80\"", b"\"\xc3\""] {
        assert!(read_document::<OcpiString<10>>(doc).is_none());
        assert!(read_document::<CiString<10>>(doc).is_none());
        assert!(read_document::<Vec<Role>>(&[b"[", doc, b"]"].concat()).is_none());
    }
    assert_eq!(
        fast::<OcpiString<10>>("\"Grüße\"").unwrap().as_str(),
        "Grüße"
    );
    let t: DisplayText = fast(r#" { "language" : "en" , "text" : "a" } "#).unwrap();
    assert_eq!((t.language.as_str(), t.text.as_str()), ("en", "a"));
    for doc in [
        r#"{"language":"en"}"#,
        r#"{"language":"en","text":"a","text":"b"}"#,
        r#"{"language":"en","text":"a",}"#,
        r#"{"language":"en","text":"a"} x"#,
        r#"{"language":"en","text":"a","x":[1,}"#,
        r#"{"language":"en","text":"a","x":tru}"#,
        r#"{"language":"en","text":"a","x":1,"x":2}"#,
    ] {
        assert_eq!(fast::<DisplayText>(doc), None, "{doc}");
    }
    let p: Price = fast(r#"{"excl_vat":1.5,"incl_vat":null}"#).unwrap();
    assert_eq!(p.incl_vat, None);
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(fast::<Vec<Vec<Vec<i64>>>>(&nested(3)).is_some());
    type Deep = Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<bool>>>>>>>>;
    assert!(fast::<Deep>(&nested(8)).is_some());
    assert!(fast::<Deep>("[[[[[[[[true]]]]]]]]").is_some());
    let unknown = format!(r#"{{"language":"en","text":"a","x":{}}}"#, nested(64));
    assert!(fast::<DisplayText>(&unknown).is_some());
    let unknown = format!(r#"{{"language":"en","text":"a","x":{}}}"#, nested(65));
    assert!(fast::<DisplayText>(&unknown).is_none());
}

#[test]
fn unknown_fields_are_kept_verbatim() {
    let doc = r#"{"language":"en","x":{"a":[1,"]}",{}]},"y":"s\"","z":-1.5e3,"text":"a"}"#;
    let fast: DisplayText = fast(doc).unwrap();
    let slow: DisplayText = serde_json::from_str(doc).unwrap();
    assert_eq!(fast, slow);
    assert_eq!(fast.unknown_fields.len(), 3);
    assert_eq!(fast.unknown_fields.get("y").unwrap().get(), r#""s\"""#);
}

#[test]
fn json_module_reports_serde_json_errors_for_bad_json_text() {
    let doc = b"{\"language\":\"en\",\"text\":\"a\tb\"}";
    let e = parse::<DisplayText>(doc).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Syntax);
    assert!(e.message.contains("control character"), "{}", e.message);
    let doc = br#"{"language":"\ud800","text":"a"}"#;
    let e = parse::<DisplayText>(doc).unwrap_err();
    assert_eq!(
        (e.category, e.path.as_str()),
        (ErrorCategory::Syntax, "language")
    );
    assert!(e.message.contains("hex escape"), "{}", e.message);
}

#[test]
fn field_names() {
    // Escapes in known names.
    let d: DisplayText = serde_json::from_slice(br#"{"l\u0061nguage":"en","text":"a"}"#).unwrap();
    assert_eq!(d.language, "en");
    assert!(d.unknown_fields.is_empty());
    // Unknown names are kept as text.
    let doc = r#"{"language":"en","text":"a","\u00e9t\u00e9":1,"été2":2}"#;
    let d: DisplayText = serde_json::from_slice(doc.as_bytes()).unwrap();
    assert!(d.unknown_fields.get("été").is_some() && d.unknown_fields.get("été2").is_some());
    // A raw control character or invalid UTF-8 in a name is not JSON.
    for doc in [
        &b"{\"language\":\"en\",\"text\":\"a\",\"x\ty\":1}"[..],
        b"{\"language\":\"en\",\"text\":\"a\",\"x\\u0041\ty\":1}",
        b"{\"language\":\"en\",\"text\":\"a\",\"x\xffy\":1}",
    ] {
        assert!(serde_json::from_slice::<DisplayText>(doc).is_err());
        let e = parse::<DisplayText>(doc).unwrap_err();
        assert_eq!(e.category, ErrorCategory::Syntax, "{e}");
    }
    // An escaped control character in an unknown name is valid JSON: serde_json's
    // deserializer, reading names as bytes, cannot tell it from a raw one and refuses it;
    // the json module reads such a document again and keeps the field.
    let doc = br#"{"language":"en","text":"a","x\ny":1}"#;
    assert!(serde_json::from_slice::<DisplayText>(doc).is_err());
    let d = parse::<DisplayText>(doc).unwrap().value;
    assert_eq!(d.unknown_fields.get("x\ny").unwrap().get(), "1");
    let list = parse_list::<DisplayText>(&[b"[".as_slice(), doc, b"]"].concat()).unwrap();
    assert!(list.is_complete() && list.items == vec![d]);
}

#[test]
fn shape_is_refused_decimals_are_warned() {
    for bad in [
        "a90.000000",
        "90",
        "90.",
        ".5",
        "123.000000",
        "--1.000000",
        "1,000000",
        "1.0000000000",
        " 1.000000",
        "",
    ] {
        assert!(Lat221::new(bad).is_err(), "{bad}");
        let doc = format!("\"{bad}\"");
        assert!(parse::<Lat221>(doc.as_bytes()).is_err(), "{bad}");
    }
    for good in ["50.770774", "-9.12345", "0.1234567"] {
        let p = parse::<Lat221>(format!("\"{good}\"").as_bytes()).unwrap();
        assert_eq!(p.value, good);
        assert!(p.warnings.is_empty(), "{good}");
    }
    // The official 2.1.1 examples' 5 decimals: kept, reported, refused by a strict read.
    let p = parse::<Lon211>(b"\"3.72994\"").unwrap();
    assert_eq!(p.value, "3.72994");
    assert_eq!(
        p.warnings[0].kind,
        WarningKind::Pattern {
            pattern: "^-?[0-9]{1,3}\\.[0-9]{6}$".into()
        }
    );
    assert!(parse_strict::<Lon211>(b"\"3.72994\"").is_err());
    assert!(parse_strict::<Lon211>(b"\"3.729940\"").is_ok());
}

#[test]
fn unknown_values_of_closed_enums_are_reported() {
    // Known values: no warning, on the fast path and the serde path (an escape).
    for doc in [&b"[\"ONE\"]"[..], b"[\"O\\u004eE\"]"] {
        assert!(parse::<Vec<Sample>>(doc).unwrap().warnings.is_empty());
    }
    for doc in [&b"[\"ONE\",\"NEW\"]"[..], b"[\"ONE\",\"N\\u0045W\"]"] {
        let p = parse::<Vec<Sample>>(doc).unwrap();
        assert_eq!(p.value[1].as_str(), "NEW");
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].path, "[1]");
        assert_eq!(
            p.warnings[0].kind,
            WarningKind::UnknownValue {
                value: "NEW".into()
            }
        );
        let e = parse_strict::<Vec<Sample>>(doc).unwrap_err();
        assert_eq!(
            (e.category, e.path.as_str()),
            (ErrorCategory::Nonconforming, "[1]")
        );
        // An open enum takes any well-formed value without a warning.
        assert!(parse_strict::<Vec<OpenSample>>(doc).is_ok());
    }
    const { assert!(!Sample::OPEN && OpenSample::OPEN) };
}
