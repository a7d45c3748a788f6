//! The payments module (to be written).
