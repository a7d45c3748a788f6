//! Who a peer is: its name here, and its credentials object of any version.

use std::fmt;

use crate::json::{self, ParseError};
use crate::transport::PartyRef;
use crate::types::{CredentialsToken, Url};
use crate::versions::{self, CallError, OcpiVersion};

/// The application's name for a peer platform: the key of its registration and tokens.
///
/// Chosen by the application when it issues a token A or starts a registration; kept across
/// updates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(String);

impl PeerId {
    /// A peer id.
    pub fn new(id: impl Into<String>) -> Self {
        PeerId(id.into())
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

versions::any_version! {
    /// A credentials object of any version, in that version's own type: 2.1.1 describes one party,
    /// 2.2.1 a list of roles, 2.3.0 a list of roles and a Hub party.
    ///
    /// Spec: 2.1.1 credentials.md §Credentials object; 2.2.1 and 2.3.0 credentials.asciidoc
    /// §Credentials object
    pub enum AnyCredentials(credentials::Credentials);
}

impl AnyCredentials {
    /// The version of the object.
    pub fn version(&self) -> OcpiVersion {
        match self {
            Self::V2_1_1(_) => OcpiVersion::V2_1_1,
            Self::V2_2_1(_) => OcpiVersion::V2_2_1,
            Self::V2_3_0(_) => OcpiVersion::V2_3_0,
        }
    }

    /// The token to call the object's owner with.
    pub fn token(&self) -> &CredentialsToken {
        match self {
            Self::V2_1_1(c) => &c.token,
            Self::V2_2_1(c) => &c.token,
            Self::V2_3_0(c) => &c.token,
        }
    }

    /// The URL of the owner's versions list.
    pub fn url(&self) -> &Url {
        match self {
            Self::V2_1_1(c) => &c.url,
            Self::V2_2_1(c) => &c.url,
            Self::V2_3_0(c) => &c.url,
        }
    }

    /// The same object with another token and versions URL.
    pub fn with_token(mut self, token: CredentialsToken, url: Url) -> Self {
        let (t, u) = match &mut self {
            Self::V2_1_1(c) => (&mut c.token, &mut c.url),
            Self::V2_2_1(c) => (&mut c.token, &mut c.url),
            Self::V2_3_0(c) => (&mut c.token, &mut c.url),
        };
        (*t, *u) = (token, url);
        self
    }

    /// The parties (country code and party id) the owner acts as: the one party of 2.1.1, the
    /// party of each role in 2.2.1 and 2.3.0.
    pub fn parties(&self) -> Vec<PartyRef> {
        match self {
            Self::V2_1_1(c) => vec![PartyRef::new(c.country_code, c.party_id)],
            Self::V2_2_1(c) => c
                .roles
                .iter()
                .map(|r| PartyRef::new(r.country_code, r.party_id))
                .collect(),
            Self::V2_3_0(c) => c
                .roles
                .iter()
                .map(|r| PartyRef::new(r.country_code, r.party_id))
                .collect(),
        }
    }

    /// Whether the object is a Roaming Hub's (2.2.1: a `HUB` role; 2.3.0: a `hub_party_id`
    /// that is a country code followed by a party id): exactly when it has a
    /// [`hub_party`](Self::hub_party), which its [claims](Self::claims) then name with the
    /// `HUB` role.
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Credentials object; 2.3.0 credentials.asciidoc
    /// §Credentials object (`hub_party_id`)
    pub fn is_hub(&self) -> bool {
        self.hub_party().is_some()
    }

    /// The Hub's own party, when the object is a Roaming Hub's: 2.2.1 the party of its `HUB`
    /// role; 2.3.0 its `hub_party_id` (a country code followed by a party id; `None` when it
    /// is not one).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §Credentials object; 2.3.0 credentials.asciidoc
    /// §Credentials object (`hub_party_id`: "The two-letter country code and three-character
    /// party ID are concatenated together in this field")
    pub fn hub_party(&self) -> Option<PartyRef> {
        match self {
            Self::V2_1_1(_) => None,
            Self::V2_2_1(c) => c
                .roles
                .iter()
                .find(|r| r.role == crate::types::Role::Hub)
                .map(|r| PartyRef::new(r.country_code, r.party_id)),
            Self::V2_3_0(c) => {
                let text = c.hub_party_id.as_ref()?.as_str();
                Some(PartyRef::new(
                    crate::types::CountryCode::new(text.get(..2)?).ok()?,
                    crate::types::PartyId::new(text.get(2..)?).ok()?,
                ))
            }
        }
    }

    /// Reads a credentials object of `version` (a request body). A 2.3.0 `hub_party_id` that
    /// is not a country code followed by a party id is refused (at `hub_party_id`): such a
    /// peer would claim to be a Hub without naming the Hub party its grant is checked for.
    pub fn parse(version: OcpiVersion, body: &[u8]) -> Result<Self, ParseError> {
        match version {
            OcpiVersion::V2_1_1 => Ok(Self::V2_1_1(json::parse(body)?.value)),
            OcpiVersion::V2_2_1 => Ok(Self::V2_2_1(json::parse(body)?.value)),
            OcpiVersion::V2_3_0 => Self::V2_3_0(json::parse(body)?.value).checked(),
        }
    }

    /// Reads the credentials object of `version` in a response envelope (checked as
    /// [`parse`](Self::parse) checks it).
    pub(super) fn read_response(version: OcpiVersion, body: &[u8]) -> Result<Self, CallError> {
        match version {
            OcpiVersion::V2_1_1 => Ok(Self::V2_1_1(
                versions::read_data(body)?.ok_or(CallError::NoData)?,
            )),
            OcpiVersion::V2_2_1 => Ok(Self::V2_2_1(
                versions::read_data(body)?.ok_or(CallError::NoData)?,
            )),
            OcpiVersion::V2_3_0 => {
                let read = Self::V2_3_0(versions::read_data(body)?.ok_or(CallError::NoData)?);
                Ok(read
                    .checked()
                    .map_err(crate::transport::ResponseError::from)?)
            }
        }
    }

    /// The object, unless it has a 2.3.0 `hub_party_id` that names no party.
    ///
    /// Spec: 2.3.0 credentials.asciidoc §Credentials object (`hub_party_id`: "The two-letter
    /// country code and three-character party ID are concatenated together in this field")
    fn checked(self) -> Result<Self, ParseError> {
        match &self {
            Self::V2_3_0(c) if c.hub_party_id.is_some() && !self.is_hub() => Err(ParseError {
                path: "hub_party_id".to_owned(),
                message: "not a country code followed by a party id".to_owned(),
                category: json::ErrorCategory::Data,
                line: 0,
                column: 0,
            }),
            _ => Ok(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMING_NO_PARTY: &str = r#"{"token":"t","url":"https://hub.example/versions","hub_party_id":"XX","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"EXA","country_code":"NL"}]}"#;

    #[test]
    fn a_hub_party_id_naming_no_party_is_refused_in_bodies_and_answers() {
        let e = AnyCredentials::parse(OcpiVersion::V2_3_0, NAMING_NO_PARTY.as_bytes()).unwrap_err();
        assert_eq!(e.path, "hub_party_id");
        let answer = format!(
            r#"{{"data":{NAMING_NO_PARTY},"status_code":1000,"timestamp":"2024-01-01T00:00:00Z"}}"#
        );
        let e = AnyCredentials::read_response(OcpiVersion::V2_3_0, answer.as_bytes()).unwrap_err();
        assert!(matches!(e, CallError::Response(_)), "{e}");
        assert!(e.to_string().contains("hub_party_id"), "{e}");
        // Written in lower case, it names the Hub party (both halves compare without case).
        let hub = NAMING_NO_PARTY.replace("XX", "nlhub");
        let c = AnyCredentials::parse(OcpiVersion::V2_3_0, hub.as_bytes()).unwrap();
        let party = PartyRef::new("NL".parse().unwrap(), "HUB".parse().unwrap());
        assert_eq!((c.is_hub(), c.hub_party()), (true, Some(party)));
        let answer = answer.replace("XX", "nlhub");
        let read = AnyCredentials::read_response(OcpiVersion::V2_3_0, answer.as_bytes()).unwrap();
        assert_eq!(read, c);
    }
}
