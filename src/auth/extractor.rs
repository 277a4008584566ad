//! Request extractors that authenticate the bearer token and load the
//! acting user. Every protected handler takes one of them, so no handler
//! can forget to authenticate.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};

use super::token_keys::{TokenError, SCOPE_API};
use crate::db::{sessions, time};
use crate::domain::authz::Actor;
use crate::error::{code, ApiError};
use crate::state::AppState;

/// A user with a full API token.
pub struct Authenticated(pub Actor);

/// A user with either a full token or an MFA-enrolment-only token.
pub struct Enrolling {
    pub actor: Actor,
    pub scope: String,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let h = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = h.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

async fn authenticate(
    state: Option<web::Data<AppState>>,
    token: Option<String>,
) -> Result<(Actor, String), ApiError> {
    let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = token.ok_or_else(|| {
        ApiError::unauthorized(code::UNAUTHENTICATED, "a bearer token is required")
    })?;
    let claims = state.keys.verify(&token).map_err(|e| match e {
        TokenError::Expired => ApiError::unauthorized(
            code::TOKEN_EXPIRED,
            "the access token has expired; refresh it",
        ),
        TokenError::Invalid(_) => {
            ApiError::unauthorized(code::INVALID_TOKEN, "the access token is not valid")
        }
    })?;
    let (sid, sub) = (claims.sid.clone(), claims.sub.clone());
    let rows = state
        .db
        .read(move |c| sessions::actor_rows(c, &sid, &sub).map_err(ApiError::from))
        .await?;
    let (session, user, org) = rows.ok_or_else(|| {
        ApiError::unauthorized(code::INVALID_TOKEN, "the access token is not valid")
    })?;
    live(&session, &user)?;
    let actor = Actor {
        user_id: user.id,
        username: user.username,
        role: user.role,
        org_id: org.id,
        org_kind: org.kind,
        session_id: session.id,
        client_ip: None,
    };
    Ok((actor, claims.scope))
}

/// Refuses a session that has ended or whose account is disabled.
fn live(session: &sessions::SessionRow, user: &crate::db::users::UserRow) -> Result<(), ApiError> {
    if session.revoked_at.is_some() || session.expires_at <= time::now() {
        return Err(ApiError::unauthorized(
            code::SESSION_REVOKED,
            "the session has ended; log in again",
        ));
    }
    if user.disabled {
        return Err(
            ApiError::forbidden("the account is disabled").with_code(code::ACCOUNT_DISABLED)
        );
    }
    Ok(())
}

/// Checks again that `actor`'s session is still live: for long-lived
/// responses (the live status stream), on every event.
pub fn still_live(conn: &mut crate::db::DbConnection, actor: &Actor) -> Result<(), ApiError> {
    let (session, user, _) = sessions::actor_rows(conn, &actor.session_id, &actor.user_id)?
        .ok_or_else(|| {
            ApiError::unauthorized(code::SESSION_REVOKED, "the session has ended; log in again")
        })?;
    live(&session, &user)?;
    if user.role != actor.role {
        return Err(ApiError::unauthorized(
            code::SESSION_REVOKED,
            "the account's role changed; log in again",
        ));
    }
    Ok(())
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let (state, token) = (req.app_data::<web::Data<AppState>>().cloned(), bearer(req));
        let ip = crate::client_addr::text(req);
        Box::pin(async move {
            let (mut actor, scope) = authenticate(state, token).await?;
            actor.client_ip = ip;
            if scope != SCOPE_API {
                return Err(
                    ApiError::forbidden("enrol a TOTP authenticator before using the API")
                        .with_code(code::MFA_ENROLMENT_REQUIRED),
                );
            }
            Ok(Authenticated(actor))
        })
    }
}

impl FromRequest for Enrolling {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let (state, token) = (req.app_data::<web::Data<AppState>>().cloned(), bearer(req));
        let ip = crate::client_addr::text(req);
        Box::pin(async move {
            let (mut actor, scope) = authenticate(state, token).await?;
            actor.client_ip = ip;
            Ok(Enrolling { actor, scope })
        })
    }
}
