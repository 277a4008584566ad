//! The two-person rule: actions that destroy evidence, start the clock
//! towards its destruction, or take an administrator's access away are
//! recorded as pending approvals and take effect only when a second,
//! different person with the right role approves them. Who may decide is
//! in [`super::authz`]; this module holds the kinds and states.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

use super::ValidationError;

/// What waits for a second person.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ApprovalKind {
    /// A case's disposal, recorded by the station: a station supervisor
    /// other than the recorder confirms it before the retention clock of
    /// its clips starts.
    ConfirmDisposal,
    /// Erasing a clip's bytes by hand: a second ICCC administrator.
    EraseClip,
    /// Changing an administrator's role, or making someone one: a second
    /// administrator of the same organisation.
    ChangeAdminRole,
    /// Removing an administrator's TOTP enrolment: a second administrator.
    ResetAdminMfa,
}

impl ApprovalKind {
    pub const ALL: [ApprovalKind; 4] = [
        ApprovalKind::ConfirmDisposal,
        ApprovalKind::EraseClip,
        ApprovalKind::ChangeAdminRole,
        ApprovalKind::ResetAdminMfa,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalKind::ConfirmDisposal => "confirm_disposal",
            ApprovalKind::EraseClip => "erase_clip",
            ApprovalKind::ChangeAdminRole => "change_admin_role",
            ApprovalKind::ResetAdminMfa => "reset_admin_mfa",
        }
    }

    /// Whether the subject is a user account (otherwise a request or clip).
    pub fn is_about_an_account(self) -> bool {
        matches!(
            self,
            ApprovalKind::ChangeAdminRole | ApprovalKind::ResetAdminMfa
        )
    }
}

impl fmt::Display for ApprovalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApprovalKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidKind,
                    format!("unknown approval kind `{s}`"),
                )
            })
    }
}

/// Where an approval stands. Only `Pending` ever changes, once.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ApprovalState {
    Pending,
    Approved,
    /// Refused by a decider, or withdrawn by the person who asked.
    Refused,
    /// Nobody decided before it expired.
    Expired,
}

impl ApprovalState {
    pub const ALL: [ApprovalState; 4] = [
        ApprovalState::Pending,
        ApprovalState::Approved,
        ApprovalState::Refused,
        ApprovalState::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Refused => "refused",
            ApprovalState::Expired => "expired",
        }
    }
}

impl fmt::Display for ApprovalState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApprovalState {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidState,
                    format!("unknown approval state `{s}`"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_states_round_trip() {
        for k in ApprovalKind::ALL {
            assert_eq!(k.as_str().parse::<ApprovalKind>(), Ok(k));
        }
        for s in ApprovalState::ALL {
            assert_eq!(s.as_str().parse::<ApprovalState>(), Ok(s));
        }
        assert!("erase".parse::<ApprovalKind>().is_err());
        assert!("done".parse::<ApprovalState>().is_err());
    }
}
