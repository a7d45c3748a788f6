//! A guide to the main flows: each chapter is a short explanation and one complete example,
//! compiled and run as a test, on the crate's in-process network ([`Loopback`]), so that
//! every example runs offline and asserts what it shows.
//!
//! | chapter | what it shows |
//! | --- | --- |
//! | [`cpo`] | a CPO that accepts registrations (the credentials handshake) and serves its Locations |
//! | [`emsp`] | an eMSP that registers with a CPO and pulls its Locations, page by page |
//! | [`pushes`] | an eMSP receiving pushes: a Session (PUT) and a CDR (POST), with a handler of its own |
//! | [`commands`] | a START_SESSION sent by an eMSP, and its result received at the `response_url` |
//! | [`versions`] | one set of handlers serving OCPI 2.1.1, 2.2.1 and 2.3.0 peers |
//! | [`stores_and_transports`] | plugging in a [`CredentialsStore`] (memory, SQLite, PostgreSQL, your own) and a [`Transport`] (reqwest, or your own) |
//! | [`hub`] | a Roaming Hub routing a push between two parties, and a party going offline |
//! | [`pricing`] | pricing a CDR with its tariff, and verifying a CDR received |
//!
//! Every example builds its platforms the same way; the lines hidden from the rendered
//! examples (click "expand" or read the source) are these helpers:
//!
//! ```
//! use ocpi_protocol::server::ServerConfig;
//! use ocpi_protocol::transport::PartyRef;
//! use ocpi_protocol::types::{OcpiString, Url};
//! use ocpi_protocol::v2_2_1::locations::BusinessDetails;
//! use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
//!
//! /// A party, such as NL*CPO.
//! fn party(country_code: &str, party_id: &str) -> PartyRef {
//!     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
//! }
//!
//! /// A platform at `https://{host}/ocpi` with one party in one role, serving every version.
//! fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
//!     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
//!     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
//!     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
//! }
//!
//! let cpo = config("cpo.example.com", Role::Cpo, party("NL", "CPO"));
//! assert_eq!(cpo.base_url.as_str(), "https://cpo.example.com/ocpi");
//! ```
//!
//! The same flows, narrated with every HTTP exchange printed: `cargo run --example tour`
//! (two parties) and `cargo run --example hub` (a Roaming Hub); over real sockets:
//! `cargo run --example http --features axum`.
//!
//! [`Loopback`]: crate::server::Loopback
//! [`CredentialsStore`]: crate::credentials::CredentialsStore
//! [`Transport`]: crate::transport::Transport

pub mod cpo {
    //! # A CPO that accepts registrations and serves Locations
    //!
    //! A platform is a [`Server`]: its identity ([`ServerConfig`]: base URL and
    //! credentials roles), one handler per module interface it serves (here the Sender
    //! interface of Locations, over the crate's in-memory [`Memory`]), a
    //! [`CredentialsStore`](crate::credentials::CredentialsStore) and the
    //! [`Transport`](crate::transport::Transport) it calls its peers with.
    //! [`ServerBuilder::only_mounted`] declines the other interfaces a CPO typically
    //! implements (2.3.0 terminology.asciidoc §Typical OCPI implementations per Role).
    //!
    //! To let a partner register, the CPO issues a token A
    //! ([`Platform::issue_token_a`](crate::credentials::Platform::issue_token_a)), stating
    //! which parties the partner may claim, and hands it over offline with its versions URL
    //! (2.3.0 credentials.asciidoc §Registration). The token A opens the Versions and
    //! Credentials modules only; the partner's POST of its credentials is answered by the
    //! server itself, which fetches the partner's versions with its token B, stores the
    //! registration, issues a token C and deletes the token A.
    //!
    //! ```
    //! # use ocpi_protocol::server::ServerConfig;
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::CredentialsRole;
    //! # use ocpi_protocol::v2_3_0::locations::Location;
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # fn location(id: &str) -> Location {
    //! #     ocpi_protocol::json::parse_strict(format!(r#"{{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "{id}", "publish": true,
    //! #         "address": "Oudegracht 1", "city": "Utrecht", "postal_code": "3511 AA",
    //! #         "country": "NLD", "coordinates": {{"latitude": "52.090200", "longitude": "5.121400"}},
    //! #         "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }}"#).as_bytes()).unwrap()
    //! # }
    //! use std::sync::Arc;
    //!
    //! use http::header::AUTHORIZATION;
    //! use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    //! use ocpi_protocol::memory::Memory;
    //! use ocpi_protocol::server::{Loopback, ServerBuilder};
    //! use ocpi_protocol::transport::{authorization_header, AuthorizationMode, PartyRef};
    //! use ocpi_protocol::v2_3_0::credentials::Role;
    //! use ocpi_protocol::versions::OcpiVersion;
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! // The CPO's Locations, served from memory.
    //! let data = Memory::new();
    //! data.locations.put(location("LOC1"));
    //!
    //! let net = Loopback::new(); // the network: in this process, no sockets
    //! let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //!     .locations_sender(data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! let cpo = Arc::new(cpo);
    //! net.attach("cpo.example.com", cpo.clone());
    //!
    //! // A token A for the eMSP NL*MSP, handed over offline with the versions URL.
    //! let token_a = cpo
    //!     .platform()
    //!     .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([party("NL", "MSP")]))
    //!     .await?;
    //! let versions_url = cpo.platform().config().versions.url.clone();
    //! assert_eq!(versions_url.as_str(), "https://cpo.example.com/ocpi/versions");
    //!
    //! // Any HTTP stack hands the server an `http::Request` and sends back its answer.
    //! let get = |url: &str| {
    //!     let auth = authorization_header(&token_a, AuthorizationMode::Base64);
    //!     http::Request::get(url).header(AUTHORIZATION, auth).body(Vec::new())
    //! };
    //! let versions = cpo.handle(get(versions_url.as_str())?).await;
    //! assert_eq!(versions.status(), 200);
    //! let body: serde_json::Value = serde_json::from_slice(versions.body())?;
    //! assert_eq!(body["data"].as_array().map(Vec::len), Some(3)); // 2.1.1, 2.2.1, 2.3.0
    //! // A token A opens nothing else.
    //! let locations = "https://cpo.example.com/ocpi/2.3.0/sender/locations";
    //! assert_eq!(cpo.handle(get(locations)?).await.status(), 401);
    //!
    //! // The eMSP registers (the next chapter shows its side).
    //! let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! let emsp = Arc::new(emsp);
    //! net.attach("emsp.example.com", emsp.clone());
    //! let grant = PartyGrant::parties([party("NL", "CPO")]);
    //! emsp.platform()
    //!     .register(PeerId::new("cpo"), token_a.clone(), versions_url, grant)
    //!     .await?;
    //!
    //! // The CPO holds the registration; the token A is spent.
    //! let registered = cpo.platform().store().peers();
    //! assert_eq!(registered.len(), 1);
    //! assert_eq!(registered[0].id.as_str(), "emsp");
    //! assert_eq!(registered[0].version, OcpiVersion::V2_3_0);
    //! assert_eq!(cpo.handle(get("https://cpo.example.com/ocpi/versions")?).await.status(), 401);
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! In production the same server sits behind an HTTP stack: [`Server::handle`] from any
    //! framework, `Server::router` with the `axum` feature, or `TowerService` with the
    //! `tower` feature.
    //!
    //! Spec: 2.3.0 credentials.asciidoc §Registration; 2.3.0 version_information_endpoint.asciidoc;
    //! 2.3.0 transport_and_format.asciidoc §Authorization header
    //!
    //! [`Server`]: crate::server::Server
    //! [`Server::handle`]: crate::server::Server::handle
    //! [`ServerConfig`]: crate::server::ServerConfig
    //! [`ServerBuilder::only_mounted`]: crate::server::ServerBuilder::only_mounted
    //! [`Memory`]: crate::memory::Memory
}

pub mod emsp {
    //! # An eMSP that registers with a CPO and pulls its Locations
    //!
    //! The registering side runs the handshake with
    //! [`Platform::register`](crate::credentials::Platform::register): from the token A and
    //! versions URL the CPO gave, it fetches the CPO's versions, picks the highest both speak,
    //! fetches its endpoints, and POSTs its own credentials with a new token B; the CPO's
    //! answer carries the token C to call it with from then on. The registration is kept in the
    //! eMSP's store as a [`Peer`](crate::credentials::Peer)
    //! ([`Platform::start_registration`](crate::credentials::Platform::start_registration)
    //! runs the same exchange one step at a time).
    //!
    //! A [`Client`] over the peer calls its modules with typed 2.3.0 objects, whatever the
    //! peer's version. [`Client::pages`] crawls a list page by page, following the `Link`
    //! headers; each page carries the `X-Total-Count` and a [`Cursor`](crate::client::Cursor)
    //! to resume from later. Here the CPO serves pages of at most 2 Locations, whatever the
    //! client asks for (2.3.0 transport_and_format.asciidoc §Pagination).
    //!
    //! ```
    //! # use std::sync::Arc;
    //! # use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    //! # use ocpi_protocol::memory::Memory;
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::transport::PartyRef;
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # fn location(id: &str) -> Location {
    //! #     ocpi_protocol::json::parse_strict(format!(r#"{{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "{id}", "publish": true,
    //! #         "address": "Oudegracht 1", "city": "Utrecht", "postal_code": "3511 AA",
    //! #         "country": "NLD", "coordinates": {{"latitude": "52.090200", "longitude": "5.121400"}},
    //! #         "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }}"#).as_bytes()).unwrap()
    //! # }
    //! use ocpi_protocol::client::{Client, ListFilter};
    //! use ocpi_protocol::v2_3_0::locations::Location;
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! # let net = Loopback::new();
    //! # let cpo_data = Memory::new();
    //! # for i in 1..=5 {
    //! #     cpo_data.locations.put(location(&format!("LOC{i}")));
    //! # }
    //! # let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //! #     .with_max_limit(2)
    //! #     .locations_sender(cpo_data)
    //! #     .only_mounted()
    //! #     .build(MemoryStore::new(), net.clone())?;
    //! # let cpo = Arc::new(cpo);
    //! # net.attach("cpo.example.com", cpo.clone());
    //! # let token_a = cpo
    //! #     .platform()
    //! #     .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([party("NL", "MSP")]))
    //! #     .await?;
    //! # let versions_url = Url::new("https://cpo.example.com/ocpi/versions")?;
    //! // The eMSP keeps its copy of the CPO's Locations, and takes the CPO's pushes of them.
    //! let data = Memory::new();
    //! let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //!     .locations_receiver(data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! let emsp = Arc::new(emsp);
    //! net.attach("emsp.example.com", emsp.clone());
    //!
    //! // Register with the token A and versions URL the CPO gave; the CPO may act for NL*CPO.
    //! let cpo_peer = emsp
    //!     .platform()
    //!     .register(PeerId::new("cpo"), token_a, versions_url, PartyGrant::parties([party("NL", "CPO")]))
    //!     .await?;
    //!
    //! // Pull every Location, one page at a time.
    //! let client = Client::new(net.clone(), cpo_peer).with_routing(party("NL", "MSP"), party("NL", "CPO"));
    //! let filter = ListFilter { limit: Some(10), ..ListFilter::default() };
    //! let mut pages = client.pages::<Location>(&filter)?;
    //! let mut count = 0;
    //! while let Some(page) = pages.next_page().await {
    //!     let page = page?;
    //!     assert_eq!(page.total_count, Some(5));
    //!     assert!(page.errors.is_empty()); // a Location that cannot be read is reported here
    //!     data.locations.put_all(page.items);
    //!     count += 1;
    //! }
    //! assert_eq!(count, 3); // 2 + 2 + 1
    //! assert_eq!(data.locations.len(), 5);
    //!
    //! // Or every page at once:
    //! let listed = client.locations_sender()?.list(&filter).await?;
    //! assert_eq!(listed.items.len(), 5);
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! [`Client::sync`](crate::client::Client::sync) resynchronises a module after an outage
    //! (objects changed since a date, then deletions), and [`Client::resume`] a crawl that
    //! failed part-way from its cursor.
    //!
    //! Spec: 2.3.0 credentials.asciidoc §Registration; 2.3.0 transport_and_format.asciidoc
    //! §Pagination, §Paginated Response; 2.3.0 mod_locations.asciidoc §Sender Interface
    //!
    //! [`Client`]: crate::client::Client
    //! [`Client::pages`]: crate::client::Client::pages
    //! [`Client::resume`]: crate::client::Client::resume
}

pub mod pushes {
    //! # Receiving pushes: Sessions and CDRs
    //!
    //! A CPO pushes what it owns to its eMSPs: a Session whole (PUT) or in part (PATCH) while
    //! it runs, and the CDR once (POST). The eMSP mounts the Receiver interfaces; a handler
    //! is any type implementing the module's trait
    //! ([`SessionsReceiver`](crate::modules::sessions::SessionsReceiver),
    //! [`CdrsReceiver`](crate::modules::cdrs::CdrsReceiver)) with `async fn`s over the 2.3.0
    //! model. By the time it is called, the server has authenticated the caller, checked that
    //! the party in the URL and in the body is one of the caller's, that the ids of the body
    //! match the URL, and converted the body from the caller's version.
    //!
    //! Here the Sessions go to the crate's [`Memory`](crate::memory::Memory) and the CDRs to a
    //! handler of the application's own, which refuses a CDR it already holds (CDRs are never
    //! replaced: 2.3.0 mod_cdrs.asciidoc §POST Method).
    //!
    //! ```
    //! # use std::sync::Arc;
    //! # use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # use ocpi_protocol::v2_3_0::sessions::Session;
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # const TOKEN: &str = r#""cdr_token": {"country_code": "NL", "party_id": "MSP",
    //! #     "uid": "012345678", "type": "RFID", "contract_id": "NL-MSP-C00000001-X"}"#;
    //! # fn session() -> Session {
    //! #     ocpi_protocol::json::parse_strict(format!(r#"{{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "SES1",
    //! #         "start_date_time": "2024-05-07T09:30:00Z", "kwh": 0, {TOKEN},
    //! #         "auth_method": "WHITELIST", "location_id": "LOC1", "evse_uid": "LOC1-1",
    //! #         "connector_id": "1", "currency": "EUR", "status": "ACTIVE",
    //! #         "last_updated": "2024-05-07T09:30:05Z"
    //! #     }}"#).as_bytes()).unwrap()
    //! # }
    //! # fn cdr() -> Cdr {
    //! #     ocpi_protocol::json::parse_strict(format!(r#"{{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "CDR1", "session_id": "SES1",
    //! #         "start_date_time": "2024-05-07T09:30:00Z", "end_date_time": "2024-05-07T11:00:00Z",
    //! #         {TOKEN}, "auth_method": "WHITELIST",
    //! #         "cdr_location": {{"id": "LOC1", "address": "Oudegracht 1", "city": "Utrecht",
    //! #             "country": "NLD", "coordinates": {{"latitude": "52.090200", "longitude": "5.121400"}},
    //! #             "evse_uid": "LOC1-1", "evse_id": "NL*CPO*E10001", "connector_id": "1",
    //! #             "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET",
    //! #             "connector_power_type": "AC_3_PHASE"}},
    //! #         "currency": "EUR",
    //! #         "charging_periods": [{{"start_date_time": "2024-05-07T09:30:00Z",
    //! #             "dimensions": [{{"type": "ENERGY", "volume": 12.5}}]}}],
    //! #         "total_cost": {{"before_taxes": 4.38}}, "total_energy": 12.5, "total_time": 1.5,
    //! #         "last_updated": "2024-05-07T11:00:10Z"
    //! #     }}"#).as_bytes()).unwrap()
    //! # }
    //! use std::sync::Mutex;
    //!
    //! use ocpi_protocol::client::Client;
    //! use ocpi_protocol::memory::Memory;
    //! use ocpi_protocol::modules::cdrs::CdrsReceiver;
    //! use ocpi_protocol::modules::{Context, ModuleError};
    //! use ocpi_protocol::transport::PartyRef;
    //! use ocpi_protocol::types::CiString;
    //! use ocpi_protocol::v2_3_0::cdrs::Cdr;
    //!
    //! /// The eMSP's billing: every CDR received, once. A clone shares the list.
    //! #[derive(Clone, Default)]
    //! struct Billing(Arc<Mutex<Vec<Cdr>>>);
    //!
    //! impl CdrsReceiver for Billing {
    //!     async fn post_cdr(&self, _ctx: &Context, cdr: Cdr) -> Result<(), ModuleError> {
    //!         let mut cdrs = self.0.lock().unwrap();
    //!         if cdrs.iter().any(|c| c.id == cdr.id && c.party_id == cdr.party_id) {
    //!             return Err(ModuleError::invalid("this CDR was received already"));
    //!         }
    //!         cdrs.push(cdr);
    //!         Ok(())
    //!     }
    //!
    //!     async fn cdr(&self, _ctx: &Context, party: PartyRef, id: CiString<39>) -> Result<Cdr, ModuleError> {
    //!         let cdrs = self.0.lock().unwrap();
    //!         let found = cdrs.iter().find(|c| c.id == id && c.party_id == party.party_id);
    //!         found.cloned().ok_or_else(|| ModuleError::not_found(id))
    //!     }
    //! }
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! # let net = Loopback::new();
    //! let sessions = Memory::new();
    //! let billing = Billing::default();
    //! let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //!     .sessions_receiver(sessions.clone())
    //!     .cdrs_receiver(billing.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! # let emsp = Arc::new(emsp);
    //! # net.attach("emsp.example.com", emsp.clone());
    //! # let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //! #     .only_mounted()
    //! #     .build(MemoryStore::new(), net.clone())?;
    //! # let cpo = Arc::new(cpo);
    //! # net.attach("cpo.example.com", cpo.clone());
    //! # let token_a = emsp
    //! #     .platform()
    //! #     .issue_token_a(PeerId::new("cpo"), PartyGrant::parties([party("NL", "CPO")]))
    //! #     .await?;
    //! # let versions = Url::new("https://emsp.example.com/ocpi/versions")?;
    //! # let grant = PartyGrant::parties([party("NL", "MSP")]);
    //! // The CPO, registered with the eMSP, pushes through its client.
    //! let emsp_peer = cpo.platform().register(PeerId::new("emsp"), token_a, versions, grant).await?;
    //! let client = Client::new(net.clone(), emsp_peer).with_routing(party("NL", "CPO"), party("NL", "MSP"));
    //!
    //! client.sessions_receiver()?.put_session(&session()).await?;
    //! let url = client.cdrs_receiver()?.post_cdr(&cdr()).await?;
    //! assert_eq!(url, "https://emsp.example.com/ocpi/2.3.0/receiver/cdrs/NL/CPO/CDR1");
    //! // Posting it again is refused by the handler, with OCPI status 2001.
    //! let again = client.cdrs_receiver()?.post_cdr(&cdr()).await.unwrap_err();
    //! assert_eq!(again.ocpi_status().map(|s| s.as_u16()), Some(2001));
    //!
    //! let held = sessions.sessions.get(&(party("NL", "CPO"), "SES1".parse()?));
    //! assert_eq!(held.map(|s| s.kwh.to_string()), Some("0".to_owned()));
    //! assert_eq!(billing.0.lock().unwrap().len(), 1);
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! The server takes its handlers by value; a clone that shares their data, as here, keeps
    //! a handle on what they hold. [`Context`](crate::modules::Context) tells a handler who
    //! calls, in which version, with which routing headers.
    //!
    //! Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface; 2.3.0 mod_cdrs.asciidoc
    //! §Receiver Interface; 2.3.0 transport_and_format.asciidoc §Client Owned Object Push
}

pub mod commands {
    //! # Sending a command and receiving its result
    //!
    //! An eMSP asks a CPO to start a session with a START_SESSION command, POSTed to the
    //! CPO's Receiver interface of Commands. The CPO answers at once whether it will try (a
    //! CommandResponse), and POSTs the outcome later (a CommandResult) to the `response_url`
    //! the command carried, which lies under the eMSP's own Sender interface of Commands.
    //!
    //! [`PendingCommands`](crate::modules::commands::PendingCommands) is that Sender
    //! interface on the eMSP's side: [`send_tracked`] registers each command with it (giving
    //! the command a unique `response_url` and an `authorization_reference`), and the results
    //! POSTed back are matched to it; [`CommandRecord::state`] tells where each command
    //! stands. On the CPO's side, the crate's [`Memory`](crate::memory::Memory) accepts a
    //! command for a known Location and keeps it in its inbox for the application to carry
    //! out; the CPO's client then posts the result with [`post_result`].
    //!
    //! ```
    //! # use std::sync::Arc;
    //! # use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::transport::PartyRef;
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # use ocpi_protocol::v2_3_0::locations::Location;
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # fn location() -> Location {
    //! #     ocpi_protocol::json::parse_strict(br#"{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    //! #         "address": "Oudegracht 1", "city": "Utrecht", "country": "NLD",
    //! #         "coordinates": {"latitude": "52.090200", "longitude": "5.121400"},
    //! #         "evses": [{"uid": "LOC1-1", "status": "AVAILABLE",
    //! #             "capabilities": ["REMOTE_START_STOP_CAPABLE"],
    //! #             "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET",
    //! #                 "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 32,
    //! #                 "last_updated": "2024-05-01T08:00:00Z"}],
    //! #             "last_updated": "2024-05-01T08:00:00Z"}],
    //! #         "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }"#).unwrap()
    //! # }
    //! # fn app_token() -> ocpi_protocol::v2_3_0::tokens::Token {
    //! #     ocpi_protocol::json::parse_strict(br#"{
    //! #         "country_code": "NL", "party_id": "MSP", "uid": "APP-4711", "type": "APP_USER",
    //! #         "contract_id": "NL-MSP-C00004711-X", "issuer": "Example eMSP", "valid": true,
    //! #         "whitelist": "ALLOWED", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }"#).unwrap()
    //! # }
    //! use ocpi_protocol::client::Client;
    //! use ocpi_protocol::memory::{Memory, Request};
    //! use ocpi_protocol::modules::commands::{CommandRequest, CommandState, PendingCommands};
    //! use ocpi_protocol::v2_3_0::commands::{
    //!     CommandResponseType, CommandResult, CommandResultType, StartSession,
    //! };
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! # let net = Loopback::new();
    //! // The CPO takes commands for its Locations.
    //! let cpo_data = Memory::new();
    //! cpo_data.locations.put(location());
    //! let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //!     .commands_receiver(cpo_data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! # let cpo = Arc::new(cpo);
    //! # net.attach("cpo.example.com", cpo.clone());
    //!
    //! // The eMSP receives the results of its commands at its PendingCommands.
    //! let pending = PendingCommands::new(&Url::new("https://emsp.example.com/ocpi")?)?;
    //! let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //!     .commands_sender(pending.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! # let emsp = Arc::new(emsp);
    //! # net.attach("emsp.example.com", emsp.clone());
    //! # let token_a = cpo
    //! #     .platform()
    //! #     .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([party("NL", "MSP")]))
    //! #     .await?;
    //! # let versions = Url::new("https://cpo.example.com/ocpi/versions")?;
    //! # let grant = PartyGrant::parties([party("NL", "CPO")]);
    //! # let cpo_peer = emsp.platform().register(PeerId::new("cpo"), token_a, versions, grant).await?;
    //! # let emsp_peer = cpo.platform().store().peers().pop().unwrap();
    //! // (The eMSP has registered with the CPO: `cpo_peer` on its side, `emsp_peer` on the CPO's.)
    //!
    //! // The eMSP sends START_SESSION; `send_tracked` sets its response_url.
    //! let to_cpo = Client::new(net.clone(), cpo_peer).with_routing(party("NL", "MSP"), party("NL", "CPO"));
    //! let placeholder = Url::new("https://emsp.example.com/ocpi/later")?;
    //! let mut start = StartSession::new(placeholder, app_token(), "LOC1".parse()?);
    //! start.evse_uid = Some("LOC1-1".parse()?);
    //! let (uid, answer) = to_cpo.commands_receiver()?.send_tracked(&pending, start).await?;
    //! assert_eq!(answer?.result, CommandResponseType::Accepted);
    //! assert_eq!(pending.get(&uid).map(|c| c.state()), Some(CommandState::Accepted));
    //!
    //! // The CPO finds the command in its inbox, starts the charge point, and reports back.
    //! let received = cpo_data.inbox.take().into_iter().find_map(|r| match r.request {
    //!     Request::Command(command @ CommandRequest::StartSession(_)) => Some(command),
    //!     _ => None,
    //! });
    //! let response_url = received.ok_or("no START_SESSION")?.response_url().clone();
    //! let to_emsp = Client::new(net.clone(), emsp_peer).with_routing(party("NL", "CPO"), party("NL", "MSP"));
    //! let result = CommandResult::new(CommandResultType::Accepted);
    //! to_emsp.commands_sender().post_result(&response_url, &result).await?;
    //!
    //! let state = pending.get(&uid).map(|c| c.state());
    //! assert_eq!(state, Some(CommandState::Finished(CommandResultType::Accepted)));
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! When the CPO then pushes the Session, it carries the command's
    //! `authorization_reference`; [`PendingCommands::session`] matches it to the command
    //! (the eMSP's [`Memory`](crate::memory::Memory) does so when built
    //! [`with_commands`](crate::memory::Memory::with_commands)).
    //!
    //! Spec: 2.3.0 mod_commands.asciidoc §Flow, §Receiver Interface, §Sender Interface,
    //! §StartSession Object, §CommandResult Object
    //!
    //! [`send_tracked`]: crate::client::CommandsReceiverClient::send_tracked
    //! [`post_result`]: crate::client::CommandsSenderClient::post_result
    //! [`CommandRecord::state`]: crate::modules::commands::CommandRecord::state
    //! [`PendingCommands::session`]: crate::modules::commands::PendingCommands::session
}

pub mod versions {
    //! # Serving OCPI 2.1.1, 2.2.1 and 2.3.0 from one set of handlers
    //!
    //! A [`ServerConfig`](crate::server::ServerConfig) serves every version by default
    //! ([`ServerConfig::versions`](crate::server::ServerConfig::versions)): the versions
    //! endpoint lists the three, and each version's details list the mounted modules that
    //! exist in it. The handlers speak the 2.3.0 model only; the server converts every body
    //! at the edge, to and from the version of the request's URL ([`crate::modules::Wire`]),
    //! and the [`Client`](crate::client::Client) does the same for the peer's version. What an
    //! older version requires and the newer model lacks comes from the
    //! [`Bridge`](crate::modules::Bridge) (2.1.1 requires a Location's `postal_code`, which
    //! this one has).
    //!
    //! Below, one CPO serves three eMSPs, each speaking one version only; each registers in
    //! its version and reads the same Location.
    //!
    //! ```
    //! # use std::sync::Arc;
    //! # use ocpi_protocol::credentials::{MemoryStore, PartyGrant, PeerId};
    //! # use ocpi_protocol::memory::Memory;
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::transport::PartyRef;
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # use ocpi_protocol::v2_3_0::locations::Location;
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # fn location() -> Location {
    //! #     ocpi_protocol::json::parse_strict(br#"{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    //! #         "address": "Oudegracht 1", "city": "Utrecht", "postal_code": "3511 AA",
    //! #         "country": "NLD", "coordinates": {"latitude": "52.090200", "longitude": "5.121400"},
    //! #         "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }"#).unwrap()
    //! # }
    //! use ocpi_protocol::client::{Client, ListFilter};
    //! use ocpi_protocol::versions::OcpiVersion;
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! let net = Loopback::new();
    //! let data = Memory::new();
    //! data.locations.put(location());
    //! // One CPO, one handler, every version (the default).
    //! let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //!     .locations_sender(data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! assert_eq!(cpo.config().versions, OcpiVersion::ALL);
    //! let cpo = Arc::new(cpo);
    //! net.attach("cpo.example.com", cpo.clone());
    //!
    //! for (i, version) in OcpiVersion::ALL.into_iter().enumerate() {
    //!     // An eMSP that speaks this version only.
    //!     let (host, msp) = (format!("emsp{i}.example.com"), format!("MS{i}"));
    //!     let mut emsp_config = config(&host, Role::Emsp, party("NL", &msp));
    //!     emsp_config.versions = vec![version];
    //!     let emsp = ServerBuilder::new(emsp_config).only_mounted().build(MemoryStore::new(), net.clone())?;
    //!     let emsp = Arc::new(emsp);
    //!     net.attach(&host, emsp.clone());
    //!
    //!     let grant = PartyGrant::parties([party("NL", &msp)]);
    //!     let token_a = cpo.platform().issue_token_a(PeerId::new(host.as_str()), grant).await?;
    //!     let versions = cpo.platform().config().versions.url.clone();
    //!     let grant = PartyGrant::parties([party("NL", "CPO")]);
    //!     let peer = emsp.platform().register(PeerId::new("cpo"), token_a, versions, grant).await?;
    //!     assert_eq!(peer.version, version);
    //!
    //!     // The same Location, read in the eMSP's version and given back in the 2.3.0 model.
    //!     let client = Client::new(net.clone(), peer);
    //!     let listed = client.locations_sender()?.list(&ListFilter::default()).await?;
    //!     assert_eq!(listed.items.len(), 1, "{version}");
    //!     assert_eq!(listed.items[0].id.as_str(), "LOC1");
    //! }
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! To serve fewer versions, set [`ServerConfig::versions`](crate::server::ServerConfig::versions);
    //! to convert objects yourself, [`crate::convert`] upgrades and downgrades each of them,
    //! with a report of what could not cross.
    //!
    //! Spec: 2.3.0 version_information_endpoint.asciidoc; 2.3.0 credentials.asciidoc
    //! §Registration (the highest version both parties support)
}

pub mod stores_and_transports {
    //! # Plugging in a credentials store and a transport
    //!
    //! A [`Server`](crate::server::Server) is generic over two things the application
    //! chooses:
    //!
    //! - the [`CredentialsStore`], where registrations and tokens are kept: [`MemoryStore`]
    //!   (tests, examples, a process that may forget its peers), `SqliteStore` (feature
    //!   `sqlite`: one host, kept across restarts), `PostgresStore` (feature `postgres`:
    //!   several instances on one database), or the application's own over its database,
    //!   checked with the conformance checks of `credentials::testkit` (feature `testkit`);
    //! - the [`Transport`] it calls its peers with during the handshake (the same one serves
    //!   the [`Client`](crate::client::Client)): `ReqwestTransport` (feature `reqwest`: deadlines,
    //!   a cap on response sizes, no redirect to another origin), the in-process
    //!   [`Loopback`](crate::server::Loopback), or the application's own. Any closure from an
    //!   `http::Request<Vec<u8>>` to a future of an `http::Response<Vec<u8>>` is one.
    //!
    //! Below, a store of the application's own (which writes every change to an audit log
    //! before handing it to a [`MemoryStore`]) and a transport of its own (which counts the
    //! requests it sends before handing them to the loopback network).
    //!
    //! ```
    //! # use std::sync::Arc;
    //! # use ocpi_protocol::credentials::{PartyGrant, PeerId};
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::transport::PartyRef;
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! use std::sync::atomic::{AtomicUsize, Ordering};
    //! use std::sync::Mutex;
    //!
    //! use ocpi_protocol::credentials::{
    //!     Change, Conflict, CredentialsStore, MemoryStore, Peer, TokenRecord,
    //! };
    //! use ocpi_protocol::transport::Transport;
    //! use ocpi_protocol::types::CredentialsToken;
    //!
    //! /// A store that logs what each change does, then applies it in memory.
    //! #[derive(Default)]
    //! struct Audited {
    //!     inner: MemoryStore,
    //!     log: Mutex<Vec<String>>,
    //! }
    //!
    //! impl CredentialsStore for Audited {
    //!     type Error = std::convert::Infallible;
    //!
    //!     async fn token(&self, token: &CredentialsToken) -> Result<Option<TokenRecord>, Self::Error> {
    //!         self.inner.token(token).await
    //!     }
    //!
    //!     async fn peer(&self, id: &PeerId) -> Result<Option<Peer>, Self::Error> {
    //!         self.inner.peer(id).await
    //!     }
    //!
    //!     async fn apply(&self, change: Change) -> Result<Result<(), Conflict>, Self::Error> {
    //!         let what = match &change {
    //!             Change::IssueToken { record, .. } => format!("token issued to {}", record.peer.as_str()),
    //!             Change::RevokeToken { .. } => "token revoked".to_owned(),
    //!             Change::SavePeer { peer, .. } => format!("{} saved", peer.id.as_str()),
    //!             Change::RemovePeer { peer } => format!("{} removed", peer.as_str()),
    //!         };
    //!         self.log.lock().unwrap().push(what); // never a token: they are secrets
    //!         self.inner.apply(change).await
    //!     }
    //! }
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! let net = Loopback::new();
    //! // A transport: a closure that counts, then sends over the loopback network.
    //! let sent = Arc::new(AtomicUsize::new(0));
    //! let counting = {
    //!     let (net, sent) = (net.clone(), sent.clone());
    //!     move |request: http::Request<Vec<u8>>| {
    //!         sent.fetch_add(1, Ordering::Relaxed);
    //!         let net = net.clone();
    //!         async move { net.send(request).await }
    //!     }
    //! };
    //!
    //! let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //!     .only_mounted()
    //!     .build(Audited::default(), counting)?;
    //! let cpo = Arc::new(cpo);
    //! net.attach("cpo.example.com", cpo.clone());
    //! # let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //! #     .only_mounted()
    //! #     .build(MemoryStore::new(), net.clone())?;
    //! # let emsp = Arc::new(emsp);
    //! # net.attach("emsp.example.com", emsp.clone());
    //!
    //! // An eMSP registers: the CPO's store logs each step, and the CPO calls the eMSP's
    //! // versions and version details through the counting transport.
    //! let token_a = cpo
    //!     .platform()
    //!     .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([party("NL", "MSP")]))
    //!     .await?;
    //! let versions = cpo.platform().config().versions.url.clone();
    //! let grant = PartyGrant::parties([party("NL", "CPO")]);
    //! emsp.platform().register(PeerId::new("cpo"), token_a, versions, grant).await?;
    //!
    //! let log = cpo.platform().store().log.lock().unwrap().clone();
    //! assert_eq!(log.first().map(String::as_str), Some("token issued to emsp"));
    //! assert!(log.contains(&"emsp saved".to_owned()));
    //! assert_eq!(sent.load(Ordering::Relaxed), 2); // GET versions, GET version details
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! The stores of the crate plug in the same way. With the `sqlite` feature:
    //!
    //! ```
    //! # #[cfg(feature = "sqlite")]
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! # use ocpi_protocol::server::{Loopback, ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # let name = BusinessDetails::new(OcpiString::new("Example CPO")?);
    //! # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse()?, "NL".parse()?)];
    //! # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi")?, roles);
    //! use ocpi_protocol::credentials::{CredentialsStore, PartyGrant, PeerId, SqliteStore};
    //!
    //! // `SqliteStore::open("ocpi.db")` keeps the peers in a file across restarts.
    //! let store = SqliteStore::in_memory().await?;
    //! let cpo = ServerBuilder::new(config).only_mounted().build(store, Loopback::new())?;
    //! let token_a = cpo.platform().issue_token_a(PeerId::new("emsp"), PartyGrant::Vetted).await?;
    //! // Only its SHA-256 is stored; looking the token up finds it.
    //! let record = cpo.platform().store().token(&token_a).await?;
    //! assert_eq!(record.map(|r| r.peer), Some(PeerId::new("emsp")));
    //! # Ok(())
    //! # }
    //! # #[cfg(not(feature = "sqlite"))]
    //! # fn main() {}
    //! ```
    //!
    //! With the `postgres` feature, `PostgresStore::connect("postgres://…")` (this needs a
    //! database server, so the example is not run):
    //!
    //! ```no_run
    //! # #[cfg(feature = "postgres")]
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! use ocpi_protocol::credentials::PostgresStore;
    //!
    //! let store = PostgresStore::connect("postgres://ocpi@localhost/ocpi").await?;
    //! # drop(store);
    //! # Ok(())
    //! # }
    //! # #[cfg(not(feature = "postgres"))]
    //! # fn main() {}
    //! ```
    //!
    //! And over real HTTP with the `reqwest` feature, a transport with the deadlines and
    //! caps every transport must have (see [`Transport`]):
    //!
    //! ```
    //! # #[cfg(feature = "reqwest")]
    //! # fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! # use ocpi_protocol::credentials::MemoryStore;
    //! # use ocpi_protocol::server::{ServerBuilder, ServerConfig};
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
    //! # let name = BusinessDetails::new(OcpiString::new("Example CPO")?);
    //! # let roles = vec![CredentialsRole::new(Role::Cpo, name, "CPO".parse()?, "NL".parse()?)];
    //! # let config = ServerConfig::new(Url::new("https://cpo.example.com/ocpi")?, roles);
    //! use std::time::Duration;
    //!
    //! use ocpi_protocol::transport::ReqwestTransport;
    //!
    //! let transport = ReqwestTransport::builder()
    //!     .connect_timeout(Duration::from_secs(5))
    //!     .timeout(Duration::from_secs(30))
    //!     .build()?;
    //! let cpo = ServerBuilder::new(config).only_mounted().build(MemoryStore::new(), transport)?;
    //! # drop(cpo);
    //! # Ok(())
    //! # }
    //! # #[cfg(not(feature = "reqwest"))]
    //! # fn main() {}
    //! ```
    //!
    //! Spec: 2.3.0 credentials.asciidoc §Registration (the tokens a store keeps); 2.3.0
    //! transport_and_format.asciidoc §Security and authentication
    //!
    //! [`CredentialsStore`]: crate::credentials::CredentialsStore
    //! [`MemoryStore`]: crate::credentials::MemoryStore
    //! [`Transport`]: crate::transport::Transport
}

pub mod hub {
    //! # Running a Roaming Hub
    //!
    //! A [`Hub`](crate::hub::Hub) is a platform whose configuration has a `hub_party_id`:
    //! its [`Server`](crate::server::Server) answers Versions, Credentials and Hub Client
    //! Info, and registers the parties like any platform does, while its routing engine
    //! answers the functional modules by forwarding each request to the party its
    //! `OCPI-to-*` headers name, with that party's own token and endpoints. The application
    //! keeps a [`Directory`](crate::hub::Directory) of which registered peer serves which
    //! party, and whether it is connected ([`MemoryDirectory`](crate::hub::MemoryDirectory)
    //! here); [`HubOptions`](crate::hub::HubOptions) sets the policies of Broadcast Push and
    //! Open Routing Requests.
    //!
    //! The parties register at the Hub as they would with any partner, and then call it with
    //! their usual [`Client`](crate::client::Client), naming the party they address in the
    //! routing headers.
    //!
    //! ```
    //! # use ocpi_protocol::server::{Server, ServerConfig};
    //! # use ocpi_protocol::types::{OcpiString, Url};
    //! # use ocpi_protocol::v2_2_1::locations::BusinessDetails;
    //! # use ocpi_protocol::v2_3_0::credentials::CredentialsRole;
    //! # use ocpi_protocol::v2_3_0::locations::Location;
    //! # fn party(country_code: &str, party_id: &str) -> PartyRef {
    //! #     PartyRef::new(country_code.parse().unwrap(), party_id.parse().unwrap())
    //! # }
    //! # fn config(host: &str, role: Role, party: PartyRef) -> ServerConfig {
    //! #     let name = BusinessDetails::new(OcpiString::new(host).unwrap());
    //! #     let roles = vec![CredentialsRole::new(role, name, party.party_id, party.country_code)];
    //! #     ServerConfig::new(Url::new(&format!("https://{host}/ocpi")).unwrap(), roles)
    //! # }
    //! # fn location() -> Location {
    //! #     ocpi_protocol::json::parse_strict(br#"{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    //! #         "address": "Oudegracht 1", "city": "Utrecht", "country": "NLD",
    //! #         "coordinates": {"latitude": "52.090200", "longitude": "5.121400"},
    //! #         "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z"
    //! #     }"#).unwrap()
    //! # }
    //! use std::sync::Arc;
    //!
    //! use ocpi_protocol::client::Client;
    //! use ocpi_protocol::credentials::{Claim, MemoryStore, PartyGrant, PeerId};
    //! use ocpi_protocol::hub::{Hub, HubOptions, MemoryDirectory};
    //! use ocpi_protocol::memory::Memory;
    //! use ocpi_protocol::server::{Loopback, ServerBuilder};
    //! use ocpi_protocol::transport::PartyRef;
    //! use ocpi_protocol::types::CiString;
    //! use ocpi_protocol::v2_3_0::credentials::Role;
    //! use ocpi_protocol::v2_3_0::hub_client_info::ConnectionStatus;
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! let net = Loopback::new();
    //! // The Hub NL*HUB; its roles are the parties reachable through it.
    //! let mut hub_config = config("hub.example.com", Role::Cpo, party("NL", "CPO"));
    //! hub_config.hub_party_id = Some(CiString::new("NLHUB")?);
    //! hub_config.hub_business_details = Some(BusinessDetails::new(OcpiString::new("Example Hub")?));
    //! let directory = MemoryDirectory::new();
    //! let hub = Hub::build(
    //!     ServerBuilder::new(hub_config).only_mounted().hub_client_info_sender(directory.clone()),
    //!     MemoryStore::new(),
    //!     net.clone(),
    //!     directory.clone(),
    //!     HubOptions::default(),
    //! )?;
    //! let hub = Arc::new(hub);
    //! net.attach_hub("hub.example.com", hub.clone());
    //!
    //! // A CPO and an eMSP, each connected to the Hub only; the CPO hears of the others.
    //! let cpo_data = Memory::new();
    //! let cpo = ServerBuilder::new(config("cpo.example.com", Role::Cpo, party("NL", "CPO")))
    //!     .hub_client_info_receiver(cpo_data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! let emsp_data = Memory::new();
    //! let emsp = ServerBuilder::new(config("emsp.example.com", Role::Emsp, party("NL", "MSP")))
    //!     .locations_receiver(emsp_data.clone())
    //!     .only_mounted()
    //!     .build(MemoryStore::new(), net.clone())?;
    //! let (cpo, emsp) = (Arc::new(cpo), Arc::new(emsp));
    //! net.attach("cpo.example.com", cpo.clone());
    //! net.attach("emsp.example.com", emsp.clone());
    //!
    //! // Each registers at the Hub, and the Hub lists it as CONNECTED.
    //! let hub_claims: Vec<Claim> = hub.server().platform().config().credentials.iter()
    //!     .flat_map(|c| c.claims())
    //!     .collect();
    //! for (id, party_server, party, role) in [
    //!     ("cpo", &cpo, party("NL", "CPO"), Role::Cpo),
    //!     ("emsp", &emsp, party("NL", "MSP"), Role::Emsp),
    //! ] {
    //!     let grant = PartyGrant::parties([party]);
    //!     let token_a = hub.server().platform().issue_token_a(PeerId::new(id), grant).await?;
    //!     let versions = Url::new("https://hub.example.com/ocpi/versions")?;
    //!     let grant = PartyGrant::Only(hub_claims.clone());
    //!     party_server.platform().register(PeerId::new("hub"), token_a, versions, grant).await?;
    //!     directory.connect(party, role, PeerId::new(id));
    //! }
    //!
    //! // The CPO pushes a Location to the eMSP, through the Hub.
    //! let hub_peer = cpo.platform().store().peers().pop().ok_or("not registered")?;
    //! let client = Client::new(net.clone(), hub_peer).with_routing(party("NL", "CPO"), party("NL", "MSP"));
    //! client.locations_receiver()?.put_location(&location()).await?;
    //! assert!(emsp_data.locations.get(&(party("NL", "CPO"), "LOC1".parse()?)).is_some());
    //!
    //! // The eMSP goes offline: the Hub tells the other parties, and forwards nothing to it.
    //! let changed = directory.set_status(&party("NL", "MSP"), ConnectionStatus::Offline);
    //! let told = hub.push_client_info(&changed).await?;
    //! assert_eq!(told.accepted, [PeerId::new("cpo")]);
    //! assert_eq!(cpo_data.client_info.len(), 1);
    //! let refused = client.locations_receiver()?.put_location(&location()).await.unwrap_err();
    //! assert_eq!(refused.ocpi_status().map(|s| s.as_u16()), Some(4003));
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! [`Hub::push_client_info`](crate::hub::Hub::push_client_info) tells the connected
    //! parties when another one connects or goes offline (2.2.1 mod_hub_client_info.asciidoc
    //! §Push model), and [`Hub::still_alive`](crate::hub::Hub::still_alive) checks the quiet
    //! ones. `cargo run --example hub` adds a Broadcast Push, an Open Routing Request, a GET All via
    //! the Hub and a party going offline.
    //!
    //! Spec: 2.2.1 transport_and_format.asciidoc §Message Routing; 2.2.1 topology.asciidoc;
    //! 2.3.0 credentials.asciidoc §Credentials object (`hub_party_id`)
}

#[cfg(feature = "pricing")]
pub mod pricing {
    //! # Pricing a CDR (feature `pricing`)
    //!
    //! The [`pricing`](crate::pricing) module computes what a session costs under a Tariff of
    //! any version. A CPO prices a session from the tariff and the charging periods it puts in
    //! the CDR ([`price`](crate::pricing::price)) and writes the totals in; an eMSP that
    //! receives the CDR recomputes it from the CDR's own tariffs and periods
    //! ([`verify`](crate::pricing::verify)) and gets every total that differs, with an
    //! explanation a support agent can read. Restrictions on the time of day are evaluated in
    //! the Location's time zone, which a 2.2.1 or 2.3.0 CDR does not carry: it is given.
    //! [`estimate`](crate::pricing::estimate) quotes a planned session before it starts.
    //!
    //! ```
    //! # fn cdr() -> Cdr {
    //! #     ocpi_protocol::json::parse_strict(br#"{
    //! #         "country_code": "NL", "party_id": "CPO", "id": "CDR1", "session_id": "SES1",
    //! #         "start_date_time": "2024-05-07T09:30:00Z", "end_date_time": "2024-05-07T11:00:00Z",
    //! #         "cdr_token": {"country_code": "NL", "party_id": "MSP", "uid": "012345678",
    //! #             "type": "RFID", "contract_id": "NL-MSP-C00000001-X"},
    //! #         "auth_method": "WHITELIST",
    //! #         "cdr_location": {"id": "LOC1", "address": "Oudegracht 1", "city": "Utrecht",
    //! #             "country": "NLD", "coordinates": {"latitude": "52.090200", "longitude": "5.121400"},
    //! #             "evse_uid": "LOC1-1", "evse_id": "NL*CPO*E10001", "connector_id": "1",
    //! #             "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET",
    //! #             "connector_power_type": "AC_3_PHASE"},
    //! #         "currency": "EUR",
    //! #         "tariffs": [{"country_code": "NL", "party_id": "CPO", "id": "T1", "currency": "EUR",
    //! #             "elements": [{"price_components": [
    //! #                 {"type": "ENERGY", "price": 0.35, "vat": 21.0, "step_size": 1}]}],
    //! #             "tax_included": "NO", "last_updated": "2024-05-01T00:00:00Z"}],
    //! #         "charging_periods": [{"start_date_time": "2024-05-07T09:30:00Z",
    //! #             "dimensions": [{"type": "ENERGY", "volume": 12.5}], "tariff_id": "T1"}],
    //! #         "total_cost": {"before_taxes": 0}, "total_energy": 12.5, "total_time": 1.5,
    //! #         "last_updated": "2024-05-07T11:00:10Z"
    //! #     }"#).unwrap()
    //! # }
    //! use ocpi_protocol::pricing::{self, CdrField, Options, Rounding, Session};
    //! use ocpi_protocol::types::Number;
    //! use ocpi_protocol::v2_3_0::cdrs::Cdr;
    //!
    //! # fn main() -> Result<(), Box<dyn std::error::Error>> {
    //! // The CPO: 12.5 kWh at 0.35 EUR/kWh excl. 21% VAT, from the CDR's tariff and periods.
    //! let mut cdr = cdr();
    //! let tariff = &cdr.tariffs.as_ref().ok_or("no tariff")?[0];
    //! let session = Session::new(cdr.start_date_time, cdr.end_date_time)
    //!     .with_time_zone("Europe/Amsterdam")
    //!     .with_periods(&cdr.charging_periods);
    //! let options = Options::default().with_rounding(Rounding::totals(2)); // to the cent
    //! let bill = pricing::price(tariff, &session, &options)?;
    //! assert_eq!(bill.totals.total_cost.excl_vat(), Number::parse("4.38")?);
    //! cdr.total_cost = bill.totals.total_cost.to_price_2_3_0();
    //! cdr.total_energy_cost = Some(bill.totals.total_energy_cost.to_price_2_3_0());
    //! println!("{bill}"); // line by line: which element priced what, and why
    //!
    //! // The eMSP: the CDR agrees with its own tariff and periods.
    //! let check = pricing::verify(&cdr, &[], Some("Europe/Amsterdam"), &options)?;
    //! assert!(check.is_ok(), "{check}");
    //!
    //! // A CDR whose total does not is reported, total by total.
    //! cdr.total_cost.before_taxes = Number::parse("5.00")?;
    //! let check = pricing::verify(&cdr, &[], Some("Europe/Amsterdam"), &options)?;
    //! assert!(!check.is_ok());
    //! assert_eq!(check.discrepancies[0].field, CdrField::TotalCost);
    //! assert_eq!(check.discrepancies[0].expected, Some(Number::parse("4.38")?));
    //! # Ok(())
    //! # }
    //! ```
    //!
    //! Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object; 2.3.0 mod_cdrs.asciidoc §CDR Object
}
