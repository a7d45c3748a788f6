//! What the SQL stores share: the schema and its migrations, the statements, the checks of a
//! change, and how values are written to and read from rows. [`SqliteStore`](super::SqliteStore)
//! and [`PostgresStore`](super::PostgresStore) differ only in how they connect and open a
//! transaction.
//!
//! The SQL is the same for both databases: `$1` parameters (which SQLite reads too), `TEXT` and
//! `BIGINT` columns, and `INSERT … ON CONFLICT`.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::*;
use crate::transport::{AuthorizationMode, PartyRef};
use crate::types::{CredentialsToken, Role, Url};
use crate::v2_2_1::versions::InterfaceRole;
use crate::versions::{Endpoint, OcpiVersion};

/// Why a SQL store failed. The messages never contain a token (the statements carry only
/// hashes of the tokens this platform issued) nor a stored value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database failed, or the connection to it was lost; the transaction, if one was
    /// open, is rolled back.
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    /// The database was created or migrated by a newer version of this crate: this code does
    /// not know its schema, and neither reads nor writes it.
    #[error(
        "the credentials schema of the database is version {found}, newer than the {known} \
         this code knows"
    )]
    NewerSchema {
        /// The version in the database.
        found: i64,
        /// The latest version this code knows.
        known: i64,
    },
    /// A stored value cannot be read: a row written by something else than this store, or
    /// damaged.
    #[error("a stored value cannot be read: {table}.{column}: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A time cannot be stored: times are kept as nanoseconds since 1970 in a signed 64-bit
    /// column, from the year 1677 to 2262.
    #[error("a time outside the years 1677 to 2262 cannot be stored")]
    TimeOutOfRange,
    /// The task writing a change was stopped before it ended (the runtime shutting down): the
    /// database rolls the change back.
    #[error("the change was stopped before it ended")]
    Stopped,
    /// A token to store as issued here is stored already (tokens must be unique: two equal
    /// tokens mean the token generator is broken). Nothing was written.
    #[error("a token to store is stored already")]
    DuplicateToken,
}

/// The latest schema version this code knows.
pub(super) const SCHEMA_VERSION: i64 = 1;

/// The migrations: the statements that bring the schema from the version before to each
/// version.
const MIGRATIONS: &[(i64, &[&str])] = &[(
    1,
    &[
        // A row per name locked by a change: `peer:{id}` and `party:{CC}*{PID}`. Rows are
        // written, never deleted, to be locked (`INSERT … ON CONFLICT DO UPDATE` locks the row
        // it meets).
        "CREATE TABLE ocpi_locks (name TEXT PRIMARY KEY)",
        // The registrations. `revision` is `Revision::as_u64` as a signed number; the JSON
        // columns are the crate's encoding (`credentials` is the peer's credentials object as
        // its version writes it, with the peer's token: the token to call it with).
        "CREATE TABLE ocpi_peers (
            id TEXT PRIMARY KEY,
            revision BIGINT NOT NULL,
            version TEXT NOT NULL,
            send_mode TEXT NOT NULL,
            accept_mode TEXT NOT NULL,
            credentials TEXT NOT NULL,
            endpoints TEXT NOT NULL,
            terms TEXT NOT NULL
        )",
        // The tokens this platform issued, by the hex of their SHA-256: never the token.
        // `expires` is in nanoseconds since 1970 (pending and rotated tokens), `terms` the
        // JSON of a token A's terms.
        "CREATE TABLE ocpi_tokens (
            hash TEXT PRIMARY KEY,
            peer TEXT NOT NULL,
            kind TEXT NOT NULL,
            expires BIGINT,
            mode TEXT NOT NULL,
            terms TEXT
        )",
        "CREATE INDEX ocpi_tokens_peer ON ocpi_tokens (peer)",
        // The claims registrations own, in upper case; `role` is empty for a 2.1.1 party
        // (every role of it). One owner per party and role.
        "CREATE TABLE ocpi_claims (
            country_code TEXT NOT NULL,
            party_id TEXT NOT NULL,
            role TEXT NOT NULL,
            peer TEXT NOT NULL,
            PRIMARY KEY (country_code, party_id, role)
        )",
        "CREATE INDEX ocpi_claims_peer ON ocpi_claims (peer)",
    ],
)];

/// A value bound to a statement's parameter.
#[derive(Clone, Copy)]
pub(super) enum Arg<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

/// A row read from a statement, by column position.
pub(super) trait Row: Send {
    fn int(&self, column: usize) -> Result<Option<i64>, sqlx::Error>;
    fn text(&self, column: usize) -> Result<Option<String>, sqlx::Error>;
}

/// A connection (or a transaction) of one of the databases.
pub(super) trait Conn: Send {
    type Row: Row;

    /// Runs a statement; returns the number of rows it changed.
    fn execute<'a>(
        &'a mut self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send + 'a;

    /// Runs a query; returns its rows.
    fn fetch<'a>(
        &'a mut self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'a;
}

/// Everything of a SQL store that is the same code for each database: [`Conn`] and [`Row`]
/// for its connection and row types, and the store's `Debug`, `pool`, opening (the schema
/// created or migrated) and [`CredentialsStore`] implementation. `$db` is sqlx's database
/// type, `$begin` the statement that opens the transaction of a change.
macro_rules! sql_store {
    ($store:ident, $db:ty, $pool:ty, $conn:ty, $row:ty, $begin:literal) => {
        impl $crate::credentials::sql::Row for $row {
            fn int(&self, column: usize) -> Result<Option<i64>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn text(&self, column: usize) -> Result<Option<String>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
        }

        /// The statement `sql` with `args` bound to its parameters.
        fn bound<'a>(
            sql: &'a str,
            args: &'a [$crate::credentials::sql::Arg<'a>],
        ) -> sqlx::query::Query<'a, $db, <$db as sqlx::Database>::Arguments<'a>> {
            use $crate::credentials::sql::Arg;
            let mut query = sqlx::query(sql);
            for arg in args {
                query = match *arg {
                    Arg::Int(value) => query.bind(value),
                    Arg::Text(value) => query.bind(value),
                };
            }
            query
        }

        impl $crate::credentials::sql::Conn for $conn {
            type Row = $row;

            fn execute<'a>(
                &'a mut self,
                sql: &'a str,
                args: &'a [$crate::credentials::sql::Arg<'a>],
            ) -> impl std::future::Future<Output = Result<u64, sqlx::Error>> + Send + 'a {
                let query = bound(sql, args);
                async move { Ok(query.execute(self).await?.rows_affected()) }
            }

            fn fetch<'a>(
                &'a mut self,
                sql: &'a str,
                args: &'a [$crate::credentials::sql::Arg<'a>],
            ) -> impl std::future::Future<Output = Result<Vec<$row>, sqlx::Error>> + Send + 'a {
                bound(sql, args).fetch_all(self)
            }
        }

        impl std::fmt::Debug for $store {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($store)).finish_non_exhaustive()
            }
        }

        impl $store {
            /// The pool (to share it, or to close it).
            pub fn pool(&self) -> &$pool {
                &self.pool
            }

            /// The store on `pool`, its schema created or migrated in one transaction (which
            /// `lock` locks, if its `BEGIN` does not).
            async fn migrated(
                pool: $pool,
                lock: Option<&str>,
            ) -> Result<Self, $crate::credentials::sql::StoreError> {
                let mut tx = pool.begin_with($begin).await?;
                $crate::credentials::sql::migrate(&mut *tx, lock).await?;
                tx.commit().await?;
                Ok($store { pool })
            }

            /// Writes a change in a task of its own, which runs to its commit or rollback even
            /// if the caller stops waiting (a request abandoned): a transaction is never left
            /// open on a connection of the pool.
            async fn write(
                &self,
                change: Change,
            ) -> Result<Result<(), Conflict>, $crate::credentials::sql::StoreError> {
                let pool = self.pool.clone();
                let task = tokio::spawn(async move {
                    let mut tx = pool.begin_with($begin).await?;
                    let outcome = $crate::credentials::sql::apply(&mut *tx, &change).await?;
                    match outcome {
                        Ok(()) => tx.commit().await?,
                        Err(_) => tx.rollback().await?,
                    }
                    Ok(outcome)
                });
                task.await
                    .map_err(|_| $crate::credentials::sql::StoreError::Stopped)?
            }
        }

        impl CredentialsStore for $store {
            type Error = $crate::credentials::sql::StoreError;

            fn token(
                &self,
                token: &$crate::types::CredentialsToken,
            ) -> impl std::future::Future<Output = Result<Option<TokenRecord>, Self::Error>> + Send
            {
                $crate::credentials::sql::sql_store!(@find self, token, find_token)
            }

            fn peer(
                &self,
                id: &PeerId,
            ) -> impl std::future::Future<Output = Result<Option<Peer>, Self::Error>> + Send {
                $crate::credentials::sql::sql_store!(@find self, id, find_peer)
            }

            fn apply(
                &self,
                change: Change,
            ) -> impl std::future::Future<Output = Result<Result<(), Conflict>, Self::Error>> + Send
            {
                self.write(change)
            }
        }
    };
    // A read on a connection of the pool: `$find` of the key (cloned, for the future to own).
    (@find $this:ident, $key:ident, $find:ident) => {{
        let $key = $key.clone();
        async move {
            let mut conn = $this.pool.acquire().await?;
            $crate::credentials::sql::$find(&mut *conn, &$key).await
        }
    }};
}
pub(super) use sql_store;

fn corrupt(table: &'static str, column: &'static str, reason: &'static str) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        reason,
    }
}

/// The hex of the SHA-256 of a token: how the stores keep and find the tokens issued here.
/// A token is 256 random bits (from [`generate_token`]): its hash cannot be reversed, and needs
/// no salt nor a slow hash function (which would slow every request down).
pub(super) fn token_hash(token: &CredentialsToken) -> String {
    let digest = Sha256::digest(token.expose().as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        hex.push(DIGITS[usize::from(byte >> 4)] as char);
        hex.push(DIGITS[usize::from(byte & 15)] as char);
    }
    hex
}

/// Whether a stored hash has the shape of [`token_hash`]'s.
fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn nanos(time: SystemTime) -> Result<i64, StoreError> {
    let signed = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok(),
        Err(before) => i128::try_from(before.duration().as_nanos())
            .ok()
            .map(|n| -n),
    };
    signed
        .and_then(|n| i64::try_from(n).ok())
        .ok_or(StoreError::TimeOutOfRange)
}

fn from_nanos(n: i64) -> SystemTime {
    let span = Duration::from_nanos(n.unsigned_abs());
    if n >= 0 {
        UNIX_EPOCH + span
    } else {
        UNIX_EPOCH - span
    }
}

fn mode_text(mode: AuthorizationMode) -> &'static str {
    match mode {
        AuthorizationMode::Base64 => "base64",
        AuthorizationMode::Plain => "plain",
        AuthorizationMode::Base64ThenPlain => "base64_then_plain",
    }
}

fn read_mode(
    text: &str,
    table: &'static str,
    column: &'static str,
) -> Result<AuthorizationMode, StoreError> {
    match text {
        "base64" => Ok(AuthorizationMode::Base64),
        "plain" => Ok(AuthorizationMode::Plain),
        "base64_then_plain" => Ok(AuthorizationMode::Base64ThenPlain),
        _ => Err(corrupt(table, column, "not an authorization mode")),
    }
}

/// [`PeerTerms`] as stored.
#[derive(Serialize, Deserialize)]
struct StoredTerms {
    grant: StoredGrant,
    send: Option<String>,
    accept: Option<String>,
    /// Absent in rows written before profiles existed: strict.
    #[serde(default)]
    interop: StoredInterop,
}

/// [`Interop`](crate::interop::Interop) as stored: the names of the tolerances granted.
#[derive(Serialize, Deserialize, Default)]
struct StoredInterop {
    #[serde(default)]
    single_object_in_array: bool,
    #[serde(default)]
    unpadded_date_times: bool,
    #[serde(default)]
    other_authorization_encoding: bool,
    #[serde(default)]
    trailing_slash_endpoints: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StoredGrant {
    Only(Vec<StoredClaim>),
    Vetted,
}

#[derive(Serialize, Deserialize)]
struct StoredClaim {
    country_code: String,
    party_id: String,
    role: Option<String>,
}

/// An [`Endpoint`] as stored.
#[derive(Serialize, Deserialize)]
struct StoredEndpoint {
    module: String,
    role: Option<String>,
    url: String,
}

fn terms_json(terms: &PeerTerms) -> String {
    let claim = |c: &Claim| StoredClaim {
        country_code: c.party.country_code.as_str().to_owned(),
        party_id: c.party.party_id.as_str().to_owned(),
        role: c.role.as_ref().map(|r| r.as_str().to_owned()),
    };
    let stored = StoredTerms {
        grant: match &terms.grant {
            PartyGrant::Only(claims) => StoredGrant::Only(claims.iter().map(claim).collect()),
            PartyGrant::Vetted => StoredGrant::Vetted,
        },
        send: terms.send.map(|m| mode_text(m).to_owned()),
        accept: terms.accept.map(|m| mode_text(m).to_owned()),
        interop: terms.interop.into(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

fn interop_json(interop: &crate::interop::Interop) -> String {
    serde_json::to_string(&StoredInterop::from(*interop)).unwrap_or_default()
}

fn read_interop(text: &str) -> Result<crate::interop::Interop, StoreError> {
    serde_json::from_str::<StoredInterop>(text)
        .map(Into::into)
        .map_err(|_| corrupt("ocpi_tokens", "terms", "not the JSON of an interop profile"))
}

impl From<crate::interop::Interop> for StoredInterop {
    fn from(i: crate::interop::Interop) -> Self {
        StoredInterop {
            single_object_in_array: i.single_object_in_array,
            unpadded_date_times: i.unpadded_date_times,
            other_authorization_encoding: i.other_authorization_encoding,
            trailing_slash_endpoints: i.trailing_slash_endpoints,
        }
    }
}

impl From<StoredInterop> for crate::interop::Interop {
    fn from(s: StoredInterop) -> Self {
        crate::interop::Interop {
            single_object_in_array: s.single_object_in_array,
            unpadded_date_times: s.unpadded_date_times,
            other_authorization_encoding: s.other_authorization_encoding,
            trailing_slash_endpoints: s.trailing_slash_endpoints,
        }
    }
}

fn read_terms(text: &str, table: &'static str) -> Result<PeerTerms, StoreError> {
    let bad = |reason| corrupt(table, "terms", reason);
    let stored: StoredTerms =
        serde_json::from_str(text).map_err(|_| bad("not the JSON of terms"))?;
    let claim = |c: StoredClaim| -> Result<Claim, StoreError> {
        let party = PartyRef::new(
            c.country_code
                .parse()
                .map_err(|_| bad("not a country code"))?,
            c.party_id.parse().map_err(|_| bad("not a party id"))?,
        );
        let role = match c.role {
            Some(role) => Some(Role::from_wire(&role).map_err(|_| bad("not a role"))?),
            None => None,
        };
        Ok(Claim { party, role })
    };
    let mode = |m: Option<String>| m.map(|m| read_mode(&m, table, "terms")).transpose();
    Ok(PeerTerms {
        grant: match stored.grant {
            StoredGrant::Only(claims) => {
                PartyGrant::Only(claims.into_iter().map(claim).collect::<Result<_, _>>()?)
            }
            StoredGrant::Vetted => PartyGrant::Vetted,
        },
        send: mode(stored.send)?,
        accept: mode(stored.accept)?,
        interop: stored.interop.into(),
    })
}

fn endpoints_json(endpoints: &[Endpoint]) -> String {
    let stored: Vec<StoredEndpoint> = endpoints
        .iter()
        .map(|e| StoredEndpoint {
            module: e.module.clone(),
            role: e.role.as_ref().map(|r| r.as_str().to_owned()),
            url: e.url.as_str().to_owned(),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_default()
}

fn read_endpoints(text: &str) -> Result<Vec<Endpoint>, StoreError> {
    let bad = |reason| corrupt("ocpi_peers", "endpoints", reason);
    let stored: Vec<StoredEndpoint> =
        serde_json::from_str(text).map_err(|_| bad("not the JSON of endpoints"))?;
    stored
        .into_iter()
        .map(|e| {
            let role = match e.role {
                Some(r) => Some(InterfaceRole::from_wire(&r).map_err(|_| bad("not a role"))?),
                None => None,
            };
            let url = Url::new(&e.url).map_err(|_| bad("not a URL"))?;
            Ok(Endpoint::new(e.module, role, url))
        })
        .collect()
}

/// The claims a registration owns, as the claims table keeps them: upper case, an empty role
/// for a 2.1.1 party, each once.
fn owned_claims(peer: &Peer) -> Vec<(Claim, [String; 3])> {
    let mut claims: Vec<(Claim, [String; 3])> = Vec::new();
    for claim in peer.credentials.owned_claims() {
        let key = [
            claim.party.country_code.to_upper().as_str().to_owned(),
            claim.party.party_id.to_upper().as_str().to_owned(),
            claim.role.as_ref().map_or("", Role::as_str).to_owned(),
        ];
        if !claims.iter().any(|(_, k)| *k == key) {
            claims.push((claim, key));
        }
    }
    claims
}

/// The schema version in the database (0: none yet).
async fn schema_version<C: Conn>(conn: &mut C) -> Result<i64, StoreError> {
    let rows = conn.fetch("SELECT version FROM ocpi_schema", &[]).await?;
    match rows.as_slice() {
        [] => Ok(0),
        [row] => row
            .int(0)?
            .ok_or_else(|| corrupt("ocpi_schema", "version", "empty")),
        _ => Err(corrupt("ocpi_schema", "version", "more than one row")),
    }
}

/// Refuses a database whose schema is newer than this code's.
async fn check_schema<C: Conn>(conn: &mut C) -> Result<(), StoreError> {
    let found = schema_version(conn).await?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Creates or migrates the schema, in a transaction that holds the database's lock for it
/// (`lock`: the statement that takes it, if the transaction does not).
pub(super) async fn migrate<C: Conn>(tx: &mut C, lock: Option<&str>) -> Result<(), StoreError> {
    if let Some(lock) = lock {
        tx.execute(lock, &[]).await?;
    }
    tx.execute(
        "CREATE TABLE IF NOT EXISTS ocpi_schema (version BIGINT NOT NULL)",
        &[],
    )
    .await?;
    let found = schema_version(tx).await?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (_, statements) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        for statement in *statements {
            tx.execute(statement, &[]).await?;
        }
    }
    if found == 0 {
        tx.execute(
            "INSERT INTO ocpi_schema (version) VALUES ($1)",
            &[Arg::Int(Some(SCHEMA_VERSION))],
        )
        .await?;
    } else if found < SCHEMA_VERSION {
        tx.execute(
            "UPDATE ocpi_schema SET version = $1",
            &[Arg::Int(Some(SCHEMA_VERSION))],
        )
        .await?;
    }
    Ok(())
}

/// The record of a token issued here: one lookup by its hash.
pub(super) async fn find_token<C: Conn>(
    conn: &mut C,
    token: &CredentialsToken,
) -> Result<Option<TokenRecord>, StoreError> {
    let hash = token_hash(token);
    let rows = conn
        .fetch(
            "SELECT peer, kind, expires, mode, terms FROM ocpi_tokens WHERE hash = $1",
            &[Arg::Text(Some(&hash))],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let bad = |column, reason| corrupt("ocpi_tokens", column, reason);
    let peer = row.text(0)?.ok_or_else(|| bad("peer", "empty"))?;
    let kind = row.text(1)?.ok_or_else(|| bad("kind", "empty"))?;
    let expires = row.int(2)?;
    let mode = row.text(3)?.ok_or_else(|| bad("mode", "empty"))?;
    let terms = row.text(4)?;
    Ok(Some(TokenRecord {
        peer: PeerId::new(peer),
        kind: read_kind(&kind, expires, terms.as_deref())?,
        mode: read_mode(&mode, "ocpi_tokens", "mode")?,
    }))
}

fn read_kind(
    kind: &str,
    expires: Option<i64>,
    terms: Option<&str>,
) -> Result<TokenKind, StoreError> {
    let bad = |column, reason| corrupt("ocpi_tokens", column, reason);
    let expires = || {
        expires
            .map(from_nanos)
            .ok_or_else(|| bad("expires", "empty for a token that expires"))
    };
    Ok(match kind {
        "registration_a" => TokenKind::RegistrationA {
            terms: read_terms(
                terms.ok_or_else(|| bad("terms", "empty for a token A"))?,
                "ocpi_tokens",
            )?,
        },
        "pending" => TokenKind::Pending {
            expires: expires()?,
            interop: match terms {
                Some(text) => read_interop(text)?,
                None => crate::interop::Interop::strict(),
            },
        },
        "current" => TokenKind::Current,
        "rotated" => TokenKind::Rotated {
            expires: expires()?,
        },
        _ => return Err(bad("kind", "not a kind of token")),
    })
}

/// The registration of a peer.
pub(super) async fn find_peer<C: Conn>(
    conn: &mut C,
    id: &PeerId,
) -> Result<Option<Peer>, StoreError> {
    let rows = conn
        .fetch(
            "SELECT revision, version, send_mode, accept_mode, credentials, endpoints, terms
             FROM ocpi_peers WHERE id = $1",
            &[Arg::Text(Some(id.as_str()))],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let bad = |column, reason| corrupt("ocpi_peers", column, reason);
    let text = |i, column| row.text(i)?.ok_or_else(|| bad(column, "empty"));
    let revision = row.int(0)?.ok_or_else(|| bad("revision", "empty"))?;
    let version: OcpiVersion = text(1, "version")?
        .parse()
        .map_err(|_| bad("version", "not an OCPI version"))?;
    let credentials = AnyCredentials::parse(version, text(4, "credentials")?.as_bytes())
        .map_err(|_| bad("credentials", "not a credentials object of its version"))?;
    Ok(Some(Peer {
        id: id.clone(),
        version,
        mode: read_mode(&text(2, "send_mode")?, "ocpi_peers", "send_mode")?,
        accept: read_mode(&text(3, "accept_mode")?, "ocpi_peers", "accept_mode")?,
        revision: Revision::from_u64(revision as u64),
        credentials,
        endpoints: read_endpoints(&text(5, "endpoints")?)?,
        terms: read_terms(&text(6, "terms")?, "ocpi_peers")?,
    }))
}

/// Locks a name for the rest of the transaction (another transaction locking it waits).
async fn lock<C: Conn>(tx: &mut C, name: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO ocpi_locks (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name",
        &[Arg::Text(Some(name))],
    )
    .await?;
    Ok(())
}

/// Checks that the state of `peer` is what `expect` says (the peer's lock held): the rule of
/// [`MemoryStore`], on the rows.
async fn check<C: Conn>(
    tx: &mut C,
    peer: &PeerId,
    expect: &Expect,
) -> Result<Result<(), Conflict>, StoreError> {
    let rows = tx
        .fetch(
            "SELECT revision FROM ocpi_peers WHERE id = $1",
            &[Arg::Text(Some(peer.as_str()))],
        )
        .await?;
    let revision = match rows.first() {
        Some(row) => Some(Revision::from_u64(
            row.int(0)?
                .ok_or_else(|| corrupt("ocpi_peers", "revision", "empty"))? as u64,
        )),
        None => None,
    };
    let own = expect.pending.as_ref().map(token_hash);
    let pending = tx
        .fetch(
            "SELECT hash, expires FROM ocpi_tokens WHERE peer = $1 AND kind = 'pending'",
            &[Arg::Text(Some(peer.as_str()))],
        )
        .await?;
    let mut in_flight = false;
    for row in &pending {
        let hash = row
            .text(0)?
            .filter(|h| is_hash(h))
            .ok_or_else(|| corrupt("ocpi_tokens", "hash", "not the hex of a SHA-256"))?;
        let kind = read_kind("pending", row.int(1)?, None)?;
        in_flight |= kind.in_flight_at(expect.at) && own.as_deref() != Some(hash.as_str());
    }
    if revision != expect.revision || in_flight {
        return Ok(Err(Conflict::Stale(peer.clone())));
    }
    Ok(Ok(()))
}

/// Checks that no other peer holds one of `claims` (the parties' locks held): the rule of
/// [`MemoryStore`], on the rows.
async fn check_claims<C: Conn>(
    tx: &mut C,
    peer: &PeerId,
    claims: &[(Claim, [String; 3])],
) -> Result<Result<(), Conflict>, StoreError> {
    for (claim, [country_code, party_id, role]) in claims {
        let held = tx
            .fetch(
                "SELECT peer, role FROM ocpi_claims
                 WHERE country_code = $1 AND party_id = $2 AND peer <> $3",
                &[
                    Arg::Text(Some(country_code)),
                    Arg::Text(Some(party_id)),
                    Arg::Text(Some(peer.as_str())),
                ],
            )
            .await?;
        for row in &held {
            let other = row.text(1)?.unwrap_or_default();
            // The same role, or a 2.1.1 party (no role) on either side: `Claim::overlaps`.
            if role.is_empty() || other.is_empty() || *role == other {
                let owner = row
                    .text(0)?
                    .ok_or_else(|| corrupt("ocpi_claims", "peer", "empty"))?;
                return Ok(Err(Conflict::Claimed {
                    claim: claim.clone(),
                    owner: PeerId::new(owner),
                }));
            }
        }
    }
    Ok(Ok(()))
}

/// Inserts a token issued here.
async fn insert_token<C: Conn>(
    tx: &mut C,
    token: &CredentialsToken,
    record: &TokenRecord,
) -> Result<(), StoreError> {
    let (kind, expires, terms) = match &record.kind {
        TokenKind::RegistrationA { terms } => ("registration_a", None, Some(terms_json(terms))),
        TokenKind::Pending { expires, interop } => (
            "pending",
            Some(nanos(*expires)?),
            (!interop.is_strict()).then(|| interop_json(interop)),
        ),
        TokenKind::Current => ("current", None, None),
        TokenKind::Rotated { expires } => ("rotated", Some(nanos(*expires)?), None),
    };
    let hash = token_hash(token);
    let inserted = tx
        .execute(
            "INSERT INTO ocpi_tokens (hash, peer, kind, expires, mode, terms)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Arg::Text(Some(&hash)),
                Arg::Text(Some(record.peer.as_str())),
                Arg::Text(Some(kind)),
                Arg::Int(expires),
                Arg::Text(Some(mode_text(record.mode))),
                Arg::Text(terms.as_deref()),
            ],
        )
        .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::DuplicateToken),
        other => other.map(drop).map_err(StoreError::from),
    }
}

/// Writes one change in the open transaction `tx`: checks, then writes. The caller commits if
/// the change is applied, and rolls back otherwise (a refused change wrote nothing anyway).
pub(super) async fn apply<C: Conn>(
    tx: &mut C,
    change: &Change,
) -> Result<Result<(), Conflict>, StoreError> {
    // A newer instance may have migrated the database since this store opened it.
    check_schema(tx).await?;
    match change {
        Change::IssueToken {
            token,
            record,
            expect,
        } => {
            if let Some(expect) = expect {
                lock(tx, &format!("peer:{}", record.peer)).await?;
                if let Err(conflict) = check(tx, &record.peer, expect).await? {
                    return Ok(Err(conflict));
                }
            }
            insert_token(tx, token, record).await?;
        }
        Change::RevokeToken { token } => {
            let hash = token_hash(token);
            tx.execute(
                "DELETE FROM ocpi_tokens WHERE hash = $1",
                &[Arg::Text(Some(&hash))],
            )
            .await?;
        }
        Change::SavePeer {
            peer,
            token,
            rotated_until,
            expect,
        } => {
            lock(tx, &format!("peer:{}", peer.id)).await?;
            if let Err(conflict) = check(tx, &peer.id, expect).await? {
                return Ok(Err(conflict));
            }
            let claims = owned_claims(peer);
            let mut parties: Vec<String> = claims
                .iter()
                .map(|(_, [cc, id, _])| format!("party:{cc}*{id}"))
                .collect();
            parties.sort();
            parties.dedup();
            for party in &parties {
                lock(tx, party).await?;
            }
            if let Err(conflict) = check_claims(tx, &peer.id, &claims).await? {
                return Ok(Err(conflict));
            }
            save_peer(tx, peer, token.as_ref(), *rotated_until, &claims).await?;
        }
        Change::RemovePeer { peer } => {
            lock(tx, &format!("peer:{peer}")).await?;
            let id = [Arg::Text(Some(peer.as_str()))];
            tx.execute("DELETE FROM ocpi_tokens WHERE peer = $1", &id)
                .await?;
            tx.execute("DELETE FROM ocpi_claims WHERE peer = $1", &id)
                .await?;
            tx.execute("DELETE FROM ocpi_peers WHERE id = $1", &id)
                .await?;
        }
    }
    Ok(Ok(()))
}

/// The writes of [`Change::SavePeer`], once checked.
async fn save_peer<C: Conn>(
    tx: &mut C,
    peer: &Peer,
    token: Option<&CredentialsToken>,
    rotated_until: Option<SystemTime>,
    claims: &[(Claim, [String; 3])],
) -> Result<(), StoreError> {
    let id = Arg::Text(Some(peer.id.as_str()));
    let accept = Arg::Text(Some(mode_text(peer.accept)));
    if let Some(token) = token {
        tx.execute(
            "DELETE FROM ocpi_tokens WHERE peer = $1 AND kind <> 'current'",
            &[id],
        )
        .await?;
        match rotated_until {
            Some(until) => {
                tx.execute(
                    "UPDATE ocpi_tokens SET kind = 'rotated', expires = $2, mode = $3
                     WHERE peer = $1 AND kind = 'current'",
                    &[id, Arg::Int(Some(nanos(until)?)), accept],
                )
                .await?
            }
            None => {
                tx.execute(
                    "DELETE FROM ocpi_tokens WHERE peer = $1 AND kind = 'current'",
                    &[id],
                )
                .await?
            }
        };
        let current = TokenRecord {
            peer: peer.id.clone(),
            kind: TokenKind::Current,
            mode: peer.accept,
        };
        insert_token(tx, token, &current).await?;
    }
    let credentials = crate::json::to_vec(&peer.credentials);
    let credentials = String::from_utf8(credentials)
        .map_err(|_| corrupt("ocpi_peers", "credentials", "not UTF-8"))?;
    let endpoints = endpoints_json(&peer.endpoints);
    let terms = terms_json(&peer.terms);
    tx.execute(
        "INSERT INTO ocpi_peers
            (id, revision, version, send_mode, accept_mode, credentials, endpoints, terms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET
            revision = excluded.revision, version = excluded.version,
            send_mode = excluded.send_mode, accept_mode = excluded.accept_mode,
            credentials = excluded.credentials, endpoints = excluded.endpoints,
            terms = excluded.terms",
        &[
            id,
            Arg::Int(Some(peer.revision.as_u64() as i64)),
            Arg::Text(Some(peer.version.as_str())),
            Arg::Text(Some(mode_text(peer.mode))),
            accept,
            Arg::Text(Some(&credentials)),
            Arg::Text(Some(&endpoints)),
            Arg::Text(Some(&terms)),
        ],
    )
    .await?;
    tx.execute("DELETE FROM ocpi_claims WHERE peer = $1", &[id])
        .await?;
    for (_, [country_code, party_id, role]) in claims {
        tx.execute(
            "INSERT INTO ocpi_claims (country_code, party_id, role, peer) VALUES ($1, $2, $3, $4)",
            &[
                Arg::Text(Some(country_code)),
                Arg::Text(Some(party_id)),
                Arg::Text(Some(role)),
                id,
            ],
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_the_hex_of_sha256() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            token_hash(&CredentialsToken::new("abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_hash(&token_hash(&CredentialsToken::new("x").unwrap())));
        assert!(!is_hash(
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        ));
        assert!(!is_hash("abc"));
    }

    #[test]
    fn times_keep_their_nanoseconds_and_refuse_what_does_not_fit() {
        for time in [
            UNIX_EPOCH,
            UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789),
            UNIX_EPOCH - Duration::new(86_400, 1),
            UNIX_EPOCH + Duration::from_nanos(i64::MAX as u64),
        ] {
            assert_eq!(from_nanos(nanos(time).unwrap()), time);
        }
        let too_late = UNIX_EPOCH + Duration::from_nanos(i64::MAX as u64 + 1);
        assert!(matches!(nanos(too_late), Err(StoreError::TimeOutOfRange)));
    }

    #[test]
    fn terms_written_before_interop_profiles_read_as_strict() {
        let terms = read_terms(r#"{"grant":"vetted","send":null,"accept":"plain"}"#, "t").unwrap();
        assert!(terms.interop.is_strict());
        assert_eq!(terms.accept, Some(AuthorizationMode::Plain));
    }

    #[test]
    fn terms_and_endpoints_round_trip() {
        let party = PartyRef::new("nl".parse().unwrap(), "Cpo".parse().unwrap());
        for terms in [
            PeerTerms::new(PartyGrant::Only(vec![
                Claim::new(party, Role::Hub),
                Claim { party, role: None },
                Claim::new(party, Role::from_wire("PTP").unwrap()),
            ]))
            .sending(AuthorizationMode::Plain),
            PeerTerms::new(PartyGrant::Vetted).accepting(AuthorizationMode::Base64ThenPlain),
            PeerTerms::new(PartyGrant::Vetted).with_interop(crate::interop::Interop {
                unpadded_date_times: true,
                trailing_slash_endpoints: true,
                ..crate::interop::Interop::strict()
            }),
        ] {
            let back = read_terms(&terms_json(&terms), "t").unwrap();
            assert_eq!(back, terms);
            // Codes are kept as written.
            if let PartyGrant::Only(claims) = &back.grant {
                assert_eq!(claims[0].party.party_id.as_str(), "Cpo");
            }
        }
        let endpoints = vec![
            Endpoint::new(
                "locations",
                Some(InterfaceRole::Sender),
                Url::new("https://x.test/ocpi/2.2.1/locations").unwrap(),
            ),
            Endpoint::new(
                "x-custom",
                None,
                Url::new("http://x.test:81/A?b=c").unwrap(),
            ),
        ];
        assert_eq!(
            read_endpoints(&endpoints_json(&endpoints)).unwrap(),
            endpoints
        );
    }

    #[test]
    fn damaged_values_are_typed_errors_without_their_text() {
        for (kind, expires, terms) in [
            ("frozen", None, None),
            ("pending", None, None),
            ("registration_a", None, None),
            ("registration_a", None, Some("{\"grant\": 7}")),
        ] {
            let e = read_kind(kind, expires, terms).unwrap_err();
            assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
        }
        let e = read_terms(
            r#"{"grant": {"only": [{"country_code": "secret-value", "party_id": "X", "role": null}]}, "send": null, "accept": null}"#,
            "ocpi_peers",
        )
        .unwrap_err();
        assert!(!e.to_string().contains("secret-value"), "{e}");
        assert!(read_mode("BASE64", "t", "c").is_err());
    }
}
