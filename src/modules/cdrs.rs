//! The cdrs module (to be written).
