//! Emailing notifications through SMTP (lettre), after they are committed.
//!
//! Delivery is at least once: a notification is marked emailed after the
//! server accepts the message, so a crash in between sends it again.

use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};
use secrecy::ExposeSecret;

use crate::config::Settings;
use crate::db::{notifications, time, Db, DbError};

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("smtp_url is not valid: {0}")]
    Url(String),
    #[error("smtp_from is not a valid address: {0}")]
    From(String),
    #[error("building the message: {0}")]
    Message(String),
    #[error("the SMTP server refused or failed: {0}")]
    Smtp(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    /// The mailer `smtp_url` describes, or `None` when it is not set.
    pub fn from_settings(s: &Settings) -> Result<Option<Mailer>, EmailError> {
        let Some(url) = &s.smtp_url else {
            return Ok(None);
        };
        let url = url.expose_secret();
        // Never echo the URL: it may hold the SMTP password.
        let transport = match url.strip_prefix("smtp://") {
            // Plain SMTP to a relay on the ICCC's network; lettre's URL
            // form would insist on TLS, which a local relay may not offer.
            Some(rest) if !rest.contains('@') => {
                let (host, port) = match rest.trim_end_matches('/').rsplit_once(':') {
                    Some((h, p)) => (
                        h.to_owned(),
                        p.parse::<u16>()
                            .map_err(|_| EmailError::Url("the port is not a number".into()))?,
                    ),
                    None => (rest.trim_end_matches('/').to_owned(), 25),
                };
                SmtpTransport::builder_dangerous(host)
                    .port(port)
                    .timeout(Some(std::time::Duration::from_secs(15)))
                    .build()
            }
            _ => SmtpTransport::from_url(url)
                .map_err(|_| EmailError::Url("expected smtp://host:port or smtps://…".into()))?
                .timeout(Some(std::time::Duration::from_secs(15)))
                .build(),
        };
        let from: Mailbox = s
            .smtp_from
            .parse()
            .map_err(|e: lettre::address::AddressError| EmailError::From(e.to_string()))?;
        Ok(Some(Mailer { transport, from }))
    }

    pub fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), EmailError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e: lettre::address::AddressError| EmailError::Message(e.to_string()))?;
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body.to_owned())
            .map_err(|e| EmailError::Message(e.to_string()))?;
        self.transport
            .send(&msg)
            .map(|_| ())
            .map_err(|e| EmailError::Smtp(e.to_string()))
    }
}

fn subject(kind: &str) -> &'static str {
    match kind {
        "account_locked" => "Sakshya: an account was locked after failed logins",
        "deadline_breached" => "Sakshya: a footage request missed its deadline",
        "deadline_near" => "Sakshya: a footage request is close to its deadline",
        _ => "Sakshya: footage will be overwritten soon",
    }
}

/// Emails notifications not yet emailed; returns how many were sent. Stops
/// at the first SMTP failure (the rest wait for the next round).
pub fn deliver(db: &Db, mailer: &Mailer) -> Result<usize, EmailError> {
    let pending =
        db.write_blocking(|c| notifications::unsent_email(c, 200).map_err(DbError::from))?;
    let mut sent = 0;
    for (n, to) in pending {
        let body = match &n.request_id {
            Some(request) => format!(
                "{}\n\nRequest: {request}\n\nOpen Sakshya to act on it. This message was sent because you file or handle this request.\n",
                n.message
            ),
            None => format!(
                "{}\n\nThis message was sent because the account is yours or you administer it.\n",
                n.message
            ),
        };
        mailer.send(&to, subject(&n.kind), &body)?;
        db.write_blocking(|c| {
            notifications::mark_emailed(c, &n.id, time::now()).map_err(DbError::from)
        })?;
        sent += 1;
    }
    Ok(sent)
}
