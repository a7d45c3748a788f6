//! Versions module: the version information and version details endpoints.
//!
//! Spec: 2.2.1 version_information_endpoint.asciidoc

use crate::types::ocpi_enum;

shape! {
    /// Declares `Version` in the shape shared by 2.1.1, 2.2.1 and 2.3.0: its `Spec:` line and the
    /// version's VersionNumber.
    macro version_shape(
        spec: $spec:literal,
        version_number: $version_number:ty $(,)?
    ) => ocpi_object! {
        /// One OCPI version a party supports, and where its details are.
        ///
        #[doc = $spec]
        pub struct Version {
            /// The version number.
            req version: $version_number,
            /// URL to the endpoint containing version specific information.
            req url: $crate::types::Url,
        }
    }
}

version_shape! {
    spec: "Spec: 2.2.1 version_information_endpoint.asciidoc §Version class",
    version_number: VersionNumber,
}

shape! {
    /// Declares `VersionDetails` in the shape shared by 2.1.1, 2.2.1 and 2.3.0: the object's
    /// summary docs, its `Spec:` line, and the version's VersionNumber and Endpoint.
    macro version_details_shape(
        $(#[doc = $doc:literal])*
        spec: $spec:literal,
        version_number: $version_number:ty,
        endpoint: $endpoint:ty $(,)?
    ) => ocpi_object! {
        $(#[doc = $doc])*
        ///
        #[doc = $spec]
        pub struct VersionDetails {
            /// The version number.
            req version: $version_number,
            /// A list of supported endpoints for this version (one or more).
            plus endpoints: Vec<$endpoint>,
        }
    }
}

version_details_shape! {
    /// The endpoints a party offers for one version.
    spec: "Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint (Data)",
    version_number: VersionNumber,
    endpoint: Endpoint,
}

shape! {
    /// Declares `Endpoint` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line, the version's
    /// ModuleId and the docs of `role` (reworded by 2.3.0).
    macro endpoint_shape(
        spec: $spec:literal,
        module_id: $module_id:ty,
        role: { $(#[doc = $role_doc:literal])* } $(,)?
    ) => ocpi_object! {
        /// One endpoint of a version: a module, the interface role it implements, and its URL.
        ///
        #[doc = $spec]
        pub struct Endpoint {
            /// Endpoint identifier.
            req identifier: $module_id,
            $(#[doc = $role_doc])*
            req role: $crate::v2_2_1::versions::InterfaceRole,
            /// URL to the endpoint.
            req url: $crate::types::Url,
        }
    }
}

endpoint_shape! {
    spec: "Spec: 2.2.1 version_information_endpoint.asciidoc §Endpoint class",
    module_id: ModuleId,
    role: {
        /// Interface role this endpoint implements.
    },
}

ocpi_enum! {
    /// The interface role of an endpoint.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §InterfaceRole enum
    pub enum InterfaceRole {
        /// Sender Interface implementation: implemented by the owner of data, so the Receiver
        /// can pull information from the data Sender/owner.
        Sender = "SENDER",
        /// Receiver Interface implementation: implemented by the receiver of data, so the
        /// Sender/owner can push information to the Receiver.
        Receiver = "RECEIVER",
    }
}

shape! {
    /// Declares `ModuleId` with the values 2.2.1 and 2.3.0 share, in the order of their tables,
    /// followed by the values a later version adds: the enum's docs and `Spec:` lines are the
    /// version's own.
    macro module_id_shape($(#[doc = $doc:literal])* added: { $($added:tt)* } $(,)?) => ocpi_enum! {
        $(#[doc = $doc])*
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
            $($added)*
        }
    }
}

module_id_shape! {
    /// Module identifiers. Custom modules (for example `nltnm-tokens`) are kept as unknown
    /// values.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §ModuleID enum
    ///
    /// Open: parties may extend it with custom module identifiers (2.2.1 version_information_endpoint.asciidoc §Custom Modules).
    added: {},
}

shape! {
    /// Declares `VersionNumber` with the values 2.2.1 and 2.3.0 share, followed by the values a
    /// later version adds: the enum's docs and `Spec:` lines are the version's own.
    macro version_number_shape(
        $(#[doc = $doc:literal])* added: { $($added:tt)* } $(,)?
    ) => ocpi_enum! {
        $(#[doc = $doc])*
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
            $($added)*
        }
    }
}

version_number_shape! {
    /// Known OCPI version numbers.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §VersionNumber enum
    ///
    /// Open: a Versions list names every version a party supports, including versions newer than this one.
    added: {},
}
