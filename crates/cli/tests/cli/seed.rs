//! `vigil seed`: demo data that people can sign in to, and that keeps Vigil's guarantees
//! (isolation, audit chain, files matching their rows).

use sha2::{Digest, Sha256};
use vigil_cli::seed::{DEMO_PASSWORD, SeedError, SeedOptions, SeedReport};

use crate::helpers::{TestApp, TestDb};

fn small() -> SeedOptions {
    SeedOptions {
        organizations: 4,
        users_per_org: 3,
        documents_per_org: 6,
        seed: 42,
        ..SeedOptions::default()
    }
}

async fn seed_into(
    db: &TestDb,
    storage: &vigil::storage::Storage,
    options: &SeedOptions,
) -> Result<SeedReport, SeedError> {
    let pool = db.pool(options.jobs + 1);
    let mut out = Vec::new();
    vigil_cli::seed::seed(&pool, storage, options, &mut out).await
}

#[tokio::test]
async fn a_small_seed_can_be_signed_in_to_and_keeps_isolation_and_the_audit_chain() {
    let app = TestApp::spawn().await;
    let storage = vigil::storage::Storage::from_config(&app.config.storage).unwrap();
    let report = seed_into(&app.db, &storage, &small()).await.unwrap();

    assert_eq!(report.organizations, 4);
    assert_eq!(report.users, 12);
    assert_eq!(report.documents, 24);
    assert_eq!(app.count("SELECT count(*) AS n FROM organizations"), 4);
    assert_eq!(app.count("SELECT count(*) AS n FROM users"), 12);
    assert_eq!(app.count("SELECT count(*) AS n FROM memberships"), 12);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM memberships WHERE role = 'owner'"),
        4
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()"),
        i64::try_from(report.invitations).unwrap()
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 24);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM compliance_results"),
        i64::try_from(report.results).unwrap()
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM audit_events"),
        i64::try_from(report.audit_events).unwrap()
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM organizations WHERE abn IS NULL OR state IS NULL"),
        0
    );

    // Every organisation's chain verifies.
    assert_eq!(
        vigil::audit::verify_all(&app.db.owner_url(), None)
            .await
            .unwrap(),
        0
    );

    // The demo owner signs in and sees their organisation's documents.
    let session = app.login(&report.demo_email, DEMO_PASSWORD, false).await;
    let org = session.org_id();
    assert_eq!(org, report.org_ids[0].to_string());
    let list = app
        .json_as(&session, &format!("/api/v1/organizations/{org}/documents"))
        .await;
    assert_eq!(list["total"], 6);

    // Each file is in storage with the bytes the row describes.
    for item in list["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let response = app
            .get_as(
                &session,
                &format!("/api/v1/organizations/{org}/documents/{id}/content"),
            )
            .await;
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        assert_eq!(
            i64::try_from(bytes.len()).unwrap(),
            item["size_bytes"].as_i64().unwrap()
        );
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            item["sha256"].as_str().unwrap()
        );
    }

    // Another organisation's documents are not there for this session.
    let other = report.org_ids[1];
    let response = app
        .get_as(
            &session,
            &format!("/api/v1/organizations/{other}/documents"),
        )
        .await;
    assert_eq!(response.status(), 404);

    // A second run is refused unless it appends.
    let again = seed_into(&app.db, &storage, &small()).await;
    assert!(
        matches!(again, Err(SeedError::AlreadySeeded(_))),
        "{again:?}"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM organizations"), 4);
    let appended = seed_into(
        &app.db,
        &storage,
        &SeedOptions {
            append: true,
            organizations: 2,
            ..small()
        },
    )
    .await
    .unwrap();
    assert_eq!(appended.run, 1);
    assert_ne!(appended.demo_email, report.demo_email);
    assert_eq!(app.count("SELECT count(*) AS n FROM organizations"), 6);
    assert_eq!(
        vigil::audit::verify_all(&app.db.owner_url(), None)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let storage_dir = tempfile::tempdir().unwrap();
    let options = SeedOptions {
        documents_per_org: 2,
        ..small()
    };
    let mut seen = Vec::new();
    for _ in 0..2 {
        let db = TestDb::create();
        seed_into(&db, &storage_for(&storage_dir, &db), &options)
            .await
            .unwrap();
        let owner = db.superuser_conn();
        seen.push(names_and_emails(owner));
    }
    assert_eq!(seen[0], seen[1]);
    assert!(!seen[0].0.is_empty());
}

fn storage_for(root: &tempfile::TempDir, db: &TestDb) -> vigil::storage::Storage {
    let dir = root.path().join(&db.name);
    std::fs::create_dir_all(&dir).unwrap();
    vigil::storage::Storage::local(&dir).unwrap()
}

fn names_and_emails(mut conn: diesel::pg::PgConnection) -> (Vec<String>, Vec<String>) {
    use diesel::prelude::*;
    use vigil_data::schema::{organizations, users};
    let names = organizations::table
        .order(organizations::name)
        .select(organizations::name)
        .load(&mut conn)
        .unwrap();
    let emails = users::table
        .order(users::email)
        .select(users::email)
        .load(&mut conn)
        .unwrap();
    (names, emails)
}

#[tokio::test]
async fn bad_sizes_are_refused_before_anything_is_written() {
    let app = TestApp::spawn().await;
    let storage = vigil::storage::Storage::from_config(&app.config.storage).unwrap();
    let refused = seed_into(
        &app.db,
        &storage,
        &SeedOptions {
            organizations: 0,
            ..small()
        },
    )
    .await;
    match refused {
        Err(SeedError::Invalid(message)) => assert!(message.contains("--organizations")),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM users"), 0);
}
