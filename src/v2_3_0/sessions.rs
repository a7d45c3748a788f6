//! sessions module.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc
