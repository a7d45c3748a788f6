//! A full server round trip: a GET of a page of Locations goes in as an `http::Request`, is
//! authenticated, routed, answered by an in-memory handler, written in the envelope with
//! its pagination headers, and comes out as an `http::Response`.
//!
//! Run with `cargo bench --bench dispatcher`. Besides criterion's figures, it prints one line
//! comparing the round trip with the floor of the same run: serializing the same page of
//! Locations with the crate's writer, `json::to_vec`, as the server writes it (the work no
//! dispatcher can avoid).
//!
//! A third line compares a request routed through a Roaming Hub (`hub::Hub`: party → Hub →
//! party, sans I/O over `Loopback`, the same page of Locations) with the direct round trip of
//! the same run.
//!
//! With `--features axum,reqwest` it prints a second line: the same GET over a real socket on
//! 127.0.0.1, served through the axum adapter (`Server::router`) and sent with
//! `ReqwestTransport` (HTTP/1.1, the connection kept alive), against the same floor.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::{Duration, Instant};

use criterion::Criterion;
use ocpi_protocol::credentials::{
    AnyCredentials, Change, CredentialsStore, Expect, MemoryStore, PartyGrant, Peer, PeerId,
    Revision,
};
use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
use ocpi_protocol::json;
use ocpi_protocol::modules::locations::LocationsSender;
use ocpi_protocol::modules::{Context, ListPage, ListQuery, ModuleError};
use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{authorization_header, AuthorizationMode, PartyRef, Routing};
use ocpi_protocol::types::{CiString, CredentialsToken, OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_2_1::versions::InterfaceRole;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::v2_3_0::locations::{Connector, Evse, Location};
use ocpi_protocol::versions::{Endpoint, OcpiVersion};

/// Polls a future that never waits (every piece here answers at once) to completion.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

const LOCATIONS: usize = 1_000;
const PAGE: u64 = 100;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/2.3.0/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Cpo(Vec<Location>);

impl LocationsSender for Cpo {
    async fn list(&self, _: &Context, query: ListQuery) -> Result<ListPage<Location>, ModuleError> {
        Ok(ListPage::from_all(&self.0, &query, |l| &l.last_updated))
    }
    async fn location(&self, _: &Context, id: CiString<36>) -> Result<Location, ModuleError> {
        Err(ModuleError::not_found(id))
    }
    async fn evse(
        &self,
        _: &Context,
        _: CiString<36>,
        id: CiString<36>,
    ) -> Result<Evse, ModuleError> {
        Err(ModuleError::not_found(id))
    }
    async fn connector(
        &self,
        _: &Context,
        _: CiString<36>,
        _: CiString<36>,
        id: CiString<36>,
    ) -> Result<Connector, ModuleError> {
        Err(ModuleError::not_found(id))
    }
}

/// Stores a registered peer directly: `calls_us_with` is the token it calls this platform
/// with, `credentials` carry the token this platform calls it with.
fn save_peer(
    store: &MemoryStore,
    id: &str,
    version: OcpiVersion,
    credentials: AnyCredentials,
    calls_us_with: CredentialsToken,
    endpoints: Vec<Endpoint>,
) {
    let peer = Peer {
        id: PeerId::new(id),
        version,
        mode: AuthorizationMode::Base64,
        revision: Revision::from_u64(1),
        accept: AuthorizationMode::Base64,
        terms: PartyGrant::exactly(&credentials).into(),
        credentials,
        endpoints,
    };
    run(store.apply(Change::SavePeer {
        peer: Box::new(peer),
        token: Some(calls_us_with),
        rotated_until: None,
        expect: Expect {
            revision: None,
            pending: None,
            at: std::time::SystemTime::now(),
        },
    }))
    .unwrap()
    .unwrap();
}

fn locations() -> Vec<Location> {
    let text = fixture("location_example_uc2_destination_charger.json");
    let template: Location = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    (0..LOCATIONS)
        .map(|i| {
            let mut l = template.clone();
            l.id = CiString::new(&format!("LOC{i:05}")).unwrap();
            l
        })
        .collect()
}

fn main() {
    let all = locations();
    let page: Vec<Location> = all[..PAGE as usize].to_vec();
    let roles = vec![CredentialsRole::new(
        Role::Cpo,
        BusinessDetails::new(OcpiString::new("CPO").unwrap()),
        "CPO".parse().unwrap(),
        "NL".parse().unwrap(),
    )];
    let config = ServerConfig::new(Url::new("https://cpo.test/ocpi").unwrap(), roles);
    let server = ServerBuilder::new(config)
        .only_mounted()
        .with_max_limit(PAGE)
        .locations_sender(Cpo(all))
        .build(MemoryStore::new(), Loopback::new())
        .unwrap();
    let server = std::sync::Arc::new(server);
    let token = CredentialsToken::new("emsp-token").unwrap();
    let credentials = AnyCredentials::parse(
        OcpiVersion::V2_2_1,
        std::fs::read(format!(
            "{}/tests/fixtures/2.2.1/credentials_example.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .as_slice(),
    )
    .unwrap();
    save_peer(
        server.platform().store(),
        "emsp",
        OcpiVersion::V2_3_0,
        credentials.clone(),
        token.clone(),
        Vec::new(),
    );
    let request = || {
        let mut r = http::Request::new(Vec::new());
        *r.uri_mut() = "https://cpo.test/ocpi/2.3.0/sender/locations?offset=200&limit=100"
            .parse()
            .unwrap();
        r.headers_mut().insert(
            http::header::AUTHORIZATION,
            authorization_header(&token, AuthorizationMode::Base64),
        );
        r.headers_mut().insert(
            "x-request-id",
            "3f2b7a1e-0000-4000-8000-000000000001".parse().unwrap(),
        );
        r
    };
    let probe = run(server.handle(request()));
    assert_eq!(probe.status(), http::StatusCode::OK);
    assert_eq!(probe.headers()["x-total-count"], "1000");

    // The same GET routed through a Roaming Hub: the eMSP NL*EXA (the credentials example's
    // party) calls the Hub NL*HUB, which forwards it to the CPO NL*CPO with the token the CPO
    // knows, and passes the answer back.
    let net = Loopback::new();
    net.attach("cpo.test", server.clone());
    let mut hub_config = ServerConfig::new(
        Url::new("https://hub.test/ocpi").unwrap(),
        vec![CredentialsRole::new(
            Role::Cpo,
            BusinessDetails::new(OcpiString::new("CPO").unwrap()),
            "CPO".parse().unwrap(),
            "NL".parse().unwrap(),
        )],
    );
    hub_config.hub_party_id = Some(CiString::new("NLHUB").unwrap());
    hub_config.hub_business_details = Some(BusinessDetails::new(OcpiString::new("Hub").unwrap()));
    let directory = MemoryDirectory::new();
    let hub = Hub::build(
        ServerBuilder::new(hub_config).only_mounted(),
        MemoryStore::new(),
        net.clone(),
        directory.clone(),
        HubOptions::default(),
    )
    .unwrap();
    let cpo_party = PartyRef::new("NL".parse().unwrap(), "CPO".parse().unwrap());
    let emsp_party = PartyRef::new("NL".parse().unwrap(), "EXA".parse().unwrap());
    let hub_token = CredentialsToken::new("emsp-at-the-hub").unwrap();
    save_peer(
        hub.server().platform().store(),
        "emsp",
        OcpiVersion::V2_3_0,
        credentials.clone(),
        hub_token.clone(),
        Vec::new(),
    );
    let cpo_credentials = server
        .platform()
        .config()
        .credentials
        .iter()
        .find(|c| c.version() == OcpiVersion::V2_3_0)
        .unwrap()
        .clone()
        .with_token(
            token.clone(),
            Url::new("https://cpo.test/ocpi/versions").unwrap(),
        );
    save_peer(
        hub.server().platform().store(),
        "cpo",
        OcpiVersion::V2_3_0,
        cpo_credentials,
        CredentialsToken::new("cpo-at-the-hub").unwrap(),
        vec![Endpoint::new(
            "locations",
            Some(InterfaceRole::Sender),
            Url::new("https://cpo.test/ocpi/2.3.0/sender/locations").unwrap(),
        )],
    );
    directory.connect(cpo_party, Role::Cpo, PeerId::new("cpo"));
    let routed = || {
        let mut r = http::Request::new(Vec::new());
        *r.uri_mut() = "https://hub.test/ocpi/2.3.0/sender/locations?offset=200&limit=100"
            .parse()
            .unwrap();
        r.headers_mut().insert(
            http::header::AUTHORIZATION,
            authorization_header(&hub_token, AuthorizationMode::Base64),
        );
        r.headers_mut().insert(
            "x-request-id",
            "3f2b7a1e-0000-4000-8000-000000000002".parse().unwrap(),
        );
        Routing {
            to: Some(cpo_party),
            from: Some(emsp_party),
        }
        .apply(r.headers_mut());
        r
    };
    let probe = run(hub.handle(routed()));
    assert_eq!(probe.status(), http::StatusCode::OK);
    assert_eq!(probe.headers()["x-total-count"], "1000");
    assert_eq!(
        probe.headers()["link"],
        "<https://hub.test/ocpi/2.3.0/sender/locations?offset=300&limit=100>; rel=\"next\""
    );
    let direct = run(server.handle(request()));
    let data = |body: &[u8]| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(body).unwrap()["data"].clone()
    };
    assert_eq!(data(probe.body()), data(direct.body()));

    #[cfg(all(feature = "axum", feature = "reqwest"))]
    let socket = over_a_socket::Socket::start(&server, &token);

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("dispatcher/GET locations page (100)", |b| {
        b.iter(|| black_box(run(server.handle(black_box(request())))))
    });
    #[cfg(all(feature = "axum", feature = "reqwest"))]
    c.bench_function("socket/GET locations page (100) through axum", |b| {
        b.iter(|| black_box(socket.get()))
    });
    c.bench_function(
        "hub/GET locations page (100) routed party → Hub → party",
        |b| b.iter(|| black_box(run(hub.handle(black_box(routed()))))),
    );
    c.bench_function("floor/serialize the same page", |b| {
        b.iter(|| black_box(json::to_vec(black_box(&page))))
    });

    // The ratio lines: medians of interleaved rounds of at least 1 s in all.
    let (mut ours, mut floor, mut wire) = (Vec::new(), Vec::new(), Vec::<Duration>::new());
    let mut via_hub = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) || ours.len() < 20 {
        let t = Instant::now();
        black_box(run(server.handle(request())));
        ours.push(t.elapsed());
        let t = Instant::now();
        black_box(run(hub.handle(routed())));
        via_hub.push(t.elapsed());
        let t = Instant::now();
        black_box(json::to_vec(&page));
        floor.push(t.elapsed());
        #[cfg(all(feature = "axum", feature = "reqwest"))]
        {
            let t = Instant::now();
            black_box(socket.get());
            wire.push(t.elapsed());
        }
    }
    let median = |samples: &mut Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    let (o, f) = (median(&mut ours), median(&mut floor));
    println!(
        "RATIO dispatcher GET page of {PAGE} Locations: {:>9.1} µs, serialize floor {:>9.1} µs, ratio {:.2}x",
        o.as_secs_f64() * 1e6,
        f.as_secs_f64() * 1e6,
        o.as_secs_f64() / f.as_secs_f64()
    );
    let h = median(&mut via_hub);
    println!(
        "RATIO hub-routed GET page of {PAGE} Locations (party → Hub → party): {:>9.1} µs, direct round trip {:>9.1} µs, ratio {:.2}x",
        h.as_secs_f64() * 1e6,
        o.as_secs_f64() * 1e6,
        h.as_secs_f64() / o.as_secs_f64()
    );
    if wire.is_empty() {
        println!("RATIO socket round trip through axum: run with --features axum,reqwest");
    } else {
        let w = median(&mut wire);
        println!(
            "RATIO socket GET page of {PAGE} Locations through axum: {:>9.1} µs, serialize floor {:>9.1} µs, ratio {:.2}x ({:.2}x the sans-IO round trip)",
            w.as_secs_f64() * 1e6,
            f.as_secs_f64() * 1e6,
            w.as_secs_f64() / f.as_secs_f64(),
            w.as_secs_f64() / o.as_secs_f64()
        );
    }
}

/// The server on a real socket: an axum server on 127.0.0.1 in a tokio runtime of its own
/// thread, called by `ReqwestTransport` from the bench's thread.
#[cfg(all(feature = "axum", feature = "reqwest"))]
mod over_a_socket {
    use std::sync::Arc;

    use ocpi_protocol::credentials::MemoryStore;
    use ocpi_protocol::server::{Loopback, Server};
    use ocpi_protocol::transport::{authorization_header, AuthorizationMode};
    use ocpi_protocol::transport::{ReqwestTransport, Transport};
    use ocpi_protocol::types::CredentialsToken;

    pub struct Socket {
        runtime: tokio::runtime::Runtime,
        transport: ReqwestTransport,
        url: String,
        authorization: http::HeaderValue,
    }

    impl Socket {
        pub fn start(
            server: &Arc<Server<MemoryStore, Loopback>>,
            token: &CredentialsToken,
        ) -> Self {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .unwrap();
            let url = format!(
                "http://{}/ocpi/2.3.0/sender/locations?offset=200&limit=100",
                listener.local_addr().unwrap()
            );
            let app = server.clone().router();
            runtime.spawn(async move { axum::serve(listener, app).await });
            let socket = Socket {
                transport: runtime.block_on(async { ReqwestTransport::new() }).unwrap(),
                runtime,
                url,
                authorization: authorization_header(token, AuthorizationMode::Base64),
            };
            let probe = socket.get();
            assert_eq!(probe.status(), http::StatusCode::OK);
            assert_eq!(probe.headers()["x-total-count"], "1000");
            socket
        }

        /// One GET of the page, over the socket.
        pub fn get(&self) -> http::Response<Vec<u8>> {
            let mut request = http::Request::new(Vec::new());
            *request.uri_mut() = self.url.parse().unwrap();
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, self.authorization.clone());
            self.runtime.block_on(self.transport.send(request)).unwrap()
        }
    }
}
