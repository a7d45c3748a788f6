//! 2.3.0 Locations module: official examples, parking objects, PATCH forms and malformed
//! documents.

use crate::common;
use crate::common::assert_clean;
use crate::common::assert_refused_at;
use crate::common::round_trip_patch;
use crate::common::{assert_refused, dt, num};
use crate::locations::v2_3_0::{connector, location_example};

use common::{assert_round_trip, fixture, round_trip_fixture, unknown_keys};
use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
use ocpi_protocol::types::{
    CiString, Conformance, OcpiString, PatchField, Tolerant, Warning, WarningKind,
};
use ocpi_protocol::v2_2_1;
use ocpi_protocol::v2_3_0::locations::{
    Connector, ConnectorCapability, ConnectorFormat, ConnectorPatch, ConnectorType, EnergyMix,
    EnergySourceCategory, Evse, EvseParking, EvsePatch, EvsePosition, Facility, Hours, Location,
    LocationPatch, Parking, ParkingDirection, ParkingRestriction, ParkingType, PowerType,
    PublishTokenType, Status, VehicleType,
};

#[test]
fn public_location_example_with_parking_places() {
    let p = round_trip_fixture::<Location>("2.3.0", "location_example.json");
    let loc = &p.value;
    assert_eq!(loc.country_code, "BE");
    assert_eq!(loc.id, "LOC1");
    assert_eq!(loc.parking_type, Some(ParkingType::ParkingGarage));
    assert_eq!(loc.help_phone, None);
    assert_eq!(loc.operator.as_ref().unwrap().name, "BeCharged");
    assert_eq!(loc.last_updated, dt("2015-06-29T20:39:09Z"));

    let places = loc.parking_places.as_ref().unwrap();
    assert_eq!(places.len(), 3);
    let mut first = Parking::new(
        CiString::new("1").unwrap(),
        vec![VehicleType::PersonalVehicle],
        true,
        false,
    );
    first.physical_reference = Some(OcpiString::new("B1").unwrap());
    assert_eq!(places[0], first);
    assert_eq!(places[2].id, "3");
    assert_eq!(places[2].physical_reference.as_deref(), Some("B3"));
    assert!(places.iter().all(|p| p.restricted_to_type));
    assert!(places.iter().all(|p| !p.reservation_required));
    assert!(places.iter().all(|p| p.max_vehicle_weight.is_none()));

    let evses = loc.evses.as_ref().unwrap();
    assert_eq!(evses[1].status, Status::Reserved);
    assert_eq!(
        evses[0].physical_reference,
        Some(Tolerant::Valid(OcpiString::new("1").unwrap()))
    );
    // The bare ids are kept verbatim, each reported on its own.
    let raw: Vec<String> = evses[1]
        .parking
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| match t {
            Tolerant::Deviating(d) => d.raw().get().to_owned(),
            Tolerant::Valid(v) => panic!("{v:?}"),
        })
        .collect();
    assert_eq!(raw, [r#""2""#, r#""3""#]);
    assert_eq!(
        p.warnings[0],
        Warning {
            path: "evses[0].parking[0]".to_owned(),
            kind: WarningKind::Tolerated {
                reason: "invalid type: string \"1\", expected an OCPI EvseParking object"
                    .to_owned()
            },
        }
    );
    let c = &evses[0].connectors[0];
    assert_eq!(c.standard, ConnectorType::Iec62196T2);
    assert_eq!(c.format, ConnectorFormat::Cable);
    assert_eq!(c.power_type, Some(PowerType::Ac3Phase));
    assert_eq!(c.capabilities, None);
    assert_eq!(evses[0].accepted_service_providers, None);

    // A strict read refuses the example at its first deviation.
    let e =
        parse_strict::<Location>(fixture("2.3.0", "location_example.json").as_bytes()).unwrap_err();
    assert_eq!(e.category, ErrorCategory::Nonconforming);
    assert_eq!(e.path, "evses[0].parking[0]");
}

#[test]
fn evse_parking_objects_as_the_table_says_are_conforming() {
    let json = fixture("2.3.0", "location_example.json")
        .replace(
            r#""parking": ["1", "2"]"#,
            r#""parking": [{"parking_id": "1", "evse_position": "LEFT"}, {"parking_id": "2"}]"#,
        )
        .replace(
            r#""parking": ["2", "3"]"#,
            r#""parking": [{"parking_id": "2", "evse_position": "CENTER"}, "3"]"#,
        );
    let p = assert_round_trip::<Location>(&json);
    // Only the one remaining bare id is reported.
    let paths: Vec<&str> = p.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["evses[1].parking[1]"]);
    let evses = p.value.evses.unwrap();
    let mut left = EvseParking::new(CiString::new("1").unwrap());
    left.evse_position = Some(EvsePosition::Left);
    assert_eq!(
        evses[0].parking,
        Some(vec![
            Tolerant::Valid(left),
            Tolerant::Valid(EvseParking::new(CiString::new("2").unwrap())),
        ])
    );
    assert_eq!(
        evses[1].parking.as_ref().unwrap()[0]
            .valid()
            .unwrap()
            .evse_position,
        Some(EvsePosition::Center)
    );

    // EvseParking read on its own is strict.
    let e = parse::<EvseParking>(br#"{"evse_position":"LEFT"}"#).unwrap_err();
    assert!(e.message.contains("missing field `parking_id`"), "{e}");
    assert_refused::<EvseParking>(
        r#"{"parking_id":"1","evse_position":"left"}"#,
        "evse_position",
        "differs only in case",
    );
}

#[test]
fn use_case_examples() {
    let uc2 =
        round_trip_fixture::<Location>("2.3.0", "location_example_uc2_destination_charger.json");
    assert_eq!(
        uc2.value.evses.as_ref().unwrap()[0].parking_restrictions,
        Some(vec![ParkingRestriction::Customers])
    );
    let uc4 =
        round_trip_fixture::<Location>("2.3.0", "location_example_uc4_limited_visibility.json");
    let allowed = uc4.value.publish_allowed_to.as_ref().unwrap();
    assert_eq!(allowed.len(), 3);
    assert_eq!(allowed[1].visual_number.as_deref(), Some("0055375624"));
    assert_eq!(allowed[1].issuer.as_deref(), Some("ANWB"));
    assert_eq!(allowed[2].uid.as_deref(), Some("12345678905880"));
    assert_eq!(allowed[2].r#type.as_ref().unwrap().as_str(), "RFID");
    assert!(allowed[2].r#type.as_ref().unwrap().is_known());

    let garage = round_trip_fixture::<Location>(
        "2.3.0",
        "location_example_parking_garage_opening_hours.json",
    );
    let places = garage.value.parking_places.as_ref().unwrap();
    assert_eq!(places[0].id, "000e3877-87bf-473e-8e71-70d3aa6d64ea");
    assert_eq!(places[0].physical_reference.as_deref(), Some("A0"));
    let hours = garage.value.opening_times.as_ref().unwrap();
    assert_eq!(hours.regular_hours.as_ref().unwrap().len(), 7);
    assert_eq!(garage.warnings.len(), 1);
    for p in [uc2, uc4] {
        assert!(p.warnings.is_empty());
    }
}

#[test]
fn evse_put_example_has_no_parking() {
    let p = round_trip_fixture::<Evse>("2.3.0", "location_put_example_add_evse.json");
    assert_eq!(p.value.parking, None);
}

#[test]
fn hours_and_energy_mix_fragments() {
    let h = round_trip_fixture::<Hours>("2.3.0", "location_hours_247_open_exception_closing.json");
    assert!(h.value.twentyfourseven);
    let p = round_trip_fixture::<LocationPatch>("2.3.0", "location_regularhours_example.json");
    assert_eq!(
        p.value
            .opening_times
            .value()
            .unwrap()
            .regular_hours
            .as_ref()
            .unwrap()
            .len(),
        5
    );
    let p =
        round_trip_fixture::<LocationPatch>("2.3.0", "location_energymix_example_complete.json");
    let mix = p.value.energy_mix.value().unwrap();
    assert_eq!(
        mix.energy_sources.as_ref().unwrap()[4].source,
        EnergySourceCategory::Nuclear
    );
    assert_eq!(mix.environ_impact.as_ref().unwrap()[1].amount, num("372"));
}

#[test]
fn unchanged_classes_are_the_2_2_1_types() {
    // Re-exported, not redefined: a value of one is a value of the other.
    let h: v2_2_1::locations::Hours = Hours::new(true);
    let m: v2_2_1::locations::EnergyMix = EnergyMix::new(false);
    let s: v2_2_1::locations::Status = Status::Planned;
    let f: v2_2_1::locations::Facility = Facility::Wifi;
    let pt: v2_2_1::locations::PowerType = PowerType::Dc;
    assert!(h.twentyfourseven && !m.is_green_energy);
    assert_eq!(
        (s.as_str(), f.as_str(), pt.as_str()),
        ("PLANNED", "WIFI", "DC")
    );
}

#[test]
fn patch_location_name_leaves_the_2_3_0_fields_absent() {
    let p = round_trip_fixture::<LocationPatch>("2.3.0", "location_patch_example_location.json");
    assert!(p.value.parking_places.is_absent() && p.value.help_phone.is_absent());
}

#[test]
fn patches_of_the_2_3_0_fields() {
    // Location: set help_phone, clear parking_places.
    let p = round_trip_patch::<LocationPatch>(
        r#"{"help_phone":"+3215000000","parking_places":null,"last_updated":"2020-01-01T00:00:00Z"}"#,
    );
    assert_eq!(p.parking_places, PatchField::Null);
    assert_eq!(
        p.help_phone,
        PatchField::Value(CiString::new("+3215000000").unwrap())
    );
    let before = location_example();
    assert!(before.parking_places.is_some());
    let mut after = before.clone();
    p.apply_to(&mut after);
    let mut expected = before.clone();
    expected.help_phone = Some(CiString::new("+3215000000").unwrap());
    expected.parking_places = None;
    expected.last_updated = dt("2020-01-01T00:00:00Z");
    assert_eq!(after, expected);

    // EVSE: replace parking, set accepted_service_providers, clear restrictions.
    let p = round_trip_patch::<EvsePatch>(
        r#"{"parking":[{"parking_id":"3","evse_position":"RIGHT"}],"accepted_service_providers":["Shell Recharge","ANWB"],"parking_restrictions":null}"#,
    );
    let before = location_example().evses.unwrap().remove(0);
    let mut after = before.clone();
    p.apply_to(&mut after);
    let mut parking = EvseParking::new(CiString::new("3").unwrap());
    parking.evse_position = Some(EvsePosition::Right);
    let mut expected = before.clone();
    expected.parking = Some(vec![Tolerant::Valid(parking)]);
    expected.accepted_service_providers = Some(vec![
        OcpiString::new("Shell Recharge").unwrap(),
        OcpiString::new("ANWB").unwrap(),
    ]);
    expected.parking_restrictions = None;
    assert_eq!(after, expected);
    assert!(after.warnings().is_empty());

    // Connector: set capabilities and a 2.3.0 standard.
    let p = round_trip_patch::<ConnectorPatch>(
        r#"{"standard":"SAE_J3400","capabilities":["ISO_15118_20_PLUG_AND_CHARGE"]}"#,
    );
    let mut c = connector(0, 0);
    p.apply_to(&mut c);
    assert_eq!(c.standard, ConnectorType::SaeJ3400);
    assert_eq!(
        c.capabilities,
        Some(vec![ConnectorCapability::Iso15118_20PlugAndCharge])
    );

    // null for a required field is a parse error.
    assert_refused::<ConnectorPatch>(r#"{"standard":null}"#, "standard", "invalid type: null");
    assert_refused::<EvsePatch>(r#"{"connectors":[]}"#, "connectors", "at least one element");
    assert_refused_at::<LocationPatch>(r#"{"time_zone":null}"#, "time_zone");
}

/// Replaces `from` (which must occur once) by `to` in the public location example.
fn broken_location(from: &str, to: &str) -> Vec<u8> {
    let base = fixture("2.3.0", "location_example.json");
    assert_eq!(base.matches(from).count(), 1, "{from}");
    base.replacen(from, to, 1).into_bytes()
}

fn assert_location_error(doc: &[u8], path: &str, message: &str) {
    let e = parse::<Location>(doc).unwrap_err();
    assert_eq!(e.path, path, "{}", e.message);
    assert!(e.message.contains(message), "{}", e.message);
    assert_eq!(e.category, ErrorCategory::Data);
}

#[test]
fn malformed_locations() {
    assert_location_error(
        &broken_location("\"parking_places\": [{", "\"parking_places\": {\"x\": [{")
            .into_iter()
            .map(|b| b as char)
            .collect::<String>()
            .replacen("\n  ],\n  \"operator\"", "\n  ]},\n  \"operator\"", 1)
            .into_bytes(),
        "parking_places",
        "invalid type: map",
    );
}

#[test]
fn a_tolerated_parking_element_is_still_read_as_json() {
    // The tolerance is per element: anything else in the list that is valid JSON is kept and
    // reported, but the document must still be JSON.
    let doc = broken_location(r#""parking": ["1", "2"]"#, r#""parking": [1, {"x": true}]"#);
    let p = parse::<Location>(&doc).unwrap();
    let paths: Vec<&str> = p.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "evses[0].parking[0]",
            "evses[0].parking[1]",
            "evses[1].parking[0]",
            "evses[1].parking[1]"
        ]
    );
    match &p.warnings[1].kind {
        WarningKind::Tolerated { reason } => {
            assert!(reason.contains("missing field `parking_id`"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let doc = broken_location(r#""parking": ["1", "2"]"#, r#""parking": ["1", 2"#);
    assert!(parse::<Location>(&doc).is_err());
    // `parking` itself must be a list.
    assert_location_error(
        &broken_location(r#""parking": ["1", "2"]"#, r#""parking": "1""#),
        "evses[0].parking",
        "expected a sequence",
    );
}

#[test]
fn enums_follow_the_spec_tables() {
    let wire = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(ConnectorType::KNOWN.len(), 42);
    assert_eq!(ConnectorType::KNOWN[29], ConnectorType::Mcs);
    assert_eq!(ConnectorType::Mcs.as_str(), "MCS");
    assert_eq!(ConnectorType::KNOWN[39], ConnectorType::SaeJ3400);
    assert_eq!(ConnectorType::SaeJ3400.as_str(), "SAE_J3400");
    assert_eq!(ConnectorType::KNOWN[41], ConnectorType::TeslaS);
    assert_eq!(
        ParkingRestriction::KNOWN
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect::<Vec<_>>(),
        wire(&[
            "CUSTOMERS",
            "DISABLED",
            "EMPLOYEES",
            "EV_ONLY",
            "MOTORCYCLES",
            "PLUGGED",
            "TAXIS",
            "TENANTS"
        ])
    );
    assert_eq!(
        VehicleType::KNOWN
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect::<Vec<_>>(),
        wire(&[
            "MOTORCYCLE",
            "PERSONAL_VEHICLE",
            "PERSONAL_VEHICLE_WITH_TRAILER",
            "VAN",
            "SEMI_TRACTOR",
            "RIGID",
            "TRUCK_WITH_TRAILER",
            "BUS",
            "DISABLED"
        ])
    );
    assert_eq!(
        ConnectorCapability::KNOWN
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect::<Vec<_>>(),
        wire(&[
            "ISO_15118_2_PLUG_AND_CHARGE",
            "ISO_15118_20_PLUG_AND_CHARGE"
        ])
    );
    assert_eq!(
        EvsePosition::KNOWN
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect::<Vec<_>>(),
        wire(&["LEFT", "RIGHT", "CENTER"])
    );
    assert_eq!(
        ParkingDirection::KNOWN
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect::<Vec<_>>(),
        wire(&["PARALLEL", "PERPENDICULAR", "ANGLE"])
    );
    // The 2.2.1 enums do not know the 2.3.0 values.
    assert!(!"MCS"
        .parse::<v2_2_1::locations::ConnectorType>()
        .unwrap()
        .is_known());
    assert!(!"TAXIS"
        .parse::<v2_2_1::locations::ParkingRestriction>()
        .unwrap()
        .is_known());
}

#[test]
fn built_objects_serialize_without_absent_fields() {
    let p = Parking::new(
        CiString::new("P1").unwrap(),
        vec![VehicleType::Van, VehicleType::Bus],
        false,
        true,
    );
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"id":"P1","vehicle_types":["VAN","BUS"],"restricted_to_type":false,"reservation_required":true}"#
    );
    let c = Connector::new(
        CiString::new("1").unwrap(),
        ConnectorType::Mcs,
        ConnectorFormat::Cable,
        PowerType::Dc,
        1250,
        3000,
        "2024-01-01T00:00:00Z".parse().unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"id":"1","standard":"MCS","format":"CABLE","power_type":"DC","max_voltage":1250,"max_amperage":3000,"last_updated":"2024-01-01T00:00:00Z"}"#
    );
    assert!(c.warnings().is_empty());
    assert_eq!(
        serde_json::to_string(&PublishTokenType::new()).unwrap(),
        "{}"
    );
}

/// A Location that uses every field of every object and class of the chapter.
const EVERY_FIELD: &str = r#"{
  "country_code": "nl",
  "party_id": "tnm",
  "id": "LOC-ALL",
  "publish": false,
  "publish_allowed_to": [{"uid": "0102", "type": "EMAID", "visual_number": "V-1", "issuer": "TNM", "group_id": "G-1"}],
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
      "standard": "MCS",
      "format": "CABLE",
      "power_type": "DC",
      "max_voltage": 1250,
      "max_amperage": 3000,
      "max_electric_power": 3750000,
      "tariff_ids": ["T1", "T2"],
      "terms_and_conditions": "https://tnm.example/terms",
      "capabilities": ["ISO_15118_2_PLUG_AND_CHARGE", "ISO_15118_20_PLUG_AND_CHARGE"],
      "last_updated": "2020-01-01T00:00:00Z"
    }],
    "floor_level": "B2",
    "coordinates": {"latitude": "52.000010", "longitude": "5.000010"},
    "physical_reference": "Pillar 7",
    "directions": [{"language": "en", "text": "Second floor"}],
    "parking_restrictions": ["EMPLOYEES", "TAXIS", "TENANTS"],
    "parking": [{"parking_id": "P1", "evse_position": "RIGHT"}],
    "images": [{"url": "https://tnm.example/e1.jpg", "category": "CHARGER", "type": "jpeg"}],
    "accepted_service_providers": ["Provider A", "Provider B"],
    "last_updated": "2020-01-01T00:00:00Z"
  }],
  "parking_places": [{
    "id": "P1",
    "physical_reference": "T-01",
    "vehicle_types": ["SEMI_TRACTOR", "TRUCK_WITH_TRAILER", "RIGID"],
    "max_vehicle_weight": 44000,
    "max_vehicle_height": 400.0,
    "max_vehicle_length": 1875,
    "max_vehicle_width": 255.5,
    "parking_space_length": 2500,
    "parking_space_width": 450,
    "dangerous_goods_allowed": false,
    "direction": "PARALLEL",
    "drive_through": true,
    "restricted_to_type": true,
    "reservation_required": false,
    "time_limit": 90,
    "roofed": false,
    "images": [{"url": "https://tnm.example/p1.jpg", "category": "OTHER", "type": "png"}],
    "lighting": true,
    "refrigeration_outlet": true,
    "standards": ["PAS 1899"],
    "apds_reference": "urn:apds:place:nl-tnm-0001:space:T-01"
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
  "help_phone": "+31 30 123 4567",
  "last_updated": "2020-01-01T00:00:00Z"
}"#;

#[test]
fn every_field_is_known() {
    let p = assert_clean::<Location>(EVERY_FIELD);
    assert_eq!(unknown_keys(&p.value), Vec::<String>::new());
    let loc = &p.value;
    assert_eq!(loc.help_phone.as_deref(), Some("+31 30 123 4567"));
    // EMAID is a 2.3.0 token type.
    let token_type = loc.publish_allowed_to.as_ref().unwrap()[0]
        .r#type
        .as_ref()
        .unwrap();
    assert_eq!(token_type.as_str(), "EMAID");
    assert!(token_type.is_known());

    let place = &loc.parking_places.as_ref().unwrap()[0];
    assert_eq!(place.physical_reference.as_deref(), Some("T-01"));
    assert_eq!(
        place.vehicle_types,
        [
            VehicleType::SemiTractor,
            VehicleType::TruckWithTrailer,
            VehicleType::Rigid
        ]
    );
    assert_eq!(place.max_vehicle_weight, Some(num("44000")));
    assert_eq!(place.max_vehicle_height.unwrap().to_string(), "400.0");
    assert_eq!(place.max_vehicle_length, Some(num("1875")));
    assert_eq!(place.max_vehicle_width.unwrap().to_string(), "255.5");
    assert_eq!(place.parking_space_length, Some(num("2500")));
    assert_eq!(place.parking_space_width, Some(num("450")));
    assert_eq!(place.dangerous_goods_allowed, Some(false));
    assert_eq!(place.direction, Some(ParkingDirection::Parallel));
    assert_eq!(place.drive_through, Some(true));
    assert!(place.restricted_to_type && !place.reservation_required);
    assert_eq!(place.time_limit, Some(num("90")));
    assert_eq!(place.roofed, Some(false));
    assert_eq!(place.images.as_ref().unwrap()[0].r#type, "PNG");
    assert_eq!(place.lighting, Some(true));
    assert_eq!(place.refrigeration_outlet, Some(true));
    assert_eq!(place.standards.as_ref().unwrap()[0], "pas 1899");
    assert_eq!(
        place.apds_reference.as_deref(),
        Some("urn:apds:place:nl-tnm-0001:space:T-01")
    );

    let evse = &loc.evses.as_ref().unwrap()[0];
    assert_eq!(
        evse.parking_restrictions,
        Some(vec![
            ParkingRestriction::Employees,
            ParkingRestriction::Taxis,
            ParkingRestriction::Tenants
        ])
    );
    let link = evse.parking.as_ref().unwrap()[0].valid().unwrap();
    assert_eq!(link.parking_id, place.id);
    assert_eq!(link.evse_position, Some(EvsePosition::Right));
    assert_eq!(
        evse.accepted_service_providers.as_ref().unwrap()[1],
        "Provider B"
    );
    let c = &evse.connectors[0];
    assert_eq!(c.standard, ConnectorType::Mcs);
    assert_eq!(c.max_electric_power, Some(3750000));
    assert_eq!(
        c.capabilities,
        Some(vec![
            ConnectorCapability::Iso15118_2PlugAndCharge,
            ConnectorCapability::Iso15118_20PlugAndCharge
        ])
    );
    assert_eq!(
        loc.opening_times.as_ref().unwrap().exceptional_openings,
        Some(vec![])
    );
}

#[test]
fn apds_reference_has_no_maximum_length() {
    let long = "a".repeat(2000);
    let doc = format!(
        r#"{{"id":"P","vehicle_types":["BUS"],"restricted_to_type":false,"reservation_required":false,"apds_reference":"{long}"}}"#
    );
    let p = assert_round_trip::<Parking>(&doc).value;
    assert_eq!(p.apds_reference.unwrap().len(), 2000);
    // It is still a CiString: printable ASCII only.
    let e = assert_refused_at::<Parking>(
        r#"{"id":"P","vehicle_types":["BUS"],"restricted_to_type":false,"reservation_required":false,"apds_reference":"plätz"}"#,
        "apds_reference",
    );
    assert!(e.message.contains("not printable ASCII"), "{e}");
}
