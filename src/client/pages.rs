//! Page streams: every list of a Sender interface, one page at a time, with a cursor to
//! resume a crawl that failed.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Pagination, §Paginated Response

use std::fmt;
use std::marker::PhantomData;

use http::Method;
use serde_json::value::RawValue;

use super::{data_error, join, Client, ClientError, ListFilter, Listed};
use crate::json::{ItemError, MAX_ITEM_ERRORS};
use crate::modules::{Interface, Module, Wire, WireError};
use crate::transport::{resolve_link, Crawl, Transport};
use crate::types::DateTime;
use crate::v2_3_0::{cdrs, hub_client_info, locations, payments, sessions, tariffs, tokens};

mod sealed {
    pub trait Sealed {}
}

/// An object a Sender interface lists with a paginated GET: the crate implements it for each
/// one (Locations, Sessions, CDRs, Tariffs, Tokens, ClientInfo, and the 2.3.0 Terminals and
/// Financial Advice Confirmations), so that one page stream ([`Pages`]) and one
/// [resync](Client::sync) serve them all.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination; the GET list of the Sender
/// Interface of each module chapter
pub trait Paginated: Wire + sealed::Sealed + Send + 'static {
    /// The module of the list.
    const MODULE: Module;
    /// The path of the list under the module's Sender endpoint (none but for Payments).
    const PATH: &'static [&'static str];
    /// Whether the spec requires `date_from` on this list (Sessions: "date_from: required").
    const DATE_FROM_REQUIRED: bool;
}

macro_rules! paginated {
    ($($ty:ty => $module:ident, [$($segment:literal),*], $required:literal;)*) => {
        $(
            impl sealed::Sealed for $ty {}
            impl Paginated for $ty {
                const MODULE: Module = Module::$module;
                const PATH: &'static [&'static str] = &[$($segment),*];
                const DATE_FROM_REQUIRED: bool = $required;
            }
        )*
    };
}

paginated! {
    locations::Location => Locations, [], false;
    sessions::Session => Sessions, [], true;
    cdrs::Cdr => Cdrs, [], false;
    tariffs::Tariff => Tariffs, [], false;
    tokens::Token => Tokens, [], false;
    hub_client_info::ClientInfo => HubClientInfo, [], false;
    payments::Terminal => Payments, ["terminals"], false;
    payments::FinancialAdviceConfirmation => Payments, ["financial-advice-confirmations"], false;
}

/// Where a crawl stands: the URL of the next page to fetch, as the peer wrote it in its
/// `Link` header (or the first page's URL, filters included). Opaque to the application,
/// which may store it (it serialises as a string) and later
/// [resume](Client::resume) the crawl from it, with the same peer.
///
/// A cursor carries no secret; it is checked again when resumed (see [`Client::resume`]).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response (`Link`: "the URL of the
/// next page"; a server may use any form of URL, cursors included)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(String);

impl serde::Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Cursor)
    }
}

impl Cursor {
    /// The cursor as text (the URL of the page it points at).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A cursor the application stored (the text of [`as_str`](Cursor::as_str), or of its
    /// serialisation). Nothing is checked until it is [resumed](Client::resume).
    pub fn from_stored(text: impl Into<String>) -> Self {
        Cursor(text.into())
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One page of a list, read and converted to the 2.3.0 model.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug)]
pub struct ListedPage<W> {
    /// The objects of the page that could be read, in order.
    pub items: Vec<W>,
    /// The objects of the page that could not be read, each with its index in the page, then
    /// those that could not be converted from the peer's version, each with its index among
    /// the page's objects read.
    pub errors: Vec<ItemError>,
    /// How many more objects of the page could not be read, after those in `errors`.
    pub errors_omitted: usize,
    /// `X-Total-Count`: how many objects match the request in all.
    pub total_count: Option<u64>,
    /// The `timestamp` of the response envelope: the peer's clock when it answered.
    pub timestamp: DateTime,
    /// This page's own position: resuming from it fetches this page again.
    pub cursor: Cursor,
    /// The next page's position; `None` on the last page.
    pub next: Option<Cursor>,
}

/// A list crawled one page at a time: [`next_page`](Pages::next_page) fetches a page, follows
/// the `Link` header to the next, and stops after the last. The crawl is bounded and checked
/// as every crawl of this crate ([`Pager`](crate::transport::Pager)): loops, the client's
/// [`PagerLimits`](crate::transport::PagerLimits), headers that contradict the page, and next
/// links to another origin than their page's end it with an error.
///
/// After an error, [`cursor`](Pages::cursor) is the page that failed: store it and
/// [resume](Client::resume) later. [`Client::pages`] starts a crawl.
///
/// ```
/// # async fn run<T: ocpi_protocol::transport::Transport>(
/// #     client: &ocpi_protocol::client::Client<T>,
/// # ) -> Result<(), ocpi_protocol::client::ClientError> {
/// use ocpi_protocol::client::ListFilter;
/// use ocpi_protocol::v2_3_0::locations::Location;
///
/// let mut pages = client.pages::<Location>(&ListFilter::default())?;
/// while let Some(page) = pages.next_page().await {
///     match page {
///         Ok(page) => {
///             for location in page.items {
///                 println!("{}", location.id);
///             }
///             for bad in page.errors {
///                 eprintln!("skipped: {bad}");
///             }
///         }
///         Err(error) => {
///             let cursor = pages.cursor().expect("the failed page");
///             eprintln!("{error}; resume later from {cursor}");
///             break;
///         }
///     }
/// }
/// # Ok(()) }
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination, §Paginated Response
pub struct Pages<'c, T, W> {
    client: &'c Client<T>,
    crawl: Crawl,
    failed: Option<String>,
    _item: PhantomData<fn() -> W>,
}

impl<T, W> fmt::Debug for Pages<'_, T, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.crawl.next)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// The URL of the list of `W` on the peer's Sender endpoint: the endpoint exactly as
    /// published (a trailing `/` kept), or its sub-path (Payments).
    fn list_url<W: Paginated>(&self) -> Result<String, ClientError> {
        let endpoint = self.endpoint(W::MODULE, Interface::Sender)?;
        Ok(match W::PATH {
            [] => endpoint.to_owned(),
            path => join(endpoint, path),
        })
    }

    /// The list of `W` (Locations, Sessions, …) at the peer's Sender interface, as a stream
    /// of pages, from the first page `filter` selects.
    ///
    /// Sessions require `date_from` (in every version): without it nothing is sent and the
    /// answer is [`ClientError::MissingParameter`].
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (Paginated Request); 2.3.0
    /// mod_sessions.asciidoc §GET Method (`date_from`: required)
    pub fn pages<W: Paginated>(&self, filter: &ListFilter) -> Result<Pages<'_, T, W>, ClientError> {
        if W::DATE_FROM_REQUIRED && filter.date_from.is_none() {
            return Err(ClientError::MissingParameter { name: "date_from" });
        }
        let url = self.list_url::<W>()?;
        let query = filter.query();
        let first = match query.strip_prefix('?') {
            Some(params) if url.contains('?') => format!("{url}&{params}"),
            _ => format!("{url}{query}"),
        };
        self.check_url(&first)?;
        Ok(self.crawl_from(first))
    }

    /// Resumes a crawl of the list of `W` from a [`Cursor`] a page stream gave.
    ///
    /// The cursor is checked as a next link is: resolved against the list's URL, it must keep
    /// that URL's origin (scheme, host, port), and pass the client's URL policy and origins
    /// ([`check_url`](Client::check_url)); otherwise nothing is sent and the answer is
    /// [`ClientError::Url`]. The token goes to the peer's origin only, whatever was stored.
    ///
    /// ```
    /// # async fn run<T: ocpi_protocol::transport::Transport>(
    /// #     client: &ocpi_protocol::client::Client<T>,
    /// # ) -> Result<(), ocpi_protocol::client::ClientError> {
    /// use ocpi_protocol::client::Cursor;
    /// use ocpi_protocol::v2_3_0::cdrs::Cdr;
    ///
    /// // Stored by an earlier crawl, e.g. `serde_json::to_string(&pages.cursor())`.
    /// let stored = "https://cpo.example.com/ocpi/2.3.0/sender/cdrs?offset=500&limit=100";
    /// let rest = client.resume::<Cdr>(&Cursor::from_stored(stored))?.collect().await?;
    /// println!("{} more CDRs", rest.items.len());
    /// # Ok(()) }
    /// ```
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response; §Authorization header
    pub fn resume<W: Paginated>(&self, cursor: &Cursor) -> Result<Pages<'_, T, W>, ClientError> {
        let url = self.list_url::<W>()?;
        let resolved: String = resolve_link(&url, cursor.as_str())?.into();
        self.check_url(&resolved)?;
        Ok(self.crawl_from(resolved))
    }

    fn crawl_from<W: Paginated>(&self, url: String) -> Pages<'_, T, W> {
        let mut crawl = Crawl::new(url);
        crawl.limits = self.limits;
        Pages {
            client: self,
            crawl,
            failed: None,
            _item: PhantomData,
        }
    }

    /// GET every page of the list of `W` and gather the objects ([`Pages::collect`]).
    pub(crate) async fn list<W: Paginated>(
        &self,
        filter: &ListFilter,
    ) -> Result<Listed<W>, ClientError> {
        self.pages::<W>(filter)?.collect().await
    }
}

impl<T: Transport, W: Paginated> Pages<'_, T, W> {
    /// Fetches the next page; `None` after the last one, or after an error.
    pub async fn next_page(&mut self) -> Option<Result<ListedPage<W>, ClientError>> {
        let url = self.crawl.next.take()?;
        let client = self.client;
        let traced = client.traced();
        let request = |u: &http::Uri| client.request(Method::GET, u.clone(), None);
        let fetched = self
            .crawl
            .fetch::<Box<RawValue>, _, _>(&traced, &request, url.clone())
            .await;
        Some(match fetched {
            Ok(page) => Ok(self.read(page)),
            Err(e) => {
                self.failed = Some(url);
                Err(client.pager_error(e))
            }
        })
    }

    /// Where the crawl would go on: the page that failed after an error, else the next page
    /// to fetch; `None` once the last page was fetched.
    pub fn cursor(&self) -> Option<Cursor> {
        self.failed
            .clone()
            .or_else(|| self.crawl.next.clone())
            .map(Cursor)
    }

    /// Fetches every remaining page and gathers the objects; the first error stops the crawl.
    pub async fn collect(mut self) -> Result<Listed<W>, ClientError> {
        let mut listed = Listed {
            items: Vec::new(),
            errors: Vec::new(),
            errors_omitted: 0,
        };
        while let Some(page) = self.next_page().await {
            let page = page?;
            listed.items.extend(page.items);
            let room = MAX_ITEM_ERRORS.saturating_sub(listed.errors.len());
            let kept = page.errors.len().min(room);
            listed.errors_omitted += page.errors.len() - kept + page.errors_omitted;
            listed.errors.extend(page.errors.into_iter().take(kept));
        }
        Ok(listed)
    }

    /// Reads the objects of a page in the 2.3.0 model.
    fn read(&self, page: crate::transport::Page<Box<RawValue>>) -> ListedPage<W> {
        let edge = self.client.edge(None);
        let list = page.list;
        let mut out = ListedPage {
            items: Vec::with_capacity(list.items.len()),
            errors: list.errors,
            errors_omitted: list.errors_omitted,
            total_count: page.info.total_count,
            timestamp: page.envelope.timestamp,
            next: self.crawl.next.clone().map(Cursor),
            cursor: Cursor(page.url),
        };
        for (index, raw) in list.items.into_iter().enumerate() {
            let (interop, peer) = (self.client.peer().terms.interop, &self.client.peer().id);
            let shape = crate::interop::Shape::Element;
            match crate::interop::read::<W>(raw.get().as_bytes(), &edge, interop, peer, shape) {
                Ok(item) => out.items.push(item),
                Err(_) if out.errors.len() >= MAX_ITEM_ERRORS => out.errors_omitted += 1,
                Err(e) => out.errors.push(ItemError::new(
                    index,
                    match e {
                        WireError::Parse(p) => p,
                        other => data_error(&format!("[{index}]"), &other.to_string()),
                    },
                    raw.get(),
                )),
            }
        }
        out
    }
}
