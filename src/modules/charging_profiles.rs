//! The charging_profiles module (to be written).
