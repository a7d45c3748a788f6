//! The server dispatcher as a whole: arbitrary method, path, query, headers and body.
//! See `fuzz/src/dispatcher.rs` for the input format and the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::dispatcher::dispatcher(data);
});
