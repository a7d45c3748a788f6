//! versions module.
//!
//! Spec: 2.3.0 version_information_endpoint.asciidoc
