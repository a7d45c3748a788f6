//! The common types' constructors: DateTime, Number, CiString, string, Url, CountryCode, PartyId, CredentialsToken, an enum.
//! See `fuzz/src/lib.rs` for the oracle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ocpi_protocol_fuzz::types(data);
});
