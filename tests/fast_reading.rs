//! The entry points of `json` read documents in the common shape without serde, and leave every
//! other document to serde_json. Whatever the path, they must give what the types' serde impls
//! give: the same value for a document both accept, and an error where serde_json refuses.
//! Checked here on the official examples, pretty and compact, and on many small corruptions of
//! them (a byte deleted, doubled or replaced).

use ocpi_protocol::json;
use ocpi_protocol::types::Conformance;
use serde::de::DeserializeOwned;

/// Checks one document: `json::parse` agrees with serde_json, and its warnings are those of
/// the value.
fn agree<T: DeserializeOwned + Conformance + PartialEq + std::fmt::Debug>(doc: &[u8]) {
    let fast = json::parse::<T>(doc);
    let slow = serde_json::from_slice::<T>(doc);
    match (&fast, &slow) {
        (Ok(f), Ok(s)) => assert_eq!(&f.value, s, "{}", String::from_utf8_lossy(doc)),
        (Err(_), Err(_)) => {}
        // The one documented difference: an escaped control character in an unknown field's
        // name, which serde_json's direct reading refuses.
        (Ok(_), Err(_)) => assert!(doc.contains(&b'\\'), "{}", String::from_utf8_lossy(doc)),
        (Err(e), Ok(_)) => panic!("refused: {e}\n{}", String::from_utf8_lossy(doc)),
    }
    if let Ok(f) = fast {
        assert_eq!(
            f.warnings,
            f.value.warnings(),
            "{}",
            String::from_utf8_lossy(doc)
        );
    }
}

/// The document, and corruptions of it.
fn corrupted(doc: &[u8], seed: u64, count: usize) -> Vec<Vec<u8>> {
    const BYTES: &[u8] = b"\"\\,:{}[]0-.eE n1x\t\x01\xff";
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = vec![doc.to_vec()];
    for _ in 0..count {
        let at = next() % doc.len();
        let mut d = doc.to_vec();
        match next() % 3 {
            0 => {
                d.remove(at);
            }
            1 => d.insert(at, doc[at]),
            _ => d[at] = BYTES[next() % BYTES.len()],
        }
        out.push(d);
    }
    out
}

fn check_fixtures<T>(version: &str, prefix: &str)
where
    T: DeserializeOwned + Conformance + PartialEq + std::fmt::Debug + serde::Serialize,
{
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(version);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with(prefix) || !name.ends_with(".json") {
            continue;
        }
        let pretty = std::fs::read(&path).unwrap();
        let Ok(value) = serde_json::from_slice::<T>(&pretty) else {
            continue;
        };
        seen += 1;
        let compact = serde_json::to_vec(&value).unwrap();
        for (i, doc) in [pretty, compact].iter().enumerate() {
            for d in corrupted(doc, seen * 2 + i as u64, 250) {
                agree::<T>(&d);
                // The same document as a one-element page.
                let page = [b"[".as_slice(), &d, b"]"].concat();
                agree::<Vec<T>>(&page);
                let list = json::parse_list::<T>(&page).ok();
                let items = list.as_ref().and_then(|l| l.items.first());
                match serde_json::from_slice::<T>(&d) {
                    Ok(direct) => assert_eq!(items, Some(&direct)),
                    Err(_) => assert!(items.is_none() || d.contains(&b'\\')),
                }
            }
        }
    }
    assert!(seen > 0, "no {prefix} fixture of {version}");
}

#[test]
fn v2_2_1_objects() {
    use ocpi_protocol::v2_2_1::{cdrs, locations, sessions, tariffs, tokens};
    check_fixtures::<locations::Location>("2.2.1", "location_example");
    check_fixtures::<cdrs::Cdr>("2.2.1", "cdr_");
    check_fixtures::<sessions::Session>("2.2.1", "session_example");
    check_fixtures::<tariffs::Tariff>("2.2.1", "tariff_");
    check_fixtures::<tokens::Token>("2.2.1", "token_");
}

#[test]
fn v2_1_1_and_v2_3_0_objects() {
    use ocpi_protocol::{v2_1_1, v2_3_0};
    check_fixtures::<v2_1_1::locations::Location>("2.1.1", "mod_locations__location");
    check_fixtures::<v2_1_1::tariffs::Tariff>("2.1.1", "mod_tariffs__");
    check_fixtures::<v2_1_1::cdrs::Cdr>("2.1.1", "mod_cdrs__");
    check_fixtures::<v2_3_0::locations::Location>("2.3.0", "location");
    check_fixtures::<v2_3_0::tariffs::Tariff>("2.3.0", "tariff");
}

#[test]
fn odd_but_valid_documents() {
    use ocpi_protocol::types::{DisplayText, Price};
    for doc in [
        r#"{"language":"en","text":"a"}"#,
        " {\n\t\"language\" : \"en\" ,\r\n \"text\":\"a\" } \n",
        r#"{"text":"a","language":"en","x":null,"y":[{"z":"\u0000"}],"\u0041":1}"#,
        r#"{"language":"e\u006e","text":"a\"b"}"#,
        r#"{"language":"en","text":"a","language":"nl"}"#,
        r#"{"language":"en","text":"a","x":1,"x":2}"#,
        r#"{"language":"en","text":"a","x":[[[[]]]],"y":{"a":{}}}"#,
        r#"{"language":"en","text":"a"}{}"#,
        r#"{"language":"en","text":"é"}"#,
    ] {
        agree::<DisplayText>(doc.as_bytes());
    }
    for doc in [
        r#"{"excl_vat":1}"#,
        r#"{"excl_vat":-0.0}"#,
        r#"{"excl_vat":1.50,"incl_vat":null}"#,
        r#"{"excl_vat":1e2}"#,
        r#"{"excl_vat":12345678901234567890.5}"#,
        r#"{"excl_vat":01}"#,
        r#"{"excl_vat":1.}"#,
        r#"{"excl_vat":"1"}"#,
        r#"{"excl_vat":1,}"#,
    ] {
        agree::<Price>(doc.as_bytes());
    }
}
