//! Bounded strings: `CiString(n)` and `string(n)` of the OCPI types chapter.
//!
//! Both keep short values inline (no heap allocation up to [`INLINE_CAPACITY`] bytes), which is
//! what identifiers, country codes and party ids are, so parsing a page of objects does not
//! allocate once per id.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer};

use super::text;
use serde::{Serialize, Serializer};

/// Longest value, in bytes, kept inline without a heap allocation (a UUID is 36).
pub const INLINE_CAPACITY: usize = 36;

/// An inline string as it is written in JSON: a quote, the text, then quotes up to the end.
/// There is always at least one quote after the text, so the first `len + 2` bytes are the
/// quoted text.
type QuotedText = [u8; INLINE_CAPACITY + 2];

/// Storage of a validated string: inline when short, boxed otherwise.
#[derive(Clone)]
enum Repr {
    /// A short string that needs no escaping in JSON (no control character, quote or
    /// backslash: the common case): `buf[..len + 2]` is its JSON text.
    Plain { len: u8, buf: QuotedText },
    /// A short string that needs escaping in JSON: the text is `buf[1..=len]`.
    Escaped { len: u8, buf: QuotedText },
    /// A longer string.
    Heap(Box<str>),
}

impl Repr {
    #[inline]
    fn new(s: &str) -> Self {
        Self::from_utf8(s.as_bytes()).unwrap_or_else(|| Repr::Heap(s.into()))
    }

    /// The string of `b`, which the caller has checked to be UTF-8 (`None` if it is not).
    #[inline]
    fn from_utf8(b: &[u8]) -> Option<Self> {
        if b.len() <= INLINE_CAPACITY {
            let mut buf = [b'"'; INLINE_CAPACITY + 2];
            buf[1..=b.len()].copy_from_slice(b);
            let len = b.len() as u8;
            Some(if crate::codec::writer::plain(b) {
                Repr::Plain { len, buf }
            } else {
                Repr::Escaped { len, buf }
            })
        } else {
            std::str::from_utf8(b).ok().map(|s| Repr::Heap(s.into()))
        }
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            // The bytes were copied from a `&str` at a char boundary, so this never fails.
            Repr::Plain { len, buf } | Repr::Escaped { len, buf } => {
                std::str::from_utf8(&buf[1..=usize::from(*len)]).unwrap_or("")
            }
            Repr::Heap(s) => s,
        }
    }

    /// Writes the string as JSON with the crate's writer: the common short string is copied
    /// in place, the others are escaped out of line.
    #[inline(always)]
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Repr::Plain { len, buf } => {
                crate::codec::writer::write_cut(out, buf, usize::from(*len) + 2)
            }
            Repr::Escaped { .. } | Repr::Heap(_) => self.write_escaped(out),
        }
    }

    #[inline(never)]
    fn write_escaped(&self, out: &mut Vec<u8>) {
        crate::codec::writer::write_str(out, self.as_str())
    }

    /// Writes the string as JSON: a short one that needs no escaping in one piece with its
    /// quotes (see [`text::serialize_quoted`]), any other through `serialize_str`.
    #[inline]
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Repr::Plain { len, buf } = self {
            if let Ok(quoted) = std::str::from_utf8(&buf[..usize::from(*len) + 2]) {
                return text::serialize_quoted(s, quoted);
            }
        }
        s.serialize_str(self.as_str())
    }
}

/// Why a text was refused as a bounded OCPI string.
///
/// Spec: 2.2.1 types.asciidoc §CiString type, §string type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StringError {
    /// The text is longer than the type allows.
    #[error("string of {len} characters exceeds the maximum length of {max}")]
    TooLong {
        /// The length found (characters).
        len: usize,
        /// The maximum the type allows.
        max: usize,
    },
    /// A `CiString` held a character outside printable ASCII.
    #[error("character {found:?} at byte {at} is not printable ASCII (CiString)")]
    NotPrintableAscii {
        /// The offending character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
    /// A `string` held a control character (CR, LF, TAB, …).
    #[error("character {found:?} at byte {at} is not printable (string)")]
    NotPrintable {
        /// The offending character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
}

fn check_ci(s: &str, max: usize) -> Result<(), StringError> {
    check_ci_bytes(s.as_bytes(), max)
}

/// Whether every byte is printable ASCII. Every byte is looked at (no early exit), which the
/// compiler vectorizes: the common case is a short string that passes.
#[inline]
fn all_printable_ascii(b: &[u8]) -> bool {
    b.iter().fold(true, |ok, c| ok & (0x20..=0x7e).contains(c))
}

fn check_ci_bytes(b: &[u8], max: usize) -> Result<(), StringError> {
    if !all_printable_ascii(b) {
        let at = b
            .iter()
            .position(|c| !(0x20..=0x7e).contains(c))
            .unwrap_or_default();
        let found = text::char_at(b, at);
        return Err(StringError::NotPrintableAscii { found, at });
    }
    if b.len() > max {
        return Err(StringError::TooLong { len: b.len(), max });
    }
    Ok(())
}

/// Printable ASCII: the common case, where bytes are characters. `None` when `b` holds
/// anything else.
#[inline]
fn check_printable_ascii(b: &[u8], max: usize) -> Option<Result<(), StringError>> {
    if !all_printable_ascii(b) {
        return None;
    }
    Some(if b.len() <= max {
        Ok(())
    } else {
        Err(StringError::TooLong { len: b.len(), max })
    })
}

fn check_printable(s: &str, max: usize) -> Result<(), StringError> {
    if let Some(result) = check_printable_ascii(s.as_bytes(), max) {
        return result;
    }
    let mut count = 0;
    for (at, c) in s.char_indices() {
        if c.is_control() {
            return Err(StringError::NotPrintable { found: c, at });
        }
        count += 1;
    }
    if count > max {
        return Err(StringError::TooLong { len: count, max });
    }
    Ok(())
}

/// [`check_ci`] of the content of a JSON string read as bytes (see [`text`]).
#[inline]
fn ci_from_bytes<E: de::Error>(b: &[u8], max: usize) -> Result<(), E> {
    check_ci_bytes(b, max).map_err(E::custom)
}

/// [`check_printable`] of the content of a JSON string read as bytes (see [`text`]); content
/// that is not UTF-8 is refused.
#[inline]
fn printable_from_bytes<E: de::Error>(b: &[u8], max: usize) -> Result<(), E> {
    match check_printable_ascii(b, max) {
        Some(result) => result.map_err(E::custom),
        None => match std::str::from_utf8(b) {
            Ok(s) => check_printable(s, max).map_err(E::custom),
            Err(_) => Err(text::not_utf8()),
        },
    }
}

macro_rules! bounded_string {
    (
        $(#[$meta:meta])*
        $name:ident, $check:ident, $from_bytes:ident, $expecting:literal, $unbounded:literal
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name<const N: usize>(Repr);

        impl<const N: usize> $name<N> {
            /// Checks `s` against the type's rules and keeps it as written.
            pub fn new(s: &str) -> Result<Self, StringError> {
                $check(s, N)?;
                Ok(Self(Repr::new(s)))
            }

            /// The text, exactly as received or constructed.
            #[inline]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// The maximum length of this type (the `n` of the spec's notation).
            pub const MAX_LEN: usize = N;
        }

        impl<const N: usize> AsRef<str> for $name<N> {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl<const N: usize> std::ops::Deref for $name<N> {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl<const N: usize> fmt::Debug for $name<N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl<const N: usize> fmt::Display for $name<N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<const N: usize> FromStr for $name<N> {
            type Err = StringError;
            fn from_str(s: &str) -> Result<Self, StringError> {
                Self::new(s)
            }
        }

        impl<const N: usize> TryFrom<&str> for $name<N> {
            type Error = StringError;
            fn try_from(s: &str) -> Result<Self, StringError> {
                Self::new(s)
            }
        }

        impl<const N: usize> Serialize for $name<N> {
            #[inline]
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<const N: usize> crate::codec::WriteJson for $name<N> {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                self.0.write_json(out)
            }
        }

        impl<'de, const N: usize> Deserialize<'de> for $name<N> {
            #[inline]
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                text::deserialize(d)
            }
        }

        impl<const N: usize> text::Text for $name<N> {
            fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if N == usize::MAX {
                    // An unbounded string (the spec gives no length).
                    f.write_str($unbounded)
                } else {
                    write!(f, $expecting, N)
                }
            }
            #[inline]
            fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
                $name::new(v).map_err(E::custom)
            }
            #[inline]
            fn from_bytes<E: de::Error>(v: &[u8]) -> Result<Self, E> {
                $from_bytes::<E>(v, N)?;
                Repr::from_utf8(v).map($name).ok_or_else(text::not_utf8)
            }
        }

        impl<const N: usize> crate::types::Conformance for $name<N> {
            #[inline]
            fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
                text::read(r)
            }
        }
    };
}

bounded_string! {
    /// `CiString(n)`: a case-insensitive string of at most `n` printable ASCII characters.
    ///
    /// The text is kept as written; equality, ordering and hashing ignore ASCII case.
    ///
    /// Spec: 2.2.1 types.asciidoc §CiString type
    CiString, check_ci, ci_from_bytes, "a printable ASCII string of at most {} characters", "a printable ASCII string"
}

bounded_string! {
    /// `string(n)`: a case-sensitive string of at most `n` printable UTF-8 characters.
    ///
    /// Control characters (carriage return, line feed, tab, …) are refused.
    ///
    /// Spec: 2.2.1 types.asciidoc §string type
    OcpiString, check_printable, printable_from_bytes, "a printable string of at most {} characters", "a printable string"
}

/// Every `CiString(n)` is a `string(n)` (printable ASCII is printable), with its text as
/// written: the conversion reads nothing again.
///
/// ```
/// use ocpi_protocol::types::{CiString, OcpiString};
/// let id = CiString::<36>::new("Tariff-12").unwrap();
/// assert_eq!(OcpiString::from(id).as_str(), "Tariff-12");
/// ```
///
/// Spec: 2.2.1 types.asciidoc §CiString type, §string type
impl<const N: usize> From<CiString<N>> for OcpiString<N> {
    fn from(s: CiString<N>) -> Self {
        OcpiString(s.0)
    }
}

impl<const N: usize> PartialEq for CiString<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str().eq_ignore_ascii_case(other.as_str())
    }
}
impl<const N: usize> Eq for CiString<N> {}

impl<const N: usize> PartialEq<str> for CiString<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str().eq_ignore_ascii_case(other)
    }
}
impl<const N: usize> PartialEq<&str> for CiString<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str().eq_ignore_ascii_case(other)
    }
}

impl<const N: usize> Hash for CiString<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.as_str().bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

impl<const N: usize> Ord for CiString<N> {
    fn cmp(&self, other: &Self) -> Ordering {
        let a = self.as_str().bytes().map(|b| b.to_ascii_lowercase());
        let b = other.as_str().bytes().map(|b| b.to_ascii_lowercase());
        a.cmp(b)
    }
}
impl<const N: usize> PartialOrd for CiString<N> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> PartialEq for OcpiString<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl<const N: usize> Eq for OcpiString<N> {}
impl<const N: usize> PartialEq<str> for OcpiString<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
impl<const N: usize> PartialEq<&str> for OcpiString<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
impl<const N: usize> Hash for OcpiString<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}
impl<const N: usize> Ord for OcpiString<N> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}
impl<const N: usize> PartialOrd for OcpiString<N> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<const N: usize> Borrow<str> for OcpiString<N> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::types::testing::hash_of as hash;

    /// `CiString` compares, hashes and orders ignoring ASCII case; `OcpiString` exactly; both
    /// against text too, and an `OcpiString` key is found by its text.
    #[test]
    fn comparisons_hashes_and_orders() {
        let ci = |s: &str| CiString::<8>::new(s).unwrap();
        assert!(ci("abc") == ci("ABC") && ci("abc") != ci("abd"));
        assert!(ci("abc") == *"AbC" && ci("abc") != *"abd");
        assert!(ci("abc") == "ABC" && ci("abc") != "abd");
        assert_eq!(hash(&ci("abc")), hash(&ci("ABC")));
        assert_ne!(hash(&ci("abc")), hash(&ci("abd")));
        assert!(ci("ABC") < ci("abd") && ci("b") > ci("ABC"));
        let s = |s: &str| OcpiString::<8>::new(s).unwrap();
        assert!(s("abc") == *"abc" && s("abc") != *"ABC");
        assert!(s("abc") == "abc" && s("abc") != "ABC");
        assert_eq!(hash(&s("abc")), hash(&s("abc")));
        assert_ne!(hash(&s("abc")), hash(&s("abd")));
        assert!(s("ABC") < s("abc") && s("b") > s("abc"));
        let map = std::collections::HashMap::from([(s("key"), 1), (s("other"), 2)]);
        assert_eq!(map.get("key"), Some(&1));
        assert_eq!(map.get("KEY"), None);
    }

    #[test]
    fn ci_string_rules() {
        assert!(CiString::<3>::new("TNM").is_ok());
        assert_eq!(
            CiString::<3>::new("TNMX"),
            Err(StringError::TooLong { len: 4, max: 3 })
        );
        assert!(matches!(
            CiString::<10>::new("a\tb"),
            Err(StringError::NotPrintableAscii { found: '\t', at: 1 })
        ));
        assert!(matches!(
            CiString::<10>::new("café"),
            Err(StringError::NotPrintableAscii { found: 'é', at: 3 })
        ));
        let a = CiString::<5>::new("AbC").unwrap();
        let b = CiString::<5>::new("aBc").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "AbC");
        assert_eq!(a.cmp(&b), Ordering::Equal);
        let hash = |v: &CiString<5>| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            v.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&a), hash(&b));
    }

    #[test]
    fn string_rules() {
        assert!(OcpiString::<4>::new("Gënt").is_ok());
        assert!(OcpiString::<3>::new("Gënt").is_err());
        assert!(matches!(
            OcpiString::<20>::new("line\nbreak"),
            Err(StringError::NotPrintable { found: '\n', .. })
        ));
        assert_ne!(
            OcpiString::<5>::new("abc").unwrap(),
            OcpiString::<5>::new("ABC").unwrap()
        );
    }

    #[test]
    fn long_values_are_kept() {
        let long = "x".repeat(200);
        let s = OcpiString::<255>::new(&long).unwrap();
        assert_eq!(s.as_str(), long);
        let short = CiString::<36>::new("0123456789abcdef0123456789abcdef0123").unwrap();
        assert_eq!(short.len(), 36);
    }

    #[test]
    fn deserialize_checks() {
        let ok: CiString<3> = serde_json::from_str("\"BEC\"").unwrap();
        assert_eq!(ok, "bec");
        assert!(serde_json::from_str::<CiString<3>>("\"BECX\"").is_err());
        assert!(serde_json::from_str::<CiString<3>>("12").is_err());
        let escaped: OcpiString<10> = serde_json::from_str("\"a\\u00e9\"").unwrap();
        assert_eq!(escaped.as_str(), "aé");
    }
}
