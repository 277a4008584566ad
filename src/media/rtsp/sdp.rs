//! The parts of a session description (RFC 8866) a playback client needs:
//! the first video stream's payload type, encoding, clock rate, control
//! address (RFC 2326 C.1.1) and parameter sets (H.264: RFC 6184
//! `sprop-parameter-sets`; H.265: RFC 7798 `sprop-vps`, `sprop-sps`,
//! `sprop-pps`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoStream {
    pub payload_type: u8,
    /// As the SDP names it (`H264`, `H265`).
    pub encoding: String,
    pub clock_rate: u32,
    /// The address to SETUP, resolved against the content base.
    pub control: String,
    /// The parameter set NAL units the description carries (H.264: SPS
    /// and PPS; H.265: VPS, SPS and PPS, in that order).
    pub parameter_sets: Vec<Vec<u8>>,
    /// The H.265 stream carries decoding order numbers
    /// (`sprop-max-don-diff` above 0), which this client does not read.
    pub decoding_order: bool,
    /// The aggregate control address (PLAY and TEARDOWN go there).
    pub aggregate: String,
}

impl VideoStream {
    /// A stream of `payload_type` not yet described any further (no
    /// encoding: nothing is read from it until it has one).
    pub fn new(payload_type: u8) -> Self {
        Self {
            payload_type,
            encoding: String::new(),
            clock_rate: 90_000,
            control: String::new(),
            parameter_sets: Vec::new(),
            decoding_order: false,
            aggregate: String::new(),
        }
    }
}

fn resolve(base: &str, control: &str) -> String {
    if control.contains("://") {
        control.to_owned()
    } else if control == "*" || control.is_empty() {
        base.to_owned()
    } else if base.ends_with('/') {
        format!("{base}{control}")
    } else {
        format!("{base}/{control}")
    }
}

/// The first video stream `sdp` describes; `base` is the Content-Base
/// (or the request address) relative controls resolve against.
pub fn video_stream(sdp: &str, base: &str) -> Option<VideoStream> {
    let mut session_control: Option<String> = None;
    let mut in_video = false;
    let mut found: Option<VideoStream> = None;
    let mut control: Option<String> = None;
    for line in sdp.lines().map(str::trim) {
        if let Some(m) = line.strip_prefix("m=") {
            if found.is_some() {
                break;
            }
            let f: Vec<&str> = m.split_whitespace().collect();
            in_video = f.first() == Some(&"video");
            if in_video {
                found = Some(VideoStream::new(f.get(3)?.parse().ok()?));
            }
            continue;
        }
        let Some(attr) = line.strip_prefix("a=") else {
            continue;
        };
        if let Some(c) = attr.strip_prefix("control:") {
            if found.is_none() {
                session_control = Some(c.trim().to_owned());
            } else if in_video {
                control = Some(c.trim().to_owned());
            }
            continue;
        }
        let Some(v) = found.as_mut().filter(|_| in_video) else {
            continue;
        };
        if let Some(map) = attr.strip_prefix("rtpmap:") {
            let (pt, enc) = map.split_once(' ').unwrap_or((map, ""));
            if pt.parse::<u8>().ok() == Some(v.payload_type) {
                let mut e = enc.split('/');
                v.encoding = e.next().unwrap_or("").to_ascii_uppercase();
                v.clock_rate = e.next().and_then(|r| r.parse().ok()).unwrap_or(90_000);
            }
        } else if let Some(fmtp) = attr.strip_prefix("fmtp:") {
            let params = fmtp.split_once(' ').map_or("", |(_, p)| p);
            let mut sets: [Vec<Vec<u8>>; 3] = Default::default();
            for p in params.split(';').map(str::trim) {
                let (key, value) = p.split_once('=').unwrap_or((p, ""));
                let slot = match key {
                    "sprop-parameter-sets" | "sprop-vps" => 0,
                    "sprop-sps" => 1,
                    "sprop-pps" => 2,
                    "sprop-max-don-diff" => {
                        v.decoding_order = value.trim().parse::<u32>().is_ok_and(|d| d > 0);
                        continue;
                    }
                    _ => continue,
                };
                sets[slot] = value
                    .split(',')
                    .filter_map(|s| STANDARD.decode(s.trim()).ok())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            v.parameter_sets = sets.into_iter().flatten().collect();
        }
    }
    let mut v = found?;
    v.aggregate = resolve(base, session_control.as_deref().unwrap_or("*"));
    let base = match session_control.as_deref() {
        Some(c) if c.contains("://") => c.to_owned(),
        _ => base.to_owned(),
    };
    v.control = resolve(&base, control.as_deref().unwrap_or(""));
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_video_stream_and_its_parameter_sets_are_read() {
        // As GStreamer's RTSP server describes an H.264 stream.
        let sdp = "v=0\r\no=- 1188340656180883 1 IN IP4 127.0.0.1\r\ns=Session streamed with GStreamer\r\n\
t=0 0\r\na=tool:GStreamer\r\na=type:broadcast\r\na=control:*\r\na=range:npt=0-60\r\n\
m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 H264/90000\r\n\
a=fmtp:96 packetization-mode=1;profile-level-id=42c01e;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==\r\n\
a=control:stream=0\r\na=ts-refclk:local\r\n";
        let v = video_stream(sdp, "rtsp://127.0.0.1:8554/playback/1?start=1&end=2/").unwrap();
        assert_eq!(v.payload_type, 96);
        assert_eq!(v.encoding, "H264");
        assert_eq!(v.clock_rate, 90_000);
        assert_eq!(
            v.control,
            "rtsp://127.0.0.1:8554/playback/1?start=1&end=2/stream=0"
        );
        assert_eq!(
            v.aggregate,
            "rtsp://127.0.0.1:8554/playback/1?start=1&end=2/"
        );
        assert_eq!(v.parameter_sets.len(), 2);
        assert_eq!(v.parameter_sets[0][0] & 0x1f, 7);
        assert_eq!(v.parameter_sets[1][0] & 0x1f, 8);
    }

    #[test]
    fn an_absolute_control_and_an_audio_stream_first_are_handled() {
        let sdp = "v=0\r\nm=audio 0 RTP/AVP 0\r\na=control:rtsp://h/a\r\n\
m=video 0 RTP/AVP 97\r\na=rtpmap:97 H265/90000\r\na=control:rtsp://h/v\r\n";
        let v = video_stream(sdp, "rtsp://h/").unwrap();
        assert_eq!((v.payload_type, v.encoding.as_str()), (97, "H265"));
        assert_eq!(v.control, "rtsp://h/v");
        assert!(video_stream("v=0\r\nm=audio 0 RTP/AVP 0\r\n", "rtsp://h/").is_none());
    }

    #[test]
    fn h265_parameter_sets_come_in_order_and_decoding_order_numbers_are_noticed() {
        // As GStreamer's rtph265pay describes a stream (sets abridged).
        let sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n\
a=fmtp:96 sprop-pps=RAHBcrRiQA==;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAQAAA+kAAF3AC;sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ\r\n\
a=control:stream=0\r\n";
        let v = video_stream(sdp, "rtsp://h/x/").unwrap();
        assert_eq!(v.encoding, "H265");
        let kinds: Vec<u8> = v
            .parameter_sets
            .iter()
            .map(|s| (s[0] >> 1) & 0x3f)
            .collect();
        assert_eq!(kinds, vec![32, 33, 34]);
        assert!(!v.decoding_order);
        let don = sdp.replace("sprop-pps", "sprop-max-don-diff=2;sprop-pps");
        assert!(video_stream(&don, "rtsp://h/x/").unwrap().decoding_order);
    }
}
