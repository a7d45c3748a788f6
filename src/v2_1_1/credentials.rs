//! Credentials module: the token, versions URL and party identity exchanged when two
//! platforms register with each other.
//!
//! Nothing is re-exported from 2.2.1: a 2.1.1 Credentials object describes one party directly
//! (no `roles` list), and its BusinessDetails is the 2.1.1 one.
//!
//! Spec: 2.1.1 credentials.md

use super::locations::BusinessDetails;
use crate::types::{ocpi_object, CountryCode, CredentialsToken, PartyId, Url};

ocpi_object! {
    /// What a platform hands to another to connect: the token to call it with, its versions
    /// endpoint, and who it is.
    ///
    /// Spec: 2.1.1 credentials.md §Credentials object
    pub struct Credentials {
        /// The token the other party authenticates with in your system (`string(64)`). A
        /// secret: never shown by `Debug` or `Display`.
        req token: CredentialsToken,
        /// The URL of your API versions endpoint.
        req url: Url,
        /// Details of this party.
        req business_details: BusinessDetails,
        /// CPO or eMSP ID of this party (following ISO 15118); with `country_code`, the
        /// identity used in the URLs of client owned objects.
        req party_id: PartyId,
        /// Country code of the country this party is operating in.
        req country_code: CountryCode,
    }
}
