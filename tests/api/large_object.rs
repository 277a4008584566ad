//! A 200 MB clip streamed into the store while it is written: bounded
//! memory, identical bytes back, correct ranges. Same test on both stores.

use std::io::{Read, Write};

use crate::helpers::{shared_bucket, spawn_app, with_s3};

const MIB: usize = 1 << 20;

/// 200 MiB of incompressible, position-dependent bytes.
fn big_file(path: &std::path::Path) -> Vec<u8> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut sample = Vec::new();
    for i in 0..200u64 {
        let d = ring::digest::digest(&ring::digest::SHA256, &i.to_le_bytes());
        let block: Vec<u8> = (0..MIB)
            .map(|j| d.as_ref()[j % 32] ^ (j as u8) ^ ((j >> 8) as u8))
            .collect();
        if i == 150 {
            sample = block[1000..5096].to_vec();
        }
        f.write_all(&block).unwrap();
    }
    f.flush().unwrap();
    sample
}

#[tokio::test]
async fn a_200_mb_clip_streams_into_the_store_with_bounded_memory() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clip.bin");
    let sample = big_file(&file);
    let (want_sha, want_size) = sakshya::digest::sha256_file(&file).unwrap();

    let out = app
        .sakshya_command()
        .args(["bench", "upload-child", "--stream", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sha256"], want_sha.as_str());
    assert_eq!(report["bytes"], want_size);
    let peak = report["peak_rss_kib"].as_u64().unwrap();
    let baseline = report["baseline_rss_kib"].as_u64().unwrap();
    eprintln!(
        "streamed 200 MiB: peak {} MiB, {} MiB above the process baseline",
        peak / 1024,
        (peak - baseline) / 1024
    );
    // The store's own working memory: a handful of parts, whatever the
    // clip's size (the baseline is the process with its libraries loaded).
    assert!(
        peak - baseline < 48 * 1024,
        "streaming 200 MiB used {} MiB above the process baseline (peak {} MiB)",
        (peak - baseline) / 1024,
        peak / 1024
    );
    let key = report["key"].as_str().unwrap().to_owned();

    // Read back whole: identical.
    let store = app.state.services.store.clone();
    let (s, k) = (store.clone(), key.clone());
    // Store reads block: off the test's runtime.
    let (got, n) = tokio::task::spawn_blocking(move || {
        sakshya::digest::sha256_reader(&mut s.open(&k).unwrap()).unwrap()
    })
    .await
    .unwrap();
    assert_eq!((got, n), (want_sha, want_size));
    // The scratch file is gone.
    assert_eq!(std::fs::read_dir(app.scratch_dir()).unwrap().count(), 0);

    // A range in the middle, as a player asks for it.
    let start = 150 * MIB as u64 + 1000;
    let len = sample.len();
    let range = tokio::task::spawn_blocking(move || {
        let mut r = store.open(&key).unwrap();
        std::io::copy(&mut (&mut r).take(start), &mut std::io::sink()).unwrap();
        let mut buf = vec![0u8; len];
        r.read_exact(&mut buf).unwrap();
        buf
    })
    .await
    .unwrap();
    assert_eq!(range, sample);
}

#[tokio::test]
async fn an_abandoned_streamed_write_leaves_nothing_behind() {
    let app = spawn_app().await;
    let store = app.state.services.store.clone();
    let before = store.list().unwrap();
    let scratch = store.scratch_path(".mp4");
    let ingest = store.ingest(scratch.clone(), "clips/abandoned");
    {
        let mut f = std::fs::File::create(&scratch).unwrap();
        // More than one part, so a part is in flight when the write is
        // abandoned.
        for i in 0..12u8 {
            f.write_all(&vec![i; MIB]).unwrap();
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(ingest);
    assert!(!scratch.exists(), "the scratch file is removed");
    assert_eq!(store.list().unwrap(), before, "nothing was stored");
    if crate::helpers::s3_store() {
        let bucket = shared_bucket();
        let prefix = store
            .location()
            .trim_start_matches("s3://")
            .split_once('/')
            .unwrap()
            .1
            .to_owned();
        let uploads = with_s3(move |c| {
            Box::pin(async move {
                let r = c
                    .list_multipart_uploads()
                    .bucket(bucket)
                    .prefix(prefix)
                    .send()
                    .await
                    .unwrap();
                r.uploads().len()
            })
        });
        assert_eq!(uploads, 0, "the multipart upload was aborted");
    }
}
