//! Commands module: the command requests sent to a CPO, its direct response and the
//! asynchronous result from the Charge Point.
//!
//! ReserveNow and StartSession carry a 2.3.0 [`Token`] (whose TokenType gained `EMAID`), so
//! they are defined again; everything else is unchanged.
//!
//! Identical to 2.2.1 and re-exported: CancelReservation, CommandResponse, CommandResult,
//! StopSession, UnlockConnector, CommandResponseType, CommandResultType, CommandType.
//!
//! Spec: 2.3.0 mod_commands.asciidoc

use super::tokens::Token;
use crate::types::{ocpi_object, CiString, DateTime, Url};
pub use crate::v2_2_1::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    CommandType, StopSession, UnlockConnector,
};

ocpi_object! {
    /// Request to reserve an EVSE of a location for a token, from now until `expiry_date`
    /// (the `RESERVE_NOW` command).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §ReserveNow Object
    pub struct ReserveNow {
        /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
        /// apart.
        req response_url: Url,
        /// The token to reserve for; already authorized by the eMSP.
        req token: Token,
        /// When the reservation ends, in UTC.
        req expiry_date: DateTime,
        /// Unique id of the reservation; a reservation with the same id at that location is
        /// replaced.
        req reservation_id: CiString<36>,
        /// `Location.id` of the location (of this CPO) at which to reserve an EVSE.
        req location_id: CiString<36>,
        /// `EVSE.uid` of the EVSE to reserve; if absent, the Charge Point keeps any one EVSE
        /// available.
        opt evse_uid: CiString<36>,
        /// Reference to the authorization given by the eMSP; when present it is repeated in
        /// the related Session and/or CDR.
        opt authorization_reference: CiString<36>,
    }
}

ocpi_object! {
    /// Request to start a charging session for a token (the `START_SESSION` command).
    ///
    /// Spec: 2.3.0 mod_commands.asciidoc §StartSession Object
    pub struct StartSession {
        /// URL the CommandResult is to be POSTed to; may contain a unique ID to tell requests
        /// apart.
        req response_url: Url,
        /// The token to start the session with; already authorized by the eMSP (or a token
        /// never pushed, such as an `AD_HOC_USER` or `APP_USER` token).
        req token: Token,
        /// `Location.id` of the location (of this CPO) on which to start the session.
        req location_id: CiString<36>,
        /// `EVSE.uid` of the EVSE on which to start the session; required when `connector_id`
        /// is set. If absent, the Charge Point may choose.
        opt evse_uid: CiString<36>,
        /// `Connector.id` of the connector on which to start the session; required when the
        /// EVSE has the capability `START_SESSION_CONNECTOR_REQUIRED`.
        opt connector_id: CiString<36>,
        /// Reference to the authorization given by the eMSP (or by the PTP, for a payment
        /// terminal); when present it is repeated in the related Session and/or CDR.
        opt authorization_reference: CiString<36>,
    }
}
