//! OCPI `DateTime`: RFC 3339 in UTC, in the one fixed shape the spec allows.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use super::StackStr;

/// A point in time, always UTC, kept in the form it was written.
///
/// Accepted forms are exactly those of the spec: `YYYY-MM-DDThh:mm:ss`, optionally followed by
/// a fraction of one to nine digits, optionally followed by `Z`. A value without `Z` is UTC
/// (the spec says so) and is written back without `Z`; the number of fraction digits is kept,
/// so `2016-12-29T17:45:09.20Z` comes back byte for byte. Offsets (`+02:00`, and also `+00:00`,
/// which the spec says is not the same as UTC), lower-case `t`/`z`, spaces and out-of-range
/// fields (month 13, hour 25, 30 February) are refused.
///
/// Equality, ordering and hashing compare the instant, not the written form. The spec types
/// DateTime as `string(25)`; fractions longer than that allows (up to nanoseconds) are accepted
/// because common platforms emit them.
///
/// Spec: 2.2.1 types.asciidoc §DateTime type
#[derive(Clone, Copy)]
pub struct DateTime {
    instant: chrono::DateTime<Utc>,
    /// Number of fraction digits as written (0 = no fraction).
    frac_digits: u8,
    /// Whether the value carried the `Z` designator.
    zulu: bool,
}

/// Why a text was refused as an OCPI `DateTime`.
///
/// Spec: 2.2.1 types.asciidoc §DateTime type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateTimeError {
    /// Not of the form `YYYY-MM-DDThh:mm:ss[.f][Z]`.
    #[error("expected a timestamp of the form YYYY-MM-DDThh:mm:ss[.fff][Z], found {0:?}")]
    Format(String),
    /// Carried a UTC offset other than `Z`.
    #[error("timestamp {0:?} has a UTC offset; OCPI timestamps are UTC and may only end in 'Z'")]
    Offset(String),
    /// A field was out of range (month 13, hour 25, 30 February, …).
    #[error("timestamp {0:?} is not a valid date and time")]
    OutOfRange(String),
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

impl DateTime {
    /// Parses the OCPI form (see the type's documentation).
    pub fn parse(s: &str) -> Result<Self, DateTimeError> {
        let b = s.as_bytes();
        let format = || DateTimeError::Format(s.to_owned());
        if b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(format());
        }
        let field = |r: std::ops::Range<usize>| digits(&b[r]).ok_or_else(format);
        let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
        let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
        let mut rest = &b[19..];
        let mut nanos = 0u32;
        let mut frac_digits = 0u8;
        if let Some((b'.', tail)) = rest.split_first() {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return Err(format());
            }
            nanos = digits(&tail[..n]).ok_or_else(format)? * 10u32.pow(9 - n as u32);
            frac_digits = n as u8;
            rest = &tail[n..];
        }
        let zulu = match rest {
            [] => false,
            [b'Z'] => true,
            [b'+' | b'-', ..] => return Err(DateTimeError::Offset(s.to_owned())),
            _ => return Err(format()),
        };
        let date = NaiveDate::from_ymd_opt(year as i32, month, day)
            .ok_or_else(|| DateTimeError::OutOfRange(s.to_owned()))?;
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
            .filter(|_| second < 60)
            .ok_or_else(|| DateTimeError::OutOfRange(s.to_owned()))?;
        Ok(DateTime {
            instant: Utc.from_utc_datetime(&date.and_time(time)),
            frac_digits,
            zulu,
        })
    }

    /// A timestamp for `instant`, written with `Z` and with as many fraction digits as needed
    /// (none, 3, 6 or 9).
    pub fn from_chrono(instant: chrono::DateTime<Utc>) -> Self {
        use chrono::Timelike;
        // Years outside 0000..=9999 cannot be written in the OCPI form: clamp.
        let instant = instant.clamp(
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
        );
        let nanos = instant.nanosecond() % 1_000_000_000;
        let frac_digits = match nanos {
            0 => 0,
            n if n % 1_000_000 == 0 => 3,
            n if n % 1_000 == 0 => 6,
            _ => 9,
        };
        DateTime {
            instant: instant.with_nanosecond(nanos).unwrap_or(instant),
            frac_digits,
            zulu: true,
        }
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from_chrono(Utc::now())
    }

    /// The instant as a `chrono` value.
    pub fn to_chrono(&self) -> chrono::DateTime<Utc> {
        self.instant
    }

    /// Whether the value was written with the `Z` designator.
    pub fn has_zulu(&self) -> bool {
        self.zulu
    }

    /// Writes the value in its kept form into `out`, digit by digit (this is on the hot path
    /// of serializing every object).
    fn write_to(&self, out: &mut StackStr<32>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        use fmt::Write;
        let naive = self.instant.naive_utc();
        let (date, time) = (naive.date(), naive.time());
        let mut buf = [0u8; 30];
        let mut put = |at: usize, value: u32, width: usize| {
            let mut v = value;
            for i in (0..width).rev() {
                buf[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, date.year() as u32, 4);
        put(5, date.month(), 2);
        put(8, date.day(), 2);
        put(11, time.hour(), 2);
        put(14, time.minute(), 2);
        put(17, time.second(), 2);
        let mut len = 19;
        if self.frac_digits > 0 {
            let n = usize::from(self.frac_digits);
            put(20, time.nanosecond() / 10u32.pow(9 - n as u32), n);
            buf[19] = b'.';
            len = 20 + n;
        }
        buf[4] = b'-';
        buf[7] = b'-';
        buf[10] = b'T';
        buf[13] = b':';
        buf[16] = b':';
        if self.zulu {
            buf[len] = b'Z';
            len += 1;
        }
        // Only ASCII digits and separators were written.
        out.write_str(std::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?)
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(v: chrono::DateTime<Utc>) -> Self {
        Self::from_chrono(v)
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(v: DateTime) -> Self {
        v.instant
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;
    fn from_str(s: &str) -> Result<Self, DateTimeError> {
        Self::parse(s)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = StackStr::<32>::new();
        self.write_to(&mut buf)?;
        f.write_str(buf.as_str())
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}
impl Eq for DateTime {}
impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant.hash(state)
    }
}
impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant.cmp(&other.instant)
    }
}
impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = StackStr::<32>::new();
        self.write_to(&mut buf).map_err(serde::ser::Error::custom)?;
        s.serialize_str(buf.as_str())
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OCPI timestamp YYYY-MM-DDThh:mm:ss[.fff][Z]")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl super::Conformance for DateTime {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_forms_round_trip() {
        for s in [
            "2015-06-29T20:39:09Z",
            "2015-06-29T20:39:09",
            "2016-12-29T17:45:09.2Z",
            "2016-12-29T17:45:09.2",
            "2018-01-01T01:08:01.123Z",
            "2018-01-01T01:08:01.123",
            "2018-01-01T01:08:01.120Z",
            "2024-02-29T23:59:59.123456789Z",
        ] {
            let d = DateTime::parse(s).unwrap();
            assert_eq!(d.to_string(), s);
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{s}\""));
        }
    }

    #[test]
    fn with_and_without_z_are_the_same_instant() {
        let a = DateTime::parse("2015-06-29T20:39:09Z").unwrap();
        let b = DateTime::parse("2015-06-29T20:39:09").unwrap();
        assert_eq!(a, b);
        assert!(a.has_zulu() && !b.has_zulu());
    }

    #[test]
    fn refused_forms() {
        use DateTimeError::*;
        type Check = fn(&DateTimeError) -> bool;
        let cases: &[(&str, Check)] = &[
            ("2015-06-29T20:39:09+02:00", |e| matches!(e, Offset(_))),
            ("2015-06-29T20:39:09+00:00", |e| matches!(e, Offset(_))),
            ("2015-06-29T20:39:09-05:00", |e| matches!(e, Offset(_))),
            ("2015-13-29T20:39:09Z", |e| matches!(e, OutOfRange(_))),
            ("2015-06-29T25:39:09Z", |e| matches!(e, OutOfRange(_))),
            ("2015-02-30T10:00:00Z", |e| matches!(e, OutOfRange(_))),
            ("2015-06-29T20:39:60Z", |e| matches!(e, OutOfRange(_))),
            ("2015-06-29 20:39:09Z", |e| matches!(e, Format(_))),
            ("2015-06-29t20:39:09z", |e| matches!(e, Format(_))),
            ("2015-06-29T20:39:09.Z", |e| matches!(e, Format(_))),
            ("2015-06-29T20:39:09.1234567891Z", |e| {
                matches!(e, Format(_))
            }),
            ("2015-06-29", |e| matches!(e, Format(_))),
            ("", |e| matches!(e, Format(_))),
            ("2015-06-29T20:39:09ZZ", |e| matches!(e, Format(_))),
            ("+015-06-29T20:39:09Z", |e| matches!(e, Format(_))),
        ];
        for (s, check) in cases {
            let e = DateTime::parse(s).unwrap_err();
            assert!(check(&e), "{s}: {e:?}");
        }
    }

    #[test]
    fn from_chrono_writes_z() {
        let c = Utc.with_ymd_and_hms(2020, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(DateTime::from(c).to_string(), "2020-01-02T03:04:05Z");
        let c = c + chrono::Duration::milliseconds(250);
        assert_eq!(DateTime::from(c).to_string(), "2020-01-02T03:04:05.250Z");
    }
}
