//! Objects at the edge: the 2.3.0 model the handlers speak, read from and written for peers of
//! every version.

use std::fmt;
use std::sync::Arc;

use crate::json::WriteJson;

use crate::convert::{Convert, ConvertError, Loss};
use crate::json::ParseError;
use crate::transport::{HttpError, PartyRef, StatusCode};
use crate::types::{CiString, Conformance, JsonPath, OcpiString, Warning};
use crate::v2_3_0::cdrs::{AuthMethod, CdrToken};
use crate::v2_3_0::locations::Location;
use crate::v2_3_0::tariffs::TaxIncluded;
use crate::v2_3_0::tokens::{Token, TokenType};
use crate::versions::OcpiVersion;

type LossHook = Arc<dyn Fn(&'static str, &[Loss]) + Send + Sync>;
type LeftOutHook = Arc<dyn Fn(&LeftOut) + Send + Sync>;
type DeviationHook = Arc<dyn Fn(&'static str, OcpiVersion, &[Warning]) + Send + Sync>;
type CdrTokenLookup = Arc<dyn Fn(&str) -> Option<CdrToken> + Send + Sync>;
type LocationLookup = Arc<dyn Fn(&PartyRef, &str) -> Option<Location> + Send + Sync>;
type TokenLookup = Arc<dyn Fn(&CiString<36>, &TokenType) -> Option<Token> + Send + Sync>;

/// What the application tells the edge about the fields a peer's version lacks.
///
/// ## Fields an older version requires and a newer one made optional
///
/// The rule: when a field is required by the table of the peer's (older) version and optional
/// in the 2.3.0 model, either the value can be derived from what the object holds, or the
/// bridge has a fallback for it: an `Option`, `None` by default. Without a fallback, an
/// object lacking the field is not sent to that peer: it is left out of a page served to it
/// (and reported to [`Bridge::on_left_out`] as a [`LeftOut`]), and pushing it is an error
/// ([`WireError::Convert`]), before anything is sent.
///
/// Every such field, from the object tables of 2.1.1 against 2.2.1 (Locations, EVSE,
/// Connector, Sessions, CDRs, Tariffs, Tokens, Commands) and of 2.2.1 against 2.3.0 (every
/// module); 2.3.0 made no field of 2.2.1 optional:
///
/// | 2.1.1 field (required) | newer field | how it is written for a 2.1.1 peer |
/// | --- | --- | --- |
/// | Location `postal_code` | `postal_code` (`?`) | the object's, else [`Bridge::postal_code`] (fallback, default none) |
/// | Location `type` (LocationType) | `parking_type` (`?`) | derived: `UNKNOWN` when absent, the 2.1.1 value the spec gives for "not known by the operator (default)" |
/// | Connector `voltage`, `amperage` | `max_voltage`, `max_amperage` (`1`) | derived: the required newer values |
/// | EnvironmentalImpact `source` | `category` (`1`) | derived: the same value, renamed |
/// | Session `start_datetime`, CDR `stop_date_time` | `start_date_time`, `end_date_time` (`1`) | derived: renamed |
/// | Session and CDR `auth_id`, Token `auth_id` | `cdr_token.contract_id`, `contract_id` (`1`) | derived: the required newer value |
/// | Session and CDR `location` (a whole Location) | `location_id` + `evse_uid` + `connector_id`, `cdr_location` (`1`) | the Location of [`Bridge::with_location_lookup`] (default none: the object cannot be written for a 2.1.1 peer) |
///
/// ## Example
///
/// A Location without `postal_code` cannot be written for a 2.1.1 peer until the bridge has
/// a fallback; a server takes its bridge in [`ServerConfig::bridge`](crate::server::ServerConfig::bridge),
/// a client with [`Client::with_bridge`](crate::client::Client::with_bridge).
///
/// ```
/// use ocpi_protocol::modules::{Bridge, Edge, Wire};
/// use ocpi_protocol::types::OcpiString;
/// use ocpi_protocol::v2_3_0::locations::Location;
/// use ocpi_protocol::versions::OcpiVersion;
///
/// let location: Location = ocpi_protocol::json::parse_strict(br#"{"country_code": "NL",
///     "party_id": "CPO", "id": "LOC1", "publish": true, "address": "Neude 11",
///     "city": "Utrecht", "country": "NLD", "coordinates": {"latitude": "52.090200",
///     "longitude": "5.121400"}, "time_zone": "Europe/Amsterdam",
///     "last_updated": "2024-05-01T08:00:00Z"}"#).unwrap();
/// let for_2_1_1 = |bridge: &Bridge| {
///     location.write(&Edge { version: OcpiVersion::V2_1_1, party: None, bridge })
/// };
///
/// assert!(for_2_1_1(&Bridge::default()).is_err()); // 2.1.1 requires a postal_code
/// let mut bridge = Bridge::default().on_loss(|object, lost| eprintln!("{object}: {lost:?}"));
/// bridge.postal_code = Some(OcpiString::new("0000").unwrap());
/// let written = String::from_utf8(for_2_1_1(&bridge).unwrap()).unwrap();
/// assert!(written.contains(r#""postal_code":"0000""#));
/// ```
///
/// Spec: 2.1.1 mod_locations.md §Location Object, §Connector Object, §EnvironmentalImpact
/// class, §LocationType enum; mod_sessions.md §Session Object; mod_cdrs.md §CDR Object;
/// mod_tokens.md §Token Object; 2.2.1 and 2.3.0 the same objects; the conversions of
/// [`crate::convert`] name, for each object, what an older version does not carry.
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
    /// The `postal_code` sent to a 2.1.1 peer for a Location that has none (2.1.1 requires
    /// one, 2.2.1 made it optional). Default none: such a Location cannot be sent to a 2.1.1
    /// peer (left out of a page, with [`LeftOut`]; a push is an error).
    ///
    /// Spec: 2.1.1 mod_locations.md §Location Object; 2.2.1 mod_locations.asciidoc §Location
    /// Object
    pub postal_code: Option<OcpiString<10>>,
    /// The `timeout` (seconds) of a CommandResponse a 2.1.1 peer sends (default 30).
    pub command_timeout: i64,
    /// The `auth_method` of a Session a 2.1.1 peer sends without one (both official 2.1.1
    /// Session examples omit it; 2.2.1 requires it). Default none: such a Session is refused
    /// with 2001.
    pub session_auth_method: Option<AuthMethod>,
    /// What to do with an object about to be sent that the strict reader of the peer's version
    /// would refuse (default [`Outgoing::Refuse`]).
    pub outgoing: Outgoing,
    on_loss: Option<LossHook>,
    on_left_out: Option<LeftOutHook>,
    on_deviation: Option<DeviationHook>,
    token_lookup: Option<TokenLookup>,
    cdr_token_lookup: Option<CdrTokenLookup>,
    location_lookup: Option<LocationLookup>,
    on_tolerated: Option<crate::interop::ToleranceHook>,
}

impl Default for Bridge {
    fn default() -> Self {
        Bridge {
            tax_name: OcpiString::new("VAT").expect("a short text"),
            tax_included: TaxIncluded::No,
            publish: true,
            time_zone: None,
            postal_code: None,
            command_timeout: 30,
            session_auth_method: None,
            outgoing: Outgoing::Refuse,
            on_loss: None,
            on_left_out: None,
            on_deviation: None,
            token_lookup: None,
            cdr_token_lookup: None,
            location_lookup: None,
            on_tolerated: None,
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
            .field("postal_code", &self.postal_code)
            .field("command_timeout", &self.command_timeout)
            .field("session_auth_method", &self.session_auth_method)
            .field("outgoing", &self.outgoing)
            .field("token_lookup", &self.token_lookup.is_some())
            .field("cdr_token_lookup", &self.cdr_token_lookup.is_some())
            .field("location_lookup", &self.location_lookup.is_some())
            .field("on_tolerated", &self.on_tolerated.is_some())
            .finish_non_exhaustive()
    }
}

impl Bridge {
    crate::types::setters! {
        /// Calls `hook` with the losses of every conversion that lost fields (the name of the
        /// object, and the losses), to log them: an older peer cannot hold every 2.3.0 field.
        on_loss(hook: impl Fn(&'static str, &[Loss]) + Send + Sync + 'static)
            => on_loss = Some(Arc::new(hook));

        /// Looks up the Token a real-time authorization was asked for, by `uid` and `type`: a
        /// 2.1.1 AuthorizationInfo does not carry the Token (2.2 added `token`), so the answer of
        /// a 2.1.1 eMSP is completed with the Token this returns (typically from the CPO's cache
        /// of the Tokens module). Without a lookup, or when it returns `None`, such an answer
        /// cannot be read (a conversion error naming `token`).
        ///
        /// Spec: 2.1.1 mod_tokens.md §AuthorizationInfo Object; 2.2.1 mod_tokens.asciidoc
        /// §AuthorizationInfo Object (`token`: 1)
        with_token_lookup(lookup: impl Fn(&CiString<36>, &TokenType) -> Option<Token> + Send + Sync + 'static)
            => token_lookup = Some(Arc::new(lookup));
    }

    /// The Token of the [lookup](Bridge::with_token_lookup), if any.
    pub(crate) fn token(&self, uid: &CiString<36>, token_type: &TokenType) -> Option<Token> {
        self.token_lookup
            .as_ref()
            .and_then(|lookup| lookup(uid, token_type))
    }

    crate::types::setters! {
        /// Calls `hook` with every object left out of a page because it cannot be written in the
        /// peer's version (see [`LeftOut`]).
        on_left_out(hook: impl Fn(&LeftOut) + Send + Sync + 'static)
            => on_left_out = Some(Arc::new(hook));

        /// Calls `hook` with every object sent although the strict reader of the peer's version
        /// would refuse it (its kind, the peer's version and the deviations), under
        /// [`Outgoing::SendAndReport`].
        on_deviation(hook: impl Fn(&'static str, OcpiVersion, &[Warning]) + Send + Sync + 'static)
            => on_deviation = Some(Arc::new(hook));

        /// Calls `hook` with every deviation of a peer let through by the peer's
        /// [`Interop`](crate::interop::Interop) profile (by the [`Client`](crate::client::Client)
        /// and the [`Server`](crate::server::Server) that use this bridge, the server's
        /// authentication included): tolerances are never silent.
        ///
        /// ```
        /// use ocpi_protocol::modules::Bridge;
        ///
        /// let bridge = Bridge::default().on_tolerated(|t| eprintln!("tolerated: {t}"));
        /// # drop(bridge);
        /// ```
        ///
        /// Spec: DESIGN principle 10 (tolerances always reported as warnings)
        on_tolerated(hook: impl Fn(&crate::interop::Tolerated) + Send + Sync + 'static)
            => on_tolerated = Some(Arc::new(hook));
    }

    /// Reports a tolerated deviation to the hook.
    pub(crate) fn tolerated(&self, tolerated: &crate::interop::Tolerated) {
        if let Some(hook) = &self.on_tolerated {
            hook(tolerated);
        }
    }

    /// The hook of [`Bridge::on_tolerated`], for the server's authentication.
    pub(crate) fn tolerance_hook(&self) -> Option<crate::interop::ToleranceHook> {
        self.on_tolerated.clone()
    }

    pub(crate) fn left_out(&self, left_out: &LeftOut) {
        if let Some(hook) = &self.on_left_out {
            hook(left_out);
        }
    }

    pub(crate) fn report(&self, what: &'static str, losses: &[Loss]) {
        if let (Some(hook), false) = (&self.on_loss, losses.is_empty()) {
            hook(what, losses);
        }
    }

    crate::types::setters! {
        /// Finds the token behind a 2.1.1 `auth_id` (the token's `contract_id`, compared without
        /// case), from the application's data: 2.1.1 Sessions and CDRs name the token by
        /// `auth_id` only, where 2.2.1 and 2.3.0 carry the whole CdrToken. The lookup is also
        /// asked for the owner of a 2.2.1 CdrToken without `country_code`/`party_id` (as in the
        /// official 2.2.1 Session and CDR examples). Without a lookup, or when it finds nothing,
        /// such a Session or CDR is refused with 2001.
        ///
        /// Spec: 2.1.1 mod_sessions.md §Session Object (`auth_id`), mod_cdrs.md §CDR Object;
        /// 2.3.0 mod_cdrs.asciidoc §CdrToken class
        with_cdr_token_lookup(lookup: impl Fn(&str) -> Option<CdrToken> + Send + Sync + 'static)
            => cdr_token_lookup = Some(Arc::new(lookup));

        /// Finds a Location by its owner (the CPO) and `id`, from the application's data: a
        /// Session or CDR written for a 2.1.1 peer embeds the Location of the session (reduced to
        /// its one EVSE and connector), where 2.2.1 and 2.3.0 name it by id or carry a
        /// CdrLocation. Without a lookup, or when it finds nothing, such a Session or CDR cannot
        /// be written for a 2.1.1 peer.
        ///
        /// Spec: 2.1.1 mod_sessions.md §Session Object (`location`), mod_cdrs.md §CDR Object
        /// (`location`)
        with_location_lookup(lookup: impl Fn(&PartyRef, &str) -> Option<Location> + Send + Sync + 'static)
            => location_lookup = Some(Arc::new(lookup));
    }

    /// The token with `contract_id`, from [`Bridge::with_cdr_token_lookup`].
    pub(crate) fn cdr_token(
        &self,
        contract_id: &str,
        path: &str,
    ) -> Result<CdrToken, ConvertError> {
        look_up(
            self.cdr_token_lookup.as_deref(),
            path,
            "no token lookup is configured (Bridge::with_cdr_token_lookup): the token cannot be found",
            |lookup| lookup(contract_id),
            || format!("the token lookup knows no token with contract_id {contract_id:?}"),
        )
    }

    /// The Location `id` of `party`, from [`Bridge::with_location_lookup`].
    pub(crate) fn location(
        &self,
        party: &PartyRef,
        id: &str,
        path: &str,
    ) -> Result<Location, ConvertError> {
        look_up(
            self.location_lookup.as_deref(),
            path,
            "no location lookup is configured (Bridge::with_location_lookup): a 2.1.1 peer needs the whole Location",
            |lookup| lookup(party, id),
            || format!("the location lookup knows no location {id:?} of {party}"),
        )
    }
}

/// What a lookup of the [`Bridge`] finds: an error at `path` when the lookup is not configured
/// (`unset` says so) or finds nothing (`unknown` says what).
fn look_up<L: ?Sized, T>(
    lookup: Option<&L>,
    path: &str,
    unset: &str,
    find: impl FnOnce(&L) -> Option<T>,
    unknown: impl FnOnce() -> String,
) -> Result<T, ConvertError> {
    let lookup = lookup.ok_or_else(|| crate::convert::missing(path, unset))?;
    find(lookup).ok_or_else(|| crate::convert::missing(path, &unknown()))
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
    /// The object would not pass the strict reader of the peer's version, and the
    /// [`Bridge`] says [`Outgoing::Refuse`]: nothing was sent.
    #[error("{what} would not pass the strict reader of OCPI {version}: {}", deviations(.warnings))]
    Deviates {
        /// The object.
        what: &'static str,
        /// The peer's version.
        version: OcpiVersion,
        /// What deviates, with the JSON path of each.
        warnings: Vec<Warning>,
    },
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
            // Only what this platform writes deviates: its own fault, not the peer's.
            e @ WireError::Deviates { .. } => HttpError::server_error(e),
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

    /// Appends the object, written for a peer in `edge.version` (compact JSON), to `out`.
    /// On an error, `out` may hold part of it.
    fn write_into(&self, edge: &Edge<'_>, out: &mut Vec<u8>) -> Result<(), WireError>;

    /// The object written for a peer in `edge.version` (compact JSON).
    fn write(&self, edge: &Edge<'_>) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::with_capacity(256);
        self.write_into(edge, &mut out)?;
        Ok(out)
    }
}

/// What the edge does with an object about to be sent (a page or an object a server answers,
/// a body a client sends) that the strict reader of the peer's version would refuse: a
/// field the version's table requires left empty (kept so to read the spec's own errata
/// examples), a value of a closed enum the table does not list, a timestamp longer than
/// `string(25)`, a coordinate off the version's pattern. Everything else the crate's types
/// hold is valid by construction.
///
/// Spec: 2.2.1 transport_and_format.asciidoc (objects are sent as the module chapters define
/// them); DESIGN principle 10 (strict in what it sends)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Outgoing {
    /// Send nothing: a client call fails with [`WireError::Deviates`] before any request; an
    /// object of a page is left out of it ([`LeftOut`]); a single object answered is a 3000.
    #[default]
    Refuse,
    /// Send it as it is, and report it to [`Bridge::on_deviation`].
    SendAndReport,
}

/// An object left out of a page served to a peer because it cannot be written in the peer's
/// version (a Connector type an older version lacks, a field it requires that the object
/// does not have and the [`Bridge`] cannot supply). The rest of the page is served: one
/// object never stops a partner's crawl.
///
/// The pagination headers stay those of the page the handler returned: the offsets count
/// the objects of the handler's list, left-out ones included, so `Link` moves on by the
/// page's size and `X-Total-Count` is the handler's total. A peer may so receive fewer
/// objects than `X-Total-Count` says, and a page with fewer objects than `X-Limit` (or none)
/// before the last.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Pagination (the server chooses the page); the
/// conversions of [`crate::convert`]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The object's kind (`Location`, `CDR`, …).
    pub what: &'static str,
    /// Its id (`uid` for a Token, `country_code*party_id` for a ClientInfo).
    pub id: String,
    /// The version of the peer.
    pub version: OcpiVersion,
    /// Why it could not be written.
    pub reason: String,
}

/// An object served in pages: it has an id to report it by.
pub trait PageItem: Wire {
    /// The object's id, for [`LeftOut`].
    fn item_id(&self) -> String;
}

/// The error for an object that does not exist in `version`.
pub(crate) fn not_in(what: &'static str, version: OcpiVersion) -> WireError {
    WireError::NotInVersion { what, version }
}

/// Reads `T` in one version and converts it with an input that does not depend on it.
pub(crate) fn read_as<T, C>(
    bytes: &[u8],
    edge: &Edge<'_>,
    input: &T::Input,
    what: &'static str,
) -> Result<C, WireError>
where
    T: serde::de::DeserializeOwned + crate::types::Conformance + Convert<C>,
{
    let value = crate::json::parse::<T>(bytes)?.value;
    convert_as(input, value, edge, what)
}

/// Converts a value read from a peer (the input first: it may have been made from the value).
pub(crate) fn convert_as<T, C>(
    input: &T::Input,
    value: T,
    edge: &Edge<'_>,
    what: &'static str,
) -> Result<C, WireError>
where
    T: Convert<C>,
{
    let converted = value.convert(input)?;
    edge.bridge.report(what, &converted.losses);
    Ok(converted.value)
}

/// Converts a value and appends it to `out`.
pub(crate) fn write_as<S, T>(
    value: &S,
    edge: &Edge<'_>,
    input: &S::Input,
    what: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), WireError>
where
    S: Clone + Convert<T>,
    T: WriteJson + Conformance,
{
    let converted = value.clone().convert(input)?;
    edge.bridge.report(what, &converted.losses);
    put(&converted.value, edge, what, out)
}

/// Appends a value of the crate's model, in the peer's version, to `out`, once checked as the
/// peer's strict reader would (see [`Outgoing`]).
pub(crate) fn put<T: WriteJson + Conformance>(
    value: &T,
    edge: &Edge<'_>,
    what: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), WireError> {
    put_allowing(value, edge, what, out, |_| false)
}

/// [`put`], where the request's own rules let `allowed` deviations pass (a field the spec
/// makes optional in one request only).
pub(crate) fn put_allowing<T: WriteJson + Conformance>(
    value: &T,
    edge: &Edge<'_>,
    what: &'static str,
    out: &mut Vec<u8>,
    allowed: impl Fn(&Warning) -> bool,
) -> Result<(), WireError> {
    let mut warnings = Vec::new();
    value.check(&mut JsonPath::root(), &mut warnings);
    warnings.retain(|w| !allowed(w));
    if !warnings.is_empty() {
        let version = edge.version;
        match edge.bridge.outgoing {
            Outgoing::Refuse => {
                return Err(WireError::Deviates {
                    what,
                    version,
                    warnings,
                })
            }
            Outgoing::SendAndReport => {
                if let Some(hook) = &edge.bridge.on_deviation {
                    hook(what, version, &warnings);
                }
            }
        }
    }
    crate::json::write(value, out);
    Ok(())
}

/// The first deviations, for an error message.
fn deviations(warnings: &[Warning]) -> String {
    let mut text = warnings
        .iter()
        .take(3)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if warnings.len() > 3 {
        text.push_str(&format!(" (and {} more)", warnings.len() - 3));
    }
    text
}

/// Implements [`Wire`] for a 2.3.0 object: its 2.2.1 form, converted with the given inputs,
/// and its 2.1.1 form, converted through 2.2.1. Each input is an expression of `edge` (and,
/// with `|e, o|`, of the object being converted) that may fail with a [`ConvertError`]. An
/// object new in 2.3.0 (`v2_3_0: only;`) is [`WireError::NotInVersion`] for older peers.
macro_rules! wire {
    // A type that exists only in 2.3.0: peers of older versions can neither send nor receive it.
    (
        $canon:ty, $name:literal {
            v2_3_0: only;
        }
    ) => {
        $crate::modules::wire::wire!(@impl $canon, $name, |bytes, edge, self, out| read {
            match edge.version {
                OcpiVersion::V2_3_0 => Ok($crate::json::parse::<$canon>(bytes)?.value),
                version => Err($crate::modules::wire::not_in($name, version)),
            }
        } write {
            match edge.version {
                OcpiVersion::V2_3_0 => $crate::modules::wire::put(self, edge, $name, out),
                version => Err($crate::modules::wire::not_in($name, version)),
            }
        });
    };
    // A type identical in 2.2.1 and 2.3.0 (re-exported), optionally with a 2.1.1 form.
    (
        $canon:ty, $name:literal {
            v2_2_1: same;
            $(v2_1_1: $v211:ty, up: |$e3:ident| $up211:expr, down: |$e4:ident| $down211:expr;)?
        }
    ) => {
        $crate::modules::wire::wire!(@impl $canon, $name, |bytes, edge, self, out| read {
            match edge.version {
                OcpiVersion::V2_3_0 | OcpiVersion::V2_2_1 => {
                    Ok($crate::json::parse::<$canon>(bytes)?.value)
                }
                OcpiVersion::V2_1_1 => $crate::modules::wire::wire!(@or_not_in $name, edge, {$(
                    let old = $crate::json::parse::<$v211>(bytes)?.value;
                    let $e3 = edge;
                    return $crate::modules::wire::convert_as::<$v211, $canon>(
                        &$up211, old, edge, $name,
                    );
                )?}),
            }
        } write {
            match edge.version {
                OcpiVersion::V2_3_0 | OcpiVersion::V2_2_1 => {
                    $crate::modules::wire::put(self, edge, $name, out)
                }
                OcpiVersion::V2_1_1 => $crate::modules::wire::wire!(@or_not_in $name, edge, {$(
                    let $e4 = edge;
                    return $crate::modules::wire::write_as::<$canon, $v211>(
                        self, edge, &$down211, $name, out,
                    );
                )?}),
            }
        });
    };
    // A type whose 2.2.1 form differs. An input may also depend on the object converted:
    // `|e, o|` binds `o` to the source (the peer's object when reading; the 2.3.0 object, then
    // the 2.2.1 one, when writing).
    (
        $canon:ty, $name:literal {
            v2_2_1: $v221:ty,
                up: |$e1:ident $(, $o1:ident)?| $up221:expr,
                down: |$e2:ident $(, $o2:ident)?| $down221:expr;
            $(v2_1_1: $v211:ty,
                up: |$e3:ident $(, $o3:ident)?| $up211:expr,
                down: |$e4:ident $(, $o4:ident)?| $down211:expr;)?
        }
    ) => {
        $crate::modules::wire::wire!(@impl $canon, $name, |bytes, edge, self, out| read {
            use $crate::modules::wire::convert_as;
            let up221 = $crate::modules::wire::wire!(@input |$e1 $(, $o1)?| $up221, $v221);
            match edge.version {
                OcpiVersion::V2_3_0 => Ok($crate::json::parse::<$canon>(bytes)?.value),
                OcpiVersion::V2_2_1 => {
                    let old = $crate::json::parse::<$v221>(bytes)?.value;
                    convert_as::<$v221, $canon>(&up221(edge, &old)?, old, edge, $name)
                }
                OcpiVersion::V2_1_1 => $crate::modules::wire::wire!(@or_not_in $name, edge, {$(
                    let oldest = $crate::json::parse::<$v211>(bytes)?.value;
                    let $e3 = edge;
                    $(let $o3 = &oldest;)?
                    let input = $up211;
                    let old = convert_as::<$v211, $v221>(&input, oldest, edge, $name)?;
                    return convert_as::<$v221, $canon>(&up221(edge, &old)?, old, edge, $name);
                )?}),
            }
        } write {
            use $crate::modules::wire::{put, write_as};
            let down221 = $crate::modules::wire::wire!(@input |$e2 $(, $o2)?| $down221, $canon);
            match edge.version {
                OcpiVersion::V2_3_0 => put(self, edge, $name, out),
                OcpiVersion::V2_2_1 => {
                    write_as::<$canon, $v221>(self, edge, &down221(edge, self)?, $name, out)
                }
                OcpiVersion::V2_1_1 => $crate::modules::wire::wire!(@or_not_in $name, edge, {$(
                    let mid = $crate::convert::Convert::<$v221>::convert(
                        self.clone(),
                        &down221(edge, self)?,
                    )?;
                    edge.bridge.report($name, &mid.losses);
                    let $e4 = edge;
                    $(let $o4 = &mid.value;)?
                    let input = $down211;
                    return write_as::<$v221, $v211>(&mid.value, edge, &input, $name, out);
                )?}),
            }
        });
    };
    // The impl, around the bodies of `read` and `write_into` (the names of their parameters
    // given first, for the bodies to use).
    (@impl $canon:ty, $name:literal, |$bytes:ident, $edge:ident, $this:ident, $out:ident|
        read $read:block write $write:block) => {
        impl $crate::modules::Wire for $canon {
            const NAME: &'static str = $name;

            #[allow(unused_variables)]
            fn read(
                $bytes: &[u8],
                $edge: &$crate::modules::Edge<'_>,
            ) -> Result<Self, $crate::modules::WireError> {
                use $crate::versions::OcpiVersion;
                $read
            }

            #[allow(unused_variables)]
            fn write_into(
                &$this,
                $edge: &$crate::modules::Edge<'_>,
                $out: &mut Vec<u8>,
            ) -> Result<(), $crate::modules::WireError> {
                use $crate::versions::OcpiVersion;
                $write
            }
        }
    };
    // The input of a conversion to or from 2.2.1, as a closure of the edge and the `$source`
    // object converted.
    (@input |$e:ident $(, $o:ident)?| $input:expr, $source:ty) => {
        |$e: &$crate::modules::Edge<'_>, source: &$source| -> Result<_, $crate::modules::WireError> {
            $(let $o = source;)?
            Ok($input)
        }
    };
    // A 2.1.1 peer: the body (which returns) where the type has a 2.1.1 form, else
    // `NotInVersion`.
    (@or_not_in $name:literal, $edge:ident, {$($body:tt)*}) => {{
        $($body)*
        #[allow(unreachable_code)]
        Err($crate::modules::wire::not_in($name, $edge.version))
    }};
}
pub(crate) use wire;

/// Implements [`PageItem`] from the field that identifies each object.
macro_rules! page_items {
    ($($ty:ty => |$v:ident| $id:expr;)*) => {$(
        impl PageItem for $ty {
            fn item_id(&self) -> String {
                let $v = self;
                $id
            }
        }
    )*};
}

page_items! {
    crate::v2_3_0::cdrs::Cdr => |c| c.id.to_string();
    crate::v2_3_0::hub_client_info::ClientInfo => |c| format!("{}*{}", c.country_code, c.party_id);
    Location => |l| l.id.to_string();
    crate::v2_3_0::sessions::Session => |s| s.id.to_string();
    crate::v2_3_0::tariffs::Tariff => |t| t.id.to_string();
    Token => |t| t.uid.to_string();
    crate::v2_3_0::payments::Terminal => |t| t.terminal_id.as_ref().map(ToString::to_string).unwrap_or_default();
    crate::v2_3_0::payments::FinancialAdviceConfirmation => |f| f.id.to_string();
}
