//! Recorders (NVRs and VMSs) Sakshya calls itself: their sealed
//! credentials, the HTTP control interfaces of each kind (ONVIF Profile G,
//! Hikvision ISAPI, Dahua / CP Plus CGI), and one `Connection` that asks
//! any of them who it is, what its clock says and what footage it holds.
//! Folder recorders are read by `recordings::indexer` as before.

pub mod cache;
pub mod credentials;
pub mod dahua;
pub mod device;
pub mod hikvision;
pub mod http;
pub mod onvif;
pub mod watch;
pub mod xml;

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use secrecy::SecretString;

use crate::db::recorders::RecorderRow;
use crate::domain::recorder::{
    with_credentials, without_credentials, PlaybackTemplate, RecorderHost, RecorderKind,
};
pub use credentials::CredentialKey;
pub use device::{DeviceError, DeviceFacts, RecordedSpan};
use http::HttpDevice;

/// `uri` (an `rtsp://` address a device gave) at the host the recorder
/// was registered with, on the port the device named: a device behind NAT
/// names its inside address.
pub fn at_registered_address(uri: &str, host: &RecorderHost) -> String {
    let Some(rest) = uri.strip_prefix("rtsp://") else {
        return uri.to_owned();
    };
    let cut = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(cut);
    let device_port = match authority.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !p.contains(']') => p.parse::<u16>().ok(),
        _ => None,
    };
    match device_port {
        Some(p) => format!("rtsp://{}:{p}{tail}", host.as_str()),
        None => format!("rtsp://{}{tail}", host.as_str()),
    }
}

/// What a check of a recorder found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    /// `None` for kinds that cannot say (a folder, an RTSP template).
    pub facts: Option<DeviceFacts>,
    pub device_clock: Option<DateTime<Utc>>,
    /// Device clock minus server clock, in milliseconds, measured at the
    /// midpoint of the call.
    pub clock_offset_ms: Option<i64>,
}

/// A recorder ready to be called: its address, kind and credentials.
pub struct Connection {
    kind: RecorderKind,
    host: Option<RecorderHost>,
    rtsp_port: u16,
    zone: FixedOffset,
    template: Option<PlaybackTemplate>,
    http: Option<HttpDevice>,
    /// The account RTSP playback logs in with.
    rtsp_login: Option<(String, SecretString)>,
    /// How long one call may take.
    timeout: Duration,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("kind", &self.kind)
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// The connection `row` describes, its password opened with `key`.
    pub fn open(
        row: &RecorderRow,
        key: &CredentialKey,
        timeout: Duration,
    ) -> Result<Self, DeviceError> {
        let bad = |what: &str| {
            DeviceError::Protocol(format!("the stored recorder has an invalid {what}"))
        };
        let zone =
            FixedOffset::east_opt(row.utc_offset_minutes * 60).ok_or_else(|| bad("time zone"))?;
        let host = row
            .host
            .as_deref()
            .map(RecorderHost::parse)
            .transpose()
            .map_err(|_| bad("address"))?;
        let template = row
            .playback_template
            .as_deref()
            .map(PlaybackTemplate::parse)
            .transpose()
            .map_err(|_| bad("playback template"))?;
        let rtsp_port = row
            .rtsp_port
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(554);
        let password = match (&row.username, &row.password_sealed) {
            (Some(_), Some(sealed)) => Some(
                key.open(row.id.as_str(), sealed)
                    .map_err(|e| DeviceError::Protocol(e.to_string()))?,
            ),
            _ => None,
        };
        let rtsp_login = match (&row.username, &password) {
            (Some(u), Some(p)) => Some((u.clone(), p.clone())),
            _ => None,
        };
        let http = match (&host, row.kind) {
            (Some(h), RecorderKind::Onvif | RecorderKind::Hikvision | RecorderKind::Dahua) => {
                let scheme = if row.tls { "https" } else { "http" };
                let port = row
                    .http_port
                    .and_then(|p| u16::try_from(p).ok())
                    .unwrap_or_else(|| row.kind.default_http_port(row.tls));
                Some(HttpDevice::new(
                    format!("{scheme}://{}:{port}", h.as_str()),
                    row.username.clone().unwrap_or_default(),
                    password.unwrap_or_else(|| SecretString::from(String::new())),
                    timeout,
                )?)
            }
            _ => None,
        };
        Ok(Self {
            kind: row.kind,
            host,
            rtsp_port,
            zone,
            template,
            http,
            rtsp_login,
            timeout,
        })
    }

    pub fn kind(&self) -> RecorderKind {
        self.kind
    }

    /// Whether the recorder can say what it holds (an RTSP template
    /// cannot: its window is pulled whole).
    pub fn can_search(&self) -> bool {
        matches!(
            self.kind,
            RecorderKind::Hikvision | RecorderKind::Dahua | RecorderKind::Onvif
        )
    }

    /// `uri` with the recorder's account in it, for the RTSP client only:
    /// the result is a secret, never logged or stored.
    pub fn authorised(&self, uri: &str) -> SecretString {
        use secrecy::ExposeSecret;
        SecretString::from(match &self.rtsp_login {
            Some((user, password)) => with_credentials(uri, user, password.expose_secret()),
            None => without_credentials(uri),
        })
    }

    /// The account RTSP playback logs in with, for Sakshya's own RTSP
    /// client (the password never leaves it but in a Digest answer).
    pub fn login(&self) -> Option<(String, SecretString)> {
        self.rtsp_login.clone()
    }

    fn http(&self) -> Result<&HttpDevice, DeviceError> {
        self.http.as_ref().ok_or_else(|| {
            DeviceError::Protocol(format!("a {} recorder has no control interface", self.kind))
        })
    }

    /// The device's clock and the server's at the midpoint of the call.
    async fn timed_clock(&self) -> Result<(DateTime<Utc>, i64), DeviceError> {
        let before = Utc::now();
        let device = match self.kind {
            RecorderKind::Hikvision => hikvision::clock(self.http()?).await?.0,
            RecorderKind::Dahua => dahua::clock(self.http()?, self.zone).await?,
            RecorderKind::Onvif => onvif::clock(self.http()?).await?,
            RecorderKind::Folder | RecorderKind::RtspTemplate => {
                return Err(DeviceError::Protocol(format!(
                    "a {} recorder has no clock to read",
                    self.kind
                )))
            }
        };
        let after = Utc::now();
        let mid = before + (after - before) / 2;
        Ok((device, (device - mid).num_milliseconds()))
    }

    /// An ONVIF channel's recording, with the services and the device's
    /// clock now (UsernameTokens are dated by it).
    async fn onvif_recording(
        &self,
        channel: i32,
        token: Option<&str>,
    ) -> Result<(onvif::Services, onvif::Recording, DateTime<Utc>), DeviceError> {
        let dev = self.http()?;
        let (_, offset) = self.timed_clock().await?;
        let now = Utc::now() + chrono::Duration::milliseconds(offset);
        let svc = onvif::services(dev, now).await?;
        let recs = onvif::recordings(dev, &svc, now).await?;
        let rec = onvif::recording_of(&recs, channel, token)?.clone();
        Ok((svc, rec, now))
    }

    /// Asks the recorder who it is and what its clock says.
    pub async fn check(&self) -> Result<CheckResult, DeviceError> {
        match self.kind {
            RecorderKind::Folder => Ok(CheckResult {
                facts: None,
                device_clock: None,
                clock_offset_ms: None,
            }),
            RecorderKind::RtspTemplate => {
                let host = self
                    .host
                    .as_ref()
                    .ok_or_else(|| DeviceError::Protocol("no address".into()))?;
                let addr = format!("{}:{}", host.as_str(), self.rtsp_port);
                let connect = tokio::net::TcpStream::connect(addr.clone());
                match tokio::time::timeout(self.timeout, connect).await {
                    Ok(Ok(_)) => Ok(CheckResult {
                        facts: None,
                        device_clock: None,
                        clock_offset_ms: None,
                    }),
                    Ok(Err(_)) => Err(DeviceError::Unreachable(format!("rtsp://{addr}"))),
                    Err(_) => Err(DeviceError::Timeout(self.timeout.as_secs().max(1))),
                }
            }
            RecorderKind::Hikvision | RecorderKind::Dahua | RecorderKind::Onvif => {
                let (device_clock, offset) = self.timed_clock().await?;
                let facts = match self.kind {
                    RecorderKind::Hikvision => hikvision::facts(self.http()?).await?,
                    RecorderKind::Dahua => dahua::facts(self.http()?).await?,
                    _ => {
                        onvif::facts(
                            self.http()?,
                            Utc::now() + chrono::Duration::milliseconds(offset),
                        )
                        .await?
                    }
                };
                Ok(CheckResult {
                    facts: Some(facts),
                    device_clock: Some(device_clock),
                    clock_offset_ms: Some(offset),
                })
            }
        }
    }

    /// What the recorder holds of `channel` over `[from, to)`, merged;
    /// `token` is an ONVIF channel's recording token.
    pub async fn search(
        &self,
        channel: i32,
        token: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<RecordedSpan>, DeviceError> {
        let spans = match self.kind {
            RecorderKind::Hikvision => hikvision::search(self.http()?, channel, from, to).await?,
            RecorderKind::Dahua => {
                dahua::search(self.http()?, channel, from, to, self.zone).await?
            }
            RecorderKind::Onvif => {
                let (_, rec, _) = self.onvif_recording(channel, token).await?;
                onvif::spans_of(&rec, from, to)
            }
            RecorderKind::Folder | RecorderKind::RtspTemplate => {
                return Err(DeviceError::Protocol(format!(
                    "a {} recorder cannot list its recordings",
                    self.kind
                )))
            }
        };
        // Clipped to the window; a clipped span's own playback address
        // no longer matches it.
        Ok(device::merge_spans(
            spans
                .into_iter()
                .filter(|s| s.end > from && s.start < to && s.end > s.start)
                .map(|s| {
                    let clipped = s.start < from || s.end > to;
                    RecordedSpan {
                        start: s.start.max(from),
                        end: s.end.min(to),
                        playback_uri: if clipped { None } else { s.playback_uri },
                    }
                })
                .collect(),
        ))
    }

    /// The start of the oldest footage the recorder still holds for
    /// `channel` (`None`: it holds nothing).
    pub async fn oldest(
        &self,
        channel: i32,
        token: Option<&str>,
    ) -> Result<Option<DateTime<Utc>>, DeviceError> {
        let now = Utc::now();
        match self.kind {
            RecorderKind::Hikvision => hikvision::oldest(self.http()?, channel, now).await,
            RecorderKind::Dahua => dahua::oldest(self.http()?, channel, now, self.zone).await,
            RecorderKind::Onvif => Ok(self.onvif_recording(channel, token).await?.1.earliest),
            RecorderKind::Folder | RecorderKind::RtspTemplate => Err(DeviceError::Protocol(
                format!("a {} recorder cannot list its recordings", self.kind),
            )),
        }
    }

    /// The RTSP playback address of `channel` over `[from, to)`, without
    /// credentials.
    pub async fn playback_uri(
        &self,
        channel: i32,
        token: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<String, DeviceError> {
        let host = self
            .host
            .as_ref()
            .ok_or_else(|| DeviceError::Protocol("no address".into()))?;
        let base = format!("rtsp://{}:{}", host.as_str(), self.rtsp_port);
        Ok(match self.kind {
            RecorderKind::Hikvision => {
                format!("{base}{}", hikvision::playback_path(channel, from, to))
            }
            RecorderKind::Dahua => format!(
                "{base}{}",
                dahua::playback_path(channel, from, to, self.zone)
            ),
            RecorderKind::RtspTemplate => {
                let t = self
                    .template
                    .as_ref()
                    .ok_or_else(|| DeviceError::Protocol("no playback template".into()))?;
                t.render(host, self.rtsp_port, channel, from, to, self.zone)
            }
            RecorderKind::Onvif => {
                let (svc, rec, now) = self.onvif_recording(channel, token).await?;
                let device = onvif::replay_uri(self.http()?, &svc, &rec.token, now).await?;
                at_registered_address(&without_credentials(&device), host)
            }
            RecorderKind::Folder => {
                return Err(DeviceError::Protocol(
                    "a folder recorder has no playback address".into(),
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_given_address_is_moved_to_the_registered_one() {
        let host = RecorderHost::parse("10.20.0.7").unwrap();
        let uri = "rtsp://192.168.1.90:8554/onvif-media/record/play.amp?onvifreplayid=R_1";
        assert_eq!(
            at_registered_address(uri, &host),
            "rtsp://10.20.0.7:8554/onvif-media/record/play.amp?onvifreplayid=R_1"
        );
        assert_eq!(
            at_registered_address("rtsp://192.168.1.90/replay?x=1", &host),
            "rtsp://10.20.0.7/replay?x=1"
        );
    }
}
