//! Tenant data: documents, API clients and the callers that act on them.

use crate::{TestApp, TestSession, expect_body, responses};

/// Who makes a request: a signed-in person or an API client's bearer token.
#[derive(Clone, Debug)]
pub enum Caller {
    User(TestSession),
    Bearer(String),
}

impl TestApp {
    /// A request as `caller` (bearer requests carry no cookie and no CSRF token).
    pub fn as_caller(
        &self,
        caller: &Caller,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        match caller {
            Caller::User(session) => self.as_user(session, method, path),
            Caller::Bearer(token) => self
                .client
                .request(method, self.url(path))
                .bearer_auth(token),
        }
    }

    /// Uploads `bytes` as `name` to the organisation's documents.
    pub async fn upload(
        &self,
        caller: &Caller,
        org_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        self.as_caller(
            caller,
            reqwest::Method::POST,
            &format!("/api/v1/organizations/{org_id}/documents"),
        )
        .multipart(form)
        .send()
        .await
        .expect("request sent")
    }

    /// Uploads and returns the document (asserting 201).
    pub async fn uploaded(
        &self,
        caller: &Caller,
        org_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> responses::Document {
        expect_body(self.upload(caller, org_id, name, bytes).await, 201).await
    }

    /// Creates an API client with `scopes` as the owner; returns (client id, secret, row id).
    pub async fn api_client(
        &self,
        owner: &TestSession,
        scopes: &[&str],
    ) -> (String, String, String) {
        let response = self
            .send_as(
                owner,
                reqwest::Method::POST,
                &format!("/api/v1/organizations/{}/api-clients", owner.org_id()),
                &serde_json::json!({ "name": "Compliance engine", "scopes": scopes }),
            )
            .await;
        let client: responses::ApiClient = expect_body(response, 201).await;
        (
            client.client_id,
            client.client_secret.expect("the secret, shown once"),
            client.id.to_string(),
        )
    }

    pub async fn token_response(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url("/oauth/token"))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// An access token for a new client of `owner`'s organisation with `scopes`.
    pub async fn bearer(&self, owner: &TestSession, scopes: &[&str]) -> Caller {
        let (id, secret, _) = self.api_client(owner, scopes).await;
        let response = self
            .token_response(&[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
            ])
            .await;
        let token: responses::AccessToken = expect_body(response, 200).await;
        Caller::Bearer(token.access_token)
    }
}
