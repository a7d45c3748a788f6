//! A partner-like network: this platform (an eMSP) registered, through the real credentials
//! handshake, with a CPO that behaves the way real partners' platforms do: endpoint URLs that
//! end with `/` and answer 307 without it, one object sent as a one-element array, date-times
//! without zero padding, the `Authorization` header in the other encoding than the version's,
//! and (in 2.1.1) a Tokens receiver that knows no type but `RFID` and `OTHER`.
//!
//! With the partner's [`Interop`] profile every module's flows pass, and each deviation is
//! reported as a [`Tolerated`] warning; without it, each deviation is refused with the typed
//! error the spec's rules give.

#[path = "common/charging.rs"]
mod charging;
mod common;
#[path = "common/network.rs"]
mod network;

use std::sync::{Arc, Mutex};

use base64::Engine;
use http::header::{AUTHORIZATION, LOCATION};
use http::Method;
use network::{cpo_config, cpo_party, emsp_config, emsp_party, raw_request, statuses, Pair};
use ocpi_protocol::client::{Client, ClientError, ListFilter};
use ocpi_protocol::interop::{Interop, Tolerance, Tolerated};
use ocpi_protocol::memory::{Memory, ProfileResult, Request};
use ocpi_protocol::modules::charging_profiles::ProfileResultKind;
use ocpi_protocol::modules::commands::CommandRequest;
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::modules::{Bridge, WireError};
use ocpi_protocol::server::UnknownHost;
use ocpi_protocol::server::{Loopback, ServerBuilder};
use ocpi_protocol::transport::{AuthorizationMode, StatusCode, Transport};
use ocpi_protocol::types::{CiString, DateTime};
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::charging_profiles::{
    ChargingProfileResponseType, ChargingProfileResult, ChargingProfileResultType,
    SetChargingProfile,
};
use ocpi_protocol::v2_3_0::commands::{CommandResult, CommandResultType, StartSession};
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::v2_3_0::tariffs::{Tariff, TaxIncluded};
use ocpi_protocol::v2_3_0::tokens::{Token, TokenType};
use ocpi_protocol::versions::OcpiVersion;

// ---- the partner's deviations, on the HTTP messages ----

/// How the partner deviates from the spec.
#[derive(Debug, Clone, Copy, Default)]
struct Quirks {
    /// Its server answers 307 to a URL whose path does not end with `/`.
    slash_or_redirect: bool,
    /// One object (an answer's `data`, a request's body) sent as a one-element array.
    wrap_single: bool,
    /// Date-times without zero padding (in an answer's `data`, in a request's body).
    unpad_dates: bool,
    /// Its `Authorization` header in the other encoding than its version's.
    other_authorization: bool,
    /// Its 2.1.1 Tokens receiver refuses any type but `RFID` and `OTHER` (2001).
    strict_token_type: bool,
}

impl Quirks {
    fn all() -> Self {
        Quirks {
            slash_or_redirect: true,
            wrap_single: true,
            unpad_dates: true,
            other_authorization: true,
            strict_token_type: true,
        }
    }
}

/// The network as one side of the partner sees it: `Answers` wraps the calls this platform
/// makes to the partner (the partner's server deviates), `Calls` the calls the partner makes
/// to this platform (the partner's client deviates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Answers,
    Calls,
}

/// A transport over the loopback network with the partner's deviations.
#[derive(Clone)]
struct Partner {
    net: Loopback,
    quirks: Quirks,
    side: Side,
}

impl Transport for Partner {
    type Error = UnknownHost;

    fn send(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> impl std::future::Future<Output = Result<http::Response<Vec<u8>>, UnknownHost>> + Send
    {
        let (net, quirks, side) = (self.net.clone(), self.quirks, self.side);
        async move {
            let path = request.uri().path().to_owned();
            if side == Side::Answers {
                if quirks.slash_or_redirect && !path.ends_with('/') {
                    let mut moved = http::Response::new(Vec::new());
                    *moved.status_mut() = http::StatusCode::TEMPORARY_REDIRECT;
                    let location = format!("{path}/");
                    moved
                        .headers_mut()
                        .insert(LOCATION, location.parse().unwrap());
                    return Ok(moved);
                }
                if quirks.strict_token_type && path.contains("/2.1.1/") && path.contains("/tokens/")
                {
                    let body: serde_json::Value =
                        serde_json::from_slice(request.body()).unwrap_or_default();
                    let known = ["RFID", "OTHER"];
                    if let Some(t) = body.get("type").and_then(|t| t.as_str()) {
                        if !known.contains(&t) {
                            return Ok(envelope_2001(&format!("unknown token type {t}")));
                        }
                    }
                }
            } else {
                if quirks.wrap_single {
                    wrap_body(&mut request);
                }
                if quirks.unpad_dates {
                    *request.body_mut() = unpad(request.body());
                }
                if quirks.other_authorization {
                    flip_authorization(&mut request);
                }
            }
            let mut response = net.send(request).await?;
            if side == Side::Calls && quirks.strict_token_type && path.contains("/2.1.1/") {
                // The partner reads Tokens of the types it knows only.
                if let Some(t) = unknown_token_type(response.body()) {
                    return Ok(envelope_2001(&format!("unknown token type {t}")));
                }
            }
            if side == Side::Answers && response.status().is_success() {
                edit_data(&mut response, |data| {
                    let mut data = if quirks.unpad_dates {
                        unpad(data)
                    } else {
                        data.to_vec()
                    };
                    if quirks.wrap_single && data.first() == Some(&b'{') {
                        data.insert(0, b'[');
                        data.push(b']');
                    }
                    data
                });
            }
            Ok(response)
        }
    }
}

/// The body of a request as a one-element array.
fn wrap_body(request: &mut http::Request<Vec<u8>>) {
    if request.body().first() == Some(&b'{') {
        let body = request.body_mut();
        body.insert(0, b'[');
        body.push(b']');
    }
}

/// The `Authorization` header in the other encoding: the token as is where it is Base64, in
/// Base64 where it is as is.
fn flip_authorization(request: &mut http::Request<Vec<u8>>) {
    let engine = base64::engine::general_purpose::STANDARD;
    let Some(value) = request.headers().get(AUTHORIZATION) else {
        return;
    };
    let text = value
        .to_str()
        .unwrap()
        .strip_prefix("Token ")
        .unwrap()
        .to_owned();
    let flipped = match engine
        .decode(&text)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    {
        Some(plain) if request.uri().path().contains("/2.2.1/") => plain,
        _ => engine.encode(&text),
    };
    request
        .headers_mut()
        .insert(AUTHORIZATION, format!("Token {flipped}").parse().unwrap());
}

/// A token type other than `RFID` and `OTHER` in the `data` of an answer (a Token, a list of
/// Tokens, an AuthorizationInfo's Token), if any.
fn unknown_token_type(body: &[u8]) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_slice(body).ok()?;
    let tokens: Vec<&serde_json::Value> = match &doc["data"] {
        serde_json::Value::Array(list) => list.iter().collect(),
        one => vec![one, &one["token"]],
    };
    tokens
        .into_iter()
        .filter_map(|t| t.get("type")?.as_str())
        .find(|t| !["RFID", "OTHER"].contains(t))
        .map(str::to_owned)
}

/// A 2001 answer.
fn envelope_2001(message: &str) -> http::Response<Vec<u8>> {
    let body = format!(
        r#"{{"status_code":2001,"status_message":"{message}","timestamp":"2024-01-01T00:00:00Z"}}"#
    );
    http::Response::new(body.into_bytes())
}

/// Replaces the `data` of an envelope, keeping every other byte.
fn edit_data(response: &mut http::Response<Vec<u8>>, change: impl FnOnce(&[u8]) -> Vec<u8>) {
    use serde_json::value::RawValue;
    let Ok(mut members) = serde_json::from_slice::<std::collections::BTreeMap<String, Box<RawValue>>>(
        response.body(),
    ) else {
        return;
    };
    let Some(data) = members.get("data") else {
        return;
    };
    let edited = change(data.get().as_bytes());
    let edited = RawValue::from_string(String::from_utf8(edited).unwrap()).unwrap();
    members.insert("data".to_owned(), edited);
    *response.body_mut() = serde_json::to_vec(&members).unwrap();
}

/// Every date-time `"YYYY-MM-DDThh:mm:ss…` with the leading zeros of its parts dropped
/// (`2024-01-05T07:03:00Z` → `2024-1-5T7:3:0Z`).
fn unpad(body: &[u8]) -> Vec<u8> {
    let shape = b"\"dddd-dd-ddTdd:dd:dd";
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let fits = body.len() - i >= shape.len()
            && shape.iter().zip(&body[i..]).all(|(s, b)| match s {
                b'd' => b.is_ascii_digit(),
                other => other == b,
            });
        if !fits {
            out.push(body[i]);
            i += 1;
            continue;
        }
        out.extend_from_slice(&body[i..i + 6]);
        for (start, separator) in [(6, b'-'), (9, b'T'), (12, b':'), (15, b':'), (18, 0)] {
            let part = &body[i + start..i + start + 2];
            if part[0] == b'0' {
                out.push(part[1]);
            } else {
                out.extend_from_slice(part);
            }
            if separator != 0 {
                out.push(separator);
            }
        }
        i += shape.len();
    }
    out
}

// ---- the network ----

/// The deviations reported to this platform.
#[derive(Clone, Default)]
struct Reports(Arc<Mutex<Vec<Tolerated>>>);

impl Reports {
    fn bridge(&self) -> Bridge {
        let sink = self.0.clone();
        charging::bridge().on_tolerated(move |t| sink.lock().unwrap().push(t.clone()))
    }

    fn take(&self) -> Vec<Tolerated> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    /// Whether a report of `kind` is among `reports`.
    fn has(reports: &[Tolerated], kind: fn(&Tolerance) -> bool) -> bool {
        reports.iter().any(|t| kind(&t.tolerance))
    }
}

/// This platform, the partner and what both hold.
struct Network {
    pair: Pair,
    /// The partner's data.
    cpo: Memory,
    /// This platform's data.
    emsp: Memory,
    pending: PendingCommands,
    reports: Reports,
    quirks: Quirks,
}

/// Every object (Sessions and CDRs need a `date_from`).
fn since_2000() -> ListFilter {
    ListFilter {
        date_from: Some(dt("2000-01-01T00:00:00Z")),
        ..ListFilter::default()
    }
}

fn dt(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn session() -> Session {
    let text = common::fixture("2.3.0", "session_example_2_short_finished.json");
    let mut s: Session = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    s.country_code = cpo_party().country_code;
    s.party_id = cpo_party().party_id;
    s.id = CiString::new("S1").unwrap();
    s.cdr_token = charging::token();
    s.last_updated = dt("2024-01-05T07:03:00Z");
    s
}

fn cdr() -> Cdr {
    let text = common::fixture("2.3.0", "cdr_example.json");
    let mut c: Cdr = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    c.country_code = cpo_party().country_code;
    c.party_id = cpo_party().party_id;
    c.id = CiString::new("CDR1").unwrap();
    c.cdr_token = charging::token();
    c.last_updated = dt("2024-01-05T07:03:00Z");
    for tariff in c.tariffs.iter_mut().flatten() {
        tariff.tax_included.get_or_insert(TaxIncluded::No);
    }
    c
}

fn tariff() -> Tariff {
    let text = common::fixture("2.3.0", "tariff_1_simple_2hour.json");
    let mut t: Tariff = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    t.country_code = cpo_party().country_code;
    t.party_id = cpo_party().party_id;
    t.id = CiString::new("T1").unwrap();
    t.last_updated = Some(dt("2024-01-05T07:03:00Z"));
    t
}

/// The eMSP's token, of `token_type`.
fn token(token_type: TokenType) -> Token {
    let text = common::fixture("2.3.0", "token_example_2_full_rfid.json");
    let mut t: Token = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    t.country_code = emsp_party().country_code;
    t.party_id = emsp_party().party_id;
    t.uid = CiString::new("012345678").unwrap();
    t.r#type = token_type;
    t.last_updated = dt("2024-01-05T07:03:00Z");
    t
}

impl Network {
    /// The partner (CPO) in `version` with `quirks`, and this platform (eMSP) granting it
    /// `profile`. The partner publishes its endpoints with `/` when it redirects without.
    async fn new(version: OcpiVersion, quirks: Quirks, profile: Interop) -> Network {
        let reports = Reports::default();
        let (cpo, emsp) = (Memory::new(), Memory::new());
        let pending = PendingCommands::new(&emsp_config().base_url).unwrap();
        let emsp = emsp.with_commands(pending.clone());
        let mut cpo_side = cpo_config();
        cpo_side.versions = vec![version];
        cpo_side.bridge = charging::bridge();
        let mut emsp_side = emsp_config();
        emsp_side.versions = vec![version];
        // Smart charging (from 2.2.1): this platform is the partner's SCSP too.
        if version != OcpiVersion::V2_1_1 {
            let mut scsp = emsp_side.roles[0].clone();
            scsp.role = ocpi_protocol::v2_3_0::credentials::Role::Scsp;
            emsp_side.roles.push(scsp);
        }
        emsp_side.bridge = reports.bridge();
        let mut cpo_builder = ServerBuilder::new(cpo_side)
            .locations_sender(cpo.clone())
            .sessions_sender(cpo.clone())
            .cdrs_sender(cpo.clone())
            .tariffs_sender(cpo.clone())
            .tokens_receiver(cpo.clone())
            .commands_receiver(cpo.clone());
        let mut emsp_builder = ServerBuilder::new(emsp_side)
            .tokens_sender(emsp.clone())
            .locations_receiver(emsp.clone())
            .sessions_receiver(emsp.clone())
            .cdrs_receiver(emsp.clone())
            .tariffs_receiver(emsp.clone())
            .commands_sender(pending.clone());
        if version != OcpiVersion::V2_1_1 {
            cpo_builder = cpo_builder.charging_profiles_receiver(cpo.clone());
            emsp_builder = emsp_builder.charging_profiles_sender(emsp.clone());
        }
        let (cpo_builder, emsp_builder) = (cpo_builder.only_mounted(), emsp_builder.only_mounted());
        // The partner's URLs end with `/`: it publishes them so to this platform.
        let published = Interop {
            trailing_slash_endpoints: quirks.slash_or_redirect,
            ..Interop::strict()
        };
        let pair = Pair::connect_with(cpo_builder, emsp_builder, published, profile).await;
        cpo.locations.put(charging::location());
        cpo.sessions.put(session());
        cpo.cdrs.put(cdr());
        cpo.tariffs.put(tariff());
        emsp.tokens.put(token(TokenType::Rfid));
        let mut app = token(TokenType::AppUser);
        app.uid = CiString::new("APP1").unwrap();
        emsp.tokens.put(app);
        Network {
            pair,
            cpo,
            emsp,
            pending,
            reports,
            quirks,
        }
    }

    /// This platform's client of the partner, through the partner's server.
    fn ours(&self) -> Client<Partner> {
        let peer = self.pair.emsp.platform().store().peers().pop().unwrap();
        let transport = Partner {
            net: self.pair.net.clone(),
            quirks: self.quirks,
            side: Side::Answers,
        };
        Client::new(transport, peer).with_bridge(self.reports.bridge())
    }

    /// The partner's client of this platform, deviating as the partner does.
    fn theirs(&self) -> Client<Partner> {
        let peer = self.pair.cpo.platform().store().peers().pop().unwrap();
        let transport = Partner {
            net: self.pair.net.clone(),
            quirks: self.quirks,
            side: Side::Calls,
        };
        // A 2.1.1 AuthorizationInfo lacks the Token: the partner knows it from its cache.
        let bridge = charging::bridge().with_token_lookup(|uid, token_type| {
            (uid.as_str() == "012345678").then(|| token(token_type.clone()))
        });
        Client::new(transport, peer).with_bridge(bridge)
    }

    /// Every module's flows, both ways; panics at the first that fails.
    async fn run_every_flow(&self) {
        let ours = self.ours();
        let theirs = self.theirs();
        let version = self.pair.emsp.platform().store().peers()[0].version;
        let all = since_2000();

        // Locations: the list and one object from the partner; a Location pushed by it.
        let listed = ours.locations_sender().unwrap().list(&all).await.unwrap();
        assert_eq!(listed.items.len(), 1, "{:?}", listed.errors);
        let one = ours
            .locations_sender()
            .unwrap()
            .location("LOC1")
            .await
            .unwrap();
        assert_eq!(one.id.as_str(), "LOC1");
        theirs
            .locations_receiver()
            .unwrap()
            .put_location(&charging::location())
            .await
            .unwrap();
        assert_eq!(self.emsp.locations.len(), 1);

        // Sessions: the list from the partner, a Session pushed by it.
        let listed = ours.sessions_sender().unwrap().list(&all).await.unwrap();
        assert_eq!(listed.items.len(), 1, "{:?}", listed.errors);
        assert_eq!(
            listed.items[0].start_date_time.to_string(),
            session().start_date_time.to_string()
        );
        theirs
            .sessions_receiver()
            .unwrap()
            .put_session(&session())
            .await
            .unwrap();
        assert_eq!(self.emsp.sessions.len(), 1);
        // Stored as the spec writes it, whatever the partner's form.
        assert_eq!(
            self.emsp.sessions.values()[0].start_date_time.to_string(),
            session().start_date_time.to_string()
        );

        // CDRs: the list from the partner, a CDR posted by it.
        let listed = ours.cdrs_sender().unwrap().list(&all).await.unwrap();
        assert_eq!(listed.items.len(), 1, "{:?}", listed.errors);
        theirs
            .cdrs_receiver()
            .unwrap()
            .post_cdr(&cdr())
            .await
            .unwrap();
        assert_eq!(self.emsp.cdrs.len(), 1);

        // Tariffs: the list from the partner, a Tariff pushed by it.
        let listed = ours.tariffs_sender().unwrap().list(&all).await.unwrap();
        assert_eq!(listed.items.len(), 1, "{:?}", listed.errors);
        theirs
            .tariffs_receiver()
            .unwrap()
            .put_tariff(&tariff())
            .await
            .unwrap();
        assert_eq!(self.emsp.tariffs.len(), 1);

        // Tokens: a Token pushed to the partner and read back (an APP_USER one crosses 2.1.1
        // as OTHER, the only types the partner knows there); a real-time authorization the
        // partner asks for.
        let receiver = ours.tokens_receiver().unwrap();
        let app_user = token(TokenType::AppUser);
        let sent = if version == OcpiVersion::V2_1_1 {
            receiver.put_token(&token(TokenType::Other)).await.unwrap();
            token(TokenType::Other)
        } else {
            receiver.put_token(&app_user).await.unwrap();
            app_user
        };
        let back = receiver
            .token(&emsp_party(), "012345678", &sent.r#type)
            .await
            .unwrap();
        assert_eq!(back.r#type, sent.r#type);
        // The partner pulls this platform's Tokens: to a 2.1.1 partner, APP_USER is OTHER.
        let listed = theirs.tokens_sender().unwrap().list(&all).await.unwrap();
        assert_eq!(listed.items.len(), 2, "{:?}", listed.errors);
        if version == OcpiVersion::V2_1_1 {
            // And it is never pushed as such: refused before anything is sent.
            let e = receiver
                .put_token(&token(TokenType::AppUser))
                .await
                .unwrap_err();
            assert!(matches!(e, ClientError::NotInVersion { .. }), "{e:?}");
        }
        let location =
            ocpi_protocol::v2_3_0::tokens::LocationReferences::new(CiString::new("LOC1").unwrap());
        let info = theirs
            .tokens_sender()
            .unwrap()
            .authorize("012345678", &TokenType::Rfid, Some(&location))
            .await
            .unwrap();
        assert_eq!(info.token.uid.as_str(), "012345678");

        // Commands: START_SESSION to the partner, its answer, and its result.
        let start = StartSession::new(
            ocpi_protocol::types::Url::new("https://emsp.test/ocpi/later").unwrap(),
            token(TokenType::Rfid),
            CiString::new("LOC1").unwrap(),
        );
        let (uid, answer) = ours
            .commands_receiver()
            .unwrap()
            .send_tracked(&self.pending, start)
            .await
            .unwrap();
        answer.unwrap();
        let response_url = self
            .cpo
            .inbox
            .take()
            .into_iter()
            .find_map(|r| match r.request {
                Request::Command(c @ CommandRequest::StartSession(_)) => {
                    Some(c.response_url().clone())
                }
                _ => None,
            })
            .unwrap();
        theirs
            .commands_sender()
            .post_result(
                &response_url,
                &CommandResult::new(CommandResultType::Accepted),
            )
            .await
            .unwrap();
        let record = self.pending.get(&uid).unwrap();
        assert_eq!(record.results().count(), 1);

        // Charging Profiles (from 2.2.1): a profile set on the partner's Session, its answer,
        // and the result it POSTs to the response_url.
        if version != OcpiVersion::V2_1_1 {
            let mut charging = session();
            charging.id = CiString::new("S2").unwrap();
            charging.status = ocpi_protocol::v2_3_0::sessions::SessionStatus::Active;
            self.cpo.sessions.put(charging.clone());
            let uid = CiString::new("profile-1").unwrap();
            let own_url = ProfileResultKind::SetProfile
                .response_url(&emsp_config().base_url, version, &uid)
                .unwrap();
            let profile: SetChargingProfile = serde_json::from_str(&format!(
                r#"{{"charging_profile":{{"charging_rate_unit":"A","charging_profile_period":[{{"start_period":0,"limit":16.0}}]}},"response_url":"{own_url}"}}"#
            ))
            .unwrap();
            let answer = ours
                .charging_profiles_receiver()
                .unwrap()
                .set_profile(charging.id.as_str(), &profile)
                .await
                .unwrap();
            assert_eq!(answer.result, ChargingProfileResponseType::Accepted);
            let held = self.cpo.charging_profiles.values();
            assert_eq!(held.len(), 1);
            assert_eq!(held[0].value.charging_profile, profile.charging_profile);
            let result = ChargingProfileResult::new(ChargingProfileResultType::Accepted);
            theirs
                .charging_profiles_sender()
                .post_profile_result(&held[0].value.response_url, &result)
                .await
                .unwrap();
            let results = self.emsp.profile_results.values();
            assert_eq!(results.len(), 1);
            assert_eq!(results[0].value, ProfileResult::Set(result));
        }
    }
}

/// A 2.2.1 partner with every deviation: with the profile, every module's flows pass, and
/// each deviation is reported.
#[tokio::test]
async fn every_flow_passes_against_a_partner_like_2_2_1_peer_with_the_profile() {
    let net = Network::new(OcpiVersion::V2_2_1, Quirks::all(), Interop::all()).await;
    net.run_every_flow().await;
    let reports = net.reports.take();
    assert!(
        reports.iter().all(|t| t.peer.as_str() == "cpo"),
        "{reports:?}"
    );
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::SingleObjectInArray
    )));
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::UnpaddedDateTime { .. }
    )));
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::OtherAuthorizationEncoding {
            received: AuthorizationMode::Plain,
            ..
        }
    )));
}

/// A 2.1.1 partner: the same, with its Tokens receiver that knows `RFID` and `OTHER` only
/// and its `Authorization` header in Base64.
#[tokio::test]
async fn every_flow_passes_against_a_partner_like_2_1_1_peer_with_the_profile() {
    let net = Network::new(OcpiVersion::V2_1_1, Quirks::all(), Interop::all()).await;
    net.run_every_flow().await;
    let reports = net.reports.take();
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::SingleObjectInArray
    )));
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::UnpaddedDateTime { .. }
    )));
    assert!(Reports::has(&reports, |t| matches!(
        t,
        Tolerance::OtherAuthorizationEncoding {
            received: AuthorizationMode::Base64,
            ..
        }
    )));
}

/// The reference run: a partner without deviations, a strict profile, and no report.
#[tokio::test]
async fn a_conforming_partner_passes_strictly_with_nothing_reported() {
    for version in [OcpiVersion::V2_1_1, OcpiVersion::V2_2_1] {
        let net = Network::new(version, Quirks::default(), Interop::strict()).await;
        net.run_every_flow().await;
        assert_eq!(net.reports.take(), [], "{version}");
    }
}

/// The partner's version details, served to this platform, publish every endpoint with `/`;
/// this platform's, served to the partner that needs them so, too (reported); both servers
/// answer both forms.
#[tokio::test]
async fn endpoint_urls_end_with_a_slash_both_ways_when_the_profile_says_so() {
    let net = Network::new(OcpiVersion::V2_2_1, Quirks::all(), Interop::all()).await;
    let theirs = net.pair.emsp.platform().store().peers().pop().unwrap();
    let ours = net.pair.cpo.platform().store().peers().pop().unwrap();
    for peer in [&theirs, &ours] {
        assert!(!peer.endpoints.is_empty());
        for e in &peer.endpoints {
            assert!(e.url.as_str().ends_with('/'), "{}", e.url);
        }
    }
    let reports = net.reports.take();
    assert!(
        Reports::has(&reports, |t| matches!(
            t,
            Tolerance::TrailingSlashEndpoints {
                version: OcpiVersion::V2_2_1
            }
        )),
        "{reports:?}"
    );
    // Without the profile, this platform publishes its URLs as configured.
    let strict = Network::new(OcpiVersion::V2_2_1, Quirks::all(), Interop::strict()).await;
    let ours = strict.pair.cpo.platform().store().peers().pop().unwrap();
    assert!(ours
        .endpoints
        .iter()
        .all(|e| !e.url.as_str().ends_with('/')));
    // This server answers an endpoint with and without the slash.
    let token = net.pair.cpo_token();
    for url in [
        "https://emsp.test/ocpi/2.2.1/receiver/locations/NL/CPO/LOC1",
        "https://emsp.test/ocpi/2.2.1/receiver/locations/NL/CPO/LOC1/",
    ] {
        net.emsp.locations.put(charging::location());
        let r = net
            .pair
            .emsp
            .handle(raw_request(Method::GET, url, &token, ""))
            .await;
        assert_eq!(statuses(&r), network::OK, "{url}");
    }
}

/// Without the profile, each deviation of the partner is refused with its typed error, and
/// nothing is stored.
#[tokio::test]
async fn without_the_profile_each_deviation_is_refused_with_its_typed_error() {
    let only = |quirks: Quirks| async move {
        let net = Network::new(OcpiVersion::V2_2_1, quirks, Interop::strict()).await;
        assert_eq!(net.reports.take(), []);
        net
    };
    // A URL without `/`: the partner's 307, kept in the error.
    let net = only(Quirks {
        slash_or_redirect: true,
        ..Quirks::default()
    })
    .await;
    let e = net
        .ours()
        .locations_sender()
        .unwrap()
        .location("LOC1")
        .await
        .unwrap_err();
    assert_eq!(
        e.http_status(),
        Some(http::StatusCode::TEMPORARY_REDIRECT),
        "{e:?}"
    );

    // One object as an array: an answer cannot be read; a pushed body is 2001.
    let net = only(Quirks {
        wrap_single: true,
        ..Quirks::default()
    })
    .await;
    let e = net
        .ours()
        .locations_sender()
        .unwrap()
        .location("LOC1")
        .await
        .unwrap_err();
    assert!(matches!(e, ClientError::Wire(WireError::Parse(_))), "{e:?}");
    let e = net
        .theirs()
        .sessions_receiver()
        .unwrap()
        .put_session(&session())
        .await
        .unwrap_err();
    assert_eq!(
        e.ocpi_status(),
        Some(StatusCode::INVALID_PARAMETERS),
        "{e:?}"
    );
    assert!(net.emsp.sessions.is_empty());

    // Unpadded date-times: the object of a page is an item error, a pushed body is 2001.
    let net = only(Quirks {
        unpad_dates: true,
        ..Quirks::default()
    })
    .await;
    let listed = net
        .ours()
        .sessions_sender()
        .unwrap()
        .list(&since_2000())
        .await
        .unwrap();
    assert_eq!((listed.items.len(), listed.errors.len()), (0, 1));
    let e = net
        .theirs()
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&cdr())
        .await
        .unwrap_err();
    assert_eq!(
        e.ocpi_status(),
        Some(StatusCode::INVALID_PARAMETERS),
        "{e:?}"
    );
    assert!(net.emsp.cdrs.is_empty());

    // The other Authorization encoding: 401.
    let net = only(Quirks {
        other_authorization: true,
        ..Quirks::default()
    })
    .await;
    let e = net
        .theirs()
        .tariffs_receiver()
        .unwrap()
        .put_tariff(&tariff())
        .await
        .unwrap_err();
    assert_eq!(
        e.http_status(),
        Some(http::StatusCode::UNAUTHORIZED),
        "{e:?}"
    );
    assert!(net.emsp.tariffs.is_empty());
}

/// Each tolerance is granted alone: a profile with another one does not let a deviation
/// through.
#[tokio::test]
async fn each_tolerance_lets_through_its_own_deviation_only() {
    let wrapped = Quirks {
        wrap_single: true,
        ..Quirks::default()
    };
    let dates_only = Interop {
        unpadded_date_times: true,
        ..Interop::strict()
    };
    let net = Network::new(OcpiVersion::V2_2_1, wrapped, dates_only).await;
    assert!(net
        .ours()
        .locations_sender()
        .unwrap()
        .location("LOC1")
        .await
        .is_err());
    let arrays_only = Interop {
        single_object_in_array: true,
        ..Interop::strict()
    };
    let net = Network::new(OcpiVersion::V2_2_1, wrapped, arrays_only).await;
    let one = net
        .ours()
        .locations_sender()
        .unwrap()
        .location("LOC1")
        .await
        .unwrap();
    assert_eq!(one.id.as_str(), "LOC1");
    let reports = net.reports.take();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].tolerance, Tolerance::SingleObjectInArray);
    assert_eq!(reports[0].path, ".");
    // An unpadded date-time is read padded, at its path.
    let net = Network::new(
        OcpiVersion::V2_2_1,
        Quirks {
            unpad_dates: true,
            ..Quirks::default()
        },
        dates_only,
    )
    .await;
    let listed = net
        .ours()
        .sessions_sender()
        .unwrap()
        .list(&since_2000())
        .await
        .unwrap();
    assert_eq!(
        listed.items[0].last_updated.to_string(),
        "2024-01-05T07:03:00Z"
    );
    let reports = net.reports.take();
    assert!(
        reports.contains(&Tolerated {
            peer: ocpi_protocol::credentials::PeerId::new("cpo"),
            path: "last_updated".to_owned(),
            tolerance: Tolerance::UnpaddedDateTime {
                received: "2024-1-5T7:3:0Z".to_owned(),
                normalised: "2024-01-05T07:03:00Z".to_owned(),
            },
        }),
        "{reports:?}"
    );
}

/// The other way round: this platform is the CPO, the partner an eMSP whose answer to a
/// real-time authorization comes as a one-element array with unpadded date-times. With the
/// profile it is read (and reported), without it refused.
#[tokio::test]
async fn a_partner_emsp_authorization_answer_is_read_with_the_profile_only() {
    for profile in [Interop::all(), Interop::strict()] {
        let reports = Reports::default();
        let mut cpo_side = cpo_config();
        cpo_side.versions = vec![OcpiVersion::V2_2_1];
        cpo_side.bridge = reports.bridge();
        let mut emsp_side = emsp_config();
        emsp_side.versions = vec![OcpiVersion::V2_2_1];
        let emsp = Memory::new();
        emsp.tokens.put(token(TokenType::Rfid));
        let pair = Pair::connect_with(
            ServerBuilder::new(cpo_side)
                .tokens_receiver(Memory::new())
                .only_mounted(),
            ServerBuilder::new(emsp_side)
                .tokens_sender(emsp.clone())
                .only_mounted(),
            profile,
            Interop::strict(),
        )
        .await;
        let peer = pair.cpo.platform().store().peers().pop().unwrap();
        let quirks = Quirks {
            wrap_single: true,
            unpad_dates: true,
            ..Quirks::default()
        };
        let transport = Partner {
            net: pair.net.clone(),
            quirks,
            side: Side::Answers,
        };
        let client = Client::new(transport, peer).with_bridge(reports.bridge());
        let answer = client
            .tokens_sender()
            .unwrap()
            .authorize("012345678", &TokenType::Rfid, None)
            .await;
        let reports = reports.take();
        if profile.is_strict() {
            assert!(
                matches!(answer, Err(ClientError::Wire(WireError::Parse(_)))),
                "{answer:?}"
            );
            assert_eq!(reports, []);
        } else {
            let info = answer.unwrap();
            assert_eq!(info.token.last_updated.to_string(), "2024-01-05T07:03:00Z");
            assert!(Reports::has(&reports, |t| *t == Tolerance::SingleObjectInArray));
            assert!(reports.iter().any(|t| t.path == "token.last_updated"
                && matches!(t.tolerance, Tolerance::UnpaddedDateTime { .. })));
        }
    }
}
