//! Checkpoints and tlog-proofs against the derived and C2SP vectors.

use super::super::vectors::derived::{
    CHECKPOINT_0, CHECKPOINT_7, CHECKPOINT_8, CHECKPOINT_8_COSIGNED, CONSISTENCY_7_8,
    ROOT_HASHES_B64, TEST_KEY_NAME, TEST_SKEY, TEST_VKEY, TLOG_PROOF_EXTRA_BYTES, TLOG_PROOF_IDX5,
    TLOG_PROOF_IDX5_EXTRA, TLOG_PROOF_IDX5_LEAF_HASH,
};
use super::super::vectors::note::{
    C2SP_CHECKPOINT_EXAMPLE, C2SP_TLOG_PROOF_EXAMPLE, PETER_VKEY, SUMDB_CHECKPOINT, SUMDB_VKEY,
};
use super::super::vectors::{h32, hb, proof32, LEAF_INPUTS, ROOT_HASHES};
use super::super::{
    leaf_hash, open, verify_consistency, Checkpoint, Hash, NoteError, ProofError, TlogProof,
    Verifier,
};
use super::keys::TestSigner;
use super::tree::StoredTree;

fn test_key() -> Verifier {
    Verifier::parse(TEST_VKEY).unwrap()
}

fn vector_tree() -> StoredTree {
    let leaves: Vec<Hash> = LEAF_INPUTS.iter().map(|d| leaf_hash(&hb(d))).collect();
    StoredTree::build(&leaves)
}

/// The text part of a signed note.
fn text_of(note: &str) -> &str {
    &note[..note.rfind("\n\n").unwrap() + 1]
}

#[test]
fn derived_checkpoints_open_and_re_sign_identically() {
    let signer = TestSigner::parse(TEST_SKEY);
    for (note, size) in [(CHECKPOINT_0, 0u64), (CHECKPOINT_7, 7), (CHECKPOINT_8, 8)] {
        let checkpoint = Checkpoint::open(note, TEST_KEY_NAME, &[test_key()]).unwrap();
        assert_eq!(checkpoint.origin, TEST_KEY_NAME);
        assert_eq!(checkpoint.size, size);
        assert_eq!(checkpoint.root, h32(ROOT_HASHES[size as usize]));
        assert!(checkpoint.extensions.is_empty());
        assert_eq!(checkpoint.to_text(), text_of(note));
        assert!(checkpoint
            .to_text()
            .contains(ROOT_HASHES_B64[size as usize]));
        assert_eq!(signer.sign(&checkpoint.to_text()), note);
    }
}

#[test]
fn checkpoints_7_and_8_are_consistent() {
    let c7 = Checkpoint::open(CHECKPOINT_7, TEST_KEY_NAME, &[test_key()]).unwrap();
    let c8 = Checkpoint::open(CHECKPOINT_8, TEST_KEY_NAME, &[test_key()]).unwrap();
    let proof = vector_tree().consistency(7, 8);
    assert_eq!(proof, proof32(&CONSISTENCY_7_8));
    assert_eq!(
        verify_consistency(c7.size, c8.size, &proof, &c7.root, &c8.root),
        Ok(())
    );
}

#[test]
fn cosigned_checkpoint_opens_with_either_key() {
    let peter = Verifier::parse(PETER_VKEY).unwrap();
    let opened = open(CHECKPOINT_8_COSIGNED, &[test_key()]).unwrap();
    assert_eq!(opened.unverified, 1);
    let opened = open(CHECKPOINT_8_COSIGNED, &[test_key(), peter.clone()]).unwrap();
    assert_eq!(opened.verified_by, vec![test_key(), peter.clone()]);
    assert!(Checkpoint::open(CHECKPOINT_8_COSIGNED, TEST_KEY_NAME, &[test_key()]).is_ok());
}

#[test]
fn sumdb_checkpoint_parses() {
    let sumdb = Verifier::parse(SUMDB_VKEY).unwrap();
    let checkpoint = Checkpoint::open(SUMDB_CHECKPOINT, "go.sum database tree", &[sumdb]).unwrap();
    assert_eq!(checkpoint.size, 6_476_701);
    assert_eq!(checkpoint.to_text(), text_of(SUMDB_CHECKPOINT));
}

#[test]
fn checkpoint_open_failures() {
    let key = test_key();
    assert_eq!(
        Checkpoint::open(
            CHECKPOINT_8,
            "example.com/other",
            std::slice::from_ref(&key)
        ),
        Err(NoteError::OriginMismatch {
            want: "example.com/other".into(),
            got: TEST_KEY_NAME.into()
        })
    );
    let peter = Verifier::parse(PETER_VKEY).unwrap();
    assert_eq!(
        Checkpoint::open(CHECKPOINT_8, TEST_KEY_NAME, &[peter]),
        Err(NoteError::NoVerifiedSignature)
    );
    let signer = TestSigner::parse(TEST_SKEY);
    let not_a_checkpoint = signer.sign("example.com/tlog-test\nbananas\n");
    assert!(matches!(
        Checkpoint::open(&not_a_checkpoint, TEST_KEY_NAME, std::slice::from_ref(&key)),
        Err(NoteError::Checkpoint(_))
    ));
    let altered = CHECKPOINT_8.replacen("\n8\n", "\n9\n", 1);
    assert!(matches!(
        Checkpoint::open(&altered, TEST_KEY_NAME, &[key]),
        Err(NoteError::InvalidSignature { .. })
    ));
}

#[test]
fn checkpoint_text_round_trips() {
    let checkpoint = Checkpoint {
        origin: "example.com/log42".into(),
        size: u64::MAX,
        root: [9u8; 32],
        extensions: vec!["ext one".into(), "\u{e8}xt two".into()],
    };
    let text = checkpoint.to_text();
    assert_eq!(Checkpoint::parse(&text), Ok(checkpoint));
    let spec = text_of(C2SP_CHECKPOINT_EXAMPLE);
    let parsed = Checkpoint::parse(spec).unwrap();
    assert_eq!(
        (parsed.origin.as_str(), parsed.size),
        ("example.com/behind-the-sofa", 20_852_163)
    );
    assert_eq!(parsed.to_text(), spec);
}

#[test]
fn strict_checkpoint_parsing() {
    let root = ROOT_HASHES_B64[8];
    let bad = [
        format!("Log\n123\n{root}"),
        "Log\n123\nYmFuYW5hcw==".to_string(),
        "Log\n123\nYmFuYW5hcw==\n".to_string(),
        "Log\n123\n".to_string(),
        format!("\n123\n{root}\n"),
        format!("Log\n\n{root}\n"),
        format!("Log\n123\n{root}\n\n"),
        format!("Log\n123\n{root}\next\n\n"),
        format!("Log\n0123\n{root}\n"),
        format!("Log\n00\n{root}\n"),
        format!("Log\n-34\n{root}\n"),
        format!("Log\n+34\n{root}\n"),
        format!("Log\nbananas\n{root}\n"),
        format!("Log\n18446744073709551616\n{root}\n"),
        format!("Log\n123\n{}\n", root.trim_end_matches('=')),
        format!("Log\n123\n{root} \n"),
        format!("Log\r\n123\n{root}\n"),
        format!("Log\n123\n{}\n", "A".repeat(44)),
    ];
    for text in &bad {
        assert!(
            matches!(Checkpoint::parse(text), Err(NoteError::Checkpoint(_))),
            "{text:?}"
        );
    }
    assert!(Checkpoint::parse(&format!("Log\n0\n{root}\n")).is_ok());
}

fn idx5_leaf() -> Hash {
    h32(TLOG_PROOF_IDX5_LEAF_HASH)
}

#[test]
fn derived_tlog_proofs_parse_verify_and_round_trip() {
    for (text, extra) in [
        (TLOG_PROOF_IDX5, None),
        (TLOG_PROOF_IDX5_EXTRA, Some(TLOG_PROOF_EXTRA_BYTES.to_vec())),
    ] {
        let proof = TlogProof::parse(text).unwrap();
        assert_eq!(proof.extra, extra);
        assert_eq!(proof.index, 5);
        assert_eq!(proof.proof, vector_tree().inclusion(5, 8));
        assert_eq!(proof.checkpoint, CHECKPOINT_8);
        assert_eq!(proof.to_text(), text);
        let checkpoint = proof
            .verify(&idx5_leaf(), TEST_KEY_NAME, &[test_key()])
            .unwrap();
        assert_eq!((checkpoint.size, checkpoint.root), (8, h32(ROOT_HASHES[8])));
    }
    assert_eq!(leaf_hash(&hb(LEAF_INPUTS[5])), idx5_leaf());
}

#[test]
fn generated_tlog_proofs_verify() {
    let tree = vector_tree();
    let built = TlogProof {
        extra: None,
        index: 5,
        proof: tree.inclusion(5, 8),
        checkpoint: CHECKPOINT_8.to_string(),
    };
    assert_eq!(built.to_text(), TLOG_PROOF_IDX5);
    for (note, size) in [(CHECKPOINT_7, 7u64), (CHECKPOINT_8, 8)] {
        for index in 0..size {
            let proof = TlogProof {
                extra: Some(index.to_be_bytes().to_vec()),
                index,
                proof: tree.inclusion(index, size),
                checkpoint: note.to_string(),
            };
            let parsed = TlogProof::parse(&proof.to_text()).unwrap();
            assert_eq!(parsed, proof);
            let leaf = tree.leaves[index as usize];
            assert!(parsed.verify(&leaf, TEST_KEY_NAME, &[test_key()]).is_ok());
            let other = tree.leaves[((index + 1) % size) as usize];
            assert!(parsed.verify(&other, TEST_KEY_NAME, &[test_key()]).is_err());
        }
    }
    // An empty tree holds no entry to prove.
    let empty = TlogProof {
        extra: None,
        index: 0,
        proof: Vec::new(),
        checkpoint: CHECKPOINT_0.to_string(),
    };
    assert_eq!(
        empty.verify(&idx5_leaf(), TEST_KEY_NAME, &[test_key()]),
        Err(NoteError::Proof(ProofError::IndexOutOfRange {
            index: 0,
            size: 0
        }))
    );
}

#[test]
fn tampered_tlog_proofs_fail() {
    let good = TlogProof::parse(TLOG_PROOF_IDX5).unwrap();
    let key = [test_key()];
    let check = |p: &TlogProof| p.verify(&idx5_leaf(), TEST_KEY_NAME, &key);
    assert!(check(&good).is_ok());

    let mut p = good.clone();
    p.index = 4;
    assert!(check(&p).is_err());
    p.index = 8;
    assert!(check(&p).is_err());
    for i in 0..good.proof.len() {
        for bit in [0, 77, 255] {
            let mut p = good.clone();
            p.proof[i][bit / 8] ^= 1 << (bit % 8);
            assert_eq!(check(&p), Err(NoteError::Proof(ProofError::RootMismatch)));
        }
    }
    let mut p = good.clone();
    p.proof.pop();
    assert!(matches!(
        check(&p),
        Err(NoteError::Proof(ProofError::WrongProofSize { .. }))
    ));
    let mut p = good.clone();
    p.proof.push([0u8; 32]);
    assert!(check(&p).is_err());
    let mut p = good.clone();
    p.checkpoint = CHECKPOINT_7.to_string();
    assert!(check(&p).is_err());
    assert!(good
        .verify(&leaf_hash(b"other"), TEST_KEY_NAME, &key)
        .is_err());
    assert!(good
        .verify(&idx5_leaf(), "example.com/other", &key)
        .is_err());
    let peter = [Verifier::parse(PETER_VKEY).unwrap()];
    assert_eq!(
        good.verify(&idx5_leaf(), TEST_KEY_NAME, &peter),
        Err(NoteError::NoVerifiedSignature)
    );

    // The extra data is not authenticated, so changing it changes nothing.
    let mut p = good.clone();
    p.extra = Some(b"anything".to_vec());
    assert!(check(&p).is_ok());
}

#[test]
fn every_changed_character_of_a_tlog_proof_fails() {
    let key = [test_key()];
    let chars: Vec<char> = TLOG_PROOF_IDX5.chars().collect();
    for i in 0..chars.len() {
        for replacement in ['A', 'B', '\n'] {
            if chars[i] == replacement {
                continue;
            }
            let mut changed = chars.clone();
            changed[i] = replacement;
            let text: String = changed.into_iter().collect();
            let result =
                TlogProof::parse(&text).and_then(|p| p.verify(&idx5_leaf(), TEST_KEY_NAME, &key));
            assert!(
                result.is_err(),
                "char {i} -> {replacement:?} passed:\n{text}"
            );
        }
    }
}

#[test]
fn go_tlog_proof_error_inputs() {
    let b64_64 = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode([0u8; 64])
    };
    let zero_lines = format!("{}=\n", "A".repeat(43)).repeat(65);
    let cases = [
        (
            "wrong-header\nindex 0\n\ncheckpoint\n".to_string(),
            "header",
        ),
        (
            "c2sp.org/tlog-proof@v1\nextra !!notbase64!!\nindex 0\n\ncheckpoint\n".to_string(),
            "extra data is not base64",
        ),
        (
            "c2sp.org/tlog-proof@v1\n\n\ncheckpoint\n".to_string(),
            "missing index line",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex notanumber\n\ncheckpoint\n".to_string(),
            "index is not",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex -5\n\ncheckpoint\n".to_string(),
            "index is not",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 0\n!!notbase64!!\n\ncheckpoint\n".to_string(),
            "proof hash",
        ),
        (
            format!("c2sp.org/tlog-proof@v1\nindex 0\n{b64_64}\n\ncheckpoint\n"),
            "proof hash",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 05\n\ncheckpoint\n".to_string(),
            "index is not",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 5\n".to_string(),
            "unexpected end",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 5\n\n".to_string(),
            "missing checkpoint",
        ),
        (
            "c2sp.org/tlog-proof@v1\r\nindex 5\n\ncheckpoint\n".to_string(),
            "header",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 5\nextra AAAA\n\ncheckpoint\n".to_string(),
            "proof hash",
        ),
        (
            format!("c2sp.org/tlog-proof@v1\nindex 0\n{zero_lines}\ncheckpoint\n"),
            "more than 64",
        ),
    ];
    for (text, want) in cases {
        let err = TlogProof::parse(&text).unwrap_err();
        assert!(matches!(err, NoteError::TlogProof(_)), "{text:?}: {err}");
        assert!(err.to_string().contains(want), "{text:?}: {err}");
    }
}

#[test]
fn c2sp_tlog_proof_example_parses_but_does_not_verify() {
    let proof = TlogProof::parse(C2SP_TLOG_PROOF_EXAMPLE).unwrap();
    assert_eq!(proof.index, 73894);
    assert_eq!(proof.proof.len(), 5);
    let extra = proof.extra.clone().unwrap();
    assert!(extra.starts_with(b"age-v1.2.1-darwin-arm64.tar.gz"));
    assert_eq!(extra.len(), 39);
    assert!(proof
        .checkpoint
        .starts_with("example.com/fancylog\n109482\n"));
    assert_eq!(proof.to_text(), C2SP_TLOG_PROOF_EXAMPLE);
    assert!(matches!(
        proof.verify(&[0u8; 32], "example.com/fancylog", &[test_key()]),
        Err(NoteError::Malformed(_))
    ));
}
