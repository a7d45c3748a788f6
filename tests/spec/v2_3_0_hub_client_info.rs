//! 2.3.0 Hub Client Info module: ClientInfo with the 2.3.0 Role enum, every ConnectionStatus,
//! and refusals. The spec ships no JSON example file for this module.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused;

use common::assert_round_trip;
use ocpi_protocol::types::{CountryCode, DateTime, PartyId};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::hub_client_info::{ClientInfo, ConnectionStatus};

/// A page of the Hub's GET /clientinfo, one party per connection status.
const CLIENT_INFO_PAGE: &str = r#"[
    {"party_id": "EXA", "country_code": "NL", "role": "CPO", "status": "CONNECTED",
     "last_updated": "2024-02-13T09:42:11Z"},
    {"party_id": "ALL", "country_code": "DE", "role": "EMSP", "status": "OFFLINE",
     "last_updated": "2024-02-13T11:05:48.512Z"},
    {"party_id": "PAY", "country_code": "AT", "role": "PTP", "status": "PLANNED",
     "last_updated": "2024-02-14T08:00:00Z"},
    {"party_id": "OLD", "country_code": "FR", "role": "NAP", "status": "SUSPENDED",
     "last_updated": "2023-12-31T23:59:59Z"}
]"#;

#[test]
fn client_info_every_status_round_trips() {
    let p = assert_clean::<Vec<ClientInfo>>(CLIENT_INFO_PAGE);
    let statuses: Vec<_> = p.value.iter().map(|c| c.status.clone()).collect();
    assert_eq!(statuses, ConnectionStatus::KNOWN);
    let roles: Vec<_> = p.value.iter().map(|c| c.role.clone()).collect();
    assert_eq!(roles, [Role::Cpo, Role::Emsp, Role::Ptp, Role::Nap]);
    let first = &p.value[0];
    assert_eq!(first.party_id, PartyId::new("EXA").unwrap());
    assert_eq!(first.country_code, CountryCode::new("NL").unwrap());
    assert_eq!(
        first.last_updated,
        DateTime::parse("2024-02-13T09:42:11Z").unwrap()
    );
}

#[test]
fn built_client_info_serializes_in_table_order() {
    // ConnectionStatus is the 2.2.1 type, re-exported.
    let status: ConnectionStatus = v2_2_1::hub_client_info::ConnectionStatus::Connected;
    let built = ClientInfo::new(
        PartyId::new("PAY").unwrap(),
        CountryCode::new("AT").unwrap(),
        Role::Ptp,
        status,
        DateTime::parse("2024-02-13T09:42:11Z").unwrap(),
    );
    let json = r#"{"party_id":"PAY","country_code":"AT","role":"PTP","status":"CONNECTED","last_updated":"2024-02-13T09:42:11Z"}"#;
    assert_eq!(serde_json::to_string(&built).unwrap(), json);
    assert_eq!(assert_round_trip::<ClientInfo>(json).value, built);
}

#[test]
fn role_differs_from_2_2_1() {
    // HUB is no 2.3.0 role: kept, not known. PTP is known in 2.3.0 only.
    let hub = r#"{"party_id":"HUB","country_code":"NL","role":"HUB","status":"CONNECTED","last_updated":"2024-02-13T09:42:11Z"}"#;
    let p = assert_round_trip::<ClientInfo>(hub);
    assert!(!p.value.role.is_known());
    assert_eq!(p.value.role.as_str(), "HUB");
    let old = assert_round_trip::<v2_2_1::hub_client_info::ClientInfo>(hub);
    assert!(old.value.role.is_known());

    let ptp = hub.replace("\"HUB\",\"status\"", "\"PTP\",\"status\"");
    assert!(assert_round_trip::<ClientInfo>(&ptp).value.role.is_known());
    let old = assert_round_trip::<v2_2_1::hub_client_info::ClientInfo>(&ptp);
    assert!(!old.value.role.is_known());
}

#[test]
fn malformed_client_info_is_refused_with_path() {
    // Missing required field.
    assert_refused::<ClientInfo>(
        r#"{"country_code":"NL","party_id":"ALL","role":"CPO","status":"PLANNED"}"#,
        ".",
        "missing field `last_updated`",
    );
    // Over-long party id.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAYX","country_code":"AT","role":"PTP","status":"PLANNED","last_updated":"2024-02-13T09:42:11Z"}"#,
        "party_id",
        "not a valid party id",
    );
    // Wrong enum case (the new role).
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAY","country_code":"AT","role":"ptp","status":"PLANNED","last_updated":"2024-02-13T09:42:11Z"}"#,
        "role",
        "differs only in case",
    );
    // Bad datetime.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAY","country_code":"AT","role":"PTP","status":"PLANNED","last_updated":"2024-02-13"}"#,
        "last_updated",
        "YYYY-MM-DDThh:mm:ss",
    );
    // Number where a string is required.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAY","country_code":43,"role":"PTP","status":"PLANNED","last_updated":"2024-02-13T09:42:11Z"}"#,
        "country_code",
        "invalid type: integer",
    );
    // Wrong type.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAY","country_code":"AT","role":{"role":"PTP"},"status":"PLANNED","last_updated":"2024-02-13T09:42:11Z"}"#,
        "role",
        "invalid type: map",
    );
    // Duplicate key.
    assert_refused::<ClientInfo>(
        r#"{"party_id":"PAY","country_code":"AT","role":"PTP","role":"CPO","status":"PLANNED","last_updated":"2024-02-13T09:42:11Z"}"#,
        "role",
        "duplicate field `role`",
    );
}
