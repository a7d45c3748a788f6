//! Spans and events for the `tracing` feature; without it, every function here does nothing.
//!
//! A span per server request (`ocpi.server`: method, path, module, version, peer,
//! `X-Request-ID`, `X-Correlation-ID`, then the HTTP and OCPI status and the duration) and per
//! client call (`ocpi.client`: method, URL, peer, `X-Request-ID`, then the statuses and the
//! duration), and an event for each step of a credentials handshake. No field ever holds a
//! header value other than the message ids: tokens never reach a subscriber.

use std::fmt::Display;
use std::future::Future;

/// Runs `f` inside the span of a server request.
#[cfg(feature = "tracing")]
pub(crate) async fn server<F: Future<Output = http::Response<Vec<u8>>>>(
    request: &http::Request<Vec<u8>>,
    f: F,
) -> http::Response<Vec<u8>> {
    use tracing::Instrument;
    let header = |name: &http::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let span = tracing::info_span!(
        "ocpi.server",
        method = %request.method(),
        path = request.uri().path(),
        request_id = %header(&crate::transport::X_REQUEST_ID),
        correlation_id = %header(&crate::transport::X_CORRELATION_ID),
        module = tracing::field::Empty,
        version = tracing::field::Empty,
        peer = tracing::field::Empty,
        http_status = tracing::field::Empty,
        ocpi_status = tracing::field::Empty,
        duration_us = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let response = f.instrument(span.clone()).await;
    finish(&span, &response, started);
    tracing::info!(parent: &span, "answered");
    response
}

/// Runs `f` inside the span of a server request.
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) async fn server<F: Future<Output = http::Response<Vec<u8>>>>(
    _: &http::Request<Vec<u8>>,
    f: F,
) -> http::Response<Vec<u8>> {
    f.await
}

/// What the span of a client call says of its request, taken before the request is sent.
#[cfg(feature = "tracing")]
pub(crate) struct Call {
    method: String,
    url: String,
    request_id: String,
}

/// What the span of a client call says of its request (nothing without the feature).
#[cfg(not(feature = "tracing"))]
pub(crate) struct Call;

impl Call {
    /// Describes `request`.
    #[cfg(feature = "tracing")]
    pub(crate) fn of(request: &http::Request<Vec<u8>>) -> Self {
        Call {
            method: request.method().to_string(),
            url: request.uri().to_string(),
            request_id: request
                .headers()
                .get(&crate::transport::X_REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned(),
        }
    }

    /// Describes `request`.
    #[cfg(not(feature = "tracing"))]
    #[inline(always)]
    pub(crate) fn of(_: &http::Request<Vec<u8>>) -> Self {
        Call
    }
}

/// Awaits `sent`, the call `call` to `peer`, inside its span.
#[cfg(feature = "tracing")]
pub(crate) async fn client<E: Display>(
    call: Call,
    peer: String,
    sent: impl Future<Output = Result<http::Response<Vec<u8>>, E>>,
) -> Result<http::Response<Vec<u8>>, E> {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "ocpi.client",
        method = %call.method,
        url = %call.url,
        peer = %peer,
        request_id = %call.request_id,
        http_status = tracing::field::Empty,
        ocpi_status = tracing::field::Empty,
        duration_us = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let result = sent.instrument(span.clone()).await;
    match &result {
        Ok(response) => {
            finish(&span, response, started);
            tracing::info!(parent: &span, "answered");
        }
        Err(e) => tracing::warn!(parent: &span, error = %e, "failed"),
    }
    result
}

/// Awaits `sent`.
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) async fn client<E>(
    _: Call,
    _: String,
    sent: impl Future<Output = Result<http::Response<Vec<u8>>, E>>,
) -> Result<http::Response<Vec<u8>>, E> {
    sent.await
}

/// Records the statuses and the duration of an answer on its span.
#[cfg(feature = "tracing")]
fn finish(span: &tracing::Span, response: &http::Response<Vec<u8>>, started: std::time::Instant) {
    span.record("http_status", response.status().as_u16());
    if let Some(code) = envelope_status(response.body()) {
        span.record("ocpi_status", code);
    }
    span.record("duration_us", started.elapsed().as_micros() as u64);
}

/// The `status_code` of a response envelope: the last `"status_code":` member of the body
/// (the envelope writes it after `data`, and a quote inside a string is escaped).
#[cfg(feature = "tracing")]
fn envelope_status(body: &[u8]) -> Option<u16> {
    const KEY: &[u8] = b"\"status_code\":";
    let at = body.windows(KEY.len()).rposition(|w| w == KEY)? + KEY.len();
    let digits: Vec<u8> = body[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// Notes a field of the current span (the module, version and peer of a server request,
/// once known).
#[cfg(feature = "tracing")]
pub(crate) fn record(field: &'static str, value: &dyn Display) {
    tracing::Span::current().record(field, tracing::field::display(value));
}

/// Notes a field of the current span.
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn record(_: &'static str, _: &dyn Display) {}

/// An event of a credentials handshake: `step` with `peer`, and the version when known.
#[cfg(feature = "tracing")]
pub(crate) fn handshake(step: &'static str, peer: &dyn Display, version: Option<&dyn Display>) {
    match version {
        Some(v) => tracing::info!(target: "ocpi.credentials", peer = %peer, version = %v, "{step}"),
        None => tracing::info!(target: "ocpi.credentials", peer = %peer, "{step}"),
    }
}

/// An event of a credentials handshake.
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn handshake(_: &'static str, _: &dyn Display, _: Option<&dyn Display>) {}
