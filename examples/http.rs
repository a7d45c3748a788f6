//! The tour's two platforms over real HTTP: the CPO and the eMSP each listen on a port of
//! 127.0.0.1 (axum), call each other with a real HTTP client (hyper-util), register with the
//! credentials handshake, and the eMSP pulls the CPO's Locations page by page.
//!
//! Run it with `cargo run --example http --features axum`.
//!
//! The crate is sans-IO: a `server::Server` answers an `http::Request<Vec<u8>>` with an
//! `http::Response<Vec<u8>>`, and calls peers through any `transport::Transport`. Plugging it
//! into an HTTP stack takes two adapters: [`serve`] uses the crate's own for axum
//! (`Server::router`, feature `axum`), and [`HttpTransport`] is a `Transport` written by
//! hand over hyper-util (the crate's `reqwest` feature has a ready one).
//! With the crate's `tower` feature, `server::TowerService` is a `tower_service::Service` of
//! the server, for stacks built on tower.

use std::error::Error;
use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::credentials::{CredentialsStore, MemoryStore, PartyGrant, PeerId};
use ocpi_protocol::server::Server;
use ocpi_protocol::transport::{BodyLimits, Transport, UrlPolicy, X_TOTAL_COUNT};
use ocpi_protocol::versions::OcpiVersion;
use tokio::net::TcpListener;

#[path = "common/platforms.rs"]
pub(crate) mod platforms;

use ocpi_protocol::memory::Memory;
use platforms::{cpo_party, emsp_party, location};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let summary = run(&mut std::io::stdout()).await?;
    println!(
        "\nDone: registered in OCPI {}, {} Locations pulled, {} HTTP exchanges over 127.0.0.1.",
        summary.version,
        summary.locations.len(),
        summary.exchanges.len()
    );
    Ok(())
}

/// What a run did.
pub struct Summary {
    /// The version the platforms registered in.
    pub version: OcpiVersion,
    /// The ids of the Locations the eMSP pulled.
    pub locations: Vec<String>,
    /// Every exchange: `METHOD URL → STATUS`, in the order they completed.
    pub exchanges: Vec<String>,
}

/// Starts both platforms on 127.0.0.1, registers the eMSP with the CPO and pulls the CPO's
/// Locations, writing a short account to `out`.
pub async fn run(out: &mut impl Write) -> Result<Summary, Box<dyn Error>> {
    // Bind first: the base URLs, which the platforms publish, carry the ports.
    let cpo_listener = TcpListener::bind("127.0.0.1:0").await?;
    let emsp_listener = TcpListener::bind("127.0.0.1:0").await?;
    let cpo_base = format!("http://{}/ocpi", cpo_listener.local_addr()?);
    let emsp_base = format!("http://{}/ocpi", emsp_listener.local_addr()?);

    let transport = HttpTransport::default();
    let (cpo_memory, emsp_memory) = (Memory::new(), Memory::new());
    for i in 1..=5 {
        cpo_memory.locations.put(location(i));
    }
    // Both platforms call each other over plain HTTP on 127.0.0.1, which the default URL
    // policy refuses: they allow this machine explicitly.
    let local = |mut builder: ocpi_protocol::server::ServerBuilder| {
        builder = builder.with_url_policy(UrlPolicy::new().allow_local());
        builder
    };
    let cpo = local(platforms::cpo(&cpo_base, &cpo_memory, 2))
        .build(MemoryStore::new(), transport.clone())?;
    let emsp = local(platforms::emsp(&emsp_base, &emsp_memory))
        .build(MemoryStore::new(), transport.clone())?;
    let (cpo, emsp) = (Arc::new(cpo), Arc::new(emsp));
    tokio::spawn(serve(cpo_listener, cpo.clone()));
    tokio::spawn(serve(emsp_listener, emsp.clone()));
    writeln!(out, "CPO  serves OCPI at {cpo_base}")?;
    writeln!(out, "eMSP serves OCPI at {emsp_base}")?;

    // The CPO's token A and versions URL reach the eMSP outside OCPI; the eMSP registers.
    let token_a = cpo
        .platform()
        .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([emsp_party()]))
        .await?;
    let versions = cpo.platform().config().versions.url.clone();
    let peer = emsp
        .platform()
        .register(
            PeerId::new("cpo"),
            token_a,
            versions,
            PartyGrant::parties([cpo_party()]),
        )
        .await?;
    let version = peer.version;
    writeln!(out, "\nThe credentials handshake, in OCPI {version}:")?;
    let platforms = [(cpo_base.as_str(), "CPO"), (emsp_base.as_str(), "eMSP")];
    transport.write_log(out, platforms)?;

    // The eMSP pulls every page of the CPO's Locations.
    // Plain HTTP to 127.0.0.1 is refused by default: this example allows it explicitly.
    let client = Client::new(transport.clone(), peer)
        .with_url_policy(UrlPolicy::new().allow_local())
        .with_routing(emsp_party(), cpo_party());
    let listed = client
        .locations_sender()?
        .list(&ListFilter::default())
        .await?;
    writeln!(out, "\nThe eMSP pulls the CPO's Locations:")?;
    transport.write_log(out, platforms)?;
    let locations: Vec<String> = listed.items.iter().map(|l| l.id.to_string()).collect();
    writeln!(
        out,
        "{} Locations read ({}), {} refused.",
        locations.len(),
        locations.join(", "),
        listed.error_count()
    )?;
    for location in listed.items {
        emsp_memory.locations.put(location);
    }
    Ok(Summary {
        version,
        locations,
        exchanges: transport.exchanges(),
    })
}

/// Serves `server` on `listener` through the crate's axum adapter (`Server::router`, feature
/// `axum`): every request, whatever its path, goes to `Server::handle`, which routes it, with
/// its body read up to the server's `BodyLimits`.
pub async fn serve<S, T>(listener: TcpListener, server: Arc<Server<S, T>>) -> std::io::Result<()>
where
    S: CredentialsStore + Send + Sync + 'static,
    T: Transport + Send + Sync + 'static,
{
    axum::serve(listener, server.router()).await
}

/// The `Transport` of both platforms and of the eMSP's client: a hyper-util HTTP/1 client
/// (connections kept alive and reused), which also notes each exchange.
#[derive(Clone)]
pub struct HttpTransport {
    client: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    log: Arc<Mutex<Vec<String>>>,
    printed: Arc<Mutex<usize>>,
}

/// Why a request over HTTP failed.
#[derive(Debug, thiserror::Error)]
pub enum HttpTransportError {
    /// The request could not be sent, or no response came.
    #[error("HTTP request failed: {0}")]
    Request(#[from] hyper_util::client::legacy::Error),
    /// The response body could not be read, or is larger than the limit.
    #[error("reading the response body failed: {0}")]
    Body(Box<dyn Error + Send + Sync>),
}

impl Default for HttpTransport {
    /// A client with no connection yet.
    fn default() -> Self {
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http();
        HttpTransport {
            client,
            log: Arc::default(),
            printed: Arc::default(),
        }
    }
}

impl HttpTransport {
    /// Every exchange so far.
    fn exchanges(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Writes the exchanges not written yet, each with who calls whom: `platforms` are the
    /// two platforms' base URLs and names.
    fn write_log(&self, out: &mut impl Write, platforms: [(&str, &str); 2]) -> std::io::Result<()> {
        let log = self.exchanges();
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        for line in &log[*printed..] {
            let called = platforms.iter().position(|(base, _)| line.contains(base));
            let (from, to) = match called {
                Some(i) => (platforms[1 - i].1, platforms[i].1),
                None => ("?", "?"),
            };
            writeln!(out, "  {from:>4} → {to:<4}  {line}")?;
        }
        *printed = log.len();
        Ok(())
    }
}

impl Transport for HttpTransport {
    type Error = HttpTransportError;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, HttpTransportError>> + Send {
        let this = self.clone();
        async move {
            let line = format!("{} {}", request.method(), request.uri());
            let request = request.map(|body| Full::new(Bytes::from(body)));
            let (parts, body) = this.client.request(request).await?.into_parts();
            let max = BodyLimits::default().max_bytes;
            let body = Limited::new(body, max)
                .collect()
                .await
                .map_err(HttpTransportError::Body)?
                .to_bytes();
            let total = parts
                .headers
                .get(X_TOTAL_COUNT)
                .and_then(|v| v.to_str().ok())
                .map_or(String::new(), |t| format!(" (X-Total-Count: {t})"));
            let noted = format!("{line} → {}{total}", parts.status);
            this.log
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(noted);
            Ok(http::Response::from_parts(parts, body.to_vec()))
        }
    }
}
