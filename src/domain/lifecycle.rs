//! The request lifecycle as a state machine:
//!
//! ```text
//! draft → submitted → endorsed → in_review → approved → extracting → fulfilled
//!                                                                  | partially_fulfilled
//!                                                                  | unavailable
//! ```
//! plus `rejected` (with a reason code) and `withdrawn`. A station
//! supervisor may return a submitted request to draft. When the
//! endorsement policy is off, submission goes straight to `endorsed`.
//!
//! [`plan`] is the only way to compute a next state: it checks the role,
//! the current state and the reason/comment rules together.

use super::reason::ReasonCode;
use super::role::Role;
use super::ValidationError;

text_enum!(
    RequestStatus, "status", InvalidStatus, {
        Draft => "draft",
        Submitted => "submitted",
        Endorsed => "endorsed",
        InReview => "in_review",
        Approved => "approved",
        Extracting => "extracting",
        Fulfilled => "fulfilled",
        PartiallyFulfilled => "partially_fulfilled",
        Unavailable => "unavailable",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
);

impl RequestStatus {
    /// No further transition leaves a terminal state.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            RequestStatus::Fulfilled
                | RequestStatus::PartiallyFulfilled
                | RequestStatus::Unavailable
                | RequestStatus::Rejected
                | RequestStatus::Withdrawn
        )
    }
}

text_enum!(
    /// What a person can do to a request through the API.
    Action, "action", InvalidAction, {
        Submit => "submit",
        Endorse => "endorse",
        Return => "return",
        Review => "review",
        Approve => "approve",
        Reject => "reject",
        Withdraw => "withdraw",
    }
);

impl Action {
    /// The one role allowed to take this action.
    pub fn role(self) -> Role {
        match self {
            Action::Submit | Action::Withdraw => Role::Investigator,
            Action::Endorse | Action::Return => Role::StationSupervisor,
            Action::Review | Action::Approve | Action::Reject => Role::Operator,
        }
    }

    /// States this action may leave from.
    pub fn sources(self) -> &'static [RequestStatus] {
        use RequestStatus::*;
        match self {
            Action::Submit => &[Draft],
            Action::Endorse | Action::Return => &[Submitted],
            Action::Review => &[Endorsed],
            Action::Approve | Action::Reject => &[Endorsed, InReview],
            Action::Withdraw => &[Draft, Submitted, Endorsed, InReview, Approved],
        }
    }
}

/// Lifecycle policy switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecyclePolicy {
    /// A station supervisor must endorse before the ICCC sees the request.
    pub require_endorsement: bool,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            require_endorsement: true,
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// The actor's role may not take this action at all.
    RoleNotAllowed { action: Action, role: Role },
    /// The action does not apply to the current state.
    InvalidFromState { action: Action, from: RequestStatus },
    /// The action needs input that was missing or wrong.
    Input(ValidationError),
}

/// The input accompanying an action.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub reason: Option<ReasonCode>,
    pub comment: Option<String>,
}

/// A checked transition, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub action: Action,
    pub from: RequestStatus,
    pub to: RequestStatus,
    pub reason: Option<ReasonCode>,
    pub comment: Option<String>,
}

/// Separation of duties: the person who filed a request never endorses
/// or returns it (even once promoted to supervisor). Returns why, if
/// `actor_id` may not take `action`. Nobody decides a request whose
/// footage they supplied either, by construction: footage is uploaded
/// only into an approved request (`workflow::items::open_item`), after
/// every decision.
pub fn duty_conflict(action: Action, actor_id: &str, filed_by: &str) -> Option<&'static str> {
    match action {
        Action::Endorse | Action::Return if actor_id == filed_by => Some(
            "you filed this request; another supervisor of the station must endorse or return it",
        ),
        _ => None,
    }
}

/// Computes the transition `action` makes from `from` for a user of `role`.
pub fn plan(
    from: RequestStatus,
    action: Action,
    role: Role,
    input: ActionInput,
    policy: LifecyclePolicy,
) -> Result<Transition, TransitionError> {
    if action.role() != role {
        return Err(TransitionError::RoleNotAllowed { action, role });
    }
    if !action.sources().contains(&from) {
        return Err(TransitionError::InvalidFromState { action, from });
    }
    let to = match action {
        Action::Submit if policy.require_endorsement => RequestStatus::Submitted,
        Action::Submit | Action::Endorse => RequestStatus::Endorsed,
        Action::Return => RequestStatus::Draft,
        Action::Review => RequestStatus::InReview,
        Action::Approve => RequestStatus::Approved,
        Action::Reject => RequestStatus::Rejected,
        Action::Withdraw => RequestStatus::Withdrawn,
    };
    let comment = input
        .comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        return Err(TransitionError::Input(ValidationError::new(
            crate::domain::error_code::ErrorCode::FieldTooLong,
            "a comment may be at most 2000 characters",
        )));
    }
    if let Some(c) = &comment {
        super::text::check_chars("comment", c, true).map_err(TransitionError::Input)?;
    }
    match action {
        Action::Reject => match input.reason {
            None => {
                return Err(TransitionError::Input(ValidationError::new(
                    crate::domain::error_code::ErrorCode::ReasonRequired,
                    "rejecting needs a reason code",
                )))
            }
            Some(r) if !r.is_rejection() => {
                return Err(TransitionError::Input(ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidReasonCode,
                    "a rejection takes rejected_invalid_request or rejected_insufficient_authority",
                )))
            }
            Some(_) => {}
        },
        _ if input.reason.is_some() => {
            return Err(TransitionError::Input(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidReasonCode,
                format!("`{}` takes no reason code", action.as_str()),
            )))
        }
        _ => {}
    }
    if matches!(action, Action::Return | Action::Withdraw) && comment.is_none() {
        return Err(TransitionError::Input(ValidationError::new(
            crate::domain::error_code::ErrorCode::CommentRequired,
            format!("`{}` needs a comment explaining why", action.as_str()),
        )));
    }
    Ok(Transition {
        action,
        from,
        to,
        reason: input.reason,
        comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::*;

    #[test]
    fn nobody_endorses_their_own_request() {
        assert!(duty_conflict(Action::Endorse, "u1", "u1").is_some());
        assert!(duty_conflict(Action::Return, "u1", "u1").is_some());
        assert!(duty_conflict(Action::Endorse, "u2", "u1").is_none());
        assert!(duty_conflict(Action::Submit, "u1", "u1").is_none());
        assert!(duty_conflict(Action::Approve, "u1", "u1").is_none());
    }

    fn input_for(a: Action) -> ActionInput {
        ActionInput {
            reason: (a == Action::Reject).then_some(ReasonCode::RejectedInvalidRequest),
            comment: Some("because".into()),
        }
    }

    /// The whole table, written out: (action, from, to) with endorsement on.
    const ALLOWED: &[(Action, RequestStatus, RequestStatus)] = &[
        (Action::Submit, Draft, Submitted),
        (Action::Endorse, Submitted, Endorsed),
        (Action::Return, Submitted, Draft),
        (Action::Review, Endorsed, InReview),
        (Action::Approve, Endorsed, Approved),
        (Action::Approve, InReview, Approved),
        (Action::Reject, Endorsed, Rejected),
        (Action::Reject, InReview, Rejected),
        (Action::Withdraw, Draft, Withdrawn),
        (Action::Withdraw, Submitted, Withdrawn),
        (Action::Withdraw, Endorsed, Withdrawn),
        (Action::Withdraw, InReview, Withdrawn),
        (Action::Withdraw, Approved, Withdrawn),
    ];

    #[test]
    fn exhaustive_transition_table() {
        let policy = LifecyclePolicy::default();
        for from in RequestStatus::ALL {
            for action in Action::ALL {
                for role in Role::ALL {
                    let got = plan(from, action, role, input_for(action), policy);
                    let expected = ALLOWED.iter().find(|(a, f, _)| *a == action && *f == from);
                    match (role == action.role(), expected, got) {
                        (true, Some((_, _, to)), Ok(t)) => assert_eq!(t.to, *to),
                        (true, None, Err(TransitionError::InvalidFromState { .. })) => {}
                        (false, _, Err(TransitionError::RoleNotAllowed { .. })) => {}
                        (_, _, other) => panic!("{action:?} from {from:?} by {role:?}: {other:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn terminal_states_have_no_exit() {
        for from in RequestStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
            for action in Action::ALL {
                assert!(plan(
                    from,
                    action,
                    action.role(),
                    input_for(action),
                    LifecyclePolicy::default()
                )
                .is_err());
            }
        }
    }

    #[test]
    fn submit_skips_endorsement_when_policy_off() {
        let p = LifecyclePolicy {
            require_endorsement: false,
        };
        let t = plan(
            Draft,
            Action::Submit,
            Role::Investigator,
            ActionInput::default(),
            p,
        )
        .unwrap();
        assert_eq!(t.to, Endorsed);
    }

    #[test]
    fn reasons_and_comments() {
        let p = LifecyclePolicy::default();
        let err = |r: Result<Transition, TransitionError>| match r {
            Err(TransitionError::Input(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(plan(
                InReview,
                Action::Reject,
                Role::Operator,
                ActionInput::default(),
                p
            )),
            "reason_required"
        );
        let wrong = ActionInput {
            reason: Some(ReasonCode::CameraOffline),
            comment: None,
        };
        assert_eq!(
            err(plan(InReview, Action::Reject, Role::Operator, wrong, p)),
            "invalid_reason_code"
        );
        let stray = ActionInput {
            reason: Some(ReasonCode::RejectedInvalidRequest),
            comment: None,
        };
        assert_eq!(
            err(plan(InReview, Action::Approve, Role::Operator, stray, p)),
            "invalid_reason_code"
        );
        let blank = ActionInput {
            reason: None,
            comment: Some("   ".into()),
        };
        assert_eq!(
            err(plan(
                Submitted,
                Action::Return,
                Role::StationSupervisor,
                blank,
                p
            )),
            "comment_required"
        );
    }
}
