//! What a media file holds, read from its container and first video stream.

use std::path::Path;

use super::MediaError;

#[derive(Debug, Clone, PartialEq)]
pub struct ProbeInfo {
    /// Container format name as FFmpeg reports it (e.g. `mov,mp4,m4a,3gp,3g2,mj2`).
    pub container: String,
    /// Video codec name (e.g. `h264`).
    pub video_codec: String,
    pub width: u32,
    pub height: u32,
    /// Duration of the video stream in seconds.
    pub duration_secs: f64,
    pub video_packets_hint: i64,
}

/// Opens `path` and describes its best video stream. A file FFmpeg cannot
/// open, or without video, is an error (the caller records it as damaged).
pub fn probe(path: &Path) -> Result<ProbeInfo, MediaError> {
    super::init();
    let ictx = ffmpeg_next::format::input(&path)?;
    let stream = ictx
        .streams()
        .best(ffmpeg_next::media::Type::Video)
        .ok_or_else(|| MediaError::NoVideo(path.display().to_string()))?;
    let params = stream.parameters();
    let ctx = ffmpeg_next::codec::context::Context::from_parameters(params)?;
    let video = ctx.decoder().video()?;
    let tb = stream.time_base();
    let duration_secs = if stream.duration() > 0 {
        stream.duration() as f64 * f64::from(tb.numerator()) / f64::from(tb.denominator())
    } else if ictx.duration() > 0 {
        ictx.duration() as f64 / f64::from(ffmpeg_next::ffi::AV_TIME_BASE)
    } else {
        0.0
    };
    if duration_secs <= 0.0 || video.width() == 0 {
        return Err(MediaError::Other(format!(
            "{} has no playable video",
            path.display()
        )));
    }
    Ok(ProbeInfo {
        container: ictx.format().name().to_owned(),
        video_codec: video
            .codec()
            .map(|c| c.name().to_owned())
            .unwrap_or_else(|| "unknown".into()),
        width: video.width(),
        height: video.height(),
        duration_secs,
        video_packets_hint: stream.frames(),
    })
}
