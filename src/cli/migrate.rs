//! `sakshya migrate`

use crate::config::Settings;
use crate::db::Db;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, 1)
        .map_err(|e| anyhow::anyhow!("connecting to {}: {e}", settings.database_url_redacted()))?;
    let mut conn = db.conn()?;
    let n = crate::sla::stored::migrate(&mut conn)
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    println!(
        "{n} migration(s) applied to {} database; schema is current",
        db.backend().as_str()
    );
    Ok(())
}
