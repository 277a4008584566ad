//! RTP packets (RFC 3550) as they arrive interleaved on an RTSP
//! connection, and the ONVIF replay header extension (ONVIF Streaming
//! Specification, "RTP header extension": profile 0xABAC, an NTP
//! timestamp for the frame's wall-clock time, then the C, E, D and T
//! flags and the CSeq of the PLAY it answers).

use chrono::{DateTime, TimeZone, Utc};

/// The profile id of ONVIF's replay header extension.
pub const ONVIF_EXTENSION: u16 = 0xABAC;

/// Seconds from the NTP epoch (1900-01-01) to the Unix epoch.
const NTP_UNIX_SECS: u64 = 2_208_988_800;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpPacket<'a> {
    pub marker: bool,
    pub payload_type: u8,
    pub sequence: u16,
    pub timestamp: u32,
    pub ssrc: u32,
    pub onvif: Option<OnvifExtension>,
    pub payload: &'a [u8],
}

/// What ONVIF's replay extension says of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnvifExtension {
    /// The frame's wall-clock time on the device, as NTP (32.32).
    pub ntp: u64,
    /// C: the first packet of a clean point (a keyframe).
    pub clean_point: bool,
    /// E: the last packet of an access unit.
    pub end: bool,
    /// D: the first packet after a discontinuity (a recording gap).
    pub discontinuity: bool,
    /// T: the last packet of the range asked for.
    pub terminal: bool,
}

impl OnvifExtension {
    /// The NTP timestamp as a UTC time (to the microsecond).
    pub fn wall_clock(&self) -> Option<DateTime<Utc>> {
        let secs = (self.ntp >> 32).checked_sub(NTP_UNIX_SECS)?;
        // To the nearest microsecond (senders round their fractions too).
        let micros = (((self.ntp & 0xffff_ffff) * 1_000_000) + (1 << 31)) >> 32;
        let (secs, micros) = if micros == 1_000_000 {
            (secs + 1, 0)
        } else {
            (secs, micros)
        };
        Utc.timestamp_opt(
            i64::try_from(secs).ok()?,
            u32::try_from(micros * 1000).ok()?,
        )
        .single()
    }
}

/// Why a packet could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RtpError {
    #[error("an RTP packet shorter than its header")]
    Short,
    #[error("an RTP packet of version {0}, not 2")]
    Version(u8),
}

/// Reads one RTP packet.
pub fn parse(buf: &[u8]) -> Result<RtpPacket<'_>, RtpError> {
    if buf.len() < 12 {
        return Err(RtpError::Short);
    }
    let version = buf[0] >> 6;
    if version != 2 {
        return Err(RtpError::Version(version));
    }
    let padding = buf[0] & 0x20 != 0;
    let extension = buf[0] & 0x10 != 0;
    let csrcs = usize::from(buf[0] & 0x0f);
    let mut at = 12 + 4 * csrcs;
    let mut onvif = None;
    if extension {
        let head = buf.get(at..at + 4).ok_or(RtpError::Short)?;
        let profile = u16::from_be_bytes([head[0], head[1]]);
        let words = usize::from(u16::from_be_bytes([head[2], head[3]]));
        let body = buf.get(at + 4..at + 4 + 4 * words).ok_or(RtpError::Short)?;
        if profile == ONVIF_EXTENSION && body.len() >= 12 {
            let mut ntp = [0u8; 8];
            ntp.copy_from_slice(&body[..8]);
            let flags = body[8];
            onvif = Some(OnvifExtension {
                ntp: u64::from_be_bytes(ntp),
                clean_point: flags & 0x80 != 0,
                end: flags & 0x40 != 0,
                discontinuity: flags & 0x20 != 0,
                terminal: flags & 0x10 != 0,
            });
        }
        at += 4 + 4 * words;
    }
    let mut end = buf.len();
    if padding {
        let pad = usize::from(*buf.last().ok_or(RtpError::Short)?);
        end = end.checked_sub(pad).ok_or(RtpError::Short)?;
    }
    if at > end {
        return Err(RtpError::Short);
    }
    Ok(RtpPacket {
        marker: buf[1] & 0x80 != 0,
        payload_type: buf[1] & 0x7f,
        sequence: u16::from_be_bytes([buf[2], buf[3]]),
        timestamp: u32::from_be_bytes([buf[4], buf[5], buf[6], buf[7]]),
        ssrc: u32::from_be_bytes([buf[8], buf[9], buf[10], buf[11]]),
        onvif,
        payload: &buf[at..end],
    })
}

/// Whether an RTCP compound packet holds a BYE (the sender is done).
pub fn rtcp_has_bye(mut buf: &[u8]) -> bool {
    while buf.len() >= 4 {
        if buf[1] == 203 {
            return true;
        }
        let len = 4 * (usize::from(u16::from_be_bytes([buf[2], buf[3]])) + 1);
        if len > buf.len() {
            return false;
        }
        buf = &buf[len..];
    }
    false
}

/// Unwraps 32-bit RTP timestamps into a 64-bit count from the first.
#[derive(Debug, Default)]
pub struct Unwrapper {
    last: Option<u32>,
    total: i64,
}

impl Unwrapper {
    pub fn next(&mut self, ts: u32) -> i64 {
        if let Some(last) = self.last {
            // The signed difference: RTP timestamps may step back (B-frames).
            self.total += i64::from(ts.wrapping_sub(last) as i32);
        }
        self.last = Some(ts);
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(ext: Option<[u8; 12]>, payload: &[u8]) -> Vec<u8> {
        let mut p = vec![0x80 | if ext.is_some() { 0x10 } else { 0 }, 0x80 | 96];
        p.extend_from_slice(&7u16.to_be_bytes());
        p.extend_from_slice(&0xffff_fff0u32.to_be_bytes());
        p.extend_from_slice(&0x1234_5678u32.to_be_bytes());
        if let Some(e) = ext {
            p.extend_from_slice(&ONVIF_EXTENSION.to_be_bytes());
            p.extend_from_slice(&3u16.to_be_bytes());
            p.extend_from_slice(&e);
        }
        p.extend_from_slice(payload);
        p
    }

    #[test]
    fn the_header_and_payload_are_read() {
        let p = packet(None, &[0x65, 1, 2]);
        let r = parse(&p).unwrap();
        assert!(r.marker);
        assert_eq!(r.payload_type, 96);
        assert_eq!(r.sequence, 7);
        assert_eq!(r.timestamp, 0xffff_fff0);
        assert_eq!(r.ssrc, 0x1234_5678);
        assert_eq!(r.onvif, None);
        assert_eq!(r.payload, &[0x65, 1, 2]);
        assert_eq!(parse(&p[..11]), Err(RtpError::Short));
        let mut v1 = p.clone();
        v1[0] = 0x40;
        assert_eq!(parse(&v1), Err(RtpError::Version(1)));
    }

    #[test]
    fn the_onvif_extension_gives_each_frame_its_wall_clock_time() {
        // 2026-12-02T10:00:00.5Z as NTP: Unix seconds plus 70 years.
        let unix = Utc
            .with_ymd_and_hms(2026, 12, 2, 10, 0, 0)
            .unwrap()
            .timestamp() as u64;
        let ntp = ((unix + NTP_UNIX_SECS) << 32) | 0x8000_0000;
        let mut e = [0u8; 12];
        e[..8].copy_from_slice(&ntp.to_be_bytes());
        e[8] = 0x80 | 0x20; // C and D
        e[9] = 3; // CSeq
        let p = packet(Some(e), &[0x65]);
        let r = parse(&p).unwrap();
        let x = r.onvif.unwrap();
        assert!(x.clean_point && x.discontinuity && !x.end && !x.terminal);
        assert_eq!(
            x.wall_clock().unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
                + chrono::Duration::milliseconds(500)
        );
        assert_eq!(r.payload, &[0x65]);
        // A tenth of a second, as senders write it (the fraction truncated),
        // reads back as a tenth, not 99 999 µs.
        let tenth = OnvifExtension {
            ntp: ((unix + NTP_UNIX_SECS) << 32) | 0x1999_9999,
            ..x
        };
        assert_eq!(
            tenth.wall_clock().unwrap().timestamp_subsec_micros(),
            100_000
        );
        // An extension longer than the packet is refused, not read past.
        assert_eq!(parse(&p[..20]), Err(RtpError::Short));
    }

    #[test]
    fn timestamps_unwrap_across_the_32_bit_boundary() {
        let mut u = Unwrapper::default();
        assert_eq!(u.next(0xffff_fff0), 0);
        assert_eq!(u.next(0x0000_0010), 0x20);
        assert_eq!(u.next(0x0000_0000), 0x10);
    }

    #[test]
    fn an_rtcp_bye_is_found_in_a_compound_packet() {
        let sr = [0x80, 200, 0, 1, 0, 0, 0, 1];
        let bye = [0x81, 203, 0, 1, 0, 0, 0, 1];
        assert!(!rtcp_has_bye(&sr));
        assert!(rtcp_has_bye(&[&sr[..], &bye[..]].concat()));
    }
}
