//! Routes of the Tokens module.
//!
//! Spec: 2.3.0 mod_tokens.asciidoc §Interfaces and endpoints; 2.1.1 mod_tokens.md §2
//! Interfaces and endpoints

use http::Method;

use super::{patch_has_last_updated, same_id, same_party, Call, Reply};
use crate::modules::tokens::{ErasedTokensReceiver, ErasedTokensSender};
use crate::modules::ModuleError;
use crate::transport::{HttpError, StatusCode};
use crate::v2_3_0::tokens::{LocationReferences, Token, TokenPatch, TokenType};
use crate::versions::OcpiVersion;

/// The `type` URL parameter, when given (2001 when it is not a token type).
///
/// Spec: 2.3.0 mod_tokens.asciidoc §Request Parameters ("type | TokenType | no | … Default if
/// omitted: RFID")
fn url_type(call: &Call<'_>) -> Result<Option<TokenType>, HttpError> {
    call.query_param("type")
        .map(|t| {
            TokenType::from_wire(&t)
                .map_err(|e| HttpError::invalid_parameters(format!("type in the URL: {e}")))
        })
        .transpose()
}

/// The token type a Receiver request is about: the URL's (`RFID` when it names none), which a
/// body that gives a `type` must match (2001). A 2.1.1 Receiver URL has no `type` parameter,
/// so there a body's own `type` is taken when the URL gives none.
fn receiver_type(
    call: &Call<'_>,
    in_url: Option<TokenType>,
    in_body: Option<&TokenType>,
) -> Result<TokenType, HttpError> {
    match (in_url, in_body) {
        (None, Some(body)) if call.ctx.version == OcpiVersion::V2_1_1 => Ok(body.clone()),
        (in_url, in_body) => {
            let named = in_url.unwrap_or(TokenType::Rfid);
            match in_body {
                Some(body) if *body != named => Err(HttpError::invalid_parameters(format!(
                    "type {body} of the body does not match {named} of the URL (default RFID)"
                ))),
                _ => Ok(named),
            }
        }
    }
}

/// `GET {url}[?date_from][&date_to][&offset][&limit]` (the list) and `POST
/// {url}/{token_uid}/authorize[?type={type}]` with an optional LocationReferences body (real
/// time authorization). Other methods on these paths: 405; other paths: 404.
///
/// An unknown Token ([`ModuleError::NotFound`], or a `Status` with 2004) is answered as each
/// version requires: 2.2.1 and 2.3.0 "SHALL respond with an HTTP status code: 404" and "the
/// response SHALL contain the status code: `2004: Unknown Token`, and no `data` field"; 2.1.1
/// has no 2004, and answers an unknown resource with 404 (2000).
///
/// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface, §POST Method; 2.1.1 mod_tokens.md
/// §2.2.2 POST Method, status_codes.md
pub(super) async fn sender(
    h: &dyn ErasedTokensSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    match (call.rest.as_slice(), call.method.clone()) {
        ([], Method::GET) => Reply::list(call, |query| h.list(ctx, query)).await,
        ([uid, "authorize"], Method::POST) => {
            let token_uid = call.id::<36>(uid, "token_uid")?;
            let token_type = url_type(call)?.unwrap_or(TokenType::Rfid);
            let location: Option<LocationReferences> = if call.body.trim_ascii().is_empty() {
                None
            } else {
                Some(call.body(None)?)
            };
            match h.authorize(ctx, token_uid, token_type, location).await {
                Ok(info) => Reply::object(call, &info, None),
                Err(e) => Err(unknown_token(ctx.version, e)),
            }
        }
        ([], _) | ([_, "authorize"], _) => Err(call.method_not_allowed()),
        _ => Err(call.no_such_path()),
    }
}

/// The answer to an authorization the handler refused: an unknown Token as the version
/// requires (see [`sender`]), any other error as usual.
fn unknown_token(version: OcpiVersion, e: ModuleError) -> HttpError {
    let message = match e {
        ModuleError::NotFound(what) => format!("unknown token: {what}"),
        ModuleError::Status { status, message } if status == StatusCode::UNKNOWN_TOKEN => message,
        other => return other.into(),
    };
    if version == OcpiVersion::V2_1_1 {
        HttpError::not_found(message)
    } else {
        HttpError::not_found_with(StatusCode::UNKNOWN_TOKEN, message)
    }
}

/// `GET`, `PUT`, `PATCH {url}/{country_code}/{party_id}/{token_uid}[?type={type}]`. POST and
/// DELETE ("n/a, (Use PUT, Tokens cannot be removed)"): 405.
///
/// Enforced: the party of the URL is the caller's (404); the `country_code`, `party_id`,
/// `uid` and `type` of a body are those of the URL ("This SHALL be the same value as the
/// `country_code` in the Token object being pushed", the same for `party_id`; 2001); a 2.2.1
/// or 2.3.0 PATCH carries `last_updated` ("Any request to the PATCH method SHALL contain the
/// `last_updated` field"; 2001). 2.1.1 has no such rule, and its example "invalidate a Token"
/// has no `last_updated`: a 2.1.1 PATCH without one is passed on without one.
///
/// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface; 2.1.1 mod_tokens.md §2.1 CPO
/// Interface; 2.2.1 transport_and_format.asciidoc §Client Owned Object Push
pub(super) async fn receiver(
    h: &dyn ErasedTokensReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    let (party, token_uid) = call.party_object::<36>("token_uid")?;
    let owner = Some(party);
    let in_url = url_type(call)?;
    match call.method.clone() {
        Method::GET => {
            // 2.1.1 names a Token by uid alone: no type is assumed.
            let token_type = match (in_url, ctx.version) {
                (None, OcpiVersion::V2_1_1) => None,
                (in_url, _) => Some(in_url.unwrap_or(TokenType::Rfid)),
            };
            let token = h.token(ctx, party, token_uid, token_type).await?;
            Reply::object(call, &token, owner)
        }
        Method::PUT => {
            let token: Token = call.body(owner)?;
            same_party(Some(&token.country_code), Some(&token.party_id), &party)?;
            same_id("uid", Some(token.uid.as_str()), token_uid.as_str())?;
            let token_type = receiver_type(call, in_url, Some(&token.r#type))?;
            h.put_token(ctx, party, token_uid, token_type, token)
                .await?;
            Ok(Reply::empty())
        }
        Method::PATCH => {
            let patch: TokenPatch = call.body(owner)?;
            if ctx.version != OcpiVersion::V2_1_1 {
                patch_has_last_updated(&patch.last_updated)?;
            }
            same_party(patch.country_code.as_ref(), patch.party_id.as_ref(), &party)?;
            same_id("uid", patch.uid.as_ref(), token_uid.as_str())?;
            // 2.1.1 names a Token by uid alone: no type is assumed when neither the URL nor
            // the body gives one.
            let token_type = match (in_url, patch.r#type.as_ref(), ctx.version) {
                (None, None, OcpiVersion::V2_1_1) => None,
                (in_url, in_body, _) => Some(receiver_type(call, in_url, in_body)?),
            };
            h.patch_token(ctx, party, token_uid, token_type, patch)
                .await?;
            Ok(Reply::empty())
        }
        _ => Err(call.method_not_allowed()),
    }
}
