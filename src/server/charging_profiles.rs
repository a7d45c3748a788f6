//! Routes of the Charging Profiles module (2.2 and later).
//!
//! Spec: 2.3.0 mod_charging_profiles.asciidoc §Interfaces and endpoints

use http::Method;

use super::{Call, Reply};
use crate::modules::charging_profiles::{
    ErasedChargingProfilesReceiver, ErasedChargingProfilesSender, ProfileResultKind,
};
use crate::transport::HttpError;
use crate::types::{CiString, Url};

/// `GET {url}/{session_id}?duration={duration}&response_url={url}`, `PUT {url}/{session_id}`
/// (SetChargingProfile), `DELETE {url}/{session_id}?response_url={url}`; each answered with a
/// ChargingProfileResponse.
///
/// Spec: 2.3.0 mod_charging_profiles.asciidoc §Receiver Interface (GET: `duration` and
/// `response_url` "Required: yes"; DELETE: `response_url` "Required: yes"; "As it is not
/// common to add a body to a GET request, all parameters are added to the URL")
pub(super) async fn receiver(
    h: &dyn ErasedChargingProfilesReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let [session] = call.segments()?;
    let ctx = call.ctx;
    let session_id = call.id::<36>(session, "session_id")?;
    let response = match *call.method {
        Method::GET => {
            let duration = duration(call)?;
            h.active_profile(ctx, session_id, duration, response_url(call)?)
                .await?
        }
        Method::PUT => h.set_profile(ctx, session_id, call.body(None)?).await?,
        Method::DELETE => {
            h.clear_profile(ctx, session_id, response_url(call)?)
                .await?
        }
        _ => return Err(call.method_not_allowed()),
    };
    Reply::object(call, &response, None)
}

/// The required `duration` query parameter: a non-negative number of seconds (2001
/// otherwise).
fn duration(call: &Call<'_>) -> Result<i64, HttpError> {
    let text = call
        .query_param("duration")
        .ok_or_else(|| HttpError::invalid_parameters("the duration parameter is required"))?;
    text.parse::<i64>().ok().filter(|d| *d >= 0).ok_or_else(|| {
        HttpError::invalid_parameters(format!("duration {text:?} is not a number of seconds"))
    })
}

/// The required `response_url` query parameter: an OCPI URL (2001 otherwise).
fn response_url(call: &Call<'_>) -> Result<Url, HttpError> {
    let text = call
        .query_param("response_url")
        .ok_or_else(|| HttpError::invalid_parameters("the response_url parameter is required"))?;
    Url::new(&text).map_err(|e| HttpError::invalid_parameters(format!("response_url: {e}")))
}

/// `POST {url}/{kind}/{uid}` (a result, on a `response_url` this party gave; see
/// [`ProfileResultKind`]) and `PUT {url}/{session_id}` (ActiveChargingProfile). Both are
/// answered without data.
///
/// Spec: 2.3.0 mod_charging_profiles.asciidoc §Sender Interface ("The response to the POST
/// on the Sender interface SHALL contain the Response Format with the data field omitted";
/// the same for the PUT)
pub(super) async fn sender(
    h: &dyn ErasedChargingProfilesSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    let kind = |segment: &str| ProfileResultKind::from_segment(&super::percent_decode(segment));
    match (call.method.clone(), call.rest.as_slice()) {
        (Method::POST, [k, uid]) if kind(k).is_some() => {
            let uid: CiString<36> = call.id(uid, "uid").map_err(|_| call.no_such_path())?;
            match kind(k) {
                Some(ProfileResultKind::ActiveProfile) => {
                    h.active_profile_result(ctx, uid, call.body(None)?).await?
                }
                Some(ProfileResultKind::SetProfile) => {
                    h.profile_result(ctx, uid, call.body(None)?).await?
                }
                _ => h.clear_profile_result(ctx, uid, call.body(None)?).await?,
            }
        }
        (Method::PUT, [session]) => {
            let session_id = call.id::<36>(session, "session_id")?;
            h.put_active_profile(ctx, session_id, call.body(None)?)
                .await?
        }
        (_, [_]) => return Err(call.method_not_allowed()),
        (_, [k, _]) if kind(k).is_some() => return Err(call.method_not_allowed()),
        _ => return Err(call.no_such_path()),
    }
    Ok(Reply::empty())
}
