//! C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures.
//!
//! A note is text ending in a newline, a blank line, then one or more
//! signature lines "— <name> <base64(BE32 key id || signature)>".

use super::error::NoteError;
use super::fields::{decode_base64, encode_base64, has_control};
use super::key::{valid_name, Verifier};

/// The most signature lines `open` reads; more make the note malformed.
const MAX_SIGNATURES: usize = 100;

/// The em dash and space that open every signature line.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Builds the signature line "— <name> <base64(BE32 key_id || sig)>\n".
pub fn signature_line(name: &str, key_id: u32, signature: &[u8]) -> String {
    let mut payload = Vec::with_capacity(4 + signature.len());
    payload.extend_from_slice(&key_id.to_be_bytes());
    payload.extend_from_slice(signature);
    format!("{SIGNATURE_PREFIX}{name} {}\n", encode_base64(&payload))
}

/// Signs note text (must end in "\n") with a closure producing the Ed25519 signature: returns text + "\n" + signature line.
///
/// The text must not hold control characters other than newline, and the
/// name must be a valid key name.
pub fn sign(
    text: &str,
    name: &str,
    key_id: u32,
    signer: impl FnOnce(&[u8]) -> Vec<u8>,
) -> Result<String, NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::Malformed("text does not end in a newline"));
    }
    if has_control(text) {
        return Err(NoteError::Malformed("text holds a control character"));
    }
    if !valid_name(name) {
        return Err(NoteError::InvalidName);
    }
    let signature = signer(text.as_bytes());
    Ok(format!(
        "{text}\n{}",
        signature_line(name, key_id, &signature)
    ))
}

/// A note whose signatures were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedNote {
    /// The signed text, ending in a newline.
    pub text: String,
    /// The known keys whose signatures verified, in note order, each once.
    pub verified_by: Vec<Verifier>,
    /// The number of distinct signature lines by keys not in the known list.
    pub unverified: usize,
}

/// Go note.Open semantics: malformed -> error; signatures by unknown keys ignored (counted); a known key's bad signature -> error; no verified signature -> error.
///
/// A key is known when both its name and key id match an entry of `known`;
/// a key listed twice is an error. Every signature line by a known key is
/// checked, including repeats.
pub fn open(note: &str, known: &[Verifier]) -> Result<OpenedNote, NoteError> {
    if has_control(note) {
        return Err(NoteError::Malformed("control character"));
    }
    let split = note
        .rfind("\n\n")
        .ok_or(NoteError::Malformed("no blank line before the signatures"))?;
    let text = &note[..split + 1];
    let block = note[split + 2..]
        .strip_suffix('\n')
        .ok_or(NoteError::Malformed(
            "signatures missing or not ending in a newline",
        ))?;

    let mut verified_by: Vec<Verifier> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for (count, line) in block.split('\n').enumerate() {
        if count >= MAX_SIGNATURES {
            return Err(NoteError::Malformed("more than 100 signatures"));
        }
        let (name, key_id, signature) = parse_signature_line(line)?;
        let mut matches = known
            .iter()
            .filter(|v| v.name == name && v.key_id == key_id);
        let Some(verifier) = matches.next() else {
            if !unknown.contains(&line) {
                unknown.push(line);
            }
            continue;
        };
        if matches.next().is_some() {
            return Err(NoteError::AmbiguousKey {
                name: name.to_owned(),
                key_id,
            });
        }
        if !verifier.verify(text.as_bytes(), &signature) {
            return Err(NoteError::InvalidSignature {
                name: name.to_owned(),
                key_id,
            });
        }
        if !verified_by.contains(verifier) {
            verified_by.push(verifier.clone());
        }
    }
    if verified_by.is_empty() {
        return Err(NoteError::NoVerifiedSignature);
    }
    Ok(OpenedNote {
        text: text.to_owned(),
        verified_by,
        unverified: unknown.len(),
    })
}

/// Splits a signature line (without its newline) into key name, key id and signature.
fn parse_signature_line(line: &str) -> Result<(&str, u32, Vec<u8>), NoteError> {
    let rest = line
        .strip_prefix(SIGNATURE_PREFIX)
        .ok_or(NoteError::Malformed(
            "signature line does not start with an em dash",
        ))?;
    let (name, b64) = rest.split_once(' ').ok_or(NoteError::Malformed(
        "signature line has no space after the key name",
    ))?;
    if !valid_name(name) {
        return Err(NoteError::Malformed("invalid key name in signature line"));
    }
    let raw = decode_base64(b64).ok_or(NoteError::Malformed("signature is not base64"))?;
    match raw.split_first_chunk::<4>() {
        Some((id, signature)) if !signature.is_empty() => {
            Ok((name, u32::from_be_bytes(*id), signature.to_vec()))
        }
        _ => Err(NoteError::Malformed("signature is too short")),
    }
}
