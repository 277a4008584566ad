//! Identifiers of the records evidence hangs on: a request and a clip.
//! UUIDs (v7 for new rows) as text, and nothing else, from the database
//! row up; one kind of id cannot be passed where another is meant.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error_code::ErrorCode;
use super::ValidationError;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident, $what:literal, $code:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            pub fn from_uuid(u: uuid::Uuid) -> Self {
                Self(u.hyphenated().to_string())
            }

            pub fn parse(s: &str) -> Result<Self, ValidationError> {
                uuid::Uuid::parse_str(s)
                    .map(|u| Self(u.hyphenated().to_string()))
                    .map_err(|_| ValidationError::new(ErrorCode::$code, concat!("not a ", $what, " id")))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some("a UUID"))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

id_type!(
    /// A footage request.
    RequestId, "request", InvalidRequestId
);
id_type!(
    /// A clip: one item's evidence.
    ClipId, "clip", InvalidClipId
);
id_type!(
    /// A recorder (NVR or VMS).
    RecorderId, "recorder", InvalidRecorderId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids() {
        let id = ClipId::new();
        assert_eq!(id.as_str().parse::<ClipId>(), Ok(id.clone()));
        assert_eq!(
            "0192f0c0-0000-7000-8000-000000000001"
                .parse::<RequestId>()
                .unwrap()
                .as_str(),
            "0192f0c0-0000-7000-8000-000000000001"
        );
        assert_eq!(
            "nobody".parse::<ClipId>().unwrap_err().code,
            "invalid_clip_id"
        );
        assert!("".parse::<RequestId>().is_err());
    }
}
