//! Email verification, sign-in, sessions, cookies and CSRF.

use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use vigil_core::roles::Role;

use crate::helpers::responses::{AuthMethod, EmailVerified, Problem, Session, SessionInfo};
use crate::helpers::{
    ORIGIN, TestApp, TestUser, assert_problem, expect_body, expect_problem, session_from,
    session_set_cookie,
};

fn exec(app: &TestApp, sql: &str) {
    diesel::sql_query(sql)
        .execute(&mut app.db.superuser_conn())
        .unwrap();
}

// --- Email verification ---------------------------------------------------------------------

#[tokio::test]
async fn verifying_works_once_and_sends_the_welcome_email() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    app.signup(&user).await;
    let token = app.emails_to(&user.email, "verify_email")[0].token_for("/verify-email");
    app.drain_outbox().await;

    let response = app
        .post_json("/api/v1/auth/verify-email", &json!({ "token": token }))
        .await;
    let body: EmailVerified = expect_body(response, 200).await;
    assert!(body.email_verified);

    let welcome = app.emails_to(&user.email, "welcome");
    assert_eq!(welcome.len(), 1);
    assert!(welcome[0].text.contains(&user.organization_name));
    app.drain_outbox().await;

    let again = app
        .post_json("/api/v1/auth/verify-email", &json!({ "token": token }))
        .await;
    let problem = expect_problem(again, 410, "verification-token-used").await;
    assert!(problem.detail().contains("sign in"));
    app.assert_outbox_empty();
}

#[tokio::test]
async fn unknown_forged_and_expired_verification_tokens_are_told_apart() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    app.signup(&user).await;
    let token = app.emails_to(&user.email, "verify_email")[0].token_for("/verify-email");

    for forged in ["", "abc", &"A".repeat(43), &format!("{}x", &token[..42])] {
        let response = app
            .post_json("/api/v1/auth/verify-email", &json!({ "token": forged }))
            .await;
        assert_problem(response, 400, "verification-token-invalid").await;
    }

    exec(
        &app,
        "UPDATE user_tokens SET expires_at = now() - interval '1 second'",
    );
    let expired = app
        .post_json("/api/v1/auth/verify-email", &json!({ "token": token }))
        .await;
    let problem = expect_problem(expired, 410, "verification-token-expired").await;
    assert!(problem.detail().contains("new verification email"));
}

#[tokio::test]
async fn resending_replaces_the_link_without_revealing_accounts() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    app.signup(&user).await;
    let old = app.emails_to(&user.email, "verify_email")[0].token_for("/verify-email");
    app.drain_outbox().await;

    let mut answers = Vec::new();
    for email in [user.email.as_str(), "nobody@example.org"] {
        let captcha = app.solve_captcha().await;
        let response = app
            .post_json(
                "/api/v1/auth/verify-email/resend",
                &json!({ "email": email, "captcha": captcha }),
            )
            .await;
        assert_eq!(response.status(), 202);
        // Whole answers, as JSON: nothing on the wire may differ.
        answers.push(response.json::<serde_json::Value>().await.unwrap());
    }
    assert_eq!(answers[0], answers[1], "the answers must not differ");

    let emails = app.queued_emails();
    assert_eq!(
        emails.len(),
        1,
        "only the real, unverified account gets mail"
    );
    let new = emails[0].token_for("/verify-email");
    assert_ne!(new, old);
    assert_problem(
        app.post_json("/api/v1/auth/verify-email", &json!({ "token": old }))
            .await,
        400,
        "verification-token-invalid",
    )
    .await;
    let ok = app
        .post_json("/api/v1/auth/verify-email", &json!({ "token": new }))
        .await;
    assert_eq!(ok.status(), 200);
    app.drain_outbox().await;

    // Verified accounts get nothing more.
    let captcha = app.solve_captcha().await;
    app.post_json(
        "/api/v1/auth/verify-email/resend",
        &json!({ "email": user.email, "captcha": captcha }),
    )
    .await;
    app.assert_outbox_empty();
}

#[tokio::test]
async fn resending_is_rate_limited_per_address() {
    let app = TestApp::spawn().await;
    for attempt in 1..=6 {
        let captcha = app.solve_captcha().await;
        let response = app
            .post_json(
                "/api/v1/auth/verify-email/resend",
                &json!({ "email": "someone@example.org", "captcha": captcha }),
            )
            .await;
        if attempt <= 5 {
            assert_eq!(response.status(), 202, "attempt {attempt}");
        } else {
            assert!(response.headers().contains_key("retry-after"));
            assert_problem(response, 429, "too-many-requests").await;
        }
    }
}

// --- Sign-in ----------------------------------------------------------------------------------

#[tokio::test]
async fn unverified_accounts_learn_it_only_with_the_right_password() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    app.signup(&user).await;

    let wrong = app
        .login_response(&user.email, "not the password at all", false)
        .await;
    assert_problem(wrong, 401, "invalid-credentials").await;
    let right = app.login_response(&user.email, &user.password, false).await;
    assert!(session_set_cookie(&right).is_none());
    assert_problem(right, 403, "email-not-verified").await;
}

#[tokio::test]
async fn wrong_email_and_wrong_password_look_the_same() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;

    let unknown = app
        .login_response("nobody@example.org", &user.password, false)
        .await;
    let wrong = app
        .login_response(&user.email, "wrong password entirely", false)
        .await;
    assert_eq!(unknown.status(), wrong.status());
    // Whole problems, as JSON: nothing on the wire but the request id may differ.
    let mut a = assert_problem(unknown, 401, "invalid-credentials").await;
    let mut b = assert_problem(wrong, 401, "invalid-credentials").await;
    a.as_object_mut().unwrap().remove("request_id");
    b.as_object_mut().unwrap().remove("request_id");
    assert_eq!(a, b);
}

#[tokio::test]
async fn login_takes_as_long_for_unknown_emails_as_for_known_ones() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    let median = |samples: &mut Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        app.login_response(&user.email, "wrong password entirely", false)
            .await;
        known.push(start.elapsed());
        let start = Instant::now();
        app.login_response("nobody@example.org", "wrong password entirely", false)
            .await;
        unknown.push(start.elapsed());
    }
    let (known, unknown) = (median(&mut known), median(&mut unknown));
    // Both verify one argon2id hash; without the dummy hash the unknown case would be ~100x faster.
    let ratio = known.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (0.33..3.0).contains(&ratio),
        "known {known:?} vs unknown {unknown:?}"
    );
}

#[tokio::test]
async fn the_session_cookie_is_host_bound_http_only_secure_and_lax() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;

    let response = app.login_response(&user.email, &user.password, false).await;
    let cookie = session_set_cookie(&response).unwrap();
    assert!(cookie.starts_with("__Host-vigil_session="));
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(
        !cookie.contains("Max-Age"),
        "a browser-session cookie: {cookie}"
    );
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    assert!(
        !body.contains(&token),
        "the session token leaked into the body"
    );

    let remembered = app.login_response(&user.email, &user.password, true).await;
    let cookie = session_set_cookie(&remembered).unwrap();
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
}

#[tokio::test]
async fn each_login_issues_a_new_token_even_when_one_is_presented() {
    let app = TestApp::spawn().await;
    let (user, first) = app.signed_up_owner().await;
    let second = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("cookie", &first.cookie)
        .json(&json!({ "email": user.email, "password": user.password }))
        .send()
        .await
        .unwrap();
    let second = session_from(second).await;
    assert_ne!(first.cookie, second.cookie);
    assert_ne!(first.csrf, second.csrf);
}

#[tokio::test]
async fn the_session_endpoint_describes_the_signed_in_person() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    assert_eq!(session.body.user.email, user.email);
    assert_eq!(session.body.memberships[0].role, Role::Owner);
    assert_eq!(
        session.body.memberships[0].organization_name,
        user.organization_name
    );

    let response = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    let body: Session = expect_body(response, 200).await;
    assert_eq!(body.user.email, user.email);
    assert_eq!(body.csrf_token, session.csrf);
    assert_eq!(
        body.current_organization_id,
        session.body.current_organization_id
    );

    let anonymous = app.get("/api/v1/auth/session").await;
    assert_problem(anonymous, 401, "not-authenticated").await;
    let bogus = app
        .client
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", "__Host-vigil_session=forged")
        .send()
        .await
        .unwrap();
    assert_problem(bogus, 401, "not-authenticated").await;
}

#[tokio::test]
async fn logout_revokes_the_session_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;

    let response = app
        .as_user(&session, Method::POST, "/api/v1/auth/logout")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let cleared = session_set_cookie(&response).unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let after = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(after, 401, "not-authenticated").await;
}

#[tokio::test]
async fn unsafe_cookie_requests_need_the_csrf_token_and_an_allowed_origin() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let patch = |csrf: Option<&str>, origin: Option<&str>, content_type: &str| {
        let mut request = app
            .client
            .patch(app.url("/api/v1/me"))
            .header("cookie", &session.cookie)
            .header("content-type", content_type)
            .body(r#"{"first_name":"Mallory"}"#);
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };

    let missing = patch(None, Some(ORIGIN), "application/json").await.unwrap();
    assert_problem(missing, 403, "csrf-token-invalid").await;
    let wrong = patch(Some("not-the-token"), Some(ORIGIN), "application/json")
        .await
        .unwrap();
    assert_problem(wrong, 403, "csrf-token-invalid").await;
    let no_origin = patch(Some(&session.csrf), None, "application/json")
        .await
        .unwrap();
    assert_problem(no_origin, 403, "origin-missing").await;
    let evil = patch(
        Some(&session.csrf),
        Some("https://evil.example"),
        "application/json",
    )
    .await
    .unwrap();
    assert_problem(evil, 403, "origin-not-allowed").await;
    // The classic form-post CSRF: text/plain, no custom header.
    let form_post = patch(None, Some("https://evil.example"), "text/plain")
        .await
        .unwrap();
    assert_eq!(form_post.status(), 403);

    let me: Session = app.read_as(&session, "/api/v1/auth/session").await;
    assert_eq!(me.user.first_name, "Jane", "nothing was changed");

    let ok = patch(Some(&session.csrf), Some(ORIGIN), "application/json")
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn idle_sessions_end_unless_remembered() {
    let app = TestApp::spawn().await;
    let (user, browser) = app.signed_up_owner().await;
    let remembered = app.login(&user.email, &user.password, true).await;

    // 31 minutes pass without activity.
    exec(
        &app,
        "UPDATE sessions SET last_seen_at = now() - interval '31 minutes', created_at = now() - interval '31 minutes'",
    );
    let idle = app
        .as_user(&browser, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(idle, 401, "not-authenticated").await;
    let kept = app
        .as_user(&remembered, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 200);
}

#[tokio::test]
async fn sessions_have_an_absolute_limit() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    // Active a minute ago, but past its absolute expiry.
    exec(
        &app,
        "UPDATE sessions SET last_seen_at = now() - interval '1 minute', expires_at = now() - interval '1 second'",
    );
    let response = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(response, 401, "not-authenticated").await;
}

#[tokio::test]
async fn activity_is_recorded_at_most_once_a_minute_and_slides_remembered_sessions() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    let session = app.login(&user.email, &user.password, true).await;
    exec(
        &app,
        "UPDATE sessions SET last_seen_at = now() - interval '2 days', expires_at = now() + interval '28 days'",
    );
    let response = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    let body: Session = response.json().await.unwrap();
    assert!(body.expires_at > chrono::Utc::now() + chrono::Duration::days(29));

    #[derive(diesel::QueryableByName)]
    struct Seen {
        #[diesel(sql_type = diesel::sql_types::Timestamptz)]
        last_seen_at: chrono::DateTime<chrono::Utc>,
    }
    let seen = |app: &TestApp| -> chrono::DateTime<chrono::Utc> {
        diesel::sql_query(
            "SELECT last_seen_at FROM sessions WHERE remember_me ORDER BY created_at DESC LIMIT 1",
        )
        .get_result::<Seen>(&mut app.db.superuser_conn())
        .unwrap()
        .last_seen_at
    };
    let first = seen(&app);
    app.as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_eq!(
        seen(&app),
        first,
        "a second request within the minute writes nothing"
    );
}

#[tokio::test]
async fn remembered_sessions_end_at_their_absolute_lifetime() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    let session = app.login(&user.email, &user.password, true).await;
    assert!(session.body.expires_at <= chrono::Utc::now() + chrono::Duration::days(30));
    // Used every day for 89 days: the expiry slides, but never past 90 days from sign-in.
    exec(
        &app,
        "UPDATE sessions SET authenticated_at = now() - interval '89 days',
                            last_seen_at = now() - interval '2 minutes'
         WHERE remember_me",
    );
    let body: Session = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expires = body.expires_at;
    assert!(
        expires <= chrono::Utc::now() + chrono::Duration::days(1),
        "{expires}"
    );
    // Day 90 and a second: over, however recently it was used.
    exec(
        &app,
        "UPDATE sessions SET authenticated_at = now() - interval '90 days 1 second',
                            last_seen_at = now() - interval '2 minutes',
                            expires_at = now() + interval '30 days'
         WHERE remember_me",
    );
    let response = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(response, 401, "not-authenticated").await;
}

#[tokio::test]
async fn the_sessions_list_says_how_and_when_each_was_signed_in() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let list: Vec<SessionInfo> = app.read_as(&session, "/api/v1/me/sessions").await;
    let current = &list[0];
    assert_eq!(current.auth_method, AuthMethod::Password);
    assert!(chrono::Utc::now() - current.authenticated_at < chrono::Duration::minutes(1));
}

/// A 422 problem naming `email` (the JSON layer or the email's own parser may answer first).
async fn assert_email_refused(response: reqwest::Response) {
    let body: Problem = expect_body(response, 422).await;
    assert!(body.errors.contains_key("email"), "{body:?}");
}

#[tokio::test]
async fn a_nul_byte_in_the_login_email_is_a_field_error_even_when_rate_limited() {
    let app = TestApp::spawn().await;
    let junk = json!({ "email": "jane\u{0}@example.org", "password": "anything at all" });
    assert_email_refused(app.post_json("/api/v1/auth/login", &junk).await).await;
    // Spend this address's sign-in quota, then try again.
    for _ in 0..31 {
        app.login_response("nobody@example.org", "guess guess guess", false)
            .await;
    }
    let limited = app
        .login_response("nobody@example.org", "guess", false)
        .await;
    assert_eq!(limited.status(), 429);
    assert_email_refused(app.post_json("/api/v1/auth/login", &junk).await).await;
    for control in ["jane\u{7}@example.org", "jane@exa\u{1b}mple.org", "\u{0}"] {
        let response = app
            .post_json(
                "/api/v1/auth/login",
                &json!({ "email": control, "password": "anything at all" }),
            )
            .await;
        assert_email_refused(response).await;
    }
}
