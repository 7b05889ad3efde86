//! Signing up, verifying, signing in: people and their sessions.

use diesel::RunQueryDsl;

use crate::{TestApp, expect_body, responses};

/// The origin browsers send; the app under test allows its public URL's origin.
pub const ORIGIN: &str = "http://127.0.0.1:8080";

/// A signed-in browser: the session cookie (carried by hand: cookie jars may not send
/// `Secure` cookies over plain http), the CSRF token and the session the sign-in answered
/// (shared: sessions are cloned into every caller).
#[derive(Clone, Debug)]
pub struct TestSession {
    pub cookie: String,
    pub csrf: String,
    pub body: std::sync::Arc<responses::Session>,
}

impl TestSession {
    /// The current organisation's id ("" when there is none), for paths.
    pub fn org_id(&self) -> String {
        self.body
            .current_organization_id
            .map(|id| id.to_string())
            .unwrap_or_default()
    }

    /// The person's id, for paths.
    pub fn user_id(&self) -> String {
        self.body.user.id.to_string()
    }

    /// The current organisation's id, to compare with a response's.
    pub fn org_uuid(&self) -> uuid::Uuid {
        self.body
            .current_organization_id
            .expect("a current organisation")
    }

    /// The person's id, to compare with a response's.
    pub fn user_uuid(&self) -> uuid::Uuid {
        self.body.user.id
    }
}

/// A person signed up through the API, with the password they chose.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub organization_name: String,
}

pub const PASSWORD: &str = "marble kettle orchard 1984 lantern";

impl Default for TestUser {
    fn default() -> Self {
        Self::new()
    }
}

impl TestUser {
    pub fn new() -> Self {
        let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
        Self {
            email: format!("owner.{suffix}@example.org"),
            password: PASSWORD.into(),
            first_name: "Jane".into(),
            organization_name: format!("Harbour View Clinic {suffix}"),
        }
    }
}

/// An email waiting in the outbox, as the worker would render it.
#[derive(Debug, Clone)]
pub struct QueuedEmail {
    pub to: String,
    pub template: String,
    pub subject: String,
    pub text: String,
}

impl QueuedEmail {
    /// The `token` query parameter of the first link to `path`.
    pub fn token_for(&self, path: &str) -> String {
        let marker = format!("{path}?token=");
        let start = self
            .text
            .find(&marker)
            .unwrap_or_else(|| panic!("no {marker} link in:\n{}", self.text))
            + marker.len();
        self.text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

#[derive(diesel::QueryableByName)]
struct JobRow {
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    payload: serde_json::Value,
}

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Fetches a challenge and solves it, as the ALTCHA widget does; returns the payload.
    pub async fn solve_captcha(&self) -> String {
        let body: serde_json::Value = self
            .get("/api/v1/captcha/challenge")
            .await
            .json()
            .await
            .expect("challenge JSON");
        assert_eq!(body["provider"], "altcha");
        let challenge: altcha::Challenge =
            serde_json::from_value(body["challenge"].clone()).expect("altcha challenge");
        let solution = altcha::solve_challenge(altcha::SolveChallengeOptions::new(&challenge))
            .expect("solving")
            .expect("a solution within the timeout");
        let payload = altcha::Payload {
            challenge,
            solution,
        };
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(&payload).unwrap())
    }

    pub fn signup_body(&self, user: &TestUser, captcha: &str) -> serde_json::Value {
        serde_json::json!({
            "organization_name": user.organization_name,
            "first_name": user.first_name,
            "last_name": "Citizen",
            "email": user.email,
            "password": user.password,
            "captcha": captcha,
            "accept_terms": true,
        })
    }

    pub async fn signup(&self, user: &TestUser) -> reqwest::Response {
        let captcha = self.solve_captcha().await;
        self.post_json("/api/v1/signup", &self.signup_body(user, &captcha))
            .await
    }

    /// Emails waiting in the outbox, oldest first.
    pub fn queued_emails(&self) -> Vec<QueuedEmail> {
        let rows: Vec<JobRow> = diesel::sql_query(
            "SELECT payload FROM background_jobs
             WHERE kind = 'send_email' AND status = 'pending' ORDER BY created_at, id",
        )
        .load(&mut self.db.superuser_conn())
        .expect("outbox rows");
        rows.into_iter()
            .map(|row| {
                let email: vigil::email::OutgoingEmail =
                    serde_json::from_value(row.payload).expect("email payload");
                let rendered = email.render().expect("renders");
                QueuedEmail {
                    to: email.to,
                    template: serde_json::to_value(email.template)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    subject: rendered.subject,
                    text: rendered.text,
                }
            })
            .collect()
    }

    /// The queued emails to `to` with `template`.
    pub fn emails_to(&self, to: &str, template: &str) -> Vec<QueuedEmail> {
        self.queued_emails()
            .into_iter()
            .filter(|e| e.to == to && e.template == template)
            .collect()
    }

    /// Runs the background worker once over the due jobs, with the app's configuration.
    pub async fn run_jobs(&self) -> usize {
        self.worker_with(&self.config.email)
            .run_once()
            .await
            .expect("worker ran")
    }

    pub fn worker_with(&self, email: &vigil::config::EmailConfig) -> vigil::jobs::Worker {
        let db = self.db.pool(2);
        let keys = self.config.auth.encryption_key.as_ref().map(|key| {
            vigil::access_tokens::keys::KeyRing::new(
                db.clone(),
                vigil::crypto::Cipher::from_base64(key.expose()).expect("key"),
            )
        });
        vigil::jobs::Worker::new(
            db,
            vigil::email::Mailer::from_config(email).expect("mailer"),
            vigil::storage::Storage::from_config(&self.config.storage).expect("storage"),
            keys,
        )
    }

    /// Sends every queued email (console driver) and checks nothing is left behind.
    pub async fn drain_outbox(&self) {
        self.run_jobs().await;
        self.assert_outbox_empty();
    }

    /// No job may be left waiting unexpectedly at the end of a test.
    pub fn assert_outbox_empty(&self) {
        let left = self.queued_emails();
        assert!(left.is_empty(), "jobs left in the outbox: {left:#?}");
    }

    /// Signs up, verifies the email from the outbox, and signs in.
    pub async fn signed_up_owner(&self) -> (TestUser, TestSession) {
        let user = TestUser::new();
        self.signed_up(&user).await
    }

    pub async fn signed_up(&self, user: &TestUser) -> (TestUser, TestSession) {
        assert_eq!(self.signup(user).await.status(), 202);
        self.verify_from_outbox(&user.email).await;
        let session = self.login(&user.email, &user.password, false).await;
        (user.clone(), session)
    }

    pub async fn verify_from_outbox(&self, email: &str) {
        let mail = self
            .emails_to(email, "verify_email")
            .pop()
            .expect("a verification email");
        let token = mail.token_for("/verify-email");
        let response = self
            .post_json(
                "/api/v1/auth/verify-email",
                &serde_json::json!({ "token": token }),
            )
            .await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        self.drain_outbox().await;
    }

    pub async fn login_response(
        &self,
        email: &str,
        password: &str,
        remember: bool,
    ) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/login",
            &serde_json::json!({ "email": email, "password": password, "remember_me": remember }),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str, remember: bool) -> TestSession {
        let response = self.login_response(email, password, remember).await;
        assert_eq!(response.status(), 200, "login failed");
        session_from(response).await
    }

    /// A request carrying the session cookie, and for unsafe methods the CSRF token and Origin.
    pub fn as_user(
        &self,
        session: &TestSession,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let unsafe_method = !matches!(method, reqwest::Method::GET | reqwest::Method::HEAD);
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("cookie", &session.cookie);
        if unsafe_method {
            request = request
                .header("x-csrf-token", &session.csrf)
                .header("origin", ORIGIN);
        }
        request
    }
}

/// The `Set-Cookie` header of the session cookie.
pub fn session_set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(vigil::SESSION_COOKIE_NAME))
        .map(str::to_owned)
}

pub async fn session_from(response: reqwest::Response) -> TestSession {
    let set_cookie = session_set_cookie(&response).expect("a session cookie");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let body: responses::Session = expect_body(response, 200).await;
    TestSession {
        cookie,
        csrf: body.csrf_token.clone(),
        body: body.into(),
    }
}
