//! Parsing of the decimal and base64 fields shared by the text formats.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::hash::Hash;

/// Parses a decimal with no sign and no leading zeros ("0" itself is allowed).
pub(super) fn parse_decimal(s: &str) -> Option<u64> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if canonical {
        s.parse().ok()
    } else {
        None
    }
}

/// Decodes standard padded base64 that must hold exactly 32 bytes.
pub(super) fn decode_hash(s: &str) -> Option<Hash> {
    STANDARD.decode(s).ok()?.try_into().ok()
}

/// Encodes bytes as standard padded base64.
pub(super) fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard padded base64.
pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    STANDARD.decode(s).ok()
}

/// Whether `s` holds an ASCII control character other than newline.
pub(super) fn has_control(s: &str) -> bool {
    s.chars().any(|c| c < ' ' && c != '\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("0"), Some(0));
        assert_eq!(parse_decimal("6476701"), Some(6_476_701));
        assert_eq!(parse_decimal("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "00",
            "01",
            "+1",
            "-5",
            " 1",
            "1 ",
            "notanumber",
            "18446744073709551616",
            "1_0",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hashes() {
        let b64 = encode_base64(&[7u8; 32]);
        assert_eq!(decode_hash(&b64), Some([7u8; 32]));
        assert_eq!(decode_hash(&encode_base64(&[7u8; 31])), None);
        assert_eq!(decode_hash(&encode_base64(&[7u8; 64])), None);
        assert_eq!(decode_hash(b64.trim_end_matches('=')), None);
        assert_eq!(decode_hash("!!notbase64!!"), None);
    }
}
