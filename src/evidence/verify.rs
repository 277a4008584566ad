//! Offline verification of an evidence package (`sakshya verify`): no
//! database, no network, no trust in the server that issued it. Checks the
//! clip's SHA-256 against the signed manifest, the manifest's Ed25519
//! signature, the checkpoint's signature, every custody event's inclusion
//! proof against that checkpoint, and that the events in the package are
//! exactly the ones proved. Every check is reported by name.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use ring::digest::{digest, SHA256};
use ring::signature::{UnparsedPublicKey, ED25519};

use super::manifest::Manifest;
use super::package as pkg;
use crate::signing::pem::parse_public_pem;
use crate::tail::HashingReader;
use crate::tlog::{leaf_hash, open, Checkpoint, TlogProof, Verifier};

/// One named check and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    fn add(&mut self, name: impl Into<String>, ok: bool, detail: impl Into<String>) -> bool {
        self.checks.push(Check {
            name: name.into(),
            ok,
            detail: detail.into(),
        });
        ok
    }

    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }

    pub fn failures(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.ok).collect()
    }

    /// The report as printed: one line per check.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for c in &self.checks {
            s.push_str(&format!(
                "{}  {}: {}\n",
                if c.ok { "OK  " } else { "FAIL" },
                c.name,
                c.detail
            ));
        }
        s.push_str(if self.passed() {
            "VERIFIED: every check passed\n"
        } else {
            "NOT VERIFIED: see the FAIL lines above\n"
        });
        s
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("not a readable zip: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Checks a clip file against a manifest, a signature and a public key
/// (PEM): the three-file form of `sakshya verify`.
pub fn verify_files(
    clip: &Path,
    manifest: &Path,
    sig: &Path,
    key_pem: &Path,
) -> Result<Report, VerifyError> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| VerifyError::Io(p.display().to_string(), e));
    let manifest_bytes = read(manifest)?;
    let signature = read(sig)?;
    let pem = String::from_utf8_lossy(&read(key_pem)?).into_owned();
    let f =
        std::fs::File::open(clip).map_err(|e| VerifyError::Io(clip.display().to_string(), e))?;
    let mut report = Report::default();
    let key = parse_public_pem(&pem);
    report.add(
        "public key",
        key.is_some(),
        if key.is_some() {
            "Ed25519 PEM read"
        } else {
            "not an Ed25519 public key PEM"
        },
    );
    check_signature(&mut report, key, &manifest_bytes, &signature);
    let m = check_manifest_json(&mut report, &manifest_bytes);
    let mut hashing = HashingReader::new(f);
    std::io::copy(&mut hashing, &mut std::io::sink())
        .map_err(|e| VerifyError::Io(clip.display().to_string(), e))?;
    check_clip(&mut report, m.as_ref(), hashing.finish());
    Ok(report)
}

fn check_signature(report: &mut Report, key: Option<[u8; 32]>, manifest: &[u8], sig: &[u8]) {
    let ok = key.is_some_and(|k| {
        UnparsedPublicKey::new(&ED25519, k)
            .verify(manifest, sig)
            .is_ok()
    });
    report.add(
        "manifest signature",
        ok,
        if ok {
            "Ed25519 signature over manifest.json verifies"
        } else {
            "the signature does not verify: manifest.json or manifest.sig was changed, or the key is wrong"
        },
    );
}

fn check_manifest_json(report: &mut Report, manifest: &[u8]) -> Option<Manifest> {
    match serde_json::from_slice::<Manifest>(manifest) {
        Ok(m) => {
            report.add(
                "manifest",
                true,
                format!("clip {} from camera {}", m.clip.id, m.camera.code),
            );
            Some(m)
        }
        Err(e) => {
            report.add("manifest", false, format!("not a Sakshya manifest: {e}"));
            None
        }
    }
}

fn check_clip(report: &mut Report, m: Option<&Manifest>, (sha, size): (String, u64)) {
    let ok = m.is_some_and(|m| m.clip.sha256 == sha && m.clip.size_bytes == size);
    report.add(
        "clip hash",
        ok,
        if ok {
            format!("SHA-256 {sha} ({size} bytes) matches the manifest")
        } else {
            format!(
                "the clip hashes to {sha} ({size} bytes) but the manifest says {}",
                m.map_or("nothing".to_owned(), |m| format!(
                    "{} ({} bytes)",
                    m.clip.sha256, m.clip.size_bytes
                ))
            )
        },
    );
}

/// Verifies a package zip. `pinned` replaces the package's own keys with
/// one the court obtained independently (PEM).
pub fn verify_package(path: &Path, pinned: Option<&str>) -> Result<Report, VerifyError> {
    let file =
        std::fs::File::open(path).map_err(|e| VerifyError::Io(path.display().to_string(), e))?;
    let mut zip = zip::ZipArchive::new(file)?;
    let mut small: HashMap<String, Vec<u8>> = HashMap::new();
    let mut clip_name = None;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name().to_owned();
        if name.starts_with(pkg::CLIP_PREFIX) && name.ends_with(".mp4") {
            clip_name = Some(name);
            continue;
        }
        let mut buf = Vec::new();
        entry
            .by_ref()
            .take(64 << 20)
            .read_to_end(&mut buf)
            .map_err(|e| VerifyError::Io(name.clone(), e))?;
        small.insert(name, buf);
    }
    let mut report = Report::default();
    let get = |n: &str| small.get(n).cloned().unwrap_or_default();
    let manifest = get(pkg::MANIFEST);
    let pem = match pinned {
        Some(p) => p.to_owned(),
        None => String::from_utf8_lossy(&get(pkg::PUBLIC_PEM)).into_owned(),
    };
    let key = parse_public_pem(&pem);
    report.add(
        "public key",
        key.is_some(),
        match (key, pinned) {
            (Some(k), Some(_)) => format!("pinned key {}", hex::encode(&k[..8])),
            (Some(k), None) => format!(
                "key in the package {} (compare with the ICCC's published key)",
                hex::encode(&k[..8])
            ),
            (None, _) => "no Ed25519 public key".into(),
        },
    );
    check_signature(&mut report, key, &manifest, &get(pkg::SIGNATURE));
    let m = check_manifest_json(&mut report, &manifest);

    match &clip_name {
        Some(name) => {
            let entry = zip.by_name(name)?;
            let mut hashing = HashingReader::new(entry);
            std::io::copy(&mut hashing, &mut std::io::sink())
                .map_err(|e| VerifyError::Io(name.clone(), e))?;
            check_clip(&mut report, m.as_ref(), hashing.finish());
        }
        None => {
            report.add("clip hash", false, "the package holds no clip");
        }
    }

    // The log: checkpoint signature, then every event's proof.
    let known: Vec<Verifier> = match (pinned, key) {
        (Some(_), Some(k)) => m
            .as_ref()
            .and_then(|_| origin_of(&get(pkg::CHECKPOINT)))
            .and_then(|origin| Verifier::new(&origin, k).ok())
            .into_iter()
            .collect(),
        _ => String::from_utf8_lossy(&get(pkg::VERIFIER_KEYS))
            .lines()
            .filter_map(|l| Verifier::parse(l.trim()).ok())
            .collect(),
    };
    let checkpoint_note = String::from_utf8_lossy(&get(pkg::CHECKPOINT)).into_owned();
    let checkpoint = match open(&checkpoint_note, &known) {
        Ok(opened) => match Checkpoint::parse(&opened.text) {
            Ok(cp) => {
                report.add(
                    "checkpoint",
                    true,
                    format!("signed by {} at tree size {}", cp.origin, cp.size),
                );
                Some(cp)
            }
            Err(e) => {
                report.add("checkpoint", false, format!("unreadable: {e}"));
                None
            }
        },
        Err(e) => {
            report.add(
                "checkpoint",
                false,
                format!("signature does not verify: {e}"),
            );
            None
        }
    };
    let custody = String::from_utf8_lossy(&get(pkg::CUSTODY)).into_owned();
    let mut proved = 0usize;
    let mut proved_ids = std::collections::HashSet::new();
    for (n, line) in custody.lines().enumerate() {
        let id = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v["id"].as_str().map(str::to_owned));
        let Some(id) = id else {
            report.add(
                format!("custody event {}", n + 1),
                false,
                "not a custody event",
            );
            continue;
        };
        let name = format!("{}{id}.tlog-proof", pkg::PROOFS_DIR);
        let ok = check_proof(
            &mut report,
            &format!("custody event {id}"),
            &get(&name),
            line.as_bytes(),
            checkpoint.as_ref(),
            &checkpoint_note,
            &known,
        );
        if ok {
            proved += 1;
            proved_ids.insert(id);
        }
    }
    let proof_files = small
        .keys()
        .filter(|k| k.starts_with(pkg::PROOFS_DIR))
        .count();
    report.add(
        "custody events",
        proved > 0 && proved == proof_files && proved == custody.lines().count(),
        format!("{proved} event(s) proved in the log; {proof_files} proof file(s)"),
    );

    // The manifest's own entry: the `signed` event naming its hash.
    let manifest_sha = hex::encode(digest(&SHA256, &manifest));
    let entry = custody.lines().find(|l| {
        serde_json::from_str::<serde_json::Value>(l)
            .is_ok_and(|v| v["kind"] == "signed" && v["sha256"] == manifest_sha.as_str())
    });
    match entry {
        Some(line) => {
            check_proof(
                &mut report,
                "manifest log entry",
                &get(pkg::MANIFEST_PROOF),
                line.as_bytes(),
                checkpoint.as_ref(),
                &checkpoint_note,
                &known,
            );
        }
        None => {
            report.add(
                "manifest log entry",
                false,
                "no custody event records this manifest's hash",
            );
        }
    }
    Ok(report)
}

fn origin_of(note: &[u8]) -> Option<String> {
    String::from_utf8_lossy(note)
        .lines()
        .next()
        .map(str::to_owned)
}

/// One tlog-proof: well formed, against the package's checkpoint, and
/// proving this exact event body.
fn check_proof(
    report: &mut Report,
    name: &str,
    proof: &[u8],
    body: &[u8],
    checkpoint: Option<&Checkpoint>,
    checkpoint_note: &str,
    known: &[Verifier],
) -> bool {
    let text = String::from_utf8_lossy(proof);
    let parsed = match TlogProof::parse(&text) {
        Ok(p) => p,
        Err(e) => return report.add(name, false, format!("proof unreadable: {e}")),
    };
    if parsed.checkpoint != checkpoint_note {
        return report.add(
            name,
            false,
            "proof is against a different checkpoint than checkpoint.txt",
        );
    }
    let Some(cp) = checkpoint else {
        return report.add(name, false, "no valid checkpoint to prove against");
    };
    match parsed.verify(&leaf_hash(body), &cp.origin, known) {
        Ok(_) => report.add(
            name,
            true,
            format!("included at index {} of {}", parsed.index, cp.size),
        ),
        Err(e) => report.add(name, false, format!("inclusion proof fails: {e}")),
    }
}
