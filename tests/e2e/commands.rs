//! Commands end to end: an eMSP sends every command to a CPO's Receiver interface and gets the
//! CommandResponse at once; the CPO POSTs the CommandResult later to the eMSP's
//! `response_url`, correlated by [`PendingCommands`]; in every version (2.1.1 with its
//! CommandResponse on the response URL); and each rule of both routes, broken.

use crate::common;
use crate::network;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http::Method;
use network::{cpo_builder, emsp_builder, emsp_config, emsp_party, envelope, raw_request, Pair};
use ocpi_protocol::client::ClientError;
use ocpi_protocol::credentials::PeerId;
use ocpi_protocol::modules::commands::{
    CommandEvent, CommandRequest, CommandState, CommandsReceiver, PendingCommands,
};
use ocpi_protocol::modules::{Context, ModuleError, WireError};
use ocpi_protocol::transport::StatusCode;
use ocpi_protocol::types::{CiString, Url};
use ocpi_protocol::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    ReserveNow, StartSession, StopSession, UnlockConnector,
};
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::v2_3_0::tokens::Token;
use ocpi_protocol::versions::OcpiVersion;

/// The CPO's answer to an accepted command: its timeout (a 2.1.1 eMSP never sees it).
const TIMEOUT: i64 = 45;

fn ci(s: &str) -> CiString<36> {
    CiString::new(s).unwrap()
}

fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

/// The official RFID token example, owned by the eMSP of the network.
fn token() -> Token {
    let mut t: Token = common::parsed_fixture("2.3.0", "token_example_2_full_rfid.json");
    t.country_code = emsp_party().country_code;
    t.party_id = emsp_party().party_id;
    t
}

const PLACEHOLDER: &str = "https://emsp.test/placeholder";

fn start_session() -> StartSession {
    let mut s = StartSession::new(url(PLACEHOLDER), token(), ci("LOC1"));
    s.evse_uid = Some(ci("EVSE1"));
    s.connector_id = Some(ci("1"));
    s.authorization_reference = Some(ci("AUTH-REF-1"));
    s
}

/// A CPO's command handler: records every command and answers ACCEPTED, except for an
/// unknown Location (2003) and an unknown session (UNKNOWN_SESSION).
#[derive(Clone, Default)]
struct CpoCommands {
    received: Arc<Mutex<Vec<CommandRequest>>>,
}

impl CpoCommands {
    fn take(&self) -> Vec<CommandRequest> {
        std::mem::take(&mut *self.received.lock().unwrap())
    }

    fn accept(&self, request: CommandRequest) -> Result<CommandResponse, ModuleError> {
        self.received.lock().unwrap().push(request);
        Ok(CommandResponse::new(CommandResponseType::Accepted, TIMEOUT))
    }
}

impl CommandsReceiver for CpoCommands {
    async fn start_session(
        &self,
        _: &Context,
        command: StartSession,
    ) -> Result<CommandResponse, ModuleError> {
        if command.location_id.as_str() == "UNKNOWN" {
            return Err(ModuleError::status(
                StatusCode::UNKNOWN_LOCATION,
                "unknown location",
            ));
        }
        self.accept(command.into())
    }

    async fn stop_session(
        &self,
        _: &Context,
        command: StopSession,
    ) -> Result<CommandResponse, ModuleError> {
        if command.session_id.as_str() == "NOPE" {
            return Ok(CommandResponse::new(CommandResponseType::UnknownSession, 0));
        }
        self.accept(command.into())
    }

    async fn reserve_now(
        &self,
        _: &Context,
        command: ReserveNow,
    ) -> Result<CommandResponse, ModuleError> {
        self.accept(command.into())
    }

    async fn cancel_reservation(
        &self,
        _: &Context,
        command: CancelReservation,
    ) -> Result<CommandResponse, ModuleError> {
        self.accept(command.into())
    }

    async fn unlock_connector(
        &self,
        _: &Context,
        command: UnlockConnector,
    ) -> Result<CommandResponse, ModuleError> {
        self.accept(command.into())
    }
}

fn pending() -> PendingCommands {
    PendingCommands::new(&emsp_config().base_url).unwrap()
}

async fn pair(version: OcpiVersion, cpo: &CpoCommands, pending: &PendingCommands) -> Pair {
    Pair::connect(
        cpo_builder().commands_receiver(cpo.clone()),
        emsp_builder(version).commands_sender(pending.clone()),
    )
    .await
}

#[tokio::test]
async fn every_command_reaches_the_cpo_and_is_answered_at_once_in_every_version() {
    for version in OcpiVersion::ALL {
        let cpo = CpoCommands::default();
        let pair = pair(version, &cpo, &pending()).await;
        let client = pair.emsp_client();
        let receiver = client.commands_receiver().unwrap();
        // A 2.1.1 CommandResponse has no timeout: the client's Bridge supplies it.
        let timeout = if version == OcpiVersion::V2_1_1 {
            30
        } else {
            TIMEOUT
        };
        pair.take_log();

        let response = receiver.start_session(&start_session()).await.unwrap();
        assert_eq!(
            (response.result, response.timeout),
            (CommandResponseType::Accepted, timeout),
            "{version}"
        );
        let stop = StopSession::new(url(PLACEHOLDER), ci("SESSION-1"));
        receiver.stop_session(&stop).await.unwrap();
        let mut reserve = ReserveNow::new(
            url(PLACEHOLDER),
            token(),
            "2030-01-01T12:00:00Z".parse().unwrap(),
            ci("42"),
            ci("LOC1"),
        );
        reserve.evse_uid = Some(ci("EVSE2"));
        receiver.reserve_now(&reserve).await.unwrap();
        let unlock = UnlockConnector::new(url(PLACEHOLDER), ci("LOC1"), ci("EVSE1"), ci("2"));
        receiver.unlock_connector(&unlock).await.unwrap();
        let cancel = CancelReservation::new(url(PLACEHOLDER), ci("42"));
        let cancelled = receiver.cancel_reservation(&cancel).await;

        let log = pair.take_log();
        let paths: Vec<String> = log
            .iter()
            .map(|e| e.request.uri().path().to_owned())
            .collect();
        let base = format!("/ocpi/{version}/receiver/commands");
        let mut expected: Vec<String> = [
            "START_SESSION",
            "STOP_SESSION",
            "RESERVE_NOW",
            "UNLOCK_CONNECTOR",
        ]
        .iter()
        .map(|c| format!("{base}/{c}"))
        .collect();
        let received = cpo.take();
        if version == OcpiVersion::V2_1_1 {
            // 2.1.1 has no CancelReservation: the client refuses to send it.
            assert!(matches!(
                cancelled,
                Err(ClientError::Wire(WireError::NotInVersion { .. }))
            ));
            assert_eq!(received.len(), 4);
        } else {
            assert_eq!(cancelled.unwrap().result, CommandResponseType::Accepted);
            expected.push(format!("{base}/CANCEL_RESERVATION"));
            assert_eq!(received[4], CommandRequest::CancelReservation(cancel));
        }
        assert_eq!(paths, expected, "{version}");

        // What the CPO's handler received, in the 2.3.0 model.
        let CommandRequest::StartSession(got) = &received[0] else {
            panic!("{version}: {:?}", received[0]);
        };
        assert_eq!(got.token.uid, token().uid, "{version}");
        assert_eq!(got.token.party_id, emsp_party().party_id, "{version}");
        assert_eq!(got.location_id.as_str(), "LOC1");
        assert_eq!(got.evse_uid, Some(ci("EVSE1")));
        assert_eq!(got.response_url.as_str(), PLACEHOLDER);
        if version == OcpiVersion::V2_1_1 {
            assert_eq!(
                got.connector_id, None,
                "2.1.1 StartSession has no connector_id"
            );
            assert_eq!(got.authorization_reference, None);
        } else {
            assert_eq!(got, &start_session(), "{version}");
        }
        assert_eq!(received[1], CommandRequest::StopSession(stop), "{version}");
        let CommandRequest::ReserveNow(got) = &received[2] else {
            panic!("{version}: {:?}", received[2]);
        };
        assert_eq!(
            (got.reservation_id.as_str(), got.evse_uid.as_ref()),
            ("42", Some(&ci("EVSE2")))
        );
        assert_eq!(
            received[3],
            CommandRequest::UnlockConnector(unlock),
            "{version}"
        );
    }
}

#[tokio::test]
async fn the_handlers_answers_reach_the_client() {
    let cpo = CpoCommands::default();
    let pair = pair(OcpiVersion::V2_3_0, &cpo, &pending()).await;
    let client = pair.emsp_client();
    let receiver = client.commands_receiver().unwrap();
    let stop = StopSession::new(url(PLACEHOLDER), ci("NOPE"));
    let response = receiver.stop_session(&stop).await.unwrap();
    assert_eq!(response.result, CommandResponseType::UnknownSession);
    let mut start = start_session();
    start.location_id = ci("UNKNOWN");
    let error = receiver.start_session(&start).await.unwrap_err();
    assert_eq!(error.ocpi_status(), Some(StatusCode::UNKNOWN_LOCATION));
}

/// The lifecycle the spec draws as "START_SESSION that is accepted, but no new Session is
/// started because EV not plugged in before end of time-out" — and then the driver plugs in.
#[tokio::test]
async fn a_timed_out_start_session_is_recognised_when_its_session_arrives() {
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_3_0] {
        let cpo = CpoCommands::default();
        let changes = Arc::new(AtomicUsize::new(0));
        let counter = changes.clone();
        let pending = pending().with_listener(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let pair = pair(version, &cpo, &pending).await;
        let client = pair.emsp_client();

        // 1. The eMSP sends START_SESSION; the CPO accepts at once.
        let (uid, response) = client
            .commands_receiver()
            .unwrap()
            .send_tracked(&pending, start_session())
            .await
            .unwrap();
        assert_eq!(response.unwrap().result, CommandResponseType::Accepted);
        let record = pending.get(&uid).unwrap();
        assert_eq!(record.state(), CommandState::Accepted);
        let response_url =
            format!("https://emsp.test/ocpi/{version}/sender/commands/START_SESSION/{uid}");
        assert_eq!(record.response_url.as_str(), response_url);
        assert_eq!(record.authorization_reference, Some(ci("AUTH-REF-1")));
        // The CPO received the response URL the tracker made, not the placeholder.
        let received = cpo.take();
        let CommandRequest::StartSession(sent) = &received[0] else {
            panic!("{:?}", received[0]);
        };
        assert_eq!(sent.response_url.as_str(), response_url);

        // 2. The Charge Point gives up waiting for the cable: TIMEOUT, on the response URL.
        pair.take_log();
        pair.cpo_client()
            .commands_sender()
            .post_result(
                &sent.response_url,
                &CommandResult::new(CommandResultType::Timeout),
            )
            .await
            .unwrap();
        let log = pair.take_log();
        assert_eq!(log[0].request.uri().to_string(), response_url);
        assert_eq!(
            pending.get(&uid).unwrap().state(),
            CommandState::Finished(CommandResultType::Timeout)
        );

        // 3. The driver plugs in after all: the CPO pushes a Session with the reference.
        let mut session: Session =
            common::parsed_fixture("2.3.0", "session_example_1_simple_start.json");
        session.id = ci("SESSION-7");
        let mut unrelated = session.clone();
        unrelated.authorization_reference = Some(ci("SOMETHING-ELSE"));
        let cpo = pending.get(&uid).unwrap().peer;
        assert_eq!(pending.session(&cpo, &unrelated), None);
        session.authorization_reference = Some(ci("AUTH-REF-1"));
        // The reference, from another peer than the command went to: not its Session.
        let other = ocpi_protocol::credentials::PeerId::new("another-cpo");
        assert_eq!(pending.session(&other, &session), None);
        let record = pending.session(&cpo, &session).unwrap();
        assert_eq!(
            record.state(),
            CommandState::SessionStartedDespite {
                result: CommandResultType::Timeout,
                session_id: ci("SESSION-7"),
            },
            "{version}: timed out, but the session started anyway"
        );
        // The same Session pushed again changes nothing.
        pending.session(&cpo, &session).unwrap();
        let record = pending.get(&uid).unwrap();
        assert_eq!(
            record.events,
            [
                CommandEvent::Response(CommandResponse::new(
                    CommandResponseType::Accepted,
                    TIMEOUT
                )),
                CommandEvent::Result(CommandResult::new(CommandResultType::Timeout)),
                CommandEvent::Session(ci("SESSION-7")),
            ]
        );
        assert_eq!(changes.load(Ordering::SeqCst), 3, "{version}");
        assert_eq!(pending.by_reference(&ci("AUTH-REF-1")).unwrap().uid, uid);
    }
}

#[tokio::test]
async fn the_tracker_states_follow_the_answers() {
    let cpo = CpoCommands::default();
    let pending = pending();
    let pair = pair(OcpiVersion::V2_2_1, &cpo, &pending).await;
    let client = pair.emsp_client();
    let receiver = client.commands_receiver().unwrap();

    // A START_SESSION without a reference gets one (its uid), so its Session can be matched;
    // ACCEPTED then a Session: started.
    let mut start = start_session();
    start.authorization_reference = None;
    let (uid, _) = receiver.send_tracked(&pending, start).await.unwrap();
    let record = pending.get(&uid).unwrap();
    assert_eq!(record.authorization_reference, Some(uid.clone()));
    let CommandRequest::StartSession(sent) = &cpo.take()[0] else {
        panic!()
    };
    assert_eq!(sent.authorization_reference, Some(uid.clone()));
    let mut session: Session =
        common::parsed_fixture("2.3.0", "session_example_1_simple_start.json");
    session.authorization_reference = Some(uid.clone());
    let cpo = pending.get(&uid).unwrap().peer;
    assert_eq!(
        pending.session(&cpo, &session).unwrap().state(),
        CommandState::SessionStarted(ci("101"))
    );

    // Not accepted: no result will come.
    let stop = StopSession::new(url(PLACEHOLDER), ci("NOPE"));
    let (uid, _) = receiver.send_tracked(&pending, stop).await.unwrap();
    assert_eq!(
        pending.get(&uid).unwrap().state(),
        CommandState::NotAccepted(CommandResponseType::UnknownSession)
    );

    // An error answer: failed.
    let mut start = start_session();
    start.location_id = ci("UNKNOWN");
    let (uid, response) = receiver.send_tracked(&pending, start).await.unwrap();
    assert!(response.is_err());
    let record = pending.get(&uid).unwrap();
    assert_eq!(record.state(), CommandState::Failed);
    assert!(matches!(&record.events[..], [CommandEvent::SendFailed(e)] if e.contains("2003")));

    // A reservation accepted, then cancelled by the CPO on the same response URL: both
    // results are kept, the latest stands.
    let reserve = ReserveNow::new(
        url(PLACEHOLDER),
        token(),
        "2030-01-01T12:00:00Z".parse().unwrap(),
        ci("R1"),
        ci("LOC1"),
    );
    let (uid, _) = receiver.send_tracked(&pending, reserve).await.unwrap();
    let response_url = pending.get(&uid).unwrap().response_url;
    let cpo_client = pair.cpo_client();
    for result in [
        CommandResultType::Accepted,
        CommandResultType::CanceledReservation,
    ] {
        cpo_client
            .commands_sender()
            .post_result(&response_url, &CommandResult::new(result))
            .await
            .unwrap();
    }
    let record = pending.get(&uid).unwrap();
    assert_eq!(record.results().count(), 2);
    assert_eq!(
        record.state(),
        CommandState::Finished(CommandResultType::CanceledReservation)
    );
    assert_eq!(pending.records().len(), 4);
    pending.remove(&uid).unwrap();
    let error = cpo_client
        .commands_sender()
        .post_result(
            &response_url,
            &CommandResult::new(CommandResultType::Accepted),
        )
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(http::StatusCode::NOT_FOUND));
}

/// 2.1.1 has no CommandResult: the CPO POSTs a CommandResponse to the response URL.
#[tokio::test]
async fn in_2_1_1_the_result_is_a_command_response() {
    let cpo = CpoCommands::default();
    let pending = pending();
    let pair = pair(OcpiVersion::V2_1_1, &cpo, &pending).await;
    let client = pair.emsp_client();
    let receiver = client.commands_receiver().unwrap();
    let (uid, response) = receiver
        .send_tracked(&pending, start_session())
        .await
        .unwrap();
    assert_eq!(response.unwrap().timeout, 30);
    let record = pending.get(&uid).unwrap();
    assert_eq!(
        record.response_url.as_str(),
        format!("https://emsp.test/ocpi/2.1.1/sender/commands/START_SESSION/{uid}")
    );
    let cpo_client = pair.cpo_client();
    let sender = cpo_client.commands_sender();

    // TIMEOUT exists in both: it crosses as it is.
    pair.take_log();
    sender
        .post_result(
            &record.response_url,
            &CommandResult::new(CommandResultType::Timeout),
        )
        .await
        .unwrap();
    assert_eq!(
        pair.take_log()[0].request.body(),
        br#"{"result":"TIMEOUT"}"#
    );
    assert_eq!(
        pending.get(&uid).unwrap().state(),
        CommandState::Finished(CommandResultType::Timeout)
    );

    // A failure 2.1.1 does not know is sent as REJECTED.
    let mut failed = CommandResult::new(CommandResultType::EvseOccupied);
    failed.message = Some(vec![]);
    sender
        .post_result(&record.response_url, &failed)
        .await
        .unwrap();
    assert_eq!(
        pair.take_log()[0].request.body(),
        br#"{"result":"REJECTED"}"#
    );
    assert_eq!(
        pending.get(&uid).unwrap().state(),
        CommandState::Finished(CommandResultType::Rejected)
    );

    // UNKNOWN_SESSION (no CommandResultType) keeps its text.
    let stop = StopSession::new(url(PLACEHOLDER), ci("S1"));
    let (uid, _) = receiver.send_tracked(&pending, stop).await.unwrap();
    let response_url = pending.get(&uid).unwrap().response_url;
    let raw = raw_request(
        Method::POST,
        response_url.as_str(),
        &pair.cpo_token(),
        r#"{"result":"UNKNOWN_SESSION"}"#,
    );
    let r = pair.emsp.handle(raw).await;
    assert_eq!(envelope(&r).0, StatusCode::SUCCESS);
    let CommandState::Finished(result) = pending.get(&uid).unwrap().state() else {
        panic!()
    };
    assert_eq!(result.as_str(), "UNKNOWN_SESSION");

    // CANCEL_RESERVATION is no 2.1.1 command: NOT_SUPPORTED, the handler is not called.
    let raw = raw_request(
        Method::POST,
        "https://cpo.test/ocpi/2.1.1/receiver/commands/CANCEL_RESERVATION",
        &pair.emsp_token(),
        r#"{"response_url":"https://emsp.test/x","reservation_id":"42"}"#,
    );
    let r = pair.cpo.handle(raw).await;
    let (status, data) = envelope(&r);
    assert_eq!(status, StatusCode::SUCCESS);
    assert_eq!(
        data.unwrap(),
        serde_json::json!({"result": "NOT_SUPPORTED"})
    );
    assert_eq!(cpo.take().len(), 2, "only the two commands above");
}

const COMMANDS: &str = "https://cpo.test/ocpi/2.2.1/receiver/commands";

fn start_body(token_party: &str, connector_without_evse: bool) -> String {
    let mut s = start_session();
    s.token.party_id = token_party.parse().unwrap();
    if connector_without_evse {
        s.evse_uid = None;
    }
    serde_json::to_string(&s).unwrap()
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let cpo = CpoCommands::default();
    let pair = pair(OcpiVersion::V2_2_1, &cpo, &pending()).await;
    let bearer = pair.emsp_token();
    let send = |method: Method, url: String, body: String| {
        pair.cpo.handle(raw_request(method, &url, &bearer, &body))
    };
    let start = format!("{COMMANDS}/START_SESSION");

    // The control: a valid START_SESSION, answered with a CommandResponse.
    let r = send(Method::POST, start.clone(), start_body("MSP", false)).await;
    assert_eq!(r.status(), http::StatusCode::OK);
    let (status, data) = envelope(&r);
    assert_eq!(status, StatusCode::SUCCESS);
    assert_eq!(
        data.unwrap(),
        serde_json::json!({"result": "ACCEPTED", "timeout": TIMEOUT})
    );
    assert_eq!(cpo.take().len(), 1);

    // The token must be the calling eMSP's own: 2001.
    let r = send(Method::POST, start.clone(), start_body("XYZ", false)).await;
    assert_eq!(
        (r.status(), envelope(&r).0),
        (http::StatusCode::OK, StatusCode::INVALID_PARAMETERS)
    );
    // So must a ReserveNow's.
    let mut reserve = ReserveNow::new(
        url(PLACEHOLDER),
        token_of("XYZ"),
        "2030-01-01T12:00:00Z".parse().unwrap(),
        ci("R1"),
        ci("LOC1"),
    );
    let r = send(
        Method::POST,
        format!("{COMMANDS}/RESERVE_NOW"),
        serde_json::to_string(&reserve).unwrap(),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    reserve.token = token();
    let r = send(
        Method::POST,
        format!("{COMMANDS}/RESERVE_NOW"),
        serde_json::to_string(&reserve).unwrap(),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::SUCCESS);

    // connector_id needs evse_uid: 2001.
    let r = send(Method::POST, start.clone(), start_body("MSP", true)).await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);

    // The body must be the command's object: 2001 (a StopSession is no StartSession);
    // invalid JSON: 400.
    let stop = serde_json::to_string(&StopSession::new(url(PLACEHOLDER), ci("S1"))).unwrap();
    let r = send(Method::POST, start.clone(), stop).await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    let r = send(Method::POST, start.clone(), "{\"response_url\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    assert_eq!(
        cpo.take().len(),
        1,
        "only the valid ReserveNow reached the handler"
    );

    // An unknown command: NOT_SUPPORTED, timeout 0, handler not called.
    let r = send(
        Method::POST,
        format!("{COMMANDS}/FLY_TO_THE_MOON"),
        "{}".into(),
    )
    .await;
    let (status, data) = envelope(&r);
    assert_eq!(status, StatusCode::SUCCESS);
    assert_eq!(
        data.unwrap(),
        serde_json::json!({"result": "NOT_SUPPORTED", "timeout": 0})
    );
    // A known command in the wrong case: enum values are case sensitive, 2001.
    let r = send(
        Method::POST,
        format!("{COMMANDS}/start_session"),
        start_body("MSP", false),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    assert!(cpo.take().is_empty());

    // Only POST: 405. Other paths: 404.
    for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), start.clone(), start_body("MSP", false)).await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    for path in ["", "/START_SESSION/1"] {
        let r = send(
            Method::POST,
            format!("{COMMANDS}{path}"),
            start_body("MSP", false),
        )
        .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }
    // The eMSP serves no Receiver interface of Commands; the CPO no Sender.
    let r = send(
        Method::POST,
        "https://cpo.test/ocpi/2.2.1/sender/commands/START_SESSION/1".into(),
        r#"{"result":"ACCEPTED"}"#.into(),
    )
    .await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
}

fn token_of(party_id: &str) -> Token {
    let mut t = token();
    t.party_id = party_id.parse().unwrap();
    t
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let cpo = CpoCommands::default();
    let pending = pending();
    let pair = pair(OcpiVersion::V2_2_1, &cpo, &pending).await;
    let client = pair.emsp_client();
    let (uid, _) = client
        .commands_receiver()
        .unwrap()
        .send_tracked(&pending, start_session())
        .await
        .unwrap();
    // A command registered for another peer than the CPO.
    let mut other = CommandRequest::from(start_session());
    let foreign = pending
        .register(&PeerId::new("another-cpo"), OcpiVersion::V2_2_1, &mut other)
        .unwrap();
    let bearer = pair.cpo_token();
    let base = "https://emsp.test/ocpi/2.2.1/sender/commands";
    let send = |method: Method, url: String, body: &str| {
        pair.emsp.handle(raw_request(method, &url, &bearer, body))
    };
    let result = r#"{"result":"ACCEPTED"}"#;

    // An unknown uid, the uid under another command, the uid of a command sent to another
    // peer, a uid longer than any this party makes: 404.
    for path in [
        "START_SESSION/0b6f6a3e-unknown".to_owned(),
        format!("STOP_SESSION/{uid}"),
        format!("START_SESSION/{foreign}"),
        format!("START_SESSION/{}", "x".repeat(37)),
    ] {
        let r = send(Method::POST, format!("{base}/{path}"), result).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }
    assert!(pending.records().iter().all(|r| r.results().count() == 0));

    // Not a CommandResult: 2001; not JSON: 400.
    let mine = format!("{base}/START_SESSION/{uid}");
    let r = send(Method::POST, mine.clone(), r#"{"result":5}"#).await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    let r = send(Method::POST, mine.clone(), "{").await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);

    // Only POST: 405; other paths: 404.
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let r = send(method.clone(), mine.clone(), result).await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    for path in ["", "/START_SESSION", &format!("/START_SESSION/{uid}/x")] {
        let r = send(Method::POST, format!("{base}{path}"), result).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }

    // The control: the right uid from the right peer, answered without data.
    let r = send(Method::POST, mine, result).await;
    assert_eq!(envelope(&r), (StatusCode::SUCCESS, None));
    assert_eq!(
        pending.get(&uid).unwrap().state(),
        CommandState::Finished(CommandResultType::Accepted)
    );
    assert_eq!(pending.get(&foreign).unwrap().events, []);
}

#[tokio::test]
async fn the_versions_endpoint_lists_both_interfaces() {
    let cpo = CpoCommands::default();
    for version in OcpiVersion::ALL {
        let pair = pair(version, &cpo, &pending()).await;
        let to_cpo = pair.emsp.platform().store().peers().pop().unwrap();
        let to_emsp = pair.cpo.platform().store().peers().pop().unwrap();
        let role = |peer: &ocpi_protocol::credentials::Peer| {
            let e = peer
                .endpoints
                .iter()
                .find(|e| e.module == "commands")
                .unwrap();
            (
                e.url.as_str().to_owned(),
                e.role.as_ref().map(|r| r.to_string()),
            )
        };
        let (cpo_url, cpo_role) = role(&to_cpo);
        let (emsp_url, emsp_role) = role(&to_emsp);
        assert_eq!(
            cpo_url,
            format!("https://cpo.test/ocpi/{version}/receiver/commands")
        );
        assert_eq!(
            emsp_url,
            format!("https://emsp.test/ocpi/{version}/sender/commands")
        );
        if version == OcpiVersion::V2_1_1 {
            assert_eq!((cpo_role, emsp_role), (None, None));
        } else {
            assert_eq!(
                (cpo_role.as_deref(), emsp_role.as_deref()),
                (Some("RECEIVER"), Some("SENDER"))
            );
        }
    }
}
