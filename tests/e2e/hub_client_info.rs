//! Hub Client Info end to end: a Roaming Hub (`hub.test`, Hub party NL*HUB) pushing
//! ClientInfo objects to a CPO's Receiver interface, and the CPO pulling the Hub's list from
//! its Sender interface, through the server dispatcher and the typed client, in 2.2.1 and
//! 2.3.0; the module's absence from 2.1.1; and the dispatcher's rules, each with a request
//! that breaks it.
//!
//! In each [`Pair`] here, `pair.emsp` is the Hub (it registers at the CPO) and `pair.cpo` the
//! CPO.

use crate::network;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use http::Method;
use network::{
    assert_pages, config, cpo_builder, cpo_party, emsp_builder, party, raw_request, statuses, Pair,
    INVALID, OK,
};
use ocpi_protocol::client::ListFilter;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::hub_client_info::HubClientInfoReceiver;
use ocpi_protocol::modules::{Bridge, Context, Interface, Module, ModuleError};
use ocpi_protocol::server::{BuildError, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{PartyRef, Routing};
use ocpi_protocol::types::{CiString, DateTime, OcpiString};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::hub_client_info::{ClientInfo, ConnectionStatus};
use ocpi_protocol::versions::OcpiVersion;

/// The Hub's own party.
fn hub_party() -> PartyRef {
    party("NL", "HUB")
}

/// The Hub's configuration: Hub party NL*HUB, and (as 2.3.0 credentials list them) one party
/// reachable through it, the eMSP DE*MSP.
fn hub_config(version: OcpiVersion) -> ServerConfig {
    let mut c = config("hub.test", Role::Emsp, party("DE", "MSP"));
    c.hub_party_id = Some(CiString::new("NLHUB").unwrap());
    c.hub_business_details = Some(BusinessDetails::new(OcpiString::new("The Hub").unwrap()));
    c.versions = vec![version];
    c
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

/// The ClientInfo of party `cc`*`id`, last updated on day `day` of January 2024.
fn info(cc: &str, id: &str, role: Role, day: u32) -> ClientInfo {
    let p = party(cc, id);
    ClientInfo::new(
        p.party_id,
        p.country_code,
        role,
        ConnectionStatus::Connected,
        dt(&format!("2024-01-{day:02}T10:00:00Z")),
    )
}

/// The Hub's list, in the crate's reference in-memory handlers.
fn hub_list(list: impl IntoIterator<Item = ClientInfo>) -> Memory {
    let memory = Memory::new();
    for info in list {
        memory.client_info.put(info);
    }
    memory
}

/// What the CPO's receiver saw of one call.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    what: &'static str,
    party: PartyRef,
    from: Option<PartyRef>,
    hub: bool,
    version: OcpiVersion,
}

/// The CPO's copy of the Hub's ClientInfo objects, in memory; records each call.
#[derive(Default, Clone)]
struct CpoCopy {
    stored: Arc<Mutex<BTreeMap<PartyRef, ClientInfo>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl CpoCopy {
    fn see(&self, what: &'static str, ctx: &Context, party: PartyRef) {
        self.seen.lock().unwrap().push(Seen {
            what,
            party,
            from: ctx.from,
            hub: ctx.hub,
            version: ctx.version,
        });
    }
}

impl HubClientInfoReceiver for CpoCopy {
    async fn client_info(&self, ctx: &Context, p: PartyRef) -> Result<ClientInfo, ModuleError> {
        self.see("get", ctx, p);
        self.stored
            .lock()
            .unwrap()
            .get(&p)
            .cloned()
            .ok_or_else(|| ModuleError::not_found(p))
    }

    async fn put_client_info(
        &self,
        ctx: &Context,
        p: PartyRef,
        i: ClientInfo,
    ) -> Result<(), ModuleError> {
        self.see("put", ctx, p);
        self.stored.lock().unwrap().insert(p, i);
        Ok(())
    }
}

/// A Hub serving only `version` (with `list` as its Sender interface) registered at a CPO
/// (with `copy` as its Receiver interface).
async fn pair(version: OcpiVersion, list: Vec<ClientInfo>, page: u64, copy: CpoCopy) -> Pair {
    let cpo = cpo_builder().hub_client_info_receiver(copy);
    let hub = ServerBuilder::new(hub_config(version))
        .only_mounted()
        .with_max_limit(page)
        .hub_client_info_sender(hub_list(list));
    Pair::connect(cpo, hub).await
}

const HUB_VERSIONS: [OcpiVersion; 2] = [OcpiVersion::V2_2_1, OcpiVersion::V2_3_0];

#[tokio::test]
async fn the_hub_pushes_and_reads_back_client_info_in_2_2_1_and_2_3_0() {
    for version in HUB_VERSIONS {
        let copy = CpoCopy::default();
        let pair = pair(version, vec![], 10, copy.clone()).await;
        let client = pair.emsp_client(); // the Hub's client of the CPO
        assert_eq!(client.peer().version, version);
        let receiver = client.hub_client_info_receiver().unwrap();
        let mut sent = info("DE", "MSP", Role::Emsp, 1);
        sent.status = ConnectionStatus::Planned;
        pair.take_log();
        receiver.put_client_info(&sent).await.unwrap();
        let log = pair.take_log();
        assert_eq!(log.len(), 1);
        assert_eq!(
            log[0].request.uri().to_string(),
            format!("https://cpo.test/ocpi/{version}/receiver/hubclientinfo/DE/MSP")
        );
        assert!(
            log[0].request.headers().get("ocpi-from-party-id").is_none(),
            "no routing headers on this module"
        );
        assert_eq!(copy.stored.lock().unwrap()[&party("DE", "MSP")], sent);
        let back = receiver.client_info(&party("DE", "MSP")).await.unwrap();
        assert_eq!(back, sent, "{version}");
        let seen = copy.seen.lock().unwrap().clone();
        let expected = |what| Seen {
            what,
            party: party("DE", "MSP"),
            // The caller is the Hub: its own party, not the party reachable through it that
            // its 2.3.0 credentials list.
            from: Some(hub_party()),
            hub: true,
            version,
        };
        assert_eq!(seen, [expected("put"), expected("get")], "{version}");
        let missing = receiver.client_info(&party("FR", "XYZ")).await.unwrap_err();
        assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
    }
}

#[tokio::test]
async fn a_ptp_client_info_crosses_to_a_2_2_1_party_and_is_reported_lost() {
    let copy = CpoCopy::default();
    let pair = pair(OcpiVersion::V2_2_1, vec![], 10, copy.clone()).await;
    let losses = Arc::new(Mutex::new(Vec::new()));
    let sink = losses.clone();
    let client = pair
        .emsp_client()
        .with_bridge(Bridge::default().on_loss(move |what, l| {
            sink.lock().unwrap().push((what, l.len()));
        }));
    let sent = info("DE", "PTP", Role::Ptp, 2);
    client
        .hub_client_info_receiver()
        .unwrap()
        .put_client_info(&sent)
        .await
        .unwrap();
    assert_eq!(*losses.lock().unwrap(), [("ClientInfo", 1)]);
    let log = pair.take_log();
    let body = std::str::from_utf8(log.last().unwrap().request.body()).unwrap();
    // 2.2.1 has no PTP role: it is sent as OTHER ("Other role"), which a 2.2.1 peer accepts
    // (it used to be sent as PTP, which a 2.2.1 peer refuses), and stored back as OTHER.
    assert!(body.contains("\"role\":\"OTHER\""), "{body}");
    let mut as_other = sent.clone();
    as_other.role = Role::Other;
    assert_eq!(copy.stored.lock().unwrap()[&party("DE", "PTP")], as_other);
}

#[tokio::test]
async fn the_party_pulls_every_page_of_the_hub_list_in_2_2_1_and_2_3_0() {
    let all: Vec<ClientInfo> = (1..=5)
        .map(|d| info("DE", &format!("P{d:02}"), Role::Cpo, d))
        .collect();
    for version in HUB_VERSIONS {
        let pair = pair(version, all.clone(), 2, CpoCopy::default()).await;
        let client = pair.cpo_client(); // the CPO's client of the Hub
        assert_eq!(client.peer().version, version);
        pair.take_log();
        let sender = client.hub_client_info_sender().unwrap();
        let listed = sender.list(&ListFilter::default()).await.unwrap();
        assert_eq!(listed.items, all, "{version}");
        assert!(listed.errors.is_empty());
        let log = pair.take_log();
        assert_pages(&log, version, 3, "5");
        assert_eq!(
            log[0].request.uri().to_string(),
            format!("https://hub.test/ocpi/{version}/sender/hubclientinfo")
        );
        assert_eq!(log[0].response.headers()["x-limit"], "2");
        assert!(!log[2].response.headers().contains_key("link"));
        let filter = ListFilter {
            date_from: Some(dt("2024-01-02T00:00:00Z")),
            date_to: Some(dt("2024-01-04T00:00:00Z")),
            limit: None,
        };
        let listed = sender.list(&filter).await.unwrap();
        assert_eq!(listed.items, all[1..3].to_vec(), "{version}");
    }
}

#[tokio::test]
async fn hub_client_info_does_not_exist_in_2_1_1() {
    let pair = pair(OcpiVersion::V2_3_0, vec![], 10, CpoCopy::default()).await;
    let token = pair.emsp_token();
    // The CPO serves 2.1.1 too, but not this module in it.
    let details = raw_request(Method::GET, "https://cpo.test/ocpi/2.1.1", &token, "");
    let body = String::from_utf8(pair.cpo.handle(details).await.into_body()).unwrap();
    assert!(body.contains("credentials"), "{body}");
    assert!(!body.contains("hubclientinfo"), "{body}");
    let details = raw_request(Method::GET, "https://cpo.test/ocpi/2.2.1", &token, "");
    let body = String::from_utf8(pair.cpo.handle(details).await.into_body()).unwrap();
    assert!(
        body.contains("https://cpo.test/ocpi/2.2.1/receiver/hubclientinfo"),
        "{body}"
    );
    let r = pair
        .cpo
        .handle(raw_request(
            Method::GET,
            "https://cpo.test/ocpi/2.1.1/receiver/hubclientinfo/DE/MSP",
            &token,
            "",
        ))
        .await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
}

fn body(cc: &str, id: &str, role: &str) -> String {
    format!(
        r#"{{"country_code":"{cc}","party_id":"{id}","role":"{role}","status":"CONNECTED","last_updated":"2024-01-01T00:00:00Z"}}"#
    )
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    for version in HUB_VERSIONS {
        let pair = pair(version, vec![], 10, CpoCopy::default()).await;
        let token = pair.emsp_token();
        let url =
            |rest: &str| format!("https://cpo.test/ocpi/{version}/receiver/hubclientinfo/{rest}");
        let send = |method: Method, rest: &str, body: String, routing: Option<Routing>| {
            let mut request = raw_request(method, &url(rest), &token, &body);
            if let Some(r) = routing {
                r.apply(request.headers_mut());
            }
            pair.cpo.handle(request)
        };

        // A valid PUT and GET pass: the controls for the cases below.
        let r = send(Method::PUT, "DE/MSP", body("DE", "MSP", "EMSP"), None).await;
        assert_eq!(statuses(&r), OK, "{version}");
        let r = send(Method::GET, "DE/MSP", String::new(), None).await;
        assert_eq!(statuses(&r), OK, "{version}");

        // Routing headers are refused on this module: 2001, and nothing is stored.
        let routing = Routing {
            to: Some(cpo_party()),
            from: Some(hub_party()),
        };
        let r = send(
            Method::PUT,
            "DE/XYZ",
            body("DE", "XYZ", "EMSP"),
            Some(routing),
        )
        .await;
        assert_eq!(statuses(&r), INVALID, "{version}");
        let only_from = Routing {
            to: None,
            from: Some(hub_party()),
        };
        let r = send(Method::GET, "DE/MSP", String::new(), Some(only_from)).await;
        assert_eq!(statuses(&r), INVALID, "{version}");
        let r = send(Method::GET, "DE/XYZ", String::new(), None).await;
        assert_eq!(
            r.status(),
            http::StatusCode::NOT_FOUND,
            "{version}: not stored"
        );

        // The party of the body must match the URL: 2001.
        let r = send(Method::PUT, "DE/MSP", body("DE", "MSX", "EMSP"), None).await;
        assert_eq!(statuses(&r), INVALID, "{version}");
        let r = send(Method::PUT, "DE/MSP", body("FR", "MSP", "EMSP"), None).await;
        assert_eq!(statuses(&r), INVALID, "{version}");

        // A malformed party in the URL: 2001.
        let r = send(Method::GET, "DEU/MSP", String::new(), None).await;
        assert_eq!(statuses(&r), INVALID, "{version}");

        // Not JSON: 400; not a ClientInfo: 2001.
        let r = send(Method::PUT, "DE/MSP", "{\"role\":".into(), None).await;
        assert_eq!(r.status(), http::StatusCode::BAD_REQUEST, "{version}");
        let r = send(Method::PUT, "DE/MSP", "{\"role\":\"CPO\"}".into(), None).await;
        assert_eq!(statuses(&r), INVALID, "{version}");

        // POST, PATCH and DELETE are n/a: 405.
        for method in [Method::POST, Method::PATCH, Method::DELETE] {
            let r = send(method.clone(), "DE/MSP", body("DE", "MSP", "EMSP"), None).await;
            assert_eq!(
                r.status(),
                http::StatusCode::METHOD_NOT_ALLOWED,
                "{version} {method}"
            );
        }

        // Paths the interface does not have: 404.
        for rest in ["", "DE", "DE/MSP/X"] {
            let r = send(Method::GET, rest, String::new(), None).await;
            assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{version} {rest}");
        }
    }
}

#[tokio::test]
async fn a_2_2_1_hub_role_cannot_be_upgraded() {
    let pair = pair(OcpiVersion::V2_2_1, vec![], 10, CpoCopy::default()).await;
    let request = raw_request(
        Method::PUT,
        "https://cpo.test/ocpi/2.2.1/receiver/hubclientinfo/NL/HB2",
        &pair.emsp_token(),
        &body("NL", "HB2", "HUB"),
    );
    let r = pair.cpo.handle(request).await;
    assert_eq!(statuses(&r), INVALID);
}

#[tokio::test]
async fn only_a_hub_may_push_client_info() {
    // A plain eMSP (not a Hub) registered at a CPO that mounts the Receiver interface.
    let copy = CpoCopy::default();
    let cpo = cpo_builder().hub_client_info_receiver(copy.clone());
    let emsp = emsp_builder(OcpiVersion::V2_2_1);
    let pair = Pair::connect(cpo, emsp).await;
    let token = pair.emsp_token();
    for rest in ["DE/MSP", "NL/MSP"] {
        let url = format!("https://cpo.test/ocpi/2.2.1/receiver/hubclientinfo/{rest}");
        let (cc, id) = rest.split_once('/').unwrap();
        let r = pair
            .cpo
            .handle(raw_request(
                Method::PUT,
                &url,
                &token,
                &body(cc, id, "EMSP"),
            ))
            .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{rest}");
        let r = pair
            .cpo
            .handle(raw_request(Method::GET, &url, &token, ""))
            .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{rest}");
    }
    assert!(copy.seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let pair = pair(
        OcpiVersion::V2_3_0,
        vec![info("DE", "MSP", Role::Emsp, 1)],
        10,
        CpoCopy::default(),
    )
    .await;
    let token = pair.cpo_token();
    let url = "https://hub.test/ocpi/2.3.0/sender/hubclientinfo";
    let r = pair
        .emsp
        .handle(raw_request(Method::GET, url, &token, ""))
        .await;
    assert_eq!(statuses(&r), OK);

    // Routing headers are refused: 2001.
    let mut request = raw_request(Method::GET, url, &token, "");
    Routing {
        to: Some(hub_party()),
        from: Some(cpo_party()),
    }
    .apply(request.headers_mut());
    assert_eq!(statuses(&pair.emsp.handle(request).await), INVALID);

    // POST, PUT, PATCH, DELETE are n/a: 405.
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = pair
            .emsp
            .handle(raw_request(
                method.clone(),
                url,
                &token,
                &body("DE", "MSP", "EMSP"),
            ))
            .await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }

    // No object endpoint, and no Receiver interface at the Hub: 404.
    for url in [
        "https://hub.test/ocpi/2.3.0/sender/hubclientinfo/DE/MSP",
        "https://hub.test/ocpi/2.3.0/receiver/hubclientinfo/DE/MSP",
    ] {
        let r = pair
            .emsp
            .handle(raw_request(Method::GET, url, &token, ""))
            .await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{url}");
    }

    // Bad paging parameters: 2001.
    let r = pair
        .emsp
        .handle(raw_request(
            Method::GET,
            &format!("{url}?offset=x"),
            &token,
            "",
        ))
        .await;
    assert_eq!(statuses(&r), INVALID);
}

#[test]
fn a_hub_mounts_what_the_hub_column_calls_for() {
    let net = ocpi_protocol::server::Loopback::new();
    let store = ocpi_protocol::credentials::MemoryStore::new;
    // The Hub's roles are parties reachable through it (here an eMSP): their column does not
    // apply, the Hub's does. The Hub column has no Receiver interface of Hub Client Info.
    let r = ServerBuilder::new(hub_config(OcpiVersion::V2_3_0))
        .only_mounted()
        .hub_client_info_receiver(CpoCopy::default())
        .build(store(), net.clone());
    assert!(matches!(
        r,
        Err(BuildError::Unexpected {
            module: Module::HubClientInfo,
            iface: Interface::Receiver
        })
    ));
    // What the Hub column calls for is missing, named for the Hub.
    let r = ServerBuilder::new(hub_config(OcpiVersion::V2_3_0))
        .hub_client_info_sender(hub_list([]))
        .build(store(), net.clone());
    assert!(matches!(r, Err(BuildError::Missing { ref role, .. }) if role == "HUB"));
    // A Hub serving 2.2.1 needs the business details of its HUB role.
    let mut c = hub_config(OcpiVersion::V2_2_1);
    c.hub_business_details = None;
    let r = ServerBuilder::new(c)
        .only_mounted()
        .hub_client_info_sender(hub_list([]))
        .build(store(), net);
    assert!(matches!(
        r,
        Err(BuildError::Credentials {
            version: OcpiVersion::V2_2_1,
            ..
        })
    ));
}
