//! A client-side pager that follows `Link: rel="next"` over any [`Transport`].

use std::collections::HashSet;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::{parse_list_response, PageInfo, PaginationError, Response, ResponseError, Transport};
use crate::json::ListParse;
use crate::types::Conformance;

/// The most empty pages in a row, each with a next link, a crawl follows: a server may leave
/// out of a page every object it cannot write in the peer's version
/// ([`LeftOut`](crate::modules::LeftOut)), but a server that answers empty pages without end
/// is stopped.
pub const MAX_EMPTY_PAGES_IN_A_ROW: usize = 16;

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
        /// The headers of the answer.
        headers: http::HeaderMap,
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
    /// A next link that cannot be followed: not a URL, or another origin than the page it
    /// came with (another host or port, or `https` down to `http`). No request was made.
    #[error("next link refused: {0}")]
    Link(#[from] super::UrlError),
    /// The headers contradict the page (more objects than `X-Limit`), or more than
    /// [`MAX_EMPTY_PAGES_IN_A_ROW`] empty pages in a row each carry a next link.
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
/// The next URL is opaque: it is requested as the server wrote it (servers may use cursors),
/// resolved against the page's URL when relative. It must keep the page's origin (scheme, host,
/// port): the request carries this platform's token, which is for that origin only
/// ([`resolve_link`](super::resolve_link)). The pager stops when a page has no next link, and with an error on a loop (a URL fetched
/// before), on [`PagerLimits`], or on headers that contradict the page.
///
/// `request` builds the request for a URL, parsed by the pager (method GET, `Authorization`, a fresh
/// `X-Request-ID`, routing headers, …); the OCPI client builds it for you.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination, §Paginated Response
pub struct Pager<'a, T, Tr, B> {
    transport: &'a Tr,
    request: B,
    crawl: Crawl,
    _item: PhantomData<fn() -> T>,
}

impl<'a, T, Tr, B> Pager<'a, T, Tr, B>
where
    T: DeserializeOwned + Conformance,
    Tr: Transport,
    B: Fn(&http::Uri) -> http::Request<Vec<u8>>,
{
    /// A pager starting at `first_url`.
    pub fn new(transport: &'a Tr, first_url: impl Into<String>, request: B) -> Self {
        Pager {
            transport,
            request,
            crawl: Crawl::new(first_url.into()),
            _item: PhantomData,
        }
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, limits: PagerLimits) -> Self {
        self.crawl.limits = limits;
        self
    }

    /// Fetches the next page; `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, PagerError<Tr::Error>>> {
        let url = self.crawl.next.take()?;
        Some(self.crawl.fetch(self.transport, &self.request, url).await)
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

/// The state of one crawl, apart from its transport: the next URL, the URLs fetched, the
/// pages and bytes so far. [`Pager`] and the client's page streams share it.
#[derive(Debug)]
pub(crate) struct Crawl {
    /// The URL of the next page to fetch (`None` after the last page).
    pub(crate) next: Option<String>,
    seen: HashSet<String>,
    pages: usize,
    bytes: usize,
    empty_in_a_row: usize,
    pub(crate) limits: PagerLimits,
}

impl Crawl {
    /// A crawl whose next page is at `url`.
    pub(crate) fn new(url: String) -> Self {
        Crawl {
            next: Some(url),
            seen: HashSet::new(),
            pages: 0,
            bytes: 0,
            empty_in_a_row: 0,
            limits: PagerLimits::default(),
        }
    }

    /// Fetches the page at `url` (taken from [`next`](Crawl::next)) and sets the next URL from
    /// its `Link` header, resolved against `url` and on its origin.
    pub(crate) async fn fetch<T, Tr, B>(
        &mut self,
        transport: &Tr,
        request: &B,
        url: String,
    ) -> Result<Page<T>, PagerError<Tr::Error>>
    where
        T: DeserializeOwned + Conformance,
        Tr: Transport,
        B: Fn(&http::Uri) -> http::Request<Vec<u8>>,
    {
        if !self.seen.insert(url.clone()) {
            return Err(PagerError::Loop(url));
        }
        if self.pages >= self.limits.max_pages {
            return Err(PagerError::PageLimit(self.pages));
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| super::UrlError::unparsable(&url, e))?;
        if uri.scheme().is_none() || uri.host().is_none() {
            let e = super::UrlError::unparsable(&url, "not an absolute URL");
            return Err(PagerError::Link(e));
        }
        self.pages += 1;
        let response = transport
            .send(request(&uri))
            .await
            .map_err(PagerError::Transport)?;
        self.bytes = self.bytes.saturating_add(response.body().len());
        if self.bytes > self.limits.max_total_bytes {
            return Err(PagerError::ByteLimit(self.bytes));
        }
        if !response.status().is_success() {
            let (head, body) = response.into_parts();
            return Err(PagerError::Http {
                status: head.status,
                url,
                headers: head.headers,
                body,
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
        // An empty page before the last is allowed (a server may leave out objects it cannot
        // write in this version), but not forever.
        self.empty_in_a_row = if count == 0 {
            self.empty_in_a_row + 1
        } else {
            0
        };
        if self.empty_in_a_row > MAX_EMPTY_PAGES_IN_A_ROW && info.next.is_some() {
            return Err(PagerError::Inconsistent(format!(
                "{} empty pages in a row, each with a next link",
                self.empty_in_a_row
            )));
        }
        self.next = match &info.next {
            Some(link) => Some(super::resolve_link(&url, link)?.into()),
            None => None,
        };
        Ok(Page {
            url,
            list,
            info,
            envelope,
        })
    }
}
