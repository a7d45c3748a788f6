//! The HTTP status and OCPI status of each error, against the text of the spec.

use ocpi_protocol::json::parse;
use ocpi_protocol::transport::{
    parse_authorization, parse_response, AuthorizationMode, BodyLimits, HttpError, PageRequest,
    PartyRef, Routing, RoutingError, StatusCode,
};
use ocpi_protocol::types::{CountryCode, PartyId};
use ocpi_protocol::v2_2_1::tokens::Token;
use ocpi_protocol::v2_2_1::versions::ModuleId;

fn check(e: HttpError, http: u16, ocpi: StatusCode) {
    assert_eq!(e.http_status().as_u16(), http, "{e}");
    assert_eq!(e.ocpi_status(), ocpi, "{e}");
    let response = e.to_response();
    assert_eq!(response.status().as_u16(), http);
    assert_eq!(response.headers()["content-type"], "application/json");
    let envelope = parse_response::<()>(response.body()).unwrap().value;
    assert_eq!(envelope.status_code, ocpi);
    assert_eq!(envelope.status_message.as_deref(), Some(e.message()));
}

/// "When a message does not contain a valid JSON string, the HTTP error 400 - Bad request MUST
/// be returned." (status_codes.asciidoc)
#[test]
fn invalid_json_is_http_400() {
    for body in [&b"{\"uid\": "[..], b"not json", b"", b"{} trailing"] {
        check(
            parse::<Token>(body).unwrap_err().into(),
            400,
            StatusCode::CLIENT_ERROR,
        );
    }
}

/// "If a request is syntactically valid JSON and addresses an existing resource, a HTTP error
/// MUST NOT be returned." The object's faults are OCPI 2001 ("Invalid or missing parameters").
#[test]
fn valid_json_with_a_bad_object_is_ocpi_2001() {
    for body in [
        &br#"{"uid": "1"}"#[..],
        br#"[]"#,
        br#"{"country_code": "NLD"}"#,
    ] {
        check(
            parse::<Token>(body).unwrap_err().into(),
            200,
            StatusCode::INVALID_PARAMETERS,
        );
    }
}

/// "If the header is missing or the credentials token doesn't match any known party then the
/// server SHALL respond with an HTTP 401 - Unauthorized status code." (transport_and_format)
#[test]
fn authorization_errors_are_http_401() {
    let missing = parse_authorization([], AuthorizationMode::Base64).unwrap_err();
    check(missing.into(), 401, StatusCode::CLIENT_ERROR);
    let bearer = http::HeaderValue::from_static("Bearer abc");
    check(
        parse_authorization([&bearer], AuthorizationMode::Base64)
            .unwrap_err()
            .into(),
        401,
        StatusCode::CLIENT_ERROR,
    );
    check(
        HttpError::unauthorized("token A is only valid on credentials and versions"),
        401,
        StatusCode::CLIENT_ERROR,
    );
}

/// "In case of a GET request, when the resource does NOT exist, the server SHOULD return a
/// HTTP 404 - Not Found." Objects of another party may also be answered with 404 (§Errors).
#[test]
fn missing_resources_are_http_404() {
    check(
        HttpError::not_found("no such location"),
        404,
        StatusCode::CLIENT_ERROR,
    );
}

#[test]
fn limits_are_http_413_and_400() {
    let limits = BodyLimits {
        max_bytes: 10,
        max_depth: 2,
    };
    check(
        limits.check(&[b' '; 11]).unwrap_err().into(),
        413,
        StatusCode::CLIENT_ERROR,
    );
    check(
        limits.check(b"[[[1]]]").unwrap_err().into(),
        400,
        StatusCode::CLIENT_ERROR,
    );
}

/// Pagination parameters are request parameters: 2001 (status_codes.asciidoc).
#[test]
fn bad_pagination_parameters_are_ocpi_2001() {
    let e = PageRequest::from_query(Some("limit=-1"), 100).unwrap_err();
    check(e.into(), 200, StatusCode::INVALID_PARAMETERS);
}

/// Routing headers SHALL NOT be used with configuration modules; a Hub answers an unknown
/// receiver with 4001 (status_codes.asciidoc §4xxx).
#[test]
fn routing_errors() {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "OCPI-from-country-code",
        http::HeaderValue::from_static("NL"),
    );
    headers.insert("OCPI-from-party-id", http::HeaderValue::from_static("TNM"));
    let e = Routing::for_module(&headers, Some(&ModuleId::Credentials)).unwrap_err();
    check(e.into(), 200, StatusCode::INVALID_PARAMETERS);
    let unknown = PartyRef::new(
        CountryCode::new("FR").unwrap(),
        PartyId::new("XYZ").unwrap(),
    );
    check(
        RoutingError::UnknownReceiver(unknown).into(),
        200,
        StatusCode::UNKNOWN_RECEIVER,
    );
}

/// Every other OCPI-layer error is HTTP 200 with its code.
#[test]
fn ocpi_layer_errors_are_http_200() {
    for code in [
        StatusCode::NOT_ENOUGH_INFORMATION,
        StatusCode::UNKNOWN_LOCATION,
        StatusCode::UNKNOWN_TOKEN,
        StatusCode::UNABLE_TO_USE_CLIENT_API,
        StatusCode::UNSUPPORTED_VERSION,
        StatusCode::NO_MATCHING_ENDPOINTS,
        StatusCode::HUB_TIMEOUT,
    ] {
        check(HttpError::ocpi(code, "x"), 200, code);
    }
    check(
        HttpError::method_not_allowed("already registered"),
        405,
        StatusCode::CLIENT_ERROR,
    );
}
