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
    #[error("segments differ in codec or size ({0}); cannot join them by stream copy")]
    Incompatible(String),
    #[error("{0}")]
    Other(String),
}
