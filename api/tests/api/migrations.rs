//! Every migration can be reverted and re-applied.

use diesel::sql_types::BigInt;
use diesel::{QueryableByName, RunQueryDsl};

use crate::helpers::TestDb;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn public_tables(db: &TestDb) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'",
    )
    .get_result::<Count>(&mut db.superuser_conn())
    .unwrap()
    .n
}

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let db = TestDb::create_empty();
    let applied = vigil_data::migrations::run_pending(&db.owner_url()).unwrap();
    assert!(!applied.is_empty());
    let tables = public_tables(&db);
    assert!(tables >= 4);

    let reverted = vigil_data::migrations::revert_all(&db.owner_url()).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(public_tables(&db), 0, "down migrations left tables behind");

    let reapplied = vigil_data::migrations::run_pending(&db.owner_url()).unwrap();
    assert_eq!(reapplied, applied);
    assert_eq!(public_tables(&db), tables);
    assert!(
        vigil_data::migrations::run_pending(&db.owner_url())
            .unwrap()
            .is_empty()
    );
}
