//! When a clip's bytes may be erased by hand (the retention job has its
//! own clock: `retention::sweep`). Pure rules; the workflow gathers the
//! facts and a second ICCC administrator's approval.

use serde::Serialize;
use std::str::FromStr;

use super::ValidationError;

/// Why a clip is erased.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Basis {
    /// Its retention after case disposal ran out (the retention job).
    RetentionExpired,
    /// A data principal's erasure request under the DPDP Act.
    ErasureRequest,
    /// A court ordered it.
    CourtOrder,
}

impl Basis {
    pub const ALL: [Basis; 3] = [
        Basis::RetentionExpired,
        Basis::ErasureRequest,
        Basis::CourtOrder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::RetentionExpired => "retention_expired",
            Basis::ErasureRequest => "erasure_request",
            Basis::CourtOrder => "court_order",
        }
    }

    /// The bases a person may give (the retention job gives its own).
    pub fn by_hand(s: &str) -> Result<Basis, ValidationError> {
        match s.parse::<Basis>() {
            Ok(b) if b != Basis::RetentionExpired => Ok(b),
            _ => Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidBasis,
                "basis must be erasure_request or court_order",
            )),
        }
    }
}

impl FromStr for Basis {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidBasis,
                    format!("unknown basis `{s}`"),
                )
            })
    }
}

/// What is known about the clip when someone asks to erase it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErasureFacts {
    /// The case's disposal is recorded and confirmed.
    pub case_disposed: bool,
    /// A court share of the clip is neither revoked nor expired.
    pub court_share_active: bool,
    /// The request gave the reference of a court's order.
    pub has_court_order_reference: bool,
}

/// Why a hand erasure is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 422: the case is still open and no court order is named.
    CourtOrderRequired,
    /// 409: a court holds a live share and the basis is not its order.
    CourtShareActive,
}

/// A hand erasure is allowed only where a court has not got the clip in
/// hand (unless the court itself ordered it), and, while the case is
/// open, only on a court's order. A court order is always named by its
/// reference.
pub fn check(basis: Basis, f: ErasureFacts) -> Result<(), Refusal> {
    if basis == Basis::CourtOrder && !f.has_court_order_reference {
        return Err(Refusal::CourtOrderRequired);
    }
    if f.court_share_active && basis != Basis::CourtOrder {
        return Err(Refusal::CourtShareActive);
    }
    if !f.case_disposed && basis != Basis::CourtOrder {
        return Err(Refusal::CourtOrderRequired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_or_shared_cases_need_a_court_order() {
        let f = |case_disposed, court_share_active, has_court_order_reference| ErasureFacts {
            case_disposed,
            court_share_active,
            has_court_order_reference,
        };
        use Basis::*;
        // Disposed, not shared: either basis; an order by its reference.
        assert_eq!(check(ErasureRequest, f(true, false, false)), Ok(()));
        assert_eq!(check(CourtOrder, f(true, false, true)), Ok(()));
        assert_eq!(
            check(CourtOrder, f(true, false, false)),
            Err(Refusal::CourtOrderRequired)
        );
        // Shared with a court: only its order.
        assert_eq!(
            check(ErasureRequest, f(true, true, true)),
            Err(Refusal::CourtShareActive)
        );
        assert_eq!(check(CourtOrder, f(true, true, true)), Ok(()));
        // Open case: a court order with its reference, nothing else.
        assert_eq!(
            check(ErasureRequest, f(false, false, true)),
            Err(Refusal::CourtOrderRequired)
        );
        assert_eq!(
            check(CourtOrder, f(false, false, false)),
            Err(Refusal::CourtOrderRequired)
        );
        assert_eq!(check(CourtOrder, f(false, true, true)), Ok(()));
        assert!(Basis::by_hand("retention_expired").is_err());
        assert_eq!(Basis::by_hand("court_order"), Ok(CourtOrder));
    }
}
