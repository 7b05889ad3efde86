//! Forgotten passwords.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem};

async fn request_reset(app: &TestApp, email: &str) -> reqwest::Response {
    let captcha = app.solve_captcha().await;
    app.post_json(
        "/api/v1/auth/password/forgot",
        &json!({ "email": email, "captcha": captcha }),
    )
    .await
}

#[tokio::test]
async fn forgot_answers_the_same_for_known_and_unknown_addresses() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;

    let known = request_reset(&app, &user.email).await;
    let unknown = request_reset(&app, "nobody@example.org").await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), 202);
    assert_eq!(
        known.json::<serde_json::Value>().await.unwrap(),
        unknown.json::<serde_json::Value>().await.unwrap()
    );
    let emails = app.queued_emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].to, user.email);
    assert_eq!(emails[0].template, "password_reset");
    assert!(emails[0].text.contains("1 hour"));
    app.drain_outbox().await;
}

#[tokio::test]
async fn resetting_sets_the_password_signs_out_everywhere_and_notifies() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let other = app.login(&user.email, &user.password, true).await;
    request_reset(&app, &user.email).await;
    let token = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;

    let weak = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": "password123" }),
        )
        .await;
    let problem = assert_problem(weak, 422, "validation-failed").await;
    assert!(problem["errors"]["password"].is_array());

    let new_password = "quiet harbour lantern 77 pebble";
    let ok = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": new_password }),
        )
        .await;
    assert_eq!(ok.status(), 204);

    for old in [&session, &other] {
        let response = app
            .as_user(old, Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap();
        assert_problem(response, 401, "not-authenticated").await;
    }
    let changed = app.emails_to(&user.email, "password_changed");
    assert_eq!(changed.len(), 1);
    app.drain_outbox().await;

    assert_problem(
        app.login_response(&user.email, &user.password, false).await,
        401,
        "invalid-credentials",
    )
    .await;
    app.login(&user.email, new_password, false).await;

    let reused = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": "another quite long passphrase 9" }),
        )
        .await;
    assert_problem(reused, 410, "reset-token-used").await;
}

#[tokio::test]
async fn expired_and_forged_reset_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    request_reset(&app, &user.email).await;
    let token = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;

    let forged = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": "x".repeat(43), "password": "quiet harbour lantern 77 pebble" }),
        )
        .await;
    assert_problem(forged, 400, "reset-token-invalid").await;

    use diesel::RunQueryDsl;
    diesel::sql_query("UPDATE user_tokens SET expires_at = now() - interval '1 minute' WHERE purpose = 'password_reset'")
        .execute(&mut app.db.superuser_conn())
        .unwrap();
    let expired = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": "quiet harbour lantern 77 pebble" }),
        )
        .await;
    assert_problem(expired, 410, "reset-token-expired").await;
    app.login(&user.email, &user.password, false).await;
}
