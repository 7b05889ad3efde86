//! `/metrics`: the Prometheus series a scraper relies on, and who may read them.

use crate::helpers::{TestApp, app_behind_proxy_with, assert_problem};

async fn scrape(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    response.text().await.unwrap()
}

/// The value of one series (`name{labels}` exactly as exposed), if present.
fn sample(body: &str, series: &str) -> Option<f64> {
    body.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|value| value.trim().parse().unwrap())
}

#[tokio::test]
async fn requests_sign_ins_lockouts_pool_and_outbox_are_exposed() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_ip_threshold = 3;
        config.database.pool_size = 7;
    })
    .await;
    let (user, session) = app.signed_up_owner().await;
    let org_id = session.org_id();
    for _ in 0..2 {
        let response = app
            .get_as(&session, &format!("/api/v1/organizations/{org_id}"))
            .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(app.get("/no/such/page-0123456789").await.status(), 404);
    for _ in 0..3 {
        let response = app
            .login_from("203.0.113.9", &user.email, "not the password at all")
            .await;
        assert_eq!(response.status(), 401);
    }

    let body = scrape(&app).await;

    // Counted under the route pattern, never the raw path with its ids.
    assert_eq!(
        sample(
            &body,
            r#"vigil_http_requests_total{method="GET",route="/api/v1/organizations/{org_id}",status="200"}"#
        ),
        Some(2.0),
        "{body}"
    );
    assert!(!body.contains(&org_id), "ids leak into labels");
    assert!(
        !body.contains("0123456789"),
        "unknown paths leak into labels"
    );
    assert!(
        sample(
            &body,
            r#"vigil_http_request_duration_seconds_count{method="GET",route="/api/v1/organizations/{org_id}"}"#
        ) == Some(2.0),
        "{body}"
    );
    assert!(body.contains(
        r#"vigil_http_request_duration_seconds_bucket{method="GET",route="/api/v1/organizations/{org_id}",le="0.025"}"#
    ));
    assert_eq!(
        sample(
            &body,
            r#"vigil_login_attempts_total{outcome="bad_password"}"#
        ),
        Some(3.0)
    );
    // The sign-up's own sign-in succeeded and is not a failure.
    assert!(sample(&body, r#"vigil_login_attempts_total{outcome="success"}"#) >= Some(1.0));
    assert_eq!(sample(&body, "vigil_login_failures_total"), Some(3.0));
    assert_eq!(sample(&body, "vigil_account_lockouts_total"), Some(1.0));

    assert_eq!(sample(&body, "vigil_db_pool_max_connections"), Some(7.0));
    let open = sample(&body, "vigil_db_pool_connections").unwrap();
    assert!((1.0..=7.0).contains(&open), "{open}");
    assert!(sample(&body, "vigil_db_pool_idle_connections").unwrap() <= open);

    // Where the pool's calls spent their time: every call is queued, handed to a thread,
    // checked out and worked, so the four counts agree and there were calls. Session lookups
    // go down the worker's pipelined connection instead (none behind a transaction pooler).
    let phase = |name: &str| {
        sample(
            &body,
            &format!(r#"vigil_db_phase_seconds_count{{phase="{name}"}}"#),
        )
        .unwrap()
    };
    let work = phase("work");
    assert!(work >= 5.0, "{body}");
    for name in ["queue", "handoff", "checkout"] {
        assert!(phase(name) >= work, "{name}: {body}");
    }
    let pipelined = phase("pipelined");
    match crate::helpers::test_pooler() {
        vigil::config::PoolerMode::None => assert!(pipelined >= 1.0, "{body}"),
        vigil::config::PoolerMode::Transaction => assert!(pipelined < 0.5, "{body}"),
    }

    // Emails waiting in the outbox (verification, lockout) and none failed yet.
    let pending = app.count("SELECT count(*) AS n FROM background_jobs WHERE status = 'pending'");
    assert!(pending >= 1);
    assert_eq!(
        sample(&body, r#"vigil_outbox_jobs{status="pending"}"#),
        Some(pending as f64)
    );
    assert_eq!(
        sample(&body, r#"vigil_outbox_jobs{status="failed"}"#),
        Some(0.0)
    );
    assert!(sample(&body, "vigil_outbox_oldest_pending_age_seconds").is_some());

    // A failed job shows up at the next scrape.
    app.sql("UPDATE background_jobs SET status = 'failed' WHERE id = (SELECT id FROM background_jobs ORDER BY created_at LIMIT 1)");
    let body = scrape(&app).await;
    assert_eq!(
        sample(&body, r#"vigil_outbox_jobs{status="failed"}"#),
        Some(1.0)
    );
}

#[tokio::test]
async fn a_token_guards_the_metrics() {
    let app = TestApp::spawn_with(|config| {
        config.http.public_url = "https://vigil.example.org".into();
        config.metrics.token = Some("s3cret-scraper-token".parse().unwrap());
    })
    .await;
    let missing = app.get("/metrics").await;
    assert_problem(missing, 401, "metrics-token-required").await;
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("s3cret-scraper-tokeN")
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "metrics-token-required").await;
    let right = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("s3cret-scraper-token")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("vigil_http_requests_total")
    );
}

#[tokio::test]
async fn metrics_can_be_switched_off() {
    let app = TestApp::spawn_with(|config| {
        config.metrics.switch = vigil::config::Switch::Off;
    })
    .await;
    assert_problem(app.get("/metrics").await, 404, "not-found").await;
}

#[tokio::test]
async fn a_public_server_without_a_token_serves_no_metrics() {
    let app = TestApp::spawn_with(|config| {
        config.http.public_url = "https://vigil.example.org".into();
    })
    .await;
    assert_problem(app.get("/metrics").await, 404, "not-found").await;
}
