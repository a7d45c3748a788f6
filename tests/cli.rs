//! The `ocpi` command line, run as a process: `check` against the crate's own mock (clean, and
//! with each fault mode), `validate` on every official example against `json::parse`,
//! snapshots of a few outputs, and bad input (unreadable files, a partner that is down, never
//! answers or answers without end) ending with the documented exit code.

mod common;
#[path = "common/examples.rs"]
mod examples;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use ocpi_protocol::json;
use ocpi_protocol::transport::Response;
use ocpi_protocol::types::{Conformance, Warning};
use serde::de::DeserializeOwned;
use serde_json::Value;

const OCPI: &str = env!("CARGO_BIN_EXE_ocpi");

fn fixtures(version: &str) -> String {
    format!("{}/tests/fixtures/{version}", env!("CARGO_MANIFEST_DIR"))
}

fn ocpi(args: &[&str]) -> Output {
    Command::new(OCPI)
        .args(args)
        .output()
        .expect("the ocpi binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A mock partner in its own process; killed when dropped.
struct Mock {
    child: Child,
    /// Its output, kept open (and unread).
    _out: std::io::Lines<BufReader<std::process::ChildStdout>>,
    versions: String,
    token: String,
    report: String,
}

impl Mock {
    fn start(args: &[&str]) -> Mock {
        let mut child = Command::new(OCPI)
            .args(["mock", "--listen", "127.0.0.1:0", "--quiet"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut field = |prefix: &str| -> String {
            loop {
                let line = lines
                    .next()
                    .expect("the mock prints its address")
                    .expect("a line");
                if let Some(rest) = line.strip_prefix(prefix) {
                    return rest.trim().to_owned();
                }
            }
        };
        let versions = field("versions URL:");
        let token = field("token A:");
        let report = field("report:");
        Mock {
            child,
            _out: lines,
            versions,
            token,
            report,
        }
    }

    /// The mock's report (`GET /_mock/report`).
    fn report(&self) -> Value {
        let url = url::Url::parse(&self.report).unwrap();
        let mut stream =
            TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
        write!(
            stream,
            "GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            url.path()
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
        serde_json::from_str(body).unwrap()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ocpi check --register --json` against a mock; the report and the exit code.
fn check(mock: &Mock, extra: &[&str]) -> (Value, Option<i32>, String) {
    let mut args = vec![
        "check",
        &mock.versions,
        "--token",
        &mock.token,
        "--register",
        "--json",
    ];
    args.extend_from_slice(extra);
    let out = ocpi(&args);
    let text = stdout(&out);
    let report: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code(), text)
}

/// The checks that neither passed nor were skipped: `(id, status)`.
fn flagged(report: &Value) -> BTreeSet<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass" && c["status"] != "skipped")
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_passes_against_the_mock() {
    let mock = Mock::start(&["--role", "cpo", "--seed", "11"]);
    let (report, code, text) = check(&mock, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(report["version"], "2.3.0");
    // Only the mock's plain HTTP on 127.0.0.1 is worth a warning.
    assert_eq!(
        flagged(&report),
        BTreeSet::from([("details.tls".to_owned(), "warn".to_owned())]),
        "{text}"
    );
    let ids: BTreeSet<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "credentials.register",
        "versions.list",
        "details.required",
        "locations.objects",
        "locations.pagination",
        "locations.offset",
        "locations.limit",
        "locations.dates",
        "locations.object",
        "locations.unknown-id",
        "sessions.pagination",
        "cdrs.objects",
        "tariffs.request-id",
        "auth.wrong-token",
        "credentials.unregister",
    ] {
        assert!(ids.contains(id), "{id} missing: {text}");
    }
    // The mock watched the checker: one request with a wrong token, on purpose, and nothing
    // else wrong; the checker followed the mock's Links.
    let seen = mock.report();
    assert_eq!(seen["findings"], 1, "{seen:#}");
    assert_eq!(seen["counts"]["unauthorized"], 1);
    assert!(
        seen["counts"]["links_followed"].as_u64().unwrap() >= 6,
        "{seen:#}"
    );
    // Tokens never show.
    assert!(!text.contains(&mock.token));
    assert!(!seen.to_string().contains(&mock.token));
}

#[test]
fn check_with_write_against_an_emsp_mock() {
    let mock = Mock::start(&["--role", "emsp", "--seed", "5", "--version", "2.2.1"]);
    let (report, code, text) = check(&mock, &["--role", "cpo", "--write"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(report["version"], "2.2.1");
    let status = |id: &str| status_of(&report, id);
    assert_eq!(status("tokens.objects"), "pass", "{text}");
    assert_eq!(status("tokens.pagination"), "pass", "{text}");
    assert_eq!(status("write.tariffs"), "pass", "{text}");
    // Locations have no DELETE: the test Location stays (unpublished), which is reported.
    assert_eq!(status("write.locations"), "warn", "{text}");
    // Sessions (PUT, PATCH, read back) and CDRs (POST, GET at the Location answered) stay too:
    // a warning saying so, and nothing else.
    for (id, evidence) in [
        (
            "write.sessions",
            "left in place: Sessions has no DELETE (COMPLETED)",
        ),
        ("write.cdrs", "left in place: CDRs have no DELETE"),
    ] {
        let check = check_of(&report, id).unwrap_or_else(|| panic!("{id} missing: {text}"));
        assert_eq!(check["status"], "warn", "{text}");
        assert_eq!(check["evidence"], serde_json::json!([evidence]), "{text}");
    }
}

#[test]
fn check_with_write_sends_a_command_against_a_cpo_mock() {
    let mock = Mock::start(&["--role", "cpo", "--objects", "10", "--version", "2.2.1"]);
    let (report, code, text) = check(&mock, &["--write"]);
    assert_eq!(code, Some(0), "{text}");
    // START_SESSION answered ACCEPTED, and its CommandResult (which the mock CPO posts once
    // it has carried the command out) arrived at this tool's response_url.
    assert_eq!(status_of(&report, "write.commands"), "pass", "{text}");
    assert_eq!(status_of(&report, "write.tokens"), "warn", "{text}");
    let seen = mock.report();
    assert_eq!(
        seen["findings"], 1,
        "only the wrong token on purpose: {seen:#}"
    );
    // As a CPO, this tool serves no response_url: the command is skipped, with the reason.
    let mock = Mock::start(&["--role", "cpo", "--objects", "10", "--version", "2.2.1"]);
    let (report, _, text) = check(&mock, &["--write", "--role", "cpo"]);
    let check = check_of(&report, "write.commands")
        .unwrap_or_else(|| panic!("write.commands missing: {text}"));
    assert_eq!(check["status"], "skipped", "{text}");
    assert!(
        check["evidence"][0]
            .as_str()
            .unwrap()
            .contains("--role emsp"),
        "{text}"
    );
}

/// The check `id` of a report, if it is there.
fn check_of<'a>(report: &'a Value, id: &str) -> Option<&'a Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
}

/// The status of the check `id` in a report (`absent` when it is not there).
fn status_of(report: &Value, id: &str) -> String {
    check_of(report, id).map_or("absent".to_owned(), |c| {
        c["status"].as_str().unwrap().to_owned()
    })
}

/// The routing checks of `ocpi check` against a Hub.
const ROUTING_CHECKS: [&str; 5] = [
    "hub.routing-headers",
    "hub.get-all",
    "hub.unknown-receiver",
    "hub.message-ids",
    "hub.client-info",
];

#[test]
fn check_passes_every_routing_check_against_the_hub_mock() {
    let mock = Mock::start(&["--role", "hub", "--seed", "4", "--objects", "30"]);
    let (report, code, text) = check(&mock, &["--write"]);
    assert_eq!(code, Some(0), "{text}");
    for id in ROUTING_CHECKS {
        assert_eq!(status_of(&report, id), "pass", "{id}: {text}");
    }
    // Pushes through the Hub to the parties behind it; the START_SESSION's result comes back
    // through the Hub to this tool's response_url.
    for id in ["write.commands", "write.tariffs"] {
        assert_eq!(status_of(&report, id), "pass", "{id}: {text}");
    }
    // The modules of the parties behind the Hub are crawled through it.
    for id in [
        "locations.objects",
        "sessions.objects",
        "cdrs.objects",
        "tokens.objects",
        "hubclientinfo.objects",
    ] {
        assert_eq!(status_of(&report, id), "pass", "{id}: {text}");
    }
    let left_in_place = [
        "details.tls",
        "write.locations",
        "write.tokens",
        "write.sessions",
        "write.cdrs",
    ];
    assert_eq!(
        flagged(&report),
        left_in_place
            .iter()
            .map(|id| (id.to_string(), "warn".to_owned()))
            .collect(),
        "{text}"
    );
    // A partner that is not a Hub gets no routing checks, and says why.
    let cpo = Mock::start(&["--role", "cpo", "--objects", "10"]);
    let (report, _, text) = check(&cpo, &[]);
    assert_eq!(status_of(&report, "hub"), "skipped", "{text}");
    assert_eq!(
        status_of(&report, "hub.routing-headers"),
        "absent",
        "{text}"
    );
}

#[test]
fn check_fails_a_hub_that_does_not_swap_the_routing_headers_back() {
    let mock = Mock::start(&[
        "--role",
        "hub",
        "--objects",
        "20",
        "--fault",
        "routing-headers",
    ]);
    let (report, code, text) = check(&mock, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        flagged(&report),
        BTreeSet::from([
            ("details.tls".to_owned(), "warn".to_owned()),
            ("hub.routing-headers".to_owned(), "fail".to_owned()),
        ]),
        "{text}"
    );
    let evidence = check_of(&report, "hub.routing-headers").unwrap()["evidence"].to_string();
    assert!(
        evidence.contains("answered with OCPI-to NL*CP1 and OCPI-from NL*OCK"),
        "{evidence}"
    );
}

/// In 2.1.1 (endpoints without roles, Sessions and CDRs carrying the whole Location and
/// naming their token by `auth_id`): a clean run against both mocks, every push check
/// reaching the interface the partner's role receives.
#[test]
fn check_with_write_in_2_1_1() {
    let warn = |ids: &[&str]| -> BTreeSet<(String, String)> {
        ids.iter()
            .map(|id| (id.to_string(), "warn".to_owned()))
            .collect()
    };
    let emsp = Mock::start(&["--role", "emsp", "--objects", "10", "--version", "2.1.1"]);
    let (report, code, text) = check(&emsp, &["--write", "--role", "cpo"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        flagged(&report),
        warn(&[
            "details.tls",
            "write.locations",
            "write.sessions",
            "write.cdrs"
        ]),
        "{text}"
    );
    assert_eq!(status_of(&report, "write.tariffs"), "pass", "{text}");
    let cpo = Mock::start(&["--role", "cpo", "--objects", "10", "--version", "2.1.1"]);
    let (report, code, text) = check(&cpo, &["--write"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        flagged(&report),
        warn(&["details.tls", "write.tokens"]),
        "{text}"
    );
    for id in [
        "write.commands",
        "sessions.objects",
        "sessions.pagination",
        "cdrs.pagination",
    ] {
        assert_eq!(status_of(&report, id), "pass", "{id}: {text}");
    }
}

#[test]
fn faults_apply_to_the_hub_mock() {
    let mock = Mock::start(&["--role", "hub", "--objects", "20", "--fault", "reject"]);
    let (report, code, text) = check(&mock, &[]);
    assert_eq!(code, Some(1), "{text}");
    let rejected: Vec<&Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail" && c["id"].as_str().unwrap().ends_with(".status"))
        .collect();
    assert!(!rejected.is_empty(), "{text}");
    for c in rejected {
        assert!(
            c["evidence"].to_string().contains("mock fault: reject"),
            "{c:#}"
        );
    }
}

/// Each fault mode is reported as exactly the checks it breaks, and nothing else.
#[test]
fn check_reports_exactly_the_faults_injected() {
    // (fault, the kinds of check it must flag: the part of the id after the module)
    let table: [(&str, &[&str]); 8] = [
        ("none", &[]),
        ("slow", &["latency"]),
        ("reject", &["status"]),
        ("http-errors", &["http"]),
        ("partial", &["objects"]),
        ("pagination-stress", &["pagination"]),
        ("quirks", &["urls", "objects", "object"]),
        ("garbage", &["body"]),
    ];
    let results: Vec<(String, BTreeSet<String>, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = table
            .iter()
            .map(|(fault, _)| {
                s.spawn(move || {
                    let mut args = vec!["--role", "cpo", "--seed", "3", "--delay-ms", "300"];
                    if *fault != "none" {
                        args.extend(["--fault", fault]);
                    }
                    let mock = Mock::start(&args);
                    let (report, _, text) = check(&mock, &["--slow-ms", "200"]);
                    let kinds: BTreeSet<String> = flagged(&report)
                        .into_iter()
                        .filter(|(id, _)| id != "details.tls")
                        .map(|(id, _)| id.split_once('.').unwrap().1.to_owned())
                        .collect();
                    (fault.to_string(), kinds, text)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((fault, expected), (_, kinds, text)) in table.iter().zip(&results) {
        let expected: BTreeSet<String> = expected.iter().map(|k| k.to_string()).collect();
        assert_eq!(kinds, &expected, "fault {fault}:\n{text}");
    }
}

#[test]
fn faults_switch_while_the_mock_runs() {
    let mock = Mock::start(&["--role", "cpo", "--objects", "40"]);
    let url = url::Url::parse(&mock.report).unwrap();
    let mut stream = TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
    let body = r#"{"faults":["partial"],"seed":2}"#;
    write!(
        stream,
        "POST /_mock/faults HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (report, code, text) = check(&mock, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(flagged(&report).contains(&("locations.objects".to_owned(), "fail".to_owned())));
}

/// What `json::parse` says of a document read as `T`: valid, and the warnings' paths and
/// messages. The document's shape (list, envelope) decides the type around `T`.
fn reference<T: DeserializeOwned + Conformance>(bytes: &[u8]) -> (bool, Vec<(String, String)>) {
    fn of<U: DeserializeOwned + Conformance>(bytes: &[u8]) -> (bool, Vec<Warning>) {
        match json::parse::<U>(bytes) {
            Ok(p) => (true, p.warnings),
            Err(_) => (false, Vec::new()),
        }
    }
    let (valid, warnings) = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(_)) => of::<Vec<T>>(bytes),
        Ok(Value::Object(o)) if o.contains_key("status_code") => match o.get("data") {
            Some(Value::Array(_)) => of::<Response<Vec<T>>>(bytes),
            _ => of::<Response<T>>(bytes),
        },
        _ => of::<T>(bytes),
    };
    let warnings = warnings
        .iter()
        .map(|w| {
            let text = w.to_string();
            let message = text
                .strip_prefix(&format!("{}: ", w.path))
                .unwrap_or(&text)
                .to_owned();
            (w.path.clone(), message)
        })
        .collect();
    (valid, warnings)
}

/// Runs `ocpi validate --json` over files of one type; the verdict and warnings of each.
fn validate_all(
    version: &str,
    object: &str,
    files: &[&str],
    strict: bool,
) -> BTreeMap<String, (bool, Vec<(String, String)>)> {
    let dir = fixtures(version);
    let mut args = vec![
        "validate",
        "--json",
        "--version",
        version,
        "--object",
        object,
    ];
    if strict {
        args.push("--strict");
    }
    let out = Command::new(OCPI)
        .args(&args)
        .args(files)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let warnings = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["severity"] == "warning")
                .map(|x| {
                    (
                        x["path"].as_str().unwrap().to_owned(),
                        x["message"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>();
            (
                f["file"].as_str().unwrap().to_owned(),
                (f["valid"].as_bool().unwrap(), warnings),
            )
        })
        .collect()
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

#[test]
fn validate_agrees_with_json_parse_on_every_official_example() {
    use ocpi_protocol::{v2_1_1 as v1, v2_2_1 as v2, v2_3_0 as v3};
    for (version, table) in [
        ("2.2.1", examples::examples_2_2_1()),
        ("2.3.0", examples::examples_2_3_0()),
    ] {
        let mut groups: BTreeMap<String, Vec<&examples::Example>> = BTreeMap::new();
        for e in &table {
            let object = e
                .name
                .trim_start_matches("Response<")
                .trim_start_matches("Vec<")
                .trim_end_matches('>')
                .trim();
            groups.entry(object.to_owned()).or_default().push(e);
        }
        for (object, list) in &groups {
            let files: Vec<&str> = list.iter().map(|e| e.file).collect();
            let lenient = validate_all(version, object, &files, false);
            let strict = validate_all(version, object, &files, true);
            for e in list {
                let json = common::fixture(version, e.file);
                let expected: Vec<(String, String)> = (e.check)(&json)
                    .iter()
                    .map(|w| {
                        let text = w.to_string();
                        let m = text.strip_prefix(&format!("{}: ", w.path)).unwrap_or(&text);
                        (w.path.clone(), m.to_owned())
                    })
                    .collect();
                let (valid, warnings) = &lenient[e.file];
                assert!(valid, "{version} {}", e.file);
                assert_eq!(
                    sorted(warnings.clone()),
                    sorted(expected),
                    "{version} {}",
                    e.file
                );
                assert_eq!(
                    strict[e.file].0,
                    (e.strict)(&json),
                    "{version} {} strict",
                    e.file
                );
            }
        }
    }
    // 2.1.1: every fixture, including those the spec prints with a request line before the
    // body (not JSON, refused by both).
    type Reference = fn(&[u8]) -> (bool, Vec<(String, String)>);
    let table: &[(&str, Reference, &[&str])] = &[
        ("Credentials", reference::<v1::credentials::Credentials>, &["credentials__object_description_example.json"]),
        ("Cdr", reference::<v1::cdrs::Cdr>, &["mod_cdrs__example_of_a_cdr.json"]),
        ("LocationPatch", reference::<v1::locations::LocationPatch>, &[
            "mod_locations__energymix_class_examples_complete.json",
            "mod_locations__energymix_class_examples_simple.json",
            "mod_locations__energymix_class_examples_tariff_name_based.json",
            "mod_locations__example_change_the_location_name.json",
            "mod_locations__example_delete_an_evse.json",
            "mod_locations__regularhours_class_example.json",
        ]),
        ("EvsePatch", reference::<v1::locations::EvsePatch>, &["mod_locations__example_a_simple_status_update.json"]),
        ("ConnectorPatch", reference::<v1::locations::ConnectorPatch>, &["mod_locations__example_set_tariff_update.json"]),
        ("Evse", reference::<v1::locations::Evse>, &["mod_locations__example_add_an_evse.json"]),
        ("Location", reference::<v1::locations::Location>, &["mod_locations__location_object_example.json"]),
        ("SessionPatch", reference::<v1::sessions::SessionPatch>, &["mod_sessions__example_update_the_total_cost.json"]),
        ("Session", reference::<v1::sessions::Session>, &[
            "mod_sessions__simple_session_example_of_a_just_starting_session.json",
            "mod_sessions__simple_session_example_of_a_short_finished_session.json",
        ]),
        ("Tariff", reference::<v1::tariffs::Tariff>, &[
            "mod_tariffs__complex_tariff_example.json",
            "mod_tariffs__example_new_tariff_2_euro_per_hour.json",
            "mod_tariffs__free_of_charge_tariff_example.json",
            "mod_tariffs__simple_tariff_example_2_euro_per_hour.json",
            "mod_tariffs__simple_tariff_example_with_alternative_multi_language_text.json",
            "mod_tariffs__simple_tariff_example_with_alternative_url.json",
        ]),
        ("TariffPatch", reference::<v1::tariffs::TariffPatch>, &["mod_tariffs__example_change_tariff_to_2_50.json"]),
        ("TokenPatch", reference::<v1::tokens::TokenPatch>, &["mod_tokens__example_invalidate_a_token.json"]),
        ("Token", reference::<v1::tokens::Token>, &[
            "mod_tokens__example_put_a_new_token.json",
            "mod_tokens__token_object_example.json",
            "transport_and_format__example_response_with_an_error_contains_no_data_field.json",
            "transport_and_format__example_tokens_get_response_with_list_of_token_objects_emsp_end_point_list_of_objects.json",
            "transport_and_format__example_tokens_get_response_with_one_token_object_cpo_end_point_one_object.json",
        ]),
        ("VersionDetails", reference::<v1::versions::VersionDetails>, &[
            "transport_and_format__example_version_details_response_one_object.json",
            "version_information_endpoint__version_details_endpoint_get_example.json",
        ]),
        ("Version", reference::<v1::versions::Version>, &[
            "transport_and_format__example_version_information_response_list_of_objects.json",
            "version_information_endpoint__version_information_endpoint_get_example.json",
        ]),
        ("DisplayText", reference::<ocpi_protocol::types::DisplayText>, &["types__types_displaytext_class.json"]),
    ];
    let mut covered = 0;
    for (object, reference, files) in table {
        let got = validate_all("2.1.1", object, files, false);
        for file in *files {
            let bytes = std::fs::read(format!("{}/{file}", fixtures("2.1.1"))).unwrap();
            let (valid, warnings) = reference(&bytes);
            assert_eq!(got[*file].0, valid, "2.1.1 {file}");
            assert_eq!(
                sorted(got[*file].1.clone()),
                sorted(warnings),
                "2.1.1 {file}"
            );
            covered += 1;
        }
    }
    assert_eq!(covered, 33, "every 2.1.1 fixture");
    let _ = (v2::locations::Location::new, v3::locations::Location::new);
}

#[test]
fn validate_snapshot() {
    let mut child = Command::new(OCPI)
        .args(["validate", "--version", "2.2.1", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\n  \"id\": \"1\",\n  \"standard\": \"IEC_62196_T2\",\n  \"format\": \"SOCKET\",\n  \"power_type\": \"ac_3_phase\",\n  \"max_voltage\": 230,\n  \"max_amperage\": 16,\n  \"last_updated\": \"2024-05-01T08:00:00Z\"\n}\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "-: Connector (guessed) in OCPI 2.2.1, object
  error   power_type (line 5, column 28): PowerType value \"ac_3_phase\" differs only in case from \"AC_3_PHASE\"; enum values are case sensitive
      spec: 2.2.1 mod_locations.asciidoc §PowerType enum
  INVALID: 1 error, 0 warnings
"
    );
    // An official example with errata: valid, with its warnings located.
    let out = ocpi(&[
        "validate",
        &format!("{}/cdr_example.json", fixtures("2.2.1")),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let body = text.split_once('\n').unwrap().1;
    assert_eq!(
        body,
        "  warning cdr_token.country_code (line 7, column 16): required field missing
      spec: 2.2.1 mod_cdrs.asciidoc §CdrToken class
  warning cdr_token.party_id (line 7, column 16): required field missing
      spec: 2.2.1 mod_cdrs.asciidoc §CdrToken class
  valid: 0 errors, 2 warnings
"
    );
    assert!(text.starts_with("/"), "{text}");
    assert!(
        text.contains(": Cdr (guessed) in OCPI 2.2.1 (guessed), object\n"),
        "{text}"
    );
    // --strict refuses the warnings.
    let out = ocpi(&[
        "validate",
        "--strict",
        &format!("{}/cdr_example.json", fixtures("2.2.1")),
    ]);
    assert_eq!(out.status.code(), Some(1));
}

/// In a list, and in a list in a response envelope, every error of each bad element is
/// reported, each with its path and position in the whole document; a good element between
/// them has none.
#[test]
fn validate_reports_every_error_of_each_element_of_a_list() {
    let token = |uid: &str, kind: &str, issuer: &str, valid: &str| {
        format!(
            "{{\"country_code\": \"NL\", \"party_id\": \"TNM\", \"uid\": \"{uid}\",\n  \"type\": {kind}, \"contract_id\": \"NL8ACC12E46L89\",\n  \"issuer\": {issuer}, \"valid\": {valid}, \"whitelist\": \"ALLOWED\",\n  \"last_updated\": \"2018-12-10T17:25:10Z\"}}"
        )
    };
    let list = format!(
        "[\n{},\n{},\n{}\n]\n",
        token("A", "\"rfid\"", "12", "true"),
        token("B", "\"RFID\"", "\"Issuer\"", "true"),
        token("C", "\"RFID\"", "7", "\"yes\""),
    );
    let envelope = format!(
        "{{\"status_code\": 1000, \"timestamp\": \"2024-01-01T00:00:00Z\", \"data\": {list}}}"
    );
    for (doc, prefix) in [(list.as_str(), ""), (envelope.as_str(), "data")] {
        let out = validate_token_file(&format!("list-{prefix}"), doc);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings: Vec<(String, u64)> = report["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let at = |path: &str, line: u64| (format!("{prefix}{path}"), line);
        assert_eq!(
            findings,
            vec![
                at("[0].type", 3),
                at("[0].issuer", 4),
                at("[2].issuer", 12),
                at("[2].valid", 12),
            ],
            "{report:#}"
        );
    }
}

/// `ocpi validate --json --version 2.2.1 --object Token` of `doc`, read from a file of its
/// own (named after `name`, removed afterwards).
fn validate_token_file(name: &str, doc: &str) -> std::process::Output {
    let file = std::env::temp_dir().join(format!("ocpi-cli-{name}-{}.json", std::process::id()));
    std::fs::write(&file, doc).unwrap();
    let out = ocpi(&[
        "validate",
        "--json",
        "--version",
        "2.2.1",
        "--object",
        "Token",
        file.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_file(&file);
    out
}

#[test]
fn validate_reports_every_error_of_one_object() {
    // Three independent errors: each alone stops the crate's reader.
    let doc = "{\n  \"country_code\": \"NL\",\n  \"party_id\": \"TNM\",\n  \"uid\": \"012345678\",\n  \"type\": \"rfid\",\n  \"contract_id\": \"NL8ACC12E46L89\",\n  \"issuer\": 12,\n  \"valid\": \"yes\",\n  \"whitelist\": \"ALLOWED\",\n  \"last_updated\": \"2018-12-10T17:25:10Z\"\n}\n";
    let out = validate_token_file("three", doc);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(String, String, u64, u64, String)> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["spec"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let error = |path: &str, line: u64, column: u64, spec: &str| {
        (
            "error".to_owned(),
            path.to_owned(),
            line,
            column,
            spec.to_owned(),
        )
    };
    assert_eq!(
        findings,
        vec![
            error("type", 5, 16, "2.2.1 mod_tokens.asciidoc §TokenType enum"),
            error("issuer", 7, 14, "2.2.1 mod_tokens.asciidoc §Token Object"),
            error("valid", 8, 16, "2.2.1 mod_tokens.asciidoc §Token Object"),
        ],
        "{report:#}"
    );
    assert_eq!(report["errors"], 3);
    // The same object in a response envelope: the same three errors, under `data`.
    let mut child = Command::new(OCPI)
        .args([
            "validate",
            "--json",
            "--version",
            "2.2.1",
            "--object",
            "Token",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let envelope = format!(
        "{{\"status_code\": 1000, \"timestamp\": \"2024-01-01T00:00:00Z\", \"data\": {doc}}}"
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(envelope.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["data.type", "data.issuer", "data.valid"],
        "{report:#}"
    );
    // Values whose stand-in must match a pattern (a coordinate) or an enum, nested in lists:
    // every error is found.
    let location = std::fs::read_to_string(format!("{}/location_example.json", fixtures("2.2.1")))
        .unwrap()
        .replacen("\"latitude\": \"51.047599\"", "\"latitude\": 51.0", 1)
        .replacen("\"status\": \"RESERVED\"", "\"status\": \"reserved\"", 1)
        .replacen("\"time_zone\": \"Europe/Brussels\"", "\"time_zone\": 7", 1);
    let mut child = Command::new(OCPI)
        .args(["validate", "--json", "--version", "2.2.1", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(location.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, u64)> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("coordinates.latitude", 12),
            ("evses[1].status", 48),
            ("time_zone", 69)
        ],
        "{report:#}"
    );
    // Each is an error of the crate's reader on its own.
    let token = |from: &str, to: &str| doc.replace(from, to);
    for alone in [
        token("\"issuer\": 12", "\"issuer\": \"x\"").replace("\"yes\"", "true"),
        token("\"rfid\"", "\"RFID\"").replace("\"yes\"", "true"),
        token("\"rfid\"", "\"RFID\"").replace("\"issuer\": 12", "\"issuer\": \"x\""),
    ] {
        assert!(
            json::parse::<ocpi_protocol::v2_2_1::tokens::Token>(alone.as_bytes()).is_err(),
            "{alone}"
        );
    }
}

#[test]
fn convert_snapshot() {
    let file = format!("{}/token_example_1_app_user.json", fixtures("2.2.1"));
    let out = ocpi(&["convert", "--to", "2.1.1", &file]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        stdout(&out),
        r#"{
  "uid": "bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1",
  "type": "OTHER",
  "auth_id": "DE8ACC12E46L89",
  "issuer": "TheNewMotion",
  "valid": true,
  "whitelist": "ALLOWED",
  "last_updated": "2018-12-10T17:16:15Z"
}
"#
    );
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.starts_with("Token converted from OCPI 2.2.1 to OCPI 2.1.1: "),
        "{report}"
    );
    assert!(report.contains("lost Token country_code"), "{report}");
    // What cannot cross is refused, with the reason.
    let file = format!(
        "{}/mod_locations__location_object_example.json",
        fixtures("2.1.1")
    );
    let out = ocpi(&["convert", "--to", "2.2.1", "--party", "BE/BEC", &file]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("refused: Location of OCPI 2.1.1 cannot be converted to OCPI 2.2.1"),
        "{report}"
    );
    assert!(report.contains("time_zone"), "{report}");
    let out = ocpi(&[
        "convert",
        "--to",
        "2.2.1",
        "--party",
        "BE/BEC",
        "--time-zone",
        "Europe/Brussels",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The example's own deviation (a Connector without `last_updated`) is kept and reported.
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("deviates Location evses[1].connectors[0].last_updated"),
        "{report}"
    );
}

#[test]
fn schema_writes_files() {
    let dir = std::env::temp_dir().join(format!("ocpi-cli-schema-{}", std::process::id()));
    let out = ocpi(&[
        "schema",
        "--version",
        "2.2.1",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("2.2.1: 60 schemas written to "),
        "{}",
        stdout(&out)
    );
    assert!(dir.join("2.2.1/Location.schema.json").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_input_ends_with_the_documented_exit_code() {
    // Unreadable file, unknown object, usage errors: 2.
    let out = ocpi(&["validate", "/nonexistent/ocpi.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/ocpi.json"));
    assert_eq!(
        ocpi(&["validate", "--version", "9.9", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(ocpi(&["check"]).status.code(), Some(2));
    assert_eq!(ocpi(&["--help"]).status.code(), Some(0));
    for command in ["validate", "convert", "schema", "check", "mock"] {
        let out = ocpi(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert!(stdout(&out).contains("Exit codes:"), "{command}");
    }
    let help = stdout(&ocpi(&["mock", "--help"]));
    for word in ["hub", "routing-headers"] {
        assert!(help.contains(word), "{word}: {help}");
    }

    // A partner that is down.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let secret = "secret-token-never-printed";
    let url = format!("http://127.0.0.1:{port}/ocpi/versions");
    let out = ocpi(&["check", &url, "--token", secret]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(!err.contains(secret) && !stdout(&out).contains(secret));
    // A token may start with '-' (base64url): it is the token, not an option.
    let out = ocpi(&["check", &url, "--token", "-gAbc_x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be reached"),
        "{out:?}"
    );

    // A partner that never answers, and one that answers without end: within the deadline.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let endless = TcpListener::bind("127.0.0.1:0").unwrap();
    let (silent_port, endless_port) = (
        silent.local_addr().unwrap().port(),
        endless.local_addr().unwrap().port(),
    );
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        for s in silent.incoming().flatten() {
            kept.push(s);
        }
    });
    std::thread::spawn(move || {
        for mut s in endless.incoming().flatten() {
            std::thread::spawn(move || {
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[");
                let chunk = vec![b' '; 64 * 1024];
                while s.write_all(&chunk).is_ok() {}
            });
        }
    });
    for (port, why) in [
        (silent_port, "never answers"),
        (endless_port, "answers without end"),
    ] {
        let url = format!("http://127.0.0.1:{port}/ocpi/versions");
        let started = Instant::now();
        let out = ocpi(&[
            "check",
            &url,
            "--token",
            secret,
            "--timeout",
            "2",
            "--max-bytes",
            "1000000",
        ]);
        assert_eq!(out.status.code(), Some(2), "{why}: {out:?}");
        assert!(started.elapsed() < Duration::from_secs(10), "{why}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
    }
}
