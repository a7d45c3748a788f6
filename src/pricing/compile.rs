//! Every version's Tariff compiled into one neutral plan.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{PricingError, Warning};
use crate::types::Number;

/// A tariff's id or currency as a bounded string (they are bounded by the object model;
/// `?` for anything else).
pub(crate) fn short<const N: usize>(s: &str) -> crate::types::OcpiString<N> {
    crate::types::OcpiString::new(s)
        .or_else(|_| crate::types::OcpiString::new("?"))
        .expect("`?` is a valid short string")
}

/// The restrictions every version has alike (their days included), read from a
/// TariffRestrictions of any version: `common_of!(tariff, element, restrictions, warnings)`.
macro_rules! common_of {
    ($tariff:expr, $element:expr, $r:expr, $warnings:expr) => {
        common(
            $element,
            Common {
                start_time: $r.start_time.as_ref().map(|s| s.as_str()),
                end_time: $r.end_time.as_ref().map(|s| s.as_str()),
                start_date: $r.start_date.as_ref().map(|s| s.as_str()),
                end_date: $r.end_date.as_ref().map(|s| s.as_str()),
                min_kwh: $r.min_kwh,
                max_kwh: $r.max_kwh,
                min_power: $r.min_power,
                max_power: $r.max_power,
                min_duration: $r.min_duration,
                max_duration: $r.max_duration,
            },
            days($tariff, $element, $r.day_of_week.as_ref(), $warnings),
        )
    };
}

/// The [`Compile`] methods of a 2.2.1 or 2.3.0 Tariff (the two versions name and type their
/// fields alike, and have the same elements): `dated_tariff_fields!(self, tariff, warnings =>
/// limit: ..., tax: ...)`, where `limit` reads a price limit field and `tax` is the tax mode.
macro_rules! dated_tariff_fields {
    ($self:ident, $tariff:ident, $warnings:ident => limit: $limit:expr, tax: $tax:expr $(,)?) => {
        fn compile(
            &$self,
            $tariff: usize,
            $warnings: &mut Vec<Warning>,
        ) -> Result<Compiled<'_>, PricingError> {
            let limit = $limit;
            let tax = $tax;
            let elements = elements_2_2_1($tariff, &$self.elements, $warnings)?;
            if tax == TaxMode::Included {
                for (ei, e) in elements.iter().enumerate() {
                    for c in e.comps.iter().flatten() {
                        if c.vat.is_none() {
                            $warnings.push(Warning::IncludedTaxUnknown {
                                tariff: $tariff,
                                element: ei,
                                component: c.index,
                            });
                        }
                    }
                }
            }
            Ok(Compiled {
                id: $self.id.as_str(),
                currency: &$self.currency,
                elements,
                min: limit(&$self.min_price),
                max: limit(&$self.max_price),
                valid_from: $self.start_date_time.map(|d| d.to_chrono()),
                valid_to: $self.end_date_time.map(|d| d.to_chrono()),
                tax,
            })
        }
        fn currency(&self) -> &crate::types::OcpiString<3> {
            &self.currency
        }
        fn id(&self) -> &str {
            self.id.as_str()
        }
        fn id_text(&self) -> crate::types::OcpiString<36> {
            self.id.clone().into()
        }
        fn tariff_type(&self) -> Option<&crate::v2_2_1::tariffs::TariffType> {
            self.r#type.as_ref()
        }
        fn covers(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
            self.start_date_time.is_none_or(|v| at >= v.to_chrono())
                && self.end_date_time.is_none_or(|v| at < v.to_chrono())
        }
    };
}

/// Dimension slots of a compiled element.
pub(crate) const ENERGY: usize = 0;
pub(crate) const TIME: usize = 1;
pub(crate) const PARKING: usize = 2;
pub(crate) const FLAT: usize = 3;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Comp {
    pub index: usize,
    pub price: Decimal,
    pub vat: Option<Decimal>,
    pub step: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reservation {
    None,
    Made,
    Expires,
    Unknown,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Restrictions {
    pub start_time: Option<u32>,
    pub end_time: Option<u32>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub min_kwh: Option<Decimal>,
    pub max_kwh: Option<Decimal>,
    pub min_current: Option<Decimal>,
    pub max_current: Option<Decimal>,
    pub min_power: Option<Decimal>,
    pub max_power: Option<Decimal>,
    pub min_duration: Option<i64>,
    pub max_duration: Option<i64>,
    /// Bit `n` set: active on weekday `n` (Monday = 0). 0: no day restriction.
    pub days: u8,
}

impl Restrictions {
    /// Whether these depend on the local time of a period: time of day, dates, days.
    pub fn on_local_time(&self) -> bool {
        self.start_time.is_some()
            || self.end_time.is_some()
            || self.start_date.is_some()
            || self.end_date.is_some()
            || self.days != 0
    }

    /// Whether these depend on the time elapsed since the session's start.
    pub fn on_duration(&self) -> bool {
        self.min_duration.is_some() || self.max_duration.is_some()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub r: Restrictions,
    pub comps: [Option<Comp>; 4],
    pub reservation: Reservation,
    /// A `FLAT` here counts as parking: every other component is `PARKING_TIME`.
    pub flat_is_parking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaxMode {
    /// Prices exclude VAT, which components may give (2.1.1 has none; 2.2.1; 2.3.0 `NO`).
    Excluded,
    /// 2.3.0 `YES`.
    Included,
    /// 2.3.0 `N/A`.
    None,
}

#[derive(Debug, Clone)]
/// A tariff compiled for the engine.
pub struct Compiled<'a> {
    pub(crate) id: &'a str,
    pub(crate) currency: &'a crate::types::OcpiString<3>,
    pub(crate) elements: Vec<Element>,
    pub(crate) min: Option<(Decimal, Option<Decimal>)>,
    pub(crate) max: Option<(Decimal, Option<Decimal>)>,
    pub(crate) valid_from: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) valid_to: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) tax: TaxMode,
}

impl Compiled<'_> {
    /// Whether a session starting at `start` is within `start_date_time`/`end_date_time`.
    pub(crate) fn valid_at(&self, start: chrono::DateTime<chrono::Utc>) -> bool {
        self.valid_from.is_none_or(|v| start >= v) && self.valid_to.is_none_or(|v| start < v)
    }
}

/// Compilation of a version's Tariff (the seal of [`super::PricedTariff`]).
pub trait Compile {
    #[doc(hidden)]
    fn compile(
        &self,
        tariff: usize,
        warnings: &mut Vec<Warning>,
    ) -> Result<Compiled<'_>, PricingError>;
    #[doc(hidden)]
    fn currency(&self) -> &crate::types::OcpiString<3>;
    #[doc(hidden)]
    fn id(&self) -> &str;
    /// The id, as the bill keeps it.
    #[doc(hidden)]
    fn id_text(&self) -> crate::types::OcpiString<36>;
    /// `Tariff.type` (2.2.1 and 2.3.0; a 2.1.1 tariff has none).
    #[doc(hidden)]
    fn tariff_type(&self) -> Option<&crate::v2_2_1::tariffs::TariffType> {
        None
    }
    /// Whether a session starting at `at` is within `start_date_time`/`end_date_time`.
    #[doc(hidden)]
    fn covers(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
        let _ = at;
        true
    }
}

/// Reads `hh:mm` (2.2.1 §TariffRestrictions class: `([0-1][0-9]|2[0-3]):[0-5][0-9]`) into
/// minutes of the day.
fn time_of_day(element: usize, field: &'static str, s: &str) -> Result<u32, PricingError> {
    let b = s.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let parsed = match (digit(0), digit(1), b.get(2), digit(3), digit(4), b.len()) {
        (Some(h1), Some(h2), Some(b':'), Some(m1), Some(m2), 5) => {
            let (h, m) = (h1 * 10 + h2, m1 * 10 + m2);
            (h < 24 && m < 60).then_some(h * 60 + m)
        }
        _ => None,
    };
    parsed.ok_or_else(|| PricingError::InvalidRestriction {
        element,
        field,
        value: s.to_owned(),
    })
}

/// Reads `YYYY-MM-DD`.
fn date(element: usize, field: &'static str, s: &str) -> Result<NaiveDate, PricingError> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
        })
    };
    let parsed = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        }
    } else {
        None
    };
    parsed.ok_or_else(|| PricingError::InvalidRestriction {
        element,
        field,
        value: s.to_owned(),
    })
}

fn days(
    tariff: usize,
    element: usize,
    list: Option<&Vec<crate::v2_2_1::tariffs::DayOfWeek>>,
    warnings: &mut Vec<Warning>,
) -> u8 {
    use crate::v2_2_1::tariffs::DayOfWeek as D;
    let mut bits = 0u8;
    for d in list.into_iter().flatten() {
        bits |= match d {
            D::Monday => 1,
            D::Tuesday => 2,
            D::Wednesday => 4,
            D::Thursday => 8,
            D::Friday => 16,
            D::Saturday => 32,
            D::Sunday => 64,
            other => {
                warnings.push(Warning::UnknownRestriction {
                    tariff,
                    element,
                    field: "day_of_week",
                    value: other.as_str().to_owned(),
                });
                // A list of unknown days only: the element is active on none of the known.
                128
            }
        };
    }
    bits
}

/// The fields every version's restrictions share.
struct Common<'a> {
    start_time: Option<&'a str>,
    end_time: Option<&'a str>,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    min_kwh: Option<Number>,
    max_kwh: Option<Number>,
    min_power: Option<Number>,
    max_power: Option<Number>,
    min_duration: Option<i64>,
    max_duration: Option<i64>,
}

/// Reads a restriction's `field` with `parse`, when it is given.
fn read<T>(
    element: usize,
    field: &'static str,
    value: Option<&str>,
    parse: fn(usize, &'static str, &str) -> Result<T, PricingError>,
) -> Result<Option<T>, PricingError> {
    value.map(|s| parse(element, field, s)).transpose()
}

fn common(element: usize, c: Common<'_>, days: u8) -> Result<Restrictions, PricingError> {
    let dec = |n: Option<Number>| n.map(Number::to_decimal);
    Ok(Restrictions {
        start_time: read(element, "start_time", c.start_time, time_of_day)?,
        end_time: read(element, "end_time", c.end_time, time_of_day)?,
        start_date: read(element, "start_date", c.start_date, date)?,
        end_date: read(element, "end_date", c.end_date, date)?,
        min_kwh: dec(c.min_kwh),
        max_kwh: dec(c.max_kwh),
        min_current: None,
        max_current: None,
        min_power: dec(c.min_power),
        max_power: dec(c.max_power),
        min_duration: c.min_duration,
        max_duration: c.max_duration,
        days,
    })
}

/// Puts a component into its dimension's slot of an element.
#[allow(clippy::too_many_arguments)]
fn place(
    el: &mut Element,
    tariff: usize,
    element: usize,
    component: usize,
    dim: &crate::v2_2_1::tariffs::TariffDimensionType,
    price: Decimal,
    vat: Option<Decimal>,
    step: i64,
    warnings: &mut Vec<Warning>,
) -> Result<(), PricingError> {
    use crate::v2_2_1::tariffs::TariffDimensionType as D;
    let slot = match dim {
        D::Energy => ENERGY,
        D::Time => TIME,
        D::ParkingTime => PARKING,
        D::Flat => FLAT,
        other => {
            warnings.push(Warning::UnknownDimension {
                tariff,
                element,
                component,
                value: other.as_str().to_owned(),
            });
            return Ok(());
        }
    };
    if step < 0 {
        return Err(PricingError::InvalidStepSize {
            element,
            component,
            value: step,
        });
    }
    if el.comps[slot].is_some() {
        warnings.push(Warning::DuplicateComponent {
            tariff,
            element,
            component,
        });
        return Ok(());
    }
    el.comps[slot] = Some(Comp {
        index: component,
        price,
        vat,
        step,
    });
    Ok(())
}

fn finish(el: &mut Element) {
    el.flat_is_parking =
        el.comps[PARKING].is_some() && el.comps[ENERGY].is_none() && el.comps[TIME].is_none();
}

fn new_element(r: Restrictions, reservation: Reservation) -> Element {
    Element {
        r,
        comps: [None; 4],
        reservation,
        flat_is_parking: false,
    }
}

/// A price component as [`elements`] places it: its dimension, price, VAT and step size.
type Priced<'a> = (
    &'a crate::v2_2_1::tariffs::TariffDimensionType,
    Decimal,
    Option<Decimal>,
    i64,
);

/// The most elements a tariff may have to be priced: each charging period is matched against
/// every element, so the bound keeps the work linear in the CDR or the plan (real tariffs
/// have a few, a tariff per hour of the week 168).
pub const MAX_ELEMENTS: usize = 1000;

/// The compiled elements of a tariff of any version: `element` reads an element's
/// restrictions and its price components (element index given), `component` reads one price
/// component (element and component indices given). More than [`MAX_ELEMENTS`] is an error.
fn elements<'a, E, C: 'a>(
    tariff: usize,
    list: &'a [E],
    warnings: &mut Vec<Warning>,
    element: impl Fn(
        &'a E,
        usize,
        &mut Vec<Warning>,
    ) -> Result<(Restrictions, Reservation, &'a [C]), PricingError>,
    component: impl Fn(&'a C, usize, usize, &mut Vec<Warning>) -> Result<Priced<'a>, PricingError>,
) -> Result<Vec<Element>, PricingError> {
    if list.len() > MAX_ELEMENTS {
        return Err(PricingError::TooManyElements {
            tariff,
            count: list.len(),
        });
    }
    let mut elements = Vec::with_capacity(list.len());
    for (ei, e) in list.iter().enumerate() {
        let (r, reservation, components) = element(e, ei, warnings)?;
        let mut el = new_element(r, reservation);
        for (ci, c) in components.iter().enumerate() {
            let (dim, price, vat, step) = component(c, ei, ci, warnings)?;
            place(&mut el, tariff, ei, ci, dim, price, vat, step, warnings)?;
        }
        finish(&mut el);
        elements.push(el);
    }
    Ok(elements)
}

/// Elements of 2.2.1 and 2.3.0 (the same types).
fn elements_2_2_1<'a>(
    tariff: usize,
    list: &'a [crate::v2_2_1::tariffs::TariffElement],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Element>, PricingError> {
    use crate::v2_2_1::tariffs::ReservationRestrictionType as R;
    let element =
        |e: &'a crate::v2_2_1::tariffs::TariffElement, ei, warnings: &mut Vec<Warning>| {
            let components = e.price_components.as_slice();
            let Some(r) = &e.restrictions else {
                return Ok((Restrictions::default(), Reservation::None, components));
            };
            let mut out = common_of!(tariff, ei, r, warnings)?;
            out.min_current = r.min_current.map(Number::to_decimal);
            out.max_current = r.max_current.map(Number::to_decimal);
            let reservation = match &r.reservation {
                None => Reservation::None,
                Some(R::Reservation) => Reservation::Made,
                Some(R::ReservationExpires) => Reservation::Expires,
                Some(other) => {
                    warnings.push(Warning::UnknownRestriction {
                        tariff,
                        element: ei,
                        field: "reservation",
                        value: other.as_str().to_owned(),
                    });
                    Reservation::Unknown
                }
            };
            Ok((out, reservation, components))
        };
    elements(tariff, list, warnings, element, |c, _, _, _| {
        let vat = c.vat.map(Number::to_decimal);
        Ok((&c.r#type, c.price.to_decimal(), vat, c.step_size))
    })
}

impl Compile for crate::v2_1_1::tariffs::Tariff {
    fn compile<'a>(
        &'a self,
        tariff: usize,
        warnings: &mut Vec<Warning>,
    ) -> Result<Compiled<'a>, PricingError> {
        let element = |e: &'a crate::v2_1_1::tariffs::TariffElement, ei, warnings: &mut _| {
            let r = match &e.restrictions {
                None => Restrictions::default(),
                Some(r) => common_of!(tariff, ei, r, warnings)?,
            };
            Ok((r, Reservation::None, e.price_components.as_slice()))
        };
        let component =
            |c: &'a crate::v2_1_1::tariffs::PriceComponent, ei, ci, warnings: &mut Vec<_>| {
                let price = match &c.price {
                    crate::types::Tolerant::Valid(n) => n.to_decimal(),
                    crate::types::Tolerant::Deviating(d) => {
                        // The official 2.1.1 CDR example sends `"price": "2.00"`.
                        let text = serde_json::from_str::<&str>(d.raw().get()).ok();
                        let n = text.and_then(|t| Number::parse(t).ok()).ok_or(
                            PricingError::PriceNotANumber {
                                element: ei,
                                component: ci,
                            },
                        )?;
                        warnings.push(Warning::PriceAsString {
                            tariff,
                            element: ei,
                            component: ci,
                        });
                        n.to_decimal()
                    }
                };
                Ok((&c.r#type, price, None, c.step_size))
            };
        Ok(Compiled {
            id: self.id.as_str(),
            currency: &self.currency,
            elements: elements(tariff, &self.elements, warnings, element, component)?,
            min: None,
            max: None,
            valid_from: None,
            valid_to: None,
            tax: TaxMode::Excluded,
        })
    }
    fn currency(&self) -> &crate::types::OcpiString<3> {
        &self.currency
    }
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn id_text(&self) -> crate::types::OcpiString<36> {
        self.id.clone()
    }
}

impl Compile for crate::v2_2_1::tariffs::Tariff {
    dated_tariff_fields!(self, tariff, warnings =>
        limit: |p: &Option<crate::types::Price>| {
            p.as_ref()
                .map(|p| (p.excl_vat.to_decimal(), p.incl_vat.map(Number::to_decimal)))
        },
        tax: TaxMode::Excluded,
    );
}

/// A 2.3.0 Tariff says whether its prices include taxes; one that does not is read as
/// excluding them (with a warning).
impl Compile for crate::v2_3_0::tariffs::Tariff {
    dated_tariff_fields!(self, tariff, warnings =>
        limit: |p: &Option<crate::v2_3_0::tariffs::PriceLimit>| {
            p.as_ref().map(|p| {
                (
                    p.before_taxes.to_decimal(),
                    p.after_taxes.map(Number::to_decimal),
                )
            })
        },
        tax: {
            use crate::v2_3_0::tariffs::TaxIncluded as T;
            match &self.tax_included {
                Some(T::Yes) => TaxMode::Included,
                Some(T::NotApplicable) => TaxMode::None,
                Some(T::No) => TaxMode::Excluded,
                _ => {
                    warnings.push(Warning::TaxIncludedMissing { tariff });
                    TaxMode::Excluded
                }
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_dates() {
        assert_eq!(time_of_day(0, "start_time", "00:00"), Ok(0));
        assert_eq!(time_of_day(0, "start_time", "23:59"), Ok(23 * 60 + 59));
        for bad in ["24:00", "9:00", "09:60", "0900", "09:00 ", "ab:cd", ""] {
            assert!(time_of_day(3, "end_time", bad).is_err(), "{bad}");
        }
        assert_eq!(
            date(0, "start_date", "2015-12-24"),
            Ok(NaiveDate::from_ymd_opt(2015, 12, 24).unwrap())
        );
        for bad in [
            "2015-02-30",
            "2015-13-01",
            "15-12-24",
            "2015/12/24",
            "2015-1-245",
        ] {
            assert!(date(1, "end_date", bad).is_err(), "{bad}");
        }
    }
}
