//! Clients of the Commands module.
//!
//! Spec: 2.3.0 mod_commands.asciidoc §Interfaces and endpoints; 2.1.1 mod_commands.md §2

use http::Method;

use super::{join, Client, ClientError};
use crate::convert::missing;
use crate::modules::commands::{CommandRequest, PendingCommands};
use crate::modules::{Interface, Module, Wire, WireError};
use crate::transport::Transport;
use crate::types::{CiString, Url};
use crate::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResult, CommandType, ReserveNow, StartSession,
    StopSession, UnlockConnector,
};

/// Calls a CPO's Receiver interface of Commands (sending it commands).
///
/// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface
#[derive(Debug)]
pub struct CommandsReceiverClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

/// Calls an eMSP's Sender interface of Commands: POSTs the result of a command to the
/// `response_url` the eMSP gave (any URL: the spec defines no structure for it).
///
/// Spec: 2.3.0 mod_commands.asciidoc §Sender Interface; 2.1.1 mod_commands.md §2.2 eMSP
/// Interface
#[derive(Debug)]
pub struct CommandsSenderClient<'c, T> {
    client: &'c Client<T>,
}

impl<T: Transport> Client<T> {
    /// The client of the peer's Receiver interface of Commands.
    pub fn commands_receiver(&self) -> Result<CommandsReceiverClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Commands, Interface::Receiver)?;
        Ok(CommandsReceiverClient { client: self, url })
    }

    /// The client of the peer's Sender interface of Commands (its `response_url`s).
    pub fn commands_sender(&self) -> CommandsSenderClient<'_, T> {
        CommandsSenderClient { client: self }
    }
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

    /// POST `START_SESSION`; returns the CPO's immediate answer.
    pub async fn start_session(
        &self,
        command: &StartSession,
    ) -> Result<CommandResponse, ClientError> {
        self.post(&CommandType::StartSession, command).await
    }

    /// POST `STOP_SESSION`.
    pub async fn stop_session(
        &self,
        command: &StopSession,
    ) -> Result<CommandResponse, ClientError> {
        self.post(&CommandType::StopSession, command).await
    }

    /// POST `RESERVE_NOW`.
    pub async fn reserve_now(&self, command: &ReserveNow) -> Result<CommandResponse, ClientError> {
        self.post(&CommandType::ReserveNow, command).await
    }

    /// POST `CANCEL_RESERVATION` (2.2 and later: for a 2.1.1 peer, a
    /// [`WireError::NotInVersion`]).
    pub async fn cancel_reservation(
        &self,
        command: &CancelReservation,
    ) -> Result<CommandResponse, ClientError> {
        self.post(&CommandType::CancelReservation, command).await
    }

    /// POST `UNLOCK_CONNECTOR`.
    pub async fn unlock_connector(
        &self,
        command: &UnlockConnector,
    ) -> Result<CommandResponse, ClientError> {
        self.post(&CommandType::UnlockConnector, command).await
    }

    /// POST any command.
    pub async fn send(&self, request: &CommandRequest) -> Result<CommandResponse, ClientError> {
        match request {
            CommandRequest::StartSession(c) => self.start_session(c).await,
            CommandRequest::StopSession(c) => self.stop_session(c).await,
            CommandRequest::ReserveNow(c) => self.reserve_now(c).await,
            CommandRequest::CancelReservation(c) => self.cancel_reservation(c).await,
            CommandRequest::UnlockConnector(c) => self.unlock_connector(c).await,
        }
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
    /// POST the result of a command to its `response_url` (to a 2.1.1 peer, as the 2.1.1
    /// CommandResponse it expects).
    pub async fn post_result(
        &self,
        response_url: &Url,
        result: &CommandResult,
    ) -> Result<(), ClientError> {
        self.client
            .push(Method::POST, response_url.as_str(), result, None)
            .await
    }
}
