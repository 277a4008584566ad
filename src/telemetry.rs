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
        // A mistyped share link matches no route, and still carries a secret.
        _ if path_and_query.starts_with("/api/v1/share-links/") => {
            "/api/v1/share-links/{token}".to_owned()
        }
        _ => path_and_query.to_owned(),
    }
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
    }
}
