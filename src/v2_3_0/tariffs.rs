//! tariffs module.
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc
