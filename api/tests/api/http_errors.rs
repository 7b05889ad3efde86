//! Every error is RFC 9457 problem+json with the request id, including actix's own.

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn unknown_routes_answer_404_problems() {
    let app = TestApp::spawn().await;
    let body = assert_problem(
        app.get("/api/v1/nothing-here").await,
        404,
        "route-not-found",
    )
    .await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("/api/v1/nothing-here")
    );
}

#[tokio::test]
async fn wrong_methods_answer_405_with_allow() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .delete(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "GET");
    assert_problem(response, 405, "method-not-allowed").await;
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let app = TestApp::spawn().await;

    let kept = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", "trace-abc.123")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "trace-abc.123");

    // Ids that could forge log lines are replaced by a fresh one.
    let replaced = app
        .client
        .get(app.url("/nope"))
        .header("x-request-id", "evil\" injected=1")
        .send()
        .await
        .unwrap();
    let id = replaced.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, "evil\" injected=1");
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    let body = assert_problem(replaced, 404, "route-not-found").await;
    assert_eq!(body["request_id"], id);
}
