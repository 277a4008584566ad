use actix_web::{post, web, HttpRequest, HttpResponse};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::{code, ApiError};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    /// SHA-256 of the file, 64 lower-case hex digits (computed by the
    /// client; the file itself is never sent).
    pub sha256: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedClip {
    pub clip_id: String,
    pub size_bytes: i64,
    /// The signed manifest, exactly as signed.
    pub manifest: String,
    /// Base64 Ed25519 signature over `manifest`.
    pub signature: String,
    pub key_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct VerifyResult {
    pub sha256: String,
    /// Whether this deployment issued a clip with exactly these bytes.
    pub issued: bool,
    pub clips: Vec<IssuedClip>,
    /// The latest signed log checkpoint (C2SP signed note).
    pub checkpoint: Option<String>,
}

/// Did Sakshya issue a clip with this SHA-256? No login; limited per
/// client address (per /64 for IPv6; behind a reverse proxy every client
/// shares the proxy's address); every verification is a custody event. The answer
/// carries the manifest, its signature and the checkpoint, so the caller
/// can check them against the published keys.
#[utoipa::path(post, path = "/api/v1/verify", tag = "integrity", request_body = VerifyBody, responses(
    (status = 200, body = VerifyResult), (status = 422, body = crate::error::ErrorBody),
    (status = 429, body = crate::error::ErrorBody)))]
#[post("/verify")]
pub async fn verify_hash(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<VerifyBody>,
) -> Result<HttpResponse, ApiError> {
    let ip = crate::state::peer_ip(&req);
    crate::state::check_rate(
        &state.verify_limiter,
        ip,
        "too many verifications from this address; try again in a minute",
    )?;
    let sha = body.into_inner().sha256.trim().to_ascii_lowercase();
    if !crate::digest::is_sha256_hex(&sha) {
        return Err(ApiError::new(
            code::INVALID_SHA256,
            "sha256 must be 64 hexadecimal digits",
        ));
    }
    let from = Some(ip.to_string());
    let checked = state
        .db
        .write(move |c| crate::workflow::integrity::check_hash(c, &sha, from).map(|h| (h, sha)))
        .await?;
    let (found, sha) = checked;
    let clips: Vec<IssuedClip> = found
        .issued
        .into_iter()
        .map(|(clip, m)| IssuedClip {
            clip_id: clip.id.to_string(),
            size_bytes: clip.size_bytes,
            manifest: m.manifest,
            signature: B64.encode(&m.signature),
            key_id: m.key_id,
        })
        .collect();
    Ok(HttpResponse::Ok().json(VerifyResult {
        issued: !clips.is_empty(),
        sha256: sha,
        clips,
        checkpoint: found.checkpoint,
    }))
}
