//! `/api/v1/requests/{id}/items/{item_id}/…`: operator actions on one item.

pub mod unavailable;
pub mod upload;

use crate::db::requests::{self, ItemRow, RequestRow};
use crate::db::{clips, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::role::Role;
use crate::error::{code, ApiError};
use crate::workflow::transition::{load_visible, scope};

/// Loads an item an operator of the request's ICCC may still settle: the
/// request approved or extracting, the item without a clip or outcome.
pub fn load_open_item(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    item_id: &str,
) -> Result<(RequestRow, ItemRow), ApiError> {
    let req = load_visible(conn, actor, id)?;
    let item = requests::find_item(conn, item_id)?
        .filter(|i| i.request_id == req.id)
        .ok_or_else(|| ApiError::not_found("item"))?;
    if actor.role != Role::Operator || !actor.can_act_on_request(&scope(&req)) {
        return Err(ApiError::forbidden(
            "only an operator of the ICCC settles items",
        ));
    }
    if clips::for_item(conn, &item.id)?.is_some() || item.status.is_final() {
        return Err(ApiError::conflict(
            code::ITEM_SETTLED,
            "this item already has its outcome",
        ));
    }
    let status = req.status;
    if !matches!(status, RequestStatus::Approved | RequestStatus::Extracting) {
        return Err(ApiError::conflict(
            code::INVALID_TRANSITION,
            format!("the request is {status}, not approved"),
        ));
    }
    Ok((req, item))
}
