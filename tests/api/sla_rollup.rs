//! The monthly SLA rollup: reports that read whole months from it give
//! exactly the figures of counting every request, for any period, key and
//! scope; deltas keep it equal to a rebuild; drift is detected and
//! repaired by a rebuild.

use chrono::{NaiveDate, NaiveDateTime};
use sakshya::db::sla::{GroupKey, Period};
use sakshya::db::{requests, sla_rollup, time, DbConnection};
use sakshya::domain::authz::RequestVisibility;
use sakshya::sla::summary::{figures, figures_scanned};

use crate::helpers::{spawn_app, TestApp};
use crate::sla::{scripted, seed, t};

fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// Requests whose deadlines fall in September and November too, so that
/// periods have partial months at both ends.
fn seed_edges(app: &TestApp) {
    let ok = [("fulfilled", None)];
    // 2026-09-20 .. 2026-09-30 (t(0) is 2026-10-05).
    for (n, sub) in [-360i64, -300, -200, -130].into_iter().enumerate() {
        scripted(
            app,
            if n % 2 == 0 { "PS-A" } else { "PS-B" },
            if n % 2 == 0 { "ICCC-A" } else { "ICCC-B" },
            if n % 2 == 0 { "cam_a1" } else { "cam_b1" },
            "fulfilled",
            None,
            sub,
            Some(sub + 3 + n as i64 * 7),
            &ok,
        );
    }
    // 2026-11-03 .. 2026-11-20.
    for (n, sub) in [700i64, 720, 900, 1100].into_iter().enumerate() {
        scripted(
            app,
            "PS-A",
            "ICCC-A",
            "cam_a2",
            if n == 2 { "unavailable" } else { "fulfilled" },
            None,
            sub,
            Some(sub + 1 + n as i64 * 11),
            &[if n == 2 {
                ("unavailable", Some("camera_offline"))
            } else {
                ("fulfilled", None)
            }],
        );
    }
}

fn conn(app: &TestApp) -> impl std::ops::DerefMut<Target = sakshya::db::connection::Pooled> {
    app.state.db.conn().unwrap()
}

fn agree(c: &mut DbConnection, period: &Period<'_>, key: GroupKey) {
    let rolled = figures(c, key, period).unwrap();
    let scanned = figures_scanned(c, key, period).unwrap();
    assert_eq!(
        rolled, scanned,
        "{key:?} {:?} {} .. {}",
        period.vis, period.from, period.to
    );
}

fn all_agree(app: &TestApp) -> usize {
    let mut c = conn(app);
    let as_of = time::to_db(t(100));
    let visibilities = [
        RequestVisibility::All,
        RequestVisibility::Iccc(app.fx.orgs["ICCC-A"].clone()),
        RequestVisibility::Station(app.fx.orgs["PS-B"].clone()),
        RequestVisibility::Either(app.fx.orgs["ICCC-B"].clone()),
        RequestVisibility::Nothing,
    ];
    let periods = [
        (day(2026, 10, 1), day(2026, 11, 1)),
        (day(2026, 9, 1), day(2026, 12, 1)),
        (day(2026, 9, 24), day(2026, 11, 10)),
        (day(2026, 9, 28), day(2026, 11, 1)),
        (day(2026, 10, 1), day(2026, 11, 15)),
        (day(2026, 10, 3), day(2026, 10, 9)),
        (day(2026, 1, 1), day(2027, 1, 1)),
    ];
    let mut checked = 0;
    for vis in &visibilities {
        for (from, to) in periods {
            for key in [
                GroupKey::Iccc,
                GroupKey::Station,
                GroupKey::Urgency,
                GroupKey::Total,
            ] {
                let period = Period {
                    vis,
                    from,
                    to,
                    as_of,
                    open_only: false,
                };
                agree(&mut c, &period, key);
                checked += 1;
            }
        }
    }
    checked
}

#[tokio::test]
async fn rolled_up_months_give_the_figures_of_counting_every_request() {
    let app = spawn_app().await;
    seed(&app).await;
    seed_edges(&app);
    assert!(sla_rollup::consistent(&mut conn(&app)).unwrap());

    // The rollup holds something for September, October and November.
    let (on_time, _) = figures(
        &mut conn(&app),
        GroupKey::Total,
        &Period {
            vis: &RequestVisibility::All,
            from: day(2026, 9, 1),
            to: day(2026, 12, 1),
            as_of: time::to_db(t(100)),
            open_only: false,
        },
    )
    .map(|(_, total)| (total.on_time, total.late))
    .unwrap();
    assert!(on_time >= 10, "{on_time}");
    assert_eq!(all_agree(&app), 5 * 7 * 4);
}

#[tokio::test]
async fn item_changes_move_a_request_between_rollup_groups_by_delta() {
    let app = spawn_app().await;
    seed(&app).await;
    seed_edges(&app);
    // Every settled request's items change: fulfilled becomes unavailable
    // (on time becomes missed, its time to fulfil leaves the medians),
    // unavailable becomes fulfilled, and reasons change.
    let items: Vec<(String, String)> = {
        use diesel::prelude::*;
        use sakshya::db::schema::request_items::dsl as i;
        i::request_items
            .select((i::id, i::status))
            .load(&mut **conn(&app))
            .unwrap()
    };
    assert!(items.len() >= 18);
    for (n, (id, status)) in items.iter().enumerate() {
        let (to, reason) = match (status.as_str(), n % 3) {
            ("fulfilled", 0) => ("unavailable", Some("footage_overwritten")),
            ("unavailable", _) => ("fulfilled", None),
            ("fulfilled", 1) => ("unavailable", Some("technical_failure")),
            _ => continue,
        };
        app.state
            .db
            .write_blocking(|c| {
                requests::set_item_status(c, id, to, reason).map_err(sakshya::db::DbError::from)
            })
            .unwrap();
    }
    assert!(sla_rollup::consistent(&mut conn(&app)).unwrap());
    all_agree(&app);

    // Drift (a row changed behind the application's back) is detected, and
    // a rebuild restores figures equal to counting every request.
    {
        use diesel::prelude::*;
        use sakshya::db::schema::sla_rollup::dsl as r;
        diesel::update(r::sla_rollup)
            .set(r::on_time.eq(r::on_time + 5))
            .execute(&mut **conn(&app))
            .unwrap();
    }
    assert!(!sla_rollup::consistent(&mut conn(&app)).unwrap());
    let rows = sla_rollup::rebuild(&mut conn(&app)).unwrap();
    assert!(rows >= 4, "{rows}");
    assert!(sla_rollup::consistent(&mut conn(&app)).unwrap());
    all_agree(&app);
}
