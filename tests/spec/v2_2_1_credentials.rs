//! 2.2.1 Credentials module: official examples and refusals.

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_contains, assert_refused, refused};

use common::{assert_round_trip, round_trip_fixture};
use ocpi_protocol::types::{CountryCode, CredentialsToken, OcpiString, PartyId, Role, Url};
use ocpi_protocol::v2_2_1::credentials::{Credentials, CredentialsRole};
use ocpi_protocol::v2_2_1::locations::{BusinessDetails, ImageCategory};

#[test]
fn official_examples_round_trip() {
    let c = round_trip_fixture::<Credentials>("2.2.1", "credentials_example.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(
        c.value.token.expose(),
        "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"
    );
    assert_eq!(
        c.value.url,
        Url::new("https://example.com/ocpi/versions/").unwrap()
    );
    assert_eq!(c.value.roles.len(), 1);
    let r = &c.value.roles[0];
    assert_eq!(r.role, Role::Cpo);
    assert_eq!(r.party_id, PartyId::new("EXA").unwrap());
    assert_eq!(r.country_code, CountryCode::new("NL").unwrap());
    assert_eq!(r.business_details.name, "Example Operator");
    assert_eq!(r.business_details.logo, None);

    let c = round_trip_fixture::<Credentials>("2.2.1", "credentials_example2.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let roles: Vec<_> = c.value.roles.iter().map(|r| r.role.clone()).collect();
    assert_eq!(roles, [Role::Cpo, Role::Emsp]);
    assert_eq!(c.value.roles[1].business_details.name, "Example Provider");

    let c = round_trip_fixture::<Credentials>("2.2.1", "credentials_example3.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let bd = &c.value.roles[0].business_details;
    assert_eq!(bd.website, Some(Url::new("http://example.com").unwrap()));
    let logo = bd.logo.as_ref().unwrap();
    assert_eq!(logo.category, ImageCategory::Operator);
    assert_eq!(logo.r#type, "jpeg");
    assert_eq!((logo.width, logo.height), (Some(512), Some(512)));

    let c = round_trip_fixture::<Credentials>("2.2.1", "credentials_example4.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let ids: Vec<_> = c.value.roles.iter().map(|r| r.party_id.as_str()).collect();
    assert_eq!(ids, ["EXO", "PFC", "CGP"]);
    assert!(c.value.roles.iter().all(|r| r.role == Role::Cpo));
}

/// The 2.3.0 copies of the examples differ only by a versions URL without a trailing slash,
/// which must come back as written (no normalisation).
#[test]
fn versions_url_is_kept_as_written() {
    let json = r#"{
        "token": "9e80a9c4-28be-11e9-b210-d663bd873d93",
        "url": "https://ocpi.example.com/versions",
        "roles": [{"role": "HUB", "party_id": "HUB", "country_code": "NL",
                   "business_details": {"name": "Example Hub"}}]
    }"#;
    let c = assert_clean::<Credentials>(json);
    assert_eq!(c.value.url.as_str(), "https://ocpi.example.com/versions");
    assert_eq!(c.value.roles[0].role, Role::Hub);
}

#[test]
fn built_credentials_serialize_in_table_order() {
    let role = CredentialsRole::new(
        Role::Emsp,
        BusinessDetails::new(OcpiString::new("Example Provider").unwrap()),
        PartyId::new("EXA").unwrap(),
        CountryCode::new("NL").unwrap(),
    );
    let c = Credentials::new(
        CredentialsToken::new("Token-Is-Case-Sensitive").unwrap(),
        Url::new("https://example.com/ocpi/versions/").unwrap(),
        vec![role],
    );
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"token":"Token-Is-Case-Sensitive","url":"https://example.com/ocpi/versions/","roles":[{"role":"EMSP","business_details":{"name":"Example Provider"},"party_id":"EXA","country_code":"NL"}]}"#
    );
    // The token is a case-sensitive string, unlike CiString.
    assert_ne!(c.token.expose(), "token-is-case-sensitive");
}

const ROLE: &str = r#"{"role":"CPO","party_id":"EXA","country_code":"NL","business_details":{"name":"Example Operator"}}"#;

#[test]
fn malformed_credentials_are_refused_with_path() {
    // Missing required field.
    assert_refused::<Credentials>(
        &format!(r#"{{"url":"https://example.com/ocpi/versions/","roles":[{ROLE}]}}"#),
        ".",
        "missing field `token`",
    );
    assert_refused::<Credentials>(
        &format!(
            r#"{{"token":"t","url":"https://example.com/v/","roles":[{ROLE},{{"role":"EMSP","party_id":"EXA","country_code":"NL","business_details":{{}}}}]}}"#
        ),
        "roles[1].business_details",
        "missing field `name`",
    );

    // Over-long token (string(64)).
    let e = refused::<Credentials>(&format!(
        r#"{{"token":"{}","url":"https://example.com/ocpi/versions/","roles":[{ROLE}]}}"#,
        "a".repeat(65)
    ));
    assert_eq!(e.path, "token");
    assert!(
        !e.message.contains("aaaa"),
        "the secret leaked: {}",
        e.message
    );
    assert_contains(&e.message, "credentials token of 65 characters exceeds 64");
    // Exactly 64 is fine.
    let ok = format!(
        r#"{{"token":"{}","url":"https://example.com/ocpi/versions/","roles":[{ROLE}]}}"#,
        "a".repeat(64)
    );
    assert_round_trip::<Credentials>(&ok);

    // Wrong enum case.
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v/","roles":[{"role":"cpo","party_id":"EXA","country_code":"NL","business_details":{"name":"X"}}]}"#,
        "roles[0].role",
        "differs only in case",
    );

    // Not an absolute URL.
    assert_refused::<Credentials>(
        &format!(r#"{{"token":"t","url":"example.com/ocpi/versions/","roles":[{ROLE}]}}"#),
        "url",
        "not a valid absolute URL",
    );

    // Number as string (image width is an int).
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v/","roles":[{"role":"CPO","party_id":"EXA","country_code":"NL","business_details":{"name":"X","logo":{"url":"https://example.com/l.png","category":"OPERATOR","type":"png","width":"512"}}}]}"#,
        "roles[0].business_details.logo.width",
        "invalid type: string",
    );

    // Wrong type: one role object where a list is required; a bad country code.
    assert_refused::<Credentials>(
        &format!(r#"{{"token":"t","url":"https://example.com/v/","roles":{ROLE}}}"#),
        "roles",
        "expected a sequence",
    );
    // Cardinality +: at least one role.
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v/","roles":[]}"#,
        "roles",
        "at least one element",
    );
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v/","roles":[{"role":"CPO","party_id":"EXA","country_code":"NLD","business_details":{"name":"X"}}]}"#,
        "roles[0].country_code",
        "not a valid country code",
    );

    // Duplicate key, nested.
    assert_refused::<Credentials>(
        r#"{"token":"t","url":"https://example.com/v/","roles":[{"role":"CPO","party_id":"EXA","party_id":"EXB","country_code":"NL","business_details":{"name":"X"}}]}"#,
        "roles[0].party_id",
        "duplicate field `party_id`",
    );
}
