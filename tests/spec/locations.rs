//! The Locations checks that 2.2.1 and 2.3.0 share, run against each version: every official
//! example read as the type it shows, the EVSE PUT example's errata, and the PATCH examples
//! applied to the official Location. The differences between the versions are data here; what
//! only one version has stays in its own file.

/// The warnings every official example of `version` must produce (path, tolerated?): none,
/// except for the examples with errata.
fn expected_warnings(version: &str, name: &str) -> Vec<(&'static str, bool)> {
    match (version, name) {
        (_, "location_put_example_add_evse.json") => vec![
            ("connectors[0].power_type", false),
            ("connectors[0].max_voltage", false),
            ("connectors[0].max_amperage", false),
            ("connectors[0].last_updated", false),
            ("physical_reference", true),
        ],
        // 2.3.0: EVSE `parking` sent as a list of bare ids instead of EVSEParking objects.
        ("2.3.0", "location_example.json") => vec![
            ("evses[0].parking[0]", true),
            ("evses[0].parking[1]", true),
            ("evses[1].parking[0]", true),
            ("evses[1].parking[1]", true),
        ],
        ("2.3.0", "location_example_parking_garage_opening_hours.json") => {
            vec![("evses[0].parking[0]", true)]
        }
        _ => Vec::new(),
    }
}

/// The shared checks, in a module named after the version they run against.
macro_rules! shared_location_checks {
    ($v:ident, $version:literal) => {
        pub(crate) mod $v {
            use crate::common::{
                assert_contains, assert_refused, assert_refused_at, assert_round_trip, check_as,
                clean_fixture, dt, fixture, missing, round_trip_fixture, round_trip_patch,
                single_member,
            };
            use ocpi_protocol::json::{parse, parse_strict, ErrorCategory};
            use ocpi_protocol::types::{
                CiString, OcpiString, PatchField, Tolerant, Warning, WarningKind,
            };
            use ocpi_protocol::$v::locations::{
                Capability, Connector, ConnectorFormat, ConnectorPatch, ConnectorType, EnergyMix,
                Evse, EvsePatch, Facility, Hours, Location, LocationPatch, PowerType, Status,
            };

            const VERSION: &str = $version;

            /// Connector `index` of EVSE `evse` of the official Location example.
            pub(crate) fn connector(evse: usize, index: usize) -> Connector {
                let mut evses = location_example().evses.unwrap();
                evses.remove(evse).connectors.remove(index)
            }

            /// Parses and round-trips an example of the Locations chapter as the type it
            /// shows, and returns its warnings and unknown field names. Panics on a file name
            /// it does not know, so every example is covered.
            pub(crate) fn check_example(name: &str, json: &str) -> (Vec<Warning>, Vec<String>) {
                match name {
                    n if n.starts_with("location_example") => check_as::<Location>(json),
                    n if n.starts_with("location_hours_") => check_as::<Hours>(json),
                    "location_put_example_add_evse.json" => check_as::<Evse>(json),
                    "location_patch_example_location.json" => check_as::<LocationPatch>(json),
                    "location_patch_example_status.json"
                    | "location_patch_example_remove_evse.json" => check_as::<EvsePatch>(json),
                    "location_patch_example_tariff.json" => check_as::<ConnectorPatch>(json),
                    n if n.starts_with("location_energymix_") => {
                        // A fragment of a Location: `{"energy_mix": EnergyMix}`.
                        let patch = assert_round_trip::<LocationPatch>(json);
                        assert!(patch.value.energy_mix.value().is_some(), "{name}");
                        let (key, inner) = single_member(json);
                        assert_eq!(key, "energy_mix");
                        let mix = check_as::<EnergyMix>(&inner);
                        assert_eq!(mix.0, patch.warnings);
                        mix
                    }
                    "location_regularhours_example.json" => {
                        // A fragment of a Location: `{"opening_times": Hours}`.
                        let patch = assert_round_trip::<LocationPatch>(json);
                        assert!(patch.value.opening_times.value().is_some());
                        let (key, inner) = single_member(json);
                        assert_eq!(key, "opening_times");
                        let hours = check_as::<Hours>(&inner);
                        assert_eq!(hours.0, patch.warnings);
                        hours
                    }
                    other => panic!("no type known for example {other}"),
                }
            }

            pub(crate) fn assert_warning_paths(name: &str, warnings: &[Warning]) {
                let got: Vec<(&str, bool)> = warnings
                    .iter()
                    .map(|w| {
                        (
                            w.path.as_str(),
                            matches!(w.kind, WarningKind::Tolerated { .. }),
                        )
                    })
                    .collect();
                assert_eq!(got, super::expected_warnings(VERSION, name), "{name}");
            }

            #[test]
            fn every_official_example_round_trips() {
                let names = crate::common::fixture_names(VERSION, |n| {
                    n.starts_with("location_") && n.ends_with(".json")
                });
                assert_eq!(names.len(), 18, "{names:?}");
                for name in &names {
                    let (warnings, unknown) = check_example(name, &fixture(VERSION, name));
                    assert_warning_paths(name, &warnings);
                    let expected: &[&str] = match name.as_str() {
                        "location_put_example_add_evse.json" => &["floor"],
                        _ => &[],
                    };
                    assert_eq!(unknown, expected, "{name}");
                }
            }

            /// The official Location example.
            pub(crate) fn location_example() -> Location {
                parse::<Location>(fixture(VERSION, "location_example.json").as_bytes())
                    .unwrap()
                    .value
            }

            #[test]
            fn evse_put_example_errata() {
                let p = round_trip_fixture::<Evse>(VERSION, "location_put_example_add_evse.json");
                // The connector omits four required fields; physical_reference is a number.
                assert_eq!(
                    p.warnings,
                    vec![
                        missing("connectors[0].power_type"),
                        missing("connectors[0].max_voltage"),
                        missing("connectors[0].max_amperage"),
                        missing("connectors[0].last_updated"),
                        Warning {
                            path: "physical_reference".to_owned(),
                            kind: WarningKind::Tolerated {
                                reason:
                                    "invalid type: integer `3`, expected a printable string of at most \
                                             16 characters"
                                        .to_owned()
                            },
                        },
                    ]
                );
                let evse = &p.value;
                assert_eq!(evse.uid, "3256");
                assert_eq!(evse.capabilities, Some(vec![Capability::Reservable]));
                let c = &evse.connectors[0];
                assert_eq!(c.standard, ConnectorType::Iec62196T2);
                assert_eq!(c.format, ConnectorFormat::Socket);
                assert_eq!(c.power_type, None);
                assert_eq!(c.max_voltage, None);
                assert_eq!(c.max_amperage, None);
                assert_eq!(c.last_updated, None);
                assert_eq!(c.tariff_ids.as_ref().unwrap()[0], "14");
                match evse.physical_reference.as_ref().unwrap() {
                    Tolerant::Deviating(d) => assert_eq!(d.raw().get(), "3"),
                    other => panic!("{other:?}"),
                }
                // `floor` is no EVSE field (the table has `floor_level`): it is kept verbatim
                // as an unknown field, and `floor_level` stays absent.
                assert_eq!(evse.floor_level, None);
                assert_eq!(evse.unknown_fields.len(), 1);
                assert_eq!(evse.unknown_fields.get("floor").unwrap().get(), "-1");

                // A strict read refuses the example at its first deviation.
                let e = parse_strict::<Evse>(
                    fixture(VERSION, "location_put_example_add_evse.json").as_bytes(),
                )
                .unwrap_err();
                assert_eq!(e.category, ErrorCategory::Nonconforming);
                assert_eq!(e.path, "connectors[0].power_type");

                // A conforming string physical_reference is no deviation.
                let fixed = fixture(VERSION, "location_put_example_add_evse.json")
                    .replace("\"physical_reference\": 3", "\"physical_reference\": \"3\"");
                let p = assert_round_trip::<Evse>(&fixed);
                assert_eq!(p.warnings.len(), 4);
                assert_eq!(
                    p.value.physical_reference,
                    Some(Tolerant::Valid(OcpiString::new("3").unwrap()))
                );

                // An error after the tolerated value still gets its exact path.
                let broken = fixture(VERSION, "location_put_example_add_evse.json").replace(
                    "\"last_updated\": \"2019-06-24T12:39:09Z\"",
                    "\"last_updated\": \"2019-06-24\"",
                );
                assert_refused::<Evse>(&broken, "last_updated", "expected a timestamp");
            }

            #[test]
            fn patch_location_name() {
                let p =
                    clean_fixture::<LocationPatch>(VERSION, "location_patch_example_location.json");
                let patch = p.value;
                assert_eq!(
                    patch.name,
                    PatchField::Value(OcpiString::new("Interparking Gent Zuid").unwrap())
                );
                assert_eq!(patch.last_updated, Some(dt("2019-06-24T12:39:09Z")));
                assert!(patch.evses.is_absent());
                assert_eq!(patch.address, None);

                let before = location_example();
                let mut after = before.clone();
                patch.apply_to(&mut after);
                assert_eq!(after.name.as_deref(), Some("Interparking Gent Zuid"));
                assert_eq!(after.last_updated, dt("2019-06-24T12:39:09Z"));
                let mut expected = before.clone();
                expected.name = Some(OcpiString::new("Interparking Gent Zuid").unwrap());
                expected.last_updated = dt("2019-06-24T12:39:09Z");
                assert_eq!(after, expected);
                assert_ne!(after, before);
            }

            #[test]
            fn patch_evse_status() {
                let before = location_example().evses.unwrap().remove(0);
                assert_eq!(before.status, Status::Available);
                for (name, status) in [
                    ("location_patch_example_status.json", Status::Charging),
                    ("location_patch_example_remove_evse.json", Status::Removed),
                ] {
                    let p = clean_fixture::<EvsePatch>(VERSION, name);
                    assert_eq!(p.value.status, Some(status.clone()));
                    let mut after = before.clone();
                    p.value.apply_to(&mut after);
                    let mut expected = before.clone();
                    expected.status = status;
                    expected.last_updated = dt("2019-06-24T12:39:09Z");
                    assert_eq!(after, expected, "{name}");
                }
            }

            #[test]
            fn patch_connector_tariff() {
                let p =
                    clean_fixture::<ConnectorPatch>(VERSION, "location_patch_example_tariff.json");
                let before = connector(0, 1);
                assert_eq!(before.tariff_ids.as_ref().unwrap()[0], "13");
                let mut after = before.clone();
                p.value.apply_to(&mut after);
                let mut expected = before.clone();
                expected.tariff_ids = Some(vec![CiString::new("15").unwrap()]);
                expected.last_updated = Some(dt("2019-06-24T12:39:09Z"));
                assert_eq!(after, expected);
            }

            #[test]
            fn second_connector_of_the_official_example() {
                let c = connector(0, 1);
                assert_eq!(c.id, "2");
                assert_eq!(c.standard, ConnectorType::Iec62196T2);
                assert_eq!(c.format, ConnectorFormat::Socket);
                assert_eq!(c.power_type, Some(PowerType::Ac3Phase));
                assert_eq!(c.max_voltage, Some(220));
                assert_eq!(c.max_amperage, Some(16));
                assert_eq!(c.max_electric_power, None);
                assert_eq!(c.tariff_ids.as_ref().unwrap()[0], "13");
                assert_eq!(c.last_updated, Some(dt("2015-03-18T08:12:01Z")));
                assert!(c.unknown_fields.is_empty());
            }

            #[test]
            fn patch_null_clears_optional_and_refuses_required() {
                // null clears an optional field.
                let p = round_trip_patch::<LocationPatch>(
                    r#"{"name":null,"facilities":["WIFI"],"last_updated":"2020-01-01T00:00:00Z"}"#,
                );
                assert_eq!(p.name, PatchField::Null);
                assert_eq!(p.facilities, PatchField::Value(vec![Facility::Wifi]));
                let mut loc = location_example();
                assert!(loc.name.is_some());
                p.apply_to(&mut loc);
                assert_eq!(loc.name, None);
                assert_eq!(loc.facilities, Some(vec![Facility::Wifi]));

                let p: EvsePatch =
                    serde_json::from_str(r#"{"evse_id":null,"floor_level":"2"}"#).unwrap();
                let mut evse = location_example().evses.unwrap().remove(0);
                p.apply_to(&mut evse);
                assert_eq!(evse.evse_id, None);
                assert_eq!(evse.floor_level.as_deref(), Some("2"));

                let p: ConnectorPatch =
                    serde_json::from_str(r#"{"tariff_ids":null,"max_electric_power":22000}"#)
                        .unwrap();
                let mut c = connector(0, 0);
                p.apply_to(&mut c);
                assert_eq!(c.tariff_ids, None);
                assert_eq!(c.max_electric_power, Some(22000));

                // null for a required field is a parse error.
                for (doc, path) in [
                    (&br#"{"last_updated":null}"#[..], "last_updated"),
                    (br#"{"name":"x","address":null}"#, "address"),
                    (br#"{"coordinates":null}"#, "coordinates"),
                ] {
                    let e = parse::<LocationPatch>(doc).unwrap_err();
                    assert_eq!(e.path, path);
                    assert_contains(&e.message, "invalid type: null");
                }
                assert_refused::<EvsePatch>(r#"{"status":null}"#, "status", "invalid type: null");
                assert_refused_at::<EvsePatch>(r#"{"connectors":null}"#, "connectors");
                assert_refused_at::<ConnectorPatch>(r#"{"standard":null}"#, "standard");
                // Duplicate keys are refused in patches too.
                let e = parse::<ConnectorPatch>(br#"{"tariff_ids":["1"],"tariff_ids":["2"]}"#)
                    .unwrap_err();
                assert_contains(&e.message, "duplicate field `tariff_ids`");
            }
        }
    };
}

shared_location_checks!(v2_2_1, "2.2.1");
shared_location_checks!(v2_3_0, "2.3.0");
