//! What readiness checks of the database.

use crate::db::{migrations, DbConnection, DbError};

/// Whether every migration this build knows has been applied; a database
/// that cannot answer is unavailable.
pub fn schema_current(conn: &mut DbConnection) -> Result<bool, DbError> {
    migrations::up_to_date(conn).map_err(|e| DbError::Unavailable(e.to_string()))
}
