//! Every object of every version the command line reads: its name, its JSON Schema (for the
//! field names, the required fields and the spec sections along a JSON path) and the crate's
//! readers of it, alone, in a list, or in a response envelope.

use ocpi_protocol::json::{self, ItemError, ParseError};
use ocpi_protocol::transport::{parse_list_response, Response, StatusCode};
use ocpi_protocol::types::{Conformance, Warning};
use ocpi_protocol::versions::OcpiVersion;
use schemars::{JsonSchema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What reading a list gave: how many elements were read, an error per bad one, the warnings.
#[derive(Debug, Default)]
pub struct ListOutcome {
    /// Elements read.
    pub items: usize,
    /// Elements that could not be read (paths start at the list).
    pub errors: Vec<ItemError>,
    /// Bad elements beyond those in `errors`.
    pub omitted: usize,
    /// Accepted deviations (paths start at the list).
    pub warnings: Vec<Warning>,
}

/// A response envelope around a list, read.
#[derive(Debug)]
pub struct EnvelopeList {
    /// The list in `data` (empty for an error answer).
    pub list: ListOutcome,
}

/// An envelope around one object, read: its status and the object's warnings.
pub type OneInEnvelope = Result<(StatusCode, Vec<Warning>), ParseError>;

/// One object type of one version.
#[derive(Clone, Copy)]
pub struct Kind {
    /// The type's name (`Location`, `EvsePatch`, …).
    pub name: &'static str,
    /// Its JSON Schema.
    pub schema: fn() -> Value,
    /// Reads one document of this type.
    pub one: fn(&[u8]) -> Result<Vec<Warning>, ParseError>,
    /// Reads a list of this type, element by element.
    pub list: fn(&[u8]) -> Result<ListOutcome, ParseError>,
    /// Reads a response envelope whose `data` is one object of this type.
    pub envelope_one: fn(&[u8]) -> OneInEnvelope,
    /// Reads a response envelope whose `data` is a list of this type.
    pub envelope_list: fn(&[u8]) -> Result<EnvelopeList, ParseError>,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

fn one<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Result<Vec<Warning>, ParseError> {
    json::parse::<T>(bytes).map(|p| p.warnings)
}

fn outcome<T>(list: json::ListParse<T>) -> ListOutcome {
    ListOutcome {
        items: list.items.len(),
        errors: list.errors,
        omitted: list.errors_omitted,
        warnings: list.warnings,
    }
}

fn list<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> Result<ListOutcome, ParseError> {
    json::parse_list::<T>(bytes).map(outcome)
}

fn envelope_one<T: DeserializeOwned + Conformance>(
    bytes: &[u8],
) -> Result<(StatusCode, Vec<Warning>), ParseError> {
    json::parse::<Response<T>>(bytes).map(|p| (p.value.status_code, p.warnings))
}

fn envelope_list<T: DeserializeOwned + Conformance>(
    bytes: &[u8],
) -> Result<EnvelopeList, ParseError> {
    match parse_list_response::<T>(bytes) {
        Ok((_, list)) => Ok(EnvelopeList {
            list: outcome(list),
        }),
        Err(ocpi_protocol::transport::ResponseError::Parse(e)) => Err(e),
    }
}

fn schema<T: JsonSchema>() -> Value {
    SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .into()
}

impl Kind {
    fn of<T: DeserializeOwned + Conformance + JsonSchema>(name: &'static str) -> Kind {
        Kind {
            name,
            schema: schema::<T>,
            one: one::<T>,
            list: list::<T>,
            envelope_one: envelope_one::<T>,
            envelope_list: envelope_list::<T>,
        }
    }

    /// Whether this is the PATCH form of an object.
    pub fn is_patch(&self) -> bool {
        self.name.ends_with("Patch")
    }
}

/// Keeps `$item` in the objects of version `$v` when the versions it is marked with include
/// `$v`: unmarked (every version), `since v2_2_1`, `since v2_3_0` or `only v2_1_1`.
macro_rules! in_version {
    ($v:ident [] $($item:tt)*) => { $($item)* };
    (v2_1_1 [since $since:ident] $($item:tt)*) => {};
    (v2_2_1 [since v2_3_0] $($item:tt)*) => {};
    ($v:ident [since $since:ident] $($item:tt)*) => { $($item)* };
    (v2_1_1 [only v2_1_1] $($item:tt)*) => { $($item)* };
    ($v:ident [only v2_1_1] $($item:tt)*) => {};
}

/// The objects of version `$v` (`v2_1_1`, …) among those listed, module by module, then
/// `DisplayText`; a module or an object only some versions have is marked with them.
macro_rules! kinds {
    ($v:ident {
        $($module:ident $([$($when:tt)*])?: [
            $($ty:ident $([$($ty_when:tt)*])?),* $(,)?
        ]),* $(,)?
    }) => {{
        use ocpi_protocol::$v as root;
        let mut out = Vec::new();
        $(
            in_version!($v [$($($when)*)?] {
                $(
                    in_version!($v [$($($ty_when)*)?]
                        out.push(Kind::of::<root::$module::$ty>(stringify!($ty))));
                )*
            });
        )*
        out.push(Kind::of::<ocpi_protocol::types::DisplayText>("DisplayText"));
        out
    }};
}

/// Every object of version `$v`, whole objects before the classes they are made of.
macro_rules! every_kind {
    ($v:ident) => {
        kinds!($v {
            locations: [
                Location,
                LocationPatch,
                Evse,
                EvsePatch,
                Connector,
                ConnectorPatch,
                AdditionalGeoLocation,
                BusinessDetails,
                EnergyMix,
                EnergySource,
                EnvironmentalImpact,
                EvseParking [since v2_3_0],
                ExceptionalPeriod,
                GeoLocation,
                Hours,
                Image,
                Parking [since v2_3_0],
                RegularHours,
                StatusSchedule,
                PublishTokenType [since v2_2_1],
            ],
            sessions: [Session, SessionPatch, ChargingPreferences [since v2_2_1]],
            cdrs: [
                Cdr,
                CdrDimension,
                CdrLocation [since v2_2_1],
                CdrToken [since v2_2_1],
                ChargingPeriod,
                SignedData [since v2_2_1],
                SignedValue [since v2_2_1],
            ],
            tariffs: [
                Tariff,
                TariffPatch [only v2_1_1],
                Price [since v2_3_0],
                PriceComponent,
                PriceLimit [since v2_3_0],
                TariffElement,
                TariffRestrictions,
                TaxAmount [since v2_3_0],
            ],
            tokens: [
                Token,
                TokenPatch,
                AuthorizationInfo,
                EnergyContract [since v2_2_1],
                LocationReferences,
            ],
            commands: [
                CommandResponse,
                CommandResult [since v2_2_1],
                CancelReservation [since v2_2_1],
                ReserveNow,
                StartSession,
                StopSession,
                UnlockConnector,
            ],
            charging_profiles [since v2_2_1]: [
                ActiveChargingProfile,
                ActiveChargingProfileResult,
                ChargingProfile,
                ChargingProfilePeriod,
                ChargingProfileResponse,
                ChargingProfileResult,
                ClearProfileResult,
                SetChargingProfile,
            ],
            hub_client_info [since v2_2_1]: [ClientInfo],
            payments [since v2_3_0]: [Terminal, TerminalPatch, FinancialAdviceConfirmation],
            credentials: [Credentials, CredentialsRole [since v2_2_1]],
            versions: [Version, VersionDetails, Endpoint],
        })
    };
}

/// Every object of `version`, whole objects before the classes they are made of.
pub fn kinds(version: OcpiVersion) -> Vec<Kind> {
    match version {
        OcpiVersion::V2_1_1 => every_kind!(v2_1_1),
        OcpiVersion::V2_2_1 => every_kind!(v2_2_1),
        OcpiVersion::V2_3_0 => every_kind!(v2_3_0),
    }
}

/// The object of `version` called `name` (case-insensitive; `EVSE` and `CDR` as the spec
/// writes them are accepted too).
pub fn find(version: OcpiVersion, name: &str) -> Option<Kind> {
    let wanted = name.replace(['_', '-', ' '], "");
    kinds(version)
        .into_iter()
        .find(|k| k.name.eq_ignore_ascii_case(&wanted))
}

/// The names of every object of `version`, for error messages.
pub fn names(version: OcpiVersion) -> Vec<&'static str> {
    kinds(version).iter().map(|k| k.name).collect()
}

/// The field names and required fields of the root object of a schema.
pub fn fields(schema: &Value) -> (Vec<String>, Vec<String>) {
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (props, required)
}

/// The spec section (`2.2.1 mod_locations.asciidoc §EVSE Object`) of the innermost object or
/// value along `path` that names one, found from the schema's descriptions.
pub fn spec_section(schema: &Value, path: &str) -> Option<String> {
    let mut best = section_of(schema);
    let mut at = resolve(schema, schema);
    for segment in crate::locate::segments(path) {
        let Some(next) = child(schema, at, segment) else {
            break;
        };
        if let Some(s) = section_within(schema, next, 0) {
            best = Some(s);
        }
        at = resolve(schema, next);
    }
    best
}

/// The schema of the value at `path` (`None` when the schema does not say).
pub fn schema_at<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = resolve(schema, schema);
    for segment in crate::locate::segments(path) {
        at = child(schema, at, segment)?;
    }
    Some(at)
}

/// The schema of a member (a field) or an element (an index) of the value `at` describes.
fn child<'a>(
    schema: &'a Value,
    at: &'a Value,
    segment: crate::locate::Segment<'_>,
) -> Option<&'a Value> {
    match segment {
        crate::locate::Segment::Field(name) => {
            object_schema(schema, at).and_then(|s| s.get("properties")?.get(name))
        }
        crate::locate::Segment::Index(_) => array_schema(schema, at).and_then(|s| s.get("items")),
    }
}

/// A plain value of the shape `schema` describes (the first of an enum, a timestamp for a
/// date-time, a string of the least length, zero, false, an empty list, an object of its
/// required members), to stand in for a value found wrong so that the rest of a document can
/// be read. The crate's reader judges it like any value: one it refuses is reported at its
/// path, never hidden.
pub fn placeholder(root: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 8 {
        return None;
    }
    let schema = resolve(root, schema);
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|l| l.iter().find(|v| !v.is_null()))
    {
        return Some(first.clone());
    }
    if let Some(value) = schema.get("const") {
        return Some(value.clone());
    }
    for alt in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = schema.get(alt).and_then(Value::as_array) {
            let found = list
                .iter()
                .filter(|s| resolve(root, s).get("type").and_then(Value::as_str) != Some("null"))
                .find_map(|s| placeholder(root, s, depth + 1));
            if found.is_some() {
                return found;
            }
        }
    }
    let kind = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")?,
        _ => return None,
    };
    let number = |key: &str| schema.get(key).and_then(Value::as_u64);
    Some(match kind {
        "string" if schema.get("format").and_then(Value::as_str) == Some("date-time") => {
            Value::String("2024-01-01T00:00:00Z".to_owned())
        }
        "string" => {
            let least = number("minLength").unwrap_or(1).clamp(1, 64) as usize;
            let text = schema
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(example_of)
                .unwrap_or_else(|| "A".repeat(least));
            Value::String(text)
        }
        "integer" | "number" => Value::from(number("minimum").unwrap_or(0)),
        "boolean" => Value::Bool(false),
        "array" => Value::Array(Vec::new()),
        "object" => {
            let (_, required) = fields(schema);
            let mut map = serde_json::Map::new();
            for name in required {
                let field = schema.get("properties")?.get(&name)?;
                map.insert(name, placeholder(root, field, depth + 1)?);
            }
            Value::Object(map)
        }
        _ => return None,
    })
}

/// The shortest text a schema's `pattern` accepts, for the patterns the schemas have: anchors,
/// literals and escapes, character classes (their first character; for a negated class, a
/// letter it does not exclude), groups of alternatives (the first), and the quantifiers
/// `?`, `*`, `+`, `{n}` and `{n,m}` (their least). `None` for anything else.
fn example_of(pattern: &str) -> Option<String> {
    fn group(chars: &[char], at: &mut usize, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let mut out = String::new();
        let mut skipping = false;
        while let Some(&c) = chars.get(*at) {
            // One atom.
            let atom: String = match c {
                '^' | '$' => {
                    *at += 1;
                    continue;
                }
                ')' => break,
                '|' => {
                    // The first alternative is taken; the others are skipped.
                    skipping = true;
                    *at += 1;
                    continue;
                }
                '(' => {
                    *at += 1;
                    let inner = group(chars, at, depth + 1)?;
                    if chars.get(*at) != Some(&')') {
                        return None;
                    }
                    *at += 1;
                    inner
                }
                '[' => {
                    let end = (*at + 1..chars.len()).find(|&i| chars[i] == ']' && i > *at + 1)?;
                    let class = &chars[*at + 1..end];
                    *at = end + 1;
                    match class.first() {
                        Some('^') => {
                            let excluded: String = class[1..].iter().collect();
                            ['A', 'a', '0']
                                .into_iter()
                                .find(|c| !excluded.contains(*c))?
                                .to_string()
                        }
                        Some('\\') => class.get(1)?.to_string(),
                        Some(first) => first.to_string(),
                        None => return None,
                    }
                }
                '\\' => {
                    let escaped = *chars.get(*at + 1)?;
                    *at += 2;
                    if escaped.is_ascii_alphanumeric() {
                        return None;
                    }
                    escaped.to_string()
                }
                '.' => {
                    *at += 1;
                    "A".to_owned()
                }
                c => {
                    *at += 1;
                    c.to_string()
                }
            };
            // Its quantifier.
            let times = match chars.get(*at) {
                Some('?' | '*') => {
                    *at += 1;
                    0
                }
                Some('+') => {
                    *at += 1;
                    1
                }
                Some('{') => {
                    let end = (*at..chars.len()).find(|&i| chars[i] == '}')?;
                    let inside: String = chars[*at + 1..end].iter().collect();
                    *at = end + 1;
                    inside
                        .split(',')
                        .next()?
                        .trim()
                        .parse::<usize>()
                        .ok()?
                        .min(64)
                }
                _ => 1,
            };
            if !skipping {
                out.push_str(&atom.repeat(times));
            }
        }
        Some(out)
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut at = 0;
    let text = group(&chars, &mut at, 0)?;
    (at == chars.len()).then_some(text)
}

/// Follows a `$ref` into the root's `$defs`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut at = schema;
    for _ in 0..8 {
        match at.get("$ref").and_then(Value::as_str) {
            Some(r) => match r
                .strip_prefix("#/$defs/")
                .and_then(|n| root.get("$defs")?.get(n))
            {
                Some(def) => at = def,
                None => break,
            },
            None => break,
        }
    }
    at
}

/// The alternative of `schema` (through `anyOf`/`oneOf`, for optional values) that has `key`.
fn with_key<'a>(root: &'a Value, schema: &'a Value, key: &str) -> Option<&'a Value> {
    let schema = resolve(root, schema);
    if schema.get(key).is_some() {
        return Some(schema);
    }
    for alt in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = schema.get(alt).and_then(Value::as_array) {
            for s in list {
                if let Some(found) = with_key(root, s, key) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn object_schema<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    with_key(root, schema, "properties")
}

fn array_schema<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    with_key(root, schema, "items")
}

/// The section a schema names, through `$ref`, `anyOf`, `oneOf` and `allOf`.
fn section_within(root: &Value, schema: &Value, depth: usize) -> Option<String> {
    if depth > 6 {
        return None;
    }
    if let Some(s) = section_of(schema) {
        return Some(s);
    }
    let resolved = resolve(root, schema);
    if !std::ptr::eq(resolved, schema) {
        if let Some(s) = section_within(root, resolved, depth + 1) {
            return Some(s);
        }
    }
    for alt in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = schema.get(alt).and_then(Value::as_array) {
            for s in list {
                if s.get("type").and_then(Value::as_str) == Some("null") {
                    continue;
                }
                if let Some(found) = section_within(root, s, depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn section_of(schema: &Value) -> Option<String> {
    let text = schema.get("description")?.as_str()?;
    let at = text.rfind("Spec: ")?;
    let line = text[at + 6..].lines().next()?.trim();
    // Several sections may be listed, separated by `;`: the first is the object's own.
    let first = line.split(';').next()?.trim().trim_end_matches('.');
    (!first.is_empty()).then(|| first.to_owned())
}
