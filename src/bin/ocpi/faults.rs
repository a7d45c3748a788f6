//! The mock's fault modes: an axum middleware around the server that changes requests and
//! answers the way misbehaving partners do. The handlers are the crate's reference ones,
//! untouched; everything here happens on the HTTP messages.
//!
//! Every decision comes from the seed and the count of answers so far, so that the same run
//! against the same seed meets the same faults. Faults hit the answers of the functional
//! modules (and, for `quirks`, the version details), never the versions list or the
//! credentials handshake: a run always gets connected.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use clap::ValueEnum;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, LINK, RETRY_AFTER};
use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::types::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A fault mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Answers late (a partner under load or far away).
    Slow,
    /// List pages answered with OCPI status 3000 (a backend failing behind the API).
    Reject,
    /// 503, and 429 with Retry-After (a rate limiter, a restart).
    HttpErrors,
    /// An invalid object in pages (data never validated by the partner).
    Partial,
    /// Tiny pages, X-Total-Count changing during a crawl, objects updated during a crawl.
    PaginationStress,
    /// Endpoint URLs ending with `/`, timestamps without `Z` or unpadded, a single object
    /// wrapped in an array, numbers as strings.
    Quirks,
    /// Non-JSON bodies and truncated bodies (a proxy's error page, a cut connection).
    Garbage,
    /// Answers to routed requests carry the routing headers of the request as they came,
    /// not swapped back (a Hub that copies the headers instead of addressing the reply).
    RoutingHeaders,
}

impl Fault {
    /// Every N-th answer of the functional modules is hit (for the faults that hit some).
    fn period(self) -> u64 {
        match self {
            Fault::Slow => 4,
            Fault::Reject => 5,
            Fault::HttpErrors => 6,
            Fault::Garbage => 5,
            Fault::Partial | Fault::PaginationStress | Fault::Quirks | Fault::RoutingHeaders => 1,
        }
    }
}

/// The faults in force, switchable while the mock runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// The faults.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// The seed of every decision.
    #[serde(default)]
    pub seed: u64,
    /// How late `slow` answers, in milliseconds.
    #[serde(default = "default_delay")]
    pub delay_ms: u64,
}

fn default_delay() -> u64 {
    1500
}

/// The middleware's state.
#[derive(Clone)]
pub struct Faults {
    settings: Arc<Mutex<Settings>>,
    counter: Arc<Mutex<u64>>,
    memory: Memory,
    base_path: Arc<str>,
}

impl Faults {
    /// Faults over the mock's data, for the server under `base_path` (`/ocpi`).
    pub fn new(settings: Settings, memory: Memory, base_path: &str) -> Self {
        Faults {
            settings: Arc::new(Mutex::new(settings)),
            counter: Arc::default(),
            memory,
            base_path: base_path.trim_end_matches('/').into(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the settings; the count of answers starts again.
    pub fn set(&self, settings: Settings) {
        *self.settings.lock().unwrap_or_else(|e| e.into_inner()) = settings;
        *self.counter.lock().unwrap_or_else(|e| e.into_inner()) = 0;
    }

    fn next_count(&self) -> u64 {
        let mut c = self.counter.lock().unwrap_or_else(|e| e.into_inner());
        *c += 1;
        *c
    }
}

/// What a path under the base names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `{base}/{version}`: version details.
    Details,
    /// A list of a module (`{base}/{version}/sender/locations`).
    List(String),
    /// One object of a module (`{base}/{version}/sender/locations/L1`).
    Object(String),
    /// Anything else (versions, credentials, receivers' objects).
    Other,
}

/// What `path` names under `base`.
pub fn target(base: &str, path: &str) -> Target {
    let Some(rest) = path.strip_prefix(base) else {
        return Target::Other;
    };
    let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [v] if v.starts_with("2.") => Target::Details,
        [_, iface, module] if *iface == "sender" || *iface == "receiver" => {
            Target::List(module.to_string())
        }
        [_, "sender", module, "terminals" | "financial-advice-confirmations"]
            if *module == "payments" =>
        {
            Target::List(module.to_string())
        }
        [_, "sender", module, ..] => Target::Object(module.to_string()),
        _ => Target::Other,
    }
}

fn hit(settings: &Settings, fault: Fault, n: u64) -> bool {
    settings.faults.contains(&fault) && (n + settings.seed % fault.period()) % fault.period() == 0
}

/// The middleware.
pub async fn layer(State(faults): State<Faults>, mut request: Request, next: Next) -> Response {
    let settings = faults.settings();
    if settings.faults.is_empty() || request.uri().path().starts_with("/_mock") {
        return next.run(request).await;
    }
    let quirks = settings.faults.contains(&Fault::Quirks);
    // A partner whose URLs end with `/` serves them so.
    if quirks && request.uri().path().len() > 1 && request.uri().path().ends_with('/') {
        rewrite(&mut request, |path, query| {
            (
                path.trim_end_matches('/').to_owned(),
                query.map(str::to_owned),
            )
        });
    }
    let what = target(&faults.base_path, request.uri().path());
    let is_get = request.method() == http::Method::GET;
    let stress = settings.faults.contains(&Fault::PaginationStress);
    let mut later_page = false;
    if let (Target::List(module), true) = (&what, is_get) {
        later_page = query_number(request.uri().query(), "offset").unwrap_or(0) > 0;
        if stress {
            // Tiny pages: at most 3 objects, whatever was asked.
            rewrite(&mut request, |path, query| {
                let mut pairs: Vec<(String, String)> =
                    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
                        .into_owned()
                        .filter(|(k, _)| k != "limit")
                        .collect();
                let asked = query_number(query, "limit").unwrap_or(3).min(3);
                pairs.push(("limit".into(), asked.to_string()));
                let q = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                (path.to_owned(), Some(q))
            });
            if later_page {
                touch(&faults.memory, module, faults.next_count());
            }
        }
    }
    // The routing headers of the request, to copy onto the answer unswapped.
    let routing: Vec<(http::HeaderName, HeaderValue)> =
        if settings.faults.contains(&Fault::RoutingHeaders) {
            request
                .headers()
                .iter()
                .filter(|(k, _)| {
                    k.as_str().starts_with("ocpi-to-") || k.as_str().starts_with("ocpi-from-")
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        } else {
            Vec::new()
        };
    let mut response = next.run(request).await;
    for (k, v) in routing {
        response.headers_mut().insert(k, v);
    }
    let applies = response.status() == StatusCode::OK
        && matches!(what, Target::List(_) | Target::Object(_) | Target::Details);
    if !applies {
        return response;
    }
    let n = if matches!(what, Target::Details) {
        0
    } else {
        faults.next_count()
    };
    let (mut parts, body) = response.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes().to_vec()) else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut body = body;
    if matches!(what, Target::Details) {
        if quirks {
            body = edit(&body, |doc| {
                if let Some(list) = doc
                    .pointer_mut("/data/endpoints")
                    .and_then(Value::as_array_mut)
                {
                    for e in list {
                        if let Some(Value::String(url)) = e.get_mut("url") {
                            url.push('/');
                        }
                    }
                }
            });
        }
        return finish(parts, body);
    }
    if hit(&settings, Fault::Slow, n) {
        tokio::time::sleep(Duration::from_millis(settings.delay_ms)).await;
    }
    if hit(&settings, Fault::HttpErrors, n) {
        let too_many = (n / Fault::HttpErrors.period()) % 2 == 0;
        let mut response = Response::new(Body::from(if too_many {
            "Too Many Requests"
        } else {
            "Service Unavailable"
        }));
        if too_many {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        } else {
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        }
        return response;
    }
    if hit(&settings, Fault::Garbage, n) {
        let html = (n / Fault::Garbage.period()) % 2 == 0;
        if html {
            let mut response = Response::new(Body::from(
                "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            ));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
            return response;
        }
        body.truncate(body.len() / 2);
        return finish(parts, body);
    }
    if hit(&settings, Fault::Reject, n) {
        let envelope = format!(
            r#"{{"status_code":3000,"status_message":"Generic server error (mock fault: reject)","timestamp":"{}"}}"#,
            DateTime::now()
        );
        for h in ["x-total-count", "x-limit"] {
            parts.headers.remove(h);
        }
        parts.headers.remove(LINK);
        return finish(parts, envelope.into_bytes());
    }
    if let Target::List(_) = what {
        if settings.faults.contains(&Fault::Partial) {
            body = edit(&body, |doc| {
                if let Some(list) = doc.get_mut("data").and_then(Value::as_array_mut) {
                    if list.len() >= 2 {
                        let i = ((settings.seed + n) % list.len() as u64) as usize;
                        if let Some(o) = list[i].as_object_mut() {
                            o.insert(
                                "last_updated".into(),
                                Value::String("2024-13-45T99:99:99Z".into()),
                            );
                        }
                    }
                }
            });
        }
        if quirks {
            body = edit(&body, |doc| {
                if let Some(first) = doc.pointer_mut("/data/0") {
                    quirk(first);
                }
            });
        }
        if stress && later_page {
            if let Some(total) = parts
                .headers
                .get("x-total-count")
                .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            {
                parts
                    .headers
                    .insert("x-total-count", HeaderValue::from(total + 1 + n % 3));
            }
        }
    }
    if let (Target::Object(_), true) = (&what, quirks) {
        // A single object wrapped in an array.
        body = edit(&body, |doc| {
            if let Some(data) = doc.get_mut("data") {
                if data.is_object() {
                    let one = data.take();
                    *data = Value::Array(vec![one]);
                }
            }
        });
    }
    finish(parts, body)
}

/// Real partners' deviations in one object: numbers as strings, a timestamp without `Z`,
/// another with unpadded parts.
fn quirk(object: &mut Value) {
    /// The JSON pointer of the first number (not a coordinate) in `v`.
    fn first_number(v: &Value, at: String, depth: usize) -> Option<String> {
        if depth > 6 {
            return None;
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if child.is_number() && k != "latitude" && k != "longitude" {
                        return Some(format!("{at}/{k}"));
                    }
                }
                map.iter()
                    .find_map(|(k, child)| first_number(child, format!("{at}/{k}"), depth + 1))
            }
            Value::Array(list) => list
                .iter()
                .enumerate()
                .find_map(|(i, c)| first_number(c, format!("{at}/{i}"), depth + 1)),
            _ => None,
        }
    }
    if let Some(pointer) = first_number(object, String::new(), 0) {
        if let Some(n) = object.pointer_mut(&pointer) {
            *n = Value::String(n.to_string());
        }
    }
    if let Some(Value::String(ts)) = object.pointer_mut("/evses/0/last_updated") {
        ts.pop();
    }
    for key in ["start_date_time", "end_date_time"] {
        if let Some(Value::String(ts)) = object.get_mut(key) {
            // 2024-01-05T07:03:00Z → 2024-1-5T7:3:0Z
            let unpadded: Vec<String> = ts
                .trim_end_matches('Z')
                .split(['-', 'T', ':'])
                .map(|p| p.trim_start_matches('0').to_owned())
                .map(|p| if p.is_empty() { "0".to_owned() } else { p })
                .collect();
            if unpadded.len() == 6 {
                *ts = format!(
                    "{}-{}-{}T{}:{}:{}Z",
                    unpadded[0], unpadded[1], unpadded[2], unpadded[3], unpadded[4], unpadded[5]
                );
            }
            break;
        }
    }
}

/// Objects updated during a crawl: one object of the module crawled gets a new
/// `last_updated` (now), which moves it out of any window that ended before.
fn touch(memory: &Memory, module: &str, n: u64) {
    let now = DateTime::now();
    macro_rules! touch_one {
        ($table:expr) => {{
            let keys: Vec<_> = $table.lock().keys().cloned().collect();
            if !keys.is_empty() {
                let key = &keys[(n as usize) % keys.len()];
                $table.update(key, |o| o.last_updated = now.clone());
            }
        }};
    }
    match module {
        "locations" => touch_one!(memory.locations),
        "sessions" => touch_one!(memory.sessions),
        "cdrs" => touch_one!(memory.cdrs),
        "tokens" => touch_one!(memory.tokens),
        _ => {}
    }
}

fn query_number(query: Option<&str>, name: &str) -> Option<u64> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn rewrite(
    request: &mut Request,
    change: impl FnOnce(&str, Option<&str>) -> (String, Option<String>),
) {
    let (path, query) = change(request.uri().path(), request.uri().query());
    let text = match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path,
    };
    if let Ok(uri) = text.parse() {
        *request.uri_mut() = uri;
    }
}

/// Applies a change to a JSON body (left as it is when it is not JSON).
fn edit(body: &[u8], change: impl FnOnce(&mut Value)) -> Vec<u8> {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut doc) => {
            change(&mut doc);
            serde_json::to_vec(&doc).unwrap_or_else(|_| body.to_vec())
        }
        Err(_) => body.to_vec(),
    }
}

fn finish(mut parts: http::response::Parts, body: Vec<u8>) -> Response {
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Body::from(body))
}
