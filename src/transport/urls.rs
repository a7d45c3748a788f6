//! Which URLs this platform calls with its tokens: the URL policy, and the origin rules for
//! links a peer gives.
//!
//! See [`UrlPolicy`] and [`resolve_link`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// Which URLs may be called with this platform's tokens.
///
/// Every URL this platform calls comes from a peer: its versions URL (in its credentials),
/// its version details URL (in its versions list), its endpoint URLs (in its version
/// details), the `response_url` of its commands and charging profiles, and the next links of
/// its pages. Each is called with a credentials token. A hostile peer would name a host
/// where the token is read (another company's server, a plain-HTTP host on the path), or a
/// host inside this platform's own network (an admin interface on `127.0.0.1`, a cloud
/// metadata service on `169.254.169.254`). [`UrlPolicy`] refuses both by default:
///
/// - `https` only, except for hosts the application allows ([`UrlPolicy::allow_http`]);
/// - no literal loopback, private, shared (CGNAT), link-local, multicast, unspecified or
///   reserved address (nor an IPv6 address carrying such an IPv4 address: mapped,
///   compatible, NAT64, 6to4), and no `localhost` name, except for hosts the application
///   allows
///   ([`UrlPolicy::allow_private`]; [`UrlPolicy::allow_local`] allows this machine, for tests
///   and examples).
///
/// The policy sees the URL only: a name that resolves to a private address is the transport's
/// to refuse (resolve, check the address, connect to that address), as are redirects (never
/// followed to another origin with the token).
///
/// Next links ([`resolve_link`]) are resolved against the URL of the page they came with and
/// must keep its origin (scheme, host and port): a link to another host, or from `https` down
/// to `http`, is refused before any request is made.
///
/// ```
/// use ocpi_protocol::transport::{UrlError, UrlPolicy};
///
/// let policy = UrlPolicy::new();
/// assert!(policy.check("https://cpo.example.com/ocpi/versions").is_ok());
/// assert!(matches!(policy.check("http://cpo.example.com/"), Err(UrlError::Insecure(_))));
/// assert!(matches!(policy.check("https://169.254.169.254/"), Err(UrlError::Private(_))));
/// // A test or an example on this machine allows it explicitly.
/// assert!(policy.allow_local().check("http://127.0.0.1:8080/ocpi/versions").is_ok());
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (the `Link` header), §Authorization
/// header; 2.2.1 credentials.asciidoc §Credentials object (`url`), §Security advices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPolicy {
    enforced: bool,
    http_hosts: Vec<String>,
    private_hosts: Vec<String>,
}

impl Default for UrlPolicy {
    fn default() -> Self {
        UrlPolicy::new()
    }
}

impl UrlPolicy {
    /// The default policy: `https` only, no private or local address.
    pub fn new() -> Self {
        UrlPolicy {
            enforced: true,
            http_hosts: Vec::new(),
            private_hosts: Vec::new(),
        }
    }

    /// No check at all (any scheme the transport takes, any host). Only for a platform whose
    /// transport enforces its own policy.
    pub fn unchecked() -> Self {
        UrlPolicy {
            enforced: false,
            ..UrlPolicy::new()
        }
    }

    /// Allows plain `http` to `host` (a name or an address, as written in URLs: `[::1]` for
    /// IPv6).
    pub fn allow_http(mut self, host: impl Into<String>) -> Self {
        self.http_hosts.push(host.into().to_ascii_lowercase());
        self
    }

    /// Allows `host`, a private or local address or name (a partner on a private network).
    pub fn allow_private(mut self, host: impl Into<String>) -> Self {
        self.private_hosts.push(host.into().to_ascii_lowercase());
        self
    }

    /// Allows this machine over `http` and `https`: `localhost`, `127.0.0.1` and `[::1]`. For
    /// tests and examples.
    pub fn allow_local(mut self) -> Self {
        for host in ["localhost", "127.0.0.1", "[::1]"] {
            self = self.allow_http(host).allow_private(host);
        }
        self
    }

    /// Checks a URL a peer gave before it is called with a token.
    pub fn check(&self, url: &str) -> Result<Url, UrlError> {
        let parsed = Url::parse(url).map_err(|e| UrlError::unparsable(url, e.to_string()))?;
        if !self.enforced {
            return Ok(parsed);
        }
        let host = parsed
            .host()
            .ok_or_else(|| UrlError::unparsable(url, "no host"))?
            .to_string()
            .to_ascii_lowercase();
        match parsed.scheme() {
            "https" => {}
            "http" if self.http_hosts.contains(&host) => {}
            _ => return Err(UrlError::Insecure(excerpt(url))),
        }
        if is_private(&parsed) && !self.private_hosts.contains(&host) {
            return Err(UrlError::Private(excerpt(url)));
        }
        Ok(parsed)
    }
}

/// Whether the host of `url` is a local or private address, or a `localhost` name.
fn is_private(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => private_v4(ip),
        Some(Host::Ipv6(ip)) => private_v6(ip),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => true,
    }
}

/// IPv4 addresses that are not a public host: loopback, private, link-local, unspecified,
/// broadcast, multicast, "this network" (0/8), shared (CGNAT, 100.64/10), IETF protocol
/// assignments (192.0.0/24), benchmarking (198.18/15) and reserved (240/4).
///
/// Spec: RFC 6890 (Special-Purpose IP Address Registries)
fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a, b, c) == (192, 0, 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

/// IPv6 addresses that are not a public host: loopback, unspecified, multicast, link-local,
/// unique local, and those that carry an IPv4 address the network may reach (IPv4-mapped
/// `::ffff:0:0/96`, IPv4-compatible `::/96`, NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`,
/// 6to4 `2002::/16`), checked as that IPv4 address.
///
/// Spec: RFC 6890; RFC 4291 §2.5.5; RFC 6052 §2.1; RFC 8215; RFC 3056 §2
fn private_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    let carried = match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => Some(embedded(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(embedded(hi, lo)),
        [0x64, 0xff9b, 1, ..] => return true,
        [0x2002, hi, lo, ..] => Some(embedded(hi, lo)),
        _ => None,
    };
    if let Some(v4) = carried {
        // `::` and `::1` are the IPv6 unspecified and loopback addresses.
        return ip.is_unspecified() || ip.is_loopback() || private_v4(v4);
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xfe00) == 0xfc00
}

/// Whether `ip` is an address the default [`UrlPolicy`] refuses (loopback, private, shared,
/// link-local, multicast, unspecified, reserved, and IPv6 addresses carrying such an IPv4
/// address), for transports that check resolved addresses.
pub fn is_private_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => private_v4(ip),
        IpAddr::V6(ip) => private_v6(ip),
    }
}

/// Resolves a next link against the URL of the page it came with; it must keep that page's
/// origin (scheme, host, port).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response (`Link`: the URL of the
/// next page)
pub fn resolve_link(page_url: &str, link: &str) -> Result<Url, UrlError> {
    let base = Url::parse(page_url).map_err(|e| UrlError::unparsable(page_url, e.to_string()))?;
    let mut next = base
        .join(link)
        .map_err(|e| UrlError::unparsable(link, e.to_string()))?;
    next.set_fragment(None);
    same_origin(&base, &next)?;
    Ok(next)
}

/// Checks that `url` has the origin of `of` (scheme, host, port).
pub fn same_origin(of: &Url, url: &Url) -> Result<(), UrlError> {
    if of.origin() == url.origin() {
        Ok(())
    } else {
        Err(UrlError::OtherOrigin {
            url: excerpt(url.as_str()),
            expected: of.origin().ascii_serialization(),
        })
    }
}

impl UrlError {
    /// A text that is not a URL, kept to its first 200 bytes.
    pub(crate) fn unparsable(url: &str, reason: impl ToString) -> Self {
        UrlError::Unparsable {
            url: excerpt(url),
            reason: reason.to_string(),
        }
    }
}

/// The first 200 bytes of a URL, for an error message.
pub(crate) fn excerpt(url: &str) -> String {
    let mut end = url.len().min(200);
    while !url.is_char_boundary(end) {
        end -= 1;
    }
    url[..end].to_owned()
}

/// Why a URL from a peer is not called.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Not a URL.
    #[error("{url:?} is not a URL: {reason}")]
    Unparsable {
        /// The text (at most 200 bytes).
        url: String,
        /// Why.
        reason: String,
    },
    /// Not `https`, and the host is not allowed plain HTTP.
    #[error("{0} is not https")]
    Insecure(String),
    /// A local or private address, and the host is not allowed.
    #[error("{0} names a local or private address")]
    Private(String),
    /// A link to another origin than the page it came with, or than the peer's.
    #[error("{url} is not on {expected}")]
    OtherOrigin {
        /// The URL.
        url: String,
        /// The origin expected.
        expected: String,
    },
    /// A path with a `.` or `..` segment (also percent-encoded) or a `\`: an HTTP client
    /// resolves it to another path than the one written (an object id `..` would reach the
    /// module's parent).
    #[error("{0} has a dot segment or a backslash in its path: it would reach another path")]
    DotSegment(String),
}

/// Whether a path segment is one a URL parser removes (`.`) or resolves to the parent
/// (`..`), as written or percent-encoded (`%2e`, `.%2E`, …).
///
/// Spec: RFC 3986 §5.2.4 (Remove Dot Segments); WHATWG URL Standard (single- and
/// double-dot path segments)
pub(crate) fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let dots = lower.replace("%2e", ".");
    dots == "." || dots == ".."
}

/// Refuses a URL whose path holds a dot segment or a backslash (see [`is_dot_segment`]).
pub(crate) fn check_dot_segments(url: &str) -> Result<(), UrlError> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("", |start| &after_scheme[start..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.contains('\\') || path.split('/').any(is_dot_segment) {
        return Err(UrlError::DotSegment(excerpt(url)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_refuses_plain_http_and_private_hosts() {
        let p = UrlPolicy::new();
        assert!(p.check("https://cpo.example/ocpi/versions").is_ok());
        assert!(p.check("https://93.184.216.34/x").is_ok());
        assert!(matches!(
            p.check("http://cpo.example/"),
            Err(UrlError::Insecure(_))
        ));
        assert!(matches!(
            p.check("ftp://cpo.example/"),
            Err(UrlError::Insecure(_))
        ));
        for private in [
            "https://127.0.0.1/",
            "https://127.1.2.3:8443/",
            "https://2130706433/",
            "https://0x7f000001/",
            "https://10.0.0.1/",
            "https://172.16.5.4/",
            "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://[::1]/",
            "https://[::]/",
            "https://[fe80::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://localhost/",
            "https://LOCALHOST./",
            "https://api.localhost/",
            "https://224.0.0.1/",
            "https://239.255.255.250/",
            "https://255.255.255.255/",
            "https://0.1.2.3/",
            "https://100.127.255.255/",
            "https://[ff02::1]/",
            "https://[febf::1]/",
            "https://[fc00::1]/",
            "https://[fdff::1]/",
            "https://[::ffff:10.1.2.3]/",
            // Reserved IPv4 ranges, and IPv6 addresses carrying a private IPv4 one.
            "https://192.0.0.8/",
            "https://198.18.0.1/",
            "https://198.19.255.255/",
            "https://240.0.0.1/",
            "https://254.1.2.3/",
            "https://[64:ff9b::7f00:1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[64:ff9b:1::5db8:d822]/",
            "https://[2002:7f00:1::1]/",
            "https://[2002:c0a8:101::]/",
            "https://[::7f00:1]/",
            "https://[::a00:1]/",
        ] {
            assert!(
                matches!(p.check(private), Err(UrlError::Private(_))),
                "{private}"
            );
        }
        assert!(matches!(
            p.check("not a url"),
            Err(UrlError::Unparsable { .. })
        ));
    }

    #[test]
    fn public_addresses_next_to_private_ranges_pass() {
        let p = UrlPolicy::new();
        for public in [
            "https://1.1.1.1/",
            "https://100.1.2.3/",
            "https://100.63.255.255/",
            "https://100.128.0.1/",
            "https://223.255.255.255/",
            "https://[2001:db8::1]/",
            "https://[fec0::1]/",
            "https://[fe00::1]/",
            "https://[::ffff:93.184.216.34]/",
            "https://192.0.1.1/",
            "https://198.17.255.255/",
            "https://198.20.0.1/",
            "https://[64:ff9b::5db8:d822]/",
            "https://[64:ff9a::7f00:1]/",
            "https://[2002:5db8:d822::1]/",
            "https://[2003:7f00:1::1]/",
            "https://[::5db8:d822]/",
        ] {
            assert!(p.check(public).is_ok(), "{public}");
        }
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        for (address, private) in [
            ("127.0.0.1", true),
            ("192.168.0.1", true),
            ("8.8.8.8", false),
            ("::1", true),
            ("fd12::1", true),
            ("2606:4700::1111", false),
        ] {
            assert_eq!(is_private_address(ip(address)), private, "{address}");
        }
    }

    #[test]
    fn dot_segments_are_found_as_written_and_encoded() {
        for segment in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", ".a", "a.", "%2e%2e%2e", "%2", "%252e", "LOC.1"] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
        for url in [
            "https://cpo.example/ocpi/2.2.1/locations/..",
            "https://cpo.example/ocpi/2.2.1/locations/%2e%2E/x",
            "https://cpo.example/./ocpi",
            "https://cpo.example/ocpi/a\\..\\b",
            "https://cpo.example/ocpi/..?x=1",
        ] {
            assert_eq!(
                check_dot_segments(url),
                Err(UrlError::DotSegment(url.into())),
                "{url}"
            );
        }
        for url in [
            "https://cpo.example/ocpi/2.2.1/locations/LOC.1",
            "https://cpo.example/ocpi/2.2.1/locations?x=..",
            "https://cpo.example/ocpi#..",
            "https://cpo.example",
            "https://../ocpi",
        ] {
            assert_eq!(check_dot_segments(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn errors_quote_at_most_200_bytes_of_the_url() {
        let p = UrlPolicy::new();
        assert_eq!(
            p.check("https://10.0.0.1/ocpi"),
            Err(UrlError::Private("https://10.0.0.1/ocpi".into()))
        );
        let long = format!("http://cpo.example/{}", "é".repeat(200));
        let Err(UrlError::Insecure(quoted)) = p.check(&long) else {
            panic!("plain http passed");
        };
        assert_eq!(quoted.len(), 199);
        assert!(long.starts_with(&quoted));
    }

    #[test]
    fn allowed_hosts_pass() {
        let p = UrlPolicy::new().allow_local();
        assert!(p.check("http://127.0.0.1:8080/ocpi/versions").is_ok());
        assert!(p.check("http://localhost/").is_ok());
        assert!(p.check("http://[::1]:80/").is_ok());
        assert!(p.check("http://10.0.0.1/").is_err());
        let p = UrlPolicy::new().allow_private("10.0.0.1");
        assert!(p.check("https://10.0.0.1/").is_ok());
        assert!(p.check("http://10.0.0.1/").is_err());
        assert!(UrlPolicy::unchecked().check("http://127.0.0.1/").is_ok());
    }

    #[test]
    fn next_links_keep_the_origin() {
        let page = "https://cpo.example/ocpi/2.2.1/locations?offset=0&limit=2";
        assert_eq!(
            resolve_link(page, "https://cpo.example/ocpi/2.2.1/locations?offset=2")
                .unwrap()
                .as_str(),
            "https://cpo.example/ocpi/2.2.1/locations?offset=2"
        );
        assert_eq!(
            resolve_link(page, "/ocpi/2.2.1/locations?offset=2")
                .unwrap()
                .as_str(),
            "https://cpo.example/ocpi/2.2.1/locations?offset=2"
        );
        assert_eq!(
            resolve_link(page, "?offset=4").unwrap().as_str(),
            "https://cpo.example/ocpi/2.2.1/locations?offset=4"
        );
        for other in [
            "https://other.example/ocpi/2.2.1/locations?offset=2",
            "http://cpo.example/ocpi/2.2.1/locations?offset=2",
            "https://cpo.example:8443/ocpi/2.2.1/locations?offset=2",
            "//other.example/x",
        ] {
            assert!(
                matches!(resolve_link(page, other), Err(UrlError::OtherOrigin { .. })),
                "{other}"
            );
        }
        assert!(matches!(
            resolve_link(page, "https://[oops/"),
            Err(UrlError::Unparsable { .. })
        ));
    }
}
