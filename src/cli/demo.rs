//! `sakshya demo`

use super::open_db;
use crate::config::Settings;
use crate::demo;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let path = demo::credentials_path(&settings.data_dir);
    match demo::seed(&db, &settings.data_dir)? {
        None => println!(
            "the database already has data; demo not seeded. Demo logins, if this was a demo install: {}",
            path.display()
        ),
        Some(creds) => {
            println!("demo seeded: Pune ICCC, 2 police stations, 1 court, 6 cameras, {} users", creds.len());
            println!("{:<15} {:<19} {:<16} {:<28} totp secret", "username", "role", "organisation", "password");
            for c in &creds {
                println!(
                    "{:<15} {:<19} {:<16} {:<28} {}",
                    c.username,
                    c.role,
                    c.organisation,
                    c.password,
                    c.totp_secret.as_deref().unwrap_or("-")
                );
            }
            println!("written to {} (mode 0600)", path.display());
        }
    }
    Ok(())
}
