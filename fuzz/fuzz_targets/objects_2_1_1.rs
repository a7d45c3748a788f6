//! Every object of OCPI 2.1.1: the first byte picks the type, the rest is the body.
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::dispatch(ocpi_protocol_fuzz::OBJECTS_2_1_1, data);
});
