//! The two platforms of the examples: a CPO and an eMSP, each an OCPI [`Server`] with its
//! real role, and the sample objects they exchange. `examples/tour.rs` connects them
//! in-process, `examples/http.rs` over real sockets. Included with
//! `#[path = "common/platforms.rs"] mod platforms;`.
//!
//! A handler is the application's side of one module interface: the server checks the
//! request against the spec and calls it with typed, 2.3.0 objects. Here every handler is the
//! crate's reference in-memory one ([`Memory`]), whose tables the rest of the example reads
//! and changes.
#![allow(dead_code)]

use ocpi_protocol::json;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::server::{ServerBuilder, ServerConfig};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role};
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::v2_3_0::tariffs::Tariff;

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
pub fn cpo(base_url: &str, memory: &Memory, page_size: u64) -> ServerBuilder {
    ServerBuilder::new(config(base_url, Role::Cpo, cpo_party(), "Example CPO"))
        .with_max_limit(page_size)
        .locations_sender(memory.clone())
        .only_mounted()
}

/// The CPO of the tour also takes commands from eMSPs (the Receiver interface of Commands):
/// the handler checks each against the CPO's Locations and keeps it in its inbox.
pub fn cpo_with_commands(base_url: &str, memory: &Memory, page_size: u64) -> ServerBuilder {
    cpo(base_url, memory, page_size).commands_receiver(memory.clone())
}

/// The eMSP: it keeps a copy of the CPOs' Locations, and serves the Receiver interface of
/// Locations so that CPOs can push changes to it.
pub fn emsp(base_url: &str, memory: &Memory) -> ServerBuilder {
    ServerBuilder::new(config(base_url, Role::Emsp, emsp_party(), "Example eMSP"))
        .locations_receiver(memory.clone())
        .only_mounted()
}

/// The eMSP of the tour also receives the results of its commands (the Sender interface of
/// Commands, served by its [`PendingCommands`]), Sessions and CDRs (their Receiver
/// interfaces); `memory` matches each Session to its command when built
/// [`with_commands`](Memory::with_commands).
pub fn emsp_with_sessions(
    base_url: &str,
    memory: &Memory,
    pending: &PendingCommands,
) -> ServerBuilder {
    emsp(base_url, memory)
        .commands_sender(pending.clone())
        .sessions_receiver(memory.clone())
        .cdrs_receiver(memory.clone())
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

/// A Token of a customer of the eMSP (NL*MSP).
///
/// Spec: 2.3.0 mod_tokens.asciidoc §Token Object
pub fn token(
    uid: &str,
    kind: &str,
    contract_id: &str,
    whitelist: &str,
) -> ocpi_protocol::v2_3_0::tokens::Token {
    let text = format!(
        r#"{{
        "country_code": "NL", "party_id": "MSP", "uid": "{uid}", "type": "{kind}",
        "contract_id": "{contract_id}", "issuer": "Example eMSP", "valid": true,
        "whitelist": "{whitelist}", "last_updated": "2024-05-01T08:00:00Z"
    }}"#
    );
    json::parse_strict(text.as_bytes()).expect("a valid Token")
}

/// The eMSP's customer token that starts the session of the tour: an app user of NL*MSP.
pub fn app_token() -> ocpi_protocol::v2_3_0::tokens::Token {
    token("APP-4711", "APP_USER", "NL-MSP-C00004711-X", "ALLOWED")
}

/// The RFID card of another customer of the eMSP, to be authorized in real time.
pub fn rfid_token() -> ocpi_protocol::v2_3_0::tokens::Token {
    token("04A1B2C3D4E5F6", "RFID", "NL-MSP-C00004712-Y", "NEVER")
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

/// The CPO's Tariff at its Locations: 0.35 EUR per kWh excluding 21 % VAT, billed per Wh.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object
pub fn tariff() -> Tariff {
    let text = r#"{
        "country_code": "NL", "party_id": "CPO", "id": "T1", "currency": "EUR",
        "elements": [{ "price_components": [
            { "type": "ENERGY", "price": 0.35, "vat": 21.0, "step_size": 1 }
        ] }],
        "tax_included": "NO", "last_updated": "2024-05-01T00:00:00Z"
    }"#;
    json::parse_strict(text.as_bytes()).expect("a valid Tariff")
}

/// The CDR of that Session once it ended, at `location` (its first EVSE and connector), under
/// [`tariff`]: 12.5 kWh in 1.5 hours. Its totals are left at zero for the CPO's billing to fill.
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §CDR Object, §CdrLocation class
pub fn cdr(authorization_reference: &str, location: &Location) -> Cdr {
    let evse = location
        .evses
        .iter()
        .flatten()
        .next()
        .expect("a Location with an EVSE");
    let connector = &evse.connectors[0];
    let evse_id = evse.evse_id.as_ref().expect("an EVSE with an evse_id");
    let text = format!(
        r#"{{
        "country_code": "NL", "party_id": "CPO", "id": "CDR-1", "session_id": "SES-1",
        "start_date_time": "2024-05-07T09:30:00Z", "end_date_time": "2024-05-07T11:00:00Z",
        "cdr_token": {{ "country_code": "NL", "party_id": "MSP", "uid": "APP-4711",
                        "type": "APP_USER", "contract_id": "NL-MSP-C00004711-X" }},
        "auth_method": "COMMAND", "authorization_reference": "{authorization_reference}",
        "cdr_location": {{
            "id": "{id}", "address": "{address}", "city": "{city}", "country": "{country}",
            "coordinates": {{ "latitude": "{latitude}", "longitude": "{longitude}" }},
            "evse_uid": "{evse_uid}", "evse_id": "{evse_id}", "connector_id": "{connector_id}",
            "connector_standard": "{standard}", "connector_format": "{format}",
            "connector_power_type": "{power_type}"
        }},
        "currency": "EUR",
        "charging_periods": [{{
            "start_date_time": "2024-05-07T09:30:00Z",
            "dimensions": [{{ "type": "ENERGY", "volume": 12.5 }}],
            "tariff_id": "T1"
        }}],
        "total_cost": {{ "before_taxes": 0 }},
        "total_energy": 12.5, "total_time": 1.5,
        "last_updated": "2024-05-07T11:00:10Z"
    }}"#,
        id = location.id,
        address = location.address,
        city = location.city,
        country = location.country,
        latitude = location.coordinates.latitude,
        longitude = location.coordinates.longitude,
        evse_uid = evse.uid,
        connector_id = connector.id,
        standard = connector.standard,
        format = connector.format,
        power_type = connector
            .power_type
            .as_ref()
            .expect("a connector's power type"),
    );
    let mut cdr: Cdr = json::parse_strict(text.as_bytes()).expect("a valid CDR");
    cdr.tariffs = Some(vec![tariff()]);
    cdr
}
