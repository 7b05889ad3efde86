//! Hand-written SQL that the connection keeps prepared. Diesel never caches `sql_query` (its
//! text might be built at run time), so PostgreSQL parses and plans such a statement on every
//! call: the lockout upsert took 0.59 ms that way and 0.25 ms prepared (pgbench, one
//! connection). [`prepared`] takes only a `&'static str`, whose text cannot vary, so caching it
//! is safe. Values bind to `$1`…`$n` as with `sql_query`; a `$n` inside a string literal, a
//! quoted identifier, a comment or a dollar-quoted body is text, not a parameter. Under a
//! transaction-mode pooler the pool turns the cache off and this is a plain statement again.

use std::marker::PhantomData;
use std::ops::Range;

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
        let mut from = 0;
        for (range, n) in parameters(self.sql) {
            out.push_sql(&self.sql[from..range.start]);
            let bind = n
                .checked_sub(1)
                .and_then(|index| self.binds.get(index))
                .ok_or_else(|| {
                    Error::QueryBuilderError(
                        format!("no value bound for ${n} in {:?}", self.sql).into(),
                    )
                })?;
            bind.push(&mut out)?;
            from = range.end;
        }
        out.push_sql(&self.sql[from..]);
        Ok(())
    }
}

/// Where the text's parameters are (the byte range of each `$n`, and n): outside string
/// literals, quoted identifiers, comments and dollar-quoted bodies, and not inside a name.
fn parameters(sql: &str) -> Vec<(Range<usize>, usize)> {
    let bytes = sql.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let skip_to = |from: usize, end: &str| {
        sql[from..]
            .find(end)
            .map_or(sql.len(), |at| from + at + end.len())
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        i = match bytes[i] {
            b'\'' => skip_to(i + 1, "'"),
            b'"' => skip_to(i + 1, "\""),
            b'-' if bytes.get(i + 1) == Some(&b'-') => skip_to(i + 2, "\n"),
            b'/' if bytes.get(i + 1) == Some(&b'*') => skip_to(i + 2, "*/"),
            b'$' if i > 0 && is_word(bytes[i - 1]) => i + 1,
            b'$' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let tag = bytes[i + 1..].iter().take_while(|b| is_word(**b)).count();
                if digits > 0 {
                    // 0 (or an absurd number) names no value: an error when the text is built.
                    let n = sql[i + 1..=i + digits].parse().unwrap_or(0);
                    found.push((i..i + 1 + digits, n));
                    i + 1 + digits
                } else if bytes.get(i + 1 + tag) == Some(&b'$') {
                    let delimiter = &sql[i..i + tag + 2];
                    skip_to(i + delimiter.len(), delimiter)
                } else {
                    i + 1
                }
            }
            _ => i + 1,
        };
    }
    found
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
    fn placeholders_out_of_order_take_their_own_values() {
        let query = prepared("SELECT $2, $1")
            .bind::<Text, _>("first")
            .bind::<Text, _>("second");
        assert_eq!(
            debug_query(&query).to_string(),
            r#"SELECT $1, $2 -- binds: ["second", "first"]"#
        );
    }

    #[test]
    fn dollar_signs_in_literals_names_comments_and_quoted_bodies_are_text() {
        let sql =
            "SELECT '$1', 'it''s $1', \"a$1\", x$1, $$ $1 $$, $q$ $2 $q$, /* $3 */ $1 -- $4\n";
        let query = prepared(sql).bind::<Text, _>("v");
        assert_eq!(
            debug_query(&query).to_string(),
            format!("{sql} -- binds: [\"v\"]")
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
