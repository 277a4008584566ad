//! The evidence package a court receives: one zip, streamed (never built
//! in memory), holding everything needed to check the clip offline with
//! stock tools or `sakshya verify`.
//!
//! ```text
//! clip-<id>.mp4            the clip, byte for byte as stored
//! manifest.json            the signed manifest (exact bytes)
//! manifest.sig             raw 64-byte Ed25519 signature over manifest.json
//! sakshya-pub.pem          the manifest key (for openssl pkeyutl)
//! sakshya.vkey             every published key as a signed-note verifier key
//! checkpoint.txt           the signed log checkpoint every proof is against
//! custody.jsonl            this clip's custody events, one exact body per line
//! proofs/<event>.tlog-proof  a C2SP tlog-proof per custody event
//! manifest.tlog-proof      the proof for the manifest's own log entry
//! certificate-bsa63.pdf    the BSA s.63 certificate for this production
//! SHA256SUMS               for `sha256sum -c`
//! VERIFY.txt               how to check all of it
//! ```

use std::io::{Read, Write};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::custody::LogError;
use crate::db::clips::ClipRow;
use crate::db::connection::DbConnection;
use crate::db::{custody, log, manifests};
use crate::signing::pem::public_pem;
use crate::signing::registry;
use crate::tail::HashingReader;
use crate::tlog::{inclusion_plan, TlogProof};

pub const CLIP_PREFIX: &str = "clip-";
pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const PUBLIC_PEM: &str = "sakshya-pub.pem";
pub const VERIFIER_KEYS: &str = "sakshya.vkey";
pub const CHECKPOINT: &str = "checkpoint.txt";
pub const CUSTODY: &str = "custody.jsonl";
pub const PROOFS_DIR: &str = "proofs/";
pub const MANIFEST_PROOF: &str = "manifest.tlog-proof";
pub const CERTIFICATE: &str = "certificate-bsa63.pdf";
pub const SUMS: &str = "SHA256SUMS";
pub const VERIFY_TXT: &str = "VERIFY.txt";

/// Everything in the package but the clip's bytes.
#[derive(Debug, Clone)]
pub struct Contents {
    pub clip_file: String,
    pub clip_sha256: String,
    pub clip_size: u64,
    pub manifest: String,
    pub signature: Vec<u8>,
    pub public_pem: String,
    pub verifier_keys: String,
    pub checkpoint: String,
    /// (event id, exact body) in log order.
    pub events: Vec<(String, String)>,
    /// (event id, proof text).
    pub proofs: Vec<(String, String)>,
    pub manifest_proof: String,
    pub certificate: Vec<u8>,
}

/// The custody events a package for `clip` carries: every event about the
/// clip, or about its request before there was a clip, in log order.
/// Public hash checks are not tied to a clip, so they cannot grow it.
pub fn event_ids(conn: &mut DbConnection, clip: &ClipRow) -> Result<Vec<String>, LogError> {
    Ok(custody::for_evidence(conn, &clip.request_id, &clip.id)?
        .into_iter()
        .map(|(row, _)| row.id)
        .collect())
}

/// Gathers the package's contents: the events `ids` (the package's own
/// `downloaded` event last, listing the others). The caller has just run
/// the sequencer with `force`, so every one must be covered by the latest
/// checkpoint; one that is not is an error, never silently left out.
pub fn gather(
    conn: &mut DbConnection,
    clip: &ClipRow,
    ids: &[String],
    certificate: Vec<u8>,
) -> Result<Contents, LogError> {
    let m = manifests::find(conn, &clip.id)?
        .ok_or_else(|| LogError::NotFound(format!("clip {} has no manifest", clip.id)))?;
    let keys = registry::list(conn)?;
    let manifest_key = keys
        .iter()
        .find(|k| k.key_id == m.key_id)
        .and_then(|k| k.public())
        .ok_or_else(|| LogError::NotFound(format!("signing key {} is not published", m.key_id)))?;
    let verifier_keys: String = crate::custody::background::verifiers(&keys)
        .iter()
        .map(|v| format!("{}\n", v.to_vkey()))
        .collect();
    let cp = log::latest_checkpoint(conn)?
        .ok_or_else(|| LogError::NotFound("no checkpoint has been signed yet".into()))?;
    let size = cp.tree_size as u64;
    let mut events = Vec::with_capacity(ids.len());
    let mut proofs = Vec::with_capacity(ids.len());
    let mut manifest_proof = None;
    let manifest_sha = crate::digest::sha256_hex(m.manifest.as_bytes());
    for id in ids {
        let (row, index) = custody::find(conn, id)?
            .ok_or_else(|| LogError::NotFound(format!("custody event {id} vanished")))?;
        let index = index
            .map(|i| i as u64)
            .filter(|i| *i < size)
            .ok_or_else(|| {
                LogError::Inconsistent(format!(
                    "custody event {id} is not covered by the checkpoint"
                ))
            })?;
        let plan = inclusion_plan(index, size)?;
        let proof = TlogProof {
            extra: None,
            index,
            proof: plan.resolve(&log::nodes(conn, &plan.needed())?)?,
            checkpoint: cp.note.clone(),
        }
        .to_text();
        if row.kind == "signed" && row.body.contains(&manifest_sha) {
            manifest_proof = Some(proof.clone());
        }
        events.push((row.id.clone(), row.body));
        proofs.push((row.id, proof));
    }
    let manifest_proof = manifest_proof.ok_or_else(|| {
        LogError::NotFound(format!(
            "the manifest of clip {} is not in the log yet",
            clip.id
        ))
    })?;
    Ok(Contents {
        clip_file: format!("{CLIP_PREFIX}{}.mp4", clip.id),
        clip_sha256: clip.sha256.to_string(),
        clip_size: u64::try_from(clip.size_bytes).unwrap_or(u64::MAX),
        manifest: m.manifest,
        signature: m.signature,
        public_pem: public_pem(&manifest_key),
        verifier_keys,
        checkpoint: cp.note,
        events,
        proofs,
        manifest_proof,
        certificate,
    })
}

/// `sha256sum -c` input for the clip, the manifest and the certificate.
fn sums(c: &Contents) -> String {
    let h = crate::digest::sha256_hex;
    format!(
        "{}  {}\n{}  {MANIFEST}\n{}  {CERTIFICATE}\n",
        c.clip_sha256,
        c.clip_file,
        h(c.manifest.as_bytes()),
        h(&c.certificate)
    )
}

/// The instructions in the package.
pub fn verify_txt(c: &Contents) -> String {
    format!(
        "How to verify this evidence package (no Sakshya server needed)\n\
         ================================================================\n\n\
         1. The clip and the manifest are the ones listed (GNU coreutils):\n\n\
         \x20   sha256sum -c {SUMS}\n\n\
         2. The manifest was signed by the ICCC's key (OpenSSL 3):\n\n\
         \x20   openssl pkeyutl -verify -pubin -inkey {PUBLIC_PEM} -rawin -in {MANIFEST} -sigfile {SIGNATURE}\n\n\
         \x20  It must print \"Signature Verified Successfully\". Compare the key with the one the\n\
         \x20  ICCC publishes (GET /api/v1/keys); the manifest names it as key_id.\n\n\
         3. Everything at once, including every custody event's inclusion in the signed\n\
         \x20  custody log (C2SP tlog-proof files against {CHECKPOINT}):\n\n\
         \x20   sakshya verify this-package.zip\n\n\
         \x20  It prints the key id of every key that signed; compare them with the ICCC's\n\
         \x20  published keys, or trust only those keys instead of the ones in the package:\n\n\
         \x20   sakshya verify this-package.zip --key ICCC-PUBLISHED-KEY.pem\n\n\
         The clip's SHA-256 is {}.\n\
         The custody log checkpoint (origin, size, root hash) is:\n\n{}\n",
        c.clip_sha256,
        c.checkpoint
            .lines()
            .take(3)
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    )
}

/// Writes the zip to `out`, reading the clip's bytes from `clip`. The
/// bytes are hashed on the way: if they do not match the record, writing
/// stops there with an error and the archive is never completed.
/// The stored clip did not match its record while it was packaged: what
/// was found instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored clip does not match its record (sha256 {sha256}, {size} bytes)")]
pub struct Damaged {
    pub sha256: String,
    pub size: u64,
}

impl Damaged {
    /// The damage behind a zip or I/O error, if that is what it was.
    pub fn in_error(e: &zip::result::ZipError) -> Option<&Damaged> {
        match e {
            zip::result::ZipError::Io(io) => io.get_ref().and_then(|i| i.downcast_ref()),
            _ => None,
        }
    }
}

pub fn write<W: Write>(out: W, c: &Contents, clip: &mut dyn Read) -> zip::result::ZipResult<W> {
    let mut zip = zip::ZipWriter::new_stream(out);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .unix_permissions(0o644);
    zip.start_file(c.clip_file.as_str(), stored.large_file(true))?;
    let mut hashing = HashingReader::new(clip);
    std::io::copy(&mut hashing, &mut zip)?;
    let (sha256, size) = hashing.finish();
    if sha256 != c.clip_sha256 || size != c.clip_size {
        return Err(std::io::Error::other(Damaged { sha256, size }).into());
    }
    let small: Vec<(&str, &[u8])> = vec![
        (MANIFEST, c.manifest.as_bytes()),
        (SIGNATURE, &c.signature),
        (PUBLIC_PEM, c.public_pem.as_bytes()),
        (VERIFIER_KEYS, c.verifier_keys.as_bytes()),
        (CHECKPOINT, c.checkpoint.as_bytes()),
        (MANIFEST_PROOF, c.manifest_proof.as_bytes()),
        (CERTIFICATE, &c.certificate),
    ];
    for (name, bytes) in small {
        zip.start_file(name, stored)?;
        zip.write_all(bytes)?;
    }
    zip.start_file(CUSTODY, stored)?;
    for (_, body) in &c.events {
        zip.write_all(body.as_bytes())?;
        zip.write_all(b"\n")?;
    }
    for (id, proof) in &c.proofs {
        zip.start_file(format!("{PROOFS_DIR}{id}.tlog-proof"), stored)?;
        zip.write_all(proof.as_bytes())?;
    }
    zip.start_file(SUMS, stored)?;
    zip.write_all(sums(c).as_bytes())?;
    zip.start_file(VERIFY_TXT, stored)?;
    zip.write_all(verify_txt(c).as_bytes())?;
    zip.finish().map(|s| s.into_inner())
}
