//! What an organisation's administrator (ICCC, police station or court)
//! does to its own organisation's accounts from the portal: list them,
//! change a role, reset MFA, lift a lockout. Nobody administers another
//! organisation's accounts. Demoting or promoting an administrator, or
//! resetting an administrator's MFA, needs a second administrator of the
//! same organisation (`workflow::approvals`). Each change is a security
//! event naming the administrators; role changes and MFA resets end the
//! user's sessions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::approvals::{self, Ask};
use crate::db::approvals::ApprovalRow;
use crate::db::schema::{organisations, users};
use crate::db::{organisations as orgs, sessions, time, users as user_rows, DbConnection};
use crate::domain::approval::ApprovalKind;
use crate::domain::authz::Actor;
use crate::domain::organisation::OrgKind;
use crate::domain::role::Role;
use crate::domain::ValidationError;
use crate::error::{code, ApiError};
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

/// Whether a change to an account waits for a second administrator.
#[derive(Debug)]
pub enum Outcome {
    Done,
    Pending(Box<ApprovalRow>),
}

/// The accounts of the caller's own organisation (its administrators and
/// auditors).
pub fn list(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<UserSummary>, ApiError> {
    if !actor.may_list_accounts() {
        return Err(ApiError::forbidden(
            "accounts are for their organisation's administrators and auditors",
        ));
    }
    let now = time::now();
    let rows: Vec<Listed> = users::table
        .inner_join(organisations::table)
        .filter(users::organisation_id.eq(&actor.org_id))
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

/// The target account, if `actor` administers its organisation and it is
/// not their own (404 otherwise, or 403 for oneself).
fn target(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
) -> Result<(user_rows::UserRow, OrgKind), ApiError> {
    if !actor.role.is_admin() {
        return Err(ApiError::forbidden(
            "only an organisation's administrators manage its accounts",
        ));
    }
    let u = user_rows::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    let org = orgs::find(conn, &u.organisation_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    let kind: OrgKind = org.kind;
    if !actor.may_administer(&org.id, kind) {
        return Err(ApiError::not_found("user"));
    }
    if u.id == actor.user_id {
        return Err(ApiError::forbidden(
            "administrators cannot change their own account here",
        ));
    }
    Ok((u, kind))
}

fn is_admin(u: &user_rows::UserRow) -> Result<bool, ApiError> {
    Ok(u.role.is_admin())
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

/// Changes a role. Making someone an administrator or changing an
/// administrator's role waits for a second administrator.
pub fn change_role(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
    role: Role,
    ttl_hours: u32,
) -> Result<Outcome, ApiError> {
    let (u, kind) = target(conn, actor, user_id)?;
    if !role.fits(kind) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::RoleDoesNotFitOrganisation,
            format!("a {role} cannot belong to a {kind}"),
        )
        .into());
    }
    if is_admin(&u)? || role.is_admin() {
        let ask = approvals::ask(
            conn,
            actor,
            Ask {
                kind: ApprovalKind::ChangeAdminRole,
                organisation_id: &u.organisation_id,
                subject_id: &u.id,
                request_id: None,
                params: serde_json::json!({ "from": u.role, "to": role.as_str() }),
                reason: format!("{}: {} to {role}", u.username, u.role),
                ttl_hours,
            },
        )?;
        return Ok(Outcome::Pending(Box::new(ask)));
    }
    apply_role(conn, actor, &u, role, None)?;
    Ok(Outcome::Done)
}

fn apply_role(
    conn: &mut DbConnection,
    actor: &Actor,
    u: &user_rows::UserRow,
    role: Role,
    approval: Option<&ApprovalRow>,
) -> Result<(), ApiError> {
    user_rows::set_role(conn, &u.id, role.as_str())?;
    sessions::revoke_all_for_user(conn, &u.id, "role_changed", time::now())?;
    security::record(
        conn,
        event(
            Kind::RoleChanged,
            actor,
            u,
            serde_json::json!({
                "user": u.username, "from": u.role, "to": role.as_str(),
                "requested_by": approval.map(|a| &a.requested_by),
                "approval_id": approval.map(|a| &a.id),
            }),
        ),
    )?;
    Ok(())
}

/// Carries out an approved role change of (or to) an administrator.
pub fn carry_out_role_change(
    conn: &mut DbConnection,
    actor: &Actor,
    approval: &ApprovalRow,
) -> Result<(), ApiError> {
    let (u, kind) = target(conn, actor, &approval.subject_id)?;
    let p: serde_json::Value =
        serde_json::from_str(&approval.params).map_err(ApiError::internal)?;
    let role: Role = p["to"].as_str().unwrap_or_default().parse()?;
    if p["from"].as_str() != Some(u.role.as_str()) || !role.fits(kind) {
        return Err(ApiError::conflict(
            code::CONFLICT,
            "the account changed since this was asked; ask again",
        ));
    }
    apply_role(conn, actor, &u, role, Some(approval))
}

/// Resets MFA. An administrator's waits for a second administrator.
pub fn reset_mfa(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
    ttl_hours: u32,
) -> Result<Outcome, ApiError> {
    let (u, _) = target(conn, actor, user_id)?;
    if is_admin(&u)? {
        let ask = approvals::ask(
            conn,
            actor,
            Ask {
                kind: ApprovalKind::ResetAdminMfa,
                organisation_id: &u.organisation_id,
                subject_id: &u.id,
                request_id: None,
                params: serde_json::json!({ "user": u.username }),
                reason: format!("reset the two-step login of {}", u.username),
                ttl_hours,
            },
        )?;
        return Ok(Outcome::Pending(Box::new(ask)));
    }
    apply_mfa_reset(conn, actor, &u, None)?;
    Ok(Outcome::Done)
}

fn apply_mfa_reset(
    conn: &mut DbConnection,
    actor: &Actor,
    u: &user_rows::UserRow,
    approval: Option<&ApprovalRow>,
) -> Result<(), ApiError> {
    let now = time::now();
    user_rows::reset_mfa(conn, &u.id, now)?;
    sessions::revoke_all_for_user(conn, &u.id, "mfa_reset", now)?;
    security::record(
        conn,
        event(
            Kind::MfaReset,
            actor,
            u,
            serde_json::json!({
                "user": u.username, "role": u.role,
                "requested_by": approval.map(|a| &a.requested_by),
                "approval_id": approval.map(|a| &a.id),
            }),
        ),
    )?;
    Ok(())
}

/// Carries out an approved MFA reset of an administrator.
pub fn carry_out_mfa_reset(
    conn: &mut DbConnection,
    actor: &Actor,
    approval: &ApprovalRow,
) -> Result<(), ApiError> {
    let (u, _) = target(conn, actor, &approval.subject_id)?;
    apply_mfa_reset(conn, actor, &u, Some(approval))
}

pub fn unlock(conn: &mut DbConnection, actor: &Actor, user_id: &str) -> Result<(), ApiError> {
    let (u, _) = target(conn, actor, user_id)?;
    user_rows::clear_failures(conn, &u.id)?;
    crate::db::login_throttle::clear(conn, &u.id, None)?;
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
