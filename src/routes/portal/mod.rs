//! The browser pages, served by the same binary from `static/` (embedded
//! at build time, so the binary needs no files beside it), with a strict
//! Content-Security-Policy: scripts and styles only from this origin.

pub mod assets;
