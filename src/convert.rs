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
