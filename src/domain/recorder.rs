//! Recorders (NVRs, VMSs) and what an administrator tells Sakshya about
//! them: the kind of interface, the address, and the playback template of
//! a generic RTSP recorder. Pure parsing; the device calls are in
//! `recorders`.

use chrono::{DateTime, Utc};

use super::error_code::ErrorCode;
use super::ValidationError;

text_enum!(
    /// How Sakshya reaches a recorder's footage.
    RecorderKind, "recorder kind", InvalidRecorderKind, {
        /// Standard files in a folder Sakshya can mount (the indexer).
        Folder => "folder",
        /// ONVIF Profile G: recording search and replay.
        Onvif => "onvif",
        /// Hikvision ISAPI search and RTSP track playback.
        Hikvision => "hikvision",
        /// Dahua and CP Plus HTTP API search and RTSP playback.
        Dahua => "dahua",
        /// Any recorder with an RTSP playback URL template.
        RtspTemplate => "rtsp_template",
    }
);

text_enum!(
    /// Whether the recorder answered when last asked.
    RecorderReachability, "recorder reachability", InvalidState, {
        /// Not asked yet.
        Unknown => "unknown",
        Reachable => "reachable",
        /// No answer, or not the answer of a recorder of its kind.
        Unreachable => "unreachable",
        /// The recorder refused the stored username and password.
        AuthFailed => "auth_failed",
    }
);

impl RecorderKind {
    /// Whether Sakshya calls the device over the network (everything but
    /// a folder).
    pub fn is_networked(self) -> bool {
        self != RecorderKind::Folder
    }

    /// Whether the device can be asked what footage it holds.
    pub fn can_search(self) -> bool {
        matches!(
            self,
            RecorderKind::Onvif | RecorderKind::Hikvision | RecorderKind::Dahua
        )
    }

    /// The usual HTTP (control) port of the kind.
    pub fn default_http_port(self, tls: bool) -> u16 {
        if tls {
            443
        } else {
            80
        }
    }
}

/// A recorder's host: a DNS name or an IP address, nothing else (no
/// scheme, user, path or port), so it cannot smuggle credentials or a
/// second URL into the addresses Sakshya builds from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecorderHost(String);

impl RecorderHost {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let bad = || {
            ValidationError::new(
                ErrorCode::InvalidRecorderAddress,
                "the recorder's address must be a host name or an IP address only, e.g. 10.20.0.15 or nvr1.iccc.local (no http://, user, path or port)",
            )
        };
        if s.is_empty() || s.len() > 253 {
            return Err(bad());
        }
        if let Some(v6) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            return v6
                .parse::<std::net::Ipv6Addr>()
                .map(|_| Self(s.to_owned()))
                .map_err(|_| bad());
        }
        if s.parse::<std::net::Ipv6Addr>().is_ok() {
            return Ok(Self(format!("[{s}]")));
        }
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if s.split('.').all(label_ok) {
            Ok(Self(s.to_ascii_lowercase()))
        } else {
            Err(bad())
        }
    }

    /// As it goes into a URL's authority (IPv6 in brackets).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A TCP port, 1 to 65535.
pub fn port(field: &str, raw: i64) -> Result<u16, ValidationError> {
    u16::try_from(raw).ok().filter(|p| *p != 0).ok_or_else(|| {
        ValidationError::new(
            ErrorCode::InvalidRecorderAddress,
            format!("`{field}` must be a port number from 1 to 65535"),
        )
    })
}

/// A recorder channel number as the device counts them (1 to 512).
pub fn channel(raw: i64) -> Result<i32, ValidationError> {
    i32::try_from(raw)
        .ok()
        .filter(|c| (1..=512).contains(c))
        .ok_or_else(|| {
            ValidationError::new(
                ErrorCode::InvalidChannel,
                "a channel is the recorder's own channel number, 1 to 512",
            )
        })
}

/// The placeholders a playback template may use, and what each becomes.
pub const TEMPLATE_PLACEHOLDERS: &[(&str, &str)] = &[
    ("{host}", "the recorder's address"),
    ("{rtsp_port}", "its RTSP port"),
    ("{channel}", "the channel number"),
    ("{start}", "window start, UTC, 20260131T235959Z"),
    ("{end}", "window end, UTC, 20260131T235959Z"),
    (
        "{start_local}",
        "window start in the recorder's time zone, 2026_01_31_23_59_59",
    ),
    (
        "{end_local}",
        "window end in the recorder's time zone, 2026_01_31_23_59_59",
    ),
    ("{start_epoch}", "window start, seconds since 1970"),
    ("{end_epoch}", "window end, seconds since 1970"),
];

/// An RTSP playback URL template, e.g.
/// `rtsp://{host}:{rtsp_port}/playback?ch={channel}&from={start}&to={end}`.
/// It names the window's start and end and nothing but the placeholders
/// above, and carries no credentials (those are stored sealed, apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaybackTemplate(String);

impl PlaybackTemplate {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let bad = |why: &str| {
            ValidationError::new(
                ErrorCode::InvalidPlaybackTemplate,
                format!("playback template: {why}"),
            )
        };
        let rest = s
            .strip_prefix("rtsp://")
            .or_else(|| s.strip_prefix("rtsps://"))
            .ok_or_else(|| bad("it must start with rtsp:// or rtsps://"))?;
        if s.len() > 1000 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("at most 1000 characters, without spaces"));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.contains('@') {
            return Err(bad(
                "leave the username and password out of it; they are stored apart, encrypted",
            ));
        }
        let mut tail = s;
        while let Some(open) = tail.find('{') {
            let close = tail[open..]
                .find('}')
                .ok_or_else(|| bad("a `{` has no closing `}`"))?;
            let name = &tail[open..open + close + 1];
            if !TEMPLATE_PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
                return Err(bad(&format!("unknown placeholder {name}")));
            }
            tail = &tail[open + close + 1..];
        }
        let has = |a: &str, b: &str, c: &str| s.contains(a) || s.contains(b) || s.contains(c);
        if !has("{start}", "{start_local}", "{start_epoch}")
            || !has("{end}", "{end_local}", "{end_epoch}")
        {
            return Err(bad(
                "it must name the window's start and end, e.g. {start} and {end}",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The playback URL for `channel` over `[start, end)`; `utc_offset`
    /// is the recorder's time zone for the `_local` forms.
    pub fn render(
        &self,
        host: &RecorderHost,
        rtsp_port: u16,
        channel: i32,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        utc_offset: chrono::FixedOffset,
    ) -> String {
        let iso = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
        let local = |t: DateTime<Utc>| {
            t.with_timezone(&utc_offset)
                .format("%Y_%m_%d_%H_%M_%S")
                .to_string()
        };
        self.0
            .replace("{host}", host.as_str())
            .replace("{rtsp_port}", &rtsp_port.to_string())
            .replace("{channel}", &channel.to_string())
            .replace("{start_local}", &local(start))
            .replace("{end_local}", &local(end))
            .replace("{start_epoch}", &start.timestamp().to_string())
            .replace("{end_epoch}", &end.timestamp().to_string())
            .replace("{start}", &iso(start))
            .replace("{end}", &iso(end))
    }
}

/// A URL with any `user:password@` removed, for custody records and logs.
/// `url` with `user` and `password` as its userinfo, percent-encoded
/// (RFC 3986 §3.2.1), replacing any there.
pub fn with_credentials(url: &str, user: &str, password: &str) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    let bare = without_credentials(url);
    match bare.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}:{}@{rest}", enc(user), enc(password)),
        None => bare,
    }
}

pub fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    format!("{scheme}://{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn credentials_are_percent_encoded_into_the_userinfo_and_removed_again() {
        let u = with_credentials("rtsp://old:x@10.0.0.5:554/a?b=c", "ro", "p@ss:w/rd");
        assert_eq!(u, "rtsp://ro:p%40ss%3Aw%2Frd@10.0.0.5:554/a?b=c");
        assert_eq!(without_credentials(&u), "rtsp://10.0.0.5:554/a?b=c");
    }

    #[test]
    fn hosts_are_names_or_addresses_only() {
        assert_eq!(
            RecorderHost::parse(" NVR1.iccc.local ").unwrap().as_str(),
            "nvr1.iccc.local"
        );
        assert_eq!(
            RecorderHost::parse("10.20.0.15").unwrap().as_str(),
            "10.20.0.15"
        );
        assert_eq!(
            RecorderHost::parse("fe80::1").unwrap().as_str(),
            "[fe80::1]"
        );
        assert_eq!(RecorderHost::parse("[::1]").unwrap().as_str(), "[::1]");
        for bad in [
            "",
            "http://10.0.0.1",
            "admin:pw@10.0.0.1",
            "10.0.0.1:80",
            "nvr/path",
            "a..b",
            "-x.y",
            "nvr 1",
            "[zz]",
        ] {
            let e = RecorderHost::parse(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidRecorderAddress, "{bad}");
        }
    }

    #[test]
    fn ports_and_channels_are_bounded() {
        assert_eq!(port("rtsp_port", 554).unwrap(), 554);
        assert!(port("p", 0).is_err());
        assert!(port("p", 65536).is_err());
        assert_eq!(channel(1).unwrap(), 1);
        assert!(channel(0).is_err());
        assert!(channel(513).is_err());
    }

    #[test]
    fn templates_name_the_window_and_carry_no_credentials() {
        let t =
            PlaybackTemplate::parse("rtsp://{host}:{rtsp_port}/pb?ch={channel}&s={start}&e={end}")
                .unwrap();
        let h = RecorderHost::parse("10.1.2.3").unwrap();
        let s = Utc.with_ymd_and_hms(2026, 1, 31, 18, 29, 59).unwrap();
        let e = s + chrono::Duration::minutes(5);
        let ist = chrono::FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        assert_eq!(
            t.render(&h, 554, 3, s, e, ist),
            "rtsp://10.1.2.3:554/pb?ch=3&s=20260131T182959Z&e=20260131T183459Z"
        );
        let local = PlaybackTemplate::parse("rtsp://{host}/cam/playback?channel={channel}&starttime={start_local}&endtime={end_local}").unwrap();
        assert_eq!(
            local.render(&h, 554, 1, s, e, ist),
            "rtsp://10.1.2.3/cam/playback?channel=1&starttime=2026_01_31_23_59_59&endtime=2026_02_01_00_04_59"
        );
        for bad in [
            "http://{host}/x?{start}{end}",
            "rtsp://admin:pw@{host}/x?{start}{end}",
            "rtsp://{host}/x?{start}",
            "rtsp://{host}/x?{start}{end}{password}",
            "rtsp://{host}/x?{start}{end",
            "rtsp://{host}/x y?{start}{end}",
        ] {
            assert_eq!(
                PlaybackTemplate::parse(bad).unwrap_err().code,
                ErrorCode::InvalidPlaybackTemplate,
                "{bad}"
            );
        }
    }

    #[test]
    fn credentials_are_cut_from_urls() {
        assert_eq!(
            without_credentials(
                "rtsp://admin:s3cret@10.0.0.5:554/Streaming/tracks/101?starttime=x"
            ),
            "rtsp://10.0.0.5:554/Streaming/tracks/101?starttime=x"
        );
        assert_eq!(
            without_credentials("rtsp://10.0.0.5/a@b"),
            "rtsp://10.0.0.5/a@b"
        );
        assert_eq!(without_credentials("no scheme"), "no scheme");
    }

    #[test]
    fn kinds_round_trip() {
        for k in RecorderKind::ALL {
            assert_eq!(k.as_str().parse::<RecorderKind>().unwrap(), k);
        }
        assert_eq!(
            "rtsp_template".parse::<RecorderKind>().unwrap(),
            RecorderKind::RtspTemplate
        );
        assert!("milestone".parse::<RecorderKind>().is_err());
        assert!(!RecorderKind::Folder.is_networked());
    }
}
