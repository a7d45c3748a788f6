//! 2.3.0 Tokens module: official examples, PATCH, the new `EMAID` token type, re-exports and
//! malformed input.

use crate::common;

use common::{assert_round_trip, exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, ErrorCategory};
use ocpi_protocol::types::{DateTime, DisplayText, PatchField};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_2_1::sessions::ProfileType;
use ocpi_protocol::v2_3_0::tokens::{
    AllowedType, AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch,
    TokenType, WhitelistType,
};

fn token_fixture(name: &str) -> Token {
    parse::<Token>(fixture("2.3.0", name).as_bytes())
        .unwrap()
        .value
}

#[test]
fn official_token_examples_round_trip() {
    let app = round_trip_fixture::<Token>("2.3.0", "token_example_1_app_user.json");
    assert_eq!(app.warnings, vec![]);
    let t = &app.value;
    assert_eq!(t.country_code, "DE");
    assert_eq!(t.party_id, "TNM");
    assert_eq!(t.uid, "bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1");
    assert_eq!(t.r#type, TokenType::AppUser);
    assert_eq!(t.contract_id, "DE8ACC12E46L89");
    assert_eq!(t.issuer, "TheNewMotion");
    assert_eq!(t.whitelist, WhitelistType::Allowed);
    assert!(t.valid);
    assert_eq!(t.visual_number, None);
    assert_eq!(t.energy_contract, None);
    assert!(t.unknown_fields.is_empty());

    let rfid = round_trip_fixture::<Token>("2.3.0", "token_example_2_full_rfid.json");
    assert_eq!(rfid.warnings, vec![]);
    let t = &rfid.value;
    assert_eq!(t.r#type, TokenType::Rfid);
    assert_eq!(t.visual_number.as_deref(), Some("DF000-2001-8999-1"));
    assert_eq!(
        t.group_id.as_ref().map(|g| g.as_str()),
        Some("DF000-2001-8999")
    );
    assert_eq!(t.language.as_deref(), Some("it"));
    assert_eq!(t.default_profile_type, Some(ProfileType::Green));
    let ec = t.energy_contract.as_ref().unwrap();
    assert_eq!(ec.supplier_name, "Greenpeace Energy eG");
    assert_eq!(ec.contract_id.as_deref(), Some("0123456789"));
    assert!(t.unknown_fields.is_empty());

    let put = round_trip_fixture::<Token>("2.3.0", "token_put_example.json");
    assert_eq!(put.warnings, vec![]);
    assert_eq!(put.value.whitelist, WhitelistType::Always);
    assert_eq!(put.value.uid, "012345678");
    assert_eq!(put.value.group_id.as_ref().unwrap(), "DF000-2001-8999");
    assert_eq!(
        put.value.last_updated,
        "2015-06-29T22:39:09Z".parse::<DateTime>().unwrap()
    );
}

#[test]
fn official_displaytext_example_round_trips() {
    let d = round_trip_fixture::<DisplayText>("2.3.0", "type_displaytext_example.json");
    assert_eq!(d.warnings, vec![]);
    assert_eq!(d.value.language, "en");
    assert_eq!(d.value.text, "Standard Tariff");
}

#[test]
fn official_patch_example_invalidates_a_token() {
    let p = round_trip_fixture::<TokenPatch>("2.3.0", "token_patch_example.json");
    assert_eq!(p.warnings, vec![]);
    assert_eq!(p.value.valid, Some(false));
    assert!(p.value.uid.is_none());
    assert!(p.value.r#type.is_none());
    assert!(p.value.visual_number.is_absent());

    let before = token_fixture("token_put_example.json");
    let mut after = before.clone();
    p.value.apply_to(&mut after);

    assert!(before.valid);
    assert!(!after.valid);
    assert_eq!(
        after.last_updated,
        "2019-06-19T02:11:11Z".parse::<DateTime>().unwrap()
    );
    // Everything else is unchanged.
    let mut expected = before.clone();
    expected.valid = false;
    expected.last_updated = after.last_updated;
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn patch_null_clears_optional_and_sets_values() {
    let mut token = token_fixture("token_example_2_full_rfid.json");
    let json = r#"{"visual_number":null,"energy_contract":null,"type":"EMAID","whitelist":"NEVER","last_updated":"2024-07-01T00:00:00Z","x-vendor":[1]}"#;
    let p = parse::<TokenPatch>(json.as_bytes()).unwrap();
    assert_eq!(p.warnings, vec![]);
    // Explicit nulls are written back: absent and null stay distinct.
    let back = serde_json::to_string(&p.value).unwrap();
    exact_json_eq(json, &back).unwrap();
    assert_eq!(p.value.visual_number, PatchField::Null);
    assert!(p.value.language.is_absent());
    assert_eq!(p.value.r#type, Some(TokenType::Emaid));
    let before = token.clone();
    p.value.apply_to(&mut token);
    assert_eq!(token.visual_number, None);
    assert_eq!(token.energy_contract, None);
    assert_eq!(token.r#type, TokenType::Emaid);
    assert_eq!(token.whitelist, WhitelistType::Never);
    // Absent optional fields are kept.
    assert_eq!(token.language, before.language);
    assert_eq!(token.group_id, before.group_id);
    assert_eq!(token.default_profile_type, before.default_profile_type);
    assert_eq!(token.unknown_fields.get("x-vendor").unwrap().get(), "[1]");
    let json = serde_json::to_string(&token).unwrap();
    assert!(!json.contains("visual_number"), "{json}");
    assert!(json.contains(r#""type":"EMAID""#), "{json}");
}

#[test]
fn patch_null_for_required_field_is_refused() {
    for (json, path) in [
        (
            r#"{"valid":null,"last_updated":"2019-06-19T02:11:11Z"}"#,
            "valid",
        ),
        (r#"{"last_updated":null}"#, "last_updated"),
        (
            r#"{"type":null,"last_updated":"2019-06-19T02:11:11Z"}"#,
            "type",
        ),
    ] {
        let e = parse::<TokenPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, path, "{json}");
        assert_eq!(e.category, ErrorCategory::Data);
        assert!(e.message.contains("null"), "{}", e.message);
    }
}

#[test]
fn emaid_is_a_known_token_type_in_2_3_0_only() {
    assert_eq!(
        TokenType::KNOWN,
        &[
            TokenType::AdHocUser,
            TokenType::AppUser,
            TokenType::Emaid,
            TokenType::Other,
            TokenType::Rfid,
        ]
    );
    let json = fixture("2.3.0", "token_put_example.json").replace("\"RFID\"", "\"EMAID\"");
    let p = assert_round_trip::<Token>(&json);
    assert_eq!(p.warnings, vec![]);
    assert_eq!(p.value.r#type, TokenType::Emaid);
    assert!(p.value.r#type.is_known());
    assert_eq!(p.value.r#type.as_str(), "EMAID");
    // The same document read as 2.2.1 keeps EMAID as a value it does not know.
    let old = parse::<v2_2_1::tokens::Token>(json.as_bytes()).unwrap();
    assert!(!old.value.r#type.is_known());
    // Wrong case is refused, a newer peer's value is kept.
    assert!("emaid".parse::<TokenType>().is_err());
    let p = assert_round_trip::<Token>(&json.replace("\"EMAID\"", "\"X_VENDOR_KEY\""));
    assert!(!p.value.r#type.is_known());
}

#[test]
fn unchanged_types_are_the_2_2_1_types() {
    // Re-exports, not copies: a 2.2.1 value is a 2.3.0 value.
    let ec: EnergyContract = v2_2_1::tokens::EnergyContract::new("Stadtwerke".parse().unwrap());
    assert_eq!(
        serde_json::to_string(&ec).unwrap(),
        r#"{"supplier_name":"Stadtwerke"}"#
    );
    let _: AllowedType = v2_2_1::tokens::AllowedType::NoCredit;
    let _: WhitelistType = v2_2_1::tokens::WhitelistType::AllowedOffline;
    let _: LocationReferences = v2_2_1::tokens::LocationReferences::new("L".parse().unwrap());
}

#[test]
fn authorization_info_round_trips() {
    let full = r#"{
      "allowed": "ALLOWED",
      "token": {
        "country_code": "NL", "party_id": "TNM", "uid": "NL-TNM-C00122045-K", "type": "EMAID",
        "contract_id": "NL-TNM-C00122045-K", "issuer": "TheNewMotion", "valid": true,
        "whitelist": "NEVER", "last_updated": "2024-06-19T02:11:11Z"
      },
      "location": {"location_id": "LOC1", "evse_uids": ["BE-BEC-E041503001"]},
      "authorization_reference": "567890",
      "info": {"language": "en", "text": "Enjoy charging at this location"}
    }"#;
    let a = assert_round_trip::<AuthorizationInfo>(full);
    assert_eq!(a.warnings, vec![]);
    let v = a.value;
    assert_eq!(v.allowed, AllowedType::Allowed);
    assert_eq!(v.token.r#type, TokenType::Emaid);
    let loc = v.location.unwrap();
    assert_eq!(loc.location_id, "LOC1");
    assert_eq!(loc.evse_uids.as_ref().map(Vec::len), Some(1));
    assert_eq!(v.authorization_reference.unwrap(), "567890");
    assert_eq!(v.info.unwrap().text, "Enjoy charging at this location");

    let token = fixture("2.3.0", "token_example_1_app_user.json");
    let minimal = format!(r#"{{"allowed":"NOT_ALLOWED","token":{token}}}"#);
    let a = assert_round_trip::<AuthorizationInfo>(&minimal);
    assert_eq!(a.value.allowed, AllowedType::NotAllowed);
    assert_eq!(a.value.location, None);
    assert_eq!(a.value.info, None);
}

/// The put example with one field replaced (or removed when `value` is `None`).
fn put_with(field: &str, value: Option<&str>) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&fixture("2.3.0", "token_put_example.json")).unwrap();
    match value {
        Some(raw) => {
            v.insert(field.into(), serde_json::from_str(raw).unwrap());
        }
        None => {
            assert!(v.remove(field).is_some());
        }
    }
    serde_json::to_string(&v).unwrap()
}

fn assert_token_error(json: &str, path: &str, message: &str) {
    let e = parse::<Token>(json.as_bytes()).unwrap_err();
    assert_eq!(e.path, path, "{json}: {e}");
    assert!(e.message.contains(message), "{json}: {}", e.message);
}

#[test]
fn malformed_tokens_are_refused_with_path() {
    // Missing required field.
    assert_token_error(
        &put_with("contract_id", None),
        ".",
        "missing field `contract_id`",
    );
    // Over-long strings: uid is CiString(36), issuer string(64).
    assert_token_error(
        &put_with("uid", Some(&format!("\"{}\"", "1".repeat(37)))),
        "uid",
        "exceeds the maximum length of 36",
    );
    assert_token_error(
        &put_with("issuer", Some(&format!("\"{}\"", "x".repeat(65)))),
        "issuer",
        "exceeds the maximum length of 64",
    );
    // Wrong enum case, including the new value.
    assert_token_error(
        &put_with("type", Some("\"Emaid\"")),
        "type",
        "differs only in case",
    );
    // Bad datetime.
    assert_token_error(
        &put_with("last_updated", Some("\"2015-06-29T22:39\"")),
        "last_updated",
        "YYYY-MM-DDThh:mm:ss",
    );
    // Boolean as string; number where a string is required; wrong type.
    assert_token_error(
        &put_with("valid", Some("\"false\"")),
        "valid",
        "expected a boolean",
    );
    assert_token_error(
        &put_with("contract_id", Some("8")),
        "contract_id",
        "invalid type: integer",
    );
    assert_token_error(
        &put_with("energy_contract", Some("[]")),
        "energy_contract",
        "invalid type: sequence",
    );
    // Duplicate key, reported at the key.
    let dup = fixture("2.3.0", "token_put_example.json").replacen(
        "\"valid\": true,",
        "\"valid\": true, \"valid\": false,",
        1,
    );
    assert_eq!(dup.matches("\"valid\"").count(), 2);
    assert_token_error(&dup, "valid", "duplicate field `valid`");
}

#[test]
fn malformed_authorization_info_is_refused_with_path() {
    let token = fixture("2.3.0", "token_example_1_app_user.json");
    let cases = [
        (
            format!(r#"{{"token":{token}}}"#),
            ".",
            "missing field `allowed`",
        ),
        (
            format!(r#"{{"allowed":"allowed","token":{token}}}"#),
            "allowed",
            "differs only in case",
        ),
        (
            format!(
                r#"{{"allowed":"ALLOWED","token":{}}}"#,
                token.replace("\"APP_USER\"", "\"emaid\"")
            ),
            "token.type",
            "differs only in case",
        ),
        (
            format!(
                r#"{{"allowed":"ALLOWED","token":{token},"info":{{"language":"eng","text":"x"}}}}"#
            ),
            "info.language",
            "exceeds the maximum length of 2",
        ),
        (
            format!(r#"{{"allowed":"ALLOWED","token":{token},"location":"LOC1"}}"#),
            "location",
            "invalid type: string",
        ),
        (
            format!(r#"{{"allowed":"BLOCKED","allowed":"ALLOWED","token":{token}}}"#),
            "allowed",
            "duplicate field `allowed`",
        ),
    ];
    for (json, path, message) in cases {
        let e = parse::<AuthorizationInfo>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, path, "{json}: {e}");
        assert!(e.message.contains(message), "{json}: {}", e.message);
    }
}
