//! Random valid JSON documents for the JSON Schemas this crate exports, as proptest strategies.
//!
//! The generator reads a schema (`$ref`/`$defs`, `allOf`, `anyOf`, `enum`, `type`,
//! `properties`/`required`/`additionalProperties`, `items`/`minItems`, `maxLength`,
//! `minLength`, `pattern`, `format`, and the `not` of an enum's forward-compatible branch) and
//! produces documents as a [`Json`] tree whose numbers keep their text. The string patterns the
//! crate uses (CiString, string, DateTime, country code, party id) and `format: uri` have
//! hand-written generators; a keyword or pattern it does not know makes it panic, so a schema
//! that grows a new constraint cannot silently get documents that ignore it.
//!
//! Optional fields may be sent as `null` ([`Json::AbsentNull`]: read as absent, so not written
//! back); objects may carry unknown fields (`x-…`, arbitrary JSON, kept verbatim).
#![allow(dead_code)]

use std::fmt::Write as _;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use serde_json::Value;

use crate::json_tree::Json;

/// CiString: printable ASCII.
pub const PRINTABLE_ASCII: &str = "^[\\u0020-\\u007E]*$";
/// string: no control characters.
pub const NO_CONTROL: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
/// The OCPI DateTime shape.
pub const DATETIME: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z?$";
const COUNTRY: &str = "^[A-Za-z]{2}$";
const PARTY: &str = "^[A-Za-z0-9]{3}$";

/// Keywords the generator understands (annotations included).
const KNOWN_KEYWORDS: &[&str] = &[
    "$ref",
    "$defs",
    "$schema",
    "title",
    "description",
    "allOf",
    "anyOf",
    "enum",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "not",
];

// ---- leaf generators ----

/// The integer digits and the least and most decimals of a coordinate pattern
/// (`^-?[0-9]{1,2}\.[0-9]{5,7}$`, `^-?[0-9]{1,3}\.[0-9]{6}$`).
fn coordinate_pattern(p: &str) -> Option<(usize, usize, usize)> {
    let rest = p.strip_prefix("^-?[0-9]{1,")?;
    let (int, rest) = rest.split_once('}')?;
    let decimals = rest.strip_prefix("\\.[0-9]{")?.strip_suffix("}$")?;
    let (min, max) = decimals.split_once(',').unwrap_or((decimals, decimals));
    Some((int.parse().ok()?, min.parse().ok()?, max.parse().ok()?))
}

/// A coordinate of that pattern.
fn coordinate_text(int: usize, min: usize, max: usize) -> BoxedStrategy<String> {
    let digit = || proptest::char::range('0', '9');
    (
        any::<bool>(),
        chars(digit(), 1..=int),
        chars(digit(), min..=max),
    )
        .prop_map(|(minus, i, d)| format!("{}{i}.{d}", if minus { "-" } else { "" }))
        .boxed()
}

fn chars(
    c: impl Strategy<Value = char> + 'static,
    len: impl Into<proptest::collection::SizeRange>,
) -> BoxedStrategy<String> {
    vec(c, len).prop_map(String::from_iter).boxed()
}

/// Lengths for a string of at most `max` characters: mostly short, sometimes exactly `max`.
fn lengths(max: usize) -> Vec<(u32, (usize, usize))> {
    let cap = max.min(300);
    let mut out = vec![(6, (0, cap.min(12))), (2, (0, cap))];
    if max <= 300 {
        out.push((2, (max, max)));
    }
    out
}

fn sized(c: BoxedStrategy<char>, max: usize) -> BoxedStrategy<String> {
    Union::new_weighted(
        lengths(max)
            .into_iter()
            .map(|(w, (lo, hi))| (w, chars(c.clone(), lo..=hi)))
            .collect(),
    )
    .boxed()
}

/// Printable ASCII characters, with the ones JSON must escape made frequent.
pub fn ascii_char() -> BoxedStrategy<char> {
    prop_oneof![
        8 => proptest::char::range(' ', '~'),
        1 => prop::sample::select(vec!['"', '\\', '/', ' ', '<', '&']),
    ]
    .boxed()
}

/// Characters allowed in an OCPI `string`: any but control characters.
pub fn text_char() -> BoxedStrategy<char> {
    prop_oneof![
        8 => proptest::char::range(' ', '~'),
        2 => proptest::char::range('\u{a0}', '\u{24f}'),
        1 => proptest::char::range('\u{4e00}', '\u{4fff}'),
        1 => proptest::char::range('\u{1f600}', '\u{1f64f}'),
        1 => prop::sample::select(vec!['\u{2028}', '\u{2029}', '\u{feff}', '\u{ad}', '\u{200b}', '€']),
    ]
    .boxed()
}

/// A CiString of at most `max` characters.
pub fn ascii_string(max: usize) -> BoxedStrategy<String> {
    sized(ascii_char(), max)
}

/// An OCPI `string` of at most `max` characters.
pub fn text_string(max: usize) -> BoxedStrategy<String> {
    sized(text_char(), max)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An OCPI DateTime text the crate accepts: every calendar date of years 0000 to 9999,
/// fractions of 1 to 9 digits, with or without `Z`.
pub fn datetime_text() -> BoxedStrategy<String> {
    datetime_text_within(usize::MAX)
}

/// An OCPI DateTime text the spec allows (`string(25)`): fractions cut to fit.
pub fn spec_datetime_text() -> BoxedStrategy<String> {
    datetime_text_within(25)
}

fn datetime_text_within(max_len: usize) -> BoxedStrategy<String> {
    let year = prop_oneof![3 => 1970u32..2100, 1 => 0u32..=9999];
    (year, 1u32..=12)
        .prop_flat_map(|(y, m)| {
            (
                Just(y),
                Just(m),
                1..=days_in_month(y, m),
                0u32..24,
                0u32..60,
                0u32..60,
                prop::option::weighted(0.4, vec(b'0'..=b'9', 1..=9)),
                any::<bool>(),
            )
        })
        .prop_map(move |(y, mo, d, h, mi, s, frac, z)| {
            let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
            if let Some(f) = frac {
                let room = max_len.saturating_sub(t.len() + 1 + usize::from(z));
                if room > 0 {
                    t.push('.');
                    t.push_str(std::str::from_utf8(&f[..f.len().min(room)]).unwrap());
                }
            }
            if z {
                t.push('Z');
            }
            t
        })
        .boxed()
}

fn digits(lo: usize, hi: usize) -> BoxedStrategy<String> {
    vec(b'0'..=b'9', lo..=hi)
        .prop_map(|d| String::from_utf8(d).unwrap())
        .boxed()
}

/// An integer part in JSON form: `0` or digits without a leading zero.
fn int_part(max_digits: usize) -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just("0".to_owned()),
        4 => (b'1'..=b'9', digits(0, max_digits - 1))
            .prop_map(|(first, rest)| format!("{}{rest}", first as char)),
    ]
    .boxed()
}

/// A plain decimal JSON number (no exponent) of at most 12 + 8 digits; its text is what the
/// crate must write back.
pub fn plain_number() -> BoxedStrategy<String> {
    (any::<bool>(), int_part(12), prop::option::of(digits(1, 8)))
        .prop_map(|(neg, int, frac)| {
            let mut t = if neg { "-".to_owned() } else { String::new() };
            t.push_str(&int);
            if let Some(f) = frac {
                t.push('.');
                t.push_str(&f);
            }
            t
        })
        .boxed()
}

/// A JSON number with an exponent, inside the exact-decimal range.
pub fn exponent_number() -> BoxedStrategy<String> {
    (
        any::<bool>(),
        int_part(6),
        prop::option::of(digits(1, 4)),
        prop::sample::select(vec!["e", "E", "e+", "E-", "e-"]),
        0u32..=12,
    )
        .prop_map(|(neg, int, frac, e, exp)| {
            let sign = if neg { "-" } else { "" };
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            format!("{sign}{int}{frac}{e}{exp}")
        })
        .boxed()
}

/// Any JSON number the crate reads exactly.
pub fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => plain_number(),
        2 => exponent_number(),
        1 => prop::sample::select(vec!["0", "-0", "0.0", "-0.0", "4.00", "0.00006"]).prop_map(str::to_owned),
    ]
    .boxed()
}

fn integer_text() -> BoxedStrategy<String> {
    prop_oneof![3 => -1000i64..1000, 1 => any::<i64>()]
        .prop_map(|i| i.to_string())
        .boxed()
}

/// An absolute URL of at most 255 characters, in the forms peers send.
pub fn url_text() -> BoxedStrategy<String> {
    let label = chars(
        prop_oneof![
            6 => proptest::char::range('a', 'z'),
            1 => proptest::char::range('A', 'Z'),
            2 => proptest::char::range('0', '9'),
        ],
        1..=10,
    );
    let host = prop_oneof![
        3 => vec(label, 1..=4).prop_map(|l| l.join(".")),
        1 => prop::sample::select(vec!["localhost", "example.com", "Example.COM", "[::1]", "127.0.0.1"])
            .prop_map(str::to_owned),
        1 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
    ];
    let segment = chars(
        prop_oneof![
            8 => proptest::char::range('a', 'z'),
            2 => proptest::char::range('0', '9'),
            1 => prop::sample::select(vec!['-', '.', '_', '~', 'A', 'Z', '%']),
        ],
        0..=12,
    )
    // A lone '%' is not a percent-encoding: make it one.
    .prop_map(|s| s.replace('%', "%20"));
    let query = vec((digits(1, 3), digits(0, 3)), 1..=3).prop_map(|kv| {
        kv.iter()
            .map(|(k, v)| format!("k{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    (
        prop::sample::select(vec!["https", "http", "HTTPS"]),
        host,
        prop::option::of(1u16..=65535),
        vec(segment, 0..=5),
        any::<bool>(),
        prop::option::of(query),
        prop::option::of(digits(1, 4)),
    )
        .prop_map(|(scheme, host, port, path, slash, query, fragment)| {
            let mut u = format!("{scheme}://{host}");
            if let Some(p) = port {
                let _ = write!(u, ":{p}");
            }
            for s in path {
                u.push('/');
                u.push_str(&s);
            }
            if slash {
                u.push('/');
            }
            if let Some(q) = query {
                u.push('?');
                u.push_str(&q);
            }
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(&f);
            }
            u.truncate(255);
            u
        })
        .prop_filter("a URL that ends in a cut percent-encoding", |u| {
            url::Url::parse(u).is_ok()
        })
        .boxed()
}

/// Arbitrary JSON for unknown fields: nested a few levels, with exact numbers of any size and
/// `null`s that must be kept.
pub fn any_json() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number_text().prop_map(Json::Num),
        prop::sample::select(vec![
            "1e400",
            "-1.5E-300",
            "123456789012345678901234567890.5"
        ])
        .prop_map(|s| Json::Num(s.to_owned())),
        text_string(20).prop_map(Json::Str),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Json::Arr),
            btree_map(text_string(6), inner, 0..4).prop_map(|m| Json::Obj(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Names of unknown fields: `x-…`, which no OCPI field is called.
fn unknown_name() -> BoxedStrategy<String> {
    chars(
        prop_oneof![proptest::char::range('a', 'z'), Just('_')],
        1..=8,
    )
    .prop_map(|s| format!("x-{s}"))
    .boxed()
}

// ---- the schema walk ----

/// Documents valid for `schema` (a root schema with its `$defs`).
pub fn documents(schema: &Value) -> BoxedStrategy<Json> {
    Walk { root: schema }.node(schema, 0)
}

struct Walk<'a> {
    root: &'a Value,
}

fn obj(s: &Value) -> &serde_json::Map<String, Value> {
    s.as_object()
        .unwrap_or_else(|| panic!("a schema node is not an object: {s}"))
}

impl Walk<'_> {
    fn resolve(&self, r: &Value) -> &Value {
        let name = r
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        self.root
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or_else(|| panic!("$ref {name} not in $defs"))
    }

    fn node(&self, schema: &Value, depth: usize) -> BoxedStrategy<Json> {
        assert!(depth < 48, "the schema nests too deep (recursive?)");
        let s = obj(schema);
        for k in s.keys() {
            assert!(
                KNOWN_KEYWORDS.contains(&k.as_str()),
                "the generator does not know the keyword {k:?} in {schema}"
            );
        }
        if let Some(r) = s.get("$ref") {
            return self.node(self.resolve(r), depth + 1);
        }
        if let Some(all) = s.get("allOf") {
            let all = all.as_array().unwrap();
            assert_eq!(all.len(), 1, "allOf with several schemas: {schema}");
            return self.node(&all[0], depth + 1);
        }
        if let Some(any) = s.get("anyOf") {
            return self.any_of(any.as_array().unwrap(), depth + 1);
        }
        if let Some(values) = s.get("enum") {
            let values: Vec<Json> = values
                .as_array()
                .unwrap()
                .iter()
                .map(|v| Json::Str(v.as_str().expect("string enum values").to_owned()))
                .collect();
            return prop::sample::select(values).boxed();
        }
        match s.get("type").and_then(Value::as_str) {
            Some("object") => self.object(s, depth),
            Some("array") => {
                let items = self.node(&s["items"], depth + 1);
                let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                vec(items, min..=min.max(3)).prop_map(Json::Arr).boxed()
            }
            Some("string") => string(s),
            Some("number") => number_text().prop_map(Json::Num).boxed(),
            Some("integer") => {
                assert_eq!(s.get("format").and_then(Value::as_str), Some("int64"));
                integer_text().prop_map(Json::Num).boxed()
            }
            Some("boolean") => any::<bool>().prop_map(Json::Bool).boxed(),
            Some("null") => Just(Json::AbsentNull).boxed(),
            _ => panic!("the generator does not know the schema {schema}"),
        }
    }

    fn any_of(&self, branches: &[Value], depth: usize) -> BoxedStrategy<Json> {
        // The known values of an enum, which its forward-compatible branch excludes.
        let known: Vec<String> = branches
            .iter()
            .filter_map(|b| b.get("enum"))
            .flat_map(|e| e.as_array().unwrap().iter())
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let options = branches
            .iter()
            .map(|b| {
                if b.get("not").is_some() {
                    (1, unknown_enum_value(obj(b), known.clone()))
                } else if b.get("type").and_then(Value::as_str) == Some("null") {
                    (1, self.node(b, depth))
                } else {
                    (4, self.node(b, depth))
                }
            })
            .collect();
        Union::new_weighted(options).boxed()
    }

    fn object(&self, s: &serde_json::Map<String, Value>, depth: usize) -> BoxedStrategy<Json> {
        let required: Vec<&str> = s
            .get("required")
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let properties = s.get("properties").map(obj).cloned().unwrap_or_default();
        for r in &required {
            assert!(
                properties.contains_key(*r),
                "required {r} is not a property"
            );
        }
        let members: Vec<BoxedStrategy<Option<(String, Json)>>> = properties
            .iter()
            .map(|(name, sub)| {
                let name = name.clone();
                let value = self.node(sub, depth + 1);
                if required.contains(&name.as_str()) {
                    value.prop_map(move |v| Some((name.clone(), v))).boxed()
                } else {
                    prop::option::weighted(0.6, value)
                        .prop_map(move |v| v.map(|v| (name.clone(), v)))
                        .boxed()
                }
            })
            .collect();
        let open = s.get("additionalProperties") == Some(&Value::Bool(true));
        let unknown = if open {
            prop_oneof![
                3 => Just(Vec::new()),
                1 => btree_map(unknown_name(), any_json(), 1..=2)
                    .prop_map(|m| m.into_iter().collect::<Vec<_>>()),
            ]
            .boxed()
        } else {
            Just(Vec::new()).boxed()
        };
        (members, unknown)
            .prop_map(|(members, unknown)| {
                let mut all: Vec<(String, Json)> = members.into_iter().flatten().collect();
                all.extend(unknown);
                all
            })
            .prop_shuffle()
            .prop_map(Json::Obj)
            .boxed()
    }
}

fn string(s: &serde_json::Map<String, Value>) -> BoxedStrategy<Json> {
    let max = s
        .get("maxLength")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |m| m as usize);
    assert!(
        s.get("minLength").is_none(),
        "minLength on a plain string: {s:?}"
    );
    if let Some(format) = s.get("format") {
        assert_eq!(format, "uri");
        assert_eq!(max, 255);
        return url_text().prop_map(Json::Str).boxed();
    }
    let pattern = s
        .get("pattern")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("a string without pattern or format: {s:?}"));
    let text = match pattern {
        PRINTABLE_ASCII => ascii_string(max),
        NO_CONTROL => text_string(max),
        DATETIME => spec_datetime_text(),
        COUNTRY => chars(
            prop_oneof![
                proptest::char::range('A', 'Z'),
                proptest::char::range('a', 'z')
            ],
            2..=2,
        ),
        PARTY => chars(
            prop_oneof![
                proptest::char::range('A', 'Z'),
                proptest::char::range('a', 'z'),
                proptest::char::range('0', '9')
            ],
            3..=3,
        ),
        other => match coordinate_pattern(other) {
            Some((int, min, max)) => coordinate_text(int, min, max),
            None => panic!("the generator does not know the pattern {other}"),
        },
    };
    text.prop_map(Json::Str).boxed()
}

/// A value an enum does not define (kept for forward compatibility): printable ASCII, 1 to
/// 255 characters, not one of `known` in any letter case.
fn unknown_enum_value(
    s: &serde_json::Map<String, Value>,
    known: Vec<String>,
) -> BoxedStrategy<Json> {
    assert_eq!(s.get("type").and_then(Value::as_str), Some("string"));
    assert_eq!(
        s.get("pattern").and_then(Value::as_str),
        Some(PRINTABLE_ASCII)
    );
    assert_eq!(s.get("minLength").and_then(Value::as_u64), Some(1));
    assert_eq!(s.get("maxLength").and_then(Value::as_u64), Some(255));
    let word = chars(
        prop_oneof![
            6 => proptest::char::range('A', 'Z'),
            1 => proptest::char::range('0', '9'),
            1 => Just('_'),
        ],
        1..=16,
    );
    prop_oneof![
        6 => word,
        2 => chars(ascii_char(), 1..=30),
        1 => chars(ascii_char(), 255..=255),
        // A known value with something added.
        1 => (prop::sample::select(known.clone()), prop::sample::select(vec!["_X", "2", " "]))
            .prop_map(|(k, s)| format!("{k}{s}")),
    ]
    .prop_filter("a known value in another case", move |v| {
        !known.iter().any(|k| k.eq_ignore_ascii_case(v))
    })
    .prop_map(Json::Str)
    .boxed()
}
