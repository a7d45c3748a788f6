//! The configuration of a server: who the platform is and how it serves, and why a server
//! could not be built.

use crate::modules::{Bridge, Interface, Module};
use crate::transport::{BodyLimits, PartyRef, UrlPolicy};
use crate::types::{CiString, Url};
use crate::v2_3_0::credentials::CredentialsRole;
use crate::versions::{OcpiVersion, Required};

/// The default and largest page a list GET returns.
pub const DEFAULT_MAX_LIMIT: u64 = 100;

/// Who the platform is and how it serves.
///
/// Spec: 2.3.0 credentials.asciidoc §Credentials object (`roles`, `hub_party_id`); 2.2.1
/// transport_and_format.asciidoc §Pagination
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The base URL everything is served under (`https://example.com/ocpi`): the versions list
    /// is at `{base}/versions`.
    pub base_url: Url,
    /// The platform's roles, as in its 2.3.0 credentials (one entry per party and role).
    pub roles: Vec<CredentialsRole>,
    /// The party id of the platform when it is a Roaming Hub (2.3.0 `hub_party_id`). A Hub's
    /// `roles` are then the parties reachable through it, as 2.3.0 credentials list them,
    /// and the interfaces it must mount are those of the table's Hub column.
    pub hub_party_id: Option<CiString<5>>,
    /// The business details of a Hub's `HUB` role in its 2.2.1 credentials (required to serve
    /// 2.2.1 with a `hub_party_id`: 2.3.0 names a Hub by id only).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (`business_details`, required)
    pub hub_business_details: Option<crate::v2_2_1::locations::BusinessDetails>,
    /// The versions served (default: all three).
    pub versions: Vec<OcpiVersion>,
    /// The largest page a list GET returns (default [`DEFAULT_MAX_LIMIT`]).
    pub max_limit: u64,
    /// The endpoints every peer must offer, besides `credentials`.
    pub required: Vec<Required>,
    /// Limits on request bodies.
    pub limits: BodyLimits,
    /// Which URLs a peer gives may be called with tokens during the handshake
    /// ([`PlatformConfig::urls`](crate::credentials::PlatformConfig::urls)).
    pub urls: UrlPolicy,
    /// What the edge needs to convert objects for older peers.
    pub bridge: Bridge,
}

impl ServerConfig {
    /// A configuration serving every version, with the default page size and limits.
    pub fn new(base_url: Url, roles: Vec<CredentialsRole>) -> Self {
        ServerConfig {
            base_url,
            roles,
            hub_party_id: None,
            hub_business_details: None,
            versions: OcpiVersion::ALL.to_vec(),
            max_limit: DEFAULT_MAX_LIMIT,
            required: Vec::new(),
            limits: BodyLimits::default(),
            urls: UrlPolicy::default(),
            bridge: Bridge::default(),
        }
    }

    pub(super) fn base_path(&self) -> String {
        self.base_url.as_str().trim_end_matches('/').to_owned()
    }

    /// The URL of an endpoint under the base URL.
    pub(super) fn url(&self, path: &str) -> Result<Url, BuildError> {
        let text = format!("{}/{path}", self.base_path());
        Url::new(&text).map_err(|e| BuildError::Url(e.to_string()))
    }

    pub(super) fn parties(&self) -> Vec<PartyRef> {
        let mut out: Vec<PartyRef> = self
            .roles
            .iter()
            .map(|r| PartyRef::new(r.country_code, r.party_id))
            .collect();
        out.dedup();
        out
    }
}

/// Why a server could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A role calls for an interface that no handler was given for.
    #[error(
        "the {role} role calls for the {iface} interface of {module}, and no handler was given"
    )]
    Missing {
        /// The role.
        role: String,
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// A handler was given for an interface none of the roles typically implements.
    #[error("no role of this platform implements the {iface} interface of {module} (see ServerBuilder::beyond_typical)")]
    Unexpected {
        /// The module.
        module: Module,
        /// The interface.
        iface: Interface,
    },
    /// The platform has no roles.
    #[error("a platform needs at least one role")]
    NoRoles,
    /// An endpoint URL could not be made from the base URL.
    #[error("bad base URL: {0}")]
    Url(String),
    /// The credentials object of a version could not be made from the roles.
    #[error("the credentials of {version} cannot be made: {reason}")]
    Credentials {
        /// The version.
        version: OcpiVersion,
        /// Why.
        reason: String,
    },
}
