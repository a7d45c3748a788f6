//! The dispatcher's fuzz oracle (fuzz/src/dispatcher.rs) run on its seed requests and on
//! deterministic mutations of them: every request is answered with a status the spec names,
//! an envelope that agrees with it, the request id echoed, and nothing stored when refused.

#[path = "../fuzz/src/dispatcher.rs"]
#[allow(dead_code)]
mod dispatcher;

#[test]
fn every_seed_is_answered_by_the_rules() {
    for seed in dispatcher::seeds() {
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
    let seeds = dispatcher::seeds();
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
