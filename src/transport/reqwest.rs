//! A [`Transport`] over reqwest, with rustls (feature `reqwest`).

use std::future::Future;
use std::time::Duration;

use super::Transport;

/// A [`Transport`] over a reqwest client (rustls, no OpenSSL) that does what every transport
/// must (see [`Transport`]): a connect timeout and an overall deadline per request, a cap on
/// the response body enforced while it streams, and redirects followed only within the
/// request's origin (scheme, host, port), so the token never goes to another host.
///
/// Defaults: connect within 10 s, the whole exchange within 30 s, responses of at most 64 MiB,
/// at most 5 same-origin redirects. A redirect to another origin is not followed: its 3xx
/// answer is returned as is (the client reports it with its `Location`).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use ocpi_protocol::transport::ReqwestTransport;
///
/// let transport = ReqwestTransport::builder()
///     .timeout(Duration::from_secs(20))
///     .max_response_bytes(16 << 20)
///     .build()?;
/// # let _ = transport; Ok(()) }
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Security and authentication (TLS),
/// §Authorization header
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_response_bytes: usize,
}

/// Builds a [`ReqwestTransport`].
#[derive(Debug, Clone)]
pub struct ReqwestTransportBuilder {
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    max_redirects: usize,
}

impl Default for ReqwestTransportBuilder {
    fn default() -> Self {
        ReqwestTransportBuilder {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 64 << 20,
            max_redirects: 5,
        }
    }
}

impl ReqwestTransportBuilder {
    crate::types::setters! {
        /// How long connecting may take.
        connect_timeout(timeout: Duration) => connect_timeout = timeout;
        /// How long a whole exchange may take, body included.
        timeout(timeout: Duration) => timeout = timeout;
        /// The largest response body read; a larger one is an error as soon as it passes the
        /// cap.
        max_response_bytes(max: usize) => max_response_bytes = max;
        /// How many redirects within the request's origin are followed (0: none).
        max_redirects(max: usize) => max_redirects = max;
    }

    /// The transport.
    pub fn build(self) -> Result<ReqwestTransport, ReqwestError> {
        let max_redirects = self.max_redirects;
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            let first = attempt.previous().first().map(|u| u.origin());
            if attempt.previous().len() > max_redirects {
                attempt.stop()
            } else if first.as_ref() == Some(&attempt.url().origin()) {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(redirects)
            .build()
            .map_err(ReqwestError::Request)?;
        Ok(ReqwestTransport {
            client,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

impl ReqwestTransport {
    /// A transport with the defaults.
    pub fn new() -> Result<Self, ReqwestError> {
        Self::builder().build()
    }

    /// A builder with the defaults.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder::default()
    }
}

/// Why a request over reqwest failed.
#[derive(Debug, thiserror::Error)]
pub enum ReqwestError {
    /// The request could not be sent, no answer came in time, or the body could not be read.
    #[error("HTTP request failed: {0}")]
    Request(#[source] reqwest::Error),
    /// The response body passed the cap; reading stopped there.
    #[error("the response body passed the cap of {max} bytes")]
    TooLarge {
        /// The cap.
        max: usize,
    },
}

impl Transport for ReqwestTransport {
    type Error = ReqwestError;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, ReqwestError>> + Send {
        let client = self.client.clone();
        let max = self.max_response_bytes;
        async move {
            let request = reqwest::Request::try_from(request).map_err(ReqwestError::Request)?;
            let mut response = client
                .execute(request)
                .await
                .map_err(ReqwestError::Request)?;
            if response.content_length().is_some_and(|n| n > max as u64) {
                return Err(ReqwestError::TooLarge { max });
            }
            let mut out = http::Response::builder()
                .status(response.status())
                .version(response.version());
            if let Some(headers) = out.headers_mut() {
                *headers = std::mem::take(response.headers_mut());
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(ReqwestError::Request)? {
                if body.len() + chunk.len() > max {
                    return Err(ReqwestError::TooLarge { max });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(out.body(body).unwrap_or_default())
        }
    }
}
