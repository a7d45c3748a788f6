//! An eMSP in a process of its own, over real HTTP on 127.0.0.1: it registers with the CPO of
//! `examples/cpo.rs` (the credentials handshake), pulls the CPO's Locations with the page
//! stream, and waits for the Session the CPO pushes. Registrations are kept in SQLite
//! (`emsp.sqlite`): started again without arguments, it is still registered with the CPO.
//!
//! `cargo run --example emsp --features axum,reqwest,sqlite -- [<CPO versions URL> <token A>]`
//!
//! Spec: 2.3.0 credentials.asciidoc §Registration; transport_and_format.asciidoc §Pagination
use std::{path::Path, sync::Arc, time::Duration};

use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::credentials::{CredentialsStore, PartyGrant, PeerId, SqliteStore};
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
    let (versions, token_a) = (args.next(), args.next());
    let cpo = versions.as_deref().zip(token_a.as_deref());
    let listener = TcpListener::bind("127.0.0.1:8911").await?; // a port the CPO keeps
    run(listener, "emsp.sqlite".as_ref(), cpo).await.map(drop)
}

/// What the eMSP saw (version agreed, ids of each page, Session pushed), or why it failed.
pub type Outcome = Result<(OcpiVersion, Vec<Vec<String>>, String), Failure>;

/// Serves the eMSP on `listener` (registrations in `db`), registers with `cpo` (versions URL,
/// token A) unless registered already, pulls Locations, returns once a Session is pushed.
pub async fn run(listener: TcpListener, db: &Path, cpo: Option<(&str, &str)>) -> Outcome {
    let base = format!("http://{}/ocpi", listener.local_addr()?);
    let (store, memory) = (SqliteStore::open(db).await?, Memory::new()); // registrations, data
    let transport = ReqwestTransport::new()?;
    let local = UrlPolicy::new().allow_local(); // plain HTTP on 127.0.0.1: a demo only
    let builder = platforms::emsp(&base, &memory).sessions_receiver(memory.clone());
    let builder = builder.with_url_policy(local.clone());
    let server = Arc::new(builder.build(store, transport.clone())?);
    let app = server.clone().router();
    let mut serving = tokio::task::JoinSet::new(); // stops serving when `run` returns
    serving.spawn(async move { axum::serve(listener, app).await });
    let (platform, id) = (server.platform(), PeerId::new("cpo"));
    let cpo = match (platform.store().peer(&id).await?, cpo) {
        (Some(cpo), _) => cpo, // registered in an earlier run
        (None, None) => return Err("not registered yet: give the CPO's URL and token A".into()),
        (None, Some((versions, token_a))) => {
            let (token_a, versions) = (CredentialsToken::new(token_a)?, Url::new(versions)?);
            let grant = PartyGrant::parties([platforms::cpo_party()]);
            platform.register(id, token_a, versions, grant).await?
        }
    };
    let version = cpo.version;
    println!("eMSP at {base}: registered with the CPO in OCPI {version}");
    let client = Client::new(transport, cpo).with_url_policy(local);
    let mut pages = client.pages::<Location>(&ListFilter::default())?;
    let mut ids = Vec::new();
    while let Some(page) = pages.next_page().await.transpose()? {
        let page_ids: Vec<String> = page.items.iter().map(|l| l.id.to_string()).collect();
        println!("Locations {page_ids:?} of {:?}", page.total_count);
        memory.locations.put_all(page.items);
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
