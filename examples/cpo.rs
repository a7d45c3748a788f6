//! A CPO in a process of its own, over real HTTP on 127.0.0.1 (features `axum` and
//! `reqwest`): it serves its Locations page by page, hands out a token A for an eMSP to
//! register with, and PUTs a Session to every eMSP once it is registered.
//!
//! ```sh
//! cargo run --example cpo --features axum,reqwest   # then run the line it prints
//! ```
//!
//! Spec: 2.3.0 credentials.asciidoc §Registration; 2.3.0 mod_locations.asciidoc §Sender
//! Interface; 2.3.0 mod_sessions.asciidoc §Receiver Interface, §PUT Method
use std::sync::Arc;
use std::time::Duration;

use ocpi_protocol::client::Client;
use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::transport::{ReqwestTransport, UrlPolicy};
use tokio::net::TcpListener;

#[path = "common/platforms.rs"]
mod platforms;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let listener = TcpListener::bind("127.0.0.1:8910").await?;
    run(listener, |versions, token| {
        println!("CPO at {versions}. Register an eMSP, in another terminal, with:");
        println!("cargo run --example emsp --features axum,reqwest -- {versions} {token}");
    })
    .await
}

/// Serves the CPO on `listener` until stopped: gives `announce` its versions URL and a token
/// A, and PUTs a Session to each eMSP that registers.
pub async fn run(listener: TcpListener, announce: impl FnOnce(&str, &str)) -> Result<(), Failure> {
    let base = format!("http://{}/ocpi", listener.local_addr()?);
    // The one place the stores are built: registrations (credentials) and module data.
    let (store, memory) = (MemoryStore::new(), Memory::new());
    for i in 1..=5 {
        memory.locations.put(platforms::location(i));
    }
    let transport = ReqwestTransport::new()?;
    let local = UrlPolicy::new().allow_local(); // plain HTTP on 127.0.0.1: a demo only
    let builder = platforms::cpo(&base, &memory, 2).with_url_policy(local.clone());
    let server = Arc::new(builder.build(store, transport.clone())?);
    let grant = PartyGrant::parties([platforms::emsp_party()]);
    let token_a = server.platform().issue_token_a(PeerId::new("emsp"), grant);
    let token_a = token_a.await?;
    announce(&format!("{base}/versions"), token_a.expose());
    let app = server.clone().router();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let session = platforms::session("DEMO");
    memory.sessions.put(session.clone());
    let mut pushed = Vec::new();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        for peer in server.platform().store().peers() {
            if pushed.contains(&peer.id) {
                continue;
            }
            let (id, version) = (peer.id.clone(), peer.version);
            let client = Client::new(transport.clone(), peer).with_url_policy(local.clone());
            match client.sessions_receiver()?.put_session(&session).await {
                Ok(()) => println!("{id} registered in OCPI {version}: Session pushed"),
                Err(e) => {
                    println!("{id}: the push failed ({e}); trying again");
                    continue;
                }
            }
            pushed.push(id);
        }
    }
}
