//! The one macro behind every OCPI object, and what its generated code relies on.
//!
//! Each object is a plain struct with public fields, a `new(required…)` constructor, and
//! hand-rolled (generated) serde impls that:
//! - read keys without allocating and match them against the field names,
//! - refuse duplicate keys and missing required fields,
//! - keep unknown fields (verbatim JSON) in [`UnknownFields`] without `#[serde(flatten)]`,
//! - write absent optional fields as nothing at all (never `null`).
//!
//! Objects that the spec lets a client PATCH also get a partial form whose optional fields are
//! [`PatchField`]s, telling an absent field from `null`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::StackStr;
use crate::codec::{nests_deeper_than, MAX_UNKNOWN_DEPTH};

/// A map key as read: borrowed from the input when possible.
#[doc(hidden)]
pub enum Key<'de> {
    Borrowed(&'de str),
    Stack(StackStr<48>),
    Heap(String),
}

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Stack(s) => s.as_str(),
            Key::Heap(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                use fmt::Write;
                let mut s = StackStr::<48>::new();
                Ok(if s.write_str(v).is_ok() {
                    Key::Stack(s)
                } else {
                    Key::Heap(v.to_owned())
                })
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Heap(v))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The key of an object's field as read by [`ocpi_object!`]: borrowed from the input when
/// possible.
///
/// From serde_json's own deserializer the key is read as bytes (see [`super::text`]): known
/// field names are matched byte for byte, and only a key kept as an unknown field is checked
/// to be UTF-8 without control characters. That check cannot tell a control character written
/// as an escape (valid JSON) from a raw one (invalid JSON) in a key that holds other escapes,
/// so it refuses both; the `json` entry points then read the document again with keys read as `str`,
/// which decides exactly.
#[doc(hidden)]
pub struct FieldKey<'de> {
    /// Copied only for a key with escapes (rare).
    text: Cow<'de, [u8]>,
    /// Read as `str` by the deserializer: valid UTF-8, JSON-checked.
    checked: bool,
}

impl FieldKey<'_> {
    /// The key's bytes, to match against field names.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// The key as text, to keep it as an unknown field.
    pub fn to_str<E: de::Error>(&self) -> Result<&str, E> {
        let b = self.as_bytes();
        if !self.checked && b.iter().any(|c| *c < 0x20) {
            return Err(E::custom("field name holds a control character"));
        }
        std::str::from_utf8(b).map_err(|_| E::custom("field name is not valid UTF-8"))
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey {
                    text: Cow::Borrowed(v.as_bytes()),
                    checked: true,
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey {
                    text: Cow::Owned(v.as_bytes().to_vec()),
                    checked: true,
                })
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey {
                    text: Cow::Borrowed(v),
                    checked: false,
                })
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey {
                    text: Cow::Owned(v.to_vec()),
                    checked: false,
                })
            }
        }
        if super::text::is_serde_json::<D>() {
            d.deserialize_bytes(V)
        } else {
            d.deserialize_identifier(V)
        }
    }
}

/// Reads the verbatim JSON of an unknown field, refusing nesting beyond
/// [`MAX_UNKNOWN_DEPTH`]. The check runs while the value is read, so an error points at the
/// field.
struct BoundedRaw<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for BoundedRaw<'_> {
    type Value = Box<RawValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Box<RawValue>, D::Error> {
        let value = Box::<RawValue>::deserialize(d)?;
        if nests_deeper_than(value.get().as_bytes(), MAX_UNKNOWN_DEPTH) {
            return Err(de::Error::custom(format_args!(
                "unknown field `{}` nests deeper than {MAX_UNKNOWN_DEPTH} levels",
                self.0
            )));
        }
        Ok(value)
    }
}

/// Refuses the value of a key seen twice. The error is raised while "reading" the value, so it
/// points at the key itself.
struct Duplicate<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Duplicate<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(format_args!(
            "duplicate field `{}`",
            self.0
        )))
    }
}

/// The error for a key seen twice in one object.
#[doc(hidden)]
pub fn duplicate<'de, A: MapAccess<'de>>(map: &mut A, name: &str) -> A::Error {
    match map.next_value_seed(Duplicate(name)) {
        Err(e) => e,
        Ok(()) => de::Error::custom(format_args!("duplicate field `{name}`")),
    }
}

/// A list read with at least one element (cardinality `+`).
#[doc(hidden)]
pub struct NonEmpty<V>(pub V);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonEmpty<Vec<T>> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<T>::deserialize(d)?;
        if list.is_empty() {
            return Err(de::Error::invalid_length(0, &"at least one element"));
        }
        Ok(NonEmpty(list))
    }
}

/// An object made by [`ocpi_object!`], which can be read straight into a slot of its parent.
///
/// Reading a nested object by value moves it through every layer between its visitor and its
/// parent (serde_json's map reading, `Option`, `Vec`): several copies of a few hundred bytes
/// per object, a tenth of the time of parsing a page. Written into a slot, an object is moved
/// once, into its parent.
#[doc(hidden)]
pub trait Object: Sized {
    /// Reads an object from `d` into `slot` (which is `Some` when this returns `Ok`).
    fn read_into<'de, D: Deserializer<'de>>(d: D, slot: &mut Option<Self>) -> Result<(), D::Error>;
}

/// The JSON names of every field of an object's table (present in a value or not): an
/// unknown field may not carry one of them.
#[doc(hidden)]
pub trait Fields {
    /// The names, in the table's order.
    const FIELDS: &'static [&'static str];
}

/// Reads the value of a field into the field's slot, choosing by the field's type (see
/// [`ReadObject`] and [`ReadValue`]; the macro calls `(&Reader::<T>::NEW).read(..)` with both
/// traits in scope, which picks [`ReadObject`] where it applies).
#[doc(hidden)]
pub struct Reader<T>(PhantomData<T>);

impl<T> Reader<T> {
    pub const NEW: Self = Reader(PhantomData);
}

/// Field reading for objects and lists of objects: straight into the slot.
#[doc(hidden)]
pub trait ReadObject<T> {
    /// A required field.
    fn read<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>;
    /// An optional field: `null` is `Some(None)`.
    fn read_opt<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), A::Error>;
    /// A list of one or more elements.
    fn read_plus<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>;
}

/// Field reading for every other type: through its `Deserialize` impl.
#[doc(hidden)]
pub trait ReadValue<T> {
    /// A required field.
    fn read<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>;
    /// An optional field: `null` is `Some(None)`.
    fn read_opt<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>;
    /// A list of one or more elements.
    fn read_plus<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        NonEmpty<T>: Deserialize<'de>;
}

impl<T> ReadValue<T> for &Reader<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        *slot = Some(map.next_value()?);
        Ok(())
    }
    #[inline]
    fn read_opt<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        *slot = Some(map.next_value()?);
        Ok(())
    }
    #[inline]
    fn read_plus<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        NonEmpty<T>: Deserialize<'de>,
    {
        *slot = Some(map.next_value::<NonEmpty<T>>()?.0);
        Ok(())
    }
}

impl<T: Object> ReadObject<T> for Reader<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        map.next_value_seed(Slot(slot))
    }
    #[inline]
    fn read_opt<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), A::Error> {
        map.next_value_seed(OptionSlot(slot))
    }
    #[inline]
    fn read_plus<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        self.read(map, slot)
    }
}

impl<T: Object> ReadObject<Vec<T>> for Reader<Vec<T>> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Vec<T>>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value_seed(List(PhantomData))?);
        Ok(())
    }
    #[inline]
    fn read_opt<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Option<Vec<T>>>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value_seed(OptionList(PhantomData))?);
        Ok(())
    }
    #[inline]
    fn read_plus<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<Vec<T>>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value_seed(NonEmptyList(PhantomData))?);
        Ok(())
    }
}

/// An object read into a slot.
struct Slot<'a, T>(&'a mut Option<T>);

impl<'de, T: Object> DeserializeSeed<'de> for Slot<'_, T> {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::read_into(d, self.0)
    }
}

/// An optional object read into a slot, as `Option<T>` reads it.
struct OptionSlot<'a, T>(&'a mut Option<Option<T>>);

impl<'de, T: Object> DeserializeSeed<'de> for OptionSlot<'_, T> {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, T: Object> Visitor<'de> for OptionSlot<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = Some(None);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::read_into(d, self.0.insert(None))
    }
}

/// A list of objects, read as `Vec<T>` reads it, each element into a slot.
struct List<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for List<T> {
    type Value = Vec<T>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Object> Visitor<'de> for List<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // As serde's own `Vec` impl: trust a size hint up to 1 MiB.
        let cap = (1 << 20) / std::mem::size_of::<T>().max(1);
        let hint = seq.size_hint().unwrap_or(0).min(cap);
        // Without a hint (serde_json gives none), `push` would allocate room for 4 objects of
        // hundreds of bytes at the first one, and most lists in objects are shorter (one tariff
        // element, a few EVSEs): the first elements are read into slots here, and the list is
        // allocated once, at its length.
        let mut first: [Option<T>; SHORT_LIST] = [None, None, None, None];
        let mut n = 0;
        let mut slot = None;
        if hint == 0 {
            while n < SHORT_LIST && seq.next_element_seed(Slot(&mut first[n]))?.is_some() {
                n += 1;
            }
            if n < SHORT_LIST || seq.next_element_seed(Slot(&mut slot))?.is_none() {
                let mut out = Vec::with_capacity(n);
                out.extend(first[..n].iter_mut().filter_map(Option::take));
                return Ok(out);
            }
        }
        let mut out = Vec::with_capacity(hint.max(2 * n));
        out.extend(first[..n].iter_mut().filter_map(Option::take));
        out.extend(slot.take());
        while seq.next_element_seed(Slot(&mut slot))?.is_some() {
            out.extend(slot.take());
        }
        Ok(out)
    }
}

/// How many elements of a list of objects are read before the list is allocated.
const SHORT_LIST: usize = 4;

/// An optional list of objects.
struct OptionList<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for OptionList<T> {
    type Value = Option<Vec<T>>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Vec<T>>, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, T: Object> Visitor<'de> for OptionList<T> {
    type Value = Option<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Vec<T>>, D::Error> {
        List(PhantomData).deserialize(d).map(Some)
    }
}

/// A list of one or more objects (cardinality `+`).
struct NonEmptyList<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for NonEmptyList<T> {
    type Value = Vec<T>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        let list = List(PhantomData).deserialize(d)?;
        if list.is_empty() {
            return Err(de::Error::invalid_length(0, &"at least one element"));
        }
        Ok(list)
    }
}

/// Fields of an object that this crate does not know, kept as verbatim JSON in arrival order.
///
/// They are written back after the known fields, so a peer's extensions survive a round trip.
///
/// Reading them takes time linear in their number (a duplicate name is found through a hash
/// index once an object has more than a few), and they are stored compactly: every name and
/// value in one buffer, with two offsets per field, so that an object made of unknown fields
/// holds a small multiple of its JSON (DESIGN principle 9).
///
/// Spec: 2.2.1 transport_and_format.asciidoc (objects may carry fields of custom modules and newer versions; DESIGN principle 2, lossless)
// Every object holds one and most hold none: a thin, nullable pointer keeps it at 8 bytes.
#[derive(Clone, Default, PartialEq)]
pub struct UnknownFields(Option<Box<FieldTable>>);

/// The fields of an [`UnknownFields`]: field `i`'s name is `text[ends[i - 1].1..ends[i].0]`
/// (from 0 for the first) and its verbatim JSON `text[ends[i].0..ends[i].1]`.
///
/// Equal tables hold the same fields in the same order, and the same fields in the same order
/// always make equal tables: their equality is the fields' equality.
///
/// While its object is read, a table with [`SCAN_BELOW`] fields or more also has an index of
/// their names, dropped when the reading ends ([`UnknownFieldsReader::finish`]).
#[derive(Default)]
struct FieldTable {
    text: String,
    ends: Vec<(u32, u32)>,
    index: Option<NameIndex>,
}

impl Clone for FieldTable {
    fn clone(&self) -> Self {
        FieldTable {
            text: self.text.clone(),
            ends: self.ends.clone(),
            index: None,
        }
    }
}

impl PartialEq for FieldTable {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.ends == other.ends
    }
}

impl FieldTable {
    #[inline(never)]
    fn write_members(&self, out: &mut Vec<u8>) {
        for i in 0..self.ends.len() {
            out.push(b',');
            crate::codec::writer::write_str(out, self.name(i));
            out.push(b':');
            out.extend_from_slice(self.value(i).as_bytes());
        }
    }
}

impl FieldTable {
    #[inline]
    fn start(&self, i: usize) -> usize {
        match i {
            0 => 0,
            _ => self.ends[i - 1].1 as usize,
        }
    }

    #[inline]
    fn name(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.ends[i].0 as usize]
    }

    #[inline]
    fn value(&self, i: usize) -> &str {
        &self.text[self.ends[i].0 as usize..self.ends[i].1 as usize]
    }

    /// Appends a field (the caller has checked that the name is new). `None` when the text
    /// would outgrow the offsets (4 GiB).
    fn push(&mut self, name: &str, value: &str) -> Option<()> {
        let name_end = u32::try_from(self.text.len() + name.len()).ok()?;
        let value_end = u32::try_from(name_end as usize + value.len()).ok()?;
        self.text.push_str(name);
        self.text.push_str(value);
        self.ends.push((name_end, value_end));
        Some(())
    }
}

/// A verbatim JSON value kept by [`UnknownFields`], as the `RawValue` it was read as. The text
/// was checked to be one JSON value when it was stored, so this never fails; it reads the
/// value once, without allocating.
fn raw(value: &str) -> Option<&RawValue> {
    serde_json::from_str::<&RawValue>(value).ok()
}

impl UnknownFields {
    #[inline]
    fn table(&self) -> Option<&FieldTable> {
        self.0.as_deref()
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.table().map_or(0, |t| t.ends.len())
    }

    /// The names and verbatim JSON texts, in order.
    fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.table()
            .into_iter()
            .flat_map(|t| (0..t.ends.len()).map(move |i| (t.name(i), t.value(i))))
    }

    /// The verbatim JSON of the field `name`.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.texts()
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| raw(v))
    }

    /// The fields as (name, verbatim JSON) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.texts().filter_map(|(k, v)| Some((k, raw(v)?)))
    }

    /// Sets `name` to a verbatim JSON value, replacing an earlier value of the same name.
    #[allow(clippy::boxed_local)] // the type of verbatim JSON throughout the API
    pub fn insert(&mut self, name: &str, value: Box<RawValue>) {
        let mut one = UnknownFields::default();
        one.push_new(name, value.get());
        self.merge(one);
    }

    /// Appends a field whose name is known to be new. A table beyond 4 GiB of text cannot be
    /// read from a document in the first place; such a field is left out.
    fn push_new(&mut self, name: &str, value: &str) {
        let _ = self.0.get_or_insert_with(Box::default).push(name, value);
    }

    /// Keeps the fields for which `keep(name, value)` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &RawValue) -> bool) {
        let mut out = UnknownFields::default();
        for (k, v) in self.texts() {
            if raw(v).is_some_and(|r| keep(k, r)) {
                out.push_new(k, v);
            }
        }
        *self = out;
    }

    /// Writes the fields into a map being serialized.
    #[doc(hidden)]
    #[inline]
    pub fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if self.is_empty() {
            return Ok(());
        }
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// Writes the fields as members of an object being written (see [`crate::codec::WriteJson`]).
    /// The check for none is inlined into every object's writer; the writing is not.
    #[inline(always)]
    pub(crate) fn write_members(&self, out: &mut Vec<u8>) {
        if let Some(t) = self.table() {
            t.write_members(out);
        }
    }

    /// Takes over the fields of `other` (a patch's unknown fields onto the patched object): a
    /// field of `other` replaces the field of the same name, in its place; the others follow,
    /// in their order. Linear in the number of fields of both.
    pub fn merge(&mut self, other: UnknownFields) {
        let Some(new) = other.0 else { return };
        let Some(old) = self.0.take() else {
            self.0 = Some(new);
            return;
        };
        let mut index = NameIndex::new();
        for i in 0..new.ends.len() {
            index.insert(&new, i);
        }
        let mut taken = vec![false; new.ends.len()];
        let mut out = UnknownFields::default();
        for i in 0..old.ends.len() {
            let name = old.name(i);
            match index.find(&new, name) {
                Some(j) => {
                    taken[j] = true;
                    out.push_new(name, new.value(j));
                }
                None => out.push_new(name, old.value(i)),
            }
        }
        for (j, _) in taken.iter().enumerate().filter(|(_, t)| !**t) {
            out.push_new(new.name(j), new.value(j));
        }
        *self = out;
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.texts()).finish()
    }
}

/// Below this many fields, a new name is compared with each earlier one; from it on, they are
/// found through a [`NameIndex`]. Objects carry none or a few unknown fields: for them the
/// scan is the cheapest.
const SCAN_BELOW: usize = 8;

/// The unknown fields of an object being read, refusing a name seen twice in time linear in
/// their number: a short scan for a few, a hash index beyond.
///
/// One nullable pointer, the fields themselves: the common object, with no unknown field,
/// allocates nothing, and its reading ends with nothing to drop or move.
#[doc(hidden)]
#[derive(Default)]
pub struct UnknownFieldsReader(UnknownFields);

impl UnknownFieldsReader {
    /// Whether `name` was read already in this object.
    fn seen(&mut self, name: &str) -> bool {
        let Some(table) = (self.0).0.as_deref_mut() else {
            return false;
        };
        let n = table.ends.len();
        if n < SCAN_BELOW {
            return (0..n).any(|i| same_name(table.name(i), name));
        }
        let mut index = table.index.take().unwrap_or_else(NameIndex::new);
        // Catch up with the fields pushed since the last name was looked up (all of them at
        // the threshold, one after).
        for i in index.len..n {
            index.insert(table, i);
        }
        let found = index.find(table, name).is_some();
        table.index = Some(index);
        found
    }

    /// Stores a field whose name was checked to be new.
    fn push<E: de::Error>(&mut self, name: &str, value: &str) -> Result<(), E> {
        match (self.0)
            .0
            .get_or_insert_with(Box::default)
            .push(name, value)
        {
            Some(()) => Ok(()),
            None => Err(E::custom("unknown fields exceed 4 GiB")),
        }
    }

    /// Reads the value of an unknown key from `map`; a key seen twice is an error.
    pub fn read<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if self.seen(name) {
            return Err(duplicate(map, name));
        }
        let value = map.next_value_seed(BoundedRaw(name))?;
        self.push(name, value.get())
    }

    /// Reads the value of an unknown key for the fast reader (`codec::reader`); a key seen twice makes
    /// the reader give up.
    pub fn read_json(
        &mut self,
        name: &str,
        r: &mut crate::codec::reader::Reader<'_>,
    ) -> crate::codec::reader::Read<()> {
        if self.seen(name) {
            return Err(crate::codec::reader::Fallback);
        }
        let value = r.unknown_value()?;
        self.push::<serde_json::Error>(name, value)
            .map_err(|_| crate::codec::reader::Fallback)
    }

    /// The fields read, without the index.
    #[inline(always)]
    pub fn finish(self) -> UnknownFields {
        let mut fields = self.0;
        if let Some(table) = fields.0.as_deref_mut() {
            if table.index.is_some() {
                drop_index(table);
            }
        }
        fields
    }
}

/// [`UnknownFieldsReader::finish`] of an object with many unknown fields: the table alone,
/// with no room left over.
#[cold]
#[inline(never)]
fn drop_index(table: &mut FieldTable) {
    table.index = None;
    table.text.shrink_to_fit();
    table.ends.shrink_to_fit();
}

#[cfg(test)]
thread_local! {
    /// Name comparisons made while checking for duplicates (tests only).
    static NAME_COMPARISONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether two field names are the same; counted in tests.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    #[cfg(test)]
    NAME_COMPARISONS.with(|c| c.set(c.get() + 1));
    a == b
}

/// An open-addressing hash set of field indices of a [`FieldTable`], keyed by name, with a
/// hasher seeded per index (a peer cannot choose names that collide).
struct NameIndex {
    /// `u32::MAX` for an empty slot; a power of two long, at most half full.
    slots: Vec<u32>,
    /// How many fields are in it.
    len: usize,
    hasher: std::collections::hash_map::RandomState,
}

impl NameIndex {
    fn new() -> Self {
        NameIndex {
            slots: Vec::new(),
            len: 0,
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    fn hash(&self, name: &str) -> usize {
        use std::hash::BuildHasher;
        self.hasher.hash_one(name) as usize
    }

    /// Adds field `i` of `table` (whose name is not in the index yet).
    fn insert(&mut self, table: &FieldTable, i: usize) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = ((self.len + 1) * 2).next_power_of_two().max(32);
            self.slots = vec![u32::MAX; size];
            for j in 0..self.len {
                self.place(table, j);
            }
        }
        self.place(table, i);
        self.len += 1;
    }

    fn place(&mut self, table: &FieldTable, i: usize) {
        let mask = self.slots.len() - 1;
        let mut at = self.hash(table.name(i)) & mask;
        while self.slots[at] != u32::MAX {
            at = (at + 1) & mask;
        }
        // Field counts fit: the table's offsets are `u32`, and every field takes a byte.
        self.slots[at] = i as u32;
    }

    /// The index of the field named `name`.
    fn find(&self, table: &FieldTable, name: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.hash(name) & mask;
        loop {
            let i = self.slots[at];
            if i == u32::MAX {
                return None;
            }
            if same_name(table.name(i as usize), name) {
                return Some(i as usize);
            }
            at = (at + 1) & mask;
        }
    }
}

/// One field of a PATCH body: absent, explicitly `null`, or a value.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §PATCH ("Any fields (both required or optional)
/// that are left out remain unchanged").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PatchField<T> {
    /// Not in the body: leave the field unchanged.
    #[default]
    Absent,
    /// `null` in the body: clear the field.
    Null,
    /// A new value.
    Value(T),
}

impl<T> PatchField<T> {
    /// Whether the field was absent from the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, PatchField::Absent)
    }

    /// The new value, if one was given.
    pub fn value(&self) -> Option<&T> {
        match self {
            PatchField::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Applies this change to an optional field.
    pub fn apply(self, target: &mut Option<T>) {
        match self {
            PatchField::Absent => {}
            PatchField::Null => *target = None,
            PatchField::Value(v) => *target = Some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PatchField<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            None => PatchField::Null,
            Some(v) => PatchField::Value(v),
        })
    }
}

impl<T: Serialize> Serialize for PatchField<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PatchField::Value(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

/// `null` for [`PatchField::Null`]; an absent field is left out by the object that holds it.
impl<T: crate::codec::WriteJson> crate::codec::WriteJson for PatchField<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            PatchField::Value(v) => v.write_json(out),
            _ => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: super::Conformance> super::Conformance for PatchField<T> {
    fn check(&self, path: &mut super::JsonPath, out: &mut Vec<super::Warning>) {
        if let PatchField::Value(v) = self {
            v.check(path, out)
        }
    }
}

/// Defines an OCPI object (see the module documentation).
///
/// ```text
/// ocpi_object! {
///     /// Docs. Spec: …
///     pub struct Name {
///         /// Field docs.
///         req id: CiString<36>,             // required (cardinality 1)
///         plus items: Vec<Item>,            // required, one or more (cardinality +)
///         opt name: OcpiString<255>,        // optional (? or *): Option<T>
///         lax power_type: PowerType,        // required by the table, omitted by official
///                                           // examples: Option<T>, a Warning when missing;
///                                           // `new(…)` takes it, as every required field
///         req r#type = "type": TokenType,   // JSON name differs from the Rust name
///     }
///     patch NamePatch;                      // optional: the PATCH form
/// }
/// ```
///
/// In a patch form, `req`, `plus` and `lax` fields are `Option<T>` (null refused: the table
/// requires them) and `opt` fields are [`PatchField<T>`]. The kind `append` is `opt` whose patch appends to the list instead of
/// replacing it (Session `charging_periods`).
macro_rules! ocpi_object {
    // ---- internal: field type, slot, finish, serialize, check, patch per kind ----
    (@ty req $t:ty) => { $t };
    (@ty plus $t:ty) => { $t };
    (@ty $k:ident $t:ty) => { Option<$t> };

    (@patch_ty req $t:ty) => { Option<$t> };
    (@patch_ty plus $t:ty) => { Option<$t> };
    (@patch_ty lax $t:ty) => { Option<$t> };
    (@patch_ty append $t:ty) => { Option<$t> };
    (@patch_ty $k:ident $t:ty) => { $crate::types::PatchField<$t> };

    (@kind_doc req) => { "" };
    (@kind_doc plus) => { "\n\nOne or more elements: an empty list is refused when reading." };
    (@kind_doc opt) => { "" };
    (@kind_doc append) => { "" };
    (@kind_doc lax) => {
        "\n\nRequired by the spec's object table, but official examples omit it: a missing \
         value is accepted as `None` and reported as a [`Warning`](crate::types::Warning)."
    };

    (@name $f:ident $j:literal) => { $j };
    (@name $f:ident) => { stringify!($f) };

    (@finish req $v:ident $name:expr) => {
        match $v {
            Some(v) => v,
            None => return Err(::serde::de::Error::missing_field($name)),
        }
    };
    (@finish plus $v:ident $name:expr) => { $crate::types::ocpi_object!(@finish req $v $name) };
    (@finish $k:ident $v:ident $name:expr) => { $v.flatten() };

    (@read req $map:ident $t:ty, $slot:expr) => {
        (&$crate::types::object::Reader::<$t>::NEW).read(&mut $map, &mut $slot)?
    };
    (@read plus $map:ident $t:ty, $slot:expr) => {
        (&$crate::types::object::Reader::<$t>::NEW).read_plus(&mut $map, &mut $slot)?
    };
    (@read $k:ident $map:ident $t:ty, $slot:expr) => {
        (&$crate::types::object::Reader::<$t>::NEW).read_opt(&mut $map, &mut $slot)?
    };

    (@next req $map:ident $t:ty) => { $map.next_value::<$t>()? };
    (@next plus $map:ident $t:ty) => { $map.next_value::<$crate::types::object::NonEmpty<$t>>()?.0 };
    (@next $k:ident $map:ident $t:ty) => { $map.next_value::<Option<$t>>()? };

    (@ser req $m:ident $name:expr, $v:expr) => {
        ::serde::ser::SerializeMap::serialize_entry(&mut $m, $name, $v)?;
    };
    (@ser plus $m:ident $name:expr, $v:expr) => {
        $crate::types::ocpi_object!(@ser req $m $name, $v)
    };
    (@ser $k:ident $m:ident $name:expr, $v:expr) => {
        if let Some(v) = $v {
            ::serde::ser::SerializeMap::serialize_entry(&mut $m, $name, v)?;
        }
    };

    (@write req $out:ident $key:expr, $v:expr) => {
        $crate::codec::writer::member($out, $key, $v);
    };
    (@write plus $out:ident $key:expr, $v:expr) => {
        $crate::codec::writer::member($out, $key, $v);
    };
    (@write $k:ident $out:ident $key:expr, $v:expr) => {
        if let Some(v) = $v {
            $crate::codec::writer::member($out, $key, v);
        }
    };
    (@patch_write opt $out:ident $key:expr, $v:expr) => {
        if !$v.is_absent() {
            $crate::codec::writer::member($out, $key, $v);
        }
    };
    (@patch_write $k:ident $out:ident $key:expr, $v:expr) => {
        if let Some(v) = $v {
            $crate::codec::writer::member($out, $key, v);
        }
    };
    (@key $field:ident $($json:literal)?) => {
        concat!(",\"", $crate::types::ocpi_object!(@name $field $($json)?), "\":")
    };

    (@read_json req $r:ident $t:ty, $slot:ident) => {
        <$t as $crate::types::Conformance>::read_json_into($r, &mut $slot)?
    };
    (@read_json plus $r:ident $t:ty, $slot:ident) => {
        if $slot.insert(<$t as $crate::types::Conformance>::read_json($r)?).is_empty() {
            return Err($crate::codec::reader::Fallback);
        }
    };
    (@read_json $k:ident $r:ident $t:ty, $slot:ident) => {
        $slot.0 = true;
        if !$r.null() {
            <$t as $crate::types::Conformance>::read_json_into($r, &mut $slot.1)?
        }
    };

    (@finish_json req $r:ident $v:ident) => {
        match $v {
            Some(v) => v,
            None => return Err($crate::codec::reader::Fallback),
        }
    };
    (@finish_json plus $r:ident $v:ident) => { $crate::types::ocpi_object!(@finish_json req $r $v) };
    (@finish_json lax $r:ident $v:ident) => {{
        if $v.1.is_none() {
            $r.lax_missing();
        }
        $v.1
    }};
    (@finish_json $k:ident $r:ident $v:ident) => { $v.1 };

    // The fast read's slot of a field: the value of a required one, once read; whether an
    // optional one was seen (a second time is a duplicate) beside its value. Separate, so
    // the value moves into the object without being unwrapped from a nested `Option`.
    (@json_slot req $t:ty) => { Option<$t> };
    (@json_slot plus $t:ty) => { Option<$t> };
    (@json_slot $k:ident $t:ty) => { (bool, Option<$t>) };
    (@json_slot_empty req) => { None };
    (@json_slot_empty plus) => { None };
    (@json_slot_empty $k:ident) => { (false, None) };
    (@json_seen req $v:ident) => { $v.is_some() };
    (@json_seen plus $v:ident) => { $v.is_some() };
    (@json_seen $k:ident $v:ident) => { $v.0 };

    (@check req $v:expr, $path:ident, $out:ident) => {
        $crate::types::Conformance::check($v, $path, $out)
    };
    (@check plus $v:expr, $path:ident, $out:ident) => {
        $crate::types::Conformance::check($v, $path, $out)
    };
    (@check lax $v:expr, $path:ident, $out:ident) => {
        match $v {
            Some(v) => $crate::types::Conformance::check(v, $path, $out),
            None => $crate::types::push_warning($out, || $crate::types::Warning::missing_required($path)),
        }
    };
    (@check $k:ident $v:expr, $path:ident, $out:ident) => {
        if let Some(v) = $v {
            $crate::types::Conformance::check(v, $path, $out)
        }
    };

    (@patch_next req $map:ident $t:ty) => { $map.next_value::<$t>()? };
    (@patch_next append $map:ident $t:ty) => { $map.next_value::<$t>()? };
    (@patch_next lax $map:ident $t:ty) => { $map.next_value::<$t>()? };
    (@patch_next plus $map:ident $t:ty) => { $crate::types::ocpi_object!(@next plus $map $t) };
    (@patch_next $k:ident $map:ident $t:ty) => { $map.next_value::<$crate::types::PatchField<$t>>()? };


    (@patch_set req $slot:expr, $v:expr) => { $slot = Some($v) };
    (@patch_set plus $slot:expr, $v:expr) => { $slot = Some($v) };
    (@patch_set lax $slot:expr, $v:expr) => { $slot = Some($v) };
    (@patch_set append $slot:expr, $v:expr) => { $slot = Some($v) };
    (@patch_set $k:ident $slot:expr, $v:expr) => { $slot = $v };

    (@patch_is_set req $slot:expr) => { $slot.is_some() };
    (@patch_is_set plus $slot:expr) => { $slot.is_some() };
    (@patch_is_set lax $slot:expr) => { $slot.is_some() };
    (@patch_is_set append $slot:expr) => { $slot.is_some() };
    (@patch_is_set $k:ident $slot:expr) => { !$slot.is_absent() };

    (@patch_ser req $m:ident $name:expr, $v:expr) => {
        if let Some(v) = $v {
            ::serde::ser::SerializeMap::serialize_entry(&mut $m, $name, v)?;
        }
    };
    (@patch_ser lax $m:ident $name:expr, $v:expr) => {
        $crate::types::ocpi_object!(@patch_ser req $m $name, $v)
    };
    (@patch_ser plus $m:ident $name:expr, $v:expr) => {
        $crate::types::ocpi_object!(@patch_ser req $m $name, $v)
    };
    (@patch_ser append $m:ident $name:expr, $v:expr) => {
        if let Some(v) = $v {
            ::serde::ser::SerializeMap::serialize_entry(&mut $m, $name, v)?;
        }
    };
    (@patch_ser $k:ident $m:ident $name:expr, $v:expr) => {
        if !$v.is_absent() {
            ::serde::ser::SerializeMap::serialize_entry(&mut $m, $name, $v)?;
        }
    };

    (@apply req $target:expr, $v:expr) => { if let Some(v) = $v { $target = v; } };
    (@apply plus $target:expr, $v:expr) => { if let Some(v) = $v { $target = v; } };
    (@apply lax $target:expr, $v:expr) => { if let Some(v) = $v { $target = Some(v); } };
    (@apply append $target:expr, $v:expr) => {
        if let Some(v) = $v {
            match &mut $target {
                Some(existing) => existing.extend(v),
                None => $target = Some(v),
            }
        }
    };
    (@apply $k:ident $target:expr, $v:expr) => { $v.apply(&mut $target) };

    // ---- internal: JSON Schema per kind (strict view: `lax` fields are required) ----
    (@schema req $g:ident $t:ty) => { $g.subschema_for::<$t>() };
    (@schema lax $g:ident $t:ty) => { $g.subschema_for::<$t>() };
    (@schema plus $g:ident $t:ty) => { $crate::types::schema::non_empty::<$t>($g) };
    (@schema $k:ident $g:ident $t:ty) => { $crate::types::schema::nullable::<$t>($g) };

    (@schema_required req) => { true };
    (@schema_required lax) => { true };
    (@schema_required plus) => { true };
    (@schema_required $k:ident) => { false };

    (@patch_schema opt $g:ident $t:ty) => { $g.subschema_for::<$crate::types::PatchField<$t>>() };
    (@patch_schema plus $g:ident $t:ty) => { $crate::types::schema::non_empty::<$t>($g) };
    (@patch_schema $k:ident $g:ident $t:ty) => { $g.subschema_for::<$t>() };

    (@schema_impl $name:ident, $description:expr, |$g:ident, $o:ident| $body:block) => {
        $crate::types::ocpi_object!(@json_schema_impl $name, |$g| {
            let mut $o = $crate::types::schema::ObjectSchema::new($description);
            $body
            $o.build()
        });
    };

    // The JSON Schema of a type declared by `ocpi_object!` or `ocpi_enum!`: named after the
    // type, identified by its module path.
    (@json_schema_impl $name:ident, |$g:ident| $body:block) => {
        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $crate::types::schema::name(stringify!($name))
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                $crate::types::schema::name(concat!(module_path!(), "::", stringify!($name)))
            }
            fn json_schema($g: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $body
            }
        }
    };

    // ---- internal: the body of the fast read (`Conformance::read_json`): the object's value ----
    (@read_body $name:ident $r:ident $( [$kind:ident $field:ident ($($json:literal)?) $ty:ty] )*) => {{
        $(
            let mut $field: $crate::types::ocpi_object!(@json_slot $kind $ty) =
                $crate::types::ocpi_object!(@json_slot_empty $kind);
        )*
        let mut unknown_fields = $crate::types::object::UnknownFieldsReader::default();
        if $r.open_object()? {
            loop {
                let k = $r.key()?;
                'known: {
                    $(
                        if k == $crate::types::ocpi_object!(@name $field $($json)?).as_bytes() {
                            if $crate::types::ocpi_object!(@json_seen $kind $field) {
                                return Err($crate::codec::reader::Fallback);
                            }
                            $crate::types::ocpi_object!(@read_json $kind $r $ty, $field);
                            break 'known;
                        }
                    )*
                    unknown_fields.read_json($crate::codec::reader::unknown_name(k)?, $r)?;
                }
                if !$r.next_member()? {
                    break;
                }
            }
        }
        $name {
            $( $field: $crate::types::ocpi_object!(@finish_json $kind $r $field), )*
            unknown_fields: unknown_fields.finish(),
        }
    }};

    // ---- internal: the constructor, built by munching the fields ----
    (@ctor $name:ident {} { $($inits:tt)* }) => {
        impl $name {
            #[doc = concat!("A [`", stringify!($name), "`] with every field `None`.")]
            pub fn new() -> Self {
                Self { $($inits)* unknown_fields: $crate::types::UnknownFields::default() }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    (@ctor $name:ident { $($params:tt)* } { $($inits:tt)* }) => {
        impl $name {
            #[doc = concat!("A [`", stringify!($name), "`] with its required fields; every optional field is `None`.")]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($params)*) -> Self {
                Self { $($inits)* unknown_fields: $crate::types::UnknownFields::default() }
            }
        }
    };
    (@ctor $name:ident { $($params:tt)* } { $($inits:tt)* } [req $f:ident $t:ty] $($rest:tt)*) => {
        $crate::types::ocpi_object!(@ctor $name { $($params)* $f: $t, } { $($inits)* $f, } $($rest)*);
    };
    (@ctor $name:ident { $($params:tt)* } { $($inits:tt)* } [lax $f:ident $t:ty] $($rest:tt)*) => {
        $crate::types::ocpi_object!(@ctor $name { $($params)* $f: $t, } { $($inits)* $f: Some($f), } $($rest)*);
    };
    (@ctor $name:ident { $($params:tt)* } { $($inits:tt)* } [plus $f:ident $t:ty] $($rest:tt)*) => {
        $crate::types::ocpi_object!(@ctor $name { $($params)* $f: $t, } { $($inits)* $f, } $($rest)*);
    };
    (@ctor $name:ident { $($params:tt)* } { $($inits:tt)* } [$k:ident $f:ident $t:ty] $($rest:tt)*) => {
        $crate::types::ocpi_object!(@ctor $name { $($params)* } { $($inits)* $f: None, } $($rest)*);
    };

    // ---- internal: what the full object and its PATCH form share; `full` or `patch`, or the
    // name of a per-kind rule above, picks what differs ----
    (@seen full $k:ident $slot:expr) => { $slot.is_some() };
    (@seen patch $k:ident $slot:expr) => { $crate::types::ocpi_object!(@patch_is_set $k $slot) };
    (@take full $k:ident $map:ident $t:ty, $slot:expr) => {
        $crate::types::ocpi_object!(@read $k $map $t, $slot)
    };
    (@take patch $k:ident $map:ident $t:ty, $slot:expr) => {
        $crate::types::ocpi_object!(@patch_set $k $slot, $crate::types::ocpi_object!(@patch_next $k $map $t))
    };
    (@patch_check $k:ident $v:expr, $path:ident, $out:ident) => {
        $crate::types::Conformance::check($v, $path, $out)
    };
    (@patch_schema_required $k:ident) => { false };

    // The members of a map read by serde into each field's slot: a field seen twice is
    // refused; the unknown fields are read aside and returned.
    (@visit $form:ident $map:ident $( [$kind:ident $field:ident ($($json:literal)?) $ty:ty; $slot:expr] )*) => {{
        let mut unknown_fields = $crate::types::object::UnknownFieldsReader::default();
        while let Some(key) = $map.next_key::<$crate::types::object::FieldKey<'_>>()? {
            let k = key.as_bytes();
            $(
                if k == $crate::types::ocpi_object!(@name $field $($json)?).as_bytes() {
                    if $crate::types::ocpi_object!(@seen $form $kind $slot) {
                        return Err($crate::types::object::duplicate(&mut $map,
                            $crate::types::ocpi_object!(@name $field $($json)?)));
                    }
                    $crate::types::ocpi_object!(@take $form $kind $map $ty, $slot);
                    continue;
                }
            )*
            unknown_fields.read(key.to_str()?, &mut $map)?;
        }
        unknown_fields.finish()
    }};

    (@fields_impl $t:ident $( [$field:ident ($($json:literal)?)] )*) => {
        impl $crate::types::object::Fields for $t {
            const FIELDS: &'static [&'static str] =
                &[$($crate::types::ocpi_object!(@name $field $($json)?)),*];
        }
    };

    // `Serialize` and `WriteJson`, each field written by the rule `$ser` or `$write`.
    (@write_impls $t:ident $ser:ident $write:ident $( [$kind:ident $field:ident ($($json:literal)?)] )*) => {
        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                $( $crate::types::ocpi_object!(@$ser $kind m
                    $crate::types::ocpi_object!(@name $field $($json)?), &self.$field); )*
                self.unknown_fields.write(&mut m)?;
                ::serde::ser::SerializeMap::end(m)
            }
        }

        impl $crate::codec::WriteJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) {
                let opened = $crate::codec::writer::open(out);
                $( $crate::types::ocpi_object!(@$write $kind out
                    $crate::types::ocpi_object!(@key $field $($json)?), &self.$field); )*
                self.unknown_fields.write_members(out);
                $crate::codec::writer::close(out, opened, *b"{}");
            }
        }
    };

    // `Conformance::check`, each field checked by the rule `$check`.
    (@check_fn $check:ident $( [$kind:ident $field:ident ($($json:literal)?)] )*) => {
        fn check(&self, path: &mut $crate::types::JsonPath, out: &mut Vec<$crate::types::Warning>) {
            $(
                path.push_field($crate::types::ocpi_object!(@name $field $($json)?));
                $crate::types::ocpi_object!(@$check $kind &self.$field, path, out);
                path.pop();
            )*
        }
    };

    // The JSON Schema: each field's schema by the rule `$schema`, whether it is required by
    // the rule `$required`.
    (@schema_props $t:ident, $description:expr, $schema:ident, $required:ident,
        $( [$kind:ident $field:ident ($($json:literal)?) $ty:ty; $($fdoc:literal)*] )*
    ) => {
        $crate::types::ocpi_object!(@schema_impl $t, $description, |g, o| {
            $(
                o.property(
                    $crate::types::ocpi_object!(@name $field $($json)?),
                    $crate::types::ocpi_object!(@$schema $kind g $ty),
                    $crate::types::ocpi_object!(@$required $kind),
                    concat!($($fdoc, "\n"),*),
                );
            )*
        });
    };

    // ---- internal: the PATCH form ----
    (@patch $name:ident [] $($fields:tt)*) => {};
    (@patch $name:ident [$patch:ident]
        $( [$kind:ident $field:ident ($($json:literal)?) $ty:ty; $($fdoc:literal)*] )*
    ) => {
        #[doc = concat!("The partial form of [`", stringify!($name), "`] sent in a PATCH request.")]
        #[doc = ""]
        #[doc = "Only the fields present in the body are set; an optional field sent as `null` is"]
        #[doc = "[`PatchField::Null`](crate::types::PatchField::Null) and clears the field. A required"]
        #[doc = "field sent as `null` is refused when parsing."]
        #[doc = ""]
        #[doc = concat!("Spec: transport_and_format §PATCH of the version of `", module_path!(), "`")]
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $patch {
            $(
                $(#[doc = $fdoc])*
                pub $field: $crate::types::ocpi_object!(@patch_ty $kind $ty),
            )*
            /// Fields this crate does not know; applied onto the object's unknown fields.
            pub unknown_fields: $crate::types::UnknownFields,
        }

        $crate::types::ocpi_object!(@fields_impl $patch $( [$field ($($json)?)] )*);

        impl $patch {
            #[doc = concat!("Applies this change to a full [`", stringify!($name), "`].")]
            pub fn apply_to(self, target: &mut $name) {
                $( $crate::types::ocpi_object!(@apply $kind target.$field, self.$field); )*
                target.unknown_fields.merge(self.unknown_fields);
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $patch {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $patch;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a partial ", stringify!($name), " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$patch, A::Error> {
                        let mut out = $patch::default();
                        out.unknown_fields = $crate::types::ocpi_object!(@visit patch map
                            $( [$kind $field ($($json)?) $ty; out.$field] )*);
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }

        $crate::types::ocpi_object!(@write_impls $patch patch_ser patch_write
            $( [$kind $field ($($json)?)] )*);

        impl $crate::types::Conformance for $patch {
            $crate::types::ocpi_object!(@check_fn patch_check $( [$kind $field ($($json)?)] )*);
        }

        $crate::types::ocpi_object!(@schema_props $patch,
            concat!("A partial ", stringify!($name), " sent in a PATCH request: every field is optional; `null` clears an optional field."),
            patch_schema, patch_schema_required,
            $( [$kind $field ($($json)?) $ty; $($fdoc)*] )*);
    };

    // ---- the entry point ----
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $kind:ident $field:ident $(= $json:literal)? : $ty:ty
            ),* $(,)?
        }
        $(patch $patch:ident;)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis struct $name {
            $(
                $(#[doc = $fdoc])*
                #[doc = $crate::types::ocpi_object!(@kind_doc $kind)]
                pub $field: $crate::types::ocpi_object!(@ty $kind $ty),
            )*
            /// Fields this crate does not know, kept verbatim and written back.
            pub unknown_fields: $crate::types::UnknownFields,
        }

        $crate::types::ocpi_object!(@ctor $name {} {} $([$kind $field $ty])*);
        $crate::types::ocpi_object!(@patch $name [$($patch)?] $( [$kind $field ($($json)?) $ty; $($fdoc)*] )*);

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut slot = None;
                <$name as $crate::types::object::Object>::read_into(d, &mut slot)?;
                slot.ok_or_else(|| ::serde::de::Error::custom(concat!("no ", stringify!($name), " was read")))
            }
        }

        $crate::types::ocpi_object!(@fields_impl $name $( [$field ($($json)?)] )*);

        impl $crate::types::object::Object for $name {
            fn read_into<'de, D: ::serde::Deserializer<'de>>(
                d: D,
                slot: &mut Option<Self>,
            ) -> Result<(), D::Error> {
                struct V<'a>(&'a mut Option<$name>);
                impl<'de> ::serde::de::Visitor<'de> for V<'_> {
                    type Value = ();
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("an OCPI ", stringify!($name), " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                        #[allow(unused_imports)]
                        use $crate::types::object::{ReadObject as _, ReadValue as _};
                        $( let mut $field: Option<$crate::types::ocpi_object!(@ty $kind $ty)> = None; )*
                        let unknown_fields = $crate::types::ocpi_object!(@visit full map
                            $( [$kind $field ($($json)?) $ty; $field] )*);
                        *self.0 = Some($name {
                            $( $field: $crate::types::ocpi_object!(@finish $kind $field
                                $crate::types::ocpi_object!(@name $field $($json)?)), )*
                            unknown_fields,
                        });
                        Ok(())
                    }
                }
                d.deserialize_map(V(slot))
            }
        }

        $crate::types::ocpi_object!(@write_impls $name ser write $( [$kind $field ($($json)?)] )*);

        impl $crate::types::Conformance for $name {
            $crate::types::ocpi_object!(@check_fn check $( [$kind $field ($($json)?)] )*);

            // Two copies of one body: by value, for list elements (built where the list's
            // reading takes them from), and into a slot, for fields (built in the field's slot).
            fn read_json(r: &mut $crate::codec::reader::Reader<'_>) -> $crate::codec::reader::Read<Self> {
                Ok($crate::types::ocpi_object!(@read_body $name r
                    $( [$kind $field ($($json)?) $ty] )*))
            }

            fn read_json_into(
                r: &mut $crate::codec::reader::Reader<'_>,
                slot: &mut Option<Self>,
            ) -> $crate::codec::reader::Read<()> {
                *slot = Some($crate::types::ocpi_object!(@read_body $name r
                    $( [$kind $field ($($json)?) $ty] )*));
                Ok(())
            }
        }

        $crate::types::ocpi_object!(@schema_props $name, concat!($($doc, "\n"),*), schema, schema_required,
            $( [$kind $field ($($json)?) $ty; $($fdoc)*] )*);
    };
}
pub(crate) use ocpi_object;

#[cfg(test)]
mod tests {
    use super::*;

    /// A key that is not text is refused as such; a key read as bytes is kept unless it
    /// holds a control character (a space is none).
    #[test]
    fn keys() {
        use serde::de::{value::Error, IntoDeserializer};
        let number = || IntoDeserializer::<Error>::into_deserializer(5u8);
        let e = Key::deserialize(number()).err().unwrap();
        assert!(e.to_string().contains("expected a field name"), "{e}");
        let e = FieldKey::deserialize(number()).err().unwrap();
        assert!(e.to_string().contains("expected a field name"), "{e}");
        let unchecked = |text: &'static [u8]| FieldKey {
            text: Cow::Borrowed(text),
            checked: false,
        };
        assert_eq!(unchecked(b"a b").to_str::<Error>(), Ok("a b"));
        assert!(unchecked(b"a\x1fb").to_str::<Error>().is_err());
    }

    use crate::types::testing::Plain;

    /// An object read from `members` of another format.
    fn from_plain<T: for<'de> Deserialize<'de>>(
        members: &[(&'static str, Plain)],
    ) -> Result<T, String> {
        use serde::de::value::{Error, MapDeserializer};
        let map = MapDeserializer::<_, Error>::new(members.iter().copied());
        T::deserialize(map).map_err(|e| e.to_string())
    }

    /// Optional object and list fields from other formats: a null is absent but counts as
    /// seen (a second one is a duplicate); a value that is neither null nor the field's type
    /// says what was expected.
    #[test]
    fn optional_fields_from_other_deserializers() {
        use crate::v2_2_1::locations::{EnergyMix, Location};
        use Plain::{Bool, Int, Unit};
        let twice = from_plain::<Location>(&[("operator", Unit), ("operator", Unit)]);
        assert!(twice.unwrap_err().contains("duplicate field `operator`"));
        let number = from_plain::<Location>(&[("operator", Int(5))]);
        assert!(number.unwrap_err().contains("expected option"));
        let mix =
            from_plain::<EnergyMix>(&[("is_green_energy", Bool(true)), ("energy_sources", Unit)]);
        assert_eq!(mix.unwrap().energy_sources, None);
        let number = from_plain::<EnergyMix>(&[("energy_sources", Int(5))]);
        assert!(number.unwrap_err().contains("expected option"));
    }

    /// Objects with different unknown fields differ.
    #[test]
    fn unknown_fields_compare_by_content() {
        use crate::types::DisplayText;
        let read = |doc: &str| serde_json::from_str::<DisplayText>(doc).unwrap();
        let one = read(r#"{"language":"en","text":"a","x":1}"#);
        assert_eq!(one, read(r#"{"language":"en","text":"a","x":1}"#));
        assert_ne!(one, read(r#"{"language":"en","text":"a","x":2}"#));
        assert_ne!(one, read(r#"{"language":"en","text":"a","x":10}"#));
    }

    /// A size hint is trusted up to 1 MiB of elements: a hostile one allocates no more.
    #[test]
    fn a_size_hint_is_trusted_up_to_a_mebibyte() {
        use crate::types::DisplayText;
        use serde::de::value::{Error, SeqDeserializer};
        /// No elements, and a claim of 2^40.
        struct Lying;
        impl Iterator for Lying {
            type Item = i32;
            fn next(&mut self) -> Option<i32> {
                None
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                (1 << 40, Some(1 << 40))
            }
        }
        let list = List::<DisplayText>(PhantomData)
            .deserialize(SeqDeserializer::<_, Error>::new(Lying))
            .unwrap();
        assert!(list.is_empty());
        let most = (1 << 20) / std::mem::size_of::<DisplayText>();
        assert!(list.capacity() <= most, "{} > {most}", list.capacity());
        // Without a hint (serde_json), a short list is allocated once, at its length.
        let doc = r#"[{"language":"en","text":"a"},{"language":"nl","text":"b"}]"#;
        let mut json = serde_json::Deserializer::from_str(doc);
        let list = List::<DisplayText>(PhantomData)
            .deserialize(&mut json)
            .unwrap();
        assert_eq!((list.len(), list.capacity()), (2, 2));
    }

    #[test]
    fn depth_of_json() {
        assert!(!nests_deeper_than(b"1", 0));
        assert!(nests_deeper_than(b"[]", 0));
        let doc = br#"{"a":[1,{"b":"[[[["}]}"#;
        assert!(nests_deeper_than(doc, 2) && !nests_deeper_than(doc, 3));
        let doc = br#"["\"[", [[]]]"#;
        assert!(nests_deeper_than(doc, 2) && !nests_deeper_than(doc, 3));
    }

    /// An object of `n` unknown fields named `f0`, `f1`, …, then `extra` members.
    fn many_unknown(n: usize, extra: &str) -> String {
        let mut doc = String::from(r#"{"language":"en","text":"a""#);
        for i in 0..n {
            doc.push_str(&format!(r#","f{i}":{i}"#));
        }
        doc.push_str(extra);
        doc.push('}');
        doc
    }

    /// Name comparisons made by `f`.
    fn comparisons(f: impl FnOnce()) -> usize {
        NAME_COMPARISONS.with(|c| c.set(0));
        f();
        NAME_COMPARISONS.with(|c| c.get())
    }

    /// The name index stays at most half full as it grows, finds every name, and is dropped
    /// (with any spare room) once the object is read, by either reader.
    #[test]
    fn the_name_index_grows_half_full_and_is_dropped() {
        let doc = many_unknown(300, "");
        let fast = crate::codec::reader::read_document::<crate::types::DisplayText>(doc.as_bytes());
        let serde = serde_json::from_str::<crate::types::DisplayText>(&doc).unwrap();
        for read in [fast.unwrap().0, serde] {
            let table = read.unknown_fields.0.as_deref().unwrap();
            assert!(table.index.is_none());
            assert_eq!(table.text.capacity(), table.text.len());
            assert_eq!(table.ends.capacity(), table.ends.len());
            let mut index = NameIndex::new();
            for i in 0..table.ends.len() {
                index.insert(table, i);
                assert!(
                    2 * index.len <= index.slots.len(),
                    "{} in {}",
                    index.len,
                    index.slots.len()
                );
            }
            for i in 0..table.ends.len() {
                assert_eq!(index.find(table, &format!("f{i}")), Some(i));
            }
            assert_eq!(index.find(table, "g0"), None);
        }
    }

    #[test]
    fn duplicate_checks_are_linear_in_the_number_of_unknown_fields() {
        // Comparing each name with every earlier one takes n²/2 comparisons (50 million for
        // 10 000 fields); the index compares a name with the few that share its slot run.
        for n in [10, 1_000, 10_000] {
            let doc = many_unknown(n, "");
            let fast = comparisons(|| {
                let d = crate::codec::reader::read_document::<crate::types::DisplayText>(
                    doc.as_bytes(),
                );
                assert_eq!(d.unwrap().0.unknown_fields.len(), n);
            });
            let serde = comparisons(|| {
                let d = serde_json::from_str::<crate::types::DisplayText>(&doc).unwrap();
                assert_eq!(d.unknown_fields.len(), n);
            });
            for (path, count) in [("fast", fast), ("serde", serde)] {
                assert!(
                    count <= 4 * n + 64,
                    "{path}, {n} fields: {count} comparisons"
                );
            }
        }
        // A few unknown fields are still compared one by one, without an index.
        let few = many_unknown(3, "");
        let count = comparisons(|| {
            serde_json::from_str::<crate::types::DisplayText>(&few).unwrap();
        });
        assert_eq!(count, 3);
    }

    #[test]
    fn duplicate_unknown_fields_are_refused_at_any_position() {
        let n = 100;
        for dup in ["f0", "f50", "f99", "f7", "f8"] {
            let doc = many_unknown(n, &format!(r#","{dup}":1"#));
            let e = serde_json::from_str::<crate::types::DisplayText>(&doc).unwrap_err();
            assert!(
                e.to_string().contains(&format!("duplicate field `{dup}`")),
                "{e}"
            );
            assert!(
                crate::codec::reader::read_document::<crate::types::DisplayText>(doc.as_bytes())
                    .is_none()
            );
        }
    }

    #[test]
    fn merge_replaces_in_place_and_appends() {
        let raw = |s: &str| RawValue::from_string(s.to_owned()).unwrap();
        let mut a = UnknownFields::default();
        for (k, v) in [("a", "1"), ("b", "2"), ("c", "3")] {
            a.insert(k, raw(v));
        }
        let mut b = UnknownFields::default();
        for (k, v) in [("d", "4"), ("b", "[20]")] {
            b.insert(k, raw(v));
        }
        a.merge(b);
        let got: Vec<(String, String)> = a
            .iter()
            .map(|(k, v)| (k.to_owned(), v.get().to_owned()))
            .collect();
        let want = [("a", "1"), ("b", "[20]"), ("c", "3"), ("d", "4")];
        assert_eq!(got.len(), want.len());
        for ((k, v), (wk, wv)) in got.iter().zip(want) {
            assert_eq!((k.as_str(), v.as_str()), (wk, wv));
        }
        a.retain(|k, _| k != "b");
        assert_eq!(a.len(), 3);
        assert!(a.get("b").is_none() && a.get("d").unwrap().get() == "4");
    }

    #[test]
    fn deep_unknown_field_is_refused() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        let doc = format!(r#"{{"language":"en","text":"a","x":{deep}}}"#);
        let e = serde_json::from_str::<crate::types::DisplayText>(&doc).unwrap_err();
        assert!(e.to_string().contains("nests deeper than 64"), "{e}");
        let ok = format!(
            r#"{{"language":"en","text":"a","x":{}{}}}"#,
            "[".repeat(64),
            "]".repeat(64)
        );
        assert!(serde_json::from_str::<crate::types::DisplayText>(&ok).is_ok());
    }
}
