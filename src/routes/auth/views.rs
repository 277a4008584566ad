//! Response bodies shared by the auth handlers.

use actix_web::HttpRequest;
use serde::Serialize;

use crate::auth::session::{ClientInfo, TokenPair};
use crate::db::organisations::OrganisationRow;
use crate::db::users::UserRow;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrgView {
    pub id: String,
    pub code: String,
    pub name: String,
    /// `iccc`, `police_station` or `court`.
    pub kind: crate::domain::organisation::OrgKind,
    pub city: String,
}

impl From<OrganisationRow> for OrgView {
    fn from(o: OrganisationRow) -> Self {
        Self {
            id: o.id,
            code: o.code,
            name: o.name,
            kind: o.kind,
            city: o.city,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: crate::domain::role::Role,
    pub organisation: OrgView,
    pub mfa_enrolled: bool,
}

impl UserView {
    pub fn new(u: UserRow, org: OrganisationRow) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            organisation: org.into(),
            mfa_enrolled: u.totp_secret.is_some(),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    #[serde(flatten)]
    pub tokens: TokenPair,
    pub user: UserView,
}

pub fn client_info(req: &HttpRequest) -> ClientInfo {
    ClientInfo {
        ip: crate::client_addr::text(req),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}
