//! Clients of the Commands module.
//!
//! Spec: 2.3.0 mod_commands.asciidoc §Interfaces and endpoints; 2.1.1 mod_commands.md §2

use http::Method;

use super::{join, ClientError, CommandsReceiverClient, CommandsSenderClient};
use crate::convert::missing;
use crate::modules::commands::{CommandRequest, PendingCommands};
use crate::modules::{Wire, WireError};
use crate::transport::Transport;
use crate::types::CiString;
use crate::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResult, CommandType, ReserveNow, StartSession,
    StopSession, UnlockConnector,
};

/// Declares the method that POSTs each command, `name(&self, command)`, one a line:
/// `name(Command);` with its doc (the command's object and its [`CommandType`] have the same
/// name), and [`send`](CommandsReceiverClient::send), which POSTs any of them.
macro_rules! command_posts {
    ($($(#[$doc:meta])* $name:ident($command:ident);)*) => {
        $(
            $(#[$doc])*
            pub async fn $name(
                &self,
                command: &$command,
            ) -> Result<CommandResponse, ClientError> {
                self.post(&CommandType::$command, command).await
            }
        )*

        /// POST any command.
        pub async fn send(&self, request: &CommandRequest) -> Result<CommandResponse, ClientError> {
            match request {
                $(CommandRequest::$command(c) => self.$name(c).await,)*
            }
        }
    };
}

impl<T: Transport> CommandsReceiverClient<'_, T> {
    async fn post<W: Wire>(
        &self,
        command: &CommandType,
        body: &W,
    ) -> Result<CommandResponse, ClientError> {
        let url = join(self.url, &[command.as_str()]);
        let body = self.client.write(body, None)?;
        self.client
            .fetch(Method::POST, &url, Some(body), None)
            .await
    }

    command_posts! {
        /// POST `START_SESSION`; returns the CPO's immediate answer.
        start_session(StartSession);

        /// POST `STOP_SESSION`.
        stop_session(StopSession);

        /// POST `RESERVE_NOW`.
        reserve_now(ReserveNow);

        /// POST `CANCEL_RESERVATION` (2.2 and later: for a 2.1.1 peer, a
        /// [`WireError::NotInVersion`]).
        cancel_reservation(CancelReservation);

        /// POST `UNLOCK_CONNECTOR`.
        unlock_connector(UnlockConnector);
    }

    /// Registers the command with `pending` (which sets its `response_url`, replacing the one
    /// it has, and its `authorization_reference` when missing), sends it, and records the
    /// answer or the failure. Returns the command's uid and the answer; the error of the
    /// outer `Result` is a `response_url` that cannot be made (nothing was sent).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §Flow (a unique identifier in the `response_url`)
    pub async fn send_tracked(
        &self,
        pending: &PendingCommands,
        request: impl Into<CommandRequest>,
    ) -> Result<(CiString<36>, Result<CommandResponse, ClientError>), ClientError> {
        let mut request = request.into();
        let peer = self.client.peer();
        let uid = pending
            .register(&peer.id, peer.version, &mut request)
            .map_err(|e| WireError::Convert(missing("response_url", &e.to_string())))?;
        let answer = self.send(&request).await;
        match &answer {
            Ok(response) => pending.record_response(&uid, response.clone()),
            Err(e) => pending.record_failure(&uid, e),
        };
        Ok((uid, answer))
    }
}

impl<T: Transport> CommandsSenderClient<'_, T> {
    response_url_posts! {
        /// POST the result of a command to its `response_url` (to a 2.1.1 peer, as the 2.1.1
        /// CommandResponse it expects).
        post_result(CommandResult);
    }
}
