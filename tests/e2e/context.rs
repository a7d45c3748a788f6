//! What a handler learns of a request beyond its ids and body (the `Context`), and the
//! routing headers of the answer: the calling party, the request and correlation ids, and
//! the headers swapped back.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Unique message IDs, §Message Routing Headers,
//! §Party to Party (without Hub)

use crate::network;

use std::sync::{Arc, Mutex};

use http::Method;
use network::{cpo_party, emsp_party, party, raw_request, statuses, Pair};
use ocpi_protocol::modules::cdrs::CdrsReceiver;
use ocpi_protocol::modules::{Bridge, Context, ModuleError};
use ocpi_protocol::transport::{PartyRef, Routing, StatusCode, X_CORRELATION_ID, X_REQUEST_ID};
use ocpi_protocol::types::{CiString, OcpiString};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::versions::OcpiVersion;

/// An eMSP's CDRs Receiver that keeps the context of every CDR posted to it.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Context>>>);

impl CdrsReceiver for Seen {
    async fn post_cdr(&self, ctx: &Context, _: Cdr) -> Result<(), ModuleError> {
        self.0.lock().unwrap().push(ctx.clone());
        Ok(())
    }

    async fn cdr(&self, _: &Context, _: PartyRef, id: CiString<39>) -> Result<Cdr, ModuleError> {
        Err(ModuleError::not_found(id))
    }
}

impl Seen {
    fn last(&self) -> Context {
        self.0
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a CDR was posted")
    }
}

const CDRS: &str = "https://emsp.test/ocpi/2.2.1/receiver/cdrs";

/// A CPO of the given parties registered at an eMSP (2.2.1) that keeps the contexts of the
/// CDRs posted to it.
async fn setup(parties: &[PartyRef]) -> (Pair, Seen) {
    let (_, emsp) = network::sender_and_receiver(OcpiVersion::V2_2_1, 10, Bridge::default());
    let mut config = network::cpo_config();
    // 2.1.1 Credentials describe exactly one party.
    config.versions = vec![OcpiVersion::V2_2_1, OcpiVersion::V2_3_0];
    config.roles = parties
        .iter()
        .map(|p| {
            CredentialsRole::new(
                Role::Cpo,
                BusinessDetails::new(OcpiString::new("CPO").unwrap()),
                p.party_id,
                p.country_code,
            )
        })
        .collect();
    let cpo = ocpi_protocol::server::ServerBuilder::new(config).only_mounted();
    let seen = Seen::default();
    let pair = Pair::connect(cpo, emsp.cdrs_receiver(seen.clone())).await;
    (pair, seen)
}

/// A 2.2.1 CDR of `owner`.
fn cdr_body(owner: PartyRef) -> String {
    crate::cdrs::cdr_body(owner.country_code.as_str(), owner.party_id.as_str(), "CDR1")
}

/// The calling party is the peer's only party when no `OCPI-from-*` headers name one; a peer
/// of several parties is not taken for any one of them, though each of its parties may post.
#[tokio::test]
async fn the_calling_party_is_the_only_one_or_none() {
    let (pair, seen) = setup(&[cpo_party()]).await;
    let post = raw_request(
        Method::POST,
        CDRS,
        &pair.cpo_token(),
        &cdr_body(cpo_party()),
    );
    assert_eq!(
        statuses(&pair.emsp.handle(post).await).1,
        StatusCode::SUCCESS
    );
    assert_eq!(seen.last().from, Some(cpo_party()));
    assert_eq!(seen.last().parties, [cpo_party()]);

    let second = party("NL", "CP2");
    let (pair, seen) = setup(&[cpo_party(), second]).await;
    for owner in [cpo_party(), second] {
        let post = raw_request(Method::POST, CDRS, &pair.cpo_token(), &cdr_body(owner));
        assert_eq!(
            statuses(&pair.emsp.handle(post).await).1,
            StatusCode::SUCCESS
        );
        let ctx = seen.last();
        assert_eq!(ctx.from, None, "posted for {owner}");
        assert_eq!(ctx.parties, [cpo_party(), second]);
    }
    // Named by the headers, either party is the calling one.
    let mut post = raw_request(Method::POST, CDRS, &pair.cpo_token(), &cdr_body(second));
    Routing {
        to: Some(emsp_party()),
        from: Some(second),
    }
    .apply(post.headers_mut());
    assert_eq!(
        statuses(&pair.emsp.handle(post).await).1,
        StatusCode::SUCCESS
    );
    assert_eq!(seen.last().from, Some(second));
}

/// `X-Request-ID` and `X-Correlation-ID` reach the handler as sent, and are absent when not
/// sent.
#[tokio::test]
async fn request_and_correlation_ids_reach_the_handler() {
    let (pair, seen) = setup(&[cpo_party()]).await;
    let mut post = raw_request(
        Method::POST,
        CDRS,
        &pair.cpo_token(),
        &cdr_body(cpo_party()),
    );
    post.headers_mut()
        .insert(X_REQUEST_ID, "req-7".parse().unwrap());
    post.headers_mut()
        .insert(X_CORRELATION_ID, "corr-9".parse().unwrap());
    assert_eq!(
        statuses(&pair.emsp.handle(post).await).1,
        StatusCode::SUCCESS
    );
    let ctx = seen.last();
    assert_eq!(ctx.request_id.as_deref(), Some("req-7"));
    assert_eq!(ctx.correlation_id.as_deref(), Some("corr-9"));
}

/// The answer's routing headers are the request's swapped; where the request named only one
/// side, the other is filled in: the calling party, or this platform's only party. A request
/// with none gets none.
#[tokio::test]
async fn the_answer_swaps_the_routing_headers_and_fills_in_a_missing_side() {
    let (pair, _) = setup(&[cpo_party()]).await;
    let answer = |routing: Routing| {
        let mut post = raw_request(
            Method::POST,
            CDRS,
            &pair.cpo_token(),
            &cdr_body(cpo_party()),
        );
        routing.apply(post.headers_mut());
        let emsp = pair.emsp.clone();
        async move {
            let r = emsp.handle(post).await;
            assert_eq!(statuses(&r).1, StatusCode::SUCCESS);
            Routing::from_headers(r.headers()).unwrap()
        }
    };
    let both = Routing {
        to: Some(emsp_party()),
        from: Some(cpo_party()),
    };
    assert_eq!(answer(both).await, both.reply());
    let only_from = Routing {
        to: None,
        from: Some(cpo_party()),
    };
    assert_eq!(answer(only_from).await, both.reply());
    let only_to = Routing {
        to: Some(emsp_party()),
        from: None,
    };
    assert_eq!(answer(only_to).await, both.reply());
    assert_eq!(answer(Routing::default()).await, Routing::default());
}
