//! The security event log as the CISO reads it: ICCC administrators and
//! auditors, each seeing the events of organisations in their own city
//! and the deployment-wide ones.

use crate::db::security_events::{self, SecurityEventRow, SecurityFilter};
use crate::db::{organisations, DbConnection};
use crate::domain::authz::Actor;
use crate::error::ApiError;

/// One page of events matching `filter` in the actor's city, newest
/// first, with the total.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    mut filter: SecurityFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SecurityEventRow>, i64), ApiError> {
    if !actor.may_read_security_records() {
        return Err(ApiError::forbidden(
            "security events are for ICCC administrators and auditors",
        ));
    }
    let org = organisations::find(conn, &actor.org_id)?
        .ok_or_else(|| ApiError::forbidden("your organisation no longer exists"))?;
    filter.city = Some(org.city);
    Ok(security_events::list(conn, &filter, limit, offset)?)
}
