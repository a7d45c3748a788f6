//! Conversions between OCPI 2.2.1 and 2.3.0.
//!
//! Every object, class and enum that both versions have and whose wire form differs converts
//! both ways; types that 2.3.0 re-exports from 2.2.1 (the same Rust type) cross as they are.
//!
//! What differs (2.3.0 changelog.asciidoc, "Changes between 2.2.1-d2 and 2.3.0"):
//!
//! - **Prices.** The 2.2.1 Price `{excl_vat, incl_vat?}` became `{before_taxes, taxes?}`, where
//!   `taxes` lists every tax due with its required `name` and its `amount` (types.asciidoc
//!   §Price class, §TaxAmount class). An upgrade lists the VAT of a 2.2.1 price as one tax,
//!   `incl_vat − excl_vat`, under a name given as input (`PriceUpgrade`); a downgrade sums the
//!   taxes into `incl_vat`. Both are exact decimal arithmetic. Tariff `min_price` and
//!   `max_price` became a PriceLimit `{before_taxes, after_taxes?}`: a rename.
//! - **Tariffs** gained `tax_included` (required) and `preauthorize_amount`, and 2.3.0 prices
//!   include or exclude taxes according to `tax_included`, where 2.2.1 prices always exclude
//!   VAT (mod_tariffs.asciidoc §PriceComponent class). An upgrade takes `tax_included` as input
//!   (`TariffUpgrade`); a downgrade of a tariff whose prices include taxes fails, since the
//!   amounts before taxes cannot be derived (inside a CDR, where `tariffs` is optional, such a
//!   tariff is left out and reported instead).
//! - **CdrToken**: `country_code` and `party_id`, required since 2.2.1, are missing from the
//!   2.2.1 CDR and Session examples (the 2.2.1 model reads them as optional, with a warning);
//!   2.3.0 requires them. An upgrade takes the token's owner as input where they are missing
//!   (`CdrTokenUpgrade`).
//! - **Locations**: parking places (Location `parking_places`, EVSE `parking`), Location
//!   `help_phone`, EVSE `accepted_service_providers`, Connector `capabilities`; new values of
//!   ConnectorType and ParkingRestriction. Nothing is required, so an upgrade needs no input and
//!   a downgrade reports what it leaves behind.
//! - **Tokens**: TokenType `EMAID` (and so Token, AuthorizationInfo, PublishTokenType,
//!   CdrToken, ReserveNow and StartSession, which carry a token type).
//! - **Credentials and Hubs**: the Role enum lost `HUB` (and 2.3.0 names `PTP`), and
//!   Credentials gained `hub_party_id`. A 2.2.1 Hub reports itself as a `HUB` role and its
//!   connected parties through HubClientInfo; a 2.3.0 Hub names itself in `hub_party_id` and
//!   lists the parties reachable through it in `roles` (credentials.asciidoc §Credentials
//!   object). See `CredentialsUpgrade` and `CredentialsDowngrade`. A ClientInfo of role
//!   `HUB` cannot be upgraded.
//! - **Versions**: VersionNumber `2.3.0` and ModuleID `payments`.
//!
//! Enum values that 2.3.0 knows and 2.2.1 does not are kept on the wire (every enum of this
//! crate keeps unknown values) and reported as lost, since 2.2.1 enums are closed and a 2.2.1
//! peer may refuse them. Values neither version knows cross silently, as they are.
//!
//! The Payments module is 2.3.0 only: nothing to convert.
//!
//! Spec: 2.2.1 and 2.3.0 object tables; 2.3.0 changelog.asciidoc.

use rust_decimal::Decimal;

use super::{missing, rewire, Convert, ConvertError, Converted, Losses};
use crate::transport::PartyRef;
use crate::types::{CiString, CountryCode, Number, OcpiString, PartyId, UnknownFields};
use crate::v2_2_1 as v221;
use crate::v2_3_0 as v230;

// Inputs --------------------------------------------------------------------------------------

/// The input of a 2.2.1 → 2.3.0 Price conversion: the name under which the VAT of a 2.2.1
/// price is listed as a 2.3.0 tax.
///
/// A 2.3.0 tax (`TaxAmount`) has a required `name` ("VAT", "GST", "QST", …); a 2.2.1 price
/// says only that an amount includes VAT. The name is therefore asked for, never assumed. It
/// is used for every price that has an `incl_vat`.
///
/// Spec: 2.3.0 types.asciidoc §TaxAmount class
#[derive(Debug, Clone, PartialEq)]
pub struct PriceUpgrade {
    /// The `name` of the tax that `incl_vat − excl_vat` becomes.
    pub tax_name: OcpiString<{ usize::MAX }>,
}

builder! { PriceUpgrade: new(tax_name: OcpiString<{ usize::MAX }>) }

/// The input of a 2.2.1 → 2.3.0 Tariff conversion: its `tax_included`.
///
/// 2.2.1 tariff prices always exclude VAT, so the value must be `NO` (taxes are added on top)
/// or `N/A` (no taxes apply); which of the two holds, 2.2.1 does not say. `YES` would change the
/// meaning of every price and is refused, as is an unknown value, and so is `N/A` for a tariff
/// with a non-zero VAT percentage.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object, §TaxIncluded enum
#[derive(Debug, Clone, PartialEq)]
pub struct TariffUpgrade {
    /// The `tax_included` of the upgraded tariff.
    pub tax_included: v230::tariffs::TaxIncluded,
}

builder! { TariffUpgrade: new(tax_included: v230::tariffs::TaxIncluded) }

/// The input of a 2.2.1 → 2.3.0 CdrToken conversion: the party that owns the token (its
/// eMSP), for a token without `country_code` or `party_id`.
///
/// Both are required in 2.2.1 too, but the 2.2.1 CDR and Session examples leave them out, and
/// 2.3.0 requires them. The owner fills only the halves a token lacks, and the half such a
/// token has must agree with it; a token with both ignores it.
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §CdrToken class
#[derive(Debug, Clone, PartialEq)]
pub struct CdrTokenUpgrade {
    /// The eMSP that owns the token, if known (without it, a token that lacks a half is an
    /// error).
    pub owner: Option<PartyRef>,
}

builder! { CdrTokenUpgrade: new(owner: Option<PartyRef>) }

/// The input of a 2.2.1 → 2.3.0 Session (or SessionPatch) conversion: for its `cdr_token` and
/// its `total_cost`.
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Session Object
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUpgrade {
    /// For `cdr_token`.
    pub token: CdrTokenUpgrade,
    /// For `total_cost`.
    pub price: PriceUpgrade,
}

builder! { SessionUpgrade: new(token: CdrTokenUpgrade, price: PriceUpgrade) }

/// The input of a 2.2.1 → 2.3.0 CDR conversion: for its `cdr_token`, its prices (`total_cost`
/// and the other totals) and its `tariffs`.
///
/// Spec: 2.3.0 mod_cdrs.asciidoc §CDR Object
#[derive(Debug, Clone, PartialEq)]
pub struct CdrUpgrade {
    /// For `cdr_token`.
    pub token: CdrTokenUpgrade,
    /// For every Price of the CDR.
    pub price: PriceUpgrade,
    /// For every Tariff of the CDR.
    pub tariff: TariffUpgrade,
}

builder! { CdrUpgrade: new(token: CdrTokenUpgrade, price: PriceUpgrade, tariff: TariffUpgrade) }

/// The input of a 2.2.1 → 2.3.0 Credentials conversion: the parties reachable through the
/// Hub, for the credentials of a Hub.
///
/// A 2.2.1 Hub reports only itself, as a `HUB` role, and its connected parties through
/// HubClientInfo; a 2.3.0 Hub names itself in `hub_party_id` and lists the parties reachable
/// through it in `roles` (one or more). Those parties, with their business details, are not in
/// the 2.2.1 credentials; they are appended to `roles` when the source has a `HUB` role, and
/// ignored otherwise.
///
/// Spec: 2.3.0 credentials.asciidoc §Credentials object
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CredentialsUpgrade {
    /// The roles of the parties reachable through the Hub.
    pub hub_clients: Vec<v230::credentials::CredentialsRole>,
}

builder! { CredentialsUpgrade: new(hub_clients: Vec<v230::credentials::CredentialsRole>) }

/// The input of a 2.3.0 → 2.2.1 Credentials conversion: the business details of the Hub, for
/// the credentials of a Hub (with a `hub_party_id`).
///
/// A 2.2.1 Hub reports itself as one `HUB` role, whose `business_details` are required and are
/// not in the 2.3.0 credentials. Ignored for credentials without `hub_party_id`.
///
/// Spec: 2.2.1 credentials.asciidoc §CredentialsRole class
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CredentialsDowngrade {
    /// The business details of the `HUB` role.
    pub hub_business_details: Option<v221::locations::BusinessDetails>,
}

builder! {
    CredentialsDowngrade: new(hub_business_details: Option<v221::locations::BusinessDetails>),
}

parts! {
    SessionUpgrade: CdrTokenUpgrade = token;
    SessionUpgrade: PriceUpgrade = price;
    CdrUpgrade: CdrTokenUpgrade = token;
    CdrUpgrade: PriceUpgrade = price;
    CdrUpgrade: TariffUpgrade = tariff;
}

// Helpers -------------------------------------------------------------------------------------

/// Reports the unknown fields of an object that does not cross, one by one.
fn lost_unknown(l: &mut Losses, prefix: &str, fields: &UnknownFields) {
    for (name, _) in fields.iter() {
        l.lost(
            format!("{prefix}.{name}"),
            "an unknown field of an object that does not cross",
        );
    }
}

/// An optional list converted element by element; an element that cannot convert is left out
/// and reported lost (with the reason it could not convert). A list left empty is omitted.
fn every_possible<S: Convert<T>, T>(
    l: &mut Losses,
    path: &str,
    values: Option<Vec<S>>,
    input: &S::Input,
) -> Result<Option<Vec<T>>, ConvertError> {
    let Some(values) = values else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        let at = format!("{path}[{i}]");
        match l.convert(&at, v, input) {
            Ok(v) => out.push(v),
            Err(e) => l.lost(
                at,
                format!("left out: cannot convert {}: {}", e.path, e.reason),
            ),
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

fn decimal_overflow(path: &str) -> ConvertError {
    missing(
        path,
        "the result does not fit an exact decimal (28 significant digits)",
    )
}

// Enums ---------------------------------------------------------------------------------------

enum_pairs! {
    ["2.2.1" ".asciidoc" "enum" => "2.3.0" ".asciidoc" "OpenEnum", true, "2.3.0"]
    /// TokenType, 2.3.0 → 2.2.1: `EMAID` (new in 2.3.0: a contract identifier used as a token
    /// by ISO 15118 Plug & Charge) and unknown values (TokenType is an OpenEnum in 2.3.0) are
    /// sent as `OTHER` ("Other type of token"), reported; every other value crosses as it is.
    v221::tokens::TokenType => v230::tokens::TokenType, "TokenType" in "mod_tokens", map {
        "*" => "OTHER": "a token type 2.2.1 does not name",
    };
    /// ConnectorType, 2.3.0 → 2.2.1: `MCS`, `SAE_J3400` (new in 2.3.0) and unknown values are
    /// an error: no 2.2.1 type fits (`TESLA_S` is mechanically compatible with SAE J3400 but
    /// "uses CAN bus for communication instead of power line communication", so a vehicle of
    /// one may not charge at the other). The connector cannot cross.
    v221::locations::ConnectorType => v230::locations::ConnectorType, "ConnectorType"
        in "mod_locations";
    /// ParkingRestriction, 2.3.0 → 2.2.1: `EMPLOYEES`, `TAXIS`, `TENANTS` (new in 2.3.0) and
    /// unknown values are an error, which the EVSE's `parking_restrictions` list turns into
    /// leaving the value out (reported).
    v221::locations::ParkingRestriction => v230::locations::ParkingRestriction,
        "ParkingRestriction" in "mod_locations";
    /// ModuleID, 2.3.0 → 2.2.1: `payments` (new in 2.3.0) keeps its identifier and is
    /// reported: 2.2.1 lets parties extend the enum with custom modules (2.2.1
    /// version_information_endpoint.asciidoc §Custom Modules).
    v221::versions::ModuleId => v230::versions::ModuleId, "ModuleID"
        in "version_information_endpoint";
    /// VersionNumber, 2.3.0 → 2.2.1: `2.3.0` keeps its text (a versions list names versions
    /// newer than its reader's).
    v221::versions::VersionNumber => v230::versions::VersionNumber, "VersionNumber"
        in "version_information_endpoint";
}

enum_down! {
    "2.2.1", report_open: true;
    /// Role, 2.3.0 → 2.2.1: `PTP` (named by 2.3.0, not in 2.2.1) is sent as `OTHER` ("Other
    /// role"), reported; an unknown value is an error.
    ///
    /// Spec: 2.3.0 types.asciidoc §Role enum → 2.2.1 types.asciidoc §Role enum
    v230::credentials::Role => crate::types::Role, "Role", map {
        "PTP" => "OTHER": "2.2.1 has no payment terminal provider role",
    };
}

/// 2.2.1 Role → 2.3.0 Role: every value but `HUB` crosses as it is.
///
/// `HUB` is an error: 2.3.0 removed it on purpose. A 2.3.0 Hub names itself in the
/// Credentials `hub_party_id` and lists the parties reachable through it as ordinary roles
/// (the Credentials upgrade does this); a party in any other place (a HubClientInfo, a lone
/// CredentialsRole) has no 2.3.0 role that means Hub, and keeping `HUB` as an unknown value
/// would send what 2.3.0 forbids.
///
/// Spec: 2.2.1 types.asciidoc §Role enum → 2.3.0 types.asciidoc §Role enum; 2.3.0
/// credentials.asciidoc §Credentials object
impl Convert<v230::credentials::Role> for crate::types::Role {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v230::credentials::Role>, ConvertError> {
        if self == crate::types::Role::Hub {
            return Err(missing(
                "",
                "2.3.0 has no HUB role: a 2.3.0 Hub is named by the hub_party_id of its \
                 Credentials, with the parties reachable through it as ordinary roles",
            ));
        }
        let value = rewire(self.as_str(), v230::credentials::Role::from_wire)?;
        Ok(Losses::new().finish(value))
    }
}

// Prices --------------------------------------------------------------------------------------

/// The 2.3.0 `taxes` of a 2.2.1 price: its VAT (`incl_vat − excl_vat`) as one tax named by
/// the input.
fn vat_as_tax(
    excl_vat: Number,
    incl_vat: Option<Number>,
    input: &PriceUpgrade,
) -> Result<Option<Vec<v230::tariffs::TaxAmount>>, ConvertError> {
    let Some(incl) = incl_vat else {
        return Ok(None);
    };
    let amount = incl
        .to_decimal()
        .checked_sub(excl_vat.to_decimal())
        .ok_or_else(|| decimal_overflow("incl_vat"))?;
    Ok(Some(vec![v230::tariffs::TaxAmount::new(
        input.tax_name.clone(),
        Number::from(amount),
    )]))
}

/// The 2.2.1 `incl_vat` of a 2.3.0 price: `before_taxes` plus every tax; what a tax says
/// besides its amount is reported.
fn taxes_as_vat(
    before_taxes: Number,
    taxes: Option<Vec<v230::tariffs::TaxAmount>>,
    l: &mut Losses,
) -> Result<Option<Number>, ConvertError> {
    let Some(taxes) = taxes else {
        return Ok(None);
    };
    if taxes.is_empty() {
        l.lost(
            "taxes",
            "an empty list (no taxes due) crosses as incl_vat equal to excl_vat; an \
             upgrade gives it back as one tax of amount 0",
        );
    }
    let several = taxes.len() > 1;
    let mut total: Decimal = before_taxes.to_decimal();
    for (i, tax) in taxes.into_iter().enumerate() {
        let at = format!("taxes[{i}]");
        let v230::tariffs::TaxAmount {
            name: _,
            account_number,
            percentage,
            amount,
            unknown_fields,
        } = tax;
        total = total
            .checked_add(amount.to_decimal())
            .ok_or_else(|| decimal_overflow(&format!("{at}.amount")))?;
        l.lost(
            format!("{at}.name"),
            "2.2.1 has no tax names: the tax crosses only as part of incl_vat",
        );
        l.lost_if(
            &account_number,
            &format!("{at}.account_number"),
            "2.2.1 has no tax account numbers",
        );
        l.lost_if(
            &percentage,
            &format!("{at}.percentage"),
            "2.2.1 has no tax percentage on a price",
        );
        if several {
            l.lost(
                format!("{at}.amount"),
                "several taxes: only their sum crosses, in incl_vat",
            );
        }
        lost_unknown(l, &at, &unknown_fields);
    }
    Ok(Some(Number::from(total)))
}

mapping! {
    |l, input|
    spec "2.2.1 types.asciidoc §Price class"
        => "2.3.0 types.asciidoc §Price class, §TaxAmount class";
    /// 2.2.1 Price → 2.3.0 Price: `excl_vat` becomes `before_taxes`; an `incl_vat` becomes one
    /// tax, named by the input, whose amount is `incl_vat − excl_vat` (exact decimal subtraction:
    /// `{excl_vat: 8.50, incl_vat: 9.35}` gives `{before_taxes: 8.50, taxes: [{name, amount:
    /// 0.85}]}`, as the official Session examples of both versions show). Without `incl_vat` there
    /// are no `taxes`. Nothing is lost.
    ///
    /// Input: the tax name (`PriceUpgrade`). Error: only when the difference does not fit an
    /// exact decimal.
    up: crate::types::Price => v230::tariffs::Price, input PriceUpgrade;
    /// 2.3.0 Price → 2.2.1 Price: `before_taxes` becomes `excl_vat`; with `taxes`, `incl_vat` is
    /// `before_taxes` plus the sum of their amounts (exact decimal addition). Without `taxes` there
    /// is no `incl_vat`.
    ///
    /// Lost: each tax's `name`, `account_number` and `percentage` (2.2.1 has one VAT-inclusive
    /// amount and nothing else), each tax's `amount` when there are several (only their sum
    /// crosses), the unknown fields of a tax, and an empty `taxes` list as such (it crosses as
    /// `incl_vat` equal to `excl_vat`, which an upgrade gives back as one tax of amount 0).
    ///
    /// Error: only when the sum does not fit an exact decimal.
    down: input ();
    {
        excl_vat => before_taxes,
        up(incl_vat => taxes: vat_as_tax(before_taxes, incl_vat, input)?),
        down(taxes => incl_vat: taxes_as_vat(excl_vat, taxes, &mut l)?),
    }

    spec "2.2.1 mod_tariffs.asciidoc §Tariff Object (min_price, max_price), types.asciidoc §Price class"
        => "2.3.0 mod_tariffs.asciidoc §PriceLimit class";
    /// 2.2.1 Price (as a Tariff's `min_price` / `max_price`) → 2.3.0 PriceLimit: `excl_vat` becomes
    /// `before_taxes` and `incl_vat` becomes `after_taxes`, a rename with the same meaning (the
    /// limits excluding and including taxes, which both apply). Nothing is lost.
    up: crate::types::Price => v230::tariffs::PriceLimit, input ();
    /// 2.3.0 PriceLimit → 2.2.1 Price (as a Tariff's `min_price` / `max_price`): `before_taxes`
    /// becomes `excl_vat` and `after_taxes` becomes `incl_vat`. Nothing is lost.
    down: input ();
    { excl_vat => before_taxes, incl_vat => after_taxes }
}

// Tariffs -------------------------------------------------------------------------------------

/// The `tax_included` of a 2.2.1 Tariff upgraded: the input's, which must keep the meaning of
/// 2.2.1 prices (always excluding VAT): `NO`, or `N/A` when no price component gives a VAT
/// percentage other than zero.
fn tax_included(
    elements: &[v221::tariffs::TariffElement],
    input: &TariffUpgrade,
) -> Result<Option<v230::tariffs::TaxIncluded>, ConvertError> {
    use v230::tariffs::TaxIncluded;
    match &input.tax_included {
        TaxIncluded::No => {}
        TaxIncluded::NotApplicable => {
            for (i, element) in elements.iter().enumerate() {
                for (j, component) in element.price_components.iter().enumerate() {
                    if component.vat.is_some_and(|v| !v.to_decimal().is_zero()) {
                        return Err(missing(
                            &format!("elements[{i}].price_components[{j}].vat"),
                            "a VAT percentage is given, so taxes apply: tax_included \
                             cannot be N/A",
                        ));
                    }
                }
            }
        }
        TaxIncluded::Yes => {
            return Err(missing(
                "tax_included",
                "2.2.1 tariff prices exclude VAT: tax_included YES would make them read \
                 as including taxes (use NO or N/A)",
            ))
        }
        other => {
            return Err(missing(
                "tax_included",
                &format!(
                    "`{}` is not a TaxIncluded value whose meaning is known (use NO or N/A)",
                    other.as_str()
                ),
            ))
        }
    }
    Ok(Some(input.tax_included.clone()))
}

/// What the `tax_included` of a 2.3.0 Tariff means for its downgrade: `NO` nothing, `N/A` or
/// none a loss, `YES` or an unknown value an error.
fn lost_tax_included(
    tax_included: Option<v230::tariffs::TaxIncluded>,
    l: &mut Losses,
) -> Result<(), ConvertError> {
    use v230::tariffs::TaxIncluded;
    match tax_included {
        Some(TaxIncluded::No) => {}
        Some(TaxIncluded::NotApplicable) => l.lost(
            "tax_included",
            "N/A (no taxes apply): 2.2.1 cannot say so for a whole tariff; its prices read \
             as excluding VAT",
        ),
        Some(TaxIncluded::Yes) => {
            return Err(missing(
                "tax_included",
                "the prices include taxes (YES), but 2.2.1 prices exclude VAT and the \
                 amounts before taxes cannot be derived",
            ))
        }
        Some(other) => {
            return Err(missing(
                "tax_included",
                &format!(
                    "`{}`: whether the prices include taxes is not known",
                    other.as_str()
                ),
            ))
        }
        None => l.lost(
            "tax_included",
            "missing in the source: the prices are passed on as they are, and 2.2.1 reads \
             them as excluding VAT",
        ),
    }
    Ok(())
}

mapping! {
    |l, input|
    spec "2.2.1 mod_tariffs.asciidoc §Tariff Object, §PriceComponent class"
        => "2.3.0 mod_tariffs.asciidoc §Tariff Object, §PriceComponent class, §TaxIncluded enum";
    /// 2.2.1 Tariff → 2.3.0 Tariff: every field crosses; `min_price` and `max_price` become
    /// PriceLimits; `tax_included`, which 2.2.1 does not have, is the input's ([`TariffUpgrade`]:
    /// 2.2.1 prices always exclude VAT, so only `NO` and `N/A` keep their meaning);
    /// `preauthorize_amount` stays absent. Nothing is lost. Errors: `YES` or an unknown value
    /// (at `tax_included`); `N/A` while a price component gives a non-zero VAT percentage (at
    /// that `vat`).
    up: v221::tariffs::Tariff => v230::tariffs::Tariff, input TariffUpgrade;
    /// 2.3.0 Tariff → 2.2.1 Tariff: every field 2.2.1 has crosses; `min_price` and `max_price`
    /// become Prices.
    ///
    /// Lost: `preauthorize_amount` (new in 2.3.0); `tax_included` when it is `N/A` (2.2.1 cannot
    /// say that no taxes apply to a whole tariff; its prices read as excluding VAT, which holds).
    /// `NO` crosses without a loss: it is what 2.2.1 prices always mean. A missing `tax_included`
    /// (an erratum of the 2.3.0 CDR example) is reported at `tax_included`: the prices are passed
    /// on as they are and 2.2.1 reads them as excluding VAT, which the source does not say.
    ///
    /// Errors: `tax_included` `YES` (the prices include taxes, 2.2.1 prices must exclude VAT, and
    /// the amounts before taxes cannot be derived: with no VAT percentage, as in North American
    /// tariffs, the taxes are not even known) and an unknown `tax_included` value.
    down: input ();
    {
        up(_ => tax_included: tax_included(&elements, input)?),
        carry,
        country_code, party_id, id, currency, r#type, tariff_alt_text, tariff_alt_url,
        ~min_price, ~max_price, elements, start_date_time, end_date_time, energy_mix,
        last_updated,
        new preauthorize_amount: "not in 2.2.1: the preauthorization amount is new in 2.3.0",
        down(tax_included => _, do { lost_tax_included(tax_included, &mut l)?; }),
    }
}

// CDRs and Sessions ---------------------------------------------------------------------------

/// The owner of a 2.2.1 CdrToken, which 2.3.0 requires: the token's own halves, a missing
/// half from the input's owner (which must not contradict the half the token has).
fn token_owner(
    country_code: Option<CountryCode>,
    party_id: Option<PartyId>,
    input: &CdrTokenUpgrade,
) -> Result<(CountryCode, PartyId), ConvertError> {
    Ok(match (country_code, party_id) {
        // A token that names its owner: the input is not needed.
        (Some(c), Some(p)) => (c, p),
        (c, p) => {
            let half = if c.is_none() {
                "country_code"
            } else {
                "party_id"
            };
            let owner = input.owner.ok_or_else(|| {
                missing(
                    half,
                    "required in 2.3.0 and missing: give the token's owner as input",
                )
            })?;
            if c.is_some_and(|c| c != owner.country_code) {
                return Err(missing(
                    "country_code",
                    "the token's country_code differs from the owner given as input",
                ));
            }
            if p.is_some_and(|p| p != owner.party_id) {
                return Err(missing(
                    "party_id",
                    "the token's party_id differs from the owner given as input",
                ));
            }
            (c.unwrap_or(owner.country_code), p.unwrap_or(owner.party_id))
        }
    })
}

mapping! {
    |l, input|
    spec "2.2.1 mod_cdrs.asciidoc" => "2.3.0 mod_cdrs.asciidoc": "§CdrToken class";
    /// 2.2.1 CdrToken → 2.3.0 CdrToken: every field crosses. `country_code` and `party_id` are
    /// required in 2.3.0; where the source lacks them (as the 2.2.1 CDR and Session examples do)
    /// they come from the input.
    ///
    /// Input (`CdrTokenUpgrade`): the token's owner, used only for a token that lacks a half (a
    /// token that has both ignores it). Errors: a missing half without an owner (at the first
    /// missing half); an owner that contradicts the half the token has (at that half).
    up: v221::cdrs::CdrToken => v230::cdrs::CdrToken, input CdrTokenUpgrade;
    /// 2.3.0 CdrToken → 2.2.1 CdrToken: every field crosses; a token type new in 2.3.0 (`EMAID`) is
    /// kept on the wire and reported lost.
    down: input ();
    {
        up(do { let (country_code, party_id) = token_owner(country_code, party_id, input)?; }),
        carry,
        up(country_code, party_id),
        down(country_code: Some(country_code), party_id: Some(party_id)),
        uid, ~r#type, contract_id,
    }

    spec "2.2.1 mod_cdrs.asciidoc" => "2.3.0 mod_cdrs.asciidoc": "§CdrLocation class";
    /// 2.2.1 CdrLocation → 2.3.0 CdrLocation: every field crosses (`connector_standard` as a 2.3.0
    /// ConnectorType). Nothing is lost.
    up: v221::cdrs::CdrLocation => v230::cdrs::CdrLocation, input ();
    /// 2.3.0 CdrLocation → 2.2.1 CdrLocation: every field crosses; a connector standard new in
    /// 2.3.0 is kept on the wire and reported lost.
    down: input ();
    {
        id, name, address, city, postal_code, state, country, coordinates, evse_uid, evse_id,
        connector_id, connector_format, connector_power_type, ~connector_standard,
    }

    spec "2.2.1 mod_cdrs.asciidoc" => "2.3.0 mod_cdrs.asciidoc": "§CDR Object";
    /// 2.2.1 CDR → 2.3.0 CDR: every field crosses. The token, the location, the tariffs and
    /// the six prices convert as their own conversions say; nothing is lost.
    ///
    /// Input (`CdrUpgrade`): the token's owner (for a `cdr_token` without `country_code` /
    /// `party_id`), the tax name of the prices, the `tax_included` of the tariffs. Errors: those
    /// of the nested conversions, at their paths (`cdr_token.country_code`,
    /// `tariffs[0].tax_included`, …).
    up: v221::cdrs::Cdr => v230::cdrs::Cdr, input CdrUpgrade;
    /// 2.3.0 CDR → 2.2.1 CDR: every field crosses. The token, the location, the tariffs and
    /// the six prices convert as their own conversions say, with their losses (tax names, a
    /// token type or connector standard new in 2.3.0, a tariff's `preauthorize_amount` or
    /// `tax_included`).
    ///
    /// A tariff that cannot be downgraded (`tax_included` `YES`: its amounts before taxes are not
    /// known) is left out of `tariffs` and reported lost at `tariffs[i]`: `tariffs` is optional and
    /// informative in a CDR, whose costs are all given before taxes. A `tariffs` list left empty is
    /// omitted.
    down: input ();
    {
        country_code, party_id, id, start_date_time, end_date_time, session_id, auth_method,
        authorization_reference, meter_id, currency, charging_periods, signed_data, total_energy,
        total_time, total_parking_time, remark, invoice_reference_id, credit, credit_reference_id,
        home_charging_compensation, last_updated, ~cdr_token, ~cdr_location, ~total_cost,
        ~total_fixed_cost, ~total_energy_cost, ~total_time_cost, ~total_parking_cost,
        ~total_reservation_cost,
        up(~tariffs),
        down(tariffs: every_possible(&mut l, "tariffs", tariffs, &())?),
    }

    spec "2.2.1 mod_sessions.asciidoc" => "2.3.0 mod_sessions.asciidoc": "§Session Object";
    /// 2.2.1 Session → 2.3.0 Session: every field crosses; `cdr_token` and `total_cost`
    /// convert as their own conversions say. Nothing is lost.
    ///
    /// Input (`SessionUpgrade`): the token's owner (for a `cdr_token` without
    /// `country_code` / `party_id`, as in the 2.2.1 Session examples) and the tax name of
    /// `total_cost`. Errors: those of the token, at `cdr_token.*`.
    up: v221::sessions::Session => v230::sessions::Session, input SessionUpgrade;
    /// 2.3.0 Session → 2.2.1 Session: every field crosses; `cdr_token` and `total_cost` convert as
    /// their own conversions say, with their losses (tax names, a token type new in 2.3.0).
    down: input ();
    patch: v221::sessions::SessionPatch => v230::sessions::SessionPatch;
    {
        down(patch(carry)),
        country_code, party_id, id, start_date_time, end_date_time, kwh, auth_method,
        authorization_reference, location_id, evse_uid, connector_id, meter_id, currency,
        charging_periods, status, last_updated, ~cdr_token, ~total_cost,
    }
}

// Locations -----------------------------------------------------------------------------------

mapping! {
    spec "2.2.1 mod_locations.asciidoc" => "2.3.0 mod_locations.asciidoc": "§Location Object";
    /// 2.2.1 Location → 2.3.0 Location: every field crosses (`publish_allowed_to` and `evses`
    /// element by element); `parking_places` and `help_phone` stay absent. Nothing is lost.
    up: v221::locations::Location => v230::locations::Location, input ();
    /// 2.3.0 Location → 2.2.1 Location: every field 2.2.1 has crosses.
    ///
    /// Lost: `parking_places` and `help_phone` (new in 2.3.0), and what the EVSEs and publish
    /// tokens lose.
    down: input ();
    patch: v221::locations::LocationPatch => v230::locations::LocationPatch;
    {
        down(patch(carry)),
        country_code, party_id, id, publish, name, address, city, postal_code, state, country,
        coordinates, related_locations, parking_type, directions, operator, suboperator, owner,
        facilities, time_zone, opening_times, charging_when_closed, images, energy_mix,
        last_updated, ~publish_allowed_to, ~evses,
        down(full(carry)),
        new parking_places: "not in 2.2.1: parking places are new in 2.3.0",
        new help_phone: "not in 2.2.1: the help phone number is new in 2.3.0",
    }

    spec "2.2.1 mod_locations.asciidoc" => "2.3.0 mod_locations.asciidoc": "§EVSE Object";
    /// 2.2.1 EVSE → 2.3.0 EVSE: every field crosses (`connectors` and `parking_restrictions`
    /// element by element); `parking` and `accepted_service_providers` stay absent. Nothing is
    /// lost.
    up: v221::locations::Evse => v230::locations::Evse, input ();
    /// 2.3.0 EVSE → 2.2.1 EVSE: every field 2.2.1 has crosses.
    ///
    /// Lost: `parking` and `accepted_service_providers` (new in 2.3.0), parking restrictions new in
    /// 2.3.0 (`EMPLOYEES`, `TAXIS`, `TENANTS`) and unknown ones (left out), and what the connectors
    /// lose. Error: a connector that cannot cross.
    down: input ();
    patch: v221::locations::EvsePatch => v230::locations::EvsePatch;
    {
        down(patch(carry)),
        uid, evse_id, status, status_schedule, capabilities, floor_level, coordinates,
        physical_reference, directions, images, last_updated, ~connectors,
        up(~parking_restrictions), down(-parking_restrictions),
        down(full(carry)),
        new parking: "not in 2.2.1: EVSE parking references are new in 2.3.0",
        new accepted_service_providers: "not in 2.2.1: the accepted service providers are new in 2.3.0",
    }

    spec "2.2.1 mod_locations.asciidoc" => "2.3.0 mod_locations.asciidoc": "§Connector Object";
    /// 2.2.1 Connector → 2.3.0 Connector: every field crosses (`standard` as a 2.3.0
    /// ConnectorType); `capabilities` stays absent. Nothing is lost.
    up: v221::locations::Connector => v230::locations::Connector, input ();
    /// 2.3.0 Connector → 2.2.1 Connector: every field 2.2.1 has crosses.
    ///
    /// Lost: `capabilities` (new in 2.3.0) and a `standard` new in 2.3.0 (`MCS`, `SAE_J3400`: kept
    /// on the wire).
    down: input ();
    patch: v221::locations::ConnectorPatch => v230::locations::ConnectorPatch;
    {
        down(patch(carry)),
        id, format, power_type, max_voltage, max_amperage, max_electric_power, tariff_ids,
        terms_and_conditions, last_updated, ~standard,
        down(full(carry)),
        new capabilities: "not in 2.2.1: connector capabilities are new in 2.3.0",
    }

    spec "2.2.1 mod_locations.asciidoc §PublishTokenType class"
        => "2.3.0 mod_locations.asciidoc §PublishTokenType class";
    /// 2.2.1 PublishTokenType → 2.3.0 PublishTokenType: every field crosses. Nothing is lost.
    up: v221::locations::PublishTokenType => v230::locations::PublishTokenType, input ();
    /// 2.3.0 PublishTokenType → 2.2.1 PublishTokenType: every field crosses; a token type new in
    /// 2.3.0 (`EMAID`) is kept on the wire and reported lost.
    down: input ();
    { uid, visual_number, issuer, group_id, ~r#type }
}

// Tokens and Commands -------------------------------------------------------------------------

mapping! {
    spec "2.2.1 mod_tokens.asciidoc" => "2.3.0 mod_tokens.asciidoc": "§Token Object";
    /// 2.2.1 Token → 2.3.0 Token: every field crosses. Nothing is lost.
    up: v221::tokens::Token => v230::tokens::Token, input ();
    /// 2.3.0 Token → 2.2.1 Token: every field crosses; the token type `EMAID` (new in 2.3.0) is
    /// kept on the wire and reported lost.
    down: input ();
    patch: v221::tokens::TokenPatch => v230::tokens::TokenPatch;
    {
        down(patch(carry)),
        country_code, party_id, uid, contract_id, visual_number, issuer, group_id, valid, whitelist,
        language, default_profile_type, energy_contract, last_updated, ~r#type,
    }

    spec "2.2.1 mod_tokens.asciidoc" => "2.3.0 mod_tokens.asciidoc": "§AuthorizationInfo Object";
    /// 2.2.1 AuthorizationInfo → 2.3.0 AuthorizationInfo: every field crosses. Nothing is lost.
    up: v221::tokens::AuthorizationInfo => v230::tokens::AuthorizationInfo, input ();
    /// 2.3.0 AuthorizationInfo → 2.2.1 AuthorizationInfo: every field crosses; what the token loses
    /// is reported.
    down: input ();
    { allowed, location, authorization_reference, info, ~token }

    spec "2.2.1 mod_commands.asciidoc" => "2.3.0 mod_commands.asciidoc": "§ReserveNow Object";
    /// 2.2.1 ReserveNow → 2.3.0 ReserveNow: every field crosses. Nothing is lost.
    up: v221::commands::ReserveNow => v230::commands::ReserveNow, input ();
    /// 2.3.0 ReserveNow → 2.2.1 ReserveNow: every field crosses; what the token loses is reported.
    down: input ();
    {
        response_url, expiry_date, reservation_id, location_id, evse_uid, authorization_reference,
        ~token,
    }

    spec "2.2.1 mod_commands.asciidoc" => "2.3.0 mod_commands.asciidoc": "§StartSession Object";
    /// 2.2.1 StartSession → 2.3.0 StartSession: every field crosses. Nothing is lost.
    up: v221::commands::StartSession => v230::commands::StartSession, input ();
    /// 2.3.0 StartSession → 2.2.1 StartSession: every field crosses; what the token loses is
    /// reported.
    down: input ();
    { response_url, location_id, evse_uid, connector_id, authorization_reference, ~token }
}

// Credentials, Hub Client Info, Versions ------------------------------------------------------

mapping! {
    spec "2.2.1 credentials.asciidoc" => "2.3.0 credentials.asciidoc": "§CredentialsRole class";
    /// 2.2.1 CredentialsRole → 2.3.0 CredentialsRole: every field crosses.
    ///
    /// Error: the role `HUB`, which 2.3.0 does not have (see the Role conversion); the
    /// Credentials conversion turns a `HUB` role into `hub_party_id` instead.
    up: v221::credentials::CredentialsRole => v230::credentials::CredentialsRole, input ();
    /// 2.3.0 CredentialsRole → 2.2.1 CredentialsRole: every field crosses; the role `PTP` is kept
    /// on the wire and reported lost.
    down: input ();
    { business_details, party_id, country_code, ~role }
}

// A 2.2.1 Hub's `HUB` role and a 2.3.0 `hub_party_id` are one list entry against one field,
// and the Hub's clients cross between the input and the `roles` list.

/// The `hub_party_id` and `roles` of 2.2.1 roles: a `HUB` role becomes the `hub_party_id`,
/// with the input's parties as roles.
fn hub_upgrade(
    roles: Vec<v221::credentials::CredentialsRole>,
    input: &CredentialsUpgrade,
    l: &mut Losses,
) -> Result<(Option<CiString<5>>, Vec<v230::credentials::CredentialsRole>), ConvertError> {
    let mut hub_party_id = None;
    let mut new_roles = Vec::with_capacity(roles.len() + input.hub_clients.len());
    for (i, role) in roles.into_iter().enumerate() {
        let at = format!("roles[{i}]");
        if role.role != crate::types::Role::Hub {
            new_roles.push(l.convert(&at, role, &())?);
            continue;
        }
        if hub_party_id.is_some() {
            return Err(missing(
                &format!("{at}.role"),
                "a second HUB role: 2.3.0 names one Hub party, in hub_party_id",
            ));
        }
        let id = format!("{}{}", role.country_code.as_str(), role.party_id.as_str());
        hub_party_id = Some(CiString::<5>::new(&id).map_err(|e| missing(&at, &e.to_string()))?);
        l.lost(
            format!("{at}.business_details"),
            "the Hub's business details: 2.3.0 names its Hub by hub_party_id only",
        );
        lost_unknown(l, &at, &role.unknown_fields);
    }
    if hub_party_id.is_some() {
        new_roles.extend(input.hub_clients.iter().cloned());
        if new_roles.is_empty() {
            return Err(missing(
                "roles",
                "only a HUB role: a 2.3.0 Hub lists the parties reachable through it in \
                 roles (one or more); give them as input",
            ));
        }
    }
    Ok((hub_party_id, new_roles))
}

/// The 2.2.1 `roles` of 2.3.0 credentials: their roles, or for a Hub its one `HUB` role.
fn hub_downgrade(
    hub_party_id: Option<CiString<5>>,
    roles: Vec<v230::credentials::CredentialsRole>,
    input: &CredentialsDowngrade,
    l: &mut Losses,
) -> Result<Vec<v221::credentials::CredentialsRole>, ConvertError> {
    let Some(hub) = hub_party_id else {
        return l.convert_list("roles", roles, &());
    };
    let details = input.hub_business_details.clone().ok_or_else(|| {
        missing(
            "hub_party_id",
            "a 2.2.1 Hub is a HUB role, whose business_details are required: \
             give them as input",
        )
    })?;
    let not_a_party = || {
        missing(
            "hub_party_id",
            "not a two-letter country code followed by a three-character party id",
        )
    };
    let text = hub.as_str();
    let country_code = text
        .get(..2)
        .and_then(|c| CountryCode::new(c).ok())
        .ok_or_else(not_a_party)?;
    let party_id = text
        .get(2..)
        .and_then(|p| PartyId::new(p).ok())
        .ok_or_else(not_a_party)?;
    for i in 0..roles.len() {
        l.lost(
            format!("roles[{i}]"),
            "a party reachable through the Hub: a 2.2.1 Hub reports only itself \
             as a role, and its connected parties through HubClientInfo",
        );
    }
    Ok(vec![v221::credentials::CredentialsRole::new(
        crate::types::Role::Hub,
        details,
        party_id,
        country_code,
    )])
}

mapping! {
    |l, input|
    spec "2.2.1 credentials.asciidoc §Credentials object, §CredentialsRole class"
        => "2.3.0 credentials.asciidoc §Credentials object";
    /// 2.2.1 Credentials → 2.3.0 Credentials: `token`, `url` and every role but `HUB` cross. A
    /// `HUB` role (the platform is a Hub) becomes `hub_party_id`, its country code and party id
    /// concatenated (`NL` + `HUB` → `NLHUB`), as 2.3.0 asks of a Hub; its `business_details`
    /// and unknown fields are lost (2.3.0 names a Hub by id only). The parties reachable through
    /// the Hub, which 2.3.0 lists in `roles` and 2.2.1 reports through HubClientInfo, come from
    /// the input ([`CredentialsUpgrade`], used only with a `HUB` role) and are appended.
    ///
    /// Errors: a second `HUB` role (2.3.0 names one Hub party; at `roles[i].role`), and a Hub
    /// whose `roles` would be empty (no other role and no client given; at `roles`).
    up: v221::credentials::Credentials => v230::credentials::Credentials,
        input CredentialsUpgrade;
    /// 2.3.0 Credentials → 2.2.1 Credentials: `token` and `url` cross. Without `hub_party_id`,
    /// every role crosses (`PTP` kept on the wire and reported lost).
    ///
    /// With `hub_party_id` (the platform is a Hub): 2.2.1 has the Hub report itself as one `HUB`
    /// role and SHALL NOT list its connected parties as roles (they are reported through
    /// HubClientInfo). The roles become that one `HUB` role, with the country code and party id
    /// of `hub_party_id` and the business details of the input ([`CredentialsDowngrade`]);
    /// every source role (a party reachable through the Hub) is reported lost at `roles[i]`.
    /// Errors (at `hub_party_id`): no business details given, and a `hub_party_id` that is not a
    /// country code followed by a party id.
    down: input CredentialsDowngrade;
    {
        token, url,
        up(roles => _, do { let hub = hub_upgrade(roles, input, &mut l)?; },
            _ => hub_party_id: hub.0, _ => roles: hub.1),
        down(hub_party_id => _, roles: hub_downgrade(hub_party_id, roles, input, &mut l)?),
    }

    spec "2.2.1 mod_hub_client_info.asciidoc §ClientInfo Object"
        => "2.3.0 mod_hub_client_info.asciidoc §ClientInfo Object";
    /// 2.2.1 ClientInfo → 2.3.0 ClientInfo: every field crosses.
    ///
    /// Error: the role `HUB` (at `role`): a Hub connected to a Hub has no 2.3.0 role (see the
    /// Role conversion).
    up: v221::hub_client_info::ClientInfo => v230::hub_client_info::ClientInfo, input ();
    /// 2.3.0 ClientInfo → 2.2.1 ClientInfo: every field crosses; the role `PTP` is kept on the wire
    /// and reported lost.
    down: input ();
    { party_id, country_code, status, last_updated, ~role }

    spec "2.2.1 version_information_endpoint.asciidoc §Version class"
        => "2.3.0 version_information_endpoint.asciidoc §Version class";
    /// 2.2.1 Version → 2.3.0 Version: every field crosses. Nothing is lost.
    up: v221::versions::Version => v230::versions::Version, input ();
    /// 2.3.0 Version → 2.2.1 Version: every field crosses; the version number `2.3.0` is kept on
    /// the wire and reported lost.
    down: input ();
    { url, ~version }

    spec "2.2.1 version_information_endpoint.asciidoc §Version details endpoint (Data)"
        => "2.3.0 version_information_endpoint.asciidoc §Version details endpoint (Data)";
    /// 2.2.1 VersionDetails → 2.3.0 VersionDetails: every field crosses. Nothing is lost.
    up: v221::versions::VersionDetails => v230::versions::VersionDetails, input ();
    /// 2.3.0 VersionDetails → 2.2.1 VersionDetails: every field crosses; the version number `2.3.0`
    /// and the module `payments` are kept on the wire and reported lost.
    down: input ();
    { ~version, ~endpoints }

    spec "2.2.1 version_information_endpoint.asciidoc §Endpoint class"
        => "2.3.0 version_information_endpoint.asciidoc §Endpoint class";
    /// 2.2.1 Endpoint → 2.3.0 Endpoint: every field crosses. Nothing is lost.
    up: v221::versions::Endpoint => v230::versions::Endpoint, input ();
    /// 2.3.0 Endpoint → 2.2.1 Endpoint: every field crosses; the module `payments` is kept on the
    /// wire and reported lost.
    down: input ();
    { role, url, ~identifier }
}
