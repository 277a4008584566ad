//! The three-file form: a clip, its manifest, the signature, and keys.

use std::path::Path;

use super::keys::PinnedKeys;
use super::{check_clip, check_manifest_json, check_signature, Report, VerifyError};
use crate::tail::HashingReader;

/// Checks `clip` against `manifest` and its raw signature `sig`, with any
/// of `keys` (the manifest names the key that signed it).
pub fn verify_files(
    clip: &Path,
    manifest: &Path,
    sig: &Path,
    keys: &PinnedKeys,
) -> Result<Report, VerifyError> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| VerifyError::Io(p.display().to_string(), e));
    let manifest_bytes = read(manifest)?;
    let signature = read(sig)?;
    let mut report = Report::default();
    let m = check_manifest_json(&mut report, &manifest_bytes);
    let key = keys.public_keys().into_iter().find(|k| {
        ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, k)
            .verify(&manifest_bytes, &signature)
            .is_ok()
    });
    check_signature(&mut report, key, &manifest_bytes, &signature);
    let f =
        std::fs::File::open(clip).map_err(|e| VerifyError::Io(clip.display().to_string(), e))?;
    let mut hashing = HashingReader::new(f);
    std::io::copy(&mut hashing, &mut std::io::sink())
        .map_err(|e| VerifyError::Io(clip.display().to_string(), e))?;
    check_clip(&mut report, m.as_ref(), hashing.finish());
    Ok(report)
}
