//! Sharing evidence packages with courts: create, list, revoke and a
//! printable receipt for the sharer; an inbox and downloads for the
//! court; downloads by secret link. Every step is a custody event.

pub mod create;
pub mod inbox;
pub mod link_package;
pub mod list;
pub mod receipt;
pub mod revoke;
pub mod shared_package;
pub mod view;
