//! 2.3.0 CDRs module: official example, costs with taxes and malformed documents.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused_at;
use crate::common::{assert_refused, num};

use common::{assert_round_trip, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{OcpiString, Warning, WarningKind};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::cdrs::{
    AuthMethod, Cdr, CdrDimensionType, CdrLocation, CdrToken, ChargingPeriod,
};
use ocpi_protocol::v2_3_0::locations::{ConnectorFormat, ConnectorType, PowerType};
use ocpi_protocol::v2_3_0::tariffs::{TariffDimensionType, TaxAmount, TaxIncluded};

#[test]
fn official_example_round_trips_with_its_erratum() {
    let cdr = round_trip_fixture::<Cdr>("2.3.0", "cdr_example.json");
    // The tariff inside the CDR does not say whether taxes are included.
    assert_eq!(
        cdr.warnings,
        vec![Warning {
            path: "tariffs[0].tax_included".to_owned(),
            kind: WarningKind::MissingRequired,
        }]
    );
    let strict = parse_strict::<Cdr>(fixture("2.3.0", "cdr_example.json").as_bytes()).unwrap_err();
    assert_eq!(strict.category, ErrorCategory::Nonconforming);
    assert_eq!(strict.path, "tariffs[0].tax_included");
}

#[test]
fn official_example_values() {
    let c = round_trip_fixture::<Cdr>("2.3.0", "cdr_example.json").value;
    assert_eq!(c.country_code, "BE");
    assert_eq!(c.party_id, "BEC");
    assert_eq!(c.id, "12345");
    assert_eq!(c.start_date_time.to_string(), "2024-12-05T17:39:09Z");
    assert_eq!(c.end_date_time.to_string(), "2024-12-05T19:37:32Z");
    // 2.3.0's CdrToken carries the owner of the token.
    assert_eq!(c.cdr_token.country_code, "DE");
    assert_eq!(c.cdr_token.party_id, "TNM");
    assert_eq!(c.cdr_token.uid, "012345678");
    assert_eq!(c.cdr_token.r#type.as_str(), "RFID");
    assert_eq!(c.cdr_token.contract_id, "DE8ACC12E46L89");
    assert_eq!(c.auth_method, AuthMethod::Whitelist);
    let l = &c.cdr_location;
    assert_eq!(l.evse_uid, "3256");
    assert_eq!(l.connector_standard, ConnectorType::Iec62196T2);
    assert_eq!(l.connector_format, ConnectorFormat::Socket);
    assert_eq!(l.connector_power_type, PowerType::Ac1Phase);
    let tariff = &c.tariffs.as_ref().unwrap()[0];
    assert_eq!(tariff.id, "12");
    assert_eq!(tariff.tax_included, None);
    assert_eq!(
        tariff.elements[0].price_components[0].r#type,
        TariffDimensionType::Time
    );
    assert_eq!(
        tariff.last_updated.as_ref().unwrap().to_string(),
        "2024-05-02T14:15:01Z"
    );
    let p = &c.charging_periods[0];
    assert_eq!(p.dimensions[0].r#type, CdrDimensionType::Time);
    assert_eq!(p.tariff_id.as_deref(), Some("12"));

    let vat = TaxAmount::new(OcpiString::new("VAT").unwrap(), num("0.40"));
    assert_eq!(c.total_cost.before_taxes.to_string(), "4.00");
    assert_eq!(c.total_cost.taxes, Some(vec![vat.clone()]));
    assert_eq!(
        c.total_cost.taxes.as_ref().unwrap()[0].amount.to_string(),
        "0.40"
    );
    assert_eq!(c.total_time_cost.as_ref().unwrap().taxes, Some(vec![vat]));
    assert_eq!(c.total_energy.to_string(), "15.342");
    assert_eq!(c.total_time.to_string(), "1.973");
    assert!(c.total_energy_cost.is_none() && c.signed_data.is_none());
    assert!(c.unknown_fields.is_empty());
}

#[test]
fn unchanged_classes_are_the_2_2_1_types() {
    let c = round_trip_fixture::<Cdr>("2.3.0", "cdr_example.json").value;
    let period: &v2_2_1::cdrs::ChargingPeriod = &c.charging_periods[0];
    let method: &v2_2_1::cdrs::AuthMethod = &c.auth_method;
    assert_eq!(period.dimensions.len(), 1);
    assert_eq!(method.as_str(), "WHITELIST");
    let _: fn(&ChargingPeriod) -> &v2_2_1::cdrs::ChargingPeriod = |p| p;
}

const FULL: &str = r##"{
    "country_code": "NL", "party_id": "TNM", "id": "CDR-0001-credit",
    "start_date_time": "2024-03-01T10:00:00Z", "end_date_time": "2024-03-01T12:30:00.5Z",
    "session_id": "S-1",
    "cdr_token": {"country_code": "DE", "party_id": "EMS", "uid": "EMAID-1", "type": "EMAID", "contract_id": "DE-EMS-C1"},
    "auth_method": "COMMAND", "authorization_reference": "auth-9",
    "cdr_location": {
        "id": "L1", "name": "Depot", "address": "Main 1", "city": "Utrecht", "postal_code": "3511 AA",
        "state": "Utrecht", "country": "NLD",
        "coordinates": {"latitude": "52.09074", "longitude": "5.12142"},
        "evse_uid": "E1", "evse_id": "NL*TNM*E1", "connector_id": "1",
        "connector_standard": "MCS", "connector_format": "CABLE", "connector_power_type": "DC"
    },
    "meter_id": "M-7", "currency": "EUR",
    "tariffs": [{
        "country_code": "NL", "party_id": "TNM", "id": "T1", "currency": "EUR",
        "elements": [{"price_components": [{"type": "ENERGY", "price": 0.35, "step_size": 1}]}],
        "tax_included": "NO", "last_updated": "2024-01-01T00:00:00Z"
    }],
    "charging_periods": [
        {"start_date_time": "2024-03-01T10:00:00Z", "dimensions": [
            {"type": "ENERGY", "volume": 12345678.123456789012},
            {"type": "RESERVATION_TIME", "volume": 0.30000000000000004441}
        ], "tariff_id": "T1"}
    ],
    "signed_data": {
        "encoding_method": "OCMF", "encoding_method_version": 1, "public_key": "MFkwEwYHKoZIzj0C",
        "signed_values": [{"nature": "Start", "plain_data": "OCMF|{}", "signed_data": "c2lnbmVk"}],
        "url": "https://check.example/x"
    },
    "total_cost": {"before_taxes": -12.345678, "taxes": [
        {"name": "GST", "account_number": "123456789 RT0001", "percentage": 5, "amount": -0.6172839},
        {"name": "QST", "percentage": 9.975, "amount": -1.23148138}
    ]},
    "total_fixed_cost": {"before_taxes": 0.00, "taxes": []},
    "total_energy": 12345678.123456789012,
    "total_energy_cost": {"before_taxes": 1e2},
    "total_time": 2.5000,
    "total_time_cost": {"before_taxes": 0},
    "total_parking_time": 0.0,
    "total_parking_cost": {"before_taxes": 0.10},
    "total_reservation_cost": {"before_taxes": 2.00},
    "remark": "Stopped by the EV",
    "invoice_reference_id": "INV-1",
    "credit": true, "credit_reference_id": "CDR-0001",
    "home_charging_compensation": false,
    "last_updated": "2024-03-01T12:31:00Z"
}"##;

#[test]
fn every_field_and_digit_survives() {
    let p = assert_clean::<Cdr>(FULL);
    let c = p.value;
    assert!(c.unknown_fields.is_empty());
    assert_eq!(c.cdr_token.r#type.as_str(), "EMAID");
    assert!(c.cdr_token.r#type.is_known());
    assert_eq!(c.cdr_location.connector_standard, ConnectorType::Mcs);
    assert_eq!(c.cdr_location.state.as_deref(), Some("Utrecht"));
    assert_eq!(
        c.tariffs.as_ref().unwrap()[0].tax_included,
        Some(TaxIncluded::No)
    );
    let taxes = c.total_cost.taxes.as_ref().unwrap();
    assert_eq!(taxes.len(), 2);
    assert_eq!(taxes[0].account_number.as_deref(), Some("123456789 RT0001"));
    assert_eq!(taxes[1].amount.to_string(), "-1.23148138");
    assert_eq!(c.total_cost.before_taxes.to_string(), "-12.345678");
    assert_eq!(c.total_fixed_cost.as_ref().unwrap().taxes, Some(vec![]));
    assert_eq!(c.total_energy_cost.as_ref().unwrap().taxes, None);
    assert_eq!(c.total_energy_cost.unwrap().before_taxes, num("100"));
    assert_eq!(c.total_reservation_cost.unwrap().before_taxes, num("2.00"));
    assert_eq!(c.credit, Some(true));
    assert_eq!(c.home_charging_compensation, Some(false));
    assert_eq!(c.signed_data.unwrap().signed_values[0].nature, "Start");
}

#[test]
fn cdr_token_and_location_are_checked() {
    // The 2.3.0 examples send country_code and party_id: they are required, no erratum.
    assert_refused::<CdrToken>(
        r#"{"uid":"1","type":"RFID","contract_id":"C"}"#,
        ".",
        "missing field `country_code`",
    );
    let e =
        parse::<CdrToken>(br#"{"country_code":"NL","uid":"1","type":"RFID","contract_id":"C"}"#)
            .unwrap_err();
    assert!(e.message.contains("missing field `party_id`"), "{e}");
    let e = assert_refused_at::<CdrToken>(
        r#"{"country_code":"NL","party_id":"TST","uid":"1","type":"rfid","contract_id":"C"}"#,
        "type",
    );
    assert!(e.message.contains("differs only in case"), "{e}");

    let loc = r##"{"id":"L","address":"A","city":"C","country":"NLD","coordinates":{"latitude":"52.09074","longitude":"5.12142"},"evse_uid":"#NA","evse_id":"#NA","connector_id":"#NA","connector_standard":"SAE_J3400","connector_format":"SOCKET","connector_power_type":"AC_2_PHASE_SPLIT"}"##;
    let l = assert_round_trip::<CdrLocation>(loc).value;
    assert_eq!(l.connector_standard, ConnectorType::SaeJ3400);
    assert_eq!(l.connector_power_type, PowerType::Ac2PhaseSplit);
}
