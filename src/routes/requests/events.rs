use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use futures_util::stream;

use super::view::RequestDetail;
use crate::auth::Authenticated;
use crate::domain::authz::Actor;
use crate::domain::kinds::JobState;
use crate::error::ApiError;
use crate::state::AppState;

const POLL: Duration = Duration::from_secs(1);
/// Idle streams get a comment this often so proxies keep them open.
const KEEPALIVE_POLLS: u32 = 15;

struct Watch {
    state: web::Data<AppState>,
    actor: Actor,
    id: String,
    last: Option<String>,
    idle: u32,
    done: bool,
    ended: tokio::sync::broadcast::Receiver<String>,
}

/// Waits one poll, or less if this stream's session ends meanwhile.
async fn pause(w: &mut Watch) {
    let sleep = tokio::time::sleep(POLL);
    tokio::pin!(sleep);
    loop {
        tokio::select! {
            _ = &mut sleep => return,
            ended = w.ended.recv() => match ended {
                Ok(sid) if sid == w.actor.session_id => return,
                Ok(_) => {}
                // Missed some: look at the session now.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                    (&mut sleep).await;
                    return;
                }
            },
        }
    }
}

async fn snapshot(w: &Watch) -> Result<(String, bool), ApiError> {
    let (actor, id) = (w.actor.clone(), w.id.clone());
    let d = w
        .state
        .db
        .read(move |c| {
            // The session is checked on every event: a stream ends with
            // the session (logout, revocation, a role change).
            crate::auth::extractor::still_live(c, &actor)?;
            crate::workflow::requests::get(c, &actor, &id)
        })
        .await?;
    let d = RequestDetail::from(d);
    let status = d.request.status;
    let busy = d
        .items
        .iter()
        .flat_map(|i| &i.jobs)
        .any(|j| matches!(j.state, JobState::Queued | JobState::Running));
    let body = serde_json::json!({
        "status": d.request.status,
        "version": d.request.version,
        "items": d.items.iter().map(|i| serde_json::json!({
            "id": i.id, "status": i.status, "reason_code": i.reason_code,
            "clip_id": i.clip.as_ref().map(|c| &c.id),
            "jobs": i.jobs,
        })).collect::<Vec<_>>(),
    });
    Ok((body.to_string(), status.is_terminal() && !busy))
}

/// Live status and progress of a request as Server-Sent Events: an
/// `update` event whenever the request, an item or a job changes; the
/// stream ends once the request is closed and no job is running.
#[utoipa::path(get, path = "/api/v1/requests/{id}/events", tag = "requests", security(("bearer" = [])), responses(
    (status = 200, description = "text/event-stream of `update` events", content_type = "text/event-stream"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/requests/{id}/events")]
pub async fn request_events(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let ended = state.sessions_ended.subscribe();
    let w = Watch {
        ended,
        state,
        actor: who.0,
        id: id.into_inner(),
        last: None,
        idle: 0,
        done: false,
    };
    // Authorise (and 404) before the stream starts.
    snapshot(&w).await?;
    let events = stream::unfold(w, |mut w| async move {
        if w.done {
            return None;
        }
        loop {
            match snapshot(&w).await {
                Err(e) => {
                    w.done = true;
                    let msg = format!("event: error\ndata: {{\"code\":\"{}\"}}\n\n", e.code);
                    return Some((Ok::<_, actix_web::Error>(Bytes::from(msg)), w));
                }
                Ok((body, finished)) => {
                    let changed = w.last.as_deref() != Some(body.as_str());
                    w.done = finished;
                    if changed {
                        w.idle = 0;
                        let msg = format!("event: update\ndata: {body}\n\n");
                        w.last = Some(body);
                        return Some((Ok(Bytes::from(msg)), w));
                    }
                    if finished {
                        return None;
                    }
                    w.idle += 1;
                    if w.idle >= KEEPALIVE_POLLS {
                        w.idle = 0;
                        pause(&mut w).await;
                        return Some((Ok(Bytes::from_static(b": keepalive\n\n")), w));
                    }
                    pause(&mut w).await;
                }
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}
