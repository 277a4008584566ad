//! Tests across the module, driven by the vectors in `vectors.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod formats;
mod keys;
mod notes;
mod probes;
mod proofs;
mod props;
mod random;
mod tree;
