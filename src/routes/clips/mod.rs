//! `/api/v1/clips`: clip metadata and the evidence bytes.

pub mod content;
pub mod get;
pub mod manifest;
pub mod package;
pub mod view;
