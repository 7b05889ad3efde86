//! `crates/data/src/schema.rs` is written by hand: this keeps it in step with the migrations.

use std::collections::BTreeMap;

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};

use crate::helpers::TestDb;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// The diesel type a PostgreSQL column must be declared with.
fn diesel_type(data_type: &str, nullable: bool) -> String {
    let base = match data_type {
        "uuid" => "Uuid",
        "text" => "Text",
        "timestamp with time zone" => "Timestamptz",
        "jsonb" => "Jsonb",
        "boolean" => "Bool",
        "integer" => "Int4",
        "bigint" => "Int8",
        "smallint" => "Int2",
        "bytea" => "Bytea",
        "inet" => "Inet",
        "date" => "Date",
        "double precision" => "Float8",
        "ARRAY" => "Array<Text>",
        other => other,
    };
    if nullable {
        format!("Nullable<{base}>")
    } else {
        base.to_owned()
    }
}

/// table → column → type, from the `diesel::table!` blocks of schema.rs.
fn declared() -> BTreeMap<String, BTreeMap<String, String>> {
    let source = include_str!("../../../crates/data/src/schema.rs");
    let mut tables = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines().map(str::trim) {
        if let Some(current_name) = &current {
            if line == "}" {
                current = None;
            } else if let Some((column, ty)) = line.split_once("->") {
                tables
                    .entry(current_name.clone())
                    .or_insert_with(BTreeMap::new)
                    .insert(
                        column.trim().to_owned(),
                        ty.trim().trim_end_matches(',').to_owned(),
                    );
            }
        } else if line.ends_with('{') && line.contains('(') && !line.starts_with("diesel::") {
            current = line.split_whitespace().next().map(str::to_owned);
        }
    }
    tables
}

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let db = TestDb::create();
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
         ORDER BY table_name, ordinal_position",
    )
    .load(&mut db.superuser_conn())
    .unwrap();
    let mut actual: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for c in columns {
        actual.entry(c.table_name).or_default().insert(
            c.column_name,
            diesel_type(&c.data_type, c.is_nullable == "YES"),
        );
    }
    let declared = declared();
    assert!(!declared.is_empty(), "could not parse schema.rs");
    assert_eq!(
        declared, actual,
        "schema.rs (left) differs from the database (right)"
    );
}
