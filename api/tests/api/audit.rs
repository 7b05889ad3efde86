//! The audit log: filtered and paginated reading, append-only storage, and a hash chain that
//! detects tampering and does not fork under concurrent writers.

use diesel::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use vigil::ids::OrgId;
use vigil_data::TenantContext;

use crate::helpers::responses::{AuditChainStatus, AuditEventList, Unreadable};
use crate::helpers::{TestApp, TestSession, assert_problem};

fn audit_path(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/audit-events", session.org_id())
}

async fn make_events(app: &TestApp, owner: &TestSession, n: usize) {
    for i in 0..n {
        let response = app
            .send_as(
                owner,
                Method::PATCH,
                &format!("/api/v1/organizations/{}", owner.org_id()),
                &json!({ "contact_phone": format!("02 9000 {:04}", i) }),
            )
            .await;
        assert_eq!(response.status(), 200);
    }
}

#[tokio::test]
async fn events_are_filtered_and_paginated_newest_first() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    make_events(&app, &owner, 5).await;

    let first: AuditEventList = app
        .read_as(&owner, &format!("{}?limit=3", audit_path(&owner)))
        .await;
    let items = &first.items;
    assert_eq!(items.len(), 3);
    let seqs: Vec<i64> = items.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "{seqs:?}");
    assert_eq!(items[0].actor_id, Some(owner.user_uuid()));
    assert!(items[0].actor_name.as_deref().unwrap().contains("Jane"));
    assert!(items[0].request_id.is_some());
    assert_eq!(items[0].ip.as_deref(), Some("127.0.0.1"));
    let cursor = first.next_cursor.unwrap();

    let rest: AuditEventList = app
        .read_as(
            &owner,
            &format!("{}?limit=50&cursor={cursor}", audit_path(&owner)),
        )
        .await;
    assert!(rest.next_cursor.is_none());
    let total = items.len() + rest.items.len();
    assert_eq!(
        i64::try_from(total).unwrap(),
        app.count("SELECT count(*) AS n FROM audit_events")
    );

    let updates: AuditEventList = app
        .read_as(
            &owner,
            &format!("{}?action=organization.updated", audit_path(&owner)),
        )
        .await;
    assert_eq!(updates.items.len(), 5);
    let prefix: AuditEventList = app
        .read_as(&owner, &format!("{}?action=member.", audit_path(&owner)))
        .await;
    assert_eq!(prefix.items[0].action, "member.added");
    let future: AuditEventList = app
        .read_as(
            &owner,
            &format!("{}?from=2999-01-01T00:00:00Z", audit_path(&owner)),
        )
        .await;
    assert!(future.items.is_empty());
    let bad = app
        .get_as(&owner, &format!("{}?from=yesterday", audit_path(&owner)))
        .await;
    assert_problem(bad, 400, "invalid-query").await;
}

#[tokio::test]
async fn members_cannot_read_the_audit_log() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    for role in ["member", "viewer"] {
        let (_, someone) = app.member_of(&owner.org_id(), role).await;
        assert_problem(
            app.get_as(&someone, &audit_path(&owner)).await,
            403,
            "permission-denied",
        )
        .await;
        assert_problem(
            app.get_as(&someone, &format!("{}/verification", audit_path(&owner)))
                .await,
            403,
            "permission-denied",
        )
        .await;
    }
}

#[tokio::test]
async fn the_application_role_cannot_change_or_delete_events() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = OrgId::from_uuid(owner.org_id().parse().unwrap());
    let pool = app.db.pool(1);
    for sql in [
        "UPDATE audit_events SET action = 'forged'",
        "DELETE FROM audit_events",
    ] {
        let result = pool
            .tenant(TenantContext::new(org, None), move |conn| {
                Ok(diesel::sql_query(sql).execute(conn)?)
            })
            .await;
        let message = format!("{:?}", result.unwrap_err());
        assert!(message.contains("permission denied"), "{sql}: {message}");
    }
}

#[tokio::test]
async fn the_chain_verifies_and_tampering_is_detected() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    make_events(&app, &owner, 3).await;
    let verification = format!("{}/verification", audit_path(&owner));

    let ok: AuditChainStatus = app.read_as(&owner, &verification).await;
    assert!(ok.valid);
    let events = ok.events_checked;
    assert!(events >= 5, "{ok:?}");

    // Someone with database superuser access edits an event.
    app.sql("UPDATE audit_events SET details = '{\"forged\": true}' WHERE seq = 3");
    let broken: AuditChainStatus = app.read_as(&owner, &verification).await;
    assert!(!broken.valid);
    assert_eq!(broken.first_broken_seq, Some(3));

    // The log still reads: the edited row is shown as stored and marked, the others as usual.
    let log: AuditEventList = app
        .read_as(&owner, &format!("{}?limit=100", audit_path(&owner)))
        .await;
    let items = &log.items;
    let forged = items.iter().find(|e| e.seq == 3).unwrap();
    assert_eq!(forged.action, "unreadable", "{forged:?}");
    let stored: Unreadable = forged.details_as();
    assert_eq!(stored.details, json!({ "forged": true }));
    assert!(stored.action.contains('.'));
    assert!(
        items
            .iter()
            .filter(|e| e.seq != 3)
            .all(|e| e.action != "unreadable")
    );

    // The ops command finds it too, and fails.
    let broken_count = vigil::audit::verify_all(&app.db.owner_url(), None)
        .await
        .unwrap();
    assert_eq!(broken_count, 1);
}

#[tokio::test]
async fn removing_an_event_breaks_the_chain() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    make_events(&app, &owner, 3).await;
    app.sql("DELETE FROM audit_events WHERE seq = 2");
    let status: AuditChainStatus = app
        .read_as(&owner, &format!("{}/verification", audit_path(&owner)))
        .await;
    assert_eq!(status.first_broken_seq, Some(3));
}

#[tokio::test]
async fn concurrent_writers_do_not_fork_the_chain() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let requests = (0..20).map(|i| {
        app.send_as(
            &owner,
            Method::PATCH,
            &format!("/api/v1/organizations/{}", owner.org_id()),
            &json!({ "contact_phone": format!("02 9111 {:04}", i) }),
        )
    });
    for response in futures_util::future::join_all(requests).await {
        assert_eq!(response.status(), 200);
    }
    let status: AuditChainStatus = app
        .read_as(&owner, &format!("{}/verification", audit_path(&owner)))
        .await;
    assert!(status.valid, "{status:?}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(DISTINCT seq) AS n FROM audit_events WHERE org_id = '{}'",
            owner.org_id()
        )),
        status.events_checked
    );
}

#[tokio::test]
async fn the_ops_command_checks_every_organisation() {
    let app = TestApp::spawn().await;
    app.signed_up_owner().await;
    app.signed_up_owner().await;
    // The owner role lists all organisations; the application role lists none without context.
    assert_eq!(
        vigil::audit::verify_all(&app.db.owner_url(), None)
            .await
            .unwrap(),
        0
    );
    let pool = app.db.pool(1);
    let visible = pool
        .global(|conn| {
            use diesel::prelude::*;
            Ok(vigil_data::schema::organizations::table
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(visible, 0);
}
