//! Errors from media work.

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("ffmpeg: {0}")]
    Ffmpeg(#[from] ffmpeg_next::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0} has no video stream")]
    NoVideo(String),
    #[error("no footage covers the window")]
    NoFootage,
    #[error("the recording changes codec or picture size inside the window ({0}), so one clip cannot hold it without re-encoding; the footage stays preserved: ask for the window before and after the change as separate items")]
    Incompatible(String),
    #[error("{0}")]
    Other(String),
}
