//! Organisation profile and settings, deletion with a grace period, purge, restore, creation.

use reqwest::Method;
use serde_json::json;
use vigil_core::onboarding::StepStatus;
use vigil_core::roles::Role;

use crate::helpers::responses::{
    AuditEventList, Changes, DeletionScheduled, FieldChange, Membership, Onboarding,
    OnboardingStep, Organization, Session,
};
use crate::helpers::{TestApp, TestSession, assert_problem, expect_body, expect_problem};

fn org_path(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}", session.org_id())
}

#[tokio::test]
async fn members_read_the_profile() {
    let app = TestApp::spawn().await;
    let (user, owner) = app.signed_up_owner().await;
    let (_, viewer) = app.member_of(&owner.org_id(), "viewer").await;
    let org: Organization = app.read_as(&viewer, &org_path(&owner)).await;
    assert_eq!(org.name, user.organization_name);
    assert_eq!(org.address.country, "AU");
    assert_eq!(org.time_zone, "Australia/Sydney");
    assert_eq!(org.subscription_tier, "free");
    assert!(org.logo_url.is_none());
}

#[tokio::test]
async fn owners_and_admins_update_details_and_complete_step_three() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, admin) = app.member_of(&owner.org_id(), "admin").await;

    let response = app
        .send_as(
            &admin,
            Method::PATCH,
            &org_path(&owner),
            &json!({
                "name": "Harbour View Medical Centre",
                "abn": "51 824 753 556",
                "address_line1": "1 Harbour St",
                "suburb": "Sydney",
                "state": "nsw",
                "postcode": "2000",
                "contact_email": "admin@harbourview.com.au",
                "contact_phone": "02 9876 5432",
                "time_zone": "Australia/Sydney",
            }),
        )
        .await;
    let org: Organization = expect_body(response, 200).await;
    assert_eq!(
        org.abn.as_deref(),
        Some("51824753556"),
        "stored without spaces"
    );
    assert_eq!(org.address.state.as_deref(), Some("NSW"));
    assert_eq!(
        org.contact_email.as_deref(),
        Some("admin@harbourview.com.au")
    );

    let onboarding: Onboarding = app
        .read_as(&owner, &format!("{}/onboarding", org_path(&owner)))
        .await;
    assert_eq!(onboarding.steps[2].status, StepStatus::Completed);
    assert_eq!(onboarding.current_step, Some(OnboardingStep::Branding));

    let events: AuditEventList = app
        .read_as(
            &owner,
            &format!(
                "{}/audit-events?action=organization.updated",
                org_path(&owner)
            ),
        )
        .await;
    let event = &events.items[0];
    assert_eq!(
        event.details_as::<Changes>().changes.get("abn"),
        Some(&FieldChange::Values {
            before: serde_json::Value::Null,
            after: json!("51824753556"),
        })
    );
    assert_eq!(event.actor_id, Some(admin.user_uuid()));

    // null clears; absent leaves alone.
    let cleared = app
        .send_as(
            &owner,
            Method::PATCH,
            &org_path(&owner),
            &json!({ "contact_phone": null }),
        )
        .await;
    let cleared: Organization = expect_body(cleared, 200).await;
    assert!(cleared.contact_phone.is_none());
    assert_eq!(cleared.abn.as_deref(), Some("51824753556"));
}

#[tokio::test]
async fn members_and_viewers_cannot_update_or_delete() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    for role in ["member", "viewer"] {
        let (_, someone) = app.member_of(&owner.org_id(), role).await;
        let update = app
            .send_as(
                &someone,
                Method::PATCH,
                &org_path(&owner),
                &json!({ "name": "Hijacked" }),
            )
            .await;
        assert_problem(update, 403, "permission-denied").await;
        let delete = app
            .as_user(&someone, Method::DELETE, &org_path(&owner))
            .send()
            .await
            .unwrap();
        assert_problem(delete, 403, "permission-denied").await;
    }
    let (_, admin) = app.member_of(&owner.org_id(), "admin").await;
    let delete = app
        .as_user(&admin, Method::DELETE, &org_path(&owner))
        .send()
        .await
        .unwrap();
    assert_problem(delete, 403, "permission-denied").await;
}

#[tokio::test]
async fn each_bad_detail_is_named() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let response = app
        .send_as(
            &owner,
            Method::PATCH,
            &org_path(&owner),
            &json!({
                "name": "",
                "abn": "51 824 753 557",
                "state": "Queensland",
                "postcode": "20000",
                "contact_email": "nope",
                "contact_phone": "phone me",
                "time_zone": "Australia/Atlantis",
                "country": "Australia",
            }),
        )
        .await;
    let problem = expect_problem(response, 422, "validation-failed").await;
    for field in [
        "name",
        "abn",
        "state",
        "postcode",
        "contact_email",
        "contact_phone",
        "time_zone",
        "country",
    ] {
        assert!(problem.errors.contains_key(field), "{field}: {problem:?}");
    }
    assert!(problem.error("abn").contains("checksum"));

    for (abn, rule) in [
        ("5182475355", "11 digits"),
        ("51 824 753 55X", "only digits"),
    ] {
        let response = app
            .send_as(
                &owner,
                Method::PATCH,
                &org_path(&owner),
                &json!({ "abn": abn }),
            )
            .await;
        let problem = expect_problem(response, 422, "validation-failed").await;
        assert!(problem.error("abn").contains(rule), "{problem:?}");
    }

    let mismatch = app
        .send_as(
            &owner,
            Method::PATCH,
            &org_path(&owner),
            &json!({ "state": "VIC", "postcode": "2000" }),
        )
        .await;
    let problem = expect_problem(mismatch, 422, "validation-failed").await;
    assert_eq!(
        problem.error("postcode"),
        "Postcode 2000 is in NSW, not VIC."
    );

    let unknown = app
        .send_as(
            &owner,
            Method::PATCH,
            &org_path(&owner),
            &json!({ "subscription_tier": "enterprise" }),
        )
        .await;
    assert_problem(unknown, 422, "invalid-body").await;
    let org: Organization = app.read_as(&owner, &org_path(&owner)).await;
    assert_eq!(org.subscription_tier, "free");
    assert!(org.abn.is_none());
}

#[tokio::test]
async fn several_organisations_may_share_an_abn_without_learning_of_each_other() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    let set_abn = |session: TestSession| {
        let app = &app;
        async move {
            app.send_as(
                &session,
                Method::PATCH,
                &org_path(&session),
                &json!({ "abn": "53004085616" }),
            )
            .await
        }
    };
    assert_eq!(set_abn(alpha.clone()).await.status(), 200);
    // Sites of one practice share its ABN: the second is accepted, and nothing in the answer
    // says another organisation holds it.
    let shared = set_abn(beta.clone()).await;
    assert_eq!(shared.status(), 200);
    let body = shared.text().await.unwrap();
    assert!(!body.contains(&alpha.org_id()), "{body}");
    assert!(
        !body.to_lowercase().contains("another organisation"),
        "{body}"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM organizations WHERE abn = '53004085616'"),
        2
    );

    // Deleting and restoring one of them is no longer blocked by the other.
    let deleted = app
        .as_user(&alpha, Method::DELETE, &org_path(&alpha))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 202);
    let restore = app
        .as_user(
            &alpha,
            Method::POST,
            &format!("{}/restore", org_path(&alpha)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(restore.status(), 200);
}

#[tokio::test]
async fn deletion_hides_the_organisation_and_owners_can_restore_it() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, member) = app.member_of(&owner.org_id(), "member").await;

    let response = app
        .as_user(&owner, Method::DELETE, &org_path(&owner))
        .send()
        .await
        .unwrap();
    let scheduled: DeletionScheduled = expect_body(response, 202).await;
    assert!(scheduled.purge_after > chrono::Utc::now() + chrono::Duration::days(29));

    for who in [&owner, &member] {
        assert_problem(
            app.get_as(who, &org_path(&owner)).await,
            404,
            "organization-not-found",
        )
        .await;
    }
    let session: Session = app.read_as(&owner, "/api/v1/auth/session").await;
    assert!(
        !session
            .memberships
            .iter()
            .any(|m| m.organization_id == owner.org_uuid()),
        "a deleted organisation leaves the switcher"
    );
    // A member cannot restore it; the owner can.
    let restore_path = format!("{}/restore", org_path(&owner));
    let denied = app
        .as_user(&member, Method::POST, &restore_path)
        .send()
        .await
        .unwrap();
    assert_problem(denied, 404, "organization-not-found").await;
    let restored = app
        .as_user(&owner, Method::POST, &restore_path)
        .send()
        .await
        .unwrap();
    assert_eq!(restored.status(), 200);
    assert_eq!(app.get_as(&member, &org_path(&owner)).await.status(), 200);

    let events: AuditEventList = app
        .read_as(
            &owner,
            &format!("{}/audit-events?action=organization.", org_path(&owner)),
        )
        .await;
    let actions: Vec<&str> = events.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions[..2],
        ["organization.restored", "organization.deleted"]
    );

    // The purge job scheduled by the deletion finds nothing to do.
    app.sql("UPDATE background_jobs SET run_at = now()");
    app.run_jobs().await;
    assert_eq!(app.get_as(&owner, &org_path(&owner)).await.status(), 200);
}

#[tokio::test]
async fn after_the_grace_period_data_and_files_are_purged() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, other) = app.signed_up_owner().await;
    let org = owner.org_id();
    let folder = app.storage_dir.path().join(format!("organizations/{org}"));
    assert!(folder.exists());

    app.as_user(&owner, Method::DELETE, &org_path(&owner))
        .send()
        .await
        .unwrap();
    // Not due yet: nothing happens.
    assert_eq!(app.run_jobs().await, 0);

    // The grace period is over.
    app.sql(&format!(
        "UPDATE organizations SET purge_after = now() - interval '1 second' WHERE id = '{org}';
         UPDATE background_jobs SET run_at = now() WHERE kind = 'purge_organization'"
    ));
    assert_eq!(app.run_jobs().await, 1);

    assert!(!folder.exists(), "files purged");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM organizations WHERE id = '{org}'"
        )),
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE org_id = '{org}'"
        )),
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE org_id = '{org}'"
        )),
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM deleted_organizations WHERE organization_id = '{org}'"
        )),
        1
    );
    // The account and the other organisation are untouched.
    assert_eq!(
        app.get_as(&owner, "/api/v1/auth/session").await.status(),
        200
    );
    assert_eq!(app.get_as(&other, &org_path(&other)).await.status(), 200);
    assert!(
        app.storage_dir
            .path()
            .join(format!("organizations/{}", other.org_id()))
            .exists()
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM background_jobs WHERE kind = 'purge_organization' AND status = 'succeeded'"),
        1
    );
}

#[tokio::test]
async fn signed_in_people_create_more_organisations() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let response = app
        .send_as(
            &owner,
            Method::POST,
            "/api/v1/organizations",
            &json!({ "name": "Second Practice" }),
        )
        .await;
    let org: Organization = expect_body(response, 201).await;
    assert_eq!(org.name, "Second Practice");
    assert!(org.slug.starts_with("second-practice-"));
    let mine: Vec<Membership> = app.read_as(&owner, "/api/v1/me/organizations").await;
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[1].role, Role::Owner);
    let id = org.id;
    assert!(
        app.storage_dir
            .path()
            .join(format!("organizations/{id}/documents/.keep"))
            .exists()
    );

    let bad = app
        .send_as(
            &owner,
            Method::POST,
            "/api/v1/organizations",
            &json!({ "name": " " }),
        )
        .await;
    let problem = expect_problem(bad, 422, "validation-failed").await;
    assert!(problem.errors.contains_key("name"));
}

#[tokio::test]
async fn an_unknown_time_zone_in_the_database_is_an_error_not_utc() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    assert_eq!(app.get_as(&owner, &org_path(&owner)).await.status(), 200);
    app.sql(&format!(
        "UPDATE organizations SET time_zone = 'Mars/Olympus' WHERE id = '{}'",
        owner.org_id()
    ));
    // Review dates would silently shift by a day in UTC: refuse instead.
    let summary = app
        .get_as(&owner, &format!("{}/compliance-results", org_path(&owner)))
        .await;
    assert_eq!(summary.status(), 500);
    assert_eq!(app.get_as(&owner, &org_path(&owner)).await.status(), 500);
}
