//! `/api/v1/verify`: public verification of a clip by its SHA-256.

pub mod hash;
