//! The hub_client_info module (to be written).
