//! Persistence through diesel over SQLite or PostgreSQL.
//!
//! [`Db`] owns the pool. All database work is blocking and runs on tokio's
//! blocking pool via [`Db::read`] and [`Db::write`], never on the async
//! executor. `write` wraps its closure in a transaction; on SQLite it also
//! serialises writers within the process, so a read-then-write transaction
//! can never hit SQLite's lock-upgrade deadlock.

pub mod approvals;
pub mod cameras;
pub mod clips;
pub mod column_types;
pub mod connection;
pub mod custody;
pub mod holds;
pub mod jobs;
pub mod log;
pub mod login_throttle;
pub mod manifests;
pub mod migrations;
pub mod notices;
pub mod notifications;
pub mod organisations;
pub mod pulled_parts;
pub mod recorders;
pub mod requests;
pub mod retention;
pub mod schema;
pub mod security_events;
pub mod segments;
pub mod sessions;
pub mod shares;
pub mod sla;
pub mod sla_rollup;
pub mod time;
pub mod totals;
pub mod users;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::{Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::Connection;
use secrecy::SecretString;

pub use connection::{Backend, DbConnection, Manager, Target};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database cannot be reached or is too busy; retrying may help.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A unique constraint refused the write.
    #[error("unique violation: {0}")]
    UniqueViolation(String),
    /// The database's disk is full: nothing was written; an administrator
    /// must free space (SQLite `SQLITE_FULL`, PostgreSQL 53100).
    #[error("the database's disk is full: {0}")]
    Full(String),
    #[error("database error: {0}")]
    Query(String),
}

impl From<DieselError> for DbError {
    fn from(e: DieselError) -> Self {
        match &e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                DbError::UniqueViolation(
                    info.constraint_name()
                        .map_or_else(|| info.message().to_owned(), str::to_owned),
                )
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                DbError::Unavailable(e.to_string())
            }
            DieselError::DatabaseError(_, info)
                if info.message().contains("database or disk is full")
                    || info.message().contains("No space left on device") =>
            {
                DbError::Full(e.to_string())
            }
            DieselError::DatabaseError(_, info)
                if info.message().contains("database is locked") =>
            {
                DbError::Unavailable(e.to_string())
            }
            _ => DbError::Query(e.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        DbError::Unavailable(e.to_string())
    }
}

type Conn = PooledConnection<Manager>;

#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    sqlite_writer: Arc<Mutex<()>>,
    /// Listing totals, forgotten after every write this process commits.
    pub totals: Arc<totals::Totals>,
}

impl Db {
    /// Opens a pool. The first connection is made eagerly so that a wrong
    /// URL or credentials fail at start with a clear message.
    ///
    /// The pool never opens connections in the background (`min_idle` 0):
    /// a short-lived command could otherwise exit while a pool thread is
    /// inside libpq's TLS setup, which crashes the process on exit.
    pub fn connect(url: &SecretString, pool_size: u32) -> Result<Self, DbError> {
        let target = Target::parse(url).map_err(DbError::Unavailable)?;
        let backend = target.backend();
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(10))
            .build(Manager::new(target))?;
        drop(pool.get()?);
        Ok(Self {
            pool,
            backend,
            sqlite_writer: Arc::new(Mutex::new(())),
            totals: Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection for blocking callers (CLI, workers).
    pub fn conn(&self) -> Result<Conn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` inside a transaction. On SQLite the transaction is
    /// `BEGIN IMMEDIATE`, so it takes the write lock up front (waiting up to
    /// the busy timeout) and can never fail half-way on a lock upgrade when
    /// another process writes; writers in this process also queue on a
    /// mutex instead of spinning on SQLite's lock.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<DbError> + From<DieselError>,
    {
        let _guard = match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        };
        let mut pooled = self.conn()?;
        let conn: &mut DbConnection = &mut pooled;
        let result = Self::transaction(conn, f);
        // Whatever committed, no remembered listing total may survive it.
        self.totals.invalidate();
        result
    }

    fn transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<DbError> + From<DieselError>,
    {
        match conn {
            DbConnection::Pg(_) => conn.transaction(f),
            DbConnection::Sqlite(c) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
                    .map_err(DbError::from)?;
                let result = f(conn);
                let DbConnection::Sqlite(c) = conn else {
                    return Err(DbError::Query("connection changed backend".into()).into());
                };
                match result {
                    Ok(v) => {
                        AnsiTransactionManager::commit_transaction(c).map_err(DbError::from)?;
                        Ok(v)
                    }
                    Err(e) => {
                        AnsiTransactionManager::rollback_transaction(c).map_err(DbError::from)?;
                        Err(e)
                    }
                }
            }
        }
    }

    /// Runs a read-only `f` on the blocking pool.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut pooled = db.conn()?;
            f(&mut pooled)
        })
        .await
        .map_err(|e| DbError::Query(format!("database task failed: {e}")))?
    }

    /// Runs `f` in a transaction on the blocking pool.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<DieselError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.write_blocking(f))
            .await
            .map_err(|e| DbError::Query(format!("database task failed: {e}")))?
    }
}
