//! `/api/v1/requests`: filing, listing, reading and moving footage requests.

pub mod create;
pub mod events;
pub mod get;
pub mod list;
pub mod notice;
pub mod transition;
pub mod view;
