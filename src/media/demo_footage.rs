//! Synthetic CCTV footage, made with FFmpeg's libraries: FFmpeg's moving
//! `testsrc2` pattern with the camera's name and a burned-in UTC clock
//! (`drawtext`), encoded as H.264 (libx264 where available) into segment
//! files named the way recorders name them. A person watching a clip can
//! read the time off the picture and check it against the request.

use std::path::Path;

use chrono::{DateTime, Utc};
use ffmpeg_next::{codec, encoder, filter, format, frame, Dictionary, Packet, Rational};

use super::MediaError;

/// Shape of the generated footage.
#[derive(Debug, Clone, Copy)]
pub struct FootageSpec {
    pub width: u32,
    pub height: u32,
    pub fps: i32,
    /// Seconds between keyframes.
    pub gop_secs: i32,
    /// Target bit rate in bit/s; 0 means constant quality (small files).
    pub bit_rate: usize,
}

impl Default for FootageSpec {
    fn default() -> Self {
        Self {
            width: 320,
            height: 180,
            fps: 4,
            gop_secs: 2,
            bit_rate: 0,
        }
    }
}

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

/// Keeps only characters that need no escaping inside a drawtext text.
fn label(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

fn graph_spec(camera: &str, start: DateTime<Utc>, secs: u32, spec: &FootageSpec) -> String {
    let font = if Path::new(FONT).exists() {
        format!("fontfile={FONT}:")
    } else {
        String::new()
    };
    let size = (spec.height / 9).max(9);
    format!(
        "testsrc2=size={w}x{h}:rate={fps}:duration={secs},format=yuv420p,\
         drawbox=x=0:y=0:w=iw:h={band}:color=black:t=fill,\
         drawtext={font}text='{cam}':x=6:y=4:fontsize={size}:fontcolor=white,\
         drawtext={font}text='%{{pts\\:gmtime\\:{epoch}}} UTC':x=6:y={clock_y}:fontsize={size}:fontcolor=yellow",
        w = spec.width,
        h = spec.height,
        fps = spec.fps,
        band = size * 2 + 14,
        clock_y = size + 9,
        cam = label(camera),
        epoch = start.timestamp(),
    )
}

fn h264_encoder() -> Result<ffmpeg_next::Codec, MediaError> {
    encoder::find_by_name("libx264")
        .or_else(|| encoder::find(codec::Id::H264))
        .ok_or_else(|| MediaError::Other("no H.264 encoder in this FFmpeg build".into()))
}

/// Writes one segment of `secs` seconds starting at `start` to `path`.
/// The container follows the extension (mp4, mkv, ts).
pub fn write_segment(
    path: &Path,
    camera: &str,
    start: DateTime<Utc>,
    secs: u32,
    spec: &FootageSpec,
) -> Result<(), MediaError> {
    super::init();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut graph = filter::Graph::new();
    let sink = filter::find("buffersink")
        .ok_or_else(|| MediaError::Other("buffersink filter missing".into()))?;
    graph.add(&sink, "out", "")?;
    graph
        .input("out", 0)?
        .parse(&graph_spec(camera, start, secs, spec))?;
    graph.validate()?;

    let tmp = path.with_extension(format!(
        "part.{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or("mp4")
    ));
    let mut octx = format::output(&tmp)?;
    let global_header = octx.format().flags().contains(format::Flags::GLOBAL_HEADER);
    let codec = h264_encoder()?;
    let mut ost = octx.add_stream(codec)?;
    let mut enc = codec::context::Context::new_with_codec(codec)
        .encoder()
        .video()?;
    let tb = Rational::new(1, spec.fps);
    enc.set_width(spec.width);
    enc.set_height(spec.height);
    enc.set_format(format::Pixel::YUV420P);
    enc.set_time_base(tb);
    enc.set_frame_rate(Some(Rational::new(spec.fps, 1)));
    enc.set_gop((spec.gop_secs * spec.fps) as u32);
    enc.set_max_b_frames(0);
    if global_header {
        enc.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let mut opts = Dictionary::new();
    opts.set("preset", "ultrafast");
    opts.set("tune", "zerolatency");
    if spec.bit_rate > 0 {
        enc.set_bit_rate(spec.bit_rate);
        enc.set_max_bit_rate(spec.bit_rate);
    } else {
        // Modest quality keeps hours of demo footage small; the caption stays legible.
        opts.set("crf", "32");
    }
    opts.set("threads", "1");
    // Keyframes exactly every `gop_secs`, as recorders configure them.
    opts.set(
        "x264-params",
        &format!(
            "scenecut=0:keyint={0}:min-keyint={0}",
            spec.gop_secs * spec.fps
        ),
    );
    let mut encoder = enc.open_with(opts)?;
    ost.set_parameters(&encoder);
    ost.set_time_base(tb);
    octx.write_header()?;
    let ost_tb = octx.stream(0).map(|s| s.time_base()).unwrap_or(tb);

    let mut frame = frame::Video::empty();
    let mut n: i64 = 0;
    loop {
        let got = match graph.get("out") {
            Some(mut ctx) => ctx.sink().frame(&mut frame),
            None => return Err(MediaError::Other("filter sink vanished".into())),
        };
        match got {
            Ok(()) => {
                frame.set_pts(Some(n));
                // Let the encoder choose frame types (the source marks
                // every frame as intra, which would force all keyframes).
                frame.set_kind(ffmpeg_next::picture::Type::None);
                n += 1;
                encoder.send_frame(&frame)?;
                drain(&mut encoder, &mut octx, tb, ost_tb)?;
            }
            Err(ffmpeg_next::Error::Eof) => break,
            Err(ffmpeg_next::Error::Other { errno })
                if errno == ffmpeg_next::util::error::EAGAIN =>
            {
                break
            }
            Err(e) => return Err(e.into()),
        }
    }
    encoder.send_eof()?;
    drain(&mut encoder, &mut octx, tb, ost_tb)?;
    octx.write_trailer()?;
    drop(octx);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn drain(
    encoder: &mut encoder::video::Encoder,
    octx: &mut format::context::Output,
    enc_tb: Rational,
    ost_tb: Rational,
) -> Result<(), MediaError> {
    let mut packet = Packet::empty();
    while encoder.receive_packet(&mut packet).is_ok() {
        packet.set_stream(0);
        if packet.duration() <= 0 {
            // One frame; without it the muxer's edit list would cut the last frame.
            packet.set_duration(1);
        }
        packet.rescale_ts(enc_tb, ost_tb);
        packet.write_interleaved(octx)?;
    }
    Ok(())
}
