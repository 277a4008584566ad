//! Free text with bounds: trimmed, non-empty, no control characters, and
//! nothing invisible that could reorder or hide what a court reads in a
//! PDF or a manifest.

use super::error_code::ErrorCode;
use super::ValidationError;

/// Whether `c`, between `prev` and `next`, is refused in free text:
/// bidirectional embeddings, overrides, isolates and marks (they reorder
/// what is displayed, "Trojan Source"), zero-width and other invisible
/// characters, and Unicode tags. The zero-width non-joiner and joiner are
/// allowed between two letters of an Indian script, where Hindi and
/// Marathi use them to choose a conjunct's form.
pub fn is_hidden_char(prev: Option<char>, c: char, next: Option<char>) -> bool {
    let indic = |x: Option<char>| x.is_some_and(|x| ('\u{0900}'..='\u{0DFF}').contains(&x));
    match c {
        '\u{200C}' | '\u{200D}' => !(indic(prev) && indic(next)),
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200B}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{180E}'
        | '\u{00AD}'
        | '\u{E0000}'..='\u{E007F}' => true,
        _ => false,
    }
}

/// Refuses text with control characters (other than new lines where
/// `lines` allows them) or hidden characters ([`is_hidden_char`]).
pub fn check_chars(field: &str, t: &str, lines: bool) -> Result<(), ValidationError> {
    if t.chars().any(|c| c.is_control() && !(lines && c == '\n')) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidCharacters,
            format!("`{field}` contains control characters"),
        ));
    }
    let chars: Vec<char> = t.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        if is_hidden_char(prev, *c, chars.get(i + 1).copied()) {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidCharacters,
                format!(
                    "`{field}` contains an invisible or direction-changing character (U+{:04X}); retype it without",
                    u32::from(*c)
                ),
            ));
        }
    }
    Ok(())
}

/// Single-line text of `min..=max` characters, trimmed and checked.
pub fn bounded_plain(
    field: &str,
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, ValidationError> {
    let t = raw.trim();
    let n = t.chars().count();
    if n < min || n > max {
        return Err(ValidationError::new(
            if n < min {
                ErrorCode::FieldRequired
            } else {
                ErrorCode::FieldTooLong
            },
            format!("`{field}` must be {min}-{max} characters"),
        ));
    }
    check_chars(field, t, false)?;
    Ok(t.to_owned())
}

/// Parses free text for a named field, `max` characters at most.
pub fn bounded(field: &str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::FieldRequired,
            format!("`{field}` must not be empty"),
        ));
    }
    if t.chars().count() > max {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::FieldTooLong,
            format!("`{field}` must be at most {max} characters"),
        ));
    }
    check_chars(field, t, true)?;
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
    fn refuses_direction_overrides_and_invisible_characters() {
        for bad in [
            "invoice\u{202E}fdp.exe",
            "a\u{2066}b\u{2069}",
            "zero\u{200B}width",
            "\u{FEFF}bom",
            "tag\u{E0041}",
            "joiner\u{200D}latin",
        ] {
            assert_eq!(
                bounded("f", bad, 100).map_err(|e| e.code.as_str()),
                Err("invalid_characters"),
                "{bad:?}"
            );
        }
        // Marathi's eyelash ra and a Hindi half form keep their joiners.
        for good in ["र\u{094D}\u{200D}या", "क\u{094D}\u{200C}ष", "MG Road, पुणे"]
        {
            assert!(bounded("f", good, 100).is_ok(), "{good:?}");
        }
        assert!(bounded_plain("r", "Order 7/2026", 3, 200).is_ok());
        assert!(bounded_plain("r", "ab", 3, 200).is_err());
    }

    #[test]
    fn trims_and_bounds() {
        assert_eq!(bounded("f", "  x ", 3).as_deref(), Ok("x"));
        assert_eq!(
            bounded("f", "   ", 3).map_err(|e| e.code.as_str()),
            Err("field_required")
        );
        assert_eq!(
            bounded("f", "abcd", 3).map_err(|e| e.code.as_str()),
            Err("field_too_long")
        );
        assert_eq!(
            bounded("f", "a\u{0}b", 3).map_err(|e| e.code.as_str()),
            Err("invalid_characters")
        );
        assert_eq!(optional("f", Some(" "), 3), Ok(None));
    }
}
