//! The `Authorization: Token …` header.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::HeaderValue;

use crate::types::CredentialsToken;

/// How a peer writes the credentials token in its `Authorization` header.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header (Base64 since 2.2);
/// 2.1.1 transport_and_format.md §Authorization header (plain); 2.3.0
/// transport_and_format.asciidoc §Authorization header, the note on implementations that do
/// not encode ("choose the right way … by either trial and error or configuration flags").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AuthorizationMode {
    /// Base64 of the token's UTF-8 bytes (OCPI 2.2 and later).
    #[default]
    Base64,
    /// The token as is (OCPI 2.1.1, and many 2.2 implementations).
    Plain,
    /// Reading: Base64 when the value decodes to a valid token, the plain value as a second
    /// candidate. Writing: Base64.
    Base64ThenPlain,
}

impl AuthorizationMode {
    /// The mode the spec prescribes for a version (`"2.1.1"` → plain, later → Base64).
    pub fn for_version(version: &str) -> Self {
        if version.starts_with("2.0") || version.starts_with("2.1") {
            AuthorizationMode::Plain
        } else {
            AuthorizationMode::Base64
        }
    }
}

/// Why an `Authorization` header was refused. Every case answers HTTP 401.
///
/// The messages never contain the token.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header ("If the header is missing
/// or the credentials token doesn't match any known party then the server SHALL respond with
/// an HTTP 401 - Unauthorized status code.")
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizationError {
    /// No `Authorization` header.
    #[error("the Authorization header is missing")]
    Missing,
    /// More than one `Authorization` header.
    #[error("more than one Authorization header")]
    Repeated,
    /// Not of the form `Token <credentials>` (another scheme such as `Bearer`, no value, …).
    #[error(
        "the Authorization header must be 'Token' followed by one space and the credentials token"
    )]
    Scheme,
    /// The value is not valid Base64, or does not decode to a printable token of at most 64
    /// characters.
    #[error("the credentials token is not valid Base64 of a printable token")]
    Encoding,
    /// The token has characters the header may not carry (whitespace, non-ASCII, control).
    #[error("the credentials token holds characters that are not printable non-whitespace ASCII")]
    Characters,
}

/// What a server could read from an `Authorization` header.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The token to look up first.
    pub token: CredentialsToken,
    /// A second candidate to look up when the first is unknown
    /// ([`AuthorizationMode::Base64ThenPlain`]: the plain value).
    pub fallback: Option<CredentialsToken>,
    /// The decoded value ended in a line feed, which was dropped. The 2.3.0 spec's own example
    /// (`ZXhhbXBsZS10b2tlbgo=`, "example-token\n") does this; peers copying it do too.
    pub trailing_newline_dropped: bool,
}

fn printable_non_whitespace(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

fn decode_base64(value: &str) -> Option<(CredentialsToken, bool)> {
    let bytes = STANDARD.decode(value).ok()?;
    let mut text = String::from_utf8(bytes).ok()?;
    let mut dropped = false;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
        dropped = true;
    }
    if !printable_non_whitespace(&text) {
        return None;
    }
    CredentialsToken::new(&text).ok().map(|t| (t, dropped))
}

/// Reads the credentials token from the `Authorization` header values of a request.
///
/// `values` are all the request's `Authorization` headers (`headers.get_all(AUTHORIZATION)`).
pub fn parse_authorization<'a>(
    values: impl IntoIterator<Item = &'a HeaderValue>,
    mode: AuthorizationMode,
) -> Result<Authorization, AuthorizationError> {
    let mut values = values.into_iter();
    let value = values.next().ok_or(AuthorizationError::Missing)?;
    if values.next().is_some() {
        return Err(AuthorizationError::Repeated);
    }
    let value = value.to_str().map_err(|_| AuthorizationError::Characters)?;
    // The scheme is case-insensitive (RFC 9110); exactly one space follows it.
    let (scheme, credentials) = value.split_once(' ').ok_or(AuthorizationError::Scheme)?;
    if !scheme.eq_ignore_ascii_case("Token") || credentials.is_empty() {
        return Err(AuthorizationError::Scheme);
    }
    if !printable_non_whitespace(credentials) {
        return Err(AuthorizationError::Characters);
    }
    let plain = || CredentialsToken::new(credentials).map_err(|_| AuthorizationError::Characters);
    match mode {
        AuthorizationMode::Plain => Ok(Authorization {
            token: plain()?,
            fallback: None,
            trailing_newline_dropped: false,
        }),
        AuthorizationMode::Base64 => {
            let (token, dropped) =
                decode_base64(credentials).ok_or(AuthorizationError::Encoding)?;
            Ok(Authorization {
                token,
                fallback: None,
                trailing_newline_dropped: dropped,
            })
        }
        AuthorizationMode::Base64ThenPlain => match decode_base64(credentials) {
            Some((token, dropped)) => Ok(Authorization {
                token,
                fallback: plain().ok(),
                trailing_newline_dropped: dropped,
            }),
            None => Ok(Authorization {
                token: plain()?,
                fallback: None,
                trailing_newline_dropped: false,
            }),
        },
    }
}

/// The `Authorization` header value for a credentials token (`Token <encoded>`).
///
/// [`AuthorizationMode::Base64ThenPlain`] writes Base64, as the spec requires since 2.2.
pub fn authorization_header(token: &CredentialsToken, mode: AuthorizationMode) -> HeaderValue {
    let encoded = match mode {
        AuthorizationMode::Plain => token.expose().to_owned(),
        AuthorizationMode::Base64 | AuthorizationMode::Base64ThenPlain => {
            STANDARD.encode(token.expose().as_bytes())
        }
    };
    let mut value = HeaderValue::from_str(&format!("Token {encoded}"))
        // A CredentialsToken is printable and Base64 is ASCII, so this never fails.
        .unwrap_or_else(|_| HeaderValue::from_static("Token"));
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hv(s: &str) -> HeaderValue {
        HeaderValue::from_str(s).unwrap()
    }

    fn parse(s: &str, mode: AuthorizationMode) -> Result<Authorization, AuthorizationError> {
        parse_authorization([&hv(s)], mode)
    }

    #[test]
    fn spec_examples() {
        // 2.2.1: "Token IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM=" is Base64 of 32 random
        // bytes (not a printable token): refused in Base64 mode.
        assert_eq!(
            parse(
                "Token IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM=",
                AuthorizationMode::Base64
            ),
            Err(AuthorizationError::Encoding)
        );
        // 2.3.0: "example-token" encoded with a trailing line feed.
        let a = parse("Token ZXhhbXBsZS10b2tlbgo=", AuthorizationMode::Base64).unwrap();
        assert_eq!(a.token.expose(), "example-token");
        assert!(a.trailing_newline_dropped);
        // 2.3.0: the token of the credentials example, Base64 with a line feed.
        let a = parse(
            "Token ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQyCg==",
            AuthorizationMode::Base64,
        )
        .unwrap();
        assert_eq!(a.token.expose(), "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2");
    }

    #[test]
    fn encode_then_decode() {
        let t = CredentialsToken::new("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2").unwrap();
        for mode in [
            AuthorizationMode::Base64,
            AuthorizationMode::Plain,
            AuthorizationMode::Base64ThenPlain,
        ] {
            let h = authorization_header(&t, mode);
            assert!(h.is_sensitive());
            let a = parse_authorization([&h], mode).unwrap();
            assert_eq!(a.token, t);
            assert!(!a.trailing_newline_dropped);
        }
        assert_eq!(
            authorization_header(&t, AuthorizationMode::Plain)
                .to_str()
                .unwrap(),
            "Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"
        );
        assert_eq!(
            authorization_header(
                &CredentialsToken::new("example-token").unwrap(),
                AuthorizationMode::Base64
            )
            .to_str()
            .unwrap(),
            "Token ZXhhbXBsZS10b2tlbg=="
        );
    }

    #[test]
    fn base64_then_plain() {
        // A UUID is not Base64: read as plain.
        let a = parse(
            "Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2",
            AuthorizationMode::Base64ThenPlain,
        )
        .unwrap();
        assert_eq!(a.token.expose(), "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2");
        assert_eq!(a.fallback, None);
        // Valid Base64 of a printable token: decoded first, plain kept as the fallback.
        let a = parse(
            "Token ZXhhbXBsZS10b2tlbg==",
            AuthorizationMode::Base64ThenPlain,
        )
        .unwrap();
        assert_eq!(a.token.expose(), "example-token");
        assert_eq!(a.fallback.unwrap().expose(), "ZXhhbXBsZS10b2tlbg==");
    }

    #[test]
    fn refused_headers() {
        use AuthorizationError::*;
        assert_eq!(
            parse_authorization([], AuthorizationMode::Base64),
            Err(Missing)
        );
        assert_eq!(
            parse_authorization(
                [&hv("Token YQ=="), &hv("Token YQ==")],
                AuthorizationMode::Base64
            ),
            Err(Repeated)
        );
        for (value, err) in [
            ("Bearer ZXhhbXBsZS10b2tlbg==", Scheme),
            ("Token", Scheme),
            ("Token ", Scheme),
            ("TokenZXhh", Scheme),
            ("Basic dXNlcjpwYXNz", Scheme),
            ("Token  ZXhhbXBsZS10b2tlbg==", Characters),
            ("Token ZXhh bXBs", Characters),
            ("Token not-base64!", Encoding),
            ("Token AAEC", Encoding),
            ("Token /w==", Encoding),
            ("Token ICAg", Encoding),
        ] {
            assert_eq!(parse(value, AuthorizationMode::Base64), Err(err), "{value}");
        }
        assert_eq!(
            parse(
                &format!("Token {}", "a".repeat(65)),
                AuthorizationMode::Plain
            ),
            Err(Characters)
        );
        // Non-ASCII bytes in the header value.
        let v = HeaderValue::from_bytes(b"Token \xc3\xa9").unwrap();
        assert_eq!(
            parse_authorization([&v], AuthorizationMode::Plain),
            Err(Characters)
        );
        // The scheme is case-insensitive.
        assert!(parse("token ZXhhbXBsZS10b2tlbg==", AuthorizationMode::Base64).is_ok());
    }

    #[test]
    fn the_token_never_shows() {
        let a = parse("Token c2VjcmV0LXZhbHVl", AuthorizationMode::Base64ThenPlain).unwrap();
        assert_eq!(a.token.expose(), "secret-value");
        let shown = format!("{a:?}");
        assert!(
            !shown.contains("secret") && !shown.contains("c2VjcmV0"),
            "{shown}"
        );
        let h = authorization_header(&a.token, AuthorizationMode::Base64);
        assert!(!format!("{h:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn mode_per_version() {
        assert_eq!(
            AuthorizationMode::for_version("2.1.1"),
            AuthorizationMode::Plain
        );
        assert_eq!(
            AuthorizationMode::for_version("2.2.1"),
            AuthorizationMode::Base64
        );
        assert_eq!(
            AuthorizationMode::for_version("2.3.0"),
            AuthorizationMode::Base64
        );
    }
}
