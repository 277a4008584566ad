//! `sakshya bench sla`: seeds a state-sized history of footage requests
//! (default 1,000,000 across 100 ICCCs and 600 stations, deterministic)
//! and times the SLA summary for a quarter grouped by station, the work
//! `GET /api/v1/sla/summary` does (query, grouping, JSON).
//!
//! Rows are written with the same `SlaColumns` the application stores, so
//! the report reads exactly what a live deployment would have.

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use diesel::prelude::*;
use secrecy::SecretString;

use crate::db::requests::{ItemRow, RequestRow};
use crate::db::schema::{cameras, footage_requests, organisations, request_items, users};
use crate::db::sla::SlaColumns;
use crate::db::{migrations, time, Db, DbConnection};
use crate::domain::authz::RequestVisibility;
use crate::domain::reason::ReasonCode;
use crate::domain::urgency::Urgency;
use crate::sla::summary::{summary, GroupBy};

pub struct Plan {
    pub requests: u64,
    pub icccs: u32,
    pub stations: u32,
    /// Measured calls per case; the median is reported.
    pub rounds: u32,
    /// Seed and stop.
    pub seed_only: bool,
    pub database_url: Option<String>,
    pub dir: std::path::PathBuf,
}

/// A request row with its stored SLA columns, for bulk inserts.
#[derive(Insertable)]
#[diesel(table_name = footage_requests)]
struct SeedRequest {
    #[diesel(embed)]
    row: RequestRow,
    #[diesel(embed)]
    sla: SlaInsert,
}

#[derive(Insertable)]
#[diesel(table_name = footage_requests)]
struct SlaInsert {
    sla_outcome: Option<String>,
    sla_reason_bits: i32,
    sla_hours: Option<f64>,
    sla_week: Option<String>,
}

const CAMERAS_PER_ICCC: u32 = 10;
const REASONS: [ReasonCode; 4] = [
    ReasonCode::FootageOverwritten,
    ReasonCode::CameraOffline,
    ReasonCode::NoRecordingInWindow,
    ReasonCode::TechnicalFailure,
];

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// Deterministic ids, so a re-run seeds the same database.
fn id(kind: u8, n: u64) -> String {
    uuid::Uuid::from_u64_pair(u64::from(kind) << 56, n).to_string()
}

/// Inserts `rows` in multi-row statements on the backend's own
/// connection (a `MultiConnection` inserts one row at a time), in batches
/// that keep under each backend's bind-parameter limit.
macro_rules! insert_batched {
    ($conn:expr, $table:expr, $rows:expr, $per_pg:expr, $per_sqlite:expr) => {{
        match $conn {
            DbConnection::Pg(c) => {
                for chunk in $rows.chunks($per_pg) {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
            DbConnection::Sqlite(c) => {
                for chunk in $rows.chunks($per_sqlite) {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    }};
}

/// What one seeded request looks like, drawn from `rng`.
fn draw(rng: &mut fastrand::Rng, n: u64, plan: &Plan) -> (RequestRow, ItemRow) {
    let station = rng.u32(0..plan.stations);
    let iccc = station % plan.icccs;
    let camera = iccc * CAMERAS_PER_ICCC + rng.u32(0..CAMERAS_PER_ICCC);
    let submitted = start() + Duration::seconds(rng.i64(0..365 * 86_400));
    let (urgency, hours) = match rng.u32(0..10) {
        0 => (Urgency::Critical, 6),
        1..=4 => (Urgency::Urgent, 24),
        _ => (Urgency::Routine, 72),
    };
    let deadline = submitted + Duration::hours(hours);
    let roll = rng.u32(0..100);
    // Shares chosen so the state sits near today's "fewer than half".
    use crate::domain::fulfilment::ItemStatus as I;
    use crate::domain::lifecycle::RequestStatus as R;
    let (status, item_status, reason, closed): (R, I, Option<ReasonCode>, Option<_>) = match roll {
        0..=44 => {
            // Fulfilled: most in time, some late.
            let took = Duration::minutes(rng.i64(10..(hours * 60 * 13 / 10)));
            (R::Fulfilled, I::Fulfilled, None, Some(submitted + took))
        }
        45..=54 => {
            let took = Duration::minutes(rng.i64(10..(hours * 60)));
            (
                R::PartiallyFulfilled,
                I::PartiallyFulfilled,
                None,
                Some(submitted + took),
            )
        }
        55..=84 => (
            R::Unavailable,
            I::Unavailable,
            Some(REASONS[rng.usize(0..REASONS.len())]),
            Some(submitted + Duration::hours(rng.i64(1..hours))),
        ),
        85..=91 => (
            R::Rejected,
            I::Pending,
            Some(if rng.bool() {
                ReasonCode::RejectedInvalidRequest
            } else {
                ReasonCode::RejectedInsufficientAuthority
            }),
            Some(submitted + Duration::hours(1)),
        ),
        92..=94 => (
            R::Withdrawn,
            I::Pending,
            None,
            Some(submitted + Duration::hours(1)),
        ),
        _ => (R::Approved, I::Pending, None, None),
    };
    let (req_reason, item_reason) = if status == R::Rejected {
        (reason, None)
    } else {
        (None, reason)
    };
    let at = |t: chrono::DateTime<Utc>| time::to_db(t);
    let req = RequestRow {
        id: crate::domain::ids::RequestId::from_uuid(uuid::Uuid::from_u64_pair(1 << 56, n)),
        station_id: id(2, u64::from(station)),
        iccc_id: id(3, u64::from(iccc)),
        filed_by: id(4, u64::from(station)),
        fir_number: Some(format!("{}/2025", n % 10_000)),
        gd_number: None,
        bns_sections: "[\"303(2)\"]".into(),
        incident_place: "Seeded junction".into(),
        incident_at: at(submitted - Duration::hours(3)),
        purpose: "Seeded for the SLA benchmark".into(),
        urgency,
        notice_reference: format!("BENCH-{n}"),
        status,
        reason_code: req_reason,
        version: 3,
        submitted_at: Some(at(submitted)),
        forwarded_at: Some(at(submitted)),
        deadline_at: Some(at(deadline)),
        closed_at: closed.map(at),
        created_at: at(submitted),
        updated_at: at(closed.unwrap_or(submitted)),
    };
    let item = ItemRow {
        id: id(5, n),
        request_id: req.id.clone(),
        position: 0,
        camera_id: id(6, u64::from(camera)),
        window_start: at(submitted - Duration::hours(4)),
        window_end: at(submitted - Duration::hours(3)),
        status: item_status,
        reason_code: item_reason,
    };
    (req, item)
}

#[derive(Insertable)]
#[diesel(table_name = organisations)]
struct SeedOrg {
    id: String,
    kind: String,
    code: String,
    name: String,
    city: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct SeedUser {
    id: String,
    organisation_id: String,
    username: String,
    display_name: String,
    role: String,
    /// Not a password hash: no one can log in as a seeded user.
    password_hash: String,
    disabled: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Seeds organisations, users, cameras, then the requests in chunks.
pub fn seed(db: &Db, plan: &Plan) -> anyhow::Result<()> {
    let now = time::now();
    let mut orgs = Vec::new();
    for i in 0..plan.icccs {
        orgs.push(SeedOrg {
            id: id(3, u64::from(i)),
            kind: "iccc".into(),
            code: format!("ICCC-{i:03}"),
            name: format!("Bench ICCC {i}"),
            city: format!("City {i}"),
            created_at: now,
        });
    }
    let mut people = Vec::new();
    for i in 0..plan.stations {
        orgs.push(SeedOrg {
            id: id(2, u64::from(i)),
            kind: "police_station".into(),
            code: format!("PS-{i:03}"),
            name: format!("Bench station {i}"),
            city: format!("City {}", i % plan.icccs),
            created_at: now,
        });
        people.push(SeedUser {
            id: id(4, u64::from(i)),
            organisation_id: id(2, u64::from(i)),
            username: format!("bench_inv_{i}"),
            display_name: format!("Bench investigator {i}"),
            role: "investigator".into(),
            password_hash: "!".into(),
            disabled: true,
            created_at: now,
            updated_at: now,
        });
    }
    let mut cams = Vec::new();
    for i in 0..plan.icccs * CAMERAS_PER_ICCC {
        cams.push(crate::db::cameras::CameraRow {
            id: id(6, u64::from(i)),
            code: format!("BENCH-CAM-{i:04}"),
            name: format!("Bench camera {i}"),
            iccc_id: id(3, u64::from(i / CAMERAS_PER_ICCC)),
            latitude: 18.5,
            longitude: 73.8,
            make: "Bench".into(),
            model: "B1".into(),
            serial: format!("SN{i}"),
            mac: None,
            retention_days: 30,
            status: crate::domain::camera::CameraStatus::Online,
            created_at: now,
            updated_at: now,
        });
    }
    db.write_blocking(|c| -> anyhow::Result<()> {
        insert_batched!(c, organisations::table, orgs, 1000, 1000);
        insert_batched!(c, users::table, people, 1000, 1000);
        insert_batched!(c, cameras::table, cams, 1000, 1000);
        Ok(())
    })?;
    let mut rng = fastrand::Rng::with_seed(0x5A4B_5348);
    let t = Instant::now();
    let chunk = 20_000u64;
    let mut n = 0u64;
    while n < plan.requests {
        let k = chunk.min(plan.requests - n);
        let mut reqs = Vec::with_capacity(k as usize);
        let mut items = Vec::with_capacity(k as usize);
        for i in n..n + k {
            let (r, item) = draw(&mut rng, i, plan);
            let s = SlaColumns::of(&r, std::slice::from_ref(&item));
            reqs.push(SeedRequest {
                row: r,
                sla: SlaInsert {
                    sla_outcome: s.sla_outcome,
                    sla_reason_bits: s.sla_reason_bits,
                    sla_hours: s.sla_hours,
                    sla_week: s.sla_week,
                },
            });
            items.push(item);
        }
        db.write_blocking(|c| -> anyhow::Result<()> {
            // 26 columns a request (PostgreSQL allows 65,535 parameters a
            // statement, SQLite 32,766).
            insert_batched!(c, footage_requests::table, reqs, 2000, 1000);
            insert_batched!(c, request_items::table, items, 8000, 4000);
            Ok(())
        })?;
        n += k;
        if n.is_multiple_of(200_000) || n == plan.requests {
            println!(
                "  seeded {n} requests ({:.0}/s)",
                n as f64 / t.elapsed().as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    let rows =
        db.write_blocking(|c| crate::db::sla_rollup::rebuild(c).map_err(anyhow::Error::from))?;
    println!(
        "  monthly rollup: {rows} rows in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // Statistics for the planner; on PostgreSQL also the visibility map,
    // so the report's index-only scans need not visit the table (VACUUM
    // cannot run inside a transaction: on a connection of its own).
    let mut c = db.conn()?;
    let sql = match &**c {
        DbConnection::Pg(_) => "VACUUM ANALYZE footage_requests, sla_rollup",
        DbConnection::Sqlite(_) => "ANALYZE",
    };
    diesel::sql_query(sql).execute(&mut **c)?;
    Ok(())
}

/// The median of `rounds` timed calls of `f`, in milliseconds.
fn time_ms(
    rounds: u32,
    mut f: impl FnMut() -> anyhow::Result<usize>,
) -> anyhow::Result<(f64, f64, usize)> {
    let mut out = 0;
    for _ in 0..2 {
        out = f()?;
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        out = f()?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    Ok((times[times.len() / 2], p95, out))
}

pub fn run(plan: &Plan) -> anyhow::Result<()> {
    let url = match &plan.database_url {
        Some(u) => u.clone(),
        None => {
            std::fs::create_dir_all(&plan.dir)?;
            format!("sqlite://{}", plan.dir.join("sla-bench.db").display())
        }
    };
    let db = Db::connect(&SecretString::from(url), 2).context("opening the bench database")?;
    let existing = {
        let mut c = db.conn()?;
        migrations::run(&mut c).map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
        crate::db::requests::count(&mut c)?
    };
    println!("SLA summary benchmark ({:?} backend)", db.backend());
    if existing == 0 {
        println!(
            "seeding {} requests across {} ICCCs and {} stations",
            plan.requests, plan.icccs, plan.stations
        );
        let t = Instant::now();
        seed(&db, plan)?;
        println!("  seeded in {:.1} s", t.elapsed().as_secs_f64());
    } else {
        anyhow::ensure!(
            u64::try_from(existing).unwrap_or(0) == plan.requests,
            "the database holds {existing} requests, not {}; use a fresh one",
            plan.requests
        );
        println!("using the {existing} requests already seeded");
    }
    if plan.seed_only {
        return Ok(());
    }
    // The second quarter of the seeded year, as of its end.
    let from = time::to_db(start() + Duration::days(90));
    let to = time::to_db(start() + Duration::days(181));
    let as_of = start() + Duration::days(200);
    let rounds = plan.rounds.max(1);
    let cases: [(&str, RequestVisibility, GroupBy); 3] = [
        (
            "state, by station",
            RequestVisibility::All,
            GroupBy::Station,
        ),
        ("state, by ICCC", RequestVisibility::All, GroupBy::Iccc),
        (
            "one ICCC's admin, by station",
            RequestVisibility::Iccc(id(3, 0)),
            GroupBy::Station,
        ),
    ];
    println!("quarter {from} .. {to}, {rounds} rounds each (median, p95):");
    for (name, vis, group_by) in cases {
        let mut conn = db.conn()?;
        let mut counted = 0;
        let (median, p95, groups) = time_ms(rounds, || {
            let report = summary(&mut conn, &vis, from, to, group_by, as_of, 0.75)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let body = serde_json::to_vec(&report)?;
            let t = &report.total;
            counted = t.on_time + t.late + t.missed + t.pending;
            anyhow::ensure!(!body.is_empty());
            Ok(report.groups.len())
        })?;
        println!("  {name}: {median:.1} ms (p95 {p95:.1} ms), {groups} groups, {counted} requests");
    }
    Ok(())
}
