//! Embedded, mirrored migrations: one tree per backend, run by
//! `sakshya migrate` and at `serve` start.

use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::connection::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Arbitrary constant naming the advisory lock that serialises migrations
/// when several replicas start at once on PostgreSQL.
const PG_MIGRATION_LOCK: i64 = 0x0053_414b_5348_5941;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations and returns how many ran. (`sla::stored::
/// migrate` also fills in the derived columns older rows lack.)
pub fn run(conn: &mut DbConnection) -> Result<usize, BoxError> {
    apply(conn)
}

fn apply(conn: &mut DbConnection) -> Result<usize, BoxError> {
    match conn {
        DbConnection::Sqlite(c) => Ok(c.run_pending_migrations(SQLITE)?.len()),
        DbConnection::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let result = c.run_pending_migrations(POSTGRES).map(|v| v.len());
            c.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
            Ok(result?)
        }
    }
}

/// True when no migration is pending (used by `/readyz`).
pub fn up_to_date(conn: &mut DbConnection) -> Result<bool, BoxError> {
    match conn {
        DbConnection::Sqlite(c) => Ok(!c.has_pending_migration(SQLITE)?),
        DbConnection::Pg(c) => Ok(!c.has_pending_migration(POSTGRES)?),
    }
}
