//! Organisations: ICCCs, police stations and courts.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

use super::ValidationError;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum OrgKind {
    Iccc,
    PoliceStation,
    Court,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Iccc, OrgKind::PoliceStation, OrgKind::Court];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Iccc => "iccc",
            OrgKind::PoliceStation => "police_station",
            OrgKind::Court => "court",
        }
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidOrgKind,
                    format!("unknown organisation kind `{s}`"),
                )
            })
    }
}
