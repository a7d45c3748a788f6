//! Common OCPI types: bounded strings, `DateTime`, `number`, `URL`, `DisplayText`, `Price`,
//! `CountryCode`, `PartyId`, `Role`, and the two macros every object and enum of every
//! version is defined with.
//!
//! Spec: 2.2.1 types.asciidoc; 2.2.1 transport_and_format.asciidoc.

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

mod codes;
mod common;
mod coordinate;
mod datetime;
pub(crate) mod enums;
mod number;
pub(crate) mod object;
#[cfg(feature = "schema")]
#[doc(hidden)]
pub mod schema;
mod secret;
mod string;
pub(crate) mod text;
mod url;

pub(crate) use crate::codec::push_warning;
pub use crate::codec::{
    Conformance, JsonPath, Warning, WarningKind, MAX_UNKNOWN_DEPTH, MAX_WARNINGS,
};
pub use codes::{CodeError, CountryCode, PartyId};
pub use common::{DisplayText, Price, Role};
pub use coordinate::{Coordinate, CoordinateError};
pub use datetime::{DateTime, DateTimeError};
pub(crate) use enums::ocpi_enum;
pub use enums::{EnumError, UnknownValue};
pub use number::{Number, NumberError};
pub(crate) use object::ocpi_object;
pub use object::{PatchField, UnknownFields};
pub use secret::CredentialsToken;
pub use string::{CiString, OcpiString, StringError, INLINE_CAPACITY};
pub use url::{Url, UrlError};

/// Builder methods, each `fn with_x(mut self, arg: T) -> Self` setting one field, written
/// inside an `impl` block as `with_x(arg: T) => field = value;` after the method's docs.
macro_rules! setters {
    ($( $(#[$attr:meta])* $with:ident($arg:ident: $t:ty) => $field:ident = $value:expr; )*) => {
        $(
            $(#[$attr])*
            pub fn $with(mut self, $arg: $t) -> Self {
                self.$field = $value;
                self
            }
        )*
    };
}
pub(crate) use setters;

/// `FromStr` for a type read by its own checked constructor: `Type => Error, constructor;`.
macro_rules! from_str {
    ($( $ty:ty => $error:ty, $constructor:expr; )*) => {
        $(
            impl std::str::FromStr for $ty {
                type Err = $error;
                fn from_str(s: &str) -> Result<Self, $error> {
                    $constructor(s)
                }
            }
        )*
    };
}
pub(crate) use from_str;

/// A small fixed-capacity text buffer on the stack, for formatting without allocating.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    /// An empty buffer.
    pub fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        // Only whole `&str`s are ever appended, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> Default for StackStr<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A field value that conforms to `T`, or — where the spec's own examples send a different
/// form (a number where the table says string, for instance) — the verbatim JSON.
///
/// Used only on fields where an official example deviates; a deviating value is written back
/// unchanged and reported by [`Conformance`] as [`WarningKind::Tolerated`].
#[derive(Debug, Clone, PartialEq)]
pub enum Tolerant<T> {
    /// The value conforms.
    Valid(T),
    /// The value does not conform; kept verbatim.
    Deviating(Deviation),
}

/// A non-conforming value kept verbatim by [`Tolerant`].
#[derive(Clone)]
pub struct Deviation {
    raw: Box<RawValue>,
    reason: String,
}

impl Deviation {
    /// The verbatim JSON.
    pub fn raw(&self) -> &RawValue {
        &self.raw
    }
    /// Why it does not conform.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl PartialEq for Deviation {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl fmt::Debug for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Deviation({})", self.raw.get())
    }
}

impl<T> Tolerant<T> {
    /// The conforming value, if it is one.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Tolerant::Valid(v) => Some(v),
            Tolerant::Deviating(_) => None,
        }
    }
}

impl<T> From<T> for Tolerant<T> {
    fn from(v: T) -> Self {
        Tolerant::Valid(v)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Tolerant<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The verbatim text, borrowed: kept (boxed) only when the value deviates.
        let raw = text::raw_json(d)?;
        // `null` is absence, never a deviating value: an optional field reads it as `None`
        // before reaching here, a required one refuses it.
        if raw == "null" {
            return Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Unit,
                &"a value",
            ));
        }
        if let Ok(v) = serde_json::from_str::<T>(&raw) {
            return Ok(Tolerant::Valid(v));
        }
        // The reason, as serde_json gives it when it reads strings as `str` (see
        // `types::text`: the fast read may word an invalid JSON string differently).
        let mut de = serde_json::Deserializer::from_str(&raw);
        let e = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => e.into_inner(),
            Ok(_) => match serde_json::from_str::<T>(&raw) {
                Err(e) => e,
                Ok(v) => return Ok(Tolerant::Valid(v)),
            },
        };
        // The position inside the isolated value means nothing to a reader: drop it.
        let text = e.to_string();
        let reason = match text.rfind(" at line ") {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        let raw = RawValue::from_string(raw.into_owned()).map_err(serde::de::Error::custom)?;
        Ok(Tolerant::Deviating(Deviation { raw, reason }))
    }
}

impl<T: Serialize> Serialize for Tolerant<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tolerant::Valid(v) => v.serialize(s),
            Tolerant::Deviating(d) => d.raw.serialize(s),
        }
    }
}

impl<T: crate::codec::WriteJson> crate::codec::WriteJson for Tolerant<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Tolerant::Valid(v) => v.write_json(out),
            Tolerant::Deviating(d) => d.raw.write_json(out),
        }
    }
}

impl<T: Conformance> Conformance for Tolerant<T> {
    /// A conforming value only; a deviating one is left to serde_json.
    #[inline]
    fn read_json(r: &mut crate::codec::Reader<'_>) -> crate::codec::Read<Self> {
        T::read_json(r).map(Tolerant::Valid)
    }
    fn check(&self, path: &mut JsonPath, out: &mut Vec<Warning>) {
        match self {
            Tolerant::Valid(v) => v.check(path, out),
            Tolerant::Deviating(d) => push_warning(out, || Warning {
                path: path.to_string(),
                kind: WarningKind::Tolerated {
                    reason: d.reason.clone(),
                },
            }),
        }
    }
}

/// What the tests of the types share.
#[cfg(test)]
pub(crate) mod testing {
    use serde::de::{self, Deserializer, Visitor};

    /// A value of another self-describing format (YAML, CBOR and the like): a null handed
    /// over through `visit_unit`, a boolean, an integer or a float; a newtype struct's value is
    /// handed over through `visit_newtype_struct`, as such formats do.
    #[derive(Clone, Copy)]
    pub enum Plain {
        Unit,
        Bool(bool),
        Int(i64),
        Float(f64),
    }

    impl<'de> Deserializer<'de> for Plain {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self {
                Plain::Unit => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(i) => visitor.visit_i64(i),
                Plain::Float(f) => visitor.visit_f64(f),
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            visitor.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }

    impl<'de> de::IntoDeserializer<'de, de::value::Error> for Plain {
        type Deserializer = Plain;
        fn into_deserializer(self) -> Plain {
            self
        }
    }

    /// The hash of `value` (one hasher for the whole test run).
    pub fn hash_of(value: &impl std::hash::Hash) -> u64 {
        use std::hash::BuildHasher;
        thread_local! {
            static STATE: std::collections::hash_map::RandomState = Default::default();
        }
        STATE.with(|state| state.hash_one(value))
    }
}

#[cfg(test)]
mod tests {
    use super::StackStr;
    use std::fmt::{self, Write};

    #[test]
    fn a_stack_str_fills_to_its_capacity_and_refuses_more() {
        let mut s = StackStr::<4>::new();
        assert_eq!(s.write_str("ab"), Ok(()));
        assert_eq!(s.write_str("cd"), Ok(()), "exactly full");
        assert_eq!(s.as_str(), "abcd");
        assert_eq!(s.write_str("e"), Err(fmt::Error), "one byte too many");
        assert_eq!(
            s.as_str(),
            "abcd",
            "a refused write leaves the text as it was"
        );
        let mut t = StackStr::<4>::default();
        assert_eq!(t.write_str("abcde"), Err(fmt::Error));
        assert_eq!(t.as_str(), "");
    }

    #[test]
    fn deviations_compare_and_show_their_json() {
        let deviation = |raw: &str, reason: &str| super::Deviation {
            raw: serde_json::value::RawValue::from_string(raw.to_owned()).unwrap(),
            reason: reason.to_owned(),
        };
        assert_eq!(deviation("5", "a number"), deviation("5", "another reason"));
        assert_ne!(deviation("5", "a number"), deviation("6", "a number"));
        assert_eq!(format!("{:?}", deviation("[1]", "x")), "Deviation([1])");
    }
}
