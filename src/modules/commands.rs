//! The Commands module: the CPO's Receiver interface (the eMSP sends a command, the CPO answers
//! at once with a [`CommandResponse`]) and the eMSP's Sender interface (the CPO POSTs the
//! Charge Point's [`CommandResult`] later, to the `response_url` the eMSP chose).
//!
//! ## The two steps of a command
//!
//! 1. The eMSP POSTs `{commands_endpoint}/{command}` with the command's object (StartSession,
//!    StopSession, ReserveNow, CancelReservation, UnlockConnector), which carries a
//!    `response_url`. The CPO answers at once: `ACCEPTED` if it can forward the command to the
//!    Charge Point, with the `timeout` within which the result should come.
//! 2. When the Charge Point has answered, the CPO POSTs a CommandResult to the `response_url`.
//!    A cancelled reservation is reported later again on the `response_url` of its
//!    `RESERVE_NOW` (`CANCELED_RESERVATION`). A `START_SESSION` or `RESERVE_NOW` that worked
//!    is followed by a Session carrying the command's `authorization_reference`, which may
//!    arrive even when the result said `TIMEOUT` (the EV was plugged in late).
//!
//! [`PendingCommands`] keeps the sending side's half of this: it makes a unique
//! `response_url` for every command under the sender's own commands endpoint
//! (`{base}/{version}/sender/commands/{command}/{uid}`), records the CommandResponse, matches
//! each arriving CommandResult by its uid, and matches Sessions by `authorization_reference`.
//! It implements [`CommandsSender`], so it can be mounted as is.
//!
//! ## 2.1.1
//!
//! 2.1.1 has no CancelReservation and no CommandResult: the CPO POSTs a second
//! CommandResponse (`{"result": …}`, a 2.1.1 CommandResponseType) to the `response_url`. The
//! edge reads it as a [`CommandResult`] (`ACCEPTED`, `REJECTED`, `NOT_SUPPORTED`, `TIMEOUT`
//! cross as they are; `UNKNOWN_SESSION` keeps its text) and writes a CommandResult for a
//! 2.1.1 eMSP as such a CommandResponse (the failures 2.2 added become `REJECTED`). A 2.1.1
//! CommandResponse has no `timeout`: the [`Bridge`](super::Bridge)'s `command_timeout` stands
//! in for it. 2.1.1 commands carry no `authorization_reference` (Sessions cannot be matched to
//! them) and no `connector_id`.
//!
//! Spec: 2.3.0 mod_commands.asciidoc §Flow, §Interfaces and endpoints; 2.2.1 the same;
//! 2.1.1 mod_commands.md §1 Flow, §2 Interfaces and endpoints

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use super::wire::wire;
use super::{endpoint_url, interface, Interface, Module, ModuleError};
use crate::convert::v211_v221::{CommandResponseInput, TokenInput};
use crate::credentials::PeerId;
use crate::transport::MessageId;
use crate::types::{CiString, Url, UrlError};
use crate::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    CommandType, ReserveNow, StartSession, StopSession, UnlockConnector,
};
use crate::v2_3_0::sessions::Session;
use crate::versions::OcpiVersion;
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Receiver interface of Commands, implemented by the CPO: one method per command of
    /// `POST {commands_endpoint}/{command}`. Each returns the CPO's own, immediate answer
    /// (not the Charge Point's, which goes to the command's `response_url` later).
    ///
    /// The server has checked, before calling: the body is the object of the URL's command;
    /// the Token of a StartSession or ReserveNow belongs to the calling party ("An eMSP
    /// sending a StartSession SHALL only use Token that are owned by this eMSP"); a
    /// StartSession with a `connector_id` has an `evse_uid` ("Required when `connector_id`
    /// is set"). A command the version does not define (`CANCEL_RESERVATION` from a 2.1.1
    /// peer, a value unknown to this crate) is answered `NOT_SUPPORTED` without calling the
    /// handler. A handler refuses an unknown Location with
    /// [`StatusCode::UNKNOWN_LOCATION`](crate::transport::StatusCode::UNKNOWN_LOCATION) (2003),
    /// or answers [`CommandResponseType::UnknownSession`] for an unknown session.
    ///
    /// The Token of a StartSession or ReserveNow is already authorized by the eMSP: "the CPO
    /// SHALL NOT check the validity of the Token provided before sending the request to the
    /// Charge Point".
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface (POST `{command}`), §ReserveNow
    /// Object, §StartSession Object; 2.1.1 mod_commands.md §2.1 CPO Interface
    pub trait CommandsReceiver as ErasedCommandsReceiver {
        /// `POST START_SESSION`: start a session for the Token.
        fn start_session(&self, ctx: &Context, command: StartSession) -> CommandResponse;
        /// `POST STOP_SESSION`: stop an ongoing session.
        fn stop_session(&self, ctx: &Context, command: StopSession) -> CommandResponse;
        /// `POST RESERVE_NOW`: reserve an EVSE for the Token until `expiry_date`.
        fn reserve_now(&self, ctx: &Context, command: ReserveNow) -> CommandResponse;
        /// `POST CANCEL_RESERVATION` (2.2 and later): cancel a reservation.
        fn cancel_reservation(&self, ctx: &Context, command: CancelReservation) -> CommandResponse;
        /// `POST UNLOCK_CONNECTOR`: unlock a connector ("for help desk operators only").
        fn unlock_connector(&self, ctx: &Context, command: UnlockConnector) -> CommandResponse;
    }
}

interface! {
    /// The Sender interface of Commands, implemented by the eMSP: it receives the results of
    /// its commands on the `response_url`s it gave, which this crate serves under the
    /// commands Sender endpoint as `{command}/{uid}`.
    ///
    /// [`PendingCommands`] implements it (results for a uid it did not hand out to the calling
    /// peer, or for another command, are a 404: the URL names nothing).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §Sender Interface (POST on the `response_url`, body
    /// CommandResult); 2.1.1 mod_commands.md §2.2 eMSP Interface (body: a CommandResponse)
    pub trait CommandsSender as ErasedCommandsSender {
        /// `POST {command}/{uid}`: the result of the command with that uid.
        fn result(
            &self,
            ctx: &Context,
            command: CommandType,
            uid: CiString<36>,
            result: CommandResult,
        ) -> ();
    }
}

/// One command request, any of the five: what an eMSP sends to `{commands_endpoint}/{command}`.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface, Request Body ("Choice: one of five")
#[derive(Debug, Clone, PartialEq)]
pub enum CommandRequest {
    /// `START_SESSION`.
    StartSession(StartSession),
    /// `STOP_SESSION`.
    StopSession(StopSession),
    /// `RESERVE_NOW`.
    ReserveNow(ReserveNow),
    /// `CANCEL_RESERVATION`.
    CancelReservation(CancelReservation),
    /// `UNLOCK_CONNECTOR`.
    UnlockConnector(UnlockConnector),
}

macro_rules! command_request {
    ($($variant:ident),*) => {
        impl CommandRequest {
            /// The command (the URL segment).
            pub fn command(&self) -> CommandType {
                match self {
                    $(CommandRequest::$variant(_) => CommandType::$variant,)*
                }
            }

            /// The URL the result is to be POSTed to.
            pub fn response_url(&self) -> &Url {
                match self {
                    $(CommandRequest::$variant(c) => &c.response_url,)*
                }
            }

            /// Replaces the `response_url`.
            pub fn set_response_url(&mut self, url: Url) {
                match self {
                    $(CommandRequest::$variant(c) => c.response_url = url,)*
                }
            }
        }

        $(
            impl From<$variant> for CommandRequest {
                fn from(c: $variant) -> Self {
                    CommandRequest::$variant(c)
                }
            }
        )*
    };
}

command_request!(
    StartSession,
    StopSession,
    ReserveNow,
    CancelReservation,
    UnlockConnector
);

impl CommandRequest {
    /// The `authorization_reference` of a StartSession or ReserveNow (repeated by the CPO in
    /// the Session and CDR).
    pub fn authorization_reference(&self) -> Option<&CiString<36>> {
        match self {
            CommandRequest::StartSession(c) => c.authorization_reference.as_ref(),
            CommandRequest::ReserveNow(c) => c.authorization_reference.as_ref(),
            _ => None,
        }
    }

    fn authorization_reference_mut(&mut self) -> Option<&mut Option<CiString<36>>> {
        match self {
            CommandRequest::StartSession(c) => Some(&mut c.authorization_reference),
            CommandRequest::ReserveNow(c) => Some(&mut c.authorization_reference),
            _ => None,
        }
    }
}

/// Something that happened to a command after it was registered, in order.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Flow
#[derive(Debug, Clone, PartialEq)]
pub enum CommandEvent {
    /// The Receiver's immediate answer.
    Response(CommandResponse),
    /// The request could not be sent, or the Receiver answered with an error (the text of
    /// the error).
    SendFailed(String),
    /// A result POSTed to the command's `response_url` (a `RESERVE_NOW` may get a second one,
    /// `CANCELED_RESERVATION`).
    Result(CommandResult),
    /// A Session carrying the command's `authorization_reference` (its id).
    Session(CiString<36>),
}

/// Where a command stands, from its history.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Flow (including "a `START_SESSION` that is accepted,
/// but no new Session is started"), §CommandResponse Object (`timeout`)
#[derive(Debug, Clone, PartialEq)]
pub enum CommandState {
    /// Registered; no answer from the Receiver yet.
    Sent,
    /// The request failed (see [`CommandEvent::SendFailed`]): no result will come.
    Failed,
    /// The Receiver answered other than `ACCEPTED`: no result will come.
    NotAccepted(CommandResponseType),
    /// The Receiver accepted the command; its result has not arrived (the CommandResponse's
    /// `timeout` says how long to wait for it).
    Accepted,
    /// The latest result (no Session matched the command).
    Finished(CommandResultType),
    /// A Session with the command's `authorization_reference` arrived, and no result said
    /// otherwise (no result yet, or `ACCEPTED`).
    SessionStarted(CiString<36>),
    /// A Session with the command's `authorization_reference` arrived although the result
    /// said otherwise (typically `TIMEOUT`: the driver plugged in after the Charge Point gave
    /// up waiting): the command timed out, but the session started anyway.
    SessionStartedDespite {
        /// The result received.
        result: CommandResultType,
        /// The Session's id.
        session_id: CiString<36>,
    },
}

/// What the sending side knows about one command: who it went to, where its result is
/// expected, and what has happened since.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Sender Interface ("The Sender can then match the
/// unique identifier from the URL called with the request")
#[derive(Debug, Clone, PartialEq)]
pub struct CommandRecord {
    /// The unique id in the `response_url`.
    pub uid: CiString<36>,
    /// The peer the command was sent to (only it may POST the result).
    pub peer: PeerId,
    /// The version spoken with the peer.
    pub version: OcpiVersion,
    /// The command.
    pub command: CommandType,
    /// The `response_url` given.
    pub response_url: Url,
    /// The `authorization_reference` given (START_SESSION, RESERVE_NOW).
    pub authorization_reference: Option<CiString<36>>,
    /// Every event since registration, in order.
    pub events: Vec<CommandEvent>,
}

impl CommandRecord {
    /// The Receiver's immediate answer, when recorded.
    pub fn response(&self) -> Option<&CommandResponse> {
        self.events.iter().find_map(|e| match e {
            CommandEvent::Response(r) => Some(r),
            _ => None,
        })
    }

    /// Every result received, in order.
    pub fn results(&self) -> impl Iterator<Item = &CommandResult> {
        self.events.iter().filter_map(|e| match e {
            CommandEvent::Result(r) => Some(r),
            _ => None,
        })
    }

    /// The id of the Session matched to the command, if any.
    pub fn session_id(&self) -> Option<&CiString<36>> {
        self.events.iter().find_map(|e| match e {
            CommandEvent::Session(id) => Some(id),
            _ => None,
        })
    }

    /// Where the command stands.
    pub fn state(&self) -> CommandState {
        let result = self.results().last().map(|r| r.result.clone());
        if let Some(session_id) = self.session_id().cloned() {
            return match result {
                Some(result) if result != CommandResultType::Accepted => {
                    CommandState::SessionStartedDespite { result, session_id }
                }
                _ => CommandState::SessionStarted(session_id),
            };
        }
        if let Some(result) = result {
            return CommandState::Finished(result);
        }
        match self.response() {
            Some(r) if r.result == CommandResponseType::Accepted => CommandState::Accepted,
            Some(r) => CommandState::NotAccepted(r.result.clone()),
            None if self
                .events
                .iter()
                .any(|e| matches!(e, CommandEvent::SendFailed(_))) =>
            {
                CommandState::Failed
            }
            None => CommandState::Sent,
        }
    }
}

type Listener = Arc<dyn Fn(&CommandRecord) + Send + Sync>;

/// The commands a party has sent, and what became of each: the correlation of requests,
/// immediate responses, asynchronous results and Sessions.
///
/// - [`register`](PendingCommands::register) gives a command a uid and a `response_url` under
///   the party's own commands Sender endpoint
///   (`{base}/{version}/sender/commands/{command}/{uid}`); for a START_SESSION or RESERVE_NOW
///   without an `authorization_reference` it sets one (the uid), so its Session can be
///   matched. [`CommandsReceiverClient::send_tracked`](crate::client::CommandsReceiverClient::send_tracked)
///   does this, sends the command and records the response.
/// - [`record_result`](PendingCommands::record_result) matches a result by uid; as the
///   mounted [`CommandsSender`] it answers a POST on an unknown uid, on another command's
///   URL, or from another peer than the one the command went to with 404 (the URL names no
///   resource of that peer; the body is not at fault, so not 2001).
/// - [`session`](PendingCommands::session) matches a Session (2.3.0 model, as a Sessions
///   Receiver gets it) to the START_SESSION or RESERVE_NOW with the same
///   `authorization_reference`.
///
/// Cloning shares the records. Records stay until [`remove`](PendingCommands::remove)d.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Flow ("the Sender can make some unique identifier part
/// of the `response_url`"), §Sender Interface; 2.3.0 mod_sessions.asciidoc §Session Object
/// (`authorization_reference`)
#[derive(Clone)]
pub struct PendingCommands {
    base_url: Arc<str>,
    records: Arc<Mutex<BTreeMap<CiString<36>, CommandRecord>>>,
    listener: Option<Listener>,
}

impl fmt::Debug for PendingCommands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCommands")
            .field("base_url", &self.base_url)
            .field("commands", &self.lock().len())
            .finish_non_exhaustive()
    }
}

impl PendingCommands {
    /// A tracker for a platform served at `base_url` (its
    /// [`ServerConfig::base_url`](crate::server::ServerConfig::base_url)). Fails when the
    /// longest `response_url` it would make does not fit an OCPI URL (255 characters).
    pub fn new(base_url: &Url) -> Result<Self, UrlError> {
        let pending = PendingCommands {
            base_url: base_url.as_str().into(),
            records: Arc::default(),
            listener: None,
        };
        let longest = "0".repeat(36);
        Url::new(&pending.url(
            OcpiVersion::V2_3_0,
            &CommandType::CancelReservation,
            &longest,
        ))?;
        Ok(pending)
    }

    /// Calls `listener` with the record of a command every time it changes (response,
    /// result, Session), after the change.
    pub fn with_listener(
        mut self,
        listener: impl Fn(&CommandRecord) + Send + Sync + 'static,
    ) -> Self {
        self.listener = Some(Arc::new(listener));
        self
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<CiString<36>, CommandRecord>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn url(&self, version: OcpiVersion, command: &CommandType, uid: &str) -> String {
        let endpoint = endpoint_url(&self.base_url, version, Module::Commands, Interface::Sender);
        format!("{endpoint}/{command}/{uid}")
    }

    /// Registers a command about to be sent to `peer` (spoken to in `version`): sets its
    /// `response_url` (and, for START_SESSION and RESERVE_NOW, an `authorization_reference`
    /// equal to the uid when it has none) and returns its uid.
    pub fn register(
        &self,
        peer: &PeerId,
        version: OcpiVersion,
        request: &mut CommandRequest,
    ) -> Result<CiString<36>, UrlError> {
        let uid: CiString<36> = CiString::new(MessageId::generate().as_str())
            .map_err(|e| UrlError::Invalid(e.to_string()))?;
        let command = request.command();
        let response_url = Url::new(&self.url(version, &command, uid.as_str()))?;
        request.set_response_url(response_url.clone());
        if let Some(reference @ None) = request.authorization_reference_mut() {
            *reference = Some(uid.clone());
        }
        let record = CommandRecord {
            uid: uid.clone(),
            peer: peer.clone(),
            version,
            command,
            response_url,
            authorization_reference: request.authorization_reference().cloned(),
            events: Vec::new(),
        };
        self.lock().insert(uid.clone(), record);
        Ok(uid)
    }

    /// Appends an event to a command and tells the listener.
    fn push(&self, uid: &CiString<36>, event: CommandEvent) -> Option<CommandRecord> {
        let record = {
            let mut records = self.lock();
            let record = records.get_mut(uid)?;
            record.events.push(event);
            record.clone()
        };
        if let Some(listener) = &self.listener {
            listener(&record);
        }
        Some(record)
    }

    /// Records the Receiver's immediate answer to the command `uid`.
    pub fn record_response(
        &self,
        uid: &CiString<36>,
        response: CommandResponse,
    ) -> Option<CommandRecord> {
        self.push(uid, CommandEvent::Response(response))
    }

    /// Records that the command `uid` could not be sent (or was refused with an error).
    pub fn record_failure(
        &self,
        uid: &CiString<36>,
        error: impl fmt::Display,
    ) -> Option<CommandRecord> {
        self.push(uid, CommandEvent::SendFailed(error.to_string()))
    }

    /// Records a result POSTed by `peer` on `{command}/{uid}`.
    /// [`ModuleError::NotFound`] (404) when no command of that type and uid was sent to that
    /// peer.
    pub fn record_result(
        &self,
        peer: &PeerId,
        command: &CommandType,
        uid: &CiString<36>,
        result: CommandResult,
    ) -> Result<CommandRecord, ModuleError> {
        let known = self
            .lock()
            .get(uid)
            .is_some_and(|r| r.peer == *peer && r.command == *command);
        if !known {
            return Err(ModuleError::not_found(format!(
                "no {command} command {uid} sent to this party"
            )));
        }
        self.push(uid, CommandEvent::Result(result))
            .ok_or_else(|| ModuleError::not_found(uid))
    }

    /// Matches a Session pushed by `peer` to the START_SESSION or RESERVE_NOW sent to that
    /// peer with the Session's `authorization_reference`, and records it (once) on that
    /// command. Returns the command's record, or `None` when the Session has no reference or
    /// no command sent to `peer` has it (another CPO cannot claim a command by its
    /// reference).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §StartSession Object, §ReserveNow Object
    /// (`authorization_reference`: "this reference will be provided in the relevant Session")
    pub fn session(&self, peer: &PeerId, session: &Session) -> Option<CommandRecord> {
        let reference = session.authorization_reference.as_ref()?;
        let (uid, seen) = self.lock().values().find_map(|r| {
            let matches = matches!(
                r.command,
                CommandType::StartSession | CommandType::ReserveNow
            ) && r.peer == *peer
                && r.authorization_reference.as_ref() == Some(reference);
            matches.then(|| (r.uid.clone(), r.session_id() == Some(&session.id)))
        })?;
        if seen {
            return self.get(&uid);
        }
        self.push(&uid, CommandEvent::Session(session.id.clone()))
    }

    /// The record of the command `uid`.
    pub fn get(&self, uid: &CiString<36>) -> Option<CommandRecord> {
        self.lock().get(uid).cloned()
    }

    /// The record of the command with this `authorization_reference`.
    pub fn by_reference(&self, reference: &CiString<36>) -> Option<CommandRecord> {
        self.lock()
            .values()
            .find(|r| r.authorization_reference.as_ref() == Some(reference))
            .cloned()
    }

    /// Every record, by uid.
    pub fn records(&self) -> Vec<CommandRecord> {
        self.lock().values().cloned().collect()
    }

    /// Forgets the command `uid` (later results for it are a 404), returning its record.
    pub fn remove(&self, uid: &CiString<36>) -> Option<CommandRecord> {
        self.lock().remove(uid)
    }
}

impl CommandsSender for PendingCommands {
    async fn result(
        &self,
        ctx: &super::Context,
        command: CommandType,
        uid: CiString<36>,
        result: CommandResult,
    ) -> Result<(), ModuleError> {
        self.record_result(&ctx.peer, &command, &uid, result)
            .map(drop)
    }
}

wire!(StartSession, "StartSession" {
    v2_2_1: v2_2_1::commands::StartSession, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::commands::StartSession, up: |e| TokenInput::new(e.owner()?), down: |e| ();
});
wire!(ReserveNow, "ReserveNow" {
    v2_2_1: v2_2_1::commands::ReserveNow, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::commands::ReserveNow, up: |e| TokenInput::new(e.owner()?), down: |e| ();
});
wire!(StopSession, "StopSession" {
    v2_2_1: same;
    v2_1_1: v2_1_1::commands::StopSession, up: |e| (), down: |e| ();
});
wire!(UnlockConnector, "UnlockConnector" {
    v2_2_1: same;
    v2_1_1: v2_1_1::commands::UnlockConnector, up: |e| (), down: |e| ();
});
wire!(CancelReservation, "CancelReservation" {
    v2_2_1: same;
});
wire!(CommandResponse, "CommandResponse" {
    v2_2_1: same;
    v2_1_1: v2_1_1::commands::CommandResponse,
        up: |e| CommandResponseInput::new(e.bridge.command_timeout),
        down: |e| ();
});
wire!(CommandResult, "CommandResult" {
    v2_2_1: same;
    v2_1_1: v2_1_1::commands::CommandResponse, up: |e| (), down: |e| ();
});
