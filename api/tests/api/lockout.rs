//! Lockout that locks attackers out, not the person: per-address locks that feed nothing
//! else, account-wide locks a signed-in-before browser (device cookie) passes, locks that
//! always expire, second-factor guesses that count, unlock links that keep working, and the
//! dashboard's list of locked members.

use serde_json::json;

use crate::helpers::responses::{AuthMethod, Dashboard, LockScope, MfaChallenge, SessionInfo};
use crate::helpers::{
    PASSWORD, TestApp, app_behind_proxy, app_behind_proxy_with, assert_problem, expect_body,
    session_from,
};
use crate::security::{code, enrol};

const DEVICE_COOKIE: &str = "__Host-vigil_device";
const ATTACKER: &str = "203.0.113.9";
const OWNER_ELSEWHERE: &str = "198.51.100.7";

/// A sign-in from `ip`, carrying `device` (a `name=value` cookie) when given.
async fn second_step(
    app: &TestApp,
    ip: &str,
    token: &str,
    code: &str,
    device: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/v1/auth/login/mfa"))
        .header("x-forwarded-for", ip)
        .json(&json!({ "mfa_token": token, "code": code }));
    if let Some(device) = device {
        request = request.header("cookie", device);
    }
    request.send().await.expect("request sent")
}

/// The `name=value` of the device cookie a response sets, with its attributes checked.
fn device_cookie(response: &reqwest::Response) -> String {
    let set = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(DEVICE_COOKIE))
        .expect("a device cookie")
        .to_owned();
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(set.contains(attribute), "{set}");
    }
    set.split(';').next().unwrap().to_owned()
}

/// Signs up and verifies a person, then signs in from `ip` and keeps the browser's device
/// cookie.
async fn owner_with_device(app: &TestApp, ip: &str) -> (crate::helpers::TestUser, String) {
    let (user, _) = app.signed_up_owner().await;
    let response = app.login_from(ip, &user.email, &user.password).await;
    assert_eq!(response.status(), 200);
    let device = device_cookie(&response);
    (user, device)
}

/// A proxy-trusting app with the production rate limits (10 sign-ins per account a minute).
async fn app_with_real_limits(customize: impl FnOnce(&mut vigil::config::Config)) -> TestApp {
    TestApp::spawn_with(|config| {
        config.http.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        customize(config);
    })
    .await
}

#[tokio::test]
async fn thirty_wrong_guesses_from_one_address_do_not_keep_the_owner_out() {
    let app = app_with_real_limits(|_| {}).await;
    let (user, _) = app.signed_up_owner().await;
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let r = app
            .login_from(ATTACKER, &user.email, "guess guess guess")
            .await;
        statuses.push(r.status().as_u16());
    }
    // Five guesses are checked; the address is then locked and every later guess is refused
    // unchecked — without spending the account's shared limit or feeding its counter.
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    let outcomes = app.attempt_outcomes();
    assert_eq!(outcomes.iter().filter(|o| *o == "bad_password").count(), 5);
    assert_eq!(outcomes.iter().filter(|o| *o == "locked").count(), 25);
    assert_eq!(outcomes.iter().filter(|o| *o == "rate_limited").count(), 0);
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM login_throttles WHERE ip = '*' AND locked_until > now()"
        ),
        0,
        "no account-wide lock"
    );

    let owner = app
        .login_from(OWNER_ELSEWHERE, &user.email, &user.password)
        .await;
    assert_eq!(owner.status(), 200, "the owner signs in from elsewhere");
    // The attacker's address stays refused after the owner's success (locked, and by now
    // over its own per-address rate limit too).
    let again = app.login_from(ATTACKER, &user.email, &user.password).await;
    assert!(
        [401, 429].contains(&again.status().as_u16()),
        "{}",
        again.status()
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM login_throttles WHERE ip = '{ATTACKER}' AND locked_until > now()"
        )),
        1
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn an_account_wide_lock_lets_only_a_signed_in_before_browser_through() {
    let app = app_behind_proxy().await;
    let (user, device) = owner_with_device(&app, "198.51.100.2").await;
    // 20 wrong guesses from five addresses, four each: no address lock, the account locks.
    for i in 0..20 {
        let ip = format!("203.0.113.{}", 100 + i / 4);
        app.login_from(&ip, &user.email, "distributed guess").await;
    }
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM login_throttles WHERE ip = '*' AND locked_until > now()"
        ),
        1
    );
    let stranger = app
        .login_from(OWNER_ELSEWHERE, &user.email, &user.password)
        .await;
    assert_problem(stranger, 401, "invalid-credentials").await;
    // A tampered cookie is worth nothing.
    let forged = format!("{device}x");
    let tampered = app
        .login_from_with("198.51.100.8", &user.email, &user.password, Some(&forged))
        .await;
    assert_problem(tampered, 401, "invalid-credentials").await;
    let trusted = app
        .login_from_with("198.51.100.9", &user.email, &user.password, Some(&device))
        .await;
    assert_eq!(trusted.status(), 200, "the device cookie passes the lock");
    assert_eq!(device_cookie(&trusted), device, "the same device, renewed");
    app.drain_outbox().await;
}

#[tokio::test]
async fn a_device_cookie_still_counts_its_own_wrong_guesses() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_account_threshold = 3;
    })
    .await;
    let (user, device) = owner_with_device(&app, "198.51.100.2").await;
    // Its own address locks after five wrong guesses, device cookie or not.
    for _ in 0..5 {
        app.login_from_with("198.51.100.3", &user.email, "wrong again", Some(&device))
            .await;
    }
    let own_address = app
        .login_from_with("198.51.100.3", &user.email, &user.password, Some(&device))
        .await;
    assert_problem(own_address, 401, "invalid-credentials").await;
    // Its wrong guesses did not lock the account for everyone else.
    assert_eq!(
        app.count("SELECT count(*) AS n FROM login_throttles WHERE ip = '*'"),
        0
    );
    // Five more from another address: ten in all, and the cookie is no longer honoured.
    for _ in 0..5 {
        app.login_from_with("198.51.100.4", &user.email, "wrong again", Some(&device))
            .await;
    }
    // Lock the account from elsewhere; the spent cookie no longer passes it.
    for i in 0..3 {
        app.login_from(&format!("203.0.113.{i}"), &user.email, "guess")
            .await;
    }
    let spent = app
        .login_from_with("198.51.100.5", &user.email, &user.password, Some(&device))
        .await;
    assert_problem(spent, 401, "invalid-credentials").await;
    app.drain_outbox().await;
}

#[tokio::test]
async fn the_shared_per_account_limit_does_not_stop_a_trusted_browser() {
    let app = app_with_real_limits(|_| {}).await;
    let (user, device) = owner_with_device(&app, "198.51.100.2").await;
    for i in 0..10 {
        app.login_from(&format!("192.0.2.{i}"), &user.email, "guess")
            .await;
    }
    let without = app
        .login_from(OWNER_ELSEWHERE, &user.email, &user.password)
        .await;
    assert_problem(without, 429, "too-many-requests").await;
    let with = app
        .login_from_with(OWNER_ELSEWHERE, &user.email, &user.password, Some(&device))
        .await;
    assert_eq!(with.status(), 200);
    app.drain_outbox().await;
}

#[tokio::test]
async fn every_lock_expires_doubling_up_to_the_maximum() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_minutes = 10;
        config.auth.lockout_max_minutes = 25;
        config.auth.lockout_account_threshold = 1000;
    })
    .await;
    let (user, _) = app.signed_up_owner().await;
    let minutes = |app: &TestApp| {
        app.count(&format!(
            "SELECT round(extract(epoch FROM locked_until - now()) / 60)::bigint AS n
             FROM login_throttles WHERE ip = '{ATTACKER}'"
        ))
    };
    let mut lengths = Vec::new();
    for _ in 0..4 {
        for _ in 0..5 {
            app.login_from(ATTACKER, &user.email, "guess guess guess")
                .await;
        }
        lengths.push(minutes(&app));
        // The lock runs out.
        app.sql(&format!(
            "UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE ip = '{ATTACKER}'"
        ));
    }
    assert_eq!(lengths, vec![10, 20, 25, 25], "doubling, capped");
    let expired = app.login_from(ATTACKER, &user.email, &user.password).await;
    assert_eq!(expired.status(), 200, "an expired lock lets the person in");
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM login_throttles WHERE locked_until > now() + interval '25 minutes'"
        ),
        0
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn an_account_wide_lock_expires_too() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_account_threshold = 4;
    })
    .await;
    let (user, _) = app.signed_up_owner().await;
    // Many more guesses than any old "hard limit", from many addresses.
    for i in 0..40 {
        app.login_from(&format!("203.0.113.{i}"), &user.email, "guess")
            .await;
    }
    assert_problem(
        app.login_from(OWNER_ELSEWHERE, &user.email, &user.password)
            .await,
        401,
        "invalid-credentials",
    )
    .await;
    let longest = app.count(
        "SELECT ceil(extract(epoch FROM max(locked_until) - now()) / 60)::bigint AS n FROM login_throttles",
    );
    assert!(longest <= 1440, "capped at a day: {longest} minutes");
    app.sql("UPDATE login_throttles SET locked_until = now() - interval '1 second'");
    assert_eq!(
        app.login_from(OWNER_ELSEWHERE, &user.email, &user.password)
            .await
            .status(),
        200
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn the_migration_turns_permanent_locks_into_expiring_ones() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    app.sql(&format!(
        "INSERT INTO login_throttles (user_id, ip, failures, locked_until)
         VALUES ('{}', '*', 0, '9999-12-31T00:00:00Z')",
        session.user_id()
    ));
    let up = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations/2026-12-05-000009_lockout_expires_device_cookies/up.sql"),
    )
    .unwrap();
    let update = up
        .split(';')
        .find(|s| s.contains("UPDATE login_throttles"))
        .unwrap();
    app.sql(update);
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM login_throttles
             WHERE locked_until BETWEEN now() + interval '23 hours' AND now() + interval '1 day'"
        ),
        1
    );
}

#[tokio::test]
async fn every_unlock_link_works_not_only_the_newest() {
    let app = app_behind_proxy().await;
    let (user, _) = app.signed_up_owner().await;
    for ip in ["203.0.113.1", "203.0.113.2"] {
        for _ in 0..5 {
            app.login_from(ip, &user.email, "guess guess guess").await;
        }
    }
    let tokens: Vec<String> = app
        .emails_to(&user.email, "account_locked")
        .iter()
        .map(|m| m.token_for("/unlock"))
        .collect();
    assert_eq!(tokens.len(), 2);
    app.drain_outbox().await;
    // The older link works although a newer one was sent...
    let first = app
        .post_json("/api/v1/auth/unlock", &json!({ "token": tokens[0] }))
        .await;
    assert_eq!(first.status(), 204);
    assert_eq!(
        app.login_from("203.0.113.1", &user.email, &user.password)
            .await
            .status(),
        200
    );
    // ...and so does the newer one, later.
    for _ in 0..5 {
        app.login_from("203.0.113.3", &user.email, "guess guess guess")
            .await;
    }
    let second = app
        .post_json("/api/v1/auth/unlock", &json!({ "token": tokens[1] }))
        .await;
    assert_eq!(second.status(), 204);
    assert_eq!(
        app.login_from("203.0.113.3", &user.email, &user.password)
            .await
            .status(),
        200
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn guessing_totp_codes_counts_locks_and_emails_the_person() {
    let app = app_behind_proxy().await;
    let (user, session) = app.signed_up_owner().await;
    let (totp, ..) = enrol(&app, &session).await;
    app.drain_outbox().await;

    // The attacker knows the password. Each password step issues a new challenge, but the
    // codes now count: password + four wrong codes = five guesses, and the address locks.
    let start = app.login_from(ATTACKER, &user.email, PASSWORD).await;
    let token = expect_body::<MfaChallenge>(start, 202).await.mfa_token;
    assert_eq!(
        app.count(&format!(
            "SELECT failures::bigint AS n FROM login_throttles WHERE ip = '{ATTACKER}'"
        )),
        1,
        "the password step does not clear the counters"
    );
    for _ in 0..4 {
        let wrong = second_step(&app, ATTACKER, &token, "000000", None).await;
        assert_problem(wrong, 401, "mfa-code-invalid").await;
    }
    // Even the right code is refused now.
    let locked = second_step(&app, ATTACKER, &token, &code(&totp, 1), None).await;
    assert_problem(locked, 401, "sign-in-locked").await;
    let again = app.login_from(ATTACKER, &user.email, PASSWORD).await;
    assert_problem(again, 401, "invalid-credentials").await;

    // The person heard about it: the wrong codes (at 3) and the lock.
    let warned = app.emails_to(&user.email, "mfa_failures");
    assert_eq!(warned.len(), 1);
    assert!(warned[0].text.contains(ATTACKER), "{}", warned[0].text);
    assert_eq!(app.emails_to(&user.email, "account_locked").len(), 1);
    app.drain_outbox().await;

    // The owner, elsewhere, with both factors: in.
    let start = app.login_from(OWNER_ELSEWHERE, &user.email, PASSWORD).await;
    let token = start.json::<MfaChallenge>().await.unwrap().mfa_token;
    // The code refused during the lock was never checked, so its time step is still unused.
    let ok = second_step(&app, OWNER_ELSEWHERE, &token, &code(&totp, 1), None).await;
    assert_eq!(ok.status(), 200);
    device_cookie(&ok);
    let sessions: Vec<SessionInfo> = app
        .read_as(&session_from(ok).await, "/api/v1/me/sessions")
        .await;
    let current = sessions.iter().find(|s| s.current).unwrap();
    assert_eq!(current.auth_method, AuthMethod::PasswordTotp);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM login_throttles WHERE ip = '{OWNER_ELSEWHERE}'"
        )),
        0,
        "cleared once the second factor succeeded"
    );
    app.drain_outbox().await;
}

#[tokio::test]
async fn wrong_codes_from_many_addresses_lock_the_account() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_account_threshold = 8;
    })
    .await;
    let (user, session) = app.signed_up_owner().await;
    enrol(&app, &session).await;
    // Four addresses, each: the password and one wrong code (two guesses each, eight in all).
    for i in 0..4 {
        let ip = format!("203.0.113.{}", 40 + i);
        let start = app.login_from(&ip, &user.email, PASSWORD).await;
        let token = start.json::<MfaChallenge>().await.unwrap().mfa_token;
        second_step(&app, &ip, &token, "000000", None).await;
    }
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM login_throttles WHERE ip = '*' AND locked_until > now()"
        ),
        1,
        "wrong second-factor codes count toward the account's lock"
    );
    let owner = app.login_from(OWNER_ELSEWHERE, &user.email, PASSWORD).await;
    assert_problem(owner, 401, "invalid-credentials").await;
    app.drain_outbox().await;
}

#[tokio::test]
async fn the_dashboard_lists_locked_members() {
    let app = app_behind_proxy().await;
    let (_, owner) = app.signed_up_owner().await;
    let (member, member_session) = app.member_of(&owner.org_id(), "member").await;
    for _ in 0..5 {
        app.login_from(ATTACKER, &member.email, "guess guess guess")
            .await;
    }
    let dashboard: Dashboard = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{}/dashboard", owner.org_id()),
        )
        .await;
    let security = &dashboard.security;
    assert_eq!(security.locked_accounts, 1);
    let locked = &security.locked_members;
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].user_id, member_session.user_uuid());
    assert_eq!(locked[0].email, member.email);
    assert_eq!(locked[0].name, "Jane Citizen");
    assert_eq!(locked[0].scope, LockScope::Address);
    // `locked_until` is a required date-time of `LockedMember`: reading the dashboard checked it.
    app.drain_outbox().await;
}

#[tokio::test]
async fn a_password_reset_forgets_trusted_browsers() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_account_threshold = 3;
    })
    .await;
    let (user, device) = owner_with_device(&app, "198.51.100.2").await;
    app.drain_outbox().await;
    let captcha = app.solve_captcha().await;
    app.post_json(
        "/api/v1/auth/password/forgot",
        &json!({ "email": user.email, "captcha": captcha }),
    )
    .await;
    let token = app.emails_to(&user.email, "password_reset")[0].token_for("/reset-password");
    app.drain_outbox().await;
    let new_password = "silver ferry compass 2031 meadow";
    let reset = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": new_password }),
        )
        .await;
    assert_eq!(reset.status(), 204);
    app.drain_outbox().await;
    for i in 0..3 {
        app.login_from(&format!("203.0.113.{i}"), &user.email, "guess")
            .await;
    }
    let old_device = app
        .login_from_with("198.51.100.2", &user.email, new_password, Some(&device))
        .await;
    assert_problem(old_device, 401, "invalid-credentials").await;
    app.drain_outbox().await;
}

#[tokio::test]
async fn sign_in_attempts_from_a_trusted_browser_of_someone_else_are_not_trusted() {
    let app = app_behind_proxy_with(|config| {
        config.auth.lockout_account_threshold = 3;
    })
    .await;
    let (_, other_device) = owner_with_device(&app, "198.51.100.2").await;
    let (victim, _) = app.signed_up_owner().await;
    for i in 0..3 {
        app.login_from(&format!("203.0.113.{i}"), &victim.email, "guess")
            .await;
    }
    let borrowed = app
        .login_from_with(
            "198.51.100.2",
            &victim.email,
            &victim.password,
            Some(&other_device),
        )
        .await;
    assert_problem(borrowed, 401, "invalid-credentials").await;
    app.drain_outbox().await;
}
