//! Converting what the Hub forwards between the versions of the two parties: Locations (with
//! their EVSEs and Connectors, and their PATCHes), Tokens (and their PATCH), Tariffs,
//! Sessions (and their PATCH), CDRs, the Commands, the real-time authorization, in request
//! bodies and answers; and the `response_url` of a Command or a Charging Profile request,
//! which the Hub points at itself so that the result comes back through it.
//!
//! Objects identical in 2.2.1 and 2.3.0 (CommandResponse, CommandResult, StopSession,
//! UnlockConnector, CancelReservation, LocationReferences, ChargingPreferences and its
//! response, every object of Charging Profiles) are forwarded as they are, except for a
//! `response_url` to point back through the Hub.

use http::Method;
use serde_json::value::RawValue;

use crate::modules::{Edge, Interface, Module, Wire, WireError};
use crate::transport::{parse_response, HttpError, PartyRef, Response};
use crate::types::Url;
use crate::v2_3_0::cdrs::Cdr;
use crate::v2_3_0::charging_profiles::SetChargingProfile;
use crate::v2_3_0::commands::{
    CancelReservation, ReserveNow, StartSession, StopSession, UnlockConnector,
};
use crate::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};
use crate::v2_3_0::sessions::{Session, SessionPatch};
use crate::v2_3_0::tariffs::Tariff;
use crate::v2_3_0::tokens::{AuthorizationInfo, Token, TokenPatch};

/// Declares [`Kind`], the objects the Hub converts (each named after its 2.3.0 type), and
/// what the list gives: which objects carry a `response_url` the result of the request is
/// POSTed to (the Hub rewrites it), and the conversion of each.
macro_rules! kinds {
    ([$($plain:ident),* $(,)?], with_response_url: [$($url:ident),* $(,)?]) => {
        /// An object the Hub converts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Kind {
            $($plain,)*
            $($url,)*
        }

        impl Kind {
            /// Whether the object carries a `response_url` the result of the request is POSTed
            /// to.
            pub(crate) fn has_response_url(self) -> bool {
                matches!(self, $(Kind::$url)|*)
            }

            /// Converts one object of this kind, its `response_url` rewritten by `rewrite`.
            fn convert(
                self,
                bytes: &[u8],
                from: &Edge<'_>,
                to: &Edge<'_>,
                rewrite: Option<Rewrite<'_>>,
            ) -> Result<Vec<u8>, Failure> {
                match self {
                    $(Kind::$plain => go::<$plain>(bytes, from, to),)*
                    $(Kind::$url => go_url::<$url>(bytes, from, to, rewrite),)*
                }
            }
        }

        $(
            impl ResponseUrl for $url {
                fn url(&mut self) -> &mut Url {
                    &mut self.response_url
                }
            }
        )*
    };
}

kinds!(
    [
        Location,
        Evse,
        Connector,
        LocationPatch,
        EvsePatch,
        ConnectorPatch,
        Token,
        TokenPatch,
        Tariff,
        Session,
        SessionPatch,
        Cdr,
        AuthorizationInfo,
    ],
    with_response_url: [
        StartSession,
        StopSession,
        ReserveNow,
        CancelReservation,
        UnlockConnector,
        SetChargingProfile,
    ]
);

impl Kind {
    /// The Command object of a `POST {commands_endpoint}/{command}`.
    fn command(segment: &str) -> Option<Kind> {
        Some(match segment {
            "START_SESSION" => Kind::StartSession,
            "STOP_SESSION" => Kind::StopSession,
            "RESERVE_NOW" => Kind::ReserveNow,
            "CANCEL_RESERVATION" => Kind::CancelReservation,
            "UNLOCK_CONNECTOR" => Kind::UnlockConnector,
            _ => return None,
        })
    }
}

/// What to convert of one request and its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The object of the request body.
    pub request: Option<Kind>,
    /// The object of the answer's `data`.
    pub response: Option<Kind>,
    /// Whether the answer's `data` is a list of them.
    pub list: bool,
    /// Whether the query carries a `response_url` (Charging Profiles GET and DELETE).
    pub query_url: bool,
}

const NOTHING: Plan = Plan {
    request: None,
    response: None,
    list: false,
    query_url: false,
};

/// The conversion of a request to `module`'s `iface` with `method` and the path after the
/// module (`rest`), when the Hub converts it; `None` when it does not.
///
/// Spec: 2.2.1 mod_locations.asciidoc, mod_tokens.asciidoc, mod_tariffs.asciidoc,
/// mod_sessions.asciidoc, mod_cdrs.asciidoc, mod_commands.asciidoc,
/// mod_charging_profiles.asciidoc §Interfaces and Endpoints (the objects of each method and
/// path); the same of 2.3.0
pub(crate) fn plan(module: Module, iface: Interface, method: &Method, rest: &str) -> Option<Plan> {
    use Interface::{Receiver as R, Sender as S};
    let n = rest.split('/').filter(|s| !s.is_empty()).count();
    let get = |kind| Plan {
        response: Some(kind),
        ..NOTHING
    };
    let push = |kind| Plan {
        request: Some(kind),
        ..NOTHING
    };
    let list = |kind| Plan {
        response: Some(kind),
        list: true,
        ..NOTHING
    };
    let by_depth = |n: usize, kinds: [Kind; 3]| kinds.get(n.checked_sub(1)?).copied();
    let locations = [Kind::Location, Kind::Evse, Kind::Connector];
    let patches = [Kind::LocationPatch, Kind::EvsePatch, Kind::ConnectorPatch];
    Some(match (module, iface, method.as_str(), n) {
        (Module::Locations, S, "GET", 0) => list(Kind::Location),
        (Module::Locations, S, "GET", n) => get(by_depth(n, locations)?),
        (Module::Locations, R, "GET", n) => get(by_depth(n.checked_sub(2)?, locations)?),
        (Module::Locations, R, "PUT", n) => push(by_depth(n.checked_sub(2)?, locations)?),
        (Module::Locations, R, "PATCH", n) => push(by_depth(n.checked_sub(2)?, patches)?),
        (Module::Tokens, S, "GET", 0) => list(Kind::Token),
        (Module::Tokens, R, "GET", 3) => get(Kind::Token),
        (Module::Tokens, R, "PUT", 3) => push(Kind::Token),
        (Module::Tokens, R, "PATCH", 3) => push(Kind::TokenPatch),
        (Module::Tariffs, S, "GET", 0) => list(Kind::Tariff),
        (Module::Tariffs, R, "GET", 3) => get(Kind::Tariff),
        (Module::Tariffs, R, "PUT", 3) => push(Kind::Tariff),
        (Module::Tariffs, R, "DELETE", 3) => NOTHING,
        (Module::Tokens, S, "POST", 2) if rest.ends_with("/authorize") => {
            get(Kind::AuthorizationInfo)
        }
        (Module::Sessions, S, "GET", 0) => list(Kind::Session),
        (Module::Sessions, S, "PUT", 2) if rest.ends_with("/charging_preferences") => NOTHING,
        (Module::Sessions, R, "GET", 3) => get(Kind::Session),
        (Module::Sessions, R, "PUT", 3) => push(Kind::Session),
        (Module::Sessions, R, "PATCH", 3) => push(Kind::SessionPatch),
        (Module::Cdrs, S, "GET", 0) => list(Kind::Cdr),
        (Module::Cdrs, R, "POST", 0) => push(Kind::Cdr),
        (Module::Cdrs, R, "GET", n) if n > 0 => get(Kind::Cdr),
        (Module::Commands, R, "POST", 1) => push(Kind::command(rest.trim_start_matches('/'))?),
        (Module::Commands, S, "POST", n) if n > 0 => NOTHING,
        (Module::ChargingProfiles, R, "GET" | "DELETE", 1) => Plan {
            query_url: true,
            ..NOTHING
        },
        (Module::ChargingProfiles, R, "PUT", 1) => push(Kind::SetChargingProfile),
        (Module::ChargingProfiles, S, "POST", n) if n > 0 => NOTHING,
        (Module::ChargingProfiles, S, "PUT", 1) => NOTHING,
        _ => return None,
    })
}

/// How the Hub rewrites a `response_url`: the URL given, to the one forwarded, or why not.
pub(crate) type Rewrite<'a> = &'a dyn Fn(&str) -> Result<String, String>;

fn go<W: Wire>(bytes: &[u8], from: &Edge<'_>, to: &Edge<'_>) -> Result<Vec<u8>, Failure> {
    let value = W::read(bytes, from).map_err(Failure::Read)?;
    value.write(to).map_err(Failure::Write)
}

/// An object with a `response_url`.
trait ResponseUrl: Wire {
    fn url(&mut self) -> &mut Url;
}

/// [`go`], with the `response_url` rewritten.
fn go_url<W: ResponseUrl>(
    bytes: &[u8],
    from: &Edge<'_>,
    to: &Edge<'_>,
    rewrite: Option<Rewrite<'_>>,
) -> Result<Vec<u8>, Failure> {
    let mut value = W::read(bytes, from).map_err(Failure::Read)?;
    if let Some(rewrite) = rewrite {
        let url = value.url();
        let through = rewrite(url.as_str()).map_err(Failure::ResponseUrl)?;
        *url = Url::new(&through).map_err(|e| Failure::ResponseUrl(e.to_string()))?;
    }
    value.write(to).map_err(Failure::Write)
}

/// Why an object was not converted.
#[derive(Debug)]
pub(crate) enum Failure {
    /// It is not a valid object of the version it came in.
    Read(WireError),
    /// It cannot be written in the other version.
    Write(WireError),
    /// Its `response_url` cannot be routed back through the Hub.
    ResponseUrl(String),
}

impl Failure {
    /// The answer to the sender of a request body that was not converted: its body's fault
    /// (400 or 2001) when it could not be read.
    pub(crate) fn into_http(self, party: &PartyRef) -> HttpError {
        match self {
            Failure::Read(e) => e.into(),
            Failure::Write(e) => super::RouteError::Conversion {
                party: *party,
                reason: e.to_string(),
            }
            .into(),
            Failure::ResponseUrl(reason) => super::RouteError::ResponseUrl(reason).into(),
        }
    }

    /// Why, as text.
    pub(crate) fn reason(&self) -> String {
        match self {
            Failure::Read(e) | Failure::Write(e) => e.to_string(),
            Failure::ResponseUrl(reason) => reason.clone(),
        }
    }
}

/// Converts one object from the version of `from` to the version of `to`.
pub(crate) fn object(
    kind: Kind,
    bytes: &[u8],
    from: &Edge<'_>,
    to: &Edge<'_>,
) -> Result<Vec<u8>, Failure> {
    object_with(kind, bytes, from, to, None)
}

/// [`object`], with its `response_url` (if it has one) rewritten by `rewrite`.
pub(crate) fn object_with(
    kind: Kind,
    bytes: &[u8],
    from: &Edge<'_>,
    to: &Edge<'_>,
    rewrite: Option<Rewrite<'_>>,
) -> Result<Vec<u8>, Failure> {
    kind.convert(bytes, from, to, rewrite)
}

/// Converts the `data` of an answer (an object, or a list of them) from the version of `from`
/// to the version of `to`, keeping the rest of the envelope. An answer without data, or an
/// error, is kept as it is.
pub(crate) fn answer(
    plan: &Plan,
    body: Vec<u8>,
    from: &Edge<'_>,
    to: &Edge<'_>,
) -> Result<Vec<u8>, Failure> {
    let Some(kind) = plan.response else {
        return Ok(body);
    };
    let Ok(envelope) = parse_response::<Box<RawValue>>(&body) else {
        return Ok(body);
    };
    let envelope = envelope.value;
    let Some(data) = envelope.data.as_ref().filter(|_| envelope.is_success()) else {
        return Ok(body);
    };
    let converted = if plan.list {
        let items = crate::json::parse::<Vec<Box<RawValue>>>(data.get().as_bytes())
            .map_err(|e| Failure::Read(e.into()))?
            .value;
        let mut out = Vec::with_capacity(data.get().len() + 16);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend(object(kind, item.get().as_bytes(), from, to)?);
        }
        out.push(b']');
        out
    } else {
        object(kind, data.get().as_bytes(), from, to)?
    };
    let rest = Response::<()> {
        data: None,
        status_code: envelope.status_code,
        status_message: envelope.status_message,
        timestamp: envelope.timestamp,
        unknown_fields: envelope.unknown_fields,
    };
    Ok(rest.to_vec_with_data(&converted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        let p = |m, i, method: Method, rest| plan(m, i, &method, rest);
        let request = |m, i, method, rest| p(m, i, method, rest).unwrap().request;
        let response = |m, i, method, rest| p(m, i, method, rest).unwrap().response;
        use Interface::{Receiver as R, Sender as S};
        use Module::{Commands, Locations, Sessions, Tokens};
        assert_eq!(
            request(Locations, R, Method::PUT, "/NL/CPO/L1/E1"),
            Some(Kind::Evse)
        );
        let patch = request(Locations, R, Method::PATCH, "/NL/CPO/L1");
        assert_eq!(patch, Some(Kind::LocationPatch));
        assert!(p(Locations, S, Method::GET, "").unwrap().list);
        let connector = response(Locations, S, Method::GET, "/L1/E1/C1");
        assert_eq!(connector, Some(Kind::Connector));
        assert_eq!(p(Locations, R, Method::PUT, "/NL/CPO"), None);
        assert_eq!(p(Locations, R, Method::PUT, "/NL/CPO/1/2/3/4"), None);
        let authorize = response(Tokens, S, Method::POST, "/123/authorize");
        assert_eq!(authorize, Some(Kind::AuthorizationInfo));
        assert_eq!(
            request(Sessions, R, Method::PUT, "/NL/CPO/1"),
            Some(Kind::Session)
        );
        let start = request(Commands, R, Method::POST, "/START_SESSION");
        assert_eq!(start, Some(Kind::StartSession));
        assert_eq!(p(Commands, R, Method::POST, "/FLY"), None);
        assert!(
            p(Module::ChargingProfiles, R, Method::GET, "/S1")
                .unwrap()
                .query_url
        );
        assert_eq!(p(Module::Payments, R, Method::POST, "/x"), None);
        let delete = p(Module::Tariffs, R, Method::DELETE, "/NL/CPO/T1");
        assert_eq!(delete, Some(NOTHING));
    }
}
