//! Self-service signup: all or nothing, no account enumeration, CAPTCHA, password policy.

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use serde_json::json;

use crate::helpers::responses::SignupAccepted;
use crate::helpers::{
    TestApp, TestUser, assert_problem, decode, expect_body, expect_problem, expect_text,
};

#[derive(diesel::QueryableByName, Debug)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(&mut app.db.superuser_conn())
        .unwrap()
        .n
}

#[derive(diesel::QueryableByName, Debug)]
struct Text1 {
    #[diesel(sql_type = Text)]
    value: String,
}

#[tokio::test]
async fn signup_creates_everything_and_queues_the_verification_email() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();

    let response = app.signup(&user).await;

    let raw = expect_text(response, 202).await;
    let body: SignupAccepted = decode(&raw);
    assert_eq!(body.status, "verification_sent");
    assert_eq!(body.email, user.email);
    // On the wire: no such field at all.
    let wire: serde_json::Value = decode(&raw);
    assert!(
        wire.get("organization_id").is_none(),
        "nothing that differs from a duplicate"
    );

    assert_eq!(count(&app, "SELECT count(*) AS n FROM organizations"), 1);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM users WHERE email_verified_at IS NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM memberships WHERE role = 'owner'"
        ),
        1
    );
    let actions: Vec<Text1> =
        diesel::sql_query("SELECT action AS value FROM audit_events ORDER BY action")
            .load(&mut app.db.superuser_conn())
            .unwrap();
    let actions: Vec<_> = actions.into_iter().map(|a| a.value).collect();
    assert_eq!(actions, ["member.added", "organization.created"]);

    // The organisation's storage folders exist.
    let org: Text1 = diesel::sql_query("SELECT id::text AS value FROM organizations")
        .get_result(&mut app.db.superuser_conn())
        .unwrap();
    for area in ["documents", "compliance-results", "reports", "branding"] {
        let marker = app
            .storage_dir
            .path()
            .join(format!("organizations/{}/{area}/.keep", org.value));
        assert!(marker.exists(), "{marker:?} missing");
    }

    // The verification email carries the organisation's name and a working link.
    let emails = app.queued_emails();
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    assert_eq!(email.to, user.email);
    assert_eq!(email.template, "verify_email");
    assert!(
        email.subject.contains(&user.organization_name),
        "{}",
        email.subject
    );
    let token = email.token_for("/verify-email");
    assert_eq!(token.len(), 43);
    // Only its hash is stored.
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM user_tokens WHERE token_hash = sha256('{token}'::bytea)"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM user_tokens WHERE encode(token_hash, 'escape') LIKE '%{token}%'"
            )
        ),
        0
    );
}

#[tokio::test]
async fn a_duplicate_email_gets_the_same_answer_and_its_owner_is_told() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    assert_eq!(app.signup(&user).await.status(), 202);
    app.run_jobs().await;

    let mut again = TestUser::new();
    again.email = user.email.to_uppercase();
    let response = app.signup(&again).await;

    let body: SignupAccepted = expect_body(response, 202).await;
    assert_eq!(body.status, "verification_sent");
    assert_eq!(count(&app, "SELECT count(*) AS n FROM organizations"), 1);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM users"), 1);
    let emails = app.queued_emails();
    assert_eq!(emails.len(), 1, "{emails:#?}");
    assert_eq!(emails[0].template, "signup_attempt");
    assert_eq!(emails[0].to, user.email);
    assert!(emails[0].text.contains(&again.organization_name));
    // The folders made for the organisation that was not created are gone.
    let orgs = std::fs::read_dir(app.storage_dir.path().join("organizations"))
        .unwrap()
        .count();
    assert_eq!(orgs, 1);
    app.drain_outbox().await;
}

#[tokio::test]
async fn every_bad_field_is_named() {
    let app = TestApp::spawn().await;
    let captcha = app.solve_captcha().await;
    let body = json!({
        "organization_name": " ",
        "first_name": "",
        "last_name": "x".repeat(101),
        "email": "not-an-email",
        "password": "short",
        "captcha": captcha,
        "accept_terms": false,
    });
    let problem = expect_problem(
        app.post_json("/api/v1/signup", &body).await,
        422,
        "validation-failed",
    )
    .await;
    let errors = &problem.errors;
    for field in [
        "organization_name",
        "first_name",
        "last_name",
        "email",
        "password",
        "accept_terms",
    ] {
        assert!(errors.contains_key(field), "{field} not named: {problem:?}");
    }
    assert!(problem.error("password").contains("at least 15 characters"));
    assert_eq!(count(&app, "SELECT count(*) AS n FROM users"), 0);
    app.assert_outbox_empty();
}

#[tokio::test]
async fn weak_passwords_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    for (password, reason) in [
        ("passwordpassword", "too easy to guess"),
        ("harbour view clinic rocks", "Don't build your password"),
        ("jane citizen 2026 forever", "Don't build your password"),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", "too easy to guess"),
    ] {
        let mut user = TestUser::new();
        user.organization_name = "Harbour View Clinic".into();
        user.password = password.into();
        let problem = expect_problem(app.signup(&user).await, 422, "validation-failed").await;
        let message = problem.error("password");
        assert!(message.contains(reason), "{password}: {message}");
    }
}

#[tokio::test]
async fn unknown_fields_are_rejected_not_applied() {
    let app = TestApp::spawn().await;
    let user = TestUser::new();
    let captcha = app.solve_captcha().await;
    for (field, value) in [
        ("role", json!("owner")),
        ("org_id", json!("00000000-0000-0000-0000-000000000001")),
        ("email_verified", json!(true)),
    ] {
        let mut body = app.signup_body(&user, &captcha);
        body[field] = value;
        let problem = expect_problem(
            app.post_json("/api/v1/signup", &body).await,
            422,
            "invalid-body",
        )
        .await;
        assert!(problem.errors.contains_key(field), "{problem:?}");
    }
    assert_eq!(count(&app, "SELECT count(*) AS n FROM users"), 0);
}

#[tokio::test]
async fn malformed_bodies_get_problems() {
    let app = TestApp::spawn().await;

    let broken = app
        .client
        .post(app.url("/api/v1/signup"))
        .header("content-type", "application/json")
        .body(r#"{"organization_name": "#)
        .send()
        .await
        .unwrap();
    let problem = expect_problem(broken, 400, "malformed-json").await;
    assert!(problem.detail().contains("line 1"), "{problem:?}");

    let wrong_type = app
        .client
        .post(app.url("/api/v1/signup"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(wrong_type, 415, "unsupported-media-type").await;

    let huge = app
        .client
        .post(app.url("/api/v1/signup"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"organization_name": "{}"}}"#,
            "x".repeat(200_000)
        ))
        .send()
        .await
        .unwrap();
    assert_problem(huge, 413, "payload-too-large").await;

    let missing = app.post_json("/api/v1/signup", &json!({})).await;
    let problem = expect_problem(missing, 422, "invalid-body").await;
    assert!(
        problem.errors.contains_key("organization_name"),
        "{problem:?}"
    );
}

#[tokio::test]
async fn captcha_must_be_solved_fresh_and_only_once() {
    let app = TestApp::spawn().await;

    let mut body = app.signup_body(&TestUser::new(), "");
    let problem = expect_problem(
        app.post_json("/api/v1/signup", &body).await,
        422,
        "captcha-required",
    )
    .await;
    assert!(problem.errors.contains_key("captcha"));

    body["captcha"] = json!("bm90IGEgcGF5bG9hZA==");
    assert_problem(
        app.post_json("/api/v1/signup", &body).await,
        422,
        "captcha-invalid",
    )
    .await;

    // A solution with a tampered challenge fails its signature check (edited as raw JSON).
    let solved = app.solve_captcha().await;
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut payload: serde_json::Value =
        serde_json::from_slice(&engine.decode(&solved).unwrap()).unwrap();
    payload["challenge"]["parameters"]["expiresAt"] = json!(4_102_444_800i64);
    body["captcha"] = json!(engine.encode(serde_json::to_vec(&payload).unwrap()));
    assert_problem(
        app.post_json("/api/v1/signup", &body).await,
        422,
        "captcha-invalid",
    )
    .await;

    // Used once: fine. Replayed: refused, nothing created.
    let first = TestUser::new();
    let replayed = TestUser::new();
    let ok = app
        .post_json("/api/v1/signup", &app.signup_body(&first, &solved))
        .await;
    assert_eq!(ok.status(), 202);
    assert_problem(
        app.post_json("/api/v1/signup", &app.signup_body(&replayed, &solved))
            .await,
        422,
        "captcha-replayed",
    )
    .await;
    assert_eq!(count(&app, "SELECT count(*) AS n FROM users"), 1);
}

#[tokio::test]
async fn an_expired_captcha_is_refused() {
    let app = TestApp::spawn_with(|config| config.captcha.altcha_ttl_secs = -5).await;
    let captcha = app.solve_captcha().await;
    assert_problem(
        app.post_json(
            "/api/v1/signup",
            &app.signup_body(&TestUser::new(), &captcha),
        )
        .await,
        422,
        "captcha-expired",
    )
    .await;
}

#[tokio::test]
async fn storage_failure_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    // Make the storage root unusable (a file where the folder was), even for root.
    let root = app.storage_dir.path();
    std::fs::remove_dir_all(root).unwrap();
    std::fs::write(root, b"not a folder").unwrap();

    let problem = expect_problem(
        app.signup(&TestUser::new()).await,
        503,
        "storage-unavailable",
    )
    .await;
    assert!(problem.detail().contains("nothing was changed"));
    assert_eq!(count(&app, "SELECT count(*) AS n FROM organizations"), 0);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM users"), 0);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM captcha_redemptions"),
        0
    );
    app.assert_outbox_empty();
    std::fs::remove_file(root).unwrap();
    std::fs::create_dir(root).unwrap();
}

#[tokio::test]
async fn signups_are_rate_limited_per_ip() {
    let app = TestApp::spawn().await;
    // Ten allowed per hour; invalid bodies count too.
    for _ in 0..10 {
        let response = app
            .post_json(
                "/api/v1/signup",
                &json!({
                    "organization_name": "", "first_name": "", "last_name": "", "email": "",
                    "password": "", "captcha": "", "accept_terms": false
                }),
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    let limited = app.signup(&TestUser::new()).await;
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry_after));
    assert_problem(limited, 429, "too-many-requests").await;
}
