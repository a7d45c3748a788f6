//! Open Routing Requests: requests without `OCPI-to-*` headers, which the Hub routes by what
//! they say of the parties concerned.

use http::Method;
use serde_json::value::RawValue;

use super::{is_shared, Hub, RouteError, Sender, Target};
use crate::credentials::CredentialsStore;
use crate::modules::{Interface, Module};
use crate::transport::{HttpError, PartyRef, Transport};
use crate::types::{CountryCode, PartyId};
use crate::versions::OcpiVersion;

use super::Directory;

/// An Open Routing Request, as the [`OpenRoutingPolicy`](super::OpenRoutingPolicy) sees it:
/// the request, and the parties the Hub found named in it.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Open Routing Request ("When a Hub has the
/// intelligence to route messages based on the content of the request")
#[derive(Debug, Clone, Copy)]
pub struct OpenRequest<'a> {
    /// The party that sent it (its `OCPI-from-*` headers, or the caller's only party).
    pub from: PartyRef,
    /// Every party of the calling platform.
    pub senders: &'a [PartyRef],
    /// The method.
    pub method: &'a Method,
    /// The version of the request.
    pub version: OcpiVersion,
    /// The module.
    pub module: Module,
    /// The interface called at the Hub (the one that would be called at the receiver).
    pub iface: Interface,
    /// The path after the module's segment, with its leading `/` (or empty).
    pub path: &'a str,
    /// The query string, if any.
    pub query: Option<&'a str>,
    /// The body as it came.
    pub body: &'a [u8],
    /// The owner of the object: for a Receiver interface, the party in the URL
    /// (`/{country_code}/{party_id}/…`), or failing that the `country_code` and `party_id`
    /// of the body; `None` for a Sender interface (whose URLs and bodies do not name it).
    pub owner: Option<PartyRef>,
    /// The party of the Token a body names: the `country_code` and `party_id` of its
    /// `cdr_token` (Sessions, CDRs) or `token` (Commands), the eMSP a CPO's Session or CDR is
    /// meant for.
    pub token_owner: Option<PartyRef>,
}

impl OpenRequest<'_> {
    /// Whether `party` is the sender or another party of its platform.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Platforms ("Platforms that host multiple
    /// roles")
    pub fn is_senders(&self, party: &PartyRef) -> bool {
        *party == self.from || self.senders.contains(party)
    }

    /// Whether the request pushes a module's object (POST, PUT or PATCH).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push ("push (POST, PUT, PATCH)")
    pub fn is_push(&self) -> bool {
        matches!(*self.method, Method::POST | Method::PUT | Method::PATCH)
    }
}

/// Where an Open Routing Request goes.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Open Routing Request ("The Hub can then decide
/// to which party a request needs to be routed, or that it needs to be broadcasted if the
/// destination cannot be determined")
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenRoute {
    /// To this party, as a direct request would go.
    To(PartyRef),
    /// To every connected party the [broadcast policy](super::HubOptions::broadcast) selects,
    /// as a Broadcast Push: only a POST, PUT or PATCH of Locations, Tariffs or Tokens is sent
    /// so (the Hub refuses any other with 2001, whatever the policy says).
    Broadcast,
    /// Not routed: answered 4001 with this reason.
    Unknown(String),
}

/// The default Open Routing policy:
///
/// 1. The Token's owner ([`OpenRequest::token_owner`]: the eMSP of a CPO's Session or CDR),
///    when it is not the sender's. The Hub forwards to the platform that serves it in a role
///    offering the interface called (the counterpart role); 4001 when the directory does not
///    list it. The object's owner ([`OpenRequest::owner`]) is the sender itself: a Receiver
///    URL naming another party is refused before any policy is asked (HTTP 404), so it is no
///    destination.
/// 2. Otherwise, a push (POST, PUT, PATCH) of Locations, Tariffs or Tokens by their owner is
///    broadcast: "it needs to be broadcasted if the destination cannot be determined".
/// 3. Otherwise it is not routed (4001): a GET is never broadcast ("GET SHALL NOT be used in
///    combination with Broadcast Push"), nor a Session, a CDR, a Command or a Charging
///    Profile, which are meant for one party; a GET on a Sender interface names no owner the
///    Hub could know (an application that knows, say, which eMSP owns which Token, routes
///    those in its own policy).
///
/// Requests to the configuration modules (Credentials, Versions, Hub Client Info) are never
/// routed: the Hub's server answers them.
///
/// ```
/// use http::Method;
/// use ocpi_protocol::hub::{default_open_routing, OpenRequest, OpenRoute};
/// use ocpi_protocol::modules::{Interface, Module};
/// use ocpi_protocol::transport::PartyRef;
/// use ocpi_protocol::versions::OcpiVersion;
///
/// let party = |cc: &str, id: &str| PartyRef::new(cc.parse().unwrap(), id.parse().unwrap());
/// let cpo = party("BE", "BEC");
/// // A CPO's Session, meant for the eMSP of its Token.
/// let session = OpenRequest {
///     from: cpo,
///     senders: &[cpo],
///     method: &Method::PUT,
///     version: OcpiVersion::V2_2_1,
///     module: Module::Sessions,
///     iface: Interface::Receiver,
///     path: "/BE/BEC/101",
///     query: None,
///     body: b"{}",
///     owner: Some(cpo),
///     token_owner: Some(party("NL", "TNM")),
/// };
/// assert_eq!(default_open_routing(&session), OpenRoute::To(party("NL", "TNM")));
/// // Without it, a Session is never broadcast.
/// let unknown = OpenRequest { token_owner: None, ..session };
/// assert!(matches!(default_open_routing(&unknown), OpenRoute::Unknown(_)));
/// // A Location pushed by its owner is.
/// let location = OpenRequest { module: Module::Locations, path: "/BE/BEC/LOC1", ..unknown };
/// assert_eq!(default_open_routing(&location), OpenRoute::Broadcast);
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Open Routing Request, §Broadcast Push
/// ("Broadcast Push SHALL only be used with information that is meant to be sent to all
/// other parties"), §Message Routing Headers (configuration modules are not routed)
pub fn default_open_routing(request: &OpenRequest<'_>) -> OpenRoute {
    if let Some(to) = request.token_owner.filter(|p| !request.is_senders(p)) {
        return OpenRoute::To(to);
    }
    let by_owner = request.owner.is_some_and(|o| request.is_senders(&o));
    if request.iface == Interface::Receiver
        && request.is_push()
        && is_shared(request.module)
        && by_owner
    {
        return OpenRoute::Broadcast;
    }
    OpenRoute::Unknown(match (*request.method == Method::GET, request.iface) {
        (true, Interface::Sender) => {
            "an open GET on a Sender interface names no owner this Hub can route it to".into()
        }
        _ if !is_shared(request.module) => format!(
            "the request names no other party, and {} objects are meant for one party: name the receiver in the OCPI-to headers",
            request.module
        ),
        _ => "the request names no other party and is not a push by its owner that could be broadcast".into(),
    })
}

/// The members of a JSON object, their values left unread; `None` when it is not one.
fn members(json: &[u8]) -> Option<std::collections::HashMap<String, &RawValue>> {
    serde_json::from_slice(json).ok()
}

/// The party named by an object's `country_code` and `party_id` members.
fn party_of(object: &std::collections::HashMap<String, &RawValue>) -> Option<PartyRef> {
    let text = |name: &str| serde_json::from_str::<String>(object.get(name)?.get()).ok();
    let cc = CountryCode::new(&text("country_code")?).ok()?;
    let pid = PartyId::new(&text("party_id")?).ok()?;
    Some(PartyRef::new(cc, pid))
}

/// The parties named in a body: its own `country_code` and `party_id`, and those of its
/// `cdr_token` or `token`. A body that is not a JSON object names none. Only the members
/// looked at are read.
fn body_parties(body: &[u8]) -> (Option<PartyRef>, Option<PartyRef>) {
    let Some(object) = members(body) else {
        return (None, None);
    };
    let token = ["cdr_token", "token"].iter().find_map(|name| {
        let inner = members(object.get(*name)?.get().as_bytes())?;
        party_of(&inner)
    });
    (party_of(&object), token)
}

impl<S, T, D> Hub<S, T, D>
where
    S: CredentialsStore,
    T: Transport,
    D: Directory,
{
    /// Answers an Open Routing Request: asks the [policy](super::HubOptions::open_routing)
    /// where it goes, then routes it as a direct request or a Broadcast Push.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Open Routing Request, §Party to Party Open
    /// Routing Request (the Hub forwards it with the receiving party in the `OCPI-to-*`
    /// headers and the requesting party in the `OCPI-from-*` headers)
    pub(super) async fn open(
        &self,
        request: http::Request<Vec<u8>>,
        target: &Target,
        sender: &Sender,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let senders = sender.peer.credentials.parties();
        let (body_owner, token_owner) = body_parties(request.body());
        let owner = match target.iface {
            Interface::Receiver => super::owner::url_party(&target.rest).or(body_owner),
            Interface::Sender => None,
        };
        let open = OpenRequest {
            from: sender.from,
            senders: &senders,
            method: request.method(),
            version: target.version,
            module: target.module,
            iface: target.iface,
            path: &target.rest,
            query: request.uri().query(),
            body: request.body(),
            owner,
            token_owner,
        };
        match (self.options.open_routing)(&open) {
            OpenRoute::To(to) => {
                self.check_receiver(sender, &to)?;
                self.direct(request, target, sender, to).await
            }
            OpenRoute::Broadcast => self.broadcast(request, target, sender).await,
            OpenRoute::Unknown(reason) => Err(RouteError::OpenRouting(reason).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_of_a_body() {
        let p = |cc: &str, id: &str| PartyRef::new(cc.parse().unwrap(), id.parse().unwrap());
        let (owner, token) = body_parties(
            br#"{"country_code":"BE","party_id":"BEC","cdr_token":{"country_code":"NL","party_id":"TNM"}}"#,
        );
        assert_eq!((owner, token), (Some(p("BE", "BEC")), Some(p("NL", "TNM"))));
        assert_eq!(body_parties(b"not json"), (None, None));
        assert_eq!(
            body_parties(br#"{"country_code":"BEL","party_id":"X"}"#),
            (None, None)
        );
    }
}
