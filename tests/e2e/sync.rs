//! Page streams, cursors and resync: an eMSP crawls a CPO's Locations (held by the reference
//! in-memory handlers) page by page, resumes crawls that failed, and resyncs while the CPO
//! changes its Locations between the pages of a crawl.

use crate::common;
use crate::network;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use network::{cpo_builder, emsp_builder, Pair};
use ocpi_protocol::client::{
    Client, ClientError, Cursor, ListFilter, Resume, SyncError, SyncOptions,
};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::server::Loopback;
use ocpi_protocol::transport::Transport;
use ocpi_protocol::types::{CiString, DateTime};
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::versions::OcpiVersion;

/// The official 2.3.0 Location example as `LOC{i}`, last updated on day `i + 1` of 2024.
fn location(i: usize) -> Location {
    let mut l: Location =
        common::parsed_fixture("2.3.0", "location_example_uc2_destination_charger.json");
    l.id = CiString::new(&format!("LOC{i}")).unwrap();
    l.last_updated = format!("2024-01-{:02}T10:00:00Z", i + 1).parse().unwrap();
    l
}

/// A CPO holding `count` Locations in a [`Memory`], serving pages of `page`, and an eMSP
/// registered with it in `version`.
async fn pair(version: OcpiVersion, count: usize, page: u64) -> (Pair, Memory) {
    let memory = Memory::new();
    for i in 0..count {
        memory.locations.put(location(i));
    }
    let cpo = cpo_builder()
        .locations_sender(memory.clone())
        .sessions_sender(memory.clone())
        .with_max_limit(page);
    let emsp = emsp_builder(version).locations_receiver(Memory::new());
    (Pair::connect(cpo, emsp).await, memory)
}

/// The network was down.
#[derive(Debug, thiserror::Error)]
#[error("the network is down")]
struct Down;

/// A transport over the pair's network that counts the list GETs it carries, calls `between`
/// after each with its number (1 for the first page), and fails the ones `fails` names.
fn watched(
    net: Loopback,
    fails: Vec<usize>,
    between: impl Fn(usize) + Send + Sync + 'static,
) -> impl Transport<Error = Down> {
    let count = Arc::new(AtomicUsize::new(0));
    let between = Arc::new(between);
    move |request: http::Request<Vec<u8>>| {
        let (net, count, between, fails) =
            (net.clone(), count.clone(), between.clone(), fails.clone());
        async move {
            let list = request.method() == http::Method::GET
                && request
                    .uri()
                    .path()
                    .trim_end_matches('/')
                    .ends_with("/locations");
            let n = if list {
                count.fetch_add(1, Ordering::SeqCst) + 1
            } else {
                0
            };
            if list && fails.contains(&n) {
                return Err(Down);
            }
            let response = net.send(request).await.map_err(|_| Down)?;
            if list {
                between(n);
            }
            Ok(response)
        }
    }
}

fn ids(locations: &[Location]) -> Vec<String> {
    locations.iter().map(|l| l.id.to_string()).collect()
}

#[tokio::test]
async fn every_page_gives_its_items_and_a_cursor_that_resumes_the_crawl_in_every_version() {
    for version in OcpiVersion::ALL {
        let (pair, _) = pair(version, 5, 2).await;
        let client = pair.emsp_client();
        let mut pages = client.pages::<Location>(&ListFilter::default()).unwrap();
        let first = pages.next_page().await.unwrap().unwrap();
        assert_eq!(ids(&first.items), ["LOC0", "LOC1"], "{version}");
        assert_eq!(first.total_count, Some(5));
        let next = first.next.clone().expect("a next page");
        assert!(next.as_str().contains("offset=2"), "{next}");
        assert_eq!(pages.cursor(), Some(next.clone()));
        drop(pages);

        // Stored as text, as an application would, and resumed by another crawl.
        let stored = serde_json::to_string(&next).unwrap();
        let cursor: Cursor = serde_json::from_str(&stored).unwrap();
        pair.take_log();
        let rest = client.resume::<Location>(&cursor).unwrap().collect().await;
        assert_eq!(
            ids(&rest.unwrap().items),
            ["LOC2", "LOC3", "LOC4"],
            "{version}"
        );
        let log = pair.take_log();
        assert_eq!(
            log.len(),
            2,
            "{version}: the crawl resumed at the third object"
        );
        assert_eq!(log[0].request.uri().to_string(), next.as_str());

        // The last page has no next cursor.
        let mut pages = client.resume::<Location>(&cursor).unwrap();
        pages.next_page().await.unwrap().unwrap();
        let last = pages.next_page().await.unwrap().unwrap();
        assert_eq!(last.next, None);
        assert!(pages.next_page().await.is_none());
        assert_eq!(pages.cursor(), None);
    }
}

#[tokio::test]
async fn a_failed_page_leaves_the_cursor_on_it() {
    let (pair, _) = pair(OcpiVersion::V2_3_0, 5, 2).await;
    let peer = pair.emsp_client().peer().clone();
    let client = Client::new(watched(pair.net.clone(), vec![2], |_| {}), peer);
    let mut pages = client.pages::<Location>(&ListFilter::default()).unwrap();
    let first = pages.next_page().await.unwrap().unwrap();
    let failed = pages.next_page().await.unwrap().unwrap_err();
    assert!(matches!(failed, ClientError::Transport(_)), "{failed:?}");
    assert!(
        pages.next_page().await.is_none(),
        "the crawl ends at an error"
    );
    assert_eq!(
        pages.cursor(),
        first.next,
        "the cursor is the page that failed"
    );
    let rest = client
        .resume::<Location>(&pages.cursor().unwrap())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(ids(&rest.items), ["LOC2", "LOC3", "LOC4"]);
}

#[tokio::test]
async fn a_cursor_is_checked_as_a_next_link_before_anything_is_sent() {
    let (pair, _) = pair(OcpiVersion::V2_2_1, 5, 2).await;
    let client = pair.emsp_client();
    pair.take_log();
    for stored in [
        "https://evil.test/ocpi/2.2.1/sender/locations?offset=2",
        "http://cpo.test/ocpi/2.2.1/sender/locations?offset=2",
        "https://cpo.test:8443/ocpi/2.2.1/sender/locations?offset=2",
        "//evil.test/x",
    ] {
        let refused = client.resume::<Location>(&Cursor::from_stored(stored));
        assert!(
            matches!(refused, Err(ClientError::Url(_))),
            "{stored}: {refused:?}"
        );
    }
    assert!(pair.take_log().is_empty(), "nothing was sent");
    // A relative cursor resolves against the list's URL, as a relative next link does.
    let relative = Cursor::from_stored("locations?offset=4&limit=2");
    let rest = client
        .resume::<Location>(&relative)
        .unwrap()
        .collect()
        .await;
    assert_eq!(ids(&rest.unwrap().items), ["LOC4"]);
}

#[tokio::test]
async fn sessions_need_date_from_in_a_page_stream_too() {
    let (pair, _) = pair(OcpiVersion::V2_2_1, 1, 2).await;
    let client = pair.emsp_client();
    let refused = client.pages::<Session>(&ListFilter::default());
    assert!(matches!(
        refused,
        Err(ClientError::MissingParameter { name: "date_from" })
    ));
}

/// The eMSP's copy, filled by the upsert callback.
fn upsert_into(copy: &Memory) -> impl FnMut(Location) -> std::future::Ready<Result<(), Down>> + '_ {
    move |location| {
        copy.locations.put(location);
        std::future::ready(Ok(()))
    }
}

fn later(seconds: i64) -> DateTime {
    DateTime::from_chrono(chrono::Utc::now() + chrono::Duration::seconds(seconds))
}

#[tokio::test]
async fn a_resync_loses_no_object_changed_during_its_crawl() {
    let (pair, cpo) = pair(OcpiVersion::V2_3_0, 6, 2).await;
    let peer = pair.emsp_client().peer().clone();
    // Between the pages of the first crawl the CPO changes LOC0 (on the page already
    // fetched), then LOC5 (on the last page, not yet fetched), in that order.
    let changes = cpo.clone();
    let crawls = Arc::new(Mutex::new(0));
    let first_crawl = crawls.clone();
    let transport = watched(pair.net.clone(), vec![], move |n| {
        if *first_crawl.lock().unwrap() != 1 {
            return;
        }
        let change = |id: &str, name: &str, at: DateTime| {
            let key = (network::party("NL", "ALF"), CiString::new(id).unwrap());
            changes.locations.update(&key, |l| {
                l.name = Some(name.parse().unwrap());
                l.last_updated = at;
            });
        };
        match n {
            1 => change("LOC0", "changed during the crawl", later(10)),
            2 => change("LOC5", "changed later during the crawl", later(20)),
            _ => {}
        }
    });
    let client = Client::new(transport, peer);
    let copy = Memory::new();
    let options = SyncOptions::default();

    *crawls.lock().unwrap() = 1;
    let started = DateTime::now();
    let first = client
        .sync::<Location, _, _, _>(None, &options, upsert_into(&copy))
        .await
        .unwrap();
    assert_eq!(first.upserted, 6);
    let name = |m: &Memory, id: &str| {
        let key = (network::party("NL", "ALF"), CiString::new(id).unwrap());
        m.locations.get(&key).unwrap().name.map(|n| n.to_string())
    };
    // The crawl saw LOC5's change, but LOC0 as it was before its change.
    assert_eq!(
        name(&copy, "LOC5").as_deref(),
        Some("changed later during the crawl")
    );
    assert_ne!(
        name(&copy, "LOC0").as_deref(),
        Some("changed during the crawl")
    );
    // The next watermark is the crawl's start minus the overlap, not the latest change seen.
    let overlap = chrono::Duration::from_std(options.overlap).unwrap();
    let watermark = first.watermark.to_chrono();
    assert!(watermark <= chrono::Utc::now() - overlap);
    assert!(watermark >= started.to_chrono() - overlap - chrono::Duration::seconds(2));
    // Starting from the latest last_updated seen would have lost LOC0's change for good.
    *crawls.lock().unwrap() = 0;
    let latest_seen = copy
        .locations
        .values()
        .into_iter()
        .map(|l| l.last_updated)
        .max()
        .unwrap();
    let naive = ListFilter {
        date_from: Some(latest_seen),
        ..ListFilter::default()
    };
    let after_naive = client
        .pages::<Location>(&naive)
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(!ids(&after_naive.items).contains(&"LOC0".to_owned()));

    *crawls.lock().unwrap() = 2;
    let second = client
        .sync::<Location, _, _, _>(Some(&first.watermark), &options, upsert_into(&copy))
        .await
        .unwrap();
    assert_eq!(
        name(&copy, "LOC0").as_deref(),
        Some("changed during the crawl")
    );
    assert_eq!(
        copy.locations.values(),
        cpo.locations.values(),
        "nothing lost"
    );
    assert_eq!(second.upserted, 2, "only what changed since the watermark");
}

#[tokio::test]
async fn a_failed_resync_keeps_its_watermark_and_resumes_where_it_stopped() {
    let (pair, _) = pair(OcpiVersion::V2_2_1, 5, 2).await;
    let peer = pair.emsp_client().peer().clone();
    let client = Client::new(watched(pair.net.clone(), vec![2], |_| {}), peer);
    let copy = Memory::new();
    let options = SyncOptions::default();
    let old: DateTime = "2024-01-02T00:00:00Z".parse().unwrap();

    let started = DateTime::now();
    let failure = client
        .sync::<Location, _, _, _>(Some(&old), &options, upsert_into(&copy))
        .await
        .unwrap_err();
    assert!(matches!(
        failure.error,
        SyncError::Client(ClientError::Transport(_))
    ));
    assert_eq!(failure.watermark, Some(old), "the old watermark, unchanged");
    let resume = failure.resume.expect("where to resume");
    assert!(
        resume.cursor.as_str().contains("offset=2"),
        "{}",
        resume.cursor
    );
    let now = DateTime::now().to_chrono();
    let since = started.to_chrono() - chrono::Duration::seconds(5);
    assert!(resume.started.to_chrono() >= since && resume.started.to_chrono() <= now);
    assert_eq!(
        ids(&copy.locations.values()),
        ["LOC1", "LOC2"],
        "the first page only"
    );

    // Stored across a restart, then resumed: the rest comes in, and the watermark is the
    // stopped crawl's start minus the overlap.
    let stored = serde_json::to_string(&resume).unwrap();
    let resume: Resume = serde_json::from_str(&stored).unwrap();
    let synced = client
        .sync_resume::<Location, _, _, _>(&resume, Some(&old), &options, upsert_into(&copy))
        .await
        .unwrap();
    assert_eq!(synced.upserted, 2);
    assert_eq!(
        ids(&copy.locations.values()),
        ["LOC1", "LOC2", "LOC3", "LOC4"]
    );
    let overlap = chrono::Duration::from_std(options.overlap).unwrap();
    assert_eq!(
        synced.watermark.to_chrono(),
        resume.started.to_chrono() - overlap
    );
}

#[tokio::test]
async fn an_upsert_that_fails_stops_the_resync_at_its_page() {
    let (pair, _) = pair(OcpiVersion::V2_3_0, 5, 2).await;
    let client = pair.emsp_client();
    let copy = Memory::new();
    let seen = AtomicUsize::new(0);
    let failing = |location: Location| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let result = if n == 3 {
            Err(Down)
        } else {
            copy.locations.put(location);
            Ok(())
        };
        std::future::ready(result)
    };
    let failure = client
        .sync::<Location, _, _, _>(None, &SyncOptions::default(), failing)
        .await
        .unwrap_err();
    assert!(matches!(failure.error, SyncError::Upsert(_)));
    assert_eq!(failure.watermark, None);
    let resume = failure.resume.unwrap();
    assert!(
        resume.cursor.as_str().contains("offset=2"),
        "the page of the failed object"
    );
    let synced = client
        .sync_resume::<Location, _, _, _>(
            &resume,
            None,
            &SyncOptions::default(),
            upsert_into(&copy),
        )
        .await
        .unwrap();
    assert_eq!(synced.upserted, 3, "the failed page again, then the last");
    assert_eq!(copy.locations.len(), 5);
}
