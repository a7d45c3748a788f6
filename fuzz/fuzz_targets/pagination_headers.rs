//! `Link`, `X-Total-Count`, `X-Limit` (`PageInfo::from_headers`, `PageHeaders::apply`).
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::pagination_headers(data);
});
