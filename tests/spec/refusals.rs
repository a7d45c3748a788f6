//! Malformed documents of every module and version, one table per module and version: an
//! official (or conforming) example with one text replaced, refused at a path with a message.

use crate::common::{fixture, refused, replaced, replaced_once, with_field};
use crate::{v2_1_1_cdrs, v2_1_1_locations, v2_1_1_sessions, v2_1_1_tariffs, v2_1_1_tokens};
use ocpi_protocol::json::{ErrorCategory, ParseError};
use ocpi_protocol::types::Conformance;
use ocpi_protocol::{v2_1_1, v2_2_1, v2_3_0};
use serde::de::DeserializeOwned;

/// One malformed document: the text `.0` of the base replaced by `.1`; refused at the path `.2`
/// with a message containing `.3`.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str);

/// How the replaced text is found in the base.
#[derive(Clone, Copy)]
enum Replace {
    /// Its first occurrence is replaced.
    First,
    /// It occurs exactly once.
    Once,
}

/// Which category the refusals must have.
#[derive(Clone, Copy, PartialEq)]
enum Category {
    /// Any category.
    Any,
    /// An error of the data (not of the JSON syntax).
    Data,
}

/// Asserts that each row of `rows`, applied to `base`, is refused as `T` at its path with its
/// message; a failure names the table (`case`) and the row.
fn check<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    case: &str,
    base: &str,
    replace: Replace,
    category: Category,
    rows: &[Row],
) {
    for (i, &(from, to, path, message)) in rows.iter().enumerate() {
        let json = match replace {
            Replace::First => replaced(base, from, to),
            Replace::Once => replaced_once(base, from, to),
        };
        let e = refused::<T>(&json);
        let row = format!("{case}, row {i} ({from} -> {to}): {e}");
        assert_eq!(e.path, path, "{row}");
        assert!(e.message.contains(message), "{row}");
        if category == Category::Data {
            assert_eq!(e.category, ErrorCategory::Data, "{row}");
        }
    }
}

/// One malformed document of its own type: how it is read, the document, and the path and a
/// part of the message of its refusal.
type Doc<'a> = (Reader, &'a str, &'a str, &'a str);

/// How a document is read: [`refused`] as one type.
type Reader = fn(&str) -> ParseError;

/// Asserts that each document of `rows` is refused at its path with its message; a failure
/// names the table (`case`) and the row.
fn check_documents(case: &str, rows: &[Doc]) {
    for (i, &(read, json, path, message)) in rows.iter().enumerate() {
        let e = read(json);
        let row = format!("{case}, row {i} ({json}): {e}");
        assert_eq!(e.path, path, "{row}");
        assert!(e.message.contains(message), "{row}");
    }
}

/// One malformed document made of the base by setting a field (`.0`) to a JSON value (`.1`), or
/// removing it (`None`); refused at the path `.2` with a message containing `.3`.
type Field<'a> = (&'a str, Option<&'a str>, &'a str, &'a str);

/// Asserts that each row of `rows`, applied to the JSON object `base`, is refused as `T` at its
/// path with its message; a failure names the table (`case`) and the row.
fn check_fields<T: DeserializeOwned + Conformance + std::fmt::Debug>(
    case: &str,
    base: &str,
    rows: &[Field],
) {
    for (i, &(field, value, path, message)) in rows.iter().enumerate() {
        let e = refused::<T>(&with_field(base, field, value));
        let row = format!("{case}, row {i} ({field}: {value:?}): {e}");
        assert_eq!(e.path, path, "{row}");
        assert!(e.message.contains(message), "{row}");
    }
}

#[test]
fn cdrs_v2_1_1() {
    check::<v2_1_1::cdrs::Cdr>(
        "2.1.1 cdrs",
        &v2_1_1_cdrs::conforming(),
        Replace::First,
        Category::Any,
        &[
            (
                "\t\"total_energy\": 15.342,\n",
                "",
                ".",
                "missing field `total_energy`",
            ),
            // `id` is CiString(36): printable ASCII only, at most 36 characters.
            (
                "\"id\": \"12345\"",
                format!("\"id\": \"{}\"", "1".repeat(37)).as_str(),
                "id",
                "exceeds the maximum length of 36",
            ),
            (
                "\"id\": \"12345\"",
                "\"id\": \"12345é\"",
                "id",
                "not printable ASCII",
            ),
            (
                "\"WHITELIST\"",
                "\"whitelist\"",
                "auth_method",
                "differs only in case",
            ),
            (
                "\"stop_date_time\": \"2015-06-29T23:37:32Z\"",
                "\"stop_date_time\": \"2015-06-29T23:37\"",
                "stop_date_time",
                "expected a timestamp",
            ),
            (
                "\"total_cost\": 4.00",
                "\"total_cost\": \"4.00\"",
                "total_cost",
                "expected a JSON number",
            ),
            (
                "\"step_size\": 300",
                "\"step_size\": \"300\"",
                "tariffs[0].elements[0].price_components[0].step_size",
                "expected i64",
            ),
            (
                "\"total_time\": 1.973,",
                "\"total_time\": 1.973, \"total_time\": 2,",
                "total_time",
                "duplicate field `total_time`",
            ),
            (
                "\"volume\": 1.973",
                "\"volume\": null",
                "charging_periods[0].dimensions[0].volume",
                "expected a JSON number, found \"null\"",
            ),
        ],
    );
}

#[test]
fn cdrs_v2_2_1() {
    check::<v2_2_1::cdrs::Cdr>(
        "2.2.1 cdrs",
        &fixture("2.2.1", "cdr_example.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required fields.
            (
                r#""auth_method": "WHITELIST","#,
                "",
                ".",
                "missing field `auth_method`",
            ),
            (
                r#""city": "Gent","#,
                "",
                "cdr_location",
                "missing field `city`",
            ),
            // Over-long strings: CiString(39) id, string(45) address, CiString(36) token uid.
            (
                r#""id": "12345""#,
                format!(r#""id": "{}""#, "9".repeat(40)).as_str(),
                "id",
                "exceeds the maximum length of 39",
            ),
            (
                r#""address": "F.Rooseveltlaan 3A""#,
                format!(r#""address": "{}""#, "a".repeat(46)).as_str(),
                "cdr_location.address",
                "exceeds the maximum length of 45",
            ),
            (
                r#""uid": "012345678""#,
                format!(r#""uid": "{}""#, "0".repeat(37)).as_str(),
                "cdr_token.uid",
                "exceeds the maximum length of 36",
            ),
            // Wrong enum case.
            (
                r#""WHITELIST""#,
                r#""whitelist""#,
                "auth_method",
                "differs only in case",
            ),
            (
                r#""IEC_62196_T2""#,
                r#""iec_62196_t2""#,
                "cdr_location.connector_standard",
                "differs only in case",
            ),
            // Bad datetime.
            (
                r#""end_date_time": "2015-06-29T23:37:32Z""#,
                r#""end_date_time": "2015-06-31T23:37:32Z""#,
                "end_date_time",
                "not a valid date and time",
            ),
            // Number as string.
            (
                r#""total_energy": 15.342"#,
                r#""total_energy": "15.342""#,
                "total_energy",
                "expected a JSON number",
            ),
            (
                r#""volume": 1.973"#,
                r#""volume": "1.973""#,
                "charging_periods[0].dimensions[0].volume",
                "expected a JSON number",
            ),
            // Wrong type.
            (
                r#""type": "RFID""#,
                r#""type": ["RFID"]"#,
                "cdr_token.type",
                "invalid type: sequence",
            ),
            // Duplicate key (reported at the object holding it).
            (
                r#""tariff_id": "12""#,
                r#""tariff_id": "12", "tariff_id": "13""#,
                "charging_periods[0].tariff_id",
                "duplicate field `tariff_id`",
            ),
            // A fault inside the embedded tariff.
            (
                r#""step_size": 300"#,
                r#""step_size": "300""#,
                "tariffs[0].elements[0].price_components[0].step_size",
                "invalid type: string",
            ),
        ],
    );
}

#[test]
fn cdrs_v2_3_0() {
    check::<v2_3_0::cdrs::Cdr>(
        "2.3.0 cdrs",
        &fixture("2.3.0", "cdr_example.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field.
            ("\"total_energy\": 15.342,\n", "", ".", "missing field `total_energy`"),
            ("\"party_id\": \"TNM\",\n", "", "cdr_token", "missing field `party_id`"),
            // The 2.2.1 form of a price is refused.
            ("\"total_cost\": {\n    \"before_taxes\": 4.00,", "\"total_cost\": {\n    \"excl_vat\": 4.00,", "total_cost", "missing field `before_taxes`"),
            ("\"total_time_cost\": {\n    \"before_taxes\": 4.00,\n    \"taxes\": [{\n      \"name\": \"VAT\",\n      \"amount\": 0.40", "\"total_time_cost\": {\n    \"before_taxes\": 4.00,\n    \"taxes\": [{\n      \"name\": \"VAT\"", "total_time_cost.taxes[0]", "missing field `amount`"),
            // `+` cardinality.
            ("\"dimensions\": [{\n      \"type\": \"TIME\",\n      \"volume\": 1.973\n    }],", "\"dimensions\": [],", "charging_periods[0].dimensions", "at least one element"),
            // Over-long CiString(39).
            (r#""id": "12345""#, format!(r#""id": "{}""#, "1".repeat(40)).as_str(), "id", "exceeds the maximum length of 39"),
            // Wrong enum case.
            (r#""connector_standard": "IEC_62196_T2""#, r#""connector_standard": "iec_62196_t2""#, "cdr_location.connector_standard", "differs only in case"),
            // Bad datetime.
            (r#""end_date_time": "2024-12-05T19:37:32Z""#, r#""end_date_time": "2024-12-05T19:37:32+01:00""#, "end_date_time", "UTC offset"),
            // Number as string.
            (r#""total_energy": 15.342"#, r#""total_energy": "15.342""#, "total_energy", "expected a JSON number"),
            ("\"total_cost\": {\n    \"before_taxes\": 4.00,\n    \"taxes\": [{\n      \"name\": \"VAT\",\n      \"amount\": 0.40", "\"total_cost\": {\n    \"before_taxes\": 4.00,\n    \"taxes\": [{\n      \"name\": \"VAT\",\n      \"amount\": \"0.40\"", "total_cost.taxes[0].amount", "expected a JSON number"),
            // Wrong type.
            (r#""currency": "EUR",
  "tariffs""#, r#""currency": "EUR", "credit": "true",
  "tariffs""#, "credit", "invalid type: string \"true\", expected a boolean"),
            // A tariff inside the CDR is checked like any tariff.
            ("\"currency\": \"EUR\",\n    \"elements\"", "\"currency\": \"EUR\",\n    \"tax_included\": \"yes\",\n    \"elements\"", "tariffs[0].tax_included", "differs only in case"),
            // Duplicate key.
            (r#""uid": "012345678","#, r#""uid": "012345678", "uid": "9","#, "cdr_token.uid", "duplicate field `uid`"),
        ],
    );
}

#[test]
fn locations_v2_1_1() {
    check::<v2_1_1::locations::Location>(
        "2.1.1 locations",
        v2_1_1_locations::CONFORMING,
        Replace::First,
        Category::Any,
        &[
            // Missing required field.
            (
                r#""postal_code": "9000","#,
                "",
                ".",
                "missing field `postal_code`",
            ),
            // Over-long string: `id` is string(39).
            (
                r#""id": "LOC1""#,
                format!(r#""id": "{}""#, "L".repeat(40)).as_str(),
                "id",
                "exceeds the maximum length of 39",
            ),
            // Wrong enum case inside a connector.
            (
                r#""standard": "IEC_62196_T2""#,
                r#""standard": "iec_62196_t2""#,
                "evses[0].connectors[0].standard",
                "differs only in case",
            ),
            // Bad datetime.
            (
                r#""last_updated": "2015-06-29T20:39:09Z""#,
                r#""last_updated": "2015-06-29 20:39:09""#,
                "last_updated",
                "expected a timestamp",
            ),
            // Number as string.
            (
                r#""voltage": 220"#,
                r#""voltage": "220""#,
                "evses[0].connectors[0].voltage",
                "invalid type: string \"220\", expected i64",
            ),
            // Wrong JSON type.
            (
                r#""city": "Gent""#,
                r#""city": ["Gent"]"#,
                "city",
                "invalid type: sequence",
            ),
            // Duplicate key.
            (
                r#""city": "Gent","#,
                r#""city": "Gent", "city": "Gand","#,
                "city",
                "duplicate field `city`",
            ),
            // Image `type` is string(4).
            (
                r#""type": "png""#,
                r#""type": "image""#,
                "evses[0].images[0].type",
                "exceeds the maximum length of 4",
            ),
        ],
    );
}

#[test]
fn locations_v2_2_1() {
    check::<v2_2_1::locations::Location>(
        "2.2.1 locations",
        &fixture("2.2.1", "location_example.json"),
        Replace::First,
        Category::Data,
        &[
            // Missing required field.
            (
                "\"address\": \"F.Rooseveltlaan 3A\",",
                "",
                ".",
                "missing field `address`",
            ),
            (
                "\"standard\": \"IEC_62196_T2\",\n      \"format\": \"CABLE\",",
                "\"format\": \"CABLE\",",
                "evses[0].connectors[0]",
                "missing field `standard`",
            ),
            // Over-long strings.
            (
                "\"postal_code\": \"9000\"",
                "\"postal_code\": \"90000000000\"",
                "postal_code",
                "string of 11 characters exceeds the maximum length of 10",
            ),
            (
                "\"floor_level\": \"-2\"",
                "\"floor_level\": \"-2000\"",
                "evses[1].floor_level",
                "exceeds the maximum length of 4",
            ),
            (
                "\"country_code\": \"BE\"",
                "\"country_code\": \"BEL\"",
                "country_code",
                "\"BEL\" is not a valid country code",
            ),
            // Wrong enum case.
            (
                "\"status\": \"RESERVED\"",
                "\"status\": \"Reserved\"",
                "evses[1].status",
                "differs only in case from \"RESERVED\"",
            ),
            (
                "\"format\": \"CABLE\"",
                "\"format\": \"cable\"",
                "evses[0].connectors[0].format",
                "differs only in case",
            ),
            // Bad datetime.
            (
                "\"last_updated\": \"2015-06-29T20:39:09Z\"\n}",
                "\"last_updated\": \"2015-06-29 20:39:09\"\n}",
                "last_updated",
                "expected a timestamp of the form YYYY-MM-DDThh:mm:ss",
            ),
            // Number as string, and the reverse.
            (
                "\"max_amperage\": 16,",
                "\"max_amperage\": \"16\",",
                "evses[0].connectors[0].max_amperage",
                "invalid type: string \"16\", expected i64",
            ),
            (
                "\"max_voltage\": 220,",
                "\"max_voltage\": 220.5,",
                "evses[0].connectors[0].max_voltage",
                "invalid type: floating point `220.5`, expected i64",
            ),
            (
                "\"latitude\": \"51.047599\"",
                "\"latitude\": 51.047599",
                "coordinates.latitude",
                "invalid type: floating point",
            ),
            // Wrong type.
            (
                "\"publish\": true",
                "\"publish\": \"true\"",
                "publish",
                "invalid type: string \"true\", expected a boolean",
            ),
            (
                "\"capabilities\": [\n      \"RESERVABLE\"\n    ],",
                "\"capabilities\": \"RESERVABLE\",",
                "evses[0].capabilities",
                "expected a sequence",
            ),
            // Duplicate key.
            (
                "\"id\": \"LOC1\",",
                "\"id\": \"LOC1\", \"id\": \"LOC2\",",
                "id",
                "duplicate field `id`",
            ),
            (
                "\"uid\": \"3257\",",
                "\"uid\": \"3257\", \"uid\": \"3258\",",
                "evses[1].uid",
                "duplicate field `uid`",
            ),
        ],
    );
}

#[test]
fn locations_v2_3_0() {
    check::<v2_3_0::locations::Location>(
        "2.3.0 locations",
        &fixture("2.3.0", "location_example.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field, in the Location and in a Parking.
            ("\"address\": \"F.Rooseveltlaan 3A\",", "", ".", "missing field `address`"),
            ("\"physical_reference\": \"B2\",\n      \"vehicle_types\": [\"PERSONAL_VEHICLE\"],\n      \"reservation_required\": false,", "\"physical_reference\": \"B2\",\n      \"vehicle_types\": [\"PERSONAL_VEHICLE\"],", "parking_places[1]", "missing field `reservation_required`"),
            // `+` cardinality: an empty vehicle_types list is refused.
            ("\"physical_reference\": \"B3\",\n      \"vehicle_types\": [\"PERSONAL_VEHICLE\"],", "\"physical_reference\": \"B3\",\n      \"vehicle_types\": [],", "parking_places[2].vehicle_types", "at least one element"),
            // Over-long strings.
            ("\"physical_reference\": \"B1\"", "\"physical_reference\": \"B1-0123456789\"", "parking_places[0].physical_reference", "exceeds the maximum length of 12"),
            ("\"time_zone\": \"Europe/Brussels\",", "\"time_zone\": \"Europe/Brussels\", \"help_phone\": \"+32 (0)9 123 45 67 ext. 1234\",", "help_phone", "exceeds the maximum length of 25"),
            ("\"floor_level\": \"-2\",", format!(
                "\"floor_level\": \"-2\", \"accepted_service_providers\": [\"{}\"],",
                "x".repeat(51)
            ).as_str(), "evses[1].accepted_service_providers[0]", "exceeds the maximum length of 50"),
            // Wrong enum case.
            ("\"physical_reference\": \"B1\",\n      \"vehicle_types\": [\"PERSONAL_VEHICLE\"]", "\"physical_reference\": \"B1\",\n      \"vehicle_types\": [\"personal_vehicle\"]", "parking_places[0].vehicle_types[0]", "differs only in case from \"PERSONAL_VEHICLE\""),
            ("\"status\": \"RESERVED\"", "\"status\": \"Reserved\"", "evses[1].status", "differs only in case"),
            // Bad datetime.
            ("\"last_updated\": \"2015-06-28T08:12:01Z\"", "\"last_updated\": \"28-06-2015\"", "evses[0].last_updated", "expected a timestamp"),
            // Number as string.
            ("\"physical_reference\": \"B1\",", "\"physical_reference\": \"B1\", \"max_vehicle_weight\": \"3500\",", "parking_places[0].max_vehicle_weight", "expected a JSON number"),
            // Wrong type.
            ("\"physical_reference\": \"B3\",", "\"physical_reference\": \"B3\", \"roofed\": \"yes\",", "parking_places[2].roofed", "invalid type: string \"yes\", expected a boolean"),
            // Duplicate key.
            ("\"id\": \"2\",\n      \"physical_reference\": \"B2\",", "\"id\": \"2\",\n      \"id\": \"4\",\n      \"physical_reference\": \"B2\",", "parking_places[1].id", "duplicate field `id`"),
        ],
    );
}

#[test]
fn sessions_v2_1_1() {
    check::<v2_1_1::sessions::Session>(
        "2.1.1 sessions",
        v2_1_1_sessions::CONFORMING,
        Replace::First,
        Category::Any,
        &[
            (
                r#""auth_id": "DE8ACC12E46L89","#,
                "",
                ".",
                "missing field `auth_id`",
            ),
            (
                r#""id": "101""#,
                format!(r#""id": "{}""#, "1".repeat(37)).as_str(),
                "id",
                "exceeds the maximum length of 36",
            ),
            (
                r#""status": "ACTIVE""#,
                r#""status": "Active""#,
                "status",
                "differs only in case",
            ),
            (
                r#""start_datetime": "2015-06-29T22:39:09Z""#,
                r#""start_datetime": "2015-06-29T22:39:09+01:00""#,
                "start_datetime",
                "has a UTC offset",
            ),
            (
                r#""kwh": 0.00"#,
                r#""kwh": "0.00""#,
                "kwh",
                "expected a JSON number",
            ),
            (
                r#""currency": "EUR""#,
                r#""currency": "EURO""#,
                "currency",
                "exceeds the maximum length of 3",
            ),
            (
                r#""location": {"#,
                r#""location": [], "x": {"#,
                "location",
                "invalid type: sequence",
            ),
            (
                r#""kwh": 0.00,"#,
                r#""kwh": 0.00, "kwh": 1,"#,
                "kwh",
                "duplicate field `kwh`",
            ),
            (
                r#""dimensions": [{"type": "ENERGY", "volume": 120}]"#,
                r#""dimensions": []"#,
                "charging_periods[0].dimensions",
                "at least one element",
            ),
            (
                r#""voltage": 230"#,
                r#""voltage": 230.5"#,
                "location.evses[0].connectors[0].voltage",
                "expected i64",
            ),
        ],
    );
}

#[test]
fn sessions_v2_2_1() {
    check::<v2_2_1::sessions::Session>(
        "2.2.1 sessions",
        &fixture("2.2.1", "session_example_1_simple_start.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field.
            (r#""status": "PENDING","#, "", ".", "missing field `status`"),
            (
                r#""contract_id": "NL-TST-C12345678-S""#,
                r#""contract": "x""#,
                "cdr_token",
                "missing field `contract_id`",
            ),
            // Over-long CiString(36).
            (
                r#""location_id": "LOC1""#,
                format!(r#""location_id": "{}""#, "L".repeat(37)).as_str(),
                "location_id",
                "exceeds the maximum length of 36",
            ),
            // Non-printable character in a CiString.
            (
                r#""evse_uid": "3256""#,
                r#""evse_uid": "32\u00e956""#,
                "evse_uid",
                "not printable ASCII",
            ),
            // Wrong enum case.
            (
                r#""PENDING""#,
                r#""Pending""#,
                "status",
                "differs only in case",
            ),
            // Bad datetime.
            (
                r#""start_date_time": "2020-03-09T10:17:09Z""#,
                r#""start_date_time": "2020-03-09T25:17:09Z""#,
                "start_date_time",
                "not a valid date and time",
            ),
            // Number as string.
            (
                r#""kwh": 0.0"#,
                r#""kwh": "0.0""#,
                "kwh",
                "expected a JSON number",
            ),
            (
                r#""excl_vat": 2.5"#,
                r#""excl_vat": "2.5""#,
                "total_cost.excl_vat",
                "expected a JSON number",
            ),
            // Wrong type.
            (
                r#""currency": "EUR""#,
                r#""currency": 978"#,
                "currency",
                "invalid type: integer",
            ),
            (
                r#""kwh": 0.0,"#,
                r#""kwh": 0.0, "charging_periods": {},"#,
                "charging_periods",
                "invalid type: map",
            ),
            // Duplicate key.
            (
                r#""id": "101","#,
                r#""id": "101", "id": "102","#,
                "id",
                "duplicate field `id`",
            ),
        ],
    );
}

#[test]
fn sessions_v2_3_0() {
    check::<v2_3_0::sessions::Session>(
        "2.3.0 sessions",
        &fixture("2.3.0", "session_example_2_short_finished.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field.
            (
                r#""status": "COMPLETED","#,
                "",
                ".",
                "missing field `status`",
            ),
            (
                r#""country_code": "NL","#,
                "",
                "cdr_token",
                "missing field `country_code`",
            ),
            (
                r#""before_taxes": 8.50,"#,
                "",
                "total_cost",
                "missing field `before_taxes`",
            ),
            // Over-long strings.
            (
                r#""location_id": "LOC1""#,
                format!(r#""location_id": "{}""#, "L".repeat(37)).as_str(),
                "location_id",
                "exceeds the maximum length of 36",
            ),
            (
                r#""currency": "EUR""#,
                r#""currency": "EURO""#,
                "currency",
                "exceeds the maximum length of 3",
            ),
            // Wrong enum case.
            (
                r#""type": "MIN_CURRENT""#,
                r#""type": "min_current""#,
                "charging_periods[1].dimensions[1].type",
                "differs only in case",
            ),
            // Bad datetime.
            (
                r#""end_date_time": "2015-06-29T23:50:16Z""#,
                r#""end_date_time": "2015-06-29""#,
                "end_date_time",
                "expected a timestamp",
            ),
            // Number as string.
            (
                r#""amount": 0.85"#,
                r#""amount": "0.85""#,
                "total_cost.taxes[0].amount",
                "expected a JSON number",
            ),
            (
                r#""name": "VAT""#,
                r#""name": 21"#,
                "total_cost.taxes[0].name",
                "invalid type: integer",
            ),
            // Duplicate key.
            (
                r#""before_taxes": 8.50,"#,
                r#""before_taxes": 8.50, "before_taxes": 9.50,"#,
                "total_cost.before_taxes",
                "duplicate field `before_taxes`",
            ),
        ],
    );
}

#[test]
fn tariffs_v2_1_1() {
    check::<v2_1_1::tariffs::Tariff>(
        "2.1.1 tariffs",
        v2_1_1_tariffs::CONFORMING,
        Replace::First,
        Category::Any,
        &[
            (r#""currency": "EUR","#, "", ".", "missing field `currency`"),
            (
                r#""start_date": "2015-12-24""#,
                r#""start_date": "2015-12-24T00""#,
                "elements[0].restrictions.start_date",
                "exceeds the maximum length of 10",
            ),
            (
                r#""type": "TIME""#,
                r#""type": "time""#,
                "elements[0].price_components[0].type",
                "differs only in case",
            ),
            (
                r#""last_updated": "2015-06-29T20:39:09Z""#,
                r#""last_updated": "2015-02-30T20:39:09Z""#,
                "last_updated",
                "is not a valid date and time",
            ),
            (
                r#""min_kwh": 20"#,
                r#""min_kwh": "20""#,
                "elements[0].restrictions.min_kwh",
                "expected a JSON number",
            ),
            (
                r#""step_size": 300"#,
                r#""step_size": 300.5"#,
                "elements[0].price_components[0].step_size",
                "expected i64",
            ),
            (
                r#""id": "12","#,
                r#""id": "12", "id": "13","#,
                "id",
                "duplicate field `id`",
            ),
            (
                r#""price_components": [{"type": "TIME", "price": 2.00, "step_size": 300}]"#,
                r#""price_components": []"#,
                "elements[0].price_components",
                "at least one element",
            ),
            (
                r#""is_green_energy": true"#,
                r#""is_green_energy": "true""#,
                "energy_mix.is_green_energy",
                "expected a boolean",
            ),
        ],
    );
}

#[test]
fn tariffs_v2_2_1() {
    check::<v2_2_1::tariffs::Tariff>(
        "2.2.1 tariffs",
        &fixture("2.2.1", "tariff_1_simple_2hour.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field.
            (r#""currency": "EUR","#, "", ".", "missing field `currency`"),
            // Missing required field inside a list element.
            (
                r#""step_size": 60"#,
                r#""step_sizes": 60"#,
                "elements[0].price_components[0]",
                "missing field `step_size`",
            ),
            // Over-long CiString(36).
            (
                r#""id": "12""#,
                format!(r#""id": "{}""#, "1".repeat(37)).as_str(),
                "id",
                "exceeds the maximum length of 36",
            ),
            // Over-long string(3).
            (
                r#""currency": "EUR""#,
                r#""currency": "EURO""#,
                "currency",
                "exceeds the maximum length of 3",
            ),
            // Wrong enum case.
            (
                r#""type": "TIME""#,
                r#""type": "Time""#,
                "elements[0].price_components[0].type",
                "differs only in case",
            ),
            // Bad datetime.
            (
                "2015-06-29T20:39:09Z",
                "2015-06-29 20:39:09",
                "last_updated",
                "expected a timestamp",
            ),
            (
                "2015-06-29T20:39:09Z",
                "2015-06-29T20:39:09+02:00",
                "last_updated",
                "UTC offset",
            ),
            // Number as string.
            (
                r#""price": 2.00"#,
                r#""price": "2.00""#,
                "elements[0].price_components[0].price",
                "expected a JSON number",
            ),
            // Wrong type: a fraction for an int, an object for a list.
            (
                r#""step_size": 60"#,
                r#""step_size": 60.5"#,
                "elements[0].price_components[0].step_size",
                "invalid type",
            ),
            (
                r#""elements": ["#,
                r#""elements": {"x": 1}, "x-elements": ["#,
                "elements",
                "invalid type: map",
            ),
            // Duplicate key (reported at the object holding it).
            (
                r#""currency": "EUR","#,
                r#""currency": "EUR", "currency": "USD","#,
                "currency",
                "duplicate field `currency`",
            ),
            // Invalid country code.
            (
                r#""country_code": "DE""#,
                r#""country_code": "DEU""#,
                "country_code",
                "not a valid",
            ),
        ],
    );
}

#[test]
fn tariffs_v2_3_0() {
    check::<v2_3_0::tariffs::Tariff>(
        "2.3.0 tariffs",
        &fixture("2.3.0", "tariff_1_simple_2hour.json"),
        Replace::Once,
        Category::Data,
        &[
            // Missing required field.
            (r#""currency": "EUR","#, "", ".", "missing field `currency`"),
            // Over-long string.
            (
                r#""currency": "EUR""#,
                r#""currency": "EURO""#,
                "currency",
                "exceeds the maximum length of 3",
            ),
            // Wrong enum case.
            (
                r#""tax_included": "NO""#,
                r#""tax_included": "No""#,
                "tax_included",
                "differs only in case from \"NO\"",
            ),
            // Bad datetime.
            (
                "2015-06-29T20:39:09Z",
                "2015-06-29T20:39Z",
                "last_updated",
                "expected a timestamp",
            ),
            // Number as string.
            (
                r#""currency": "EUR","#,
                r#""currency": "EUR", "preauthorize_amount": "25.00","#,
                "preauthorize_amount",
                "expected a JSON number",
            ),
            // Wrong type.
            (
                r#""step_size": 60"#,
                r#""step_size": 60.5"#,
                "elements[0].price_components[0].step_size",
                "invalid type",
            ),
            // Duplicate key.
            (
                r#""tax_included": "NO","#,
                r#""tax_included": "NO", "tax_included": "YES","#,
                "tax_included",
                "duplicate field `tax_included`",
            ),
        ],
    );
}

#[test]
fn tokens_v2_1_1() {
    check::<v2_1_1::tokens::Token>(
        "2.1.1 tokens",
        v2_1_1_tokens::CONFORMING,
        Replace::First,
        Category::Any,
        &[
            (
                r#""issuer": "TheNewMotion","#,
                "",
                ".",
                "missing field `issuer`",
            ),
            (
                r#""uid": "012345678""#,
                format!(r#""uid": "{}""#, "0".repeat(37)).as_str(),
                "uid",
                "exceeds the maximum length of 36",
            ),
            (
                r#""type": "RFID""#,
                r#""type": "rfid""#,
                "type",
                "differs only in case",
            ),
            (
                r#""last_updated": "2015-06-29T22:39:09Z""#,
                r#""last_updated": "2015-06-29t22:39:09z""#,
                "last_updated",
                "expected a timestamp",
            ),
            (
                r#""valid": true"#,
                r#""valid": "true""#,
                "valid",
                "expected a boolean",
            ),
            (
                r#""issuer": "TheNewMotion""#,
                r#""issuer": 42"#,
                "issuer",
                "invalid type: integer `42`",
            ),
            (
                r#""valid": true,"#,
                r#""valid": true, "valid": false,"#,
                "valid",
                "duplicate field `valid`",
            ),
            (
                r#""language": "nl""#,
                r#""language": "nld""#,
                "language",
                "exceeds the maximum length of 2",
            ),
        ],
    );
}

#[test]
fn commands_v2_2_1() {
    use crate::v2_2_1_commands::{RESERVE_NOW, START_SESSION, UNLOCK_CONNECTOR};
    use ocpi_protocol::v2_2_1::commands::{
        CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
        UnlockConnector,
    };
    check_documents(
        "2.2.1 commands",
        &[
            // Missing required fields.
            (
                refused::<StopSession>,
                r#"{"response_url":"https://x.example/r/1"}"#,
                ".",
                "missing field `session_id`",
            ),
            (
                refused::<UnlockConnector>,
                UNLOCK_CONNECTOR
                    .replace(",\n  \"connector_id\": \"1\"", "")
                    .as_str(),
                ".",
                "missing field `connector_id`",
            ),
            (
                refused::<CommandResponse>,
                r#"{"result":"ACCEPTED"}"#,
                ".",
                "missing field `timeout`",
            ),
            (
                refused::<StartSession>,
                START_SESSION
                    .replace("\"issuer\": \"TheNewMotion\",", "")
                    .as_str(),
                "token",
                "missing field `issuer`",
            ),
            // response_url must be an absolute URL.
            (
                refused::<CancelReservation>,
                r#"{"response_url":"/commands/CANCEL_RESERVATION/1","reservation_id":"R1"}"#,
                "response_url",
                "not a valid absolute URL",
            ),
            // Over-long strings.
            (
                refused::<StopSession>,
                format!(
                    r#"{{"response_url":"https://x.example/r/1","session_id":"{}"}}"#,
                    "s".repeat(37)
                )
                .as_str(),
                "session_id",
                "exceeds the maximum length of 36",
            ),
            (
                refused::<StartSession>,
                START_SESSION
                    .replace(
                        "\"connector_id\": \"1\"",
                        &format!("\"connector_id\": \"{}\"", "9".repeat(37)),
                    )
                    .as_str(),
                "connector_id",
                "exceeds the maximum length of 36",
            ),
            // Wrong enum case, also nested.
            (
                refused::<CommandResult>,
                r#"{"result":"Accepted"}"#,
                "result",
                "differs only in case",
            ),
            (
                refused::<CommandResponse>,
                r#"{"result":"unknown_session","timeout":30}"#,
                "result",
                "differs only in case",
            ),
            (
                refused::<ReserveNow>,
                RESERVE_NOW.replace("\"ALLOWED\"", "\"allowed\"").as_str(),
                "token.whitelist",
                "differs only in case",
            ),
            // Bad datetime.
            (
                refused::<ReserveNow>,
                RESERVE_NOW
                    .replace("2019-06-19T03:11:11Z", "2019-06-19T25:11:11Z")
                    .as_str(),
                "expiry_date",
                "not a valid date and time",
            ),
            // Timeout is an int of seconds: not a string, not a fraction.
            (
                refused::<CommandResponse>,
                r#"{"result":"ACCEPTED","timeout":"30"}"#,
                "timeout",
                "invalid type: string",
            ),
            (
                refused::<CommandResponse>,
                r#"{"result":"ACCEPTED","timeout":30.5}"#,
                "timeout",
                "invalid type: floating point",
            ),
            // Wrong JSON types.
            (
                refused::<CommandResult>,
                r#"{"result":"FAILED","message":{"language":"en","text":"x"}}"#,
                "message",
                "invalid type: map",
            ),
            (
                refused::<CommandResponse>,
                r#"{"result":"REJECTED","timeout":30,"message":[{"language":"en"}]}"#,
                "message[0]",
                "missing field `text`",
            ),
            (
                refused::<StartSession>,
                START_SESSION
                    .replace("\"valid\": true", "\"valid\": 1")
                    .as_str(),
                "token.valid",
                "expected a boolean",
            ),
            // Duplicate keys (reported at the object holding them).
            (
                refused::<StopSession>,
                r#"{"response_url":"https://x.example/r/1","session_id":"1","session_id":"2"}"#,
                "session_id",
                "duplicate field `session_id`",
            ),
            (
                refused::<ReserveNow>,
                RESERVE_NOW
                    .replace(
                        "\"uid\": \"012345678\",",
                        "\"uid\": \"012345678\", \"uid\": \"1\",",
                    )
                    .as_str(),
                "token.uid",
                "duplicate field `uid`",
            ),
        ],
    );
}

#[test]
fn commands_v2_3_0() {
    use crate::v2_3_0_commands::{RESERVE_NOW_EMAID, START_SESSION_PTP};
    use ocpi_protocol::v2_3_0::commands::{ReserveNow, StartSession};
    check_documents(
        "2.3.0 commands",
        &[
            // Missing required fields, top level and nested.
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace(
                        "\"location_id\": \"df37373d-1669-4127-a6ac-d86750095119\",",
                        "",
                    )
                    .as_str(),
                ".",
                "missing field `location_id`",
            ),
            (
                refused::<ReserveNow>,
                RESERVE_NOW_EMAID
                    .replace("\"contract_id\": \"NL-TNM-C00122045-K\",", "")
                    .as_str(),
                "token",
                "missing field `contract_id`",
            ),
            // Over-long strings.
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace(
                        "\"authorization_reference\": \"pp-100100-1948213567\"",
                        &format!("\"authorization_reference\": \"{}\"", "p".repeat(37)),
                    )
                    .as_str(),
                "authorization_reference",
                "exceeds the maximum length of 36",
            ),
            // Wrong enum case, nested (the new token type).
            (
                refused::<ReserveNow>,
                RESERVE_NOW_EMAID.replace("\"EMAID\"", "\"emaid\"").as_str(),
                "token.type",
                "differs only in case",
            ),
            // Bad datetime.
            (
                refused::<ReserveNow>,
                RESERVE_NOW_EMAID
                    .replace("2024-06-19T03:11:11Z", "2024-06-19T03:11:11+01:00")
                    .as_str(),
                "expiry_date",
                "UTC offset",
            ),
            // Not an absolute URL.
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace("https://ptp.example.com/ocpi/ptp/2.3.0", "ptp.example.com")
                    .as_str(),
                "response_url",
                "not a valid absolute URL",
            ),
            // Number as string / wrong types.
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace("\"connector_id\": \"1\"", "\"connector_id\": 1")
                    .as_str(),
                "connector_id",
                "invalid type: integer",
            ),
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace("\"valid\": true", "\"valid\": \"true\"")
                    .as_str(),
                "token.valid",
                "expected a boolean",
            ),
            (
                refused::<ReserveNow>,
                RESERVE_NOW_EMAID
                    .replace(
                        "\"reservation_id\": \"RES-2024-000123\"",
                        "\"reservation_id\": [\"R\"]",
                    )
                    .as_str(),
                "reservation_id",
                "invalid type: sequence",
            ),
            // Duplicate keys.
            (
                refused::<StartSession>,
                START_SESSION_PTP
                    .replace(
                        "\"connector_id\": \"1\",",
                        "\"connector_id\": \"1\", \"connector_id\": \"2\",",
                    )
                    .as_str(),
                "connector_id",
                "duplicate field `connector_id`",
            ),
            (
                refused::<ReserveNow>,
                RESERVE_NOW_EMAID
                    .replace(
                        "\"type\": \"EMAID\",",
                        "\"type\": \"EMAID\", \"type\": \"RFID\",",
                    )
                    .as_str(),
                "token.type",
                "duplicate field `type`",
            ),
        ],
    );
}

#[test]
fn tokens_v2_2_1() {
    check_fields::<v2_2_1::tokens::Token>(
        "2.2.1 tokens",
        &fixture("2.2.1", "token_put_example.json"),
        &[
            // Missing required field.
            ("issuer", None, ".", "missing field `issuer`"),
            ("whitelist", None, ".", "missing field `whitelist`"),
            // Over-long strings: uid is CiString(36), issuer string(64), language string(2).
            (
                "uid",
                Some(format!("\"{}\"", "1".repeat(37)).as_str()),
                "uid",
                "exceeds the maximum length of 36",
            ),
            (
                "issuer",
                Some(format!("\"{}\"", "x".repeat(65)).as_str()),
                "issuer",
                "exceeds the maximum length of 64",
            ),
            (
                "language",
                Some("\"ita\""),
                "language",
                "maximum length of 2",
            ),
            // Wrong enum case.
            (
                "whitelist",
                Some("\"always\""),
                "whitelist",
                "differs only in case",
            ),
            ("type", Some("\"Rfid\""), "type", "differs only in case"),
            // Bad datetime.
            (
                "last_updated",
                Some("\"2015-06-29 22:39:09\""),
                "last_updated",
                "YYYY-MM-DDThh:mm:ss",
            ),
            (
                "last_updated",
                Some("\"2015-06-29T22:39:09+02:00\""),
                "last_updated",
                "UTC offset",
            ),
            // Wrong JSON types: boolean as string, number where a string is expected, string where
            // an object is expected.
            ("valid", Some("\"true\""), "valid", "expected a boolean"),
            ("uid", Some("12345678"), "uid", "invalid type: integer"),
            (
                "energy_contract",
                Some("\"Greenpeace\""),
                "energy_contract",
                "invalid type: string",
            ),
            // Bad country code / party id.
            (
                "country_code",
                Some("\"NLD\""),
                "country_code",
                "not a valid",
            ),
            // Nested path.
            (
                "energy_contract",
                Some(r#"{"contract_id":"1"}"#),
                "energy_contract",
                "missing field `supplier_name`",
            ),
        ],
    );
}

#[test]
fn authorization_info_v2_2_1() {
    let read: Reader = refused::<v2_2_1::tokens::AuthorizationInfo>;
    let token = fixture("2.2.1", "token_example_1_app_user.json");
    check_documents(
        "2.2.1 authorization info",
        &[
            (read, format!(r#"{{"token":{token}}}"#).as_str(), ".", "missing field `allowed`"),
            (read, r#"{"allowed":"ALLOWED"}"#, ".", "missing field `token`"),
            (read, format!(r#"{{"allowed":"no_credit","token":{token}}}"#).as_str(), "allowed", "differs only in case"),
            (read, format!(
                r#"{{"allowed":"ALLOWED","token":{token},"location":{{"location_id":"L","evse_uids":["A",7]}}}}"#
            ).as_str(), "location.evse_uids[1]", "invalid type: integer"),
            (read, format!(
                r#"{{"allowed":"ALLOWED","token":{token},"authorization_reference":"{}"}}"#,
                "r".repeat(37)
            ).as_str(), "authorization_reference", "exceeds the maximum length of 36"),
            (read, format!(
                r#"{{"allowed":"ALLOWED","token":{}}}"#,
                token.replace("\"APP_USER\"", "\"app_user\"")
            ).as_str(), "token.type", "differs only in case"),
            (read, format!(r#"{{"allowed":"ALLOWED","token":{token},"allowed":"BLOCKED"}}"#).as_str(), "allowed", "duplicate field `allowed`"),
        ],
    );
}

#[test]
fn tokens_v2_3_0() {
    check_fields::<v2_3_0::tokens::Token>(
        "2.3.0 tokens",
        &fixture("2.3.0", "token_put_example.json"),
        &[
            // Missing required field.
            ("contract_id", None, ".", "missing field `contract_id`"),
            // Over-long strings: uid is CiString(36), issuer string(64).
            (
                "uid",
                Some(format!("\"{}\"", "1".repeat(37)).as_str()),
                "uid",
                "exceeds the maximum length of 36",
            ),
            (
                "issuer",
                Some(format!("\"{}\"", "x".repeat(65)).as_str()),
                "issuer",
                "exceeds the maximum length of 64",
            ),
            // Wrong enum case, including the new value.
            ("type", Some("\"Emaid\""), "type", "differs only in case"),
            // Bad datetime.
            (
                "last_updated",
                Some("\"2015-06-29T22:39\""),
                "last_updated",
                "YYYY-MM-DDThh:mm:ss",
            ),
            // Boolean as string; number where a string is required; wrong type.
            ("valid", Some("\"false\""), "valid", "expected a boolean"),
            (
                "contract_id",
                Some("8"),
                "contract_id",
                "invalid type: integer",
            ),
            (
                "energy_contract",
                Some("[]"),
                "energy_contract",
                "invalid type: sequence",
            ),
        ],
    );
}

#[test]
fn authorization_info_v2_3_0() {
    let read: Reader = refused::<v2_3_0::tokens::AuthorizationInfo>;
    let token = fixture("2.3.0", "token_example_1_app_user.json");
    check_documents(
        "2.3.0 authorization info",
        &[
            (read, format!(r#"{{"token":{token}}}"#).as_str(), ".", "missing field `allowed`"),
            (read, format!(r#"{{"allowed":"allowed","token":{token}}}"#).as_str(), "allowed", "differs only in case"),
            (read, format!(
                r#"{{"allowed":"ALLOWED","token":{}}}"#,
                token.replace("\"APP_USER\"", "\"emaid\"")
            ).as_str(), "token.type", "differs only in case"),
            (read, format!(
                r#"{{"allowed":"ALLOWED","token":{token},"info":{{"language":"eng","text":"x"}}}}"#
            ).as_str(), "info.language", "exceeds the maximum length of 2"),
            (read, format!(r#"{{"allowed":"ALLOWED","token":{token},"location":"LOC1"}}"#).as_str(), "location", "invalid type: string"),
            (read, format!(r#"{{"allowed":"BLOCKED","allowed":"ALLOWED","token":{token}}}"#).as_str(), "allowed", "duplicate field `allowed`"),
        ],
    );
}
