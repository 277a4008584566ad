//! The two-person rule: actions that destroy evidence, start the clock
//! towards its destruction, or take an administrator's access away are
//! recorded as pending approvals and take effect only when a second,
//! different person with the right role approves them. Who may decide is
//! in [`super::authz`]; this module holds the kinds and states.

text_enum!(
    /// What waits for a second person.
    ApprovalKind, "approval kind", InvalidKind, {
        /// A case's disposal, recorded by the station: a station supervisor
        /// other than the recorder confirms it before the retention clock of
        /// its clips starts.
        ConfirmDisposal => "confirm_disposal",
        /// Erasing a clip's bytes by hand: a second ICCC administrator.
        EraseClip => "erase_clip",
        /// Changing an administrator's role, or making someone one: a second
        /// administrator of the same organisation.
        ChangeAdminRole => "change_admin_role",
        /// Removing an administrator's TOTP enrolment: a second administrator.
        ResetAdminMfa => "reset_admin_mfa",
    }
);

impl ApprovalKind {
    /// Whether the subject is a user account (otherwise a request or clip).
    pub fn is_about_an_account(self) -> bool {
        matches!(
            self,
            ApprovalKind::ChangeAdminRole | ApprovalKind::ResetAdminMfa
        )
    }
}

text_enum!(
    /// Where an approval stands. Only `Pending` ever changes, once.
    ApprovalState, "approval state", InvalidState, {
        Pending => "pending",
        Approved => "approved",
        /// Refused by a decider, or withdrawn by the person who asked.
        Refused => "refused",
        /// Nobody decided before it expired.
        Expired => "expired",
    }
);

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
