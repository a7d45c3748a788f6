//! The bad-input catalogue: one table of named cases, each with its input, the outcome the crate
//! must give (the typed error with its category and JSON path, or the value it keeps) and the
//! HTTP status and OCPI status the spec names for it.
//!
//! HTTP and OCPI statuses come from the crate's own conversions into
//! [`HttpError`](ocpi_protocol::transport::HttpError) (`From<ParseError>`,
//! `From<AuthorizationError>`, `From<LimitError>`, `From<PaginationError>`,
//! `From<RoutingError>`, `From<HandshakeError>`), or, for the credentials handshake, from the
//! receiving platform's actual answer. Input that only a client reads (a page's headers, a
//! crawl) is answered to nobody: those rows say [`Status::Client`].
//!
//! The spec's rules (2.2.1 status_codes.asciidoc): a body that is not valid JSON is HTTP 400
//! (OCPI 2000); valid JSON that is not a valid object, and bad parameters, are HTTP 200 with
//! OCPI 2001; a missing or unknown `Authorization` is HTTP 401; the credentials methods the
//! registration state does not allow are HTTP 405; 3001/3002/3003 for a registration that
//! cannot use the client's API, has no common version, or lacks required endpoints.
//!
//! ## Adding a row
//!
//! A row is `row(name, input, expectation)`. New kinds of input get an [`Input`] variant and a
//! branch in [`Input::run`] that turns the crate's result into an [`Outcome`].
//!
//! The cases that need a whole server (token A on a functional module, a URL party not among
//! the caller's roles, body party or id not matching the URL, foreign `OCPI-from-*`, unknown
//! `OCPI-to-*`, routing headers on Credentials, PATCH without `last_updated`, paging
//! parameters, offset past the end…) are the second table, [`dispatcher_rows`]: each is one
//! request to a registered platform, with the HTTP and OCPI statuses it must get and the
//! check that nothing either platform stores changed.

mod common;
#[path = "common/net.rs"]
mod net;

use std::cell::Cell;

use common::{exact_json_eq, fixture};
use http::header::LINK;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use net::{block_on, issue_a, setup, state, token, versions_url, Net, V2_2_1, V2_3_0};
use ocpi_protocol::credentials::HandshakeError;
use ocpi_protocol::json::{parse, ParseError};
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::transport::authorization_header;
use ocpi_protocol::transport::{
    parse_authorization, parse_response, AuthorizationMode, BodyLimits, HttpError, PageInfo,
    PageRequest, Pager, PagerError, PaginationError, Routing, RoutingError,
};
use ocpi_protocol::types::Conformance;
use ocpi_protocol::types::{CredentialsToken, Url};
use ocpi_protocol::v2_2_1::{
    cdrs::Cdr,
    locations::{ConnectorPatch, Location},
    tokens::Token,
    versions::{InterfaceRole, VersionDetails},
};
use ocpi_protocol::versions::{Required, VersionsError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

// ---- rows ----

/// One case of the catalogue.
struct Row {
    name: &'static str,
    input: Input,
    expect: Expect,
}

fn row(name: &'static str, input: Input, expect: Expect) -> Row {
    Row {
        name,
        input,
        expect,
    }
}

/// The HTTP status and OCPI status an input is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// HTTP status, OCPI status.
    Answer(u16, u16),
    /// Read by a client: nobody is answered; the crate reports the typed error.
    Client,
}

/// What a row expects.
enum Expect {
    /// A typed error: its type and variant (`ParseError(Data)`), the JSON path of the fault
    /// (`""` where there is none or it is not fixed), a fragment of its message, the statuses.
    Refused {
        error: &'static str,
        path: &'static str,
        message: &'static str,
        status: Status,
    },
    /// Accepted: fragments of what is kept (a body as written back, a header as read), and
    /// the number of warnings. Accepted bodies must also be written back exactly as read.
    Accepted {
        shows: &'static [&'static str],
        warnings: usize,
    },
}

fn refused(
    error: &'static str,
    path: &'static str,
    message: &'static str,
    status: Status,
) -> Expect {
    Expect::Refused {
        error,
        path,
        message,
        status,
    }
}

fn accepted(shows: &'static [&'static str], warnings: usize) -> Expect {
    Expect::Accepted { shows, warnings }
}

/// Not valid JSON: HTTP 400, OCPI 2000.
const BAD_JSON: Status = Status::Answer(400, 2000);
/// Valid JSON but not a valid object, or bad parameters: HTTP 200, OCPI 2001.
const INVALID: Status = Status::Answer(200, 2001);
/// Not authorized: HTTP 401, OCPI 2000.
const UNAUTHORIZED: Status = Status::Answer(401, 2000);
/// A credentials method the registration state does not allow: HTTP 405, OCPI 2000.
const NOT_ALLOWED: Status = Status::Answer(405, 2000);

/// What the crate did with an input.
#[derive(Debug)]
enum Outcome {
    Refused {
        error: String,
        path: String,
        message: String,
        status: Status,
    },
    Accepted {
        shown: String,
        warnings: usize,
    },
}

fn status_of(e: &HttpError) -> Status {
    Status::Answer(e.http_status().as_u16(), e.ocpi_status().as_u16())
}

fn from_parse(label: &str, e: ParseError) -> Outcome {
    Outcome::Refused {
        error: format!("{label}({:?})", e.category),
        path: e.path.clone(),
        message: e.message.clone(),
        status: status_of(&HttpError::from(e)),
    }
}

fn from_http(error: String, e: HttpError) -> Outcome {
    Outcome::Refused {
        error,
        path: String::new(),
        message: e.message().to_owned(),
        status: status_of(&e),
    }
}

/// The variant name of an error's `Debug` form (`Parameter { name: "limit", … }` → `Parameter`).
fn variant(debug: String) -> String {
    debug
        .split([' ', '(', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

// ---- inputs ----

/// Reads a body as one type.
struct Reader {
    read: fn(&[u8]) -> Outcome,
}

fn body<T: DeserializeOwned + Serialize + Conformance>(bytes: &[u8]) -> Outcome {
    match parse::<T>(bytes) {
        Err(e) => from_parse("ParseError", e),
        Ok(p) => {
            let written = serde_json::to_string(&p.value).unwrap();
            let read = std::str::from_utf8(bytes).unwrap();
            if let Err(diff) = exact_json_eq(read, &written) {
                panic!("accepted, but not written back as read: {diff}\n{written}");
            }
            Outcome::Accepted {
                shown: written,
                warnings: p.warnings.len(),
            }
        }
    }
}

fn reader<T: DeserializeOwned + Serialize + Conformance>() -> Reader {
    Reader { read: body::<T> }
}

/// A step of the credentials handshake between a CPO and an eMSP (see `common/net.rs`).
#[derive(Debug, Clone, Copy)]
enum Step {
    /// After a registration, the eMSP POSTs its credentials again with the token A.
    TokenAReplayed,
    /// After a registration, the eMSP POSTs its credentials again with its token C.
    PostTwice,
    /// Before any registration, PUT with the token A.
    PutBeforePost,
    /// Before any registration, DELETE with the token A.
    DeleteBeforePost,
    /// POST with the token A, the credentials' versions URL unreachable.
    VersionsUnreachable,
    /// POST with the token A at 2.2.1; the eMSP's versions list offers only 2.3.0.
    NoCommonVersion,
    /// POST with the token A; the CPO requires a `cdrs` endpoint the eMSP lacks.
    MissingEndpoints,
    /// The eMSP registers at a CPO of 2.2.1 only, offering only 2.3.0 itself.
    InitiatorNoCommonVersion,
    /// The eMSP registers, requiring a Tokens Sender endpoint the CPO lacks.
    InitiatorMissingEndpoints,
    /// The eMSP registers with a versions URL nobody answers.
    InitiatorUnreachable,
}

/// One input of a row.
enum Input {
    /// A body read as a type.
    Body(Reader, Vec<u8>),
    /// A response envelope whose `data` is a 2.2.1 Token.
    Envelope(Vec<u8>),
    /// A body checked against limits before parsing.
    Limits(BodyLimits, Vec<u8>),
    /// The `Authorization` header values of a request, read in a mode.
    Authorization(AuthorizationMode, Vec<&'static str>),
    /// The query of a list request; the server's maximum `limit` is 100.
    Query(&'static str),
    /// The pagination headers of a response.
    PageHeaders(Vec<(HeaderName, &'static str)>),
    /// The routing headers of a request.
    Routing(Vec<(HeaderName, &'static str)>),
    /// A crawl from `https://cpo.example/p1`: each URL is answered with one token and the
    /// headers given (`Link` target, `X-Total-Count`).
    Crawl(fn(&str) -> (Option<&'static str>, Option<&'static str>)),
    /// A step of the credentials handshake; neither platform's store may change.
    Handshake(Step),
}

impl Input {
    fn run(&self) -> Outcome {
        match self {
            Input::Body(reader, bytes) => (reader.read)(bytes),
            Input::Envelope(bytes) => match parse_response::<Token>(bytes) {
                Ok(p) => Outcome::Accepted {
                    shown: serde_json::to_string(&p.value).unwrap(),
                    warnings: p.warnings.len(),
                },
                Err(ocpi_protocol::transport::ResponseError::Parse(e)) => {
                    from_parse("ResponseError::Parse", e)
                }
            },
            Input::Limits(limits, bytes) => match limits.check(bytes) {
                Ok(()) => Outcome::Accepted {
                    shown: "within the limits".into(),
                    warnings: 0,
                },
                Err(e) => {
                    let error = format!("LimitError::{}", variant(format!("{e:?}")));
                    from_http(error, HttpError::from(e))
                }
            },
            Input::Authorization(mode, values) => {
                let values: Vec<HeaderValue> = values
                    .iter()
                    .map(|v| HeaderValue::from_str(v).unwrap())
                    .collect();
                match parse_authorization(values.iter(), *mode) {
                    Ok(a) => Outcome::Accepted {
                        shown: format!(
                            "token {:?}, fallback {:?}, trailing newline dropped: {}",
                            a.token.expose(),
                            a.fallback.as_ref().map(|f| f.expose()),
                            a.trailing_newline_dropped
                        ),
                        warnings: 0,
                    },
                    Err(e) => {
                        let error = format!("AuthorizationError::{e:?}");
                        from_http(error, HttpError::from(e))
                    }
                }
            }
            Input::Query(query) => match PageRequest::from_query(Some(query), 100) {
                Ok(r) => Outcome::Accepted {
                    shown: format!("{r:?}"),
                    warnings: 0,
                },
                Err(e) => {
                    let error = match &e {
                        PaginationError::Parameter { name, .. } => {
                            format!("PaginationError::Parameter({name})")
                        }
                        other => format!("PaginationError::{}", variant(format!("{other:?}"))),
                    };
                    from_http(error, HttpError::from(e))
                }
            },
            Input::PageHeaders(headers) => {
                let mut h = HeaderMap::new();
                for (name, value) in headers {
                    h.append(name.clone(), HeaderValue::from_static(value));
                }
                match PageInfo::from_headers(&h) {
                    Ok(info) => Outcome::Accepted {
                        shown: format!("{info:?}"),
                        warnings: 0,
                    },
                    Err(e) => client_error(pagination_label(&e), e.to_string()),
                }
            }
            Input::Routing(headers) => {
                let mut h = HeaderMap::new();
                for (name, value) in headers {
                    h.append(name.clone(), HeaderValue::from_static(value));
                }
                match Routing::from_headers(&h) {
                    Ok(r) => Outcome::Accepted {
                        shown: format!("{r:?}"),
                        warnings: 0,
                    },
                    Err(e) => {
                        let error = match &e {
                            RoutingError::Invalid { header, .. } => {
                                format!("RoutingError::Invalid({header})")
                            }
                            other => format!("RoutingError::{}", variant(format!("{other:?}"))),
                        };
                        from_http(error, HttpError::from(e))
                    }
                }
            }
            Input::Crawl(respond) => crawl(*respond),
            Input::Handshake(step) => handshake(*step),
        }
    }
}

fn client_error(error: String, message: String) -> Outcome {
    Outcome::Refused {
        error,
        path: String::new(),
        message,
        status: Status::Client,
    }
}

fn pagination_label(e: &PaginationError) -> String {
    match e {
        PaginationError::Header { name, .. } => format!("PaginationError::Header({name})"),
        other => format!("PaginationError::{}", variant(format!("{other:?}"))),
    }
}

#[derive(Debug, thiserror::Error)]
#[error("in-memory transport error")]
struct Never;

fn crawl(respond: fn(&str) -> (Option<&'static str>, Option<&'static str>)) -> Outcome {
    let token = fixture("2.2.1", "token_example_1_app_user.json");
    let calls = Cell::new(0);
    let transport = |req: http::Request<Vec<u8>>| {
        calls.set(calls.get() + 1);
        let (next, total) = respond(&req.uri().to_string());
        let body = format!(
            r#"{{"data":[{token}],"status_code":1000,"timestamp":"2020-01-01T00:00:00Z"}}"#
        );
        let mut r = http::Response::new(body.into_bytes());
        if let Some(n) = next {
            let link = if n.starts_with('<') {
                n.to_owned()
            } else {
                format!("<{n}>; rel=\"next\"")
            };
            r.headers_mut()
                .insert(LINK, HeaderValue::from_str(&link).unwrap());
        }
        if let Some(t) = total {
            r.headers_mut()
                .insert("x-total-count", HeaderValue::from_static(t));
        }
        async move { Ok::<_, Never>(r) }
    };
    let get = |uri: &http::Uri| http::Request::get(uri.clone()).body(Vec::new()).unwrap();
    let result =
        block_on(Pager::<Token, _, _>::new(&transport, "https://cpo.example/p1", get).collect());
    assert!(calls.get() <= 10, "the crawl did not stop");
    match result {
        Ok(list) => Outcome::Accepted {
            shown: format!("{} objects in {} calls", list.items.len(), calls.get()),
            warnings: list.warnings.len(),
        },
        Err(PagerError::Headers(e)) => client_error(
            format!("PagerError::Headers({})", pagination_label(&e)),
            e.to_string(),
        ),
        Err(e) => client_error(
            format!("PagerError::{}", variant(format!("{e:?}"))),
            e.to_string(),
        ),
    }
}

/// The eMSP's credentials body for version `v`, carrying `token` and `versions_url`.
fn emsp_credentials(net: &Net, token_text: &str, versions: &str) -> String {
    let c = net
        .node("emsp")
        .config()
        .credentials
        .iter()
        .find(|c| c.version() == V2_2_1)
        .or_else(|| net.node("emsp").config().credentials.first())
        .unwrap()
        .clone();
    serde_json::to_string(&c.with_token(token(token_text), net::url(versions))).unwrap()
}

fn handshake(step: Step) -> Outcome {
    use Step::*;
    let mode = AuthorizationMode::Base64;
    let cpo_credentials = "https://cpo.example/ocpi/2.2.1/credentials";
    let (cpo, emsp) = match step {
        NoCommonVersion | InitiatorNoCommonVersion => {
            (setup("cpo", &[V2_2_1]), setup("emsp", &[V2_3_0]))
        }
        MissingEndpoints => {
            let mut cpo = setup("cpo", &[V2_2_1]);
            cpo.required = vec![Required::new("cdrs", None)];
            (cpo, setup("emsp", &[V2_2_1]))
        }
        InitiatorMissingEndpoints => {
            let mut emsp = setup("emsp", &[V2_2_1]);
            emsp.required = vec![Required::new("tokens", Some(InterfaceRole::Sender))];
            (setup("cpo", &[V2_2_1]), emsp)
        }
        _ => (setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])),
    };
    let net = Net::new(&[cpo, emsp]);
    let a = issue_a(&net, "cpo", "emsp", mode);
    // Registered first, where the step is about a registered peer.
    let c = match step {
        TokenAReplayed | PostTwice => {
            let peer = block_on(net.node("emsp").register(
                net::id("cpo"),
                a.clone(),
                versions_url("cpo"),
                net::terms("cpo", mode),
            ))
            .unwrap();
            Some(peer.credentials.token().clone())
        }
        _ => None,
    };
    // A token the eMSP accepts, for the CPO to fetch its versions with.
    let b = issue_a(&net, "emsp", "cpo", mode);
    let before = (state(&net, "cpo"), state(&net, "emsp"));
    let emsp_versions = versions_url("emsp");
    let call =
        |method: Method, t: &ocpi_protocol::types::CredentialsToken, body: Option<String>| {
            let answer = net.call(method, cpo_credentials, Some((t, mode)), body);
            Outcome::Refused {
                error: "HttpError".into(),
                path: String::new(),
                message: answer.message,
                status: Status::Answer(answer.http, answer.ocpi as u16),
            }
        };
    let initiator = |versions: ocpi_protocol::types::Url| {
        let e = block_on(net.node("emsp").register(
            net::id("cpo"),
            a.clone(),
            versions,
            net::terms("cpo", mode),
        ))
        .unwrap_err();
        let error = match &e {
            HandshakeError::Versions(VersionsError::Call(c)) => {
                format!(
                    "HandshakeError::Versions(Call({}))",
                    variant(format!("{c:?}"))
                )
            }
            HandshakeError::Versions(v) => {
                format!("HandshakeError::Versions({})", variant(format!("{v:?}")))
            }
            other => format!("HandshakeError::{}", variant(format!("{other:?}"))),
        };
        from_http(error, HttpError::from(e))
    };
    let outcome = match step {
        TokenAReplayed => call(
            Method::POST,
            &a,
            Some(emsp_credentials(&net, "x", emsp_versions.as_str())),
        ),
        PostTwice => call(
            Method::POST,
            c.as_ref().unwrap(),
            Some(emsp_credentials(&net, "x", emsp_versions.as_str())),
        ),
        PutBeforePost => call(
            Method::PUT,
            &a,
            Some(emsp_credentials(&net, b.expose(), emsp_versions.as_str())),
        ),
        DeleteBeforePost => call(Method::DELETE, &a, None),
        VersionsUnreachable => call(
            Method::POST,
            &a,
            Some(emsp_credentials(
                &net,
                b.expose(),
                "https://nowhere.example/ocpi/versions",
            )),
        ),
        NoCommonVersion | MissingEndpoints => call(
            Method::POST,
            &a,
            Some(emsp_credentials(&net, b.expose(), emsp_versions.as_str())),
        ),
        InitiatorNoCommonVersion | InitiatorMissingEndpoints => initiator(versions_url("cpo")),
        InitiatorUnreachable => initiator(net::url("https://nowhere.example/ocpi/versions")),
    };
    let after = (state(&net, "cpo"), state(&net, "emsp"));
    assert_eq!(before, after, "{step:?}: a store changed");
    outcome
}

// ---- the documents the rows spoil ----

fn mutate(base: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(base.contains(from), "{from:?} not in the base document");
    base.replacen(from, to, 1).into_bytes()
}

/// The official RFID token example (2.2.1), with `from` replaced by `to`.
fn token_with(from: &str, to: &str) -> Vec<u8> {
    mutate(
        &fixture("2.2.1", "token_example_2_full_rfid.json"),
        from,
        to,
    )
}

fn location_with(from: &str, to: &str) -> Vec<u8> {
    mutate(&fixture("2.2.1", "location_example.json"), from, to)
}

fn cdr_with(from: &str, to: &str) -> Vec<u8> {
    mutate(&fixture("2.2.1", "cdr_example.json"), from, to)
}

fn deep(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

const UID: &str = "\"uid\": \"12345678905880\"";
const ISSUER: &str = "\"issuer\": \"TheNewMotion\"";
const UPDATED: &str = "2018-12-10T17:25:10Z";
const ENERGY: &str = "\"total_energy\": 15.342";

fn rows() -> Vec<Row> {
    use Input::*;
    let token = || reader::<Token>();
    let location = || reader::<Location>();
    let cdr = || reader::<Cdr>();
    let tok = fixture("2.2.1", "token_example_2_full_rfid.json");
    let h = |name: &'static str| HeaderName::from_static(name);
    vec![
        // -- JSON syntax: HTTP 400 --
        row("truncated JSON", Body(token(), tok.as_bytes()[..tok.len() / 2].to_vec()),
            refused("ParseError(Eof)", ".", "EOF while parsing an object", BAD_JSON)),
        row("empty body", Body(token(), b"".to_vec()),
            refused("ParseError(Eof)", ".", "EOF while parsing a value", BAD_JSON)),
        row("not JSON", Body(token(), b"<html>502</html>".to_vec()),
            refused("ParseError(Syntax)", ".", "expected value", BAD_JSON)),
        row("trailing characters", Body(token(), format!("{tok} x").into_bytes()),
            refused("ParseError(Syntax)", ".", "trailing characters", BAD_JSON)),
        row("NaN literal", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": NaN")),
            refused("ParseError(Syntax)", "total_energy", "expected value", BAD_JSON)),
        row("Infinity literal", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": Infinity")),
            refused("ParseError(Syntax)", "total_energy", "expected value", BAD_JSON)),
        row("-Infinity literal", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": -Infinity")),
            refused("ParseError(Syntax)", "total_energy", "invalid number", BAD_JSON)),
        // The document's UTF-8 is checked once, before it is read: the fault has a line and
        // column, and the root path.
        row("invalid UTF-8", Body(token(), [b"{\"uid\": \"".as_slice(), &[0xff, 0xfe], b"\"}"].concat()),
            refused("ParseError(Syntax)", ".", "invalid unicode", BAD_JSON)),
        row("invalid UTF-8 after a type error", Body(token(), [b"{\"uid\": 5, \"issuer\": \"".as_slice(), &[0xff], b"\"}"].concat()),
            refused("ParseError(Syntax)", ".", "invalid unicode code point", BAD_JSON)),
        row("lone surrogate escape", Body(token(), br#"{"uid": "\ud800"}"#.to_vec()),
            refused("ParseError(Syntax)", "uid", "hex escape", BAD_JSON)),
        // -- wrong types: HTTP 200, OCPI 2001 --
        row("array instead of object", Body(token(), b"[]".to_vec()),
            refused("ParseError(Data)", ".", "invalid type: sequence", INVALID)),
        row("string instead of boolean", Body(token(), token_with("\"valid\": true", "\"valid\": \"true\"")),
            refused("ParseError(Data)", "valid", "invalid type: string \"true\", expected a boolean", INVALID)),
        row("object instead of string", Body(token(), token_with(UID, "\"uid\": {}")),
            refused("ParseError(Data)", "uid", "invalid type: map", INVALID)),
        row("null for a required field", Body(token(), token_with(UID, "\"uid\": null")),
            refused("ParseError(Data)", "uid", "invalid type: null", INVALID)),
        row("number as string", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": \"15.342\"")),
            refused("ParseError(Data)", "total_energy", "expected a JSON number", INVALID)),
        row("fraction for an integer", Body(location(), location_with("\"max_amperage\": 16", "\"max_amperage\": 16.5")),
            refused("ParseError(Data)", "evses[0].connectors[0].max_amperage", "invalid type: floating point", INVALID)),
        // -- numbers --
        row("1e400", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": 1e400")),
            refused("ParseError(Data)", "total_energy", "cannot be represented exactly", INVALID)),
        row("too many significant digits", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": 1.23456789012345678901234567890")),
            refused("ParseError(Data)", "total_energy", "cannot be represented exactly", INVALID)),
        row("integer out of range", Body(location(), location_with("\"max_voltage\": 220", "\"max_voltage\": 99999999999999999999")),
            refused("ParseError(Data)", "evses[0].connectors[0].max_voltage", "invalid type: floating point", INVALID)),
        // Valid JSON, though beyond f64: a data error, not a syntax error.
        row("1e400 for an integer", Body(location(), location_with("\"max_voltage\": 220", "\"max_voltage\": 1e400")),
            refused("ParseError(Data)", "evses[0].connectors[0].max_voltage", "number out of range", INVALID)),
        // The two warnings of these CDR rows are the official example's own errata
        // (`cdr_token` without `country_code` and `party_id`).
        // Accepted: ENERGY "When negative, more energy was feed into the grid then charged into
        // the EV" (mod_cdrs §CdrDimensionType), and credit CDRs carry negative amounts.
        row("negative energy", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": -15.342")),
            accepted(&["\"total_energy\":-15.342"], 2)),
        // Accepted and kept exactly: "numbers use 4 decimals" (types §number) is a convention
        // for writers, not a rule for readers; the 2.1.1 EnergyMix example itself sends
        // 0.00006, and rounding would lose data the sender meant.
        row("more than 4 decimals", Body(cdr(), cdr_with(ENERGY, "\"total_energy\": 15.34256789")),
            accepted(&["\"total_energy\":15.34256789"], 2)),
        // -- fields --
        row("missing required field", Body(token(), token_with(&format!("{ISSUER},"), "")),
            refused("ParseError(Data)", ".", "missing field `issuer`", INVALID)),
        row("missing nested required field", Body(location(), location_with("\"standard\": \"IEC_62196_T2\",", "")),
            refused("ParseError(Data)", "evses[0].connectors[0]", "missing field `standard`", INVALID)),
        row("duplicate key", Body(token(), token_with("\"valid\": true", "\"valid\": true, \"valid\": false")),
            refused("ParseError(Data)", "valid", "duplicate field `valid`", INVALID)),
        row("duplicate unknown key", Body(token(), token_with("\"valid\": true", "\"valid\": true, \"x\": 1, \"x\": 2")),
            refused("ParseError(Data)", "x", "duplicate field `x`", INVALID)),
        row("empty + list", Body(location(), location_with("\"connectors\": [{", "\"connectors\": [], \"c\": [{")),
            refused("ParseError(Data)", "evses[0].connectors", "at least one element", INVALID)),
        row("unknown field", Body(token(), token_with("\"valid\": true", "\"valid\": true, \"x-brand\": {\"a\": [1.50]}")),
            accepted(&["\"x-brand\":{\"a\": [1.50]}"], 0)),
        // -- strings --
        row("over-long CiString", Body(token(), token_with(UID, &format!("\"uid\": \"{}\"", "1".repeat(37)))),
            refused("ParseError(Data)", "uid", "exceeds the maximum length of 36", INVALID)),
        row("over-long string", Body(token(), token_with(ISSUER, &format!("\"issuer\": \"{}\"", "x".repeat(65)))),
            refused("ParseError(Data)", "issuer", "exceeds the maximum length of 64", INVALID)),
        row("non-ASCII CiString", Body(token(), token_with(UID, "\"uid\": \"1234é\"")),
            refused("ParseError(Data)", "uid", "not printable ASCII", INVALID)),
        row("control character in string", Body(token(), token_with(ISSUER, "\"issuer\": \"The\\nNewMotion\"")),
            refused("ParseError(Data)", "issuer", "is not printable", INVALID)),
        row("control character in CiString", Body(token(), token_with(UID, "\"uid\": \"1234\\t5\"")),
            refused("ParseError(Data)", "uid", "not printable ASCII", INVALID)),
        row("bad country code", Body(token(), token_with("\"country_code\": \"DE\"", "\"country_code\": \"DEU\"")),
            refused("ParseError(Data)", "country_code", "not a valid country code", INVALID)),
        // Accepted: a country code is a CiString(2), case-insensitive; kept as written.
        row("lower-case country code", Body(token(), token_with("\"country_code\": \"DE\"", "\"country_code\": \"de\"")),
            accepted(&["\"country_code\":\"de\""], 0)),
        row("bad party id", Body(token(), token_with("\"party_id\": \"TNM\"", "\"party_id\": \"T-M\"")),
            refused("ParseError(Data)", "party_id", "not a valid party id", INVALID)),
        row("invalid URL", Body(reader::<VersionDetails>(), br#"{"version":"2.2.1","endpoints":[{"identifier":"cdrs","role":"SENDER","url":"not a url"}]}"#.to_vec()),
            refused("ParseError(Data)", "endpoints[0].url", "not a valid absolute URL", INVALID)),
        // -- enums --
        row("lower-case enum value", Body(token(), token_with("\"type\": \"RFID\"", "\"type\": \"rfid\"")),
            refused("ParseError(Data)", "type", "differs only in case from \"RFID\"", INVALID)),
        row("lower-case nested enum value", Body(location(), location_with("\"status\": \"AVAILABLE\"", "\"status\": \"Available\"")),
            refused("ParseError(Data)", "evses[0].status", "differs only in case", INVALID)),
        row("empty enum value", Body(token(), token_with("\"whitelist\": \"ALLOWED\"", "\"whitelist\": \"\"")),
            refused("ParseError(Data)", "whitelist", "not a valid enum value", INVALID)),
        // Accepted: values a newer peer sends are kept (2.3.0 types §OpenEnum); WhitelistType
        // is a closed enum, so the value is also reported (one UnknownValue warning).
        row("unknown enum value", Body(token(), token_with("\"whitelist\": \"ALLOWED\"", "\"whitelist\": \"SOMETIMES\"")),
            accepted(&["\"whitelist\":\"SOMETIMES\""], 1)),
        // -- timestamps --
        row("datetime with +02:00", Body(token(), token_with(UPDATED, "2018-12-10T17:25:10+02:00")),
            refused("ParseError(Data)", "last_updated", "has a UTC offset", INVALID)),
        // "+00:00" is refused too: the spec allows only `Z` (types §DateTime).
        row("datetime with +00:00", Body(token(), token_with(UPDATED, "2018-12-10T17:25:10+00:00")),
            refused("ParseError(Data)", "last_updated", "has a UTC offset", INVALID)),
        // Accepted: "All timestamps are formatted as string(25) following RFC 3339, with some
        // additional limitations. All timestamps SHALL be in UTC. The absence of the timezone
        // designator implies a UTC timestamp." (types §DateTime). Kept without `Z`.
        row("datetime without Z", Body(token(), token_with(UPDATED, "2018-12-10T17:25:10")),
            accepted(&["\"last_updated\":\"2018-12-10T17:25:10\""], 0)),
        row("datetime month 13", Body(token(), token_with(UPDATED, "2018-13-10T17:25:10Z")),
            refused("ParseError(Data)", "last_updated", "not a valid date and time", INVALID)),
        row("datetime hour 25", Body(token(), token_with(UPDATED, "2018-12-10T25:25:10Z")),
            refused("ParseError(Data)", "last_updated", "not a valid date and time", INVALID)),
        row("date without time", Body(token(), token_with(UPDATED, "2018-12-10")),
            refused("ParseError(Data)", "last_updated", "expected a timestamp", INVALID)),
        // -- nesting --
        row("10 000-deep nesting in a known field", Body(token(), token_with("\"energy_contract\": {", &format!("\"energy_contract\": {}, \"y\": {{", deep(10_000)))),
            refused("ParseError(Data)", "energy_contract", "invalid type: sequence", INVALID)),
        row("10 000-deep nesting in an unknown field", Body(token(), token_with("\"valid\": true", &format!("\"valid\": true, \"x\": {}", deep(10_000)))),
            refused("ParseError(Data)", "x", "nests deeper than 64", INVALID)),
        row("10 000-deep nesting inside a list", Body(location(), location_with("\"capabilities\": [", &format!("\"capabilities\": [{},", deep(10_000)))),
            refused("ParseError(Data)", "evses[0].capabilities[0]", "invalid type: sequence, expected a Capability value", INVALID)),
        row("10 000-deep nesting as the document", Body(location(), deep(10_000).into_bytes()),
            refused("ParseError(Data)", ".", "invalid type: sequence", INVALID)),
        // -- body limits, before parsing --
        row("oversized body", Limits(BodyLimits::default(), vec![b' '; 10 * 1024 * 1024 + 1]),
            refused("LimitError::TooLarge", "", "exceeds the limit of 10485760 bytes", Status::Answer(413, 2000))),
        row("body nested deeper than the limit", Limits(BodyLimits::default(), deep(33).into_bytes()),
            refused("LimitError::TooDeep", "", "deeper than 32 levels", BAD_JSON)),
        row("body at the nesting limit", Limits(BodyLimits::default(), deep(32).into_bytes()),
            accepted(&["within the limits"], 0)),
        // -- PATCH bodies --
        row("null for a required field in a PATCH (power_type)", Body(reader::<ConnectorPatch>(), br#"{"power_type": null}"#.to_vec()),
            refused("ParseError(Data)", "power_type", "invalid type: null", INVALID)),
        row("null for a required field in a PATCH (last_updated)", Body(reader::<ConnectorPatch>(), br#"{"last_updated": null}"#.to_vec()),
            refused("ParseError(Data)", "last_updated", "invalid type: null", INVALID)),
        row("null for a required field in a PATCH (standard)", Body(reader::<ConnectorPatch>(), br#"{"standard": null}"#.to_vec()),
            refused("ParseError(Data)", "standard", "invalid type: null", INVALID)),
        // Accepted: `null` clears an optional field, and is kept to say so.
        row("null for an optional field in a PATCH", Body(reader::<ConnectorPatch>(), br#"{"tariff_ids": null}"#.to_vec()),
            accepted(&["{\"tariff_ids\":null}"], 0)),
        // -- the response envelope --
        row("success envelope with invalid data", Envelope(format!(r#"{{"data": {}, "status_code": 1000, "timestamp": "2020-01-01T00:00:00Z"}}"#, String::from_utf8(token_with(UID, "\"uid\": 5")).unwrap()).into_bytes()),
            refused("ResponseError::Parse(Data)", "data.uid", "invalid type: integer", INVALID)),
        row("envelope without status_code", Envelope(br#"{"timestamp": "2020-01-01T00:00:00Z"}"#.to_vec()),
            refused("ResponseError::Parse(Data)", ".", "missing field `status_code`", INVALID)),
        // Accepted: an error response's data is unspecified; kept verbatim.
        row("error envelope with foreign data", Envelope(br#"{"data": {"reason": 7}, "status_code": 2001, "timestamp": "2020-01-01T00:00:00Z"}"#.to_vec()),
            accepted(&["\"data\":{\"reason\": 7}", "\"status_code\":2001"], 0)),
        // -- Authorization --
        row("missing Authorization", Authorization(AuthorizationMode::Base64, vec![]),
            refused("AuthorizationError::Missing", "", "missing", UNAUTHORIZED)),
        row("Bearer Authorization", Authorization(AuthorizationMode::Base64, vec!["Bearer ZXhhbXBsZS10b2tlbg=="]),
            refused("AuthorizationError::Scheme", "", "must be 'Token'", UNAUTHORIZED)),
        row("Token without credentials", Authorization(AuthorizationMode::Plain, vec!["Token "]),
            refused("AuthorizationError::Scheme", "", "must be 'Token'", UNAUTHORIZED)),
        row("non-Base64 Authorization", Authorization(AuthorizationMode::Base64, vec!["Token not*base64!"]),
            refused("AuthorizationError::Encoding", "", "not valid Base64", UNAUTHORIZED)),
        // The 2.2.1 example token is Base64 of 32 random bytes, not of a printable token.
        row("Base64 of no printable token", Authorization(AuthorizationMode::Base64, vec!["Token IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM="]),
            refused("AuthorizationError::Encoding", "", "not valid Base64", UNAUTHORIZED)),
        row("two Authorization headers", Authorization(AuthorizationMode::Plain, vec!["Token a", "Token b"]),
            refused("AuthorizationError::Repeated", "", "more than one", UNAUTHORIZED)),
        // Accepted: the 2.3.0 spec's own example encodes "example-token\n"; the line feed is
        // dropped and reported.
        row("Base64 token with a trailing newline", Authorization(AuthorizationMode::Base64, vec!["Token ZXhhbXBsZS10b2tlbgo="]),
            accepted(&["token \"example-token\"", "trailing newline dropped: true"], 0)),
        // Accepted: the scheme is case-insensitive (RFC 9110).
        row("lower-case scheme", Authorization(AuthorizationMode::Plain, vec!["token 012345678"]),
            accepted(&["token \"012345678\""], 0)),
        // -- pagination parameters (server maximum 100) --
        row("limit of 0", Query("limit=0"),
            refused("PaginationError::Parameter(limit)", "", "must be at least 1", INVALID)),
        row("negative limit", Query("limit=-1"),
            refused("PaginationError::Parameter(limit)", "", "not a non-negative integer", INVALID)),
        row("non-numeric limit", Query("limit=ten"),
            refused("PaginationError::Parameter(limit)", "", "not a non-negative integer", INVALID)),
        // Accepted: "The server SHALL NOT return more objects than the limit" lets it lower
        // any limit to its own maximum.
        row("huge limit", Query("limit=99999999999999999999999999"),
            accepted(&["limit: Some(100)"], 0)),
        row("negative offset", Query("offset=-5"),
            refused("PaginationError::Parameter(offset)", "", "not a non-negative integer", INVALID)),
        row("repeated limit", Query("limit=1&limit=2"),
            refused("PaginationError::Repeated", "", "more than once", INVALID)),
        row("date_from without time", Query("date_from=2016-01-01"),
            refused("PaginationError::Parameter(date_from)", "", "expected a timestamp", INVALID)),
        row("date_from after date_to", Query("date_from=2017-01-01T00:00:00Z&date_to=2016-01-01T00:00:00Z"),
            refused("PaginationError::EmptyWindow", "", "date_from must be before date_to", INVALID)),
        // -- pagination headers of a response (read by a client) --
        row("malformed Link", PageHeaders(vec![(LINK, "https://a.example/3; rel=next")]),
            refused("PaginationError::Header(Link)", "", "must start with '<'", Status::Client)),
        row("unterminated Link", PageHeaders(vec![(LINK, "<https://a.example/3; rel=next")]),
            refused("PaginationError::Header(Link)", "", "unterminated '<'", Status::Client)),
        row("two next links", PageHeaders(vec![(LINK, r#"<https://a.example/3>; rel="next", <https://a.example/4>; rel="next""#)]),
            refused("PaginationError::Header(Link)", "", "more than one rel=\"next\"", Status::Client)),
        row("non-numeric X-Total-Count", PageHeaders(vec![(h("x-total-count"), "many")]),
            refused("PaginationError::Header(X-Total-Count)", "", "not a non-negative integer", Status::Client)),
        row("negative X-Limit", PageHeaders(vec![(h("x-limit"), "-1")]),
            refused("PaginationError::Header(X-Limit)", "", "not a non-negative integer", Status::Client)),
        row("next link that repeats", Crawl(|url| match url {
                "https://cpo.example/p1" => (Some("https://cpo.example/p2"), None),
                _ => (Some("https://cpo.example/p1"), None),
            }),
            refused("PagerError::Loop", "", "was already fetched", Status::Client)),
        row("malformed Link in a crawl", Crawl(|_| (Some("<https://cpo.example/p2> rel=next"), None)),
            refused("PagerError::Headers(PaginationError::Header(Link))", "", "expected ',' or ';'", Status::Client)),
        row("non-numeric X-Total-Count in a crawl", Crawl(|_| (None, Some("many"))),
            refused("PagerError::Headers(PaginationError::Header(X-Total-Count))", "", "not a non-negative integer", Status::Client)),
        // -- routing headers --
        row("invalid OCPI-to-country-code", Routing(vec![(h("ocpi-to-country-code"), "NLD"), (h("ocpi-to-party-id"), "TNM")]),
            refused("RoutingError::Invalid(OCPI-to-country-code)", "", "not a valid country code", INVALID)),
        row("OCPI-to-party-id without its country code", Routing(vec![(h("ocpi-to-party-id"), "TNM")]),
            refused("RoutingError::Incomplete", "", "must be sent together", INVALID)),
        row("repeated OCPI-from-party-id", Routing(vec![(h("ocpi-from-country-code"), "NL"), (h("ocpi-from-party-id"), "TNM"), (h("ocpi-from-party-id"), "ABC")]),
            refused("RoutingError::Repeated", "", "appears more than once", INVALID)),
        // Accepted: a CiString, case-insensitive; kept as written.
        row("lower-case routing country code", Routing(vec![(h("ocpi-to-country-code"), "nl"), (h("ocpi-to-party-id"), "tnm")]),
            accepted(&["CountryCode(\"nl\")", "PartyId(\"tnm\")"], 0)),
        // -- the credentials handshake: nothing is stored --
        row("token A replayed after the registration", Handshake(Step::TokenAReplayed),
            refused("HttpError", "", "unknown credentials token", UNAUTHORIZED)),
        row("POST credentials twice", Handshake(Step::PostTwice),
            refused("HttpError", "", "registered already", NOT_ALLOWED)),
        row("PUT credentials before POST", Handshake(Step::PutBeforePost),
            refused("HttpError", "", "not registered", NOT_ALLOWED)),
        row("DELETE credentials before POST", Handshake(Step::DeleteBeforePost),
            refused("HttpError", "", "not registered", NOT_ALLOWED)),
        row("unreachable versions URL during POST", Handshake(Step::VersionsUnreachable),
            refused("HttpError", "", "could not be sent", Status::Answer(200, 3001))),
        row("no common version (receiver)", Handshake(Step::NoCommonVersion),
            refused("HttpError", "", "no OCPI version in common", Status::Answer(200, 3002))),
        row("missing required endpoints (receiver)", Handshake(Step::MissingEndpoints),
            refused("HttpError", "", "lacks required endpoints", Status::Answer(200, 3003))),
        row("no common version (initiator)", Handshake(Step::InitiatorNoCommonVersion),
            refused("HandshakeError::Versions(NoCommonVersion)", "", "no OCPI version in common", Status::Answer(200, 3002))),
        row("missing required endpoints (initiator)", Handshake(Step::InitiatorMissingEndpoints),
            refused("HandshakeError::Versions(MissingEndpoints)", "", "lacks required endpoints", Status::Answer(200, 3003))),
        row("unreachable versions URL (initiator)", Handshake(Step::InitiatorUnreachable),
            refused("HandshakeError::Versions(Call(Transport))", "", "could not be sent", Status::Answer(200, 3001))),
    ]
}

/// What is wrong with an outcome, if anything.
fn mismatch(expect: &Expect, outcome: &Outcome) -> Option<String> {
    match (expect, outcome) {
        (
            Expect::Refused {
                error,
                path,
                message,
                status,
            },
            Outcome::Refused {
                error: e,
                path: p,
                message: m,
                status: s,
            },
        ) => {
            let ok =
                error == e && (path.is_empty() || path == p) && m.contains(message) && status == s;
            (!ok).then(|| format!("got {outcome:?}"))
        }
        (Expect::Accepted { shows, warnings }, Outcome::Accepted { shown, warnings: w }) => {
            let missing: Vec<_> = shows.iter().filter(|s| !shown.contains(*s)).collect();
            (!missing.is_empty() || warnings != w)
                .then(|| format!("{missing:?} not in {shown} ({w} warnings)"))
        }
        _ => Some(format!("got {outcome:?}")),
    }
}

#[test]
fn catalogue() {
    let rows = rows();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        panic!("two rows named {:?}", w[0]);
    }
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|r| mismatch(&r.expect, &r.input.run()).map(|m| format!("{}: {m}", r.name)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every status a row names is the one the spec gives its error class.
#[test]
fn the_statuses_follow_the_spec() {
    for r in rows() {
        let Expect::Refused { error, status, .. } = r.expect else {
            continue;
        };
        let expected = match error {
            e if e.ends_with("(Syntax)") || e.ends_with("(Eof)") => Some(BAD_JSON),
            e if e.ends_with("(Data)") => Some(INVALID),
            e if e.starts_with("AuthorizationError") => Some(UNAUTHORIZED),
            e if e.starts_with("PagerError") || e.starts_with("PaginationError::Header") => {
                Some(Status::Client)
            }
            e if e.starts_with("PaginationError") || e.starts_with("RoutingError") => Some(INVALID),
            _ => None,
        };
        if let Some(expected) = expected {
            assert_eq!(status, expected, "{}", r.name);
        }
    }
}

/// A check of the checker: a row expecting the wrong thing fails.
#[test]
fn a_wrong_expectation_is_caught() {
    let outcome = Input::Query("limit=0").run();
    assert!(mismatch(
        &refused(
            "PaginationError::Parameter(limit)",
            "",
            "at least 1",
            INVALID
        ),
        &outcome
    )
    .is_none());
    assert!(mismatch(
        &refused(
            "PaginationError::Parameter(limit)",
            "",
            "at least 1",
            BAD_JSON
        ),
        &outcome
    )
    .is_some());
    assert!(mismatch(
        &refused(
            "PaginationError::Parameter(offset)",
            "",
            "at least 1",
            INVALID
        ),
        &outcome
    )
    .is_some());
    assert!(mismatch(
        &refused("PaginationError::Parameter(limit)", "", "at most", INVALID),
        &outcome
    )
    .is_some());
    assert!(mismatch(&accepted(&[], 0), &outcome).is_some());
    let outcome = Input::Query("limit=5").run();
    assert!(mismatch(&accepted(&["limit: Some(5)"], 0), &outcome).is_none());
    assert!(mismatch(&accepted(&["limit: Some(6)"], 0), &outcome).is_some());
}

// ---- the server dispatcher ----
//
// The cases that need a whole server: a CPO (NL*CPO, Locations Sender, pages of 2) and an eMSP
// (NL*MSP: Locations, Sessions and CDRs Receivers, Commands Sender) registered with each other
// through the credentials handshake (tests/common/network.rs), with the handlers of the
// examples (examples/common/platforms.rs). Each row sends one request to one of them as the
// other (or as a newcomer holding a token A, or as nobody) and expects the HTTP status and
// OCPI status the spec names, and that nothing either platform stores changed: registrations,
// token records, and the handlers' data.

#[path = "common/network.rs"]
mod network;
#[path = "../examples/common/platforms.rs"]
mod platforms;

use ocpi_protocol::memory::Memory;

/// Who sends a dispatcher row's request, to which platform.
#[derive(Clone, Copy)]
enum Caller {
    /// The registered CPO, to the eMSP, with its token in Base64.
    Cpo,
    /// The registered eMSP, to the CPO.
    Emsp,
    /// A newcomer with a token A of the eMSP, to the eMSP.
    TokenA,
    /// A literal `Authorization` header (`None`: none), to the eMSP.
    Header(Option<&'static str>),
}

/// One dispatcher row.
struct Request {
    name: &'static str,
    caller: Caller,
    method: Method,
    /// The path under the platform's `/ocpi`.
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: String,
    /// HTTP status, OCPI status.
    expect: (u16, u16),
}

fn send(
    name: &'static str,
    caller: Caller,
    method: Method,
    path: &'static str,
    body: String,
    expect: (u16, u16),
) -> Request {
    Request {
        name,
        caller,
        method,
        path,
        headers: &[],
        body,
        expect,
    }
}

/// The CPO's Location LOC1 as a 2.3.0 body, with `from` replaced by `to`.
fn location_body(from: &str, to: &str) -> String {
    serde_json::to_string(&platforms::location(1))
        .unwrap()
        .replacen(from, to, 1)
}

const LOC1: &str = "/2.3.0/receiver/locations/NL/CPO/LOC1";

fn dispatcher_rows() -> Vec<Request> {
    let ok = location_body("", "");
    let get =
        |name, caller, path, expect| send(name, caller, Method::GET, path, String::new(), expect);
    vec![
        // Controls: well-formed requests pass (and change the state: see the test).
        get(
            "control: token A on versions",
            Caller::TokenA,
            "/versions",
            (200, 1000),
        ),
        get(
            "control: a page",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=2",
            (200, 1000),
        ),
        // Authorization.
        send(
            "no Authorization header",
            Caller::Header(None),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "Authorization: Bearer",
            Caller::Header(Some("Bearer abc")),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "Authorization not Base64",
            Caller::Header(Some("Token %%%")),
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        send(
            "token A on a functional module",
            Caller::TokenA,
            Method::PUT,
            LOC1,
            ok.clone(),
            (401, 2000),
        ),
        // The URL's party and the body's ids.
        send(
            "a URL party that is not among the caller's roles",
            Caller::Cpo,
            Method::PUT,
            "/2.3.0/receiver/locations/DE/ABC/LOC1",
            location_body("\"country_code\":\"NL\"", "\"country_code\":\"DE\"").replacen(
                "\"party_id\":\"CPO\"",
                "\"party_id\":\"ABC\"",
                1,
            ),
            (404, 2000),
        ),
        send(
            "body party not matching the URL",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            location_body("\"party_id\":\"CPO\"", "\"party_id\":\"CPX\""),
            (200, 2001),
        ),
        send(
            "body id not matching the URL",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            location_body("\"id\":\"LOC1\"", "\"id\":\"LOC2\""),
            (200, 2001),
        ),
        send(
            "PATCH without last_updated",
            Caller::Cpo,
            Method::PATCH,
            LOC1,
            r#"{"name": "Neude"}"#.into(),
            (200, 2001),
        ),
        // Bodies and paths.
        send(
            "invalid JSON body",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            "{\"id\": ".into(),
            (400, 2000),
        ),
        send(
            "oversized body",
            Caller::Cpo,
            Method::PUT,
            LOC1,
            format!("[{}0]", "0,".repeat(6 << 20)),
            (413, 2000),
        ),
        get(
            "unknown path",
            Caller::Cpo,
            "/2.3.0/receiver/nothing/NL/CPO/X",
            (404, 2000),
        ),
        // Routing headers.
        Request {
            headers: &[
                ("OCPI-from-country-code", "DE"),
                ("OCPI-from-party-id", "ABC"),
                ("OCPI-to-country-code", "NL"),
                ("OCPI-to-party-id", "MSP"),
            ],
            ..send(
                "OCPI-from-* naming a party that is not the caller's",
                Caller::Cpo,
                Method::PUT,
                LOC1,
                ok.clone(),
                (200, 2001),
            )
        },
        Request {
            headers: &[
                ("OCPI-from-country-code", "NL"),
                ("OCPI-from-party-id", "CPO"),
                ("OCPI-to-country-code", "FR"),
                ("OCPI-to-party-id", "ZZZ"),
            ],
            ..send(
                "unknown OCPI-to-* receiver",
                Caller::Cpo,
                Method::PUT,
                LOC1,
                ok.clone(),
                (200, 4001),
            )
        },
        Request {
            headers: &[
                ("OCPI-from-country-code", "NL"),
                ("OCPI-from-party-id", "CPO"),
                ("OCPI-to-country-code", "NL"),
                ("OCPI-to-party-id", "MSP"),
            ],
            ..get(
                "routing headers on Credentials",
                Caller::Cpo,
                "/2.3.0/credentials",
                (200, 2001),
            )
        },
        // Credentials out of order, for a registered peer.
        send(
            "POST credentials twice",
            Caller::Cpo,
            Method::POST,
            "/2.3.0/credentials",
            "{}".into(),
            (405, 2000),
        ),
        // Paging parameters.
        get(
            "limit of 0",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=0",
            (200, 2001),
        ),
        get(
            "negative limit",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=-1",
            (200, 2001),
        ),
        get(
            "non-numeric limit",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=ten",
            (200, 2001),
        ),
        get(
            "huge limit (clamped)",
            Caller::Emsp,
            "/2.3.0/sender/locations?limit=99999999999999999999999",
            (200, 1000),
        ),
        get(
            "negative offset",
            Caller::Emsp,
            "/2.3.0/sender/locations?offset=-2",
            (200, 2001),
        ),
        get(
            "offset past the end (an empty page)",
            Caller::Emsp,
            "/2.3.0/sender/locations?offset=100",
            (200, 1000),
        ),
    ]
}

/// The platforms of the dispatcher rows, and their handlers' data.
struct Platforms {
    pair: network::Pair,
    cpo: Memory,
    emsp: Memory,
}

async fn platforms() -> Platforms {
    let cpo_memory = Memory::new();
    for i in 1..=3 {
        cpo_memory.locations.put(platforms::location(i));
    }
    let pending = PendingCommands::new(&Url::new("https://emsp.test/ocpi").unwrap()).unwrap();
    let emsp_memory = Memory::new().with_commands(pending.clone());
    let cpo = platforms::cpo("https://cpo.test/ocpi", &cpo_memory, 2);
    let emsp = platforms::emsp_with_sessions("https://emsp.test/ocpi", &emsp_memory, &pending);
    let pair = network::Pair::connect(cpo, emsp).await;
    Platforms {
        pair,
        cpo: cpo_memory,
        emsp: emsp_memory,
    }
}

impl Platforms {
    /// Everything both platforms store.
    fn state(&self) -> String {
        let (cpo, emsp) = (
            self.pair.cpo.platform().store(),
            self.pair.emsp.platform().store(),
        );
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            cpo.peers(),
            cpo.token_records(),
            emsp.peers(),
            emsp.token_records(),
            self.cpo.locations.values(),
            self.emsp.locations.values(),
            self.emsp.sessions.values(),
            self.emsp.cdrs.values(),
        )
    }

    async fn answer(&self, row: &Request, token_a: &CredentialsToken) -> http::Response<Vec<u8>> {
        let (server, token) = match row.caller {
            Caller::Cpo => (&self.pair.emsp, Some(self.pair.cpo_token())),
            Caller::Emsp => (&self.pair.cpo, Some(self.pair.emsp_token())),
            Caller::TokenA => (&self.pair.emsp, Some(token_a.clone())),
            Caller::Header(_) => (&self.pair.emsp, None),
        };
        let host = if matches!(row.caller, Caller::Emsp) {
            "cpo.test"
        } else {
            "emsp.test"
        };
        let mut request = http::Request::new(row.body.clone().into_bytes());
        *request.method_mut() = row.method.clone();
        *request.uri_mut() = format!("http://{host}/ocpi{}", row.path).parse().unwrap();
        let headers = request.headers_mut();
        if let Some(token) = token {
            headers.insert(
                http::header::AUTHORIZATION,
                authorization_header(&token, AuthorizationMode::Base64),
            );
        }
        if let Caller::Header(Some(value)) = row.caller {
            headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        }
        for (name, value) in row.headers {
            headers.insert(*name, value.parse().unwrap());
        }
        server.handle(request).await
    }
}

#[tokio::test]
async fn dispatcher_catalogue() {
    let p = platforms().await;
    let token_a = p
        .pair
        .emsp
        .platform()
        .issue_token_a(
            ocpi_protocol::credentials::PeerId::new("newcomer"),
            ocpi_protocol::credentials::PartyGrant::parties([net::party("DE", "NEW")]),
        )
        .await
        .unwrap();
    let mut failures = Vec::new();
    for row in dispatcher_rows() {
        let before = p.state();
        let response = p.answer(&row, &token_a).await;
        let envelope = parse_response::<Box<RawValue>>(response.body()).map(|p| p.value);
        let got = (
            response.status().as_u16(),
            envelope.as_ref().map_or(0, |e| e.status_code.as_u16()),
        );
        if got != row.expect {
            failures.push(format!(
                "{}: expected {:?}, got {got:?}",
                row.name, row.expect
            ));
        }
        if row.expect.1 != 1000 && p.state() != before {
            failures.push(format!(
                "{}: refused, but the stored state changed",
                row.name
            ));
        }
        if row.name.starts_with("offset past the end") {
            let data = envelope.unwrap().data.unwrap();
            assert_eq!(data.get(), "[]", "{}", row.name);
            assert!(
                !response.headers().contains_key(http::header::LINK),
                "{}",
                row.name
            );
            assert_eq!(response.headers()["x-total-count"], "3");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
