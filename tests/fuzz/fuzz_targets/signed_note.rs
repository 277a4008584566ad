//! Signed notes (C2SP signed-note): opening any bytes never panics, a note
//! that opens under the known key holds a signature by it, and any text
//! the signer accepts opens again to exactly that text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ring::signature::{Ed25519KeyPair, KeyPair};
use sakshya::tlog::{key_id, open, sign, Verifier};

const NAME: &str = "fuzz.sakshya.example";

fn key() -> (Ed25519KeyPair, Verifier) {
    let pair = Ed25519KeyPair::from_seed_unchecked(&[7u8; 32]).expect("fixed seed");
    let public: [u8; 32] = pair.public_key().as_ref().try_into().expect("32 bytes");
    let verifier = Verifier::new(NAME, public).expect("valid name");
    (pair, verifier)
}

fuzz_target!(|data: &[u8]| {
    let (pair, verifier) = key();
    let text = String::from_utf8_lossy(data);
    if let Ok(opened) = open(&text, std::slice::from_ref(&verifier)) {
        assert!(!opened.verified_by.is_empty());
        assert!(text.starts_with(&opened.text));
    }
    let public: [u8; 32] = pair.public_key().as_ref().try_into().expect("32 bytes");
    let id = key_id(NAME, &public);
    if let Ok(note) = sign(&text, NAME, id, |m| pair.sign(m).as_ref().to_vec()) {
        let opened = open(&note, &[verifier]).expect("a note just signed opens");
        assert_eq!(opened.text, text);
    }
});
