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

use super::mapping::{map, try_map, Recast};
use super::{join, missing, rewire, Convert, ConvertError, Converted, Losses};
use crate::transport::PartyRef;
use crate::types::{
    CiString, Coordinate, CountryCode, DateTime, Number, OcpiString, PartyId, PatchField, Price,
    Role, Tolerant, UnknownFields,
};
use crate::v2_1_1 as v211;
use crate::v2_2_1 as v221;

use v211::locations as loc1;
use v221::locations as loc2;

// Inputs --------------------------------------------------------------------------------------

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

builder! {
    EvseInput: new(; status, last_updated),
    with_status(status: loc2::Status) = Some(status),
    with_last_updated(last_updated: DateTime) = Some(last_updated),
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

builder! {
    LocationInput: new(party: PartyRef, publish: bool; time_zone, evses),
    with_time_zone(time_zone: OcpiString<255>) = Some(time_zone),
    with_evses(evses: EvseInput) = evses,
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

builder! {
    PatchInput: new(; last_updated, evses),
    with_last_updated(last_updated: DateTime) = Some(last_updated),
    with_evses(evses: EvseInput) = evses,
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

builder! {
    SessionInput: new(party: PartyRef, cdr_token: v221::cdrs::CdrToken; auth_method),
    with_auth_method(auth_method: v221::cdrs::AuthMethod) = Some(auth_method),
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

builder! {
    SessionPatchInput: new(; last_updated, cdr_token),
    with_last_updated(last_updated: DateTime) = Some(last_updated),
    with_cdr_token(cdr_token: v221::cdrs::CdrToken) = Some(cdr_token),
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

builder! { CdrInput: new(party: PartyRef, cdr_token: v221::cdrs::CdrToken) }

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

builder! {
    TokenInput: new(party: PartyRef; whitelist, last_updated),
    with_whitelist(whitelist: v221::tokens::WhitelistType) = Some(whitelist),
    with_last_updated(last_updated: DateTime) = Some(last_updated),
}

/// What a 2.2.1 CommandResponse requires that a 2.1.1 one does not carry.
///
/// Spec: 2.2.1 mod_commands.asciidoc §CommandResponse Object (`timeout`: 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandResponseInput {
    /// Seconds the eMSP should wait for the asynchronous result.
    pub timeout: i64,
}

builder! { CommandResponseInput: new(timeout: i64) }

/// The roles of a 2.1.1 party, for its 2.2.1 `roles` list.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class (`role`: 1).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialsInput {
    /// The roles the party plays (one or more): one entry is written per role, each with the
    /// party's business details and identity.
    pub roles: Vec<Role>,
}

builder! { CredentialsInput: new(roles: Vec<Role>) }

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

builder! {
    CredentialsChoice: new(; role, party),
    with_role(role: Role) = Some(role),
    with_party(party: PartyRef) = Some(party),
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

// Helpers -------------------------------------------------------------------------------------

const OWNER: &str =
    "2.1.1 objects carry no owner: the party is known from the URL and the credentials";

/// A 2.1.1 `string` as a 2.2.1 `CiString(N)`: printable ASCII, at most `N` characters.
fn ci<const N: usize>(s: &str, path: &str) -> Result<CiString<N>, ConvertError> {
    CiString::new(s).map_err(|e| missing(path, &format!("{s:?} is not a 2.2.1 CiString({N}): {e}")))
}

impl<const N: usize, const M: usize> Recast<CiString<M>> for OcpiString<N> {
    fn recast(self, path: &str) -> Result<CiString<M>, ConvertError> {
        ci(&self, path)
    }
}

impl<const N: usize, const M: usize> Recast<CiString<M>> for CiString<N> {
    fn recast(self, path: &str) -> Result<CiString<M>, ConvertError> {
        ci(&self, path)
    }
}

impl<const N: usize, const M: usize> Recast<OcpiString<M>> for CiString<N> {
    fn recast(self, path: &str) -> Result<OcpiString<M>, ConvertError> {
        text(&self, path)
    }
}

/// A value the 2.1.1 model may have kept non-conforming, as a conforming one (see
/// [`conforming`]).
impl<T> Recast<T> for Tolerant<T> {
    fn recast(self, path: &str) -> Result<T, ConvertError> {
        conforming(self, path)
    }
}

/// A text as a 2.1.1 `string(N)`.
fn text<const N: usize>(s: &str, path: &str) -> Result<OcpiString<N>, ConvertError> {
    OcpiString::new(s).map_err(|e| missing(path, &format!("{s:?} is not a 2.1.1 string({N}): {e}")))
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

mapping! {
    |l, input|
    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§GeoLocation class";
    /// GeoLocation, 2.1.1 → 2.2.1: the coordinates in the 2.2.1 form (see `coordinate`).
    up: loc1::GeoLocation => loc2::GeoLocation, input ();
    /// GeoLocation, 2.2.1 → 2.1.1: the coordinates in the 2.1.1 form (see `coordinate`).
    down: input ();
    {
        latitude: coordinate(latitude, "latitude", &mut l),
        longitude: coordinate(longitude, "longitude", &mut l),
    }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§AdditionalGeoLocation class";
    /// AdditionalGeoLocation, 2.1.1 → 2.2.1: the coordinates in the 2.2.1 form (see
    /// `coordinate`), the name as it is.
    up: loc1::AdditionalGeoLocation => loc2::AdditionalGeoLocation, input ();
    /// AdditionalGeoLocation, 2.2.1 → 2.1.1: the coordinates in the 2.1.1 form (see
    /// `coordinate`), the name as it is.
    down: input ();
    {
        latitude: coordinate(latitude, "latitude", &mut l),
        longitude: coordinate(longitude, "longitude", &mut l),
        name,
    }
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

/// Converts the elements of a required 2.1.1 list (`path[i]`), leaving out whole each one
/// that `leave_out` gives a reason for (reported with it); none left is an error (`none_left`).
fn convert_kept<S: Convert<T>, T>(
    losses: &mut Losses,
    path: &str,
    values: Vec<S>,
    input: &S::Input,
    leave_out: impl Fn(&S) -> Option<&'static str>,
    none_left: &str,
) -> Result<Vec<T>, ConvertError> {
    let mut kept = Vec::with_capacity(values.len());
    for (i, value) in values.into_iter().enumerate() {
        let at = format!("{path}[{i}]");
        match leave_out(&value) {
            Some(why) => losses.lost(at, why),
            None => kept.push(losses.convert(&at, value, input)?),
        }
    }
    if kept.is_empty() {
        return Err(missing(path, none_left));
    }
    Ok(kept)
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

// Enums ---------------------------------------------------------------------------------------

enum_pairs! {
    ["2.1.1" ".md" "enum" => "2.2.1" ".asciidoc" "enum", false]
    /// Capability, 2.2.1 → 2.1.1: the values added in 2.2 and 2.2.1
    /// (`CHARGING_PREFERENCES_CAPABLE`, `CHIP_CARD_SUPPORT`, …) and unknown values have no 2.1.1
    /// value and none means the same: an error, which the EVSE's `capabilities` list turns into
    /// leaving the value out (reported): the EVSE still offers every capability 2.1.1 can name.
    loc1::Capability => loc2::Capability, "Capability" in "mod_locations";
    /// ConnectorType, 2.2.1 → 2.1.1: the types added in 2.2 and 2.2.1 (ChaoJi, GB/T, NEMA,
    /// pantographs, Domestic M–O) and unknown values are an error: each is a plug of its own
    /// shape, no 2.1.1 type fits it, and a wrong type would send drivers to a plug their
    /// cable does not fit. The connector (and the Location, Session or CDR holding it) cannot
    /// cross.
    loc1::ConnectorType => loc2::ConnectorType, "ConnectorType" in "mod_locations";
    /// Facility, 2.2.1 → 2.1.1: the values added in 2.2 (`BIKE_SHARING`, `PARKING_LOT`,
    /// `TRAM_STOP`, `METRO_STATION`) and unknown values are an error, which the Location's
    /// `facilities` list turns into leaving the value out (reported).
    loc1::Facility => loc2::Facility, "Facility" in "mod_locations";
    /// PowerType, 2.2.1 → 2.1.1: `AC_2_PHASE` and `AC_2_PHASE_SPLIT` (added in 2.2.1) and
    /// unknown values are an error: 2.1.1 knows one or three phases, and either would
    /// misstate the power a connector delivers (power is computed from voltage, amperage and
    /// phases). The connector cannot cross.
    loc1::PowerType => loc2::PowerType, "PowerType" in "mod_locations";
    /// SessionStatus, 2.2.1 → 2.1.1: `RESERVATION` (added in 2.2: "started due to a
    /// reservation, charging has not yet started. The session might never become an active
    /// session") is sent as `PENDING` ("it has not yet started. Not all pre-conditions are
    /// met. [...] might never become an active session"), reported. An unknown value is an
    /// error.
    v211::sessions::SessionStatus => v221::sessions::SessionStatus, "SessionStatus"
        in "mod_sessions", map {
        "RESERVATION" => "PENDING": "a session started by a reservation that has not started charging",
    };
    /// AuthMethod, 2.2.1 → 2.1.1: `COMMAND` (added in 2.2: a StartSession or ReserveNow from
    /// the eMSP authorized the session) is sent as `AUTH_REQUEST` ("Authentication request
    /// from the eMSP"): in both the eMSP authorized the token, which is what 2.1.1 tells
    /// apart from `WHITELIST`; reported. An unknown value is an error.
    v211::cdrs::AuthMethod => v221::cdrs::AuthMethod, "AuthMethod" in "mod_cdrs", map {
        "COMMAND" => "AUTH_REQUEST": "the eMSP authorized the token through a command",
    };
    /// TokenType, 2.2.1 → 2.1.1: `AD_HOC_USER` and `APP_USER` (added in 2.2), and unknown
    /// values, are sent as `OTHER` ("Other type of token"), reported: 2.1.1 has only `OTHER`
    /// and `RFID`, and none of them is an RFID token.
    v211::tokens::TokenType => v221::tokens::TokenType, "TokenType" in "mod_tokens", map {
        "AD_HOC_USER" => "OTHER": "not an RFID token",
        "APP_USER" => "OTHER": "not an RFID token",
        "*" => "OTHER": "not an RFID token",
    };
    /// CommandType, 2.2.1 → 2.1.1: `CANCEL_RESERVATION` (added in 2.2) and unknown values
    /// are an error: a 2.1.1 CPO has no such command.
    v211::commands::CommandType => v221::commands::CommandType, "CommandType" in "mod_commands";
    /// ModuleID, 2.2.1 → 2.1.1: `chargingprofiles` and `hubclientinfo` (added in 2.2) keep
    /// their identifier, reported: 2.1.1 lets parties extend the enum with custom modules
    /// (2.1.1 version_information_endpoint.md §Custom Modules).
    v211::versions::ModuleId => v221::versions::ModuleId, "ModuleID"
        in "version_information_endpoint";
    /// VersionNumber, 2.2.1 → 2.1.1: `2.2` and `2.2.1` keep their text (a versions list
    /// names versions newer than its reader's).
    v211::versions::VersionNumber => v221::versions::VersionNumber, "VersionNumber"
        in "version_information_endpoint";
}

enum_up! {
    /// CdrDimensionType, 2.1.1 → 2.2.1. `FLAT` was removed in 2.2 ("of no use on a CDR, only
    /// causes confusion"): it keeps its wire text and is reported, as 2.2.1 gives it no
    /// meaning.
    ///
    /// Spec: 2.1.1 mod_cdrs.md §CdrDimensionType enum → 2.2.1 mod_cdrs.asciidoc
    /// §CdrDimensionType enum; 2.2.1 changelog.asciidoc
    v211::cdrs::CdrDimensionType => v221::cdrs::CdrDimensionType, lossy {
        "FLAT" => "FLAT was removed in 2.2 (no use on a CDR): kept as written, 2.2.1 gives it no meaning",
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
}

enum_down! {
    "2.1.1", report_open: false;
    /// CdrDimensionType, 2.2.1 → 2.1.1: the values added in 2.2 (`CURRENT`, `ENERGY_EXPORT`,
    /// `ENERGY_IMPORT`, `MAX_POWER`, `MIN_POWER`, `POWER`, `RESERVATION_TIME`,
    /// `STATE_OF_CHARGE`) and unknown values are an error, which a charging period's
    /// `dimensions` turns into leaving the dimension out (reported): each dimension is a
    /// measurement of its own.
    ///
    /// Spec: 2.2.1 mod_cdrs.asciidoc §CdrDimensionType enum → 2.1.1 mod_cdrs.md
    /// §CdrDimensionType enum
    v221::cdrs::CdrDimensionType => v211::cdrs::CdrDimensionType, "CdrDimensionType";
    /// CommandResponseType, 2.2.1 → 2.1.1: every 2.2.1 value exists in 2.1.1; an unknown
    /// value is an error.
    ///
    /// Spec: 2.2.1 mod_commands.asciidoc §CommandResponseType enum → 2.1.1 mod_commands.md
    /// §CommandResponseType enum
    v221::commands::CommandResponseType => v211::commands::CommandResponseType,
        "CommandResponseType";
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
            Some(p) => enum_down!(@to "2.1.1", false, loc1::LocationType, "LocationType", [
                ("*", "OTHER", "none of the 2.1.1 possibilities")
            ])
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

// Locations: classes --------------------------------------------------------------------------

mapping! {
    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§Image class";
    /// Image, 2.1.1 → 2.2.1: every field crosses; `type` becomes a `CiString(4)` (an error if
    /// it is not ASCII).
    up: loc1::Image => loc2::Image, input ();
    /// Image, 2.2.1 → 2.1.1: every field crosses.
    down: input ();
    { url, thumbnail, category, recast r#type, width, height }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§BusinessDetails class";
    /// BusinessDetails, 2.1.1 → 2.2.1: every field crosses (the logo as an Image).
    up: loc1::BusinessDetails => loc2::BusinessDetails, input ();
    /// BusinessDetails, 2.2.1 → 2.1.1: every field crosses (the logo as an Image).
    down: input ();
    { name, website, ~logo }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§EnvironmentalImpact class"
        + "2.2.1 changelog.asciidoc";
    /// EnvironmentalImpact, 2.1.1 → 2.2.1: `source` is renamed `category` (a copy/paste error
    /// of an older version, corrected in 2.2).
    up: loc1::EnvironmentalImpact => loc2::EnvironmentalImpact, input ();
    /// EnvironmentalImpact, 2.2.1 → 2.1.1: `category` is written as `source`.
    down: input ();
    { source => category, amount }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§EnergyMix class";
    /// EnergyMix, 2.1.1 → 2.2.1: every field crosses (impacts as EnvironmentalImpact).
    up: loc1::EnergyMix => loc2::EnergyMix, input ();
    /// EnergyMix, 2.2.1 → 2.1.1: every field crosses (impacts as EnvironmentalImpact).
    down: input ();
    { is_green_energy, energy_sources, ~environ_impact, supplier_name, energy_product_name }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§ExceptionalPeriod class";
    /// ExceptionalPeriod, 2.1.1 → 2.2.1: both timestamps cross. A timestamp the 2.1.1 model
    /// kept verbatim because it does not conform (the official RegularHours example writes
    /// `+02:00` offsets) is a [`ConvertError`]: it is not rewritten.
    up: loc1::ExceptionalPeriod => loc2::ExceptionalPeriod, input ();
    /// ExceptionalPeriod, 2.2.1 → 2.1.1: both timestamps cross.
    down: input ();
    {
        up(recast period_begin, recast period_end),
        down(period_begin: Tolerant::Valid(period_begin), period_end: Tolerant::Valid(period_end)),
    }

    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§Hours class"
        + "2.2.1 changelog.asciidoc (Hours class)";
    /// Hours, 2.1.1 → 2.2.1. In 2.1.1 `regular_hours` and `twentyfourseven` are a choice; in
    /// 2.2.1 `twentyfourseven` is required and `regular_hours` goes with `false`. A 2.1.1 Hours
    /// that chose `regular_hours` is therefore `twentyfourseven: false`; one that gives neither
    /// is a [`ConvertError`]. The exceptional periods cross as ExceptionalPeriod.
    up: loc1::Hours => loc2::Hours, input ();
    /// Hours, 2.2.1 → 2.1.1. Written in the 2.1.1 choice form: `twentyfourseven: false` with
    /// regular hours is the `regular_hours` side of the choice (no `twentyfourseven`); `true`
    /// is written as is. Nothing is lost.
    down: input ();
    {
        up(twentyfourseven: match twentyfourseven {
            Some(b) => b,
            None if regular_hours.is_some() => false,
            None => {
                return Err(missing(
                    "twentyfourseven",
                    "the 2.1.1 Hours give neither regular_hours nor twentyfourseven",
                ))
            }
        }),
        // `false` with regular hours is the `regular_hours` side of the 2.1.1 choice.
        down(twentyfourseven: (twentyfourseven || regular_hours.is_none())
            .then_some(twentyfourseven)),
        regular_hours, ~exceptional_openings, ~exceptional_closings,
    }
}

// Locations: Connector ------------------------------------------------------------------------

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

/// [`first_tariff`] of a PATCH: an empty `tariff_ids` clears `tariff_id`.
fn first_tariff_patch(
    ids: PatchField<Vec<CiString<36>>>,
    losses: &mut Losses,
) -> Result<PatchField<OcpiString<36>>, ConvertError> {
    Ok(match try_map(ids, |ids| first_tariff(ids, losses))? {
        PatchField::Value(Some(id)) => PatchField::Value(id),
        PatchField::Absent => PatchField::Absent,
        PatchField::Null | PatchField::Value(None) => PatchField::Null,
    })
}

mapping! {
    |l, input|
    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§Connector Object"
        + "2.2.1 changelog.asciidoc (Connector Object)";
    /// Connector, 2.1.1 → 2.2.1: `voltage` and `amperage` are renamed `max_voltage` and
    /// `max_amperage` ("to better reflect the real meaning"); the single `tariff_id` becomes a
    /// one-element `tariff_ids`; `id` becomes a `CiString(36)` (an error if it is not ASCII).
    /// Nothing is lost.
    up: loc1::Connector => loc2::Connector, input ();
    /// Connector, 2.2.1 → 2.1.1: `max_voltage`/`max_amperage` are written as
    /// `voltage`/`amperage`. Lost: `max_electric_power` (no 2.1.1 field) and every tariff id
    /// after the first (2.1.1 has a single `tariff_id`).
    down: input ();
    patch spec "2.1.1 mod_locations.md §PATCH Method"
        => "2.2.1 mod_locations.asciidoc §PATCH Method";
    /// ConnectorPatch, 2.1.1 → 2.2.1: the same mapping as the Connector (`tariff_id: null`
    /// clears `tariff_ids`). Input: `last_updated` when the body has none.
    patch up: loc1::ConnectorPatch => loc2::ConnectorPatch, input PatchInput;
    /// ConnectorPatch, 2.2.1 → 2.1.1: the same mapping as the Connector; an empty
    /// `tariff_ids` clears `tariff_id`. Lost: `max_electric_power`, tariff ids after the first.
    patch down: input ();
    {
        new max_electric_power: "2.1.1 Connector has no max_electric_power",
        down(patch(tariff_ids => tariff_id: first_tariff_patch(tariff_ids, &mut l)?)),
        recast id, ~standard, format, ~power_type,
        voltage => max_voltage,
        amperage => max_amperage,
        up(full(tariff_id => tariff_ids: tariff_id
            .map(|t| ci(&t, "tariff_id").map(|t| vec![t]))
            .transpose()?)),
        up(patch(tariff_id => tariff_ids: try_map(tariff_id, |t| Ok(vec![ci(&t, "tariff_id")?]))?)),
        down(full(tariff_ids => tariff_id: match tariff_ids {
            Some(ids) => first_tariff(ids, &mut l)?,
            None => None,
        })),
        terms_and_conditions,
        up(patch(last_updated: patch_last_updated(last_updated, &input.last_updated)?)),
        up(full(last_updated)),
        down(last_updated),
    }
}

// Locations: EVSE -----------------------------------------------------------------------------

mapping! {
    |l, input|
    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§EVSE Object";
    /// EVSE, 2.1.1 → 2.2.1: every field crosses. `uid` becomes a `CiString(36)` and `evse_id`
    /// a `CiString(48)` (an error if too long or not ASCII). `status` and `last_updated`,
    /// required by both tables but omitted by official 2.1.1 examples, come from the input's
    /// fallbacks when the EVSE lacks them, else are a [`ConvertError`].
    up: loc1::Evse => loc2::Evse, input EvseInput;
    /// EVSE, 2.2.1 → 2.1.1: every field crosses (enum values new in 2.2.1 keep their wire
    /// text).
    down: input ();
    patch spec "2.1.1 mod_locations.md §PATCH Method"
        => "2.2.1 mod_locations.asciidoc §PATCH Method";
    /// EvsePatch, 2.1.1 → 2.2.1: the same mapping as the EVSE. Input: `last_updated` when the
    /// body has none.
    patch up: loc1::EvsePatch => loc2::EvsePatch, input PatchInput;
    /// EvsePatch, 2.2.1 → 2.1.1: the same mapping as the EVSE; nothing is lost.
    patch down: input ();
    {
        recast uid, recast evse_id,
        up(full(status: required(status, &input.status, "status")?)),
        down(full(status: Some(status))),
        patch(status),
        status_schedule,
        up(~capabilities), down(-capabilities),
        ~connectors, floor_level, ~coordinates, physical_reference, directions,
        parking_restrictions, ~images,
        up(full(last_updated: required(last_updated, &input.last_updated, "last_updated")?)),
        up(patch(last_updated: patch_last_updated(last_updated, &input.last_updated)?)),
        down(full(last_updated: Some(last_updated))),
        down(patch(last_updated)),
    }
}

// Locations: Location -------------------------------------------------------------------------

const PUBLISH: &str = "2.1.1 Location has no publication control";
const STATE: &str = "2.1.1 Location has no state";

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

/// The 2.1.1 `postal_code` (required) of a 2.2.1 Location (optional): its own, else the
/// input's fallback (reported), else an error.
fn required_postal_code(
    code: Option<OcpiString<10>>,
    input: &LocationDowngrade,
    losses: &mut Losses,
) -> Result<OcpiString<10>, ConvertError> {
    match (code, &input.postal_code) {
        (Some(code), _) => Ok(code),
        (None, Some(fallback)) => {
            losses.lost(
                "postal_code",
                "2.1.1 requires a postal_code; the Location has none: the fallback was sent",
            );
            Ok(fallback.clone())
        }
        (None, None) => Err(missing(
            "postal_code",
            "2.1.1 requires a postal_code; this Location has none",
        )),
    }
}

/// The 2.2.1 `parking_type` of a 2.1.1 LocationPatch `type`: `UNKNOWN` and `OTHER` clear it
/// (`null`); a non-conforming value leaves it unchanged (reported).
fn patch_parking_type(
    value: Option<Tolerant<loc1::LocationType>>,
    losses: &mut Losses,
) -> Result<PatchField<loc2::ParkingType>, ConvertError> {
    Ok(match value.map(|t| parking_type(t, losses)).transpose()? {
        None | Some(None) => PatchField::Absent,
        Some(Some(None)) => PatchField::Null,
        Some(Some(Some(p))) => PatchField::Value(p),
    })
}

/// The 2.1.1 LocationPatch `type` of a 2.2.1 `parking_type`: `null` is `UNKNOWN`.
fn patch_location_type(
    value: PatchField<loc2::ParkingType>,
    losses: &mut Losses,
) -> Result<Option<Tolerant<loc1::LocationType>>, ConvertError> {
    match value {
        PatchField::Absent => None,
        PatchField::Null => Some(None),
        PatchField::Value(p) => Some(Some(p)),
    }
    .map(|p| losses.convert("parking_type", p, &()).map(Tolerant::Valid))
    .transpose()
}

mapping! {
    |l, input|
    spec "2.1.1 mod_locations.md" => "2.2.1 mod_locations.asciidoc": "§Location Object"
        + "2.2.1 changelog.asciidoc (Location Object)";
    /// Location, 2.1.1 → 2.2.1.
    ///
    /// Crosses: every field. `type` becomes `parking_type` (see the LocationType conversion:
    /// `UNKNOWN` and `OTHER` become no parking type, `OTHER` reported; a non-conforming value,
    /// like the `"on_street"` of the official Session and CDR examples, is left out and
    /// reported); `id` becomes a `CiString(36)` (an error if longer or not ASCII); EVSEs,
    /// connectors and classes convert as their own impls say.
    ///
    /// Input: the owning CPO (`country_code`, `party_id`), `publish` (2.1.1 has no such
    /// notion), the time zone when the Location has none (optional in 2.1.1, required in 2.2.1:
    /// without either, a [`ConvertError`]), and the EVSE fallbacks.
    up: loc1::Location => loc2::Location, input LocationInput;
    /// Location, 2.2.1 → 2.1.1.
    ///
    /// Crosses: every field 2.1.1 has. `parking_type` becomes `type` (none is `UNKNOWN`);
    /// EVSEs, connectors and classes convert as their own impls say.
    ///
    /// Lost: `country_code`, `party_id` (2.1.1 objects carry no owner), `publish`,
    /// `publish_allowed_to` (no publication control in 2.1.1), `state`. A Location without
    /// `postal_code` (allowed in 2.2.1 only when it has none) takes the input's
    /// [`postal_code`](LocationDowngrade::postal_code), reported as a loss; without one it is a
    /// [`ConvertError`]: 2.1.1 requires one.
    down: input LocationDowngrade;
    patch spec "2.1.1 mod_locations.md §PATCH Method"
        => "2.2.1 mod_locations.asciidoc §PATCH Method";
    /// LocationPatch, 2.1.1 → 2.2.1: the same mapping as the Location. A `type` of `UNKNOWN`
    /// or `OTHER` clears `parking_type` (`null`); `time_zone: null` cannot clear the field
    /// 2.2.1 requires and is reported. The owner fields stay absent (a PATCH names its object
    /// by URL). Input: `last_updated` when the body has none, EVSE fallbacks for whole EVSEs.
    patch up: loc1::LocationPatch => loc2::LocationPatch, input PatchInput;
    /// LocationPatch, 2.2.1 → 2.1.1: the same mapping as the Location. `parking_type: null` is
    /// `type: UNKNOWN`; `postal_code: null` cannot clear the field 2.1.1 requires and is
    /// reported. Lost: `country_code`, `party_id`, `publish`, `publish_allowed_to`, `state`
    /// when present.
    patch down: input ();
    {
        given country_code: OWNER => input.party.country_code,
        given party_id: OWNER => input.party.party_id,
        given publish: PUBLISH => input.publish,
        new publish_allowed_to: PUBLISH,
        new state: STATE,
        down(full(postal_code: required_postal_code(postal_code, input, &mut l)?)),
        down(patch(parking_type => r#type: patch_location_type(parking_type, &mut l)?)),
        up(patch(r#type => parking_type: patch_parking_type(r#type, &mut l)?)),
        recast id,
        up(full(r#type => parking_type: parking_type(r#type, &mut l)?.flatten())),
        down(full(parking_type => r#type: Tolerant::Valid(
            l.convert("parking_type", parking_type, &())?
        ))),
        name, address, city,
        up(full(postal_code: Some(postal_code))),
        up(patch(postal_code: opt_to_pf(postal_code))),
        down(patch(postal_code: pf_required(postal_code, "postal_code", "2.1.1", &mut l))),
        country, ~coordinates, ~related_locations, ~evses, directions, ~operator, ~suboperator,
        ~owner,
        up(~facilities), down(-facilities),
        up(full(time_zone: required(time_zone, &input.time_zone, "time_zone")?)),
        up(patch(time_zone: pf_required(time_zone, "time_zone", "2.2.1", &mut l))),
        down(full(time_zone: Some(time_zone))),
        down(patch(time_zone: opt_to_pf(time_zone))),
        ~opening_times, charging_when_closed, ~images, ~energy_mix,
        up(full(last_updated)),
        up(patch(last_updated: patch_last_updated(last_updated, &input.last_updated)?)),
        down(last_updated),
    }
}

parts! {
    LocationInput: EvseInput = evses;
    PatchInput: EvseInput = evses;
}

// CDRs: classes, CdrLocation ------------------------------------------------------------------

mapping! {
    |l, input|
    spec "2.1.1 mod_cdrs.md" => "2.2.1 mod_cdrs.asciidoc": "§CdrDimension class";
    /// CdrDimension, 2.1.1 → 2.2.1: both fields cross (`FLAT` is reported, see
    /// CdrDimensionType). A non-conforming `type` (the `"energy"` of the official 2.1.1 Session
    /// example) is a [`ConvertError`].
    up: v211::cdrs::CdrDimension => v221::cdrs::CdrDimension, input ();
    /// CdrDimension, 2.2.1 → 2.1.1: both fields cross.
    down: input ();
    {
        up(r#type: l.convert("type", conforming(r#type, "type")?, &())?),
        down(r#type: Tolerant::Valid(l.convert("type", r#type, &())?)),
        volume,
    }

    spec "2.1.1 mod_cdrs.md" => "2.2.1 mod_cdrs.asciidoc": "§ChargingPeriod class";
    /// ChargingPeriod, 2.1.1 → 2.2.1: both fields cross; there is no `tariff_id`.
    up: v211::cdrs::ChargingPeriod => v221::cdrs::ChargingPeriod, input ();
    /// ChargingPeriod, 2.2.1 → 2.1.1: `start_date_time` and `dimensions` cross. Lost:
    /// `tariff_id` (added in 2.2).
    down: input ();
    {
        start_date_time,
        up(~dimensions),
        down(dimensions: some_left(
            l.convert_list_dropping("dimensions", dimensions, &()),
            "dimensions",
        )?),
        new tariff_id: "2.1.1 ChargingPeriod has no tariff_id",
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
        out.unknown_fields = super::carry_like(&out, self.unknown_fields, &mut losses);
        Ok(losses.finish(out))
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

// CDRs: CDR -----------------------------------------------------------------------------------

const BREAKDOWN: &str = "2.1.1 CDR has no cost breakdown";
const CREDIT: &str = "2.1.1 has no credit CDRs: this CDR reads as a normal one";

mapping! {
    |l, input|
    spec "2.1.1 mod_cdrs.md" => "2.2.1 mod_cdrs.asciidoc": "§CDR Object"
        + "2.2.1 changelog.asciidoc (CDR Object)";
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
    up: v211::cdrs::Cdr => v221::cdrs::Cdr, input CdrInput;
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
    down: input loc1::Location;
    {
        given country_code: OWNER => input.party.country_code,
        given party_id: OWNER => input.party.party_id,
        up(recast id),
        new session_id: "2.1.1 CDR has no session_id",
        start_date_time,
        stop_date_time => end_date_time,
        up(auth_id => cdr_token: cdr_token(&auth_id, &input.cdr_token, "auth_id")?),
        down(cdr_token => auth_id: auth_id(cdr_token, "cdr_token", &mut l)?),
        ~auth_method,
        new authorization_reference: AUTH_REFERENCE,
        up(location => cdr_location: l.convert("location", location, &())?),
        down(cdr_location => location: l.convert("cdr_location", cdr_location, input)?),
        meter_id, currency, ~tariffs,
        up(~charging_periods),
        down(charging_periods: some_left(
            l.convert_list_dropping("charging_periods", charging_periods, &()),
            "charging_periods",
        )?),
        new signed_data: "2.1.1 CDR has no signed data",
        up(total_cost: Price::new(total_cost)),
        down(total_cost: amount(total_cost, "total_cost", &mut l)),
        new total_fixed_cost: BREAKDOWN, new total_energy_cost: BREAKDOWN,
        new total_time_cost: BREAKDOWN, new total_parking_cost: BREAKDOWN,
        new total_reservation_cost: BREAKDOWN,
        total_energy, total_time, total_parking_time, remark,
        new invoice_reference_id: "2.1.1 CDR has no invoice reference",
        new credit: CREDIT, new credit_reference_id: CREDIT,
        new home_charging_compensation: "2.1.1 CDR has no home charging compensation",
        last_updated,
        down(recast id),
    }
}

parts! {
    CdrInput: PartyRef = party;
}

// Sessions ------------------------------------------------------------------------------------

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

const PLACE: &str = "a 2.1.1 Session embeds the whole Location: a PATCH cannot change it by id";

/// The 2.2.1 `cdr_token` of a 2.1.1 Session PATCH that changes `auth_id`: the input's token
/// (a 2.2.1 PATCH replaces `cdr_token` whole), else an error.
fn patch_cdr_token(
    auth_id: Option<OcpiString<36>>,
    input: &SessionPatchInput,
) -> Result<Option<v221::cdrs::CdrToken>, ConvertError> {
    let Some(auth_id) = auth_id else {
        return Ok(None);
    };
    let token = input.cdr_token.as_ref().ok_or_else(|| {
        missing(
            "auth_id",
            "a 2.2.1 PATCH replaces cdr_token whole: the input gives no CdrToken",
        )
    })?;
    Ok(Some(cdr_token(&auth_id, token, "auth_id")?))
}

mapping! {
    |l, input|
    spec "2.1.1 mod_sessions.md" => "2.2.1 mod_sessions.asciidoc": "§Session Object"
        + "2.2.1 changelog.asciidoc (Session Object)";
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
    up: v211::sessions::Session => v221::sessions::Session, input SessionInput;
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
    down: input loc1::Location;
    patch spec "2.1.1 mod_sessions.md §PATCH Method" => "2.2.1 mod_sessions.asciidoc §PATCH Method";
    /// SessionPatch, 2.1.1 → 2.2.1: the same mapping as the Session, for the fields present. A
    /// body that changes `auth_id` needs the input's CdrToken (a 2.2.1 PATCH replaces `cdr_token`
    /// whole), else a [`ConvertError`]; a `location` becomes `location_id`, `evse_uid` and
    /// `connector_id` (the rest reported). Lost: `charging_periods` (a 2.1.1 PATCH replaces the
    /// list, a 2.2.1 PATCH appends to it). Input: `last_updated` when the body has none.
    patch up: v211::sessions::SessionPatch => v221::sessions::SessionPatch,
        input SessionPatchInput;
    /// SessionPatch, 2.2.1 → 2.1.1: the same mapping as the Session, for the fields present.
    /// Lost: `country_code`, `party_id`, the rest of `cdr_token`, `authorization_reference`,
    /// `total_cost.incl_vat`, `location_id`/`evse_uid`/`connector_id` (a 2.1.1 PATCH would need
    /// the whole Location) and `charging_periods` (a 2.2.1 PATCH appends them, a 2.1.1 PATCH
    /// would replace the list).
    patch down: input ();
    {
        given country_code: OWNER => input.party.country_code,
        given party_id: OWNER => input.party.party_id,
        up(
            patch(auth_id => cdr_token: patch_cdr_token(auth_id, input)?),
            full(auth_method: match auth_method {
                Some(m) => l.convert("auth_method", m, &())?,
                None => required(None, &input.auth_method, "auth_method")?,
            }),
            patch(~auth_method),
            // The embedded Location becomes the ids of its one EVSE and connector.
            location => _,
            full(do { let place = session_place(&location, &mut l)?; }),
            patch(do {
                let place = location
                    .map(|location| session_place(&location, &mut l))
                    .transpose()?
                    .map_or((None, None, None), |(id, uid, c)| (Some(id), Some(uid), Some(c)));
            }),
            _ => location_id: place.0,
            _ => evse_uid: place.1,
            _ => connector_id: place.2,
            patch(lost charging_periods: PERIODS_PATCH, _ => charging_periods: None),
            recast id,
            full(auth_id => cdr_token: cdr_token(&auth_id, &input.cdr_token, "auth_id")?),
            _ => authorization_reference: Default::default(),
            full(~charging_periods),
            full(total_cost: total_cost.map(Price::new)),
            patch(total_cost: map(total_cost, Price::new)),
            ~status,
            full(last_updated),
            patch(last_updated: patch_last_updated(last_updated, &input.last_updated)?),
        ),
        down(
            full(cdr_token => auth_id: auth_id(cdr_token, "cdr_token", &mut l)?),
            patch(cdr_token => auth_id: cdr_token
                .map(|t| auth_id(t, "cdr_token", &mut l))
                .transpose()?),
            full(auth_method: Some(l.convert("auth_method", auth_method, &())?)),
            patch(~auth_method),
            lost authorization_reference: AUTH_REFERENCE,
            full(location_id => _, evse_uid => _, connector_id => _, _ => location: reduce(input, [
                ("location_id", &location_id),
                ("evse_uid", &evse_uid),
                ("connector_id", &connector_id),
            ])?),
            patch(lost location_id: PLACE, lost evse_uid: PLACE, lost connector_id: PLACE,
                _ => location: None),
            full(-charging_periods),
            patch(lost charging_periods: PERIODS_PATCH, _ => charging_periods: PatchField::Absent),
            recast id,
            full(total_cost: total_cost.map(|p| amount(p, "total_cost", &mut l))),
            patch(total_cost: map(total_cost, |p| amount(p, "total_cost", &mut l))),
            ~status,
            last_updated,
        ),
        start_datetime => start_date_time,
        end_datetime => end_date_time,
        kwh, meter_id, currency,
    }
}

// Tariffs -------------------------------------------------------------------------------------

const CURRENT: &str = "2.1.1 tariffs cannot restrict by current";
const RESERVATION: &str = "2.1.1 tariffs cannot price reservations: without this restriction the element would price charging";
const LIMIT: &str = "2.1.1 tariffs have no price limits";
const VALIDITY: &str = "2.1.1 tariffs have no validity period";

mapping! {
    |l, input|
    spec "2.1.1 mod_tariffs.md" => "2.2.1 mod_tariffs.asciidoc": "§PriceComponent class";
    /// PriceComponent, 2.1.1 → 2.2.1: `type`, `price` and `step_size` cross; there is no `vat`.
    /// A non-conforming price (the string `"2.00"` of the official 2.1.1 CDR example) is a
    /// [`ConvertError`].
    up: v211::tariffs::PriceComponent => v221::tariffs::PriceComponent, input ();
    /// PriceComponent, 2.2.1 → 2.1.1: `type`, `price` and `step_size` cross. Lost: `vat`.
    down: input ();
    {
        new vat: "2.1.1 PriceComponent has no vat",
        r#type,
        up(recast price), down(price: Tolerant::Valid(price)),
        step_size,
    }

    spec "2.1.1 mod_tariffs.md" => "2.2.1 mod_tariffs.asciidoc": "§TariffRestrictions class";
    /// TariffRestrictions, 2.1.1 → 2.2.1: every field crosses.
    up: v211::tariffs::TariffRestrictions => v221::tariffs::TariffRestrictions, input ();
    /// TariffRestrictions, 2.2.1 → 2.1.1: every 2.1.1 field crosses. Lost: `min_current`,
    /// `max_current` (the element then applies regardless of current) and `reservation` (the
    /// element would then price charging; the Tariff conversion drops such elements whole).
    down: input ();
    {
        new min_current: CURRENT, new max_current: CURRENT, new reservation: RESERVATION,
        start_time, end_time, start_date, end_date, min_kwh, max_kwh, min_power, max_power,
        min_duration, max_duration, day_of_week,
    }

    spec "2.1.1 mod_tariffs.md" => "2.2.1 mod_tariffs.asciidoc": "§TariffElement class";
    /// TariffElement, 2.1.1 → 2.2.1: both fields cross (as PriceComponent and
    /// TariffRestrictions).
    up: v211::tariffs::TariffElement => v221::tariffs::TariffElement, input ();
    /// TariffElement, 2.2.1 → 2.1.1: both fields cross (as PriceComponent and
    /// TariffRestrictions, with their losses).
    down: input ();
    { ~price_components, ~restrictions }

    spec "2.1.1 mod_tariffs.md" => "2.2.1 mod_tariffs.asciidoc": "§Tariff Object"
        + "2.2.1 changelog.asciidoc (Tariff Object)";
    /// Tariff, 2.1.1 → 2.2.1: every field crosses (`id` as a `CiString(36)`: an error if it is
    /// not ASCII). Input: the owning CPO.
    up: v211::tariffs::Tariff => v221::tariffs::Tariff, input PartyRef;
    /// Tariff, 2.2.1 → 2.1.1.
    ///
    /// Crosses: `id`, `currency`, `tariff_alt_text`, `tariff_alt_url`, `elements` (with their
    /// losses: `vat`, `min_current`, `max_current`), `energy_mix`, `last_updated`.
    ///
    /// Lost: `country_code`, `party_id`, `type` (the tariff then applies to every session),
    /// `min_price`, `max_price`, `start_date_time`, `end_date_time`, and every element with a
    /// `reservation` restriction, whole (2.1.1 cannot price reservations; kept, it would price
    /// charging). A Tariff whose elements all price reservations is a [`ConvertError`].
    down: input ();
    {
        given country_code: OWNER => input.country_code,
        given party_id: OWNER => input.party_id,
        up(recast id),
        new r#type: "2.1.1 tariffs have no type: this one applies to every session",
        new min_price: LIMIT, new max_price: LIMIT,
        up(~elements),
        // Each element with a `reservation` restriction is left out whole.
        down(elements: convert_kept(&mut l, "elements", elements, &(), |e| {
            e.restrictions.as_ref().is_some_and(|r| r.reservation.is_some()).then_some(RESERVATION)
        }, "every element prices a reservation, which 2.1.1 cannot express")?),
        new start_date_time: VALIDITY, new end_date_time: VALIDITY,
        down(recast id),
        currency, tariff_alt_text, tariff_alt_url, ~energy_mix, last_updated,
    }
}

// Tokens --------------------------------------------------------------------------------------

const TOKEN_EXTRAS: &str = "added in 2.2: 2.1.1 Token has no such field";

mapping! {
    |l, input|
    spec "2.1.1 mod_tokens.md" => "2.2.1 mod_tokens.asciidoc": "§Token Object"
        + "2.2.1 changelog.asciidoc (Token Object)";
    /// Token, 2.1.1 → 2.2.1: every field crosses; `auth_id` is renamed `contract_id`; `uid` and
    /// `auth_id` become `CiString(36)` (an error if not ASCII). Input: the owning eMSP, and the
    /// `whitelist` and `last_updated` to write when the Token has none (the official 2.1.1 GET
    /// examples omit both and send an unknown `allow_whitelist`, which crosses as an unknown
    /// field).
    up: v211::tokens::Token => v221::tokens::Token, input TokenInput;
    /// Token, 2.2.1 → 2.1.1: every 2.1.1 field crosses (`contract_id` as `auth_id`). Lost:
    /// `country_code`, `party_id`, `group_id`, `default_profile_type`, `energy_contract`.
    down: input ();
    patch spec "2.1.1 mod_tokens.md §PATCH Method" => "2.2.1 mod_tokens.asciidoc §PATCH Method";
    /// TokenPatch, 2.1.1 → 2.2.1: the same mapping as the Token, for the fields present. The
    /// owner fields stay absent (a PATCH names its object by URL). Input: `last_updated` when the
    /// body has none.
    patch up: v211::tokens::TokenPatch => v221::tokens::TokenPatch, input PatchInput;
    /// TokenPatch, 2.2.1 → 2.1.1: the same mapping as the Token, for the fields present. Lost
    /// when present: `country_code`, `party_id`, `group_id`, `default_profile_type`,
    /// `energy_contract`.
    patch down: input ();
    {
        given country_code: OWNER => input.party.country_code,
        given party_id: OWNER => input.party.party_id,
        new group_id: TOKEN_EXTRAS, new default_profile_type: TOKEN_EXTRAS,
        new energy_contract: TOKEN_EXTRAS,
        recast uid, ~r#type,
        recast auth_id => contract_id,
        visual_number, issuer, valid,
        up(full(whitelist: required(whitelist, &input.whitelist, "whitelist")?)),
        down(full(whitelist: Some(whitelist))),
        patch(whitelist),
        language,
        up(full(last_updated: required(last_updated, &input.last_updated, "last_updated")?)),
        up(patch(last_updated: patch_last_updated(last_updated, &input.last_updated)?)),
        down(full(last_updated: Some(last_updated))),
        down(patch(last_updated)),
    }

    spec "2.1.1 mod_tokens.md" => "2.2.1 mod_tokens.asciidoc": "§LocationReferences class"
        + "2.2.1 changelog.asciidoc";
    /// LocationReferences, 2.1.1 → 2.2.1: `location_id` and `evse_uids` cross as `CiString(36)`
    /// (an error if longer or not ASCII). Lost: `connector_ids` (removed in 2.2: not unique
    /// within a Location).
    up: v211::tokens::LocationReferences => v221::tokens::LocationReferences, input ();
    /// LocationReferences, 2.2.1 → 2.1.1: both fields cross.
    down: input ();
    {
        gone connector_ids: "removed in 2.2: connector ids are not unique within a Location",
        recast location_id, recast evse_uids,
    }

    spec "2.1.1 mod_tokens.md" => "2.2.1 mod_tokens.asciidoc": "§AuthorizationInfo Object";
    /// AuthorizationInfo, 2.1.1 → 2.2.1: `allowed`, `location` and `info` cross. Input: the 2.2.1
    /// Token the authorization was asked for (2.2 added `token`, which 2.1.1 names by URL only).
    up: v211::tokens::AuthorizationInfo => v221::tokens::AuthorizationInfo,
        input v221::tokens::Token;
    /// AuthorizationInfo, 2.2.1 → 2.1.1: `allowed`, `location` and `info` cross. Lost: `token`
    /// (2.1.1 names the token by the request's URL) and `authorization_reference`.
    down: input ();
    {
        allowed,
        up(_ => token: input.clone()),
        down(token => _, do {
            l.lost(
                "token",
                "2.1.1 AuthorizationInfo has no token: the request's URL names it",
            );
        }),
        ~location,
        new authorization_reference: AUTH_REFERENCE,
        info,
    }
}

// Commands ------------------------------------------------------------------------------------

const AUTH_REFERENCE: &str = "2.1.1 has no authorization references";

/// A 2.2.1 `reservation_id` as the 2.1.1 integer: the decimal text of an integer, written as
/// in 2.1.1 (`42`, not `042` or `R-42`), else an error.
fn reservation_number(reservation_id: CiString<36>) -> Result<i64, ConvertError> {
    let id = reservation_id.as_str();
    id.parse::<i64>()
        .ok()
        .filter(|n| n.to_string() == id)
        .ok_or_else(|| {
            missing(
                "reservation_id",
                &format!("2.1.1 reservation ids are integers; {id:?} is not one"),
            )
        })
}

/// The 2.2.1 CommandResultType of a 2.1.1 CommandResponseType, by wire value; a value 2.2.1
/// lacks keeps its wire text (reported).
fn command_result(
    result: v211::commands::CommandResponseType,
    losses: &mut Losses,
) -> Result<v221::commands::CommandResultType, ConvertError> {
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
    Ok(result)
}

/// The 2.1.1 CommandResponseType of a 2.2.1 CommandResultType: a value 2.1.1 lacks is sent
/// as `REJECTED` (reported).
fn command_response_type(
    result: v221::commands::CommandResultType,
    losses: &mut Losses,
) -> v211::commands::CommandResponseType {
    let wire = result.as_str();
    match v211::commands::CommandResponseType::from_wire(wire) {
        Ok(known) if known.is_known() => known,
        _ => {
            losses.lost(
                "result",
                format!("2.1.1 CommandResponseType has no {wire}: sent as REJECTED"),
            );
            v211::commands::CommandResponseType::Rejected
        }
    }
}

mapping! {
    |l, input|
    spec "2.1.1 mod_commands.md" => "2.2.1 mod_commands.asciidoc": "§CommandResponse Object";
    /// CommandResponse, 2.1.1 → 2.2.1: `result` crosses (`TIMEOUT` reported, see
    /// CommandResponseType). Input: the `timeout` 2.2 added.
    up: v211::commands::CommandResponse => v221::commands::CommandResponse,
        input CommandResponseInput;
    /// CommandResponse, 2.2.1 → 2.1.1: `result` crosses. Lost: `timeout`, `message`.
    down: input ();
    {
        ~result,
        up(_ => timeout: input.timeout),
        down(timeout => _, do { l.lost("timeout", "2.1.1 CommandResponse has no timeout"); }),
        new message: "2.1.1 CommandResponse has no message",
    }

    spec "2.1.1 mod_commands.md" => "2.2.1 mod_commands.asciidoc": "§ReserveNow Object"
        + "2.2.1 changelog.asciidoc (ReserveNow Object)";
    /// ReserveNow, 2.1.1 → 2.2.1: every field crosses. The integer `reservation_id` is written
    /// as its decimal text (2.2 made it a `CiString(36)`); `location_id` and `evse_uid` become
    /// `CiString(36)` (an error if longer or not ASCII). Input: the Token input of the embedded
    /// token.
    up: v211::commands::ReserveNow => v221::commands::ReserveNow, input TokenInput;
    /// ReserveNow, 2.2.1 → 2.1.1: every 2.1.1 field crosses. `reservation_id` must be the
    /// decimal text of an integer, written as in 2.1.1 (`42`, not `042` or `R-42`), else a
    /// [`ConvertError`]: 2.1.1 reservation ids are integers. Lost: `authorization_reference` and
    /// what the token loses.
    down: input ();
    {
        response_url,
        down(reservation_id: reservation_number(reservation_id)?),
        ~token, expiry_date,
        up(reservation_id: ci(&reservation_id.to_string(), "reservation_id")?),
        recast location_id, recast evse_uid,
        new authorization_reference: AUTH_REFERENCE,
    }

    spec "2.1.1 mod_commands.md" => "2.2.1 mod_commands.asciidoc": "§StartSession Object";
    /// StartSession, 2.1.1 → 2.2.1: every field crosses; `location_id` and `evse_uid` become
    /// `CiString(36)` (an error if longer or not ASCII). Input: the Token input of the embedded
    /// token.
    up: v211::commands::StartSession => v221::commands::StartSession, input TokenInput;
    /// StartSession, 2.2.1 → 2.1.1: every 2.1.1 field crosses. Lost: `connector_id`,
    /// `authorization_reference` and what the token loses.
    down: input ();
    {
        response_url, ~token, recast location_id, recast evse_uid,
        new connector_id: "2.1.1 StartSession has no connector_id",
        new authorization_reference: AUTH_REFERENCE,
    }

    spec "2.1.1 mod_commands.md" => "2.2.1 mod_commands.asciidoc": "§StopSession Object";
    /// StopSession, 2.1.1 → 2.2.1: both fields cross (`session_id` as a `CiString(36)`: an error
    /// if not ASCII).
    up: v211::commands::StopSession => v221::commands::StopSession, input ();
    /// StopSession, 2.2.1 → 2.1.1: both fields cross.
    down: input ();
    { response_url, recast session_id }

    spec "2.1.1 mod_commands.md" => "2.2.1 mod_commands.asciidoc": "§UnlockConnector Object";
    /// UnlockConnector, 2.1.1 → 2.2.1: every field crosses as a `CiString(36)` (an error if
    /// longer or not ASCII).
    up: v211::commands::UnlockConnector => v221::commands::UnlockConnector, input ();
    /// UnlockConnector, 2.2.1 → 2.1.1: every field crosses.
    down: input ();
    { response_url, recast location_id, recast evse_uid, recast connector_id }

    spec "2.1.1 mod_commands.md §2.2.1 POST Method (eMSP interface: the body is the result \"from the Charge Point\"), §CommandResponse Object, §CommandResponseType enum"
        => "2.2.1 mod_commands.asciidoc §CommandResult Object, §CommandResultType enum";
    /// The asynchronous answer a 2.1.1 CPO POSTs to the `response_url` (a 2.1.1 CommandResponse),
    /// as the 2.2.1 CommandResult that replaced it: `result` crosses by wire value (`ACCEPTED`,
    /// `REJECTED`, `NOT_SUPPORTED` and `TIMEOUT` exist in both enums). `UNKNOWN_SESSION`, which
    /// 2.2.1 moved to the synchronous CommandResponse, keeps its wire text and is reported.
    up: v211::commands::CommandResponse => v221::commands::CommandResult, input ();
    /// A 2.2.1 CommandResult as the body a 2.1.1 eMSP expects on its `response_url` (a 2.1.1
    /// CommandResponse). A result whose wire value exists in 2.1.1 (`ACCEPTED`, `REJECTED`,
    /// `NOT_SUPPORTED`, `TIMEOUT`, and `UNKNOWN_SESSION` kept from a 2.1.1 peer) crosses as is;
    /// the failures 2.2 added (`FAILED`, `EVSE_OCCUPIED`, `EVSE_INOPERATIVE`,
    /// `UNKNOWN_RESERVATION`, `CANCELED_RESERVATION`, and values unknown to both) are sent as
    /// `REJECTED` ("rejected by the CPO or Charge Point") and reported. Lost: `message`.
    down: input ();
    {
        up(result: command_result(result, &mut l)?),
        down(result: command_response_type(result, &mut l)),
        new message: "2.1.1 CommandResponse has no message",
    }
}

// Credentials ---------------------------------------------------------------------------------

// A 2.1.1 Credentials object describes one party, a 2.2.1 one a list of roles, so the
// party's fields become (and are chosen from) whole list entries.

/// The 2.2.1 `roles` of a 2.1.1 party: one entry per role of the input, none an error.
fn party_roles(
    business_details: loc1::BusinessDetails,
    party_id: PartyId,
    country_code: CountryCode,
    input: &CredentialsInput,
    losses: &mut Losses,
) -> Result<Vec<v221::credentials::CredentialsRole>, ConvertError> {
    if input.roles.is_empty() {
        return Err(missing(
            "",
            "2.2.1 Credentials need one or more roles; the input gives none",
        ));
    }
    let business_details: loc2::BusinessDetails =
        losses.convert("business_details", business_details, &())?;
    Ok(input
        .roles
        .iter()
        .map(|role| v221::credentials::CredentialsRole {
            role: role.clone(),
            business_details: business_details.clone(),
            party_id,
            country_code,
            unknown_fields: UnknownFields::default(),
        })
        .collect())
}

/// The entry of a 2.2.1 `roles` list that the choice picks, with its index; every entry's
/// `role` and every entry of another party are reported.
fn chosen_role(
    roles: Vec<v221::credentials::CredentialsRole>,
    choice: &CredentialsChoice,
    losses: &mut Losses,
) -> Result<(usize, v221::credentials::CredentialsRole), ConvertError> {
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
                losses,
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
    Ok((chosen, party))
}

mapping! {
    |l, input|
    spec "2.1.1 credentials.md §Credentials object"
        => "2.2.1 credentials.asciidoc §Credentials object, §CredentialsRole class"
        + "2.2.1 changelog.asciidoc (Credentials Object)";
    /// Credentials, 2.1.1 → 2.2.1: `token` and `url` cross; the party (`business_details`,
    /// `party_id`, `country_code`) becomes one `roles` entry per role of the input (none is a
    /// [`ConvertError`]: `roles` needs one or more).
    up: v211::credentials::Credentials => v221::credentials::Credentials,
        input CredentialsInput;
    /// Credentials, 2.2.1 → 2.1.1: `token` and `url` cross, and the party of the chosen `roles`
    /// entry (see `CredentialsChoice`; no single match is a [`ConvertError`]).
    ///
    /// Lost: every entry's `role` (2.1.1 Credentials carry none), every entry of another party or
    /// with other business details, whole, and the unknown fields of the entries.
    down: input CredentialsChoice;
    {
        token, url,
        up(business_details => _, party_id => _, country_code => _,
            _ => roles: party_roles(business_details, party_id, country_code, input, &mut l)?),
        down(roles => _, do { let (chosen, party) = chosen_role(roles, input, &mut l)?; },
            _ => business_details: l.convert(
                &format!("roles[{chosen}].business_details"), party.business_details, &())?,
            _ => party_id: party.party_id, _ => country_code: party.country_code),
    }
}

// Versions ------------------------------------------------------------------------------------

mapping! {
    spec "2.1.1 version_information_endpoint.md §Version class"
        => "2.2.1 version_information_endpoint.asciidoc §Version class";
    /// Version, 2.1.1 → 2.2.1: both fields cross.
    up: v211::versions::Version => v221::versions::Version, input ();
    /// Version, 2.2.1 → 2.1.1: both fields cross (`2.2`, `2.2.1` keep their text).
    down: input ();
    { ~version, url }
}

/// The 2.2.1 role of a 2.1.1 endpoint: its module's in the table, else an error.
fn endpoint_role(
    identifier: &v211::versions::ModuleId,
    roles: &EndpointRoles,
) -> Result<v221::versions::InterfaceRole, ConvertError> {
    roles.role_of(identifier.as_str()).cloned().ok_or_else(|| {
        missing(
            "identifier",
            &format!(
                "no interface role is known for module {:?}: give it in the input",
                identifier.as_str()
            ),
        )
    })
}

mapping! {
    |l, input|
    spec "2.1.1 version_information_endpoint.md §Endpoint class"
        => "2.2.1 version_information_endpoint.asciidoc §Endpoint class";
    /// Endpoint, 2.1.1 → 2.2.1: `identifier` and `url` cross; `role` is the module's role in the
    /// input's table (a module the table does not know is a [`ConvertError`]).
    up: v211::versions::Endpoint => v221::versions::Endpoint, input EndpointRoles;
    /// Endpoint, 2.2.1 → 2.1.1: `identifier` and `url` cross. `role` is lost (2.1.1 endpoints
    /// have none) unless it is the module's role in the input's table, which gives it back.
    down: input EndpointRoles;
    {
        up(_ => role: endpoint_role(&identifier, input)?),
        down(role => _, do {
            if input.role_of(identifier.as_str()) != Some(&role) {
                l.lost(
                    "role",
                    "2.1.1 endpoints have no role, and this is not the party's role for the module",
                );
            }
        }),
        ~identifier, url,
    }

    spec "2.1.1 version_information_endpoint.md §Version details endpoint"
        => "2.2.1 version_information_endpoint.asciidoc §Version details endpoint";
    /// VersionDetails, 2.1.1 → 2.2.1: `version` crosses; every endpoint gets its module's role
    /// from the input's table (see `EndpointRoles`).
    up: v211::versions::VersionDetails => v221::versions::VersionDetails, input EndpointRoles;
    /// VersionDetails, 2.2.1 → 2.1.1: the endpoints of the one 2.1.1 party the input's table
    /// describes.
    ///
    /// A 2.2.1 list may hold the interfaces of several roles (2.2.1 version_details_example2:
    /// a CPO and an eMSP behind one URL). An endpoint of a module in the table whose role is not
    /// the table's is the other role's interface: it is dropped and reported whole. The
    /// `credentials` endpoint is always kept (its role "has no function"). An endpoint of a module
    /// not in the table is kept, its role reported. No endpoint left is a [`ConvertError`].
    down: input EndpointRoles;
    {
        ~version,
        up(~endpoints),
        // The endpoints of a module in the table with another role belong to another party.
        down(endpoints: convert_kept(&mut l, "endpoints", endpoints, input, |e| {
            let module = e.identifier.as_str();
            (module != "credentials" && input.role_of(module).is_some_and(|r| *r != e.role))
                .then_some("the interface of another role: 2.1.1 version details describe one party role")
        }, "no endpoint belongs to the party the input describes")?),
    }
}

parts! {
    self: EndpointRoles;
    self: TokenInput;
}
