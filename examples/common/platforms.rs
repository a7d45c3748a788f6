//! The two platforms of the examples: a CPO and an eMSP, each an OCPI [`Server`] with its
//! real role and in-memory handlers. `examples/tour.rs` connects them in-process,
//! `examples/http.rs` over real sockets. Included with
//! `#[path = "common/platforms.rs"] mod platforms;`.
//!
//! A handler is the application's side of one module interface: the server checks the
//! request against the spec and calls it with typed, 2.3.0 objects. Here they keep what they
//! hold in memory ([`Held`]), shared with the rest of the example so that it can change the
//! CPO's data and look at the eMSP's copy.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use ocpi_protocol::json;
use ocpi_protocol::modules::cdrs::CdrsReceiver;
use ocpi_protocol::modules::commands::{CommandsReceiver, PendingCommands};
use ocpi_protocol::modules::locations::{LocationsReceiver, LocationsSender};
use ocpi_protocol::modules::sessions::SessionsReceiver;
use ocpi_protocol::modules::{Context, ListPage, ListQuery, ModuleError};
use ocpi_protocol::server::{ServerBuilder, ServerConfig};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{CiString, OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::commands::{
    CancelReservation, CommandResponse, CommandResponseType, ReserveNow, StartSession, StopSession,
    UnlockConnector,
};
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};
use ocpi_protocol::v2_3_0::sessions::{Session, SessionPatch};

/// The CPO's party: NL*CPO.
pub fn cpo_party() -> PartyRef {
    party("NL", "CPO")
}

/// The eMSP's party: NL*MSP.
pub fn emsp_party() -> PartyRef {
    party("NL", "MSP")
}

fn party(country_code: &str, party_id: &str) -> PartyRef {
    PartyRef::new(
        country_code.parse().expect("a country code"),
        party_id.parse().expect("a party id"),
    )
}

/// A platform with one party in one role, serving every OCPI version under `base_url`.
///
/// Spec: 2.3.0 credentials.asciidoc §CredentialsRole class
pub fn config(base_url: &str, role: Role, party: PartyRef, name: &str) -> ServerConfig {
    let roles = vec![CredentialsRole::new(
        role,
        BusinessDetails::new(OcpiString::new(name).expect("a short name")),
        party.party_id,
        party.country_code,
    )];
    ServerConfig::new(Url::new(base_url).expect("a base URL"), roles)
}

/// The CPO: it owns Locations and serves them on the Sender interface of Locations, in pages
/// of at most `page_size`. It implements no other module here; `only_mounted` declines the
/// rest of what a CPO typically offers (2.3.0 terminology.asciidoc §Typical OCPI
/// implementations per Role), so its version details list Locations only.
pub fn cpo(base_url: &str, locations: &CpoLocations, page_size: u64) -> ServerBuilder {
    ServerBuilder::new(config(base_url, Role::Cpo, cpo_party(), "Example CPO"))
        .with_max_limit(page_size)
        .locations_sender(locations.clone())
        .only_mounted()
}

/// The CPO of the tour also takes commands from eMSPs (the Receiver interface of Commands).
pub fn cpo_with_commands(
    base_url: &str,
    locations: &CpoLocations,
    commands: &CpoCommands,
    page_size: u64,
) -> ServerBuilder {
    cpo(base_url, locations, page_size).commands_receiver(commands.clone())
}

/// The eMSP: it keeps a copy of the CPOs' Locations, and serves the Receiver interface of
/// Locations so that CPOs can push changes to it.
pub fn emsp(base_url: &str, locations: &EmspLocations) -> ServerBuilder {
    ServerBuilder::new(config(base_url, Role::Emsp, emsp_party(), "Example eMSP"))
        .locations_receiver(locations.clone())
        .only_mounted()
}

/// The eMSP of the tour also receives the results of its commands (the Sender interface of
/// Commands, served by its [`PendingCommands`]), Sessions and CDRs (their Receiver
/// interfaces).
pub fn emsp_with_sessions(
    base_url: &str,
    locations: &EmspLocations,
    pending: &PendingCommands,
    sessions: &EmspSessions,
    cdrs: &EmspCdrs,
) -> ServerBuilder {
    emsp(base_url, locations)
        .commands_sender(pending.clone())
        .sessions_receiver(sessions.clone())
        .cdrs_receiver(cdrs.clone())
}

/// The key of an object id: ids are case-insensitive (`CiString`), so `loc1` in a URL finds
/// the `LOC1` a body stored.
///
/// Spec: 2.2.1 types.asciidoc §CiString type
pub fn id_key(id: &str) -> String {
    id.to_ascii_uppercase()
}

/// What a platform holds, by key: shared between its handlers (clones of it) and the rest of
/// the application.
#[derive(Debug)]
pub struct Held<K, V>(Arc<Mutex<BTreeMap<K, V>>>);

impl<K, V> Clone for Held<K, V> {
    fn clone(&self) -> Self {
        Held(self.0.clone())
    }
}

impl<K, V> Default for Held<K, V> {
    fn default() -> Self {
        Held(Arc::default())
    }
}

impl<K: Ord, V: Clone> Held<K, V> {
    /// The map, locked.
    pub fn lock(&self) -> MutexGuard<'_, BTreeMap<K, V>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every value, in key order.
    pub fn values(&self) -> Vec<V> {
        self.lock().values().cloned().collect()
    }

    /// A copy of one value, or 404.
    pub fn get(&self, key: &K, what: &str) -> Result<V, ModuleError> {
        self.lock()
            .get(key)
            .cloned()
            .ok_or_else(|| ModuleError::not_found(what))
    }

    /// Changes one value in place, or 404.
    pub fn update<R>(
        &self,
        key: &K,
        what: &str,
        change: impl FnOnce(&mut V) -> Result<R, ModuleError>,
    ) -> Result<R, ModuleError> {
        let mut map = self.lock();
        let value = map
            .get_mut(key)
            .ok_or_else(|| ModuleError::not_found(what))?;
        change(value)
    }
}

/// A sample Location of the CPO, `LOC{i}`, with one EVSE `LOC{i}-1` and one Connector,
/// last updated on day `i` of May 2024.
///
/// Spec: 2.3.0 mod_locations.asciidoc §Location Object, §EVSE Object, §Connector Object
pub fn location(i: usize) -> Location {
    const STREETS: [&str; 6] = [
        "Oudegracht 1",
        "Neude 11",
        "Mariaplaats 4",
        "Lucasbolwerk 6",
        "Stationsplein 9",
        "Vredenburg 40",
    ];
    let street = STREETS[i % STREETS.len()];
    let text = format!(
        r#"{{
  "country_code": "NL", "party_id": "CPO", "id": "LOC{i}", "publish": true,
  "name": "{street}", "address": "{street}", "city": "Utrecht", "country": "NLD",
  "coordinates": {{ "latitude": "52.09{i}00", "longitude": "5.12{i}00" }},
  "parking_type": "ON_STREET",
  "evses": [{{
    "uid": "LOC{i}-1", "evse_id": "NL*CPO*E{i}0001", "status": "AVAILABLE",
    "capabilities": ["RFID_READER", "REMOTE_START_STOP_CAPABLE"],
    "connectors": [{{
      "id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
      "max_voltage": 230, "max_amperage": 32, "max_electric_power": 22000,
      "last_updated": "2024-05-0{i}T08:00:00Z"
    }}],
    "last_updated": "2024-05-0{i}T08:00:00Z"
  }}],
  "time_zone": "Europe/Amsterdam",
  "last_updated": "2024-05-0{i}T08:00:00Z"
}}"#
    );
    json::parse::<Location>(text.as_bytes())
        .expect("a valid Location")
        .value
}

/// The CPO's own Locations, by id: the Sender interface of Locations serves them.
#[derive(Debug, Clone, Default)]
pub struct CpoLocations(pub Held<String, Location>);

impl CpoLocations {
    /// Adds or replaces a Location.
    pub fn put(&self, location: Location) {
        self.0.lock().insert(id_key(location.id.as_str()), location);
    }

    fn find(&self, id: &CiString<36>) -> Result<Location, ModuleError> {
        self.0.get(&id_key(id.as_str()), &format!("Location {id}"))
    }
}

impl LocationsSender for CpoLocations {
    async fn list(&self, _: &Context, query: ListQuery) -> Result<ListPage<Location>, ModuleError> {
        Ok(ListPage::from_all(&self.0.values(), &query, |l| {
            &l.last_updated
        }))
    }

    async fn location(&self, _: &Context, id: CiString<36>) -> Result<Location, ModuleError> {
        self.find(&id)
    }

    async fn evse(
        &self,
        _: &Context,
        id: CiString<36>,
        uid: CiString<36>,
    ) -> Result<Evse, ModuleError> {
        evse_mut(&mut self.find(&id)?, &uid).cloned()
    }

    async fn connector(
        &self,
        _: &Context,
        id: CiString<36>,
        uid: CiString<36>,
        connector: CiString<36>,
    ) -> Result<Connector, ModuleError> {
        connector_mut(evse_mut(&mut self.find(&id)?, &uid)?, &connector).cloned()
    }
}

/// The eMSP's copy of the Locations of the CPOs it is connected to, by owner and id: filled
/// by pulling the CPO's Sender interface, kept current by the CPO's pushes to the Receiver
/// interface.
#[derive(Debug, Clone, Default)]
pub struct EmspLocations(pub Held<(PartyRef, String), Location>);

impl EmspLocations {
    /// Keeps a Location pulled from a CPO.
    pub fn keep(&self, location: Location) {
        let key = (
            PartyRef::new(location.country_code, location.party_id),
            id_key(location.id.as_str()),
        );
        self.0.lock().insert(key, location);
    }

    /// The copy of one Location.
    pub fn get(&self, party: PartyRef, id: &str) -> Option<Location> {
        self.0.lock().get(&(party, id_key(id))).cloned()
    }

    fn update<R>(
        &self,
        party: PartyRef,
        id: &CiString<36>,
        change: impl FnOnce(&mut Location) -> Result<R, ModuleError>,
    ) -> Result<R, ModuleError> {
        let key = (party, id_key(id.as_str()));
        self.0.update(&key, &format!("Location {id}"), change)
    }
}

fn evse_mut<'l>(
    location: &'l mut Location,
    uid: &CiString<36>,
) -> Result<&'l mut Evse, ModuleError> {
    location
        .evses
        .iter_mut()
        .flatten()
        .find(|e| e.uid == *uid)
        .ok_or_else(|| ModuleError::not_found(format!("EVSE {uid}")))
}

fn connector_mut<'e>(
    evse: &'e mut Evse,
    id: &CiString<36>,
) -> Result<&'e mut Connector, ModuleError> {
    evse.connectors
        .iter_mut()
        .find(|c| c.id == *id)
        .ok_or_else(|| ModuleError::not_found(format!("Connector {id}")))
}

/// The Receiver side of Locations. A PUT or PATCH of an EVSE or Connector also sets the
/// `last_updated` of its parents (2.3.0 mod_locations.asciidoc §PUT Method, §PATCH Method:
/// "the Receiver SHALL also set the new `last_updated` value on the parent … Objects").
impl LocationsReceiver for EmspLocations {
    async fn location(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> Result<Location, ModuleError> {
        self.0
            .get(&(party, id_key(id.as_str())), &format!("Location {id}"))
    }

    async fn evse(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
    ) -> Result<Evse, ModuleError> {
        self.update(party, &id, |l| evse_mut(l, &uid).cloned())
    }

    async fn connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        connector: CiString<36>,
    ) -> Result<Connector, ModuleError> {
        self.update(party, &id, |l| {
            connector_mut(evse_mut(l, &uid)?, &connector).cloned()
        })
    }

    async fn put_location(
        &self,
        _: &Context,
        _: PartyRef,
        _: CiString<36>,
        location: Location,
    ) -> Result<(), ModuleError> {
        self.keep(location);
        Ok(())
    }

    async fn put_evse(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        evse: Evse,
    ) -> Result<(), ModuleError> {
        self.update(party, &id, |l| {
            l.last_updated = evse.last_updated;
            let evses = l.evses.get_or_insert_with(Vec::new);
            evses.retain(|e| e.uid != uid);
            evses.push(evse);
            Ok(())
        })
    }

    async fn put_connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        connector_id: CiString<36>,
        connector: Connector,
    ) -> Result<(), ModuleError> {
        self.update(party, &id, |l| {
            let updated = connector.last_updated;
            let evse = evse_mut(l, &uid)?;
            evse.connectors.retain(|c| c.id != connector_id);
            evse.connectors.push(connector);
            if let Some(updated) = updated {
                evse.last_updated = updated;
                l.last_updated = updated;
            }
            Ok(())
        })
    }

    async fn patch_location(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: LocationPatch,
    ) -> Result<(), ModuleError> {
        self.update(party, &id, |l| {
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
    ) -> Result<(), ModuleError> {
        self.update(party, &id, |l| {
            let updated = patch.last_updated;
            patch.apply_to(evse_mut(l, &uid)?);
            if let Some(updated) = updated {
                l.last_updated = updated;
            }
            Ok(())
        })
    }

    async fn patch_connector(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        uid: CiString<36>,
        connector_id: CiString<36>,
        patch: ConnectorPatch,
    ) -> Result<(), ModuleError> {
        self.update(party, &id, |l| {
            let updated = patch.last_updated;
            let evse = evse_mut(l, &uid)?;
            patch.apply_to(connector_mut(evse, &connector_id)?);
            if let Some(updated) = updated {
                evse.last_updated = updated;
                l.last_updated = updated;
            }
            Ok(())
        })
    }
}

/// The CPO's side of Commands: it accepts START_SESSION and STOP_SESSION for its own
/// Locations (a real CPO forwards them to the charge point, which answers later), and keeps
/// them to answer on their `response_url`.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Receiver Interface
#[derive(Debug, Clone, Default)]
pub struct CpoCommands {
    /// The CPO's Locations, to refuse commands for unknown ones.
    pub locations: CpoLocations,
    /// The START_SESSION commands received, by `response_url`.
    pub started: Held<String, StartSession>,
}

impl CpoCommands {
    fn accepted() -> CommandResponse {
        CommandResponse::new(CommandResponseType::Accepted, 30)
    }

    fn not_supported() -> CommandResponse {
        CommandResponse::new(CommandResponseType::NotSupported, 0)
    }
}

impl CommandsReceiver for CpoCommands {
    async fn start_session(
        &self,
        _: &Context,
        c: StartSession,
    ) -> Result<CommandResponse, ModuleError> {
        let id = id_key(c.location_id.as_str());
        self.locations.0.get(&id, &id).map_err(|_| {
            ModuleError::status(ocpi_protocol::transport::StatusCode::UNKNOWN_LOCATION, id)
        })?;
        self.started
            .lock()
            .insert(c.response_url.as_str().to_owned(), c);
        Ok(Self::accepted())
    }

    async fn stop_session(
        &self,
        _: &Context,
        _: StopSession,
    ) -> Result<CommandResponse, ModuleError> {
        Ok(Self::accepted())
    }

    async fn reserve_now(
        &self,
        _: &Context,
        _: ReserveNow,
    ) -> Result<CommandResponse, ModuleError> {
        Ok(Self::not_supported())
    }

    async fn cancel_reservation(
        &self,
        _: &Context,
        _: CancelReservation,
    ) -> Result<CommandResponse, ModuleError> {
        Ok(Self::not_supported())
    }

    async fn unlock_connector(
        &self,
        _: &Context,
        _: UnlockConnector,
    ) -> Result<CommandResponse, ModuleError> {
        Ok(Self::not_supported())
    }
}

/// The eMSP's copy of the Sessions of its customers at CPOs; each Session is matched to the
/// START_SESSION that asked for it.
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface
#[derive(Debug, Clone)]
pub struct EmspSessions {
    /// The Sessions, by owner and id.
    pub held: Held<(PartyRef, String), Session>,
    /// The eMSP's commands, to match Sessions to.
    pub pending: PendingCommands,
}

impl EmspSessions {
    /// An empty copy matching Sessions against `pending`.
    pub fn new(pending: &PendingCommands) -> Self {
        EmspSessions {
            held: Held::default(),
            pending: pending.clone(),
        }
    }
}

impl SessionsReceiver for EmspSessions {
    async fn session(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
    ) -> Result<Session, ModuleError> {
        self.held.get(&(party, id_key(id.as_str())), id.as_str())
    }

    async fn put_session(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        session: Session,
    ) -> Result<(), ModuleError> {
        self.pending.session(&session);
        self.held
            .lock()
            .insert((party, id_key(id.as_str())), session);
        Ok(())
    }

    async fn patch_session(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<36>,
        patch: SessionPatch,
    ) -> Result<(), ModuleError> {
        self.held
            .update(&(party, id_key(id.as_str())), id.as_str(), |s| {
                patch.apply_to(s);
                Ok(())
            })
    }
}

/// The eMSP's CDRs: what it bills its customers from.
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §Receiver Interface
#[derive(Debug, Clone, Default)]
pub struct EmspCdrs(pub Held<(PartyRef, String), Cdr>);

impl CdrsReceiver for EmspCdrs {
    async fn post_cdr(&self, _: &Context, cdr: Cdr) -> Result<(), ModuleError> {
        let key = (
            PartyRef::new(cdr.country_code, cdr.party_id),
            id_key(cdr.id.as_str()),
        );
        let mut held = self.0.lock();
        if held.contains_key(&key) {
            return Err(ModuleError::invalid("this CDR was posted before"));
        }
        held.insert(key, cdr);
        Ok(())
    }

    async fn cdr(
        &self,
        _: &Context,
        party: PartyRef,
        id: CiString<39>,
    ) -> Result<Cdr, ModuleError> {
        self.0.get(&(party, id_key(id.as_str())), id.as_str())
    }
}

/// The eMSP's customer token that starts the session of the tour: an app user of NL*MSP.
///
/// Spec: 2.3.0 mod_tokens.asciidoc §Token Object
pub fn app_token() -> ocpi_protocol::v2_3_0::tokens::Token {
    let text = r#"{
        "country_code": "NL", "party_id": "MSP", "uid": "APP-4711", "type": "APP_USER",
        "contract_id": "NL-MSP-C00004711-X", "issuer": "Example eMSP", "valid": true,
        "whitelist": "ALLOWED", "last_updated": "2024-05-01T08:00:00Z"
    }"#;
    json::parse_strict(text.as_bytes()).expect("a valid Token")
}

/// The Session the CPO reports for a START_SESSION at `LOC1`, with the command's
/// `authorization_reference`.
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Session Object
pub fn session(authorization_reference: &str) -> Session {
    let text = format!(
        r#"{{
        "country_code": "NL", "party_id": "CPO", "id": "SES-1",
        "start_date_time": "2024-05-07T09:30:00Z", "kwh": 0,
        "cdr_token": {{ "country_code": "NL", "party_id": "MSP", "uid": "APP-4711",
                        "type": "APP_USER", "contract_id": "NL-MSP-C00004711-X" }},
        "auth_method": "COMMAND", "authorization_reference": "{authorization_reference}",
        "location_id": "LOC1", "evse_uid": "LOC1-1", "connector_id": "1",
        "currency": "EUR", "status": "ACTIVE", "last_updated": "2024-05-07T09:30:05Z"
    }}"#
    );
    json::parse_strict(text.as_bytes()).expect("a valid Session")
}

/// The CDR of that Session once it ended: 12.5 kWh in 1.5 hours.
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §CDR Object
pub fn cdr(authorization_reference: &str) -> Cdr {
    let text = format!(
        r#"{{
        "country_code": "NL", "party_id": "CPO", "id": "CDR-1", "session_id": "SES-1",
        "start_date_time": "2024-05-07T09:30:00Z", "end_date_time": "2024-05-07T11:00:00Z",
        "cdr_token": {{ "country_code": "NL", "party_id": "MSP", "uid": "APP-4711",
                        "type": "APP_USER", "contract_id": "NL-MSP-C00004711-X" }},
        "auth_method": "COMMAND", "authorization_reference": "{authorization_reference}",
        "cdr_location": {{
            "id": "LOC1", "address": "Oudegracht 1", "city": "Utrecht", "country": "NLD",
            "coordinates": {{ "latitude": "52.090200", "longitude": "5.121400" }},
            "evse_uid": "LOC1-1", "evse_id": "NL*CPO*E10001", "connector_id": "1",
            "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET",
            "connector_power_type": "AC_3_PHASE"
        }},
        "currency": "EUR",
        "charging_periods": [{{
            "start_date_time": "2024-05-07T09:30:00Z",
            "dimensions": [{{ "type": "ENERGY", "volume": 12.5 }}]
        }}],
        "total_cost": {{ "before_taxes": 4.38, "taxes": [{{ "name": "VAT", "amount": 0.92 }}] }},
        "total_energy": 12.5, "total_time": 1.5,
        "last_updated": "2024-05-07T11:00:10Z"
    }}"#
    );
    json::parse_strict(text.as_bytes()).expect("a valid CDR")
}
