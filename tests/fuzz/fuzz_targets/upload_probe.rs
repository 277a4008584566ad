//! The probe that inspects uploaded footage with FFmpeg's demuxers: any
//! bytes are refused or described, never a panic or a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("sakshya-fuzz-probe-{}", std::process::id()));
    if std::fs::write(&path, data).is_ok() {
        let _ = sakshya::media::probe::probe(&path);
    }
});
