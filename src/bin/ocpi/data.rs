//! The mock's generated data: Locations with EVSEs and Connectors, Tariffs, Tokens, Sessions
//! and CDRs, the same for the same seed. Every object is written as OCPI 2.3.0 JSON and read
//! with the crate's strict reader, so what the mock serves is valid unless a fault says
//! otherwise.

use ocpi_protocol::json;
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::v2_3_0::cdrs::Cdr;
use ocpi_protocol::v2_3_0::locations::Location;
use ocpi_protocol::v2_3_0::sessions::Session;
use ocpi_protocol::v2_3_0::tariffs::Tariff;
use ocpi_protocol::v2_3_0::tokens::Token;

/// A small deterministic generator (SplitMix64): the same seed, the same data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A timestamp `minutes` after 2024-01-01T00:00:00Z, in the spec's shape.
pub fn timestamp(minutes: u64) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let at = base + chrono::Duration::minutes(minutes as i64);
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const STREETS: [&str; 8] = [
    "Oudegracht",
    "Neude",
    "Mariaplaats",
    "Lucasbolwerk",
    "Stationsplein",
    "Vredenburg",
    "Biltstraat",
    "Amsterdamsestraatweg",
];
const CITIES: [(&str, f64, f64); 4] = [
    ("Utrecht", 52.09, 5.12),
    ("Amersfoort", 52.15, 5.38),
    ("Zeist", 52.08, 5.23),
    ("Nieuwegein", 52.03, 5.08),
];
const PLUGS: [(&str, &str, &str, u32, u32, u32); 3] = [
    ("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, 22000),
    ("IEC_62196_T2_COMBO", "CABLE", "DC", 920, 250, 150000),
    ("CHADEMO", "CABLE", "DC", 500, 125, 50000),
];

/// Location `i` of `owner`: 1–4 EVSEs of 1–2 Connectors each.
pub fn location(rng: &mut Rng, owner: &PartyRef, i: usize) -> Location {
    let (city, lat, lon) = *rng.pick(&CITIES);
    let street = rng.pick(&STREETS);
    let updated = timestamp(i as u64 * 60 + rng.below(59));
    let mut evses = Vec::new();
    for e in 1..=(1 + rng.below(4)) {
        let mut connectors = Vec::new();
        for c in 1..=(1 + rng.below(2)) {
            let (standard, format, power, volt, amp, watt) = *rng.pick(&PLUGS);
            connectors.push(format!(
                r#"{{"id":"{c}","standard":"{standard}","format":"{format}","power_type":"{power}","max_voltage":{volt},"max_amperage":{amp},"max_electric_power":{watt},"tariff_ids":["T{}"],"last_updated":"{updated}"}}"#,
                rng.below(20) + 1
            ));
        }
        let status = rng.pick(&[
            "AVAILABLE",
            "AVAILABLE",
            "CHARGING",
            "OUTOFORDER",
            "BLOCKED",
        ]);
        evses.push(format!(
            r#"{{"uid":"L{i}-E{e}","evse_id":"{cc}*{pid}*E{i}X{e}","status":"{status}","capabilities":["RFID_READER","REMOTE_START_STOP_CAPABLE"],"connectors":[{}],"last_updated":"{updated}"}}"#,
            connectors.join(","),
            cc = owner.country_code,
            pid = owner.party_id,
        ));
    }
    let text = format!(
        r#"{{"country_code":"{cc}","party_id":"{pid}","id":"L{i}","publish":true,"name":"{street} {n}","address":"{street} {n}","city":"{city}","postal_code":"3511","country":"NLD","coordinates":{{"latitude":"{lat:.6}","longitude":"{lon:.6}"}},"parking_type":"ON_STREET","evses":[{evses}],"time_zone":"Europe/Amsterdam","last_updated":"{updated}"}}"#,
        cc = owner.country_code,
        pid = owner.party_id,
        n = 1 + rng.below(200),
        lat = lat + rng.below(10_000) as f64 / 200_000.0,
        lon = lon + rng.below(10_000) as f64 / 200_000.0,
        evses = evses.join(","),
    );
    json::parse_strict(text.as_bytes())
        .unwrap_or_else(|e| panic!("generated Location: {e}\n{text}"))
}

/// Tariff `i` of `owner`.
pub fn tariff(rng: &mut Rng, owner: &PartyRef, i: usize) -> Tariff {
    let cents = 20 + rng.below(40);
    let text = format!(
        r#"{{"country_code":"{cc}","party_id":"{pid}","id":"T{i}","currency":"EUR","elements":[{{"price_components":[{{"type":"ENERGY","price":0.{cents},"vat":21.0,"step_size":1}}]}}],"tax_included":"NO","last_updated":"{}"}}"#,
        timestamp(i as u64 * 90 + rng.below(60)),
        cc = owner.country_code,
        pid = owner.party_id,
    );
    json::parse_strict(text.as_bytes()).unwrap_or_else(|e| panic!("generated Tariff: {e}\n{text}"))
}

/// Token `i` of `owner` (an eMSP).
pub fn token(rng: &mut Rng, owner: &PartyRef, i: usize) -> Token {
    let kind = rng.pick(&["RFID", "RFID", "APP_USER"]);
    let text = format!(
        r#"{{"country_code":"{cc}","party_id":"{pid}","uid":"TK{i:06}","type":"{kind}","contract_id":"{cc}-{pid}-C{i:08}","issuer":"ocpi mock","valid":{},"whitelist":"ALLOWED","last_updated":"{}"}}"#,
        rng.below(10) != 0,
        timestamp(i as u64 * 45 + rng.below(40)),
        cc = owner.country_code,
        pid = owner.party_id,
    );
    json::parse_strict(text.as_bytes()).unwrap_or_else(|e| panic!("generated Token: {e}\n{text}"))
}

/// Session `i` of `cpo` at one of its Locations, for a token of `emsp`: ACTIVE or COMPLETED.
pub fn session(
    rng: &mut Rng,
    cpo: &PartyRef,
    emsp: &PartyRef,
    location: &Location,
    i: usize,
) -> Session {
    let start = i as u64 * 30 + rng.below(20);
    let completed = rng.below(3) != 0;
    let kwh = 1 + rng.below(40);
    let evse = location.evses.as_ref().and_then(|e| e.first());
    let evse_uid = evse.map_or("E1".to_owned(), |e| e.uid.to_string());
    let text = format!(
        r#"{{"country_code":"{cc}","party_id":"{pid}","id":"S{i}","start_date_time":"{}",{}"kwh":{kwh},"cdr_token":{{"country_code":"{ecc}","party_id":"{epid}","uid":"TK{i:06}","type":"RFID","contract_id":"{ecc}-{epid}-C{i:08}"}},"auth_method":"WHITELIST","location_id":"{}","evse_uid":"{evse_uid}","connector_id":"1","currency":"EUR","status":"{}","last_updated":"{}"}}"#,
        timestamp(start),
        if completed {
            format!(r#""end_date_time":"{}","#, timestamp(start + 90))
        } else {
            String::new()
        },
        location.id,
        if completed { "COMPLETED" } else { "ACTIVE" },
        timestamp(start + if completed { 95 } else { 5 }),
        cc = cpo.country_code,
        pid = cpo.party_id,
        ecc = emsp.country_code,
        epid = emsp.party_id,
    );
    json::parse_strict(text.as_bytes()).unwrap_or_else(|e| panic!("generated Session: {e}\n{text}"))
}

/// The CDR of a completed Session.
pub fn cdr(session: &Session, location: &Location) -> Option<Cdr> {
    let end = session.end_date_time.as_ref()?;
    let token = &session.cdr_token;
    let coords = &location.coordinates;
    let kwh = session.kwh.to_string();
    let text = format!(
        r#"{{"country_code":"{cc}","party_id":"{pid}","id":"C{id}","session_id":"{id}","start_date_time":"{start}","end_date_time":"{end}","cdr_token":{{"country_code":"{tcc}","party_id":"{tpid}","uid":"{uid}","type":"RFID","contract_id":"{contract}"}},"auth_method":"WHITELIST","cdr_location":{{"id":"{lid}","address":"{address}","city":"{city}","country":"NLD","coordinates":{{"latitude":"{lat}","longitude":"{lon}"}},"evse_uid":"{evse}","evse_id":"NL*CPO*E1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET","connector_power_type":"AC_3_PHASE"}},"currency":"EUR","charging_periods":[{{"start_date_time":"{start}","dimensions":[{{"type":"ENERGY","volume":{kwh}}}]}}],"total_cost":{{"before_taxes":{kwh}.25}},"total_energy":{kwh},"total_time":1.5,"last_updated":"{end}"}}"#,
        cc = session.country_code,
        pid = session.party_id,
        id = session.id,
        start = session.start_date_time,
        tcc = token.country_code,
        tpid = token.party_id,
        uid = token.uid,
        contract = token.contract_id,
        lid = location.id,
        address = location.address,
        city = location.city,
        lat = coords.latitude,
        lon = coords.longitude,
        evse = session.evse_uid,
    );
    Some(
        json::parse_strict(text.as_bytes())
            .unwrap_or_else(|e| panic!("generated CDR: {e}\n{text}")),
    )
}
