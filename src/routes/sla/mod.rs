//! `/api/v1/sla`: fulfilment against the SLA, scoped to the caller.

pub mod at_risk;
pub mod summary;
