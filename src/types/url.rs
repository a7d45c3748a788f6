//! OCPI `URL`: validated, and kept exactly as written.

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

/// A URL of at most 255 characters, kept byte for byte as written.
///
/// The text must be an absolute URL (`url::Url` accepts it); it is not normalised, so
/// `http://example.com` does not become `http://example.com/`. Use [`Url::to_url`] for a
/// parsed, normalised value.
///
/// Spec: 2.2.1 types.asciidoc §URL type
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Url(Box<str>);

/// Maximum length of an OCPI URL.
const MAX_LEN: usize = 255;

/// Why a text was refused as an OCPI `URL`.
///
/// Spec: 2.2.1 types.asciidoc §URL type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Longer than 255 characters.
    #[error("URL of {0} characters exceeds the maximum length of 255")]
    TooLong(usize),
    /// Not an absolute URL.
    #[error("not a valid absolute URL: {0}")]
    Invalid(String),
}

impl Url {
    /// Checks `s` and keeps it as written.
    pub fn new(s: &str) -> Result<Self, UrlError> {
        if s.len() > MAX_LEN {
            return Err(UrlError::TooLong(s.len()));
        }
        if s.chars().any(|c| c.is_control() || c == ' ') {
            return Err(UrlError::Invalid("control character or space".into()));
        }
        url::Url::parse(s).map_err(|e| UrlError::Invalid(e.to_string()))?;
        Ok(Url(s.into()))
    }

    /// The text, exactly as received or constructed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL parsed (and normalised) by the `url` crate.
    pub fn to_url(&self) -> url::Url {
        // Checked on construction.
        url::Url::parse(&self.0).unwrap_or_else(|_| unreachable_url())
    }
}

#[cold]
fn unreachable_url() -> url::Url {
    url::Url::parse("about:blank").expect("static URL")
}

impl From<url::Url> for Url {
    fn from(u: url::Url) -> Self {
        Url(String::from(u).into())
    }
}

super::from_str!(Url => UrlError, Url::new;);

impl AsRef<str> for Url {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Url({:?})", &*self.0)
    }
}

impl Serialize for Url {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl crate::codec::WriteJson for Url {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        crate::codec::writer::write_str(out, &self.0)
    }
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::text::deserialize_with(d, "an absolute URL of at most 255 characters", Url::new)
    }
}

impl super::Conformance for Url {
    #[inline]
    fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
        Url::new(r.str()?).map_err(|_| crate::codec::reader::Fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_as_written() {
        for s in [
            "http://example.com",
            "https://www.server.com/ocpi/2.2.1/?a=b#x",
            "HTTPS://Example.COM:443/a/../b",
        ] {
            let u: Url = serde_json::from_str(&format!("\"{s}\"")).unwrap();
            assert_eq!(u.as_str(), s);
            assert_eq!(serde_json::to_string(&u).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(
            Url::new("http://example.com").unwrap().to_url().as_str(),
            "http://example.com/"
        );
    }

    #[test]
    fn every_view_shows_the_text() {
        let s = "https://example.com/ocpi/versions";
        let u: Url = s.parse().unwrap();
        assert_eq!(u.as_ref(), s);
        assert_eq!(u.to_string(), s);
        assert_eq!(format!("{u:?}"), format!("Url({s:?})"));
        assert_eq!(crate::codec::to_vec(&u), format!("\"{s}\"").as_bytes());
        let from = Url::from(url::Url::parse("https://example.com/a").unwrap());
        assert_eq!(from.as_str(), "https://example.com/a");
        let read: Url = crate::json::parse(format!("\"{s}\"").as_bytes())
            .unwrap()
            .value;
        assert_eq!(read, u);
        let e = serde_json::from_str::<Url>("1").unwrap_err().to_string();
        assert!(
            e.contains("an absolute URL of at most 255 characters"),
            "{e}"
        );
        assert!(serde_json::from_str::<Url>("\"not a url\"").is_err());
    }

    #[test]
    fn refused() {
        assert!(Url::new("not a url").is_err());
        assert!(Url::new("/relative/path").is_err());
        assert!(Url::new("http://exa mple.com").is_err());
        assert_eq!(
            Url::new(&format!("http://e.com/{}", "a".repeat(250))),
            Err(UrlError::TooLong(263))
        );
    }
}
