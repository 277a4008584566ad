//! A small RTSP 1.0 playback client (RFC 2326) for what libavformat's
//! RTSP client cannot ask: ONVIF replay (ONVIF Streaming Specification
//! §6: `Require: onvif-replay`, `Range: clock=<start>-<end>` in the
//! device's UTC, `Rate-Control: no` so the device sends as fast as it
//! can, and the RTP header extension that gives each frame its
//! wall-clock time). It speaks plain RTSP playback as well.
//!
//! One connection, blocking, with a read timeout: DESCRIBE, SETUP of the
//! first video stream interleaved on the RTSP connection (RTP on channel
//! 0, RTCP on 1), PLAY, then access units one at a time until the
//! device's RTCP BYE, the ONVIF T bit, or the end of the connection.
//! Memory stays bounded: one access unit is held at a time. Digest
//! authentication (RFC 2617/7616) as for the recorders' HTTP APIs; the
//! password never leaves this module except inside a Digest response.

pub mod depacketiser;
pub mod h264;
pub mod h265;
pub mod rtp;
pub mod sdp;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use secrecy::SecretString;

pub use depacketiser::VideoCodec;
pub use sdp::VideoStream;

/// How a session asks for its footage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Playback {
    /// `Range: npt=0-`: the address itself names the window (Hikvision,
    /// Dahua, templates).
    Plain,
    /// ONVIF replay of `[from, to)` on the device's clock, as fast as the
    /// device can send.
    OnvifReplay {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// One frame as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// RTP timestamp, unwrapped, counted from the session's first frame,
    /// in the stream's clock rate.
    pub timestamp: i64,
    pub key: bool,
    /// The device's wall-clock time of the frame (ONVIF replay only).
    pub wall_clock: Option<DateTime<Utc>>,
    /// The frame follows a gap in the recording (ONVIF D bit).
    pub discontinuity: bool,
    /// Annex B NAL units.
    pub data: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum RtspError {
    #[error("cannot connect to {0}")]
    Unreachable(String),
    #[error("the device refused the username and password")]
    Unauthorized,
    #[error("the device has nothing at this address (404)")]
    NotFound,
    #[error("the device answered {method} with {status} {reason}")]
    Refused {
        method: &'static str,
        status: u16,
        reason: String,
    },
    #[error("the device sent nothing for {0} s")]
    Timeout(u64),
    #[error("the device broke the RTSP protocol: {0}")]
    Protocol(String),
    #[error("the stream is {0}, which this client cannot depacketise")]
    Codec(String),
    #[error("reading from the device: {0}")]
    Io(#[from] std::io::Error),
}

struct Response {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The most an RTSP message head or body may take.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

pub struct Session {
    reader: BufReader<TcpStream>,
    url: String,
    login: Option<(String, SecretString)>,
    challenge: Option<String>,
    cseq: u32,
    session: Option<String>,
    timeout: Duration,
    pub video: VideoStream,
    depack: depacketiser::Depacketiser,
    unwrap: rtp::Unwrapper,
    /// The ONVIF facts of the access unit in progress and the one before.
    meta: Option<(u32, Option<DateTime<Utc>>, bool)>,
    pending: VecDeque<Frame>,
    buf: Vec<u8>,
    done: bool,
    /// Keep-alive: a request at least this often while playing (half the
    /// session timeout the device gave at SETUP, 60 s if it gave none),
    /// as devices end a session that hears nothing from its client.
    keepalive_every: Duration,
    /// When the last request went out (`None`: a keep-alive is due now).
    last_request: Option<Instant>,
    /// The keep-alive request in flight, and whether the device refused
    /// GET_PARAMETER (then OPTIONS is sent instead).
    keepalive_cseq: Option<u32>,
    keepalive_options: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The session id and timeout in seconds (60 if not given, RFC 2326
/// §12.37) of a `Session` header.
fn session_header(value: &str) -> (String, u64) {
    let mut parts = value.split(';');
    let id = parts.next().unwrap_or(value).trim().to_owned();
    let timeout = parts
        .filter_map(|p| p.trim().strip_prefix("timeout="))
        .find_map(|t| t.trim().parse().ok())
        .unwrap_or(60);
    (id, timeout)
}

/// `host:port` of an `rtsp://` address (credentials must not be in it).
fn authority(url: &str) -> Result<(String, u16), RtspError> {
    let rest = url
        .strip_prefix("rtsp://")
        .ok_or_else(|| RtspError::Protocol("the address is not rtsp://".into()))?;
    let auth = rest.split(['/', '?']).next().unwrap_or(rest);
    if auth.contains('@') {
        return Err(RtspError::Protocol(
            "credentials belong in the login, not the address".into(),
        ));
    }
    match auth.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => Ok((
            h.trim_matches(['[', ']']).to_owned(),
            p.parse()
                .map_err(|_| RtspError::Protocol("the address has an invalid port".into()))?,
        )),
        _ => Ok((auth.trim_matches(['[', ']']).to_owned(), 554)),
    }
}

fn io_error(timeout: Duration, e: std::io::Error) -> RtspError {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            RtspError::Timeout(timeout.as_secs().max(1))
        }
        _ => RtspError::Io(e),
    }
}

fn clock(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

impl Session {
    /// Connects to `url` (without credentials), describes it and sets up
    /// its first video stream.
    pub fn open(
        url: &str,
        login: Option<(String, SecretString)>,
        playback: Playback,
        timeout: Duration,
    ) -> Result<Self, RtspError> {
        let (host, port) = authority(url)?;
        let addr = (host.as_str(), port)
            .to_socket_addrs()
            .map_err(|_| RtspError::Unreachable(format!("{host}:{port}")))?
            .next()
            .ok_or_else(|| RtspError::Unreachable(format!("{host}:{port}")))?;
        let stream = TcpStream::connect_timeout(&addr, timeout)
            .map_err(|_| RtspError::Unreachable(format!("{host}:{port}")))?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        stream.set_nodelay(true)?;
        let mut s = Self {
            reader: BufReader::with_capacity(256 * 1024, stream),
            url: url.to_owned(),
            login,
            challenge: None,
            cseq: 0,
            session: None,
            timeout,
            video: VideoStream::new(0),
            depack: depacketiser::Depacketiser::new(VideoCodec::H264),
            unwrap: rtp::Unwrapper::default(),
            meta: None,
            pending: VecDeque::new(),
            buf: Vec::new(),
            done: false,
            keepalive_every: Duration::from_secs(30),
            last_request: Some(Instant::now()),
            keepalive_cseq: None,
            keepalive_options: false,
        };
        let onvif = matches!(playback, Playback::OnvifReplay { .. });
        let require: Vec<(&str, String)> = if onvif {
            vec![("Require", "onvif-replay".into())]
        } else {
            Vec::new()
        };
        let mut describe = require.clone();
        describe.push(("Accept", "application/sdp".into()));
        let r = s.request("DESCRIBE", url, &describe)?;
        let base = r
            .header("Content-Base")
            .or(r.header("Content-Location"))
            .unwrap_or(url)
            .to_owned();
        let sdp = String::from_utf8_lossy(&r.body).into_owned();
        s.video = sdp::video_stream(&sdp, &base)
            .ok_or_else(|| RtspError::Protocol("the description has no video stream".into()))?;
        match VideoCodec::from_encoding(&s.video.encoding) {
            Some(c) if !s.video.decoding_order => s.depack = depacketiser::Depacketiser::new(c),
            _ => return Err(RtspError::Codec(s.video.encoding.clone())),
        }
        // A device that drops the request's query from its Content-Base
        // (GStreamer's server does) still needs it to set the stream up;
        // the aggregate address stays as the device gave it.
        if let Some((_, query)) = url.split_once('?') {
            if !s.video.control.contains('?') {
                s.video.control = format!("{}?{query}", s.video.control);
            }
        }
        let mut setup = require.clone();
        setup.push(("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1".into()));
        let control = s.video.control.clone();
        let r = s.request("SETUP", &control, &setup)?;
        let header = r
            .header("Session")
            .ok_or_else(|| RtspError::Protocol("SETUP gave no Session".into()))?;
        let (id, timeout) = session_header(header);
        s.session = Some(id);
        s.keepalive_every = Duration::from_secs((timeout / 2).max(1));
        let mut play = require;
        match playback {
            Playback::Plain => play.push(("Range", "npt=0.000-".into())),
            Playback::OnvifReplay { from, to } => {
                play.push(("Range", format!("clock={}-{}", clock(from), clock(to))));
                play.push(("Rate-Control", "no".into()));
            }
        }
        let aggregate = s.video.aggregate.clone();
        s.request("PLAY", &aggregate, &play)?;
        Ok(s)
    }

    fn write_request(
        &mut self,
        method: &'static str,
        url: &str,
        extra: &[(&str, String)],
    ) -> Result<u32, RtspError> {
        self.cseq += 1;
        let mut head = format!(
            "{method} {url} RTSP/1.0\r\nCSeq: {}\r\nUser-Agent: Sakshya\r\n",
            self.cseq
        );
        if let (Some(ch), Some((user, password))) = (&self.challenge, &self.login) {
            let h = crate::recorders::http::digest_header(ch, user, password, method, url, None)
                .map_err(|e| RtspError::Protocol(e.to_string()))?;
            head.push_str("Authorization: ");
            head.push_str(h.to_str().unwrap_or(""));
            head.push_str("\r\n");
        }
        if let Some(id) = &self.session {
            head.push_str(&format!("Session: {id}\r\n"));
        }
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        self.reader.get_mut().write_all(head.as_bytes())?;
        self.last_request = Some(Instant::now());
        Ok(self.cseq)
    }

    fn request(
        &mut self,
        method: &'static str,
        url: &str,
        extra: &[(&str, String)],
    ) -> Result<Response, RtspError> {
        for attempt in 0..2 {
            let cseq = self.write_request(method, url, extra)?;
            let r = loop {
                let r = self.read_response()?;
                if r.header("CSeq").and_then(|c| c.trim().parse().ok()) == Some(cseq) {
                    break r;
                }
            };
            match r.status {
                200..=299 => return Ok(r),
                401 if attempt == 0 && self.login.is_some() => {
                    let ch: Vec<&str> = r
                        .headers
                        .iter()
                        .filter(|(k, _)| k.eq_ignore_ascii_case("WWW-Authenticate"))
                        .map(|(_, v)| v.as_str())
                        .collect();
                    if ch.is_empty() {
                        return Err(RtspError::Unauthorized);
                    }
                    self.challenge = Some(ch.join(", "));
                }
                401 | 403 => return Err(RtspError::Unauthorized),
                404 => return Err(RtspError::NotFound),
                status => {
                    return Err(RtspError::Refused {
                        method,
                        status,
                        reason: r.reason,
                    })
                }
            }
        }
        Err(RtspError::Unauthorized)
    }

    fn map_io(&self, e: std::io::Error) -> RtspError {
        io_error(self.timeout, e)
    }

    /// Reads the next RTSP message, skipping interleaved data before it.
    fn read_response(&mut self) -> Result<Response, RtspError> {
        loop {
            let t = self.timeout;
            let first = self.reader.fill_buf().map_err(|e| io_error(t, e))?;
            match first.first() {
                None => {
                    return Err(RtspError::Protocol(
                        "the device closed the connection".into(),
                    ))
                }
                Some(b'$') => {
                    // Media may come before the PLAY answer (RFC 2326
                    // §10.11: the server may send as soon as it plays).
                    let ch = self.read_interleaved()?;
                    self.take(ch)?;
                }
                Some(_) => return self.read_message(),
            }
        }
    }

    fn read_message(&mut self) -> Result<Response, RtspError> {
        let mut lines = Vec::new();
        let mut total = 0usize;
        loop {
            let mut line = String::new();
            let n = (&mut self.reader)
                .take((MAX_HEAD - total) as u64 + 1)
                .read_line(&mut line)
                .map_err(|e| self.map_io(e))?;
            total += n;
            if n == 0 || total > MAX_HEAD {
                return Err(RtspError::Protocol(
                    "an RTSP message head cut short or too long".into(),
                ));
            }
            let line = line.trim_end_matches(['\r', '\n']).to_owned();
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        let status_line = lines.first().cloned().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let (proto, code, reason) = (parts.next(), parts.next(), parts.next());
        let headers: Vec<(String, String)> = lines[1..]
            .iter()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        if len > MAX_BODY {
            return Err(RtspError::Protocol("an RTSP message body too long".into()));
        }
        let mut body = vec![0; len];
        self.reader
            .read_exact(&mut body)
            .map_err(|e| self.map_io(e))?;
        let status = match proto {
            Some(p) if p.starts_with("RTSP/") => {
                code.and_then(|c| c.parse().ok()).ok_or_else(|| {
                    RtspError::Protocol(format!("a malformed status line {status_line:?}"))
                })?
            }
            // A request from the device (GET_PARAMETER, ANNOUNCE): not an answer.
            _ => 0,
        };
        Ok(Response {
            status,
            reason: reason.unwrap_or("").to_owned(),
            headers,
            body,
        })
    }

    /// Reads one interleaved frame into `buf`; gives its channel, or
    /// `None` at the end of the connection.
    fn read_interleaved(&mut self) -> Result<Option<u8>, RtspError> {
        let mut head = [0u8; 4];
        match self.reader.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(self.map_io(e)),
        }
        if head[0] != b'$' {
            return Err(RtspError::Protocol("interleaved data out of step".into()));
        }
        let len = usize::from(u16::from_be_bytes([head[2], head[3]]));
        self.buf.resize(len, 0);
        let mut buf = std::mem::take(&mut self.buf);
        let read = self.reader.read_exact(&mut buf);
        self.buf = buf;
        match read {
            Ok(()) => Ok(Some(head[1])),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(self.map_io(e)),
        }
    }

    fn queue(&mut self, unit: depacketiser::AccessUnit) {
        let (wall_clock, discontinuity) = match self.meta {
            Some((ts, w, d)) if ts == unit.timestamp => (w, d),
            _ => (None, false),
        };
        let timestamp = self.unwrap.next(unit.timestamp);
        self.pending.push_back(Frame {
            timestamp,
            key: unit.key,
            wall_clock,
            discontinuity,
            data: unit.data,
        });
    }

    /// The next frame, or `None` once the device has sent the whole range.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, RtspError> {
        loop {
            if let Some(f) = self.pending.pop_front() {
                return Ok(Some(f));
            }
            if self.done {
                return Ok(None);
            }
            if self
                .last_request
                .is_none_or(|t| t.elapsed() >= self.keepalive_every)
            {
                self.keepalive()?;
            }
            let first = match self.reader.fill_buf() {
                Ok(b) => b.first().copied(),
                Err(e) => return Err(self.map_io(e)),
            };
            let channel = match first {
                None => None,
                Some(b'$') => self.read_interleaved()?,
                Some(_) => {
                    // A keep-alive's answer, or a request from the device.
                    let r = self.read_message()?;
                    self.keepalive_answered(&r);
                    continue;
                }
            };
            self.take(channel)?;
        }
    }

    /// Takes what arrived on `channel` (`None`: the connection ended).
    fn take(&mut self, channel: Option<u8>) -> Result<(), RtspError> {
        match channel {
            None => {
                self.done = true;
                if let Some(u) = self.depack.end(false) {
                    self.queue(u);
                }
            }
            Some(1) => {
                if rtp::rtcp_has_bye(&self.buf) {
                    self.done = true;
                    if let Some(u) = self.depack.end(true) {
                        self.queue(u);
                    }
                }
            }
            // RTP of the described video stream (none before DESCRIBE).
            Some(0) if !self.video.encoding.is_empty() => {
                let buf = std::mem::take(&mut self.buf);
                let result = self.take_rtp(&buf);
                self.buf = buf;
                result?;
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn take_rtp(&mut self, buf: &[u8]) -> Result<(), RtspError> {
        let p = rtp::parse(buf).map_err(|e| RtspError::Protocol(e.to_string()))?;
        if p.payload_type != self.video.payload_type {
            return Ok(());
        }
        let fresh = self.meta.is_none_or(|(ts, _, _)| ts != p.timestamp);
        let before = self.meta;
        if fresh {
            self.meta = Some((
                p.timestamp,
                p.onvif.and_then(|x| x.wall_clock()),
                p.onvif.is_some_and(|x| x.discontinuity),
            ));
        }
        let units = self
            .depack
            .push(p.sequence, p.timestamp, p.marker, p.payload)
            .map_err(|e| RtspError::Protocol(e.to_string()))?;
        for u in units {
            let now = self.meta;
            if before.is_some_and(|(ts, _, _)| ts == u.timestamp) {
                self.meta = before;
            }
            self.queue(u);
            self.meta = now;
        }
        if p.onvif.is_some_and(|x| x.terminal) && p.marker {
            self.done = true;
        }
        Ok(())
    }

    /// Tells the device the client is still there: GET_PARAMETER with no
    /// body (RFC 2326 §10.8), or OPTIONS where the device refused it. The
    /// answer comes among the media and is read by [`Self::next_frame`].
    fn keepalive(&mut self) -> Result<(), RtspError> {
        let (method, url) = if self.keepalive_options {
            ("OPTIONS", self.video.aggregate.clone())
        } else {
            ("GET_PARAMETER", self.video.aggregate.clone())
        };
        let cseq = self.write_request(method, &url, &[])?;
        self.keepalive_cseq = Some(cseq);
        Ok(())
    }

    fn keepalive_answered(&mut self, r: &Response) {
        let cseq: Option<u32> = r.header("CSeq").and_then(|c| c.trim().parse().ok());
        if cseq.is_none() || cseq != self.keepalive_cseq {
            return;
        }
        self.keepalive_cseq = None;
        match r.status {
            // Not understood: OPTIONS from now on, at once.
            405 | 451 | 501 if !self.keepalive_options => {
                self.keepalive_options = true;
                self.last_request = None;
            }
            // A fresh Digest challenge (the nonce went stale): answer it
            // at once.
            401 => {
                if let Some(ch) = r.header("WWW-Authenticate") {
                    self.challenge = Some(ch.to_owned());
                    self.last_request = None;
                }
            }
            _ => {}
        }
    }

    /// The stream's codec, as described.
    pub fn codec(&self) -> VideoCodec {
        self.depack.codec()
    }

    /// Packets found missing by their sequence numbers so far.
    pub fn lost_packets(&self) -> u64 {
        self.depack.lost
    }

    /// Ends the session (best effort; the connection closes anyway).
    pub fn teardown(mut self) {
        let url = self.video.aggregate.clone();
        let _ = self.write_request("TEARDOWN", &url, &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_header_gives_its_id_and_timeout() {
        assert_eq!(
            session_header("12345678;timeout=30"),
            ("12345678".into(), 30)
        );
        assert_eq!(session_header(" abc ; timeout=8"), ("abc".into(), 8));
        assert_eq!(session_header("abc;timeout=8"), ("abc".into(), 8));
        assert_eq!(session_header("abc"), ("abc".into(), 60));
    }

    #[test]
    fn the_address_gives_host_and_port_and_refuses_credentials() {
        assert_eq!(
            authority("rtsp://10.0.0.5:8554/Streaming/tracks/101?starttime=x").unwrap(),
            ("10.0.0.5".to_owned(), 8554)
        );
        assert_eq!(
            authority("rtsp://nvr.local/x").unwrap(),
            ("nvr.local".to_owned(), 554)
        );
        assert!(authority("rtsp://u:p@10.0.0.5/x").is_err());
        assert!(authority("http://10.0.0.5/x").is_err());
    }

    #[test]
    fn the_clock_range_is_in_onvif_form() {
        use chrono::TimeZone;
        let t = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 5).unwrap();
        assert_eq!(clock(t), "20261202T100005.000Z");
    }
}
