//! `ocpi mock`: a complete mock partner (CPO or eMSP) on the crate's reference in-memory
//! handlers, over the axum adapter, with generated data, fault modes (see [`crate::faults`])
//! and a watch on what the partner sends (see [`crate::watch`]).

use std::collections::BTreeSet;
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use clap::Args;
use ocpi_protocol::client::Client;
use ocpi_protocol::credentials::{PartyGrant, Peer, PeerId};
use ocpi_protocol::json;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::{Interface, Module};
use ocpi_protocol::transport::{PartyRef, ReqwestTransport, UrlPolicy};
use ocpi_protocol::types::DateTime;
use ocpi_protocol::versions::OcpiVersion;

use crate::data::{self, Rng};
use crate::faults::{self, Fault, Faults, Settings};
use crate::platform::{self, Platform, Role, Setup};
use crate::watch::{self, Watch};
use crate::Failure;

/// `ocpi mock` arguments.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// The role the mock plays: a CPO, an eMSP, or a Roaming Hub with two CPOs and an eMSP
    /// behind it.
    #[arg(long, value_enum)]
    pub role: MockRole,
    /// Where to listen (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8910")]
    pub listen: String,
    /// The base URL to publish, when the mock is reached through another address (default:
    /// `http://<listen address>/ocpi`).
    #[arg(long)]
    pub public_url: Option<String>,
    /// The versions served (repeat; default all three).
    #[arg(long = "version", value_parser = crate::version)]
    pub versions: Vec<OcpiVersion>,
    /// Fault modes (repeat to combine): slow, reject, http-errors, partial,
    /// pagination-stress, quirks, garbage, routing-headers.
    #[arg(long = "fault", value_enum)]
    pub faults: Vec<Fault>,
    /// The seed of the generated data and of the faults.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How late `slow` answers, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    pub delay_ms: u64,
    /// The mock's party.
    #[arg(long, value_parser = crate::party, default_value = "NL/MCK")]
    pub party: PartyRef,
    /// Push changes to the partner once it is registered: Locations and EVSEs, Sessions
    /// through their life cycle and CDRs (CPO); Tokens and a START_SESSION (eMSP).
    #[arg(long)]
    pub push: bool,
    /// Seconds between two pushes.
    #[arg(long, default_value_t = 2.0)]
    pub pace: f64,
    /// How many Locations (CPO) or Tokens (eMSP) to generate.
    #[arg(long, default_value_t = 300)]
    pub objects: usize,
    /// The largest page served.
    #[arg(long, default_value_t = 50)]
    pub page_size: u64,
    /// Another host the mock may call back (a partner on a private network); this machine is
    /// always allowed.
    #[arg(long = "allow-host")]
    pub allow_hosts: Vec<String>,
    /// Log nothing but the first lines (address and token A).
    #[arg(long)]
    pub quiet: bool,
}

/// The role of a mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MockRole {
    /// A Charge Point Operator with generated Locations, Tariffs, Sessions and CDRs.
    Cpo,
    /// An e-Mobility Service Provider with generated Tokens.
    Emsp,
    /// A Roaming Hub (the crate's `hub::Hub`) routing to two mock CPOs and a mock eMSP.
    Hub,
}

/// The versions a mock serves.
pub fn versions(args: &MockArgs) -> Vec<OcpiVersion> {
    if args.versions.is_empty() {
        OcpiVersion::ALL.to_vec()
    } else {
        args.versions.clone()
    }
}

/// The transport a mock calls its partners with: deadlines and a cap on answers.
pub fn http_transport() -> Result<ReqwestTransport, Failure> {
    ReqwestTransport::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .max_response_bytes(16 << 20)
        .build()
        .map_err(|e| Failure::Io(e.to_string()))
}

/// Which URLs a mock's partners may make it call: this machine, and the `--allow-host`s.
pub fn url_policy(args: &MockArgs) -> UrlPolicy {
    let mut urls = UrlPolicy::new().allow_local();
    for host in &args.allow_hosts {
        urls = urls.allow_http(host.clone()).allow_private(host.clone());
    }
    urls
}

/// The faults named for the first line of the log.
pub fn fault_names(faults: &[Fault]) -> String {
    if faults.is_empty() {
        "none".to_owned()
    } else {
        faults
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A mock's server wrapped in the fault modes and the watch, with the admin routes
/// (`/_mock/report`, `/_mock/faults`); `memory` is the data `pagination-stress` touches.
pub fn wrap(server: Router, args: &MockArgs, memory: Memory, base_path: &str) -> (Router, Watch) {
    let faults = Faults::new(
        Settings {
            faults: args.faults.clone(),
            seed: args.seed,
            delay_ms: args.delay_ms,
        },
        memory,
        base_path,
    );
    let watch = Watch::new(base_path, args.quiet);
    let admin = Router::new()
        .route("/_mock/report", get(report))
        .route("/_mock/faults", get(get_faults).post(set_faults))
        .with_state(Admin {
            faults: faults.clone(),
            watch: watch.clone(),
        });
    let app = admin
        .merge(server)
        .layer(axum::middleware::from_fn_with_state(faults, faults::layer))
        .layer(axum::middleware::from_fn_with_state(
            watch.clone(),
            watch::layer,
        ));
    (app, watch)
}

/// Generates the mock's own data.
pub fn generate(role: Role, party: &PartyRef, seed: u64, objects: usize) -> Memory {
    let memory = Memory::new();
    let mut rng = Rng::new(seed);
    match role {
        Role::Cpo => {
            for i in 1..=objects {
                memory.locations.put(data::location(&mut rng, party, i));
            }
            for i in 1..=(objects / 10).max(3) {
                memory.tariffs.put(data::tariff(&mut rng, party, i));
            }
        }
        Role::Emsp => {
            for i in 1..=objects {
                memory.tokens.put(data::token(&mut rng, party, i));
            }
        }
    }
    memory
}

/// Sessions and CDRs for an eMSP that registered with the mock CPO: its tokens charging at
/// the mock's Locations.
pub fn sessions_for(memory: &Memory, cpo: &PartyRef, emsp: &PartyRef, seed: u64, count: usize) {
    let mut rng = Rng::new(
        seed ^ u64::from(
            emsp.party_id
                .as_str()
                .bytes()
                .fold(0u32, |h, b| h * 31 + u32::from(b)),
        ),
    );
    let locations = memory.locations.values();
    if locations.is_empty() {
        return;
    }
    let start = memory.sessions.len();
    for i in 1..=count {
        let location = &locations[rng.below(locations.len() as u64) as usize];
        let session = data::session(&mut rng, cpo, emsp, location, start + i);
        if let Some(cdr) = data::cdr(&session, location) {
            memory.cdrs.put(cdr);
        }
        memory.sessions.put(session);
    }
}

/// Runs the mock until interrupted.
pub async fn run(args: MockArgs) -> Result<(), Failure> {
    let role = match args.role {
        MockRole::Cpo => Role::Cpo,
        MockRole::Emsp => Role::Emsp,
        MockRole::Hub => return crate::mock_hub::run(args).await,
    };
    let (listener, base) = platform::listen(&args.listen, args.public_url.as_deref()).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Io(e.to_string()))?;
    let versions = versions(&args);
    let transport = http_transport()?;
    let urls = url_policy(&args);
    let memory = generate(role, &args.party, args.seed, args.objects);
    // A registering eMSP finds Sessions and CDRs of its own tokens (a CPO lists only those).
    let on_register: Option<platform::OnRegister> = (role == Role::Cpo).then(|| {
        let (memory, cpo, seed) = (memory.clone(), args.party, args.seed);
        std::sync::Arc::new(move |parties: &[PartyRef]| {
            for party in parties {
                let known = memory.sessions.find(|s| {
                    s.cdr_token.party_id == party.party_id
                        && s.cdr_token.country_code == party.country_code
                });
                if known.is_none() {
                    sessions_for(&memory, &cpo, party, seed, 60);
                }
            }
        }) as platform::OnRegister
    });
    let platform = platform::build(Setup {
        role,
        base: &base,
        party: args.party,
        versions: versions.clone(),
        max_limit: args.page_size,
        urls: urls.clone(),
        transport: transport.clone(),
        memory,
        on_register,
    })?;
    let token_a = platform
        .server
        .platform()
        .issue_token_a(PeerId::new("partner"), PartyGrant::Vetted)
        .await
        .map_err(|e| Failure::Io(format!("cannot issue a token A: {e}")))?;
    let name = match role {
        Role::Cpo => "CPO",
        Role::Emsp => "eMSP",
    };
    let listed: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
    crate::say!(
        "ocpi mock: {name} {} serving OCPI {} (seed {}, faults: {})",
        args.party,
        listed.join(", "),
        args.seed,
        fault_names(&args.faults)
    );
    crate::say!("versions URL: {base}/versions");
    // The one token this tool prints: the partner needs it to register.
    crate::say!("token A: {}", token_a.expose());
    crate::say!("report: http://{addr}/_mock/report");
    use std::io::Write;
    let _ = std::io::stdout().flush();

    let base_path = url::Url::parse(&base)
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| "/ocpi".to_owned());
    let (app, watch) = wrap(
        platform.server.clone().router(),
        &args,
        platform.memory.clone(),
        &base_path,
    );

    if role == Role::Cpo {
        tokio::spawn(carry_out(
            platform.clone(),
            urls.clone(),
            transport.clone(),
            watch.clone(),
        ));
    }
    tokio::spawn(registrations(
        platform, args.push, args.pace, urls, transport, watch, args.quiet,
    ));

    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Failure::Io(format!("server: {e}")))
}

#[derive(Clone)]
struct Admin {
    faults: Faults,
    watch: Watch,
}

async fn report(State(admin): State<Admin>) -> Json<serde_json::Value> {
    let mut report = admin.watch.report();
    report["faults"] = serde_json::to_value(admin.faults.settings()).unwrap_or_default();
    Json(report)
}

async fn get_faults(State(admin): State<Admin>) -> Json<Settings> {
    Json(admin.faults.settings())
}

async fn set_faults(
    State(admin): State<Admin>,
    body: axum::body::Bytes,
) -> (http::StatusCode, String) {
    let current = admin.faults.settings();
    let mut doc: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(doc) => doc,
        Err(e) => return (http::StatusCode::BAD_REQUEST, format!("not JSON: {e}\n")),
    };
    // Fields left out keep their values.
    for (k, v) in [
        ("seed", serde_json::json!(current.seed)),
        ("delay_ms", serde_json::json!(current.delay_ms)),
        ("faults", serde_json::json!(current.faults)),
    ] {
        if doc.get(k).is_none() {
            doc[k] = v;
        }
    }
    match serde_json::from_value::<Settings>(doc) {
        Ok(settings) => {
            crate::say!("faults now: {:?} (seed {})", settings.faults, settings.seed);
            admin.faults.set(settings.clone());
            (
                http::StatusCode::OK,
                serde_json::to_string(&settings).unwrap_or_default() + "\n",
            )
        }
        Err(e) => (http::StatusCode::BAD_REQUEST, format!("{e}\n")),
    }
}

/// Watches the credentials store for partners that register; generates their Sessions and
/// CDRs (CPO) and starts pushing to them.
#[allow(clippy::too_many_arguments)]
async fn registrations(
    platform: Platform,
    push: bool,
    pace: f64,
    urls: UrlPolicy,
    transport: ReqwestTransport,
    watch: Watch,
    quiet: bool,
) {
    let mut known = BTreeSet::new();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        for peer in platform.server.platform().store().peers() {
            let key = format!("{}:{:?}", peer.id, peer.revision);
            if !known.insert(key) {
                continue;
            }
            let parties: Vec<PartyRef> =
                peer.credentials.claims().iter().map(|c| c.party).collect();
            if !quiet {
                say_registered(&peer, &parties);
            }
            if push {
                let (platform, urls, transport, watch) = (
                    platform.clone(),
                    urls.clone(),
                    transport.clone(),
                    watch.clone(),
                );
                tokio::spawn(async move {
                    pusher(platform, peer, pace, urls, transport, watch, quiet).await
                });
            }
        }
    }
}

/// The mock CPO carries out the commands it accepted: each gets its CommandResult (ACCEPTED)
/// POSTed to its `response_url`, as a charge point that did what it was asked.
pub async fn carry_out(
    platform: Platform,
    urls: UrlPolicy,
    transport: ReqwestTransport,
    watch: Watch,
) {
    let Some(result) =
        parse::<ocpi_protocol::v2_3_0::commands::CommandResult>(r#"{"result":"ACCEPTED"}"#)
    else {
        return;
    };
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        for received in platform.memory.inbox.take() {
            let ocpi_protocol::memory::Request::Command(command) = received.request else {
                continue;
            };
            let peers = platform.server.platform().store().peers();
            let Some(peer) = peers.into_iter().find(|p| p.id == received.peer) else {
                continue;
            };
            let mut client = Client::new(transport.clone(), peer).with_url_policy(urls.clone());
            // Addressed to the party the command came from (through a Hub, the Hub routes it
            // by these headers).
            if let Some(to) = received.from {
                client = client.with_routing(platform.party, to);
            }
            let label = format!(
                "CommandResult of {} to {}",
                command.command(),
                command.response_url()
            );
            if let Err(e) = client
                .commands_sender()
                .post_result(command.response_url(), &result)
                .await
            {
                watch.observe(
                    "command-result",
                    "finding",
                    &label,
                    format!("the partner refused it: {e}"),
                    "mod_commands §Sender Interface (POST of the CommandResult)",
                );
            }
        }
    }
}

fn parse<T: serde::de::DeserializeOwned + ocpi_protocol::types::Conformance>(
    text: &str,
) -> Option<T> {
    json::parse_strict(text.as_bytes()).ok()
}

/// Pushes changes to a partner at a pace, until it is gone.
/// A push through a receiver client, `push!(client.x_receiver(), |r| r.call(…))`: the error of
/// getting the client or of the call, as text.
macro_rules! push {
    ($client:expr, |$r:ident| $call:expr) => {
        match $client {
            Ok($r) => $call.await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    };
}

async fn pusher(
    platform: Platform,
    peer: Peer,
    pace: f64,
    urls: UrlPolicy,
    transport: ReqwestTransport,
    watch: Watch,
    quiet: bool,
) {
    let client = Client::new(transport, peer.clone()).with_url_policy(urls);
    let has = |module: Module, iface: Interface| client.endpoint(module, iface).is_ok();
    let pace = Duration::from_secs_f64(pace.clamp(0.05, 3600.0));
    let party = platform.party;
    let mut rng = Rng::new(0xC0FFEE);
    let mut step = 0u64;
    let emsp_party = peer
        .credentials
        .claims()
        .first()
        .map(|c| c.party)
        .unwrap_or(party);
    loop {
        tokio::time::sleep(pace).await;
        if platform
            .server
            .platform()
            .store()
            .peers()
            .iter()
            .all(|p| p.id != peer.id)
        {
            return;
        }
        let now = DateTime::now();
        let n = 100_000 + step / 6;
        let (what, result) = match (platform.role, step % 6) {
            (Role::Cpo, 0) if has(Module::Locations, Interface::Receiver) => {
                let location = data::location(&mut rng, &party, n as usize);
                platform.memory.locations.put(location.clone());
                let r = push!(client.locations_receiver(), |r| r.put_location(&location));
                ("PUT Location", r)
            }
            (Role::Cpo, 1) if has(Module::Locations, Interface::Receiver) => {
                let patch = parse(&format!(
                    r#"{{"status":"CHARGING","last_updated":"{now}"}}"#
                ));
                let r = match (client.locations_receiver(), patch) {
                    (Ok(r), Some(p)) => r
                        .patch_evse(&party, &format!("L{n}"), &format!("L{n}-E1"), &p)
                        .await
                        .map_err(|e| e.to_string()),
                    (Err(e), _) => Err(e.to_string()),
                    (_, None) => Err("patch".into()),
                };
                ("PATCH EVSE status", r)
            }
            (Role::Cpo, 2) if has(Module::Sessions, Interface::Receiver) => {
                let location = platform.memory.locations.values().into_iter().next();
                let r = match (client.sessions_receiver(), location) {
                    (Ok(r), Some(l)) => {
                        let mut s = data::session(&mut rng, &party, &emsp_party, &l, n as usize);
                        s.status = ocpi_protocol::v2_3_0::sessions::SessionStatus::Active;
                        s.end_date_time = None;
                        s.last_updated = now;
                        platform.memory.sessions.put(s.clone());
                        r.put_session(&s).await.map_err(|e| e.to_string())
                    }
                    (Err(e), _) => Err(e.to_string()),
                    (_, None) => Err("no Location".into()),
                };
                ("PUT Session (ACTIVE)", r)
            }
            (Role::Cpo, step @ (3 | 4)) if has(Module::Sessions, Interface::Receiver) => {
                let (what, patch) = if step == 3 {
                    (
                        "PATCH Session (kwh)",
                        format!(r#"{{"kwh":7.5,"last_updated":"{now}"}}"#),
                    )
                } else {
                    (
                        "PATCH Session (COMPLETED)",
                        format!(
                            r#"{{"status":"COMPLETED","end_date_time":"{now}","kwh":12.5,"last_updated":"{now}"}}"#
                        ),
                    )
                };
                let r = match (client.sessions_receiver(), parse(&patch)) {
                    (Ok(r), Some(p)) => r
                        .patch_session(&party, &format!("S{n}"), &p)
                        .await
                        .map_err(|e| e.to_string()),
                    (Err(e), _) => Err(e.to_string()),
                    (_, None) => Err("patch".into()),
                };
                (what, r)
            }
            (Role::Cpo, 5) if has(Module::Cdrs, Interface::Receiver) => {
                let session = platform
                    .memory
                    .sessions
                    .find(|s| s.id.as_str() == format!("S{n}"));
                let location = platform.memory.locations.values().into_iter().next();
                let r = match (client.cdrs_receiver(), session, location) {
                    (Ok(r), Some(mut s), Some(l)) => {
                        s.end_date_time = Some(now);
                        match data::cdr(&s, &l) {
                            Some(cdr) => {
                                r.post_cdr(&cdr).await.map(drop).map_err(|e| e.to_string())
                            }
                            None => Err("no CDR".into()),
                        }
                    }
                    (Err(e), _, _) => Err(e.to_string()),
                    _ => Err("no Session".into()),
                };
                ("POST CDR", r)
            }
            (Role::Emsp, 0 | 3) if has(Module::Tokens, Interface::Receiver) => {
                let token = data::token(&mut rng, &party, n as usize);
                platform.memory.tokens.put(token.clone());
                let r = push!(client.tokens_receiver(), |r| r.put_token(&token));
                ("PUT Token", r)
            }
            (Role::Emsp, 1 | 4) if has(Module::Tokens, Interface::Receiver) => {
                let patch = parse(&format!(r#"{{"valid":false,"last_updated":"{now}"}}"#));
                let token = platform.memory.tokens.values().into_iter().last();
                let r = match (client.tokens_receiver(), patch, token) {
                    (Ok(r), Some(p), Some(t)) => r
                        .patch_token(&party, t.uid.as_str(), &t.r#type, &p)
                        .await
                        .map_err(|e| e.to_string()),
                    (Err(e), _, _) => Err(e.to_string()),
                    _ => Err("patch".into()),
                };
                ("PATCH Token (invalid)", r)
            }
            (Role::Emsp, 2) if has(Module::Commands, Interface::Receiver) => {
                let token = platform.memory.tokens.values().into_iter().next();
                let command = token.and_then(|t| {
                    parse::<ocpi_protocol::v2_3_0::commands::StartSession>(&format!(
                        r#"{{"response_url":"{}/x","token":{},"location_id":"L1"}}"#,
                        platform.base,
                        String::from_utf8_lossy(&json::to_vec(&t))
                    ))
                });
                let r = match command {
                    Some(c) => match client.commands_receiver() {
                        Ok(r) => match r.send_tracked(&platform.pending, c).await {
                            Ok((uid, Ok(answer))) => {
                                let (pending, watch, label) = (
                                    platform.pending.clone(),
                                    watch.clone(),
                                    format!("START_SESSION {uid}"),
                                );
                                let wait = Duration::from_secs(
                                    u64::try_from(answer.timeout).unwrap_or(30).clamp(1, 600) + 5,
                                );
                                tokio::spawn(async move {
                                    tokio::time::sleep(wait).await;
                                    if let Some(record) = pending.get(&uid) {
                                        if record.results().next().is_none() && matches!(record.state(), ocpi_protocol::modules::commands::CommandState::Accepted) {
                                            watch.observe("command-result", "finding", &label, "accepted, but no CommandResult arrived at the response_url within its timeout".to_owned(), "mod_commands §Flow");
                                        }
                                    }
                                });
                                Ok(())
                            }
                            Ok((_, Err(e))) | Err(e) => Err(e.to_string()),
                        },
                        Err(e) => Err(e.to_string()),
                    },
                    None => Err("no Token".into()),
                };
                ("POST START_SESSION", r)
            }
            _ => {
                step += 1;
                continue;
            }
        };
        step += 1;
        watch.pushed(result.is_ok());
        match result {
            Ok(()) => {
                if !quiet {
                    crate::say!("push: {what} to {}: accepted", peer.id);
                }
            }
            Err(e) => watch.observe(
                "push",
                "finding",
                what,
                format!("the partner refused it: {e}"),
                "the module's Receiver interface",
            ),
        }
    }
}

/// Prints that `peer` registered, as `parties`, in its version.
pub(crate) fn say_registered(peer: &ocpi_protocol::credentials::Peer, parties: &[PartyRef]) {
    let parties: Vec<String> = parties.iter().map(|p| p.to_string()).collect();
    crate::say!(
        "registered: {} as {} in OCPI {}",
        peer.id,
        parties.join(", "),
        peer.version
    );
}
