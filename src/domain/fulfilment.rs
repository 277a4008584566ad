//! Item outcomes and how they add up to the request's outcome.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use super::lifecycle::RequestStatus;
use super::ValidationError;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ItemStatus {
    Pending,
    Extracting,
    Fulfilled,
    /// A clip exists but the recording has holes inside the window.
    PartiallyFulfilled,
    Unavailable,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::Extracting => "extracting",
            ItemStatus::Fulfilled => "fulfilled",
            ItemStatus::PartiallyFulfilled => "partially_fulfilled",
            ItemStatus::Unavailable => "unavailable",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            ItemStatus::Fulfilled | ItemStatus::PartiallyFulfilled | ItemStatus::Unavailable
        )
    }
}

impl FromStr for ItemStatus {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            ItemStatus::Pending,
            ItemStatus::Extracting,
            ItemStatus::Fulfilled,
            ItemStatus::PartiallyFulfilled,
            ItemStatus::Unavailable,
        ]
        .into_iter()
        .find(|i| i.as_str() == s)
        .ok_or_else(|| {
            ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidItemStatus,
                format!("unknown item status `{s}`"),
            )
        })
    }
}

/// The request's outcome once every item is final; `None` while any is
/// still pending or extracting.
pub fn request_outcome(items: &[ItemStatus]) -> Option<RequestStatus> {
    if items.is_empty() || items.iter().any(|i| !i.is_final()) {
        return None;
    }
    if items.iter().all(|i| *i == ItemStatus::Fulfilled) {
        Some(RequestStatus::Fulfilled)
    } else if items.iter().all(|i| *i == ItemStatus::Unavailable) {
        Some(RequestStatus::Unavailable)
    } else {
        Some(RequestStatus::PartiallyFulfilled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemStatus::*;

    #[test]
    fn outcomes() {
        assert_eq!(
            request_outcome(&[Fulfilled, Fulfilled]),
            Some(RequestStatus::Fulfilled)
        );
        assert_eq!(
            request_outcome(&[Unavailable]),
            Some(RequestStatus::Unavailable)
        );
        assert_eq!(
            request_outcome(&[Fulfilled, Unavailable]),
            Some(RequestStatus::PartiallyFulfilled)
        );
        assert_eq!(
            request_outcome(&[PartiallyFulfilled]),
            Some(RequestStatus::PartiallyFulfilled)
        );
        assert_eq!(request_outcome(&[Fulfilled, Extracting]), None);
        assert_eq!(request_outcome(&[]), None);
    }
}
