//! One connection type over both backends, and the pool manager that opens
//! the right one from the configured URL.

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{Error as PoolConnError, ManageConnection};
use diesel::{Connection, ConnectionError, PgConnection, SqliteConnection};
use secrecy::{ExposeSecret, SecretString};

/// A connection to either supported database. Queries written against this
/// type run unchanged on both; backend-specific SQL matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// The backend type diesel derives for [`DbConnection`]; boxed queries
/// name it.
pub type DbBackend = <DbConnection as Connection>::Backend;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where to connect, parsed from `sqlite://path` or `postgres://…`.
#[derive(Clone)]
pub enum Target {
    Sqlite(PathBuf),
    Postgres(SecretString),
}

impl Target {
    pub fn parse(url: &SecretString) -> Result<Self, String> {
        let raw = url.expose_secret();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://./data/sakshya.db".into());
            }
            Ok(Target::Sqlite(PathBuf::from(path)))
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(Target::Postgres(url.clone()))
        } else {
            Err("database URL must start with sqlite:// or postgres://".into())
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Target::Sqlite(_) => Backend::Sqlite,
            Target::Postgres(_) => Backend::Postgres,
        }
    }
}

/// SQLite settings for a durable, concurrent evidence database: WAL so
/// readers never block the writer, FULL sync so an acknowledged write
/// survives power loss, enforced foreign keys, a busy wait instead of
/// an immediate "database is locked", and a page cache (up to 64 MiB,
/// grown on demand) with memory-mapped reads for reports.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 10000;
PRAGMA cache_size = -65536;
PRAGMA mmap_size = 268435456;";

/// PostgreSQL session settings: sorts of a state's quarter (SLA reports)
/// fit in memory instead of spilling to disk.
const PG_SESSION: &str = "SET work_mem = '64MB'";

pub struct Manager {
    target: Target,
}

impl Manager {
    pub fn new(target: Target) -> Self {
        Self { target }
    }

    pub fn open(target: &Target) -> Result<DbConnection, PoolConnError> {
        match target {
            Target::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        PoolConnError::ConnectionError(ConnectionError::BadConnection(format!(
                            "cannot create {}: {e}",
                            dir.display()
                        )))
                    })?;
                }
                let path = path.to_string_lossy();
                let mut c =
                    SqliteConnection::establish(&path).map_err(PoolConnError::ConnectionError)?;
                c.batch_execute(SQLITE_PRAGMAS)
                    .map_err(PoolConnError::QueryError)?;
                Ok(DbConnection::Sqlite(c))
            }
            Target::Postgres(url) => {
                let mut c = PgConnection::establish(url.expose_secret())
                    .map_err(PoolConnError::ConnectionError)?;
                // Reports sort a period's requests: keep it in memory.
                c.batch_execute(PG_SESSION)
                    .map_err(PoolConnError::QueryError)?;
                Ok(DbConnection::Pg(c))
            }
        }
    }
}

/// A pooled connection and when it last proved to work.
pub struct Pooled {
    conn: DbConnection,
    checked: Instant,
}

impl Deref for Pooled {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// A PostgreSQL connection is checked (`SELECT 1`, a round trip) on
/// checkout only when this long has passed since its last check, so a busy
/// connection is checked about twice a second rather than on every request.
/// After a server restart a stale connection can fail requests for at most
/// this long before the check finds it and the pool replaces it. A SQLite
/// connection is a file handle and is never checked.
pub const CHECK_AFTER: Duration = Duration::from_millis(500);

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = PoolConnError;

    fn connect(&self) -> Result<Pooled, PoolConnError> {
        Ok(Pooled {
            conn: Self::open(&self.target)?,
            checked: Instant::now(),
        })
    }

    fn is_valid(&self, c: &mut Pooled) -> Result<(), PoolConnError> {
        if matches!(c.conn, DbConnection::Sqlite(_)) || c.checked.elapsed() < CHECK_AFTER {
            return Ok(());
        }
        c.conn
            .batch_execute("SELECT 1")
            .map_err(PoolConnError::QueryError)?;
        c.checked = Instant::now();
        Ok(())
    }

    /// A connection whose transaction could not be closed is dropped.
    fn has_broken(&self, c: &mut Pooled) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(&mut c.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::sql_types::Integer;
    use diesel::RunQueryDsl;

    /// The statement cache depends on it (see `.cargo/config.toml`): a
    /// build without the setting would re-prepare listings on every page.
    #[test]
    fn the_bundled_sqlite_keeps_the_query_planner_stability_guarantee() {
        let dir = tempfile::tempdir().unwrap();
        let Ok(DbConnection::Sqlite(mut c)) =
            Manager::open(&Target::Sqlite(dir.path().join("t.db")))
        else {
            panic!("a SQLite connection")
        };
        let on: i32 = diesel::select(diesel::dsl::sql::<Integer>(
            "sqlite_compileoption_used('ENABLE_QPSG')",
        ))
        .get_result(&mut c)
        .unwrap();
        assert_eq!(on, 1, "LIBSQLITE3_FLAGS from .cargo/config.toml");
    }
}
