//! Reading OCPI JSON without serde, for documents in the common shape.
//!
//! The entry points of [`crate::json`] first read a document with this reader: every object,
//! enum and field type of the crate reads itself straight from the bytes (through
//! [`Conformance::read_json`](Conformance::read_json)), field names are matched
//! where they lie in the input, and each value is checked by the same code as when read through
//! serde (`Text::from_bytes`, the number and integer grammar, `Url::new`).
//!
//! The reader only ever accepts a document that serde_json, through the same types, accepts
//! with the same value. Anything it does not take on — an escape in a string, an exponent or a
//! long number, a duplicate or missing field, an invalid value, a type without a fast read, or
//! anything that is not JSON — makes it give up ([`Fallback`]), and the document is read again
//! through serde_json, which decides, and words any error, exactly as before.

use serde::de;
use serde_json::value::RawValue;

use super::conformance::Conformance;

/// The reader gives up on this document: read it through serde_json instead.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback;

/// What a fast read gives: the value, or [`Fallback`].
#[doc(hidden)]
pub type Read<T> = Result<T, Fallback>;

/// A position in a JSON document.
#[doc(hidden)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Whether a value read may carry a [`Warning`](super::Warning): set where a `lax`
    /// field is missing or a closed enum holds an unknown value, the only deviations a value
    /// read here can have (a deviating `Tolerant` value is left to serde_json).
    may_warn: bool,
    /// Arrays and objects open around the position.
    depth: usize,
}

/// Deepest nesting of arrays and objects the reader takes on. serde_json refuses 128 levels;
/// with an unknown field's value (at most [`MAX_UNKNOWN_DEPTH`]
/// levels) inside, a document read here stays below that. OCPI objects nest a few levels.
const MAX_DEPTH: usize = 60;

/// An error type for the `Text` checks that keeps nothing of the message: the reader only needs
/// to know that a value was refused (serde_json's reading then words the error).
#[derive(Debug)]
pub(crate) struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    #[cold]
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// Reads a whole document as a `T` into `slot`, with nothing but whitespace after it. Also says
/// whether the value may carry warnings (when not, it has none, and need not be looked
/// through). `None` when the document is left to serde_json.
pub(crate) fn read_document_into<T: Conformance>(
    bytes: &[u8],
    slot: &mut Option<T>,
) -> Option<bool> {
    let mut r = Reader {
        bytes,
        pos: 0,
        may_warn: false,
        depth: 0,
    };
    T::read_json_into(&mut r, slot).ok()?;
    r.skip_ws();
    (r.pos == bytes.len() && slot.is_some()).then_some(r.may_warn)
}

/// [`read_document_into`], returning the value.
pub(crate) fn read_document<T: Conformance>(bytes: &[u8]) -> Option<(T, bool)> {
    let mut slot = None;
    let may_warn = read_document_into(bytes, &mut slot)?;
    slot.map(|value| (value, may_warn))
}

impl<'a> Reader<'a> {
    /// Skips JSON whitespace (space, tab, line feed, carriage return: as serde_json).
    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `c` after whitespace.
    #[inline(always)]
    fn eat(&mut self, c: u8) -> Read<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// Notes that a `lax` field is missing: the value read carries a warning.
    #[inline]
    pub fn lax_missing(&mut self) {
        self.may_warn = true;
    }

    /// Notes that a value read carries a warning (an unknown value of a closed enum).
    #[inline]
    pub fn may_warn(&mut self) {
        self.may_warn = true;
    }

    /// Consumes `null` if it comes next.
    #[inline]
    pub fn null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.bytes[self.pos..].starts_with(b"null") {
            self.pos += 4;
            true
        } else {
            false
        }
    }

    /// The content of the next string, which must hold no escape and no control character
    /// (as serde_json's bytes reading hands it over to a type's text check).
    #[inline]
    pub(crate) fn string(&mut self) -> Read<&'a [u8]> {
        self.eat(b'"')?;
        let bytes = self.bytes;
        let start = self.pos;
        // A quote ends it; a backslash or a control character is left to serde_json. Eight
        // bytes are looked at a time.
        let mut end = start;
        loop {
            if let Some(chunk) = bytes.get(end..end + 8) {
                let word = u64::from_le_bytes(chunk.try_into().map_err(|_| Fallback)?);
                let stops = string_stops(word);
                if stops == 0 {
                    end += 8;
                    continue;
                }
                end += (stops.trailing_zeros() / 8) as usize;
            } else {
                let rest = &bytes[end..];
                end += rest
                    .iter()
                    .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                    .ok_or(Fallback)?;
            }
            break;
        }
        if bytes[end] != b'"' {
            return Err(Fallback);
        }
        self.pos = end + 1;
        Ok(&bytes[start..end])
    }

    /// The content of the next string, as text.
    #[inline]
    pub(crate) fn str(&mut self) -> Read<&'a str> {
        std::str::from_utf8(self.string()?).map_err(|_| Fallback)
    }

    /// The text of the next number: its longest run of number characters.
    #[inline]
    pub(crate) fn number_text(&mut self) -> Read<&'a [u8]> {
        self.skip_ws();
        let start = self.pos;
        let rest = &self.bytes[start..];
        let len = rest
            .iter()
            .position(|&c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .unwrap_or(rest.len());
        self.pos = start + len;
        Ok(&rest[..len])
    }

    /// A JSON `true` or `false`.
    #[inline]
    pub(crate) fn bool(&mut self) -> Read<bool> {
        let rest = match self.peek() {
            Some(b't' | b'f') => &self.bytes[self.pos..],
            _ => return Err(Fallback),
        };
        if rest.starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(Fallback)
        }
    }

    /// An integer as serde_json reads an `i64`: `-?(0|[1-9][0-9]*)`, no fraction or exponent.
    /// Longer than 18 digits (which may not fit) and `-0` (which serde_json reads as a float)
    /// are left to serde_json.
    #[inline]
    pub(crate) fn i64(&mut self) -> Read<i64> {
        let b = self.number_text()?;
        let (negative, digits) = match b.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, b),
        };
        if digits.is_empty() || digits.len() > 18 || (digits.len() > 1 && digits[0] == b'0') {
            return Err(Fallback);
        }
        let mut v: i64 = 0;
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return Err(Fallback);
            }
            v = v * 10 + i64::from(d);
        }
        match (negative, v) {
            (true, 0) => Err(Fallback),
            (true, v) => Ok(-v),
            (false, v) => Ok(v),
        }
    }

    /// Opens an object: `{`. Returns whether it has members (`false` for `{}`, consumed); an
    /// object with members is closed by [`Reader::next_member`].
    #[inline]
    pub fn open_object(&mut self) -> Read<bool> {
        self.open(b'{', b'}')
    }

    /// Opens an array: `[`. Returns whether it has elements (`false` for `[]`, consumed); an
    /// array with elements is closed by [`Reader::next_element`].
    #[inline]
    fn open_array(&mut self) -> Read<bool> {
        self.open(b'[', b']')
    }

    /// After a member: `true` at a comma (another member follows), `false` at the closing `}`.
    #[inline]
    pub fn next_member(&mut self) -> Read<bool> {
        self.next(b'}')
    }

    /// After an element: `true` at a comma, `false` at the closing `]`.
    #[inline]
    fn next_element(&mut self) -> Read<bool> {
        self.next(b']')
    }

    /// Opens an object or array: whether it has members or elements (an empty one is consumed
    /// whole).
    #[inline(always)]
    fn open(&mut self, opening: u8, closing: u8) -> Read<bool> {
        self.eat(opening)?;
        if self.peek() == Some(closing) {
            self.pos += 1;
            return Ok(false);
        }
        self.descend()?;
        Ok(true)
    }

    /// After a member or element: `true` at a comma, `false` at `closing`.
    #[inline(always)]
    fn next(&mut self, closing: u8) -> Read<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == closing => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(Fallback),
        }
    }

    #[inline]
    fn descend(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fallback);
        }
        Ok(())
    }

    /// The name of the next member and its colon.
    #[inline]
    pub fn key(&mut self) -> Read<&'a [u8]> {
        let k = self.string()?;
        self.eat(b':')?;
        Ok(k)
    }

    /// A list of `T`, allocated at its length for the short lists objects hold.
    #[inline]
    pub(crate) fn list<T: Conformance>(&mut self) -> Read<Vec<T>> {
        let start = self.pos;
        if !self.open_array()? {
            return Ok(Vec::new());
        }
        let first = T::read_json(self)?;
        if !self.next_element()? {
            return Ok(vec![first]);
        }
        let mut out = Vec::with_capacity(4);
        out.push(first);
        loop {
            // A long list (a page) grows by the room its remaining bytes are estimated to
            // need, rather than doubling: a page is then allocated at about its length.
            if out.len() == out.capacity() && out.len() >= 16 {
                reserve_for_rest(&mut out, self.pos - start, self.bytes.len() - self.pos);
            }
            out.push(T::read_json(self)?);
            if !self.next_element()? {
                break;
            }
        }
        // Short lists of large objects (EVSEs, tariff elements) are cut to their length, as the
        // serde reading allocates them; for small elements the spare room is not worth a
        // reallocation.
        let spare = (out.capacity() - out.len()) * std::mem::size_of::<T>();
        if spare > 256 && out.len() < 16 {
            out.shrink_to_fit();
        }
        Ok(out)
    }

    /// The verbatim JSON of a field this crate does not know, as the serde reading keeps it
    /// (see `UnknownFieldsReader::read`): the value is found by its brackets and strings, then
    /// checked by serde_json itself, as it checks a `RawValue`.
    pub fn unknown_value(&mut self) -> Read<&'a str> {
        self.skip_ws();
        let start = self.pos;
        let b = self.bytes;
        let mut depth = 0usize;
        let mut i = start;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' if depth == 0 => break,
                b']' | b'}' => depth -= 1,
                b',' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 => break,
                _ => {}
            }
            i += 1;
            if depth == 0 && matches!(b.get(start), Some(b'"' | b'[' | b'{')) {
                break;
            }
        }
        let end = i.min(b.len());
        let text = std::str::from_utf8(&b[start..end]).map_err(|_| Fallback)?;
        if text.is_empty() || nests_deeper_than(text.as_bytes(), MAX_UNKNOWN_DEPTH) {
            return Err(Fallback);
        }
        // One JSON value, without anything around it: what serde_json keeps as a `RawValue`.
        serde_json::from_str::<&RawValue>(text).map_err(|_| Fallback)?;
        self.pos = end;
        Ok(text)
    }
}

/// The bytes of `word` (read little-endian) that end the plain part of a string: a quote, a
/// backslash or a control character, each marked by the high bit of its byte. A borrow can
/// mark a byte above a marked one, never below: the lowest mark is exact.
#[inline(always)]
pub(crate) fn string_stops(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    (zero_byte(quote) | zero_byte(backslash) | below_space) & HIGH
}

/// The name of a field that this crate does not know, as text: the serde reading refuses
/// control characters and invalid UTF-8 in it (escapes never reach here).
#[doc(hidden)]
#[inline]
pub fn unknown_name(k: &[u8]) -> Read<&str> {
    std::str::from_utf8(k).map_err(|_| Fallback)
}

/// Makes room in `list`, full, for the elements still to come, estimated from the bytes the
/// ones read took: `consumed` bytes for `list.len()` elements, `remaining` bytes left. The
/// list grows by at least an eighth (so that reallocations stay few) and at most doubles (as
/// `push` would), so that a page of same-sized elements is allocated at about its length
/// instead of up to twice it.
pub(crate) fn reserve_for_rest<T>(list: &mut Vec<T>, consumed: usize, remaining: usize) {
    let len = list.len();
    // Saturating: `remaining` and `len` are bounded by the document's length.
    let estimate = len
        .saturating_mul(remaining)
        .checked_div(consumed)
        .map_or(len, |n| n.saturating_add(1));
    list.reserve_exact(estimate.clamp((len / 8).max(4), len.max(4)));
}

/// Deepest nesting of arrays and objects kept inside an unknown field. Known fields are
/// bounded by serde_json's recursion limit (128); unknown ones are read without recursion, so
/// they get a bound of their own.
pub const MAX_UNKNOWN_DEPTH: usize = 64;

/// Whether arrays and objects in a JSON text nest deeper than `max`. Strings are skipped;
/// the scan stops at the first level past `max`, so it is linear and allocation-free.
pub(crate) fn nests_deeper_than(json: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in json {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_ends() {
        for len in 0..20 {
            for stop in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                let mut text = vec![b'a'; len];
                text.extend([stop, b'"']);
                text.extend([0xff, 0x80, b' ', b'~', 0x7f].iter().cycle().take(len % 7));
                let doc = [b"\"".as_slice(), &text].concat();
                let mut r = Reader {
                    bytes: &doc,
                    pos: 0,
                    may_warn: false,
                    depth: 0,
                };
                let read = r.string();
                if stop == b'"' {
                    assert_eq!(read, Ok(&text[..len]), "{len} {stop}");
                    assert_eq!(r.pos, len + 2);
                } else {
                    assert_eq!(read, Err(Fallback), "{len} {stop}");
                }
            }
            // Bytes that stop nothing, in every position of a word.
            let text: Vec<u8> = [0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff]
                .iter()
                .cycle()
                .skip(len)
                .take(len)
                .copied()
                .collect();
            let doc = [b"\"".as_slice(), &text, b"\""].concat();
            let mut r = Reader {
                bytes: &doc,
                pos: 0,
                may_warn: false,
                depth: 0,
            };
            assert_eq!(r.string(), Ok(&text[..]));
        }
    }
}
