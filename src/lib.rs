//! # ocpi-protocol
//!
//! Strongly typed, lossless objects for OCPI, the Open Charge Point Interface: the protocol
//! that connects Charge Point Operators (CPO), e-Mobility Service Providers (eMSP), roaming
//! hubs, navigation providers (NSP), national access points (NAP) and smart-charging providers
//! (SCSP).
//!
//! The crate is transport-agnostic: it depends on no HTTP framework and no async runtime. A
//! platform implements the [module traits](modules) over its own storage, mounts them on a
//! [`Server`](server::Server) that answers `http::Request`s from any HTTP stack, and calls its
//! peers with a [`Client`](client::Client) over any HTTP client; `cargo run --example tour`
//! shows a CPO and an eMSP doing so end to end.
//!
//! ## Contents
//!
//! The modules are layers, listed from the ground up: each uses only those listed before it,
//! except two groups whose members use each other (credentials, interop and modules; server
//! and hub). Under [`types`] lies a private ground floor that knows no OCPI type: the
//! byte-level JSON reader and writer every type reads and writes itself with, and the JSON
//! paths and [`Warning`](types::Warning)s a read reports (re-exported in [`types`] and
//! [`json`]).
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`types`] | the common types of the spec: [`CiString`](types::CiString), [`OcpiString`](types::OcpiString), [`DateTime`](types::DateTime), [`Number`](types::Number), [`Url`](types::Url), [`DisplayText`](types::DisplayText), [`Price`](types::Price), [`CountryCode`](types::CountryCode), [`PartyId`](types::PartyId), [`Role`](types::Role), [`CredentialsToken`](types::CredentialsToken); PATCH fields, unknown fields and warnings |
//! | [`v2_1_1`], [`v2_2_1`], [`v2_3_0`] | the object model of each version, one module per OCPI module; a type identical in two versions is defined once (in `v2_2_1`) and re-exported |
//! | [`json`] | reading documents: [`parse`](json::parse) (value + warnings), [`parse_strict`](json::parse_strict), [`parse_list`](json::parse_list) (valid items + per-item errors); errors carry a JSON path. Writing: [`to_vec`](json::to_vec) / [`write`](json::write) ([`WriteJson`](json::WriteJson)), the bytes serde_json writes, without serde |
//! | [`transport`] | the response envelope and status codes, pagination on both sides, message ids, routing headers, the `Authorization` header, body limits, errors as HTTP + OCPI statuses |
//! | [`convert`] | upgrade and downgrade between versions, with a report of what could not cross |
//! | [`pricing`] | what a session costs under a Tariff of any version, per dimension and with the CDR's totals (VAT, 2.3.0 taxes, `step_size`, price limits, local-time restrictions), explained line by line; [`verify`](pricing::verify) of a CDR's totals; [`estimate`](pricing::estimate) of a planned session (feature `pricing`, on by default) |
//! | [`versions`] | version negotiation: the versions list and version details a platform publishes, a peer's documents of any version in one neutral form, the choice of version, endpoint lookup |
//! | [`credentials`] | the registration handshake on both sides: state machine of the initiator, sans-IO handlers of the receiver, token lifecycle with a grace period after rotation, the storage trait, an in-memory store, stores on SQLite and PostgreSQL (features `sqlite`, `postgres`) and the checks every store must pass (feature `testkit`) |
//! | [`interop`] | the per-peer [`Interop`](interop::Interop) profile of tolerances for real partners' deviations (one object as a one-element array, unpadded date-times, the other `Authorization` encoding, trailing `/` on URLs), each reported as a [`Tolerated`](interop::Tolerated) warning |
//! | [`modules`] | the functional modules as traits the application implements, one per module and interface (Sender, Receiver), in the 2.3.0 model; the spec's table of typical interfaces per role; conversion at the edge for 2.2.1 and 2.1.1 peers |
//! | [`memory`] | reference in-memory handlers of every Sender and Receiver interface of every module ([`Memory`](memory::Memory)), over shared tables ([`Table`](memory::Table)): for prototypes, tests and examples |
//! | [`client`] | typed calls to a registered peer's modules over any [`Transport`](transport::Transport): every list page by page ([`Client::pages`](client::Client::pages)) with a cursor to resume, and the resync of a module after an outage ([`Client::sync`](client::Client::sync)) |
//! | [`server`] | the sans-IO dispatcher: `http::Request` in, `http::Response` out; authentication, routing, parameters, bodies, the spec's checks, envelopes, pagination headers, message ids; an in-process [`Loopback`](server::Loopback) network |
//! | [`hub`] | a Roaming Hub's routing engine, sans I/O ([`Hub`](hub::Hub)): direct requests forwarded to the party named in `OCPI-to-*` with its own token and endpoints, Open Routing Requests routed by an application policy, Broadcast Push, GET All via the Hub, the objects of every module converted between 2.2.1 and 2.3.0 parties, results on a `response_url` routed back, the hub status codes (4001 unknown receiver, 4002 timeout, 4003 not connected), loops refused; over the application's [`Directory`](hub::Directory) of connected parties; Hub Client Info pushed to the parties and the still-alive check |
//! | [`schema`] | JSON Schema of every object of every version (feature `schema`, on by default) |
//! | [`guide`] | the main flows, one chapter and one complete, tested example each: a CPO accepting registrations, an eMSP pulling Locations, receiving pushes, commands, three versions from one set of handlers, stores and transports, a Hub, pricing a CDR |
//!
//! ## Example
//!
//! ```
//! use ocpi_protocol::json;
//! use ocpi_protocol::v2_2_1::locations::{Connector, PowerType};
//!
//! let body = br#"{
//!     "id": "1", "standard": "IEC_62196_T2", "format": "CABLE", "power_type": "AC_3_PHASE",
//!     "max_voltage": 230, "max_amperage": 32, "last_updated": "2015-03-16T10:10:02Z"
//! }"#;
//! let parsed = json::parse::<Connector>(body).unwrap();
//! assert_eq!(parsed.value.power_type, Some(PowerType::Ac3Phase));
//! assert!(parsed.warnings.is_empty());
//!
//! // Written back exactly as received: no `null`s, no reformatted numbers or timestamps.
//! // `json::to_vec` writes the same bytes as serde_json, faster.
//! let out = serde_json::to_string(&parsed.value).unwrap();
//! assert!(out.contains(r#""last_updated":"2015-03-16T10:10:02Z""#));
//! assert_eq!(json::to_vec(&parsed.value), out.as_bytes());
//!
//! // A bad document gets a typed error with the JSON path of the fault.
//! let err = json::parse::<Connector>(br#"{"id": "1", "standard": "iec_62196_t2"}"#).unwrap_err();
//! assert_eq!(err.path, "standard");
//! ```
//!
//! ## Principles
//!
//! **Strict types.** A value of a type is valid: bounded strings are checked when read and when
//! constructed, enums are checked, timestamps have the spec's one shape and are UTC, numbers are
//! exact decimals. Every object has a `new(required…)` constructor.
//!
//! **Lossless.** Reading then writing gives back the same JSON: numbers keep every digit and
//! their scale (`4.00` stays `4.00`, nothing passes through `f64`), strings and URLs are kept
//! byte for byte, a timestamp keeps its `Z` (or its absence) and its fraction digits, absent
//! optional fields stay absent, and fields this crate does not know are kept verbatim in each
//! object's `unknown_fields` and written back.
//!
//! Precisely: the JSON written back equals the JSON read, as JSON values, with two exceptions
//! the spec treats as equal. An explicit `null` on an optional field is written back as the
//! field absent (2.2.1 terminology.asciidoc, cardinality `?`: "If not set, it might be `null`,
//! or the field might be omitted"; this crate never writes `null`), and whitespace and the order of an object's
//! members follow the crate's writer (the object table's order, then unknown fields in the
//! order they came). A PATCH body is the exception to the exception: there `null` and absent
//! differ, and both are kept.
//!
//! **Forward compatible.** An enum value this crate does not know (from a newer or customised
//! peer) is kept and written back unchanged; `is_known()` tells it apart. A known value in the
//! wrong case (`ac_3_phase`) is an error: OCPI enums are case sensitive.
//!
//! **Errata as warnings.** Some official examples of the spec contradict its object tables: the
//! CDR and Session examples' `cdr_token` lack `country_code` and `party_id`, the tariff and EVSE
//! PUT examples lack `last_updated`, the EVSE PUT example sends `physical_reference` and `floor`
//! as numbers. Every official example must be readable, so:
//!
//! - a field that the table requires but an official example omits is an `Option` in Rust,
//!   documented as such; when it is missing, [`json::parse`] reports a
//!   [`Warning`](types::Warning) of kind [`MissingRequired`](types::WarningKind::MissingRequired)
//!   with its JSON path;
//! - a field that an official example sends in the wrong form is a
//!   [`Tolerant<T>`](types::Tolerant): a conforming value is a `T`, a deviating one is kept
//!   verbatim (and written back unchanged) and reported as
//!   [`Tolerated`](types::WarningKind::Tolerated).
//!
//! Nothing else is lenient. [`json::parse_strict`] refuses any document with a warning, for
//! parties that want the tables enforced to the letter. Every value also reports its warnings
//! through [`Conformance::warnings`](types::Conformance::warnings).
//!
//! **Strict in what it sends.** Leniency is for reading. Constructors (`new(…)`) take every
//! field the table requires, and every object a [`Server`](server::Server) answers or a
//! [`Client`](client::Client) sends is checked as the strict reader of the peer's version
//! would: one that deviates (an errata example forwarded as it came, say) is refused before
//! anything is sent, or sent and reported, as the application's
//! [`Outgoing`](modules::Outgoing) says.
//!
//! **Tolerances for real partners, per peer and reported.** Some partners' platforms deviate
//! from the spec in ways met in the field: a single object sent as a one-element array,
//! date-times without zero padding, the `Authorization` header in the other encoding, URLs
//! that must end with `/`. A peer's [`Interop`](interop::Interop) profile, kept with its
//! registration ([`PeerTerms::with_interop`](credentials::PeerTerms::with_interop)), lets the
//! [`Client`](client::Client) and the [`Server`](server::Server) absorb exactly those of that
//! peer, each occurrence reported as a [`Tolerated`](interop::Tolerated) warning
//! ([`Bridge::on_tolerated`](modules::Bridge::on_tolerated)). Strict is the default, and a
//! strict peer costs nothing: the [`interop`] module lists every tolerance with an example of
//! what it absorbs.
//!
//! **No panics on input.** Every byte sequence yields a value or a typed error. Nesting is
//! bounded (serde_json's recursion limit for known fields,
//! [`MAX_UNKNOWN_DEPTH`](types::MAX_UNKNOWN_DEPTH) inside unknown ones).
//!
//! **Secrets stay secret.** [`CredentialsToken`](types::CredentialsToken) never shows itself
//! in `Debug` or `Display`, and compares in constant time.
//!
//! ## Security
//!
//! Every peer is a company this platform does not control, reaching it over the internet, and
//! its credentials token is the only thing that authenticates it. The crate treats every claim
//! a peer makes as hostile until checked against what the application allowed.
//!
//! What the crate enforces:
//!
//! - **Tokens by kind** ([`Platform::authenticate`](credentials::Platform::authenticate)): a
//!   token A opens Versions and Credentials only (2.2.1 transport_and_format.asciidoc
//!   §Authorization header); a pending token B opens Versions only; a token replaced by an
//!   update keeps the functional modules for its grace period and never opens Versions or
//!   Credentials again, so a late or leaked token can neither read the new token nor re-point
//!   or delete the connection.
//! - **Parties by grant** ([`PartyGrant`](credentials::PartyGrant), [`credentials`] §Claims):
//!   the parties and roles a peer may claim are stated by the application when it issues the
//!   token A or starts a registration, and checked on the POST and on every PUT; a (country
//!   code, party id, role) belongs to one peer at a time (2.2.1 credentials.asciidoc
//!   §CredentialsRole class), refused with 2001 otherwise; being a Roaming Hub (which may send
//!   any `OCPI-from-*`) needs the Hub role in the grant. The server then takes a peer's
//!   parties from its stored registration only: the party in a Receiver URL, the
//!   `country_code`/`party_id` of a body and `OCPI-from-*` must be one of them.
//! - **One transition at a time** ([`Expect`](credentials::Expect)): registrations, updates
//!   and unregistrations of a peer are compare-and-swap in the store, so concurrent updates
//!   (from one side or both) never leave the two sides holding tokens the other does not know;
//!   the loser gets a typed error (HTTP 409 when it is the peer's request).
//! - **Tokens stay with their origin** ([`UrlPolicy`](transport::UrlPolicy)): every URL a
//!   peer gives (versions, version details, endpoints, `response_url`s, next links) must be
//!   `https` and not name a loopback, private, link-local or unspecified address or
//!   `localhost`, unless the application allows that host; the client calls only the peer's
//!   own origins, and next links must keep their page's origin.
//! - **Unguessable tokens**: [`generate_token`](credentials::generate_token) takes 256 bits
//!   from the operating system's random number generator.
//! - **Bounded work**: bodies are checked against [`BodyLimits`](transport::BodyLimits)
//!   before they are copied or parsed; reading is linear in the body; page crawls are bounded
//!   ([`PagerLimits`](transport::PagerLimits)).
//! - **Secrets stay secret**: tokens never appear in `Debug`, `Display` or error messages.
//!   Nothing reads a token this platform issued back from its store, so a store may keep only
//!   its hash: the SQL stores keep the SHA-256 of each, never the token, and a copy of their
//!   database does not let anyone call the platform as a peer.
//!
//! What the application decides, and must:
//!
//! - which parties each peer may act for: the [`PartyGrant`](credentials::PartyGrant) of its
//!   token A (the crate cannot know who a company is);
//! - the URL policy's exceptions (a partner on a private network or on plain HTTP in a test);
//! - in its transport: connect and request deadlines (a peer that never answers must not hold
//!   a request forever), a cap on response sizes, no redirects to another origin with the
//!   `Authorization` header, and resolving host names before connecting so that a name
//!   pointing at a private address is refused too
//!   ([`is_private_address`](transport::is_private_address) checks an address): the URL
//!   policy sees the URL only, DNS is the transport's;
//! - TLS itself: OCPI requires it in production (2.2.1 transport_and_format.asciidoc
//!   §Security and authentication), and it is the HTTP stack's.
//!
//! ## Reading JSON from other sources
//!
//! The serde impls work with `serde_json::from_slice`, `from_str` and `from_reader`. Exact
//! numbers rely on `serde_json`'s `raw_value` feature (enabled by this crate, additive); do not
//! read objects through `serde_json::Value` (`from_value`), which has already turned numbers
//! into `f64`. Three corner cases differ from [`json::parse`] when reading with serde_json
//! directly (strings that are not valid JSON text get the type's error; see the [`json`]
//! module). The [`json`] entry points are also faster: they read documents in the common shape
//! without serde, and give the same values and errors.
//!
//! Every public item names the section of the specification it implements (`Spec: …`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod client;
mod codec;
pub mod convert;
pub mod credentials;
pub mod guide;
pub mod hub;
pub mod interop;
pub mod json;
pub mod memory;
pub mod modules;
#[cfg(feature = "pricing")]
pub mod pricing;
#[cfg(feature = "schema")]
pub mod schema;
pub mod server;
mod trace;
pub mod transport;
pub mod types;
pub mod v2_1_1;
pub mod v2_2_1;
pub mod v2_3_0;
pub mod versions;
