//! sessions module.
//!
//! Spec: 2.1.1 mod_sessions.md
