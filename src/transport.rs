//! The transport rules of OCPI, sans I/O: the response envelope and status codes,
//! pagination on both sides, unique message ids and message routing headers, the
//! `Authorization` header, body limits, the policy on URLs a peer gives, and the mapping of
//! errors to HTTP and OCPI statuses.
//!
//! Everything here works on the `http` crate's `Request`, `Response`, `HeaderMap` and on
//! bytes, so any HTTP stack can use it. The one asynchronous piece, the [`Pager`], runs over a
//! [`Transport`] that the application supplies.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc, 2.2.1 status_codes.asciidoc (and the same
//! chapters of 2.1.1 and 2.3.0).

use std::future::Future;

mod auth;
mod envelope;
mod error;
mod headers;
mod limits;
mod pager;
mod pagination;
#[cfg(feature = "reqwest")]
mod reqwest;
mod status;
mod urls;

pub use auth::{
    authorization_header, parse_authorization, Authorization, AuthorizationError, AuthorizationMode,
};
pub use envelope::{parse_list_response, parse_response, Response, ResponseError};
pub use error::HttpError;
pub use headers::{
    is_routed, MessageId, MessageIds, PartyRef, Routing, RoutingError, RoutingScenario,
    OCPI_FROM_COUNTRY_CODE, OCPI_FROM_PARTY_ID, OCPI_TO_COUNTRY_CODE, OCPI_TO_PARTY_ID,
    X_CORRELATION_ID, X_REQUEST_ID,
};
pub use limits::{BodyLimits, LimitError};
pub(crate) use pager::Crawl;
pub use pager::{Page, Pager, PagerError, PagerLimits, MAX_EMPTY_PAGES_IN_A_ROW};
pub use pagination::{
    next_link, PageHeaders, PageInfo, PageRequest, PaginationError, X_LIMIT, X_TOTAL_COUNT,
};
#[cfg(feature = "reqwest")]
pub use reqwest::{ReqwestError, ReqwestTransport, ReqwestTransportBuilder};
pub use status::{StatusClass, StatusCode};
pub(crate) use urls::{check_dot_segments, excerpt as urls_excerpt, is_dot_segment};
pub use urls::{is_private_address, resolve_link, same_origin, UrlError, UrlPolicy};

/// An HTTP client supplied by the application: any HTTP stack (hyper, reqwest, an in-process
/// loop for tests) plugs in here.
///
/// What every transport must do, because only it can (see the crate's Security section):
///
/// - **Deadlines**: a connect timeout and an overall deadline per request (the handshake's
///   calls to a peer run inside the peer's own POST or PUT, so they inherit its patience); a
///   peer that never answers must end in an error, not a hung task.
/// - **Size caps**: stop reading a response body beyond a bound (a few times
///   [`BodyLimits::max_bytes`]), while streaming it.
/// - **Redirects**: follow none, or only to the same origin (scheme, host, port); never send
///   the `Authorization` header to another origin. The URLs the crate calls are exactly the ones
///   the peer published (a redirect from `…/locations` to `…/locations/` stays on the origin).
/// - **Names**: the crate checks URLs with [`UrlPolicy`]; a host name that resolves to a
///   private or loopback address is the transport's to refuse ([`is_private_address`]).
///
/// Closures `Fn(http::Request<Vec<u8>>) -> impl Future<Output =
/// Result<http::Response<Vec<u8>>, E>>` implement it. The crate has `ReqwestTransport`
/// (feature `reqwest`) and the in-process [`Loopback`](crate::server::Loopback).
///
/// ```
/// use ocpi_protocol::transport::Transport;
///
/// /// A peer that answers every request with the same body: a stub for tests.
/// struct Canned(&'static str);
///
/// impl Transport for Canned {
///     type Error = std::convert::Infallible;
///
///     async fn send(&self, _request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Self::Error> {
///         Ok(http::Response::new(self.0.as_bytes().to_vec()))
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let request = || http::Request::get("https://cpo.example.com/ocpi/versions").body(Vec::new());
/// let answer = Canned(r#"{"status_code": 1000}"#).send(request()?).await?;
/// assert_eq!(answer.body(), br#"{"status_code": 1000}"#);
///
/// // A closure is a transport too: here one that refuses to send anything.
/// let offline = |_request: http::Request<Vec<u8>>| async {
///     Err::<http::Response<Vec<u8>>, _>(std::io::Error::other("offline"))
/// };
/// assert!(offline.send(request()?).await.is_err());
/// # Ok(())
/// # }
/// ```
///
/// The [guide](crate::guide::stores_and_transports) plugs one into a server.
pub trait Transport {
    /// The transport's own error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Sends one request and returns the whole response.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, Self::Error>> + Send;
}

impl<F, Fut, E> Transport for F
where
    F: Fn(http::Request<Vec<u8>>) -> Fut,
    Fut: Future<Output = Result<http::Response<Vec<u8>>, E>> + Send,
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, E>> + Send {
        self(request)
    }
}
