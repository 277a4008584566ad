//! Item outcomes and how they add up to the request's outcome.

use super::lifecycle::RequestStatus;

text_enum!(
    ItemStatus, "item status", InvalidItemStatus, {
        Pending => "pending",
        Extracting => "extracting",
        Fulfilled => "fulfilled",
        /// A clip exists but the recording has holes inside the window.
        PartiallyFulfilled => "partially_fulfilled",
        Unavailable => "unavailable",
    }
);

impl ItemStatus {
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ItemStatus::Fulfilled | ItemStatus::PartiallyFulfilled | ItemStatus::Unavailable
        )
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
