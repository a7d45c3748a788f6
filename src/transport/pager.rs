//! A client-side pager that follows `Link: rel="next"` over any [`Transport`].

use std::collections::HashSet;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::{parse_list_response, PageInfo, PaginationError, Response, ResponseError, Transport};
use crate::json::ListParse;
use crate::types::Conformance;

/// Bounds on one crawl.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagerLimits {
    /// The most pages fetched.
    pub max_pages: usize,
    /// The most response-body bytes read over the whole crawl.
    pub max_total_bytes: usize,
}

impl Default for PagerLimits {
    /// 10 000 pages and 1 GiB.
    fn default() -> Self {
        PagerLimits {
            max_pages: 10_000,
            max_total_bytes: 1 << 30,
        }
    }
}

/// Why a crawl stopped before its last page.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug, thiserror::Error)]
pub enum PagerError<E> {
    /// The transport failed.
    #[error("transport error: {0}")]
    Transport(E),
    /// The server answered with an HTTP error status.
    #[error("HTTP {status} from {url}")]
    Http {
        /// The HTTP status.
        status: http::StatusCode,
        /// The URL requested.
        url: String,
        /// The body, verbatim.
        body: Vec<u8>,
    },
    /// The server answered with an OCPI error status.
    #[error("OCPI status {} from {url}: {}", envelope.status_code, envelope.status_message.as_deref().unwrap_or(""))]
    Ocpi {
        /// The envelope (without data).
        envelope: Response<()>,
        /// The URL requested.
        url: String,
    },
    /// The body is not a response envelope.
    #[error(transparent)]
    Response(#[from] ResponseError),
    /// The pagination headers are malformed.
    #[error(transparent)]
    Headers(#[from] PaginationError),
    /// A next link pointed at a page already fetched.
    #[error("next link {0} was already fetched: the server's links loop")]
    Loop(String),
    /// More pages than [`PagerLimits::max_pages`].
    #[error("stopped after {0} pages (page limit)")]
    PageLimit(usize),
    /// More bytes than [`PagerLimits::max_total_bytes`].
    #[error("stopped after {0} bytes (byte limit)")]
    ByteLimit(usize),
    /// The headers contradict the page (more objects than `X-Limit`, or a next link after an
    /// empty page).
    #[error("inconsistent pagination: {0}")]
    Inconsistent(String),
}

/// One page of a crawl.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The URL the page was fetched from.
    pub url: String,
    /// The valid objects and an error for each invalid one.
    pub list: ListParse<T>,
    /// The pagination headers.
    pub info: PageInfo,
    /// The envelope, without data.
    pub envelope: Response<()>,
}

/// Follows the `next` links of a paginated GET, one page at a time.
///
/// The next URL is opaque: it is requested as the server wrote it (servers may use cursors).
/// The pager stops when a page has no next link, and with an error on a loop (a URL fetched
/// before), on [`PagerLimits`], or on headers that contradict the page.
///
/// `request` builds the request for a URL (method GET, `Authorization`, a fresh
/// `X-Request-ID`, routing headers, …); the OCPI client builds it for you.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination, §Paginated Response
pub struct Pager<'a, T, Tr, B> {
    transport: &'a Tr,
    request: B,
    next: Option<String>,
    seen: HashSet<String>,
    pages: usize,
    bytes: usize,
    limits: PagerLimits,
    _item: PhantomData<fn() -> T>,
}

impl<'a, T, Tr, B> Pager<'a, T, Tr, B>
where
    T: DeserializeOwned + Conformance,
    Tr: Transport,
    B: Fn(&str) -> http::Request<Vec<u8>>,
{
    /// A pager starting at `first_url`.
    pub fn new(transport: &'a Tr, first_url: impl Into<String>, request: B) -> Self {
        Pager {
            transport,
            request,
            next: Some(first_url.into()),
            seen: HashSet::new(),
            pages: 0,
            bytes: 0,
            limits: PagerLimits::default(),
            _item: PhantomData,
        }
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, limits: PagerLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Fetches the next page; `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, PagerError<Tr::Error>>> {
        let url = self.next.take()?;
        Some(self.fetch(url).await)
    }

    async fn fetch(&mut self, url: String) -> Result<Page<T>, PagerError<Tr::Error>> {
        if !self.seen.insert(url.clone()) {
            return Err(PagerError::Loop(url));
        }
        if self.pages >= self.limits.max_pages {
            return Err(PagerError::PageLimit(self.pages));
        }
        self.pages += 1;
        let response = self
            .transport
            .send((self.request)(&url))
            .await
            .map_err(PagerError::Transport)?;
        self.bytes = self.bytes.saturating_add(response.body().len());
        if self.bytes > self.limits.max_total_bytes {
            return Err(PagerError::ByteLimit(self.bytes));
        }
        if !response.status().is_success() {
            return Err(PagerError::Http {
                status: response.status(),
                url,
                body: response.into_body(),
            });
        }
        let info = PageInfo::from_headers(response.headers())?;
        let (envelope, list) = parse_list_response::<T>(response.body())?;
        if !envelope.is_success() {
            return Err(PagerError::Ocpi { envelope, url });
        }
        let count = list.items.len() + list.error_count();
        if let Some(limit) = info.limit {
            if count as u64 > limit {
                return Err(PagerError::Inconsistent(format!(
                    "{count} objects in a page with X-Limit {limit}"
                )));
            }
        }
        if count == 0 && info.next.is_some() {
            return Err(PagerError::Inconsistent(
                "a next link after an empty page".into(),
            ));
        }
        self.next = info.next.clone();
        Ok(Page {
            url,
            list,
            info,
            envelope,
        })
    }

    /// Fetches every remaining page and gathers the objects; the first error stops the crawl.
    pub async fn collect(mut self) -> Result<ListParse<T>, PagerError<Tr::Error>> {
        let mut all = ListParse::default();
        while let Some(page) = self.next_page().await {
            all.extend(page?.list);
        }
        Ok(all)
    }
}
