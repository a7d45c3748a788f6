//! The `Authorization` header in each mode (`parse_authorization`, `authorization_header`).
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::authorization(data);
});
