//! CDRs end to end: a CPO's Sender interface pulled by an eMSP, and an eMSP's Receiver
//! interface posted to (and read back) by a CPO, through the server dispatcher and the typed
//! client, in every version; and the rules of the routes, each with a request that breaks it.

use crate::charging;
use crate::common;
use crate::network;

use std::sync::{Arc, Mutex};

use charging::{bridge, token, CONTRACT_ID};
use http::Method;
use network::{assert_pages, cpo_party, raw_request, statuses, Copies, INVALID};
use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::modules::cdrs::{CdrsReceiver, CdrsSender};
use ocpi_protocol::modules::{Bridge, Context, Edge, ListPage, ListQuery, ModuleError, Wire};
use ocpi_protocol::transport::{PartyRef, StatusCode};
use ocpi_protocol::types::{CiString, DateTime};
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::tariffs::TaxIncluded;
use ocpi_protocol::versions::OcpiVersion;

fn dt(text: &str) -> DateTime {
    text.parse().unwrap()
}

/// The official 2.3.0 CDR, owned by the CPO, charged to the eMSP's token, with `id` and
/// `last_updated` varied.
fn cdr(i: usize) -> Cdr {
    let mut c: Cdr = common::parsed_fixture("2.3.0", "cdr_example.json");
    c.country_code = cpo_party().country_code;
    c.party_id = cpo_party().party_id;
    c.id = CiString::new(&format!("CDR{i}")).unwrap();
    c.cdr_token = token();
    c.last_updated = dt(&format!("2024-01-{:02}T10:00:00Z", i + 1));
    // The official example's tariff omits `tax_included`, which 2.3.0 requires.
    for tariff in c.tariffs.iter_mut().flatten() {
        tariff.tax_included.get_or_insert(TaxIncluded::No);
    }
    c
}

/// A CPO's CDRs, in memory; records each query.
#[derive(Clone)]
struct CpoCdrs {
    all: Vec<Cdr>,
    queries: Arc<Mutex<Vec<ListQuery>>>,
}

impl CdrsSender for CpoCdrs {
    async fn list(&self, _: &Context, query: ListQuery) -> Result<ListPage<Cdr>, ModuleError> {
        self.queries.lock().unwrap().push(query.clone());
        Ok(ListPage::from_all(&self.all, &query, |c| &c.last_updated))
    }
}

/// An eMSP's CDRs, in memory; a CDR cannot be posted twice.
type EmspCdrs = Copies<Cdr>;

impl CdrsReceiver for EmspCdrs {
    async fn post_cdr(&self, ctx: &Context, cdr: Cdr) -> Result<(), ModuleError> {
        let party = PartyRef::new(cdr.country_code, cdr.party_id);
        let call = format!("post_cdr {party} {} from {:?}", cdr.id, ctx.from);
        self.calls.lock().unwrap().push(call);
        let mut stored = self.stored.lock().unwrap();
        let key = (party, cdr.id.as_str().to_owned());
        if stored.contains_key(&key) {
            return Err(ModuleError::invalid("CDRs cannot be replaced"));
        }
        stored.insert(key, cdr);
        Ok(())
    }

    async fn cdr(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<39>,
    ) -> Result<Cdr, ModuleError> {
        self.calls.lock().unwrap().push(format!("cdr {party} {id}"));
        self.stored
            .lock()
            .unwrap()
            .get(&(party, id.as_str().to_owned()))
            .cloned()
            .ok_or_else(|| ModuleError::not_found(id))
    }
}

type Setup = network::Setup<CpoCdrs, EmspCdrs>;

/// A CPO with `count` CDRs (pages of `page`) and an eMSP registered in `version`, both with
/// `edge` as their bridge.
async fn setup_with(version: OcpiVersion, count: usize, page: u64, edge: Bridge) -> Setup {
    let cpo = CpoCdrs {
        all: (0..count).map(cdr).collect(),
        queries: Arc::default(),
    };
    network::connect_modules(version, page, edge, cpo, |c, cpo, e, emsp| {
        (c.cdrs_sender(cpo), e.cdrs_receiver(emsp))
    })
    .await
}

async fn setup(version: OcpiVersion, count: usize, page: u64) -> Setup {
    setup_with(version, count, page, bridge()).await
}

/// A CDR written for a 2.2.1 peer.
pub(crate) fn cdr_body(cc: &str, pid: &str, id: &str) -> String {
    let mut c = cdr(1);
    c.country_code = cc.parse().unwrap();
    c.party_id = pid.parse().unwrap();
    c.id = CiString::new(id).unwrap();
    let bridge = bridge();
    let edge = Edge {
        version: OcpiVersion::V2_2_1,
        party: None,
        bridge: &bridge,
    };
    String::from_utf8(c.write(&edge).unwrap()).unwrap()
}

/// A CDR as a peer of `version` (2.2.1 or 2.3.0) reads it: the official example's tariff
/// has no `tax_included`, and one read from 2.2.1 gets the bridge's (`NO`).
fn as_read(version: OcpiVersion, mut cdr: Cdr) -> Cdr {
    if version == OcpiVersion::V2_2_1 {
        for tariff in cdr.tariffs.iter_mut().flatten() {
            tariff.tax_included = Some(TaxIncluded::No);
        }
    }
    cdr
}

#[tokio::test]
async fn the_emsp_pulls_every_page_in_every_version() {
    for version in OcpiVersion::ALL {
        let s = setup(version, 5, 2).await;
        let client = s.pair.emsp_client().with_bridge(bridge());
        s.pair.take_log();
        let listed = network::list_all!(client.cdrs_sender());
        assert!(listed.errors.is_empty(), "{version}: {:?}", listed.errors);
        let ids: Vec<&str> = listed.items.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["CDR0", "CDR1", "CDR2", "CDR3", "CDR4"], "{version}");
        let log = s.pair.take_log();
        assert_pages(&log, version, 3, "5");
        let queries = s.cpo.queries.lock().unwrap().clone();
        let offsets: Vec<u64> = queries.iter().map(|q| q.offset).collect();
        assert_eq!(offsets, [0, 2, 4], "{version}");
        let body = std::str::from_utf8(log[0].response.body()).unwrap();
        let first = &listed.items[0];
        if version == OcpiVersion::V2_1_1 {
            // 2.1.1 names the token by auth_id and embeds the Location (from the lookup).
            assert!(
                body.contains(&format!("\"auth_id\":\"{CONTRACT_ID}\"")),
                "{body}"
            );
            assert!(body.contains("\"location\":{\"id\":\"LOC1\""), "{body}");
            assert_eq!(first.cdr_token, token());
            assert_eq!(first.cdr_location.evse_uid.as_str(), "3256");
            assert_eq!(first.total_energy, cdr(0).total_energy);
            assert_eq!(
                (first.country_code, first.party_id),
                (cpo_party().country_code, cpo_party().party_id)
            );
        } else {
            assert!(body.contains("\"cdr_location\""), "{body}");
            assert_eq!(first.id, cdr(0).id, "{version}");
            assert_eq!(first.cdr_token, token(), "{version}");
            assert_eq!(*first, as_read(version, cdr(0)), "{version}");
        }
    }
}

#[tokio::test]
async fn the_emsp_filters_cdrs_by_date() {
    let s = setup(OcpiVersion::V2_3_0, 5, 10).await;
    let client = s.pair.emsp_client();
    let filter = ListFilter {
        date_from: Some(dt("2024-01-02T00:00:00Z")),
        date_to: Some(dt("2024-01-04T00:00:00Z")),
        limit: None,
    };
    let listed = client.cdrs_sender().unwrap().list(&filter).await.unwrap();
    let ids: Vec<&str> = listed.items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["CDR1", "CDR2"]);
    assert_eq!(listed.items[0], cdr(1));
    let query = s.cpo.queries.lock().unwrap()[0].clone();
    assert_eq!(query.date_from, filter.date_from);
    assert_eq!(query.date_to, filter.date_to);
}

#[tokio::test]
async fn the_cpo_posts_and_reads_back_at_the_location_in_every_version() {
    for version in OcpiVersion::ALL {
        let s = setup(version, 0, 10).await;
        let client = s.pair.cpo_client().with_bridge(bridge());
        let receiver = client.cdrs_receiver().unwrap();
        s.pair.take_log();
        let sent = cdr(3);
        let url = receiver.post_cdr(&sent).await.unwrap();
        assert_eq!(
            url,
            format!("https://emsp.test/ocpi/{version}/receiver/cdrs/NL/CPO/CDR3")
        );
        let log = s.pair.take_log();
        assert_eq!(log[0].request.method(), Method::POST);
        assert_eq!(
            log[0].response.status(),
            http::StatusCode::CREATED,
            "{version}"
        );
        assert_eq!(log[0].response.headers()["location"], url.as_str());
        let stored = s.emsp.stored("CDR3");
        if version == OcpiVersion::V2_1_1 {
            assert_eq!(stored.cdr_token, token());
            assert_eq!(
                (stored.country_code, stored.party_id),
                (cpo_party().country_code, cpo_party().party_id),
                "the caller's party owns a 2.1.1 CDR"
            );
            assert_eq!(stored.cdr_location.id, sent.cdr_location.id);
            assert_eq!(stored.total_energy, sent.total_energy);
        } else {
            assert_eq!(stored, as_read(version, sent.clone()), "{version}");
        }
        let back = receiver.cdr(&url, &cpo_party()).await.unwrap();
        assert_eq!(back.id, sent.id, "{version}");
        assert_eq!(back.cdr_token, token(), "{version}");
        assert_eq!(
            s.emsp.calls(),
            [
                format!("post_cdr NL*CPO CDR3 from {:?}", Some(cpo_party())),
                "cdr NL*CPO CDR3".to_owned(),
            ],
            "{version}"
        );
    }
}

#[tokio::test]
async fn a_cdr_of_another_party_is_refused_with_2001() {
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let url = "https://emsp.test/ocpi/2.2.1/receiver/cdrs";
    let r = s
        .pair
        .emsp
        .handle(raw_request(
            Method::POST,
            url,
            &s.pair.cpo_token(),
            &cdr_body("DE", "XYZ", "CDR1"),
        ))
        .await;
    assert_eq!(statuses(&r), INVALID);
    assert!(!r.headers().contains_key("location"));
    assert!(s.emsp.calls().is_empty(), "the handler is not called");

    // Through the client: the same answer.
    let client = s.pair.cpo_client();
    let mut foreign = cdr(1);
    foreign.party_id = "XYZ".parse().unwrap();
    let e = client
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&foreign)
        .await
        .unwrap_err();
    assert_eq!(e.ocpi_status(), Some(StatusCode::INVALID_PARAMETERS));
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let token = s.pair.cpo_token();
    let base = "https://emsp.test/ocpi/2.2.1/receiver/cdrs";
    let send = |method: Method, path: &str, body: String| {
        let request = raw_request(method, &format!("{base}{path}"), &token, &body);
        s.pair.emsp.handle(request)
    };

    // A valid POST: 201 with the Location of the CDR (a trailing slash makes no difference).
    let r = send(Method::POST, "/", cdr_body("NL", "CPO", "CDR1")).await;
    assert_eq!(r.status(), http::StatusCode::CREATED);
    assert_eq!(
        r.headers()["location"],
        format!("{base}/NL/CPO/CDR1").as_str()
    );
    assert_eq!(statuses(&r).1, StatusCode::SUCCESS);
    let r = send(Method::GET, "/NL/CPO/CDR1", String::new()).await;
    assert_eq!(r.status(), http::StatusCode::OK);

    // The same CDR again: the handler's answer (CDRs cannot be replaced), 2001 here.
    let r = send(Method::POST, "", cdr_body("NL", "CPO", "CDR1")).await;
    assert_eq!(statuses(&r), INVALID);

    // The GET URL's party must be one of the caller's: 404; an unknown CDR: 404.
    for path in ["/DE/XYZ/CDR1", "/NL/CPO/CDR9"] {
        let r = send(Method::GET, path, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }

    // CDRs cannot be replaced, updated or removed, and the list is the Sender's: 405.
    for method in [Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(
            method.clone(),
            "/NL/CPO/CDR1",
            cdr_body("NL", "CPO", "CDR1"),
        )
        .await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), "", cdr_body("NL", "CPO", "CDR1")).await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    let r = send(Method::POST, "/NL/CPO/CDR2", cdr_body("NL", "CPO", "CDR2")).await;
    assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED);

    // Other paths: 404.
    for path in ["/NL/CPO", "/NL", "/NL/CPO/CDR1/x"] {
        let r = send(Method::GET, path, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }

    // Not JSON: 400; JSON that is not a CDR: 2001.
    let r = send(Method::POST, "", "{\"id\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::POST, "", "{\"id\":5}".into()).await;
    assert_eq!(statuses(&r), INVALID);

    assert_eq!(
        s.emsp.calls(),
        [
            "post_cdr NL*CPO CDR1 from Some(PartyRef { country_code: CountryCode(\"NL\"), party_id: PartyId(\"CPO\") })",
            "cdr NL*CPO CDR1",
            "post_cdr NL*CPO CDR1 from Some(PartyRef { country_code: CountryCode(\"NL\"), party_id: PartyId(\"CPO\") })",
            "cdr NL*CPO CDR9",
        ]
    );
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let s = setup(OcpiVersion::V2_2_1, 2, 10).await;
    let token = s.pair.emsp_token();
    let base = "https://cpo.test/ocpi/2.2.1/sender/cdrs";
    let send = |method: Method, path: &str| {
        let request = raw_request(method, &format!("{base}{path}"), &token, "{}");
        s.pair.cpo.handle(request)
    };
    let r = send(Method::GET, "").await;
    assert_eq!(r.status(), http::StatusCode::OK);
    assert_eq!(r.headers()["x-total-count"], "2");
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), "").await;
        assert_eq!(r.status(), http::StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    for path in ["/CDR1", "/NL/CPO/CDR1"] {
        let r = send(Method::GET, path).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{path}");
    }
    // Bad paging parameters: 2001.
    let r = send(Method::GET, "?date_from=yesterday").await;
    assert_eq!(statuses(&r), INVALID);
    assert_eq!(s.cpo.queries.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_2_1_1_cdr_needs_the_applications_lookups() {
    // Without a token lookup, a 2.1.1 CDR's auth_id cannot become a CdrToken: 2001.
    let example = common::fixture("2.1.1", "mod_cdrs__example_of_a_cdr.json");
    let url = "https://emsp.test/ocpi/2.1.1/receiver/cdrs";
    let s = setup_with(OcpiVersion::V2_1_1, 0, 10, Bridge::default()).await;
    let r = s
        .pair
        .emsp
        .handle(raw_request(
            Method::POST,
            url,
            &s.pair.cpo_token(),
            &example,
        ))
        .await;
    assert_eq!(statuses(&r), INVALID);
    assert!(String::from_utf8_lossy(r.body()).contains("token lookup"));
    assert!(s.emsp.calls().is_empty());

    // Without a location lookup, a CDR cannot be written for a 2.1.1 peer.
    let client = s.pair.cpo_client();
    s.pair.take_log();
    let e = client
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&cdr(1))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("location lookup"), "{e}");
    assert!(s.pair.take_log().is_empty(), "nothing was sent");

    // A 2.2.1 CDR whose token names no owner (as the official example) takes it from the
    // token lookup; without one it is refused.
    let example = common::fixture("2.2.1", "cdr_example.json")
        .replacen("\"BE\"", "\"NL\"", 1)
        .replacen("\"BEC\"", "\"CPO\"", 1);
    let url = "https://emsp.test/ocpi/2.2.1/receiver/cdrs";
    for (edge, expected) in [
        (bridge(), StatusCode::SUCCESS),
        (Bridge::default(), StatusCode::INVALID_PARAMETERS),
    ] {
        let s = setup_with(OcpiVersion::V2_2_1, 0, 10, edge).await;
        let r = s
            .pair
            .emsp
            .handle(raw_request(
                Method::POST,
                url,
                &s.pair.cpo_token(),
                &example,
            ))
            .await;
        assert_eq!(statuses(&r).1, expected);
        if expected == StatusCode::SUCCESS {
            assert_eq!(s.emsp.stored("12345").cdr_token.party_id, token().party_id);
        }
    }
}

/// What the fake transports below answer with.
type Answer = std::future::Ready<Result<http::Response<Vec<u8>>, std::convert::Infallible>>;

/// A transport that answers every request with a 201 and the given `Location`.
fn answering(location: &'static str) -> impl Fn(http::Request<Vec<u8>>) -> Answer {
    move |_| {
        let body = br#"{"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}"#.to_vec();
        let mut response = http::Response::new(body);
        *response.status_mut() = http::StatusCode::CREATED;
        response
            .headers_mut()
            .insert(http::header::LOCATION, location.parse().unwrap());
        std::future::ready(Ok(response))
    }
}

#[tokio::test]
async fn the_client_resolves_the_location_and_keeps_to_the_endpoint_host() {
    let s = setup(OcpiVersion::V2_2_1, 0, 10).await;
    let peer = s.pair.cpo.platform().store().peers().pop().unwrap();

    // A relative Location (as the 2.1.1 example) is resolved against the endpoint.
    let client = Client::new(answering("/ocpi/emsp/cdrs/123456"), peer.clone());
    let url = client
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&cdr(1))
        .await
        .unwrap();
    assert_eq!(url, "https://emsp.test/ocpi/emsp/cdrs/123456");

    // A Location on another host is refused: the token is not sent there.
    let client = Client::new(answering("https://elsewhere.test/cdrs/1"), peer.clone());
    let receiver = client.cdrs_receiver().unwrap();
    let e = receiver.post_cdr(&cdr(1)).await.unwrap_err();
    assert!(e.to_string().contains("not on the host"), "{e}");
    let e = receiver
        .cdr("https://elsewhere.test/cdrs/1", &cpo_party())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not on the host"), "{e}");

    // No Location at all.
    let client = Client::new(
        |_: http::Request<Vec<u8>>| {
            let body = br#"{"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}"#.to_vec();
            std::future::ready(Ok::<_, std::convert::Infallible>(http::Response::new(body)))
        },
        peer,
    );
    let e = client
        .cdrs_receiver()
        .unwrap()
        .post_cdr(&cdr(1))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no Location"), "{e}");
}
