//! Step-up: sensitive actions need a proof of identity from the last few minutes, made with
//! the strongest method the person has; `POST /api/v1/auth/step-up` renews it.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::responses::{AuthMethod, PasskeyInfo, SessionInfo};
use crate::helpers::{
    PASSWORD, SoftPasskey, TestApp, TestSession, assert_problem, expect_body, session_from,
};
use crate::passkeys::register;
use crate::security::{code, enrol, mfa_token};

/// Makes every sign-in of the database older than the step-up window (10 minutes).
fn age_sign_ins(app: &TestApp) {
    app.sql("UPDATE sessions SET authenticated_at = now() - interval '11 minutes'");
}

fn policy_path(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/security-policy", session.org_id())
}

const POLICY: &str =
    r#"{ "require_mfa": false, "session_idle_minutes": 20, "allowed_email_domains": [] }"#;

async fn update_policy(app: &TestApp, session: &TestSession) -> reqwest::Response {
    let body: Value = serde_json::from_str(POLICY).unwrap();
    app.send_as(session, Method::PUT, &policy_path(session), &body)
        .await
}

async fn options(app: &TestApp, session: &TestSession) -> Value {
    let response = app
        .send_as(
            session,
            Method::POST,
            "/api/v1/auth/step-up/options",
            &json!({}),
        )
        .await;
    expect_body(response, 200).await
}

async fn step_up(app: &TestApp, session: &TestSession, proof: &Value) -> reqwest::Response {
    app.send_as(session, Method::POST, "/api/v1/auth/step-up", proof)
        .await
}

async fn current_method(app: &TestApp, session: &TestSession) -> AuthMethod {
    let sessions: Vec<SessionInfo> = app.read_as(session, "/api/v1/me/sessions").await;
    sessions.iter().find(|s| s.current).unwrap().auth_method
}

#[tokio::test]
async fn sensitive_actions_need_a_recent_sign_in_and_a_step_up_renews_it() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, member) = app.member_of(&owner.org_id(), "member").await;
    assert_eq!(
        update_policy(&app, &owner).await.status(),
        200,
        "a fresh sign-in is recent"
    );

    age_sign_ins(&app);
    let stale = update_policy(&app, &owner).await;
    let problem = assert_problem(stale, 403, "step-up-required").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("your password"),
        "{problem}"
    );
    // Reading needs no step-up; and no one is asked to prove who they are for what they may
    // not do anyway.
    let read = app.get_as(&owner, &policy_path(&owner)).await;
    assert_eq!(read.status(), 200);
    let body: Value = serde_json::from_str(POLICY).unwrap();
    let theirs = app
        .send_as(&member, Method::PUT, &policy_path(&owner), &body)
        .await;
    assert_problem(theirs, 403, "permission-denied").await;

    assert_eq!(options(&app, &owner).await["proof"], "password");
    let wrong = step_up(&app, &owner, &json!({ "password": "not my password" })).await;
    assert_problem(wrong, 422, "wrong-password").await;
    assert_problem(update_policy(&app, &owner).await, 403, "step-up-required").await;
    let done = step_up(&app, &owner, &json!({ "password": PASSWORD })).await;
    let done: Value = expect_body(done, 200).await;
    assert_eq!(done["auth_method"], "password");
    assert_eq!(update_policy(&app, &owner).await.status(), 200);

    // Each sensitive operation asks; the change of password is one of them.
    age_sign_ins(&app);
    let change = app
        .send_as(
            &owner,
            Method::PUT,
            "/api/v1/me/password",
            &json!({ "current_password": PASSWORD, "new_password": "quiet harbour lantern 77 pebble" }),
        )
        .await;
    assert_problem(change, 403, "step-up-required").await;
}

#[tokio::test]
async fn someone_with_a_passkey_steps_up_with_it_and_nothing_weaker() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let mut passkey = SoftPasskey::new();
    register(&app, &owner, &mut passkey, "Laptop").await;
    age_sign_ins(&app);
    let stale = update_policy(&app, &owner).await;
    let problem = assert_problem(stale, 403, "step-up-required").await;
    assert!(
        problem["detail"].as_str().unwrap().contains("passkey"),
        "{problem}"
    );

    let offered = options(&app, &owner).await;
    assert_eq!(offered["proof"], "passkey");
    // The password alone is what a phisher would have: not enough.
    let weaker = step_up(&app, &owner, &json!({ "password": PASSWORD })).await;
    assert_problem(weaker, 422, "passkey-refused").await;
    let answer = passkey.answer(&offered["passkey"]);
    let token = offered["ceremony_token"].clone();
    let done = step_up(
        &app,
        &owner,
        &json!({ "ceremony_token": token, "passkey": answer }),
    )
    .await;
    assert_eq!(
        expect_body::<Value>(done, 200).await["auth_method"],
        "password_passkey"
    );
    assert_eq!(update_policy(&app, &owner).await.status(), 200);
    // The same challenge cannot be answered twice.
    let replay = step_up(
        &app,
        &owner,
        &json!({ "ceremony_token": token, "passkey": answer }),
    )
    .await;
    assert_problem(replay, 422, "passkey-ceremony-expired").await;

    // Another person's challenge does not count for this one.
    let (_, stranger) = app.signed_up_owner().await;
    register(&app, &stranger, &mut SoftPasskey::new(), "Theirs").await;
    let theirs = options(&app, &stranger).await;
    let hijack = step_up(
        &app,
        &owner,
        &json!({ "ceremony_token": theirs["ceremony_token"], "passkey": passkey.answer(&theirs["passkey"]) }),
    )
    .await;
    assert_problem(hijack, 422, "passkey-ceremony-expired").await;
}

#[tokio::test]
async fn someone_with_totp_steps_up_with_the_password_and_a_code() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (totp, _, _) = enrol(&app, &owner).await;
    age_sign_ins(&app);
    assert_problem(update_policy(&app, &owner).await, 403, "step-up-required").await;
    assert_eq!(options(&app, &owner).await["proof"], "password_and_code");
    let password_only = step_up(&app, &owner, &json!({ "password": PASSWORD })).await;
    assert_problem(password_only, 422, "mfa-code-invalid").await;
    let done = step_up(
        &app,
        &owner,
        &json!({ "password": PASSWORD, "code": code(&totp, 1) }),
    )
    .await;
    assert_eq!(
        expect_body::<Value>(done, 200).await["auth_method"],
        "password_totp"
    );
    assert_eq!(current_method(&app, &owner).await, AuthMethod::PasswordTotp);
    assert_eq!(update_policy(&app, &owner).await.status(), 200);
}

async fn ready_report(app: &TestApp, session: &TestSession, kind: &str) -> String {
    let requested = app
        .send_as(
            session,
            Method::POST,
            &format!("/api/v1/organizations/{}/reports", session.org_id()),
            &json!({ "kind": kind, "format": "csv" }),
        )
        .await;
    let report: Value = expect_body(requested, 202).await;
    app.run_jobs().await;
    format!(
        "/api/v1/organizations/{}/reports/{}/content",
        session.org_id(),
        report["id"].as_str().unwrap()
    )
}

#[tokio::test]
async fn downloading_the_audit_log_needs_a_step_up_and_the_step_up_is_audited() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let audit_log = ready_report(&app, &owner, "audit_log").await;
    let summary = ready_report(&app, &owner, "compliance_summary").await;
    assert_eq!(app.get_as(&owner, &audit_log).await.status(), 200);

    age_sign_ins(&app);
    assert_problem(
        app.get_as(&owner, &audit_log).await,
        403,
        "step-up-required",
    )
    .await;
    assert_eq!(
        app.get_as(&owner, &summary).await.status(),
        200,
        "other reports are not sensitive"
    );
    let downloads =
        app.count("SELECT count(*) AS n FROM audit_events WHERE action = 'report.downloaded'");
    assert_eq!(downloads, 2, "the refused download is not recorded as one");

    let done = step_up(&app, &owner, &json!({ "password": PASSWORD })).await;
    assert_eq!(done.status(), 200);
    assert_eq!(app.get_as(&owner, &audit_log).await.status(), 200);
    assert_eq!(
        crate::passkeys::person_events(&app, &owner).await,
        vec![(
            "user.stepped_up".to_string(),
            json!({ "method": "password" })
        )]
    );
}

#[tokio::test]
async fn a_relayed_password_and_code_cannot_add_or_remove_the_authenticators_of_someone_with_a_passkey()
 {
    let app = TestApp::spawn().await;
    let (person, owner) = app.signed_up_owner().await;
    let (totp, _, _) = enrol(&app, &owner).await;
    let registered = register(&app, &owner, &mut SoftPasskey::new(), "Laptop").await;
    // A look-alike site relayed the password and a fresh code: a brand-new session.
    let token = mfa_token(&app, &person.email).await;
    let relayed = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": code(&totp, 1) }),
        )
        .await;
    let stolen = session_from(relayed).await;
    assert_eq!(
        current_method(&app, &stolen).await,
        AuthMethod::PasswordTotp
    );

    let passkey_path = format!("/api/v1/me/passkeys/{}", registered.passkey.id);
    let with_password = json!({ "password": PASSWORD });
    let attempts = [
        (
            Method::POST,
            "/api/v1/me/passkeys/registration",
            &with_password,
        ),
        (Method::DELETE, passkey_path.as_str(), &with_password),
        (Method::POST, "/api/v1/me/mfa/totp", &with_password),
        (Method::DELETE, "/api/v1/me/mfa/totp", &with_password),
        (
            Method::POST,
            "/api/v1/me/mfa/recovery-codes",
            &with_password,
        ),
    ];
    for (method, path, body) in attempts {
        let refused = app.send_as(&stolen, method.clone(), path, body).await;
        assert_problem(refused, 403, "step-up-required").await;
    }
    // Nor does the relayed kind of proof step up: only the passkey does.
    let weaker = step_up(
        &app,
        &stolen,
        &json!({ "password": PASSWORD, "code": code(&totp, 2) }),
    )
    .await;
    assert_problem(weaker, 422, "passkey-refused").await;
    let kept: Vec<PasskeyInfo> = app.read_as(&owner, "/api/v1/me/passkeys").await;
    assert_eq!(kept.len(), 1);
}
