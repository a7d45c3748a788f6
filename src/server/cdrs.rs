//! Routes of the CDRs module.
//!
//! Spec: 2.3.0 mod_cdrs.asciidoc §Interfaces and Endpoints; 2.1.1 mod_cdrs.md §2

use http::header::LOCATION;
use http::{HeaderValue, Method};

use super::{Call, Reply};
use crate::modules::cdrs::ErasedCdrsReceiver;
use crate::transport::{HttpError, PartyRef, StatusCode};
use crate::v2_3_0::cdrs::Cdr;

/// `POST {url}` (answered with 201 and the CDR's URL in `Location`),
/// `GET {url}/{country_code}/{party_id}/{cdr_id}` (the URL this server answers a POST with).
///
/// The posted CDR's `country_code`/`party_id` must be a party of the caller, else 2001: the
/// POST URL names no party, so this is a mismatch in the body of a request to an existing
/// resource ("If a request is syntactically valid JSON and addresses an existing resource, a
/// HTTP error MUST NOT be returned"), like an object id that differs from the URL's (2001).
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §Receiver Interface (PUT, PATCH, DELETE: "n/a"),
/// §POST Method, §Response Headers (`Location`, required), §GET Method; 2.3.0
/// status_codes.asciidoc (HTTP `201 - Created`); 2.3.0 transport_and_format.asciidoc §Errors
pub(super) async fn receiver(
    h: &dyn ErasedCdrsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    match (call.rest.as_slice(), call.method.clone()) {
        ([], Method::POST) => {
            let cdr: Cdr = call.body(None)?;
            let party = PartyRef::new(cdr.country_code, cdr.party_id);
            if !call.is_callers(&party) {
                return Err(HttpError::invalid_parameters(format!(
                    "the CDR is owned by {party}, which is not a party of the caller"
                )));
            }
            let endpoint = call.url.as_str().split('?').next().unwrap_or_default();
            let url = crate::client::party_url(endpoint, &party, &[cdr.id.as_str()]);
            let location = HeaderValue::from_str(&url).map_err(|e| {
                HttpError::ocpi(StatusCode::SERVER_ERROR, format!("CDR URL {url:?}: {e}"))
            })?;
            h.post_cdr(ctx, cdr).await?;
            let mut reply = Reply::empty();
            reply.status = http::StatusCode::CREATED;
            reply.headers.insert(LOCATION, location);
            Ok(reply)
        }
        ([_, _, _], Method::GET) => {
            let (party, cdr_id) = call.party_object::<39>("cdr_id")?;
            let cdr = h.cdr(ctx, party, cdr_id).await?;
            Reply::object(call, &cdr, Some(party))
        }
        ([] | [_, _, _], _) => Err(call.method_not_allowed()),
        _ => Err(call.no_such_path()),
    }
}
