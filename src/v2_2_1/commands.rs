//! commands module.
//!
//! Spec: 2.2.1 mod_commands.asciidoc
