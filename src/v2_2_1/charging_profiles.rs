//! charging profiles module.
//!
//! Spec: 2.2.1 mod_charging_profiles.asciidoc
