//! The pricing engine on arbitrary tariffs and sessions. The generator and the oracle are in
//! `fuzz/src/pricing.rs`, shared with the stable-toolchain test `tests/pricing_fuzz.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::pricing::run(data);
});
