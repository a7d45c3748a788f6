//! Every official OCPI 2.2.1 example: parsed as its type, written back, and compared exactly
//! (numbers as decimals, strings byte for byte). The deviations of the known errata are listed
//! with their reasons; every other example must conform.

mod common;

use common::{assert_round_trip, exact_json_eq, fixture};
use ocpi_protocol::json::{parse, Parsed};
use ocpi_protocol::transport::Response;
use ocpi_protocol::types::{Conformance, DisplayText, Warning, WarningKind};
use ocpi_protocol::v2_2_1::{
    cdrs::Cdr,
    credentials::Credentials,
    locations::{ConnectorPatch, Evse, EvsePatch, Hours, Location, LocationPatch},
    sessions::{Session, SessionPatch},
    tariffs::Tariff,
    tokens::{Token, TokenPatch},
    versions::{Version, VersionDetails},
};
use serde::de::DeserializeOwned;
use serde::Serialize;

type Check = fn(&str) -> Vec<Warning>;

fn whole<T: DeserializeOwned + Serialize + Conformance>(json: &str) -> Vec<Warning> {
    assert_round_trip::<T>(json).warnings
}

/// PATCH bodies may carry `null`, so they are compared without the no-null rule.
fn partial<T: DeserializeOwned + Serialize + Conformance>(json: &str) -> Vec<Warning> {
    let Parsed { value, warnings } = parse::<T>(json.as_bytes()).unwrap();
    exact_json_eq(json, &serde_json::to_string(&value).unwrap()).unwrap();
    warnings
}

fn missing(path: &str) -> Warning {
    Warning {
        path: path.into(),
        kind: WarningKind::MissingRequired,
    }
}

/// (file, type, expected warnings as (path, kind) and why)
fn table() -> Vec<(&'static str, Check, Vec<Warning>)> {
    let cdr_token_erratum = || {
        vec![
            missing("cdr_token.country_code"),
            missing("cdr_token.party_id"),
        ]
    };
    vec![
        // Erratum: the CDR example's cdr_token lacks country_code and party_id (added to
        // CdrToken in 2.2).
        ("cdr_example.json", whole::<Cdr>, cdr_token_erratum()),
        ("credentials_example.json", whole::<Credentials>, vec![]),
        ("credentials_example2.json", whole::<Credentials>, vec![]),
        ("credentials_example3.json", whole::<Credentials>, vec![]),
        ("credentials_example4.json", whole::<Credentials>, vec![]),
        // The energy-mix and regular-hours examples are fragments of a Location: a partial
        // Location with one field.
        ("location_energymix_example_complete.json", partial::<LocationPatch>, vec![]),
        ("location_energymix_example_energy_provider.json", partial::<LocationPatch>, vec![]),
        ("location_energymix_example_simple.json", partial::<LocationPatch>, vec![]),
        ("location_example.json", whole::<Location>, vec![]),
        ("location_example_parking_garage_opening_hours.json", whole::<Location>, vec![]),
        ("location_example_uc2_destination_charger.json", whole::<Location>, vec![]),
        ("location_example_uc3_destination_charger_not_published.json", whole::<Location>, vec![]),
        ("location_example_uc4_limited_visibility.json", whole::<Location>, vec![]),
        ("location_example_uc5_home_charge_point.json", whole::<Location>, vec![]),
        ("location_hours_247_open_exception_closing.json", whole::<Hours>, vec![]),
        ("location_hours_opening_hours_with_exceptional_closing.json", whole::<Hours>, vec![]),
        ("location_hours_opening_hours_with_exceptional_opening.json", whole::<Hours>, vec![]),
        ("location_patch_example_location.json", partial::<LocationPatch>, vec![]),
        ("location_patch_example_remove_evse.json", partial::<EvsePatch>, vec![]),
        ("location_patch_example_status.json", partial::<EvsePatch>, vec![]),
        ("location_patch_example_tariff.json", partial::<ConnectorPatch>, vec![]),
        // Erratum: the EVSE PUT example's connector lacks power_type, max_voltage,
        // max_amperage and last_updated, and physical_reference is the number 3 (string(16)).
        // Its "floor": -1 is not a 2.2.1 field and is kept as an unknown field.
        (
            "location_put_example_add_evse.json",
            whole::<Evse>,
            vec![
                missing("connectors[0].power_type"),
                missing("connectors[0].max_voltage"),
                missing("connectors[0].max_amperage"),
                missing("connectors[0].last_updated"),
                Warning {
                    path: "physical_reference".into(),
                    kind: WarningKind::Tolerated {
                        reason: "invalid type: integer `3`, expected a printable string of at most 16 characters".into(),
                    },
                },
            ],
        ),
        ("location_regularhours_example.json", partial::<LocationPatch>, vec![]),
        // Erratum: the Session examples' cdr_token lacks country_code and party_id.
        ("session_example_1_simple_start.json", whole::<Session>, cdr_token_erratum()),
        ("session_example_2_short_finished.json", whole::<Session>, cdr_token_erratum()),
        ("session_patch_example_charging_period.json", partial::<SessionPatch>, vec![]),
        ("session_patch_example_total_cost.json", partial::<SessionPatch>, vec![]),
        ("tariff_10_025kwh_parking_start.json", whole::<Tariff>, vec![]),
        ("tariff_11_not_possible_alt_text.json", whole::<Tariff>, vec![]),
        ("tariff_12_025kwh_min_price.json", whole::<Tariff>, vec![]),
        ("tariff_13_simple_3hour_5parking.json", whole::<Tariff>, vec![]),
        ("tariff_14_step_size.json", whole::<Tariff>, vec![]),
        ("tariff_15_reservation_5_euro_per_hour.json", whole::<Tariff>, vec![]),
        ("tariff_16_reservation_2_euro_fee_5_euro_per_hour.json", whole::<Tariff>, vec![]),
        ("tariff_17_reservation_with_expire_fee.json", whole::<Tariff>, vec![]),
        ("tariff_18_reservation_with_expire_time.json", whole::<Tariff>, vec![]),
        ("tariff_1_simple_2hour.json", whole::<Tariff>, vec![]),
        ("tariff_2_alt_text.json", whole::<Tariff>, vec![]),
        ("tariff_3_alt_url.json", whole::<Tariff>, vec![]),
        ("tariff_4_complex.json", whole::<Tariff>, vec![]),
        ("tariff_5_free_of_charge.json", whole::<Tariff>, vec![]),
        ("tariff_6_025kwh_start_max_price.json", whole::<Tariff>, vec![]),
        ("tariff_7_first_hour_kwh_free.json", whole::<Tariff>, vec![]),
        ("tariff_8_simple_025kwh.json", whole::<Tariff>, vec![]),
        ("tariff_9_025kwh_start.json", whole::<Tariff>, vec![]),
        // Erratum: the Tariff PUT example lacks last_updated.
        ("tariff_put_example.json", whole::<Tariff>, vec![missing("last_updated")]),
        ("tariffrestriction_example_max_duration.json", whole::<Tariff>, vec![]),
        ("tariffrestriction_example_max_power.json", whole::<Tariff>, vec![]),
        ("token_example_1_app_user.json", whole::<Token>, vec![]),
        ("token_example_2_full_rfid.json", whole::<Token>, vec![]),
        ("token_patch_example.json", partial::<TokenPatch>, vec![]),
        ("token_put_example.json", whole::<Token>, vec![]),
        ("transport_and_format_get_token_example.json", whole::<Response<Token>>, vec![]),
        ("transport_and_format_get_token_list_example.json", whole::<Response<Vec<Token>>>, vec![]),
        ("transport_and_format_version_details_example.json", whole::<Response<VersionDetails>>, vec![]),
        ("transport_and_format_version_info_example.json", whole::<Response<Vec<Version>>>, vec![]),
        ("type_displaytext_example.json", whole::<DisplayText>, vec![]),
        ("version_details_example.json", whole::<VersionDetails>, vec![]),
        ("version_details_example2.json", whole::<VersionDetails>, vec![]),
        ("versions_info_example.json", whole::<Vec<Version>>, vec![]),
    ]
}

#[test]
fn every_official_example() {
    let table = table();
    let mut listed: Vec<&str> = table.iter().map(|(f, _, _)| *f).collect();
    listed.sort_unstable();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/2.2.1");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort_unstable();
    assert_eq!(listed, files, "every fixture is listed exactly once");
    assert_eq!(files.len(), 60);

    let patches = table
        .iter()
        .filter(|(f, _, _)| f.contains("_patch_"))
        .count();
    assert_eq!(patches, 7);
    assert_eq!(table.len() - patches, 53, "whole-object examples");

    for (file, check, expected) in table {
        let warnings = check(&fixture("2.2.1", file));
        assert_eq!(warnings, expected, "{file}");
    }
}
