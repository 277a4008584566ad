use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

use super::view::CameraView;
use crate::auth::Authenticated;
use crate::db::cameras::CameraFilter;
use crate::domain::camera::CameraStatus;
use crate::domain::geo::Coordinates;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::routes::pagination::{Page, Paged};
use crate::state::AppState;
use crate::workflow;

/// Largest radius a proximity search may use.
const MAX_RADIUS_M: f64 = 50_000.0;
/// Candidates a proximity search considers before exact distances.
const MAX_NEAR_CANDIDATES: i64 = 10_000;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CameraQuery {
    /// `LAT,LON`: list cameras within `radius_m` of this point, nearest first.
    pub near: Option<String>,
    /// Radius in metres for `near` (default 1000, at most 50000).
    pub radius_m: Option<f64>,
    /// Only this ICCC's cameras.
    pub iccc: Option<String>,
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// List cameras, optionally near a point (nearest first, with distance).
#[utoipa::path(get, path = "/api/v1/cameras", tag = "cameras", params(CameraQuery), security(("bearer" = [])), responses(
    (status = 200, body = Paged<CameraView>),
    (status = 403, body = crate::error::ErrorBody),
    (status = 422, description = "invalid_coordinates, invalid_radius, invalid_page", body = crate::error::ErrorBody)))]
#[get("/cameras")]
pub async fn list_cameras(
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<CameraQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let q = q.into_inner();
    let page = Page::parse(q.page, q.per_page)?;
    let status = q
        .status
        .as_deref()
        .map(str::parse::<CameraStatus>)
        .transpose()?;
    let mut filter = CameraFilter {
        iccc_id: q.iccc,
        status,
        bbox: None,
    };
    let near = q.near.as_deref().map(Coordinates::parse_pair).transpose()?;
    let Some(center) = near else {
        let (rows, total) = state
            .db
            .read(move |c| {
                workflow::cameras::list(c, &actor, &filter, page.per_page, page.offset())
            })
            .await?;
        return Ok(HttpResponse::Ok().json(Paged {
            items: rows.into_iter().map(CameraView::from).collect::<Vec<_>>(),
            page: page.page,
            per_page: page.per_page,
            total,
        }));
    };
    let radius = q.radius_m.unwrap_or(1000.0);
    if !radius.is_finite() || radius <= 0.0 || radius > MAX_RADIUS_M {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidRadius,
            "radius_m must be > 0 and at most 50000",
        )
        .into());
    }
    filter.bbox = Some(center.bounding_box(radius));
    let (rows, _) = state
        .db
        .read(move |c| workflow::cameras::list(c, &actor, &filter, MAX_NEAR_CANDIDATES, 0))
        .await?;
    let mut near: Vec<CameraView> = rows
        .into_iter()
        .filter_map(|row| {
            let here = Coordinates::new(row.latitude, row.longitude).ok()?;
            let d = center.distance_m(here);
            (d <= radius).then(|| CameraView {
                distance_m: Some((d * 10.0).round() / 10.0),
                ..CameraView::from(row)
            })
        })
        .collect();
    near.sort_by(|a, b| {
        a.distance_m
            .partial_cmp(&b.distance_m)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let total = i64::try_from(near.len()).unwrap_or(i64::MAX);
    let items = near
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(page.per_page).unwrap_or(0))
        .collect::<Vec<_>>();
    Ok(HttpResponse::Ok().json(Paged {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}
