//! Tariffs end to end: a CPO's Sender interface pulled by an eMSP, and an eMSP's Receiver
//! interface pushed to by a CPO, through the server dispatcher and the typed client, in every
//! version (PATCH in 2.1.1, the only version that has it); and the rules of the routes, each
//! with a request that breaks it.

use crate::common;
use crate::network;

use http::Method;
use network::{
    assert_pages, cpo_builder, cpo_party, emsp_builder, raw_request, statuses, Copies, Pair,
    INVALID, NOT_ALLOWED, NOT_FOUND, OK,
};
use ocpi_protocol::client::ListFilter;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::tariffs::{TariffPatch, TariffsReceiver};
use ocpi_protocol::modules::{Context, ModuleError, WireError};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{CiString, DateTime, Number, PatchField, Url};
use ocpi_protocol::v2_3_0::tariffs::{Tariff, TaxIncluded};
use ocpi_protocol::versions::OcpiVersion;

/// The official 2.3.0 example "Simple Tariff example € 2 per hour", owned by the CPO of the
/// network, with `id` and `last_updated` varied.
fn tariff(i: usize) -> Tariff {
    let mut t: Tariff = common::parsed_fixture("2.3.0", "tariff_1_simple_2hour.json");
    t.country_code = cpo_party().country_code;
    t.party_id = cpo_party().party_id;
    t.id = CiString::new(&format!("T{i}")).unwrap();
    t.last_updated = Some(format!("2024-01-{:02}T10:00:00Z", i + 1).parse().unwrap());
    t
}

/// What a 2.1.1 peer gives back of [`tariff`]: no `vat` (2.1.1 has none), and the bridge's
/// `tax_included` (`NO`).
fn through_2_1_1(mut t: Tariff) -> Tariff {
    for element in &mut t.elements {
        for component in &mut element.price_components {
            component.vat = None;
        }
    }
    t.tax_included = Some(TaxIncluded::No);
    t
}

/// A CPO holding `tariffs`, with the crate's reference in-memory handlers.
fn cpo_tariffs(tariffs: impl IntoIterator<Item = Tariff>) -> Memory {
    let memory = Memory::new();
    for t in tariffs {
        memory.tariffs.put(t);
    }
    memory
}

/// An eMSP's copy of the CPOs' Tariffs, in memory; records each call.
type EmspTariffs = Copies<Tariff>;

impl TariffsReceiver for EmspTariffs {
    async fn tariff(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> Result<Tariff, ModuleError> {
        self.record(format!("tariff {party} {id}"));
        self.get(party, id.as_str())
            .ok_or_else(|| ModuleError::not_found(id))
    }

    async fn put_tariff(
        &self,
        ctx: &Context,
        party: PartyRef,
        id: CiString<36>,
        tariff: Tariff,
    ) -> Result<(), ModuleError> {
        self.record(format!("put_tariff {party} {id} {}", ctx.version));
        self.stored
            .lock()
            .unwrap()
            .insert((party, id.as_str().to_owned()), tariff);
        Ok(())
    }

    async fn patch_tariff(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: TariffPatch,
    ) -> Result<(), ModuleError> {
        self.record(format!(
            "patch_tariff {party} {id} last_updated={:?}",
            patch.last_updated.map(|d| d.to_string())
        ));
        let mut stored = self.stored.lock().unwrap();
        let tariff = stored
            .get_mut(&(party, id.as_str().to_owned()))
            .ok_or_else(|| ModuleError::not_found(&id))?;
        patch.apply_to(tariff);
        Ok(())
    }

    async fn delete_tariff(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> Result<(), ModuleError> {
        self.record(format!("delete_tariff {party} {id}"));
        self.stored
            .lock()
            .unwrap()
            .remove(&(party, id.as_str().to_owned()))
            .map(drop)
            .ok_or_else(|| ModuleError::not_found(id))
    }
}

async fn pair_with(version: OcpiVersion, count: usize, page: u64, emsp: EmspTariffs) -> Pair {
    let cpo = cpo_builder()
        .tariffs_sender(cpo_tariffs((0..count).map(tariff)))
        .with_max_limit(page);
    let emsp = emsp_builder(version).tariffs_receiver(emsp);
    Pair::connect(cpo, emsp).await
}

async fn pair(version: OcpiVersion, count: usize, page: u64) -> Pair {
    pair_with(version, count, page, EmspTariffs::default()).await
}

/// The body of a 2.1.1 example extracted from the Markdown (`PUT To URL: …`, a blank line,
/// the JSON).
fn example_body(name: &str) -> String {
    let text = common::fixture("2.1.1", name);
    text.split_once("\n\n").unwrap().1.to_owned()
}

#[tokio::test]
async fn the_emsp_pulls_every_page_in_every_version() {
    for version in OcpiVersion::ALL {
        let pair = pair(version, 5, 2).await;
        let client = pair.emsp_client();
        assert_eq!(client.peer().version, version);
        pair.take_log();
        let listed = network::list_all!(client.tariffs_sender());
        assert!(listed.errors.is_empty(), "{version}: {:?}", listed.errors);
        let expected: Vec<Tariff> = (0..5)
            .map(tariff)
            .map(|t| {
                if version == OcpiVersion::V2_1_1 {
                    through_2_1_1(t)
                } else {
                    t
                }
            })
            .collect();
        assert_eq!(listed.items, expected, "{version}");
        let log = pair.take_log();
        assert_pages(&log, version, 3, "5");
        assert_eq!(
            log[0].request.uri().path(),
            format!("/ocpi/{version}/sender/tariffs")
        );
        // The objects crossed in the peer's version: 2.1.1 Tariffs have no party, 2.2.1 ones
        // no tax_included.
        let body = std::str::from_utf8(log[0].response.body()).unwrap();
        assert_eq!(
            body.contains("\"party_id\""),
            version != OcpiVersion::V2_1_1,
            "{version}"
        );
        assert_eq!(
            body.contains("\"tax_included\""),
            version == OcpiVersion::V2_3_0,
            "{version}"
        );
    }
}

#[tokio::test]
async fn the_emsp_filters_the_list_by_date() {
    let pair = pair(OcpiVersion::V2_3_0, 5, 10).await;
    let client = pair.emsp_client();
    let filter = ListFilter {
        date_from: Some("2024-01-02T00:00:00Z".parse::<DateTime>().unwrap()),
        date_to: Some("2024-01-04T00:00:00Z".parse::<DateTime>().unwrap()),
        limit: None,
    };
    let listed = client
        .tariffs_sender()
        .unwrap()
        .list(&filter)
        .await
        .unwrap();
    let ids: Vec<&str> = listed.items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["T1", "T2"]);
}

#[tokio::test]
async fn the_cpo_puts_gets_and_deletes_in_every_version() {
    for version in OcpiVersion::ALL {
        let emsp = EmspTariffs::default();
        let pair = pair_with(version, 0, 10, emsp.clone()).await;
        let client = pair.cpo_client();
        let receiver = client.tariffs_receiver().unwrap();
        let t = tariff(7);
        receiver.put_tariff(&t).await.unwrap();
        let expected = if version == OcpiVersion::V2_1_1 {
            through_2_1_1(t.clone())
        } else {
            t.clone()
        };
        assert_eq!(
            emsp.get(cpo_party(), "T7").as_ref(),
            Some(&expected),
            "{version}"
        );
        let back = receiver.tariff(&cpo_party(), "T7").await.unwrap();
        assert_eq!(back, expected, "{version}");
        receiver.delete_tariff(&cpo_party(), "T7").await.unwrap();
        assert_eq!(emsp.get(cpo_party(), "T7"), None, "{version}");
        let gone = receiver.tariff(&cpo_party(), "T7").await.unwrap_err();
        assert_eq!(
            gone.http_status(),
            Some(http::StatusCode::NOT_FOUND),
            "{version}"
        );
        let gone = receiver
            .delete_tariff(&cpo_party(), "T7")
            .await
            .unwrap_err();
        assert_eq!(
            gone.http_status(),
            Some(http::StatusCode::NOT_FOUND),
            "{version}"
        );
        assert_eq!(
            emsp.take_calls(),
            [
                format!("put_tariff NL*CPO T7 {version}"),
                "tariff NL*CPO T7".to_owned(),
                "delete_tariff NL*CPO T7".to_owned(),
                "tariff NL*CPO T7".to_owned(),
                "delete_tariff NL*CPO T7".to_owned(),
            ],
            "{version}"
        );
    }
}

#[tokio::test]
async fn the_cpo_patches_a_2_1_1_emsp() {
    let emsp = EmspTariffs::default();
    let pair = pair_with(OcpiVersion::V2_1_1, 0, 10, emsp.clone()).await;
    let client = pair.cpo_client();
    let receiver = client.tariffs_receiver().unwrap();
    receiver.put_tariff(&tariff(3)).await.unwrap();
    emsp.take_calls();

    let mut new_element = tariff(3).elements[0].clone();
    new_element.price_components[0].price = Number::parse("2.50").unwrap();
    new_element.price_components[0].vat = None;
    let mut patch = TariffPatch::default();
    patch.elements = Some(vec![new_element.clone()]);
    patch.tariff_alt_url = PatchField::Value(Url::new("https://example.com/tariffs").unwrap());
    patch.last_updated = Some("2024-03-01T00:00:00Z".parse().unwrap());
    pair.take_log();
    receiver
        .patch_tariff(&cpo_party(), "T3", &patch)
        .await
        .unwrap();
    let log = pair.take_log();
    assert_eq!(log[0].request.method(), Method::PATCH);
    assert_eq!(
        log[0].request.uri().path(),
        "/ocpi/2.1.1/receiver/tariffs/NL/CPO/T3"
    );
    let stored = emsp.get(cpo_party(), "T3").unwrap();
    assert_eq!(stored.elements, vec![new_element]);
    assert_eq!(
        stored.tariff_alt_url.as_ref().map(|u| u.as_str()),
        Some("https://example.com/tariffs")
    );
    assert_eq!(
        stored.last_updated.map(|d| d.to_string()).as_deref(),
        Some("2024-03-01T00:00:00Z")
    );
    assert_eq!(
        emsp.take_calls(),
        ["patch_tariff NL*CPO T3 last_updated=Some(\"2024-03-01T00:00:00Z\")"]
    );

    // The official example "Change Tariff to 2,50": no last_updated, which 2.1.1 allows.
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            "https://emsp.test/ocpi/2.1.1/receiver/tariffs/NL/CPO/T3",
            &pair.cpo_token(),
            &example_body("mod_tariffs__example_change_tariff_to_2_50.json"),
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(
        emsp.take_calls(),
        ["patch_tariff NL*CPO T3 last_updated=None"]
    );
    let stored = emsp.get(cpo_party(), "T3").unwrap();
    assert_eq!(
        stored.elements[0].price_components[0].price,
        Number::parse("2.5").unwrap()
    );
    assert_eq!(stored.elements[0].price_components[0].step_size, 300);
}

#[tokio::test]
async fn a_patch_is_not_sent_to_a_2_2_1_or_2_3_0_emsp() {
    for version in [OcpiVersion::V2_2_1, OcpiVersion::V2_3_0] {
        let emsp = EmspTariffs::default();
        let pair = pair_with(version, 0, 10, emsp.clone()).await;
        let client = pair.cpo_client();
        pair.take_log();
        let mut patch = TariffPatch::default();
        patch.last_updated = Some("2024-03-01T00:00:00Z".parse().unwrap());
        let e = client
            .tariffs_receiver()
            .unwrap()
            .patch_tariff(&cpo_party(), "T1", &patch)
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                ocpi_protocol::client::ClientError::Wire(WireError::NotInVersion { .. })
            ),
            "{version}: {e:?}"
        );
        assert!(pair.take_log().is_empty(), "{version}: nothing sent");
    }
}

#[tokio::test]
async fn the_official_2_1_1_put_example_is_accepted_with_the_owner_of_the_url() {
    let emsp = EmspTariffs::default();
    let pair = pair_with(OcpiVersion::V2_1_1, 0, 10, emsp.clone()).await;
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PUT,
            "https://emsp.test/ocpi/2.1.1/receiver/tariffs/NL/CPO/12",
            &pair.cpo_token(),
            &example_body("mod_tariffs__example_new_tariff_2_euro_per_hour.json"),
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    let stored = emsp.get(cpo_party(), "12").unwrap();
    assert_eq!(
        PartyRef::new(stored.country_code, stored.party_id),
        cpo_party()
    );
    assert_eq!(stored.tax_included, Some(TaxIncluded::No));
    assert_eq!(stored.currency.as_str(), "EUR");
}

const RECEIVER: &str = "https://emsp.test/ocpi/2.2.1/receiver/tariffs";

fn body(cc: &str, pid: &str, id: &str) -> String {
    let mut t = tariff(1);
    t.country_code = cc.parse().unwrap();
    t.party_id = pid.parse().unwrap();
    t.id = CiString::new(id).unwrap();
    // The 2.2.1 form: no tax_included.
    t.tax_included = None;
    serde_json::to_string(&t).unwrap()
}

#[tokio::test]
async fn rules_of_the_receiver_each_fail_when_broken() {
    let emsp = EmspTariffs::default();
    let pair = pair_with(OcpiVersion::V2_2_1, 0, 10, emsp.clone()).await;
    let token = pair.cpo_token();
    let send = |method: Method, url: String, body: String| {
        let request = raw_request(method, &url, &token, &body);
        pair.emsp.handle(request)
    };
    let url = format!("{RECEIVER}/NL/CPO/T1");

    // A valid PUT passes: the control for the cases below.
    let r = send(Method::PUT, url.clone(), body("NL", "CPO", "T1")).await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(emsp.take_calls(), ["put_tariff NL*CPO T1 2.2.1"]);

    // The URL's party must be one of the caller's: 404.
    let r = send(
        Method::PUT,
        format!("{RECEIVER}/DE/XYZ/T1"),
        body("DE", "XYZ", "T1"),
    )
    .await;
    assert_eq!(statuses(&r), NOT_FOUND);
    let r = send(Method::GET, format!("{RECEIVER}/DE/XYZ/T1"), String::new()).await;
    assert_eq!(statuses(&r), NOT_FOUND);
    let r = send(
        Method::DELETE,
        format!("{RECEIVER}/DE/XYZ/T1"),
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), NOT_FOUND);

    // The body's country_code, party_id and id must be the URL's: 2001.
    for wrong in [
        body("NL", "CPO", "T2"),
        body("NL", "CPX", "T1"),
        body("DE", "CPO", "T1"),
    ] {
        let r = send(Method::PUT, url.clone(), wrong).await;
        assert_eq!(statuses(&r), INVALID);
    }

    // Invalid JSON: 400; valid JSON that is not a Tariff: 2001.
    let r = send(Method::PUT, url.clone(), "{\"id\":".into()).await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(Method::PUT, url.clone(), "{\"id\":5}".into()).await;
    assert_eq!(statuses(&r), INVALID);
    // A tariff_id longer than CiString(36): 2001.
    let r = send(
        Method::GET,
        format!("{RECEIVER}/NL/CPO/{}", "X".repeat(37)),
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), INVALID);

    // PATCH is n/a in 2.2.1 (and 2.3.0): 405, even with last_updated; POST is n/a: 405.
    let patch = r#"{"currency":"USD","last_updated":"2024-03-01T00:00:00Z"}"#;
    let r = send(Method::PATCH, url.clone(), patch.into()).await;
    assert_eq!(statuses(&r), NOT_ALLOWED);
    let r = send(Method::POST, url.clone(), body("NL", "CPO", "T1")).await;
    assert_eq!(statuses(&r), NOT_ALLOWED);

    // Unknown paths: 404.
    for path in ["", "/NL", "/NL/CPO", "/NL/CPO/T1/extra"] {
        let r = send(Method::GET, format!("{RECEIVER}{path}"), String::new()).await;
        assert_eq!(statuses(&r), NOT_FOUND, "{path}");
    }
    // None of the refused requests reached the handler.
    assert!(emsp.take_calls().is_empty());

    // An unknown tariff: 404 on GET and DELETE.
    let r = send(
        Method::GET,
        format!("{RECEIVER}/NL/CPO/NOPE"),
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), NOT_FOUND);
    let r = send(
        Method::DELETE,
        format!("{RECEIVER}/NL/CPO/NOPE"),
        String::new(),
    )
    .await;
    assert_eq!(statuses(&r), NOT_FOUND);
}

#[tokio::test]
async fn patch_is_refused_in_2_3_0_and_checked_in_2_1_1() {
    let pair = pair(OcpiVersion::V2_3_0, 0, 10).await;
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            "https://emsp.test/ocpi/2.3.0/receiver/tariffs/NL/CPO/T1",
            &pair.cpo_token(),
            r#"{"currency":"USD","last_updated":"2024-03-01T00:00:00Z"}"#,
        ))
        .await;
    assert_eq!(statuses(&r), NOT_ALLOWED);

    let emsp = EmspTariffs::default();
    let pair = pair_with(OcpiVersion::V2_1_1, 0, 10, emsp.clone()).await;
    let token = pair.cpo_token();
    let url = "https://emsp.test/ocpi/2.1.1/receiver/tariffs/NL/CPO/T1";
    let put = example_body("mod_tariffs__example_new_tariff_2_euro_per_hour.json")
        .replace("\"12\"", "\"T1\"");
    let r = pair
        .emsp
        .handle(raw_request(Method::PUT, url, &token, &put))
        .await;
    assert_eq!(statuses(&r), OK);
    // The id of a 2.1.1 PATCH, when given, must be the URL's: 2001.
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            url,
            &token,
            r#"{"id":"T2","currency":"USD"}"#,
        ))
        .await;
    assert_eq!(statuses(&r), INVALID);
    // A PATCH that is not a partial Tariff: 2001.
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            url,
            &token,
            r#"{"elements":[]}"#,
        ))
        .await;
    assert_eq!(statuses(&r), INVALID);
    assert_eq!(emsp.take_calls(), ["put_tariff NL*CPO T1 2.1.1"]);
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            url,
            &token,
            r#"{"id":"T1","currency":"USD"}"#,
        ))
        .await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(
        emsp.get(cpo_party(), "T1").unwrap().currency.as_str(),
        "USD"
    );
}

#[tokio::test]
async fn rules_of_the_sender_each_fail_when_broken() {
    let pair = pair(OcpiVersion::V2_2_1, 3, 10).await;
    let token = pair.emsp_token();
    let sender = "https://cpo.test/ocpi/2.2.1/sender/tariffs";
    let send = |method: Method, url: String| {
        let request = raw_request(method, &url, &token, "");
        pair.cpo.handle(request)
    };
    let r = send(Method::GET, sender.to_owned()).await;
    assert_eq!(statuses(&r), OK);
    assert_eq!(r.headers()["x-total-count"], "3");
    // The Sender has only the list: POST, PUT, PATCH, DELETE are n/a (405).
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let r = send(method.clone(), sender.to_owned()).await;
        assert_eq!(statuses(&r), NOT_ALLOWED, "{method}");
    }
    // No object endpoint: 404.
    let r = send(Method::GET, format!("{sender}/T1")).await;
    assert_eq!(statuses(&r), NOT_FOUND);
    // Bad paging parameters: 2001.
    let r = send(Method::GET, format!("{sender}?limit=0")).await;
    assert_eq!(statuses(&r), INVALID);
    let r = send(Method::GET, format!("{sender}?date_from=yesterday")).await;
    assert_eq!(statuses(&r), INVALID);
}

#[tokio::test]
async fn the_versions_endpoint_lists_the_tariffs_interfaces() {
    let pair = pair(OcpiVersion::V2_2_1, 0, 10).await;
    let at_emsp = pair.emsp.platform().store().peers().pop().unwrap();
    assert!(at_emsp.endpoints.iter().any(|e| e.module == "tariffs"
        && e.role.as_ref().map(|r| r.to_string()).as_deref() == Some("SENDER")));
    let at_cpo = pair.cpo.platform().store().peers().pop().unwrap();
    assert!(at_cpo.endpoints.iter().any(|e| e.module == "tariffs"
        && e.role.as_ref().map(|r| r.to_string()).as_deref() == Some("RECEIVER")));
}
