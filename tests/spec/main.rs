//! The modules of each OCPI version, one file per version and module: the official examples,
//! the PATCH rules and the module rules.

#[path = "../common/mod.rs"]
mod common;

mod locations;
mod refusals;
mod tokens;
mod v2_1_1_cdrs;
mod v2_1_1_commands;
mod v2_1_1_credentials;
mod v2_1_1_examples;
mod v2_1_1_locations;
mod v2_1_1_sessions;
mod v2_1_1_tariffs;
mod v2_1_1_tokens;
mod v2_1_1_versions;
mod v2_2_1_cdrs;
mod v2_2_1_charging_profiles;
mod v2_2_1_commands;
mod v2_2_1_credentials;
mod v2_2_1_hub_client_info;
mod v2_2_1_locations;
mod v2_2_1_sessions;
mod v2_2_1_tariffs;
mod v2_2_1_tokens;
mod v2_2_1_versions;
mod v2_3_0_cdrs;
mod v2_3_0_charging_profiles;
mod v2_3_0_commands;
mod v2_3_0_credentials;
mod v2_3_0_hub_client_info;
mod v2_3_0_locations;
mod v2_3_0_payments;
mod v2_3_0_sessions;
mod v2_3_0_tariffs;
mod v2_3_0_tokens;
mod v2_3_0_versions;
