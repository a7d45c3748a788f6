//! A [`Server`] as a `tower_service::Service` (feature `tower`).

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::Server;
use crate::credentials::CredentialsStore;
use crate::transport::Transport;

/// A cheap handle on a [`Server`] that is a `tower_service::Service` (with the `tower`
/// feature), to mount the server in a tower-based HTTP stack: a request with its
/// whole body in, the response out ([`Server::handle`]). It is always ready, never fails
/// (every error is a response with the statuses the spec names), and clones share the server.
///
/// Read the body before calling it, up to the server's
/// [`BodyLimits`](crate::transport::BodyLimits) (`server.config().limits`), and answer a larger
/// one with HTTP 413: the framework's body type is not this crate's business.
///
/// ```
/// # use std::sync::Arc;
/// # use ocpi_protocol::credentials::MemoryStore;
/// # use ocpi_protocol::server::{Loopback, Server, TowerService};
/// fn service(server: Arc<Server<MemoryStore, Loopback>>) -> TowerService<MemoryStore, Loopback> {
///     TowerService::new(server)
/// }
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc (the server side of every exchange)
pub struct TowerService<S, T>(Arc<Server<S, T>>);

impl<S, T> TowerService<S, T> {
    /// A service answering with `server`.
    pub fn new(server: Arc<Server<S, T>>) -> Self {
        TowerService(server)
    }

    /// The server.
    pub fn server(&self) -> &Arc<Server<S, T>> {
        &self.0
    }
}

impl<S, T> Clone for TowerService<S, T> {
    fn clone(&self) -> Self {
        TowerService(self.0.clone())
    }
}

impl<S, T> fmt::Debug for TowerService<S, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TowerService").field(&self.0).finish()
    }
}

impl<S, T> From<Arc<Server<S, T>>> for TowerService<S, T> {
    fn from(server: Arc<Server<S, T>>) -> Self {
        TowerService(server)
    }
}

impl<S, T> tower_service::Service<http::Request<Vec<u8>>> for TowerService<S, T>
where
    S: CredentialsStore + Send + Sync + 'static,
    T: Transport + Send + Sync + 'static,
{
    type Response = http::Response<Vec<u8>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Vec<u8>>) -> Self::Future {
        let server = self.0.clone();
        Box::pin(async move { Ok(server.handle(request).await) })
    }
}
