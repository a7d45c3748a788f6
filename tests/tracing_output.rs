//! The `tracing` feature: spans for server requests and client calls, events for the
//! handshake, and never a token in them.
#![cfg(feature = "tracing")]

#[path = "common/network.rs"]
mod network;

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine;
use ocpi_protocol::client::ListFilter;
use ocpi_protocol::credentials::PeerId;
use ocpi_protocol::modules::{Interface, Module};
use ocpi_protocol::types::Url;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn requests_calls_and_handshake_steps_are_traced_without_tokens() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (cpo, emsp) = network::sender_and_receiver(
        ocpi_protocol::versions::OcpiVersion::V2_2_1,
        10,
        Default::default(),
    );
    let pair = network::Pair::connect(cpo, emsp).await;
    let tokens_of = |pair: &network::Pair| {
        let mut tokens = Vec::new();
        for server in [&pair.cpo, &pair.emsp] {
            for peer in server.platform().store().peers() {
                // The tokens each side issued are those the other side calls it with.
                tokens.push(peer.credentials.token().expose().to_owned());
            }
        }
        tokens
    };
    let mut tokens = tokens_of(&pair);
    pair.emsp
        .platform()
        .update(&PeerId::new("cpo"))
        .await
        .unwrap();
    tokens.extend(tokens_of(&pair));
    // A client call (to an interface the CPO does not serve: a 404, traced all the same).
    let client = pair.emsp_client().with_endpoint(
        Module::Locations,
        Interface::Sender,
        Url::new("https://cpo.test/ocpi/2.2.1/sender/locations").unwrap(),
    );
    let listed = client
        .locations_sender()
        .unwrap()
        .list(&ListFilter::default())
        .await;
    assert!(listed.is_err());

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The server's spans: module, version, peer, message ids, statuses, duration.
    assert!(text.contains("ocpi.server{"), "{text}");
    assert!(text.contains("module=credentials"), "{text}");
    assert!(text.contains("version=2.2.1"), "{text}");
    assert!(text.contains("peer=emsp"), "{text}");
    assert!(text.contains("http_status=200"), "{text}");
    assert!(text.contains("ocpi_status=1000"), "{text}");
    assert!(text.contains("duration_us="), "{text}");
    assert!(text.contains("request_id="), "{text}");
    // The handshake steps, on both sides.
    for step in [
        "versions fetched, version chosen",
        "version details fetched",
        "registered",
        "registration accepted",
        "update accepted",
        "updated",
    ] {
        assert!(text.contains(step), "{step}: {text}");
    }

    // The client's span.
    assert!(text.contains("ocpi.client{"), "{text}");
    assert!(text.contains("http_status=404"), "{text}");

    // No token, as written or in Base64, anywhere (those before and after the update).
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 4);
    for token in &tokens {
        let encoded = base64::engine::general_purpose::STANDARD.encode(token);
        assert!(!text.contains(token.as_str()), "a token in the traces");
        assert!(!text.contains(&encoded), "a token in Base64 in the traces");
    }
}
