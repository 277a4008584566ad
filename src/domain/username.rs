//! Usernames and the password policy.

use super::ValidationError;

/// Lower-case login name: 3-64 characters of a-z, 0-9, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (3..=64).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if ok {
            Ok(Self(s))
        } else {
            Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidUsername,
                "username must be 3-64 characters of a-z, 0-9, '.', '_' or '-'",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Passwords: at least 12 characters, at most 128 (argon2 input bound),
/// not all one character class. Long passphrases are welcome.
pub fn check_password_policy(pw: &str) -> Result<(), ValidationError> {
    let n = pw.chars().count();
    if !(12..=128).contains(&n) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::WeakPassword,
            "password must be 12 to 128 characters long",
        ));
    }
    let classes = [
        pw.chars().any(|c| c.is_lowercase()),
        pw.chars().any(|c| c.is_uppercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|b| **b).count() < 2 {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::WeakPassword,
            "password must mix at least two of lower case, upper case, digits and symbols",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Insp.Sharma ").unwrap().as_str(),
            "insp.sharma"
        );
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("a b c").is_err());
        assert!(Username::parse("root;--").is_err());
    }

    #[test]
    fn password_policy() {
        assert!(check_password_policy("short1A").is_err());
        assert!(check_password_policy("alllowercaseletters").is_err());
        assert!(check_password_policy("correct horse battery 9").is_ok());
    }
}
