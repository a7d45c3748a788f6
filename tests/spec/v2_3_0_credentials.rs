//! 2.3.0 Credentials module: official examples, `hub_party_id`, the 2.3.0 Role enum and
//! refusals.

use crate::common;
use crate::common::{assert_clean, clean_fixture};
use crate::common::{assert_refused, refused};

use common::assert_round_trip;
use ocpi_protocol::types::{CiString, CountryCode, CredentialsToken, OcpiString, PartyId, Url};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_2_1::locations::{BusinessDetails, ImageCategory};
use ocpi_protocol::v2_3_0::credentials::{Credentials, CredentialsRole, Role};

#[test]
fn official_examples_round_trip() {
    let c = clean_fixture::<Credentials>("2.3.0", "credentials_example.json");
    assert_eq!(
        c.value.token.expose(),
        "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"
    );
    assert_eq!(c.value.url.as_str(), "https://example.com/ocpi/versions");
    assert_eq!(c.value.hub_party_id, None);
    assert_eq!(c.value.roles.len(), 1);
    let r = &c.value.roles[0];
    assert_eq!(r.role, Role::Cpo);
    assert_eq!(r.party_id, PartyId::new("EXA").unwrap());
    assert_eq!(r.country_code, CountryCode::new("NL").unwrap());
    assert_eq!(r.business_details.name, "Example Operator");
    assert_eq!(r.business_details.logo, None);

    let c = clean_fixture::<Credentials>("2.3.0", "credentials_example2.json");
    let roles: Vec<_> = c.value.roles.iter().map(|r| r.role.clone()).collect();
    assert_eq!(roles, [Role::Cpo, Role::Emsp]);
    assert_eq!(c.value.roles[1].business_details.name, "Example Provider");

    let c = clean_fixture::<Credentials>("2.3.0", "credentials_example3.json");
    let bd = &c.value.roles[0].business_details;
    assert_eq!(bd.website, Some(Url::new("http://example.com").unwrap()));
    let logo = bd.logo.as_ref().unwrap();
    assert_eq!(logo.category, ImageCategory::Operator);
    assert_eq!(logo.r#type, "jpeg");
    assert_eq!((logo.width, logo.height), (Some(512), Some(512)));

    let c = clean_fixture::<Credentials>("2.3.0", "credentials_example4.json");
    let ids: Vec<_> = c.value.roles.iter().map(|r| r.party_id.as_str()).collect();
    assert_eq!(ids, ["EXO", "PFC", "CGP"]);
    assert!(c.value.roles.iter().all(|r| r.role == Role::Cpo));
}

/// A Roaming Hub's platform in 2.3.0: names itself in `hub_party_id` and lists the parties it
/// reaches as ordinary roles.
const HUB_PLATFORM: &str = r#"{
    "token": "9e80ae10-28be-11e9-b210-d663bd873d93",
    "url": "https://hub.example.com/ocpi/versions",
    "hub_party_id": "NLHUB",
    "roles": [
        {"role": "CPO", "party_id": "EXO", "country_code": "NL",
         "business_details": {"name": "Excellent Operator"}},
        {"role": "EMSP", "party_id": "EMP", "country_code": "DE",
         "business_details": {"name": "Example Provider"}},
        {"role": "PTP", "party_id": "PAY", "country_code": "AT",
         "business_details": {"name": "Payment Terminals GmbH"}}
    ]
}"#;

#[test]
fn hub_party_id_round_trips() {
    let c = assert_clean::<Credentials>(HUB_PLATFORM);
    let hub = c.value.hub_party_id.as_ref().unwrap();
    assert_eq!(hub.as_str(), "NLHUB");
    // CiString: compares case-insensitively, kept as written.
    assert_eq!(*hub, CiString::<5>::new("nlhub").unwrap());
    let roles: Vec<_> = c.value.roles.iter().map(|r| r.role.clone()).collect();
    assert_eq!(roles, [Role::Cpo, Role::Emsp, Role::Ptp]);
    assert!(c.value.unknown_fields.is_empty());

    // The same document read as 2.2.1 keeps hub_party_id as an unknown field and PTP as an
    // unknown role: nothing is lost.
    let old = assert_round_trip::<v2_2_1::credentials::Credentials>(HUB_PLATFORM);
    assert_eq!(
        old.value.unknown_fields.get("hub_party_id").unwrap().get(),
        r#""NLHUB""#
    );
    assert!(!old.value.roles[2].role.is_known());
}

#[test]
fn role_values_of_2_3_0() {
    assert_eq!(
        Role::KNOWN,
        &[
            Role::Cpo,
            Role::Emsp,
            Role::Nap,
            Role::Nsp,
            Role::Other,
            Role::Scsp,
            Role::Ptp,
        ]
    );
    let wire: Vec<_> = Role::KNOWN.iter().map(|r| r.as_str()).collect();
    assert_eq!(wire, ["CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP", "PTP"]);
    // HUB is gone from the 2.3.0 table: a 2.2.1-style hub role is kept but not known.
    let c = assert_round_trip::<Credentials>(
        r#"{"token":"t","url":"https://hub.example.com/v","roles":[{"role":"HUB","party_id":"HUB","country_code":"NL","business_details":{"name":"Example Hub"}}]}"#,
    );
    assert!(!c.value.roles[0].role.is_known());
    assert_eq!(c.value.roles[0].role.as_str(), "HUB");
    assert!(v2_2_1::credentials::CredentialsRole::new(
        ocpi_protocol::types::Role::Hub,
        BusinessDetails::new(OcpiString::new("Example Hub").unwrap()),
        PartyId::new("HUB").unwrap(),
        CountryCode::new("NL").unwrap(),
    )
    .role
    .is_known());
}

#[test]
fn built_credentials_serialize_in_table_order() {
    let role = CredentialsRole::new(
        Role::Ptp,
        BusinessDetails::new(OcpiString::new("Payment Terminals GmbH").unwrap()),
        PartyId::new("PAY").unwrap(),
        CountryCode::new("AT").unwrap(),
    );
    let mut c = Credentials::new(
        CredentialsToken::new("Token-Is-Case-Sensitive").unwrap(),
        Url::new("https://example.com/ocpi/versions").unwrap(),
        vec![role],
    );
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"token":"Token-Is-Case-Sensitive","url":"https://example.com/ocpi/versions","roles":[{"role":"PTP","business_details":{"name":"Payment Terminals GmbH"},"party_id":"PAY","country_code":"AT"}]}"#
    );
    c.hub_party_id = Some(CiString::new("ATHUB").unwrap());
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"token":"Token-Is-Case-Sensitive","url":"https://example.com/ocpi/versions","hub_party_id":"ATHUB","roles":[{"role":"PTP","business_details":{"name":"Payment Terminals GmbH"},"party_id":"PAY","country_code":"AT"}]}"#
    );
    // The token never shows itself.
    assert!(!format!("{c:?}").contains("Token-Is-Case-Sensitive"));
}

const ROLE: &str = r#"{"role":"CPO","party_id":"EXA","country_code":"NL","business_details":{"name":"Example Operator"}}"#;

#[test]
fn malformed_credentials_are_refused_with_path() {
    // Missing required field.
    assert_refused::<Credentials>(
        &format!(r#"{{"token":"t","hub_party_id":"NLHUB","roles":[{ROLE}]}}"#),
        ".",
        "missing field `url`",
    );

    // Over-long hub_party_id (CiString(5)) and over-long token (string(64)).
    assert_refused::<Credentials>(
        &format!(
            r#"{{"token":"t","url":"https://example.com/v","hub_party_id":"NL-HUB","roles":[{ROLE}]}}"#
        ),
        "hub_party_id",
        "exceeds the maximum length of 5",
    );
    let e = refused::<Credentials>(&format!(
        r#"{{"token":"{}","url":"https://example.com/v","roles":[{ROLE}]}}"#,
        "s".repeat(65)
    ));
    assert_eq!(e.path, "token");
    assert!(!e.message.contains("ssss"), "secret leaked: {}", e.message);

    // CiString is ASCII only.
    assert_refused::<Credentials>(
        &format!(
            r#"{{"token":"t","url":"https://example.com/v","hub_party_id":"NLHÜB","roles":[{ROLE}]}}"#
        ),
        "hub_party_id",
        "not printable ASCII",
    );

    // Wrong enum case.
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v","roles":[{"role":"ptp","party_id":"PAY","country_code":"AT","business_details":{"name":"X"}}]}"#,
        "roles[0].role",
        "differs only in case",
    );

    // Number where a string is required.
    assert_refused::<Credentials>(
        &format!(
            r#"{{"token":"t","url":"https://example.com/v","hub_party_id":31123,"roles":[{ROLE}]}}"#
        ),
        "hub_party_id",
        "invalid type: integer",
    );

    // Wrong type, and cardinality +.
    assert_refused::<Credentials>(
        &format!(r#"{{"token":"t","url":"https://example.com/v","roles":{ROLE}}}"#),
        "roles",
        "expected a sequence",
    );
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v","roles":[]}"#,
        "roles",
        "at least one element",
    );

    // Null for a required field.
    assert_refused::<Credentials>(
        &format!(r#"{{"token":"t","url":null,"roles":[{ROLE}]}}"#),
        "url",
        "invalid type: null",
    );

    // Duplicate key.
    assert_refused::<Credentials>(
        &format!(
            r#"{{"token":"t","url":"https://example.com/v","hub_party_id":"NLHUB","hub_party_id":"DEHUB","roles":[{ROLE}]}}"#
        ),
        "hub_party_id",
        "duplicate field `hub_party_id`",
    );
}
