//! Versions module: the version information and version details endpoints.
//!
//! 2.3.0 adds the version number `2.3.0` and the module `payments`, so Version,
//! VersionDetails and Endpoint (which carry them) are defined again.
//!
//! Identical to 2.2.1 and re-exported: InterfaceRole.
//!
//! Spec: 2.3.0 version_information_endpoint.asciidoc

pub use crate::v2_2_1::versions::InterfaceRole;
use crate::v2_2_1::versions::{
    endpoint_shape, module_id_shape, version_details_shape, version_number_shape, version_shape,
};

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

module_id_shape! {
    /// Module identifiers. Custom modules (for example `nltnm-tokens`) are kept as unknown
    /// values.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum
    ///
    /// An OpenEnum (2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum).
    added: {
        /// Payments (new in 2.3.0). Missing from the §ModuleID OpenEnum table, but declared as
        /// the module identifier at the head of mod_payments.asciidoc, which the table says is
        /// where each module's identifier is given.
        Payments = "payments",
    },
}

version_number_shape! {
    /// Known OCPI version numbers.
    ///
    /// Spec: 2.3.0 version_information_endpoint.asciidoc §VersionNumber OpenEnum
    ///
    /// An OpenEnum (2.3.0 version_information_endpoint.asciidoc §VersionNumber OpenEnum).
    added: {
        /// OCPI version 2.3.0.
        V2_3_0 = "2.3.0",
    },
}
