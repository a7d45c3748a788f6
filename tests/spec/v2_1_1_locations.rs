//! 2.1.1 Locations module: the examples of `mod_locations.md`, PATCH forms and malformed
//! documents.
//!
//! Errata of the 2.1.1 examples handled by the Locations types (each is asserted below):
//! - `mod_locations__location_object_example.json`: the second EVSE's connector has no
//!   `last_updated` (`Connector.last_updated` is `lax`); the EVSEs send `id` instead of
//!   `evse_id` and a connector sends `status` (kept as unknown fields).
//! - `mod_locations__example_add_an_evse.json` (published after a `PUT To URL:` line): the
//!   connector omits `power_type`, `voltage`, `amperage` and `last_updated`, the EVSE omits
//!   `last_updated` (all `lax`), `physical_reference` is the number `3` (`Tolerant`), and
//!   `floor` is not a 2.1.1 field (unknown field).
//! - `mod_locations__regularhours_class_example.json` (a bare `"opening_times": {...}`
//!   member): the four exceptional period timestamps carry a `+02:00` offset
//!   (`ExceptionalPeriod` fields are `Tolerant<DateTime>`).
//! - The Session and CDR examples send `Location.type` as `"on_street"` (`Tolerant`) and
//!   omit `EVSE.status` (`lax`); see `v2_1_1_sessions.rs` and `v2_1_1_cdrs.rs`.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused_at;
use crate::common::request_body;
use crate::common::round_trip_patch;
use crate::common::tolerated;
use crate::common::{assert_contains, assert_refused, dt, missing, num, replaced};

use common::{assert_round_trip, fixture};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{Conformance, OcpiString, PatchField, Tolerant, Warning, WarningKind};
use ocpi_protocol::v2_1_1::locations::{
    Capability, Connector, ConnectorFormat, ConnectorPatch, ConnectorType, EnergyMix,
    EnergySourceCategory, EnvironmentalImpactCategory, Evse, EvsePatch, Facility, Hours, Location,
    LocationPatch, LocationType, PowerType, Status,
};
use ocpi_protocol::v2_2_1;

/// An example published as a bare object member (`"energy_mix": {...}`), made a document by
/// putting it between braces. Asserts that the published text itself is not JSON.
fn member_as_document(text: &str) -> String {
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    format!("{{{text}}}")
}

/// The names of the unknown fields anywhere inside `value`, in the order of its `Debug`
/// form (a misspelled field name in a type would show up here).
fn unknown_keys<T: std::fmt::Debug>(value: &T) -> Vec<String> {
    fn quoted(s: &[u8], mut i: usize) -> (String, usize) {
        assert_eq!(s[i], b'"');
        i += 1;
        let start = i;
        while s[i] != b'"' {
            i += if s[i] == b'\\' { 2 } else { 1 };
        }
        (String::from_utf8(s[start..i].to_vec()).unwrap(), i + 1)
    }
    let text = format!("{value:?}");
    let s = text.as_bytes();
    let marker = "unknown_fields: {";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(marker) {
        let mut i = from + found + marker.len();
        while s[i] != b'}' {
            let (key, next) = quoted(s, i);
            out.push(key);
            assert_eq!(&s[next..next + 2], b": ");
            let (_, next) = quoted(s, next + 2);
            i = if s[next] == b',' { next + 2 } else { next };
        }
        from = i;
    }
    out
}

const LOCATION_EXAMPLE: &str = "mod_locations__location_object_example.json";
const ADD_EVSE: &str = "mod_locations__example_add_an_evse.json";
const STATUS_UPDATE: &str = "mod_locations__example_a_simple_status_update.json";
const NAME_UPDATE: &str = "mod_locations__example_change_the_location_name.json";
const TARIFF_UPDATE: &str = "mod_locations__example_set_tariff_update.json";
const DELETE_EVSE: &str = "mod_locations__example_delete_an_evse.json";
const MIX_SIMPLE: &str = "mod_locations__energymix_class_examples_simple.json";
const MIX_SUPPLIER: &str = "mod_locations__energymix_class_examples_tariff_name_based.json";
const MIX_COMPLETE: &str = "mod_locations__energymix_class_examples_complete.json";
const HOURS: &str = "mod_locations__regularhours_class_example.json";

/// Round-trips an example as `T` and returns its warnings and unknown field names.
fn check<T>(json: &str) -> (Vec<Warning>, Vec<String>)
where
    T: serde::de::DeserializeOwned
        + serde::Serialize
        + ocpi_protocol::json::WriteJson
        + Conformance
        + std::fmt::Debug,
{
    let p = assert_round_trip::<T>(json);
    (p.warnings, unknown_keys(&p.value))
}

fn offset_reason(ts: &str) -> String {
    format!("timestamp \"{ts}\" has a UTC offset; OCPI timestamps are UTC and may only end in 'Z'")
}

#[test]
fn every_locations_example_round_trips_with_its_errata() {
    let names = common::fixture_names("2.1.1", |n| n.starts_with("mod_locations__"));
    let mut expected = vec![
        LOCATION_EXAMPLE,
        ADD_EVSE,
        STATUS_UPDATE,
        NAME_UPDATE,
        TARIFF_UPDATE,
        DELETE_EVSE,
        MIX_SIMPLE,
        MIX_SUPPLIER,
        MIX_COMPLETE,
        HOURS,
    ];
    expected.sort();
    assert_eq!(names, expected);

    for name in names {
        let text = fixture("2.1.1", &name);
        let (warnings, unknown) = match name.as_str() {
            LOCATION_EXAMPLE => check::<Location>(&text),
            ADD_EVSE => check::<Evse>(&request_body(&text, "PUT")),
            STATUS_UPDATE | DELETE_EVSE => check::<EvsePatch>(&request_body(&text, "PATCH")),
            NAME_UPDATE => check::<LocationPatch>(&request_body(&text, "PATCH")),
            TARIFF_UPDATE => check::<ConnectorPatch>(&request_body(&text, "PATCH")),
            MIX_SIMPLE | MIX_SUPPLIER | HOURS => check::<LocationPatch>(&member_as_document(&text)),
            MIX_COMPLETE => {
                // Not JSON even between braces: it has trailing commas. Without them it is a
                // LocationPatch.
                let doc = member_as_document(&text);
                let e = serde_json::from_str::<serde_json::Value>(&doc).unwrap_err();
                assert!(e.to_string().contains("trailing comma"), "{e}");
                check::<LocationPatch>(&common::without_trailing_commas(&doc))
            }
            other => panic!("no type known for {other}"),
        };
        let (exp_warnings, exp_unknown): (Vec<Warning>, Vec<&str>) = match name.as_str() {
            LOCATION_EXAMPLE => (
                [
                    common::five_decimal_coordinates(""),
                    vec![missing("evses[1].connectors[0].last_updated")],
                ]
                .concat(),
                // Struct order: the first EVSE, then the second EVSE's connector, then the
                // second EVSE itself.
                vec!["id", "status", "id"],
            ),
            ADD_EVSE => (
                vec![
                    missing("connectors[0].power_type"),
                    missing("connectors[0].voltage"),
                    missing("connectors[0].amperage"),
                    missing("connectors[0].last_updated"),
                    tolerated(
                        "physical_reference",
                        "invalid type: integer `3`, expected a printable string of at most 16 \
                         characters",
                    ),
                    missing("last_updated"),
                ],
                vec!["floor"],
            ),
            HOURS => (
                vec![
                    tolerated(
                        "opening_times.exceptional_openings[0].period_begin",
                        &offset_reason("2014-06-21T09:00:00+02:00"),
                    ),
                    tolerated(
                        "opening_times.exceptional_openings[0].period_end",
                        &offset_reason("2014-06-21T12:00:00+02:00"),
                    ),
                    tolerated(
                        "opening_times.exceptional_closings[0].period_begin",
                        &offset_reason("2014-06-24T00:00:00+02:00"),
                    ),
                    tolerated(
                        "opening_times.exceptional_closings[0].period_end",
                        &offset_reason("2014-06-25T00:00:00+02:00"),
                    ),
                ],
                vec![],
            ),
            _ => (vec![], vec![]),
        };
        assert_eq!(warnings, exp_warnings, "{name}");
        assert_eq!(unknown, exp_unknown, "{name}");
    }
}

/// Connector `index` of EVSE `evse` of the official Location example.
fn connector(evse: usize, index: usize) -> Connector {
    let mut evses = location_example().evses.unwrap();
    evses.remove(evse).connectors.remove(index)
}

fn location_example() -> Location {
    parse::<Location>(fixture("2.1.1", LOCATION_EXAMPLE).as_bytes())
        .unwrap()
        .value
}

#[test]
fn location_example_values() {
    let loc = location_example();
    assert_eq!(loc.id, "LOC1");
    assert_eq!(loc.r#type, Tolerant::Valid(LocationType::OnStreet));
    assert_eq!(loc.name.as_deref(), Some("Gent Zuid"));
    assert_eq!(loc.postal_code, "9000");
    assert_eq!(loc.country, "BEL");
    assert_eq!(loc.coordinates.latitude, "51.04759");
    assert_eq!(loc.coordinates.longitude, "3.72994");
    assert_eq!(loc.operator.as_ref().unwrap().name, "BeCharged");
    assert_eq!(loc.time_zone, None);
    assert_eq!(loc.last_updated, dt("2015-06-29T20:39:09Z"));
    let evses = loc.evses.as_ref().unwrap();
    assert_eq!(evses.len(), 2);
    let e = &evses[0];
    assert_eq!(e.uid, "3256");
    // The example names the EVSE ID `id`; `evse_id` stays absent.
    assert_eq!(e.evse_id, None);
    assert_eq!(
        e.unknown_fields.get("id").unwrap().get(),
        "\"BE-BEC-E041503001\""
    );
    assert_eq!(e.status, Some(Status::Available));
    // An empty list stays an empty list, not an absent one.
    assert_eq!(e.status_schedule, Some(vec![]));
    assert_eq!(e.capabilities, Some(vec![Capability::Reservable]));
    assert_eq!(
        e.physical_reference,
        Some(Tolerant::Valid(OcpiString::new("1").unwrap()))
    );
    assert_eq!(e.floor_level.as_deref(), Some("-1"));
    assert_eq!(e.last_updated, Some(dt("2015-06-28T08:12:01Z")));
    let c = &e.connectors[1];
    assert_eq!(c.id, "2");
    assert_eq!(c.standard, ConnectorType::Iec62196T2);
    assert_eq!(c.format, ConnectorFormat::Socket);
    assert_eq!(c.power_type, Some(PowerType::Ac3Phase));
    assert_eq!(c.voltage, Some(220));
    assert_eq!(c.amperage, Some(16));
    assert_eq!(c.tariff_id.as_deref(), Some("11"));
    assert_eq!(c.last_updated, Some(dt("2015-03-18T08:12:01Z")));
    let c = &evses[1].connectors[0];
    assert_eq!(evses[1].status, Some(Status::Reserved));
    assert_eq!(c.last_updated, None);
    assert_eq!(
        c.unknown_fields.get("status").unwrap().get(),
        "\"RESERVED\""
    );

    // A strict read refuses the example at its first deviation.
    let e = parse_strict::<Location>(fixture("2.1.1", LOCATION_EXAMPLE).as_bytes()).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Nonconforming);
    assert_eq!(e.path, "coordinates.latitude");
}

#[test]
fn add_evse_example_values() {
    let body = request_body(&fixture("2.1.1", ADD_EVSE), "PUT");
    let evse = parse::<Evse>(body.as_bytes()).unwrap().value;
    assert_eq!(evse.uid, "3256");
    assert_eq!(evse.evse_id.as_deref(), Some("BE-BEC-E041503003"));
    assert_eq!(evse.status, Some(Status::Available));
    assert_eq!(evse.last_updated, None);
    match evse.physical_reference.as_ref().unwrap() {
        Tolerant::Deviating(d) => assert_eq!(d.raw().get(), "3"),
        other => panic!("{other:?}"),
    }
    assert_eq!(evse.floor_level, None);
    assert_eq!(evse.unknown_fields.get("floor").unwrap().get(), "-1");
    let c = &evse.connectors[0];
    assert_eq!(c.tariff_id.as_deref(), Some("14"));
    assert_eq!(
        (c.power_type.clone(), c.voltage, c.amperage),
        (None, None, None)
    );
    // The request line is the only thing in the way: the body alone is one JSON document.
    assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok());
}

#[test]
fn opening_hours_example() {
    let doc = member_as_document(&fixture("2.1.1", HOURS));
    let patch = parse::<LocationPatch>(doc.as_bytes()).unwrap().value;
    let hours: &Hours = patch.opening_times.value().unwrap();
    let regular = hours.regular_hours.as_ref().unwrap();
    assert_eq!(
        regular.iter().map(|r| r.weekday).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(regular[0].period_begin, "08:00");
    assert_eq!(regular[4].period_end, "20:00");
    // The example sends both sides of the `regular_hours`/`twentyfourseven` choice.
    assert_eq!(hours.twentyfourseven, Some(false));
    let opening = &hours.exceptional_openings.as_ref().unwrap()[0];
    match &opening.period_begin {
        Tolerant::Deviating(d) => assert_eq!(d.raw().get(), "\"2014-06-21T09:00:00+02:00\""),
        other => panic!("{other:?}"),
    }
    // The same period in UTC is a conforming DateTime.
    let utc = assert_clean::<Hours>(
        r#"{"twentyfourseven":true,"exceptional_closings":[{"period_begin":"2014-06-24T00:00:00Z","period_end":"2014-06-25T00:00:00Z"}]}"#,
    );
    let closing = &utc.value.exceptional_closings.as_ref().unwrap()[0];
    assert_eq!(
        closing.period_begin,
        Tolerant::Valid(dt("2014-06-24T00:00:00Z"))
    );
    assert_eq!(utc.value.regular_hours, None);
    // Neither side of the choice is required by the type.
    assert!(assert_round_trip::<Hours>("{}").warnings.is_empty());
}

#[test]
fn energy_mix_examples() {
    let mix = |name: &str| -> EnergyMix {
        let mut doc = member_as_document(&fixture("2.1.1", name));
        if name == MIX_COMPLETE {
            doc = common::without_trailing_commas(&doc);
        }
        let patch = parse::<LocationPatch>(doc.as_bytes()).unwrap().value;
        patch.energy_mix.value().unwrap().clone()
    };
    let simple = mix(MIX_SIMPLE);
    assert!(simple.is_green_energy);
    assert_eq!(simple.energy_sources, None);
    let supplier = mix(MIX_SUPPLIER);
    assert_eq!(
        supplier.supplier_name.as_deref(),
        Some("Greenpeace Energy eG")
    );
    assert_eq!(supplier.energy_product_name.as_deref(), Some("eco-power"));
    let complete = mix(MIX_COMPLETE);
    assert!(!complete.is_green_energy);
    let sources = complete.energy_sources.as_ref().unwrap();
    assert_eq!(sources.len(), 5);
    assert_eq!(sources[3].source, EnergySourceCategory::GeneralFossil);
    assert_eq!(sources[3].percentage, num("2.9"));
    // 2.1.1 names the impact category `source` (2.2.1: `category`).
    let impact = complete.environ_impact.as_ref().unwrap();
    assert_eq!(impact[0].source, EnvironmentalImpactCategory::NuclearWaste);
    assert_eq!(impact[0].amount.to_string(), "0.00006");
    assert_eq!(impact[1].source, EnvironmentalImpactCategory::CarbonDioxide);
    assert!(impact.iter().all(|i| i.unknown_fields.is_empty()));
    // The 2.2.1 name of that field is unknown in 2.1.1, and `source` then is missing.
    let e = assert_refused_at::<EnergyMix>(
        r#"{"is_green_energy":false,"environ_impact":[{"category":"NUCLEAR_WASTE","amount":1}]}"#,
        "environ_impact[0]",
    );
    assert_contains(&e.message, "missing field `source`");
}

#[test]
fn patch_location_name() {
    let body = request_body(&fixture("2.1.1", NAME_UPDATE), "PATCH");
    let patch = assert_round_trip::<LocationPatch>(&body).value;
    assert_eq!(
        patch.name,
        PatchField::Value(OcpiString::new("Interparking Gent Zuid").unwrap())
    );
    assert_eq!(patch.last_updated, None);
    assert_eq!(patch.address, None);
    assert!(patch.evses.is_absent());

    let before = location_example();
    let mut after = before.clone();
    patch.apply_to(&mut after);
    let mut expected = before.clone();
    expected.name = Some(OcpiString::new("Interparking Gent Zuid").unwrap());
    assert_eq!(after, expected);
    assert_ne!(after, before);
}

#[test]
fn patch_evse_status() {
    let before = location_example().evses.unwrap().remove(0);
    assert_eq!(before.status, Some(Status::Available));
    for (name, status) in [
        (STATUS_UPDATE, Status::Charging),
        (DELETE_EVSE, Status::Removed),
    ] {
        let body = request_body(&fixture("2.1.1", name), "PATCH");
        let patch = assert_round_trip::<EvsePatch>(&body).value;
        assert_eq!(patch.status, Some(status.clone()));
        let mut after = before.clone();
        patch.apply_to(&mut after);
        let mut expected = before.clone();
        expected.status = Some(status);
        assert_eq!(after, expected, "{name}");
    }
}

#[test]
fn patch_connector_tariff() {
    let body = request_body(&fixture("2.1.1", TARIFF_UPDATE), "PATCH");
    let patch = assert_round_trip::<ConnectorPatch>(&body).value;
    assert_eq!(
        patch.tariff_id,
        PatchField::Value(OcpiString::new("15").unwrap())
    );
    let before = connector(0, 1);
    assert_eq!(before.tariff_id.as_deref(), Some("11"));
    let mut after = before.clone();
    patch.apply_to(&mut after);
    let mut expected = before.clone();
    expected.tariff_id = Some(OcpiString::new("15").unwrap());
    assert_eq!(after, expected);
}

#[test]
fn patch_null_clears_optional_and_refuses_required() {
    let p = round_trip_patch::<LocationPatch>(
        r#"{"name":null,"facilities":["WIFI"],"last_updated":"2020-01-01T00:00:00Z"}"#,
    );
    assert_eq!(p.name, PatchField::Null);
    let mut loc = location_example();
    p.apply_to(&mut loc);
    assert_eq!(loc.name, None);
    assert_eq!(loc.facilities, Some(vec![Facility::Wifi]));
    assert_eq!(loc.last_updated, dt("2020-01-01T00:00:00Z"));

    let p = round_trip_patch::<EvsePatch>(r#"{"evse_id":null,"floor_level":"2"}"#);
    let mut evse = location_example().evses.unwrap().remove(1);
    assert!(evse.evse_id.is_none());
    evse.evse_id = Some(OcpiString::new("BE-BEC-E041503002").unwrap());
    p.apply_to(&mut evse);
    assert_eq!(evse.evse_id, None);
    assert_eq!(evse.floor_level.as_deref(), Some("2"));

    let p = round_trip_patch::<ConnectorPatch>(r#"{"tariff_id":null,"voltage":400}"#);
    let mut c = connector(0, 0);
    p.apply_to(&mut c);
    assert_eq!(c.tariff_id, None);
    assert_eq!(c.voltage, Some(400));

    // `null` for a required field is refused, lax ones included.
    for (json, path) in [
        (r#"{"address":null}"#, "address"),
        (r#"{"coordinates":null}"#, "coordinates"),
        (r#"{"last_updated":null}"#, "last_updated"),
    ] {
        let e = parse::<LocationPatch>(json.as_bytes()).unwrap_err();
        assert_eq!(e.path, path, "{json}");
    }
    // `type` is a `Tolerant` field (an erratum): it keeps a deviating value, but `null` is
    // absence, never a deviation, so a required field still refuses it.
    let e = parse::<LocationPatch>(br#"{"type":null}"#).unwrap_err();
    assert_eq!((e.path.as_str(), e.category), ("type", ErrorCategory::Data));
    assert_contains(&e.message, "invalid type: null");
    let p = parse::<LocationPatch>(br#"{"type":"on_street"}"#).unwrap();
    assert_eq!(
        p.warnings,
        vec![tolerated(
            "type",
            "LocationType value \"on_street\" differs only in case from \"ON_STREET\"; enum values are case sensitive"
        )]
    );
    assert_refused_at::<EvsePatch>(r#"{"status":null}"#, "status");
    assert_refused::<EvsePatch>(r#"{"connectors":[]}"#, "connectors", "at least one element");
    assert_refused_at::<ConnectorPatch>(r#"{"voltage":null}"#, "voltage");
}

/// A Location that conforms to every 2.1.1 table.
pub(crate) const CONFORMING: &str = r#"{
  "id": "LOC1",
  "type": "PARKING_GARAGE",
  "address": "F.Rooseveltlaan 3A",
  "city": "Gent",
  "postal_code": "9000",
  "country": "BEL",
  "coordinates": {"latitude": "51.047599", "longitude": "3.729944"},
  "evses": [{
    "uid": "3256",
    "status": "AVAILABLE",
    "connectors": [{
      "id": "1",
      "standard": "IEC_62196_T2",
      "format": "CABLE",
      "power_type": "AC_3_PHASE",
      "voltage": 220,
      "amperage": 16,
      "last_updated": "2015-03-16T10:10:02Z"
    }],
    "images": [{"url": "https://example.com/a.png", "category": "CHARGER", "type": "png"}],
    "last_updated": "2015-06-28T08:12:01Z"
  }],
  "facilities": ["CARPOOL_PARKING"],
  "time_zone": "Europe/Brussels",
  "opening_times": {"twentyfourseven": true},
  "last_updated": "2015-06-29T20:39:09Z"
}"#;

fn variant(from: &str, to: &str) -> String {
    replaced(CONFORMING, from, to)
}

#[test]
fn conforming_location_has_no_warnings() {
    let p = assert_clean::<Location>(CONFORMING);
    assert_eq!(p.value.r#type, Tolerant::Valid(LocationType::ParkingGarage));
    assert_eq!(p.value.facilities, Some(vec![Facility::CarpoolParking]));
    assert!(unknown_keys(&p.value).is_empty());
}

#[test]
fn malformed_locations_are_refused_with_their_path() {
    // `+` cardinality: an EVSE needs a connector.
    let no_connectors = CONFORMING.replace(
        &CONFORMING
            [CONFORMING.find("\"connectors\"").unwrap()..CONFORMING.find("\"images\"").unwrap()],
        "\"connectors\": [],\n    ",
    );
    assert_refused::<Location>(
        &no_connectors,
        "evses[0].connectors",
        "at least one element",
    );
    // A 2.2.1-only enum value is kept as unknown, not refused.
    let p =
        parse::<Location>(variant(r#""CARPOOL_PARKING""#, r#""PARKING_LOT""#).as_bytes()).unwrap();
    let facility = &p.value.facilities.as_ref().unwrap()[0];
    assert!(!facility.is_known());
    assert_eq!(facility.as_str(), "PARKING_LOT");
}

#[test]
fn location_type_in_the_wrong_case_is_kept_and_reported() {
    let json = variant(r#""type": "PARKING_GARAGE""#, r#""type": "parking_garage""#);
    let p = assert_round_trip::<Location>(&json);
    assert_eq!(
        p.warnings,
        vec![tolerated(
            "type",
            "LocationType value \"parking_garage\" differs only in case from \"PARKING_GARAGE\"; \
             enum values are case sensitive"
        )]
    );
    assert!(p.value.r#type.valid().is_none());
    // Still a string: another JSON type is kept too, but reported.
    let p = parse::<Location>(variant(r#""type": "PARKING_GARAGE""#, r#""type": 1"#).as_bytes())
        .unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].path, "type");
}

#[test]
fn lax_fields_refuse_wrong_values() {
    // Absent is a warning, a wrong value stays an error.
    let e = assert_refused_at::<Connector>(
        r#"{"id":"1","standard":"CHADEMO","format":"CABLE","power_type":3,"voltage":500,"amperage":125}"#,
        "power_type",
    );
    assert_contains(&e.message, "expected a PowerType value");
    // A 2.2.1-only power type is not a 2.1.1 value: it is kept as unknown.
    let p = parse::<Connector>(
        br#"{"id":"1","standard":"CHADEMO","format":"CABLE","power_type":"AC_2_PHASE","voltage":500,"amperage":125,"last_updated":"2015-06-29T20:39:09Z"}"#,
    )
    .unwrap();
    assert!(!p.value.power_type.unwrap().is_known());
    let p = parse::<Connector>(
        br#"{"id":"1","standard":"CHADEMO","format":"CABLE","power_type":"DC","amperage":125,"last_updated":"2015-06-29T20:39:09Z"}"#,
    )
    .unwrap();
    assert_eq!(p.warnings, vec![missing("voltage")]);
    assert_refused::<Evse>(
        r#"{"uid":"1","status":"available","connectors":[{"id":"1","standard":"CHADEMO","format":"CABLE"}]}"#,
        "status",
        "differs only in case",
    );
}

#[test]
fn enums_list_every_value_of_the_spec_in_order() {
    fn wire<T: std::fmt::Display>(values: &[T]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }
    assert_eq!(
        wire(Capability::KNOWN),
        [
            "CHARGING_PROFILE_CAPABLE",
            "CREDIT_CARD_PAYABLE",
            "REMOTE_START_STOP_CAPABLE",
            "RESERVABLE",
            "RFID_READER",
            "UNLOCK_CAPABLE"
        ]
    );
    assert_eq!(
        wire(ConnectorType::KNOWN),
        [
            "CHADEMO",
            "DOMESTIC_A",
            "DOMESTIC_B",
            "DOMESTIC_C",
            "DOMESTIC_D",
            "DOMESTIC_E",
            "DOMESTIC_F",
            "DOMESTIC_G",
            "DOMESTIC_H",
            "DOMESTIC_I",
            "DOMESTIC_J",
            "DOMESTIC_K",
            "DOMESTIC_L",
            "IEC_60309_2_single_16",
            "IEC_60309_2_three_16",
            "IEC_60309_2_three_32",
            "IEC_60309_2_three_64",
            "IEC_62196_T1",
            "IEC_62196_T1_COMBO",
            "IEC_62196_T2",
            "IEC_62196_T2_COMBO",
            "IEC_62196_T3A",
            "IEC_62196_T3C",
            "TESLA_R",
            "TESLA_S"
        ]
    );
    assert_eq!(
        wire(Facility::KNOWN),
        [
            "HOTEL",
            "RESTAURANT",
            "CAFE",
            "MALL",
            "SUPERMARKET",
            "SPORT",
            "RECREATION_AREA",
            "NATURE",
            "MUSEUM",
            "BUS_STOP",
            "TAXI_STAND",
            "TRAIN_STATION",
            "AIRPORT",
            "CARPOOL_PARKING",
            "FUEL_STATION",
            "WIFI"
        ]
    );
    assert_eq!(
        wire(LocationType::KNOWN),
        [
            "ON_STREET",
            "PARKING_GARAGE",
            "UNDERGROUND_GARAGE",
            "PARKING_LOT",
            "OTHER",
            "UNKNOWN"
        ]
    );
    assert_eq!(wire(PowerType::KNOWN), ["AC_1_PHASE", "AC_3_PHASE", "DC"]);
    // Re-exported enums: the 2.1.1 tables list the same values.
    assert_eq!(wire(ConnectorFormat::KNOWN), ["SOCKET", "CABLE"]);
    assert_eq!(
        wire(Status::KNOWN),
        [
            "AVAILABLE",
            "BLOCKED",
            "CHARGING",
            "INOPERATIVE",
            "OUTOFORDER",
            "PLANNED",
            "REMOVED",
            "RESERVED",
            "UNKNOWN"
        ]
    );
}

#[test]
fn shared_types_are_the_2_2_1_types() {
    // Re-exports, not copies: a 2.1.1 value is a 2.2.1 value.
    let status: v2_2_1::locations::Status = Status::Planned;
    assert_eq!(status, v2_2_1::locations::Status::Planned);
    // Types that differ are distinct: the 2.2.1 Connector does not know `voltage`.
    let c = v2_2_1::locations::Connector::new(
        ocpi_protocol::types::CiString::new("1").unwrap(),
        v2_2_1::locations::ConnectorType::Chademo,
        ConnectorFormat::Cable,
        v2_2_1::locations::PowerType::Dc,
        500,
        125,
        "2024-01-01T00:00:00Z".parse().unwrap(),
    );
    assert!(!serde_json::to_string(&c).unwrap().contains(r#""voltage""#));
}

/// 2.1.1 coordinates have exactly 6 decimals (`-?[0-9]{1,2}\.[0-9]{6}`); the official
/// example's 5 are kept and reported, a text of another shape is refused with its path.
#[test]
fn coordinates_follow_the_2_1_1_pattern() {
    let p = parse::<Location>(fixture("2.1.1", LOCATION_EXAMPLE).as_bytes()).unwrap();
    let pattern: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::Pattern { .. }))
        .map(|w| w.path.as_str())
        .collect();
    assert_eq!(
        pattern,
        ["coordinates.latitude", "coordinates.longitude"],
        "{:?}",
        p.warnings
    );
    let e = parse_strict::<Location>(fixture("2.1.1", LOCATION_EXAMPLE).as_bytes()).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Nonconforming);
    let six = fixture("2.1.1", LOCATION_EXAMPLE)
        .replace("\"51.04759\"", "\"51.047590\"")
        .replace("\"3.72994\"", "\"3.729940\"");
    let p = parse::<Location>(six.as_bytes()).unwrap();
    assert!(!p
        .warnings
        .iter()
        .any(|w| matches!(w.kind, WarningKind::Pattern { .. })));
    let bad = six.replace("\"51.047590\"", "\"a51.047590\"");
    let e = assert_refused_at::<Location>(&bad, "coordinates.latitude");
    assert_eq!(e.category, ErrorCategory::Data);
}
