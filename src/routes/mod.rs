//! HTTP only: each handler parses input, authorises (through
//! `domain::authz`, inside the workflow it calls), calls a workflow or a
//! subsystem's service, and maps the result. None calls `db` itself (the
//! `layering` test reads the source to keep it so). One handler per file,
//! one folder per resource.

pub mod admin;
pub mod approvals;
pub mod auth;
pub mod cameras;
pub mod clips;
pub mod csv_export;
pub mod extract_errors;
pub mod health;
pub mod items;
pub mod jobs;
pub mod keys;
#[cfg(test)]
mod layering;
pub mod log;
pub mod metrics;
pub mod notifications;
pub mod openapi;
pub mod pagination;
pub mod portal;
pub mod receive;
pub mod recorders;
pub mod requests;
pub mod retention;
pub mod security;
pub mod shares;
pub mod sla;
pub mod verify;

use actix_web::web;

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz::healthz)
        .service(portal::assets::portal_page)
        .service(portal::assets::verify_page)
        .service(metrics::scrape::scrape)
        .service(portal::assets::asset)
        .service(health::readyz::readyz)
        .service(
            web::scope("/api/v1")
                .service(openapi::openapi_json)
                .service(auth::login::login)
                .service(auth::refresh::refresh)
                .service(auth::logout::logout)
                .service(auth::me::me)
                .service(auth::mfa_enrol::mfa_enrol)
                .service(auth::mfa_confirm::mfa_confirm)
                .service(cameras::list::list_cameras)
                .service(cameras::create::create_camera)
                .service(cameras::get::get_camera)
                .service(cameras::update::update_camera)
                .service(cameras::recordings::camera_recordings)
                .service(recorders::list::list_recorders)
                .service(recorders::create::create_recorder)
                .service(recorders::get::get_recorder)
                .service(recorders::update::update_recorder)
                .service(recorders::check::check_recorder)
                .service(recorders::channels::map_channel)
                .service(recorders::channels::unmap_channel)
                .service(clips::get::get_clip)
                .service(clips::content::clip_content)
                .service(clips::manifest::clip_manifest)
                .service(clips::package::clip_package)
                .service(keys::list::list_keys)
                .service(log::checkpoint::checkpoint)
                .service(log::inclusion::inclusion)
                .service(log::consistency::consistency)
                .service(log::event_proof::event_proof)
                .service(verify::hash::verify_hash)
                .service(sla::summary::sla_summary)
                .service(sla::at_risk::sla_at_risk)
                .service(notifications::list::list_notifications)
                .service(notifications::mark_read::mark_read)
                .service(security::list::list_security_events)
                .service(retention::overview::retention_overview)
                .service(retention::holds::list_holds)
                .service(retention::holds::place_hold)
                .service(retention::holds::release_holds)
                .service(retention::erase::erase)
                .service(retention::erasure::get_erasure)
                .service(retention::disposal::record_disposal)
                .service(retention::disposal::correct_disposal)
                .service(approvals::list::list_approvals)
                .service(approvals::list::get_approval)
                .service(approvals::decide::approve)
                .service(approvals::decide::refuse)
                .service(shares::create::create_share)
                .service(shares::list::list_shares)
                .service(shares::revoke::revoke_share)
                .service(shares::receipt::share_receipt)
                .service(shares::inbox::inbox)
                .service(shares::shared_package::shared_package)
                .service(shares::link_package::link_package)
                .service(jobs::get::get_job)
                .service(jobs::retry::retry_job)
                .service(items::upload::upload_item)
                .service(items::unavailable::mark_unavailable)
                .service(requests::events::request_events)
                .service(requests::notice::attach_notice)
                .service(requests::notice::get_notice)
                .service(admin::storage::storage_status)
                .service(admin::users::list_users)
                .service(admin::users::change_role)
                .service(admin::users::reset_mfa)
                .service(admin::users::unlock)
                .service(requests::create::create_request)
                .service(requests::list::list_requests)
                .service(requests::get::get_request)
                .service(requests::transition::transition_request),
        );
}
