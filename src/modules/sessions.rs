//! The sessions module (to be written).
