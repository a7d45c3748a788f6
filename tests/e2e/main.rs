//! End to end: platforms of every role registered with each other over loopback, running
//! each functional module both ways.

#[path = "../common/charging.rs"]
mod charging;
#[path = "../common/mod.rs"]
mod common;
#[path = "../common/network.rs"]
mod network;

mod cdrs;
mod charging_profiles;
mod commands;
mod context;
mod hub_client_info;
mod locations;
mod memory;
mod payments;
mod sessions;
mod sync;
mod tariffs;
mod tokens;
