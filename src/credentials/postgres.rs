//! The credentials store in PostgreSQL (feature `postgres`).

use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow};

use super::sql::{self, StoreError};
use super::*;

/// The lock held while the schema is created or migrated, so that instances starting together
/// migrate one after the other (a transaction-scoped advisory lock: "ocpi" in ASCII).
const MIGRATION_LOCK: &str = "SELECT pg_advisory_xact_lock(1868787817)";

/// A [`CredentialsStore`] in PostgreSQL, for a platform that runs several instances on one
/// database: a registration one instance stores is seen by all, and two instances can never
/// both apply a transition of one peer.
///
/// The store creates its tables (`ocpi_schema`, `ocpi_peers`, `ocpi_tokens`, `ocpi_claims`,
/// `ocpi_locks`, in the connection's schema: set `search_path` to choose it) and migrates them
/// when it connects, one instance at a time; a database migrated by a newer version of this
/// crate is refused ([`StoreError::NewerSchema`]), also by an instance that was running when
/// it was migrated (every change checks the version).
///
/// The compare-and-swap of every [`Change`] is the database's: each change is one transaction
/// (read committed) that first locks the peer's row in `ocpi_locks` (`INSERT … ON CONFLICT DO
/// UPDATE`, which locks the row it meets, until the commit), then checks the change's
/// [`Expect`] against the committed rows, then writes. A transaction of the same peer on
/// any instance waits for the lock and then sees what this one committed, so of two
/// transitions from one state exactly one is applied ([`Conflict::Stale`] for the other). A
/// registration or update also locks the rows of the parties it claims (in one order, so no
/// two changes wait for each other), so that two peers claiming one party at once cannot
/// both get it ([`Conflict::Claimed`]); the claims table's key (party and role) backs this up.
/// A change that fails, is dropped, or loses its connection part-way is rolled back by the
/// database: nothing of it is written.
///
/// Tokens at rest: a token this platform issued (A, pending B, current, rotated) is kept as
/// the SHA-256 of its text, never as the token, and looked up by that hash in one indexed
/// query: a copy of the database (a backup, a replica, a leaked dump) does not let anyone call
/// this platform as a peer. The peer's own token, inside its credentials object, is kept as
/// given: this platform must send it.
///
/// TLS: the feature builds sqlx without TLS, enough for a database on the same host or a
/// private network. For a database reached over TLS, the application adds sqlx (the version
/// re-exported as [`credentials::sqlx`](crate::credentials::sqlx)) to its own dependencies
/// with the feature `tls-rustls`; Cargo unifies the features, and a URL with `sslmode=require`
/// (or `verify-full`) then connects over TLS.
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use ocpi_protocol::credentials::{CredentialsStore, PeerId, PostgresStore};
///
/// let store = PostgresStore::connect("postgres://ocpi@localhost/ocpi").await?;
/// assert_eq!(store.peer(&PeerId::new("emsp")).await?, None);
/// # Ok(())
/// # }
/// ```
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token ("both parties" may update); 2.2.1 transport_and_format.asciidoc
/// §Authorization header
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

sql::sql_store!(
    PostgresStore,
    sqlx::Postgres,
    PgPool,
    PgConnection,
    PgRow,
    "BEGIN"
);

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user:password@host/database`; see
    /// sqlx's `PgConnectOptions` for the parameters) with a pool of up to eight connections,
    /// and creates or migrates the schema.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        Self::from_pool(pool).await
    }

    /// A store on the application's own pool, whose schema it creates or migrates.
    pub async fn from_pool(pool: PgPool) -> Result<Self, StoreError> {
        Self::migrated(pool, Some(MIGRATION_LOCK)).await
    }
}
