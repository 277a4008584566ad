//! Domain types as text columns on both backends (and the MultiBackend
//! diesel derives for `DbConnection`): stored as their `as_str`, read back
//! through `FromStr`, so a row holds a `RequestStatus`, a `Role` or a
//! `Sha256Digest`, and an unknown stored value fails the read (an internal
//! error), never turns into a default.

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use std::io::Write;

use super::connection::MultiBackend;

macro_rules! text_column {
    ($($t:ty),+ $(,)?) => { $(
        impl FromSql<Text, Pg> for $t {
            fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
                let s = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                s.parse::<$t>().map_err(|e| format!("stored value `{s}`: {e}").into())
            }
        }

        impl FromSql<Text, Sqlite> for $t {
            fn from_sql(
                bytes: <Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> deserialize::Result<Self> {
                let s = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                s.parse::<$t>().map_err(|e| format!("stored value `{s}`: {e}").into())
            }
        }

        impl FromSql<Text, MultiBackend> for $t {
            fn from_sql(
                bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> deserialize::Result<Self> {
                bytes.from_sql::<Self, Text>()
            }
        }

        impl ToSql<Text, Pg> for $t {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                out.write_all(self.as_str().as_bytes())?;
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, Sqlite> for $t {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.as_str());
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, MultiBackend> for $t {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }
    )+ };
}

use crate::domain::approval::{ApprovalKind, ApprovalState};
use crate::domain::camera::CameraStatus;
use crate::domain::digest::Sha256Digest;
use crate::domain::erasure::Basis;
use crate::domain::fulfilment::ItemStatus;
use crate::domain::ids::{ClipId, RecorderId, RequestId};
use crate::domain::kinds::{ClipSource, JobKind, JobState, SegmentStatus, ShareKind};
use crate::domain::lifecycle::RequestStatus;
use crate::domain::organisation::OrgKind;
use crate::domain::reason::ReasonCode;
use crate::domain::recorder::{RecorderKind, RecorderReachability};
use crate::domain::role::Role;
use crate::domain::urgency::Urgency;

text_column!(
    RequestStatus,
    ItemStatus,
    Urgency,
    ReasonCode,
    Role,
    OrgKind,
    CameraStatus,
    RecorderKind,
    RecorderReachability,
    ApprovalKind,
    ApprovalState,
    Basis,
    JobKind,
    JobState,
    ClipSource,
    SegmentStatus,
    ShareKind,
    Sha256Digest,
    RequestId,
    ClipId,
    RecorderId,
);
