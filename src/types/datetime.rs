//! OCPI `DateTime`: RFC 3339 in UTC, in the one fixed shape the spec allows.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU8;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserialize, Deserializer};

use super::text;
use serde::{Serialize, Serializer};

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
/// because common platforms emit them, kept as written, and reported as a
/// [`TooLong`](super::WarningKind::TooLong) warning (so a strict read refuses them).
/// Timestamps this crate makes ([`DateTime::now`], [`DateTime::from_chrono`]) carry at most
/// milliseconds: at most 24 characters.
///
/// Spec: 2.2.1 types.asciidoc §DateTime type
// The calendar fields as written (UTC), not a `chrono` value: reading and writing the fixed
// OCPI form is then plain digit arithmetic, and the value takes 12 bytes. Field order matters:
// the derived comparisons are not used, `key` gives the instant.
#[derive(Clone, Copy)]
pub struct DateTime {
    nanos: u32,
    year: u16,
    month: NonZeroU8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Number of fraction digits as written (0 = no fraction), plus [`ZULU`] when the value
    /// carried the `Z` designator.
    form: u8,
}

/// The bit of `DateTime::form` that records a trailing `Z`.
const ZULU: u8 = 0x80;

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

/// What is wrong with a timestamp, before the text is attached (errors are rare: the text is
/// copied only then).
enum Fault {
    Format,
    Offset,
    OutOfRange,
}

impl Fault {
    fn with_text(self, text: String) -> DateTimeError {
        match self {
            Fault::Format => DateTimeError::Format(text),
            Fault::Offset => DateTimeError::Offset(text),
            Fault::OutOfRange => DateTimeError::OutOfRange(text),
        }
    }
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl DateTime {
    /// Parses the OCPI form (see the type's documentation).
    pub fn parse(s: &str) -> Result<Self, DateTimeError> {
        Self::parse_bytes(s.as_bytes()).map_err(|f| f.with_text(s.to_owned()))
    }

    fn parse_bytes(b: &[u8]) -> Result<Self, Fault> {
        let Some((head, rest)) = b.split_first_chunk::<19>() else {
            return Err(Fault::Format);
        };
        let d = |i: usize| u32::from(head[i].wrapping_sub(b'0'));
        const DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
        let all_digits = DIGITS.iter().fold(true, |ok, &i| ok & (d(i) < 10));
        if !all_digits
            || head[4] != b'-'
            || head[7] != b'-'
            || head[10] != b'T'
            || head[13] != b':'
            || head[16] != b':'
        {
            return Err(Fault::Format);
        }
        let pair = |i: usize| d(i) * 10 + d(i + 1);
        let year = pair(0) * 100 + pair(2);
        let (month, day) = (pair(5), pair(8));
        let (hour, minute, second) = (pair(11), pair(14), pair(17));
        let mut rest = rest;
        let mut nanos = 0u32;
        let mut frac_digits = 0u8;
        if let Some((b'.', tail)) = rest.split_first() {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return Err(Fault::Format);
            }
            let fraction = tail[..n]
                .iter()
                .fold(0u32, |v, c| v * 10 + u32::from(c - b'0'));
            nanos = fraction * 10u32.pow(9 - n as u32);
            frac_digits = n as u8;
            rest = &tail[n..];
        }
        let zulu = match rest {
            [] => 0,
            [b'Z'] => ZULU,
            [b'+' | b'-', ..] => return Err(Fault::Offset),
            _ => return Err(Fault::Format),
        };
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(Fault::OutOfRange);
        }
        Ok(DateTime {
            nanos,
            year: year as u16,
            month: NonZeroU8::new(month as u8).ok_or(Fault::OutOfRange)?,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            form: frac_digits | zulu,
        })
    }

    /// The longest form the spec allows (`string(25)`).
    ///
    /// Spec: 2.2.1 types.asciidoc §DateTime type
    pub const MAX_LEN: usize = 25;

    /// A timestamp for `instant`, written with `Z` and with milliseconds when it has any
    /// (finer fractions are cut: the spec's `string(25)` leaves room for milliseconds and `Z`).
    pub fn from_chrono(instant: chrono::DateTime<Utc>) -> Self {
        use chrono::{Datelike, Timelike};
        // Years outside 0000..=9999 cannot be written in the OCPI form: clamp.
        let instant = instant.clamp(
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
        );
        // A leap second (chrono's nanosecond >= 10^9) is kept as second 59.
        let nanos = instant.nanosecond() % 1_000_000_000 / 1_000_000 * 1_000_000;
        let frac_digits = if nanos == 0 { 0 } else { 3 };
        let naive = instant.naive_utc();
        DateTime {
            nanos,
            year: naive.year() as u16,
            month: NonZeroU8::new(naive.month() as u8).unwrap_or(NonZeroU8::MIN),
            day: naive.day() as u8,
            hour: naive.hour() as u8,
            minute: naive.minute() as u8,
            second: naive.second() as u8,
            form: frac_digits | ZULU,
        }
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from_chrono(Utc::now())
    }

    /// The instant as a `chrono` value.
    pub fn to_chrono(&self) -> chrono::DateTime<Utc> {
        // The fields were checked when the value was made, so this always succeeds.
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month.get()),
            u32::from(self.day),
        )
        .and_then(|date| {
            let time = NaiveTime::from_hms_nano_opt(
                u32::from(self.hour),
                u32::from(self.minute),
                u32::from(self.second),
                self.nanos,
            )?;
            Some(Utc.from_utc_datetime(&date.and_time(time)))
        })
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC)
    }

    /// Whether the value was written with the `Z` designator.
    pub fn has_zulu(&self) -> bool {
        self.form & ZULU != 0
    }

    /// The length of the kept form: 19, plus the fraction and its point, plus `Z`.
    pub fn written_len(&self) -> usize {
        let digits = usize::from(self.form & !ZULU);
        19 + if digits > 0 { digits + 1 } else { 0 } + usize::from(self.has_zulu())
    }

    /// The instant, as a value that compares and hashes like it.
    fn key(&self) -> (u64, u32) {
        let date =
            u64::from(self.year) << 16 | u64::from(self.month.get()) << 8 | u64::from(self.day);
        let time =
            u64::from(self.hour) << 16 | u64::from(self.minute) << 8 | u64::from(self.second);
        (date << 24 | time, self.nanos)
    }

    /// The first 20 bytes of the quoted form, `"YYYY-MM-DDThh:mm:ss`, in three machine words
    /// (the last holds 4 bytes in its low half). The digits of all two-digit fields are
    /// computed at once, four fields to a word (see `digit_lanes`).
    #[inline(always)]
    fn head_words(&self) -> [u64; 3] {
        let year = u64::from(self.year % 10_000);
        let date = digit_lanes(
            (year / 100)
                | (year % 100) << 16
                | u64::from(self.month.get()) << 32
                | u64::from(self.day) << 48,
        );
        let time = digit_lanes(
            u64::from(self.hour) | u64::from(self.minute) << 16 | u64::from(self.second) << 32,
        );
        [
            // `"YYYY-MM`
            u64::from(b'"')
                | (date & 0xffff_ffff) << 8
                | u64::from(b'-') << 40
                | (date >> 32 & 0xffff) << 48,
            // `-DDThh:m`
            u64::from(b'-')
                | (date >> 48) << 8
                | u64::from(b'T') << 24
                | (time & 0xffff) << 32
                | u64::from(b':') << 48
                | (time >> 16 & 0xff) << 56,
            // `m:ss`
            (time >> 24 & 0xff) | u64::from(b':') << 8 | (time >> 32 & 0xffff) << 16,
        ]
    }

    /// Writes the value in its kept form, between double quotes (a JSON string), into `buf`
    /// and returns the length.
    fn write_quoted(&self, buf: &mut [u8; 34]) -> usize {
        let [w0, w1, w2] = self.head_words();
        buf[..8].copy_from_slice(&w0.to_le_bytes());
        buf[8..16].copy_from_slice(&w1.to_le_bytes());
        buf[16..20].copy_from_slice(&w2.to_le_bytes()[..4]);
        let mut len = 20;
        let n = usize::from(self.form & !ZULU).min(9);
        if n > 0 {
            buf[20] = b'.';
            let mut v = self.nanos / 10u32.pow(9 - n as u32);
            for i in (21..21 + n).rev() {
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            len = 21 + n;
        }
        if self.has_zulu() {
            buf[len] = b'Z';
            len += 1;
        }
        buf[len] = b'"';
        len + 1
    }

    /// Calls `f` with the value in its kept form, between double quotes.
    #[inline]
    fn with_quoted<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = [0u8; 34];
        let len = self.write_quoted(&mut buf);
        // Only ASCII digits, separators and quotes were written.
        f(std::str::from_utf8(&buf[..len]).unwrap_or("\"\""))
    }

    /// Calls `f` with the value in its kept form.
    #[inline]
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        self.with_quoted(|quoted| f(&quoted[1..quoted.len() - 1]))
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(v: chrono::DateTime<Utc>) -> Self {
        Self::from_chrono(v)
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(v: DateTime) -> Self {
        v.to_chrono()
    }
}

super::from_str!(DateTime => DateTimeError, DateTime::parse;);

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|s| f.write_str(s))
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for DateTime {}
impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state)
    }
}
impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}
impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_quoted(|quoted| text::serialize_quoted(s, quoted))
    }
}

impl DateTime {
    /// Writes a value with a fraction: through a buffer, then the whole buffer cut back (a
    /// copy of constant length is a few moves).
    #[inline(never)]
    fn write_json_with_fraction(&self, out: &mut Vec<u8>) {
        let mut buf = [0u8; 34];
        let len = self.write_quoted(&mut buf);
        crate::codec::writer::write_cut(out, &buf, len);
    }
}

/// The ASCII digits of four values below 100, one to each 16-bit lane of `lanes`: in each lane,
/// the tens in the low byte and the units in the high byte (the order they take in memory).
/// The tens are `v * 103 >> 10`, exact below 100, for all four lanes with one multiplication
/// (no lane overflows into the next: `99 * 103 < 2^16`).
#[inline(always)]
fn digit_lanes(lanes: u64) -> u64 {
    const LOW_NIBBLES: u64 = 0x000f_000f_000f_000f;
    let tens = ((lanes * 103) >> 10) & LOW_NIBBLES;
    let units = lanes - tens * 10;
    tens | units << 8 | 0x3030_3030_3030_3030
}

impl crate::codec::WriteJson for DateTime {
    #[inline(always)]
    fn write_json(&self, out: &mut Vec<u8>) {
        if self.form & !ZULU != 0 {
            return self.write_json_with_fraction(out);
        }
        // The common form, `"YYYY-MM-DDThh:mm:ss[Z]"`, gathered in three machine words and
        // written as three stores: no round trip through a buffer in memory, whose narrow
        // writes a wide read could not take over.
        let [w0, w1, w2] = self.head_words();
        let (tail, tail_len) = if self.has_zulu() {
            (u64::from(b'Z') | u64::from(b'"') << 8, 2)
        } else {
            (u64::from(b'"'), 1)
        };
        let w2 = w2 | tail << 32;
        let at = out.len();
        out.reserve(24);
        out.extend_from_slice(&w0.to_le_bytes());
        out.extend_from_slice(&w1.to_le_bytes());
        out.extend_from_slice(&w2.to_le_bytes());
        out.truncate(at + 20 + tail_len);
    }
}

impl<'de> Deserialize<'de> for DateTime {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text::deserialize(d)
    }
}

impl text::Text for DateTime {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCPI timestamp YYYY-MM-DDThh:mm:ss[.fff][Z]")
    }
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        DateTime::parse(v).map_err(E::custom)
    }
    fn from_bytes<E: de::Error>(v: &[u8]) -> Result<Self, E> {
        // Only ASCII is accepted, so the text of an error is all that UTF-8 matters for.
        DateTime::parse_bytes(v)
            .map_err(|f| E::custom(f.with_text(String::from_utf8_lossy(v).into_owned())))
    }
}

impl super::Conformance for DateTime {
    fn check(&self, path: &mut super::JsonPath, out: &mut Vec<super::Warning>) {
        let len = self.written_len();
        if len > Self::MAX_LEN {
            out.push(super::Warning {
                path: path.to_string(),
                kind: super::WarningKind::TooLong {
                    max: Self::MAX_LEN,
                    len,
                },
            });
        }
    }

    #[inline]
    fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
        let value: Self = text::read(r)?;
        // A value longer than the spec allows carries a warning: left to the full read, which
        // reports it (rare enough not to matter for speed).
        if value.written_len() > Self::MAX_LEN {
            return Err(crate::codec::reader::Fallback);
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_matches_the_serde_form_for_every_field_value() {
        let check = |text: String| {
            let v = DateTime::parse(&text).unwrap();
            let expected = format!("\"{text}\"");
            assert_eq!(crate::codec::to_vec(&v), expected.as_bytes());
            assert_eq!(serde_json::to_string(&v).unwrap(), expected);
        };
        for h in 0..24 {
            for m in 0..60 {
                for s in [0, 7, 10, 59] {
                    check(format!("2016-12-29T{h:02}:{m:02}:{s:02}Z"));
                }
            }
        }
        for s in 0..60 {
            check(format!("2016-12-29T17:45:{s:02}"));
        }
        for year in (0..10_000).step_by(7).chain([1999, 2000, 2099, 9999]) {
            for month in 1..=12 {
                for day in [1, 9, 10, 28] {
                    check(format!("{year:04}-{month:02}-{day:02}T00:00:00Z"));
                }
            }
        }
        for day in 1..=31 {
            check(format!("2024-01-{day:02}T23:59:59.123Z"));
        }
    }

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
    fn calendar_checks_and_instants_agree_with_chrono() {
        use chrono::NaiveDateTime;
        let mut previous: Option<(DateTime, chrono::DateTime<Utc>)> = None;
        for year in [0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (h, m, s) in [(0, 0, 0), (23, 59, 59), (12, 60, 0), (24, 0, 0)] {
                        let text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.5Z");
                        let ours = DateTime::parse(&text);
                        let theirs = NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.fZ");
                        match (ours, theirs) {
                            (Ok(d), Ok(c)) => {
                                let c = c.and_utc();
                                assert_eq!(d.to_chrono(), c, "{text}");
                                assert_eq!(d.to_string(), text);
                                if year < 9999 {
                                    // (from_chrono clamps to the last whole second of 9999)
                                    assert_eq!(DateTime::from_chrono(c).to_chrono(), c);
                                }
                                if let Some((pd, pc)) = previous {
                                    assert_eq!(d.cmp(&pd), c.cmp(&pc), "{text}");
                                    assert_eq!(d == pd, c == pc, "{text}");
                                }
                                previous = Some((d, c));
                            }
                            (Err(DateTimeError::OutOfRange(_)), Err(_)) => {}
                            (ours, theirs) => panic!("{text}: {ours:?} / {theirs:?}"),
                        }
                    }
                }
            }
        }
        let a = DateTime::parse("2016-12-29T17:45:09.2Z").unwrap();
        let b = DateTime::parse("2016-12-29T17:45:09.200").unwrap();
        let c = DateTime::parse("2016-12-29T17:45:09.201").unwrap();
        assert!(a == b && a < c && b < c);
        let hash = |v: &DateTime| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            v.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&a), hash(&b));
        assert_eq!(format!("{a:?}"), "DateTime(2016-12-29T17:45:09.2Z)");
    }

    #[test]
    fn each_field_alone_orders_the_instant() {
        let base = "2024-05-15T10:30:30.5Z";
        let earlier = DateTime::parse(base).unwrap();
        for later in [
            "2025-05-15T10:30:30.5Z",
            "2024-06-15T10:30:30.5Z",
            "2024-05-16T10:30:30.5Z",
            "2024-05-15T11:30:30.5Z",
            "2024-05-15T10:31:30.5Z",
            "2024-05-15T10:30:31.5Z",
            "2024-05-15T10:30:30.6Z",
        ] {
            let later = DateTime::parse(later).unwrap();
            assert!(earlier < later, "{earlier} < {later}");
            assert!(later > earlier, "{later} > {earlier}");
            assert_ne!(earlier, later);
        }
        // A later field outweighs every smaller one.
        let a = DateTime::parse("2024-05-15T10:59:59Z").unwrap();
        let b = DateTime::parse("2024-05-15T11:00:00Z").unwrap();
        assert!(a < b);
        let a = DateTime::parse("2024-05-15T10:30:59Z").unwrap();
        let b = DateTime::parse("2024-05-15T10:31:00Z").unwrap();
        assert!(a < b);
    }

    #[test]
    fn every_separator_is_checked() {
        for s in [
            "2024-01-01X10:00:00Z",
            "2024/01-01T10:00:00Z",
            "2024-01/01T10:00:00Z",
            "2024/01/01T10:00:00Z",
            "2024-01-01T10-00:00Z",
            "2024-01-01T10:00-00Z",
            "2024-01-01T10-00-00Z",
            "2024-01-01T10:00:0aZ",
            // ':' follows '9': not a digit, alone or twice.
            "2:24-01-01T10:00:00Z",
            "2::4-01-01T10:00:00Z",
        ] {
            assert!(
                matches!(DateTime::parse(s), Err(DateTimeError::Format(_))),
                "{s}"
            );
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
