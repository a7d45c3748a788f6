//! 2.2.1 Locations module: official examples, PATCH forms and malformed documents.

use crate::common;
use crate::common::assert_refused_at;
use crate::common::{assert_clean, clean_fixture};
use crate::common::{assert_contains, assert_refused, dt, missing};
use crate::locations::v2_2_1::{assert_warning_paths, check_example};

use common::{assert_round_trip, fixture, round_trip_fixture, unknown_keys};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{CiString, Conformance, OcpiString, Tolerant, Warning, WarningKind};
use ocpi_protocol::v2_2_1::locations::{
    Capability, Connector, ConnectorFormat, ConnectorType, EnergySourceCategory,
    EnvironmentalImpactCategory, Evse, Facility, Hours, Location, LocationPatch,
    ParkingRestriction, ParkingType, PowerType, PublishTokenType, RegularHours, Status,
    StatusSchedule,
};
use ocpi_protocol::v2_2_1::tokens::TokenType;

#[test]
fn public_location_example() {
    let p = clean_fixture::<Location>("2.2.1", "location_example.json");
    let loc = &p.value;
    assert_eq!(loc.country_code, "BE");
    assert_eq!(loc.party_id, "BEC");
    assert_eq!(loc.id, "LOC1");
    assert!(loc.publish);
    assert_eq!(loc.country, "BEL");
    assert_eq!(loc.coordinates.latitude, "51.047599");
    assert_eq!(loc.parking_type, Some(ParkingType::OnStreet));
    assert_eq!(loc.operator.as_ref().unwrap().name, "BeCharged");
    assert_eq!(loc.time_zone, "Europe/Brussels");
    assert_eq!(loc.last_updated, dt("2015-06-29T20:39:09Z"));
    assert!(loc.unknown_fields.is_empty());
    let evses = loc.evses.as_ref().unwrap();
    assert_eq!(evses.len(), 2);
    assert_eq!(evses[0].uid, "3256");
    assert_eq!(evses[0].evse_id.as_deref(), Some("BE*BEC*E041503001"));
    assert_eq!(evses[0].status, Status::Available);
    assert_eq!(evses[1].status, Status::Reserved);
    assert_eq!(
        evses[0].capabilities.as_deref(),
        Some(&[Capability::Reservable][..])
    );
    assert_eq!(
        evses[0].physical_reference,
        Some(Tolerant::Valid(OcpiString::new("1").unwrap()))
    );
    assert_eq!(evses[1].floor_level.as_deref(), Some("-2"));
    assert!(evses.iter().all(|e| e.unknown_fields.is_empty()));
    // Absent optional lists stay absent (not `[]`).
    assert_eq!(loc.facilities, None);
    assert_eq!(evses[0].status_schedule, None);
}

#[test]
fn use_case_examples() {
    let uc2 =
        round_trip_fixture::<Location>("2.2.1", "location_example_uc2_destination_charger.json");
    assert_eq!(
        uc2.value.evses.as_ref().unwrap()[0].parking_restrictions,
        Some(vec![ParkingRestriction::Customers])
    );
    let uc3 = round_trip_fixture::<Location>(
        "2.2.1",
        "location_example_uc3_destination_charger_not_published.json",
    );
    assert!(!uc3.value.publish);
    assert_eq!(uc3.value.parking_type, None);
    assert_eq!(uc3.value.publish_allowed_to, None);

    let uc4 =
        round_trip_fixture::<Location>("2.2.1", "location_example_uc4_limited_visibility.json");
    let allowed = uc4.value.publish_allowed_to.as_ref().unwrap();
    assert_eq!(allowed.len(), 3);
    assert_eq!(allowed[0].visual_number.as_deref(), Some("12345-67"));
    assert_eq!(allowed[0].issuer.as_deref(), Some("NewMotion"));
    assert_eq!(allowed[0].uid, None);
    assert_eq!(allowed[2].uid.as_deref(), Some("12345678905880"));
    assert_eq!(allowed[2].r#type, Some(TokenType::Rfid));
    assert!(allowed.iter().all(|t| t.unknown_fields.is_empty()));

    let uc5 =
        round_trip_fixture::<Location>("2.2.1", "location_example_uc5_home_charge_point.json");
    assert_eq!(uc5.value.name, None);
    assert_eq!(uc5.value.city, "Köln");
    assert_eq!(uc5.value.parking_type, Some(ParkingType::OnDriveway));

    let garage = round_trip_fixture::<Location>(
        "2.2.1",
        "location_example_parking_garage_opening_hours.json",
    );
    assert_eq!(garage.value.charging_when_closed, Some(true));
    let hours = garage.value.opening_times.as_ref().unwrap();
    assert!(!hours.twentyfourseven);
    let regular = hours.regular_hours.as_ref().unwrap();
    assert_eq!(
        regular.iter().map(|r| r.weekday).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7]
    );
    assert_eq!(regular[6].period_begin, "07:00");
    assert_eq!(regular[6].period_end, "18:00");
    for p in [uc2, uc3, uc4, uc5, garage] {
        assert!(p.warnings.is_empty());
        assert!(p.value.unknown_fields.is_empty());
    }
}

#[test]
fn hours_and_energy_mix_fragments() {
    let h = round_trip_fixture::<Hours>("2.2.1", "location_hours_247_open_exception_closing.json");
    assert!(h.value.twentyfourseven);
    assert_eq!(h.value.regular_hours, None);
    let closing = &h.value.exceptional_closings.as_ref().unwrap()[0];
    assert_eq!(closing.period_begin, dt("2018-12-25T03:00:00Z"));
    assert_eq!(closing.period_end, dt("2018-12-25T05:00:00Z"));

    let h = round_trip_fixture::<Hours>(
        "2.2.1",
        "location_hours_opening_hours_with_exceptional_opening.json",
    );
    assert_eq!(h.value.exceptional_closings, None);
    assert_eq!(
        h.value.exceptional_openings.as_ref().unwrap()[0].period_end,
        dt("2018-12-25T06:00:00Z")
    );

    let p = round_trip_fixture::<LocationPatch>("2.2.1", "location_regularhours_example.json");
    let hours = p.value.opening_times.value().unwrap();
    assert_eq!(hours.regular_hours.as_ref().unwrap().len(), 5);
    assert_eq!(hours.exceptional_openings.as_ref().unwrap().len(), 1);
    assert_eq!(p.value.last_updated, None);

    let p =
        round_trip_fixture::<LocationPatch>("2.2.1", "location_energymix_example_complete.json");
    let mix = p.value.energy_mix.value().unwrap();
    assert!(!mix.is_green_energy);
    let sources = mix.energy_sources.as_ref().unwrap();
    assert_eq!(sources.len(), 5);
    assert_eq!(sources[0].source, EnergySourceCategory::GeneralGreen);
    assert_eq!(sources[0].percentage.to_string(), "35.9");
    let impact = mix.environ_impact.as_ref().unwrap();
    assert_eq!(
        impact[0].category,
        EnvironmentalImpactCategory::NuclearWaste
    );
    assert_eq!(impact[0].amount.to_string(), "0.0006");
    assert_eq!(
        mix.supplier_name.as_deref(),
        Some("E.ON Energy Deutschland")
    );

    let p = round_trip_fixture::<LocationPatch>("2.2.1", "location_energymix_example_simple.json");
    let mix = p.value.energy_mix.value().unwrap();
    assert!(mix.is_green_energy);
    assert_eq!(mix.energy_sources, None);
    assert_eq!(mix.supplier_name, None);
}

#[test]
fn lax_connector_fields_are_required_elsewhere() {
    // The lax fields accept absence with a warning, but never a value of the wrong type.
    let e = assert_refused_at::<Connector>(
        r#"{"id":"1","standard":"CHADEMO","format":"CABLE","power_type":"DC","max_voltage":"500","max_amperage":125,"last_updated":"2019-06-24T12:39:09Z"}"#,
        "max_voltage",
    );
    assert_contains(&e.message, "expected i64");
    let p = parse::<Connector>(
        br#"{"id":"1","standard":"CHADEMO","format":"CABLE","max_voltage":500,"max_amperage":125,"last_updated":"2019-06-24T12:39:09Z"}"#,
    )
    .unwrap();
    assert_eq!(p.warnings, vec![missing("power_type")]);
    // `+` cardinality: connectors is required.
    let e =
        parse::<Evse>(br#"{"uid":"1","status":"AVAILABLE","last_updated":"2019-06-24T12:39:09Z"}"#)
            .unwrap_err();
    assert_eq!(e.path, ".");
    assert_contains(&e.message, "missing field `connectors`");
}

/// The 2.3.0 version of `location_example.json`: adds `parking` to the EVSEs and
/// `parking_places` to the Location (2.3.0-only fields) and changes `parking_type`.
const V2_3_0_LOCATION_EXAMPLE: &str = r#"{
  "country_code": "BE",
  "party_id": "BEC",
  "id": "LOC1",
  "publish": true,
  "name": "Gent Zuid",
  "address": "F.Rooseveltlaan 3A",
  "city": "Gent",
  "postal_code": "9000",
  "country": "BEL",
  "coordinates": {
    "latitude": "51.047599",
    "longitude": "3.729944"
  },
  "parking_type": "PARKING_GARAGE",
  "evses": [{
    "uid": "3256",
    "evse_id": "BE*BEC*E041503001",
    "status": "AVAILABLE",
    "capabilities": [
      "RESERVABLE"
    ],
    "connectors": [{
      "id": "1",
      "standard": "IEC_62196_T2",
      "format": "CABLE",
      "power_type": "AC_3_PHASE",
      "max_voltage": 220,
      "max_amperage": 16,
      "tariff_ids": ["11"],
      "last_updated": "2015-03-16T10:10:02Z"
    }, {
      "id": "2",
      "standard": "IEC_62196_T2",
      "format": "SOCKET",
      "power_type": "AC_3_PHASE",
      "max_voltage": 220,
      "max_amperage": 16,
      "tariff_ids": ["13"],
      "last_updated": "2015-03-18T08:12:01Z"
    }],
    "parking": ["1", "2"],
    "physical_reference": "1",
    "floor_level": "-1",
    "last_updated": "2015-06-28T08:12:01Z"
  }, {
    "uid": "3257",
    "evse_id": "BE*BEC*E041503002",
    "status": "RESERVED",
    "capabilities": [
      "RESERVABLE"
    ],
    "connectors": [{
      "id": "1",
      "standard": "IEC_62196_T2",
      "format": "SOCKET",
      "power_type": "AC_3_PHASE",
      "max_voltage": 220,
      "max_amperage": 16,
      "tariff_ids": ["12"],
      "last_updated": "2015-06-29T20:39:09Z"
    }],
    "parking": ["2", "3"],
    "physical_reference": "2",
    "floor_level": "-2",
    "last_updated": "2015-06-29T20:39:09Z"
  }],
  "parking_places": [{
      "id": "1",
      "physical_reference": "B1",
      "vehicle_types": ["PERSONAL_VEHICLE"],
      "reservation_required": false,
      "restricted_to_type": true
    }, {
      "id": "2",
      "physical_reference": "B2",
      "vehicle_types": ["PERSONAL_VEHICLE"],
      "reservation_required": false,
      "restricted_to_type": true
    },
    {
      "id": "3",
      "physical_reference": "B3",
      "vehicle_types": ["PERSONAL_VEHICLE"],
      "reservation_required": false,
      "restricted_to_type": true
    }
  ],
  "operator": {
    "name": "BeCharged"
  },
  "time_zone": "Europe/Brussels",
  "last_updated": "2015-06-29T20:39:09Z"
}
"#;

#[test]
fn v2_3_0_location_example_keeps_2_3_0_fields() {
    let p = assert_clean::<Location>(V2_3_0_LOCATION_EXAMPLE);
    let loc = &p.value;
    assert_eq!(loc.parking_type, Some(ParkingType::ParkingGarage));
    assert_eq!(loc.unknown_fields.len(), 1);
    assert!(loc.unknown_fields.get("parking_places").is_some());
    let evses = loc.evses.as_ref().unwrap();
    assert_eq!(
        evses[1].unknown_fields.get("parking").unwrap().get(),
        r#"["2", "3"]"#
    );
}

/// Every 2.3.0 Locations example of the spec checkout, when it is available: the 2.2.1 types
/// read them with the same warnings as their 2.2.1 versions (2.3.0-only fields are unknown
/// fields).
#[test]
fn v2_3_0_examples_from_the_spec_checkout() {
    let dir = std::env::var("OCPI_SPEC_DIR").unwrap_or_else(|_| "/work/shared/ocpi-spec".into());
    let dir = std::path::Path::new(&dir).join("2.3.0/examples");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return;
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("location_") && n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 18, "{names:?}");
    for name in &names {
        let json = std::fs::read_to_string(dir.join(name)).unwrap();
        let (warnings, unknown) = check_example(name, &json);
        assert_warning_paths(name, &warnings);
        // The only 2.3.0 fields the 2.2.1 types do not know.
        let expected: &[&str] = match name.as_str() {
            "location_put_example_add_evse.json" => &["floor"],
            "location_example.json" => &["parking", "parking", "parking_places"],
            "location_example_parking_garage_opening_hours.json" => &["parking", "parking_places"],
            _ => &[],
        };
        assert_eq!(unknown, expected, "{name}");
    }
    let json = std::fs::read_to_string(dir.join("location_example.json")).unwrap();
    assert_eq!(json, V2_3_0_LOCATION_EXAMPLE);
}

/// Replaces `from` (which must occur) by `to` in the public location example.
fn broken_location(from: &str, to: &str) -> Vec<u8> {
    let base = fixture("2.2.1", "location_example.json");
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1).into_bytes()
}

#[test]
fn malformed_classes() {
    let e =
        parse::<RegularHours>(br#"{"weekday":1,"period_begin":"08:00:00","period_end":"20:00"}"#)
            .unwrap_err();
    assert_eq!(e.path, "period_begin");
    assert_contains(&e.message, "maximum length of 5");
    let e = parse::<Hours>(br#"{"regular_hours":[]}"#).unwrap_err();
    assert_contains(&e.message, "missing field `twentyfourseven`");
    let e =
        parse::<StatusSchedule>(br#"{"period_begin":"2020-01-01T00:00:00Z","status":"PLANED"}"#);
    // An unknown value is kept (forward compatibility), not refused.
    assert!(!e.unwrap().value.status.is_known());
    let e =
        parse::<StatusSchedule>(br#"{"period_begin":"2020-01-01T00:00:00Z","status":"planned"}"#)
            .unwrap_err();
    assert_eq!(e.path, "status");
    assert_contains(&e.message, "differs only in case");
    assert_refused_at::<PublishTokenType>(r#"{"uid":"1","type":"rfid"}"#, "type");
    assert_refused::<PublishTokenType>(
        r#"{"issuer":"x","visual_number":"0123456789012345678901234567890123456789012345678901234567890123456789"}"#,
        "visual_number",
        "maximum length of 64",
    );
}

#[test]
fn unknown_enum_values_and_fields_are_kept() {
    let doc = broken_location(
        "\"capabilities\": [\n      \"RESERVABLE\"\n    ],",
        "\"capabilities\": [\"RESERVABLE\", \"PLUG_AND_CHARGE_CAPABLE\"], \"x-vendor\": {\"a\": 1},",
    );
    let p = assert_round_trip::<Location>(std::str::from_utf8(&doc).unwrap());
    let evse = &p.value.evses.as_ref().unwrap()[0];
    let caps = evse.capabilities.as_ref().unwrap();
    assert_eq!(caps[0], Capability::Reservable);
    assert!(!caps[1].is_known());
    assert_eq!(caps[1].as_str(), "PLUG_AND_CHARGE_CAPABLE");
    assert_eq!(
        evse.unknown_fields.get("x-vendor").unwrap().get(),
        r#"{"a": 1}"#
    );
    assert!(p.warnings.is_empty());
}

#[test]
fn enums_follow_the_spec_tables() {
    assert_eq!(Capability::KNOWN.len(), 13);
    assert_eq!(
        Capability::StartSessionConnectorRequired.as_str(),
        "START_SESSION_CONNECTOR_REQUIRED"
    );
    assert_eq!(Facility::KNOWN.len(), 20);
    assert_eq!(Facility::KNOWN[19], Facility::Wifi);
    assert_eq!(ParkingRestriction::KNOWN.len(), 5);
    assert_eq!(ParkingType::KNOWN.len(), 6);
    assert_eq!(Status::KNOWN.len(), 9);
    assert_eq!(Status::OutOfOrder.as_str(), "OUTOFORDER");
    assert_eq!(ConnectorType::KNOWN.len(), 40);
    assert_eq!(
        ConnectorType::Iec60309_2Single16.as_str(),
        "IEC_60309_2_single_16"
    );
}

#[test]
fn built_objects_serialize_without_absent_fields() {
    // `new` takes every field the table requires, the lax ones included: what it builds
    // passes the strict reader.
    let mut c = Connector::new(
        CiString::new("1").unwrap(),
        ConnectorType::Chademo,
        ConnectorFormat::Cable,
        PowerType::Dc,
        500,
        125,
        "2024-01-01T00:00:00Z".parse().unwrap(),
    );
    let written = serde_json::to_string(&c).unwrap();
    assert_eq!(
        written,
        r#"{"id":"1","standard":"CHADEMO","format":"CABLE","power_type":"DC","max_voltage":500,"max_amperage":125,"last_updated":"2024-01-01T00:00:00Z"}"#
    );
    assert!(c.warnings().is_empty());
    assert_eq!(parse_strict::<Connector>(written.as_bytes()).unwrap(), c);
    // Emptied afterwards, as the errata examples have them, they are reported.
    (c.power_type, c.max_voltage, c.max_amperage, c.last_updated) = (None, None, None, None);
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"id":"1","standard":"CHADEMO","format":"CABLE"}"#
    );
    assert_eq!(c.warnings().len(), 4);
    let r = RegularHours::new(
        3,
        OcpiString::new("08:00").unwrap(),
        OcpiString::new("20:00").unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"weekday":3,"period_begin":"08:00","period_end":"20:00"}"#
    );
}

/// A Location that uses every field of every object and class of the chapter.
const EVERY_FIELD: &str = r#"{
  "country_code": "nl",
  "party_id": "tnm",
  "id": "LOC-ALL",
  "publish": false,
  "publish_allowed_to": [{"uid": "0102", "type": "APP_USER", "visual_number": "V-1", "issuer": "TNM", "group_id": "G-1"}],
  "name": "Everything",
  "address": "Street 1",
  "city": "Town",
  "postal_code": "1234 AB",
  "state": "Utrecht",
  "country": "NLD",
  "coordinates": {"latitude": "52.000000", "longitude": "-5.1234567"},
  "related_locations": [{"latitude": "52.00010", "longitude": "5.00010", "name": {"language": "nl", "text": "Ingang"}}],
  "parking_type": "ALONG_MOTORWAY",
  "evses": [{
    "uid": "E1",
    "evse_id": "NL*TNM*E1",
    "status": "PLANNED",
    "status_schedule": [{"period_begin": "2030-01-01T00:00:00Z", "period_end": "2030-02-01T00:00:00Z", "status": "AVAILABLE"}],
    "capabilities": ["CHARGING_PROFILE_CAPABLE", "UNLOCK_CAPABLE"],
    "connectors": [{
      "id": "1",
      "standard": "GBT_DC",
      "format": "CABLE",
      "power_type": "DC",
      "max_voltage": 920,
      "max_amperage": 400,
      "max_electric_power": 150000,
      "tariff_ids": ["T1", "T2"],
      "terms_and_conditions": "https://tnm.example/terms",
      "last_updated": "2020-01-01T00:00:00Z"
    }],
    "floor_level": "B2",
    "coordinates": {"latitude": "52.000010", "longitude": "5.000010"},
    "physical_reference": "Pillar 7",
    "directions": [{"language": "en", "text": "Second floor"}],
    "parking_restrictions": ["EV_ONLY", "DISABLED"],
    "images": [{"url": "https://tnm.example/e1.jpg", "category": "CHARGER", "type": "jpeg"}],
    "last_updated": "2020-01-01T00:00:00Z"
  }],
  "directions": [{"language": "en", "text": "Follow the signs"}],
  "operator": {"name": "Operator", "website": "https://op.example", "logo": {"url": "https://op.example/l.png", "thumbnail": "https://op.example/t.png", "category": "OPERATOR", "type": "png", "width": 512, "height": 512}},
  "suboperator": {"name": "Sub"},
  "owner": {"name": "Owner"},
  "facilities": ["HOTEL", "AIRPORT"],
  "time_zone": "Europe/Amsterdam",
  "opening_times": {
    "twentyfourseven": false,
    "regular_hours": [{"weekday": 7, "period_begin": "00:00", "period_end": "23:59"}],
    "exceptional_openings": [],
    "exceptional_closings": [{"period_begin": "2020-12-25T00:00:00Z", "period_end": "2020-12-26T00:00:00Z"}]
  },
  "charging_when_closed": false,
  "images": [{"url": "https://tnm.example/loc.jpg", "category": "LOCATION", "type": "jpeg"}],
  "energy_mix": {"is_green_energy": true, "energy_sources": [{"source": "SOLAR", "percentage": 100}], "environ_impact": [], "supplier_name": "S", "energy_product_name": "P"},
  "last_updated": "2020-01-01T00:00:00Z"
}"#;

#[test]
fn every_field_is_known() {
    let p = assert_clean::<Location>(EVERY_FIELD);
    assert_eq!(unknown_keys(&p.value), Vec::<String>::new());
    let loc = &p.value;
    // Case-insensitive codes, kept as written.
    assert_eq!(loc.country_code, "NL");
    assert_eq!(loc.country_code.as_str(), "nl");
    let token = &loc.publish_allowed_to.as_ref().unwrap()[0];
    assert_eq!(token.r#type, Some(TokenType::AppUser));
    assert_eq!(token.group_id.as_deref(), Some("G-1"));
    assert_eq!(loc.state.as_deref(), Some("Utrecht"));
    let related = &loc.related_locations.as_ref().unwrap()[0];
    assert_eq!(related.longitude, "5.00010");
    assert_eq!(related.name.as_ref().unwrap().text, "Ingang");
    assert_eq!(loc.parking_type, Some(ParkingType::AlongMotorway));
    assert_eq!(loc.directions.as_ref().unwrap()[0].text, "Follow the signs");
    assert_eq!(
        loc.operator.as_ref().unwrap().logo.as_ref().unwrap().width,
        Some(512)
    );
    assert_eq!(loc.suboperator.as_ref().unwrap().name, "Sub");
    assert_eq!(loc.owner.as_ref().unwrap().name, "Owner");
    assert_eq!(
        loc.facilities,
        Some(vec![Facility::Hotel, Facility::Airport])
    );
    let hours = loc.opening_times.as_ref().unwrap();
    assert_eq!(hours.regular_hours.as_ref().unwrap()[0].weekday, 7);
    // `[]` stays distinct from absent.
    assert_eq!(hours.exceptional_openings, Some(vec![]));
    assert_eq!(hours.exceptional_closings.as_ref().unwrap().len(), 1);
    assert_eq!(loc.charging_when_closed, Some(false));
    assert_eq!(loc.images.as_ref().unwrap()[0].r#type, "JPEG");
    let mix = loc.energy_mix.as_ref().unwrap();
    assert_eq!(mix.environ_impact, Some(vec![]));
    assert_eq!(mix.energy_product_name.as_deref(), Some("P"));

    let evse = &loc.evses.as_ref().unwrap()[0];
    assert_eq!(evse.status, Status::Planned);
    let schedule = &evse.status_schedule.as_ref().unwrap()[0];
    let mut expected = StatusSchedule::new(dt("2030-01-01T00:00:00Z"), Status::Available);
    expected.period_end = Some(dt("2030-02-01T00:00:00Z"));
    assert_eq!(schedule, &expected);
    assert_eq!(
        evse.capabilities,
        Some(vec![
            Capability::ChargingProfileCapable,
            Capability::UnlockCapable
        ])
    );
    assert_eq!(evse.floor_level.as_deref(), Some("B2"));
    assert_eq!(evse.coordinates.as_ref().unwrap().latitude, "52.000010");
    assert_eq!(
        evse.physical_reference
            .as_ref()
            .and_then(Tolerant::valid)
            .map(|s| s.as_str()),
        Some("Pillar 7")
    );
    assert_eq!(evse.directions.as_ref().unwrap()[0].language, "en");
    assert_eq!(
        evse.parking_restrictions,
        Some(vec![
            ParkingRestriction::EvOnly,
            ParkingRestriction::Disabled
        ])
    );
    assert_eq!(
        evse.images.as_ref().unwrap()[0].url.as_str(),
        "https://tnm.example/e1.jpg"
    );
    let c = &evse.connectors[0];
    assert_eq!(c.standard, ConnectorType::GbtDc);
    assert_eq!(c.power_type, Some(PowerType::Dc));
    assert_eq!(c.max_electric_power, Some(150000));
    assert_eq!(c.tariff_ids.as_ref().unwrap().len(), 2);
    assert_eq!(
        c.terms_and_conditions.as_ref().unwrap().as_str(),
        "https://tnm.example/terms"
    );
}

/// 2.2.1 coordinates have 5 to 7 decimals (`-?[0-9]{1,2}\.[0-9]{5,7}`): more or fewer are
/// kept and reported; a text of another shape (`a90.000000`) is refused with its path.
#[test]
fn coordinates_follow_the_2_2_1_pattern() {
    let example = fixture("2.2.1", "location_example.json");
    let p = parse::<Location>(example.as_bytes()).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let lat = p.value.coordinates.latitude.to_string();
    for (value, warns) in [
        ("51.04759", false),
        ("51.0475911", false),
        ("51.0475", true),
    ] {
        let doc = example.replace(&format!("\"{lat}\""), &format!("\"{value}\""));
        let p = parse::<Location>(doc.as_bytes()).unwrap();
        assert_eq!(p.value.coordinates.latitude, value);
        assert_eq!(
            p.warnings,
            if warns {
                vec![Warning {
                    path: "coordinates.latitude".into(),
                    kind: WarningKind::Pattern {
                        pattern: "^-?[0-9]{1,2}\\.[0-9]{5,7}$".into(),
                    },
                }]
            } else {
                vec![]
            },
            "{value}"
        );
    }
    for bad in ["a90.000000", "90", "123.000000", "51,047599"] {
        let doc = example.replace(&format!("\"{lat}\""), &format!("\"{bad}\""));
        let e = parse::<Location>(doc.as_bytes()).unwrap_err();
        assert_eq!(e.path, "coordinates.latitude", "{bad}");
        assert_eq!(e.category, ErrorCategory::Data, "{bad}");
    }
}
