//! C2SP tlog-proof (c2sp.org/tlog-proof@v1): an inclusion proof bundled with the signed checkpoint it leads to.

use super::checkpoint::Checkpoint;
use super::error::NoteError;
use super::fields::{decode_base64, decode_hash, encode_base64, parse_decimal};
use super::hash::Hash;
use super::key::Verifier;
use super::verify::verify_inclusion;

/// The first line of every tlog-proof.
const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// The most proof hashes a tree of at most `u64::MAX` leaves can need.
const MAX_PROOF_HASHES: usize = 64;

/// An inclusion proof for one log entry, with the signed checkpoint it proves inclusion in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Opaque data carried alongside the proof; not authenticated.
    pub extra: Option<Vec<u8>>,
    /// The zero-based index of the entry in the log.
    pub index: u64,
    /// The inclusion proof hashes, leaf-to-root.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim.
    pub checkpoint: String,
}

impl TlogProof {
    /// Formats the proof: header, optional extra line, index line, one base64 hash per line, a blank line, then the checkpoint.
    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            text.push_str(&format!("extra {}\n", encode_base64(extra)));
        }
        text.push_str(&format!("index {}\n", self.index));
        for hash in &self.proof {
            text.push_str(&encode_base64(hash));
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.checkpoint);
        text
    }

    /// Parses a tlog-proof strictly: exact header, standard base64, an index
    /// without leading zeros, 32-byte hashes, and a non-empty checkpoint
    /// taken verbatim after the first blank line. The checkpoint itself is
    /// only checked by [`TlogProof::verify`].
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let bad = NoteError::TlogProof;
        let mut rest = text;
        if take_line(&mut rest)? != HEADER {
            return Err(bad("missing c2sp.org/tlog-proof@v1 header"));
        }
        let mut line = take_line(&mut rest)?;
        let extra = match line.strip_prefix("extra ") {
            Some(b64) => {
                let extra = decode_base64(b64).ok_or(bad("extra data is not base64"))?;
                line = take_line(&mut rest)?;
                Some(extra)
            }
            None => None,
        };
        let index = line
            .strip_prefix("index ")
            .ok_or(bad("missing index line"))?;
        let index = parse_decimal(index).ok_or(bad("index is not a plain decimal"))?;
        let mut proof = Vec::new();
        loop {
            let line = take_line(&mut rest)?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_HASHES {
                return Err(bad("more than 64 proof hashes"));
            }
            proof.push(decode_hash(line).ok_or(bad("proof hash is not base64 of 32 bytes"))?);
        }
        if rest.is_empty() {
            return Err(bad("missing checkpoint"));
        }
        Ok(Self {
            extra,
            index,
            proof,
            checkpoint: rest.to_owned(),
        })
    }

    /// Opens the checkpoint note with `known`, parses it, checks the origin equals `origin`, and verifies the inclusion of `leaf` (a leaf hash). Returns the checkpoint.
    ///
    /// Pass in `known` only keys trusted to sign for this log.
    pub fn verify(
        &self,
        leaf: &Hash,
        origin: &str,
        known: &[Verifier],
    ) -> Result<Checkpoint, NoteError> {
        let checkpoint = Checkpoint::open(&self.checkpoint, origin, known)?;
        verify_inclusion(
            self.index,
            checkpoint.size,
            leaf,
            &self.proof,
            &checkpoint.root,
        )?;
        Ok(checkpoint)
    }
}

/// Takes the next newline-terminated line off the front of `rest`, without its newline.
fn take_line<'a>(rest: &mut &'a str) -> Result<&'a str, NoteError> {
    let (line, after) = rest
        .split_once('\n')
        .ok_or(NoteError::TlogProof("unexpected end of text"))?;
    *rest = after;
    Ok(line)
}
