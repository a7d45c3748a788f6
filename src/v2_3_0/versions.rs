//! Versions module: the version information and version details endpoints.
//!
//! 2.3.0 adds the version number `2.3.0` and the module `payments`, so Version,
//! VersionDetails and Endpoint (which carry them) are defined again.
//!
//! Identical to 2.2.1 and re-exported: InterfaceRole.
//!
//! Spec: 2.3.0 version_information_endpoint.asciidoc

use crate::types::ocpi_enum;
pub use crate::v2_2_1::versions::InterfaceRole;
use crate::v2_2_1::versions::{endpoint_shape, version_details_shape, version_shape};

version_shape! {
    spec: "Spec: 2.3.0 version_information_endpoint.asciidoc §Version class",
    version_number: VersionNumber,
}

version_details_shape! {
    /// The endpoints a party offers for one version.
    spec: "Spec: 2.3.0 version_information_endpoint.asciidoc §Version details endpoint (Data)",
    version_number: VersionNumber,
    endpoint: Endpoint,
}

endpoint_shape! {
    spec: "Spec: 2.3.0 version_information_endpoint.asciidoc §Endpoint class",
    module_id: ModuleId,
    role: {
        /// Interface role this endpoint implements. For `credentials` it has no meaning:
        /// send `SENDER` for your own, ignore it for others'.
    },
}

ocpi_enum! {
    /// Module identifiers. Custom modules (for example `nltnm-tokens`) are kept as unknown
    /// values.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum
    ///
    /// An OpenEnum (2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum).
    pub open enum ModuleId {
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
    ///
    /// An OpenEnum (2.3.0 version_information_endpoint.asciidoc §VersionNumber OpenEnum).
    pub open enum VersionNumber {
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
