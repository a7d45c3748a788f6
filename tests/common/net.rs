//! Two in-process platforms, a CPO (`cpo.example`) and an eMSP (`emsp.example`), over an
//! in-memory transport: a closure that routes each request to the other platform's sans-IO
//! handlers, and logs it. Used by the credentials handshake tests and the bad-input catalogue.
//!
//! Tokens are made by counters, so the log reads plainly: `cpo-1` is the CPO's first token.
#![allow(dead_code, unused_imports)]

pub use std::future::Future;
pub use std::pin::{pin, Pin};
pub use std::sync::atomic::{AtomicU64, Ordering};
pub use std::sync::{Arc, Mutex, Weak};
pub use std::task::{Context, Poll, Waker};
pub use std::time::{Duration, UNIX_EPOCH};

pub use http::header::AUTHORIZATION;
pub use http::Method;
pub use ocpi_protocol::credentials::{
    AnyCredentials, Caller, Change, Claim, Conflict, CredentialsStore, HandshakeError,
    InitiatorState, MemoryStore, PartyGrant, Peer, PeerId, PeerTerms, Platform, PlatformConfig,
    TokenKind, TokenRecord,
};
pub use ocpi_protocol::transport::{
    authorization_header, parse_authorization, AuthorizationMode, HttpError, PartyRef, Response,
    StatusCode,
};
pub use ocpi_protocol::types::{
    CiString, CountryCode, CredentialsToken, OcpiString, PartyId, Role, Url,
};
pub use ocpi_protocol::v2_2_1::versions::InterfaceRole;
pub use ocpi_protocol::versions::{
    CallError, Endpoint, OcpiVersion, PublishedVersion, Required, VersionsConfig, VersionsError,
    CREDENTIALS_MODULE, VERSIONS_MODULE,
};
pub use ocpi_protocol::{v2_1_1, v2_2_1, v2_3_0};

pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

pub fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

pub fn token(s: &str) -> CredentialsToken {
    CredentialsToken::new(s).unwrap()
}

pub fn id(s: &str) -> PeerId {
    PeerId::new(s)
}

pub use OcpiVersion::{V2_1_1, V2_2_1, V2_3_0};

pub fn party(country_code: &str, party_id: &str) -> PartyRef {
    PartyRef::new(
        CountryCode::new(country_code).unwrap(),
        PartyId::new(party_id).unwrap(),
    )
}

/// What each test platform may claim: its own party in any role; the CPO also the Hub party
/// its 2.3.0 credentials name (`hub_party_id` NLHUB).
pub fn grant(name: &str) -> PartyGrant {
    match name {
        "cpo" => PartyGrant::Only(vec![
            Claim {
                party: party("NL", "CPO"),
                role: None,
            },
            Claim::new(party("NL", "HUB"), Role::Hub),
        ]),
        "mal" => PartyGrant::parties([party("DE", "MAL")]),
        _ => PartyGrant::parties([party("DE", "MSP")]),
    }
}

/// The terms of a test platform's peer: its grant, and the header written in `mode` both ways
/// (as the tests of each mode need it fixed).
pub fn terms(name: &str, mode: AuthorizationMode) -> PeerTerms {
    PeerTerms::new(grant(name)).sending(mode).accepting(mode)
}

// ---- seeded scheduling: every transport call and store operation may yield ----

thread_local! {
    static JITTER: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// Makes every transport call and store operation on this thread yield a pseudo-random
/// number of times (0 to 3), from `seed`; `None` turns it off. Two futures polled in turn then
/// interleave differently for every seed.
pub fn jitter(seed: Option<u64>) {
    JITTER.with(|j| j.set(seed.map(|s| s.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)));
}

fn next_yields() -> u32 {
    JITTER.with(|j| match j.get() {
        None => 0,
        Some(mut x) => {
            // xorshift64
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            j.set(Some(x));
            (x >> 60) as u32 % 4
        }
    })
}

/// Yields as [`jitter`] says.
pub async fn shake() {
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
    for _ in 0..next_yields() {
        YieldOnce(false).await;
    }
}

/// Runs two futures to completion, polling them in turn.
pub fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    let mut cx = Context::from_waker(Waker::noop());
    while ra.is_none() || rb.is_none() {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(&mut cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(&mut cx) {
                rb = Some(v);
            }
        }
    }
    (ra.unwrap(), rb.unwrap())
}

// ---- a store that can be told to fail one write ----

#[derive(Debug, thiserror::Error)]
#[error("database unavailable")]
pub struct StoreDown;

#[derive(Default)]
pub struct Store {
    pub inner: MemoryStore,
    pub fail: Mutex<Option<&'static str>>,
}

pub fn change_kind(change: &Change) -> &'static str {
    match change {
        Change::IssueToken { .. } => "IssueToken",
        Change::RevokeToken { .. } => "RevokeToken",
        Change::SavePeer { .. } => "SavePeer",
        Change::RemovePeer { .. } => "RemovePeer",
    }
}

impl CredentialsStore for Store {
    type Error = StoreDown;

    async fn token(&self, token: &CredentialsToken) -> Result<Option<TokenRecord>, StoreDown> {
        shake().await;
        self.inner.token(token).await.map_err(|e| match e {})
    }

    async fn peer(&self, id: &PeerId) -> Result<Option<Peer>, StoreDown> {
        shake().await;
        self.inner.peer(id).await.map_err(|e| match e {})
    }

    fn apply(
        &self,
        change: Change,
    ) -> impl Future<Output = Result<Result<(), Conflict>, StoreDown>> + Send {
        let mut fail = self.fail.lock().unwrap();
        let failing = *fail == Some(change_kind(&change));
        if failing {
            *fail = None;
        }
        drop(fail);
        async move {
            shake().await;
            if failing {
                return Err(StoreDown);
            }
            self.inner.apply(change).await.map_err(|e| match e {})
        }
    }
}

// ---- two platforms and the wire between them ----

#[derive(Debug, thiserror::Error)]
#[error("connection refused")]
pub struct Down;

pub type Reply = Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, Down>> + Send>>;
pub type Wire = Box<dyn Fn(http::Request<Vec<u8>>) -> Reply + Send + Sync>;
pub type Node = Platform<Store, Wire>;

/// The setup of one platform.
pub struct Setup {
    pub name: &'static str,
    pub versions: Vec<OcpiVersion>,
    pub required: Vec<Required>,
}

pub fn setup(name: &'static str, versions: &[OcpiVersion]) -> Setup {
    Setup {
        name,
        versions: versions.to_vec(),
        required: Vec::new(),
    }
}

pub struct Net {
    pub nodes: Vec<(String, Node)>,
    /// Requests (`"GET https://…"`) that fail once at the transport.
    pub faults: Mutex<Vec<String>>,
    /// Every request: method, URL and the token it carried.
    pub log: Mutex<Vec<String>>,
    /// Every `Authorization` header, verbatim.
    pub headers: Mutex<Vec<String>>,
    /// Seconds since the start of the test.
    pub clock: Arc<AtomicU64>,
    /// How many tokens each platform has made (by host).
    pub made: Vec<(String, Arc<AtomicU64>)>,
}

pub const GRACE: u64 = 3600;

pub fn config(s: &Setup) -> PlatformConfig {
    let name = s.name;
    let base = format!("https://{name}.example/ocpi");
    let (country, party, module_role) = match name {
        "cpo" => ("NL", "CPO", InterfaceRole::Sender),
        "mal" => ("DE", "MAL", InterfaceRole::Receiver),
        _ => ("DE", "MSP", InterfaceRole::Receiver),
    };
    let (country, party) = (
        CountryCode::new(country).unwrap(),
        PartyId::new(party).unwrap(),
    );
    let versions_url = url(&format!("{base}/versions"));
    let published = s
        .versions
        .iter()
        .map(|v| PublishedVersion {
            version: *v,
            url: url(&format!("{base}/{v}")),
            endpoints: vec![
                Endpoint::new("credentials", None, url(&format!("{base}/{v}/credentials"))),
                Endpoint::new(
                    "locations",
                    Some(module_role.clone()),
                    url(&format!("{base}/{v}/locations")),
                ),
            ],
        })
        .collect();
    let unset = token("unset");
    let business = OcpiString::new(&format!("{name} platform")).unwrap();
    let credentials = s
        .versions
        .iter()
        .map(|v| match v {
            V2_1_1 => AnyCredentials::V2_1_1(v2_1_1::credentials::Credentials::new(
                unset.clone(),
                versions_url.clone(),
                v2_1_1::locations::BusinessDetails::new(business.clone()),
                party,
                country,
            )),
            V2_2_1 => {
                let role = if name == "cpo" { Role::Cpo } else { Role::Emsp };
                AnyCredentials::V2_2_1(v2_2_1::credentials::Credentials::new(
                    unset.clone(),
                    versions_url.clone(),
                    vec![v2_2_1::credentials::CredentialsRole::new(
                        role,
                        v2_2_1::locations::BusinessDetails::new(business.clone()),
                        party,
                        country,
                    )],
                ))
            }
            V2_3_0 => {
                use v2_3_0::credentials::Role;
                let role = if name == "cpo" { Role::Cpo } else { Role::Emsp };
                let mut c = v2_3_0::credentials::Credentials::new(
                    unset.clone(),
                    versions_url.clone(),
                    vec![v2_3_0::credentials::CredentialsRole::new(
                        role,
                        v2_2_1::locations::BusinessDetails::new(business.clone()),
                        party,
                        country,
                    )],
                );
                if name == "cpo" {
                    c.hub_party_id = Some(CiString::new("NLHUB").unwrap());
                }
                AnyCredentials::V2_3_0(c)
            }
        })
        .collect();
    let mut config = PlatformConfig::new(
        VersionsConfig {
            url: versions_url,
            versions: published,
        },
        credentials,
    );
    config.required = s.required.clone();
    config.grace = Duration::from_secs(GRACE);
    config
}

impl Net {
    pub fn new(setups: &[Setup]) -> Arc<Net> {
        let clock = Arc::new(AtomicU64::new(0));
        Arc::new_cyclic(|net: &Weak<Net>| {
            let (nodes, made) = setups
                .iter()
                .map(|s| {
                    let net = net.clone();
                    let wire: Wire = Box::new(move |request| {
                        let net = net.clone();
                        Box::pin(async move { net.upgrade().ok_or(Down)?.deliver(request).await })
                    });
                    let counter = Arc::new(AtomicU64::new(0));
                    let made = (format!("{}.example", s.name), counter.clone());
                    let name = s.name;
                    let time = clock.clone();
                    let node = Platform::new(config(s), Store::default(), wire)
                        .with_token_generator(move || {
                            token(&format!(
                                "{name}-{}",
                                counter.fetch_add(1, Ordering::SeqCst) + 1
                            ))
                        })
                        .with_clock(move || {
                            UNIX_EPOCH
                                + Duration::from_secs(1_700_000_000 + time.load(Ordering::SeqCst))
                        });
                    ((format!("{name}.example"), node), made)
                })
                .unzip();
            Net {
                nodes,
                made,
                faults: Mutex::default(),
                log: Mutex::default(),
                headers: Mutex::default(),
                clock,
            }
        })
    }

    pub fn node(&self, name: &str) -> &Node {
        let host = format!("{name}.example");
        &self.nodes.iter().find(|(h, _)| *h == host).unwrap().1
    }

    pub async fn deliver(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Down> {
        let target = format!("{} {}", request.method(), request.uri());
        let values = request.headers().get_all(AUTHORIZATION);
        let carried = parse_authorization(values.iter(), AuthorizationMode::Base64ThenPlain)
            .map(|a| a.token.expose().to_owned())
            .unwrap_or_else(|_| "-".to_owned());
        self.log.lock().unwrap().push(format!("{target} {carried}"));
        if let Some(h) = values.iter().next() {
            self.headers
                .lock()
                .unwrap()
                .push(h.to_str().unwrap().to_owned());
        }
        {
            let mut faults = self.faults.lock().unwrap();
            if let Some(i) = faults.iter().position(|f| *f == target) {
                faults.remove(i);
                return Err(Down);
            }
        }
        let host = request.uri().host().unwrap_or_default().to_owned();
        let node = &self.nodes.iter().find(|(h, _)| *h == host).ok_or(Down)?.1;
        shake().await;
        let response = serve(node, request).await;
        shake().await;
        Ok(response)
    }

    /// Makes the token generator of `name` repeat itself: its next token is `{name}-{n}`.
    pub fn rewind(&self, name: &str, n: u64) {
        let host = format!("{name}.example");
        let made = &self.made.iter().find(|(h, _)| *h == host).unwrap().1;
        made.store(n - 1, Ordering::SeqCst);
    }

    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    pub fn fail_once(&self, request: &str) {
        self.faults.lock().unwrap().push(request.to_owned());
    }

    pub fn advance(&self, secs: u64) {
        self.clock.fetch_add(secs, Ordering::SeqCst);
    }

    /// One request from outside the platforms' own logic (a misbehaving or replaying peer).
    pub fn call(
        &self,
        method: Method,
        url: &str,
        auth: Option<(&CredentialsToken, AuthorizationMode)>,
        body: Option<String>,
    ) -> Answer {
        let mut request = http::Request::builder().method(method).uri(url);
        if let Some((t, mode)) = auth {
            request = request.header(AUTHORIZATION, authorization_header(t, mode));
        }
        let request = request.body(body.unwrap_or_default().into_bytes()).unwrap();
        let response = block_on(self.deliver(request)).unwrap();
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        Answer {
            http: response.status().as_u16(),
            ocpi: body["status_code"].as_u64().unwrap(),
            message: body["status_message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            data: body.get("data").cloned(),
        }
    }
}

#[derive(Debug)]
pub struct Answer {
    pub http: u16,
    pub ocpi: u64,
    pub message: String,
    pub data: Option<serde_json::Value>,
}

impl Answer {
    pub fn status(&self) -> (u16, u64) {
        (self.http, self.ocpi)
    }
}

/// The dispatcher of a platform, reduced to the configuration modules and one functional
/// module: `/ocpi/versions`, `/ocpi/{version}`, `/ocpi/{version}/{module}`.
pub async fn serve(node: &Node, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    let path = request.uri().path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (module, version) = match segments[..] {
        ["ocpi", "versions"] => (VERSIONS_MODULE, None),
        ["ocpi", v] => (VERSIONS_MODULE, Some(v)),
        ["ocpi", v, module] => (module, Some(v)),
        _ => return HttpError::not_found("no such path").to_response(),
    };
    let version = match version.map(str::parse::<OcpiVersion>) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => return HttpError::not_found("no such version").to_response(),
    };
    let caller = match node.authenticate(request.headers(), module).await {
        Ok(caller) => caller,
        Err(e) => return e.to_response(),
    };
    match (module, version) {
        (VERSIONS_MODULE, None) => node.handle_versions(&request, &caller),
        (VERSIONS_MODULE, Some(v)) => node.handle_version_details(&request, &caller, v).await,
        (CREDENTIALS_MODULE, Some(v)) => node.handle_credentials(&request, &caller, v).await,
        // A functional module: reached means authorized.
        _ => http::Response::new(Response::<()>::status(StatusCode::SUCCESS, "reached").to_vec()),
    }
}

pub fn versions_url(name: &str) -> Url {
    url(&format!("https://{name}.example/ocpi/versions"))
}

pub fn issue_a(
    net: &Net,
    receiver: &str,
    initiator: &str,
    mode: AuthorizationMode,
) -> CredentialsToken {
    block_on(
        net.node(receiver)
            .issue_token_a(id(initiator), terms(initiator, mode)),
    )
    .unwrap()
}

/// Registers `initiator` with `receiver`: the receiver issues a token A, the initiator runs
/// the handshake.
pub fn register(
    net: &Net,
    initiator: &str,
    receiver: &str,
    mode: AuthorizationMode,
) -> Result<Peer, HandshakeError> {
    let a = issue_a(net, receiver, initiator, mode);
    block_on(net.node(initiator).register(
        id(receiver),
        a,
        versions_url(receiver),
        terms(receiver, mode),
    ))
}

pub fn stored(net: &Net, name: &str, peer: &str) -> Option<Peer> {
    block_on(net.node(name).store().peer(&id(peer))).unwrap()
}

/// The token `name` issued to `peer`, which `peer` calls it with: the one `peer` stored, checked
/// to be `name`'s current token of `peer` (a store keeps the tokens it issued, and need not
/// give them back).
pub fn issued(net: &Net, name: &str, peer: &str) -> CredentialsToken {
    let token = stored(net, peer, name)
        .expect("registered")
        .credentials
        .token()
        .clone();
    let record = block_on(net.node(name).store().token(&token))
        .unwrap()
        .expect("a token issued here");
    assert_eq!(
        (record.peer, record.kind),
        (id(peer), TokenKind::Current),
        "the token {name} issued to {peer}"
    );
    token
}

/// Everything a platform has stored.
pub fn state(net: &Net, name: &str) -> (Vec<Peer>, Vec<TokenRecord>) {
    let store = &net.node(name).store().inner;
    let mut peers = store.peers();
    peers.sort_by(|a, b| a.id.cmp(&b.id));
    (peers, store.token_records())
}

pub fn kinds(net: &Net, name: &str) -> Vec<TokenKind> {
    state(net, name).1.into_iter().map(|r| r.kind).collect()
}

pub fn mode_of(v: OcpiVersion) -> AuthorizationMode {
    AuthorizationMode::for_version(v.as_str())
}
