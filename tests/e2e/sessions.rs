//! Sessions end to end: a CPO's Sender interface pulled by an eMSP (and its charging
//! preferences set), and an eMSP's Receiver interface pushed to by a CPO, through the server
//! dispatcher and the typed client, in every version; and the rules of the routes, each with
//! a request that breaks it.

use crate::charging;
use crate::common;
use crate::network;

use std::sync::{Arc, Mutex};

use charging::{bridge, token, CONTRACT_ID};
use http::Method;
use network::{cpo_party, raw_request, statuses, Copies, INVALID, OK};
use ocpi_protocol::client::ListFilter;
use ocpi_protocol::modules::sessions::{SessionsReceiver, SessionsSender};
use ocpi_protocol::modules::{Bridge, Context, Edge, ListPage, ListQuery, ModuleError, Wire};
use ocpi_protocol::transport::{PartyRef, StatusCode};
use ocpi_protocol::types::{CiString, DateTime, Number};
use ocpi_protocol::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, ProfileType, Session, SessionPatch,
    SessionStatus,
};
use ocpi_protocol::versions::OcpiVersion;

fn dt(text: &str) -> DateTime {
    text.parse().unwrap()
}

/// The official 2.3.0 "short finished session", owned by the CPO, charged to the eMSP's
/// token, with `id` and `last_updated` varied.
fn session(i: usize) -> Session {
    let mut s: Session = common::parsed_fixture("2.3.0", "session_example_2_short_finished.json");
    s.country_code = cpo_party().country_code;
    s.party_id = cpo_party().party_id;
    s.id = CiString::new(&format!("S{i}")).unwrap();
    s.cdr_token = token();
    s.last_updated = dt(&format!("2024-01-{:02}T10:00:00Z", i + 1));
    s
}

/// What the CPO's handler was asked.
#[derive(Default)]
struct CpoState {
    queries: Mutex<Vec<ListQuery>>,
    preferences: Mutex<Vec<(String, ChargingPreferences)>>,
}

/// A CPO's Sessions, in memory. Session `NOCAP` is on an EVSE without
/// `CHARGING_PREFERENCES_CAPABLE`.
#[derive(Clone)]
struct CpoSessions {
    all: Vec<Session>,
    state: Arc<CpoState>,
}

impl SessionsSender for CpoSessions {
    async fn list(&self, _: &Context, query: ListQuery) -> Result<ListPage<Session>, ModuleError> {
        self.state.queries.lock().unwrap().push(query.clone());
        Ok(ListPage::from_all(&self.all, &query, |s| &s.last_updated))
    }

    async fn charging_preferences(
        &self,
        _: &Context,
        session_id: CiString<36>,
        preferences: ChargingPreferences,
    ) -> Result<ChargingPreferencesResponse, ModuleError> {
        if session_id.as_str() == "NOCAP" || !self.all.iter().any(|s| s.id == session_id) {
            return Err(ModuleError::not_found(session_id));
        }
        let answer = match preferences.profile_type {
            ProfileType::Green => ChargingPreferencesResponse::ProfileTypeNotSupported,
            _ => ChargingPreferencesResponse::Accepted,
        };
        let record = (session_id.as_str().to_owned(), preferences);
        self.state.preferences.lock().unwrap().push(record);
        Ok(answer)
    }
}

/// An eMSP's copy of the CPOs' Sessions, in memory; records each call.
type EmspSessions = Copies<Session>;

impl SessionsReceiver for EmspSessions {
    async fn session(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> Result<Session, ModuleError> {
        self.record(format!("session {party} {id}"));
        self.stored
            .lock()
            .unwrap()
            .get(&(party, id.as_str().to_owned()))
            .cloned()
            .ok_or_else(|| ModuleError::not_found(id))
    }

    async fn put_session(
        &self,
        ctx: &Context,
        party: PartyRef,
        id: CiString<36>,
        session: Session,
    ) -> Result<(), ModuleError> {
        self.record(format!("put_session {party} {id} from {:?}", ctx.from));
        let key = (party, id.as_str().to_owned());
        self.stored.lock().unwrap().insert(key, session);
        Ok(())
    }

    async fn patch_session(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: SessionPatch,
    ) -> Result<(), ModuleError> {
        self.record(format!("patch_session {party} {id}"));
        let mut stored = self.stored.lock().unwrap();
        let session = stored
            .get_mut(&(party, id.as_str().to_owned()))
            .ok_or_else(|| ModuleError::not_found(&id))?;
        patch.apply_to(session);
        Ok(())
    }
}

type Setup = network::Setup<CpoSessions, EmspSessions>;

/// A CPO with `count` Sessions (pages of `page`) and an eMSP registered in `version`, both
/// with `edge` as their bridge.
async fn setup_with(version: OcpiVersion, count: usize, page: u64, edge: Bridge) -> Setup {
    let cpo = CpoSessions {
        all: (0..count).map(session).collect(),
        state: Arc::default(),
    };
    network::connect_modules(version, page, edge, cpo, |c, cpo, e, emsp| {
        (c.sessions_sender(cpo), e.sessions_receiver(emsp))
    })
    .await
}

async fn setup(version: OcpiVersion, count: usize, page: u64) -> Setup {
    setup_with(version, count, page, bridge()).await
}

#[tokio::test]
async fn the_emsp_pulls_every_page_from_a_date_in_every_version() {
    for version in OcpiVersion::ALL {
        let s = setup(version, 5, 2).await;
        let client = s.pair.emsp_client().with_bridge(bridge());
        assert_eq!(client.peer().version, version);
        s.pair.take_log();
        let listed = client
            .sessions_sender()
            .unwrap()
            .list(&ListFilter {
                date_from: Some(dt("2024-01-02T00:00:00Z")),
                ..ListFilter::default()
            })
            .await
            .unwrap();
        assert!(listed.errors.is_empty(), "{version}: {:?}", listed.errors);
        let ids: Vec<&str> = listed.items.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["S1", "S2", "S3", "S4"], "{version}");
        // Without date_from, which the spec requires, nothing is sent.
        let calls = s.pair.log.lock().unwrap().len();
        let missing = client
            .sessions_sender()
            .unwrap()
            .list(&ListFilter::default())
            .await
            .unwrap_err();
        assert!(matches!(
            missing,
            ocpi_protocol::client::ClientError::MissingParameter { name: "date_from" }
        ));
        assert_eq!(s.pair.log.lock().unwrap().len(), calls);
        let first = s.cpo.state.queries.lock().unwrap()[0].clone();
        assert_eq!(
            first.date_from,
            Some(dt("2024-01-02T00:00:00Z")),
            "{version}"
        );
        assert_eq!((first.offset, first.limit), (0, 2), "{version}");
        let log = s.pair.take_log();
        assert_eq!(log.len(), 2, "{version}: two pages of at most two");
        assert_eq!(log[0].response.headers()["x-total-count"], "4");
        assert!(log[0].request.uri().query().unwrap().contains("date_from="));
        let body = std::str::from_utf8(log[0].response.body()).unwrap();
        if version == OcpiVersion::V2_1_1 {
            // 2.1.1 names the token by auth_id and embeds the Location (from the lookup).
            assert!(
                body.contains(&format!("\"auth_id\":\"{CONTRACT_ID}\"")),
                "{body}"
            );
            assert!(body.contains("\"location\":{\"id\":\"LOC1\""), "{body}");
            let s1 = &listed.items[0];
            assert_eq!(s1.cdr_token, token());
            assert_eq!(
                (s1.location_id.as_str(), s1.evse_uid.as_str()),
                ("LOC1", "3256")
            );
            assert_eq!(s1.kwh, session(1).kwh);
        } else {
            assert!(body.contains("\"cdr_token\""), "{body}");
            assert_eq!(listed.items[0], session(1), "{version}");
        }
    }
}

#[tokio::test]
async fn the_emsp_sets_charging_preferences_in_2_2_1_and_2_3_0() {
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_3_0] {
        let s = setup(version, 2, 10).await;
        let client = s.pair.emsp_client();
        let sender = client.sessions_sender().unwrap();
        let mut preferences = ChargingPreferences::new(ProfileType::Fast);
        preferences.departure_time = Some(dt("2024-01-01T18:00:00Z"));
        preferences.energy_need = Some(Number::parse("20.5").unwrap());
        let answer = sender
            .charging_preferences("S1", &preferences)
            .await
            .unwrap();
        assert_eq!(answer, ChargingPreferencesResponse::Accepted, "{version}");
        let green = ChargingPreferences::new(ProfileType::Green);
        let answer = sender.charging_preferences("S0", &green).await.unwrap();
        assert_eq!(answer, ChargingPreferencesResponse::ProfileTypeNotSupported);
        let received = s.cpo.state.preferences.lock().unwrap().clone();
        assert_eq!(
            received,
            [
                ("S1".to_owned(), preferences.clone()),
                ("S0".to_owned(), green)
            ],
            "{version}"
        );
        let log = s.pair.take_log();
        let put = &log[log.len() - 2];
        assert_eq!(put.request.method(), Method::PUT);
        assert_eq!(
            put.request.uri().to_string(),
            format!("https://cpo.test/ocpi/{version}/sender/sessions/S1/charging_preferences")
        );
        // An EVSE without the capability (the handler's NotFound): HTTP 404 with OCPI 2001.
        let e = sender
            .charging_preferences("NOCAP", &preferences)
            .await
            .unwrap_err();
        assert_eq!(
            e.http_status(),
            Some(http::StatusCode::NOT_FOUND),
            "{version}"
        );
        assert_eq!(
            e.ocpi_status(),
            Some(StatusCode::INVALID_PARAMETERS),
            "{version}"
        );
    }
}

#[tokio::test]
async fn charging_preferences_do_not_exist_in_2_1_1() {
    let s = setup(OcpiVersion::V2_1_1, 2, 10).await;
    let client = s.pair.emsp_client();
    let e = client
        .sessions_sender()
        .unwrap()
        .charging_preferences("S1", &ChargingPreferences::new(ProfileType::Fast))
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("does not exist in OCPI 2.1.1"),
        "{e}"
    );
    let request = raw_request(
        Method::PUT,
        "https://cpo.test/ocpi/2.1.1/sender/sessions/S1/charging_preferences",
        &s.pair.emsp_token(),
        r#"{"profile_type":"FAST"}"#,
    );
    let r = s.pair.cpo.handle(request).await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
    assert!(s.cpo.state.preferences.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_cpo_pushes_patches_and_reads_back_in_every_version() {
    for version in OcpiVersion::ALL {
        let s = setup(version, 0, 10).await;
        let client = s.pair.cpo_client().with_bridge(bridge());
        let receiver = client.sessions_receiver().unwrap();
        let sent = session(7);
        receiver.put_session(&sent).await.unwrap();
        let stored = s.emsp.stored("S7");
        if version == OcpiVersion::V2_1_1 {
            // What 2.1.1 carries crosses; the token comes back from the lookup.
            assert_eq!(stored.cdr_token, token());
            assert_eq!(
                (stored.id.as_str(), stored.connector_id.as_str()),
                ("S7", "1")
            );
            assert_eq!(
                stored.charging_periods,
                sent.charging_periods.clone().map(|p| {
                    p.into_iter()
                        .map(|mut p| {
                            p.tariff_id = None;
                            p
                        })
                        .collect()
                })
            );
            assert_eq!(stored.status, SessionStatus::Completed);
        } else {
            assert_eq!(stored, sent, "{version}");
        }
        let back = receiver.session(&cpo_party(), "S7").await.unwrap();
        assert_eq!(back.id, sent.id, "{version}");
        assert_eq!(back.cdr_token, token(), "{version}");

        // A PATCH: total_cost and kwh change; in 2.2.1 and 2.3.0 its charging period is added.
        let text = common::fixture("2.3.0", "session_patch_example_charging_period.json");
        let patch: SessionPatch = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
        receiver
            .patch_session(&cpo_party(), "S7", &patch)
            .await
            .unwrap();
        let patched = s.emsp.stored("S7");
        assert_eq!(patched.kwh, Number::parse("15.00").unwrap(), "{version}");
        let before = stored.charging_periods.as_ref().map_or(0, Vec::len);
        let after = patched.charging_periods.as_ref().map_or(0, Vec::len);
        let expected = if version == OcpiVersion::V2_1_1 { 0 } else { 1 };
        assert_eq!(after - before, expected, "{version}: periods are appended");
        let calls = s.emsp.calls.lock().unwrap().clone();
        assert_eq!(
            calls,
            [
                format!("put_session NL*CPO S7 from Some({:?})", cpo_party()),
                "session NL*CPO S7".to_owned(),
                "patch_session NL*CPO S7".to_owned(),
            ],
            "{version}"
        );
    }
}

#[tokio::test]
async fn a_2_1_1_session_needs_the_applications_lookups() {
    // The official 2.1.1 example (no auth_method) is accepted with the bridge's fallbacks.
    let example = common::fixture(
        "2.1.1",
        "mod_sessions__simple_session_example_of_a_just_starting_session.json",
    );
    let s = setup(OcpiVersion::V2_1_1, 0, 10).await;
    let url = "https://emsp.test/ocpi/2.1.1/receiver/sessions/NL/CPO/101";
    let put = |t| raw_request(Method::PUT, url, &t, &example);
    let r = s.pair.emsp.handle(put(s.pair.cpo_token())).await;
    assert_eq!(statuses(&r), OK);
    let stored = s.emsp.stored("101");
    assert_eq!(stored.cdr_token, token());
    assert_eq!(stored.auth_method.as_str(), "AUTH_REQUEST");
    assert_eq!(
        (stored.country_code, stored.party_id),
        (cpo_party().country_code, cpo_party().party_id)
    );

    // Without a token lookup the auth_id cannot become a CdrToken: 2001, nothing stored.
    let mut bare = Bridge::default();
    bare.session_auth_method = bridge().session_auth_method;
    let s = setup_with(OcpiVersion::V2_1_1, 0, 10, bare).await;
    let r = s.pair.emsp.handle(put(s.pair.cpo_token())).await;
    assert_eq!(statuses(&r), INVALID);
    assert!(String::from_utf8_lossy(r.body()).contains("token lookup"));
    assert!(s.emsp.calls.lock().unwrap().is_empty());

    // Without an auth_method fallback the example is refused: 2001.
    let mut no_method = bridge();
    no_method.session_auth_method = None;
    let s = setup_with(OcpiVersion::V2_1_1, 0, 10, no_method).await;
    let r = s.pair.emsp.handle(put(s.pair.cpo_token())).await;
    assert_eq!(statuses(&r), INVALID);

    // Without a location lookup, a Session cannot be written for a 2.1.1 peer.
    let s = setup_with(OcpiVersion::V2_1_1, 0, 10, Bridge::default()).await;
    let client = s.pair.cpo_client();
    s.pair.take_log();
    let e = client
        .sessions_receiver()
        .unwrap()
        .put_session(&session(1))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("location lookup"), "{e}");
    assert!(s.pair.take_log().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_2_2_1_token_without_owner_gets_it_from_the_lookup() {
    // The official 2.2.1 example's cdr_token has no country_code/party_id (2.3.0 needs them).
    let example = common::fixture("2.2.1", "session_example_1_simple_start.json")
        .replace("\"STK\"", "\"CPO\"")
        .replace("NL-TST-C12345678-S", CONTRACT_ID);
    let url = "https://emsp.test/ocpi/2.2.1/receiver/sessions/NL/CPO/101";
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let r = s
        .pair
        .emsp
        .handle(raw_request(Method::PUT, url, &s.pair.cpo_token(), &example))
        .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(s.emsp.stored("101").cdr_token.party_id, token().party_id);

    let s = setup_with(OcpiVersion::V2_2_1, 0, 10, Bridge::default()).await;
    let r = s
        .pair
        .emsp
        .handle(raw_request(Method::PUT, url, &s.pair.cpo_token(), &example))
        .await;
    assert_eq!(statuses(&r), INVALID);
    assert!(String::from_utf8_lossy(r.body()).contains("cdr_token"));
    assert!(s.emsp.calls.lock().unwrap().is_empty());
}

const SENDER: &str = "https://cpo.test/ocpi/2.2.1/sender/sessions";
const RECEIVER: &str = "https://emsp.test/ocpi/2.2.1/receiver/sessions";

fn session_body(cc: &str, pid: &str, id: &str) -> String {
    let mut s = session(1);
    s.country_code = cc.parse().unwrap();
    s.party_id = pid.parse().unwrap();
    s.id = CiString::new(id).unwrap();
    let bridge = bridge();
    let edge = Edge {
        version: OcpiVersion::V2_2_1,
        party: None,
        bridge: &bridge,
    };
    String::from_utf8(s.write(&edge).unwrap()).unwrap()
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let token = s.pair.cpo_token();
    let send = |method: Method, path: &str, body: String| {
        let request = raw_request(method, &format!("{RECEIVER}{path}"), &token, &body);
        s.pair.emsp.handle(request)
    };

    // A valid PUT passes: the control for the cases below.
    let r = send(Method::PUT, "/NL/CPO/S1", session_body("NL", "CPO", "S1")).await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(s.emsp.calls.lock().unwrap().len(), 1);

    // The URL's party must be one of the caller's: 404, for every method.
    for method in [Method::GET, Method::PUT, Method::PATCH] {
        let r = send(method, "/DE/XYZ/S1", session_body("DE", "XYZ", "S1")).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
    }

    // The body's country_code, party_id and id must be the URL's: 2001.
    for body in [
        session_body("NL", "CPO", "S2"),
        session_body("NL", "CPX", "S1"),
        session_body("BE", "CPO", "S1"),
    ] {
        let r = send(Method::PUT, "/NL/CPO/S1", body).await;
        assert_eq!(statuses(&r), INVALID);
    }

    // A PATCH must carry last_updated: 2001; its ids, when given, must be the URL's: 2001.
    let r = send(Method::PATCH, "/NL/CPO/S1", r#"{"kwh":3}"#.into()).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PATCH,
        "/NL/CPO/S1",
        r#"{"id":"S9","kwh":3,"last_updated":"2024-03-01T00:00:00Z"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PATCH,
        "/NL/CPO/S1",
        r#"{"party_id":"XXX","kwh":3,"last_updated":"2024-03-01T00:00:00Z"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PATCH,
        "/NL/CPO/S1",
        r#"{"kwh":3,"last_updated":"2024-03-01T00:00:00Z"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(s.emsp.stored("S1").kwh, Number::parse("3").unwrap());

    // No URL segments below the Session (no PATCH of inner objects), none missing: 404.
    for path in ["/NL/CPO/S1/charging_periods", "/NL/CPO", ""] {
        let r = send(
            Method::PATCH,
            path,
            r#"{"last_updated":"2024-03-01T00:00:00Z"}"#.into(),
        )
        .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }

    // POST and DELETE are not methods of the Receiver interface: 405.
    for method in [Method::POST, Method::DELETE] {
        let r = send(method, "/NL/CPO/S1", String::new()).await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED);
    }

    // Not JSON: 400; JSON that is not a Session: 2001.
    let r = send(Method::PUT, "/NL/CPO/S1", "{\"id\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::PUT, "/NL/CPO/S1", "{\"id\":5}".into()).await;
    assert_eq!(statuses(&r), INVALID);

    // A Session the receiver does not hold: 404.
    let r = send(Method::GET, "/NL/CPO/S404", String::new()).await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);

    // Only the control PUT, the PATCH and the GETs reached the handler.
    let calls = s.emsp.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 3, "{calls:?}");
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let s = setup(OcpiVersion::V2_2_1, 3, 10).await;
    let token = s.pair.emsp_token();
    let send = |method: Method, path: &str, body: &str| {
        let request = raw_request(method, &format!("{SENDER}{path}"), &token, body);
        s.pair.cpo.handle(request)
    };

    // The list needs date_from ("Required: yes"): 2001 without it.
    let r = send(Method::GET, "", "").await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(Method::GET, "?date_from=2024-01-01T00:00:00Z", "").await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(r.headers()["x-total-count"], "3");
    assert_eq!(s.cpo.state.queries.lock().unwrap().len(), 1);

    // The list answers GET only; charging preferences PUT only: 405.
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method, "?date_from=2024-01-01T00:00:00Z", "{}").await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED);
    }
    for method in [Method::GET, Method::POST, Method::PATCH, Method::DELETE] {
        let r = send(
            method,
            "/S1/charging_preferences",
            r#"{"profile_type":"FAST"}"#,
        )
        .await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED);
    }

    // The Sender has no GET of one Session, nor other sub-paths: 404.
    for path in ["/S1", "/S1/preferences", "/S1/charging_preferences/x"] {
        let r = send(Method::GET, path, "").await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }

    // Charging preferences: not JSON 400, not ChargingPreferences 2001, unknown session
    // (the handler's NotFound) 404 with 2001.
    let r = send(Method::PUT, "/S1/charging_preferences", "{").await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(
        Method::PUT,
        "/S1/charging_preferences",
        r#"{"profile_type":5}"#,
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PUT,
        "/S9/charging_preferences",
        r#"{"profile_type":"FAST"}"#,
    )
    .await;
    assert_eq!(
        statuses(&r),
        (http::StatusCode::NOT_FOUND, StatusCode::INVALID_PARAMETERS)
    );
    assert!(s.cpo.state.preferences.lock().unwrap().is_empty());
    let r = send(
        Method::PUT,
        "/S1/charging_preferences",
        r#"{"profile_type":"FAST"}"#,
    )
    .await;
    assert_eq!(statuses(&r), OK);
    let body = String::from_utf8(r.into_body()).unwrap();
    assert!(body.contains("\"data\":\"ACCEPTED\""), "{body}");
}

#[tokio::test]
async fn the_versions_endpoint_lists_the_session_interfaces() {
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let peer = s.pair.emsp.platform().store().peers().pop().unwrap();
    let listed: Vec<(String, Option<String>)> = peer
        .endpoints
        .iter()
        .map(|e| (e.module.clone(), e.role.as_ref().map(|r| r.to_string())))
        .collect();
    assert!(listed.contains(&("sessions".to_owned(), Some("SENDER".to_owned()))));
    let peer = s.pair.cpo.platform().store().peers().pop().unwrap();
    let url = peer
        .endpoints
        .iter()
        .find(|e| e.module == "sessions")
        .map(|e| e.url.as_str().to_owned());
    assert_eq!(url.as_deref(), Some(RECEIVER));
}

/// The 2.1.1 Session PATCH example carries no `last_updated` (2.1.1 asks for none): read at
/// a 2.1.1 edge it is taken, stamped with the time it was received; one that gives its own
/// keeps it.
///
/// Spec: 2.1.1 mod_sessions.md §2.2.3 PATCH Method (example)
#[test]
fn the_2_1_1_session_patch_example_is_stamped_when_received() {
    let bridge = Bridge::default();
    let edge = Edge {
        version: OcpiVersion::V2_1_1,
        party: Some(cpo_party()),
        bridge: &bridge,
    };
    let before = DateTime::now();
    let patch = SessionPatch::read(br#"{"total_cost": 0.60}"#, &edge).unwrap();
    assert!(patch.last_updated.unwrap() >= before);
    assert_eq!(
        patch.total_cost.value().unwrap().before_taxes,
        Number::parse("0.60").unwrap()
    );
    let own = br#"{"total_cost": 0.60, "last_updated": "2015-06-29T22:01:13Z"}"#;
    let patch = SessionPatch::read(own, &edge).unwrap();
    assert_eq!(patch.last_updated, Some(dt("2015-06-29T22:01:13Z")));
}
