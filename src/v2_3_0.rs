//! The OCPI 2.3.0 object model, one module per OCPI module.
//!
//! A type whose wire form is identical in 2.2.1 and 2.3.0 is defined once, in
//! [`v2_2_1`](crate::v2_2_1), and re-exported here; only what differs is defined again.
//!
//! Spec: OCPI 2.3.0 (`ocpi-spec/2.3.0/`).

pub mod cdrs;
pub mod charging_profiles;
pub mod commands;
pub mod credentials;
pub mod hub_client_info;
pub mod locations;
pub mod payments;
pub mod sessions;
pub mod tariffs;
pub mod tokens;
pub mod versions;
