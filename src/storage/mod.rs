//! Where evidence bytes live. For now the local write-once store; the S3
//! store joins it behind one interface in its own change.

pub mod local;

pub use local::{LocalStore, StoredObject};
