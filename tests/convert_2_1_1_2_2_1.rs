//! Conversions between OCPI 2.1.1 and 2.2.1 (`src/convert/v211_v221.rs`).
//!
//! - Every official example of both versions converts both ways: old → new → old gives back
//!   the original exactly (plus only the fields an input added, each named), and new → old →
//!   new gives back the original minus exactly the fields reported as lost (except those the
//!   inputs give back, each named). The loss lists are asserted in full.
//! - Examples that carry errata the 2.2.1 model cannot hold (a price written as a string, a
//!   lower-case dimension type, timestamps with offsets) fail with the error's path; corrected
//!   in the typed value, they convert.
//! - Each input shows up in the result; each error case has a test.
//!
//! The 2.1.1 PATCH example for Tariffs ("Change Tariff to 2,50") has no 2.2.1 counterpart:
//! 2.2 removed PATCH from Tariffs, so no conversion exists for it.

mod common;

use std::collections::BTreeMap;

use common::{exact_json_eq, fixture};
use ocpi_protocol::convert::v211_v221::LocationDowngrade;
use ocpi_protocol::convert::{Convert, ConvertError, Converted};
use ocpi_protocol::json::parse;
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::{
    CiString, Conformance, CountryCode, DateTime, Number, OcpiString, PartyId, PatchField, Price,
    Role, Tolerant, Url,
};
use ocpi_protocol::{v2_1_1 as v211, v2_2_1 as v221};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use v211::locations as l1;
use v221::locations as l2;

type LocationInput = <l1::Location as Convert<l2::Location>>::Input;
type EvseInput = <l1::Evse as Convert<l2::Evse>>::Input;
type PatchInput = <l1::LocationPatch as Convert<l2::LocationPatch>>::Input;
type SessionInput = <v211::sessions::Session as Convert<v221::sessions::Session>>::Input;
type SessionPatchInput =
    <v211::sessions::SessionPatch as Convert<v221::sessions::SessionPatch>>::Input;
type CdrInput = <v211::cdrs::Cdr as Convert<v221::cdrs::Cdr>>::Input;
type TokenInput = <v211::tokens::Token as Convert<v221::tokens::Token>>::Input;
type CommandResponseInput =
    <v211::commands::CommandResponse as Convert<v221::commands::CommandResponse>>::Input;
type CredentialsInput =
    <v211::credentials::Credentials as Convert<v221::credentials::Credentials>>::Input;
type CredentialsChoice =
    <v221::credentials::Credentials as Convert<v211::credentials::Credentials>>::Input;
type EndpointRoles = <v211::versions::Endpoint as Convert<v221::versions::Endpoint>>::Input;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn read<T: DeserializeOwned + Conformance>(json: &str) -> T {
    parse::<T>(json.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
        .value
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn dt(s: &str) -> DateTime {
    DateTime::parse(s).unwrap()
}

fn num(s: &str) -> Number {
    Number::parse(s).unwrap()
}

fn party(country_code: &str, party_id: &str) -> PartyRef {
    PartyRef::new(
        CountryCode::new(country_code).unwrap(),
        PartyId::new(party_id).unwrap(),
    )
}

fn ci<const N: usize>(s: &str) -> CiString<N> {
    CiString::new(s).unwrap()
}

fn text<const N: usize>(s: &str) -> OcpiString<N> {
    OcpiString::new(s).unwrap()
}

/// A CdrToken with its owner, as an input.
fn cdr_token(uid: &str, contract_id: &str, owner: PartyRef) -> v221::cdrs::CdrToken {
    v221::cdrs::CdrToken::new(
        owner.country_code,
        owner.party_id,
        ci(uid),
        v221::tokens::TokenType::Rfid,
        ci(contract_id),
    )
}

/// The JSON body of a 2.1.1 example published after a request line (`PUT To URL: …`).
fn body(name: &str) -> String {
    let text = fixture("2.1.1", name);
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(
        first.starts_with("PUT To URL: ") || first.starts_with("PATCH To URL: "),
        "{first}"
    );
    rest.to_owned()
}

/// The value of the one member of an example: a 2.1.1 bare member (`"energy_mix": {…}`,
/// put between braces, trailing commas removed) or a 2.2.1 one-member document.
fn member(version: &str, name: &str) -> String {
    let text = fixture(version, name);
    let doc = if text.trim_start().starts_with('{') {
        text
    } else {
        common::without_trailing_commas(&format!("{{{text}}}"))
    };
    let map: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&doc).unwrap();
    assert_eq!(map.len(), 1, "{name}");
    map.into_values().next().unwrap().get().to_owned()
}

/// The `data` of an example response envelope.
fn data(version: &str, name: &str) -> String {
    let map: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(&fixture(version, name)).unwrap();
    map["data"].get().to_owned()
}

/// The elements of a JSON list, as texts.
fn elements(list: &str) -> Vec<String> {
    let items: Vec<Box<RawValue>> = serde_json::from_str(list).unwrap();
    items.iter().map(|i| i.get().to_owned()).collect()
}

fn paths<T>(c: &Converted<T>) -> Vec<&str> {
    c.losses.iter().map(|l| l.path.as_str()).collect()
}

#[track_caller]
fn convert<S: Convert<T>, T>(value: S, input: &S::Input) -> Converted<T> {
    match value.convert(input) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[track_caller]
fn error<S: Convert<T>, T>(value: S, input: &S::Input) -> ConvertError {
    match value.convert(input) {
        Ok(_) => panic!("converted, expected an error"),
        Err(e) => e,
    }
}

/// A JSON document as a tree whose leaves keep their text.
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Leaf(String),
}

fn tree(text: &str) -> Json {
    let t = text.trim();
    if t.starts_with('{') {
        let map: BTreeMap<String, Box<RawValue>> = serde_json::from_str(t).unwrap();
        Json::Object(map.into_iter().map(|(k, v)| (k, tree(v.get()))).collect())
    } else if t.starts_with('[') {
        let list: Vec<Box<RawValue>> = serde_json::from_str(t).unwrap();
        Json::Array(list.iter().map(|v| tree(v.get())).collect())
    } else {
        Json::Leaf(t.to_owned())
    }
}

fn write(j: &Json) -> String {
    match j {
        Json::Object(m) => {
            let fields: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), write(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Json::Array(l) => format!("[{}]", l.iter().map(write).collect::<Vec<_>>().join(",")),
        Json::Leaf(t) => t.clone(),
    }
}

/// Removes the field or element at `path` (`a.b[2].c`); it must exist.
fn remove(j: &mut Json, path: &str) {
    let mut segments: Vec<Result<String, usize>> = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            segments.push(Ok(name.to_owned()));
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            segments.push(Err(index.trim_end_matches(']').parse().unwrap()));
        }
    }
    let (last, parents) = segments.split_last().unwrap();
    let mut node = j;
    for s in parents {
        node = match (node, s) {
            (Json::Object(m), Ok(k)) => {
                &mut m
                    .iter_mut()
                    .find(|(n, _)| n == k)
                    .unwrap_or_else(|| panic!("{path}: no {k}"))
                    .1
            }
            (Json::Array(l), Err(i)) => &mut l[*i],
            _ => panic!("{path}: wrong shape"),
        };
    }
    match (node, last) {
        (Json::Object(m), Ok(k)) => {
            let at = m
                .iter()
                .position(|(n, _)| n == k)
                .unwrap_or_else(|| panic!("{path}: absent"));
            m.remove(at);
        }
        (Json::Array(l), Err(i)) => {
            assert!(*i < l.len(), "{path}: absent");
            l.remove(*i);
        }
        _ => panic!("{path}: wrong shape"),
    }
}

/// `text` without the fields at `paths` (removed last first, so indexes stay right).
fn strip(text: &str, paths: &[&str]) -> String {
    let mut j = tree(text);
    for p in paths.iter().rev() {
        remove(&mut j, p);
    }
    write(&j)
}

/// `text` with every `latitude` and `longitude` of fewer than 6 decimals padded with zeros to
/// 6: what 2.1.1 requires, and what a downgrade writes (the official 2.1.1 examples write 5).
fn coordinates_padded(text: &str) -> String {
    fn pad(j: &mut Json) {
        match j {
            Json::Object(m) => {
                for (k, v) in m.iter_mut() {
                    match v {
                        Json::Leaf(t) if k == "latitude" || k == "longitude" => {
                            let decimals =
                                t.trim_matches('"').split_once('.').map_or(0, |d| d.1.len());
                            if decimals < 6 {
                                *t = format!(
                                    "{}{}\"",
                                    t.trim_end_matches('"'),
                                    "0".repeat(6 - decimals)
                                );
                            }
                        }
                        _ => pad(v),
                    }
                }
            }
            Json::Array(l) => l.iter_mut().for_each(pad),
            Json::Leaf(_) => {}
        }
    }
    let mut j = tree(text);
    pad(&mut j);
    write(&j)
}

#[track_caller]
fn assert_same(expected: &str, got: &str) {
    if let Err(d) = exact_json_eq(expected, got) {
        panic!("{d}\nexpected: {expected}\ngot: {got}");
    }
}

/// old → new → old. Asserts both loss lists and that the result is the original plus only the
/// fields at `added` (given by an input). Returns the upgraded value.
#[track_caller]
fn old_new_old<O, N>(
    original: &str,
    up_input: &<O as Convert<N>>::Input,
    down_input: &<N as Convert<O>>::Input,
    up: &[&str],
    down: &[&str],
    added: &[&str],
) -> N
where
    O: DeserializeOwned + Conformance + Serialize + Convert<N>,
    N: Serialize + Clone + Convert<O>,
{
    let new = convert::<O, N>(read(original), up_input);
    assert_eq!(paths(&new), up, "losses upgrading");
    let back = convert::<N, O>(new.value.clone(), down_input);
    assert_eq!(paths(&back), down, "losses downgrading");
    // Coordinates compared as 2.1.1 writes them: a Location the downgrade writes has its
    // coordinates padded, one the application gives (a Session's) is kept as given.
    assert_same(
        &coordinates_padded(original),
        &coordinates_padded(&strip(&json(&back.value), added)),
    );
    new.value
}

/// new → old → new. Asserts both loss lists and that the result is the original without the
/// fields reported lost going down (except those at `restored`, which an input gives back)
/// and with the fields at `added` (given by an input). Returns the downgraded value.
#[track_caller]
fn new_old_new<N, O>(
    original: &str,
    down_input: &<N as Convert<O>>::Input,
    up_input: &<O as Convert<N>>::Input,
    down: &[&str],
    up: &[&str],
    restored: &[&str],
    added: &[&str],
) -> O
where
    N: DeserializeOwned + Conformance + Serialize + Convert<O>,
    O: Serialize + Clone + Convert<N>,
{
    let old = convert::<N, O>(read(original), down_input);
    assert_eq!(paths(&old), down, "losses downgrading");
    let back = convert::<O, N>(old.value.clone(), up_input);
    assert_eq!(paths(&back), up, "losses upgrading");
    assert!(restored.iter().all(|r| down.contains(r)), "restored ⊆ lost");
    let gone: Vec<&str> = down
        .iter()
        .copied()
        .filter(|p| !restored.contains(p))
        .collect();
    assert_same(&strip(original, &gone), &strip(&json(&back.value), added));
    old.value
}

// ---------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------

const L1_LOCATION: &str = "mod_locations__location_object_example.json";
const OWNER: [&str; 2] = ["country_code", "party_id"];

fn location_input() -> LocationInput {
    LocationInput::new(party("BE", "BEC"), true).with_time_zone(text("Europe/Brussels"))
}

/// The 2.1.1 Location example, as the location of the 2.2.1 Session and CDR examples (LOC1,
/// EVSE 3256, connector 1).
fn l1_location() -> l1::Location {
    read(&fixture("2.1.1", L1_LOCATION))
}

/// 2.1.1 coordinates have exactly 6 decimals, 2.2.1 ones 5 to 7: a downgrade pads with zeros
/// (the same value) or rounds, reporting a rounding that changes the value.
#[test]
fn coordinates_get_2_1_1_decimals_going_down() {
    let upgraded = convert::<l1::Location, l2::Location>(l1_location(), &location_input()).value;
    let mut new = upgraded.clone();
    new.coordinates.latitude = "51.04759".parse().unwrap();
    new.coordinates.longitude = "3.7299449".parse().unwrap();
    let back = convert::<l2::Location, l1::Location>(new, &LocationDowngrade::default());
    assert_eq!(back.value.coordinates.latitude, "51.047590");
    assert_eq!(back.value.coordinates.longitude, "3.729945");
    assert!(paths(&back).contains(&"coordinates.longitude"));
    assert!(!paths(&back).contains(&"coordinates.latitude"));
    // 6 decimals cross unchanged, and nothing is reported.
    let mut new = upgraded;
    new.coordinates.longitude = "3.729940".parse().unwrap();
    new.coordinates.latitude = "51.0475900".parse().unwrap();
    let back = convert::<l2::Location, l1::Location>(new, &LocationDowngrade::default());
    assert_eq!(back.value.coordinates.longitude, "3.729940");
    assert_eq!(back.value.coordinates.latitude, "51.047590");
    assert!(!paths(&back).iter().any(|p| p.starts_with("coordinates")));
}

#[test]
fn location_example_upgrades_and_comes_back() {
    let new: l2::Location = old_new_old::<l1::Location, l2::Location>(
        &fixture("2.1.1", L1_LOCATION),
        &location_input(),
        &LocationDowngrade::default(),
        &[],
        &["country_code", "party_id", "publish"],
        // Required by 2.2.1, absent from the example: given by the input, kept going back.
        &["time_zone"],
    );
    assert_eq!(new.country_code, "BE");
    assert_eq!(new.party_id, "BEC");
    assert!(new.publish);
    assert_eq!(new.time_zone, "Europe/Brussels");
    assert_eq!(new.parking_type, Some(l2::ParkingType::OnStreet));
    let evse = &new.evses.as_ref().unwrap()[0];
    assert_eq!(evse.uid, "3256");
    // The example's EVSEs send `id` (not a 2.1.1 field): it crosses as an unknown field.
    assert_eq!(
        evse.unknown_fields.get("id").unwrap().get(),
        "\"BE-BEC-E041503001\""
    );
    let connector = &evse.connectors[0];
    assert_eq!(connector.max_voltage, Some(220));
    assert_eq!(connector.max_amperage, Some(16));
    assert_eq!(connector.tariff_ids.as_deref(), Some(&[ci("11")][..]));
}

#[test]
fn location_inputs_arrive() {
    let input =
        LocationInput::new(party("NL", "ABC"), false).with_time_zone(text("Europe/Amsterdam"));
    let new: l2::Location = convert(l1_location(), &input).value;
    assert_eq!(
        (new.country_code, new.party_id),
        (input.party.country_code, input.party.party_id)
    );
    assert!(!new.publish);
    assert_eq!(new.time_zone, "Europe/Amsterdam");

    // A Location with its own time zone keeps it; the input's is a fallback.
    let mut own = l1_location();
    own.time_zone = Some(text("Europe/Brussels"));
    let new: l2::Location = convert(own, &input).value;
    assert_eq!(new.time_zone, "Europe/Brussels");

    // Without either, the required field cannot be made.
    let e = error::<_, l2::Location>(l1_location(), &LocationInput::new(party("BE", "BEC"), true));
    assert_eq!(e.path, "time_zone");
}

/// Every 2.2.1 Location example: new → old → new. `publish` and the owner come back from the
/// input (made from the original); `publish_allowed_to` does not.
#[test]
fn every_2_2_1_location_example_downgrades_and_comes_back() {
    let cases: [(&str, &[&str]); 6] = [
        ("location_example.json", &[]),
        ("location_example_parking_garage_opening_hours.json", &[]),
        ("location_example_uc2_destination_charger.json", &[]),
        (
            "location_example_uc3_destination_charger_not_published.json",
            &[],
        ),
        (
            "location_example_uc4_limited_visibility.json",
            &["publish_allowed_to"],
        ),
        (
            "location_example_uc5_home_charge_point.json",
            // ON_DRIVEWAY has no 2.1.1 LocationType: sent as OTHER, reported.
            &["publish_allowed_to", "parking_type"],
        ),
    ];
    for (name, extra) in cases {
        let original = fixture("2.2.1", name);
        let parsed: l2::Location = read(&original);
        let input = LocationInput::new(
            PartyRef::new(parsed.country_code, parsed.party_id),
            parsed.publish,
        );
        let mut down = vec!["country_code", "party_id", "publish"];
        down.extend_from_slice(extra);
        // A parking type sent as OTHER comes back as none, reported.
        let up: &[&str] = if extra.contains(&"parking_type") {
            &["type"]
        } else {
            &[]
        };
        let old: l1::Location = new_old_new::<l2::Location, l1::Location>(
            &original,
            &LocationDowngrade::default(),
            &input,
            &down,
            up,
            &["country_code", "party_id", "publish"],
            &[],
        );
        // The time zone, optional in 2.1.1, is written.
        assert_eq!(old.time_zone.as_ref(), Some(&parsed.time_zone), "{name}");
    }
}

#[test]
fn parking_type_and_location_type() {
    use l1::LocationType as T;
    let up = |t: T| convert::<T, Option<l2::ParkingType>>(t, &());
    for (t, p) in [
        (T::OnStreet, l2::ParkingType::OnStreet),
        (T::ParkingGarage, l2::ParkingType::ParkingGarage),
        (T::UndergroundGarage, l2::ParkingType::UndergroundGarage),
        (T::ParkingLot, l2::ParkingType::ParkingLot),
    ] {
        let c = up(t);
        assert_eq!(c.value, Some(p));
        assert!(c.losses.is_empty());
    }
    // UNKNOWN is what an absent parking type means: nothing lost.
    let c = up(T::Unknown);
    assert_eq!(c.value, None);
    assert!(c.losses.is_empty());
    // OTHER ("none of the given possibilities") was removed in 2.2: no parking type, reported.
    let c = up(T::Other);
    assert_eq!(c.value, None);
    assert_eq!(paths(&c), [""]);
    assert!(
        c.losses[0].reason.contains("OTHER"),
        "{}",
        c.losses[0].reason
    );

    let down = |p: Option<l2::ParkingType>| convert::<_, T>(p, &()).value;
    assert_eq!(down(None), T::Unknown);
    assert_eq!(down(Some(l2::ParkingType::ParkingLot)), T::ParkingLot);
    // Values added in 2.2 have no 2.1.1 LocationType: they are sent as OTHER ("none of the
    // given possibilities"), reported. (They used to keep their wire text, which a 2.1.1
    // peer refuses.)
    for p in [l2::ParkingType::AlongMotorway, l2::ParkingType::OnDriveway] {
        let c = convert::<_, T>(Some(p), &());
        assert_eq!(c.value, T::Other);
        assert_eq!(paths(&c), [""]);
    }

    // In a Location, OTHER is reported under `type`; UNKNOWN round-trips through absence.
    let mut other = l1_location();
    other.r#type = Tolerant::Valid(T::Other);
    let c = convert::<_, l2::Location>(other, &location_input());
    assert_eq!(paths(&c), ["type"]);
    assert_eq!(c.value.parking_type, None);
    let mut unknown = l1_location();
    unknown.r#type = Tolerant::Valid(T::Unknown);
    let c = convert::<_, l2::Location>(unknown, &location_input());
    assert!(c.losses.is_empty());
    let back = convert::<_, l1::Location>(c.value, &LocationDowngrade::default()).value;
    assert_eq!(back.r#type, Tolerant::Valid(T::Unknown));
}

/// The 2.1.1 Session and CDR examples send `"on_street"`: not a LocationType. Into the
/// optional `parking_type` it is left out and reported.
#[test]
fn non_conforming_location_type_is_left_out() {
    let session: v211::sessions::Session = read(&fixture(
        "2.1.1",
        "mod_sessions__simple_session_example_of_a_just_starting_session.json",
    ));
    let mut location = session.location;
    location.evses.as_mut().unwrap()[0].status = Some(l1::Status::Available);
    let c = convert::<_, l2::Location>(location, &location_input());
    assert_eq!(paths(&c), ["type"]);
    assert!(
        c.losses[0].reason.contains("\"on_street\""),
        "{}",
        c.losses[0].reason
    );
    assert_eq!(c.value.parking_type, None);
}

#[test]
fn location_errors() {
    // An id that 2.2.1 cannot hold (39 → 36 characters) is never shortened.
    let mut long = l1_location();
    long.id = text("L".repeat(37).as_str());
    let e = error::<_, l2::Location>(long, &location_input());
    assert_eq!(e.path, "id");
    // A 2.1.1 string may hold non-ASCII text; a 2.2.1 CiString may not.
    let mut accented = l1_location();
    accented.evses.as_mut().unwrap()[1].uid = text("é1");
    let e = error::<_, l2::Location>(accented, &location_input());
    assert_eq!(e.path, "evses[1].uid");
    // A 2.2.1 Location without postal code cannot be a 2.1.1 one.
    let mut no_postal: l2::Location = read(&fixture("2.2.1", "location_example.json"));
    no_postal.postal_code = None;
    let e = error::<_, l1::Location>(no_postal.clone(), &LocationDowngrade::default());
    assert_eq!(e.path, "postal_code");
    // With the application's fallback it crosses, and the loss says so.
    let fallback = LocationDowngrade {
        postal_code: Some(ocpi_protocol::types::OcpiString::new("0000").unwrap()),
    };
    let c = convert::<_, l1::Location>(no_postal, &fallback);
    assert_eq!(c.value.postal_code.as_str(), "0000");
    assert_eq!(
        paths(&c),
        ["country_code", "party_id", "publish", "postal_code"]
    );
}

#[test]
fn location_downgrade_reports_state() {
    let mut new: l2::Location = read(&fixture("2.2.1", "location_example.json"));
    new.state = Some(text("Oost-Vlaanderen"));
    let c = convert::<_, l1::Location>(new, &LocationDowngrade::default());
    assert_eq!(paths(&c), ["country_code", "party_id", "publish", "state"]);
}

#[test]
fn unknown_fields_cross_unless_they_would_be_written_twice() {
    let mut old = l1_location();
    old.unknown_fields.insert(
        "x_extension",
        RawValue::from_string("{\"a\":[1,2.50]}".into()).unwrap(),
    );
    // A 2.1.1 peer sending a 2.2.1 field name: 2.2.1 writes `publish` itself.
    old.unknown_fields
        .insert("publish", RawValue::from_string("false".into()).unwrap());
    let c = convert::<_, l2::Location>(old, &location_input());
    assert_eq!(paths(&c), ["publish"]);
    assert!(c.value.publish);
    assert_eq!(c.value.unknown_fields.len(), 1);
    assert_eq!(
        c.value.unknown_fields.get("x_extension").unwrap().get(),
        "{\"a\":[1,2.50]}"
    );
    let text = json(&c.value);
    assert_eq!(text.matches("\"publish\"").count(), 1);
    assert!(text.contains("\"x_extension\":{\"a\":[1,2.50]}"), "{text}");
}

#[test]
fn add_an_evse_example() {
    let original = body("mod_locations__example_add_an_evse.json");
    // The example has no last_updated, which 2.2.1 requires.
    let e = error::<_, l2::Evse>(read::<l1::Evse>(&original), &EvseInput::new());
    assert_eq!(e.path, "last_updated");
    let input = EvseInput::new().with_last_updated(dt("2015-06-29T20:39:09Z"));
    let new: l2::Evse =
        old_new_old::<l1::Evse, l2::Evse>(&original, &input, &(), &[], &[], &["last_updated"]);
    assert_eq!(new.last_updated, dt("2015-06-29T20:39:09Z"));
    // Its number `physical_reference` (an erratum in both versions) crosses verbatim, and so
    // does `floor` (no field of either version).
    assert!(matches!(
        new.physical_reference,
        Some(Tolerant::Deviating(_))
    ));
    assert_eq!(new.unknown_fields.get("floor").unwrap().get(), "-1");
    assert_eq!(
        new.connectors[0].tariff_ids.as_deref(),
        Some(&[ci("14")][..])
    );
}

#[test]
fn evse_fallbacks_arrive_only_when_missing() {
    let mut evse = l1_location().evses.unwrap().remove(0);
    evse.status = None;
    let e = error::<_, l2::Evse>(evse.clone(), &EvseInput::new());
    assert_eq!(e.path, "status");
    let input = EvseInput::new()
        .with_status(l1::Status::Unknown)
        .with_last_updated(dt("2000-01-01T00:00:00Z"));
    let new: l2::Evse = convert(evse, &input).value;
    assert_eq!(new.status, l2::Status::Unknown);
    // The EVSE has its own last_updated: the fallback is not used.
    assert_eq!(new.last_updated, dt("2015-06-28T08:12:01Z"));

    // Through a Location.
    let mut location = l1_location();
    location.evses.as_mut().unwrap()[1].status = None;
    let e = error::<_, l2::Location>(location.clone(), &location_input());
    assert_eq!(e.path, "evses[1].status");
    let input = location_input().with_evses(EvseInput::new().with_status(l1::Status::Planned));
    let new: l2::Location = convert(location, &input).value;
    assert_eq!(new.evses.unwrap()[1].status, l2::Status::Planned);
}

#[test]
fn the_2_2_1_evse_put_example() {
    new_old_new::<l2::Evse, l1::Evse>(
        &fixture("2.2.1", "location_put_example_add_evse.json"),
        &(),
        &EvseInput::new(),
        &[],
        &[],
        &[],
        &[],
    );
}

#[test]
fn connector_tariffs_and_power() {
    let mut c: l2::Connector = read(
        r#"{"id":"1","standard":"CHAOJI","format":"CABLE","power_type":"AC_2_PHASE",
            "max_voltage":230,"max_amperage":32,"max_electric_power":11000,
            "tariff_ids":["A","B","C"],"last_updated":"2019-06-24T12:39:09Z"}"#,
    );
    // CHAOJI and AC_2_PHASE (added in 2.2) have no 2.1.1 value and none fits: the connector
    // cannot cross (it used to keep their wire text, which a 2.1.1 peer refuses).
    assert_eq!(error::<_, l1::Connector>(c.clone(), &()).path, "standard");
    c.standard = l2::ConnectorType::Iec62196T2;
    assert_eq!(error::<_, l1::Connector>(c.clone(), &()).path, "power_type");
    c.power_type = Some(l2::PowerType::Ac3Phase);
    let down = convert::<_, l1::Connector>(c.clone(), &());
    assert_eq!(
        paths(&down),
        ["max_electric_power", "tariff_ids[1]", "tariff_ids[2]"]
    );
    assert_eq!(down.value.tariff_id.as_ref().unwrap(), "A");
    assert_eq!(
        (down.value.voltage, down.value.amperage),
        (Some(230), Some(32))
    );
    assert_eq!(down.value.standard, l1::ConnectorType::Iec62196T2);
    assert_eq!(
        down.value.power_type.as_ref().unwrap().as_str(),
        "AC_3_PHASE"
    );
    let up = convert::<_, l2::Connector>(down.value, &());
    assert!(up.losses.is_empty());
    assert_eq!(up.value.standard, l2::ConnectorType::Iec62196T2);
    assert_eq!(up.value.power_type, Some(l2::PowerType::Ac3Phase));
    assert_eq!(up.value.tariff_ids.as_deref(), Some(&[ci("A")][..]));
    // No tariffs at all: no tariff_id.
    c.tariff_ids = Some(vec![]);
    assert_eq!(convert::<_, l1::Connector>(c, &()).value.tariff_id, None);
}

#[test]
fn every_2_1_1_location_patch_example() {
    let last_updated = dt("2015-06-29T20:39:09Z");
    let input = PatchInput::new().with_last_updated(last_updated);
    let added = ["last_updated"];

    let status = body("mod_locations__example_a_simple_status_update.json");
    let new = old_new_old::<l1::EvsePatch, l2::EvsePatch>(&status, &input, &(), &[], &[], &added);
    assert_eq!(new.status, Some(l2::Status::Charging));
    assert_eq!(new.last_updated, Some(last_updated));

    let removed = body("mod_locations__example_delete_an_evse.json");
    let new = old_new_old::<l1::EvsePatch, l2::EvsePatch>(&removed, &input, &(), &[], &[], &added);
    assert_eq!(new.status, Some(l2::Status::Removed));

    let name = body("mod_locations__example_change_the_location_name.json");
    let new =
        old_new_old::<l1::LocationPatch, l2::LocationPatch>(&name, &input, &(), &[], &[], &added);
    assert_eq!(new.name, PatchField::Value(text("Interparking Gent Zuid")));
    assert_eq!((new.country_code, new.party_id), (None, None));

    let tariff = body("mod_locations__example_set_tariff_update.json");
    let new = old_new_old::<l1::ConnectorPatch, l2::ConnectorPatch>(
        &tariff,
        &input,
        &(),
        &[],
        &[],
        &added,
    );
    assert_eq!(new.tariff_ids, PatchField::Value(vec![ci("15")]));

    // 2.2.1 requires last_updated in every PATCH; the 2.1.1 examples have none.
    let e = error::<_, l2::EvsePatch>(read::<l1::EvsePatch>(&status), &PatchInput::new());
    assert_eq!(e.path, "last_updated");
    let e = error::<_, l2::LocationPatch>(read::<l1::LocationPatch>(&name), &PatchInput::new());
    assert_eq!(e.path, "last_updated");
    let e = error::<_, l2::ConnectorPatch>(read::<l1::ConnectorPatch>(&tariff), &PatchInput::new());
    assert_eq!(e.path, "last_updated");
}

#[test]
fn every_2_2_1_location_patch_example() {
    let input = PatchInput::new();
    new_old_new::<l2::LocationPatch, l1::LocationPatch>(
        &fixture("2.2.1", "location_patch_example_location.json"),
        &(),
        &input,
        &[],
        &[],
        &[],
        &[],
    );
    for name in [
        "location_patch_example_remove_evse.json",
        "location_patch_example_status.json",
    ] {
        new_old_new::<l2::EvsePatch, l1::EvsePatch>(
            &fixture("2.2.1", name),
            &(),
            &input,
            &[],
            &[],
            &[],
            &[],
        );
    }
    let old = new_old_new::<l2::ConnectorPatch, l1::ConnectorPatch>(
        &fixture("2.2.1", "location_patch_example_tariff.json"),
        &(),
        &input,
        &[],
        &[],
        &[],
        &[],
    );
    assert_eq!(old.tariff_id, PatchField::Value(text("15")));
}

#[test]
fn location_patch_nulls_and_types() {
    let input = PatchInput::new().with_last_updated(dt("2020-01-01T00:00:00Z"));
    // `type: UNKNOWN` clears the parking type; `time_zone: null` cannot clear a required field.
    let old: l1::LocationPatch =
        read(r#"{"type":"UNKNOWN","time_zone":null,"postal_code":"9000"}"#);
    let c = convert::<_, l2::LocationPatch>(old, &input);
    assert_eq!(paths(&c), ["time_zone"]);
    assert_eq!(c.value.parking_type, PatchField::Null);
    assert_eq!(c.value.time_zone, None);
    assert_eq!(c.value.postal_code, PatchField::Value(text("9000")));
    let old: l1::LocationPatch = read(r#"{"type":"OTHER"}"#);
    let c = convert::<_, l2::LocationPatch>(old, &input);
    assert_eq!(paths(&c), ["type"]);
    assert_eq!(c.value.parking_type, PatchField::Null);

    let new: l2::LocationPatch = read(
        r#"{"country_code":"BE","party_id":"BEC","publish":false,"publish_allowed_to":null,
            "state":null,"parking_type":null,"postal_code":null,"time_zone":"Europe/Brussels"}"#,
    );
    let c = convert::<_, l1::LocationPatch>(new, &());
    assert_eq!(
        paths(&c),
        [
            "country_code",
            "party_id",
            "publish",
            "publish_allowed_to",
            "state",
            "postal_code"
        ]
    );
    assert_eq!(
        c.value.r#type,
        Some(Tolerant::Valid(l1::LocationType::Unknown))
    );
    assert_eq!(c.value.postal_code, None);
    assert_eq!(
        c.value.time_zone,
        PatchField::Value(text("Europe/Brussels"))
    );
}

#[test]
fn connector_patch_tariffs() {
    let new: l2::ConnectorPatch = read(r#"{"tariff_ids":[],"max_electric_power":null}"#);
    let c = convert::<_, l1::ConnectorPatch>(new, &());
    assert_eq!(paths(&c), ["max_electric_power"]);
    assert_eq!(c.value.tariff_id, PatchField::Null);
    let new: l2::ConnectorPatch = read(r#"{"tariff_ids":["A","B"]}"#);
    let c = convert::<_, l1::ConnectorPatch>(new, &());
    assert_eq!(paths(&c), ["tariff_ids[1]"]);
    assert_eq!(c.value.tariff_id, PatchField::Value(text("A")));
    let old: l1::ConnectorPatch =
        read(r#"{"tariff_id":null,"last_updated":"2020-01-01T00:00:00Z"}"#);
    let c = convert::<_, l2::ConnectorPatch>(old, &PatchInput::new());
    assert_eq!(c.value.tariff_ids, PatchField::Null);
}

#[test]
fn energy_mix_examples() {
    for name in [
        "mod_locations__energymix_class_examples_simple.json",
        "mod_locations__energymix_class_examples_tariff_name_based.json",
        "mod_locations__energymix_class_examples_complete.json",
    ] {
        old_new_old::<l1::EnergyMix, l2::EnergyMix>(
            &member("2.1.1", name),
            &(),
            &(),
            &[],
            &[],
            &[],
        );
    }
    // `source` of an impact is `category` in 2.2.1.
    let complete = member(
        "2.1.1",
        "mod_locations__energymix_class_examples_complete.json",
    );
    let new: l2::EnergyMix = convert(read::<l1::EnergyMix>(&complete), &()).value;
    let impact = &new.environ_impact.unwrap()[1];
    assert_eq!(
        impact.category,
        l2::EnvironmentalImpactCategory::CarbonDioxide
    );
    assert_eq!(impact.amount, num("372"));
    for name in [
        "location_energymix_example_simple.json",
        "location_energymix_example_energy_provider.json",
        "location_energymix_example_complete.json",
    ] {
        let old = new_old_new::<l2::EnergyMix, l1::EnergyMix>(
            &member("2.2.1", name),
            &(),
            &(),
            &[],
            &[],
            &[],
            &[],
        );
        if let Some(impacts) = old.environ_impact {
            assert_eq!(
                impacts[0].source,
                l1::EnvironmentalImpactCategory::NuclearWaste
            );
        }
    }
}

#[test]
fn opening_hours() {
    // The 2.1.1 RegularHours example writes its exceptional periods with +02:00 offsets: not
    // an OCPI DateTime, and not rewritten.
    let hours = member("2.1.1", "mod_locations__regularhours_class_example.json");
    let e = error::<_, l2::Hours>(read::<l1::Hours>(&hours), &());
    assert_eq!(e.path, "exceptional_openings[0].period_begin");
    assert!(
        e.reason.contains("2014-06-21T09:00:00+02:00"),
        "{}",
        e.reason
    );
    // Corrected, it converts; going back it takes the 2.1.1 choice form (regular hours, no
    // `twentyfourseven`).
    let corrected = hours.replace("+02:00", "Z");
    let new: l2::Hours = convert(read::<l1::Hours>(&corrected), &()).value;
    assert!(!new.twentyfourseven);
    let back: l1::Hours = convert(new, &()).value;
    assert_same(&strip(&corrected, &["twentyfourseven"]), &json(&back));

    // The 2.1.1 choice: regular hours mean not 24/7; neither side is an error.
    let c = convert::<_, l2::Hours>(read::<l1::Hours>(r#"{"twentyfourseven":true}"#), &());
    assert!(c.value.twentyfourseven);
    let e = error::<_, l2::Hours>(read::<l1::Hours>(r#"{"exceptional_openings":[]}"#), &());
    assert_eq!(e.path, "twentyfourseven");

    for name in [
        "location_hours_247_open_exception_closing.json",
        "location_hours_opening_hours_with_exceptional_closing.json",
        "location_hours_opening_hours_with_exceptional_opening.json",
    ] {
        new_old_new::<l2::Hours, l1::Hours>(&fixture("2.2.1", name), &(), &(), &[], &[], &[], &[]);
    }
    let old = new_old_new::<l2::Hours, l1::Hours>(
        &member("2.2.1", "location_regularhours_example.json"),
        &(),
        &(),
        &[],
        &[],
        &[],
        &[],
    );
    assert_eq!(old.twentyfourseven, None);
    assert_eq!(old.regular_hours.unwrap().len(), 5);
}

#[test]
fn business_details_and_images() {
    let new: l2::BusinessDetails = read(
        r#"{"name":"X","logo":{"url":"https://x.example/l.png","category":"OPERATOR","type":"png"}}"#,
    );
    let old = convert::<_, l1::BusinessDetails>(new, &());
    assert!(old.losses.is_empty());
    assert_eq!(old.value.logo.as_ref().unwrap().r#type, "png");
    // A 2.1.1 image type is a string(4): non-ASCII text has no CiString(4) form.
    let mut old = old.value;
    old.logo.as_mut().unwrap().r#type = text("pñg");
    let e = error::<_, l2::BusinessDetails>(old, &());
    assert_eq!(e.path, "logo.type");
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

const STARTING: &str = "mod_sessions__simple_session_example_of_a_just_starting_session.json";
const FINISHED: &str = "mod_sessions__simple_session_example_of_a_short_finished_session.json";

/// What a 2.2.1 Session cannot hold of the Location the 2.1.1 Session examples embed.
const SESSION_EXAMPLE_LOCATION: [&str; 18] = [
    "location.type",
    "location.name",
    "location.address",
    "location.city",
    "location.postal_code",
    "location.country",
    "location.coordinates",
    "location.last_updated",
    "location.evses[0].evse_id",
    "location.evses[0].last_updated",
    "location.evses[0].STATUS",
    "location.evses[0].connectors[0].standard",
    "location.evses[0].connectors[0].format",
    "location.evses[0].connectors[0].power_type",
    "location.evses[0].connectors[0].voltage",
    "location.evses[0].connectors[0].amperage",
    "location.evses[0].connectors[0].tariff_id",
    "location.evses[0].connectors[0].last_updated",
];

/// What a 2.2.1 Session cannot hold of the 2.1.1 Location example, reduced to EVSE 3256 and
/// connector 1.
const LOCATION_EXAMPLE_FOR_SESSION: [&str; 23] = [
    "location.type",
    "location.name",
    "location.address",
    "location.city",
    "location.postal_code",
    "location.country",
    "location.coordinates",
    "location.operator",
    "location.last_updated",
    "location.evses[0].status",
    "location.evses[0].status_schedule",
    "location.evses[0].capabilities",
    "location.evses[0].floor_level",
    "location.evses[0].physical_reference",
    "location.evses[0].last_updated",
    "location.evses[0].id",
    "location.evses[0].connectors[0].standard",
    "location.evses[0].connectors[0].format",
    "location.evses[0].connectors[0].power_type",
    "location.evses[0].connectors[0].voltage",
    "location.evses[0].connectors[0].amperage",
    "location.evses[0].connectors[0].tariff_id",
    "location.evses[0].connectors[0].last_updated",
];

fn session_input() -> SessionInput {
    SessionInput::new(
        party("BE", "BEC"),
        cdr_token("012345678", "DE8ACC12E46L89", party("DE", "TNM")),
    )
}

#[test]
fn starting_session_example() {
    let original = fixture("2.1.1", STARTING);
    let old: v211::sessions::Session = read(&original);
    // Both 2.1.1 Session examples omit auth_method, which 2.2.1 requires.
    let e = error::<_, v221::sessions::Session>(old.clone(), &session_input());
    assert_eq!(e.path, "auth_method");

    let input = session_input().with_auth_method(v221::cdrs::AuthMethod::AuthRequest);
    let mut down = OWNER.to_vec();
    down.extend([
        "cdr_token.country_code",
        "cdr_token.party_id",
        "cdr_token.uid",
        "cdr_token.type",
    ]);
    let new = old_new_old::<v211::sessions::Session, v221::sessions::Session>(
        &original,
        &input,
        &old.location,
        &SESSION_EXAMPLE_LOCATION,
        &down,
        &["auth_method"],
    );
    assert_eq!(
        (new.country_code, new.party_id),
        (input.party.country_code, input.party.party_id)
    );
    assert_eq!(new.auth_method, v221::cdrs::AuthMethod::AuthRequest);
    // The token comes from the input; its contract id is the session's auth_id.
    assert_eq!(new.cdr_token, input.cdr_token);
    assert_eq!(
        (
            new.location_id.as_str(),
            new.evse_uid.as_str(),
            new.connector_id.as_str()
        ),
        ("LOC1", "3256", "1")
    );
    // The cost excludes VAT in 2.1.1: it is the Price's excl_vat, digit for digit.
    assert_eq!(new.total_cost, Some(Price::new(num("2.50"))));
    assert!(
        json(&new).contains(r#""total_cost":{"excl_vat":2.50}"#),
        "{}",
        json(&new)
    );
}

#[test]
fn finished_session_example_has_a_lower_case_dimension() {
    let old: v211::sessions::Session = read(&fixture("2.1.1", FINISHED));
    let input = session_input().with_auth_method(v221::cdrs::AuthMethod::Whitelist);
    let e = error::<_, v221::sessions::Session>(old.clone(), &input);
    assert_eq!(e.path, "charging_periods[1].dimensions[0].type");
    assert!(e.reason.contains("\"energy\""), "{}", e.reason);

    // Corrected, it converts and comes back.
    let mut corrected = old;
    corrected.charging_periods.as_mut().unwrap()[1].dimensions[0].r#type =
        Tolerant::Valid(v211::cdrs::CdrDimensionType::Energy);
    let mut down = OWNER.to_vec();
    down.extend([
        "cdr_token.country_code",
        "cdr_token.party_id",
        "cdr_token.uid",
        "cdr_token.type",
    ]);
    let new = old_new_old::<v211::sessions::Session, v221::sessions::Session>(
        &json(&corrected),
        &input,
        &corrected.location,
        &SESSION_EXAMPLE_LOCATION,
        &down,
        &["auth_method"],
    );
    let periods = new.charging_periods.unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[2].dimensions[0].volume, num("0.718"));
    assert_eq!(periods[2].tariff_id, None);
}

#[test]
fn total_cost_patch_example() {
    let original = body("mod_sessions__example_update_the_total_cost.json");
    let e = error::<_, v221::sessions::SessionPatch>(
        read::<v211::sessions::SessionPatch>(&original),
        &SessionPatchInput::new(),
    );
    assert_eq!(e.path, "last_updated");
    let input = SessionPatchInput::new().with_last_updated(dt("2015-06-29T22:01:13Z"));
    let new = old_new_old::<v211::sessions::SessionPatch, v221::sessions::SessionPatch>(
        &original,
        &input,
        &(),
        &[],
        &[],
        &["last_updated"],
    );
    assert_eq!(new.total_cost, PatchField::Value(Price::new(num("0.60"))));
    assert_eq!(new.last_updated, Some(dt("2015-06-29T22:01:13Z")));
}

#[test]
fn every_2_2_1_session_example() {
    let cases: [(&str, &[&str]); 2] = [
        ("session_example_1_simple_start.json", &[]),
        (
            "session_example_2_short_finished.json",
            &["charging_periods[2].tariff_id", "total_cost.incl_vat"],
        ),
    ];
    for (name, extra) in cases {
        let original = fixture("2.2.1", name);
        let parsed: v221::sessions::Session = read(&original);
        let token = cdr_token(
            parsed.cdr_token.uid.as_str(),
            parsed.cdr_token.contract_id.as_str(),
            party("NL", "TST"),
        );
        let input = SessionInput::new(PartyRef::new(parsed.country_code, parsed.party_id), token);
        let mut down = vec![
            "country_code",
            "party_id",
            "cdr_token.uid",
            "cdr_token.type",
        ];
        down.extend_from_slice(extra);
        let old = new_old_new::<v221::sessions::Session, v211::sessions::Session>(
            &original,
            &l1_location(),
            &input,
            &down,
            &LOCATION_EXAMPLE_FOR_SESSION,
            &[
                "country_code",
                "party_id",
                "cdr_token.uid",
                "cdr_token.type",
            ],
            // The examples' cdr_token lacks its owner (an erratum); the input gives it.
            &["cdr_token.country_code", "cdr_token.party_id"],
        );
        // The given Location is reduced to the session's EVSE and connector.
        let evses = old.location.evses.unwrap();
        assert_eq!(evses.len(), 1, "{name}");
        assert_eq!(
            (evses[0].uid.as_str(), evses[0].connectors.len()),
            ("3256", 1)
        );
        assert_eq!(evses[0].connectors[0].id, "1");
        assert_eq!(old.auth_id, parsed.cdr_token.contract_id.as_str());
    }
}

#[test]
fn every_2_2_1_session_patch_example() {
    let old = new_old_new::<v221::sessions::SessionPatch, v211::sessions::SessionPatch>(
        &fixture("2.2.1", "session_patch_example_charging_period.json"),
        &(),
        &SessionPatchInput::new(),
        // 2.2.1 appends the periods of a PATCH, 2.1.1 would replace the list with them.
        &["charging_periods", "total_cost.incl_vat"],
        &[],
        &[],
        &[],
    );
    assert_eq!(old.total_cost, PatchField::Value(num("0.80")));
    assert_eq!(old.charging_periods, PatchField::Absent);
    new_old_new::<v221::sessions::SessionPatch, v211::sessions::SessionPatch>(
        &fixture("2.2.1", "session_patch_example_total_cost.json"),
        &(),
        &SessionPatchInput::new(),
        &["total_cost.incl_vat"],
        &[],
        &[],
        &[],
    );
}

#[test]
fn session_patch_token_location_and_periods() {
    let last = dt("2020-01-01T00:00:00Z");
    let old: v211::sessions::SessionPatch =
        read(r#"{"auth_id":"DE8ACC12E46L89","charging_periods":[],"status":"ACTIVE"}"#);
    // Changing auth_id replaces cdr_token whole in 2.2.1: the token must be given.
    let e = error::<_, v221::sessions::SessionPatch>(
        old.clone(),
        &SessionPatchInput::new().with_last_updated(last),
    );
    assert_eq!(e.path, "auth_id");
    let token = cdr_token("012345678", "DE8ACC12E46L89", party("DE", "TNM"));
    let input = SessionPatchInput::new()
        .with_last_updated(last)
        .with_cdr_token(token.clone());
    let c = convert::<_, v221::sessions::SessionPatch>(old, &input);
    assert_eq!(paths(&c), ["charging_periods"]);
    assert_eq!(c.value.cdr_token, Some(token));
    assert_eq!(c.value.charging_periods, None);

    // A whole Location in a 2.1.1 PATCH becomes the three ids.
    let mut with_location = v211::sessions::SessionPatch::default();
    with_location.location =
        Some(read::<v211::sessions::Session>(&fixture("2.1.1", STARTING)).location);
    let c = convert::<_, v221::sessions::SessionPatch>(with_location, &input);
    assert_eq!(paths(&c), SESSION_EXAMPLE_LOCATION);
    assert_eq!(c.value.evse_uid, Some(ci("3256")));

    // Going down, the ids cannot become a Location.
    let new: v221::sessions::SessionPatch = read(
        r#"{"location_id":"LOC1","evse_uid":"3256","connector_id":"1","authorization_reference":"x",
            "cdr_token":{"country_code":"DE","party_id":"TNM","uid":"1","type":"RFID","contract_id":"C"},
            "last_updated":"2020-01-01T00:00:00Z"}"#,
    );
    let c = convert::<_, v211::sessions::SessionPatch>(new, &());
    assert_eq!(
        paths(&c),
        [
            "cdr_token.country_code",
            "cdr_token.party_id",
            "cdr_token.uid",
            "cdr_token.type",
            "authorization_reference",
            "location_id",
            "evse_uid",
            "connector_id"
        ]
    );
    assert_eq!(c.value.auth_id, Some(text("C")));
}

#[test]
fn session_errors() {
    let mut old: v211::sessions::Session = read(&fixture("2.1.1", STARTING));
    old.auth_method = Some(v211::cdrs::AuthMethod::Whitelist);

    // The token given is for another contract, or lacks its owner.
    let input = SessionInput::new(
        party("BE", "BEC"),
        cdr_token("1", "OTHER", party("DE", "TNM")),
    );
    let e = error::<_, v221::sessions::Session>(old.clone(), &input);
    assert_eq!(e.path, "auth_id");
    let mut ownerless = cdr_token("1", "DE8ACC12E46L89", party("DE", "TNM"));
    ownerless.party_id = None;
    let e = error::<_, v221::sessions::Session>(
        old.clone(),
        &SessionInput::new(party("BE", "BEC"), ownerless),
    );
    assert_eq!(e.path, "auth_id");
    // Contract ids are case-insensitive; the session's own text is written.
    let input = SessionInput::new(
        party("BE", "BEC"),
        cdr_token("1", "de8acc12e46l89", party("DE", "TNM")),
    );
    let new: v221::sessions::Session = convert(old.clone(), &input).value;
    assert_eq!(new.cdr_token.contract_id.as_str(), "DE8ACC12E46L89");

    // The embedded Location must hold exactly the EVSE and connector used.
    let mut two_evses = old.clone();
    let evse = two_evses.location.evses.as_ref().unwrap()[0].clone();
    two_evses.location.evses.as_mut().unwrap().push(evse);
    let e = error::<_, v221::sessions::Session>(two_evses, &session_input());
    assert_eq!(e.path, "location.evses");
    let mut two_connectors = old.clone();
    let evse = &mut two_connectors.location.evses.as_mut().unwrap()[0];
    evse.connectors.push(evse.connectors[0].clone());
    let e = error::<_, v221::sessions::Session>(two_connectors, &session_input());
    assert_eq!(e.path, "location.evses[0].connectors");

    // Going down, the given Location must be the session's.
    let new: v221::sessions::Session =
        read(&fixture("2.2.1", "session_example_1_simple_start.json"));
    let mut other = l1_location();
    other.id = text("LOC2");
    assert_eq!(
        error::<_, v211::sessions::Session>(new.clone(), &other).path,
        "location_id"
    );
    let mut no_evse = l1_location();
    no_evse.evses.as_mut().unwrap().remove(0);
    assert_eq!(
        error::<_, v211::sessions::Session>(new.clone(), &no_evse).path,
        "evse_uid"
    );
    let mut no_connector = l1_location();
    no_connector.evses.as_mut().unwrap()[0].connectors.remove(0);
    assert_eq!(
        error::<_, v211::sessions::Session>(new, &no_connector).path,
        "connector_id"
    );
}

#[test]
fn values_new_in_2_2_map_to_2_1_1_values() {
    let mut new: v221::sessions::Session =
        read(&fixture("2.2.1", "session_example_1_simple_start.json"));
    new.status = v221::sessions::SessionStatus::Reservation;
    new.auth_method = v221::cdrs::AuthMethod::Command;
    let c = convert::<_, v211::sessions::Session>(new, &l1_location());
    // RESERVATION is sent as PENDING, COMMAND as AUTH_REQUEST, both reported (their wire
    // text used to be kept, which a 2.1.1 peer refuses).
    assert_eq!(
        paths(&c),
        [
            "country_code",
            "party_id",
            "cdr_token.uid",
            "cdr_token.type",
            "auth_method",
            "status"
        ]
    );
    assert_eq!(c.value.status, v211::sessions::SessionStatus::Pending);
    assert_eq!(
        c.value.auth_method,
        Some(v211::cdrs::AuthMethod::AuthRequest)
    );
    let input = SessionInput::new(
        party("NL", "STK"),
        cdr_token("123abc", "NL-TST-C12345678-S", party("NL", "TST")),
    );
    let back: v221::sessions::Session = convert(c.value, &input).value;
    assert_eq!(back.status, v221::sessions::SessionStatus::Pending);
    assert_eq!(back.auth_method, v221::cdrs::AuthMethod::AuthRequest);
}

// ---------------------------------------------------------------------------------------------
// CDRs
// ---------------------------------------------------------------------------------------------

const L1_CDR: &str = "mod_cdrs__example_of_a_cdr.json";

fn cdr_input() -> CdrInput {
    CdrInput::new(
        party("BE", "BEC"),
        cdr_token("012345678", "DE8ACC12E46L89", party("DE", "TNM")),
    )
}

#[test]
fn cdr_example_has_a_string_price() {
    let old: v211::cdrs::Cdr = read(&fixture("2.1.1", L1_CDR));
    let e = error::<_, v221::cdrs::Cdr>(old.clone(), &cdr_input());
    assert_eq!(e.path, "tariffs[0].elements[0].price_components[0].price");
    assert!(e.reason.contains("\"2.00\""), "{}", e.reason);

    // Corrected, it converts and comes back exactly (the given Location is its own).
    let mut corrected = old;
    corrected.tariffs.as_mut().unwrap()[0].elements[0].price_components[0].price =
        Tolerant::Valid(num("2.00"));
    let mut down = OWNER.to_vec();
    down.extend([
        "cdr_token.country_code",
        "cdr_token.party_id",
        "cdr_token.uid",
        "cdr_token.type",
        "tariffs[0].country_code",
        "tariffs[0].party_id",
    ]);
    let new = old_new_old::<v211::cdrs::Cdr, v221::cdrs::Cdr>(
        &json(&corrected),
        &cdr_input(),
        &corrected.location,
        &[
            "location.type",
            "location.last_updated",
            "location.evses[0].last_updated",
            "location.evses[0].STATUS",
            "location.evses[0].connectors[0].voltage",
            "location.evses[0].connectors[0].amperage",
            "location.evses[0].connectors[0].tariff_id",
            "location.evses[0].connectors[0].last_updated",
        ],
        &down,
        &[],
    );
    assert_eq!(
        (new.country_code, new.party_id),
        (cdr_input().party.country_code, cdr_input().party.party_id)
    );
    assert_eq!(new.cdr_token, cdr_input().cdr_token);
    assert_eq!(new.end_date_time, dt("2015-06-29T23:37:32Z"));
    let tariff = &new.tariffs.as_ref().unwrap()[0];
    // The CDR's tariffs are its CPO's.
    assert_eq!(
        (tariff.country_code, tariff.party_id),
        (new.country_code, new.party_id)
    );
    let location = &new.cdr_location;
    assert_eq!(
        (
            location.id.as_str(),
            location.evse_uid.as_str(),
            location.evse_id.as_str(),
            location.connector_id.as_str()
        ),
        ("LOC1", "3256", "BE-BEC-E041503003", "1")
    );
    assert_eq!(location.connector_power_type, l2::PowerType::Ac1Phase);
    assert!(json(&new).contains(r#""total_cost":{"excl_vat":4.00}"#));
}

#[test]
fn the_2_2_1_cdr_example() {
    let original = fixture("2.2.1", "cdr_example.json");
    let input = CdrInput::new(
        party("BE", "BEC"),
        cdr_token("012345678", "DE8ACC12E46L89", party("DE", "TNM")),
    );
    let old = new_old_new::<v221::cdrs::Cdr, v211::cdrs::Cdr>(
        &original,
        &l1_location(),
        &input,
        &[
            "country_code",
            "party_id",
            "cdr_token.uid",
            "cdr_token.type",
            "tariffs[0].country_code",
            "tariffs[0].party_id",
            "tariffs[0].elements[0].price_components[0].vat",
            "charging_periods[0].tariff_id",
            "total_cost.incl_vat",
            "total_time_cost",
        ],
        &[
            "location.type",
            "location.operator",
            "location.last_updated",
            "location.evses[0].status",
            "location.evses[0].status_schedule",
            "location.evses[0].capabilities",
            "location.evses[0].floor_level",
            "location.evses[0].physical_reference",
            "location.evses[0].last_updated",
            "location.evses[0].id",
            "location.evses[0].connectors[0].voltage",
            "location.evses[0].connectors[0].amperage",
            "location.evses[0].connectors[0].tariff_id",
            "location.evses[0].connectors[0].last_updated",
        ],
        &[
            "country_code",
            "party_id",
            "cdr_token.uid",
            "cdr_token.type",
            "tariffs[0].country_code",
            "tariffs[0].party_id",
        ],
        &["cdr_token.country_code", "cdr_token.party_id"],
    );
    // What the CdrLocation carries wins over the given Location; the rest (type, status,
    // voltage, last_updated, …) comes from it.
    let location = &old.location;
    assert_eq!(location.coordinates.latitude, "3.729944");
    assert_eq!(location.r#type, Tolerant::Valid(l1::LocationType::OnStreet));
    let evse = &location.evses.as_ref().unwrap()[0];
    assert_eq!(evse.evse_id.as_ref().unwrap(), "BE*BEC*E041503003");
    assert_eq!(evse.status, Some(l1::Status::Available));
    let connector = &evse.connectors[0];
    assert_eq!(connector.format, l1::ConnectorFormat::Socket);
    assert_eq!(connector.power_type, Some(l1::PowerType::Ac1Phase));
    assert_eq!(connector.voltage, Some(220));
    assert_eq!(old.total_cost, num("4.00"));
    assert_eq!(old.stop_date_time, dt("2015-06-29T23:37:32Z"));
}

#[test]
fn cdr_downgrade_reports_what_2_1_1_has_no_field_for() {
    let mut new: v221::cdrs::Cdr = read(&fixture("2.2.1", "cdr_example.json"));
    let price = Some(Price::new(num("1.00")));
    new.session_id = Some(ci("101"));
    new.authorization_reference = Some(ci("auth"));
    new.signed_data = Some(read(
        r#"{"encoding_method":"OCMF","signed_values":[{"nature":"Start","plain_data":"p","signed_data":"s"}]}"#,
    ));
    new.total_fixed_cost = price.clone();
    new.total_energy_cost = price.clone();
    new.total_parking_cost = price.clone();
    new.total_reservation_cost = price;
    new.invoice_reference_id = Some(ci("inv"));
    new.credit = Some(true);
    new.credit_reference_id = Some(ci("12344"));
    new.home_charging_compensation = Some(false);
    let c = convert::<_, v211::cdrs::Cdr>(new, &l1_location());
    assert_eq!(
        paths(&c),
        [
            "country_code",
            "party_id",
            "session_id",
            "cdr_token.uid",
            "cdr_token.type",
            "authorization_reference",
            "tariffs[0].country_code",
            "tariffs[0].party_id",
            "tariffs[0].elements[0].price_components[0].vat",
            "charging_periods[0].tariff_id",
            "signed_data",
            "total_cost.incl_vat",
            "total_fixed_cost",
            "total_energy_cost",
            "total_time_cost",
            "total_parking_cost",
            "total_reservation_cost",
            "invoice_reference_id",
            "credit",
            "credit_reference_id",
            "home_charging_compensation",
        ]
    );
    let credit = &c.losses[18];
    assert!(credit.reason.contains("credit"), "{}", credit.reason);
}

#[test]
fn cdr_errors() {
    // A credit CDR id may have 39 characters; a 2.1.1 CDR id at most 36.
    let mut new: v221::cdrs::Cdr = read(&fixture("2.2.1", "cdr_example.json"));
    new.id = ci("123456789012345678901234567890123456-C1");
    assert_eq!(error::<_, v211::cdrs::Cdr>(new, &l1_location()).path, "id");

    // CdrLocation requires the EVSE's evse_id and the connector's power_type.
    let mut corrected: v211::cdrs::Cdr = read(&fixture("2.1.1", L1_CDR));
    corrected.tariffs = None;
    let mut no_evse_id = corrected.clone();
    no_evse_id.location.evses.as_mut().unwrap()[0].evse_id = None;
    assert_eq!(
        error::<_, v221::cdrs::Cdr>(no_evse_id, &cdr_input()).path,
        "location.evses[0].evse_id"
    );
    let mut no_power = corrected.clone();
    no_power.location.evses.as_mut().unwrap()[0].connectors[0].power_type = None;
    assert_eq!(
        error::<_, v221::cdrs::Cdr>(no_power, &cdr_input()).path,
        "location.evses[0].connectors[0].power_type"
    );
    // The location of a 2.2.1 CDR must be in the Location given to downgrade it.
    let new: v221::cdrs::Cdr = read(&fixture("2.2.1", "cdr_example.json"));
    let mut other = l1_location();
    other.evses.as_mut().unwrap().remove(0);
    assert_eq!(
        error::<_, v211::cdrs::Cdr>(new, &other).path,
        "cdr_location.evse_uid"
    );
}

#[test]
fn cdr_dimension_types() {
    let period: v211::cdrs::ChargingPeriod = read(
        r#"{"start_date_time":"2015-06-29T21:39:09Z","dimensions":[{"type":"FLAT","volume":1},{"type":"TIME","volume":1.973}]}"#,
    );
    // FLAT was removed in 2.2 ("of no use on a CDR"): kept as written, reported.
    let c = convert::<_, v221::cdrs::ChargingPeriod>(period, &());
    assert_eq!(paths(&c), ["dimensions[0].type"]);
    assert_eq!(c.value.dimensions[0].r#type.as_str(), "FLAT");
    assert_eq!(
        c.value.dimensions[1].r#type,
        v221::cdrs::CdrDimensionType::Time
    );
    let back = convert::<_, v211::cdrs::ChargingPeriod>(c.value, &());
    assert!(back.losses.is_empty());
    assert_eq!(
        back.value.dimensions[0].r#type,
        Tolerant::Valid(v211::cdrs::CdrDimensionType::Flat)
    );
    // Dimensions new in 2.2 have no 2.1.1 type: going down, the dimension is left out of its
    // charging period and reported (it used to keep its wire text, which a 2.1.1 peer
    // refuses); a period left with no dimension cannot cross.
    error::<_, v211::cdrs::CdrDimensionType>(v221::cdrs::CdrDimensionType::StateOfCharge, &());
    let new: v221::cdrs::ChargingPeriod = read(
        r#"{"start_date_time":"2015-06-29T21:39:09Z","dimensions":[{"type":"STATE_OF_CHARGE","volume":80},{"type":"TIME","volume":1.973}]}"#,
    );
    let c = convert::<_, v211::cdrs::ChargingPeriod>(new.clone(), &());
    assert_eq!(paths(&c), ["dimensions[0]"]);
    assert_eq!(c.value.dimensions.len(), 1);
    let mut only_soc = new;
    only_soc.dimensions.truncate(1);
    assert_eq!(
        error::<_, v211::cdrs::ChargingPeriod>(only_soc, &()).path,
        "dimensions"
    );
}

// ---------------------------------------------------------------------------------------------
// Tariffs
// ---------------------------------------------------------------------------------------------

#[test]
fn every_2_1_1_tariff_example() {
    let mut documents: Vec<String> = [
        "mod_tariffs__simple_tariff_example_2_euro_per_hour.json",
        "mod_tariffs__simple_tariff_example_with_alternative_multi_language_text.json",
        "mod_tariffs__simple_tariff_example_with_alternative_url.json",
        "mod_tariffs__complex_tariff_example.json",
        "mod_tariffs__free_of_charge_tariff_example.json",
    ]
    .iter()
    .map(|n| fixture("2.1.1", n))
    .collect();
    documents.push(body("mod_tariffs__example_new_tariff_2_euro_per_hour.json"));
    let owner = party("NL", "TNM");
    for doc in documents {
        let new = old_new_old::<v211::tariffs::Tariff, v221::tariffs::Tariff>(
            &doc,
            &owner,
            &(),
            &[],
            &OWNER,
            &[],
        );
        assert_eq!(
            (new.country_code, new.party_id),
            (owner.country_code, owner.party_id)
        );
        assert!(new
            .elements
            .iter()
            .flat_map(|e| &e.price_components)
            .all(|p| p.vat.is_none()));
    }
}

#[test]
fn every_2_2_1_tariff_example() {
    const VAT: &str = ".price_components[0].vat";
    let cases: [(&str, Vec<String>); 21] = [
        (
            "tariff_1_simple_2hour.json",
            vec![format!("elements[0]{VAT}")],
        ),
        (
            "tariff_2_alt_text.json",
            vec!["type".into(), format!("elements[0]{VAT}")],
        ),
        (
            "tariff_3_alt_url.json",
            vec![
                "type".into(),
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_4_complex.json",
            vec![
                "type".into(),
                format!("elements[0]{VAT}"),
                format!("elements[1]{VAT}"),
                "elements[1].restrictions.max_current".into(),
                format!("elements[2]{VAT}"),
                "elements[2].restrictions.min_current".into(),
                format!("elements[3]{VAT}"),
                "elements[3].restrictions.min_current".into(),
                format!("elements[4]{VAT}"),
                format!("elements[5]{VAT}"),
            ],
        ),
        ("tariff_5_free_of_charge.json", vec![]),
        (
            "tariff_6_025kwh_start_max_price.json",
            vec![
                "max_price".into(),
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
                "end_date_time".into(),
            ],
        ),
        ("tariff_7_first_hour_kwh_free.json", vec![]),
        (
            "tariff_8_simple_025kwh.json",
            vec![format!("elements[0]{VAT}")],
        ),
        (
            "tariff_9_025kwh_start.json",
            vec![
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_10_025kwh_parking_start.json",
            vec![
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
                "elements[0].price_components[2].vat".into(),
            ],
        ),
        (
            "tariff_11_not_possible_alt_text.json",
            vec![
                "type".into(),
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_12_025kwh_min_price.json",
            vec!["min_price".into(), format!("elements[0]{VAT}")],
        ),
        (
            "tariff_13_simple_3hour_5parking.json",
            vec![
                format!("elements[0]{VAT}"),
                "elements[0].price_components[1].vat".into(),
            ],
        ),
        ("tariff_14_step_size.json", vec![]),
        // Elements pricing a reservation are dropped whole: 2.1.1 would price charging with them.
        (
            "tariff_15_reservation_5_euro_per_hour.json",
            vec![
                "elements[0]".into(),
                format!("elements[1]{VAT}"),
                "elements[1].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
            vec![
                "elements[0]".into(),
                format!("elements[1]{VAT}"),
                "elements[1].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_17_reservation_with_expire_fee.json",
            vec![
                "elements[0]".into(),
                "elements[1]".into(),
                format!("elements[2]{VAT}"),
                "elements[2].price_components[1].vat".into(),
            ],
        ),
        (
            "tariff_18_reservation_with_expire_time.json",
            vec![
                "elements[0]".into(),
                "elements[1]".into(),
                format!("elements[2]{VAT}"),
                "elements[2].price_components[1].vat".into(),
            ],
        ),
        ("tariff_put_example.json", vec![format!("elements[0]{VAT}")]),
        (
            "tariffrestriction_example_max_duration.json",
            vec![
                "type".into(),
                format!("elements[0]{VAT}"),
                format!("elements[1]{VAT}"),
                format!("elements[2]{VAT}"),
            ],
        ),
        (
            "tariffrestriction_example_max_power.json",
            vec![
                "type".into(),
                format!("elements[0]{VAT}"),
                format!("elements[1]{VAT}"),
                format!("elements[2]{VAT}"),
            ],
        ),
    ];
    let mut seen = Vec::new();
    for (name, extra) in &cases {
        seen.push(*name);
        let original = fixture("2.2.1", name);
        let parsed: v221::tariffs::Tariff = read(&original);
        let mut down: Vec<&str> = OWNER.to_vec();
        down.extend(extra.iter().map(String::as_str));
        new_old_new::<v221::tariffs::Tariff, v211::tariffs::Tariff>(
            &original,
            &(),
            &PartyRef::new(parsed.country_code, parsed.party_id),
            &down,
            &[],
            &OWNER,
            &[],
        );
    }
    // Every 2.2.1 tariff example is in the table once.
    let files = common::fixture_names("2.2.1", |n| n.starts_with("tariff"));
    seen.sort();
    assert_eq!(seen, files);
}

#[test]
fn tariff_reservation_and_current_restrictions() {
    // A tariff that only prices reservations has nothing 2.1.1 can hold.
    let mut new: v221::tariffs::Tariff = read(&fixture(
        "2.2.1",
        "tariff_17_reservation_with_expire_fee.json",
    ));
    new.elements.truncate(2);
    let e = error::<_, v211::tariffs::Tariff>(new, &());
    assert_eq!(e.path, "elements");
    // An element on its own keeps its other restrictions and reports the reservation.
    let element: v221::tariffs::TariffElement = read(
        r#"{"price_components":[{"type":"FLAT","price":2,"step_size":1}],
            "restrictions":{"reservation":"RESERVATION","min_current":16,"max_kwh":20}}"#,
    );
    let c = convert::<_, v211::tariffs::TariffElement>(element, &());
    assert_eq!(
        paths(&c),
        ["restrictions.min_current", "restrictions.reservation"]
    );
    assert_eq!(c.value.restrictions.unwrap().max_kwh, Some(num("20")));
}

#[test]
fn prices_cross_exactly() {
    let old: v211::tariffs::Tariff = read(
        r#"{"id":"1","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.123456789012345678,"step_size":1}]}],"last_updated":"2020-01-01T00:00:00Z"}"#,
    );
    let new: v221::tariffs::Tariff = convert(old, &party("NL", "TNM")).value;
    assert_eq!(
        new.elements[0].price_components[0].price.to_string(),
        "0.123456789012345678"
    );
    assert!(json(&new).contains(r#""price":0.123456789012345678"#));
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

#[test]
fn every_2_1_1_token_example() {
    let owner = party("NL", "TNM");
    let input = TokenInput::new(owner);
    for doc in [
        fixture("2.1.1", "mod_tokens__token_object_example.json"),
        body("mod_tokens__example_put_a_new_token.json"),
    ] {
        let new = old_new_old::<v211::tokens::Token, v221::tokens::Token>(
            &doc,
            &input,
            &(),
            &[],
            &OWNER,
            &[],
        );
        assert_eq!(
            (new.country_code, new.party_id),
            (owner.country_code, owner.party_id)
        );
        assert_eq!(new.contract_id, "DE8ACC12E46L89");
    }

    // The GET examples omit whitelist and last_updated (and send an unknown allow_whitelist).
    let one = data(
        "2.1.1",
        "transport_and_format__example_tokens_get_response_with_one_token_object_cpo_end_point_one_object.json",
    );
    let list = data(
        "2.1.1",
        "transport_and_format__example_tokens_get_response_with_list_of_token_objects_emsp_end_point_list_of_objects.json",
    );
    let e = error::<_, v221::tokens::Token>(read::<v211::tokens::Token>(&one), &input);
    assert_eq!(e.path, "whitelist");
    let e = error::<_, v221::tokens::Token>(
        read::<v211::tokens::Token>(&one),
        &TokenInput::new(owner).with_whitelist(v221::tokens::WhitelistType::Allowed),
    );
    assert_eq!(e.path, "last_updated");
    let input = TokenInput::new(owner)
        .with_whitelist(v221::tokens::WhitelistType::Allowed)
        .with_last_updated(dt("2015-06-30T21:59:59Z"));
    let mut documents = vec![one];
    documents.extend(elements(&list));
    for doc in documents {
        let new = old_new_old::<v211::tokens::Token, v221::tokens::Token>(
            &doc,
            &input,
            &(),
            &[],
            &OWNER,
            &["whitelist", "last_updated"],
        );
        assert_eq!(new.whitelist, v221::tokens::WhitelistType::Allowed);
        assert_eq!(new.last_updated, dt("2015-06-30T21:59:59Z"));
        assert_eq!(
            new.unknown_fields.get("allow_whitelist").unwrap().get(),
            "true"
        );
    }

    let patch = body("mod_tokens__example_invalidate_a_token.json");
    let e = error::<_, v221::tokens::TokenPatch>(
        read::<v211::tokens::TokenPatch>(&patch),
        &PatchInput::new(),
    );
    assert_eq!(e.path, "last_updated");
    let new = old_new_old::<v211::tokens::TokenPatch, v221::tokens::TokenPatch>(
        &patch,
        &PatchInput::new().with_last_updated(dt("2015-06-30T21:59:59Z")),
        &(),
        &[],
        &[],
        &["last_updated"],
    );
    assert_eq!(new.valid, Some(false));
}

#[test]
fn every_2_2_1_token_example() {
    let mut cases: Vec<(String, &[&str])> = vec![
        (fixture("2.2.1", "token_example_1_app_user.json"), &[]),
        (
            fixture("2.2.1", "token_example_2_full_rfid.json"),
            &["group_id", "default_profile_type", "energy_contract"],
        ),
        (fixture("2.2.1", "token_put_example.json"), &["group_id"]),
        (
            data("2.2.1", "transport_and_format_get_token_example.json"),
            &[],
        ),
    ];
    for element in elements(&data(
        "2.2.1",
        "transport_and_format_get_token_list_example.json",
    )) {
        cases.push((element, &[]));
    }
    assert_eq!(cases.len(), 7);
    for (original, extra) in cases {
        let parsed: v221::tokens::Token = read(&original);
        let mut down = OWNER.to_vec();
        down.extend_from_slice(extra);
        // A type 2.1.1 lacks (APP_USER, added in 2.2) is sent as OTHER and reported: 2.1.1
        // has only OTHER and RFID.
        let app_user = parsed.r#type == v221::tokens::TokenType::AppUser;
        if app_user {
            down.push("type");
        }
        let old = new_old_new::<v221::tokens::Token, v211::tokens::Token>(
            &original,
            &(),
            &TokenInput::new(PartyRef::new(parsed.country_code, parsed.party_id)),
            &down,
            &[],
            &OWNER,
            // The type comes back as OTHER.
            if app_user { &["type"] } else { &[] },
        );
        assert_eq!(old.auth_id, parsed.contract_id.as_str());
        // APP_USER (added in 2.2) is sent as OTHER, which 2.1.1 has; RFID crosses as is. (It
        // used to keep its wire text, which a 2.1.1 peer refuses.)
        if app_user {
            assert_eq!(old.r#type, v211::tokens::TokenType::Other);
        } else {
            assert_eq!(old.r#type.as_str(), parsed.r#type.as_str());
        }
    }
    new_old_new::<v221::tokens::TokenPatch, v211::tokens::TokenPatch>(
        &fixture("2.2.1", "token_patch_example.json"),
        &(),
        &PatchInput::new(),
        &[],
        &[],
        &[],
        &[],
    );
    let new: v221::tokens::TokenPatch = read(
        r#"{"country_code":"NL","group_id":null,"default_profile_type":"FAST","energy_contract":null}"#,
    );
    let c = convert::<_, v211::tokens::TokenPatch>(new, &());
    assert_eq!(
        paths(&c),
        [
            "country_code",
            "group_id",
            "default_profile_type",
            "energy_contract"
        ]
    );
}

#[test]
fn authorization_info_and_location_references() {
    let old: v211::tokens::AuthorizationInfo = read(
        r#"{"allowed":"ALLOWED","location":{"location_id":"LOC1","evse_uids":["3256","3257"],"connector_ids":["1","2"]},
            "info":{"language":"en","text":"Welcome"}}"#,
    );
    let token: v221::tokens::Token = read(&fixture("2.2.1", "token_put_example.json"));
    let c = convert::<_, v221::tokens::AuthorizationInfo>(old, &token);
    // connector_ids were removed in 2.2 (not unique within a Location).
    assert_eq!(paths(&c), ["location.connector_ids"]);
    assert_eq!(c.value.token, token);
    assert_eq!(
        c.value
            .location
            .as_ref()
            .unwrap()
            .evse_uids
            .as_ref()
            .unwrap()[1],
        "3257"
    );

    let mut new = c.value;
    new.authorization_reference = Some(ci("ref-1"));
    let c = convert::<_, v211::tokens::AuthorizationInfo>(new, &());
    assert_eq!(paths(&c), ["token", "authorization_reference"]);
    assert_eq!(c.value.info.unwrap().text, "Welcome");

    let long: v211::tokens::LocationReferences =
        read(&format!(r#"{{"location_id":"{}"}}"#, "L".repeat(39)));
    assert_eq!(
        error::<_, v221::tokens::LocationReferences>(long, &()).path,
        "location_id"
    );
    let long: v211::tokens::LocationReferences = read(&format!(
        r#"{{"location_id":"L","evse_uids":["1","{}"]}}"#,
        "E".repeat(37)
    ));
    assert_eq!(
        error::<_, v221::tokens::LocationReferences>(long, &()).path,
        "evse_uids[1]"
    );
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

fn url(s: &str) -> Url {
    Url::new(s).unwrap()
}

#[test]
fn command_response() {
    let old: v211::commands::CommandResponse = read(r#"{"result":"ACCEPTED"}"#);
    let c = convert::<_, v221::commands::CommandResponse>(old, &CommandResponseInput::new(30));
    assert!(c.losses.is_empty());
    assert_eq!(c.value.timeout, 30);
    assert_eq!(
        c.value.result,
        v221::commands::CommandResponseType::Accepted
    );
    let back = convert::<_, v211::commands::CommandResponse>(c.value, &());
    assert_eq!(paths(&back), ["timeout"]);
    assert_eq!(json(&back.value), r#"{"result":"ACCEPTED"}"#);

    // TIMEOUT moved to the 2.2 CommandResult: kept as written, reported.
    let old: v211::commands::CommandResponse = read(r#"{"result":"TIMEOUT"}"#);
    let c = convert::<_, v221::commands::CommandResponse>(old, &CommandResponseInput::new(5));
    assert_eq!(paths(&c), ["result"]);
    assert_eq!(c.value.result.as_str(), "TIMEOUT");

    let new: v221::commands::CommandResponse =
        read(r#"{"result":"REJECTED","timeout":10,"message":[{"language":"en","text":"No"}]}"#);
    let c = convert::<_, v211::commands::CommandResponse>(new, &());
    assert_eq!(paths(&c), ["timeout", "message"]);
}

#[test]
fn reserve_now() {
    let original = r#"{"response_url":"https://msp.example/cmd/1","token":{"uid":"012345678","type":"RFID","auth_id":"DE8ACC12E46L89","issuer":"TNM","valid":true,"whitelist":"ALLOWED","last_updated":"2015-06-29T22:39:09Z"},"expiry_date":"2015-06-29T23:39:09Z","reservation_id":42,"location_id":"LOC1","evse_uid":"3256"}"#;
    let input = TokenInput::new(party("DE", "TNM"));
    let new = old_new_old::<v211::commands::ReserveNow, v221::commands::ReserveNow>(
        original,
        &input,
        &(),
        &[],
        &["token.country_code", "token.party_id"],
        &[],
    );
    assert_eq!(new.reservation_id, "42");
    assert_eq!(new.token.party_id, "TNM");

    // 2.1.1 reservation ids are integers, written without padding.
    for id in ["042", "R-42", "4.2", "99999999999999999999"] {
        let mut n = new.clone();
        n.reservation_id = ci(id);
        assert_eq!(
            error::<_, v211::commands::ReserveNow>(n, &()).path,
            "reservation_id",
            "{id}"
        );
    }
    let mut n = new;
    n.authorization_reference = Some(ci("ref"));
    n.reservation_id = ci("-7");
    let c = convert::<_, v211::commands::ReserveNow>(n, &());
    assert_eq!(
        paths(&c),
        [
            "token.country_code",
            "token.party_id",
            "authorization_reference"
        ]
    );
    assert_eq!(c.value.reservation_id, -7);
}

#[test]
fn start_stop_unlock() {
    let start = r#"{"response_url":"https://msp.example/cmd/2","token":{"uid":"1","type":"OTHER","auth_id":"C1","issuer":"TNM","valid":true,"whitelist":"NEVER","last_updated":"2015-06-29T22:39:09Z"},"location_id":"LOC1"}"#;
    let new = old_new_old::<v211::commands::StartSession, v221::commands::StartSession>(
        start,
        &TokenInput::new(party("DE", "TNM")),
        &(),
        &[],
        &["token.country_code", "token.party_id"],
        &[],
    );
    let mut new = new;
    new.connector_id = Some(ci("2"));
    new.authorization_reference = Some(ci("ref"));
    let c = convert::<_, v211::commands::StartSession>(new, &());
    assert_eq!(
        paths(&c),
        [
            "token.country_code",
            "token.party_id",
            "connector_id",
            "authorization_reference"
        ]
    );

    let stop = r#"{"response_url":"https://msp.example/cmd/3","session_id":"101"}"#;
    old_new_old::<v211::commands::StopSession, v221::commands::StopSession>(
        stop,
        &(),
        &(),
        &[],
        &[],
        &[],
    );
    let unlock = r#"{"response_url":"https://msp.example/cmd/4","location_id":"LOC1","evse_uid":"3256","connector_id":"1"}"#;
    old_new_old::<v211::commands::UnlockConnector, v221::commands::UnlockConnector>(
        unlock,
        &(),
        &(),
        &[],
        &[],
        &[],
    );
    let mut long: v211::commands::UnlockConnector = read(unlock);
    long.evse_uid = text("E".repeat(39).as_str());
    assert_eq!(
        error::<_, v221::commands::UnlockConnector>(long, &()).path,
        "evse_uid"
    );
    let accented = v211::commands::StopSession::new(url("https://msp.example/"), text("séance"));
    assert_eq!(
        error::<_, v221::commands::StopSession>(accented, &()).path,
        "session_id"
    );

    // CANCEL_RESERVATION has no 2.1.1 command: an error (the wire text used to be kept,
    // which a 2.1.1 CPO refuses).
    let e = error::<_, v211::commands::CommandType>(
        v221::commands::CommandType::CancelReservation,
        &(),
    );
    assert!(e.reason.contains("CANCEL_RESERVATION"), "{}", e.reason);
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

#[test]
fn the_2_1_1_credentials_example() {
    let original = fixture("2.1.1", "credentials__object_description_example.json");
    let new = old_new_old::<v211::credentials::Credentials, v221::credentials::Credentials>(
        &original,
        &CredentialsInput::new(vec![Role::Cpo]),
        &CredentialsChoice::new(),
        &[],
        &["roles[0].role"],
        &[],
    );
    assert_eq!(new.roles.len(), 1);
    assert_eq!(new.roles[0].role, Role::Cpo);
    assert_eq!(
        new.roles[0].business_details.logo.as_ref().unwrap().r#type,
        "jpeg"
    );

    // One entry per role given; going down, a role picks the entry.
    let both = CredentialsInput::new(vec![Role::Cpo, Role::Emsp]);
    let new = convert::<_, v221::credentials::Credentials>(
        read::<v211::credentials::Credentials>(&original),
        &both,
    )
    .value;
    assert_eq!(
        new.roles.iter().map(|r| r.role.clone()).collect::<Vec<_>>(),
        [Role::Cpo, Role::Emsp]
    );
    let e = error::<_, v211::credentials::Credentials>(new.clone(), &CredentialsChoice::new());
    assert_eq!(e.path, "roles");
    let c = convert::<_, v211::credentials::Credentials>(
        new,
        &CredentialsChoice::new().with_role(Role::Emsp),
    );
    // Same party, same details: only the roles are lost.
    assert_eq!(paths(&c), ["roles[0].role", "roles[1].role"]);
    assert_same(&original, &json(&c.value));

    let e = error::<_, v221::credentials::Credentials>(
        read::<v211::credentials::Credentials>(&original),
        &CredentialsInput::new(vec![]),
    );
    assert_eq!(e.path, "");
}

#[test]
fn every_2_2_1_credentials_example() {
    for name in ["credentials_example.json", "credentials_example3.json"] {
        new_old_new::<v221::credentials::Credentials, v211::credentials::Credentials>(
            &fixture("2.2.1", name),
            &CredentialsChoice::new(),
            &CredentialsInput::new(vec![Role::Cpo]),
            &["roles[0].role"],
            &[],
            &["roles[0].role"],
            &[],
        );
    }
    // A CPO and an eMSP of one party, with other business details: pick one.
    let two = fixture("2.2.1", "credentials_example2.json");
    let e = error::<_, v211::credentials::Credentials>(
        read::<v221::credentials::Credentials>(&two),
        &CredentialsChoice::new(),
    );
    assert_eq!(e.path, "roles");
    let old = new_old_new::<v221::credentials::Credentials, v211::credentials::Credentials>(
        &two,
        &CredentialsChoice::new().with_role(Role::Emsp),
        &CredentialsInput::new(vec![Role::Emsp]),
        &["roles[0]", "roles[1].role"],
        &[],
        &["roles[1].role"],
        &[],
    );
    assert_eq!(old.business_details.name, "Example Provider");
    // Three CPOs: the party picks.
    let four = fixture("2.2.1", "credentials_example4.json");
    let old = new_old_new::<v221::credentials::Credentials, v211::credentials::Credentials>(
        &four,
        &CredentialsChoice::new().with_party(party("NL", "PFC")),
        &CredentialsInput::new(vec![Role::Cpo]),
        &["roles[0]", "roles[1].role", "roles[2]"],
        &[],
        &["roles[1].role"],
        &[],
    );
    assert_eq!(
        (old.country_code.as_str(), old.party_id.as_str()),
        ("NL", "PFC")
    );
    let e = error::<_, v211::credentials::Credentials>(
        read::<v221::credentials::Credentials>(&four),
        &CredentialsChoice::new().with_role(Role::Cpo),
    );
    assert_eq!(e.path, "roles");
    assert!(e.reason.starts_with("3 entries"), "{}", e.reason);
}

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

fn cpo() -> EndpointRoles {
    EndpointRoles::cpo(v221::versions::InterfaceRole::Sender)
}

#[test]
fn every_2_1_1_version_example() {
    let mut versions = elements(&fixture(
        "2.1.1",
        "version_information_endpoint__version_information_endpoint_get_example.json",
    ));
    versions.extend(elements(&data(
        "2.1.1",
        "transport_and_format__example_version_information_response_list_of_objects.json",
    )));
    assert_eq!(versions.len(), 4);
    for v in versions {
        old_new_old::<v211::versions::Version, v221::versions::Version>(
            &v,
            &(),
            &(),
            &[],
            &[],
            &[],
        );
    }
    for details in [
        fixture(
            "2.1.1",
            "version_information_endpoint__version_details_endpoint_get_example.json",
        ),
        data(
            "2.1.1",
            "transport_and_format__example_version_details_response_one_object.json",
        ),
    ] {
        let new = old_new_old::<v211::versions::VersionDetails, v221::versions::VersionDetails>(
            &details,
            &cpo(),
            &cpo(),
            &[],
            &[],
            &[],
        );
        use v221::versions::InterfaceRole::Sender;
        // credentials as the input says; locations is a CPO's Sender interface.
        assert_eq!(
            new.endpoints
                .iter()
                .map(|e| e.role.clone())
                .collect::<Vec<_>>(),
            [Sender, Sender]
        );
        assert_eq!(new.version.as_str(), "2.0");
    }
}

#[test]
fn endpoint_roles_follow_the_party_role() {
    use v221::versions::InterfaceRole::{Receiver, Sender};
    let modules = common::V2_1_1_MODULES;
    let list = |roles: &EndpointRoles| -> Vec<v221::versions::InterfaceRole> {
        modules
            .iter()
            .map(|m| {
                let e: v211::versions::Endpoint = read(&format!(
                    r#"{{"identifier":"{m}","url":"https://x.example/{m}"}}"#
                ));
                convert::<_, v221::versions::Endpoint>(e, roles).value.role
            })
            .collect()
    };
    assert_eq!(
        list(&EndpointRoles::cpo(Receiver)),
        [Sender, Receiver, Receiver, Sender, Sender, Sender, Receiver]
    );
    assert_eq!(
        list(&EndpointRoles::emsp(Sender)),
        [Receiver, Sender, Sender, Receiver, Receiver, Receiver, Sender]
    );
    // A custom module needs its role.
    let custom: v211::versions::Endpoint =
        read(r#"{"identifier":"nltnm-tokens","url":"https://x.example/t"}"#);
    assert_eq!(
        error::<_, v221::versions::Endpoint>(custom.clone(), &cpo()).path,
        "identifier"
    );
    let module = v211::versions::ModuleId::from_wire("nltnm-tokens").unwrap();
    let roles = cpo().with(module, Receiver);
    assert_eq!(
        convert::<_, v221::versions::Endpoint>(custom, &roles)
            .value
            .role,
        Receiver
    );
    // An override.
    let locations: v211::versions::Endpoint =
        read(r#"{"identifier":"locations","url":"https://x.example/l"}"#);
    let roles = cpo().with(v211::versions::ModuleId::Locations, Receiver);
    assert_eq!(
        convert::<_, v221::versions::Endpoint>(locations, &roles)
            .value
            .role,
        Receiver
    );
}

#[test]
fn every_2_2_1_version_example() {
    let mut versions = elements(&fixture("2.2.1", "versions_info_example.json"));
    versions.extend(elements(&data(
        "2.2.1",
        "transport_and_format_version_info_example.json",
    )));
    assert_eq!(versions.len(), 4);
    for v in versions {
        let old = new_old_new::<v221::versions::Version, v211::versions::Version>(
            &v,
            &(),
            &(),
            &[],
            &[],
            &[],
            &[],
        );
        assert!(["2.1.1", "2.2"].contains(&old.version.as_str()));
    }
    for details in [
        fixture("2.2.1", "version_details_example.json"),
        data("2.2.1", "transport_and_format_version_details_example.json"),
    ] {
        new_old_new::<v221::versions::VersionDetails, v211::versions::VersionDetails>(
            &details,
            &cpo(),
            &cpo(),
            &[],
            &[],
            &[],
            &[],
        );
    }
    // One URL for a CPO and an eMSP: each 2.1.1 view keeps its own interfaces.
    use v221::versions::InterfaceRole::Receiver;
    let both = fixture("2.2.1", "version_details_example2.json");
    let cpo_view = EndpointRoles::cpo(Receiver);
    let old = new_old_new::<v221::versions::VersionDetails, v211::versions::VersionDetails>(
        &both,
        &cpo_view,
        &cpo_view,
        &["endpoints[3]", "endpoints[4]"],
        &[],
        &[],
        &[],
    );
    assert!(old.endpoints[1].url.as_str().contains("/cpo/"));
    let emsp_view = EndpointRoles::emsp(Receiver);
    let old = new_old_new::<v221::versions::VersionDetails, v211::versions::VersionDetails>(
        &both,
        &emsp_view,
        &emsp_view,
        &["endpoints[1]", "endpoints[2]"],
        &[],
        &[],
        &[],
    );
    assert!(old.endpoints[1].url.as_str().contains("/msp/"));
    // The credentials role "has no function": a different one is kept, and reported.
    let c = convert::<_, v211::versions::VersionDetails>(
        read::<v221::versions::VersionDetails>(&both),
        &cpo(),
    );
    assert_eq!(
        paths(&c),
        ["endpoints[0].role", "endpoints[3]", "endpoints[4]"]
    );
}

#[test]
fn version_details_errors_and_unknown_modules() {
    use v221::versions::InterfaceRole::Sender;
    let only_emsp: v221::versions::VersionDetails = read(
        r#"{"version":"2.2.1","endpoints":[{"identifier":"tokens","role":"SENDER","url":"https://x.example/t"}]}"#,
    );
    let e = error::<_, v211::versions::VersionDetails>(only_emsp, &cpo());
    assert_eq!(e.path, "endpoints");
    // A module 2.1.1 does not have keeps its identifier; its role is reported.
    let profiles: v221::versions::VersionDetails = read(
        r#"{"version":"2.2.1","endpoints":[{"identifier":"chargingprofiles","role":"RECEIVER","url":"https://x.example/p"}]}"#,
    );
    let c = convert::<_, v211::versions::VersionDetails>(profiles, &cpo());
    assert_eq!(paths(&c), ["endpoints[0].role"]);
    assert_eq!(c.value.endpoints[0].identifier.as_str(), "chargingprofiles");
    assert_eq!(c.value.version.as_str(), "2.2.1");
    // A lone Endpoint whose role is the table's loses nothing.
    let e: v221::versions::Endpoint =
        read(r#"{"identifier":"tokens","role":"RECEIVER","url":"https://x.example/t"}"#);
    assert!(convert::<_, v211::versions::Endpoint>(e.clone(), &cpo())
        .losses
        .is_empty());
    let c = convert::<_, v211::versions::Endpoint>(e, &EndpointRoles::emsp(Sender));
    assert_eq!(paths(&c), ["role"]);
}

// ---------------------------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------------------------

/// Every official example of both versions is converted by a test of this file (it is named
/// here), except those of no object that differs between the versions.
#[test]
fn every_official_example_is_converted_here() {
    let not_converted = [
        // DisplayText is the same type in both versions: it crosses as is.
        "types__types_displaytext_class.json",
        "type_displaytext_example.json",
        // A response envelope without data.
        "transport_and_format__example_response_with_an_error_contains_no_data_field.json",
        // A Tariff PATCH: 2.2 removed PATCH from Tariffs.
        "mod_tariffs__example_change_tariff_to_2_50.json",
    ];
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/convert_2_1_1_2_2_1.rs"
    ))
    .unwrap();
    // The part before this test, so that the list above does not count.
    let tests = &source[..source
        .find("fn every_official_example_is_converted_here")
        .unwrap()];
    let mut count = 0;
    for version in ["2.1.1", "2.2.1"] {
        let dir = format!("{}/tests/fixtures/{version}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if !name.ends_with(".json") || not_converted.contains(&name.as_str()) {
                continue;
            }
            assert!(
                tests.contains(&format!("\"{name}\"")),
                "{version}/{name} is not converted"
            );
            count += 1;
        }
    }
    assert_eq!(count, 33 + 60 - not_converted.len());
}

/// An unknown 2.2.1 field named like a 2.1.1 field (`tariff_id`, which 2.2.1 made the list
/// `tariff_ids`) never becomes that field after a downgrade: the converted field wins, and
/// the unknown one is dropped and reported, whether the converted object has the field or
/// not (it used to be kept, and written as the 2.1.1 `tariff_id`, when the Connector has no
/// `tariff_ids`).
#[test]
fn an_unknown_field_never_shadows_a_converted_field() {
    let json = |tariff_ids: &str| {
        format!(
            r#"{{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE",
            "max_voltage":230,"max_amperage":32{tariff_ids},"tariff_id":"SHADOW",
            "last_updated":"2015-03-16T10:10:02Z"}}"#
        )
    };
    for (tariff_ids, expected) in [("", None), (r#","tariff_ids":["T1"]"#, Some("T1"))] {
        let connector: l2::Connector = read(&json(tariff_ids));
        let c = convert::<_, l1::Connector>(connector, &());
        let written: serde_json::Value = serde_json::to_value(&c.value).unwrap();
        assert_eq!(
            written.get("tariff_id").and_then(|t| t.as_str()),
            expected,
            "{written}"
        );
        assert!(c.value.unknown_fields.is_empty());
        assert!(paths(&c).contains(&"tariff_id"), "{:?}", paths(&c));
    }
    // The same upwards: an unknown 2.1.1 `tariff_ids` does not become the 2.2.1 list.
    let old: l1::Connector = read(
        r#"{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE",
        "voltage":230,"amperage":32,"tariff_ids":["SHADOW"],"last_updated":"2015-03-16T10:10:02Z"}"#,
    );
    let c = convert::<_, l2::Connector>(old, &());
    assert_eq!(c.value.tariff_ids, None);
    assert!(c.value.unknown_fields.is_empty());
    assert!(paths(&c).contains(&"tariff_ids"), "{:?}", paths(&c));
}
