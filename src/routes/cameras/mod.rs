//! `/api/v1/cameras`: the camera registry.

pub mod create;
pub mod get;
pub mod list;
pub mod recordings;
pub mod update;
pub mod view;
