//! One connection type over both backends, and the pool manager that opens
//! the right one from the configured URL.

use std::path::PathBuf;

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

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = PoolConnError;

    fn connect(&self) -> Result<DbConnection, PoolConnError> {
        Self::open(&self.target)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), PoolConnError> {
        conn.batch_execute("SELECT 1")
            .map_err(PoolConnError::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
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
