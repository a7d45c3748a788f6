//! `ocpi validate`: reads OCPI documents (objects, lists, response envelopes, PATCH bodies)
//! with the crate's readers and reports every error and warning with its JSON path, line and
//! column, and the spec section of the object it is in.

use std::io::Read as _;

use ocpi_protocol::json::ParseError;
use ocpi_protocol::types::Warning;
use ocpi_protocol::versions::OcpiVersion;
use serde::Serialize;
use serde_json::Value;

use crate::locate;
use crate::objects::{self, Kind};
use crate::Failure;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is not valid.
    Error,
    /// An accepted deviation (refused by a strict read).
    Warning,
}

/// One error or warning.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The JSON path in the document (`.` for the root).
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column (bytes), 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The spec section of the object the path is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
}

/// The verdict on one document.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file name (`-` for standard input).
    pub file: String,
    /// The version it was read in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Whether the version was guessed.
    pub version_guessed: bool,
    /// The object type it was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Whether the object type was guessed.
    pub object_guessed: bool,
    /// `object`, `list`, `envelope` or `envelope with list`.
    pub shape: String,
    /// Elements in a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<usize>,
    /// Errors and warnings, in document order.
    pub findings: Vec<Finding>,
    /// Whether the document is valid (no error; with `--strict`, no warning either).
    pub valid: bool,
}

impl FileReport {
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What `validate` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The version, or `None` to guess it.
    pub version: Option<OcpiVersion>,
    /// The object type, or `None` to guess it.
    pub object: Option<String>,
    /// Warnings make a document invalid.
    pub strict: bool,
}

/// Reads a file, or standard input for `-`.
pub fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    if file == "-" {
        let mut out = Vec::new();
        std::io::stdin()
            .read_to_end(&mut out)
            .map_err(|e| Failure::Io(format!("standard input: {e}")))?;
        Ok(out)
    } else {
        std::fs::read(file).map_err(|e| Failure::Io(format!("{file}: {e}")))
    }
}

/// The preference among versions when a document is valid in several.
const PREFERENCE: [OcpiVersion; 3] = [
    OcpiVersion::V2_2_1,
    OcpiVersion::V2_3_0,
    OcpiVersion::V2_1_1,
];

/// The shape of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    List,
    Envelope,
    EnvelopeList,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Object => "object",
            Shape::List => "list",
            Shape::Envelope => "envelope",
            Shape::EnvelopeList => "envelope with list",
        }
    }
}

fn shape_of(doc: &Value) -> (Shape, Option<&Value>) {
    match doc {
        Value::Array(items) => (Shape::List, items.first()),
        Value::Object(map) if map.contains_key("status_code") => match map.get("data") {
            Some(Value::Array(items)) => (Shape::EnvelopeList, items.first()),
            Some(data @ Value::Object(_)) => (Shape::Envelope, Some(data)),
            _ => (Shape::Envelope, None),
        },
        other => (Shape::Object, Some(other)),
    }
}

/// How well an object's keys fit a type: higher is better.
fn score(kind: &Kind, sample: &Value) -> Option<i64> {
    let map = sample.as_object()?;
    let schema = (kind.schema)();
    let (props, required) = objects::fields(&schema);
    if props.is_empty() {
        return None;
    }
    let matched = map.keys().filter(|k| props.contains(k)).count() as i64;
    let unknown = map.len() as i64 - matched;
    let missing = required.iter().filter(|r| !map.contains_key(*r)).count() as i64;
    if matched == 0 {
        return None;
    }
    let mut score = matched * 2 - unknown * 3;
    if kind.is_patch() {
        score -= 1;
    } else {
        score -= missing * 2;
    }
    Some(score)
}

/// The candidate (version, type) pairs for a sample object, best first.
fn candidates(versions: &[OcpiVersion], sample: Option<&Value>) -> Vec<(OcpiVersion, Kind, i64)> {
    let mut out = Vec::new();
    let Some(sample) = sample else {
        return out;
    };
    for &v in versions {
        for kind in objects::kinds(v) {
            if let Some(s) = score(&kind, sample) {
                out.push((v, kind, s));
            }
        }
    }
    // Stable: versions keep their order of preference within a score.
    out.sort_by_key(|c| std::cmp::Reverse(c.2));
    out
}

/// Reads `bytes` as `kind` of `version` in `shape`.
fn read(kind: &Kind, shape: Shape, bytes: &[u8]) -> Reading {
    match shape {
        Shape::Object => match (kind.one)(bytes) {
            Ok(w) => Reading::ok(w, None),
            Err(e) => every_error(kind, bytes, e, "", &kind.one),
        },
        Shape::Envelope => match (kind.envelope_one)(bytes) {
            Ok((_, w)) => Reading::ok(w, None),
            Err(e) => every_error(kind, bytes, e, "data", &|b: &[u8]| {
                (kind.envelope_one)(b).map(|(_, w)| w)
            }),
        },
        Shape::List => match (kind.list)(bytes) {
            Ok(list) => every_item_error(kind, bytes, "", list),
            Err(e) => Reading::failed(e),
        },
        Shape::EnvelopeList => match (kind.envelope_list)(bytes) {
            Ok(env) => every_item_error(kind, bytes, "data", env.list),
            Err(e) => Reading::failed(e),
        },
    }
}

/// The most bad elements of a list searched for more errors than their first.
const MAX_ITEMS_SEARCHED: usize = 20;

/// A list's reading with every error of each bad element (of the first
/// [`MAX_ITEMS_SEARCHED`]): the list's reader gives an element's first error; the element is
/// then read alone as [`every_error`] reads one object, and the errors after its first follow
/// it, with their paths and positions in the whole document.
fn every_item_error(
    kind: &Kind,
    bytes: &[u8],
    prefix: &str,
    list: objects::ListOutcome,
) -> Reading {
    let doc = serde_json::from_slice::<Value>(bytes).ok();
    let items = doc.as_ref().and_then(|d| {
        if prefix.is_empty() {
            d.as_array()
        } else {
            d.get(prefix)?.as_array()
        }
    });
    let more: Vec<Vec<ParseError>> = list
        .errors
        .iter()
        .take(MAX_ITEMS_SEARCHED)
        .map(|bad| {
            let Some(item) = items.and_then(|items| items.get(bad.index)) else {
                return Vec::new();
            };
            let alone = serde_json::to_vec(item).unwrap_or_default();
            let Err(first) = (kind.one)(&alone) else {
                return Vec::new();
            };
            let at = format!("{prefix}[{}]", bad.index);
            let reported = format!("{prefix}{}", bad.error.path);
            let reading = every_error(kind, &alone, first, "", &kind.one);
            // The element alone is read in another order of its members (the JSON value's): its
            // first error need not be the one the list reported.
            let mut more: Vec<ParseError> = reading
                .errors
                .into_iter()
                .map(|mut e| {
                    let inner = e.path.trim_start_matches('.');
                    e.path = match inner {
                        "" => at.clone(),
                        _ if inner.starts_with('[') => format!("{at}{inner}"),
                        _ => format!("{at}.{inner}"),
                    };
                    (e.line, e.column) = locate::end_position(bytes, &e.path).unwrap_or((0, 0));
                    e
                })
                .filter(|e| e.path != reported)
                .collect();
            more.sort_by_key(|e| (e.line, e.column));
            more
        })
        .collect();
    let mut reading = Reading::from_list(prefix, list);
    let firsts = std::mem::take(&mut reading.errors);
    for (k, first) in firsts.into_iter().enumerate() {
        reading.errors.push(first);
        reading
            .errors
            .extend(more.get(k).into_iter().flatten().cloned());
    }
    reading
}

/// A reading of a whole document: its warnings, or its first error.
type Reader<'a> = dyn Fn(&[u8]) -> Result<Vec<Warning>, ParseError> + 'a;

/// The most errors looked for in one object after the first.
const MAX_ERRORS: usize = 100;

/// Every error of one object, not only the first the crate's reader stops at: the value at
/// each error's path is replaced by a plain value of its type ([`objects::placeholder`]; a
/// missing member is added, and a member is removed when the schema gives no value) and the
/// document read again, until it reads, an error comes back at a path already replaced, or
/// the error names the whole object. The reader judges every value; nothing of its rules is
/// repeated here. The warnings are those of the last reading, outside the values replaced.
///
/// `inner` is the path of the object in the document (`data` in a response envelope, empty
/// for an object alone), `reader` the reading of the whole document.
fn every_error(
    kind: &Kind,
    bytes: &[u8],
    first: ParseError,
    inner: &str,
    reader: &Reader<'_>,
) -> Reading {
    let mut reading = Reading::failed(first);
    let Ok(mut doc) = serde_json::from_slice::<Value>(bytes) else {
        return reading;
    };
    let schema = (kind.schema)();
    let mut replaced: Vec<String> = Vec::new();
    while reading.errors.len() <= MAX_ERRORS {
        let Some(path) = reading.errors.last().map(target) else {
            break;
        };
        // The path inside the object; an error outside it (in the envelope) ends the search.
        let Some(in_object) = (if inner.is_empty() {
            Some(path.as_str())
        } else {
            path.strip_prefix(inner)
                .and_then(|rest| rest.strip_prefix('.'))
        }) else {
            break;
        };
        if replaced.contains(&path) || locate::segments(in_object).is_empty() {
            break;
        }
        let stand_in = objects::schema_at(&schema, in_object)
            .and_then(|s| objects::placeholder(&schema, s, 0));
        if !replace(&mut doc, &path, stand_in) {
            break;
        }
        replaced.push(path);
        let again = serde_json::to_vec(&doc).unwrap_or_default();
        match reader(&again) {
            Ok(warnings) => {
                reading.warnings = warnings
                    .into_iter()
                    .filter(|w| !replaced.iter().any(|p| within(&w.path, p)))
                    .collect();
                break;
            }
            Err(mut e) => {
                if replaced.iter().any(|p| within(&target(&e), p)) {
                    break;
                }
                // The position is found again in the document as written, where the reader
                // places it: the end of the value.
                (e.line, e.column) = locate::end_position(bytes, &e.path).unwrap_or((0, 0));
                reading.errors.push(e);
            }
        }
    }
    reading
}

/// The path of the value an error is about: a missing member's own path (the error names the
/// object that lacks it), else the error's.
fn target(e: &ParseError) -> String {
    let missing = e
        .message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match missing {
        Some(name) if e.path == "." || e.path.is_empty() => name.to_owned(),
        Some(name) => format!("{}.{name}", e.path),
        None => e.path.clone(),
    }
}

/// Whether `path` is `outer` or inside it.
fn within(path: &str, outer: &str) -> bool {
    path == outer
        || path
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Replaces the value at `path` (removes it when `with` is `None`); false when the document
/// has no value there.
fn replace(doc: &mut Value, path: &str, with: Option<Value>) -> bool {
    let segments = locate::segments(path);
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut at = doc;
    for segment in parents {
        let next = match segment {
            locate::Segment::Field(name) => at.get_mut(*name),
            locate::Segment::Index(i) => at.get_mut(*i),
        };
        let Some(next) = next else { return false };
        at = next;
    }
    match (last, with) {
        (locate::Segment::Field(name), Some(v)) => match at.as_object_mut() {
            Some(map) => {
                map.insert((*name).to_owned(), v);
                true
            }
            None => false,
        },
        (locate::Segment::Field(name), None) => at
            .as_object_mut()
            .is_some_and(|m| m.remove(*name).is_some()),
        (locate::Segment::Index(i), Some(v)) => match at.get_mut(*i) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        },
        // Removing an element would move the paths of the next ones.
        (locate::Segment::Index(_), None) => false,
    }
}

/// What one reading gave.
struct Reading {
    errors: Vec<ParseError>,
    warnings: Vec<Warning>,
    items: Option<usize>,
}

impl Reading {
    fn ok(warnings: Vec<Warning>, items: Option<usize>) -> Self {
        Reading {
            errors: Vec::new(),
            warnings,
            items,
        }
    }

    fn failed(e: ParseError) -> Self {
        Reading {
            errors: vec![e],
            warnings: Vec::new(),
            items: None,
        }
    }

    fn from_list(prefix: &str, list: objects::ListOutcome) -> Self {
        let join = |path: &str| {
            if prefix.is_empty() {
                path.to_owned()
            } else {
                format!("{prefix}{path}")
            }
        };
        let total = list.items + list.errors.len() + list.omitted;
        let mut errors: Vec<ParseError> = list
            .errors
            .into_iter()
            .map(|e| {
                let mut err = e.error;
                err.path = join(&err.path);
                err
            })
            .collect();
        if list.omitted > 0 {
            errors.push(ParseError {
                path: join(""),
                message: format!("{} more invalid elements not listed", list.omitted),
                category: ocpi_protocol::json::ErrorCategory::Data,
                line: 0,
                column: 0,
            });
        }
        let warnings = list
            .warnings
            .into_iter()
            .map(|mut w| {
                w.path = join(&w.path);
                w
            })
            .collect();
        Reading {
            errors,
            warnings,
            items: Some(total),
        }
    }
}

/// Validates one document.
pub fn validate_bytes(file: &str, bytes: &[u8], options: &Options) -> Result<FileReport, Failure> {
    let doc: Value = match serde_json::from_slice(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            return Ok(FileReport {
                file: file.to_owned(),
                version: options.version.map(|v| v.to_string()),
                version_guessed: false,
                object: options.object.clone(),
                object_guessed: false,
                shape: "not JSON".to_owned(),
                items: None,
                findings: vec![Finding {
                    severity: Severity::Error,
                    path: ".".to_owned(),
                    line: e.line(),
                    column: e.column(),
                    message,
                    spec: Some("RFC 8259 (OCPI transport_and_format: JSON)".to_owned()),
                }],
                valid: false,
            });
        }
    };
    let (shape, sample) = shape_of(&doc);
    let versions: Vec<OcpiVersion> = match options.version {
        Some(v) => vec![v],
        None => PREFERENCE.to_vec(),
    };
    let (version, kind, read, object_guessed) = match &options.object {
        Some(name) => {
            let mut found = None;
            for &v in &versions {
                if let Some(kind) = objects::find(v, name) {
                    keep_best(&mut found, (v, kind, read(&kind, shape, bytes), false));
                }
            }
            found.ok_or_else(|| {
                Failure::Usage(format!(
                    "no object {name} in OCPI {}; known: {}",
                    versions
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    objects::names(versions[0]).join(", ")
                ))
            })?
        }
        None => {
            let list = candidates(&versions, sample);
            let Some(top) = list.first().map(|c| c.2) else {
                return Ok(no_guess(file, bytes, shape, options, &versions));
            };
            // Among the best-fitting types (and the next best), the first that reads with the
            // fewest warnings.
            let mut best: Option<Candidate> = None;
            for (v, kind, s) in list.into_iter().filter(|c| c.2 >= top - 1).take(12) {
                let _ = s;
                keep_best(&mut best, (v, kind, read(&kind, shape, bytes), true));
            }
            match best {
                Some(b) => b,
                None => return Ok(no_guess(file, bytes, shape, options, &versions)),
            }
        }
    };
    let schema = (kind.schema)();
    let place = Placing {
        bytes,
        schema: &schema,
        shape,
        version,
    };
    let mut findings: Vec<Finding> = read.errors.into_iter().map(|e| place.error(e)).collect();
    for w in read.warnings {
        let text = w.to_string();
        let message = text
            .strip_prefix(&format!("{}: ", w.path))
            .unwrap_or(&text)
            .to_owned();
        findings.push(place.finding(Severity::Warning, w.path, message, 0, 0));
    }
    findings.sort_by_key(|f| (f.line, f.column));
    let mut report = FileReport {
        file: file.to_owned(),
        version: Some(version.to_string()),
        version_guessed: options.version.is_none(),
        object: Some(kind.name.to_owned()),
        object_guessed,
        shape: shape.name().to_owned(),
        items: read.items,
        findings,
        valid: false,
    };
    report.valid = report.count(Severity::Error) == 0
        && !(options.strict && report.count(Severity::Warning) > 0);
    Ok(report)
}

/// A read of a document as one version's object (and whether the object was guessed).
type Candidate = (OcpiVersion, Kind, Reading, bool);

/// Keeps `candidate` in `best` when it reads better (a lower [`rank`]) than what `best` holds.
fn keep_best(best: &mut Option<Candidate>, candidate: Candidate) {
    if best
        .as_ref()
        .is_none_or(|(_, _, r, _)| rank(&candidate.2) < rank(r))
    {
        *best = Some(candidate);
    }
}

/// Errors first, then warnings: lower is better.
fn rank(read: &Reading) -> (usize, usize) {
    (read.errors.len(), read.warnings.len())
}

fn no_guess(
    file: &str,
    bytes: &[u8],
    shape: Shape,
    options: &Options,
    versions: &[OcpiVersion],
) -> FileReport {
    // An envelope without data (an error answer) needs no object type.
    if shape == Shape::Envelope {
        let kind = objects::find(versions[0], "DisplayText").expect("DisplayText is listed");
        let read = read(&kind, shape, bytes);
        let place = Placing {
            bytes,
            schema: &Value::Null,
            shape,
            version: versions[0],
        };
        let findings: Vec<Finding> = read.errors.into_iter().map(|e| place.error(e)).collect();
        return FileReport {
            file: file.to_owned(),
            version: options.version.map(|v| v.to_string()),
            version_guessed: false,
            object: None,
            object_guessed: false,
            shape: "envelope without data".to_owned(),
            items: None,
            valid: findings.is_empty(),
            findings,
        };
    }
    FileReport {
        file: file.to_owned(),
        version: options.version.map(|v| v.to_string()),
        version_guessed: false,
        object: None,
        object_guessed: false,
        shape: shape.name().to_owned(),
        items: None,
        findings: vec![Finding {
            severity: Severity::Error,
            path: ".".to_owned(),
            line: 1,
            column: 1,
            message: "not an OCPI object this tool knows; name its type with --object".to_owned(),
            spec: None,
        }],
        valid: false,
    }
}

/// What places a finding in a document: the document, its object's schema (for the spec
/// section), its shape and its version.
struct Placing<'a> {
    bytes: &'a [u8],
    schema: &'a Value,
    shape: Shape,
    version: OcpiVersion,
}

impl Placing<'_> {
    /// A reading error, placed.
    fn error(&self, e: ParseError) -> Finding {
        self.finding(Severity::Error, e.path, e.message, e.line, e.column)
    }

    /// A finding at `path` (at `line` and `column`; 0: found from the path), with the spec
    /// section of the innermost object along the path.
    fn finding(
        &self,
        severity: Severity,
        path: String,
        message: String,
        line: usize,
        column: usize,
    ) -> Finding {
        let Placing {
            bytes,
            schema,
            shape,
            version,
        } = *self;
        let (line, column) = if line > 0 {
            (line, column)
        } else {
            locate::position(bytes, &path).unwrap_or((0, 0))
        };
        // The path inside the object: without the envelope's `data` and a list's index.
        let mut inner = path.as_str();
        let envelope = matches!(shape, Shape::Envelope | Shape::EnvelopeList);
        if envelope {
            match inner.strip_prefix("data") {
                Some(rest) => inner = rest.strip_prefix('.').unwrap_or(rest),
                None => {
                    return Finding {
                        severity,
                        path,
                        line,
                        column,
                        message,
                        spec: Some(format!("{version} transport_and_format §Response format")),
                    }
                }
            }
        }
        if matches!(shape, Shape::List | Shape::EnvelopeList) && inner.starts_with('[') {
            inner = inner.find(']').map_or("", |i| &inner[i + 1..]);
            inner = inner.strip_prefix('.').unwrap_or(inner);
        }
        let spec = objects::spec_section(schema, if inner.is_empty() { "." } else { inner });
        Finding {
            severity,
            path,
            line,
            column,
            message,
            spec,
        }
    }
}

/// Writes the human report of one document.
pub fn print_human(report: &FileReport, out: &mut String) {
    use std::fmt::Write;
    let guessed = |g: bool| if g { " (guessed)" } else { "" };
    let what = match (&report.object, &report.version) {
        (Some(o), Some(v)) => format!(
            "{o}{} in OCPI {v}{}",
            guessed(report.object_guessed),
            guessed(report.version_guessed)
        ),
        (None, Some(v)) => format!("OCPI {v}"),
        _ => "unknown object".to_owned(),
    };
    let items = report
        .items
        .map(|n| format!(", {n} element{}", if n == 1 { "" } else { "s" }))
        .unwrap_or_default();
    let _ = writeln!(out, "{}: {what}, {}{items}", report.file, report.shape);
    for f in &report.findings {
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = if f.line > 0 {
            format!(" (line {}, column {})", f.line, f.column)
        } else {
            String::new()
        };
        let spec = f
            .spec
            .as_ref()
            .map(|s| format!("\n      spec: {s}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {kind:<7} {}{at}: {}{spec}", f.path, f.message);
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let verdict = if report.valid { "valid" } else { "INVALID" };
    let _ = writeln!(
        out,
        "  {verdict}: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
}

/// Runs `validate` over files; returns the output and whether every document is valid.
pub fn run(files: &[String], options: &Options, json: bool) -> Result<(String, bool), Failure> {
    let mut reports = Vec::new();
    for file in files {
        let bytes = read_input(file)?;
        reports.push(validate_bytes(file, &bytes, options)?);
    }
    let all_valid = reports.iter().all(|r| r.valid);
    let out = if json {
        let errors: usize = reports.iter().map(|r| r.count(Severity::Error)).sum();
        let warnings: usize = reports.iter().map(|r| r.count(Severity::Warning)).sum();
        let doc = serde_json::json!({
            "valid": all_valid,
            "errors": errors,
            "warnings": warnings,
            "files": reports,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    } else {
        let mut out = String::new();
        for r in &reports {
            print_human(r, &mut out);
        }
        out
    };
    Ok((out, all_valid))
}
