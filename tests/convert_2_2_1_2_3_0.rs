//! Conversions between OCPI 2.2.1 and 2.3.0: every official example both ways, round trips,
//! inputs, losses and errors.

mod common;

use std::collections::BTreeMap;

use common::{exact_json_eq, fixture};
use ocpi_protocol::convert::{Convert, ConvertError, Converted, Loss};
use ocpi_protocol::json::parse;
use ocpi_protocol::transport::{PartyRef, Response};
use ocpi_protocol::types::{Conformance, CountryCode, OcpiString, PartyId};
use ocpi_protocol::{v2_2_1 as v221, v2_3_0 as v230};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

// ---- the inputs, named through the conversions that take them ----

type PriceUp = <ocpi_protocol::types::Price as Convert<v230::tariffs::Price>>::Input;
type TariffUp = <v221::tariffs::Tariff as Convert<v230::tariffs::Tariff>>::Input;
type TokenUp = <v221::cdrs::CdrToken as Convert<v230::cdrs::CdrToken>>::Input;
type SessionUp = <v221::sessions::Session as Convert<v230::sessions::Session>>::Input;
type CdrUp = <v221::cdrs::Cdr as Convert<v230::cdrs::Cdr>>::Input;
type CredentialsUp =
    <v221::credentials::Credentials as Convert<v230::credentials::Credentials>>::Input;
type CredentialsDown =
    <v230::credentials::Credentials as Convert<v221::credentials::Credentials>>::Input;

fn party(country: &str, id: &str) -> PartyRef {
    PartyRef::new(
        CountryCode::new(country).unwrap(),
        PartyId::new(id).unwrap(),
    )
}

fn price_up(name: &str) -> PriceUp {
    PriceUp::new(OcpiString::new(name).unwrap())
}

fn tariff_up(tax_included: &str) -> TariffUp {
    TariffUp::new(v230::tariffs::TaxIncluded::from_wire(tax_included).unwrap())
}

fn token_up(owner: Option<PartyRef>) -> TokenUp {
    TokenUp::new(owner)
}

fn session_up(owner: Option<PartyRef>, tax: &str) -> SessionUp {
    SessionUp::new(token_up(owner), price_up(tax))
}

fn cdr_up(owner: Option<PartyRef>, tax: &str, tax_included: &str) -> CdrUp {
    CdrUp::new(token_up(owner), price_up(tax), tariff_up(tax_included))
}

// ---- helpers ----

fn read<T: DeserializeOwned + Conformance>(json: &str) -> T {
    parse::<T>(json.as_bytes())
        .unwrap_or_else(|e| panic!("parse failed: {e}"))
        .value
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// The converted value of `json` (read as `A`), as JSON, with its losses.
fn convert<A, B>(json: &str, input: &A::Input) -> Result<(String, Vec<Loss>), ConvertError>
where
    A: DeserializeOwned + Conformance + Convert<B>,
    B: Serialize,
{
    let Converted { value, losses } = read::<A>(json).convert(input)?;
    Ok((to_json(&value), losses))
}

fn paths(losses: &[Loss]) -> Vec<&str> {
    losses.iter().map(|l| l.path.as_str()).collect()
}

/// A conversion there and back.
#[derive(Debug)]
struct Trip {
    /// The original, as written back by its own version.
    original: String,
    /// The converted value.
    there: String,
    there_losses: Vec<Loss>,
    /// Converted back.
    back: String,
    back_losses: Vec<Loss>,
}

fn trip<A, B>(json: &str, there: &A::Input, back: &B::Input) -> Result<Trip, ConvertError>
where
    A: DeserializeOwned + Conformance + Serialize + Convert<B>,
    B: Serialize + Convert<A>,
{
    let a = read::<A>(json);
    let original = to_json(&a);
    let Converted {
        value: b,
        losses: there_losses,
    } = a.convert(there)?;
    let there_json = to_json(&b);
    let Converted {
        value: a,
        losses: back_losses,
    } = b.convert(back)?;
    Ok(Trip {
        original,
        there: there_json,
        there_losses,
        back: to_json(&a),
        back_losses,
    })
}

/// A trip of every element of a JSON list; losses get the element index (`[1].version`).
fn trip_list<A, B>(json: &str, there: &A::Input, back: &B::Input) -> Result<Trip, ConvertError>
where
    A: DeserializeOwned + Conformance + Serialize + Convert<B>,
    B: Serialize + Convert<A>,
{
    let items: Vec<Box<RawValue>> = serde_json::from_str(json).unwrap();
    let mut out: Vec<Trip> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut t = trip::<A, B>(item.get(), there, back).map_err(|e| ConvertError {
            path: format!("[{i}].{}", e.path),
            reason: e.reason,
        })?;
        for l in t.there_losses.iter_mut().chain(t.back_losses.iter_mut()) {
            l.path = format!("[{i}].{}", l.path);
        }
        out.push(t);
    }
    let join = |f: fn(&Trip) -> &String| {
        format!(
            "[{}]",
            out.iter()
                .map(|t| f(t).as_str())
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    Ok(Trip {
        original: join(|t| &t.original),
        there: join(|t| &t.there),
        back: join(|t| &t.back),
        there_losses: out.iter().flat_map(|t| t.there_losses.clone()).collect(),
        back_losses: out.iter().flat_map(|t| t.back_losses.clone()).collect(),
    })
}

/// The `data` of a response envelope, as JSON.
fn data_of<T: DeserializeOwned + Conformance + Serialize>(json: &str) -> String {
    to_json(&read::<Response<T>>(json).data.expect("data"))
}

/// The paths at which two JSON documents differ (numbers compared as exact decimals).
fn diff_paths(a: &str, b: &str) -> Vec<String> {
    fn walk(a: &RawValue, b: &RawValue, path: &str, out: &mut Vec<String>) {
        let (ta, tb) = (a.get().trim(), b.get().trim());
        let at = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else if key.starts_with('[') {
                format!("{path}{key}")
            } else {
                format!("{path}.{key}")
            }
        };
        match (ta.as_bytes()[0], tb.as_bytes()[0]) {
            (b'{', b'{') => {
                let ma: BTreeMap<String, Box<RawValue>> = serde_json::from_str(ta).unwrap();
                let mb: BTreeMap<String, Box<RawValue>> = serde_json::from_str(tb).unwrap();
                for (k, va) in &ma {
                    match mb.get(k) {
                        Some(vb) => walk(va, vb, &at(k), out),
                        None => out.push(at(k)),
                    }
                }
                for k in mb.keys().filter(|k| !ma.contains_key(*k)) {
                    out.push(at(k));
                }
            }
            (b'[', b'[') => {
                let la: Vec<Box<RawValue>> = serde_json::from_str(ta).unwrap();
                let lb: Vec<Box<RawValue>> = serde_json::from_str(tb).unwrap();
                if la.len() != lb.len() {
                    out.push(path.to_owned());
                    return;
                }
                for (i, (x, y)) in la.iter().zip(&lb).enumerate() {
                    walk(x, y, &at(&format!("[{i}]")), out);
                }
            }
            _ => {
                if exact_json_eq(ta, tb).is_err() {
                    out.push(path.to_owned());
                }
            }
        }
    }
    let ra: Box<RawValue> = serde_json::from_str(a).unwrap();
    let rb: Box<RawValue> = serde_json::from_str(b).unwrap();
    let mut out = Vec::new();
    walk(&ra, &rb, "", &mut out);
    out
}

/// Whether `path` is `lost` or inside it.
fn covered(path: &str, lost: &str) -> bool {
    path == lost
        || path
            .strip_prefix(lost)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

// ---- every official example ----

/// How an official example is read: the object it shows, and the version-independent ones.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Cdr,
    Credentials,
    Location,
    LocationPatch,
    Evse,
    EvsePatch,
    ConnectorPatch,
    Session,
    SessionPatch,
    Tariff,
    Token,
    TokenPatch,
    TokenResponse,
    TokenListResponse,
    VersionDetails,
    VersionDetailsResponse,
    VersionList,
    VersionListResponse,
    /// Hours and DisplayText: the same Rust type in both versions, crossing as they are.
    Shared,
    /// Payments: 2.3.0 only.
    Payments,
}

fn kind(file: &str) -> Kind {
    use Kind::*;
    match file {
        "cdr_example.json" => Cdr,
        f if f.starts_with("credentials_example") => Credentials,
        f if f.starts_with("location_energymix_") => LocationPatch,
        "location_regularhours_example.json" => LocationPatch,
        f if f.starts_with("location_example") => Location,
        f if f.starts_with("location_hours_") => Shared,
        "location_patch_example_location.json" => LocationPatch,
        "location_patch_example_remove_evse.json" | "location_patch_example_status.json" => {
            EvsePatch
        }
        "location_patch_example_tariff.json" => ConnectorPatch,
        "location_put_example_add_evse.json" => Evse,
        f if f.starts_with("payment_") => Payments,
        f if f.starts_with("session_example") => Session,
        f if f.starts_with("session_patch_") => SessionPatch,
        f if f.starts_with("tariff") => Tariff,
        "token_patch_example.json" => TokenPatch,
        f if f.starts_with("token_") => Token,
        "transport_and_format_get_token_example.json" => TokenResponse,
        "transport_and_format_get_token_list_example.json" => TokenListResponse,
        "transport_and_format_version_details_example.json" => VersionDetailsResponse,
        "transport_and_format_version_info_example.json" => VersionListResponse,
        "type_displaytext_example.json" => Shared,
        f if f.starts_with("version_details_example") => VersionDetails,
        "versions_info_example.json" => VersionList,
        other => panic!("no kind for {other}"),
    }
}

/// The owner of the tokens of the 2.2.1 examples that lack one: as the 2.3.0 versions of the
/// same examples give it.
fn example_owner(file: &str) -> Option<PartyRef> {
    match file {
        "cdr_example.json" => Some(party("DE", "TNM")),
        f if f.starts_with("session_example") => Some(party("NL", "TST")),
        _ => None,
    }
}

/// 2.2.1 → 2.3.0 → 2.2.1 of a 2.2.1 example. The upgrade inputs are those the 2.3.0 versions
/// of the examples show: tax name "VAT", `tax_included` "NO".
fn trip_221(file: &str, json: &str) -> Option<Result<Trip, ConvertError>> {
    use Kind::*;
    let owner = example_owner(file);
    Some(match kind(file) {
        Cdr => trip::<v221::cdrs::Cdr, v230::cdrs::Cdr>(json, &cdr_up(owner, "VAT", "NO"), &()),
        Credentials => trip::<v221::credentials::Credentials, v230::credentials::Credentials>(
            json,
            &CredentialsUp::default(),
            &CredentialsDown::default(),
        ),
        Location => trip::<v221::locations::Location, v230::locations::Location>(json, &(), &()),
        LocationPatch => {
            trip::<v221::locations::LocationPatch, v230::locations::LocationPatch>(json, &(), &())
        }
        Evse => trip::<v221::locations::Evse, v230::locations::Evse>(json, &(), &()),
        EvsePatch => trip::<v221::locations::EvsePatch, v230::locations::EvsePatch>(json, &(), &()),
        ConnectorPatch => {
            trip::<v221::locations::ConnectorPatch, v230::locations::ConnectorPatch>(json, &(), &())
        }
        Session => trip::<v221::sessions::Session, v230::sessions::Session>(
            json,
            &session_up(owner, "VAT"),
            &(),
        ),
        SessionPatch => trip::<v221::sessions::SessionPatch, v230::sessions::SessionPatch>(
            json,
            &session_up(owner, "VAT"),
            &(),
        ),
        Tariff => trip::<v221::tariffs::Tariff, v230::tariffs::Tariff>(json, &tariff_up("NO"), &()),
        Token => trip::<v221::tokens::Token, v230::tokens::Token>(json, &(), &()),
        TokenPatch => trip::<v221::tokens::TokenPatch, v230::tokens::TokenPatch>(json, &(), &()),
        TokenResponse => trip::<v221::tokens::Token, v230::tokens::Token>(
            &data_of::<v221::tokens::Token>(json),
            &(),
            &(),
        ),
        TokenListResponse => trip_list::<v221::tokens::Token, v230::tokens::Token>(
            &data_of::<Vec<v221::tokens::Token>>(json),
            &(),
            &(),
        ),
        VersionDetails => {
            trip::<v221::versions::VersionDetails, v230::versions::VersionDetails>(json, &(), &())
        }
        VersionDetailsResponse => trip::<
            v221::versions::VersionDetails,
            v230::versions::VersionDetails,
        >(
            &data_of::<v221::versions::VersionDetails>(json), &(), &()
        ),
        VersionList => {
            trip_list::<v221::versions::Version, v230::versions::Version>(json, &(), &())
        }
        VersionListResponse => trip_list::<v221::versions::Version, v230::versions::Version>(
            &data_of::<Vec<v221::versions::Version>>(json),
            &(),
            &(),
        ),
        Shared | Payments => return None,
    })
}

/// 2.3.0 → 2.2.1 → 2.3.0 of a 2.3.0 example, with the same upgrade inputs.
fn trip_230(file: &str, json: &str) -> Option<Result<Trip, ConvertError>> {
    use Kind::*;
    Some(match kind(file) {
        Cdr => trip::<v230::cdrs::Cdr, v221::cdrs::Cdr>(json, &(), &cdr_up(None, "VAT", "NO")),
        Credentials => trip::<v230::credentials::Credentials, v221::credentials::Credentials>(
            json,
            &CredentialsDown::default(),
            &CredentialsUp::default(),
        ),
        Location => trip::<v230::locations::Location, v221::locations::Location>(json, &(), &()),
        LocationPatch => {
            trip::<v230::locations::LocationPatch, v221::locations::LocationPatch>(json, &(), &())
        }
        Evse => trip::<v230::locations::Evse, v221::locations::Evse>(json, &(), &()),
        EvsePatch => trip::<v230::locations::EvsePatch, v221::locations::EvsePatch>(json, &(), &()),
        ConnectorPatch => {
            trip::<v230::locations::ConnectorPatch, v221::locations::ConnectorPatch>(json, &(), &())
        }
        Session => trip::<v230::sessions::Session, v221::sessions::Session>(
            json,
            &(),
            &session_up(None, "VAT"),
        ),
        SessionPatch => trip::<v230::sessions::SessionPatch, v221::sessions::SessionPatch>(
            json,
            &(),
            &session_up(None, "VAT"),
        ),
        Tariff => trip::<v230::tariffs::Tariff, v221::tariffs::Tariff>(json, &(), &tariff_up("NO")),
        Token => trip::<v230::tokens::Token, v221::tokens::Token>(json, &(), &()),
        TokenPatch => trip::<v230::tokens::TokenPatch, v221::tokens::TokenPatch>(json, &(), &()),
        TokenResponse => trip::<v230::tokens::Token, v221::tokens::Token>(
            &data_of::<v230::tokens::Token>(json),
            &(),
            &(),
        ),
        TokenListResponse => trip_list::<v230::tokens::Token, v221::tokens::Token>(
            &data_of::<Vec<v230::tokens::Token>>(json),
            &(),
            &(),
        ),
        VersionDetails => {
            trip::<v230::versions::VersionDetails, v221::versions::VersionDetails>(json, &(), &())
        }
        VersionDetailsResponse => trip::<
            v230::versions::VersionDetails,
            v221::versions::VersionDetails,
        >(
            &data_of::<v230::versions::VersionDetails>(json), &(), &()
        ),
        VersionList => {
            trip_list::<v230::versions::Version, v221::versions::Version>(json, &(), &())
        }
        VersionListResponse => trip_list::<v230::versions::Version, v221::versions::Version>(
            &data_of::<Vec<v230::versions::Version>>(json),
            &(),
            &(),
        ),
        Shared | Payments => return None,
    })
}

fn files(version: &str) -> Vec<String> {
    common::fixture_names(version, |n| n.ends_with(".json"))
}

/// The 2.2.1 examples whose `cdr_token` lacks `country_code` and `party_id` (an erratum): the
/// upgrade takes them from the input, so the way back has them too.
const TOKEN_ERRATUM: [&str; 3] = [
    "cdr_example.json",
    "session_example_1_simple_start.json",
    "session_example_2_short_finished.json",
];

/// What the way back (2.3.0 → 2.2.1) of a 2.2.1 example reports: the tax names the upgrade
/// gave its prices.
fn back_losses_221(file: &str) -> Vec<&'static str> {
    match file {
        "cdr_example.json" => vec!["total_cost.taxes[0].name", "total_time_cost.taxes[0].name"],
        "session_example_2_short_finished.json"
        | "session_patch_example_charging_period.json"
        | "session_patch_example_total_cost.json" => vec!["total_cost.taxes[0].name"],
        _ => vec![],
    }
}

#[test]
fn every_2_2_1_example_upgrades_and_comes_back_exactly() {
    let files = files("2.2.1");
    assert_eq!(files.len(), 60);
    let mut converted = 0;
    for file in &files {
        let json = fixture("2.2.1", file);
        let Some(result) = trip_221(file, &json) else {
            assert_eq!(kind(file), Kind::Shared, "{file}");
            continue;
        };
        converted += 1;
        let t = result.unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(t.there_losses, vec![], "{file}: an upgrade loses nothing");
        assert_eq!(paths(&t.back_losses), back_losses_221(file), "{file}");
        let diff = diff_paths(&t.original, &t.back);
        if TOKEN_ERRATUM.contains(&file.as_str()) {
            assert_eq!(
                diff,
                ["cdr_token.country_code", "cdr_token.party_id"],
                "{file}"
            );
            let owner = example_owner(file).unwrap();
            assert!(t.back.contains(&format!(
                r#""country_code":"{}","party_id":"{}""#,
                owner.country_code, owner.party_id
            )));
        } else {
            exact_json_eq(&t.original, &t.back).unwrap_or_else(|d| panic!("{file}: {d}"));
        }
    }
    // 4 Hours and DisplayText examples are of types both versions share.
    assert_eq!(converted, 56);
}

/// What the downgrade of a 2.3.0 example reports, and what the way back (with the inputs of
/// [`trip_230`]) does not restore.
fn losses_230(file: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    match file {
        "cdr_example.json" => (
            vec![
                "total_cost.taxes[0].name",
                "total_time_cost.taxes[0].name",
                "tariffs[0].tax_included",
            ],
            // The example's tariff lacks tax_included (an erratum); the upgrade input gives
            // NO.
            vec!["tariffs[0].tax_included"],
        ),
        "location_example.json" => (
            vec!["evses[0].parking", "evses[1].parking", "parking_places"],
            vec!["evses[0].parking", "evses[1].parking", "parking_places"],
        ),
        "location_example_parking_garage_opening_hours.json" => (
            vec!["evses[0].parking", "parking_places"],
            vec!["evses[0].parking", "parking_places"],
        ),
        // The tax name comes back from the input ("VAT", as in the examples).
        "session_example_2_short_finished.json"
        | "session_patch_example_charging_period.json"
        | "session_patch_example_total_cost.json" => (vec!["total_cost.taxes[0].name"], vec![]),
        _ => (vec![], vec![]),
    }
}

#[test]
fn every_2_3_0_example_downgrades_with_exact_losses() {
    let files = files("2.3.0");
    assert_eq!(files.len(), 72);
    let mut converted = 0;
    for file in &files {
        let json = fixture("2.3.0", file);
        let Some(result) = trip_230(file, &json) else {
            assert!(
                matches!(kind(file), Kind::Shared | Kind::Payments),
                "{file}"
            );
            continue;
        };
        converted += 1;
        if file == "tariff_20_simple_north_american_inclusive.json" {
            // Prices including taxes, with no VAT percentage: nothing to derive the 2.2.1
            // prices (excluding VAT) from.
            let e = result.unwrap_err();
            assert_eq!(e.path, "tax_included", "{e}");
            continue;
        }
        let t = result.unwrap_or_else(|e| panic!("{file}: {e}"));
        let (lost, differ) = losses_230(file);
        assert_eq!(paths(&t.there_losses), lost, "{file}");
        assert!(t.there_losses.iter().all(|l| !l.reason.is_empty()));
        assert_eq!(t.back_losses, vec![], "{file}: an upgrade loses nothing");
        let diff = diff_paths(&t.original, &t.back);
        assert_eq!(diff, differ, "{file}");
        for d in &diff {
            assert!(
                t.there_losses.iter().any(|l| covered(d, &l.path)),
                "{file}: {d} differs but was not reported"
            );
        }
    }
    // 4 shared-type examples and 11 Payments examples have nothing to convert.
    assert_eq!(converted, 57);
}

/// The examples both versions publish under the same name: the upgrade of the 2.2.1 one and
/// the downgrade of the 2.3.0 one, compared with the other version's example. Where they
/// differ, the examples themselves differ (new dates, URLs without a trailing slash, parking
/// added in 2.3.0, `kwh` changed, "2.2" → "2.2.1"), never a converted field.
#[test]
fn conversions_match_the_other_versions_examples() {
    let expected: &[(&str, &[&str], &[&str])] = &[
        (
            "cdr_example.json",
            &[
                "charging_periods[0].start_date_time",
                "end_date_time",
                "last_updated",
                "start_date_time",
                "tariffs[0].last_updated",
                // The 2.3.0 example's tariff lacks tax_included (an erratum).
                "tariffs[0].tax_included",
            ],
            &[
                // Not in the 2.2.1 example (an erratum there).
                "cdr_token.country_code",
                "cdr_token.party_id",
                "charging_periods[0].start_date_time",
                "end_date_time",
                "last_updated",
                "start_date_time",
                "tariffs[0].last_updated",
            ],
        ),
        ("credentials_example.json", &["url"], &["url"]),
        ("credentials_example2.json", &["url"], &["url"]),
        ("credentials_example3.json", &["url"], &["url"]),
        ("credentials_example4.json", &["url"], &["url"]),
        (
            "location_example.json",
            &[
                "evses[0].parking",
                "evses[1].parking",
                "parking_type",
                "parking_places",
            ],
            &["parking_type"],
        ),
        (
            "location_example_parking_garage_opening_hours.json",
            &["evses[0].parking", "parking_places"],
            &[],
        ),
        (
            "session_example_1_simple_start.json",
            &[],
            &["cdr_token.country_code", "cdr_token.party_id"],
        ),
        (
            "session_example_2_short_finished.json",
            &["kwh"],
            &["cdr_token.country_code", "cdr_token.party_id", "kwh"],
        ),
        (
            "transport_and_format_version_details_example.json",
            &["endpoints[0].url", "endpoints[1].url"],
            &["endpoints[0].url", "endpoints[1].url"],
        ),
        (
            "transport_and_format_version_info_example.json",
            &["[0].url", "[1].url"],
            &["[0].url", "[1].url"],
        ),
        (
            "version_details_example.json",
            &["endpoints[0].url", "endpoints[1].url"],
            &["endpoints[0].url", "endpoints[1].url"],
        ),
        (
            "version_details_example2.json",
            &[
                "endpoints[0].url",
                "endpoints[1].url",
                "endpoints[2].url",
                "endpoints[3].url",
                "endpoints[4].url",
            ],
            &[
                "endpoints[0].url",
                "endpoints[1].url",
                "endpoints[2].url",
                "endpoints[3].url",
                "endpoints[4].url",
            ],
        ),
        (
            "versions_info_example.json",
            &["[0].url", "[1].url", "[1].version"],
            &["[0].url", "[1].url", "[1].version"],
        ),
    ];
    let newer = files("2.3.0");
    let mut identical = 0;
    for file in files("2.2.1").iter().filter(|f| newer.contains(f)) {
        let Some(Ok(old)) = trip_221(file, &fixture("2.2.1", file)) else {
            continue;
        };
        let Some(Ok(new)) = trip_230(file, &fixture("2.3.0", file)) else {
            continue;
        };
        let up = diff_paths(&old.there, &new.original);
        let down = diff_paths(&new.there, &old.original);
        match expected.iter().find(|(f, _, _)| f == file) {
            Some((_, e_up, e_down)) => {
                assert_eq!(up, *e_up, "{file}: upgrade");
                assert_eq!(down, *e_down, "{file}: downgrade");
            }
            None => {
                assert_eq!(up, Vec::<String>::new(), "{file}: upgrade");
                assert_eq!(down, Vec::<String>::new(), "{file}: downgrade");
                identical += 1;
            }
        }
    }
    // Among them every tariff (with min_price / max_price and tax_included "NO") and both
    // Session PATCH examples (total_cost with its VAT as a tax named "VAT").
    assert_eq!(identical, 41);
}

#[test]
fn hours_and_display_text_are_shared_types() {
    // The same Rust type in both versions: a 2.2.1 value is a 2.3.0 value.
    for file in [
        "location_hours_247_open_exception_closing.json",
        "location_hours_opening_hours_with_exceptional_closing.json",
        "location_hours_opening_hours_with_exceptional_opening.json",
    ] {
        let json = fixture("2.2.1", file);
        let hours: v230::locations::Hours = read::<v221::locations::Hours>(&json);
        exact_json_eq(&json, &to_json(&hours)).unwrap();
    }
    let text: ocpi_protocol::types::DisplayText =
        read(&fixture("2.3.0", "type_displaytext_example.json"));
    assert_eq!(text.language, "en");
}

// ---- prices ----

type Price221 = ocpi_protocol::types::Price;
type Price230 = v230::tariffs::Price;

fn up_price(json: &str, tax: &str) -> Result<(String, Vec<Loss>), ConvertError> {
    convert::<Price221, Price230>(json, &price_up(tax))
}

fn down_price(json: &str) -> Result<(String, Vec<Loss>), ConvertError> {
    convert::<Price230, Price221>(json, &())
}

#[test]
fn price_upgrade_lists_the_vat_as_one_tax_named_by_the_input() {
    let (json, losses) = up_price(r#"{"excl_vat":8.50,"incl_vat":9.35}"#, "GST").unwrap();
    assert_eq!(
        json,
        r#"{"before_taxes":8.50,"taxes":[{"name":"GST","amount":0.85}]}"#
    );
    assert_eq!(losses, vec![]);
    // The input is the name, whatever it is.
    let (json, _) = up_price(r#"{"excl_vat":8.50,"incl_vat":9.35}"#, "VAT").unwrap();
    assert!(json.contains(r#""name":"VAT""#), "{json}");
    // Without incl_vat, no taxes.
    let (json, _) = up_price(r#"{"excl_vat":2.5}"#, "VAT").unwrap();
    assert_eq!(json, r#"{"before_taxes":2.5}"#);
}

#[test]
fn price_arithmetic_is_exact_decimal() {
    // Digits an f64 would not keep.
    let (json, _) = up_price(
        r#"{"excl_vat":12345678.123456789012,"incl_vat":12345679.357456789012}"#,
        "VAT",
    )
    .unwrap();
    assert!(json.contains(r#""amount":1.234000000000"#), "{json}");
    // 0.3 + 0.1 + 0.2 is 0.6, not 0.6000000000000001.
    let (json, _) = down_price(
        r#"{"before_taxes":0.3,"taxes":[{"name":"A","amount":0.1},{"name":"B","amount":0.2}]}"#,
    )
    .unwrap();
    assert_eq!(json, r#"{"excl_vat":0.3,"incl_vat":0.6}"#);
    // A credit: negative amounts cross exactly both ways.
    let (json, _) = up_price(r#"{"excl_vat":-4.00,"incl_vat":-4.40}"#, "VAT").unwrap();
    assert_eq!(
        json,
        r#"{"before_taxes":-4.00,"taxes":[{"name":"VAT","amount":-0.40}]}"#
    );
    let (json, _) = down_price(&json).unwrap();
    assert_eq!(json, r#"{"excl_vat":-4.00,"incl_vat":-4.40}"#);
    // Equal amounts: a tax of 0, which comes back as equal amounts.
    let (json, _) = up_price(r#"{"excl_vat":5.00,"incl_vat":5.00}"#, "VAT").unwrap();
    assert_eq!(
        json,
        r#"{"before_taxes":5.00,"taxes":[{"name":"VAT","amount":0.00}]}"#
    );
    assert_eq!(
        down_price(&json).unwrap().0,
        r#"{"excl_vat":5.00,"incl_vat":5.00}"#
    );
}

#[test]
fn price_downgrade_sums_the_taxes_and_reports_what_2_2_1_cannot_hold() {
    let (json, losses) = down_price(
        r#"{"before_taxes":10.00,"taxes":[
            {"name":"GST","percentage":5,"amount":0.50},
            {"name":"PST","account_number":"1234-RT","percentage":7,"amount":0.70,"x-note":"q"}
        ],"x-price":1}"#,
    )
    .unwrap();
    // The price's own unknown field crosses.
    assert_eq!(json, r#"{"excl_vat":10.00,"incl_vat":11.20,"x-price":1}"#);
    assert_eq!(
        paths(&losses),
        [
            "taxes[0].name",
            "taxes[0].percentage",
            "taxes[0].amount",
            "taxes[1].name",
            "taxes[1].account_number",
            "taxes[1].percentage",
            "taxes[1].amount",
            "taxes[1].x-note",
        ]
    );
    // One tax: its amount crosses whole (in incl_vat), only the name is lost.
    let (json, losses) =
        down_price(r#"{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.40}]}"#).unwrap();
    assert_eq!(json, r#"{"excl_vat":4.00,"incl_vat":4.40}"#);
    assert_eq!(paths(&losses), ["taxes[0].name"]);
    // No taxes: no incl_vat, nothing lost.
    assert_eq!(
        down_price(r#"{"before_taxes":2.5}"#).unwrap(),
        (r#"{"excl_vat":2.5}"#.to_owned(), vec![])
    );
    // An empty list: no tax due, so incl_vat is excl_vat; that it was a list is lost.
    let (json, losses) = down_price(r#"{"before_taxes":2.5,"taxes":[]}"#).unwrap();
    assert_eq!(json, r#"{"excl_vat":2.5,"incl_vat":2.5}"#);
    assert_eq!(paths(&losses), ["taxes"]);
}

#[test]
fn price_overflow_is_an_error() {
    let e = up_price(
        r#"{"excl_vat":-79228162514264337593543950335,"incl_vat":79228162514264337593543950335}"#,
        "VAT",
    )
    .unwrap_err();
    assert_eq!(e.path, "incl_vat");
    let e = down_price(
        r#"{"before_taxes":79228162514264337593543950335,"taxes":[{"name":"A","amount":1}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "taxes[0].amount");
}

#[test]
fn price_limits_are_a_rename() {
    let json = r#"{"excl_vat":10.00,"incl_vat":11.00,"x":true}"#;
    let (limit, losses) = convert::<Price221, v230::tariffs::PriceLimit>(json, &()).unwrap();
    assert_eq!(
        limit,
        r#"{"before_taxes":10.00,"after_taxes":11.00,"x":true}"#
    );
    assert_eq!(losses, vec![]);
    let (back, losses) = convert::<v230::tariffs::PriceLimit, Price221>(&limit, &()).unwrap();
    assert_eq!(back, json);
    assert_eq!(losses, vec![]);
}

// ---- tariffs ----

const TARIFF_221: &str = r#"{
    "country_code": "DE", "party_id": "ABC", "id": "T1", "currency": "EUR",
    "min_price": {"excl_vat": 0.50, "incl_vat": 0.55},
    "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}]}],
    "last_updated": "2024-01-01T00:00:00Z"
}"#;

fn tariff_230(tax_included: &str, vat: &str) -> String {
    format!(
        r#"{{"country_code":"CA","party_id":"FLO","id":"12","currency":"CAD",
            "preauthorize_amount":20,
            "elements":[{{"price_components":[{{"type":"TIME","price":2.00{vat},"step_size":1}}]}}],
            {tax_included}
            "last_updated":"2024-12-05T18:30:14Z"}}"#
    )
}

fn up_tariff(json: &str, tax_included: &str) -> Result<(String, Vec<Loss>), ConvertError> {
    convert::<v221::tariffs::Tariff, v230::tariffs::Tariff>(json, &tariff_up(tax_included))
}

fn down_tariff(json: &str) -> Result<(String, Vec<Loss>), ConvertError> {
    convert::<v230::tariffs::Tariff, v221::tariffs::Tariff>(json, &())
}

#[test]
fn tariff_upgrade_takes_tax_included_from_the_input() {
    for value in ["NO", "N/A"] {
        let (json, losses) = up_tariff(TARIFF_221, value).unwrap();
        assert!(
            json.contains(&format!(r#""tax_included":"{value}""#)),
            "{json}"
        );
        assert!(json.contains(r#""min_price":{"before_taxes":0.50,"after_taxes":0.55}"#));
        assert!(!json.contains("preauthorize_amount"));
        assert_eq!(losses, vec![]);
    }
}

#[test]
fn tariff_upgrade_refuses_a_tax_included_that_changes_the_prices_meaning() {
    // 2.2.1 prices exclude VAT.
    let e = up_tariff(TARIFF_221, "YES").unwrap_err();
    assert_eq!(e.path, "tax_included");
    let e = up_tariff(TARIFF_221, "SOMETIMES").unwrap_err();
    assert_eq!(e.path, "tax_included");
    // N/A (no taxes apply) against a VAT percentage.
    let with_vat = TARIFF_221.replace(r#""price": 0.25,"#, r#""price": 0.25, "vat": 10.0,"#);
    let e = up_tariff(&with_vat, "N/A").unwrap_err();
    assert_eq!(e.path, "elements[0].price_components[0].vat");
    assert!(up_tariff(&with_vat, "NO").is_ok());
    // 0% VAT does not contradict N/A.
    let zero_vat = TARIFF_221.replace(r#""price": 0.25,"#, r#""price": 0.25, "vat": 0,"#);
    assert!(up_tariff(&zero_vat, "N/A").is_ok());
}

#[test]
fn tariff_downgrade_by_tax_included() {
    // NO: what 2.2.1 prices always mean. preauthorize_amount is new in 2.3.0.
    let (json, losses) = down_tariff(&tariff_230(r#""tax_included":"NO","#, "")).unwrap();
    assert!(!json.contains("tax_included") && !json.contains("preauthorize_amount"));
    assert!(json.contains(r#""price":2.00"#));
    assert_eq!(paths(&losses), ["preauthorize_amount"]);
    // N/A: 2.2.1 cannot say it.
    let (_, losses) = down_tariff(&tariff_230(r#""tax_included":"N/A","#, "")).unwrap();
    assert_eq!(paths(&losses), ["preauthorize_amount", "tax_included"]);
    // Missing (erratum): passed on, and said so.
    let (json, losses) = down_tariff(&tariff_230("", r#","vat":10"#)).unwrap();
    assert!(json.contains(r#""price":2.00,"vat":10"#));
    assert_eq!(paths(&losses), ["preauthorize_amount", "tax_included"]);
    assert!(losses[1].reason.contains("missing"), "{}", losses[1].reason);
    // YES: the prices before taxes are not known, with or without a VAT percentage.
    for vat in ["", r#","vat":5"#] {
        let e = down_tariff(&tariff_230(r#""tax_included":"YES","#, vat)).unwrap_err();
        assert_eq!(e.path, "tax_included");
    }
    // An unknown value: whether prices include taxes is not known.
    let e = down_tariff(&tariff_230(r#""tax_included":"PARTLY","#, "")).unwrap_err();
    assert_eq!(e.path, "tax_included");
}

// ---- CDRs and Sessions ----

#[test]
fn cdr_upgrade_uses_each_input() {
    // Without the tariff's VAT percentage, so that N/A is a possible tax_included.
    let json = fixture("2.2.1", "cdr_example.json").replace(r#""vat": 10.0,"#, "");
    let (cdr, losses) = convert::<v221::cdrs::Cdr, v230::cdrs::Cdr>(
        &json,
        &cdr_up(Some(party("NL", "EMS")), "BTW", "N/A"),
    )
    .unwrap();
    assert_eq!(losses, vec![]);
    let cdr: v230::cdrs::Cdr = read(&cdr);
    assert_eq!(cdr.cdr_token.country_code, "NL");
    assert_eq!(cdr.cdr_token.party_id, "EMS");
    let taxes = cdr.total_cost.taxes.as_ref().unwrap();
    assert_eq!(taxes[0].name, "BTW");
    assert_eq!(taxes[0].amount.to_string(), "0.40");
    assert_eq!(cdr.total_time_cost.unwrap().taxes.unwrap()[0].name, "BTW");
    let tariffs = cdr.tariffs.unwrap();
    assert_eq!(
        tariffs[0].tax_included,
        Some(v230::tariffs::TaxIncluded::NotApplicable)
    );
}

#[test]
fn cdr_errors_carry_their_path() {
    let json = fixture("2.2.1", "cdr_example.json");
    let e =
        convert::<v221::cdrs::Cdr, v230::cdrs::Cdr>(&json, &cdr_up(None, "VAT", "NO")).unwrap_err();
    assert_eq!(e.path, "cdr_token.country_code");
    let e = convert::<v221::cdrs::Cdr, v230::cdrs::Cdr>(
        &json,
        &cdr_up(Some(party("DE", "TNM")), "VAT", "YES"),
    )
    .unwrap_err();
    assert_eq!(e.path, "tariffs[0].tax_included");
    let e = convert::<v221::cdrs::Cdr, v230::cdrs::Cdr>(
        &json,
        &cdr_up(Some(party("DE", "TNM")), "VAT", "N/A"),
    )
    .unwrap_err();
    assert_eq!(e.path, "tariffs[0].elements[0].price_components[0].vat");
}

#[test]
fn cdr_downgrade_leaves_out_a_tariff_it_cannot_convert() {
    let yes = fixture("2.3.0", "tariff_20_simple_north_american_inclusive.json");
    let no = fixture("2.3.0", "tariff_19_simple_north_american_exclusive.json");
    let cdr = |tariffs: String| {
        fixture("2.3.0", "cdr_example.json").replacen(
            r#""tariffs": [{"#,
            &format!(r#""tariffs": [{tariffs}], "x": [{{"#),
            1,
        )
    };
    // [NO, YES]: the YES tariff is left out and reported.
    let json = cdr(format!("{no},{yes}"));
    let (out, losses) = convert::<v230::cdrs::Cdr, v221::cdrs::Cdr>(&json, &()).unwrap();
    let out: v221::cdrs::Cdr = read(&out);
    assert_eq!(out.tariffs.as_ref().unwrap().len(), 1);
    assert_eq!(out.tariffs.unwrap()[0].currency, "CAD");
    let lost: Vec<_> = losses
        .iter()
        .filter(|l| l.path.starts_with("tariffs"))
        .collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].path, "tariffs[1]");
    assert!(
        lost[0].reason.contains("tax_included"),
        "{}",
        lost[0].reason
    );
    // [YES]: nothing left, so no tariffs at all.
    let (out, losses) = convert::<v230::cdrs::Cdr, v221::cdrs::Cdr>(&cdr(yes), &()).unwrap();
    assert!(!out.contains(r#""tariffs""#), "{out}");
    assert!(paths(&losses).contains(&"tariffs[0]"));
    // The unknown field the test put next to tariffs crossed.
    assert!(out.contains(r#""x":[{"#));
}

#[test]
fn token_owner_input_fills_only_what_is_missing() {
    let up = |token: &str, owner: Option<PartyRef>| {
        convert::<v221::cdrs::CdrToken, v230::cdrs::CdrToken>(token, &token_up(owner))
    };
    let bare = r#"{"uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89"}"#;
    let (json, losses) = up(bare, Some(party("DE", "TNM"))).unwrap();
    assert_eq!(
        json,
        r#"{"country_code":"DE","party_id":"TNM","uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89"}"#
    );
    assert_eq!(losses, vec![]);
    assert_eq!(up(bare, None).unwrap_err().path, "country_code");
    // A token that names its owner needs no input, and keeps its own even when one is given.
    let full =
        r#"{"country_code":"NL","party_id":"TST","uid":"1","type":"RFID","contract_id":"C"}"#;
    for owner in [None, Some(party("DE", "TNM"))] {
        let (json, _) = up(full, owner).unwrap();
        assert!(json.starts_with(r#"{"country_code":"NL","party_id":"TST""#));
    }
    // Half a token: the owner fills the other half, and must agree with the half it has.
    let half = r#"{"country_code":"DE","uid":"1","type":"RFID","contract_id":"C"}"#;
    assert_eq!(up(half, None).unwrap_err().path, "party_id");
    let (json, _) = up(half, Some(party("de", "TNM"))).unwrap();
    assert!(json.starts_with(r#"{"country_code":"DE","party_id":"TNM""#));
    assert_eq!(
        up(half, Some(party("NL", "TNM"))).unwrap_err().path,
        "country_code"
    );
    let half = r#"{"party_id":"TNM","uid":"1","type":"RFID","contract_id":"C"}"#;
    assert_eq!(
        up(half, Some(party("DE", "XYZ"))).unwrap_err().path,
        "party_id"
    );
}

#[test]
fn session_upgrade_uses_its_inputs_and_errors_at_the_token() {
    let json = fixture("2.2.1", "session_example_2_short_finished.json");
    let (out, losses) = convert::<v221::sessions::Session, v230::sessions::Session>(
        &json,
        &session_up(Some(party("NL", "TST")), "MwSt"),
    )
    .unwrap();
    assert_eq!(losses, vec![]);
    assert!(out.contains(r#""cdr_token":{"country_code":"NL","party_id":"TST","#));
    assert!(out
        .contains(r#""total_cost":{"before_taxes":8.50,"taxes":[{"name":"MwSt","amount":0.85}]}"#));
    let e = convert::<v221::sessions::Session, v230::sessions::Session>(
        &json,
        &session_up(None, "VAT"),
    )
    .unwrap_err();
    assert_eq!(e.path, "cdr_token.country_code");
    // The PATCH form takes the same input.
    let patch = r#"{"cdr_token":{"uid":"1","type":"RFID","contract_id":"C"},"last_updated":"2019-06-23T08:11:00Z"}"#;
    let e = convert::<v221::sessions::SessionPatch, v230::sessions::SessionPatch>(
        patch,
        &session_up(None, "VAT"),
    )
    .unwrap_err();
    assert_eq!(e.path, "cdr_token.country_code");
    let (out, _) = convert::<v221::sessions::SessionPatch, v230::sessions::SessionPatch>(
        patch,
        &session_up(Some(party("NL", "TST")), "VAT"),
    )
    .unwrap();
    assert!(
        out.contains(r#""country_code":"NL","party_id":"TST""#),
        "{out}"
    );
}

#[test]
fn session_patch_null_total_cost_stays_null() {
    let patch = r#"{"total_cost":null,"last_updated":"2019-06-23T08:11:00Z"}"#;
    let (out, losses) = convert::<v221::sessions::SessionPatch, v230::sessions::SessionPatch>(
        patch,
        &session_up(None, "VAT"),
    )
    .unwrap();
    assert_eq!(out, patch);
    assert_eq!(losses, vec![]);
    let (back, losses) =
        convert::<v230::sessions::SessionPatch, v221::sessions::SessionPatch>(&out, &()).unwrap();
    assert_eq!(back, patch);
    assert_eq!(losses, vec![]);
}

#[test]
fn via_chains_both_steps() {
    use ocpi_protocol::convert::via;
    let json = fixture("2.2.1", "session_example_2_short_finished.json");
    let session: v221::sessions::Session = read(&json);
    let out: Converted<v221::sessions::Session> = via::<_, v230::sessions::Session, _>(
        session.clone(),
        &session_up(Some(party("NL", "TST")), "VAT"),
        &(),
    )
    .unwrap();
    assert_eq!(paths(&out.losses), ["total_cost.taxes[0].name"]);
    assert_eq!(out.value.total_cost, session.total_cost);
}

// ---- locations ----

/// A 2.3.0 Location with every field 2.2.1 lacks, enum values new in 2.3.0, a custom connector
/// standard and unknown fields at every level.
const LOCATION_230: &str = r#"{
    "country_code": "BE", "party_id": "BEC", "id": "LOC1", "publish": false,
    "publish_allowed_to": [{"uid": "E1", "type": "EMAID"}, {"group_id": "G1"}],
    "address": "F.Rooseveltlaan 3A", "city": "Gent", "country": "BEL",
    "coordinates": {"latitude": "51.047599", "longitude": "3.729944"},
    "evses": [{
        "uid": "3256", "status": "AVAILABLE",
        "connectors": [
            {"id": "1", "standard": "MCS", "format": "CABLE", "power_type": "DC",
             "max_voltage": 1250, "max_amperage": 3000,
             "capabilities": ["ISO_15118_20_PLUG_AND_CHARGE"],
             "last_updated": "2024-01-01T00:00:00Z"},
            {"id": "2", "standard": "X-VENDOR-PLUG", "format": "SOCKET", "power_type": "AC_3_PHASE",
             "max_voltage": 230, "max_amperage": 16, "last_updated": "2024-01-01T00:00:00Z",
             "x-connector": 1}
        ],
        "parking_restrictions": ["EV_ONLY", "TAXIS"],
        "parking": [{"parking_id": "P1", "evse_position": "LEFT"}],
        "accepted_service_providers": ["Example eMSP"],
        "last_updated": "2024-01-01T00:00:00Z",
        "x-evse": {"a": [1, 2.50]}
    }, {
        "uid": "3257", "status": "CHARGING",
        "connectors": [{"id": "1", "standard": "SAE_J3400", "format": "CABLE",
            "power_type": "DC", "max_voltage": 400, "max_amperage": 250,
            "last_updated": "2024-01-01T00:00:00Z"}],
        "last_updated": "2024-01-01T00:00:00Z"
    }],
    "parking_places": [{"id": "P1", "vehicle_types": ["PERSONAL_VEHICLE"],
        "restricted_to_type": false, "reservation_required": false}],
    "time_zone": "Europe/Brussels",
    "help_phone": "+3200000000",
    "last_updated": "2024-01-01T00:00:00Z",
    "x-location": "kept"
}"#;

#[test]
fn location_downgrade_reports_every_field_and_value_2_2_1_lacks() {
    // A connector type 2.2.1 lacks (MCS, new in 2.3.0) or does not know (a custom one) has
    // no 2.2.1 form: the Location cannot cross (it used to keep the wire text, which a 2.2.1
    // peer refuses).
    let e = trip::<v230::locations::Location, v221::locations::Location>(LOCATION_230, &(), &())
        .unwrap_err();
    assert_eq!(e.path, "evses[0].connectors[0].standard");
    let no_mcs = LOCATION_230.replace(r#""standard": "MCS""#, r#""standard": "IEC_62196_T2""#);
    let e = trip::<v230::locations::Location, v221::locations::Location>(&no_mcs, &(), &())
        .unwrap_err();
    assert_eq!(e.path, "evses[0].connectors[1].standard");
    let no_custom = no_mcs.replace(
        r#""standard": "X-VENDOR-PLUG""#,
        r#""standard": "IEC_62196_T1""#,
    );
    let e = trip::<v230::locations::Location, v221::locations::Location>(&no_custom, &(), &())
        .unwrap_err();
    assert_eq!(e.path, "evses[1].connectors[0].standard");
    let plugs = no_custom.replace(r#""standard": "SAE_J3400""#, r#""standard": "TESLA_S""#);
    let t = trip::<v230::locations::Location, v221::locations::Location>(&plugs, &(), &()).unwrap();
    assert_eq!(
        paths(&t.there_losses),
        [
            "publish_allowed_to[0].type",
            "evses[0].connectors[0].capabilities",
            "evses[0].parking_restrictions[1]",
            "evses[0].parking",
            "evses[0].accepted_service_providers",
            "parking_places",
            "help_phone",
        ]
    );
    // An EMAID token type is sent as OTHER; a parking restriction 2.2.1 lacks (TAXIS) is
    // left out; unknown fields cross at every level.
    for kept in [
        r#""type":"OTHER""#,
        r#""x-connector":1"#,
        r#""parking_restrictions":["EV_ONLY"]"#,
        r#""x-evse":{"a": [1, 2.50]}"#,
        r#""x-location":"kept""#,
    ] {
        assert!(t.there.contains(kept), "{kept} in {}", t.there);
    }
    for gone in [
        "parking",
        "accepted_service_providers",
        "capabilities",
        "help_phone",
    ] {
        assert!(!t.there.contains(&format!(r#""{gone}""#)), "{gone}");
    }
    // Back: exactly what was reported differs.
    assert_eq!(t.back_losses, vec![]);
    let diff = diff_paths(&t.original, &t.back);
    assert_eq!(
        diff,
        [
            "evses[0].accepted_service_providers",
            "evses[0].connectors[0].capabilities",
            "evses[0].parking",
            "evses[0].parking_restrictions",
            "help_phone",
            "parking_places",
            "publish_allowed_to[0].type",
        ]
    );
    // A list that lost an element differs as a whole, covered by the element's loss.
    for d in &diff {
        assert!(
            t.there_losses
                .iter()
                .any(|l| covered(d, &l.path) || l.path.starts_with(&format!("{d}["))),
            "{d}"
        );
    }
}

#[test]
fn location_upgrade_leaves_the_new_fields_absent() {
    let json = fixture("2.2.1", "location_example.json");
    let (out, losses) =
        convert::<v221::locations::Location, v230::locations::Location>(&json, &()).unwrap();
    assert_eq!(losses, vec![]);
    let new: v230::locations::Location = read(&out);
    assert_eq!(new.parking_places, None);
    assert_eq!(new.help_phone, None);
    let evse = &new.evses.as_ref().unwrap()[0];
    assert_eq!(evse.parking, None);
    assert_eq!(evse.accepted_service_providers, None);
    assert_eq!(evse.connectors[0].capabilities, None);
}

#[test]
fn location_patch_forms() {
    // Setting a 2.3.0-only field, to a value or to null, is reported; absent is not.
    let patch = r#"{"help_phone":null,"parking_places":[],"name":null,"last_updated":"2024-01-01T00:00:00Z"}"#;
    let (out, losses) =
        convert::<v230::locations::LocationPatch, v221::locations::LocationPatch>(patch, &())
            .unwrap();
    assert_eq!(
        out,
        r#"{"name":null,"last_updated":"2024-01-01T00:00:00Z"}"#
    );
    assert_eq!(paths(&losses), ["parking_places", "help_phone"]);

    let patch = r#"{"status":"BLOCKED","parking":null,"accepted_service_providers":["A"],"connectors":[{"id":"1","standard":"MCS","format":"CABLE","power_type":"DC","max_voltage":1000,"max_amperage":500,"last_updated":"2024-01-01T00:00:00Z"}],"parking_restrictions":["TENANTS"]}"#;
    // An MCS connector has no 2.2.1 form (it used to keep its wire text).
    let e =
        convert::<v230::locations::EvsePatch, v221::locations::EvsePatch>(patch, &()).unwrap_err();
    assert_eq!(e.path, "connectors[0].standard");
    let patch = patch.replace("MCS", "IEC_62196_T2_COMBO");
    let (out, losses) =
        convert::<v230::locations::EvsePatch, v221::locations::EvsePatch>(&patch, &()).unwrap();
    assert!(!out.contains("parking\"") && !out.contains("accepted_service_providers"));
    // TENANTS (new in 2.3.0) is left out of the list.
    assert!(out.contains(r#""parking_restrictions":[]"#), "{out}");
    assert_eq!(
        paths(&losses),
        [
            "parking_restrictions[0]",
            "parking",
            "accepted_service_providers"
        ]
    );
    let (_, losses) = convert::<v230::locations::EvsePatch, v221::locations::EvsePatch>(
        r#"{"status":"BLOCKED"}"#,
        &(),
    )
    .unwrap();
    assert_eq!(losses, vec![]);

    // SAE_J3400 has no 2.2.1 form (TESLA_S differs in communication): an error.
    let patch = r#"{"standard":"SAE_J3400","capabilities":["ISO_15118_2_PLUG_AND_CHARGE"],"tariff_ids":null}"#;
    let e = convert::<v230::locations::ConnectorPatch, v221::locations::ConnectorPatch>(patch, &())
        .unwrap_err();
    assert_eq!(e.path, "standard");
    let patch = patch.replace("SAE_J3400", "CHAOJI");
    let (out, losses) =
        convert::<v230::locations::ConnectorPatch, v221::locations::ConnectorPatch>(&patch, &())
            .unwrap();
    assert_eq!(out, r#"{"standard":"CHAOJI","tariff_ids":null}"#);
    assert_eq!(paths(&losses), ["capabilities"]);

    // Upgrades of PATCH forms lose nothing and keep null.
    let patch = r#"{"tariff_ids":null,"standard":"CHAOJI","x":1}"#;
    let (out, losses) =
        convert::<v221::locations::ConnectorPatch, v230::locations::ConnectorPatch>(patch, &())
            .unwrap();
    assert_eq!(out, r#"{"standard":"CHAOJI","tariff_ids":null,"x":1}"#);
    assert_eq!(losses, vec![]);
}

// ---- tokens and commands ----

const TOKEN_230_EMAID: &str = r#"{"country_code":"DE","party_id":"TNM","uid":"DE8ACC12E46L89","type":"EMAID","contract_id":"DE8ACC12E46L89","issuer":"TheNewMotion","valid":true,"whitelist":"NEVER","last_updated":"2024-01-01T00:00:00Z"}"#;

#[test]
fn emaid_tokens_keep_their_type_and_report_it() {
    let t = trip::<v230::tokens::Token, v221::tokens::Token>(TOKEN_230_EMAID, &(), &()).unwrap();
    assert_eq!(paths(&t.there_losses), ["type"]);
    assert!(t.there_losses[0].reason.contains("EMAID"));
    // EMAID has no 2.2.1 value: sent as OTHER ("Other type of token"), which 2.2.1 has (it
    // used to keep its wire text, which a 2.2.1 peer refuses); it comes back as OTHER.
    let old: v221::tokens::Token = read(&t.there);
    assert_eq!(old.r#type, v221::tokens::TokenType::Other);
    exact_json_eq(&t.original.replace(r#""EMAID""#, r#""OTHER""#), &t.back).unwrap();
    assert_eq!(t.back_losses, vec![]);

    let (_, losses) = convert::<v230::tokens::TokenPatch, v221::tokens::TokenPatch>(
        r#"{"type":"EMAID","last_updated":"2024-01-01T00:00:00Z"}"#,
        &(),
    )
    .unwrap();
    assert_eq!(paths(&losses), ["type"]);

    let info = format!(r#"{{"allowed":"ALLOWED","token":{TOKEN_230_EMAID}}}"#);
    let (_, losses) =
        convert::<v230::tokens::AuthorizationInfo, v221::tokens::AuthorizationInfo>(&info, &())
            .unwrap();
    assert_eq!(paths(&losses), ["token.type"]);

    let token =
        r#"{"uid":"E1","type":"EMAID","contract_id":"C","country_code":"DE","party_id":"TNM"}"#;
    let (_, losses) = convert::<v230::cdrs::CdrToken, v221::cdrs::CdrToken>(token, &()).unwrap();
    assert_eq!(paths(&losses), ["type"]);
}

#[test]
fn commands_carry_their_token() {
    let reserve = format!(
        r#"{{"response_url":"https://msp.example.com/cmd/1","token":{TOKEN_230_EMAID},"expiry_date":"2024-01-01T01:00:00Z","reservation_id":"R1","location_id":"LOC1","evse_uid":"3256","authorization_reference":"A1"}}"#
    );
    let t =
        trip::<v230::commands::ReserveNow, v221::commands::ReserveNow>(&reserve, &(), &()).unwrap();
    assert_eq!(paths(&t.there_losses), ["token.type"]);
    // The EMAID token type is sent as OTHER and comes back so.
    exact_json_eq(&t.original.replace(r#""EMAID""#, r#""OTHER""#), &t.back).unwrap();

    let start = format!(
        r#"{{"response_url":"https://msp.example.com/cmd/2","token":{},"location_id":"LOC1","evse_uid":"3256","connector_id":"1"}}"#,
        TOKEN_230_EMAID.replace("EMAID", "RFID")
    );
    let t = trip::<v230::commands::StartSession, v221::commands::StartSession>(&start, &(), &())
        .unwrap();
    assert_eq!(t.there_losses, vec![]);
    exact_json_eq(&t.original, &t.back).unwrap();
    // Upgrade of a 2.2.1 StartSession.
    let (_, losses) =
        convert::<v221::commands::StartSession, v230::commands::StartSession>(&t.there, &())
            .unwrap();
    assert_eq!(losses, vec![]);
}

// ---- credentials and Hubs ----

const HUB_221: &str = r#"{"token":"ebf3b399-779f-4497-9b9d-ac6ad3cc44d2","url":"https://hub.example.com/versions","roles":[{"role":"HUB","business_details":{"name":"Example Hub"},"party_id":"HUB","country_code":"NL"}]}"#;

fn client(json: &str) -> v230::credentials::CredentialsRole {
    read(json)
}

#[test]
fn a_2_2_1_hub_becomes_hub_party_id_with_its_clients_from_the_input() {
    let clients = vec![
        client(
            r#"{"role":"CPO","business_details":{"name":"Example Operator"},"party_id":"EXA","country_code":"NL"}"#,
        ),
        client(
            r#"{"role":"EMSP","business_details":{"name":"Example Provider"},"party_id":"ABC","country_code":"DE"}"#,
        ),
    ];
    let t = trip::<v221::credentials::Credentials, v230::credentials::Credentials>(
        HUB_221,
        &CredentialsUp::new(clients.clone()),
        &CredentialsDown::new(Some(read(r#"{"name":"Example Hub"}"#))),
    )
    .unwrap();
    let new: v230::credentials::Credentials = read(&t.there);
    assert_eq!(new.hub_party_id.as_ref().unwrap().as_str(), "NLHUB");
    assert_eq!(new.roles, clients);
    assert_eq!(paths(&t.there_losses), ["roles[0].business_details"]);
    // Back: the one HUB role, with the business details of the input; the clients are lost.
    exact_json_eq(&t.original, &t.back).unwrap();
    assert_eq!(paths(&t.back_losses), ["roles[0]", "roles[1]"]);
}

#[test]
fn hub_credentials_errors() {
    let up = |json: &str, clients: Vec<v230::credentials::CredentialsRole>| {
        convert::<v221::credentials::Credentials, v230::credentials::Credentials>(
            json,
            &CredentialsUp::new(clients),
        )
    };
    // A Hub with nobody to list in roles.
    assert_eq!(up(HUB_221, vec![]).unwrap_err().path, "roles");
    // Two Hubs.
    let two = HUB_221.replace(
        "]}",
        r#",{"role":"HUB","business_details":{"name":"Other Hub"},"party_id":"HUB","country_code":"DE"}]}"#,
    );
    assert_eq!(up(&two, vec![]).unwrap_err().path, "roles[1].role");
    // A lone CredentialsRole or ClientInfo of role HUB: no 2.3.0 role means Hub.
    let role = r#"{"role":"HUB","business_details":{"name":"Example Hub"},"party_id":"HUB","country_code":"NL"}"#;
    let e = convert::<v221::credentials::CredentialsRole, v230::credentials::CredentialsRole>(
        role,
        &(),
    )
    .unwrap_err();
    assert_eq!(e.path, "role");
    let info = r#"{"party_id":"HUB","country_code":"DE","role":"HUB","status":"CONNECTED","last_updated":"2024-01-01T00:00:00Z"}"#;
    let e =
        convert::<v221::hub_client_info::ClientInfo, v230::hub_client_info::ClientInfo>(info, &())
            .unwrap_err();
    assert_eq!(e.path, "role");
    assert!(e.reason.contains("HUB"));

    // Down: a Hub needs the business details of its HUB role, and a valid hub_party_id.
    let hub_230 = r#"{"token":"t","url":"https://hub.example.com/versions","hub_party_id":"NLHUB","roles":[{"role":"CPO","business_details":{"name":"Example Operator"},"party_id":"EXA","country_code":"NL"}]}"#;
    let down = |json: &str, details: Option<&str>| {
        convert::<v230::credentials::Credentials, v221::credentials::Credentials>(
            json,
            &CredentialsDown::new(details.map(read)),
        )
    };
    assert_eq!(down(hub_230, None).unwrap_err().path, "hub_party_id");
    let bad = hub_230.replace("NLHUB", "N1HUB");
    assert_eq!(
        down(&bad, Some(r#"{"name":"Hub"}"#)).unwrap_err().path,
        "hub_party_id"
    );
    let (out, losses) = down(
        hub_230,
        Some(r#"{"name":"Example Hub","website":"https://hub.example.com"}"#),
    )
    .unwrap();
    assert_eq!(
        out,
        r#"{"token":"t","url":"https://hub.example.com/versions","roles":[{"role":"HUB","business_details":{"name":"Example Hub","website":"https://hub.example.com"},"party_id":"HUB","country_code":"NL"}]}"#
    );
    assert_eq!(paths(&losses), ["roles[0]"]);
}

#[test]
fn credentials_inputs_are_ignored_where_there_is_no_hub() {
    let json = fixture("2.2.1", "credentials_example2.json");
    let clients = vec![client(
        r#"{"role":"NSP","business_details":{"name":"N"},"party_id":"NSP","country_code":"NL"}"#,
    )];
    let t = trip::<v221::credentials::Credentials, v230::credentials::Credentials>(
        &json,
        &CredentialsUp::new(clients),
        &CredentialsDown::new(Some(read(r#"{"name":"Unused"}"#))),
    )
    .unwrap();
    assert!(!t.there.contains("NSP") && !t.back.contains("Unused"));
    exact_json_eq(&t.original, &t.back).unwrap();
}

#[test]
fn ptp_role_is_kept_and_reported() {
    let json = r#"{"token":"t","url":"https://ptp.example.com/versions","roles":[{"role":"PTP","business_details":{"name":"Terminals"},"party_id":"PTP","country_code":"NL"}]}"#;
    let t = trip::<v230::credentials::Credentials, v221::credentials::Credentials>(
        json,
        &CredentialsDown::default(),
        &CredentialsUp::default(),
    )
    .unwrap();
    assert_eq!(paths(&t.there_losses), ["roles[0].role"]);
    // PTP has no 2.2.1 role: sent as OTHER ("Other role"), reported (it used to keep its wire
    // text, which a 2.2.1 peer refuses); it comes back as OTHER.
    assert!(t.there.contains(r#""role":"OTHER""#));
    let as_other = t.original.replace(r#""role":"PTP""#, r#""role":"OTHER""#);
    exact_json_eq(&as_other, &t.back).unwrap();

    let info = r#"{"party_id":"PTP","country_code":"NL","role":"PTP","status":"CONNECTED","last_updated":"2024-01-01T00:00:00Z"}"#;
    let t = trip::<v230::hub_client_info::ClientInfo, v221::hub_client_info::ClientInfo>(
        info,
        &(),
        &(),
    )
    .unwrap();
    assert_eq!(paths(&t.there_losses), ["role"]);
    let as_other = t.original.replace(r#""role":"PTP""#, r#""role":"OTHER""#);
    exact_json_eq(&as_other, &t.back).unwrap();
    // A CPO crosses both ways without a word.
    let cpo = info.replace("\"PTP\",\"status", "\"CPO\",\"status");
    let t = trip::<v230::hub_client_info::ClientInfo, v221::hub_client_info::ClientInfo>(
        &cpo,
        &(),
        &(),
    )
    .unwrap();
    assert_eq!((t.there_losses, t.back_losses), (vec![], vec![]));
    exact_json_eq(&t.original, &t.back).unwrap();
}

// ---- versions ----

#[test]
fn version_details_with_payments_and_a_custom_module() {
    let json = r#"{"version":"2.3.0","endpoints":[
        {"identifier":"credentials","role":"SENDER","url":"https://example.com/ocpi/2.3.0/credentials"},
        {"identifier":"payments","role":"RECEIVER","url":"https://example.com/ocpi/2.3.0/payments"},
        {"identifier":"nltnm-tokens","role":"SENDER","url":"https://example.com/ocpi/2.3.0/nltnm"}
    ]}"#;
    let t = trip::<v230::versions::VersionDetails, v221::versions::VersionDetails>(json, &(), &())
        .unwrap();
    assert_eq!(
        paths(&t.there_losses),
        ["version", "endpoints[1].identifier"]
    );
    exact_json_eq(&t.original, &t.back).unwrap();
    let (_, losses) = convert::<v230::versions::Version, v221::versions::Version>(
        r#"{"version":"2.3.0","url":"https://example.com/ocpi/2.3.0"}"#,
        &(),
    )
    .unwrap();
    assert_eq!(paths(&losses), ["version"]);
}

// ---- enums ----

/// Converts every known value of an enum; returns the values reported lost.
fn lost_values<A, B>(known: &[A]) -> Vec<String>
where
    A: Clone + Convert<B, Input = ()> + std::fmt::Display,
    B: std::fmt::Display,
{
    known
        .iter()
        .filter_map(|v| {
            let c = v.clone().convert(&()).unwrap();
            assert_eq!(c.value.to_string(), v.to_string(), "the wire value is kept");
            (!c.losses.is_empty()).then(|| v.to_string())
        })
        .collect()
}

/// Converts every known value of an enum down; returns what became of the values 2.2.1 lacks
/// (`"EMAID -> OTHER"`, `"MCS refused"`), checking that every other value crosses as is.
fn down_outcomes<A, B>(known: &[A]) -> Vec<String>
where
    A: Clone + Convert<B, Input = ()> + std::fmt::Display,
    B: std::fmt::Display,
{
    known
        .iter()
        .filter_map(|v| match v.clone().convert(&()) {
            Err(e) => {
                assert!(e.reason.contains(&v.to_string()), "{}", e.reason);
                Some(format!("{v} refused"))
            }
            Ok(c) if c.losses.is_empty() => {
                assert_eq!(c.value.to_string(), v.to_string(), "the wire value is kept");
                None
            }
            Ok(c) => Some(format!("{v} -> {}", c.value)),
        })
        .collect()
}

#[test]
fn enum_values_cross_on_the_wire_and_only_new_ones_are_reported() {
    use v221::{locations as l1, tokens as t1, versions as ve1};
    use v230::{credentials as c3, locations as l3, tokens as t3, versions as ve3};
    let none: Vec<String> = vec![];
    // Up: every 2.2.1 value exists in 2.3.0.
    assert_eq!(
        lost_values::<t1::TokenType, t3::TokenType>(t1::TokenType::KNOWN),
        none
    );
    assert_eq!(
        lost_values::<l1::ConnectorType, l3::ConnectorType>(l1::ConnectorType::KNOWN),
        none
    );
    assert_eq!(
        lost_values::<l1::ParkingRestriction, l3::ParkingRestriction>(
            l1::ParkingRestriction::KNOWN
        ),
        none
    );
    assert_eq!(
        lost_values::<ve1::ModuleId, ve3::ModuleId>(ve1::ModuleId::KNOWN),
        none
    );
    assert_eq!(
        lost_values::<ve1::VersionNumber, ve3::VersionNumber>(ve1::VersionNumber::KNOWN),
        none
    );
    // Down: exactly the values new in 2.3.0 are mapped (reported) or refused; the values
    // 2.2.1 has cross as they are. (Values new in 2.3.0 used to keep their wire text, which
    // a 2.2.1 peer refuses.)
    assert_eq!(
        down_outcomes::<t3::TokenType, t1::TokenType>(t3::TokenType::KNOWN),
        ["EMAID -> OTHER"]
    );
    assert_eq!(
        down_outcomes::<l3::ConnectorType, l1::ConnectorType>(l3::ConnectorType::KNOWN),
        ["MCS refused", "SAE_J3400 refused"]
    );
    assert_eq!(
        down_outcomes::<l3::ParkingRestriction, l1::ParkingRestriction>(
            l3::ParkingRestriction::KNOWN
        ),
        ["EMPLOYEES refused", "TAXIS refused", "TENANTS refused"]
    );
    assert_eq!(
        lost_values::<ve3::ModuleId, ve1::ModuleId>(ve3::ModuleId::KNOWN),
        ["payments"]
    );
    assert_eq!(
        lost_values::<ve3::VersionNumber, ve1::VersionNumber>(ve3::VersionNumber::KNOWN),
        ["2.3.0"]
    );
    assert_eq!(
        down_outcomes::<c3::Role, ocpi_protocol::types::Role>(c3::Role::KNOWN),
        ["PTP -> OTHER"]
    );
    // Role up: every value but HUB crosses.
    for role in ocpi_protocol::types::Role::KNOWN {
        let r: Result<Converted<c3::Role>, _> = role.clone().convert(&());
        match role {
            ocpi_protocol::types::Role::Hub => assert_eq!(r.unwrap_err().path, ""),
            _ => {
                let r = r.unwrap();
                assert_eq!(r.value.as_str(), role.as_str());
                assert_eq!(r.losses, vec![]);
            }
        }
    }
    // A value neither version knows: 2.2.1 ConnectorType is closed, so it cannot go down
    // (it used to cross silently, which a 2.2.1 peer refuses); a custom TokenType is sent
    // as OTHER.
    let custom = l3::ConnectorType::from_wire("X-VENDOR-PLUG").unwrap();
    let c: Result<Converted<l1::ConnectorType>, _> = custom.convert(&());
    assert!(c.unwrap_err().reason.contains("X-VENDOR-PLUG"));
    let custom = t3::TokenType::from_wire("X-VENDOR-TOKEN").unwrap();
    let c: Converted<t1::TokenType> = custom.convert(&()).unwrap();
    assert_eq!(c.value, t1::TokenType::Other);
    assert_eq!(paths(&c.losses), [""]);
}

/// An unknown 2.2.1 field named like a field 2.3.0 added (`help_phone` of a Location) never
/// becomes that field after the upgrade: the converted object has none, the unknown one is
/// dropped and reported (it used to be kept, and written as the 2.3.0 `help_phone`).
#[test]
fn an_unknown_field_never_shadows_a_converted_field() {
    let mut location: serde_json::Value =
        serde_json::from_str(&fixture("2.2.1", "location_example.json")).unwrap();
    location["help_phone"] = "+31 555 SHADOW".into();
    let json = serde_json::to_string(&location).unwrap();
    let (written, losses) =
        convert::<v221::locations::Location, v230::locations::Location>(&json, &()).unwrap();
    let written: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert!(written.get("help_phone").is_none(), "{written}");
    assert_eq!(paths(&losses), ["help_phone"]);
    // A 2.3.0 Location whose unknown fields hold no field name of 2.2.1 keeps them.
    location["x_extra"] = 1.into();
    location.as_object_mut().unwrap().remove("help_phone");
    let json = serde_json::to_string(&location).unwrap();
    let (written, losses) =
        convert::<v221::locations::Location, v230::locations::Location>(&json, &()).unwrap();
    assert!(written.contains(r#""x_extra":1"#), "{written}");
    assert!(losses.is_empty(), "{losses:?}");
}

/// Downwards too: an unknown field of a 2.3.0 Price named like the 2.2.1 `incl_vat` does not
/// become the 2.2.1 `incl_vat` of a Price without taxes (it used to be written as it); with
/// taxes, the computed `incl_vat` wins. The unknown field is dropped and reported.
#[test]
fn an_unknown_field_never_shadows_a_field_of_the_older_version() {
    let cases = [
        (r#"{"before_taxes":10,"incl_vat":99}"#, None),
        (
            r#"{"before_taxes":10,"taxes":[{"name":"VAT","amount":2}],"incl_vat":99}"#,
            Some("12"),
        ),
    ];
    for (json, expected) in cases {
        let (written, losses) =
            convert::<v230::tariffs::Price, ocpi_protocol::types::Price>(json, &()).unwrap();
        let written: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            written.get("incl_vat").map(|v| v.to_string()).as_deref(),
            expected,
            "{written}"
        );
        assert!(paths(&losses).contains(&"incl_vat"), "{losses:?}");
    }
}
