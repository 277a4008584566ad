//! The CISO's security events.

pub mod list;
