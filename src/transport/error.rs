//! The crate's errors as the HTTP status and OCPI status the spec names.

use http::header::CONTENT_TYPE;
use http::HeaderValue;

use super::{AuthorizationError, LimitError, PaginationError, Response, RoutingError, StatusCode};
use crate::json::{ErrorCategory, ParseError};

/// An error to answer a peer's request with: the HTTP status, the OCPI status and a message.
///
/// The mapping follows the spec:
///
/// | error | HTTP | OCPI |
/// | --- | --- | --- |
/// | body is not valid JSON | 400 | 2000 |
/// | body too deep | 400 | 2000 |
/// | body too large | 413 | 2000 |
/// | `Authorization` missing, malformed or unknown; token A on a functional module | 401 | 2000 |
/// | unknown path; GET of an object that does not exist; URL party not the caller's | 404 | 2000 |
/// | real-time authorization of an unknown Token ([`HttpError::not_found_with`]) | 404 | 2004 |
/// | method not allowed in the current state (credentials) | 405 | 2000 |
/// | valid JSON, but not a valid object; bad parameters or routing headers | 200 | 2001 |
/// | any other OCPI-layer error ([`HttpError::ocpi`]) | 200 | its code |
///
/// Spec: 2.2.1 status_codes.asciidoc ("When a message does not contain a valid JSON string,
/// the HTTP error 400 - Bad request MUST be returned"; "If a request is syntactically valid
/// JSON and addresses an existing resource, a HTTP error MUST NOT be returned"; "In case of a
/// GET request, when the resource does NOT exist, the server SHOULD return a HTTP 404");
/// 2.2.1 transport_and_format.asciidoc §Authorization header (401), §Errors (404 for another
/// party's objects, 2001 for an id that does not match the URL).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (HTTP {http}, OCPI {ocpi})")]
pub struct HttpError {
    http: http::StatusCode,
    ocpi: StatusCode,
    message: String,
}

impl HttpError {
    fn new(http: http::StatusCode, ocpi: StatusCode, message: impl Into<String>) -> Self {
        HttpError {
            http,
            ocpi,
            message: message.into(),
        }
    }

    /// An HTTP-layer error of the request (`http` 4xx) with the OCPI status 2000.
    fn client_error(http: http::StatusCode, message: impl Into<String>) -> Self {
        Self::new(http, StatusCode::CLIENT_ERROR, message)
    }

    /// An OCPI-layer error: HTTP 200 with `status` (2xxx, 3xxx or 4xxx).
    pub fn ocpi(status: StatusCode, message: impl Into<String>) -> Self {
        Self::new(http::StatusCode::OK, status, message)
    }

    /// 404: an unknown path, an object that does not exist, or another party's object.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::client_error(http::StatusCode::NOT_FOUND, message)
    }

    /// 404 with an OCPI status other than 2000, where a module chapter names one: the
    /// real-time authorization of an unknown Token (404 with 2004), a Sessions charging
    /// preferences PUT for an EVSE without the capability (404 with 2001).
    ///
    /// Spec: 2.2.1 mod_tokens.asciidoc §POST Method ("the eMSP SHALL respond with an HTTP
    /// status code: 404"; "the response SHALL contain the status code: `2004: Unknown
    /// Token`, and no `data` field"); 2.2.1 mod_sessions.asciidoc §ChargingPreferencesResponse
    /// enum
    pub fn not_found_with(status: StatusCode, message: impl Into<String>) -> Self {
        Self::new(http::StatusCode::NOT_FOUND, status, message)
    }

    /// 401: the request is not authenticated for what it asks.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::client_error(http::StatusCode::UNAUTHORIZED, message)
    }

    /// 405: the method is not allowed here, or not in the current state.
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::client_error(http::StatusCode::METHOD_NOT_ALLOWED, message)
    }

    /// 409 with 2000: the request conflicts with another in flight (a concurrent credentials
    /// update of the same peer); it may be repeated once that one is over. The spec names no
    /// status for it.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::client_error(http::StatusCode::CONFLICT, message)
    }

    /// 2001: invalid or missing parameters.
    pub fn invalid_parameters(message: impl Into<String>) -> Self {
        Self::ocpi(StatusCode::INVALID_PARAMETERS, message)
    }

    /// 3000: this platform failed (its store, its directory), with the reason.
    pub fn server_error(reason: impl std::fmt::Display) -> Self {
        Self::ocpi(StatusCode::SERVER_ERROR, reason.to_string())
    }

    /// The HTTP status.
    pub fn http_status(&self) -> http::StatusCode {
        self.http
    }

    /// The OCPI status.
    pub fn ocpi_status(&self) -> StatusCode {
        self.ocpi
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The response: the HTTP status and an OCPI envelope without data.
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        let body = Response::error(self.ocpi, self.message.clone()).to_vec();
        let mut response = http::Response::new(body);
        *response.status_mut() = self.http;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    }
}

impl From<ParseError> for HttpError {
    /// Invalid JSON → 400; valid JSON that is not a valid object → 200 with 2001.
    fn from(e: ParseError) -> Self {
        match e.category {
            ErrorCategory::Syntax | ErrorCategory::Eof => {
                Self::client_error(http::StatusCode::BAD_REQUEST, e.to_string())
            }
            ErrorCategory::Data | ErrorCategory::Nonconforming => {
                Self::invalid_parameters(e.to_string())
            }
        }
    }
}

impl From<AuthorizationError> for HttpError {
    fn from(e: AuthorizationError) -> Self {
        Self::unauthorized(e.to_string())
    }
}

impl From<LimitError> for HttpError {
    fn from(e: LimitError) -> Self {
        let http = match e {
            LimitError::TooLarge { .. } => http::StatusCode::PAYLOAD_TOO_LARGE,
            LimitError::TooDeep { .. } => http::StatusCode::BAD_REQUEST,
        };
        Self::client_error(http, e.to_string())
    }
}

impl From<PaginationError> for HttpError {
    fn from(e: PaginationError) -> Self {
        Self::invalid_parameters(e.to_string())
    }
}

impl From<RoutingError> for HttpError {
    /// 2001, or 4001 for an unknown receiver.
    fn from(e: RoutingError) -> Self {
        match e {
            RoutingError::UnknownReceiver(_) => {
                Self::ocpi(StatusCode::UNKNOWN_RECEIVER, e.to_string())
            }
            _ => Self::invalid_parameters(e.to_string()),
        }
    }
}
