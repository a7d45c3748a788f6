//! The Tariffs module: the CPO's Sender interface (the eMSP pulls the CPO's Tariffs) and the
//! Receiver interface of the eMSP, NSP, NAP or Hub (the CPO pushes its Tariffs there).
//!
//! | interface | implemented by | endpoints |
//! | --- | --- | --- |
//! | [`TariffsSender`] | CPO | GET list (paginated, `date_from`/`date_to`) |
//! | [`TariffsReceiver`] | eMSP, NSP, NAP, Hub, PTP | GET, PUT, DELETE `{country_code}/{party_id}/{tariff_id}`; PATCH in 2.1.1 |
//!
//! The three versions share these endpoints, with one difference: 2.1.1 lets the CPO PATCH a
//! Tariff in the eMSP's system (2.1.1 mod_tariffs.md §2.2.3 PATCH Method), 2.2.1 and 2.3.0 do
//! not ("PATCH | n/a"). The server answers a PATCH with 405 in 2.2.1 and 2.3.0; a 2.1.1 PATCH
//! reaches [`TariffsReceiver::patch_tariff`] as a [`TariffPatch`] in the 2.3.0 model.
//!
//! At the edge, a 2.2.1 Tariff gets the `tax_included` of the [`Bridge`](super::Bridge) (2.2.1
//! prices exclude VAT: `NO` by default), and a 2.1.1 Tariff the party that owns it (the party of
//! the URL, or the calling party).
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc §Interfaces and Endpoints; 2.2.1 mod_tariffs.asciidoc
//! §Interfaces and Endpoints; 2.1.1 mod_tariffs.md §2 Interfaces and endpoints

use super::wire::wire;
use super::{interface, Edge, ListPage, ListQuery, Wire, WireError};
use crate::convert::v221_v230::TariffUpgrade;
use crate::convert::{missing, Convert, ConvertError, Converted, Losses};
use crate::transport::PartyRef;
use crate::types::{CiString, DateTime, DisplayText, OcpiString, PatchField, UnknownFields, Url};
use crate::v2_3_0::locations::EnergyMix;
use crate::v2_3_0::tariffs::{Tariff, TariffElement};
use crate::versions::OcpiVersion;
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Sender interface of Tariffs, implemented by the CPO (the data owner): the list of
    /// its Tariffs, which an eMSP pulls when the connection is set up or when it is not sure
    /// its copy is up to date.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface (GET `{tariffs_endpoint_url}
    /// ?[date_from]&[date_to]&[offset]&[limit]`, paginated); 2.1.1 mod_tariffs.md §2.1 CPO
    /// Interface
    pub trait TariffsSender as ErasedTariffsSender {
        /// GET the list: the page `query` asks for, of the Tariffs with `last_updated` in
        /// `[date_from, date_to)` ([`ListPage::from_all`] cuts it from a full list).
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<Tariff>;
    }
}

interface! {
    /// The Receiver interface of Tariffs, implemented by the eMSP (and NSP, NAP, Hub, PTP): the
    /// CPO pushes its Tariffs here (PUT), removes them (DELETE), and may read back what the
    /// receiver holds (GET).
    ///
    /// The server has checked, before calling: the party of the URL is the caller's (else
    /// 404); the `country_code`, `party_id` and `id` of a PUT body match the URL (else 2001).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface (GET, PUT, DELETE
    /// `{tariffs_endpoint_url}/{country_code}/{party_id}/{tariff_id}`; PATCH n/a); 2.1.1
    /// mod_tariffs.md §2.2 eMSP Interface (GET, PUT, PATCH, DELETE)
    pub trait TariffsReceiver as ErasedTariffsReceiver {
        /// GET a Tariff as the receiver holds it
        /// ([`ModuleError::NotFound`](super::ModuleError::NotFound) when unknown: 404).
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §GET Method
        fn tariff(&self, ctx: &Context, party: PartyRef, tariff_id: CiString<36>) -> Tariff;
        /// PUT a whole Tariff, new or replacing the stored one.
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §PUT Method
        fn put_tariff(
            &self,
            ctx: &Context,
            party: PartyRef,
            tariff_id: CiString<36>,
            tariff: Tariff,
        ) -> ();
        /// PATCH a Tariff: only 2.1.1 peers call it (2.2.1 and 2.3.0 have no Tariff PATCH).
        /// [`TariffPatch::apply_to`] applies it to the stored Tariff; an unknown Tariff is
        /// [`ModuleError::NotFound`](super::ModuleError::NotFound). 2.1.1 does not require
        /// `last_updated` in a PATCH (its own example has none), so it may be absent.
        ///
        /// Spec: 2.1.1 mod_tariffs.md §2.2.3 PATCH Method
        fn patch_tariff(
            &self,
            ctx: &Context,
            party: PartyRef,
            tariff_id: CiString<36>,
            patch: TariffPatch,
        ) -> ();
        /// DELETE a Tariff that is no longer used and will not be used in the future.
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §DELETE Method
        fn delete_tariff(&self, ctx: &Context, party: PartyRef, tariff_id: CiString<36>) -> ();
    }
}

wire!(Tariff, "Tariff" {
    v2_2_1: v2_2_1::tariffs::Tariff,
        up: |e| TariffUpgrade::new(e.bridge.tax_included.clone()),
        down: |e| ();
    v2_1_1: v2_1_1::tariffs::Tariff, up: |e| e.owner()?, down: |e| ();
});

/// A change to a Tariff, as a 2.1.1 CPO sends it in a PATCH, in the 2.3.0 model: the fields a
/// 2.1.1 Tariff has, each converted to its 2.3.0 type. Fields absent from the body are `None`
/// or [`PatchField::Absent`]; an optional field sent as `null` is [`PatchField::Null`] and
/// clears the field.
///
/// 2.2.1 and 2.3.0 have no Tariff PATCH, so this is not an object of their models: it crosses
/// the wire only with 2.1.1 peers ([`Wire`] refuses other versions).
///
/// Spec: 2.1.1 mod_tariffs.md §2.2.3 PATCH Method, §3.1 Tariff Object; 2.1.1
/// transport_and_format.md §PATCH
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct TariffPatch {
    /// A new `id` (a PATCH names its Tariff by URL; when given, it must match the URL).
    pub id: Option<CiString<36>>,
    /// A new currency (ISO 4217).
    pub currency: Option<OcpiString<3>>,
    /// New alternative tariff texts, or `null` to remove them.
    pub tariff_alt_text: PatchField<Vec<DisplayText>>,
    /// A new alternative tariff URL, or `null` to remove it.
    pub tariff_alt_url: PatchField<Url>,
    /// New tariff elements (replacing all of them).
    pub elements: Option<Vec<TariffElement>>,
    /// A new energy mix, or `null` to remove it.
    pub energy_mix: PatchField<EnergyMix>,
    /// When the Tariff was changed; 2.1.1 does not require it in a PATCH.
    pub last_updated: Option<DateTime>,
    /// Fields this crate does not know; applied onto the Tariff's unknown fields.
    pub unknown_fields: UnknownFields,
}

impl TariffPatch {
    /// Applies this change to a whole Tariff.
    pub fn apply_to(self, tariff: &mut Tariff) {
        let TariffPatch {
            id,
            currency,
            tariff_alt_text,
            tariff_alt_url,
            elements,
            energy_mix,
            last_updated,
            unknown_fields,
        } = self;
        if let Some(id) = id {
            tariff.id = id;
        }
        if let Some(currency) = currency {
            tariff.currency = currency;
        }
        tariff_alt_text.apply(&mut tariff.tariff_alt_text);
        tariff_alt_url.apply(&mut tariff.tariff_alt_url);
        if let Some(elements) = elements {
            tariff.elements = elements;
        }
        energy_mix.apply(&mut tariff.energy_mix);
        if last_updated.is_some() {
            tariff.last_updated = last_updated;
        }
        tariff.unknown_fields.merge(unknown_fields);
    }
}

/// The JSON names of the fields of a 2.3.0 Tariff that a [`TariffPatch`] does not carry: an
/// unknown field of a 2.1.1 PATCH so named would be written twice once applied.
const NOT_PATCHED: [&str; 9] = [
    "country_code",
    "party_id",
    "type",
    "min_price",
    "max_price",
    "start_date_time",
    "end_date_time",
    "preauthorize_amount",
    "tax_included",
];

/// A PATCH field converted: absent and `null` stay so, a value is converted.
fn patch_field<S: Convert<T>, T>(
    losses: &mut Losses,
    path: &str,
    field: PatchField<S>,
    input: &S::Input,
) -> Result<PatchField<T>, ConvertError> {
    Ok(match field {
        PatchField::Absent => PatchField::Absent,
        PatchField::Null => PatchField::Null,
        PatchField::Value(v) => PatchField::Value(losses.convert(path, v, input)?),
    })
}

/// The unknown fields of a PATCH without those named like a field of `names` (reported lost).
fn unknown_except(
    mut unknown: UnknownFields,
    names: &[&str],
    losses: &mut Losses,
) -> UnknownFields {
    unknown.retain(|name, _| {
        let clash = names.contains(&name);
        if clash {
            losses.lost(
                name,
                "unknown field named like a field of the Tariff; it would be written twice",
            );
        }
        !clash
    });
    unknown
}

/// 2.1.1 TariffPatch → [`TariffPatch`]: every field crosses (`id` as a `CiString(36)`: an
/// error if it is not ASCII; `elements` and `energy_mix` as their 2.2.1/2.3.0 classes).
///
/// Spec: 2.1.1 mod_tariffs.md §Tariff Object → 2.3.0 mod_tariffs.asciidoc §Tariff Object
impl Convert<TariffPatch> for v2_1_1::tariffs::TariffPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<TariffPatch>, ConvertError> {
        let v2_1_1::tariffs::TariffPatch {
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
        let id = id
            .map(|id| {
                CiString::new(id.as_str())
                    .map_err(|e| missing("id", &format!("{id:?} is not a CiString(36): {e}")))
            })
            .transpose()?;
        let patch = TariffPatch {
            id,
            currency,
            tariff_alt_text,
            tariff_alt_url,
            elements: losses.convert_opt_list("elements", elements, &())?,
            energy_mix: patch_field(&mut losses, "energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: unknown_except(unknown_fields, &NOT_PATCHED, &mut losses),
        };
        Ok(losses.finish(patch))
    }
}

/// [`TariffPatch`] → 2.1.1 TariffPatch: every field crosses; the elements lose what the 2.1.1
/// TariffElement lacks (`vat`, `min_current`, `max_current`), and an element that prices a
/// reservation is left out whole, as in the Tariff conversion (kept, it would price charging).
/// New elements that all price reservations are an error.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Tariff Object → 2.1.1 mod_tariffs.md §2.2.3 PATCH Method
impl Convert<v2_1_1::tariffs::TariffPatch> for TariffPatch {
    type Input = ();

    fn convert(self, _: &()) -> Result<Converted<v2_1_1::tariffs::TariffPatch>, ConvertError> {
        let TariffPatch {
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
        let elements = match elements {
            None => None,
            Some(elements) => {
                let mut kept = Vec::with_capacity(elements.len());
                for (i, element) in elements.into_iter().enumerate() {
                    let path = format!("elements[{i}]");
                    let reservation = element
                        .restrictions
                        .as_ref()
                        .is_some_and(|r| r.reservation.is_some());
                    if reservation {
                        losses.lost(path, "2.1.1 tariffs cannot price reservations");
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
                Some(kept)
            }
        };
        let id = id
            .map(|id| {
                OcpiString::new(id.as_str())
                    .map_err(|e| missing("id", &format!("{id:?} is not a string(36): {e}")))
            })
            .transpose()?;
        const FIELDS: [&str; 7] = [
            "id",
            "currency",
            "tariff_alt_text",
            "tariff_alt_url",
            "elements",
            "energy_mix",
            "last_updated",
        ];
        let patch = v2_1_1::tariffs::TariffPatch {
            id,
            currency,
            tariff_alt_text,
            tariff_alt_url,
            elements,
            energy_mix: patch_field(&mut losses, "energy_mix", energy_mix, &())?,
            last_updated,
            unknown_fields: unknown_except(unknown_fields, &FIELDS, &mut losses),
        };
        Ok(losses.finish(patch))
    }
}

/// A [`TariffPatch`] crosses only with 2.1.1 peers: it is read from and written as a 2.1.1
/// partial Tariff; other versions are [`WireError::NotInVersion`].
///
/// Spec: 2.1.1 mod_tariffs.md §2.2.3 PATCH Method; 2.3.0 mod_tariffs.asciidoc §Receiver
/// Interface ("PATCH | n/a")
impl Wire for TariffPatch {
    const NAME: &'static str = "Tariff PATCH";

    fn read(bytes: &[u8], edge: &Edge<'_>) -> Result<Self, WireError> {
        if edge.version != OcpiVersion::V2_1_1 {
            return Err(not_in(edge.version));
        }
        super::wire::read_as::<v2_1_1::tariffs::TariffPatch, TariffPatch>(
            bytes,
            edge,
            &(),
            Self::NAME,
        )
    }

    fn write_into(&self, edge: &Edge<'_>, out: &mut Vec<u8>) -> Result<(), WireError> {
        if edge.version != OcpiVersion::V2_1_1 {
            return Err(not_in(edge.version));
        }
        super::wire::write_as::<TariffPatch, v2_1_1::tariffs::TariffPatch>(
            self,
            edge,
            &(),
            Self::NAME,
            out,
        )
    }
}

fn not_in(version: OcpiVersion) -> WireError {
    WireError::NotInVersion {
        what: TariffPatch::NAME,
        version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    /// A tariff with a reservation element first, then an element of two components with
    /// VAT: the shapes the conversions below must handle.
    fn tariff() -> Tariff {
        let text = br#"{"country_code":"NL","party_id":"ABC","id":"T1","currency":"EUR",
            "elements":[
              {"price_components":[{"type":"TIME","price":4.00,"vat":21.0,"step_size":60}],
               "restrictions":{"reservation":"RESERVATION"}},
              {"price_components":[
                {"type":"FLAT","price":1.00,"vat":21.0,"step_size":1},
                {"type":"ENERGY","price":0.30,"vat":9.0,"step_size":1}]}],
            "tax_included":"NO","last_updated":"2019-02-03T17:00:11Z"}"#;
        parse::<Tariff>(text).unwrap().value
    }

    #[test]
    fn a_2_1_1_patch_upgrades_and_applies() {
        let body = br#"{"currency":"USD","tariff_alt_url":null,"elements":[{"price_components":[{"type":"TIME","price":2.50,"step_size":300}]}],"type":"REGULAR","x-custom":1}"#;
        let old = parse::<v2_1_1::tariffs::TariffPatch>(body).unwrap().value;
        let converted = Convert::<TariffPatch>::convert(old, &()).unwrap();
        // An unknown `type` would be written twice once applied: dropped and reported.
        assert_eq!(converted.losses.len(), 1);
        assert_eq!(converted.losses[0].path, "type");
        let patch = converted.value;
        assert_eq!(patch.tariff_alt_url, PatchField::Null);
        assert_eq!(patch.last_updated, None);
        let mut t = tariff();
        t.tariff_alt_url = Some(Url::new("https://example.com").unwrap());
        patch.apply_to(&mut t);
        assert_eq!(t.currency.as_str(), "USD");
        assert_eq!(t.tariff_alt_url, None);
        assert_eq!(t.elements.len(), 1);
        assert_eq!(t.elements[0].price_components[0].step_size, 300);
        assert!(t.unknown_fields.get("x-custom").is_some());
        assert!(t.unknown_fields.get("type").is_none());
        assert_eq!(t.last_updated.unwrap().to_string(), "2019-02-03T17:00:11Z");
    }

    #[test]
    fn a_patch_downgrades_without_reservation_elements() {
        let patch = TariffPatch {
            elements: Some(tariff().elements),
            ..TariffPatch::default()
        };
        let converted = Convert::<v2_1_1::tariffs::TariffPatch>::convert(patch, &()).unwrap();
        let elements = converted.value.elements.unwrap();
        assert_eq!(elements.len(), 1, "the reservation element is left out");
        assert_eq!(elements[0].price_components.len(), 2);
        let paths: Vec<&str> = converted.losses.iter().map(|l| l.path.as_str()).collect();
        assert!(paths.contains(&"elements[0]"), "{paths:?}");
        assert!(
            paths.contains(&"elements[1].price_components[0].vat"),
            "{paths:?}"
        );

        let only_reservation = TariffPatch {
            elements: Some(vec![tariff().elements[0].clone()]),
            ..TariffPatch::default()
        };
        let e =
            Convert::<v2_1_1::tariffs::TariffPatch>::convert(only_reservation, &()).unwrap_err();
        assert_eq!(e.path, "elements");
    }
}
