//! Pagination query parameters (`PageRequest::from_query`, `next_link`, `PageHeaders::for_page`).
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::query(data);
});
