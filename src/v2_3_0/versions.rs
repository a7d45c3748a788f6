//! Versions module: the version information and version details endpoints.
//!
//! 2.3.0 adds the version number `2.3.0` and the module `payments`, so Version,
//! VersionDetails and Endpoint (which carry them) are defined again.
//!
//! Identical to 2.2.1 and re-exported: InterfaceRole.
//!
//! Spec: 2.3.0 version_information_endpoint.asciidoc

use crate::types::{ocpi_enum, ocpi_object, Url};
pub use crate::v2_2_1::versions::InterfaceRole;

ocpi_object! {
    /// One OCPI version a party supports, and where its details are.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §Version class
    pub struct Version {
        /// The version number.
        req version: VersionNumber,
        /// URL to the endpoint containing version specific information.
        req url: Url,
    }
}

ocpi_object! {
    /// The endpoints a party offers for one version.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §Version details endpoint (Data)
    pub struct VersionDetails {
        /// The version number.
        req version: VersionNumber,
        /// A list of supported endpoints for this version (one or more).
        plus endpoints: Vec<Endpoint>,
    }
}

ocpi_object! {
    /// One endpoint of a version: a module, the interface role it implements, and its URL.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §Endpoint class
    pub struct Endpoint {
        /// Endpoint identifier.
        req identifier: ModuleId,
        /// Interface role this endpoint implements. For `credentials` it has no meaning:
        /// send `SENDER` for your own, ignore it for others'.
        req role: InterfaceRole,
        /// URL to the endpoint.
        req url: Url,
    }
}

ocpi_enum! {
    /// Module identifiers. Custom modules (for example `nltnm-tokens`) are kept as unknown
    /// values.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum
    pub enum ModuleId {
        /// CDRs.
        Cdrs = "cdrs",
        /// Charging Profiles.
        ChargingProfiles = "chargingprofiles",
        /// Commands.
        Commands = "commands",
        /// Credentials & Registration (required for all implementations; the `role` field has
        /// no function for this module).
        Credentials = "credentials",
        /// Hub Client Info.
        HubClientInfo = "hubclientinfo",
        /// Locations.
        Locations = "locations",
        /// Sessions.
        Sessions = "sessions",
        /// Tariffs.
        Tariffs = "tariffs",
        /// Tokens.
        Tokens = "tokens",
        /// Payments (new in 2.3.0). Missing from the §ModuleID OpenEnum table, but declared as
        /// the module identifier at the head of mod_payments.asciidoc, which the table says is
        /// where each module's identifier is given.
        Payments = "payments",
    }
}

ocpi_enum! {
    /// Known OCPI version numbers.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §VersionNumber OpenEnum
    pub enum VersionNumber {
        /// OCPI version 2.0.
        V2_0 = "2.0",
        /// OCPI version 2.1 (deprecated, use 2.1.1 instead).
        V2_1 = "2.1",
        /// OCPI version 2.1.1.
        V2_1_1 = "2.1.1",
        /// OCPI version 2.2 (deprecated, use 2.2.1 instead).
        V2_2 = "2.2",
        /// OCPI version 2.2.1.
        V2_2_1 = "2.2.1",
        /// OCPI version 2.3.0.
        V2_3_0 = "2.3.0",
    }
}
