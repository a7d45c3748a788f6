//! Which of a Connector's tariffs applies to a session, by `Tariff.type`.

use super::PricedTariff;
use crate::types::DateTime;
use crate::v2_2_1::sessions::ProfileType;
use crate::v2_2_1::tariffs::TariffType;

/// How a session is started and paid, which decides the `Tariff.type` that applies.
///
/// A Connector may list several tariffs in `tariff_ids`, at most one of each `Tariff.type`
/// active at a time (2.2.1 mod_locations.asciidoc §Connector Object, `tariff_ids`); the type
/// says for which sessions each is valid (2.2.1 mod_tariffs.asciidoc §TariffType enum):
///
/// | choice | `Tariff.type` looked for |
/// | --- | --- |
/// | [`Choice::Regular`] (the default: a token such as an RFID card, no charging preference) | `REGULAR` |
/// | [`Choice::AdHoc`] (payment terminal at the charge point) | `AD_HOC_PAYMENT` |
/// | [`Choice::Profile`] `CHEAP` / `FAST` / `GREEN` | `PROFILE_CHEAP` / `PROFILE_FAST` / `PROFILE_GREEN` |
/// | [`Choice::Profile`] `REGULAR` | `REGULAR` |
///
/// When no tariff has that type, a tariff without `type` applies: "When omitted, this tariff
/// is valid for all sessions" (2.2.1 mod_tariffs.asciidoc §Tariff Object, `type`). A tariff
/// of another type never applies: an `AD_HOC_PAYMENT` tariff is not a fallback for a token,
/// nor `REGULAR` for ad-hoc payment or for a charging preference the Connector has no tariff
/// for.
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §TariffType enum; 2.3.0 mod_tariffs.asciidoc §TariffType
/// enum; 2.2.1 mod_sessions.asciidoc §ProfileType enum
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice {
    /// A session started with a token (RFID, app) and no charging preference: `REGULAR`.
    #[default]
    Regular,
    /// Ad-hoc payment at the charge point (debit or credit card terminal): `AD_HOC_PAYMENT`.
    AdHoc,
    /// A session with Charging Preferences of this `profile_type` (2.2.1 mod_sessions.asciidoc
    /// §ChargingPreferences Object): `PROFILE_CHEAP`, `PROFILE_FAST`, `PROFILE_GREEN`, or
    /// `REGULAR` for the `REGULAR` profile. A profile type this crate does not know matches
    /// only a tariff without `type`.
    Profile(ProfileType),
}

impl Choice {
    /// The `Tariff.type` this choice looks for; `None` for an unknown profile type.
    ///
    /// Spec: 2.2.1 mod_tariffs.asciidoc §TariffType enum
    pub fn tariff_type(&self) -> Option<TariffType> {
        Some(match self {
            Choice::Regular | Choice::Profile(ProfileType::Regular) => TariffType::Regular,
            Choice::AdHoc => TariffType::AdHocPayment,
            Choice::Profile(ProfileType::Cheap) => TariffType::ProfileCheap,
            Choice::Profile(ProfileType::Fast) => TariffType::ProfileFast,
            Choice::Profile(ProfileType::Green) => TariffType::ProfileGreen,
            Choice::Profile(_) => return None,
        })
    }
}

/// The index of the tariff [`choose`] picks.
pub(crate) fn choose_index<T: PricedTariff>(
    tariffs: &[T],
    choice: &Choice,
    at: chrono::DateTime<chrono::Utc>,
) -> Option<usize> {
    let wanted = choice.tariff_type();
    let valid = |t: &T| t.covers(at);
    let typed = wanted.as_ref().and_then(|w| {
        tariffs
            .iter()
            .position(|t| valid(t) && t.tariff_type() == Some(w))
    });
    typed.or_else(|| {
        tariffs
            .iter()
            .position(|t| valid(t) && t.tariff_type().is_none())
    })
}

/// The tariff of a Connector's list that applies to a session starting at `at`, as `choice`
/// says (see [`Choice`] for the rules): among the tariffs valid at `at`
/// (`start_date_time` ≤ `at` < `end_date_time`: two tariffs of one type may be listed when
/// their periods do not overlap), the first of the type the choice looks for, else the first
/// without `type`; `None` when neither exists. 2.1.1 tariffs have no type: the first one
/// applies to every choice.
///
/// ```
/// use ocpi_protocol::{json, pricing::{self, Choice}, types::DateTime};
/// use ocpi_protocol::v2_2_1::{sessions::ProfileType, tariffs::Tariff};
/// let tariff = |id: &str, ty: &str| json::parse::<Tariff>(format!(r#"{{"country_code": "NL",
///     "party_id": "CPO", "id": "{id}", "currency": "EUR", {ty} "elements": [{{
///     "price_components": [{{"type": "ENERGY", "price": 0.30, "step_size": 1}}]}}],
///     "last_updated": "2024-01-01T00:00:00Z"}}"#).as_bytes()).unwrap().value;
/// let tariffs = [
///     tariff("card", r#""type": "AD_HOC_PAYMENT","#),
///     tariff("cheap", r#""type": "PROFILE_CHEAP","#),
///     tariff("any", ""),
/// ];
/// let at = DateTime::parse("2024-06-03T08:00:00Z").unwrap();
/// let id = |c: Choice| pricing::choose(&tariffs, &c, at).map(|t| t.id.as_str().to_owned());
/// assert_eq!(id(Choice::AdHoc).as_deref(), Some("card"));
/// assert_eq!(id(Choice::Profile(ProfileType::Cheap)).as_deref(), Some("cheap"));
/// // No REGULAR and no PROFILE_FAST tariff: the one without type.
/// assert_eq!(id(Choice::default()).as_deref(), Some("any"));
/// assert_eq!(id(Choice::Profile(ProfileType::Fast)).as_deref(), Some("any"));
/// ```
///
/// Spec: 2.2.1 mod_tariffs.asciidoc §Tariff Object (`type`); §TariffType enum; 2.2.1
/// mod_locations.asciidoc §Connector Object (`tariff_ids`); 2.3.0 mod_tariffs.asciidoc
/// §TariffType enum
pub fn choose<'a, T: PricedTariff>(
    tariffs: &'a [T],
    choice: &Choice,
    at: DateTime,
) -> Option<&'a T> {
    choose_index(tariffs, choice, at.to_chrono()).map(|i| &tariffs[i])
}
