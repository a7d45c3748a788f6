//! 2.2.1 Commands module: own documents for every object and enum value (the spec has no
//! JSON examples for commands), and malformed input.

use crate::common;
use crate::common::assert_clean;

use common::{assert_round_trip, fixture};
use ocpi_protocol::types::DateTime;
use ocpi_protocol::v2_2_1::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    CommandType, ReserveNow, StartSession, StopSession, UnlockConnector,
};
use ocpi_protocol::v2_2_1::tokens::{TokenType, WhitelistType};

const CANCEL_RESERVATION: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.2.1/commands/CANCEL_RESERVATION/9f1c4a",
  "reservation_id": "RES-2019-000123"
}"#;

pub(crate) const RESERVE_NOW: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.2.1/commands/RESERVE_NOW/1234",
  "token": {
    "country_code": "NL",
    "party_id": "TNM",
    "uid": "012345678",
    "type": "RFID",
    "contract_id": "NL8ACC12E46L89",
    "visual_number": "DF000-2001-8999-1",
    "issuer": "TheNewMotion",
    "valid": true,
    "whitelist": "ALLOWED",
    "last_updated": "2019-06-19T02:11:11Z"
  },
  "expiry_date": "2019-06-19T03:11:11Z",
  "reservation_id": "RES-2019-000123",
  "location_id": "LOC1",
  "evse_uid": "BE-BEC-E041503001",
  "authorization_reference": "AUTH-7c2e"
}"#;

pub(crate) const START_SESSION: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.2.1/commands/START_SESSION/a8f3",
  "token": {
    "country_code": "DE",
    "party_id": "TNM",
    "uid": "bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1",
    "type": "APP_USER",
    "contract_id": "DE8ACC12E46L89",
    "issuer": "TheNewMotion",
    "valid": true,
    "whitelist": "NEVER",
    "last_updated": "2018-12-10T17:16:15Z"
  },
  "location_id": "LOC1",
  "evse_uid": "BE-BEC-E041503002",
  "connector_id": "1",
  "authorization_reference": "AUTH-1d9b"
}"#;

const START_SESSION_MINIMAL: &str = r#"{
  "response_url": "https://ocpi.server.com/commands/START_SESSION/42",
  "token": {
    "country_code": "DE",
    "party_id": "TNM",
    "uid": "5f0e2a",
    "type": "AD_HOC_USER",
    "contract_id": "DE8ACC12E46L90",
    "issuer": "TheNewMotion",
    "valid": true,
    "whitelist": "NEVER",
    "last_updated": "2019-06-19T02:11:11.5Z"
  },
  "location_id": "LOC2"
}"#;

const STOP_SESSION: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.2.1/commands/STOP_SESSION/a8f3",
  "session_id": "101"
}"#;

pub(crate) const UNLOCK_CONNECTOR: &str = r#"{
  "response_url": "https://www.server.com/ocpi/emsp/2.2.1/commands/UNLOCK_CONNECTOR/2",
  "location_id": "LOC1",
  "evse_uid": "BE-BEC-E041503001",
  "connector_id": "1"
}"#;

#[test]
fn cancel_reservation_round_trips() {
    let p = assert_clean::<CancelReservation>(CANCEL_RESERVATION);
    assert_eq!(
        p.value.response_url.as_str(),
        "https://www.server.com/ocpi/emsp/2.2.1/commands/CANCEL_RESERVATION/9f1c4a"
    );
    assert_eq!(p.value.reservation_id, "RES-2019-000123");
}

#[test]
fn reserve_now_round_trips() {
    let p = assert_clean::<ReserveNow>(RESERVE_NOW);
    let r = p.value;
    assert_eq!(r.token.r#type, TokenType::Rfid);
    assert_eq!(r.token.whitelist, WhitelistType::Allowed);
    assert_eq!(
        r.expiry_date,
        "2019-06-19T03:11:11Z".parse::<DateTime>().unwrap()
    );
    assert_eq!(r.reservation_id, "RES-2019-000123");
    assert_eq!(r.location_id, "LOC1");
    assert_eq!(r.evse_uid.unwrap(), "BE-BEC-E041503001");
    assert_eq!(r.authorization_reference.unwrap(), "AUTH-7c2e");

    // Without the optional fields, and with the embedded token also a valid Token on its own.
    let minimal = r#"{"response_url":"https://x.example/r/1","token":{"country_code":"NL","party_id":"TNM","uid":"1","type":"OTHER","contract_id":"C","issuer":"I","valid":true,"whitelist":"ALWAYS","last_updated":"2019-06-19T02:11:11Z"},"expiry_date":"2019-06-19T03:11:11Z","reservation_id":"R1","location_id":"L1"}"#;
    let p = assert_round_trip::<ReserveNow>(minimal);
    assert_eq!(p.value.evse_uid, None);
    assert_eq!(p.value.authorization_reference, None);
    assert_eq!(p.value.token.r#type, TokenType::Other);
}

#[test]
fn start_session_round_trips() {
    let p = assert_clean::<StartSession>(START_SESSION);
    let s = p.value;
    assert_eq!(s.token.r#type, TokenType::AppUser);
    assert_eq!(s.token.whitelist, WhitelistType::Never);
    assert_eq!(s.location_id, "LOC1");
    assert_eq!(s.evse_uid.unwrap(), "BE-BEC-E041503002");
    assert_eq!(s.connector_id.unwrap(), "1");
    assert_eq!(s.authorization_reference.unwrap(), "AUTH-1d9b");

    let p = assert_clean::<StartSession>(START_SESSION_MINIMAL);
    assert_eq!(p.value.token.r#type, TokenType::AdHocUser);
    assert_eq!(p.value.evse_uid, None);
    assert_eq!(p.value.connector_id, None);
    assert_eq!(p.value.authorization_reference, None);
}

#[test]
fn start_session_with_official_token() {
    let token = fixture("2.2.1", "token_example_2_full_rfid.json");
    let json = format!(
        r#"{{"response_url":"https://www.server.com/ocpi/emsp/2.2.1/commands/START_SESSION/77","token":{token},"location_id":"LOC1"}}"#
    );
    let p = assert_clean::<StartSession>(&json);
    assert!(p.value.token.energy_contract.is_some());
}

#[test]
fn stop_session_and_unlock_connector_round_trip() {
    let p = assert_clean::<StopSession>(STOP_SESSION);
    assert_eq!(p.value.session_id, "101");

    let p = assert_clean::<UnlockConnector>(UNLOCK_CONNECTOR);
    assert_eq!(p.value.location_id, "LOC1");
    assert_eq!(p.value.evse_uid, "BE-BEC-E041503001");
    assert_eq!(p.value.connector_id, "1");
}

#[test]
fn command_response_round_trips_every_response_type() {
    let cases = [
        ("NOT_SUPPORTED", CommandResponseType::NotSupported),
        ("REJECTED", CommandResponseType::Rejected),
        ("ACCEPTED", CommandResponseType::Accepted),
        ("UNKNOWN_SESSION", CommandResponseType::UnknownSession),
    ];
    assert_eq!(CommandResponseType::KNOWN.len(), cases.len());
    for (i, (wire, expected)) in cases.into_iter().enumerate() {
        assert_eq!(CommandResponseType::KNOWN[i], expected);
        let json = format!(r#"{{"result":"{wire}","timeout":30}}"#);
        let p = assert_clean::<CommandResponse>(&json);
        assert_eq!(p.value.result, expected);
        assert_eq!(p.value.timeout, 30);
        assert_eq!(p.value.message, None);
    }

    let json = r#"{
      "result": "REJECTED",
      "timeout": 0,
      "message": [
        {"language": "en", "text": "Session is not from a customer of this eMSP"},
        {"language": "nl", "text": "Sessie is niet van een klant van deze eMSP"}
      ]
    }"#;
    let p = assert_round_trip::<CommandResponse>(json);
    assert_eq!(p.value.timeout, 0);
    let msg = p.value.message.unwrap();
    assert_eq!(msg.len(), 2);
    assert_eq!(msg[1].language, "nl");

    // An empty message list stays an empty list.
    let p =
        assert_round_trip::<CommandResponse>(r#"{"result":"ACCEPTED","timeout":120,"message":[]}"#);
    assert_eq!(p.value.message, Some(vec![]));
}

#[test]
fn command_result_round_trips_every_result_type() {
    let cases = [
        ("ACCEPTED", CommandResultType::Accepted),
        (
            "CANCELED_RESERVATION",
            CommandResultType::CanceledReservation,
        ),
        ("EVSE_OCCUPIED", CommandResultType::EvseOccupied),
        ("EVSE_INOPERATIVE", CommandResultType::EvseInoperative),
        ("FAILED", CommandResultType::Failed),
        ("NOT_SUPPORTED", CommandResultType::NotSupported),
        ("REJECTED", CommandResultType::Rejected),
        ("TIMEOUT", CommandResultType::Timeout),
        ("UNKNOWN_RESERVATION", CommandResultType::UnknownReservation),
    ];
    assert_eq!(CommandResultType::KNOWN.len(), cases.len());
    for (i, (wire, expected)) in cases.into_iter().enumerate() {
        assert_eq!(CommandResultType::KNOWN[i], expected);
        let json = format!(r#"{{"result":"{wire}"}}"#);
        let p = assert_clean::<CommandResult>(&json);
        assert_eq!(p.value.result, expected);
        assert_eq!(p.value.message, None);
    }

    let json = r#"{
      "result": "EVSE_OCCUPIED",
      "message": [{"language": "en", "text": "EVSE is in use by another session"}],
      "x-cpo-ref": "ocpp-msg-8812"
    }"#;
    let p = assert_round_trip::<CommandResult>(json);
    assert_eq!(
        p.value.message.unwrap()[0].text,
        "EVSE is in use by another session"
    );
    assert_eq!(
        p.value.unknown_fields.get("x-cpo-ref").unwrap().get(),
        r#""ocpp-msg-8812""#
    );
}

#[test]
fn command_type_values() {
    let cases = [
        ("CANCEL_RESERVATION", CommandType::CancelReservation),
        ("RESERVE_NOW", CommandType::ReserveNow),
        ("START_SESSION", CommandType::StartSession),
        ("STOP_SESSION", CommandType::StopSession),
        ("UNLOCK_CONNECTOR", CommandType::UnlockConnector),
    ];
    assert_eq!(CommandType::KNOWN.len(), cases.len());
    for (i, (wire, expected)) in cases.into_iter().enumerate() {
        assert_eq!(CommandType::KNOWN[i], expected);
        assert_eq!(wire.parse::<CommandType>().unwrap(), expected);
        assert_eq!(expected.as_str(), wire);
        assert_eq!(
            serde_json::to_string(&expected).unwrap(),
            format!("\"{wire}\"")
        );
        assert_eq!(
            serde_json::from_str::<CommandType>(&format!("\"{wire}\"")).unwrap(),
            expected
        );
    }
    assert!("start_session".parse::<CommandType>().is_err());
}
