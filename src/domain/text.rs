//! Free text with bounds: trimmed, non-empty, no control characters.

use super::ValidationError;

/// Parses free text for a named field, `max` characters at most.
pub fn bounded(field: &str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ValidationError::new(
            "missing_field",
            format!("`{field}` must not be empty"),
        ));
    }
    if t.chars().count() > max {
        return Err(ValidationError::new(
            "field_too_long",
            format!("`{field}` must be at most {max} characters"),
        ));
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationError::new(
            "invalid_characters",
            format!("`{field}` contains control characters"),
        ));
    }
    Ok(t.to_owned())
}

/// Like [`bounded`], for a field that may be absent.
pub fn optional(
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    match raw {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => bounded(field, s, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(bounded("f", "  x ", 3).as_deref(), Ok("x"));
        assert_eq!(
            bounded("f", "   ", 3).map_err(|e| e.code),
            Err("missing_field")
        );
        assert_eq!(
            bounded("f", "abcd", 3).map_err(|e| e.code),
            Err("field_too_long")
        );
        assert_eq!(
            bounded("f", "a\u{0}b", 3).map_err(|e| e.code),
            Err("invalid_characters")
        );
        assert_eq!(optional("f", Some(" "), 3), Ok(None));
    }
}
