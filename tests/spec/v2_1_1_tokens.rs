//! 2.1.1 Tokens module: the examples of `mod_tokens.md` and the Token response examples of
//! `transport_and_format.md`, the PATCH form and malformed documents.
//!
//! Errata of the 2.1.1 Token examples, each asserted below:
//! - both Tokens GET response examples of `transport_and_format.md` (`..._one_token_object_...`
//!   and `..._list_of_token_objects_...`) omit `whitelist` and `last_updated` (both `lax`)
//!   and send `allow_whitelist` instead (kept as an unknown field).
//!
//! The PUT and PATCH examples are published after a request line (`PUT To URL:`,
//! `PATCH To URL:`): not JSON as a whole, their bodies are read as Token and TokenPatch.

use crate::common;
use crate::common::assert_refused_at;
use crate::common::{assert_clean, clean_fixture};
use crate::common::{assert_contains, assert_refused, dt, missing, replaced, wire_names};
use crate::common::{request_body, v2_1_1_envelope};

use common::{assert_round_trip, exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{DisplayText, OcpiString, PatchField};
use ocpi_protocol::v2_1_1::tokens::{
    AllowedType, AuthorizationInfo, LocationReferences, Token, TokenPatch, TokenType, WhitelistType,
};

const TOKEN: &str = "mod_tokens__token_object_example.json";
const PUT: &str = "mod_tokens__example_put_a_new_token.json";
const PATCH: &str = "mod_tokens__example_invalidate_a_token.json";
const ENVELOPE_ONE: &str =
    "transport_and_format__example_tokens_get_response_with_one_token_object_cpo_end_point_one_object.json";
const ENVELOPE_LIST: &str =
    "transport_and_format__example_tokens_get_response_with_list_of_token_objects_emsp_end_point_list_of_objects.json";

#[test]
fn every_tokens_example_round_trips_with_its_errata() {
    common::assert_fixture_names(
        "2.1.1",
        |n| n.starts_with("mod_tokens__") || n.contains("_tokens_get_response_"),
        &[TOKEN, PUT, PATCH, ENVELOPE_ONE, ENVELOPE_LIST],
    );

    let _p = clean_fixture::<Token>("2.1.1", TOKEN);
    let p = assert_round_trip::<Token>(&request_body(&fixture("2.1.1", PUT), "PUT"));
    assert_eq!(p.warnings, vec![]);
    let p = assert_round_trip::<TokenPatch>(&request_body(&fixture("2.1.1", PATCH), "PATCH"));
    assert_eq!(p.warnings, vec![]);

    let one = v2_1_1_envelope::<Token>(ENVELOPE_ONE);
    assert_eq!(
        one.warnings,
        vec![missing("whitelist"), missing("last_updated")]
    );
    let list = v2_1_1_envelope::<Vec<Token>>(ENVELOPE_LIST);
    let mut expected = Vec::new();
    for i in 0..3 {
        expected.push(missing(&format!("[{i}].whitelist")));
        expected.push(missing(&format!("[{i}].last_updated")));
    }
    assert_eq!(list.warnings, expected);
}

#[test]
fn official_token_values() {
    let t = round_trip_fixture::<Token>("2.1.1", TOKEN).value;
    assert_eq!(t.uid, "012345678");
    assert_eq!(t.r#type, TokenType::Rfid);
    assert_eq!(t.auth_id, "DE8ACC12E46L89");
    assert_eq!(t.visual_number.as_deref(), Some("DF000-2001-8999"));
    assert_eq!(t.issuer, "TheNewMotion");
    assert!(t.valid);
    assert_eq!(t.whitelist, Some(WhitelistType::Allowed));
    assert_eq!(t.language, None);
    assert_eq!(t.last_updated, Some(dt("2015-06-29T22:39:09Z")));
    assert!(t.unknown_fields.is_empty());

    let put = parse::<Token>(request_body(&fixture("2.1.1", PUT), "PUT").as_bytes())
        .unwrap()
        .value;
    assert_eq!(put.whitelist, Some(WhitelistType::Always));
    let mut same = put.clone();
    same.whitelist = Some(WhitelistType::Allowed);
    assert_eq!(same, t);

    let one = v2_1_1_envelope::<Token>(ENVELOPE_ONE).value;
    assert_eq!(one.auth_id, "FA54320");
    assert_eq!((one.whitelist.clone(), one.last_updated), (None, None));
    assert_eq!(
        one.unknown_fields.get("allow_whitelist").unwrap().get(),
        "true"
    );
    let list = v2_1_1_envelope::<Vec<Token>>(ENVELOPE_LIST).value;
    assert_eq!(
        list.iter().map(|t| t.uid.as_str()).collect::<Vec<_>>(),
        ["100012", "100013", "100014"]
    );
    assert!(!list[2].valid);
    assert!(list.iter().all(|t| t.unknown_fields.len() == 1));
}

#[test]
fn patch_example_invalidates_a_token() {
    let body = request_body(&fixture("2.1.1", PATCH), "PATCH");
    let patch = parse::<TokenPatch>(body.as_bytes()).unwrap().value;
    assert_eq!(patch.valid, Some(false));
    assert_eq!(patch.last_updated, None);
    assert!(patch.visual_number.is_absent());
    let before = round_trip_fixture::<Token>("2.1.1", TOKEN).value;
    let mut after = before.clone();
    patch.apply_to(&mut after);
    let mut expected = before.clone();
    expected.valid = false;
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn patch_null_clears_optional_and_refuses_required() {
    let json = r#"{"visual_number":null,"language":"nl","whitelist":"NEVER","last_updated":"2016-01-01T00:00:00Z"}"#;
    let patch = parse::<TokenPatch>(json.as_bytes()).unwrap().value;
    exact_json_eq(json, &serde_json::to_string(&patch).unwrap()).unwrap();
    assert_eq!(patch.visual_number, PatchField::Null);
    let mut t = round_trip_fixture::<Token>("2.1.1", TOKEN).value;
    patch.apply_to(&mut t);
    assert_eq!(t.visual_number, None);
    assert_eq!(t.language.as_deref(), Some("nl"));
    assert_eq!(t.whitelist, Some(WhitelistType::Never));
    assert_eq!(t.last_updated, Some(dt("2016-01-01T00:00:00Z")));

    for field in [
        "uid",
        "type",
        "auth_id",
        "issuer",
        "valid",
        "whitelist",
        "last_updated",
    ] {
        let json = format!(r#"{{"{field}":null}}"#);
        let e = parse::<TokenPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, field, "{json}");
    }
}

#[test]
fn authorization_info_and_location_references() {
    let json = r#"{"allowed":"ALLOWED","location":{"location_id":"LOC1","evse_uids":["3256","3257"],"connector_ids":[]},"info":{"language":"en","text":"Welcome"}}"#;
    let p = assert_clean::<AuthorizationInfo>(json);
    let info = p.value;
    assert_eq!(info.allowed, AllowedType::Allowed);
    let loc = info.location.as_ref().unwrap();
    assert_eq!(loc.location_id, "LOC1");
    assert_eq!(loc.evse_uids.as_ref().unwrap()[1], "3257");
    // An empty list stays distinct from an absent one.
    assert_eq!(loc.connector_ids, Some(vec![]));
    assert_eq!(
        info.info,
        Some(DisplayText::new(
            OcpiString::new("en").unwrap(),
            OcpiString::new("Welcome").unwrap()
        ))
    );
    let refs = LocationReferences::new(OcpiString::new("LOC2").unwrap());
    assert_eq!(
        serde_json::to_string(&refs).unwrap(),
        r#"{"location_id":"LOC2"}"#
    );
    // 2.1.1 has no `token` in AuthorizationInfo: a 2.2.1-style one keeps it as unknown.
    let p = parse::<AuthorizationInfo>(br#"{"allowed":"NO_CREDIT","token":{}}"#).unwrap();
    assert_eq!(p.value.allowed, AllowedType::NoCredit);
    assert_eq!(p.value.unknown_fields.get("token").unwrap().get(), "{}");

    assert_refused::<AuthorizationInfo>(
        r#"{"location":{"location_id":"LOC1"}}"#,
        ".",
        "missing field `allowed`",
    );
    let e = assert_refused_at::<AuthorizationInfo>(
        &format!(
            r#"{{"allowed":"BLOCKED","location":{{"location_id":"{}"}}}}"#,
            "L".repeat(40)
        ),
        "location.location_id",
    );
    assert_contains(&e.message, "maximum length of 39");
    assert_refused_at::<AuthorizationInfo>(
        r#"{"allowed":"BLOCKED","location":{"location_id":"L","connector_ids":"1"}}"#,
        "location.connector_ids",
    );
}

pub(crate) const CONFORMING: &str = r#"{
  "uid": "012345678",
  "type": "RFID",
  "auth_id": "DE8ACC12E46L89",
  "visual_number": "DF000-2001-8999",
  "issuer": "TheNewMotion",
  "valid": true,
  "whitelist": "ALLOWED_OFFLINE",
  "language": "nl",
  "last_updated": "2015-06-29T22:39:09Z"
}"#;

fn variant(from: &str, to: &str) -> String {
    replaced(CONFORMING, from, to)
}

#[test]
fn malformed_tokens_are_refused_with_their_path() {
    assert!(assert_round_trip::<Token>(CONFORMING).warnings.is_empty());
    // `APP_USER` is a 2.2.1 token type: unknown (kept) in 2.1.1.
    let p = parse::<Token>(variant(r#""RFID""#, r#""APP_USER""#).as_bytes()).unwrap();
    assert!(!p.value.r#type.is_known());
}

#[test]
fn token_enums_list_every_value_of_the_spec_in_order() {
    let types = wire_names(TokenType::KNOWN);
    assert_eq!(types, ["OTHER", "RFID"]);
    let whitelist = wire_names(WhitelistType::KNOWN);
    assert_eq!(whitelist, ["ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER"]);
    let allowed = wire_names(AllowedType::KNOWN);
    assert_eq!(
        allowed,
        ["ALLOWED", "BLOCKED", "EXPIRED", "NO_CREDIT", "NOT_ALLOWED"]
    );
    // Re-exports of the 2.2.1 enums.
    let w: ocpi_protocol::v2_2_1::tokens::WhitelistType = WhitelistType::Never;
    assert_eq!(w.as_str(), "NEVER");
}
