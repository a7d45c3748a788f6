//! 2.2.1 Hub Client Info module: round trips of ClientInfo with every ConnectionStatus, and
//! refusals.
//!
//! The spec ships no JSON example file for this module; its one inline example is not valid
//! JSON (trailing comma) and lacks `last_updated`, so the documents below are written after
//! the object table.

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_refused, refused};

use common::assert_round_trip;
use ocpi_protocol::json::{parse_list, ErrorCategory};
use ocpi_protocol::types::{CountryCode, DateTime, PartyId, Role};
use ocpi_protocol::v2_2_1::hub_client_info::{ClientInfo, ConnectionStatus};

/// A page of the Hub's GET /clientinfo, one party per connection status.
const CLIENT_INFO_PAGE: &str = r#"[
    {"party_id": "EXA", "country_code": "NL", "role": "CPO", "status": "CONNECTED",
     "last_updated": "2019-02-13T09:42:11Z"},
    {"party_id": "ALL", "country_code": "DE", "role": "EMSP", "status": "OFFLINE",
     "last_updated": "2019-02-13T11:05:48.512Z"},
    {"party_id": "NEW", "country_code": "BE", "role": "SCSP", "status": "PLANNED",
     "last_updated": "2019-02-14T08:00:00Z"},
    {"party_id": "OLD", "country_code": "fr", "role": "NSP", "status": "SUSPENDED",
     "last_updated": "2018-12-31T23:59:59"}
]"#;

#[test]
fn client_info_every_status_round_trips() {
    let p = assert_clean::<Vec<ClientInfo>>(CLIENT_INFO_PAGE);
    let statuses: Vec<_> = p.value.iter().map(|c| c.status.clone()).collect();
    assert_eq!(statuses, ConnectionStatus::KNOWN);
    assert_eq!(
        ConnectionStatus::KNOWN,
        &[
            ConnectionStatus::Connected,
            ConnectionStatus::Offline,
            ConnectionStatus::Planned,
            ConnectionStatus::Suspended,
        ]
    );
    let first = &p.value[0];
    assert_eq!(first.party_id, PartyId::new("EXA").unwrap());
    assert_eq!(first.country_code, CountryCode::new("NL").unwrap());
    assert_eq!(first.role, Role::Cpo);
    assert_eq!(
        first.last_updated,
        DateTime::parse("2019-02-13T09:42:11Z").unwrap()
    );
    assert_eq!(p.value[1].role, Role::Emsp);
    // Country codes are kept as written but compare case-insensitively.
    assert_eq!(p.value[3].country_code.as_str(), "fr");
    assert_eq!(p.value[3].country_code, CountryCode::new("FR").unwrap());
    assert!(!p.value[3].last_updated.has_zulu());
}

#[test]
fn single_client_info_put_body_round_trips() {
    let built = ClientInfo::new(
        PartyId::new("ALL").unwrap(),
        CountryCode::new("NL").unwrap(),
        Role::Cpo,
        ConnectionStatus::Planned,
        DateTime::parse("2019-02-13T09:42:11Z").unwrap(),
    );
    let json = r#"{"party_id":"ALL","country_code":"NL","role":"CPO","status":"PLANNED","last_updated":"2019-02-13T09:42:11Z"}"#;
    assert_eq!(serde_json::to_string(&built).unwrap(), json);
    let p = assert_round_trip::<ClientInfo>(json);
    assert_eq!(p.value, built);
}

#[test]
fn unknown_status_and_fields_are_kept() {
    let p = assert_round_trip::<ClientInfo>(
        r#"{"party_id":"EXA","country_code":"NL","role":"CPO","status":"DEGRADED","last_updated":"2019-02-13T09:42:11Z","x-hub":"eu-1"}"#,
    );
    assert!(!p.value.status.is_known());
    assert_eq!(p.value.status.as_str(), "DEGRADED");
    assert_eq!(p.value.unknown_fields.len(), 1);
}

#[test]
fn malformed_client_info_is_refused_with_path() {
    // The spec's inline PUT example: trailing comma, so not JSON at all.
    let spec_inline = r#"{
  "country_code": "NL",
  "party_id": "ALL",
  "role": "CPO",
  "status": "PLANNED",
}"#;
    let e = refused::<ClientInfo>(spec_inline);
    assert_eq!(e.category, ErrorCategory::Syntax);

    // Missing required field (the same example without its trailing comma).
    assert_refused::<ClientInfo>(
        r#"{"country_code":"NL","party_id":"ALL","role":"CPO","status":"PLANNED"}"#,
        ".",
        "missing field `last_updated`",
    );

    // Over-long party id.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALLX","country_code":"NL","role":"CPO","status":"PLANNED","last_updated":"2019-02-13T09:42:11Z"}"#,
        "party_id",
        "not a valid party id",
    );

    // Wrong enum case.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":"NL","role":"CPO","status":"connected","last_updated":"2019-02-13T09:42:11Z"}"#,
        "status",
        "differs only in case",
    );
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":"NL","role":"Cpo","status":"CONNECTED","last_updated":"2019-02-13T09:42:11Z"}"#,
        "role",
        "differs only in case",
    );

    // Bad datetime.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":"NL","role":"CPO","status":"PLANNED","last_updated":"2019-02-13 09:42:11"}"#,
        "last_updated",
        "expected a timestamp of the form",
    );

    // A number where a string is required.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":31,"role":"CPO","status":"PLANNED","last_updated":"2019-02-13T09:42:11Z"}"#,
        "country_code",
        "invalid type: integer",
    );

    // Wrong type: a list where an enum value is required.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":"NL","role":["CPO"],"status":"PLANNED","last_updated":"2019-02-13T09:42:11Z"}"#,
        "role",
        "invalid type: sequence",
    );

    // Duplicate key.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"ALL","country_code":"NL","role":"CPO","status":"PLANNED","status":"CONNECTED","last_updated":"2019-02-13T09:42:11Z"}"#,
        "status",
        "duplicate field `status`",
    );
}

#[test]
fn one_bad_client_info_does_not_lose_the_page() {
    let page = r#"[
        {"party_id":"EXA","country_code":"NL","role":"CPO","status":"CONNECTED","last_updated":"2019-02-13T09:42:11Z"},
        {"party_id":"EXB","country_code":"NL","role":"CPO","status":"CONNECTED"},
        {"party_id":"EXC","country_code":"NL","role":"EMSP","status":"OFFLINE","last_updated":"2019-02-13T09:42:11Z"}
    ]"#;
    let out = parse_list::<ClientInfo>(page.as_bytes()).unwrap();
    assert_eq!(out.items.len(), 2);
    assert_eq!(out.items[1].party_id, PartyId::new("EXC").unwrap());
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].index, 1);
    assert!(out.errors[0]
        .error
        .message
        .contains("missing field `last_updated`"));
}
