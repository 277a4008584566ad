//! Signed notes and note keys against the Go and C2SP vectors.

use super::super::vectors::derived::{
    TEST_KEY_ID, TEST_KEY_NAME, TEST_PUBKEY_HEX, TEST_SKEY, TEST_VKEY,
};
use super::super::vectors::note::{
    malformed_notes, BAD_VKEYS, C2SP_SIGNED_NOTE_EXAMPLE, ENOCH_KEY_ID, ENOCH_SIG_LINE, ENOCH_VKEY,
    FORMATS_KEYS, PETER_ENOCH_SIGNED_NOTE, PETER_KEY_ID, PETER_SIGNED_NOTE, PETER_SIG_B64,
    PETER_SIG_LINE, PETER_SKEY, PETER_TEXT, PETER_VKEY, SUMDB_CHECKPOINT, SUMDB_VKEY,
};
use super::super::{key_id, open, sign, signature_line, NoteError, Verifier};
use super::keys::TestSigner;

fn peter() -> Verifier {
    Verifier::parse(PETER_VKEY).unwrap()
}

fn enoch() -> Verifier {
    Verifier::parse(ENOCH_VKEY).unwrap()
}

#[test]
fn verifier_keys_parse_and_format() {
    let all = [PETER_VKEY, ENOCH_VKEY, SUMDB_VKEY, TEST_VKEY]
        .into_iter()
        .chain(FORMATS_KEYS.iter().map(|(vkey, _)| *vkey));
    for vkey in all {
        let v = Verifier::parse(vkey).unwrap();
        assert_eq!(v.to_vkey(), vkey);
        assert_eq!(v.key_id, key_id(&v.name, &v.public_key));
        assert_eq!(Verifier::new(&v.name, v.public_key), Ok(v));
    }
    assert_eq!(peter().key_id, PETER_KEY_ID);
    assert_eq!(enoch().key_id, ENOCH_KEY_ID);
    let test = Verifier::parse(TEST_VKEY).unwrap();
    assert_eq!(test.name, TEST_KEY_NAME);
    assert_eq!(test.key_id, TEST_KEY_ID);
    assert_eq!(hex::encode(test.public_key), TEST_PUBKEY_HEX);
    // The base64 part of this key holds '+' characters.
    assert_eq!(Verifier::parse(SUMDB_VKEY).unwrap().name, "sum.golang.org");
}

#[test]
fn bad_verifier_keys_are_rejected() {
    for vkey in BAD_VKEYS {
        assert!(Verifier::parse(vkey).is_err(), "{vkey}");
    }
    let bytes = PETER_VKEY.as_bytes();
    for start in 0..bytes.len() {
        for end in start..=bytes.len() {
            if (start, end) == (0, bytes.len()) {
                continue;
            }
            let sub = &PETER_VKEY[start..end];
            assert!(Verifier::parse(sub).is_err(), "substring {sub:?}");
        }
    }
    for i in 0..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[i] = changed[i].wrapping_add(1);
        if let Ok(s) = std::str::from_utf8(&changed) {
            assert!(Verifier::parse(s).is_err(), "incremented {s:?}");
        }
    }
    for name in ["", "a b", "a+b", "tab\there", "nbsp\u{a0}", "ctl\u{1}"] {
        assert_eq!(
            Verifier::new(name, [0u8; 32]),
            Err(NoteError::InvalidName),
            "{name:?}"
        );
    }
}

#[test]
fn signer_keys_derive_their_verifier_keys() {
    let pairs = [(PETER_VKEY, PETER_SKEY), (TEST_VKEY, TEST_SKEY)]
        .into_iter()
        .chain(FORMATS_KEYS.iter().copied());
    for (vkey, skey) in pairs {
        assert_eq!(TestSigner::parse(skey).verifier.to_vkey(), vkey);
    }
}

#[test]
fn peter_note_signs_byte_for_byte_and_opens() {
    let signer = TestSigner::parse(PETER_SKEY);
    let note = signer.sign(PETER_TEXT);
    assert_eq!(note, PETER_SIGNED_NOTE);
    let opened = open(&note, &[peter()]).unwrap();
    assert_eq!(opened.text, PETER_TEXT);
    assert_eq!(opened.verified_by, vec![peter()]);
    assert_eq!(opened.unverified, 0);
    let sig = signer.signature(PETER_TEXT.as_bytes());
    assert_eq!(
        signature_line("PeterNeumann", PETER_KEY_ID, &sig),
        PETER_SIG_LINE
    );
}

#[test]
fn unknown_signatures_are_ignored_but_counted() {
    let opened = open(PETER_ENOCH_SIGNED_NOTE, &[peter()]).unwrap();
    assert_eq!(opened.verified_by, vec![peter()]);
    assert_eq!(opened.unverified, 1);

    let opened = open(PETER_ENOCH_SIGNED_NOTE, &[peter(), enoch()]).unwrap();
    assert_eq!(opened.verified_by, vec![peter(), enoch()]);
    assert_eq!(opened.unverified, 0);

    let opened = open(PETER_ENOCH_SIGNED_NOTE, &[enoch()]).unwrap();
    assert_eq!(opened.verified_by, vec![enoch()]);
    assert_eq!(opened.unverified, 1);
}

#[test]
fn notes_without_a_known_signature_are_rejected() {
    assert_eq!(
        open(PETER_ENOCH_SIGNED_NOTE, &[]),
        Err(NoteError::NoVerifiedSignature)
    );
    assert_eq!(
        open(PETER_SIGNED_NOTE, &[enoch()]),
        Err(NoteError::NoVerifiedSignature)
    );
    // Same name, other key id: a different key, so ignored.
    let mut impostor = peter();
    impostor.key_id ^= 1;
    assert_eq!(
        open(PETER_SIGNED_NOTE, &[impostor]),
        Err(NoteError::NoVerifiedSignature)
    );
    // Same key id, other name: also a different key.
    let mut renamed = peter();
    renamed.name = "PeterNeumann2".into();
    assert_eq!(
        open(PETER_SIGNED_NOTE, &[renamed]),
        Err(NoteError::NoVerifiedSignature)
    );
}

#[test]
fn bad_signature_by_a_known_key_rejects_the_note() {
    let bad_sig = format!("{}ABCD{}", &PETER_SIG_LINE[..60], &PETER_SIG_LINE[60..]);
    let note = format!("{PETER_TEXT}\n{bad_sig}");
    let want = Err(NoteError::InvalidSignature {
        name: "PeterNeumann".into(),
        key_id: PETER_KEY_ID,
    });
    assert_eq!(open(&note, &[peter()]), want);
    // Even next to a good signature by the same key.
    assert_eq!(
        open(&format!("{PETER_SIGNED_NOTE}{bad_sig}"), &[peter()]),
        want
    );
    // Changed text.
    let changed = PETER_SIGNED_NOTE.replacen("cryptography", "cryptografy", 1);
    assert_eq!(open(&changed, &[peter()]), want);
    // Another key's signature under Peter's name and id.
    let forged = PETER_ENOCH_SIGNED_NOTE.replacen(PETER_SIG_LINE, "", 1);
    let enoch_payload = ENOCH_SIG_LINE
        .trim_start_matches("\u{2014} EnochRoot ")
        .trim_end();
    let mut raw = base64_decode(enoch_payload);
    raw[..4].copy_from_slice(&PETER_KEY_ID.to_be_bytes());
    let forged = forged.replacen(
        ENOCH_SIG_LINE,
        &signature_line("PeterNeumann", PETER_KEY_ID, &raw[4..]),
        1,
    );
    assert_eq!(open(&forged, &[peter()]), want);
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

#[test]
fn duplicate_signatures_count_once() {
    let enoch_bad = format!("{}ABCD{}", &ENOCH_SIG_LINE[..60], &ENOCH_SIG_LINE[60..]);
    let note = format!(
        "{PETER_TEXT}\n{PETER_SIG_LINE}{PETER_SIG_LINE}{ENOCH_SIG_LINE}{ENOCH_SIG_LINE}{enoch_bad}"
    );
    let opened = open(&note, &[peter()]).unwrap();
    assert_eq!(opened.verified_by, vec![peter()]);
    assert_eq!(opened.unverified, 2);
}

#[test]
fn a_key_listed_twice_is_ambiguous() {
    let note = format!("{PETER_TEXT}\n{ENOCH_SIG_LINE}");
    assert_eq!(
        open(&note, &[enoch(), peter(), enoch()]),
        Err(NoteError::AmbiguousKey {
            name: "EnochRoot".into(),
            key_id: ENOCH_KEY_ID
        })
    );
}

#[test]
fn signature_count_is_capped_at_100() {
    let hundred = format!("{PETER_TEXT}\n{}", PETER_SIG_LINE.repeat(100));
    assert_eq!(
        open(&hundred, &[peter()]).unwrap().verified_by,
        vec![peter()]
    );
    let too_many = format!("{PETER_TEXT}\n{}", PETER_SIG_LINE.repeat(101));
    assert!(matches!(
        open(&too_many, &[peter()]),
        Err(NoteError::Malformed(_))
    ));
}

#[test]
fn malformed_notes_are_rejected() {
    let mut notes = malformed_notes();
    notes.extend([
        String::new(),
        "\n\n".to_string(),
        format!("{PETER_TEXT}\n\u{2014} PeterNeumann\n"),
        format!("{PETER_TEXT}\n\u{2014} PeterNeumann \n"),
        format!("{PETER_TEXT}\n\u{2014} PeterNeumann x08g\n"),
        format!("{PETER_TEXT}\n\u{2014} PeterNeumann {PETER_SIG_B64} \n"),
        format!("{PETER_TEXT}\n- PeterNeumann {PETER_SIG_B64}\n"),
        format!("{PETER_TEXT}\n\u{2014}  PeterNeumann {PETER_SIG_B64}\n"),
        format!("{PETER_TEXT}\n\u{2014} Peter+Neumann {PETER_SIG_B64}\n"),
        format!("{PETER_TEXT}\n{PETER_SIG_LINE}\n"),
        format!("{PETER_TEXT}\r\n{PETER_SIG_LINE}"),
        PETER_SIGNED_NOTE.replacen('\n', "\t\n", 1),
    ]);
    for note in notes {
        assert!(
            matches!(open(&note, &[peter()]), Err(NoteError::Malformed(_))),
            "{note:?}"
        );
    }
}

#[test]
fn sign_checks_its_input() {
    let unused = |_: &[u8]| Vec::new();
    assert!(matches!(
        sign("abc", "a", 1, unused),
        Err(NoteError::Malformed(_))
    ));
    assert!(matches!(
        sign("a\u{1}\n", "a", 1, unused),
        Err(NoteError::Malformed(_))
    ));
    assert_eq!(sign("abc\n", "a b", 1, unused), Err(NoteError::InvalidName));
    assert_eq!(sign("abc\n", "", 1, unused), Err(NoteError::InvalidName));
}

#[test]
fn text_may_hold_empty_lines() {
    // The C2SP example splits at its last blank line; its key is not published.
    let text_end = C2SP_SIGNED_NOTE_EXAMPLE.rfind("\n\n").unwrap() + 1;
    let text = &C2SP_SIGNED_NOTE_EXAMPLE[..text_end];
    assert!(text.ends_with("ed \u{e8} subito sera.\n"));
    assert!(text.contains(":\n\ned"));
    assert_eq!(
        open(C2SP_SIGNED_NOTE_EXAMPLE, &[peter()]),
        Err(NoteError::NoVerifiedSignature)
    );

    let signer = TestSigner::parse(TEST_SKEY);
    let note = signer.sign(text);
    let opened = open(&note, std::slice::from_ref(&signer.verifier)).unwrap();
    assert_eq!(opened.text, text);
}

#[test]
fn sumdb_checkpoint_opens() {
    let sumdb = Verifier::parse(SUMDB_VKEY).unwrap();
    let opened = open(SUMDB_CHECKPOINT, std::slice::from_ref(&sumdb)).unwrap();
    assert_eq!(opened.verified_by, vec![sumdb]);
    assert_eq!(
        opened.text,
        "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n"
    );
}
