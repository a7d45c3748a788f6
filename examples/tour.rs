//! A guided tour of the object model: read an official OCPI 2.2.1 Location, look inside it,
//! write it back losslessly, apply a PATCH, and read a page in which one object is broken.
//!
//! Run it with `cargo run --example tour`.

use ocpi_protocol::json;
use ocpi_protocol::v2_2_1::locations::{Evse, EvsePatch, Location};

/// The official example "public charging location" of OCPI 2.2.1 (mod_locations.asciidoc),
/// © EVRoaming Foundation, CC BY-ND 4.0.
const LOCATION: &str = include_str!("../tests/fixtures/2.2.1/location_example.json");

/// The official EVSE PUT example, which deviates from the EVSE table (see the crate docs).
const EVSE_PUT: &str = include_str!("../tests/fixtures/2.2.1/location_put_example_add_evse.json");

/// The official status PATCH example.
const STATUS_PATCH: &str =
    include_str!("../tests/fixtures/2.2.1/location_patch_example_status.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("== 1. Read a Location (2.2.1 mod_locations.asciidoc §Location Object)\n");
    let parsed = json::parse::<Location>(LOCATION.as_bytes())?;
    let location = parsed.value;
    println!(
        "{} {} / {}: {:?}, {} {}, {}",
        location.country_code,
        location.party_id,
        location.id,
        location.name.as_deref().unwrap_or("(no name)"),
        location.address,
        location.city,
        location.time_zone,
    );
    println!(
        "coordinates {}, {}",
        location.coordinates.latitude, location.coordinates.longitude
    );
    for evse in location.evses.iter().flatten() {
        println!(
            "  EVSE {} ({:?}) status {}",
            evse.uid,
            evse.evse_id.as_deref(),
            evse.status
        );
        for c in &evse.connectors {
            println!(
                "    connector {}: {} {} {}",
                c.id,
                c.standard,
                c.format,
                c.power_type.as_ref().map(|p| p.as_str()).unwrap_or("?")
            );
        }
    }
    println!("warnings: {:?}\n", parsed.warnings);

    println!("== 2. Write it back: the same JSON, digit for digit, no nulls\n");
    let written = serde_json::to_string_pretty(&location)?;
    println!("{}\n...\n", &written[..written.len().min(400)]);

    println!("== 3. An official example that deviates from its table is read, with warnings\n");
    let put = json::parse::<Evse>(EVSE_PUT.as_bytes())?;
    println!("EVSE {} read; accepted deviations:", put.value.uid);
    for w in &put.warnings {
        println!("  - {w}");
    }
    match json::parse_strict::<Evse>(EVSE_PUT.as_bytes()) {
        Ok(_) => println!("strict read: accepted"),
        Err(e) => println!("strict read refuses it: {e}"),
    }
    println!();

    println!("== 4. Apply a PATCH (2.2.1 mod_locations.asciidoc §PATCH Method)\n");
    let mut evse = location
        .evses
        .as_ref()
        .and_then(|e| e.first())
        .cloned()
        .ok_or("no EVSE")?;
    println!(
        "before: status {} last_updated {}",
        evse.status, evse.last_updated
    );
    let patch = json::parse::<EvsePatch>(STATUS_PATCH.as_bytes())?.value;
    patch.apply_to(&mut evse);
    println!(
        "after:  status {} last_updated {}\n",
        evse.status, evse.last_updated
    );

    println!("== 5. A page with a broken object keeps the good ones\n");
    let mut broken = location.clone();
    broken.id = "LOC2".parse()?;
    let page = format!(
        "[{}, {}, {}]",
        LOCATION,
        LOCATION.replacen("\"ON_STREET\"", "\"on_street\"", 1),
        serde_json::to_string(&broken)?
    );
    let result = json::parse_list::<Location>(page.as_bytes())?;
    println!("{} locations read", result.items.len());
    for e in &result.errors {
        println!(
            "item {} refused at `{}`: {}",
            e.index, e.error.path, e.error.message
        );
    }
    Ok(())
}
