//! Conversions between OCPI 2.1.1 and 2.2.1.
//!
//! Spec: 2.1.1 and 2.2.1 object tables; 2.2.1 changelog.asciidoc.
