//! Tokens module: Token, AuthorizationInfo and their classes and enums.
//!
//! Identical to 2.2.1 and re-exported: AllowedType (the 2.1.1 `Allowed` enum, same values),
//! WhitelistType.
//!
//! Defined anew because 2.1.1 differs: Token (no party fields, `auth_id` instead of
//! `contract_id`), AuthorizationInfo (no token or reference), LocationReferences (with
//! `connector_ids`), TokenType (only `OTHER` and `RFID`).
//!
//! Spec: 2.1.1 mod_tokens.md

pub use crate::v2_2_1::tokens::{AllowedType, WhitelistType};

use crate::types::{ocpi_enum, ocpi_object, DateTime, DisplayText, OcpiString};

ocpi_object! {
    /// The answer of an eMSP to a real-time authorization request: whether the token may
    /// charge, and optionally where.
    ///
    /// Spec: 2.1.1 mod_tokens.md §AuthorizationInfo Object
    pub struct AuthorizationInfo {
        /// Status of the token, and whether it may charge at the location given in the
        /// request (if any).
        req allowed: AllowedType,
        /// The location of the request, if one was given and the driver may charge there; only
        /// the EVSEs/Connectors the driver may use are listed.
        opt location: LocationReferences,
        /// Additional information for the EV driver.
        opt info: DisplayText,
    }
}

ocpi_object! {
    /// A token (RFID card, …) of an eMSP, as pushed to and cached by CPOs.
    ///
    /// Spec: 2.1.1 mod_tokens.md §Token Object
    pub struct Token {
        /// Identification used by the CPO system to identify this token; mostly the RFID
        /// hidden ID as read by the reader. Unique together with `type`.
        req uid: OcpiString<36>,
        /// Type of the token.
        req r#type = "type": TokenType,
        /// Uniquely identifies the EV driver contract token within the eMSP's platform (and
        /// suboperator platforms); eMI3 eMA ID format recommended.
        req auth_id: OcpiString<36>,
        /// Visual readable number/identification printed on the token (RFID card); may equal
        /// `auth_id`.
        opt visual_number: OcpiString<64>,
        /// Issuing company, usually the name printed on the token, not necessarily the eMSP.
        req issuer: OcpiString<64>,
        /// Whether this token is valid.
        req valid: bool,
        /// What kind of white-listing is allowed.
        ///
        /// Erratum: omitted by the official Tokens GET response examples
        /// (`transport_and_format.md` §Response format, both), which send an unknown
        /// `allow_whitelist` field instead.
        lax whitelist: WhitelistType,
        /// Preferred interface language of the token owner, ISO 639-1; if absent or not
        /// supported the CPO chooses.
        opt language: OcpiString<2>,
        /// When this token was last updated (or created).
        ///
        /// Erratum: omitted by the official Tokens GET response examples
        /// (`transport_and_format.md` §Response format, both).
        lax last_updated: DateTime,
    }
    patch TokenPatch;
}

ocpi_object! {
    /// A location and optionally some of its EVSEs and connectors, as referenced in an
    /// authorization.
    ///
    /// Spec: 2.1.1 mod_tokens.md §LocationReferences class
    pub struct LocationReferences {
        /// Unique identifier of the location.
        req location_id: OcpiString<39>,
        /// Unique identifiers of EVSEs within the given location.
        opt evse_uids: Vec<OcpiString<39>>,
        /// Identifiers of the connectors within the given EVSEs.
        opt connector_ids: Vec<OcpiString<36>>,
    }
}

ocpi_enum! {
    /// The kind of a token.
    ///
    /// Spec: 2.1.1 mod_tokens.md §TokenType enum
    pub enum TokenType {
        /// Other type of token.
        Other = "OTHER",
        /// RFID token.
        Rfid = "RFID",
    }
}
