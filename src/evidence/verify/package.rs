//! Verifying an evidence package: the zip holds exactly the expected
//! members; the clip hashes to the signed manifest; the manifest's
//! signature and key id check out; the checkpoint is signed by a trusted
//! key; every custody event is about this clip (or its request), proved in
//! the log against that checkpoint; and the record is complete — the
//! package's own `downloaded` event, itself proved, lists every earlier
//! event, so none can be dropped.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use ring::signature::{UnparsedPublicKey, ED25519};
use serde_json::Value;

use super::central_directory;
use super::keys::PinnedKeys;
use super::{check_clip, check_manifest_json, check_signature, Report, VerifyError};
use crate::evidence::manifest::Manifest;
use crate::evidence::package as pkg;
use crate::signing::pem::parse_public_pem;
use crate::tail::HashingReader;
use crate::tlog::{key_id, leaf_hash, open, Checkpoint, TlogProof, Verifier};

/// Members other than the clip may not add up to more than this.
const SMALL_LIMIT: u64 = 64 << 20;

const FIXED: [&str; 10] = [
    pkg::MANIFEST,
    pkg::SIGNATURE,
    pkg::PUBLIC_PEM,
    pkg::VERIFIER_KEYS,
    pkg::CHECKPOINT,
    pkg::CUSTODY,
    pkg::MANIFEST_PROOF,
    pkg::CERTIFICATE,
    pkg::SUMS,
    pkg::VERIFY_TXT,
];

/// Verifies a package; with `pinned` keys (obtained by the court from the
/// ICCC), only those are trusted, else the keys inside the package are
/// used and named in the report for comparison.
pub fn verify_package(path: &Path, pinned: &PinnedKeys) -> Result<Report, VerifyError> {
    let file =
        std::fs::File::open(path).map_err(|e| VerifyError::Io(path.display().to_string(), e))?;
    let mut zip = zip::ZipArchive::new(file)?;
    let mut report = Report::default();
    let listed = {
        let mut raw = std::fs::File::open(path)
            .map_err(|e| VerifyError::Io(path.display().to_string(), e))?;
        central_directory::names(&mut raw, zip.central_directory_start())
            .map_err(|e| VerifyError::Io(path.display().to_string(), e))?
    };
    let mut small: HashMap<String, Vec<u8>> = HashMap::new();
    let mut clips = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i)?;
        let name = entry.name().to_owned();
        if name.starts_with(pkg::CLIP_PREFIX) && name.ends_with(".mp4") && !name.contains('/') {
            clips.push(name);
            continue;
        }
        let mut buf = Vec::new();
        entry
            .take(SMALL_LIMIT - total.min(SMALL_LIMIT))
            .read_to_end(&mut buf)
            .map_err(|e| VerifyError::Io(name.clone(), e))?;
        total += buf.len() as u64;
        if total >= SMALL_LIMIT {
            report.add(
                "package",
                false,
                "the package's small members exceed 64 MiB",
            );
            return Ok(report);
        }
        small.insert(name, buf);
    }
    let empty = Vec::new();
    let get = |n: &str| small.get(n).unwrap_or(&empty).as_slice();
    let manifest = get(pkg::MANIFEST).to_vec();
    let m = check_manifest_json(&mut report, &manifest);
    let checkpoint_note = String::from_utf8_lossy(get(pkg::CHECKPOINT)).into_owned();
    let origin = checkpoint_note.lines().next().unwrap_or("").to_owned();

    // Keys: pinned, or the package's own (named so they can be compared).
    let (manifest_keys, known): (Vec<[u8; 32]>, Vec<Verifier>) = if pinned.is_empty() {
        (
            parse_public_pem(&String::from_utf8_lossy(get(pkg::PUBLIC_PEM)))
                .into_iter()
                .collect(),
            String::from_utf8_lossy(get(pkg::VERIFIER_KEYS))
                .lines()
                .filter_map(|l| Verifier::parse(l.trim()).ok())
                .collect(),
        )
    } else {
        (pinned.public_keys(), pinned.for_origin(&origin))
    };
    let signer = manifest_keys
        .iter()
        .find(|k| {
            UnparsedPublicKey::new(&ED25519, *k)
                .verify(&manifest, get(pkg::SIGNATURE))
                .is_ok()
        })
        .copied();
    check_signature(
        &mut report,
        signer.or(manifest_keys.first().copied()),
        &manifest,
        get(pkg::SIGNATURE),
    );
    let signer_id = signer.map(|k| format!("{:08x}", key_id(&origin, &k)));
    report.add(
        "manifest key",
        signer_id.is_some() && m.as_ref().map(|m| &m.key_id) == signer_id.as_ref(),
        match (&signer_id, pinned.is_empty()) {
            (Some(id), true) => format!(
                "key {id} {origin} (in the package: compare with the ICCC's published keys)"
            ),
            (Some(id), false) => format!("key {id} {origin} (pinned)"),
            (None, _) => "no trusted key signed the manifest".into(),
        },
    );

    // The members: exactly the expected set.
    let expected_clip = m
        .as_ref()
        .map(|m| format!("{}{}.mp4", pkg::CLIP_PREFIX, m.clip.id));
    let custody = String::from_utf8_lossy(get(pkg::CUSTODY)).into_owned();
    let events: Vec<Value> = custody
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect();
    let ids: Vec<String> = events
        .iter()
        .map(|e| e["id"].as_str().unwrap_or("").to_owned())
        .collect();
    let proof_names: HashSet<String> = ids
        .iter()
        .map(|id| format!("{}{id}.tlog-proof", pkg::PROOFS_DIR))
        .collect();
    let unexpected: Vec<&String> = small
        .keys()
        .filter(|n| !FIXED.contains(&n.as_str()) && !proof_names.contains(*n))
        .collect();
    let missing: Vec<&str> = FIXED
        .iter()
        .copied()
        .filter(|n| !small.contains_key(*n))
        .collect();
    let duplicated = listed.len() != zip.len();
    let members_ok = !duplicated
        && unexpected.is_empty()
        && missing.is_empty()
        && clips.len() == 1
        && expected_clip.as_ref() == clips.first();
    report.add(
        "package members",
        members_ok,
        if members_ok {
            format!("{} members, as expected", small.len() + 1)
        } else {
            format!(
                "unexpected {unexpected:?}, missing {missing:?}, clip files {clips:?} (expected {}){}",
                expected_clip.as_deref().unwrap_or("?"),
                if duplicated { ", and entries with the same name" } else { "" }
            )
        },
    );

    match clips.first() {
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

    let checkpoint = match open(&checkpoint_note, &known) {
        Ok(opened) => match Checkpoint::parse(&opened.text) {
            Ok(cp) => {
                let by: Vec<String> = opened
                    .verified_by
                    .iter()
                    .map(|v| format!("{:08x}", v.key_id))
                    .collect();
                report.add(
                    "checkpoint",
                    true,
                    format!(
                        "{} at tree size {}, signed by key {}",
                        cp.origin,
                        cp.size,
                        by.join(", ")
                    ),
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
                format!("signature does not verify with a trusted key: {e}"),
            );
            None
        }
    };

    check_events(
        &mut report,
        m.as_ref(),
        &custody,
        &events,
        &ids,
        &|id| get(&format!("{}{id}.tlog-proof", pkg::PROOFS_DIR)).to_vec(),
        checkpoint.as_ref(),
        &checkpoint_note,
        &known,
    );

    // The manifest's own entry: the `signed` event naming its hash.
    let manifest_sha = crate::digest::sha256_hex(&manifest);
    let entry = custody.lines().find(|l| {
        serde_json::from_str::<Value>(l).is_ok_and(|v| {
            v["kind"] == "signed"
                && v["sha256"] == manifest_sha.as_str()
                && m.as_ref()
                    .is_some_and(|m| v["clip_id"] == m.clip.id.as_str())
        })
    });
    match entry {
        Some(line) => {
            check_proof(
                &mut report,
                "manifest log entry",
                get(pkg::MANIFEST_PROOF),
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

/// Every event: about this evidence, proved; and the record complete.
#[allow(clippy::too_many_arguments)]
fn check_events(
    report: &mut Report,
    m: Option<&Manifest>,
    custody: &str,
    events: &[Value],
    ids: &[String],
    proof_of: &dyn Fn(&str) -> Vec<u8>,
    checkpoint: Option<&Checkpoint>,
    checkpoint_note: &str,
    known: &[Verifier],
) {
    let mut seen = HashSet::new();
    let mut all_ok = !events.is_empty();
    for ((line, event), id) in custody.lines().zip(events).zip(ids) {
        let name = format!("custody event {}", if id.is_empty() { "?" } else { id });
        if id.is_empty() || !seen.insert(id.clone()) {
            all_ok &= report.add(name, false, "missing or repeated event id");
            continue;
        }
        let about = m.is_some_and(|m| {
            event["clip_id"] == m.clip.id.as_str()
                || (event["clip_id"].is_null() && event["request_id"] == m.request.id.as_str())
        });
        if !about {
            all_ok &= report.add(name, false, "the event is about other evidence");
            continue;
        }
        all_ok &= check_proof(
            report,
            &name,
            &proof_of(id),
            line.as_bytes(),
            checkpoint,
            checkpoint_note,
            known,
        );
    }
    // The package's own event lists every earlier one.
    let listed: Option<Vec<String>> = events.last().and_then(|e| {
        (e["kind"] == "downloaded" && e["details"]["what"] == "package").then(|| {
            e["details"]["events"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let complete = listed
        .as_ref()
        .is_some_and(|l| l.as_slice() == &ids[..ids.len().saturating_sub(1)]);
    report.add(
        "custody record complete",
        all_ok && complete,
        match (&listed, complete) {
            (Some(l), true) => format!("{} event(s), all proved, as the package's own logged event lists", l.len() + 1),
            (Some(l), false) => format!("the package's logged event lists {} earlier event(s); the package holds a different set", l.len()),
            (None, _) => "the package's own download event is missing".into(),
        },
    );
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
