//! Bounded fuzzing (proptest) of every parser that reads untrusted input:
//! the signed note and checkpoint, the tlog-proof, the verifier key, the
//! manifest, the evidence package (offline verifier) and the upload probe
//! (FFmpeg). Seeds are real objects from a running server; inputs are
//! random bytes and mutations of the seeds (flipped bytes, truncations,
//! insertions). Nothing may panic or crash; a mutated signed note never
//! opens with a different text. `SAKSHYA_FUZZ_CASES` sets the cases per
//! target (default 200; `make fuzz` runs 20,000). This stands in for
//! cargo-fuzz, which needs a nightly toolchain this project does not use.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

fn cases() -> u32 {
    std::env::var("SAKSHYA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// Random bytes, or the seed with a byte changed, cut short, or with
/// bytes inserted.
fn inputs(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = seed.len().max(1);
    let (a, b, c) = (seed.clone(), seed.clone(), seed);
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        (0..len, any::<u8>()).prop_map(move |(i, x)| {
            let mut v = a.clone();
            if let Some(b) = v.get_mut(i) {
                *b ^= x | 1;
            }
            v
        }),
        (0..len).prop_map(move |n| b[..n.min(b.len())].to_vec()),
        (0..len, proptest::collection::vec(any::<u8>(), 1..16)).prop_map(move |(i, ins)| {
            let mut v = c.clone();
            let at = i.min(v.len());
            v.splice(at..at, ins);
            v
        }),
    ]
}

fn fuzz(name: &str, seed: Vec<u8>, check: impl Fn(&[u8]) -> Result<(), String>) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&inputs(seed), |input| {
            check(&input).map_err(proptest::test_runner::TestCaseError::fail)
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

async fn seeds(
    app: &TestApp,
) -> (
    String,
    Vec<sakshya::tlog::Verifier>,
    String,
    Vec<u8>,
    Vec<u8>,
) {
    let (request, clip) = app.sealed_clip().await;
    app.sync_log();
    let keys = app.call(Method::GET, "/api/v1/keys", None, None).await;
    let known: Vec<sakshya::tlog::Verifier> = keys
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|k| sakshya::tlog::Verifier::parse(k["verifier_key"].as_str().unwrap()).unwrap())
        .collect();
    let note = app
        .call(Method::GET, "/api/v1/log/checkpoint", None, None)
        .await
        .body
        .as_str()
        .unwrap()
        .to_owned();
    let event = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::custody::for_evidence(&mut c, &request, &clip).unwrap()[0]
            .0
            .id
            .clone()
    };
    let proof = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/log/events/{event}/proof"),
            None,
        )
        .await;
    assert_eq!(proof.status, StatusCode::OK);
    let (status, package, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/package"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, manifest, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/manifest"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let proof = match proof.body {
        Value::String(s) => s,
        other => panic!("{other}"),
    };
    (note, known, proof, package, manifest)
}

#[tokio::test]
async fn parsers_of_untrusted_input_survive_random_and_mutated_input() {
    let app = spawn_app().await;
    let (note, known, proof, package, manifest) = seeds(&app).await;
    let opened = sakshya::tlog::open(&note, &known).unwrap().text;
    sakshya::tlog::Checkpoint::parse(&opened).unwrap();
    sakshya::tlog::TlogProof::parse(&proof).unwrap();
    let vkey = known[0].to_vkey();

    fuzz("signed checkpoint", note.clone().into_bytes(), |b| {
        let s = String::from_utf8_lossy(b);
        let _ = sakshya::tlog::Checkpoint::parse(&s);
        match sakshya::tlog::open(&s, &known) {
            Ok(n) if n.text != opened => Err(format!("a mutated note opened as {:?}", n.text)),
            _ => Ok(()),
        }
    });
    fuzz("tlog-proof", proof.clone().into_bytes(), |b| {
        let _ = sakshya::tlog::TlogProof::parse(&String::from_utf8_lossy(b));
        Ok(())
    });
    fuzz("verifier key", vkey.into_bytes(), |b| {
        let _ = sakshya::tlog::Verifier::parse(&String::from_utf8_lossy(b));
        Ok(())
    });
    fuzz("manifest", manifest, |b| {
        let _ = serde_json::from_slice::<sakshya::evidence::manifest::Manifest>(b);
        Ok(())
    });

    let dir = app.scratch_dir();
    let n = std::cell::Cell::new(0u64);
    let pinned = sakshya::evidence::verify::keys::PinnedKeys::default();
    fuzz("evidence package", package.clone(), |b| {
        n.set(n.get() + 1);
        let path = dir.join(format!("fuzz-{}.zip", n.get()));
        std::fs::write(&path, b).map_err(|e| e.to_string())?;
        let _ = sakshya::evidence::verify::package::verify_package(&path, &pinned);
        let _ = std::fs::remove_file(&path);
        Ok(())
    });
    // The clip inside the package is a real MP4: the probe run on every
    // upload reads its mutations.
    let clip = {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&package)).unwrap();
        let name = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().to_owned())
            .find(|n| n.ends_with(".mp4"))
            .unwrap();
        let mut f = z.by_name(&name).unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut out).unwrap();
        out
    };
    fuzz("upload probe", clip, |b| {
        n.set(n.get() + 1);
        let path = dir.join(format!("fuzz-{}.mp4", n.get()));
        std::fs::write(&path, b).map_err(|e| e.to_string())?;
        let _ = sakshya::media::probe::probe(&path);
        let _ = std::fs::remove_file(&path);
        Ok(())
    });
}
