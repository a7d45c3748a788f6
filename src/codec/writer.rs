//! Writing OCPI JSON without serde: [`WriteJson`], [`to_vec`] and [`write`].
//!
//! Every type of the object model writes itself straight into a byte buffer: field names are
//! written as one constant each (`"evse_id":`), strings that need no escaping in one copy,
//! timestamps and numbers from their kept text. The bytes are exactly those `serde_json` writes
//! through the same type's `Serialize` impl (compact form), so the two can be mixed freely; the
//! tests check this for every official example and for generated values.

use serde_json::value::RawValue;

/// A value that writes itself as compact JSON.
///
/// Implemented by every OCPI object, enum and field type of the crate, and by the containers
/// they are built from. The output is byte for byte what `serde_json::to_vec` gives for the
/// same value (absent optional fields are left out, never written as `null`), only faster.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §JSON / HTTP implementation guide.
pub trait WriteJson {
    /// Appends the value's JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>);
}

/// The JSON bytes of `value` (compact form).
///
/// ```
/// use ocpi_protocol::{json, types::DisplayText};
/// let text = DisplayText::new("en".parse().unwrap(), "Café \"Noord\"".parse().unwrap());
/// assert_eq!(json::to_vec(&text), serde_json::to_vec(&text).unwrap());
/// assert_eq!(json::to_vec(&text), r#"{"language":"en","text":"Café \"Noord\""}"#.as_bytes());
/// ```
pub fn to_vec<T: WriteJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    value.write_json(&mut out);
    out
}

/// Appends the JSON of `value` to `out` (reuse one buffer for many documents).
pub fn write<T: WriteJson + ?Sized>(value: &T, out: &mut Vec<u8>) {
    value.write_json(out);
}

/// Whether a byte of a string must be escaped in JSON: a control character, a quote or a
/// backslash.
#[inline(always)]
pub(crate) const fn needs_escape(c: u8) -> bool {
    (c < 0x20) | (c == b'"') | (c == b'\\')
}

/// Whether a string's bytes can be written between quotes as they are. Every byte is looked at
/// (no early exit), which the compiler vectorizes.
#[inline]
pub(crate) fn plain(b: &[u8]) -> bool {
    !b.iter().fold(false, |any, &c| any | needs_escape(c))
}

/// Writes `s` as a JSON string, escaped as serde_json escapes: `\"`, `\\`, the short forms
/// `\b \t \n \f \r`, and `\u00xx` (lower-case hex) for the other control characters.
#[inline]
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    if plain(b) {
        out.extend_from_slice(b);
    } else {
        write_escaped(out, b);
    }
    out.push(b'"');
}

/// Writes `buf[..len]`: the whole buffer, then cut back. A copy of a constant length compiles
/// to a few moves instead of a call to `memcpy`.
#[inline(always)]
pub(crate) fn write_cut<const N: usize>(out: &mut Vec<u8>, buf: &[u8; N], len: usize) {
    let at = out.len();
    out.extend_from_slice(buf);
    out.truncate(at + len);
}

#[cold]
fn write_escaped(out: &mut Vec<u8>, b: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0c => b'f',
            b'\r' => b'r',
            0x00..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&b[start..i]);
        start = i + 1;
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            out.extend_from_slice(&[
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 15)],
            ]);
        }
    }
    out.extend_from_slice(&b[start..]);
}

/// The two ASCII digits of 0..=99, the tens in the low byte (the order they take in memory).
const DIGIT_PAIRS: [u16; 100] = {
    let mut pairs = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = (b'0' + (i / 10) as u8) as u16 | ((b'0' + (i % 10) as u8) as u16) << 8;
        i += 1;
    }
    pairs
};

/// The two ASCII digits of `v` (below 100), tens in the low byte, as a word to shift into
/// place: digits are gathered in registers and written with one store.
#[inline(always)]
pub(crate) fn digit_pair(v: u32) -> u64 {
    u64::from(DIGIT_PAIRS.get(v as usize).copied().unwrap_or(0x3030))
}

/// Writes an unsigned integer in decimal.
#[inline(always)]
pub(crate) fn write_u64(out: &mut Vec<u8>, v: u64) {
    if v < 100_000_000 {
        // Eight digits, leading zeros included, in one word (most significant digit in its
        // lowest byte); the leading zeros are then shifted out and the word written as one
        // 8-byte copy, cut back.
        let v = v as u32;
        let (high, low) = (v / 10_000, v % 10_000);
        let word = digit_pair(high / 100)
            | digit_pair(high % 100) << 16
            | digit_pair(low / 100) << 32
            | digit_pair(low % 100) << 48;
        // At least one digit is written (for 0).
        let zeros = ((word ^ 0x3030_3030_3030_3030).trailing_zeros() / 8).min(7) as usize;
        write_cut(out, &(word >> (8 * zeros)).to_le_bytes(), 8 - zeros);
    } else {
        write_long(out, v);
    }
}

/// [`write_u64`] of a value of nine digits or more.
#[inline(never)]
fn write_long(out: &mut Vec<u8>, v: u64) {
    let mut buf = [0u8; 20];
    let start = digits_at_end(&mut buf, u128::from(v));
    out.extend_from_slice(&buf[start..]);
}

/// Writes the decimal digits of `v` at the end of `buf` and returns where they start (nothing
/// for 0). `buf` must have room for them: 20 bytes for a `u64`, 39 for a `u128`.
#[inline]
pub(crate) fn digits_at_end(buf: &mut [u8], v: u128) -> usize {
    let mut i = buf.len();
    match u64::try_from(v) {
        // The common case, without 128-bit division.
        Ok(mut v) => {
            while v != 0 {
                i -= 1;
                // `v % 10` is below 10.
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        Err(_) => {
            let mut v = v;
            while v != 0 {
                i -= 1;
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
    }
    i
}

/// Writes a signed integer in decimal.
#[inline(always)]
pub(crate) fn write_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    write_u64(out, v.unsigned_abs());
}

/// Starts an object or array. Its members are then written each after a comma (the comma is
/// part of each member's constant key), and [`close`] turns the first comma into the opening
/// bracket: one write per member fewer than writing separators between members.
#[inline(always)]
pub(crate) fn open(out: &[u8]) -> usize {
    out.len()
}

/// Ends what [`open`] started: `[`/`{` in place of the first member's comma, and the closing
/// bracket (`[]`/`{}` when empty).
#[inline(always)]
pub(crate) fn close(out: &mut Vec<u8>, opened: usize, brackets: [u8; 2]) {
    match out.get_mut(opened) {
        Some(first) => *first = brackets[0],
        None => out.push(brackets[0]),
    }
    out.push(brackets[1]);
}

/// Writes one member of an object, `,"name":value`, where `key` is the comma, the quoted name
/// and the colon.
#[inline(always)]
pub(crate) fn member<T: WriteJson + ?Sized>(out: &mut Vec<u8>, key: &'static str, value: &T) {
    out.extend_from_slice(key.as_bytes());
    value.write_json(out);
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out)
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out)
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        let opened = open(out);
        for item in self {
            out.push(b',');
            item.write_json(out);
        }
        close(out, opened, *b"[]");
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out)
    }
}

/// `null` for `None`, as serde writes an `Option` (object fields leave `None` out instead).
impl<T: WriteJson> WriteJson for Option<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl WriteJson for () {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"null");
    }
}

impl WriteJson for str {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self)
    }
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self)
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! write_integers {
    ($($unsigned:ty),* ; $($signed:ty),*) => {
        $(impl WriteJson for $unsigned {
            #[inline(always)]
            fn write_json(&self, out: &mut Vec<u8>) {
                write_u64(out, u64::from(*self))
            }
        })*
        $(impl WriteJson for $signed {
            #[inline(always)]
            fn write_json(&self, out: &mut Vec<u8>) {
                write_i64(out, i64::from(*self))
            }
        })*
    };
}
write_integers!(u8, u16, u32, u64; i8, i16, i32, i64);

/// Verbatim JSON (unknown fields, tolerated deviations): written as it was read.
impl WriteJson for RawValue {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.get().as_bytes());
    }
}

impl WriteJson for serde_json::Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        // Writing a `Value` into a `Vec` cannot fail: its map keys are strings.
        let _ = serde_json::to_writer(out, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u8..0x80).map(char::from) {
            all.push(c);
        }
        all.push_str("é€😀\u{7f}\u{2028}/");
        for s in [all.as_str(), "", "plain", "a\"b", "\\", "\u{1f}x"] {
            assert_eq!(to_vec(s), serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn integers_and_containers_match_serde_json() {
        for v in [0i64, 1, -1, 9, 10, 99, 12345, i64::MAX, i64::MIN] {
            assert_eq!(to_vec(&v), serde_json::to_vec(&v).unwrap());
        }
        assert_eq!(to_vec(&u64::MAX), serde_json::to_vec(&u64::MAX).unwrap());
        // Every length of the eight-digit word, and both sides of its limit.
        let mut values: Vec<u64> = (0..20_000).collect();
        for p in 1..20 {
            let b = 10u64.pow(p);
            values.extend([b - 1, b, b + 1, b.saturating_mul(7) / 3]);
        }
        for v in values {
            assert_eq!(to_vec(&v), v.to_string().as_bytes(), "{v}");
        }
        let lists: [Vec<Option<bool>>; 3] = [vec![], vec![Some(true)], vec![None, Some(false)]];
        for v in lists {
            assert_eq!(to_vec(&v), serde_json::to_vec(&v).unwrap());
        }
        let nested = vec![vec![1u8], vec![], vec![2, 3]];
        assert_eq!(to_vec(&nested), b"[[1],[],[2,3]]");
    }
}
