//! Video through FFmpeg's own libraries (ffmpeg-next): probing segments,
//! writing synthetic demo footage, and extracting clips by stream copy.
//! Nothing here re-encodes evidence; only the demo generator encodes.

pub mod demo_footage;
pub mod error;
pub mod extract;
pub mod probe;
pub mod pull;
pub mod rtsp;

pub use error::MediaError;

use std::sync::Once;

/// Initialises FFmpeg once per process. FFmpeg's own logging is limited to
/// fatal errors: every failure reaches our logs through the error we return.
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if ffmpeg_next::init().is_ok() {
            ffmpeg_next::util::log::set_level(ffmpeg_next::util::log::Level::Fatal);
        }
    });
}

/// The FFmpeg library versions in use, for manifests.
pub fn library_versions() -> String {
    let v = |n: u32| format!("{}.{}.{}", n >> 16, (n >> 8) & 0xff, n & 0xff);
    format!(
        "libavformat {}, libavcodec {}, libavutil {}",
        v(ffmpeg_next::format::version()),
        v(ffmpeg_next::codec::version()),
        v(ffmpeg_next::util::version())
    )
}
