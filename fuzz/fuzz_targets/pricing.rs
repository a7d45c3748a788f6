//! The pricing engine on arbitrary tariffs and sessions. The generator and the oracle are in
//! `fuzz/pricing_oracle.rs`, shared with the stable-toolchain test `tests/pricing_fuzz.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../pricing_oracle.rs"]
mod pricing_oracle;

fuzz_target!(|data: &[u8]| {
    pricing_oracle::run(data);
});
