//! The credentials token: a secret that never shows itself.

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::{OcpiString, StringError};

/// A credentials token (token A, B or C of the registration handshake).
///
/// `Debug` and `Display` print `CredentialsToken(***)`, never the secret; equality runs in
/// time independent of where the values differ. The wire form is the plain `string(64)`; use
/// [`CredentialsToken::expose`] where the secret itself is needed (an `Authorization` header,
/// a store).
///
/// Spec: 2.2.1 credentials.asciidoc §Credentials object (`token`, `string(64)`)
#[derive(Clone)]
pub struct CredentialsToken(OcpiString<64>);

impl CredentialsToken {
    /// Checks `s` (printable, at most 64 characters) and wraps it.
    pub fn new(s: &str) -> Result<Self, StringError> {
        OcpiString::new(s).map(CredentialsToken)
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// `text` with this token replaced by `[token]`, as written and in Base64 (as an
    /// `Authorization` header carries it): for a peer's message or body that may echo the
    /// token, before it is shown, kept in an error or logged.
    ///
    /// ```
    /// use ocpi_protocol::types::CredentialsToken;
    ///
    /// let token = CredentialsToken::new("s3cr3t").unwrap();
    /// let echoed = "unknown token s3cr3t (Token czNjcjN0)";
    /// assert_eq!(token.mask(echoed), "unknown token [token] (Token [token])");
    /// ```
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header (the token, Base64
    /// encoded since 2.2)
    pub fn mask(&self, text: &str) -> String {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(self.expose());
        text.replace(&encoded, "[token]")
            .replace(self.expose(), "[token]")
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl PartialEq for CredentialsToken {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(self.expose().as_bytes(), other.expose().as_bytes())
    }
}
impl Eq for CredentialsToken {}

impl fmt::Debug for CredentialsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialsToken(***)")
    }
}

impl fmt::Display for CredentialsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for CredentialsToken {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

impl crate::codec::WriteJson for CredentialsToken {
    fn write_json(&self, out: &mut Vec<u8>) {
        crate::codec::writer::write_str(out, self.expose())
    }
}

impl<'de> Deserialize<'de> for CredentialsToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let expecting = "a credentials token (printable, at most 64 characters)";
        super::text::deserialize_with(d, expecting, |v| {
            // The error must not echo the secret.
            CredentialsToken::new(v).map_err(|e| match e {
                StringError::TooLong { len, max } => {
                    format!("credentials token of {len} characters exceeds {max}")
                }
                _ => "credentials token holds a non-printable character".to_owned(),
            })
        })
    }
}

impl super::Conformance for CredentialsToken {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_the_secret() {
        let t = CredentialsToken::new("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2").unwrap();
        assert_eq!(format!("{t:?}"), "CredentialsToken(***)");
        assert_eq!(format!("{t}"), "***");
        assert_eq!(t.expose(), "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"ebf3b399-779f-4497-9b9d-ac6ad3cc44d2\"");
        let bad = serde_json::from_str::<CredentialsToken>("\"secret\\nvalue\"").unwrap_err();
        assert!(!bad.to_string().contains("secret"), "{bad}");
    }

    #[test]
    fn read_and_written_as_a_string() {
        let t: CredentialsToken = serde_json::from_str("\"abc-123\"").unwrap();
        assert_eq!(t.expose(), "abc-123");
        assert_eq!(crate::codec::to_vec(&t), b"\"abc-123\"");
        let long = format!("\"{}\"", "s".repeat(65));
        let e = serde_json::from_str::<CredentialsToken>(&long).unwrap_err();
        assert!(e.to_string().contains("of 65 characters exceeds 64"), "{e}");
        assert!(!e.to_string().contains("sss"), "{e}");
        let e = serde_json::from_str::<CredentialsToken>("1").unwrap_err();
        assert!(
            e.to_string().contains("a credentials token (printable"),
            "{e}"
        );
    }

    #[test]
    fn equality() {
        let a = CredentialsToken::new("abc").unwrap();
        assert_eq!(a, CredentialsToken::new("abc").unwrap());
        assert_ne!(a, CredentialsToken::new("abd").unwrap());
        assert_ne!(a, CredentialsToken::new("ABC").unwrap());
        assert_ne!(a, CredentialsToken::new("abcd").unwrap());
        assert!(constant_time_eq(b"", b""));
        // Two differences whose XORs cancel out still differ.
        assert_ne!(
            CredentialsToken::new("ab").unwrap(),
            CredentialsToken::new("ba").unwrap()
        );
    }
}
