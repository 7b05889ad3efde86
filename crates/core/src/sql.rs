//! Text columns read back as typed values: a value the type does not know is an error when
//! the row is loaded, never a silent fallback to some default.

/// Implements diesel's `ToSql`/`FromSql` for PostgreSQL `text` on a type with
/// `fn as_str(self) -> &'static str` and `fn parse(&str) -> Option<Self>`, which also derives
/// `diesel::AsExpression` and `diesel::FromSqlRow` with `#[diesel(sql_type = Text)]`.
#[macro_export]
macro_rules! text_column {
    ($type:ty) => {
        impl ::diesel::serialize::ToSql<::diesel::sql_types::Text, ::diesel::pg::Pg> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, ::diesel::pg::Pg>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, ::diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl ::diesel::deserialize::FromSql<::diesel::sql_types::Text, ::diesel::pg::Pg> for $type {
            fn from_sql(
                bytes: ::diesel::pg::PgValue<'_>,
            ) -> ::diesel::deserialize::Result<Self> {
                let raw = <String as ::diesel::deserialize::FromSql<
                    ::diesel::sql_types::Text,
                    ::diesel::pg::Pg,
                >>::from_sql(bytes)?;
                <$type>::parse(&raw).ok_or_else(|| {
                    format!("{raw:?} is not a known {}", stringify!($type)).into()
                })
            }
        }
    };
}
