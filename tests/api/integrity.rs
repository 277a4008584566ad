//! Signed manifests, the custody transparency log, evidence packages and
//! their verification, with the stock tools a court already trusts.

use std::io::{Read, Write};
use std::process::Command;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

pub fn tool(name: &str) -> Command {
    // Fails loudly when a stock tool is missing: make test installs them.
    assert!(
        Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .unwrap()
            .status
            .success(),
        "{name} is not installed (make test installs it)"
    );
    Command::new(name)
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

async fn keys(app: &TestApp) -> Vec<Value> {
    let r = app.call(Method::GET, "/api/v1/keys", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    r.body.as_array().unwrap().clone()
}

fn verifiers(keys: &[Value]) -> Vec<sakshya::tlog::Verifier> {
    keys.iter()
        .map(|k| sakshya::tlog::Verifier::parse(k["verifier_key"].as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn the_manifest_is_signed_and_verifies_with_stock_openssl() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let (status, manifest, headers) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/manifest"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let sig = B64
        .decode(headers["x-sakshya-signature"].to_str().unwrap())
        .unwrap();
    assert_eq!(sig.len(), 64);
    let m: Value = serde_json::from_slice(&manifest).unwrap();
    let clip_row = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::find(&mut c, &clip).unwrap().unwrap()
    };
    assert_eq!(m["clip"]["sha256"], clip_row.sha256.as_str());
    assert_eq!(m["clip"]["size_bytes"], clip_row.size_bytes);
    assert_eq!(m["camera"]["code"], "CAM-A1");
    assert_eq!(m["request"]["police_station"]["code"], "PS-A");
    assert_eq!(m["operator"]["username"], "op_a");
    assert!(m["created"]["ist"].as_str().unwrap().ends_with(" IST"));
    assert!(m["software"]["ffmpeg"]
        .as_str()
        .unwrap()
        .contains("libavformat"));
    assert!(!m["source_segments"].as_array().unwrap().is_empty());
    let key_id = headers["x-sakshya-key-id"].to_str().unwrap().to_owned();
    assert_eq!(m["key_id"], key_id.as_str());

    let keys = keys(&app).await;
    let key = keys
        .iter()
        .find(|k| k["key_id"] == key_id.as_str())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pem = write(
        dir.path(),
        "pub.pem",
        key["public_key_pem"].as_str().unwrap().as_bytes(),
    );
    let mpath = write(dir.path(), "manifest.json", &manifest);
    let spath = write(dir.path(), "manifest.sig", &sig);
    let openssl = |m: &std::path::Path| {
        tool("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
            .arg(&pem)
            .arg("-rawin")
            .arg("-in")
            .arg(m)
            .arg("-sigfile")
            .arg(&spath)
            .output()
            .unwrap()
    };
    let ok = openssl(&mpath);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let mut changed = manifest.clone();
    changed[10] ^= 1;
    let bad = openssl(&write(dir.path(), "changed.json", &changed));
    assert!(!bad.status.success(), "one changed byte must fail");

    // Viewing the manifest is itself in the custody record.
    let mut c = app.state.db.conn().unwrap();
    let events = sakshya::db::custody::for_evidence(&mut c, &clip_row.request_id, &clip).unwrap();
    let kinds: Vec<&str> = events.iter().map(|(e, _)| e.kind.as_str()).collect();
    // Who did it and from where: the client's address is in the record.
    let filed = &events
        .iter()
        .find(|(e, _)| e.kind == "filed")
        .unwrap()
        .0
        .body;
    assert!(filed.contains("\"from\":\"127.0.0.1\""), "{filed}");
    assert!(filed.contains("\"username\":\"inv_a\""), "{filed}");
    for k in [
        "filed",
        "submitted",
        "endorsed",
        "approved",
        "held",
        "extracted",
        "stored",
        "signed",
        "viewed",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn checkpoints_and_proofs_verify_and_the_log_only_grows() {
    let app = spawn_app().await;
    let (_, _clip) = app.sealed_clip().await;
    let first = app.sync_log();
    assert!(
        first.size > 5 && first.signed == Some(first.size),
        "{first:?}"
    );
    let known = verifiers(&keys(&app).await);
    let note1 = app
        .call(Method::GET, "/api/v1/log/checkpoint", None, None)
        .await;
    let note1 = note1.body.as_str().unwrap().to_owned();
    let cp1 = sakshya::tlog::Checkpoint::parse(&sakshya::tlog::open(&note1, &known).unwrap().text)
        .unwrap();
    assert_eq!(cp1.origin, "sakshya.local/custody");
    assert_eq!(cp1.size, first.size);

    // Every event's leaf is provably in the checkpoint.
    let bodies: Vec<String> = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::custody::leaves_with_bodies(&mut c, 0, cp1.size as i64)
            .unwrap()
            .into_iter()
            .map(|(_, _, b)| b)
            .collect()
    };
    for (i, body) in bodies.iter().enumerate() {
        let r = app
            .call(
                Method::GET,
                &format!("/api/v1/log/proof/inclusion?index={i}&size={}", cp1.size),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let proof: Vec<[u8; 32]> = r.body["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
            .collect();
        let leaf = sakshya::tlog::leaf_hash(body.as_bytes());
        sakshya::tlog::verify_inclusion(i as u64, cp1.size, &leaf, &proof, &cp1.root).unwrap();
        assert!(sakshya::tlog::verify_inclusion(
            i as u64,
            cp1.size,
            &sakshya::tlog::leaf_hash(b"x"),
            &proof,
            &cp1.root
        )
        .is_err());
    }

    // More events, a new checkpoint, consistent with the first.
    let r = app
        .as_user("op_a", Method::GET, "/api/v1/requests", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    app.file("inv_a", "cam_a1").await;
    let second = app.sync_log();
    assert!(second.size > first.size);
    let note2 = app
        .call(Method::GET, "/api/v1/log/checkpoint", None, None)
        .await;
    let cp2 = sakshya::tlog::Checkpoint::parse(
        &sakshya::tlog::open(note2.body.as_str().unwrap(), &known)
            .unwrap()
            .text,
    )
    .unwrap();
    let r = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/log/proof/consistency?from={}&to={}",
                cp1.size, cp2.size
            ),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let proof: Vec<[u8; 32]> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
        .collect();
    sakshya::tlog::verify_consistency(cp1.size, cp2.size, &proof, &cp1.root, &cp2.root).unwrap();

    // Bad proof requests are clear 4xx.
    for q in [
        format!("inclusion?index={}&size={}", cp2.size, cp2.size),
        format!("inclusion?index=0&size={}", cp2.size + 100),
        "inclusion?index=x&size=1".to_owned(),
        format!("consistency?from={}&to={}", cp2.size, cp1.size),
    ] {
        let r = app
            .call(Method::GET, &format!("/api/v1/log/proof/{q}"), None, None)
            .await;
        assert!(r.status.is_client_error(), "{q}: {} {}", r.status, r.body);
    }

    // A C2SP tlog-proof for a named event, for logged-in users.
    let event_id = serde_json::from_str::<Value>(&bodies[0]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/log/events/{event_id}/proof"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/log/events/{event_id}/proof"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let p = sakshya::tlog::TlogProof::parse(r.body.as_str().unwrap()).unwrap();
    assert!(r
        .body
        .as_str()
        .unwrap()
        .starts_with("c2sp.org/tlog-proof@v1\nindex 0\n"));
    p.verify(
        &sakshya::tlog::leaf_hash(bodies[0].as_bytes()),
        "sakshya.local/custody",
        &known,
    )
    .unwrap();
}

#[tokio::test]
async fn the_sequencer_checkpoints_on_its_own_while_events_arrive() {
    let app = spawn_app_with(|s| {
        s.sequencer_interval_ms = 50;
        s.checkpoint_interval_secs = 1;
    })
    .await;
    app.file("inv_a", "cam_a1").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = app
            .call(Method::GET, "/api/v1/log/checkpoint", None, None)
            .await;
        if r.status == StatusCode::OK {
            assert!(r
                .body
                .as_str()
                .unwrap()
                .starts_with("sakshya.local/custody\n"));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no checkpoint within 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Unzips into a fresh directory.
pub fn unzip(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.extract(dir.path()).unwrap();
    dir
}

/// The package with `member` changed by `f`.
fn tampered(bytes: &[u8], member: &str, f: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut found = false;
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().to_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == member || (member == "clip" && name.ends_with(".mp4")) {
            f(&mut data);
            found = true;
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(found, "{member} not in the package");
    out.finish().unwrap().into_inner()
}

fn sakshya_verify(zip: &[u8]) -> (bool, String) {
    sakshya_verify_pinned(zip, &[])
}

/// `sakshya verify` on the package, offline (no database, no data
/// directory of the server's), trusting only `pems` when any are given.
fn sakshya_verify_pinned(zip: &[u8], pems: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "package.zip", zip);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sakshya"));
    cmd.arg("verify")
        .arg(&p)
        .env("SAKSHYA_DATABASE_URL", "sqlite:///nonexistent/none.db")
        .env("SAKSHYA_DATA_DIR", dir.path());
    for (i, pem) in pems.iter().enumerate() {
        cmd.arg("--key")
            .arg(write(dir.path(), &format!("key{i}.pem"), pem.as_bytes()));
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A change to one member of a package.
type Mutation = Box<dyn Fn(&mut Vec<u8>)>;

#[tokio::test]
async fn the_package_verifies_offline_and_every_tampering_is_caught() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let (status, zip, headers) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    assert_eq!(headers["content-type"], "application/zip");

    // Stock tools, exactly as VERIFY.txt says.
    let dir = unzip(&zip);
    let verify_txt = std::fs::read_to_string(dir.path().join("VERIFY.txt")).unwrap();
    assert!(verify_txt.contains("sha256sum -c SHA256SUMS"));
    assert!(verify_txt.contains("openssl pkeyutl -verify -pubin -inkey sakshya-pub.pem -rawin -in manifest.json -sigfile manifest.sig"));
    let sums = tool("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        sums.status.success(),
        "{}",
        String::from_utf8_lossy(&sums.stdout)
    );
    let ssl = tool("openssl")
        .args([
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "sakshya-pub.pem",
            "-rawin",
            "-in",
            "manifest.json",
            "-sigfile",
            "manifest.sig",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        ssl.status.success(),
        "{}",
        String::from_utf8_lossy(&ssl.stderr)
    );

    // The BSA s.63 certificate: Part A filled, Part B blank, text extractable.
    let txt = tool("pdftotext")
        .arg(dir.path().join("certificate-bsa63.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(txt.status.success());
    let text = String::from_utf8_lossy(&txt.stdout);
    let sha = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::find(&mut c, &clip)
            .unwrap()
            .unwrap()
            .sha256
    };
    for needle in [
        "Section 63(4)(c)",
        "PART A",
        "PART B",
        "SHA-256",
        "CAM-A1",
        "HASH REPORT",
        "[X] Server",
        "Date (DD/MM/YYYY)",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in the certificate:\n{text}"
        );
    }
    assert!(
        text.replace(['\n', ' '], "").contains(sha.as_str()),
        "the clip hash is in the certificate"
    );

    // Sakshya's own offline verifier.
    let (ok, out) = sakshya_verify(&zip);
    assert!(ok, "{out}");
    assert!(out.contains("VERIFIED"), "{out}");

    // Every kind of tampering is caught and named.
    let custody_member = "custody.jsonl";
    let first_proof = {
        let z = zip::ZipArchive::new(std::io::Cursor::new(&zip[..])).unwrap();
        let name = z
            .file_names()
            .find(|n| n.starts_with("proofs/"))
            .unwrap()
            .to_owned();
        name
    };
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "clip",
            Box::new(|d: &mut Vec<u8>| {
                let i = d.len() / 2;
                d[i] ^= 1
            }),
            "clip hash",
        ),
        (
            "manifest.json",
            Box::new(|d: &mut Vec<u8>| d[20] ^= 1),
            "manifest signature",
        ),
        (
            "manifest.sig",
            Box::new(|d: &mut Vec<u8>| d[5] ^= 1),
            "manifest signature",
        ),
        (
            custody_member,
            Box::new(|d: &mut Vec<u8>| {
                let i = d.iter().position(|b| *b == b'k').unwrap();
                d[i + 8] ^= 1
            }),
            "custody event",
        ),
        (
            &first_proof,
            Box::new(|d: &mut Vec<u8>| {
                // A character of the first proof hash line.
                let s = String::from_utf8(d.clone()).unwrap();
                let line = s.lines().position(|l| l.starts_with("index")).unwrap() + 1;
                let off: usize = s.lines().take(line).map(|l| l.len() + 1).sum();
                d[off] = if d[off] == b'A' { b'B' } else { b'A' };
            }),
            "custody event",
        ),
        (
            "checkpoint.txt",
            Box::new(|d: &mut Vec<u8>| {
                let i = d.iter().position(|b| *b == b'\n').unwrap();
                d[i + 1] = if d[i + 1] == b'9' { b'8' } else { b'9' }
            }),
            "checkpoint",
        ),
    ];
    for (member, f, expect) in cases {
        let bad = tampered(&zip, member, f);
        let (ok, out) = sakshya_verify(&bad);
        assert!(!ok, "tampering with {member} went unnoticed:\n{out}");
        assert!(
            out.lines()
                .any(|l| l.starts_with("FAIL") && l.contains(expect)),
            "tampering with {member} should fail '{expect}':\n{out}"
        );
    }

    // The package download is a custody event.
    let mut c = app.state.db.conn().unwrap();
    let row = sakshya::db::clips::find(&mut c, &clip).unwrap().unwrap();
    let events = sakshya::db::custody::for_evidence(&mut c, &row.request_id, &clip).unwrap();
    assert!(events
        .iter()
        .any(|(e, _)| e.kind == "downloaded" && e.body.contains("\"package\"")));
}

#[tokio::test]
async fn the_three_file_form_checks_clip_manifest_signature_and_key() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let (_, zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    let dir = unzip(&zip);
    let run = |clip_file: &str| {
        Command::new(env!("CARGO_BIN_EXE_sakshya"))
            .current_dir(dir.path())
            .env("SAKSHYA_DATA_DIR", dir.path())
            .args([
                "verify",
                clip_file,
                "--manifest",
                "manifest.json",
                "--sig",
                "manifest.sig",
                "--key",
                "sakshya-pub.pem",
            ])
            .output()
            .unwrap()
    };
    let name = format!("clip-{clip}.mp4");
    let ok = run(&name);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let mut bytes = std::fs::read(dir.path().join(&name)).unwrap();
    bytes[100] ^= 0x40;
    std::fs::write(dir.path().join("other.mp4"), &bytes).unwrap();
    let bad = run("other.mp4");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("FAIL  clip hash"));
}

#[tokio::test]
async fn an_event_altered_in_the_database_is_detected() {
    let app = spawn_app().await;
    let (_, _) = app.sealed_clip().await;
    app.sync_log();
    let check = || {
        let out = app
            .sakshya_command()
            .args(["log", "check"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (ok, out) = check();
    assert!(ok && out.contains("custody log intact"), "{out}");

    use diesel::connection::SimpleConnection;
    let mut c = app.state.db.conn().unwrap();
    let tamper = "UPDATE custody_events SET body = replace(body, '\"ok\"', '\"OK\"') WHERE seq = (SELECT MIN(seq) FROM custody_events)";
    // The application's own guard refuses it first.
    assert!(
        c.batch_execute(tamper).is_err(),
        "custody events are append-only"
    );
    if crate::helpers::backend() == sakshya::db::Backend::Postgres {
        for table in [
            "custody_events",
            "log_leaves",
            "log_nodes",
            "log_checkpoints",
            "clip_manifests",
            "clip_erasures",
            "security_events",
        ] {
            assert!(
                c.batch_execute(&format!("TRUNCATE {table} CASCADE"))
                    .is_err(),
                "{table} refuses TRUNCATE"
            );
            // Row triggers fire only on rows: an empty table has none.
            let empty = ["clip_erasures", "security_events"].contains(&table);
            assert!(
                empty || c.batch_execute(&format!("DELETE FROM {table}")).is_err(),
                "{table} refuses DELETE"
            );
        }
    }
    match crate::helpers::backend() {
        sakshya::db::Backend::Sqlite => c
            .batch_execute(&format!("DROP TRIGGER custody_events_no_update; {tamper}"))
            .unwrap(),
        sakshya::db::Backend::Postgres => c
            .batch_execute(&format!(
                "ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only; {tamper}"
            ))
            .unwrap(),
    }
    let (ok, out) = check();
    assert!(!ok, "{out}");
    assert!(
        out.contains("leaf 0") && out.contains("no longer hashes"),
        "{out}"
    );
}

#[tokio::test]
async fn checkpoints_after_a_restart_are_consistent_with_those_before() {
    let app = spawn_app().await;
    let (_, _) = app.sealed_clip().await;
    let before = app.sync_log();
    // Another process (a restarted server, a worker) continues the log.
    app.file("inv_a", "cam_a2").await;
    let out = app
        .sakshya_command()
        .args(["log", "sync"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut c = app.state.db.conn().unwrap();
    let after = sakshya::db::log::latest_checkpoint(&mut c)
        .unwrap()
        .unwrap();
    assert!(after.tree_size as u64 > before.size);
    let proof =
        sakshya::custody::proofs::consistency(&mut c, before.size, after.tree_size as u64).unwrap();
    let old_root = sakshya::custody::proofs::root(&mut c, before.size).unwrap();
    sakshya::tlog::verify_consistency(
        before.size,
        after.tree_size as u64,
        &proof,
        &old_root,
        &after.root.clone().try_into().unwrap(),
    )
    .unwrap();
}

#[tokio::test]
async fn public_verification_by_hash_needs_no_login_and_is_recorded() {
    let app = spawn_app_with(|s| s.verify_per_minute = 4).await;
    let (_, clip) = app.sealed_clip().await;
    let sha = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::find(&mut c, &clip)
            .unwrap()
            .unwrap()
            .sha256
    };
    app.sync_log();
    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": sha })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["issued"], true);
    assert_eq!(r.body["clips"][0]["clip_id"], clip.as_str());
    let manifest = r.body["clips"][0]["manifest"].as_str().unwrap();
    let sig = B64
        .decode(r.body["clips"][0]["signature"].as_str().unwrap())
        .unwrap();
    let key = keys(&app).await[0]["verifier_key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(sakshya::tlog::Verifier::parse(&key)
        .unwrap()
        .verify(manifest.as_bytes(), &sig));
    assert!(r.body["checkpoint"]
        .as_str()
        .unwrap()
        .starts_with("sakshya.local/custody\n"));

    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": "0".repeat(64) })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["issued"], false);
    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": "xyz" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["code"], "invalid_sha256");
    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": sha })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The fifth request in the minute is refused.
    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": sha })),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.body["error"]["code"], "rate_limited");

    app.sync_log();
    let mut c = app.state.db.conn().unwrap();
    let size = sakshya::db::log::size(&mut c).unwrap() as i64;
    let n = sakshya::db::custody::leaves_with_bodies(&mut c, 0, size)
        .unwrap()
        .iter()
        .filter(|(_, _, b)| {
            b.contains("\"kind\":\"verified\"") && b.contains(sha.as_str()) && b.contains(&clip)
        })
        .count();
    assert_eq!(
        n, 2,
        "each answered verification of this clip is a custody event"
    );
    let row = sakshya::db::clips::find(&mut c, &clip).unwrap().unwrap();
    assert!(
        !sakshya::db::custody::for_evidence(&mut c, &row.request_id, &clip)
            .unwrap()
            .iter()
            .any(|(e, _)| e.kind == "verified"),
        "anonymous checks do not grow the clip's own record"
    );
}

#[tokio::test]
async fn packages_and_manifests_are_only_for_those_handling_the_evidence() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    for path in [
        format!("/api/v1/clips/{clip}/package"),
        format!("/api/v1/clips/{clip}/manifest"),
    ] {
        let r = app.call(Method::GET, &path, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        for (user, want) in [
            ("inv_b", StatusCode::NOT_FOUND),
            ("sup_b", StatusCode::NOT_FOUND),
            ("op_b", StatusCode::NOT_FOUND),
            ("admin_b", StatusCode::NOT_FOUND),
            ("court_a", StatusCode::NOT_FOUND),
            ("auditor_a", StatusCode::NOT_FOUND),
        ] {
            let (status, _, _) = app.get_bytes(user, &path).await;
            assert!(
                status == want || status == StatusCode::FORBIDDEN,
                "{user} {path}: {status}"
            );
        }
        for user in ["inv_a", "sup_a", "op_a", "admin_a"] {
            let (status, _, _) = app.get_bytes(user, &path).await;
            assert_eq!(status, StatusCode::OK, "{user} {path}");
        }
    }
}

/// Every member of a package, in order.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zin.len())
        .map(|i| {
            let mut e = zin.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().to_owned(), data)
        })
        .collect()
}

fn rezip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in members {
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn custody_lines(m: &[(String, Vec<u8>)]) -> Vec<String> {
    let c = &m.iter().find(|(n, _)| n == "custody.jsonl").unwrap().1;
    String::from_utf8(c.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn set_custody(m: &mut [(String, Vec<u8>)], lines: &[String]) {
    let c = m.iter_mut().find(|(n, _)| n == "custody.jsonl").unwrap();
    c.1 = lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes();
}

fn event_id(line: &str) -> String {
    serde_json::from_str::<Value>(line).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn expect_fail(zip: &[u8], check: &str, what: &str) {
    let (ok, out) = sakshya_verify(zip);
    assert!(!ok, "{what} went unnoticed:\n{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("FAIL") && l.contains(check)),
        "{what} should fail '{check}':\n{out}"
    );
}

#[tokio::test]
async fn dropped_foreign_and_extra_members_are_caught_and_keys_can_be_pinned() {
    let app = spawn_app().await;
    let (req, clip) = app.sealed_clip().await;
    let (_, zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    let orig = members(&zip);

    // An event and its proof dropped from the package.
    let mut m = orig.clone();
    let mut lines = custody_lines(&m);
    let dropped = lines.remove(1);
    set_custody(&mut m, &lines);
    let proof = format!("proofs/{}.tlog-proof", event_id(&dropped));
    m.retain(|(n, _)| *n != proof);
    expect_fail(&rezip(&m), "custody record complete", "a dropped event");

    // Another clip's event, with its genuine proof, slipped in.
    let t0 = {
        let mut c = app.state.db.conn().unwrap();
        let row = sakshya::db::clips::find(&mut c, &clip).unwrap().unwrap();
        sakshya::db::time::from_db(row.actual_start)
    };
    let other_req = app
        .approved_request("cam_a1", t0, t0 + chrono::Duration::seconds(5))
        .await;
    app.run_jobs().await;
    assert_ne!(other_req, req);
    let other_clip = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::for_request(&mut c, &other_req).unwrap()[0]
            .id
            .clone()
    };
    let (_, other_zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{other_clip}/package"))
        .await;
    let other = members(&other_zip);
    let foreign = custody_lines(&other)
        .into_iter()
        .find(|l| l.contains(other_clip.as_str()))
        .unwrap();
    let foreign_proof = format!("proofs/{}.tlog-proof", event_id(&foreign));
    let mut m = orig.clone();
    let mut lines = custody_lines(&m);
    lines.insert(2, foreign.clone());
    set_custody(&mut m, &lines);
    m.push(
        other
            .iter()
            .find(|(n, _)| *n == foreign_proof)
            .unwrap()
            .clone(),
    );
    expect_fail(&rezip(&m), "other evidence", "another clip's event");

    // A member nobody expects.
    let mut m = orig.clone();
    m.push(("README.txt".into(), b"trust me".to_vec()));
    expect_fail(&rezip(&m), "package members", "an extra member");
    // The clip under another name.
    let mut m = orig.clone();
    m[0].0 = "clip-something-else.mp4".into();
    expect_fail(&rezip(&m), "package members", "a renamed clip");

    // Two entries with one name: the zip crate would show only the last
    // (the genuine one) while another unzip tool extracts the first.
    let mut m = orig.clone();
    let pos = m.iter().position(|(n, _)| n == "manifest.json").unwrap();
    let mut forged = m[pos].1.clone();
    forged[30] ^= 1;
    m.insert(pos, ("manifesx.json".into(), forged));
    let mut bytes = rezip(&m);
    let (from, to) = (b"manifesx.json", b"manifest.json");
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    expect_fail(&bytes, "package members", "a duplicated member name");

    // Pinned keys: the ICCC's published key passes; another key fails.
    let published = keys(&app).await[0]["public_key_pem"]
        .as_str()
        .unwrap()
        .to_owned();
    let stranger = sakshya::signing::SigningKey::from_pkcs8(
        &sakshya::signing::generate().unwrap(),
        "x.example/log",
    )
    .unwrap();
    let stranger_pem = sakshya::signing::pem::public_pem(stranger.public_key());
    let (ok, out) = sakshya_verify_pinned(&zip, &[published.as_str()]);
    assert!(ok && out.contains("(pinned)"), "{out}");
    let (ok, out) = sakshya_verify_pinned(&zip, &[stranger_pem.as_str()]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("FAIL  manifest signature") && out.contains("FAIL  checkpoint"),
        "{out}"
    );
}

#[tokio::test]
async fn rotated_keys_stay_published_and_old_evidence_still_verifies() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let (_, zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    let before = keys(&app).await;
    assert_eq!(before.len(), 1);
    let old_pem = before[0]["public_key_pem"].as_str().unwrap().to_owned();

    let out = app
        .sakshya_command()
        .args(["keys", "rotate"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = keys(&app).await;
    assert_eq!(after.len(), 2, "the old key stays published");
    let old = after
        .iter()
        .find(|k| k["key_id"] == before[0]["key_id"])
        .unwrap();
    assert!(old["retired_at"].is_string(), "{old}");
    let new = after
        .iter()
        .find(|k| k["key_id"] != before[0]["key_id"])
        .unwrap();
    assert!(new["retired_at"].is_null());

    let out = app
        .sakshya_command()
        .args(["keys", "export-public"])
        .output()
        .unwrap();
    let exported = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(exported.contains(new["public_key_pem"].as_str().unwrap().trim()));
    assert!(exported.contains(new["verifier_key"].as_str().unwrap()));
    assert!(
        !exported.contains("PRIVATE"),
        "only public keys are exported"
    );
    let out = app
        .sakshya_command()
        .args(["keys", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        listed
            .lines()
            .any(|l| l.contains(new["key_id"].as_str().unwrap()) && l.contains("active")),
        "{listed}"
    );
    assert!(
        listed
            .lines()
            .any(|l| l.contains(old["key_id"].as_str().unwrap()) && l.contains("retired")),
        "{listed}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = app.state.settings.signing_key_path();
        assert_eq!(
            std::fs::metadata(p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // Evidence signed before the rotation still verifies, offline and
    // pinned to the old published key.
    let (ok, out) = sakshya_verify(&zip);
    assert!(ok, "{out}");
    let (ok, out) = sakshya_verify_pinned(&zip, &[old_pem.as_str()]);
    assert!(ok && out.contains("(pinned)"), "{out}");
    // A retired key's record cannot be altered or removed.
    use diesel::connection::SimpleConnection;
    let mut c = app.state.db.conn().unwrap();
    assert!(c.batch_execute("DELETE FROM signing_keys").is_err());
    assert!(c
        .batch_execute("UPDATE signing_keys SET retired_at = NULL")
        .is_err());
}

/// Finding 4 of the security review: the certificate of an old clip was
/// rebuilt from the live camera registry, so an edit to the camera made it
/// contradict the signed manifest.
#[tokio::test]
async fn the_certificate_states_what_the_signed_manifest_states_not_the_live_registry() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let cam = &app.fx.cameras["cam_a1"];
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{cam}"),
            Some(json!({ "serial": "SN-REPLACED-9", "make": "Dahua", "model": "IPC-HFW2431S" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (status, zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let dir = unzip(&zip);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["camera"]["serial"], "SN-CAM-A1");
    let txt = tool("pdftotext")
        .arg(dir.path().join("certificate-bsa63.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&txt.stdout);
    for sealed in ["SN-CAM-A1", "Hikvision", "DS-2CD2143G2-I"] {
        assert!(text.contains(sealed), "{sealed} missing:\n{text}");
    }
    for live in ["SN-REPLACED-9", "Dahua", "IPC-HFW2431S"] {
        assert!(
            !text.contains(live),
            "{live} is the live registry's, not the manifest's:\n{text}"
        );
    }
}

/// Finding 6 of the security review: the request history and the clip
/// records were not append-only in the database, though the README said
/// the history was.
#[tokio::test]
async fn the_request_history_and_clip_records_cannot_be_changed_or_removed() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let (request, _) = app.sealed_clip().await;
    let mut c = app.state.db.conn().unwrap();
    for sql in [
        "UPDATE request_events SET comment = 'nothing happened'".to_owned(),
        format!("DELETE FROM request_events WHERE request_id = '{request}'"),
        "UPDATE clips SET sha256 = 'f00d'".to_owned(),
        "UPDATE clips SET storage_key = 'elsewhere'".to_owned(),
        format!("DELETE FROM clips WHERE request_id = '{request}'"),
    ] {
        let e = c.batch_execute(&sql).expect_err(&sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    drop(c);
    let detail = app.get_request("inv_a", &request).await;
    assert!(detail["history"].as_array().unwrap().len() >= 4);
    assert!(detail["items"][0]["clip"]["sha256"].as_str().unwrap().len() == 64);
}
