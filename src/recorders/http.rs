//! HTTP calls to a recorder's control interface, with HTTP Digest
//! authentication (RFC 7616, the `http-auth` crate, built without Basic so
//! a password never crosses the network in the clear) as Hikvision ISAPI,
//! Dahua's CGI API and many ONVIF devices require. Every call has its own
//! time limit; a refused password is reported once, never retried (a
//! recorder locks its account after a few failures).

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use super::device::DeviceError;

/// Where and as whom to call a recorder.
#[derive(Clone)]
pub struct HttpDevice {
    /// `http://host:port` or `https://host:port`, no path.
    pub base: String,
    pub username: String,
    pub password: SecretString,
    pub timeout: Duration,
    client: reqwest::Client,
}

impl std::fmt::Debug for HttpDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpDevice")
            .field("base", &self.base)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// An answer: its status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: String,
}

impl HttpDevice {
    pub fn new(
        base: String,
        username: String,
        password: SecretString,
        timeout: Duration,
    ) -> Result<Self, DeviceError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| DeviceError::Protocol(format!("HTTP client: {e}")))?;
        Ok(Self {
            base,
            username,
            password,
            timeout,
            client,
        })
    }

    /// Calls `path` (with its query) and answers with the status and body.
    /// Authenticates with Digest when the recorder asks for it.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, String)>,
    ) -> Result<Answer, DeviceError> {
        let first = self.send(method.clone(), path, body.clone(), None).await?;
        if first.status() != StatusCode::UNAUTHORIZED {
            return read(first).await;
        }
        let challenges: Vec<String> = first
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        let header = digest_header(
            &challenges.join(", "),
            &self.username,
            &self.password,
            method.as_str(),
            path,
            body.as_ref().map(|b| b.1.as_bytes()),
        )?;
        let second = self.send(method, path, body, Some(header)).await?;
        if second.status() == StatusCode::UNAUTHORIZED {
            return Err(DeviceError::AuthFailed);
        }
        read(second).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, String)>,
        auth: Option<HeaderValue>,
    ) -> Result<reqwest::Response, DeviceError> {
        let url = format!("{}{}", self.base, path);
        let mut req = self.client.request(method, &url);
        if let Some((content_type, text)) = body {
            req = req.header(CONTENT_TYPE, content_type).body(text);
        }
        if let Some(a) = auth {
            req = req.header(AUTHORIZATION, a);
        }
        req.send().await.map_err(|e| self.transport(&e))
    }

    fn transport(&self, e: &reqwest::Error) -> DeviceError {
        if e.is_timeout() {
            DeviceError::Timeout(self.timeout.as_secs().max(1))
        } else {
            DeviceError::Unreachable(self.base.clone())
        }
    }
}

async fn read(resp: reqwest::Response) -> Result<Answer, DeviceError> {
    let status = resp.status();
    // A control answer is small; a device sending more is not one.
    const MAX: usize = 4 << 20;
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| DeviceError::Protocol(format!("reading the answer: {e}")))?;
    if bytes.len() > MAX {
        return Err(DeviceError::Protocol(
            "the answer is larger than 4 MiB".into(),
        ));
    }
    Ok(Answer {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// The `Authorization` header answering the Digest challenge among
/// `challenges` for `method` on `uri` (also used for RTSP, whose Digest
/// is the same).
pub fn digest_header(
    challenges: &str,
    username: &str,
    password: &SecretString,
    method: &str,
    uri: &str,
    body: Option<&[u8]>,
) -> Result<HeaderValue, DeviceError> {
    let mut client = http_auth::PasswordClient::try_from(challenges).map_err(|_| {
        DeviceError::Protocol(
            "the recorder asks for a password without HTTP Digest; enable Digest authentication on it".into(),
        )
    })?;
    let answer = client
        .respond(&http_auth::PasswordParams {
            username,
            password: password.expose_secret(),
            uri,
            method,
            body,
        })
        .map_err(|e| DeviceError::Protocol(format!("answering the Digest challenge: {e}")))?;
    HeaderValue::from_str(&answer)
        .map_err(|_| DeviceError::Protocol("the Digest answer is not a valid header".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_answered_and_basic_refused() {
        let pw = SecretString::from("Circle Of Life".to_owned());
        let h = digest_header(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
            "Mufasa",
            &pw,
            "GET",
            "/dir/index.html",
            None,
        )
        .unwrap();
        let h = h.to_str().unwrap();
        assert!(h.starts_with("Digest "), "{h}");
        assert!(h.contains(r#"username="Mufasa""#));
        assert!(!h.contains("Circle"));
        assert!(matches!(
            digest_header(r#"Basic realm="x""#, "u", &pw, "GET", "/", None),
            Err(DeviceError::Protocol(_))
        ));
    }
}
