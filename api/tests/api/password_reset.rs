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

/// A pending email change (the link to the new address) of a signed-in person.
async fn pending_email_change(
    app: &TestApp,
    session: &crate::helpers::TestSession,
) -> (String, String) {
    let new_email = format!(
        "moved.{}@example.org",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let asked = app
        .send_as(
            session,
            Method::PUT,
            "/api/v1/me/email",
            &json!({ "new_email": new_email, "password": crate::helpers::PASSWORD }),
        )
        .await;
    assert_eq!(asked.status(), 202);
    let token = app.emails_to(&new_email, "email_change")[0].token_for("/confirm-email");
    app.drain_outbox().await;
    (new_email, token)
}

async fn confirm_email_change(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/email/confirm", &json!({ "token": token }))
        .await
}

#[tokio::test]
async fn a_password_reset_cancels_a_pending_email_change() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let (_, change) = pending_email_change(&app, &session).await;
    request_reset(&app, &user.email).await;
    let reset = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;
    let done = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": reset, "password": "silver ferry compass 2031 meadow" }),
        )
        .await;
    assert_eq!(done.status(), 204);
    app.drain_outbox().await;
    assert_problem(
        confirm_email_change(&app, &change).await,
        400,
        "email-change-token-invalid",
    )
    .await;
}

#[tokio::test]
async fn a_password_change_cancels_a_pending_email_change_and_other_links() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let (_, change) = pending_email_change(&app, &session).await;
    request_reset(&app, &user.email).await;
    let reset = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;
    let changed = app
        .send_as(
            &session,
            Method::PUT,
            "/api/v1/me/password",
            &json!({
                "current_password": crate::helpers::PASSWORD,
                "new_password": "silver ferry compass 2031 meadow",
            }),
        )
        .await;
    assert_eq!(changed.status(), 204);
    app.drain_outbox().await;
    assert_problem(
        confirm_email_change(&app, &change).await,
        400,
        "email-change-token-invalid",
    )
    .await;
    let old_reset = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": reset, "password": "another fresh password 77 kite" }),
        )
        .await;
    assert_problem(old_reset, 400, "reset-token-invalid").await;
}

#[tokio::test]
async fn this_wasnt_me_cancels_a_pending_email_change() {
    let app = crate::helpers::app_behind_proxy().await;
    let (user, session) = app.signed_up_owner().await;
    let (_, change) = pending_email_change(&app, &session).await;
    // A sign-in from a new network and device: the email with "this wasn't me".
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", "198.51.100.40")
        .header("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
        .json(&json!({ "email": user.email, "password": user.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let not_me = app.emails_to(&user.email, "new_sign_in")[0].token_for("/not-me");
    app.drain_outbox().await;
    let secured = app
        .post_json("/api/v1/auth/not-me", &json!({ "token": not_me }))
        .await;
    assert_eq!(secured.status(), 202);
    assert_eq!(
        app.emails_to(&user.email, "password_reset").len(),
        1,
        "a fresh reset link"
    );
    app.drain_outbox().await;
    assert_problem(
        confirm_email_change(&app, &change).await,
        400,
        "email-change-token-invalid",
    )
    .await;
}

#[tokio::test]
async fn quotas_are_spent_only_once_the_captcha_passes() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    for path in [
        "/api/v1/auth/password/forgot",
        "/api/v1/auth/verify-email/resend",
    ] {
        // Far more requests than the quota (5 an hour per address), none with a solved CAPTCHA.
        for _ in 0..8 {
            let response = app
                .post_json(
                    path,
                    &json!({ "email": user.email, "captcha": "not solved" }),
                )
                .await;
            assert_problem(response, 422, "captcha-invalid").await;
        }
        // A replayed solution spends nothing either.
        let captcha = app.solve_captcha().await;
        let first = app
            .post_json(path, &json!({ "email": user.email, "captcha": captcha }))
            .await;
        assert_eq!(first.status(), 202, "{path}");
        let replayed = app
            .post_json(path, &json!({ "email": user.email, "captcha": captcha }))
            .await;
        assert_eq!(replayed.status(), 422, "{path}");
        // The person still has the rest of their quota.
        for _ in 0..4 {
            let captcha = app.solve_captcha().await;
            let response = app
                .post_json(path, &json!({ "email": user.email, "captcha": captcha }))
                .await;
            assert_eq!(response.status(), 202, "{path}");
        }
        let captcha = app.solve_captcha().await;
        let over = app
            .post_json(path, &json!({ "email": user.email, "captcha": captcha }))
            .await;
        assert_problem(over, 429, "too-many-requests").await;
    }
    app.drain_outbox().await;
}
