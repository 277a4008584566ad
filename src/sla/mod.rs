//! SLA reports over the database: the pure rules are in `domain::sla`.

pub mod at_risk;
pub mod stored;
pub mod summary;
