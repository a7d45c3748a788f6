//! Upgrade and downgrade of objects between OCPI 2.1.1, 2.2.1 and 2.3.0.
//!
//! Every object that exists in two neighbouring versions converts both ways with
//! [`Convert`]. A conversion returns the converted value and a report of every field that
//! could not cross ([`Loss`]: JSON path and reason). What the target version requires and the
//! source cannot provide (the owning party of a 2.1.1 object, the `tax_included` of a 2.3.0
//! Tariff, …) is an explicit [`Convert::Input`], never invented. Fields a peer sent that the
//! crate does not know (`unknown_fields`) cross unchanged.
//!
//! 2.1.1 ↔ 2.3.0 goes through 2.2.1: see [`via`].
//!
//! Each object's mapping is declared once, as a table of its fields (`mapping!`), from which
//! the upgrade, the downgrade and both conversions of the PATCH form are generated; a field
//! added to an object and left out of its table does not compile. The one conversion that
//! does not map field to field (a 2.1.1 CDR's embedded Location) is written out; fields
//! computed together (Credentials' roles, a Price's taxes) have a helper. The rationale and
//! spec section of every special field stands in the documentation of each conversion.

#[macro_use]
mod mapping;
pub mod v211_v221;
pub mod v221_v230;

/// A field that could not cross a conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// Where, in the source document (`evses[0].parking`).
    pub path: String,
    /// Why it could not cross.
    pub reason: String,
}

/// A converted value and what was lost on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted<T> {
    /// The value in the target version.
    pub value: T,
    /// Every field of the source that the target could not hold.
    pub losses: Vec<Loss>,
}

/// A conversion that cannot be made at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot convert {path}: {reason}")]
pub struct ConvertError {
    /// Where, in the source document.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Conversion of a value of one OCPI version into the corresponding value of another.
pub trait Convert<T>: Sized {
    /// What the target needs that the source cannot provide (`()` when nothing).
    type Input;

    /// Converts `self`, reporting what could not cross.
    fn convert(self, input: &Self::Input) -> Result<Converted<T>, ConvertError>;
}

/// Converts through an intermediate version (2.1.1 → 2.2.1 → 2.3.0 and back); the losses of
/// both steps are reported.
pub fn via<A, B, C>(
    value: A,
    first: &A::Input,
    second: &B::Input,
) -> Result<Converted<C>, ConvertError>
where
    A: Convert<B>,
    B: Convert<C>,
{
    let step = value.convert(first)?;
    let mut next = step.value.convert(second)?;
    let mut losses = step.losses;
    losses.append(&mut next.losses);
    Ok(Converted {
        value: next.value,
        losses,
    })
}

/// Collects losses while an object is converted, under a path prefix.
#[derive(Debug, Default)]
pub struct Losses(Vec<Loss>);

fn join(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// The unknown fields of a source object, for the object of type `T` it converts to: every one
/// named like a field of `T`'s table (present in the converted object or not) is dropped and
/// reported. The converted field wins: an unknown field of that name would be written next to
/// it, or, when the converted object lacks the field, be read by the peer as that field.
pub(crate) fn carry<T: crate::types::object::Fields>(
    unknown: crate::types::UnknownFields,
    losses: &mut Losses,
) -> crate::types::UnknownFields {
    let clashes = |k: &str| T::FIELDS.contains(&k);
    if unknown.is_empty() || !unknown.iter().any(|(k, _)| clashes(k)) {
        return unknown;
    }
    let mut kept = unknown;
    kept.retain(|k, _| {
        if clashes(k) {
            losses.lost(
                k,
                "unknown field named like a field of the converted object: the converted field wins",
            );
            return false;
        }
        true
    });
    kept
}

/// [`carry`] for the type of `_target`.
pub(crate) fn carry_like<T: crate::types::object::Fields>(
    _target: &T,
    unknown: crate::types::UnknownFields,
    losses: &mut Losses,
) -> crate::types::UnknownFields {
    carry::<T>(unknown, losses)
}

impl Losses {
    /// No losses yet.
    pub fn new() -> Self {
        Losses(Vec::new())
    }

    /// Records that the field at `path` could not cross.
    pub fn lost(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.0.push(Loss {
            path: path.into(),
            reason: reason.into(),
        });
    }

    /// Records `field` as lost when it is present (`Some`).
    pub fn lost_if<T>(&mut self, value: &Option<T>, path: &str, reason: &str) {
        if value.is_some() {
            self.lost(path, reason);
        }
    }

    /// Takes the value of a nested conversion, keeping its losses under `prefix`.
    pub fn absorb<T>(&mut self, prefix: &str, converted: Converted<T>) -> T {
        for loss in converted.losses {
            self.lost(join(prefix, &loss.path), loss.reason);
        }
        converted.value
    }

    /// Converts a nested value, keeping its losses under `prefix`; an error gets the prefix
    /// too.
    pub fn convert<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        value: S,
        input: &S::Input,
    ) -> Result<T, ConvertError> {
        match value.convert(input) {
            Ok(c) => Ok(self.absorb(prefix, c)),
            Err(e) => Err(ConvertError {
                path: join(prefix, &e.path),
                reason: e.reason,
            }),
        }
    }

    /// Converts every element of a list (`prefix[i]`).
    pub fn convert_list<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        values: Vec<S>,
        input: &S::Input,
    ) -> Result<Vec<T>, ConvertError> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| self.convert(&format!("{prefix}[{i}]"), v, input))
            .collect()
    }

    /// Converts an optional list.
    pub fn convert_opt_list<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        values: Option<Vec<S>>,
        input: &S::Input,
    ) -> Result<Option<Vec<T>>, ConvertError> {
        values
            .map(|v| self.convert_list(prefix, v, input))
            .transpose()
    }

    /// Converts every element of a list (`prefix[i]`), leaving out each element that cannot
    /// convert and reporting it lost with the reason: for lists where one element the target
    /// version lacks (a Capability, a Facility, a CDR dimension) can honestly be left out.
    ///
    /// Spec: the enum tables of each version's module chapters (a value outside a closed
    /// table is not a value of the target version)
    pub fn convert_list_dropping<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        values: Vec<S>,
        input: &S::Input,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.into_iter().enumerate() {
            let at = format!("{prefix}[{i}]");
            match self.convert(&at, v, input) {
                Ok(v) => out.push(v),
                Err(e) => self.lost(at, format!("left out: {}", e.reason)),
            }
        }
        out
    }

    /// [`Losses::convert_list_dropping`] of an optional list.
    pub fn convert_opt_list_dropping<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        values: Option<Vec<S>>,
        input: &S::Input,
    ) -> Option<Vec<T>> {
        values.map(|v| self.convert_list_dropping(prefix, v, input))
    }

    /// Converts an optional value.
    pub fn convert_opt<S: Convert<T>, T>(
        &mut self,
        prefix: &str,
        value: Option<S>,
        input: &S::Input,
    ) -> Result<Option<T>, ConvertError> {
        value.map(|v| self.convert(prefix, v, input)).transpose()
    }

    /// Finishes: the value with the collected losses.
    pub fn finish<T>(self, value: T) -> Converted<T> {
        Converted {
            value,
            losses: self.0,
        }
    }
}

/// How a value of a newer version's enum goes down to an older version's enum: the values
/// the older table lacks that map to one it has (`(newer, older, why)`), and everything
/// needed to tell what the older table holds.
pub(crate) struct Downgrade<T> {
    /// The older version (`"2.1.1"`).
    pub version: &'static str,
    /// The enum's name in the older version.
    pub name: &'static str,
    /// The older enum's `from_wire`.
    pub from_wire: fn(&str) -> Result<T, crate::types::EnumError>,
    /// The older enum's `is_known`.
    pub is_known: fn(&T) -> bool,
    /// Whether the older enum is open (any well-formed value is one of its values).
    pub open: bool,
    /// Whether a value of the newer table that crosses into an open older enum as written
    /// is reported.
    pub report_open: bool,
    /// Values the older table lacks, with the value they are sent as and why (`*`: every
    /// other value the older table lacks).
    pub map: &'static [(&'static str, &'static str, &'static str)],
}

impl<T> Downgrade<T> {
    /// Converts the wire value `wire` (`source_known`: whether the newer table has it). A
    /// value of the older table crosses as is; a mapped value becomes its mapping, reported;
    /// any other value crosses as written, reported, only when the older enum is open, and is
    /// otherwise an error (the older version's strict reader would refuse it).
    pub fn convert(&self, wire: &str, source_known: bool) -> Result<Converted<T>, ConvertError> {
        let mut l = Losses::new();
        let value = rewire(wire, self.from_wire)?;
        if (self.is_known)(&value) {
            return Ok(l.finish(value));
        }
        let mapped = self.map.iter().find(|(from, _, _)| *from == wire);
        // `*` maps every other value (a custom one kept from a newer peer, for instance).
        let mapped = mapped.or_else(|| self.map.iter().find(|(from, _, _)| *from == "*"));
        if let Some((_, to, why)) = mapped {
            l.lost(
                "",
                format!(
                    "{} {} has no `{wire}`: sent as `{to}` ({why})",
                    self.version, self.name
                ),
            );
            return Ok(l.finish(rewire(to, self.from_wire)?));
        }
        if self.open {
            if source_known && self.report_open {
                l.lost(
                    "",
                    format!(
                        "`{wire}` is not an OCPI {} {} value: kept as it is, which a {} peer may refuse",
                        self.version, self.name, self.version
                    ),
                );
            }
            return Ok(l.finish(value));
        }
        Err(missing(
            "",
            &format!(
                "{} {} has no `{wire}` and no value that means it",
                self.version, self.name
            ),
        ))
    }
}

/// An enum value by its wire text.
pub(crate) fn rewire<T>(
    wire: &str,
    from_wire: fn(&str) -> Result<T, crate::types::EnumError>,
) -> Result<T, ConvertError> {
    from_wire(wire).map_err(|e| missing("", &e.to_string()))
}

/// The error for a required target field the source does not have.
pub fn missing(path: &str, reason: &str) -> ConvertError {
    ConvertError {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("evses[0]", "parking"), "evses[0].parking");
        assert_eq!(join("evses", "[0]"), "evses[0]");
        assert_eq!(join("a", ""), "a");
    }
}
