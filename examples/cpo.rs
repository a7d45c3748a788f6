//! A CPO in a process of its own, over real HTTP on 127.0.0.1: it serves its Locations page by
//! page, hands out a token A for an eMSP to register with, and PUTs a Session to the eMSP once
//! registered, then every two seconds. Registrations are kept in SQLite (`cpo.sqlite`, or the
//! path given): started again, the CPO still knows the eMSP and issues no new token A.
//!
//! `cargo run --example cpo --features axum,reqwest,sqlite`, then run the line it prints.
//!
//! Spec: 2.3.0 credentials.asciidoc §Registration; mod_sessions.asciidoc §PUT Method
use std::{path::Path, sync::Arc, time::Duration};

use ocpi_protocol::client::Client;
use ocpi_protocol::credentials::{CredentialsStore, PartyGrant, PeerId, SqliteStore};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::transport::{ReqwestTransport, UrlPolicy};
use tokio::net::TcpListener;

#[path = "common/platforms.rs"]
mod platforms;

type Failure = Box<dyn std::error::Error + Send + Sync>;

const EMSP: &str = "cargo run --example emsp --features axum,reqwest,sqlite --";

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let db = std::env::args().nth(1).unwrap_or("cpo.sqlite".into());
    let listener = TcpListener::bind("127.0.0.1:8910").await?;
    run(listener, db.as_ref(), |versions, token| match token {
        Some(t) => println!("CPO at {versions}. Register an eMSP with: {EMSP} {versions} {t}"),
        None => println!("CPO at {versions}: the eMSP registered earlier is still known"),
    })
    .await
}

/// Serves the CPO on `listener`, registrations in the SQLite file `db`, until stopped: gives
/// `announce` its versions URL and a token A (none if the eMSP is registered already).
pub async fn run(
    listener: TcpListener,
    db: &Path,
    announce: impl FnOnce(&str, Option<&str>),
) -> Result<(), Failure> {
    let base = format!("http://{}/ocpi", listener.local_addr()?);
    let (store, memory) = (SqliteStore::open(db).await?, Memory::new()); // registrations, data
    memory.locations.put_all((1..=5).map(platforms::location));
    let transport = ReqwestTransport::new()?;
    let local = UrlPolicy::new().allow_local(); // plain HTTP on 127.0.0.1: a demo only
    let builder = platforms::cpo(&base, &memory, 2).with_url_policy(local.clone());
    let server = Arc::new(builder.build(store, transport.clone())?);
    let (platform, emsp) = (server.platform(), PeerId::new("emsp"));
    let token_a = if platform.store().peer(&emsp).await?.is_some() {
        None // registered in an earlier run
    } else {
        let grant = PartyGrant::parties([platforms::emsp_party()]);
        Some(platform.issue_token_a(emsp.clone(), grant).await?)
    };
    let versions = format!("{base}/versions");
    announce(&versions, token_a.as_ref().map(|t| t.expose()));
    let app = server.clone().router();
    let mut serving = tokio::task::JoinSet::new(); // stops serving when `run` stops
    serving.spawn(async move { axum::serve(listener, app).await });
    let session = platforms::session("DEMO");
    memory.sessions.put(session.clone());
    let mut reached = false; // said once, and again after a failure
    loop {
        let Some(peer) = platform.store().peer(&emsp).await? else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let client = Client::new(transport.clone(), peer).with_url_policy(local.clone());
        let pushed = client.sessions_receiver()?.put_session(&session).await;
        match &pushed {
            Ok(()) if !reached => println!("the eMSP is registered: Session pushed"),
            Err(e) => println!("the push to the eMSP failed ({e}); trying again"),
            Ok(()) => {}
        }
        reached = pushed.is_ok();
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
