//! 2.3.0 Tokens module: official examples, PATCH, the new `EMAID` token type, re-exports and
//! malformed input.

use crate::common;
use crate::common::{assert_clean, clean_fixture};
use crate::tokens::v2_3_0::token_fixture;

use common::{assert_round_trip, exact_json_eq, fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{DisplayText, PatchField};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::tokens::{
    AllowedType, AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch,
    TokenType, WhitelistType,
};

#[test]
fn official_displaytext_example_round_trips() {
    let d = clean_fixture::<DisplayText>("2.3.0", "type_displaytext_example.json");
    assert_eq!(d.value.language, "en");
    assert_eq!(d.value.text, "Standard Tariff");
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
    let p = assert_clean::<Token>(&json);
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
    let a = assert_clean::<AuthorizationInfo>(full);
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
