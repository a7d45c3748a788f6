//! Routes of the Payments module (2.3.0 only: the dispatcher does not route it for older
//! versions, 404). The paths under the module's endpoint are `terminals[/…]` and
//! `financial-advice-confirmations[/…]`; see [`crate::modules::payments`].
//!
//! Spec: 2.3.0 mod_payments.asciidoc §Interfaces and Endpoints

use std::future::Future;

use http::Method;

use super::{same_id, Call, Reply};
use crate::modules::payments::{ErasedPaymentsReceiver, ErasedPaymentsSender};
use crate::modules::{ModuleResult, Wire};
use crate::transport::HttpError;
use crate::types::CiString;
use crate::v2_3_0::payments::{FinancialAdviceConfirmation, Terminal, TerminalPatch};

/// The sub-path of Terminals.
const TERMINALS: &str = "terminals";
/// The sub-path of Financial Advice Confirmations.
const CONFIRMATIONS: &str = "financial-advice-confirmations";

/// The methods a path answers; any other is a 405, an unknown path a 404.
fn allow(call: &Call<'_>, methods: &[Method]) -> Result<(), HttpError> {
    if methods.contains(call.method) {
        Ok(())
    } else {
        Err(call.method_not_allowed())
    }
}

/// A Terminal or Financial Advice Confirmation id of the URL.
fn id(call: &Call<'_>, segment: &str, name: &str) -> Result<CiString<36>, HttpError> {
    call.id::<36>(segment, name)
}

/// `GET` of the object the URL's last segment names, the one method such a path answers.
async fn get_one<W: Wire, F>(
    call: &Call<'_>,
    segment: &str,
    name: &str,
    get: impl FnOnce(CiString<36>) -> F,
) -> Result<Reply, HttpError>
where
    F: Future<Output = ModuleResult<W>>,
{
    allow(call, &[Method::GET])?;
    let object = get(id(call, segment, name)?).await?;
    Reply::object(call, &object, None)
}

/// `GET {url}/terminals` (list), `GET`, `PUT`, `PATCH {url}/terminals/{terminal_id}`,
/// `POST {url}/terminals/activate`, `POST {url}/terminals/{terminal_id}/deactivate`,
/// `GET {url}/financial-advice-confirmations` (list),
/// `GET {url}/financial-advice-confirmations/{id}`.
///
/// `terminals/activate` answers POST only; a GET, PUT or PATCH of it names the terminal
/// `activate`. The `terminal_id` of a PUT or PATCH body, when given, must match the URL
/// (2001); the PUT example of the spec leaves it out. A PATCH need not carry `last_updated`:
/// the Payments chapter does not require it (the Locations, Sessions and Tokens chapters
/// do, for their own PATCH), and its one example, the Location assignment, has none.
///
/// Spec: 2.3.0 mod_payments.asciidoc §Sender Interface; 2.2.1 transport_and_format.asciidoc
/// §Client Owned Object Push ("the server SHALL check that the id in the object and the URL
/// are the same")
pub(super) async fn sender(
    h: &dyn ErasedPaymentsSender,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    match call.rest.as_slice() {
        [TERMINALS] => {
            allow(call, &[Method::GET])?;
            Reply::list(call, |query| h.terminals(ctx, query)).await
        }
        [TERMINALS, "activate"] if call.method == Method::POST => {
            let terminal: Terminal = call.body(None)?;
            h.activate_terminal(ctx, terminal).await?;
            Ok(Reply::empty())
        }
        [TERMINALS, t] => {
            allow(call, &[Method::GET, Method::PUT, Method::PATCH])?;
            let terminal_id = id(call, t, "terminal_id")?;
            match call.method.clone() {
                Method::GET => {
                    let terminal = h.terminal(ctx, terminal_id).await?;
                    Reply::object(call, &terminal, None)
                }
                Method::PUT => {
                    let terminal: Terminal = call.body(None)?;
                    same_terminal(terminal.terminal_id.as_ref(), &terminal_id)?;
                    h.put_terminal(ctx, terminal_id, terminal).await?;
                    Ok(Reply::empty())
                }
                _ => {
                    let patch: TerminalPatch = call.body(None)?;
                    same_terminal(patch.terminal_id.as_ref(), &terminal_id)?;
                    h.patch_terminal(ctx, terminal_id, patch).await?;
                    Ok(Reply::empty())
                }
            }
        }
        [TERMINALS, t, "deactivate"] => {
            allow(call, &[Method::POST])?;
            let terminal_id = id(call, t, "terminal_id")?;
            h.deactivate_terminal(ctx, terminal_id).await?;
            Ok(Reply::empty())
        }
        [CONFIRMATIONS] => {
            allow(call, &[Method::GET])?;
            Reply::list(call, |query| h.financial_advice_confirmations(ctx, query)).await
        }
        [CONFIRMATIONS, c] => {
            get_one(call, c, "financial_advice_confirmation_id", |id| {
                h.financial_advice_confirmation(ctx, id)
            })
            .await
        }
        _ => Err(call.no_such_path()),
    }
}

/// `GET {url}/terminals/{terminal_id}`, `POST {url}/terminals`,
/// `GET {url}/financial-advice-confirmations/{id}`, `POST {url}/financial-advice-confirmations`.
///
/// A POSTed Terminal must carry its `terminal_id` (2001): the object table requires it, and
/// the spec lets only the activation request leave it out.
///
/// Spec: 2.3.0 mod_payments.asciidoc §Receiver Interface, §Terminal Object (`terminal_id`
/// cardinality 1), §POST Activate Terminal Method ("The terminal_id is optional in the
/// activation request as it will be set by the PTP")
pub(super) async fn receiver(
    h: &dyn ErasedPaymentsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    match call.rest.as_slice() {
        [TERMINALS] => {
            allow(call, &[Method::POST])?;
            let terminal: Terminal = call.body(None)?;
            if terminal.terminal_id.is_none() {
                return Err(HttpError::invalid_parameters(
                    "a new Terminal must carry its terminal_id",
                ));
            }
            h.post_terminal(ctx, terminal).await?;
            Ok(Reply::empty())
        }
        [TERMINALS, t] => get_one(call, t, "terminal_id", |id| h.terminal(ctx, id)).await,
        [CONFIRMATIONS] => {
            allow(call, &[Method::POST])?;
            let confirmation: FinancialAdviceConfirmation = call.body(None)?;
            h.post_financial_advice_confirmation(ctx, confirmation)
                .await?;
            Ok(Reply::empty())
        }
        [CONFIRMATIONS, c] => {
            get_one(call, c, "financial_advice_confirmation_id", |id| {
                h.financial_advice_confirmation(ctx, id)
            })
            .await
        }
        _ => Err(call.no_such_path()),
    }
}

/// Checks the `terminal_id` of a body against the URL (2001 when they differ).
fn same_terminal(in_body: Option<&CiString<36>>, in_url: &CiString<36>) -> Result<(), HttpError> {
    same_id("terminal_id", in_body, in_url.as_str())
}
