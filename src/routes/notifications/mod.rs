//! A user's own notifications (alerts on requests they file or handle).

pub mod list;
pub mod mark_read;
