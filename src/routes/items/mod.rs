//! `/api/v1/requests/{id}/items/{item_id}/…`: operator actions on one item
//! (`workflow::items`).

pub mod unavailable;
pub mod upload;
