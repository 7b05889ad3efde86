//! Hand-written SQL that the connection keeps prepared. Diesel never caches `sql_query` (its
//! text might be built at run time), so PostgreSQL parses and plans such a statement on every
//! call: the lockout upsert took 0.59 ms that way and 0.25 ms prepared (pgbench, one
//! connection). [`prepared`] takes only a `&'static str`, whose text cannot vary, so caching it
//! is safe; values bind to `$1`…`$n` as with `sql_query`. Under a transaction-mode pooler the
//! pool turns the cache off and this is a plain statement again.

use std::marker::PhantomData;

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error;
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// A statement from fixed text; bind its `$n` in order with [`Prepared::bind`], then run it like
/// `sql_query` (rows are read by name: `QueryableByName`).
pub fn prepared<'a>(sql: &'static str) -> Prepared<'a> {
    Prepared {
        sql,
        binds: Vec::new(),
    }
}

#[must_use = "a statement runs only when `execute`, `load` or `get_result` is called"]
pub struct Prepared<'a> {
    sql: &'static str,
    binds: Vec<Box<dyn Bind + 'a>>,
}

impl<'a> Prepared<'a> {
    /// The value of the next parameter (`$1` first), sent as SQL type `ST`.
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + 'a,
        ST: 'a,
    {
        self.binds.push(Box::new(Value::<ST, V> {
            value,
            sql_type: PhantomData,
        }));
        self
    }
}

trait Bind {
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()>;
}

struct Value<ST, V> {
    value: V,
    sql_type: PhantomData<ST>,
}

impl<ST, V> Bind for Value<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg>,
{
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

impl QueryFragment<Pg> for Prepared<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // Diesel numbers placeholders itself, in the order they are pushed: each `$n` of the
        // text becomes the next one, with the n-th value (a parameter used twice is sent twice).
        let mut rest = self.sql;
        while let Some(at) = rest.find('$') {
            let after = &rest[at + 1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                out.push_sql(&rest[..=at]);
                rest = after;
                continue;
            }
            out.push_sql(&rest[..at]);
            let bind = after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|index| self.binds.get(index))
                .ok_or_else(|| {
                    Error::QueryBuilderError(
                        format!("no value bound for ${} in {:?}", &after[..digits], self.sql)
                            .into(),
                    )
                })?;
            bind.push(&mut out)?;
            rest = &after[digits..];
        }
        out.push_sql(rest);
        Ok(())
    }
}

impl QueryId for Prepared<'_> {
    type QueryId = ();
    // Every statement shares this type, so the cache must key on the text, not the type.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared<'_> {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Prepared<'_> {}

#[cfg(test)]
mod tests {
    use diesel::debug_query;
    use diesel::sql_types::{Integer, Text};

    use super::prepared;

    #[test]
    fn each_placeholder_is_numbered_in_order_and_takes_its_value() {
        let query = prepared("SELECT $1 || $2, $2 || '$', $3 AS n")
            .bind::<Text, _>("a")
            .bind::<Text, _>("b")
            .bind::<Integer, _>(7);
        assert_eq!(
            debug_query(&query).to_string(),
            r#"SELECT $1 || $2, $3 || '$', $4 AS n -- binds: ["a", "b", "b", 7]"#
        );
    }

    #[test]
    fn a_placeholder_without_a_value_is_an_error() {
        let query = prepared("SELECT $2").bind::<Text, _>("only one");
        assert!(
            diesel::query_builder::QueryFragment::<diesel::pg::Pg>::to_sql(
                &query,
                &mut diesel::pg::PgQueryBuilder::default(),
                &diesel::pg::Pg,
            )
            .is_err()
        );
    }
}
