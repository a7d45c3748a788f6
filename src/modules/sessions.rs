//! The Sessions module: the CPO's Sender interface (the eMSP pulls Sessions, and sets the
//! driver's charging preferences of an ongoing session) and the eMSP's Receiver interface
//! (the CPO pushes its Sessions as they start, progress and end).
//!
//! ## Versions
//!
//! The interfaces are the same in 2.2.1 and 2.3.0. 2.1.1 has no charging preferences (its
//! Sender interface answers the list GET only: the `charging_preferences` path is a 404
//! there), and its Session differs on the wire: it names the token by `auth_id` and embeds the
//! whole Location of the session. The same handlers serve 2.1.1 peers: a Session read from one
//! gets its CdrToken from the [token lookup](crate::modules::Bridge::with_cdr_token_lookup) (and
//! its `auth_method`, when absent, from
//! [`Bridge::session_auth_method`](crate::modules::Bridge::session_auth_method)); a Session
//! written for one gets its Location from the
//! [location lookup](crate::modules::Bridge::with_location_lookup). Where they give nothing,
//! the Session is refused with 2001. A 2.1.1 PATCH replaces `charging_periods` where 2.2.1 and
//! 2.3.0 append them: such periods are not passed on (and are reported to
//! [`Bridge::on_loss`](crate::modules::Bridge::on_loss)); the CPO's next PUT carries them.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc §Interfaces and Endpoints; 2.2.1 the same; 2.1.1
//! mod_sessions.md §2 Interfaces and endpoints

use super::wire::wire;
use super::{interface, Edge, ListPage, ListQuery};
use crate::convert::v211_v221::{SessionInput, SessionPatchInput};
use crate::convert::v221_v230::{CdrTokenUpgrade, PriceUpgrade, SessionUpgrade};
use crate::convert::{Convert, ConvertError};
use crate::transport::PartyRef;
use crate::types::CiString;
use crate::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, Session, SessionPatch,
};
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Sender interface of Sessions, implemented by the CPO (the data owner): the list of
    /// its Sessions, and the charging preferences an eMSP sets for an ongoing session.
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §Sender Interface (GET list with `date_from`,
    /// `date_to`, `offset`, `limit`; PUT `{session_id}/charging_preferences`)
    pub trait SessionsSender as ErasedSessionsSender {
        /// GET the list: the page `query` asks for, filtered on `last_updated`. The server has
        /// checked that `date_from` is given (the spec's table requires it): it is always
        /// `Some` here.
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<Session>;
        /// PUT the driver's charging preferences for the ongoing session `session_id` (2.2.1
        /// and later), and answer whether the CPO accepts them.
        ///
        /// Return [`ModuleError::NotFound`](super::ModuleError::NotFound) for a session that
        /// does not exist, or whose EVSE does not have the capability
        /// `CHARGING_PREFERENCES_CAPABLE`: the server answers HTTP 404 with OCPI status 2001,
        /// as the spec names for the latter. The URL names no party: checking that the
        /// session is one of the caller's (`ctx.from`, `ctx.parties`) is the handler's.
        ///
        /// Spec: 2.3.0 mod_sessions.asciidoc §PUT Method, §ChargingPreferencesResponse enum
        /// ("If a PUT with `ChargingPreferences` is received for an EVSE that does not have
        /// the capability `CHARGING_PREFERENCES_CAPABLE`, the receiver should respond with an
        /// HTTP status of 404 and an OCPI status code of 2001")
        fn charging_preferences(
            &self,
            ctx: &Context,
            session_id: CiString<36>,
            preferences: ChargingPreferences,
        ) -> ChargingPreferencesResponse;
    }
}

interface! {
    /// The Receiver interface of Sessions, implemented by the eMSP (and SCSP): the CPO pushes
    /// its Sessions here, whole (PUT) or in part (PATCH), and may read back what the receiver
    /// holds (GET).
    ///
    /// The server has checked, before calling: the party of the URL is the caller's; the
    /// `country_code`, `party_id` and `id` of a PUT body (and of a PATCH body that has them)
    /// match the URL; a PATCH carries `last_updated`.
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface (GET, PUT, PATCH
    /// `{country_code}/{party_id}/{session_id}`)
    pub trait SessionsReceiver as ErasedSessionsReceiver {
        /// GET a Session as the receiver holds it
        /// ([`ModuleError::NotFound`](super::ModuleError::NotFound) when unknown).
        fn session(&self, ctx: &Context, party: PartyRef, session_id: CiString<36>) -> Session;
        /// PUT a whole Session, new or replacing the stored one. Its `charging_periods`
        /// replace the stored ones; an omitted or empty list removes them.
        ///
        /// Spec: 2.3.0 mod_sessions.asciidoc §PUT Method ("The newly received Session object
        /// SHALL replace the existing object")
        fn put_session(
            &self,
            ctx: &Context,
            party: PartyRef,
            session_id: CiString<36>,
            session: Session,
        ) -> ();
        /// PATCH a Session: [`SessionPatch::apply_to`] applies it to the stored one, adding
        /// its `charging_periods` to the stored list (an omitted or empty list changes
        /// nothing).
        ///
        /// Spec: 2.3.0 mod_sessions.asciidoc §PATCH Method ("this SHALL be processed as a
        /// request to add all the ChargingPeriod objects to the existing Session object")
        fn patch_session(
            &self,
            ctx: &Context,
            party: PartyRef,
            session_id: CiString<36>,
            patch: SessionPatch,
        ) -> ();
    }
}

/// The 2.2.1 CdrToken behind a 2.1.1 `auth_id`, from the application's token lookup.
pub(super) fn token_of_auth_id(
    edge: &Edge<'_>,
    auth_id: &str,
) -> Result<v2_2_1::cdrs::CdrToken, ConvertError> {
    let token = edge.bridge.cdr_token(auth_id, "auth_id")?;
    let converted = Convert::<v2_2_1::cdrs::CdrToken>::convert(token, &())?;
    edge.bridge.report("CdrToken", &converted.losses);
    Ok(converted.value)
}

/// The owner of a 2.2.1 CdrToken that lacks `country_code` or `party_id`, from the
/// application's token lookup (none for a token that names its owner, or when the lookup
/// finds nothing: the upgrade then says what is missing).
pub(super) fn token_owner(edge: &Edge<'_>, token: &v2_2_1::cdrs::CdrToken) -> CdrTokenUpgrade {
    let complete = token.country_code.is_some() && token.party_id.is_some();
    let owner = (!complete)
        .then(|| {
            edge.bridge
                .cdr_token(token.contract_id.as_str(), "cdr_token")
                .ok()
        })
        .flatten()
        .map(|t| PartyRef::new(t.country_code, t.party_id));
    CdrTokenUpgrade::new(owner)
}

/// The prices of a 2.2.1 object become 2.3.0 prices with the application's tax name.
pub(super) fn price_upgrade(edge: &Edge<'_>) -> PriceUpgrade {
    PriceUpgrade::new(edge.bridge.tax_name.clone())
}

/// The 2.1.1 Location `location_id` of `party`, from the application's location lookup.
pub(super) fn location_211(
    edge: &Edge<'_>,
    party: PartyRef,
    location_id: &str,
) -> Result<v2_1_1::locations::Location, ConvertError> {
    let location = edge.bridge.location(&party, location_id, "location_id")?;
    let v221 = Convert::<v2_2_1::locations::Location>::convert(location, &())?.value;
    let input = crate::convert::v211_v221::LocationDowngrade {
        postal_code: edge.bridge.postal_code.clone(),
    };
    Ok(Convert::<v2_1_1::locations::Location>::convert(v221, &input)?.value)
}

wire!(Session, "Session" {
    v2_2_1: v2_2_1::sessions::Session,
        up: |e, s| SessionUpgrade::new(token_owner(e, &s.cdr_token), price_upgrade(e)),
        down: |e| ();
    v2_1_1: v2_1_1::sessions::Session,
        up: |e, s| SessionInput {
            party: e.owner()?,
            cdr_token: token_of_auth_id(e, s.auth_id.as_str())?,
            auth_method: e.bridge.session_auth_method.clone(),
        },
        down: |e, s| location_211(
            e,
            PartyRef::new(s.country_code, s.party_id),
            s.location_id.as_str(),
        )?;
});
wire!(SessionPatch, "Session PATCH" {
    v2_2_1: v2_2_1::sessions::SessionPatch,
        up: |e, p| SessionUpgrade::new(
            p.cdr_token
                .as_ref()
                .map_or(CdrTokenUpgrade::new(None), |t| token_owner(e, t)),
            price_upgrade(e),
        ),
        down: |e| ();
    v2_1_1: v2_1_1::sessions::SessionPatch,
        // A 2.1.1 PATCH carries no `last_updated` (as a Location's): stamped when received.
        up: |e, p| SessionPatchInput {
            last_updated: Some(crate::types::DateTime::now()),
            cdr_token: p
                .auth_id
                .as_ref()
                .map(|a| token_of_auth_id(e, a.as_str()))
                .transpose()?,
        },
        down: |e| ();
});
wire!(ChargingPreferences, "ChargingPreferences" {
    v2_2_1: same;
});
wire!(ChargingPreferencesResponse, "ChargingPreferencesResponse" {
    v2_2_1: same;
});
