use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::db::notifications::NotificationRow;
use crate::db::time;
use crate::error::ApiError;
use crate::routes::pagination::Page;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: String,
    /// The request the alert is about; absent for `account_locked`.
    pub request_id: Option<String>,
    /// `deadline_near`, `overwrite_near`, `deadline_breached`, or
    /// `account_locked` (the caller's own account, or one they administer).
    pub kind: String,
    /// The deadline or overwrite moment the alert warns of; for a
    /// lockout, when it ends.
    pub due_at: DateTime<Utc>,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub emailed_at: Option<DateTime<Utc>>,
}

impl From<NotificationRow> for NotificationView {
    fn from(n: NotificationRow) -> Self {
        Self {
            id: n.id,
            request_id: n.request_id,
            kind: n.kind,
            due_at: time::from_db(n.due_at),
            message: n.message,
            created_at: time::from_db(n.created_at),
            read_at: n.read_at.map(time::from_db),
            emailed_at: n.emailed_at.map(time::from_db),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub unread: i64,
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationQuery), security(("bearer" = [])), responses(
    (status = 200, body = NotificationPage), (status = 401, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::parse(q.page, q.per_page)?;
    let unread_only = q.unread.unwrap_or(false);
    let actor = who.0;
    let (rows, total, unread) = state
        .db
        .read(move |c| {
            crate::workflow::notifications::list(
                c,
                &actor,
                unread_only,
                page.per_page,
                page.offset(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(NotificationPage {
        items: rows.into_iter().map(NotificationView::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
        unread,
    }))
}
