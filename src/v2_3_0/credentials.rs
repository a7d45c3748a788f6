//! Credentials module: the token, versions URL, Hub party and roles exchanged when two
//! platforms register with each other.
//!
//! 2.3.0 differs from 2.2.1 in two ways: the Credentials object gains `hub_party_id`, and the
//! Role enum loses `HUB` (a Roaming Hub now lists the parties it reaches as ordinary roles and
//! names itself in `hub_party_id`). The 2.3.0 [`Role`] is defined here because the common
//! [`crate::types::Role`] is the 2.2.1 one.
//!
//! Spec: 2.3.0 credentials.asciidoc

use crate::types::{ocpi_enum, ocpi_object, CiString, CredentialsToken, Url};
use crate::v2_2_1::credentials::credentials_role_shape;

ocpi_object! {
    /// What a platform hands to another to connect: the token to call it with, its versions
    /// endpoint, its Hub party (if any) and the roles it provides.
    ///
    /// Spec: 2.3.0 credentials.asciidoc §Credentials object
    pub struct Credentials {
        /// The token the other party authenticates with in your system. 2.3.0 asks for
        /// printable non-whitespace ASCII only (U+0021 to U+007E), not Base64 or otherwise
        /// encoded. A secret: never shown by `Debug` or `Display`.
        req token: CredentialsToken,
        /// The URL of your API versions endpoint.
        req url: Url,
        /// The Hub party of this platform: two-letter country code and three-character party
        /// ID concatenated into one five-character string (e.g. `NLHUB`). Required from a
        /// platform that offers Hub functionality with the message routing headers.
        opt hub_party_id: CiString<5>,
        /// The roles this platform provides (one or more); each combination of `role`,
        /// `party_id` and `country_code` is unique. A Roaming Hub lists the parties reachable
        /// through it here.
        plus roles: Vec<CredentialsRole>,
    }
}

credentials_role_shape! {
    spec: "Spec: 2.3.0 credentials.asciidoc §CredentialsRole class",
    role: Role,
}

ocpi_enum! {
    /// The role of a party (2.3.0: no `HUB`; `PTP` added).
    ///
    /// Spec: 2.3.0 types.asciidoc §Role enum
    pub enum Role {
        /// Charge Point Operator Role.
        Cpo = "CPO",
        /// eMobility Service Provider Role.
        Emsp = "EMSP",
        /// National Access Point Role (national database with all Location information of a
        /// country).
        Nap = "NAP",
        /// Navigation Service Provider Role, role like an eMSP (probably only interested in
        /// Location information).
        Nsp = "NSP",
        /// Other role.
        Other = "OTHER",
        /// Smart Charging Service Provider Role.
        Scsp = "SCSP",
        /// Payment Terminal Provider: operates the payment terminal management system; the
        /// data owner of the Payments module. Not in the types.asciidoc §Role enum table, but
        /// listed as a Role by terminology.asciidoc §Typical OCPI implementations per Role and
        /// named by mod_payments.asciidoc.
        Ptp = "PTP",
    }
}
