//! The field-by-field description of a conversion, written once per object: [`mapping!`]
//! generates from it the upgrade, the downgrade and the PATCH form of each.
//!
//! A field that crosses as it is needs only its name; a field converted by [`Convert`] its
//! name marked `~` (or `-` where elements that cannot cross are left out and reported); every
//! other field a small clause naming what happens to it (renamed, split, derived, lossy,
//! looked up in the input). The generated code destructures the source without `..` and
//! builds the target with every field, so a field forgotten in a mapping does not compile.

use super::{Convert, ConvertError, Losses};
use crate::types::PatchField;

/// The JSON name of a field (`r#type` is `type`).
pub(crate) fn json_name(rust: &'static str) -> &'static str {
    rust.strip_prefix("r#").unwrap_or(rust)
}

/// The part of a conversion's input that a nested conversion needs; `()` comes from any
/// input.
pub(crate) trait Part<T> {
    /// The part.
    fn part(&self) -> &T;
}

impl<X: ?Sized> Part<()> for X {
    fn part(&self) -> &() {
        &()
    }
}

/// `impl Part<Inner> for Outer` by a field of the outer input.
/// (`self: Input`: an input that its nested conversions need whole).
macro_rules! parts {
    () => {};
    (self: $own:ty; $($rest:tt)*) => {
        impl $crate::convert::mapping::Part<$own> for $own {
            fn part(&self) -> &$own {
                self
            }
        }
        parts!($($rest)*);
    };
    ($outer:ty: $inner:ty = $field:ident; $($rest:tt)*) => {
        impl $crate::convert::mapping::Part<$inner> for $outer {
            fn part(&self) -> &$inner {
                &self.$field
            }
        }
        parts!($($rest)*);
    };
}

/// The constructor and the `with_*` methods of a conversion's input, documented by its fields:
/// `new(required: Type, …; defaulted, …)` takes the fields listed before `;` and gives the
/// others their default; `with_f(v: Type) = expr` returns the input with `f` set to `expr`.
macro_rules! builder {
    ($ty:ident: new($($arg:ident: $arg_ty:ty),* $(; $($def:ident),*)?)
        $(, $with:ident($f:ident: $t:ty) = $e:expr)* $(,)?) => {
        impl $ty {
            #[doc = concat!("The input with the fields given"
                $(, "; the others (`", stringify!($($def),*), "`) take their default")?, ".")]
            pub fn new($($arg: $arg_ty),*) -> Self {
                $ty { $($arg,)* $($($def: Default::default(),)*)? }
            }
            $crate::types::setters! {
                $(
                    #[doc = concat!("The input with [`", stringify!($f), "`](Self::",
                        stringify!($f), ") set.")]
                    $with($f: $t) => $f = $e;
                )*
            }
        }
    };
}

/// Enum upgrades by wire value: every value crosses by its wire text. A value listed after
/// `lossy` keeps its wire text but loses its meaning in the target version: it is reported.
/// With `report`, a value the source table knows and the target's (version `$target`) does
/// not is kept as written and reported.
macro_rules! enum_up {
    ($(
        $(#[$attr:meta])*
        $from:ty => $to:ty $(, report $target:literal)?
            $(, lossy { $($value:literal => $reason:literal),* $(,)? })?;
    )*) => {$(
        enum_up!(@impl $(#[$attr])* $from => $to, |source| {
            let value = $crate::convert::rewire(source.as_str(), <$to>::from_wire)?;
            #[allow(unused_mut)]
            let mut l = $crate::convert::Losses::new();
            $($( if source.as_str() == $value { l.lost("", $reason); } )*)?
            $(if source.is_known() && !value.is_known() {
                l.lost("", format!(
                    "`{}` is not an OCPI {} value: kept as it is, which a {} peer may refuse",
                    source.as_str(), $target, $target,
                ));
            })?
            Ok(l.finish(value))
        });
    )*};
    // The impl, with `$body` converting `$s` (the source value).
    (@impl $(#[$attr:meta])* $from:ty => $to:ty, |$s:ident| $body:expr) => {
        $(#[$attr])*
        impl $crate::convert::Convert<$to> for $from {
            type Input = ();

            fn convert(
                self,
                _: &(),
            ) -> Result<$crate::convert::Converted<$to>, $crate::convert::ConvertError> {
                let $s = self;
                $body
            }
        }
    };
}

/// Enum downgrades by wire value into the enums of the older version `$version`
/// ([`Downgrade`](super::Downgrade)): what the older table has crosses as is; a value it lacks
/// becomes the value its `map` names (`newer => older: why`, `*`: any other value), reported;
/// with no mapping it crosses as written (reported when `report_open`) only into an open
/// enum, and is otherwise an error naming the value (lists where one element can be left out
/// leave it out, see [`Losses::convert_list_dropping`]). `@to` is the
/// [`Downgrade`](super::Downgrade) alone.
macro_rules! enum_down {
    (@to $version:literal, $report:literal, $to:ty, $name:literal, [$($map:tt)*]) => {
        $crate::convert::Downgrade::<$to> {
            version: $version,
            name: $name,
            from_wire: <$to>::from_wire,
            is_known: <$to>::is_known,
            open: <$to>::OPEN,
            report_open: $report,
            map: &[$($map)*],
        }
    };
    ($version:literal, report_open: $report:literal; $(
        $(#[$attr:meta])*
        $from:ty => $to:ty, $name:literal
            $(, map { $($src:literal => $dst:literal: $why:literal),* $(,)? })?;
    )*) => {$(
        enum_up!(@impl $(#[$attr])* $from => $to, |source| {
            enum_down!(@to $version, $report, $to, $name, [$($(($src, $dst, $why)),*)?])
                .convert(source.as_str(), source.is_known())
        });
    )*};
}

/// Both conversions of enums that only the values added in the newer version set apart:
/// `[older "ext" "kind" => newer "ext" "kind", report_open $(, report)?]` names the versions,
/// their spec files' extension and what each calls the enum; each entry is the downgrade's
/// docs, the types, the wire name, the spec chapter and the downgrade's `map` (as in
/// [`enum_down!`]). The upgrade (every value of the older table is one of the newer's; with
/// `report`, as in [`enum_up!`]) and the `Spec:` lines of both are generated.
macro_rules! enum_pairs {
    ($h:tt) => {};
    (
        [$ov:literal $oe:literal $ok:literal => $nv:literal $ne:literal $nk:literal,
            $open:literal $(, $report:literal)?]
        $(#[doc = $doc:literal])*
        $old:ty => $new:ty, $name:literal in $chapter:literal $(, map $map:tt)?;
        $($rest:tt)*
    ) => {
        enum_up!(
            #[doc = concat!($name, ", ", $ov, " → ", $nv, ": every ", $ov, " value exists in ", $nv,
                "; each crosses as it is, and so does an unknown value.")]
            #[doc = ""]
            #[doc = concat!("Spec: ", $ov, " ", $chapter, $oe, " §", $name, " ", $ok, " → ", $nv,
                " ", $chapter, $ne, " §", $name, " ", $nk)]
            $old => $new $(, report $report)?;
        );
        enum_down!($ov, report_open: $open;
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!("Spec: ", $nv, " ", $chapter, $ne, " §", $name, " ", $nk, " → ", $ov,
                " ", $chapter, $oe, " §", $name, " ", $ok)]
            $new => $old, $name $(, map $map)?;
        );
        enum_pairs!([$ov $oe $ok => $nv $ne $nk, $open $(, $report)?] $($rest)*);
    };
}

/// A field converted by [`Convert`]: one value, or each element of an optional value, a list,
/// an optional list or a PATCH field (absent and `null` stay so), at the field's path
/// (`evses[2]` for list elements).
pub(crate) trait Lift<T> {
    /// What the conversion of one element needs.
    type Input;

    /// Converts, keeping the losses under `path`.
    fn lift(self, l: &mut Losses, path: &str, input: &Self::Input) -> Result<T, ConvertError>;
}

/// The impls of [`Lift`] or [`LiftDropping`] for each shape of field: `Source => Target:
/// |value, losses, path, input| conversion`.
macro_rules! lift {
    ($tr:ident::$f:ident: $($src:ty => $dst:ty: |$v:ident, $l:ident, $p:ident, $i:ident| $e:expr;)*) => {$(
        impl<S: Convert<T>, T> $tr<$dst> for $src {
            type Input = S::Input;

            fn $f(self, $l: &mut Losses, $p: &str, $i: &S::Input) -> lift!(@out $tr $dst) {
                let $v = self;
                $e
            }
        }
    )*};
    (@out Lift $dst:ty) => { Result<$dst, ConvertError> };
    (@out LiftDropping $dst:ty) => { $dst };
}

lift! {
    Lift::lift:
    S => T: |v, l, path, input| l.convert(path, v, input);
    Option<S> => Option<T>: |v, l, path, input| l.convert_opt(path, v, input);
    Vec<S> => Vec<T>: |v, l, path, input| l.convert_list(path, v, input);
    Option<Vec<S>> => Option<Vec<T>>: |v, l, path, input| l.convert_opt_list(path, v, input);
    PatchField<S> => PatchField<T>: |v, l, path, input| try_map(v, |v| l.convert(path, v, input));
    PatchField<Vec<S>> => PatchField<Vec<T>>:
        |v, l, path, input| try_map(v, |v| l.convert_list(path, v, input));
}

/// A list field converted element by element, leaving out (and reporting) each element that
/// cannot convert: [`Losses::convert_list_dropping`] of a list, an optional list or a PATCH
/// field.
pub(crate) trait LiftDropping<T> {
    /// What the conversion of one element needs.
    type Input;

    /// Converts the elements that can be, keeping the losses under `path`.
    fn lift_dropping(self, l: &mut Losses, path: &str, input: &Self::Input) -> T;
}

lift! {
    LiftDropping::lift_dropping:
    Vec<S> => Vec<T>: |v, l, path, input| l.convert_list_dropping(path, v, input);
    Option<Vec<S>> => Option<Vec<T>>:
        |v, l, path, input| l.convert_opt_list_dropping(path, v, input);
    PatchField<Vec<S>> => PatchField<Vec<T>>:
        |v, l, path, input| map(v, |v| l.convert_list_dropping(path, v, input));
}

/// A value that may be absent: an optional field or a PATCH field.
pub(crate) trait Present {
    /// Whether the value is there (for a PATCH field: set to a value or to `null`).
    fn present(&self) -> bool;
}

impl<T> Present for Option<T> {
    fn present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Present for PatchField<T> {
    fn present(&self) -> bool {
        !self.is_absent()
    }
}

/// Reports a field the target does not have, when the source has it.
pub(crate) fn lost_present(l: &mut Losses, field: &impl Present, path: &str, reason: &str) {
    if field.present() {
        l.lost(path, reason);
    }
}

/// A field of one version's type as the other version's type, where the two differ only by
/// what they accept (a 2.1.1 `string(n)` and a 2.2.1 `CiString(n)`): one value, or each
/// element of an optional value, a list or a PATCH field. The version modules implement it
/// for their single values.
pub(crate) trait Recast<T> {
    /// The value as a `T`, or why it is not one (at `path`).
    fn recast(self, path: &str) -> Result<T, ConvertError>;
}

impl<S: Recast<T>, T> Recast<Option<T>> for Option<S> {
    fn recast(self, path: &str) -> Result<Option<T>, ConvertError> {
        self.map(|v| v.recast(path)).transpose()
    }
}

impl<S: Recast<T>, T> Recast<PatchField<T>> for PatchField<S> {
    fn recast(self, path: &str) -> Result<PatchField<T>, ConvertError> {
        try_map(self, |v| v.recast(path))
    }
}

impl<S: Recast<T>, T> Recast<Vec<T>> for Vec<S> {
    fn recast(self, path: &str) -> Result<Vec<T>, ConvertError> {
        self.into_iter()
            .enumerate()
            .map(|(i, v)| v.recast(&format!("{path}[{i}]")))
            .collect()
    }
}

/// A PATCH field mapped: absent and `null` stay so.
pub(crate) fn map<A, B>(field: PatchField<A>, f: impl FnOnce(A) -> B) -> PatchField<B> {
    match field {
        PatchField::Absent => PatchField::Absent,
        PatchField::Null => PatchField::Null,
        PatchField::Value(v) => PatchField::Value(f(v)),
    }
}

/// A PATCH field mapped by a conversion that may fail: absent and `null` stay so.
pub(crate) fn try_map<A, B>(
    field: PatchField<A>,
    f: impl FnOnce(A) -> Result<B, ConvertError>,
) -> Result<PatchField<B>, ConvertError> {
    Ok(match field {
        PatchField::Absent => PatchField::Absent,
        PatchField::Null => PatchField::Null,
        PatchField::Value(v) => PatchField::Value(f(v)?),
    })
}

/// Declares how an object converts between an older and a newer version, once, and generates
/// the four conversions: upgrade, downgrade, and both for the PATCH form (whose fields are the
/// same, each optional). One invocation may declare several objects, one after the other.
///
/// ```text
/// mapping! {
///     |l, input|                                        // optional when no clause uses them
///     spec "old section" => "new section" + "both";     // "+ both": optional
///     spec "old file" => "new file": "§section";        // or: one section of both files
///     /// docs
///     up: old::Object => new::Object, input UpInput;
///     /// docs
///     down: input DownInput;
///     patch spec "old section" => "new section";        // optional, with both patch lines
///     /// docs
///     patch up: old::ObjectPatch => new::ObjectPatch, input PatchUpInput;
///     /// docs
///     patch down: input PatchDownInput;
///     patch: old::ObjectPatch => new::ObjectPatch;      // or: the same inputs, docs generated
///     { field list }
/// }
/// ```
///
/// Each conversion's doc ends with its `Spec:` line, made from the `spec` sections (the
/// source's first). `l` names the [`Losses`] and `input` the conversion's input in the
/// clauses. The field list,
/// in the order the fields convert (which is the order their losses are reported in):
///
/// | entry | meaning |
/// | --- | --- |
/// | `f` | the same field, the same type: moved |
/// | `~f` | converted by [`Convert`] ([`Lift`]: also each element of an option, list, PATCH field); the nested input is [`Part`] of `input` |
/// | `-f` | `~f` for a list, leaving out each element that cannot convert ([`LiftDropping`]) |
/// | `recast f` | [`Recast`] to the other version's type |
/// | `old => new` | renamed (`old` is the older version's name, in both directions) |
/// | `~old => new`, `recast old => new` | renamed and converted or recast |
/// | `f: expr` | `f` becomes `expr` (which may use the source fields) |
/// | `src => dst: expr` | the source field `src` is consumed, the target field `dst` becomes `expr` |
/// | `_ => dst: expr` | the target field `dst`, from no source field |
/// | `src => _` | the source field `src` is consumed (by a clause elsewhere) |
/// | `lost f: reason` | a source field the target lacks: reported when present |
/// | `new f: reason` | a field only the newer version has: absent when upgrading, `lost` when downgrading |
/// | `gone f: reason` | a field only the older version has: `lost` when upgrading, absent when downgrading |
/// | `given f: reason => expr` | a field only the newer version has: `expr` when upgrading (absent in a PATCH), `lost` when downgrading |
/// | `do { statements }` | statements, run at that point |
/// | `carry` | the unknown fields cross at that point rather than after every field |
/// | `up(entries)`, `down(entries)` | entries for one direction only |
/// | `full(entries)`, `patch(entries)` | entries for the full object or its PATCH form only |
///
/// After the fields, the source's unknown fields cross ([`super::carry`]).
macro_rules! mapping {
    (spec $($rest:tt)*) => {
        mapping!(|l, input| spec $($rest)*);
    };
    (|$l:ident, $i:ident|) => {};
    (|$l:ident, $i:ident| spec $a:literal => $b:literal: $s:literal $(+ $x:literal)?;
        $($rest:tt)*) => {
        mapping!(|$l, $i| spec ($a, " ", $s) => ($b, " ", $s) $(+ $x)?; $($rest)*);
    };
    (|$l:ident, $i:ident| spec $a:literal => $b:literal $(+ $x:literal)?; $($rest:tt)*) => {
        mapping!(|$l, $i| spec ($a) => ($b) $(+ $x)?; $($rest)*);
    };
    (
        |$l:ident, $i:ident|
        spec ($($a:expr),+) => ($($b:expr),+) $(+ $x:literal)?;
        $(#[$up_attr:meta])*
        up: $old:path => $new:path, input $up_in:ty;
        $(#[$down_attr:meta])*
        down: input $down_in:ty;
        $(
            patch spec $pa:literal => $pb:literal;
            $(#[$pup_attr:meta])*
            patch up: $old_patch:path => $new_patch:path, input $pup_in:ty;
            $(#[$pdown_attr:meta])*
            patch down: input $pdown_in:ty;
        )?
        $(patch: $same_old:path => $same_new:path;)?
        { $($fields:tt)* }
        $($more:tt)*
    ) => {
        mapping!(@all [$l $i unknown_fields] { $($fields)* }
            [[$(#[$up_attr])* #[doc = ""]
                #[doc = concat!("Spec: ", $($a,)+ " → ", $($b,)+ $("; ", $x)?)]] $old, $new, $up_in]
            [[$(#[$down_attr])* #[doc = ""]
                #[doc = concat!("Spec: ", $($b,)+ " → ", $($a,)+ $("; ", $x)?)]] $new, $old, $down_in]
            $(
                [[$(#[$pup_attr])* #[doc = ""] #[doc = concat!("Spec: ", $pa, " → ", $pb)]]
                    $old_patch, $new_patch, $pup_in]
                [[$(#[$pdown_attr])* #[doc = ""] #[doc = concat!("Spec: ", $pb, " → ", $pa)]]
                    $new_patch, $old_patch, $pdown_in]
            )?
            $(
                [[#[doc = mapping!(@patch_doc)]]
                    $same_old, $same_new, $up_in]
                [[#[doc = mapping!(@patch_doc)]]
                    $same_new, $same_old, $down_in]
            )?
        );
        mapping!(|$l, $i| $($more)*);
    };

    (@patch_doc) => {
        "The PATCH form: each field the patch sets crosses as in the full object, with the same \
         input; a field the target lacks is lost when the patch sets it (to a value or `null`).\n\n\
         Spec: transport_and_format.asciidoc §PATCH"
    };

    (@all $li:tt $fields:tt $up:tt $down:tt $($patch_up:tt $patch_down:tt)?) => {
        mapping!(@start [up full] $li $up $fields);
        mapping!(@start [down full] $li $down $fields);
        $(
            mapping!(@start [up patch] $li $patch_up $fields);
            mapping!(@start [down patch] $li $patch_down $fields);
        )?
    };

    (@start $mode:tt $li:tt $head:tt { $($fields:tt)* }) => {
        mapping!(@f $mode $li $head [] [] [] $($fields)*);
    };

    // Scoped entries.
    (@f [up $f:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt up($($e:tt)*) $(, $($r:tt)*)?) => {
        mapping!(@f [up $f] $li $h $sp $df $st $($e)*, $($($r)*)?);
    };
    (@f [down $f:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt down($($e:tt)*) $(, $($r:tt)*)?) => {
        mapping!(@f [down $f] $li $h $sp $df $st $($e)*, $($($r)*)?);
    };
    (@f [$m:ident full] $li:tt $h:tt $sp:tt $df:tt $st:tt full($($e:tt)*) $(, $($r:tt)*)?) => {
        mapping!(@f [$m full] $li $h $sp $df $st $($e)*, $($($r)*)?);
    };
    (@f [$m:ident patch] $li:tt $h:tt $sp:tt $df:tt $st:tt patch($($e:tt)*) $(, $($r:tt)*)?) => {
        mapping!(@f [$m patch] $li $h $sp $df $st $($e)*, $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt $st:tt $scope:ident($($e:tt)*) $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h $sp $df $st $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt $st:tt , $($r:tt)*) => {
        mapping!(@f $mode $li $h $sp $df $st $($r)*);
    };

    // Statements.
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt [$($st:tt)*]
        do { $($s:tt)* } $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h $sp $df [$($st)* $($s)*] $($($r)*)?);
    };

    // The unknown fields cross here (their losses come first).
    (@f $mode:tt [$l:ident $i:ident $u:ident] $h:tt $sp:tt $df:tt [$($st:tt)*]
        carry $(, $($r:tt)*)?) => {
        mapping!(@f $mode [$l $i $u] $h $sp $df [$($st)*
            let $u = $crate::convert::carry::<Target>($u, &mut $l);
        ] $($($r)*)?);
    };

    // A field the target lacks.
    (@f $mode:tt [$l:ident $i:ident $u:ident] $h:tt [$($sp:tt)*] $df:tt [$($st:tt)*]
        lost $f:ident: $why:expr $(, $($r:tt)*)?) => {
        mapping!(@f $mode [$l $i $u] $h [$($sp)* $f,] $df [$($st)*
            $crate::convert::mapping::lost_present(
                &mut $l, &$f, $crate::convert::mapping::json_name(stringify!($f)), $why);
        ] $($($r)*)?);
    };

    // A field only the newer version has.
    (@f [up $f0:ident] $li:tt $h:tt $sp:tt [$($df:tt)*] [$($st:tt)*]
        new $f:ident: $why:expr $(, $($r:tt)*)?) => {
        mapping!(@f [up $f0] $li $h $sp [$($df)* $f] [$($st)* let $f = Default::default();]
            $($($r)*)?);
    };
    (@f [down $f0:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt
        new $f:ident: $why:expr $(, $($r:tt)*)?) => {
        mapping!(@f [down $f0] $li $h $sp $df $st lost $f: $why, $($($r)*)?);
    };

    // A field only the older version has.
    (@f [up $f0:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt
        gone $f:ident: $why:expr $(, $($r:tt)*)?) => {
        mapping!(@f [up $f0] $li $h $sp $df $st lost $f: $why, $($($r)*)?);
    };
    (@f [down $f0:ident] $li:tt $h:tt $sp:tt [$($df:tt)*] [$($st:tt)*]
        gone $f:ident: $why:expr $(, $($r:tt)*)?) => {
        mapping!(@f [down $f0] $li $h $sp [$($df)* $f] [$($st)* let $f = Default::default();]
            $($($r)*)?);
    };

    // A field only the newer version has, given by the input when upgrading.
    (@f [up full] $li:tt $h:tt $sp:tt $df:tt $st:tt
        given $f:ident: $why:expr => $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f [up full] $li $h $sp $df $st _ => $f: $e, $($($r)*)?);
    };
    (@f [up patch] $li:tt $h:tt $sp:tt $df:tt $st:tt
        given $f:ident: $why:expr => $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f [up patch] $li $h $sp $df $st _ => $f: Default::default(), $($($r)*)?);
    };
    (@f [down full] [$l:ident $i:ident $u:ident] $h:tt $sp:tt $df:tt $st:tt
        given $f:ident: $why:expr => $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f [down full] [$l $i $u] $h $sp $df $st $f => _, do {
            $l.lost($crate::convert::mapping::json_name(stringify!($f)), $why);
        }, $($($r)*)?);
    };
    (@f [down patch] $li:tt $h:tt $sp:tt $df:tt $st:tt
        given $f:ident: $why:expr => $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f [down patch] $li $h $sp $df $st lost $f: $why, $($($r)*)?);
    };

    // Renamed fields, converted or recast (at the source's path).
    (@f [up $f:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt
        $kind:tt $old:ident => $new:ident $(, $($r:tt)*)?) => {
        mapping!(@f [up $f] $li $h $sp $df $st
            $old => $new: mapping!(@$kind $li $old), $($($r)*)?);
    };
    (@f [down $f:ident] $li:tt $h:tt $sp:tt $df:tt $st:tt
        $kind:tt $old:ident => $new:ident $(, $($r:tt)*)?) => {
        mapping!(@f [down $f] $li $h $sp $df $st
            $new => $old: mapping!(@$kind $li $new), $($($r)*)?);
    };

    // Converted fields (see `@~`, `@-` and `@recast` below).
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt $st:tt ~$f:ident $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h $sp $df $st $f: mapping!(@~ $li $f), $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt $st:tt -$f:ident $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h $sp $df $st $f: mapping!(@- $li $f), $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt $sp:tt $df:tt $st:tt recast $f:ident $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h $sp $df $st $f: mapping!(@recast $li $f), $($($r)*)?);
    };

    // Clauses.
    (@f $mode:tt $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] [$($st:tt)*]
        _ => $d:ident: $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h [$($sp)*] [$($df)* $d] [$($st)* let $d = $e;] $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt [$($sp:tt)*] $df:tt $st:tt $s:ident => _ $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h [$($sp)* $s,] $df $st $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] [$($st:tt)*]
        $s:ident => $d:ident: $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h [$($sp)* $s,] [$($df)* $d] [$($st)* let $d = $e;] $($($r)*)?);
    };
    (@f [up $f:ident] $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] $st:tt
        $old:ident => $new:ident $(, $($r:tt)*)?) => {
        mapping!(@f [up $f] $li $h [$($sp)* $old: $new,] [$($df)* $new] $st $($($r)*)?);
    };
    (@f [down $f:ident] $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] $st:tt
        $old:ident => $new:ident $(, $($r:tt)*)?) => {
        mapping!(@f [down $f] $li $h [$($sp)* $new: $old,] [$($df)* $old] $st $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] [$($st:tt)*]
        $f:ident: $e:expr $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h [$($sp)* $f,] [$($df)* $f] [$($st)* let $f = $e;] $($($r)*)?);
    };
    (@f $mode:tt $li:tt $h:tt [$($sp:tt)*] [$($df:tt)*] $st:tt $f:ident $(, $($r:tt)*)?) => {
        mapping!(@f $mode $li $h [$($sp)* $f,] [$($df)* $f] $st $($($r)*)?);
    };

    (@~ [$l:ident $i:ident $u:ident] $f:ident) => {
        $crate::convert::mapping::Lift::lift(
            $f, &mut $l, $crate::convert::mapping::json_name(stringify!($f)),
            $crate::convert::mapping::Part::part($i))?
    };
    (@- [$l:ident $i:ident $u:ident] $f:ident) => {
        $crate::convert::mapping::LiftDropping::lift_dropping(
            $f, &mut $l, $crate::convert::mapping::json_name(stringify!($f)),
            $crate::convert::mapping::Part::part($i))
    };
    (@recast [$l:ident $i:ident $u:ident] $f:ident) => {
        $crate::convert::mapping::Recast::recast(
            $f, $crate::convert::mapping::json_name(stringify!($f)))?
    };

    // The conversion.
    (@f $mode:tt [$l:ident $i:ident $u:ident] [[$($attr:tt)*] $src:path, $dst:path, $input:ty]
        [$($sp:tt)*] [$($df:ident)*] [$($st:tt)*]) => {
        $($attr)*
        impl $crate::convert::Convert<$dst> for $src {
            type Input = $input;

            #[allow(unused_variables, unused_mut)]
            fn convert(
                self,
                $i: &$input,
            ) -> Result<$crate::convert::Converted<$dst>, $crate::convert::ConvertError> {
                let Self { $($sp)* $u } = self;
                let mut $l = $crate::convert::Losses::new();
                $($st)*
                type Target = $dst;
                let mut out = Target {
                    $($df,)*
                    unknown_fields: $crate::types::UnknownFields::default(),
                };
                out.unknown_fields = $crate::convert::carry_like(&out, $u, &mut $l);
                Ok($l.finish(out))
            }
        }
    };
}
