//! 2.3.0 Commands module: ReserveNow and StartSession with 2.3.0 tokens, the re-exported 2.2.1
//! objects, and malformed input. The spec has no JSON examples for commands.

use crate::common;
use crate::common::assert_clean;

use common::{assert_round_trip, fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{CiString, DateTime, Url};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    CommandType, ReserveNow, StartSession, StopSession, UnlockConnector,
};
use ocpi_protocol::v2_3_0::tokens::{Token, TokenType, WhitelistType};

/// A payment terminal (PTP) starts a session for an ad-hoc card payment; its authorization
/// reference ties the session, the CDR and the financial advice confirmation together.
pub(crate) const START_SESSION_PTP: &str = r#"{
  "response_url": "https://ptp.example.com/ocpi/ptp/2.3.0/commands/START_SESSION/pp-100100-1948213567",
  "token": {
    "country_code": "AT",
    "party_id": "PAY",
    "uid": "pp-100100-1948213567",
    "type": "AD_HOC_USER",
    "contract_id": "AT-PAY-100100",
    "issuer": "Payment Terminals GmbH",
    "valid": true,
    "whitelist": "NEVER",
    "last_updated": "2024-05-02T10:00:00Z"
  },
  "location_id": "df37373d-1669-4127-a6ac-d86750095119",
  "evse_uid": "17d5f8ea-8832-454f-aff5-257bc6a25353",
  "connector_id": "1",
  "authorization_reference": "pp-100100-1948213567"
}"#;

pub(crate) const RESERVE_NOW_EMAID: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.3.0/commands/RESERVE_NOW/1234",
  "token": {
    "country_code": "NL",
    "party_id": "TNM",
    "uid": "NL-TNM-C00122045-K",
    "type": "EMAID",
    "contract_id": "NL-TNM-C00122045-K",
    "issuer": "TheNewMotion",
    "valid": true,
    "whitelist": "NEVER",
    "last_updated": "2024-06-19T02:11:11Z"
  },
  "expiry_date": "2024-06-19T03:11:11Z",
  "reservation_id": "RES-2024-000123",
  "location_id": "LOC1",
  "evse_uid": "BE-BEC-E041503001",
  "authorization_reference": "AUTH-7c2e"
}"#;

#[test]
fn start_session_round_trips() {
    let p = assert_clean::<StartSession>(START_SESSION_PTP);
    let s = p.value;
    assert_eq!(s.token.r#type, TokenType::AdHocUser);
    assert_eq!(s.token.whitelist, WhitelistType::Never);
    assert_eq!(s.location_id, "df37373d-1669-4127-a6ac-d86750095119");
    assert_eq!(s.evse_uid.unwrap(), "17d5f8ea-8832-454f-aff5-257bc6a25353");
    assert_eq!(s.connector_id.unwrap(), "1");
    assert_eq!(s.authorization_reference.unwrap(), "pp-100100-1948213567");

    // With an official 2.3.0 token and nothing optional.
    let token = fixture("2.3.0", "token_example_2_full_rfid.json");
    let json = format!(
        r#"{{"response_url":"https://www.server.com/ocpi/emsp/2.3.0/commands/START_SESSION/77","token":{token},"location_id":"LOC1"}}"#
    );
    let p = assert_clean::<StartSession>(&json);
    assert!(p.value.token.energy_contract.is_some());
    assert_eq!(p.value.evse_uid, None);
    assert_eq!(p.value.connector_id, None);
    assert_eq!(p.value.authorization_reference, None);
}

#[test]
fn reserve_now_round_trips_with_an_emaid_token() {
    let p = assert_clean::<ReserveNow>(RESERVE_NOW_EMAID);
    let r = p.value;
    assert_eq!(r.token.r#type, TokenType::Emaid);
    assert_eq!(
        r.expiry_date,
        "2024-06-19T03:11:11Z".parse::<DateTime>().unwrap()
    );
    assert_eq!(r.reservation_id, "RES-2024-000123");
    assert_eq!(r.location_id, "LOC1");
    assert_eq!(r.evse_uid.unwrap(), "BE-BEC-E041503001");
    assert_eq!(r.authorization_reference.unwrap(), "AUTH-7c2e");
    // In 2.2.1, EMAID is a token type the crate does not know.
    let old = assert_round_trip::<v2_2_1::commands::ReserveNow>(RESERVE_NOW_EMAID);
    assert!(!old.value.token.r#type.is_known());
}

#[test]
fn built_start_session_serializes_in_table_order() {
    let token: Token = parse::<Token>(fixture("2.3.0", "token_example_1_app_user.json").as_bytes())
        .unwrap()
        .value;
    let mut s = StartSession::new(
        Url::new("https://x.example/r/1").unwrap(),
        token,
        CiString::new("LOC1").unwrap(),
    );
    s.authorization_reference = Some(CiString::new("A1").unwrap());
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        json.starts_with(r#"{"response_url":"https://x.example/r/1","token":{"country_code":"DE""#),
        "{json}"
    );
    assert!(
        json.ends_with(r#""location_id":"LOC1","authorization_reference":"A1"}"#),
        "{json}"
    );
}

#[test]
fn unchanged_objects_are_the_2_2_1_types() {
    // Re-exports, not copies: a value built from the 2.2.1 path is a 2.3.0 value.
    let stop: StopSession = v2_2_1::commands::StopSession::new(
        Url::new("https://x.example/r/1").unwrap(),
        CiString::new("101").unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&stop).unwrap(),
        r#"{"response_url":"https://x.example/r/1","session_id":"101"}"#
    );
    let _: fn(_, _, _, _) -> UnlockConnector = v2_2_1::commands::UnlockConnector::new;
    let _: fn(_, _) -> CancelReservation = v2_2_1::commands::CancelReservation::new;
    let _: fn(_, _) -> CommandResponse = v2_2_1::commands::CommandResponse::new;
    let _: fn(_) -> CommandResult = v2_2_1::commands::CommandResult::new;

    let r = assert_round_trip::<CommandResult>(
        r#"{"result":"CANCELED_RESERVATION","message":[{"language":"en","text":"Charger out of order"}]}"#,
    );
    assert_eq!(r.value.result, CommandResultType::CanceledReservation);
    let r = assert_round_trip::<CommandResponse>(r#"{"result":"ACCEPTED","timeout":30}"#);
    assert_eq!(r.value.result, CommandResponseType::Accepted);
    // CommandType is an OpenEnum in 2.3.0 with the same values: unknown ones are kept.
    let wire: Vec<_> = CommandType::KNOWN.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        wire,
        [
            "CANCEL_RESERVATION",
            "RESERVE_NOW",
            "START_SESSION",
            "STOP_SESSION",
            "UNLOCK_CONNECTOR"
        ]
    );
    assert!(!"X_RESET".parse::<CommandType>().unwrap().is_known());
}
