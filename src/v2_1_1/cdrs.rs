//! cdrs module.
//!
//! Spec: 2.1.1 mod_cdrs.md
