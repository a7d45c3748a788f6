//! A Roaming Hub routing between parties on an in-process network: two CPOs (BE*BEC at
//! `cpo.test`, FR*CPO at `cpo2.test`) and an eMSP (NL*TNM at `emsp.test`) registered at the
//! Hub NL*HUB (`hub.test`) in 2.2.1, plus an eMSP registered in 2.3.0 (DE*MS2 at
//! `emsp2.test`). Requests are handed to the Hub directly; every request the Hub forwards goes
//! through the network and is logged.
//!
//! Happy paths: a routed PUT of a Location, a routed paginated GET, a Broadcast Push of a
//! Token, a GET All via the Hub, Open Routing Requests (by the party the URL or the body
//! names, broadcast, or refused), the routing headers of a party's answers, and the
//! conversion between the 2.2.1 parties and the 2.3.0 eMSP of Sessions, CDRs, Commands,
//! Charging Profiles and real-time authorizations, with their results routed back on their
//! `response_url`. Bad routing input: each gets the spec's answer, and nothing reaches any
//! receiver.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use http::header::{AUTHORIZATION, LINK, VIA};
use http::Method;
use ocpi_protocol::credentials::{
    Change, CredentialsStore, Expect, MemoryStore, PartyGrant, Peer, PeerId, Revision,
};
use ocpi_protocol::hub::{
    default_open_routing, Hub, HubOptions, MemoryDirectory, OpenRequest, OpenRoute,
    STILL_ALIVE_AFTER,
};
use ocpi_protocol::memory::{Memory, Request};
use ocpi_protocol::modules::commands::{CommandRequest, PendingCommands};
use ocpi_protocol::modules::{Bridge, Edge, Interface, Module, Wire};
use ocpi_protocol::server::{Loopback, ServerBuilder};
use ocpi_protocol::transport::{
    authorization_header, parse_response, AuthorizationMode, PartyRef, Routing, Transport,
    X_CORRELATION_ID, X_LIMIT, X_REQUEST_ID, X_TOTAL_COUNT,
};
use ocpi_protocol::types::{CiString, CredentialsToken, Url};
use ocpi_protocol::v2_2_1::versions::InterfaceRole;
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::versions::{Endpoint, OcpiVersion};
use serde_json::value::RawValue;

#[path = "common/hub.rs"]
mod hub_net;
use hub_net::{
    cdr_json, config, fixture, hub_config, location, party, routing_of, session_json, statuses,
    Party, Seen,
};

fn hub_party() -> PartyRef {
    party("NL", "HUB")
}
fn cpo1() -> PartyRef {
    party("BE", "BEC")
}
fn cpo2() -> PartyRef {
    party("FR", "CPO")
}
fn emsp() -> PartyRef {
    party("NL", "TNM")
}
fn emsp2() -> PartyRef {
    party("DE", "MS2")
}

/// What the Hub's transport does to requests to a host, besides delivering them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// The request times out.
    Timeout,
    /// The host answers an HTML page.
    Garbage,
    /// The connection is refused.
    Refused,
    /// The host refuses the Hub's token (HTTP 401, an OCPI envelope).
    Unauthorized,
    /// The host answers, with `X-Total-Count` and `X-Limit` that are not numbers.
    BadCounts,
}

/// The Hub's transport: the network, with faults injected per host.
#[derive(Clone)]
struct Faulty {
    net: Loopback,
    faults: Arc<Mutex<HashMap<String, Fault>>>,
}

impl Transport for Faulty {
    type Error = std::io::Error;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, std::io::Error>> + Send {
        let host = request.uri().host().unwrap_or_default().to_owned();
        let fault = self.faults.lock().unwrap().get(&host).copied();
        let net = self.net.clone();
        async move {
            match fault {
                Some(Fault::Timeout) => Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "deadline passed",
                )),
                Some(Fault::Garbage) => {
                    let mut r = http::Response::new(b"<html>Bad Gateway</html>".to_vec());
                    *r.status_mut() = http::StatusCode::BAD_GATEWAY;
                    Ok(r)
                }
                Some(Fault::Refused) => Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionRefused,
                    "connection refused",
                )),
                Some(Fault::Unauthorized) => {
                    let body = br#"{"status_code":2000,"status_message":"unknown token","timestamp":"2024-01-01T00:00:00Z"}"#;
                    let mut r = http::Response::new(body.to_vec());
                    *r.status_mut() = http::StatusCode::UNAUTHORIZED;
                    Ok(r)
                }
                Some(Fault::BadCounts) => {
                    let mut r = net.send(request).await.map_err(std::io::Error::other)?;
                    for (name, value) in [(X_TOTAL_COUNT, "many"), (X_LIMIT, "-2")] {
                        r.headers_mut()
                            .insert(name, http::HeaderValue::from_static(value));
                    }
                    Ok(r)
                }
                None => net.send(request).await.map_err(std::io::Error::other),
            }
        }
    }
}

type TestHub = Hub<MemoryStore, Faulty, MemoryDirectory>;

struct Net {
    net: Loopback,
    hub: Arc<TestHub>,
    directory: MemoryDirectory,
    faults: Arc<Mutex<HashMap<String, Fault>>>,
    cpo1: (Arc<Party>, Memory),
    cpo2: (Arc<Party>, Memory),
    emsp: (Arc<Party>, Memory),
    emsp2: (Arc<Party>, Memory),
    /// The commands the 2.3.0 eMSP sent.
    emsp2_commands: PendingCommands,
    log: Arc<Mutex<Vec<Seen>>>,
}

async fn network() -> Net {
    network_with(HubOptions::default()).await
}

async fn network_with(options: HubOptions) -> Net {
    let net = Loopback::new();
    let log = hub_net::observe(&net);
    let faults = Arc::new(Mutex::new(HashMap::new()));
    let directory = MemoryDirectory::new();
    let hub = Arc::new(
        Hub::build(
            ServerBuilder::new(hub_config("hub.test", hub_party()))
                .only_mounted()
                .hub_client_info_sender(directory.clone()),
            MemoryStore::new(),
            Faulty {
                net: net.clone(),
                faults: faults.clone(),
            },
            directory.clone(),
            options,
        )
        .unwrap(),
    );
    net.attach_hub("hub.test", hub.clone());

    let cpo = |host: &str, p: PartyRef, locations: usize| {
        let memory = Memory::new();
        for i in 0..locations {
            memory.locations.put(location(p, &format!("LOC{i}")));
        }
        let server = ServerBuilder::new(config(host, Role::Cpo, p, OcpiVersion::V2_2_1))
            .only_mounted()
            .with_max_limit(2)
            .locations_sender(memory.clone())
            .tokens_receiver(memory.clone())
            .commands_receiver(memory.clone())
            .charging_profiles_receiver(memory.clone())
            .hub_client_info_receiver(memory.clone())
            .build(MemoryStore::new(), net.clone())
            .unwrap();
        (Arc::new(server), memory)
    };
    let msp = |host: &str, p: PartyRef, version: OcpiVersion| {
        let commands =
            PendingCommands::new(&Url::new(&format!("https://{host}/ocpi")).unwrap()).unwrap();
        let memory = Memory::new().with_commands(commands.clone());
        let server = ServerBuilder::new(config(host, Role::Emsp, p, version))
            .only_mounted()
            .beyond_typical()
            .locations_receiver(memory.clone())
            .tokens_sender(memory.clone())
            .sessions_receiver(memory.clone())
            .cdrs_receiver(memory.clone())
            .commands_sender(commands.clone())
            .charging_profiles_sender(memory.clone())
            .hub_client_info_receiver(memory.clone())
            .build(MemoryStore::new(), net.clone())
            .unwrap();
        ((Arc::new(server), memory), commands)
    };
    let cpo1 = cpo("cpo.test", cpo1(), 3);
    let cpo2 = cpo("cpo2.test", cpo2(), 2);
    let (emsp, _) = msp("emsp.test", emsp(), OcpiVersion::V2_2_1);
    let (emsp2, emsp2_commands) = msp("emsp2.test", emsp2(), OcpiVersion::V2_3_0);
    for (host, (server, _)) in [
        ("cpo.test", &cpo1),
        ("cpo2.test", &cpo2),
        ("emsp.test", &emsp),
        ("emsp2.test", &emsp2),
    ] {
        net.attach(host, server.clone());
    }
    for (id, (server, _)) in [
        ("cpo1", &cpo1),
        ("cpo2", &cpo2),
        ("emsp", &emsp),
        ("emsp2", &emsp2),
    ] {
        hub_net::join(&hub, "hub.test", &directory, id, server).await;
    }
    log.lock().unwrap().clear();
    Net {
        net,
        hub,
        directory,
        faults,
        cpo1,
        cpo2,
        emsp,
        emsp2,
        emsp2_commands,
        log,
    }
}

impl Net {
    /// A request from `server` to the Hub, with the routing headers given.
    fn request(
        server: &Party,
        method: Method,
        path: &str,
        body: &str,
        from: Option<PartyRef>,
        to: Option<PartyRef>,
    ) -> http::Request<Vec<u8>> {
        hub_net::request(server, "hub.test", method, path, body, from, to)
    }

    /// The Hub's answer to a request from `server`'s party `from` to `to`.
    async fn route(
        &self,
        (server, from): (&Party, PartyRef),
        method: Method,
        path: &str,
        body: &str,
        to: PartyRef,
    ) -> http::Response<Vec<u8>> {
        let request = Net::request(server, method, path, body, Some(from), Some(to));
        self.hub.handle(request).await
    }

    /// The statuses of [`route`](Self::route)'s answer.
    async fn statuses_of(
        &self,
        sender: (&Party, PartyRef),
        method: Method,
        path: &str,
        body: &str,
        to: PartyRef,
    ) -> (http::StatusCode, u16) {
        statuses(&self.route(sender, method, path, body, to).await)
    }

    /// Makes the Hub's transport fail requests to `host` as `fault` says.
    fn fault(&self, host: &str, fault: Fault) {
        self.faults.lock().unwrap().insert(host.into(), fault);
    }

    /// The requests the Hub forwarded since the last call.
    fn forwarded(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// Nothing stored at any receiver beyond the CPOs' own Locations, nothing forwarded.
    fn nothing_delivered(&self) {
        let forwarded = self.forwarded();
        assert!(
            forwarded.is_empty(),
            "forwarded: {:?}",
            forwarded
                .iter()
                .map(|s| s.request.uri().to_string())
                .collect::<Vec<_>>()
        );
        assert!(self.emsp.1.locations.is_empty());
        assert!(self.emsp2.1.locations.is_empty());
        assert!(self.cpo1.1.tokens.is_empty());
        assert!(self.cpo2.1.tokens.is_empty());
        assert_eq!(self.cpo1.1.locations.len(), 3);
        assert_eq!(self.cpo2.1.locations.len(), 2);
    }
}

/// The 2.2.1 JSON of a stored Location.
fn as_2_2_1(l: &Location) -> serde_json::Value {
    written_2_2_1(l)
}

const LOCATION_PUT: &str = "2.2.1/receiver/locations/BE/BEC/LOC1";

// ---------------------------------------------------------------------------------------------
// Happy paths

#[tokio::test]
async fn a_location_put_reaches_the_emsp_as_the_cpo_sent_it() {
    let n = network().await;
    let body = fixture("location_example.json");
    let request = Net::request(
        &n.cpo1.0,
        Method::PUT,
        LOCATION_PUT,
        &body,
        Some(cpo1()),
        Some(emsp()),
    );
    let response = n.hub.handle(request).await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    // The answer echoes the CPO's ids and carries the routing headers of the reply.
    assert_eq!(response.headers()[X_REQUEST_ID], "req-1");
    assert_eq!(response.headers()[X_CORRELATION_ID], "corr-1");
    let reply = routing_of(response.headers());
    assert_eq!((reply.to, reply.from), (Some(cpo1()), Some(emsp())));

    let forwarded = n.forwarded();
    assert_eq!(forwarded.len(), 1);
    let seen = &forwarded[0];
    assert_eq!(seen.host, "emsp.test");
    assert_eq!(
        seen.request.uri().path(),
        "/ocpi/2.2.1/receiver/locations/BE/BEC/LOC1"
    );
    let h = seen.request.headers();
    assert_eq!(h[X_CORRELATION_ID], "corr-1");
    assert_ne!(h[X_REQUEST_ID], "req-1");
    assert_eq!(h[X_REQUEST_ID].len(), 36);
    let routing = routing_of(h);
    assert_eq!((routing.to, routing.from), (Some(emsp()), Some(cpo1())));
    // The eMSP's own token at the Hub is not what the Hub sends: it sends the token the eMSP
    // gave it.
    let emsp_issued = n.hub.server().platform().store().peers();
    let to_emsp = emsp_issued
        .iter()
        .find(|p| p.id == PeerId::new("emsp"))
        .unwrap();
    assert_eq!(
        h[AUTHORIZATION],
        authorization_header(to_emsp.credentials.token(), to_emsp.mode)
    );
    assert_eq!(h[VIA], "OCPI/2.2.1 hub.test");
    // Byte for byte: the body is what the CPO sent.
    assert_eq!(seen.request.body(), body.as_bytes());

    let stored = n.emsp.1.locations.values();
    assert_eq!(stored.len(), 1);
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(as_2_2_1(&stored[0]), sent);
}

#[tokio::test]
async fn a_routed_paginated_get_links_back_through_the_hub() {
    let n = network().await;
    let get =
        |path: &str| Net::request(&n.emsp.0, Method::GET, path, "", Some(emsp()), Some(cpo1()));
    let response = n.hub.handle(get("2.2.1/sender/locations?limit=2")).await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    assert_eq!(response.headers()[X_TOTAL_COUNT], "3");
    assert_eq!(response.headers()["x-limit"], "2");
    let link = response.headers()[LINK].to_str().unwrap().to_owned();
    assert_eq!(
        link,
        "<https://hub.test/ocpi/2.2.1/sender/locations?offset=2&limit=2>; rel=\"next\""
    );
    let forwarded = n.forwarded();
    assert_eq!(forwarded[0].host, "cpo.test");
    assert_eq!(
        forwarded[0].request.uri().to_string(),
        "https://cpo.test/ocpi/2.2.1/sender/locations?limit=2"
    );
    let page = parse_response::<Vec<Box<RawValue>>>(response.body())
        .unwrap()
        .value;
    assert_eq!(page.data.unwrap().len(), 2);

    // The next link, followed with the same routing headers, gives the rest.
    let next = link.trim_start_matches('<').split('>').next().unwrap();
    let rest = next.strip_prefix("https://hub.test/ocpi/").unwrap();
    let response = n.hub.handle(get(rest)).await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    assert!(response.headers().get(LINK).is_none());
    let page = parse_response::<Vec<Box<RawValue>>>(response.body())
        .unwrap()
        .value;
    assert_eq!(page.data.unwrap().len(), 1);
}

/// Paging headers that are not numbers are not passed on: the Hub sends what a strict
/// reader takes.
#[tokio::test]
async fn paging_headers_that_are_not_numbers_are_not_passed_on() {
    let n = network().await;
    n.fault("cpo.test", Fault::BadCounts);
    let path = "2.2.1/sender/locations?limit=2";
    let response = n
        .route((&n.emsp.0, emsp()), Method::GET, path, "", cpo1())
        .await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    assert!(response.headers().get(X_TOTAL_COUNT).is_none());
    assert!(response.headers().get(X_LIMIT).is_none());
}

#[tokio::test]
async fn a_broadcast_token_reaches_both_cpos() {
    let n = network().await;
    let body = fixture("token_put_example.json");
    // The token's owner is the eMSP: the example's party is NL*TNM.
    let response = n
        .hub
        .handle(Net::request(
            &n.emsp.0,
            Method::PUT,
            "2.2.1/receiver/tokens/NL/TNM/012345678?type=RFID",
            &body,
            Some(emsp()),
            Some(hub_party()),
        ))
        .await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    let reply = routing_of(response.headers());
    assert_eq!((reply.to, reply.from), (Some(emsp()), Some(hub_party())));
    let mut hosts: Vec<String> = n
        .forwarded()
        .into_iter()
        .map(|s| {
            assert_eq!(s.status, http::StatusCode::OK);
            let r = routing_of(s.request.headers());
            assert_eq!(r.from, Some(hub_party()));
            assert_eq!(s.request.uri().query(), Some("type=RFID"));
            s.host
        })
        .collect();
    hosts.sort();
    assert_eq!(hosts, ["cpo.test", "cpo2.test"]);
    for memory in [&n.cpo1.1, &n.cpo2.1] {
        let tokens = memory.tokens.values();
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].uid.as_str(), "012345678");
    }
    // Nothing went to the eMSPs.
    assert!(n.emsp2.1.tokens.is_empty());
}

#[tokio::test]
async fn a_get_all_via_the_hub_lists_every_cpo_across_pages() {
    let n = network().await;
    let get = |query: &str| {
        Net::request(
            &n.emsp.0,
            Method::GET,
            &format!("2.2.1/sender/locations{query}"),
            "",
            Some(emsp()),
            Some(hub_party()),
        )
    };
    let mut ids = Vec::new();
    let mut query = "?limit=2".to_owned();
    let mut pages = 0;
    loop {
        let response = n.hub.handle(get(&query)).await;
        assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
        assert_eq!(response.headers()[X_TOTAL_COUNT], "5");
        let page = parse_response::<Vec<Box<RawValue>>>(response.body())
            .unwrap()
            .value;
        for item in page.data.unwrap() {
            let v: serde_json::Value = serde_json::from_str(item.get()).unwrap();
            ids.push(format!("{}*{}", v["party_id"], v["id"]).replace('"', ""));
        }
        pages += 1;
        let Some(link) = response.headers().get(LINK) else {
            break;
        };
        let link = link.to_str().unwrap();
        let url = link.trim_start_matches('<').split('>').next().unwrap();
        assert!(url.starts_with("https://hub.test/ocpi/2.2.1/sender/locations?"));
        query = format!("?{}", url.split_once('?').unwrap().1);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        ids,
        ["BEC*LOC0", "BEC*LOC1", "BEC*LOC2", "CPO*LOC0", "CPO*LOC1"]
    );
}

// ---------------------------------------------------------------------------------------------
// Bad routing input: the spec's answer, nothing delivered.

#[tokio::test]
async fn an_unknown_receiver_is_4001() {
    let n = network().await;
    let body = fixture("location_example.json");
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &body,
            Some(cpo1()),
            Some(party("XX", "NOP")),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4001));
    n.nothing_delivered();
}

#[tokio::test]
async fn ocpi_to_naming_the_caller_itself_is_refused() {
    let n = network().await;
    let body = fixture("location_example.json");
    for from in [Some(cpo1()), None] {
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                Method::PUT,
                LOCATION_PUT,
                &body,
                from,
                Some(cpo1()),
            ))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 2001));
    }
    n.nothing_delivered();
}

#[tokio::test]
async fn a_forged_ocpi_from_is_refused() {
    let n = network().await;
    let body = fixture("location_example.json");
    // The CPO BE*BEC claims to send as the other CPO, and as the Hub itself.
    for forged in [cpo2(), hub_party(), party("XX", "ZZZ")] {
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                Method::PUT,
                LOCATION_PUT,
                &body,
                Some(forged),
                Some(emsp()),
            ))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 2001), "{forged}");
    }
    n.nothing_delivered();
}

#[tokio::test]
async fn an_unknown_token_is_401_and_nothing_is_forwarded() {
    let n = network().await;
    let body = fixture("location_example.json");
    let mut request = Net::request(
        &n.cpo1.0,
        Method::PUT,
        LOCATION_PUT,
        &body,
        Some(cpo1()),
        Some(emsp()),
    );
    request.headers_mut().insert(
        AUTHORIZATION,
        authorization_header(
            &CredentialsToken::new("guess").unwrap(),
            AuthorizationMode::Base64,
        ),
    );
    let r = n.hub.handle(request).await;
    assert_eq!(statuses(&r), (http::StatusCode::UNAUTHORIZED, 2000));
    n.nothing_delivered();
}

#[tokio::test]
async fn routing_headers_on_configuration_modules_are_refused() {
    let n = network().await;
    for (method, path) in [
        (Method::GET, "versions"),
        (Method::GET, "2.2.1"),
        (Method::GET, "2.2.1/credentials"),
        (Method::DELETE, "2.2.1/credentials"),
    ] {
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                method.clone(),
                path,
                "",
                Some(cpo1()),
                Some(emsp()),
            ))
            .await;
        assert_eq!(
            statuses(&r),
            (http::StatusCode::OK, 2001),
            "{method} {path}"
        );
    }
    // Still registered: the DELETE did not go through.
    assert_eq!(n.hub.server().platform().store().peers().len(), 4);
    n.nothing_delivered();
}

#[tokio::test]
async fn a_get_broadcast_is_refused() {
    let n = network().await;
    // A GET of one object addressed to the Hub is a broadcast GET.
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp.0,
            Method::GET,
            "2.2.1/sender/locations/LOC1",
            "",
            Some(emsp()),
            Some(hub_party()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 2001));
    // GET on a Receiver interface addressed to the Hub, too.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::GET,
            "2.2.1/receiver/tokens/NL/TNM/012345678",
            "",
            Some(cpo1()),
            Some(hub_party()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 2001));
    n.nothing_delivered();
}

#[tokio::test]
async fn sessions_and_cdrs_are_not_broadcast_nor_combined() {
    let n = network().await;
    let session = fixture("session_example_1_simple_start.json");
    let cdr = fixture("cdr_example.json");
    for (path, body, method) in [
        ("2.2.1/receiver/sessions/BE/BEC/101", &session, Method::PUT),
        ("2.2.1/receiver/cdrs", &cdr, Method::POST),
    ] {
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                method,
                path,
                body,
                Some(cpo1()),
                Some(hub_party()),
            ))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 2001), "{path}");
    }
    // Nor combined by a GET All via the Hub.
    for path in ["2.2.1/sender/cdrs", "2.2.1/sender/sessions"] {
        let r = n
            .hub
            .handle(Net::request(
                &n.emsp.0,
                Method::GET,
                path,
                "",
                Some(emsp()),
                Some(hub_party()),
            ))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 2001), "{path}");
    }
    n.nothing_delivered();
}

#[tokio::test]
async fn a_destination_that_times_out_is_4002() {
    let n = network().await;
    n.fault("emsp.test", Fault::Timeout);
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &fixture("location_example.json"),
            Some(cpo1()),
            Some(emsp()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4002));
    n.nothing_delivered();
}

#[tokio::test]
async fn a_destination_that_answers_garbage_is_3000() {
    let n = network().await;
    n.fault("emsp.test", Fault::Garbage);
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &fixture("location_example.json"),
            Some(cpo1()),
            Some(emsp()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 3000));
    let message = parse_response::<Box<RawValue>>(r.body())
        .unwrap()
        .value
        .status_message
        .unwrap();
    assert!(message.contains("HTTP 502"), "{message}");
    n.nothing_delivered();
}

#[tokio::test]
async fn a_destination_that_cannot_be_reached_or_refuses_the_hub_is_4003() {
    let n = network().await;
    for fault in [Fault::Refused, Fault::Unauthorized] {
        n.fault("emsp.test", fault);
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                Method::PUT,
                LOCATION_PUT,
                &fixture("location_example.json"),
                Some(cpo1()),
                Some(emsp()),
            ))
            .await;
        // Never a 401 to the CPO: its own token was good.
        assert_eq!(statuses(&r), (http::StatusCode::OK, 4003), "{fault:?}");
    }
    n.nothing_delivered();
}

#[tokio::test]
async fn a_party_not_connected_is_4003() {
    let n = network().await;
    for status in [
        ConnectionStatus::Offline,
        ConnectionStatus::Planned,
        ConnectionStatus::Suspended,
    ] {
        n.directory.set_status(&emsp(), status.clone());
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                Method::PUT,
                LOCATION_PUT,
                &fixture("location_example.json"),
                Some(cpo1()),
                Some(emsp()),
            ))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 4003), "{status}");
    }
    n.nothing_delivered();
}

#[tokio::test]
async fn a_request_the_hub_does_not_convert_is_refused_across_versions() {
    let n = network().await;
    // A PUT at the level of a party, which names no object: the Hub knows no conversion for
    // it, and refuses it across versions.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            "2.2.1/receiver/locations/BE/BEC",
            &fixture("location_example.json"),
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 3002));
    n.nothing_delivered();
}

#[tokio::test]
async fn a_location_put_is_converted_for_a_receiver_in_another_version() {
    let n = network().await;
    let body = fixture("location_example.json");
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &body,
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(
        seen[0].request.uri().to_string(),
        "https://emsp2.test/ocpi/2.3.0/receiver/locations/BE/BEC/LOC1"
    );
    assert_eq!(seen[0].request.headers()[VIA], "OCPI/2.3.0 hub.test");
    let stored = n.emsp2.1.locations.values();
    assert_eq!(stored.len(), 1);
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(as_2_2_1(&stored[0]), sent);
    // A body the sender's version does not read is the sender's fault; nothing forwarded.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            r#"{"id": 5}"#,
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 2001));
    assert!(n.forwarded().is_empty());
}

/// The token example, owned by the 2.3.0 eMSP DE*MS2.
fn ms2_token_json() -> String {
    hub_net::token_json(emsp2())
}

#[tokio::test]
async fn a_token_list_is_converted_for_a_sender_in_another_version() {
    let n = network().await;
    let token: ocpi_protocol::v2_3_0::tokens::Token = read_2_2_1(&ms2_token_json());
    n.emsp2.1.tokens.put(token);
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::GET,
            "2.2.1/sender/tokens",
            "",
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    assert_eq!(r.headers()[X_TOTAL_COUNT], "1");
    assert_eq!(
        n.forwarded()[0].request.uri().to_string(),
        "https://emsp2.test/ocpi/2.3.0/sender/tokens"
    );
    let page = parse_response::<Vec<ocpi_protocol::v2_2_1::tokens::Token>>(r.body())
        .unwrap()
        .value;
    let got = serde_json::to_value(&page.data.unwrap()[0]).unwrap();
    let sent: serde_json::Value = serde_json::from_str(&ms2_token_json()).unwrap();
    assert_eq!(got, sent);
}

#[tokio::test]
async fn a_broadcast_across_versions_is_converted_and_skips_parties_not_connected() {
    let n = network().await;
    n.directory.set_status(&cpo2(), ConnectionStatus::Offline);
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp2.0,
            Method::PUT,
            "2.3.0/receiver/tokens/DE/MS2/012345678?type=RFID",
            &ms2_token_json(),
            Some(emsp2()),
            Some(hub_party()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request.uri().to_string(),
        "https://cpo.test/ocpi/2.2.1/receiver/tokens/DE/MS2/012345678?type=RFID"
    );
    assert_eq!(n.cpo1.1.tokens.len(), 1);
    assert!(n.cpo2.1.tokens.is_empty());
}

#[tokio::test]
async fn a_request_that_passed_this_hub_is_a_loop() {
    let n = network().await;
    let body = fixture("location_example.json");
    let with_via = |via: &str| {
        let mut r = Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &body,
            Some(cpo1()),
            Some(emsp()),
        );
        r.headers_mut().insert(VIA, via.parse().unwrap());
        r
    };
    let r = n
        .hub
        .handle(with_via("OCPI/2.2.1 other.test, OCPI/2.2.1 HUB.test"))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4000));
    // Too many Hubs on the way.
    let r = n
        .hub
        .handle(with_via(
            "OCPI/2.2.1 a.test, OCPI/2.2.1 b.test, OCPI/2.2.1 c.test, OCPI/2.2.1 d.test",
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4000));
    n.nothing_delivered();
    // Fewer pass.
    let r = n.hub.handle(with_via("OCPI/2.2.1 a.test")).await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(seen[0].request.headers()[VIA], "OCPI/2.2.1 a.test");
    let entries: Vec<&str> = seen[0]
        .request
        .headers()
        .get_all(VIA)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(entries, ["OCPI/2.2.1 a.test", "OCPI/2.2.1 hub.test"]);
}

#[tokio::test]
async fn a_route_back_to_the_hub_is_stopped_as_a_loop() {
    let n = network().await;
    // A platform registered at the Hub whose Locations endpoint is the Hub's own (a Hub
    // that routes back), serving XX*LOP by the directory.
    let hub_platform = n.hub.server().platform();
    let own = hub_platform
        .config()
        .credentials
        .iter()
        .find(|c| c.version() == OcpiVersion::V2_2_1)
        .unwrap()
        .clone();
    let token = CredentialsToken::new("back-to-the-hub").unwrap();
    let credentials = own.with_token(
        token.clone(),
        Url::new("https://hub.test/ocpi/versions").unwrap(),
    );
    let peer = Peer {
        id: PeerId::new("itself-remote"),
        version: OcpiVersion::V2_2_1,
        mode: AuthorizationMode::Base64,
        accept: AuthorizationMode::Base64,
        revision: Revision::from_u64(7),
        terms: PartyGrant::exactly(&credentials).into(),
        credentials,
        endpoints: vec![Endpoint::new(
            "locations",
            Some(InterfaceRole::Receiver),
            Url::new("https://hub.test/ocpi/2.2.1/receiver/locations").unwrap(),
        )],
    };
    hub_platform
        .store()
        .apply(Change::SavePeer {
            peer: Box::new(peer),
            token: Some(token),
            rotated_until: None,
            expect: Expect {
                revision: None,
                pending: None,
                at: std::time::SystemTime::now(),
            },
        })
        .await
        .unwrap()
        .unwrap();
    n.directory
        .connect(party("XX", "LOP"), Role::Emsp, PeerId::new("itself-remote"));
    n.forwarded();
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &fixture("location_example.json"),
            Some(cpo1()),
            Some(party("XX", "LOP")),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4000));
    // One hop back to the Hub, refused there; no party received anything.
    let seen = n.forwarded();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].host, "hub.test");
    n.nothing_delivered();
}

// ---------------------------------------------------------------------------------------------
// Hub Client Info

/// The status of `party` as the receiver `memory` holds it.
fn held_status(memory: &Memory, p: PartyRef) -> Option<ConnectionStatus> {
    memory
        .client_info
        .values()
        .into_iter()
        .find(|c| c.country_code == p.country_code && c.party_id == p.party_id)
        .map(|c| c.status)
}

#[tokio::test]
async fn the_hub_serves_its_client_info_list_paginated() {
    let n = network().await;
    let mut r = Net::request(
        &n.cpo1.0,
        Method::GET,
        "2.2.1/sender/hubclientinfo?limit=3",
        "",
        None,
        None,
    );
    r.headers_mut().remove(X_CORRELATION_ID);
    let response = n.hub.handle(r).await;
    assert_eq!(statuses(&response), (http::StatusCode::OK, 1000));
    assert_eq!(response.headers()[X_TOTAL_COUNT], "4");
    assert_eq!(
        response.headers()[LINK],
        "<https://hub.test/ocpi/2.2.1/sender/hubclientinfo?offset=3&limit=3>; rel=\"next\""
    );
    let page = parse_response::<Vec<Box<RawValue>>>(response.body())
        .unwrap()
        .value;
    assert_eq!(page.data.unwrap().len(), 3);
    // Routing headers are refused there: a configuration module.
    let r = Net::request(
        &n.cpo1.0,
        Method::GET,
        "2.2.1/sender/hubclientinfo",
        "",
        Some(cpo1()),
        Some(emsp()),
    );
    assert_eq!(
        statuses(&n.hub.handle(r).await),
        (http::StatusCode::OK, 2001)
    );
    n.nothing_delivered();
}

#[tokio::test]
async fn a_status_change_is_pushed_to_the_connected_parties() {
    let n = network().await;
    let changed = n.directory.set_status(&emsp(), ConnectionStatus::Offline);
    assert_eq!(changed.len(), 1);
    let report = n.hub.push_client_info(&changed).await.unwrap();
    let mut accepted: Vec<&str> = report.accepted.iter().map(|p| p.as_str()).collect();
    accepted.sort();
    assert_eq!(accepted, ["cpo1", "cpo2", "emsp2"]);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    for memory in [&n.cpo1.1, &n.cpo2.1, &n.emsp2.1] {
        assert_eq!(held_status(memory, emsp()), Some(ConnectionStatus::Offline));
    }
    // Not to the party itself, which is not connected.
    assert_eq!(held_status(&n.emsp.1, emsp()), None);
    // Configuration module: no routing headers on the pushes.
    for seen in n.forwarded() {
        assert_eq!(routing_of(seen.request.headers()), Routing::default());
        assert!(seen
            .request
            .uri()
            .path()
            .ends_with("/receiver/hubclientinfo/NL/TNM"));
    }
}

#[tokio::test]
async fn the_still_alive_check_takes_a_silent_party_offline() {
    let n = network().await;
    // The eMSP is heard from: a routed GET.
    let r = Net::request(
        &n.emsp.0,
        Method::GET,
        "2.2.1/sender/locations",
        "",
        Some(emsp()),
        Some(cpo1()),
    );
    assert_eq!(statuses(&n.hub.handle(r).await).1, 1000);
    assert!(n.hub.last_seen(&PeerId::new("emsp")).is_some());
    n.fault("emsp.test", Fault::Timeout);
    n.forwarded();
    // Within the idle time, the eMSP is not called; the others, never heard from, are, and
    // answer.
    let offline = n.hub.still_alive(STILL_ALIVE_AFTER).await.unwrap();
    assert!(offline.is_empty());
    let mut called: Vec<String> = n.forwarded().into_iter().map(|s| s.host).collect();
    called.sort();
    assert_eq!(called, ["cpo.test", "cpo2.test", "emsp2.test"]);
    assert!(n.hub.last_seen(&PeerId::new("cpo1")).is_some());
    // Past it, the eMSP is called, does not answer, and goes OFFLINE.
    let offline = n.hub.still_alive(std::time::Duration::ZERO).await.unwrap();
    assert_eq!(offline.len(), 1);
    assert_eq!(offline[0].party, emsp());
    assert_eq!(offline[0].status, ConnectionStatus::Offline);
    for memory in [&n.cpo1.1, &n.cpo2.1, &n.emsp2.1] {
        assert_eq!(held_status(memory, emsp()), Some(ConnectionStatus::Offline));
    }
    // And the Hub routes nothing to it any more.
    n.faults.lock().unwrap().clear();
    let r = Net::request(
        &n.cpo1.0,
        Method::PUT,
        LOCATION_PUT,
        &fixture("location_example.json"),
        Some(cpo1()),
        Some(emsp()),
    );
    assert_eq!(
        statuses(&n.hub.handle(r).await),
        (http::StatusCode::OK, 4003)
    );
    assert!(n.emsp.1.locations.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The typed client through the Hub

#[tokio::test]
async fn the_typed_client_crawls_a_cpo_and_pushes_a_location_through_the_hub() {
    let n = network().await;
    // The eMSP's client of the Hub, addressed to the CPO BE*BEC: the Hub's published endpoints
    // are the routed interfaces.
    let hub_peer = n.emsp.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(emsp(), cpo1());
    let listed = client
        .locations_sender()
        .unwrap()
        .list(&ocpi_protocol::client::ListFilter::default())
        .await
        .unwrap();
    let mut ids: Vec<String> = listed.items.iter().map(|l| l.id.to_string()).collect();
    ids.sort();
    assert_eq!(ids, ["LOC0", "LOC1", "LOC2"]);
    // Two pages of at most 2, the second from the Hub's next link: each a request to the Hub
    // (logged once answered) that the Hub forwards to the CPO.
    let hosts: Vec<String> = n.forwarded().into_iter().map(|s| s.host).collect();
    assert_eq!(hosts, ["cpo.test", "hub.test", "cpo.test", "hub.test"]);

    // The CPO pushes a Location to the eMSP with its own client of the Hub.
    let hub_peer = n.cpo1.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(cpo1(), emsp());
    let sent = location(cpo1(), "LOC9");
    client
        .locations_receiver()
        .unwrap()
        .put_location(&sent)
        .await
        .unwrap();
    assert_eq!(n.emsp.1.locations.values(), vec![sent]);
}

// ---------------------------------------------------------------------------------------------
// Open Routing Requests: no OCPI-to headers.

/// The routing headers of the answer the Hub forwarded from `host`.
fn answered_with(seen: &[Seen], host: &str) -> Routing {
    let s = seen.iter().find(|s| s.host == host).expect("forwarded");
    routing_of(&s.answer_headers)
}

/// A party that names another party in a Receiver URL is refused by the Hub (HTTP 404, as a
/// party's own server answers it) before anything is forwarded, whether it names a receiver,
/// broadcasts or leaves the routing open: the parties behind the Hub accept any party in a URL
/// from the Hub, so the Hub is where a party is kept to its own objects.
#[tokio::test]
async fn a_receiver_url_naming_another_party_is_refused_by_the_hub() {
    let n = network().await;
    n.emsp.1.locations.put(location(cpo2(), "LOC7"));
    let before = n.emsp.1.locations.values();
    let body = fixture("location_example.json");
    for (method, path, body, to) in [
        // Overwriting FR*CPO's Location at the eMSP.
        (
            Method::PUT,
            "2.2.1/receiver/locations/FR/CPO/LOC7",
            body.as_str(),
            Some(emsp()),
        ),
        // The same as a Broadcast Push.
        (
            Method::PUT,
            "2.2.1/receiver/locations/FR/CPO/LOC7",
            body.as_str(),
            Some(hub_party()),
        ),
        // Reading FR*CPO's Location from the eMSP, named or left to open routing.
        (
            Method::GET,
            "2.2.1/receiver/locations/FR/CPO/LOC7",
            "",
            Some(emsp()),
        ),
        (
            Method::GET,
            "2.2.1/receiver/locations/FR/CPO/LOC7",
            "",
            None,
        ),
        // A Token of the eMSP's, at a CPO.
        (
            Method::GET,
            "2.2.1/receiver/tokens/NL/TNM/012345678",
            "",
            Some(cpo2()),
        ),
    ] {
        let r = n
            .hub
            .handle(Net::request(
                &n.cpo1.0,
                method.clone(),
                path,
                body,
                Some(cpo1()),
                to,
            ))
            .await;
        assert_eq!(
            statuses(&r),
            (http::StatusCode::NOT_FOUND, 2000),
            "{method} {path} to {to:?}"
        );
    }
    assert!(n.forwarded().is_empty());
    assert_eq!(n.emsp.1.locations.values(), before);
    // The sender's own party passes.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &body,
            Some(cpo1()),
            Some(emsp()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
}

/// A party cannot reach another party's objects through the Hub by a path the receiver (or
/// any HTTP client or proxy on the way) reads as another: dot segments, plain or
/// percent-encoded, empty segments and encoded slashes are refused (2001); a party segment is
/// read percent-decoded, as the receiver reads it (404 when it is another party's), and a
/// Receiver URL without a party is refused (2001). Nothing is forwarded.
#[tokio::test]
async fn a_path_read_as_another_partys_is_refused_by_the_hub() {
    let n = network().await;
    n.emsp.1.locations.put(location(cpo1(), "LOC1"));
    let before = n.emsp.1.locations.values();
    let body = fixture("location_example.json")
        .replace("BEC", "CPO")
        .replace("\"BE\"", "\"FR\"");
    let (refused, not_found) = (
        (http::StatusCode::OK, 2001),
        (http::StatusCode::NOT_FOUND, 2000),
    );
    for (path, expected) in [
        ("FR/CPO/../../BE/BEC/LOC1", refused),
        ("FR/CPO/%2e%2e/%2E%2E/BE/BEC/LOC1", refused),
        ("FR/CPO/.%2e/.%2e/BE/BEC/LOC1", refused),
        ("FR/CPO/%2e/LOC1", refused),
        ("FR//CPO/LOC1", refused),
        ("FR/CPO/x%2F..%2F..%2FBE%2FBEC%2FLOC1", refused),
        ("FRA/CPO/LOC1", refused),
        ("B%45/BEC/LOC1", not_found),
    ] {
        let path = format!("2.2.1/receiver/locations/{path}");
        let r = n
            .statuses_of((&n.cpo2.0, cpo2()), Method::PUT, &path, &body, emsp())
            .await;
        assert_eq!(r, expected, "{path}");
    }
    assert!(n.forwarded().is_empty());
    assert_eq!(n.emsp.1.locations.values(), before);
}

/// A pushed object names its owner (`country_code`, `party_id`); a CDR names it only there.
/// The Hub refuses (2001) a push whose object is another party's, even under the sender's
/// own URL, sent as a one-element array, or naming its owner twice; nothing is forwarded, and
/// the real owner's CDR still goes through.
#[tokio::test]
async fn an_object_naming_another_owner_is_refused_by_the_hub() {
    let n = network().await;
    let theirs = cdr_json(cpo1(), Some(emsp()));
    // BE*BEC's Location, under FR*CPO's own URL.
    let their_location = fixture("location_example.json");
    for (method, path, body) in [
        (Method::POST, "2.2.1/receiver/cdrs", theirs.clone()),
        (Method::POST, "2.2.1/receiver/cdrs", format!("[{theirs}]")),
        (
            Method::POST,
            "2.2.1/receiver/cdrs",
            theirs.replacen("{", r#"{"country_code": "FR","#, 1),
        ),
        (
            Method::PUT,
            "2.2.1/receiver/locations/FR/CPO/LOC1",
            their_location,
        ),
        (
            Method::PATCH,
            "2.2.1/receiver/locations/FR/CPO/LOC1",
            r#"{"party_id": "BEC", "last_updated": "2019-06-24T12:39:09Z"}"#.to_owned(),
        ),
        (Method::POST, "2.2.1/receiver/cdrs", "not json".to_owned()),
    ] {
        let r = n
            .statuses_of((&n.cpo2.0, cpo2()), method.clone(), path, &body, emsp())
            .await;
        assert_eq!(
            r,
            (http::StatusCode::OK, 2001),
            "{method} {path} {body:.80}"
        );
    }
    assert!(n.forwarded().is_empty());
    assert!(n.emsp.1.cdrs.is_empty() && n.emsp.1.locations.is_empty());
    let cdrs = "2.2.1/receiver/cdrs";
    let r = n
        .statuses_of((&n.cpo1.0, cpo1()), Method::POST, cdrs, &theirs, emsp())
        .await;
    assert_eq!(r, (http::StatusCode::CREATED, 1000));
    assert_eq!(n.emsp.1.cdrs.len(), 1);
}

#[tokio::test]
async fn an_open_session_goes_to_the_emsp_its_body_names() {
    let n = network().await;
    let body = session_json(cpo1(), Some(emsp()));
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            "2.2.1/receiver/sessions/BE/BEC/101",
            &body,
            Some(cpo1()),
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let reply = routing_of(r.headers());
    assert_eq!((reply.to, reply.from), (Some(cpo1()), Some(emsp())));
    let seen = n.forwarded();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].host, "emsp.test");
    assert_eq!(seen[0].request.body(), body.as_bytes());
    let routing = routing_of(seen[0].request.headers());
    assert_eq!((routing.to, routing.from), (Some(emsp()), Some(cpo1())));
    let stored = n.emsp.1.sessions.values();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id.as_str(), "101");
    // Nowhere else.
    assert!(n.emsp2.1.sessions.is_empty());
}

#[tokio::test]
async fn an_open_push_of_a_location_by_its_owner_is_broadcast() {
    let n = network().await;
    let body = fixture("location_example.json");
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &body,
            Some(cpo1()),
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let reply = routing_of(r.headers());
    assert_eq!((reply.to, reply.from), (Some(cpo1()), Some(hub_party())));
    let mut hosts: Vec<String> = n.forwarded().into_iter().map(|s| s.host).collect();
    hosts.sort();
    assert_eq!(hosts, ["emsp.test", "emsp2.test"]);
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    for memory in [&n.emsp.1, &n.emsp2.1] {
        let stored = memory.locations.values();
        assert_eq!(stored.len(), 1);
        assert_eq!(as_2_2_1(&stored[0]), sent);
    }
}

#[tokio::test]
async fn an_open_get_naming_no_other_party_is_4001() {
    let n = network().await;
    for (server, path, from) in [
        // A GET of one Location on a Sender interface: whose?
        (&n.emsp.0, "2.2.1/sender/locations/LOC1", emsp()),
        // The CPO's own Location at some Receiver: which?
        (&n.cpo1.0, "2.2.1/receiver/locations/BE/BEC/LOC1", cpo1()),
        // A real-time authorization of a Token the Hub cannot place.
        (
            &n.cpo1.0,
            "2.2.1/sender/tokens/012345678/authorize?type=RFID",
            cpo1(),
        ),
    ] {
        let method = if path.ends_with("RFID") {
            Method::POST
        } else {
            Method::GET
        };
        let r = n
            .hub
            .handle(Net::request(server, method, path, "", Some(from), None))
            .await;
        assert_eq!(statuses(&r), (http::StatusCode::OK, 4001), "{path}");
    }
    // A GET All must name the Hub: 2001.
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp.0,
            Method::GET,
            "2.2.1/sender/locations",
            "",
            Some(emsp()),
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 2001));
    // The configuration modules are never routed: the Hub's own server answers.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::GET,
            "2.2.1/credentials",
            "",
            None,
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    n.nothing_delivered();
}

#[tokio::test]
async fn open_sessions_and_cdrs_are_never_broadcast() {
    // Whatever the application's policy says.
    for options in [
        HubOptions::default(),
        HubOptions {
            open_routing: Arc::new(|_: &OpenRequest<'_>| OpenRoute::Broadcast),
            ..HubOptions::default()
        },
    ] {
        let by_default = (options.open_routing)(&dummy_open()) != OpenRoute::Broadcast;
        let n = network_with(options).await;
        for (method, path, body) in [
            (
                Method::PUT,
                "2.2.1/receiver/sessions/BE/BEC/101",
                session_json(cpo1(), None),
            ),
            (Method::POST, "2.2.1/receiver/cdrs", cdr_json(cpo1(), None)),
        ] {
            let r = n
                .hub
                .handle(Net::request(
                    &n.cpo1.0,
                    method,
                    path,
                    &body,
                    Some(cpo1()),
                    None,
                ))
                .await;
            let expected = if by_default { 4001 } else { 2001 };
            assert_eq!(statuses(&r), (http::StatusCode::OK, expected), "{path}");
        }
        n.nothing_delivered();
        assert!(n.emsp.1.sessions.is_empty() && n.emsp2.1.sessions.is_empty());
        assert!(n.emsp.1.cdrs.is_empty() && n.emsp2.1.cdrs.is_empty());
    }
}

/// Any open request, to ask a policy what it does with one.
fn dummy_open() -> OpenRequest<'static> {
    OpenRequest {
        from: party("BE", "BEC"),
        senders: &[],
        method: &Method::PUT,
        version: OcpiVersion::V2_2_1,
        module: Module::Sessions,
        iface: Interface::Receiver,
        path: "/BE/BEC/101",
        query: None,
        body: b"{}",
        owner: Some(party("BE", "BEC")),
        token_owner: None,
    }
}

#[tokio::test]
async fn the_application_routes_open_requests_its_own_way() {
    // The application knows which CPO serves which Location id: the Locations of FR*CPO are
    // asked for through the Hub by id alone.
    let options = HubOptions {
        open_routing: Arc::new(|open: &OpenRequest<'_>| {
            if open.module == Module::Locations
                && open.iface == Interface::Sender
                && open.path.starts_with("/LOC")
            {
                return OpenRoute::To(party("FR", "CPO"));
            }
            default_open_routing(open)
        }),
        ..HubOptions::default()
    };
    let n = network_with(options).await;
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp.0,
            Method::GET,
            "2.2.1/sender/locations/LOC1",
            "",
            Some(emsp()),
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request.uri().to_string(),
        "https://cpo2.test/ocpi/2.2.1/sender/locations/LOC1"
    );
    let got = parse_response::<Box<RawValue>>(r.body()).unwrap().value;
    let got: serde_json::Value = serde_json::from_str(got.data.unwrap().get()).unwrap();
    assert_eq!(
        (&got["party_id"], &got["id"]),
        (&"CPO".into(), &"LOC1".into())
    );
    let reply = routing_of(r.headers());
    assert_eq!((reply.to, reply.from), (Some(emsp()), Some(cpo2())));
    // The rest as by default.
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp.0,
            Method::GET,
            "2.2.1/sender/tokens/X1",
            "",
            Some(emsp()),
            None,
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 4001));
}

// ---------------------------------------------------------------------------------------------
// The routing headers of a party's answers.

#[tokio::test]
async fn a_party_answers_a_routed_request_with_the_routing_headers_swapped() {
    let n = network().await;
    // Through the Hub: the eMSP's own answer to the Hub carries them.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            LOCATION_PUT,
            &fixture("location_example.json"),
            Some(cpo1()),
            Some(emsp()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    let answer = answered_with(&seen, "emsp.test");
    assert_eq!((answer.to, answer.from), (Some(cpo1()), Some(emsp())));
    // An error answer too.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::GET,
            "2.2.1/receiver/locations/BE/BEC/NOPE",
            "",
            Some(cpo1()),
            Some(emsp()),
        ))
        .await;
    assert_ne!(statuses(&r).1, 1000);
    let answer = answered_with(&n.forwarded(), "emsp.test");
    assert_eq!((answer.to, answer.from), (Some(cpo1()), Some(emsp())));

    // A request without routing headers (peer to peer, one party each) gets none.
    let hub_at_emsp = n
        .hub
        .server()
        .platform()
        .store()
        .peers()
        .into_iter()
        .find(|p| p.id == PeerId::new("emsp"))
        .unwrap();
    let mut direct = http::Request::new(Vec::new());
    *direct.uri_mut() = "https://emsp.test/ocpi/2.2.1/receiver/locations/BE/BEC/LOC1"
        .parse()
        .unwrap();
    direct.headers_mut().insert(
        AUTHORIZATION,
        authorization_header(hub_at_emsp.credentials.token(), hub_at_emsp.mode),
    );
    let r = n.emsp.0.handle(direct).await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    assert_eq!(routing_of(r.headers()), Routing::default());
}

// ---------------------------------------------------------------------------------------------
// Conversion of the other modules between a 2.2.1 party and a 2.3.0 one.

/// The JSON a 2.3.0 object is for a 2.2.1 peer.
fn written_2_2_1<W: Wire>(value: &W) -> serde_json::Value {
    let bridge = Bridge::default();
    serde_json::from_slice(&value.write(&edge_2_2_1(&bridge)).unwrap()).unwrap()
}

/// The 2.2.1 side of a conversion with the default Bridge.
fn edge_2_2_1(bridge: &Bridge) -> Edge<'_> {
    Edge {
        version: OcpiVersion::V2_2_1,
        party: None,
        bridge,
    }
}

/// A 2.3.0 object read from 2.2.1 JSON.
fn read_2_2_1<W: Wire>(json: &str) -> W {
    let bridge = Bridge::default();
    W::read(json.as_bytes(), &edge_2_2_1(&bridge)).unwrap()
}

#[tokio::test]
async fn a_session_and_a_cdr_cross_to_a_receiver_in_another_version() {
    let n = network().await;
    let session = session_json(cpo1(), Some(emsp2()));
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::PUT,
            "2.2.1/receiver/sessions/BE/BEC/101",
            &session,
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(
        seen[0].request.uri().to_string(),
        "https://emsp2.test/ocpi/2.3.0/receiver/sessions/BE/BEC/101"
    );
    // What arrived is a 2.3.0 Session: its price has the 2.3.0 shape.
    let arrived: serde_json::Value = serde_json::from_slice(seen[0].request.body()).unwrap();
    assert_eq!(
        arrived["total_cost"]["before_taxes"],
        serde_json::json!(2.5)
    );
    let stored = n.emsp2.1.sessions.values();
    assert_eq!(stored.len(), 1);
    let sent: serde_json::Value = serde_json::from_str(&session).unwrap();
    assert_eq!(written_2_2_1(&stored[0]), sent);

    // And back: the eMSP's answer to a GET, converted to 2.2.1.
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::GET,
            "2.2.1/receiver/sessions/BE/BEC/101",
            "",
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let got = parse_response::<Box<RawValue>>(r.body()).unwrap().value;
    let got: serde_json::Value = serde_json::from_str(got.data.unwrap().get()).unwrap();
    assert_eq!(got, sent);
    n.forwarded();

    let cdr = cdr_json(cpo1(), Some(emsp2()));
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::POST,
            "2.2.1/receiver/cdrs",
            &cdr,
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::CREATED, 1000));
    let stored = n.emsp2.1.cdrs.values();
    assert_eq!(stored.len(), 1);
    let sent: serde_json::Value = serde_json::from_str(&cdr).unwrap();
    assert_eq!(written_2_2_1(&stored[0]), sent);
    // The CDR's URL at the eMSP, given back through the Hub.
    let location = r.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with("https://hub.test/ocpi/2.2.1/receiver/cdrs/"),
        "{location}"
    );
}

#[tokio::test]
async fn a_command_and_its_result_cross_versions_through_the_hub() {
    let n = network().await;
    // The 2.3.0 eMSP starts a session at the 2.2.1 CPO, with its client of the Hub.
    let hub_peer = n.emsp2.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(emsp2(), cpo1());
    let token = ms2_token();
    let start = ocpi_protocol::v2_3_0::commands::StartSession::new(
        Url::new("https://emsp2.test/ocpi/2.3.0/sender/commands/START_SESSION/x").unwrap(),
        token.clone(),
        CiString::new("LOC1").unwrap(),
    );
    let (uid, answer) = client
        .commands_receiver()
        .unwrap()
        .send_tracked(&n.emsp2_commands, start)
        .await
        .unwrap();
    let answer = answer.unwrap();
    assert_eq!(
        answer.result,
        ocpi_protocol::v2_3_0::commands::CommandResponseType::Accepted
    );
    let own_url = format!("https://emsp2.test/ocpi/2.3.0/sender/commands/START_SESSION/{uid}");
    let hub_url = format!("https://hub.test/ocpi/2.2.1/sender/commands/START_SESSION/{uid}");
    let seen = n.forwarded();
    let to_cpo = seen.iter().find(|s| s.host == "cpo.test").unwrap();
    assert_eq!(
        to_cpo.request.uri().to_string(),
        "https://cpo.test/ocpi/2.2.1/receiver/commands/START_SESSION"
    );
    let arrived: serde_json::Value = serde_json::from_slice(to_cpo.request.body()).unwrap();
    assert_eq!(arrived["response_url"], hub_url);
    // The CPO holds the command as sent, but for the response_url.
    let inbox = n.cpo1.1.inbox.take();
    assert_eq!(inbox.len(), 1);
    let Request::Command(CommandRequest::StartSession(held)) = &inbox[0].request else {
        panic!("{:?}", inbox[0].request);
    };
    assert_eq!(held.token, token);
    assert_eq!(held.location_id.as_str(), "LOC1");
    assert_eq!(held.response_url.as_str(), hub_url);
    assert_eq!(inbox[0].from, Some(emsp2()));

    // The CPO POSTs the result to that URL, with its client of the Hub, to the eMSP.
    let hub_peer = n.cpo1.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(cpo1(), emsp2());
    let result = ocpi_protocol::v2_3_0::commands::CommandResult::new(
        ocpi_protocol::v2_3_0::commands::CommandResultType::Accepted,
    );
    client
        .commands_sender()
        .post_result(&held.response_url, &result)
        .await
        .unwrap();
    let seen = n.forwarded();
    let to_emsp = seen.iter().find(|s| s.host == "emsp2.test").unwrap();
    assert_eq!(to_emsp.request.uri().to_string(), own_url);
    let record = n.emsp2_commands.get(&uid).unwrap();
    assert_eq!(
        record.state(),
        ocpi_protocol::modules::commands::CommandState::Finished(
            ocpi_protocol::v2_3_0::commands::CommandResultType::Accepted
        )
    );

    // A response_url the Hub cannot route back is refused, nothing forwarded.
    let foreign = ocpi_protocol::v2_3_0::commands::StartSession::new(
        Url::new("https://elsewhere.test/results/1").unwrap(),
        token,
        CiString::new("LOC1").unwrap(),
    );
    let hub_peer = n.emsp2.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(emsp2(), cpo1());
    let refused = client
        .commands_receiver()
        .unwrap()
        .start_session(&foreign)
        .await
        .unwrap_err();
    assert_eq!(refused.ocpi_status().map(|s| s.as_u16()), Some(2001));
    assert!(n.cpo1.1.inbox.take().is_empty());
}

/// The Token of the 2.3.0 eMSP DE*MS2, as it holds it.
fn ms2_token() -> ocpi_protocol::v2_3_0::tokens::Token {
    read_2_2_1(&ms2_token_json())
}

#[tokio::test]
async fn a_charging_profile_and_its_result_cross_versions_through_the_hub() {
    use ocpi_protocol::memory::ProfileResult;
    use ocpi_protocol::modules::charging_profiles::ProfileResultKind;
    use ocpi_protocol::v2_3_0::charging_profiles::{
        ChargingProfileResult, ChargingProfileResultType, SetChargingProfile,
    };
    let n = network().await;
    // The CPO's session of the eMSP's driver.
    let session: ocpi_protocol::v2_3_0::sessions::Session =
        read_2_2_1(&session_json(cpo1(), Some(emsp2())));
    n.cpo1.1.sessions.put(session);
    let uid = CiString::new("profile-1").unwrap();
    let own_url = ProfileResultKind::SetProfile
        .response_url(
            &Url::new("https://emsp2.test/ocpi").unwrap(),
            OcpiVersion::V2_3_0,
            &uid,
        )
        .unwrap();
    let profile: SetChargingProfile = serde_json::from_str(&format!(
        r#"{{"charging_profile":{{"charging_rate_unit":"W","charging_profile_period":[{{"start_period":0,"limit":11000.0}}]}},"response_url":"{own_url}"}}"#
    ))
    .unwrap();
    let hub_peer = n.emsp2.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(emsp2(), cpo1());
    let answer = client
        .charging_profiles_receiver()
        .unwrap()
        .set_profile("101", &profile)
        .await
        .unwrap();
    assert_eq!(
        answer.result,
        ocpi_protocol::v2_3_0::charging_profiles::ChargingProfileResponseType::Accepted
    );
    let hub_url = "https://hub.test/ocpi/2.2.1/sender/chargingprofiles/chargingprofile/profile-1";
    let held = n.cpo1.1.charging_profiles.values();
    assert_eq!(held.len(), 1);
    assert_eq!(
        held[0].value.charging_profile, profile.charging_profile,
        "the profile arrives as sent"
    );
    assert_eq!(held[0].value.response_url.as_str(), hub_url);
    n.forwarded();

    let hub_peer = n.cpo1.0.platform().store().peers().pop().unwrap();
    let client =
        ocpi_protocol::client::Client::new(n.net.clone(), hub_peer).with_routing(cpo1(), emsp2());
    let result = ChargingProfileResult::new(ChargingProfileResultType::Accepted);
    client
        .charging_profiles_sender()
        .post_profile_result(&held[0].value.response_url, &result)
        .await
        .unwrap();
    let seen = n.forwarded();
    let to_emsp = seen.iter().find(|s| s.host == "emsp2.test").unwrap();
    assert_eq!(to_emsp.request.uri().to_string(), own_url.as_str());
    let results = n.emsp2.1.profile_results.values();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].id, uid);
    assert_eq!(results[0].value, ProfileResult::Set(result));
}

#[tokio::test]
async fn a_real_time_authorization_crosses_versions() {
    let n = network().await;
    n.emsp2.1.tokens.put(ms2_token());
    let r = n
        .hub
        .handle(Net::request(
            &n.cpo1.0,
            Method::POST,
            "2.2.1/sender/tokens/012345678/authorize?type=RFID",
            r#"{"location_id":"LOC1"}"#,
            Some(cpo1()),
            Some(emsp2()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let seen = n.forwarded();
    assert_eq!(
        seen[0].request.uri().to_string(),
        "https://emsp2.test/ocpi/2.3.0/sender/tokens/012345678/authorize?type=RFID"
    );
    // The answer is a 2.2.1 AuthorizationInfo, its Token the one the eMSP holds, as 2.2.1.
    let info = parse_response::<ocpi_protocol::v2_2_1::tokens::AuthorizationInfo>(r.body())
        .unwrap()
        .value
        .data
        .unwrap();
    let token = serde_json::to_value(&info.token).unwrap();
    let sent: serde_json::Value = serde_json::from_str(&ms2_token_json()).unwrap();
    assert_eq!(token, sent);
    assert_eq!(info.location.unwrap().location_id.as_str(), "LOC1");
}

#[tokio::test]
async fn a_command_or_profile_request_the_hub_cannot_route_back_is_refused() {
    let n = network().await;
    for (method, path, body) in [
        // Not a StartSession.
        (
            Method::POST,
            "2.3.0/receiver/commands/START_SESSION",
            r#"{"response_url": 5}"#,
        ),
        // Not JSON.
        (Method::POST, "2.3.0/receiver/commands/STOP_SESSION", "{"),
        // A response_url elsewhere than the sender's Charging Profiles Sender endpoint.
        (
            Method::GET,
            "2.3.0/receiver/chargingprofiles/101?duration=900&response_url=https%3A%2F%2Fevil.test%2Fr",
            "",
        ),
        (
            Method::DELETE,
            "2.3.0/receiver/chargingprofiles/101?response_url=https%3A%2F%2Femsp2.test%2Fother%2F1",
            "",
        ),
    ] {
        let r = n
            .hub
            .handle(Net::request(
                &n.emsp2.0,
                method,
                path,
                body,
                Some(emsp2()),
                Some(cpo1()),
            ))
            .await;
        let (http_status, ocpi) = statuses(&r);
        assert!(
            (http_status == http::StatusCode::OK && ocpi == 2001)
                || http_status == http::StatusCode::BAD_REQUEST,
            "{path}: {http_status} {ocpi}"
        );
    }
    n.nothing_delivered();
    assert!(n.cpo1.1.inbox.take().is_empty());
}

#[tokio::test]
async fn a_profile_request_in_the_query_points_its_result_through_the_hub() {
    let n = network().await;
    let session: ocpi_protocol::v2_3_0::sessions::Session =
        read_2_2_1(&session_json(cpo1(), Some(emsp2())));
    n.cpo1.1.sessions.put(session);
    let own = "https://emsp2.test/ocpi/2.3.0/sender/chargingprofiles/activechargingprofile/a1";
    let r = n
        .hub
        .handle(Net::request(
            &n.emsp2.0,
            Method::GET,
            &format!(
                "2.3.0/receiver/chargingprofiles/101?duration=900&response_url={}",
                url::form_urlencoded::byte_serialize(own.as_bytes()).collect::<String>()
            ),
            "",
            Some(emsp2()),
            Some(cpo1()),
        ))
        .await;
    assert_eq!(statuses(&r), (http::StatusCode::OK, 1000));
    let inbox = n.cpo1.1.inbox.take();
    let [received] = inbox.as_slice() else {
        panic!("{inbox:?}")
    };
    let Request::ActiveProfile {
        duration,
        response_url,
        ..
    } = &received.request
    else {
        panic!("{received:?}")
    };
    assert_eq!(*duration, 900);
    assert_eq!(
        response_url.as_str(),
        "https://hub.test/ocpi/2.2.1/sender/chargingprofiles/activechargingprofile/a1"
    );
}
