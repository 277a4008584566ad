//! What an H.265 RTP payload holds (RFC 7798 §4.4): a single NAL unit
//! (types 0–47), an aggregation packet (48) or a fragmentation unit (49),
//! each behind the two-byte NAL unit header (F, type, layer id, temporal
//! id). A stream described with `sprop-max-don-diff` above 0 carries
//! decoding order numbers and is refused before it plays
//! ([`super::sdp`]); PACI packets (50) are refused too.

use super::depacketiser::{aggregated, DepacketiseError, Payload};

/// The NAL unit type in a header's first byte.
fn kind(first: u8) -> u8 {
    (first >> 1) & 0x3f
}

/// An IRAP picture (BLA, IDR or CRA: types 16–23) is a random access
/// point.
pub fn is_key(nal_header: u8) -> bool {
    (16..=23).contains(&kind(nal_header))
}

pub fn payload(payload: &[u8]) -> Result<Payload<'_>, DepacketiseError> {
    let head = payload.get(..2).ok_or(DepacketiseError::Truncated)?;
    match kind(head[0]) {
        0..=47 => Ok(Payload::Units(vec![payload])),
        48 => aggregated(&payload[2..]),
        49 => {
            let &fu = payload.get(2).ok_or(DepacketiseError::Truncated)?;
            // The NAL unit's header: the payload header's F bit and layer
            // id with the fragment's type, then its layer id and temporal
            // id as they are.
            let header = vec![(head[0] & 0x81) | ((fu & 0x3f) << 1), head[1]];
            Ok(Payload::Fragment {
                start: fu & 0x80 != 0,
                end: fu & 0x40 != 0,
                header,
                body: &payload[3..],
            })
        }
        kind => Err(DepacketiseError::Unsupported {
            codec: "H.265",
            kind,
            why: "PACI or a reserved type",
        }),
    }
}
