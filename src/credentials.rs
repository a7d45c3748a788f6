//! The credentials module: registration, update and unregistration between two platforms, on
//! both sides, with the lifecycle of the credentials tokens and a storage interface the
//! application implements.
//!
//! ## The tokens
//!
//! | token | made by | sent to the other party | used by | to call | stored by its maker as |
//! | --- | --- | --- | --- | --- | --- |
//! | A | receiver | offline, with its versions URL | initiator | the receiver's Versions and Credentials modules only | [`TokenKind::RegistrationA`], deleted by the registration |
//! | B | initiator | in its POST | receiver | the initiator (its versions during the POST, then any module) | [`TokenKind::Pending`] during the POST, then [`TokenKind::Current`] |
//! | C | receiver | in its answer to the POST | initiator | the receiver (any module) | [`TokenKind::Current`] |
//!
//! An update (PUT, by either party) replaces the caller's token (a new B) and the server's
//! token (a new C); the replaced ones stay valid for a grace period
//! ([`TokenKind::Rotated`], [`PlatformConfig::grace`]). An unregistration (DELETE) deletes the
//! peer and every token in both directions.
//!
//! ## Initiating side
//!
//! [`Initiator`] is the state machine of a registration (POST) or an update (PUT); each
//! [`step`](Initiator::step) makes one transition:
//!
//! ```text
//! Start ──GET versions──▶ VersionChosen ──GET version details──▶ EndpointsChecked ──POST/PUT credentials──▶ Done
//! ```
//!
//! A failed step leaves the state as it was and the store as it was: the token B of the last
//! step is stored (as pending, so that the peer can fetch the versions with it) only while its
//! request is in flight, and deleted if the request fails. [`Platform::register`],
//! [`Platform::update`] and [`Platform::unregister`] run the whole exchange.
//!
//! ## Receiving side
//!
//! Sans-IO handlers: [`Platform::authenticate`] says who calls, and
//! [`Platform::handle_versions`], [`Platform::handle_version_details`] and
//! [`Platform::handle_credentials`] answer. The state of a caller is whether its registration
//! exists; the credentials endpoint answers:
//!
//! | method | not registered (token A) | registered (token C, or B) |
//! | --- | --- | --- |
//! | GET | 405 | our credentials, with the caller's current token (not with a token replaced by an update: 401) |
//! | POST | registers: checks the parties it claims against the token A's grant (2001), fetches the caller's versions and details with its token B (failure: 3001, nothing stored), issues token C, deletes token A | 405 |
//! | PUT | 405 | updates: checks the claims against the grant (2001), fetches again with the new token, switches to this endpoint's version, issues a new token |
//! | DELETE | 405 | unregisters |
//!
//! The spec states the 405s of POST, PUT and DELETE; it gives no rule for a GET before the
//! registration. Here it is 405 too: the credentials to access the server do not exist yet
//! (the token A is all a registering client holds, and it has it).
//!
//! ## Storage
//!
//! [`CredentialsStore`] is the storage of registrations and tokens; every transition writes
//! its state in one call ([`Change`]), so a failure before it leaves nothing behind. The crate
//! has three:
//!
//! | store | for | feature |
//! | --- | --- | --- |
//! | [`MemoryStore`] | tests, examples, a single process that may forget its peers | — |
//! | `SqliteStore` | one platform process (or several on one host), its peers kept in a file across restarts | `sqlite` |
//! | `PostgresStore` | several instances of a platform on one database | `postgres` |
//!
//! An application may implement the trait over its own database, and check it with the
//! conformance checks of `credentials::testkit` (feature `testkit`).
//!
//! A store never gives back a token this platform issued: it is looked up ([`CredentialsStore::token`])
//! and written, never read. The SQL stores keep the SHA-256 of each (A, pending, current,
//! rotated), never the token itself, so that a copy of the database (a backup, a replica, a
//! stolen disk) does not let anyone call this platform as one of its peers; a token is 256
//! random bits, so its hash cannot be reversed and needs no salt nor slow hashing. The token
//! of the peer, which this platform sends, is kept as given, inside the peer's credentials
//! object: it must be. A registration's identity for the compare-and-swap is its
//! [`Revision`], not its token.
//!
//! Every change says what state it expects ([`Expect`]): the peer's current token, and
//! whether a transition of this platform's own is in flight. The store applies it only if the
//! state is still that one, so two transitions of the same peer never both succeed on one
//! state: two POSTs with the same token A, two updates at once from this side, or both sides
//! updating each other at once. The loser gets a typed error ([`Conflict`], or HTTP 409 when it
//! is the peer's request) and the tokens of both sides keep matching. A transition that never
//! finished (a crash between its two writes) stops counting after
//! [`PlatformConfig::pending_for`].
//!
//! ## Claims
//!
//! A peer's credentials object lists the parties it acts for (2.2.1 and 2.3.0: one
//! `CredentialsRole` per party and role; 2.1.1: one party). Everything the server accepts from
//! that peer afterwards is keyed by those parties (client-owned objects are stored under their
//! `country_code`/`party_id`, routing headers name them), so the list is a claim of ownership,
//! not a description. The spec makes each claim unique ("Every role needs a unique combination
//! of: `role`, `party_id` and `country_code`", 2.2.1 credentials.asciidoc §CredentialsRole
//! class) but leaves the check to the platforms. Here:
//!
//! - the application states which parties and roles a peer may claim when it issues the token
//!   A ([`Platform::issue_token_a`]) or starts a registration ([`Platform::register`]): a
//!   [`PartyGrant`];
//! - every POST and PUT of the peer (and every answer of a peer this platform registered
//!   with) is checked against the grant before anything is stored;
//! - a claim belongs to one peer at a time: the store refuses a registration whose claims
//!   another peer holds ([`Conflict::Claimed`]);
//! - claiming to be a Roaming Hub (a `HUB` role in 2.2.1, a `hub_party_id` in 2.3.0), which
//!   lets a peer send any `OCPI-from-*`, needs the grant to name the Hub role explicitly.
//!
//! A refused claim is answered with OCPI status 2001 (invalid parameters: the spec names no
//! status for it, and the roles of the body are the parameter at fault), in every version.
//! A 2.3.0 Hub's `roles` list the parties it reaches, which may also be connected directly
//! (2.3.0 topology.asciidoc §Platforms via Hub and direct): only its own Hub party is owned.
//!
//! Spec: 2.1.1 credentials.md; 2.2.1 credentials.asciidoc; 2.3.0 credentials.asciidoc; 2.2.1
//! transport_and_format.asciidoc §Authorization header.

mod claims;
mod initiator;
mod objects;
mod platform;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use claims::{Claim, ClaimError, PartyGrant, PeerTerms, Vetting};
pub use initiator::{Initiator, InitiatorState};
pub use objects::{AnyCredentials, PeerId};
pub use platform::{generate_token, Caller, HandshakeError, Platform, PlatformConfig, TokenError};
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub use sql::StoreError;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
/// The sqlx crate the SQL stores are built on (the types of their `pool` and `from_pool`),
/// so that an application uses the same version.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub use sqlx;
pub use store::{
    Change, Conflict, CredentialsStore, Expect, MemoryStore, Peer, Revision, TokenKind, TokenRecord,
};
