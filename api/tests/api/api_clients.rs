//! API clients: OAuth 2.0 client credentials, JWT access tokens, scopes, revocation, key
//! rotation, and tokens that must be refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::RunQueryDsl;
use reqwest::Method;
use serde_json::json;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::helpers::responses::{
    AccessToken, ActorType, ApiClient, AuditEventList, Document, Jwks, OAuthError, Page,
};
use crate::helpers::{
    Caller, TestApp, TestSession, assert_problem, decode, expect_body, expect_problem, expect_text,
    samples,
};

fn docs(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/documents", session.org_id())
}

/// The claims of an access token the tests read.
#[derive(Deserialize, Debug)]
struct Claims {
    org: Uuid,
    cid: Uuid,
    aud: String,
    iat: i64,
    exp: i64,
}

/// The header of a JWT.
#[derive(Deserialize, Debug)]
struct Header {
    alg: String,
    typ: String,
    kid: String,
}

/// Part `index` of a JWT (0: header, 1: claims), decoded.
fn part<T: DeserializeOwned>(token: &str, index: usize) -> T {
    let part = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn claims(token: &str) -> Claims {
    part(token, 1)
}

fn header(token: &str) -> Header {
    part(token, 0)
}

async fn get_with_token(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn owners_create_clients_whose_secret_is_shown_once() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, member) = app.member_of(&owner.org_id(), "member").await;
    let path = format!("/api/v1/organizations/{}/api-clients", owner.org_id());
    let denied = app
        .send_as(
            &member,
            Method::POST,
            &path,
            &json!({ "name": "x", "scopes": ["documents:read"] }),
        )
        .await;
    assert_problem(denied, 403, "permission-denied").await;
    let bad = app
        .send_as(
            &owner,
            Method::POST,
            &path,
            &json!({ "name": "x", "scopes": ["root"] }),
        )
        .await;
    assert_problem(bad, 422, "invalid-body").await;

    let (client_id, secret, _) = app.api_client(&owner, &["documents:read"]).await;
    assert!(client_id.starts_with("vgc_") && secret.starts_with("vgs_"));
    let raw = expect_text(app.get_as(&owner, &path).await, 200).await;
    let listed: Vec<ApiClient> = decode(&raw);
    assert_eq!(listed[0].client_id, client_id);
    // On the wire: no secret field at all, and the secret nowhere.
    let wire: serde_json::Value = decode(&raw);
    assert!(wire[0].get("client_secret").is_none());
    assert!(!wire.to_string().contains(&secret));
    assert_eq!(
        app.count(&format!("SELECT count(*) AS n FROM api_clients WHERE position(convert_to('{secret}', 'UTF8') in secret_hash) > 0")),
        0,
        "only a hash is stored"
    );
}

#[tokio::test]
async fn tokens_by_form_or_basic_carry_organisation_scopes_and_expiry() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (id, secret, row_id) = app
        .api_client(&owner, &["documents:read", "documents:write"])
        .await;

    let form = app
        .token_response(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
            ("scope", "documents:read"),
        ])
        .await;
    assert_eq!(form.headers()["cache-control"], "no-store");
    let body: AccessToken = expect_body(form, 200).await;
    assert_eq!(body.token_type, "Bearer");
    assert_eq!(body.expires_in, 600);
    assert_eq!(body.scope, "documents:read");
    let token = &body.access_token;
    let c = claims(token);
    assert_eq!(c.org, owner.org_uuid());
    assert_eq!(c.cid.to_string(), row_id);
    assert_eq!(c.aud, "vigil-api");
    assert_eq!(c.exp - c.iat, 600);
    let h = header(token);
    assert_eq!(h.alg, "EdDSA");
    assert_eq!(h.typ, "at+jwt");

    let basic = app
        .client
        .post(app.url("/oauth/token"))
        .basic_auth(&id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let body: AccessToken = expect_body(basic, 200).await;
    assert_eq!(
        body.scope, "documents:read documents:write",
        "all its scopes by default"
    );

    // The key that signed it is published.
    let raw = expect_text(app.get("/.well-known/jwks.json").await, 200).await;
    let jwks: Jwks = decode(&raw);
    let kid = header(&body.access_token).kid;
    assert!(jwks.keys.iter().any(|k| k.kid == kid && k.kty == "OKP"));
    // On the wire: no private key field (`d`) anywhere.
    assert!(!raw.contains("\"d\""), "no private material");
}

#[tokio::test]
async fn the_token_endpoint_answers_errors_the_oauth_way() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (id, secret, _) = app.api_client(&owner, &["documents:read"]).await;
    type Form<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(Form, u16, &str)> = vec![
        (
            vec![("client_id", &id), ("client_secret", &secret)],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", &id),
                ("client_secret", &secret),
            ],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", "vgs_wrong"),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "vgc_nobody"),
                ("client_secret", &secret),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![("grant_type", "client_credentials")],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("scope", "reports:write"),
            ],
            400,
            "invalid_scope",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("scope", "admin"),
            ],
            400,
            "invalid_scope",
        ),
    ];
    for (form, status, error) in cases {
        let response = app.token_response(&form).await;
        assert_eq!(response.status().as_u16(), status, "{form:?}");
        if status == 401 {
            assert!(response.headers().contains_key("www-authenticate"));
        }
        // An OAuth error: both fields are required strings of `OAuthError`.
        let body: OAuthError = response.json().await.unwrap();
        assert_eq!(body.error, error, "{form:?}");
    }
    let json_body = app
        .post_json("/oauth/token", &json!({ "grant_type": "client_credentials", "client_id": id, "client_secret": secret }))
        .await;
    assert_eq!(
        expect_body::<OAuthError>(json_body, 400).await.error,
        "invalid_request"
    );
}

#[tokio::test]
async fn bearer_requests_are_limited_to_their_organisation_and_scopes() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, other) = app.signed_up_owner().await;
    let reader = app.bearer(&owner, &["documents:read"]).await;
    let Caller::Bearer(token) = &reader else {
        unreachable!()
    };

    // No CSRF token or cookie needed.
    app.uploaded(
        &Caller::User(owner.clone()),
        &owner.org_id(),
        "a.pdf",
        samples::pdf(),
    )
    .await;
    let list = get_with_token(&app, token, &docs(&owner)).await;
    assert_eq!(expect_body::<Page<Document>>(list, 200).await.total, 1);

    let upload = app
        .upload(&reader, &owner.org_id(), "b.pdf", samples::pdf())
        .await;
    let problem = expect_problem(upload, 403, "insufficient-scope").await;
    assert!(problem.detail().contains("documents:write"));
    let members = get_with_token(
        &app,
        token,
        &format!("/api/v1/organizations/{}/members", owner.org_id()),
    )
    .await;
    assert_problem(members, 403, "not-available-to-api-clients").await;
    let foreign = get_with_token(&app, token, &docs(&other)).await;
    assert_problem(foreign, 404, "organization-not-found").await;
    // Bearer tokens do not open the person-only routes.
    let session = get_with_token(&app, token, "/api/v1/auth/session").await;
    assert_problem(session, 401, "not-authenticated").await;
}

#[tokio::test]
async fn the_engine_uploads_and_writes_results_audited_as_itself() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (id, secret, row_id) = app
        .api_client(
            &owner,
            &[
                "documents:write",
                "documents:read",
                "compliance-results:write",
            ],
        )
        .await;
    let token: AccessToken = app
        .token_response(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await
        .json()
        .await
        .unwrap();
    let engine = Caller::Bearer(token.access_token);
    let doc = app
        .uploaded(&engine, &owner.org_id(), "engine.pdf", samples::pdf())
        .await;
    assert_eq!(
        doc.uploaded_by_client.map(|id| id.to_string()),
        Some(row_id.clone())
    );
    let result = app
        .as_caller(
            &engine,
            Method::POST,
            &format!("{}/{}/compliance-results", docs(&owner), doc.id),
        )
        .json(&json!({ "standard": "NSQHS-2", "status": "compliant", "score": 99 }))
        .send()
        .await
        .unwrap();
    assert_eq!(result.status(), 201);
    let events: AuditEventList = app
        .read_as(
            &owner,
            &format!(
                "/api/v1/organizations/{}/audit-events?actor_id={row_id}",
                owner.org_id()
            ),
        )
        .await;
    let items = &events.items;
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|e| e.actor_type == ActorType::ApiClient));
}

#[tokio::test]
async fn revoking_a_client_ends_its_tokens_at_once() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (id, secret, row_id) = app.api_client(&owner, &["documents:read"]).await;
    let token: AccessToken = app
        .token_response(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await
        .json()
        .await
        .unwrap();
    let token = token.access_token;
    assert_eq!(
        get_with_token(&app, &token, &docs(&owner)).await.status(),
        200
    );
    let revoked = app
        .as_user(
            &owner,
            Method::DELETE,
            &format!(
                "/api/v1/organizations/{}/api-clients/{row_id}",
                owner.org_id()
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert_problem(
        get_with_token(&app, &token, &docs(&owner)).await,
        401,
        "invalid-token",
    )
    .await;
    let again = app
        .token_response(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn rotation_keeps_old_keys_until_their_tokens_expire() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let Caller::Bearer(old) = app.bearer(&owner, &["documents:read"]).await else {
        unreachable!()
    };
    let keys = vigil::access_tokens::keys::KeyRing::new(
        app.db.pool(1),
        vigil::crypto::Cipher::from_base64(
            app.config.auth.encryption_key.as_ref().unwrap().expose(),
        )
        .unwrap(),
    );
    keys.rotate_now().await.unwrap();
    let Caller::Bearer(new) = app.bearer(&owner, &["documents:read"]).await else {
        unreachable!()
    };
    assert_ne!(header(&old).kid, header(&new).kid);
    let jwks: Jwks = app.read("/.well-known/jwks.json").await;
    assert_eq!(jwks.keys.len(), 2);
    assert_eq!(
        get_with_token(&app, &old, &docs(&owner)).await.status(),
        200
    );
    assert_eq!(
        get_with_token(&app, &new, &docs(&owner)).await.status(),
        200
    );
}

/// Signs arbitrary claims with the server's real key (to test claim checks, not signatures).
fn sign_with_real_key(
    app: &TestApp,
    header: jsonwebtoken::Header,
    claims: &serde_json::Value,
) -> String {
    #[derive(diesel::QueryableByName)]
    struct Key {
        #[diesel(sql_type = diesel::sql_types::Bytea)]
        private_key_encrypted: Vec<u8>,
    }
    let key: Key = diesel::sql_query(
        "SELECT private_key_encrypted FROM signing_keys WHERE retired_at IS NULL",
    )
    .get_result(&mut app.db.superuser_conn())
    .unwrap();
    let cipher = vigil::crypto::Cipher::from_base64(
        app.config.auth.encryption_key.as_ref().unwrap().expose(),
    )
    .unwrap();
    let der = cipher.decrypt(&key.private_key_encrypted).unwrap();
    jsonwebtoken::encode(
        &header,
        claims,
        &jsonwebtoken::EncodingKey::from_ed_der(&der),
    )
    .unwrap()
}

#[tokio::test]
async fn forged_expired_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let Caller::Bearer(good) = app.bearer(&owner, &["documents:read"]).await else {
        unreachable!()
    };
    let path = docs(&owner);
    assert_eq!(get_with_token(&app, &good, &path).await.status(), 200);
    // Claims as JSON: the forgeries below change them field by field.
    let base: serde_json::Value = part(&good, 1);
    let kid = header(&good).kid;
    let now = chrono::Utc::now().timestamp();
    let real_header = || {
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
        h.typ = Some("at+jwt".into());
        h.kid = Some(kid.clone());
        h
    };
    let with = |changes: serde_json::Value| {
        let mut c = base.clone();
        for (k, v) in changes.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };

    let mut forged = Vec::new();
    // Claims the server must check, signed with its own key.
    forged.push((
        "expired",
        sign_with_real_key(
            &app,
            real_header(),
            &with(json!({ "iat": now - 1200, "nbf": now - 1200, "exp": now - 600 })),
        ),
    ));
    forged.push((
        "not yet valid",
        sign_with_real_key(
            &app,
            real_header(),
            &with(json!({ "nbf": now + 3600, "exp": now + 4000 })),
        ),
    ));
    forged.push((
        "foreign audience",
        sign_with_real_key(&app, real_header(), &with(json!({ "aud": "another-api" }))),
    ));
    forged.push((
        "foreign issuer",
        sign_with_real_key(
            &app,
            real_header(),
            &with(json!({ "iss": "https://evil.example" })),
        ),
    ));
    let mut wrong_type = real_header();
    wrong_type.typ = Some("JWT".into());
    forged.push(("wrong type", sign_with_real_key(&app, wrong_type, &base)));
    let mut embedded = real_header();
    embedded.jku = Some("https://evil.example/jwks.json".into());
    forged.push(("jku header", sign_with_real_key(&app, embedded, &base)));
    let mut unknown_kid = real_header();
    unknown_kid.kid = Some("not-a-key".into());
    forged.push(("unknown kid", sign_with_real_key(&app, unknown_kid, &base)));
    // Another organisation in an otherwise valid token: its path is another organisation's.
    // alg=none.
    let none_header =
        URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "at+jwt", "kid": kid }).to_string());
    let payload = URL_SAFE_NO_PAD.encode(base.to_string());
    forged.push(("alg none", format!("{none_header}.{payload}.")));
    // HS256 signed with the public key (algorithm confusion).
    let jwks: Jwks = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .unwrap();
    let public_x = URL_SAFE_NO_PAD.decode(&jwks.keys[0].x).unwrap();
    let mut hs = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs.typ = Some("at+jwt".into());
    hs.kid = Some(kid.clone());
    forged.push((
        "HS256 with the public key",
        jsonwebtoken::encode(
            &hs,
            &base,
            &jsonwebtoken::EncodingKey::from_secret(&public_x),
        )
        .unwrap(),
    ));
    // An embedded attacker key.
    let attacker_der = {
        let mut der = vec![
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20,
        ];
        der.extend_from_slice(&[9u8; 32]);
        der
    };
    let attacker_key = jsonwebtoken::EncodingKey::from_ed_der(&attacker_der);
    let mut jwk_header = real_header();
    jwk_header.jwk = Some(
        jsonwebtoken::jwk::Jwk::from_encoding_key(&attacker_key, jsonwebtoken::Algorithm::EdDSA)
            .unwrap(),
    );
    forged.push((
        "embedded jwk",
        jsonwebtoken::encode(&jwk_header, &base, &attacker_key).unwrap(),
    ));
    forged.push((
        "attacker key, real kid",
        jsonwebtoken::encode(&real_header(), &base, &attacker_key).unwrap(),
    ));
    // A tampered payload with the original signature.
    let parts: Vec<&str> = good.split('.').collect();
    let tampered_payload = URL_SAFE_NO_PAD
        .encode(with(json!({ "scope": "documents:read documents:write" })).to_string());
    forged.push((
        "tampered",
        format!("{}.{tampered_payload}.{}", parts[0], parts[2]),
    ));
    forged.push(("garbage", "not.a.jwt".into()));

    for (what, token) in forged {
        let response = get_with_token(&app, &token, &path).await;
        assert_eq!(response.status(), 401, "{what} was accepted");
        assert_problem(response, 401, "invalid-token").await;
    }
}
