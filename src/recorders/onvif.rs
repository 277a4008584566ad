//! ONVIF Profile G recorders over SOAP 1.2: the device service
//! (`GetSystemDateAndTime`, `GetDeviceInformation`, `GetServices`), the
//! recording search service (`FindRecordings`, `GetRecordingSearchResults`,
//! `GetRecordingSummary`) and the replay service (`GetReplayUri`).
//!
//! Requests carry a WS-Security UsernameToken with a password digest,
//! Base64(SHA-1(nonce + created + password)), with `Created` read off the
//! device's own clock (`GetSystemDateAndTime` needs no authentication), so
//! a device whose clock is off still accepts it. Devices that want HTTP
//! Digest instead get it from `HttpDevice`.
//!
//! A channel is a recording: the recording token mapped to the channel,
//! or else the recording of the channel's position (1-based) in the
//! device's search results ordered by token. ONVIF search reports each
//! recording's first and last footage; gaps inside are found at pull
//! time from the replay stream's timestamps.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use reqwest::Method;
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::ExposeSecret;

use super::device::{DeviceError, DeviceFacts, RecordedSpan};
use super::http::HttpDevice;
use super::xml;

pub const DEVICE_PATH: &str = "/onvif/device_service";
const NS_SEARCH: &str = "http://www.onvif.org/ver10/search/wsdl";
const NS_REPLAY: &str = "http://www.onvif.org/ver10/replay/wsdl";
const NS_DEVICE: &str = "http://www.onvif.org/ver10/device/wsdl";
const NS_SCHEMA: &str = "http://www.onvif.org/ver10/schema";

/// The service addresses (paths on the device) Sakshya uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Services {
    pub search: String,
    pub replay: String,
}

/// One recording as the search service reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub token: String,
    pub source_name: Option<String>,
    pub earliest: Option<DateTime<Utc>>,
    pub latest: Option<DateTime<Utc>>,
}

/// Base64(SHA-1(nonce + created + password)).
pub fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    ctx.update(nonce);
    ctx.update(created.as_bytes());
    ctx.update(password.as_bytes());
    STANDARD.encode(ctx.finish().as_ref())
}

fn security_header(dev: &HttpDevice, device_now: DateTime<Utc>) -> Result<String, DeviceError> {
    let mut nonce = [0u8; 16];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| DeviceError::Protocol("no random bytes for the WS-Security nonce".into()))?;
    let created = device_now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let digest = password_digest(&nonce, &created, dev.password.expose_secret());
    Ok(format!(
        "<s:Header><wsse:Security s:mustUnderstand=\"1\" \
xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\" \
xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">\
<wsse:UsernameToken><wsse:Username>{user}</wsse:Username>\
<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">{digest}</wsse:Password>\
<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">{nonce}</wsse:Nonce>\
<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>",
        user = xml::escape(&dev.username),
        nonce = STANDARD.encode(nonce),
    ))
}

/// Calls `body` (one SOAP operation element) on `path`; `device_now` is
/// the device's clock for the UsernameToken, `None` for an anonymous call.
async fn soap(
    dev: &HttpDevice,
    path: &str,
    body: &str,
    device_now: Option<DateTime<Utc>>,
) -> Result<String, DeviceError> {
    let header = match device_now {
        Some(t) => security_header(dev, t)?,
        None => String::new(),
    };
    let envelope = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:tt=\"{NS_SCHEMA}\">{header}<s:Body>{body}</s:Body></s:Envelope>"
    );
    let a = dev
        .call(
            Method::POST,
            path,
            Some(("application/soap+xml; charset=utf-8", envelope)),
        )
        .await?;
    if a.status.is_success() {
        return Ok(a.body);
    }
    Err(fault(&a.body)
        .unwrap_or_else(|| DeviceError::Protocol(format!("ONVIF {path}: HTTP {}", a.status))))
}

/// The error a SOAP fault stands for.
pub fn fault(body: &str) -> Option<DeviceError> {
    let doc = xml::parse(body).ok()?;
    let f = xml::all(doc.root(), "Fault").next()?;
    let codes: Vec<&str> = xml::all(f, "Value")
        .filter_map(|v| v.text())
        .map(str::trim)
        .collect();
    if codes
        .iter()
        .any(|c| c.ends_with("NotAuthorized") || c.ends_with("FailedAuthentication"))
    {
        return Some(DeviceError::AuthFailed);
    }
    let reason = xml::text(f, "Text").unwrap_or("no reason given");
    Some(DeviceError::Protocol(format!(
        "ONVIF fault {}: {reason}",
        codes.join("/")
    )))
}

fn date_time(node: roxmltree::Node<'_, '_>) -> Option<DateTime<Utc>> {
    let n = |name: &str| xml::text(node, name).and_then(|v| v.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(i32::try_from(n("Year")?).ok()?, n("Month")?, n("Day")?)?;
    let t = date.and_hms_opt(n("Hour")?, n("Minute")?, n("Second")?)?;
    Some(t.and_utc())
}

/// The device's clock (UTC), asked without credentials as ONVIF allows;
/// devices that want credentials even for this get a UsernameToken dated
/// by the server's clock.
pub async fn clock(dev: &HttpDevice) -> Result<DateTime<Utc>, DeviceError> {
    let op = format!("<GetSystemDateAndTime xmlns=\"{NS_DEVICE}\"/>");
    let body = match soap(dev, DEVICE_PATH, &op, None).await {
        Err(DeviceError::AuthFailed) => soap(dev, DEVICE_PATH, &op, Some(Utc::now())).await?,
        other => other?,
    };
    let doc = xml::parse(&body)?;
    let utc = xml::all(doc.root(), "UTCDateTime")
        .next()
        .ok_or_else(|| DeviceError::Protocol("GetSystemDateAndTime has no UTCDateTime".into()))?;
    date_time(utc)
        .ok_or_else(|| DeviceError::Protocol("GetSystemDateAndTime: unreadable UTCDateTime".into()))
}

pub async fn facts(
    dev: &HttpDevice,
    device_now: DateTime<Utc>,
) -> Result<DeviceFacts, DeviceError> {
    let body = soap(
        dev,
        DEVICE_PATH,
        &format!("<GetDeviceInformation xmlns=\"{NS_DEVICE}\"/>"),
        Some(device_now),
    )
    .await?;
    let doc = xml::parse(&body)?;
    let root = doc.root();
    let need = |n: &str| {
        xml::text(root, n)
            .map(str::to_owned)
            .ok_or_else(|| DeviceError::Protocol(format!("GetDeviceInformation has no {n}")))
    };
    Ok(DeviceFacts {
        make: need("Manufacturer")?,
        model: need("Model")?,
        serial: need("SerialNumber")?,
        mac: None,
        firmware: xml::text(root, "FirmwareVersion").map(str::to_owned),
    })
}

/// The search and replay services' addresses, as paths on the device.
pub async fn services(
    dev: &HttpDevice,
    device_now: DateTime<Utc>,
) -> Result<Services, DeviceError> {
    let body = soap(
        dev,
        DEVICE_PATH,
        &format!("<GetServices xmlns=\"{NS_DEVICE}\"><IncludeCapability>false</IncludeCapability></GetServices>"),
        Some(device_now),
    )
    .await?;
    let doc = xml::parse(&body)?;
    let find = |ns: &str, what: &str| {
        xml::all(doc.root(), "Service")
            .find(|s| xml::text(*s, "Namespace") == Some(ns))
            .and_then(|s| xml::text(s, "XAddr"))
            .map(path_of)
            .ok_or_else(|| {
                DeviceError::Protocol(format!(
                    "the device offers no ONVIF {what} service (not Profile G)"
                ))
            })
    };
    Ok(Services {
        search: find(NS_SEARCH, "recording search")?,
        replay: find(NS_REPLAY, "replay")?,
    })
}

/// The path and query of an XAddr (Sakshya calls the address it was
/// given, not one a device names).
fn path_of(xaddr: &str) -> String {
    match xaddr.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or_else(|| "/".to_owned(), |i| rest[i..].to_owned()),
        None => xaddr.to_owned(),
    }
}

/// Every recording the device holds, ordered by token.
pub async fn recordings(
    dev: &HttpDevice,
    svc: &Services,
    device_now: DateTime<Utc>,
) -> Result<Vec<Recording>, DeviceError> {
    let find = format!(
        "<FindRecordings xmlns=\"{NS_SEARCH}\"><Scope/><MaxMatches>512</MaxMatches><KeepAliveTime>PT10S</KeepAliveTime></FindRecordings>"
    );
    let body = soap(dev, &svc.search, &find, Some(device_now)).await?;
    let doc = xml::parse(&body)?;
    let token = xml::text(doc.root(), "SearchToken")
        .ok_or_else(|| DeviceError::Protocol("FindRecordings gave no SearchToken".into()))?
        .to_owned();
    let mut out = Vec::new();
    for _ in 0..100 {
        let get = format!(
            "<GetRecordingSearchResults xmlns=\"{NS_SEARCH}\"><SearchToken>{}</SearchToken><MinResults>1</MinResults>\
<MaxResults>100</MaxResults><WaitTime>PT5S</WaitTime></GetRecordingSearchResults>",
            xml::escape(&token)
        );
        let body = soap(dev, &svc.search, &get, Some(device_now)).await?;
        let doc = xml::parse(&body)?;
        for info in xml::all(doc.root(), "RecordingInformation") {
            let Some(tok) = xml::text(info, "RecordingToken") else {
                continue;
            };
            let at = |n: &str| {
                xml::text(info, n)
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&Utc))
            };
            out.push(Recording {
                token: tok.to_owned(),
                source_name: xml::all(info, "Source")
                    .next()
                    .and_then(|s| xml::text(s, "Name"))
                    .map(str::to_owned),
                earliest: at("EarliestRecording"),
                latest: at("LatestRecording"),
            });
        }
        if xml::text(doc.root(), "SearchState") == Some("Completed") {
            out.sort_by(|a, b| a.token.cmp(&b.token));
            out.dedup_by(|a, b| a.token == b.token);
            return Ok(out);
        }
    }
    Err(DeviceError::Protocol(
        "GetRecordingSearchResults never completed".into(),
    ))
}

/// The recording of `channel`: `token` if given, else the channel's
/// position among the recordings.
pub fn recording_of<'a>(
    recordings: &'a [Recording],
    channel: i32,
    token: Option<&str>,
) -> Result<&'a Recording, DeviceError> {
    match token {
        Some(t) => recordings.iter().find(|r| r.token == t),
        None => usize::try_from(channel - 1)
            .ok()
            .and_then(|i| recordings.get(i)),
    }
    .ok_or(DeviceError::NoSuchChannel(channel))
}

/// What the recording holds of `[from, to)`: its first to its last
/// footage, clipped to the window.
pub fn spans_of(r: &Recording, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<RecordedSpan> {
    match (r.earliest, r.latest) {
        (Some(e), Some(l)) if e < to && l > from => vec![RecordedSpan {
            start: e.max(from),
            end: l.min(to),
            playback_uri: None,
        }],
        _ => Vec::new(),
    }
}

/// The RTSP address the device replays `recording` from.
pub async fn replay_uri(
    dev: &HttpDevice,
    svc: &Services,
    recording: &str,
    device_now: DateTime<Utc>,
) -> Result<String, DeviceError> {
    let body = format!(
        "<GetReplayUri xmlns=\"{NS_REPLAY}\"><StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>\
<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></StreamSetup>\
<RecordingToken>{}</RecordingToken></GetReplayUri>",
        xml::escape(recording)
    );
    let answer = soap(dev, &svc.replay, &body, Some(device_now)).await?;
    let doc = xml::parse(&answer)?;
    xml::text(doc.root(), "Uri")
        .map(str::to_owned)
        .ok_or_else(|| DeviceError::Protocol("GetReplayUri gave no Uri".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_digest_follows_the_username_token_profile() {
        // A worked example often quoted for ONVIF clients; the expected
        // digest was computed independently with Python's hashlib.
        let nonce = STANDARD.decode("LKqI6G/AikKCQrN0zqZFlg==").unwrap();
        assert_eq!(
            password_digest(&nonce, "2010-09-16T07:50:45Z", "userpassword"),
            "tuOSpGlFlIXsozq4HFNeeGeFLEI="
        );
    }

    #[test]
    fn faults_and_addresses() {
        let f = r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:NotAuthorized</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">Sender not Authorized</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"#;
        assert_eq!(fault(f), Some(DeviceError::AuthFailed));
        assert_eq!(
            path_of("http://10.0.0.5:8080/onvif/search_service"),
            "/onvif/search_service"
        );
        assert_eq!(path_of("http://10.0.0.5"), "/");
        let recs = vec![
            Recording {
                token: "A".into(),
                source_name: None,
                earliest: None,
                latest: None,
            },
            Recording {
                token: "B".into(),
                source_name: None,
                earliest: None,
                latest: None,
            },
        ];
        assert_eq!(recording_of(&recs, 2, None).unwrap().token, "B");
        assert_eq!(recording_of(&recs, 1, Some("B")).unwrap().token, "B");
        assert_eq!(
            recording_of(&recs, 3, None),
            Err(DeviceError::NoSuchChannel(3))
        );
    }
}
