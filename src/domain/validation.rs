//! The error every domain parser returns: a stable machine code and a
//! sentence for people. The API layer maps it to HTTP 422.

use std::fmt;

use super::error_code::ErrorCode;

/// A value from outside failed a domain rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Stable code, part of the API contract.
    pub code: ErrorCode,
    /// Human-readable explanation; never contains secrets.
    pub message: String,
}

impl ValidationError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ValidationError {}
