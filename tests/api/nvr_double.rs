//! TEST DOUBLE of a network video recorder's control plane: Hikvision
//! ISAPI, Dahua's (and CP Plus's) CGI API and ONVIF Profile G SOAP
//! services, each behind HTTP Digest (RFC 7616, MD5, qop=auth) as the
//! devices are, and ONVIF behind a WS-Security UsernameToken
//! (PasswordDigest) as well. A recorder's control API is outside the
//! machine, so this double stands in for it; it is written from the
//! vendors' public documentation (Hikvision's ISAPI guide: deviceInfo,
//! System/time, ContentMgmt/search with `searchResultPostion` paging and
//! `MORE`/`OK`/`NO MATCHES`; Dahua's HTTP API: magicBox getSystemInfo and
//! getSoftwareVersion, global getCurrentTime in local time,
//! mediaFileFind's factory.create / findFile / findNextFile / close /
//! destroy; ONVIF Core, Search and Replay: GetSystemDateAndTime without
//! authentication, GetDeviceInformation, GetServices, FindRecordings,
//! GetRecordingSearchResults, GetReplayUri, and `ter:NotAuthorized`
//! faults with HTTP 400), and answers shaped like theirs, faults included:
//! a wrong password (401 again, counted), a slow device, a clock that is
//! off, gaps between recordings.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use md5::{Digest, Md5};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Hikvision,
    Dahua,
    Onvif,
}

pub type Spans = Vec<(DateTime<Utc>, DateTime<Utc>)>;
/// A Dahua media finder: channel, window, results handed out so far.
type Finder = (i32, DateTime<Utc>, DateTime<Utc>, usize);

pub struct NvrState {
    pub kind: Kind,
    pub username: String,
    pub password: String,
    pub serial: String,
    /// Device clock minus true time.
    pub clock_offset: Mutex<chrono::Duration>,
    /// The device's time zone (Dahua speaks local time).
    pub zone: FixedOffset,
    /// Recordings per channel.
    pub channels: HashMap<i32, Spans>,
    /// The RTSP port GetReplayUri names (where the media side listens).
    pub rtsp_port: Mutex<u16>,
    /// Added to every answer (a slow device).
    pub delay: Mutex<Duration>,
    /// Requests refused for wrong credentials (not for missing ones).
    pub auth_failures: AtomicUsize,
    /// Every request, authenticated or not.
    pub requests: AtomicUsize,
    /// Every Authorization header and SOAP body seen, to check that no
    /// plain password is ever sent.
    pub seen: Mutex<Vec<String>>,
    finders: Mutex<HashMap<u32, Finder>>,
    next_finder: AtomicUsize,
}

pub struct Nvr {
    pub port: u16,
    pub state: Arc<NvrState>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Nvr {
    fn drop(&mut self) {
        let h = self.handle.clone();
        tokio::spawn(async move { h.stop(false).await });
    }
}

pub const USER: &str = "sakshya-ro";
pub const PASSWORD: &str = "Nvr-Read0nly-7731";

impl Nvr {
    pub async fn start(kind: Kind, channels: HashMap<i32, Spans>) -> Self {
        let state = Arc::new(NvrState {
            kind,
            username: USER.into(),
            password: PASSWORD.into(),
            serial: match kind {
                Kind::Hikvision => "DS-7616NXI-K20820240101CCRRJ12345678WCVU".into(),
                Kind::Dahua => "9F0A1B2PAZ3C4D5".into(),
                Kind::Onvif => "ACCC8EBECCEA".into(),
            },
            clock_offset: Mutex::new(chrono::Duration::zero()),
            zone: FixedOffset::east_opt(19800).unwrap(),
            channels,
            rtsp_port: Mutex::new(8554),
            delay: Mutex::new(Duration::ZERO),
            auth_failures: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
            finders: Mutex::new(HashMap::new()),
            next_finder: AtomicUsize::new(8137),
        });
        let s = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(s.clone()))
                .app_data(web::PayloadConfig::new(1 << 20))
                .default_service(web::to(handle))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            port,
            state,
            handle,
        }
    }
}

fn md5_hex(s: &str) -> String {
    hex::encode(Md5::digest(s.as_bytes()))
}

const REALM: &str = "Login to 9F0A1B2PAZ3C4D5";
const NONCE: &str = "dcd98b7102dd2f0e8b11d0f600bfb0c093";

/// Parses `Digest k="v", k=v, …`.
fn digest_params(h: &str) -> Option<HashMap<String, String>> {
    let rest = h.strip_prefix("Digest ")?;
    let mut out = HashMap::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            break;
        }
        let value: String = if chars.peek() == Some(&'"') {
            chars.next();
            chars.by_ref().take_while(|c| *c != '"').collect()
        } else {
            chars.by_ref().take_while(|c| *c != ',').collect()
        };
        out.insert(key.trim().to_owned(), value.trim().to_owned());
    }
    Some(out)
}

enum Auth {
    Missing,
    Wrong,
    Ok,
}

fn check_digest(st: &NvrState, req: &HttpRequest) -> Auth {
    let Some(h) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return Auth::Missing;
    };
    st.seen.lock().unwrap().push(h.to_owned());
    let Some(p) = digest_params(h) else {
        return Auth::Wrong;
    };
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let ha1 = md5_hex(&format!("{}:{REALM}:{}", st.username, st.password));
    let ha2 = md5_hex(&format!("{}:{}", req.method().as_str(), get("uri")));
    let expected = md5_hex(&format!(
        "{ha1}:{}:{}:{}:{}:{ha2}",
        get("nonce"),
        get("nc"),
        get("cnonce"),
        get("qop")
    ));
    let uri_ok = get("uri") == req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("");
    if get("username") == st.username
        && get("nonce") == NONCE
        && get("response") == expected
        && uri_ok
    {
        Auth::Ok
    } else {
        Auth::Wrong
    }
}

fn challenge() -> HttpResponse {
    HttpResponse::Unauthorized()
        .insert_header((
            "WWW-Authenticate",
            format!(r#"Digest realm="{REALM}", qop="auth", nonce="{NONCE}", opaque="5ccc069c403ebaf9f0171e9517f40e41""#),
        ))
        .body("")
}

async fn handle(st: web::Data<Arc<NvrState>>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    st.requests.fetch_add(1, Ordering::SeqCst);
    let delay = *st.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    match st.kind {
        Kind::Onvif => onvif(&st, &req, &body),
        Kind::Hikvision | Kind::Dahua => match check_digest(&st, &req) {
            Auth::Missing => challenge(),
            Auth::Wrong => {
                st.auth_failures.fetch_add(1, Ordering::SeqCst);
                challenge()
            }
            Auth::Ok if st.kind == Kind::Hikvision => hikvision(&st, &req, &body),
            Auth::Ok => dahua(&st, &req),
        },
    }
}

fn xml(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=\"UTF-8\"")
        .body(body)
}

fn overlapping(spans: &Spans, from: DateTime<Utc>, to: DateTime<Utc>) -> Spans {
    spans
        .iter()
        .filter(|(a, b)| *b > from && *a < to)
        .copied()
        .collect()
}

fn hikvision(st: &NvrState, req: &HttpRequest, body: &str) -> HttpResponse {
    let now = Utc::now() + *st.clock_offset.lock().unwrap();
    match req.path() {
        "/ISAPI/System/deviceInfo" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<DeviceInfo version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<deviceName>Network Video Recorder</deviceName>
<deviceID>48353933-3735-3630-3433-bcad28889498</deviceID>
<model>DS-7616NXI-K2</model>
<serialNumber>{}</serialNumber>
<macAddress>bc:ad:28:88:94:98</macAddress>
<firmwareVersion>V4.62.210</firmwareVersion>
<firmwareReleasedDate>build 230315</firmwareReleasedDate>
<deviceType>NVR</deviceType>
</DeviceInfo>"#,
            st.serial
        )),
        "/ISAPI/System/time" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Time version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<timeMode>NTP</timeMode>
<localTime>{}</localTime>
<timeZone>CST-5:30:00</timeZone>
</Time>"#,
            now.with_timezone(&st.zone).format("%Y-%m-%dT%H:%M:%S%:z")
        )),
        "/ISAPI/ContentMgmt/search" if req.method() == actix_web::http::Method::POST => {
            let doc = roxmltree::Document::parse(body).unwrap();
            let text = |n: &str| {
                doc.descendants()
                    .find(|e| e.tag_name().name() == n)
                    .and_then(|e| e.text())
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            let track: i32 = text("trackID").parse().unwrap_or(0);
            let Some(spans) = st.channels.get(&(track / 100)).filter(|_| track % 100 == 1) else {
                return HttpResponse::BadRequest().content_type("application/xml").body(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><requestURL>/ISAPI/ContentMgmt/search</requestURL><statusCode>4</statusCode><statusString>Invalid Operation</statusString><subStatusCode>invalidOperation</subStatusCode></ResponseStatus>"#,
                );
            };
            let parse = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
            let found = overlapping(spans, parse(&text("startTime")), parse(&text("endTime")));
            let pos: usize = text("searchResultPostion").parse().unwrap_or(0);
            let max: usize = text("maxResults").parse::<usize>().unwrap_or(40).min(40);
            let page: Vec<_> = found.iter().skip(pos).take(max).collect();
            let status = if found.is_empty() {
                "NO MATCHES"
            } else if pos + page.len() < found.len() {
                "MORE"
            } else {
                "OK"
            };
            let items: String = page
                .iter()
                .map(|(a, b)| {
                    format!(
                        "<searchMatchItem><sourceID>{{00000000-0000-0000-0000-000000000000}}</sourceID><trackID>{track}</trackID>\
<timeSpan><startTime>{}</startTime><endTime>{}</endTime></timeSpan><mediaSegmentDescriptor><contentType>video</contentType>\
<codecType>H.264-BP</codecType><playbackURI>rtsp://127.0.0.1/Streaming/tracks/{track}/?starttime={}&amp;endtime={}&amp;name=00000004667000100&amp;size=1400788</playbackURI>\
<lockStatus>unlock</lockStatus></mediaSegmentDescriptor><metadataMatches><metadataDescriptor>recordType.meta.hikvision.com/timing</metadataDescriptor></metadataMatches></searchMatchItem>",
                        a.format("%Y-%m-%dT%H:%M:%SZ"),
                        b.format("%Y-%m-%dT%H:%M:%SZ"),
                        a.format("%Y%m%dT%H%M%SZ"),
                        b.format("%Y%m%dT%H%M%SZ"),
                    )
                })
                .collect();
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8" ?>
<CMSearchResult version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><searchID>{{{}}}</searchID><responseStatus>true</responseStatus><responseStatusStrg>{status}</responseStatusStrg><numOfMatches>{}</numOfMatches><matchList>{items}</matchList></CMSearchResult>"#,
                text("searchID").to_lowercase(),
                page.len()
            ))
        }
        _ => HttpResponse::NotFound().body(""),
    }
}

fn text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain;charset=utf-8")
        .body(body)
}

fn bad_request() -> HttpResponse {
    HttpResponse::BadRequest()
        .content_type("text/plain;charset=utf-8")
        .body("Error\r\nBad Request!\r\n")
}

fn dahua(st: &NvrState, req: &HttpRequest) -> HttpResponse {
    let q: HashMap<String, String> = url_query(req.query_string());
    let action = q.get("action").map(String::as_str).unwrap_or("");
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&st.zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let from_local = |s: &str| {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .ok()
            .and_then(|n| n.and_local_timezone(st.zone).single())
            .map(|t| t.with_timezone(&Utc))
    };
    match (req.path(), action) {
        ("/cgi-bin/magicBox.cgi", "getSystemInfo") => text(format!(
            "appAutoStart=true\r\ndeviceType=DHI-NVR4216-16P-4KS2\r\nhardwareVersion=1.00\r\nprocessor=ST7108\r\nserialNumber={}\r\nupdateSerial=NVR4216-16P-4KS2\r\n",
            st.serial
        )),
        ("/cgi-bin/magicBox.cgi", "getSoftwareVersion") => text("version=4.001.0000000.1.R,build:2023-03-20\r\n".into()),
        ("/cgi-bin/configManager.cgi", "getConfig") => {
            text("table.Network.DefaultInterface=eth0\r\ntable.Network.eth0.IPAddress=127.0.0.1\r\ntable.Network.eth0.PhysicalAddress=3c:ef:8c:12:34:56\r\n".into())
        }
        ("/cgi-bin/global.cgi", "getCurrentTime") => {
            text(format!("result={}\r\n", local(Utc::now() + *st.clock_offset.lock().unwrap())))
        }
        ("/cgi-bin/mediaFileFind.cgi", "factory.create") => {
            let id = st.next_finder.fetch_add(1, Ordering::SeqCst) as u32;
            st.finders.lock().unwrap().insert(id, (0, Utc::now(), Utc::now(), usize::MAX));
            text(format!("result={id:05}\r\n"))
        }
        ("/cgi-bin/mediaFileFind.cgi", "findFile") => {
            let id: u32 = q.get("object").and_then(|o| o.parse().ok()).unwrap_or(0);
            let ch: i32 = q.get("condition.Channel").and_then(|c| c.parse().ok()).unwrap_or(0);
            let (Some(from), Some(to)) = (
                q.get("condition.StartTime").and_then(|s| from_local(s)),
                q.get("condition.EndTime").and_then(|s| from_local(s)),
            ) else {
                return bad_request();
            };
            if !st.channels.contains_key(&ch) {
                return bad_request();
            }
            match st.finders.lock().unwrap().get_mut(&id) {
                Some(f) => *f = (ch, from, to, 0),
                None => return bad_request(),
            }
            text("OK\r\n".into())
        }
        ("/cgi-bin/mediaFileFind.cgi", "findNextFile") => {
            let id: u32 = q.get("object").and_then(|o| o.parse().ok()).unwrap_or(0);
            let count: usize = q.get("count").and_then(|c| c.parse().ok()).unwrap_or(100).min(100);
            let mut finders = st.finders.lock().unwrap();
            let Some((ch, from, to, pos)) = finders.get_mut(&id) else {
                return bad_request();
            };
            if *pos == usize::MAX {
                return bad_request();
            }
            let found = overlapping(&st.channels[ch], *from, *to);
            let page: Vec<_> = found.iter().skip(*pos).take(count).collect();
            *pos += page.len();
            let mut out = format!("found={}\r\n", page.len());
            for (i, (a, b)) in page.iter().enumerate() {
                out.push_str(&format!(
                    "items[{i}].Channel={}\r\nitems[{i}].Duration={}\r\nitems[{i}].EndTime={}\r\nitems[{i}].FilePath=/mnt/dvr/{}/{}/dav/{}.dav\r\nitems[{i}].Length=248362892\r\nitems[{i}].StartTime={}\r\nitems[{i}].Type=dav\r\n",
                    *ch - 1,
                    (*b - *a).num_seconds(),
                    local(*b),
                    a.format("%Y-%m-%d"),
                    ch,
                    a.format("%H.%M.%S"),
                    local(*a),
                ));
            }
            text(out)
        }
        ("/cgi-bin/mediaFileFind.cgi", "close" | "destroy") => {
            let id: u32 = q.get("object").and_then(|o| o.parse().ok()).unwrap_or(0);
            if action == "destroy" {
                st.finders.lock().unwrap().remove(&id);
            }
            text("OK\r\n".into())
        }
        _ => bad_request(),
    }
}

fn url_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.replace("%20", " ")))
        .collect()
}

fn soap(body: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/soap+xml; charset=utf-8")
        .body(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tse="http://www.onvif.org/ver10/search/wsdl" xmlns:trp="http://www.onvif.org/ver10/replay/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        ))
}

fn soap_fault(status: actix_web::http::StatusCode, sub: &str, reason: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/soap+xml; charset=utf-8")
        .body(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>{sub}</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">{reason}</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#
        ))
}

/// Checks the UsernameToken: digest of nonce, created and password, and
/// `created` within five minutes of the device's clock.
fn username_token(st: &NvrState, doc: &roxmltree::Document) -> Auth {
    let text = |n: &str| {
        doc.descendants()
            .find(|e| e.tag_name().name() == n)
            .and_then(|e| e.text())
            .map(str::to_owned)
    };
    let (Some(user), Some(digest), Some(nonce), Some(created)) = (
        text("Username"),
        text("Password"),
        text("Nonce"),
        text("Created"),
    ) else {
        return Auth::Missing;
    };
    let Ok(raw) = STANDARD.decode(nonce.trim()) else {
        return Auth::Wrong;
    };
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    ctx.update(&raw);
    ctx.update(created.as_bytes());
    ctx.update(st.password.as_bytes());
    let expected = STANDARD.encode(ctx.finish().as_ref());
    let device_now = Utc::now() + *st.clock_offset.lock().unwrap();
    let fresh = DateTime::parse_from_rfc3339(created.trim())
        .map(|c| (c.with_timezone(&Utc) - device_now).num_seconds().abs() < 300)
        .unwrap_or(false);
    if user == st.username && digest.trim() == expected && fresh {
        Auth::Ok
    } else {
        Auth::Wrong
    }
}

fn onvif(st: &NvrState, req: &HttpRequest, body: &str) -> HttpResponse {
    st.seen.lock().unwrap().push(body.to_owned());
    let Ok(doc) = roxmltree::Document::parse(body) else {
        return soap_fault(
            actix_web::http::StatusCode::BAD_REQUEST,
            "ter:WellFormed",
            "Bad XML",
        );
    };
    let op = doc
        .descendants()
        .find(|e| e.tag_name().name() == "Body")
        .and_then(|b| b.children().find(|c| c.is_element()))
        .map(|e| e.tag_name().name().to_owned())
        .unwrap_or_default();
    let device_now = Utc::now() + *st.clock_offset.lock().unwrap();
    if op != "GetSystemDateAndTime" {
        match username_token(st, &doc) {
            Auth::Ok => {}
            Auth::Missing => {
                return soap_fault(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    "ter:NotAuthorized",
                    "Sender not Authorized",
                )
            }
            Auth::Wrong => {
                st.auth_failures.fetch_add(1, Ordering::SeqCst);
                return soap_fault(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    "ter:NotAuthorized",
                    "The action requested requires authorization and the sender is not authorized",
                );
            }
        }
    }
    let token = |ch: &i32| format!("RecordingToken_{ch:03}");
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let base = format!("http://{}", req.connection_info().host());
    match (req.path(), op.as_str()) {
        ("/onvif/device_service", "GetSystemDateAndTime") => {
            use chrono::{Datelike, Timelike};
            let t = device_now;
            soap(&format!(
                "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>\
<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>IST-5:30</tt:TZ></tt:TimeZone><tt:UTCDateTime>\
<tt:Time><tt:Hour>{}</tt:Hour><tt:Minute>{}</tt:Minute><tt:Second>{}</tt:Second></tt:Time>\
<tt:Date><tt:Year>{}</tt:Year><tt:Month>{}</tt:Month><tt:Day>{}</tt:Day></tt:Date></tt:UTCDateTime>\
</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>",
                t.hour(),
                t.minute(),
                t.second(),
                t.year(),
                t.month(),
                t.day()
            ))
        }
        ("/onvif/device_service", "GetDeviceInformation") => soap(&format!(
            "<tds:GetDeviceInformationResponse><tds:Manufacturer>AXIS</tds:Manufacturer><tds:Model>S3008</tds:Model>\
<tds:FirmwareVersion>11.8.64</tds:FirmwareVersion><tds:SerialNumber>{}</tds:SerialNumber><tds:HardwareId>9A1</tds:HardwareId>\
</tds:GetDeviceInformationResponse>",
            st.serial
        )),
        ("/onvif/device_service", "GetServices") => soap(&format!(
            "<tds:GetServicesResponse>\
<tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>{base}/onvif/device_service</tds:XAddr><tds:Version><tt:Major>23</tt:Major><tt:Minor>6</tt:Minor></tds:Version></tds:Service>\
<tds:Service><tds:Namespace>http://www.onvif.org/ver10/search/wsdl</tds:Namespace><tds:XAddr>http://192.168.1.90/onvif/search_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>42</tt:Minor></tds:Version></tds:Service>\
<tds:Service><tds:Namespace>http://www.onvif.org/ver10/replay/wsdl</tds:Namespace><tds:XAddr>http://192.168.1.90/onvif/replay_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>21</tt:Minor></tds:Version></tds:Service>\
</tds:GetServicesResponse>"
        )),
        ("/onvif/search_service", "FindRecordings") => {
            soap("<tse:FindRecordingsResponse><tse:SearchToken>SearchToken_1</tse:SearchToken></tse:FindRecordingsResponse>")
        }
        ("/onvif/search_service", "GetRecordingSearchResults") => {
            let mut chans: Vec<_> = st.channels.iter().collect();
            chans.sort_by_key(|(c, _)| **c);
            let infos: String = chans
                .iter()
                .map(|(ch, spans)| {
                    let first = spans.iter().map(|s| s.0).min().unwrap_or(device_now);
                    let last = spans.iter().map(|s| s.1).max().unwrap_or(device_now);
                    format!(
                        "<tt:RecordingInformation><tt:RecordingToken>{}</tt:RecordingToken><tt:Source><tt:SourceId>VideoSource_{ch}</tt:SourceId>\
<tt:Name>Channel {ch}</tt:Name><tt:Location/><tt:Description/><tt:Address/></tt:Source><tt:EarliestRecording>{}</tt:EarliestRecording>\
<tt:LatestRecording>{}</tt:LatestRecording><tt:Content/><tt:Track><tt:TrackToken>VIDEO001</tt:TrackToken><tt:TrackType>Video</tt:TrackType>\
<tt:Description/><tt:DataFrom>{}</tt:DataFrom><tt:DataTo>{}</tt:DataTo></tt:Track><tt:RecordingStatus>Recording</tt:RecordingStatus></tt:RecordingInformation>",
                        token(ch),
                        iso(first),
                        iso(last),
                        iso(first),
                        iso(last)
                    )
                })
                .collect();
            soap(&format!(
                "<tse:GetRecordingSearchResultsResponse><tse:ResultList><tt:SearchState>Completed</tt:SearchState>{infos}</tse:ResultList></tse:GetRecordingSearchResultsResponse>"
            ))
        }
        ("/onvif/replay_service", "GetReplayUri") => {
            let rec = doc
                .descendants()
                .find(|e| e.tag_name().name() == "RecordingToken")
                .and_then(|e| e.text())
                .unwrap_or("");
            if !st.channels.keys().any(|c| token(c) == rec) {
                return soap_fault(actix_web::http::StatusCode::BAD_REQUEST, "ter:InvalidArgVal", "Recording not found");
            }
            soap(&format!(
                "<trp:GetReplayUriResponse><trp:Uri>rtsp://{}:{}@192.168.1.90:{}/onvif-media/record/play.amp?onvifreplayid={rec}&amp;onvifreplayext=1</trp:Uri></trp:GetReplayUriResponse>",
                st.username,
                st.password,
                st.rtsp_port.lock().unwrap()
            ))
        }
        _ => soap_fault(actix_web::http::StatusCode::BAD_REQUEST, "ter:ActionNotSupported", "Unknown action"),
    }
}
