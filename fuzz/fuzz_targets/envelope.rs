//! The response envelope (`parse_response`, `parse_list_response`): the first byte picks the data type.
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::dispatch(ocpi_protocol_fuzz::ENVELOPES, data);
});
