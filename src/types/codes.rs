//! `CountryCode` and `PartyId`: the two halves of an OCPI party identity.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserialize, Deserializer};

use super::text;
use serde::{Serialize, Serializer};

/// Why a text was refused as a country code or party id.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (country_code CiString(2), party_id CiString(3))
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{found:?} is not a valid {what}")]
pub struct CodeError {
    what: &'static str,
    found: String,
}

macro_rules! fixed_code {
    (
        $(#[$meta:meta])*
        $name:ident, $len:literal, $what:literal, $valid:expr
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name([u8; $len]);

        impl $name {
            /// Checks `s` and keeps it as written.
            pub fn new(s: &str) -> Result<Self, CodeError> {
                Self::from_bytes(s.as_bytes())
                    .ok_or_else(|| CodeError { what: $what, found: s.to_owned() })
            }

            /// The code of `b`, if `b` is one (only ASCII is).
            fn from_bytes(b: &[u8]) -> Option<Self> {
                let valid: fn(u8) -> bool = $valid;
                let code: &[u8; $len] = b.try_into().ok()?;
                code.iter().all(|&c| valid(c)).then_some($name(*code))
            }

            /// The code as written.
            pub fn as_str(&self) -> &str {
                // Only ASCII is ever stored.
                std::str::from_utf8(&self.0).unwrap_or("")
            }

            /// The code in upper case, the form the spec's examples use.
            pub fn to_upper(&self) -> Self {
                $name(self.0.map(|c| c.to_ascii_uppercase()))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0.eq_ignore_ascii_case(&other.0)
            }
        }
        impl Eq for $name {}
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0.eq_ignore_ascii_case(other.as_bytes())
            }
        }
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0.eq_ignore_ascii_case(other.as_bytes())
            }
        }
        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                state.write(&self.0.map(|c| c.to_ascii_uppercase()));
            }
        }
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.to_upper().0.cmp(&other.to_upper().0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.as_str())
            }
        }
        $crate::types::from_str!($name => CodeError, $name::new;);
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl crate::codec::WriteJson for $name {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                // ASCII letters and digits only: nothing to escape.
                out.push(b'"');
                out.extend_from_slice(&self.0);
                out.push(b'"');
            }
        }
        impl<'de> Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                text::deserialize(d)
            }
        }
        impl text::Text for $name {
            fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("a ", $what))
            }
            fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
                $name::new(v).map_err(E::custom)
            }
            fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E> {
                $name::from_bytes(b).ok_or_else(|| {
                    E::custom(CodeError {
                        what: $what,
                        found: String::from_utf8_lossy(b).into_owned(),
                    })
                })
            }
        }
        impl super::Conformance for $name {
            #[inline]
            fn read_json(r: &mut crate::codec::reader::Reader<'_>) -> crate::codec::reader::Read<Self> {
                text::read(r)
            }
        }
    };
}

fixed_code! {
    /// ISO 3166-1 alpha-2 country code of a party: `CiString(2)`, two ASCII letters.
    ///
    /// Kept as written; comparison ignores case, as for every CiString.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Location Object (`country_code`);
    /// 2.2.1 credentials.asciidoc §CredentialsRole class
    CountryCode, 2, "country code (two ASCII letters, ISO 3166-1 alpha-2)", |c: u8| c.is_ascii_alphabetic()
}

fixed_code! {
    /// Party id (following ISO 15118): `CiString(3)`, three ASCII letters or digits.
    ///
    /// Kept as written; comparison ignores case, as for every CiString.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Location Object (`party_id`);
    /// 2.2.1 credentials.asciidoc §CredentialsRole class
    PartyId, 3, "party id (three ASCII letters or digits)", |c: u8| c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(
            CountryCode::new("nl").unwrap(),
            CountryCode::new("NL").unwrap()
        );
        assert_eq!(CountryCode::new("nl").unwrap().as_str(), "nl");
        assert!(CountryCode::new("NLD").is_err());
        assert!(CountryCode::new("N1").is_err());
        assert!(CountryCode::new("").is_err());
        assert!(PartyId::new("TNM").is_ok());
        assert!(PartyId::new("T1M").is_ok());
        assert!(PartyId::new("TN").is_err());
        assert!(PartyId::new("TN*").is_err());
        assert!(serde_json::from_str::<PartyId>("\"TNMX\"").is_err());
        assert_eq!(
            serde_json::to_string(&PartyId::new("tnm").unwrap()).unwrap(),
            "\"tnm\""
        );
    }
}
