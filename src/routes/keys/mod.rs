//! `/api/v1/keys`: every key that signs manifests and checkpoints, public.

pub mod list;
