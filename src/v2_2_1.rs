//! The OCPI 2.2.1 object model, one module per OCPI module.
//!
//! Spec: OCPI 2.2.1 (`ocpi-spec/2.2.1/`).

pub mod versions;
