//! The `reqwest` feature: a `Transport` with deadlines, a response cap and redirects kept on
//! their origin, against real servers on 127.0.0.1.
#![cfg(feature = "reqwest")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use ocpi_protocol::transport::{ReqwestError, ReqwestTransport, Transport};

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn get_request(url: &str) -> http::Request<Vec<u8>> {
    let mut request = http::Request::get(url).body(Vec::new()).unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        http::HeaderValue::from_static("Token c2VjcmV0"),
    );
    request
}

/// A body of `chunks` chunks of 64 KiB, sent without a `Content-Length`.
fn streamed(chunks: usize) -> axum::body::Body {
    let chunks = (0..chunks).map(|_| Ok::<_, std::io::Error>(vec![b'y'; 64 << 10]));
    axum::body::Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn deadlines_caps_and_redirects() {
    // Another origin, which must never be called.
    let called = Arc::new(AtomicUsize::new(0));
    let seen = called.clone();
    let other = serve(Router::new().route(
        "/y",
        get(move || {
            seen.fetch_add(1, Ordering::SeqCst);
            async { "other" }
        }),
    ))
    .await;
    let to_other = format!("{other}/y");
    let peer = serve(
        Router::new()
            .route("/ok", get(|| async { ([("x-request-id", "r1")], "hello") }))
            .route(
                "/here",
                get(|| async { (http::StatusCode::TEMPORARY_REDIRECT, [("location", "/ok")]) }),
            )
            .route(
                "/away",
                get(move || {
                    let to = to_other.clone();
                    async move { (http::StatusCode::TEMPORARY_REDIRECT, [("location", to)]) }
                }),
            )
            .route("/big", get(|| async { "x".repeat(2 << 20) }))
            .route("/stream", get(|| async { streamed(64) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            ),
    )
    .await;
    let transport = ReqwestTransport::builder()
        .timeout(Duration::from_millis(500))
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();

    let r = transport
        .send(get_request(&format!("{peer}/ok")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-request-id"], "r1");
    assert_eq!(r.body(), b"hello");

    // A redirect on the same origin is followed.
    let r = transport
        .send(get_request(&format!("{peer}/here")))
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.body().as_slice()),
        (200, &b"hello"[..])
    );

    // One to another origin is not: the 307 comes back, and the other host saw nothing.
    let r = transport
        .send(get_request(&format!("{peer}/away")))
        .await
        .unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(called.load(Ordering::SeqCst), 0);

    // Bodies over the cap: refused, declared or streamed.
    for path in ["/big", "/stream"] {
        let e = transport
            .send(get_request(&format!("{peer}{path}")))
            .await
            .unwrap_err();
        assert!(
            matches!(e, ReqwestError::TooLarge { max } if max == 1 << 20),
            "{path}: {e}"
        );
    }

    // A peer that does not answer in time.
    let e = transport
        .send(get_request(&format!("{peer}/slow")))
        .await
        .unwrap_err();
    match e {
        ReqwestError::Request(e) => assert!(e.is_timeout(), "{e}"),
        other => panic!("{other}"),
    }
}

/// A body of exactly the cap is read, declared or streamed; `max_redirects` redirects are
/// followed and the one after is not.
#[tokio::test]
async fn limits_are_inclusive() {
    let peer = serve(
        Router::new()
            .route("/ok", get(|| async { "hello" }))
            .route(
                "/one",
                get(|| async { (http::StatusCode::TEMPORARY_REDIRECT, [("location", "/ok")]) }),
            )
            .route(
                "/two",
                get(|| async { (http::StatusCode::TEMPORARY_REDIRECT, [("location", "/one")]) }),
            )
            .route("/exact", get(|| async { "x".repeat(1 << 20) }))
            .route("/exact-stream", get(|| async { streamed(16) })),
    )
    .await;
    let transport = ReqwestTransport::builder()
        .max_response_bytes(1 << 20)
        .max_redirects(1)
        .build()
        .unwrap();
    for path in ["/exact", "/exact-stream"] {
        let r = transport
            .send(get_request(&format!("{peer}{path}")))
            .await
            .unwrap();
        assert_eq!(r.body().len(), 1 << 20, "{path}");
    }
    let status = |path: &'static str| {
        let request = get_request(&format!("{peer}{path}"));
        let transport = &transport;
        async move { transport.send(request).await.unwrap().status().as_u16() }
    };
    assert_eq!(status("/one").await, 200);
    assert_eq!(status("/two").await, 307);
}
