//! 2.2.1 Tokens module: official examples, PATCH, own documents and malformed input.

use crate::common;

use common::{assert_round_trip, exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, ErrorCategory};
use ocpi_protocol::types::{DateTime, PatchField};
use ocpi_protocol::v2_2_1::sessions::ProfileType;
use ocpi_protocol::v2_2_1::tokens::{
    AllowedType, AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch,
    TokenType, WhitelistType,
};

fn token_fixture(name: &str) -> Token {
    parse::<Token>(fixture("2.2.1", name).as_bytes())
        .unwrap()
        .value
}

#[test]
fn official_token_examples_round_trip() {
    let app = round_trip_fixture::<Token>("2.2.1", "token_example_1_app_user.json");
    assert_eq!(app.warnings, vec![]);
    let t = &app.value;
    assert_eq!(t.country_code, "DE");
    assert_eq!(t.party_id, "TNM");
    assert_eq!(t.uid, "bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1");
    assert_eq!(t.r#type, TokenType::AppUser);
    assert_eq!(t.whitelist, WhitelistType::Allowed);
    assert!(t.valid);
    assert_eq!(t.visual_number, None);
    assert_eq!(t.energy_contract, None);
    assert!(t.unknown_fields.is_empty());

    let rfid = round_trip_fixture::<Token>("2.2.1", "token_example_2_full_rfid.json");
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

    let put = round_trip_fixture::<Token>("2.2.1", "token_put_example.json");
    assert_eq!(put.warnings, vec![]);
    assert_eq!(put.value.whitelist, WhitelistType::Always);
    assert_eq!(put.value.uid, "012345678");
    assert_eq!(
        put.value.last_updated,
        "2015-06-29T22:39:09Z".parse::<DateTime>().unwrap()
    );
}

#[test]
fn official_patch_example_invalidates_a_token() {
    let p = round_trip_fixture::<TokenPatch>("2.2.1", "token_patch_example.json");
    assert_eq!(p.warnings, vec![]);
    assert_eq!(p.value.valid, Some(false));
    assert!(p.value.uid.is_none());
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
    let json = r#"{"visual_number":null,"energy_contract":null,"default_profile_type":"FAST","whitelist":"NEVER","last_updated":"2019-07-01T00:00:00Z","x-vendor":{"a":1}}"#;
    let p = parse::<TokenPatch>(json.as_bytes()).unwrap();
    assert_eq!(p.warnings, vec![]);
    // The explicit nulls are written back (absent and null stay distinct).
    let back = serde_json::to_string(&p.value).unwrap();
    exact_json_eq(json, &back).unwrap();
    assert_eq!(p.value.visual_number, PatchField::Null);
    assert_eq!(
        p.value.default_profile_type,
        PatchField::Value(ProfileType::Fast)
    );
    assert!(p.value.language.is_absent());
    let before = token.clone();
    p.value.apply_to(&mut token);
    assert_eq!(token.visual_number, None);
    assert_eq!(token.energy_contract, None);
    assert_eq!(token.default_profile_type, Some(ProfileType::Fast));
    assert_eq!(token.whitelist, WhitelistType::Never);
    // Absent optional fields are kept.
    assert_eq!(token.language, before.language);
    assert_eq!(token.group_id, before.group_id);
    assert_eq!(
        token.unknown_fields.get("x-vendor").unwrap().get(),
        r#"{"a":1}"#
    );
    // The patched token serializes without the cleared fields.
    let json = serde_json::to_string(&token).unwrap();
    assert!(!json.contains("visual_number"), "{json}");
    assert!(!json.contains("energy_contract"), "{json}");
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
    let e = parse::<TokenPatch>(br#"{"valid":false,"valid":true}"#).unwrap_err();
    assert!(
        e.message.contains("duplicate field `valid`"),
        "{}",
        e.message
    );
}

#[test]
fn authorization_info_round_trips_every_allowed_type() {
    let token = fixture("2.2.1", "token_example_1_app_user.json");
    let cases = [
        ("ALLOWED", AllowedType::Allowed),
        ("BLOCKED", AllowedType::Blocked),
        ("EXPIRED", AllowedType::Expired),
        ("NO_CREDIT", AllowedType::NoCredit),
        ("NOT_ALLOWED", AllowedType::NotAllowed),
    ];
    assert_eq!(AllowedType::KNOWN.len(), cases.len());
    for (wire, expected) in cases {
        let json = format!(r#"{{"allowed":"{wire}","token":{token}}}"#);
        let a = assert_round_trip::<AuthorizationInfo>(&json);
        assert_eq!(a.warnings, vec![]);
        assert_eq!(a.value.allowed, expected);
        assert!(a.value.location.is_none());
        assert_eq!(a.value.token.r#type, TokenType::AppUser);
    }

    let full = r#"{
      "allowed": "ALLOWED",
      "token": {
        "country_code": "NL", "party_id": "TNM", "uid": "0a1b2c3d", "type": "AD_HOC_USER",
        "contract_id": "NL8ACC12E46L89", "issuer": "TheNewMotion", "valid": true,
        "whitelist": "ALLOWED_OFFLINE", "last_updated": "2019-06-19T02:11:11Z"
      },
      "location": {"location_id": "LOC1", "evse_uids": ["BE-BEC-E041503001", "BE-BEC-E041503002"]},
      "authorization_reference": "567890",
      "info": {"language": "en", "text": "Enjoy charging at this location"}
    }"#;
    let a = assert_round_trip::<AuthorizationInfo>(full);
    assert_eq!(a.warnings, vec![]);
    let v = a.value;
    assert_eq!(v.token.r#type, TokenType::AdHocUser);
    assert_eq!(v.token.whitelist, WhitelistType::AllowedOffline);
    let loc = v.location.unwrap();
    assert_eq!(loc.location_id, "LOC1");
    assert_eq!(loc.evse_uids.as_ref().map(Vec::len), Some(2));
    assert_eq!(v.authorization_reference.unwrap(), "567890");
    assert_eq!(v.info.unwrap().text, "Enjoy charging at this location");
}

#[test]
fn token_types_and_whitelist_values() {
    let base = r#""country_code":"NL","party_id":"TNM","uid":"X1","contract_id":"C1","issuer":"I","valid":false,"last_updated":"2019-06-19T02:11:11Z""#;
    let cases = [
        (
            "AD_HOC_USER",
            TokenType::AdHocUser,
            "NEVER",
            WhitelistType::Never,
        ),
        (
            "APP_USER",
            TokenType::AppUser,
            "ALLOWED",
            WhitelistType::Allowed,
        ),
        ("OTHER", TokenType::Other, "ALWAYS", WhitelistType::Always),
        (
            "RFID",
            TokenType::Rfid,
            "ALLOWED_OFFLINE",
            WhitelistType::AllowedOffline,
        ),
    ];
    assert_eq!(TokenType::KNOWN.len(), 4);
    assert_eq!(WhitelistType::KNOWN.len(), 4);
    for (t, tv, w, wv) in cases {
        let json = format!(r#"{{{base},"type":"{t}","whitelist":"{w}"}}"#);
        let p = assert_round_trip::<Token>(&json);
        assert_eq!(p.value.r#type, tv);
        assert_eq!(p.value.whitelist, wv);
        assert!(!p.value.valid);
    }
    // A newer peer's token type is kept, not refused.
    let json = format!(r#"{{{base},"type":"EMAID","whitelist":"NEVER"}}"#);
    let p = assert_round_trip::<Token>(&json);
    assert!(!p.value.r#type.is_known());
    assert_eq!(p.value.r#type.as_str(), "EMAID");
}

#[test]
fn location_references_keep_absent_and_empty_apart() {
    let absent = assert_round_trip::<LocationReferences>(r#"{"location_id":"LOC1"}"#);
    assert_eq!(absent.value.evse_uids, None);
    let empty = assert_round_trip::<LocationReferences>(r#"{"location_id":"LOC1","evse_uids":[]}"#);
    assert_eq!(empty.value.evse_uids, Some(vec![]));
    assert_ne!(absent.value, empty.value);

    let ec = assert_round_trip::<EnergyContract>(r#"{"supplier_name":"Greenpeace Energy eG"}"#);
    assert_eq!(ec.value.contract_id, None);
    assert_eq!(
        serde_json::to_string(&EnergyContract::new("Stadtwerke".parse().unwrap())).unwrap(),
        r#"{"supplier_name":"Stadtwerke"}"#
    );
}

/// The put example with one field replaced (or removed when `value` is `None`).
fn put_with(field: &str, value: Option<&str>) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&fixture("2.2.1", "token_put_example.json")).unwrap();
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
    assert_token_error(&put_with("issuer", None), ".", "missing field `issuer`");
    assert_token_error(
        &put_with("whitelist", None),
        ".",
        "missing field `whitelist`",
    );
    // Over-long strings: uid is CiString(36), issuer string(64), language string(2).
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
    assert_token_error(
        &put_with("language", Some("\"ita\"")),
        "language",
        "maximum length of 2",
    );
    // Wrong enum case.
    assert_token_error(
        &put_with("whitelist", Some("\"always\"")),
        "whitelist",
        "differs only in case",
    );
    assert_token_error(
        &put_with("type", Some("\"Rfid\"")),
        "type",
        "differs only in case",
    );
    // Bad datetime.
    assert_token_error(
        &put_with("last_updated", Some("\"2015-06-29 22:39:09\"")),
        "last_updated",
        "YYYY-MM-DDThh:mm:ss",
    );
    assert_token_error(
        &put_with("last_updated", Some("\"2015-06-29T22:39:09+02:00\"")),
        "last_updated",
        "UTC offset",
    );
    // Wrong JSON types: boolean as string, number where a string is expected, string where
    // an object is expected.
    assert_token_error(
        &put_with("valid", Some("\"true\"")),
        "valid",
        "expected a boolean",
    );
    assert_token_error(
        &put_with("uid", Some("12345678")),
        "uid",
        "invalid type: integer",
    );
    assert_token_error(
        &put_with("energy_contract", Some("\"Greenpeace\"")),
        "energy_contract",
        "invalid type: string",
    );
    // Bad country code / party id.
    assert_token_error(
        &put_with("country_code", Some("\"NLD\"")),
        "country_code",
        "not a valid",
    );
    // Nested path.
    assert_token_error(
        &put_with("energy_contract", Some(r#"{"contract_id":"1"}"#)),
        "energy_contract",
        "missing field `supplier_name`",
    );
    // Duplicate key.
    let dup = fixture("2.2.1", "token_put_example.json").replacen(
        "\"valid\": true,",
        "\"valid\": true, \"valid\": false,",
        1,
    );
    assert!(dup.matches("\"valid\"").count() == 2);
    // A duplicate key is reported at the key itself.
    assert_token_error(&dup, "valid", "duplicate field `valid`");
}

#[test]
fn malformed_authorization_info_is_refused_with_path() {
    let token = fixture("2.2.1", "token_example_1_app_user.json");
    let cases = [
        (
            format!(r#"{{"token":{token}}}"#),
            ".",
            "missing field `allowed`",
        ),
        (
            r#"{"allowed":"ALLOWED"}"#.to_owned(),
            ".",
            "missing field `token`",
        ),
        (
            format!(r#"{{"allowed":"no_credit","token":{token}}}"#),
            "allowed",
            "differs only in case",
        ),
        (
            format!(
                r#"{{"allowed":"ALLOWED","token":{token},"location":{{"location_id":"L","evse_uids":["A",7]}}}}"#
            ),
            "location.evse_uids[1]",
            "invalid type: integer",
        ),
        (
            format!(
                r#"{{"allowed":"ALLOWED","token":{token},"authorization_reference":"{}"}}"#,
                "r".repeat(37)
            ),
            "authorization_reference",
            "exceeds the maximum length of 36",
        ),
        (
            format!(
                r#"{{"allowed":"ALLOWED","token":{}}}"#,
                token.replace("\"APP_USER\"", "\"app_user\"")
            ),
            "token.type",
            "differs only in case",
        ),
        (
            format!(r#"{{"allowed":"ALLOWED","token":{token},"allowed":"BLOCKED"}}"#),
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
