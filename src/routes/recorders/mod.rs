//! `/api/v1/recorders`: the NVRs and VMSs footage is pulled from, and
//! which camera each of their channels records.

pub mod channels;
pub mod check;
pub mod create;
pub mod get;
pub mod list;
pub mod update;
pub mod view;
