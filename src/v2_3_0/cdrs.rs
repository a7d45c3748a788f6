//! cdrs module.
//!
//! Spec: 2.3.0 mod_cdrs.asciidoc
