//! Random secrets from the operating system's CSPRNG (ring).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, thiserror::Error)]
#[error("the system random number generator failed")]
pub struct RandomError;

pub fn bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut b = [0u8; N];
    SystemRandom::new().fill(&mut b).map_err(|_| RandomError)?;
    Ok(b)
}

/// 256 random bits, base64url without padding.
pub fn token() -> Result<String, RandomError> {
    Ok(URL_SAFE_NO_PAD.encode(bytes::<32>()?))
}
