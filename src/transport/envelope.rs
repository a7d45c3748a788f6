//! The response envelope `{data, status_code, status_message, timestamp}`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::StatusCode;
use crate::json::{self, ListParse, ParseError};
use crate::types::object::{duplicate, Key, UnknownFieldsReader};
use crate::types::{Conformance, DateTime, JsonPath, UnknownFields, Warning};

/// The envelope of every OCPI response, the same in 2.1.1, 2.2.1 and 2.3.0.
///
/// `data` is absent (`None`) when the response carries none; error responses may omit it. An
/// error response whose `data` is not a `T` (the spec leaves it unspecified) is still read by
/// [`parse_response`]: `data` is then `None` and the verbatim value is kept among the
/// [`unknown_fields`](Response::unknown_fields) under the name `data`.
///
/// `status_message` is free text for debugging and is kept as received (no length or
/// character rules).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Response format; 2.1.1 transport_and_format.md
/// §Response format
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The response data: an object, a list of objects or a string, depending on the request.
    pub data: Option<T>,
    /// How the request was handled.
    pub status_code: StatusCode,
    /// An optional message which may help when debugging.
    pub status_message: Option<String>,
    /// The time this message was generated.
    pub timestamp: DateTime,
    /// Fields this crate does not know, kept verbatim and written back.
    pub unknown_fields: UnknownFields,
}

impl<T> Response<T> {
    /// A success response (1000) carrying `data`, stamped now.
    pub fn success(data: T) -> Self {
        Response {
            data: Some(data),
            status_code: StatusCode::SUCCESS,
            status_message: Some("Success".to_owned()),
            timestamp: DateTime::now(),
            unknown_fields: UnknownFields::default(),
        }
    }

    /// A response without data, with any status code and message, stamped now.
    pub fn status(status_code: StatusCode, message: impl Into<String>) -> Self {
        Response {
            data: None,
            status_code,
            status_message: Some(message.into()),
            timestamp: DateTime::now(),
            unknown_fields: UnknownFields::default(),
        }
    }

    /// Replaces the timestamp (for reproducible output).
    pub fn with_timestamp(mut self, timestamp: DateTime) -> Self {
        self.timestamp = timestamp;
        self
    }

    /// Whether the status code is in the success range.
    pub fn is_success(&self) -> bool {
        self.status_code.is_success()
    }
}

impl Response<()> {
    /// An error response without data, stamped now.
    pub fn error(status_code: StatusCode, message: impl Into<String>) -> Self {
        Response::status(status_code, message)
    }

    /// The JSON bytes of the envelope with `data` set to `data_json`, JSON written elsewhere
    /// (a page whose objects were written one by one). `data_json` must be valid JSON.
    pub fn to_vec_with_data(&self, data_json: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data_json.len() + 128);
        out.extend_from_slice(b"{\"data\":");
        out.extend_from_slice(data_json);
        self.write_members(&mut out);
        out.push(b'}');
        out
    }
}

impl<T: Serialize> Response<T> {
    /// The JSON bytes of the envelope.
    pub fn to_vec(&self) -> Vec<u8> {
        // Serializing these types cannot fail: every map key is a string.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl<T: crate::json::WriteJson> Response<T> {
    /// Writes the members, each after a comma (see [`crate::json::WriteJson`]): the same
    /// members in the same order as the [`Serialize`] impl.
    fn write_members(&self, out: &mut Vec<u8>) {
        use crate::codec::writer::member;
        if let Some(data) = &self.data {
            member(out, ",\"data\":", data);
        }
        member(out, ",\"status_code\":", &self.status_code);
        if let Some(msg) = &self.status_message {
            member(out, ",\"status_message\":", msg);
        }
        member(out, ",\"timestamp\":", &self.timestamp);
        self.unknown_fields.write_members(out);
    }
}

impl<T: crate::json::WriteJson> crate::json::WriteJson for Response<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let opened = crate::codec::writer::open(out);
        self.write_members(out);
        crate::codec::writer::close(out, opened, *b"{}");
    }
}

impl<T: Serialize> Serialize for Response<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(data) = &self.data {
            m.serialize_entry("data", data)?;
        }
        m.serialize_entry("status_code", &self.status_code)?;
        if let Some(msg) = &self.status_message {
            m.serialize_entry("status_message", msg)?;
        }
        m.serialize_entry("timestamp", &self.timestamp)?;
        self.unknown_fields.write(&mut m)?;
        m.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Response<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Response<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OCPI response object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response<T>, A::Error> {
                let mut data: Option<Option<T>> = None;
                let mut status_code = None;
                let mut status_message: Option<Option<String>> = None;
                let mut timestamp = None;
                let mut unknown_fields = UnknownFieldsReader::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let name = key.as_str();
                    let seen = match name {
                        "data" => data.is_some(),
                        "status_code" => status_code.is_some(),
                        "status_message" => status_message.is_some(),
                        "timestamp" => timestamp.is_some(),
                        other => {
                            unknown_fields.read(other, &mut map)?;
                            continue;
                        }
                    };
                    if seen {
                        return Err(duplicate(&mut map, name));
                    }
                    match name {
                        "data" => data = Some(map.next_value()?),
                        "status_code" => status_code = Some(map.next_value()?),
                        "status_message" => status_message = Some(map.next_value()?),
                        _ => timestamp = Some(map.next_value()?),
                    }
                }
                Ok(Response {
                    data: data.flatten(),
                    status_code: status_code
                        .ok_or_else(|| de::Error::missing_field("status_code"))?,
                    status_message: status_message.flatten(),
                    timestamp: timestamp.ok_or_else(|| de::Error::missing_field("timestamp"))?,
                    unknown_fields: unknown_fields.finish(),
                })
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

impl<T: Conformance> Conformance for Response<T> {
    fn check(&self, path: &mut JsonPath, out: &mut Vec<Warning>) {
        if let Some(data) = &self.data {
            path.push_field("data");
            data.check(path, out);
            path.pop();
        }
    }
}

/// Why a response could not be read.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Response format
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// The body is not a response envelope, or a success response's `data` is not valid.
    #[error("invalid response: {0}")]
    Parse(#[from] ParseError),
}

/// Reads a response envelope whose `data` is a `T`, with the warnings of the data.
///
/// A success response must carry valid data; an error response whose `data` does not fit `T`
/// is accepted with `data: None` (see [`Response`]).
pub fn parse_response<T>(bytes: &[u8]) -> Result<json::Parsed<Response<T>>, ResponseError>
where
    T: DeserializeOwned + Conformance,
{
    let first = match json::parse::<Response<T>>(bytes) {
        Ok(parsed) => return Ok(parsed),
        Err(e) => e,
    };
    let raw = json::parse::<Response<Box<RawValue>>>(bytes)?.value;
    if raw.is_success() {
        return Err(first.into());
    }
    let mut unknown_fields = raw.unknown_fields;
    if let Some(data) = raw.data {
        unknown_fields.insert("data", data);
    }
    Ok(json::Parsed {
        value: Response {
            data: None,
            status_code: raw.status_code,
            status_message: raw.status_message,
            timestamp: raw.timestamp,
            unknown_fields,
        },
        warnings: Vec::new(),
    })
}

/// Reads a response envelope whose `data` is a list of `T` (a page), keeping every valid
/// element and an error for each invalid one (see [`json::parse_list`]).
///
/// Returns the envelope (without its data) and the list. An error response yields an empty
/// list.
pub fn parse_list_response<T>(bytes: &[u8]) -> Result<(Response<()>, ListParse<T>), ResponseError>
where
    T: DeserializeOwned + Conformance,
{
    // The envelope is read with its `data` borrowed from the body, not copied; only a body
    // that this reading refuses is read again, as `json::parse` reads it, for its error.
    let borrowed = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| serde_json::from_str::<Response<&RawValue>>(text).ok());
    let owned;
    let (envelope, data) = match borrowed {
        Some(raw) => (raw.without_data(), raw.data.map(RawValue::get)),
        None => {
            owned = json::parse::<Response<Box<RawValue>>>(bytes)?.value;
            (
                owned.without_data(),
                owned.data.as_deref().map(RawValue::get),
            )
        }
    };
    let list = match (data, envelope.is_success()) {
        (Some(data), true) => {
            // Where `data` starts in the body (it is a part of it, or of a copy of it).
            let (doc, offset) = if bytes.as_ptr_range().contains(&data.as_ptr()) {
                (bytes, data.as_ptr() as usize - bytes.as_ptr() as usize)
            } else {
                (data.as_bytes(), 0)
            };
            json::parse_list_in::<T>(data.as_bytes(), doc, offset).map_err(|mut e| {
                e.path = if e.path == "." {
                    "data".into()
                } else {
                    format!("data{}", e.path)
                };
                e
            })?
        }
        _ => ListParse::default(),
    };
    Ok((envelope, list))
}

impl<D> Response<D> {
    /// The envelope without its data.
    fn without_data(&self) -> Response<()> {
        Response {
            data: None,
            status_code: self.status_code,
            status_message: self.status_message.clone(),
            timestamp: self.timestamp,
            unknown_fields: self.unknown_fields.clone(),
        }
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Response<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Response_{}", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::types::schema::{nullable, ObjectSchema};
        let mut o = ObjectSchema::new(
            "The OCPI response envelope (2.2.1 transport_and_format.asciidoc §Response format).",
        );
        o.property("data", nullable::<T>(g), false, "The response data.");
        o.property(
            "status_code",
            g.subschema_for::<StatusCode>(),
            true,
            "OCPI status code.",
        );
        o.property(
            "status_message",
            nullable::<String>(g),
            false,
            "An optional status message which may help when debugging.",
        );
        o.property(
            "timestamp",
            g.subschema_for::<DateTime>(),
            true,
            "The time this message was generated.",
        );
        o.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2_2_1::tokens::Token;

    #[test]
    fn the_data_warnings_are_reported_under_data() {
        let body = br#"{"data":{"id":"1","standard":"IEC_62196_T2","format":"CABLE",
            "power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,
            "last_updated":"2015-03-16T10:10:02.1234567Z"},
            "status_code":1000,"timestamp":"2015-06-30T21:59:59Z"}"#;
        let parsed = parse_response::<crate::v2_2_1::locations::Connector>(body).unwrap();
        let paths: Vec<_> = parsed.warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["data.last_updated"]);
    }

    #[test]
    fn a_body_that_is_no_object_says_what_was_expected() {
        let e = serde_json::from_str::<Response<()>>("[]").unwrap_err();
        assert!(
            e.to_string().contains("expected an OCPI response object"),
            "{e}"
        );
    }

    #[test]
    fn written_envelopes_match_serde_json() {
        let mut envelope = Response::<()>::status(StatusCode::SUCCESS, "Success")
            .with_timestamp("2015-06-30T21:59:59Z".parse().unwrap());
        envelope.unknown_fields.insert(
            "x-extra",
            RawValue::from_string("[1, \"a\"]".into()).unwrap(),
        );
        let data = r#"[{"uid":"012345678","a\"b":null}]"#;
        let with_data = Response {
            data: Some(RawValue::from_string(data.into()).unwrap()),
            status_code: envelope.status_code,
            status_message: envelope.status_message.clone(),
            timestamp: envelope.timestamp,
            unknown_fields: envelope.unknown_fields.clone(),
        };
        let whole = serde_json::to_vec(&with_data).unwrap();
        assert_eq!(envelope.to_vec_with_data(data.as_bytes()), whole);
        assert_eq!(crate::json::to_vec(&with_data), whole);
        assert_eq!(crate::json::to_vec(&envelope), envelope.to_vec());
        assert!(envelope
            .to_vec()
            .starts_with(br#"{"status_code":1000,"status_message":"Success""#));
    }

    #[test]
    fn error_response_without_data() {
        let body = br#"{"status_code": 2001, "status_message": "Missing required field: type", "timestamp": "2015-06-30T21:59:59Z"}"#;
        let r = parse_response::<Token>(body).unwrap().value;
        assert_eq!(r.status_code, StatusCode::INVALID_PARAMETERS);
        assert!(r.data.is_none());
        assert!(!r.is_success());
    }

    #[test]
    fn error_response_with_foreign_data_is_kept() {
        let body = br#"{"data": {"field": "type"}, "status_code": 2001, "timestamp": "2015-06-30T21:59:59Z"}"#;
        let r = parse_response::<Token>(body).unwrap().value;
        assert!(r.data.is_none());
        assert_eq!(
            r.unknown_fields.get("data").unwrap().get(),
            r#"{"field": "type"}"#
        );
        let back = String::from_utf8(r.to_vec()).unwrap();
        assert!(back.contains(r#""data":{"field": "type"}"#), "{back}");
    }

    #[test]
    fn success_response_needs_valid_data() {
        let body =
            br#"{"data": {"uid": 1}, "status_code": 1000, "timestamp": "2015-06-30T21:59:59Z"}"#;
        let e = parse_response::<Token>(body).unwrap_err();
        let ResponseError::Parse(e) = e;
        assert_eq!(e.path, "data.uid");
    }

    #[test]
    fn envelope_rules() {
        let e = parse_response::<Token>(br#"{"status_code": 1000}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `timestamp`"), "{e}");
        let e = parse_response::<Token>(
            br#"{"status_code": "1000", "timestamp": "2015-06-30T21:59:59Z"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("status_code"), "{e}");
        let e = parse_response::<Token>(
            br#"{"status_code": 1000, "status_code": 1000, "timestamp": "2015-06-30T21:59:59Z"}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("duplicate field `status_code`"),
            "{e}"
        );
    }

    #[test]
    fn built_responses() {
        let ts = DateTime::parse("2020-01-01T00:00:00Z").unwrap();
        let r =
            Response::error(StatusCode::UNKNOWN_LOCATION, "no such location").with_timestamp(ts);
        assert_eq!(
            String::from_utf8(r.to_vec()).unwrap(),
            r#"{"status_code":2003,"status_message":"no such location","timestamp":"2020-01-01T00:00:00Z"}"#
        );
        let r = Response::success(vec![1u8, 2]).with_timestamp(ts);
        assert_eq!(
            String::from_utf8(r.to_vec()).unwrap(),
            r#"{"data":[1,2],"status_code":1000,"status_message":"Success","timestamp":"2020-01-01T00:00:00Z"}"#
        );
    }

    #[test]
    fn list_response_keeps_good_items() {
        let body =
            br#"{"data": [{"bad": 1}], "status_code": 1000, "timestamp": "2015-06-30T21:59:59Z"}"#;
        let (env, list) = parse_list_response::<Token>(body).unwrap();
        assert!(env.is_success());
        assert_eq!(list.errors.len(), 1);
        assert_eq!(list.errors[0].error.path, "[0]");
        let body =
            br#"{"data": {"a": 1}, "status_code": 1000, "timestamp": "2015-06-30T21:59:59Z"}"#;
        let e = parse_list_response::<Token>(body).unwrap_err();
        assert!(e.to_string().contains("`data`"), "{e}");
    }
}
