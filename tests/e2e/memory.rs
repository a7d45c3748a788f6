//! The reference in-memory handlers (`memory::Memory`): each module rule they apply, called
//! as the server calls them, and through a registered pair where the server adds its part
//! (the `Location` of a posted CDR, 2004 for an unknown Token).

use crate::common;
use crate::network;

use network::{cpo_builder, cpo_party, emsp_builder, emsp_party, party, Pair};
use ocpi_protocol::credentials::PeerId;
use ocpi_protocol::memory::{Memory, Request};
use ocpi_protocol::modules::cdrs::{CdrsReceiver, CdrsSender};
use ocpi_protocol::modules::charging_profiles::ChargingProfilesReceiver;
use ocpi_protocol::modules::commands::{CommandRequest, CommandsReceiver};
use ocpi_protocol::modules::locations::LocationsReceiver;
use ocpi_protocol::modules::payments::{PaymentsReceiver, PaymentsSender};
use ocpi_protocol::modules::sessions::{SessionsReceiver, SessionsSender};
use ocpi_protocol::modules::tokens::TokensSender;
use ocpi_protocol::modules::{Context, ListQuery, ModuleError};
use ocpi_protocol::transport::{PartyRef, Routing, StatusCode};
use ocpi_protocol::types::{CiString, DateTime, Url};
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::charging_profiles::{ChargingProfileResponseType, SetChargingProfile};
use ocpi_protocol::v2_3_0::commands::{
    CancelReservation, CommandResponseType, ReserveNow, StartSession, StopSession,
};
use ocpi_protocol::v2_3_0::locations::{
    Capability, ConnectorPatch, Evse, EvsePatch, Location, Status,
};
use ocpi_protocol::v2_3_0::payments::{Terminal, TerminalPatch};
use ocpi_protocol::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, ProfileType, Session, SessionPatch,
    SessionStatus,
};
use ocpi_protocol::v2_3_0::tokens::{AllowedType, Token, TokenType};
use ocpi_protocol::versions::OcpiVersion;

fn example<T: serde::de::DeserializeOwned + ocpi_protocol::types::Conformance>(name: &str) -> T {
    let text = common::fixture("2.3.0", name);
    ocpi_protocol::json::parse(text.as_bytes()).unwrap().value
}

fn ci(s: &str) -> CiString<36> {
    CiString::new(s).unwrap()
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

/// The context of a request from `party`.
fn ctx(party: PartyRef) -> Context {
    Context {
        peer: PeerId::new(party.to_string()),
        version: OcpiVersion::V2_3_0,
        parties: vec![party],
        from: Some(party),
        hub: false,
        hub_party: None,
        routing: Routing::default(),
        request_id: None,
        correlation_id: None,
        interop: ocpi_protocol::interop::Interop::strict(),
    }
}

/// The official Location example (NL*ALF, one EVSE with one Connector `1`).
fn location() -> Location {
    example("location_example_uc2_destination_charger.json")
}

fn alf() -> PartyRef {
    party("NL", "ALF")
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T, ModuleError>) -> bool {
    matches!(result, Err(ModuleError::NotFound(_)))
}

fn status_of<T: std::fmt::Debug>(result: Result<T, ModuleError>) -> Option<StatusCode> {
    match result {
        Err(ModuleError::Status { status, .. }) => Some(status),
        _ => None,
    }
}

#[tokio::test]
async fn a_child_put_or_patch_carries_last_updated_to_its_parents_and_ids_ignore_case() {
    let memory = Memory::new();
    let c = ctx(alf());
    let l = location();
    let id = l.id.clone();
    memory
        .put_location(&c, alf(), id.clone(), l.clone())
        .await
        .unwrap();
    let uid = l.evses.as_ref().unwrap()[0].uid.clone();
    // Ids are CiStrings: another case names the same objects.
    let other_case = ci(&id.as_str().to_ascii_uppercase());
    let upper_uid = ci(&uid.as_str().to_ascii_uppercase());
    let got =
        LocationsReceiver::evse(&memory, &c, alf(), other_case.clone(), upper_uid.clone()).await;
    assert_eq!(got.unwrap().uid, uid);

    let mut evse: Evse = l.evses.as_ref().unwrap()[0].clone();
    evse.status = Status::Charging;
    evse.last_updated = dt("2025-01-01T00:00:00Z");
    memory
        .put_evse(&c, alf(), other_case.clone(), upper_uid.clone(), evse)
        .await
        .unwrap();
    let stored = LocationsReceiver::location(&memory, &c, alf(), id.clone())
        .await
        .unwrap();
    assert_eq!(
        stored.last_updated,
        dt("2025-01-01T00:00:00Z"),
        "EVSE → Location"
    );
    assert_eq!(
        stored.evses.as_ref().unwrap().len(),
        1,
        "replaced, not added"
    );

    let mut patch = ConnectorPatch::default();
    patch.last_updated = Some(dt("2025-02-01T00:00:00Z"));
    patch.max_voltage = Some(400);
    memory
        .patch_connector(&c, alf(), id.clone(), uid.clone(), ci("1"), patch)
        .await
        .unwrap();
    let stored = LocationsReceiver::location(&memory, &c, alf(), id.clone())
        .await
        .unwrap();
    let evse = stored.evse(uid.as_str()).unwrap();
    assert_eq!(evse.connectors[0].max_voltage, Some(400));
    assert_eq!(
        evse.last_updated,
        dt("2025-02-01T00:00:00Z"),
        "Connector → EVSE"
    );
    assert_eq!(
        stored.last_updated,
        dt("2025-02-01T00:00:00Z"),
        "Connector → Location"
    );

    let mut patch = EvsePatch::default();
    patch.last_updated = Some(dt("2025-03-01T00:00:00Z"));
    memory
        .patch_evse(&c, alf(), id.clone(), uid.clone(), patch)
        .await
        .unwrap();
    let stored = LocationsReceiver::location(&memory, &c, alf(), id.clone())
        .await
        .unwrap();
    assert_eq!(
        stored.last_updated,
        dt("2025-03-01T00:00:00Z"),
        "EVSE PATCH → Location"
    );

    let missing = memory
        .patch_evse(&c, alf(), id.clone(), ci("NOPE"), EvsePatch::default())
        .await;
    assert!(is_not_found(missing));
    let other_party = LocationsReceiver::location(&memory, &c, cpo_party(), id).await;
    assert!(is_not_found(other_party), "objects are kept by owner");
}

/// The official Session example (NL*STK), of a token of NL*TST, ongoing.
fn session() -> Session {
    let mut s: Session = example("session_example_1_simple_start.json");
    s.status = SessionStatus::Active;
    s
}

fn tst() -> PartyRef {
    party("NL", "TST")
}

#[tokio::test]
async fn a_session_patch_adds_charging_periods_and_the_sender_shows_each_emsp_its_own() {
    let memory = Memory::new();
    let stk = party("NL", "STK");
    let s = session();
    memory
        .put_session(&ctx(stk), stk, s.id.clone(), s.clone())
        .await
        .unwrap();
    let patch: SessionPatch = example("session_patch_example_charging_period.json");
    let periods = patch.charging_periods.clone().unwrap().len();
    for _ in 0..2 {
        memory
            .patch_session(&ctx(stk), stk, s.id.clone(), patch.clone())
            .await
            .unwrap();
    }
    let stored = SessionsReceiver::session(&memory, &ctx(stk), stk, s.id.clone())
        .await
        .unwrap();
    assert_eq!(
        stored.charging_periods.unwrap().len(),
        2 * periods,
        "appended"
    );

    let query = ListQuery {
        date_from: None,
        date_to: None,
        offset: 0,
        limit: 10,
    };
    let own = SessionsSender::list(&memory, &ctx(tst()), query.clone())
        .await
        .unwrap();
    assert_eq!(own.total, 1);
    let other = SessionsSender::list(&memory, &ctx(emsp_party()), query)
        .await
        .unwrap();
    assert_eq!(
        (other.total, other.items.len()),
        (0, 0),
        "another eMSP's Session"
    );
}

#[tokio::test]
async fn charging_preferences_need_the_callers_session_at_a_capable_evse() {
    let memory = Memory::new();
    let s = session();
    memory.sessions.put(s.clone());
    let mut l = location();
    l.country_code = s.country_code;
    l.party_id = s.party_id;
    l.id = s.location_id.clone();
    l.evses.as_mut().unwrap()[0].uid = s.evse_uid.clone();
    memory.locations.put(l.clone());
    let preferences = ChargingPreferences::new(ProfileType::Green);

    let not_capable = memory
        .charging_preferences(&ctx(tst()), s.id.clone(), preferences.clone())
        .await;
    assert!(is_not_found(not_capable), "no CHARGING_PREFERENCES_CAPABLE");

    l.evses.as_mut().unwrap()[0].capabilities = Some(vec![Capability::ChargingPreferencesCapable]);
    memory.locations.put(l);
    let others = memory
        .charging_preferences(&ctx(emsp_party()), s.id.clone(), preferences.clone())
        .await;
    assert!(is_not_found(others), "another eMSP's Session");
    let accepted = memory
        .charging_preferences(&ctx(tst()), s.id.clone(), preferences.clone())
        .await
        .unwrap();
    assert_eq!(accepted, ChargingPreferencesResponse::Accepted);
    assert_eq!(
        memory.charging_preferences.get(&s.id).unwrap().value,
        preferences
    );
}

#[tokio::test]
async fn a_cdr_is_never_replaced_and_the_sender_shows_each_emsp_its_own() {
    let memory = Memory::new();
    let cdr: Cdr = example("cdr_example.json");
    let bec = party("BE", "BEC");
    memory.post_cdr(&ctx(bec), cdr.clone()).await.unwrap();
    memory.post_cdr(&ctx(bec), cdr.clone()).await.unwrap();
    let mut changed = cdr.clone();
    changed.total_energy = "99".parse().unwrap();
    let refused = memory.post_cdr(&ctx(bec), changed).await;
    assert_eq!(status_of(refused), Some(StatusCode::INVALID_PARAMETERS));
    let kept = memory.cdr(&ctx(bec), bec, cdr.id.clone()).await.unwrap();
    assert_eq!(kept, cdr);

    let query = ListQuery {
        date_from: None,
        date_to: None,
        offset: 0,
        limit: 10,
    };
    let tnm = party("DE", "TNM");
    assert_eq!(
        CdrsSender::list(&memory, &ctx(tnm), query.clone())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        CdrsSender::list(&memory, &ctx(emsp_party()), query)
            .await
            .unwrap()
            .total,
        0
    );
}

#[tokio::test]
async fn real_time_authorization_follows_the_token() {
    let memory = Memory::new();
    let token: Token = example("token_example_1_app_user.json");
    memory.tokens.put(token.clone());
    let c = ctx(cpo_party());
    let info = memory
        .authorize(&c, token.uid.clone(), TokenType::AppUser, None)
        .await
        .unwrap();
    assert_eq!(info.allowed, AllowedType::Allowed);
    assert_eq!(info.token, token);
    let reference = info.authorization_reference.expect("a reference");
    let again = memory
        .authorize(&c, token.uid.clone(), TokenType::AppUser, None)
        .await
        .unwrap();
    assert_ne!(
        again.authorization_reference,
        Some(reference),
        "one per request"
    );

    let other_type = memory
        .authorize(&c, token.uid.clone(), TokenType::Rfid, None)
        .await;
    assert!(is_not_found(other_type), "a Token is named by uid and type");

    let mut blocked = token.clone();
    blocked.valid = false;
    memory.tokens.put(blocked);
    let info = memory
        .authorize(&c, token.uid.clone(), TokenType::AppUser, None)
        .await
        .unwrap();
    assert_eq!(info.allowed, AllowedType::Blocked);
}

fn start(location_id: &str, evse_uid: Option<&str>) -> StartSession {
    let token: Token = example("token_example_1_app_user.json");
    let mut c = StartSession::new(url("https://emsp.test/r/1"), token, ci(location_id));
    c.evse_uid = evse_uid.map(ci);
    c
}

#[tokio::test]
async fn commands_are_checked_against_locations_and_sessions_and_kept_to_answer() {
    let memory = Memory::new();
    let l = location();
    memory.locations.put(l.clone());
    let tnm = ctx(party("DE", "TNM"));

    let unknown = memory.start_session(&tnm, start("NOPE", None)).await;
    assert_eq!(status_of(unknown), Some(StatusCode::UNKNOWN_LOCATION));
    let bad_evse = memory
        .start_session(&tnm, start(l.id.as_str(), Some("NOPE")))
        .await
        .unwrap();
    assert_eq!(bad_evse.result, CommandResponseType::Rejected);
    assert!(memory.inbox.peek().is_empty(), "nothing refused is kept");

    let uid = l.evses.as_ref().unwrap()[0].uid.clone();
    let ok = memory
        .start_session(&tnm, start(l.id.as_str(), Some(uid.as_str())))
        .await
        .unwrap();
    assert_eq!(ok.result, CommandResponseType::Accepted);
    assert_eq!(ok.timeout, Memory::DEFAULT_TIMEOUT);
    let received = memory.inbox.take();
    assert_eq!(received.len(), 1);
    assert!(matches!(
        &received[0].request,
        Request::Command(CommandRequest::StartSession(c)) if c.location_id == l.id
    ));
    assert!(memory.inbox.take().is_empty(), "taken once");

    let stop = StopSession::new(url("https://emsp.test/r/2"), ci("NOPE"));
    let answer = memory.stop_session(&tnm, stop).await.unwrap();
    assert_eq!(answer.result, CommandResponseType::UnknownSession);

    let token: Token = example("token_example_1_app_user.json");
    let reserve = ReserveNow::new(
        url("https://emsp.test/r/3"),
        token,
        dt("2030-01-01T00:00:00Z"),
        ci("RES1"),
        l.id.clone(),
    );
    let answer = memory.reserve_now(&tnm, reserve).await.unwrap();
    assert_eq!(answer.result, CommandResponseType::Accepted);
    let cancel = CancelReservation::new(url("https://emsp.test/r/4"), ci("res1"));
    let others = memory
        .cancel_reservation(&ctx(emsp_party()), cancel.clone())
        .await
        .unwrap();
    assert_eq!(
        others.result,
        CommandResponseType::Rejected,
        "not the caller's"
    );
    let own = memory.cancel_reservation(&tnm, cancel).await.unwrap();
    assert_eq!(own.result, CommandResponseType::Accepted);
    assert!(memory.reservations.is_empty());
}

#[tokio::test]
async fn charging_profile_requests_need_the_callers_ongoing_session() {
    let memory = Memory::new();
    let s = session();
    memory.sessions.put(s.clone());
    let profile: SetChargingProfile = example_profile();
    let unknown = memory
        .set_profile(&ctx(emsp_party()), s.id.clone(), profile.clone())
        .await
        .unwrap();
    assert_eq!(unknown.result, ChargingProfileResponseType::UnknownSession);
    let set = memory
        .set_profile(&ctx(tst()), s.id.clone(), profile.clone())
        .await
        .unwrap();
    assert_eq!(set.result, ChargingProfileResponseType::Accepted);
    assert_eq!(memory.charging_profiles.get(&s.id).unwrap().value, profile);
    let cleared = memory
        .clear_profile(&ctx(tst()), s.id.clone(), url("https://scsp.test/clear/1"))
        .await
        .unwrap();
    assert_eq!(cleared.result, ChargingProfileResponseType::Accepted);
    assert!(memory.charging_profiles.is_empty());
    assert_eq!(memory.inbox.take().len(), 2);

    let mut over = session();
    over.status = SessionStatus::Completed;
    memory.sessions.put(over);
    let done = memory
        .active_profile(&ctx(tst()), s.id.clone(), 900, url("https://scsp.test/a/1"))
        .await
        .unwrap();
    assert_eq!(
        done.result,
        ChargingProfileResponseType::UnknownSession,
        "over"
    );
}

fn example_profile() -> SetChargingProfile {
    let text = r#"{
        "charging_profile": { "charging_rate_unit": "W", "charging_profile_period": [
            { "start_period": 0, "limit": 11000 } ] },
        "response_url": "https://scsp.test/profile/1"
    }"#;
    ocpi_protocol::json::parse(text.as_bytes()).unwrap().value
}

#[tokio::test]
async fn terminals_are_activated_updated_and_deactivated() {
    let memory = Memory::new();
    let c = ctx(cpo_party());
    let activation: Terminal = example("payment_terminal_activate.json");
    memory.activate_terminal(&c, activation).await.unwrap();
    let terminal = memory.terminals.values().pop().expect("kept");
    let id = terminal
        .terminal_id
        .clone()
        .expect("an id given by the PTP");
    assert!(matches!(
        &memory.inbox.take()[0].request,
        Request::ActivateTerminal(t) if t.terminal_id.as_ref() == Some(&id)
    ));

    let unknown = memory.put_terminal(&c, ci("NOPE"), terminal.clone()).await;
    assert!(
        is_not_found(unknown),
        "a PUT updates a Terminal the PTP has"
    );
    let mut patch = TerminalPatch::default();
    patch.location_ids = ocpi_protocol::types::PatchField::Value(vec![ci("LOC1")]);
    memory.patch_terminal(&c, id.clone(), patch).await.unwrap();
    let patched = PaymentsSender::terminal(&memory, &c, id.clone())
        .await
        .unwrap();
    assert_eq!(patched.location_ids, Some(vec![ci("LOC1")]));

    memory.deactivate_terminal(&c, id.clone()).await.unwrap();
    assert!(is_not_found(
        PaymentsReceiver::terminal(&memory, &c, id).await
    ));
}

#[test]
fn lists_honour_date_from_date_to_offset_and_limit() {
    let memory = Memory::new();
    for day in 1..=9 {
        let mut l = location();
        l.id = ci(&format!("LOC{day}"));
        l.last_updated = dt(&format!("2024-01-0{day}T00:00:00Z"));
        memory.locations.put(l);
    }
    let query = ListQuery {
        date_from: Some(dt("2024-01-03T00:00:00Z")),
        date_to: Some(dt("2024-01-08T00:00:00Z")),
        offset: 1,
        limit: 2,
    };
    let page = memory.locations.page(&query, |_| true);
    assert_eq!(
        page.total, 5,
        "3rd to 7th: date_from inclusive, date_to exclusive"
    );
    let ids: Vec<&str> = page.items.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["LOC4", "LOC5"]);
}

#[tokio::test]
async fn through_the_server_a_posted_cdr_has_its_location_and_an_unknown_token_is_2004() {
    let cpo = Memory::new();
    let emsp = Memory::new();
    emsp.tokens.put(example("token_example_1_app_user.json"));
    let pair = Pair::connect(
        cpo_builder().locations_sender(cpo.clone()),
        emsp_builder(OcpiVersion::V2_2_1)
            .cdrs_receiver(emsp.clone())
            .tokens_sender(emsp.clone()),
    )
    .await;
    let mut cdr: Cdr = example("cdr_example.json");
    cdr.country_code = cpo_party().country_code;
    cdr.party_id = cpo_party().party_id;
    let client = pair.cpo_client();
    let receiver = client.cdrs_receiver().unwrap();
    let at = receiver.post_cdr(&cdr).await.unwrap();
    assert_eq!(
        at,
        "https://emsp.test/ocpi/2.2.1/receiver/cdrs/NL/CPO/12345"
    );
    let read = receiver.cdr(&at, &cpo_party()).await.unwrap();
    assert_eq!(read.id, cdr.id);

    let unknown = client
        .tokens_sender()
        .unwrap()
        .authorize("NOPE", &TokenType::Rfid, None)
        .await
        .unwrap_err();
    assert_eq!(unknown.http_status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(unknown.ocpi_status(), Some(StatusCode::UNKNOWN_TOKEN));
}

#[tokio::test]
async fn client_info_results_and_confirmations_are_kept_by_their_keys() {
    use ocpi_protocol::memory::ProfileResult;
    use ocpi_protocol::modules::charging_profiles::ChargingProfilesSender;
    use ocpi_protocol::modules::hub_client_info::{HubClientInfoReceiver, HubClientInfoSender};
    use ocpi_protocol::v2_3_0::charging_profiles::{
        ChargingProfileResult, ChargingProfileResultType,
    };
    use ocpi_protocol::v2_3_0::credentials::Role;
    use ocpi_protocol::v2_3_0::hub_client_info::{ClientInfo, ConnectionStatus};
    use ocpi_protocol::v2_3_0::payments::FinancialAdviceConfirmation;

    let memory = Memory::new();
    let hub = ctx(party("NL", "HUB"));
    let info = |status| {
        let p = alf();
        let at = dt("2024-01-01T00:00:00Z");
        ClientInfo::new(p.party_id, p.country_code, Role::Cpo, status, at)
    };
    memory
        .put_client_info(&hub, alf(), info(ConnectionStatus::Connected))
        .await
        .unwrap();
    memory
        .put_client_info(&hub, alf(), info(ConnectionStatus::Suspended))
        .await
        .unwrap();
    let got = memory.client_info(&hub, alf()).await.unwrap();
    assert_eq!(
        got.status,
        ConnectionStatus::Suspended,
        "a PUT replaces, by party"
    );
    assert!(is_not_found(memory.client_info(&hub, tst()).await));
    let query = ListQuery {
        date_from: None,
        date_to: None,
        offset: 0,
        limit: 10,
    };
    let listed = HubClientInfoSender::list(&memory, &hub, query.clone())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);

    let result = ChargingProfileResult::new(ChargingProfileResultType::Accepted);
    memory
        .profile_result(&ctx(cpo_party()), ci("uid-1"), result.clone())
        .await
        .unwrap();
    let kept = memory.profile_results.get(&ci("UID-1")).unwrap();
    assert_eq!(
        kept.value,
        ProfileResult::Set(result),
        "kept by uid, any case"
    );

    let confirmation: FinancialAdviceConfirmation =
        example("payment_financial_advice_confirmation_example_success.json");
    memory
        .post_financial_advice_confirmation(&ctx(cpo_party()), confirmation.clone())
        .await
        .unwrap();
    let read = PaymentsReceiver::financial_advice_confirmation(
        &memory,
        &ctx(cpo_party()),
        confirmation.id.clone(),
    )
    .await
    .unwrap();
    assert_eq!(read, confirmation);
    let listed = memory
        .financial_advice_confirmations(&ctx(cpo_party()), query)
        .await
        .unwrap();
    assert_eq!(listed.items, [confirmation]);
}
