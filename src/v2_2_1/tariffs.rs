//! tariffs module.
//!
//! Spec: 2.2.1 mod_tariffs.asciidoc
