//! An eMSP in a process of its own, over real HTTP on 127.0.0.1 (features `axum` and
//! `reqwest`): it registers with the CPO of `examples/cpo.rs` (the credentials handshake),
//! pulls the CPO's Locations with the page stream, and waits for the Session the CPO pushes.
//!
//! `cargo run --example emsp --features axum,reqwest -- <CPO versions URL> <token A>`
//!
//! Spec: 2.3.0 credentials.asciidoc §Registration; 2.3.0 transport_and_format.asciidoc
//! §Pagination; 2.3.0 mod_sessions.asciidoc §Receiver Interface
use std::sync::Arc;
use std::time::Duration;

use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::transport::{ReqwestTransport, UrlPolicy};
use ocpi_protocol::types::{CredentialsToken, Url};
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::versions::OcpiVersion;
use tokio::net::TcpListener;

#[path = "common/platforms.rs"]
mod platforms;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: emsp <CPO versions URL> <token A> (the CPO prints both)";
    let (versions, token_a) = (args.next().ok_or(usage)?, args.next().ok_or(usage)?);
    run(TcpListener::bind("127.0.0.1:0").await?, &versions, &token_a)
        .await
        .map(drop)
}

/// What the eMSP saw: the version agreed, the ids of each page pulled, the Session pushed.
pub type Report = (OcpiVersion, Vec<Vec<String>>, String);

/// Serves the eMSP on `listener`, registers with the CPO, pulls its Locations page by page,
/// and returns once the CPO has pushed a Session.
pub async fn run(listener: TcpListener, versions: &str, token_a: &str) -> Result<Report, Failure> {
    let base = format!("http://{}/ocpi", listener.local_addr()?);
    // The one place the stores are built: registrations (credentials) and module data.
    let (store, memory) = (MemoryStore::new(), Memory::new());
    let transport = ReqwestTransport::new()?;
    let local = UrlPolicy::new().allow_local(); // plain HTTP on 127.0.0.1: a demo only
    let builder = platforms::emsp(&base, &memory).sessions_receiver(memory.clone());
    let builder = builder.with_url_policy(local.clone());
    let server = Arc::new(builder.build(store, transport.clone())?);
    let app = server.clone().router();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (token_a, versions) = (CredentialsToken::new(token_a)?, Url::new(versions)?);
    let grant = PartyGrant::parties([platforms::cpo_party()]);
    let platform = server.platform();
    let cpo = platform
        .register(PeerId::new("cpo"), token_a, versions, grant)
        .await?;
    let version = cpo.version;
    println!("eMSP at {base}: registered with the CPO in OCPI {version}");
    let client = Client::new(transport, cpo).with_url_policy(local);
    let mut pages = client.pages::<Location>(&ListFilter::default())?;
    let mut ids = Vec::new();
    while let Some(page) = pages.next_page().await.transpose()? {
        let page_ids: Vec<String> = page.items.iter().map(|l| l.id.to_string()).collect();
        println!("Locations {page_ids:?} of {:?}", page.total_count);
        for location in page.items {
            memory.locations.put(location);
        }
        ids.push(page_ids);
    }
    for _ in 0..100 {
        if let Some(session) = memory.sessions.values().pop() {
            println!("the CPO pushed Session {} ({})", session.id, session.status);
            return Ok((version, ids, session.id.to_string()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("the CPO pushed no Session within 10 seconds".into())
}
