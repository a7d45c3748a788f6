//! Objects with very many unknown fields: every one is kept, in order, on both reading paths
//! (the crate's own reader and serde_json), in a nested object and in a PATCH body; a name
//! given twice is refused wherever the two are. Reading them is linear in their number (the
//! duplicate check uses an index beyond a few fields; `benches/model.rs` prints the scaling
//! ratio, and the crate's unit tests count the name comparisons).
//!
//! Spec: 2.2.1 transport_and_format.asciidoc (unknown fields); DESIGN principles 2 and 9.

use ocpi_protocol::json;
use ocpi_protocol::v2_2_1::locations::{Evse, Location, LocationPatch};

const N: usize = 100_000;

/// `,"u0":0,"u1":1,…` for `n` fields, with `dup` (a field name) given a second time at
/// position `at`.
fn members(n: usize, dup: Option<(&str, usize)>) -> String {
    let mut out = String::with_capacity(n * 16);
    for i in 0..n {
        if let Some((name, at)) = dup {
            if at == i {
                out.push_str(&format!(r#","{name}":"again""#));
            }
        }
        out.push_str(&format!(r#","u{i}":{i}"#));
    }
    if let Some((name, at)) = dup {
        if at >= n {
            out.push_str(&format!(r#","{name}":"again""#));
        }
    }
    out
}

const EVSE: &str = r#""uid":"3256","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE","max_voltage":220,"max_amperage":16,"last_updated":"2015-03-16T10:10:02Z"}],"last_updated":"2015-06-28T08:12:01Z""#;

fn location(evse_members: &str, own_members: &str, id: &str) -> String {
    format!(
        r#"{{"country_code":"BE","party_id":"BEC","id":"{id}","publish":true,"address":"F. Rooseveltlaan 3A","city":"Gent","country":"BEL","coordinates":{{"latitude":"51.047599","longitude":"3.729944"}},"evses":[{{{EVSE}{evse_members}}}],"time_zone":"Europe/Brussels","last_updated":"2015-06-28T08:12:01Z"{own_members}}}"#
    )
}

fn check_kept(fields: &ocpi_protocol::types::UnknownFields) {
    assert_eq!(fields.len(), N);
    for (i, (k, v)) in fields.iter().enumerate() {
        assert_eq!(k, format!("u{i}"));
        assert_eq!(v.get(), i.to_string());
    }
    assert_eq!(fields.get("u54321").unwrap().get(), "54321");
}

#[test]
fn a_hundred_thousand_unknown_fields_are_kept() {
    let many = members(N, None);
    // The crate's reader ("LOC1"), then serde_json (an escape in the id: "LOC\u0031").
    for id in ["LOC1", "LOC\\u0031"] {
        let doc = location("", &many, id);
        let l = json::parse::<Location>(doc.as_bytes()).unwrap().value;
        assert_eq!(l.id.as_str(), "LOC1");
        check_kept(&l.unknown_fields);
        assert_eq!(
            json::to_vec(&l),
            doc.replace("LOC\\u0031", "LOC1").as_bytes()
        );

        let doc = location(&many, "", id);
        let l = json::parse::<Location>(doc.as_bytes()).unwrap().value;
        check_kept(&l.evses.as_ref().unwrap()[0].unknown_fields);

        let doc = format!(r#"{{"id":"{id}"{many}}}"#);
        let p = json::parse::<LocationPatch>(doc.as_bytes()).unwrap().value;
        check_kept(&p.unknown_fields);
    }
}

#[test]
fn a_duplicate_among_a_hundred_thousand_unknown_fields_is_refused() {
    let serde_path = |doc: String| doc.replacen(r#""uid":"3256""#, r#""uid":"3\u0032\u00356""#, 1);
    for (name, at) in [("u0", 1), ("u0", N / 2), ("u49999", N / 2), ("u99999", N)] {
        let many = members(N, Some((name, at)));
        let message = format!("duplicate field `{name}`");
        let evse = format!("{{{EVSE}{many}}}");
        for doc in [evse.clone(), serde_path(evse)] {
            let e = json::parse::<Evse>(doc.as_bytes()).unwrap_err();
            assert!(e.message.contains(&message), "{name} at {at}: {e}");
        }
        let doc = location(&many, "", "LOC1");
        let e = json::parse::<Location>(doc.as_bytes()).unwrap_err();
        assert!(e.message.contains(&message), "{name} at {at}: {e}");
        assert_eq!(e.path, format!("evses[0].{name}"));
        let doc = format!(r#"{{"id":"LOC1"{many}}}"#);
        let e = json::parse::<LocationPatch>(doc.as_bytes()).unwrap_err();
        assert!(e.message.contains(&message), "{name} at {at}: {e}");
    }
}
