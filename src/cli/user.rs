//! `sakshya user add|passwd|reset-mfa`
//!
//! Passwords are never taken as arguments (they would show in `ps` and
//! shell history): pass `--password-stdin`, or let Sakshya generate one
//! and print it once.

use std::io::BufRead;

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::domain::role::Role;
use crate::workflow::accounts::{self, NewUser};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user in an organisation.
    Add {
        #[arg(long)]
        username: String,
        /// investigator, station_supervisor, operator, iccc_admin, court or auditor.
        #[arg(long)]
        role: String,
        /// Organisation code (see `sakshya org list`).
        #[arg(long)]
        org: String,
        /// Full name as it should appear in records.
        #[arg(long)]
        display_name: String,
        /// Read the password from the first line of standard input instead
        /// of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (ends their sessions).
    Passwd {
        username: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a user's TOTP enrolment; they enrol again at next login.
    ResetMfa { username: String },
    /// Change a user's role (ends their sessions; a security event).
    SetRole { username: String, role: String },
    /// Set the address alerts are emailed to (`--clear` to remove it).
    SetEmail {
        username: String,
        email: Option<String>,
        #[arg(long, conflicts_with = "email")]
        clear: bool,
    },
    /// Lift a lockout after failed logins.
    Unlock { username: String },
}

fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok((line.trim_end_matches(['\r', '\n']).to_owned(), false))
    } else {
        Ok((generate_password()?, true))
    }
}

/// A random password that satisfies the policy: `Sk-` and 20 base64url
/// characters (120 bits).
pub fn generate_password() -> anyhow::Result<String> {
    use base64::Engine;
    let bytes = crate::auth::random::bytes::<15>()?;
    Ok(format!(
        "Sk-{}9",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

pub fn run(settings: &Settings, cmd: UserCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    match cmd {
        UserCommand::Add {
            username,
            role,
            org,
            display_name,
            password_stdin,
        } => {
            let role: Role = role.parse()?;
            let (pw, generated) = new_password(password_stdin)?;
            let hash = accounts::hash_new_password(&pw)?;
            let row = db.write_blocking(|c| {
                accounts::create_user(
                    c,
                    NewUser {
                        username: &username,
                        display_name: &display_name,
                        role,
                        org_code: &org.to_ascii_uppercase(),
                        password_hash: hash,
                    },
                )
            })?;
            println!(
                "created {} ({}) in {}",
                row.username,
                row.role,
                org.to_ascii_uppercase()
            );
            if generated {
                println!("password: {pw}");
            }
            if role.requires_mfa() {
                println!("this role must enrol TOTP at first login");
            }
        }
        UserCommand::Passwd {
            username,
            password_stdin,
        } => {
            let (pw, generated) = new_password(password_stdin)?;
            let hash = accounts::hash_new_password(&pw)?;
            db.write_blocking(|c| accounts::set_password(c, &username, &hash))?;
            println!("password changed for {username}; their sessions have ended");
            if generated {
                println!("password: {pw}");
            }
        }
        UserCommand::ResetMfa { username } => {
            db.write_blocking(|c| accounts::reset_mfa(c, &username))?;
            println!("TOTP reset for {username}; they will enrol again at next login");
        }
        UserCommand::SetRole { username, role } => {
            let role: Role = role.parse()?;
            db.write_blocking(|c| accounts::set_role(c, &username, role))?;
            println!(
                "{username} is now {}; their sessions have ended",
                role.as_str()
            );
        }
        UserCommand::SetEmail {
            username,
            email,
            clear,
        } => {
            if email.is_none() && !clear {
                anyhow::bail!("give an email address, or --clear");
            }
            db.write_blocking(|c| accounts::set_email(c, &username, email.as_deref()))?;
            match email {
                Some(e) => println!("alerts for {username} go to {e}"),
                None => println!("{username} has no alert email"),
            }
        }
        UserCommand::Unlock { username } => {
            db.write_blocking(|c| accounts::unlock(c, &username))?;
            println!("{username} is unlocked");
        }
    }
    Ok(())
}
