//! `examples/http.rs` runs: the CPO and the eMSP listen on 127.0.0.1, register with each
//! other and pull Locations over real sockets; its server adapter caps request bodies.

#[path = "../examples/http.rs"]
#[allow(dead_code)]
mod http_example;

use std::sync::Arc;
use std::time::Duration;

use http_example::{platforms, HttpTransport};
use ocpi_protocol::credentials::MemoryStore;
use ocpi_protocol::server::ServerBuilder;
use ocpi_protocol::transport::{parse_response, StatusCode, Transport};
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;

const IN_TIME: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_registers_and_pulls_over_http() {
    let mut out = Vec::new();
    let summary = tokio::time::timeout(IN_TIME, http_example::run(&mut out))
        .await
        .expect("the example finishes in time")
        .expect("the example succeeds");
    let text = String::from_utf8(out).unwrap();

    assert_eq!(summary.version, OcpiVersion::V2_3_0);
    assert_eq!(summary.locations, ["LOC1", "LOC2", "LOC3", "LOC4", "LOC5"]);
    // Versions, details, the CPO's two calls back during the POST, the POST, three pages.
    let shapes: Vec<String> = summary
        .exchanges
        .iter()
        .map(|e| {
            let (method, rest) = e.split_once(' ').unwrap();
            let path = rest.split_once("/ocpi").unwrap().1;
            format!("{method} {}", path.split_once(" →").unwrap().0)
        })
        .collect();
    assert_eq!(
        shapes,
        [
            "GET /versions",
            "GET /2.3.0",
            "GET /versions",
            "GET /2.3.0",
            "POST /2.3.0/credentials",
            "GET /2.3.0/sender/locations",
            "GET /2.3.0/sender/locations?offset=2&limit=2",
            "GET /2.3.0/sender/locations?offset=4&limit=2",
        ]
    );
    assert!(summary.exchanges.iter().all(|e| e.contains("→ 200 OK")));

    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("CPO  serves OCPI at http://127.0.0.1:"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("eMSP serves OCPI at http://127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("The credentials handshake, in OCPI 2.3.0:"),
        "{text}"
    );
    assert!(
        text.contains("   CPO → eMSP  GET http://127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("(X-Total-Count: 5)"), "{text}");
    assert!(
        text.contains("5 Locations read (LOC1, LOC2, LOC3, LOC4, LOC5), 0 refused."),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_adapter_refuses_a_body_over_the_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/ocpi", listener.local_addr().unwrap());
    let mut config = platforms::config(&base, Role::Emsp, platforms::emsp_party(), "eMSP");
    config.limits.max_bytes = 1000;
    let server = ServerBuilder::new(config)
        .only_mounted()
        .build(MemoryStore::new(), HttpTransport::default())
        .unwrap();
    tokio::spawn(http_example::serve(listener, Arc::new(server)));

    let post = |size: usize| {
        let mut request = http::Request::new(vec![b' '; size]);
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = format!("{base}/2.3.0/credentials").parse().unwrap();
        request
    };
    let client = HttpTransport::default();
    let send = |request| tokio::time::timeout(IN_TIME, client.send(request));

    let r = send(post(2000)).await.unwrap().unwrap();
    assert_eq!(r.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
    let envelope = parse_response::<Box<RawValue>>(r.body()).unwrap().value;
    assert_eq!(envelope.status_code, StatusCode::CLIENT_ERROR);

    // Under the limit, the request reaches the server: no token, so 401.
    let r = send(post(10)).await.unwrap().unwrap();
    assert_eq!(r.status(), http::StatusCode::UNAUTHORIZED);
}
