//! Types and rules of the footage-request domain. No I/O lives here: every
//! function is pure, so the rules can be tested exhaustively.
//!
//! Raw input becomes one of these newtypes at the edge ("parse, don't
//! validate"); an invalid value cannot be constructed.

#[macro_use]
mod text_enum;

pub mod approval;
pub mod authz;
pub mod camera;
pub mod case_reference;
pub mod digest;
pub mod disposal;
pub mod erasure;
pub mod error_code;
pub mod filing;
pub mod fulfilment;
pub mod geo;
pub mod ids;
pub mod kinds;
pub mod lifecycle;
pub mod organisation;
pub mod reason;
pub mod recorder;
pub mod role;
pub mod sla;
pub mod text;
pub mod time_window;
pub mod urgency;
pub mod username;
pub mod validation;

pub use validation::ValidationError;
