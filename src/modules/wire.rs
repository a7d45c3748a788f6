//! Objects at the edge: the 2.3.0 model the handlers speak, read from and written for peers of
//! every version.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::convert::{Convert, ConvertError, Loss};
use crate::json::{self, ParseError};
use crate::transport::{HttpError, PartyRef, StatusCode};
use crate::types::{CiString, Conformance, OcpiString};
use crate::v2_3_0::tariffs::TaxIncluded;
use crate::v2_3_0::tokens::{Token, TokenType};
use crate::versions::OcpiVersion;

type LossHook = Arc<dyn Fn(&'static str, &[Loss]) + Send + Sync>;
type TokenLookup = Arc<dyn Fn(&CiString<36>, &TokenType) -> Option<Token> + Send + Sync>;

/// What the application tells the edge about the fields a peer's version lacks.
///
/// Spec: the conversions of [`crate::convert`] name, for each object, what an older version
/// does not carry.
#[derive(Clone)]
pub struct Bridge {
    /// The name of the tax that a 2.2.1 price's `incl_vat − excl_vat` becomes in 2.3.0
    /// (default `VAT`).
    pub tax_name: OcpiString<{ usize::MAX }>,
    /// The `tax_included` of a Tariff a 2.2.1 peer sends (default `NO`: 2.2.1 tariff prices
    /// exclude VAT).
    pub tax_included: TaxIncluded,
    /// Whether Locations a 2.1.1 peer sends may be published (2.1.1 has no `publish`; default
    /// `true`).
    pub publish: bool,
    /// The time zone of a Location a 2.1.1 peer sends without one (default none: such a
    /// Location is refused with 2001).
    pub time_zone: Option<OcpiString<255>>,
    /// The `timeout` (seconds) of a CommandResponse a 2.1.1 peer sends (default 30).
    pub command_timeout: i64,
    on_loss: Option<LossHook>,
    token_lookup: Option<TokenLookup>,
}

impl Default for Bridge {
    fn default() -> Self {
        Bridge {
            tax_name: OcpiString::new("VAT").expect("a short text"),
            tax_included: TaxIncluded::No,
            publish: true,
            time_zone: None,
            command_timeout: 30,
            on_loss: None,
            token_lookup: None,
        }
    }
}

impl fmt::Debug for Bridge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bridge")
            .field("tax_name", &self.tax_name)
            .field("tax_included", &self.tax_included)
            .field("publish", &self.publish)
            .field("time_zone", &self.time_zone)
            .field("command_timeout", &self.command_timeout)
            .finish_non_exhaustive()
    }
}

impl Bridge {
    /// Calls `hook` with the losses of every conversion that lost fields (the name of the
    /// object, and the losses), to log them: an older peer cannot hold every 2.3.0 field.
    pub fn on_loss(mut self, hook: impl Fn(&'static str, &[Loss]) + Send + Sync + 'static) -> Self {
        self.on_loss = Some(Arc::new(hook));
        self
    }

    /// Looks up the Token a real-time authorization was asked for, by `uid` and `type`: a
    /// 2.1.1 AuthorizationInfo does not carry the Token (2.2 added `token`), so the answer of
    /// a 2.1.1 eMSP is completed with the Token this returns (typically from the CPO's cache
    /// of the Tokens module). Without a lookup, or when it returns `None`, such an answer
    /// cannot be read (a conversion error naming `token`).
    ///
    /// Spec: 2.1.1 mod_tokens.md §AuthorizationInfo Object; 2.2.1 mod_tokens.asciidoc
    /// §AuthorizationInfo Object (`token`: 1)
    pub fn with_token_lookup(
        mut self,
        lookup: impl Fn(&CiString<36>, &TokenType) -> Option<Token> + Send + Sync + 'static,
    ) -> Self {
        self.token_lookup = Some(Arc::new(lookup));
        self
    }

    /// The Token of the [lookup](Bridge::with_token_lookup), if any.
    pub(crate) fn token(&self, uid: &CiString<36>, token_type: &TokenType) -> Option<Token> {
        self.token_lookup
            .as_ref()
            .and_then(|lookup| lookup(uid, token_type))
    }

    pub(crate) fn report(&self, what: &'static str, losses: &[Loss]) {
        if let (Some(hook), false) = (&self.on_loss, losses.is_empty()) {
            hook(what, losses);
        }
    }
}

/// The setting of one conversion: the peer's version, the party that owns the object (from
/// the URL, or the calling party), and the application's [`Bridge`].
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    /// The peer's version.
    pub version: OcpiVersion,
    /// The party owning the object, when known.
    pub party: Option<PartyRef>,
    /// The application's defaults.
    pub bridge: &'a Bridge,
}

impl Edge<'_> {
    /// The owning party, needed to upgrade objects of 2.1.1 (which do not name it).
    pub fn owner(&self) -> Result<PartyRef, ConvertError> {
        self.party.ok_or_else(|| {
            crate::convert::missing(
                "",
                "the owning party is unknown (no country code and party id in the URL, and the caller has several)",
            )
        })
    }
}

/// Why an object could not cross the edge.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The peer's body is not a valid object of its version.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The object cannot be converted.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The object does not exist in the peer's version.
    #[error("{what} does not exist in OCPI {version}")]
    NotInVersion {
        /// The object.
        what: &'static str,
        /// The version.
        version: OcpiVersion,
    },
}

impl From<WireError> for HttpError {
    /// A body that is not JSON: 400; not a valid object, or not convertible: 2001.
    fn from(e: WireError) -> Self {
        match e {
            WireError::Parse(e) => e.into(),
            other => HttpError::ocpi(StatusCode::INVALID_PARAMETERS, other.to_string()),
        }
    }
}

/// A 2.3.0 object as peers of each version read and write it.
///
/// Spec: the object chapters of 2.1.1, 2.2.1 and 2.3.0; [`crate::convert`].
pub trait Wire: Sized {
    /// The object's name, for errors and loss reports.
    const NAME: &'static str;

    /// Reads an object a peer sent in `edge.version`.
    fn read(bytes: &[u8], edge: &Edge<'_>) -> Result<Self, WireError>;

    /// Writes the object for a peer in `edge.version` (compact JSON).
    fn write(&self, edge: &Edge<'_>) -> Result<Vec<u8>, WireError>;
}

/// Reads `T` in one version and converts it.
pub(crate) fn read_as<T, C>(
    bytes: &[u8],
    edge: &Edge<'_>,
    input: &T::Input,
    what: &'static str,
) -> Result<C, WireError>
where
    T: DeserializeOwned + Conformance + Convert<C>,
{
    let value = json::parse::<T>(bytes)?.value;
    let converted = value.convert(input)?;
    edge.bridge.report(what, &converted.losses);
    Ok(converted.value)
}

/// Converts a value and writes it.
pub(crate) fn write_as<S, T>(
    value: &S,
    edge: &Edge<'_>,
    input: &S::Input,
    what: &'static str,
) -> Result<Vec<u8>, WireError>
where
    S: Clone + Convert<T>,
    T: Serialize,
{
    let converted = value.clone().convert(input)?;
    edge.bridge.report(what, &converted.losses);
    Ok(to_vec(&converted.value))
}

/// Writes a value of the crate's model (infallible: every value serializes).
pub(crate) fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Implements [`Wire`] for a 2.3.0 object: its 2.2.1 form, converted with the given inputs,
/// and its 2.1.1 form, converted through 2.2.1. Each input is an expression of `edge` that
/// may fail with a [`ConvertError`].
macro_rules! wire {
    // A type identical in 2.2.1 and 2.3.0 (re-exported), optionally with a 2.1.1 form.
    (
        $canon:ty, $name:literal {
            v2_2_1: same;
            $(v2_1_1: $v211:ty, up: |$e3:ident| $up211:expr, down: |$e4:ident| $down211:expr;)?
        }
    ) => {
        impl $crate::modules::Wire for $canon {
            const NAME: &'static str = $name;

            #[allow(unused_variables)]
            fn read(
                bytes: &[u8],
                edge: &$crate::modules::Edge<'_>,
            ) -> Result<Self, $crate::modules::WireError> {
                use $crate::versions::OcpiVersion;
                match edge.version {
                    OcpiVersion::V2_3_0 | OcpiVersion::V2_2_1 => {
                        Ok($crate::json::parse::<$canon>(bytes)?.value)
                    }
                    OcpiVersion::V2_1_1 => {
                        $(
                            let $e3 = edge;
                            return $crate::modules::wire::read_as::<$v211, $canon>(
                                bytes, edge, &$up211, $name,
                            );
                        )?
                        #[allow(unreachable_code)]
                        Err($crate::modules::WireError::NotInVersion {
                            what: $name,
                            version: edge.version,
                        })
                    }
                }
            }

            #[allow(unused_variables)]
            fn write(
                &self,
                edge: &$crate::modules::Edge<'_>,
            ) -> Result<Vec<u8>, $crate::modules::WireError> {
                use $crate::versions::OcpiVersion;
                match edge.version {
                    OcpiVersion::V2_3_0 | OcpiVersion::V2_2_1 => {
                        Ok($crate::modules::wire::to_vec(self))
                    }
                    OcpiVersion::V2_1_1 => {
                        $(
                            let $e4 = edge;
                            return $crate::modules::wire::write_as::<$canon, $v211>(
                                self, edge, &$down211, $name,
                            );
                        )?
                        #[allow(unreachable_code)]
                        Err($crate::modules::WireError::NotInVersion {
                            what: $name,
                            version: edge.version,
                        })
                    }
                }
            }
        }
    };
    (
        $canon:ty, $name:literal {
            v2_2_1: $v221:ty, up: |$e1:ident| $up221:expr, down: |$e2:ident| $down221:expr;
            $(v2_1_1: $v211:ty, up: |$e3:ident| $up211:expr, down: |$e4:ident| $down211:expr;)?
        }
    ) => {
        impl $crate::modules::Wire for $canon {
            const NAME: &'static str = $name;

            #[allow(unused_variables)]
            fn read(
                bytes: &[u8],
                edge: &$crate::modules::Edge<'_>,
            ) -> Result<Self, $crate::modules::WireError> {
                use $crate::modules::wire::read_as;
                use $crate::versions::OcpiVersion;
                match edge.version {
                    OcpiVersion::V2_3_0 => Ok($crate::json::parse::<$canon>(bytes)?.value),
                    OcpiVersion::V2_2_1 => {
                        let $e1 = edge;
                        read_as::<$v221, $canon>(bytes, edge, &$up221, $name)
                    }
                    OcpiVersion::V2_1_1 => {
                        $(
                            let $e3 = edge;
                            let old: $v221 = read_as::<$v211, $v221>(bytes, edge, &$up211, $name)?;
                            let $e1 = edge;
                            let converted = $crate::convert::Convert::<$canon>::convert(old, &$up221)?;
                            edge.bridge.report($name, &converted.losses);
                            return Ok(converted.value);
                        )?
                        #[allow(unreachable_code)]
                        Err($crate::modules::WireError::NotInVersion {
                            what: $name,
                            version: edge.version,
                        })
                    }
                }
            }

            #[allow(unused_variables)]
            fn write(
                &self,
                edge: &$crate::modules::Edge<'_>,
            ) -> Result<Vec<u8>, $crate::modules::WireError> {
                use $crate::modules::wire::{to_vec, write_as};
                use $crate::versions::OcpiVersion;
                match edge.version {
                    OcpiVersion::V2_3_0 => Ok(to_vec(self)),
                    OcpiVersion::V2_2_1 => {
                        let $e2 = edge;
                        write_as::<$canon, $v221>(self, edge, &$down221, $name)
                    }
                    OcpiVersion::V2_1_1 => {
                        $(
                            let $e2 = edge;
                            let mid = $crate::convert::Convert::<$v221>::convert(self.clone(), &$down221)?;
                            edge.bridge.report($name, &mid.losses);
                            let $e4 = edge;
                            return write_as::<$v221, $v211>(&mid.value, edge, &$down211, $name);
                        )?
                        #[allow(unreachable_code)]
                        Err($crate::modules::WireError::NotInVersion {
                            what: $name,
                            version: edge.version,
                        })
                    }
                }
            }
        }
    };
}
pub(crate) use wire;
