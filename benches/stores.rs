//! What a persistent credentials store costs a platform, beside the memory store measured in
//! the same run: authenticating a request (reading its `Authorization` header and one token
//! lookup in the store), and one registration handshake (token A issued, then versions,
//! version details, POST credentials and the calls back, over an in-process network).
//!
//! ```sh
//! cargo bench --bench stores --features sqlite
//! OCPI_TEST_POSTGRES_URL=postgres://… cargo bench --bench stores --features sqlite,postgres
//! ```
//!
//! Besides criterion's figures it prints, per store, the median time of each workload, its
//! ratio to the memory store's (the floor: the same work without a database), and what the
//! store adds per request or handshake.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use http::HeaderMap;
use ocpi_protocol::credentials::{
    Caller, CredentialsStore, MemoryStore, PartyGrant, PeerId, SqliteStore,
};
use ocpi_protocol::server::{Loopback, Server, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{authorization_header, AuthorizationMode, PartyRef};
use ocpi_protocol::types::{OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::versions::OcpiVersion;
use tokio::runtime::Runtime;

fn config(host: &str, role: Role, party: &str) -> ServerConfig {
    let party = PartyRef::new("NL".parse().unwrap(), party.parse().unwrap());
    let roles = vec![CredentialsRole::new(
        role,
        BusinessDetails::new(OcpiString::new(host).unwrap()),
        party.party_id,
        party.country_code,
    )];
    let mut config = ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles);
    config.versions = vec![OcpiVersion::V2_2_1];
    config
}

/// A CPO on `store` and an eMSP in memory, on one in-process network.
struct Pair<S: CredentialsStore> {
    cpo: Arc<Server<S, Loopback>>,
    emsp: Arc<Server<MemoryStore, Loopback>>,
}

impl<S: CredentialsStore + Send + Sync + 'static> Pair<S> {
    fn new(store: S) -> Self {
        let net = Loopback::new();
        let cpo = ServerBuilder::new(config("cpo.test", Role::Cpo, "CPO")).only_mounted();
        let cpo = Arc::new(cpo.build(store, net.clone()).unwrap());
        let emsp = ServerBuilder::new(config("emsp.test", Role::Emsp, "MSP")).only_mounted();
        let emsp = Arc::new(emsp.build(MemoryStore::new(), net.clone()).unwrap());
        net.attach("cpo.test", cpo.clone());
        net.attach("emsp.test", emsp.clone());
        Pair { cpo, emsp }
    }

    /// One registration of the eMSP at the CPO.
    async fn handshake(&self) {
        let token_a = self
            .cpo
            .platform()
            .issue_token_a(
                PeerId::new("emsp"),
                PartyGrant::exactly(&self.emsp.platform().config().credentials[0]),
            )
            .await
            .unwrap();
        self.emsp
            .platform()
            .register(
                PeerId::new("cpo"),
                token_a,
                Url::new("https://cpo.test/ocpi/versions").unwrap(),
                PartyGrant::exactly(&self.cpo.platform().config().credentials[0]),
            )
            .await
            .unwrap();
    }

    async fn unregister(&self) {
        self.emsp
            .platform()
            .unregister(&PeerId::new("cpo"))
            .await
            .unwrap();
    }

    /// The headers of a request of the registered eMSP to the CPO.
    async fn headers(&self) -> HeaderMap {
        let peer = self.emsp.platform().store().peer(&PeerId::new("cpo")).await;
        let token = peer.unwrap().unwrap().credentials.token().clone();
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            authorization_header(&token, AuthorizationMode::Base64),
        );
        headers
    }

    async fn authenticate(&self, headers: &HeaderMap) {
        let caller = self.cpo.platform().authenticate(headers, "locations").await;
        assert!(matches!(caller, Ok(Caller::Registered { .. })));
    }
}

/// The median of the runs of `work` for about `seconds`.
fn median(seconds: f64, mut work: impl FnMut() -> Duration) -> Duration {
    let mut runs = Vec::new();
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < seconds || runs.len() < 20 {
        runs.push(work());
    }
    runs.sort();
    runs[runs.len() / 2]
}

/// The medians of one store: authenticating a request, and one handshake.
fn measure<S: CredentialsStore + Send + Sync + 'static>(
    runtime: &Runtime,
    name: &str,
    store: S,
    criterion: &mut Criterion,
) -> (Duration, Duration) {
    let pair = Pair::new(store);
    runtime.block_on(pair.handshake());
    let headers = runtime.block_on(pair.headers());
    criterion.bench_function(&format!("authenticate/{name}"), |b| {
        b.iter(|| runtime.block_on(pair.authenticate(black_box(&headers))))
    });
    let authenticate = median(1.0, || {
        let t = Instant::now();
        runtime.block_on(pair.authenticate(&headers));
        t.elapsed()
    });
    runtime.block_on(pair.unregister());
    let handshake = median(2.0, || {
        let t = Instant::now();
        runtime.block_on(pair.handshake());
        let spent = t.elapsed();
        runtime.block_on(pair.unregister());
        spent
    });
    (authenticate, handshake)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut criterion = Criterion::default()
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let dir = std::env::temp_dir().join(format!("ocpi-bench-stores-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let mut figures = vec![(
        "memory",
        measure(&runtime, "memory", MemoryStore::new(), &mut criterion),
    )];
    let file = runtime
        .block_on(SqliteStore::open(dir.join("bench.db")))
        .unwrap();
    figures.push((
        "sqlite file",
        measure(&runtime, "sqlite file", file, &mut criterion),
    ));
    let memory = runtime.block_on(SqliteStore::in_memory()).unwrap();
    figures.push((
        "sqlite memory",
        measure(&runtime, "sqlite memory", memory, &mut criterion),
    ));
    #[cfg(feature = "postgres")]
    match std::env::var("OCPI_TEST_POSTGRES_URL") {
        Ok(url) => {
            let schema = format!("ocpi_bench_{}", std::process::id());
            let store = runtime.block_on(postgres_store(&url, &schema));
            figures.push((
                "postgres",
                measure(&runtime, "postgres", store, &mut criterion),
            ));
            runtime.block_on(admin(&url, &format!("DROP SCHEMA {schema} CASCADE")));
        }
        Err(_) => println!("postgres: skipped (set OCPI_TEST_POSTGRES_URL)"),
    }
    std::fs::remove_dir_all(&dir).unwrap();

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("== stores (load {})", load.split(' ').next().unwrap_or("?"));
    let (floor_auth, floor_shake) = figures[0].1;
    for (name, (auth, shake)) in &figures {
        let us = |d: &Duration| d.as_secs_f64() * 1e6;
        println!(
            "RATIO authenticate a request, {name:<13}: {:>8.1} µs, memory floor {:>6.1} µs, ratio {:>6.1}x, adds {:>7.1} µs",
            us(auth),
            us(&floor_auth),
            us(auth) / us(&floor_auth),
            us(auth) - us(&floor_auth)
        );
        println!(
            "RATIO one handshake,       {name:<13}: {:>8.1} µs, memory floor {:>6.1} µs, ratio {:>6.1}x, adds {:>7.1} µs",
            us(shake),
            us(&floor_shake),
            us(shake) / us(&floor_shake),
            us(shake) - us(&floor_shake)
        );
    }
}

/// Runs one statement on the server at `url`.
#[cfg(feature = "postgres")]
async fn admin(url: &str, statement: &str) {
    use ocpi_protocol::credentials::sqlx::{self, postgres::PgPoolOptions};
    let pool = PgPoolOptions::new().connect(url).await.unwrap();
    sqlx::query(statement).execute(&pool).await.unwrap();
    pool.close().await;
}

/// A store in a new schema of the server at `url`.
#[cfg(feature = "postgres")]
async fn postgres_store(url: &str, schema: &str) -> ocpi_protocol::credentials::PostgresStore {
    use ocpi_protocol::credentials::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    admin(url, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await;
    admin(url, &format!("CREATE SCHEMA {schema}")).await;
    let options: PgConnectOptions = url.parse().unwrap();
    let pool = PgPoolOptions::new()
        .connect_with(options.options([("search_path", schema)]))
        .await
        .unwrap();
    ocpi_protocol::credentials::PostgresStore::from_pool(pool)
        .await
        .unwrap()
}
