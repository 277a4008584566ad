//! Security events for the city CISO (`GET /api/v1/security-events`):
//! what happened, to whom, from where. `record` writes one in the caller's
//! transaction; callers whose action fails (a refused login) record in a
//! transaction of their own so the refusal is not rolled back with it.

pub mod damage;
pub mod downloads;
pub mod lockout;

use serde::Serialize;

use crate::db::security_events::{self, NewSecurityEventRow};
use crate::db::{time, users, DbConnection};

/// The kinds of security event, as stored and filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    LoginFailed,
    AccountLocked,
    MfaReset,
    KeyRotated,
    RoleChanged,
    BulkDownload,
    ShareCreated,
    ShareRevoked,
    VerificationFailed,
    HashMismatch,
    LogAuditFailed,
    LegalHold,
    EvidenceErased,
    /// Stored evidence no longer matches its recorded hash or size.
    EvidenceDamaged,
    /// A used refresh token came back: the session is presumed stolen.
    RefreshTokenReused,
    /// Something waits for a second person (two-person rule).
    ApprovalRequested,
    /// A second person approved or refused it, or its asker withdrew it.
    ApprovalDecided,
    /// An ICCC administrator corrected a recorded case disposal.
    DisposalCorrected,
    /// A recorder was registered, or its address, account or channel map
    /// changed (where footage is taken from, and as whom).
    RecorderChanged,
}

impl Kind {
    pub const ALL: [Kind; 19] = [
        Kind::LoginFailed,
        Kind::AccountLocked,
        Kind::MfaReset,
        Kind::KeyRotated,
        Kind::RoleChanged,
        Kind::BulkDownload,
        Kind::ShareCreated,
        Kind::ShareRevoked,
        Kind::VerificationFailed,
        Kind::HashMismatch,
        Kind::LogAuditFailed,
        Kind::LegalHold,
        Kind::EvidenceErased,
        Kind::EvidenceDamaged,
        Kind::RefreshTokenReused,
        Kind::ApprovalRequested,
        Kind::ApprovalDecided,
        Kind::DisposalCorrected,
        Kind::RecorderChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LoginFailed => "login_failed",
            Kind::AccountLocked => "account_locked",
            Kind::MfaReset => "mfa_reset",
            Kind::KeyRotated => "key_rotated",
            Kind::RoleChanged => "role_changed",
            Kind::BulkDownload => "bulk_download",
            Kind::ShareCreated => "share_created",
            Kind::ShareRevoked => "share_revoked",
            Kind::VerificationFailed => "verification_failed",
            Kind::HashMismatch => "hash_mismatch",
            Kind::LogAuditFailed => "log_audit_failed",
            Kind::LegalHold => "legal_hold",
            Kind::EvidenceErased => "evidence_erased",
            Kind::EvidenceDamaged => "evidence_damaged",
            Kind::RefreshTokenReused => "refresh_token_reused",
            Kind::ApprovalRequested => "approval_requested",
            Kind::ApprovalDecided => "approval_decided",
            Kind::DisposalCorrected => "disposal_corrected",
            Kind::RecorderChanged => "recorder_changed",
        }
    }

    /// How urgently the CISO should look.
    pub fn severity(self) -> &'static str {
        match self {
            Kind::LoginFailed
            | Kind::ShareCreated
            | Kind::ShareRevoked
            | Kind::VerificationFailed
            | Kind::LegalHold
            | Kind::ApprovalRequested
            | Kind::ApprovalDecided => "info",
            Kind::MfaReset
            | Kind::KeyRotated
            | Kind::RoleChanged
            | Kind::AccountLocked
            | Kind::EvidenceErased
            | Kind::DisposalCorrected
            | Kind::RecorderChanged => "warning",
            Kind::BulkDownload
            | Kind::HashMismatch
            | Kind::LogAuditFailed
            | Kind::EvidenceDamaged
            | Kind::RefreshTokenReused => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One event to record. `actor_id` is looked up for the username and
/// organisation; `username` names who an event is about when there is no
/// user id (a failed login for an unknown name).
#[derive(Debug, Clone)]
pub struct SecurityEvent {
    pub kind: Kind,
    pub actor_id: Option<String>,
    pub username: Option<String>,
    pub client_ip: Option<String>,
    pub subject: Option<String>,
    pub detail: serde_json::Value,
}

impl SecurityEvent {
    pub fn new(kind: Kind) -> Self {
        Self {
            kind,
            actor_id: None,
            username: None,
            client_ip: None,
            subject: None,
            detail: serde_json::Value::Object(Default::default()),
        }
    }

    pub fn actor(mut self, id: Option<&str>) -> Self {
        self.actor_id = id.map(str::to_owned);
        self
    }

    pub fn username(mut self, name: &str) -> Self {
        self.username = Some(name.to_owned());
        self
    }

    pub fn from_addr(mut self, ip: Option<String>) -> Self {
        self.client_ip = ip;
        self
    }

    pub fn subject(mut self, s: &str) -> Self {
        self.subject = Some(s.to_owned());
        self
    }

    pub fn detail(mut self, d: serde_json::Value) -> Self {
        self.detail = d;
        self
    }
}

/// Records the event in the current transaction and logs it (without
/// secrets: details never carry passwords, codes or tokens).
pub fn record(conn: &mut DbConnection, ev: SecurityEvent) -> diesel::QueryResult<()> {
    let user = match &ev.actor_id {
        Some(id) => users::find(conn, id)?,
        None => None,
    };
    let username = user
        .as_ref()
        .map(|u| u.username.clone())
        .or(ev.username.clone());
    let org = user.as_ref().map(|u| u.organisation_id.clone());
    let detail = ev.detail.to_string();
    tracing::warn!(
        target: "security",
        kind = ev.kind.as_str(),
        severity = ev.kind.severity(),
        username = username.as_deref().unwrap_or(""),
        subject = ev.subject.as_deref().unwrap_or(""),
        "security event"
    );
    security_events::insert(
        conn,
        &NewSecurityEventRow {
            at: time::now(),
            kind: ev.kind.as_str(),
            severity: ev.kind.severity(),
            actor_id: ev.actor_id.as_deref(),
            username: username.as_deref(),
            organisation_id: org.as_deref(),
            client_ip: ev.client_ip.as_deref(),
            subject: ev.subject.as_deref(),
            detail: &detail,
        },
    )
}
