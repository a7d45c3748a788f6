//! JSON documents as trees whose numbers keep their text, and an exact comparison of a
//! document with the one a reader wrote back. Shared by the property tests and the fuzz
//! targets (`fuzz/src/lib.rs` includes this file).
#![allow(dead_code)]

use std::fmt::Write as _;

use ocpi_protocol::types::Number;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// A JSON document whose numbers keep their text.
#[derive(Clone, PartialEq)]
pub enum Json {
    /// `null` that is kept (inside unknown fields; a PATCH clearing a field).
    Null,
    /// `null` sent for an optional field: read as absent, and so not written back.
    AbsentNull,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, members in document order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// The document as text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null | Json::AbsentNull => out.push_str("null"),
            Json::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            Json::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The document as a `serde_json::Value`, for a schema validator. Numbers beyond `f64`
    /// (only generated inside unknown fields, which any value fits) become 0.
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null | Json::AbsentNull => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Num(n) => serde_json::from_str(n).unwrap_or(Value::from(0)),
            Json::Str(s) => Value::String(s.clone()),
            Json::Arr(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Obj(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// The document as a lossless reader writes it back: optional fields sent as `null` are
    /// gone, except at the top level of a PATCH body (`keep_top_nulls`), where `null` means
    /// "clear the field" and is kept.
    pub fn written_back(&self, keep_top_nulls: bool) -> Json {
        match self {
            Json::Obj(members) => Json::Obj(
                members
                    .iter()
                    .filter(|(_, v)| keep_top_nulls || *v != Json::AbsentNull)
                    .map(|(k, v)| match v {
                        // Kept: it must be written.
                        Json::AbsentNull => (k.clone(), Json::Null),
                        v => (k.clone(), v.written_back(false)),
                    })
                    .collect(),
            ),
            Json::Arr(items) => Json::Arr(items.iter().map(|v| v.written_back(false)).collect()),
            other => other.clone(),
        }
    }

    /// A document read from a peer, where any `null` member may be an optional field that is
    /// not written back (and so becomes [`Json::AbsentNull`]), except at the top level of a
    /// PATCH body (`keep_top_nulls`).
    pub fn nulls_may_be_dropped(&self, keep_top_nulls: bool) -> Json {
        match self {
            Json::Obj(members) => Json::Obj(
                members
                    .iter()
                    .map(|(k, v)| {
                        let v = match v {
                            Json::Null if !keep_top_nulls => Json::AbsentNull,
                            other => other.nulls_may_be_dropped(false),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Json::Arr(items) => Json::Arr(
                items
                    .iter()
                    .map(|v| v.nulls_may_be_dropped(false))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Reads a document, keeping the text of its numbers and every member of its objects
    /// (duplicates included).
    pub fn read(text: &str) -> Json {
        let raw: Box<RawValue> = serde_json::from_str(text).expect("valid JSON");
        Self::from_raw(&raw)
    }

    fn from_raw(raw: &RawValue) -> Json {
        let t = raw.get().trim();
        match t.as_bytes()[0] {
            b'{' => {
                let Members(m) = serde_json::from_str(t).unwrap();
                Json::Obj(
                    m.iter()
                        .map(|(k, v)| (k.clone(), Self::from_raw(v)))
                        .collect(),
                )
            }
            b'[' => {
                let items: Vec<Box<RawValue>> = serde_json::from_str(t).unwrap();
                Json::Arr(items.iter().map(|v| Self::from_raw(v)).collect())
            }
            b'"' => Json::Str(serde_json::from_str(t).unwrap()),
            b'n' => Json::Null,
            b't' => Json::Bool(true),
            b'f' => Json::Bool(false),
            _ => Json::Num(t.to_owned()),
        }
    }

    /// The members of an object (panics on anything else).
    pub fn members_mut(&mut self) -> &mut Vec<(String, Json)> {
        match self {
            Json::Obj(m) => m,
            other => panic!("not an object: {other:?}"),
        }
    }
}

impl std::fmt::Debug for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// Object members in document order, duplicates kept.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Compares a document written back with the one expected: objects as sets of members (a
/// duplicate key is a difference; a member whose expected value is [`Json::AbsentNull`] may be
/// missing or `null`), arrays in order, strings exactly, numbers as exact decimals
/// (`4.00 == 4`; text that is not a representable decimal must be identical).
pub fn same(expected: &Json, actual: &Json, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Json::Obj(e), Json::Obj(a)) => {
            let mut keys: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
            keys.sort_unstable();
            if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
                // Only where it was read so: inside a value kept verbatim.
                if e.len() != a.len() || e.iter().zip(a).any(|(x, y)| x.0 != y.0) {
                    return Err(format!("{path}: key {} written twice", w[0]));
                }
                for ((k, x), (_, y)) in e.iter().zip(a) {
                    same(x, y, &format!("{path}.{k}"))?;
                }
                return Ok(());
            }
            for (k, _) in a {
                if !e.iter().any(|(ke, _)| ke == k) {
                    return Err(format!("{path}: key {k} written, but not read"));
                }
            }
            for (k, ve) in e {
                match a.iter().find(|(ka, _)| ka == k) {
                    Some((_, va)) => same(ve, va, &format!("{path}.{k}"))?,
                    None if *ve == Json::AbsentNull => {}
                    None => return Err(format!("{path}: key {k} not written")),
                }
            }
            Ok(())
        }
        (Json::Arr(e), Json::Arr(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: {} elements vs {}", e.len(), a.len()));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                same(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Json::Num(e), Json::Num(a)) => {
            if e == a {
                return Ok(());
            }
            match (Number::parse(e), Number::parse(a)) {
                (Ok(x), Ok(y)) if x == y => Ok(()),
                _ => Err(format!("{path}: number {e} written as {a}")),
            }
        }
        (Json::Null | Json::AbsentNull, Json::Null) => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!(
            "{path}: expected {}, written {}",
            e.to_text(),
            a.to_text()
        )),
    }
}
