//! Third-party CAPTCHAs (Turnstile, hCaptcha) are verified server-side.

use serde_json::json;
use vigil::config::{CaptchaProvider, Secret};

use crate::helpers::{FakeHttp, TestApp, TestUser, assert_problem};

async fn app_with(provider: CaptchaProvider, verify_url: String) -> TestApp {
    TestApp::spawn_with(move |config| {
        config.captcha.provider = provider;
        config.captcha.site_key = Some("site-key-123".into());
        config.captcha.secret = Some(Secret::new("provider-secret"));
        config.captcha.verify_url = Some(verify_url);
    })
    .await
}

#[tokio::test]
async fn turnstile_and_hcaptcha_tokens_are_checked_with_the_provider() {
    for (provider, name) in [
        (CaptchaProvider::Turnstile, "turnstile"),
        (CaptchaProvider::Hcaptcha, "hcaptcha"),
    ] {
        let siteverify = FakeHttp::start(|request| {
            let ok = request.body.contains("response=good-token");
            (200, json!({ "success": ok }))
        })
        .await;
        let app = app_with(provider, format!("{}/siteverify", siteverify.url)).await;

        let challenge: serde_json::Value = app
            .get("/api/v1/captcha/challenge")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            challenge,
            json!({ "provider": name, "site_key": "site-key-123" })
        );

        let user = TestUser::new();
        let bad = app
            .post_json("/api/v1/signup", &app.signup_body(&user, "bad-token"))
            .await;
        assert_problem(bad, 422, "captcha-invalid").await;
        let good = app
            .post_json("/api/v1/signup", &app.signup_body(&user, "good-token"))
            .await;
        assert_eq!(good.status(), 202, "{name}");

        let requests = siteverify.requests();
        assert_eq!(requests.len(), 2);
        let form = &requests[1].body;
        assert!(form.contains("secret=provider-secret"), "{form}");
        assert!(form.contains("remoteip=127.0.0.1"), "{form}");
    }
}

#[tokio::test]
async fn an_unreachable_provider_is_a_503_and_nothing_is_created() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/siteverify", closed.local_addr().unwrap());
    drop(closed);
    let app = app_with(CaptchaProvider::Turnstile, url).await;
    let response = app
        .post_json(
            "/api/v1/signup",
            &app.signup_body(&TestUser::new(), "any-token"),
        )
        .await;
    assert_problem(response, 503, "captcha-unavailable").await;
    app.assert_outbox_empty();
}
