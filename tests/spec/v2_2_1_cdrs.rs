//! 2.2.1 CDRs module: official example and module rules.

use crate::common;
use crate::common::assert_clean;
use crate::common::{replaced_once, wire_names};

use common::{assert_round_trip, round_trip_fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{Number, WarningKind};
use ocpi_protocol::v2_2_1::cdrs::{AuthMethod, Cdr, CdrDimensionType, CdrToken};
use ocpi_protocol::v2_2_1::locations::{ConnectorFormat, ConnectorType, PowerType};
use ocpi_protocol::v2_2_1::tariffs::TariffDimensionType;
use ocpi_protocol::v2_2_1::tokens::TokenType;

#[test]
fn official_example_round_trips_with_its_errata() {
    let cdr = round_trip_fixture::<Cdr>("2.2.1", "cdr_example.json");
    let paths: Vec<_> = crate::common::warning_kinds(&cdr.warnings);
    assert_eq!(
        paths,
        vec![
            ("cdr_token.country_code", WarningKind::MissingRequired),
            ("cdr_token.party_id", WarningKind::MissingRequired),
        ]
    );
    let strict =
        parse_strict::<Cdr>(common::fixture("2.2.1", "cdr_example.json").as_bytes()).unwrap_err();
    assert_eq!(strict.category, ErrorCategory::Nonconforming);
    assert_eq!(strict.path, "cdr_token.country_code");
}

#[test]
fn official_example_values() {
    let c = round_trip_fixture::<Cdr>("2.2.1", "cdr_example.json").value;
    assert_eq!(c.country_code, "BE");
    assert_eq!(c.party_id, "BEC");
    assert_eq!(c.id, "12345");
    assert_eq!(c.start_date_time.to_string(), "2015-06-29T21:39:09Z");
    assert_eq!(c.end_date_time.to_string(), "2015-06-29T23:37:32Z");
    assert_eq!(c.session_id, None);
    assert_eq!(c.cdr_token.country_code, None);
    assert_eq!(c.cdr_token.party_id, None);
    assert_eq!(c.cdr_token.uid, "012345678");
    assert_eq!(c.cdr_token.r#type, TokenType::Rfid);
    assert_eq!(c.cdr_token.contract_id, "DE8ACC12E46L89");
    assert_eq!(c.auth_method, AuthMethod::Whitelist);
    let l = &c.cdr_location;
    assert_eq!(l.id, "LOC1");
    assert_eq!(l.name.as_ref().unwrap(), "Gent Zuid");
    assert_eq!(l.postal_code.as_ref().unwrap(), "9000");
    assert_eq!(l.country, "BEL");
    assert_eq!(l.coordinates.latitude, "3.729944");
    assert_eq!(l.coordinates.longitude, "51.047599");
    assert_eq!(l.evse_id, "BE*BEC*E041503003");
    assert_eq!(l.connector_standard, ConnectorType::Iec62196T2);
    assert_eq!(l.connector_format, ConnectorFormat::Socket);
    assert_eq!(l.connector_power_type, PowerType::Ac1Phase);
    assert_eq!(c.currency, "EUR");
    let tariffs = c.tariffs.as_ref().unwrap();
    assert_eq!(tariffs.len(), 1);
    assert_eq!(tariffs[0].id, "12");
    assert_eq!(
        tariffs[0].elements[0].price_components[0].r#type,
        TariffDimensionType::Time
    );
    assert_eq!(
        tariffs[0].last_updated.unwrap().to_string(),
        "2015-02-02T14:15:01Z"
    );
    let p = &c.charging_periods[0];
    assert_eq!(p.dimensions[0].r#type, CdrDimensionType::Time);
    assert_eq!(p.dimensions[0].volume.to_string(), "1.973");
    assert_eq!(p.tariff_id.as_ref().unwrap(), "12");
    assert_eq!(c.total_cost.excl_vat.to_string(), "4.00");
    assert_eq!(c.total_cost.incl_vat.unwrap().to_string(), "4.40");
    assert_eq!(c.total_energy.to_string(), "15.342");
    assert_eq!(c.total_time.to_string(), "1.973");
    assert!(c.total_time_cost.is_some());
    assert!(c.total_energy_cost.is_none() && c.signed_data.is_none());
}

const FULL: &str = r##"{
    "country_code": "NL", "party_id": "TNM", "id": "CDR-0001-credit",
    "start_date_time": "2024-03-01T10:00:00Z", "end_date_time": "2024-03-01T12:30:00.5Z",
    "session_id": "S-1",
    "cdr_token": {"country_code": "DE", "party_id": "EMS", "uid": "ABC", "type": "APP_USER", "contract_id": "DE-EMS-C1"},
    "auth_method": "COMMAND", "authorization_reference": "auth-9",
    "cdr_location": {
        "id": "L1", "address": "Main 1", "city": "Utrecht", "state": "Utrecht", "country": "NLD",
        "coordinates": {"latitude": "52.09074", "longitude": "5.12142"},
        "evse_uid": "#NA", "evse_id": "#NA", "connector_id": "#NA",
        "connector_standard": "CHADEMO", "connector_format": "CABLE", "connector_power_type": "DC"
    },
    "meter_id": "M-7", "currency": "EUR", "tariffs": [],
    "charging_periods": [
        {"start_date_time": "2024-03-01T10:00:00Z", "dimensions": [
            {"type": "ENERGY", "volume": 12345678.123456789012},
            {"type": "RESERVATION_TIME", "volume": 0.30000000000000004441},
            {"type": "MIN_POWER", "volume": -3.50}
        ]}
    ],
    "signed_data": {
        "encoding_method": "OCMF", "encoding_method_version": 1, "public_key": "MFkwEwYHKoZIzj0C",
        "signed_values": [{"nature": "Start", "plain_data": "OCMF|{}", "signed_data": "c2lnbmVk"}],
        "url": "https://check.example/x"
    },
    "total_cost": {"excl_vat": -12.345678, "incl_vat": -14.93827038},
    "total_fixed_cost": {"excl_vat": 0.00},
    "total_energy": 12345678.123456789012,
    "total_energy_cost": {"excl_vat": 1e2},
    "total_time": 2.5000,
    "total_time_cost": {"excl_vat": 0},
    "total_parking_time": 0.0,
    "total_parking_cost": {"excl_vat": 0.10},
    "total_reservation_cost": {"excl_vat": 2.00},
    "remark": "Stopped by the EV",
    "invoice_reference_id": "INV-1",
    "credit": true, "credit_reference_id": "CDR-0001",
    "home_charging_compensation": false,
    "last_updated": "2024-03-01T12:31:00Z",
    "vendor_ext": null
}"##;

#[test]
fn full_cdr_keeps_every_field_and_digit() {
    let json = FULL.replace(",\n    \"vendor_ext\": null", "");
    let c = assert_clean::<Cdr>(&json);
    let c = c.value;
    assert_eq!(c.cdr_token.country_code.unwrap(), "DE");
    assert_eq!(c.cdr_token.r#type, TokenType::AppUser);
    assert_eq!(c.auth_method, AuthMethod::Command);
    assert_eq!(c.tariffs.as_deref().map(|t| t.len()), Some(0));
    assert_eq!(c.total_energy.to_string(), "12345678.123456789012");
    assert_eq!(
        c.charging_periods[0].dimensions[1].volume.to_string(),
        "0.30000000000000004441"
    );
    assert!(c.charging_periods[0].dimensions[2].volume.is_negative());
    assert_eq!(c.total_cost.excl_vat, Number::parse("-12.345678").unwrap());
    assert_eq!(
        c.total_energy_cost.unwrap().excl_vat,
        Number::parse("100").unwrap()
    );
    let s = c.signed_data.unwrap();
    // CiString compares case-insensitively.
    assert_eq!(s.encoding_method, "ocmf");
    assert_eq!(s.encoding_method_version, Some(1));
    assert_eq!(s.signed_values[0].nature, "Start");
    assert_eq!(s.url.unwrap(), "https://check.example/x");
    assert_eq!(c.credit, Some(true));
    assert_eq!(c.credit_reference_id.unwrap(), "CDR-0001");
    assert_eq!(c.home_charging_compensation, Some(false));
}

#[test]
fn unknown_fields_are_kept_and_null_optional_fields_are_absent() {
    // A null optional field reads as absent; it is not written back.
    let json = FULL.replace(r#""meter_id": "M-7""#, r#""meter_id": null"#);
    let c = parse::<Cdr>(json.as_bytes()).unwrap().value;
    assert_eq!(c.meter_id, None);
    assert_eq!(c.unknown_fields.get("vendor_ext").unwrap().get(), "null");
    let back = serde_json::to_string(&c).unwrap();
    assert!(!back.contains("meter_id"));
    assert!(back.ends_with(r#""vendor_ext":null}"#), "{back}");
}

#[test]
fn cdr_token_lax_fields_warn_only_when_missing() {
    let full =
        r#"{"country_code":"DE","party_id":"EMS","uid":"1","type":"RFID","contract_id":"C"}"#;
    assert_eq!(assert_round_trip::<CdrToken>(full).warnings, vec![]);
    let partial = r#"{"party_id":"EMS","uid":"1","type":"RFID","contract_id":"C"}"#;
    let w = assert_round_trip::<CdrToken>(partial).warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].path, "country_code");
    // Lax does not mean anything goes: a present value must still be valid.
    let bad =
        r#"{"country_code":"DEU","party_id":"EMS","uid":"1","type":"RFID","contract_id":"C"}"#;
    assert_eq!(
        parse::<CdrToken>(bad.as_bytes()).unwrap_err().path,
        "country_code"
    );
}

/// The official `cdr_example.json` with `from` replaced by `to` (must occur once).
fn variant(from: &str, to: &str) -> String {
    replaced_once(&common::fixture("2.2.1", "cdr_example.json"), from, to)
}

#[test]
fn malformed_cdrs_are_refused_with_their_path() {
    assert!(parse::<Cdr>(
        variant(
            r#""id": "12345""#,
            &format!(r#""id": "{}""#, "9".repeat(39))
        )
        .as_bytes()
    )
    .is_ok());
}

#[test]
fn enums_list_every_value_of_the_spec_in_order() {
    assert_eq!(
        wire_names(AuthMethod::KNOWN),
        ["AUTH_REQUEST", "COMMAND", "WHITELIST"]
    );
    assert_eq!(
        wire_names(CdrDimensionType::KNOWN),
        [
            "CURRENT",
            "ENERGY",
            "ENERGY_EXPORT",
            "ENERGY_IMPORT",
            "MAX_CURRENT",
            "MIN_CURRENT",
            "MAX_POWER",
            "MIN_POWER",
            "PARKING_TIME",
            "POWER",
            "RESERVATION_TIME",
            "STATE_OF_CHARGE",
            "TIME"
        ]
    );
}
