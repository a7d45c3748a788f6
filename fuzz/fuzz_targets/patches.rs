//! PATCH bodies of every version, applied to an official example: the first byte picks the type.
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::dispatch(ocpi_protocol_fuzz::PATCHES, data);
});
