//! The functional modules as interfaces the application implements: one trait per module and
//! interface (Sender, Receiver), the spec's table of typical interfaces per role, and the
//! conversion of objects at the edge for peers of older versions.
//!
//! ## The model handlers are written in
//!
//! Every trait speaks the 2.3.0 object model ([`crate::v2_3_0`]), the newest. The
//! [server](crate::server) mounts the same implementation for 2.3.0, 2.2.1 and 2.1.1 peers,
//! and the [client](crate::client) calls peers of any of them: bodies are converted at the
//! edge with [`crate::convert`] ([`Wire`]), and what a peer's version lacks comes from the
//! [`Bridge`] the application configures.
//!
//! ## Writing a handler
//!
//! A trait method takes the [`Context`] of the request (who calls, in which version, with
//! which routing headers), the ids of the URL, and the body; it returns the data of the
//! response or a [`ModuleError`], which the server answers with the HTTP and OCPI statuses
//! the spec names. Methods are `async` (the futures must be `Send`), so implementations can
//! use any database client:
//!
//! ```
//! use ocpi_protocol::modules::{Context, ListPage, ListQuery, ModuleError};
//! use ocpi_protocol::modules::locations::LocationsSender;
//! use ocpi_protocol::types::CiString;
//! use ocpi_protocol::v2_3_0::locations::{Connector, Evse, Location};
//!
//! struct MyLocations(Vec<Location>);
//!
//! impl MyLocations {
//!     fn find(&self, id: &CiString<36>) -> Result<&Location, ModuleError> {
//!         self.0.iter().find(|l| l.id == *id).ok_or_else(|| ModuleError::not_found(id))
//!     }
//! }
//!
//! impl LocationsSender for MyLocations {
//!     async fn list(&self, _ctx: &Context, query: ListQuery) -> Result<ListPage<Location>, ModuleError> {
//!         Ok(ListPage::from_all(&self.0, &query, |l| &l.last_updated))
//!     }
//!
//!     async fn location(&self, _ctx: &Context, id: CiString<36>) -> Result<Location, ModuleError> {
//!         self.find(&id).cloned()
//!     }
//!
//!     async fn evse(&self, _ctx: &Context, id: CiString<36>, uid: CiString<36>) -> Result<Evse, ModuleError> {
//!         let mut evses = self.find(&id)?.evses.iter().flatten();
//!         evses.find(|e| e.uid == uid).cloned().ok_or_else(|| ModuleError::not_found(uid))
//!     }
//!
//!     async fn connector(
//!         &self,
//!         ctx: &Context,
//!         id: CiString<36>,
//!         uid: CiString<36>,
//!         connector: CiString<36>,
//!     ) -> Result<Connector, ModuleError> {
//!         let evse = self.evse(ctx, id, uid).await?;
//!         let found = evse.connectors.into_iter().find(|c| c.id == connector);
//!         found.ok_or_else(|| ModuleError::not_found(connector))
//!     }
//! }
//! ```
//!
//! Spec: 2.2.1 terminology.asciidoc §Typical OCPI implementations per Role; 2.2.1
//! transport_and_format.asciidoc; the Interfaces and Endpoints section of each module chapter.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::credentials::PeerId;
use crate::transport::{HttpError, PageRequest, PartyRef, Routing, StatusCode};
use crate::types::DateTime;
use crate::versions::OcpiVersion;

mod roles;
mod wire;

pub mod cdrs;
pub mod charging_profiles;
pub mod commands;
pub mod hub_client_info;
pub mod locations;
pub mod payments;
pub mod sessions;
pub mod tariffs;
pub mod tokens;

pub use roles::{typical, Interface, Module, Typical, TYPICAL_ROLES};
pub use wire::{Bridge, Edge, LeftOut, Outgoing, PageItem, Wire, WireError};

/// The URL at which this crate's [server](crate::server) serves a module interface in a
/// version: `{base_url}/{version}/{sender|receiver}/{module}` (what its versions endpoint
/// publishes). Used to build `response_url`s under a party's own endpoints
/// ([`commands::PendingCommands`], [`charging_profiles::ProfileResultKind::response_url`]).
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Endpoint class (`url`)
pub fn endpoint_url(
    base_url: &str,
    version: OcpiVersion,
    module: Module,
    iface: Interface,
) -> String {
    format!(
        "{}/{version}/{iface}/{module}",
        base_url.trim_end_matches('/')
    )
}

/// A boxed `Send` future: what the server holds the handlers' futures as.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Who calls, and how: what a handler knows about the request beyond its ids and body.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header, §Unique message IDs,
/// §Message Routing Headers
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The registered peer calling (from its credentials token).
    pub peer: PeerId,
    /// The version of the request (the version of the URL it was sent to).
    pub version: OcpiVersion,
    /// The parties of the peer (the roles of its credentials).
    pub parties: Vec<PartyRef>,
    /// The party the request is from: the `OCPI-from-*` headers when given (checked against
    /// the peer's parties, or any party when the peer is a Hub), else the Hub's own party
    /// when the peer is a Hub, else the peer's only party (`None` when it has several).
    pub from: Option<PartyRef>,
    /// Whether the peer is a Roaming Hub (2.2.1: its credentials have a `HUB` role; 2.3.0: a
    /// `hub_party_id`). A Hub acts for the parties connected to it.
    pub hub: bool,
    /// The Hub's own party, when the peer is a Roaming Hub. A request the Hub sends as itself
    /// (`from` is this party: a Broadcast Push) acts for every party connected to it; one it
    /// relays acts for the party `from` names.
    pub hub_party: Option<PartyRef>,
    /// The routing headers as received.
    pub routing: Routing,
    /// `X-Request-ID`, when given.
    pub request_id: Option<String>,
    /// `X-Correlation-ID`, when given.
    pub correlation_id: Option<String>,
    /// The deviations of the peer this platform tolerates (from its
    /// [`PeerTerms`](crate::credentials::PeerTerms)); the server has read the request's body
    /// with them.
    pub interop: crate::interop::Interop,
}

/// The paging and filter parameters of a list GET, as the handler receives them: `limit` is
/// already clamped to the server's maximum.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (Paginated Request)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Only objects with `last_updated` at or after this time.
    pub date_from: Option<DateTime>,
    /// Only objects with `last_updated` before this time.
    pub date_to: Option<DateTime>,
    /// The index of the first object of the page.
    pub offset: u64,
    /// The most objects to return.
    pub limit: u64,
}

impl ListQuery {
    /// The query of a [`PageRequest`] for a server whose page size is at most `max_limit`.
    pub fn new(request: &PageRequest, max_limit: u64) -> Self {
        ListQuery {
            date_from: request.date_from,
            date_to: request.date_to,
            offset: request.offset,
            limit: request.effective_limit(max_limit),
        }
    }

    /// Whether an object last updated at `last_updated` passes the date filters.
    pub fn includes(&self, last_updated: &DateTime) -> bool {
        let after_from = self
            .date_from
            .as_ref()
            .is_none_or(|from| last_updated >= from);
        let before_to = self.date_to.as_ref().is_none_or(|to| last_updated < to);
        after_from && before_to
    }
}

/// One page of a list GET, as a handler returns it: the objects of the page and how many
/// match the filters in all (`X-Total-Count`).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<T> {
    /// The objects of the page, at most `limit`.
    pub items: Vec<T>,
    /// The number of objects matching the filters, ignoring offset and limit.
    pub total: u64,
}

impl<T: Clone> ListPage<T> {
    /// The page of `query` cut from every object the handler has, filtered by
    /// `last_updated` (for handlers that hold their objects in memory).
    pub fn from_all(all: &[T], query: &ListQuery, last_updated: impl Fn(&T) -> &DateTime) -> Self {
        let matching: Vec<&T> = all
            .iter()
            .filter(|o| query.includes(last_updated(o)))
            .collect();
        let start = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        ListPage {
            total: matching.len() as u64,
            items: matching
                .into_iter()
                .skip(start)
                .take(limit)
                .cloned()
                .collect(),
        }
    }
}

/// Why a handler could not serve a request; the server answers it with the statuses below.
///
/// | error | HTTP | OCPI |
/// | --- | --- | --- |
/// | [`NotFound`](ModuleError::NotFound) | 404 | 2000 |
/// | [`Status`](ModuleError::Status) | 200 | its code (2xxx, 3xxx) |
/// | [`Internal`](ModuleError::Internal) | 200 | 3000 |
///
/// Spec: 2.2.1 status_codes.asciidoc ("In case of a GET request, when the resource does NOT
/// exist, the server SHOULD return a HTTP 404"; 2xxx client errors, 3xxx server errors)
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The object asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// An OCPI status to answer with (2001 invalid parameters, 2002 not enough information,
    /// 2003 unknown location, 2004 unknown token, 3xxx…).
    #[error("OCPI status {status}: {message}")]
    Status {
        /// The status code.
        status: StatusCode,
        /// The status message.
        message: String,
    },
    /// The application failed (its database, a downstream system): OCPI 3000.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ModuleError {
    /// [`ModuleError::NotFound`].
    pub fn not_found(what: impl fmt::Display) -> Self {
        ModuleError::NotFound(what.to_string())
    }

    /// An OCPI status with a message.
    pub fn status(status: StatusCode, message: impl Into<String>) -> Self {
        ModuleError::Status {
            status,
            message: message.into(),
        }
    }

    /// 2001: invalid or missing parameters.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::status(StatusCode::INVALID_PARAMETERS, message)
    }

    /// [`ModuleError::Internal`].
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        ModuleError::Internal(Box::new(error))
    }
}

impl From<ModuleError> for HttpError {
    fn from(e: ModuleError) -> Self {
        match e {
            ModuleError::NotFound(what) => HttpError::not_found(format!("not found: {what}")),
            ModuleError::Status { status, message } => HttpError::ocpi(status, message),
            ModuleError::Internal(e) => HttpError::server_error(e),
        }
    }
}

/// The result of a handler.
pub type ModuleResult<T> = Result<T, ModuleError>;

/// Declares the trait of one module interface and its object-safe twin the server holds.
///
/// Every argument after the context is taken by value, so that the boxed future of the twin
/// borrows only the handler and the context.
macro_rules! interface {
    (
        $(#[$meta:meta])*
        pub trait $name:ident as $erased:ident {
            $(
                $(#[$mmeta:meta])*
                fn $method:ident(&self, ctx: &Context $(, $arg:ident: $argty:ty)* $(,)?) -> $out:ty;
            )*
        }
    ) => {
        $(#[$meta])*
        pub trait $name: Send + Sync + 'static {
            $(
                $(#[$mmeta])*
                fn $method(
                    &self,
                    ctx: &$crate::modules::Context
                    $(, $arg: $argty)*
                ) -> impl ::std::future::Future<Output = $crate::modules::ModuleResult<$out>> + Send;
            )*
        }

        /// The object-safe form of the trait of the same name, for the server.
        pub(crate) trait $erased: Send + Sync {
            $(
                fn $method<'a>(
                    &'a self,
                    ctx: &'a $crate::modules::Context
                    $(, $arg: $argty)*
                ) -> $crate::modules::BoxFuture<'a, $crate::modules::ModuleResult<$out>>;
            )*
        }

        impl<X: $name> $erased for X {
            $(
                fn $method<'a>(
                    &'a self,
                    ctx: &'a $crate::modules::Context
                    $(, $arg: $argty)*
                ) -> $crate::modules::BoxFuture<'a, $crate::modules::ModuleResult<$out>> {
                    Box::pin(<X as $name>::$method(self, ctx $(, $arg)*))
                }
            )*
        }
    };
}
pub(crate) use interface;

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn list_query_filters_and_pages() {
        let all = [
            dt("2024-01-01T00:00:00Z"),
            dt("2024-01-02T00:00:00Z"),
            dt("2024-01-03T00:00:00Z"),
            dt("2024-01-04T00:00:00Z"),
        ];
        let query = ListQuery {
            date_from: Some(dt("2024-01-02T00:00:00Z")),
            date_to: Some(dt("2024-01-04T00:00:00Z")),
            offset: 1,
            limit: 5,
        };
        let page = ListPage::from_all(&all, &query, |d| d);
        assert_eq!(page.total, 2);
        assert_eq!(page.items, vec![dt("2024-01-03T00:00:00Z")]);
    }

    #[test]
    fn the_date_window_includes_date_from_and_excludes_date_to() {
        let query = ListQuery {
            date_from: Some(dt("2024-01-02T00:00:00Z")),
            date_to: Some(dt("2024-01-04T00:00:00Z")),
            offset: 0,
            limit: 5,
        };
        // 2.2.1 transport_and_format.asciidoc §Paginated Request: "The `date_from` is
        // inclusive and `date_to` exclusive".
        assert!(!query.includes(&dt("2024-01-01T23:59:59Z")));
        assert!(query.includes(&dt("2024-01-02T00:00:00Z")));
        assert!(query.includes(&dt("2024-01-03T23:59:59Z")));
        assert!(!query.includes(&dt("2024-01-04T00:00:00Z")));
        let open = ListQuery {
            date_from: None,
            date_to: None,
            ..query
        };
        assert!(open.includes(&dt("1970-01-01T00:00:00Z")));
        assert!(open.includes(&dt("2999-12-31T23:59:59Z")));
    }

    #[test]
    fn module_errors_map_to_the_spec_statuses() {
        let e: HttpError = ModuleError::not_found("location LOC1").into();
        assert_eq!(e.http_status(), http::StatusCode::NOT_FOUND);
        let e: HttpError = ModuleError::status(StatusCode::UNKNOWN_TOKEN, "x").into();
        assert_eq!(
            (e.http_status(), e.ocpi_status()),
            (http::StatusCode::OK, StatusCode::UNKNOWN_TOKEN)
        );
        let e: HttpError = ModuleError::internal(std::fmt::Error).into();
        assert_eq!(e.ocpi_status(), StatusCode::SERVER_ERROR);
    }
}
