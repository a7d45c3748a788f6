//! The commands module (to be written).
