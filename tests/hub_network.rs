//! A network of every role through one Roaming Hub (NL*HUB at `hub.test`): two CPOs, NL*CPA
//! in 2.2.1 and DE*CPB in 2.3.0; two eMSPs, NL*MSA in 2.2.1 and DE*MSB in 2.3.0; an NSP
//! (NL*NSP, 2.2.1), a NAP (NL*NAP, 2.3.0) and an SCSP (NL*SCS, 2.3.0). Each registers at the
//! Hub through the credentials handshake and mounts the interfaces its role typically
//! implements (2.3.0 terminology.asciidoc §Typical OCPI implementations per Role). The CPO
//! NL*CPA and the eMSP NL*MSA are also connected directly (2.2.1 topology.asciidoc §Platforms
//! via Hub and direct).
//!
//! Each test has the parties do their typical work with the crate's typed clients, and checks
//! every exchange end to end: what the receiver stored is what the sender sent (converted
//! where the versions differ), every request the Hub forwards keeps the sender's
//! `X-Correlation-ID` under a new `X-Request-ID`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use http::header::VIA;
use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
use ocpi_protocol::memory::{Memory, ProfileResult, Request};
use ocpi_protocol::modules::charging_profiles::ProfileResultKind;
use ocpi_protocol::modules::commands::{CommandRequest, CommandState, PendingCommands};
use ocpi_protocol::server::{Loopback, ServerBuilder};
use ocpi_protocol::transport::{PartyRef, Routing, X_CORRELATION_ID, X_REQUEST_ID};
use ocpi_protocol::types::{CiString, Url};
use ocpi_protocol::v2_3_0::charging_profiles::{
    ChargingProfileResponseType, ChargingProfileResult, ChargingProfileResultType,
    SetChargingProfile,
};
use ocpi_protocol::v2_3_0::commands::{
    CommandResponseType, CommandResult, CommandResultType, StartSession, StopSession,
};
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
use ocpi_protocol::v2_3_0::sessions::{Session, SessionPatch};
use ocpi_protocol::v2_3_0::tokens::Token;
use ocpi_protocol::versions::OcpiVersion;

#[path = "common/hub.rs"]
mod hub_net;
use hub_net::{
    cdr_json, config, hub_config, location, party, read_as, routing_of, session_json, tariff,
    token_json, written, Party, Seen,
};

const HUB: &str = "hub.test";
const V221: OcpiVersion = OcpiVersion::V2_2_1;
const V230: OcpiVersion = OcpiVersion::V2_3_0;

fn hub_party() -> PartyRef {
    party("NL", "HUB")
}

/// A list filter from 2015 on (Sessions need a `date_from`).
fn since_2015() -> ListFilter {
    ListFilter {
        date_from: Some("2015-01-01T00:00:00Z".parse().unwrap()),
        ..ListFilter::default()
    }
}

/// One platform of the network.
struct Node {
    /// Its peer id at the Hub, and its host.
    id: &'static str,
    host: &'static str,
    party: PartyRef,
    role: Role,
    version: OcpiVersion,
    server: Arc<Party>,
    memory: Memory,
    /// The commands it sent (eMSPs).
    commands: PendingCommands,
}

impl Node {
    /// Its client of a peer it registered with (`hub`, or another platform's id).
    fn client(&self, net: &Loopback, peer: &str) -> Client<Loopback> {
        let peer = self
            .server
            .platform()
            .store()
            .peers()
            .into_iter()
            .find(|p| p.id == PeerId::new(peer))
            .expect("registered");
        Client::new(net.clone(), peer)
    }

    /// Its client of the Hub, sending as itself to `to`.
    fn via_hub(&self, net: &Loopback, to: PartyRef) -> Client<Loopback> {
        self.client(net, "hub").with_routing(self.party, to)
    }
}

struct World {
    net: Loopback,
    hub: Arc<Hub<MemoryStore, Loopback, MemoryDirectory>>,
    directory: MemoryDirectory,
    log: Arc<Mutex<Vec<Seen>>>,
    cpa: Node,
    cpb: Node,
    msa: Node,
    msb: Node,
    nsp: Node,
    nap: Node,
    scsp: Node,
}

/// Builds a platform in `role` with the interfaces the role typically implements.
fn node(
    net: &Loopback,
    (id, host, party, role, version): (&'static str, &'static str, PartyRef, Role, OcpiVersion),
) -> Node {
    let commands =
        PendingCommands::new(&Url::new(&format!("https://{host}/ocpi")).unwrap()).unwrap();
    let memory = Memory::new().with_commands(commands.clone());
    let m = || memory.clone();
    let builder = ServerBuilder::new(config(host, role.clone(), party, version))
        .only_mounted()
        .hub_client_info_receiver(m());
    let builder = match role {
        Role::Cpo => builder
            .locations_sender(m())
            .sessions_sender(m())
            .cdrs_sender(m())
            .tariffs_sender(m())
            .tokens_receiver(m())
            .commands_receiver(m())
            .charging_profiles_receiver(m()),
        Role::Emsp => builder
            .locations_receiver(m())
            .sessions_receiver(m())
            .cdrs_receiver(m())
            .tariffs_receiver(m())
            .tokens_sender(m())
            .commands_sender(commands.clone()),
        Role::Nsp => builder.locations_receiver(m()).tariffs_receiver(m()),
        Role::Nap => builder
            .locations_sender(m())
            .locations_receiver(m())
            .tariffs_sender(m())
            .tariffs_receiver(m()),
        Role::Scsp => builder.sessions_receiver(m()).charging_profiles_sender(m()),
        other => panic!("no role {other:?} in this network"),
    };
    let server = Arc::new(builder.build(MemoryStore::new(), net.clone()).unwrap());
    net.attach(host, server.clone());
    Node {
        id,
        host,
        party,
        role,
        version,
        server,
        memory,
        commands,
    }
}

async fn world() -> World {
    let net = Loopback::new();
    let log = hub_net::observe(&net);
    let directory = MemoryDirectory::new();
    let hub = Arc::new(
        Hub::build(
            ServerBuilder::new(hub_config(HUB, hub_party()))
                .only_mounted()
                .hub_client_info_sender(directory.clone()),
            MemoryStore::new(),
            net.clone(),
            directory.clone(),
            HubOptions::default(),
        )
        .unwrap(),
    );
    net.attach_hub(HUB, hub.clone());
    let w = World {
        cpa: node(
            &net,
            ("cpa", "cpa.test", party("NL", "CPA"), Role::Cpo, V221),
        ),
        cpb: node(
            &net,
            ("cpb", "cpb.test", party("DE", "CPB"), Role::Cpo, V230),
        ),
        msa: node(
            &net,
            ("msa", "msa.test", party("NL", "MSA"), Role::Emsp, V221),
        ),
        msb: node(
            &net,
            ("msb", "msb.test", party("DE", "MSB"), Role::Emsp, V230),
        ),
        nsp: node(
            &net,
            ("nsp", "nsp.test", party("NL", "NSP"), Role::Nsp, V221),
        ),
        nap: node(
            &net,
            ("nap", "nap.test", party("NL", "NAP"), Role::Nap, V230),
        ),
        scsp: node(
            &net,
            ("scsp", "scsp.test", party("NL", "SCS"), Role::Scsp, V230),
        ),
        net,
        hub,
        directory,
        log,
    };
    for n in w.nodes() {
        hub_net::join(&w.hub, HUB, &w.directory, n.id, &n.server).await;
    }
    // The CPO NL*CPA and the eMSP NL*MSA also register with each other, directly.
    let own = &w.cpa.server.platform().config().credentials[0];
    let token_a = w
        .msa
        .server
        .platform()
        .issue_token_a(PeerId::new("cpa"), PartyGrant::exactly(own))
        .await
        .unwrap();
    let theirs = &w.msa.server.platform().config().credentials[0];
    w.cpa
        .server
        .platform()
        .register(
            PeerId::new("msa"),
            token_a,
            Url::new("https://msa.test/ocpi/versions").unwrap(),
            PartyGrant::exactly(theirs),
        )
        .await
        .expect("direct registration");
    w.log.lock().unwrap().clear();
    w
}

impl World {
    fn nodes(&self) -> [&Node; 7] {
        [
            &self.cpa, &self.cpb, &self.msa, &self.msb, &self.nsp, &self.nap, &self.scsp,
        ]
    }

    fn by_host(&self, host: &str) -> &Node {
        self.nodes()
            .into_iter()
            .find(|n| n.host == host)
            .unwrap_or_else(|| panic!("no platform at {host}"))
    }

    /// The exchanges since the last call, after checking the message ids of each: every
    /// request the Hub routed (it carries the Hub's `Via` and the routing headers) shares its
    /// correlation id with one request to the Hub, and no two requests share a request id.
    fn exchanges(&self) -> Vec<Seen> {
        let seen = std::mem::take(&mut *self.log.lock().unwrap());
        fn text(s: &Seen, name: &http::HeaderName) -> String {
            s.request.headers()[name].to_str().unwrap().to_owned()
        }
        let mut request_ids = BTreeSet::new();
        for s in &seen {
            assert!(
                request_ids.insert(text(s, &X_REQUEST_ID)),
                "request id reused: {}",
                s.request.uri()
            );
            // Routed by the Hub (Hub Client Info pushes are the Hub's own, not routed).
            let forwarded = s
                .request
                .headers()
                .get_all(VIA)
                .iter()
                .any(|v| v.to_str().unwrap().ends_with(HUB))
                && routing_of(s.request.headers()).from.is_some();
            if forwarded {
                let correlation = text(s, &X_CORRELATION_ID);
                let origins = seen
                    .iter()
                    .filter(|o| o.host == HUB && text(o, &X_CORRELATION_ID) == correlation)
                    .count();
                assert_eq!(
                    origins,
                    1,
                    "{} has no origin of its correlation",
                    s.request.uri()
                );
            }
        }
        seen
    }

    /// The platforms the Hub forwarded a request to, of those `seen`.
    fn reached(seen: &[Seen]) -> BTreeSet<String> {
        seen.iter()
            .filter(|s| s.host != HUB)
            .map(|s| s.host.clone())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_party_registers_at_the_hub_through_the_handshake() {
    let w = world().await;
    let at_hub = w.hub.server().platform().store().peers();
    assert_eq!(at_hub.len(), 7);
    for n in w.nodes() {
        let peer = at_hub.iter().find(|p| p.id == PeerId::new(n.id)).unwrap();
        assert_eq!(peer.version, n.version, "{}", n.id);
        assert_eq!(peer.credentials.parties(), vec![n.party]);
        let hub = n.client(&w.net, "hub");
        assert!(hub.peer().credentials.is_hub(), "{}", n.id);
    }
    let listed = w.directory.entries();
    assert_eq!(listed.len(), 7);
    assert!(listed.iter().all(|c| c.is_connected()));
    for n in w.nodes() {
        let entry = listed.iter().find(|c| c.party == n.party).unwrap();
        assert_eq!(entry.role, n.role);
    }
    // Every party reads the Hub's Client Info list.
    for n in w.nodes() {
        let list = n
            .client(&w.net, "hub")
            .hub_client_info_sender()
            .unwrap()
            .list(&ListFilter::default())
            .await
            .unwrap();
        assert_eq!(list.items.len(), 7, "{}", n.id);
    }
}

#[tokio::test]
async fn cpos_push_locations_and_tariffs_to_every_receiver() {
    let w = world().await;
    // NL*CPA (2.2.1) broadcasts a Location; DE*CPB (2.3.0) broadcasts a Tariff.
    let sent_location = location(w.cpa.party, "LOC1");
    w.cpa
        .via_hub(&w.net, hub_party())
        .locations_receiver()
        .unwrap()
        .put_location(&sent_location)
        .await
        .unwrap();
    let seen = w.exchanges();
    let receivers = ["msa.test", "msb.test", "nap.test", "nsp.test"];
    assert_eq!(World::reached(&seen), receivers.map(String::from).into());
    for host in receivers {
        let stored = w.by_host(host).memory.locations.values();
        assert_eq!(stored.len(), 1, "{host}");
        assert_eq!(
            written(&stored[0], V221),
            written(&sent_location, V221),
            "{host}"
        );
    }
    // The same party gets it in its own version.
    let arrived = seen.iter().find(|s| s.host == "msb.test").unwrap();
    assert!(arrived.request.uri().path().starts_with("/ocpi/2.3.0/"));

    let sent_tariff = tariff(w.cpb.party, "T1");
    w.cpb
        .via_hub(&w.net, hub_party())
        .tariffs_receiver()
        .unwrap()
        .put_tariff(&sent_tariff)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(World::reached(&seen), receivers.map(String::from).into());
    for host in receivers {
        let stored = w.by_host(host).memory.tariffs.values();
        assert_eq!(stored.len(), 1, "{host}");
        assert_eq!(
            written(&stored[0], V221),
            written(&sent_tariff, V221),
            "{host}"
        );
    }
    // Nothing went to the CPOs, nor to the SCSP.
    assert!(w.cpa.memory.tariffs.is_empty() && w.scsp.memory.locations.is_empty());
}

#[tokio::test]
async fn cpos_send_sessions_and_cdrs_to_the_emsp_of_each() {
    let w = world().await;
    // NL*CPA (2.2.1) to DE*MSB (2.3.0), addressed.
    let session: Session = read_as(&session_json(w.cpa.party, Some(w.msb.party)), V221);
    w.cpa
        .via_hub(&w.net, w.msb.party)
        .sessions_receiver()
        .unwrap()
        .put_session(&session)
        .await
        .unwrap();
    // DE*CPB (2.3.0) to NL*MSA (2.2.1), by open routing: the Session names its eMSP.
    let other: Session = read_as(&session_json(w.cpb.party, Some(w.msa.party)), V221);
    w.cpb
        .client(&w.net, "hub")
        .sessions_receiver()
        .unwrap()
        .put_session(&other)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(
        World::reached(&seen),
        ["msa.test", "msb.test"].map(String::from).into()
    );
    let to_msa = seen.iter().find(|s| s.host == "msa.test").unwrap();
    let routing = routing_of(to_msa.request.headers());
    assert_eq!(
        (routing.to, routing.from),
        (Some(w.msa.party), Some(w.cpb.party))
    );
    assert_eq!(w.msb.memory.sessions.values(), vec![session.clone()]);
    assert_eq!(w.msa.memory.sessions.values(), vec![other]);
    assert!(w.scsp.memory.sessions.is_empty());

    // NL*CPA (2.2.1) updates the cost of its Session at DE*MSB (2.3.0): a PATCH, converted.
    let patch: SessionPatch = read_as(
        &hub_net::fixture("session_patch_example_total_cost.json"),
        V221,
    );
    w.cpa
        .via_hub(&w.net, w.msb.party)
        .sessions_receiver()
        .unwrap()
        .patch_session(&w.cpa.party, session.id.as_str(), &patch)
        .await
        .unwrap();
    let seen = w.exchanges();
    let arrived: serde_json::Value = serde_json::from_slice(
        seen.iter()
            .find(|s| s.host == "msb.test")
            .unwrap()
            .request
            .body(),
    )
    .unwrap();
    assert_eq!(
        arrived["total_cost"]["before_taxes"],
        serde_json::json!(0.60)
    );
    let mut expected = session.clone();
    patch.clone().apply_to(&mut expected);
    assert_eq!(w.msb.memory.sessions.values(), vec![expected.clone()]);
    assert_eq!(
        written(&w.msb.memory.sessions.values()[0], V221)["total_cost"],
        serde_json::json!({"excl_vat": 0.60, "incl_vat": 0.66})
    );

    // DE*MSB (2.3.0) pulls the Sessions of NL*CPA (2.2.1), through the Hub: converted back.
    w.cpa.memory.sessions.put(expected.clone());
    let pulled = w
        .msb
        .via_hub(&w.net, w.cpa.party)
        .sessions_sender()
        .unwrap()
        .list(&since_2015())
        .await
        .unwrap();
    assert!(pulled.errors.is_empty());
    assert_eq!(pulled.items, vec![expected]);
    w.exchanges();

    // CDRs: DE*CPB to DE*MSB through the Hub, NL*CPA to NL*MSA over their direct connection.
    let cdr = read_as(&cdr_json(w.cpb.party, Some(w.msb.party)), V221);
    let url = w
        .cpb
        .via_hub(&w.net, w.msb.party)
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&cdr)
        .await
        .unwrap();
    assert!(
        url.starts_with("https://hub.test/ocpi/2.3.0/receiver/cdrs/"),
        "{url}"
    );
    let direct = read_as(&cdr_json(w.cpa.party, Some(w.msa.party)), V221);
    w.cpa
        .client(&w.net, "msa")
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&direct)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(
        seen.iter().map(|s| s.host.as_str()).collect::<Vec<_>>(),
        ["msb.test", HUB, "msa.test"]
    );
    // The direct request carries no routing headers, nor does its answer.
    assert_eq!(routing_of(seen[2].request.headers()), Routing::default());
    assert_eq!(routing_of(&seen[2].answer_headers), Routing::default());
    assert_eq!(w.msb.memory.cdrs.values(), vec![cdr]);
    assert_eq!(w.msa.memory.cdrs.values(), vec![direct.clone()]);

    // DE*MSB (2.3.0) pulls the CDRs of NL*CPA (2.2.1) through the Hub: converted. Only its
    // own: the CDR of NL*MSA's token is not listed to it.
    let mut for_msb: ocpi_protocol::v2_3_0::cdrs::Cdr =
        read_as(&cdr_json(w.cpa.party, Some(w.msb.party)), V221);
    for_msb.id = CiString::new("CDR-MSB").unwrap();
    w.cpa.memory.cdrs.put(direct.clone());
    w.cpa.memory.cdrs.put(for_msb.clone());
    let pulled = w
        .msb
        .via_hub(&w.net, w.cpa.party)
        .cdrs_sender()
        .unwrap()
        .list(&ListFilter::default())
        .await
        .unwrap();
    assert!(pulled.errors.is_empty());
    assert_eq!(pulled.items, vec![for_msb]);
    let seen = w.exchanges();
    assert!(seen
        .iter()
        .any(|s| s.request.uri() == "https://cpa.test/ocpi/2.2.1/sender/cdrs"));
}

#[tokio::test]
async fn emsps_push_tokens_and_send_commands_with_their_results_through_the_hub() {
    let w = world().await;
    // NL*MSA (2.2.1) broadcasts a Token: both CPOs get it.
    let token: Token = read_as(&token_json(w.msa.party), V221);
    w.msa
        .via_hub(&w.net, hub_party())
        .tokens_receiver()
        .unwrap()
        .put_token(&token)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(
        World::reached(&seen),
        ["cpa.test", "cpb.test"].map(String::from).into()
    );
    assert_eq!(w.cpa.memory.tokens.values(), vec![token.clone()]);
    assert_eq!(w.cpb.memory.tokens.values(), vec![token]);

    // DE*MSB (2.3.0) starts a session at NL*CPA (2.2.1).
    w.cpa.memory.locations.put(location(w.cpa.party, "LOC1"));
    let msb_token: Token = read_as(&token_json(w.msb.party), V221);
    let start = StartSession::new(
        Url::new("https://msb.test/ocpi/2.3.0/sender/commands/START_SESSION/0").unwrap(),
        msb_token.clone(),
        CiString::new("LOC1").unwrap(),
    );
    let (uid, answer) = w
        .msb
        .via_hub(&w.net, w.cpa.party)
        .commands_receiver()
        .unwrap()
        .send_tracked(&w.msb.commands, start)
        .await
        .unwrap();
    assert_eq!(answer.unwrap().result, CommandResponseType::Accepted);
    w.exchanges();
    let inbox = w.cpa.memory.inbox.take();
    let [received] = inbox.as_slice() else {
        panic!("{inbox:?}")
    };
    let Request::Command(CommandRequest::StartSession(held)) = &received.request else {
        panic!("{received:?}")
    };
    assert_eq!(received.from, Some(w.msb.party));
    assert_eq!(held.token, msb_token);
    let reference = held.authorization_reference.clone().unwrap();
    assert_eq!(reference, uid);
    // The CPO answers on the response_url it got, through the Hub, and the eMSP gets it on
    // the one it gave.
    assert!(held
        .response_url
        .as_str()
        .starts_with("https://hub.test/ocpi/2.2.1/"));
    w.cpa
        .via_hub(&w.net, w.msb.party)
        .commands_sender()
        .post_result(
            &held.response_url,
            &CommandResult::new(CommandResultType::Accepted),
        )
        .await
        .unwrap();
    let seen = w.exchanges();
    let to_msb = seen.iter().find(|s| s.host == "msb.test").unwrap();
    assert_eq!(
        to_msb.request.uri().to_string(),
        format!("https://msb.test/ocpi/2.3.0/sender/commands/START_SESSION/{uid}")
    );
    assert_eq!(
        w.msb.commands.get(&uid).unwrap().state(),
        CommandState::Finished(CommandResultType::Accepted)
    );
    // Then the Session, with the command's reference: the command's story is complete.
    let mut session: Session = read_as(&session_json(w.cpa.party, Some(w.msb.party)), V221);
    session.authorization_reference = Some(reference);
    w.cpa
        .via_hub(&w.net, w.msb.party)
        .sessions_receiver()
        .unwrap()
        .put_session(&session)
        .await
        .unwrap();
    w.exchanges();
    assert_eq!(
        w.msb.commands.get(&uid).unwrap().state(),
        CommandState::SessionStarted(session.id.clone())
    );

    // NL*MSA (2.2.1) stops a session at DE*CPB (2.3.0); the result comes back the same way.
    let running: Session = read_as(&session_json(w.cpb.party, Some(w.msa.party)), V221);
    w.cpb.memory.sessions.put(running.clone());
    let stop = StopSession::new(
        Url::new("https://msa.test/ocpi/2.2.1/sender/commands/STOP_SESSION/0").unwrap(),
        running.id.clone(),
    );
    let (uid, answer) = w
        .msa
        .via_hub(&w.net, w.cpb.party)
        .commands_receiver()
        .unwrap()
        .send_tracked(&w.msa.commands, stop)
        .await
        .unwrap();
    assert_eq!(answer.unwrap().result, CommandResponseType::Accepted);
    let inbox = w.cpb.memory.inbox.take();
    let Request::Command(CommandRequest::StopSession(held)) = &inbox[0].request else {
        panic!("{inbox:?}")
    };
    assert_eq!(held.session_id, running.id);
    w.cpb
        .via_hub(&w.net, w.msa.party)
        .commands_sender()
        .post_result(
            &held.response_url,
            &CommandResult::new(CommandResultType::Accepted),
        )
        .await
        .unwrap();
    w.exchanges();
    assert_eq!(
        w.msa.commands.get(&uid).unwrap().state(),
        CommandState::Finished(CommandResultType::Accepted)
    );
}

#[tokio::test]
async fn the_nsp_and_the_nap_pull_locations_and_tariffs_through_the_hub() {
    let w = world().await;
    let (a, b) = (w.cpa.party, w.cpb.party);
    for (cpo, n) in [(&w.cpa, 3), (&w.cpb, 2)] {
        for i in 0..n {
            cpo.memory
                .locations
                .put(location(cpo.party, &format!("LOC{i}")));
        }
        cpo.memory.tariffs.put(tariff(cpo.party, "T1"));
    }
    let mut all_locations: Vec<_> = w
        .cpa
        .memory
        .locations
        .values()
        .into_iter()
        .chain(w.cpb.memory.locations.values())
        .collect();
    all_locations.sort_by_key(|l| (l.country_code, l.party_id, l.id.clone()));
    for puller in [&w.nsp, &w.nap] {
        let client = puller.via_hub(&w.net, hub_party());
        let mut got = client
            .locations_sender()
            .unwrap()
            .list(&ListFilter::default())
            .await
            .unwrap()
            .items;
        got.sort_by_key(|l| (l.country_code, l.party_id, l.id.clone()));
        assert_eq!(got.len(), 5, "{}", puller.id);
        for (g, s) in got.iter().zip(&all_locations) {
            assert_eq!(written(g, V221), written(s, V221), "{}", puller.id);
        }
        let tariffs = client
            .tariffs_sender()
            .unwrap()
            .list(&ListFilter::default())
            .await
            .unwrap()
            .items;
        let owners: BTreeSet<PartyRef> = tariffs
            .iter()
            .map(|t| PartyRef::new(t.country_code, t.party_id))
            .collect();
        assert_eq!(owners, [a, b].into());
        for t in &tariffs {
            let own = tariff(PartyRef::new(t.country_code, t.party_id), "T1");
            assert_eq!(written(t, V221), written(&own, V221));
        }
        let seen = w.exchanges();
        // The CPOs were asked (and the NAP, a Sender of both, by the NSP), never the eMSPs.
        let reached = World::reached(&seen);
        assert!(reached.contains("cpa.test") && reached.contains("cpb.test"));
        assert!(!reached.contains("msa.test") && !reached.contains("msb.test"));
    }
}

#[tokio::test]
async fn the_scsp_sets_a_charging_profile_on_a_cpo_session_and_gets_the_result() {
    let w = world().await;
    // The reference handlers let a party steer its own Sessions only (those of its tokens),
    // through the Hub as directly: a Session of NL*MSA's token is unknown to the SCSP.
    let theirs: Session = read_as(&session_json(w.cpa.party, Some(w.msa.party)), V221);
    let mut session: Session = read_as(&session_json(w.cpa.party, Some(w.scsp.party)), V221);
    session.id = CiString::new("SCSP-SESSION").unwrap();
    w.cpa.memory.sessions.put(theirs.clone());
    w.cpa.memory.sessions.put(session.clone());
    let uid = CiString::new("profile-7").unwrap();
    let own_url = ProfileResultKind::SetProfile
        .response_url(&Url::new("https://scsp.test/ocpi").unwrap(), V230, &uid)
        .unwrap();
    let profile: SetChargingProfile = serde_json::from_str(&format!(
        r#"{{"charging_profile":{{"charging_rate_unit":"A","min_charging_rate":6.0,"charging_profile_period":[{{"start_period":0,"limit":16.0}},{{"start_period":1800,"limit":10.50}}]}},"response_url":"{own_url}"}}"#
    ))
    .unwrap();
    let client = w.scsp.via_hub(&w.net, w.cpa.party);
    let profiles = client.charging_profiles_receiver().unwrap();
    let refused = profiles.set_profile(theirs.id.as_str(), &profile).await;
    assert_eq!(
        refused.unwrap().result,
        ChargingProfileResponseType::UnknownSession
    );
    assert!(w.cpa.memory.charging_profiles.is_empty());
    w.exchanges();
    let answer = profiles.set_profile(session.id.as_str(), &profile).await;
    assert_eq!(
        answer.unwrap().result,
        ChargingProfileResponseType::Accepted
    );
    let held = w.cpa.memory.charging_profiles.values();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id, session.id);
    assert_eq!(held[0].value.charging_profile, profile.charging_profile);
    let rewritten = held[0].value.response_url.clone();
    assert_eq!(
        rewritten.as_str(),
        "https://hub.test/ocpi/2.2.1/sender/chargingprofiles/chargingprofile/profile-7"
    );
    w.exchanges();
    let result = ChargingProfileResult::new(ChargingProfileResultType::Accepted);
    w.cpa
        .via_hub(&w.net, w.scsp.party)
        .charging_profiles_sender()
        .post_profile_result(&rewritten, &result)
        .await
        .unwrap();
    let seen = w.exchanges();
    let to_scsp = seen.iter().find(|s| s.host == "scsp.test").unwrap();
    assert_eq!(to_scsp.request.uri().to_string(), own_url.as_str());
    let results = w.scsp.memory.profile_results.values();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].id, uid);
    assert_eq!(results[0].value, ProfileResult::Set(result));
}

#[tokio::test]
async fn a_party_goes_offline_and_back_and_every_party_sees_it() {
    let w = world().await;
    let status_at = |n: &Node, p: PartyRef| {
        n.memory
            .client_info
            .values()
            .into_iter()
            .find(|c| c.country_code == p.country_code && c.party_id == p.party_id)
            .map(|c| c.status)
    };
    let others: Vec<&Node> = w.nodes().into_iter().filter(|n| n.id != "msb").collect();
    for status in [ConnectionStatus::Offline, ConnectionStatus::Connected] {
        let changed = w.directory.set_status(&w.msb.party, status.clone());
        let report = w.hub.push_client_info(&changed).await.unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.accepted.len(), 6);
        for n in &others {
            assert_eq!(status_at(n, w.msb.party), Some(status.clone()), "{}", n.id);
            // And in the Hub's list, which each may pull.
            let list = n
                .client(&w.net, "hub")
                .hub_client_info_sender()
                .unwrap()
                .list(&ListFilter::default())
                .await
                .unwrap();
            let entry = list
                .items
                .iter()
                .find(|c| c.party_id == w.msb.party.party_id)
                .unwrap();
            assert_eq!(entry.status, status);
        }
        w.exchanges();
        // A Session for DE*MSB: refused while it is offline, delivered once it is back.
        let session: Session = read_as(&session_json(w.cpa.party, Some(w.msb.party)), V221);
        let sent = w
            .cpa
            .via_hub(&w.net, w.msb.party)
            .sessions_receiver()
            .unwrap()
            .put_session(&session)
            .await;
        match status {
            ConnectionStatus::Offline => {
                let e = sent.unwrap_err();
                assert_eq!(e.ocpi_status().map(|s| s.as_u16()), Some(4003));
                assert!(w.msb.memory.sessions.is_empty());
                assert_eq!(World::reached(&w.exchanges()), BTreeSet::new());
            }
            _ => {
                sent.unwrap();
                assert_eq!(w.msb.memory.sessions.values(), vec![session]);
            }
        }
    }
}

#[tokio::test]
async fn a_pair_connected_directly_and_through_the_hub_talks_both_ways() {
    let w = world().await;
    let sent = location(w.cpa.party, "LOC5");
    // Directly, without routing headers: two platforms of one party each.
    w.cpa
        .client(&w.net, "msa")
        .locations_receiver()
        .unwrap()
        .put_location(&sent)
        .await
        .unwrap();
    // Directly, with routing headers: the answer carries them swapped.
    let mut patched = sent.clone();
    patched.name = Some(ocpi_protocol::types::OcpiString::new("Renamed").unwrap());
    w.cpa
        .client(&w.net, "msa")
        .with_routing(w.cpa.party, w.msa.party)
        .locations_receiver()
        .unwrap()
        .put_location(&patched)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(
        seen.iter().map(|s| s.host.as_str()).collect::<Vec<_>>(),
        ["msa.test", "msa.test"]
    );
    assert_eq!(routing_of(&seen[0].answer_headers), Routing::default());
    let answer = routing_of(&seen[1].answer_headers);
    assert_eq!(
        (answer.to, answer.from),
        (Some(w.cpa.party), Some(w.msa.party))
    );
    assert_eq!(w.msa.memory.locations.values(), vec![patched.clone()]);
    // And through the Hub, the same party pair.
    let again = location(w.cpa.party, "LOC6");
    w.cpa
        .via_hub(&w.net, w.msa.party)
        .locations_receiver()
        .unwrap()
        .put_location(&again)
        .await
        .unwrap();
    let seen = w.exchanges();
    assert_eq!(
        seen.iter().map(|s| s.host.as_str()).collect::<Vec<_>>(),
        ["msa.test", HUB]
    );
    let answer = routing_of(&seen[0].answer_headers);
    assert_eq!(
        (answer.to, answer.from),
        (Some(w.cpa.party), Some(w.msa.party))
    );
    assert_eq!(w.msa.memory.locations.len(), 2);
    assert!(w.msa.memory.locations.values().contains(&again));
}
