//! Locations end to end: a CPO's Sender interface pulled by an eMSP, and an eMSP's Receiver
//! interface pushed to by a CPO, through the server dispatcher and the typed client, in every
//! version; and the dispatcher's rules, each with a request that breaks it.

use crate::common;
use crate::network;

use std::sync::Mutex;

use http::Method;
use network::{
    cpo_builder, cpo_party, emsp_builder, emsp_party, party, raw_request, statuses, Pair,
};
use ocpi_protocol::client::ListFilter;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::transport::{parse_response, PartyRef, StatusCode, X_REQUEST_ID};
use ocpi_protocol::types::{CiString, DateTime};
use ocpi_protocol::v2_3_0::locations::{
    ConnectorPatch, EvsePatch, Location, LocationPatch, Status,
};
use ocpi_protocol::versions::OcpiVersion;
use serde_json::value::RawValue;

/// The official 2.3.0 Location example, with `id` and `last_updated` varied.
fn location(i: usize) -> Location {
    let mut l: Location =
        common::parsed_fixture("2.3.0", "location_example_uc2_destination_charger.json");
    l.id = CiString::new(&format!("LOC{i}")).unwrap();
    l.last_updated = format!("2024-01-{:02}T10:00:00Z", i + 1).parse().unwrap();
    l
}

/// A CPO holding `locations`, with the crate's reference in-memory handlers.
fn cpo_locations(locations: impl IntoIterator<Item = Location>) -> Memory {
    let memory = Memory::new();
    for l in locations {
        memory.locations.put(l);
    }
    memory
}

async fn pair(version: OcpiVersion, count: usize, page: u64) -> Pair {
    let mut cpo = cpo_builder().locations_sender(cpo_locations((0..count).map(location)));
    cpo = cpo.with_max_limit(page);
    let emsp = emsp_builder(version).locations_receiver(Memory::new());
    Pair::connect(cpo, emsp).await
}

#[tokio::test]
async fn the_emsp_pulls_every_page_in_every_version() {
    for version in OcpiVersion::ALL {
        let pair = pair(version, 5, 2).await;
        let client = pair.emsp_client();
        assert_eq!(client.peer().version, version);
        pair.take_log();
        let listed = network::list_all!(client.locations_sender());
        let ids: Vec<&str> = listed.items.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["LOC0", "LOC1", "LOC2", "LOC3", "LOC4"], "{version}");
        assert!(listed.errors.is_empty(), "{version}: {:?}", listed.errors);
        let log = pair.take_log();
        assert_eq!(log.len(), 3, "{version}: three pages of at most two");
        let first = &log[0].response;
        assert_eq!(first.headers()["x-total-count"], "5");
        assert_eq!(first.headers()["x-limit"], "2");
        assert!(first.headers()["link"]
            .to_str()
            .unwrap()
            .contains("offset=2"));
        assert!(
            !log[2].response.headers().contains_key("link"),
            "no next on the last page"
        );
        // The objects crossed in the peer's version: 2.1.1 Locations have no party.
        let body = std::str::from_utf8(log[0].response.body()).unwrap();
        assert_eq!(
            body.contains("\"party_id\""),
            version != OcpiVersion::V2_1_1,
            "{version}"
        );
    }
}

#[tokio::test]
async fn the_emsp_filters_by_date_and_gets_single_objects() {
    let pair = pair(OcpiVersion::V2_2_1, 5, 10).await;
    let client = pair.emsp_client();
    let sender = client.locations_sender().unwrap();
    let filter = ListFilter {
        date_from: Some("2024-01-02T00:00:00Z".parse::<DateTime>().unwrap()),
        date_to: Some("2024-01-04T00:00:00Z".parse::<DateTime>().unwrap()),
        limit: None,
    };
    let listed = sender.list(&filter).await.unwrap();
    let ids: Vec<&str> = listed.items.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["LOC1", "LOC2"]);
    let l = sender.location("LOC3").await.unwrap();
    assert_eq!(l, location(3));
    let evse_uid = l.evses.as_ref().unwrap()[0].uid.clone();
    let evse = sender.evse("LOC3", evse_uid.as_str()).await.unwrap();
    assert_eq!(evse.uid, evse_uid);
    let connector_id = evse.connectors[0].id.clone();
    let connector = sender
        .connector("LOC3", evse_uid.as_str(), connector_id.as_str())
        .await
        .unwrap();
    assert_eq!(connector.id, connector_id);
    let missing = sender.location("NOPE").await.unwrap_err();
    assert_eq!(missing.http_status(), Some(http::StatusCode::NOT_FOUND));
    // The network shows the hosts it serves.
    let shown = format!("{:?}", pair.net);
    assert!(
        shown.starts_with("Loopback") && shown.contains("\"cpo.test\""),
        "{shown}"
    );
    assert!(shown.contains("\"emsp.test\""), "{shown}");
}

#[tokio::test]
async fn the_cpo_pushes_and_patches_in_every_version() {
    for version in OcpiVersion::ALL {
        let pair = pair(version, 0, 10).await;
        let client = pair.cpo_client();
        let receiver = client.locations_receiver().unwrap();
        let mut l = location(7);
        l.country_code = cpo_party().country_code;
        l.party_id = cpo_party().party_id;
        receiver.put_location(&l).await.unwrap();
        let back = receiver.location(&cpo_party(), "LOC7").await.unwrap();
        assert_eq!(back.id, l.id, "{version}");
        assert_eq!(back.address, l.address, "{version}");
        let mut patch = LocationPatch::default();
        patch.name = ocpi_protocol::types::PatchField::Value(
            ocpi_protocol::types::OcpiString::new("Renamed").unwrap(),
        );
        patch.last_updated = Some("2024-02-01T00:00:00Z".parse().unwrap());
        receiver
            .patch_location(&cpo_party(), "LOC7", &patch)
            .await
            .unwrap();
        let back = receiver.location(&cpo_party(), "LOC7").await.unwrap();
        assert_eq!(
            back.name.as_ref().map(|n| n.as_str()),
            Some("Renamed"),
            "{version}"
        );
        // An EVSE and a Connector of it, each PUT, PATCHed and read back on its own URL.
        let at = |day: u32| format!("2024-03-{day:02}T00:00:00Z").parse().unwrap();
        let party = cpo_party();
        let mut evse = l.evses.as_ref().unwrap()[0].clone();
        evse.status = Status::Blocked;
        evse.last_updated = at(1);
        let uid = evse.uid.as_str();
        receiver.put_evse(&party, "LOC7", &evse).await.unwrap();
        let back = receiver.evse(&party, "LOC7", uid).await.unwrap();
        assert_eq!(back.status, Status::Blocked, "{version}");
        let mut connector = evse.connectors[0].clone();
        connector.max_voltage = Some(400);
        connector.last_updated = Some(at(2));
        let id = connector.id.as_str();
        receiver
            .put_connector(&party, "LOC7", uid, &connector)
            .await
            .unwrap();
        let back = receiver.connector(&party, "LOC7", uid, id).await.unwrap();
        assert_eq!(back.max_voltage, Some(400), "{version}");
        let mut patch = EvsePatch::default();
        patch.status = Some(Status::Charging);
        patch.last_updated = Some(at(3));
        receiver
            .patch_evse(&party, "LOC7", uid, &patch)
            .await
            .unwrap();
        let back = receiver.evse(&party, "LOC7", uid).await.unwrap();
        assert_eq!(back.status, Status::Charging, "{version}");
        let mut patch = ConnectorPatch::default();
        patch.max_amperage = Some(32);
        patch.last_updated = Some(at(4));
        receiver
            .patch_connector(&party, "LOC7", uid, id, &patch)
            .await
            .unwrap();
        let back = receiver.connector(&party, "LOC7", uid, id).await.unwrap();
        assert_eq!(back.max_amperage, Some(32), "{version}");
    }
}

const RECEIVER: &str = "https://emsp.test/ocpi/2.2.1/receiver/locations";

fn location_body(cc: &str, pid: &str, id: &str) -> String {
    let mut l = location(1);
    l.country_code = cc.parse().unwrap();
    l.party_id = pid.parse().unwrap();
    l.id = CiString::new(id).unwrap();
    serde_json::to_string(&l).unwrap()
}

#[tokio::test]
async fn rules_of_the_dispatcher_each_fail_when_broken() {
    let pair = pair(OcpiVersion::V2_2_1, 2, 10).await;
    let token = pair.cpo_token();
    let send = |method: Method, url: &str, body: String| {
        let request = raw_request(method, url, &token, &body);
        pair.emsp.handle(request)
    };

    // A valid PUT passes: the control for the cases below.
    let ok = send(
        Method::PUT,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        location_body("NL", "CPO", "LOC1"),
    )
    .await;
    assert_eq!(
        (ok.status(), statuses(&ok).1),
        (http::StatusCode::OK, StatusCode::SUCCESS)
    );

    // The URL's party must be one of the caller's: 404.
    let r = send(
        Method::PUT,
        &format!("{RECEIVER}/DE/XYZ/LOC1"),
        location_body("DE", "XYZ", "LOC1"),
    )
    .await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);

    // The body's ids must match the URL: 2001.
    let r = send(
        Method::PUT,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        location_body("NL", "CPO", "LOC2"),
    )
    .await;
    assert_eq!(
        (r.status(), statuses(&r).1),
        (http::StatusCode::OK, StatusCode::INVALID_PARAMETERS)
    );
    let r = send(
        Method::PUT,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        location_body("NL", "CPX", "LOC1"),
    )
    .await;
    assert_eq!(statuses(&r).1, StatusCode::INVALID_PARAMETERS);

    // A PATCH must carry last_updated: 2001; with it, it passes.
    let r = send(
        Method::PATCH,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        r#"{"name":"x"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r).1, StatusCode::INVALID_PARAMETERS);
    let r = send(
        Method::PATCH,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        r#"{"name":"x","last_updated":"2024-03-01T00:00:00Z"}"#.into(),
    )
    .await;
    assert_eq!(statuses(&r).1, StatusCode::SUCCESS);

    // Invalid JSON: 400. Valid JSON that is not a Location: 2001.
    let r = send(
        Method::PUT,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        "{\"id\":".into(),
    )
    .await;
    assert_eq!(r.status(), http::StatusCode::BAD_REQUEST);
    let r = send(
        Method::PUT,
        &format!("{RECEIVER}/NL/CPO/LOC1"),
        "{\"id\":5}".into(),
    )
    .await;
    assert_eq!(
        (r.status(), statuses(&r).1),
        (http::StatusCode::OK, StatusCode::INVALID_PARAMETERS)
    );

    // Unknown paths: 404.
    for url in [
        "https://emsp.test/ocpi/2.2.1/receiver/tariffs/NL/CPO/T1",
        "https://emsp.test/ocpi/2.2.1/sender/locations",
        "https://emsp.test/ocpi/9.9/receiver/locations/NL/CPO/LOC1",
        "https://emsp.test/elsewhere",
        "https://emsp.test/ocpi/2.2.1/receiver/locations/NL/CPO/A/B/C/D",
    ] {
        let r = send(Method::GET, url, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{url}");
    }
    // A party without a Location id, and a stored Connector's URL with one more segment.
    let evse = &location(1).evses.unwrap()[0];
    let connector = format!(
        "{RECEIVER}/NL/CPO/LOC1/{}/{}",
        evse.uid, evse.connectors[0].id
    );
    let r = send(Method::GET, &connector, String::new()).await;
    assert_eq!(r.status(), http::StatusCode::OK, "{connector}");
    for url in [format!("{RECEIVER}/NL/CPO"), format!("{connector}/X")] {
        let r = send(Method::GET, &url, String::new()).await;
        assert_eq!(r.status(), http::StatusCode::NOT_FOUND, "{url}");
    }

    // Request ids are echoed.
    let mut request = raw_request(Method::GET, &format!("{RECEIVER}/NL/CPO/LOC1"), &token, "");
    request
        .headers_mut()
        .insert(X_REQUEST_ID, "req-42".parse().unwrap());
    let r = pair.emsp.handle(request).await;
    assert_eq!(r.headers()[X_REQUEST_ID], "req-42");
    assert!(r.headers().contains_key("x-correlation-id"));
}

#[tokio::test]
async fn tokens_and_routing_headers_are_checked() {
    let pair = pair(OcpiVersion::V2_2_1, 1, 10).await;
    let url = format!("{RECEIVER}/NL/CPO/LOC1");
    let body = location_body("NL", "CPO", "LOC1");

    // A token A works on Versions and Credentials only: 401 here.
    let token_a = pair
        .emsp
        .platform()
        .issue_token_a(
            ocpi_protocol::credentials::PeerId::new("newcomer"),
            ocpi_protocol::credentials::PartyGrant::parties([party("DE", "NEW")]),
        )
        .await
        .unwrap();
    let r = pair
        .emsp
        .handle(raw_request(Method::PUT, &url, &token_a, &body))
        .await;
    assert_eq!(r.status(), http::StatusCode::UNAUTHORIZED);
    let versions = raw_request(Method::GET, "https://emsp.test/ocpi/versions", &token_a, "");
    assert_eq!(
        pair.emsp.handle(versions).await.status(),
        http::StatusCode::OK
    );

    // An unknown token: 401.
    let unknown = ocpi_protocol::types::CredentialsToken::new("nobody").unwrap();
    let r = pair
        .emsp
        .handle(raw_request(Method::PUT, &url, &unknown, &body))
        .await;
    assert_eq!(r.status(), http::StatusCode::UNAUTHORIZED);

    let token = pair.cpo_token();
    let with = |from: PartyRef, to: PartyRef| {
        let mut request = raw_request(Method::PUT, &url, &token, &body);
        ocpi_protocol::transport::Routing {
            to: Some(to),
            from: Some(from),
        }
        .apply(request.headers_mut());
        request
    };
    // OCPI-from naming the caller's party, to this platform's: accepted.
    let r = pair.emsp.handle(with(cpo_party(), emsp_party())).await;
    assert_eq!(statuses(&r).1, StatusCode::SUCCESS);
    // OCPI-from naming a party that is not the caller's: 2001.
    let r = pair
        .emsp
        .handle(with(party("DE", "ABC"), emsp_party()))
        .await;
    assert_eq!(statuses(&r).1, StatusCode::INVALID_PARAMETERS);
    // OCPI-to naming a party unknown here: 4001.
    let r = pair
        .emsp
        .handle(with(cpo_party(), party("FR", "ZZZ")))
        .await;
    assert_eq!(statuses(&r).1, StatusCode::UNKNOWN_RECEIVER);
    // Routing headers on Credentials: 2001.
    let mut request = raw_request(
        Method::GET,
        "https://emsp.test/ocpi/2.2.1/credentials",
        &token,
        "",
    );
    ocpi_protocol::transport::Routing {
        to: Some(emsp_party()),
        from: Some(cpo_party()),
    }
    .apply(request.headers_mut());
    let r = pair.emsp.handle(request).await;
    assert_eq!(statuses(&r).1, StatusCode::INVALID_PARAMETERS);
}

#[tokio::test]
async fn the_versions_endpoint_lists_exactly_what_is_mounted() {
    let pair = pair(OcpiVersion::V2_2_1, 0, 10).await;
    let peer = pair.emsp.platform().store().peers().pop().unwrap();
    let listed: Vec<(String, Option<String>)> = peer
        .endpoints
        .iter()
        .map(|e| (e.module.clone(), e.role.as_ref().map(|r| r.to_string())))
        .collect();
    assert_eq!(
        listed,
        [
            ("credentials".to_owned(), Some("SENDER".to_owned())),
            ("locations".to_owned(), Some("SENDER".to_owned())),
        ]
    );
    let token = pair.emsp_token();
    let details = raw_request(Method::GET, "https://cpo.test/ocpi/2.2.1", &token, "");
    let body = String::from_utf8(pair.cpo.handle(details).await.into_body()).unwrap();
    assert!(
        body.contains("https://cpo.test/ocpi/2.2.1/sender/locations"),
        "{body}"
    );
    assert!(!body.contains("receiver"), "{body}");
}

/// A registered peer cannot take over another peer's party: its PUT of credentials claiming
/// that party is refused, and the party's Locations stay out of its reach.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (each role, party and country is
/// unique); transport_and_format.asciidoc §Client Owned Object Push
#[tokio::test]
async fn a_peer_cannot_take_over_another_peers_party() {
    use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    use ocpi_protocol::server::ServerBuilder;
    use ocpi_protocol::types::Url;
    use ocpi_protocol::v2_3_0::credentials::Role;

    let pair = pair(OcpiVersion::V2_2_1, 1, 10).await;
    let url = format!("{RECEIVER}/NL/CPO/LOC1");
    let legit = location_body("NL", "CPO", "LOC1");
    let put = raw_request(Method::PUT, &url, &pair.cpo_token(), &legit);
    assert_eq!(
        statuses(&pair.emsp.handle(put).await).1,
        StatusCode::SUCCESS
    );

    // Mallory, a CPO granted DE*MAL, registers with the eMSP.
    let mallory = std::sync::Arc::new(
        ServerBuilder::new(network::config("mal.test", Role::Cpo, party("DE", "MAL")))
            .only_mounted()
            .build(MemoryStore::new(), pair.net.clone())
            .unwrap(),
    );
    pair.net.attach("mal.test", mallory.clone());
    let token_a = pair
        .emsp
        .platform()
        .issue_token_a(
            PeerId::new("mal"),
            PartyGrant::parties([party("DE", "MAL")]),
        )
        .await
        .unwrap();
    let registered = mallory
        .platform()
        .register(
            PeerId::new("emsp"),
            token_a,
            Url::new("https://emsp.test/ocpi/versions").unwrap(),
            PartyGrant::parties([emsp_party()]),
        )
        .await
        .unwrap();
    let token = registered.credentials.token().clone();

    // It updates its credentials to claim NL*CPO: refused, 2001.
    let claim = r#"{"token":"t","url":"https://mal.test/ocpi/versions","roles":[
        {"role":"CPO","business_details":{"name":"M"},"party_id":"CPO","country_code":"NL"}]}"#;
    let put = raw_request(
        Method::PUT,
        "https://emsp.test/ocpi/2.2.1/credentials",
        &token,
        claim,
    );
    let r = pair.emsp.handle(put).await;
    assert_eq!(statuses(&r).1, StatusCode::INVALID_PARAMETERS);

    // NL*CPO's Location is out of its reach, with or without OCPI-from.
    let forged = location_body("NL", "CPO", "LOC1").replace("LOC1", "LOC1\",\"x\":\"forged");
    let r = pair
        .emsp
        .handle(raw_request(Method::PUT, &url, &token, &forged))
        .await;
    assert_eq!(r.status(), http::StatusCode::NOT_FOUND);
    let mut spoofed = raw_request(Method::PUT, &url, &token, &forged);
    for (name, value) in [
        ("ocpi-from-country-code", "NL"),
        ("ocpi-from-party-id", "CPO"),
        ("ocpi-to-country-code", "NL"),
        ("ocpi-to-party-id", "MSP"),
    ] {
        spoofed
            .headers_mut()
            .insert(name, http::HeaderValue::from_static(value));
    }
    let r = pair.emsp.handle(spoofed).await;
    assert_ne!(statuses(&r).1, StatusCode::SUCCESS);

    // What the eMSP holds for NL*CPO is the CPO's, and the CPO still reaches it.
    let get = raw_request(Method::GET, &url, &pair.cpo_token(), "");
    let r = pair.emsp.handle(get).await;
    let data = parse_response::<Box<RawValue>>(r.body())
        .unwrap()
        .value
        .data;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(data.unwrap().get()).unwrap(),
        serde_json::from_str::<serde_json::Value>(&legit).unwrap()
    );
}

/// Serving an older version, an object that cannot be written in it is left out of its page
/// and reported; the rest of the page is served and the crawl goes on. A Location without
/// `postal_code` (2.1.1 requires one) crosses with the application's fallback.
///
/// Spec: 2.1.1 mod_locations.md §Location Object (`postal_code`: 1); 2.2.1
/// transport_and_format.asciidoc §Pagination
#[tokio::test]
async fn objects_that_cannot_cross_are_left_out_of_their_page() {
    use ocpi_protocol::modules::{Bridge, LeftOut};
    use ocpi_protocol::types::OcpiString;
    use ocpi_protocol::v2_3_0::locations::ConnectorType;

    let mut no_postal = location(1);
    no_postal.postal_code = None;
    let mut chaoji = location(2);
    for evse in chaoji.evses.iter_mut().flatten() {
        for c in &mut evse.connectors {
            c.standard = ConnectorType::Chaoji;
        }
    }
    let all = vec![location(0), no_postal, chaoji, location(3), location(4)];
    for fallback in [None, Some("0000")] {
        let left_out = std::sync::Arc::new(Mutex::new(Vec::<LeftOut>::new()));
        let seen = left_out.clone();
        let mut bridge =
            Bridge::default().on_left_out(move |l| seen.lock().unwrap().push(l.clone()));
        bridge.postal_code = fallback.map(|p| OcpiString::new(p).unwrap());
        let mut config = network::cpo_config();
        config.bridge = bridge;
        let cpo = ocpi_protocol::server::ServerBuilder::new(config)
            .only_mounted()
            .with_max_limit(2)
            .locations_sender(cpo_locations(all.clone()));
        let pair = Pair::connect(
            cpo,
            emsp_builder(OcpiVersion::V2_1_1).locations_receiver(Memory::new()),
        )
        .await;
        let listed = network::list_all!(pair.emsp_client().locations_sender());
        let ids: Vec<&str> = listed.items.iter().map(|l| l.id.as_str()).collect();
        let left: Vec<(String, String)> = left_out
            .lock()
            .unwrap()
            .iter()
            .map(|l| (l.id.clone(), l.reason.clone()))
            .collect();
        match fallback {
            None => {
                assert_eq!(ids, ["LOC0", "LOC3", "LOC4"]);
                assert_eq!(left.len(), 2, "{left:?}");
                assert_eq!(left[0].0, "LOC1");
                assert!(left[0].1.contains("postal_code"), "{left:?}");
                assert_eq!(left[1].0, "LOC2");
            }
            Some(_) => {
                assert_eq!(ids, ["LOC0", "LOC1", "LOC3", "LOC4"]);
                assert_eq!(
                    listed.items[1].postal_code.as_ref().unwrap().as_str(),
                    "0000"
                );
                assert_eq!(left.len(), 1, "{left:?}");
                assert_eq!(left[0].0, "LOC2");
            }
        }
        assert!(left_out
            .lock()
            .unwrap()
            .iter()
            .all(|l| l.version == OcpiVersion::V2_1_1));
        // Three pages of two: the headers are those of the handler's list.
        let log = pair.take_log();
        let pages: Vec<_> = log
            .iter()
            .filter(|e| e.request.uri().path().ends_with("/sender/locations"))
            .collect();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].response.headers()["x-total-count"], "5");
    }
}

/// What a platform sends passes the strict reader of the peer's version. A Location whose
/// Connector lacks `power_type` (required by the table, left out by some official examples,
/// and so kept when read): by default it is left out of the page it would be served in and
/// reported, answered alone it is a 3000, and a client does not push it; with
/// `Outgoing::SendAndReport` it is sent, and the deviation reported.
///
/// Spec: 2.3.0 mod_locations.asciidoc §Connector Object (`power_type`: 1); DESIGN principle 10
#[tokio::test]
async fn what_is_sent_passes_the_strict_reader_or_is_refused_or_reported() {
    use ocpi_protocol::client::ClientError;
    use ocpi_protocol::modules::{Bridge, LeftOut, Outgoing, WireError};
    use ocpi_protocol::types::Warning;

    let mut deviating = location(1);
    (deviating.country_code, deviating.party_id) = {
        let cpo = network::cpo_party();
        (cpo.country_code, cpo.party_id)
    };
    let evse = deviating.evses.iter_mut().flatten().next().unwrap();
    evse.connectors[0].power_type = None;
    let all = vec![location(0), deviating.clone(), location(2)];
    for outgoing in [Outgoing::Refuse, Outgoing::SendAndReport] {
        let left_out = std::sync::Arc::new(Mutex::new(Vec::<LeftOut>::new()));
        let reported = std::sync::Arc::new(Mutex::new(Vec::<(&str, Vec<Warning>)>::new()));
        let (seen_left, seen_reported) = (left_out.clone(), reported.clone());
        let mut bridge = Bridge::default()
            .on_left_out(move |l| seen_left.lock().unwrap().push(l.clone()))
            .on_deviation(move |what, _, w| seen_reported.lock().unwrap().push((what, w.to_vec())));
        bridge.outgoing = outgoing;
        let mut config = network::cpo_config();
        config.bridge = bridge.clone();
        let cpo = ocpi_protocol::server::ServerBuilder::new(config)
            .only_mounted()
            .locations_sender(cpo_locations(all.clone()));
        let emsp = Memory::new();
        let pair = Pair::connect(
            cpo,
            emsp_builder(OcpiVersion::V2_3_0).locations_receiver(emsp.clone()),
        )
        .await;
        let client = pair.emsp_client();
        let sender = client.locations_sender().unwrap();
        let listed = sender.list(&ListFilter::default()).await.unwrap();
        let mut ids: Vec<&str> = listed.items.iter().map(|l| l.id.as_str()).collect();
        ids.sort_unstable();
        let alone = sender.location("LOC1").await;
        let pushed = pair
            .cpo_client()
            .with_bridge(bridge)
            .locations_receiver()
            .unwrap()
            .put_location(&deviating)
            .await;
        let power_type = "evses[0].connectors[0].power_type";
        match outgoing {
            Outgoing::Refuse => {
                assert_eq!(ids, ["LOC0", "LOC2"]);
                let left = left_out.lock().unwrap().clone();
                assert_eq!(left.len(), 1, "{left:?}");
                assert_eq!(left[0].id, "LOC1");
                assert!(left[0].reason.contains(power_type), "{left:?}");
                let Err(ClientError::Ocpi { status, .. }) = &alone else {
                    panic!("{alone:?}")
                };
                assert_eq!(status.as_u16(), 3000);
                let Err(ClientError::Wire(WireError::Deviates { warnings, .. })) = &pushed else {
                    panic!("{pushed:?}")
                };
                assert_eq!(warnings[0].path, power_type);
                assert!(emsp.locations.is_empty(), "nothing reached the eMSP");
                assert!(reported.lock().unwrap().is_empty());
            }
            Outgoing::SendAndReport => {
                assert_eq!(ids, ["LOC0", "LOC1", "LOC2"]);
                assert!(left_out.lock().unwrap().is_empty());
                assert_eq!(alone.unwrap(), deviating);
                pushed.unwrap();
                assert_eq!(emsp.locations.len(), 1);
                // Reported each time: in the page, alone, and pushed.
                let reported = reported.lock().unwrap().clone();
                assert_eq!(reported.len(), 3, "{reported:?}");
                assert!(reported
                    .iter()
                    .all(|(what, w)| *what == "Location" && w[0].path == power_type));
            }
        }
    }
}

/// The fields 2.1.1 requires and 2.2.1 made optional (listed on `Bridge`): `postal_code`
/// needs the bridge's fallback, and without it a Location lacking one is not pushed to a
/// 2.1.1 peer (an error before anything is sent, nothing stored); `type` is derived
/// (`UNKNOWN` when there is no `parking_type`), so it needs none.
///
/// Spec: 2.1.1 mod_locations.md §Location Object (`type`: 1, `postal_code`: 1), §LocationType
/// enum (`UNKNOWN`: "(default)"); 2.2.1 mod_locations.asciidoc §Location Object
#[tokio::test]
async fn fields_2_1_1_requires_are_derived_or_need_the_fallback() {
    use ocpi_protocol::client::ClientError;
    use ocpi_protocol::modules::{Bridge, WireError};
    use ocpi_protocol::types::OcpiString;

    let mut bare = location(1);
    bare.country_code = cpo_party().country_code;
    bare.party_id = cpo_party().party_id;
    bare.postal_code = None;
    bare.parking_type = None;
    for fallback in [None, Some("0000")] {
        let mut bridge = Bridge::default();
        bridge.postal_code = fallback.map(|p| OcpiString::new(p).unwrap());
        let received = Memory::new();
        let pair = Pair::connect(
            cpo_builder().locations_sender(Memory::new()),
            emsp_builder(OcpiVersion::V2_1_1).locations_receiver(received.clone()),
        )
        .await;
        pair.take_log();
        let pushed = pair
            .cpo_client()
            .with_bridge(bridge)
            .locations_receiver()
            .unwrap()
            .put_location(&bare)
            .await;
        let log = pair.take_log();
        match fallback {
            None => {
                let e = pushed.unwrap_err();
                assert!(
                    matches!(&e, ClientError::Wire(WireError::Convert(c)) if c.path == "postal_code"),
                    "{e:?}"
                );
                assert!(log.is_empty());
                assert!(received.locations.is_empty());
            }
            Some(_) => {
                pushed.unwrap();
                let body: serde_json::Value =
                    serde_json::from_slice(log[0].request.body()).unwrap();
                assert_eq!(body["postal_code"], "0000");
                assert_eq!(body["type"], "UNKNOWN");
                assert_eq!(received.locations.len(), 1);
            }
        }
    }
}

/// The 2.1.1 PATCH examples carry no `last_updated` (2.1.1 asks for none): a 2.1.1 eMSP takes
/// them, stamped with the time they were received, so that the Location's `last_updated`
/// moves; one that gives it keeps its own.
///
/// Spec: 2.1.1 mod_locations.md §2.2.3 PATCH Method (the examples "Change the status of an
/// EVSE" and "Change the name of a Location")
#[tokio::test]
async fn the_2_1_1_patch_examples_without_last_updated_are_taken() {
    let received = Memory::new();
    let pair = Pair::connect(
        cpo_builder().locations_sender(Memory::new()),
        emsp_builder(OcpiVersion::V2_1_1).locations_receiver(received.clone()),
    )
    .await;
    let mut l = location(1);
    l.country_code = cpo_party().country_code;
    l.party_id = cpo_party().party_id;
    let client = pair.cpo_client();
    client
        .locations_receiver()
        .unwrap()
        .put_location(&l)
        .await
        .unwrap();
    let evse = l.evses.as_ref().unwrap()[0].uid.clone();
    let token = pair.cpo_token();
    let url = "https://emsp.test/ocpi/2.1.1/receiver/locations/NL/CPO/LOC1".to_owned();
    let before = DateTime::now();
    for (path, body) in [
        (format!("{url}/{evse}"), r#"{"status": "CHARGING"}"#),
        (url.clone(), r#"{"name": "Interparking Gent Zuid"}"#),
    ] {
        let r = pair
            .emsp
            .handle(raw_request(Method::PATCH, &path, &token, body))
            .await;
        assert_eq!(
            statuses(&r),
            (http::StatusCode::OK, StatusCode::SUCCESS),
            "{path}"
        );
    }
    let stored = received.locations.values();
    assert_eq!(
        stored[0].name.as_ref().unwrap().as_str(),
        "Interparking Gent Zuid"
    );
    let patched = &stored[0].evses.as_ref().unwrap()[0];
    assert_eq!(patched.status, Status::Charging);
    assert!(stored[0].last_updated >= before && patched.last_updated >= before);
    // A 2.1.1 PATCH may give its own.
    let r = pair
        .emsp
        .handle(raw_request(
            Method::PATCH,
            &url,
            &token,
            r#"{"name": "x", "last_updated": "2030-01-01T00:00:00Z"}"#,
        ))
        .await;
    assert_eq!(statuses(&r).1, StatusCode::SUCCESS);
    let stored = received.locations.values();
    assert_eq!(stored[0].last_updated.to_string(), "2030-01-01T00:00:00Z");
}
