//! `examples/hub.rs` runs: two CPOs and an eMSP register at a Hub, which routes a PUT,
//! broadcasts a Token, routes an open routing request to the eMSP its Session names, serves a
//! GET All, and answers 4003 for a party gone offline.

#[path = "../examples/hub.rs"]
#[allow(dead_code)]
mod hub_example;

#[tokio::test]
async fn the_hub_example_routes_broadcasts_lists_and_refuses() {
    let s = hub_example::run().await.expect("the example succeeds");

    // The routed PUT reached the eMSP, forwarded with a new request id, the same correlation
    // id and the eMSP's token.
    assert_eq!(s.emsp_locations, ["NL*CPO*LOC9"]);
    assert!(s.forwarded_new_request_id);
    assert!(s.forwarded_same_correlation_id);
    assert!(s.forwarded_with_emsp_token);
    // The eMSP answered the Hub with the routing headers swapped.
    assert_eq!(s.emsp_answer_routing, "to NL*CPO from NL*MSP");

    // The broadcast reached both CPOs.
    assert_eq!(s.cpo_tokens, [vec!["012345678"], vec!["012345678"]]);

    // The open routing request went to the eMSP the Session's Token names, and only there.
    assert_eq!(s.open_routing_status, 1000);
    assert_eq!(s.open_routed_to, ["emsp.example.com"]);
    assert_eq!(s.emsp_sessions, ["SES-1"]);

    // GET All via the Hub listed both CPOs' Locations over three pages of two, each with the
    // summed X-Total-Count.
    assert_eq!(
        s.listed,
        [
            "BE*BEC*LOC4",
            "BE*BEC*LOC5",
            "NL*CPO*LOC1",
            "NL*CPO*LOC2",
            "NL*CPO*LOC3"
        ]
    );
    assert_eq!(s.pages, 3);
    assert_eq!(s.total_counts, ["5", "5", "5"]);

    // The offline CPO: the others were told, and a request to it is 4003.
    let mut told = s.told_offline.clone();
    told.sort();
    assert_eq!(told, ["cpo", "emsp"]);
    assert_eq!(s.offline_status, 4003);
    assert_eq!(s.exchanges, 34);
}
