//! 2.1.1 CDRs module: the example of `mod_cdrs.md` and malformed documents.
//!
//! Errata of the 2.1.1 CDR example (`mod_cdrs__example_of_a_cdr.json`), each asserted below:
//! - `location.type` is `"on_street"`, a LocationType in the wrong case (`Tolerant`);
//! - `location.evses[0]` sends `STATUS` instead of `status` (`EVSE.status` is `lax`; `STATUS`
//!   is kept as an unknown field);
//! - `tariffs[0].elements[0].price_components[0].price` is the string `"2.00"`
//!   (`PriceComponent.price` is `Tolerant<Number>`);
//! - `tariffs[0]` has no `last_updated` (`Tariff.last_updated` is `lax`); the example puts a
//!   `last_updated` inside the tariff element instead (kept as an unknown field).

use crate::common;
use crate::common::assert_clean;
use crate::common::{assert_refused, dt, num, replaced};

use common::{fixture, round_trip_fixture};
use ocpi_protocol::json::parse;
use ocpi_protocol::types::{Tolerant, Warning, WarningKind};
use ocpi_protocol::v2_1_1::cdrs::{AuthMethod, Cdr, CdrDimension, CdrDimensionType};
use ocpi_protocol::v2_1_1::tariffs::TariffDimensionType;

const CDR: &str = "mod_cdrs__example_of_a_cdr.json";

#[test]
fn the_cdr_example_round_trips_with_its_errata() {
    common::assert_fixture_names("2.1.1", |n| n.starts_with("mod_cdrs__"), &[CDR]);

    let p = round_trip_fixture::<Cdr>("2.1.1", CDR);
    let w = |path: &str, kind: WarningKind| Warning {
        path: path.to_owned(),
        kind,
    };
    assert_eq!(
        p.warnings,
        vec![
            w(
                "location.type",
                WarningKind::Tolerated {
                    reason: "LocationType value \"on_street\" differs only in case from \
                             \"ON_STREET\"; enum values are case sensitive"
                        .to_owned()
                }
            ),
            common::five_decimal_coordinates("location.")[0].clone(),
            common::five_decimal_coordinates("location.")[1].clone(),
            w("location.evses[0].status", WarningKind::MissingRequired),
            w(
                "tariffs[0].elements[0].price_components[0].price",
                WarningKind::Tolerated {
                    reason: "expected a JSON number, found \"\\\"2.00\\\"\"".to_owned()
                }
            ),
            w("tariffs[0].last_updated", WarningKind::MissingRequired),
        ]
    );

    let cdr = p.value;
    assert_eq!(cdr.id, "12345");
    assert_eq!(cdr.start_date_time, dt("2015-06-29T21:39:09Z"));
    assert_eq!(cdr.stop_date_time, dt("2015-06-29T23:37:32Z"));
    assert_eq!(cdr.auth_id, "DE8ACC12E46L89");
    assert_eq!(cdr.auth_method, AuthMethod::Whitelist);
    assert_eq!(cdr.currency, "EUR");
    assert_eq!(cdr.total_cost.to_string(), "4.00");
    assert_eq!(cdr.total_energy, num("15.342"));
    assert_eq!(cdr.total_time, num("1.973"));
    assert_eq!(cdr.total_parking_time, None);
    assert_eq!(cdr.remark, None);
    assert_eq!(cdr.last_updated, dt("2015-06-29T22:01:13Z"));
    assert!(cdr.unknown_fields.is_empty());

    let evse = &cdr.location.evses.as_ref().unwrap()[0];
    assert_eq!(
        evse.unknown_fields.get("STATUS").unwrap().get(),
        "\"AVAILABLE\""
    );
    assert_eq!(evse.connectors[0].tariff_id.as_deref(), Some("11"));

    let tariff = &cdr.tariffs.as_ref().unwrap()[0];
    assert_eq!(tariff.id, "12");
    assert_eq!(tariff.last_updated, None);
    let element = &tariff.elements[0];
    assert_eq!(
        element.unknown_fields.get("last_updated").unwrap().get(),
        "\"2015-02-02T14:15:01Z\""
    );
    let pc = &element.price_components[0];
    assert_eq!(pc.r#type, TariffDimensionType::Time);
    match &pc.price {
        Tolerant::Deviating(d) => assert_eq!(d.raw().get(), "\"2.00\""),
        other => panic!("{other:?}"),
    }
    assert_eq!(pc.step_size, 300);

    let period = &cdr.charging_periods[0];
    assert_eq!(period.start_date_time, dt("2015-06-29T21:39:09Z"));
    assert_eq!(
        period.dimensions,
        vec![CdrDimension::new(
            Tolerant::Valid(CdrDimensionType::Time),
            num("1.973")
        )]
    );
    assert!(period.unknown_fields.is_empty());
}

/// The CDR example with its errata corrected: a conforming CDR.
pub(crate) fn conforming() -> String {
    fixture("2.1.1", CDR)
        .replace("\"3.72994\"", "\"3.729940\"")
        .replace("\"51.04759\"", "\"51.047590\"")
        .replace("\"on_street\"", "\"ON_STREET\"")
        .replace("\"STATUS\"", "\"status\"")
        .replace("\"price\": \"2.00\"", "\"price\": 2.00")
        .replace(
            "\t\t\t}],\n\t\t\t\"last_updated\": \"2015-02-02T14:15:01Z\"\n\t\t}]\n",
            "\t\t\t}]\n\t\t}],\n\t\t\"last_updated\": \"2015-02-02T14:15:01Z\"\n",
        )
}

#[test]
fn corrected_example_has_no_warnings() {
    let json = conforming();
    let p = assert_clean::<Cdr>(&json);
    let tariff = &p.value.tariffs.as_ref().unwrap()[0];
    assert_eq!(tariff.last_updated, Some(dt("2015-02-02T14:15:01Z")));
    assert_eq!(
        tariff.elements[0].price_components[0].price,
        Tolerant::Valid(num("2.00"))
    );
}

fn variant(from: &str, to: &str) -> String {
    replaced(&conforming(), from, to)
}

#[test]
fn malformed_cdrs_are_refused_with_their_path() {
    // `COMMAND` is a 2.2.1 AuthMethod; in 2.1.1 it is an unknown value, kept.
    let p = parse::<Cdr>(variant("\"WHITELIST\"", "\"COMMAND\"").as_bytes()).unwrap();
    assert!(!p.value.auth_method.is_known());
    // `+` cardinality.
    let json = conforming();
    let start = json.find("\"charging_periods\"").unwrap();
    let end = json.find("\"total_cost\"").unwrap();
    let no_periods = format!(
        "{}\"charging_periods\": [],\n\t{}",
        &json[..start],
        &json[end..]
    );
    assert_refused::<Cdr>(&no_periods, "charging_periods", "at least one element");
}

#[test]
fn cdr_enums_list_every_value_of_the_spec_in_order() {
    let wire = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        AuthMethod::KNOWN
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>(),
        wire(&["AUTH_REQUEST", "WHITELIST"])
    );
    assert_eq!(
        CdrDimensionType::KNOWN
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>(),
        wire(&[
            "ENERGY",
            "FLAT",
            "MAX_CURRENT",
            "MIN_CURRENT",
            "PARKING_TIME",
            "TIME"
        ])
    );
}
