//! 2.3.0 Payments module: every official Terminal and Financial Advice Confirmation example,
//! the Terminal PATCH, the errata of the examples, and malformed input.

use crate::common;
use crate::common::assert_contains;
use crate::common::{assert_clean, clean_fixture};

use common::{exact_json_eq, fixture, round_trip_fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{
    CiString, CountryCode, DateTime, Number, PartyId, PatchField, Tolerant, Url, Warning,
    WarningKind,
};
use ocpi_protocol::v2_2_1::locations::GeoLocation;
use ocpi_protocol::v2_3_0::payments::{
    CaptureStatusCode, FinancialAdviceConfirmation, InvoiceCreator, Terminal, TerminalPatch,
};

fn ids(list: &Option<Vec<CiString<36>>>) -> Vec<&str> {
    list.iter().flatten().map(|s| s.as_str()).collect()
}

/// The warnings as (path, is it a missing required field) pairs; anything else is `Tolerated`.
fn kinds(warnings: &[Warning]) -> Vec<(&str, &str)> {
    warnings
        .iter()
        .map(|w| {
            let kind = match &w.kind {
                WarningKind::MissingRequired => "missing",
                WarningKind::Tolerated { .. } => "tolerated",
                _ => "other",
            };
            (w.path.as_str(), kind)
        })
        .collect()
}

#[test]
fn official_terminal_examples_round_trip() {
    let t = clean_fixture::<Terminal>("2.3.0", "payment_terminal_create.json");
    let v = &t.value;
    assert_eq!(
        v.terminal_id.as_ref().unwrap(),
        "452cf8a1-79aa-4a0e-9aee-dc788586053c"
    );
    assert_eq!(v.address.as_ref().unwrap(), "Street 1");
    assert_eq!(v.city.as_ref().unwrap(), "Vienna");
    assert_eq!(v.country.as_ref().unwrap(), "AUT");
    let c = v.coordinates.as_ref().unwrap();
    assert_eq!(
        (c.latitude.as_str(), c.longitude.as_str()),
        ("51.047599", "3.729944")
    );
    assert_eq!(v.customer_reference.as_ref().unwrap(), "ChargePoint");
    assert_eq!(
        v.invoice_base_url,
        Some(Tolerant::Valid(
            Url::new("https://somecompany.com/invoices").unwrap()
        ))
    );
    assert_eq!(v.invoice_creator, Some(InvoiceCreator::Cpo));
    // An empty list stays an empty list, an absent one stays absent.
    assert_eq!(v.location_ids, Some(vec![]));
    assert_eq!(v.evse_uids, None);
    assert_eq!(v.reference, None);
    assert_eq!(
        v.last_updated,
        Some(DateTime::parse("2018-12-10T17:16:15Z").unwrap())
    );

    let t = clean_fixture::<Terminal>("2.3.0", "payment_terminal_example_newly_created.json");
    assert_eq!(t.value.customer_reference.as_ref().unwrap(), "Chargepoint");
    assert_eq!(t.value.location_ids, Some(vec![]));

    let t =
        round_trip_fixture::<Terminal>("2.3.0", "payment_terminal_example_assigned_locations.json");
    assert_eq!(t.warnings, vec![]);
    assert_eq!(t.value.invoice_creator, Some(InvoiceCreator::Ptp));
    assert_eq!(ids(&t.value.location_ids).len(), 3);
    assert_eq!(t.value.evse_uids, None);

    let t = clean_fixture::<Terminal>(
        "2.3.0",
        "payment_terminal_example_assigned_locations_assigned_evses.json",
    );
    assert_eq!(
        ids(&t.value.evse_uids),
        ["17d5f8ea-8832-454f-aff5-257bc6a25353"]
    );
    assert_eq!(
        ids(&t.value.location_ids)[2],
        "55719888-ed09-4cca-82cc-803bdb77bf26"
    );

    // POST activate: the CPO's request, with the PTP's mapping reference.
    let t = clean_fixture::<Terminal>("2.3.0", "payment_terminal_activate.json");
    assert_eq!(t.value.reference.as_ref().unwrap(), "Term-SerialNumber");
    assert_eq!(
        ids(&t.value.location_ids),
        ["df37373d-1669-4127-a6ac-d86750095119"]
    );
    assert_eq!(t.value.coordinates, None);
}

#[test]
fn official_terminal_examples_with_errata() {
    // POST of a minimal terminal: only the id, no last_updated.
    let t = round_trip_fixture::<Terminal>("2.3.0", "payment_terminal_create_minimal.json");
    assert_eq!(kinds(&t.warnings), [("last_updated", "missing")]);
    assert_eq!(t.value.last_updated, None);
    assert_eq!(
        t.value.terminal_id.as_ref().unwrap(),
        "452cf8a1-79aa-4a0e-9aee-dc788586053c"
    );
    assert_eq!(t.value, {
        let id = CiString::new("452cf8a1-79aa-4a0e-9aee-dc788586053c").unwrap();
        let mut only_id = Terminal::new(id, "2024-01-01T00:00:00Z".parse().unwrap());
        only_id.last_updated = None;
        only_id
    });

    // PUT update: no terminal_id, and an invoice_base_url that is no absolute URL.
    let t = round_trip_fixture::<Terminal>("2.3.0", "payment_terminal_put_update.json");
    assert_eq!(
        kinds(&t.warnings),
        [
            ("terminal_id", "missing"),
            ("invoice_base_url", "tolerated")
        ]
    );
    let Some(Tolerant::Deviating(d)) = &t.value.invoice_base_url else {
        panic!("{:?}", t.value.invoice_base_url)
    };
    assert_eq!(d.raw().get(), r#""someNewURL""#);
    assert!(
        d.reason().contains("not a valid absolute URL"),
        "{}",
        d.reason()
    );
    assert_eq!(t.value.customer_reference.as_ref().unwrap(), "OMV");
    assert_eq!(
        t.value.last_updated,
        Some(DateTime::parse("2021-01-01T00:00:00Z").unwrap())
    );

    // Strict parsing refuses both.
    for name in [
        "payment_terminal_create_minimal.json",
        "payment_terminal_put_update.json",
    ] {
        assert!(parse_strict::<Terminal>(fixture("2.3.0", name).as_bytes()).is_err());
    }
    assert!(
        parse_strict::<Terminal>(fixture("2.3.0", "payment_terminal_create.json").as_bytes())
            .is_ok()
    );
}

#[test]
fn official_patch_example_assigns_locations() {
    let p =
        round_trip_fixture::<TerminalPatch>("2.3.0", "payment_terminal_location_assignment.json");
    assert_eq!(p.warnings, vec![]);
    assert!(p.value.terminal_id.is_none());
    assert!(p.value.evse_uids.is_absent());
    assert!(p.value.last_updated.is_none());

    let before = parse::<Terminal>(
        fixture("2.3.0", "payment_terminal_example_newly_created.json").as_bytes(),
    )
    .unwrap()
    .value;
    let mut after = before.clone();
    p.value.apply_to(&mut after);
    assert_eq!(ids(&before.location_ids), Vec::<&str>::new());
    assert_eq!(
        ids(&after.location_ids),
        [
            "df37373d-1669-4127-a6ac-d86750095119",
            "a06dc823-3e5a-40c8-89cf-1b5b9e941412",
            "55719888-ed09-4cca-82cc-803bdb77bf26"
        ]
    );
    // Nothing else changed.
    let mut expected = before.clone();
    expected.location_ids = after.location_ids.clone();
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn patch_null_clears_optional_and_refuses_required() {
    let mut t = parse::<Terminal>(
        fixture(
            "2.3.0",
            "payment_terminal_example_assigned_locations_assigned_evses.json",
        )
        .as_bytes(),
    )
    .unwrap()
    .value;
    let json = r#"{"evse_uids":null,"location_ids":["LOC-9"],"invoice_creator":"CPO","last_updated":"2024-01-01T00:00:00Z"}"#;
    let p = parse::<TerminalPatch>(json.as_bytes()).unwrap();
    assert_eq!(p.warnings, vec![]);
    exact_json_eq(json, &serde_json::to_string(&p.value).unwrap()).unwrap();
    assert_eq!(p.value.evse_uids, PatchField::Null);
    assert_eq!(
        p.value.invoice_creator,
        PatchField::Value(InvoiceCreator::Cpo)
    );
    let before = t.clone();
    p.value.apply_to(&mut t);
    assert_eq!(t.evse_uids, None);
    assert_eq!(ids(&t.location_ids), ["LOC-9"]);
    assert_eq!(t.invoice_creator, Some(InvoiceCreator::Cpo));
    assert_eq!(
        t.last_updated,
        Some(DateTime::parse("2024-01-01T00:00:00Z").unwrap())
    );
    assert_eq!(t.customer_reference, before.customer_reference);
    assert_eq!(t.coordinates, before.coordinates);
    assert!(!serde_json::to_string(&t).unwrap().contains("evse_uids"));

    for (json, path) in [
        (r#"{"terminal_id":null}"#, "terminal_id"),
        (r#"{"last_updated":null}"#, "last_updated"),
    ] {
        let e = parse::<TerminalPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, path, "{json}");
        assert_eq!(e.category, ErrorCategory::Data);
        assert_contains(&e.message, "null");
    }
}

#[test]
fn terminal_with_every_field_round_trips() {
    let json = r#"{
        "terminal_id": "T-0001",
        "customer_reference": "CUST-42",
        "party_id": "EXA",
        "country_code": "AT",
        "address": "Mariahilfer Strasse 1",
        "city": "Wien",
        "postal_code": "1060",
        "state": "Wien",
        "country": "AUT",
        "coordinates": {"latitude": "48.19890", "longitude": "16.35310"},
        "invoice_base_url": "https://cpo.example.com/invoices/",
        "invoice_creator": "CPO",
        "reference": "SN-99812",
        "location_ids": ["LOC1", "LOC2"],
        "evse_uids": ["EVSE-1"],
        "last_updated": "2024-05-02T10:00:00.123Z",
        "x-ptp-model": "V400m"
    }"#;
    let t = assert_clean::<Terminal>(json);
    let v = t.value;
    assert_eq!(v.party_id, Some(PartyId::new("EXA").unwrap()));
    assert_eq!(v.country_code, Some(CountryCode::new("AT").unwrap()));
    assert_eq!(v.postal_code.as_ref().unwrap(), "1060");
    assert_eq!(v.state.as_ref().unwrap(), "Wien");
    assert_eq!(
        v.coordinates,
        Some(GeoLocation::new(
            "48.19890".parse().unwrap(),
            "16.35310".parse().unwrap()
        ))
    );
    assert_eq!(
        v.unknown_fields.get("x-ptp-model").unwrap().get(),
        r#""V400m""#
    );
    assert_eq!(
        InvoiceCreator::KNOWN,
        &[InvoiceCreator::Cpo, InvoiceCreator::Ptp]
    );
}

fn terminal_err(json: &str, path: &str, message: &str) {
    let e = parse::<Terminal>(json.as_bytes()).unwrap_err();
    assert_eq!(e.path, path, "{json}: {e}");
    assert!(e.message.contains(message), "{json}: {}", e.message);
}

/// payment_terminal_create.json with one field replaced.
fn terminal_with(field: &str, raw: &str) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&fixture("2.3.0", "payment_terminal_create.json")).unwrap();
    v.insert(field.into(), serde_json::from_str(raw).unwrap());
    serde_json::to_string(&v).unwrap()
}

#[test]
fn malformed_terminals_are_refused_with_path() {
    // Over-long strings: terminal_id CiString(36), address CiString(45), country CiString(3).
    terminal_err(
        &terminal_with("terminal_id", &format!("\"{}\"", "t".repeat(37))),
        "terminal_id",
        "exceeds the maximum length of 36",
    );
    terminal_err(
        &terminal_with("address", &format!("\"{}\"", "a".repeat(46))),
        "address",
        "exceeds the maximum length of 45",
    );
    terminal_err(
        &terminal_with("country", "\"AUST\""),
        "country",
        "exceeds the maximum length of 3",
    );
    // CiString: printable ASCII only.
    terminal_err(
        &terminal_with("city", "\"Wien\\nMitte\""),
        "city",
        "not printable ASCII",
    );
    // Wrong enum case.
    terminal_err(
        &terminal_with("invoice_creator", "\"ptp\""),
        "invoice_creator",
        "differs only in case",
    );
    // Bad datetime.
    terminal_err(
        &terminal_with("last_updated", "\"2018-12-10T17:16\""),
        "last_updated",
        "YYYY-MM-DDThh:mm:ss",
    );
    // Number where a string is required, nested.
    terminal_err(
        &terminal_with(
            "coordinates",
            r#"{"latitude":51.047599,"longitude":"3.729944"}"#,
        ),
        "coordinates.latitude",
        "invalid type: floating point",
    );
    // Wrong types.
    terminal_err(
        &terminal_with("location_ids", "\"LOC1\""),
        "location_ids",
        "invalid type: string",
    );
    terminal_err(
        &terminal_with("evse_uids", "[\"E1\", 2]"),
        "evse_uids[1]",
        "invalid type: integer",
    );
    // Missing required field in a nested object.
    terminal_err(
        &terminal_with("coordinates", r#"{"latitude":"51.047599"}"#),
        "coordinates",
        "missing field `longitude`",
    );
    // Duplicate key.
    let dup = fixture("2.3.0", "payment_terminal_create.json").replacen(
        "\"city\": \"Vienna\",",
        "\"city\": \"Vienna\", \"city\": \"Graz\",",
        1,
    );
    assert_eq!(dup.matches("\"city\"").count(), 2);
    terminal_err(&dup, "city", "duplicate field `city`");
}

#[test]
fn official_financial_advice_confirmation_examples() {
    for name in [
        "payment_financial_advice_confirmation_create.json",
        "payment_financial_advice_confirmation_example_success.json",
    ] {
        let f = round_trip_fixture::<FinancialAdviceConfirmation>("2.3.0", name);
        // total_costs comes in the 2.2.1 Price form (excl_vat/incl_vat), not 2.3.0's.
        assert_eq!(kinds(&f.warnings), [("total_costs", "tolerated")], "{name}");
        let v = &f.value;
        assert_eq!(v.id, "452cf8a1-79aa-4a0e-9aee-dc788586053c");
        assert_eq!(v.authorization_reference, "pp-100100-1948213567");
        assert_eq!(v.currency, "EUR");
        assert_eq!(v.capture_status_code, CaptureStatusCode::Success);
        assert_eq!(
            v.capture_status_message.as_ref().unwrap(),
            "Capture successfull at PSP"
        );
        let eft: Vec<_> = v.eft_data.iter().flatten().map(|s| s.as_str()).collect();
        assert_eq!(eft.len(), 6);
        assert_eq!(eft[0], "Mastercard");
        assert_eq!(eft[3], "Nr: **** **** **** 1234");
        let Tolerant::Deviating(d) = &v.total_costs else {
            panic!("{:?}", v.total_costs)
        };
        // Kept verbatim, digits and scale included.
        assert_eq!(
            d.raw().get().split_whitespace().collect::<String>(),
            r#"{"excl_vat":4.00,"incl_vat":4.40}"#
        );
        assert!(d.reason().contains("before_taxes"), "{}", d.reason());
        assert_eq!(
            v.last_updated,
            DateTime::parse("2018-12-10T17:16:15Z").unwrap()
        );
    }

    let f = round_trip_fixture::<FinancialAdviceConfirmation>(
        "2.3.0",
        "payment_financial_advice_confirmation_example_failure.json",
    );
    assert_eq!(
        kinds(&f.warnings),
        [("total_costs", "tolerated"), ("eft_data", "missing")]
    );
    assert_eq!(f.value.capture_status_code, CaptureStatusCode::Failed);
    assert_eq!(f.value.eft_data, None);
}

/// A Financial Advice Confirmation as the 2.3.0 tables describe it.
const FAC_CONFORMING: &str = r#"{
  "id": "7b1e0e62-5a0f-4c77-9d51-0b8c0a3f2e11",
  "authorization_reference": "pp-100100-1948213567",
  "total_costs": {
    "before_taxes": 4.00,
    "taxes": [{"name": "VAT", "percentage": 10, "amount": 0.40}]
  },
  "currency": "EUR",
  "eft_data": ["Visa", "Amount: EUR 4.40"],
  "capture_status_code": "PARTIAL_SUCCESS",
  "capture_status_message": "Partially approved by issuer",
  "last_updated": "2024-05-02T11:30:00Z"
}"#;

#[test]
fn conforming_financial_advice_confirmation_round_trips() {
    let f = assert_clean::<FinancialAdviceConfirmation>(FAC_CONFORMING);
    let v = f.value;
    let price = v.total_costs.valid().expect("a 2.3.0 Price");
    assert_eq!(price.before_taxes, Number::parse("4.00").unwrap());
    assert_eq!(v.capture_status_code, CaptureStatusCode::PartialSuccess);
    assert_eq!(
        CaptureStatusCode::KNOWN,
        &[
            CaptureStatusCode::Success,
            CaptureStatusCode::PartialSuccess,
            CaptureStatusCode::Failed
        ]
    );
    let back = serde_json::to_string(&v).unwrap();
    assert!(back.contains(r#""before_taxes":4.00"#), "{back}");
    assert!(parse_strict::<FinancialAdviceConfirmation>(FAC_CONFORMING.as_bytes()).is_ok());
}

fn fac_err(json: &str, path: &str, message: &str) {
    let e = parse::<FinancialAdviceConfirmation>(json.as_bytes()).unwrap_err();
    assert_eq!(e.path, path, "{json}: {e}");
    assert!(e.message.contains(message), "{json}: {}", e.message);
}

#[test]
fn malformed_financial_advice_confirmations_are_refused_with_path() {
    // Missing required fields.
    fac_err(
        &FAC_CONFORMING.replace("\"currency\": \"EUR\",", ""),
        ".",
        "missing field `currency`",
    );
    fac_err(
        &FAC_CONFORMING.replace("\"capture_status_code\": \"PARTIAL_SUCCESS\",", ""),
        ".",
        "missing field `capture_status_code`",
    );
    // Over-long strings: currency CiString(3), eft_data items CiString(255).
    fac_err(
        &FAC_CONFORMING.replace("\"EUR\"", "\"EURO\""),
        "currency",
        "exceeds the maximum length of 3",
    );
    fac_err(
        &FAC_CONFORMING.replace("\"Visa\"", &format!("\"{}\"", "v".repeat(256))),
        "eft_data[0]",
        "exceeds the maximum length of 255",
    );
    // Wrong enum case.
    fac_err(
        &FAC_CONFORMING.replace("\"PARTIAL_SUCCESS\"", "\"Partial_Success\""),
        "capture_status_code",
        "differs only in case",
    );
    // Bad datetime.
    fac_err(
        &FAC_CONFORMING.replace("2024-05-02T11:30:00Z", "2024-05-02T11:30:00+02:00"),
        "last_updated",
        "UTC offset",
    );
    // Wrong types: a single string for the list, a number for a string.
    fac_err(
        &FAC_CONFORMING.replace(
            "[\"Visa\", \"Amount: EUR 4.40\"]",
            "\"Visa Amount: EUR 4.40\"",
        ),
        "eft_data",
        "invalid type: string",
    );
    fac_err(
        &FAC_CONFORMING.replace("\"pp-100100-1948213567\"", "1948213567"),
        "authorization_reference",
        "invalid type: integer",
    );
    // A null for a required field.
    fac_err(
        &FAC_CONFORMING.replace("\"EUR\"", "null"),
        "currency",
        "invalid type: null",
    );
    // Duplicate key.
    fac_err(
        &FAC_CONFORMING.replace(
            "\"currency\": \"EUR\",",
            "\"currency\": \"EUR\", \"currency\": \"USD\",",
        ),
        "currency",
        "duplicate field `currency`",
    );
}
