//! # ocpi-protocol
//!
//! Strongly typed, lossless OCPI (Open Charge Point Interface) objects.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod json;
pub mod types;
pub mod v2_2_1;
