//! Payments end to end (2.3.0 only): a CPO calling a PTP's Sender interface (Terminals:
//! list, get, PUT, PATCH, activate, deactivate; Financial Advice Confirmations: list, get) and
//! a PTP calling a CPO's Receiver interface (Terminals and Financial Advice Confirmations: get,
//! POST), through the server dispatcher and the typed client, with the official examples; the
//! module's absence from 2.2.1 and 2.1.1; and the dispatcher's rules, each with a request that
//! breaks it.
//!
//! In each [`Pair`] here, `pair.emsp` is the PTP (`ptp.test`, NL*PTP; it registers at the
//! CPO) and `pair.cpo` the CPO.

use crate::common;
use crate::network;

use std::sync::{Arc, Mutex};

use http::Method;
use network::{config, cpo_builder, party, raw_request, statuses, Pair, INVALID, OK};
use ocpi_protocol::client::{ClientError, ListFilter};
use ocpi_protocol::modules::payments::{PaymentsReceiver, PaymentsSender};
use ocpi_protocol::modules::{
    Bridge, Context, Edge, ListPage, ListQuery, ModuleError, Wire, WireError,
};
use ocpi_protocol::server::ServerBuilder;
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{CiString, DateTime, Tolerant};
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::payments::{
    CaptureStatusCode, FinancialAdviceConfirmation, Terminal, TerminalPatch,
};
use ocpi_protocol::versions::OcpiVersion;
use serde::de::DeserializeOwned;

fn ptp_party() -> PartyRef {
    party("NL", "PTP")
}

/// An official 2.3.0 example.
fn example<T: DeserializeOwned + ocpi_protocol::types::Conformance>(name: &str) -> T {
    let text = common::fixture("2.3.0", name);
    ocpi_protocol::json::parse(text.as_bytes()).unwrap().value
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

/// The official Terminal example, with `terminal_id` `T{i}` and last updated on day `i + 1`
/// of January 2024.
fn terminal(i: usize) -> Terminal {
    let mut t: Terminal = example("payment_terminal_example_newly_created.json");
    t.terminal_id = Some(CiString::new(&format!("T{i}")).unwrap());
    t.last_updated = Some(dt(&format!("2024-01-{:02}T10:00:00Z", i + 1)));
    t
}

/// The official Financial Advice Confirmation example, with `id` `F{i}` and last updated on
/// day `i + 1` of January 2024.
fn confirmation(i: usize) -> FinancialAdviceConfirmation {
    let mut f: FinancialAdviceConfirmation =
        example("payment_financial_advice_confirmation_example_success.json");
    f.id = CiString::new(&format!("F{i}")).unwrap();
    f.last_updated = dt(&format!("2024-01-{:02}T10:00:00Z", i + 1));
    with_2_3_0_costs(f)
}

/// The official examples write `total_costs` as a 2.2.1 Price (`excl_vat`, `incl_vat`):
/// kept when read, with a warning, but not sent. The same costs as a 2.3.0 Price.
fn with_2_3_0_costs(mut f: FinancialAdviceConfirmation) -> FinancialAdviceConfirmation {
    let price = br#"{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.40}]}"#;
    f.total_costs = Tolerant::Valid(ocpi_protocol::json::parse_strict(price).unwrap());
    f
}

/// Every call a handler received: its name, its id (if any), who it was from, and its body
/// as JSON (if any).
type Calls = Arc<Mutex<Vec<(&'static str, String, Option<PartyRef>, String)>>>;

fn record(calls: &Calls, what: &'static str, ctx: &Context, id: &str, body: String) {
    calls
        .lock()
        .unwrap()
        .push((what, id.to_owned(), ctx.from, body));
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn not_found(id: &CiString<36>) -> ModuleError {
    ModuleError::not_found(id)
}

/// The PTP's Terminals and Financial Advice Confirmations, in memory.
#[derive(Clone)]
struct Ptp {
    terminals: Arc<Mutex<Vec<Terminal>>>,
    confirmations: Vec<FinancialAdviceConfirmation>,
    calls: Calls,
}

impl Ptp {
    fn new(count: usize) -> Self {
        Ptp {
            terminals: Arc::new(Mutex::new((0..count).map(terminal).collect())),
            confirmations: (0..count).map(confirmation).collect(),
            calls: Calls::default(),
        }
    }
}

impl PaymentsSender for Ptp {
    async fn terminals(
        &self,
        _: &Context,
        q: ListQuery,
    ) -> Result<ListPage<Terminal>, ModuleError> {
        let all = self.terminals.lock().unwrap().clone();
        Ok(ListPage::from_all(&all, &q, |t| {
            t.last_updated.as_ref().unwrap()
        }))
    }

    async fn terminal(&self, _: &Context, id: CiString<36>) -> Result<Terminal, ModuleError> {
        let all = self.terminals.lock().unwrap();
        all.iter()
            .find(|t| t.terminal_id.as_ref() == Some(&id))
            .cloned()
            .ok_or_else(|| not_found(&id))
    }

    async fn put_terminal(
        &self,
        ctx: &Context,
        id: CiString<36>,
        t: Terminal,
    ) -> Result<(), ModuleError> {
        record(&self.calls, "put_terminal", ctx, id.as_str(), json(&t));
        Ok(())
    }

    async fn patch_terminal(
        &self,
        ctx: &Context,
        id: CiString<36>,
        patch: TerminalPatch,
    ) -> Result<(), ModuleError> {
        record(
            &self.calls,
            "patch_terminal",
            ctx,
            id.as_str(),
            json(&patch),
        );
        let mut all = self.terminals.lock().unwrap();
        let stored = all
            .iter_mut()
            .find(|t| t.terminal_id.as_ref() == Some(&id))
            .ok_or_else(|| not_found(&id))?;
        patch.apply_to(stored);
        Ok(())
    }

    async fn activate_terminal(&self, ctx: &Context, t: Terminal) -> Result<(), ModuleError> {
        record(&self.calls, "activate_terminal", ctx, "", json(&t));
        Ok(())
    }

    async fn deactivate_terminal(
        &self,
        ctx: &Context,
        id: CiString<36>,
    ) -> Result<(), ModuleError> {
        record(
            &self.calls,
            "deactivate_terminal",
            ctx,
            id.as_str(),
            String::new(),
        );
        Ok(())
    }

    async fn financial_advice_confirmations(
        &self,
        _: &Context,
        q: ListQuery,
    ) -> Result<ListPage<FinancialAdviceConfirmation>, ModuleError> {
        Ok(ListPage::from_all(&self.confirmations, &q, |f| {
            &f.last_updated
        }))
    }

    async fn financial_advice_confirmation(
        &self,
        _: &Context,
        id: CiString<36>,
    ) -> Result<FinancialAdviceConfirmation, ModuleError> {
        self.confirmations
            .iter()
            .find(|f| f.id == id)
            .cloned()
            .ok_or_else(|| not_found(&id))
    }
}

/// The CPO's copies, in memory.
#[derive(Clone, Default)]
struct Cpo {
    terminals: Arc<Mutex<Vec<Terminal>>>,
    confirmations: Arc<Mutex<Vec<FinancialAdviceConfirmation>>>,
    calls: Calls,
}

impl PaymentsReceiver for Cpo {
    async fn terminal(&self, _: &Context, id: CiString<36>) -> Result<Terminal, ModuleError> {
        let all = self.terminals.lock().unwrap();
        all.iter()
            .find(|t| t.terminal_id.as_ref() == Some(&id))
            .cloned()
            .ok_or_else(|| not_found(&id))
    }

    async fn post_terminal(&self, ctx: &Context, t: Terminal) -> Result<(), ModuleError> {
        let id = t.terminal_id.as_ref().map(|i| i.as_str().to_owned());
        record(
            &self.calls,
            "post_terminal",
            ctx,
            &id.unwrap_or_default(),
            json(&t),
        );
        self.terminals.lock().unwrap().push(t);
        Ok(())
    }

    async fn financial_advice_confirmation(
        &self,
        _: &Context,
        id: CiString<36>,
    ) -> Result<FinancialAdviceConfirmation, ModuleError> {
        let all = self.confirmations.lock().unwrap();
        all.iter()
            .find(|f| f.id == id)
            .cloned()
            .ok_or_else(|| not_found(&id))
    }

    async fn post_financial_advice_confirmation(
        &self,
        ctx: &Context,
        f: FinancialAdviceConfirmation,
    ) -> Result<(), ModuleError> {
        record(
            &self.calls,
            "post_confirmation",
            ctx,
            f.id.as_str(),
            json(&f),
        );
        self.confirmations.lock().unwrap().push(f);
        Ok(())
    }
}

/// A PTP serving only `version` (with `ptp` as its Sender interface) registered at a CPO (with
/// `cpo` as its Receiver interface).
async fn pair(version: OcpiVersion, ptp: Ptp, cpo: Cpo, page: u64) -> Pair {
    let mut ptp_config = config("ptp.test", Role::Ptp, ptp_party());
    ptp_config.versions = vec![version];
    let ptp = ServerBuilder::new(ptp_config)
        .only_mounted()
        .with_max_limit(page)
        .payments_sender(ptp);
    Pair::connect(cpo_builder().payments_receiver(cpo), ptp).await
}

#[tokio::test]
async fn the_cpo_pulls_every_page_of_terminals_and_confirmations() {
    let pair = pair(OcpiVersion::V2_3_0, Ptp::new(5), Cpo::default(), 2).await;
    let client = pair.cpo_client(); // the CPO's client of the PTP
    let sender = client.payments_sender().unwrap();
    pair.take_log();
    let listed = sender.terminals(&ListFilter::default()).await.unwrap();
    assert_eq!(listed.items, (0..5).map(terminal).collect::<Vec<_>>());
    assert!(listed.errors.is_empty());
    let log = pair.take_log();
    assert_eq!(log.len(), 3, "three pages of at most two");
    assert_eq!(
        log[0].request.uri().to_string(),
        "https://ptp.test/ocpi/2.3.0/sender/payments/terminals"
    );
    assert_eq!(log[0].response.headers()["x-total-count"], "5");
    assert!(log[0].response.headers()["link"]
        .to_str()
        .unwrap()
        .contains("/payments/terminals?"));
    assert!(!log[2].response.headers().contains_key("link"));

    let listed = sender
        .financial_advice_confirmations(&ListFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.items, (0..5).map(confirmation).collect::<Vec<_>>());
    let log = pair.take_log();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[0].request.uri().to_string(),
        "https://ptp.test/ocpi/2.3.0/sender/payments/financial-advice-confirmations"
    );

    let filter = ListFilter {
        date_from: Some(dt("2024-01-02T00:00:00Z")),
        date_to: Some(dt("2024-01-04T00:00:00Z")),
        limit: None,
    };
    let ids: Vec<String> = sender
        .terminals(&filter)
        .await
        .unwrap()
        .items
        .iter()
        .map(|t| t.terminal_id.as_ref().unwrap().as_str().to_owned())
        .collect();
    assert_eq!(ids, ["T1", "T2"]);
    let ids: Vec<String> = sender
        .financial_advice_confirmations(&filter)
        .await
        .unwrap()
        .items
        .iter()
        .map(|f| f.id.as_str().to_owned())
        .collect();
    assert_eq!(ids, ["F1", "F2"]);
}

#[tokio::test]
async fn the_cpo_gets_updates_activates_and_deactivates_terminals() {
    let ptp = Ptp::new(3);
    let pair = pair(OcpiVersion::V2_3_0, ptp.clone(), Cpo::default(), 10).await;
    let client = pair.cpo_client();
    let sender = client.payments_sender().unwrap();
    let cpo_from = Some(network::cpo_party());

    assert_eq!(sender.terminal("T2").await.unwrap(), terminal(2));
    let missing = sender.terminal("T9").await.unwrap_err();
    assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(
        sender.financial_advice_confirmation("F1").await.unwrap(),
        confirmation(1)
    );
    let missing = sender
        .financial_advice_confirmation("F9")
        .await
        .unwrap_err();
    assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));

    // PUT: the official example leaves terminal_id out (the URL names it) and has an
    // `invoice_base_url` that is no URL: read with warnings, but refused when sent.
    let mut update: Terminal = example("payment_terminal_put_update.json");
    assert_eq!(update.terminal_id, None);
    let refused = sender.put_terminal("T1", &update).await.unwrap_err();
    let ClientError::Wire(WireError::Deviates { warnings, .. }) = &refused else {
        panic!("{refused:?}")
    };
    let paths: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["terminal_id", "invoice_base_url"]);
    update.terminal_id = Some(CiString::new("T1").unwrap());
    update.invoice_base_url = Some(Tolerant::Valid(
        ocpi_protocol::types::Url::new("https://ptp.test/invoices").unwrap(),
    ));
    sender.put_terminal("T1", &update).await.unwrap();
    // PATCH: the official Location assignment, which has no last_updated.
    let patch: TerminalPatch = example("payment_terminal_location_assignment.json");
    assert_eq!(patch.last_updated, None);
    sender.patch_terminal("T1", &patch).await.unwrap();
    let patched = sender.terminal("T1").await.unwrap();
    assert_eq!(patched.location_ids.as_ref().unwrap().len(), 3);
    // Activation: the official example.
    let activation: Terminal = example("payment_terminal_activate.json");
    sender.activate_terminal(&activation).await.unwrap();
    pair.take_log();
    sender.deactivate_terminal("T0").await.unwrap();
    let log = pair.take_log();
    assert_eq!(
        log[0].request.uri().to_string(),
        "https://ptp.test/ocpi/2.3.0/sender/payments/terminals/T0/deactivate"
    );
    assert_eq!(log[0].request.method(), Method::POST);
    assert!(log[0].request.body().is_empty());

    let calls = ptp.calls.lock().unwrap().clone();
    assert_eq!(
        calls,
        [
            ("put_terminal", "T1".to_owned(), cpo_from, json(&update)),
            ("patch_terminal", "T1".to_owned(), cpo_from, json(&patch)),
            (
                "activate_terminal",
                String::new(),
                cpo_from,
                json(&activation)
            ),
            (
                "deactivate_terminal",
                "T0".to_owned(),
                cpo_from,
                String::new()
            ),
        ]
    );
}

#[tokio::test]
async fn the_ptp_posts_and_reads_back_terminals_and_confirmations() {
    let cpo = Cpo::default();
    let pair = pair(OcpiVersion::V2_3_0, Ptp::new(0), cpo.clone(), 10).await;
    let client = pair.emsp_client(); // the PTP's client of the CPO
    let receiver = client.payments_receiver().unwrap();
    let from = Some(ptp_party());

    let mut minimal: Terminal = example("payment_terminal_create_minimal.json");
    let full: Terminal = example("payment_terminal_create.json");
    let advice = with_2_3_0_costs(example("payment_financial_advice_confirmation_create.json"));
    pair.take_log();
    // The official minimal example omits `last_updated`, which the Terminal table requires:
    // the client refuses to send it as it is, before any request.
    let refused = receiver.post_terminal(&minimal).await.unwrap_err();
    assert!(
        matches!(&refused, ClientError::Wire(WireError::Deviates { warnings, .. })
            if warnings.len() == 1 && warnings[0].path == "last_updated"),
        "{refused:?}"
    );
    assert!(pair.take_log().is_empty(), "nothing was sent");
    minimal.last_updated = Some(dt("2024-01-01T10:00:00Z"));
    receiver.post_terminal(&minimal).await.unwrap();
    receiver.post_terminal(&full).await.unwrap();
    receiver
        .post_financial_advice_confirmation(&advice)
        .await
        .unwrap();
    let log = pair.take_log();
    let urls: Vec<(String, String)> = log
        .iter()
        .map(|e| (e.request.method().to_string(), e.request.uri().to_string()))
        .collect();
    assert_eq!(
        urls,
        [
            (
                "POST".into(),
                "https://cpo.test/ocpi/2.3.0/receiver/payments/terminals".into()
            ),
            (
                "POST".into(),
                "https://cpo.test/ocpi/2.3.0/receiver/payments/terminals".into()
            ),
            (
                "POST".into(),
                "https://cpo.test/ocpi/2.3.0/receiver/payments/financial-advice-confirmations"
                    .into()
            ),
        ]
    );
    assert_eq!(
        cpo.calls.lock().unwrap().clone(),
        [
            (
                "post_terminal",
                "452cf8a1-79aa-4a0e-9aee-dc788586053c".to_owned(),
                from,
                json(&minimal)
            ),
            (
                "post_terminal",
                "452cf8a1-79aa-4a0e-9aee-dc788586053c".to_owned(),
                from,
                json(&full)
            ),
            (
                "post_confirmation",
                "452cf8a1-79aa-4a0e-9aee-dc788586053c".to_owned(),
                from,
                json(&advice)
            ),
        ]
    );
    let back = receiver
        .terminal("452CF8A1-79AA-4A0E-9AEE-DC788586053C")
        .await
        .unwrap();
    assert_eq!(back, minimal, "ids are case-insensitive");
    let back = receiver
        .financial_advice_confirmation("452cf8a1-79aa-4a0e-9aee-dc788586053c")
        .await
        .unwrap();
    assert_eq!(back, advice);
    assert_eq!(back.capture_status_code, CaptureStatusCode::Success);
    let missing = receiver.terminal("nope").await.unwrap_err();
    assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
    let missing = receiver
        .financial_advice_confirmation("nope")
        .await
        .unwrap_err();
    assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn payments_does_not_exist_before_2_3_0() {
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_1_1] {
        let pair = pair(version, Ptp::new(1), Cpo::default(), 10).await;
        // Neither side publishes the module in the version, so neither client finds it.
        let cpo_client = pair.cpo_client();
        assert_eq!(cpo_client.peer().version, version);
        assert!(matches!(
            cpo_client.payments_sender(),
            Err(ClientError::NoEndpoint { .. })
        ));
        assert!(matches!(
            pair.emsp_client().payments_receiver(),
            Err(ClientError::NoEndpoint { .. })
        ));
        // And the dispatcher does not route it.
        let token = pair.cpo_token();
        let url = format!("https://ptp.test/ocpi/{version}/sender/payments/terminals/T0");
        let r = pair
            .emsp
            .handle(raw_request(Method::GET, &url, &token, ""))
            .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{version}");
    }
    // The objects cannot cross to an older peer, either way.
    let bridge = Bridge::default();
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_1_1] {
        let edge = Edge {
            version,
            party: None,
            bridge: &bridge,
        };
        let not_in =
            |e: WireError| matches!(e, WireError::NotInVersion { version: v, .. } if v == version);
        assert!(not_in(terminal(0).write(&edge).unwrap_err()));
        assert!(not_in(confirmation(0).write(&edge).unwrap_err()));
        assert!(not_in(TerminalPatch::default().write(&edge).unwrap_err()));
        let bytes = json(&terminal(0));
        assert!(not_in(Terminal::read(bytes.as_bytes(), &edge).unwrap_err()));
        let bytes = json(&confirmation(0));
        assert!(not_in(
            FinancialAdviceConfirmation::read(bytes.as_bytes(), &edge).unwrap_err()
        ));
        assert!(not_in(TerminalPatch::read(b"{}", &edge).unwrap_err()));
    }
}

#[tokio::test]
async fn the_versions_endpoint_lists_payments_in_2_3_0() {
    let pair = pair(OcpiVersion::V2_3_0, Ptp::new(0), Cpo::default(), 10).await;
    let endpoints =
        |peer: ocpi_protocol::credentials::Peer| -> Vec<(String, Option<String>, String)> {
            peer.endpoints
                .iter()
                .map(|e| {
                    (
                        e.module.clone(),
                        e.role.as_ref().map(|r| r.to_string()),
                        e.url.as_str().to_owned(),
                    )
                })
                .collect()
        };
    let ptp_seen_by_cpo = endpoints(pair.cpo.platform().store().peers().pop().unwrap());
    assert!(ptp_seen_by_cpo.contains(&(
        "payments".into(),
        Some("SENDER".into()),
        "https://ptp.test/ocpi/2.3.0/sender/payments".into()
    )));
    let cpo_seen_by_ptp = endpoints(pair.emsp.platform().store().peers().pop().unwrap());
    assert!(cpo_seen_by_ptp.contains(&(
        "payments".into(),
        Some("RECEIVER".into()),
        "https://cpo.test/ocpi/2.3.0/receiver/payments".into()
    )));
}

fn terminal_body(id: Option<&str>) -> String {
    let mut t = terminal(0);
    t.terminal_id = id.map(|i| CiString::new(i).unwrap());
    json(&t)
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let ptp = Ptp::new(2);
    let pair = pair(OcpiVersion::V2_3_0, ptp.clone(), Cpo::default(), 10).await;
    let token = pair.cpo_token();
    let send = |method: Method, rest: &str, body: String| {
        let url = format!("https://ptp.test/ocpi/2.3.0/sender/payments/{rest}");
        pair.emsp.handle(raw_request(method, &url, &token, &body))
    };
    let patch = r#"{"location_ids":["L1"],"last_updated":"2024-03-01T00:00:00Z"}"#;

    // Valid requests pass: the controls for the cases below.
    for (method, rest, body) in [
        (Method::GET, "terminals", String::new()),
        (Method::GET, "terminals/T1", String::new()),
        (Method::PUT, "terminals/T1", terminal_body(Some("T1"))),
        (Method::PUT, "terminals/T1", terminal_body(None)),
        (Method::PATCH, "terminals/T1", patch.to_owned()),
        (
            Method::PATCH,
            "terminals/T1",
            r#"{"terminal_id":"t1","evse_uids":["E1"]}"#.into(),
        ),
        (Method::POST, "terminals/activate", terminal_body(None)),
        (Method::POST, "terminals/T1/deactivate", String::new()),
        (Method::GET, "financial-advice-confirmations", String::new()),
        (
            Method::GET,
            "financial-advice-confirmations/F1",
            String::new(),
        ),
    ] {
        let r = send(method.clone(), rest, body).await;
        assert_eq!(statuses(&r), OK, "{method} {rest}");
    }
    ptp.calls.lock().unwrap().clear();

    // The terminal_id of a PUT or PATCH body must match the URL: 2001.
    let r = send(Method::PUT, "terminals/T1", terminal_body(Some("T2"))).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PATCH,
        "terminals/T1",
        r#"{"terminal_id":"T2"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    // An id over 36 characters: 2001.
    let long = "x".repeat(37);
    let r = send(Method::GET, &format!("terminals/{long}"), String::new()).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::POST,
        &format!("terminals/{long}/deactivate"),
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    // Not JSON: 400; not a Terminal: 2001.
    let r = send(Method::PUT, "terminals/T1", "{\"city\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::POST, "terminals/activate", "{\"city\":5}".into()).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(
        Method::PATCH,
        "terminals/T1",
        "{\"location_ids\":null}".into(),
    )
    .await;
    assert_eq!(statuses(&r), OK, "an optional field set to null clears it");
    assert!(
        ptp.calls.lock().unwrap().len() == 1,
        "only the last call reached the handler"
    );
    // GET of terminals/activate names a terminal: the handler says 404.
    let r = send(Method::GET, "terminals/activate", String::new()).await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);

    // Methods an endpoint does not answer: 405.
    for (method, rest) in [
        (Method::POST, "terminals"),
        (Method::PUT, "terminals"),
        (Method::DELETE, "terminals/T1"),
        (Method::POST, "terminals/T1"),
        (Method::GET, "terminals/T1/deactivate"),
        (Method::PUT, "terminals/T1/deactivate"),
        (Method::POST, "financial-advice-confirmations"),
        (Method::PUT, "financial-advice-confirmations/F1"),
        (Method::POST, "financial-advice-confirmations/F1"),
    ] {
        let r = send(method.clone(), rest, terminal_body(Some("T1"))).await;
        assert_eq!(
            r.status(),
            http::StatusCode::METHOD_NOT_ALLOWED,
            "{method} {rest}"
        );
    }

    // Paths the interface does not have: 404.
    for rest in [
        "",
        "tariffs",
        "terminals/T1/activate",
        "terminals/T1/deactivate/now",
        "financial-advice-confirmations/F1/x",
    ] {
        let r = send(Method::GET, rest, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{rest}");
    }
    assert_eq!(
        ptp.calls.lock().unwrap().len(),
        1,
        "no broken request reached the handler"
    );
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let cpo = Cpo::default();
    let pair = pair(OcpiVersion::V2_3_0, Ptp::new(0), cpo.clone(), 10).await;
    let token = pair.emsp_token();
    let send = |method: Method, rest: &str, body: String| {
        let url = format!("https://cpo.test/ocpi/2.3.0/receiver/payments/{rest}");
        pair.cpo.handle(raw_request(method, &url, &token, &body))
    };
    let advice = json(&confirmation(0));

    // Valid requests pass: the controls for the cases below.
    let r = send(Method::POST, "terminals", terminal_body(Some("T0"))).await;
    assert_eq!(statuses(&r), OK);
    let r = send(Method::GET, "terminals/T0", String::new()).await;
    assert_eq!(statuses(&r), OK);
    let r = send(
        Method::POST,
        "financial-advice-confirmations",
        advice.clone(),
    )
    .await;
    assert_eq!(statuses(&r), OK);
    let r = send(
        Method::GET,
        "financial-advice-confirmations/F0",
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), OK);
    cpo.calls.lock().unwrap().clear();

    // A new Terminal must carry its terminal_id: 2001.
    let r = send(Method::POST, "terminals", terminal_body(None)).await;
    assert_eq!(statuses(&r), INVALID);
    // A Financial Advice Confirmation without its required fields: 2001.
    let r = send(
        Method::POST,
        "financial-advice-confirmations",
        advice.replace("\"id\":\"F0\",", ""),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);
    // Not JSON: 400.
    let r = send(Method::POST, "terminals", "[".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);

    // Methods an endpoint does not answer (the receiver has no list, PUT, PATCH): 405.
    for (method, rest) in [
        (Method::GET, "terminals"),
        (Method::PUT, "terminals/T0"),
        (Method::PATCH, "terminals/T0"),
        (Method::POST, "terminals/T0"),
        (Method::DELETE, "terminals/T0"),
        (Method::GET, "financial-advice-confirmations"),
        (Method::POST, "financial-advice-confirmations/F0"),
        (Method::PUT, "financial-advice-confirmations/F0"),
    ] {
        let r = send(method.clone(), rest, terminal_body(Some("T0"))).await;
        assert_eq!(
            r.status(),
            http::StatusCode::METHOD_NOT_ALLOWED,
            "{method} {rest}"
        );
    }

    // Paths the interface does not have: 404 (activation and deactivation are the PTP's).
    for (method, rest) in [
        (Method::POST, "terminals/activate/x"),
        (Method::POST, "terminals/T0/deactivate"),
        (Method::GET, "NL/PTP/terminals/T0"),
        (Method::GET, "financial-advice-confirmations/F0/x"),
    ] {
        let r = send(method.clone(), rest, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{method} {rest}");
    }
    assert!(
        cpo.calls.lock().unwrap().is_empty(),
        "no broken request reached the handler"
    );
}
