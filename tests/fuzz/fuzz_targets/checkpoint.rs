//! Checkpoint bodies: parsing any text never panics, and what parses
//! prints back to text that parses to the same checkpoint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sakshya::tlog::Checkpoint;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(c) = Checkpoint::parse(&text) {
        let again = Checkpoint::parse(&c.to_text()).expect("a printed checkpoint parses");
        assert_eq!(again, c);
    }
});
