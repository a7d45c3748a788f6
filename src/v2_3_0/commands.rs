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
use crate::v2_2_1::commands::{reserve_now_shape, start_session_shape};
pub use crate::v2_2_1::commands::{
    CancelReservation, CommandResponse, CommandResponseType, CommandResult, CommandResultType,
    CommandType, StopSession, UnlockConnector,
};

reserve_now_shape! {
    spec: "Spec: 2.3.0 mod_commands.asciidoc §ReserveNow Object",
    token: Token,
}

start_session_shape! {
    spec: "Spec: 2.3.0 mod_commands.asciidoc §StartSession Object",
    token: Token {
        /// The token to start the session with; already authorized by the eMSP (or a token
        /// never pushed, such as an `AD_HOC_USER` or `APP_USER` token).
    },
    authorization_reference: {
        /// Reference to the authorization given by the eMSP (or by the PTP, for a payment
        /// terminal); when present it is repeated in the related Session and/or CDR.
    },
}
