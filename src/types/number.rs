//! OCPI `number`: an exact decimal that never passes through `f64`.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::StackStr;

use super::text::{RawText, RAW_TOKEN};

/// An OCPI `number`: exact, with its scale kept (`4.00` is written back as `4.00`).
///
/// Held as a [`rust_decimal::Decimal`]: up to 28 significant digits, so
/// `12345678.123456789012` and `0.30000000000000004441` survive digit for digit. JSON exponent
/// forms (`1.5e3`) are read exactly; a value outside the decimal range (`1e400`), a number
/// written as a string (`"12.5"`), `NaN` and `Infinity` are refused.
///
/// Equality is numeric (`4.00 == 4`).
///
/// Spec: 2.2.1 types.asciidoc §number type
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Number(Decimal);

/// Why a text was refused as an OCPI `number`.
///
/// Spec: 2.2.1 types.asciidoc §number type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// The text is not a JSON number.
    #[error("expected a JSON number, found {0:?}")]
    NotANumber(String),
    /// The number does not fit an exact decimal (28 significant digits).
    #[error("number {0} cannot be represented exactly (out of range or more than 28 significant digits)")]
    OutOfRange(String),
}

/// Checks the JSON number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
/// Returns the byte offset of the exponent marker, if any.
fn json_number_shape(b: &[u8]) -> Option<Option<usize>> {
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    i = digits_from(b, i);
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        i = some_digits_from(b, i + 1)?;
    }
    let mut exp = None;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        exp = Some(i);
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        i = some_digits_from(b, i)?;
    }
    (i == b.len()).then_some(exp)
}

/// The offset just past the run of ASCII digits that starts at `i` (`i` itself when there is
/// none).
fn digits_from(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Like [`digits_from`], but the run must hold at least one digit.
fn some_digits_from(b: &[u8], i: usize) -> Option<usize> {
    let end = digits_from(b, i);
    (end > i).then_some(end)
}

/// The common case, read in one pass: a plain decimal `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of at
/// most 18 characters after the sign, whose digits fit an `i64` mantissa. `None` for anything
/// else (exponents, longer numbers, text that is not a number), which the general path reads.
/// A negative zero keeps its sign (`-0.0` is written back as `-0.0`).
///
/// Out of line: one copy serves every number field, inlined where the field is read.
#[inline(never)]
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut scale = 0u32;
    let mut point = None;
    for (i, &c) in digits.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            mantissa = mantissa * 10 + i64::from(d);
            scale += u32::from(point.is_some());
        } else if c == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let int_len = point.unwrap_or(digits.len());
    if int_len == 0 || (int_len > 1 && digits[0] == b'0') || scale == 0 && point.is_some() {
        return None;
    }
    let mut d = Decimal::new(mantissa, scale);
    d.set_sign_negative(negative);
    Some(d)
}

impl Number {
    /// Parses the text of a JSON number exactly.
    pub fn parse(s: &str) -> Result<Self, NumberError> {
        if let Some(d) = plain_decimal(s.as_bytes()) {
            return Ok(Number(d));
        }
        let exp =
            json_number_shape(s.as_bytes()).ok_or_else(|| NumberError::NotANumber(s.into()))?;
        let out_of_range = || NumberError::OutOfRange(s.into());
        let value = match exp {
            // More digits than the fast path takes.
            None => Decimal::from_str_exact(s).map_err(|_| out_of_range())?,
            Some(at) => {
                // Guard the exponent before handing it to the decimal library.
                let e: i64 = s[at + 1..].parse().map_err(|_| out_of_range())?;
                if e.abs() > 56 {
                    return Err(out_of_range());
                }
                let mantissa = Decimal::from_str_exact(&s[..at]).map_err(|_| out_of_range())?;
                // value = m × 10^(e − scale): move the exponent into the scale, exactly.
                let scale = i64::from(mantissa.scale()) - e;
                let scaled = if scale >= 0 {
                    (scale <= 28)
                        .then(|| mantissa.mantissa())
                        .map(|m| (m, scale as u32))
                } else {
                    10i128
                        .checked_pow((-scale) as u32)
                        .and_then(|f| mantissa.mantissa().checked_mul(f))
                        .map(|m| (m, 0))
                }
                .and_then(|(m, sc)| Decimal::try_from_i128_with_scale(m, sc).ok());
                scaled.ok_or_else(out_of_range)?
            }
        };
        Ok(Number(value))
    }

    /// The exact decimal value.
    pub fn to_decimal(self) -> Decimal {
        self.0
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl From<Decimal> for Number {
    fn from(v: Decimal) -> Self {
        Number(v)
    }
}
impl From<Number> for Decimal {
    fn from(v: Number) -> Self {
        v.0
    }
}
impl From<i64> for Number {
    fn from(v: i64) -> Self {
        Number(Decimal::from(v))
    }
}

super::from_str!(Number => NumberError, Number::parse;);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use fmt::Write;
        let mut buf = StackStr::<48>::new();
        write!(buf, "{}", self.0).map_err(serde::ser::Error::custom)?;
        // serde_json writes the text verbatim; other serializers see a one-field struct.
        let mut st = s.serialize_struct(RAW_TOKEN, 1)?;
        st.serialize_field(RAW_TOKEN, buf.as_str())?;
        st.end()
    }
}

/// The same text as `Decimal`'s `Display` (what [`Serialize`] writes): the digits of the
/// mantissa with the point `scale` digits from the right, `0` before a leading point, and the
/// sign of a negative value, negative zero included.
impl crate::codec::WriteJson for Number {
    fn write_json(&self, out: &mut Vec<u8>) {
        let scale = self.0.scale() as usize;
        let mantissa = self.0.mantissa().unsigned_abs();
        // 96-bit mantissas have at most 29 digits and the scale is at most 28.
        let mut buf = [b'0'; 40];
        let i = crate::codec::writer::digits_at_end(&mut buf, mantissa);
        let digits = &buf[i.min(buf.len() - scale)..];
        let whole = digits.len() - scale;
        if self.0.is_sign_negative() {
            out.push(b'-');
        }
        if whole == 0 {
            out.push(b'0');
        } else {
            out.extend_from_slice(&digits[..whole]);
        }
        if scale > 0 {
            out.push(b'.');
            out.extend_from_slice(&digits[whole..]);
        }
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON number")
    }

    // serde_json: the verbatim text of the value, behind its raw-value token. The text is
    // borrowed from the input (copied only when reading from an `io::Read`), and checked once
    // it is out of the map, so that an error points at the field.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Number, A::Error> {
        if map.next_key::<de::IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        let text = map.next_value_seed(RawText)?;
        Number::parse(&text).map_err(de::Error::custom)
    }

    // Other deserializers pass the value through unwrapped.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Number, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
        // Only reached from deserializers that already hold an f64; use its shortest form.
        Number::parse(&v.to_string()).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, NumberVisitor)
    }
}

impl super::Conformance for Number {
    /// The plain decimals of [`plain_decimal`]; any other number is left to serde_json.
    #[inline(always)]
    fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
        plain_decimal(r.number_text()?)
            .map(Number)
            .ok_or(crate::codec::reader::Fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let n: Number = serde_json::from_str(text).unwrap();
        let written = String::from_utf8(crate::codec::to_vec(&n)).unwrap();
        assert_eq!(written, serde_json::to_string(&n).unwrap(), "{text}");
        written
    }

    #[test]
    fn writer_matches_display() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let (a, b) = (next(), next());
            // Mantissas of every width up to 96 bits, every scale, both signs.
            let lo = a >> (a % 64);
            let hi = (b >> 32) as u32 >> (b % 32);
            let mut d = Decimal::from_parts(
                lo as u32,
                (lo >> 32) as u32,
                hi,
                a % 2 == 0,
                (b % 29) as u32,
            );
            if b % 7 == 0 {
                d.set_sign_negative(true);
            }
            let written = crate::codec::to_vec(&Number(d));
            assert_eq!(String::from_utf8(written).unwrap(), d.to_string(), "{d:?}");
        }
        for d in [
            Decimal::ZERO,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-0, 3),
            Decimal::new(5, 28),
        ] {
            assert_eq!(crate::codec::to_vec(&Number(d)), d.to_string().into_bytes());
        }
    }

    #[test]
    fn exact_round_trips() {
        for s in [
            "12345678.123456789012",
            "0.30000000000000004441",
            "4.00",
            "0",
            "-0.5",
            "10.0",
            "2200",
            "79228162514264337593543950335",
        ] {
            assert_eq!(round_trip(s), s);
        }
    }

    #[test]
    fn fast_and_slow_paths_agree() {
        for s in [
            "0",
            "-0",
            "1.5",
            "-12.50",
            "999999999999999999",
            "99999999999999999.9",
            "0.000000000000000001",
            "1234567890123456789",
            "-0.0",
        ] {
            let fast = plain_decimal(s.as_bytes());
            let slow = Decimal::from_str_exact(s).unwrap();
            if let Some(f) = fast {
                assert_eq!(f, slow, "{s}");
                if !s.starts_with("-0") {
                    assert_eq!(f.to_string(), slow.to_string(), "{s}");
                }
            }
        }
        assert!(plain_decimal(b"9999999999999999999").is_none());
        assert!(plain_decimal(b"12345678901234567890").is_none());
        for s in [
            "", "-", "--1", "01", "-01", "00.5", "1.", "0.", ".5", "-.5", "1.2.3", "1e5", "1E5",
            "+1", " 1", "1 ", "1a", "0x1", "1,5",
        ] {
            assert!(plain_decimal(s.as_bytes()).is_none(), "{s}");
        }
        assert_eq!(round_trip("9999999999999999999"), "9999999999999999999");
        assert_eq!(round_trip("-0.0"), "-0.0");
    }

    #[test]
    fn exponents_are_exact() {
        assert_eq!(round_trip("1.5e3"), "1500");
        assert_eq!(round_trip("15E-1"), "1.5");
        assert_eq!(round_trip("1e0"), "1");
    }

    /// Text that is not a JSON number is refused by both paths: the plain decimals (short)
    /// and the general grammar (exponents, more than 18 digits).
    #[test]
    fn text_outside_the_grammar_is_not_a_number() {
        let long = "1234567890123456789";
        for s in [
            String::new(),
            "-".into(),
            "01".into(),
            "-01".into(),
            "00.5".into(),
            format!("0{long}"),
            format!("-0{long}"),
            format!("0{long}e1"),
            ".5".into(),
            "-.5".into(),
            "1.".into(),
            format!("{long}."),
            "1e".into(),
            "1e+".into(),
            "1.e5".into(),
            "+1".into(),
            "1.5.2".into(),
            " 1".into(),
            "1 ".into(),
            "0x1".into(),
            "1e5.0".into(),
            "1f5".into(),
            "1:".into(),
            "1:5".into(),
        ] {
            assert!(
                matches!(Number::parse(&s), Err(NumberError::NotANumber(_))),
                "{s:?}"
            );
        }
        for (s, value) in [
            ("0", "0"),
            ("10", "10"),
            ("0e5", "0"),
            ("-2.5e-1", "-0.25"),
            ("1E+2", "100"),
            ("1e-2", "0.01"),
            (long, long),
            ("0.1234567890123456789", "0.1234567890123456789"),
            // The largest exponent read: 56, against a mantissa of 28 decimals.
            (
                "0.0000000000000000000000000001e56",
                "10000000000000000000000000000",
            ),
        ] {
            assert_eq!(Number::parse(s).unwrap().to_string(), value, "{s}");
        }
    }

    /// Deserializers other than serde_json's reader hand over `i64`, `u64` or `f64` values;
    /// the conversions keep the value.
    #[test]
    fn other_deserializers_and_conversions() {
        use serde::de::value::Error;
        use serde::de::IntoDeserializer;
        let n = serde_json::from_value::<Number>(serde_json::json!(-5));
        assert_eq!(n.unwrap().to_string(), "-5");
        let n = Number::deserialize(IntoDeserializer::<Error>::into_deserializer(7u64));
        assert_eq!(n.unwrap().to_string(), "7");
        let n = Number::deserialize(IntoDeserializer::<Error>::into_deserializer(-5i64));
        assert_eq!(n.unwrap().to_string(), "-5");
        let n = Number::deserialize(IntoDeserializer::<Error>::into_deserializer(1.25f64));
        assert_eq!(n.unwrap().to_string(), "1.25");
        // Most self-describing formats (YAML, TOML, CBOR…) hand a newtype struct's value over
        // through `visit_newtype_struct`.
        let n = Number::deserialize(crate::types::testing::Plain::Float(-2.5));
        assert_eq!(n.unwrap().to_string(), "-2.5");
        // A map behind the raw-value token holds the number's text, nothing else.
        use serde::de::value::MapDeserializer;
        let text = [(RAW_TOKEN, "-1.50")].into_iter();
        let n = Number::deserialize(MapDeserializer::<_, Error>::new(text));
        assert_eq!(n.unwrap().to_string(), "-1.50");
        let integer = [(RAW_TOKEN, 5)].into_iter();
        let e = Number::deserialize(MapDeserializer::<_, Error>::new(integer)).unwrap_err();
        assert!(e.to_string().contains("expected raw JSON text"), "{e}");
        let e = Number::deserialize(IntoDeserializer::<Error>::into_deserializer(true));
        assert!(e.unwrap_err().to_string().contains("a JSON number"));
        assert_eq!(Decimal::from(Number::from(12i64)), Decimal::from(12));
        assert_eq!(format!("{:?}", Number::parse("1.50").unwrap()), "1.50");
    }

    #[test]
    fn refused() {
        for s in [
            "\"12.5\"", "1e400", "NaN", "Infinity", "-", "01", "1.", ".5", "true", "null", "[1]",
        ] {
            assert!(serde_json::from_str::<Number>(s).is_err(), "{s} accepted");
        }
        assert!(matches!(
            Number::parse("1e400"),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(matches!(
            Number::parse("1e-400"),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(matches!(
            Number::parse("123456789012345678901234567890"),
            Err(NumberError::OutOfRange(_))
        ));
    }

    #[test]
    fn inside_a_document_and_from_reader() {
        let v: Vec<Number> = serde_json::from_reader(&b"[1.10, 2.000, 3]"[..]).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "[1.10,2.000,3]");
        assert_eq!(v[0], Number::parse("1.1").unwrap());
    }
}
