//! Routes of the Locations module.
//!
//! Spec: 2.3.0 mod_locations.asciidoc §Interfaces and Endpoints

use http::Method;

use super::{patch_has_last_updated, same_id, same_party, Call, Reply};
use crate::modules::locations::{ErasedLocationsReceiver, ErasedLocationsSender};
use crate::transport::HttpError;
use crate::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};

/// `GET {url}` (list), `GET {url}/{location_id}[/{evse_uid}[/{connector_id}]]`.
///
/// Spec: 2.3.0 mod_locations.asciidoc §Sender Interface
pub(super) async fn sender(
    h: &dyn ErasedLocationsSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    if call.method != Method::GET {
        return Err(call.method_not_allowed());
    }
    let ctx = call.ctx;
    match call.rest.as_slice() {
        [] => Reply::list(call, |query| h.list(ctx, query)).await,
        [l] => {
            let location = h.location(ctx, call.id(l, "location_id")?).await?;
            Reply::object(call, &location, None)
        }
        [l, e] => {
            let evse = h
                .evse(ctx, call.id(l, "location_id")?, call.id(e, "evse_uid")?)
                .await?;
            Reply::object(call, &evse, None)
        }
        [l, e, c] => {
            let ids = (
                call.id(l, "location_id")?,
                call.id(e, "evse_uid")?,
                call.id(c, "connector_id")?,
            );
            let connector = h.connector(ctx, ids.0, ids.1, ids.2).await?;
            Reply::object(call, &connector, None)
        }
        _ => Err(call.no_such_path()),
    }
}

/// `GET`, `PUT`, `PATCH {url}/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`.
///
/// Spec: 2.3.0 mod_locations.asciidoc §Receiver Interface ("the Receiver SHALL check that
/// the ids in the object and the URL are the same" is the transport chapter's rule for every
/// Client Owned Object); §PATCH Method (`last_updated` required: 2001 without). A 2.1.1
/// PATCH, which needs none, has been stamped with the time it was received when read (2.1.1
/// mod_locations.md §2.2.3).
pub(super) async fn receiver(
    h: &dyn ErasedLocationsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    let (party, ids) = match call.rest.as_slice() {
        [cc, pid, ids @ ..] if (1..=3).contains(&ids.len()) => (call.party(cc, pid)?, ids),
        _ => return Err(call.no_such_path()),
    };
    let owner = Some(party);
    let location_id = call.id::<36>(ids[0], "location_id")?;
    let evse_uid = ids
        .get(1)
        .map(|e| call.id::<36>(e, "evse_uid"))
        .transpose()?;
    let connector_id = ids
        .get(2)
        .map(|c| call.id::<36>(c, "connector_id"))
        .transpose()?;
    match (call.method.clone(), evse_uid, connector_id) {
        (Method::GET, None, _) => {
            let location = h.location(ctx, party, location_id).await?;
            Reply::object(call, &location, owner)
        }
        (Method::GET, Some(e), None) => {
            let evse = h.evse(ctx, party, location_id, e).await?;
            Reply::object(call, &evse, owner)
        }
        (Method::GET, Some(e), Some(c)) => {
            let connector = h.connector(ctx, party, location_id, e, c).await?;
            Reply::object(call, &connector, owner)
        }
        (Method::PUT, None, _) => {
            let location: Location = call.body(owner)?;
            same_party(
                Some(&location.country_code),
                Some(&location.party_id),
                &party,
            )?;
            same_id("id", Some(location.id.as_str()), location_id.as_str())?;
            h.put_location(ctx, party, location_id, location).await?;
            Ok(Reply::empty())
        }
        (Method::PUT, Some(e), None) => {
            let evse: Evse = call.body(owner)?;
            same_id("uid", Some(evse.uid.as_str()), e.as_str())?;
            h.put_evse(ctx, party, location_id, e, evse).await?;
            Ok(Reply::empty())
        }
        (Method::PUT, Some(e), Some(c)) => {
            let connector: Connector = call.body(owner)?;
            same_id("id", Some(connector.id.as_str()), c.as_str())?;
            h.put_connector(ctx, party, location_id, e, c, connector)
                .await?;
            Ok(Reply::empty())
        }
        (Method::PATCH, None, _) => {
            let patch: LocationPatch = call.body(owner)?;
            patch_has_last_updated(&patch.last_updated)?;
            same_party(patch.country_code.as_ref(), patch.party_id.as_ref(), &party)?;
            same_id("id", patch.id.as_ref(), location_id.as_str())?;
            h.patch_location(ctx, party, location_id, patch).await?;
            Ok(Reply::empty())
        }
        (Method::PATCH, Some(e), None) => {
            let patch: EvsePatch = call.body(owner)?;
            patch_has_last_updated(&patch.last_updated)?;
            same_id("uid", patch.uid.as_ref(), e.as_str())?;
            h.patch_evse(ctx, party, location_id, e, patch).await?;
            Ok(Reply::empty())
        }
        (Method::PATCH, Some(e), Some(c)) => {
            let patch: ConnectorPatch = call.body(owner)?;
            patch_has_last_updated(&patch.last_updated)?;
            same_id("id", patch.id.as_ref(), c.as_str())?;
            h.patch_connector(ctx, party, location_id, e, c, patch)
                .await?;
            Ok(Reply::empty())
        }
        _ => Err(call.method_not_allowed()),
    }
}
