//! H.264 over RTP (RFC 6184, non-interleaved mode): single NAL unit
//! packets, STAP-A aggregates and FU-A fragments, gathered into access
//! units in Annex B form (each NAL unit after a four-byte start code, as
//! libavformat's depacketiser writes them), one per RTP timestamp.

/// One access unit: every NAL unit of one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUnit {
    pub timestamp: u32,
    /// It holds an IDR slice.
    pub key: bool,
    pub data: Vec<u8>,
}

const START: [u8; 4] = [0, 0, 0, 1];

/// Why a payload could not be depacketised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum H264Error {
    #[error(
        "an H.264 RTP payload of type {0}, which this client does not read (interleaved mode)"
    )]
    Unsupported(u8),
    #[error("a truncated H.264 RTP payload")]
    Truncated,
}

#[derive(Debug, Default)]
pub struct Depacketiser {
    unit: Option<AccessUnit>,
    /// A fragmented NAL unit in progress (its start is in `unit`).
    in_fragment: bool,
    /// A fragment was lost: the NAL unit is dropped, not passed on broken.
    broken_fragment: bool,
    last_sequence: Option<u16>,
    /// Packets found missing by their sequence numbers.
    pub lost: u64,
}

impl Depacketiser {
    fn push_nal(unit: &mut AccessUnit, nal: &[u8]) {
        if let Some(&h) = nal.first() {
            if h & 0x1f == 5 {
                unit.key = true;
            }
            unit.data.extend_from_slice(&START);
            unit.data.extend_from_slice(nal);
        }
    }

    /// Takes one RTP payload; gives back the access unit it completes
    /// (at the marker bit, or when the timestamp moves on).
    pub fn push(
        &mut self,
        sequence: u16,
        timestamp: u32,
        marker: bool,
        payload: &[u8],
    ) -> Result<Vec<AccessUnit>, H264Error> {
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
        let unit = self.unit.get_or_insert_with(|| AccessUnit {
            timestamp,
            key: false,
            data: Vec::new(),
        });
        let &header = payload.first().ok_or(H264Error::Truncated)?;
        match header & 0x1f {
            1..=23 => Self::push_nal(unit, payload),
            24 => {
                let mut rest = &payload[1..];
                while rest.len() >= 2 {
                    let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
                    let nal = rest.get(2..2 + n).ok_or(H264Error::Truncated)?;
                    Self::push_nal(unit, nal);
                    rest = &rest[2 + n..];
                }
            }
            28 => {
                let &fu = payload.get(1).ok_or(H264Error::Truncated)?;
                let (start, end) = (fu & 0x80 != 0, fu & 0x40 != 0);
                let body = &payload[2..];
                if start {
                    self.in_fragment = true;
                    self.broken_fragment = false;
                    let nal_header = (header & 0xe0) | (fu & 0x1f);
                    if fu & 0x1f == 5 {
                        unit.key = true;
                    }
                    unit.data.extend_from_slice(&START);
                    unit.data.push(nal_header);
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
            t => return Err(H264Error::Unsupported(t)),
        }
        if marker {
            out.extend(self.finish());
        }
        Ok(out)
    }

    /// The access unit in progress, if any, as it stands.
    pub fn finish(&mut self) -> Option<AccessUnit> {
        self.in_fragment = false;
        self.unit.take().filter(|u| !u.data.is_empty())
    }
}

fn last_start(data: &[u8]) -> Option<usize> {
    data.windows(4).rposition(|w| w == START)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_aggregated_and_fragmented_nal_units_make_one_access_unit() {
        let mut d = Depacketiser::default();
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
        assert_eq!(d.finish().unwrap().data, vec![0, 0, 0, 1, 0x41, 8]);
        assert_eq!(d.lost, 0);
    }

    #[test]
    fn a_fragmented_nal_unit_missing_a_piece_is_dropped_and_counted() {
        let mut d = Depacketiser::default();
        d.push(10, 0, false, &[0x41, 7]).unwrap();
        d.push(11, 0, false, &[0x7c, 0x81, 1]).unwrap();
        // Sequence 12 never arrives.
        let au = d.push(13, 0, true, &[0x7c, 0x41, 3]).unwrap();
        assert_eq!(au[0].data, vec![0, 0, 0, 1, 0x41, 7]);
        assert_eq!(d.lost, 1);
    }

    #[test]
    fn interleaved_mode_payloads_are_refused() {
        let mut d = Depacketiser::default();
        assert_eq!(
            d.push(1, 0, true, &[26, 0]),
            Err(H264Error::Unsupported(26))
        );
        assert_eq!(d.push(2, 0, true, &[]), Err(H264Error::Truncated));
    }
}
