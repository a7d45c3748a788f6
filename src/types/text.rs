//! Reading JSON strings into the crate's text types (bounded strings, enum values, timestamps,
//! party codes).
//!
//! serde_json's `deserialize_str` checks every string for valid UTF-8 when it reads bytes
//! (`from_slice`, `from_reader`): about a fifth of the instructions of parsing a page of
//! objects. Its `deserialize_bytes` hands out the content of a string (escapes decoded) without
//! that check and without refusing control characters. Every text type of the crate checks its
//! content anyway — printable ASCII for `CiString`, enum values, timestamps and codes, printable
//! characters for `string(n)`, which refuses control characters, invalid UTF-8 and lone
//! surrogates — so reading the bytes accepts exactly the strings that reading `str` accepts,
//! with the same values.
//!
//! What differs is the error for a string that is not valid JSON text (a raw control
//! character, invalid UTF-8, a lone surrogate escape): the type's own data error instead of
//! serde_json's syntax error. The `json` entry points report serde_json's error, as before: it locates
//! every error in a second pass, through a path-tracking deserializer, which reads strings as
//! `str`.
//!
//! Any deserializer other than serde_json's own (other formats, wrappers,
//! `serde_json::Value`) is read through `deserialize_str`, as before.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};

use crate::codec::reader::Refused;
use crate::codec::{Fallback, Read, Reader};

/// A type read from one JSON string.
pub(crate) trait Text: Sized {
    /// What the type expects, for error messages.
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// Reads a string that is valid UTF-8.
    fn from_str<E: de::Error>(s: &str) -> Result<Self, E>;
    /// Reads the content of a JSON string, which may hold anything (see the module docs);
    /// must accept exactly what [`Text::from_str`] accepts.
    fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E>;
}

/// A `T` read by the fast reader from one JSON string, checked by its [`Text::from_bytes`]
/// (as serde_json's bytes reading hands the string over when it holds no escape).
#[inline]
pub(crate) fn read<T: Text>(r: &mut Reader<'_>) -> Read<T> {
    T::from_bytes::<Refused>(r.string()?).map_err(|_| Fallback)
}

/// Whether `D` is serde_json's deserializer (of values, or of object keys), whose strings can
/// be read as bytes.
///
/// The type name is a constant per monomorphized `D`, so this folds away. Should the compiler
/// ever name the types differently, strings are read as `str`: slower, never wrong.
#[inline(always)]
pub(crate) fn is_serde_json<D>() -> bool {
    let name = std::any::type_name::<D>();
    name.starts_with("&mut serde_json::de::Deserializer<")
        || name.starts_with("serde_json::de::MapKey<")
}

/// Writes a JSON string given with its quotes, `quoted`, whose content needs no escaping (no
/// control character, quote or backslash): with serde_json's serializer, as it is (serde_json's
/// own string writer looks at every byte for escapes); with any other, as the string it is.
#[inline]
pub(crate) fn serialize_quoted<S: Serializer>(s: S, quoted: &str) -> Result<S::Ok, S::Error> {
    if std::any::type_name::<S>().starts_with("&mut serde_json::ser::Serializer<") {
        let mut raw = s.serialize_struct(RAW_TOKEN, 1)?;
        raw.serialize_field(RAW_TOKEN, quoted)?;
        raw.end()
    } else {
        s.serialize_str(quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or(""))
    }
}

/// Reads a `T` from a JSON string.
#[inline]
pub(crate) fn deserialize<'de, T: Text, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    if is_serde_json::<D>() {
        d.deserialize_bytes(TextVisitor(PhantomData))
    } else {
        d.deserialize_str(TextVisitor(PhantomData))
    }
}

struct TextVisitor<T>(PhantomData<T>);

impl<T: Text> Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::expecting(f)
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v)
    }
    #[inline]
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::from_bytes(v)
    }
}

/// The error for string content that is not valid UTF-8 (raw invalid bytes, or a lone
/// surrogate escape): only reachable through [`Text::from_bytes`].
pub(crate) fn not_utf8<E: de::Error>() -> E {
    E::custom("string is not valid UTF-8 (an invalid byte or a lone surrogate escape)")
}

/// The character at byte `at` of `b`, for error messages (U+FFFD where `b` is not UTF-8).
pub(crate) fn char_at(b: &[u8], at: usize) -> char {
    b[at..]
        .utf8_chunks()
        .next()
        .and_then(|chunk| chunk.valid().chars().next())
        .unwrap_or('\u{fffd}')
}

/// The name under which serde_json (with its `raw_value` feature, which this crate enables)
/// hands out and accepts the verbatim text of a JSON value. Reading and writing numbers through
/// it keeps every digit: no `f64` on the way in or out, and no global `arbitrary_precision`.
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads the verbatim text behind serde_json's raw-value token: borrowed from the input, copied
/// only when serde_json reads from an `io::Read`.
pub(crate) struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("raw JSON text")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// A `T` read from one JSON string by `parse`; its error becomes the deserializer's, with
/// `parse`'s message. `expecting` says what the string must hold.
pub(crate) fn deserialize_with<'de, D, T, M>(
    d: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T, M>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: fmt::Display,
{
    struct V<F>(&'static str, F);
    impl<T, M: fmt::Display, F: FnOnce(&str) -> Result<T, M>> Visitor<'_> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(V(expecting, parse))
}

/// The verbatim JSON text of the next value (serde_json only, like `Box<RawValue>`, but without
/// allocating when the input is borrowed).
pub(crate) fn raw_json<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any valid JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cow<'de, str>, A::Error> {
            if map.next_key::<de::IgnoredAny>()?.is_none() {
                return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
            }
            map.next_value_seed(RawText)
        }
    }
    d.deserialize_newtype_struct(RAW_TOKEN, V)
}

#[cfg(test)]
mod tests {
    use crate::types::{CiString, CountryCode, DateTime, OcpiString, Role};
    use serde::de::DeserializeOwned;

    /// Only serde_json hands over a value's verbatim text; another deserializer is told what
    /// was expected.
    #[test]
    fn raw_json_from_another_deserializer() {
        use serde::de::{value::Error, IntoDeserializer};
        let e = super::raw_json(IntoDeserializer::<Error>::into_deserializer(5u8)).unwrap_err();
        assert!(
            e.to_string().contains("expected any valid JSON value"),
            "{e}"
        );
    }

    /// Reads `doc` through every serde_json entry point; all must agree on acceptance and
    /// value.
    fn read_all<T: DeserializeOwned + PartialEq + std::fmt::Debug>(doc: &str) -> Option<T> {
        let slice = serde_json::from_slice::<T>(doc.as_bytes()).ok();
        let text = serde_json::from_str::<T>(doc).ok();
        let reader = serde_json::from_reader::<_, T>(doc.as_bytes()).ok();
        let value = serde_json::from_str::<serde_json::Value>(doc)
            .ok()
            .and_then(|v| serde_json::from_value::<T>(v).ok());
        assert_eq!(slice, text, "{doc}");
        assert_eq!(slice, reader, "{doc}");
        assert_eq!(slice, value, "{doc}");
        slice
    }

    #[test]
    fn bytes_and_str_reads_accept_the_same_strings() {
        assert_eq!(
            read_all::<CiString<10>>(r#""a\u0042c""#).unwrap().as_str(),
            "aBc"
        );
        assert_eq!(
            read_all::<OcpiString<10>>(r#""Gr\u00fc\u00dfe \ud83d\ude00""#)
                .unwrap()
                .as_str(),
            "Grüße 😀"
        );
        assert_eq!(
            read_all::<OcpiString<10>>("\"Grüße\"").unwrap().as_str(),
            "Grüße"
        );
        for refused in [
            r#""a\nb""#,
            r#""\ud800""#,
            r#""\udc00x""#,
            "\"a\u{7f}\"",
            "\"a\u{85}\"",
        ] {
            assert_eq!(read_all::<OcpiString<10>>(refused), None, "{refused}");
            assert_eq!(read_all::<CiString<10>>(refused), None, "{refused}");
        }
        assert_eq!(read_all::<CiString<10>>("\"é\""), None);
        assert_eq!(read_all::<Role>(r#""C\u0050O""#), Some(Role::Cpo));
        assert_eq!(
            read_all::<Role>(r#""NEW_ROLE""#).unwrap().as_str(),
            "NEW_ROLE"
        );
        assert_eq!(read_all::<Role>(r#""cpo""#), None);
        assert_eq!(read_all::<Role>("\"CPÖ\""), None);
        assert_eq!(
            read_all::<CountryCode>(r#""\u0042E""#).unwrap().as_str(),
            "BE"
        );
        assert_eq!(read_all::<CountryCode>("\"BÉ\""), None);
        assert!(read_all::<DateTime>(r#""2015-06-29T20:39:09\u005a""#)
            .unwrap()
            .has_zulu());
        assert_eq!(read_all::<DateTime>("\"2015-06-29T20:39:09Ž\""), None);
        // Raw control characters and invalid UTF-8 are not JSON text.
        for bytes in [&b"\"a\tb\""[..], b"\"a\xffb\"", b"\"\xed\xa0\x80\""] {
            assert!(serde_json::from_slice::<OcpiString<10>>(bytes).is_err());
            assert!(serde_json::from_slice::<CiString<10>>(bytes).is_err());
            assert!(serde_json::from_slice::<Role>(bytes).is_err());
            assert!(serde_json::from_slice::<DateTime>(bytes).is_err());
        }
    }

    #[test]
    fn strings_written_in_one_piece_are_the_strings_serde_json_writes() {
        use std::collections::BTreeMap;
        let texts = [
            "",
            "plain",
            "with \"quotes\"",
            "back\\slash",
            "0123456789abcdef0123456789abcdef012345",
            "0123456789abcdef0123456789abcdef0123456",
            "Grüße 😀",
        ];
        for t in texts {
            let o = OcpiString::<{ usize::MAX }>::new(t).unwrap();
            let c = CiString::<{ usize::MAX }>::new(t).ok();
            for json in [serde_json::to_string(&o).unwrap()]
                .into_iter()
                .chain(c.map(|c| serde_json::to_string(&c).unwrap()))
            {
                assert_eq!(json, serde_json::to_string(t).unwrap());
            }
            assert_eq!(
                serde_json::to_string_pretty(&vec![&o]).unwrap(),
                serde_json::to_string_pretty(&vec![t]).unwrap()
            );
            assert_eq!(serde_json::to_value(&o).unwrap(), serde_json::json!(t));
            let keyed = BTreeMap::from([(o.clone(), 1)]);
            assert_eq!(
                serde_json::to_string(&keyed).unwrap(),
                serde_json::to_string(&BTreeMap::from([(t, 1)])).unwrap()
            );
        }
        let d = DateTime::parse("2016-12-29T17:45:09.2Z").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#""2016-12-29T17:45:09.2Z""#
        );
        assert_eq!(serde_json::to_value(d).unwrap(), "2016-12-29T17:45:09.2Z");
        assert_eq!(serde_json::to_string(&Role::Cpo).unwrap(), r#""CPO""#);
        assert_eq!(serde_json::to_value(Role::Cpo).unwrap(), "CPO");
        let odd = Role::from_wire("A\"B").unwrap();
        assert_eq!(serde_json::to_string(&odd).unwrap(), r#""A\"B""#);
    }

    #[test]
    fn other_deserializers_read_str() {
        use serde::de::value::{Error, StrDeserializer};
        use serde::Deserialize;
        let v = CiString::<5>::deserialize(StrDeserializer::<Error>::new("abc")).unwrap();
        assert_eq!(v.as_str(), "abc");
        let r = Role::deserialize(StrDeserializer::<Error>::new("HUB")).unwrap();
        assert_eq!(r, Role::Hub);
    }
}
