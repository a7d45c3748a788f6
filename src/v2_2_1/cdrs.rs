//! cdrs module.
//!
//! Spec: 2.2.1 mod_cdrs.asciidoc
