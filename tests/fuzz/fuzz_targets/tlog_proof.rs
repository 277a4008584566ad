//! tlog-proof documents: parsing any text never panics, and what parses
//! prints back to text that parses to the same proof.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sakshya::tlog::TlogProof;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = TlogProof::parse(&text) {
        let again = TlogProof::parse(&p.to_text()).expect("a printed proof parses");
        assert_eq!(again, p);
    }
});
