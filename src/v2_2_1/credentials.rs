//! Credentials module: the token, versions URL and roles exchanged when two platforms
//! register with each other.
//!
//! Spec: 2.2.1 credentials.asciidoc

use crate::types::{ocpi_object, CredentialsToken, Role, Url};

ocpi_object! {
    /// What a platform hands to another to connect: the token to call it with, its versions
    /// endpoint, and the roles it plays.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Credentials object
    pub struct Credentials {
        /// The token the other party authenticates with in your system: case sensitive, ASCII
        /// only, not Base64 or otherwise encoded. A secret: never shown by `Debug` or `Display`.
        req token: CredentialsToken,
        /// The URL of your API versions endpoint.
        req url: Url,
        /// The roles this party provides (one or more); each combination of `role`,
        /// `party_id` and `country_code` is unique.
        plus roles: Vec<CredentialsRole>,
    }
}

shape! {
    /// Declares `CredentialsRole` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line and the
    /// version's Role.
    macro credentials_role_shape(
        spec: $spec:literal,
        role: $role:ty $(,)?
    ) => ocpi_object! {
        /// One role a platform plays, under one party identity.
        ///
        #[doc = $spec]
        pub struct CredentialsRole {
            /// Type of role.
            req role: $role,
            /// Details of this party.
            req business_details: $crate::v2_2_1::locations::BusinessDetails,
            /// CPO, eMSP (or other role) ID of this party (ISO 15118).
            req party_id: $crate::types::PartyId,
            /// ISO 3166 alpha-2 code of the country this party operates in.
            req country_code: $crate::types::CountryCode,
        }
    }
}

credentials_role_shape! {
    spec: "Spec: 2.2.1 credentials.asciidoc §CredentialsRole class",
    role: Role,
}
