//! credentials module.
//!
//! Spec: 2.2.1 credentials.asciidoc
