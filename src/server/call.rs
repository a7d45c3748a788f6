//! A request to a module interface as its route sees it ([`Call`]): its parameters, body and
//! caller, and the checks of the URL against the body.

use http::Method;

use crate::modules::{Bridge, Context, Edge, ListQuery, Wire};
use crate::transport::{BodyLimits, HttpError, PageRequest, PartyRef};
use crate::types::{CiString, CountryCode, PartyId};

use super::routing::percent_decode;

/// A request to a module interface, as its route sees it.
pub(crate) struct Call<'a> {
    /// The method.
    pub method: &'a Method,
    /// The path segments after the module's.
    pub rest: Vec<&'a str>,
    /// The query string.
    pub query: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
    /// Who calls.
    pub ctx: &'a Context,
    /// The application's edge defaults.
    pub bridge: &'a Bridge,
    /// The body limits.
    pub limits: &'a BodyLimits,
    /// The largest page.
    pub max_limit: u64,
    /// The absolute request URL.
    pub url: url::Url,
}

impl Call<'_> {
    /// The edge of this request's version, for objects owned by `party` (by default the
    /// party the request is from).
    pub fn edge(&self, party: Option<PartyRef>) -> Edge<'_> {
        Edge {
            version: self.ctx.version,
            party: party.or(self.ctx.from),
            bridge: self.bridge,
        }
    }

    /// The body, read as `W` in the request's version (limits checked first).
    pub fn body<W: Wire>(&self, party: Option<PartyRef>) -> Result<W, HttpError> {
        self.limits.check(self.body)?;
        let (edge, ctx) = (self.edge(party), self.ctx);
        let shape = crate::interop::Shape::Object;
        Ok(crate::interop::read(
            self.body,
            &edge,
            ctx.interop,
            &ctx.peer,
            shape,
        )?)
    }

    /// A path segment as an id of at most `N` characters (2001 otherwise).
    pub fn id<const N: usize>(&self, segment: &str, name: &str) -> Result<CiString<N>, HttpError> {
        let text = percent_decode(segment);
        CiString::new(&text)
            .map_err(|e| HttpError::invalid_parameters(format!("{name} in the URL: {e}")))
    }

    /// The path segments after the module's, when there are exactly `N` (404 otherwise).
    pub fn segments<const N: usize>(&self) -> Result<[&str; N], HttpError> {
        <[&str; N]>::try_from(self.rest.as_slice()).map_err(|_| self.no_such_path())
    }

    /// The party and the id of the URL of a party's object,
    /// `{country_code}/{party_id}/{id}` (404 for another path or a party not the caller's, see
    /// [`party`](Self::party); 2001 for an id longer than `N`, named `name`).
    pub fn party_object<const N: usize>(
        &self,
        name: &str,
    ) -> Result<(PartyRef, CiString<N>), HttpError> {
        let [country_code, party_id, id] = self.segments()?;
        Ok((self.party(country_code, party_id)?, self.id(id, name)?))
    }

    /// The party of a Receiver URL: it must be a party of the caller (the OCPI-from party of
    /// a Hub's request counts), else 404.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Client Owned Object Push (the server "is
    /// allowed to respond with an HTTP 404 status code, this way blocking client access to
    /// objects that do not belong to them")
    pub fn party(&self, country_code: &str, party_id: &str) -> Result<PartyRef, HttpError> {
        let party = self.party_segments(country_code, party_id)?;
        if self.is_callers(&party) {
            Ok(party)
        } else {
            Err(HttpError::not_found(format!(
                "{party} is not a party of the caller"
            )))
        }
    }

    /// The `{country_code}/{party_id}` segments of a URL as a party (2001 when malformed),
    /// without checking whose it is.
    pub fn party_segments(
        &self,
        country_code: &str,
        party_id: &str,
    ) -> Result<PartyRef, HttpError> {
        let invalid = |e: String| HttpError::invalid_parameters(format!("party in the URL: {e}"));
        Ok(PartyRef::new(
            CountryCode::new(country_code).map_err(|e| invalid(e.to_string()))?,
            PartyId::new(party_id).map_err(|e| invalid(e.to_string()))?,
        ))
    }

    /// Whether `party` is a party of the caller (the OCPI-from party of a request counts).
    /// Through a Roaming Hub (being one needs the Hub role in its grant), a request the Hub
    /// relays acts for the party its `OCPI-from-*` headers name only, and one the Hub sends
    /// as itself (`OCPI-from-*` naming the Hub, or absent) for every party connected to it: a
    /// Broadcast Push keeps the original sender's party in the URL while `OCPI-from-*` names
    /// the Hub.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Broadcast Push ("For Client Owned Objects,
    /// the party-id and country-code in the URL segments will still be the original party-id
    /// and country-code from the original client sending the Broadcast Push to the Hub"),
    /// §Party to Party via Hub (a direct request: FROM the requesting party)
    pub fn is_callers(&self, party: &PartyRef) -> bool {
        let ctx = self.ctx;
        if ctx.hub {
            return ctx.from == Some(*party) || ctx.from.is_none() || ctx.from == ctx.hub_party;
        }
        ctx.parties.contains(party) || ctx.from == Some(*party)
    }

    /// The value of a query parameter (`+` and `%XX` decoded), the first if repeated.
    pub fn query_param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.unwrap_or_default().as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// Checks a request to a Sender interface whose only endpoint is the list: a sub-path is
    /// 404, another method than GET is 405.
    pub fn list_endpoint_only(&self) -> Result<(), HttpError> {
        if !self.rest.is_empty() {
            return Err(self.no_such_path());
        }
        if self.method != Method::GET {
            return Err(self.method_not_allowed());
        }
        Ok(())
    }

    /// The paging parameters of a list GET.
    pub fn list_query(&self) -> Result<ListQuery, HttpError> {
        let request = PageRequest::from_query(self.query, self.max_limit)?;
        Ok(ListQuery::new(&request, self.max_limit))
    }

    /// 405 for a method this endpoint does not answer.
    pub fn method_not_allowed(&self) -> HttpError {
        HttpError::method_not_allowed(format!("{} is not allowed here", self.method))
    }

    /// 404 for a path this interface does not have.
    pub fn no_such_path(&self) -> HttpError {
        HttpError::not_found(format!("no such endpoint: {}", self.url.path()))
    }
}

/// Checks that an id of a body matches the URL (2001 otherwise).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Client Owned Object Push ("the server SHALL
/// check that the id in the object and the URL are the same")
pub(crate) fn same_id<S: AsRef<str> + ?Sized>(
    field: &str,
    in_body: Option<&S>,
    in_url: &str,
) -> Result<(), HttpError> {
    match in_body.map(|b| b.as_ref()) {
        Some(b) if !b.eq_ignore_ascii_case(in_url) => Err(HttpError::invalid_parameters(format!(
            "{field} {b:?} of the body does not match {in_url:?} of the URL"
        ))),
        _ => Ok(()),
    }
}

/// Checks that the party of a body matches the URL (2001 otherwise).
pub(crate) fn same_party(
    country_code: Option<&CountryCode>,
    party_id: Option<&PartyId>,
    url: &PartyRef,
) -> Result<(), HttpError> {
    same_id(
        "country_code",
        country_code.map(|c| c.as_str()),
        url.country_code.as_str(),
    )?;
    same_id(
        "party_id",
        party_id.map(|p| p.as_str()),
        url.party_id.as_str(),
    )
}

/// Checks that a PATCH body carries `last_updated` (2001 otherwise).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §PATCH ("Any request to the PATCH method SHALL
/// contain the `last_updated` field")
pub(crate) fn patch_has_last_updated<D>(last_updated: &Option<D>) -> Result<(), HttpError> {
    match last_updated {
        Some(_) => Ok(()),
        None => Err(HttpError::invalid_parameters(
            "a PATCH request must contain last_updated",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::PeerId;
    use crate::versions::OcpiVersion;

    fn party(code: &str, id: &str) -> PartyRef {
        PartyRef::new(CountryCode::new(code).unwrap(), PartyId::new(id).unwrap())
    }

    fn context(parties: Vec<PartyRef>, from: Option<PartyRef>, hub: bool) -> Context {
        let hub_party = parties.first().copied().filter(|_| hub);
        Context {
            peer: PeerId::new("peer"),
            version: OcpiVersion::V2_2_1,
            parties,
            from,
            hub,
            hub_party,
            routing: Default::default(),
            request_id: None,
            correlation_id: None,
            interop: crate::interop::Interop::strict(),
        }
    }

    fn with_call<R>(ctx: &Context, f: impl FnOnce(&Call<'_>) -> R) -> R {
        let (bridge, limits) = (Bridge::default(), BodyLimits::default());
        let call = Call {
            method: &Method::PUT,
            rest: Vec::new(),
            query: None,
            body: b"",
            ctx,
            bridge: &bridge,
            limits: &limits,
            max_limit: 10,
            url: url::Url::parse("https://example.com/ocpi/2.2.1/receiver/tokens").unwrap(),
        };
        f(&call)
    }

    #[test]
    fn a_party_of_the_caller_is_one_of_its_parties_or_the_from_party() {
        let (own, other, from) = (party("NL", "AAA"), party("DE", "BBB"), party("BE", "CCC"));
        let ctx = context(vec![own], None, false);
        with_call(&ctx, |call| {
            assert!(call.is_callers(&own));
            assert!(!call.is_callers(&other));
            assert!(call.party("NL", "AAA").is_ok());
            let err = call.party("DE", "BBB").unwrap_err();
            assert_eq!(err.to_response().status(), http::StatusCode::NOT_FOUND);
        });
        let ctx = context(vec![own], Some(from), false);
        with_call(&ctx, |call| {
            assert!(call.is_callers(&own));
            assert!(call.is_callers(&from));
            assert!(!call.is_callers(&other));
        });
        let ctx = context(Vec::new(), None, false);
        with_call(&ctx, |call| assert!(!call.is_callers(&own)));
    }

    #[test]
    fn a_hub_acts_for_every_party() {
        let (hub, other) = (party("NL", "HUB"), party("DE", "BBB"));
        let ctx = context(vec![hub], Some(hub), true);
        with_call(&ctx, |call| {
            assert!(call.is_callers(&hub));
            assert!(call.is_callers(&other));
        });
        let ctx = context(Vec::new(), None, true);
        with_call(&ctx, |call| assert!(call.is_callers(&other)));
    }

    #[test]
    fn a_request_a_hub_relays_acts_for_its_sender_only() {
        let (hub, sender, other) = (party("NL", "HUB"), party("BE", "CCC"), party("DE", "BBB"));
        let ctx = context(vec![hub], Some(sender), true);
        with_call(&ctx, |call| {
            assert!(call.is_callers(&sender));
            assert!(!call.is_callers(&other));
            assert!(!call.is_callers(&hub));
            let err = call.party("DE", "BBB").unwrap_err();
            assert_eq!(err.to_response().status(), http::StatusCode::NOT_FOUND);
        });
    }
}
