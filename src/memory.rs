//! Reference in-memory handlers: every Sender and Receiver interface of every module, over
//! tables in memory, spec-correct, for prototypes, tests and examples.
//!
//! [`Memory`] holds what one platform knows, one [`Table`] per object, and implements every
//! module trait of [`crate::modules`]; mount a clone of it for each interface the platform's
//! role serves, and keep a clone to read or change the data:
//!
//! ```
//! use ocpi_protocol::memory::Memory;
//! use ocpi_protocol::server::{ServerBuilder, ServerConfig};
//! # fn config() -> ServerConfig {
//! #     use ocpi_protocol::types::{OcpiString, Url};
//! #     use ocpi_protocol::v2_2_1::locations::BusinessDetails;
//! #     use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
//! #     let roles = vec![CredentialsRole::new(
//! #         Role::Cpo,
//! #         BusinessDetails::new(OcpiString::new("CPO").unwrap()),
//! #         "CPO".parse().unwrap(),
//! #         "NL".parse().unwrap(),
//! #     )];
//! #     ServerConfig::new(Url::new("https://cpo.example.com/ocpi").unwrap(), roles)
//! # }
//!
//! let memory = Memory::new();
//! let builder = ServerBuilder::new(config())
//!     .locations_sender(memory.clone())
//!     .sessions_sender(memory.clone())
//!     .cdrs_sender(memory.clone())
//!     .tariffs_sender(memory.clone())
//!     .tokens_receiver(memory.clone())
//!     .commands_receiver(memory.clone())
//!     .charging_profiles_receiver(memory.clone())
//!     .only_mounted();
//! assert!(memory.locations.is_empty());
//! ```
//!
//! The [server](crate::server) has already checked what the spec asks of every request
//! (parties, ids of the URL against the body, `last_updated` in a PATCH, required
//! parameters); the handlers apply the module rules on top:
//!
//! | module | rules the handlers apply |
//! | --- | --- |
//! | Locations | PUT replaces; PATCH applies the fields sent; an EVSE's or Connector's `last_updated` is carried to its parents ([`Location::put_evse`] and the other helpers) |
//! | Sessions | PATCH adds its `charging_periods` to the stored ones; the Sender lists only the caller's Sessions (those of its tokens; through a Hub, of the party the request is from) and takes charging preferences only for the caller's Session at an EVSE `CHARGING_PREFERENCES_CAPABLE` |
//! | CDRs | a CDR is never replaced: the same CDR posted again succeeds, another with its id is 2001; the Sender lists only the caller's CDRs (as Sessions) |
//! | Tariffs | PUT replaces, DELETE removes, a 2.1.1 PATCH applies |
//! | Tokens | PUT replaces, PATCH applies; real-time authorization answers `ALLOWED` for a valid Token and `BLOCKED` for another, with a fresh `authorization_reference` (404/2004 for an unknown Token) |
//! | Commands | the CPO accepts a command for a known Location, EVSE and Connector (2003 for an unknown Location, `REJECTED` for an unknown EVSE or Connector, `UNKNOWN_SESSION` for a Session that is not the caller's), and keeps it in the [`Inbox`] for the application to carry out and answer |
//! | Charging Profiles | the CPO accepts a request for a known Session (else `UNKNOWN_SESSION`), keeps the profile set and the request; the Sender keeps every result and active profile |
//! | Hub Client Info | PUT replaces, by party |
//! | Payments | the PTP's Terminals are updated (PUT, PATCH) only when they exist; an activation gets a new `terminal_id`; a deactivated Terminal is removed |
//!
//! Every list is served in the order of its table's keys, which an update does not change:
//! an offset crawl then sees every object that existed when it started (objects changed
//! during the crawl may be seen before their change; see [`Client::sync`](crate::client::Client::sync)).
//!
//! It is in the default build, behind no feature: it needs no dependency, and a platform's
//! first version, its tests and the examples all start from it.
//!
//! Spec: the Sender Interface and Receiver Interface sections of each module chapter of 2.3.0
//! (the model the [module traits](crate::modules) speak); 2.2.1 transport_and_format.asciidoc
//! §Pagination, §PATCH

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::credentials::PeerId;
use crate::modules::commands::{CommandRequest, PendingCommands};
use crate::modules::{Context, ListPage, ListQuery, ModuleError};
use crate::transport::PartyRef;
use crate::types::{CiString, DateTime};
use crate::v2_3_0::cdrs::Cdr;
use crate::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResult, ClearProfileResult,
    SetChargingProfile,
};
use crate::v2_3_0::commands::ReserveNow;
use crate::v2_3_0::hub_client_info::ClientInfo;
use crate::v2_3_0::locations::Location;
use crate::v2_3_0::payments::{FinancialAdviceConfirmation, Terminal};
use crate::v2_3_0::sessions::{ChargingPreferences, Session};
use crate::v2_3_0::tariffs::Tariff;
use crate::v2_3_0::tokens::{Token, TokenType};

mod handlers;

/// An object kept in a [`Table`] under its own key, with the `last_updated` that lists filter
/// on.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (`date_from`, `date_to`: "Only
/// return … that have `last_updated` after or equal to / up to" the given time)
pub trait Stored: Clone + Send + 'static {
    /// The key: what names the object in the spec's URLs (party and id for the objects a
    /// party owns).
    type Key: Ord + Clone + Send + fmt::Debug + 'static;
    /// The key of this object.
    fn key(&self) -> Self::Key;
    /// When the object last changed (`None` for objects whose `last_updated` is absent).
    fn last_updated(&self) -> Option<&DateTime>;
}

macro_rules! stored {
    ($($ty:ty: $key:ty => |$o:ident| $make:expr, $updated:expr;)*) => {
        $(
            impl Stored for $ty {
                type Key = $key;
                fn key(&self) -> $key {
                    let $o = self;
                    $make
                }
                fn last_updated(&self) -> Option<&DateTime> {
                    let $o = self;
                    $updated
                }
            }
        )*
    };
}

fn owner(country_code: crate::types::CountryCode, party_id: crate::types::PartyId) -> PartyRef {
    PartyRef::new(country_code, party_id)
}

stored! {
    Location: (PartyRef, CiString<36>) => |o| (owner(o.country_code, o.party_id), o.id.clone()),
        Some(&o.last_updated);
    Session: (PartyRef, CiString<36>) => |o| (owner(o.country_code, o.party_id), o.id.clone()),
        Some(&o.last_updated);
    Cdr: (PartyRef, CiString<39>) => |o| (owner(o.country_code, o.party_id), o.id.clone()),
        Some(&o.last_updated);
    Tariff: (PartyRef, CiString<36>) => |o| (owner(o.country_code, o.party_id), o.id.clone()),
        o.last_updated.as_ref();
    Token: (PartyRef, CiString<36>, TokenType) =>
        |o| (owner(o.country_code, o.party_id), o.uid.clone(), o.r#type.clone()),
        Some(&o.last_updated);
    ClientInfo: PartyRef => |o| owner(o.country_code, o.party_id), Some(&o.last_updated);
    Terminal: Option<CiString<36>> => |o| o.terminal_id.clone(), o.last_updated.as_ref();
    FinancialAdviceConfirmation: CiString<36> => |o| o.id.clone(), Some(&o.last_updated);
}

/// Objects by key, in memory; clones share the same table.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination
pub struct Table<V: Stored> {
    map: Arc<Mutex<BTreeMap<V::Key, V>>>,
}

impl<V: Stored> Clone for Table<V> {
    fn clone(&self) -> Self {
        Table {
            map: self.map.clone(),
        }
    }
}

impl<V: Stored> Default for Table<V> {
    fn default() -> Self {
        Table {
            map: Arc::default(),
        }
    }
}

impl<V: Stored> fmt::Debug for Table<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl<V: Stored> Table<V> {
    /// The map, locked: for changes that must see and write several objects at once.
    pub fn lock(&self) -> MutexGuard<'_, BTreeMap<V::Key, V>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds an object, or replaces the one with its key; returns the one replaced.
    pub fn put(&self, value: V) -> Option<V> {
        self.lock().insert(value.key(), value)
    }

    /// Adds objects, each replacing the one with its key, under one lock.
    ///
    /// ```
    /// # use ocpi_protocol::memory::Memory;
    /// # let location = |id: &str| ocpi_protocol::json::parse::<ocpi_protocol::v2_3_0::locations::Location>(
    /// #     format!(r#"{{"country_code":"NL","party_id":"CPO","id":"{id}","publish":true,
    /// #     "address":"Street 1","city":"Town","country":"NLD","time_zone":"Europe/Amsterdam",
    /// #     "coordinates":{{"latitude":"52.0","longitude":"4.0"}},
    /// #     "last_updated":"2026-01-01T00:00:00Z"}}"#).as_bytes()).unwrap().value;
    /// let memory = Memory::new();
    /// memory.locations.put_all([location("LOC1"), location("LOC2")]);
    /// assert_eq!(memory.locations.len(), 2);
    /// ```
    pub fn put_all(&self, values: impl IntoIterator<Item = V>) {
        let mut map = self.lock();
        for value in values {
            map.insert(value.key(), value);
        }
    }

    /// A copy of the object with this key.
    pub fn get(&self, key: &V::Key) -> Option<V> {
        self.lock().get(key).cloned()
    }

    /// Changes the object with this key in place; `None` when there is none.
    pub fn update<R>(&self, key: &V::Key, change: impl FnOnce(&mut V) -> R) -> Option<R> {
        self.lock().get_mut(key).map(change)
    }

    /// Removes the object with this key.
    pub fn remove(&self, key: &V::Key) -> Option<V> {
        self.lock().remove(key)
    }

    /// A copy of the object with this key, or [`ModuleError::NotFound`] with `what` (the
    /// answer a handler gives for an unknown object: HTTP 404).
    pub fn found(&self, key: &V::Key, what: impl fmt::Display) -> Result<V, ModuleError> {
        self.get(key).ok_or_else(|| ModuleError::not_found(what))
    }

    /// [`update`](Table::update), or [`ModuleError::NotFound`] naming `what`.
    pub fn change<R>(
        &self,
        key: &V::Key,
        what: impl fmt::Display,
        change: impl FnOnce(&mut V) -> R,
    ) -> Result<R, ModuleError> {
        self.update(key, change)
            .ok_or_else(|| ModuleError::not_found(what))
    }

    /// A copy of the first object, in key order, that `matches`.
    pub fn find(&self, matches: impl Fn(&V) -> bool) -> Option<V> {
        self.lock().values().find(|v| matches(v)).cloned()
    }

    /// Every object, in key order.
    pub fn values(&self) -> Vec<V> {
        self.lock().values().cloned().collect()
    }

    /// How many objects the table holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page `query` asks for, of the objects that `visible` lets through and whose
    /// `last_updated` is in `[date_from, date_to)`, in key order; `total` counts every such
    /// object. An object without `last_updated` passes no date filter.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (Paginated Request,
    /// Paginated Response: `X-Total-Count`)
    pub fn page(&self, query: &ListQuery, visible: impl Fn(&V) -> bool) -> ListPage<V> {
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        let unfiltered = query.date_from.is_none() && query.date_to.is_none();
        let map = self.lock();
        let mut items = Vec::new();
        let mut total = 0u64;
        for value in map.values() {
            let dated = match value.last_updated() {
                Some(updated) => query.includes(updated),
                None => unfiltered,
            };
            if dated && visible(value) {
                let index = usize::try_from(total).unwrap_or(usize::MAX);
                if index >= offset && items.len() < limit {
                    items.push(value.clone());
                }
                total += 1;
            }
        }
        ListPage { items, total }
    }
}

/// A request the handlers took and answered at once, which the application carries out and
/// answers later (on its `response_url`): a command, a charging profile request, a Terminal
/// activation.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Flow; 2.3.0 mod_charging_profiles.asciidoc §Flow; 2.3.0
/// mod_payments.asciidoc §POST Activate Terminal Method
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// A command (CPO).
    Command(CommandRequest),
    /// A GET of a session's ActiveChargingProfile over `duration` seconds (CPO).
    ActiveProfile {
        /// The session.
        session_id: CiString<36>,
        /// The duration asked for, in seconds.
        duration: i64,
        /// Where the ActiveChargingProfileResult goes.
        response_url: crate::types::Url,
    },
    /// A charging profile set on a session (CPO); the ChargingProfileResult goes to its
    /// `response_url`.
    SetProfile {
        /// The session.
        session_id: CiString<36>,
        /// The profile and its `response_url`.
        profile: SetChargingProfile,
    },
    /// A charging profile cleared (CPO).
    ClearProfile {
        /// The session.
        session_id: CiString<36>,
        /// Where the ClearProfileResult goes.
        response_url: crate::types::Url,
    },
    /// A Terminal to activate (PTP): the PTP then POSTs the Terminal, with the
    /// `terminal_id` given it, to the CPO.
    ActivateTerminal(Terminal),
}

/// A [`Request`] and who sent it.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers (the party a request is
/// from)
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The peer that sent it.
    pub peer: PeerId,
    /// The party it was sent for (see [`Context::from`]).
    pub from: Option<PartyRef>,
    /// The request.
    pub request: Request,
}

/// The requests the handlers took, in order, until the application
/// [takes](Inbox::take) them. Clones share the same inbox.
///
/// Spec: 2.3.0 mod_commands.asciidoc §Flow (the Receiver answers at once, the result follows
/// on the `response_url`)
#[derive(Debug, Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    fn lock(&self) -> MutexGuard<'_, Vec<Received>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, ctx: &Context, request: Request) {
        self.lock().push(Received {
            peer: ctx.peer.clone(),
            from: ctx.from,
            request,
        });
    }

    /// Every request received since the last call, in order.
    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.lock())
    }

    /// A copy of the requests waiting.
    pub fn peek(&self) -> Vec<Received> {
        self.lock().clone()
    }
}

/// The result a Charging Profiles Sender received on one of its `response_url`s.
///
/// Spec: 2.3.0 mod_charging_profiles.asciidoc §Sender Interface, POST Method
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileResult {
    /// The result of a GET ActiveChargingProfile.
    Active(ActiveChargingProfileResult),
    /// The result of a PUT SetChargingProfile.
    Set(ChargingProfileResult),
    /// The result of a DELETE.
    Clear(ClearProfileResult),
}

/// A value kept by another object's id (a session's charging preferences or profile, a
/// reservation, a result by uid), with when it arrived.
///
/// Spec: 2.3.0 mod_sessions.asciidoc §PUT Method (charging preferences by session);
/// 2.3.0 mod_charging_profiles.asciidoc §Sender Interface; 2.3.0 mod_commands.asciidoc
/// §ReserveNow Object (`reservation_id`)
#[derive(Debug, Clone, PartialEq)]
pub struct Kept<K, V> {
    /// The id it is kept by.
    pub id: K,
    /// The value.
    pub value: V,
    /// When it arrived (this platform's clock).
    pub received: DateTime,
}

impl<K, V> Kept<K, V> {
    /// `value`, kept by `id`, arrived now.
    pub fn now(id: K, value: V) -> Self {
        Kept {
            id,
            value,
            received: DateTime::now(),
        }
    }
}

impl<K: Ord + Clone + Send + fmt::Debug + 'static, V: Clone + Send + 'static> Stored
    for Kept<K, V>
{
    type Key = K;
    fn key(&self) -> K {
        self.id.clone()
    }
    fn last_updated(&self) -> Option<&DateTime> {
        Some(&self.received)
    }
}

/// What one platform holds, in memory, and the handlers of every module interface over it:
/// mount a clone for each interface of the platform's role (see the [module docs](self)).
/// Clones share every table.
///
/// Spec: the Sender Interface and Receiver Interface sections of each 2.3.0 module chapter
#[derive(Debug, Clone)]
pub struct Memory {
    /// Locations: the CPO's own (Sender), or those CPOs pushed (Receiver).
    pub locations: Table<Location>,
    /// Sessions.
    pub sessions: Table<Session>,
    /// CDRs.
    pub cdrs: Table<Cdr>,
    /// Tariffs.
    pub tariffs: Table<Tariff>,
    /// Tokens: the eMSP's own (Sender), or those eMSPs pushed (Receiver).
    pub tokens: Table<Token>,
    /// Hub Client Info, by party.
    pub client_info: Table<ClientInfo>,
    /// Payment Terminals, by `terminal_id`.
    pub terminals: Table<Terminal>,
    /// Financial Advice Confirmations, by id.
    pub confirmations: Table<FinancialAdviceConfirmation>,
    /// The charging preferences drivers set, by session id (CPO).
    pub charging_preferences: Table<Kept<CiString<36>, ChargingPreferences>>,
    /// The charging profiles set on sessions, by session id (CPO).
    pub charging_profiles: Table<Kept<CiString<36>, SetChargingProfile>>,
    /// The reservations accepted, by `reservation_id` (CPO).
    pub reservations: Table<Kept<CiString<36>, ReserveNow>>,
    /// The ActiveChargingProfiles the CPO pushed, by session id (Charging Profiles Sender).
    pub active_profiles: Table<Kept<CiString<36>, ActiveChargingProfile>>,
    /// The results received on `response_url`s, by uid (Charging Profiles Sender).
    pub profile_results: Table<Kept<CiString<36>, ProfileResult>>,
    /// The requests to carry out and answer later.
    pub inbox: Inbox,
    commands: Option<PendingCommands>,
    timeout: i64,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            locations: Table::default(),
            sessions: Table::default(),
            cdrs: Table::default(),
            tariffs: Table::default(),
            tokens: Table::default(),
            client_info: Table::default(),
            terminals: Table::default(),
            confirmations: Table::default(),
            charging_preferences: Table::default(),
            charging_profiles: Table::default(),
            reservations: Table::default(),
            active_profiles: Table::default(),
            profile_results: Table::default(),
            inbox: Inbox::default(),
            commands: None,
            timeout: Memory::DEFAULT_TIMEOUT,
        }
    }
}

impl Memory {
    /// The `timeout` of the immediate answers to commands and charging profile requests,
    /// in seconds, unless [`with_timeout`](Memory::with_timeout) says otherwise.
    pub const DEFAULT_TIMEOUT: i64 = 30;

    /// Empty tables.
    pub fn new() -> Self {
        Self::default()
    }

    crate::types::setters! {
        /// Matches every Session received (PUT or PATCH) to the command that started it, in
        /// `pending` (the eMSP's commands; see [`PendingCommands::session`]).
        with_commands(pending: PendingCommands) => commands = Some(pending);

        /// The `timeout` of the immediate answers, in seconds: how long the CPO expects the
        /// Charge Point to take.
        ///
        /// Spec: 2.3.0 mod_commands.asciidoc §CommandResponse Object (`timeout`); 2.3.0
        /// mod_charging_profiles.asciidoc §ChargingProfileResponse Object (`timeout`)
        with_timeout(seconds: i64) => timeout = seconds;
    }
}

/// A [`ModuleError::NotFound`] for `what` (`"Location LOC1"`).
fn not_found(what: &str, id: &impl fmt::Display) -> ModuleError {
    ModuleError::not_found(format!("{what} {id}"))
}
