//! Routes of the Hub Client Info module. The dispatcher has already refused routing headers
//! on this module (2001), and does not route it for 2.1.1 (404).
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc §Interfaces; 2.2.1 the same

use http::Method;

use super::{same_party, Call, Reply};
use crate::modules::hub_client_info::ErasedHubClientInfoReceiver;
use crate::transport::{HttpError, PartyRef};
use crate::v2_3_0::hub_client_info::ClientInfo;

/// `GET`, `PUT {url}/{country_code}/{party_id}`. POST, PATCH and DELETE are "n/a" (ClientInfo
/// objects cannot be removed): 405.
///
/// The URL names the party the ClientInfo describes, not the caller: the Hub owns every
/// ClientInfo object, so a Hub may name any party, and any other caller gets 404 (the
/// transport chapter lets a server block access "to objects that do not belong to them").
/// The party of a PUT body must match the URL (2001).
///
/// Spec: 2.3.0 mod_hub_client_info.asciidoc §Receiver Interface ("With this interface the
/// Hub can push the ClientInfo information to a connected client"; the example PUTs the
/// ClientInfo of `NL`/`ALL` to `…/clientinfo/NL/ALL`); 2.2.1 transport_and_format.asciidoc
/// §Client Owned Object Push
pub(super) async fn receiver(
    h: &dyn ErasedHubClientInfoReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let [cc, pid] = call.segments()?;
    let party = hub_party(call, cc, pid)?;
    let ctx = call.ctx;
    match call.method.clone() {
        Method::GET => {
            let info = h.client_info(ctx, party).await?;
            Reply::object(call, &info, Some(party))
        }
        Method::PUT => {
            let info: ClientInfo = call.body(Some(party))?;
            same_party(Some(&info.country_code), Some(&info.party_id), &party)?;
            h.put_client_info(ctx, party, info).await?;
            Ok(Reply::empty())
        }
        _ => Err(call.method_not_allowed()),
    }
}

/// The party of a ClientInfo URL: any party when the caller is a Hub, else 404.
fn hub_party(call: &Call<'_>, country_code: &str, party_id: &str) -> Result<PartyRef, HttpError> {
    let party = call.party_segments(country_code, party_id)?;
    if call.ctx.hub {
        Ok(party)
    } else {
        Err(HttpError::not_found(format!(
            "ClientInfo {party}: only a Hub owns ClientInfo objects"
        )))
    }
}
