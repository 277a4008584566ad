//! Camera identity: codes, MAC addresses, status and retention.

use std::fmt;

use super::ValidationError;

/// A camera's code, unique across the deployment. Upper-case letters,
/// digits, `-` and `_`, 2 to 32 characters. It names a folder under the
/// recordings root, so nothing that could escape a path is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CameraCode(String);

impl CameraCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim().to_ascii_uppercase();
        let ok = (2..=32).contains(&s.len())
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(s))
        } else {
            Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidCameraCode,
                "camera code must be 2-32 characters of A-Z, 0-9, '-' or '_', starting with a letter or digit",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CameraCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A MAC address, normalised to `AA:BB:CC:DD:EE:FF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacAddress(String);

impl MacAddress {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let hex: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ':' | '-' | '.'))
            .collect();
        if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidMac,
                "MAC address must be 12 hexadecimal digits, e.g. 00:1A:2B:3C:4D:5E",
            ));
        }
        let up = hex.to_ascii_uppercase();
        let pairs: Vec<&str> = (0..6).map(|i| &up[i * 2..i * 2 + 2]).collect();
        Ok(Self(pairs.join(":")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_enum!(
    /// Operational status of a camera as the registry knows it.
    CameraStatus, "camera status", InvalidCameraStatus, {
        Online => "online",
        Offline => "offline",
        Decommissioned => "decommissioned",
    }
);

/// How many days a recorder keeps footage before overwriting it.
pub fn retention_days(days: i32) -> Result<i32, ValidationError> {
    if (1..=3650).contains(&days) {
        Ok(days)
    } else {
        Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidRetention,
            "retention must be between 1 and 3650 days",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_codes() {
        assert_eq!(
            CameraCode::parse(" pun-cam_01 ").unwrap().as_str(),
            "PUN-CAM_01"
        );
        for bad in ["", "A", "-AB", "AB/CD", "../x", "AB CD", &"X".repeat(33)] {
            assert!(CameraCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mac_addresses() {
        assert_eq!(
            MacAddress::parse("001a2b3c4d5e").unwrap().as_str(),
            "00:1A:2B:3C:4D:5E"
        );
        assert_eq!(
            MacAddress::parse("00-1A-2B-3C-4D-5E").unwrap().as_str(),
            "00:1A:2B:3C:4D:5E"
        );
        assert!(MacAddress::parse("00:1A:2B:3C:4D").is_err());
        assert!(MacAddress::parse("00:1A:2B:3C:4D:ZZ").is_err());
    }

    #[test]
    fn retention_bounds() {
        assert!(retention_days(30).is_ok());
        assert!(retention_days(0).is_err());
        assert!(retention_days(4000).is_err());
    }
}
