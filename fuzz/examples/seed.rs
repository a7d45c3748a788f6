//! Writes the seed corpus of every fuzz target from the official examples in
//! `tests/fixtures/` (and a few header and query examples of the spec), so that nothing is
//! copied into the repository.
//!
//! ```text
//! cargo run --release --example seed -- corpus
//! ```
//!
//! Each object target gets every example that a lenient read of some type accepts, prefixed
//! with the byte that picks that type; pages are built from those examples.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ocpi_protocol_fuzz::{
    Kind, ENVELOPES, OBJECTS_2_1_1, OBJECTS_2_2_1, OBJECTS_2_3_0, PAGES, PATCHES,
};

/// Bodies to try from one fixture: the file, the `data` of an envelope and its elements, the
/// body after a request line (2.1.1 examples start with `PATCH To URL: …`), and a bare
/// member (`"energy_mix": {…}`) as an object.
fn candidates(text: &str) -> Vec<String> {
    let mut out = vec![text.to_owned()];
    if let Some(i) = text.find('{') {
        out.push(text[i..].to_owned());
    }
    out.push(format!("{{{text}}}"));
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        if let Some(data) = v.get("data") {
            out.push(data.to_string());
            if let Some(items) = data.as_array() {
                out.extend(items.iter().map(|i| i.to_string()));
            }
        }
    }
    out
}

struct Corpus {
    root: PathBuf,
    written: usize,
    seen: BTreeSet<(String, Vec<u8>)>,
}

impl Corpus {
    fn add(&mut self, target: &str, body: Vec<u8>) {
        if !self.seen.insert((target.to_owned(), body.clone())) {
            return;
        }
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        let n = self.seen.iter().filter(|(t, _)| t == target).count();
        std::fs::write(dir.join(format!("seed-{n:04}")), body).unwrap();
        self.written += 1;
    }

    fn kinds(&mut self, target: &str, kinds: &[Kind], bodies: &[String]) {
        for (i, kind) in kinds.iter().enumerate() {
            for body in bodies {
                if (kind.accepts)(body.as_bytes()) {
                    self.add(target, [&[i as u8], body.as_bytes()].concat());
                }
            }
        }
    }
}

fn fixtures(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut corpus = Corpus {
        root: PathBuf::from(out),
        written: 0,
        seen: BTreeSet::new(),
    };
    let mut all = Vec::new();
    for (version, objects, target) in [
        ("2.1.1", OBJECTS_2_1_1, "objects_2_1_1"),
        ("2.2.1", OBJECTS_2_2_1, "objects_2_2_1"),
        ("2.3.0", OBJECTS_2_3_0, "objects_2_3_0"),
    ] {
        let files = fixtures(&base.join(version));
        let bodies: Vec<String> = files.iter().flat_map(|f| candidates(f)).collect();
        corpus.kinds(target, objects, &bodies);
        all.extend(files);
    }
    let bodies: Vec<String> = all.iter().flat_map(|f| candidates(f)).collect();
    corpus.kinds("patches", PATCHES, &bodies);
    corpus.kinds("envelope", ENVELOPES, &all);
    let pages: Vec<String> = bodies
        .iter()
        .flat_map(|b| [format!("[{b}, {b}]"), format!("[{b}, 42, {{}}]")])
        .chain(bodies.iter().filter(|b| b.starts_with('[')).cloned())
        .collect();
    corpus.kinds("page", PAGES, &pages);

    // The spec's header and query examples.
    let line = |pick: u8, value: &str| [&[pick], value.as_bytes()].concat();
    let lines = |l: &[Vec<u8>]| l.join(&b'\n');
    for seed in [
        lines(&[
            line(0, r#"<https://www.server.com/ocpi/cpo/2.2.1/cdrs/?offset=150&limit=50>; rel="next""#),
            line(1, "1000"),
            line(2, "50"),
        ]),
        lines(&[line(0, r#"<https://a.example/1>; rel="prev", <https://a.example/3>; rel="next last"; title="a, b""#)]),
        lines(&[line(0, "<https://a.example/p?c=xyz>; rel=next"), line(1, "0")]),
    ] {
        corpus.add("pagination_headers", seed);
    }
    for seed in ocpi_protocol_fuzz::dispatcher::seeds() {
        corpus.add("dispatcher", seed);
    }
    for seed in [
        "Token ZXhhbXBsZS10b2tlbgo=",
        "Token IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM=",
        "Token ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQyCg==",
        "Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2",
        "token 012345678",
        "Bearer abc",
    ] {
        corpus.add("authorization", seed.as_bytes().to_vec());
    }
    for seed in [
        lines(&[line(0, "NL"), line(1, "TNM"), line(2, "DE"), line(3, "ALL")]),
        lines(&[line(4, "a8b5ed26-5b67-4e4d-8b2a-0e5b3b3c8e2a"), line(5, "cor-1")]),
        lines(&[line(0, "nl"), line(1, "TNM"), line(0, "BE")]),
    ] {
        corpus.add("routing_headers", seed);
    }
    for query in [
        "date_from=2016-01-01T00:00:00Z&date_to=2016-12-31T23%3A59%3A59Z&offset=100&limit=50",
        "offset=0&limit=2000",
        "limit=0",
        "date_from=2019-01-28T12:00:00&other=1",
    ] {
        corpus.add("query", [&[100u8], query.as_bytes()].concat());
    }
    for (pick, text) in [
        (0u8, "2015-06-29T20:39:09Z"),
        (0, "2016-12-29T17:45:09.20Z"),
        (0, "2015-06-29T20:39:09"),
        (1, "15.342"),
        (1, "4.00"),
        (1, "1.5e3"),
        (2, "DE*ABC*E1234"),
        (3, "F.Rooseveltlaan 3A"),
        (4, "https://www.example.com/ocpi/cpo/2.2.1/"),
        (5, "NL"),
        (6, "TNM"),
        (7, "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"),
        (8, "IEC_62196_T2"),
    ] {
        corpus.add("types", line(pick, text));
    }
    for text in &all {
        let body = text.as_bytes();
        for pick in 0..8u8 {
            let accepted = match pick {
                0 => ocpi_protocol::versions::parse_versions(body).is_ok(),
                1..=3 => ocpi_protocol::versions::parse_version_details(
                    ocpi_protocol::versions::OcpiVersion::ALL[usize::from(pick - 1)],
                    body,
                )
                .is_ok(),
                4..=6 => ocpi_protocol::credentials::AnyCredentials::parse(
                    ocpi_protocol::versions::OcpiVersion::ALL[usize::from(pick - 4)],
                    body,
                )
                .is_ok(),
                _ => body.len() < 2048,
            };
            if accepted {
                corpus.add("versions_credentials", line(pick, text));
            }
        }
    }
    println!("{} seed files in {}", corpus.written, corpus.root.display());
}
