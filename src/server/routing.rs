//! Routing by path: which endpoint under the base URL a request names (the versions, a
//! version's details, the credentials, a module interface), and what each does before it
//! answers.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc; 2.2.1 version_information_endpoint.asciidoc

use crate::credentials::CredentialsStore;
use crate::modules::{Interface, Module};
use crate::transport::{HttpError, Routing, Transport};
use crate::v2_2_1::versions::ModuleId;
use crate::versions::{OcpiVersion, CREDENTIALS_MODULE, VERSIONS_MODULE};

use super::{Call, Server};

/// The path of a URL (`/ocpi` of `https://example.com/ocpi/`), without its trailing slash.
pub(crate) fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_owned()
}

/// The route a path names.
enum Route<'p> {
    Versions,
    Details(OcpiVersion),
    Credentials(OcpiVersion),
    Module {
        version: OcpiVersion,
        module: Module,
        iface: Interface,
        rest: Vec<&'p str>,
    },
}

impl<S: CredentialsStore, T: Transport> Server<S, T> {
    /// The route a path names, if it names one this server serves.
    fn parse_route<'p>(&self, path: &'p str) -> Option<Route<'p>> {
        let rest = path.strip_prefix(self.base_path.as_str())?;
        let rest = rest.strip_prefix('/')?;
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        let version = |s: &str| {
            s.parse::<OcpiVersion>()
                .ok()
                .filter(|v| self.config.versions.contains(v))
        };
        Some(match segments.as_slice() {
            ["versions"] => Route::Versions,
            [v] => Route::Details(version(v)?),
            [v, "credentials"] => Route::Credentials(version(v)?),
            [v, iface, module, rest @ ..] => {
                let iface = match *iface {
                    "sender" => Interface::Sender,
                    "receiver" => Interface::Receiver,
                    _ => return None,
                };
                let module = Module::from_id(module)?;
                let version = version(v)?;
                if !module.exists_in(version) || !self.mounted.contains(&(module, iface)) {
                    return None;
                }
                Route::Module {
                    version,
                    module,
                    iface,
                    rest: rest.to_vec(),
                }
            }
            _ => return None,
        })
    }

    pub(super) async fn route(
        &self,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let path = request.uri().path();
        let route = self
            .parse_route(path)
            .ok_or_else(|| HttpError::not_found(format!("no endpoint at {path}")))?;
        let headers = request.headers();
        match route {
            Route::Versions | Route::Details(_) => {
                crate::trace::record("module", &VERSIONS_MODULE);
                let caller = self.platform.authenticate(headers, VERSIONS_MODULE).await?;
                crate::trace::record("peer", caller.peer());
                Routing::for_module(headers, None)?;
                self.config.limits.check(request.body())?;
                Ok(match route {
                    Route::Details(version) => {
                        self.platform
                            .handle_version_details(request, &caller, version)
                            .await
                    }
                    _ => self.platform.handle_versions(request, &caller),
                })
            }
            Route::Credentials(version) => {
                crate::trace::record("module", &CREDENTIALS_MODULE);
                crate::trace::record("version", &version);
                let caller = self
                    .platform
                    .authenticate(headers, CREDENTIALS_MODULE)
                    .await?;
                crate::trace::record("peer", caller.peer());
                Routing::for_module(headers, Some(&ModuleId::Credentials))?;
                self.config.limits.check(request.body())?;
                Ok(self
                    .platform
                    .handle_credentials(request, &caller, version)
                    .await)
            }
            Route::Module {
                version,
                module,
                iface,
                rest,
            } => {
                crate::trace::record("module", &module);
                crate::trace::record("version", &version);
                let caller = self.platform.authenticate(headers, module.id()).await?;
                crate::trace::record("peer", caller.peer());
                let ctx = self.context(headers, &caller, version, module).await?;
                let url = self.request_url(request);
                let call = Call {
                    method: request.method(),
                    rest,
                    query: request.uri().query(),
                    body: request.body(),
                    ctx: &ctx,
                    bridge: &self.config.bridge,
                    limits: &self.config.limits,
                    max_limit: self.config.max_limit,
                    url,
                };
                let mut response = match self.mounts.dispatch(module, iface, &call).await {
                    Ok(reply) => reply.into_response(),
                    Err(e) => e.to_response(),
                };
                self.answer_routing(&ctx).apply(response.headers_mut());
                Ok(response)
            }
        }
    }

    /// The absolute URL of a request (for the `Link` of the next page): its path and query
    /// under the base URL's scheme and host.
    fn request_url(&self, request: &http::Request<Vec<u8>>) -> url::Url {
        let base = self.config.base_url.as_str();
        let origin_end = base.split_once("://").map_or(0, |(s, rest)| {
            s.len() + 3 + rest.find('/').unwrap_or(rest.len())
        });
        let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str());
        url::Url::parse(&format!("{}{path_and_query}", &base[..origin_end]))
            .or_else(|_| url::Url::parse(base))
            .unwrap_or_else(|_| url::Url::parse("http://localhost/").expect("a valid URL"))
    }
}

/// Decodes `%XX` escapes of a path segment (ids may contain reserved characters).
pub(crate) fn percent_decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_path_is_the_path_without_its_trailing_slash() {
        assert_eq!(url_path("https://example.com/ocpi/"), "/ocpi");
        assert_eq!(url_path("https://example.com/ocpi/cpo"), "/ocpi/cpo");
        assert_eq!(url_path("https://example.com"), "");
        assert_eq!(url_path("https://example.com/"), "");
        assert_eq!(url_path("example.com/ocpi"), "/ocpi");
    }

    #[test]
    fn percent_decode_decodes_each_escape() {
        for (segment, decoded) in [
            ("plain", "plain"),
            ("", ""),
            ("a%2Fb", "a/b"),
            ("%41", "A"),
            ("%7e", "~"),
            ("%7E", "~"),
            ("%3a%3A", "::"),
            ("%00x", "\0x"),
            ("x%20", "x "),
            ("%%41", "%A"),
            ("%2541", "%41"),
            // Multi-byte UTF-8, escaped and as is.
            ("caf%C3%A9", "café"),
            ("café%21", "café!"),
            ("%E2%82%AC", "€"),
        ] {
            assert_eq!(percent_decode(segment), decoded, "{segment}");
        }
    }

    #[test]
    fn percent_decode_keeps_what_is_not_an_escape() {
        for segment in [
            "%", "a%", "%4", "a%4", "%zz", "%4z", "%z4", "%g0", "%0g", "100%",
        ] {
            assert_eq!(percent_decode(segment), segment);
        }
    }

    #[test]
    fn percent_decode_replaces_invalid_utf8() {
        assert_eq!(percent_decode("%ff"), "\u{FFFD}");
        assert_eq!(percent_decode("a%C3"), "a\u{FFFD}");
        assert_eq!(percent_decode("%C3%28"), "\u{FFFD}(");
    }
}
