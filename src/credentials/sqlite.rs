//! The credentials store in SQLite (feature `sqlite`).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow,
};

use super::sql::{self, StoreError};
use super::*;

/// A [`CredentialsStore`] in a SQLite database: a file that keeps the registrations and tokens
/// across restarts, or memory.
///
/// The store creates its tables (`ocpi_schema`, `ocpi_peers`, `ocpi_tokens`, `ocpi_claims`,
/// `ocpi_locks`) and migrates them when it opens the database; a database migrated by a newer
/// version of this crate is refused ([`StoreError::NewerSchema`]). Every [`Change`] is one
/// transaction begun with `BEGIN IMMEDIATE` (which takes SQLite's write lock at once): its
/// [`Expect`] and the uniqueness of claims are checked, and its rows written, with no other
/// writer in between, whether in this process or another one on the same file. A change that
/// fails or is dropped part-way leaves nothing written.
///
/// Tokens at rest: a token this platform issued (A, pending B, current, rotated) is kept as
/// the SHA-256 of its text, never as the token, and looked up by that hash in one indexed
/// query: a copy of the database (a backup, a stolen disk) does not let anyone call this
/// platform as a peer. The peer's own token, inside its credentials object, is kept as given:
/// this platform must send it.
///
/// Times are kept to the nanosecond, from the year 1677 to 2262 ([`StoreError::TimeOutOfRange`]
/// beyond).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use ocpi_protocol::credentials::{CredentialsStore, PeerId, SqliteStore};
///
/// let dir = std::env::temp_dir().join(format!("ocpi-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let store = SqliteStore::open(dir.join("credentials.db")).await?;
/// assert_eq!(store.peer(&PeerId::new("emsp")).await?, None);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(())
/// # }
/// ```
///
/// Spec: 2.2.1 credentials.asciidoc §Registration, §Updating the credentials and resetting the
/// credentials token; 2.2.1 transport_and_format.asciidoc §Authorization header
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

sql::sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    SqlitePool,
    SqliteConnection,
    SqliteRow,
    "BEGIN IMMEDIATE"
);

impl SqliteStore {
    /// Opens the database at `path` (created if missing) in WAL mode (readers do not wait for
    /// the writer), waiting up to five seconds for another writer's lock, and creates or
    /// migrates its schema.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Self::from_pool(pool).await
    }

    /// A new database in memory, gone when the store is dropped (for tests and examples).
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        // One connection, never closed: the database lives as long as it does.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        Self::from_pool(pool).await
    }

    /// A store on the application's own pool, whose schema it creates or migrates.
    pub async fn from_pool(pool: SqlitePool) -> Result<Self, StoreError> {
        Self::migrated(pool, None).await
    }
}
