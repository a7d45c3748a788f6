//! Paths, warnings and the [`Conformance`] trait: what a read reports besides the value, and
//! the trait through which every type of the crate reads itself with the fast reader.

use std::fmt;

use serde_json::value::RawValue;

use super::reader::{Fallback, Read, Reader};

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
    /// A value of the wrong JSON type or form was kept verbatim (see
    /// [`Tolerant`](crate::types::Tolerant)).
    Tolerated {
        /// Why the value does not conform.
        reason: String,
    },
    /// A value longer than the spec's bound was kept as written (a timestamp with more than
    /// millisecond digits: [`DateTime`](crate::types::DateTime)).
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
    /// examples: [`Coordinate`](crate::types::Coordinate)).
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
    fn read_json(r: &mut Reader<'_>) -> Read<Self>
    where
        Self: Sized,
    {
        let _ = r;
        Err(Fallback)
    }

    /// [`Conformance::read_json`] into `slot` (`Some` when this returns `Ok`): objects are
    /// built in the slot, which saves moving them through return values. Internal to the crate.
    #[doc(hidden)]
    #[inline]
    fn read_json_into(r: &mut Reader<'_>, slot: &mut Option<Self>) -> Read<()>
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
    fn read_json(r: &mut Reader<'_>) -> Read<Self> {
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
    fn read_json(r: &mut Reader<'_>) -> Read<Self> {
        if r.null() {
            Ok(None)
        } else {
            T::read_json(r).map(Some)
        }
    }
}

impl Conformance for bool {
    #[inline]
    fn read_json(r: &mut Reader<'_>) -> Read<Self> {
        r.bool()
    }
}
impl Conformance for Box<RawValue> {}
impl Conformance for String {}
impl Conformance for () {}
impl Conformance for i32 {}
impl Conformance for i64 {
    #[inline]
    fn read_json(r: &mut Reader<'_>) -> Read<Self> {
        r.i64()
    }
}
impl Conformance for u32 {}
impl Conformance for u64 {}
