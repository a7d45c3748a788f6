//! An in-process network of servers, for tests, examples and simulations.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use super::Server;
use crate::credentials::CredentialsStore;
use crate::modules::BoxFuture;
use crate::transport::Transport;

/// A server as the loopback holds it.
pub(crate) trait Serve: Send + Sync {
    fn serve(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, http::Response<Vec<u8>>>;
}

impl<S, T> Serve for Server<S, T>
where
    S: CredentialsStore + Send + Sync + 'static,
    T: Transport + Send + Sync + 'static,
{
    fn serve(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, http::Response<Vec<u8>>> {
        Box::pin(self.handle(request))
    }
}

type Observer = Arc<dyn Fn(&http::Request<Vec<u8>>, &http::Response<Vec<u8>>) + Send + Sync>;

#[derive(Default)]
struct State {
    hosts: HashMap<String, Arc<dyn Serve>>,
    observer: Option<Observer>,
}

/// A [`Transport`] that answers each request with the [`Server`] attached to the request
/// URL's host, in the same process and without I/O: two or more platforms can register and
/// exchange data in a test. Cloning gives another handle on the same network.
#[derive(Clone, Default)]
pub struct Loopback {
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for Loopback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hosts: Vec<String> = self.lock().hosts.keys().cloned().collect();
        f.debug_struct("Loopback").field("hosts", &hosts).finish()
    }
}

/// A request to a host no server is attached to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no server at host {0:?}")]
pub struct UnknownHost(pub String);

impl Loopback {
    /// A network with no servers.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Attaches `server`: requests to `host` (the host of its base URL, such as
    /// `cpo.example.com`) go to it.
    pub fn attach<S, T>(&self, host: &str, server: Arc<Server<S, T>>)
    where
        S: CredentialsStore + Send + Sync + 'static,
        T: Transport + Send + Sync + 'static,
    {
        self.lock().hosts.insert(host.to_ascii_lowercase(), server);
    }

    /// Attaches a Roaming Hub's routing engine: requests to `host` go to it.
    pub fn attach_hub<S, T, D>(&self, host: &str, hub: Arc<crate::hub::Hub<S, T, D>>)
    where
        S: CredentialsStore + Send + Sync + 'static,
        T: Transport + Send + Sync + 'static,
        D: crate::hub::Directory + Send + Sync + 'static,
    {
        self.lock().hosts.insert(host.to_ascii_lowercase(), hub);
    }

    /// Calls `observer` with every request and its response (to print or record the
    /// exchanges).
    pub fn observe(
        &self,
        observer: impl Fn(&http::Request<Vec<u8>>, &http::Response<Vec<u8>>) + Send + Sync + 'static,
    ) {
        self.lock().observer = Some(Arc::new(observer));
    }
}

impl Transport for Loopback {
    type Error = UnknownHost;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, UnknownHost>> + Send {
        let host = request
            .uri()
            .host()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (server, observer) = {
            let state = self.lock();
            (state.hosts.get(&host).cloned(), state.observer.clone())
        };
        async move {
            let server = server.ok_or(UnknownHost(host))?;
            let copy = observer.as_ref().map(|_| clone_request(&request));
            let response = server.serve(request).await;
            if let (Some(observer), Some(request)) = (observer, copy) {
                observer(&request, &response);
            }
            Ok(response)
        }
    }
}

fn clone_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.headers_mut() = request.headers().clone();
    out
}
