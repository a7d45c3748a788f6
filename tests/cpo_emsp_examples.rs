//! `examples/cpo.rs` and `examples/emsp.rs` run over real sockets on 127.0.0.1: the eMSP
//! registers with the CPO (the credentials handshake over HTTP), pulls its Locations page by
//! page, and receives the Session the CPO pushes once it sees the registration.
// Each example includes the platforms they share, as it does when built on its own.
#![allow(clippy::duplicate_mod)]

#[path = "../examples/cpo.rs"]
#[allow(dead_code)]
mod cpo;
#[path = "../examples/emsp.rs"]
#[allow(dead_code)]
mod emsp;

use std::time::Duration;

use ocpi_protocol::versions::OcpiVersion;
use tokio::net::TcpListener;

const IN_TIME: Duration = Duration::from_secs(30);

/// Starts the CPO on a free port; returns its versions URL and token A.
async fn start_cpo() -> (tokio::task::JoinHandle<()>, String, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let cpo = tokio::spawn(async move {
        let announce = move |versions: &str, token: &str| {
            tx.send((versions.to_owned(), token.to_owned())).unwrap()
        };
        if let Err(e) = cpo::run(listener, announce).await {
            panic!("the CPO stopped: {e}");
        }
    });
    let announced = tokio::task::spawn_blocking(move || rx.recv_timeout(IN_TIME));
    let (versions, token) = announced.await.unwrap().expect("the CPO announces itself");
    (cpo, versions, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emsp_registers_pulls_page_by_page_and_receives_the_cpos_push() {
    let (cpo, versions, token) = start_cpo().await;
    assert!(versions.starts_with("http://127.0.0.1:"), "{versions}");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (version, pages, pushed) =
        tokio::time::timeout(IN_TIME, emsp::run(listener, &versions, &token))
            .await
            .expect("the eMSP finishes in time")
            .expect("the eMSP succeeds");
    assert_eq!(version, OcpiVersion::V2_3_0);
    assert_eq!(
        pages,
        [vec!["LOC1", "LOC2"], vec!["LOC3", "LOC4"], vec!["LOC5"]],
        "three pages of at most two"
    );
    assert_eq!(pushed, "SES-1");
    cpo.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emsp_without_the_cpos_token_a_is_not_registered() {
    let (cpo, versions, _) = start_cpo().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let wrong = "0123456789abcdef0123456789abcdef";
    let refused = tokio::time::timeout(IN_TIME, emsp::run(listener, &versions, wrong))
        .await
        .expect("the eMSP finishes in time");
    let error = refused.expect_err("a wrong token A is refused").to_string();
    assert!(
        error.contains("401") || error.contains("2001") || error.contains("token"),
        "{error}"
    );
    cpo.abort();
}
