//! Printing what goes over the wire: the tour records every exchange on its in-process
//! network ([`Wire::recorder`] is handed to `Loopback::observe`) and prints them between its
//! narration ([`Wire::print`]). Included with `#[path = "common/show.rs"] mod show;`.

use std::sync::{Arc, Mutex, MutexGuard};

use http::header::AUTHORIZATION;
use http::HeaderValue;
use ocpi_protocol::transport::{parse_authorization, AuthorizationMode};
use ocpi_protocol::types::CredentialsToken;

/// The most lines of an array printed before the rest is summed up as "… N more".
const ARRAY_LINES: usize = 16;

/// The depth from which the objects of a list's next pages are folded (envelope, `data`,
/// the listed object, then its nested objects and arrays).
const FOLD_DEPTH: usize = 3;

/// Objects and arrays this short are printed on one line.
const INLINE_WIDTH: usize = 72;

/// One request and its response.
struct Exchange {
    request: http::Request<Vec<u8>>,
    response: http::Response<Vec<u8>>,
}

#[derive(Default)]
struct State {
    log: Vec<Exchange>,
    printed: usize,
    /// What each credentials token is, for the notes next to `Authorization` headers.
    tokens: Vec<(String, String)>,
    /// The first exchange with each method and path (query left out) printed.
    firsts: Vec<(String, usize)>,
    /// Which platform calls with each credentials token, on a network of more than two.
    callers: Vec<(String, String)>,
}

/// The exchanges seen on the network, and what the platforms and tokens are called.
#[derive(Clone)]
pub struct Wire {
    state: Arc<Mutex<State>>,
    /// Host → platform name.
    hosts: Arc<Vec<(String, String)>>,
}

impl Wire {
    /// A recorder for a network of the platforms `(host, name)`.
    pub fn new(hosts: &[(&str, &str)]) -> Self {
        Wire {
            state: Arc::default(),
            hosts: Arc::new(
                hosts
                    .iter()
                    .map(|(h, n)| (h.to_string(), n.to_string()))
                    .collect(),
            ),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The observer to give `Loopback::observe`: it keeps a copy of every exchange.
    pub fn recorder(
        &self,
    ) -> impl Fn(&http::Request<Vec<u8>>, &http::Response<Vec<u8>>) + Send + Sync + 'static {
        let wire = self.clone();
        move |request, response| {
            let mut copy = http::Request::new(request.body().clone());
            *copy.method_mut() = request.method().clone();
            *copy.uri_mut() = request.uri().clone();
            *copy.headers_mut() = request.headers().clone();
            let mut back = http::Response::new(response.body().clone());
            *back.status_mut() = response.status();
            *back.headers_mut() = response.headers().clone();
            wire.lock().log.push(Exchange {
                request: copy,
                response: back,
            });
        }
    }

    /// Names a credentials token in the notes (`token A, issued by …`).
    pub fn name_token(&self, token: &CredentialsToken, what: &str) {
        self.lock()
            .tokens
            .push((token.expose().to_owned(), what.to_owned()));
    }

    /// Names a credentials token and the platform that calls with it: on a network of more
    /// than two platforms, the caller of a request is found by its token.
    #[allow(dead_code)]
    pub fn name_caller(&self, token: &CredentialsToken, what: &str, caller: &str) {
        self.name_token(token, what);
        self.lock()
            .callers
            .push((token.expose().to_owned(), caller.to_owned()));
    }

    /// Prints one line for each exchange recorded since the last call: who called whom, the
    /// request line and the status.
    #[allow(dead_code)]
    pub fn summarise(&self) {
        let mut state = self.lock();
        let mut lines = Vec::new();
        for n in state.printed..state.log.len() {
            let Exchange { request, response } = &state.log[n];
            let (from, to) = self.ends(request, &state.callers);
            lines.push(format!(
                "    #{} {from} → {to}: {} {} → {}",
                n + 1,
                request.method(),
                request.uri(),
                response.status().as_u16()
            ));
        }
        state.printed = state.log.len();
        drop(state);
        for line in lines {
            println!("{line}");
        }
        println!();
    }

    /// The names of the caller and the called platform of `request`.
    fn ends<'a>(
        &'a self,
        request: &'a http::Request<Vec<u8>>,
        callers: &'a [(String, String)],
    ) -> (&'a str, &'a str) {
        let host = request.uri().host().unwrap_or_default();
        let to = self.platform(host);
        let by_token = parse_authorization(
            request.headers().get(AUTHORIZATION),
            AuthorizationMode::Base64,
        )
        .ok()
        .and_then(|auth| {
            callers
                .iter()
                .find(|(t, _)| t == auth.token.expose())
                .map(|(_, c)| c.as_str())
        });
        // Else two platforms: whoever is not called is calling.
        let from = by_token.unwrap_or_else(|| {
            self.hosts
                .iter()
                .map(|(_, n)| n.as_str())
                .find(|n| *n != to)
                .unwrap_or("?")
        });
        (from, to)
    }

    /// How many exchanges were recorded so far.
    pub fn count(&self) -> usize {
        self.lock().log.len()
    }

    /// Prints the exchanges recorded since the last call, in the order they completed.
    pub fn print(&self) {
        let mut state = self.lock();
        let mut text = Vec::new();
        for n in state.printed..state.log.len() {
            let request = &state.log[n].request;
            let key = format!("{} {}", request.method(), request.uri().path());
            // The objects of the next pages of a list are shown with their nested objects
            // folded: the first page showed them whole.
            let first = match state.firsts.iter().find(|(k, _)| *k == key) {
                Some((_, first)) => Some(*first),
                None => {
                    state.firsts.push((key, n + 1));
                    None
                }
            };
            text.push(self.render(n + 1, &state.log[n], &state.tokens, &state.callers, first));
        }
        state.printed = state.log.len();
        drop(state);
        for exchange in text {
            println!("{exchange}\n");
        }
    }

    fn platform<'a>(&'a self, host: &'a str) -> &'a str {
        self.hosts
            .iter()
            .find(|(h, _)| h == host)
            .map_or(host, |(_, n)| n.as_str())
    }

    fn render(
        &self,
        n: usize,
        exchange: &Exchange,
        tokens: &[(String, String)],
        callers: &[(String, String)],
        first: Option<usize>,
    ) -> String {
        let (request, response) = (&exchange.request, &exchange.response);
        let (from, to) = self.ends(request, callers);
        let title = format!("── #{n} {from} → {to} ");
        let mut out = vec![format!("{title}{}", "─".repeat(72 - title.chars().count()))];
        out.push(format!("> {} {}", request.method(), request.uri()));
        for (name, value) in request.headers() {
            let value = value.to_str().unwrap_or("(not text)");
            out.push(format!("> {}: {value}", header_name(name.as_str())));
            if name == AUTHORIZATION {
                out.extend(authorization_note(
                    request.headers().get(AUTHORIZATION),
                    tokens,
                ));
            }
        }
        out.extend(body(request.body(), None).map(|l| format!("> {l}")));
        out.push(format!(
            "< {} {}",
            response.status().as_u16(),
            response.status().canonical_reason().unwrap_or("")
        ));
        for (name, value) in response.headers() {
            let value = value.to_str().unwrap_or("(not text)");
            out.push(format!("< {}: {value}", header_name(name.as_str())));
        }
        let fold = first.map(|_| FOLD_DEPTH);
        out.extend(body(response.body(), fold).map(|l| format!("< {l}")));
        if let Some(first) = first {
            out.push(format!(
                "<     (objects nested in the data are folded: #{first} shows them whole)"
            ));
        }
        out.join("\n")
    }
}

/// The teaching note under an `Authorization` header: the token the Base64 stands for, and
/// which token it is.
fn authorization_note(value: Option<&HeaderValue>, tokens: &[(String, String)]) -> Vec<String> {
    let Ok(auth) = parse_authorization(value, AuthorizationMode::Base64) else {
        return vec![">     (not a Base64 credentials token)".to_owned()];
    };
    let token = auth.token.expose();
    let what = tokens
        .iter()
        .find(|(t, _)| t == token)
        .map_or("a credentials token", |(_, w)| w.as_str());
    vec![format!(">     ↳ Base64 of \"{token}\": {what}")]
}

/// A header name as the spec writes it: `X-Request-ID`, `OCPI-from-party-id`, `Content-Type`.
fn header_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("ocpi-") {
        return format!("OCPI-{rest}");
    }
    name.split('-')
        .map(|part| match part {
            "id" => "ID".to_owned(),
            _ => {
                let mut chars = part.chars();
                chars.next().map_or(String::new(), |c| {
                    c.to_ascii_uppercase().to_string() + chars.as_str()
                })
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A body as lines: JSON pretty-printed (numbers and strings exactly as sent, long arrays cut
/// short with a count of what is left out, objects and arrays from depth `fold` on folded),
/// anything else as text.
fn body(bytes: &[u8], fold: Option<usize>) -> impl Iterator<Item = String> {
    let lines: Vec<String> = if bytes.is_empty() {
        Vec::new()
    } else {
        json_lines(bytes, fold)
    };
    lines.into_iter()
}

fn json_lines(bytes: &[u8], fold: Option<usize>) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut parser = Parser {
        text: text.as_bytes(),
        at: 0,
    };
    match parser.value() {
        Some(json) if parser.rest_is_blank() => {
            let mut out = String::new();
            write(&json, 0, fold, &mut out);
            out.lines().map(str::to_owned).collect()
        }
        _ => text.lines().map(str::to_owned).collect(),
    }
}

/// A JSON value with its scalars kept as written.
enum Json {
    Scalar(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn blank(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn rest_is_blank(&mut self) -> bool {
        self.blank();
        self.at == self.text.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.blank();
        let found = self.text.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self) -> Option<Json> {
        self.blank();
        match self.text.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                if self.eat(b'}') {
                    return Some(Json::Object(fields));
                }
                loop {
                    self.blank();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    fields.push((key, self.value()?));
                    if self.eat(b'}') {
                        return Some(Json::Object(fields));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    if self.eat(b']') {
                        return Some(Json::Array(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'"' => self.string().map(Json::Scalar),
            _ => {
                let start = self.at;
                while self
                    .text
                    .get(self.at)
                    .is_some_and(|b| !b",]}".contains(b) && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                let scalar = std::str::from_utf8(&self.text[start..self.at]).ok()?;
                (!scalar.is_empty()).then(|| Json::Scalar(scalar.to_owned()))
            }
        }
    }

    /// A string, with its quotes and escapes as written.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        if self.text.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        loop {
            match self.text.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        std::str::from_utf8(&self.text[start..self.at])
            .ok()
            .map(str::to_owned)
    }
}

/// Writes `json` at `depth`, the first line unindented.
fn write(json: &Json, depth: usize, fold: Option<usize>, out: &mut String) {
    if let Some(line) = inline(json) {
        out.push_str(&line);
        return;
    }
    if fold.is_some_and(|fold| depth >= fold) {
        out.push_str(&match json {
            Json::Object(fields) => format!("{{ … {} }}", count(fields.len(), "field")),
            Json::Array(items) => format!("[ … {} ]", count(items.len(), kind(items))),
            Json::Scalar(s) => s.clone(),
        });
        return;
    }
    let pad = "  ".repeat(depth + 1);
    match json {
        Json::Scalar(s) => out.push_str(s),
        Json::Object(fields) => {
            out.push_str("{\n");
            for (i, (key, value)) in fields.iter().enumerate() {
                out.push_str(&format!("{pad}{key}: "));
                write(value, depth + 1, fold, out);
                out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}}}", "  ".repeat(depth)));
        }
        Json::Array(items) => {
            // Whole elements while they fit in ARRAY_LINES lines (at least one), then a count.
            let mut shown = Vec::new();
            let mut lines = 0;
            for item in items {
                let mut text = String::new();
                write(item, depth + 1, fold, &mut text);
                lines += text.lines().count();
                if !shown.is_empty() && lines > ARRAY_LINES {
                    break;
                }
                shown.push(text);
            }
            out.push_str("[\n");
            for (i, text) in shown.iter().enumerate() {
                let comma = if i + 1 < items.len() { "," } else { "" };
                out.push_str(&format!("{pad}{text}{comma}\n"));
            }
            let left = items.len() - shown.len();
            if left > 0 {
                let more = noun(left, kind(items));
                out.push_str(&format!("{pad}… {left} more {more}\n"));
            }
            out.push_str(&format!("{}]", "  ".repeat(depth)));
        }
    }
}

/// `json` on one line, when it holds no object or array of more than one field and is short.
fn inline(json: &Json) -> Option<String> {
    let line = match json {
        Json::Scalar(s) => return Some(s.clone()),
        Json::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(flat).collect();
            format!("[{}]", parts?.join(", "))
        }
        Json::Object(fields) => {
            let parts: Option<Vec<String>> = fields
                .iter()
                .map(|(k, v)| flat(v).map(|v| format!("{k}: {v}")))
                .collect();
            if fields.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", parts?.join(", "))
            }
        }
    };
    (line.chars().count() <= INLINE_WIDTH).then_some(line)
}

/// A scalar, or an empty array or object.
fn flat(json: &Json) -> Option<String> {
    match json {
        Json::Scalar(s) => Some(s.clone()),
        Json::Array(items) if items.is_empty() => Some("[]".to_owned()),
        Json::Object(fields) if fields.is_empty() => Some("{}".to_owned()),
        _ => None,
    }
}

/// "1 object", "3 fields".
fn count(n: usize, what: &str) -> String {
    format!("{n} {}", noun(n, what))
}

/// "object", "objects".
fn noun(n: usize, what: &str) -> String {
    format!("{what}{}", if n == 1 { "" } else { "s" })
}

/// What an array holds: "object", "array" or "value".
fn kind(items: &[Json]) -> &'static str {
    match items.last() {
        Some(Json::Object(_)) => "object",
        Some(Json::Array(_)) => "array",
        _ => "value",
    }
}
