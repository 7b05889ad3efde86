//! Email leaves through the outbox: never lost when the driver is down, really sent over SMTP
//! (maildev started by scripts/test) and through SendGrid's API, secrets cleared once sent.

use diesel::RunQueryDsl;
use serde_json::json;
use vigil::config::{EmailConfig, EmailDriver, SmtpTls};

use crate::helpers::{FakeHttp, TestApp, TestUser, expect_body, required_env};

#[derive(diesel::QueryableByName, Debug)]
struct Job {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    last_error: Option<String>,
    /// Raw JSON: the stored payload, whose shape (the link's context there, then gone) is checked.
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    payload: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    due_later: bool,
}

fn jobs(app: &TestApp) -> Vec<Job> {
    diesel::sql_query(
        "SELECT status, attempts, last_error, payload, run_at > now() AS due_later
         FROM background_jobs ORDER BY created_at",
    )
    .load(&mut app.db.superuser_conn())
    .unwrap()
}

fn smtp(port: u16) -> EmailConfig {
    let mut config = vigil::config::Config::try_from_args(["vigil", "--database-url", "x"])
        .unwrap()
        .email;
    config.driver = EmailDriver::Smtp;
    config.smtp_host = "127.0.0.1".into();
    config.smtp_port = port;
    config.smtp_tls = SmtpTls::None;
    config
}

fn maildev_smtp_port() -> u16 {
    required_env("VIGIL_TEST_SMTP_PORT").parse().unwrap()
}

/// A message as maildev's REST API lists it (the fields these tests read).
#[derive(serde::Deserialize, Debug)]
struct MaildevMessage {
    subject: String,
    html: String,
    text: String,
    to: Vec<MaildevAddress>,
}

#[derive(serde::Deserialize, Debug)]
struct MaildevAddress {
    address: String,
}

/// Messages maildev received for `to`.
async fn maildev_messages(to: &str) -> Vec<MaildevMessage> {
    let url = format!("{}/api/email", required_env("VIGIL_TEST_MAILDEV_URL"));
    let all: Vec<MaildevMessage> = expect_body(reqwest::get(url).await.unwrap(), 200).await;
    let to = to.to_lowercase();
    all.into_iter()
        .filter(|m| m.to.iter().any(|a| a.address.to_lowercase() == to))
        .collect()
}

#[tokio::test]
async fn signup_succeeds_while_smtp_is_down_and_the_email_goes_out_later() {
    // The app's SMTP server is a closed port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = TestApp::spawn_with(|config| config.email = smtp(closed_port)).await;
    let user = TestUser::new();

    assert_eq!(app.signup(&user).await.status(), 202);
    assert_eq!(app.run_jobs().await, 1);

    let job = &jobs(&app)[0];
    assert_eq!(job.status, "pending", "kept for a retry");
    assert_eq!(job.attempts, 1);
    assert!(job.due_later, "retried later, with backoff");
    assert!(
        job.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("SMTP"),
        "{job:?}"
    );
    assert!(job.payload["context"]["link"].is_string(), "still sendable");

    // The mail server is back (a restarted worker with a working driver): the email is sent.
    diesel::sql_query("UPDATE background_jobs SET run_at = now()")
        .execute(&mut app.db.superuser_conn())
        .unwrap();
    let worker = app.worker_with(&smtp(maildev_smtp_port()));
    assert_eq!(worker.run_once().await.unwrap(), 1);

    let job = &jobs(&app)[0];
    assert_eq!(job.status, "succeeded");
    assert_eq!(job.attempts, 2);
    assert_eq!(job.payload["redacted"], true);
    assert!(
        job.payload.get("context").is_none(),
        "the token-bearing link is cleared"
    );
    let received = maildev_messages(&user.email).await;
    assert_eq!(received.len(), 1);
}

#[tokio::test]
async fn the_verification_email_arrives_over_smtp_and_its_link_works() {
    let app = TestApp::spawn_with(|config| config.email = smtp(maildev_smtp_port())).await;
    let user = TestUser::new();
    assert_eq!(app.signup(&user).await.status(), 202);
    app.run_jobs().await;

    let messages = maildev_messages(&user.email).await;
    assert_eq!(messages.len(), 1, "{messages:#?}");
    let message = &messages[0];
    assert!(message.subject.contains(&user.organization_name));
    assert!(message.html.contains("Verify my email"));
    let link = message
        .text
        .split_whitespace()
        .find(|w| w.contains("/verify-email?token="))
        .expect("a link in the text part");
    let token = link.split("token=").nth(1).unwrap();

    let verified = app
        .post_json("/api/v1/auth/verify-email", &json!({ "token": token }))
        .await;
    assert_eq!(verified.status(), 200);
    app.run_jobs().await;
    app.login(&user.email, &user.password, false).await;
    assert_eq!(
        maildev_messages(&user.email).await.len(),
        2,
        "verification and welcome"
    );
}

#[tokio::test]
async fn sendgrid_receives_the_message_without_click_tracking() {
    let sendgrid = FakeHttp::start(|_| (202, json!({}))).await;
    let url = format!("{}/v3/mail/send", sendgrid.url);
    let app = TestApp::spawn_with(move |config| {
        config.email.driver = EmailDriver::Sendgrid;
        config.email.sendgrid_api_key = Some(vigil::config::Secret::new("SG.test-key"));
        config.email.sendgrid_api_url = url;
    })
    .await;
    let user = TestUser::new();
    app.signup(&user).await;
    assert_eq!(app.run_jobs().await, 1);

    let requests = sendgrid.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/v3/mail/send");
    assert_eq!(request.headers["authorization"], "Bearer SG.test-key");
    // Raw JSON: SendGrid's wire format, as the fake provider received it.
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["personalizations"][0]["to"][0]["email"], user.email);
    assert_eq!(body["from"]["email"], "no-reply@vigil.localhost");
    assert_eq!(body["content"][0]["type"], "text/plain");
    assert_eq!(body["content"][1]["type"], "text/html");
    assert_eq!(body["tracking_settings"]["click_tracking"]["enable"], false);
    assert_eq!(jobs(&app)[0].status, "succeeded");
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_marked_failed_and_redacted() {
    let sendgrid = FakeHttp::start(|_| (500, json!({ "errors": ["down"] }))).await;
    let url = format!("{}/v3/mail/send", sendgrid.url);
    let app = TestApp::spawn_with(move |config| {
        config.email.driver = EmailDriver::Sendgrid;
        config.email.sendgrid_api_key = Some(vigil::config::Secret::new("SG.test-key"));
        config.email.sendgrid_api_url = url;
    })
    .await;
    app.signup(&TestUser::new()).await;
    for attempt in 1..=10 {
        diesel::sql_query("UPDATE background_jobs SET run_at = now() WHERE status = 'pending'")
            .execute(&mut app.db.superuser_conn())
            .unwrap();
        assert_eq!(app.run_jobs().await, 1, "attempt {attempt}");
    }
    let job = &jobs(&app)[0];
    assert_eq!(job.status, "failed");
    assert_eq!(job.attempts, 10);
    assert!(
        job.last_error.as_deref().unwrap().contains("500"),
        "{job:?}"
    );
    assert!(job.payload.get("context").is_none());
    assert_eq!(app.run_jobs().await, 0, "failed jobs are not retried");
    assert_eq!(sendgrid.requests().len(), 10);
}

#[tokio::test]
async fn two_workers_never_run_the_same_job() {
    let app = TestApp::spawn().await;
    for _ in 0..6 {
        app.signup(&TestUser::new()).await;
    }
    let (a, b) = (
        app.worker_with(&app.config.email),
        app.worker_with(&app.config.email),
    );
    let (ran_a, ran_b) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(ran_a.unwrap() + ran_b.unwrap(), 6);
    assert!(
        jobs(&app)
            .iter()
            .all(|j| j.status == "succeeded" && j.attempts == 1)
    );
}
