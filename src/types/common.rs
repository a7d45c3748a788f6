//! `DisplayText`, `Price` and `Role`.

use super::{ocpi_enum, ocpi_object, Number, OcpiString};

ocpi_object! {
    /// A text to show an end user, in one language.
    ///
    /// Spec: 2.2.1 types.asciidoc §DisplayText class
    pub struct DisplayText {
        /// Language code, ISO 639-1.
        req language: OcpiString<2>,
        /// Text to be displayed to an end user. No markup, HTML etc. allowed.
        req text: OcpiString<512>,
    }
}

ocpi_object! {
    /// A price or cost, excluding and optionally including VAT.
    ///
    /// Spec: 2.2.1 types.asciidoc §Price class
    pub struct Price {
        /// Price/cost excluding VAT.
        req excl_vat: Number,
        /// Price/cost including VAT.
        opt incl_vat: Number,
    }
}

ocpi_enum! {
    /// The role of a party.
    ///
    /// Spec: 2.2.1 types.asciidoc §Role enum
    pub enum Role {
        /// Charge Point Operator Role.
        Cpo = "CPO",
        /// eMobility Service Provider Role.
        Emsp = "EMSP",
        /// Hub role.
        Hub = "HUB",
        /// National Access Point Role (national database with all Location information of a
        /// country).
        Nap = "NAP",
        /// Navigation Service Provider Role, role like an eMSP (probably only interested in
        /// Location information).
        Nsp = "NSP",
        /// Other role.
        Other = "OTHER",
        /// Smart Charging Service Provider Role.
        Scsp = "SCSP",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Conformance, PatchField};

    #[test]
    fn display_text_round_trip_and_errors() {
        let json = r#"{"language":"en","text":"Standard Tariff","x-ext":{"a":[1,2.50]}}"#;
        let d: DisplayText = serde_json::from_str(json).unwrap();
        assert_eq!(d.text, "Standard Tariff");
        assert_eq!(d.unknown_fields.len(), 1);
        assert_eq!(serde_json::to_string(&d).unwrap(), json);
        assert!(d.warnings().is_empty());

        let e = serde_json::from_str::<DisplayText>(r#"{"language":"en"}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `text`"), "{e}");
        let e = serde_json::from_str::<DisplayText>(r#"{"language":"en","text":"a","text":"b"}"#)
            .unwrap_err();
        assert!(e.to_string().contains("duplicate field `text`"), "{e}");
        let e = serde_json::from_str::<DisplayText>(r#"{"language":"en","text":"a","x":1,"x":2}"#)
            .unwrap_err();
        assert!(e.to_string().contains("duplicate field `x`"), "{e}");
        assert!(serde_json::from_str::<DisplayText>(r#"{"language":"eng","text":"a"}"#).is_err());
    }

    #[test]
    fn price_optional_not_written_as_null() {
        let p = Price::new(Number::parse("1.50").unwrap());
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"excl_vat":1.50}"#);
        let p: Price = serde_json::from_str(r#"{"excl_vat":1.5,"incl_vat":null}"#).unwrap();
        assert_eq!(p.incl_vat, None);
        let _ = PatchField::<u8>::Absent;
    }
}
