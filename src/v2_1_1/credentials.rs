//! credentials module.
//!
//! Spec: 2.1.1 credentials.md
