//! Reading and writing OCPI JSON: whole objects with their [`Warning`]s, pages of objects where
//! one bad object never loses the others, and a writer ([`WriteJson`], [`to_vec`]) that bypasses
//! serde for speed and writes the same bytes.
//!
//! The `serde` impls of every type can be used directly (`serde_json::from_slice`); these entry
//! points add what a backend needs on top: the JSON path of an error, the accepted deviations
//! of a document, and per-item errors for lists.
//!
//! Errors carry a path only when there is an error: the first attempt parses at full speed, and
//! only a failed document is read a second time to locate the fault.
//!
//! A page's invalid elements are reported as [`ItemError`]s with the fault's line and column in
//! the whole document and a bounded excerpt of the element; past [`MAX_ITEM_ERRORS`] they are
//! only counted. Reading takes time linear in the document and, for any body up to the default
//! body limit, a peak heap within 8× the body (DESIGN principle 9).
//!
//! The first attempt does not go through serde: every type of the crate reads itself straight
//! from the bytes, for documents in the common shape (no escapes in strings, plain decimal
//! numbers, no duplicate or missing fields). Any other document is read through serde_json,
//! which decides: the values, and the errors, are those of the types' serde impls.
//!
//! Two things differ when reading with `serde_json` directly, both for input that is rare or
//! invalid. To save checking every string twice, strings are read from serde_json's
//! deserializer as bytes and checked by the type they become: a string that is not valid JSON
//! text (a raw control character, invalid UTF-8, a lone surrogate escape) is then refused with
//! that type's data error rather than serde_json's syntax error; and an unknown field whose name
//! holds an escaped control character (`"a\nb"`) cannot be told from a raw one and is refused.
//! The functions of this module give serde_json's syntax error for the former and keep the
//! field of the latter, as the second read, which locates faults, reads strings as `str`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::codec::reader::{self, reserve_for_rest};
use crate::types::{Conformance, JsonPath, Warning};

pub use crate::codec::{to_vec, write, WriteJson};

/// What kind of fault a [`ParseError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCategory {
    /// Not valid JSON (including trailing characters and nesting beyond serde_json's limit
    /// of 128).
    Syntax,
    /// The input ended in the middle of a value.
    Eof,
    /// Valid JSON, but not a valid value of the type: wrong JSON type, missing or duplicate
    /// field, over-long string, bad enum value, bad timestamp or number, …
    Data,
    /// Valid, but it carries a deviation that a strict read refuses (see [`parse_strict`]).
    Nonconforming,
}

/// A document that could not be read as the requested type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{category:?} error at `{path}`{}: {message}", position(*.line, *.column))]
pub struct ParseError {
    /// Where in the document (`evses[0].connectors[1].standard`; `.` for the root).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The kind of fault.
    pub category: ErrorCategory,
    /// 1-based line of the fault (0 when not known).
    pub line: usize,
    /// 1-based column of the fault (0 when not known).
    pub column: usize,
}

fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

/// The category of a serde_json error. serde_json calls a number beyond `f64` (`1e400` where
/// an integer is expected) a syntax error, but it is valid JSON that does not fit the field's
/// type: a data error.
fn category(e: &serde_json::Error) -> ErrorCategory {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax if e.to_string().starts_with("number out of range") => ErrorCategory::Data,
        Category::Syntax | Category::Io => ErrorCategory::Syntax,
        Category::Eof => ErrorCategory::Eof,
        Category::Data => ErrorCategory::Data,
    }
}

impl ParseError {
    fn from_json(e: &serde_json::Error, path: String) -> Self {
        let category = category(e);
        // serde_json's message ends in " at line L column C"; keep the reason only.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) if e.line() > 0 => text[..i].to_owned(),
            _ => text,
        };
        ParseError {
            path,
            message,
            category,
            line: e.line(),
            column: e.column(),
        }
    }

    /// The document is not UTF-8 text (RFC 8259 §8.1): a syntax error at the first byte that
    /// is not, worded as serde_json words it.
    fn invalid_utf8(bytes: &[u8], e: std::str::Utf8Error) -> Self {
        let valid = &bytes[..e.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        ParseError {
            path: ".".to_owned(),
            message: "invalid unicode code point".to_owned(),
            category: ErrorCategory::Syntax,
            line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
            column: valid.len() - line_start + 1,
        }
    }

    fn prefixed(mut self, index: usize) -> Self {
        self.path = if self.path == "." {
            format!("[{index}]")
        } else {
            format!("[{index}].{}", self.path)
        };
        self
    }
}

/// Parses a document. UTF-8 is checked once for the whole document, so that the parser need
/// not check every string again (serde_json's `from_str` trusts its input): a fifth of the
/// parse time of a page. Invalid UTF-8 goes through `from_slice`, which reports where.
fn from_bytes<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, serde_json::Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Reads a document again, after a first read failed, to locate the fault.
///
/// A type error can stop the typed parse before it reaches a syntax error further on; the
/// document is then checked as plain JSON first, so that "not JSON at all" is always reported
/// as [`ErrorCategory::Syntax`] (HTTP 400), never as a data error. That check includes the
/// UTF-8 of the whole text, which serde_json does not check in what it skips.
///
/// This second read goes through a path-tracking deserializer, for which every string is read
/// as `str` (see [`crate::types`]'s text reading): it gives serde_json's own error for a string
/// that is not valid JSON text, and it accepts the one document the first read may refuse (an
/// unknown field name holding an escaped control character), which is then returned.
fn locate<T: DeserializeOwned>(bytes: &[u8], first: serde_json::Error) -> Result<T, ParseError> {
    if category(&first) == ErrorCategory::Data {
        if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            return Err(ParseError::from_json(&syntax, ".".to_owned()));
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            return Err(ParseError::invalid_utf8(bytes, e));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            let path = e.path().to_string();
            Err(ParseError::from_json(e.inner(), path))
        }
        // The value itself was fine: the fault is after it (trailing characters), if anywhere.
        Ok(value) => match de.end() {
            Ok(()) => Ok(value),
            Err(_) => Err(ParseError::from_json(&first, ".".to_owned())),
        },
    }
}

/// The warnings of a value; `may_warn` is false only for a value that the fast reader found
/// to have none.
fn warnings_of<T: Conformance>(value: &T, may_warn: bool) -> Vec<Warning> {
    if may_warn {
        value.warnings()
    } else {
        debug_assert!(value.warnings().is_empty());
        Vec::new()
    }
}

/// A value read from a document, with the deviations from the spec that were accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The value.
    pub value: T,
    /// Accepted deviations from the spec's object tables (empty for a conforming document);
    /// at most [`MAX_WARNINGS`](crate::types::MAX_WARNINGS).
    pub warnings: Vec<Warning>,
}

/// Reads one value of type `T` from JSON bytes.
///
/// Returns the value and the [`Warning`]s for deviations that the crate accepts because the
/// spec's own examples make them; a document that is not valid gets a [`ParseError`] with the
/// JSON path of the fault.
pub fn parse<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Result<Parsed<T>, ParseError> {
    let mut slot = None;
    if let Some(may_warn) = reader::read_document_into::<T>(bytes, &mut slot) {
        if let Some(value) = slot {
            let warnings = warnings_of(&value, may_warn);
            return Ok(Parsed { value, warnings });
        }
    }
    let value = from_bytes::<T>(bytes).or_else(|e| locate::<T>(bytes, e))?;
    let warnings = value.warnings();
    Ok(Parsed { value, warnings })
}

/// Reads one value of type `T`, refusing every deviation: the first [`Warning`] becomes a
/// [`ParseError`] of category [`ErrorCategory::Nonconforming`].
pub fn parse_strict<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Result<T, ParseError> {
    let parsed = parse::<T>(bytes)?;
    match parsed.warnings.into_iter().next() {
        None => Ok(parsed.value),
        Some(w) => Err(ParseError {
            path: w.path.clone(),
            message: w.to_string(),
            category: ErrorCategory::Nonconforming,
            line: 0,
            column: 0,
        }),
    }
}

/// Longest excerpt, in bytes, of an invalid element's JSON kept in an [`ItemError`]
/// ([`ItemError::raw`]); a longer element is cut at the last UTF-8 character boundary at or
/// before it.
pub const ITEM_RAW_EXCERPT: usize = 256;

/// Longest [`ParseError::message`] and [`ParseError::path`], in bytes, kept in an
/// [`ItemError`]; a longer one is cut at a character boundary and ends in `…`.
pub const ITEM_TEXT_LIMIT: usize = 512;

/// Most [`ItemError`]s kept with their details by [`parse_list`]; the invalid elements after
/// them are only counted ([`ListParse::errors_omitted`]). With the excerpt and text limits, this
/// keeps the memory of a page of invalid elements a small multiple of the page (DESIGN
/// principle 9).
pub const MAX_ITEM_ERRORS: usize = 1000;

/// One element of a list that could not be read.
///
/// Its error's line and column are those of the fault in the whole document that held the
/// list.
#[derive(Debug, Clone)]
pub struct ItemError {
    /// Position of the element in the list.
    pub index: usize,
    /// Why it could not be read; its path starts at the list (`[3].evses[0].uid`). Its message
    /// and path hold at most [`ITEM_TEXT_LIMIT`] bytes each.
    pub error: ParseError,
    /// The start of the element's JSON, verbatim: at most [`ITEM_RAW_EXCERPT`] bytes (see
    /// [`ItemError::raw_len`] and [`ItemError::is_cut`]).
    pub raw: String,
    /// The length in bytes of the element's whole JSON.
    pub raw_len: usize,
}

impl ItemError {
    /// The error of element `index` whose JSON is `raw`, keeping a bounded excerpt of it and
    /// bounded texts.
    pub(crate) fn new(index: usize, mut error: ParseError, raw: &str) -> Self {
        cut(&mut error.message, ITEM_TEXT_LIMIT);
        cut(&mut error.path, ITEM_TEXT_LIMIT);
        error.message.shrink_to_fit();
        error.path.shrink_to_fit();
        ItemError {
            index,
            error,
            raw: raw[..floor_char_boundary(raw, ITEM_RAW_EXCERPT)].to_owned(),
            raw_len: raw.len(),
        }
    }

    /// Whether [`ItemError::raw`] is only the start of the element's JSON.
    pub fn is_cut(&self) -> bool {
        self.raw.len() < self.raw_len
    }
}

/// The largest char boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Cuts `s` to at most `max` bytes, ending in `…` when cut.
fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let end = floor_char_boundary(s, max - '…'.len_utf8());
        s.truncate(end);
        s.push('…');
    }
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {}: {}", self.index, self.error)
    }
}

/// The result of reading a list: every valid element, and an error for each invalid one (the
/// first [`MAX_ITEM_ERRORS`] with details, the others counted).
#[derive(Debug, Clone)]
pub struct ListParse<T> {
    /// The elements that were read, in list order.
    pub items: Vec<T>,
    /// The elements that could not be read, in list order: the first [`MAX_ITEM_ERRORS`].
    pub errors: Vec<ItemError>,
    /// How many more elements could not be read, after those in [`ListParse::errors`].
    pub errors_omitted: usize,
    /// Accepted deviations inside the valid elements; paths start at the list (`[3]…`); at
    /// most [`MAX_WARNINGS`](crate::types::MAX_WARNINGS) for the whole list.
    pub warnings: Vec<Warning>,
}

impl<T> Default for ListParse<T> {
    fn default() -> Self {
        ListParse {
            items: Vec::new(),
            errors: Vec::new(),
            errors_omitted: 0,
            warnings: Vec::new(),
        }
    }
}

impl<T> ListParse<T> {
    /// Whether every element was read.
    pub fn is_complete(&self) -> bool {
        self.error_count() == 0
    }

    /// How many elements could not be read: those in [`ListParse::errors`] and those omitted.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.errors_omitted
    }

    /// Records an element that could not be read: in detail while fewer than
    /// [`MAX_ITEM_ERRORS`] are kept, counted after.
    pub(crate) fn push_error(&mut self, index: usize, error: ParseError, raw: &str) {
        if self.errors.len() < MAX_ITEM_ERRORS {
            self.errors.push(ItemError::new(index, error, raw));
        } else {
            self.errors_omitted += 1;
        }
    }

    /// Appends the elements, errors and warnings of the next page.
    pub(crate) fn extend(&mut self, page: ListParse<T>) {
        self.items.extend(page.items);
        for e in page.errors {
            if self.errors.len() < MAX_ITEM_ERRORS {
                self.errors.push(e);
            } else {
                self.errors_omitted += 1;
            }
        }
        self.errors_omitted += page.errors_omitted;
        self.warnings.extend(page.warnings);
    }
}

/// Line and column (1-based, columns in bytes as serde_json counts them) of byte offsets in a
/// document, found moving forward only, so that locating every element of a page is linear.
struct Positions<'a> {
    doc: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Positions<'a> {
    fn new(doc: &'a [u8]) -> Self {
        Positions {
            doc,
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The line and column of `offset`, not before the last one asked.
    fn of(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.doc.len()).max(self.at);
        for (i, &b) in self.doc[self.at..offset].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.at + i + 1;
            }
        }
        self.at = offset;
        (self.line, offset - self.line_start + 1)
    }
}

/// Moves the position of an error found in an element (counted from the element's start) to
/// the whole document, where the element starts at `start` (line, column).
fn in_document(mut e: ParseError, start: (usize, usize)) -> ParseError {
    if e.line > 0 {
        if e.line == 1 {
            e.column += start.1 - 1;
        }
        e.line += start.0 - 1;
    }
    e
}

/// Reads a JSON array of `T` (the `data` of a paginated GET, for example), keeping every valid
/// element: an invalid element yields an [`ItemError`] with its index, path, reason, position
/// in the document and the start of its raw JSON, and never loses the others. Past
/// [`MAX_ITEM_ERRORS`] invalid elements, the others are only counted.
///
/// Only a document that is not a JSON array at all is an error.
///
/// Time is linear in the document, and memory a small multiple of it, whatever it holds.
pub fn parse_list<T: DeserializeOwned + Conformance>(
    bytes: &[u8],
) -> Result<ListParse<T>, ParseError> {
    parse_list_in(bytes, bytes, 0)
}

/// [`parse_list`] of `bytes`, which are found at byte `offset` of `doc` (the `data` of a
/// response envelope): error positions are given in `doc`.
pub(crate) fn parse_list_in<T: DeserializeOwned + Conformance>(
    bytes: &[u8],
    doc: &[u8],
    offset: usize,
) -> Result<ListParse<T>, ParseError> {
    // Fast path: the whole page is valid and in the common shape.
    if let Some((items, may_warn)) = reader::read_document::<Vec<T>>(bytes) {
        let warnings = warnings_of(&items, may_warn);
        return Ok(ListParse {
            items,
            warnings,
            ..ListParse::default()
        });
    }
    // Otherwise each element is read alone, as the page's array is read: nothing but the
    // elements read so far is kept.
    let mut list = Elements {
        out: ListParse::default(),
        bytes,
        positions: Positions::new(doc),
        offset,
        path: JsonPath::root(),
    };
    let streamed = match std::str::from_utf8(bytes) {
        Ok(text) => list.read_all(&mut serde_json::Deserializer::from_str(text)),
        Err(_) => list.read_all(&mut serde_json::Deserializer::from_slice(bytes)),
    };
    match streamed {
        Ok(()) => {
            let mut out = list.out;
            if out.items.capacity() - out.items.len() > out.items.len() / 8 {
                out.items.shrink_to_fit();
            }
            Ok(out)
        }
        Err(e) => {
            drop(list);
            let fault = ParseError::from_json(&e, ".".to_owned());
            let e = locate::<Vec<serde::de::IgnoredAny>>(bytes, e)
                .err()
                .unwrap_or(fault);
            Err(if offset == 0 {
                e
            } else {
                let mut p = Positions::new(doc);
                in_document(e, p.of(offset))
            })
        }
    }
}

/// The elements of a page, read one at a time as serde_json finds them in the array.
struct Elements<'a, T> {
    out: ListParse<T>,
    bytes: &'a [u8],
    positions: Positions<'a>,
    /// Where `bytes` start in the document.
    offset: usize,
    path: JsonPath,
}

impl<T: DeserializeOwned + Conformance> Elements<'_, T> {
    fn read_all<'de, R: serde_json::de::Read<'de>>(
        &mut self,
        de: &mut serde_json::Deserializer<R>,
    ) -> Result<(), serde_json::Error> {
        serde::Deserializer::deserialize_seq(&mut *de, ElementsVisitor(self))?;
        de.end()
    }

    /// Reads element `index`, whose JSON is `text`.
    fn element(&mut self, index: usize, text: &str) {
        let item = match reader::read_document::<T>(text.as_bytes()) {
            Some(read) => Ok(read),
            None => serde_json::from_str::<T>(text)
                .or_else(|e| locate::<T>(text.as_bytes(), e))
                .map(|item| (item, true)),
        };
        // Where the element starts in `bytes` (it is a part of them).
        let start = (text.as_ptr() as usize).wrapping_sub(self.bytes.as_ptr() as usize);
        match item {
            Ok((item, may_warn)) => {
                if may_warn {
                    self.path.push_index(index);
                    item.check(&mut self.path, &mut self.out.warnings);
                    self.path.pop();
                }
                let items = &mut self.out.items;
                if items.len() == items.capacity() {
                    let end = start.saturating_add(text.len()).min(self.bytes.len());
                    reserve_for_rest(items, end, self.bytes.len() - end);
                }
                items.push(item);
            }
            Err(error) => {
                let error = if self.out.errors.len() < MAX_ITEM_ERRORS {
                    let at = self.positions.of(self.offset.saturating_add(start));
                    in_document(error.prefixed(index), at)
                } else {
                    error
                };
                self.out.push_error(index, error, text);
            }
        }
    }
}

struct ElementsVisitor<'a, 'b, T>(&'a mut Elements<'b, T>);

impl<'de, T: DeserializeOwned + Conformance> serde::de::Visitor<'de>
    for ElementsVisitor<'_, '_, T>
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            self.0.element(index, raw.get());
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
