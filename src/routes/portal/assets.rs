use actix_web::{get, web, HttpResponse};
use rust_embed::RustEmbed;

use crate::error::ApiError;

/// Only what this origin serves; no inline script, no framing. Clip
/// previews and downloads are blob: URLs the page makes itself; the MFA QR
/// code is a data: image.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Everything under `static/`, embedded in the binary (in debug builds
/// read from the source tree, so editing a page needs no rebuild).
#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn page(name: &str) -> Result<HttpResponse, ApiError> {
    let file = Static::get(name).ok_or_else(|| ApiError::not_found("page"))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Security-Policy", CSP))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(file.data.into_owned()))
}

/// The portal: one page; the views are ES modules under /static/app.
#[get("/")]
pub async fn portal_page() -> Result<HttpResponse, ApiError> {
    page("index.html")
}

/// The public verification page: hashes a clip in the browser.
#[get("/verify")]
pub async fn verify_page() -> Result<HttpResponse, ApiError> {
    page("verify.html")
}

#[get("/static/{name:.*}")]
pub async fn asset(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    // Pages are served at their routes, with their headers.
    if name.ends_with(".html") || name.split('/').any(|p| p == "..") {
        return Err(ApiError::not_found("file"));
    }
    let file = Static::get(&name).ok_or_else(|| ApiError::not_found("file"))?;
    Ok(HttpResponse::Ok()
        .content_type(content_type(&name))
        .insert_header(("Content-Security-Policy", CSP))
        .insert_header(("Cache-Control", "no-cache"))
        .body(file.data.into_owned()))
}
