//! The credentials stores: the conformance checks of `credentials::testkit` on every store
//! (and on broken stores, which must fail them), and what only a database has: files that
//! outlive the platform, schema versions, tokens at rest, rows damaged or written by newer
//! code, failures and lost connections part-way, and several instances of one platform on one
//! PostgreSQL database.
//!
//! The PostgreSQL tests run against the server at `OCPI_TEST_POSTGRES_URL` (`.ci/run` starts
//! one); without it they fail when `CI` is set, and are skipped otherwise.
#![allow(dead_code, unused_imports)]

#[path = "common/network.rs"]
mod network;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ocpi_protocol::credentials::{
    Change, CredentialsStore, Expect, MemoryStore, PartyGrant, Peer, PeerId, Revision, TokenKind,
    TokenRecord,
};
use ocpi_protocol::server::{Server, ServerBuilder};
use ocpi_protocol::transport::{authorization_header, AuthorizationMode, Transport};
use ocpi_protocol::types::{CredentialsToken, Url};
use ocpi_protocol::v2_3_0::credentials::Role;
use ocpi_protocol::versions::OcpiVersion;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type Handler =
    Arc<dyn Fn(http::Request<Vec<u8>>) -> BoxFuture<http::Response<Vec<u8>>> + Send + Sync>;

/// An in-process network where a host may be served by several instances of one platform,
/// taken in turn for each request (a load balancer).
#[derive(Clone, Default)]
struct Net {
    hosts: Arc<Mutex<HashMap<String, Vec<Handler>>>>,
    turn: Arc<AtomicUsize>,
}

impl Net {
    /// Adds an instance serving `host`.
    fn attach<S, T>(&self, host: &str, server: Arc<Server<S, T>>)
    where
        S: CredentialsStore + Send + Sync + 'static,
        T: Transport + Send + Sync + 'static,
    {
        let handler: Handler = Arc::new(move |request| {
            let server = server.clone();
            Box::pin(async move { server.handle(request).await })
        });
        let mut hosts = self.hosts.lock().unwrap();
        hosts.entry(host.to_owned()).or_default().push(handler);
    }

    /// Removes every instance of `host`.
    fn detach(&self, host: &str) {
        self.hosts.lock().unwrap().remove(host);
    }
}

impl Transport for Net {
    type Error = std::io::Error;

    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, std::io::Error>> + Send {
        let host = request.uri().host().unwrap_or_default().to_owned();
        let handler = {
            let hosts = self.hosts.lock().unwrap();
            hosts.get(&host).and_then(|instances| {
                let turn = self.turn.fetch_add(1, Ordering::Relaxed);
                instances.get(turn % instances.len()).cloned()
            })
        };
        async move {
            let handler = handler.ok_or_else(|| std::io::Error::other(format!("no {host}")))?;
            Ok(handler(request).await)
        }
    }
}

/// A GET of `url` with `token` written as 2.2.1 does: the HTTP status and the OCPI status.
async fn get(net: &Net, url: &str, token: &CredentialsToken) -> (u16, u64) {
    let mut request = http::Request::new(Vec::new());
    *request.uri_mut() = url.parse().unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        authorization_header(token, AuthorizationMode::Base64),
    );
    let response = net.send(request).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    (
        response.status().as_u16(),
        body["status_code"].as_u64().unwrap(),
    )
}

/// An eMSP at `{name}.test` acting for NL*`party`, in 2.2.1.
fn emsp_builder(name: &str, party: &str) -> ServerBuilder {
    let mut config = network::config(
        &format!("{name}.test"),
        Role::Emsp,
        network::party("NL", party),
    );
    config.versions = vec![OcpiVersion::V2_2_1];
    ServerBuilder::new(config).only_mounted()
}

/// Registers `emsp` (at `{name}.test`) at the CPO through `cpo`, the instance that issues the
/// token A.
async fn register<S, E>(
    cpo: &Server<S, Net>,
    name: &str,
    emsp: &Server<E, Net>,
) -> Result<Peer, ocpi_protocol::credentials::HandshakeError>
where
    S: CredentialsStore,
    E: CredentialsStore,
{
    let token_a = cpo
        .platform()
        .issue_token_a(
            PeerId::new(name),
            PartyGrant::exactly(&emsp.platform().config().credentials[0]),
        )
        .await?;
    emsp.platform()
        .register(
            PeerId::new("cpo"),
            token_a,
            Url::new("https://cpo.test/ocpi/versions").unwrap(),
            PartyGrant::exactly(&cpo.platform().config().credentials[0]),
        )
        .await
}

/// Checks that the CPO and an eMSP reach each other: the eMSP through every instance of the
/// CPO (`instances` calls, in turn), each CPO instance (`cpos`) the eMSP, with the tokens
/// their stores hold, which are each side's current token at the other.
async fn connected<S, E>(net: &Net, cpos: &[&Server<S, Net>], name: &str, emsp: &Server<E, Net>)
where
    S: CredentialsStore,
    E: CredentialsStore,
    S::Error: std::fmt::Debug,
    E::Error: std::fmt::Debug,
{
    let theirs = emsp
        .platform()
        .store()
        .peer(&PeerId::new("cpo"))
        .await
        .unwrap();
    let theirs = theirs.unwrap_or_else(|| panic!("{name} holds no registration"));
    for _ in 0..cpos.len() {
        let answer = get(
            net,
            "https://cpo.test/ocpi/2.2.1/credentials",
            theirs.credentials.token(),
        )
        .await;
        assert_eq!(answer, (200, 1000), "{name} calls the CPO");
    }
    for (n, cpo) in cpos.iter().enumerate() {
        let store = cpo.platform().store();
        let ours = store.peer(&PeerId::new(name)).await.unwrap();
        let ours = ours.unwrap_or_else(|| panic!("CPO {n} holds no registration of {name}"));
        let record = store.token(theirs.credentials.token()).await.unwrap();
        assert_eq!(
            record.map(|r| (r.peer, r.kind)),
            Some((PeerId::new(name), TokenKind::Current)),
            "the token {name} calls with, at CPO {n}"
        );
        let answer = get(
            net,
            &format!("https://{name}.test/ocpi/2.2.1/credentials"),
            ours.credentials.token(),
        )
        .await;
        assert_eq!(answer, (200, 1000), "CPO {n} calls {name}");
    }
}

// ---- the conformance checks ----

#[cfg(feature = "testkit")]
mod conformance {
    use super::*;
    use ocpi_protocol::credentials::{testkit, Claim, Conflict};
    use ocpi_protocol::transport::PartyRef;

    #[tokio::test]
    async fn the_memory_store_passes_the_checks() {
        testkit::check(|| async { MemoryStore::new() }).await;
    }

    /// How a broken store rewrites each change before the memory store applies it.
    type Rewrite = fn(Change) -> Vec<Change>;

    /// The changes as they are.
    const AS_IS: Rewrite = |change| vec![change];

    /// The rules a broken store breaks.
    #[derive(Clone, Copy)]
    struct Faults {
        /// How it rewrites each change.
        rewrite: Rewrite,
        /// Whether a change waits between its steps (a store whose change is several writes).
        wait: bool,
        /// Whether revoking a token or removing a peer it does not have is refused.
        refuse_unknown: bool,
        /// Whether it keeps peers in two shards, each checking the claims of its own peers
        /// only.
        sharded: bool,
        /// Whether it checks a transition's expected revision, waits, then writes (not in one
        /// atomic step), and how.
        racy: Option<Racy>,
    }

    /// How a store that checks, waits, then writes goes wrong when two transitions race.
    #[derive(Clone, Copy)]
    enum Racy {
        /// It writes whatever the state became meanwhile: both transitions win.
        BlindWrite,
        /// It reports a transition that lost the race as a taken claim, not as stale.
        LossAsClaim,
    }

    impl Faults {
        fn rewrite(rewrite: Rewrite) -> Self {
            Faults {
                rewrite,
                wait: false,
                refuse_unknown: false,
                sharded: false,
                racy: None,
            }
        }
    }

    /// A store that breaks one rule, over memory stores (one per shard).
    struct Broken {
        shards: [MemoryStore; 2],
        faults: Faults,
    }

    impl Broken {
        /// The shard of a peer: by the parity of its id's first byte when sharded.
        fn shard(&self, id: &PeerId) -> &MemoryStore {
            let first = id.as_str().bytes().next().unwrap_or(0);
            &self.shards[usize::from(self.faults.sharded && first % 2 == 1)]
        }

        /// Writes `step` to the shard of its peer (a revocation to every shard).
        async fn write(&self, step: Change) -> Result<(), Conflict> {
            let shard = match &step {
                Change::IssueToken { record, .. } => self.shard(&record.peer),
                Change::SavePeer { peer, .. } => self.shard(&peer.id),
                Change::RemovePeer { peer } => self.shard(peer),
                Change::RevokeToken { .. } => {
                    for shard in &self.shards {
                        shard.apply(step.clone()).await.unwrap()?;
                    }
                    return Ok(());
                }
            };
            shard.apply(step).await.unwrap()
        }

        /// Writes `step` as a store that checks the expected revision, waits, then writes.
        async fn racy(&self, step: Change, racy: Racy) -> Result<(), Conflict> {
            let (peer, expected) = match &step {
                Change::SavePeer { peer, expect, .. } => (peer.id.clone(), expect.revision),
                Change::IssueToken {
                    record,
                    expect: Some(expect),
                    ..
                } => (record.peer.clone(), expect.revision),
                _ => return self.write(step).await,
            };
            let revision = || async { self.peer(&peer).await.unwrap().map(|p| p.revision) };
            if revision().await != expected {
                return Err(Conflict::Stale(peer));
            }
            yield_once().await;
            let step = match (racy, step) {
                (
                    Racy::BlindWrite,
                    Change::SavePeer {
                        peer,
                        token,
                        rotated_until,
                        mut expect,
                    },
                ) => {
                    expect.revision = revision().await;
                    Change::SavePeer {
                        peer,
                        token,
                        rotated_until,
                        expect,
                    }
                }
                (_, step) => step,
            };
            match self.write(step).await {
                // Lost to a change written while it waited.
                Err(Conflict::Stale(_))
                    if matches!(racy, Racy::LossAsClaim) && revision().await != expected =>
                {
                    let party = PartyRef::new("NL".parse().unwrap(), "CPO".parse().unwrap());
                    Err(Conflict::Claimed {
                        claim: Claim::new(party, ocpi_protocol::types::Role::Cpo),
                        owner: peer,
                    })
                }
                other => other,
            }
        }

        /// Whether `step` removes or revokes what the store does not have.
        async fn unknown(&self, step: &Change) -> bool {
            match step {
                Change::RevokeToken { token } => self.token(token).await.unwrap().is_none(),
                Change::RemovePeer { peer } => self.peer(peer).await.unwrap().is_none(),
                _ => false,
            }
        }
    }

    impl CredentialsStore for Broken {
        type Error = std::convert::Infallible;

        async fn token(
            &self,
            token: &CredentialsToken,
        ) -> Result<Option<TokenRecord>, Self::Error> {
            for shard in &self.shards {
                if let Some(record) = shard.token(token).await? {
                    return Ok(Some(record));
                }
            }
            Ok(None)
        }

        async fn peer(&self, id: &PeerId) -> Result<Option<Peer>, Self::Error> {
            self.shard(id).peer(id).await
        }

        async fn apply(&self, change: Change) -> Result<Result<(), Conflict>, Self::Error> {
            for (n, step) in (self.faults.rewrite)(change).into_iter().enumerate() {
                if n > 0 && self.faults.wait {
                    yield_once().await;
                }
                if self.faults.refuse_unknown && self.unknown(&step).await {
                    return Ok(Err(Conflict::Stale(PeerId::new("unknown"))));
                }
                let applied = match self.faults.racy {
                    Some(racy) => self.racy(step, racy).await,
                    None => self.write(step).await,
                };
                if let Err(conflict) = applied {
                    return Ok(Err(conflict));
                }
            }
            Ok(Ok(()))
        }
    }

    /// Lets other futures run once.
    async fn yield_once() {
        let mut waited = false;
        std::future::poll_fn(|cx| {
            if waited {
                std::task::Poll::Ready(())
            } else {
                waited = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
    }

    /// Runs the checks on a store with `faults` in a thread of its own, and returns the message
    /// of the check that failed.
    fn failing(faults: Faults) -> String {
        let run = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            runtime.block_on(testkit::check(|| async move {
                Broken {
                    shards: [MemoryStore::new(), MemoryStore::new()],
                    faults,
                }
            }))
        });
        let payload = run.join().expect_err("a broken store passed the checks");
        payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default()
    }

    /// [`failing`] for a store that rewrites its changes (waiting between their steps if
    /// `wait`).
    fn failure(rewrite: Rewrite, wait: bool) -> String {
        failing(Faults {
            wait,
            ..Faults::rewrite(rewrite)
        })
    }

    /// Each rule the checks name is one that a store breaking it fails.
    #[test]
    fn broken_stores_fail_the_checks() {
        // No compare-and-swap: every change is applied as if the state were the expected one.
        let message = failure(
            |change| match change {
                Change::SavePeer {
                    peer,
                    token,
                    rotated_until,
                    mut expect,
                } => {
                    let first = Change::RemovePeer {
                        peer: peer.id.clone(),
                    };
                    expect.revision = None;
                    expect.pending = None;
                    expect.at = UNIX_EPOCH;
                    vec![
                        first,
                        Change::SavePeer {
                            peer,
                            token,
                            rotated_until,
                            expect,
                        },
                    ]
                }
                other => vec![other],
            },
            false,
        );
        assert!(message.contains("should have been refused"), "{message}");
        // No grace period: the replaced token is deleted.
        let message = failure(
            |change| match change {
                Change::SavePeer {
                    peer,
                    token,
                    expect,
                    ..
                } => vec![Change::SavePeer {
                    peer,
                    token,
                    rotated_until: None,
                    expect,
                }],
                other => vec![other],
            },
            false,
        );
        assert!(message.contains("update"), "{message}");
        // Times kept to the second only.
        let message = failure(
            |change| {
                pending_edited(change, |expires, _| {
                    let secs = expires.duration_since(UNIX_EPOCH).unwrap().as_secs();
                    *expires = UNIX_EPOCH + Duration::from_secs(secs);
                })
            },
            false,
        );
        assert!(message.contains("pending"), "{message}");
        // A store that ignores one kind of change fails the check of that change.
        let ignored: [(Rewrite, &str); 3] = [
            (
                |change| match change {
                    Change::RevokeToken { .. } => vec![],
                    other => vec![other],
                },
                "a revoked token A",
            ),
            (
                |change| match change {
                    Change::SavePeer { token: None, .. } => vec![],
                    other => vec![other],
                },
                "new terms without new tokens",
            ),
            (
                |change| match change {
                    Change::RemovePeer { .. } => vec![],
                    other => vec![other],
                },
                "an unregistration",
            ),
        ];
        for (rewrite, check) in ignored {
            let message = failure(rewrite, false);
            assert!(message.contains(check), "{check}: {message}");
        }
        // A store that forgets the interop profile of pending tokens.
        let message = failure(
            |change| {
                pending_edited(change, |_, interop| {
                    *interop = ocpi_protocol::interop::Interop::strict();
                })
            },
            false,
        );
        assert!(message.contains("pending"), "{message}");
        // A registration written in two steps, with a wait between them: dropped there, the
        // registration is stored without its token.
        let message = failure(two_steps, true);
        assert!(message.contains("dropped after 0 waits"), "{message}");
        // The same after a first write that changes nothing: dropped at its second wait.
        let message = failure(
            |change| {
                let nothing = Change::RevokeToken {
                    token: CredentialsToken::new("never-issued-either").unwrap(),
                };
                std::iter::once(nothing).chain(two_steps(change)).collect()
            },
            true,
        );
        assert!(message.contains("dropped after 1 waits"), "{message}");
        // A store that refuses to revoke or remove what it does not have.
        let message = failing(Faults {
            refuse_unknown: true,
            ..Faults::rewrite(AS_IS)
        });
        assert!(message.contains("revoking an unknown token"), "{message}");
        // A store that keeps the pending token of a registration (as a token A).
        let message = failure(
            |change| {
                let kept = match &change {
                    Change::SavePeer {
                        peer,
                        token: Some(_),
                        expect,
                        ..
                    } => expect.pending.clone().map(|pending| Change::IssueToken {
                        token: pending,
                        record: TokenRecord {
                            peer: peer.id.clone(),
                            kind: TokenKind::RegistrationA {
                                terms: peer.terms.clone(),
                            },
                            mode: peer.mode,
                        },
                        expect: None,
                    }),
                    _ => None,
                };
                std::iter::once(change).chain(kept).collect()
            },
            false,
        );
        assert!(
            message.contains("a registration: the record of token \"b-1\""),
            "{message}"
        );
        // A store whose shards check the claims of their own peers only.
        let message = failing(Faults {
            sharded: true,
            ..Faults::rewrite(AS_IS)
        });
        assert!(message.contains("a taken claim"), "{message}");
        // Stores that lose one tolerance of a peer's interop profile.
        let lost: [Rewrite; 4] = [
            |change| saved_edited(change, |p| p.terms.interop.unpadded_date_times = false),
            |change| saved_edited(change, |p| p.terms.interop.trailing_slash_endpoints = false),
            |change| saved_edited(change, |p| p.terms.interop.single_object_in_array = false),
            |change| {
                saved_edited(change, |p| {
                    p.terms.interop.other_authorization_encoding = false;
                })
            },
        ];
        for rewrite in lost {
            let message = failure(rewrite, false);
            assert!(message.contains("kept field for field"), "{message}");
        }
        // Stores that check, wait, then write: two racing updates both win, or the loser is
        // told its claim is taken.
        for (racy, check) in [
            (
                Racy::BlindWrite,
                "two updates from one state gave Ok(()) and Ok(())",
            ),
            (
                Racy::LossAsClaim,
                "two updates from one state gave Ok(()) and Err(Claimed",
            ),
        ] {
            let message = failing(Faults {
                racy: Some(racy),
                ..Faults::rewrite(AS_IS)
            });
            assert!(message.contains(check), "{message}");
        }
    }

    /// The change, with the expiry and interop profile of a pending token it issues edited.
    fn pending_edited(
        change: Change,
        edit: fn(&mut SystemTime, &mut ocpi_protocol::interop::Interop),
    ) -> Vec<Change> {
        match change {
            Change::IssueToken {
                token,
                mut record,
                expect,
            } => {
                if let TokenKind::Pending { expires, interop } = &mut record.kind {
                    edit(expires, interop);
                }
                vec![Change::IssueToken {
                    token,
                    record,
                    expect,
                }]
            }
            other => vec![other],
        }
    }

    /// The change, with the registration it saves edited.
    fn saved_edited(change: Change, edit: fn(&mut Peer)) -> Vec<Change> {
        match change {
            Change::SavePeer {
                mut peer,
                token,
                rotated_until,
                expect,
            } => {
                edit(&mut peer);
                vec![Change::SavePeer {
                    peer,
                    token,
                    rotated_until,
                    expect,
                }]
            }
            other => vec![other],
        }
    }

    /// A registration or update written in two changes: the registration, then its tokens.
    fn two_steps(change: Change) -> Vec<Change> {
        match change {
            Change::SavePeer {
                peer,
                token: Some(token),
                rotated_until,
                expect,
            } => {
                let then = Expect {
                    revision: Some(peer.revision),
                    ..expect.clone()
                };
                vec![
                    Change::SavePeer {
                        peer: peer.clone(),
                        token: None,
                        rotated_until: None,
                        expect,
                    },
                    Change::SavePeer {
                        peer,
                        token: Some(token),
                        rotated_until,
                        expect: then,
                    },
                ]
            }
            other => vec![other],
        }
    }

    /// The atomicity check fails a store whose change is two writes, when the second fails.
    #[test]
    fn a_store_failing_between_two_writes_fails_the_atomicity_check() {
        struct Faulty {
            inner: MemoryStore,
            fail_from: Mutex<Option<usize>>,
        }
        #[derive(Debug, thiserror::Error)]
        #[error("injected")]
        struct Injected;
        impl CredentialsStore for Faulty {
            type Error = Injected;
            async fn token(
                &self,
                token: &CredentialsToken,
            ) -> Result<Option<TokenRecord>, Injected> {
                Ok(self.inner.token(token).await.unwrap())
            }
            async fn peer(&self, id: &PeerId) -> Result<Option<Peer>, Injected> {
                Ok(self.inner.peer(id).await.unwrap())
            }
            async fn apply(&self, change: Change) -> Result<Result<(), Conflict>, Injected> {
                for step in two_steps(change) {
                    let fail = {
                        let mut fail_from = self.fail_from.lock().unwrap();
                        let fail = *fail_from == Some(0);
                        *fail_from = fail_from.map(|n| n.saturating_sub(1));
                        fail
                    };
                    if fail {
                        return Err(Injected);
                    }
                    if let Err(c) = self.inner.apply(step).await.unwrap() {
                        return Ok(Err(c));
                    }
                }
                Ok(Ok(()))
            }
        }
        let run = std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            runtime.block_on(testkit::check_atomicity(
                || async {
                    Faulty {
                        inner: MemoryStore::new(),
                        fail_from: Mutex::new(None),
                    }
                },
                |store: &Faulty, n| {
                    *store.fail_from.lock().unwrap() = n;
                    Box::pin(async {})
                },
            ))
        });
        let payload = run.join().expect_err("a store writing in two steps passed");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(message.contains("left something written"), "{message}");
    }
}

// ---- SQLite ----

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;
    use ocpi_protocol::credentials::sqlx;
    use ocpi_protocol::credentials::{SqliteStore, StoreError};

    /// A new directory for this test's database files.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ocpi-stores-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    async fn exec(store: &SqliteStore, sql: &str) {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }

    #[cfg(feature = "testkit")]
    #[tokio::test]
    async fn sqlite_in_memory_passes_the_checks() {
        ocpi_protocol::credentials::testkit::check(|| async {
            SqliteStore::in_memory().await.unwrap()
        })
        .await;
    }

    /// On files, with a pool of connections: the changes race for SQLite's write lock.
    #[cfg(feature = "testkit")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_files_pass_the_checks() {
        let dir = scratch("checks");
        let count = AtomicUsize::new(0);
        ocpi_protocol::credentials::testkit::check(|| {
            let path = dir.join(format!("{}.db", count.fetch_add(1, Ordering::Relaxed)));
            async move { SqliteStore::open(path).await.unwrap() }
        })
        .await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Makes the store's row writes fail from the `n`-th on: a trigger on every table raises
    /// an error (SQLite's `RAISE(ABORT)`), as a full disk or a constraint would.
    async fn fail_at(store: &SqliteStore, n: Option<usize>) {
        exec(
            store,
            "CREATE TABLE IF NOT EXISTS test_fault (remaining INTEGER)",
        )
        .await;
        for table in ["ocpi_peers", "ocpi_tokens", "ocpi_claims"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                exec(
                    store,
                    &format!(
                        "CREATE TRIGGER IF NOT EXISTS test_fault_{table}_{event}
                         BEFORE {event} ON {table} BEGIN
                           SELECT RAISE(ABORT, 'injected failure')
                             WHERE (SELECT remaining FROM test_fault) = 0;
                           UPDATE test_fault SET remaining = remaining - 1 WHERE remaining > 0;
                         END"
                    ),
                )
                .await;
            }
        }
        exec(store, "DELETE FROM test_fault").await;
        let remaining = n.map_or("NULL".to_owned(), |n| n.to_string());
        exec(
            store,
            &format!("INSERT INTO test_fault (remaining) VALUES ({remaining})"),
        )
        .await;
    }

    #[cfg(feature = "testkit")]
    #[tokio::test]
    async fn sqlite_changes_that_fail_part_way_leave_nothing() {
        ocpi_protocol::credentials::testkit::check_atomicity(
            || async { SqliteStore::in_memory().await.unwrap() },
            |store, n| Box::pin(fail_at(store, n)),
        )
        .await;
    }

    /// A platform registers a peer, is dropped, is built again on the same file, and serves the
    /// peer's next requests with its token; both sides can update after the restart.
    #[tokio::test]
    async fn a_platform_restarted_on_its_file_serves_its_peers() {
        let dir = scratch("restart");
        let path = dir.join("cpo.db");
        let net = Net::default();
        let emsp = Arc::new(
            emsp_builder("emsp", "MSP")
                .build(MemoryStore::new(), net.clone())
                .unwrap(),
        );
        net.attach("emsp.test", emsp.clone());
        let cpo_store = SqliteStore::open(&path).await.unwrap();
        let cpo = Arc::new(
            network::cpo_builder()
                .build(cpo_store, net.clone())
                .unwrap(),
        );
        net.attach("cpo.test", cpo.clone());
        register(&cpo, "emsp", &emsp).await.unwrap();
        connected(&net, &[&*cpo], "emsp", &emsp).await;

        // The CPO stops: its server and store are dropped, the file closed.
        net.detach("cpo.test");
        let pool = cpo.platform().store().pool().clone();
        drop(cpo);
        pool.close().await;
        drop(pool);
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = "https://cpo.test/ocpi/versions".parse().unwrap();
        assert!(net.send(request).await.is_err(), "the CPO is down");

        // It starts again on the same file, and serves the eMSP with the token it holds.
        let cpo_store = SqliteStore::open(&path).await.unwrap();
        let cpo = Arc::new(
            network::cpo_builder()
                .build(cpo_store, net.clone())
                .unwrap(),
        );
        net.attach("cpo.test", cpo.clone());
        connected(&net, &[&*cpo], "emsp", &emsp).await;
        // Both sides update after the restart: the stored state is whole.
        emsp.platform().update(&PeerId::new("cpo")).await.unwrap();
        connected(&net, &[&*cpo], "emsp", &emsp).await;
        cpo.platform().update(&PeerId::new("emsp")).await.unwrap();
        connected(&net, &[&*cpo], "emsp", &emsp).await;
        cpo.platform().store().pool().close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The tokens the platform issued are not in the database's files, only their hashes; the
    /// peer's token is, to call it with.
    #[tokio::test]
    async fn issued_tokens_are_kept_as_hashes() {
        let dir = scratch("at-rest");
        let path = dir.join("cpo.db");
        let net = Net::default();
        let emsp = Arc::new(
            emsp_builder("emsp", "MSP")
                .build(MemoryStore::new(), net.clone())
                .unwrap(),
        );
        net.attach("emsp.test", emsp.clone());
        let cpo_store = SqliteStore::open(&path).await.unwrap();
        let cpo = Arc::new(
            network::cpo_builder()
                .build(cpo_store, net.clone())
                .unwrap(),
        );
        net.attach("cpo.test", cpo.clone());
        register(&cpo, "emsp", &emsp).await.unwrap();
        let store = cpo.platform().store();
        // A token A issued for another peer, and one replaced by an update (rotated).
        let token_a = cpo
            .platform()
            .issue_token_a(PeerId::new("later"), PartyGrant::Vetted)
            .await
            .unwrap();
        let before = emsp
            .platform()
            .store()
            .peer(&PeerId::new("cpo"))
            .await
            .unwrap();
        let rotated = before.unwrap().credentials.token().clone();
        emsp.platform().update(&PeerId::new("cpo")).await.unwrap();
        let theirs = emsp
            .platform()
            .store()
            .peer(&PeerId::new("cpo"))
            .await
            .unwrap();
        let current = theirs.unwrap().credentials.token().clone();
        let ours = store.peer(&PeerId::new("emsp")).await.unwrap().unwrap();
        let peer_token = ours.credentials.token().clone();

        let hashes: Vec<String> = sqlx::query_scalar("SELECT hash FROM ocpi_tokens ORDER BY hash")
            .fetch_all(store.pool())
            .await
            .unwrap();
        use sha2::Digest;
        let hex = |t: &CredentialsToken| {
            sha2::Sha256::digest(t.expose().as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let mut expected = vec![hex(&token_a), hex(&rotated), hex(&current)];
        expected.sort();
        assert_eq!(hashes, expected);
        // Every byte the database wrote: its file and its write-ahead log.
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        for (name, token) in [
            ("A", &token_a),
            ("rotated", &rotated),
            ("current", &current),
        ] {
            assert!(
                !contains(token.expose()),
                "the {name} token is in the files"
            );
        }
        assert!(contains(peer_token.expose()), "the peer's token is kept");
        assert!(contains(&hex(&current)));
        // Nor in what the store prints.
        let printed = format!("{store:?} {:?}", store.token(&current).await);
        assert!(!printed.contains(current.expose()), "{printed}");
        store.pool().close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A database migrated by newer code is refused, when opened and by a store that was
    /// running when it was migrated; nothing is written.
    #[tokio::test]
    async fn a_newer_schema_is_a_typed_error() {
        let dir = scratch("schema");
        let path = dir.join("cpo.db");
        let store = SqliteStore::open(&path).await.unwrap();
        exec(&store, "UPDATE ocpi_schema SET version = 2").await;
        let change = Change::IssueToken {
            token: CredentialsToken::new("a").unwrap(),
            record: TokenRecord {
                peer: PeerId::new("p"),
                kind: TokenKind::Current,
                mode: AuthorizationMode::Base64,
            },
            expect: None,
        };
        let newer = |e: StoreError| matches!(e, StoreError::NewerSchema { found: 2, known: 1 });
        assert!(newer(store.apply(change.clone()).await.unwrap_err()));
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM ocpi_tokens")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(count, 0, "nothing written");
        store.pool().close().await;
        let error = SqliteStore::open(&path).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "the credentials schema of the database is version 2, newer than the 1 this code knows"
        );
        assert!(newer(error));
        // Opening it again migrates nothing and keeps the rows.
        let dir2 = scratch("schema-again");
        let path2 = dir2.join("cpo.db");
        let store = SqliteStore::open(&path2).await.unwrap();
        assert!(store.apply(change.clone()).await.unwrap().is_ok());
        store.pool().close().await;
        let store = SqliteStore::open(&path2).await.unwrap();
        assert!(store
            .token(&CredentialsToken::new("a").unwrap())
            .await
            .unwrap()
            .is_some());
        store.pool().close().await;
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&dir2).unwrap();
    }

    /// A token stored already is refused as a duplicate, and the first one keeps its
    /// meaning; another failure of the insert is a database error, not a duplicate.
    #[tokio::test]
    async fn a_duplicate_token_is_refused() {
        let store = SqliteStore::in_memory().await.unwrap();
        let token = CredentialsToken::new("a-1").unwrap();
        let issue = |peer: &str| Change::IssueToken {
            token: token.clone(),
            record: TokenRecord {
                peer: PeerId::new(peer),
                kind: TokenKind::Current,
                mode: AuthorizationMode::Base64,
            },
            expect: None,
        };
        store.apply(issue("p")).await.unwrap().unwrap();
        let error = store.apply(issue("q")).await.unwrap_err();
        assert!(matches!(error, StoreError::DuplicateToken), "{error:?}");
        let record = store.token(&token).await.unwrap().unwrap();
        assert_eq!(record.peer, PeerId::new("p"));

        exec(&store, "DROP TABLE ocpi_tokens").await;
        let error = store.apply(issue("r")).await.unwrap_err();
        assert!(matches!(error, StoreError::Database(_)), "{error:?}");
    }

    /// Damaged rows are typed errors naming the table and column, never the value, and a
    /// change that meets one writes nothing.
    #[tokio::test]
    async fn damaged_rows_are_typed_errors() {
        let store = SqliteStore::in_memory().await.unwrap();
        let token = |t: &str| CredentialsToken::new(t).unwrap();
        let pending = |t: &str, peer: &str| Change::IssueToken {
            token: token(t),
            record: TokenRecord {
                peer: PeerId::new(peer),
                kind: TokenKind::Pending {
                    expires: UNIX_EPOCH + Duration::from_secs(2_000_000_000),
                    interop: ocpi_protocol::interop::Interop::strict(),
                },
                mode: AuthorizationMode::Base64,
            },
            expect: Some(Expect {
                revision: None,
                pending: None,
                at: UNIX_EPOCH + Duration::from_secs(1_000_000_000),
            }),
        };
        store.apply(pending("b-1", "p")).await.unwrap().unwrap();
        // A kind this code does not know.
        exec(&store, "UPDATE ocpi_tokens SET kind = 'frozen'").await;
        let error = store.token(&token("b-1")).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "a stored value cannot be read: ocpi_tokens.kind: not a kind of token"
        );
        // A damaged hash of a pending token: the next transition of its peer stops.
        exec(
            &store,
            "UPDATE ocpi_tokens SET kind = 'pending', hash = 'not a hash'",
        )
        .await;
        let error = store.apply(pending("b-2", "p")).await.unwrap_err();
        assert!(
            matches!(
                error,
                StoreError::Corrupt {
                    table: "ocpi_tokens",
                    column: "hash",
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(
            store.token(&token("b-2")).await.unwrap(),
            None,
            "nothing written"
        );
        // A damaged registration.
        let credentials = ocpi_protocol::credentials::AnyCredentials::parse(
            OcpiVersion::V2_2_1,
            br#"{"token": "their-secret", "url": "https://p.test/ocpi/versions", "roles": [
                {"role": "CPO", "business_details": {"name": "P"}, "party_id": "PPP",
                 "country_code": "NL"}]}"#,
        )
        .unwrap();
        let peer = Peer {
            id: PeerId::new("q"),
            version: OcpiVersion::V2_2_1,
            mode: AuthorizationMode::Base64,
            accept: AuthorizationMode::Base64,
            revision: Revision::from_u64(9),
            terms: PartyGrant::exactly(&credentials).into(),
            credentials,
            endpoints: Vec::new(),
        };
        store
            .apply(Change::SavePeer {
                peer: Box::new(peer.clone()),
                token: Some(token("c-1")),
                rotated_until: None,
                expect: Expect {
                    revision: None,
                    pending: None,
                    at: UNIX_EPOCH,
                },
            })
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.peer(&peer.id).await.unwrap(), Some(peer.clone()));
        exec(
            &store,
            "UPDATE ocpi_peers SET credentials = replace(credentials, '\"roles\"', '\"rolls\"')",
        )
        .await;
        let error = store.peer(&peer.id).await.unwrap_err();
        assert!(
            !format!("{error} {error:?}").contains("their-secret"),
            "{error:?}"
        );
        assert!(
            matches!(
                error,
                StoreError::Corrupt {
                    column: "credentials",
                    ..
                }
            ),
            "{error}"
        );
        exec(&store, "UPDATE ocpi_peers SET version = '9.9'").await;
        let error = store.peer(&peer.id).await.unwrap_err();
        assert!(
            matches!(
                error,
                StoreError::Corrupt {
                    column: "version",
                    ..
                }
            ),
            "{error}"
        );
    }
}

// ---- PostgreSQL ----

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use ocpi_protocol::credentials::sqlx;
    use ocpi_protocol::credentials::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use ocpi_protocol::credentials::{Conflict, PostgresStore, StoreError};

    /// The server's URL, or `None` (the test is skipped) when it is not set outside CI.
    fn server() -> Option<String> {
        match std::env::var("OCPI_TEST_POSTGRES_URL") {
            Ok(url) => Some(url),
            Err(_) if std::env::var_os("CI").is_some() => {
                panic!("OCPI_TEST_POSTGRES_URL is not set: CI must test the PostgreSQL store")
            }
            Err(_) => {
                eprintln!("skipped: set OCPI_TEST_POSTGRES_URL");
                None
            }
        }
    }

    /// A new, empty schema of the server, for one test's stores (several stores on one schema
    /// are instances of one platform on one database).
    struct Schema {
        url: String,
        name: String,
    }

    static SCHEMAS: AtomicUsize = AtomicUsize::new(0);

    impl Schema {
        async fn new(url: &str) -> Schema {
            let name = format!(
                "ocpi_test_{}_{}",
                std::process::id(),
                SCHEMAS.fetch_add(1, Ordering::Relaxed)
            );
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect(url)
                .await
                .unwrap();
            sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
            sqlx::query(&format!("CREATE SCHEMA {name}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            Schema {
                url: url.to_owned(),
                name,
            }
        }

        /// A store on the schema: a pool of its own, as another instance has.
        async fn store(&self) -> PostgresStore {
            let options: PgConnectOptions = self.url.parse().unwrap();
            let options = options.options([("search_path", self.name.as_str())]);
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
                .unwrap();
            PostgresStore::from_pool(pool).await.unwrap()
        }

        async fn drop_it(self) {
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect(&self.url)
                .await
                .unwrap();
            sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
        }
    }

    async fn exec(store: &PostgresStore, sql: &str) {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }

    #[cfg(feature = "testkit")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_passes_the_checks() {
        let Some(url) = server() else { return };
        let schemas = Mutex::new(Vec::new());
        ocpi_protocol::credentials::testkit::check(|| async {
            let schema = Schema::new(&url).await;
            let store = schema.store().await;
            schemas.lock().unwrap().push(schema);
            store
        })
        .await;
        for schema in schemas.into_inner().unwrap() {
            schema.drop_it().await;
        }
    }

    /// Makes the store's row writes fail from the `n`-th on: a trigger on every table ends
    /// its own connection (`pg_terminate_backend`), as a connection lost mid-transaction.
    async fn fail_at(store: &PostgresStore, n: Option<usize>) {
        exec(
            store,
            "CREATE TABLE IF NOT EXISTS test_fault (remaining INTEGER)",
        )
        .await;
        exec(
            store,
            "CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger AS $$
             BEGIN
               IF (SELECT remaining FROM test_fault) = 0 THEN
                 PERFORM pg_terminate_backend(pg_backend_pid());
               END IF;
               UPDATE test_fault SET remaining = remaining - 1 WHERE remaining > 0;
               RETURN NULL;
             END $$ LANGUAGE plpgsql",
        )
        .await;
        for table in ["ocpi_peers", "ocpi_tokens", "ocpi_claims"] {
            exec(
                store,
                &format!(
                    "CREATE OR REPLACE TRIGGER test_fault_{table}
                     AFTER INSERT OR UPDATE OR DELETE ON {table}
                     FOR EACH ROW EXECUTE FUNCTION test_fault()"
                ),
            )
            .await;
        }
        exec(store, "DELETE FROM test_fault").await;
        let remaining = n.map_or("NULL".to_owned(), |n| n.to_string());
        exec(
            store,
            &format!("INSERT INTO test_fault (remaining) VALUES ({remaining})"),
        )
        .await;
    }

    #[cfg(feature = "testkit")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_changes_that_lose_their_connection_leave_nothing() {
        let Some(url) = server() else { return };
        let schemas = Mutex::new(Vec::new());
        ocpi_protocol::credentials::testkit::check_atomicity(
            || async {
                let schema = Schema::new(&url).await;
                let store = schema.store().await;
                schemas.lock().unwrap().push(schema);
                store
            },
            |store, n| Box::pin(fail_at(store, n)),
        )
        .await;
        for schema in schemas.into_inner().unwrap() {
            schema.drop_it().await;
        }
    }

    /// The connection lost is a typed error, and the store's next change works.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_lost_connection_is_a_typed_error() {
        let Some(url) = server() else { return };
        let schema = Schema::new(&url).await;
        let store = schema.store().await;
        fail_at(&store, Some(0)).await;
        let change = |t: &str| Change::IssueToken {
            token: CredentialsToken::new(t).unwrap(),
            record: TokenRecord {
                peer: PeerId::new("p"),
                kind: TokenKind::Current,
                mode: AuthorizationMode::Base64,
            },
            expect: None,
        };
        let error = store.apply(change("lost")).await.unwrap_err();
        assert!(matches!(error, StoreError::Database(_)), "{error:?}");
        assert!(
            error.to_string().starts_with("the database failed"),
            "{error}"
        );
        fail_at(&store, None).await;
        store.apply(change("kept")).await.unwrap().unwrap();
        let token = |t: &str| CredentialsToken::new(t).unwrap();
        assert_eq!(store.token(&token("lost")).await.unwrap(), None);
        assert!(store.token(&token("kept")).await.unwrap().is_some());
        store.pool().close().await;
        schema.drop_it().await;
    }

    /// Two instances (two pools on one database) racing transitions of one peer, and two
    /// peers' registrations claiming one party: the database decides, exactly one wins.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_never_both_win() {
        let Some(url) = server() else { return };
        let schema = Schema::new(&url).await;
        let (one, two) = (
            Arc::new(schema.store().await),
            Arc::new(schema.store().await),
        );
        let credentials = |token: &str, party: &str| {
            ocpi_protocol::credentials::AnyCredentials::parse(
                OcpiVersion::V2_2_1,
                format!(
                    r#"{{"token": "{token}", "url": "https://p.test/ocpi/versions", "roles": [
                    {{"role": "CPO", "business_details": {{"name": "P"}}, "party_id": "{party}",
                     "country_code": "NL"}}]}}"#
                )
                .as_bytes(),
            )
            .unwrap()
        };
        let peer = |name: &str, revision: u64, party: &str| {
            let credentials = credentials(&format!("{name}-{revision}"), party);
            Peer {
                id: PeerId::new(name),
                version: OcpiVersion::V2_2_1,
                mode: AuthorizationMode::Base64,
                accept: AuthorizationMode::Base64,
                revision: Revision::from_u64(revision),
                terms: PartyGrant::exactly(&credentials).into(),
                credentials,
                endpoints: Vec::new(),
            }
        };
        let save = |peer: Peer, token: String, revision: Option<u64>| Change::SavePeer {
            peer: Box::new(peer),
            token: Some(CredentialsToken::new(&token).unwrap()),
            rotated_until: Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
            expect: Expect {
                revision: revision.map(Revision::from_u64),
                pending: None,
                at: UNIX_EPOCH + Duration::from_secs(1_000_000_000),
            },
        };
        one.apply(save(peer("p", 0, "AAA"), "c-0".into(), None))
            .await
            .unwrap()
            .unwrap();
        for round in 1..=20u64 {
            let (a, b) = (one.clone(), two.clone());
            let left = save(
                peer("p", 2 * round, "AAA"),
                format!("l-{round}"),
                Some(2 * round - 2),
            );
            let right = save(
                peer("p", 2 * round + 1, "AAA"),
                format!("r-{round}"),
                Some(2 * round - 2),
            );
            let left = tokio::spawn(async move { a.apply(left).await.unwrap() });
            let right = tokio::spawn(async move { b.apply(right).await.unwrap() });
            let outcomes = [left.await.unwrap(), right.await.unwrap()];
            let stale = Err(Conflict::Stale(PeerId::new("p")));
            assert!(
                outcomes.contains(&Ok(())) && outcomes.contains(&stale),
                "round {round}: {outcomes:?}"
            );
            // The loser's revision is not stored: make the winner's the even one.
            let stored = two.peer(&PeerId::new("p")).await.unwrap().unwrap();
            if stored.revision.as_u64() != 2 * round {
                let fix = save(
                    peer("p", 2 * round, "AAA"),
                    format!("f-{round}"),
                    Some(2 * round + 1),
                );
                one.apply(fix).await.unwrap().unwrap();
            }

            // Two new peers claiming one party, one through each instance.
            let (a, b) = (one.clone(), two.clone());
            let party = format!("P{round:02}");
            let x = save(
                peer(&format!("x{round}"), 1, &party),
                format!("x-{round}"),
                None,
            );
            let y = save(
                peer(&format!("y{round}"), 1, &party),
                format!("y-{round}"),
                None,
            );
            let x = tokio::spawn(async move { a.apply(x).await.unwrap() });
            let y = tokio::spawn(async move { b.apply(y).await.unwrap() });
            let outcomes = [x.await.unwrap(), y.await.unwrap()];
            let claimed = outcomes
                .iter()
                .filter(|o| matches!(o, Err(Conflict::Claimed { .. })))
                .count();
            assert!(
                outcomes.contains(&Ok(())) && claimed == 1,
                "round {round}: {outcomes:?}"
            );
        }
        one.pool().close().await;
        two.pool().close().await;
        schema.drop_it().await;
    }

    /// A database migrated by newer code is refused, also by an instance that was running.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_newer_schema_is_a_typed_error() {
        let Some(url) = server() else { return };
        let schema = Schema::new(&url).await;
        let running = schema.store().await;
        // Instances starting together migrate one after the other.
        let (a, b) = tokio::join!(schema.store(), schema.store());
        for store in [&a, &b] {
            assert_eq!(store.peer(&PeerId::new("p")).await.unwrap(), None);
        }
        exec(&running, "UPDATE ocpi_schema SET version = 7").await;
        let change = Change::IssueToken {
            token: CredentialsToken::new("t").unwrap(),
            record: TokenRecord {
                peer: PeerId::new("p"),
                kind: TokenKind::Current,
                mode: AuthorizationMode::Base64,
            },
            expect: None,
        };
        let error = running.apply(change).await.unwrap_err();
        assert!(
            matches!(error, StoreError::NewerSchema { found: 7, known: 1 }),
            "{error:?}"
        );
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM ocpi_tokens")
            .fetch_one(running.pool())
            .await
            .unwrap();
        assert_eq!(count, 0);
        let options: PgConnectOptions = url.parse().unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.options([("search_path", schema.name.as_str())]))
            .await
            .unwrap();
        let error = PostgresStore::from_pool(pool).await.unwrap_err();
        assert!(
            matches!(error, StoreError::NewerSchema { found: 7, known: 1 }),
            "{error:?}"
        );
        for store in [running, a, b] {
            store.pool().close().await;
        }
        schema.drop_it().await;
    }

    /// A CPO running as two instances on one database, behind a load balancer, with four
    /// eMSPs: the registrations and then updates from both sides run interleaved (each request
    /// to the CPO goes to the next instance), and every connection works both ways afterwards,
    /// through either instance.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn several_instances_of_a_platform_on_one_database() {
        let Some(url) = server() else { return };
        let schema = Schema::new(&url).await;
        let net = Net::default();
        let mut cpos = Vec::new();
        for _ in 0..2 {
            let store = schema.store().await;
            let cpo = Arc::new(network::cpo_builder().build(store, net.clone()).unwrap());
            net.attach("cpo.test", cpo.clone());
            cpos.push(cpo);
        }
        let names = ["emsp1", "emsp2", "emsp3", "emsp4"];
        let mut emsps = Vec::new();
        for (n, name) in names.iter().enumerate() {
            let emsp = Arc::new(
                emsp_builder(name, &format!("MS{n}"))
                    .build(MemoryStore::new(), net.clone())
                    .unwrap(),
            );
            net.attach(&format!("{name}.test"), emsp.clone());
            emsps.push(emsp);
        }

        // The registrations at once, each token A issued by one instance or the other.
        let mut running = Vec::new();
        for (n, emsp) in emsps.iter().enumerate() {
            let (cpo, emsp, name) = (cpos[n % 2].clone(), emsp.clone(), names[n]);
            running.push(tokio::spawn(async move {
                register(&cpo, name, &emsp)
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            }));
        }
        for task in running {
            task.await.unwrap().unwrap();
        }
        for (n, emsp) in emsps.iter().enumerate() {
            connected(&net, &[&*cpos[0], &*cpos[1]], names[n], emsp).await;
        }

        // Updates from both sides at once: each eMSP updates, and each CPO instance updates
        // every eMSP, in three rounds. Of the updates of one pair that cross, those that lose
        // are refused (a conflict, or a token replaced meanwhile): never a store failure, and
        // the tokens of both sides keep matching.
        let outcome = |result| match result {
            Ok(_) => Ok(true),
            Err(ocpi_protocol::credentials::HandshakeError::Store(e)) => Err(e.to_string()),
            Err(_) => Ok(false),
        };
        let mut done = 0;
        for _ in 0..3 {
            let mut running = Vec::new();
            for (n, emsp) in emsps.iter().enumerate() {
                let emsp = emsp.clone();
                running.push(tokio::spawn(async move {
                    outcome(emsp.platform().update(&PeerId::new("cpo")).await)
                }));
                for cpo in &cpos {
                    let (cpo, name) = (cpo.clone(), names[n]);
                    running.push(tokio::spawn(async move {
                        outcome(cpo.platform().update(&PeerId::new(name)).await)
                    }));
                }
            }
            for task in running {
                done += usize::from(task.await.unwrap().expect("no store failure"));
            }
            for (n, emsp) in emsps.iter().enumerate() {
                connected(&net, &[&*cpos[0], &*cpos[1]], names[n], emsp).await;
            }
        }
        assert!(done > 0, "none of the 36 updates went through");
        // One at a time, every update goes through, from either instance.
        for (n, emsp) in emsps.iter().enumerate() {
            let name = PeerId::new(names[n]);
            cpos[n % 2].platform().update(&name).await.unwrap();
            emsp.platform().update(&PeerId::new("cpo")).await.unwrap();
            cpos[(n + 1) % 2].platform().update(&name).await.unwrap();
            connected(&net, &[&*cpos[0], &*cpos[1]], names[n], emsp).await;
        }

        // Unregistering through one instance is seen by the other.
        emsps[0]
            .platform()
            .unregister(&PeerId::new("cpo"))
            .await
            .unwrap();
        for cpo in &cpos {
            let peer = cpo.platform().store().peer(&PeerId::new(names[0])).await;
            assert_eq!(peer.unwrap(), None);
        }
        for (n, emsp) in emsps.iter().enumerate().skip(1) {
            connected(&net, &[&*cpos[0], &*cpos[1]], names[n], emsp).await;
        }
        net.detach("cpo.test");
        for cpo in cpos {
            cpo.platform().store().pool().close().await;
        }
        schema.drop_it().await;
    }
}
