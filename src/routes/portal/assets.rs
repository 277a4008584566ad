use actix_web::{get, web, HttpResponse};

use crate::error::ApiError;

/// Only what this origin serves; no inline script, no framing.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// (path under /static, content type, bytes)
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "verify.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../static/verify.js"),
    ),
    (
        "verify.css",
        "text/css; charset=utf-8",
        include_str!("../../../static/verify.css"),
    ),
];

fn page(html: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Security-Policy", CSP))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(html)
}

/// The public verification page: hashes a clip in the browser.
#[get("/verify")]
pub async fn verify_page() -> HttpResponse {
    page(include_str!("../../../static/verify.html"))
}

#[get("/static/{name}")]
pub async fn asset(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    let (_, ctype, body) = ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| ApiError::not_found("file"))?;
    Ok(HttpResponse::Ok()
        .content_type(*ctype)
        .insert_header(("Content-Security-Policy", CSP))
        .body(*body))
}
