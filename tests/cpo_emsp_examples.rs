//! `examples/cpo.rs` and `examples/emsp.rs` run over real sockets on 127.0.0.1: the eMSP
//! registers with the CPO (the credentials handshake over HTTP), pulls its Locations page by
//! page, and receives the Session the CPO pushes; both keep their registrations in SQLite files,
//! so that stopped and started again they carry on without registering again.
// Each example includes the platforms they share, as it does when built on its own.
#![allow(clippy::duplicate_mod)]

#[path = "../examples/cpo.rs"]
#[allow(dead_code)]
mod cpo;
#[path = "../examples/emsp.rs"]
#[allow(dead_code)]
mod emsp;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ocpi_protocol::versions::OcpiVersion;
use tokio::net::TcpListener;

const IN_TIME: Duration = Duration::from_secs(30);

/// An empty directory of its own for a test's database files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocpi-examples-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Binds `addr` again once whoever held it has let it go.
async fn rebind(addr: SocketAddr) -> TcpListener {
    for _ in 0..100 {
        if let Ok(listener) = TcpListener::bind(addr).await {
            return listener;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{addr} stays taken");
}

/// Starts the CPO on `listener` with its registrations in `db`; returns its versions URL and
/// the token A it issued (none if it knows the eMSP already).
async fn start_cpo(
    listener: TcpListener,
    db: &Path,
) -> (tokio::task::JoinHandle<()>, String, Option<String>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let db = db.to_owned();
    let cpo = tokio::spawn(async move {
        let announce = move |versions: &str, token: Option<&str>| {
            tx.send((versions.to_owned(), token.map(str::to_owned)))
                .unwrap()
        };
        if let Err(e) = cpo::run(listener, &db, announce).await {
            panic!("the CPO stopped: {e}");
        }
    });
    let announced = tokio::task::spawn_blocking(move || rx.recv_timeout(IN_TIME));
    let (versions, token) = announced.await.unwrap().expect("the CPO announces itself");
    (cpo, versions, token)
}

async fn free_port() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emsp_registers_pulls_page_by_page_and_receives_the_cpos_push() {
    let dir = scratch("flow");
    let (cpo, versions, token) = start_cpo(free_port().await, &dir.join("cpo.sqlite")).await;
    assert!(versions.starts_with("http://127.0.0.1:"), "{versions}");
    let token = token.expect("a new CPO issues a token A");
    let registration = Some((versions.as_str(), token.as_str()));
    let emsp_db = dir.join("emsp.sqlite");
    let emsp = emsp::run(free_port().await, &emsp_db, registration);
    let (version, pages, pushed) = tokio::time::timeout(IN_TIME, emsp)
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
async fn stopped_and_started_again_both_carry_on_without_registering_again() {
    let dir = scratch("restart");
    let (cpo_db, emsp_db) = (dir.join("cpo.sqlite"), dir.join("emsp.sqlite"));
    let (cpo_port, emsp_port) = (free_port().await, free_port().await);
    let (cpo_addr, emsp_addr) = (
        cpo_port.local_addr().unwrap(),
        emsp_port.local_addr().unwrap(),
    );
    let (cpo, versions, token) = start_cpo(cpo_port, &cpo_db).await;
    let token = token.expect("a new CPO issues a token A");
    let registration = Some((versions.as_str(), token.as_str()));
    let first = tokio::time::timeout(IN_TIME, emsp::run(emsp_port, &emsp_db, registration));
    first.await.unwrap().expect("the eMSP registers");

    // Both stop; the CPO starts again on its file, and issues no new token A.
    cpo.abort();
    let _ = cpo.await;
    let (cpo, versions_again, token) = start_cpo(rebind(cpo_addr).await, &cpo_db).await;
    assert_eq!(versions_again, versions);
    assert_eq!(token, None, "the CPO remembers the eMSP from its file");

    // The eMSP starts again on its file with no token A: it pulls with the token of the first
    // registration, and the CPO pushes to the URL and with the token it kept.
    let again = emsp::run(rebind(emsp_addr).await, &emsp_db, None);
    let (version, pages, pushed) = tokio::time::timeout(IN_TIME, again)
        .await
        .expect("the eMSP finishes in time")
        .expect("the eMSP carries on with the registration it kept");
    assert_eq!(version, OcpiVersion::V2_3_0);
    assert_eq!(pages.concat(), ["LOC1", "LOC2", "LOC3", "LOC4", "LOC5"]);
    assert_eq!(pushed, "SES-1");
    cpo.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emsp_started_the_first_time_without_a_token_a_says_what_it_needs() {
    let dir = scratch("unregistered");
    let refused = emsp::run(free_port().await, &dir.join("emsp.sqlite"), None).await;
    let error = refused.expect_err("nothing to register with").to_string();
    assert!(error.contains("token A"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emsp_without_the_cpos_token_a_is_not_registered() {
    let dir = scratch("wrong-token");
    let (cpo, versions, _) = start_cpo(free_port().await, &dir.join("cpo.sqlite")).await;
    let wrong = "0123456789abcdef0123456789abcdef";
    let emsp_db = dir.join("emsp.sqlite");
    let emsp = emsp::run(free_port().await, &emsp_db, Some((&versions, wrong)));
    let refused = tokio::time::timeout(IN_TIME, emsp)
        .await
        .expect("the eMSP finishes in time");
    let error = refused.expect_err("a wrong token A is refused").to_string();
    assert!(
        error.contains("401") || error.contains("2001") || error.contains("token"),
        "{error}"
    );
    cpo.abort();
}
