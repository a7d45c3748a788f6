//! Who a peer may say it is: the parties and roles in its credentials, checked against what
//! the application granted it.
//!
//! The rules are in the [module docs](crate::credentials#claims).

use std::fmt;
use std::sync::Arc;

#[cfg(doc)]
use super::Platform;
use super::{AnyCredentials, PeerId};
use crate::transport::{AuthorizationMode, PartyRef};
use crate::types::Role;

/// One party and role a peer acts as. 2.1.1 credentials name a party without a role
/// (`role: None`), which stands for every role of that party.
///
/// Roles are the 2.2.1 [`Role`] values (which include `HUB`); 2.3.0 roles are read by their
/// wire value (`PTP` is kept as an unknown value), and a 2.3.0 `hub_party_id` is the claim
/// `(hub party, HUB)`.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class ("Every role needs a unique
/// combination of: `role`, `party_id` and `country_code`"); 2.3.0 credentials.asciidoc
/// §Credentials object (`hub_party_id`); 2.1.1 credentials.md §Credentials object
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Claim {
    /// The party.
    pub party: PartyRef,
    /// The role, `None` for a 2.1.1 party (any role).
    pub role: Option<Role>,
}

impl Claim {
    /// A claim of `party` in `role`.
    pub fn new(party: PartyRef, role: Role) -> Self {
        Claim {
            party,
            role: Some(role),
        }
    }

    /// Whether two claims cannot be held by two peers at once: the same party, and the same
    /// role or a claim without role (2.1.1) on either side.
    pub fn overlaps(&self, other: &Claim) -> bool {
        self.party == other.party
            && match (&self.role, &other.role) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// Whether this is the claim to be a Roaming Hub.
    pub fn is_hub(&self) -> bool {
        self.role == Some(Role::Hub)
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.role {
            Some(role) => write!(f, "{} as {role}", self.party),
            None => write!(f, "{}", self.party),
        }
    }
}

impl AnyCredentials {
    /// The parties and roles this credentials object claims: one per `CredentialsRole`
    /// (2.2.1, 2.3.0), the one party of a 2.1.1 object, and for a 2.3.0 Roaming Hub its
    /// `hub_party_id` as a `HUB` claim. The other roles of a 2.3.0 Hub are the parties it
    /// reaches, not parties it owns: they are not claims (see [`AnyCredentials::owned_claims`]).
    ///
    /// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class; 2.3.0 credentials.asciidoc
    /// §Credentials object
    pub fn claims(&self) -> Vec<Claim> {
        match self {
            Self::V2_1_1(c) => vec![Claim {
                party: PartyRef::new(c.country_code, c.party_id),
                role: None,
            }],
            Self::V2_2_1(c) => c
                .roles
                .iter()
                .map(|r| Claim::new(PartyRef::new(r.country_code, r.party_id), r.role.clone()))
                .collect(),
            Self::V2_3_0(c) => {
                let mut out: Vec<Claim> = c
                    .roles
                    .iter()
                    .map(|r| {
                        let role = Role::from_wire(r.role.as_str()).unwrap_or(Role::Other);
                        Claim::new(PartyRef::new(r.country_code, r.party_id), role)
                    })
                    .collect();
                if let Some(hub) = self.hub_party() {
                    out.push(Claim::new(hub, Role::Hub));
                }
                out
            }
        }
    }

    /// The claims a peer owns exclusively: every claim of a party, and only the Hub's own
    /// claim for a 2.3.0 Roaming Hub (whose `roles` list the parties reachable through it,
    /// which may also be connected directly: 2.3.0 topology.asciidoc §Platforms via Hub and
    /// direct).
    pub fn owned_claims(&self) -> Vec<Claim> {
        let claims = self.claims();
        match self {
            Self::V2_3_0(_) if self.is_hub() => claims.into_iter().filter(Claim::is_hub).collect(),
            _ => claims,
        }
    }
}

/// The application's decision on a peer's claims, when the grant is
/// [`PartyGrant::Vetted`]: `Ok` accepts them, `Err` refuses with a reason sent to the peer.
pub type Vetting = Arc<dyn Fn(&PeerId, &[Claim]) -> Result<(), String> + Send + Sync>;

/// Which parties and roles a peer may claim, decided by the application when it issues the
/// peer's token A or starts a registration, and kept with the registration for every update.
///
/// ```
/// use ocpi_protocol::credentials::{Claim, PartyGrant};
/// use ocpi_protocol::transport::PartyRef;
/// use ocpi_protocol::types::Role;
///
/// let party = |cc: &str, id: &str| PartyRef::new(cc.parse().unwrap(), id.parse().unwrap());
/// // An eMSP known to act for NL*MSP, in any role but HUB:
/// let emsp = PartyGrant::parties([party("NL", "MSP")]);
/// // A Roaming Hub: the Hub role must be named.
/// let hub = PartyGrant::Only(vec![Claim::new(party("NL", "HUB"), Role::Hub)]);
/// assert_ne!(emsp, hub);
/// ```
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class; 2.2.1
/// transport_and_format.asciidoc §Client Owned Object Push (objects keyed by party)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyGrant {
    /// Only these claims, or some of them. An entry with `role: None` grants that party in
    /// every role but `HUB`; being a Roaming Hub needs an entry with role `HUB`. A 2.1.1 peer's
    /// claim (a party without role) is granted by any entry of its party.
    Only(Vec<Claim>),
    /// Whatever the platform's vetting hook accepts ([`Platform::with_vetting`](super::Platform::with_vetting)); without a
    /// hook, nothing is accepted.
    Vetted,
}

impl PartyGrant {
    /// Only these parties, in any role but `HUB`.
    pub fn parties(parties: impl IntoIterator<Item = PartyRef>) -> Self {
        PartyGrant::Only(
            parties
                .into_iter()
                .map(|party| Claim { party, role: None })
                .collect(),
        )
    }

    /// Only the claims of this credentials object (a peer known in advance: its update may
    /// drop claims, not add any).
    pub fn exactly(credentials: &AnyCredentials) -> Self {
        PartyGrant::Only(credentials.claims())
    }

    /// Checks `claims` (of `peer`) against the grant; `vetting` is the platform's hook.
    pub(crate) fn check(
        &self,
        peer: &PeerId,
        claims: &[Claim],
        vetting: Option<&Vetting>,
    ) -> Result<(), ClaimError> {
        if claims.is_empty() {
            return Err(ClaimError::Refused("the credentials claim no party".into()));
        }
        match self {
            PartyGrant::Only(granted) => {
                for claim in claims {
                    let allowed = granted.iter().any(|g| {
                        g.party == claim.party
                            && match (&g.role, &claim.role) {
                                (Some(g), Some(c)) => g == c,
                                (None, Some(c)) => *c != Role::Hub,
                                (_, None) => true,
                            }
                    });
                    if !allowed {
                        return Err(ClaimError::NotGranted(claim.clone()));
                    }
                }
                Ok(())
            }
            PartyGrant::Vetted => match vetting {
                Some(vet) => vet(peer, claims).map_err(ClaimError::Refused),
                None => Err(ClaimError::Refused(
                    "no vetting hook is configured to decide the claims".into(),
                )),
            },
        }
    }
}

/// What the application decides about one peer: which parties it may claim, and how each side
/// writes the `Authorization` header when the version's rule is not what the partner does.
/// Given when the application issues the peer's token A ([`Platform::issue_token_a`]) or
/// starts a registration ([`Platform::register`]), and kept with the registration.
///
/// By default the header follows the version in use, in both directions: the token as is for
/// 2.1.1, in Base64 for 2.2.1 and 2.3.0. Before the version is known (the token A's calls),
/// this platform accepts either, and sends Base64 first, then the token as is if the peer
/// answers 401. An override fixes one direction for this peer, whatever the version.
///
/// ```
/// use ocpi_protocol::credentials::{PartyGrant, PeerTerms};
/// use ocpi_protocol::transport::{AuthorizationMode, PartyRef};
///
/// let nl_msp = PartyRef::new("NL".parse().unwrap(), "MSP".parse().unwrap());
/// // A 2.2.1 partner that reads Base64 but writes its token as is:
/// let terms = PeerTerms::new(PartyGrant::parties([nl_msp]))
///     .accepting(AuthorizationMode::Base64ThenPlain);
/// assert_eq!(terms.send_mode("2.2.1"), AuthorizationMode::Base64);
/// assert_eq!(terms.accept_mode("2.2.1"), AuthorizationMode::Base64ThenPlain);
/// assert_eq!(terms.send_mode("2.1.1"), AuthorizationMode::Plain);
/// ```
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header (Base64 since 2.2); 2.1.1
/// transport_and_format.md §Authorization header (the token as is); 2.3.0
/// transport_and_format.asciidoc §Authorization header (the note on implementations that do
/// not encode)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerTerms {
    /// The parties and roles the peer may claim.
    pub grant: PartyGrant,
    /// How this platform writes its header to the peer; `None`: as the version says.
    pub send: Option<AuthorizationMode>,
    /// How the peer must write its header; `None`: as the version says.
    pub accept: Option<AuthorizationMode>,
    /// The deviations of the peer this platform tolerates (default none: strict); see
    /// [`Interop`](crate::interop::Interop).
    pub interop: crate::interop::Interop,
}

impl PeerTerms {
    /// Terms with `grant`, the header following the version both ways.
    pub fn new(grant: PartyGrant) -> Self {
        PeerTerms {
            grant,
            send: None,
            accept: None,
            interop: crate::interop::Interop::strict(),
        }
    }

    /// Tolerates the deviations of `interop` from this peer (see
    /// [`Interop`](crate::interop::Interop), which lists them with examples).
    pub fn with_interop(mut self, interop: crate::interop::Interop) -> Self {
        self.interop = interop;
        self
    }

    /// Sends the header in `mode` to this peer, whatever the version.
    pub fn sending(mut self, mode: AuthorizationMode) -> Self {
        self.send = Some(mode);
        self
    }

    /// Accepts the header from this peer in `mode`, whatever the version.
    pub fn accepting(mut self, mode: AuthorizationMode) -> Self {
        self.accept = Some(mode);
        self
    }

    /// How this platform writes its header to the peer in `version`.
    pub fn send_mode(&self, version: &str) -> AuthorizationMode {
        self.send
            .unwrap_or_else(|| AuthorizationMode::for_version(version))
    }

    /// How the peer must write its header in `version`.
    pub fn accept_mode(&self, version: &str) -> AuthorizationMode {
        self.accept
            .unwrap_or_else(|| AuthorizationMode::for_version(version))
    }

    /// How the peer may write its header before the version is known: the override, or
    /// either way.
    pub fn accept_before_version(&self) -> AuthorizationMode {
        self.accept.unwrap_or(AuthorizationMode::Base64ThenPlain)
    }
}

impl From<PartyGrant> for PeerTerms {
    fn from(grant: PartyGrant) -> Self {
        PeerTerms::new(grant)
    }
}

/// Why a peer's claims were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// A claim the grant does not cover.
    #[error("the peer may not claim {0}")]
    NotGranted(Claim),
    /// The vetting hook refused, or there is nothing to vet.
    #[error("the peer's parties were refused: {0}")]
    Refused(String),
    /// Another peer holds the claim.
    #[error("{claim} belongs to another peer")]
    Taken {
        /// The claim.
        claim: Claim,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CountryCode, PartyId};

    fn party(cc: &str, id: &str) -> PartyRef {
        PartyRef::new(CountryCode::new(cc).unwrap(), PartyId::new(id).unwrap())
    }

    /// A 2.3.0 party other than a Roaming Hub owns every claim of its roles, as in 2.2.1; a
    /// Roaming Hub owns its own party only.
    #[test]
    fn owned_claims_of_2_3_0_parties_and_hubs() {
        let roles = r#""roles": [{"role": "CPO", "party_id": "CPO", "country_code": "NL",
            "business_details": {"name": "C"}}]"#;
        let parse = |extra: &str| {
            let json = format!(
                r#"{{"token": "t", "url": "https://p.test/ocpi/versions", {extra}{roles}}}"#
            );
            AnyCredentials::parse(crate::versions::OcpiVersion::V2_3_0, json.as_bytes()).unwrap()
        };
        let cpo = parse("");
        assert_eq!(
            cpo.owned_claims(),
            [Claim::new(party("NL", "CPO"), Role::Cpo)]
        );
        let hub = parse(r#""hub_party_id": "NLHUB", "#);
        assert_eq!(
            hub.owned_claims(),
            [Claim::new(party("NL", "HUB"), Role::Hub)]
        );
    }

    #[test]
    fn grants_cover_exactly_what_they_name() {
        let peer = PeerId::new("p");
        let cpo = Claim::new(party("NL", "CPO"), Role::Cpo);
        let hub = Claim::new(party("NL", "CPO"), Role::Hub);
        let other = Claim::new(party("DE", "CPO"), Role::Cpo);
        let any_role = PartyGrant::parties([party("NL", "CPO")]);
        assert_eq!(
            any_role.check(&peer, std::slice::from_ref(&cpo), None),
            Ok(())
        );
        assert_eq!(
            any_role.check(&peer, std::slice::from_ref(&hub), None),
            Err(ClaimError::NotGranted(hub.clone()))
        );
        assert_eq!(
            any_role.check(&peer, &[cpo.clone(), other.clone()], None),
            Err(ClaimError::NotGranted(other))
        );
        let hub_grant = PartyGrant::Only(vec![hub.clone()]);
        assert_eq!(
            hub_grant.check(&peer, std::slice::from_ref(&hub), None),
            Ok(())
        );
        assert!(hub_grant
            .check(&peer, std::slice::from_ref(&cpo), None)
            .is_err());
        // A 2.1.1 claim (no role) is granted by any entry of its party.
        let v211 = Claim {
            party: party("NL", "CPO"),
            role: None,
        };
        assert_eq!(hub_grant.check(&peer, &[v211], None), Ok(()));
        assert!(any_role.check(&peer, &[], None).is_err());
    }

    #[test]
    fn vetted_grants_ask_the_hook() {
        let peer = PeerId::new("p");
        let cpo = Claim::new(party("NL", "CPO"), Role::Cpo);
        assert!(PartyGrant::Vetted
            .check(&peer, std::slice::from_ref(&cpo), None)
            .is_err());
        let only_nl: Vetting = Arc::new(|_, claims: &[Claim]| {
            if claims.iter().all(|c| c.party.country_code.as_str() == "NL") {
                Ok(())
            } else {
                Err("only Dutch parties".into())
            }
        });
        assert_eq!(
            PartyGrant::Vetted.check(&peer, &[cpo], Some(&only_nl)),
            Ok(())
        );
        let de = Claim::new(party("DE", "CPO"), Role::Cpo);
        assert_eq!(
            PartyGrant::Vetted.check(&peer, &[de], Some(&only_nl)),
            Err(ClaimError::Refused("only Dutch parties".into()))
        );
    }

    #[test]
    fn overlapping_claims() {
        let a = Claim::new(party("NL", "CPO"), Role::Cpo);
        let b = Claim::new(party("NL", "CPO"), Role::Emsp);
        let none = Claim {
            party: party("NL", "CPO"),
            role: None,
        };
        assert!(a.overlaps(&a));
        assert!(!a.overlaps(&b));
        assert!(none.overlaps(&a) && b.overlaps(&none));
        assert!(!a.overlaps(&Claim::new(party("NL", "CP2"), Role::Cpo)));
    }
}
