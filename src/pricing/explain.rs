//! The explanation of a bill, for people: what was billed per period and dimension, and why.

use std::fmt;

use rust_decimal::Decimal;

use super::verify::{Part, Verification};
use super::{Amount, Bill, Dimension, Line, Warning};

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} excl. VAT", self.excl.normalize())?;
        match self.incl_vat() {
            Some(incl) => write!(f, ", {} incl. VAT", incl.to_decimal().normalize()),
            None => f.write_str(", VAT unknown"),
        }
    }
}

/// A quantity in the `step_size` unit, written in the unit people read.
struct Quantity(Dimension, Decimal);

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Quantity(dim, v) = *self;
        match dim {
            Dimension::Energy => write!(f, "{} kWh", (v / Decimal::from(1000)).normalize()),
            Dimension::Flat | Dimension::ReservationFlat => f.write_str("1 fee"),
            _ => {
                let whole = v.trunc();
                let secs: i64 = whole.try_into().unwrap_or(i64::MAX);
                let frac = (v - whole).normalize();
                let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
                if h > 0 {
                    write!(f, "{h} h ")?;
                }
                if h > 0 || m > 0 {
                    write!(f, "{m} min ")?;
                }
                if frac.is_zero() {
                    write!(f, "{s} s")
                } else {
                    write!(f, "{} s", Decimal::from(s) + frac)
                }
            }
        }
    }
}

fn unit(dim: Dimension) -> &'static str {
    match dim {
        Dimension::Energy => "per kWh",
        Dimension::Flat | Dimension::ReservationFlat => "per session",
        _ => "per hour",
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dim = self.dimension;
        write!(
            f,
            "{} (element {}, component {}): ",
            dim.as_str(),
            self.element,
            self.component
        )?;
        if !matches!(dim, Dimension::Flat | Dimension::ReservationFlat) {
            write!(f, "{} used", Quantity(dim, self.quantity.to_decimal()))?;
            let extra = self.step_extra.to_decimal();
            if !extra.is_zero() {
                write!(
                    f,
                    ", billed {} (the session's total rounded up to a multiple of step_size {}: +{})",
                    Quantity(dim, self.billed.to_decimal()),
                    self.step_size,
                    Quantity(dim, extra)
                )?;
            }
            f.write_str(", ")?;
        }
        write!(
            f,
            "at {} {}",
            self.unit_price.to_decimal().normalize(),
            unit(dim)
        )?;
        if let Some(v) = self.vat {
            write!(f, " + {}% VAT", v.to_decimal().normalize())?;
        }
        write!(f, " = {}", self.amount)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoTimeZone => f.write_str("no time zone given: local times taken as UTC"),
            Warning::UnknownDimension { tariff, element, component, value } => write!(
                f,
                "tariff {tariff}, element {element}, component {component}: dimension {value:?} unknown to this version, left out"
            ),
            Warning::UnknownRestriction { tariff, element, field, value } => write!(
                f,
                "tariff {tariff}, element {element}: {field} value {value:?} unknown, left out"
            ),
            Warning::DuplicateComponent { tariff, element, component } => write!(
                f,
                "tariff {tariff}, element {element}: component {component} repeats a dimension of the element, left out"
            ),
            Warning::PriceAsString { tariff, element, component } => write!(
                f,
                "tariff {tariff}, element {element}, component {component}: price sent as a string, read as a number"
            ),
            Warning::TaxIncludedMissing { tariff } => write!(
                f,
                "tariff {tariff}: tax_included missing, taxes taken as not included"
            ),
            Warning::IncludedTaxUnknown { tariff, element, component } => write!(
                f,
                "tariff {tariff}, element {element}, component {component}: taxes included but no vat rate, amounts count as before and after taxes"
            ),
            Warning::OutsideValidity { tariff } => write!(
                f,
                "tariff {tariff}: the session starts outside start_date_time/end_date_time"
            ),
            Warning::MissingMeasurement { period, restriction, assumed } => match assumed {
                Some(v) => write!(
                    f,
                    "period {period}: no power measured for {restriction}; assumed the average, {} kW",
                    v.to_decimal().round_dp(3).normalize()
                ),
                None => write!(
                    f,
                    "period {period}: nothing measured for {restriction}; the restriction was taken as not holding"
                ),
            },
            Warning::IgnoredDimensions { period, count } => write!(
                f,
                "period {period}: {count} dimension(s) of unknown type or form left out"
            ),
            Warning::Uncovered { period } => write!(
                f,
                "period {period}: no tariff element applies; it cost nothing"
            ),
            Warning::NoTariffForPeriod { period } => write!(
                f,
                "period {period}: names no tariff while others do; no tariff is relevant, it cost nothing"
            ),
            Warning::LimitInclVatUnknown { tariff } => write!(
                f,
                "tariff {tariff}: the price limit including VAT was not applied, the total including VAT is unknown"
            ),
        }
    }
}

/// The explanation: per tariff, each line by period, the limits applied, the totals and the
/// warnings.
impl fmt::Display for Bill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut period = None;
        let mut tariff = None;
        for l in &self.lines {
            if tariff != Some(l.tariff) {
                tariff = Some(l.tariff);
                period = None;
                let id = self.tariff_ids.get(l.tariff).map_or("?", |t| t.as_str());
                writeln!(f, "tariff {id} ({}):", self.currency)?;
            }
            if period != Some(l.period) {
                period = Some(l.period);
                writeln!(f, "  charging period {}:", l.period)?;
            }
            writeln!(f, "    {l}")?;
        }
        for lim in &self.limits {
            let which = if lim.max { "max_price" } else { "min_price" };
            write!(f, "{which} {}", lim.limit.0.to_decimal().normalize())?;
            if let Some(i) = lim.limit.1 {
                write!(f, " / {} incl. VAT", i.to_decimal().normalize())?;
            }
            writeln!(f, " applied: {} became {}", lim.before, lim.after)?;
        }
        let t = &self.totals;
        for (name, a) in [
            ("total_energy_cost", &t.total_energy_cost),
            ("total_time_cost", &t.total_time_cost),
            ("total_parking_cost", &t.total_parking_cost),
            ("total_fixed_cost", &t.total_fixed_cost),
            ("total_reservation_cost", &t.total_reservation_cost),
        ] {
            if a != &Amount::default() {
                writeln!(f, "{name}: {a}")?;
            }
        }
        if !t.limit_adjustment.excl.is_zero() || !t.limit_adjustment.taxes.is_empty() {
            writeln!(f, "price limit adjustment: {}", t.limit_adjustment)?;
        }
        write!(f, "total_cost: {} {}", t.total_cost, self.currency)?;
        for w in &self.warnings {
            write!(f, "\nnote: {w}")?;
        }
        Ok(())
    }
}

/// The bill, then each discrepancy with the expected and received values.
impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.bill)?;
        if self.discrepancies.is_empty() {
            return write!(f, "\nthe CDR's totals match");
        }
        for d in &self.discrepancies {
            let part = match d.part {
                Part::ExclVat => " excl. VAT",
                Part::InclVat => " incl. VAT",
                Part::Quantity => "",
            };
            let show = |v: Option<crate::types::Number>| {
                v.map_or("absent".to_owned(), |n| {
                    n.to_decimal().normalize().to_string()
                })
            };
            write!(
                f,
                "\ndiscrepancy: {}{part}: expected {}, the CDR says {}",
                d.field.as_str(),
                show(d.expected),
                show(d.received)
            )?;
        }
        Ok(())
    }
}
