//! `ocpi check`: a conformance run against a live partner. Read-only by default: the versions
//! and version details, then every published Sender module crawled to its end with every
//! object validated in the negotiated version, the pagination headers and `Link`s checked,
//! `limit`, `offset`, `date_from` and `date_to` tried, request ids, envelopes and status
//! codes checked, and the error answers for a wrong token and an unknown object. `--write`
//! adds the push checks against the partner's Receiver interfaces. Against a Hub, the Sender
//! modules are crawled at a party behind it and the message routing is checked.
//!
//! Every request goes through the crate's reqwest transport, with a deadline and a cap on the
//! answer's size. The requests are made here, byte for byte, rather than through the crate's
//! typed client: what is checked is exactly what the partner answers.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use http::Method;
use indicatif::{ProgressBar, ProgressStyle};
use ocpi_protocol::credentials::{PartyGrant, PeerId};
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::commands::{CommandRequest, PendingCommands};
use ocpi_protocol::modules::{Bridge, Edge, Wire};
use ocpi_protocol::transport::{
    authorization_header, AuthorizationMode, MessageId, PageInfo, PartyRef, ReqwestTransport,
    Routing, Transport, UrlPolicy,
};
use ocpi_protocol::types::{CredentialsToken, DateTime, Url};
use ocpi_protocol::v2_2_1::versions::InterfaceRole;
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::commands::StartSession;
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::v2_3_0::tariffs::Tariff;
use ocpi_protocol::v2_3_0::tokens::Token;
use ocpi_protocol::versions::{self, Endpoint, OcpiVersion};
use serde_json::Value;

use crate::objects::{self, Kind};
use crate::platform::{self, Role, Setup};
use crate::report::{self, Check, Status};
use crate::Failure;

/// `ocpi check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The partner's versions URL.
    pub versions_url: String,
    /// The credentials token to call the partner with (never printed). With --register, the
    /// token A the partner issued. A token may start with `-`.
    #[arg(long, allow_hyphen_values = true)]
    pub token: String,
    /// TOKEN is a token A: register first (the credentials handshake, serving this tool's own
    /// versions endpoint on --listen), run the checks with the token the partner hands back,
    /// and unregister at the end.
    #[arg(long)]
    pub register: bool,
    /// The party this tool acts as (CC/PID).
    #[arg(long, value_parser = crate::party, default_value = "NL/OCK")]
    pub party: PartyRef,
    /// The role this tool plays (the partner's counterpart).
    #[arg(long, value_enum, default_value = "emsp")]
    pub role: Role,
    /// Where this tool's own endpoint listens during --register.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: String,
    /// The base URL the partner reaches this tool's endpoint at (default:
    /// `http://<listen address>/ocpi`).
    #[arg(long)]
    pub public_url: Option<String>,
    /// The version to check (default: the highest both support).
    #[arg(long, value_parser = crate::version)]
    pub version: Option<OcpiVersion>,
    /// A JSON report on standard output.
    #[arg(long)]
    pub json: bool,
    /// Also write a JUnit XML report to FILE.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// Also push test objects to the partner's Receiver interfaces (Locations, Tariffs,
    /// Tokens, Sessions, CDRs, a START_SESSION whose result comes back to this tool), and
    /// remove them where the module allows.
    #[arg(long)]
    pub write: bool,
    /// Deadline of each request, in seconds.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Largest answer read, in bytes.
    #[arg(long, default_value_t = 32 << 20)]
    pub max_bytes: usize,
    /// Answers slower than this many milliseconds are reported.
    #[arg(long, default_value_t = 3000)]
    pub slow_ms: u64,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// The modules whose Sender interface is crawled, with their object type.
const CRAWLED: [(&str, &str); 6] = [
    ("locations", "Location"),
    ("tariffs", "Tariff"),
    ("sessions", "Session"),
    ("cdrs", "Cdr"),
    ("tokens", "Token"),
    ("hubclientinfo", "ClientInfo"),
];

/// One exchange with the partner.
struct Exchange {
    url: String,
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
    elapsed: Duration,
    request_id: String,
    correlation_id: String,
}

/// The problems met by the requests made for one module (or for versions), sorted by kind.
#[derive(Default)]
struct Transport_ {
    http_fail: Vec<String>,
    http_warn: Vec<String>,
    body: Vec<String>,
    status: Vec<String>,
    request_ids: Vec<String>,
    slow: Vec<String>,
}

/// Where a request is addressed (routing headers, 2.2.1 and later).
#[derive(Debug, Clone, Copy)]
enum Route {
    /// As the URL implies: for a Hub, the party chosen for the module; for another partner,
    /// its party on a Receiver interface; nothing else.
    Default,
    /// To this party.
    To(PartyRef),
}

/// The parties a Hub routes to, as its credentials (or its Hub Client Info) name them.
#[derive(Debug, Clone)]
struct HubRoutes {
    /// The Hub's own party.
    hub: PartyRef,
    /// A CPO reachable through it: the Sender modules of a CPO are crawled there.
    cpo: Option<PartyRef>,
    /// An eMSP reachable through it: Tokens are crawled there.
    emsp: Option<PartyRef>,
}

/// A request the partner sent to this tool's own endpoint (during `--register`).
#[derive(Debug, Clone)]
struct Received {
    /// The method and path.
    what: String,
    /// Its `X-Request-ID`.
    request_id: Option<String>,
    /// Its `X-Correlation-ID`.
    correlation_id: Option<String>,
    /// Its routing headers, when it has any (a request a Hub forwarded).
    routing: Option<Routing>,
}

/// The requests the partner sent to this tool's own endpoint.
type Inbox = std::sync::Arc<std::sync::Mutex<Vec<Received>>>;

/// The URL (without a trailing `/`) of the endpoint of `module` in `role`; a 2.1.1 endpoint
/// (which has no role) when `untyped` says the module has that interface there.
fn endpoint_of(
    endpoints: &[Endpoint],
    module: &str,
    role: InterfaceRole,
    untyped: bool,
) -> Option<String> {
    endpoints
        .iter()
        .find(|e| {
            e.module == module && (e.role == Some(role.clone()) || (e.role.is_none() && untyped))
        })
        .map(|e| e.url.as_str().trim_end_matches('/').to_owned())
}

/// The interface (`sender` or `receiver`) and module a URL names, if any.
fn interface_of(url: &str) -> Option<(String, String)> {
    let path = match url::Url::parse(url) {
        Ok(parsed) => parsed.path().to_owned(),
        Err(_) => url.split('?').next().unwrap_or_default().to_owned(),
    };
    let segments: Vec<&str> = path.split('/').collect();
    let i = segments
        .iter()
        .position(|s| *s == "sender" || *s == "receiver")?;
    Some((segments[i].to_owned(), segments.get(i + 1)?.to_string()))
}

struct Checker {
    transport: ReqwestTransport,
    policy: UrlPolicy,
    token: CredentialsToken,
    mode: AuthorizationMode,
    version: OcpiVersion,
    party: PartyRef,
    slow: Duration,
    progress: ProgressBar,
    partner: Option<PartyRef>,
    /// Set when the partner is a Hub.
    hub: Option<HubRoutes>,
    /// The role this tool plays.
    role: Role,
}

fn spec(version: OcpiVersion, section: &str) -> String {
    format!("{version} {section}")
}

impl Checker {
    /// The party a request to `url` is addressed to by default.
    fn default_to(&self, url: &str) -> Option<PartyRef> {
        let (iface, module) = interface_of(url)?;
        match &self.hub {
            Some(hub) => match (iface.as_str(), module.as_str()) {
                (_, "hubclientinfo" | "credentials") => None,
                ("sender", "tokens")
                | ("receiver", "locations" | "tariffs" | "sessions" | "cdrs") => hub.emsp,
                _ => hub.cpo,
            },
            None => self.partner.filter(|_| iface == "receiver"),
        }
    }

    /// Sends one request; 429 and 503 are retried (twice at most, after Retry-After, at most
    /// 5 s). `Err` is a transport failure.
    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        token: Option<&CredentialsToken>,
        t: &mut Transport_,
    ) -> Result<Exchange, String> {
        self.send_routed(method, url, body, token, Route::Default, t)
            .await
    }

    /// [`Checker::send`], addressed by `route`.
    async fn send_routed(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        token: Option<&CredentialsToken>,
        route: Route,
        t: &mut Transport_,
    ) -> Result<Exchange, String> {
        self.policy
            .check(url)
            .map_err(|e| format!("{method} {url}: refused by the URL policy: {e}"))?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request_id = MessageId::generate().as_str().to_owned();
            let correlation_id = MessageId::generate().as_str().to_owned();
            let mut request = http::Request::builder()
                .method(method.clone())
                .uri(url)
                .header(
                    AUTHORIZATION,
                    authorization_header(token.unwrap_or(&self.token), self.mode),
                )
                .header("x-request-id", request_id.as_str())
                .header("x-correlation-id", correlation_id.as_str());
            let to = match route {
                Route::Default => self.default_to(url),
                Route::To(to) => Some(to),
            };
            if self.version != OcpiVersion::V2_1_1 {
                if let Some(to) = to {
                    request = request
                        .header("ocpi-from-country-code", self.party.country_code.as_str())
                        .header("ocpi-from-party-id", self.party.party_id.as_str())
                        .header("ocpi-to-country-code", to.country_code.as_str())
                        .header("ocpi-to-party-id", to.party_id.as_str());
                }
            }
            if body.is_some() {
                request = request.header(CONTENT_TYPE, "application/json");
            }
            let request = request
                .body(body.clone().unwrap_or_default())
                .map_err(|e| format!("{method} {url}: {e}"))?;
            let started = Instant::now();
            let response = self
                .transport
                .send(request)
                .await
                .map_err(|e| format!("{method} {url}: {e}"))?;
            let elapsed = started.elapsed();
            let status = response.status();
            if (status == http::StatusCode::TOO_MANY_REQUESTS
                || status == http::StatusCode::SERVICE_UNAVAILABLE)
                && attempt <= 2
            {
                let wait = response
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .min(5);
                t.http_warn.push(format!(
                    "{method} {url}: HTTP {status}{}; retried after {wait} s",
                    if response.headers().contains_key(RETRY_AFTER) {
                        " with Retry-After"
                    } else {
                        ""
                    }
                ));
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            let (parts, body) = response.into_parts();
            return Ok(Exchange {
                url: url.to_owned(),
                status,
                headers: parts.headers,
                body,
                elapsed,
                request_id,
                correlation_id,
            });
        }
    }

    /// Sends a request and reads an OCPI success answer: the envelope as JSON. Every problem
    /// on the way is recorded in `t`; `None` when there is no usable answer.
    async fn ocpi(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        t: &mut Transport_,
    ) -> Option<(Exchange, Value)> {
        let ex = match self.send(method.clone(), url, body, None, t).await {
            Ok(ex) => ex,
            Err(e) => {
                t.http_fail.push(e);
                return None;
            }
        };
        self.judge(&method, ex, t)
    }

    fn judge(
        &self,
        method: &Method,
        ex: Exchange,
        t: &mut Transport_,
    ) -> Option<(Exchange, Value)> {
        let what = format!("{method} {}", ex.url);
        if ex.elapsed > self.slow {
            t.slow
                .push(format!("{what}: answered in {} ms", ex.elapsed.as_millis()));
        }
        if !ex.status.is_success() {
            t.http_fail.push(format!(
                "{what}: HTTP {}{}",
                ex.status,
                excerpt(&ex.body, &self.token)
            ));
            return None;
        }
        let doc: Value = match serde_json::from_slice(&ex.body) {
            Ok(doc) => doc,
            Err(e) => {
                t.body.push(format!(
                    "{what}: not JSON ({e}){}",
                    excerpt(&ex.body, &self.token)
                ));
                return None;
            }
        };
        if doc.get("status_code").is_none() || doc.get("timestamp").is_none() {
            t.body.push(format!(
                "{what}: not an OCPI response envelope (no status_code or timestamp)"
            ));
            return None;
        }
        if self.version != OcpiVersion::V2_1_1 {
            let echo = |name: &str| {
                ex.headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            if echo("x-request-id").as_deref() != Some(ex.request_id.as_str()) {
                t.request_ids.push(format!(
                    "{what}: X-Request-ID not echoed ({:?})",
                    echo("x-request-id")
                ));
            }
            if echo("x-correlation-id").as_deref() != Some(ex.correlation_id.as_str()) {
                t.request_ids.push(format!(
                    "{what}: X-Correlation-ID not echoed ({:?})",
                    echo("x-correlation-id")
                ));
            }
        }
        let code = doc.get("status_code").and_then(Value::as_u64).unwrap_or(0);
        if code != 1000 {
            let message = doc.get("status_message").and_then(Value::as_str);
            t.status.push(format!(
                "{what}: OCPI status {code} ({})",
                self.token.mask(message.unwrap_or(""))
            ));
            return None;
        }
        Some((ex, doc))
    }

    /// The checks for the problems the requests of `area` met.
    fn transport_checks(&self, area: &str, t: Transport_, out: &mut Vec<Check>) {
        let v = self.version;
        let Transport_ {
            http_fail,
            http_warn,
            body,
            status,
            request_ids,
            slow,
        } = t;
        out.push(Check::from_problems(
            &format!("{area}.http"),
            "every answer has a success HTTP status (429 and 503 retried)",
            spec(
                v,
                "transport_and_format §Response format, status_codes §HTTP status codes",
            ),
            http_fail,
            http_warn,
        ));
        out.push(Check::from_problems(
            &format!("{area}.body"),
            "every answer is a JSON response envelope",
            spec(v, "transport_and_format §Response format"),
            body,
            vec![],
        ));
        out.push(Check::from_problems(
            &format!("{area}.status"),
            "every answer has OCPI status 1000",
            spec(v, "status_codes §1xxx: Success"),
            status,
            vec![],
        ));
        if v == OcpiVersion::V2_1_1 {
            out.push(Check::skipped(
                &format!("{area}.request-id"),
                "X-Request-ID and X-Correlation-ID echoed",
                spec(v, "transport_and_format"),
                "2.1.1 has no request ids",
            ));
        } else {
            out.push(Check::from_problems(
                &format!("{area}.request-id"),
                "X-Request-ID and X-Correlation-ID echoed",
                spec(v, "transport_and_format §Unique message IDs"),
                request_ids,
                vec![],
            ));
        }
        out.push(Check::from_problems(
            &format!("{area}.latency"),
            &format!("every answer within {} ms", self.slow.as_millis()),
            spec(
                v,
                "transport_and_format (a partner that answers late stalls its peers)",
            ),
            vec![],
            slow,
        ));
    }
}

/// The start of a body, for evidence, with the token masked where the partner echoed it (the
/// whole body is masked before the cut, so no part of the token is left at the cut).
fn excerpt(body: &[u8], token: &CredentialsToken) -> String {
    if body.is_empty() {
        return String::new();
    }
    let text = token.mask(&String::from_utf8_lossy(body));
    let cut: String = text
        .chars()
        .take(80)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        ": {cut}{}",
        if text.chars().nth(80).is_some() {
            "…"
        } else {
            ""
        }
    )
}

/// The id of an object as served (`id`, `uid`, or party for ClientInfo).
fn object_id(v: &Value) -> String {
    for k in ["id", "uid"] {
        if let Some(s) = v.get(k).and_then(Value::as_str) {
            return s.to_owned();
        }
    }
    format!(
        "{}*{}",
        v.get("country_code").and_then(Value::as_str).unwrap_or("?"),
        v.get("party_id").and_then(Value::as_str).unwrap_or("?")
    )
}

fn query_of(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let found = parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned());
    found
}

fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    {
        let mut q = parsed.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    parsed.into()
}

/// What a crawl of one module gave.
#[derive(Default)]
struct Crawl {
    complete: bool,
    ids: Vec<String>,
    updated: Vec<(String, chrono::DateTime<chrono::Utc>)>,
    x_limit: Option<u64>,
}

/// Runs the checks; `Ok(false)` when one failed.
pub async fn run(args: CheckArgs) -> Result<bool, Failure> {
    let token = CredentialsToken::new(&args.token)
        .map_err(|_| Failure::Usage("--token: not a usable credentials token".to_owned()))?;
    let versions_url = Url::new(&args.versions_url)
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.versions_url)))?;
    let transport = ReqwestTransport::builder()
        .connect_timeout(Duration::from_secs(args.timeout.clamp(1, 30)))
        .timeout(Duration::from_secs(args.timeout.max(1)))
        .max_response_bytes(args.max_bytes)
        .max_redirects(0)
        .build()
        .map_err(|e| Failure::Io(e.to_string()))?;
    let policy = platform::policy_for(versions_url.as_str(), UrlPolicy::new());
    let progress = if args.no_progress || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    };
    let mut checks = Vec::new();
    let mut own = None;
    let mut mode = AuthorizationMode::Base64;
    let mut token = token;
    let mut negotiated = args.version;
    let mut partner = None;
    let mut inbox: Option<Inbox> = None;

    // Registration, when asked.
    if args.register {
        progress.set_message("registering");
        let (listener, base) = platform::listen(&args.listen, args.public_url.as_deref()).await?;
        let built = platform::build(Setup {
            role: args.role,
            base: &base,
            party: args.party,
            versions: args.version.map_or(OcpiVersion::ALL.to_vec(), |v| vec![v]),
            max_limit: 100,
            urls: policy.clone(),
            transport: transport.clone(),
            memory: Memory::new(),
            on_register: None,
        })?;
        let received = Inbox::default();
        inbox = Some(received.clone());
        let app = built
            .server
            .clone()
            .router()
            .layer(axum::middleware::from_fn_with_state(received, record));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let registered = built
            .server
            .platform()
            .register(
                PeerId::new("partner"),
                token.clone(),
                versions_url.clone(),
                PartyGrant::Vetted,
            )
            .await;
        match registered {
            Ok(peer) => {
                checks.push(Check::from_problems(
                    "credentials.register",
                    "the credentials handshake with token A completes",
                    spec(peer.version, "credentials §Registration"),
                    vec![],
                    vec![],
                ));
                token = peer.credentials.token().clone();
                mode = peer.mode;
                negotiated = Some(peer.version);
                partner = peer.credentials.claims().first().map(|c| c.party);
                own = Some((built, peer));
            }
            Err(e) => {
                progress.finish_and_clear();
                checks.push(Check::from_problems(
                    "credentials.register",
                    "the credentials handshake with token A completes",
                    "credentials §Registration".to_owned(),
                    vec![e.to_string()],
                    vec![],
                ));
                return finish(&args, None, checks);
            }
        }
    }

    let mut checker = Checker {
        transport: transport.clone(),
        policy,
        token,
        mode,
        version: negotiated.unwrap_or(OcpiVersion::V2_2_1),
        party: args.party,
        slow: Duration::from_millis(args.slow_ms),
        progress,
        partner,
        hub: None,
        role: args.role,
    };

    // Versions.
    checker.progress.set_message("versions");
    let mut vt = Transport_::default();
    let mut first = checker
        .send(Method::GET, versions_url.as_str(), None, None, &mut vt)
        .await;
    if !args.register {
        if let Ok(ex) = &first {
            if ex.status == http::StatusCode::UNAUTHORIZED {
                // A 2.1.1 partner reads the token as written.
                checker.mode = AuthorizationMode::Plain;
                first = checker
                    .send(Method::GET, versions_url.as_str(), None, None, &mut vt)
                    .await;
            }
        }
    }
    let first = match first {
        Ok(ex) => ex,
        Err(e) => {
            checker.progress.finish_and_clear();
            return Err(Failure::Io(format!("the partner cannot be reached: {e}")));
        }
    };
    let list = checker.judge(&Method::GET, first, &mut vt);
    let Some((versions_ex, _)) = list else {
        checker.transport_checks("versions", vt, &mut checks);
        checks.push(Check::skipped(
            "versions.list",
            "the versions list",
            spec(
                checker.version,
                "version_information_endpoint §Version information endpoint",
            ),
            "no usable answer",
        ));
        checker.progress.finish_and_clear();
        return finish(&args, None, checks);
    };
    let entries = match versions::parse_versions(&versions_ex.body) {
        Ok(entries) => entries,
        Err(e) => {
            checks.push(Check::from_problems(
                "versions.list",
                "the versions list is valid",
                spec(
                    checker.version,
                    "version_information_endpoint §Version information endpoint",
                ),
                vec![e.to_string()],
                vec![],
            ));
            checker.transport_checks("versions", vt, &mut checks);
            checker.progress.finish_and_clear();
            return finish(&args, None, checks);
        }
    };
    let mut problems = Vec::new();
    if entries.is_empty() {
        problems.push("the list is empty".to_owned());
    }
    let ours: Vec<OcpiVersion> = args.version.map_or(OcpiVersion::ALL.to_vec(), |v| vec![v]);
    let chosen = match negotiated {
        Some(v) => entries
            .iter()
            .find(|e| e.known() == Some(v))
            .map(|e| (v, e.url.clone())),
        None => versions::negotiate(&ours, &entries)
            .ok()
            .map(|(v, u)| (v, u.clone())),
    };
    if chosen.is_none() {
        problems.push(format!(
            "no version in common: the partner offers {:?}",
            entries
                .iter()
                .map(|e| e.version.clone())
                .collect::<Vec<_>>()
        ));
    }
    checks.push(Check::from_problems(
        "versions.list",
        "the versions list is valid and offers a version in common",
        spec(
            checker.version,
            "version_information_endpoint §Version information endpoint",
        ),
        problems,
        vec![],
    ));
    let Some((version, details_url)) = chosen else {
        checker.transport_checks("versions", vt, &mut checks);
        checker.progress.finish_and_clear();
        return finish(&args, None, checks);
    };
    checker.version = version;
    if checker.mode == AuthorizationMode::Base64 && version == OcpiVersion::V2_1_1 && !args.register
    {
        checker.mode = AuthorizationMode::Plain;
    }

    // Version details.
    checker
        .progress
        .set_message(format!("version details of {version}"));
    let mut endpoints: Vec<Endpoint> = Vec::new();
    match checker
        .ocpi(Method::GET, details_url.as_str(), None, &mut vt)
        .await
    {
        Some((ex, _)) => match versions::parse_version_details(version, &ex.body) {
            Ok(list) => endpoints = list,
            Err(e) => checks.push(Check::from_problems(
                "details.shape",
                "the version details are valid",
                spec(
                    version,
                    "version_information_endpoint §Version details endpoint",
                ),
                vec![e.to_string()],
                vec![],
            )),
        },
        None => checks.push(Check::skipped(
            "details.shape",
            "the version details are valid",
            spec(
                version,
                "version_information_endpoint §Version details endpoint",
            ),
            "no usable answer",
        )),
    }
    if !endpoints.is_empty() {
        checks.push(Check::from_problems(
            "details.shape",
            "the version details are valid",
            spec(
                version,
                "version_information_endpoint §Version details endpoint",
            ),
            vec![],
            vec![],
        ));
        let mut fail = Vec::new();
        let mut warn = Vec::new();
        let mut plain = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for e in &endpoints {
            let url = e.url.as_str();
            match url::Url::parse(url) {
                Ok(u) if u.scheme() == "https" || u.scheme() == "http" => {
                    if u.scheme() == "http" {
                        plain.push(format!("{}: {url}", e.module));
                    }
                }
                _ => fail.push(format!("{}: not an absolute http(s) URL: {url}", e.module)),
            }
            if url.ends_with('/') {
                warn.push(format!("{}: URL ends with '/' ({url})", e.module));
            }
            if !seen.insert((e.module.clone(), e.role.as_ref().map(|r| r.to_string()))) {
                fail.push(format!("{} {:?} listed twice", e.module, e.role));
            }
            if version != OcpiVersion::V2_1_1 && e.role.is_none() {
                fail.push(format!("{}: no role", e.module));
            }
        }
        checks.push(Check::from_problems(
            "details.urls",
            "endpoint URLs are absolute, unique, without trailing '/'",
            spec(version, "version_information_endpoint §Endpoint class"),
            fail,
            warn,
        ));
        checks.push(Check::from_problems(
            "details.tls",
            "endpoints are served over https",
            spec(version, "transport_and_format §Security and authentication"),
            vec![],
            plain,
        ));
        let required = endpoints.iter().any(|e| e.module == "credentials");
        checks.push(Check::from_problems(
            "details.required",
            "the credentials endpoint is published",
            spec(version, "credentials §Registration (required endpoints)"),
            if required {
                vec![]
            } else {
                vec!["no credentials endpoint".to_owned()]
            },
            vec![],
        ));
    } else {
        for (id, title) in [
            ("details.urls", "endpoint URLs"),
            ("details.tls", "endpoints over https"),
            ("details.required", "required endpoints"),
        ] {
            checks.push(Check::skipped(
                id,
                title,
                spec(
                    version,
                    "version_information_endpoint §Version details endpoint",
                ),
                "no version details",
            ));
        }
    }
    // A Hub: the parties its requests are routed to.
    if version != OcpiVersion::V2_1_1 && !endpoints.is_empty() {
        checker.hub = detect_hub(&checker, &endpoints, &mut vt).await;
    }
    checker.transport_checks("versions", vt, &mut checks);

    // The Sender modules.
    let senders: Vec<(&str, &str, String)> = CRAWLED
        .iter()
        .filter_map(|(module, object)| {
            let e = endpoints.iter().find(|e| {
                e.module == *module
                    && match (&e.role, version) {
                        (Some(r), _) => *r == InterfaceRole::Sender,
                        (None, OcpiVersion::V2_1_1) => match args.role {
                            Role::Emsp => *module != "tokens",
                            Role::Cpo => *module == "tokens",
                        },
                        (None, _) => false,
                    }
            })?;
            Some((*module, *object, e.url.as_str().to_owned()))
        })
        .collect();
    if senders.is_empty() {
        checks.push(Check::skipped(
            "modules",
            "Sender modules",
            spec(version, "version_information_endpoint"),
            "the partner publishes no Sender interface this tool crawls",
        ));
    }
    for (module, object, url) in &senders {
        let Some(kind) = objects::find(version, object) else {
            continue;
        };
        check_module(&checker, module, kind, url, &mut checks).await;
    }

    // A Hub's message routing.
    hub_checks(
        &checker,
        &endpoints,
        inbox.as_ref(),
        Duration::from_secs(args.timeout.max(1)),
        &mut checks,
    )
    .await;

    // Error answers: a wrong token.
    let target = senders
        .first()
        .map(|s| s.2.clone())
        .unwrap_or_else(|| details_url.as_str().to_owned());
    let wrong = CredentialsToken::new(&format!(
        "ocpi-check-wrong-{}",
        MessageId::generate().as_str()
    ))
    .map_err(|e| Failure::Io(e.to_string()))?;
    let mut t = Transport_::default();
    let answer = checker
        .send(Method::GET, &target, None, Some(&wrong), &mut t)
        .await;
    let (fail, warn) = match answer {
        Ok(ex) if ex.status == http::StatusCode::UNAUTHORIZED => (vec![], vec![]),
        Ok(ex) if ex.status.is_success() => (
            vec![format!(
                "GET {target} with a token the partner never issued: HTTP {} (data served)",
                ex.status
            )],
            vec![],
        ),
        Ok(ex) => (
            vec![],
            vec![format!(
                "GET {target} with a wrong token: HTTP {} (401 expected)",
                ex.status
            )],
        ),
        Err(e) => (vec![e], vec![]),
    };
    checks.push(Check::from_problems(
        "auth.wrong-token",
        "a wrong token is refused with HTTP 401",
        spec(version, "transport_and_format §Authorization header"),
        fail,
        warn,
    ));

    // --write: the partner's Receiver interfaces.
    if args.write {
        // This tool serves the response_url of a Command when it registered as an eMSP.
        let commands = own
            .as_ref()
            .filter(|(built, _)| built.role == Role::Emsp)
            .map(|(built, peer)| (built.pending.clone(), peer.id.clone()));
        write_checks(
            &checker,
            &endpoints,
            commands.as_ref(),
            Duration::from_secs(args.timeout.max(1)),
            &mut checks,
        )
        .await;
    } else {
        checks.push(Check::skipped(
            "write",
            "push checks against the partner's Receiver interfaces",
            spec(version, "Receiver interfaces"),
            "read-only run (use --write)",
        ));
    }

    // Unregister.
    if let Some((built, peer)) = own {
        checker.progress.set_message("unregistering");
        let result = built.server.platform().unregister(&peer.id).await;
        checks.push(Check::from_problems(
            "credentials.unregister",
            "DELETE credentials ends the registration",
            spec(version, "credentials §DELETE Method"),
            result.err().map(|e| e.to_string()).into_iter().collect(),
            vec![],
        ));
    }
    checker.progress.finish_and_clear();
    finish(&args, Some(version), checks)
}

fn finish(
    args: &CheckArgs,
    version: Option<OcpiVersion>,
    checks: Vec<Check>,
) -> Result<bool, Failure> {
    let target = &args.versions_url;
    let version = version.map(|v| v.to_string());
    if args.json {
        print!("{}", report::json(target, version.as_deref(), &checks));
    } else {
        print!("{}", report::table(target, &checks));
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, report::junit(target, &checks))
            .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
    }
    Ok(checks.iter().all(|c| c.status != Status::Fail))
}

/// Every check of one Sender module.
async fn check_module(c: &Checker, module: &str, kind: Kind, url: &str, out: &mut Vec<Check>) {
    let v = c.version;
    let mut t = Transport_::default();
    let mut object_fail = Vec::new();
    let mut object_warn = Vec::new();
    let mut pagination = Vec::new();
    let pagination_spec = spec(v, "transport_and_format §Pagination");
    // Sessions require date_from (2.2.1 and later).
    let base_filter: Vec<(&str, &str)> = if module == "sessions" {
        vec![("date_from", "2000-01-01T00:00:00Z")]
    } else {
        vec![]
    };
    let first = with_query(url, &base_filter);

    // The crawl.
    let mut crawl = Crawl::default();
    let mut next = Some(first.clone());
    let mut offset = 0u64;
    let mut totals: Vec<u64> = Vec::new();
    let mut served = 0u64;
    let mut pages = 0u64;
    let mut empty_pages = 0;
    while let Some(page_url) = next.take() {
        pages += 1;
        c.progress
            .set_message(format!("{module}: page {pages}, {served} objects"));
        if pages > 5_000 {
            pagination.push("more than 5000 pages: stopped".to_owned());
            break;
        }
        let Some((ex, doc)) = c.ocpi(Method::GET, &page_url, None, &mut t).await else {
            break;
        };
        let data = doc
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if doc.get("data").is_some_and(|d| !d.is_array()) {
            object_fail.push(format!("GET {page_url}: data is not a list"));
        }
        match (kind.envelope_list)(&ex.body) {
            Ok(list) => {
                for e in list.list.errors {
                    object_fail.push(format!(
                        "page {pages}, {}: {} [{}]",
                        e.error.path,
                        e.error.message,
                        object_spec(&kind, &e.error.path)
                    ));
                }
                for w in list.list.warnings {
                    object_warn.push(format!("page {pages}, {w}"));
                }
            }
            Err(e) => object_fail.push(format!("page {pages}: {e}")),
        }
        for item in &data {
            crawl.ids.push(object_id(item));
            if let Some(ts) = item.get("last_updated").and_then(Value::as_str) {
                if let Ok(d) = DateTime::parse(ts) {
                    crawl.updated.push((object_id(item), d.to_chrono()));
                }
            }
        }
        let count = data.len() as u64;
        let info = match PageInfo::from_headers(&ex.headers) {
            Ok(info) => info,
            Err(e) => {
                pagination.push(format!("page {pages}: {e}"));
                PageInfo::default()
            }
        };
        match info.total_count {
            Some(total) => {
                if let Some(&last) = totals.last() {
                    if last != total {
                        pagination.push(format!("page {pages}: X-Total-Count changed during the crawl ({last} → {total})"));
                    }
                }
                totals.push(total);
            }
            None => pagination.push(format!("page {pages}: no X-Total-Count header")),
        }
        match info.limit {
            Some(limit) => {
                crawl.x_limit.get_or_insert(limit);
                if count > limit {
                    pagination.push(format!(
                        "page {pages}: {count} objects, more than X-Limit {limit}"
                    ));
                }
            }
            None => pagination.push(format!("page {pages}: no X-Limit header")),
        }
        served += count;
        if count == 0 {
            empty_pages += 1;
        }
        match info.next {
            Some(link) => {
                let resolved = ocpi_protocol::transport::resolve_link(&page_url, &link);
                match resolved {
                    Ok(u) => {
                        let link_offset =
                            query_of(u.as_str(), "offset").and_then(|o| o.parse::<u64>().ok());
                        let expected = offset + count;
                        match link_offset {
                            Some(o)
                                if o == expected || Some(o) == info.limit.map(|l| offset + l) =>
                            {
                                offset = o
                            }
                            Some(o) if o <= offset => {
                                pagination.push(format!("page {pages}: Link goes back or stays (offset {o} after {offset})"));
                                break;
                            }
                            Some(o) => {
                                pagination.push(format!("page {pages}: Link offset {o}, expected {expected} ({offset} + {count} served)"));
                                offset = o;
                            }
                            None => offset = expected,
                        }
                        for (k, _) in &base_filter {
                            if query_of(u.as_str(), k).is_none() {
                                pagination.push(format!("page {pages}: Link drops the filter {k}"));
                            }
                        }
                        if empty_pages > 3 {
                            pagination.push("more than 3 empty pages before the end".to_owned());
                            break;
                        }
                        next = Some(u.as_str().to_owned());
                    }
                    Err(e) => pagination.push(format!("page {pages}: Link {link}: {e}")),
                }
            }
            None => {
                crawl.complete = true;
                if let Some(&total) = totals.last() {
                    if served != total {
                        pagination.push(format!(
                            "{served} objects served in {pages} pages, X-Total-Count said {total}"
                        ));
                    }
                }
            }
        }
    }
    let mut dupes = crawl.ids.clone();
    dupes.sort();
    let before = dupes.len();
    dupes.dedup();
    if dupes.len() < before && crawl.complete {
        pagination.push(format!(
            "{} objects served more than once",
            before - dupes.len()
        ));
    }
    out.push(Check::from_problems(
        &format!("{module}.objects"),
        &format!("every {} served is valid in OCPI {v}", kind.name),
        object_section(&kind, v),
        object_fail,
        object_warn,
    ));
    if crawl.complete {
        out.push(Check::from_problems(
            &format!("{module}.pagination"),
            "X-Total-Count, X-Limit and Link consistent; everything counted is served",
            pagination_spec.clone(),
            pagination,
            vec![],
        ));
    } else if !pagination.is_empty() {
        out.push(Check::from_problems(
            &format!("{module}.pagination"),
            "X-Total-Count, X-Limit and Link consistent",
            pagination_spec.clone(),
            pagination,
            vec![],
        ));
    } else {
        out.push(Check::skipped(
            &format!("{module}.pagination"),
            "X-Total-Count, X-Limit and Link consistent",
            pagination_spec.clone(),
            "the crawl did not reach its end",
        ));
    }

    // offset.
    let id = format!("{module}.offset");
    if crawl.ids.len() >= 3 {
        let mut filter = base_filter.clone();
        filter.extend([("offset", "1"), ("limit", "2")]);
        let answer = c
            .ocpi(Method::GET, &with_query(url, &filter), None, &mut t)
            .await;
        out.push(judged(
            &id,
            "offset is honoured",
            pagination_spec.clone(),
            answer,
            |(_, doc)| {
                let got: Vec<String> = doc
                    .get("data")
                    .and_then(Value::as_array)
                    .map(|l| l.iter().map(object_id).collect())
                    .unwrap_or_default();
                let want = &crawl.ids[1..3];
                if got != want {
                    vec![format!(
                        "offset=1&limit=2 served {got:?}; the crawl had {want:?} there"
                    )]
                } else {
                    vec![]
                }
            },
        ));
    } else {
        out.push(Check::skipped(
            &id,
            "offset is honoured",
            pagination_spec.clone(),
            "fewer than 3 objects",
        ));
    }

    // limit.
    c.progress
        .set_message(format!("{module}: limit, offset, dates"));
    let mut filter = base_filter.clone();
    filter.push(("limit", "2"));
    let id = format!("{module}.limit");
    let answer = c
        .ocpi(Method::GET, &with_query(url, &filter), None, &mut t)
        .await;
    out.push(judged(
        &id,
        "limit is honoured",
        pagination_spec.clone(),
        answer,
        |(_, doc)| {
            let n = doc
                .get("data")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if n > 2 {
                vec![format!("limit=2 served {n} objects")]
            } else {
                vec![]
            }
        },
    ));

    // date_from and date_to.
    let id = format!("{module}.dates");
    let mut times: Vec<chrono::DateTime<chrono::Utc>> = crawl.updated.iter().map(|u| u.1).collect();
    times.sort();
    // Distinct at the precision of the filter (whole seconds).
    times.dedup_by_key(|d| d.timestamp());
    if times.len() >= 4 {
        let from = times[times.len() / 3];
        let to = times[2 * times.len() / 3];
        let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let (from_s, to_s) = (fmt(from), fmt(to));
        let filter: Vec<(&str, &str)> =
            vec![("date_from", from_s.as_str()), ("date_to", to_s.as_str())];
        let answer = c
            .ocpi(Method::GET, &with_query(url, &filter), None, &mut t)
            .await;
        out.push(judged(
            &id,
            "date_from and date_to are honoured",
            pagination_spec.clone(),
            answer,
            |(_, doc)| {
                let mut fail = Vec::new();
                let list = doc
                    .get("data")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for item in &list {
                    let Some(ts) = item.get("last_updated").and_then(Value::as_str) else {
                        continue;
                    };
                    let Ok(d) = DateTime::parse(ts) else { continue };
                    let d = d.to_chrono();
                    if d < from || d > to {
                        fail.push(format!(
                            "{} (last_updated {ts}) served for date_from={from_s}&date_to={to_s}",
                            object_id(item)
                        ));
                    }
                }
                let inside = crawl
                    .updated
                    .iter()
                    .filter(|u| u.1 >= from && u.1 < to)
                    .count();
                if list.is_empty() && inside > 0 {
                    fail.push(format!("nothing served for date_from={from_s}&date_to={to_s}; the crawl had {inside} objects in that window"));
                }
                fail
            },
        ));
    } else {
        out.push(Check::skipped(
            &id,
            "date_from and date_to are honoured",
            pagination_spec.clone(),
            "too few distinct last_updated values",
        ));
    }

    // One object by id, and an unknown id (Locations has them).
    if module == "locations" {
        let base = url
            .split('?')
            .next()
            .unwrap_or(url)
            .trim_end_matches('/')
            .to_owned();
        let section = spec(v, "mod_locations §Sender Interface (GET Object)");
        match crawl.ids.first() {
            Some(first_id) => {
                let object_url = format!("{base}/{}", utf8_path(first_id));
                let answer = c.ocpi(Method::GET, &object_url, None, &mut t).await;
                out.push(judged(
                    "locations.object",
                    "GET of one Location by id",
                    section.clone(),
                    answer,
                    |(ex, doc)| {
                        let mut fail = Vec::new();
                        match doc.get("data") {
                            Some(Value::Object(o)) => {
                                if o.get("id").and_then(Value::as_str) != Some(first_id) {
                                    fail.push(format!("GET {object_url} served another object"));
                                }
                                if let Err(e) = (kind.envelope_one)(&ex.body) {
                                    fail.push(format!("GET {object_url}: {e}"));
                                }
                            }
                            Some(Value::Array(l)) => fail.push(format!(
                                "GET {object_url}: data is a list of {} (one object expected)",
                                l.len()
                            )),
                            _ => fail.push(format!("GET {object_url}: no object in data")),
                        }
                        fail
                    },
                ));
            }
            None => out.push(Check::skipped(
                "locations.object",
                "GET of one Location by id",
                section.clone(),
                "no Location served",
            )),
        }
        let unknown = format!(
            "{base}/OCPI-CHECK-UNKNOWN-{}",
            &MessageId::generate().as_str()[..8]
        );
        let mut t2 = Transport_::default();
        let (fail, warn) = match c.send(Method::GET, &unknown, None, None, &mut t2).await {
            Ok(ex) => {
                let code = ocpi_status(&ex.body);
                if ex.status.is_success() && code == Some(1000) {
                    (
                        vec![format!(
                            "GET {unknown}: HTTP {} with status 1000 for an id that does not exist",
                            ex.status
                        )],
                        vec![],
                    )
                } else if ex.status == http::StatusCode::NOT_FOUND {
                    (vec![], vec![])
                } else {
                    (
                        vec![],
                        vec![format!(
                            "GET {unknown}: HTTP {}, OCPI status {} (HTTP 404 expected)",
                            ex.status,
                            code.map_or("none".to_owned(), |c| c.to_string())
                        )],
                    )
                }
            }
            Err(e) => (vec![e], vec![]),
        };
        out.push(Check::from_problems(
            "locations.unknown-id",
            "an unknown Location is answered HTTP 404",
            spec(
                v,
                "status_codes (GET of a resource that does not exist: 404)",
            ),
            fail,
            warn,
        ));
    }
    c.transport_checks(module, t, out);
}

fn utf8_path(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn object_section(kind: &Kind, v: OcpiVersion) -> String {
    objects::spec_section(&(kind.schema)(), ".").unwrap_or_else(|| format!("{v} {}", kind.name))
}

fn object_spec(kind: &Kind, path: &str) -> String {
    let inner = path.find(']').map_or(path, |i| &path[i + 1..]);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    objects::spec_section(&(kind.schema)(), if inner.is_empty() { "." } else { inner })
        .unwrap_or_default()
}

/// The push checks: test objects PUT to the partner's Receiver interfaces, read back, changed,
/// and removed where the module has a DELETE.
async fn write_checks(
    c: &Checker,
    endpoints: &[Endpoint],
    commands: Option<&(PendingCommands, PeerId)>,
    timeout: Duration,
    out: &mut Vec<Check>,
) {
    let v = c.version;
    // 2.1.1 endpoints have no role: the partner's interface is the one its role has (a CPO
    // receives Tokens and Commands, an eMSP the other modules).
    let received_in_2_1_1 = |module: &str| match c.role {
        Role::Emsp => matches!(module, "tokens" | "commands"),
        Role::Cpo => !matches!(module, "tokens" | "commands"),
    };
    let receiver = |module: &str| {
        let untyped = v == OcpiVersion::V2_1_1 && received_in_2_1_1(module);
        endpoint_of(endpoints, module, InterfaceRole::Receiver, untyped)
    };
    let bridge = Bridge::default();
    let edge = Edge {
        version: v,
        party: Some(c.party),
        bridge: &bridge,
    };
    let party = c.party;
    let stamp = DateTime::now();
    let mut rng = crate::data::Rng::new(7);
    let mut any = false;

    // Each step pushes to one module the partner receives.
    let mut step = |module: &str| {
        let url = receiver(module)?;
        any = true;
        c.progress.set_message(format!("write: {module}"));
        Some(url)
    };

    if let Some(url) = step("locations") {
        let location = test_location(&mut rng, &party, stamp);
        write_location(c, &url, &location, &edge, out).await;
    }
    if let Some(url) = step("tariffs") {
        let mut tariff = crate::data::tariff(&mut rng, &party, 1);
        tariff.id = "OCPI-CHECK-T".parse().unwrap_or(tariff.id);
        tariff.last_updated = Some(stamp);
        write_tariff(c, &url, &tariff, &edge, out).await;
    }
    if let Some(url) = step("tokens") {
        let mut token = crate::data::token(&mut rng, &party, 1);
        token.uid = "OCPI-CHECK-TK".parse().unwrap_or(token.uid);
        token.last_updated = stamp;
        // An RFID Token: a 2.1.1 URL names a Token by uid alone, and RFID is the type every
        // version has.
        token.r#type = "RFID".parse().unwrap_or(token.r#type);
        write_token(c, &url, &token, &edge, out).await;
    }
    let sender = |module: &str| {
        let untyped = v == OcpiVersion::V2_1_1 && !received_in_2_1_1(module);
        endpoint_of(endpoints, module, InterfaceRole::Sender, untyped)
    };
    // A run's own ids: Sessions and CDRs are never removed, and CDRs never replaced.
    let run_id: String = MessageId::generate()
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    // At the test Location (the one PUT above, when the partner receives Locations).
    let location = test_location(&mut rng, &party, stamp);
    // A 2.1.1 Session or CDR carries its whole Location.
    let whole = location.clone();
    let bridge = Bridge::default().with_location_lookup(move |_, _| Some(whole.clone()));
    let edge = Edge {
        version: v,
        party: Some(c.party),
        bridge: &bridge,
    };
    let emsp = c
        .hub
        .as_ref()
        .and_then(|h| h.emsp)
        .or(c.partner)
        .unwrap_or(party);
    let mut session = crate::data::session(&mut rng, &party, &emsp, &location, 1);
    session.id = format!("OCPI-CHECK-S-{run_id}")
        .parse()
        .unwrap_or(session.id);
    session.status = ocpi_protocol::v2_3_0::sessions::SessionStatus::Active;
    session.end_date_time = None;
    session.last_updated = stamp;
    if let Some(url) = step("sessions") {
        write_session(c, &url, &session, &edge, out).await;
    }
    if let Some(url) = step("cdrs") {
        let mut ended = session.clone();
        ended.end_date_time = Some(stamp);
        ended.status = ocpi_protocol::v2_3_0::sessions::SessionStatus::Completed;
        match crate::data::cdr(&ended, &location) {
            Some(mut cdr) => {
                cdr.id = format!("OCPI-CHECK-C-{run_id}").parse().unwrap_or(cdr.id);
                cdr.last_updated = stamp;
                write_cdr(c, &url, &cdr, &edge, out).await;
            }
            None => out.push(Check::skipped(
                "write.cdrs",
                "POST of a test CDR",
                spec(v, "mod_cdrs §Receiver Interface"),
                "no CDR could be made",
            )),
        }
    }
    if let Some(url) = step("commands") {
        let title =
            "START_SESSION with a response_url served by this tool: answered, then its result";
        let section = spec(v, "mod_commands §Receiver Interface, §Flow");
        match commands {
            None => out.push(Check::skipped(
                "write.commands",
                title,
                section,
                "this tool serves a response_url only with --register as an eMSP (--role emsp)",
            )),
            Some((pending, peer)) => {
                let at = match sender("locations") {
                    Some(list) => {
                        let mut t = Transport_::default();
                        c.ocpi(
                            Method::GET,
                            &with_query(&list, &[("limit", "1")]),
                            None,
                            &mut t,
                        )
                        .await
                        .and_then(|(_, doc)| doc.pointer("/data/0/id")?.as_str().map(str::to_owned))
                    }
                    None => None,
                };
                match at {
                    Some(location_id) => {
                        write_command(c, &url, &location_id, pending, peer, timeout, &edge, out)
                            .await
                    }
                    None => out.push(Check::skipped(
                        "write.commands",
                        title,
                        section,
                        "the partner serves no Location to start a session at",
                    )),
                }
            }
        }
    }
    if !any {
        out.push(Check::skipped("write", "push checks", spec(v, "Receiver interfaces"), "the partner publishes no Receiver interface this tool pushes to (Locations, Tariffs, Tokens, Sessions, CDRs, Commands)"));
    }
}

fn problems(t: Transport_) -> Vec<String> {
    let mut out = t.http_fail;
    out.extend(t.body);
    out.extend(t.status);
    out
}

/// Records the requests the partner sends to this tool's own endpoint, on the functional
/// modules.
async fn record(
    axum::extract::State(inbox): axum::extract::State<Inbox>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path().to_owned();
    if interface_of(&path).is_some() {
        let h = request.headers();
        let get = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let received = Received {
            what: format!("{} {path}", request.method()),
            request_id: get("x-request-id"),
            correlation_id: get("x-correlation-id"),
            routing: Routing::from_headers(h)
                .ok()
                .filter(|r| r.to.is_some() || r.from.is_some()),
        };
        if let Ok(mut list) = inbox.lock() {
            if list.len() < 1000 {
                list.push(received);
            }
        }
    }
    next.run(request).await
}

/// A party written `CC` and `PID` in a JSON object.
fn party_in(v: &Value) -> Option<PartyRef> {
    let cc = v.get("country_code")?.as_str()?;
    let pid = v.get("party_id")?.as_str()?;
    crate::party(&format!("{cc}/{pid}")).ok()
}

/// Whether the partner is a Hub (a `HUB` role in its 2.2.1 credentials, a `hub_party_id` in
/// 2.3.0), and the parties it routes to: from its credentials roles, else from its Hub Client
/// Info.
async fn detect_hub(c: &Checker, endpoints: &[Endpoint], t: &mut Transport_) -> Option<HubRoutes> {
    let url = endpoints
        .iter()
        .find(|e| e.module == "credentials")?
        .url
        .as_str();
    let (_, doc) = c.ocpi(Method::GET, url, None, t).await?;
    let data = doc.get("data")?;
    let roles: Vec<&Value> = data
        .get("roles")
        .and_then(Value::as_array)
        .map(|l| l.iter().collect())
        .unwrap_or_default();
    let hub = match data.get("hub_party_id").and_then(Value::as_str) {
        Some(id) if id.len() > 2 && id.is_char_boundary(2) => {
            crate::party(&format!("{}/{}", &id[..2], &id[2..])).ok()
        }
        _ => roles
            .iter()
            .find(|r| r.get("role").and_then(Value::as_str) == Some("HUB"))
            .and_then(|r| party_in(r)),
    }?;
    let mut parties: Vec<(String, PartyRef)> = roles
        .iter()
        .filter_map(|r| Some((r.get("role")?.as_str()?.to_owned(), party_in(r)?)))
        .collect();
    if let Some(info) = endpoints
        .iter()
        .find(|e| e.module == "hubclientinfo" && e.role == Some(InterfaceRole::Sender))
    {
        if let Some((_, doc)) = c.ocpi(Method::GET, info.url.as_str(), None, t).await {
            for item in doc
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let connected = item.get("status").and_then(Value::as_str) == Some("CONNECTED");
                if let (Some(role), Some(p), true) = (
                    item.get("role").and_then(Value::as_str),
                    party_in(item),
                    connected,
                ) {
                    parties.push((role.to_owned(), p));
                }
            }
        }
    }
    let pick = |role: &str| {
        parties
            .iter()
            .find(|(r, p)| r == role && *p != c.party && *p != hub)
            .map(|(_, p)| *p)
    };
    Some(HubRoutes {
        hub,
        cpo: pick("CPO"),
        emsp: pick("EMSP"),
    })
}

/// The routing headers of an answer, checked against what the reply must carry: `to` the
/// sender of the request, `from` the party it was addressed to.
fn reply_routing(what: &str, ex: &Exchange, to: PartyRef, from: PartyRef) -> Vec<String> {
    match Routing::from_headers(&ex.headers) {
        Ok(r) if r.to == Some(to) && r.from == Some(from) => vec![],
        Ok(r) => vec![format!(
            "{what}: answered with OCPI-to {} and OCPI-from {} (expected OCPI-to {to}, OCPI-from {from}: the request's headers swapped back)",
            r.to.map_or("absent".to_owned(), |p| p.to_string()),
            r.from.map_or("absent".to_owned(), |p| p.to_string()),
        )],
        Err(e) => vec![format!("{what}: unreadable routing headers: {e}")],
    }
}

/// The OCPI status of an answer, if it is an envelope.
fn ocpi_status(body: &[u8]) -> Option<u64> {
    serde_json::from_slice::<Value>(body)
        .ok()?
        .get("status_code")?
        .as_u64()
}

/// The checks of a Hub's message routing.
async fn hub_checks(
    c: &Checker,
    endpoints: &[Endpoint],
    inbox: Option<&Inbox>,
    timeout: Duration,
    out: &mut Vec<Check>,
) {
    let v = c.version;
    let routing_spec = spec(v, "transport_and_format §Message Routing Headers");
    let skipped =
        |section: &str, why: &str| Check::skipped("hub", "message routing", spec(v, section), why);
    let Some(hub) = c.hub.clone() else {
        out.push(skipped(
            "transport_and_format §Message Routing",
            "the partner is not a Hub (no HUB role or hub_party_id in its credentials)",
        ));
        return;
    };
    if v == OcpiVersion::V2_1_1 {
        out.push(skipped(
            "transport_and_format",
            "2.1.1 has no message routing",
        ));
        return;
    }
    c.progress.set_message("hub: routing");
    let sender = |module: &str| endpoint_of(endpoints, module, InterfaceRole::Sender, false);
    let mut t = Transport_::default();
    let mut ids: Vec<String> = Vec::new();
    let mut echo = |what: &str, ex: &Exchange| {
        let header = |n: &str| {
            ex.headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if header("x-request-id").as_deref() != Some(ex.request_id.as_str()) {
            ids.push(format!(
                "{what}: X-Request-ID {:?} is not the one sent ({}): the answer must carry the request's, not the forwarded request's",
                header("x-request-id"),
                ex.request_id
            ));
        }
        if header("x-correlation-id").as_deref() != Some(ex.correlation_id.as_str()) {
            ids.push(format!(
                "{what}: X-Correlation-ID {:?} is not the one sent ({})",
                header("x-correlation-id"),
                ex.correlation_id
            ));
        }
    };

    // A request to one party through the Hub, and a GET All via the Hub.
    let list = ["locations", "tariffs", "tokens"]
        .into_iter()
        .find_map(|m| sender(m).map(|u| (m, u)));
    let mut headers_fail = Vec::new();
    match (&list, hub.cpo.or(hub.emsp)) {
        (Some((module, url)), Some(party)) => {
            let party = if *module == "tokens" {
                hub.emsp.unwrap_or(party)
            } else {
                hub.cpo.unwrap_or(party)
            };
            let page = with_query(url, &[("limit", "1")]);
            let what = format!("GET {page} to {party}");
            match c
                .send_routed(Method::GET, &page, None, None, Route::To(party), &mut t)
                .await
            {
                Ok(ex) => {
                    headers_fail.extend(reply_routing(&what, &ex, c.party, party));
                    echo(&what, &ex);
                    if ocpi_status(&ex.body) != Some(1000) {
                        headers_fail.push(format!(
                            "{what}: HTTP {}, OCPI status {:?} (1000 expected)",
                            ex.status,
                            ocpi_status(&ex.body)
                        ));
                    }
                }
                Err(e) => headers_fail.push(e),
            }
            let what = format!("GET {page} to the Hub {}", hub.hub);
            let get_all = match c
                .send_routed(Method::GET, &page, None, None, Route::To(hub.hub), &mut t)
                .await
            {
                Ok(ex) => {
                    headers_fail.extend(reply_routing(&what, &ex, c.party, hub.hub));
                    echo(&what, &ex);
                    let mut fail = Vec::new();
                    if ocpi_status(&ex.body) != Some(1000) {
                        fail.push(format!(
                            "{what}: HTTP {}, OCPI status {:?} (1000 expected)",
                            ex.status,
                            ocpi_status(&ex.body)
                        ));
                    } else if let Some(kind) = objects::find(v, &module_object(module)) {
                        if let Err(e) = (kind.envelope_list)(&ex.body) {
                            fail.push(format!("{what}: {e}"));
                        }
                    }
                    if PageInfo::from_headers(&ex.headers)
                        .ok()
                        .and_then(|p| p.total_count)
                        .is_none()
                    {
                        fail.push(format!("{what}: no X-Total-Count"));
                    }
                    fail
                }
                Err(e) => vec![e],
            };
            out.push(Check::from_problems(
                "hub.get-all",
                &format!("GET All via the Hub ({module}) is answered with one list"),
                spec(v, "transport_and_format §GET All via Hubs"),
                get_all,
                vec![],
            ));
            out.push(Check::from_problems(
                "hub.routing-headers",
                "answers carry the routing headers swapped back (OCPI-to the sender, OCPI-from the receiver)",
                routing_spec.clone(),
                headers_fail,
                vec![],
            ));
        }
        _ => out.push(Check::skipped(
            "hub.routing-headers",
            "answers carry the routing headers swapped back",
            routing_spec.clone(),
            "no Locations, Tariffs or Tokens Sender at the Hub, or no party to address",
        )),
    }

    // A receiver that cannot exist.
    let unknown_title = "a request to an unknown receiver is answered 4001";
    let unknown_spec = spec(
        v,
        "status_codes §4xxx: Hub errors (4001), transport_and_format §Message Routing",
    );
    match list
        .as_ref()
        .map(|(_, u)| u)
        .or(sender("sessions").as_ref())
    {
        Some(url) => {
            let suffix: String = MessageId::generate()
                .as_str()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(2)
                .collect::<String>()
                .to_ascii_uppercase();
            let nobody = crate::party(&format!("ZZ/Q{suffix}")).ok();
            let (fail, warn) = match nobody {
                Some(nobody) => {
                    let what = format!("GET {url} to {nobody}");
                    match c
                        .send_routed(Method::GET, url, None, None, Route::To(nobody), &mut t)
                        .await
                    {
                        Ok(ex) => {
                            echo(&what, &ex);
                            match ocpi_status(&ex.body) {
                                Some(4001) => (vec![], vec![]),
                                code => (
                                    vec![format!(
                                        "{what}: HTTP {}, OCPI status {} (4001 expected){}",
                                        ex.status,
                                        code.map_or("none".to_owned(), |c| c.to_string()),
                                        excerpt(&ex.body, &c.token)
                                    )],
                                    vec![],
                                ),
                            }
                        }
                        Err(e) => (vec![e], vec![]),
                    }
                }
                None => (vec![], vec!["no party id to try".to_owned()]),
            };
            out.push(Check::from_problems(
                "hub.unknown-receiver",
                unknown_title,
                unknown_spec,
                fail,
                warn,
            ));
        }
        None => out.push(Check::skipped(
            "hub.unknown-receiver",
            unknown_title,
            unknown_spec,
            "no Sender interface at the Hub to address",
        )),
    }

    // Message ids: the answers carry the sender's; requests the Hub forwards get new ones.
    let mut warn = Vec::new();
    match inbox {
        Some(inbox) => {
            let deadline = Instant::now() + timeout.min(Duration::from_secs(5));
            let forwarded = || -> Vec<Received> {
                inbox
                    .lock()
                    .map(|l| l.iter().filter(|r| r.routing.is_some()).cloned().collect())
                    .unwrap_or_default()
            };
            while forwarded().is_empty() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let got = forwarded();
            if got.is_empty() {
                warn.push("nothing was forwarded to this tool during the run: the ids of forwarded requests could not be seen".to_owned());
            }
            let mut seen: std::collections::BTreeMap<String, &Received> = Default::default();
            for r in &got {
                match (&r.request_id, &r.correlation_id) {
                    (Some(id), Some(_)) => {
                        if let Some(before) = seen.insert(id.clone(), r) {
                            ids.push(format!(
                                "{} and {}: the same X-Request-ID {id} on two forwarded requests",
                                before.what, r.what
                            ));
                        }
                    }
                    _ => ids.push(format!(
                        "{}: forwarded without X-Request-ID or X-Correlation-ID",
                        r.what
                    )),
                }
                if r.routing.and_then(|x| x.to) != Some(c.party) {
                    ids.push(format!(
                        "{}: forwarded to this tool with OCPI-to {:?}",
                        r.what,
                        r.routing.and_then(|x| x.to).map(|p| p.to_string())
                    ));
                }
            }
        }
        None => warn.push(
            "without --register this tool serves no endpoint: the ids of forwarded requests could not be seen"
                .to_owned(),
        ),
    }
    out.push(Check::from_problems(
        "hub.message-ids",
        "answers carry the sender's X-Request-ID and X-Correlation-ID; every forwarded request has its own X-Request-ID",
        spec(v, "transport_and_format §Unique message IDs, §Message Routing"),
        ids,
        warn,
    ));

    // Hub Client Info.
    let info_title =
        "Hub Client Info is served: every ClientInfo valid, the parties routed to listed";
    let info_spec = spec(v, "mod_hub_client_info §Sender Interface");
    match sender("hubclientinfo") {
        Some(url) => {
            let mut fail = Vec::new();
            let mut listed = Vec::new();
            let mut next = Some(url.clone());
            let mut pages = 0;
            while let Some(page) = next.take() {
                pages += 1;
                if pages > 100 {
                    fail.push("more than 100 pages: stopped".to_owned());
                    break;
                }
                let Some((ex, doc)) = c.ocpi(Method::GET, &page, None, &mut t).await else {
                    break;
                };
                if let Some(kind) = objects::find(v, "ClientInfo") {
                    match (kind.envelope_list)(&ex.body) {
                        Ok(l) => {
                            for e in l.list.errors {
                                fail.push(format!("{page}: {}: {}", e.error.path, e.error.message));
                            }
                        }
                        Err(e) => fail.push(format!("{page}: {e}")),
                    }
                }
                for item in doc
                    .get("data")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(p) = party_in(item) {
                        listed.push(p);
                    }
                }
                next = PageInfo::from_headers(&ex.headers)
                    .ok()
                    .and_then(|p| p.next)
                    .and_then(|l| ocpi_protocol::transport::resolve_link(&page, &l).ok())
                    .map(|u| u.as_str().to_owned());
            }
            for p in [hub.cpo, hub.emsp].into_iter().flatten() {
                if !listed.contains(&p) {
                    fail.push(format!(
                        "{p}, reachable through the Hub, is not in its Hub Client Info"
                    ));
                }
            }
            fail.extend(problems(t));
            out.push(Check::from_problems(
                "hub.client-info",
                info_title,
                info_spec,
                fail,
                vec![],
            ));
        }
        None => out.push(Check::from_problems(
            "hub.client-info",
            info_title,
            info_spec,
            vec!["the Hub publishes no Hub Client Info Sender interface".to_owned()],
            vec![],
        )),
    }
}

/// The object type of a module's list.
fn module_object(module: &str) -> String {
    CRAWLED
        .iter()
        .find(|(m, _)| *m == module)
        .map_or(module, |(_, o)| *o)
        .to_owned()
}

/// The test Location of the push checks, never published, last updated at `stamp`.
fn test_location(rng: &mut crate::data::Rng, party: &PartyRef, stamp: DateTime) -> Location {
    let mut location = crate::data::location(rng, party, 1);
    location.id = "OCPI-CHECK-1".parse().unwrap_or(location.id);
    location.publish = false;
    location.last_updated = stamp;
    location
}

/// The URL of this tool's object `id` at the partner's Receiver interface `url`.
fn object_url(c: &Checker, url: &str, id: &dyn std::fmt::Display) -> String {
    format!("{url}/{}/{}/{id}", c.party.country_code, c.party.party_id)
}

/// One push check on its way: what it is, and what its requests found so far.
struct Step {
    id: &'static str,
    title: &'static str,
    section: String,
    t: Transport_,
    fail: Vec<String>,
    warn: Vec<String>,
}

impl Step {
    /// The push check `id`, titled `title`, of the spec section `section`.
    fn new(id: &'static str, title: &'static str, section: String) -> Step {
        Step {
            id,
            title,
            section,
            t: Transport_::default(),
            fail: Vec::new(),
            warn: Vec::new(),
        }
    }

    /// The value of `result`, or `None` once the check is reported skipped, titled `title`
    /// (what could not be done).
    fn or_skip<T>(
        &self,
        result: Result<T, String>,
        title: &str,
        out: &mut Vec<Check>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(why) => {
                out.push(Check::skipped(self.id, title, self.section.clone(), why));
                None
            }
        }
    }

    /// The body of `object` written for the partner's version, or `None` once the check is
    /// reported skipped, titled `title` (what could not be done).
    fn body<O: Wire>(
        &self,
        object: &O,
        edge: &Edge<'_>,
        title: &str,
        out: &mut Vec<Check>,
    ) -> Option<Vec<u8>> {
        self.or_skip(object.write(edge).map_err(|e| e.to_string()), title, out)
    }

    /// Whether the partner accepts the object `body` PUT at `url`.
    async fn put(&mut self, c: &Checker, url: &str, body: Vec<u8>) -> bool {
        c.ocpi(Method::PUT, url, Some(body), &mut self.t)
            .await
            .is_some()
    }

    /// Reads the object at `url` back: a failure unless it is the `what` PUT, `id`.
    async fn read_back(&mut self, c: &Checker, url: &str, id: &str, what: &str) {
        match c.ocpi(Method::GET, url, None, &mut self.t).await {
            Some((_, doc)) if doc.pointer("/data/id").and_then(Value::as_str) == Some(id) => {}
            Some(_) => self
                .fail
                .push(format!("GET {url} did not give back the {what} PUT")),
            None => {}
        }
    }

    /// Reports the check: failed with what it found; else passed, with its warnings and, for a
    /// module with no DELETE, the note that the test object is `left` in place.
    fn report(mut self, left: Option<&str>, out: &mut Vec<Check>) {
        self.fail.extend(problems(self.t));
        if self.fail.is_empty() {
            self.warn
                .extend(left.map(|why| format!("left in place: {why}")));
        }
        out.push(Check::from_problems(
            self.id,
            self.title,
            self.section,
            self.fail,
            self.warn,
        ));
    }
}

/// A test Location PUT, read back, and its first EVSE PATCHed `OUTOFORDER` (Locations have no
/// DELETE).
async fn write_location(
    c: &Checker,
    url: &str,
    location: &Location,
    edge: &Edge<'_>,
    out: &mut Vec<Check>,
) {
    let mut step = Step::new(
        "write.locations",
        "PUT, GET and PATCH (EVSE) of a test Location",
        spec(c.version, "mod_locations §Receiver Interface"),
    );
    let Some(body) = step.body(location, edge, "PUT of a test Location", out) else {
        return;
    };
    let object_url = object_url(c, url, &location.id);
    if step.put(c, &object_url, body).await {
        step.read_back(c, &object_url, location.id.as_str(), "Location")
            .await;
        let evse = location
            .evses
            .as_ref()
            .and_then(|e| e.first())
            .map(|e| e.uid.to_string())
            .unwrap_or_default();
        let patch = format!(
            r#"{{"status":"OUTOFORDER","last_updated":"{}"}}"#,
            DateTime::now()
        );
        c.ocpi(
            Method::PATCH,
            &format!("{object_url}/{evse}"),
            Some(patch.into_bytes()),
            &mut step.t,
        )
        .await;
    }
    step.report(Some("Locations has no DELETE (published: false)"), out);
}

/// A test Tariff PUT, read back, removed, and read again: it must be gone.
async fn write_tariff(
    c: &Checker,
    url: &str,
    tariff: &Tariff,
    edge: &Edge<'_>,
    out: &mut Vec<Check>,
) {
    let mut step = Step::new(
        "write.tariffs",
        "PUT, GET and DELETE of a test Tariff (removed)",
        spec(c.version, "mod_tariffs §Receiver Interface"),
    );
    let Some(body) = step.body(tariff, edge, "PUT of a test Tariff", out) else {
        return;
    };
    let object_url = object_url(c, url, &tariff.id);
    if step.put(c, &object_url, body).await {
        c.ocpi(Method::GET, &object_url, None, &mut step.t).await;
        c.ocpi(Method::DELETE, &object_url, None, &mut step.t).await;
        let mut after = Transport_::default();
        if let Ok(ex) = c
            .send(Method::GET, &object_url, None, None, &mut after)
            .await
        {
            if ex.status.is_success() && ocpi_status(&ex.body) == Some(1000) {
                step.fail.push(format!(
                    "GET {object_url} still serves the Tariff after DELETE"
                ));
            }
        }
    }
    step.report(None, out);
}

/// A test Token PUT, read back, PATCHed `valid: false` and read back again (Tokens have no
/// DELETE). A 2.1.1 URL names it by uid alone, later ones by uid and type.
async fn write_token(c: &Checker, url: &str, token: &Token, edge: &Edge<'_>, out: &mut Vec<Check>) {
    let mut step = Step::new(
        "write.tokens",
        "PUT, GET and PATCH (valid=false) of a test Token",
        spec(c.version, "mod_tokens §Receiver Interface"),
    );
    let Some(body) = step.body(token, edge, "PUT of a test Token", out) else {
        return;
    };
    let suffix = if c.version == OcpiVersion::V2_1_1 {
        String::new()
    } else {
        format!("?type={}", token.r#type)
    };
    let object_url = format!("{}{suffix}", object_url(c, url, &token.uid));
    if step.put(c, &object_url, body).await {
        c.ocpi(Method::GET, &object_url, None, &mut step.t).await;
        let patch = format!(r#"{{"valid":false,"last_updated":"{}"}}"#, DateTime::now());
        c.ocpi(
            Method::PATCH,
            &object_url,
            Some(patch.into_bytes()),
            &mut step.t,
        )
        .await;
        if let Some((_, doc)) = c.ocpi(Method::GET, &object_url, None, &mut step.t).await {
            if doc.pointer("/data/valid") != Some(&Value::Bool(false)) {
                step.fail
                    .push("the PATCH valid=false was not applied".to_owned());
            }
        }
    }
    step.report(Some("Tokens has no DELETE (valid: false)"), out);
}

/// A test Session PUT (ACTIVE), read back, PATCHed (`kwh`), read back, and PATCHed to
/// `COMPLETED` (Sessions have no DELETE).
async fn write_session(
    c: &Checker,
    url: &str,
    session: &Session,
    edge: &Edge<'_>,
    out: &mut Vec<Check>,
) {
    let mut step = Step::new(
        "write.sessions",
        "PUT, GET, PATCH (kwh) and PATCH (COMPLETED) of a test Session",
        spec(c.version, "mod_sessions §Receiver Interface"),
    );
    let Some(body) = step.body(session, edge, "PUT of a test Session", out) else {
        return;
    };
    let object_url = object_url(c, url, &session.id);
    if step.put(c, &object_url, body).await {
        step.read_back(c, &object_url, session.id.as_str(), "Session")
            .await;
        let patch = format!(r#"{{"kwh":3.25,"last_updated":"{}"}}"#, DateTime::now());
        if c.ocpi(
            Method::PATCH,
            &object_url,
            Some(patch.into_bytes()),
            &mut step.t,
        )
        .await
        .is_some()
        {
            if let Some((_, doc)) = c.ocpi(Method::GET, &object_url, None, &mut step.t).await {
                let kwh = doc.pointer("/data/kwh").map(|k| k.to_string());
                if kwh.as_deref() != Some("3.25") {
                    step.fail.push(format!(
                        "GET {object_url} after the PATCH kwh=3.25: kwh {kwh:?}"
                    ));
                }
            }
        }
        let end = DateTime::now();
        let done =
            format!(r#"{{"status":"COMPLETED","end_date_time":"{end}","last_updated":"{end}"}}"#);
        c.ocpi(
            Method::PATCH,
            &object_url,
            Some(done.into_bytes()),
            &mut step.t,
        )
        .await;
    }
    step.report(Some("Sessions has no DELETE (COMPLETED)"), out);
}

/// A test CDR POSTed, and read back at the `Location` the answer gives (CDRs have no DELETE).
async fn write_cdr(c: &Checker, url: &str, cdr: &Cdr, edge: &Edge<'_>, out: &mut Vec<Check>) {
    let mut step = Step::new(
        "write.cdrs",
        "POST of a test CDR, GET at the Location answered",
        spec(
            c.version,
            "mod_cdrs §Receiver Interface (POST, GET at the Location header)",
        ),
    );
    let Some(body) = step.body(cdr, edge, "POST of a test CDR", out) else {
        return;
    };
    if let Some((ex, _)) = c.ocpi(Method::POST, url, Some(body), &mut step.t).await {
        match ex
            .headers
            .get(http::header::LOCATION)
            .and_then(|l| l.to_str().ok())
        {
            None => step.fail.push(format!(
                "POST {url}: no Location header with the URL of the CDR"
            )),
            Some(location) => match ocpi_protocol::transport::resolve_link(url, location) {
                Err(e) => step
                    .fail
                    .push(format!("POST {url}: Location {location}: {e}")),
                Ok(at) => match c.ocpi(Method::GET, at.as_str(), None, &mut step.t).await {
                    Some((_, doc))
                        if doc.pointer("/data/id").and_then(Value::as_str)
                            == Some(cdr.id.as_str()) => {}
                    Some(_) => step.fail.push(format!(
                        "GET {at} (the Location of the CDR POSTed) gave another object"
                    )),
                    None => {}
                },
            },
        }
    }
    step.report(Some("CDRs have no DELETE"), out);
}

/// A START_SESSION at `location_id` with a `response_url` this tool serves: the answer must
/// be a CommandResponse; its CommandResult is awaited (within the answer's `timeout`, at most
/// `wait`).
#[allow(clippy::too_many_arguments)]
async fn write_command(
    c: &Checker,
    url: &str,
    location_id: &str,
    pending: &PendingCommands,
    peer: &PeerId,
    wait: Duration,
    edge: &Edge<'_>,
    out: &mut Vec<Check>,
) {
    let v = c.version;
    let title = "START_SESSION with a response_url served by this tool: answered, then its result";
    let mut step = Step::new(
        "write.commands",
        title,
        spec(v, "mod_commands §Receiver Interface, §Flow"),
    );
    let mut rng = crate::data::Rng::new(11);
    let token = crate::data::token(&mut rng, &c.party, 1);
    let text = format!(
        r#"{{"response_url":"https://invalid.example/x","token":{},"location_id":{}}}"#,
        String::from_utf8_lossy(&ocpi_protocol::json::to_vec(&token)),
        Value::String(location_id.to_owned())
    );
    let Some(command) = step.or_skip::<StartSession>(
        ocpi_protocol::json::parse_strict(text.as_bytes())
            .map_err(|e| format!("Location id {location_id:?}: {e}")),
        title,
        out,
    ) else {
        return;
    };
    let mut request = CommandRequest::from(command);
    let Some(uid) = step.or_skip(
        pending
            .register(peer, v, &mut request)
            .map_err(|e| format!("no response_url: {e}")),
        title,
        out,
    ) else {
        return;
    };
    let CommandRequest::StartSession(command) = &request else {
        return;
    };
    let Some(body) = step.body(command, edge, title, out) else {
        return;
    };
    let target = format!("{url}/START_SESSION");
    if let Some((_, doc)) = c.ocpi(Method::POST, &target, Some(body), &mut step.t).await {
        let result = doc
            .pointer("/data/result")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let timeout = doc.pointer("/data/timeout").and_then(Value::as_u64);
        // A 2.1.1 CommandResponse has no timeout.
        let timeout = timeout.or((v == OcpiVersion::V2_1_1).then_some(10));
        match (result.as_deref(), timeout) {
            (Some("ACCEPTED"), Some(seconds)) => {
                let deadline = Instant::now() + wait.min(Duration::from_secs(seconds.max(1)));
                let arrived = loop {
                    if let Some(record) = pending.get(&uid) {
                        if let Some(result) = record.results().next() {
                            break Some(result.result.to_string());
                        }
                    }
                    if Instant::now() >= deadline {
                        break None;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                };
                if arrived.is_none() {
                    step.warn.push(format!(
                        "accepted; no CommandResult arrived at the response_url within {} s (the partner may post it later)",
                        wait.min(Duration::from_secs(seconds.max(1))).as_secs()
                    ));
                }
            }
            (Some(other @ ("REJECTED" | "NOT_SUPPORTED" | "UNKNOWN_SESSION")), Some(_)) => step
                .warn
                .push(format!("POST {target}: {other} (nothing was started)")),
            _ => step.fail.push(format!(
                "POST {target}: not a CommandResponse (result {result:?}, timeout {timeout:?})"
            )),
        }
    }
    pending.remove(&uid);
    step.report(None, out);
}

/// The check `id` of an answer: failed with what `judge` finds in it, passed when it finds
/// nothing, skipped when there is no usable answer.
fn judged<A>(
    id: &str,
    title: &str,
    section: String,
    answer: Option<A>,
    judge: impl FnOnce(A) -> Vec<String>,
) -> Check {
    match answer {
        Some(answer) => Check::from_problems(id, title, section, judge(answer), vec![]),
        None => Check::skipped(id, title, section, "no usable answer"),
    }
}
