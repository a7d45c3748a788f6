//! Routes of the Sessions module.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc §Interfaces and Endpoints; 2.1.1 mod_sessions.md §2

use http::Method;

use super::{patch_has_last_updated, same_id, same_party, Call, Reply};
use crate::modules::sessions::{ErasedSessionsReceiver, ErasedSessionsSender};
use crate::modules::ModuleError;
use crate::transport::{HttpError, StatusCode};
use crate::v2_3_0::sessions::{ChargingPreferences, Session, SessionPatch};
use crate::versions::OcpiVersion;

/// `GET {url}` (list; `date_from` required), `PUT {url}/{session_id}/charging_preferences`
/// (2.2.1 and later).
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Sender Interface (`date_from`: "Required: yes"; "The
/// `/charging_preferences` URL suffix is required when setting Charging Preferences"),
/// §ChargingPreferencesResponse enum (404 with 2001 for an EVSE without the capability);
/// 2.1.1 mod_sessions.md §2.1 (GET only)
pub(super) async fn sender(
    h: &dyn ErasedSessionsSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    match call.rest.as_slice() {
        [] => {
            if call.method != Method::GET {
                return Err(call.method_not_allowed());
            }
            let query = call.list_query()?;
            if query.date_from.is_none() {
                return Err(HttpError::invalid_parameters(
                    "date_from is required when listing Sessions",
                ));
            }
            let page = h.list(ctx, query.clone()).await?;
            Reply::page(call, &query, &page)
        }
        [s, "charging_preferences"] if ctx.version != OcpiVersion::V2_1_1 => {
            if call.method != Method::PUT {
                return Err(call.method_not_allowed());
            }
            let session_id = call.id::<36>(s, "session_id")?;
            let preferences: ChargingPreferences = call.body(None)?;
            let response = h
                .charging_preferences(ctx, session_id, preferences)
                .await
                .map_err(|e| match e {
                    ModuleError::NotFound(what) => HttpError::not_found_with(
                        StatusCode::INVALID_PARAMETERS,
                        format!("charging preferences cannot be set: {what}"),
                    ),
                    other => other.into(),
                })?;
            Reply::object(call, &response, None)
        }
        _ => Err(call.no_such_path()),
    }
}

/// `GET`, `PUT`, `PATCH {url}/{country_code}/{party_id}/{session_id}`.
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface; §PUT Method Request Parameters
/// (`country_code`, `party_id`: "This SHALL be the same value as the `country_code` [`party_id`]
/// in the Session object being pushed"); §PATCH Method ("Any request to the PATCH method SHALL
/// contain the `last_updated` field"; "It is not allowed to use extra URL segments to try to
/// PATCH fields of inner objects"). A 2.1.1 PATCH, which needs no `last_updated`, has been
/// stamped with the time it was received when read (2.1.1 mod_sessions.md §2.2.3).
pub(super) async fn receiver(
    h: &dyn ErasedSessionsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    let (party, session_id) = call.party_object::<36>("session_id")?;
    let owner = Some(party);
    match call.method.clone() {
        Method::GET => {
            let session = h.session(ctx, party, session_id).await?;
            Reply::object(call, &session, owner)
        }
        Method::PUT => {
            let session: Session = call.body(owner)?;
            same_party(Some(&session.country_code), Some(&session.party_id), &party)?;
            same_id("id", Some(session.id.as_str()), session_id.as_str())?;
            h.put_session(ctx, party, session_id, session).await?;
            Ok(Reply::empty())
        }
        Method::PATCH => {
            let patch: SessionPatch = call.body(owner)?;
            patch_has_last_updated(&patch.last_updated)?;
            same_party(patch.country_code.as_ref(), patch.party_id.as_ref(), &party)?;
            same_id("id", patch.id.as_ref(), session_id.as_str())?;
            h.patch_session(ctx, party, session_id, patch).await?;
            Ok(Reply::empty())
        }
        _ => Err(call.method_not_allowed()),
    }
}
