//! `vigil user disable|enable`: a disabled account loses its sessions and cannot sign in.

use vigil_cli::users::set_disabled;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn disabled_accounts_lose_their_sessions_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let found = set_disabled(&app.db.app_url(), &user.email, true)
        .await
        .unwrap();
    assert!(found);
    let status = app.get_as(&session, "/api/v1/auth/session").await.status();
    assert_eq!(status.as_u16(), 401);
    let wrong = app
        .login_response(&user.email, "not the password", false)
        .await;
    assert_problem(wrong, 401, "invalid-credentials").await;
    let right = app.login_response(&user.email, &user.password, false).await;
    assert_problem(right, 403, "account-disabled").await;
    set_disabled(&app.db.app_url(), &user.email, false)
        .await
        .unwrap();
    assert_eq!(
        app.login_response(&user.email, &user.password, false)
            .await
            .status(),
        200
    );
    let unknown = set_disabled(&app.db.app_url(), "nobody@example.invalid", true)
        .await
        .unwrap();
    assert!(!unknown, "no account has that address");
}
