//! The `tower` feature: a server as a `tower_service::Service`, answering the same as
//! `Server::handle`. Run with `cargo test --features tower --test tower_service`.
#![cfg(feature = "tower")]

#[path = "common/network.rs"]
mod network;

use std::convert::Infallible;
use std::future::poll_fn;

use http::Method;
use network::{cpo_builder, emsp_builder, raw_request, Pair};
use ocpi_protocol::credentials::MemoryStore;
use ocpi_protocol::server::{Loopback, TowerService};
use ocpi_protocol::transport::{parse_response, StatusCode};
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;
use tower_service::Service;

type Svc = TowerService<MemoryStore, Loopback>;

/// What a tower stack asks of a service it spawns onto a multi-threaded runtime.
fn spawnable<X: Service<http::Request<Vec<u8>>> + Clone + Send + 'static>(_: &X)
where
    X::Future: Send + 'static,
{
}

async fn call(service: &mut Svc, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    poll_fn(|cx| service.poll_ready(cx))
        .await
        .unwrap_or_else(|e: Infallible| match e {});
    service.call(request).await.unwrap_or_else(|e| match e {})
}

#[tokio::test]
async fn the_service_answers_as_the_server_does() {
    let pair = Pair::connect(cpo_builder(), emsp_builder(OcpiVersion::V2_2_1)).await;
    let mut service = TowerService::new(pair.cpo.clone());
    spawnable(&service);
    assert!(std::sync::Arc::ptr_eq(service.server(), &pair.cpo));
    assert_eq!(
        format!("{service:?}"),
        format!("TowerService({:?})", pair.cpo)
    );

    // A registered peer's token: the versions list.
    let peer = pair.emsp.platform().store().peers().pop().unwrap();
    let token = peer.credentials.token().clone();
    let url = "https://cpo.test/ocpi/versions";
    let mut request = raw_request(Method::GET, url, &token, "");
    request
        .headers_mut()
        .insert("x-request-id", "tower-1".parse().unwrap());
    let response = call(&mut service, request).await;
    assert_eq!(response.status(), http::StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"], "tower-1");
    let envelope = parse_response::<Box<RawValue>>(response.body())
        .unwrap()
        .value;
    assert_eq!(envelope.status_code, StatusCode::SUCCESS);
    assert!(envelope.data.unwrap().get().contains("cpo.test/ocpi/2.2.1"));

    // An unknown token: 401, as from Server::handle; a clone answers the same.
    let stranger = ocpi_protocol::types::CredentialsToken::new("stranger").unwrap();
    let mut clone = service.clone();
    let response = call(&mut clone, raw_request(Method::GET, url, &stranger, "")).await;
    assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
    let direct = pair
        .cpo
        .handle(raw_request(Method::GET, url, &stranger, ""))
        .await;
    assert_eq!(direct.status(), response.status());
}
