use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use crate::error::ApiError;
use crate::signing::pem::public_pem;
use crate::signing::registry;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct KeyView {
    /// C2SP signed-note key id, 8 hex digits; manifests name it.
    pub key_id: String,
    /// The key's name: the custody log's origin.
    pub name: String,
    pub algorithm: &'static str,
    /// For `openssl pkeyutl -verify -pubin -inkey`.
    pub public_key_pem: String,
    /// C2SP signed-note verifier key (`name+id+base64`).
    pub verifier_key: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Retired keys sign nothing new but stay published.
    pub retired_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Every signing key, active and retired. Public: verification needs no
/// account.
#[utoipa::path(get, path = "/api/v1/keys", tag = "integrity", responses((status = 200, body = [KeyView])))]
#[get("/keys")]
pub async fn list_keys(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db
        .read(|c| Ok::<_, ApiError>(registry::list(c)?))
        .await?;
    let views: Vec<KeyView> = rows
        .into_iter()
        .filter_map(|r| {
            let public = r.public()?;
            let verifier = crate::tlog::Verifier::new(&r.name, public).ok()?;
            Some(KeyView {
                key_id: r.key_id,
                name: r.name,
                algorithm: "Ed25519",
                public_key_pem: public_pem(&public),
                verifier_key: verifier.to_vkey(),
                created_at: crate::db::time::from_db(r.created_at),
                retired_at: r.retired_at.map(crate::db::time::from_db),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}
