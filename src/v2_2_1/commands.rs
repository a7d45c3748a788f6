//! Commands module: the command requests sent to a CPO, its direct response and the
//! asynchronous result from the Charge Point.
//!
//! Spec: 2.2.1 mod_commands.asciidoc

use super::tokens::Token;
use crate::types::{ocpi_enum, ocpi_object, CiString, DisplayText, Url};

ocpi_object! {
    /// Request to cancel an existing reservation (the `CANCEL_RESERVATION` command).
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CancelReservation Object
    pub struct CancelReservation {
        /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
        /// apart.
        req response_url: Url,
        /// The reservation id the Sender gave in the ReserveNow.
        req reservation_id: CiString<36>,
    }
}

ocpi_object! {
    /// The direct answer of the Receiver (CPO) to a command request, not that of the Charge
    /// Point.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResponse Object
    pub struct CommandResponse {
        /// Response of the CPO to the command request.
        req result: CommandResponseType,
        /// Timeout of this command, in seconds: without a CommandResult by then, the eMSP may
        /// assume none will come.
        req timeout: i64,
        /// Human-readable description of the result, possibly in several languages.
        opt message: Vec<DisplayText>,
    }
}

ocpi_object! {
    /// The result of a command as reported by the Charge Point, POSTed asynchronously to the
    /// command's `response_url`.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResult Object
    pub struct CommandResult {
        /// Result of the command as sent by the Charge Point to the CPO.
        req result: CommandResultType,
        /// Human-readable description of the reason, possibly in several languages.
        opt message: Vec<DisplayText>,
    }
}

shape! {
    /// Declares `ReserveNow` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line and the
    /// version's Token.
    macro reserve_now_shape(spec: $spec:literal, token: $token:ty $(,)?) => ocpi_object! {
        /// Request to reserve an EVSE of a location for a token, from now until `expiry_date`
        /// (the `RESERVE_NOW` command).
        ///
        #[doc = $spec]
        pub struct ReserveNow {
            /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
            /// apart.
            req response_url: $crate::types::Url,
            /// The token to reserve for; already authorized by the eMSP.
            req token: $token,
            /// When the reservation ends, in UTC.
            req expiry_date: $crate::types::DateTime,
            /// Unique id of the reservation; a reservation with the same id at that location is
            /// replaced.
            req reservation_id: $crate::types::CiString<36>,
            /// `Location.id` of the location (of this CPO) at which to reserve an EVSE.
            req location_id: $crate::types::CiString<36>,
            /// `EVSE.uid` of the EVSE to reserve; if absent, the Charge Point keeps any one EVSE
            /// available.
            opt evse_uid: $crate::types::CiString<36>,
            /// Reference to the authorization given by the eMSP; when present it is repeated in
            /// the related Session and/or CDR.
            opt authorization_reference: $crate::types::CiString<36>,
        }
    }
}

reserve_now_shape! {
    spec: "Spec: 2.2.1 mod_commands.asciidoc §ReserveNow Object",
    token: Token,
}

shape! {
    /// Declares `StartSession` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line, the
    /// version's Token and the docs of `token` and `authorization_reference` (reworded by 2.3.0).
    macro start_session_shape(
        spec: $spec:literal,
        token: $token:ty { $(#[doc = $token_doc:literal])* },
        authorization_reference: { $(#[doc = $authorization_reference_doc:literal])* } $(,)?
    ) => ocpi_object! {
        /// Request to start a charging session for a token (the `START_SESSION` command).
        ///
        #[doc = $spec]
        pub struct StartSession {
            /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
            /// apart.
            req response_url: $crate::types::Url,
            $(#[doc = $token_doc])*
            req token: $token,
            /// `Location.id` of the location (of this CPO) on which to start the session.
            req location_id: $crate::types::CiString<36>,
            /// `EVSE.uid` of the EVSE on which to start the session; required when `connector_id`
            /// is set. If absent, the Charge Point may choose.
            opt evse_uid: $crate::types::CiString<36>,
            /// `Connector.id` of the connector on which to start the session; required when the
            /// EVSE has the capability `START_SESSION_CONNECTOR_REQUIRED`.
            opt connector_id: $crate::types::CiString<36>,
            $(#[doc = $authorization_reference_doc])*
            opt authorization_reference: $crate::types::CiString<36>,
        }
    }
}

start_session_shape! {
    spec: "Spec: 2.2.1 mod_commands.asciidoc §StartSession Object",
    token: Token {
        /// The token to start the session with; already authorized by the eMSP.
    },
    authorization_reference: {
        /// Reference to the authorization given by the eMSP; when present it is repeated in
        /// the related Session and/or CDR.
    },
}

ocpi_object! {
    /// Request to stop an ongoing session (the `STOP_SESSION` command).
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §StopSession Object
    pub struct StopSession {
        /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
        /// apart.
        req response_url: Url,
        /// `Session.id` of the session to stop.
        req session_id: CiString<36>,
    }
}

ocpi_object! {
    /// Request to unlock a connector of a Charge Point (the `UNLOCK_CONNECTOR` command).
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §UnlockConnector Object
    pub struct UnlockConnector {
        /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
        /// apart.
        req response_url: Url,
        /// `Location.id` of the location (of this CPO) of the connector.
        req location_id: CiString<36>,
        /// `EVSE.uid` of the EVSE of the connector.
        req evse_uid: CiString<36>,
        /// `Connector.id` of the connector to unlock.
        req connector_id: CiString<36>,
    }
}

ocpi_enum! {
    /// The CPO's direct response to a command request from the eMSP.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResponseType enum
    pub enum CommandResponseType {
        /// The command is not supported by this CPO, Charge Point, EVSE etc.
        NotSupported = "NOT_SUPPORTED",
        /// The CPO rejected the command request (the session might not belong to a customer
        /// of the requesting eMSP).
        Rejected = "REJECTED",
        /// The CPO accepted the command request.
        Accepted = "ACCEPTED",
        /// The session of the command is not known by this CPO.
        UnknownSession = "UNKNOWN_SESSION",
    }
}

ocpi_enum! {
    /// The result of a command sent to the Charge Point.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResultType enum
    pub enum CommandResultType {
        /// The Charge Point accepted the command request.
        Accepted = "ACCEPTED",
        /// The CPO canceled the reservation.
        CanceledReservation = "CANCELED_RESERVATION",
        /// The EVSE is occupied by another ongoing session; no new session can start.
        EvseOccupied = "EVSE_OCCUPIED",
        /// The EVSE is inoperative or faulted.
        EvseInoperative = "EVSE_INOPERATIVE",
        /// Execution of the command failed at the Charge Point.
        Failed = "FAILED",
        /// The command is not supported by this Charge Point, EVSE etc.
        NotSupported = "NOT_SUPPORTED",
        /// The Charge Point rejected the command request.
        Rejected = "REJECTED",
        /// No response was received from the Charge Point in reasonable time.
        Timeout = "TIMEOUT",
        /// The reservation of the command is not known by this Charge Point.
        UnknownReservation = "UNKNOWN_RESERVATION",
    }
}

ocpi_enum! {
    /// The command requested (the `{command}` URL segment of the Receiver interface).
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandType enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_commands.asciidoc §CommandType OpenEnum).
    pub open enum CommandType {
        /// Cancel a specific reservation.
        CancelReservation = "CANCEL_RESERVATION",
        /// Reserve a (specific) EVSE for a token for a certain time, starting now.
        ReserveNow = "RESERVE_NOW",
        /// Start a transaction on the given EVSE/connector.
        StartSession = "START_SESSION",
        /// Stop an ongoing session.
        StopSession = "STOP_SESSION",
        /// Unlock the connector (if applicable). For help desk operators only; never to be
        /// sent directly by the EV driver.
        UnlockConnector = "UNLOCK_CONNECTOR",
    }
}
