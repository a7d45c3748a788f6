//! Who calls a functional module: the registered peer behind the token, and the parties the
//! routing headers name, checked against its registration both ways.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers

use http::HeaderMap;

use crate::credentials::{Caller, CredentialsStore};
use crate::modules::{Context, Module};
use crate::transport::{HttpError, Routing, RoutingError, Transport};
use crate::v2_2_1::versions::ModuleId;
use crate::versions::OcpiVersion;

use super::Server;

impl<S: CredentialsStore, T: Transport> Server<S, T> {
    /// The context of a request to a functional module from a registered peer, with the
    /// routing headers checked.
    pub(super) async fn context(
        &self,
        headers: &HeaderMap,
        caller: &Caller,
        version: OcpiVersion,
        module: Module,
    ) -> Result<Context, HttpError> {
        let Caller::Registered { peer } = caller else {
            return Err(HttpError::unauthorized(
                "the functional modules need a registered peer's token",
            ));
        };
        let registration = self
            .platform
            .store()
            .peer(peer)
            .await
            .map_err(HttpError::server_error)?
            .ok_or_else(|| HttpError::unauthorized("the peer is not registered"))?;
        let module_id = ModuleId::from_wire(module.id()).map_err(HttpError::server_error)?;
        let routing = Routing::for_module(headers, Some(&module_id))?;
        let parties = registration.credentials.parties();
        let caller_is_hub = registration.credentials.is_hub();
        let from = match routing.from {
            Some(from) if caller_is_hub || parties.contains(&from) => Some(from),
            Some(from) => return Err(RoutingError::ForeignSender(from).into()),
            // A 2.3.0 Hub's roles are the parties reachable through it, not the Hub itself.
            None if caller_is_hub => registration.credentials.hub_party(),
            None if parties.len() == 1 => parties.first().copied(),
            None => None,
        };
        if let Some(to) = routing.to {
            if self.config.hub_party_id.is_none() && !self.parties.contains(&to) {
                return Err(RoutingError::UnknownReceiver(to).into());
            }
        }
        Ok(Context {
            peer: peer.clone(),
            version,
            parties,
            from,
            hub: caller_is_hub,
            hub_party: registration.credentials.hub_party(),
            routing,
            request_id: header_text(headers, &crate::transport::X_REQUEST_ID),
            correlation_id: header_text(headers, &crate::transport::X_CORRELATION_ID),
            interop: registration.terms.interop,
        })
    }

    /// The routing headers of the answer to a functional module's request: those of the
    /// request swapped (`OCPI-to-*` = the requesting party, `OCPI-from-*` = the party
    /// addressed, or this platform's only party). A request that carried no routing headers
    /// (a peer-to-peer connection between two platforms of one party each) gets none.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers ("these four headers
    /// SHALL be implemented for any request/response to/from a Functional Module"), §Party to
    /// Party (without Hub) and §Party to Party via Hub ("Direct response: Receiving platform
    /// to Hub | TO: Requesting-party | FROM: Receiving-party")
    pub(super) fn answer_routing(&self, ctx: &Context) -> Routing {
        let request = ctx.routing;
        if request.to.is_none() && request.from.is_none() {
            return Routing::default();
        }
        let only = match self.parties.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        Routing {
            to: request.from.or(ctx.from),
            from: request.to.or(only),
        }
    }
}

/// The text of a header, when it is text.
fn header_text(headers: &HeaderMap, name: &http::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
