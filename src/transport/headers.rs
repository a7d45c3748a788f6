//! Unique message ids and message-routing headers.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use http::{HeaderMap, HeaderName, HeaderValue, Method};

use crate::types::{CountryCode, PartyId};
use crate::v2_2_1::versions::ModuleId;

/// `X-Request-ID`.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// `X-Correlation-ID`.
pub const X_CORRELATION_ID: HeaderName = HeaderName::from_static("x-correlation-id");
/// `OCPI-to-party-id`.
pub const OCPI_TO_PARTY_ID: HeaderName = HeaderName::from_static("ocpi-to-party-id");
/// `OCPI-to-country-code`.
pub const OCPI_TO_COUNTRY_CODE: HeaderName = HeaderName::from_static("ocpi-to-country-code");
/// `OCPI-from-party-id`.
pub const OCPI_FROM_PARTY_ID: HeaderName = HeaderName::from_static("ocpi-from-party-id");
/// `OCPI-from-country-code`.
pub const OCPI_FROM_COUNTRY_CODE: HeaderName = HeaderName::from_static("ocpi-from-country-code");

/// A unique message id for `X-Request-ID` / `X-Correlation-ID`, in UUID (version 4) form.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Unique message IDs ("It is advised to use
/// GUID/UUID as values")
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MessageId(String);

impl MessageId {
    /// A new id, unique within this process and random across processes: 122 bits from the
    /// standard library's randomly keyed hasher over a process-wide counter and the clock.
    pub fn generate() -> Self {
        static KEYS: OnceLock<RandomState> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let keys = KEYS.get_or_init(RandomState::new);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let word = |salt: u64| {
            let mut h = keys.build_hasher();
            h.write_u64(salt);
            h.write_u64(n);
            h.write_u128(nanos);
            h.finish()
        };
        let (hi, lo) = (word(0x6f63_7069), word(0x7072_6f74));
        // Version 4, variant 10xx.
        let hi = (hi & !0xf000) | 0x4000;
        let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
        MessageId(format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        ))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The header value.
    pub fn to_header_value(&self) -> HeaderValue {
        HeaderValue::from_str(&self.0).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId({})", self.0)
    }
}

/// The message ids of a request, and the ones its response must carry.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Unique message IDs: "Every request SHALL contain
/// a unique request ID, the response to this request SHALL contain the same ID"; "Every
/// request/response SHALL contain a unique correlation ID, every response to this request
/// SHALL contain the same ID".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageIds {
    /// `X-Request-ID` of the request.
    pub request_id: HeaderValue,
    /// `X-Correlation-ID` of the request.
    pub correlation_id: HeaderValue,
}

impl MessageIds {
    /// Fresh ids for a new request (a new correlation).
    pub fn new_request() -> Self {
        MessageIds {
            request_id: MessageId::generate().to_header_value(),
            correlation_id: MessageId::generate().to_header_value(),
        }
    }

    /// Ids for a request that continues a correlation (a Hub forwarding a request: new
    /// request id, same correlation id).
    pub fn forwarded(correlation_id: HeaderValue) -> Self {
        MessageIds {
            request_id: MessageId::generate().to_header_value(),
            correlation_id,
        }
    }

    /// The ids of a received request. Missing ids (a 2.1.1 peer, or a careless one) are
    /// generated, so a response always has both.
    pub fn from_request(headers: &HeaderMap) -> Self {
        let id = |name: &HeaderName| {
            headers
                .get(name)
                .filter(|v| !v.is_empty())
                .cloned()
                .unwrap_or_else(|| MessageId::generate().to_header_value())
        };
        MessageIds {
            request_id: id(&X_REQUEST_ID),
            correlation_id: id(&X_CORRELATION_ID),
        }
    }

    /// Sets both headers (on a request, or echoed on its response).
    pub fn apply(&self, headers: &mut HeaderMap) {
        headers.insert(X_REQUEST_ID, self.request_id.clone());
        headers.insert(X_CORRELATION_ID, self.correlation_id.clone());
    }
}

/// A party on the OCPI network: country code and party id.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers (country code + party id)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyRef {
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: CountryCode,
    /// Party id (ISO 15118).
    pub party_id: PartyId,
}

impl PartyRef {
    /// A party from its two halves.
    pub fn new(country_code: CountryCode, party_id: PartyId) -> Self {
        PartyRef {
            country_code,
            party_id,
        }
    }
}

impl fmt::Display for PartyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}*{}", self.country_code, self.party_id)
    }
}

/// The four message-routing headers.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Routing {
    /// `OCPI-to-country-code` + `OCPI-to-party-id`: the party the message is sent to.
    pub to: Option<PartyRef>,
    /// `OCPI-from-country-code` + `OCPI-from-party-id`: the party the message is sent from.
    pub from: Option<PartyRef>,
}

/// Why routing headers were refused. Answered with OCPI status 2001 (invalid or missing
/// parameters), or 4001 for an unknown receiver at a Hub.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    /// A header's value is not a valid country code or party id.
    #[error("routing header {header} is not valid: {reason}")]
    Invalid {
        /// The header's name.
        header: &'static str,
        /// Why.
        reason: String,
    },
    /// A header appears more than once.
    #[error("routing header {0} appears more than once")]
    Repeated(&'static str),
    /// Only one half of the `to` or `from` pair is present.
    #[error("routing headers {0} and {1} must be sent together")]
    Incomplete(&'static str, &'static str),
    /// Routing headers on a configuration module (Credentials, Versions, Hub Client Info).
    #[error("routing headers SHALL NOT be used with the {0} module")]
    NotRoutable(String),
    /// The `from` party is not one of the calling platform's parties.
    #[error("OCPI-from party {0} is not one of the caller's parties")]
    ForeignSender(PartyRef),
    /// The `to` party is not known (Hub: 4001 unknown receiver).
    #[error("OCPI-to party {0} is unknown")]
    UnknownReceiver(PartyRef),
    /// GET with the Hub as receiver on a Receiver interface, or a broadcast GET.
    #[error("{0}")]
    Scenario(&'static str),
}

fn single<'a>(
    headers: &'a HeaderMap,
    name: &HeaderName,
    label: &'static str,
) -> Result<Option<&'a str>, RoutingError> {
    let mut all = headers.get_all(name).iter();
    let Some(first) = all.next() else {
        return Ok(None);
    };
    if all.next().is_some() {
        return Err(RoutingError::Repeated(label));
    }
    first.to_str().map(Some).map_err(|_| RoutingError::Invalid {
        header: label,
        reason: "not visible ASCII".into(),
    })
}

fn pair(
    headers: &HeaderMap,
    cc: (&HeaderName, &'static str),
    pid: (&HeaderName, &'static str),
) -> Result<Option<PartyRef>, RoutingError> {
    match (single(headers, cc.0, cc.1)?, single(headers, pid.0, pid.1)?) {
        (None, None) => Ok(None),
        (Some(c), Some(p)) => {
            let country_code = CountryCode::new(c).map_err(|e| RoutingError::Invalid {
                header: cc.1,
                reason: e.to_string(),
            })?;
            let party_id = PartyId::new(p).map_err(|e| RoutingError::Invalid {
                header: pid.1,
                reason: e.to_string(),
            })?;
            Ok(Some(PartyRef::new(country_code, party_id)))
        }
        _ => Err(RoutingError::Incomplete(cc.1, pid.1)),
    }
}

/// Whether a module's messages are routed. Configuration modules are not: "routing headers
/// SHALL NOT be used with these modules".
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing Headers
pub fn is_routed(module: &ModuleId) -> bool {
    !matches!(module, ModuleId::Credentials | ModuleId::HubClientInfo)
}

impl Routing {
    /// Reads the routing headers of a message.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, RoutingError> {
        Ok(Routing {
            to: pair(
                headers,
                (&OCPI_TO_COUNTRY_CODE, "OCPI-to-country-code"),
                (&OCPI_TO_PARTY_ID, "OCPI-to-party-id"),
            )?,
            from: pair(
                headers,
                (&OCPI_FROM_COUNTRY_CODE, "OCPI-from-country-code"),
                (&OCPI_FROM_PARTY_ID, "OCPI-from-party-id"),
            )?,
        })
    }

    /// Reads the routing headers of a request to `module` (`None` for the Versions module,
    /// which has no ModuleID): configuration modules must carry none.
    pub fn for_module(
        headers: &HeaderMap,
        module: Option<&ModuleId>,
    ) -> Result<Self, RoutingError> {
        let routing = Self::from_headers(headers)?;
        let routed = module.is_some_and(is_routed);
        if !routed && (routing.to.is_some() || routing.from.is_some()) {
            let name = module.map_or("versions", |m| m.as_str());
            return Err(RoutingError::NotRoutable(name.to_owned()));
        }
        Ok(routing)
    }

    /// Writes the headers (removing any present ones).
    pub fn apply(&self, headers: &mut HeaderMap) {
        for name in [
            &OCPI_TO_COUNTRY_CODE,
            &OCPI_TO_PARTY_ID,
            &OCPI_FROM_COUNTRY_CODE,
            &OCPI_FROM_PARTY_ID,
        ] {
            headers.remove(name);
        }
        let mut put = |name: &HeaderName, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(name.clone(), v);
            }
        };
        if let Some(to) = &self.to {
            put(&OCPI_TO_COUNTRY_CODE, to.country_code.as_str());
            put(&OCPI_TO_PARTY_ID, to.party_id.as_str());
        }
        if let Some(from) = &self.from {
            put(&OCPI_FROM_COUNTRY_CODE, from.country_code.as_str());
            put(&OCPI_FROM_PARTY_ID, from.party_id.as_str());
        }
    }

    /// The routing headers of the response to a request with these headers: `to` and `from`
    /// swapped.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Party to Party (without Hub)
    pub fn reply(&self) -> Self {
        Routing {
            to: self.from,
            from: self.to,
        }
    }

    /// Which message-routing scenario a request received by a Hub is, given the Hub's own
    /// party, the method, and whether it calls a Sender interface's list (GET All).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Overview of required/optional routing
    /// headers for different scenarios
    pub fn scenario(
        &self,
        hub: &PartyRef,
        method: &Method,
        get_all: bool,
    ) -> Result<RoutingScenario, RoutingError> {
        let is_get = method == Method::GET;
        match &self.to {
            None if is_get && get_all => Err(RoutingError::Scenario(
                "an open routing request may not be a GET All: address the Hub in the OCPI-to headers",
            )),
            None => Ok(RoutingScenario::OpenRouting),
            Some(to) if to == hub && is_get && get_all => Ok(RoutingScenario::GetAllViaHub),
            Some(to) if to == hub && is_get => Err(RoutingError::Scenario(
                "GET SHALL NOT be used in combination with Broadcast Push",
            )),
            Some(to) if to == hub => Ok(RoutingScenario::BroadcastPush),
            Some(_) => Ok(RoutingScenario::Direct),
        }
    }
}

/// The message-routing scenarios of the spec.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Message Routing
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoutingScenario {
    /// To a named receiving party (directly or via a Hub).
    Direct,
    /// Push (POST, PUT, PATCH, DELETE) addressed to the Hub itself, to be sent to every
    /// connected party with the opposite role.
    BroadcastPush,
    /// No `OCPI-to` headers: the Hub decides where the request goes.
    OpenRouting,
    /// GET on a Sender interface addressed to the Hub: the Hub combines the objects of the
    /// parties it connects.
    GetAllViaHub,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(cc: &str, pid: &str) -> PartyRef {
        PartyRef::new(CountryCode::new(cc).unwrap(), PartyId::new(pid).unwrap())
    }

    fn headers(pairs: &[(&HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append((*k).clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn ids_are_uuid_shaped_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let id = MessageId::generate();
            let s = id.as_str();
            assert_eq!(s.len(), 36);
            assert_eq!(&s[14..15], "4");
            assert!(matches!(&s[19..20], "8" | "9" | "a" | "b"), "{s}");
            assert!(seen.insert(s.to_owned()));
            assert_eq!(id.to_string(), s);
            assert_eq!(format!("{id:?}"), format!("MessageId({s})"));
        }
    }

    #[test]
    fn ids_are_echoed_or_generated() {
        let h = headers(&[(&X_REQUEST_ID, "req-1"), (&X_CORRELATION_ID, "cor-1")]);
        let ids = MessageIds::from_request(&h);
        assert_eq!(ids.request_id, "req-1");
        assert_eq!(ids.correlation_id, "cor-1");
        let ids = MessageIds::from_request(&HeaderMap::new());
        assert_eq!(ids.request_id.len(), 36);
        assert_ne!(ids.request_id, ids.correlation_id);
        let fwd = MessageIds::forwarded(HeaderValue::from_static("cor-1"));
        assert_eq!(fwd.correlation_id, "cor-1");
        assert_ne!(fwd.request_id, "req-1");
        let mut out = HeaderMap::new();
        fwd.apply(&mut out);
        assert_eq!(out.get("X-Correlation-ID").unwrap(), "cor-1");
    }

    #[test]
    fn routing_headers() {
        let h = headers(&[
            (&OCPI_TO_COUNTRY_CODE, "NL"),
            (&OCPI_TO_PARTY_ID, "TNM"),
            (&OCPI_FROM_COUNTRY_CODE, "DE"),
            (&OCPI_FROM_PARTY_ID, "ABC"),
        ]);
        let r = Routing::from_headers(&h).unwrap();
        assert_eq!(r.to, Some(party("NL", "TNM")));
        assert_eq!(r.from, Some(party("DE", "ABC")));
        assert_eq!(r.reply().to, Some(party("DE", "ABC")));
        let mut out = HeaderMap::new();
        r.apply(&mut out);
        assert_eq!(Routing::from_headers(&out).unwrap(), r);

        let e = Routing::from_headers(&headers(&[(&OCPI_TO_COUNTRY_CODE, "NL")])).unwrap_err();
        assert!(matches!(e, RoutingError::Incomplete(..)));
        let e = Routing::from_headers(&headers(&[
            (&OCPI_TO_COUNTRY_CODE, "NLD"),
            (&OCPI_TO_PARTY_ID, "TNM"),
        ]))
        .unwrap_err();
        assert!(matches!(
            e,
            RoutingError::Invalid {
                header: "OCPI-to-country-code",
                ..
            }
        ));
        let e = Routing::from_headers(&headers(&[
            (&OCPI_FROM_COUNTRY_CODE, "NL"),
            (&OCPI_FROM_COUNTRY_CODE, "DE"),
            (&OCPI_FROM_PARTY_ID, "TNM"),
        ]))
        .unwrap_err();
        assert_eq!(e, RoutingError::Repeated("OCPI-from-country-code"));
    }

    #[test]
    fn configuration_modules_are_not_routed() {
        let h = headers(&[
            (&OCPI_FROM_COUNTRY_CODE, "NL"),
            (&OCPI_FROM_PARTY_ID, "TNM"),
        ]);
        for m in [ModuleId::Credentials, ModuleId::HubClientInfo] {
            assert_eq!(
                Routing::for_module(&h, Some(&m)),
                Err(RoutingError::NotRoutable(m.as_str().into()))
            );
        }
        assert_eq!(
            Routing::for_module(&h, None),
            Err(RoutingError::NotRoutable("versions".into()))
        );
        assert!(Routing::for_module(&h, Some(&ModuleId::Locations)).is_ok());
        assert!(Routing::for_module(&HeaderMap::new(), Some(&ModuleId::Credentials)).is_ok());
    }

    #[test]
    fn scenarios() {
        let hub = party("NL", "HUB");
        let to = |p: Option<PartyRef>| Routing {
            to: p,
            from: Some(party("DE", "CPO")),
        };
        assert_eq!(
            to(Some(party("FR", "MSP"))).scenario(&hub, &Method::PUT, false),
            Ok(RoutingScenario::Direct)
        );
        assert_eq!(
            to(Some(party("FR", "MSP"))).scenario(&hub, &Method::GET, false),
            Ok(RoutingScenario::Direct)
        );
        assert_eq!(
            to(Some(hub)).scenario(&hub, &Method::PUT, false),
            Ok(RoutingScenario::BroadcastPush)
        );
        assert_eq!(
            to(Some(hub)).scenario(&hub, &Method::GET, true),
            Ok(RoutingScenario::GetAllViaHub)
        );
        assert!(to(Some(hub)).scenario(&hub, &Method::GET, false).is_err());
        assert_eq!(
            to(None).scenario(&hub, &Method::POST, false),
            Ok(RoutingScenario::OpenRouting)
        );
        assert_eq!(
            to(None).scenario(&hub, &Method::GET, false),
            Ok(RoutingScenario::OpenRouting)
        );
        assert!(to(None).scenario(&hub, &Method::GET, true).is_err());
    }
}
