//! What the mock sees its partner do: an axum middleware that checks every request the
//! partner sends (Authorization, request ids, routing headers, pagination offsets following
//! the `Link`s served, `date_from`/`date_to` windows) and keeps the findings, logged to stdout
//! as they happen and summed up at `GET /_mock/report`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{AUTHORIZATION, LINK};
use ocpi_protocol::transport::{parse_authorization, AuthorizationMode, PageInfo};
use ocpi_protocol::types::DateTime;
use serde::Serialize;

use crate::faults::{target, Target};

/// One thing the partner did wrong (or that is worth knowing).
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// A short name of the rule (`authorization`, `request-id`, `pagination`…).
    pub rule: String,
    /// `finding` (the partner broke a rule) or `note`.
    pub level: String,
    /// The request (method and path).
    pub request: String,
    /// What was seen.
    pub detail: String,
    /// The spec section of the rule.
    pub spec: String,
}

#[derive(Debug, Default, Serialize)]
struct Counts {
    requests: u64,
    unauthorized: u64,
    list_pages: u64,
    links_followed: u64,
    pushes_sent: u64,
    pushes_failed: u64,
}

#[derive(Default)]
struct Inner {
    counts: Counts,
    observations: Vec<Observation>,
    /// The `Link` served last per list path, with whether it was followed.
    links: BTreeMap<String, String>,
}

/// The watcher's state.
#[derive(Clone)]
pub struct Watch {
    inner: Arc<Mutex<Inner>>,
    base_path: Arc<str>,
    quiet: bool,
}

/// At most this many observations are kept (the counts go on).
const MAX_OBSERVATIONS: usize = 500;

impl Watch {
    /// A watcher of the server under `base_path`; `quiet` logs nothing.
    pub fn new(base_path: &str, quiet: bool) -> Self {
        Watch {
            inner: Arc::default(),
            base_path: base_path.trim_end_matches('/').into(),
            quiet,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records an observation and logs it.
    pub fn observe(&self, rule: &str, level: &str, request: &str, detail: String, spec: &str) {
        let noted = level == "note"
            && self
                .lock()
                .observations
                .iter()
                .any(|o| o.rule == rule && o.level == level);
        if !self.quiet && !noted {
            crate::say!("watch: {level} [{rule}] {request}: {detail}");
        }
        let mut inner = self.lock();
        // A note is kept once.
        if level == "note"
            && inner
                .observations
                .iter()
                .any(|o| o.rule == rule && o.level == level)
        {
            return;
        }
        if inner.observations.len() < MAX_OBSERVATIONS {
            inner.observations.push(Observation {
                rule: rule.to_owned(),
                level: level.to_owned(),
                request: request.to_owned(),
                detail,
                spec: spec.to_owned(),
            });
        }
    }

    /// Counts a push and its outcome.
    pub fn pushed(&self, ok: bool) {
        let mut inner = self.lock();
        if ok {
            inner.counts.pushes_sent += 1;
        } else {
            inner.counts.pushes_failed += 1;
        }
    }

    /// The report served at `/_mock/report`.
    pub fn report(&self) -> serde_json::Value {
        let inner = self.lock();
        let findings = inner
            .observations
            .iter()
            .filter(|o| o.level == "finding")
            .count();
        serde_json::json!({
            "counts": inner.counts,
            "findings": findings,
            "observations": inner.observations,
        })
    }
}

/// The version in a path under the base (`/ocpi/2.2.1/…` → `2.2.1`).
fn version_of<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    let rest = path.strip_prefix(base)?.trim_start_matches('/');
    let v = rest.split('/').next()?;
    v.starts_with("2.").then_some(v)
}

/// The middleware.
pub async fn layer(State(watch): State<Watch>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/_mock") {
        return next.run(request).await;
    }
    let label = format!("{} {}", request.method(), request.uri());
    let headers = request.headers().clone();
    let version = version_of(&watch.base_path, &path).map(str::to_owned);
    let what = target(&watch.base_path, &path);
    let is_get = request.method() == http::Method::GET;
    let query = request.uri().query().map(str::to_owned);
    let full = request.uri().to_string();

    // Authorization: present, one header, in the version's form.
    let auth = headers.get_all(AUTHORIZATION);
    let mode = match version.as_deref() {
        Some("2.1.1") => AuthorizationMode::Plain,
        Some(_) => AuthorizationMode::Base64,
        None => AuthorizationMode::Base64ThenPlain,
    };
    if let Err(e) = parse_authorization(auth.iter(), mode) {
        watch.observe(
            "authorization",
            "finding",
            &label,
            format!("Authorization header not usable: {e}"),
            "transport_and_format §Authorization header",
        );
    }
    // Request ids (2.2.1 and later).
    if version.as_deref().is_some_and(|v| v != "2.1.1") {
        for name in ["x-request-id", "x-correlation-id"] {
            if !headers.contains_key(name) {
                watch.observe(
                    "request-id",
                    "finding",
                    &label,
                    format!("no {name} header"),
                    "transport_and_format §Unique message IDs",
                );
            }
        }
    }
    // Routing headers on the functional modules (2.2.1 and later).
    if version.as_deref().is_some_and(|v| v != "2.1.1")
        && matches!(&what, Target::List(m) | Target::Object(m) if m != "hubclientinfo")
        && !headers.contains_key("ocpi-from-party-id")
    {
        watch.observe(
            "routing",
            "note",
            &label,
            "no OCPI-from-*/OCPI-to-* headers (required when the request goes through a Hub)"
                .to_owned(),
            "transport_and_format §Message Routing Headers",
        );
    }
    // Pagination and date windows of list GETs.
    if let (Target::List(module), true) = (&what, is_get) {
        let params: BTreeMap<String, String> =
            url::form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        let date = |k: &str| params.get(k).map(|v| (v.clone(), DateTime::parse(v)));
        for k in ["date_from", "date_to"] {
            if let Some((text, Err(e))) = date(k) {
                watch.observe(
                    "date-window",
                    "finding",
                    &label,
                    format!("{k}={text}: {e}"),
                    "transport_and_format §Paginated Request",
                );
            }
        }
        if let (Some((_, Ok(from))), Some((_, Ok(to)))) = (date("date_from"), date("date_to")) {
            if from.to_chrono() > to.to_chrono() {
                watch.observe(
                    "date-window",
                    "finding",
                    &label,
                    "date_from is after date_to: an empty window".to_owned(),
                    "transport_and_format §Paginated Request",
                );
            }
        }
        if module == "sessions"
            && version.as_deref().is_some_and(|v| v != "2.1.1")
            && !params.contains_key("date_from")
        {
            watch.observe(
                "date-window",
                "finding",
                &label,
                "Sessions listed without date_from, which the Sessions Sender requires".to_owned(),
                "mod_sessions §GET Method",
            );
        }
        let offset: u64 = params
            .get("offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let expected = watch.lock().links.get(&path).cloned();
        {
            let mut inner = watch.lock();
            inner.counts.list_pages += 1;
            if offset > 0 {
                match &expected {
                    Some(link) if same_request(link, &full) => inner.counts.links_followed += 1,
                    _ => {}
                }
            }
        }
        if offset > 0 {
            match expected {
                Some(link) if same_request(&link, &full) => {}
                Some(link) => watch.observe(
                    "pagination",
                    "finding",
                    &label,
                    format!("asked offset {offset} but the Link served last was {link}"),
                    "transport_and_format §Paginated Response (Link)",
                ),
                None => watch.observe(
                    "pagination",
                    "note",
                    &label,
                    format!("asked offset {offset} without following a Link"),
                    "transport_and_format §Paginated Request",
                ),
            }
        }
    }
    let response = next.run(request).await;
    watch.lock().counts.requests += 1;
    if response.status() == http::StatusCode::UNAUTHORIZED {
        watch.lock().counts.unauthorized += 1;
        watch.observe(
            "authorization",
            "finding",
            &label,
            "a token this mock did not issue, or used where its kind is not allowed (401)"
                .to_owned(),
            "transport_and_format §Authorization header",
        );
    }
    if let (Target::List(_), true) = (&what, is_get) {
        let info = PageInfo::from_headers(response.headers()).unwrap_or_default();
        let mut inner = watch.lock();
        match info.next {
            Some(next) => {
                inner.links.insert(path.clone(), next);
            }
            None => {
                inner.links.remove(&path);
            }
        }
        let _ = response.headers().get(LINK);
    }
    response
}

/// Whether a request (path and query) is the one a Link names (absolute or not).
fn same_request(link: &str, request: &str) -> bool {
    let strip = |u: &str| -> String {
        let u = u.split_once("://").map_or(u, |(_, rest)| rest);
        let u = u.find('/').map_or("", |i| &u[i..]);
        u.to_owned()
    };
    let (a, b) = (strip(link), strip(request));
    let sorted = |u: &str| -> (String, Vec<(String, String)>) {
        let (p, q) = u.split_once('?').unwrap_or((u, ""));
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect();
        pairs.sort();
        (p.trim_end_matches('/').to_owned(), pairs)
    };
    sorted(&a) == sorted(&b)
}
