//! The five onboarding steps, and the organisation guard on their routes.

use diesel::RunQueryDsl;
use reqwest::Method;

use vigil_core::onboarding::StepStatus;

use crate::helpers::responses::{Onboarding, OnboardingStep};
use crate::helpers::{TestApp, TestUser, assert_problem, expect_problem};

#[tokio::test]
async fn a_new_organisation_starts_at_step_three() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let path = format!("/api/v1/organizations/{}/onboarding", session.org_id());

    let state: Onboarding = app.read_as(&session, &path).await;
    let statuses: Vec<_> = state
        .steps
        .iter()
        .map(|s| (s.number, s.step, s.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (1, OnboardingStep::Account, StepStatus::Completed),
            (2, OnboardingStep::VerifyEmail, StepStatus::Completed),
            (3, OnboardingStep::OrganizationDetails, StepStatus::Pending),
            (4, OnboardingStep::Branding, StepStatus::Pending),
            (5, OnboardingStep::InviteTeam, StepStatus::Pending),
        ]
    );
    assert_eq!(
        state.current_step,
        Some(OnboardingStep::OrganizationDetails)
    );
    assert!(!state.completed);
}

#[tokio::test]
async fn owners_skip_steps_and_the_skip_is_audited() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let org = session.org_id();

    for step in ["organization_details", "branding", "invite_team"] {
        let response = app
            .as_user(
                &session,
                Method::POST,
                &format!("/api/v1/organizations/{org}/onboarding/steps/{step}/skip"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{step}");
    }
    let state: Onboarding = app
        .read_as(&session, &format!("/api/v1/organizations/{org}/onboarding"))
        .await;
    assert!(state.completed);
    assert!(state.current_step.is_none());
    assert_eq!(state.steps[3].status, StepStatus::Skipped);

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let skipped: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM audit_events WHERE action = 'onboarding.step_skipped'",
    )
    .get_result(&mut app.db.superuser_conn())
    .unwrap();
    assert_eq!(skipped.n, 3);

    let unknown_step = app
        .as_user(
            &session,
            Method::POST,
            &format!("/api/v1/organizations/{org}/onboarding/steps/account/skip"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_step.status(), 404);
}

#[tokio::test]
async fn viewers_read_but_cannot_skip() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let viewer = TestUser::new();
    let (_, viewer_session) = app.signed_up(&viewer).await;
    let org = owner.org_id();
    diesel::sql_query(format!(
        "INSERT INTO memberships (org_id, user_id, role) VALUES ('{org}', '{}', 'viewer')",
        viewer_session.user_id()
    ))
    .execute(&mut app.db.superuser_conn())
    .unwrap();

    let read = app
        .as_user(
            &viewer_session,
            Method::GET,
            &format!("/api/v1/organizations/{org}/onboarding"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let skip = app
        .as_user(
            &viewer_session,
            Method::POST,
            &format!("/api/v1/organizations/{org}/onboarding/steps/branding/skip"),
        )
        .send()
        .await
        .unwrap();
    let problem = expect_problem(skip, 403, "permission-denied").await;
    assert!(problem.detail().contains("viewer"));
}

#[tokio::test]
async fn other_organisations_answer_404_and_strangers_401() {
    let app = TestApp::spawn().await;
    let (_, alice) = app.signed_up_owner().await;
    let (_, bob) = app.signed_up_owner().await;

    let path = format!("/api/v1/organizations/{}/onboarding", alice.org_id());
    // Raw JSON: the whole documents are compared, fields no response type knows included.
    let response = app.as_user(&bob, Method::GET, &path).send().await.unwrap();
    let problem = assert_problem(response, 404, "organization-not-found").await;

    let missing = app
        .as_user(
            &bob,
            Method::GET,
            "/api/v1/organizations/00000000-0000-0000-0000-000000000000/onboarding",
        )
        .send()
        .await
        .unwrap();
    let missing = assert_problem(missing, 404, "organization-not-found").await;
    let mut a = problem.clone();
    let mut b = missing.clone();
    for p in [&mut a, &mut b] {
        p.as_object_mut().unwrap().remove("request_id");
    }
    assert_eq!(
        a, b,
        "a foreign organisation looks exactly like a missing one"
    );

    let malformed = app
        .as_user(
            &bob,
            Method::GET,
            "/api/v1/organizations/not-a-uuid/onboarding",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 404);

    let anonymous = app.get(&path).await;
    assert_problem(anonymous, 401, "not-authenticated").await;
}
