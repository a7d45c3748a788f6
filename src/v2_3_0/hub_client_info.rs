//! hub client info module.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc
