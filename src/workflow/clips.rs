//! Recording a stored clip as an item's evidence: the one path for an
//! extracted clip (the extraction job) and an uploaded export (an
//! operator), so both are sealed and settle the item the same way.

use crate::db::clips::{self, ClipRow};
use crate::db::DbConnection;
use crate::domain::fulfilment::ItemStatus;
use crate::error::ApiError;
use crate::evidence::seal::SealError;
use crate::signing::SigningKey;

/// Where a clip is recorded from: the signing key and the store's name
/// (`fs:`/`s3://`, written into the manifest), and whether closing the
/// request releases its preservation holds.
pub struct Sealing<'a> {
    pub key: &'a SigningKey,
    pub location: &'a str,
    pub release_holds_on_close: bool,
}

/// Inserts `clip` (its bytes already stored), seals it with a signed
/// manifest, and sets its item's outcome to `status`, in the caller's
/// transaction. Returns the preserved copies no hold keeps any more, for
/// the caller to delete once the transaction commits.
pub fn record<E>(
    conn: &mut DbConnection,
    clip: &ClipRow,
    status: ItemStatus,
    how: &Sealing<'_>,
) -> Result<Vec<String>, E>
where
    E: From<ApiError> + From<SealError> + From<diesel::result::Error>,
{
    clips::insert(conn, clip)?;
    crate::evidence::seal::seal(conn, clip, how.key, how.location)?;
    let unheld = super::outcome::record_item_outcome(
        conn,
        &clip.request_id,
        &clip.item_id,
        status,
        None,
        how.release_holds_on_close,
    )?;
    Ok(unheld)
}
