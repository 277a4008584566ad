//! What makes a clip evidence: its signed manifest (`manifest`), sealed in
//! the same transaction that records the clip (`seal`), and the package a
//! court receives (`package`).

pub mod certificate;
pub mod certificate_facts;
pub mod manifest;
pub mod package;
pub mod pdf;
pub mod seal;
pub mod serve;
pub mod verify;
