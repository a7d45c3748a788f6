//! JSON Schema building blocks for the `schema` feature: what the generated `JsonSchema`
//! impls of objects and enums, and the impls of the common types, are made of.
//!
//! The schemas state the spec's constraints as this crate enforces them in a strict read
//! (`json::parse_strict`): required fields (including those that
//! official examples omit), string lengths and characters, the DateTime shape, JSON numbers,
//! and enum values. Known limits of JSON Schema: calendar validity (30 February) and the
//! 28-digit range of exact decimals cannot be expressed, and `maxLength` counts code points as
//! this crate counts characters.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

/// Printable ASCII (CiString).
pub(crate) const PRINTABLE_ASCII: &str = "^[\\u0020-\\u007E]*$";
/// No control characters (string).
pub(crate) const NO_CONTROL: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
/// The OCPI DateTime shape.
pub(crate) const DATETIME: &str =
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z?$";

/// A doc comment as a description: lines trimmed, blank lines kept as paragraph breaks.
pub(crate) fn clean(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// A string schema.
pub(crate) fn string(max_len: Option<usize>, pattern: &str, description: &str) -> Schema {
    let mut s = json_schema!({ "type": "string", "pattern": pattern, "description": description });
    if let Some(max) = max_len {
        s.insert("maxLength".into(), max.into());
    }
    s
}

/// A pattern matching `value` in any letter case, for refusing wrong-case enum values.
fn any_case(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_uppercase());
            out.push(c.to_ascii_lowercase());
            out.push(']');
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}

/// The schema of an OCPI enum: one of the known values; for an open enum (2.3.0 OpenEnum), also
/// any other well-formed value (kept by this crate for forward compatibility) that is not a
/// known value in another case.
#[doc(hidden)]
pub fn enum_schema(description: &str, known: &[&str], open: bool) -> Schema {
    // A closed enum: only the values of its table (an unknown one is kept when read, but
    // reported, and a strict reader refuses it).
    if !open {
        return json_schema!({
            "description": clean(description),
            "type": "string",
            "enum": known,
        });
    }
    let wrong_case = format!(
        "^({})$",
        known
            .iter()
            .map(|k| any_case(k))
            .collect::<Vec<_>>()
            .join("|")
    );
    json_schema!({
        "description": clean(description),
        "anyOf": [
            { "type": "string", "enum": known },
            {
                "description": "A value this version does not define, accepted and kept (forward compatibility). A known value in another letter case is refused.",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
                "pattern": PRINTABLE_ASCII,
                "not": { "pattern": wrong_case }
            }
        ]
    })
}

/// Builds the schema of an OCPI object, property by property.
#[doc(hidden)]
pub struct ObjectSchema {
    properties: Map<String, Value>,
    required: Vec<Value>,
    description: String,
}

impl ObjectSchema {
    /// An object with a description.
    pub fn new(description: &str) -> Self {
        ObjectSchema {
            properties: Map::new(),
            required: Vec::new(),
            description: clean(description),
        }
    }

    /// Adds a property.
    pub fn property(&mut self, name: &str, mut schema: Schema, required: bool, description: &str) {
        let description = clean(description);
        if !description.is_empty() {
            // A `$ref` may not carry siblings in every draft: wrap it.
            if schema.get("$ref").is_some() {
                schema = json_schema!({ "allOf": [schema] });
            }
            schema.insert("description".into(), description.into());
        }
        self.properties.insert(name.to_owned(), schema.into());
        if required {
            self.required.push(name.into());
        }
    }

    /// The schema. Unknown properties are allowed (they are kept verbatim).
    pub fn build(self) -> Schema {
        json_schema!({
            "type": "object",
            "description": self.description,
            "properties": self.properties,
            "required": self.required,
            "additionalProperties": true
        })
    }
}

/// The schema of a `+` list: the list's schema with `minItems: 1`.
#[doc(hidden)]
pub fn non_empty<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    let mut s = g.subschema_for::<T>();
    s.insert("minItems".into(), 1.into());
    s
}

/// An optional field: the value's schema, or `null` (read as absent).
#[doc(hidden)]
pub fn nullable<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    let inner = g.subschema_for::<T>();
    json_schema!({ "anyOf": [inner, { "type": "null" }] })
}

/// `Cow` for names.
#[doc(hidden)]
pub fn name(s: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_case_pattern() {
        assert_eq!(any_case("AC_1_PHASE"), "[Aa][Cc]_1_[Pp][Hh][Aa][Ss][Ee]");
        assert_eq!(any_case("2.1.1"), "2\\.1\\.1");
    }

    /// Doc comments become descriptions with their lines trimmed and paragraphs kept; a
    /// property without one gets none.
    #[test]
    fn descriptions_from_doc_comments() {
        let mut object = ObjectSchema::new("  The object.\n   Second line.  \n\n  Next. ");
        let text = json_schema!({ "type": "string" });
        object.property("a", text.clone(), true, " One field.\n   More. ");
        object.property("b", text, false, "  ");
        let schema = serde_json::to_value(object.build()).unwrap();
        assert_eq!(schema["description"], "The object.\nSecond line.\n\nNext.");
        assert_eq!(
            schema["properties"]["a"]["description"],
            "One field.\nMore."
        );
        assert!(schema["properties"]["b"].get("description").is_none());
        assert_eq!(schema["required"], serde_json::json!(["a"]));
        for open in [false, true] {
            let schema = serde_json::to_value(enum_schema(" An enum. ", &["A"], open)).unwrap();
            assert_eq!(schema["description"], "An enum.", "open: {open}");
        }
    }
}

/// The schemas of types written as one JSON value, inlined where they are used: `Type, name,
/// |generator| schema;`, with `@const N` before a type generic over a length `N`.
macro_rules! leaf_schema {
    ($( $(@const $n:ident)? $ty:ty, $name:expr, |$g:ident| $body:expr; )+) => {
        $(
            impl$(<const $n: usize>)? JsonSchema for $ty {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> Cow<'static, str> {
                    $name.into()
                }
                fn json_schema($g: &mut SchemaGenerator) -> Schema {
                    $body
                }
            }
        )+
    };
}

fn bounded(n: usize) -> Option<usize> {
    (n != usize::MAX).then_some(n)
}

leaf_schema! {
    super::DateTime, "DateTime", |_g| string(
        None,
        DATETIME,
        "OCPI DateTime: UTC, YYYY-MM-DDThh:mm:ss with an optional fraction and an optional Z (2.2.1 types.asciidoc §DateTime type)",
    );
    super::Number, "number", |_g| json_schema!({
        "type": "number",
        "description": "An exact decimal JSON number, at most 28 significant digits (2.2.1 types.asciidoc §number type)"
    });
    super::Url, "URL", |_g| json_schema!({
        "type": "string",
        "format": "uri",
        "maxLength": 255,
        "description": "An absolute URL of at most 255 characters (2.2.1 types.asciidoc §URL type)"
    });
    super::CountryCode, "CountryCode", |_g| string(
        Some(2),
        "^[A-Za-z]{2}$",
        "ISO 3166-1 alpha-2 country code, CiString(2)",
    );
    super::PartyId, "PartyId", |_g| string(
        Some(3),
        "^[A-Za-z0-9]{3}$",
        "Party id (ISO 15118), CiString(3)",
    );
    super::CredentialsToken, "CredentialsToken", |_g| string(
        Some(64),
        NO_CONTROL,
        "Credentials token, string(64) (2.2.1 credentials.asciidoc §Credentials object)",
    );
    @const N super::CiString<N>, format!("CiString{N}"), |_g| string(
        bounded(N),
        PRINTABLE_ASCII,
        "CiString: case-insensitive, printable ASCII only (2.2.1 types.asciidoc §CiString type)",
    );
    @const N super::OcpiString<N>, format!("string{N}"), |_g| string(
        bounded(N),
        NO_CONTROL,
        "string: case-sensitive, printable UTF-8, no control characters (2.2.1 types.asciidoc §string type)",
    );
}

impl<T: JsonSchema> JsonSchema for super::Tolerant<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        // The schema states the spec: only a conforming value.
        g.subschema_for::<T>()
    }
}

impl<T: JsonSchema> JsonSchema for super::PatchField<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Nullable{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        nullable::<T>(g)
    }
}
