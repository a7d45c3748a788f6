//! The pricing fuzz target's oracle on the stable toolchain: a seeded generator of input bytes
//! (proptest, deterministic ChaCha seed, a fixed number of cases) fed to the same generator of
//! tariffs and sessions and the same checks as `fuzz/fuzz_targets/pricing.rs`
//! (`fuzz/src/pricing.rs`, included here by path): pricing never panics, and gives a typed
//! error or a bill whose parts add up to the total exactly, within `min_price`/`max_price`.
#![cfg(feature = "pricing")]

#[path = "../fuzz/src/pricing.rs"]
mod pricing_oracle;

use std::cell::Cell;

use pricing_oracle::Outcome;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per run: enough for every generator branch many times over, small enough for a
/// debug build.
const CASES: u32 = 15_000;

#[test]
fn pricing_oracle_on_seeded_inputs() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let counts = [Cell::new(0u32), Cell::new(0u32), Cell::new(0u32)];
    let started = std::time::Instant::now();
    runner
        .run(&vec(any::<u8>(), 0..400), |bytes| {
            let slot = match pricing_oracle::run(&bytes) {
                Outcome::Unparsed => 0,
                Outcome::Refused => 1,
                Outcome::Priced => 2,
            };
            counts[slot].set(counts[slot].get() + 1);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let [unparsed, refused, priced] = counts.map(|c| c.get());
    println!(
        "{CASES} cases in {:?}: {priced} priced and checked, {refused} typed errors, \
         {unparsed} tariffs refused by the reader",
        started.elapsed()
    );
    // The generator must reach the engine: a run where (almost) nothing is priced or refused
    // checks nothing.
    assert_eq!(unparsed + refused + priced, CASES);
    assert!(priced > CASES / 2, "only {priced} of {CASES} priced");
    assert!(refused > CASES / 10, "only {refused} of {CASES} refused");
}
