//! A Roaming Hub between OCPI parties: two CPOs and an eMSP register at a Hub, then talk to
//! each other only through it, and every HTTP exchange on the network is printed with notes
//! on what the Hub does and where the spec says so.
//!
//! Run it with `cargo run --example hub`. Start with `cargo run --example tour` for OCPI
//! between two parties without a Hub.
//!
//! Four platforms run in this process on a `server::Loopback`: the Hub (`hub.example.com`,
//! party NL*HUB, the crate's routing engine `hub::Hub` over a `hub::MemoryDirectory`), the CPOs
//! NL*CPO (`cpo.example.com`) and BE*BEC (`cpo2.example.com`), and the eMSP NL*MSP
//! (`emsp.example.com`), each an OCPI server with in-memory handlers. All speak OCPI 2.2.1, the
//! version that introduced message routing. A party's request goes to the Hub over the
//! network; the Hub forwards it over the same network, so both legs are printed
//! (`examples/common/show.rs`), the forwarded one first, as it completes first.
//!
//! [`run`] plays the chapters and returns a [`Summary`] of what happened, which
//! `tests/hub_example.rs` checks.

use std::error::Error;
use std::sync::{Arc, Mutex};

use http::header::{AUTHORIZATION, CONTENT_TYPE, LINK};
use http::Method;
use ocpi_protocol::credentials::{Claim, CredentialsStore, MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::{Bridge, Edge, Wire as _};
use ocpi_protocol::server::{Loopback, Server, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{
    authorization_header, parse_response, PartyRef, Routing, Transport, X_CORRELATION_ID,
    X_REQUEST_ID, X_TOTAL_COUNT,
};
use ocpi_protocol::types::{CiString, OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;

#[path = "common/platforms.rs"]
mod platforms;
#[path = "common/show.rs"]
mod show;

const HUB_HOST: &str = "hub.example.com";
const CPO_HOST: &str = "cpo.example.com";
const CPO2_HOST: &str = "cpo2.example.com";
const EMSP_HOST: &str = "emsp.example.com";

/// What a step returns.
type Outcome<T = ()> = Result<T, Box<dyn Error>>;

type Party = Server<MemoryStore, Loopback>;

/// A request seen on the network, with its host and the headers of its answer.
type Seen = (String, http::Request<Vec<u8>>, http::HeaderMap);

fn party(country_code: &str, party_id: &str) -> PartyRef {
    PartyRef::new(
        country_code.parse().expect("a country code"),
        party_id.parse().expect("a party id"),
    )
}

/// The Hub's party: NL*HUB.
fn hub_party() -> PartyRef {
    party("NL", "HUB")
}

/// The second CPO: BE*BEC.
fn cpo2_party() -> PartyRef {
    party("BE", "BEC")
}

/// What the example saw, for `tests/hub_example.rs`.
#[derive(Debug, Default)]
pub struct Summary {
    /// The HTTP exchanges printed.
    pub exchanges: usize,
    /// The ids of the Locations the eMSP holds after the routed PUT.
    pub emsp_locations: Vec<String>,
    /// Whether the PUT the Hub forwarded to the eMSP had a new `X-Request-ID`, the
    /// CPO's `X-Correlation-ID`, and the token the eMSP issued to the Hub.
    pub forwarded_new_request_id: bool,
    pub forwarded_same_correlation_id: bool,
    pub forwarded_with_emsp_token: bool,
    /// The routing headers of the eMSP's own answer to the Hub, as `to from`.
    pub emsp_answer_routing: String,
    /// The uids of the Tokens each CPO holds after the broadcast: NL*CPO, then BE*BEC.
    pub cpo_tokens: [Vec<String>; 2],
    /// The OCPI status of the open routing request, the host the Hub forwarded it to, and the
    /// ids of the Sessions the eMSP holds after it.
    pub open_routing_status: u16,
    pub open_routed_to: Vec<String>,
    pub emsp_sessions: Vec<String>,
    /// The Locations the GET All listed, as `country*party*id`, in order, and over how many
    /// pages, and the `X-Total-Count` of each page.
    pub listed: Vec<String>,
    pub pages: usize,
    pub total_counts: Vec<String>,
    /// The parties that accepted the Hub Client Info push.
    pub told_offline: Vec<String>,
    /// The OCPI status of the routed request to the offline party.
    pub offline_status: u16,
}

/// One platform at the Hub: its server, what its handlers hold, its name and peer id there.
struct Node {
    server: Arc<Party>,
    memory: Memory,
    name: &'static str,
    id: &'static str,
}

/// The network: the Hub, the parties, and what went over the wire.
struct Network {
    net: Loopback,
    hub: Arc<Hub<MemoryStore, Loopback, MemoryDirectory>>,
    directory: MemoryDirectory,
    cpo: Node,
    cpo2: Node,
    emsp: Node,
    wire: show::Wire,
    /// Every request seen, with its host, to check what the Hub forwarded.
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn main() -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(run())?;
    Ok(())
}

/// Plays the example, printing it; returns what it saw.
pub async fn run() -> Outcome<Summary> {
    let n = Network::new()?;
    let mut summary = Summary::default();
    say(
        "Four platforms run in this process: a Roaming Hub at hub.example.com (party NL*HUB), \
         two CPOs, NL*CPO at cpo.example.com and BE*BEC at cpo2.example.com, and an eMSP, \
         NL*MSP at emsp.example.com. The parties never call each other: each has one OCPI \
         connection, to the Hub, which routes their requests (2.2.1 \
         transport_and_format.asciidoc §Message Routing: 'By communication via one or more \
         Hubs, the amount of OCPI connections is reduced'). '>' lines are a request, '<' \
         lines its response; a request the Hub forwards completes before the request that \
         caused it, so it is printed first.",
    );
    chapter(1, "The parties register with the Hub");
    n.register().await?;
    chapter(
        2,
        "A direct request: the CPO NL*CPO pushes a Location to the eMSP",
    );
    n.routed_put(&mut summary).await?;
    chapter(3, "A Broadcast Push: the eMSP sends a Token to every CPO");
    n.broadcast(&mut summary).await?;
    chapter(4, "An Open Routing Request: no OCPI-to headers");
    n.open_routing(&mut summary).await?;
    chapter(
        5,
        "GET All via the Hub: the eMSP lists the Locations of every CPO",
    );
    n.get_all(&mut summary).await?;
    chapter(6, "A party goes offline");
    n.offline(&mut summary).await?;
    println!("\n{}\n", "═".repeat(92));
    summary.exchanges = n.wire.count();
    say(&format!(
        "{} HTTP exchanges, every one of them to or from the Hub. The routing engine is \
         ocpi_protocol::hub::Hub; its rules and their spec sections are in src/hub.rs.",
        summary.exchanges
    ));
    Ok(summary)
}

/// A chapter's heading.
fn chapter(n: usize, title: &str) {
    let heading = format!("══ {n}. {title} ");
    let fill = 92usize.saturating_sub(heading.chars().count());
    println!("\n{heading}{}\n", "═".repeat(fill));
}

/// Narrates: the text wrapped at 92 columns, then a blank line.
fn say(text: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 92 {
            println!("{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    println!("{line}\n");
}

/// A platform with one party in one role, in OCPI 2.2.1 only.
fn config(host: &str, role: Role, party: PartyRef, name: &str) -> ServerConfig {
    let mut c = platforms::config(&format!("https://{host}/ocpi"), role, party, name);
    c.versions = vec![OcpiVersion::V2_2_1];
    c
}

/// The 2.2.1 JSON of the sample Location `LOC{i}` of `owner`.
fn location_json(owner: PartyRef, i: usize) -> Outcome<String> {
    let mut location = platforms::location(i);
    location.country_code = owner.country_code;
    location.party_id = owner.party_id;
    let bridge = Bridge::default();
    let edge = Edge {
        version: OcpiVersion::V2_2_1,
        party: None,
        bridge: &bridge,
    };
    Ok(String::from_utf8(location.write(&edge)?)?)
}

/// The OCPI status code of a response.
fn ocpi_status(response: &http::Response<Vec<u8>>) -> Outcome<u16> {
    let envelope = parse_response::<Box<RawValue>>(response.body())?.value;
    Ok(envelope.status_code.as_u16())
}

fn header(headers: &http::HeaderMap, name: impl http::header::AsHeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

impl Network {
    fn new() -> Outcome<Self> {
        let net = Loopback::new();
        let wire = show::Wire::new(&[
            (HUB_HOST, "Hub"),
            (CPO_HOST, "CPO NL*CPO"),
            (CPO2_HOST, "CPO BE*BEC"),
            (EMSP_HOST, "eMSP NL*MSP"),
        ]);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (record, log) = (wire.recorder(), seen.clone());
        net.observe(move |request, response| {
            record(request, response);
            let mut copy = http::Request::new(request.body().clone());
            *copy.method_mut() = request.method().clone();
            *copy.uri_mut() = request.uri().clone();
            *copy.headers_mut() = request.headers().clone();
            let host = request.uri().host().unwrap_or_default().to_owned();
            log.lock().unwrap_or_else(|e| e.into_inner()).push((
                host,
                copy,
                response.headers().clone(),
            ));
        });

        // The Hub: its own party is `hub_party_id`; its 2.2.1 credentials list the role HUB
        // with that party and `hub_business_details` (2.2.1 credentials.asciidoc
        // §Credentials object).
        let mut hub_config = config(HUB_HOST, Role::Emsp, platforms::emsp_party(), "Example Hub");
        hub_config.hub_party_id = Some(CiString::new("NLHUB")?);
        hub_config.hub_business_details =
            Some(BusinessDetails::new(OcpiString::new("Example Hub")?));
        let directory = MemoryDirectory::new();
        let hub = Hub::build(
            ServerBuilder::new(hub_config)
                .only_mounted()
                .hub_client_info_sender(directory.clone()),
            MemoryStore::new(),
            net.clone(),
            directory.clone(),
            HubOptions::default(),
        )?;
        let hub = Arc::new(hub);
        net.attach_hub(HUB_HOST, hub.clone());

        // The CPOs serve their Locations (pages of 2) and take Tokens; the eMSP takes
        // Locations and serves its Tokens; all take the Hub's Client Info.
        let cpo = |host: &str, p: PartyRef, name: &'static str, id, from: usize| {
            let memory = Memory::new();
            for i in from..from + if from == 1 { 3 } else { 2 } {
                let mut l = platforms::location(i);
                l.country_code = p.country_code;
                l.party_id = p.party_id;
                memory.locations.put(l);
            }
            let server = ServerBuilder::new(config(host, Role::Cpo, p, name))
                .only_mounted()
                .with_max_limit(2)
                .locations_sender(memory.clone())
                .tokens_receiver(memory.clone())
                .hub_client_info_receiver(memory.clone())
                .build(MemoryStore::new(), net.clone())?;
            let server = Arc::new(server);
            net.attach(host, server.clone());
            Ok::<_, Box<dyn Error>>(Node {
                server,
                memory,
                name,
                id,
            })
        };
        let cpo1 = cpo(CPO_HOST, platforms::cpo_party(), "CPO NL*CPO", "cpo", 1)?;
        let cpo2 = cpo(CPO2_HOST, cpo2_party(), "CPO BE*BEC", "cpo2", 4)?;
        let memory = Memory::new();
        let emsp = ServerBuilder::new(config(
            EMSP_HOST,
            Role::Emsp,
            platforms::emsp_party(),
            "eMSP NL*MSP",
        ))
        .only_mounted()
        .locations_receiver(memory.clone())
        .sessions_receiver(memory.clone())
        .tokens_sender(memory.clone())
        .hub_client_info_receiver(memory.clone())
        .build(MemoryStore::new(), net.clone())?;
        let emsp = Arc::new(emsp);
        net.attach(EMSP_HOST, emsp.clone());
        Ok(Network {
            net,
            hub,
            directory,
            cpo: cpo1,
            cpo2,
            emsp: Node {
                server: emsp,
                memory,
                name: "eMSP NL*MSP",
                id: "emsp",
            },
            wire,
            seen,
        })
    }

    /// Registers `node` at the Hub: the Hub issues token A, the party runs the credentials
    /// handshake with it, and the Hub lists the party as CONNECTED in its directory.
    async fn join(&self, node: &Node) -> Outcome {
        let own = &node.server.platform().config().credentials[0];
        let hub = self.hub.server().platform();
        let token_a = hub
            .issue_token_a(PeerId::new(node.id), PartyGrant::exactly(own))
            .await?;
        self.wire.name_caller(
            &token_a,
            &format!("token A, which the Hub issued to {}", node.name),
            node.name,
        );
        let hub_claims: Vec<Claim> = hub
            .config()
            .credentials
            .iter()
            .flat_map(|c| c.claims())
            .collect();
        let peer = node
            .server
            .platform()
            .register(
                PeerId::new("hub"),
                token_a,
                Url::new(&format!("https://{HUB_HOST}/ocpi/versions"))?,
                PartyGrant::Only(hub_claims),
            )
            .await?;
        let at_hub = hub
            .store()
            .peer(&PeerId::new(node.id))
            .await?
            .ok_or("the Hub did not store the registration")?;
        self.wire.name_caller(
            at_hub.credentials.token(),
            &format!("token B, which {} issued to the Hub", node.name),
            "Hub",
        );
        self.wire.name_caller(
            peer.credentials.token(),
            &format!("token C, which the Hub issued to {}", node.name),
            node.name,
        );
        let role = &node.server.config().roles[0];
        self.directory.connect(
            PartyRef::new(role.country_code, role.party_id),
            role.role.clone(),
            PeerId::new(node.id),
        );
        Ok(())
    }

    /// A request from `node` to the Hub, with the token the Hub issued to it.
    async fn send(
        &self,
        node: &Node,
        method: Method,
        path: &str,
        body: &str,
        routing: Routing,
        ids: (&str, &str),
    ) -> Outcome<http::Response<Vec<u8>>> {
        let peer = node.server.platform().store().peers().pop();
        let peer = peer.ok_or("not registered at the Hub")?;
        let mut request = http::Request::new(body.as_bytes().to_vec());
        *request.method_mut() = method;
        *request.uri_mut() = format!("https://{HUB_HOST}/ocpi/2.2.1/{path}").parse()?;
        let h = request.headers_mut();
        h.insert(
            AUTHORIZATION,
            authorization_header(peer.credentials.token(), peer.mode),
        );
        h.insert(X_REQUEST_ID, ids.0.parse()?);
        h.insert(X_CORRELATION_ID, ids.1.parse()?);
        if !body.is_empty() {
            h.insert(CONTENT_TYPE, "application/json".parse()?);
        }
        routing.apply(h);
        Ok(self.net.send(request).await?)
    }

    /// The requests seen since the last call, with their hosts.
    fn seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Chapter 1.
    async fn register(&self) -> Outcome {
        say(
            "Each party registers with the Hub as it would with any OCPI partner: the Hub \
             hands it a token A and its versions URL outside OCPI, and the party runs the \
             credentials handshake (2.2.1 credentials.asciidoc §Registration). The Hub's \
             credentials carry the role HUB with its party NL*HUB (2.2.1 \
             credentials.asciidoc §Credentials object, types.asciidoc §Role enum), and its \
             version details publish the functional modules it routes. After the \
             handshake, the Hub lists the party CONNECTED in its directory: that is the Hub \
             Client Info of the party (2.2.1 mod_hub_client_info.asciidoc §Another Party \
             becomes CONNECTED). First the CPO NL*CPO, in full. Configuration modules \
             (Versions, Credentials) are not routed, so these requests carry no routing \
             headers (2.2.1 transport_and_format.asciidoc §Message Routing Headers).",
        );
        self.join(&self.cpo).await?;
        self.wire.print();
        say(
            "The Hub, asked for the CPO's credentials, fetched the CPO's versions and version \
             details with token B first; those calls ended before the POST did, so they \
             print first. The CPO BE*BEC and the eMSP NL*MSP register the same way:",
        );
        self.join(&self.cpo2).await?;
        self.join(&self.emsp).await?;
        self.wire.summarise();
        self.seen();
        let parties: Vec<String> = self
            .directory
            .entries()
            .iter()
            .map(|c| format!("{} {} {}", c.party, c.role.as_str(), c.status))
            .collect();
        say(&format!(
            "The Hub's directory now reads: {}. The parties hold a token C for the Hub, the \
             Hub a token B for each party.",
            parties.join("; ")
        ));
        Ok(())
    }

    /// Chapter 2.
    async fn routed_put(&self, summary: &mut Summary) -> Outcome {
        say(
            "The CPO NL*CPO sends a Location to the eMSP NL*MSP. It calls the Hub's Locations \
             Receiver endpoint, with itself in the OCPI-from-* headers and the eMSP in the \
             OCPI-to-* headers: a direct request via a Hub (2.2.1 \
             transport_and_format.asciidoc §Party to Party via Hub). The Hub looks the eMSP up \
             in its directory, and forwards the request to the eMSP's own Locations endpoint: \
             with the token the eMSP issued to the Hub, a new X-Request-ID (every request \
             SHALL have a unique one), the same X-Correlation-ID (it 'SHALL NOT be changed' \
             along the way, §Unique message IDs), the same routing headers, a Via header \
             naming the Hub, and the body byte for byte: the Hub does not touch last_updated \
             (§Timestamps and Objects send via Hubs).",
        );
        let body = location_json(platforms::cpo_party(), 9)?;
        let response = self
            .send(
                &self.cpo,
                Method::PUT,
                "receiver/locations/NL/CPO/LOC9",
                &body,
                Routing {
                    to: Some(platforms::emsp_party()),
                    from: Some(platforms::cpo_party()),
                },
                ("cpo-req-0001", "cpo-corr-location-9"),
            )
            .await?;
        self.wire.print();
        let forwarded = self.seen();
        let (_, to_emsp, answered) = forwarded
            .iter()
            .find(|(host, ..)| host == EMSP_HOST)
            .ok_or("nothing reached the eMSP")?;
        let answer = Routing::from_headers(answered)?;
        summary.emsp_answer_routing = format!(
            "to {} from {}",
            answer.to.map(|p| p.to_string()).unwrap_or_default(),
            answer.from.map(|p| p.to_string()).unwrap_or_default()
        );
        let h = to_emsp.headers();
        let emsp_at_hub = self
            .hub
            .server()
            .platform()
            .store()
            .peer(&PeerId::new(self.emsp.id))
            .await?
            .ok_or("the eMSP is not registered")?;
        summary.forwarded_new_request_id = header(h, X_REQUEST_ID) != "cpo-req-0001";
        summary.forwarded_same_correlation_id =
            header(h, X_CORRELATION_ID) == "cpo-corr-location-9";
        summary.forwarded_with_emsp_token = h.get(AUTHORIZATION)
            == Some(&authorization_header(
                emsp_at_hub.credentials.token(),
                emsp_at_hub.mode,
            ));
        summary.emsp_locations = self
            .emsp
            .memory
            .locations
            .values()
            .iter()
            .map(|l| format!("{}*{}*{}", l.country_code, l.party_id, l.id))
            .collect();
        say(&format!(
            "The forwarded request (to the eMSP) has X-Request-ID {} where the CPO sent \
             cpo-req-0001, X-Correlation-ID {} as the CPO sent it, and the eMSP's token B. \
             The Hub passed the eMSP's answer back to the CPO under the CPO's own \
             X-Request-ID (OCPI status {}), with the routing headers of a direct response: \
             to the CPO, from the eMSP. The eMSP's own answer to the Hub carries them too \
             ({}): §Message Routing Headers asks them of 'any request/response' of a \
             functional module, and the crate's server answers a routed request with its \
             routing headers swapped (§Party to Party via Hub: 'Direct response: Receiving \
             platform to Hub'). The eMSP now holds: {}.",
            header(h, X_REQUEST_ID),
            header(h, X_CORRELATION_ID),
            ocpi_status(&response)?,
            summary.emsp_answer_routing,
            summary.emsp_locations.join(", ")
        ));
        Ok(())
    }

    /// Chapter 3.
    async fn broadcast(&self, summary: &mut Summary) -> Outcome {
        say(
            "The eMSP shares a new RFID Token with every CPO in one request: a Broadcast Push, \
             addressed to the Hub itself in the OCPI-to-* headers (2.2.1 \
             transport_and_format.asciidoc §Broadcast Push, §Party to Party Broadcast Push). \
             The Hub answers it itself, from NL*HUB, and sends the Token to every connected \
             party implementing the Tokens Receiver interface, with its own party in the \
             OCPI-from-* headers. The URL keeps the eMSP's country code and party id: the \
             Token is a Client Owned Object ('the party-id and country-code in the URL \
             segments will still be the original party-id and country-code').",
        );
        let token = r#"{"country_code":"NL","party_id":"MSP","uid":"012345678","type":"RFID","contract_id":"NL-MSP-C12345678-X","issuer":"Example eMSP","valid":true,"whitelist":"ALLOWED","last_updated":"2024-05-01T08:00:00Z"}"#;
        let response = self
            .send(
                &self.emsp,
                Method::PUT,
                "receiver/tokens/NL/MSP/012345678?type=RFID",
                token,
                Routing {
                    to: Some(hub_party()),
                    from: Some(platforms::emsp_party()),
                },
                ("emsp-req-0001", "emsp-corr-token-1"),
            )
            .await?;
        self.wire.print();
        self.seen();
        let uids = |node: &Node| -> Vec<String> {
            let tokens = node.memory.tokens.values();
            tokens.iter().map(|t| t.uid.to_string()).collect()
        };
        summary.cpo_tokens = [uids(&self.cpo), uids(&self.cpo2)];
        say(&format!(
            "The Hub answered {} and each CPO got the Token (NL*CPO holds {:?}, BE*BEC holds \
             {:?}). By default the Hub broadcasts to the connected parties whose role \
             typically implements the Receiver interface called (2.2.1 terminology.asciidoc \
             §Typical OCPI implementations per Role): for Tokens, the CPOs, not the eMSP.",
            ocpi_status(&response)?,
            summary.cpo_tokens[0],
            summary.cpo_tokens[1]
        ));
        Ok(())
    }

    /// Chapter 4.
    async fn open_routing(&self, summary: &mut Summary) -> Outcome {
        say(
            "A request without OCPI-to-* headers is an Open Routing Request: the Hub 'can then \
             decide to which party a request needs to be routed, or that it needs to be \
             broadcasted if the destination cannot be determined' (2.2.1 \
             transport_and_format.asciidoc §Open Routing Request, §Party to Party Open \
             Routing Request). The crate's Hub asks the application's policy \
             (HubOptions::open_routing), with the parties the request names: by default it \
             goes to the other party named, here the eMSP that owns the Token of a CPO's \
             Session (its cdr_token); a push of Locations, Tariffs or Tokens by their owner \
             would be broadcast; a GET, a Session or a CDR that names no other party is \
             answered 4001, 'Unknown receiver', and never broadcast ('Broadcast Push SHALL \
             only be used with information that is meant to be sent to all other parties'). \
             The CPO NL*CPO sends the Session of a driver of NL*MSP, without OCPI-to-*:",
        );
        let session = platforms::session("REF-1");
        let bridge = Bridge::default();
        let edge = Edge {
            version: OcpiVersion::V2_2_1,
            party: None,
            bridge: &bridge,
        };
        let body = String::from_utf8(session.write(&edge)?)?;
        let response = self
            .send(
                &self.cpo,
                Method::PUT,
                "receiver/sessions/NL/CPO/SES-1",
                &body,
                Routing {
                    to: None,
                    from: Some(platforms::cpo_party()),
                },
                ("cpo-req-0002", "cpo-corr-open-1"),
            )
            .await?;
        self.wire.print();
        summary.open_routing_status = ocpi_status(&response)?;
        let forwarded = self.seen();
        summary.open_routed_to = forwarded
            .iter()
            .filter(|(host, ..)| host != HUB_HOST)
            .map(|(host, ..)| host.clone())
            .collect();
        summary.emsp_sessions = self
            .emsp
            .memory
            .sessions
            .values()
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        let reply = Routing::from_headers(response.headers())?;
        say(&format!(
            "OCPI status {}. The Hub forwarded the Session to {} with the eMSP in the \
             OCPI-to-* headers and the CPO in the OCPI-from-* headers, and answered the CPO \
             with the eMSP's answer, from {}: the headers of an open response. The eMSP now \
             holds the Sessions {:?}.",
            summary.open_routing_status,
            summary.open_routed_to.join(", "),
            reply.from.map(|p| p.to_string()).unwrap_or_default(),
            summary.emsp_sessions
        ));
        Ok(())
    }

    /// Chapter 5.
    async fn get_all(&self, summary: &mut Summary) -> Outcome {
        say(
            "The eMSP wants every CPO's Locations. It GETs the Hub's Locations Sender \
             endpoint with the Hub in the OCPI-to-* headers: a GET All via the Hub (2.2.1 \
             transport_and_format.asciidoc §GET All via Hubs: 'The Hub can then combine \
             objects from different connected parties'). For each page, the Hub asks the CPOs, in \
             directory order, for their counts and the objects that fall on that page (each \
             CPO serves pages of at most 2), and answers with one list: \
             X-Total-Count is the sum of the CPOs' counts, and the Link to the next page \
             points back at the Hub (§Pagination, §Paginated Response). Each object names \
             its owner in country_code and party_id.",
        );
        let mut query = "?limit=2".to_owned();
        let mut page = 0;
        loop {
            page += 1;
            let response = self
                .send(
                    &self.emsp,
                    Method::GET,
                    &format!("sender/locations{query}"),
                    "",
                    Routing {
                        to: Some(hub_party()),
                        from: Some(platforms::emsp_party()),
                    },
                    (
                        &format!("emsp-req-01{page:02}"),
                        &format!("emsp-corr-all-{page}"),
                    ),
                )
                .await?;
            self.wire.print();
            summary
                .total_counts
                .push(header(response.headers(), X_TOTAL_COUNT));
            let list = parse_response::<Vec<Box<RawValue>>>(response.body())?.value;
            for item in list.data.unwrap_or_default() {
                let l: serde_json::Value = serde_json::from_str(item.get())?;
                summary.listed.push(format!(
                    "{}*{}*{}",
                    l["country_code"].as_str().unwrap_or("?"),
                    l["party_id"].as_str().unwrap_or("?"),
                    l["id"].as_str().unwrap_or("?")
                ));
            }
            let link = header(response.headers(), LINK);
            let next = link
                .strip_prefix('<')
                .and_then(|l| l.split_once('>'))
                .and_then(|(url, _)| url.split_once('?'))
                .map(|(_, q)| format!("?{q}"));
            match next {
                Some(next) if page < 10 => query = next,
                _ => break,
            }
        }
        self.seen();
        summary.pages = page;
        say(&format!(
            "{} pages, X-Total-Count {} on each, the Locations of both CPOs: {}.",
            summary.pages,
            summary.total_counts.first().map_or("?", String::as_str),
            summary.listed.join(", ")
        ));
        Ok(())
    }

    /// Chapter 6.
    async fn offline(&self, summary: &mut Summary) -> Outcome {
        say(
            "The CPO BE*BEC goes OFFLINE: its platform stopped answering, or its operator \
             disconnected it. The Hub sets its status in the directory and PUTs the changed \
             ClientInfo to every connected party that implements the Hub Client Info \
             Receiver interface (2.2.1 mod_hub_client_info.asciidoc §Push model, §Another \
             Party goes OFFLINE: 'No requests can be sent'). Hub Client Info is a \
             configuration module: no routing headers.",
        );
        let changed = self
            .directory
            .set_status(&cpo2_party(), ConnectionStatus::Offline);
        let report = self.hub.push_client_info(&changed).await?;
        self.wire.print();
        summary.told_offline = report.accepted.iter().map(|p| p.to_string()).collect();
        say(&format!(
            "Accepted by: {} (the Hub's peer ids); failed: {}. Then the eMSP asks BE*BEC for \
             one of its Locations through the Hub. The Hub does not forward it: it answers \
             4003, 'Connection problem (receiving party is not connected)' (2.2.1 \
             status_codes.asciidoc).",
            summary.told_offline.join(", "),
            report.failed.len()
        ));
        let response = self
            .send(
                &self.emsp,
                Method::GET,
                "sender/locations/LOC4",
                "",
                Routing {
                    to: Some(cpo2_party()),
                    from: Some(platforms::emsp_party()),
                },
                ("emsp-req-0201", "emsp-corr-offline-1"),
            )
            .await?;
        self.wire.print();
        self.seen();
        summary.offline_status = ocpi_status(&response)?;
        say(&format!(
            "OCPI status {}. When BE*BEC is CONNECTED again, the Hub pushes that too, and the \
             parties GET what they missed: pushes are not queued for an offline party \
             (§Another Party goes OFFLINE: 'Do not queue Push messages').",
            summary.offline_status
        ));
        Ok(())
    }
}
