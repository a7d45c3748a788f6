//! Charging Profiles end to end: an SCSP asks a CPO's Receiver interface for a session's
//! ActiveChargingProfile, sets and clears its profile, and gets a ChargingProfileResponse at
//! once; the CPO POSTs each result later to the SCSP's `response_url` and PUTs changed
//! ActiveChargingProfiles; in 2.2.1 and 2.3.0 (the module does not exist in 2.1.1); and each
//! rule of both routes, broken.

use crate::network;

use std::sync::{Arc, Mutex};

use http::Method;
use network::{config, cpo_builder, emsp_builder, emsp_party, envelope, raw_request, Pair};
use ocpi_protocol::client::ClientError;
use ocpi_protocol::modules::charging_profiles::{
    ChargingProfilesReceiver, ChargingProfilesSender, ProfileResultKind,
};
use ocpi_protocol::modules::{Context, Interface, Module, ModuleError};
use ocpi_protocol::server::ServerBuilder;
use ocpi_protocol::transport::StatusCode;
use ocpi_protocol::types::{CiString, CredentialsToken, Url};
use ocpi_protocol::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
    ChargingProfileResponse, ChargingProfileResponseType, ChargingProfileResult,
    ChargingProfileResultType, ChargingRateUnit, ClearProfileResult, SetChargingProfile,
};
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::versions::OcpiVersion;

fn ci(s: &str) -> CiString<36> {
    CiString::new(s).unwrap()
}

fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

fn profile() -> ChargingProfile {
    let mut p = ChargingProfile::new(ChargingRateUnit::A);
    p.duration = Some(900);
    p.min_charging_rate = Some("6.0".parse().unwrap());
    p.charging_profile_period = Some(vec![
        ChargingProfilePeriod::new(0, "16.0".parse().unwrap()),
        ChargingProfilePeriod::new(600, "8.5".parse().unwrap()),
    ]);
    p
}

fn active() -> ActiveChargingProfile {
    ActiveChargingProfile::new("2024-05-01T10:00:00Z".parse().unwrap(), profile())
}

/// What the CPO's handler received.
#[derive(Debug, Clone, PartialEq)]
enum CpoGot {
    Active(CiString<36>, i64, Url),
    Set(CiString<36>, SetChargingProfile),
    Clear(CiString<36>, Url),
}

/// A CPO's Receiver: records each request; `UNKNOWN` is an unknown session.
#[derive(Clone, Default)]
struct CpoProfiles(Arc<Mutex<Vec<CpoGot>>>);

impl CpoProfiles {
    fn answer(&self, session: &CiString<36>, got: CpoGot) -> ChargingProfileResponse {
        if session.as_str() == "UNKNOWN" {
            return ChargingProfileResponse::new(ChargingProfileResponseType::UnknownSession, 0);
        }
        self.0.lock().unwrap().push(got);
        ChargingProfileResponse::new(ChargingProfileResponseType::Accepted, 30)
    }

    fn take(&self) -> Vec<CpoGot> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl ChargingProfilesReceiver for CpoProfiles {
    async fn active_profile(
        &self,
        _: &Context,
        session_id: CiString<36>,
        duration: i64,
        response_url: Url,
    ) -> Result<ChargingProfileResponse, ModuleError> {
        Ok(self.answer(
            &session_id,
            CpoGot::Active(session_id.clone(), duration, response_url),
        ))
    }

    async fn set_profile(
        &self,
        _: &Context,
        session_id: CiString<36>,
        profile: SetChargingProfile,
    ) -> Result<ChargingProfileResponse, ModuleError> {
        Ok(self.answer(&session_id, CpoGot::Set(session_id.clone(), profile)))
    }

    async fn clear_profile(
        &self,
        _: &Context,
        session_id: CiString<36>,
        response_url: Url,
    ) -> Result<ChargingProfileResponse, ModuleError> {
        Ok(self.answer(&session_id, CpoGot::Clear(session_id.clone(), response_url)))
    }
}

/// What the SCSP's handler received.
#[derive(Debug, Clone, PartialEq)]
enum ScspGot {
    ActiveResult(CiString<36>, ActiveChargingProfileResult),
    SetResult(CiString<36>, ChargingProfileResult),
    ClearResult(CiString<36>, ClearProfileResult),
    Update(CiString<36>, ActiveChargingProfile),
}

#[derive(Clone, Default)]
struct ScspProfiles(Arc<Mutex<Vec<ScspGot>>>);

impl ScspProfiles {
    fn record(&self, got: ScspGot) -> Result<(), ModuleError> {
        self.0.lock().unwrap().push(got);
        Ok(())
    }

    fn take(&self) -> Vec<ScspGot> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl ChargingProfilesSender for ScspProfiles {
    async fn active_profile_result(
        &self,
        _: &Context,
        uid: CiString<36>,
        result: ActiveChargingProfileResult,
    ) -> Result<(), ModuleError> {
        self.record(ScspGot::ActiveResult(uid, result))
    }

    async fn profile_result(
        &self,
        _: &Context,
        uid: CiString<36>,
        result: ChargingProfileResult,
    ) -> Result<(), ModuleError> {
        self.record(ScspGot::SetResult(uid, result))
    }

    async fn clear_profile_result(
        &self,
        _: &Context,
        uid: CiString<36>,
        result: ClearProfileResult,
    ) -> Result<(), ModuleError> {
        self.record(ScspGot::ClearResult(uid, result))
    }

    async fn put_active_profile(
        &self,
        _: &Context,
        session_id: CiString<36>,
        profile: ActiveChargingProfile,
    ) -> Result<(), ModuleError> {
        self.record(ScspGot::Update(session_id, profile))
    }
}

/// A CPO and an SCSP (at `emsp.test`, the eMSP's party) registered in `version`.
async fn pair(version: OcpiVersion, cpo: &CpoProfiles, scsp: &ScspProfiles) -> Pair {
    let mut scsp_config = config("emsp.test", Role::Scsp, emsp_party());
    scsp_config.versions = vec![version];
    Pair::connect(
        cpo_builder().charging_profiles_receiver(cpo.clone()),
        ServerBuilder::new(scsp_config)
            .only_mounted()
            .charging_profiles_sender(scsp.clone()),
    )
    .await
}

fn scsp_base() -> Url {
    url("https://emsp.test/ocpi")
}

fn scsp_token(pair: &Pair) -> CredentialsToken {
    let peer = pair.emsp.platform().store().peers().pop().unwrap();
    peer.credentials.token().clone()
}

#[tokio::test]
async fn requests_results_and_updates_cross_in_2_2_1_and_2_3_0() {
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_3_0] {
        let (cpo, scsp) = (CpoProfiles::default(), ScspProfiles::default());
        let pair = pair(version, &cpo, &scsp).await;
        let client = pair.emsp_client();
        let receiver = client.charging_profiles_receiver().unwrap();
        let uid = ci("REQ-1");
        let response_url =
            |kind: ProfileResultKind| kind.response_url(&scsp_base(), version, &uid).unwrap();
        let accepted = ChargingProfileResponse::new(ChargingProfileResponseType::Accepted, 30);
        pair.take_log();

        // The three requests, each answered at once.
        let active_url = response_url(ProfileResultKind::ActiveProfile);
        assert_eq!(
            active_url.as_str(),
            format!("https://emsp.test/ocpi/{version}/sender/chargingprofiles/activechargingprofile/REQ-1")
        );
        let r = receiver
            .active_profile("SESSION-1", 900, &active_url)
            .await
            .unwrap();
        assert_eq!(r, accepted, "{version}");
        let set = SetChargingProfile::new(profile(), response_url(ProfileResultKind::SetProfile));
        let r = receiver.set_profile("SESSION-1", &set).await.unwrap();
        assert_eq!(r, accepted);
        let clear_url = response_url(ProfileResultKind::ClearProfile);
        let r = receiver
            .clear_profile("SESSION-1", &clear_url)
            .await
            .unwrap();
        assert_eq!(r, accepted);
        assert_eq!(
            cpo.take(),
            [
                CpoGot::Active(ci("SESSION-1"), 900, active_url.clone()),
                CpoGot::Set(ci("SESSION-1"), set.clone()),
                CpoGot::Clear(ci("SESSION-1"), clear_url.clone()),
            ],
            "{version}"
        );
        let log = pair.take_log();
        let requests: Vec<(String, String)> = log
            .iter()
            .map(|e| (e.request.method().to_string(), e.request.uri().to_string()))
            .collect();
        let base = format!("https://cpo.test/ocpi/{version}/receiver/chargingprofiles/SESSION-1");
        let encoded = |u: &Url| u.as_str().replace(':', "%3A").replace('/', "%2F");
        assert_eq!(
            requests,
            [
                (
                    "GET".to_owned(),
                    format!("{base}?duration=900&response_url={}", encoded(&active_url))
                ),
                ("PUT".to_owned(), base.clone()),
                (
                    "DELETE".to_owned(),
                    format!("{base}?response_url={}", encoded(&clear_url))
                ),
            ]
        );

        // The results, later, on the response URLs; answered without data.
        let cpo_client = pair.cpo_client();
        let sender = cpo_client.charging_profiles_sender();
        let mut active_result =
            ActiveChargingProfileResult::new(ChargingProfileResultType::Accepted);
        active_result.profile = Some(active());
        sender
            .post_active_profile_result(&active_url, &active_result)
            .await
            .unwrap();
        let set_result = ChargingProfileResult::new(ChargingProfileResultType::Rejected);
        sender
            .post_profile_result(&set.response_url, &set_result)
            .await
            .unwrap();
        let clear_result = ClearProfileResult::new(ChargingProfileResultType::Unknown);
        sender
            .post_clear_profile_result(&clear_url, &clear_result)
            .await
            .unwrap();
        // The CPO's update of the session's ActiveChargingProfile.
        sender
            .put_active_profile("SESSION-1", &active())
            .await
            .unwrap();
        assert_eq!(
            scsp.take(),
            [
                ScspGot::ActiveResult(uid.clone(), active_result),
                ScspGot::SetResult(uid.clone(), set_result),
                ScspGot::ClearResult(uid.clone(), clear_result),
                ScspGot::Update(ci("SESSION-1"), active()),
            ],
            "{version}"
        );
        let log = pair.take_log();
        assert_eq!(
            log[3].request.uri().to_string(),
            format!("https://emsp.test/ocpi/{version}/sender/chargingprofiles/SESSION-1")
        );
        for exchange in &log {
            assert_eq!(envelope(&exchange.response), (StatusCode::SUCCESS, None));
        }

        // A handler's answer other than ACCEPTED reaches the client as it is.
        let r = receiver.clear_profile("UNKNOWN", &clear_url).await.unwrap();
        assert_eq!(r.result, ChargingProfileResponseType::UnknownSession);
    }
}

#[tokio::test]
async fn the_module_does_not_exist_in_2_1_1() {
    let (cpo, scsp) = (CpoProfiles::default(), ScspProfiles::default());
    // An eMSP in 2.1.1 (2.1.1 credentials have no SCSP role).
    let pair = Pair::connect(
        cpo_builder().charging_profiles_receiver(cpo.clone()),
        emsp_builder(OcpiVersion::V2_1_1)
            .beyond_typical()
            .charging_profiles_sender(scsp.clone()),
    )
    .await;
    let client = pair.emsp_client();
    assert!(matches!(
        client.charging_profiles_receiver(),
        Err(ClientError::NoEndpoint {
            module: Module::ChargingProfiles,
            iface: Interface::Receiver
        })
    ));
    let r = pair
        .cpo
        .handle(raw_request(
            Method::GET,
            "https://cpo.test/ocpi/2.1.1/receiver/chargingprofiles/S1?duration=60&response_url=https://emsp.test/x",
            &scsp_token(&pair),
            "",
        ))
        .await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
    let cpo_client = pair.cpo_client();
    let error = cpo_client
        .charging_profiles_sender()
        .put_active_profile("S1", &active())
        .await
        .unwrap_err();
    assert!(matches!(error, ClientError::NoEndpoint { .. }), "{error}");
    let details = pair.cpo.platform().store().peers().pop().unwrap();
    assert!(details
        .endpoints
        .iter()
        .all(|e| e.module != "chargingprofiles"));
    assert!(cpo.take().is_empty() && scsp.take().is_empty());
}

const RECEIVER: &str = "https://cpo.test/ocpi/2.2.1/receiver/chargingprofiles";

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let (cpo, scsp) = (CpoProfiles::default(), ScspProfiles::default());
    let pair = pair(OcpiVersion::V2_2_1, &cpo, &scsp).await;
    let bearer = scsp_token(&pair);
    let send = |method: Method, url: String, body: String| {
        pair.cpo.handle(raw_request(method, &url, &bearer, &body))
    };

    // The spec's own example, with the response URL unencoded in the query: accepted.
    let r = send(
        Method::GET,
        format!("{RECEIVER}/1234?duration=900&response_url=https://www.msp.com/ocpi/2.2.1/chargingprofile/response?request_id=5678"),
        String::new(),
    )
    .await;
    let (status, data) = envelope(&r);
    assert_eq!(status, StatusCode::SUCCESS);
    assert_eq!(
        data.unwrap(),
        serde_json::json!({"result": "ACCEPTED", "timeout": 30})
    );
    assert_eq!(
        cpo.take(),
        [CpoGot::Active(
            ci("1234"),
            900,
            url("https://www.msp.com/ocpi/2.2.1/chargingprofile/response?request_id=5678")
        )]
    );

    // duration and response_url are required, a number of seconds and a URL: 2001.
    for query in [
        "response_url=https://emsp.test/r",
        "duration=900",
        "duration=ninety&response_url=https://emsp.test/r",
        "duration=-5&response_url=https://emsp.test/r",
        "duration=900&response_url=not-a-url",
    ] {
        let r = send(
            Method::GET,
            format!("{RECEIVER}/1234?{query}"),
            String::new(),
        )
        .await;
        assert_eq!(
            (r.status(), envelope(&r).0),
            (http::StatusCode::OK, StatusCode::INVALID_PARAMETERS),
            "{query}"
        );
    }
    let r = send(Method::DELETE, format!("{RECEIVER}/1234"), String::new()).await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    let r = send(
        Method::DELETE,
        format!("{RECEIVER}/1234?response_url=https%3A%2F%2Femsp.test%2Fr"),
        String::new(),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::SUCCESS);
    assert_eq!(
        cpo.take(),
        [CpoGot::Clear(ci("1234"), url("https://emsp.test/r"))]
    );

    // A session id over 36 characters: 2001.
    let r = send(
        Method::GET,
        format!(
            "{RECEIVER}/{}?duration=1&response_url=https://e.test/r",
            "s".repeat(37)
        ),
        String::new(),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);

    // A PUT body must be a SetChargingProfile: 2001; JSON at all: 400.
    let r = send(
        Method::PUT,
        format!("{RECEIVER}/1234"),
        r#"{"charging_profile":{"charging_rate_unit":"A"}}"#.into(),
    )
    .await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    let r = send(Method::PUT, format!("{RECEIVER}/1234"), "[".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    assert!(cpo.take().is_empty());

    // GET, PUT, DELETE only: 405. Other paths: 404.
    for method in [Method::POST, Method::PATCH] {
        let r = send(method.clone(), format!("{RECEIVER}/1234"), "{}".into()).await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    for path in ["", "/1234/extra"] {
        let r = send(
            Method::GET,
            format!("{RECEIVER}{path}?duration=1&response_url=https://e.test/r"),
            String::new(),
        )
        .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let (cpo, scsp) = (CpoProfiles::default(), ScspProfiles::default());
    let pair = pair(OcpiVersion::V2_3_0, &cpo, &scsp).await;
    let bearer = pair.cpo_token();
    let base = "https://emsp.test/ocpi/2.3.0/sender/chargingprofiles";
    let send = |method: Method, url: String, body: &str| {
        pair.emsp.handle(raw_request(method, &url, &bearer, body))
    };
    let result = r#"{"result":"ACCEPTED"}"#;

    // The control: a result on each kind of response URL, answered without data.
    for kind in ProfileResultKind::ALL {
        let r = send(Method::POST, format!("{base}/{kind}/R1"), result).await;
        assert_eq!(envelope(&r), (StatusCode::SUCCESS, None), "{kind}");
    }
    assert_eq!(scsp.take().len(), 3);

    // A result without its result: 2001. Not JSON: 400.
    let r = send(Method::POST, format!("{base}/chargingprofile/R1"), "{}").await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    let r = send(Method::POST, format!("{base}/chargingprofile/R1"), "{").await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    // An update that is not an ActiveChargingProfile: 2001.
    let r = send(Method::PUT, format!("{base}/S1"), result).await;
    assert_eq!(envelope(&r).0, StatusCode::INVALID_PARAMETERS);
    assert!(scsp.take().is_empty());

    // A response URL of a kind this party never makes, or a uid it could not have made: 404.
    for path in [
        "otherprofile/R1".to_owned(),
        format!("clearprofile/{}", "u".repeat(37)),
        "chargingprofile/R1/x".to_owned(),
        String::new(),
    ] {
        let r = send(Method::POST, format!("{base}/{path}"), result).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }
    // Results are POSTed, updates PUT: anything else 405.
    for (method, path) in [
        (Method::GET, "chargingprofile/R1"),
        (Method::PUT, "chargingprofile/R1"),
        (Method::POST, "S1"),
        (Method::GET, "S1"),
        (Method::DELETE, "S1"),
    ] {
        let r = send(method.clone(), format!("{base}/{path}"), result).await;
        assert_eq!(
            r.status(),
            http::StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
    assert!(scsp.take().is_empty());
    assert!(cpo.take().is_empty());
}

#[tokio::test]
async fn the_versions_endpoint_lists_both_interfaces() {
    let (cpo, scsp) = (CpoProfiles::default(), ScspProfiles::default());
    let pair = pair(OcpiVersion::V2_3_0, &cpo, &scsp).await;
    let listed = |peer: ocpi_protocol::credentials::Peer| -> Vec<(String, Option<String>)> {
        peer.endpoints
            .iter()
            .filter(|e| e.module == "chargingprofiles")
            .map(|e| {
                (
                    e.url.as_str().to_owned(),
                    e.role.as_ref().map(|r| r.to_string()),
                )
            })
            .collect()
    };
    assert_eq!(
        listed(pair.emsp.platform().store().peers().pop().unwrap()),
        [(
            "https://cpo.test/ocpi/2.3.0/receiver/chargingprofiles".to_owned(),
            Some("RECEIVER".to_owned())
        )]
    );
    assert_eq!(
        listed(pair.cpo.platform().store().peers().pop().unwrap()),
        [(
            "https://emsp.test/ocpi/2.3.0/sender/chargingprofiles".to_owned(),
            Some("SENDER".to_owned())
        )]
    );
}
