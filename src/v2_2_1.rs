//! The OCPI 2.2.1 object model, one module per OCPI module.
//!
//! Spec: OCPI 2.2.1 (`ocpi-spec/2.2.1/`).

/// Declares a shape: a macro that declares an object or enum of the object model in the form
/// two or three versions share, given what differs between them (a `Spec:` line, a type of
/// the version's own, the docs of a field the version words differently, the values or fields a
/// later version adds). The modules of 2.2.1 declare their shapes with it and use them for their
/// own objects; 2.1.1 and 2.3.0 import them (`use crate::v2_2_1::<module>::<shape>`).
///
/// A shape is written as the declaration it makes, its pattern in the parentheses:
/// `macro name(pattern) => ocpi_object! { … }` (or `ocpi_enum!`), or
/// `macro name(pattern) => { … }` for a shape written out in full (several declarations, or
/// another shape filled in).
macro_rules! shape {
    (
        $(#[doc = $doc:literal])*
        macro $name:ident($($pattern:tt)*) => { $($body:tt)* }
    ) => {
        $(#[doc = $doc])*
        macro_rules! $name {
            ($($pattern)*) => { $($body)* };
        }
        pub(crate) use $name;
    };
    (
        $(#[doc = $doc:literal])*
        macro $name:ident($($pattern:tt)*) => $declare:ident! { $($body:tt)* }
    ) => {
        $crate::v2_2_1::shape! {
            $(#[doc = $doc])*
            macro $name($($pattern)*) => { $crate::types::$declare! { $($body)* } }
        }
    };
}
pub(crate) use shape;

pub mod cdrs;
pub mod charging_profiles;
pub mod commands;
pub mod credentials;
pub mod hub_client_info;
pub mod locations;
pub mod sessions;
pub mod tariffs;
pub mod tokens;
pub mod versions;
