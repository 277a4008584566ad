//! Dahua recorders (and CP Plus, which run Dahua's firmware) over their
//! HTTP API (HTTP Digest): `magicBox.cgi?action=getSystemInfo` and
//! `getSoftwareVersion`, `configManager.cgi` for the MAC address,
//! `global.cgi?action=getCurrentTime`, and `mediaFileFind.cgi` (create a
//! finder, `findFile`, `findNextFile` until empty, `close`, `destroy`) to
//! list recordings. Times are the device's local time,
//! `2026-12-01 10:00:00`; playback is RTSP at
//! `/cam/playback?channel=<n>&subtype=0&starttime=2026_12_01_10_00_00&endtime=…`.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use reqwest::{Method, StatusCode};

use super::device::{DeviceError, DeviceFacts, RecordedSpan};
use super::http::HttpDevice;

const PAGE: usize = 100;
const MAX_PAGES: usize = 250;

/// The RTSP playback path of `channel` over `[start, end)`, in the
/// device's local time.
pub fn playback_path(
    channel: i32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    zone: FixedOffset,
) -> String {
    let f = |t: DateTime<Utc>| {
        t.with_timezone(&zone)
            .format("%Y_%m_%d_%H_%M_%S")
            .to_string()
    };
    format!(
        "/cam/playback?channel={channel}&subtype=0&starttime={}&endtime={}",
        f(start),
        f(end)
    )
}

/// `key=value` lines, as the CGI API answers.
pub fn key_values(body: &str) -> HashMap<String, String> {
    body.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

async fn get(dev: &HttpDevice, path: &str) -> Result<String, DeviceError> {
    let a = dev.call(Method::GET, path, None).await?;
    match a.status {
        s if s.is_success() => Ok(a.body),
        StatusCode::NOT_FOUND => Err(DeviceError::Protocol(format!(
            "{}: not found (404); is it a Dahua or CP Plus recorder?",
            path.split('?').next().unwrap_or(path)
        ))),
        s => Err(DeviceError::Protocol(format!(
            "{}: HTTP {s} {}",
            path.split('?').next().unwrap_or(path),
            a.body.lines().take(2).collect::<Vec<_>>().join(" ")
        ))),
    }
}

pub async fn facts(dev: &HttpDevice) -> Result<DeviceFacts, DeviceError> {
    let info = key_values(&get(dev, "/cgi-bin/magicBox.cgi?action=getSystemInfo").await?);
    let serial = info
        .get("serialNumber")
        .cloned()
        .ok_or_else(|| DeviceError::Protocol("getSystemInfo has no serialNumber".into()))?;
    // Some recorders give a number or "IP Camera" as deviceType; their
    // model is then in updateSerial.
    let model = info
        .get("deviceType")
        .filter(|t| !t.chars().all(|c| c.is_ascii_digit()) && !t.eq_ignore_ascii_case("IP Camera"))
        .or_else(|| info.get("updateSerial"))
        .cloned()
        .ok_or_else(|| DeviceError::Protocol("getSystemInfo has no deviceType".into()))?;
    let firmware = get(dev, "/cgi-bin/magicBox.cgi?action=getSoftwareVersion")
        .await
        .ok()
        .and_then(|b| key_values(&b).get("version").cloned());
    let mac = get(
        dev,
        "/cgi-bin/configManager.cgi?action=getConfig&name=Network",
    )
    .await
    .ok()
    .and_then(|b| {
        key_values(&b)
            .into_iter()
            .filter(|(k, _)| k.ends_with(".PhysicalAddress"))
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, v)| v)
    });
    // CP Plus devices name themselves in the model ("CP-UVR-…").
    let make = if model.to_ascii_uppercase().starts_with("CP-") {
        "CP Plus"
    } else {
        "Dahua"
    };
    Ok(DeviceFacts {
        make: make.into(),
        model,
        serial,
        mac,
        firmware,
    })
}

/// The device's clock, read in `zone` (the device speaks local time).
pub async fn clock(dev: &HttpDevice, zone: FixedOffset) -> Result<DateTime<Utc>, DeviceError> {
    let body = get(dev, "/cgi-bin/global.cgi?action=getCurrentTime").await?;
    let kv = key_values(&body);
    let t = kv
        .get("result")
        .ok_or_else(|| DeviceError::Protocol("getCurrentTime has no result".into()))?;
    local(t, zone)
}

fn local(t: &str, zone: FixedOffset) -> Result<DateTime<Utc>, DeviceError> {
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
        .ok()
        .and_then(|n| n.and_local_timezone(zone).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| DeviceError::Protocol(format!("cannot read the time {t:?}")))
}

fn query_time(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d%%20%H:%M:%S")
        .to_string()
}

/// The recordings of `channel` overlapping `[from, to)`.
pub async fn search(
    dev: &HttpDevice,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: FixedOffset,
) -> Result<Vec<RecordedSpan>, DeviceError> {
    search_pages(dev, channel, from, to, zone, MAX_PAGES).await
}

/// The start of the oldest recording of `channel` before `now` (the
/// device finds oldest first, so one page tells).
pub async fn oldest(
    dev: &HttpDevice,
    channel: i32,
    now: DateTime<Utc>,
    zone: FixedOffset,
) -> Result<Option<DateTime<Utc>>, DeviceError> {
    let spans = search_pages(
        dev,
        channel,
        now - chrono::Duration::days(3 * 366),
        now,
        zone,
        1,
    )
    .await?;
    Ok(spans.iter().map(|s| s.start).min())
}

async fn search_pages(
    dev: &HttpDevice,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: FixedOffset,
    max_pages: usize,
) -> Result<Vec<RecordedSpan>, DeviceError> {
    let created = key_values(&get(dev, "/cgi-bin/mediaFileFind.cgi?action=factory.create").await?);
    let object = created
        .get("result")
        .filter(|o| o.chars().all(|c| c.is_ascii_digit()))
        .cloned()
        .ok_or_else(|| {
            DeviceError::Protocol("mediaFileFind: factory.create gave no finder".into())
        })?;
    let found = find(dev, &object, channel, from, to, zone, max_pages).await;
    // Always release the finder: devices hold only a few.
    let _ = get(
        dev,
        &format!("/cgi-bin/mediaFileFind.cgi?action=close&object={object}"),
    )
    .await;
    let _ = get(
        dev,
        &format!("/cgi-bin/mediaFileFind.cgi?action=destroy&object={object}"),
    )
    .await;
    found
}

async fn find(
    dev: &HttpDevice,
    object: &str,
    channel: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: FixedOffset,
    max_pages: usize,
) -> Result<Vec<RecordedSpan>, DeviceError> {
    let start = format!(
        "/cgi-bin/mediaFileFind.cgi?action=findFile&object={object}&condition.Channel={channel}\
&condition.StartTime={}&condition.EndTime={}&condition.Types[0]=dav",
        query_time(from, zone),
        query_time(to, zone)
    );
    let a = dev.call(Method::GET, &start, None).await?;
    if !a.status.is_success() {
        // A device answers an unknown channel with an error here.
        return Err(DeviceError::NoSuchChannel(channel));
    }
    let mut spans = Vec::new();
    for _ in 0..max_pages {
        let a = dev
            .call(
                Method::GET,
                &format!(
                    "/cgi-bin/mediaFileFind.cgi?action=findNextFile&object={object}&count={PAGE}"
                ),
                None,
            )
            .await?;
        // Some firmware ends the results with an error instead of found=0.
        if !a.status.is_success() || a.body.trim_start().starts_with("Error") {
            return Ok(spans);
        }
        let kv = key_values(&a.body);
        let n: usize = kv.get("found").and_then(|f| f.parse().ok()).unwrap_or(0);
        for i in 0..n {
            let field = |f: &str| {
                kv.get(&format!("items[{i}].{f}")).ok_or_else(|| {
                    DeviceError::Protocol(format!("findNextFile: item {i} has no {f}"))
                })
            };
            spans.push(RecordedSpan {
                start: local(field("StartTime")?, zone)?,
                end: local(field("EndTime")?, zone)?,
                playback_uri: None,
            });
        }
        if n < PAGE || max_pages < MAX_PAGES {
            return Ok(spans);
        }
    }
    Err(DeviceError::Protocol("findNextFile never ran out".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn local_times_and_answers() {
        let ist = FixedOffset::east_opt(19800).unwrap();
        let s = Utc.with_ymd_and_hms(2026, 12, 1, 4, 30, 0).unwrap();
        assert_eq!(
            playback_path(1, s, s + chrono::Duration::minutes(1), ist),
            "/cam/playback?channel=1&subtype=0&starttime=2026_12_01_10_00_00&endtime=2026_12_01_10_01_00"
        );
        assert_eq!(local("2026-12-01 10:00:00", ist).unwrap(), s);
        assert_eq!(query_time(s, ist), "2026-12-01%2010:00:00");
        assert_eq!(
            local("2026-7-3 9:02:32", ist).unwrap(),
            Utc.with_ymd_and_hms(2026, 7, 3, 3, 32, 32).unwrap()
        );
        let kv = key_values(
            "found=1\r\nitems[0].StartTime=2026-12-01 10:00:00\r\nitems[0].FilePath=/a=b\r\n",
        );
        assert_eq!(kv["items[0].FilePath"], "/a=b");
        assert_eq!(kv["found"], "1");
        assert_eq!(kv["items[0].StartTime"], "2026-12-01 10:00:00");
    }
}
