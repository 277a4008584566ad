//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::{get, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    admin, approvals, auth, cameras, clips, health, items, jobs, keys, log, notifications,
    recorders, requests, retention, security, shares, sla, verify,
};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = api.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sakshya API",
        description = "CCTV footage requests and chain of custody for Integrated Command and Control Centres. Errors are `{\"error\":{\"code\",\"message\"}}` with stable codes."
    ),
    paths(
        health::healthz::healthz,
        health::readyz::readyz,
        auth::login::login,
        auth::refresh::refresh,
        auth::logout::logout,
        auth::me::me,
        auth::mfa_enrol::mfa_enrol,
        auth::mfa_confirm::mfa_confirm,
        cameras::list::list_cameras,
        cameras::create::create_camera,
        cameras::get::get_camera,
        cameras::update::update_camera,
        requests::create::create_request,
        requests::list::list_requests,
        requests::get::get_request,
        requests::transition::transition_request,
        requests::events::request_events,
        cameras::recordings::camera_recordings,
        recorders::list::list_recorders,
        recorders::create::create_recorder,
        recorders::get::get_recorder,
        recorders::update::update_recorder,
        recorders::check::check_recorder,
        recorders::channels::map_channel,
        recorders::channels::unmap_channel,
        clips::get::get_clip,
        clips::content::clip_content,
        clips::manifest::clip_manifest,
        clips::package::clip_package,
        keys::list::list_keys,
        log::checkpoint::checkpoint,
        log::inclusion::inclusion,
        log::consistency::consistency,
        log::event_proof::event_proof,
        verify::hash::verify_hash,
        sla::summary::sla_summary,
        sla::at_risk::sla_at_risk,
        notifications::list::list_notifications,
        notifications::mark_read::mark_read,
        security::list::list_security_events,
        retention::overview::retention_overview,
        retention::holds::list_holds,
        retention::holds::place_hold,
        retention::holds::release_holds,
        retention::erase::erase,
        retention::erasure::get_erasure,
        retention::disposal::record_disposal,
        retention::disposal::correct_disposal,
        approvals::list::list_approvals,
        approvals::list::get_approval,
        approvals::decide::approve,
        approvals::decide::refuse,
        shares::create::create_share,
        shares::list::list_shares,
        shares::revoke::revoke_share,
        shares::receipt::share_receipt,
        shares::inbox::inbox,
        shares::shared_package::shared_package,
        shares::link_package::link_package,
        jobs::get::get_job,
        jobs::retry::retry_job,
        items::upload::upload_item,
        requests::notice::attach_notice,
        requests::notice::get_notice,
        items::unavailable::mark_unavailable,
        admin::storage::storage_status,
        admin::users::list_users,
        admin::users::change_role,
        admin::users::reset_mfa,
        admin::users::unlock,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "health"), (name = "auth"), (name = "cameras"), (name = "recorders"), (name = "requests"), (name = "clips"), (name = "jobs"), (name = "admin"), (name = "integrity"), (name = "sharing"), (name = "sla"), (name = "notifications"), (name = "security"), (name = "retention"), (name = "approvals")
    )
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document for this API.
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
