#![allow(dead_code)]
//! The official examples of 2.2.1 and 2.3.0, each with the type it is read as and the
//! deviations (errata) it is known to carry. Shared by the example and schema tests.

use ocpi_protocol::json::{parse, parse_strict, Parsed, WriteJson};
use ocpi_protocol::types::{Conformance, Warning, WarningKind};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::common::{assert_round_trip, exact_json_eq};

/// One official example.
pub struct Example {
    /// The fixture's file name.
    pub file: &'static str,
    /// The Rust type it is read as (`Location`, `Response<Token>`, `Vec<Version>`).
    pub name: &'static str,
    /// Read through a PATCH (partial) type.
    pub partial: bool,
    /// Parses, writes back, compares exactly; returns the warnings.
    pub check: fn(&str) -> Vec<Warning>,
    /// Whether a strict read accepts it.
    pub strict: fn(&str) -> bool,
    /// The JSON Schema of its type.
    #[cfg(feature = "schema")]
    pub schema: fn() -> serde_json::Value,
    /// The expected warnings: (path, tolerated) — `false` is a missing required field.
    pub warnings: Vec<(&'static str, bool)>,
}

fn whole<T: DeserializeOwned + Serialize + WriteJson + Conformance>(json: &str) -> Vec<Warning> {
    assert_round_trip::<T>(json).warnings
}

/// PATCH bodies may carry `null`, so they are compared without the no-null rule.
fn partial<T: DeserializeOwned + Serialize + WriteJson + Conformance>(json: &str) -> Vec<Warning> {
    let Parsed { value, warnings } = parse::<T>(json.as_bytes()).unwrap();
    let back = serde_json::to_string(&value).unwrap();
    assert_eq!(ocpi_protocol::json::to_vec(&value), back.as_bytes());
    exact_json_eq(json, &back).unwrap();
    warnings
}

fn strict<T: DeserializeOwned + Conformance>(json: &str) -> bool {
    parse_strict::<T>(json.as_bytes()).is_ok()
}

#[cfg(feature = "schema")]
fn schema<T: schemars::JsonSchema>() -> serde_json::Value {
    schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .into()
}

/// Warnings as (path, tolerated) pairs.
pub fn shape(warnings: &[Warning]) -> Vec<(&str, bool)> {
    warnings
        .iter()
        .map(|w| {
            (
                w.path.as_str(),
                matches!(w.kind, WarningKind::Tolerated { .. }),
            )
        })
        .collect()
}

macro_rules! examples {
    ($( $kind:ident $ty:ty: $file:literal $([$($path:literal $tol:literal),* $(,)?])? ;)*) => {
        vec![$(
            Example {
                file: $file,
                name: stringify!($ty),
                partial: examples!(@partial $kind),
                check: $kind::<$ty>,
                strict: strict::<$ty>,
                #[cfg(feature = "schema")]
                schema: schema::<$ty>,
                warnings: vec![$($(($path, $tol)),*)?],
            },
        )*]
    };
    (@partial whole) => { false };
    (@partial partial) => { true };
}

/// Every official 2.2.1 example. Errata: the CDR and Session examples' `cdr_token` lacks
/// `country_code` and `party_id` (added in 2.2); the EVSE PUT example's connector lacks four
/// required fields and sends `physical_reference` as a number; the Tariff PUT example lacks
/// `last_updated`. The energy-mix and regular-hours examples are fragments of a Location,
/// read as a partial Location.
pub fn examples_2_2_1() -> Vec<Example> {
    use ocpi_protocol::transport::Response;
    use ocpi_protocol::types::DisplayText;
    use ocpi_protocol::v2_2_1::{
        cdrs::Cdr,
        credentials::Credentials,
        locations::{ConnectorPatch, Evse, EvsePatch, Hours, Location, LocationPatch},
        sessions::{Session, SessionPatch},
        tariffs::Tariff,
        tokens::{Token, TokenPatch},
        versions::{Version, VersionDetails},
    };
    examples! {
        whole Cdr: "cdr_example.json" ["cdr_token.country_code" false, "cdr_token.party_id" false];
        whole Credentials: "credentials_example.json";
        whole Credentials: "credentials_example2.json";
        whole Credentials: "credentials_example3.json";
        whole Credentials: "credentials_example4.json";
        whole LocationPatch: "location_energymix_example_complete.json";
        whole LocationPatch: "location_energymix_example_energy_provider.json";
        whole LocationPatch: "location_energymix_example_simple.json";
        whole Location: "location_example.json";
        whole Location: "location_example_parking_garage_opening_hours.json";
        whole Location: "location_example_uc2_destination_charger.json";
        whole Location: "location_example_uc3_destination_charger_not_published.json";
        whole Location: "location_example_uc4_limited_visibility.json";
        whole Location: "location_example_uc5_home_charge_point.json";
        whole Hours: "location_hours_247_open_exception_closing.json";
        whole Hours: "location_hours_opening_hours_with_exceptional_closing.json";
        whole Hours: "location_hours_opening_hours_with_exceptional_opening.json";
        partial LocationPatch: "location_patch_example_location.json";
        partial EvsePatch: "location_patch_example_remove_evse.json";
        partial EvsePatch: "location_patch_example_status.json";
        partial ConnectorPatch: "location_patch_example_tariff.json";
        whole Evse: "location_put_example_add_evse.json" [
            "connectors[0].power_type" false, "connectors[0].max_voltage" false,
            "connectors[0].max_amperage" false, "connectors[0].last_updated" false,
            "physical_reference" true,
        ];
        whole LocationPatch: "location_regularhours_example.json";
        whole Session: "session_example_1_simple_start.json" ["cdr_token.country_code" false, "cdr_token.party_id" false];
        whole Session: "session_example_2_short_finished.json" ["cdr_token.country_code" false, "cdr_token.party_id" false];
        partial SessionPatch: "session_patch_example_charging_period.json";
        partial SessionPatch: "session_patch_example_total_cost.json";
        whole Tariff: "tariff_10_025kwh_parking_start.json";
        whole Tariff: "tariff_11_not_possible_alt_text.json";
        whole Tariff: "tariff_12_025kwh_min_price.json";
        whole Tariff: "tariff_13_simple_3hour_5parking.json";
        whole Tariff: "tariff_14_step_size.json";
        whole Tariff: "tariff_15_reservation_5_euro_per_hour.json";
        whole Tariff: "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json";
        whole Tariff: "tariff_17_reservation_with_expire_fee.json";
        whole Tariff: "tariff_18_reservation_with_expire_time.json";
        whole Tariff: "tariff_1_simple_2hour.json";
        whole Tariff: "tariff_2_alt_text.json";
        whole Tariff: "tariff_3_alt_url.json";
        whole Tariff: "tariff_4_complex.json";
        whole Tariff: "tariff_5_free_of_charge.json";
        whole Tariff: "tariff_6_025kwh_start_max_price.json";
        whole Tariff: "tariff_7_first_hour_kwh_free.json";
        whole Tariff: "tariff_8_simple_025kwh.json";
        whole Tariff: "tariff_9_025kwh_start.json";
        whole Tariff: "tariff_put_example.json" ["last_updated" false];
        whole Tariff: "tariffrestriction_example_max_duration.json";
        whole Tariff: "tariffrestriction_example_max_power.json";
        whole Token: "token_example_1_app_user.json";
        whole Token: "token_example_2_full_rfid.json";
        partial TokenPatch: "token_patch_example.json";
        whole Token: "token_put_example.json";
        whole Response<Token>: "transport_and_format_get_token_example.json";
        whole Response<Vec<Token>>: "transport_and_format_get_token_list_example.json";
        whole Response<VersionDetails>: "transport_and_format_version_details_example.json";
        whole Response<Vec<Version>>: "transport_and_format_version_info_example.json";
        whole DisplayText: "type_displaytext_example.json";
        whole VersionDetails: "version_details_example.json";
        whole VersionDetails: "version_details_example2.json";
        whole Vec<Version>: "versions_info_example.json";
    }
}

/// Every official 2.3.0 example. Errata: the Location examples send EVSE `parking` as bare ids
/// where the table has EVSEParking objects; the EVSE PUT example as in 2.2.1; the CDR
/// example's tariff lacks `tax_included`; the Tariff PUT example lacks `last_updated`; the
/// minimal terminal lacks `last_updated`; the terminal PUT update lacks `terminal_id` and has a
/// relative `invoice_base_url`; the financial-advice confirmations send `total_costs` in the
/// 2.2.1 Price form, and the failure example lacks `eft_data`.
pub fn examples_2_3_0() -> Vec<Example> {
    use ocpi_protocol::transport::Response;
    use ocpi_protocol::types::DisplayText;
    use ocpi_protocol::v2_3_0::{
        cdrs::Cdr,
        credentials::Credentials,
        locations::{ConnectorPatch, Evse, EvsePatch, Hours, Location, LocationPatch},
        payments::{FinancialAdviceConfirmation, Terminal, TerminalPatch},
        sessions::{Session, SessionPatch},
        tariffs::Tariff,
        tokens::{Token, TokenPatch},
        versions::{Version, VersionDetails},
    };
    examples! {
        whole Cdr: "cdr_example.json" ["tariffs[0].tax_included" false];
        whole Credentials: "credentials_example.json";
        whole Credentials: "credentials_example2.json";
        whole Credentials: "credentials_example3.json";
        whole Credentials: "credentials_example4.json";
        whole LocationPatch: "location_energymix_example_complete.json";
        whole LocationPatch: "location_energymix_example_energy_provider.json";
        whole LocationPatch: "location_energymix_example_simple.json";
        whole Location: "location_example.json" [
            "evses[0].parking[0]" true, "evses[0].parking[1]" true,
            "evses[1].parking[0]" true, "evses[1].parking[1]" true,
        ];
        whole Location: "location_example_parking_garage_opening_hours.json" ["evses[0].parking[0]" true];
        whole Location: "location_example_uc2_destination_charger.json";
        whole Location: "location_example_uc3_destination_charger_not_published.json";
        whole Location: "location_example_uc4_limited_visibility.json";
        whole Location: "location_example_uc5_home_charge_point.json";
        whole Hours: "location_hours_247_open_exception_closing.json";
        whole Hours: "location_hours_opening_hours_with_exceptional_closing.json";
        whole Hours: "location_hours_opening_hours_with_exceptional_opening.json";
        partial LocationPatch: "location_patch_example_location.json";
        partial EvsePatch: "location_patch_example_remove_evse.json";
        partial EvsePatch: "location_patch_example_status.json";
        partial ConnectorPatch: "location_patch_example_tariff.json";
        whole Evse: "location_put_example_add_evse.json" [
            "connectors[0].power_type" false, "connectors[0].max_voltage" false,
            "connectors[0].max_amperage" false, "connectors[0].last_updated" false,
            "physical_reference" true,
        ];
        whole LocationPatch: "location_regularhours_example.json";
        whole FinancialAdviceConfirmation: "payment_financial_advice_confirmation_create.json" ["total_costs" true];
        whole FinancialAdviceConfirmation: "payment_financial_advice_confirmation_example_failure.json" ["total_costs" true, "eft_data" false];
        whole FinancialAdviceConfirmation: "payment_financial_advice_confirmation_example_success.json" ["total_costs" true];
        whole Terminal: "payment_terminal_activate.json";
        whole Terminal: "payment_terminal_create.json";
        whole Terminal: "payment_terminal_create_minimal.json" ["last_updated" false];
        whole Terminal: "payment_terminal_example_assigned_locations.json";
        whole Terminal: "payment_terminal_example_assigned_locations_assigned_evses.json";
        whole Terminal: "payment_terminal_example_newly_created.json";
        partial TerminalPatch: "payment_terminal_location_assignment.json";
        whole Terminal: "payment_terminal_put_update.json" ["terminal_id" false, "invoice_base_url" true];
        whole Session: "session_example_1_simple_start.json";
        whole Session: "session_example_2_short_finished.json";
        partial SessionPatch: "session_patch_example_charging_period.json";
        partial SessionPatch: "session_patch_example_total_cost.json";
        whole Tariff: "tariff_10_025kwh_parking_start.json";
        whole Tariff: "tariff_11_not_possible_alt_text.json";
        whole Tariff: "tariff_12_025kwh_min_price.json";
        whole Tariff: "tariff_13_simple_3hour_5parking.json";
        whole Tariff: "tariff_14_step_size.json";
        whole Tariff: "tariff_15_reservation_5_euro_per_hour.json";
        whole Tariff: "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json";
        whole Tariff: "tariff_17_reservation_with_expire_fee.json";
        whole Tariff: "tariff_18_reservation_with_expire_time.json";
        whole Tariff: "tariff_19_simple_north_american_exclusive.json";
        whole Tariff: "tariff_1_simple_2hour.json";
        whole Tariff: "tariff_20_simple_north_american_inclusive.json";
        whole Tariff: "tariff_2_alt_text.json";
        whole Tariff: "tariff_3_alt_url.json";
        whole Tariff: "tariff_4_complex.json";
        whole Tariff: "tariff_5_free_of_charge.json";
        whole Tariff: "tariff_6_025kwh_start_max_price.json";
        whole Tariff: "tariff_8_simple_025kwh.json";
        whole Tariff: "tariff_9_025kwh_start.json";
        whole Tariff: "tariff_put_example.json" ["last_updated" false];
        whole Tariff: "tariffrestriction_example_max_duration.json";
        whole Tariff: "tariffrestriction_example_max_power.json";
        whole Token: "token_example_1_app_user.json";
        whole Token: "token_example_2_full_rfid.json";
        partial TokenPatch: "token_patch_example.json";
        whole Token: "token_put_example.json";
        whole Response<Token>: "transport_and_format_get_token_example.json";
        whole Response<Vec<Token>>: "transport_and_format_get_token_list_example.json";
        whole Response<VersionDetails>: "transport_and_format_version_details_example.json";
        whole Response<Vec<Version>>: "transport_and_format_version_info_example.json";
        whole DisplayText: "type_displaytext_example.json";
        whole VersionDetails: "version_details_example.json";
        whole VersionDetails: "version_details_example2.json";
        whole Vec<Version>: "versions_info_example.json";
    }
}
