//! A [`Server`] as an axum [`Router`] (feature `axum`).

use std::sync::Arc;

use axum::body::Body;
use axum::Router;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::Server;
use crate::credentials::CredentialsStore;
use crate::transport::{BodyLimits, HttpError, LimitError, Response, StatusCode, Transport};

impl<S, T> Server<S, T>
where
    S: CredentialsStore + Send + Sync + 'static,
    T: Transport + Send + Sync + 'static,
{
    /// The server as an axum [`Router`]: every request, whatever its path, goes to
    /// [`Server::handle`], which routes it under [`ServerConfig::base_url`](super::ServerConfig).
    /// Mount it at the root, or nest it; the paths the server answers are those of its base
    /// URL.
    ///
    /// The body is read up to [`ServerConfig::limits`](super::ServerConfig): a
    /// `Content-Length` over the limit is refused with 413 before anything is read, and a body
    /// that passes the limit while it streams is refused with 413 as soon as it does, never
    /// read whole. A body that cannot be read is a 400. The answers carry the request's
    /// `X-Request-ID` and `X-Correlation-ID`, as [`Server::handle`]'s do.
    ///
    /// ```no_run
    /// # async fn run(server: ocpi_protocol::server::Server<ocpi_protocol::credentials::MemoryStore, ocpi_protocol::server::Loopback>) {
    /// use std::sync::Arc;
    ///
    /// let app = Arc::new(server).router();
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.unwrap();
    /// axum::serve(listener, app).await.unwrap();
    /// # }
    /// ```
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc (the HTTP side of every module)
    pub fn router(self: Arc<Self>) -> Router {
        Router::new().fallback(move |request: axum::extract::Request| {
            let server = self.clone();
            async move { server.handle_axum(request).await }
        })
    }

    /// Answers one axum request (see [`router`](Server::router)), for applications that
    /// route themselves.
    pub async fn handle_axum(&self, request: axum::extract::Request) -> axum::response::Response {
        let (parts, body) = request.into_parts();
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok());
        let response = match read_body(body, declared, &self.config().limits).await {
            Ok(body) => self.handle(http::Request::from_parts(parts, body)).await,
            Err(mut refused) => {
                crate::transport::MessageIds::from_request(&parts.headers)
                    .apply(refused.headers_mut());
                refused
            }
        };
        response.map(Body::from)
    }
}

/// Reads a request body up to the limit: 413 before reading when the declared length is
/// over it, or as soon as the body passes it; 400 when it cannot be read.
async fn read_body(
    body: Body,
    declared: Option<usize>,
    limits: &BodyLimits,
) -> Result<Vec<u8>, http::Response<Vec<u8>>> {
    let max = limits.max_bytes;
    let too_large = |size: usize| HttpError::from(LimitError::TooLarge { size, max }).to_response();
    if let Some(size) = declared.filter(|size| *size > max) {
        return Err(too_large(size));
    }
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        // Without a Content-Length, a refused body is only known to be larger than the limit.
        Err(e) if e.is::<LengthLimitError>() => Err(too_large(declared.unwrap_or(max + 1))),
        Err(e) => {
            let envelope = Response::error(StatusCode::CLIENT_ERROR, e.to_string());
            let mut response = http::Response::new(envelope.to_vec());
            *response.status_mut() = http::StatusCode::BAD_REQUEST;
            response.headers_mut().insert(
                CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            Err(response)
        }
    }
}
