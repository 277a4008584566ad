//! A realistic recording for benchmarks, built quickly: a short stretch of
//! 1080p H.264 is encoded once, and its packets are repeated with shifted
//! timestamps (stream copy) to fill segments of any length.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use ffmpeg_next::{codec, encoder, format, media, Packet};

use crate::media::demo_footage::{write_segment, FootageSpec};
use crate::media::MediaError;
use crate::recordings::Layout;

pub const CAMERA: &str = "BENCH-CAM";
/// The benchmark recording's ICCC folder.
pub const ICCC: &str = "BENCH-ICCC";

/// 1080p, 25 fps, about 4 Mbit/s, a keyframe every 2 s.
pub const SPEC: FootageSpec = FootageSpec {
    width: 1920,
    height: 1080,
    fps: 25,
    gop_secs: 2,
    bit_rate: 4_000_000,
};

const STRETCH_SECS: u32 = 10;

/// Writes `dest` as `repeats` copies of `stretch`'s video packets, one
/// after the other in time.
fn repeat(stretch: &Path, dest: &Path, repeats: u32) -> Result<(), MediaError> {
    let mut packets: Vec<Packet> = Vec::new();
    let mut ictx = format::input(&stretch)?;
    let ist = ictx
        .streams()
        .best(media::Type::Video)
        .ok_or_else(|| MediaError::NoVideo(stretch.display().to_string()))?;
    let (idx, tb, params) = (ist.index(), ist.time_base(), ist.parameters());
    for (s, p) in ictx.packets() {
        if s.index() == idx {
            packets.push(p);
        }
    }
    let span = packets
        .iter()
        .map(|p| p.dts().unwrap_or(0) + p.duration().max(1))
        .max()
        .unwrap_or(0)
        - packets.first().and_then(Packet::dts).unwrap_or(0);
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut octx = format::output(&dest)?;
    let mut ost = octx.add_stream(encoder::find(codec::Id::None))?;
    ost.set_parameters(params);
    ost.set_time_base(tb);
    octx.write_header()?;
    let out_tb = octx.stream(0).map(|s| s.time_base()).unwrap_or(tb);
    for r in 0..i64::from(repeats) {
        for p in &packets {
            let mut q = p.clone();
            q.set_pts(p.pts().map(|v| v + r * span));
            q.set_dts(p.dts().map(|v| v + r * span));
            q.set_stream(0);
            q.set_position(-1);
            q.rescale_ts(tb, out_tb);
            q.write_interleaved(&mut octx)?;
        }
    }
    octx.write_trailer()?;
    Ok(())
}

/// Creates (or reuses) `segments` segments of `segment_secs` each, from
/// `t0`, for `camera` of ICCC `iccc`, repeating a stretch encoded with
/// `spec`.
#[allow(clippy::too_many_arguments)]
pub fn ensure(
    dir: &Path,
    layout: &Layout,
    iccc: &str,
    camera: &str,
    spec: &FootageSpec,
    t0: DateTime<Utc>,
    segments: u32,
    segment_secs: u32,
) -> Result<Vec<std::path::PathBuf>, MediaError> {
    let stretch = dir.join(format!("stretch-{camera}-{}p.mp4", spec.height));
    if !stretch.exists() {
        write_segment(&stretch, camera, t0, STRETCH_SECS, spec)?;
    }
    let mut out = Vec::new();
    for i in 0..segments {
        let start = t0 + Duration::seconds(i64::from(i) * i64::from(segment_secs));
        let path = layout.segment_path(iccc, camera, start, "mp4");
        if !path.exists() {
            let tmp = path.with_extension("part.mp4");
            repeat(&stretch, &tmp, segment_secs / STRETCH_SECS)?;
            std::fs::rename(&tmp, &path)?;
        }
        out.push(path);
    }
    Ok(out)
}
