//! The module traits implemented by [`Memory`], one block per module interface.
//!
//! Spec: the Sender Interface and Receiver Interface sections of each 2.3.0 module chapter

use super::{not_found, Kept, Memory, ProfileResult, Request};
use crate::modules::cdrs::{CdrsReceiver, CdrsSender};
use crate::modules::charging_profiles::{ChargingProfilesReceiver, ChargingProfilesSender};
use crate::modules::commands::CommandsReceiver;
use crate::modules::hub_client_info::{HubClientInfoReceiver, HubClientInfoSender};
use crate::modules::locations::{LocationsReceiver, LocationsSender};
use crate::modules::payments::{PaymentsReceiver, PaymentsSender};
use crate::modules::sessions::{SessionsReceiver, SessionsSender};
use crate::modules::tariffs::{TariffPatch, TariffsReceiver, TariffsSender};
use crate::modules::tokens::{TokensReceiver, TokensSender};
use crate::modules::{Context, ListPage, ListQuery, ModuleError, ModuleResult};
use crate::transport::{MessageId, PartyRef, StatusCode};
use crate::types::{CiString, CountryCode, DateTime, PartyId, Url};
use crate::v2_3_0::cdrs::Cdr;
use crate::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResponse,
    ChargingProfileResponseType, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
};
use crate::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, ReserveNow, StartSession, StopSession,
    UnlockConnector,
};
use crate::v2_3_0::hub_client_info::ClientInfo;
use crate::v2_3_0::locations::{
    Capability, Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch, MissingPart,
};
use crate::v2_3_0::payments::{FinancialAdviceConfirmation, Terminal, TerminalPatch};
use crate::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, Session, SessionPatch, SessionStatus,
};
use crate::v2_3_0::tariffs::Tariff;
use crate::v2_3_0::tokens::{
    AllowedType, AuthorizationInfo, LocationReferences, Token, TokenPatch, TokenType,
};

/// A Receiver method that answers the object stored under the party and id of the URL
/// (404 when there is none): `method(id type) -> object type, store, "what"`.
macro_rules! stored {
    ($method:ident($id:ty) -> $t:ty, $store:ident, $what:literal) => {
        async fn $method(&self, _: &Context, party: PartyRef, id: $id) -> ModuleResult<$t> {
            self.$store.found(
                &(party, id.clone()),
                format_args!(concat!($what, " {}"), id),
            )
        }
    };
}

/// A method that keeps the object it is given, in place of the one stored under its key;
/// the ids of the URL go unused: `method(URL id types) object: type, store`.
macro_rules! keep {
    ($method:ident($($url:ty),*) $object:ident: $t:ty, $store:ident) => {
        async fn $method(&self, _: &Context, $(_: $url,)* $object: $t) -> ModuleResult<()> {
            self.$store.put($object);
            Ok(())
        }
    };
}

/// A Sender method that keeps the charging profile result posted to the `response_url` with
/// the id `uid`: `method(result type) => ProfileResult variant`.
macro_rules! profile_result {
    ($method:ident($t:ty) => $variant:ident) => {
        async fn $method(&self, _: &Context, uid: CiString<36>, result: $t) -> ModuleResult<()> {
            self.profile_results
                .put(Kept::now(uid, ProfileResult::$variant(result)));
            Ok(())
        }
    };
}

impl From<MissingPart> for ModuleError {
    fn from(e: MissingPart) -> Self {
        ModuleError::not_found(e)
    }
}

/// Whether the caller may see an object its token's party owns: a party its own; through a
/// Hub, the requesting party's own (the one the `OCPI-from-*` headers name: a Hub relays the
/// requests of every party connected to it).
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §Sender Interface ("the CPO is allowed to return only the
/// CDRs that are relevant for the requesting eMSP"); 2.3.0 mod_sessions.asciidoc §Sender
/// Interface; 2.3.0 transport_and_format.asciidoc §Message Routing Headers
fn callers(ctx: &Context, country_code: CountryCode, party_id: PartyId) -> bool {
    let owner = PartyRef::new(country_code, party_id);
    if ctx.hub {
        ctx.from == Some(owner)
    } else {
        ctx.parties.contains(&owner)
    }
}

/// A new unique id (an `authorization_reference`, a `terminal_id`).
fn new_id() -> ModuleResult<CiString<36>> {
    CiString::new(MessageId::generate().as_str()).map_err(ModuleError::internal)
}

/// The EVSE `uid` of a Location (404 when it has none).
fn evse_of(location: &Location, uid: &CiString<36>) -> ModuleResult<Evse> {
    let evse = location.evse(uid.as_str()).cloned();
    evse.ok_or_else(|| not_found("EVSE", uid))
}

/// The Connector `connector` of the EVSE `uid` of a Location (404 when it has none).
fn connector_of(
    location: &Location,
    uid: &CiString<36>,
    connector: &CiString<36>,
) -> ModuleResult<Connector> {
    let found = location
        .connector(uid.as_str(), connector.as_str())
        .cloned();
    found.ok_or_else(|| not_found("Connector", connector))
}

impl Memory {
    /// The CPO's own Location `id` (the Sender interface names no party).
    fn own_location(&self, id: &CiString<36>) -> ModuleResult<Location> {
        self.locations
            .find(|l| l.id == *id)
            .ok_or_else(|| not_found("Location", id))
    }

    /// A received Location.
    fn received_location(&self, party: PartyRef, id: &CiString<36>) -> ModuleResult<Location> {
        self.locations
            .found(&(party, id.clone()), format_args!("Location {id}"))
    }

    /// Changes a received Location.
    fn change_location<R>(
        &self,
        party: PartyRef,
        id: &CiString<36>,
        change: impl FnOnce(&mut Location) -> ModuleResult<R>,
    ) -> ModuleResult<R> {
        self.locations
            .change(&(party, id.clone()), format_args!("Location {id}"), change)?
    }

    fn answer(&self, result: CommandResponseType) -> CommandResponse {
        CommandResponse::new(result, self.timeout)
    }

    fn profile_answer(&self, result: ChargingProfileResponseType) -> ChargingProfileResponse {
        ChargingProfileResponse::new(result, self.timeout)
    }

    /// The caller's Session `id`, when it is one and is not over.
    fn callers_session(&self, ctx: &Context, id: &CiString<36>) -> Option<Session> {
        self.sessions
            .find(|s| s.id == *id && callers(ctx, s.cdr_token.country_code, s.cdr_token.party_id))
            .filter(|s| !matches!(s.status, SessionStatus::Completed | SessionStatus::Invalid))
    }

    /// Matches a Session received to the command that started it (sent to the same peer).
    fn match_command(&self, ctx: &Context, party: PartyRef, id: &CiString<36>) {
        if let (Some(pending), Some(session)) =
            (&self.commands, self.sessions.get(&(party, id.clone())))
        {
            pending.session(&ctx.peer, &session);
        }
    }
}

impl LocationsSender for Memory {
    async fn list(&self, _: &Context, query: ListQuery) -> ModuleResult<ListPage<Location>> {
        Ok(self.locations.page(&query, |_| true))
    }

    async fn location(&self, _: &Context, id: CiString<36>) -> ModuleResult<Location> {
        self.own_location(&id)
    }

    async fn evse(&self, _: &Context, id: CiString<36>, uid: CiString<36>) -> ModuleResult<Evse> {
        evse_of(&self.own_location(&id)?, &uid)
    }

    async fn connector(
        &self,
        _: &Context,
        id: CiString<36>,
        uid: CiString<36>,
        connector: CiString<36>,
    ) -> ModuleResult<Connector> {
        connector_of(&self.own_location(&id)?, &uid, &connector)
    }
}

impl LocationsReceiver for Memory {
    stored!(location(CiString<36>) -> Location, locations, "Location");

    async fn evse(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
    ) -> ModuleResult<Evse> {
        evse_of(&self.received_location(party, &id)?, &uid)
    }

    async fn connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        connector: CiString<36>,
    ) -> ModuleResult<Connector> {
        connector_of(&self.received_location(party, &id)?, &uid, &connector)
    }

    keep!(put_location(PartyRef, CiString<36>) location: Location, locations);

    async fn put_evse(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        _: CiString<36>,
        evse: Evse,
    ) -> ModuleResult<()> {
        self.change_location(party, &id, |l| {
            l.put_evse(evse);
            Ok(())
        })
    }

    async fn put_connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        _: CiString<36>,
        connector: Connector,
    ) -> ModuleResult<()> {
        self.change_location(
            party,
            &id,
            |l| Ok(l.put_connector(uid.as_str(), connector)?),
        )
    }

    async fn patch_location(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: LocationPatch,
    ) -> ModuleResult<()> {
        self.change_location(party, &id, |l| {
            patch.apply_to(l);
            Ok(())
        })
    }

    async fn patch_evse(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        patch: EvsePatch,
    ) -> ModuleResult<()> {
        self.change_location(party, &id, |l| Ok(l.patch_evse(uid.as_str(), patch)?))
    }

    async fn patch_connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        connector: CiString<36>,
        patch: ConnectorPatch,
    ) -> ModuleResult<()> {
        self.change_location(party, &id, |l| {
            Ok(l.patch_connector(uid.as_str(), connector.as_str(), patch)?)
        })
    }
}

impl SessionsSender for Memory {
    async fn list(&self, ctx: &Context, query: ListQuery) -> ModuleResult<ListPage<Session>> {
        Ok(self.sessions.page(&query, |s| {
            callers(ctx, s.cdr_token.country_code, s.cdr_token.party_id)
        }))
    }

    /// Accepts the preferences of the caller's ongoing Session at an EVSE that is
    /// `CHARGING_PREFERENCES_CAPABLE`; any other Session is not found (HTTP 404, OCPI 2001).
    async fn charging_preferences(
        &self,
        ctx: &Context,
        session_id: CiString<36>,
        preferences: ChargingPreferences,
    ) -> ModuleResult<ChargingPreferencesResponse> {
        let session = self
            .callers_session(ctx, &session_id)
            .ok_or_else(|| not_found("Session", &session_id))?;
        let capable = self
            .locations
            .get(&(
                PartyRef::new(session.country_code, session.party_id),
                session.location_id.clone(),
            ))
            .and_then(|l| l.evse(session.evse_uid.as_str()).cloned())
            .is_some_and(|e| {
                e.capabilities
                    .iter()
                    .flatten()
                    .any(|c| *c == Capability::ChargingPreferencesCapable)
            });
        if !capable {
            return Err(not_found(
                "EVSE capable of charging preferences for Session",
                &session_id,
            ));
        }
        self.charging_preferences
            .put(Kept::now(session_id, preferences));
        Ok(ChargingPreferencesResponse::Accepted)
    }
}

impl SessionsReceiver for Memory {
    stored!(session(CiString<36>) -> Session, sessions, "Session");

    async fn put_session(
        &self,
        ctx: &Context,
        party: PartyRef,
        id: CiString<36>,
        session: Session,
    ) -> ModuleResult<()> {
        self.sessions.put(session);
        self.match_command(ctx, party, &id);
        Ok(())
    }

    async fn patch_session(
        &self,
        ctx: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: SessionPatch,
    ) -> ModuleResult<()> {
        let key = (party, id.clone());
        self.sessions
            .change(&key, format_args!("Session {id}"), |s| patch.apply_to(s))?;
        self.match_command(ctx, party, &id);
        Ok(())
    }
}

impl CdrsSender for Memory {
    async fn list(&self, ctx: &Context, query: ListQuery) -> ModuleResult<ListPage<Cdr>> {
        Ok(self.cdrs.page(&query, |c| {
            callers(ctx, c.cdr_token.country_code, c.cdr_token.party_id)
        }))
    }
}

impl CdrsReceiver for Memory {
    /// Keeps a new CDR; the same CDR posted again succeeds, another CDR with its id is 2001.
    async fn post_cdr(&self, _: &Context, cdr: Cdr) -> ModuleResult<()> {
        use std::collections::btree_map::Entry;
        let mut cdrs = self.cdrs.lock();
        match cdrs.entry(super::Stored::key(&cdr)) {
            Entry::Vacant(v) => {
                v.insert(cdr);
                Ok(())
            }
            Entry::Occupied(o) if *o.get() == cdr => Ok(()),
            Entry::Occupied(_) => Err(ModuleError::invalid(format!(
                "CDR {} was posted before and cannot be replaced",
                cdr.id
            ))),
        }
    }

    stored!(cdr(CiString<39>) -> Cdr, cdrs, "CDR");
}

impl TariffsSender for Memory {
    async fn list(&self, _: &Context, query: ListQuery) -> ModuleResult<ListPage<Tariff>> {
        Ok(self.tariffs.page(&query, |_| true))
    }
}

impl TariffsReceiver for Memory {
    stored!(tariff(CiString<36>) -> Tariff, tariffs, "Tariff");
    keep!(put_tariff(PartyRef, CiString<36>) tariff: Tariff, tariffs);

    async fn patch_tariff(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: TariffPatch,
    ) -> ModuleResult<()> {
        let key = (party, id.clone());
        self.tariffs
            .change(&key, format_args!("Tariff {id}"), |t| patch.apply_to(t))
    }

    async fn delete_tariff(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> ModuleResult<()> {
        let removed = self.tariffs.remove(&(party, id.clone()));
        removed.map(drop).ok_or_else(|| not_found("Tariff", &id))
    }
}

impl TokensSender for Memory {
    async fn list(&self, _: &Context, query: ListQuery) -> ModuleResult<ListPage<Token>> {
        Ok(self.tokens.page(&query, |_| true))
    }

    /// `ALLOWED` for a valid Token, `BLOCKED` for one that is not; the Location asked about,
    /// when given, is echoed as the one the Token may use; a new `authorization_reference`
    /// every time.
    async fn authorize(
        &self,
        _: &Context,
        uid: CiString<36>,
        token_type: TokenType,
        location: Option<LocationReferences>,
    ) -> ModuleResult<AuthorizationInfo> {
        let token = self
            .tokens
            .find(|t| t.uid == uid && t.r#type == token_type)
            .ok_or_else(|| not_found("Token", &uid))?;
        let allowed = if token.valid {
            AllowedType::Allowed
        } else {
            AllowedType::Blocked
        };
        let mut info = AuthorizationInfo::new(allowed, token);
        info.location = location;
        info.authorization_reference = Some(new_id()?);
        Ok(info)
    }
}

impl TokensReceiver for Memory {
    async fn token(
        &self,
        _: &Context,
        party: PartyRef,
        uid: CiString<36>,
        token_type: Option<TokenType>,
    ) -> ModuleResult<Token> {
        let key = self.token_key(party, uid, token_type)?;
        self.tokens.found(&key, format_args!("Token {}", key.1))
    }

    keep!(put_token(PartyRef, CiString<36>, TokenType) token: Token, tokens);

    async fn patch_token(
        &self,
        _: &Context,
        party: PartyRef,
        uid: CiString<36>,
        token_type: Option<TokenType>,
        patch: TokenPatch,
    ) -> ModuleResult<()> {
        let key = self.token_key(party, uid, token_type)?;
        self.tokens
            .change(&key, format_args!("Token {}", key.1), |t| patch.apply_to(t))
    }
}

impl Memory {
    /// The key of a Token named by its party, uid and type; with no type (a 2.1.1 request,
    /// which names a Token by uid alone), the key of the Token with that uid, of whatever
    /// type (404 when there is none).
    fn token_key(
        &self,
        party: PartyRef,
        uid: CiString<36>,
        token_type: Option<TokenType>,
    ) -> ModuleResult<(PartyRef, CiString<36>, TokenType)> {
        match token_type {
            Some(token_type) => Ok((party, uid, token_type)),
            None => self
                .tokens
                .lock()
                .keys()
                .find(|(p, u, _)| *p == party && *u == uid)
                .cloned()
                .ok_or_else(|| ModuleError::not_found(format_args!("Token {uid}"))),
        }
    }
}

impl Memory {
    /// The answer to a command at `location_id` (2003 when unknown), `evse_uid` and
    /// `connector_id` (`REJECTED` when unknown); an accepted command goes to the inbox.
    fn command_at(
        &self,
        ctx: &Context,
        location_id: &CiString<36>,
        evse_uid: Option<&CiString<36>>,
        connector_id: Option<&CiString<36>>,
        request: Request,
    ) -> ModuleResult<CommandResponse> {
        let location = self.own_location(location_id).map_err(|_| {
            ModuleError::status(
                StatusCode::UNKNOWN_LOCATION,
                format!("unknown Location {location_id}"),
            )
        })?;
        let known = match (evse_uid, connector_id) {
            (Some(e), Some(c)) => location.connector(e.as_str(), c.as_str()).is_some(),
            (Some(e), None) => location.evse(e.as_str()).is_some(),
            (None, _) => true,
        };
        if !known {
            return Ok(self.answer(CommandResponseType::Rejected));
        }
        self.inbox.push(ctx, request);
        Ok(self.answer(CommandResponseType::Accepted))
    }
}

impl CommandsReceiver for Memory {
    async fn start_session(&self, ctx: &Context, c: StartSession) -> ModuleResult<CommandResponse> {
        let (location, evse, connector) = (
            c.location_id.clone(),
            c.evse_uid.clone(),
            c.connector_id.clone(),
        );
        let request = Request::Command(c.into());
        self.command_at(ctx, &location, evse.as_ref(), connector.as_ref(), request)
    }

    async fn stop_session(&self, ctx: &Context, c: StopSession) -> ModuleResult<CommandResponse> {
        if self.callers_session(ctx, &c.session_id).is_none() {
            return Ok(self.answer(CommandResponseType::UnknownSession));
        }
        self.inbox.push(ctx, Request::Command(c.into()));
        Ok(self.answer(CommandResponseType::Accepted))
    }

    async fn reserve_now(&self, ctx: &Context, c: ReserveNow) -> ModuleResult<CommandResponse> {
        let (location, evse) = (c.location_id.clone(), c.evse_uid.clone());
        let request = Request::Command(c.clone().into());
        let answer = self.command_at(ctx, &location, evse.as_ref(), None, request)?;
        if answer.result == CommandResponseType::Accepted {
            self.reservations
                .put(Kept::now(c.reservation_id.clone(), c));
        }
        Ok(answer)
    }

    /// Cancels a reservation the caller made (`REJECTED` for another).
    async fn cancel_reservation(
        &self,
        ctx: &Context,
        c: CancelReservation,
    ) -> ModuleResult<CommandResponse> {
        let callers = self
            .reservations
            .get(&c.reservation_id)
            .is_some_and(|r| callers(ctx, r.value.token.country_code, r.value.token.party_id));
        if !callers {
            return Ok(self.answer(CommandResponseType::Rejected));
        }
        self.reservations.remove(&c.reservation_id);
        self.inbox.push(ctx, Request::Command(c.into()));
        Ok(self.answer(CommandResponseType::Accepted))
    }

    async fn unlock_connector(
        &self,
        ctx: &Context,
        c: UnlockConnector,
    ) -> ModuleResult<CommandResponse> {
        let (location, evse, connector) = (
            c.location_id.clone(),
            c.evse_uid.clone(),
            c.connector_id.clone(),
        );
        let request = Request::Command(c.into());
        self.command_at(ctx, &location, Some(&evse), Some(&connector), request)
    }
}

impl ChargingProfilesReceiver for Memory {
    async fn active_profile(
        &self,
        ctx: &Context,
        session_id: CiString<36>,
        duration: i64,
        response_url: Url,
    ) -> ModuleResult<ChargingProfileResponse> {
        self.profile_request(
            ctx,
            &session_id.clone(),
            Request::ActiveProfile {
                session_id,
                duration,
                response_url,
            },
            || {},
        )
    }

    async fn set_profile(
        &self,
        ctx: &Context,
        session_id: CiString<36>,
        profile: SetChargingProfile,
    ) -> ModuleResult<ChargingProfileResponse> {
        let request = Request::SetProfile {
            session_id: session_id.clone(),
            profile: profile.clone(),
        };
        self.profile_request(ctx, &session_id.clone(), request, || {
            self.charging_profiles.put(Kept::now(session_id, profile));
        })
    }

    async fn clear_profile(
        &self,
        ctx: &Context,
        session_id: CiString<36>,
        response_url: Url,
    ) -> ModuleResult<ChargingProfileResponse> {
        let request = Request::ClearProfile {
            session_id: session_id.clone(),
            response_url,
        };
        self.profile_request(ctx, &session_id, request, || {
            self.charging_profiles.remove(&session_id);
        })
    }
}

impl Memory {
    /// Accepts a charging profile request for the caller's ongoing Session
    /// (`UNKNOWN_SESSION` for another), into the inbox; then `accepted` keeps what it sets.
    fn profile_request(
        &self,
        ctx: &Context,
        session_id: &CiString<36>,
        request: Request,
        accepted: impl FnOnce(),
    ) -> ModuleResult<ChargingProfileResponse> {
        if self.callers_session(ctx, session_id).is_none() {
            return Ok(self.profile_answer(ChargingProfileResponseType::UnknownSession));
        }
        self.inbox.push(ctx, request);
        accepted();
        Ok(self.profile_answer(ChargingProfileResponseType::Accepted))
    }
}

impl ChargingProfilesSender for Memory {
    profile_result!(active_profile_result(ActiveChargingProfileResult) => Active);
    profile_result!(profile_result(ChargingProfileResult) => Set);
    profile_result!(clear_profile_result(ClearProfileResult) => Clear);

    async fn put_active_profile(
        &self,
        _: &Context,
        session_id: CiString<36>,
        profile: ActiveChargingProfile,
    ) -> ModuleResult<()> {
        self.active_profiles.put(Kept::now(session_id, profile));
        Ok(())
    }
}

impl HubClientInfoSender for Memory {
    async fn list(&self, _: &Context, query: ListQuery) -> ModuleResult<ListPage<ClientInfo>> {
        Ok(self.client_info.page(&query, |_| true))
    }
}

impl HubClientInfoReceiver for Memory {
    async fn client_info(&self, _: &Context, party: PartyRef) -> ModuleResult<ClientInfo> {
        self.client_info
            .found(&party, format_args!("ClientInfo of {party}"))
    }

    keep!(put_client_info(PartyRef) client_info: ClientInfo, client_info);
}

impl Memory {
    fn terminal_of(&self, id: &CiString<36>) -> ModuleResult<Terminal> {
        self.terminals
            .found(&Some(id.clone()), format_args!("Terminal {id}"))
    }

    /// Changes the Terminal `id` (404 when there is none).
    fn change_terminal(
        &self,
        id: &CiString<36>,
        change: impl FnOnce(&mut Terminal),
    ) -> ModuleResult<()> {
        self.terminals
            .change(&Some(id.clone()), format_args!("Terminal {id}"), change)
    }

    fn confirmation_of(&self, id: &CiString<36>) -> ModuleResult<FinancialAdviceConfirmation> {
        self.confirmations
            .found(id, format_args!("Financial Advice Confirmation {id}"))
    }
}

impl PaymentsSender for Memory {
    async fn terminals(&self, _: &Context, query: ListQuery) -> ModuleResult<ListPage<Terminal>> {
        Ok(self.terminals.page(&query, |_| true))
    }

    async fn terminal(&self, _: &Context, id: CiString<36>) -> ModuleResult<Terminal> {
        self.terminal_of(&id)
    }

    /// Replaces a Terminal the PTP has (404 for another), under the id of the URL.
    async fn put_terminal(
        &self,
        _: &Context,
        id: CiString<36>,
        mut terminal: Terminal,
    ) -> ModuleResult<()> {
        terminal.terminal_id = Some(id.clone());
        self.change_terminal(&id, |t| *t = terminal)
    }

    async fn patch_terminal(
        &self,
        _: &Context,
        id: CiString<36>,
        patch: TerminalPatch,
    ) -> ModuleResult<()> {
        self.change_terminal(&id, |t| patch.apply_to(t))
    }

    /// Gives the Terminal a new `terminal_id` (the request's, when it has one), keeps it,
    /// and puts the request in the inbox: the PTP then POSTs the Terminal to the CPO.
    async fn activate_terminal(&self, ctx: &Context, mut terminal: Terminal) -> ModuleResult<()> {
        if terminal.terminal_id.is_none() {
            terminal.terminal_id = Some(new_id()?);
        }
        terminal.last_updated = Some(DateTime::now());
        self.terminals.put(terminal.clone());
        self.inbox.push(ctx, Request::ActivateTerminal(terminal));
        Ok(())
    }

    async fn deactivate_terminal(&self, _: &Context, id: CiString<36>) -> ModuleResult<()> {
        let removed = self.terminals.remove(&Some(id.clone()));
        removed.map(drop).ok_or_else(|| not_found("Terminal", &id))
    }

    async fn financial_advice_confirmations(
        &self,
        _: &Context,
        query: ListQuery,
    ) -> ModuleResult<ListPage<FinancialAdviceConfirmation>> {
        Ok(self.confirmations.page(&query, |_| true))
    }

    async fn financial_advice_confirmation(
        &self,
        _: &Context,
        id: CiString<36>,
    ) -> ModuleResult<FinancialAdviceConfirmation> {
        self.confirmation_of(&id)
    }
}

impl PaymentsReceiver for Memory {
    async fn terminal(&self, _: &Context, id: CiString<36>) -> ModuleResult<Terminal> {
        self.terminal_of(&id)
    }

    keep!(post_terminal() terminal: Terminal, terminals);

    async fn financial_advice_confirmation(
        &self,
        _: &Context,
        id: CiString<36>,
    ) -> ModuleResult<FinancialAdviceConfirmation> {
        self.confirmation_of(&id)
    }

    keep!(
        post_financial_advice_confirmation() confirmation: FinancialAdviceConfirmation,
        confirmations
    );
}
