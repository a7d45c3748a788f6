//! versions module.
//!
//! Spec: 2.1.1 version_information_endpoint.md
