//! Enhanced authentication: sessions, password and email changes, login activity, lockout,
//! rate limits, trusted proxies, new-device emails, credential stuffing, TOTP, the
//! organisation's security policy. Disabled accounts (`vigil user disable`) are tested with the
//! command, in crates/cli/tests/cli/users.rs.

use std::time::Instant;

use reqwest::Method;
use serde_json::json;

use crate::helpers::responses::{
    ActivityItem, ActivityKind, AuthMethod, Dashboard, MfaChallenge, Organization,
    SecurityOverview, SecurityPolicy, Session, SessionInfo, SessionsRevoked, TotpEnabled,
    TotpSetup,
};
use crate::helpers::{
    PASSWORD, TestApp, TestSession, app_behind_proxy, assert_problem, expect_body, expect_problem,
    session_from,
};

const NEW_PASSWORD: &str = "silver ferry compass 2031 meadow";

async fn status_of(app: &TestApp, session: &TestSession) -> u16 {
    app.get_as(session, "/api/v1/auth/session")
        .await
        .status()
        .as_u16()
}

// --- Sessions --------------------------------------------------------------------------------------

#[tokio::test]
async fn people_see_and_revoke_their_sessions() {
    let app = TestApp::spawn().await;
    let (user, first) = app.signed_up_owner().await;
    let second = session_from(
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
            )
            .json(&json!({ "email": user.email, "password": user.password, "remember_me": true }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let third = app.login(&user.email, &user.password, false).await;

    let list: Vec<SessionInfo> = app.read_as(&first, "/api/v1/me/sessions").await;
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    assert!(
        list.iter()
            .any(|s| s.device == "Firefox 120 on Linux" && s.remember_me)
    );
    assert!(list.iter().all(|s| s.ip.as_deref() == Some("127.0.0.1")));

    let second_id = list.iter().find(|s| s.remember_me).unwrap().id;
    let revoked = app
        .as_user(
            &first,
            Method::DELETE,
            &format!("/api/v1/me/sessions/{second_id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert_eq!(
        status_of(&app, &second).await,
        401,
        "refused on its very next request"
    );
    assert_eq!(status_of(&app, &first).await, 200);

    let all = app
        .as_user(&first, Method::DELETE, "/api/v1/me/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(all.json::<SessionsRevoked>().await.unwrap().revoked, 1);
    assert_eq!(status_of(&app, &third).await, 401);
    assert_eq!(
        status_of(&app, &first).await,
        200,
        "the current session stays"
    );

    // Someone else's session id is not found.
    let (_, other) = app.signed_up_owner().await;
    let other_id = app
        .read_as::<Vec<SessionInfo>>(&other, "/api/v1/me/sessions")
        .await[0]
        .id;
    let foreign = app
        .as_user(
            &first,
            Method::DELETE,
            &format!("/api/v1/me/sessions/{other_id}"),
        )
        .send()
        .await
        .unwrap();
    assert_problem(foreign, 404, "session-not-found").await;
    assert_eq!(status_of(&app, &other).await, 200);
}

// --- Password and email ---------------------------------------------------------------------------

#[tokio::test]
async fn changing_the_password_signs_out_the_other_sessions_only() {
    let app = TestApp::spawn().await;
    let (user, current) = app.signed_up_owner().await;
    let other = app.login(&user.email, &user.password, true).await;

    let wrong = app
        .send_as(
            &current,
            Method::PUT,
            "/api/v1/me/password",
            &json!({ "current_password": "nope nope nope", "new_password": NEW_PASSWORD }),
        )
        .await;
    let problem = expect_problem(wrong, 422, "wrong-password").await;
    assert!(problem.errors.contains_key("current_password"));
    let weak = app
        .send_as(
            &current,
            Method::PUT,
            "/api/v1/me/password",
            &json!({ "current_password": PASSWORD, "new_password": "password1" }),
        )
        .await;
    assert!(
        expect_problem(weak, 422, "validation-failed")
            .await
            .errors
            .contains_key("new_password")
    );
    let same = app
        .send_as(
            &current,
            Method::PUT,
            "/api/v1/me/password",
            &json!({ "current_password": PASSWORD, "new_password": PASSWORD }),
        )
        .await;
    assert_problem(same, 422, "validation-failed").await;

    let ok = app
        .send_as(
            &current,
            Method::PUT,
            "/api/v1/me/password",
            &json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(ok.status(), 204);
    assert_eq!(status_of(&app, &other).await, 401);
    assert_eq!(status_of(&app, &current).await, 200);
    assert_eq!(app.emails_to(&user.email, "password_changed").len(), 1);
    app.drain_outbox().await;
    app.login(&user.email, NEW_PASSWORD, false).await;

    let activity: Vec<ActivityItem> = app.read_as(&current, "/api/v1/me/activity").await;
    assert!(
        activity
            .iter()
            .any(|a| a.event == "password_changed" && a.kind == ActivityKind::SecurityEvent)
    );
}

#[tokio::test]
async fn changing_the_email_reverifies_the_new_address_and_tells_the_old_one() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let new_email = format!("new.{}", user.email);

    let wrong = app
        .send_as(
            &session,
            Method::PUT,
            "/api/v1/me/email",
            &json!({ "new_email": new_email, "password": "wrong wrong wrong" }),
        )
        .await;
    assert_problem(wrong, 422, "wrong-password").await;

    let requested = app
        .send_as(
            &session,
            Method::PUT,
            "/api/v1/me/email",
            &json!({ "new_email": new_email, "password": PASSWORD }),
        )
        .await;
    assert_eq!(requested.status(), 202);
    let notice = app.emails_to(&user.email, "email_change_requested");
    assert_eq!(notice.len(), 1);
    assert!(notice[0].text.contains(&new_email));
    let token = app.emails_to(&new_email, "email_change")[0].token_for("/confirm-email");
    app.drain_outbox().await;
    // Nothing changed yet.
    assert_eq!(
        app.read_as::<Session>(&session, "/api/v1/auth/session")
            .await
            .user
            .email,
        user.email
    );

    let confirmed = app
        .post_json("/api/v1/auth/email/confirm", &json!({ "token": token }))
        .await;
    assert_eq!(confirmed.status(), 200);
    app.login(&new_email, PASSWORD, false).await;
    assert_problem(
        app.login_response(&user.email, PASSWORD, false).await,
        401,
        "invalid-credentials",
    )
    .await;
    let again = app
        .post_json("/api/v1/auth/email/confirm", &json!({ "token": token }))
        .await;
    assert_problem(again, 410, "email-change-token-used").await;

    // An address that is taken gets no link, and the answer is the same.
    let (taken_user, _) = app.signed_up_owner().await;
    let response = app
        .send_as(
            &session,
            Method::PUT,
            "/api/v1/me/email",
            &json!({ "new_email": taken_user.email, "password": PASSWORD }),
        )
        .await;
    assert_eq!(response.status(), 202);
    assert!(app.emails_to(&taken_user.email, "email_change").is_empty());
    app.drain_outbox().await;
}

// --- Activity -------------------------------------------------------------------------------------

#[tokio::test]
async fn every_attempt_is_recorded_and_shown_to_the_account_owner() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    app.login_response(&user.email, "wrong password here", false)
        .await;
    app.login_response("nobody@example.org", "whatever it is", false)
        .await;
    let session = app.login(&user.email, &user.password, false).await;
    let outcomes = app.attempt_outcomes();
    assert_eq!(
        outcomes,
        ["success", "bad_password", "unknown_email", "success"]
    );

    let activity: Vec<ActivityItem> = app.read_as(&session, "/api/v1/me/activity").await;
    let events: Vec<&str> = activity
        .iter()
        .filter(|a| a.kind == ActivityKind::SignIn)
        .map(|a| a.event.as_str())
        .collect();
    assert_eq!(
        events,
        ["success", "bad_password", "success"],
        "only the owner's own attempts"
    );
    assert_eq!(activity[0].ip.as_deref(), Some("127.0.0.1"));
}

// --- Lockout --------------------------------------------------------------------------------------

#[tokio::test]
async fn five_failures_lock_the_ip_and_the_sixth_attempt_is_refused_even_when_right() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    let attacker = "203.0.113.7";
    for _ in 0..5 {
        let r = app
            .login_from(attacker, &user.email, "guess guess guess")
            .await;
        assert_problem(r, 401, "invalid-credentials").await;
    }
    let locked = app.login_from(attacker, &user.email, &user.password).await;
    let locked_body = expect_problem(locked, 401, "invalid-credentials").await;
    let wrong = app
        .login_from(attacker, "nobody@example.org", "guess guess guess")
        .await;
    let wrong_body = expect_problem(wrong, 401, "invalid-credentials").await;
    assert_eq!(
        locked_body.detail, wrong_body.detail,
        "a lock looks like wrong credentials"
    );
    assert_eq!(
        app.attempt_outcomes().last().map(String::as_str),
        Some("unknown_email")
    );
    assert!(app.attempt_outcomes().contains(&"locked".to_owned()));

    // The real user, elsewhere, is not locked out.
    let elsewhere = app
        .login_from("198.51.100.20", &user.email, &user.password)
        .await;
    assert_eq!(elsewhere.status(), 200);

    // The owner was emailed a single-use unlock link; it works.
    let mail = app
        .emails_to(&user.email, "account_locked")
        .pop()
        .expect("lock email");
    assert!(mail.text.contains(attacker), "{}", mail.text);
    let token = mail.token_for("/unlock");
    app.drain_outbox().await;
    let unlocked = app
        .post_json("/api/v1/auth/unlock", &json!({ "token": token }))
        .await;
    assert_eq!(unlocked.status(), 204);
    assert_eq!(
        app.login_from(attacker, &user.email, &user.password)
            .await
            .status(),
        200
    );
    let reused = app
        .post_json("/api/v1/auth/unlock", &json!({ "token": token }))
        .await;
    assert_problem(reused, 410, "unlock-token-used").await;
}

#[tokio::test]
async fn locks_expire_and_double_on_repeat() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    let ip = "203.0.113.8";
    let lock_minutes = |app: &TestApp| {
        app.count(&format!(
            "SELECT round(extract(epoch FROM locked_until - now()) / 60)::bigint AS n FROM login_throttles WHERE ip = '{ip}'"
        ))
    };
    for _ in 0..5 {
        app.login_from(ip, &user.email, "guess guess guess").await;
    }
    assert_eq!(lock_minutes(&app), 15);
    // Fifteen minutes pass.
    app.sql(&format!(
        "UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE ip = '{ip}'"
    ));
    for _ in 0..5 {
        app.login_from(ip, &user.email, "guess guess guess").await;
    }
    assert_eq!(lock_minutes(&app), 30, "the second lock is twice as long");
    app.drain_outbox().await;
}

#[tokio::test]
async fn parallel_wrong_guesses_cannot_pass_the_threshold() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    let guesses =
        (0..20).map(|_| app.login_from("203.0.113.9", &user.email, "parallel guess attempt"));
    for response in futures_util::future::join_all(guesses).await {
        assert_eq!(response.status(), 401);
    }
    let outcomes = app.attempt_outcomes();
    let checked = outcomes.iter().filter(|o| *o == "bad_password").count();
    assert!(checked <= 5, "{checked} guesses were checked: {outcomes:?}");
    assert_eq!(
        outcomes.iter().filter(|o| *o == "locked").count(),
        20 - checked
    );
    assert_eq!(
        app.login_from("203.0.113.9", &user.email, &user.password)
            .await
            .status(),
        401
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn many_failures_from_many_ips_lock_the_account_everywhere() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    for i in 0..20 {
        app.login_from(
            &format!("203.0.113.{}", 100 + i / 4),
            &user.email,
            "distributed guess",
        )
        .await;
    }
    let anywhere = app
        .login_from("198.51.100.77", &user.email, &user.password)
        .await;
    assert_problem(anywhere, 401, "invalid-credentials").await;
    let mail = app
        .emails_to(&user.email, "account_locked")
        .pop()
        .expect("account lock email");
    assert!(mail.text.contains("from every device"), "{}", mail.text);
    app.drain_outbox().await;

    // A password reset clears every lock.
    let captcha = app.solve_captcha().await;
    app.post_json(
        "/api/v1/auth/password/forgot",
        &json!({ "email": user.email, "captcha": captcha }),
    )
    .await;
    let token = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;
    app.post_json(
        "/api/v1/auth/password/reset",
        &json!({ "token": token, "password": NEW_PASSWORD }),
    )
    .await;
    app.drain_outbox().await;
    assert_eq!(
        app.login_from("198.51.100.77", &user.email, NEW_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_locked_account_takes_as_long_as_a_wrong_password() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    for _ in 0..5 {
        app.login_from("203.0.113.11", &user.email, "guess guess guess")
            .await;
    }
    let mut locked = Vec::new();
    let mut wrong = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        app.login_from("203.0.113.11", &user.email, &user.password)
            .await;
        locked.push(start.elapsed());
        let start = Instant::now();
        app.login_from("203.0.113.12", "nobody@example.org", "guess guess guess")
            .await;
        wrong.push(start.elapsed());
    }
    locked.sort();
    wrong.sort();
    let ratio = locked[2].as_secs_f64() / wrong[2].as_secs_f64();
    assert!(
        (0.33..3.0).contains(&ratio),
        "locked {:?} vs wrong {:?}",
        locked[2],
        wrong[2]
    );
    app.drain_outbox().await;
}

// --- Rate limits and proxies ------------------------------------------------------------------------

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_account() {
    let app = TestApp::spawn_with(|config| {
        config.http.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let (user, _) = app.signed_up_owner().await;
    // Different IPs, so no IP limit or lock is involved; with the sign-in above, 10 per minute.
    for i in 0..9 {
        app.login_from(&format!("192.0.2.{i}"), &user.email, "guess guess guess")
            .await;
    }
    let limited = app
        .login_from("192.0.2.99", &user.email, &user.password)
        .await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, 429, "too-many-requests").await;
    assert_eq!(
        app.attempt_outcomes().last().map(String::as_str),
        Some("rate_limited")
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    // Spoofed headers do not spread the attempts over many "IPs": the socket's IP is locked.
    for i in 0..5 {
        app.login_from(&format!("203.0.113.{i}"), &user.email, "guess guess guess")
            .await;
    }
    assert_eq!(
        app.login_from("198.51.100.5", &user.email, &user.password)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM login_throttles WHERE ip = '127.0.0.1'"),
        1
    );
    app.drain_outbox().await;
}

// --- Suspicious activity ------------------------------------------------------------------------------

#[tokio::test]
async fn a_new_device_gets_one_email_and_not_me_secures_the_account() {
    let app = app_behind_proxy().await;
    let (user, first) = app.signed_up_owner().await;
    assert!(
        app.emails_to(&user.email, "new_sign_in").is_empty(),
        "not for the first sign-in"
    );

    let sign_in = |ip: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", ip)
            .header("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
            .json(&json!({ "email": user.email, "password": user.password }))
            .send()
    };
    assert_eq!(sign_in("198.51.100.40").await.unwrap().status(), 200);
    let emails = app.emails_to(&user.email, "new_sign_in");
    assert_eq!(emails.len(), 1);
    assert!(
        emails[0].text.contains("Chrome 131 on Windows"),
        "{}",
        emails[0].text
    );
    assert!(emails[0].text.contains("198.51.100.40"));
    let token = emails[0].token_for("/not-me");
    app.drain_outbox().await;

    // Same device and network again: no second email.
    assert_eq!(sign_in("198.51.100.41").await.unwrap().status(), 200);
    assert!(app.emails_to(&user.email, "new_sign_in").is_empty());

    let secured = app
        .post_json("/api/v1/auth/not-me", &json!({ "token": token }))
        .await;
    assert_eq!(secured.status(), 202);
    assert_eq!(
        status_of(&app, &first).await,
        401,
        "every session signed out"
    );
    assert_eq!(app.emails_to(&user.email, "password_reset").len(), 1);
    app.drain_outbox().await;
}

#[tokio::test]
async fn credential_stuffing_blocks_the_ip() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    let stuffer = "203.0.113.66";
    for i in 0..10 {
        app.login_from(
            stuffer,
            &format!("victim{i}@example.org"),
            "leaked password 123",
        )
        .await;
    }
    let blocked = app.login_from(stuffer, &user.email, &user.password).await;
    assert!(blocked.headers().contains_key("retry-after"));
    assert_problem(blocked, 429, "too-many-requests").await;
    assert_eq!(
        app.attempt_outcomes().last().map(String::as_str),
        Some("ip_blocked")
    );
    assert_eq!(
        app.login_from("198.51.100.60", &user.email, &user.password)
            .await
            .status(),
        200
    );
}

// --- TOTP -------------------------------------------------------------------------------------------

pub(crate) fn totp_for(secret: &str) -> totp_rs::Totp {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
}

/// A valid code for a step from now (0 = current, 1 = next), so each use is a fresh step.
pub(crate) fn code(totp: &totp_rs::Totp, steps_ahead: u64) -> String {
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    totp.generate(now + 30 * steps_ahead).to_string()
}

/// Turns TOTP on; returns the generator, the recovery codes and the code that confirmed it.
pub(crate) async fn enrol(
    app: &TestApp,
    session: &TestSession,
) -> (totp_rs::Totp, Vec<String>, String) {
    let setup = app
        .send_as(
            session,
            Method::POST,
            "/api/v1/me/mfa/totp",
            &json!({ "password": PASSWORD }),
        )
        .await;
    let setup: TotpSetup = expect_body(setup, 200).await;
    assert!(setup.otpauth_uri.starts_with("otpauth://totp/Vigil:"));
    let totp = totp_for(&setup.secret);
    let confirmed_with = code(&totp, 0);
    let confirmed = app
        .send_as(
            session,
            Method::POST,
            "/api/v1/me/mfa/totp/confirm",
            &json!({ "code": confirmed_with }),
        )
        .await;
    let codes = expect_body::<TotpEnabled>(confirmed, 200)
        .await
        .recovery_codes;
    assert_eq!(codes.len(), 10);
    (totp, codes, confirmed_with)
}

pub(crate) async fn mfa_token(app: &TestApp, email: &str) -> String {
    let response = app.login_response(email, PASSWORD, false).await;
    assert!(
        crate::helpers::session_set_cookie(&response).is_none(),
        "no session before the second factor"
    );
    let body: MfaChallenge = expect_body(response, 202).await;
    assert!(body.mfa_required);
    body.mfa_token
}

#[tokio::test]
async fn totp_enrolment_needs_the_password_and_a_right_code() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let wrong = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/me/mfa/totp",
            &json!({ "password": "not it at all" }),
        )
        .await;
    assert_problem(wrong, 422, "wrong-password").await;
    let setup: TotpSetup = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/me/mfa/totp",
            &json!({ "password": PASSWORD }),
        )
        .await
        .json()
        .await
        .unwrap();
    let bad = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/me/mfa/totp/confirm",
            &json!({ "code": "000000" }),
        )
        .await;
    assert_problem(bad, 422, "mfa-code-invalid").await;
    // The secret is stored encrypted, not in clear.
    let secret = &setup.secret;
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM users WHERE position(convert_to('{secret}', 'UTF8') in mfa_secret_encrypted) > 0"
        )),
        0
    );
    let totp = totp_for(secret);
    let ok = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/me/mfa/totp/confirm",
            &json!({ "code": code(&totp, 0) }),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let overview: SecurityOverview = app.read_as(&session, "/api/v1/me/security").await;
    assert!(overview.mfa.enabled);
    assert_eq!(overview.mfa.recovery_codes_left, 10);
}

#[tokio::test]
async fn sign_in_with_totp_refuses_wrong_and_replayed_codes() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let (totp, _, enrolled_with) = enrol(&app, &session).await;

    let token = mfa_token(&app, &user.email).await;
    let wrong = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": "123456" }),
        )
        .await;
    assert_problem(wrong, 401, "mfa-code-invalid").await;
    // The code used to confirm enrolment cannot be replayed.
    let replay = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": enrolled_with }),
        )
        .await;
    assert_problem(replay, 401, "mfa-code-invalid").await;
    let next = code(&totp, 1);
    let ok = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": next }),
        )
        .await;
    assert_eq!(ok.status(), 200);
    assert!(crate::helpers::session_set_cookie(&ok).is_some());

    // The same code again, in a new sign-in: refused.
    let token = mfa_token(&app, &user.email).await;
    let replayed = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": next }),
        )
        .await;
    assert_problem(replayed, 401, "mfa-code-invalid").await;
    assert!(app.attempt_outcomes().contains(&"mfa_failed".to_owned()));

    // A challenge allows five tries, then the password is needed again.
    for _ in 0..4 {
        app.post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": "000000" }),
        )
        .await;
    }
    let spent = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "code": "000000" }),
        )
        .await;
    assert_problem(spent, 401, "mfa-challenge-invalid").await;
}

#[tokio::test]
async fn recovery_codes_work_once() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let (_, codes, _) = enrol(&app, &session).await;
    let token = mfa_token(&app, &user.email).await;
    let ok = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "recovery_code": codes[0].to_uppercase() }),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let token = mfa_token(&app, &user.email).await;
    let again = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "recovery_code": codes[0] }),
        )
        .await;
    assert_problem(again, 401, "mfa-code-invalid").await;
    let overview: SecurityOverview = app.read_as(&session, "/api/v1/me/security").await;
    assert_eq!(overview.mfa.recovery_codes_left, 9);
}

#[tokio::test]
async fn a_password_reset_does_not_bypass_totp() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    enrol(&app, &session).await;
    let captcha = app.solve_captcha().await;
    app.post_json(
        "/api/v1/auth/password/forgot",
        &json!({ "email": user.email, "captcha": captcha }),
    )
    .await;
    let token = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;
    let reset = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(reset.status(), 204);
    app.drain_outbox().await;
    let login = app.login_response(&user.email, NEW_PASSWORD, false).await;
    assert_eq!(login.status(), 202, "the second factor is still required");
    assert!(crate::helpers::session_set_cookie(&login).is_none());
}

#[tokio::test]
async fn turning_totp_off_needs_the_password_and_a_code() {
    let app = TestApp::spawn().await;
    let (user, session) = app.signed_up_owner().await;
    let (totp, ..) = enrol(&app, &session).await;
    let missing_code = app
        .send_as(
            &session,
            Method::DELETE,
            "/api/v1/me/mfa/totp",
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert_problem(missing_code, 422, "mfa-code-invalid").await;
    let off = app
        .send_as(
            &session,
            Method::DELETE,
            "/api/v1/me/mfa/totp",
            &json!({ "password": PASSWORD, "code": code(&totp, 1) }),
        )
        .await;
    assert_eq!(off.status(), 204);
    assert_eq!(
        app.login_response(&user.email, PASSWORD, false)
            .await
            .status(),
        200
    );
    let activity: Vec<ActivityItem> = app.read_as(&session, "/api/v1/me/activity").await;
    let events: Vec<&str> = activity.iter().map(|a| a.event.as_str()).collect();
    assert!(
        events.contains(&"mfa_enabled") && events.contains(&"mfa_disabled"),
        "{events:?}"
    );
}

// --- The organisation's policy ---------------------------------------------------------------------

#[tokio::test]
async fn organisations_can_require_totp_of_their_members() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, member) = app.member_of(&org, "member").await;
    let policy_path = format!("/api/v1/organizations/{org}/security-policy");
    let body = json!({ "require_mfa": true, "session_idle_minutes": null, "allowed_email_domains": ["@HarbourView.com.au"] });

    // Whoever requires it must have it, or they would lock themselves out.
    let first = app.send_as(&owner, Method::PUT, &policy_path, &body).await;
    assert_problem(first, 409, "mfa-required-for-you-first").await;
    enrol(&app, &owner).await;

    let denied = app
        .send_as(&member, Method::PUT, &policy_path, &json!({ "require_mfa": true, "session_idle_minutes": null, "allowed_email_domains": [] }))
        .await;
    assert_problem(denied, 403, "permission-denied").await;
    let saved = app.send_as(&owner, Method::PUT, &policy_path, &body).await;
    let saved: SecurityPolicy = expect_body(saved, 200).await;
    assert_eq!(saved.allowed_email_domains, ["harbourview.com.au"]);

    let blocked = app
        .get_as(&member, &format!("/api/v1/organizations/{org}"))
        .await;
    assert_problem(blocked, 403, "mfa-enrolment-required").await;
    // Their own security settings still work, so they can enrol.
    enrol(&app, &member).await;
    assert_eq!(
        app.get_as(&member, &format!("/api/v1/organizations/{org}"))
            .await
            .status(),
        200
    );

    // A session signed in with the password alone (from before) must step up first, and can
    // still reach its own account to sign out.
    app.sql(&format!(
        "UPDATE sessions SET auth_method = 'password' WHERE user_id = '{}'",
        member.user_id()
    ));
    let password_only = app
        .get_as(&member, &format!("/api/v1/organizations/{org}"))
        .await;
    assert_problem(password_only, 403, "mfa-step-up-required").await;
    assert_eq!(
        app.get_as(&member, "/api/v1/auth/session").await.status(),
        200
    );

    let dashboard: Dashboard = app
        .read_as(&owner, &format!("/api/v1/organizations/{org}/dashboard"))
        .await;
    assert!(dashboard.security.mfa_required);
    assert_eq!(dashboard.security.members_without_mfa, 0);

    let bad = app
        .send_as(&owner, Method::PUT, &policy_path, &json!({ "require_mfa": false, "session_idle_minutes": 1, "allowed_email_domains": ["not a domain"] }))
        .await;
    let problem = expect_problem(bad, 422, "validation-failed").await;
    assert!(problem.errors.contains_key("session_idle_minutes"));
    assert!(problem.errors.contains_key("allowed_email_domains"));
}

#[tokio::test]
async fn an_organisations_idle_timeout_ends_idle_sessions() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.send_as(
        &owner,
        Method::PUT,
        &format!("/api/v1/organizations/{org}/security-policy"),
        &json!({ "require_mfa": false, "session_idle_minutes": 10, "allowed_email_domains": [] }),
    )
    .await;
    // Idle for 12 minutes: within the server's 30, beyond the organisation's 10.
    app.sql("UPDATE sessions SET last_seen_at = now() - interval '12 minutes'");
    let response = app
        .get_as(&owner, &format!("/api/v1/organizations/{org}"))
        .await;
    assert_problem(response, 401, "session-idle-timeout").await;
    assert_eq!(status_of(&app, &owner).await, 401, "the session was ended");
}

/// `idle_expires_at` of a session response, as minutes from now (rounded down), or None.
fn idle_minutes_left(session: &Session) -> Option<i64> {
    let at = session.idle_expires_at?;
    Some((at - chrono::Utc::now()).num_seconds().div_euclid(60))
}

#[tokio::test]
async fn the_session_says_when_it_ends_without_activity() {
    let app = TestApp::spawn().await;
    let (user, browser) = app.signed_up_owner().await;
    let org = browser.org_id();
    let policy_path = format!("/api/v1/organizations/{org}/security-policy");

    // The server's 30 minutes, from the sign-in.
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(session.idle_timeout_minutes, Some(30));
    assert_eq!(idle_minutes_left(&session), Some(29));

    // "Remember me" sessions do not end for idleness.
    let remembered = app.login(&user.email, &user.password, true).await;
    let session: Session = app.read_as(&remembered, "/api/v1/auth/session").await;
    assert!(session.idle_timeout_minutes.is_none());
    assert!(session.idle_expires_at.is_none());

    // A stricter organisation policy applies; a looser one does not.
    app.send_as(
        &browser,
        Method::PUT,
        &policy_path,
        &json!({ "require_mfa": false, "session_idle_minutes": 10, "allowed_email_domains": [] }),
    )
    .await;
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(session.idle_timeout_minutes, Some(10));
    assert_eq!(idle_minutes_left(&session), Some(9));
    let session: Session = app.read_as(&remembered, "/api/v1/auth/session").await;
    assert!(
        session.idle_expires_at.is_none(),
        "remembered sessions stay exempt"
    );
    app.send_as(
        &browser,
        Method::PUT,
        &policy_path,
        &json!({ "require_mfa": false, "session_idle_minutes": 120, "allowed_email_domains": [] }),
    )
    .await;
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(session.idle_timeout_minutes, Some(30));

    // Activity is recorded at most once a minute: 30 s ago is the last recorded use...
    app.sql(
        "UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE NOT remember_me",
    );
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(
        idle_minutes_left(&session),
        Some(29),
        "this request was recorded"
    );
    app.sql(
        "UPDATE sessions SET last_seen_at = now() - interval '30 seconds' WHERE NOT remember_me",
    );
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(
        idle_minutes_left(&session),
        Some(29),
        "this request was not"
    );
    let left = idle_minutes_left(&session).unwrap_or_default();
    assert!(left < 30);

    // ...and the absolute lifetime comes first when it is nearer.
    app.sql("UPDATE sessions SET expires_at = now() + interval '5 minutes 30 seconds' WHERE NOT remember_me");
    let session: Session = app.read_as(&browser, "/api/v1/auth/session").await;
    assert_eq!(idle_minutes_left(&session), Some(5));
    assert_eq!(session.idle_expires_at, Some(session.expires_at));
}

#[tokio::test]
async fn switching_organisation_reports_the_new_organisations_idle_policy() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let first = owner.org_id();
    app.send_as(
        &owner,
        Method::PUT,
        &format!("/api/v1/organizations/{first}/security-policy"),
        &json!({ "require_mfa": false, "session_idle_minutes": 5, "allowed_email_domains": [] }),
    )
    .await;
    let second = app
        .send_as(
            &owner,
            Method::POST,
            "/api/v1/organizations",
            &json!({ "name": "Second Site Clinic" }),
        )
        .await;
    let second: Organization = expect_body(second, 201).await;
    let second_id = second.id;
    let switched = app
        .send_as(
            &owner,
            Method::PUT,
            "/api/v1/auth/session/organization",
            &json!({ "organization_id": second_id }),
        )
        .await;
    let switched: Session = expect_body(switched, 200).await;
    assert_eq!(switched.current_organization_id, Some(second_id));
    assert_eq!(switched.idle_timeout_minutes, Some(30));
    let back = app
        .send_as(
            &owner,
            Method::PUT,
            "/api/v1/auth/session/organization",
            &json!({ "organization_id": first }),
        )
        .await;
    let back: Session = back.json().await.unwrap();
    assert_eq!(back.idle_timeout_minutes, Some(5));
    assert_eq!(idle_minutes_left(&back), Some(4));
}

#[tokio::test]
async fn the_dashboard_counts_locked_members() {
    let app = app_behind_proxy().await;
    let (_, owner) = app.signed_up_owner().await;
    let (member_user, _) = app.member_of(&owner.org_id(), "member").await;
    for _ in 0..5 {
        app.login_from("203.0.113.30", &member_user.email, "guess guess guess")
            .await;
    }
    let dashboard: Dashboard = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{}/dashboard", owner.org_id()),
        )
        .await;
    assert_eq!(dashboard.security.locked_accounts, 1);
    app.drain_outbox().await;
}

// --- How sessions were signed in -----------------------------------------------------------------

#[tokio::test]
async fn turning_totp_on_signs_out_the_other_password_only_sessions() {
    let app = TestApp::spawn().await;
    let (user, here) = app.signed_up_owner().await;
    let elsewhere = app.login(&user.email, &user.password, true).await;
    let setup: TotpSetup = app
        .send_as(
            &here,
            Method::POST,
            "/api/v1/me/mfa/totp",
            &json!({ "password": PASSWORD }),
        )
        .await
        .json()
        .await
        .unwrap();
    let totp = totp_for(&setup.secret);
    let confirmed_with = code(&totp, 0);
    let confirmed = app
        .send_as(
            &here,
            Method::POST,
            "/api/v1/me/mfa/totp/confirm",
            &json!({ "code": confirmed_with }),
        )
        .await;
    let body: TotpEnabled = expect_body(confirmed, 200).await;
    assert_eq!(body.signed_out_sessions, 1);
    assert_eq!(body.recovery_codes.len(), 10);
    assert_eq!(
        status_of(&app, &elsewhere).await,
        401,
        "password-only: ended"
    );
    assert_eq!(
        status_of(&app, &here).await,
        200,
        "this one proved the code"
    );
    let sessions: Vec<SessionInfo> = app.read_as(&here, "/api/v1/me/sessions").await;
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].auth_method, AuthMethod::PasswordTotp);

    // A later sign-in says how it was made.
    let start = app.login_response(&user.email, PASSWORD, false).await;
    let token = start.json::<MfaChallenge>().await.unwrap().mfa_token;
    let codes = body.recovery_codes;
    let recovered = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": token, "recovery_code": codes[0] }),
        )
        .await;
    assert_eq!(recovered.status(), 200);
    let recovered = session_from(recovered).await;
    let sessions: Vec<SessionInfo> = app.read_as(&recovered, "/api/v1/me/sessions").await;
    let current = sessions.iter().find(|s| s.current).unwrap();
    assert_eq!(current.auth_method, AuthMethod::PasswordRecoveryCode);
    app.drain_outbox().await;
}

#[tokio::test]
async fn an_unknown_auth_method_in_the_database_is_an_error_not_a_fallback() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    app.sql("ALTER TABLE sessions DROP CONSTRAINT sessions_auth_method_check");
    app.sql("UPDATE sessions SET auth_method = 'sms'");
    let response = app.get_as(&session, "/api/v1/auth/session").await;
    assert_eq!(response.status(), 500, "never read as some other method");
}

// --- Token-signing keys -----------------------------------------------------------------------------

#[tokio::test]
async fn unknown_kids_reload_the_keys_at_most_once_a_minute() {
    let app = TestApp::spawn().await;
    let cipher = vigil::crypto::Cipher::from_base64(
        app.config.auth.encryption_key.as_ref().unwrap().expose(),
    )
    .unwrap();
    let keys = vigil::access_tokens::keys::KeyRing::new(app.db.pool(2), cipher);
    keys.rotate_if_due().await.unwrap();
    let active = keys.active().await.unwrap().kid;
    assert!(keys.verifying_key(&active).await.unwrap().is_some());
    assert_eq!(keys.reloads(), 1);
    // A flood of forged tokens with made-up kids, some in parallel: no further reload.
    for i in 0..200 {
        assert!(
            keys.verifying_key(&format!("forged-{i}"))
                .await
                .unwrap()
                .is_none()
        );
    }
    let parallel = (0..50).map(|i| {
        let keys = keys.clone();
        async move { keys.verifying_key(&format!("parallel-{i}")).await }
    });
    for found in futures_util::future::join_all(parallel).await {
        assert!(found.unwrap().is_none());
    }
    assert!(keys.verifying_key(&active).await.unwrap().is_some());
    assert_eq!(keys.reloads(), 1, "one reload for the whole flood");

    // With a short refresh interval, the next window reloads once more, and only once.
    let quick = vigil::access_tokens::keys::KeyRing::new(
        app.db.pool(2),
        vigil::crypto::Cipher::from_base64(
            app.config.auth.encryption_key.as_ref().unwrap().expose(),
        )
        .unwrap(),
    )
    .with_refresh_every(std::time::Duration::from_millis(300));
    for i in 0..50 {
        quick.verifying_key(&format!("forged-{i}")).await.unwrap();
    }
    assert_eq!(quick.reloads(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    for i in 0..50 {
        quick.verifying_key(&format!("forged-{i}")).await.unwrap();
    }
    assert_eq!(quick.reloads(), 2);
}
