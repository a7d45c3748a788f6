//! hub client info module.
//!
//! Spec: 2.2.1 mod_hub_client_info.asciidoc
