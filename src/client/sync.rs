//! Resync: pulling a module from a stored watermark after an outage.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour ("OCPI messages SHOULD NOT be
//! queued … When the connection is re-established, it is up to the target-server of a
//! connection to GET the current status from to source-server to get back to a synchronized
//! state"), §Pagination

use std::future::Future;
use std::time::Duration;

use super::{Client, ClientError, Cursor, ListFilter, Paginated};
use crate::json::{ItemError, MAX_ITEM_ERRORS};
use crate::transport::Transport;
use crate::types::DateTime;

/// How a resync crawls.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// How far before the crawl's start the next watermark is set (see [`Client::sync`]).
    /// It must exceed the time the peer takes between stamping an object's `last_updated`
    /// and serving it (its write latency). Five minutes by default.
    pub overlap: Duration,
    /// The page size to ask for (`limit`); the server's own by default.
    pub limit: Option<u64>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            overlap: Duration::from_secs(300),
            limit: None,
        }
    }
}

/// A complete resync.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour, §Pagination (`date_from`)
#[derive(Debug, Clone)]
pub struct Synced {
    /// The watermark to store and to sync from next time: the crawl's start minus the
    /// overlap.
    pub watermark: DateTime,
    /// How many objects were handed to the upsert callback.
    pub upserted: usize,
    /// The objects that could not be read or converted, page after page (indexes in their
    /// page), at most [`MAX_ITEM_ERRORS`].
    pub errors: Vec<ItemError>,
    /// How many more objects could not be read, after those in `errors`.
    pub errors_omitted: usize,
}

/// Where to resume a resync that stopped: the page that failed, and when the stopped crawl
/// started (the resumed crawl keeps that start, so that what changed since is fetched next
/// time). Store it as it serialises (a pair `[started, cursor]`) to resume after a restart.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response (`Link`)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// The page to fetch next.
    pub cursor: Cursor,
    /// The start of the stopped crawl (the earlier of this platform's clock and the peer's).
    pub started: DateTime,
}

impl serde::Serialize for Resume {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.started, &self.cursor).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Resume {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (started, cursor) = <(DateTime, Cursor)>::deserialize(deserializer)?;
        Ok(Resume { cursor, started })
    }
}

/// Why a resync stopped.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The crawl failed (transport, peer, paging, URL).
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The upsert callback failed.
    #[error("upsert failed: {0}")]
    Upsert(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A resync that stopped before its last page: the watermark is the one it started from
/// (nothing is advanced), and it can go on from `resume`.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour
#[derive(Debug, thiserror::Error)]
#[error("resync stopped: {error}")]
pub struct SyncFailure {
    /// Why it stopped.
    #[source]
    pub error: SyncError,
    /// The watermark the resync started from, unchanged: store nothing new.
    pub watermark: Option<DateTime>,
    /// Where to go on ([`Client::sync_resume`]); `None` when no page could be asked for (no
    /// endpoint, a URL refused).
    pub resume: Option<Resume>,
}

impl<T: Transport> Client<T> {
    /// Pulls every `W` (Locations, Sessions, CDRs, …) the peer changed since `watermark`
    /// (`date_from`; everything when `None`), hands each to `upsert`, and returns the next
    /// watermark once every page is in.
    ///
    /// `upsert` must be idempotent: the overlap fetches some objects again, and a resumed
    /// page is fetched again whole. It is awaited for each object in turn, in page order.
    ///
    /// **The next watermark** is the crawl's start minus [`SyncOptions::overlap`], not the
    /// latest `last_updated` seen. A page fetched early in the crawl may hold an object that
    /// changes later in the crawl: its new version is not in this crawl, yet a later page
    /// may hold objects with a later `last_updated` still. Starting the next crawl at the
    /// latest `last_updated` seen would lose that change for good; starting at the crawl's
    /// start gets every change made during the crawl, since each has a `last_updated` at or
    /// after the start. The start is the earlier of this platform's clock when the crawl
    /// began and the peer's (the `timestamp` of its first page), so a peer whose clock is
    /// behind ours loses nothing either; the overlap covers the peer's write latency (an
    /// object stamped just before the start but served only after its page).
    ///
    /// Per-object errors do not stop the crawl; they are in [`Synced::errors`]. Any other
    /// error stops it: the [`SyncFailure`] keeps the old watermark and where to resume.
    /// Sessions require `date_from`: without a watermark they are pulled from 1970.
    ///
    /// ```
    /// # async fn run<T: ocpi_protocol::transport::Transport>(
    /// #     client: &ocpi_protocol::client::Client<T>,
    /// #     memory: &ocpi_protocol::memory::Memory,
    /// # ) {
    /// use ocpi_protocol::client::SyncOptions;
    /// use ocpi_protocol::v2_3_0::locations::Location;
    ///
    /// let stored = None; // the watermark saved after the last complete resync
    /// let upsert = |location: Location| async move {
    ///     memory.locations.put(location); // idempotent
    ///     Ok::<_, std::convert::Infallible>(())
    /// };
    /// match client.sync::<Location, _, _, _>(stored.as_ref(), &SyncOptions::default(), upsert).await {
    ///     Ok(synced) => println!("{} Locations; next from {}", synced.upserted, synced.watermark),
    ///     Err(failure) => eprintln!("{failure}; resume from {:?}", failure.resume),
    /// }
    /// # }
    /// ```
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour, §Pagination (`date_from`:
    /// "Only return … that have `last_updated` after or equal to this Date/Time (inclusive)")
    pub async fn sync<W, F, Fut, E>(
        &self,
        watermark: Option<&DateTime>,
        options: &SyncOptions,
        upsert: F,
    ) -> Result<Synced, SyncFailure>
    where
        W: Paginated,
        F: FnMut(W) -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let started = DateTime::now();
        let date_from = watermark.cloned().or_else(|| {
            W::DATE_FROM_REQUIRED.then(|| DateTime::from_chrono(chrono::DateTime::UNIX_EPOCH))
        });
        let filter = ListFilter {
            date_from,
            date_to: None,
            limit: options.limit,
        };
        let pages = self.pages::<W>(&filter).map_err(|e| SyncFailure {
            error: e.into(),
            watermark: watermark.cloned(),
            resume: None,
        })?;
        self.drive(pages, started, watermark, options, upsert).await
    }

    /// Goes on with a resync that stopped, from its [`Resume`] (the cursor is checked as
    /// [`Client::resume`] checks it); `watermark` is the one the stopped resync started from,
    /// returned again if this one stops too.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Offline behaviour, §Paginated Response
    pub async fn sync_resume<W, F, Fut, E>(
        &self,
        resume: &Resume,
        watermark: Option<&DateTime>,
        options: &SyncOptions,
        upsert: F,
    ) -> Result<Synced, SyncFailure>
    where
        W: Paginated,
        F: FnMut(W) -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let pages = self.resume::<W>(&resume.cursor).map_err(|e| SyncFailure {
            error: e.into(),
            watermark: watermark.cloned(),
            resume: Some(resume.clone()),
        })?;
        let started = resume.started;
        self.drive(pages, started, watermark, options, upsert).await
    }

    async fn drive<W, F, Fut, E>(
        &self,
        mut pages: super::Pages<'_, T, W>,
        mut started: DateTime,
        watermark: Option<&DateTime>,
        options: &SyncOptions,
        mut upsert: F,
    ) -> Result<Synced, SyncFailure>
    where
        W: Paginated,
        F: FnMut(W) -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let fail = |error: SyncError, cursor: Option<Cursor>, started: DateTime| SyncFailure {
            error,
            watermark: watermark.cloned(),
            resume: cursor.map(|cursor| Resume { cursor, started }),
        };
        let mut synced = Synced {
            watermark: started,
            upserted: 0,
            errors: Vec::new(),
            errors_omitted: 0,
        };
        while let Some(page) = pages.next_page().await {
            let page = page.map_err(|e| fail(e.into(), pages.cursor(), started))?;
            started = started.min(page.timestamp);
            let room = MAX_ITEM_ERRORS.saturating_sub(synced.errors.len());
            let kept = page.errors.len().min(room);
            synced.errors_omitted += page.errors.len() - kept + page.errors_omitted;
            synced.errors.extend(page.errors.into_iter().take(kept));
            for item in page.items {
                if let Err(e) = upsert(item).await {
                    let cursor = Some(page.cursor.clone());
                    return Err(fail(SyncError::Upsert(e.into()), cursor, started));
                }
                synced.upserted += 1;
            }
        }
        let overlap = chrono::Duration::from_std(options.overlap).unwrap_or(chrono::Duration::MAX);
        let from = started
            .to_chrono()
            .checked_sub_signed(overlap)
            .unwrap_or(chrono::DateTime::UNIX_EPOCH);
        synced.watermark = DateTime::from_chrono(from);
        Ok(synced)
    }
}
