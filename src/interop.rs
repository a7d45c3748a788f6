//! Per-peer tolerances for the deviations of real partners' platforms: the [`Interop`]
//! profile, kept with a peer's [`PeerTerms`](crate::credentials::PeerTerms), and the typed
//! [`Tolerated`] report of every deviation it let through.
//!
//! Strict is the default: a peer without a profile gets the spec, to the letter, both ways.
//!
//! Spec: DESIGN principle 10 ("Tolerances for real partners' deviations are opt-in per peer and
//! always reported as warnings"); the sections named by each [`Interop`] field.

use std::fmt;
use std::sync::Arc;

use serde_json::value::RawValue;

use crate::credentials::PeerId;
use crate::modules::{Edge, Wire, WireError};
use crate::transport::AuthorizationMode;
use crate::versions::OcpiVersion;

/// The tolerances this platform grants one peer, beyond what the spec allows: each absorbs a
/// deviation met in real partners' platforms. Every field is `false` by default (strict); each
/// one set lets that deviation through, from that peer only, and reports each occurrence as a
/// [`Tolerated`] to the application ([`Bridge::on_tolerated`](crate::modules::Bridge::on_tolerated)).
/// Leniency is for reading: what this platform sends stays what the spec says (except the
/// trailing `/` of the URLs this platform publishes and calls, which the spec leaves open).
///
/// The profile is part of the peer's [`PeerTerms`](crate::credentials::PeerTerms)
/// ([`PeerTerms::with_interop`](crate::credentials::PeerTerms::with_interop)): every store
/// keeps it with the registration, and the [`Client`](crate::client::Client) and the
/// [`Server`](crate::server::Server) apply it to every exchange with that peer. A peer without
/// one costs nothing: the tolerances are tried only on what the strict reading refused.
///
/// | field | the partner behaviour it absorbs | reported as |
/// | --- | --- | --- |
/// | [`single_object_in_array`](Interop::single_object_in_array) | one object sent as a one-element array where the spec says object: `"data": [{"id": "L1", …}]` answering `GET …/locations/NL/CPO/L1`, or the body `[{"uid": "T1", …}]` of a Token PUT | [`Tolerance::SingleObjectInArray`] |
/// | [`unpadded_date_times`](Interop::unpadded_date_times) | date-time parts without zero padding: `"start_date_time": "2025-8-14T7:18:9.939Z"`, read as `2025-08-14T07:18:09.939Z` (the value normalised, the object then written with it) | [`Tolerance::UnpaddedDateTime`] |
/// | [`other_authorization_encoding`](Interop::other_authorization_encoding) | the `Authorization` header in the other encoding than the version's: `Token 4f7a…` (the token as is) from a 2.2.1 or 2.3.0 peer, `Token NGY3YQ==` (Base64) from a 2.1.1 peer | [`Tolerance::OtherAuthorizationEncoding`] |
/// | [`trailing_slash_endpoints`](Interop::trailing_slash_endpoints) | a peer that needs URLs to end with `/`: the version details served to it publish `https://example.com/ocpi/2.2.1/sender/locations/` (this server answers both forms anyway), and the client calls its objects as `…/locations/NL/CPO/L1/` (a partner that answers `307` to the URL without the `/`) | [`Tolerance::TrailingSlashEndpoints`] when the details are served |
///
/// ```
/// use ocpi_protocol::credentials::{PartyGrant, PeerTerms};
/// use ocpi_protocol::interop::Interop;
/// use ocpi_protocol::transport::PartyRef;
///
/// let party = PartyRef::new("NL".parse().unwrap(), "CPO".parse().unwrap());
/// let profile = Interop {
///     single_object_in_array: true,
///     unpadded_date_times: true,
///     ..Interop::strict()
/// };
/// let terms = PeerTerms::new(PartyGrant::parties([party])).with_interop(profile);
/// assert!(!terms.interop.is_strict());
/// assert!(PeerTerms::new(PartyGrant::Vetted).interop.is_strict());
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Response format (`data`: an object or an array,
/// as each request defines), §Authorization header; 2.2.1 types.asciidoc §DateTime type;
/// 2.2.1 version_information_endpoint.asciidoc §Version details endpoint; 2.1.1
/// transport_and_format.md §Authorization header
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Interop {
    /// Read a one-element array where the spec says one object (an answer's `data`, a
    /// request's body), as that object.
    pub single_object_in_array: bool,
    /// Read date-times whose month, day, hour, minute or second lack the leading zero, padded.
    pub unpadded_date_times: bool,
    /// Accept the `Authorization` header in the other encoding than the version's (the token
    /// as is for 2.2.1 and 2.3.0, Base64 for 2.1.1).
    pub other_authorization_encoding: bool,
    /// Publish this platform's endpoint URLs to the peer with a trailing `/`, and call the
    /// peer's object URLs with one.
    pub trailing_slash_endpoints: bool,
}

impl Interop {
    /// No tolerance: the spec to the letter (the default).
    pub const fn strict() -> Self {
        Interop {
            single_object_in_array: false,
            unpadded_date_times: false,
            other_authorization_encoding: false,
            trailing_slash_endpoints: false,
        }
    }

    /// Every tolerance.
    pub const fn all() -> Self {
        Interop {
            single_object_in_array: true,
            unpadded_date_times: true,
            other_authorization_encoding: true,
            trailing_slash_endpoints: true,
        }
    }

    /// Whether no tolerance is granted.
    pub fn is_strict(&self) -> bool {
        *self == Interop::strict()
    }

    /// Whether a tolerance applies to reading documents.
    fn reads_leniently(&self) -> bool {
        self.single_object_in_array || self.unpadded_date_times
    }
}

/// One deviation a peer's [`Interop`] profile let through.
///
/// Spec: see each [`Interop`] field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tolerance {
    /// A one-element array was read as the one object the spec requires there.
    SingleObjectInArray,
    /// A date-time without zero padding was read as its padded form.
    UnpaddedDateTime {
        /// The value as the peer wrote it (`2025-8-14T7:18:9Z`).
        received: String,
        /// The value as read (`2025-08-14T07:18:09Z`).
        normalised: String,
    },
    /// The `Authorization` header was in another encoding than the one expected.
    OtherAuthorizationEncoding {
        /// How the peer wrote it.
        received: AuthorizationMode,
        /// How the version (or the peer's terms) says it must be written.
        expected: AuthorizationMode,
    },
    /// The version details served to the peer publish the endpoint URLs with a trailing `/`.
    TrailingSlashEndpoints {
        /// The version of the details.
        version: OcpiVersion,
    },
}

/// A deviation of a peer let through by its [`Interop`] profile: the warning reported to the
/// application, through [`Bridge::on_tolerated`](crate::modules::Bridge::on_tolerated).
///
/// Spec: DESIGN principle 10 (tolerances always reported as warnings)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tolerated {
    /// The peer.
    pub peer: PeerId,
    /// Where: the JSON path in the object read (`.` for the whole document,
    /// `evses[0].last_updated`), or the header's name.
    pub path: String,
    /// What was tolerated.
    pub tolerance: Tolerance,
}

impl fmt::Display for Tolerated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at `{}`: ", self.peer, self.path)?;
        match &self.tolerance {
            Tolerance::SingleObjectInArray => {
                f.write_str("one object sent as a one-element array, read as the object")
            }
            Tolerance::UnpaddedDateTime {
                received,
                normalised,
            } => write!(
                f,
                "date-time {received:?} without zero padding, read as {normalised:?}"
            ),
            Tolerance::OtherAuthorizationEncoding { received, expected } => write!(
                f,
                "Authorization header written {received:?} where {expected:?} is expected"
            ),
            Tolerance::TrailingSlashEndpoints { version } => write!(
                f,
                "the {version} endpoint URLs published with a trailing `/`"
            ),
        }
    }
}

/// The application's hook for [`Tolerated`] deviations.
pub(crate) type ToleranceHook = Arc<dyn Fn(&Tolerated) + Send + Sync>;

/// Whether a read may try a one-element array as its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The document is one object (an answer's `data`, a request body).
    Object,
    /// The document is one element of a list.
    Element,
}

/// Reads an object a peer sent, in the strict way first; when that fails on the document's
/// form and the peer's profile tolerates a deviation found in it, reads the document again
/// without the deviation and reports each one to the bridge's hook. Nothing more happens on a
/// strict profile or a document read at first.
pub(crate) fn read<W: Wire>(
    bytes: &[u8],
    edge: &Edge<'_>,
    interop: Interop,
    peer: &PeerId,
    shape: Shape,
) -> Result<W, WireError> {
    read_with(bytes, edge, interop, peer, shape, |b| W::read(b, edge))
}

/// [`read`] with the object's own reader (an answer read with more than its bytes).
pub(crate) fn read_with<T>(
    bytes: &[u8],
    edge: &Edge<'_>,
    interop: Interop,
    peer: &PeerId,
    shape: Shape,
    reader: impl Fn(&[u8]) -> Result<T, WireError>,
) -> Result<T, WireError> {
    let first = match reader(bytes) {
        Ok(value) => return Ok(value),
        Err(e @ WireError::Parse(_)) if interop.reads_leniently() => e,
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    let mut doc: std::borrow::Cow<'_, [u8]> = bytes.into();
    if interop.single_object_in_array && shape == Shape::Object {
        if let Some(inner) = single_element(bytes) {
            doc = inner.into();
            found.push((".".to_owned(), Tolerance::SingleObjectInArray));
        }
    }
    if interop.unpadded_date_times {
        if let Some((padded, dates)) = pad_date_times(&doc) {
            doc = padded.into();
            found.extend(dates.into_iter().map(|d| {
                let tolerance = Tolerance::UnpaddedDateTime {
                    received: d.received,
                    normalised: d.normalised,
                };
                (d.path, tolerance)
            }));
        }
    }
    if found.is_empty() {
        return Err(first);
    }
    let value = reader(&doc)?;
    for (path, tolerance) in found {
        edge.bridge.tolerated(&Tolerated {
            peer: peer.clone(),
            path,
            tolerance,
        });
    }
    Ok(value)
}

/// The one element of a JSON array of exactly one element, as its bytes.
fn single_element(bytes: &[u8]) -> Option<Vec<u8>> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'[' {
        return None;
    }
    match serde_json::from_slice::<Vec<&RawValue>>(bytes)
        .ok()?
        .as_slice()
    {
        [one] => Some(one.get().as_bytes().to_vec()),
        _ => None,
    }
}

/// A date-time padded by the scan: where, as written, as read.
struct Padded {
    path: String,
    received: String,
    normalised: String,
}

/// The most nesting the date scan follows (deeper documents are left as they are).
const MAX_SCAN_DEPTH: usize = 128;

/// The document with every date-time field's value ([`is_date_time_field`]) that is a
/// date-time without zero padding padded, and
/// for each (the first [`MAX_WARNINGS`](crate::types::MAX_WARNINGS)): its JSON path, the value
/// as written and as padded. `None` when there is none (or the document is not well-formed
/// enough to scan). Linear in the document.
fn pad_date_times(bytes: &[u8]) -> Option<(Vec<u8>, Vec<Padded>)> {
    enum Frame {
        Object { key: Option<String>, at_key: bool },
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                if end >= bytes.len() {
                    return None;
                }
                let text = &bytes[start..end];
                match stack.last_mut() {
                    Some(Frame::Object { key, at_key: true }) => {
                        *key = Some(String::from_utf8_lossy(text).into_owned());
                    }
                    // Only the value of a date-time field: free text or an unknown field that
                    // looks like an unpadded date-time is left as written.
                    Some(Frame::Object { key: Some(key), .. }) if is_date_time_field(key) => {
                        if let Some(padded) = padded_date_time(text) {
                            let doc =
                                out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 16));
                            doc.extend_from_slice(&bytes[copied..start]);
                            doc.extend_from_slice(padded.as_bytes());
                            copied = end;
                            // Reported up to the bound of warnings of a document, so that
                            // memory stays a small multiple of it (all are padded).
                            if found.len() < crate::types::MAX_WARNINGS {
                                found.push(Padded {
                                    path: path_of(&stack),
                                    received: String::from_utf8_lossy(text).into_owned(),
                                    normalised: padded,
                                });
                            }
                        }
                    }
                    _ => {}
                }
                i = end;
            }
            b'{' | b'[' if stack.len() >= MAX_SCAN_DEPTH => return None,
            b'{' => stack.push(Frame::Object {
                key: None,
                at_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { at_key, .. }) = stack.last_mut() {
                    *at_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { at_key, .. }) => *at_key = true,
                Some(Frame::Array(n)) => *n += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut doc = out?;
    doc.extend_from_slice(&bytes[copied.min(bytes.len())..]);
    return Some((doc, found));

    fn path_of(stack: &[Frame]) -> String {
        let mut path = String::new();
        for frame in stack {
            match frame {
                Frame::Object { key: Some(k), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array(n) => path.push_str(&format!("[{n}]")),
            }
        }
        if path.is_empty() {
            path.push('.');
        }
        path
    }
}

/// Whether a member holds a DateTime in some version of OCPI: `last_updated`, `timestamp`,
/// `expiry_date`, `departure_time`, `period_begin`, `period_end`, and every `…_date_time`
/// and `…_datetime`.
///
/// Spec: 2.2.1 types.asciidoc §DateTime type; the object tables of every module
fn is_date_time_field(key: &str) -> bool {
    matches!(
        key,
        "last_updated"
            | "timestamp"
            | "expiry_date"
            | "departure_time"
            | "period_begin"
            | "period_end"
    ) || key.ends_with("_date_time")
        || key.ends_with("_datetime")
}

/// `YYYY-M-DTh:m:s[.fraction][Z]` with at least one part of one digit, padded to the spec's
/// form; `None` for anything else (a conforming date-time included).
fn padded_date_time(text: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(text).ok()?;
    let (date, time) = text.split_once('T')?;
    let (time, zulu) = match time.strip_suffix('Z') {
        Some(t) => (t, "Z"),
        None => (time, ""),
    };
    let (time, fraction) = match time.split_once('.') {
        Some((t, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (t, Some(f)),
        Some(_) => return None,
        None => (time, None),
    };
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut date = date.split('-');
    let year = date.next()?;
    let mut parts = Vec::with_capacity(5);
    parts.extend(date);
    parts.extend(time.split(':'));
    if !digits(year, 4)
        || year.len() != 4
        || parts.len() != 5
        || !parts.iter().all(|p| digits(p, 2))
    {
        return None;
    }
    if parts.iter().all(|p| p.len() == 2) {
        return None;
    }
    let mut out = format!(
        "{year}-{:0>2}-{:0>2}T{:0>2}:{:0>2}:{:0>2}",
        parts[0], parts[1], parts[2], parts[3], parts[4]
    );
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out.push_str(zulu);
    Some(out)
}

/// `url` with a `/` at the end of its path (before its query), if it has none.
pub(crate) fn with_trailing_slash(url: &str) -> std::borrow::Cow<'_, str> {
    let (path, query) = url
        .split_once('?')
        .map_or((url, None), |(p, q)| (p, Some(q)));
    if path.ends_with('/') {
        return url.into();
    }
    match query {
        Some(q) => format!("{path}/?{q}").into(),
        None => format!("{path}/").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_only_unpadded_date_times() {
        assert_eq!(
            padded_date_time(b"2025-8-14T07:18:09.939Z").as_deref(),
            Some("2025-08-14T07:18:09.939Z")
        );
        assert_eq!(
            padded_date_time(b"2024-1-5T7:3:0").as_deref(),
            Some("2024-01-05T07:03:00")
        );
        assert_eq!(padded_date_time(b"2025-08-14T07:18:09Z"), None);
        assert_eq!(padded_date_time(b"25-8-14T07:18:09Z"), None);
        assert_eq!(padded_date_time(b"2025-8-14T07:18Z"), None);
        assert_eq!(padded_date_time(b"2025-8-14T07:18:09+02:00"), None);
        assert_eq!(padded_date_time(b"2025-123-14T07:18:09Z"), None);
        assert_eq!(padded_date_time(b"NL-CPO-1T2:3:4"), None);
    }

    #[test]
    fn scan_finds_paths_and_rewrites_date_time_values_only() {
        let doc = br#"{"last_updated":"2025-8-1T1:2:3Z","2025-8-1T1:2:3Z":1,"l":[{"x":"ok"},{"start_date_time":"2025-10-1T10:20:30Z","e":"a\"b","name":"2025-8-1T1:2:3Z","x_note":"2025-8-1T1:2:3Z"}],"d":["2025-8-1T1:2:3Z"]}"#;
        let (out, found) = pad_date_times(doc).unwrap();
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"{"last_updated":"2025-08-01T01:02:03Z","2025-8-1T1:2:3Z":1,"l":[{"x":"ok"},{"start_date_time":"2025-10-01T10:20:30Z","e":"a\"b","name":"2025-8-1T1:2:3Z","x_note":"2025-8-1T1:2:3Z"}],"d":["2025-8-1T1:2:3Z"]}"#
        );
        let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["last_updated", "l[1].start_date_time"]);
        // Free text and unknown fields that look like unpadded date-times are left alone.
        assert!(pad_date_times(br#"{"name":"2025-8-1T1:2:3Z"}"#).is_none());
        for key in [
            "timestamp",
            "expiry_date",
            "departure_time",
            "period_end",
            "end_datetime",
        ] {
            let doc = format!(r#"{{"{key}":"2025-8-1T1:2:3Z"}}"#);
            assert!(pad_date_times(doc.as_bytes()).is_some(), "{key}");
        }
        assert!(pad_date_times(br#"{"last_updated":"2025-08-01T01:02:03Z"}"#).is_none());
        assert!(pad_date_times(br#"{"a":"unterminated"#).is_none());
    }

    #[test]
    fn single_element_arrays_only() {
        assert_eq!(single_element(br#" [{"a":1}] "#).unwrap(), br#"{"a":1}"#);
        assert!(single_element(br#"[{"a":1},{"a":2}]"#).is_none());
        assert!(single_element(br#"[]"#).is_none());
        assert!(single_element(br#"{"a":1}"#).is_none());
    }

    #[test]
    fn trailing_slash_goes_before_the_query() {
        assert_eq!(
            with_trailing_slash("https://x/a/b?c=1"),
            "https://x/a/b/?c=1"
        );
        assert_eq!(with_trailing_slash("https://x/a/b/"), "https://x/a/b/");
        assert_eq!(with_trailing_slash("https://x/a"), "https://x/a/");
    }
}
