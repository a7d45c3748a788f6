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

pub use codes::{CodeError, CountryCode, PartyId};
pub use common::{DisplayText, Price, Role};
pub use coordinate::{Coordinate, CoordinateError};
pub use datetime::{DateTime, DateTimeError};
pub(crate) use enums::ocpi_enum;
pub use enums::{EnumError, UnknownValue};
pub use number::{Number, NumberError};
pub(crate) use object::ocpi_object;
pub use object::{PatchField, UnknownFields, MAX_UNKNOWN_DEPTH};
pub use secret::CredentialsToken;
pub use string::{CiString, OcpiString, StringError, INLINE_CAPACITY};
pub use url::{Url, UrlError};

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

/// A location inside a JSON document, written like `evses[0].connectors[1].standard`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

impl JsonPath {
    /// The root of a document.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// Descends into a field.
    pub fn push_field(&mut self, name: &'static str) {
        self.0.push(Segment::Field(name));
    }

    /// Descends into an array element.
    pub fn push_index(&mut self, index: usize) {
        self.0.push(Segment::Index(index));
    }

    /// Goes back up one level.
    pub fn pop(&mut self) {
        self.0.pop();
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str(".");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Segment::Field(n) if i == 0 => f.write_str(n)?,
                Segment::Field(n) => write!(f, ".{n}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A deviation from the spec's object tables that was accepted rather than refused.
///
/// Principle: every official example of the spec is readable, and where an example contradicts
/// its object table (a known erratum) the deviation is accepted and reported here, never
/// silently. See the crate documentation, "Strict types, errata as warnings".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where in the document.
    pub path: String,
    /// What deviates.
    pub kind: WarningKind,
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// A field the object table requires was missing.
    MissingRequired,
    /// A value of the wrong JSON type or form was kept verbatim (see [`Tolerant`]).
    Tolerated {
        /// Why the value does not conform.
        reason: String,
    },
    /// A value longer than the spec's bound was kept as written (a timestamp with more than
    /// millisecond digits: [`DateTime`]).
    TooLong {
        /// The spec's bound, in characters.
        max: usize,
        /// The value's length.
        len: usize,
    },
    /// A value that is not in the table of a closed enum, kept as received (forward
    /// compatibility); only a 2.3.0 OpenEnum may hold values beyond its table.
    ///
    /// Spec: 2.3.0 types.asciidoc §OpenEnum type; 2.2.1 types.asciidoc §string type
    UnknownValue {
        /// The value as received.
        value: String,
    },
    /// A value of the right shape but off the version's pattern, kept as written (a
    /// coordinate with fewer decimals than the version requires, as in the official 2.1.1
    /// examples: [`Coordinate`]).
    ///
    /// Spec: 2.1.1 mod_locations.md §GeoLocation class; 2.2.1 mod_locations.asciidoc
    /// §GeoLocation class
    Pattern {
        /// The spec's pattern, as a regular expression.
        pattern: String,
    },
}

/// Most [`Warning`]s collected for one document (or one page read by
/// [`parse_list`](crate::json::parse_list)); the deviations after them are not reported. With
/// it, the memory of a document full of deviations stays a small multiple of the document
/// (DESIGN principle 9); a strict read refuses at the first one anyway.
pub const MAX_WARNINGS: usize = 1000;

/// Adds a warning to `out`, unless [`MAX_WARNINGS`] are there already.
#[inline]
pub(crate) fn push_warning(out: &mut Vec<Warning>, warning: impl FnOnce() -> Warning) {
    if out.len() < MAX_WARNINGS {
        out.push(warning());
    }
}

impl Warning {
    /// A missing required field at `path`.
    pub fn missing_required(path: &JsonPath) -> Self {
        Warning {
            path: path.to_string(),
            kind: WarningKind::MissingRequired,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            WarningKind::MissingRequired => write!(f, "{}: required field missing", self.path),
            WarningKind::Tolerated { reason } => {
                write!(f, "{}: non-conforming value kept: {reason}", self.path)
            }
            WarningKind::Pattern { pattern } => {
                write!(f, "{}: kept, but does not match {pattern}", self.path)
            }
            WarningKind::TooLong { max, len } => write!(
                f,
                "{}: {len} characters kept where the spec allows {max}",
                self.path
            ),
            WarningKind::UnknownValue { value } => write!(
                f,
                "{}: {value:?} is not a value of the spec's table (kept as received)",
                self.path
            ),
        }
    }
}

/// Reports the accepted deviations ([`Warning`]s) inside a value.
///
/// Implemented by every object, list and field type; leaf types have nothing to report.
pub trait Conformance {
    /// Appends the warnings found inside `self`, which sits at `path`, to `out`.
    fn check(&self, path: &mut JsonPath, out: &mut Vec<Warning>) {
        let _ = (path, out);
    }

    /// Every warning inside `self`, as a list.
    fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        self.check(&mut JsonPath::root(), &mut out);
        out
    }

    /// Reads a value straight from JSON bytes, for the fast path of [`crate::json`]'s entry
    /// points; `Err` leaves the document to serde_json (the default: every type the crate
    /// does not read this way). Internal to the crate.
    #[doc(hidden)]
    #[inline]
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self>
    where
        Self: Sized,
    {
        let _ = r;
        Err(crate::json::reader::Fallback)
    }

    /// [`Conformance::read_json`] into `slot` (`Some` when this returns `Ok`): objects are
    /// built in the slot, which saves moving them through return values. Internal to the crate.
    #[doc(hidden)]
    #[inline]
    fn read_json_into(
        r: &mut crate::json::reader::Reader<'_>,
        slot: &mut Option<Self>,
    ) -> crate::json::reader::Read<()>
    where
        Self: Sized,
    {
        *slot = Some(Self::read_json(r)?);
        Ok(())
    }
}

impl<T: Conformance> Conformance for Vec<T> {
    fn check(&self, path: &mut JsonPath, out: &mut Vec<Warning>) {
        for (i, v) in self.iter().enumerate() {
            path.push_index(i);
            v.check(path, out);
            path.pop();
        }
    }
    #[inline]
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self> {
        r.list()
    }
}

impl<T: Conformance> Conformance for Option<T> {
    fn check(&self, path: &mut JsonPath, out: &mut Vec<Warning>) {
        if let Some(v) = self {
            v.check(path, out)
        }
    }
    #[inline]
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self> {
        if r.null() {
            Ok(None)
        } else {
            T::read_json(r).map(Some)
        }
    }
}

impl Conformance for bool {
    #[inline]
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self> {
        r.bool()
    }
}
impl Conformance for Box<RawValue> {}
impl Conformance for String {}
impl Conformance for () {}
impl Conformance for i32 {}
impl Conformance for i64 {
    #[inline]
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self> {
        r.i64()
    }
}
impl Conformance for u32 {}
impl Conformance for u64 {}

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

impl<T: crate::json::WriteJson> crate::json::WriteJson for Tolerant<T> {
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
    fn read_json(r: &mut crate::json::reader::Reader<'_>) -> crate::json::reader::Read<Self> {
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
