//! Signing with the Go-format private keys from the vectors.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::signature::{Ed25519KeyPair, KeyPair};

use super::super::{sign, Verifier};

/// A private key parsed from "PRIVATE+KEY+<name>+<hex8>+<base64(0x01||seed)>".
pub struct TestSigner {
    pub verifier: Verifier,
    pair: Ed25519KeyPair,
}

impl TestSigner {
    pub fn parse(skey: &str) -> Self {
        let rest = skey.strip_prefix("PRIVATE+KEY+").unwrap();
        let (name, rest) = rest.split_once('+').unwrap();
        let (id_hex, key_b64) = rest.split_once('+').unwrap();
        let key = STANDARD.decode(key_b64).unwrap();
        assert_eq!(key.len(), 33);
        assert_eq!(key[0], 0x01);
        let pair = Ed25519KeyPair::from_seed_unchecked(&key[1..]).unwrap();
        let public_key: [u8; 32] = pair.public_key().as_ref().try_into().unwrap();
        let verifier = Verifier::new(name, public_key).unwrap();
        assert_eq!(format!("{:08x}", verifier.key_id), id_hex);
        Self { verifier, pair }
    }

    pub fn signature(&self, msg: &[u8]) -> Vec<u8> {
        self.pair.sign(msg).as_ref().to_vec()
    }

    pub fn sign(&self, text: &str) -> String {
        sign(text, &self.verifier.name, self.verifier.key_id, |msg| {
            self.signature(msg)
        })
        .unwrap()
    }
}
