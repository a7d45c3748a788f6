//! tokens module.
//!
//! Spec: 2.3.0 mod_tokens.asciidoc
