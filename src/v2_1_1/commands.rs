//! commands module.
//!
//! Spec: 2.1.1 mod_commands.md
