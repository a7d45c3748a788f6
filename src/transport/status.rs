//! OCPI status codes: the `status_code` of every response envelope.

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

/// The class of a status code, from its range.
///
/// Spec: 2.2.1 status_codes.asciidoc §Status codes
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusClass {
    /// 1xxx: success.
    Success,
    /// 2xxx: client errors: the data sent by the client can not be processed by the server.
    ClientError,
    /// 3xxx: server errors: the server encountered an internal error.
    ServerError,
    /// 4xxx: hub errors (2.2 and later).
    HubError,
    /// Outside the ranges the spec defines.
    Other,
}

/// An OCPI status code. Every code of the spec is a constant; any other value (custom codes
/// in the reserved x9xx ranges, codes of a newer version) is kept as received.
///
/// Spec: 2.2.1 status_codes.asciidoc; 2.3.0 status_codes.asciidoc (identical);
/// 2.1.1 status_codes.md (without 2004 and the 4xxx range)
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusCode(u16);

macro_rules! status_codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $since_2_2:literal; )+) => {
        impl StatusCode {
            $( $(#[doc = $doc])* pub const $name: StatusCode = StatusCode($code); )+

            /// Every code the spec defines, in numeric order.
            pub const KNOWN: &'static [StatusCode] = &[$(StatusCode::$name),+];

            /// The spec's description of a known code.
            pub fn description(self) -> Option<&'static str> {
                match self.0 {
                    $( $code => Some(concat!($($doc),+).trim_ascii()), )+
                    _ => None,
                }
            }

            /// Whether the code is defined by OCPI 2.1.1 (2.2 added 2004 and the 4xxx range).
            pub fn defined_in_2_1_1(self) -> bool {
                match self.0 {
                    $( $code => !$since_2_2, )+
                    _ => false,
                }
            }
        }
    };
}

status_codes! {
    /// Generic success code.
    SUCCESS = 1000, false;
    /// Generic client error.
    CLIENT_ERROR = 2000, false;
    /// Invalid or missing parameters, for example a missing `last_updated` field in a PATCH.
    INVALID_PARAMETERS = 2001, false;
    /// Not enough information, for example an authorization request with too little
    /// information.
    NOT_ENOUGH_INFORMATION = 2002, false;
    /// Unknown Location, for example a START_SESSION command for an unknown location.
    UNKNOWN_LOCATION = 2003, false;
    /// Unknown Token, for example real-time authorization of an unknown Token.
    UNKNOWN_TOKEN = 2004, true;
    /// Generic server error.
    SERVER_ERROR = 3000, false;
    /// Unable to use the client's API, for example when the versions or version details of the
    /// registering party cannot be fetched during the credentials handshake.
    UNABLE_TO_USE_CLIENT_API = 3001, false;
    /// Unsupported version.
    UNSUPPORTED_VERSION = 3002, false;
    /// No matching endpoints or expected endpoints missing between parties.
    NO_MATCHING_ENDPOINTS = 3003, false;
    /// Generic hub error.
    HUB_ERROR = 4000, true;
    /// Unknown receiver (the TO address is unknown).
    UNKNOWN_RECEIVER = 4001, true;
    /// Timeout on forwarded request (the message is forwarded, but the request times out).
    HUB_TIMEOUT = 4002, true;
    /// Connection problem (the receiving party is not connected).
    HUB_CONNECTION_PROBLEM = 4003, true;
}

impl StatusCode {
    /// A code from its number.
    pub const fn new(code: u16) -> Self {
        StatusCode(code)
    }

    /// The number.
    pub const fn as_u16(self) -> u16 {
        self.0
    }

    /// The class, from the code's range.
    pub fn class(self) -> StatusClass {
        match self.0 {
            1000..=1999 => StatusClass::Success,
            2000..=2999 => StatusClass::ClientError,
            3000..=3999 => StatusClass::ServerError,
            4000..=4999 => StatusClass::HubError,
            _ => StatusClass::Other,
        }
    }

    /// Whether the code is in the success range (1xxx).
    pub fn is_success(self) -> bool {
        self.class() == StatusClass::Success
    }

    /// Whether the code is in a reserved custom range (1900–1999, 2900–2999, 3900–3999,
    /// 4900–4999).
    pub fn is_custom(self) -> bool {
        (1000..5000).contains(&self.0) && self.0 % 1000 >= 900
    }
}

impl fmt::Debug for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => write!(f, "StatusCode({} {d:?})", self.0),
            None => write!(f, "StatusCode({})", self.0),
        }
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl crate::json::WriteJson for StatusCode {
    fn write_json(&self, out: &mut Vec<u8>) {
        crate::codec::writer::write_u64(out, u64::from(self.0))
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u16::deserialize(d).map(StatusCode)
    }
}

impl crate::types::Conformance for StatusCode {}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for StatusCode {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatusCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 0,
            "maximum": 65535,
            "description": "OCPI status code: 1xxx success, 2xxx client errors, 3xxx server errors, 4xxx hub errors (2.2.1 status_codes.asciidoc)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_classes() {
        assert_eq!(StatusCode::KNOWN.len(), 14);
        assert_eq!(StatusCode::INVALID_PARAMETERS.as_u16(), 2001);
        assert_eq!(StatusCode::SUCCESS.class(), StatusClass::Success);
        assert_eq!(StatusCode::UNKNOWN_RECEIVER.class(), StatusClass::HubError);
        assert_eq!(StatusCode::new(5000).class(), StatusClass::Other);
        assert!(StatusCode::new(2901).is_custom());
        assert!(!StatusCode::new(2001).is_custom());
        assert_eq!(
            StatusCode::UNSUPPORTED_VERSION.description(),
            Some("Unsupported version.")
        );
        assert_eq!(StatusCode::new(1901).description(), None);
        assert!(StatusCode::UNKNOWN_LOCATION.defined_in_2_1_1());
        assert!(!StatusCode::UNKNOWN_TOKEN.defined_in_2_1_1());
        assert!(!StatusCode::HUB_ERROR.defined_in_2_1_1());
        let c: StatusCode = serde_json::from_str("2901").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "2901");
        assert!(serde_json::from_str::<StatusCode>("\"1000\"").is_err());
        assert!(serde_json::from_str::<StatusCode>("-1").is_err());
    }

    #[test]
    fn each_range_is_its_class() {
        for (code, class) in [
            (999, StatusClass::Other),
            (1000, StatusClass::Success),
            (1999, StatusClass::Success),
            (2000, StatusClass::ClientError),
            (2999, StatusClass::ClientError),
            (3000, StatusClass::ServerError),
            (3999, StatusClass::ServerError),
            (4000, StatusClass::HubError),
            (4999, StatusClass::HubError),
            (5000, StatusClass::Other),
        ] {
            let c = StatusCode::new(code);
            assert_eq!(c.class(), class, "{code}");
            assert_eq!(c.is_success(), class == StatusClass::Success, "{code}");
        }
        for (code, custom) in [
            (900, false),
            (1899, false),
            (1900, true),
            (4999, true),
            (5900, false),
        ] {
            assert_eq!(StatusCode::new(code).is_custom(), custom, "{code}");
        }
    }

    #[cfg(feature = "schema")]
    #[test]
    fn the_schema_is_an_inline_integer() {
        let mut generator = schemars::SchemaGenerator::default();
        let schema = generator.subschema_for::<StatusCode>();
        assert_eq!(schema.get("type"), Some(&serde_json::json!("integer")));
        assert_eq!(schema.get("maximum"), Some(&serde_json::json!(65535)));
    }

    #[test]
    fn shown_and_written_as_the_number() {
        assert_eq!(StatusCode::new(2901).to_string(), "2901");
        assert_eq!(format!("{:?}", StatusCode::new(2901)), "StatusCode(2901)");
        let success = StatusCode::SUCCESS.description().unwrap();
        assert_eq!(
            format!("{:?}", StatusCode::SUCCESS),
            format!("StatusCode(1000 {success:?})")
        );
        assert_eq!(crate::codec::to_vec(&StatusCode::new(3001)), b"3001");
    }
}
