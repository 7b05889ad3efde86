//! `vigil bench list-documents-sql`: the pgbench script is the SQL the API runs, so it must
//! give the same page as the API, under the application role and row-level security.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Uuid as SqlUuid};
use vigil_cli::seed::{DEMO_PASSWORD, SeedOptions};

use crate::helpers::TestApp;

/// A row of the counted page: the total beside each document.
#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Nullable<BigInt>)]
    count: Option<i64>,
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
}

#[tokio::test]
async fn the_pgbench_script_returns_the_page_the_api_returns() {
    let app = TestApp::spawn().await;
    let storage = vigil::storage::Storage::from_config(&app.config.storage).unwrap();
    let options = SeedOptions {
        organizations: 2,
        users_per_org: 2,
        documents_per_org: 40,
        ..SeedOptions::default()
    };
    let report = vigil_cli::seed::seed(&app.db.pool(3), &storage, &options, &mut Vec::new())
        .await
        .unwrap();
    let session = app.login(&report.demo_email, DEMO_PASSWORD, false).await;
    let (org, user) = (session.org_id(), session.user_id());
    let api = app
        .json_as(&session, &format!("/api/v1/organizations/{org}/documents"))
        .await;
    let api_ids: Vec<String> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(api_ids.len(), 25);

    let script = vigil_cli::bench::list_documents_script().unwrap();
    // The statements pgbench sends (its pipeline commands aside), variables as literals.
    let statements: Vec<String> = script
        .lines()
        .filter(|line| !line.starts_with("--") && !line.starts_with('\\'))
        .map(|line| {
            line.trim_end_matches(';')
                .replace(":org", &format!("'{org}'"))
                .replace(":user", &format!("'{user}'"))
        })
        .collect();
    assert_eq!(statements.len(), 4, "{script}");
    assert_eq!(statements[0], "BEGIN");
    assert!(statements[1].starts_with("SELECT set_config("), "{script}");
    assert_eq!(statements[3], "COMMIT");

    let mut conn = app.db.app_conn();
    conn.batch_execute(&statements[0]).unwrap();
    conn.batch_execute(&statements[1]).unwrap();
    let rows: Vec<Row> = diesel::sql_query(&statements[2]).load(&mut conn).unwrap();
    conn.batch_execute(&statements[3]).unwrap();
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, api_ids);
    for row in &rows {
        assert_eq!(row.count, api["total"].as_i64());
        assert_eq!(row.count, Some(40));
    }

    // Without the context, row-level security shows nothing: the script measures RLS too.
    let unscoped: Vec<Row> = diesel::sql_query(&statements[2]).load(&mut conn).unwrap();
    assert!(unscoped.is_empty());
}
