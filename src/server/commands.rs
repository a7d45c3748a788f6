//! Routes of the Commands module.
//!
//! Spec: 2.3.0 mod_commands.asciidoc §Interfaces and endpoints; 2.1.1 mod_commands.md §2

use http::Method;

use super::{Call, Reply};
use crate::modules::commands::{ErasedCommandsReceiver, ErasedCommandsSender};
use crate::transport::{HttpError, PartyRef};
use crate::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandType,
    ReserveNow, StartSession, StopSession, UnlockConnector,
};
use crate::v2_3_0::tokens::Token;
use crate::versions::OcpiVersion;

/// `POST {url}/{command}`: the body is the object of the command; the answer a
/// CommandResponse.
///
/// A command the request's version does not define (`CANCEL_RESERVATION` in 2.1.1, any value
/// unknown to this crate: 2.3.0 makes CommandType an OpenEnum) is answered `NOT_SUPPORTED`
/// ("The requested command is not supported by this CPO") with a `timeout` of 0, as no result
/// will follow.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface ("Depending on the `command`
/// parameter the body SHALL contain the applicable object for that command"), §StartSession
/// Object, §ReserveNow Object; 2.1.1 mod_commands.md §2.1.1 POST Method
pub(super) async fn receiver(
    h: &dyn ErasedCommandsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let [segment] = call.segments()?;
    if call.method != Method::POST {
        return Err(call.method_not_allowed());
    }
    let ctx = call.ctx;
    let command = CommandType::from_wire(&super::percent_decode(segment))
        .map_err(|e| HttpError::invalid_parameters(format!("command in the URL: {e}")))?;
    let response = match command {
        CommandType::StartSession => {
            let start: StartSession = call.body(None)?;
            owned_by_caller(call, &start.token)?;
            if start.connector_id.is_some() && start.evse_uid.is_none() {
                return Err(HttpError::invalid_parameters(
                    "evse_uid is required when connector_id is set",
                ));
            }
            h.start_session(ctx, start).await?
        }
        CommandType::StopSession => {
            let stop: StopSession = call.body(None)?;
            h.stop_session(ctx, stop).await?
        }
        CommandType::ReserveNow => {
            let reserve: ReserveNow = call.body(None)?;
            owned_by_caller(call, &reserve.token)?;
            h.reserve_now(ctx, reserve).await?
        }
        CommandType::CancelReservation if ctx.version != OcpiVersion::V2_1_1 => {
            let cancel: CancelReservation = call.body(None)?;
            h.cancel_reservation(ctx, cancel).await?
        }
        CommandType::UnlockConnector => {
            let unlock: UnlockConnector = call.body(None)?;
            h.unlock_connector(ctx, unlock).await?
        }
        _ => CommandResponse::new(CommandResponseType::NotSupported, 0),
    };
    Reply::object(call, &response, None)
}

/// The Token of a command must be one of the calling party's.
///
/// Spec: 2.3.0 mod_commands.asciidoc §StartSession Object ("An eMSP sending a `StartSession`
/// SHALL only use Token that are owned by this eMSP"), §ReserveNow Object (the same)
fn owned_by_caller(call: &Call<'_>, token: &Token) -> Result<(), HttpError> {
    let owner = PartyRef::new(token.country_code, token.party_id);
    if call.ctx.from == Some(owner) || call.ctx.parties.contains(&owner) {
        Ok(())
    } else {
        Err(HttpError::invalid_parameters(format!(
            "the token belongs to {owner}, not to the calling party: an eMSP SHALL only use its own tokens"
        )))
    }
}

/// `POST {url}/{command}/{uid}`: the result of a command, on the `response_url` this party
/// gave (this crate's layout of response URLs; see
/// [`PendingCommands`](crate::modules::commands::PendingCommands)).
///
/// Spec: 2.3.0 mod_commands.asciidoc §Sender Interface (POST, body CommandResult);
/// 2.1.1 mod_commands.md §2.2.1 POST Method (body: the result "from the Charge Point", a
/// CommandResponse)
pub(super) async fn sender(
    h: &dyn ErasedCommandsSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let [command, uid] = call.segments()?;
    if call.method != Method::POST {
        return Err(call.method_not_allowed());
    }
    let command =
        CommandType::from_wire(&super::percent_decode(command)).map_err(|_| call.no_such_path())?;
    let uid = call.id::<36>(uid, "uid").map_err(|_| call.no_such_path())?;
    let result: CommandResult = call.body(None)?;
    h.result(call.ctx, command, uid, result).await?;
    Ok(Reply::empty())
}
