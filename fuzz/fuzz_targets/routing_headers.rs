//! The routing headers (`Routing`) and message ids (`MessageIds::from_request`).
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::routing_headers(data);
});
