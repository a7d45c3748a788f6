//! The checks every [`CredentialsStore`] must pass, to run against a store of your own
//! (feature `testkit`). The crate runs them against [`MemoryStore`] and its SQL stores.
//!
//! [`check`] takes a function that makes an empty store, and runs every check on the stores it
//! makes:
//!
//! - each [`Change`] variant and exactly what it writes: token A, pending, current and rotated
//!   tokens, registrations kept field for field (credentials objects with their unknown
//!   fields, endpoints, terms, header modes);
//! - the compare-and-swap of [`Expect`]: a stale revision, a registration where one exists, a
//!   pending token of another transition in flight; a pending token counts until its expiry,
//!   judged at [`Expect::at`] (the clock is the caller's: the checks give the times);
//! - the unique claims ([`Conflict::Claimed`]): one owner per party and role, a 2.1.1 party
//!   (no role) overlapping every role of its party, codes compared without case, a 2.3.0
//!   Hub owning only its own party, claims freed by an update that drops them and by an
//!   unregistration;
//! - timestamps kept to the nanosecond, and lookups of unknown, revoked, rotated and deleted
//!   tokens;
//! - a [`Platform`] authenticating against the store while the checks move its clock: a
//!   rotated token until its grace period ends, a pending token until it expires;
//! - concurrent transitions: two of one peer from the same state (exactly one is applied, the
//!   other gets [`Conflict::Stale`]), and two peers claiming one party (exactly one gets
//!   [`Conflict::Claimed`]);
//! - changes cancelled part-way (the future dropped, as when a request is abandoned): the
//!   store holds the state before or the state after, never a mix, and keeps working.
//!
//! [`check_atomicity`] makes the store fail part-way through changes, at each of their writes
//! in turn, and checks that nothing of a failed change is left. It needs a way into the store
//! (a database trigger, a fault hook), so the store's tests give it one.
//!
//! A check that fails panics with what it expected, as `assert!` does. Running them against
//! [`MemoryStore`]:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use ocpi_protocol::credentials::{testkit, MemoryStore};
//!
//! testkit::check(|| async { MemoryStore::new() }).await;
//! # }
//! ```
//!
//! Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
//! credentials token, §CredentialsRole class (unique role, party and country); 2.2.1
//! transport_and_format.asciidoc §Authorization header

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

use super::*;
use crate::transport::{authorization_header, AuthorizationMode, PartyRef};
use crate::types::{CredentialsToken, Role, Url};
use crate::v2_2_1::versions::InterfaceRole;
use crate::versions::{Endpoint, OcpiVersion, VersionsConfig};

/// Runs every check of the [module documentation](self) on stores made by `new_store`, each of
/// which must be empty (a new in-memory store, a new database or schema). Panics at the first
/// check that fails.
pub async fn check<S, F, Fut>(new_store: F)
where
    S: CredentialsStore + Sync,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    unknown_tokens_and_peers(&new_store().await).await;
    token_a_issued_and_revoked(&new_store().await).await;
    pending_tokens_and_their_expiry(&new_store().await).await;
    registration(&new_store().await).await;
    stale_registrations_are_refused(&new_store().await).await;
    update_rotates_the_current_token(&new_store().await).await;
    terms_change_without_tokens(&new_store().await).await;
    unregistration(&new_store().await).await;
    claims(&new_store().await).await;
    every_credentials_version_and_field(&new_store().await).await;
    platform_with_a_moving_clock(new_store().await).await;
    for round in 0..8 {
        concurrent_transitions(&new_store().await, round).await;
    }
    for scenario in scenarios() {
        cancelled_part_way(&new_store, &scenario).await;
    }
}

/// Makes each change of a few transitions fail at each of its writes in turn, and checks that
/// a failed change leaves the store as it was (and that it then works again).
///
/// `fail_at(store, Some(n))` makes the store's writes fail from the `n`-th on (counted from
/// 0, from this call), as a database error or a lost connection would; `fail_at(store, None)`
/// ends that. A change with fewer writes than `n` succeeds, which ends the check of that
/// change. Panics at the first check that fails.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::sync::Mutex;
///
/// use ocpi_protocol::credentials::{testkit, Change, Conflict, CredentialsStore, MemoryStore};
/// use ocpi_protocol::credentials::{Peer, PeerId, TokenRecord};
/// use ocpi_protocol::types::CredentialsToken;
///
/// /// A memory store whose changes can be made to fail (before they write anything: a memory
/// /// store writes a change at once).
/// #[derive(Default)]
/// struct Faulty {
///     inner: MemoryStore,
///     fail_from: Mutex<Option<usize>>,
/// }
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("injected failure")]
/// struct Injected;
///
/// impl CredentialsStore for Faulty {
///     type Error = Injected;
///     async fn token(&self, t: &CredentialsToken) -> Result<Option<TokenRecord>, Injected> {
///         Ok(self.inner.token(t).await.unwrap_or_else(|e| match e {}))
///     }
///     async fn peer(&self, id: &PeerId) -> Result<Option<Peer>, Injected> {
///         Ok(self.inner.peer(id).await.unwrap_or_else(|e| match e {}))
///     }
///     async fn apply(&self, change: Change) -> Result<Result<(), Conflict>, Injected> {
///         let fail = {
///             let mut fail_from = self.fail_from.lock().unwrap();
///             let fail = *fail_from == Some(0);
///             *fail_from = fail_from.map(|n| n.saturating_sub(1));
///             fail
///         };
///         if fail {
///             return Err(Injected);
///         }
///         Ok(self.inner.apply(change).await.unwrap_or_else(|e| match e {}))
///     }
/// }
///
/// testkit::check_atomicity(
///     || async { Faulty::default() },
///     |store, n| {
///         *store.fail_from.lock().unwrap() = n;
///         Box::pin(async {})
///     },
/// )
/// .await;
/// # }
/// ```
pub async fn check_atomicity<S, F, Fut, A>(new_store: F, fail_at: A)
where
    S: CredentialsStore + Sync,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    A: for<'s> Fn(&'s S, Option<usize>) -> Pin<Box<dyn Future<Output = ()> + 's>>,
{
    for scenario in scenarios() {
        let after = scenario.state_after(&new_store).await;
        let (store, before) = scenario.prepared(&new_store).await;
        let mut failed = 0;
        loop {
            assert!(
                failed < 64,
                "{}: the change still fails at its 64th write",
                scenario.name
            );
            fail_at(&store, Some(failed)).await;
            let result = store.apply(scenario.change.clone()).await;
            fail_at(&store, None).await;
            match result {
                Err(_) => {
                    let now = scenario.probe.snapshot(&store).await;
                    assert_eq!(
                        now, before,
                        "{}: a change that failed at write {failed} left something written",
                        scenario.name
                    );
                    failed += 1;
                }
                Ok(Ok(())) => {
                    assert!(
                        failed > 0,
                        "{}: no write failed (the failure was not injected)",
                        scenario.name
                    );
                    let now = scenario.probe.snapshot(&store).await;
                    assert_eq!(now, after, "{}: after the failures", scenario.name);
                    break;
                }
                Ok(Err(conflict)) => panic!(
                    "{}: refused after a failure at write {failed}: {conflict}",
                    scenario.name
                ),
            }
        }
    }
}

// ---- the fixtures ----

fn token(text: &str) -> CredentialsToken {
    CredentialsToken::new(text).expect("a valid token")
}

fn id(text: &str) -> PeerId {
    PeerId::new(text)
}

/// A time with nanoseconds, `secs` after a fixed moment in 2023.
fn time(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::new(1_700_000_000 + secs, 123_456_789)
}

fn party(cc: &str, id: &str) -> PartyRef {
    PartyRef::new(
        cc.parse().expect("a country code"),
        id.parse().expect("a party id"),
    )
}

fn url(text: &str) -> Url {
    Url::new(text).expect("a URL")
}

/// The CredentialsRole objects of `(country, party, role)`, joined as in a JSON array.
fn roles_json(roles: &[(&str, &str, &str)]) -> String {
    let roles: Vec<String> = roles
        .iter()
        .map(|(cc, id, role)| {
            format!(
                r#"{{"role": "{role}", "business_details": {{"name": "{cc}{id}"}},
                    "party_id": "{id}", "country_code": "{cc}"}}"#
            )
        })
        .collect();
    roles.join(",")
}

/// A 2.2.1 credentials object with one role per `(country, party, role)`, and an unknown field
/// with a decimal written as `2.50` (both must come back as they went in).
fn credentials(token: &str, roles: &[(&str, &str, &str)]) -> AnyCredentials {
    let json = format!(
        r#"{{"token": "{token}", "url": "https://peer.test/ocpi/versions",
            "roles": [{}], "x-extension": {{"rate": 2.50, "kept": [true, null]}}}}"#,
        roles_json(roles)
    );
    AnyCredentials::parse(OcpiVersion::V2_2_1, json.as_bytes()).expect("valid credentials")
}

/// A 2.1.1 credentials object: one party, no role.
fn credentials_2_1_1(token: &str, cc: &str, id: &str) -> AnyCredentials {
    let json = format!(
        r#"{{"token": "{token}", "url": "https://old.test/ocpi/versions",
            "business_details": {{"name": "Old"}}, "party_id": "{id}", "country_code": "{cc}"}}"#
    );
    AnyCredentials::parse(OcpiVersion::V2_1_1, json.as_bytes()).expect("valid credentials")
}

/// A 2.3.0 Roaming Hub's credentials: `hub` is its own party, `roles` the parties it reaches.
fn credentials_hub(token: &str, hub: &str, roles: &[(&str, &str, &str)]) -> AnyCredentials {
    let json = format!(
        r#"{{"token": "{token}", "url": "https://hub.test/ocpi/versions",
            "hub_party_id": "{hub}", "roles": [{}]}}"#,
        roles_json(roles)
    );
    AnyCredentials::parse(OcpiVersion::V2_3_0, json.as_bytes()).expect("valid credentials")
}

/// A registration of `name` with `credentials`, at `revision`.
fn peer(name: &str, revision: u64, credentials: AnyCredentials) -> Peer {
    let version = credentials.version();
    Peer {
        id: id(name),
        version,
        mode: AuthorizationMode::for_version(version.as_str()),
        accept: AuthorizationMode::Base64ThenPlain,
        revision: Revision::from_u64(revision),
        terms: PeerTerms::new(PartyGrant::exactly(&credentials)).sending(AuthorizationMode::Plain),
        endpoints: vec![
            Endpoint::new(
                "credentials",
                Some(InterfaceRole::Receiver),
                url(&format!("https://{name}.test/ocpi/2.2.1/credentials")),
            ),
            Endpoint::new(
                "x-custom-module",
                None,
                url(&format!("http://{name}.test:8080/ocpi/2.2.1/Custom?a=1")),
            ),
        ],
        credentials,
    }
}

fn terms(parties: &[PartyRef]) -> PeerTerms {
    PeerTerms::new(PartyGrant::parties(parties.iter().copied()))
}

fn token_a(peer: &str) -> TokenRecord {
    TokenRecord {
        peer: id(peer),
        kind: TokenKind::RegistrationA {
            terms: terms(&[party("NL", "CPO"), party("de", "mal")])
                .accepting(AuthorizationMode::Plain),
        },
        mode: AuthorizationMode::Plain,
    }
}

/// The interop profile of the pending tokens of the checks: kept with the token, as the
/// version details the peer reads with it depend on it.
fn pending_interop() -> crate::interop::Interop {
    crate::interop::Interop {
        trailing_slash_endpoints: true,
        ..crate::interop::Interop::strict()
    }
}

fn pending(peer: &str, expires: SystemTime) -> TokenRecord {
    TokenRecord {
        peer: id(peer),
        kind: TokenKind::Pending {
            expires,
            interop: pending_interop(),
        },
        mode: AuthorizationMode::Base64,
    }
}

fn current(peer: &Peer) -> TokenRecord {
    TokenRecord {
        peer: peer.id.clone(),
        kind: TokenKind::Current,
        mode: peer.accept,
    }
}

fn rotated(peer: &Peer, expires: SystemTime) -> TokenRecord {
    TokenRecord {
        kind: TokenKind::Rotated { expires },
        ..current(peer)
    }
}

fn expect(revision: Option<u64>, pending: Option<&str>, at: SystemTime) -> Expect {
    Expect {
        revision: revision.map(Revision::from_u64),
        pending: pending.map(token),
        at,
    }
}

fn issue(text: &str, record: TokenRecord, expect: Option<Expect>) -> Change {
    Change::IssueToken {
        token: token(text),
        record,
        expect,
    }
}

fn save(peer: &Peer, token_text: &str, rotated_until: Option<SystemTime>, e: Expect) -> Change {
    Change::SavePeer {
        peer: Box::new(peer.clone()),
        token: Some(token(token_text)),
        rotated_until,
        expect: e,
    }
}

/// A transition of `peer` begun: its pending token `text`, valid until `expires`.
fn begin(text: &str, peer: &str, expires: SystemTime, e: Expect) -> Change {
    issue(text, pending(peer, expires), Some(e))
}

/// A first registration of `peer` with the current token `text`, made `at` that time.
fn register(peer: &Peer, text: &str, at: SystemTime) -> Change {
    save(peer, text, None, expect(None, None, at))
}

/// An update of `peer` to the current token `text`; the token it replaces is kept until
/// `time(3600)`.
fn update_with_grace(peer: &Peer, text: &str, e: Expect) -> Change {
    save(peer, text, Some(time(3600)), e)
}

fn revoke(text: &str) -> Change {
    Change::RevokeToken { token: token(text) }
}

// ---- the helpers ----

/// The result of a store call, or a panic naming the check.
fn ok<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{what}: the store failed: {e}"),
    }
}

/// Applies a change that must be applied.
async fn applied<S: CredentialsStore>(store: &S, change: Change, what: &str) {
    if let Err(conflict) = ok(store.apply(change).await, what) {
        panic!("{what}: refused: {conflict}");
    }
}

/// Applies changes that must all be applied, in order.
async fn applied_all<S: CredentialsStore>(
    store: &S,
    changes: impl IntoIterator<Item = Change>,
    what: &str,
) {
    for change in changes {
        applied(store, change, what).await;
    }
}

/// Applies a change that must be refused, and returns why.
async fn refused<S: CredentialsStore>(store: &S, change: Change, what: &str) -> Conflict {
    match ok(store.apply(change).await, what) {
        Ok(()) => panic!("{what}: applied, but the change should have been refused"),
        Err(conflict) => conflict,
    }
}

/// Applies a change that must be refused (`why`) as stale: the registration of `name` is not
/// in the state the change expects.
async fn refused_stale<S: CredentialsStore>(
    store: &S,
    change: Change,
    name: &str,
    why: &str,
    what: &str,
) {
    let conflict = refused(store, change, why).await;
    assert_eq!(conflict, Conflict::Stale(id(name)), "{what}");
}

async fn record<S: CredentialsStore>(store: &S, text: &str) -> Option<TokenRecord> {
    ok(store.token(&token(text)).await, "a token lookup")
}

async fn stored<S: CredentialsStore>(store: &S, name: &str) -> Option<Peer> {
    ok(store.peer(&id(name)).await, "a registration lookup")
}

/// Checks the records of tokens (`None`: unknown).
async fn tokens_are<S: CredentialsStore>(
    store: &S,
    expected: &[(&str, Option<TokenRecord>)],
    what: &str,
) {
    for (text, expected) in expected {
        assert_eq!(
            &record(store, text).await,
            expected,
            "{what}: the record of token {text:?}"
        );
    }
}

/// Checks the registration of `name` (`None`: none) and the records of tokens.
async fn state_is<S: CredentialsStore>(
    store: &S,
    name: &str,
    peer: Option<&Peer>,
    tokens: &[(&str, Option<TokenRecord>)],
    what: &str,
) {
    assert_eq!(stored(store, name).await.as_ref(), peer, "{what}");
    tokens_are(store, tokens, what).await;
}

/// Applies two changes at once (their futures polled together), and returns whether each
/// was applied.
async fn race<S: CredentialsStore>(
    store: &S,
    a: Change,
    b: Change,
    what: &str,
) -> [Result<(), Conflict>; 2] {
    let (l, r) = both(store.apply(a), store.apply(b)).await;
    [ok(l, what), ok(r, what)]
}

/// Polls two futures together until both are done.
async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut first, mut second) = (None, None);
    std::future::poll_fn(move |cx| {
        if first.is_none() {
            if let Poll::Ready(value) = a.as_mut().poll(cx) {
                first = Some(value);
            }
        }
        if second.is_none() {
            if let Poll::Ready(value) = b.as_mut().poll(cx) {
                second = Some(value);
            }
        }
        match (first.take(), second.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                (first, second) = (x, y);
                Poll::Pending
            }
        }
    })
    .await
}

// ---- the checks ----

async fn unknown_tokens_and_peers<S: CredentialsStore>(store: &S) {
    tokens_are(store, &[("never-issued", None)], "an empty store").await;
    assert_eq!(stored(store, "nobody").await, None, "an unknown peer");
    // Revoking or removing what does not exist changes nothing and is no error.
    applied(store, revoke("never-issued"), "revoking an unknown token").await;
    applied(
        store,
        Change::RemovePeer { peer: id("nobody") },
        "removing an unknown peer",
    )
    .await;
}

async fn token_a_issued_and_revoked<S: CredentialsStore>(store: &S) {
    let what = "a token A";
    applied(store, issue("a-1", token_a("alice"), None), what).await;
    applied(store, issue("a-2", token_a("bob"), None), what).await;
    tokens_are(
        store,
        &[
            ("a-1", Some(token_a("alice"))),
            ("a-2", Some(token_a("bob"))),
            // Lookups are exact: no prefix, no other case.
            ("a-", None),
            ("A-1", None),
            ("a-1 ", None),
        ],
        what,
    )
    .await;
    applied(store, revoke("a-1"), what).await;
    tokens_are(
        store,
        &[("a-1", None), ("a-2", Some(token_a("bob")))],
        "a revoked token A",
    )
    .await;
    assert_eq!(
        stored(store, "alice").await,
        None,
        "{what}: no registration"
    );
}

async fn pending_tokens_and_their_expiry<S: CredentialsStore>(store: &S) {
    let what = "pending tokens";
    let expires = time(600);
    applied(
        store,
        begin("b-1", "carol", expires, expect(None, None, time(0))),
        what,
    )
    .await;
    tokens_are(store, &[("b-1", Some(pending("carol", expires)))], what).await;
    // Another transition of the same peer while the first is in flight, up to the last
    // nanosecond before its expiry.
    let at_last = expires - Duration::from_nanos(1);
    for at in [time(0), at_last] {
        refused_stale(
            store,
            begin("b-2", "carol", time(1200), expect(None, None, at)),
            "carol",
            "a second pending token while one is in flight",
            what,
        )
        .await;
    }
    tokens_are(store, &[("b-2", None)], "a refused pending token").await;
    // A transition's own pending token does not block it.
    applied(
        store,
        begin(
            "b-2",
            "carol",
            time(1200),
            expect(None, Some("b-1"), time(1)),
        ),
        "a pending token expecting the other one",
    )
    .await;
    applied(store, revoke("b-2"), what).await;
    // From its expiry on, a pending token no longer counts (a transition that never ended).
    applied(
        store,
        begin("b-3", "carol", time(1200), expect(None, None, expires)),
        "a pending token once the other one expired",
    )
    .await;
    // The expired one is still a record (the platform refuses it by its time).
    tokens_are(
        store,
        &[
            ("b-1", Some(pending("carol", expires))),
            ("b-3", Some(pending("carol", time(1200)))),
        ],
        what,
    )
    .await;
    // Another peer is not blocked by them.
    applied(
        store,
        begin("b-4", "dave", time(1200), expect(None, None, time(0))),
        "a pending token of another peer",
    )
    .await;
    // A pending token expecting a registration that does not exist.
    refused_stale(
        store,
        begin("b-5", "erin", time(1200), expect(Some(7), None, time(0))),
        "erin",
        "a pending token expecting a registration",
        what,
    )
    .await;
}

async fn registration<S: CredentialsStore>(store: &S) {
    let what = "a registration";
    let setup = [
        issue("a-1", token_a("alice"), None),
        begin("b-1", "alice", time(600), expect(None, None, time(0))),
        issue("a-9", token_a("bob"), None),
    ];
    applied_all(store, setup, what).await;
    let alice = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    applied(
        store,
        save(&alice, "c-1", None, expect(None, Some("b-1"), time(1))),
        what,
    )
    .await;
    // Its tokens are exactly the current one: token A and the pending token are gone; the
    // other peer's token A stays.
    state_is(
        store,
        "alice",
        Some(&alice),
        &[
            ("c-1", Some(current(&alice))),
            ("a-1", None),
            ("b-1", None),
            ("a-9", Some(token_a("bob"))),
        ],
        what,
    )
    .await;
}

async fn stale_registrations_are_refused<S: CredentialsStore>(store: &S) {
    let what = "a stale change";
    let alice = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    // Expecting a registration where there is none.
    refused_stale(
        store,
        save(&alice, "c-1", None, expect(Some(1), None, time(0))),
        "alice",
        what,
        what,
    )
    .await;
    applied(store, register(&alice, "c-1", time(0)), what).await;
    let mut update = alice.clone();
    update.revision = Revision::from_u64(2);
    for (revision, why) in [
        (None, "expecting no registration"),
        (Some(2), "expecting another revision"),
        (Some(u64::MAX), "expecting another revision"),
    ] {
        refused_stale(
            store,
            update_with_grace(&update, "c-2", expect(revision, None, time(1))),
            "alice",
            why,
            &format!("{what}: {why}"),
        )
        .await;
    }
    // A pending token of another transition in flight.
    applied(
        store,
        begin("b-1", "alice", time(600), expect(Some(1), None, time(1))),
        what,
    )
    .await;
    refused_stale(
        store,
        update_with_grace(&update, "c-2", expect(Some(1), None, time(2))),
        "alice",
        "an update while another transition is in flight",
        what,
    )
    .await;
    // Stale wins over a taken claim (the state is checked first).
    let bob = peer("bob", 5, credentials("bob-c", &[("NL", "CPO", "CPO")]));
    refused_stale(
        store,
        save(&bob, "c-9", None, expect(Some(4), None, time(2))),
        "bob",
        "a stale change claiming a taken party",
        what,
    )
    .await;
    // Nothing of the refused changes was written.
    assert_eq!(stored(store, "bob").await, None, "{what}");
    state_is(
        store,
        "alice",
        Some(&alice),
        &[
            ("c-1", Some(current(&alice))),
            ("c-2", None),
            ("c-9", None),
            ("b-1", Some(pending("alice", time(600)))),
        ],
        what,
    )
    .await;
}

async fn update_rotates_the_current_token<S: CredentialsStore>(store: &S) {
    let what = "an update";
    let v1 = peer("alice", 1, credentials("alice-c1", &[("NL", "CPO", "CPO")]));
    // Another peer registered first: its current token is not the one the update replaces.
    let bob = peer("bob", 1, credentials("bob-c", &[("NL", "MSP", "EMSP")]));
    let setup = [
        register(&bob, "c-0", time(0)),
        register(&v1, "c-1", time(0)),
        begin("b-1", "alice", time(600), expect(Some(1), None, time(1))),
    ];
    applied_all(store, setup, what).await;
    let mut v2 = peer("alice", 2, credentials("alice-c2", &[("NL", "CPO", "CPO")]));
    v2.accept = AuthorizationMode::Plain;
    let grace = time(3600);
    applied(
        store,
        save(
            &v2,
            "b-1",
            Some(grace),
            expect(Some(1), Some("b-1"), time(2)),
        ),
        what,
    )
    .await;
    // The pending token became the current one; the replaced token is kept until the end of
    // its grace period, to the nanosecond.
    state_is(
        store,
        "alice",
        Some(&v2),
        &[
            ("b-1", Some(current(&v2))),
            ("c-1", Some(rotated(&v2, grace))),
            ("c-0", Some(current(&bob))),
        ],
        what,
    )
    .await;
    // A second update: only the token it replaces stays rotated.
    let v3 = peer("alice", 3, credentials("alice-c3", &[("NL", "CPO", "CPO")]));
    let later = time(7200);
    applied(
        store,
        save(&v3, "c-3", Some(later), expect(Some(2), None, time(3))),
        "a second update",
    )
    .await;
    tokens_are(
        store,
        &[
            ("c-3", Some(current(&v3))),
            ("b-1", Some(rotated(&v3, later))),
            ("c-1", None),
        ],
        "a second update",
    )
    .await;
    // An update without grace period: the replaced token is deleted.
    let v4 = peer("alice", 4, credentials("alice-c4", &[("NL", "CPO", "CPO")]));
    applied(
        store,
        save(&v4, "c-4", None, expect(Some(3), None, time(4))),
        "an update without grace period",
    )
    .await;
    tokens_are(
        store,
        &[("c-4", Some(current(&v4))), ("c-3", None), ("b-1", None)],
        "an update without grace period",
    )
    .await;
}

async fn terms_change_without_tokens<S: CredentialsStore>(store: &S) {
    let what = "new terms without new tokens";
    let v1 = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    let setup = [
        register(&v1, "c-1", time(0)),
        update_with_grace(&v1, "c-2", expect(Some(1), None, time(1))),
    ];
    applied_all(store, setup, what).await;
    let mut v2 = v1.clone();
    v2.revision = Revision::from_u64(2);
    v2.terms = PeerTerms::new(PartyGrant::Vetted).accepting(AuthorizationMode::Base64);
    applied(
        store,
        Change::SavePeer {
            peer: Box::new(v2.clone()),
            token: None,
            rotated_until: None,
            expect: expect(Some(1), None, time(2)),
        },
        what,
    )
    .await;
    state_is(
        store,
        "alice",
        Some(&v2),
        &[
            ("c-2", Some(current(&v1))),
            ("c-1", Some(rotated(&v1, time(3600)))),
        ],
        what,
    )
    .await;
}

async fn unregistration<S: CredentialsStore>(store: &S) {
    let what = "an unregistration";
    let alice = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    let bob = peer("bob", 2, credentials("bob-c", &[("NL", "MSP", "EMSP")]));
    let setup = [
        register(&alice, "c-1", time(0)),
        update_with_grace(&alice, "c-2", expect(Some(1), None, time(1))),
        begin("b-1", "alice", time(600), expect(Some(1), None, time(1))),
        issue("a-1", token_a("alice"), None),
        register(&bob, "c-9", time(0)),
    ];
    applied_all(store, setup, what).await;
    applied(store, Change::RemovePeer { peer: id("alice") }, what).await;
    state_is(
        store,
        "alice",
        None,
        &[
            ("c-1", None),
            ("c-2", None),
            ("b-1", None),
            ("a-1", None),
            ("c-9", Some(current(&bob))),
        ],
        what,
    )
    .await;
    assert_eq!(
        stored(store, "bob").await,
        Some(bob),
        "{what}: the other peer"
    );
    // Its claims are free again.
    let carol = peer("carol", 3, credentials("carol-c", &[("NL", "CPO", "CPO")]));
    applied(
        store,
        register(&carol, "c-5", time(2)),
        "claiming the unregistered peer's party",
    )
    .await;
}

async fn claims<S: CredentialsStore>(store: &S) {
    let cpo = |who: &str, rev: u64, roles: &[(&str, &str, &str)]| {
        peer(who, rev, credentials(&format!("{who}-c"), roles))
    };
    let taken = |claim: Claim, owner: &str| Conflict::Claimed {
        claim,
        owner: id(owner),
    };
    let new = |rev| expect(rev, None, time(0));

    let alice = cpo("alice", 1, &[("NL", "CPO", "CPO"), ("NL", "CPO", "EMSP")]);
    applied(store, save(&alice, "c-a", None, new(None)), "claims").await;
    // The same party and role, also written in lower case.
    for (cc, pid) in [("NL", "CPO"), ("nl", "cpo")] {
        let bob = cpo("bob", 2, &[("DE", "BOB", "CPO"), (cc, pid, "CPO")]);
        let conflict = refused(store, save(&bob, "c-b", None, new(None)), "a taken claim").await;
        assert_eq!(
            conflict,
            taken(Claim::new(party(cc, pid), Role::Cpo), "alice"),
            "a taken claim"
        );
    }
    // Another role of the same party is free.
    let bob = cpo("bob", 2, &[("NL", "CPO", "NSP")]);
    applied(store, save(&bob, "c-b", None, new(None)), "another role").await;
    // A 2.1.1 party (no role) overlaps every role of its party.
    let old = peer("old", 3, credentials_2_1_1("old-c", "NL", "CPO"));
    let conflict = refused(store, save(&old, "c-o", None, new(None)), "a 2.1.1 party").await;
    let Conflict::Claimed { claim, owner } = conflict else {
        panic!("a 2.1.1 party: {conflict:?}")
    };
    assert_eq!(
        claim,
        Claim {
            party: party("NL", "CPO"),
            role: None
        },
        "a 2.1.1 party"
    );
    assert!(
        owner == id("alice") || owner == id("bob"),
        "a 2.1.1 party: {owner}"
    );
    // And a registered 2.1.1 party is overlapped by any role of it.
    let old = peer("old", 3, credentials_2_1_1("old-c", "DE", "OLD"));
    applied(store, save(&old, "c-o", None, new(None)), "a 2.1.1 party").await;
    let dave = cpo("dave", 4, &[("DE", "OLD", "SCSP")]);
    let conflict = refused(store, save(&dave, "c-d", None, new(None)), "a 2.1.1 owner").await;
    assert_eq!(
        conflict,
        taken(Claim::new(party("DE", "OLD"), Role::Scsp), "old"),
        "a 2.1.1 owner"
    );
    // A peer's update keeps its own claims, and may drop some: then they are free.
    let alice2 = cpo("alice", 5, &[("NL", "CPO", "CPO")]);
    applied(
        store,
        save(&alice2, "c-a2", None, new(Some(1))),
        "an update keeping a claim",
    )
    .await;
    let erin = cpo("erin", 6, &[("NL", "CPO", "EMSP")]);
    applied(
        store,
        save(&erin, "c-e", None, new(None)),
        "a claim an update dropped",
    )
    .await;
    // A 2.3.0 Roaming Hub owns its own party only, not the parties it reaches.
    let hub = peer(
        "hub",
        7,
        credentials_hub(
            "hub-c",
            "NLHUB",
            &[("FR", "FAR", "CPO"), ("NL", "CPO", "CPO")],
        ),
    );
    applied(store, save(&hub, "c-h", None, new(None)), "a Roaming Hub").await;
    let far = cpo("far", 8, &[("FR", "FAR", "CPO")]);
    applied(
        store,
        save(&far, "c-f", None, new(None)),
        "a party a Hub reaches",
    )
    .await;
    let fake = cpo("fake", 9, &[("NL", "HUB", "HUB")]);
    let conflict = refused(store, save(&fake, "c-x", None, new(None)), "a Hub's party").await;
    assert_eq!(
        conflict,
        taken(Claim::new(party("NL", "HUB"), Role::Hub), "hub"),
        "a Hub's party"
    );
    // Nothing of the refused registrations was written.
    for name in ["fake", "dave"] {
        assert_eq!(stored(store, name).await, None, "a refused claim: {name}");
    }
    tokens_are(store, &[("c-x", None), ("c-d", None)], "a refused claim").await;
}

async fn every_credentials_version_and_field<S: CredentialsStore>(store: &S) {
    let what = "a registration kept field for field";
    let with_hub = credentials_hub("hub-c", "DEHUB", &[("DE", "ABC", "PTP")]);
    for (n, credentials) in [
        credentials("p-c", &[("NL", "ABC", "CPO"), ("NL", "ABC", "OTHER")]),
        credentials_2_1_1("q-c", "BE", "QQQ"),
        with_hub,
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("peer-{n}");
        let mut p = peer(&name, u64::MAX - n as u64, credentials);
        p.mode = AuthorizationMode::Base64ThenPlain;
        p.terms = PeerTerms::new(PartyGrant::Only(vec![
            Claim::new(party("NL", "ABC"), Role::Hub),
            Claim {
                party: party("be", "qqq"),
                role: None,
            },
        ]))
        .sending(AuthorizationMode::Base64)
        .accepting(AuthorizationMode::Plain)
        // The interop profile is kept too: each tolerance is on for one peer only (so a store
        // that loses one fails here whatever it does with the others), and none for the last.
        .with_interop(match n {
            0 => crate::interop::Interop {
                unpadded_date_times: true,
                trailing_slash_endpoints: true,
                ..crate::interop::Interop::strict()
            },
            1 => crate::interop::Interop {
                single_object_in_array: true,
                other_authorization_encoding: true,
                ..crate::interop::Interop::strict()
            },
            _ => crate::interop::Interop::strict(),
        });
        let text = format!("t-{n}");
        applied(store, register(&p, &text, time(0)), what).await;
        assert_eq!(stored(store, &name).await, Some(p.clone()), "{what}: {n}");
        tokens_are(store, &[(text.as_str(), Some(current(&p)))], what).await;
    }
    // Long tokens, and tokens that differ in one character only.
    let long = "x".repeat(64);
    let near = format!("{}y", "x".repeat(63));
    applied(store, issue(&long, token_a("alice"), None), what).await;
    tokens_are(
        store,
        &[
            (long.as_str(), Some(token_a("alice"))),
            (near.as_str(), None),
        ],
        "a 64-character token",
    )
    .await;
}

async fn platform_with_a_moving_clock<S: CredentialsStore + Sync>(store: S) {
    let what = "a platform authenticating against the store";
    let now = Arc::new(Mutex::new(time(0)));
    let clock = now.clone();
    let set = |secs: u64| *now.lock().unwrap_or_else(|e| e.into_inner()) = time(secs);
    let config = PlatformConfig::new(
        VersionsConfig {
            url: url("https://us.test/ocpi/versions"),
            versions: Vec::new(),
        },
        Vec::new(),
    );
    let offline = |_: http::Request<Vec<u8>>| async {
        Err::<http::Response<Vec<u8>>, _>(std::io::Error::other("no network in this check"))
    };
    let platform = Platform::new(config, store, offline)
        .with_clock(move || *clock.lock().unwrap_or_else(|e| e.into_inner()));
    let store = platform.store();
    let v1 = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    let v2 = peer("alice", 2, credentials("alice-c2", &[("NL", "CPO", "CPO")]));
    let setup = [
        register(&v1, "c-1", time(0)),
        save(&v2, "c-2", Some(time(100)), expect(Some(1), None, time(1))),
        begin("b-1", "alice", time(50), expect(Some(2), None, time(1))),
        issue("a-1", token_a("bob"), None),
    ];
    applied_all(store, setup, what).await;

    let platform = &platform;
    let call = |text: &str, module: &str, mode: AuthorizationMode| {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            authorization_header(&token(text), mode),
        );
        let module = module.to_owned();
        async move {
            platform
                .authenticate(&headers, &module)
                .await
                .map_err(|e| e.to_response().status().as_u16())
        }
    };
    let registered = Ok(Caller::Registered { peer: id("alice") });
    let pending_caller = Ok(Caller::Pending {
        peer: id("alice"),
        interop: pending_interop(),
    });
    let base64 = AuthorizationMode::Base64;
    set(10);
    assert_eq!(
        call("c-2", "credentials", base64).await,
        registered,
        "{what}"
    );
    // A token is accepted only written as its peer writes it (Base64 or as is).
    assert_eq!(
        call("a-1", "versions", AuthorizationMode::Plain).await,
        Ok(Caller::Registering {
            peer: id("bob"),
            terms: terms(&[party("NL", "CPO"), party("de", "mal")])
                .accepting(AuthorizationMode::Plain),
        }),
        "{what}: a token A"
    );
    assert_eq!(call("a-1", "versions", base64).await, Err(401), "{what}");
    assert_eq!(call("a-1", "locations", base64).await, Err(401), "{what}");
    // The rotated token opens the functional modules until its grace period ends.
    assert_eq!(call("c-1", "locations", base64).await, registered, "{what}");
    assert_eq!(call("c-1", "credentials", base64).await, Err(401), "{what}");
    assert_eq!(
        call("b-1", "versions", base64).await,
        pending_caller,
        "{what}: a pending token"
    );
    set(49);
    assert_eq!(
        call("b-1", "versions", base64).await,
        pending_caller,
        "{what}: a pending token"
    );
    set(50);
    assert_eq!(call("b-1", "versions", base64).await, Err(401), "{what}");
    set(99);
    assert_eq!(call("c-1", "locations", base64).await, registered, "{what}");
    set(100);
    assert_eq!(call("c-1", "locations", base64).await, Err(401), "{what}");
    assert_eq!(call("c-2", "locations", base64).await, registered, "{what}");
    assert_eq!(
        call("unknown", "versions", base64).await,
        Err(401),
        "{what}"
    );
}

async fn concurrent_transitions<S: CredentialsStore + Sync>(store: &S, round: u64) {
    let what = "concurrent transitions";
    let name = format!("peer-{round}");
    let v1 = peer(&name, 1, credentials("p-c", &[("NL", "CPO", "CPO")]));
    applied(store, register(&v1, "c-1", time(0)), what).await;
    let stale = Conflict::Stale(id(&name));

    // Two updates from the same state: one is applied, the other refused.
    let mut left = peer(&name, 2, credentials("left-c", &[("NL", "CPO", "CPO")]));
    let mut right = peer(&name, 3, credentials("right-c", &[("NL", "CPO", "CPO")]));
    left.mode = AuthorizationMode::Plain;
    right.mode = AuthorizationMode::Base64;
    let update = |p: &Peer, text: &str| update_with_grace(p, text, expect(Some(1), None, time(1)));
    let [l, r] = race(
        store,
        update(&left, "c-left"),
        update(&right, "c-right"),
        what,
    )
    .await;
    let (winner, won, lost) = match (&l, &r) {
        (Ok(()), Err(c)) if *c == stale => (left, "c-left", "c-right"),
        (Err(c), Ok(())) if *c == stale => (right, "c-right", "c-left"),
        _ => panic!("{what}: two updates from one state gave {l:?} and {r:?}"),
    };
    state_is(
        store,
        &name,
        Some(&winner),
        &[
            (won, Some(current(&winner))),
            (lost, None),
            ("c-1", Some(rotated(&winner, time(3600)))),
        ],
        what,
    )
    .await;

    // Two transitions started here at once: one pending token only.
    let revision = Some(winner.revision.as_u64());
    let outcomes = race(
        store,
        begin("b-left", &name, time(600), expect(revision, None, time(2))),
        begin("b-right", &name, time(600), expect(revision, None, time(2))),
        what,
    )
    .await;
    assert!(
        outcomes.contains(&Ok(())) && outcomes.contains(&Err(stale.clone())),
        "{what}: two pending tokens from one state gave {outcomes:?}"
    );

    // Two registrations of one new peer from the same token A.
    let newcomer = format!("new-{round}");
    let first = peer(&newcomer, 10, credentials("n1", &[("BE", "NEW", "EMSP")]));
    let second = peer(&newcomer, 11, credentials("n2", &[("BE", "NEW", "EMSP")]));
    let outcomes = race(
        store,
        register(&first, "c-n1", time(3)),
        register(&second, "c-n2", time(3)),
        what,
    )
    .await;
    let stale_newcomer = Err(Conflict::Stale(id(&newcomer)));
    assert!(
        outcomes.contains(&Ok(())) && outcomes.contains(&stale_newcomer),
        "{what}: two registrations of one peer gave {outcomes:?}"
    );
    let kept = stored(store, &newcomer).await;
    assert!(
        kept == Some(first) || kept == Some(second),
        "{what}: the registration kept"
    );

    // Two peers claiming one party at once.
    let (x, y) = (format!("x-{round}"), format!("y-{round}"));
    let px = peer(&x, 20, credentials("x-c", &[("DE", "TWO", "CPO")]));
    let py = peer(&y, 21, credentials("y-c", &[("DE", "TWO", "CPO")]));
    let [l, r] = race(
        store,
        register(&px, "c-x", time(4)),
        register(&py, "c-y", time(4)),
        what,
    )
    .await;
    let claim = Claim::new(party("DE", "TWO"), Role::Cpo);
    match (l, r) {
        (Ok(()), Err(Conflict::Claimed { claim: c, owner })) if owner == id(&x) => {
            assert_eq!(c, claim, "{what}");
            assert_eq!(stored(store, &y).await, None, "{what}");
        }
        (Err(Conflict::Claimed { claim: c, owner }), Ok(())) if owner == id(&y) => {
            assert_eq!(c, claim, "{what}");
            assert_eq!(stored(store, &x).await, None, "{what}");
        }
        outcomes => panic!("{what}: two peers claiming one party gave {outcomes:?}"),
    }
    // Leave the shared party free for the next round.
    for name in [&x, &y] {
        applied(store, Change::RemovePeer { peer: id(name) }, what).await;
    }
}

/// A transition to check a store's atomicity on: the changes that lead to the state before
/// it, the change, and what to look at.
struct Scenario {
    name: &'static str,
    setup: Vec<Change>,
    change: Change,
    probe: Probe,
}

impl Scenario {
    async fn prepare<S: CredentialsStore>(&self, store: &S) {
        applied_all(store, self.setup.iter().cloned(), self.name).await;
    }

    /// A new store in the state before the change, and that state.
    async fn prepared<S, F, Fut>(&self, new_store: &F) -> (S, Snapshot)
    where
        S: CredentialsStore,
        F: Fn() -> Fut,
        Fut: Future<Output = S>,
    {
        let store = new_store().await;
        self.prepare(&store).await;
        let before = self.probe.snapshot(&store).await;
        (store, before)
    }

    /// The state after the change, as a new store left alone reaches it.
    async fn state_after<S, F, Fut>(&self, new_store: &F) -> Snapshot
    where
        S: CredentialsStore,
        F: Fn() -> Fut,
        Fut: Future<Output = S>,
    {
        let (clean, _) = self.prepared(new_store).await;
        applied(&clean, self.change.clone(), self.name).await;
        self.probe.snapshot(&clean).await
    }
}

/// The peers and tokens whose records make up the state a scenario can change.
struct Probe {
    peers: Vec<&'static str>,
    tokens: Vec<&'static str>,
}

#[derive(Debug, PartialEq)]
struct Snapshot(Vec<Option<Peer>>, Vec<Option<TokenRecord>>);

impl Probe {
    async fn snapshot<S: CredentialsStore>(&self, store: &S) -> Snapshot {
        let mut peers = Vec::new();
        for name in &self.peers {
            peers.push(stored(store, name).await);
        }
        let mut tokens = Vec::new();
        for text in &self.tokens {
            tokens.push(record(store, text).await);
        }
        Snapshot(peers, tokens)
    }
}

fn scenarios() -> Vec<Scenario> {
    let v1 = peer("alice", 1, credentials("alice-c", &[("NL", "CPO", "CPO")]));
    let v2 = peer(
        "alice",
        2,
        credentials("alice-c2", &[("NL", "CPO", "EMSP"), ("NL", "CPX", "CPO")]),
    );
    let bob = peer("bob", 3, credentials("bob-c", &[("NL", "MSP", "EMSP")]));
    let probe = || Probe {
        peers: vec!["alice", "bob", "carol"],
        tokens: vec!["a-1", "b-1", "c-0", "c-1", "c-2", "c-b", "c-c"],
    };
    let registered = vec![
        register(&bob, "c-b", time(0)),
        register(&v1, "c-0", time(0)),
        update_with_grace(&v1, "c-1", expect(Some(1), None, time(1))),
    ];
    let carol = peer("carol", 4, credentials("carol-c", &[("NL", "CPO", "CPO")]));
    // The registered peer's next transition begun.
    let begun = begin("b-1", "alice", time(600), expect(Some(1), None, time(2)));
    // The registered peer, then more changes.
    let registered_then = |more: &[Change]| [registered.as_slice(), more].concat();
    vec![
        Scenario {
            name: "a registration",
            setup: vec![
                register(&bob, "c-b", time(0)),
                issue("a-1", token_a("alice"), None),
                begin("b-1", "alice", time(600), expect(None, None, time(0))),
            ],
            change: save(&v1, "c-1", None, expect(None, Some("b-1"), time(1))),
            probe: probe(),
        },
        Scenario {
            name: "an update",
            setup: registered_then(std::slice::from_ref(&begun)),
            change: save(
                &v2,
                "b-1",
                Some(time(7200)),
                expect(Some(1), Some("b-1"), time(3)),
            ),
            probe: probe(),
        },
        Scenario {
            name: "a registration claiming what an update freed",
            setup: registered_then(&[save(&v2, "c-2", None, expect(Some(1), None, time(2)))]),
            change: register(&carol, "c-c", time(3)),
            probe: probe(),
        },
        Scenario {
            name: "an unregistration",
            setup: registered_then(&[begun.clone(), issue("a-1", token_a("alice"), None)]),
            change: Change::RemovePeer { peer: id("alice") },
            probe: probe(),
        },
        Scenario {
            name: "a pending token",
            setup: registered,
            change: begun,
            probe: probe(),
        },
    ]
}

/// Drops the change's future after it has waited `waits` times, for every `waits` until it
/// finishes on its own: the store must then hold the state before or after it, and work.
async fn cancelled_part_way<S, F, Fut>(new_store: &F, scenario: &Scenario)
where
    S: CredentialsStore + Sync,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let what = scenario.name;
    let after = scenario.state_after(new_store).await;
    for waits in 0.. {
        assert!(waits < 1000, "{what}: the change waited 1000 times");
        let (store, before) = scenario.prepared(new_store).await;
        let finished = cancel_after(store.apply(scenario.change.clone()), waits).await;
        if let Some(result) = finished {
            ok(result, what).unwrap_or_else(|c| panic!("{what}: refused: {c}"));
            assert_eq!(scenario.probe.snapshot(&store).await, after, "{what}");
            break;
        }
        // A commit sent before the drop may land while the snapshot is read (it takes several
        // reads): a state that is neither must be gone on the next reads.
        let mut now = scenario.probe.snapshot(&store).await;
        for _ in 0..100 {
            if now == before || now == after {
                break;
            }
            now = scenario.probe.snapshot(&store).await;
        }
        assert!(
            now == before || now == after,
            "{what}: dropped after {waits} waits, the store holds neither the state before \
             nor the state after the change: {now:?}"
        );
        // The store keeps working.
        applied(
            &store,
            issue("a-after", token_a("zoe"), None),
            "a change after a cancelled one",
        )
        .await;
        tokens_are(&store, &[("a-after", Some(token_a("zoe")))], what).await;
    }
}

/// Runs `future` until it finishes (`Some`) or has waited `waits` times (then drops it:
/// `None`).
async fn cancel_after<F: Future>(future: F, waits: usize) -> Option<F::Output> {
    let mut future = Box::pin(future);
    let mut waited = 0;
    std::future::poll_fn(move |cx| match future.as_mut().poll(cx) {
        Poll::Ready(value) => Poll::Ready(Some(value)),
        Poll::Pending if waited == waits => Poll::Ready(None),
        Poll::Pending => {
            waited += 1;
            Poll::Pending
        }
    })
    .await
}
