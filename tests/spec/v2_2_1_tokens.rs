//! 2.2.1 Tokens module: official examples, PATCH, own documents and malformed input.

use crate::common;
use crate::common::assert_clean;
use crate::tokens::v2_2_1::token_fixture;

use common::{assert_round_trip, exact_json_eq, fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::PatchField;
use ocpi_protocol::v2_2_1::sessions::ProfileType;
use ocpi_protocol::v2_2_1::tokens::{
    AllowedType, AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch,
    TokenType, WhitelistType,
};

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
        let a = assert_clean::<AuthorizationInfo>(&json);
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
    let a = assert_clean::<AuthorizationInfo>(full);
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
