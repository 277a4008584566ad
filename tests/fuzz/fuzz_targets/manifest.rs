//! Clip manifests as a court receives them: decoding any bytes never
//! panics, and a decoded manifest encodes to JSON that decodes again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sakshya::evidence::manifest::Manifest;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = serde_json::from_slice::<Manifest>(data) {
        let json = serde_json::to_vec(&m).expect("a manifest encodes");
        serde_json::from_slice::<Manifest>(&json).expect("an encoded manifest decodes");
    }
});
