//! 2.1.1 Commands module: command requests and responses, and malformed documents.
//!
//! `mod_commands.md` publishes no JSON examples; the documents here follow its tables.

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_contains, assert_refused, wire_names};

use common::assert_round_trip;
use ocpi_protocol::json::parse;
use ocpi_protocol::types::DateTime;
use ocpi_protocol::v2_1_1::commands::{
    CommandResponse, CommandResponseType, CommandType, ReserveNow, StartSession, StopSession,
    UnlockConnector,
};
use ocpi_protocol::v2_1_1::tokens::TokenType;

const TOKEN: &str = r#"{"uid":"012345678","type":"RFID","auth_id":"DE8ACC12E46L89","issuer":"TheNewMotion","valid":true,"whitelist":"ALLOWED","last_updated":"2015-06-29T22:39:09Z"}"#;

fn reserve_now() -> String {
    format!(
        r#"{{"response_url":"https://www.server.com/ocpi/emsp/2.1.1/commands/RESERVE_NOW/1234","token":{TOKEN},"expiry_date":"2015-06-29T23:39:09Z","reservation_id":1234,"location_id":"LOC1","evse_uid":"3256"}}"#
    )
}

#[test]
fn command_documents_round_trip() {
    let p = assert_clean::<ReserveNow>(&reserve_now());
    let r = p.value;
    assert_eq!(r.reservation_id, 1234);
    assert_eq!(r.token.r#type, TokenType::Rfid);
    assert_eq!(
        r.expiry_date,
        DateTime::parse("2015-06-29T23:39:09Z").unwrap()
    );
    assert_eq!(r.evse_uid.as_deref(), Some("3256"));

    let json = format!(
        r#"{{"response_url":"https://www.server.com/ocpi/emsp/2.1.1/commands/START_SESSION/1","token":{TOKEN},"location_id":"LOC1"}}"#
    );
    let s = assert_round_trip::<StartSession>(&json).value;
    assert_eq!(s.location_id, "LOC1");
    assert_eq!(s.evse_uid, None);

    let s = assert_round_trip::<StopSession>(
        r#"{"response_url":"https://www.server.com/ocpi/emsp/2.1.1/commands/STOP_SESSION/2","session_id":"101"}"#,
    )
    .value;
    assert_eq!(s.session_id, "101");

    let u = assert_round_trip::<UnlockConnector>(
        r#"{"response_url":"https://www.server.com/ocpi/emsp/2.1.1/commands/UNLOCK_CONNECTOR/3","location_id":"LOC1","evse_uid":"3256","connector_id":"1"}"#,
    )
    .value;
    assert_eq!(
        (u.evse_uid.as_str(), u.connector_id.as_str()),
        ("3256", "1")
    );

    for (json, result) in [
        (r#"{"result":"ACCEPTED"}"#, CommandResponseType::Accepted),
        (r#"{"result":"TIMEOUT"}"#, CommandResponseType::Timeout),
        (
            r#"{"result":"UNKNOWN_SESSION"}"#,
            CommandResponseType::UnknownSession,
        ),
    ] {
        let p = assert_round_trip::<CommandResponse>(json);
        assert_eq!(p.value.result, result);
    }
}

fn assert_reserve_now_error(from: &str, to: &str, path: &str, message: &str) {
    let json = reserve_now();
    assert!(json.contains(from), "{from}");
    assert_refused::<ReserveNow>(&json.replacen(from, to, 1), path, message);
}

#[test]
fn malformed_commands_are_refused_with_their_path() {
    assert_reserve_now_error(
        r#""location_id":"LOC1","#,
        "",
        ".",
        "missing field `location_id`",
    );
    // `reservation_id` is an int in 2.1.1 (a CiString in 2.2.1).
    assert_reserve_now_error(
        r#""reservation_id":1234"#,
        r#""reservation_id":"1234""#,
        "reservation_id",
        "expected i64",
    );
    assert_reserve_now_error(
        r#""evse_uid":"3256""#,
        &format!(r#""evse_uid":"{}""#, "3".repeat(40)),
        "evse_uid",
        "exceeds the maximum length of 39",
    );
    assert_reserve_now_error(
        r#""type":"RFID""#,
        r#""type":"Rfid""#,
        "token.type",
        "differs only in case",
    );
    assert_reserve_now_error(
        r#""expiry_date":"2015-06-29T23:39:09Z""#,
        r#""expiry_date":1435621149"#,
        "expiry_date",
        "invalid type: integer",
    );
    assert_reserve_now_error(
        r#""response_url":"https://"#,
        r#""response_url":"not-a-url","x":"https://"#,
        "response_url",
        "not a valid absolute URL",
    );
    assert_reserve_now_error(
        r#""location_id":"LOC1","#,
        r#""location_id":"LOC1","location_id":"LOC2","#,
        "location_id",
        "duplicate field `location_id`",
    );
    assert_reserve_now_error(
        r#""valid":true"#,
        r#""valid":1"#,
        "token.valid",
        "expected a boolean",
    );
    assert_refused::<CommandResponse>(r#"{"result":"accepted"}"#, "result", "differs only in case");
    let e = parse::<UnlockConnector>(
        br#"{"response_url":"https://x.example/c","location_id":"LOC1","evse_uid":"3256"}"#,
    )
    .unwrap_err();
    assert_contains(&e.message, "missing field `connector_id`");
}

#[test]
fn command_enums_list_every_value_of_the_spec_in_order() {
    let results = wire_names(CommandResponseType::KNOWN);
    assert_eq!(
        results,
        [
            "NOT_SUPPORTED",
            "REJECTED",
            "ACCEPTED",
            "TIMEOUT",
            "UNKNOWN_SESSION"
        ]
    );
    let commands = wire_names(CommandType::KNOWN);
    assert_eq!(
        commands,
        [
            "RESERVE_NOW",
            "START_SESSION",
            "STOP_SESSION",
            "UNLOCK_CONNECTOR"
        ]
    );
    // `CANCEL_RESERVATION` arrived in 2.2: unknown (kept) in 2.1.1.
    let c: CommandType = serde_json::from_str("\"CANCEL_RESERVATION\"").unwrap();
    assert!(!c.is_known());
}
