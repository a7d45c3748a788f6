//! Tokens end to end: an eMSP's Sender interface (the list, real-time authorization) called by
//! a CPO, and a CPO's Receiver interface pushed to by an eMSP, through the server dispatcher and
//! the typed client, in every version; the answer to an unknown Token in each version; and the
//! rules of the routes, each with a request that breaks it.

use crate::common;
use crate::network;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use http::Method;
use network::{
    assert_pages, cpo_builder, emsp_builder, emsp_party, raw_request, statuses, Pair, INVALID,
    NOT_ALLOWED, NOT_FOUND, OK,
};
use ocpi_protocol::client::ClientError;
use ocpi_protocol::modules::tokens::{TokensReceiver, TokensSender};
use ocpi_protocol::modules::{Bridge, Context, ListPage, ListQuery, ModuleError, WireError};
use ocpi_protocol::transport::{PartyRef, StatusCode};
use ocpi_protocol::types::{CiString, CredentialsToken, PatchField};
use ocpi_protocol::v2_3_0::tokens::{
    AllowedType, AuthorizationInfo, LocationReferences, Token, TokenPatch, TokenType,
};
use ocpi_protocol::versions::OcpiVersion;

fn parse<T: serde::de::DeserializeOwned + ocpi_protocol::types::Conformance>(text: &str) -> T {
    ocpi_protocol::json::parse(text.as_bytes()).unwrap().value
}

/// Token `i` of the eMSP: even ones from the official "Full RFID example", odd ones from the
/// "Simple APP_USER example", owned by the eMSP of the network, with `uid` and `last_updated`
/// varied.
fn token(i: usize) -> Token {
    let name = if i % 2 == 0 {
        "token_example_2_full_rfid.json"
    } else {
        "token_example_1_app_user.json"
    };
    let mut t: Token = parse(&common::fixture("2.3.0", name));
    t.country_code = emsp_party().country_code;
    t.party_id = emsp_party().party_id;
    t.uid = CiString::new(&format!("UID{i}")).unwrap();
    t.last_updated = format!("2024-01-{:02}T10:00:00Z", i + 1).parse().unwrap();
    t
}

/// What a 2.1.1 peer gives back of a Token: no `group_id`, `default_profile_type` or
/// `energy_contract` (added in 2.2).
fn through_2_1_1(mut t: Token) -> Token {
    t.group_id = None;
    t.default_profile_type = None;
    t.energy_contract = None;
    t
}

/// What a peer of `version` gives back of a Token. 2.1.1 also has no `APP_USER` type: such a
/// token crosses as `OTHER` (2.1.1 mod_tokens.md §TokenType enum).
fn as_version(version: OcpiVersion, t: Token) -> Token {
    if version == OcpiVersion::V2_1_1 {
        let mut t = through_2_1_1(t);
        if t.r#type == TokenType::AppUser {
            t.r#type = TokenType::Other;
        }
        t
    } else {
        t
    }
}

fn location() -> LocationReferences {
    let mut l = LocationReferences::new(CiString::new("LOC1").unwrap());
    l.evse_uids = Some(vec![CiString::new("EVSE1").unwrap()]);
    l
}

/// An eMSP's Tokens, in memory; records each authorization.
#[derive(Clone)]
struct EmspTokens {
    tokens: Vec<Token>,
    calls: Arc<Mutex<Vec<String>>>,
}

impl EmspTokens {
    fn new(count: usize) -> Self {
        EmspTokens {
            tokens: (0..count).map(token).collect(),
            calls: Arc::default(),
        }
    }

    fn calls(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

impl TokensSender for EmspTokens {
    async fn list(&self, _: &Context, query: ListQuery) -> Result<ListPage<Token>, ModuleError> {
        Ok(ListPage::from_all(&self.tokens, &query, |t| {
            &t.last_updated
        }))
    }

    async fn authorize(
        &self,
        _: &Context,
        uid: CiString<36>,
        token_type: TokenType,
        location: Option<LocationReferences>,
    ) -> Result<AuthorizationInfo, ModuleError> {
        self.calls.lock().unwrap().push(format!(
            "authorize {uid} {token_type} at {:?}",
            location.as_ref().map(|l| l.location_id.as_str())
        ));
        match uid.as_str() {
            "SAYS-2004" => {
                return Err(ModuleError::status(
                    StatusCode::UNKNOWN_TOKEN,
                    "no such token",
                ))
            }
            "NEEDS-LOCATION" if location.is_none() => {
                return Err(ModuleError::status(
                    StatusCode::NOT_ENOUGH_INFORMATION,
                    "which location?",
                ))
            }
            _ => {}
        }
        let token = self
            .tokens
            .iter()
            .find(|t| t.uid == uid && t.r#type == token_type)
            .ok_or_else(|| ModuleError::not_found(&uid))?;
        let mut info = AuthorizationInfo::new(AllowedType::Allowed, token.clone());
        info.location = location;
        info.authorization_reference = Some(CiString::new("AUTH1").unwrap());
        Ok(info)
    }
}

type Key = (PartyRef, String, String);

/// A CPO's copy of the eMSPs' Tokens, in memory; records each call.
#[derive(Default, Clone)]
struct CpoTokens {
    stored: Arc<Mutex<BTreeMap<Key, Token>>>,
    calls: Arc<Mutex<Vec<String>>>,
}

impl CpoTokens {
    fn record(&self, what: String) {
        self.calls.lock().unwrap().push(what);
    }

    fn calls(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }

    fn stored(&self, party: PartyRef, uid: &str, token_type: &str) -> Option<Token> {
        let key = (party, uid.to_owned(), token_type.to_owned());
        self.stored.lock().unwrap().get(&key).cloned()
    }
}

fn key(party: PartyRef, uid: &CiString<36>, token_type: &TokenType) -> Key {
    (party, uid.as_str().to_owned(), token_type.to_string())
}

impl TokensReceiver for CpoTokens {
    async fn token(
        &self,
        _: &Context,
        party: PartyRef,
        uid: CiString<36>,
        token_type: Option<TokenType>,
    ) -> Result<Token, ModuleError> {
        let named = token_type
            .as_ref()
            .map_or("(any type)".to_owned(), |t| t.to_string());
        self.record(format!("token {party} {uid} {named}"));
        let stored = self.stored.lock().unwrap();
        match token_type {
            Some(token_type) => stored.get(&key(party, &uid, &token_type)).cloned(),
            // 2.1.1: the uid alone names the Token.
            None => stored
                .iter()
                .find(|((p, u, _), _)| *p == party && u == uid.as_str())
                .map(|(_, t)| t.clone()),
        }
        .ok_or_else(|| ModuleError::not_found(uid))
    }

    async fn put_token(
        &self,
        ctx: &Context,
        party: PartyRef,
        uid: CiString<36>,
        token_type: TokenType,
        token: Token,
    ) -> Result<(), ModuleError> {
        self.record(format!(
            "put_token {party} {uid} {token_type} {}",
            ctx.version
        ));
        let mut stored = self.stored.lock().unwrap();
        stored.insert(key(party, &uid, &token_type), token);
        Ok(())
    }

    async fn patch_token(
        &self,
        _: &Context,
        party: PartyRef,
        uid: CiString<36>,
        token_type: Option<TokenType>,
        patch: TokenPatch,
    ) -> Result<(), ModuleError> {
        let named = token_type
            .as_ref()
            .map_or("(any type)".to_owned(), |t| t.to_string());
        self.record(format!(
            "patch_token {party} {uid} {named} last_updated={:?}",
            patch.last_updated.map(|d| d.to_string())
        ));
        let mut stored = self.stored.lock().unwrap();
        let token = match token_type {
            Some(token_type) => stored.get_mut(&key(party, &uid, &token_type)),
            // 2.1.1: the uid alone names the Token.
            None => stored
                .iter_mut()
                .find(|((p, u, _), _)| *p == party && u == uid.as_str())
                .map(|(_, t)| t),
        }
        .ok_or_else(|| ModuleError::not_found(&uid))?;
        patch.apply_to(token);
        Ok(())
    }
}

async fn pair_with(version: OcpiVersion, emsp: EmspTokens, cpo: CpoTokens, page: u64) -> Pair {
    let cpo = cpo_builder().tokens_receiver(cpo);
    let emsp = emsp_builder(version)
        .tokens_sender(emsp)
        .with_max_limit(page);
    Pair::connect(cpo, emsp).await
}

/// The body of a 2.1.1 example extracted from the Markdown (`PUT To URL: …`, a blank line,
/// the JSON).
fn example_body(name: &str) -> String {
    let text = common::fixture("2.1.1", name);
    text.split_once("\n\n").unwrap().1.to_owned()
}

/// A bridge whose token lookup finds the eMSP's Tokens (a CPO's cache of them).
fn bridge_with_tokens(count: usize) -> Bridge {
    let tokens: Vec<Token> = (0..count).map(token).collect();
    Bridge::default().with_token_lookup(move |uid, token_type| {
        tokens
            .iter()
            .find(|t| t.uid == *uid && t.r#type == *token_type)
            .cloned()
    })
}

#[tokio::test]
async fn the_cpo_pulls_every_page_in_every_version() {
    for version in OcpiVersion::ALL {
        let pair = pair_with(version, EmspTokens::new(5), CpoTokens::default(), 2).await;
        let client = pair.cpo_client();
        assert_eq!(client.peer().version, version);
        pair.take_log();
        let listed = network::list_all!(client.tokens_sender());
        assert!(listed.errors.is_empty(), "{version}: {:?}", listed.errors);
        let expected: Vec<Token> = (0..5).map(|i| as_version(version, token(i))).collect();
        assert_eq!(listed.items, expected, "{version}");
        let log = pair.take_log();
        assert_pages(&log, version, 3, "5");
        assert_eq!(
            log[0].request.uri().path(),
            format!("/ocpi/{version}/sender/tokens")
        );
        let body = std::str::from_utf8(log[0].response.body()).unwrap();
        assert_eq!(
            body.contains("\"auth_id\""),
            version == OcpiVersion::V2_1_1,
            "{version}: 2.1.1 names the contract auth_id"
        );
    }
}

#[tokio::test]
async fn the_cpo_authorizes_in_real_time_in_every_version() {
    for version in OcpiVersion::ALL {
        let emsp = EmspTokens::new(4);
        let pair = pair_with(version, emsp.clone(), CpoTokens::default(), 10).await;
        let client = pair.cpo_client().with_bridge(bridge_with_tokens(4));
        let sender = client.tokens_sender().unwrap();
        pair.take_log();

        // A 2.1.1 Tokens URL has no `type` parameter and 2.1.1 no APP_USER type: refused before
        // anything is sent (it used to send `?type=APP_USER`, which 2.1.1 does not define).
        if version == OcpiVersion::V2_1_1 {
            let e = sender
                .authorize("UID1", &TokenType::AppUser, Some(&location()))
                .await
                .unwrap_err();
            assert!(matches!(e, ClientError::NotInVersion { .. }), "{e:?}");
            assert!(pair.take_log().is_empty());
            assert!(emsp.calls().is_empty());
        } else {
            // An APP_USER token at a location: `?type=APP_USER`, the LocationReferences as body.
            let info = sender
                .authorize("UID1", &TokenType::AppUser, Some(&location()))
                .await
                .unwrap();
            assert_eq!(
                emsp.calls(),
                ["authorize UID1 APP_USER at Some(\"LOC1\")"],
                "{version}"
            );
            assert_eq!(info.allowed, AllowedType::Allowed, "{version}");
            assert_eq!(info.token, token(1), "{version}: the complete Token");
            assert_eq!(info.location, Some(location()), "{version}");
            assert_eq!(
                info.authorization_reference.as_ref().map(|r| r.as_str()),
                (version != OcpiVersion::V2_1_1).then_some("AUTH1"),
                "{version}: 2.1.1 has no authorization references"
            );
            let log = pair.take_log();
            assert_eq!(log[0].request.method(), Method::POST);
            assert_eq!(
                log[0].request.uri().path(),
                format!("/ocpi/{version}/sender/tokens/UID1/authorize")
            );
            assert_eq!(log[0].request.uri().query(), Some("type=APP_USER"));
        }

        // An RFID token without a location: no `type`, no body.
        let info = sender
            .authorize("UID0", &TokenType::Rfid, None)
            .await
            .unwrap();
        assert_eq!(emsp.calls(), ["authorize UID0 RFID at None"], "{version}");
        assert_eq!(info.token, token(0), "{version}");
        assert_eq!(info.location, None, "{version}");
        let log = pair.take_log();
        assert_eq!(log[0].request.uri().query(), None);
        assert!(log[0].request.body().is_empty());
    }
}

#[tokio::test]
async fn a_2_1_1_answer_needs_the_token_of_the_lookup() {
    let emsp = EmspTokens::new(2);
    let pair = pair_with(OcpiVersion::V2_1_1, emsp.clone(), CpoTokens::default(), 10).await;
    // The eMSP answered (ALLOWED), but a 2.1.1 AuthorizationInfo names no token.
    let client = pair.cpo_client();
    let e = client
        .tokens_sender()
        .unwrap()
        .authorize("UID0", &TokenType::Rfid, None)
        .await
        .unwrap_err();
    match &e {
        ClientError::Wire(WireError::Convert(c)) => assert_eq!(c.path, "token"),
        other => panic!("{other:?}"),
    }
    assert_eq!(emsp.calls(), ["authorize UID0 RFID at None"]);
    // A lookup that does not know the token: the same.
    let client = pair.cpo_client().with_bridge(bridge_with_tokens(0));
    let e = client
        .tokens_sender()
        .unwrap()
        .authorize("UID0", &TokenType::Rfid, None)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ClientError::Wire(WireError::Convert(_))),
        "{e:?}"
    );
}

#[tokio::test]
async fn an_unknown_token_is_answered_as_each_version_requires() {
    for version in OcpiVersion::ALL {
        let pair = pair_with(version, EmspTokens::new(2), CpoTokens::default(), 10).await;
        let client = pair.cpo_client().with_bridge(bridge_with_tokens(2));
        let sender = client.tokens_sender().unwrap();
        let expected = if version == OcpiVersion::V2_1_1 {
            StatusCode::CLIENT_ERROR
        } else {
            StatusCode::UNKNOWN_TOKEN
        };
        // Unknown by uid, unknown by type (UID0 is an RFID), and a handler that says 2004.
        for (uid, token_type) in [
            ("NOPE", TokenType::Rfid),
            ("UID0", TokenType::AppUser),
            ("SAYS-2004", TokenType::Rfid),
        ] {
            pair.take_log();
            let e = sender.authorize(uid, &token_type, None).await.unwrap_err();
            if version == OcpiVersion::V2_1_1 && token_type == TokenType::AppUser {
                // 2.1.1 cannot name the type: refused before anything is sent.
                assert!(matches!(e, ClientError::NotInVersion { .. }), "{e:?}");
                assert!(pair.take_log().is_empty());
                continue;
            }
            assert_eq!(
                e.http_status(),
                Some(http::StatusCode::NOT_FOUND),
                "{version} {uid}"
            );
            assert_eq!(e.ocpi_status(), Some(expected), "{version} {uid}");
            let log = pair.take_log();
            let body: serde_json::Value = serde_json::from_slice(log[0].response.body()).unwrap();
            assert!(
                body.get("data").is_none(),
                "{version}: no data field: {body}"
            );
        }
    }
}

#[tokio::test]
async fn too_little_information_is_2002() {
    for version in [OcpiVersion::V2_1_1, OcpiVersion::V2_2_1] {
        let pair = pair_with(version, EmspTokens::new(0), CpoTokens::default(), 10).await;
        let client = pair.cpo_client();
        let e = client
            .tokens_sender()
            .unwrap()
            .authorize("NEEDS-LOCATION", &TokenType::Rfid, None)
            .await
            .unwrap_err();
        assert_eq!(e.http_status(), None, "{version}: HTTP 200");
        assert_eq!(
            e.ocpi_status(),
            Some(StatusCode::NOT_ENOUGH_INFORMATION),
            "{version}"
        );
    }
}

#[tokio::test]
async fn the_emsp_puts_gets_and_patches_in_every_version() {
    for version in OcpiVersion::ALL {
        let cpo = CpoTokens::default();
        let pair = pair_with(version, EmspTokens::new(0), cpo.clone(), 10).await;
        let client = pair.emsp_client();
        let receiver = client.tokens_receiver().unwrap();
        for i in [0, 1] {
            let t = token(i);
            let token_type = t.r#type.clone();
            pair.take_log();
            if version == OcpiVersion::V2_1_1 && token_type == TokenType::AppUser {
                // A 2.1.1 Tokens URL cannot name the APP_USER type (2.1.1 has no such type and
                // no `type` parameter): refused before anything is sent (it used to send
                // `?type=APP_USER`).
                let e = receiver.put_token(&t).await.unwrap_err();
                assert!(matches!(e, ClientError::NotInVersion { .. }), "{e:?}");
                assert!(pair.take_log().is_empty());
                continue;
            }
            receiver.put_token(&t).await.unwrap();
            let log = pair.take_log();
            assert_eq!(
                log[0].request.uri().query(),
                (i == 1).then_some("type=APP_USER"),
                "{version}"
            );
            let uid = t.uid.as_str();
            let expected = as_version(version, t.clone());
            assert_eq!(
                cpo.stored(emsp_party(), uid, token_type.as_str()).as_ref(),
                Some(&expected),
                "{version}"
            );
            let back = receiver
                .token(&emsp_party(), uid, &token_type)
                .await
                .unwrap();
            assert_eq!(back, expected, "{version}");

            let mut patch = TokenPatch::default();
            patch.valid = Some(false);
            patch.language = PatchField::Value("nl".parse().unwrap());
            patch.last_updated = Some("2024-03-01T00:00:00Z".parse().unwrap());
            receiver
                .patch_token(&emsp_party(), uid, &token_type, &patch)
                .await
                .unwrap();
            let patched = cpo.stored(emsp_party(), uid, token_type.as_str()).unwrap();
            assert!(!patched.valid, "{version}");
            assert_eq!(patched.language.as_ref().map(|l| l.as_str()), Some("nl"));
            assert_eq!(patched.last_updated.to_string(), "2024-03-01T00:00:00Z");
            assert_eq!(
                cpo.calls(),
                [
                    format!("put_token NL*MSP {uid} {token_type} {version}"),
                    if version == OcpiVersion::V2_1_1 {
                        format!("token NL*MSP {uid} (any type)")
                    } else {
                        format!("token NL*MSP {uid} {token_type}")
                    },
                    format!(
                        "patch_token NL*MSP {uid} {} last_updated=Some(\"2024-03-01T00:00:00Z\")",
                        if version == OcpiVersion::V2_1_1 {
                            "(any type)".to_owned()
                        } else {
                            token_type.to_string()
                        }
                    ),
                ],
                "{version}"
            );
        }
        let missing = receiver
            .token(&emsp_party(), "NOPE", &TokenType::Rfid)
            .await
            .unwrap_err();
        assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
    }
}

const RECEIVER: &str = "https://cpo.test/ocpi/2.2.1/receiver/tokens";

fn body(cc: &str, pid: &str, uid: &str, token_type: TokenType) -> String {
    let mut t = token(0);
    t.country_code = cc.parse().unwrap();
    t.party_id = pid.parse().unwrap();
    t.uid = CiString::new(uid).unwrap();
    t.r#type = token_type;
    serde_json::to_string(&t).unwrap()
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let cpo = CpoTokens::default();
    let pair = pair_with(OcpiVersion::V2_2_1, EmspTokens::new(0), cpo.clone(), 10).await;
    let token = pair.emsp_token();
    let send = |method: Method, url: String, body: String| {
        let request = raw_request(method, &url, &token, &body);
        pair.cpo.handle(request)
    };
    let url = format!("{RECEIVER}/NL/MSP/U1");
    let rfid = || body("NL", "MSP", "U1", TokenType::Rfid);

    // A valid PUT passes: the control for the cases below.
    let r = send(Method::PUT, url.clone(), rfid()).await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(cpo.calls(), ["put_token NL*MSP U1 RFID 2.2.1"]);

    // The URL's party must be one of the caller's: 404.
    let r = send(
        Method::PUT,
        format!("{RECEIVER}/DE/XYZ/U1"),
        body("DE", "XYZ", "U1", TokenType::Rfid),
    )
    .await;
    assert_eq!(statuses(&r), NOT_FOUND);
    let r = send(Method::GET, format!("{RECEIVER}/DE/XYZ/U1"), String::new()).await;
    assert_eq!(statuses(&r), NOT_FOUND);

    // The body's country_code, party_id, uid and type must be the URL's: 2001.
    for (url, wrong) in [
        (url.clone(), body("NL", "MSP", "U2", TokenType::Rfid)),
        (url.clone(), body("NL", "MSX", "U1", TokenType::Rfid)),
        (url.clone(), body("DE", "MSP", "U1", TokenType::Rfid)),
        // No `type` in the URL means RFID.
        (url.clone(), body("NL", "MSP", "U1", TokenType::AppUser)),
        (format!("{url}?type=APP_USER"), rfid()),
    ] {
        let r = send(Method::PUT, url, wrong).await;
        assert_eq!(statuses(&r), INVALID);
    }
    // With the type in the URL, an APP_USER token passes.
    let r = send(
        Method::PUT,
        format!("{url}?type=APP_USER"),
        body("NL", "MSP", "U1", TokenType::AppUser),
    )
    .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(cpo.calls(), ["put_token NL*MSP U1 APP_USER 2.2.1"]);
    // A `type` that is not a token type (known values are upper case): 2001.
    let r = send(Method::GET, format!("{url}?type=rfid"), String::new()).await;
    assert_eq!(statuses(&r), INVALID);

    // A PATCH must carry last_updated (2001), and its ids must be the URL's (2001).
    for patch in [
        r#"{"valid":false}"#,
        r#"{"uid":"U2","valid":false,"last_updated":"2024-03-01T00:00:00Z"}"#,
        r#"{"party_id":"MSX","valid":false,"last_updated":"2024-03-01T00:00:00Z"}"#,
        r#"{"type":"APP_USER","valid":false,"last_updated":"2024-03-01T00:00:00Z"}"#,
    ] {
        let r = send(Method::PATCH, url.clone(), patch.into()).await;
        assert_eq!(statuses(&r), INVALID, "{patch}");
    }

    // Invalid JSON: 400; valid JSON that is not a Token: 2001.
    let r = send(Method::PUT, url.clone(), "{\"uid\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::PUT, url.clone(), "{\"uid\":5}".into()).await;
    assert_eq!(statuses(&r), INVALID);

    // POST and DELETE are n/a ("Tokens cannot be removed"): 405.
    for method in [Method::POST, Method::DELETE] {
        let r = send(method.clone(), url.clone(), rfid()).await;
        assert_eq!(statuses(&r), NOT_ALLOWED, "{method}");
    }
    // Unknown paths: 404.
    for path in ["", "/NL/MSP", "/NL/MSP/U1/authorize"] {
        let r = send(Method::GET, format!("{RECEIVER}{path}"), String::new()).await;
        assert_eq!(statuses(&r), NOT_FOUND, "{path}");
    }
    // None of the refused requests reached the handler.
    assert!(cpo.calls().is_empty());

    // With last_updated, the PATCH passes.
    let r = send(
        Method::PATCH,
        url.clone(),
        r#"{"valid":false,"last_updated":"2024-03-01T00:00:00Z"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r), OK);
}

#[tokio::test]
async fn a_2_1_1_receiver_takes_the_official_examples() {
    let cpo = CpoTokens::default();
    let pair = pair_with(OcpiVersion::V2_1_1, EmspTokens::new(0), cpo.clone(), 10).await;
    let token = pair.emsp_token();
    let url = "https://cpo.test/ocpi/2.1.1/receiver/tokens/NL/MSP/012345678";
    let r = pair
        .cpo
        .handle(raw_request(
            Method::PUT,
            url,
            &token,
            &example_body("mod_tokens__example_put_a_new_token.json"),
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    let stored = cpo.stored(emsp_party(), "012345678", "RFID").unwrap();
    assert_eq!(
        PartyRef::new(stored.country_code, stored.party_id),
        emsp_party()
    );
    assert_eq!(stored.contract_id.as_str(), "DE8ACC12E46L89");

    // "invalidate a Token": no last_updated, which 2.1.1 does not require.
    let r = pair
        .cpo
        .handle(raw_request(
            Method::PATCH,
            url,
            &token,
            &example_body("mod_tokens__example_invalidate_a_token.json"),
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    assert!(!cpo.stored(emsp_party(), "012345678", "RFID").unwrap().valid);

    // A 2.1.1 Receiver URL has no type: a pushed Token's own type is taken.
    let other = example_body("mod_tokens__example_put_a_new_token.json")
        .replace("\"RFID\"", "\"OTHER\"")
        .replace("012345678", "X1");
    let r = pair
        .cpo
        .handle(raw_request(
            Method::PUT,
            "https://cpo.test/ocpi/2.1.1/receiver/tokens/NL/MSP/X1",
            &token,
            &other,
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(
        cpo.calls(),
        [
            "put_token NL*MSP 012345678 RFID 2.1.1",
            "patch_token NL*MSP 012345678 (any type) last_updated=None",
            "put_token NL*MSP X1 OTHER 2.1.1",
        ]
    );
}

/// The URL of the eMSP's Token X1 at a 2.1.1 CPO.
const X1_AT_2_1_1: &str = "https://cpo.test/ocpi/2.1.1/receiver/tokens/NL/MSP/X1";

/// A 2.1.1 pair whose CPO received the eMSP's Token X1 of type `OTHER` (a PUT of the official
/// example, retyped): the pair, the CPO's handler and the eMSP's token to call the CPO with.
async fn a_2_1_1_cpo_holding_other_token_x1() -> (Pair, CpoTokens, CredentialsToken) {
    let cpo = CpoTokens::default();
    let pair = pair_with(OcpiVersion::V2_1_1, EmspTokens::new(0), cpo.clone(), 10).await;
    let token = pair.emsp_token();
    let other = example_body("mod_tokens__example_put_a_new_token.json")
        .replace("\"RFID\"", "\"OTHER\"")
        .replace("012345678", "X1");
    let r = pair
        .cpo
        .handle(raw_request(Method::PUT, X1_AT_2_1_1, &token, &other))
        .await;
    assert_eq!(statuses(&r), OK);
    (pair, cpo, token)
}

/// 2.1.1 names a Token by uid alone (its GET has no `type` parameter): a GET without `type`
/// finds the Token of any type, here `OTHER`, where it used to look for an `RFID` one only.
#[tokio::test]
async fn a_2_1_1_get_names_the_token_by_uid_alone() {
    let (pair, cpo, token) = a_2_1_1_cpo_holding_other_token_x1().await;
    let url = X1_AT_2_1_1;
    let r = pair
        .cpo
        .handle(raw_request(Method::GET, url, &token, ""))
        .await;
    assert_eq!(statuses(&r), OK);
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(body["data"]["uid"], "X1");
    assert_eq!(body["data"]["type"], "OTHER");
    // And through the client, which sends no `type` to a 2.1.1 peer.
    let back = pair
        .emsp_client()
        .tokens_receiver()
        .unwrap()
        .token(&emsp_party(), "X1", &TokenType::Other)
        .await
        .unwrap();
    assert_eq!(back.r#type, TokenType::Other);
    assert_eq!(
        cpo.calls()[1..],
        [
            "token NL*MSP X1 (any type)".to_owned(),
            "token NL*MSP X1 (any type)".to_owned()
        ]
    );
}

/// A 2.1.1 PATCH names the Token by uid alone too: one of type OTHER is found and changed,
/// with no RFID assumed.
#[tokio::test]
async fn a_2_1_1_patch_names_the_token_by_uid_alone() {
    let (pair, cpo, token) = a_2_1_1_cpo_holding_other_token_x1().await;
    let url = X1_AT_2_1_1;
    let r = pair
        .cpo
        .handle(raw_request(
            Method::PATCH,
            url,
            &token,
            r#"{"valid": false}"#,
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(
        cpo.calls()[1..],
        ["patch_token NL*MSP X1 (any type) last_updated=None".to_owned()]
    );
    let r = pair
        .cpo
        .handle(raw_request(Method::GET, url, &token, ""))
        .await;
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(
        (&body["data"]["type"], &body["data"]["valid"]),
        (&"OTHER".into(), &false.into())
    );
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let emsp = EmspTokens::new(2);
    let pair = pair_with(OcpiVersion::V2_2_1, emsp.clone(), CpoTokens::default(), 10).await;
    let token = pair.cpo_token();
    let sender = "https://emsp.test/ocpi/2.2.1/sender/tokens";
    let send = |method: Method, url: String, body: &str| {
        let request = raw_request(method, &url, &token, body);
        pair.emsp.handle(request)
    };
    let authorize = format!("{sender}/UID0/authorize");

    // The controls: the list, and an authorization with and without a body.
    let r = send(Method::GET, sender.to_owned(), "").await;
    assert_eq!(statuses(&r), OK);
    let r = send(Method::POST, authorize.clone(), "").await;
    assert_eq!(statuses(&r), OK);
    let r = send(Method::POST, authorize.clone(), r#"{"location_id":"LOC9"}"#).await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(
        emsp.calls(),
        [
            "authorize UID0 RFID at None",
            "authorize UID0 RFID at Some(\"LOC9\")"
        ]
    );

    // Other methods on the list and on /authorize: 405.
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), sender.to_owned(), "").await;
        assert_eq!(statuses(&r), NOT_ALLOWED, "{method}");
    }
    for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), authorize.clone(), "").await;
        assert_eq!(statuses(&r), NOT_ALLOWED, "{method}");
    }
    // Other paths: 404.
    for path in [
        "/UID0",
        "/UID0/other",
        "/UID0/authorize/more",
        "/NL/MSP/UID0",
    ] {
        let r = send(Method::POST, format!("{sender}{path}"), "").await;
        assert_eq!(statuses(&r), NOT_FOUND, "{path}");
    }
    // A body that is not JSON: 400; not a LocationReferences: 2001; a bad type: 2001.
    let r = send(Method::POST, authorize.clone(), "{\"location_id\":").await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::POST, authorize.clone(), r#"{"evse_uids":["E1"]}"#).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(Method::POST, format!("{authorize}?type=rfid"), "").await;
    assert_eq!(statuses(&r), INVALID);
    // None of the refused requests reached the handler.
    assert!(emsp.calls().is_empty());
}
