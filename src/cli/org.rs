//! `sakshya org add|list`

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::db::organisations::{self, OrganisationRow};
use crate::db::time;
use crate::domain::organisation::OrgKind;
use crate::domain::text;

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Register an organisation.
    Add {
        /// iccc, police_station or court.
        #[arg(long)]
        kind: String,
        /// Short unique code, e.g. PUNE-ICCC.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        city: String,
    },
    /// List organisations.
    List,
}

pub fn run(settings: &Settings, cmd: OrgCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    match cmd {
        OrgCommand::Add {
            kind,
            code,
            name,
            city,
        } => {
            let kind: OrgKind = kind.parse()?;
            let row = OrganisationRow {
                id: uuid::Uuid::now_v7().to_string(),
                kind,
                code: text::bounded("code", &code, 40)?.to_ascii_uppercase(),
                name: text::bounded("name", &name, 200)?,
                city: text::bounded("city", &city, 100)?,
                created_at: time::now(),
            };
            db.write_blocking(|c| organisations::insert(c, &row).map_err(anyhow::Error::from))?;
            println!("added {} {} ({})", row.kind, row.code, row.id);
        }
        OrgCommand::List => {
            use diesel::prelude::*;
            let mut conn = db.conn()?;
            let rows: Vec<OrganisationRow> = crate::db::schema::organisations::table
                .order(crate::db::schema::organisations::code.asc())
                .select(OrganisationRow::as_select())
                .load(&mut **conn)?;
            for o in rows {
                println!("{:<16} {:<15} {:<40} {}", o.code, o.kind, o.name, o.id);
            }
        }
    }
    Ok(())
}
