//! credentials module.
//!
//! Spec: 2.3.0 credentials.asciidoc
