//! `text_enum!`: a closed set stored and sent as text. Every status, kind
//! and role is declared through it, so each has the same parts: the
//! variants with their spelling, `ALL`, `as_str`, `Display`, serde in
//! snake_case, the OpenAPI schema, the diesel text column (its `FromSql`
//! and `ToSql` are in `db::column_types`), and `FromStr`, which refuses
//! unknown text with the set's own error code.

/// `text_enum!(#[doc] Name, "what it is", ErrorCodeVariant, { Variant => "text", … })`.
macro_rules! text_enum {
    (@unit $v:ident) => { () };
    ($(#[$m:meta])* $name:ident, $what:literal, $code:ident, { $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize,
            utoipa::ToSchema, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; <[()]>::len(&[$(text_enum!(@unit $v)),+])] = [$($name::$v),+];

            /// The stored and serialised spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
                    $crate::domain::ValidationError::new(
                        $crate::domain::error_code::ErrorCode::$code,
                        format!(concat!("unknown ", $what, " `{}`"), s),
                    )
                })
            }
        }
    };
}
