//! The tokens module (to be written).
