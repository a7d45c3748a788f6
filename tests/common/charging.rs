//! Objects of a charging session shared by the Sessions and CDRs end-to-end tests: the
//! token, the Location, and the edge lookups a 2.1.1 peer needs. Include with
//! `#[path = "common/charging.rs"] mod charging;` next to `common` and `network`.
#![allow(dead_code)]

use ocpi_protocol::modules::Bridge;
use ocpi_protocol::types::CiString;
use ocpi_protocol::v2_3_0::cdrs::{AuthMethod, CdrToken};
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::tokens::TokenType;

use crate::common::fixture;
use crate::network::{cpo_party, emsp_party};

/// The `auth_id` of the official 2.1.1 Session examples, and the `contract_id` of the token.
pub const CONTRACT_ID: &str = "DE8ACC12E46L89";

/// The eMSP's token the sessions are charged to.
pub fn token() -> CdrToken {
    CdrToken::new(
        emsp_party().country_code,
        emsp_party().party_id,
        CiString::new("012345678").unwrap(),
        TokenType::Rfid,
        CiString::new(CONTRACT_ID).unwrap(),
    )
}

/// The CPO's Location `LOC1` (the official 2.3.0 example, EVSE `3256` with connector `1`).
pub fn location() -> Location {
    let text = fixture("2.3.0", "location_example.json");
    let mut l: Location = ocpi_protocol::json::parse(text.as_bytes()).unwrap().value;
    l.country_code = cpo_party().country_code;
    l.party_id = cpo_party().party_id;
    l
}

/// The edge of both platforms: the token and the Location, as an application would look
/// them up, and the `auth_method` of 2.1.1 Sessions that have none.
pub fn bridge() -> Bridge {
    let mut bridge = Bridge::default()
        .with_cdr_token_lookup(|contract_id| {
            contract_id.eq_ignore_ascii_case(CONTRACT_ID).then(token)
        })
        .with_location_lookup(|party, id| {
            (*party == cpo_party() && id.eq_ignore_ascii_case("LOC1")).then(location)
        });
    bridge.session_auth_method = Some(AuthMethod::AuthRequest);
    bridge
}
