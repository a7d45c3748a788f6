//! The credentials handshake between two in-process platforms, a CPO (`cpo.example`) and an
//! eMSP (`emsp.example`), over an in-memory transport: a closure that routes each request to
//! the other platform's sans-IO handlers, and logs it.
//!
//! Tokens are made by counters, so the log reads plainly: `cpo-1` is the CPO's first token.

#[path = "common/net.rs"]
mod net;

use net::*;

/// Stores a pending token B of the platform `name` for `peer` (as an initiator does before
/// its POST), valid until 2027, read as `mode`.
fn issue_pending(
    net: &Net,
    name: &str,
    text: &str,
    peer: &str,
    interop: ocpi_protocol::interop::Interop,
    mode: AuthorizationMode,
) -> CredentialsToken {
    let pending = token(text);
    block_on(net.node(name).store().apply(Change::IssueToken {
        token: pending.clone(),
        record: TokenRecord {
            peer: id(peer),
            kind: TokenKind::Pending {
                expires: UNIX_EPOCH + Duration::from_secs(1_800_000_000),
                interop,
            },
            mode,
        },
        expect: None,
    }))
    .unwrap()
    .unwrap();
    pending
}

// ---- the tests ----

/// The registration sequence of the spec, for each version and in both directions: which
/// token each call carries, what each side stores, and that the tokens then work.
#[test]
fn registration_in_each_version_and_both_directions() {
    for v in OcpiVersion::ALL {
        for (init, recv) in [("emsp", "cpo"), ("cpo", "emsp")] {
            let net = Net::new(&[setup("cpo", &[v]), setup("emsp", &[v])]);
            let mode = mode_of(v);
            let peer = register(&net, init, recv, mode).unwrap();

            // Token A (recv-1) for the versions and the POST; the receiver calls back with the
            // token B (init-1) it received in the POST.
            assert_eq!(
                net.take_log(),
                [
                    format!("GET https://{recv}.example/ocpi/versions {recv}-1"),
                    format!("GET https://{recv}.example/ocpi/{v} {recv}-1"),
                    format!("POST https://{recv}.example/ocpi/{v}/credentials {recv}-1"),
                    format!("GET https://{init}.example/ocpi/versions {init}-1"),
                    format!("GET https://{init}.example/ocpi/{v} {init}-1"),
                ],
                "{v} {init} → {recv}"
            );
            // 2.1.1 writes the token as is, 2.2.1 and 2.3.0 in Base64.
            let first = net.headers.lock().unwrap()[0].clone();
            let expected = match v {
                V2_1_1 => format!("Token {recv}-1"),
                _ => authorization_header(&token(&format!("{recv}-1")), AuthorizationMode::Base64)
                    .to_str()
                    .unwrap()
                    .to_owned(),
            };
            assert_eq!(first, expected);

            // The initiator stores the token C (recv-2) to call with and its own token B.
            assert_eq!(peer.version, v);
            assert_eq!(peer.credentials.version(), v);
            assert_eq!(peer.credentials.token().expose(), format!("{recv}-2"));
            assert_eq!(peer.credentials.url(), &versions_url(recv));
            assert_eq!(issued(&net, init, recv).expose(), format!("{init}-1"));
            assert_eq!(Some(&peer), stored(&net, init, recv).as_ref());
            // The receiver stores the token B to call with and the token C it issued.
            let theirs = stored(&net, recv, init).unwrap();
            assert_eq!(theirs.version, v);
            assert_eq!(theirs.credentials.token().expose(), format!("{init}-1"));
            assert_eq!(issued(&net, recv, init).expose(), format!("{recv}-2"));
            assert_eq!(theirs.mode, mode);
            assert_eq!(
                theirs.endpoints[0].url.as_str(),
                format!("https://{init}.example/ocpi/{v}/credentials")
            );
            // Who each party is, from the credentials object of its version.
            let party = |name: &str| match name {
                "cpo" => "NL*CPO",
                _ => "DE*MSP",
            };
            assert_eq!(peer.credentials.parties()[0].to_string(), party(recv));
            assert_eq!(theirs.credentials.parties()[0].to_string(), party(init));
            if v == V2_3_0 {
                let cpo = if recv == "cpo" { &peer } else { &theirs };
                let AnyCredentials::V2_3_0(c) = &cpo.credentials else {
                    panic!()
                };
                assert_eq!(c.hub_party_id.as_ref().unwrap().as_str(), "NLHUB");
            }

            // Each side holds exactly one current token; token A is gone.
            for (name, other) in [(init, recv), (recv, init)] {
                assert_eq!(
                    state(&net, name).1,
                    [TokenRecord {
                        peer: id(other),
                        kind: TokenKind::Current,
                        mode
                    }]
                );
            }

            // Both tokens now open the functional modules; token A opens nothing.
            let c = peer.credentials.token();
            let b = &issued(&net, init, recv);
            let locations = |name: &str| format!("https://{name}.example/ocpi/{v}/locations");
            let get = |u: &str, t| net.call(Method::GET, u, Some((t, mode)), None).status();
            assert_eq!(get(&locations(recv), c), (200, 1000));
            assert_eq!(get(&locations(init), b), (200, 1000));
            let a = token(&format!("{recv}-1"));
            assert_eq!(get(&locations(recv), &a), (401, 2000));
            assert_eq!(get(versions_url(recv).as_str(), &a), (401, 2000));
        }
    }
}

#[test]
fn the_highest_common_version_is_chosen() {
    let net = Net::new(&[
        setup("cpo", &[V2_1_1, V2_2_1]),
        setup("emsp", &OcpiVersion::ALL),
    ]);
    let peer = register(&net, "emsp", "cpo", AuthorizationMode::Base64).unwrap();
    assert_eq!(peer.version, V2_2_1);
    assert_eq!(stored(&net, "cpo", "emsp").unwrap().version, V2_2_1);
    let log = net.take_log();
    assert_eq!(log[1], "GET https://cpo.example/ocpi/2.2.1 cpo-1");
    assert_eq!(
        log[2],
        "POST https://cpo.example/ocpi/2.2.1/credentials cpo-1"
    );

    let net = Net::new(&[setup("cpo", &OcpiVersion::ALL), setup("emsp", &[V2_1_1])]);
    let mode = AuthorizationMode::Plain;
    let peer = register(&net, "emsp", "cpo", mode).unwrap();
    assert_eq!(peer.version, V2_1_1);
    assert!(matches!(peer.credentials, AnyCredentials::V2_1_1(_)));
}

#[test]
fn no_common_version_or_missing_endpoints() {
    let mode = AuthorizationMode::Base64;

    // Nothing in common: 3002, and no POST.
    let net = Net::new(&[setup("cpo", &[V2_1_1, V2_2_1]), setup("emsp", &[V2_3_0])]);
    let before = state(&net, "cpo");
    let a = issue_a(&net, "cpo", "emsp", mode);
    let e =
        block_on(
            net.node("emsp")
                .register(id("cpo"), a, versions_url("cpo"), terms("cpo", mode)),
        );
    let Err(HandshakeError::Versions(e)) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status(), StatusCode::UNSUPPORTED_VERSION);
    assert_eq!(
        net.take_log(),
        ["GET https://cpo.example/ocpi/versions cpo-1"]
    );
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));
    assert_eq!(state(&net, "cpo").0, before.0);

    // The initiator misses an endpoint at the receiver: 3003, and no POST.
    let mut emsp = setup("emsp", &[V2_2_1]);
    emsp.required = vec![Required::new("tokens", Some(InterfaceRole::Sender))];
    let net = Net::new(&[setup("cpo", &[V2_2_1]), emsp]);
    let e = register(&net, "emsp", "cpo", mode).unwrap_err();
    let HandshakeError::Versions(e @ VersionsError::MissingEndpoints(_)) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status(), StatusCode::NO_MATCHING_ENDPOINTS);
    assert_eq!(net.take_log().len(), 2);
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));

    // The receiver misses an endpoint at the initiator: it answers the POST with 3003 and
    // stores nothing; the initiator drops its token B.
    let mut cpo = setup("cpo", &[V2_2_1]);
    cpo.required = vec![Required::new("cdrs", None)];
    let net = Net::new(&[cpo, setup("emsp", &[V2_2_1])]);
    let e = register(&net, "emsp", "cpo", mode).unwrap_err();
    let HandshakeError::Call(CallError::Refused { http, status, .. }) = e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (http, status),
        (
            http::StatusCode::OK,
            Some(StatusCode::NO_MATCHING_ENDPOINTS)
        )
    );
    assert_eq!(net.take_log().len(), 5);
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));
    assert_eq!(
        kinds(&net, "cpo"),
        [TokenKind::RegistrationA {
            terms: terms("emsp", mode)
        }]
    );
}

/// Calls in the wrong order or with the wrong token: 405 for the credentials methods the
/// registration state does not allow, 401 for tokens that do not open the module.
#[test]
fn wrong_order_calls() {
    let mode = AuthorizationMode::Base64;
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let a = issue_a(&net, "cpo", "emsp", mode);
    let credentials = "https://cpo.example/ocpi/2.2.1/credentials";
    let locations = "https://cpo.example/ocpi/2.2.1/locations";
    let call = |method: Method, u: &str, t: &CredentialsToken, body: Option<String>| {
        net.call(method, u, Some((t, mode)), body).status()
    };
    let emsp_credentials = |t: &str| {
        let c = net.node("emsp").config().credentials[0].clone();
        serde_json::to_string(&c.with_token(token(t), versions_url("emsp"))).unwrap()
    };

    // Not registered: only POST; token A opens Versions and Credentials only.
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::PATCH] {
        assert_eq!(
            call(method.clone(), credentials, &a, None),
            (405, 2000),
            "{method}"
        );
    }
    assert_eq!(call(Method::GET, locations, &a, None), (401, 2000));
    assert_eq!(
        call(Method::GET, "https://cpo.example/ocpi/versions", &a, None),
        (200, 1000)
    );
    assert_eq!(
        call(Method::GET, "https://cpo.example/ocpi/2.2.1", &a, None),
        (200, 1000)
    );
    assert_eq!(
        call(Method::POST, "https://cpo.example/ocpi/versions", &a, None),
        (405, 2000)
    );
    assert_eq!(
        net.call(Method::POST, credentials, None, Some(emsp_credentials("x")))
            .status(),
        (401, 2000)
    );
    let unknown = token("unknown");
    assert_eq!(
        call(
            Method::POST,
            credentials,
            &unknown,
            Some(emsp_credentials("x"))
        ),
        (401, 2000)
    );
    // Token A written plain, where the token A was issued for a Base64 writer.
    let plain = net.call(
        Method::GET,
        locations,
        Some((&a, AuthorizationMode::Plain)),
        None,
    );
    assert_eq!(plain.status(), (401, 2000));
    // Bodies that are not credentials: 400 for bad JSON, 2001 for a bad object; nothing kept.
    assert_eq!(
        call(Method::POST, credentials, &a, Some("{".into())),
        (400, 2000)
    );
    assert_eq!(
        call(Method::POST, credentials, &a, Some("{}".into())),
        (200, 2001)
    );
    assert_eq!(
        kinds(&net, "cpo"),
        [TokenKind::RegistrationA {
            terms: terms("emsp", mode)
        }]
    );
    assert_eq!(state(&net, "cpo").0, []);

    // The initiator's token B, while its POST is in flight, opens its Versions module only.
    let strict = ocpi_protocol::interop::Interop::strict();
    let pending = issue_pending(&net, "emsp", "pending", "cpo", strict, mode);
    let emsp = "https://emsp.example/ocpi";
    assert_eq!(
        call(Method::GET, &format!("{emsp}/versions"), &pending, None),
        (200, 1000)
    );
    assert_eq!(
        call(Method::GET, &format!("{emsp}/2.2.1"), &pending, None),
        (200, 1000)
    );
    assert_eq!(
        call(
            Method::GET,
            &format!("{emsp}/2.2.1/credentials"),
            &pending,
            None
        ),
        (401, 2000)
    );
    assert_eq!(
        call(
            Method::GET,
            &format!("{emsp}/2.2.1/locations"),
            &pending,
            None
        ),
        (401, 2000)
    );
    block_on(
        net.node("emsp")
            .store()
            .apply(Change::RevokeToken { token: pending }),
    )
    .unwrap()
    .unwrap();

    let peer = block_on(net.node("emsp").register(
        id("cpo"),
        a.clone(),
        versions_url("cpo"),
        terms("cpo", mode),
    ))
    .unwrap();
    let c = peer.credentials.token().clone();

    // Registered: POST is 405, PATCH too, each saying why; GET gives the credentials with
    // the token C.
    let post = net.call(
        Method::POST,
        credentials,
        Some((&c, mode)),
        Some(emsp_credentials("x")),
    );
    assert_eq!(post.status(), (405, 2000));
    assert_eq!(post.message, "the client is registered already");
    let patch = net.call(Method::PATCH, credentials, Some((&c, mode)), None);
    assert_eq!(patch.status(), (405, 2000));
    assert_eq!(
        patch.message,
        "the credentials endpoint answers GET, POST, PUT and DELETE"
    );
    let got = net.call(Method::GET, credentials, Some((&c, mode)), None);
    assert_eq!(got.status(), (200, 1000));
    let data = got.data.unwrap();
    assert_eq!(data["token"], c.expose());
    assert_eq!(data["url"], "https://cpo.example/ocpi/versions");
    assert_eq!(data["roles"][0]["party_id"], "CPO");

    // Token A replayed after the registration: 401 everywhere.
    assert_eq!(
        call(Method::POST, credentials, &a, Some(emsp_credentials("x"))),
        (401, 2000)
    );
    assert_eq!(
        call(Method::GET, "https://cpo.example/ocpi/versions", &a, None),
        (401, 2000)
    );
    // A new token A for a registered peer: its POST is 405, and it opens no functional module.
    let a2 = issue_a(&net, "cpo", "emsp", mode);
    assert_eq!(
        call(Method::POST, credentials, &a2, Some(emsp_credentials("y"))),
        (405, 2000)
    );
    assert_eq!(call(Method::GET, locations, &a2, None), (401, 2000));
    // The registration is untouched by all of this.
    assert_eq!(issued(&net, "cpo", "emsp"), c);

    // The initiating side refuses the wrong order locally.
    let again =
        block_on(
            net.node("emsp")
                .register(id("cpo"), a2, versions_url("cpo"), terms("cpo", mode)),
        );
    assert!(matches!(&again, Err(HandshakeError::AlreadyRegistered(p)) if *p == id("cpo")));
    assert_eq!(again.unwrap_err().to_string(), "cpo is already registered");
    let nobody = id("nobody");
    let e = block_on(net.node("emsp").update(&nobody)).unwrap_err();
    assert!(matches!(e, HandshakeError::NotRegistered(_)), "{e}");
    assert_eq!(e.to_string(), "nobody is not registered");
    let e = block_on(net.node("emsp").unregister(&nobody)).unwrap_err();
    assert!(matches!(e, HandshakeError::NotRegistered(_)), "{e}");
}

#[test]
fn the_initiator_makes_one_transition_per_step() {
    let mode = AuthorizationMode::Base64;
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_1_1, V2_2_1])]);
    let a = issue_a(&net, "cpo", "emsp", mode);
    let emsp = net.node("emsp");
    let mut machine =
        block_on(emsp.start_registration(id("cpo"), a, versions_url("cpo"), terms("cpo", mode)))
            .unwrap();
    assert_eq!(machine.state(), &InitiatorState::Start);

    block_on(machine.step()).unwrap();
    assert_eq!(
        machine.state(),
        &InitiatorState::VersionChosen {
            version: V2_2_1,
            details: url("https://cpo.example/ocpi/2.2.1")
        }
    );
    assert_eq!(net.take_log().len(), 1);

    block_on(machine.step()).unwrap();
    let InitiatorState::EndpointsChecked { version, endpoints } = machine.state() else {
        panic!("{machine:?}")
    };
    assert_eq!(*version, V2_2_1);
    assert_eq!(endpoints[1].module, "locations");
    assert_eq!(endpoints[1].role, Some(InterfaceRole::Sender));
    assert_eq!(net.take_log().len(), 1);
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));

    block_on(machine.step()).unwrap();
    let InitiatorState::Done(peer) = machine.state() else {
        panic!("{machine:?}")
    };
    assert_eq!(Some(&**peer), stored(&net, "emsp", "cpo").as_ref());
    assert_eq!(net.take_log().len(), 3);

    // Done is final.
    block_on(machine.step()).unwrap();
    assert!(matches!(machine.state(), InitiatorState::Done(_)));
    assert!(net.take_log().is_empty());
}

enum Fault {
    /// A request that fails at the transport.
    Wire(&'static str),
    /// A store write that fails: platform, change.
    Store(&'static str, &'static str),
}

/// The initiator's state when a step fails.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Start,
    VersionChosen,
    EndpointsChecked,
}

fn stage(state: &InitiatorState) -> Stage {
    match state {
        InitiatorState::Start => Stage::Start,
        InitiatorState::VersionChosen { .. } => Stage::VersionChosen,
        InitiatorState::EndpointsChecked { .. } => Stage::EndpointsChecked,
        InitiatorState::Done(_) => panic!("done"),
    }
}

fn transport_failed(e: &HandshakeError) -> bool {
    matches!(
        e,
        HandshakeError::Versions(VersionsError::Call(CallError::Transport(_)))
            | HandshakeError::Call(CallError::Transport(_))
    )
}

fn refused_with(e: &HandshakeError, status: StatusCode) -> bool {
    matches!(e, HandshakeError::Call(CallError::Refused { status: Some(s), .. }) if *s == status)
}

/// A failure at each step of the registration leaves both stores as they were (the receiver
/// keeps its token A), the initiator in the state before the failed step, and a retry from
/// there succeeds. The one exception: when the initiator cannot store the registration the
/// receiver has just made, it undoes it there with a DELETE.
#[test]
fn a_failure_at_any_step_leaves_nothing_behind() {
    use Stage::*;
    let mode = AuthorizationMode::Base64;
    let unable = StatusCode::UNABLE_TO_USE_CLIENT_API;
    let cases: [(Fault, Stage, bool); 8] = [
        (
            Fault::Wire("GET https://cpo.example/ocpi/versions"),
            Start,
            true,
        ),
        (
            Fault::Wire("GET https://cpo.example/ocpi/2.2.1"),
            VersionChosen,
            true,
        ),
        (Fault::Store("emsp", "IssueToken"), EndpointsChecked, true),
        (
            Fault::Wire("POST https://cpo.example/ocpi/2.2.1/credentials"),
            EndpointsChecked,
            true,
        ),
        // The receiver cannot fetch the initiator's versions or details with token B: 3001.
        (
            Fault::Wire("GET https://emsp.example/ocpi/versions"),
            EndpointsChecked,
            true,
        ),
        (
            Fault::Wire("GET https://emsp.example/ocpi/2.2.1"),
            EndpointsChecked,
            true,
        ),
        // The receiver cannot store the registration: 3000.
        (Fault::Store("cpo", "SavePeer"), EndpointsChecked, true),
        (Fault::Store("emsp", "SavePeer"), EndpointsChecked, false),
    ];
    for (fault, expected_stage, receiver_untouched) in cases {
        let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
        let a = issue_a(&net, "cpo", "emsp", mode);
        let before = (state(&net, "emsp"), state(&net, "cpo"));
        let what = match fault {
            Fault::Wire(request) => {
                net.fail_once(request);
                request.to_owned()
            }
            Fault::Store(name, change) => {
                *net.node(name).store().fail.lock().unwrap() = Some(change);
                format!("{change} at {name}")
            }
        };
        let node = net.node("emsp");
        let mut machine = block_on(node.start_registration(
            id("cpo"),
            a,
            versions_url("cpo"),
            terms("cpo", mode),
        ))
        .unwrap();
        let (at, error) = loop {
            let at = machine.state().clone();
            if let Err(e) = block_on(machine.step()) {
                break (at, e);
            }
        };
        let expected_error = match what.as_str() {
            "GET https://emsp.example/ocpi/versions" | "GET https://emsp.example/ocpi/2.2.1" => {
                refused_with(&error, unable)
            }
            "SavePeer at cpo" => refused_with(&error, StatusCode::SERVER_ERROR),
            "IssueToken at emsp" | "SavePeer at emsp" => matches!(error, HandshakeError::Store(_)),
            _ => transport_failed(&error),
        };
        assert!(expected_error, "{what}: {error:?}");
        assert!(!error.to_string().contains("cpo-1"), "{error}");
        // The state is the one before the failed step.
        assert_eq!(stage(&at), expected_stage, "{what}");
        assert_eq!(machine.state(), &at, "{what}");
        // Nothing stored at the initiator.
        assert_eq!(state(&net, "emsp"), before.0, "{what}");
        if receiver_untouched {
            // The receiver as before, token A included: the same machine finishes from where
            // it stopped.
            assert_eq!(state(&net, "cpo"), before.1, "{what}");
            let peer = block_on(machine.run()).unwrap();
            assert_eq!(Some(&peer), stored(&net, "emsp", "cpo").as_ref(), "{what}");
            issued(&net, "emsp", "cpo");
        } else {
            // The receiver's registration was undone (token A included: the registration had
            // used it up).
            assert_eq!(state(&net, "cpo"), (vec![], vec![]), "{what}");
            let delete = "DELETE https://cpo.example/ocpi/2.2.1/credentials cpo-2".to_owned();
            assert!(net.take_log().contains(&delete), "{what}");
        }
    }
}

/// An update: new tokens both ways; the replaced ones keep working for the grace period, then
/// stop.
#[test]
fn update_rotates_both_tokens_with_a_grace_period() {
    for v in [V2_1_1, V2_2_1, V2_3_0] {
        let mode = mode_of(v);
        let net = Net::new(&[setup("cpo", &[v]), setup("emsp", &[v])]);
        let before = register(&net, "emsp", "cpo", mode).unwrap();
        let (old_b, old_c) = (
            issued(&net, "emsp", "cpo"),
            before.credentials.token().clone(),
        );
        net.take_log();

        let after = block_on(net.node("emsp").update(&id("cpo"))).unwrap();
        // Versions and details with the current token C, PUT with it; the receiver calls back
        // with the new token B (emsp-2).
        assert_eq!(
            net.take_log(),
            [
                "GET https://cpo.example/ocpi/versions cpo-2".to_owned(),
                format!("GET https://cpo.example/ocpi/{v} cpo-2"),
                format!("PUT https://cpo.example/ocpi/{v}/credentials cpo-2"),
                "GET https://emsp.example/ocpi/versions emsp-2".to_owned(),
                format!("GET https://emsp.example/ocpi/{v} emsp-2"),
            ]
        );
        let new_b = issued(&net, "emsp", "cpo");
        assert_eq!(new_b.expose(), "emsp-2");
        assert_eq!(after.credentials.token().expose(), "cpo-3");
        let theirs = stored(&net, "cpo", "emsp").unwrap();
        assert_eq!(issued(&net, "cpo", "emsp").expose(), "cpo-3");
        assert_eq!(theirs.credentials.token().expose(), "emsp-2");
        let expires = UNIX_EPOCH + Duration::from_secs(1_700_000_000 + GRACE);
        for name in ["cpo", "emsp"] {
            assert_eq!(
                kinds(&net, name),
                [TokenKind::Current, TokenKind::Rotated { expires }]
            );
        }

        let locations = |name: &str| format!("https://{name}.example/ocpi/{v}/locations");
        let get = |u: &str, t: &CredentialsToken| {
            net.call(Method::GET, u, Some((t, mode)), None).status().0
        };
        let all = || {
            [
                get(&locations("cpo"), &old_c),
                get(&locations("emsp"), &old_b),
                get(&locations("cpo"), after.credentials.token()),
                get(&locations("emsp"), &new_b),
            ]
        };
        assert_eq!(all(), [200; 4]);
        net.advance(GRACE - 1);
        assert_eq!(all(), [200; 4]);
        net.advance(1);
        assert_eq!(all(), [401, 401, 200, 200]);

        // The other party updates too: only the token just replaced stays for the grace period.
        let again = block_on(net.node("cpo").update(&id("emsp"))).unwrap();
        assert_eq!(again.credentials.token().expose(), "emsp-3");
        let new_c = issued(&net, "cpo", "emsp");
        assert_eq!(new_c.expose(), "cpo-4");
        assert_eq!(get(&locations("cpo"), after.credentials.token()), 200);
        assert_eq!(get(&locations("cpo"), &new_c), 200);
        assert_eq!(kinds(&net, "emsp").len(), 2);
    }
}

/// A PUT to the credentials endpoint of another version switches the registration to it.
#[test]
fn a_put_switches_to_the_version_of_its_endpoint() {
    let mode = AuthorizationMode::Base64;
    let both = [V2_1_1, V2_2_1];
    let net = Net::new(&[setup("cpo", &both), setup("emsp", &both)]);
    let peer = register(&net, "emsp", "cpo", mode).unwrap();
    assert_eq!(peer.version, V2_2_1);

    // The eMSP sends its 2.1.1 credentials with a new token to the CPO's 2.1.1 endpoint.
    let new_b = token("emsp-new");
    block_on(net.node("emsp").store().apply(Change::IssueToken {
        token: new_b.clone(),
        record: TokenRecord {
            peer: id("cpo"),
            kind: TokenKind::Pending {
                expires: UNIX_EPOCH + Duration::from_secs(1_800_000_000),
                interop: ocpi_protocol::interop::Interop::strict(),
            },
            mode,
        },
        expect: None,
    }))
    .unwrap()
    .unwrap();
    let ours = net
        .node("emsp")
        .config()
        .credentials
        .iter()
        .find(|c| c.version() == V2_1_1)
        .unwrap()
        .clone()
        .with_token(new_b.clone(), versions_url("emsp"));
    let answer = net.call(
        Method::PUT,
        "https://cpo.example/ocpi/2.1.1/credentials",
        Some((peer.credentials.token(), mode)),
        Some(serde_json::to_string(&ours).unwrap()),
    );
    assert_eq!(answer.status(), (200, 1000));
    // A 2.1.1 credentials object: one party, no roles.
    let data = answer.data.unwrap();
    assert_eq!(data["party_id"], "CPO");
    assert!(data.get("roles").is_none());
    assert_eq!(data["token"], "cpo-3");

    let theirs = stored(&net, "cpo", "emsp").unwrap();
    assert_eq!(theirs.version, V2_1_1);
    assert!(matches!(theirs.credentials, AnyCredentials::V2_1_1(_)));
    assert_eq!(theirs.credentials.token(), &new_b);
    assert_eq!(theirs.endpoints[0].role, None);
    assert!(theirs.endpoints[0].url.as_str().contains("/2.1.1/"));
}

#[test]
fn unregistration_revokes_both_directions() {
    let mode = AuthorizationMode::Base64;
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let locations = |name: &str| format!("https://{name}.example/ocpi/2.2.1/locations");
    let get = |u: &str, t: &CredentialsToken| net.call(Method::GET, u, Some((t, mode)), None);

    // By the initiator.
    let peer = register(&net, "emsp", "cpo", mode).unwrap();
    let b = issued(&net, "emsp", "cpo");
    net.take_log();
    block_on(net.node("emsp").unregister(&id("cpo"))).unwrap();
    assert_eq!(
        net.take_log(),
        ["DELETE https://cpo.example/ocpi/2.2.1/credentials cpo-2"]
    );
    for name in ["cpo", "emsp"] {
        assert_eq!(state(&net, name), (vec![], vec![]), "{name}");
    }
    assert_eq!(
        get(&locations("cpo"), peer.credentials.token()).status(),
        (401, 2000)
    );
    assert_eq!(get(&locations("emsp"), &b).status(), (401, 2000));

    // By the receiver, after registering again with a new token A.
    register(&net, "emsp", "cpo", mode).unwrap();
    let b = issued(&net, "emsp", "cpo");
    net.take_log();
    block_on(net.node("cpo").unregister(&id("emsp"))).unwrap();
    assert_eq!(
        net.take_log(),
        [format!(
            "DELETE https://emsp.example/ocpi/2.2.1/credentials {}",
            b.expose()
        )]
    );
    for name in ["cpo", "emsp"] {
        assert_eq!(state(&net, name), (vec![], vec![]), "{name}");
    }

    // DELETE when not registered: 405 (with a token that is valid, but a token A).
    let a = issue_a(&net, "cpo", "emsp", mode);
    let delete = net.call(
        Method::DELETE,
        "https://cpo.example/ocpi/2.2.1/credentials",
        Some((&a, mode)),
        None,
    );
    assert_eq!(delete.status(), (405, 2000));

    // A failed DELETE keeps the registration.
    let peer = block_on(net.node("emsp").register(
        id("cpo"),
        issue_a(&net, "cpo", "emsp", mode),
        versions_url("cpo"),
        terms("cpo", mode),
    ))
    .unwrap();
    net.fail_once("DELETE https://cpo.example/ocpi/2.2.1/credentials");
    let e = block_on(net.node("emsp").unregister(&id("cpo"))).unwrap_err();
    assert!(
        matches!(e, HandshakeError::Call(CallError::Transport(_))),
        "{e}"
    );
    assert_eq!(stored(&net, "emsp", "cpo"), Some(peer));
}

/// How each peer writes the `Authorization` header is its own: many 2.2 implementations do not
/// encode it.
#[test]
fn authorization_mode_per_peer() {
    // A 2.2.1 pair that agreed on plain tokens.
    let plain = AuthorizationMode::Plain;
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    register(&net, "emsp", "cpo", plain).unwrap();
    let headers = net.headers.lock().unwrap().clone();
    assert_eq!(headers[0], "Token cpo-1");
    assert_eq!(headers[3], "Token emsp-1");

    // A token A whose peer writes either way.
    let either = issue_a(&net, "cpo", "nsp", AuthorizationMode::Base64ThenPlain);
    let versions = "https://cpo.example/ocpi/versions";
    for mode in [AuthorizationMode::Plain, AuthorizationMode::Base64] {
        assert_eq!(
            net.call(Method::GET, versions, Some((&either, mode)), None)
                .status(),
            (200, 1000)
        );
    }

    // A peer that writes Base64 where plain was agreed is refused: 401, nothing stored.
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let a = issue_a(&net, "cpo", "emsp", plain);
    let e = block_on(net.node("emsp").register(
        id("cpo"),
        a,
        versions_url("cpo"),
        terms("cpo", AuthorizationMode::Base64),
    ))
    .unwrap_err();
    assert!(
        matches!(&e, HandshakeError::Versions(VersionsError::Call(CallError::Refused { http, .. }))
            if *http == http::StatusCode::UNAUTHORIZED),
        "{e}"
    );
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));
}

/// Only a 401 makes the initiator try the token A again as is: a versions URL that is not
/// there (404) is one request and the error, with nothing stored.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Authorization header (tokens written in Base64
/// from 2.2 on; 2.1.1 platforms read them as is)
#[test]
fn only_a_401_retries_the_versions_call_as_is() {
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let a = issue_a(&net, "cpo", "emsp", AuthorizationMode::Base64ThenPlain);
    let nowhere = url("https://cpo.example/nowhere");
    let e = block_on(
        net.node("emsp")
            .register(id("cpo"), a, nowhere, grant("cpo")),
    )
    .unwrap_err();
    assert!(
        matches!(&e, HandshakeError::Versions(VersionsError::Call(CallError::Refused { http, .. }))
            if *http == http::StatusCode::NOT_FOUND),
        "{e}"
    );
    assert_eq!(net.take_log(), ["GET https://cpo.example/nowhere cpo-1"]);
    assert_eq!(state(&net, "emsp"), (vec![], vec![]));
}

/// A token A or a pending token B is read in the other encoding of the `Authorization`
/// header only when the terms it was issued with tolerate it.
#[test]
fn the_other_encoding_is_read_only_where_the_terms_tolerate_it() {
    use ocpi_protocol::interop::Interop;
    let (base64, plain) = (AuthorizationMode::Base64, AuthorizationMode::Plain);
    let tolerant = Interop {
        other_authorization_encoding: true,
        ..Interop::strict()
    };
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let versions = "https://cpo.example/ocpi/versions";
    for (interop, expected) in [(tolerant, (200, 1000)), (Interop::strict(), (401, 2000))] {
        // A token A.
        let terms = PeerTerms::new(grant("emsp"))
            .accepting(base64)
            .with_interop(interop);
        let a = block_on(net.node("cpo").issue_token_a(id("emsp"), terms)).unwrap();
        let answer = net.call(Method::GET, versions, Some((&a, plain)), None);
        assert_eq!(answer.status(), expected, "{interop:?}");
        // A pending token B.
        let text = format!("pending-{}", expected.0);
        let pending = issue_pending(&net, "cpo", &text, "nsp", interop, base64);
        let answer = net.call(Method::GET, versions, Some((&pending, plain)), None);
        assert_eq!(answer.status(), expected, "{interop:?}");
    }
}

/// An initiator shows its peer and state, never the token it carries.
#[test]
fn an_initiator_shows_its_peer_and_state() {
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let a = issue_a(&net, "cpo", "emsp", AuthorizationMode::Base64);
    let start =
        net.node("emsp")
            .start_registration(id("cpo"), a, versions_url("cpo"), grant("cpo"));
    let mut initiator = block_on(start).unwrap();
    block_on(initiator.step()).unwrap();
    let shown = format!("{initiator:?}");
    assert!(
        shown.starts_with("Initiator { peer: PeerId(\"cpo\"), update: false, state: VersionChosen"),
        "{shown}"
    );
    assert!(!shown.contains("cpo-1"), "{shown}");
}

#[test]
fn tokens_never_show() {
    let net = Net::new(&[setup("cpo", &[V2_3_0]), setup("emsp", &[V2_3_0])]);
    let peer = register(&net, "emsp", "cpo", AuthorizationMode::Base64).unwrap();
    let shown = format!("{peer:?} {:?} {:?}", state(&net, "cpo"), net.node("emsp"));
    for secret in ["cpo-1", "cpo-2", "emsp-1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // What a platform shows is its configuration.
    let platform = format!("{:?}", net.node("emsp"));
    assert!(platform.starts_with("Platform { config: "), "{platform}");
    assert!(platform.contains("emsp.example"), "{platform}");
    let caller = block_on(net.node("cpo").authenticate(
        &{
            let mut h = http::HeaderMap::new();
            h.insert(
                AUTHORIZATION,
                authorization_header(peer.credentials.token(), AuthorizationMode::Base64),
            );
            h
        },
        "locations",
    ))
    .unwrap();
    assert_eq!(caller, Caller::Registered { peer: id("emsp") });
    assert_eq!(caller.peer(), &id("emsp"));
}

/// A token generator that repeats itself cannot make one token name two peers: a token the
/// store knows already is never issued again, neither as a token A nor, in a registration, as
/// the receiver's token C or the initiator's token B. The step fails and stores nothing, and
/// the token keeps naming the peer it was issued to.
///
/// Spec: 2.2.1 credentials.asciidoc §Registration ("a unique credentials token"), §Credentials
/// object (`token`: "used by the server to identify the client")
#[test]
fn a_token_is_never_issued_twice() {
    let mode = AuthorizationMode::Base64;
    let repeated = |e: &HandshakeError| {
        matches!(e, HandshakeError::Token(_)) && e.to_string().contains("issued already")
    };
    let names = |net: &Net, name: &str, t: &str| {
        block_on(net.node(name).store().token(&token(t)))
            .unwrap()
            .map(|r| r.peer)
    };
    let net = Net::new(&[
        setup("cpo", &[V2_3_0]),
        setup("emsp", &[V2_3_0]),
        setup("mal", &[V2_3_0]),
    ]);
    // Token A: `cpo-1` is the token A of `mal`.
    issue_a(&net, "cpo", "mal", mode);
    net.rewind("cpo", 1);
    let before = state(&net, "cpo");
    let e = block_on(
        net.node("cpo")
            .issue_token_a(id("emsp"), terms("emsp", mode)),
    )
    .unwrap_err();
    assert!(repeated(&e), "{e}");
    assert_eq!(state(&net, "cpo"), before);
    assert_eq!(names(&net, "cpo", "cpo-1"), Some(id("mal")));

    // Token C: the CPO would issue `cpo-1` again to the registering eMSP; it answers 3000.
    let a = issue_a(&net, "cpo", "emsp", mode); // cpo-2
    net.rewind("cpo", 1);
    let (cpo, emsp) = (state(&net, "cpo"), state(&net, "emsp"));
    let e = block_on(net.node("emsp").register(
        id("cpo"),
        a.clone(),
        versions_url("cpo"),
        terms("cpo", mode),
    ))
    .unwrap_err();
    assert!(refused_with(&e, StatusCode::SERVER_ERROR), "{e}");
    assert!(e.to_string().contains("issued already"), "{e}");
    assert_eq!(state(&net, "cpo"), cpo);
    assert_eq!(state(&net, "emsp"), emsp);
    assert_eq!(names(&net, "cpo", "cpo-1"), Some(id("mal")));

    // Token B: the eMSP would issue `emsp-1` (the token B of the failed attempt, revoked since)
    // and then `emsp-2` again; with `emsp-2` its token A for `mal`, it refuses to start.
    issue_a(&net, "emsp", "mal", mode); // emsp-2
    net.rewind("emsp", 2);
    let emsp = state(&net, "emsp");
    let e =
        block_on(
            net.node("emsp")
                .register(id("cpo"), a, versions_url("cpo"), terms("cpo", mode)),
        )
        .unwrap_err();
    assert!(repeated(&e), "{e}");
    assert_eq!(state(&net, "emsp"), emsp);
    assert_eq!(state(&net, "cpo"), cpo);
    assert_eq!(names(&net, "emsp", "emsp-2"), Some(id("mal")));

    // With a generator that moves on, the same token A registers.
    net.rewind("cpo", 10);
    net.rewind("emsp", 10);
    let peer = register(&net, "emsp", "cpo", mode).unwrap();
    assert_eq!(peer.id, id("cpo"));
}

/// By default the header follows the negotiated version both ways (as is for 2.1.1, Base64
/// after); before the version is known, the initiator writes Base64 and falls back to the
/// token as is on a 401, and the receiver accepts either.
///
/// Spec: 2.1.1 transport_and_format.md §Authorization header; 2.2.1
/// transport_and_format.asciidoc §Authorization header
#[test]
fn the_header_follows_the_negotiated_version() {
    let plain = AuthorizationMode::Plain;
    for v in OcpiVersion::ALL {
        let net = Net::new(&[setup("cpo", &[v]), setup("emsp", &OcpiVersion::ALL)]);
        // A CPO that reads the token A only as its version writes it (a 2.1.1-only platform
        // reads it as is).
        let strict =
            PeerTerms::new(grant("emsp")).accepting(AuthorizationMode::for_version(v.as_str()));
        let a = block_on(net.node("cpo").issue_token_a(id("emsp"), strict)).unwrap();
        let peer =
            block_on(
                net.node("emsp")
                    .register(id("cpo"), a, versions_url("cpo"), grant("cpo")),
            )
            .unwrap();
        let expected = AuthorizationMode::for_version(v.as_str());
        assert_eq!((peer.mode, peer.accept), (expected, expected), "{v}");
        let theirs = stored(&net, "cpo", "emsp").unwrap();
        assert_eq!((theirs.mode, theirs.accept), (expected, expected), "{v}");
        let headers = net.headers.lock().unwrap().clone();
        let encoded = |t: &str| {
            authorization_header(&token(t), AuthorizationMode::Base64)
                .to_str()
                .unwrap()
                .to_owned()
        };
        if v == V2_1_1 {
            // Base64 first, refused; then as is, and as is from then on.
            assert_eq!(headers[0], encoded("cpo-1"));
            assert_eq!(headers[1], "Token cpo-1");
            assert_eq!(headers[2], "Token cpo-1", "the version details");
            assert_eq!(headers[3], "Token cpo-1", "the POST");
            assert_eq!(headers[4], "Token emsp-1", "the CPO's call back");
        } else {
            assert_eq!(headers[0], encoded("cpo-1"));
            assert_eq!(headers[2], encoded("cpo-1"), "the POST");
        }
        // Both directions work with the stored modes, and only with them.
        let c = peer.credentials.token();
        let b = &issued(&net, "emsp", "cpo");
        let locations = |name: &str| format!("https://{name}.example/ocpi/{v}/locations");
        let get = |u: &str, t, m| net.call(Method::GET, u, Some((t, m)), None).status();
        assert_eq!(get(&locations("cpo"), c, expected), (200, 1000), "{v}");
        assert_eq!(get(&locations("emsp"), b, expected), (200, 1000), "{v}");
        let other = if expected == plain {
            AuthorizationMode::Base64
        } else {
            plain
        };
        assert_eq!(get(&locations("cpo"), c, other), (401, 2000), "{v}");
    }
}

/// The modes are kept per direction and can be overridden per peer: here a 2.2.1 eMSP that
/// reads Base64 but writes its token as is.
#[test]
fn the_header_modes_are_kept_per_direction() {
    let net = Net::new(&[setup("cpo", &[V2_2_1]), setup("emsp", &[V2_2_1])]);
    let lenient = PeerTerms::new(grant("emsp")).accepting(AuthorizationMode::Plain);
    let a = block_on(net.node("cpo").issue_token_a(id("emsp"), lenient)).unwrap();
    let writes_plain = PeerTerms::new(grant("cpo")).sending(AuthorizationMode::Plain);
    let peer = block_on(
        net.node("emsp")
            .register(id("cpo"), a, versions_url("cpo"), writes_plain),
    )
    .unwrap();
    assert_eq!(
        (peer.mode, peer.accept),
        (AuthorizationMode::Plain, AuthorizationMode::Base64)
    );
    let theirs = stored(&net, "cpo", "emsp").unwrap();
    assert_eq!(
        (theirs.mode, theirs.accept),
        (AuthorizationMode::Base64, AuthorizationMode::Plain)
    );
    let url = "https://cpo.example/ocpi/2.2.1/locations";
    let c = peer.credentials.token();
    let get = |t, m| net.call(Method::GET, url, Some((t, m)), None).status();
    assert_eq!(get(c, AuthorizationMode::Plain), (200, 1000));
    assert_eq!(get(c, AuthorizationMode::Base64), (401, 2000));
}
