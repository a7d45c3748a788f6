//! Conversions between OCPI 2.1.1 and 2.2.1.
//!
//! Every object, class and enum that exists in both versions converts both ways with
//! [`Convert`]. The rules, for every impl below:
//!
//! - **Owner.** 2.1.1 objects carry no `country_code`/`party_id`; 2.2.1 Locations, Sessions,
//!   CDRs, Tariffs and Tokens require them. The upgrade takes the owning party from its input
//!   ([`PartyRef`]); the downgrade reports them as lost (a 2.1.1 peer knows the owner from the
//!   URL of the push and from the credentials).
//! - **Identifiers.** 2.1.1 ids are `string(n)`, 2.2.1 ids are `CiString(n)` (printable ASCII),
//!   often shorter (`Location.id`, `EVSE.uid`: 39 → 36). An id that does not fit is a
//!   [`ConvertError`]: an id is never shortened or rewritten.
//! - **Enums.** A value that exists in both versions crosses as is. A value the target version
//!   does not have keeps its wire text (every enum keeps unknown values); a loss is reported
//!   only where the spec changed the value's meaning (2.1.1 `LocationType.OTHER`,
//!   `CdrDimensionType.FLAT`, `CommandResponseType.TIMEOUT`).
//! - **Errata.** Where the 2.1.1 model keeps a non-conforming value verbatim
//!   ([`Tolerant::Deviating`], e.g. the price `"2.00"` written as a string in the 2.1.1 CDR
//!   example), the value cannot become a 2.2.1 value: into a required field it is a
//!   [`ConvertError`] naming its path, into an optional one it is left out and reported. A
//!   required 2.2.1 field that a 2.1.1 document omits (allowed by the 2.1.1 model only because
//!   official examples omit it) is taken from the input's fallback when one is given, else it
//!   is a [`ConvertError`].
//! - **PATCH.** 2.2.1 requires `last_updated` in every PATCH body
//!   (2.2.1 mod_locations.asciidoc §PATCH Method, mod_sessions, mod_tokens); a 2.1.1 body
//!   without it takes the input's `last_updated`, else it is a [`ConvertError`].
//! - **Unknown fields** cross unchanged; one that would collide with a field present in the
//!   result (and so be written twice) is dropped and reported.
//!
//! Spec: 2.1.1 and 2.2.1 object tables; 2.2.1 changelog.asciidoc §Changes between OCPI 2.1.1
//! and 2.2 and §Changes between OCPI 2.2 and 2.2.1.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;

use super::{join, missing, Convert, ConvertError, Converted, Losses};
use crate::transport::PartyRef;
use crate::types::{
    CiString, Coordinate, DateTime, EnumError, Number, OcpiString, PatchField, Price, Role,
    Tolerant, UnknownFields,
};
use crate::v2_1_1 as v211;
use crate::v2_2_1 as v221;

use v211::locations as loc1;
use v221::locations as loc2;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// Fallbacks for the required 2.2.1 EVSE fields that a 2.1.1 EVSE may lack.
///
/// The 2.1.1 table requires `status` and `last_updated` too, but official 2.1.1 examples omit
/// them (the "add an EVSE" PUT has no `last_updated`; the Session and CDR examples have no
/// `status`), so the 2.1.1 model reads them as optional. A fallback is used only when the EVSE
/// lacks the field; without one, the missing field is a [`ConvertError`].
///
/// Spec: 2.2.1 mod_locations.asciidoc §EVSE Object (`status`, `last_updated`: 1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvseInput {
    /// The status to write when the 2.1.1 EVSE has none.
    pub status: Option<loc2::Status>,
    /// The `last_updated` to write when the 2.1.1 EVSE has none.
    pub last_updated: Option<DateTime>,
}

impl EvseInput {
    /// No fallbacks: an EVSE without `status` or `last_updated` cannot be upgraded.
    pub fn new() -> Self {
        Self::default()
    }

    /// The status to write when the EVSE has none.
    pub fn with_status(mut self, status: loc2::Status) -> Self {
        self.status = Some(status);
        self
    }

    /// The `last_updated` to write when the EVSE has none.
    pub fn with_last_updated(mut self, last_updated: DateTime) -> Self {
        self.last_updated = Some(last_updated);
        self
    }
}

/// What a 2.2.1 Location requires that a 2.1.1 Location does not carry.
///
/// Spec: 2.2.1 mod_locations.asciidoc §Location Object (`country_code`, `party_id`,
/// `publish`: 1; `time_zone` changed from optional to required, changelog).
#[derive(Debug, Clone, PartialEq)]
pub struct LocationInput {
    /// The CPO that owns the Location.
    pub party: PartyRef,
    /// Whether the Location may be published (2.1.1 has no such notion).
    pub publish: bool,
    /// The time zone to write when the 2.1.1 Location has none (`time_zone` is optional in
    /// 2.1.1, required in 2.2.1). A Location that has one keeps its own.
    pub time_zone: Option<OcpiString<255>>,
    /// Fallbacks for the EVSEs of the Location.
    pub evses: EvseInput,
}

impl LocationInput {
    /// The owner and the `publish` flag; no time zone and no EVSE fallbacks.
    pub fn new(party: PartyRef, publish: bool) -> Self {
        LocationInput {
            party,
            publish,
            time_zone: None,
            evses: EvseInput::default(),
        }
    }

    /// The time zone to write when the Location has none.
    pub fn with_time_zone(mut self, time_zone: OcpiString<255>) -> Self {
        self.time_zone = Some(time_zone);
        self
    }

    /// Fallbacks for the EVSEs.
    pub fn with_evses(mut self, evses: EvseInput) -> Self {
        self.evses = evses;
        self
    }
}

/// What a 2.2.1 PATCH body (Location, EVSE, Connector, Token) requires that a 2.1.1 one may
/// not carry: `last_updated`.
///
/// Spec: 2.2.1 mod_locations.asciidoc §PATCH Method, mod_tokens.asciidoc §PATCH Method ("Any
/// request to the PATCH method SHALL contain the `last_updated` field").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatchInput {
    /// The `last_updated` to write when the 2.1.1 body has none.
    pub last_updated: Option<DateTime>,
    /// Fallbacks for the EVSEs of a Location PATCH that sends whole EVSEs.
    pub evses: EvseInput,
}

impl PatchInput {
    /// No fallbacks: a body without `last_updated` cannot be upgraded.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `last_updated` to write when the body has none.
    pub fn with_last_updated(mut self, last_updated: DateTime) -> Self {
        self.last_updated = Some(last_updated);
        self
    }

    /// Fallbacks for whole EVSEs in the body.
    pub fn with_evses(mut self, evses: EvseInput) -> Self {
        self.evses = evses;
        self
    }
}

/// What a 2.2.1 Session requires that a 2.1.1 Session does not carry.
///
/// Spec: 2.2.1 mod_sessions.asciidoc §Session Object (`country_code`, `party_id`,
/// `cdr_token`, `auth_method`: 1).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInput {
    /// The CPO that owns the Session.
    pub party: PartyRef,
    /// The token the session was started with. 2.1.1 names it by `auth_id` only; its
    /// `contract_id` must be that `auth_id` (compared without case), and its `country_code`
    /// and `party_id` must be set. The Session's own `auth_id` text is written.
    pub cdr_token: v221::cdrs::CdrToken,
    /// The authentication method to write when the 2.1.1 Session has none (both official
    /// 2.1.1 Session examples omit it).
    pub auth_method: Option<v221::cdrs::AuthMethod>,
}

impl SessionInput {
    /// The owner and the token; no `auth_method` fallback.
    pub fn new(party: PartyRef, cdr_token: v221::cdrs::CdrToken) -> Self {
        SessionInput {
            party,
            cdr_token,
            auth_method: None,
        }
    }

    /// The authentication method to write when the Session has none.
    pub fn with_auth_method(mut self, auth_method: v221::cdrs::AuthMethod) -> Self {
        self.auth_method = Some(auth_method);
        self
    }
}

/// What a 2.2.1 Session PATCH body requires that a 2.1.1 one may not carry.
///
/// Spec: 2.2.1 mod_sessions.asciidoc §PATCH Method.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionPatchInput {
    /// The `last_updated` to write when the 2.1.1 body has none.
    pub last_updated: Option<DateTime>,
    /// The token, needed only when the body changes `auth_id` (a 2.2.1 PATCH replaces
    /// `cdr_token` whole); same rules as [`SessionInput::cdr_token`].
    pub cdr_token: Option<v221::cdrs::CdrToken>,
}

impl SessionPatchInput {
    /// No fallbacks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `last_updated` to write when the body has none.
    pub fn with_last_updated(mut self, last_updated: DateTime) -> Self {
        self.last_updated = Some(last_updated);
        self
    }

    /// The token, for a body that changes `auth_id`.
    pub fn with_cdr_token(mut self, cdr_token: v221::cdrs::CdrToken) -> Self {
        self.cdr_token = Some(cdr_token);
        self
    }
}

/// What a 2.2.1 CDR requires that a 2.1.1 CDR does not carry.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object (`country_code`, `party_id`, `cdr_token`: 1).
#[derive(Debug, Clone, PartialEq)]
pub struct CdrInput {
    /// The CPO that owns the CDR, and so its tariffs.
    pub party: PartyRef,
    /// The token the session was started with; same rules as [`SessionInput::cdr_token`].
    pub cdr_token: v221::cdrs::CdrToken,
}

impl CdrInput {
    /// The owner and the token.
    pub fn new(party: PartyRef, cdr_token: v221::cdrs::CdrToken) -> Self {
        CdrInput { party, cdr_token }
    }
}

/// What a 2.2.1 Token requires that a 2.1.1 Token does not carry.
///
/// Spec: 2.2.1 mod_tokens.asciidoc §Token Object (`country_code`, `party_id`; `whitelist`
/// and `last_updated`: 1).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenInput {
    /// The eMSP that owns the Token.
    pub party: PartyRef,
    /// The whitelist type to write when the 2.1.1 Token has none (the official 2.1.1 GET
    /// examples omit it).
    pub whitelist: Option<v221::tokens::WhitelistType>,
    /// The `last_updated` to write when the 2.1.1 Token has none (same examples).
    pub last_updated: Option<DateTime>,
}

impl TokenInput {
    /// The owner; no fallbacks.
    pub fn new(party: PartyRef) -> Self {
        TokenInput {
            party,
            whitelist: None,
            last_updated: None,
        }
    }

    /// The whitelist type to write when the Token has none.
    pub fn with_whitelist(mut self, whitelist: v221::tokens::WhitelistType) -> Self {
        self.whitelist = Some(whitelist);
        self
    }

    /// The `last_updated` to write when the Token has none.
    pub fn with_last_updated(mut self, last_updated: DateTime) -> Self {
        self.last_updated = Some(last_updated);
        self
    }
}

/// What a 2.2.1 CommandResponse requires that a 2.1.1 one does not carry.
///
/// Spec: 2.2.1 mod_commands.asciidoc §CommandResponse Object (`timeout`: 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandResponseInput {
    /// Seconds the eMSP should wait for the asynchronous result.
    pub timeout: i64,
}

impl CommandResponseInput {
    /// The timeout, in seconds.
    pub fn new(timeout: i64) -> Self {
        CommandResponseInput { timeout }
    }
}

/// The roles of a 2.1.1 party, for its 2.2.1 `roles` list.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (`role`: 1).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialsInput {
    /// One entry is written per role, each with the party's business details and identity.
    pub roles: Vec<Role>,
}

impl CredentialsInput {
    /// The roles the party plays (one or more).
    pub fn new(roles: Vec<Role>) -> Self {
        CredentialsInput { roles }
    }
}

/// Which entry of a 2.2.1 `roles` list a 2.1.1 Credentials object describes.
///
/// With neither role nor party, the list must have exactly one entry; otherwise the entries
/// that match both given values must be exactly one.
///
/// Spec: 2.1.1 credentials.md §Credentials object (one party).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CredentialsChoice {
    /// Pick the entry with this role.
    pub role: Option<Role>,
    /// Pick the entry of this party.
    pub party: Option<PartyRef>,
}

impl CredentialsChoice {
    /// No preference: the list must be unambiguous.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pick the entry with this role.
    pub fn with_role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }

    /// Pick the entry of this party.
    pub fn with_party(mut self, party: PartyRef) -> Self {
        self.party = Some(party);
        self
    }
}

/// The 2.2.1 interface role (`SENDER`/`RECEIVER`) of each module a 2.1.1 party offers.
///
/// 2.1.1 modules have a "CPO interface" and an "eMSP interface"; 2.2.1 renamed them by data
/// direction and kept the anchors: `mod_locations_cpo_interface` is the Sender Interface,
/// `mod_tokens_cpo_interface` the Receiver Interface, and so on. So a CPO offers the Sender
/// interface of Locations, Sessions, CDRs and Tariffs and the Receiver interface of Tokens and
/// Commands; an eMSP the opposite ([`EndpointRoles::cpo`], [`EndpointRoles::emsp`]). For
/// `credentials` the role "has no function" (2.2.1 version_information_endpoint.asciidoc
/// §ModuleID enum), so the caller says which value to write. Custom modules are added with
/// [`EndpointRoles::with`].
///
/// Downgrading, the same table says which endpoints of a 2.2.1 list belong to the 2.1.1
/// party: see the [`VersionDetails`](v211::versions::VersionDetails) conversion.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Endpoint class, §InterfaceRole enum;
/// 2.2.1 mod_*.asciidoc §Sender Interface / §Receiver Interface; 2.1.1 mod_*.md §CPO
/// Interface / §eMSP Interface.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRoles {
    roles: Vec<(Box<str>, v221::versions::InterfaceRole)>,
}

/// The 2.1.1 modules whose CPO interface is the 2.2.1 Sender interface.
const CPO_SENDS: [&str; 4] = ["cdrs", "locations", "sessions", "tariffs"];
/// The 2.1.1 modules whose CPO interface is the 2.2.1 Receiver interface.
const CPO_RECEIVES: [&str; 2] = ["commands", "tokens"];

impl EndpointRoles {
    fn table(
        mine: v221::versions::InterfaceRole,
        theirs: v221::versions::InterfaceRole,
        credentials: v221::versions::InterfaceRole,
    ) -> Self {
        let mut roles: Vec<(Box<str>, _)> = vec![("credentials".into(), credentials)];
        roles.extend(CPO_SENDS.iter().map(|m| ((*m).into(), mine.clone())));
        roles.extend(CPO_RECEIVES.iter().map(|m| ((*m).into(), theirs.clone())));
        EndpointRoles { roles }
    }

    /// The endpoints of a CPO: Sender for `cdrs`, `locations`, `sessions`, `tariffs`;
    /// Receiver for `commands`, `tokens`; `credentials` as given.
    pub fn cpo(credentials: v221::versions::InterfaceRole) -> Self {
        use v221::versions::InterfaceRole::{Receiver, Sender};
        Self::table(Sender, Receiver, credentials)
    }

    /// The endpoints of an eMSP: Receiver for `cdrs`, `locations`, `sessions`, `tariffs`;
    /// Sender for `commands`, `tokens`; `credentials` as given.
    pub fn emsp(credentials: v221::versions::InterfaceRole) -> Self {
        use v221::versions::InterfaceRole::{Receiver, Sender};
        Self::table(Receiver, Sender, credentials)
    }

    /// Sets the role of one module (a custom module, or an override).
    pub fn with(
        mut self,
        module: v211::versions::ModuleId,
        role: v221::versions::InterfaceRole,
    ) -> Self {
        let name = module.as_str();
        match self.roles.iter_mut().find(|(m, _)| &**m == name) {
            Some(slot) => slot.1 = role,
            None => self.roles.push((name.into(), role)),
        }
        self
    }

    /// The role of a module, by its wire identifier.
    fn role_of(&self, module: &str) -> Option<&v221::versions::InterfaceRole> {
        self.roles
            .iter()
            .find(|(m, _)| &**m == module)
            .map(|(_, r)| r)
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const OWNER: &str =
    "2.1.1 objects carry no owner: the party is known from the URL and the credentials";

/// A 2.1.1 `string` as a 2.2.1 `CiString(N)`: printable ASCII, at most `N` characters.
fn ci<const N: usize>(s: &str, path: &str) -> Result<CiString<N>, ConvertError> {
    CiString::new(s).map_err(|e| missing(path, &format!("{s:?} is not a 2.2.1 CiString({N}): {e}")))
}

/// A text as a 2.1.1 `string(N)`.
fn text<const N: usize>(s: &str, path: &str) -> Result<OcpiString<N>, ConvertError> {
    OcpiString::new(s).map_err(|e| missing(path, &format!("{s:?} is not a 2.1.1 string({N}): {e}")))
}

fn ci_list<const N: usize, S: AsRef<str>>(
    list: Option<Vec<S>>,
    path: &str,
) -> Result<Option<Vec<CiString<N>>>, ConvertError> {
    list.map(|l| {
        l.iter()
            .enumerate()
            .map(|(i, s)| ci(s.as_ref(), &format!("{path}[{i}]")))
            .collect()
    })
    .transpose()
}

fn text_list<const N: usize, S: AsRef<str>>(
    list: Option<Vec<S>>,
    path: &str,
) -> Result<Option<Vec<OcpiString<N>>>, ConvertError> {
    list.map(|l| {
        l.iter()
            .enumerate()
            .map(|(i, s)| text(s.as_ref(), &format!("{path}[{i}]")))
            .collect()
    })
    .transpose()
}

/// An enum value by its wire text.
fn rewire<T>(wire: &str, from_wire: fn(&str) -> Result<T, EnumError>) -> Result<T, ConvertError> {
    from_wire(wire).map_err(|e| missing("", &e.to_string()))
}

/// The value of a 2.1.1 field that may hold a non-conforming value, for a required 2.2.1
/// field.
fn conforming<T>(value: Tolerant<T>, path: &str) -> Result<T, ConvertError> {
    match value {
        Tolerant::Valid(v) => Ok(v),
        Tolerant::Deviating(d) => Err(missing(
            path,
            &format!(
                "non-conforming value {} ({}) has no 2.2.1 form",
                d.raw().get(),
                d.reason()
            ),
        )),
    }
}

/// A required 2.2.1 field: the source value, else the input's fallback, else an error.
fn required<T>(value: Option<T>, fallback: &Option<T>, path: &str) -> Result<T, ConvertError>
where
    T: Clone,
{
    value.or_else(|| fallback.clone()).ok_or_else(|| {
        missing(
            path,
            "required by 2.2.1; the 2.1.1 document has none and the input gives no fallback",
        )
    })
}

/// The top-level keys of `value` as serialized, in order.
fn keys<T: Serialize>(value: &T) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut out = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<IgnoredAny>()?;
                        out.push(k);
                    }
                    Ok(Keys(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::to_string(value)
        .ok()
        .and_then(|s| serde_json::from_str::<Keys>(&s).ok())
        .map(|k| k.0)
        .unwrap_or_default()
}

/// Reports every field present in `value` (known or unknown) except those in `keep`.
fn lost_except<T: Serialize>(
    losses: &mut Losses,
    prefix: &str,
    value: &T,
    keep: &[&str],
    reason: &str,
) {
    for key in keys(value) {
        if !keep.contains(&key.as_str()) {
            losses.lost(join(prefix, &key), reason);
        }
    }
}

/// Sets the unknown fields of a freshly built object and finishes.
macro_rules! finish {
    ($losses:ident, $out:ident, $unknown:expr) => {{
        $out.unknown_fields = super::carry_like(&$out, $unknown, &mut $losses);
        Ok($losses.finish($out))
    }};
}

/// A coordinate in the other version's form: 2.1.1 writes exactly 6 decimals, 2.2.1 5 to 7.
/// Decimals are added as zeros or rounded (half away from zero); a rounding that changes the
/// value is reported.
fn coordinate<const I: usize, const A: usize, const B: usize, const A2: usize, const B2: usize>(
    c: Coordinate<I, A, B>,
    path: &str,
    losses: &mut Losses,
) -> Coordinate<I, A2, B2> {
    let (out, changed) = c.to_version::<A2, B2>();
    if changed {
        losses.lost(path, format!("{c} rounded to {out}: {B2} decimals at most"));
    }
    out
}

/// GeoLocation and AdditionalGeoLocation, one way: the same fields, the coordinates in the
/// target version's form (see `coordinate`).
///
/// Spec: 2.1.1 mod_locations.md §GeoLocation class, §AdditionalGeoLocation class; 2.2.1
/// mod_locations.asciidoc §GeoLocation class, §AdditionalGeoLocation class
macro_rules! geo_conversions {
    ($from:ident => $to:ident) => {
        impl Convert<$to::GeoLocation> for $from::GeoLocation {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to::GeoLocation>, ConvertError> {
                let $from::GeoLocation {
                    latitude,
                    longitude,
                    unknown_fields,
                } = self;
                let mut losses = Losses::new();
                let mut out = $to::GeoLocation {
                    latitude: coordinate(latitude, "latitude", &mut losses),
                    longitude: coordinate(longitude, "longitude", &mut losses),
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }

        impl Convert<$to::AdditionalGeoLocation> for $from::AdditionalGeoLocation {
            type Input = ();

            fn convert(
                self,
                _: &(),
            ) -> Result<Converted<$to::AdditionalGeoLocation>, ConvertError> {
                let $from::AdditionalGeoLocation {
                    latitude,
                    longitude,
                    name,
                    unknown_fields,
                } = self;
                let mut losses = Losses::new();
                let mut out = $to::AdditionalGeoLocation {
                    latitude: coordinate(latitude, "latitude", &mut losses),
                    longitude: coordinate(longitude, "longitude", &mut losses),
                    name,
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }
    };
}

geo_conversions!(loc1 => loc2);
geo_conversions!(loc2 => loc1);

fn lost_owner(losses: &mut Losses) {
    losses.lost("country_code", OWNER);
    losses.lost("party_id", OWNER);
}

fn lost_patch<T>(losses: &mut Losses, field: &PatchField<T>, path: &str, reason: &str) {
    if !field.is_absent() {
        losses.lost(path, reason);
    }
}

fn pf_try<A, B>(
    field: PatchField<A>,
    map: impl FnOnce(A) -> Result<B, ConvertError>,
) -> Result<PatchField<B>, ConvertError> {
    Ok(match field {
        PatchField::Absent => PatchField::Absent,
        PatchField::Null => PatchField::Null,
        PatchField::Value(v) => PatchField::Value(map(v)?),
    })
}

/// An optional PATCH field whose target is required: `null` cannot clear it.
fn pf_required<T>(
    field: PatchField<T>,
    path: &str,
    version: &str,
    losses: &mut Losses,
) -> Option<T> {
    match field {
        PatchField::Value(v) => Some(v),
        PatchField::Absent => None,
        PatchField::Null => {
            losses.lost(
                path,
                format!("null cannot clear a field that {version} requires"),
            );
            None
        }
    }
}

fn opt_to_pf<T>(value: Option<T>) -> PatchField<T> {
    value.map_or(PatchField::Absent, PatchField::Value)
}

fn convert_pf<S: Convert<T>, T>(
    losses: &mut Losses,
    prefix: &str,
    field: PatchField<S>,
    input: &S::Input,
) -> Result<PatchField<T>, ConvertError> {
    pf_try(field, |v| losses.convert(prefix, v, input))
}

fn convert_pf_list<S: Convert<T>, T>(
    losses: &mut Losses,
    prefix: &str,
    field: PatchField<Vec<S>>,
    input: &S::Input,
) -> Result<PatchField<Vec<T>>, ConvertError> {
    pf_try(field, |v| losses.convert_list(prefix, v, input))
}

/// A PATCH list field converted element by element, leaving out each element 2.1.1 cannot
/// hold (reported).
fn pf_dropping<S: Convert<T, Input = ()>, T>(
    losses: &mut Losses,
    prefix: &str,
    field: PatchField<Vec<S>>,
) -> PatchField<Vec<T>> {
    match field {
        PatchField::Absent => PatchField::Absent,
        PatchField::Null => PatchField::Null,
        PatchField::Value(v) => PatchField::Value(losses.convert_list_dropping(prefix, v, &())),
    }
}

/// A required (`+`) 2.1.1 list after its elements 2.1.1 cannot hold were left out: an error
/// when none is left.
fn some_left<T>(values: Vec<T>, path: &str) -> Result<Vec<T>, ConvertError> {
    if values.is_empty() {
        Err(missing(
            path,
            "2.1.1 requires at least one element and none has a 2.1.1 form",
        ))
    } else {
        Ok(values)
    }
}

/// The `last_updated` of a 2.2.1 PATCH body.
fn patch_last_updated(
    value: Option<DateTime>,
    fallback: &Option<DateTime>,
) -> Result<Option<DateTime>, ConvertError> {
    value.or(*fallback).map(Some).ok_or_else(|| {
        missing(
            "last_updated",
            "2.2.1 requires last_updated in every PATCH; the 2.1.1 body has none and the input gives none",
        )
    })
}

/// A 2.1.1 amount (excluding VAT) as a 2.2.1 Price.
fn price(excl_vat: Number) -> Price {
    Price::new(excl_vat)
}

/// A 2.2.1 Price as a 2.1.1 amount: `excl_vat` crosses, the rest is reported.
fn amount(price: Price, path: &str, losses: &mut Losses) -> Number {
    lost_except(
        losses,
        path,
        &price,
        &["excl_vat"],
        "2.1.1 amounts are a number excluding VAT",
    );
    price.excl_vat
}

/// The 2.2.1 CdrToken of a 2.1.1 `auth_id`, from the input's token.
fn cdr_token(
    auth_id: &str,
    token: &v221::cdrs::CdrToken,
    path: &str,
) -> Result<v221::cdrs::CdrToken, ConvertError> {
    if token.country_code.is_none() || token.party_id.is_none() {
        return Err(missing(
            path,
            "the given CdrToken lacks country_code or party_id, which 2.2.1 requires",
        ));
    }
    if !token.contract_id.as_str().eq_ignore_ascii_case(auth_id) {
        return Err(missing(
            path,
            &format!(
                "the given CdrToken is for contract {:?}, not {auth_id:?}",
                token.contract_id.as_str()
            ),
        ));
    }
    let mut out = token.clone();
    out.contract_id = ci(auth_id, path)?;
    Ok(out)
}

/// The 2.1.1 `auth_id` of a 2.2.1 CdrToken: its `contract_id`; the rest is reported.
fn auth_id(
    token: v221::cdrs::CdrToken,
    path: &str,
    losses: &mut Losses,
) -> Result<OcpiString<36>, ConvertError> {
    lost_except(
        losses,
        path,
        &token,
        &["contract_id"],
        "2.1.1 names the token by auth_id (its contract_id) only",
    );
    text(&token.contract_id, &join(path, "contract_id"))
}

/// The one EVSE and connector of the Location embedded in a 2.1.1 Session or CDR ("including
/// only the relevant EVSE and connector").
fn used_connector<'a>(
    location: &'a loc1::Location,
    prefix: &str,
) -> Result<(&'a loc1::Evse, &'a loc1::Connector), ConvertError> {
    let [evse] = location.evses.as_deref().unwrap_or(&[]) else {
        return Err(missing(
            &join(prefix, "evses"),
            "the location of a 2.1.1 Session or CDR must hold exactly the one EVSE used",
        ));
    };
    let [connector] = evse.connectors.as_slice() else {
        return Err(missing(
            &join(prefix, "evses[0].connectors"),
            "the location of a 2.1.1 Session or CDR must hold exactly the one connector used",
        ));
    };
    Ok((evse, connector))
}

/// Reports the fields of an embedded 2.1.1 Location, of its EVSE and of its connector that
/// are not in the keep lists (`evses` and `connectors` are walked, not reported).
fn lost_location(
    losses: &mut Losses,
    prefix: &str,
    location: &loc1::Location,
    keep: [&[&str]; 3],
    reason: &str,
) -> Result<(), ConvertError> {
    let (evse, connector) = used_connector(location, prefix)?;
    let mut keep_location = keep[0].to_vec();
    keep_location.push("evses");
    lost_except(losses, prefix, location, &keep_location, reason);
    let evse_path = join(prefix, "evses[0]");
    let mut keep_evse = keep[1].to_vec();
    keep_evse.push("connectors");
    lost_except(losses, &evse_path, evse, &keep_evse, reason);
    let connector_path = join(&evse_path, "connectors[0]");
    lost_except(losses, &connector_path, connector, keep[2], reason);
    Ok(())
}

/// The given 2.1.1 Location reduced to the one EVSE and connector of a Session or CDR
/// (2.1.1 embeds "only the relevant EVSE and connector"). The ids must match (without case:
/// 2.2.1 ids are case-insensitive).
fn reduce(
    location: &loc1::Location,
    ids: [(&str, &str); 3],
) -> Result<loc1::Location, ConvertError> {
    let [(location_path, location_id), (evse_path, evse_uid), (connector_path, connector_id)] = ids;
    if !location.id.as_str().eq_ignore_ascii_case(location_id) {
        return Err(missing(
            location_path,
            &format!(
                "the given 2.1.1 Location is {:?}, not {location_id:?}",
                location.id.as_str()
            ),
        ));
    }
    let evse = location
        .evses
        .iter()
        .flatten()
        .find(|e| e.uid.as_str().eq_ignore_ascii_case(evse_uid))
        .ok_or_else(|| {
            missing(
                evse_path,
                &format!("the given 2.1.1 Location has no EVSE {evse_uid:?}"),
            )
        })?;
    let connector = evse
        .connectors
        .iter()
        .find(|c| c.id.as_str().eq_ignore_ascii_case(connector_id))
        .ok_or_else(|| {
            missing(
                connector_path,
                &format!("EVSE {evse_uid:?} of the given 2.1.1 Location has no connector {connector_id:?}"),
            )
        })?;
    let mut evse = evse.clone();
    evse.connectors = vec![connector.clone()];
    let mut out = location.clone();
    out.evses = Some(vec![evse]);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/// Enum conversions by wire value.
///
/// Upgrades (`=>`): every value crosses by its wire text; the values listed after `lossy`
/// keep their wire text but lose their meaning in the target version: they are reported.
///
/// Downgrades (`down`): what 2.1.1 has crosses as is; a value 2.1.1 lacks becomes the value
/// its `map` names (`*`: any other value), reported; with no mapping it crosses as written
/// (reported) only into an open 2.1.1 enum, and is otherwise an error naming the value (the
/// field's object cannot cross; lists where one element can be left out leave it out, see
/// [`Losses::convert_list_dropping`]).
macro_rules! enum_conversions {
    () => {};
    (
        $(#[doc = $doc:literal])*
        down $from:ty => $to:ty, $name:literal
            $(, map { $($src:literal => $dst:literal: $why:literal),* $(,)? })?;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        impl Convert<$to> for $from {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to>, ConvertError> {
                super::Downgrade {
                    version: "2.1.1",
                    name: $name,
                    from_wire: <$to>::from_wire,
                    is_known: <$to>::is_known,
                    open: <$to>::OPEN,
                    report_open: false,
                    map: &[$($(($src, $dst, $why)),*)?],
                }
                .convert(self.as_str(), self.is_known())
            }
        }
        enum_conversions!($($rest)*);
    };
    (
        $(#[doc = $doc:literal])*
        $from:ty => $to:ty $(, lossy { $($value:literal => $reason:literal),* $(,)? })?;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        impl Convert<$to> for $from {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to>, ConvertError> {
                #[allow(unused_mut)]
                let mut losses = Losses::new();
                $($( if self.as_str() == $value { losses.lost("", $reason); } )*)?
                Ok(losses.finish(rewire(self.as_str(), <$to>::from_wire)?))
            }
        }
        enum_conversions!($($rest)*);
    };
}

enum_conversions! {
    /// Capability, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_locations.md §Capability enum → 2.2.1 mod_locations.asciidoc
    /// §Capability enum
    loc1::Capability => loc2::Capability;
    /// Capability, 2.2.1 → 2.1.1: the values added in 2.2 and 2.2.1 (`CHARGING_PREFERENCES_CAPABLE`,
    /// `CHIP_CARD_SUPPORT`, …) and unknown values have no 2.1.1 value and none means the
    /// same: an error, which the EVSE's `capabilities` list turns into leaving the value out
    /// (reported): the EVSE still offers every capability 2.1.1 can name.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Capability enum → 2.1.1 mod_locations.md
    /// §Capability enum
    down loc2::Capability => loc1::Capability, "Capability";
    /// ConnectorType, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_locations.md §ConnectorType enum → 2.2.1 mod_locations.asciidoc
    /// §ConnectorType enum
    loc1::ConnectorType => loc2::ConnectorType;
    /// ConnectorType, 2.2.1 → 2.1.1: the types added in 2.2 and 2.2.1 (ChaoJi, GB/T, NEMA,
    /// pantographs, Domestic M–O) and unknown values are an error: each is a plug of its own
    /// shape, no 2.1.1 type fits it, and a wrong type would send drivers to a plug their
    /// cable does not fit. The connector (and the Location, Session or CDR holding it) cannot
    /// cross.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ConnectorType enum → 2.1.1 mod_locations.md
    /// §ConnectorType enum
    down loc2::ConnectorType => loc1::ConnectorType, "ConnectorType";
    /// Facility, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_locations.md §Facility enum → 2.2.1 mod_locations.asciidoc §Facility
    /// enum
    loc1::Facility => loc2::Facility;
    /// Facility, 2.2.1 → 2.1.1: the values added in 2.2 (`BIKE_SHARING`, `PARKING_LOT`,
    /// `TRAM_STOP`, `METRO_STATION`) and unknown values are an error, which the Location's
    /// `facilities` list turns into leaving the value out (reported).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Facility enum → 2.1.1 mod_locations.md §Facility
    /// enum
    down loc2::Facility => loc1::Facility, "Facility";
    /// PowerType, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_locations.md §PowerType enum → 2.2.1 mod_locations.asciidoc §PowerType
    /// enum
    loc1::PowerType => loc2::PowerType;
    /// PowerType, 2.2.1 → 2.1.1: `AC_2_PHASE` and `AC_2_PHASE_SPLIT` (added in 2.2.1) and
    /// unknown values are an error: 2.1.1 knows one or three phases, and either would
    /// misstate the power a connector delivers (power is computed from voltage, amperage and
    /// phases). The connector cannot cross.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §PowerType enum → 2.1.1 mod_locations.md §PowerType
    /// enum
    down loc2::PowerType => loc1::PowerType, "PowerType";
    /// SessionStatus, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_sessions.md §SessionStatus enum → 2.2.1 mod_sessions.asciidoc
    /// §SessionStatus enum
    v211::sessions::SessionStatus => v221::sessions::SessionStatus;
    /// SessionStatus, 2.2.1 → 2.1.1: `RESERVATION` (added in 2.2: "started due to a
    /// reservation, charging has not yet started. The session might never become an active
    /// session") is sent as `PENDING` ("it has not yet started. Not all pre-conditions are
    /// met. [...] might never become an active session"), reported. An unknown value is an
    /// error.
    ///
    /// Spec: 2.2.1 mod_sessions.asciidoc §SessionStatus enum → 2.1.1 mod_sessions.md
    /// §SessionStatus enum
    down v221::sessions::SessionStatus => v211::sessions::SessionStatus, "SessionStatus", map {
        "RESERVATION" => "PENDING": "a session started by a reservation that has not started charging",
    };
    /// AuthMethod, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §AuthMethod enum → 2.2.1 mod_cdrs.asciidoc §AuthMethod enum
    v211::cdrs::AuthMethod => v221::cdrs::AuthMethod;
    /// AuthMethod, 2.2.1 → 2.1.1: `COMMAND` (added in 2.2: a StartSession or ReserveNow from
    /// the eMSP authorized the session) is sent as `AUTH_REQUEST` ("Authentication request
    /// from the eMSP"): in both the eMSP authorized the token, which is what 2.1.1 tells
    /// apart from `WHITELIST`; reported. An unknown value is an error.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §AuthMethod enum → 2.1.1 mod_cdrs.md §AuthMethod enum
    down v221::cdrs::AuthMethod => v211::cdrs::AuthMethod, "AuthMethod", map {
        "COMMAND" => "AUTH_REQUEST": "the eMSP authorized the token through a command",
    };
    /// CdrDimensionType, 2.1.1 → 2.2.1. `FLAT` was removed in 2.2 ("of no use on a CDR, only
    /// causes confusion"): it keeps its wire text and is reported, as 2.2.1 gives it no
    /// meaning.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §CdrDimensionType enum → 2.2.1 mod_cdrs.asciidoc
    /// §CdrDimensionType enum; 2.2.1 changelog.asciidoc
    v211::cdrs::CdrDimensionType => v221::cdrs::CdrDimensionType, lossy {
        "FLAT" => "FLAT was removed in 2.2 (no use on a CDR): kept as written, 2.2.1 gives it no meaning",
    };
    /// CdrDimensionType, 2.2.1 → 2.1.1: the values added in 2.2 (`CURRENT`, `ENERGY_EXPORT`,
    /// `ENERGY_IMPORT`, `MAX_POWER`, `MIN_POWER`, `POWER`, `RESERVATION_TIME`,
    /// `STATE_OF_CHARGE`) and unknown values are an error, which a charging period's
    /// `dimensions` turns into leaving the dimension out (reported): each dimension is a
    /// measurement of its own.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CdrDimensionType enum → 2.1.1 mod_cdrs.md
    /// §CdrDimensionType enum
    down v221::cdrs::CdrDimensionType => v211::cdrs::CdrDimensionType, "CdrDimensionType";
    /// TokenType, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_tokens.md §TokenType enum → 2.2.1 mod_tokens.asciidoc §TokenType enum
    v211::tokens::TokenType => v221::tokens::TokenType;
    /// TokenType, 2.2.1 → 2.1.1: `AD_HOC_USER` and `APP_USER` (added in 2.2), and unknown
    /// values, are sent as `OTHER` ("Other type of token"), reported: 2.1.1 has only `OTHER`
    /// and `RFID`, and none of them is an RFID token.
    ///
    /// Spec: 2.2.1 mod_tokens.asciidoc §TokenType enum → 2.1.1 mod_tokens.md §TokenType enum
    down v221::tokens::TokenType => v211::tokens::TokenType, "TokenType", map {
        "AD_HOC_USER" => "OTHER": "not an RFID token",
        "APP_USER" => "OTHER": "not an RFID token",
        "*" => "OTHER": "not an RFID token",
    };
    /// CommandResponseType, 2.1.1 → 2.2.1. `TIMEOUT` moved from the CommandResponse to the new
    /// CommandResult in 2.2: it keeps its wire text and is reported, as a 2.2.1
    /// CommandResponse gives it no meaning.
    ///
    /// Spec: 2.1.1 mod_commands.md §CommandResponseType enum → 2.2.1 mod_commands.asciidoc
    /// §CommandResponseType enum; 2.2.1 changelog.asciidoc
    v211::commands::CommandResponseType => v221::commands::CommandResponseType, lossy {
        "TIMEOUT" => "TIMEOUT moved to the 2.2 CommandResult: kept as written, a 2.2.1 CommandResponse gives it no meaning",
    };
    /// CommandResponseType, 2.2.1 → 2.1.1: every 2.2.1 value exists in 2.1.1; an unknown
    /// value is an error.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResponseType enum → 2.1.1 mod_commands.md
    /// §CommandResponseType enum
    down v221::commands::CommandResponseType => v211::commands::CommandResponseType, "CommandResponseType";
    /// CommandType, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1.
    ///
    /// Spec: 2.1.1 mod_commands.md §CommandType enum → 2.2.1 mod_commands.asciidoc
    /// §CommandType enum
    v211::commands::CommandType => v221::commands::CommandType;
    /// CommandType, 2.2.1 → 2.1.1: `CANCEL_RESERVATION` (added in 2.2) and unknown values
    /// are an error: a 2.1.1 CPO has no such command.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandType enum → 2.1.1 mod_commands.md
    /// §CommandType enum
    down v221::commands::CommandType => v211::commands::CommandType, "CommandType";
    /// ModuleId, 2.1.1 → 2.2.1: every 2.1.1 module exists in 2.2.1; custom modules keep their
    /// identifier.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §ModuleID enum → 2.2.1
    /// version_information_endpoint.asciidoc §ModuleID enum
    v211::versions::ModuleId => v221::versions::ModuleId;
    /// ModuleId, 2.2.1 → 2.1.1: `chargingprofiles` and `hubclientinfo` (added in 2.2) keep
    /// their identifier, reported: 2.1.1 lets parties extend the enum with custom modules.
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §ModuleID enum → 2.1.1
    /// version_information_endpoint.md §ModuleID enum, §Custom Modules
    down v221::versions::ModuleId => v211::versions::ModuleId, "ModuleID";
    /// VersionNumber, 2.1.1 → 2.2.1: every 2.1.1 value exists in 2.2.1; other numbers (`1.9`)
    /// are kept.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §VersionNumber enum → 2.2.1
    /// version_information_endpoint.asciidoc §VersionNumber enum
    v211::versions::VersionNumber => v221::versions::VersionNumber;
    /// VersionNumber, 2.2.1 → 2.1.1: `2.2` and `2.2.1` keep their text (a versions list
    /// names versions newer than its reader's).
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §VersionNumber enum → 2.1.1
    /// version_information_endpoint.md §VersionNumber enum
    down v221::versions::VersionNumber => v211::versions::VersionNumber, "VersionNumber";
}

/// LocationType (2.1.1) → ParkingType (2.2.1), the same field renamed and made optional.
///
/// `ON_STREET`, `PARKING_GARAGE`, `UNDERGROUND_GARAGE` and `PARKING_LOT` cross as is.
/// `UNKNOWN` ("not known by the operator") becomes no parking type: 2.2 removed it because
/// the field became optional. `OTHER` ("none of the given possibilities") was removed for the
/// same reason and also becomes no parking type, reported, as "none of these" is not "not
/// given". Other (custom) values keep their wire text.
///
/// Spec: 2.1.1 mod_locations.md §LocationType enum → 2.2.1 mod_locations.asciidoc §ParkingType
/// enum; 2.2.1 changelog.asciidoc (LocationType enum)
impl Convert<Option<loc2::ParkingType>> for loc1::LocationType {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<Option<loc2::ParkingType>>, ConvertError> {
        let mut losses = Losses::new();
        let value = match self {
            loc1::LocationType::Unknown => None,
            loc1::LocationType::Other => {
                losses.lost(
                    "",
                    "OTHER was removed in 2.2 (the field became optional): no parking type is written",
                );
                None
            }
            other => Some(rewire(other.as_str(), loc2::ParkingType::from_wire)?),
        };
        Ok(losses.finish(value))
    }
}

/// ParkingType (2.2.1, optional) → LocationType (2.1.1, required).
///
/// No parking type is `UNKNOWN` ("not known by the operator", the 2.1.1 default). The four
/// shared values cross as is; `ALONG_MOTORWAY` and `ON_DRIVEWAY` (added in 2.2) and unknown
/// values are sent as `OTHER` ("none of the given possibilities"), reported.
///
/// Spec: 2.2.1 mod_locations.asciidoc §ParkingType enum → 2.1.1 mod_locations.md
/// §LocationType enum
impl Convert<loc1::LocationType> for Option<loc2::ParkingType> {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::LocationType>, ConvertError> {
        match self {
            None => Ok(Losses::new().finish(loc1::LocationType::Unknown)),
            Some(p) => super::Downgrade {
                version: "2.1.1",
                name: "LocationType",
                from_wire: loc1::LocationType::from_wire,
                is_known: loc1::LocationType::is_known,
                open: loc1::LocationType::OPEN,
                report_open: false,
                map: &[("*", "OTHER", "none of the 2.1.1 possibilities")],
            }
            .convert(p.as_str(), p.is_known()),
        }
    }
}

/// The parking type of a 2.1.1 `type` field: `None` when the value cannot be read (reported),
/// `Some(None)` for no parking type.
fn parking_type(
    value: Tolerant<loc1::LocationType>,
    losses: &mut Losses,
) -> Result<Option<Option<loc2::ParkingType>>, ConvertError> {
    match value {
        Tolerant::Valid(t) => Ok(Some(losses.convert("type", t, &())?)),
        Tolerant::Deviating(d) => {
            losses.lost(
                "type",
                format!(
                    "non-conforming value {} has no 2.2.1 ParkingType",
                    d.raw().get()
                ),
            );
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Locations: classes
// ---------------------------------------------------------------------------------------------

/// Image, 2.1.1 → 2.2.1: every field crosses; `type` becomes a `CiString(4)` (an error if it
/// is not ASCII).
///
/// Spec: 2.1.1 mod_locations.md §Image class → 2.2.1 mod_locations.asciidoc §Image class
impl Convert<loc2::Image> for loc1::Image {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc2::Image>, ConvertError> {
        let loc1::Image {
            url,
            thumbnail,
            category,
            r#type,
            width,
            height,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::Image {
            url,
            thumbnail,
            category,
            r#type: ci(&r#type, "type")?,
            width,
            height,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Image, 2.2.1 → 2.1.1: every field crosses.
///
/// Spec: 2.2.1 mod_locations.asciidoc §Image class → 2.1.1 mod_locations.md §Image class
impl Convert<loc1::Image> for loc2::Image {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::Image>, ConvertError> {
        let loc2::Image {
            url,
            thumbnail,
            category,
            r#type,
            width,
            height,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc1::Image {
            url,
            thumbnail,
            category,
            r#type: text(&r#type, "type")?,
            width,
            height,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Converts between the two BusinessDetails (same fields; the logo is a version's Image).
macro_rules! business_details {
    ($(#[doc = $doc:literal])* $from:ident => $to:ident) => {
        $(#[doc = $doc])*
        impl Convert<$to::BusinessDetails> for $from::BusinessDetails {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to::BusinessDetails>, ConvertError> {
                let $from::BusinessDetails { name, website, logo, unknown_fields } = self;
                let mut losses = Losses::new();
                let mut out = $to::BusinessDetails {
                    name,
                    website,
                    logo: losses.convert_opt("logo", logo, &())?,
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }
    };
}

business_details! {
    /// BusinessDetails, 2.1.1 → 2.2.1: every field crosses (the logo as an Image).
    ///
    /// Spec: 2.1.1 mod_locations.md §BusinessDetails class → 2.2.1 mod_locations.asciidoc
    /// §BusinessDetails class
    loc1 => loc2
}
business_details! {
    /// BusinessDetails, 2.2.1 → 2.1.1: every field crosses (the logo as an Image).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §BusinessDetails class → 2.1.1 mod_locations.md
    /// §BusinessDetails class
    loc2 => loc1
}

/// EnvironmentalImpact, 2.1.1 → 2.2.1: `source` is renamed `category` (a copy/paste error of
/// an older version, corrected in 2.2).
///
/// Spec: 2.1.1 mod_locations.md §EnvironmentalImpact class → 2.2.1 mod_locations.asciidoc
/// §EnvironmentalImpact class; 2.2.1 changelog.asciidoc
impl Convert<loc2::EnvironmentalImpact> for loc1::EnvironmentalImpact {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc2::EnvironmentalImpact>, ConvertError> {
        let loc1::EnvironmentalImpact {
            source,
            amount,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::EnvironmentalImpact {
            category: source,
            amount,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// EnvironmentalImpact, 2.2.1 → 2.1.1: `category` is written as `source`.
///
/// Spec: 2.2.1 mod_locations.asciidoc §EnvironmentalImpact class → 2.1.1 mod_locations.md
/// §EnvironmentalImpact class
impl Convert<loc1::EnvironmentalImpact> for loc2::EnvironmentalImpact {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::EnvironmentalImpact>, ConvertError> {
        let loc2::EnvironmentalImpact {
            category,
            amount,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc1::EnvironmentalImpact {
            source: category,
            amount,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Converts between the two EnergyMix classes (same fields; the impacts differ).
macro_rules! energy_mix {
    ($(#[doc = $doc:literal])* $from:ident => $to:ident) => {
        $(#[doc = $doc])*
        impl Convert<$to::EnergyMix> for $from::EnergyMix {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to::EnergyMix>, ConvertError> {
                let $from::EnergyMix {
                    is_green_energy,
                    energy_sources,
                    environ_impact,
                    supplier_name,
                    energy_product_name,
                    unknown_fields,
                } = self;
                let mut losses = Losses::new();
                let mut out = $to::EnergyMix {
                    is_green_energy,
                    energy_sources,
                    environ_impact: losses.convert_opt_list("environ_impact", environ_impact, &())?,
                    supplier_name,
                    energy_product_name,
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }
    };
}

energy_mix! {
    /// EnergyMix, 2.1.1 → 2.2.1: every field crosses (impacts as EnvironmentalImpact).
    ///
    /// Spec: 2.1.1 mod_locations.md §EnergyMix class → 2.2.1 mod_locations.asciidoc
    /// §EnergyMix class
    loc1 => loc2
}
energy_mix! {
    /// EnergyMix, 2.2.1 → 2.1.1: every field crosses (impacts as EnvironmentalImpact).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergyMix class → 2.1.1 mod_locations.md
    /// §EnergyMix class
    loc2 => loc1
}

/// ExceptionalPeriod, 2.1.1 → 2.2.1: both timestamps cross. A timestamp the 2.1.1 model kept
/// verbatim because it does not conform (the official RegularHours example writes
/// `+02:00` offsets) is a [`ConvertError`]: it is not rewritten.
///
/// Spec: 2.1.1 mod_locations.md §ExceptionalPeriod class → 2.2.1 mod_locations.asciidoc
/// §ExceptionalPeriod class
impl Convert<loc2::ExceptionalPeriod> for loc1::ExceptionalPeriod {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc2::ExceptionalPeriod>, ConvertError> {
        let loc1::ExceptionalPeriod {
            period_begin,
            period_end,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::ExceptionalPeriod {
            period_begin: conforming(period_begin, "period_begin")?,
            period_end: conforming(period_end, "period_end")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ExceptionalPeriod, 2.2.1 → 2.1.1: both timestamps cross.
///
/// Spec: 2.2.1 mod_locations.asciidoc §ExceptionalPeriod class → 2.1.1 mod_locations.md
/// §ExceptionalPeriod class
impl Convert<loc1::ExceptionalPeriod> for loc2::ExceptionalPeriod {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::ExceptionalPeriod>, ConvertError> {
        let loc2::ExceptionalPeriod {
            period_begin,
            period_end,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc1::ExceptionalPeriod {
            period_begin: Tolerant::Valid(period_begin),
            period_end: Tolerant::Valid(period_end),
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Hours, 2.1.1 → 2.2.1. In 2.1.1 `regular_hours` and `twentyfourseven` are a choice; in
/// 2.2.1 `twentyfourseven` is required and `regular_hours` goes with `false`. A 2.1.1 Hours
/// that chose `regular_hours` is therefore `twentyfourseven: false`; one that gives neither is
/// a [`ConvertError`]. The exceptional periods cross as ExceptionalPeriod.
///
/// Spec: 2.1.1 mod_locations.md §Hours class → 2.2.1 mod_locations.asciidoc §Hours class;
/// 2.2.1 changelog.asciidoc (Hours class)
impl Convert<loc2::Hours> for loc1::Hours {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc2::Hours>, ConvertError> {
        let loc1::Hours {
            regular_hours,
            twentyfourseven,
            exceptional_openings,
            exceptional_closings,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let twentyfourseven = match twentyfourseven {
            Some(b) => b,
            None if regular_hours.is_some() => false,
            None => {
                return Err(missing(
                    "twentyfourseven",
                    "the 2.1.1 Hours give neither regular_hours nor twentyfourseven",
                ))
            }
        };
        let mut out = loc2::Hours {
            twentyfourseven,
            regular_hours,
            exceptional_openings: losses.convert_opt_list(
                "exceptional_openings",
                exceptional_openings,
                &(),
            )?,
            exceptional_closings: losses.convert_opt_list(
                "exceptional_closings",
                exceptional_closings,
                &(),
            )?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Hours, 2.2.1 → 2.1.1. Written in the 2.1.1 choice form: `twentyfourseven: false` with
/// regular hours is the `regular_hours` side of the choice (no `twentyfourseven`); `true` is
/// written as is. Nothing is lost.
///
/// Spec: 2.2.1 mod_locations.asciidoc §Hours class → 2.1.1 mod_locations.md §Hours class
impl Convert<loc1::Hours> for loc2::Hours {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::Hours>, ConvertError> {
        let loc2::Hours {
            twentyfourseven,
            regular_hours,
            exceptional_openings,
            exceptional_closings,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let chose_regular_hours = !twentyfourseven && regular_hours.is_some();
        let mut out = loc1::Hours {
            regular_hours,
            twentyfourseven: (!chose_regular_hours).then_some(twentyfourseven),
            exceptional_openings: losses.convert_opt_list(
                "exceptional_openings",
                exceptional_openings,
                &(),
            )?,
            exceptional_closings: losses.convert_opt_list(
                "exceptional_closings",
                exceptional_closings,
                &(),
            )?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Locations: Connector
// ---------------------------------------------------------------------------------------------

const ONE_TARIFF: &str = "2.1.1 has a single tariff_id: the first of tariff_ids is kept";

/// The single 2.1.1 `tariff_id` of a 2.2.1 `tariff_ids` list: the first; the others are
/// reported.
fn first_tariff(
    ids: Vec<CiString<36>>,
    losses: &mut Losses,
) -> Result<Option<OcpiString<36>>, ConvertError> {
    for i in 1..ids.len() {
        losses.lost(format!("tariff_ids[{i}]"), ONE_TARIFF);
    }
    ids.first().map(|id| text(id, "tariff_ids[0]")).transpose()
}

/// Connector, 2.1.1 → 2.2.1: `voltage` and `amperage` are renamed `max_voltage` and
/// `max_amperage` ("to better reflect the real meaning"); the single `tariff_id` becomes a
/// one-element `tariff_ids`; `id` becomes a `CiString(36)` (an error if it is not ASCII).
/// Nothing is lost.
///
/// Spec: 2.1.1 mod_locations.md §Connector Object → 2.2.1 mod_locations.asciidoc §Connector
/// Object; 2.2.1 changelog.asciidoc (Connector Object)
impl Convert<loc2::Connector> for loc1::Connector {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc2::Connector>, ConvertError> {
        let loc1::Connector {
            id,
            standard,
            format,
            power_type,
            voltage,
            amperage,
            tariff_id,
            terms_and_conditions,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::Connector {
            id: ci(&id, "id")?,
            standard: losses.convert("standard", standard, &())?,
            format,
            power_type: losses.convert_opt("power_type", power_type, &())?,
            max_voltage: voltage,
            max_amperage: amperage,
            max_electric_power: None,
            tariff_ids: tariff_id
                .map(|t| ci(&t, "tariff_id").map(|t| vec![t]))
                .transpose()?,
            terms_and_conditions,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Connector, 2.2.1 → 2.1.1: `max_voltage`/`max_amperage` are written as
/// `voltage`/`amperage`. Lost: `max_electric_power` (no 2.1.1 field) and every tariff id after
/// the first (2.1.1 has a single `tariff_id`).
///
/// Spec: 2.2.1 mod_locations.asciidoc §Connector Object → 2.1.1 mod_locations.md §Connector
/// Object
impl Convert<loc1::Connector> for loc2::Connector {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::Connector>, ConvertError> {
        let loc2::Connector {
            id,
            standard,
            format,
            power_type,
            max_voltage,
            max_amperage,
            max_electric_power,
            tariff_ids,
            terms_and_conditions,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(
            &max_electric_power,
            "max_electric_power",
            "2.1.1 Connector has no max_electric_power",
        );
        let mut out = loc1::Connector {
            id: text(&id, "id")?,
            standard: losses.convert("standard", standard, &())?,
            format,
            power_type: losses.convert_opt("power_type", power_type, &())?,
            voltage: max_voltage,
            amperage: max_amperage,
            tariff_id: match tariff_ids {
                Some(ids) => first_tariff(ids, &mut losses)?,
                None => None,
            },
            terms_and_conditions,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ConnectorPatch, 2.1.1 → 2.2.1: the same mapping as the Connector (`tariff_id: null`
/// clears `tariff_ids`). Input: `last_updated` when the body has none.
///
/// Spec: 2.1.1 mod_locations.md §PATCH Method → 2.2.1 mod_locations.asciidoc §PATCH Method
impl Convert<loc2::ConnectorPatch> for loc1::ConnectorPatch {
    type Input = PatchInput;

    fn convert(self, input: &PatchInput) -> Result<Converted<loc2::ConnectorPatch>, ConvertError> {
        let loc1::ConnectorPatch {
            id,
            standard,
            format,
            power_type,
            voltage,
            amperage,
            tariff_id,
            terms_and_conditions,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::ConnectorPatch {
            id: id.map(|id| ci(&id, "id")).transpose()?,
            standard: losses.convert_opt("standard", standard, &())?,
            format,
            power_type: losses.convert_opt("power_type", power_type, &())?,
            max_voltage: voltage,
            max_amperage: amperage,
            max_electric_power: PatchField::Absent,
            tariff_ids: pf_try(tariff_id, |t| Ok(vec![ci(&t, "tariff_id")?]))?,
            terms_and_conditions,
            last_updated: patch_last_updated(last_updated, &input.last_updated)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ConnectorPatch, 2.2.1 → 2.1.1: the same mapping as the Connector; an empty `tariff_ids`
/// clears `tariff_id`. Lost: `max_electric_power`, tariff ids after the first.
///
/// Spec: 2.2.1 mod_locations.asciidoc §PATCH Method → 2.1.1 mod_locations.md §PATCH Method
impl Convert<loc1::ConnectorPatch> for loc2::ConnectorPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::ConnectorPatch>, ConvertError> {
        let loc2::ConnectorPatch {
            id,
            standard,
            format,
            power_type,
            max_voltage,
            max_amperage,
            max_electric_power,
            tariff_ids,
            terms_and_conditions,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_patch(
            &mut losses,
            &max_electric_power,
            "max_electric_power",
            "2.1.1 Connector has no max_electric_power",
        );
        let tariff_id = match tariff_ids {
            PatchField::Absent => PatchField::Absent,
            PatchField::Null => PatchField::Null,
            PatchField::Value(ids) => match first_tariff(ids, &mut losses)? {
                Some(id) => PatchField::Value(id),
                None => PatchField::Null,
            },
        };
        let mut out = loc1::ConnectorPatch {
            id: id.map(|id| text(&id, "id")).transpose()?,
            standard: losses.convert_opt("standard", standard, &())?,
            format,
            power_type: losses.convert_opt("power_type", power_type, &())?,
            voltage: max_voltage,
            amperage: max_amperage,
            tariff_id,
            terms_and_conditions,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Locations: EVSE
// ---------------------------------------------------------------------------------------------

/// EVSE, 2.1.1 → 2.2.1: every field crosses. `uid` becomes a `CiString(36)` and `evse_id` a
/// `CiString(48)` (an error if too long or not ASCII). `status` and `last_updated`, required
/// by both tables but omitted by official 2.1.1 examples, come from the input's fallbacks
/// when the EVSE lacks them, else are a [`ConvertError`].
///
/// Spec: 2.1.1 mod_locations.md §EVSE Object → 2.2.1 mod_locations.asciidoc §EVSE Object
impl Convert<loc2::Evse> for loc1::Evse {
    type Input = EvseInput;

    fn convert(self, input: &EvseInput) -> Result<Converted<loc2::Evse>, ConvertError> {
        let loc1::Evse {
            uid,
            evse_id,
            status,
            status_schedule,
            capabilities,
            connectors,
            floor_level,
            coordinates,
            physical_reference,
            directions,
            parking_restrictions,
            images,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::Evse {
            uid: ci(&uid, "uid")?,
            evse_id: evse_id.map(|e| ci(&e, "evse_id")).transpose()?,
            status: required(status, &input.status, "status")?,
            status_schedule,
            capabilities: losses.convert_opt_list("capabilities", capabilities, &())?,
            connectors: losses.convert_list("connectors", connectors, &())?,
            floor_level,
            coordinates: losses.convert_opt("coordinates", coordinates, &())?,
            physical_reference,
            directions,
            parking_restrictions,
            images: losses.convert_opt_list("images", images, &())?,
            last_updated: required(last_updated, &input.last_updated, "last_updated")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// EVSE, 2.2.1 → 2.1.1: every field crosses (enum values new in 2.2.1 keep their wire
/// text).
///
/// Spec: 2.2.1 mod_locations.asciidoc §EVSE Object → 2.1.1 mod_locations.md §EVSE Object
impl Convert<loc1::Evse> for loc2::Evse {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::Evse>, ConvertError> {
        let loc2::Evse {
            uid,
            evse_id,
            status,
            status_schedule,
            capabilities,
            connectors,
            floor_level,
            coordinates,
            physical_reference,
            directions,
            parking_restrictions,
            images,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc1::Evse {
            uid: text(&uid, "uid")?,
            evse_id: evse_id.map(|e| text(&e, "evse_id")).transpose()?,
            status: Some(status),
            status_schedule,
            capabilities: losses.convert_opt_list_dropping("capabilities", capabilities, &()),
            connectors: losses.convert_list("connectors", connectors, &())?,
            floor_level,
            coordinates: losses.convert_opt("coordinates", coordinates, &())?,
            physical_reference,
            directions,
            parking_restrictions,
            images: losses.convert_opt_list("images", images, &())?,
            last_updated: Some(last_updated),
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// EvsePatch, 2.1.1 → 2.2.1: the same mapping as the EVSE. Input: `last_updated` when the
/// body has none.
///
/// Spec: 2.1.1 mod_locations.md §PATCH Method → 2.2.1 mod_locations.asciidoc §PATCH Method
impl Convert<loc2::EvsePatch> for loc1::EvsePatch {
    type Input = PatchInput;

    fn convert(self, input: &PatchInput) -> Result<Converted<loc2::EvsePatch>, ConvertError> {
        let loc1::EvsePatch {
            uid,
            evse_id,
            status,
            status_schedule,
            capabilities,
            connectors,
            floor_level,
            coordinates,
            physical_reference,
            directions,
            parking_restrictions,
            images,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::EvsePatch {
            uid: uid.map(|u| ci(&u, "uid")).transpose()?,
            evse_id: pf_try(evse_id, |e| ci(&e, "evse_id"))?,
            status,
            status_schedule,
            capabilities: convert_pf_list(&mut losses, "capabilities", capabilities, &())?,
            connectors: losses.convert_opt_list("connectors", connectors, &())?,
            floor_level,
            coordinates: convert_pf(&mut losses, "coordinates", coordinates, &())?,
            physical_reference,
            directions,
            parking_restrictions,
            images: convert_pf_list(&mut losses, "images", images, &())?,
            last_updated: patch_last_updated(last_updated, &input.last_updated)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// EvsePatch, 2.2.1 → 2.1.1: the same mapping as the EVSE; nothing is lost.
///
/// Spec: 2.2.1 mod_locations.asciidoc §PATCH Method → 2.1.1 mod_locations.md §PATCH Method
impl Convert<loc1::EvsePatch> for loc2::EvsePatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::EvsePatch>, ConvertError> {
        let loc2::EvsePatch {
            uid,
            evse_id,
            status,
            status_schedule,
            capabilities,
            connectors,
            floor_level,
            coordinates,
            physical_reference,
            directions,
            parking_restrictions,
            images,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc1::EvsePatch {
            uid: uid.map(|u| text(&u, "uid")).transpose()?,
            evse_id: pf_try(evse_id, |e| text(&e, "evse_id"))?,
            status,
            status_schedule,
            capabilities: pf_dropping(&mut losses, "capabilities", capabilities),
            connectors: losses.convert_opt_list("connectors", connectors, &())?,
            floor_level,
            coordinates: convert_pf(&mut losses, "coordinates", coordinates, &())?,
            physical_reference,
            directions,
            parking_restrictions,
            images: convert_pf_list(&mut losses, "images", images, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Locations: Location
// ---------------------------------------------------------------------------------------------

const PUBLISH: &str = "2.1.1 Location has no publication control";
const STATE: &str = "2.1.1 Location has no state";

/// Location, 2.1.1 → 2.2.1.
///
/// Crosses: every field. `type` becomes `parking_type` (see the LocationType conversion:
/// `UNKNOWN` and `OTHER` become no parking type, `OTHER` reported; a non-conforming value,
/// like the `"on_street"` of the official Session and CDR examples, is left out and
/// reported); `id` becomes a `CiString(36)` (an error if longer or not ASCII); EVSEs,
/// connectors and classes convert as their own impls say.
///
/// Input: the owning CPO (`country_code`, `party_id`), `publish` (2.1.1 has no such notion),
/// the time zone when the Location has none (optional in 2.1.1, required in 2.2.1: without
/// either, a [`ConvertError`]), and the EVSE fallbacks.
///
/// Spec: 2.1.1 mod_locations.md §Location Object → 2.2.1 mod_locations.asciidoc §Location
/// Object; 2.2.1 changelog.asciidoc (Location Object)
impl Convert<loc2::Location> for loc1::Location {
    type Input = LocationInput;

    fn convert(self, input: &LocationInput) -> Result<Converted<loc2::Location>, ConvertError> {
        let loc1::Location {
            id,
            r#type,
            name,
            address,
            city,
            postal_code,
            country,
            coordinates,
            related_locations,
            evses,
            directions,
            operator,
            suboperator,
            owner,
            facilities,
            time_zone,
            opening_times,
            charging_when_closed,
            images,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = loc2::Location {
            country_code: input.party.country_code,
            party_id: input.party.party_id,
            id: ci(&id, "id")?,
            parking_type: parking_type(r#type, &mut losses)?.flatten(),
            publish: input.publish,
            publish_allowed_to: None,
            name,
            address,
            city,
            postal_code: Some(postal_code),
            state: None,
            country,
            coordinates: losses.convert("coordinates", coordinates, &())?,
            related_locations: losses.convert_opt_list(
                "related_locations",
                related_locations,
                &(),
            )?,
            evses: losses.convert_opt_list("evses", evses, &input.evses)?,
            directions,
            operator: losses.convert_opt("operator", operator, &())?,
            suboperator: losses.convert_opt("suboperator", suboperator, &())?,
            owner: losses.convert_opt("owner", owner, &())?,
            facilities: losses.convert_opt_list("facilities", facilities, &())?,
            time_zone: required(time_zone, &input.time_zone, "time_zone")?,
            opening_times: losses.convert_opt("opening_times", opening_times, &())?,
            charging_when_closed,
            images: losses.convert_opt_list("images", images, &())?,
            energy_mix: losses.convert_opt("energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// What a 2.2.1 Location needs to become a 2.1.1 one, for the fields 2.1.1 requires and 2.2.1
/// made optional.
///
/// Spec: 2.1.1 mod_locations.md §Location Object (`postal_code`: 1); 2.2.1
/// mod_locations.asciidoc §Location Object (`postal_code`: ?)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocationDowngrade {
    /// The `postal_code` sent for a Location that has none (a Location where postal codes
    /// are not used); `None`: such a Location cannot cross.
    pub postal_code: Option<OcpiString<10>>,
}

/// Location, 2.2.1 → 2.1.1.
///
/// Crosses: every field 2.1.1 has. `parking_type` becomes `type` (none is `UNKNOWN`); EVSEs,
/// connectors and classes convert as their own impls say.
///
/// Lost: `country_code`, `party_id` (2.1.1 objects carry no owner), `publish`,
/// `publish_allowed_to` (no publication control in 2.1.1), `state`. A Location without
/// `postal_code` (allowed in 2.2.1 only when it has none) takes the input's
/// [`postal_code`](LocationDowngrade::postal_code), reported as a loss; without one it is a
/// [`ConvertError`]: 2.1.1 requires one.
///
/// Spec: 2.2.1 mod_locations.asciidoc §Location Object → 2.1.1 mod_locations.md §Location
/// Object
impl Convert<loc1::Location> for loc2::Location {
    type Input = LocationDowngrade;

    fn convert(self, input: &LocationDowngrade) -> Result<Converted<loc1::Location>, ConvertError> {
        let loc2::Location {
            country_code: _,
            party_id: _,
            id,
            publish: _,
            publish_allowed_to,
            name,
            address,
            city,
            postal_code,
            state,
            country,
            coordinates,
            related_locations,
            parking_type,
            evses,
            directions,
            operator,
            suboperator,
            owner,
            facilities,
            time_zone,
            opening_times,
            charging_when_closed,
            images,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_owner(&mut losses);
        losses.lost("publish", PUBLISH);
        losses.lost_if(&publish_allowed_to, "publish_allowed_to", PUBLISH);
        losses.lost_if(&state, "state", STATE);
        let postal_code = match (postal_code, &input.postal_code) {
            (Some(code), _) => code,
            (None, Some(fallback)) => {
                losses.lost(
                    "postal_code",
                    "2.1.1 requires a postal_code; the Location has none: the fallback was sent",
                );
                fallback.clone()
            }
            (None, None) => {
                return Err(missing(
                    "postal_code",
                    "2.1.1 requires a postal_code; this Location has none",
                ))
            }
        };
        let mut out = loc1::Location {
            id: text(&id, "id")?,
            r#type: Tolerant::Valid(losses.convert("parking_type", parking_type, &())?),
            name,
            address,
            city,
            postal_code,
            country,
            coordinates: losses.convert("coordinates", coordinates, &())?,
            related_locations: losses.convert_opt_list(
                "related_locations",
                related_locations,
                &(),
            )?,
            evses: losses.convert_opt_list("evses", evses, &())?,
            directions,
            operator: losses.convert_opt("operator", operator, &())?,
            suboperator: losses.convert_opt("suboperator", suboperator, &())?,
            owner: losses.convert_opt("owner", owner, &())?,
            facilities: losses.convert_opt_list_dropping("facilities", facilities, &()),
            time_zone: Some(time_zone),
            opening_times: losses.convert_opt("opening_times", opening_times, &())?,
            charging_when_closed,
            images: losses.convert_opt_list("images", images, &())?,
            energy_mix: losses.convert_opt("energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// LocationPatch, 2.1.1 → 2.2.1: the same mapping as the Location. A `type` of `UNKNOWN` or
/// `OTHER` clears `parking_type` (`null`); `time_zone: null` cannot clear the field 2.2.1
/// requires and is reported. The owner fields stay absent (a PATCH names its object by URL).
/// Input: `last_updated` when the body has none, EVSE fallbacks for whole EVSEs.
///
/// Spec: 2.1.1 mod_locations.md §PATCH Method → 2.2.1 mod_locations.asciidoc §PATCH Method
impl Convert<loc2::LocationPatch> for loc1::LocationPatch {
    type Input = PatchInput;

    fn convert(self, input: &PatchInput) -> Result<Converted<loc2::LocationPatch>, ConvertError> {
        let loc1::LocationPatch {
            id,
            r#type,
            name,
            address,
            city,
            postal_code,
            country,
            coordinates,
            related_locations,
            evses,
            directions,
            operator,
            suboperator,
            owner,
            facilities,
            time_zone,
            opening_times,
            charging_when_closed,
            images,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let parking_type = match r#type {
            None => PatchField::Absent,
            Some(t) => match parking_type(t, &mut losses)? {
                None => PatchField::Absent,
                Some(None) => PatchField::Null,
                Some(Some(p)) => PatchField::Value(p),
            },
        };
        let mut out = loc2::LocationPatch {
            country_code: None,
            party_id: None,
            id: id.map(|id| ci(&id, "id")).transpose()?,
            parking_type,
            publish: None,
            publish_allowed_to: PatchField::Absent,
            name,
            address,
            city,
            postal_code: opt_to_pf(postal_code),
            state: PatchField::Absent,
            country,
            coordinates: losses.convert_opt("coordinates", coordinates, &())?,
            related_locations: convert_pf_list(
                &mut losses,
                "related_locations",
                related_locations,
                &(),
            )?,
            evses: convert_pf_list(&mut losses, "evses", evses, &input.evses)?,
            directions,
            operator: convert_pf(&mut losses, "operator", operator, &())?,
            suboperator: convert_pf(&mut losses, "suboperator", suboperator, &())?,
            owner: convert_pf(&mut losses, "owner", owner, &())?,
            facilities: convert_pf_list(&mut losses, "facilities", facilities, &())?,
            time_zone: pf_required(time_zone, "time_zone", "2.2.1", &mut losses),
            opening_times: convert_pf(&mut losses, "opening_times", opening_times, &())?,
            charging_when_closed,
            images: convert_pf_list(&mut losses, "images", images, &())?,
            energy_mix: convert_pf(&mut losses, "energy_mix", energy_mix, &())?,
            last_updated: patch_last_updated(last_updated, &input.last_updated)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// LocationPatch, 2.2.1 → 2.1.1: the same mapping as the Location. `parking_type: null` is
/// `type: UNKNOWN`; `postal_code: null` cannot clear the field 2.1.1 requires and is reported.
/// Lost: `country_code`, `party_id`, `publish`, `publish_allowed_to`, `state` when present.
///
/// Spec: 2.2.1 mod_locations.asciidoc §PATCH Method → 2.1.1 mod_locations.md §PATCH Method
impl Convert<loc1::LocationPatch> for loc2::LocationPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<loc1::LocationPatch>, ConvertError> {
        let loc2::LocationPatch {
            country_code,
            party_id,
            id,
            publish,
            publish_allowed_to,
            name,
            address,
            city,
            postal_code,
            state,
            country,
            coordinates,
            related_locations,
            parking_type,
            evses,
            directions,
            operator,
            suboperator,
            owner,
            facilities,
            time_zone,
            opening_times,
            charging_when_closed,
            images,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(&country_code, "country_code", OWNER);
        losses.lost_if(&party_id, "party_id", OWNER);
        losses.lost_if(&publish, "publish", PUBLISH);
        lost_patch(
            &mut losses,
            &publish_allowed_to,
            "publish_allowed_to",
            PUBLISH,
        );
        lost_patch(&mut losses, &state, "state", STATE);
        let r#type = match parking_type {
            PatchField::Absent => None,
            PatchField::Null => Some(None),
            PatchField::Value(p) => Some(Some(p)),
        }
        .map(|p| losses.convert("parking_type", p, &()).map(Tolerant::Valid))
        .transpose()?;
        let mut out = loc1::LocationPatch {
            id: id.map(|id| text(&id, "id")).transpose()?,
            r#type,
            name,
            address,
            city,
            postal_code: pf_required(postal_code, "postal_code", "2.1.1", &mut losses),
            country,
            coordinates: losses.convert_opt("coordinates", coordinates, &())?,
            related_locations: convert_pf_list(
                &mut losses,
                "related_locations",
                related_locations,
                &(),
            )?,
            evses: convert_pf_list(&mut losses, "evses", evses, &())?,
            directions,
            operator: convert_pf(&mut losses, "operator", operator, &())?,
            suboperator: convert_pf(&mut losses, "suboperator", suboperator, &())?,
            owner: convert_pf(&mut losses, "owner", owner, &())?,
            facilities: pf_dropping(&mut losses, "facilities", facilities),
            time_zone: opt_to_pf(time_zone),
            opening_times: convert_pf(&mut losses, "opening_times", opening_times, &())?,
            charging_when_closed,
            images: convert_pf_list(&mut losses, "images", images, &())?,
            energy_mix: convert_pf(&mut losses, "energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// CDRs: classes, CdrLocation
// ---------------------------------------------------------------------------------------------

/// CdrDimension, 2.1.1 → 2.2.1: both fields cross (`FLAT` is reported, see
/// CdrDimensionType). A non-conforming `type` (the `"energy"` of the official 2.1.1 Session
/// example) is a [`ConvertError`].
///
/// Spec: 2.1.1 mod_cdrs.md §CdrDimension class → 2.2.1 mod_cdrs.asciidoc §CdrDimension class
impl Convert<v221::cdrs::CdrDimension> for v211::cdrs::CdrDimension {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::cdrs::CdrDimension>, ConvertError> {
        let v211::cdrs::CdrDimension {
            r#type,
            volume,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::cdrs::CdrDimension {
            r#type: losses.convert("type", conforming(r#type, "type")?, &())?,
            volume,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// CdrDimension, 2.2.1 → 2.1.1: both fields cross.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CdrDimension class → 2.1.1 mod_cdrs.md §CdrDimension class
impl Convert<v211::cdrs::CdrDimension> for v221::cdrs::CdrDimension {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::cdrs::CdrDimension>, ConvertError> {
        let v221::cdrs::CdrDimension {
            r#type,
            volume,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::cdrs::CdrDimension {
            r#type: Tolerant::Valid(losses.convert("type", r#type, &())?),
            volume,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ChargingPeriod, 2.1.1 → 2.2.1: both fields cross; there is no `tariff_id`.
///
/// Spec: 2.1.1 mod_cdrs.md §ChargingPeriod class → 2.2.1 mod_cdrs.asciidoc §ChargingPeriod
/// class
impl Convert<v221::cdrs::ChargingPeriod> for v211::cdrs::ChargingPeriod {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::cdrs::ChargingPeriod>, ConvertError> {
        let v211::cdrs::ChargingPeriod {
            start_date_time,
            dimensions,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::cdrs::ChargingPeriod {
            start_date_time,
            dimensions: losses.convert_list("dimensions", dimensions, &())?,
            tariff_id: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ChargingPeriod, 2.2.1 → 2.1.1: `start_date_time` and `dimensions` cross. Lost:
/// `tariff_id` (added in 2.2).
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §ChargingPeriod class → 2.1.1 mod_cdrs.md §ChargingPeriod
/// class
impl Convert<v211::cdrs::ChargingPeriod> for v221::cdrs::ChargingPeriod {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::cdrs::ChargingPeriod>, ConvertError> {
        let v221::cdrs::ChargingPeriod {
            start_date_time,
            dimensions,
            tariff_id,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::cdrs::ChargingPeriod {
            start_date_time,
            dimensions: some_left(
                losses.convert_list_dropping("dimensions", dimensions, &()),
                "dimensions",
            )?,
            unknown_fields: UnknownFields::default(),
        };
        losses.lost_if(
            &tariff_id,
            "tariff_id",
            "2.1.1 ChargingPeriod has no tariff_id",
        );
        finish!(losses, out, unknown_fields)
    }
}

const CDR_LOCATION_KEEP: [&[&str]; 3] = [
    &[
        "id",
        "name",
        "address",
        "city",
        "postal_code",
        "country",
        "coordinates",
    ],
    &["uid", "evse_id"],
    &["id", "standard", "format", "power_type"],
];

/// The Location embedded in a 2.1.1 CDR → the 2.2.1 CdrLocation that replaced it.
///
/// The Location must hold exactly one EVSE with exactly one connector (2.1.1: "including only
/// the relevant EVSE and Connector"), else a [`ConvertError`]. Crosses: `id`, `name`,
/// `address`, `city`, `postal_code`, `country`, `coordinates`, the EVSE's `uid` and `evse_id`,
/// the connector's `id`, `standard`, `format` and `power_type` (an EVSE without `evse_id` or
/// a connector without `power_type` is a [`ConvertError`]: CdrLocation requires them), and
/// the Location's unknown fields. Lost: every other field of the Location, the EVSE and the
/// connector, including their unknown fields.
///
/// Spec: 2.1.1 mod_cdrs.md §CDR Object (`location`) → 2.2.1 mod_cdrs.asciidoc §CdrLocation
/// class; 2.2.1 changelog.asciidoc (CDR Object)
impl Convert<v221::cdrs::CdrLocation> for loc1::Location {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::cdrs::CdrLocation>, ConvertError> {
        let mut losses = Losses::new();
        let (evse, connector) = used_connector(&self, "")?;
        let mut keep = CDR_LOCATION_KEEP[0].to_vec();
        keep.extend(self.unknown_fields.iter().map(|(k, _)| k));
        lost_location(
            &mut losses,
            "",
            &self,
            [&keep, CDR_LOCATION_KEEP[1], CDR_LOCATION_KEEP[2]],
            "not part of the 2.2.1 CdrLocation",
        )?;
        let evse_id = evse.evse_id.as_ref().ok_or_else(|| {
            missing(
                "evses[0].evse_id",
                "required by the 2.2.1 CdrLocation; the EVSE has none",
            )
        })?;
        let power_type = connector.power_type.clone().ok_or_else(|| {
            missing(
                "evses[0].connectors[0].power_type",
                "required by the 2.2.1 CdrLocation; the connector has none",
            )
        })?;
        let mut out = v221::cdrs::CdrLocation {
            id: ci(&self.id, "id")?,
            name: self.name.clone(),
            address: self.address.clone(),
            city: self.city.clone(),
            postal_code: Some(self.postal_code.clone()),
            state: None,
            country: self.country.clone(),
            coordinates: losses.convert("coordinates", self.coordinates.clone(), &())?,
            evse_uid: ci(&evse.uid, "evses[0].uid")?,
            evse_id: ci(evse_id, "evses[0].evse_id")?,
            connector_id: ci(&connector.id, "evses[0].connectors[0].id")?,
            connector_standard: losses.convert(
                "evses[0].connectors[0].standard",
                connector.standard.clone(),
                &(),
            )?,
            connector_format: connector.format.clone(),
            connector_power_type: losses.convert(
                "evses[0].connectors[0].power_type",
                power_type,
                &(),
            )?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, self.unknown_fields)
    }
}

/// The 2.2.1 CdrLocation → the 2.1.1 Location a CDR embeds.
///
/// Input: the 2.1.1 Location of the CDR (a 2.2.1 Location converts to one with the Location
/// conversion). It must have the CDR's location id, EVSE uid and connector id (compared
/// without case), else a [`ConvertError`]; it is reduced to that one EVSE and connector. The
/// fields the CdrLocation carries win over the given Location's (`id`, `name` when set,
/// `address`, `city`, `postal_code` when set, `country`, `coordinates`, `evse_id`, the
/// connector's standard, format and power type); everything else 2.1.1 requires (`type`,
/// `last_updated`, the EVSE's status, the connector's voltage, …) comes from the given
/// Location. Lost: `state`.
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CdrLocation class → 2.1.1 mod_cdrs.md §CDR Object
/// (`location`), mod_locations.md §Location Object
impl Convert<loc1::Location> for v221::cdrs::CdrLocation {
    type Input = loc1::Location;

    fn convert(self, input: &loc1::Location) -> Result<Converted<loc1::Location>, ConvertError> {
        let v221::cdrs::CdrLocation {
            id,
            name,
            address,
            city,
            postal_code,
            state,
            country,
            coordinates,
            evse_uid,
            evse_id,
            connector_id,
            connector_standard,
            connector_format,
            connector_power_type,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = reduce(
            input,
            [
                ("id", &id),
                ("evse_uid", &evse_uid),
                ("connector_id", &connector_id),
            ],
        )?;
        out.id = text(&id, "id")?;
        if name.is_some() {
            out.name = name;
        }
        out.address = address;
        out.city = city;
        if let Some(p) = postal_code {
            out.postal_code = p;
        }
        losses.lost_if(&state, "state", STATE);
        out.country = country;
        out.coordinates = losses.convert("coordinates", coordinates, &())?;
        let evse_id = text(&evse_id, "evse_id")?;
        let standard = losses.convert("connector_standard", connector_standard, &())?;
        let power_type = losses.convert("connector_power_type", connector_power_type, &())?;
        if let Some(evse) = out.evses.iter_mut().flatten().next() {
            evse.evse_id = Some(evse_id);
            if let Some(connector) = evse.connectors.first_mut() {
                connector.standard = standard;
                connector.format = connector_format;
                connector.power_type = Some(power_type);
            }
        }
        let carried = super::carry_like(&out, unknown_fields, &mut losses);
        out.unknown_fields.merge(carried);
        Ok(losses.finish(out))
    }
}

// ---------------------------------------------------------------------------------------------
// CDRs: CDR
// ---------------------------------------------------------------------------------------------

/// CDR, 2.1.1 → 2.2.1.
///
/// Crosses: `id` (a 2.1.1 `CiString(36)` fits the 2.2.1 `CiString(39)`), `start_date_time`,
/// `stop_date_time` (renamed `end_date_time`), `auth_method`, `meter_id`, `currency`,
/// `tariffs` (each owned by the CDR's party), `charging_periods`, `total_cost` (a number
/// excluding VAT: `total_cost.excl_vat`), `total_energy`, `total_time`, `total_parking_time`,
/// `remark`, `last_updated`. `auth_id` is the `contract_id` of the input's CdrToken. The
/// embedded `location` becomes `cdr_location` (see that conversion: what it cannot hold is
/// reported under `location`).
///
/// Input: the owning CPO and the CdrToken (2.1.1 names the token by `auth_id` only).
///
/// Spec: 2.1.1 mod_cdrs.md §CDR Object → 2.2.1 mod_cdrs.asciidoc §CDR Object; 2.2.1
/// changelog.asciidoc (CDR Object)
impl Convert<v221::cdrs::Cdr> for v211::cdrs::Cdr {
    type Input = CdrInput;

    fn convert(self, input: &CdrInput) -> Result<Converted<v221::cdrs::Cdr>, ConvertError> {
        let v211::cdrs::Cdr {
            id,
            start_date_time,
            stop_date_time,
            auth_id,
            auth_method,
            location,
            meter_id,
            currency,
            tariffs,
            charging_periods,
            total_cost,
            total_energy,
            total_time,
            total_parking_time,
            remark,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::cdrs::Cdr {
            country_code: input.party.country_code,
            party_id: input.party.party_id,
            id: ci(&id, "id")?,
            start_date_time,
            end_date_time: stop_date_time,
            session_id: None,
            cdr_token: cdr_token(&auth_id, &input.cdr_token, "auth_id")?,
            auth_method: losses.convert("auth_method", auth_method, &())?,
            authorization_reference: None,
            cdr_location: losses.convert("location", location, &())?,
            meter_id,
            currency,
            tariffs: losses.convert_opt_list("tariffs", tariffs, &input.party)?,
            charging_periods: losses.convert_list("charging_periods", charging_periods, &())?,
            signed_data: None,
            total_cost: price(total_cost),
            total_fixed_cost: None,
            total_energy,
            total_energy_cost: None,
            total_time,
            total_time_cost: None,
            total_parking_time,
            total_parking_cost: None,
            total_reservation_cost: None,
            remark,
            invoice_reference_id: None,
            credit: None,
            credit_reference_id: None,
            home_charging_compensation: None,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// CDR, 2.2.1 → 2.1.1.
///
/// Crosses: `id` (an error beyond 36 characters: a credit CDR may use 39), the dates
/// (`end_date_time` as `stop_date_time`), `cdr_token.contract_id` (as `auth_id`),
/// `auth_method`, `cdr_location` (as a whole Location, see that conversion), `meter_id`,
/// `currency`, `tariffs`, `charging_periods`, `total_cost.excl_vat` (as `total_cost`),
/// `total_energy`, `total_time`, `total_parking_time`, `remark`, `last_updated`.
///
/// Lost: `country_code`, `party_id`, `session_id`, the rest of `cdr_token`,
/// `authorization_reference`, `signed_data`, `total_cost.incl_vat`, the cost breakdown
/// (`total_fixed_cost`, `total_energy_cost`, `total_time_cost`, `total_parking_cost`,
/// `total_reservation_cost`), `invoice_reference_id`, `credit`, `credit_reference_id` (a
/// credit CDR reads as a normal one in 2.1.1) and `home_charging_compensation`.
///
/// Input: the 2.1.1 Location of the CDR (see the CdrLocation conversion).
///
/// Spec: 2.2.1 mod_cdrs.asciidoc §CDR Object → 2.1.1 mod_cdrs.md §CDR Object
impl Convert<v211::cdrs::Cdr> for v221::cdrs::Cdr {
    type Input = loc1::Location;

    fn convert(self, input: &loc1::Location) -> Result<Converted<v211::cdrs::Cdr>, ConvertError> {
        let v221::cdrs::Cdr {
            country_code: _,
            party_id: _,
            id,
            start_date_time,
            end_date_time,
            session_id,
            cdr_token,
            auth_method,
            authorization_reference,
            cdr_location,
            meter_id,
            currency,
            tariffs,
            charging_periods,
            signed_data,
            total_cost,
            total_fixed_cost,
            total_energy,
            total_energy_cost,
            total_time,
            total_time_cost,
            total_parking_time,
            total_parking_cost,
            total_reservation_cost,
            remark,
            invoice_reference_id,
            credit,
            credit_reference_id,
            home_charging_compensation,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_owner(&mut losses);
        losses.lost_if(&session_id, "session_id", "2.1.1 CDR has no session_id");
        let auth_id = auth_id(cdr_token, "cdr_token", &mut losses)?;
        let auth_method = losses.convert("auth_method", auth_method, &())?;
        losses.lost_if(
            &authorization_reference,
            "authorization_reference",
            "2.1.1 has no authorization references",
        );
        let location = losses.convert("cdr_location", cdr_location, input)?;
        let tariffs = losses.convert_opt_list("tariffs", tariffs, &())?;
        let charging_periods = some_left(
            losses.convert_list_dropping("charging_periods", charging_periods, &()),
            "charging_periods",
        )?;
        losses.lost_if(&signed_data, "signed_data", "2.1.1 CDR has no signed data");
        let total_cost = amount(total_cost, "total_cost", &mut losses);
        for (value, path) in [
            (&total_fixed_cost, "total_fixed_cost"),
            (&total_energy_cost, "total_energy_cost"),
            (&total_time_cost, "total_time_cost"),
            (&total_parking_cost, "total_parking_cost"),
            (&total_reservation_cost, "total_reservation_cost"),
        ] {
            losses.lost_if(value, path, "2.1.1 CDR has no cost breakdown");
        }
        losses.lost_if(
            &invoice_reference_id,
            "invoice_reference_id",
            "2.1.1 CDR has no invoice reference",
        );
        const CREDIT: &str = "2.1.1 has no credit CDRs: this CDR reads as a normal one";
        losses.lost_if(&credit, "credit", CREDIT);
        losses.lost_if(&credit_reference_id, "credit_reference_id", CREDIT);
        losses.lost_if(
            &home_charging_compensation,
            "home_charging_compensation",
            "2.1.1 CDR has no home charging compensation",
        );
        let mut out = v211::cdrs::Cdr {
            id: ci(&id, "id")?,
            start_date_time,
            stop_date_time: end_date_time,
            auth_id,
            auth_method,
            location,
            meter_id,
            currency,
            tariffs,
            charging_periods,
            total_cost,
            total_energy,
            total_time,
            total_parking_time,
            remark,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

const SESSION_LOCATION_KEEP: [&[&str]; 3] = [&["id"], &["uid"], &["id"]];
const SESSION_LOCATION: &str =
    "a 2.2.1 Session references its location by location_id, evse_uid and connector_id";

/// The ids a 2.2.1 Session uses in place of the Location a 2.1.1 Session embeds; the rest of
/// the Location is reported.
fn session_place(
    location: &loc1::Location,
    losses: &mut Losses,
) -> Result<(CiString<36>, CiString<36>, CiString<36>), ConvertError> {
    let (evse, connector) = used_connector(location, "location")?;
    lost_location(
        losses,
        "location",
        location,
        SESSION_LOCATION_KEEP,
        SESSION_LOCATION,
    )?;
    Ok((
        ci(&location.id, "location.id")?,
        ci(&evse.uid, "location.evses[0].uid")?,
        ci(&connector.id, "location.evses[0].connectors[0].id")?,
    ))
}

const PERIODS_PATCH: &str = "charging_periods in a 2.1.1 PATCH replace the list, in a 2.2.1 PATCH they are appended: send the whole Session instead";

/// Session, 2.1.1 → 2.2.1.
///
/// Crosses: `id`, `start_datetime`/`end_datetime` (renamed `start_date_time`/`end_date_time`),
/// `kwh`, `auth_method`, `meter_id`, `currency`, `charging_periods`, `total_cost` (a number
/// excluding VAT: `total_cost.excl_vat`), `status`, `last_updated`. `auth_id` is the
/// `contract_id` of the input's CdrToken. The embedded `location` becomes `location_id`,
/// `evse_uid` and `connector_id` (it must hold exactly one EVSE with exactly one connector,
/// else a [`ConvertError`]); every other field of it is lost.
///
/// Input: the owning CPO, the CdrToken, and the `auth_method` when the Session has none.
///
/// Spec: 2.1.1 mod_sessions.md §Session Object → 2.2.1 mod_sessions.asciidoc §Session Object;
/// 2.2.1 changelog.asciidoc (Session Object)
impl Convert<v221::sessions::Session> for v211::sessions::Session {
    type Input = SessionInput;

    fn convert(
        self,
        input: &SessionInput,
    ) -> Result<Converted<v221::sessions::Session>, ConvertError> {
        let v211::sessions::Session {
            id,
            start_datetime,
            end_datetime,
            kwh,
            auth_id,
            auth_method,
            location,
            meter_id,
            currency,
            charging_periods,
            total_cost,
            status,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let auth_method = match auth_method {
            Some(m) => losses.convert("auth_method", m, &())?,
            None => required(None, &input.auth_method, "auth_method")?,
        };
        let (location_id, evse_uid, connector_id) = session_place(&location, &mut losses)?;
        let mut out = v221::sessions::Session {
            country_code: input.party.country_code,
            party_id: input.party.party_id,
            id: ci(&id, "id")?,
            start_date_time: start_datetime,
            end_date_time: end_datetime,
            kwh,
            cdr_token: cdr_token(&auth_id, &input.cdr_token, "auth_id")?,
            auth_method,
            authorization_reference: None,
            location_id,
            evse_uid,
            connector_id,
            meter_id,
            currency,
            charging_periods: losses.convert_opt_list("charging_periods", charging_periods, &())?,
            total_cost: total_cost.map(price),
            status: losses.convert("status", status, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Session, 2.2.1 → 2.1.1.
///
/// Crosses: `id`, the dates, `kwh`, `cdr_token.contract_id` (as `auth_id`), `auth_method`,
/// `meter_id`, `currency`, `charging_periods`, `total_cost.excl_vat` (as `total_cost`),
/// `status`, `last_updated`. `location_id`, `evse_uid` and `connector_id` become the embedded
/// Location.
///
/// Lost: `country_code`, `party_id`, the rest of `cdr_token`, `authorization_reference`,
/// `total_cost.incl_vat`, the periods' `tariff_id`.
///
/// Input: the 2.1.1 Location of the session (a 2.2.1 Location converts to one with the
/// Location conversion). It must have the session's location id, EVSE uid and connector id
/// (compared without case), else a [`ConvertError`]; it is reduced to that one EVSE and
/// connector.
///
/// Spec: 2.2.1 mod_sessions.asciidoc §Session Object → 2.1.1 mod_sessions.md §Session Object
impl Convert<v211::sessions::Session> for v221::sessions::Session {
    type Input = loc1::Location;

    fn convert(
        self,
        input: &loc1::Location,
    ) -> Result<Converted<v211::sessions::Session>, ConvertError> {
        let v221::sessions::Session {
            country_code: _,
            party_id: _,
            id,
            start_date_time,
            end_date_time,
            kwh,
            cdr_token,
            auth_method,
            authorization_reference,
            location_id,
            evse_uid,
            connector_id,
            meter_id,
            currency,
            charging_periods,
            total_cost,
            status,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_owner(&mut losses);
        let auth_id = auth_id(cdr_token, "cdr_token", &mut losses)?;
        let auth_method = losses.convert("auth_method", auth_method, &())?;
        losses.lost_if(
            &authorization_reference,
            "authorization_reference",
            "2.1.1 has no authorization references",
        );
        let location = reduce(
            input,
            [
                ("location_id", &location_id),
                ("evse_uid", &evse_uid),
                ("connector_id", &connector_id),
            ],
        )?;
        let mut out = v211::sessions::Session {
            id: text(&id, "id")?,
            start_datetime: start_date_time,
            end_datetime: end_date_time,
            kwh,
            auth_id,
            auth_method: Some(auth_method),
            location,
            meter_id,
            currency,
            charging_periods: losses.convert_opt_list_dropping(
                "charging_periods",
                charging_periods,
                &(),
            ),
            total_cost: total_cost.map(|p| amount(p, "total_cost", &mut losses)),
            status: losses.convert("status", status, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// SessionPatch, 2.1.1 → 2.2.1: the same mapping as the Session, for the fields present. A
/// body that changes `auth_id` needs the input's CdrToken (a 2.2.1 PATCH replaces `cdr_token`
/// whole), else a [`ConvertError`]; a `location` becomes `location_id`, `evse_uid` and
/// `connector_id` (the rest reported). Lost: `charging_periods` (a 2.1.1 PATCH replaces the
/// list, a 2.2.1 PATCH appends to it). Input: `last_updated` when the body has none.
///
/// Spec: 2.1.1 mod_sessions.md §PATCH Method → 2.2.1 mod_sessions.asciidoc §PATCH Method
impl Convert<v221::sessions::SessionPatch> for v211::sessions::SessionPatch {
    type Input = SessionPatchInput;

    fn convert(
        self,
        input: &SessionPatchInput,
    ) -> Result<Converted<v221::sessions::SessionPatch>, ConvertError> {
        let v211::sessions::SessionPatch {
            id,
            start_datetime,
            end_datetime,
            kwh,
            auth_id,
            auth_method,
            location,
            meter_id,
            currency,
            charging_periods,
            total_cost,
            status,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let cdr_token = match auth_id {
            None => None,
            Some(auth_id) => {
                let token = input.cdr_token.as_ref().ok_or_else(|| {
                    missing(
                        "auth_id",
                        "a 2.2.1 PATCH replaces cdr_token whole: the input gives no CdrToken",
                    )
                })?;
                Some(cdr_token(&auth_id, token, "auth_id")?)
            }
        };
        let auth_method = losses.convert_opt("auth_method", auth_method, &())?;
        let (location_id, evse_uid, connector_id) = match location {
            None => (None, None, None),
            Some(location) => {
                let (l, e, c) = session_place(&location, &mut losses)?;
                (Some(l), Some(e), Some(c))
            }
        };
        lost_patch(
            &mut losses,
            &charging_periods,
            "charging_periods",
            PERIODS_PATCH,
        );
        let mut out = v221::sessions::SessionPatch {
            country_code: None,
            party_id: None,
            id: id.map(|id| ci(&id, "id")).transpose()?,
            start_date_time: start_datetime,
            end_date_time: end_datetime,
            kwh,
            cdr_token,
            auth_method,
            authorization_reference: PatchField::Absent,
            location_id,
            evse_uid,
            connector_id,
            meter_id,
            currency,
            charging_periods: None,
            total_cost: pf_try(total_cost, |n| Ok(price(n)))?,
            status: losses.convert_opt("status", status, &())?,
            last_updated: patch_last_updated(last_updated, &input.last_updated)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// SessionPatch, 2.2.1 → 2.1.1: the same mapping as the Session, for the fields present.
/// Lost: `country_code`, `party_id`, the rest of `cdr_token`, `authorization_reference`,
/// `total_cost.incl_vat`, `location_id`/`evse_uid`/`connector_id` (a 2.1.1 PATCH would need
/// the whole Location) and `charging_periods` (a 2.2.1 PATCH appends them, a 2.1.1 PATCH
/// would replace the list).
///
/// Spec: 2.2.1 mod_sessions.asciidoc §PATCH Method → 2.1.1 mod_sessions.md §PATCH Method
impl Convert<v211::sessions::SessionPatch> for v221::sessions::SessionPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::sessions::SessionPatch>, ConvertError> {
        let v221::sessions::SessionPatch {
            country_code,
            party_id,
            id,
            start_date_time,
            end_date_time,
            kwh,
            cdr_token,
            auth_method,
            authorization_reference,
            location_id,
            evse_uid,
            connector_id,
            meter_id,
            currency,
            charging_periods,
            total_cost,
            status,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(&country_code, "country_code", OWNER);
        losses.lost_if(&party_id, "party_id", OWNER);
        let auth_id = cdr_token
            .map(|t| auth_id(t, "cdr_token", &mut losses))
            .transpose()?;
        let auth_method = losses.convert_opt("auth_method", auth_method, &())?;
        lost_patch(
            &mut losses,
            &authorization_reference,
            "authorization_reference",
            "2.1.1 has no authorization references",
        );
        const PLACE: &str =
            "a 2.1.1 Session embeds the whole Location: a PATCH cannot change it by id";
        losses.lost_if(&location_id, "location_id", PLACE);
        losses.lost_if(&evse_uid, "evse_uid", PLACE);
        losses.lost_if(&connector_id, "connector_id", PLACE);
        losses.lost_if(&charging_periods, "charging_periods", PERIODS_PATCH);
        let mut out = v211::sessions::SessionPatch {
            id: id.map(|id| text(&id, "id")).transpose()?,
            start_datetime: start_date_time,
            end_datetime: end_date_time,
            kwh,
            auth_id,
            auth_method,
            location: None,
            meter_id,
            currency,
            charging_periods: PatchField::Absent,
            total_cost: pf_try(total_cost, |p| Ok(amount(p, "total_cost", &mut losses)))?,
            status: losses.convert_opt("status", status, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Tariffs
// ---------------------------------------------------------------------------------------------

/// PriceComponent, 2.1.1 → 2.2.1: `type`, `price` and `step_size` cross; there is no `vat`.
/// A non-conforming price (the string `"2.00"` of the official 2.1.1 CDR example) is a
/// [`ConvertError`].
///
/// Spec: 2.1.1 mod_tariffs.md §PriceComponent class → 2.2.1 mod_tariffs.asciidoc
/// §PriceComponent class
impl Convert<v221::tariffs::PriceComponent> for v211::tariffs::PriceComponent {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::tariffs::PriceComponent>, ConvertError> {
        let v211::tariffs::PriceComponent {
            r#type,
            price,
            step_size,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tariffs::PriceComponent {
            r#type,
            price: conforming(price, "price")?,
            vat: None,
            step_size,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// PriceComponent, 2.2.1 → 2.1.1: `type`, `price` and `step_size` cross. Lost: `vat`.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §PriceComponent class → 2.1.1 mod_tariffs.md
/// §PriceComponent class
impl Convert<v211::tariffs::PriceComponent> for v221::tariffs::PriceComponent {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tariffs::PriceComponent>, ConvertError> {
        let v221::tariffs::PriceComponent {
            r#type,
            price,
            vat,
            step_size,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(&vat, "vat", "2.1.1 PriceComponent has no vat");
        let mut out = v211::tariffs::PriceComponent {
            r#type,
            price: Tolerant::Valid(price),
            step_size,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// TariffRestrictions, 2.1.1 → 2.2.1: every field crosses.
///
/// Spec: 2.1.1 mod_tariffs.md §TariffRestrictions class → 2.2.1 mod_tariffs.asciidoc
/// §TariffRestrictions class
impl Convert<v221::tariffs::TariffRestrictions> for v211::tariffs::TariffRestrictions {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::tariffs::TariffRestrictions>, ConvertError> {
        let v211::tariffs::TariffRestrictions {
            start_time,
            end_time,
            start_date,
            end_date,
            min_kwh,
            max_kwh,
            min_power,
            max_power,
            min_duration,
            max_duration,
            day_of_week,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tariffs::TariffRestrictions {
            start_time,
            end_time,
            start_date,
            end_date,
            min_kwh,
            max_kwh,
            min_current: None,
            max_current: None,
            min_power,
            max_power,
            min_duration,
            max_duration,
            day_of_week,
            reservation: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

const RESERVATION: &str = "2.1.1 tariffs cannot price reservations: without this restriction the element would price charging";

/// TariffRestrictions, 2.2.1 → 2.1.1: every 2.1.1 field crosses. Lost: `min_current`,
/// `max_current` (the element then applies regardless of current) and `reservation` (the
/// element would then price charging; the Tariff conversion drops such elements whole).
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §TariffRestrictions class → 2.1.1 mod_tariffs.md
/// §TariffRestrictions class
impl Convert<v211::tariffs::TariffRestrictions> for v221::tariffs::TariffRestrictions {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tariffs::TariffRestrictions>, ConvertError> {
        let v221::tariffs::TariffRestrictions {
            start_time,
            end_time,
            start_date,
            end_date,
            min_kwh,
            max_kwh,
            min_current,
            max_current,
            min_power,
            max_power,
            min_duration,
            max_duration,
            day_of_week,
            reservation,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        const CURRENT: &str = "2.1.1 tariffs cannot restrict by current";
        losses.lost_if(&min_current, "min_current", CURRENT);
        losses.lost_if(&max_current, "max_current", CURRENT);
        losses.lost_if(&reservation, "reservation", RESERVATION);
        let mut out = v211::tariffs::TariffRestrictions {
            start_time,
            end_time,
            start_date,
            end_date,
            min_kwh,
            max_kwh,
            min_power,
            max_power,
            min_duration,
            max_duration,
            day_of_week,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Converts between the two TariffElements (same fields; their classes differ).
macro_rules! tariff_element {
    ($(#[doc = $doc:literal])* $from:ident => $to:ident) => {
        $(#[doc = $doc])*
        impl Convert<$to::tariffs::TariffElement> for $from::tariffs::TariffElement {
            type Input = ();

            fn convert(
                self,
                _: &(),
            ) -> Result<Converted<$to::tariffs::TariffElement>, ConvertError> {
                let $from::tariffs::TariffElement {
                    price_components,
                    restrictions,
                    unknown_fields,
                } = self;
                let mut losses = Losses::new();
                let mut out = $to::tariffs::TariffElement {
                    price_components: losses.convert_list(
                        "price_components",
                        price_components,
                        &(),
                    )?,
                    restrictions: losses.convert_opt("restrictions", restrictions, &())?,
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }
    };
}

tariff_element! {
    /// TariffElement, 2.1.1 → 2.2.1: both fields cross (as PriceComponent and
    /// TariffRestrictions).
    ///
    /// Spec: 2.1.1 mod_tariffs.md §TariffElement class → 2.2.1 mod_tariffs.asciidoc
    /// §TariffElement class
    v211 => v221
}
tariff_element! {
    /// TariffElement, 2.2.1 → 2.1.1: both fields cross (as PriceComponent and
    /// TariffRestrictions, with their losses).
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffElement class → 2.1.1 mod_tariffs.md
    /// §TariffElement class
    v221 => v211
}

/// Tariff, 2.1.1 → 2.2.1: every field crosses (`id` as a `CiString(36)`: an error if it is
/// not ASCII). Input: the owning CPO.
///
/// Spec: 2.1.1 mod_tariffs.md §Tariff Object → 2.2.1 mod_tariffs.asciidoc §Tariff Object;
/// 2.2.1 changelog.asciidoc (Tariff Object)
impl Convert<v221::tariffs::Tariff> for v211::tariffs::Tariff {
    type Input = PartyRef;

    fn convert(self, party: &PartyRef) -> Result<Converted<v221::tariffs::Tariff>, ConvertError> {
        let v211::tariffs::Tariff {
            id,
            currency,
            tariff_alt_text,
            tariff_alt_url,
            elements,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tariffs::Tariff {
            country_code: party.country_code,
            party_id: party.party_id,
            id: ci(&id, "id")?,
            currency,
            r#type: None,
            tariff_alt_text,
            tariff_alt_url,
            min_price: None,
            max_price: None,
            elements: losses.convert_list("elements", elements, &())?,
            start_date_time: None,
            end_date_time: None,
            energy_mix: losses.convert_opt("energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Tariff, 2.2.1 → 2.1.1.
///
/// Crosses: `id`, `currency`, `tariff_alt_text`, `tariff_alt_url`, `elements` (with their
/// losses: `vat`, `min_current`, `max_current`), `energy_mix`, `last_updated`.
///
/// Lost: `country_code`, `party_id`, `type` (the tariff then applies to every session),
/// `min_price`, `max_price`, `start_date_time`, `end_date_time`, and every element with a
/// `reservation` restriction, whole (2.1.1 cannot price reservations; kept, it would price
/// charging). A Tariff whose elements all price reservations is a [`ConvertError`].
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object → 2.1.1 mod_tariffs.md §Tariff Object
impl Convert<v211::tariffs::Tariff> for v221::tariffs::Tariff {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tariffs::Tariff>, ConvertError> {
        let v221::tariffs::Tariff {
            country_code: _,
            party_id: _,
            id,
            currency,
            r#type,
            tariff_alt_text,
            tariff_alt_url,
            min_price,
            max_price,
            elements,
            start_date_time,
            end_date_time,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_owner(&mut losses);
        losses.lost_if(
            &r#type,
            "type",
            "2.1.1 tariffs have no type: this one applies to every session",
        );
        const LIMIT: &str = "2.1.1 tariffs have no price limits";
        losses.lost_if(&min_price, "min_price", LIMIT);
        losses.lost_if(&max_price, "max_price", LIMIT);
        let mut kept = Vec::with_capacity(elements.len());
        for (i, element) in elements.into_iter().enumerate() {
            let path = format!("elements[{i}]");
            if element
                .restrictions
                .as_ref()
                .is_some_and(|r| r.reservation.is_some())
            {
                losses.lost(path, RESERVATION);
            } else {
                kept.push(losses.convert(&path, element, &())?);
            }
        }
        if kept.is_empty() {
            return Err(missing(
                "elements",
                "every element prices a reservation, which 2.1.1 cannot express",
            ));
        }
        const VALIDITY: &str = "2.1.1 tariffs have no validity period";
        losses.lost_if(&start_date_time, "start_date_time", VALIDITY);
        losses.lost_if(&end_date_time, "end_date_time", VALIDITY);
        let mut out = v211::tariffs::Tariff {
            id: text(&id, "id")?,
            currency,
            tariff_alt_text,
            tariff_alt_url,
            elements: kept,
            energy_mix: losses.convert_opt("energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

const TOKEN_EXTRAS: &str = "added in 2.2: 2.1.1 Token has no such field";

/// Token, 2.1.1 → 2.2.1: every field crosses; `auth_id` is renamed `contract_id`; `uid` and
/// `auth_id` become `CiString(36)` (an error if not ASCII). Input: the owning eMSP, and the
/// `whitelist` and `last_updated` to write when the Token has none (the official 2.1.1 GET
/// examples omit both and send an unknown `allow_whitelist`, which crosses as an unknown
/// field).
///
/// Spec: 2.1.1 mod_tokens.md §Token Object → 2.2.1 mod_tokens.asciidoc §Token Object; 2.2.1
/// changelog.asciidoc (Token Object)
impl Convert<v221::tokens::Token> for v211::tokens::Token {
    type Input = TokenInput;

    fn convert(self, input: &TokenInput) -> Result<Converted<v221::tokens::Token>, ConvertError> {
        let v211::tokens::Token {
            uid,
            r#type,
            auth_id,
            visual_number,
            issuer,
            valid,
            whitelist,
            language,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tokens::Token {
            country_code: input.party.country_code,
            party_id: input.party.party_id,
            uid: ci(&uid, "uid")?,
            r#type: losses.convert("type", r#type, &())?,
            contract_id: ci(&auth_id, "auth_id")?,
            visual_number,
            issuer,
            group_id: None,
            valid,
            whitelist: required(whitelist, &input.whitelist, "whitelist")?,
            language,
            default_profile_type: None,
            energy_contract: None,
            last_updated: required(last_updated, &input.last_updated, "last_updated")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Token, 2.2.1 → 2.1.1: every 2.1.1 field crosses (`contract_id` as `auth_id`). Lost:
/// `country_code`, `party_id`, `group_id`, `default_profile_type`, `energy_contract`.
///
/// Spec: 2.2.1 mod_tokens.asciidoc §Token Object → 2.1.1 mod_tokens.md §Token Object
impl Convert<v211::tokens::Token> for v221::tokens::Token {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tokens::Token>, ConvertError> {
        let v221::tokens::Token {
            country_code: _,
            party_id: _,
            uid,
            r#type,
            contract_id,
            visual_number,
            issuer,
            group_id,
            valid,
            whitelist,
            language,
            default_profile_type,
            energy_contract,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        lost_owner(&mut losses);
        losses.lost_if(&group_id, "group_id", TOKEN_EXTRAS);
        losses.lost_if(&default_profile_type, "default_profile_type", TOKEN_EXTRAS);
        losses.lost_if(&energy_contract, "energy_contract", TOKEN_EXTRAS);
        let mut out = v211::tokens::Token {
            uid: text(&uid, "uid")?,
            r#type: losses.convert("type", r#type, &())?,
            auth_id: text(&contract_id, "contract_id")?,
            visual_number,
            issuer,
            valid,
            whitelist: Some(whitelist),
            language,
            last_updated: Some(last_updated),
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// TokenPatch, 2.1.1 → 2.2.1: the same mapping as the Token, for the fields present. The
/// owner fields stay absent (a PATCH names its object by URL). Input: `last_updated` when the
/// body has none.
///
/// Spec: 2.1.1 mod_tokens.md §PATCH Method → 2.2.1 mod_tokens.asciidoc §PATCH Method
impl Convert<v221::tokens::TokenPatch> for v211::tokens::TokenPatch {
    type Input = PatchInput;

    fn convert(
        self,
        input: &PatchInput,
    ) -> Result<Converted<v221::tokens::TokenPatch>, ConvertError> {
        let v211::tokens::TokenPatch {
            uid,
            r#type,
            auth_id,
            visual_number,
            issuer,
            valid,
            whitelist,
            language,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tokens::TokenPatch {
            country_code: None,
            party_id: None,
            uid: uid.map(|u| ci(&u, "uid")).transpose()?,
            r#type: losses.convert_opt("type", r#type, &())?,
            contract_id: auth_id.map(|a| ci(&a, "auth_id")).transpose()?,
            visual_number,
            issuer,
            group_id: PatchField::Absent,
            valid,
            whitelist,
            language,
            default_profile_type: PatchField::Absent,
            energy_contract: PatchField::Absent,
            last_updated: patch_last_updated(last_updated, &input.last_updated)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// TokenPatch, 2.2.1 → 2.1.1: the same mapping as the Token, for the fields present. Lost
/// when present: `country_code`, `party_id`, `group_id`, `default_profile_type`,
/// `energy_contract`.
///
/// Spec: 2.2.1 mod_tokens.asciidoc §PATCH Method → 2.1.1 mod_tokens.md §PATCH Method
impl Convert<v211::tokens::TokenPatch> for v221::tokens::TokenPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tokens::TokenPatch>, ConvertError> {
        let v221::tokens::TokenPatch {
            country_code,
            party_id,
            uid,
            r#type,
            contract_id,
            visual_number,
            issuer,
            group_id,
            valid,
            whitelist,
            language,
            default_profile_type,
            energy_contract,
            last_updated,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(&country_code, "country_code", OWNER);
        losses.lost_if(&party_id, "party_id", OWNER);
        lost_patch(&mut losses, &group_id, "group_id", TOKEN_EXTRAS);
        lost_patch(
            &mut losses,
            &default_profile_type,
            "default_profile_type",
            TOKEN_EXTRAS,
        );
        lost_patch(
            &mut losses,
            &energy_contract,
            "energy_contract",
            TOKEN_EXTRAS,
        );
        let mut out = v211::tokens::TokenPatch {
            uid: uid.map(|u| text(&u, "uid")).transpose()?,
            r#type: losses.convert_opt("type", r#type, &())?,
            auth_id: contract_id.map(|c| text(&c, "contract_id")).transpose()?,
            visual_number,
            issuer,
            valid,
            whitelist,
            language,
            last_updated,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// LocationReferences, 2.1.1 → 2.2.1: `location_id` and `evse_uids` cross as `CiString(36)`
/// (an error if longer or not ASCII). Lost: `connector_ids` (removed in 2.2: not unique
/// within a Location).
///
/// Spec: 2.1.1 mod_tokens.md §LocationReferences class → 2.2.1 mod_tokens.asciidoc
/// §LocationReferences class; 2.2.1 changelog.asciidoc
impl Convert<v221::tokens::LocationReferences> for v211::tokens::LocationReferences {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::tokens::LocationReferences>, ConvertError> {
        let v211::tokens::LocationReferences {
            location_id,
            evse_uids,
            connector_ids,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost_if(
            &connector_ids,
            "connector_ids",
            "removed in 2.2: connector ids are not unique within a Location",
        );
        let mut out = v221::tokens::LocationReferences {
            location_id: ci(&location_id, "location_id")?,
            evse_uids: ci_list(evse_uids, "evse_uids")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// LocationReferences, 2.2.1 → 2.1.1: both fields cross.
///
/// Spec: 2.2.1 mod_tokens.asciidoc §LocationReferences class → 2.1.1 mod_tokens.md
/// §LocationReferences class
impl Convert<v211::tokens::LocationReferences> for v221::tokens::LocationReferences {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tokens::LocationReferences>, ConvertError> {
        let v221::tokens::LocationReferences {
            location_id,
            evse_uids,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::tokens::LocationReferences {
            location_id: text(&location_id, "location_id")?,
            evse_uids: text_list(evse_uids, "evse_uids")?,
            connector_ids: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// AuthorizationInfo, 2.1.1 → 2.2.1: `allowed`, `location` and `info` cross. Input: the 2.2.1
/// Token the authorization was asked for (2.2 added `token`, which 2.1.1 names by URL only).
///
/// Spec: 2.1.1 mod_tokens.md §AuthorizationInfo Object → 2.2.1 mod_tokens.asciidoc
/// §AuthorizationInfo Object
impl Convert<v221::tokens::AuthorizationInfo> for v211::tokens::AuthorizationInfo {
    type Input = v221::tokens::Token;

    fn convert(
        self,
        token: &v221::tokens::Token,
    ) -> Result<Converted<v221::tokens::AuthorizationInfo>, ConvertError> {
        let v211::tokens::AuthorizationInfo {
            allowed,
            location,
            info,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::tokens::AuthorizationInfo {
            allowed,
            token: token.clone(),
            location: losses.convert_opt("location", location, &())?,
            authorization_reference: None,
            info,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// AuthorizationInfo, 2.2.1 → 2.1.1: `allowed`, `location` and `info` cross. Lost: `token`
/// (2.1.1 names the token by the request's URL) and `authorization_reference`.
///
/// Spec: 2.2.1 mod_tokens.asciidoc §AuthorizationInfo Object → 2.1.1 mod_tokens.md
/// §AuthorizationInfo Object
impl Convert<v211::tokens::AuthorizationInfo> for v221::tokens::AuthorizationInfo {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::tokens::AuthorizationInfo>, ConvertError> {
        let v221::tokens::AuthorizationInfo {
            allowed,
            token: _,
            location,
            authorization_reference,
            info,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        losses.lost(
            "token",
            "2.1.1 AuthorizationInfo has no token: the request's URL names it",
        );
        let location = losses.convert_opt("location", location, &())?;
        losses.lost_if(
            &authorization_reference,
            "authorization_reference",
            "2.1.1 has no authorization references",
        );
        let mut out = v211::tokens::AuthorizationInfo {
            allowed,
            location,
            info,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const AUTH_REFERENCE: &str = "2.1.1 has no authorization references";

/// CommandResponse, 2.1.1 → 2.2.1: `result` crosses (`TIMEOUT` reported, see
/// CommandResponseType). Input: the `timeout` 2.2 added.
///
/// Spec: 2.1.1 mod_commands.md §CommandResponse Object → 2.2.1 mod_commands.asciidoc
/// §CommandResponse Object
impl Convert<v221::commands::CommandResponse> for v211::commands::CommandResponse {
    type Input = CommandResponseInput;

    fn convert(
        self,
        input: &CommandResponseInput,
    ) -> Result<Converted<v221::commands::CommandResponse>, ConvertError> {
        let v211::commands::CommandResponse {
            result,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::commands::CommandResponse {
            result: losses.convert("result", result, &())?,
            timeout: input.timeout,
            message: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// CommandResponse, 2.2.1 → 2.1.1: `result` crosses. Lost: `timeout`, `message`.
///
/// Spec: 2.2.1 mod_commands.asciidoc §CommandResponse Object → 2.1.1 mod_commands.md
/// §CommandResponse Object
impl Convert<v211::commands::CommandResponse> for v221::commands::CommandResponse {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::CommandResponse>, ConvertError> {
        let v221::commands::CommandResponse {
            result,
            timeout: _,
            message,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let result = losses.convert("result", result, &())?;
        losses.lost("timeout", "2.1.1 CommandResponse has no timeout");
        losses.lost_if(&message, "message", "2.1.1 CommandResponse has no message");
        let mut out = v211::commands::CommandResponse {
            result,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ReserveNow, 2.1.1 → 2.2.1: every field crosses. The integer `reservation_id` is written
/// as its decimal text (2.2 made it a `CiString(36)`); `location_id` and `evse_uid` become
/// `CiString(36)` (an error if longer or not ASCII). Input: the Token input of the embedded
/// token.
///
/// Spec: 2.1.1 mod_commands.md §ReserveNow Object → 2.2.1 mod_commands.asciidoc §ReserveNow
/// Object; 2.2.1 changelog.asciidoc (ReserveNow Object)
impl Convert<v221::commands::ReserveNow> for v211::commands::ReserveNow {
    type Input = TokenInput;

    fn convert(
        self,
        input: &TokenInput,
    ) -> Result<Converted<v221::commands::ReserveNow>, ConvertError> {
        let v211::commands::ReserveNow {
            response_url,
            token,
            expiry_date,
            reservation_id,
            location_id,
            evse_uid,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::commands::ReserveNow {
            response_url,
            token: losses.convert("token", token, input)?,
            expiry_date,
            reservation_id: ci(&reservation_id.to_string(), "reservation_id")?,
            location_id: ci(&location_id, "location_id")?,
            evse_uid: evse_uid.map(|e| ci(&e, "evse_uid")).transpose()?,
            authorization_reference: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// ReserveNow, 2.2.1 → 2.1.1: every 2.1.1 field crosses. `reservation_id` must be the
/// decimal text of an integer, written as in 2.1.1 (`42`, not `042` or `R-42`), else a
/// [`ConvertError`]: 2.1.1 reservation ids are integers. Lost: `authorization_reference` and
/// what the token loses.
///
/// Spec: 2.2.1 mod_commands.asciidoc §ReserveNow Object → 2.1.1 mod_commands.md §ReserveNow
/// Object
impl Convert<v211::commands::ReserveNow> for v221::commands::ReserveNow {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::ReserveNow>, ConvertError> {
        let v221::commands::ReserveNow {
            response_url,
            token,
            expiry_date,
            reservation_id,
            location_id,
            evse_uid,
            authorization_reference,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let id = reservation_id.as_str();
        let reservation_id = id
            .parse::<i64>()
            .ok()
            .filter(|n| n.to_string() == id)
            .ok_or_else(|| {
                missing(
                    "reservation_id",
                    &format!("2.1.1 reservation ids are integers; {id:?} is not one"),
                )
            })?;
        let mut out = v211::commands::ReserveNow {
            response_url,
            token: losses.convert("token", token, &())?,
            expiry_date,
            reservation_id,
            location_id: text(&location_id, "location_id")?,
            evse_uid: evse_uid.map(|e| text(&e, "evse_uid")).transpose()?,
            unknown_fields: UnknownFields::default(),
        };
        losses.lost_if(
            &authorization_reference,
            "authorization_reference",
            AUTH_REFERENCE,
        );
        finish!(losses, out, unknown_fields)
    }
}

/// StartSession, 2.1.1 → 2.2.1: every field crosses; `location_id` and `evse_uid` become
/// `CiString(36)` (an error if longer or not ASCII). Input: the Token input of the embedded
/// token.
///
/// Spec: 2.1.1 mod_commands.md §StartSession Object → 2.2.1 mod_commands.asciidoc
/// §StartSession Object
impl Convert<v221::commands::StartSession> for v211::commands::StartSession {
    type Input = TokenInput;

    fn convert(
        self,
        input: &TokenInput,
    ) -> Result<Converted<v221::commands::StartSession>, ConvertError> {
        let v211::commands::StartSession {
            response_url,
            token,
            location_id,
            evse_uid,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::commands::StartSession {
            response_url,
            token: losses.convert("token", token, input)?,
            location_id: ci(&location_id, "location_id")?,
            evse_uid: evse_uid.map(|e| ci(&e, "evse_uid")).transpose()?,
            connector_id: None,
            authorization_reference: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// StartSession, 2.2.1 → 2.1.1: every 2.1.1 field crosses. Lost: `connector_id`,
/// `authorization_reference` and what the token loses.
///
/// Spec: 2.2.1 mod_commands.asciidoc §StartSession Object → 2.1.1 mod_commands.md
/// §StartSession Object
impl Convert<v211::commands::StartSession> for v221::commands::StartSession {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::StartSession>, ConvertError> {
        let v221::commands::StartSession {
            response_url,
            token,
            location_id,
            evse_uid,
            connector_id,
            authorization_reference,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::commands::StartSession {
            response_url,
            token: losses.convert("token", token, &())?,
            location_id: text(&location_id, "location_id")?,
            evse_uid: evse_uid.map(|e| text(&e, "evse_uid")).transpose()?,
            unknown_fields: UnknownFields::default(),
        };
        losses.lost_if(
            &connector_id,
            "connector_id",
            "2.1.1 StartSession has no connector_id",
        );
        losses.lost_if(
            &authorization_reference,
            "authorization_reference",
            AUTH_REFERENCE,
        );
        finish!(losses, out, unknown_fields)
    }
}

/// StopSession, 2.1.1 → 2.2.1: both fields cross (`session_id` as a `CiString(36)`: an error
/// if not ASCII).
///
/// Spec: 2.1.1 mod_commands.md §StopSession Object → 2.2.1 mod_commands.asciidoc
/// §StopSession Object
impl Convert<v221::commands::StopSession> for v211::commands::StopSession {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::commands::StopSession>, ConvertError> {
        let v211::commands::StopSession {
            response_url,
            session_id,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::commands::StopSession {
            response_url,
            session_id: ci(&session_id, "session_id")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// StopSession, 2.2.1 → 2.1.1: both fields cross.
///
/// Spec: 2.2.1 mod_commands.asciidoc §StopSession Object → 2.1.1 mod_commands.md
/// §StopSession Object
impl Convert<v211::commands::StopSession> for v221::commands::StopSession {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::StopSession>, ConvertError> {
        let v221::commands::StopSession {
            response_url,
            session_id,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::commands::StopSession {
            response_url,
            session_id: text(&session_id, "session_id")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// UnlockConnector, 2.1.1 → 2.2.1: every field crosses as a `CiString(36)` (an error if
/// longer or not ASCII).
///
/// Spec: 2.1.1 mod_commands.md §UnlockConnector Object → 2.2.1 mod_commands.asciidoc
/// §UnlockConnector Object
impl Convert<v221::commands::UnlockConnector> for v211::commands::UnlockConnector {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::commands::UnlockConnector>, ConvertError> {
        let v211::commands::UnlockConnector {
            response_url,
            location_id,
            evse_uid,
            connector_id,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::commands::UnlockConnector {
            response_url,
            location_id: ci(&location_id, "location_id")?,
            evse_uid: ci(&evse_uid, "evse_uid")?,
            connector_id: ci(&connector_id, "connector_id")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// UnlockConnector, 2.2.1 → 2.1.1: every field crosses.
///
/// Spec: 2.2.1 mod_commands.asciidoc §UnlockConnector Object → 2.1.1 mod_commands.md
/// §UnlockConnector Object
impl Convert<v211::commands::UnlockConnector> for v221::commands::UnlockConnector {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::UnlockConnector>, ConvertError> {
        let v221::commands::UnlockConnector {
            response_url,
            location_id,
            evse_uid,
            connector_id,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v211::commands::UnlockConnector {
            response_url,
            location_id: text(&location_id, "location_id")?,
            evse_uid: text(&evse_uid, "evse_uid")?,
            connector_id: text(&connector_id, "connector_id")?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// The asynchronous answer a 2.1.1 CPO POSTs to the `response_url` (a 2.1.1 CommandResponse),
/// as the 2.2.1 CommandResult that replaced it: `result` crosses by wire value (`ACCEPTED`,
/// `REJECTED`, `NOT_SUPPORTED` and `TIMEOUT` exist in both enums). `UNKNOWN_SESSION`, which
/// 2.2.1 moved to the synchronous CommandResponse, keeps its wire text and is reported.
///
/// Spec: 2.1.1 mod_commands.md §2.2.1 POST Method (eMSP interface: the body is the result
/// "from the Charge Point"), §CommandResponse Object → 2.2.1 mod_commands.asciidoc
/// §CommandResult Object
impl Convert<v221::commands::CommandResult> for v211::commands::CommandResponse {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v221::commands::CommandResult>, ConvertError> {
        let v211::commands::CommandResponse {
            result,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let result = rewire(
            result.as_str(),
            v221::commands::CommandResultType::from_wire,
        )?;
        if !result.is_known() {
            losses.lost(
                "result",
                "2.2.1 CommandResultType has no such value (it moved to the CommandResponse): kept as written",
            );
        }
        let mut out = v221::commands::CommandResult {
            result,
            message: None,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// A 2.2.1 CommandResult as the body a 2.1.1 eMSP expects on its `response_url` (a 2.1.1
/// CommandResponse). A result whose wire value exists in 2.1.1 (`ACCEPTED`, `REJECTED`,
/// `NOT_SUPPORTED`, `TIMEOUT`, and `UNKNOWN_SESSION` kept from a 2.1.1 peer) crosses as is;
/// the failures 2.2 added (`FAILED`, `EVSE_OCCUPIED`, `EVSE_INOPERATIVE`,
/// `UNKNOWN_RESERVATION`, `CANCELED_RESERVATION`, and values unknown to both) are sent as
/// `REJECTED` ("rejected by the CPO or Charge Point") and reported. Lost: `message`.
///
/// Spec: 2.2.1 mod_commands.asciidoc §CommandResult Object, §CommandResultType enum → 2.1.1
/// mod_commands.md §CommandResponse Object, §CommandResponseType enum
impl Convert<v211::commands::CommandResponse> for v221::commands::CommandResult {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v211::commands::CommandResponse>, ConvertError> {
        let v221::commands::CommandResult {
            result,
            message,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let wire = result.as_str();
        let result = match v211::commands::CommandResponseType::from_wire(wire) {
            Ok(known) if known.is_known() => known,
            _ => {
                losses.lost(
                    "result",
                    format!("2.1.1 CommandResponseType has no {wire}: sent as REJECTED"),
                );
                v211::commands::CommandResponseType::Rejected
            }
        };
        losses.lost_if(&message, "message", "2.1.1 CommandResponse has no message");
        let mut out = v211::commands::CommandResponse {
            result,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

/// Credentials, 2.1.1 → 2.2.1: `token` and `url` cross; the party (`business_details`,
/// `party_id`, `country_code`) becomes one `roles` entry per role of the input (none is a
/// [`ConvertError`]: `roles` needs one or more).
///
/// Spec: 2.1.1 credentials.md §Credentials object → 2.2.1 credentials.asciidoc §Credentials
/// object, §CredentialsRole class; 2.2.1 changelog.asciidoc (Credentials Object)
impl Convert<v221::credentials::Credentials> for v211::credentials::Credentials {
    type Input = CredentialsInput;

    fn convert(
        self,
        input: &CredentialsInput,
    ) -> Result<Converted<v221::credentials::Credentials>, ConvertError> {
        let v211::credentials::Credentials {
            token,
            url,
            business_details,
            party_id,
            country_code,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        if input.roles.is_empty() {
            return Err(missing(
                "",
                "2.2.1 Credentials need one or more roles; the input gives none",
            ));
        }
        let business_details = losses.convert("business_details", business_details, &())?;
        let roles = input
            .roles
            .iter()
            .map(|role| v221::credentials::CredentialsRole {
                role: role.clone(),
                business_details: business_details.clone(),
                party_id,
                country_code,
                unknown_fields: UnknownFields::default(),
            })
            .collect();
        let mut out = v221::credentials::Credentials {
            token,
            url,
            roles,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Credentials, 2.2.1 → 2.1.1: `token` and `url` cross, and the party of the chosen `roles`
/// entry (see `CredentialsChoice`; no single match is a [`ConvertError`]).
///
/// Lost: every entry's `role` (2.1.1 Credentials carry none), every entry of another party or
/// with other business details, whole, and the unknown fields of the entries.
///
/// Spec: 2.2.1 credentials.asciidoc §Credentials object → 2.1.1 credentials.md §Credentials
/// object
impl Convert<v211::credentials::Credentials> for v221::credentials::Credentials {
    type Input = CredentialsChoice;

    fn convert(
        self,
        choice: &CredentialsChoice,
    ) -> Result<Converted<v211::credentials::Credentials>, ConvertError> {
        let v221::credentials::Credentials {
            token,
            url,
            roles,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let matches: Vec<usize> = roles
            .iter()
            .enumerate()
            .filter(|(_, r)| choice.role.as_ref().is_none_or(|role| *role == r.role))
            .filter(|(_, r)| {
                choice
                    .party
                    .is_none_or(|p| p.country_code == r.country_code && p.party_id == r.party_id)
            })
            .map(|(i, _)| i)
            .collect();
        let &[chosen] = matches.as_slice() else {
            return Err(missing(
                "roles",
                &format!(
                    "{} entries match the choice; 2.1.1 Credentials describe exactly one party",
                    matches.len()
                ),
            ));
        };
        let party = &roles[chosen];
        for (i, r) in roles.iter().enumerate() {
            let path = format!("roles[{i}]");
            let same_party = r.party_id == party.party_id
                && r.country_code == party.country_code
                && r.business_details == party.business_details;
            if same_party {
                lost_except(
                    &mut losses,
                    &path,
                    r,
                    &["business_details", "party_id", "country_code"],
                    "2.1.1 Credentials carry no role",
                );
            } else {
                losses.lost(path, "2.1.1 Credentials describe one party");
            }
        }
        let party = roles
            .into_iter()
            .nth(chosen)
            .ok_or_else(|| missing("roles", "the chosen entry is missing"))?;
        let mut out = v211::credentials::Credentials {
            token,
            url,
            business_details: losses.convert(
                &format!("roles[{chosen}].business_details"),
                party.business_details,
                &(),
            )?,
            party_id: party.party_id,
            country_code: party.country_code,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

/// Converts between the two Version classes (same fields; the version numbers differ).
macro_rules! version {
    ($(#[doc = $doc:literal])* $from:ident => $to:ident) => {
        $(#[doc = $doc])*
        impl Convert<$to::versions::Version> for $from::versions::Version {
            type Input = ();

            fn convert(self, _: &()) -> Result<Converted<$to::versions::Version>, ConvertError> {
                let $from::versions::Version { version, url, unknown_fields } = self;
                let mut losses = Losses::new();
                let mut out = $to::versions::Version {
                    version: losses.convert("version", version, &())?,
                    url,
                    unknown_fields: UnknownFields::default(),
                };
                finish!(losses, out, unknown_fields)
            }
        }
    };
}

version! {
    /// Version, 2.1.1 → 2.2.1: both fields cross.
    ///
    /// Spec: 2.1.1 version_information_endpoint.md §Version class → 2.2.1
    /// version_information_endpoint.asciidoc §Version class
    v211 => v221
}
version! {
    /// Version, 2.2.1 → 2.1.1: both fields cross (`2.2`, `2.2.1` keep their text).
    ///
    /// Spec: 2.2.1 version_information_endpoint.asciidoc §Version class → 2.1.1
    /// version_information_endpoint.md §Version class
    v221 => v211
}

/// Endpoint, 2.1.1 → 2.2.1: `identifier` and `url` cross; `role` is the module's role in the
/// input's table (a module the table does not know is a [`ConvertError`]).
///
/// Spec: 2.1.1 version_information_endpoint.md §Endpoint class → 2.2.1
/// version_information_endpoint.asciidoc §Endpoint class
impl Convert<v221::versions::Endpoint> for v211::versions::Endpoint {
    type Input = EndpointRoles;

    fn convert(
        self,
        roles: &EndpointRoles,
    ) -> Result<Converted<v221::versions::Endpoint>, ConvertError> {
        let v211::versions::Endpoint {
            identifier,
            url,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let role = roles.role_of(identifier.as_str()).cloned().ok_or_else(|| {
            missing(
                "identifier",
                &format!(
                    "no interface role is known for module {:?}: give it in the input",
                    identifier.as_str()
                ),
            )
        })?;
        let mut out = v221::versions::Endpoint {
            identifier: losses.convert("identifier", identifier, &())?,
            role,
            url,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// Endpoint, 2.2.1 → 2.1.1: `identifier` and `url` cross. `role` is lost (2.1.1 endpoints
/// have none) unless it is the module's role in the input's table, which gives it back.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Endpoint class → 2.1.1
/// version_information_endpoint.md §Endpoint class
impl Convert<v211::versions::Endpoint> for v221::versions::Endpoint {
    type Input = EndpointRoles;

    fn convert(
        self,
        roles: &EndpointRoles,
    ) -> Result<Converted<v211::versions::Endpoint>, ConvertError> {
        let v221::versions::Endpoint {
            identifier,
            role,
            url,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        if roles.role_of(identifier.as_str()) != Some(&role) {
            losses.lost(
                "role",
                "2.1.1 endpoints have no role, and this is not the party's role for the module",
            );
        }
        let mut out = v211::versions::Endpoint {
            identifier: losses.convert("identifier", identifier, &())?,
            url,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// VersionDetails, 2.1.1 → 2.2.1: `version` crosses; every endpoint gets its module's role
/// from the input's table (see `EndpointRoles`).
///
/// Spec: 2.1.1 version_information_endpoint.md §Version details endpoint → 2.2.1
/// version_information_endpoint.asciidoc §Version details endpoint
impl Convert<v221::versions::VersionDetails> for v211::versions::VersionDetails {
    type Input = EndpointRoles;

    fn convert(
        self,
        roles: &EndpointRoles,
    ) -> Result<Converted<v221::versions::VersionDetails>, ConvertError> {
        let v211::versions::VersionDetails {
            version,
            endpoints,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let mut out = v221::versions::VersionDetails {
            version: losses.convert("version", version, &())?,
            endpoints: losses.convert_list("endpoints", endpoints, roles)?,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}

/// VersionDetails, 2.2.1 → 2.1.1: the endpoints of the one 2.1.1 party the input's table
/// describes.
///
/// A 2.2.1 list may hold the interfaces of several roles (2.2.1 version_details_example2:
/// a CPO and an eMSP behind one URL). An endpoint of a module in the table whose role is not
/// the table's is the other role's interface: it is dropped and reported whole. The
/// `credentials` endpoint is always kept (its role "has no function"). An endpoint of a module
/// not in the table is kept, its role reported. No endpoint left is a [`ConvertError`].
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §Version details endpoint → 2.1.1
/// version_information_endpoint.md §Version details endpoint
impl Convert<v211::versions::VersionDetails> for v221::versions::VersionDetails {
    type Input = EndpointRoles;

    fn convert(
        self,
        roles: &EndpointRoles,
    ) -> Result<Converted<v211::versions::VersionDetails>, ConvertError> {
        let v221::versions::VersionDetails {
            version,
            endpoints,
            unknown_fields,
        } = self;
        let mut losses = Losses::new();
        let version = losses.convert("version", version, &())?;
        let mut kept = Vec::with_capacity(endpoints.len());
        for (i, endpoint) in endpoints.into_iter().enumerate() {
            let path = format!("endpoints[{i}]");
            let module = endpoint.identifier.as_str();
            let other_role = module != "credentials"
                && roles.role_of(module).is_some_and(|r| *r != endpoint.role);
            if other_role {
                losses.lost(
                    path,
                    "the interface of another role: 2.1.1 version details describe one party role",
                );
            } else {
                kept.push(losses.convert(&path, endpoint, roles)?);
            }
        }
        if kept.is_empty() {
            return Err(missing(
                "endpoints",
                "no endpoint belongs to the party the input describes",
            ));
        }
        let mut out = v211::versions::VersionDetails {
            version,
            endpoints: kept,
            unknown_fields: UnknownFields::default(),
        };
        finish!(losses, out, unknown_fields)
    }
}
