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
//! | GET | 405 | our credentials, with the caller's current token |
//! | POST | registers: fetches the caller's versions and details with its token B (failure: 3001, nothing stored), issues token C, deletes token A | 405 |
//! | PUT | 405 | updates: fetches again with the new token, switches to this endpoint's version, issues a new token |
//! | DELETE | 405 | unregisters |
//!
//! The spec states the 405s of POST, PUT and DELETE; it gives no rule for a GET before the
//! registration. Here it is 405 too: the credentials to access the server do not exist yet
//! (the token A is all a registering client holds, and it has it).
//!
//! ## Storage
//!
//! [`CredentialsStore`] is implemented by the application over any database; every
//! transition writes its state in one call ([`Change`]), so a failure before it leaves
//! nothing behind. [`MemoryStore`] implements it in memory, for tests and examples.
//!
//! Two POSTs with the same token A at the same time both pass the "not registered" check and
//! the later [`Change::SavePeer`] wins; a store that must refuse the second can make a
//! `SavePeer` without `retired` fail when the peer exists.
//!
//! Spec: 2.1.1 credentials.md; 2.2.1 credentials.asciidoc; 2.3.0 credentials.asciidoc; 2.2.1
//! transport_and_format.asciidoc §Authorization header.

mod claims;
mod initiator;
mod objects;
mod platform;
mod store;

pub use claims::{Claim, ClaimError, PartyGrant, Vetting};
pub use initiator::{Initiator, InitiatorState};
pub use objects::{AnyCredentials, PeerId};
pub use platform::{generate_token, Caller, HandshakeError, Platform, PlatformConfig, TokenError};
pub use store::{
    Change, Conflict, CredentialsStore, Expect, MemoryStore, Peer, Retired, TokenKind, TokenRecord,
};
