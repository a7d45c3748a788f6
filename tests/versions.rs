//! Version negotiation: the documents a platform publishes, a peer's documents of any version
//! read into the neutral form, the choice of version, required endpoints and lookup.

mod common;

use std::sync::Mutex;

use common::{exact_json_eq, fixture};
use http::header::AUTHORIZATION;
use ocpi_protocol::transport::{AuthorizationMode, HttpError, StatusCode, UrlPolicy, X_REQUEST_ID};
use ocpi_protocol::types::{CredentialsToken, Url};
use ocpi_protocol::v2_2_1::versions::InterfaceRole;
use ocpi_protocol::versions::{
    check_endpoints, fetch_version_details, fetch_versions, find_endpoint, negotiate,
    parse_version_details, parse_versions, AnyVersionDetails, CallError, Endpoint, OcpiVersion,
    PublishedVersion, Required, VersionEntry, VersionsConfig, VersionsError,
};

fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

fn envelope(data: &str) -> String {
    format!(r#"{{"data": {data}, "status_code": 1000, "timestamp": "2015-06-30T21:59:59Z"}}"#)
}

#[test]
fn versions_are_ordered_and_read_from_the_wire() {
    assert_eq!(
        OcpiVersion::ALL.map(OcpiVersion::as_str),
        ["2.1.1", "2.2.1", "2.3.0"]
    );
    for v in OcpiVersion::ALL {
        assert_eq!(v.as_str().parse::<OcpiVersion>(), Ok(v));
        assert_eq!(v.to_string(), v.as_str());
    }
    assert!(OcpiVersion::V2_1_1 < OcpiVersion::V2_2_1);
    assert!(OcpiVersion::V2_2_1 < OcpiVersion::V2_3_0);
    for unknown in ["2.2", "2.1", "2.0", "3.0", "2.2.1 ", "v2.2.1", ""] {
        let e = unknown.parse::<OcpiVersion>().unwrap_err();
        assert_eq!(e.0, unknown);
    }
}

fn config() -> VersionsConfig {
    let base = "https://cpo.example/ocpi";
    let endpoints = |v: &str| {
        vec![
            Endpoint::new("credentials", None, url(&format!("{base}/{v}/credentials"))),
            Endpoint::new(
                "locations",
                Some(InterfaceRole::Sender),
                url(&format!("{base}/{v}/locations")),
            ),
            Endpoint::new(
                "tokens",
                Some(InterfaceRole::Receiver),
                url(&format!("{base}/{v}/tokens")),
            ),
        ]
    };
    VersionsConfig {
        url: url(&format!("{base}/versions")),
        versions: OcpiVersion::ALL
            .into_iter()
            .map(|v| PublishedVersion {
                version: v,
                url: url(&format!("{base}/{v}")),
                endpoints: endpoints(v.as_str()),
            })
            .collect(),
    }
}

#[test]
fn published_documents_use_each_versions_types() {
    let c = config();
    assert_eq!(c.supported(), OcpiVersion::ALL);
    let list = serde_json::to_string(&c.versions_document()).unwrap();
    exact_json_eq(
        &list,
        r#"[{"version":"2.1.1","url":"https://cpo.example/ocpi/2.1.1"},
            {"version":"2.2.1","url":"https://cpo.example/ocpi/2.2.1"},
            {"version":"2.3.0","url":"https://cpo.example/ocpi/2.3.0"}]"#,
    )
    .unwrap();

    let details = |v: OcpiVersion| {
        let published = c.published(v).unwrap();
        AnyVersionDetails::new(v, &published.endpoints).unwrap()
    };
    // 2.1.1 has no roles.
    let d = details(OcpiVersion::V2_1_1);
    assert!(matches!(d, AnyVersionDetails::V2_1_1(_)));
    exact_json_eq(
        &serde_json::to_string(&d).unwrap(),
        r#"{"version":"2.1.1","endpoints":[
            {"identifier":"credentials","url":"https://cpo.example/ocpi/2.1.1/credentials"},
            {"identifier":"locations","url":"https://cpo.example/ocpi/2.1.1/locations"},
            {"identifier":"tokens","url":"https://cpo.example/ocpi/2.1.1/tokens"}]}"#,
    )
    .unwrap();
    // 2.2.1 and 2.3.0: every endpoint has a role; credentials, given none, is SENDER.
    for (v, text) in [
        (OcpiVersion::V2_2_1, "2.2.1"),
        (OcpiVersion::V2_3_0, "2.3.0"),
    ] {
        let d = details(v);
        assert_eq!(d.version(), text);
        exact_json_eq(
            &serde_json::to_string(&d).unwrap(),
            &format!(
                r#"{{"version":"{text}","endpoints":[
                {{"identifier":"credentials","role":"SENDER","url":"https://cpo.example/ocpi/{text}/credentials"}},
                {{"identifier":"locations","role":"SENDER","url":"https://cpo.example/ocpi/{text}/locations"}},
                {{"identifier":"tokens","role":"RECEIVER","url":"https://cpo.example/ocpi/{text}/tokens"}}]}}"#
            ),
        )
        .unwrap();
        // Read back, the document gives the same endpoints (with the role now explicit).
        let back = d.endpoints();
        assert_eq!(back[0].role, Some(InterfaceRole::Sender));
        assert_eq!(back[1..], c.published(v).unwrap().endpoints[1..]);
    }
    assert!(matches!(
        details(OcpiVersion::V2_3_0),
        AnyVersionDetails::V2_3_0(_)
    ));

    // A known module id in the wrong case is not published.
    let bad = [Endpoint::new(
        "Locations",
        None,
        url("https://cpo.example/l"),
    )];
    assert!(AnyVersionDetails::new(OcpiVersion::V2_2_1, &bad).is_err());
    // A custom module is.
    let custom = [Endpoint::new(
        "nltnm-tokens",
        None,
        url("https://cpo.example/t"),
    )];
    let d = AnyVersionDetails::new(OcpiVersion::V2_1_1, &custom).unwrap();
    assert_eq!(d.endpoints()[0].module, "nltnm-tokens");
}

#[test]
fn official_examples_read_into_the_neutral_form() {
    // 2.1.1: the versions response lists 1.9 and 2.0, neither implemented here: kept.
    let list = parse_versions(
        fixture(
            "2.1.1",
            "transport_and_format__example_version_information_response_list_of_objects.json",
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        list,
        [
            VersionEntry {
                version: "1.9".into(),
                url: url("https://example.com/ocpi/cpo/1.9/")
            },
            VersionEntry {
                version: "2.0".into(),
                url: url("https://example.com/ocpi/cpo/2.0/")
            },
        ]
    );
    assert!(list.iter().all(|e| e.known().is_none()));

    // 2.1.1 details (stating "2.0", as the example does): no roles.
    let endpoints = parse_version_details(
        OcpiVersion::V2_1_1,
        fixture(
            "2.1.1",
            "transport_and_format__example_version_details_response_one_object.json",
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(endpoints.len(), 2);
    assert_eq!(endpoints[1].module, "locations");
    assert_eq!(endpoints[1].role, None);

    // 2.3.0 versions list: 2.1.1 known, 2.2 not.
    let list = parse_versions(
        fixture("2.3.0", "transport_and_format_version_info_example.json").as_bytes(),
    )
    .unwrap();
    assert_eq!(list[0].known(), Some(OcpiVersion::V2_1_1));
    assert_eq!(list[1].known(), None);

    // 2.2.1 and 2.3.0 details examples (stating "2.2"), read with each version's types.
    for (v, dir) in [
        (OcpiVersion::V2_2_1, "2.2.1"),
        (OcpiVersion::V2_3_0, "2.3.0"),
    ] {
        let body = envelope(&fixture(dir, "version_details_example2.json"));
        let endpoints = parse_version_details(v, body.as_bytes()).unwrap();
        assert_eq!(endpoints.len(), 5);
        // (The 2.3.0 copy of the example drops the trailing slashes.)
        let found = find_endpoint(&endpoints, "tokens", Some(&InterfaceRole::Sender)).unwrap();
        assert!(found
            .url
            .as_str()
            .starts_with("https://example.com/ocpi/msp/2.2/tokens"));
        let found = find_endpoint(&endpoints, "tokens", Some(&InterfaceRole::Receiver)).unwrap();
        assert!(found
            .url
            .as_str()
            .starts_with("https://example.com/ocpi/cpo/2.2/tokens"));
    }
}

#[test]
fn unknown_versions_modules_and_roles_are_kept() {
    let body = envelope(
        r#"[{"version": "3.0", "url": "https://p.example/3.0"},
            {"version": "2.2.1", "url": "not a url"},
            {"version": "2.2.1", "url": "https://p.example/2.2.1"}]"#,
    );
    // The unreadable entry is skipped; the others are kept.
    let list = parse_versions(body.as_bytes()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].version, "3.0");
    assert_eq!(list[1].known(), Some(OcpiVersion::V2_2_1));

    let body = envelope(
        r#"{"version": "2.2.1", "endpoints": [
            {"identifier": "nltnm-tokens", "role": "SENDER", "url": "https://p.example/t"},
            {"identifier": "locations", "role": "BOTH", "url": "https://p.example/l"}]}"#,
    );
    let endpoints = parse_version_details(OcpiVersion::V2_2_1, body.as_bytes()).unwrap();
    assert_eq!(endpoints[0].module, "nltnm-tokens");
    let role = endpoints[1].role.clone().unwrap();
    assert!(!role.is_known());
    assert_eq!(role.as_str(), "BOTH");
    assert!(find_endpoint(&endpoints, "nltnm-tokens", None).is_some());
    assert!(find_endpoint(&endpoints, "locations", Some(&InterfaceRole::Sender)).is_none());

    // A document that is not a details document at all cannot be used.
    let e = parse_version_details(OcpiVersion::V2_2_1, envelope("[]").as_bytes()).unwrap_err();
    assert!(matches!(e, CallError::Response(_)), "{e}");
    // Nor a 2.1.1 document read as 2.2.1 (no roles).
    let body = envelope(
        r#"{"version": "2.1.1", "endpoints": [{"identifier": "credentials", "url": "https://p.example/c"}]}"#,
    );
    assert!(parse_version_details(OcpiVersion::V2_2_1, body.as_bytes()).is_err());
    assert!(parse_version_details(OcpiVersion::V2_1_1, body.as_bytes()).is_ok());
}

fn entry(version: &str) -> VersionEntry {
    VersionEntry {
        version: version.into(),
        url: url(&format!("https://p.example/{version}")),
    }
}

#[test]
fn negotiation_chooses_the_highest_common_version() {
    let theirs = [entry("2.1.1"), entry("2.2"), entry("3.0"), entry("2.2.1")];
    let (v, u) = negotiate(&OcpiVersion::ALL, &theirs).unwrap();
    assert_eq!(v, OcpiVersion::V2_2_1);
    assert_eq!(u.as_str(), "https://p.example/2.2.1");
    let (v, _) = negotiate(&[OcpiVersion::V2_1_1], &theirs).unwrap();
    assert_eq!(v, OcpiVersion::V2_1_1);
    let (v, _) = negotiate(&OcpiVersion::ALL, &[entry("2.3.0"), entry("2.1.1")]).unwrap();
    assert_eq!(v, OcpiVersion::V2_3_0);

    // Nothing in common: 3002.
    let e = negotiate(&[OcpiVersion::V2_3_0], &theirs).unwrap_err();
    assert!(
        matches!(&e, VersionsError::NoCommonVersion { theirs } if theirs.len() == 4),
        "{e}"
    );
    assert_eq!(e.status(), StatusCode::UNSUPPORTED_VERSION);
    let h = HttpError::from(e);
    assert_eq!(h.http_status(), http::StatusCode::OK);
    assert_eq!(h.ocpi_status(), StatusCode::UNSUPPORTED_VERSION);
    assert!(negotiate(&OcpiVersion::ALL, &[]).is_err());
}

#[test]
fn required_endpoints_and_lookup() {
    let u = url("https://p.example/x");
    let v221 = [
        Endpoint::new("credentials", Some(InterfaceRole::Receiver), u.clone()),
        Endpoint::new("locations", Some(InterfaceRole::Sender), u.clone()),
        Endpoint::new("cdrs", Some(InterfaceRole::Receiver), u.clone()),
    ];
    let v211 = [
        Endpoint::new("credentials", None, u.clone()),
        Endpoint::new("locations", None, u.clone()),
    ];
    // The role of credentials has no meaning.
    assert!(find_endpoint(&v221, "credentials", Some(&InterfaceRole::Sender)).is_some());
    // A role asked for must match; no role asked for matches any.
    assert!(find_endpoint(&v221, "locations", Some(&InterfaceRole::Receiver)).is_none());
    assert!(find_endpoint(&v221, "locations", None).is_some());
    // A 2.1.1 endpoint has no role and serves any.
    assert!(find_endpoint(&v211, "locations", Some(&InterfaceRole::Receiver)).is_some());
    assert!(find_endpoint(&v211, "tokens", None).is_none());

    let needed = [
        Required::new("locations", Some(InterfaceRole::Sender)),
        Required::new("cdrs", Some(InterfaceRole::Receiver)),
    ];
    assert!(check_endpoints(&v221, &needed).is_ok());
    let e = check_endpoints(&v211, &needed).unwrap_err();
    let VersionsError::MissingEndpoints(missing) = &e else {
        panic!("{e}")
    };
    assert_eq!(missing, &[needed[1].clone()]);
    assert_eq!(
        e.to_string(),
        "the peer lacks required endpoints: cdrs (RECEIVER)"
    );
    let h = HttpError::from(e);
    assert_eq!(
        (h.http_status(), h.ocpi_status()),
        (http::StatusCode::OK, StatusCode::NO_MATCHING_ENDPOINTS)
    );
}

#[derive(Debug, thiserror::Error)]
#[error("connection refused")]
struct Down;

#[test]
fn fetching_over_a_transport() {
    let seen = Mutex::new(Vec::new());
    let transport = |req: http::Request<Vec<u8>>| {
        let auth = req.headers()[AUTHORIZATION].to_str().unwrap().to_owned();
        let has_id = req.headers().contains_key(X_REQUEST_ID);
        seen.lock()
            .unwrap()
            .push((req.uri().to_string(), auth, has_id));
        let (status, body) = match req.uri().path() {
            "/versions" => (200, envelope(r#"[{"version": "2.2.1", "url": "https://p.example/2.2.1"}]"#)),
            "/2.2.1" => (
                200,
                envelope(
                    r#"{"version": "2.2.1", "endpoints": [{"identifier": "credentials", "role": "SENDER", "url": "https://p.example/2.2.1/credentials"}]}"#,
                ),
            ),
            "/refusing" => (
                200,
                r#"{"status_code": 2000, "status_message": "no", "timestamp": "2015-06-30T21:59:59Z"}"#.to_owned(),
            ),
            "/broken" => (500, "<html>oops</html>".to_owned()),
            _ => return std::future::ready(Err(Down)),
        };
        let mut response = http::Response::new(body.into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        std::future::ready(Ok(response))
    };
    let token = CredentialsToken::new("example-token").unwrap();

    let list = common::block_on(fetch_versions(
        &transport,
        &UrlPolicy::new(),
        &url("https://p.example/versions"),
        &token,
        AuthorizationMode::Base64,
    ))
    .unwrap();
    assert_eq!(list[0].known(), Some(OcpiVersion::V2_2_1));
    let endpoints = common::block_on(fetch_version_details(
        &transport,
        &UrlPolicy::new(),
        &list[0].url,
        OcpiVersion::V2_2_1,
        &token,
        AuthorizationMode::Plain,
    ))
    .unwrap();
    assert_eq!(endpoints[0].module, "credentials");
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(
        seen,
        [
            (
                "https://p.example/versions".to_owned(),
                "Token ZXhhbXBsZS10b2tlbg==".to_owned(),
                true
            ),
            (
                "https://p.example/2.2.1".to_owned(),
                "Token example-token".to_owned(),
                true
            ),
        ]
    );

    // Every way a fetch can fail is 3001 (unable to use the peer's API).
    for (path, check) in [
        ("refusing", "OCPI status 2000"),
        ("broken", "HTTP 500"),
        ("unreachable", "could not be sent"),
    ] {
        let e = common::block_on(fetch_versions(
            &transport,
            &UrlPolicy::new(),
            &url(&format!("https://p.example/{path}")),
            &token,
            AuthorizationMode::Base64,
        ))
        .unwrap_err();
        assert!(e.to_string().contains(check), "{path}: {e}");
        assert_eq!(e.status(), StatusCode::UNABLE_TO_USE_CLIENT_API, "{path}");
        assert!(!e.to_string().contains("example-token"));
    }
}
