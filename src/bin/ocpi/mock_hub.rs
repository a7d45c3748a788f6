//! `ocpi mock --role hub`: a Roaming Hub on the crate's routing engine ([`Hub`]), with mock
//! parties behind it in this process (two CPOs and an eMSP with generated data, served on the
//! crate's reference handlers and reached through an in-process network), accepting the
//! registration of the user's platform with the token A it prints.
//!
//! The parties register at the Hub through the credentials handshake, over the Hub's own
//! socket, as any platform does; the Hub reaches them in-process. The second CPO speaks OCPI
//! 2.2.1 only, so that requests to it in 2.3.0 cross the Hub's conversion. A platform that
//! registers is listed in the Hub's directory (and in its Hub Client Info) as `CONNECTED`, and
//! taken `OFFLINE` when it unregisters, each change pushed to the other platforms that offer
//! the Hub Client Info Receiver interface; once it is registered, the first CPO pushes one of its
//! Locations to every eMSP by Broadcast Push through the Hub, twice in one correlation, so that
//! the platform sees requests the Hub forwards.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::Method;
use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::{Bridge, Edge, Wire};
use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{
    authorization_header, MessageId, PartyRef, ReqwestTransport, Routing, Transport,
};
use ocpi_protocol::types::{CiString, OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role as OcpiRole};
use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
use ocpi_protocol::versions::OcpiVersion;

use crate::mock::{self, MockArgs};
use crate::platform::{self, Platform, Role, Setup};
use crate::Failure;

/// The error of [`Mixed`]: the text of the underlying one (a timeout says so, which the Hub
/// answers 4002).
#[derive(Debug)]
pub struct MixedError(String);

impl std::fmt::Display for MixedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MixedError {}

/// The Hub's transport: the mock parties' hosts in this process, any other over HTTP.
#[derive(Clone)]
pub struct Mixed {
    net: Loopback,
    http: ReqwestTransport,
    local: Arc<BTreeSet<String>>,
}

impl Transport for Mixed {
    type Error = MixedError;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl std::future::Future<Output = Result<http::Response<Vec<u8>>, MixedError>> + Send {
        let local = request
            .uri()
            .host()
            .is_some_and(|h| self.local.contains(&h.to_ascii_lowercase()));
        let this = self.clone();
        async move {
            if local {
                this.net
                    .send(request)
                    .await
                    .map_err(|e| MixedError(e.to_string()))
            } else {
                this.http
                    .send(request)
                    .await
                    .map_err(|e| MixedError(e.to_string()))
            }
        }
    }
}

/// The mock's Hub.
pub type MockHub = Hub<MemoryStore, Mixed, MemoryDirectory>;

/// One mock party behind the Hub.
struct Member {
    /// Its id at the Hub.
    id: &'static str,
    /// Its platform (server, data, party).
    platform: Platform,
    /// Its role, as the Hub lists it.
    role: OcpiRole,
}

/// The mock parties, in the Hub's country: (id at the Hub, party, role).
fn members(hub: &PartyRef) -> Vec<(&'static str, PartyRef, Role)> {
    let party = |id: &str| PartyRef::new(hub.country_code, id.parse().unwrap_or(hub.party_id));
    vec![
        ("cpo1", party("CP1"), Role::Cpo),
        ("cpo2", party("CP2"), Role::Cpo),
        ("emsp1", party("EM1"), Role::Emsp),
    ]
}

/// The host of a mock party on the in-process network.
fn host_of(id: &str) -> String {
    format!("{id}.hub-mock.invalid")
}

/// Runs the mock Hub until interrupted.
pub async fn run(args: MockArgs) -> Result<(), Failure> {
    let (listener, base) = platform::listen(&args.listen, args.public_url.as_deref()).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Io(e.to_string()))?;
    let versions = mock::versions(&args);
    let transport = mock::http_transport()?;
    let urls = mock::url_policy(&args);

    // The parties, on the in-process network.
    let net = Loopback::new();
    let mut local = BTreeSet::new();
    let mut built = Vec::new();
    for (n, (id, party, role)) in members(&args.party).into_iter().enumerate() {
        let host = host_of(id);
        local.insert(host.clone());
        // The second CPO speaks 2.2.1 only (when the Hub does), so that requests cross the
        // Hub's conversion.
        let speaks = if id == "cpo2" && versions.contains(&OcpiVersion::V2_2_1) {
            vec![OcpiVersion::V2_2_1]
        } else {
            versions.clone()
        };
        let memory = mock::generate(role, &party, args.seed + n as u64, args.objects);
        let p = platform::build(Setup {
            role,
            base: &format!("http://{host}/ocpi"),
            party,
            versions: speaks,
            max_limit: args.page_size,
            urls: platform::policy_for(&base, urls.clone()),
            transport: transport.clone(),
            memory,
            on_register: None,
        })?;
        net.attach(&host, p.server.clone());
        let role = match role {
            Role::Cpo => OcpiRole::Cpo,
            Role::Emsp => OcpiRole::Emsp,
        };
        built.push(Member {
            id,
            platform: p,
            role,
        });
    }
    // Sessions and CDRs of the eMSP's tokens at each CPO.
    let emsp_party = built
        .iter()
        .find(|m| m.role == OcpiRole::Emsp)
        .map(|m| m.platform.party);
    for m in built.iter().filter(|m| m.role == OcpiRole::Cpo) {
        if let Some(emsp) = emsp_party {
            mock::sessions_for(&m.platform.memory, &m.platform.party, &emsp, args.seed, 30);
        }
    }

    // The Hub: its roles are the parties reachable through it.
    let mut roles = Vec::new();
    for m in &built {
        roles.push(CredentialsRole::new(
            m.role.clone(),
            BusinessDetails::new(
                OcpiString::new(&format!("ocpi mock {} behind the Hub", m.id))
                    .map_err(|e| Failure::Usage(e.to_string()))?,
            ),
            m.platform.party.party_id,
            m.platform.party.country_code,
        ));
    }
    let base_url = Url::new(&base).map_err(|e| Failure::Usage(format!("base URL: {e}")))?;
    let mut config = ServerConfig::new(base_url, roles);
    config.versions = versions.clone();
    config.max_limit = args.page_size.max(1);
    config.hub_party_id = Some(
        CiString::new(&format!(
            "{}{}",
            args.party.country_code, args.party.party_id
        ))
        .map_err(|e| Failure::Usage(format!("--party: {e}")))?,
    );
    config.hub_business_details = Some(BusinessDetails::new(
        OcpiString::new("ocpi mock Hub").map_err(|e| Failure::Usage(e.to_string()))?,
    ));
    let directory = MemoryDirectory::new();
    let vetted = directory.clone();
    let mut hub_urls = urls.clone();
    for host in &local {
        hub_urls = hub_urls
            .allow_http(host.clone())
            .allow_private(host.clone());
    }
    let builder = ServerBuilder::new(config)
        .with_url_policy(hub_urls)
        .only_mounted()
        .hub_client_info_sender(directory.clone())
        // Registrations with the token A printed are accepted from any party: this is a test
        // Hub. Each party is listed as CONNECTED as it registers.
        .with_vetting(move |peer, claims| {
            for claim in claims {
                if claim.is_hub() {
                    continue;
                }
                let role = claim
                    .role
                    .as_ref()
                    .and_then(|r| r.as_str().parse().ok())
                    .unwrap_or(OcpiRole::Emsp);
                vetted.connect(claim.party, role, peer.clone());
            }
            Ok(())
        });
    let hub = Hub::build(
        builder,
        MemoryStore::new(),
        Mixed {
            net: net.clone(),
            http: transport.clone(),
            local: Arc::new(local),
        },
        directory.clone(),
        HubOptions::default(),
    )
    .map_err(|e| Failure::Usage(format!("cannot build the Hub: {e}")))?;
    let hub = Arc::new(hub);

    let token_a = hub
        .server()
        .platform()
        .issue_token_a(PeerId::new("partner"), PartyGrant::Vetted)
        .await
        .map_err(|e| Failure::Io(format!("cannot issue a token A: {e}")))?;

    let base_path = url::Url::parse(&base)
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| "/ocpi".to_owned());
    let first_cpo = built
        .iter()
        .find(|m| m.role == OcpiRole::Cpo)
        .map(|m| m.platform.memory.clone())
        .unwrap_or_else(Memory::new);
    let served = hub.clone();
    let router = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let hub = served.clone();
        async move { handle(&hub, request).await }
    });
    let (app, watch) = mock::wrap(router, &args, first_cpo, &base_path);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    // The parties register at the Hub, over its socket, as any platform does.
    let versions_url = Url::new(&format!("{base}/versions"))
        .map_err(|e| Failure::Usage(format!("base URL: {e}")))?;
    for m in &built {
        let Some(own) = m.platform.server.platform().config().credentials.first() else {
            continue;
        };
        let token = hub
            .server()
            .platform()
            .issue_token_a(PeerId::new(m.id), PartyGrant::exactly(own))
            .await
            .map_err(|e| Failure::Io(format!("cannot issue a token A: {e}")))?;
        let hub_claims = hub
            .server()
            .platform()
            .config()
            .credentials
            .iter()
            .flat_map(|c| c.claims())
            .collect();
        m.platform
            .server
            .platform()
            .register(
                PeerId::new("hub"),
                token,
                versions_url.clone(),
                PartyGrant::Only(hub_claims),
            )
            .await
            .map_err(|e| Failure::Io(format!("{} cannot register at the Hub: {e}", m.id)))?;
        directory.connect(m.platform.party, m.role.clone(), PeerId::new(m.id));
    }

    let listed: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
    crate::say!(
        "ocpi mock: Hub {} serving OCPI {} (seed {}, faults: {}), with {}",
        args.party,
        listed.join(", "),
        args.seed,
        mock::fault_names(&args.faults),
        built
            .iter()
            .map(|m| format!("{} {}", m.role, m.platform.party))
            .collect::<Vec<_>>()
            .join(", ")
    );
    crate::say!("versions URL: {base}/versions");
    // The one token this tool prints: the partner needs it to register.
    crate::say!("token A: {}", token_a.expose());
    crate::say!("report: http://{addr}/_mock/report");
    use std::io::Write;
    let _ = std::io::stdout().flush();

    // The CPOs carry out the commands they accept; the results go back through the Hub.
    for m in built.iter().filter(|m| m.role == OcpiRole::Cpo) {
        tokio::spawn(mock::carry_out(
            m.platform.clone(),
            platform::policy_for(&base, urls.clone()),
            transport.clone(),
            watch.clone(),
        ));
    }
    let internal: BTreeSet<String> = built.iter().map(|m| m.id.to_owned()).collect();
    tokio::spawn(partners(
        hub.clone(),
        directory,
        built,
        internal,
        args.quiet,
        args.seed,
    ));

    tokio::select! {
        _ = shutdown => Ok(()),
        r = server => match r {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Failure::Io(format!("server: {e}"))),
            Err(e) => Err(Failure::Io(format!("server: {e}"))),
        },
    }
}

/// Answers one request with the Hub (the body read up to the Hub server's limit).
async fn handle(hub: &MockHub, request: axum::extract::Request) -> axum::response::Response {
    use http_body_util::BodyExt;
    let (parts, body) = request.into_parts();
    let max = hub.server().config().limits.max_bytes;
    let body = match http_body_util::Limited::new(body, max).collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => {
            let mut r = axum::response::Response::new(axum::body::Body::from(
                "{\"status_code\":2000,\"status_message\":\"body too large or unreadable\"}",
            ));
            *r.status_mut() = http::StatusCode::PAYLOAD_TOO_LARGE;
            return r;
        }
    };
    hub.handle(http::Request::from_parts(parts, body))
        .await
        .map(axum::body::Body::from)
}

/// Watches the registrations of the user's platforms: generates Sessions and CDRs of their
/// tokens at the CPOs, has the first CPO push a Location through the Hub, and takes the
/// parties of a platform that unregistered `OFFLINE`.
async fn partners(
    hub: Arc<MockHub>,
    directory: MemoryDirectory,
    members: Vec<Member>,
    internal: BTreeSet<String>,
    quiet: bool,
    seed: u64,
) {
    let mut known: BTreeMap<String, Vec<PartyRef>> = BTreeMap::new();
    let mut step = 0usize;
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let peers = hub.server().platform().store().peers();
        for peer in &peers {
            let id = peer.id.to_string();
            if internal.contains(&id) || known.contains_key(&id) {
                continue;
            }
            let parties: Vec<PartyRef> = peer
                .credentials
                .claims()
                .iter()
                .filter(|c| !c.is_hub())
                .map(|c| c.party)
                .collect();
            if !quiet {
                crate::mock::say_registered(peer, &parties);
            }
            for m in members.iter().filter(|m| m.role == OcpiRole::Cpo) {
                for party in &parties {
                    mock::sessions_for(&m.platform.memory, &m.platform.party, party, seed, 20);
                }
            }
            // The other platforms learn of the parties connected (those that offer the Hub
            // Client Info Receiver interface).
            let changed: Vec<_> = directory
                .entries()
                .into_iter()
                .filter(|c| c.peer == peer.id)
                .collect();
            let _ = hub.push_client_info(&changed).await;
            known.insert(id, parties);
            step += 1;
            if let Some(cpo) = members.iter().find(|m| m.role == OcpiRole::Cpo) {
                let result = broadcast_location(&hub, cpo, step).await;
                if !quiet {
                    match result {
                        Ok(n) => crate::say!("push: {} broadcast a Location twice: {n}", cpo.id),
                        Err(e) => crate::say!("push: {} could not broadcast: {e}", cpo.id),
                    }
                }
            }
        }
        let gone: Vec<String> = known
            .keys()
            .filter(|id| peers.iter().all(|p| p.id.to_string() != **id))
            .cloned()
            .collect();
        for id in gone {
            let mut changed = Vec::new();
            for party in known.remove(&id).unwrap_or_default() {
                changed.extend(directory.set_status(&party, ConnectionStatus::Offline));
            }
            let _ = hub.push_client_info(&changed).await;
            if !quiet {
                crate::say!("unregistered: {id}");
            }
        }
    }
}

/// The CPO puts one of its Locations by Broadcast Push through the Hub, twice in one
/// correlation; the Hub's answers.
async fn broadcast_location(hub: &MockHub, cpo: &Member, step: usize) -> Result<String, String> {
    let peer = cpo
        .platform
        .server
        .platform()
        .store()
        .peers()
        .into_iter()
        .next()
        .ok_or("not registered at the Hub")?;
    let party = cpo.platform.party;
    // One of its Locations as it is: the data crawled through the Hub does not change.
    let all = cpo.platform.memory.locations.values();
    let location = all
        .get(step % all.len().max(1))
        .cloned()
        .ok_or("no Location to push")?;
    let bridge = Bridge::default();
    let edge = Edge {
        version: peer.version,
        party: Some(party),
        bridge: &bridge,
    };
    let body = location.write(&edge).map_err(|e| e.to_string())?;
    let url = format!(
        "{}/{}/receiver/locations/{}/{}/{}",
        hub.server()
            .config()
            .base_url
            .as_str()
            .trim_end_matches('/'),
        peer.version,
        party.country_code,
        party.party_id,
        location.id
    );
    let correlation = MessageId::generate();
    let mut answers = Vec::new();
    for _ in 0..2 {
        let mut request = http::Request::new(body.clone());
        *request.method_mut() = Method::PUT;
        *request.uri_mut() = url.parse().map_err(|e| format!("{url}: {e}"))?;
        let h = request.headers_mut();
        h.insert(
            AUTHORIZATION,
            authorization_header(peer.credentials.token(), peer.mode),
        );
        h.insert(
            CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        h.insert("x-request-id", MessageId::generate().to_header_value());
        h.insert("x-correlation-id", correlation.to_header_value());
        Routing {
            to: Some(hub.party()),
            from: Some(party),
        }
        .apply(h);
        let answer = hub.handle(request).await;
        let text = serde_json::from_slice::<serde_json::Value>(answer.body())
            .ok()
            .and_then(|d| d.get("status_message")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        answers.push(format!("HTTP {} {text}", answer.status().as_u16()));
    }
    Ok(answers.join("; "))
}
