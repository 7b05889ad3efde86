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

/// Declares an enum stored as `text`: its variants and their stable names in one list, with
/// serde, OpenAPI, `ALL`, `as_str`, `parse` and the SQL mapping (unknown names fail to load).
///
/// ```ignore
/// text_enum! {
///     /// What a report contains.
///     pub enum ReportKind {
///         ComplianceSummary = "compliance_summary",
///         AuditLog = "audit_log",
///     }
/// }
/// ```
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            ::serde::Serialize,
            ::serde::Deserialize,
            ::utoipa::ToSchema,
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            ::diesel::expression::AsExpression,
            ::diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = ::diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            $vis const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The stable name, as stored and as sent.
            $vis const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            $vis fn parse(raw: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|value| value.as_str() == raw)
            }
        }

        $crate::text_column!($name);
    };
}

#[cfg(test)]
mod tests {
    crate::text_enum! {
        enum Sample {
            One = "one",
            TwoWords = "two_words",
            Odd = "odd-name",
        }
    }

    #[test]
    fn serde_openapi_and_sql_agree_on_the_names() {
        for value in Sample::ALL {
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                serde_json::json!(value.as_str())
            );
            assert_eq!(Sample::parse(value.as_str()), Some(value));
        }
        assert_eq!(Sample::parse("One"), None);
        let schema = serde_json::to_value(<Sample as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(
            schema["enum"],
            serde_json::json!(["one", "two_words", "odd-name"])
        );
    }
}
