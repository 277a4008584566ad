//! Demo data for the embedded default: one ICCC in Pune, two police
//! stations, a court, cameras at real junctions, and one user per role.
//! Passwords and TOTP secrets are random per installation and written to
//! `<data dir>/demo-credentials.json` (mode 0600).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::auth::totp;
use crate::cli::user::generate_password;
use crate::db::cameras::{self, CameraRow};
use crate::db::organisations::{self, OrganisationRow};
use crate::db::{time, users, Db};
use crate::domain::role::Role;
use crate::workflow::accounts::{self, NewUser};

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct DemoCredential {
    pub username: String,
    pub password: String,
    pub role: String,
    pub organisation: String,
    pub totp_secret: Option<String>,
}

/// The demo ICCC's code (its recordings folder).
pub const ICCC: &str = "PUNE-ICCC";

const ORGS: &[(&str, &str, &str)] = &[
    ("iccc", ICCC, "Pune Smart City ICCC"),
    (
        "police_station",
        "PS-SHIVAJINAGAR",
        "Shivajinagar Police Station",
    ),
    (
        "police_station",
        "PS-DECCAN",
        "Deccan Gymkhana Police Station",
    ),
    (
        "court",
        "CJM-PUNE",
        "Court of the Chief Judicial Magistrate, Pune",
    ),
];

/// (code, name, lat, lon, make, model)
pub const CAMERAS: &[(&str, &str, f64, f64, &str, &str)] = &[
    (
        "PUN-FCR-01",
        "FC Road at Goodluck Chowk",
        18.5203,
        73.8410,
        "CP Plus",
        "CP-UNC-TA21PL3",
    ),
    (
        "PUN-JMR-02",
        "JM Road at Balgandharva",
        18.5236,
        73.8478,
        "Hikvision",
        "DS-2CD2143G2-I",
    ),
    (
        "PUN-SVJ-03",
        "Shivajinagar Bus Stand",
        18.5314,
        73.8515,
        "Hikvision",
        "DS-2CD2T47G2-L",
    ),
    (
        "PUN-DEC-04",
        "Deccan Corner",
        18.5167,
        73.8415,
        "Dahua",
        "IPC-HFW2431S-S-S2",
    ),
    (
        "PUN-SWG-05",
        "Swargate Chowk",
        18.5018,
        73.8636,
        "Dahua",
        "IPC-HFW3441E-AS",
    ),
    (
        "PUN-STN-06",
        "Pune Railway Station East Gate",
        18.5289,
        73.8744,
        "CP Plus",
        "CP-UNC-DA41PL3",
    ),
];

/// (username, display name, role, organisation code)
const USERS: &[(&str, &str, Role, &str)] = &[
    (
        "investigator",
        "SI Priya Deshmukh",
        Role::Investigator,
        "PS-SHIVAJINAGAR",
    ),
    (
        "investigator2",
        "PSI Rahul Jadhav",
        Role::Investigator,
        "PS-DECCAN",
    ),
    (
        "supervisor",
        "PI Anil Kulkarni",
        Role::StationSupervisor,
        "PS-SHIVAJINAGAR",
    ),
    ("operator", "Sneha Patil", Role::Operator, "PUNE-ICCC"),
    ("admin", "Vikram Joshi", Role::IcccAdmin, "PUNE-ICCC"),
    ("court", "Registrar, CJM Court", Role::Court, "CJM-PUNE"),
    ("auditor", "Meera Iyer", Role::Auditor, "PUNE-ICCC"),
];

pub fn credentials_path(data_dir: &Path) -> PathBuf {
    data_dir.join("demo-credentials.json")
}

/// Seeds the demo unless the database already holds organisations.
/// Returns the credentials when it seeded, `None` when it left data alone.
pub fn seed(db: &Db, data_dir: &Path) -> anyhow::Result<Option<Vec<DemoCredential>>> {
    let mut conn = db.conn()?;
    if organisations::count(&mut conn)? > 0 {
        return Ok(None);
    }
    drop(conn);
    // Hash outside the transaction: argon2 is slow on purpose.
    let mut planned = Vec::new();
    for (username, display, role, org) in USERS {
        let password = generate_password()?;
        let hash = accounts::hash_new_password(&password)?;
        let secret = if role.requires_mfa() {
            Some(totp::generate_secret()?)
        } else {
            None
        };
        planned.push((*username, *display, *role, *org, password, hash, secret));
    }
    let creds = db.write_blocking(|c| -> anyhow::Result<Vec<DemoCredential>> {
        let now = time::now();
        let mut iccc_id = String::new();
        for (kind, code, name) in ORGS {
            let id = uuid::Uuid::now_v7().to_string();
            if *kind == "iccc" {
                iccc_id = id.clone();
            }
            organisations::insert(
                c,
                &OrganisationRow {
                    id,
                    kind: kind.parse()?,
                    code: (*code).into(),
                    name: (*name).into(),
                    city: "Pune".into(),
                    created_at: now,
                },
            )?;
        }
        for (i, (code, name, lat, lon, make, model)) in CAMERAS.iter().enumerate() {
            cameras::insert(
                c,
                &CameraRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    code: (*code).into(),
                    name: (*name).into(),
                    iccc_id: iccc_id.clone(),
                    latitude: *lat,
                    longitude: *lon,
                    make: (*make).into(),
                    model: (*model).into(),
                    serial: format!("SN{:08}", 41_230_000 + i * 17),
                    mac: Some(format!("3C:EF:8C:10:{:02X}:{:02X}", i * 7 + 1, i * 13 + 5)),
                    retention_days: 30,
                    status: crate::domain::camera::CameraStatus::Online,
                    created_at: now,
                    updated_at: now,
                },
            )?;
        }
        let mut out = Vec::new();
        for (username, display, role, org, password, hash, secret) in planned {
            let row = accounts::create_user(
                c,
                NewUser {
                    username,
                    display_name: display,
                    role,
                    org_code: org,
                    password_hash: hash,
                },
            )?;
            if let Some(s) = &secret {
                users::set_totp_secret(c, &row.id, s, now)?;
            }
            out.push(DemoCredential {
                username: username.into(),
                password,
                role: role.as_str().into(),
                organisation: org.into(),
                totp_secret: secret,
            });
        }
        Ok(out)
    })?;
    write_credentials(&credentials_path(data_dir), &creds)?;
    Ok(Some(creds))
}

fn write_credentials(path: &Path, creds: &[DemoCredential]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(serde_json::to_string_pretty(creds)?.as_bytes())?;
    f.sync_all()?;
    Ok(())
}
