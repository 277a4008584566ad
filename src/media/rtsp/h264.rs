//! What an H.264 RTP payload holds (RFC 6184, single NAL unit and
//! non-interleaved modes): a single NAL unit (types 1–23), a STAP-A
//! aggregate (24) or an FU-A fragment (28). The interleaved mode's
//! STAP-B, MTAP and FU-B (25–27, 29) carry decoding order numbers this
//! client does not reorder by, and are refused.

use super::depacketiser::{aggregated, DepacketiseError, Payload};

/// An IDR slice (type 5) starts a random access point.
pub fn is_key(nal_header: u8) -> bool {
    nal_header & 0x1f == 5
}

pub fn payload(payload: &[u8]) -> Result<Payload<'_>, DepacketiseError> {
    let &header = payload.first().ok_or(DepacketiseError::Truncated)?;
    match header & 0x1f {
        1..=23 => Ok(Payload::Units(vec![payload])),
        24 => aggregated(&payload[1..]),
        28 => {
            let &fu = payload.get(1).ok_or(DepacketiseError::Truncated)?;
            Ok(Payload::Fragment {
                start: fu & 0x80 != 0,
                end: fu & 0x40 != 0,
                header: vec![(header & 0xe0) | (fu & 0x1f)],
                body: &payload[2..],
            })
        }
        kind => Err(DepacketiseError::Unsupported {
            codec: "H.264",
            kind,
            why: "interleaved mode",
        }),
    }
}
