//! What an ICCC administrator does to accounts from the portal: list the
//! users of their city's organisations, change a role, reset MFA, lift a
//! lockout. Each change is a security event naming the administrator;
//! role changes and MFA resets end the user's sessions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{organisations, users};
use crate::db::{organisations as orgs, sessions, time, users as user_rows, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::organisation::OrgKind;
use crate::domain::role::Role;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::security::{self, Kind, SecurityEvent};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation: String,
    pub mfa_enrolled: bool,
    pub disabled: bool,
    /// Set while a lockout after failed logins lasts.
    pub locked_until: Option<DateTime<Utc>>,
}

/// One row of the listing query.
#[derive(Queryable)]
struct Listed {
    id: String,
    username: String,
    display_name: String,
    role: String,
    organisation: String,
    totp_secret: Option<String>,
    disabled: bool,
    locked_until: Option<chrono::NaiveDateTime>,
}

fn city_of(conn: &mut DbConnection, actor: &Actor) -> Result<String, ApiError> {
    Ok(orgs::find(conn, &actor.org_id)?
        .ok_or_else(|| ApiError::forbidden("your organisation no longer exists"))?
        .city)
}

/// The users of organisations in the administrator's city.
pub fn list(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<UserSummary>, ApiError> {
    let city = city_of(conn, actor)?;
    let now = time::now();
    let rows: Vec<Listed> = users::table
        .inner_join(organisations::table)
        .filter(organisations::city.eq(city))
        .select((
            users::id,
            users::username,
            users::display_name,
            users::role,
            organisations::code,
            users::totp_secret,
            users::disabled,
            users::locked_until,
        ))
        .order((organisations::code.asc(), users::username.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| UserSummary {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            organisation: r.organisation,
            mfa_enrolled: r.totp_secret.is_some(),
            disabled: r.disabled,
            locked_until: r.locked_until.filter(|t| *t > now).map(time::from_db),
        })
        .collect())
}

/// The target account, if it is in the administrator's city and is not
/// the administrator's own (404 otherwise, or 403 for oneself).
fn target(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
) -> Result<(user_rows::UserRow, OrgKind), ApiError> {
    let city = city_of(conn, actor)?;
    let u = user_rows::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    let org = orgs::find(conn, &u.organisation_id)?
        .filter(|o| o.city == city)
        .ok_or_else(|| ApiError::not_found("user"))?;
    if u.id == actor.user_id {
        return Err(ApiError::forbidden(
            "administrators cannot change their own account here",
        ));
    }
    Ok((u, org.kind.parse()?))
}

fn event(
    kind: Kind,
    actor: &Actor,
    u: &user_rows::UserRow,
    detail: serde_json::Value,
) -> SecurityEvent {
    SecurityEvent::new(kind)
        .actor(Some(&actor.user_id))
        .from_addr(actor.client_ip.clone())
        .subject(&u.id)
        .detail(detail)
}

pub fn change_role(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
    role: Role,
) -> Result<(), ApiError> {
    let (u, kind) = target(conn, actor, user_id)?;
    if !role.fits(kind) {
        return Err(ValidationError::new(
            "role_does_not_fit_organisation",
            format!("a {role} cannot belong to a {kind}"),
        )
        .into());
    }
    user_rows::set_role(conn, &u.id, role.as_str())?;
    sessions::revoke_all_for_user(conn, &u.id, "role_changed", time::now())?;
    security::record(
        conn,
        event(
            Kind::RoleChanged,
            actor,
            &u,
            serde_json::json!({ "user": u.username, "from": u.role, "to": role.as_str() }),
        ),
    )?;
    Ok(())
}

pub fn reset_mfa(conn: &mut DbConnection, actor: &Actor, user_id: &str) -> Result<(), ApiError> {
    let (u, _) = target(conn, actor, user_id)?;
    let now = time::now();
    user_rows::reset_mfa(conn, &u.id, now)?;
    sessions::revoke_all_for_user(conn, &u.id, "mfa_reset", now)?;
    security::record(
        conn,
        event(
            Kind::MfaReset,
            actor,
            &u,
            serde_json::json!({ "user": u.username, "role": u.role }),
        ),
    )?;
    Ok(())
}

pub fn unlock(conn: &mut DbConnection, actor: &Actor, user_id: &str) -> Result<(), ApiError> {
    let (u, _) = target(conn, actor, user_id)?;
    user_rows::clear_failures(conn, &u.id)?;
    security::record(
        conn,
        event(
            Kind::AccountLocked,
            actor,
            &u,
            serde_json::json!({ "user": u.username, "action": "unlocked" }),
        ),
    )?;
    Ok(())
}
