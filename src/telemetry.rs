//! Logging through `tracing`: human-readable or JSON lines, filtered by
//! `RUST_LOG` (default `info`). Fields are dotted with units in their names
//! (`request.id`, `duration_ms`). Secrets are never passed to a log macro.

use tracing_subscriber::{fmt, EnvFilter};

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to standard error; standard output is for commands' results.
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = if format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// The span of each HTTP request (tracing-actix-web's fields), with two
/// changes from its default: a path that carries a secret (a share link's
/// token) is logged as its route pattern, never as sent, and the client's
/// address is the one `client_addr` resolves (a trusted proxy's
/// `X-Forwarded-For`), not whatever a client claims.
pub struct RequestSpan;

/// What is logged as the request's target.
pub fn logged_target(route: Option<&str>, path_and_query: &str) -> String {
    match route {
        Some(r) if r.contains("{token}") => r.to_owned(),
        // A mistyped share link matches no route, and still carries a
        // secret; so does one sent with doubled slashes or percent-encoded.
        _ if names_a_share_link(path_and_query) => "/api/v1/share-links/{token}".to_owned(),
        _ => path_and_query.to_owned(),
    }
}

/// Whether the target, however it is spelled (slashes doubled, letters
/// percent-encoded once or more, any case), names a share link.
fn names_a_share_link(path_and_query: &str) -> bool {
    let mut text = path_and_query.to_ascii_lowercase();
    for _ in 0..4 {
        if text.contains("share-links") {
            return true;
        }
        let decoded = percent_decoded(&text).to_ascii_lowercase();
        if decoded == text {
            break;
        }
        text = decoded;
    }
    text.contains("share-links")
}

/// `%XX` sequences decoded once; anything else (and bytes that do not
/// form UTF-8) kept as it is.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(req: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        use tracing::field::Empty;
        let route = req.match_pattern();
        let target = logged_target(
            route.as_deref(),
            req.uri().path_and_query().map_or("", |p| p.as_str()),
        );
        let client =
            crate::client_addr::of(req.request()).map_or_else(String::new, |ip| ip.to_string());
        let user_agent = req
            .headers()
            .get("User-Agent")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let request_id = req
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map_or_else(String::new, |r| r.to_string());
        tracing::info_span!(
            "HTTP request",
            http.method = %req.method(),
            http.route = %route.as_deref().unwrap_or("default"),
            http.target = %target,
            http.client_ip = %client,
            http.user_agent = %user_agent,
            http.status_code = Empty,
            otel.status_code = Empty,
            request_id = %request_id,
            exception.message = Empty,
            exception.details = Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_link_secrets_are_never_logged() {
        assert_eq!(
            logged_target(
                Some("/api/v1/share-links/{token}/package"),
                "/api/v1/share-links/s3cr3t/package"
            ),
            "/api/v1/share-links/{token}/package"
        );
        assert_eq!(
            logged_target(Some("/api/v1/requests/{id}"), "/api/v1/requests/r1?x=1"),
            "/api/v1/requests/r1?x=1"
        );
        assert_eq!(logged_target(None, "/nowhere"), "/nowhere");
        assert_eq!(
            logged_target(None, "/api/v1/share-links/s3cr3t/zip"),
            "/api/v1/share-links/{token}"
        );
        for spelled in [
            "//api/v1/share-links/s3cr3t/package",
            "/api//v1/Share-Links/s3cr3t",
            "/api/v1/share%2Dlinks/s3cr3t/package",
            "/api/v1/%73hare-links/s3cr3t",
            "/api/v1/share%252dlinks/s3cr3t",
        ] {
            assert_eq!(
                logged_target(None, spelled),
                "/api/v1/share-links/{token}",
                "{spelled}"
            );
        }
        assert_eq!(logged_target(None, "/api/v1/shared/1"), "/api/v1/shared/1");
    }
}
