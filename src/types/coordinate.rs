//! Latitudes and longitudes: decimal degrees as strings, checked against each version's
//! pattern.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::text;

/// A latitude or longitude in decimal degrees, as the string the spec defines: an optional
/// `-`, 1 to `INT` digits, a point, then `MIN` to `MAX` decimals.
///
/// A text of any other shape (`"a90.000000"`, `"51"`, `"51,04"`) is refused. A text of this
/// shape whose decimals are more or fewer than the version allows is kept as written and
/// reported as a [`WarningKind::Pattern`](super::WarningKind::Pattern) warning (a strict read
/// refuses it): the official 2.1.1 examples themselves write 5 decimals where 2.1.1 requires 6.
/// At most 9 decimals are kept.
///
/// The versions' types are aliases: [`v2_2_1::locations::Latitude`](crate::v2_2_1::locations::Latitude)
/// and [`Longitude`](crate::v2_2_1::locations::Longitude) (5 to 7 decimals, shared by 2.3.0),
/// and [`v2_1_1::locations::Latitude`](crate::v2_1_1::locations::Latitude) and
/// [`Longitude`](crate::v2_1_1::locations::Longitude) (exactly 6).
///
/// ```
/// use ocpi_protocol::v2_2_1::locations::Latitude;
///
/// let lat: Latitude = "50.770774".parse().unwrap();
/// assert_eq!(lat.decimals(), 6);
/// assert!("a90.000000".parse::<Latitude>().is_err());
/// ```
///
/// Spec: 2.2.1 mod_locations.asciidoc §GeoLocation class; 2.1.1 mod_locations.md §GeoLocation
/// class
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Coordinate<const INT: usize, const MIN: usize, const MAX: usize> {
    len: u8,
    /// The number of decimals in `text`, counted once when read.
    decimals: u8,
    text: [u8; TEXT],
}

/// Longest text kept: a sign, 3 digits, the point and 9 decimals.
const TEXT: usize = 14;

/// Most decimals kept.
const MAX_DECIMALS: usize = 9;

/// Why a text was refused as a coordinate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{found:?} is not a coordinate in decimal degrees (-?[0-9]{{1,{int}}}\\.[0-9]+, at most 9 decimals)")]
pub struct CoordinateError {
    /// The most integer digits the coordinate may have (2 for a latitude, 3 for a longitude).
    pub int: usize,
    /// The text refused.
    pub found: String,
}

impl<const INT: usize, const MIN: usize, const MAX: usize> Coordinate<INT, MIN, MAX> {
    /// Reads a coordinate; see the type's docs for what is refused.
    pub fn new(s: &str) -> Result<Self, CoordinateError> {
        Self::from_bytes(s.as_bytes()).ok_or_else(|| CoordinateError {
            int: INT,
            found: s.to_owned(),
        })
    }

    /// Reads `-?[0-9]{1,INT}\.[0-9]{1,9}` in one pass.
    #[inline]
    fn from_bytes(b: &[u8]) -> Option<Self> {
        let digits = b.strip_prefix(b"-").unwrap_or(b);
        let mut point = None;
        for (i, &c) in digits.iter().enumerate() {
            match c {
                b'0'..=b'9' => {}
                b'.' if point.is_none() => point = Some(i),
                _ => return None,
            }
        }
        let int = point?;
        let decimals = digits.len() - int - 1;
        if !(1..=INT).contains(&int) || !(1..=MAX_DECIMALS).contains(&decimals) {
            return None;
        }
        let mut text = [0u8; TEXT];
        text.get_mut(..b.len())?.copy_from_slice(b);
        Some(Coordinate {
            len: b.len() as u8,
            decimals: decimals as u8,
            text,
        })
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are ever stored.
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or("")
    }

    /// The number of decimals written.
    #[inline]
    pub fn decimals(&self) -> usize {
        usize::from(self.decimals)
    }

    /// Whether the decimals are as many as the version allows (`MIN` to `MAX`).
    pub fn conforms(&self) -> bool {
        (MIN..=MAX).contains(&self.decimals())
    }

    /// The spec's pattern for this version's coordinate.
    pub fn pattern() -> String {
        if MIN == MAX {
            format!("^-?[0-9]{{1,{INT}}}\\.[0-9]{{{MIN}}}$")
        } else {
            format!("^-?[0-9]{{1,{INT}}}\\.[0-9]{{{MIN},{MAX}}}$")
        }
    }

    /// The same text as a coordinate of another version, unchanged (it may not conform there:
    /// see [`Coordinate::to_version`]).
    pub fn retype<const M2: usize, const X2: usize>(&self) -> Coordinate<INT, M2, X2> {
        Coordinate {
            len: self.len,
            decimals: self.decimals,
            text: self.text,
        }
    }

    /// The coordinate as another version writes it: decimals added as zeros up to that
    /// version's least, or rounded (half away from zero) to its most. Returns whether the value
    /// changed (rounding that dropped a digit other than zero).
    pub fn to_version<const M2: usize, const X2: usize>(&self) -> (Coordinate<INT, M2, X2>, bool) {
        let decimals = self.decimals();
        let target = decimals.clamp(M2, X2);
        let Ok(value) = self.as_str().parse::<rust_decimal::Decimal>() else {
            return (self.retype(), false);
        };
        if target == decimals {
            return (self.retype(), false);
        }
        let rounded = value.round_dp_with_strategy(
            target as u32,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        // A value that rounds to more integer digits than allowed (99.9999999) is kept as
        // written.
        match Coordinate::new(&format!("{rounded:.target$}")) {
            Ok(c) => (c, rounded != value),
            Err(_) => (self.retype(), false),
        }
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> PartialEq<str>
    for Coordinate<INT, MIN, MAX>
{
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> PartialEq<&str>
    for Coordinate<INT, MIN, MAX>
{
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> fmt::Display
    for Coordinate<INT, MIN, MAX>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> fmt::Debug
    for Coordinate<INT, MIN, MAX>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> FromStr for Coordinate<INT, MIN, MAX> {
    type Err = CoordinateError;
    fn from_str(s: &str) -> Result<Self, CoordinateError> {
        Self::new(s)
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> Serialize for Coordinate<INT, MIN, MAX> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> crate::codec::WriteJson
    for Coordinate<INT, MIN, MAX>
{
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        // Digits, `-` and `.` only: nothing to escape.
        out.push(b'"');
        out.extend_from_slice(&self.text[..usize::from(self.len)]);
        out.push(b'"');
    }
}

impl<'de, const INT: usize, const MIN: usize, const MAX: usize> Deserialize<'de>
    for Coordinate<INT, MIN, MAX>
{
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text::deserialize(d)
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> text::Text
    for Coordinate<INT, MIN, MAX>
{
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a coordinate in decimal degrees ({})", Self::pattern())
    }
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        Self::new(v).map_err(E::custom)
    }
    fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E> {
        Self::from_bytes(b).ok_or_else(|| {
            E::custom(CoordinateError {
                int: INT,
                found: String::from_utf8_lossy(b).into_owned(),
            })
        })
    }
}

impl<const INT: usize, const MIN: usize, const MAX: usize> super::Conformance
    for Coordinate<INT, MIN, MAX>
{
    fn check(&self, path: &mut super::JsonPath, out: &mut Vec<super::Warning>) {
        if !self.conforms() {
            super::push_warning(out, || super::Warning {
                path: path.to_string(),
                kind: super::WarningKind::Pattern {
                    pattern: Self::pattern(),
                },
            });
        }
    }

    #[inline]
    fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
        let value: Self = text::read(r)?;
        // A value off the version's pattern carries a warning: left to the full read, which
        // reports it.
        if !value.conforms() {
            return Err(crate::codec::reader::Fallback);
        }
        Ok(value)
    }
}

#[cfg(feature = "schema")]
impl<const INT: usize, const MIN: usize, const MAX: usize> schemars::JsonSchema
    for Coordinate<INT, MIN, MAX>
{
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Coordinate{INT}_{MIN}_{MAX}").into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": Self::pattern(),
            "description": "Decimal degrees (mod_locations §GeoLocation class)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Lat221 = Coordinate<2, 5, 7>;

    #[test]
    fn conversion_pads_or_rounds() {
        let to_211 = |s: &str| {
            let (c, changed) = Lat221::new(s).unwrap().to_version::<6, 6>();
            (c.as_str().to_owned(), changed)
        };
        assert_eq!(to_211("50.77077"), ("50.770770".into(), false));
        assert_eq!(to_211("50.770774"), ("50.770774".into(), false));
        assert_eq!(to_211("50.7707740"), ("50.770774".into(), false));
        assert_eq!(to_211("50.7707745"), ("50.770775".into(), true));
        assert_eq!(to_211("-50.7707744"), ("-50.770774".into(), true));
        assert_eq!(to_211("9.9999999"), ("10.000000".into(), true));
        // Rounding up past two integer digits: kept as written.
        assert_eq!(to_211("99.9999999"), ("99.9999999".into(), false));
    }

    #[test]
    fn one_point_only_and_comparisons_with_text() {
        type Lon221 = Coordinate<3, 5, 7>;
        for s in ["1.2.3", "1..5", "12.3."] {
            assert!(Lon221::new(s).is_err(), "{s}");
        }
        let c = Lat221::new("50.77").unwrap();
        assert!(c == *"50.77" && c != *"50.770" && c != *"");
        assert!(c == "50.77" && c != "50.770");
        assert_eq!(format!("{c:?}"), "\"50.77\"");
        // A number is not a coordinate: the error says what is.
        let e = serde_json::from_str::<Lat221>("50.77")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("expected a coordinate in decimal degrees (^-?"),
            "{e}"
        );
    }

    #[test]
    fn writers_agree() {
        let c = Lat221::new("-50.770774").unwrap();
        assert_eq!(crate::codec::to_vec(&c), b"\"-50.770774\"");
        assert_eq!(serde_json::to_vec(&c).unwrap(), b"\"-50.770774\"");
    }
}
