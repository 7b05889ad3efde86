//! The signed-in person's profile (onboarding's user profile setup).

use reqwest::Method;
use serde_json::json;

use crate::helpers::responses::{Session, User};
use crate::helpers::{TestApp, assert_problem, expect_body, expect_problem};

#[tokio::test]
async fn people_update_their_own_profile() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;

    let response = app
        .as_user(&session, Method::PATCH, "/api/v1/me")
        .json(&json!({
            "first_name": "  Janet ",
            "job_title": "Practice Manager",
            "phone": "+61 412 345 678",
            "time_zone": "Australia/Perth",
        }))
        .send()
        .await
        .unwrap();
    let user: User = expect_body(response, 200).await;
    assert_eq!(user.first_name, "Janet");
    assert_eq!(user.last_name, "Citizen");
    assert_eq!(user.job_title.as_deref(), Some("Practice Manager"));
    assert_eq!(user.time_zone, "Australia/Perth");

    // An empty string clears an optional field.
    let cleared: User = app
        .as_user(&session, Method::PATCH, "/api/v1/me")
        .json(&json!({ "job_title": "" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(cleared.job_title.is_none());
    assert_eq!(cleared.phone.as_deref(), Some("+61 412 345 678"));
}

#[tokio::test]
async fn bad_profile_fields_are_named_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;

    let response = app
        .as_user(&session, Method::PATCH, "/api/v1/me")
        .json(&json!({ "first_name": "", "time_zone": "Mars/Olympus", "phone": "call me" }))
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, 422, "validation-failed").await;
    for field in ["first_name", "time_zone", "phone"] {
        assert!(problem.errors.contains_key(field), "{field}: {problem:?}");
    }

    let sneaky = app
        .as_user(&session, Method::PATCH, "/api/v1/me")
        .json(&json!({ "email": "other@example.org" }))
        .send()
        .await
        .unwrap();
    let problem = expect_problem(sneaky, 422, "invalid-body").await;
    assert!(problem.errors.contains_key("email"));

    let unchanged: Session = app
        .as_user(&session, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged.user.first_name, "Jane");
    assert_eq!(unchanged.user.time_zone, "Australia/Sydney");
}

#[tokio::test]
async fn the_profile_needs_a_session() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .patch(app.url("/api/v1/me"))
        .json(&json!({ "first_name": "X" }))
        .send()
        .await
        .unwrap();
    assert_problem(response, 401, "not-authenticated").await;
}
