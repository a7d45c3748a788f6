//! The one macro behind every OCPI string enum.

use std::fmt;

/// A value of an OCPI enum that this crate does not know, kept as received.
///
/// Only printable ASCII of 1 to 255 characters is kept; anything else is an error. Values of
/// up to 14 characters are kept inline, without a heap allocation, so that a list of unknown
/// values takes no more memory than a list of known ones (DESIGN principle 9).
///
/// Spec: 2.3.0 types.asciidoc §OpenEnum type
// 16 bytes, with room left in the length byte for the known variants of the enum that holds
// it: an enum with an unknown value stays 16 bytes.
#[derive(Clone)]
pub struct UnknownValue(Repr);

#[derive(Clone)]
enum Repr {
    /// `text[..len]`.
    Short(ShortLen, [u8; SHORT]),
    /// Boxed twice so that the pointer is thin.
    Long(Box<Box<str>>),
}

/// Longest value kept inline.
const SHORT: usize = 14;

/// The length of an inline value: 1 to [`SHORT`]. An enum, so that the other byte values are
/// free for the enums holding an [`UnknownValue`] to mark their known variants.
#[derive(Clone, Copy)]
#[repr(u8)]
enum ShortLen {
    L1 = 1,
    L2,
    L3,
    L4,
    L5,
    L6,
    L7,
    L8,
    L9,
    L10,
    L11,
    L12,
    L13,
    L14,
}

const SHORT_LENS: [ShortLen; SHORT] = [
    ShortLen::L1,
    ShortLen::L2,
    ShortLen::L3,
    ShortLen::L4,
    ShortLen::L5,
    ShortLen::L6,
    ShortLen::L7,
    ShortLen::L8,
    ShortLen::L9,
    ShortLen::L10,
    ShortLen::L11,
    ShortLen::L12,
    ShortLen::L13,
    ShortLen::L14,
];

impl UnknownValue {
    fn new(s: &str) -> Self {
        match s.len().checked_sub(1).and_then(|i| SHORT_LENS.get(i)) {
            Some(&len) => {
                let mut text = [0u8; SHORT];
                text[..s.len()].copy_from_slice(s.as_bytes());
                UnknownValue(Repr::Short(len, text))
            }
            None => UnknownValue(Repr::Long(Box::new(s.into()))),
        }
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Copied whole from a `str`: never fails.
            Repr::Short(len, text) => std::str::from_utf8(&text[..*len as usize]).unwrap_or(""),
            Repr::Long(s) => s,
        }
    }
}

impl PartialEq for UnknownValue {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for UnknownValue {}

impl std::hash::Hash for UnknownValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for UnknownValue {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UnknownValue {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Why a text was refused as a value of an OCPI enum.
///
/// Spec: 2.2.1 types.asciidoc §string type (case sensitive); 2.3.0 types.asciidoc §OpenEnum type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnumError {
    /// A known value written in another case (`type2` for `TYPE2`); enum values are case
    /// sensitive (2.2.1 types.asciidoc §string type).
    #[error("{enum_name} value {found:?} differs only in case from {expected:?}; enum values are case sensitive")]
    WrongCase {
        /// The enum's name.
        enum_name: &'static str,
        /// The value received.
        found: String,
        /// The known value it resembles.
        expected: &'static str,
    },
    /// Empty, too long, or not printable ASCII: not a value any peer could mean.
    #[error("{enum_name} value {found:?} is not a valid enum value (1 to 255 printable ASCII characters)")]
    Malformed {
        /// The enum's name.
        enum_name: &'static str,
        /// The value received.
        found: String,
    },
}

/// Resolves `s` against the known values of an enum: `Ok(Some(i))` for the `i`-th known value,
/// `Ok(None)` for a well-formed unknown value, an error otherwise.
#[doc(hidden)]
pub fn resolve(
    enum_name: &'static str,
    known: &'static [&'static str],
    s: &str,
) -> Result<Option<usize>, EnumError> {
    if let Some(i) = known.iter().position(|k| *k == s) {
        return Ok(Some(i));
    }
    if let Some(expected) = known.iter().find(|k| k.eq_ignore_ascii_case(s)) {
        return Err(EnumError::WrongCase {
            enum_name,
            found: s.to_owned(),
            expected,
        });
    }
    if s.is_empty() || s.len() > 255 || !s.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        return Err(EnumError::Malformed {
            enum_name,
            found: s.to_owned(),
        });
    }
    Ok(None)
}

/// Reads a value that is not one of the known wire values, from the content of a JSON string
/// read as bytes (see [`crate::types::text`]).
#[doc(hidden)]
pub fn from_other_bytes<T, E: serde::de::Error>(
    enum_name: &'static str,
    v: &[u8],
    from_wire: fn(&str) -> Result<T, EnumError>,
) -> Result<T, E> {
    match std::str::from_utf8(v) {
        Ok(s) => from_wire(s).map_err(E::custom),
        // Neither known nor printable ASCII: what `from_wire` says of such a value.
        Err(_) => Err(E::custom(EnumError::Malformed {
            enum_name,
            found: String::from_utf8_lossy(v).into_owned(),
        })),
    }
}

/// The warning for an unknown value of a closed enum.
#[doc(hidden)]
#[cold]
pub fn unknown_value(path: &super::JsonPath, v: &UnknownValue) -> super::Warning {
    super::Warning {
        path: path.to_string(),
        kind: super::WarningKind::UnknownValue {
            value: v.as_str().to_owned(),
        },
    }
}

#[doc(hidden)]
pub fn unknown(s: &str) -> UnknownValue {
    UnknownValue::new(s)
}

/// Room for the longest known wire value of any enum (32 bytes) and its quotes.
const QUOTED_WIDTH: usize = 40;

/// A known wire value as written in JSON, with its quotes, padded to one width: what an enum
/// writes for a known value.
pub(crate) struct QuotedValue {
    text: [u8; QUOTED_WIDTH],
    len: usize,
}

impl QuotedValue {
    /// The JSON text of `value`, a known wire value (nothing in it needs escaping: checked
    /// at compile time).
    pub(crate) const fn new(value: &str) -> Self {
        let v = value.as_bytes();
        assert!(v.len() + 2 <= QUOTED_WIDTH, "enum wire value too long");
        let mut text = [b'"'; QUOTED_WIDTH];
        let mut i = 0;
        while i < v.len() {
            assert!(
                !crate::codec::writer::needs_escape(v[i]),
                "enum wire value needs escaping"
            );
            text[i + 1] = v[i];
            i += 1;
        }
        QuotedValue {
            text,
            len: v.len() + 2,
        }
    }

    #[inline]
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        crate::codec::writer::write_cut(out, &self.text, self.len);
    }
}

/// Defines an OCPI string enum.
///
/// Every variant names its wire value. The generated type has a hidden `_Unknown` variant
/// holding any other well-formed value, which serializes back unchanged (forward
/// compatibility, 2.3.0 types.asciidoc §OpenEnum type); a known value in the wrong case is
/// refused. It gets `as_str`, `is_known`, `KNOWN`, `FromStr`, `Display`, `Debug` and serde.
macro_rules! ocpi_enum {
    // `open enum`: any well-formed value is a value of the type (2.3.0 OpenEnum, or an enum the
    // spec lets parties extend). `enum`: the spec's table is closed; an unknown value is still
    // kept, but reported.
    (
        $(#[doc = $doc:literal])*
        $vis:vis open enum $name:ident { $($body:tt)* }
    ) => {
        $crate::types::ocpi_enum!(@define true, [$(#[doc = $doc])*] $vis $name { $($body)* });
    };
    (
        $(#[doc = $doc:literal])*
        $vis:vis enum $name:ident { $($body:tt)* }
    ) => {
        $crate::types::ocpi_enum!(@define false, [$(#[doc = $doc])*] $vis $name { $($body)* });
    };
    (
        @define $open:literal, [$(#[doc = $doc:literal])*] $vis:vis $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[doc = $vdoc])* #[doc = concat!("\n\nWire value: `", $value, "`.")] $variant, )+
            #[doc(hidden)]
            _Unknown($crate::types::UnknownValue),
        }

        impl $name {
            /// Every value this crate knows, in the order of the spec's table.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];
            const WIRE: &'static [&'static str] = &[$($value),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::_Unknown(v) => v.as_str(),
                }
            }

            /// Whether this is one of the values of the spec's table (not a value kept from a
            /// newer or custom peer).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::_Unknown(_))
            }

            /// Whether the spec lets this enum hold values beyond its table (a 2.3.0
            /// OpenEnum, or an enum the spec lets parties extend): an unknown value of an open
            /// enum is no deviation; one of a closed enum is reported
            /// ([`WarningKind::UnknownValue`]($crate::types::WarningKind::UnknownValue)).
            ///
            /// Spec: 2.3.0 types.asciidoc §OpenEnum type
            pub const OPEN: bool = $open;

            /// Reads a wire value; unknown well-formed values are kept.
            pub fn from_wire(s: &str) -> Result<Self, $crate::types::EnumError> {
                Ok(match $crate::types::enums::resolve(stringify!($name), Self::WIRE, s)? {
                    Some(i) => Self::KNOWN[i].clone(),
                    None => Self::_Unknown($crate::types::enums::unknown(s)),
                })
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::types::EnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_wire(s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant => f.write_str(stringify!($variant)),)+
                    Self::_Unknown(v) => write!(f, "Unknown({v:?})"),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    // Known values are printable ASCII without quotes or backslashes.
                    $(Self::$variant => $crate::types::text::serialize_quoted(s, concat!("\"", $value, "\"")),)+
                    Self::_Unknown(v) => s.serialize_str(v.as_str()),
                }
            }
        }

        impl $crate::codec::WriteJson for $name {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                // Each known value's JSON text is a constant of one width, in a table in the
                // order of the variants: writing one is a table lookup and a copy of constant
                // length, without a branch per value. The match only maps variants to
                // constants (an unknown value to one past the table), so that it compiles to
                // a lookup too, whatever the enum's layout, instead of an indirect jump.
                enum Index { $($variant),+ }
                const QUOTED: &[$crate::types::enums::QuotedValue] =
                    &[$($crate::types::enums::QuotedValue::new($value)),+];
                let i = match self {
                    $(Self::$variant => Index::$variant as usize,)+
                    Self::_Unknown(_) => QUOTED.len(),
                };
                match (QUOTED.get(i), self) {
                    (Some(quoted), _) => quoted.write_json(out),
                    (None, Self::_Unknown(v)) => $crate::codec::writer::write_str(out, v.as_str()),
                    (None, _) => {}
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::types::text::deserialize(d)
            }
        }

        impl $crate::types::text::Text for $name {
            fn expecting(f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!("a ", stringify!($name), " value"))
            }
            #[inline]
            fn from_str<E: ::serde::de::Error>(v: &str) -> Result<Self, E> {
                match v {
                    $($value => Ok($name::$variant),)+
                    _ => $name::from_wire(v).map_err(E::custom),
                }
            }
            #[inline]
            fn from_bytes<E: ::serde::de::Error>(v: &[u8]) -> Result<Self, E> {
                $(
                    if v == $value.as_bytes() {
                        return Ok($name::$variant);
                    }
                )+
                $crate::types::enums::from_other_bytes(stringify!($name), v, $name::from_wire)
            }
        }

        impl $crate::types::Conformance for $name {
            fn check(&self, path: &mut $crate::types::JsonPath, out: &mut Vec<$crate::types::Warning>) {
                if let Self::_Unknown(v) = self {
                    if !Self::OPEN {
                        out.push($crate::types::enums::unknown_value(path, v));
                    }
                }
            }
            #[inline]
            fn read_json(r: &mut $crate::codec::reader::Reader<'_>) -> $crate::codec::reader::Read<Self> {
                let value: Self = $crate::types::text::read(r)?;
                // An unknown value of a closed enum carries a warning.
                if !Self::OPEN && !value.is_known() {
                    r.may_warn();
                }
                Ok(value)
            }
        }

        $crate::types::ocpi_object!(@json_schema_impl $name, |_g| {
            $crate::types::schema::enum_schema(concat!($($doc, "\n"),*).trim(), Self::WIRE, Self::OPEN)
        });
    };
}
pub(crate) use ocpi_enum;

#[cfg(test)]
mod tests {
    ocpi_enum! {
        /// A test enum.
        pub enum Sample {
            /// One.
            One = "ONE",
            /// Mixed.
            Mixed = "IEC_60309_2_single_16",
        }
    }

    /// Every value, known or not, short or long, is written by the crate's writer as
    /// serde_json writes it, in a list and in an optional field.
    #[test]
    fn every_value_is_written_as_serde_json_writes_it() {
        let long = "A".repeat(200);
        for v in [
            "ONE",
            "IEC_60309_2_single_16",
            "N",
            "NEW_14_CHARS_X",
            "NEW_15_CHARS_XY",
            &long,
        ] {
            let values = vec![Sample::from_wire(v).unwrap(), Sample::One];
            let ours = crate::codec::to_vec(&values);
            assert_eq!(ours, serde_json::to_vec(&values).unwrap(), "{v}");
            assert_eq!(ours, format!("[\"{v}\",\"ONE\"]").into_bytes());
            let some = Some(Sample::from_wire(v).unwrap());
            assert_eq!(crate::codec::to_vec(&some), format!("\"{v}\"").into_bytes());
        }
        assert_eq!(crate::codec::to_vec(&None::<Sample>), b"null");
    }

    #[test]
    fn known_unknown_and_wrong_case() {
        let v: Sample = serde_json::from_str("\"ONE\"").unwrap();
        assert_eq!(v, Sample::One);
        let v: Sample = serde_json::from_str("\"IEC_60309_2_single_16\"").unwrap();
        assert_eq!(v, Sample::Mixed);
        let v: Sample = serde_json::from_str("\"NEW_VALUE\"").unwrap();
        assert!(!v.is_known());
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"NEW_VALUE\"");
        assert_eq!(v, Sample::from_wire("NEW_VALUE").unwrap());
        let e = Sample::from_wire("one").unwrap_err();
        assert!(matches!(
            e,
            super::EnumError::WrongCase {
                expected: "ONE",
                ..
            }
        ));
        assert!(serde_json::from_str::<Sample>("\"iec_60309_2_SINGLE_16\"").is_err());
        assert!(serde_json::from_str::<Sample>("\"\"").is_err());
        assert!(serde_json::from_str::<Sample>("\"A\\nB\"").is_err());
        assert!(serde_json::from_str::<Sample>("1").is_err());
        assert_eq!(format!("{:?}", Sample::One), "One");
        assert_eq!(Sample::KNOWN.len(), 2);
    }

    #[test]
    fn unknown_values_inline_or_boxed() {
        // Inline values keep an enum at 16 bytes, as the boxed form did.
        assert_eq!(std::mem::size_of::<Sample>(), 16);
        assert_eq!(std::mem::size_of::<Option<Sample>>(), 16);
        for len in [1, 13, 14, 15, 255] {
            let text = "A".repeat(len);
            let v = Sample::from_wire(&text).unwrap();
            assert_eq!(v.as_str(), text);
            assert_eq!(v, Sample::from_wire(&text).unwrap());
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{text}\""));
        }
        let (a, b) = (
            Sample::from_wire("AB").unwrap(),
            Sample::from_wire("ABCDEFGHIJKLMNOP").unwrap(),
        );
        assert!(a < b && b < Sample::from_wire("AC").unwrap());
        // Unknown values are equal, hashed and shown by their text.
        let hash = |v: &Sample| crate::types::testing::hash_of(v);
        for (x, y) in [("AB", "AC"), ("ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ")] {
            let (x, y) = (Sample::from_wire(x).unwrap(), Sample::from_wire(y).unwrap());
            assert_ne!(x, y);
            assert_ne!(hash(&x), hash(&y));
            assert_eq!(hash(&x), hash(&x.clone()));
        }
        assert!(format!("{a:?}").ends_with("(\"AB\")"), "{a:?}");
    }
}
