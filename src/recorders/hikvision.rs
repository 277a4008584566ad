//! Hikvision recorders over ISAPI (HTTP Digest): `/ISAPI/System/deviceInfo`,
//! `/ISAPI/System/time` and `/ISAPI/ContentMgmt/search`, whose track of a
//! channel's main stream is `<channel>01`; playback is RTSP at
//! `/Streaming/tracks/<channel>01?starttime=…&endtime=…` (UTC,
//! `20261201T000000Z`).

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use reqwest::{Method, StatusCode};

use super::device::{DeviceError, DeviceFacts, RecordedSpan};
use super::http::{Answer, HttpDevice};
use super::xml;

/// Results asked for per search page (devices cap it, often at 40-50).
const PAGE: usize = 40;
/// Pages read before giving up on a device that never says it is done.
const MAX_PAGES: usize = 250;

pub fn track(channel: i32) -> i32 {
    channel * 100 + 1
}

/// The RTSP playback path of `channel` over `[start, end)`.
pub fn playback_path(channel: i32, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!(
        "/Streaming/tracks/{}?starttime={}&endtime={}",
        track(channel),
        start.format("%Y%m%dT%H%M%SZ"),
        end.format("%Y%m%dT%H%M%SZ")
    )
}

fn ok(a: Answer, what: &str) -> Result<String, DeviceError> {
    match a.status {
        s if s.is_success() => Ok(a.body),
        StatusCode::NOT_FOUND => Err(DeviceError::Protocol(format!(
            "{what}: this device has no ISAPI (404); is it a Hikvision recorder?"
        ))),
        StatusCode::FORBIDDEN => Err(DeviceError::Protocol(format!(
            "{what}: the account may not do this (403); give the read-only account playback rights"
        ))),
        s => Err(DeviceError::Protocol(format!(
            "{what}: HTTP {s}{}",
            isapi_status(&a.body)
        ))),
    }
}

/// `: <statusString>/<subStatusCode>` from an ISAPI ResponseStatus body.
fn isapi_status(body: &str) -> String {
    let Ok(doc) = xml::parse(body) else {
        return String::new();
    };
    let root = doc.root();
    match (
        xml::text(root, "statusString"),
        xml::text(root, "subStatusCode"),
    ) {
        (Some(s), Some(sub)) => format!(": {s} ({sub})"),
        (Some(s), None) => format!(": {s}"),
        _ => String::new(),
    }
}

pub async fn facts(dev: &HttpDevice) -> Result<DeviceFacts, DeviceError> {
    let body = ok(
        dev.call(Method::GET, "/ISAPI/System/deviceInfo", None)
            .await?,
        "deviceInfo",
    )?;
    let doc = xml::parse(&body)?;
    let root = doc.root();
    let need = |n: &str| {
        xml::text(root, n)
            .map(str::to_owned)
            .ok_or_else(|| DeviceError::Protocol(format!("deviceInfo has no {n}")))
    };
    Ok(DeviceFacts {
        make: "Hikvision".into(),
        model: need("model")?,
        serial: need("serialNumber")?,
        mac: xml::text(root, "macAddress").map(str::to_owned),
        firmware: xml::text(root, "firmwareVersion").map(|v| {
            match xml::text(root, "firmwareReleasedDate") {
                Some(d) => format!("{v} {d}"),
                None => v.to_owned(),
            }
        }),
    })
}

/// The device's clock, and its UTC offset.
pub async fn clock(dev: &HttpDevice) -> Result<(DateTime<Utc>, FixedOffset), DeviceError> {
    let body = ok(
        dev.call(Method::GET, "/ISAPI/System/time", None).await?,
        "time",
    )?;
    let doc = xml::parse(&body)?;
    let root = doc.root();
    let local = xml::text(root, "localTime")
        .ok_or_else(|| DeviceError::Protocol("time has no localTime".into()))?;
    if let Ok(t) = DateTime::parse_from_rfc3339(local) {
        return Ok((t.with_timezone(&Utc), *t.offset()));
    }
    // Older firmware: local time without an offset, and a POSIX zone.
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| DeviceError::Protocol(format!("time: cannot read localTime {local:?}")))?;
    let offset = xml::text(root, "timeZone")
        .and_then(posix_offset)
        .ok_or_else(|| {
            DeviceError::Protocol("time: no UTC offset in localTime or timeZone".into())
        })?;
    let t = naive
        .and_local_timezone(offset)
        .single()
        .ok_or_else(|| DeviceError::Protocol("time: ambiguous local time".into()))?;
    Ok((t.with_timezone(&Utc), offset))
}

/// The UTC offset of a POSIX zone such as `CST-5:30:00` (east of UTC is
/// negative in POSIX).
pub fn posix_offset(tz: &str) -> Option<FixedOffset> {
    let start = tz.find(|c: char| c == '+' || c == '-' || c.is_ascii_digit())?;
    let rest = &tz[start..];
    let (sign, digits) = match rest.as_bytes().first()? {
        b'-' => (1, &rest[1..]),
        b'+' => (-1, &rest[1..]),
        _ => (-1, rest),
    };
    let mut parts = digits
        .split(|c: char| !c.is_ascii_digit() && c != ':')
        .next()?
        .split(':');
    let h: i32 = parts.next()?.parse().ok()?;
    let m: i32 = parts.next().map_or(Ok(0), str::parse).ok()?;
    let s: i32 = parts.next().map_or(Ok(0), str::parse).ok()?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + s))
}

fn search_body(
    search_id: &str,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    position: usize,
) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<CMSearchDescription version=\"2.0\" xmlns=\"http://www.hikvision.com/ver20/XMLSchema\">\
<searchID>{search_id}</searchID>\
<trackList><trackID>{track}</trackID></trackList>\
<timeSpanList><timeSpan><startTime>{from}</startTime><endTime>{to}</endTime></timeSpan></timeSpanList>\
<maxResults>{PAGE}</maxResults><searchResultPostion>{position}</searchResultPostion>\
<metadataList><metadataDescriptor>//recordType.meta.std-cgi.com</metadataDescriptor></metadataList>\
</CMSearchDescription>",
        track = track(channel),
        from = from.format("%Y-%m-%dT%H:%M:%SZ"),
        to = to.format("%Y-%m-%dT%H:%M:%SZ"),
    )
}

/// The recordings of `channel` overlapping `[from, to)`.
pub async fn search(
    dev: &HttpDevice,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<RecordedSpan>, DeviceError> {
    search_pages(dev, channel, from, to, MAX_PAGES).await
}

/// The start of the oldest recording of `channel` before `now` (the
/// device lists oldest first, so one page tells).
pub async fn oldest(
    dev: &HttpDevice,
    channel: i32,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DeviceError> {
    let spans = search_pages(dev, channel, now - chrono::Duration::days(3 * 366), now, 1).await?;
    Ok(spans.iter().map(|s| s.start).min())
}

async fn search_pages(
    dev: &HttpDevice,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    max_pages: usize,
) -> Result<Vec<RecordedSpan>, DeviceError> {
    let search_id = uuid::Uuid::new_v4().to_string().to_uppercase();
    let mut spans = Vec::new();
    let mut position = 0;
    for _ in 0..max_pages {
        let body = search_body(&search_id, channel, from, to, position);
        let answer = dev
            .call(
                Method::POST,
                "/ISAPI/ContentMgmt/search",
                Some(("application/xml", body)),
            )
            .await?;
        if answer.status == StatusCode::BAD_REQUEST
            && isapi_status(&answer.body).contains("Invalid")
        {
            return Err(DeviceError::NoSuchChannel(channel));
        }
        let text = ok(answer, "search")?;
        let doc = xml::parse(&text)?;
        let root = doc.root();
        let state = xml::text(root, "responseStatusStrg")
            .unwrap_or("OK")
            .to_ascii_uppercase();
        let mut page = 0;
        for item in xml::all(root, "searchMatchItem") {
            page += 1;
            let time = |n: &str| {
                xml::text(item, n)
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| {
                        DeviceError::Protocol(format!("search: a match has no readable {n}"))
                    })
            };
            spans.push(RecordedSpan {
                start: time("startTime")?,
                end: time("endTime")?,
                playback_uri: xml::text(item, "playbackURI")
                    .map(crate::domain::recorder::without_credentials),
            });
        }
        position += page;
        if state != "MORE" || page == 0 || max_pages < MAX_PAGES {
            return Ok(spans);
        }
    }
    Err(DeviceError::Protocol(
        "search: the device kept answering MORE".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn tracks_paths_and_zones() {
        assert_eq!(track(1), 101);
        assert_eq!(track(12), 1201);
        let s = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        assert_eq!(
            playback_path(2, s, s + chrono::Duration::minutes(5)),
            "/Streaming/tracks/201?starttime=20261201T100000Z&endtime=20261201T100500Z"
        );
        assert_eq!(posix_offset("CST-5:30:00"), FixedOffset::east_opt(19800));
        assert_eq!(
            posix_offset("CST+8:00:00"),
            FixedOffset::east_opt(-8 * 3600)
        );
        assert_eq!(posix_offset("UTC0"), FixedOffset::east_opt(0));
        assert!(search_body("ID", 1, s, s, 0).contains("<trackID>101</trackID>"));
    }
}
