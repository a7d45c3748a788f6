//! charging profiles module.
//!
//! Spec: 2.3.0 mod_charging_profiles.asciidoc
