//! TOTP second factor (RFC 6238; SHA-1, 6 digits, 30-second steps, one
//! step of skew either way). A successful check returns the time step
//! that matched; the caller records it so the same code, or an older one,
//! is never accepted again.

use totp_rs::{Algorithm, Secret, TOTP};

use super::random;

pub const DIGITS: usize = 6;
pub const STEP_SECS: u64 = 30;
const SKEW_STEPS: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    #[error("the stored TOTP secret is unusable")]
    BadSecret,
    #[error(transparent)]
    Random(#[from] random::RandomError),
}

/// A fresh 160-bit secret, base32 (what authenticator apps take).
pub fn generate_secret() -> Result<String, TotpError> {
    Ok(Secret::Raw(random::bytes::<20>()?.to_vec())
        .to_encoded()
        .to_string())
}

fn build(secret_b32: &str, account: &str) -> Result<TOTP, TotpError> {
    let raw = Secret::Encoded(secret_b32.to_owned())
        .to_bytes()
        .map_err(|_| TotpError::BadSecret)?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        SKEW_STEPS as u8,
        STEP_SECS,
        raw,
        Some("Sakshya".to_owned()),
        account.to_owned(),
    )
    .map_err(|_| TotpError::BadSecret)
}

/// The `otpauth://` URL an authenticator app scans.
pub fn otpauth_url(secret_b32: &str, account: &str) -> Result<String, TotpError> {
    Ok(build(secret_b32, account)?.get_url())
}

/// The code for `unix_time` (tests and the demo use it).
pub fn code_at(secret_b32: &str, unix_time: u64) -> Result<String, TotpError> {
    Ok(build(secret_b32, "x")?.generate(unix_time))
}

/// Returns the matching time step if `code` is valid around `unix_time`.
pub fn matching_step(
    secret_b32: &str,
    code: &str,
    unix_time: u64,
) -> Result<Option<u64>, TotpError> {
    let totp = build(secret_b32, "x")?;
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let now_step = unix_time / STEP_SECS;
    let lo = now_step.saturating_sub(SKEW_STEPS);
    Ok((lo..=now_step + SKEW_STEPS)
        .find(|step| constant_time_eq(totp.generate(step * STEP_SECS).as_bytes(), code.as_bytes())))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: 8-digit codes for SHA-1, SHA-256 and SHA-512
    /// with the RFC's seeds.
    #[test]
    fn rfc6238_vectors() {
        let seeds = [
            (Algorithm::SHA1, b"12345678901234567890".to_vec()),
            (
                Algorithm::SHA256,
                b"12345678901234567890123456789012".to_vec(),
            ),
            (
                Algorithm::SHA512,
                b"1234567890123456789012345678901234567890123456789012345678901234".to_vec(),
            ),
        ];
        let table: [(u64, [&str; 3]); 6] = [
            (59, ["94287082", "46119246", "90693936"]),
            (1111111109, ["07081804", "68084774", "25091201"]),
            (1111111111, ["14050471", "67062674", "99943326"]),
            (1234567890, ["89005924", "91819424", "93441116"]),
            (2000000000, ["69279037", "90698825", "38618901"]),
            (20000000000, ["65353130", "77737706", "47863826"]),
        ];
        for (t, expected) in table {
            for (i, (alg, seed)) in seeds.iter().enumerate() {
                let totp = TOTP::new(*alg, 8, 1, 30, seed.clone(), None, "rfc".into()).unwrap();
                assert_eq!(totp.generate(t), expected[i], "t={t} alg={alg:?}");
            }
        }
    }

    #[test]
    fn matches_current_and_adjacent_steps_only() {
        let s = generate_secret().unwrap();
        let t = 1_800_000_000u64;
        let step = t / STEP_SECS;
        let now = code_at(&s, t).unwrap();
        assert_eq!(matching_step(&s, &now, t).unwrap(), Some(step));
        let prev = code_at(&s, t - 30).unwrap();
        assert_eq!(matching_step(&s, &prev, t).unwrap(), Some(step - 1));
        let old = code_at(&s, t - 90).unwrap();
        assert_eq!(matching_step(&s, &old, t).unwrap(), None);
        assert_eq!(matching_step(&s, "abcdef", t).unwrap(), None);
        assert!(otpauth_url(&s, "op1")
            .unwrap()
            .starts_with("otpauth://totp/Sakshya:op1?"));
    }
}
