//! Retention: legal holds on clips, erasure with a tombstone, and the
//! case disposal that starts a request's retention clock.

pub mod disposal;
pub mod erase;
pub mod erasure;
pub mod holds;
pub mod overview;
