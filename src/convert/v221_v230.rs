//! Conversions between OCPI 2.2.1 and 2.3.0.
//!
//! Spec: 2.2.1 and 2.3.0 object tables; 2.3.0 changelog.asciidoc.
