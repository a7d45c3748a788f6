//! Commands module: the command requests sent to a CPO and the responses.
//!
//! Nothing is re-exported from 2.2.1: the 2.1.1 requests use `string(n)` ids of other lengths
//! and a 2.1.1 Token, ReserveNow has an integer `reservation_id`, there is no
//! CancelReservation or CommandResult, and both enums have other value lists.
//!
//! Spec: 2.1.1 mod_commands.md

use super::tokens::Token;
use crate::types::{ocpi_enum, ocpi_object, DateTime, OcpiString, Url};

ocpi_object! {
    /// The result of a command request: the CPO's direct answer, and also the body of the
    /// asynchronous POST to the eMSP with the Charge Point's answer.
    ///
    /// Spec: 2.1.1 mod_commands.md §CommandResponse Object
    pub struct CommandResponse {
        /// Result of the command request.
        req result: CommandResponseType,
    }
}

ocpi_object! {
    /// Request to reserve an EVSE of a location for a token, from now until `expiry_date`
    /// (the `RESERVE_NOW` command).
    ///
    /// Spec: 2.1.1 mod_commands.md §ReserveNow Object
    pub struct ReserveNow {
        /// URL the CommandResponse POST is to be sent to; may contain a unique ID to tell
        /// requests apart.
        req response_url: Url,
        /// The token to reserve the Charge Point (and EVSE) for.
        req token: Token,
        /// When the reservation ends.
        req expiry_date: DateTime,
        /// Reservation id, unique for this reservation; a reservation with the same id at the
        /// Charge Point is replaced.
        req reservation_id: i64,
        /// `Location.id` of the location (of this CPO) at which to reserve an EVSE.
        req location_id: OcpiString<39>,
        /// `EVSE.uid` of the EVSE to reserve; if absent, the Charge Point keeps any one EVSE
        /// available.
        opt evse_uid: OcpiString<39>,
    }
}

ocpi_object! {
    /// Request to start a charging session for a token (the `START_SESSION` command).
    ///
    /// Spec: 2.1.1 mod_commands.md §StartSession Object
    pub struct StartSession {
        /// URL the CommandResponse POST is to be sent to; may contain a unique ID to tell
        /// requests apart.
        req response_url: Url,
        /// The token the Charge Point has to start the session with.
        req token: Token,
        /// `Location.id` of the location (of this CPO) on which to start the session.
        req location_id: OcpiString<39>,
        /// `EVSE.uid` of the EVSE on which to start the session; if absent, the Charge Point
        /// may choose.
        opt evse_uid: OcpiString<39>,
    }
}

ocpi_object! {
    /// Request to stop an ongoing session (the `STOP_SESSION` command).
    ///
    /// Spec: 2.1.1 mod_commands.md §StopSession Object
    pub struct StopSession {
        /// URL the CommandResponse POST is to be sent to; may contain a unique ID to tell
        /// requests apart.
        req response_url: Url,
        /// `Session.id` of the session to stop.
        req session_id: OcpiString<36>,
    }
}

ocpi_object! {
    /// Request to unlock a connector of a Charge Point (the `UNLOCK_CONNECTOR` command).
    ///
    /// Spec: 2.1.1 mod_commands.md §UnlockConnector Object
    pub struct UnlockConnector {
        /// URL the CommandResponse POST is to be sent to; may contain a unique ID to tell
        /// requests apart.
        req response_url: Url,
        /// `Location.id` of the location (of this CPO) of the connector.
        req location_id: OcpiString<39>,
        /// `EVSE.uid` of the EVSE of the connector.
        req evse_uid: OcpiString<39>,
        /// `Connector.id` of the connector to unlock.
        req connector_id: OcpiString<36>,
    }
}

ocpi_enum! {
    /// The result of a command request.
    ///
    /// Spec: 2.1.1 mod_commands.md §CommandResponseType enum
    pub enum CommandResponseType {
        /// The command is not supported by this CPO, Charge Point, EVSE etc.
        NotSupported = "NOT_SUPPORTED",
        /// The CPO or Charge Point rejected the command request.
        Rejected = "REJECTED",
        /// The CPO or Charge Point accepted the command request.
        Accepted = "ACCEPTED",
        /// No response was received from the Charge Point in reasonable time.
        Timeout = "TIMEOUT",
        /// The session of the command is not known by this CPO.
        UnknownSession = "UNKNOWN_SESSION",
    }
}

ocpi_enum! {
    /// The command requested (the `{command}` URL segment).
    ///
    /// Spec: 2.1.1 mod_commands.md §CommandType enum
    pub enum CommandType {
        /// Reserve a (specific) EVSE for a token for a certain time, starting now.
        ReserveNow = "RESERVE_NOW",
        /// Start a transaction on the given EVSE/Connector.
        StartSession = "START_SESSION",
        /// Stop an ongoing session.
        StopSession = "STOP_SESSION",
        /// Unlock the connector (if applicable). For help desk operators of the eMSP only;
        /// never to be sent directly by the EV driver.
        UnlockConnector = "UNLOCK_CONNECTOR",
    }
}
