//! locations module.
//!
//! Spec: 2.3.0 mod_locations.asciidoc
