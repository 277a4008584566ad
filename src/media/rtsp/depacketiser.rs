//! Access units from RTP payloads, in Annex B form (each NAL unit after a
//! four-byte start code, as libavformat's depacketisers write them), one
//! per RTP timestamp. What a payload holds is read per codec
//! ([`super::h264`], RFC 6184; [`super::h265`], RFC 7798); gathering the
//! NAL units, fragments and losses is the same for both.

use super::{h264, h265};

/// The video codecs this client depacketises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoCodec {
    H264,
    H265,
}

impl VideoCodec {
    /// The codec an SDP `rtpmap` encoding name stands for.
    pub fn from_encoding(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "H264" => Some(Self::H264),
            "H265" => Some(Self::H265),
            _ => None,
        }
    }

    /// FFmpeg's name for it (as a pull reports its codec).
    pub fn name(self) -> &'static str {
        match self {
            Self::H264 => "h264",
            Self::H265 => "hevc",
        }
    }

    /// Whether a NAL unit starting with `nal` makes its access unit a
    /// random access point.
    fn is_key(self, nal: &[u8]) -> bool {
        match self {
            Self::H264 => nal.first().is_some_and(|&h| h264::is_key(h)),
            Self::H265 => nal.first().is_some_and(|&h| h265::is_key(h)),
        }
    }

    fn payload(self, payload: &[u8]) -> Result<Payload<'_>, DepacketiseError> {
        match self {
            Self::H264 => h264::payload(payload),
            Self::H265 => h265::payload(payload),
        }
    }
}

/// What one RTP payload carries.
#[derive(Debug, PartialEq, Eq)]
pub enum Payload<'a> {
    /// Whole NAL units (one, or an aggregate's).
    Units(Vec<&'a [u8]>),
    /// A piece of a fragmented NAL unit; the first piece brings the NAL
    /// unit's own header, rebuilt from the fragment's.
    Fragment {
        start: bool,
        end: bool,
        header: Vec<u8>,
        body: &'a [u8],
    },
}

/// The NAL units of an aggregate's body: each after its 16-bit size
/// (H.264 STAP-A, RFC 6184 §5.7.1; H.265 AP, RFC 7798 §4.4.2).
pub fn aggregated(mut rest: &[u8]) -> Result<Payload<'_>, DepacketiseError> {
    let mut units = Vec::new();
    while rest.len() >= 2 {
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        units.push(rest.get(2..2 + n).ok_or(DepacketiseError::Truncated)?);
        rest = &rest[2 + n..];
    }
    Ok(Payload::Units(units))
}

/// Why a payload could not be depacketised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepacketiseError {
    #[error("an {codec} RTP payload of type {kind}, which this client does not read ({why})")]
    Unsupported {
        codec: &'static str,
        kind: u8,
        why: &'static str,
    },
    #[error("a truncated RTP payload")]
    Truncated,
}

/// One access unit: every NAL unit of one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUnit {
    pub timestamp: u32,
    /// It holds a random access point (H.264 IDR, H.265 IRAP).
    pub key: bool,
    pub data: Vec<u8>,
}

const START: [u8; 4] = [0, 0, 0, 1];

#[derive(Debug)]
pub struct Depacketiser {
    codec: VideoCodec,
    unit: Option<AccessUnit>,
    /// A fragmented NAL unit in progress (its start is in `unit`).
    in_fragment: bool,
    /// A fragment was lost: the NAL unit is dropped, not passed on broken.
    broken_fragment: bool,
    last_sequence: Option<u16>,
    /// Packets found missing by their sequence numbers.
    pub lost: u64,
    /// Access units dropped because the stream ended inside them.
    pub incomplete: u64,
}

impl Depacketiser {
    pub fn new(codec: VideoCodec) -> Self {
        Self {
            codec,
            unit: None,
            in_fragment: false,
            broken_fragment: false,
            last_sequence: None,
            lost: 0,
            incomplete: 0,
        }
    }

    pub fn codec(&self) -> VideoCodec {
        self.codec
    }

    /// Takes one RTP payload; gives back the access unit it completes
    /// (at the marker bit, or when the timestamp moves on).
    pub fn push(
        &mut self,
        sequence: u16,
        timestamp: u32,
        marker: bool,
        payload: &[u8],
    ) -> Result<Vec<AccessUnit>, DepacketiseError> {
        let mut out = Vec::new();
        if let Some(last) = self.last_sequence {
            let gap = sequence.wrapping_sub(last).wrapping_sub(1);
            if gap != 0 && gap < 0x8000 {
                self.lost += u64::from(gap);
                if self.in_fragment {
                    self.broken_fragment = true;
                }
            }
        }
        self.last_sequence = Some(sequence);
        if self.unit.as_ref().is_some_and(|u| u.timestamp != timestamp) {
            out.extend(self.finish());
        }
        let codec = self.codec;
        let parsed = codec.payload(payload)?;
        let unit = self.unit.get_or_insert_with(|| AccessUnit {
            timestamp,
            key: false,
            data: Vec::new(),
        });
        match parsed {
            Payload::Units(nals) => {
                for nal in nals.into_iter().filter(|n| !n.is_empty()) {
                    unit.key |= codec.is_key(nal);
                    unit.data.extend_from_slice(&START);
                    unit.data.extend_from_slice(nal);
                }
            }
            Payload::Fragment {
                start,
                end,
                header,
                body,
            } => {
                if start {
                    self.in_fragment = true;
                    self.broken_fragment = false;
                    unit.key |= codec.is_key(&header);
                    unit.data.extend_from_slice(&START);
                    unit.data.extend_from_slice(&header);
                    unit.data.extend_from_slice(body);
                } else if self.in_fragment && !self.broken_fragment {
                    unit.data.extend_from_slice(body);
                }
                if end {
                    if self.broken_fragment {
                        // Drop the broken NAL unit: cut back to its start code.
                        if let Some(at) = last_start(&unit.data) {
                            unit.data.truncate(at);
                        }
                    }
                    self.in_fragment = false;
                    self.broken_fragment = false;
                }
            }
        }
        if marker {
            out.extend(self.finish());
        }
        Ok(out)
    }

    /// The access unit in progress, if any, as it stands (its timestamp
    /// has moved on, so nothing more of it will come).
    fn finish(&mut self) -> Option<AccessUnit> {
        self.in_fragment = false;
        self.unit.take().filter(|u| !u.data.is_empty())
    }

    /// The stream has ended. The access unit in progress is given only
    /// when the device ended the stream itself (RTCP BYE) and no NAL unit
    /// of it is cut off; a connection that closes mid-frame leaves a frame
    /// that may lack slices, which is dropped (and counted in
    /// `incomplete`) rather than kept as if whole: the retry asks for it
    /// again.
    pub fn end(&mut self, by_the_device: bool) -> Option<AccessUnit> {
        let cut = self.in_fragment;
        let unit = self.finish()?;
        if by_the_device && !cut {
            Some(unit)
        } else {
            self.incomplete += 1;
            None
        }
    }
}

fn last_start(data: &[u8]) -> Option<usize> {
    data.windows(4).rposition(|w| w == START)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_aggregated_and_fragmented_h264_nal_units_make_one_access_unit() {
        let mut d = Depacketiser::new(VideoCodec::H264);
        // SPS and PPS in one STAP-A.
        let stap = [24, 0, 3, 0x67, 0x42, 0x1e, 0, 2, 0x68, 0xce];
        assert!(d.push(1, 900, false, &stap).unwrap().is_empty());
        // An IDR slice in three fragments.
        assert!(d
            .push(2, 900, false, &[0x7c, 0x85, 1, 2])
            .unwrap()
            .is_empty());
        assert!(d.push(3, 900, false, &[0x7c, 0x05, 3]).unwrap().is_empty());
        let au = d.push(4, 900, true, &[0x7c, 0x45, 4]).unwrap();
        assert_eq!(
            au,
            vec![AccessUnit {
                timestamp: 900,
                key: true,
                data: vec![
                    0, 0, 0, 1, 0x67, 0x42, 0x1e, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 1, 2,
                    3, 4
                ],
            }]
        );
        // A P slice, closed by the next timestamp rather than a marker.
        assert!(d.push(5, 3900, false, &[0x41, 9]).unwrap().is_empty());
        let au = d.push(6, 6900, false, &[0x41, 8]).unwrap();
        assert_eq!(au[0].data, vec![0, 0, 0, 1, 0x41, 9]);
        assert!(!au[0].key);
        assert_eq!(d.end(true).unwrap().data, vec![0, 0, 0, 1, 0x41, 8]);
        assert_eq!(d.lost, 0);
    }

    #[test]
    fn aggregated_and_fragmented_h265_nal_units_make_one_access_unit() {
        let mut d = Depacketiser::new(VideoCodec::H265);
        // VPS (type 32) and SPS (33) in one aggregation packet (type 48).
        let ap = [0x60, 0x01, 0, 3, 0x40, 0x01, 0x0c, 0, 3, 0x42, 0x01, 0x01];
        assert!(d.push(1, 0, false, &ap).unwrap().is_empty());
        // A PPS on its own.
        assert!(d.push(2, 0, false, &[0x44, 0x01, 0xc1]).unwrap().is_empty());
        // An IDR_W_RADL slice (type 19) in two fragmentation units (type
        // 49): PayloadHdr, then the FU header (S, E, FuType).
        assert!(d
            .push(3, 0, false, &[0x62, 0x01, 0x80 | 19, 0xaf, 1])
            .unwrap()
            .is_empty());
        let au = d.push(4, 0, true, &[0x62, 0x01, 0x40 | 19, 2]).unwrap();
        assert_eq!(
            au,
            vec![AccessUnit {
                timestamp: 0,
                key: true,
                data: vec![
                    0, 0, 0, 1, 0x40, 0x01, 0x0c, 0, 0, 0, 1, 0x42, 0x01, 0x01, 0, 0, 0, 1, 0x44,
                    0x01, 0xc1, 0, 0, 0, 1, 0x26, 0x01, 0xaf, 1, 2
                ],
            }]
        );
        // A trailing picture (type 1) is not a random access point.
        let au = d.push(5, 3600, true, &[0x02, 0x01, 0xd0]).unwrap();
        assert!(!au[0].key);
        assert_eq!(au[0].data, vec![0, 0, 0, 1, 0x02, 0x01, 0xd0]);
    }

    #[test]
    fn a_frame_the_stream_ends_inside_is_dropped_not_kept_as_whole() {
        // The connection closes after the first fragment of a slice.
        let mut d = Depacketiser::new(VideoCodec::H264);
        d.push(1, 0, false, &[0x7c, 0x85, 1]).unwrap();
        assert_eq!(d.end(false), None);
        assert_eq!(d.incomplete, 1);
        // Even the device's BYE does not complete a cut-off fragment.
        d.push(2, 900, false, &[0x7c, 0x81, 1]).unwrap();
        assert_eq!(d.end(true), None);
        // A frame of whole NAL units without its marker: kept only when
        // the device itself ended the stream.
        d.push(3, 1800, false, &[0x41, 9]).unwrap();
        assert_eq!(d.end(false), None);
        d.push(4, 2700, false, &[0x41, 8]).unwrap();
        assert_eq!(d.end(true).unwrap().data, vec![0, 0, 0, 1, 0x41, 8]);
        assert_eq!(d.incomplete, 3);
    }

    #[test]
    fn a_fragmented_nal_unit_missing_a_piece_is_dropped_and_counted() {
        let mut d = Depacketiser::new(VideoCodec::H264);
        d.push(10, 0, false, &[0x41, 7]).unwrap();
        d.push(11, 0, false, &[0x7c, 0x81, 1]).unwrap();
        // Sequence 12 never arrives.
        let au = d.push(13, 0, true, &[0x7c, 0x41, 3]).unwrap();
        assert_eq!(au[0].data, vec![0, 0, 0, 1, 0x41, 7]);
        assert_eq!(d.lost, 1);

        let mut d = Depacketiser::new(VideoCodec::H265);
        d.push(1, 0, false, &[0x02, 0x01, 7]).unwrap();
        d.push(2, 0, false, &[0x62, 0x01, 0x80 | 1, 1]).unwrap();
        let au = d.push(4, 0, true, &[0x62, 0x01, 0x40 | 1, 3]).unwrap();
        assert_eq!(au[0].data, vec![0, 0, 0, 1, 0x02, 0x01, 7]);
        assert_eq!(d.lost, 1);
    }

    #[test]
    fn payloads_this_client_does_not_read_are_refused() {
        let mut d = Depacketiser::new(VideoCodec::H264);
        assert!(matches!(
            d.push(1, 0, true, &[26, 0]),
            Err(DepacketiseError::Unsupported { kind: 26, .. })
        ));
        assert_eq!(d.push(2, 0, true, &[]), Err(DepacketiseError::Truncated));
        let mut d = Depacketiser::new(VideoCodec::H265);
        // PACI (type 50).
        assert!(matches!(
            d.push(1, 0, true, &[0x64, 0x01, 0]),
            Err(DepacketiseError::Unsupported { kind: 50, .. })
        ));
        assert_eq!(
            d.push(2, 0, true, &[0x02]),
            Err(DepacketiseError::Truncated)
        );
        assert!(VideoCodec::from_encoding("h265") == Some(VideoCodec::H265));
        assert!(VideoCodec::from_encoding("MP4V-ES").is_none());
    }
}
