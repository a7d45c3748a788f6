//! Every official example of 2.2.1 and 2.3.0: read as its type, written back, compared
//! exactly (numbers as decimals, strings byte for byte), with exactly the warnings of its
//! known errata; and every fixture file is covered. (2.1.1's examples, extracted from its
//! Markdown, are covered by `v2_1_1_examples.rs` and the `v2_1_1_*` module tests.)

mod common;
#[path = "common/examples.rs"]
mod examples;

use common::fixture;
use examples::{examples_2_2_1, examples_2_3_0, shape, Example};

fn files(version: &str) -> Vec<String> {
    common::fixture_names(version, |n| n.ends_with(".json"))
}

fn run(version: &str, table: Vec<Example>, total: usize, partial: usize) {
    let mut listed: Vec<&str> = table.iter().map(|e| e.file).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        files(version),
        "every {version} fixture is listed exactly once"
    );
    assert_eq!(table.len(), total);
    assert_eq!(
        table.iter().filter(|e| e.partial).count(),
        partial,
        "PATCH examples"
    );
    for e in &table {
        let json = fixture(version, e.file);
        let warnings = (e.check)(&json);
        assert_eq!(shape(&warnings), e.warnings, "{version} {}", e.file);
        // A strict read accepts exactly the examples without deviations.
        assert_eq!(
            (e.strict)(&json),
            e.warnings.is_empty(),
            "{version} {} strict",
            e.file
        );
    }
}

#[test]
fn every_official_2_2_1_example() {
    // 60 files: 53 whole objects (fragments of a Location read as a partial Location
    // included) and 7 PATCH bodies.
    run("2.2.1", examples_2_2_1(), 60, 7);
}

#[test]
fn every_official_2_3_0_example() {
    // 72 files: 64 whole objects and 8 PATCH bodies (the terminal location assignment is a
    // PATCH of a Terminal).
    run("2.3.0", examples_2_3_0(), 72, 8);
}
