//! The OCPI 2.1.1 object model, one module per OCPI module (2.1.1 has no Charging Profiles
//! and no Hub Client Info).
//!
//! A type whose wire form is identical in 2.1.1 and 2.2.1 is defined once, in
//! [`v2_2_1`](crate::v2_2_1), and re-exported here; only what differs is defined again.
//!
//! Spec: OCPI 2.1.1 (`ocpi-spec/2.1.1/`).

pub mod cdrs;
pub mod commands;
pub mod credentials;
pub mod locations;
pub mod sessions;
pub mod tariffs;
pub mod tokens;
pub mod versions;
