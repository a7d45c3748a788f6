//! The tariffs module (to be written).
