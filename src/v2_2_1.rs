//! The OCPI 2.2.1 object model, one module per OCPI module.
//!
//! Spec: OCPI 2.2.1 (`ocpi-spec/2.2.1/`).

pub mod cdrs;
pub mod charging_profiles;
pub mod commands;
pub mod credentials;
pub mod hub_client_info;
pub mod locations;
pub mod sessions;
pub mod tariffs;
pub mod tokens;
pub mod versions;
