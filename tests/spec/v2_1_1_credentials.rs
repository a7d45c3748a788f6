//! 2.1.1 Credentials module: the example of `credentials.md` and malformed documents.

use crate::common;
use crate::common::assert_contains;
use crate::common::assert_refused;
use crate::common::clean_fixture;

use common::{assert_round_trip, fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::Url;
use ocpi_protocol::v2_1_1::credentials::Credentials;
use ocpi_protocol::v2_1_1::locations::ImageCategory;

const EXAMPLE: &str = "credentials__object_description_example.json";

#[test]
fn the_credentials_example_round_trips() {
    common::assert_fixture_names("2.1.1", |n| n.starts_with("credentials__"), &[EXAMPLE]);

    let p = clean_fixture::<Credentials>("2.1.1", EXAMPLE);
    let c = p.value;
    assert_eq!(c.token.expose(), "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2");
    assert_eq!(c.url, Url::new("https://example.com/ocpi/cpo/").unwrap());
    assert_eq!(c.party_id, "EXA");
    assert_eq!(c.country_code, "NL");
    let b = &c.business_details;
    assert_eq!(b.name, "Example Operator");
    assert_eq!(b.website.as_ref().unwrap().as_str(), "http://example.com");
    let logo = b.logo.as_ref().unwrap();
    assert_eq!(logo.category, ImageCategory::Operator);
    assert_eq!(logo.r#type, "jpeg");
    assert_eq!((logo.width, logo.height), (Some(512), Some(512)));
    assert_eq!(
        logo.thumbnail.as_ref().unwrap().as_str(),
        "https://example.com/img/logo_thumb.jpg"
    );
    assert!(c.unknown_fields.is_empty() && b.unknown_fields.is_empty());
    // The token never shows itself.
    assert!(!format!("{c:?}").contains("ebf3b399"));
}

fn assert_error(from: &str, to: &str, path: &str, message: &str) {
    let json = fixture("2.1.1", EXAMPLE);
    assert!(json.contains(from), "{from}");
    assert_refused::<Credentials>(&json.replacen(from, to, 1), path, message);
}

#[test]
fn malformed_credentials_are_refused_with_their_path() {
    assert_error(
        "    \"party_id\": \"EXA\",\n",
        "",
        ".",
        "missing field `party_id`",
    );
    // A 2.2.1 body (roles instead of the party fields) is not a 2.1.1 Credentials object.
    let e =
        parse::<Credentials>(br#"{"token":"abc","url":"https://example.com/versions","roles":[]}"#)
            .unwrap_err();
    assert_contains(&e.message, "missing field `business_details`");
    assert_error(
        "\"ebf3b399-779f-4497-9b9d-ac6ad3cc44d2\"",
        &format!("\"{}\"", "x".repeat(65)),
        "token",
        "credentials token of 65 characters exceeds 64",
    );
    assert_error(
        "\"category\": \"OPERATOR\"",
        "\"category\": \"operator\"",
        "business_details.logo.category",
        "differs only in case",
    );
    assert_error("\"NL\"", "\"NLD\"", "country_code", "is not a valid");
    assert_error("\"EXA\"", "\"EX\"", "party_id", "is not a valid");
    assert_error(
        "\"width\": 512",
        "\"width\": \"512\"",
        "business_details.logo.width",
        "expected i64",
    );
    assert_error(
        "\"type\": \"jpeg\"",
        "\"type\": \"jpeg2\"",
        "business_details.logo.type",
        "exceeds the maximum length of 4",
    );
    assert_error(
        "\"name\": \"Example Operator\",",
        "\"name\": \"Example Operator\", \"name\": \"Other\",",
        "business_details.name",
        "duplicate field `name`",
    );
    assert_error(
        "\"business_details\": {",
        "\"business_details\": \"Example\", \"x\": {",
        "business_details",
        "invalid type: string",
    );
    // A country code is kept as written (the round trip gives back `nl`).
    let lower = fixture("2.1.1", EXAMPLE).replace("\"NL\"", "\"nl\"");
    let c = assert_round_trip::<Credentials>(&lower).value;
    assert_eq!(c.country_code.as_str(), "nl");
}
