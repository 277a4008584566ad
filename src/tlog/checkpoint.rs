//! C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the signed statement of a log's size and root.

use super::error::NoteError;
use super::fields::{decode_hash, encode_base64, has_control, parse_decimal};
use super::hash::Hash;
use super::key::Verifier;
use super::note::open;

/// The text of a checkpoint: origin, tree size, root hash and optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// Formats the note text: "origin\nsize\nbase64(root)\n" then each extension line and a newline.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            encode_base64(&self.root)
        );
        for line in &self.extensions {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// Parses checkpoint note text strictly: at least three non-empty lines,
    /// each ending in a newline; a tree size without leading zeros; a root
    /// that is standard base64 of 32 bytes; no control characters.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let bad = NoteError::Checkpoint;
        let body = text
            .strip_suffix('\n')
            .ok_or(bad("text does not end in a newline"))?;
        if has_control(body) {
            return Err(bad("control character"));
        }
        let lines: Vec<&str> = body.split('\n').collect();
        if lines.iter().any(|line| line.is_empty()) {
            return Err(bad("empty line"));
        }
        let [origin, size, root, extensions @ ..] = lines.as_slice() else {
            return Err(bad("fewer than three lines"));
        };
        Ok(Self {
            origin: (*origin).to_owned(),
            size: parse_decimal(size).ok_or(bad("tree size is not a plain decimal"))?,
            root: decode_hash(root).ok_or(bad("root hash is not base64 of 32 bytes"))?,
            extensions: extensions.iter().map(|line| (*line).to_owned()).collect(),
        })
    }

    /// Opens a signed checkpoint note with `known`, parses its text and
    /// checks that its origin is `origin`.
    ///
    /// Pass in `known` only keys trusted to sign for this log: a valid
    /// signature by any of them is accepted.
    pub fn open(note: &str, origin: &str, known: &[Verifier]) -> Result<Self, NoteError> {
        let opened = open(note, known)?;
        let checkpoint = Self::parse(&opened.text)?;
        if checkpoint.origin != origin {
            return Err(NoteError::OriginMismatch {
                want: origin.to_owned(),
                got: checkpoint.origin,
            });
        }
        Ok(checkpoint)
    }
}
