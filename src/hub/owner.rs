//! Keeping each party to its own objects. The parties behind the Hub accept any party in a
//! request from the Hub, which acts for all of them; so the Hub is where a party is stopped
//! from pushing or reading under another party's name: in the URL it forwards (which must
//! be the very path it checked) and in the objects it pushes.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Client Owned Object Push (the URL names the
//! owner; a server "is allowed to respond with an HTTP 404 status code, this way blocking
//! client access to objects that do not belong to them"), §Broadcast Push (a Hub forwards
//! with the original owner in the URL)

use http::Method;

use crate::modules::{Interface, Module};
use crate::server::percent_decode;
use crate::transport::{is_dot_segment, PartyRef};
use crate::types::{CountryCode, PartyId};

use super::{RouteError, Sender, Target};

/// Refuses a path after the module's segment that a receiver, its proxy or an HTTP client
/// could read as another path than the Hub checked: one with an empty segment, a `.` or `..`
/// segment (also percent-encoded: URL parsers remove `%2e%2e` as they remove `..`), or a
/// segment holding a `\` (read as `/` in `http` URLs) or an encoded `/` or `\`. The Hub
/// forwards the path as it came.
pub(super) fn check_path(rest: &str) -> Result<(), RouteError> {
    let Some(segments) = rest.strip_prefix('/') else {
        return Ok(());
    };
    for segment in segments.split('/') {
        let decoded = percent_decode(segment);
        let why = if segment.is_empty() {
            "an empty segment"
        } else if is_dot_segment(&decoded) {
            "a dot segment"
        } else if decoded.contains(['/', '\\']) {
            "a segment holding a slash or a backslash"
        } else {
            continue;
        };
        return Err(RouteError::Path(format!(
            "the path {rest:?} has {why}: a receiver could read it as another path"
        )));
    }
    Ok(())
}

/// The party of a Receiver URL (`/{country_code}/{party_id}/…` after the module, each
/// percent-decoded as the receiver decodes it): the owner of the objects, which 2.1.1
/// objects do not name. `None` when the path does not start with a party.
pub(crate) fn url_party(rest: &str) -> Option<PartyRef> {
    let mut segments = rest.strip_prefix('/')?.split('/').map(percent_decode);
    let cc = CountryCode::new(&segments.next()?).ok()?;
    let pid = PartyId::new(&segments.next()?).ok()?;
    Some(PartyRef::new(cc, pid))
}

/// Whether a module's Receiver URLs name the owner of the objects (Locations, Sessions,
/// Tariffs, Tokens: `/{country_code}/{party_id}/{id}`).
fn owner_in_url(module: Module) -> bool {
    matches!(
        module,
        Module::Locations | Module::Sessions | Module::Tariffs | Module::Tokens
    )
}

/// Whether a module's objects name their owner (`country_code`, `party_id`) and are pushed
/// by it to the Receiver interface: Locations, Sessions, CDRs, Tariffs, Tokens.
fn owner_in_body(module: Module) -> bool {
    owner_in_url(module) || module == Module::Cdrs
}

/// Refuses a request to a Receiver interface that acts under another party's name than the
/// sender's (whatever the scenario): a URL naming another owner (Locations, Sessions,
/// Tariffs, Tokens: HTTP 404, as the party's own server answers it), a URL of those modules
/// naming no party (2001), and a pushed object (POST, PUT, PATCH of those modules and of
/// CDRs, whose owner is named only in the body) whose `country_code` or `party_id` is not
/// the sender's (2001), or that names either twice (2001). A caller that is itself a Hub acts
/// for the parties behind it.
pub(super) fn check_owner(
    sender: &Sender,
    target: &Target,
    method: &Method,
    body: &[u8],
) -> Result<(), RouteError> {
    if target.iface != Interface::Receiver || sender.peer.credentials.is_hub() {
        return Ok(());
    }
    // The parties the sender may act for: the one it names, and every one of its platform.
    let mut own = sender.peer.credentials.parties();
    own.push(sender.from);
    if owner_in_url(target.module) {
        let owner = url_party(&target.rest).ok_or_else(|| {
            RouteError::Path(format!(
                "the path {:?} names no party: a {} Receiver URL starts with the owner's country code and party id",
                target.rest, target.module
            ))
        })?;
        if !own.contains(&owner) {
            return Err(RouteError::ForeignOwner(owner));
        }
    }
    let pushed = matches!(*method, Method::POST | Method::PUT | Method::PATCH);
    if !pushed || !owner_in_body(target.module) {
        return Ok(());
    }
    let owners = owners(body).map_err(|e| {
        RouteError::ForeignObject(format!(
            "the owner of the pushed object cannot be read: {e}"
        ))
    })?;
    for owner in owners {
        let cc = owner.country_code.map(|t| CountryCode::new(&t)).transpose();
        let pid = owner.party_id.map(|t| PartyId::new(&t)).transpose();
        let (Ok(cc), Ok(pid)) = (cc, pid) else {
            return Err(RouteError::ForeignObject(
                "the pushed object's country_code or party_id is not one".into(),
            ));
        };
        let matches = |p: &PartyRef| {
            cc.is_none_or(|cc| p.country_code == cc) && pid.is_none_or(|pid| p.party_id == pid)
        };
        let foreign = (cc.is_some() || pid.is_some()) && !own.iter().any(matches);
        if foreign {
            return Err(RouteError::ForeignObject(format!(
                "the pushed object is owned by {}/{}, not by a party of the sender",
                cc.as_ref().map_or("-", CountryCode::as_str),
                pid.as_ref().map_or("-", PartyId::as_str),
            )));
        }
    }
    Ok(())
}

/// The owner an object names: its `country_code` and `party_id` members, as text (the other
/// members are skipped unread; a member given twice is an error, as a receiver may read
/// either).
#[derive(Debug, Default, serde::Deserialize)]
struct Owner {
    country_code: Option<String>,
    party_id: Option<String>,
}

/// The owners a body names: a JSON object's, or each of an array's objects (a single object
/// sent as a one-element array, as some partners do).
fn owners(body: &[u8]) -> Result<Vec<Owner>, serde_json::Error> {
    if body.trim_ascii_start().starts_with(b"[") {
        serde_json::from_slice(body)
    } else {
        serde_json::from_slice(body).map(|owner| vec![owner])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_another_are_refused() {
        for rest in [
            "",
            "/NL/CPO/LOC1",
            "/NL/CPO/LOC1/EVSE%201/1",
            "/NL/CPO/a.b",
            "/NL/CPO/...",
        ] {
            assert!(check_path(rest).is_ok(), "{rest}");
        }
        for rest in [
            "/NL/CPO/../../BE/BEC/LOC1",
            "/NL/CPO/%2e%2e/%2E%2E/BE/BEC/LOC1",
            "/NL/CPO/.%2e/x",
            "/NL/CPO/./x",
            "/NL/CPO/%2e/x",
            "/NL//CPO/x",
            "/NL/CPO/x/",
            "/NL/CPO/a%2Fb",
            "/NL/CPO/a%5cb",
            "/NL/CPO/a\\..\\b",
        ] {
            assert!(
                matches!(check_path(rest), Err(RouteError::Path(_))),
                "{rest}"
            );
        }
    }

    #[test]
    fn the_party_of_a_url_is_read_as_the_receiver_decodes_it() {
        let party = PartyRef::new("BE".parse().unwrap(), "BEC".parse().unwrap());
        assert_eq!(url_party("/BE/BEC/1"), Some(party));
        assert_eq!(url_party("/B%45/BEC/1"), Some(party));
        assert_eq!(url_party("/BE/BEC"), Some(party));
        assert_eq!(url_party("/BEL/BEC/1"), None);
        assert_eq!(url_party("/BE"), None);
        assert_eq!(url_party(""), None);
    }

    #[test]
    fn the_owners_of_a_body() {
        let read = |body: &str| {
            owners(body.as_bytes()).map(|o| {
                o.into_iter()
                    .map(|o| (o.country_code, o.party_id))
                    .collect::<Vec<_>>()
            })
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            read(r#"{"id":"1","country_code":"BE","x":{"party_id":"NO"},"party_id":"BEC"}"#)
                .unwrap(),
            [(some("BE"), some("BEC"))]
        );
        assert_eq!(
            read(r#"[{"country_code":"BE"},{"party_id":"B\u0045C"}]"#).unwrap(),
            [(some("BE"), None), (None, some("BEC"))]
        );
        assert_eq!(read(r#"{"id":"1"}"#).unwrap(), [(None, None)]);
        for bad in [
            r#"{"country_code":"BE","country_code":"FR"}"#,
            r#"{"party_id":"BEC","party_id":"CPO"}"#,
            r#"{"country_code":1}"#,
            r#"[1]"#,
            r#""text""#,
            "not json",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
