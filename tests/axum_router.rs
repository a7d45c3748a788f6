//! The `axum` feature: a server as an axum `Router`, over a real socket on 127.0.0.1.
#![cfg(feature = "axum")]

#[path = "common/network.rs"]
mod network;

use std::sync::Arc;

use ocpi_protocol::credentials::MemoryStore;
use ocpi_protocol::server::Loopback;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends raw HTTP/1.1 bytes and returns the whole answer as text.
async fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn the_router_serves_the_server_and_enforces_its_body_limit() {
    let mut config = network::cpo_config();
    config.limits.max_bytes = 1000;
    let server = ocpi_protocol::server::ServerBuilder::new(config)
        .only_mounted()
        .build(MemoryStore::new(), Loopback::new())
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, Arc::new(server).router()).await });

    // Routed to the server: an unknown token is a 401 with an OCPI envelope, ids echoed.
    let answer = exchange(
        addr,
        b"GET /ocpi/versions HTTP/1.1\r\nHost: cpo.test\r\nAuthorization: Token bm9ib2R5\r\n\
          X-Request-ID: req-1\r\nX-Correlation-ID: cor-1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id: req-1"),
        "{answer}"
    );
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("x-correlation-id: cor-1"),
        "{answer}"
    );
    assert!(answer.contains("\"status_code\":2000"), "{answer}");

    // A declared length over the limit: 413 at once, the body never sent.
    let answer = exchange(
        addr,
        b"POST /ocpi/2.2.1/credentials HTTP/1.1\r\nHost: cpo.test\r\nContent-Length: 5000000\r\n\
          X-Request-ID: req-2\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id: req-2"),
        "{answer}"
    );

    // A chunked body that passes the limit while it streams: 413, though it never ends.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /ocpi/2.2.1/credentials HTTP/1.1\r\nHost: cpo.test\r\n\
              Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 600, "x".repeat(600));
    for _ in 0..3 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let mut answer = String::new();
    let mut out = vec![0u8; 4096];
    while !answer.contains("bytes\"") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut out))
            .await
            .expect("an answer before the body ends")
            .unwrap();
        assert!(n > 0, "{answer}");
        answer.push_str(&String::from_utf8_lossy(&out[..n]));
    }
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // Its size is unknown: only that it passed the limit.
    assert!(
        answer.contains("body of 1001 bytes exceeds the limit of 1000 bytes"),
        "{answer}"
    );

    // A body of exactly the limit is read (and the request then refused for its token).
    let request = format!(
        "POST /ocpi/2.2.1/credentials HTTP/1.1\r\nHost: cpo.test\r\nContent-Length: 1000\r\n\
         Connection: close\r\n\r\n{}",
        " ".repeat(1000)
    );
    let answer = exchange(addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    // A body that cannot be read (a malformed chunk): 400 with an OCPI envelope.
    let answer = exchange(
        addr,
        b"POST /ocpi/2.2.1/credentials HTTP/1.1\r\nHost: cpo.test\r\n\
          Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nxx\r\n0\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"status_code\":2000"), "{answer}");
}
