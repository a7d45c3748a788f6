//! The dispatcher's fuzz oracle (fuzz/src/dispatcher.rs) run on its seed requests and on
//! deterministic mutations of them: every request is answered with a status the spec names,
//! an envelope that agrees with it, the request id echoed, and nothing stored when refused.

#[path = "../fuzz/src/dispatcher.rs"]
#[allow(dead_code)]
mod dispatcher;

/// Seed requests: method byte, credentials byte, then path, headers and body.
pub fn seeds() -> Vec<Vec<u8>> {
    let location = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/2.2.1/location_example.json"
    ))
    .unwrap();
    let text = [
        (0u8, 0u8, "/versions\nX-Request-ID: abc\n\n".to_owned()),
        (0, 3, "/versions\n\n".to_owned()),
        (0, 1, "/2.2.1\n\n".to_owned()),
        (0, 1, "/2.2.1/credentials\n\n".to_owned()),
        (3, 3, "/2.2.1/credentials\n\n{\"token\":\"x\"}".to_owned()),
        (1, 1, format!("/2.2.1/receiver/locations/NL/CPO/LOC1\n\n{location}")),
        (1, 1, format!("/2.2.1/receiver/locations/BE/BEC/LOC1\n\n{location}")),
        (2, 1, "/2.2.1/receiver/locations/NL/CPO/LOC1\n\n{\"name\":\"x\"}".to_owned()),
        (0, 1, "/2.2.1/receiver/locations/NL/CPO/LOC1/3256/1\n\n".to_owned()),
        (0, 2, "/2.3.0/receiver/sessions/NL/CPO/S1\nOCPI-from-country-code: DE\nOCPI-from-party-id: XYZ\n\n".to_owned()),
        (3, 1, "/2.3.0/receiver/cdrs\n\n{}".to_owned()),
        (3, 1, "/2.3.0/sender/commands/START_SESSION/1234\n\n{\"result\":\"ACCEPTED\"}".to_owned()),
        (0, 1, "/2.1.1/receiver/locations/NL/CPO/LOC1?limit=-1\n\n".to_owned()),
        (4, 1, "/2.2.1/receiver/locations/NL/CPO/%4C%4F%43\n\n".to_owned()),
    ];
    text.into_iter()
        .map(|(m, a, rest)| [vec![m, a], rest.into_bytes()].concat())
        .collect()
}

#[test]
fn every_seed_is_answered_by_the_rules() {
    for seed in seeds() {
        dispatcher::dispatcher(&seed);
    }
}

#[test]
fn mutated_requests_are_answered_by_the_rules() {
    // xorshift: the same mutations on every run.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let seeds = seeds();
    for _ in 0..3000 {
        let mut input = seeds[(next() % seeds.len() as u64) as usize].clone();
        for _ in 0..(1 + next() % 4) {
            let at = (next() % input.len() as u64) as usize;
            match next() % 4 {
                0 => input[at] = next() as u8,
                1 => {
                    input.remove(at);
                }
                2 => input.insert(at, b"/{}\"\n:%0"[(next() % 8) as usize]),
                _ => input.truncate(at.max(2)),
            }
            if input.len() < 2 {
                input.extend_from_slice(&[0, 1]);
            }
        }
        dispatcher::dispatcher(&input);
    }
}
