//! Case references that authorise a footage request: an FIR (First
//! Information Report) or GD (General Diary) entry number, and the BNS
//! sections invoked.

use super::ValidationError;

fn reference(
    raw: &str,
    code: crate::domain::error_code::ErrorCode,
    what: &str,
) -> Result<String, ValidationError> {
    let s = raw.trim();
    let ok = (1..=40).contains(&s.len())
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | ' '));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(ValidationError::new(
            code,
            format!("{what} must be 1-40 characters of letters, digits, '/', '-', '.' or spaces, with at least one digit (e.g. 0123/2026)"),
        ))
    }
}

/// An FIR number as registered at the police station, e.g. `0123/2026`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirNumber(String);

impl FirNumber {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        reference(
            raw,
            crate::domain::error_code::ErrorCode::InvalidFirNumber,
            "FIR number",
        )
        .map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A General Diary entry number, used before an FIR is registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdNumber(String);

impl GdNumber {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        reference(
            raw,
            crate::domain::error_code::ErrorCode::InvalidGdNumber,
            "GD number",
        )
        .map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// At least one of an FIR number or a GD number: a request without either
/// has no legal footing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReference {
    pub fir: Option<FirNumber>,
    pub gd: Option<GdNumber>,
}

impl CaseReference {
    pub fn parse(fir: Option<&str>, gd: Option<&str>) -> Result<Self, ValidationError> {
        let fir = fir
            .filter(|s| !s.trim().is_empty())
            .map(FirNumber::parse)
            .transpose()?;
        let gd = gd
            .filter(|s| !s.trim().is_empty())
            .map(GdNumber::parse)
            .transpose()?;
        if fir.is_none() && gd.is_none() {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::MissingCaseReference,
                "an FIR number or a GD number is required",
            ));
        }
        Ok(Self { fir, gd })
    }
}

/// A section of the Bharatiya Nyaya Sanhita, e.g. `103(1)` or `303(2)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BnsSection(String);

impl BnsSection {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        let rest = &s[digits..];
        let rest_ok = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '(' || c == ')')
            && rest.chars().filter(|&c| c == '(').count()
                == rest.chars().filter(|&c| c == ')').count();
        if (1..=3).contains(&digits) && s.len() <= 20 && rest_ok {
            Ok(Self(s))
        } else {
            Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidBnsSection,
                format!(
                    "`{}` is not a BNS section such as 103 or 303(2)",
                    raw.trim()
                ),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses the list of sections; at most 20, duplicates removed.
pub fn bns_sections(raw: &[String]) -> Result<Vec<BnsSection>, ValidationError> {
    if raw.len() > 20 {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidBnsSection,
            "at most 20 BNS sections",
        ));
    }
    let mut out: Vec<BnsSection> = Vec::with_capacity(raw.len());
    for r in raw {
        let s = BnsSection::parse(r)?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_fir_or_gd() {
        assert_eq!(
            CaseReference::parse(None, Some("  ")).map_err(|e| e.code.as_str()),
            Err("missing_case_reference")
        );
        assert!(CaseReference::parse(Some("0123/2026"), None).is_ok());
        assert!(CaseReference::parse(None, Some("GD-45/2026")).is_ok());
        assert_eq!(
            CaseReference::parse(Some("abc"), None).map_err(|e| e.code.as_str()),
            Err("invalid_fir_number")
        );
        assert_eq!(
            CaseReference::parse(Some("12;drop"), None).map_err(|e| e.code.as_str()),
            Err("invalid_fir_number")
        );
    }

    #[test]
    fn bns_section_forms() {
        for ok in ["103", "303(2)", "64(1)(a)", "111A", " 115 (2) "] {
            assert!(BnsSection::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "abc", "1034", "103(", "103;--"] {
            assert!(BnsSection::parse(bad).is_err(), "{bad}");
        }
        let list = bns_sections(&["103".into(), "103".into(), "304".into()]).unwrap();
        assert_eq!(list.len(), 2);
    }
}
