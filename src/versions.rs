//! Version negotiation: the versions list and version details a platform publishes, a peer's
//! documents read into one neutral form, the choice of the version both speak, and the lookup
//! of a peer's endpoints.
//!
//! The three versions' documents differ only in shape: 2.1.1 endpoints have no interface role,
//! and each version has its own lists of module ids and version numbers. This module converts
//! them at the edge: outgoing documents are built with each version's own types
//! ([`VersionsConfig::versions_document`], [`AnyVersionDetails::new`]), and incoming ones are
//! read into [`VersionEntry`] and [`Endpoint`], on which [`negotiate`], [`check_endpoints`] and
//! [`find_endpoint`] work. Versions and modules this crate does not know are kept as their
//! wire strings, never refused.
//!
//! Errors answer with the statuses of the spec: no common version is 3002, missing endpoints
//! 3003, and anything else that keeps a party from using the peer's versions endpoints 3001
//! (see [`VersionsError::status`]).
//!
//! Spec: 2.1.1 version_information_endpoint.md; 2.2.1 and 2.3.0
//! version_information_endpoint.asciidoc; 2.2.1 credentials.asciidoc §Errors during
//! registration, §Required endpoints not available.

use std::fmt;
use std::str::FromStr;

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Method};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::json;
use crate::transport::{
    authorization_header, parse_list_response, parse_response, AuthorizationMode, HttpError,
    MessageIds, Response, ResponseError, StatusCode, Transport, UrlError, UrlPolicy,
};
use crate::types::{Conformance, CredentialsToken, EnumError, Url};
use crate::v2_2_1::versions::InterfaceRole;
use crate::{v2_1_1, v2_2_1, v2_3_0};

/// The module id of the Credentials module.
///
/// Spec: 2.2.1 credentials.asciidoc ("Module Identifier: `credentials`")
pub const CREDENTIALS_MODULE: &str = "credentials";

/// The name of the Versions module (the versions list and version details endpoints), which
/// has no module id of its own; used where a module is named, as in
/// [`Platform::authenticate`](crate::credentials::Platform::authenticate).
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc (“Versions module”); 2.2.1
/// transport_and_format.asciidoc §Authorization header (“another module than: `credentials`
/// or `versions`”)
pub const VERSIONS_MODULE: &str = "versions";

/// An OCPI version this crate implements. Ordered by version: the highest is the newest.
///
/// Spec: 2.3.0 version_information_endpoint.asciidoc §VersionNumber OpenEnum
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OcpiVersion {
    /// OCPI 2.1.1.
    V2_1_1,
    /// OCPI 2.2.1.
    V2_2_1,
    /// OCPI 2.3.0.
    V2_3_0,
}

impl OcpiVersion {
    /// Every version, oldest first.
    pub const ALL: [OcpiVersion; 3] = [
        OcpiVersion::V2_1_1,
        OcpiVersion::V2_2_1,
        OcpiVersion::V2_3_0,
    ];

    /// The wire value (`"2.2.1"`).
    pub fn as_str(self) -> &'static str {
        match self {
            OcpiVersion::V2_1_1 => "2.1.1",
            OcpiVersion::V2_2_1 => "2.2.1",
            OcpiVersion::V2_3_0 => "2.3.0",
        }
    }
}

impl fmt::Display for OcpiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A version number this crate does not implement (`"2.2"`, `"3.0"`, …).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("OCPI version {0:?} is not implemented by this crate")]
pub struct UnknownVersion(pub String);

impl FromStr for OcpiVersion {
    type Err = UnknownVersion;

    /// Reads a wire value; only the exact strings `2.1.1`, `2.2.1` and `2.3.0` are known.
    fn from_str(s: &str) -> Result<Self, UnknownVersion> {
        OcpiVersion::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownVersion(s.to_owned()))
    }
}

/// One endpoint of a version, in any version: the module id as on the wire, the interface role
/// (`None` in 2.1.1, which has none) and the URL.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Endpoint class; 2.1.1
/// version_information_endpoint.md §Endpoint class
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The module id (`locations`, or a custom one such as `nltnm-tokens`).
    pub module: String,
    /// The interface role this endpoint implements (2.2 and later).
    pub role: Option<InterfaceRole>,
    /// The URL of the endpoint.
    pub url: Url,
}

impl Endpoint {
    /// An endpoint.
    pub fn new(module: impl Into<String>, role: Option<InterfaceRole>, url: Url) -> Self {
        Endpoint {
            module: module.into(),
            role,
            url,
        }
    }

    /// Whether this endpoint is for `module` in exactly `role`.
    pub(crate) fn serves_exactly(&self, module: &str, role: Option<&InterfaceRole>) -> bool {
        self.module == module && self.role.as_ref() == role
    }

    /// Whether this endpoint serves `module` in `role`. No role asked, or no role given (a
    /// 2.1.1 endpoint), matches any role; the role of `credentials` has no meaning and is
    /// ignored (2.2.1 version_information_endpoint.asciidoc §Endpoint class, the note).
    fn serves(&self, module: &str, role: Option<&InterfaceRole>) -> bool {
        self.module == module
            && (module == CREDENTIALS_MODULE
                || match (role, &self.role) {
                    (Some(wanted), Some(given)) => wanted == given,
                    _ => true,
                })
    }
}

/// An endpoint a party needs the other to offer (a module, and a role or any role).
///
/// Spec: 2.2.1 credentials.asciidoc §Required endpoints not available
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// The module id.
    pub module: String,
    /// The interface role needed; `None` for any.
    pub role: Option<InterfaceRole>,
}

impl Required {
    /// A required endpoint.
    pub fn new(module: impl Into<String>, role: Option<InterfaceRole>) -> Self {
        Required {
            module: module.into(),
            role,
        }
    }
}

impl fmt::Display for Required {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.role {
            Some(role) => write!(f, "{} ({role})", self.module),
            None => f.write_str(&self.module),
        }
    }
}

/// The first endpoint that serves `module` in `role` (see [`Endpoint`] for how roles match).
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
pub fn find_endpoint<'a>(
    endpoints: &'a [Endpoint],
    module: &str,
    role: Option<&InterfaceRole>,
) -> Option<&'a Endpoint> {
    endpoints.iter().find(|e| e.serves(module, role))
}

/// Checks that every required endpoint is offered; the missing ones are a
/// [`VersionsError::MissingEndpoints`] (OCPI 3003).
///
/// Spec: 2.2.1 credentials.asciidoc §Required endpoints not available
pub fn check_endpoints(endpoints: &[Endpoint], required: &[Required]) -> Result<(), VersionsError> {
    let missing: Vec<Required> = required
        .iter()
        .filter(|r| find_endpoint(endpoints, &r.module, r.role.as_ref()).is_none())
        .cloned()
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(VersionsError::MissingEndpoints(missing))
    }
}

/// One entry of a peer's versions list: the version number as on the wire (known or not) and
/// the URL of its details.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version class
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    /// The version number, as sent.
    pub version: String,
    /// The URL of the version details.
    pub url: Url,
}

impl VersionEntry {
    /// The version, when this crate implements it.
    pub fn known(&self) -> Option<OcpiVersion> {
        self.version.parse().ok()
    }
}

/// Chooses the highest version both parties support, and the URL of the peer's details for
/// it. None in common is a [`VersionsError::NoCommonVersion`] (OCPI 3002).
///
/// Spec: 2.2.1 credentials.asciidoc §Registration (the Sender "retrieves the version
/// information and details"); 2.2.1 status_codes.asciidoc (3002 Unsupported version)
pub fn negotiate<'a>(
    ours: &[OcpiVersion],
    theirs: &'a [VersionEntry],
) -> Result<(OcpiVersion, &'a Url), VersionsError> {
    theirs
        .iter()
        .filter_map(|entry| Some((entry.known()?, &entry.url)))
        .filter(|(version, _)| ours.contains(version))
        .max_by_key(|(version, _)| *version)
        .ok_or_else(|| VersionsError::NoCommonVersion {
            theirs: theirs.iter().map(|e| e.version.clone()).collect(),
        })
}

/// One version a platform publishes: the URL of its details and its endpoints.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedVersion {
    /// The version.
    pub version: OcpiVersion,
    /// The URL of the version details endpoint.
    pub url: Url,
    /// The endpoints offered in this version. In 2.2.1 and 2.3.0 every endpoint has a role;
    /// one given without is published as `SENDER`, which 2.3.0 advises for `credentials`.
    pub endpoints: Vec<Endpoint>,
}

/// What a platform publishes on its Versions module: the URL of its versions list, and each
/// version it supports.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc
#[derive(Debug, Clone, PartialEq)]
pub struct VersionsConfig {
    /// The URL of the versions list (given to peers offline, and in credentials objects).
    pub url: Url,
    /// The versions published, each with its details.
    pub versions: Vec<PublishedVersion>,
}

impl VersionsConfig {
    /// The versions published.
    pub fn supported(&self) -> Vec<OcpiVersion> {
        self.versions.iter().map(|p| p.version).collect()
    }

    /// The details of one published version.
    pub fn published(&self, version: OcpiVersion) -> Option<&PublishedVersion> {
        self.versions.iter().find(|p| p.version == version)
    }

    /// The data of the versions list endpoint. The Version class is the same in every version;
    /// it is built with the 2.3.0 type, whose version numbers include all three.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §Version information endpoint
    pub fn versions_document(&self) -> Vec<v2_3_0::versions::Version> {
        use v2_3_0::versions::VersionNumber;
        self.versions
            .iter()
            .map(|p| {
                let number = match p.version {
                    OcpiVersion::V2_1_1 => VersionNumber::V2_1_1,
                    OcpiVersion::V2_2_1 => VersionNumber::V2_2_1,
                    OcpiVersion::V2_3_0 => VersionNumber::V2_3_0,
                };
                v2_3_0::versions::Version::new(number, p.url.clone())
            })
            .collect()
    }
}

/// Declares an enum holding an object of any version in that version's own type (`$ty` of the
/// version's module `$module`), with one variant per version, written (as JSON or through
/// serde) as the object it holds.
macro_rules! any_version {
    ($(#[doc = $doc:literal])* pub enum $name:ident($module:ident::$ty:ident);) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            /// OCPI 2.1.1.
            V2_1_1($crate::v2_1_1::$module::$ty),
            /// OCPI 2.2.1.
            V2_2_1($crate::v2_2_1::$module::$ty),
            /// OCPI 2.3.0.
            V2_3_0($crate::v2_3_0::$module::$ty),
        }

        impl $crate::json::WriteJson for $name {
            fn write_json(&self, out: &mut Vec<u8>) {
                match self {
                    Self::V2_1_1(o) => $crate::json::WriteJson::write_json(o, out),
                    Self::V2_2_1(o) => $crate::json::WriteJson::write_json(o, out),
                    Self::V2_3_0(o) => $crate::json::WriteJson::write_json(o, out),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::V2_1_1(o) => ::serde::Serialize::serialize(o, s),
                    Self::V2_2_1(o) => ::serde::Serialize::serialize(o, s),
                    Self::V2_3_0(o) => ::serde::Serialize::serialize(o, s),
                }
            }
        }
    };
}
pub(crate) use any_version;

any_version! {
    /// A version details document of any version, in that version's own types.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §Version details endpoint; 2.2.1 and 2.3.0
    /// version_information_endpoint.asciidoc §Version details endpoint
    pub enum AnyVersionDetails(versions::VersionDetails);
}

impl AnyVersionDetails {
    /// The document of `version` listing `endpoints`. 2.1.1 drops the roles; 2.2.1 and 2.3.0
    /// publish an endpoint without a role as `SENDER`. A module id that is not a valid enum
    /// value (empty, or a known id in the wrong case such as `Locations`) is an error.
    pub fn new(version: OcpiVersion, endpoints: &[Endpoint]) -> Result<Self, EnumError> {
        let role = |e: &Endpoint| e.role.clone().unwrap_or(InterfaceRole::Sender);
        // The document of a version whose endpoints have a role (2.2.1 and later).
        macro_rules! with_roles {
            ($module:ident, $version:ident) => {{
                use $module::versions::{Endpoint as E, ModuleId, VersionDetails, VersionNumber};
                let list = endpoints
                    .iter()
                    .map(|e| {
                        Ok(E::new(
                            ModuleId::from_wire(&e.module)?,
                            role(e),
                            e.url.clone(),
                        ))
                    })
                    .collect::<Result<_, EnumError>>()?;
                Self::$version(VersionDetails::new(VersionNumber::$version, list))
            }};
        }
        Ok(match version {
            OcpiVersion::V2_1_1 => {
                use v2_1_1::versions::{Endpoint as E, ModuleId, VersionDetails, VersionNumber};
                let list = endpoints
                    .iter()
                    .map(|e| Ok(E::new(ModuleId::from_wire(&e.module)?, e.url.clone())))
                    .collect::<Result<_, EnumError>>()?;
                Self::V2_1_1(VersionDetails::new(VersionNumber::V2_1_1, list))
            }
            OcpiVersion::V2_2_1 => with_roles!(v2_2_1, V2_2_1),
            OcpiVersion::V2_3_0 => with_roles!(v2_3_0, V2_3_0),
        })
    }

    /// The version number the document states, as on the wire.
    pub fn version(&self) -> &str {
        match self {
            Self::V2_1_1(d) => d.version.as_str(),
            Self::V2_2_1(d) => d.version.as_str(),
            Self::V2_3_0(d) => d.version.as_str(),
        }
    }

    /// The endpoints, in the neutral form.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        match self {
            Self::V2_1_1(d) => d
                .endpoints
                .iter()
                .map(|e| Endpoint::new(e.identifier.as_str(), None, e.url.clone()))
                .collect(),
            Self::V2_2_1(d) => d
                .endpoints
                .iter()
                .map(|e| Endpoint::new(e.identifier.as_str(), Some(e.role.clone()), e.url.clone()))
                .collect(),
            Self::V2_3_0(d) => d
                .endpoints
                .iter()
                .map(|e| Endpoint::new(e.identifier.as_str(), Some(e.role.clone()), e.url.clone()))
                .collect(),
        }
    }
}

/// Why a request to a peer did not get the answer it needed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The request could not be built or sent: the transport's error.
    #[error("the request could not be sent: {0}")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The peer answered with an HTTP error status, or an OCPI status that is not a success.
    #[error("the peer refused the request (HTTP {http}, OCPI status {}): {message}",
        status.map_or_else(|| "none".to_owned(), |s| s.to_string()))]
    Refused {
        /// The HTTP status.
        http: http::StatusCode,
        /// The OCPI status, when the body is an envelope.
        status: Option<StatusCode>,
        /// The envelope's `status_message`, or empty.
        message: String,
    },
    /// The answer is not an envelope, or its data is not what was asked for.
    #[error(transparent)]
    Response(#[from] ResponseError),
    /// A success envelope without the data asked for.
    #[error("the peer's success response carries no data")]
    NoData,
    /// The URL is refused by the [`UrlPolicy`]; nothing was sent.
    #[error("URL refused: {0}")]
    Url(#[from] UrlError),
}

impl CallError {
    /// The error with `token` (and its Base64) masked in the peer's message, where the peer
    /// echoed the token it was called with.
    pub(crate) fn masking(self, token: &CredentialsToken) -> Self {
        match self {
            CallError::Refused {
                http,
                status,
                message,
            } => CallError::Refused {
                http,
                status,
                message: token.mask(&message),
            },
            other => other,
        }
    }

    fn refused<T>(http: http::StatusCode, envelope: Option<Response<T>>) -> Self {
        let (status, message) = match envelope {
            Some(e) => (Some(e.status_code), e.status_message.unwrap_or_default()),
            None => (None, String::new()),
        };
        CallError::Refused {
            http,
            status,
            message,
        }
    }
}

/// Sends one request to a peer with its credentials token, and returns the body of a 2xx
/// answer (a refusal's message with the token masked).
pub(crate) async fn send<T: Transport>(
    transport: &T,
    urls: &UrlPolicy,
    method: Method,
    url: &Url,
    token: &CredentialsToken,
    mode: AuthorizationMode,
    body: Option<Vec<u8>>,
) -> Result<Vec<u8>, CallError> {
    urls.check(url.as_str())?;
    let mut request = http::Request::builder()
        .method(method)
        .uri(url.as_str())
        .header(AUTHORIZATION, authorization_header(token, mode));
    if body.is_some() {
        request = request.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    let mut request = request
        .body(body.unwrap_or_default())
        .map_err(|e| CallError::Transport(Box::new(e)))?;
    MessageIds::new_request().apply(request.headers_mut());
    let response = transport
        .send(request)
        .await
        .map_err(|e| CallError::Transport(Box::new(e)))?;
    let (parts, body) = response.into_parts();
    if !parts.status.is_success() {
        let envelope = json::parse::<Response<Box<RawValue>>>(&body).ok();
        // The peer may echo the token in its message.
        return Err(CallError::refused(parts.status, envelope.map(|p| p.value)).masking(token));
    }
    Ok(body)
}

/// The data of a success envelope; another status is [`CallError::Refused`].
pub(crate) fn read_data<D: DeserializeOwned + Conformance>(
    body: &[u8],
) -> Result<Option<D>, CallError> {
    let envelope = parse_response::<D>(body)?.value;
    if !envelope.is_success() {
        return Err(CallError::refused(http::StatusCode::OK, Some(envelope)));
    }
    Ok(envelope.data)
}

/// Reads the body of a peer's versions list response. Entries that cannot be read are skipped
/// (one bad entry does not hide the good ones); versions this crate does not know are kept.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version information endpoint
pub fn parse_versions(body: &[u8]) -> Result<Vec<VersionEntry>, CallError> {
    let (envelope, list) = parse_list_response::<v2_3_0::versions::Version>(body)?;
    if !envelope.is_success() {
        return Err(CallError::refused(http::StatusCode::OK, Some(envelope)));
    }
    Ok(list
        .items
        .into_iter()
        .map(|v| VersionEntry {
            version: v.version.as_str().to_owned(),
            url: v.url,
        })
        .collect())
}

/// Reads the body of a peer's version details response for `version`, with that version's
/// types, into the neutral form. Modules this crate does not know are kept.
///
/// The version the document states is not compared with `version`: the spec's own examples
/// state `2.0` and `2.2` in the version details of 2.1.1 and 2.2.1, and the URL read came
/// from the peer's own list entry for `version`.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
pub fn parse_version_details(
    version: OcpiVersion,
    body: &[u8],
) -> Result<Vec<Endpoint>, CallError> {
    fn data<D: DeserializeOwned + Conformance>(body: &[u8]) -> Result<D, CallError> {
        read_data(body)?.ok_or(CallError::NoData)
    }
    let details = match version {
        OcpiVersion::V2_1_1 => AnyVersionDetails::V2_1_1(data(body)?),
        OcpiVersion::V2_2_1 => AnyVersionDetails::V2_2_1(data(body)?),
        OcpiVersion::V2_3_0 => AnyVersionDetails::V2_3_0(data(body)?),
    };
    Ok(details.endpoints())
}

/// Fetches a peer's versions list with a credentials token. The URL must pass `urls`.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version information endpoint
pub async fn fetch_versions<T: Transport>(
    transport: &T,
    urls: &UrlPolicy,
    url: &Url,
    token: &CredentialsToken,
    mode: AuthorizationMode,
) -> Result<Vec<VersionEntry>, VersionsError> {
    let body = send(transport, urls, Method::GET, url, token, mode, None).await?;
    Ok(parse_versions(&body).map_err(|e| e.masking(token))?)
}

/// Fetches a peer's version details for `version` with a credentials token. The URL, and
/// every endpoint URL of the answer, must pass `urls`.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint
pub async fn fetch_version_details<T: Transport>(
    transport: &T,
    urls: &UrlPolicy,
    url: &Url,
    version: OcpiVersion,
    token: &CredentialsToken,
    mode: AuthorizationMode,
) -> Result<Vec<Endpoint>, VersionsError> {
    let body = send(transport, urls, Method::GET, url, token, mode, None).await?;
    let endpoints = parse_version_details(version, &body).map_err(|e| e.masking(token))?;
    for endpoint in &endpoints {
        urls.check(endpoint.url.as_str()).map_err(CallError::from)?;
    }
    Ok(endpoints)
}

/// Why version negotiation with a peer failed.
///
/// Spec: 2.2.1 credentials.asciidoc §Errors during registration, §Required endpoints not
/// available; 2.2.1 status_codes.asciidoc §3xxx
#[derive(Debug, thiserror::Error)]
pub enum VersionsError {
    /// Fetching the peer's versions list or details failed.
    #[error(transparent)]
    Call(#[from] CallError),
    /// No version in common.
    #[error("no OCPI version in common; the peer offers {theirs:?}")]
    NoCommonVersion {
        /// The versions the peer offers, as sent.
        theirs: Vec<String>,
    },
    /// Required endpoints are missing.
    #[error("the peer lacks required endpoints: {}", list(.0))]
    MissingEndpoints(Vec<Required>),
}

fn list(required: &[Required]) -> String {
    required
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl VersionsError {
    /// The OCPI status to answer with: 3002 (unsupported version) for no common version, 3003
    /// (no matching endpoints) for missing endpoints, 3001 (unable to use the client's API)
    /// otherwise.
    pub fn status(&self) -> StatusCode {
        match self {
            VersionsError::NoCommonVersion { .. } => StatusCode::UNSUPPORTED_VERSION,
            VersionsError::MissingEndpoints(_) => StatusCode::NO_MATCHING_ENDPOINTS,
            VersionsError::Call(_) => StatusCode::UNABLE_TO_USE_CLIENT_API,
        }
    }
}

impl From<VersionsError> for HttpError {
    /// HTTP 200 with the OCPI status of [`VersionsError::status`].
    fn from(e: VersionsError) -> Self {
        HttpError::ocpi(e.status(), e.to_string())
    }
}
