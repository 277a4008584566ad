//! Writing a custody event: who, what, when (UTC), from where, outcome.
//! The JSON body is fixed at insert time and never re-serialised: its
//! bytes are what the log's leaf hash covers and what evidence packages
//! carry in `custody.jsonl`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::db::connection::DbConnection;
use crate::db::custody::{self, NewEventRow};
use crate::db::{organisations, time, users};

/// Format tag in every event body.
pub const FORMAT: &str = "sakshya-custody/v1";

/// A custody event to record.
#[derive(Debug, Clone, Default)]
pub struct NewCustody {
    /// `filed`, `submitted`, `approved`, `extracted`, `stored`, `signed`,
    /// `downloaded`, `verified`, …
    pub kind: String,
    pub request_id: Option<String>,
    pub clip_id: Option<String>,
    /// The acting user; `None` for the system (jobs, the public).
    pub actor_id: Option<String>,
    /// SHA-256 of the evidence the event is about, when there is one.
    pub sha256: Option<String>,
    /// The client's address, when the event came over HTTP.
    pub from: Option<String>,
    /// `ok`, or what went wrong (`refused`, `not_found`, …).
    pub outcome: Option<String>,
    /// Event-specific facts (a JSON object).
    pub details: serde_json::Value,
}

impl NewCustody {
    pub fn new(kind: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            details: serde_json::Value::Object(serde_json::Map::new()),
            ..Self::default()
        }
    }

    pub fn request(mut self, id: &str) -> Self {
        self.request_id = Some(id.to_owned());
        self
    }

    pub fn clip(mut self, id: &str) -> Self {
        self.clip_id = Some(id.to_owned());
        self
    }

    pub fn actor(mut self, id: Option<&str>) -> Self {
        self.actor_id = id.map(str::to_owned);
        self
    }

    pub fn sha256(mut self, h: &str) -> Self {
        self.sha256 = Some(h.to_owned());
        self
    }

    pub fn from_addr(mut self, addr: Option<String>) -> Self {
        self.from = addr;
        self
    }

    pub fn outcome(mut self, o: &str) -> Self {
        self.outcome = Some(o.to_owned());
        self
    }

    pub fn details(mut self, d: serde_json::Value) -> Self {
        self.details = d;
        self
    }
}

#[derive(Serialize)]
struct Actor {
    id: String,
    username: String,
    role: String,
    organisation: String,
}

#[derive(Serialize)]
struct Body<'a> {
    format: &'static str,
    id: &'a str,
    kind: &'a str,
    at: String,
    actor: Option<Actor>,
    request_id: Option<&'a str>,
    clip_id: Option<&'a str>,
    sha256: Option<&'a str>,
    from: Option<&'a str>,
    outcome: &'a str,
    details: &'a serde_json::Value,
}

/// RFC 3339 UTC with microseconds, as event bodies carry times.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Records the event in the current transaction; returns its id.
pub fn record(conn: &mut DbConnection, ev: NewCustody) -> diesel::QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let at = time::now();
    let actor = match &ev.actor_id {
        Some(uid) => users::find(conn, uid)?.map(|u| (u.username, u.role, u.organisation_id)),
        None => None,
    };
    let actor = match actor {
        Some((username, role, org_id)) => Some(Actor {
            id: ev.actor_id.clone().unwrap_or_default(),
            username,
            role: role.as_str().to_owned(),
            organisation: organisations::find(conn, &org_id)?
                .map(|o| o.code)
                .unwrap_or(org_id),
        }),
        None => None,
    };
    let body = Body {
        format: FORMAT,
        id: &id,
        kind: &ev.kind,
        at: format_time(time::from_db(at)),
        actor,
        request_id: ev.request_id.as_deref(),
        clip_id: ev.clip_id.as_deref(),
        sha256: ev.sha256.as_deref(),
        from: ev.from.as_deref(),
        outcome: ev.outcome.as_deref().unwrap_or("ok"),
        details: &ev.details,
    };
    let body = serde_json::to_string(&body)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    custody::insert(
        conn,
        &NewEventRow {
            id: &id,
            kind: &ev.kind,
            at,
            request_id: ev.request_id.as_deref(),
            clip_id: ev.clip_id.as_deref(),
            actor_id: ev.actor_id.as_deref(),
            body: &body,
        },
    )?;
    Ok(id)
}
