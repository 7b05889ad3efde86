//! Organisations, their members, and the enhanced-authentication helpers.

use vigil::config::Config;

use crate::{TestApp, TestSession, TestUser, expect_body};

impl TestApp {
    /// Runs SQL statements as the superuser (arranging and asserting only).
    pub fn sql(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.db
            .superuser_conn()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn count(&self, sql: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql)
            .get_result::<N>(&mut self.db.superuser_conn())
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .n
    }

    /// A new person, signed in, made a member of `org_id` with `role` (directly in the database;
    /// the invitation flow has its own tests).
    pub async fn member_of(&self, org_id: &str, role: &str) -> (TestUser, TestSession) {
        let (user, session) = self.signed_up_owner().await;
        self.sql(&format!(
            "INSERT INTO memberships (org_id, user_id, role) VALUES ('{org_id}', '{}', '{role}')",
            session.user_id()
        ));
        (user, session)
    }

    pub async fn get_as(&self, session: &TestSession, path: &str) -> reqwest::Response {
        self.as_user(session, reqwest::Method::GET, path)
            .send()
            .await
            .expect("request sent")
    }

    /// Sends a JSON body as the signed-in person. The request is built at once, so several can
    /// be started and awaited together.
    pub fn send_as(
        &self,
        session: &TestSession,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> impl Future<Output = reqwest::Response> + use<> {
        let request = self.as_user(session, method, path).json(body);
        async move { request.send().await.expect("request sent") }
    }

    /// `GET path` as the signed-in person, answered 200, read as the API's response type (see
    /// [`responses`](crate::responses)).
    pub async fn read_as<T: serde::de::DeserializeOwned>(
        &self,
        session: &TestSession,
        path: &str,
    ) -> T {
        expect_body(self.get_as(session, path).await, 200).await
    }

    /// [`TestApp::read_as`], as untyped JSON.
    pub async fn json_as(&self, session: &TestSession, path: &str) -> serde_json::Value {
        self.read_as(session, path).await
    }
}

// --- Enhanced authentication ---------------------------------------------------------------------

impl TestApp {
    /// A sign-in attempt as if from `ip` (the app must trust 127.0.0.1 as a proxy).
    pub async fn login_from(&self, ip: &str, email: &str, password: &str) -> reqwest::Response {
        self.login_from_with(ip, email, password, None).await
    }

    /// [`TestApp::login_from`], sending `cookie` (a device cookie, say) when given.
    pub async fn login_from_with(
        &self,
        ip: &str,
        email: &str,
        password: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .header("x-forwarded-for", ip)
            .json(&serde_json::json!({ "email": email, "password": password }));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Outcomes of the recorded sign-in attempts, oldest first.
    pub fn attempt_outcomes(&self) -> Vec<String> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            outcome: String,
        }
        diesel::sql_query("SELECT outcome FROM login_attempts ORDER BY created_at, id")
            .load::<Row>(&mut self.db.superuser_conn())
            .unwrap()
            .into_iter()
            .map(|r| r.outcome)
            .collect()
    }
}

/// An app that trusts 127.0.0.1 as a proxy, so tests can sign in "from" any IP. The
/// per-account rate limit is raised so lockout tests see only the lockout.
pub async fn app_behind_proxy() -> TestApp {
    app_behind_proxy_with(|_| {}).await
}

/// [`app_behind_proxy`], with further configuration.
pub async fn app_behind_proxy_with(customize: impl FnOnce(&mut Config)) -> TestApp {
    TestApp::spawn_with(|config| {
        config.http.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        config.auth.login_per_account_per_minute = 1000;
        customize(config);
    })
    .await
}
