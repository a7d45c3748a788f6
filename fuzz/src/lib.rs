//! The oracles of the fuzz targets, and the tables from which the first input byte picks a
//! type. Every target checks more than "no panic": what is accepted is written back and read
//! again to the same value and the same bytes, without losing anything that was read.

#![forbid(unsafe_code)]

#[path = "../../tests/common/json_tree.rs"]
pub mod json_tree;

/// The server dispatcher as a whole.
pub mod dispatcher;

/// The pricing engine on generated tariffs and sessions.
pub mod pricing;

use std::fmt::Debug;

use http::header::LINK;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use json_tree::Json;
use ocpi_protocol::credentials::AnyCredentials;
use ocpi_protocol::json::{self, ErrorCategory, ParseError, WriteJson};
use ocpi_protocol::transport::{
    authorization_header, is_routed, next_link, parse_authorization, parse_list_response,
    parse_response, AuthorizationError, AuthorizationMode, BodyLimits, HttpError, LimitError,
    MessageIds, PageHeaders, PageInfo, PageRequest, PartyRef, Routing, StatusCode,
    OCPI_FROM_COUNTRY_CODE, OCPI_FROM_PARTY_ID, OCPI_TO_COUNTRY_CODE, OCPI_TO_PARTY_ID,
    X_CORRELATION_ID, X_LIMIT, X_REQUEST_ID, X_TOTAL_COUNT,
};
use ocpi_protocol::types::{
    CiString, Conformance, CountryCode, CredentialsToken, DateTime, Number, OcpiString, PartyId,
    Url,
};
use ocpi_protocol::versions::{self, OcpiVersion};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use serde_json::value::RawValue;

/// One thing a target can read: the oracle, and a test of whether a body is accepted (used
/// to seed the corpus with the official examples each kind accepts).
#[derive(Clone, Copy)]
pub struct Kind {
    /// The type or entry point.
    pub name: &'static str,
    /// Runs the oracle on a body.
    pub check: fn(&[u8]),
    /// Whether the body is accepted.
    pub accepts: fn(&[u8]) -> bool,
}

/// What the object oracles need of a type.
pub trait Object: DeserializeOwned + Serialize + WriteJson + Conformance + PartialEq + Debug {}
impl<T: DeserializeOwned + Serialize + WriteJson + Conformance + PartialEq + Debug> Object for T {}

/// Picks the kind from the first byte and runs it on the rest.
pub fn dispatch(kinds: &[Kind], data: &[u8]) {
    if let Some((first, body)) = data.split_first() {
        (kinds[usize::from(*first) % kinds.len()].check)(body)
    }
}

/// Whether a body is JSON: UTF-8 text (RFC 8259 §8.1) of a JSON value. (`serde_json` does not
/// check the UTF-8 of strings it skips, so that is checked first.)
fn is_json(body: &[u8]) -> bool {
    std::str::from_utf8(body).is_ok() && serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

/// A refused document: not JSON at all is a syntax error (HTTP 400), and only then; anything
/// else is a data error (HTTP 200, OCPI 2001).
fn refused(body: &[u8], e: &ParseError) {
    let _ = e.to_string();
    let http = HttpError::from(e.clone());
    match e.category {
        ErrorCategory::Syntax | ErrorCategory::Eof => {
            assert!(!is_json(body), "valid JSON reported as a syntax error: {e}");
            assert_eq!(http.http_status(), http::StatusCode::BAD_REQUEST);
        }
        ErrorCategory::Data | ErrorCategory::Nonconforming => {
            assert!(is_json(body), "invalid JSON reported as a data error: {e}");
            assert_eq!(http.http_status(), http::StatusCode::OK);
            assert_eq!(http.ocpi_status(), StatusCode::INVALID_PARAMETERS);
        }
    }
}

/// `written` (the crate's output for `body`) keeps everything `body` said: the same members,
/// strings, numbers as decimals; only `null` members may be dropped (absent optional fields),
/// except at the top level of a PATCH body.
fn lossless(body: &[u8], written: &str, patch: bool) {
    let text = std::str::from_utf8(body).expect("an accepted body is UTF-8");
    let expected = Json::read(text).nulls_may_be_dropped(patch);
    if let Err(diff) = json_tree::same(&expected, &Json::read(written), "$") {
        panic!("not written back as read: {diff}\nread:    {text}\nwritten: {written}");
    }
}

/// The object oracle: lenient and strict reads agree; an accepted value is written back
/// losslessly, and reads back equal, with the same warnings, writing the same bytes.
pub fn object<T: Object>(body: &[u8], patch: bool) -> Option<T> {
    let lenient = json::parse::<T>(body);
    let strict = json::parse_strict::<T>(body);
    match (&lenient, &strict) {
        (Ok(p), Ok(v)) => {
            assert!(p.warnings.is_empty());
            assert_eq!(&p.value, v);
        }
        (Ok(p), Err(e)) => {
            assert!(!p.warnings.is_empty());
            assert_eq!(e.category, ErrorCategory::Nonconforming);
            assert_eq!(e.path, p.warnings[0].path);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            refused(body, a);
        }
        (Err(e), Ok(_)) => panic!("a strict read accepts what a lenient one refuses: {e}"),
    }
    // The entry points read most documents without serde: they must agree with the serde
    // reading, but for the documented corner cases (escapes the serde reading refuses).
    match (&lenient, serde_json::from_slice::<T>(body)) {
        (Ok(p), Ok(v)) => assert_eq!(p.value, v, "json::parse and serde_json differ"),
        (Err(e), Ok(_)) => panic!("json::parse refuses what serde_json reads: {e}"),
        (Ok(_), Err(_)) => assert!(body.contains(&b'\\'), "json::parse accepts more"),
        (Err(_), Err(_)) => {}
    }
    if let Ok(p) = &lenient {
        assert_eq!(p.warnings, p.value.warnings(), "warnings differ from the value's");
    }
    let parsed = lenient.ok()?;
    let written = serde_json::to_string(&parsed.value).expect("serializes");
    assert_eq!(json::to_vec(&parsed.value), written.as_bytes(), "the writer and serde differ");
    let again = json::parse::<T>(written.as_bytes())
        .unwrap_or_else(|e| panic!("its own output is refused: {e}\n{written}"));
    assert_eq!(again.value, parsed.value, "{written}");
    assert_eq!(again.warnings, parsed.warnings, "{written}");
    let rewritten = serde_json::to_string(&again.value).unwrap();
    assert_eq!(written, rewritten);
    lossless(body, &written, patch);
    Some(parsed.value)
}

fn accepts<T: Object>(body: &[u8]) -> bool {
    json::parse::<T>(body).is_ok()
}

fn check_object<T: Object>(body: &[u8]) {
    object::<T>(body, false);
}

/// A kind for an object type.
pub const fn kind<T: Object>(name: &'static str) -> Kind {
    Kind {
        name,
        check: check_object::<T>,
        accepts: accepts::<T>,
    }
}

macro_rules! kinds {
    ($root:path { $($module:ident: [$($ty:ident),* $(,)?]),* $(,)? } $(+ $extra:path as $name:literal)*) => {{
        use $root as root;
        &[
            $($(kind::<root::$module::$ty>(stringify!($ty)),)*)*
            $(kind::<$extra>($name),)*
        ]
    }};
}

/// Every object of 2.1.1 (the types `schema::objects("2.1.1")` lists, PATCH forms aside).
pub const OBJECTS_2_1_1: &[Kind] = kinds!(ocpi_protocol::v2_1_1 {
    cdrs: [Cdr, CdrDimension, ChargingPeriod],
    commands: [CommandResponse, ReserveNow, StartSession, StopSession, UnlockConnector],
    credentials: [Credentials],
    locations: [
        AdditionalGeoLocation, BusinessDetails, Connector, EnergyMix, EnergySource,
        EnvironmentalImpact, Evse, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
        RegularHours, StatusSchedule,
    ],
    sessions: [Session],
    tariffs: [PriceComponent, Tariff, TariffElement, TariffRestrictions],
    tokens: [AuthorizationInfo, LocationReferences, Token],
    versions: [Endpoint, Version, VersionDetails],
} + ocpi_protocol::types::DisplayText as "DisplayText");

/// Every object of 2.2.1, PATCH forms aside.
pub const OBJECTS_2_2_1: &[Kind] = kinds!(ocpi_protocol::v2_2_1 {
    cdrs: [Cdr, CdrDimension, CdrLocation, CdrToken, ChargingPeriod, SignedData, SignedValue],
    charging_profiles: [
        ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
        ChargingProfileResponse, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
    ],
    commands: [
        CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
        UnlockConnector,
    ],
    credentials: [Credentials, CredentialsRole],
    hub_client_info: [ClientInfo],
    locations: [
        AdditionalGeoLocation, BusinessDetails, Connector, EnergyMix, EnergySource,
        EnvironmentalImpact, Evse, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
        PublishTokenType, RegularHours, StatusSchedule,
    ],
    sessions: [ChargingPreferences, Session],
    tariffs: [PriceComponent, Tariff, TariffElement, TariffRestrictions],
    tokens: [AuthorizationInfo, EnergyContract, LocationReferences, Token],
    versions: [Endpoint, Version, VersionDetails],
} + ocpi_protocol::types::DisplayText as "DisplayText"
  + ocpi_protocol::types::Price as "Price");

/// Every object of 2.3.0, PATCH forms aside.
pub const OBJECTS_2_3_0: &[Kind] = kinds!(ocpi_protocol::v2_3_0 {
    cdrs: [Cdr, CdrDimension, CdrLocation, CdrToken, ChargingPeriod, SignedData, SignedValue],
    charging_profiles: [
        ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
        ChargingProfileResponse, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
    ],
    commands: [
        CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
        UnlockConnector,
    ],
    credentials: [Credentials, CredentialsRole],
    hub_client_info: [ClientInfo],
    locations: [
        AdditionalGeoLocation, BusinessDetails, Connector, EnergyMix, EnergySource,
        EnvironmentalImpact, Evse, EvseParking, ExceptionalPeriod, GeoLocation, Hours, Image,
        Location, Parking, PublishTokenType, RegularHours, StatusSchedule,
    ],
    payments: [FinancialAdviceConfirmation, Terminal],
    sessions: [ChargingPreferences, Session],
    tariffs: [Price, PriceComponent, PriceLimit, Tariff, TariffElement, TariffRestrictions, TaxAmount],
    tokens: [AuthorizationInfo, EnergyContract, LocationReferences, Token],
    versions: [Endpoint, Version, VersionDetails],
} + ocpi_protocol::types::DisplayText as "DisplayText");

// ---- PATCH bodies ----

/// A PATCH body: the object oracle (with `null` kept at the top level), then the patch applied
/// to an official example of the object, which must still write and read back equal.
fn patch<P: Object, T: Object>(body: &[u8], base: &str, pointer: &str, apply: fn(P, &mut T)) {
    let Some(p) = object::<P>(body, true) else {
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(base).unwrap();
    let base = doc.pointer(pointer).unwrap().to_string();
    let mut target = json::parse::<T>(base.as_bytes()).unwrap().value;
    apply(p, &mut target);
    let written = serde_json::to_string(&target).unwrap();
    assert_eq!(json::to_vec(&target), written.as_bytes(), "the writer and serde differ");
    let again = json::parse::<T>(written.as_bytes())
        .unwrap_or_else(|e| panic!("a patched object is refused: {e}\n{written}"));
    assert_eq!(again.value, target);
}

macro_rules! patch_kinds {
    ($($name:literal: $p:path => $t:path, $fixture:literal, $pointer:literal;)*) => {
        &[$(
            Kind {
                name: $name,
                check: |body| patch::<$p, $t>(
                    body,
                    include_str!(concat!("../../tests/fixtures/", $fixture)),
                    $pointer,
                    |p, t| p.apply_to(t),
                ),
                accepts: accepts::<$p>,
            },
        )*]
    };
}

/// Every PATCH form of every version, each applied to an official example.
pub const PATCHES: &[Kind] = patch_kinds! {
    "2.1.1 LocationPatch": ocpi_protocol::v2_1_1::locations::LocationPatch => ocpi_protocol::v2_1_1::locations::Location, "2.1.1/mod_locations__location_object_example.json", "";
    "2.1.1 EvsePatch": ocpi_protocol::v2_1_1::locations::EvsePatch => ocpi_protocol::v2_1_1::locations::Evse, "2.1.1/mod_locations__location_object_example.json", "/evses/0";
    "2.1.1 ConnectorPatch": ocpi_protocol::v2_1_1::locations::ConnectorPatch => ocpi_protocol::v2_1_1::locations::Connector, "2.1.1/mod_locations__location_object_example.json", "/evses/0/connectors/0";
    "2.1.1 SessionPatch": ocpi_protocol::v2_1_1::sessions::SessionPatch => ocpi_protocol::v2_1_1::sessions::Session, "2.1.1/mod_sessions__simple_session_example_of_a_short_finished_session.json", "";
    "2.1.1 TariffPatch": ocpi_protocol::v2_1_1::tariffs::TariffPatch => ocpi_protocol::v2_1_1::tariffs::Tariff, "2.1.1/mod_tariffs__complex_tariff_example.json", "";
    "2.1.1 TokenPatch": ocpi_protocol::v2_1_1::tokens::TokenPatch => ocpi_protocol::v2_1_1::tokens::Token, "2.1.1/mod_tokens__token_object_example.json", "";
    "2.2.1 LocationPatch": ocpi_protocol::v2_2_1::locations::LocationPatch => ocpi_protocol::v2_2_1::locations::Location, "2.2.1/location_example.json", "";
    "2.2.1 EvsePatch": ocpi_protocol::v2_2_1::locations::EvsePatch => ocpi_protocol::v2_2_1::locations::Evse, "2.2.1/location_example.json", "/evses/0";
    "2.2.1 ConnectorPatch": ocpi_protocol::v2_2_1::locations::ConnectorPatch => ocpi_protocol::v2_2_1::locations::Connector, "2.2.1/location_example.json", "/evses/0/connectors/0";
    "2.2.1 SessionPatch": ocpi_protocol::v2_2_1::sessions::SessionPatch => ocpi_protocol::v2_2_1::sessions::Session, "2.2.1/session_example_2_short_finished.json", "";
    "2.2.1 TokenPatch": ocpi_protocol::v2_2_1::tokens::TokenPatch => ocpi_protocol::v2_2_1::tokens::Token, "2.2.1/token_example_2_full_rfid.json", "";
    "2.3.0 LocationPatch": ocpi_protocol::v2_3_0::locations::LocationPatch => ocpi_protocol::v2_3_0::locations::Location, "2.3.0/location_example.json", "";
    "2.3.0 EvsePatch": ocpi_protocol::v2_3_0::locations::EvsePatch => ocpi_protocol::v2_3_0::locations::Evse, "2.3.0/location_example.json", "/evses/0";
    "2.3.0 ConnectorPatch": ocpi_protocol::v2_3_0::locations::ConnectorPatch => ocpi_protocol::v2_3_0::locations::Connector, "2.3.0/location_example.json", "/evses/0/connectors/0";
    "2.3.0 SessionPatch": ocpi_protocol::v2_3_0::sessions::SessionPatch => ocpi_protocol::v2_3_0::sessions::Session, "2.3.0/session_example_2_short_finished.json", "";
    "2.3.0 TokenPatch": ocpi_protocol::v2_3_0::tokens::TokenPatch => ocpi_protocol::v2_3_0::tokens::Token, "2.3.0/token_example_2_full_rfid.json", "";
    "2.3.0 TerminalPatch": ocpi_protocol::v2_3_0::payments::TerminalPatch => ocpi_protocol::v2_3_0::payments::Terminal, "2.3.0/payment_terminal_example_newly_created.json", "";
};

// ---- pages ----

fn prefixed(index: usize, path: &str) -> String {
    if path == "." {
        format!("[{index}]")
    } else {
        format!("[{index}].{path}")
    }
}

/// The page oracle: a page is refused exactly when it is not a JSON array; otherwise each
/// element comes back as reading it alone does: a value at its place, or an error with its
/// index, its raw text and the same reason.
pub fn page<T: Object>(body: &[u8]) {
    let list = json::parse_list::<T>(body);
    let raws = serde_json::from_slice::<Vec<Box<RawValue>>>(body);
    let (list, raws) = match (list, raws) {
        (Ok(list), Ok(raws)) => (list, raws),
        (Err(e), Err(_)) => {
            refused(body, &e);
            return;
        }
        (Ok(_), Err(e)) => panic!("a page that is not an array is read: {e}"),
        (Err(e), Ok(_)) => panic!("an array is refused as a page: {e}"),
    };
    let (mut items, mut errors, mut warnings) =
        (list.items.iter(), list.errors.iter(), list.warnings.iter());
    for (index, raw) in raws.iter().enumerate() {
        match json::parse::<T>(raw.get().as_bytes()) {
            Ok(alone) => {
                assert_eq!(items.next(), Some(&alone.value), "item {index}");
                for w in &alone.warnings {
                    let got = warnings.next().expect("a warning");
                    assert_eq!(got.path, prefixed(index, &w.path));
                    assert_eq!(got.kind, w.kind);
                }
            }
            Err(alone) => {
                let e = errors.next().expect("an item error");
                assert_eq!(e.index, index);
                assert!(raw.get().starts_with(&e.raw));
                assert_eq!(e.raw_len, raw.get().len());
                assert!(e.raw.len() <= json::ITEM_RAW_EXCERPT);
                assert_eq!(e.error.category, alone.category);
                assert!(bounded_like(&e.error.message, &alone.message));
                assert!(bounded_like(&e.error.path, &prefixed(index, &alone.path)));
            }
        }
    }
    assert!(items.next().is_none() && errors.next().is_none() && warnings.next().is_none());
}

/// Whether `kept` is `full`, or `full` cut to the item text limit (ending in `…`).
fn bounded_like(kept: &str, full: &str) -> bool {
    kept == full
        || (kept.len() <= json::ITEM_TEXT_LIMIT
            && kept
                .strip_suffix('…')
                .is_some_and(|start| full.starts_with(start)))
}

fn accepts_page<T: Object>(body: &[u8]) -> bool {
    json::parse_list::<T>(body).is_ok_and(|l| !l.items.is_empty())
}

macro_rules! page_kinds {
    ($($t:path as $name:literal),* $(,)?) => {
        &[$(Kind { name: $name, check: page::<$t>, accepts: accepts_page::<$t> },)*]
    };
}

/// The objects of every paginated GET of every version.
pub const PAGES: &[Kind] = page_kinds![
    ocpi_protocol::v2_1_1::locations::Location as "2.1.1 Location",
    ocpi_protocol::v2_1_1::sessions::Session as "2.1.1 Session",
    ocpi_protocol::v2_1_1::cdrs::Cdr as "2.1.1 Cdr",
    ocpi_protocol::v2_1_1::tariffs::Tariff as "2.1.1 Tariff",
    ocpi_protocol::v2_1_1::tokens::Token as "2.1.1 Token",
    ocpi_protocol::v2_2_1::locations::Location as "2.2.1 Location",
    ocpi_protocol::v2_2_1::sessions::Session as "2.2.1 Session",
    ocpi_protocol::v2_2_1::cdrs::Cdr as "2.2.1 Cdr",
    ocpi_protocol::v2_2_1::tariffs::Tariff as "2.2.1 Tariff",
    ocpi_protocol::v2_2_1::tokens::Token as "2.2.1 Token",
    ocpi_protocol::v2_2_1::hub_client_info::ClientInfo as "2.2.1 ClientInfo",
    ocpi_protocol::v2_3_0::locations::Location as "2.3.0 Location",
    ocpi_protocol::v2_3_0::sessions::Session as "2.3.0 Session",
    ocpi_protocol::v2_3_0::cdrs::Cdr as "2.3.0 Cdr",
    ocpi_protocol::v2_3_0::tariffs::Tariff as "2.3.0 Tariff",
    ocpi_protocol::v2_3_0::tokens::Token as "2.3.0 Token",
    ocpi_protocol::v2_3_0::payments::Terminal as "2.3.0 Terminal",
    ocpi_protocol::v2_3_0::payments::FinancialAdviceConfirmation as "2.3.0 FinancialAdviceConfirmation",
    ocpi_protocol::v2_3_0::hub_client_info::ClientInfo as "2.3.0 ClientInfo",
];

// ---- the response envelope ----

/// The envelope oracle: an accepted envelope is written back losslessly and reads back equal;
/// a success envelope's data is valid; the page form agrees with the single form.
pub fn envelope<T: Object>(body: &[u8]) {
    match parse_response::<T>(body) {
        Ok(parsed) => {
            let written = serde_json::to_string(&parsed.value).unwrap();
            assert_eq!(json::to_vec(&parsed.value), written.as_bytes(), "the writer and serde differ");
            let again = parse_response::<T>(written.as_bytes())
                .unwrap_or_else(|e| panic!("its own output is refused: {e}\n{written}"));
            assert_eq!(again.value, parsed.value);
            assert_eq!(again.warnings, parsed.warnings);
            lossless(body, &written, false);
            if parsed.value.is_success() {
                assert!(parsed.value.unknown_fields.get("data").is_none());
            }
        }
        Err(e) => {
            let ocpi_protocol::transport::ResponseError::Parse(e) = e;
            refused(body, &e);
        }
    }
}

/// The page form of the envelope: consistent with reading the data alone.
pub fn list_envelope<T: Object>(body: &[u8]) {
    let Ok((envelope, list)) = parse_list_response::<T>(body) else {
        return;
    };
    assert!(envelope.data.is_none());
    let raw = parse_response::<Box<RawValue>>(body).expect("the envelope reads").value;
    match (&raw.data, raw.is_success()) {
        (Some(data), true) => {
            let alone = json::parse_list::<T>(data.get().as_bytes()).expect("the data is a list");
            assert_eq!(list.items, alone.items);
            assert_eq!(list.error_count(), alone.error_count());
        }
        _ => assert!(list.items.is_empty() && list.is_complete()),
    }
    let written = envelope.to_vec();
    let again = parse_response::<()>(&written).expect("an envelope without data reads back");
    assert_eq!(again.value, envelope);
}

fn accepts_envelope<T: Object>(body: &[u8]) -> bool {
    parse_response::<T>(body).is_ok_and(|r| r.value.data.is_some())
}

macro_rules! envelope_kinds {
    ($($t:ty as $name:literal),* $(,)?) => {
        &[$(Kind { name: $name, check: envelope::<$t>, accepts: accepts_envelope::<$t> },)*]
    };
}

/// Envelopes of the responses the spec's examples show, and of pages.
pub const ENVELOPES: &[Kind] = &{
    const SINGLE: &[Kind] = envelope_kinds![
        () as "no data",
        ocpi_protocol::v2_1_1::tokens::Token as "2.1.1 Token",
        Vec<ocpi_protocol::v2_1_1::versions::Version> as "2.1.1 versions",
        ocpi_protocol::v2_1_1::versions::VersionDetails as "2.1.1 VersionDetails",
        ocpi_protocol::v2_2_1::tokens::Token as "2.2.1 Token",
        Vec<ocpi_protocol::v2_2_1::versions::Version> as "2.2.1 versions",
        ocpi_protocol::v2_2_1::versions::VersionDetails as "2.2.1 VersionDetails",
        ocpi_protocol::v2_2_1::commands::CommandResponse as "2.2.1 CommandResponse",
        ocpi_protocol::v2_3_0::credentials::Credentials as "2.3.0 Credentials",
        ocpi_protocol::v2_3_0::tokens::AuthorizationInfo as "2.3.0 AuthorizationInfo",
        String as "string data",
    ];
    [
        SINGLE[0], SINGLE[1], SINGLE[2], SINGLE[3], SINGLE[4], SINGLE[5], SINGLE[6], SINGLE[7],
        SINGLE[8], SINGLE[9], SINGLE[10],
        Kind {
            name: "2.1.1 Token page",
            check: list_envelope::<ocpi_protocol::v2_1_1::tokens::Token>,
            accepts: accepts_envelope::<Vec<ocpi_protocol::v2_1_1::tokens::Token>>,
        },
        Kind {
            name: "2.2.1 Token page",
            check: list_envelope::<ocpi_protocol::v2_2_1::tokens::Token>,
            accepts: accepts_envelope::<Vec<ocpi_protocol::v2_2_1::tokens::Token>>,
        },
        Kind {
            name: "2.3.0 Location page",
            check: list_envelope::<ocpi_protocol::v2_3_0::locations::Location>,
            accepts: accepts_envelope::<Vec<ocpi_protocol::v2_3_0::locations::Location>>,
        },
    ]
};

// ---- headers ----

/// Header lines: the first byte of each `\n`-separated line picks the name from `names`, the
/// rest is the value; lines that are no valid header value are left out.
pub fn headers(data: &[u8], names: &[HeaderName]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        if let Some((first, value)) = line.split_first() {
            if let Ok(v) = HeaderValue::from_bytes(value) {
                h.append(names[usize::from(*first) % names.len()].clone(), v);
            }
        }
    }
    h
}

/// The names the pagination target picks from.
pub fn pagination_names() -> [HeaderName; 4] {
    [
        LINK,
        X_TOTAL_COUNT,
        X_LIMIT,
        HeaderName::from_static("x-other"),
    ]
}

/// `Link`, `X-Total-Count`, `X-Limit`: what is read is written again (by hand and by
/// `PageHeaders`) and reads back the same; what is refused is OCPI 2001.
pub fn pagination_headers(data: &[u8]) {
    let h = headers(data, &pagination_names());
    let info = match PageInfo::from_headers(&h) {
        Ok(info) => info,
        Err(e) => {
            let e = HttpError::from(e);
            assert_eq!(e.ocpi_status(), StatusCode::INVALID_PARAMETERS);
            return;
        }
    };
    let mut out = HeaderMap::new();
    if let Some(next) = &info.next {
        assert!(!next.is_empty() && !next.contains('>') && next.trim() == next);
        let link = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")).unwrap();
        out.insert(LINK, link);
    }
    if let Some(t) = info.total_count {
        out.insert(X_TOTAL_COUNT, HeaderValue::from(t));
    }
    if let Some(l) = info.limit {
        out.insert(X_LIMIT, HeaderValue::from(l));
    }
    assert_eq!(PageInfo::from_headers(&out).unwrap(), info);
    if let (Some(total_count), Some(limit)) = (info.total_count, info.limit) {
        let mut out = HeaderMap::new();
        PageHeaders {
            total_count,
            limit,
            next: info.next.clone(),
        }
        .apply(&mut out);
        assert_eq!(PageInfo::from_headers(&out).unwrap(), info);
    }
}

const MODES: [AuthorizationMode; 3] = [
    AuthorizationMode::Base64,
    AuthorizationMode::Plain,
    AuthorizationMode::Base64ThenPlain,
];

/// `Authorization`: in each mode, a token read is printable ASCII without spaces, is written
/// again in both encodings and reads back equal, never shows in `Debug`; a refusal is HTTP 401.
pub fn authorization(data: &[u8]) {
    let values: Vec<HeaderValue> = data
        .split(|b| *b == b'\n')
        .filter_map(|v| HeaderValue::from_bytes(v).ok())
        .collect();
    for mode in MODES {
        match parse_authorization(values.iter(), mode) {
            Ok(a) => {
                assert_eq!(values.len(), 1);
                let token = a.token.expose();
                assert!(!token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic()));
                let fallback = if a.fallback.is_some() {
                    "Some(CredentialsToken(***))"
                } else {
                    "None"
                };
                assert_eq!(
                    format!("{a:?}"),
                    format!(
                        "Authorization {{ token: CredentialsToken(***), fallback: {fallback}, trailing_newline_dropped: {} }}",
                        a.trailing_newline_dropped
                    )
                );
                if mode == AuthorizationMode::Plain {
                    let text = values[0].to_str().unwrap();
                    assert_eq!(text.split_once(' ').map(|x| x.1), Some(token));
                }
                for write in MODES {
                    let header = authorization_header(&a.token, write);
                    let read_as = if write == AuthorizationMode::Plain {
                        AuthorizationMode::Plain
                    } else {
                        AuthorizationMode::Base64
                    };
                    let back = parse_authorization([&header], read_as).unwrap();
                    assert_eq!(back.token, a.token);
                    assert!(!back.trailing_newline_dropped);
                }
            }
            Err(e) => {
                assert_eq!(e == AuthorizationError::Missing, values.is_empty());
                let http = HttpError::from(e);
                assert_eq!(http.http_status(), http::StatusCode::UNAUTHORIZED);
            }
        }
    }
}

/// The names the routing target picks from.
pub fn routing_names() -> [HeaderName; 7] {
    [
        OCPI_TO_COUNTRY_CODE,
        OCPI_TO_PARTY_ID,
        OCPI_FROM_COUNTRY_CODE,
        OCPI_FROM_PARTY_ID,
        X_REQUEST_ID,
        X_CORRELATION_ID,
        HeaderName::from_static("x-other"),
    ]
}

/// Routing headers and message ids: routing read is written again and reads back with the same
/// text; configuration modules refuse any routing; ids are echoed, or generated when missing.
pub fn routing_headers(data: &[u8]) {
    let h = headers(data, &routing_names());
    match Routing::from_headers(&h) {
        Ok(routing) => {
            let mut out = HeaderMap::new();
            routing.apply(&mut out);
            let back = Routing::from_headers(&out).unwrap();
            assert_eq!(back, routing);
            let text = |p: &Option<PartyRef>| {
                p.map(|p| (p.country_code.as_str().to_owned(), p.party_id.as_str().to_owned()))
            };
            assert_eq!(text(&back.to), text(&routing.to));
            assert_eq!(text(&back.from), text(&routing.from));
            for name in routing_names().iter().take(4) {
                if let Some(v) = h.get(name) {
                    assert_eq!(out.get(name), Some(v));
                }
            }
            assert_eq!(routing.reply().reply(), routing);
            use ocpi_protocol::v2_2_1::versions::ModuleId;
            for module in [ModuleId::Credentials, ModuleId::HubClientInfo, ModuleId::Locations] {
                let routed = Routing::for_module(&h, Some(&module));
                let none = routing.to.is_none() && routing.from.is_none();
                assert_eq!(routed.is_ok(), is_routed(&module) || none);
            }
            if let Some(hub) = routing.to {
                for method in [Method::GET, Method::POST] {
                    let _ = routing.scenario(&hub, &method, true);
                }
            }
        }
        Err(e) => {
            let e = HttpError::from(e);
            assert_eq!(e.http_status(), http::StatusCode::OK);
        }
    }
    let ids = MessageIds::from_request(&h);
    for (name, id) in [(X_REQUEST_ID, &ids.request_id), (X_CORRELATION_ID, &ids.correlation_id)] {
        match h.get(&name) {
            Some(v) if !v.is_empty() => assert_eq!(id, v),
            _ => assert_eq!(id.len(), 36),
        }
    }
    let mut out = HeaderMap::new();
    ids.apply(&mut out);
    assert_eq!(MessageIds::from_request(&out), ids);
}

/// Query parameters: the first byte is the server's maximum `limit`, the rest the query. What
/// is read is within bounds; its next link reads back with the next offset, the same limit and
/// filters, and every other parameter kept.
pub fn query(data: &[u8]) {
    let Some((max, rest)) = data.split_first() else {
        return;
    };
    let max = u64::from(*max);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = PageRequest::from_query(Some(text), max);
    let mut url = url::Url::parse("https://cpo.example/ocpi/2.2.1/cdrs").unwrap();
    url.set_query(Some(text));
    let request = match PageRequest::from_query(url.query(), max) {
        Ok(r) => r,
        Err(e) => {
            let e = HttpError::from(e);
            assert_eq!(e.ocpi_status(), StatusCode::INVALID_PARAMETERS);
            return;
        }
    };
    let limit = request.effective_limit(max);
    assert!((1..=max.max(1)).contains(&limit));
    if let Some(l) = request.limit {
        assert!((1..=max.max(1)).contains(&l));
    }
    if let (Some(from), Some(to)) = (&request.date_from, &request.date_to) {
        assert!(from < to);
    }
    let offset = request.offset.saturating_add(limit);
    let next = url::Url::parse(&next_link(&url, offset, limit)).unwrap();
    let read = PageRequest::from_query(next.query(), max).expect("the next link reads");
    assert_eq!((read.offset, read.limit), (offset, Some(limit)));
    let text = |d: &Option<DateTime>| d.map(|d| d.to_string());
    assert_eq!(text(&read.date_from), text(&request.date_from));
    assert_eq!(text(&read.date_to), text(&request.date_to));
    let others = |u: &url::Url| -> Vec<(String, String)> {
        u.query_pairs()
            .filter(|(k, _)| k != "offset" && k != "limit")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    };
    assert_eq!(others(&url), others(&next));
    let total = request.offset.saturating_add(limit.saturating_mul(2));
    let page = PageHeaders::for_page(&request, total, max, &url);
    assert_eq!(page.next.is_some(), offset < total);
}

// ---- the common types ----

/// Checks print ∘ parse is the identity on accepted text, and parse ∘ print on values.
fn text_type<T: PartialEq + Debug + ToString + Serialize + WriteJson>(
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
    identity: bool,
) {
    let Some(v) = parse(s) else { return };
    assert_eq!(json::to_vec(&v), serde_json::to_vec(&v).unwrap(), "the writer and serde differ");
    let printed = v.to_string();
    if identity {
        assert_eq!(printed, s);
    }
    let again = parse(&printed).expect("the printed form reads");
    assert_eq!(again, v);
    assert_eq!(again.to_string(), printed);
}

/// The types: the first byte picks one, the rest is its text.
pub fn types(data: &[u8]) {
    let Some((which, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 9 {
        0 => {
            text_type(s, |s| DateTime::parse(s).ok(), true);
            if let Ok(d) = DateTime::parse(s) {
                assert_eq!(d.has_zulu(), s.ends_with('Z'));
                // `from_chrono` keeps milliseconds (the spec's `string(25)`) and cuts finer
                // fractions, which a tolerated longer timestamp read may carry.
                let instant = d.to_chrono();
                if instant.timestamp_subsec_nanos() % 1_000_000 == 0 {
                    assert_eq!(DateTime::from_chrono(instant), d);
                }
            }
        }
        1 => {
            let plain = !s.contains(['e', 'E']);
            text_type(s, |s| Number::parse(s).ok(), plain);
            if let Ok(n) = Number::parse(s) {
                assert_eq!(serde_json::to_string(&n).unwrap(), n.to_string());
                assert_eq!(json::to_vec(&n), n.to_string().as_bytes());
                let read: Number = serde_json::from_str(s).unwrap();
                assert_eq!(read, n);
            }
        }
        2 => {
            let rule = s.len() <= 36 && s.bytes().all(|b| (0x20..=0x7e).contains(&b));
            assert_eq!(CiString::<36>::new(s).is_ok(), rule);
            text_type(s, |s| CiString::<36>::new(s).ok().map(|v| v.to_string()), true);
        }
        3 => {
            let rule = s.chars().count() <= 255 && !s.chars().any(char::is_control);
            assert_eq!(OcpiString::<255>::new(s).is_ok(), rule);
            text_type(s, |s| OcpiString::<255>::new(s).ok().map(|v| v.to_string()), true);
        }
        4 => {
            if let Ok(u) = Url::new(s) {
                assert!(s.len() <= 255 && url::Url::parse(s).is_ok());
                assert_eq!(u.as_str(), s);
                let _ = u.to_url();
            }
            text_type(s, |s| Url::new(s).ok(), true);
        }
        5 => {
            let rule = s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
            assert_eq!(CountryCode::new(s).is_ok(), rule);
            text_type(s, |s| CountryCode::new(s).ok(), true);
        }
        6 => {
            let rule = s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphanumeric());
            assert_eq!(PartyId::new(s).is_ok(), rule);
            text_type(s, |s| PartyId::new(s).ok(), true);
        }
        7 => {
            if let Ok(t) = CredentialsToken::new(s) {
                assert_eq!(format!("{t:?}"), "CredentialsToken(***)");
                assert_eq!(t.to_string(), "***");
                assert_eq!(t.expose(), s);
            }
            // The error of a JSON read never shows the token.
            if let Err(e) = serde_json::from_str::<CredentialsToken>(&serde_json::to_string(s).unwrap()) {
                if s.chars().count() >= 8 {
                    assert!(!e.to_string().contains(s), "{e}");
                }
            }
        }
        _ => {
            use ocpi_protocol::v2_2_1::locations::ConnectorType;
            match ConnectorType::from_wire(s) {
                Ok(v) => {
                    assert_eq!(v.as_str(), s);
                    let known = ConnectorType::KNOWN.iter().any(|k| k.as_str() == s);
                    assert_eq!(v.is_known(), known);
                    let json = serde_json::to_string(&v).unwrap();
                    assert_eq!(serde_json::from_str::<ConnectorType>(&json).unwrap(), v);
                }
                Err(_) => assert!(serde_json::from_str::<ConnectorType>(&serde_json::to_string(s).unwrap()).is_err()),
            }
        }
    }
}

// ---- versions, credentials, body limits ----

fn credentials(version: OcpiVersion, body: &[u8]) {
    let Ok(c) = AnyCredentials::parse(version, body) else {
        return;
    };
    assert_eq!(c.version(), version);
    let written = serde_json::to_string(&c).unwrap();
    assert_eq!(AnyCredentials::parse(version, written.as_bytes()).unwrap(), c);
    lossless(body, &written, false);
    assert!(!format!("{c:?}").contains(&format!("\"{}\"", c.token().expose())));
    let _ = c.parties();
}

/// Versions list and details, credentials of each version, body limits: the first byte picks.
pub fn versions_credentials(data: &[u8]) {
    let Some((which, body)) = data.split_first() else {
        return;
    };
    match which % 8 {
        0 => {
            if let Ok(entries) = versions::parse_versions(body) {
                let _ = versions::negotiate(&OcpiVersion::ALL, &entries);
                for e in &entries {
                    assert!(Url::new(e.url.as_str()).is_ok());
                }
            }
        }
        w @ 1..=3 => {
            let v = OcpiVersion::ALL[usize::from(w - 1)];
            if let Ok(endpoints) = versions::parse_version_details(v, body) {
                let _ = versions::check_endpoints(&endpoints, &[]);
            }
        }
        w @ 4..=6 => credentials(OcpiVersion::ALL[usize::from(w - 4)], body),
        _ => {
            let limits = BodyLimits {
                max_bytes: 4096,
                max_depth: 8,
            };
            let result = limits.check(body);
            if body.len() > 4096 {
                assert!(matches!(result, Err(LimitError::TooLarge { .. })));
                return;
            }
            // The scan agrees with a real parser on valid JSON. (`Value` bounds the nesting
            // to 128 levels; the depth is taken on a tree that keeps duplicate keys.)
            let text = std::str::from_utf8(body).ok();
            if let Some(text) = text.filter(|t| serde_json::from_str::<serde_json::Value>(t).is_ok()) {
                fn depth(v: &Json) -> usize {
                    match v {
                        Json::Arr(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
                        Json::Obj(o) => 1 + o.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
                        _ => 0,
                    }
                }
                assert_eq!(result.is_err(), depth(&Json::read(text)) > 8, "{result:?}");
            }
            if let Err(e) = result {
                let _ = HttpError::from(e);
            }
        }
    }
}
