//! Versions module: the version information and version details endpoints.
//!
//! Nothing is re-exported from 2.2.1: Endpoint has no `role`, and ModuleId and VersionNumber
//! have other value lists.
//!
//! Spec: 2.1.1 version_information_endpoint.md

use crate::types::{ocpi_enum, ocpi_object, Url};
use crate::v2_2_1::versions::{version_details_shape, version_shape};

version_shape! {
    spec: "Spec: 2.1.1 version_information_endpoint.md §Version class",
    version_number: VersionNumber,
}

version_details_shape! {
    /// The endpoints a party offers for one version (the data of the version details
    /// endpoint).
    spec: "Spec: 2.1.1 version_information_endpoint.md §Version details endpoint",
    version_number: VersionNumber,
    endpoint: Endpoint,
}

ocpi_object! {
    /// One endpoint of a version: a module and its URL.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §Endpoint class
    pub struct Endpoint {
        /// Endpoint identifier.
        req identifier: ModuleId,
        /// URL to the endpoint.
        req url: Url,
    }
}

ocpi_enum! {
    /// Module identifiers. Custom modules (for example `nltnm-tokens`) are kept as unknown
    /// values.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §ModuleID enum
    ///
    /// Open: parties may extend it with custom module identifiers (2.1.1 version_information_endpoint.md §Custom Modules).
    pub open enum ModuleId {
        /// CDRs.
        Cdrs = "cdrs",
        /// Commands.
        Commands = "commands",
        /// Credentials & registration (required for all implementations).
        Credentials = "credentials",
        /// Locations.
        Locations = "locations",
        /// Sessions.
        Sessions = "sessions",
        /// Tariffs.
        Tariffs = "tariffs",
        /// Tokens.
        Tokens = "tokens",
    }
}

ocpi_enum! {
    /// Known OCPI version numbers.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §VersionNumber enum
    ///
    /// Open: a Versions list names every version a party supports, including versions newer than this one.
    pub open enum VersionNumber {
        /// OCPI version 2.0.
        V2_0 = "2.0",
        /// OCPI version 2.1 (deprecated, use 2.1.1 instead).
        V2_1 = "2.1",
        /// OCPI version 2.1.1 (this version).
        V2_1_1 = "2.1.1",
    }
}
