//! Passkeys (WebAuthn), with a software authenticator: registering them (password first),
//! signing in with one after the password or on its own, and every answer an attacker would
//! try first: another site's origin, no user verification, a copied key, a key nobody
//! registered, another person's key, a replayed answer, another person's registration.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::responses::{
    AuditEventList, AuthMethod, MfaChallenge, PasskeyCeremony, PasskeyInfo, PasskeyRegistered,
    SecondFactor, SecurityOverview, SessionInfo,
};
use crate::helpers::{
    PASSWORD, SoftPasskey, TestApp, TestSession, assert_problem, expect_body, session_from,
};

/// Starts a registration as `session` (with the right password).
async fn registration(app: &TestApp, session: &TestSession) -> PasskeyCeremony {
    let started = app
        .send_as(
            session,
            Method::POST,
            "/api/v1/me/passkeys/registration",
            &json!({ "password": PASSWORD }),
        )
        .await;
    expect_body(started, 200).await
}

async fn finish_registration(
    app: &TestApp,
    session: &TestSession,
    ceremony: &PasskeyCeremony,
    name: &str,
    credential: &Value,
) -> reqwest::Response {
    app.send_as(
        session,
        Method::POST,
        "/api/v1/me/passkeys",
        &json!({ "registration_token": ceremony.token, "name": name, "credential": credential }),
    )
    .await
}

/// Registers `passkey` for the person of `session`.
pub(crate) async fn register(
    app: &TestApp,
    session: &TestSession,
    passkey: &mut SoftPasskey,
    name: &str,
) -> PasskeyRegistered {
    let ceremony = registration(app, session).await;
    let credential = passkey.register(&ceremony.options);
    expect_body(
        finish_registration(app, session, &ceremony, name, &credential).await,
        201,
    )
    .await
}

/// The password step of someone with a second factor.
async fn password_step(app: &TestApp, email: &str) -> MfaChallenge {
    expect_body(app.login_response(email, PASSWORD, false).await, 202).await
}

async fn second_step(app: &TestApp, challenge: &MfaChallenge, answer: &Value) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/login/mfa",
        &json!({ "mfa_token": challenge.mfa_token, "passkey": answer }),
    )
    .await
}

async fn passwordless_options(app: &TestApp) -> PasskeyCeremony {
    expect_body(
        app.post_json("/api/v1/auth/passkey/options", &json!({}))
            .await,
        200,
    )
    .await
}

async fn passwordless(
    app: &TestApp,
    ceremony: &PasskeyCeremony,
    answer: &Value,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/passkey",
        &json!({ "ceremony_token": ceremony.token, "credential": answer }),
    )
    .await
}

async fn method_of(app: &TestApp, session: &TestSession) -> AuthMethod {
    let sessions: Vec<SessionInfo> = app.read_as(session, "/api/v1/me/sessions").await;
    sessions
        .iter()
        .find(|s| s.current)
        .expect("the current session")
        .auth_method
}

#[tokio::test]
async fn a_person_registers_passkeys_and_signs_in_with_one_after_the_password() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let other_session = app.login(&owner.email, PASSWORD, false).await;

    // A stolen session alone cannot add a way in.
    let wrong = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/me/passkeys/registration",
            &json!({ "password": "not the password" }),
        )
        .await;
    assert_problem(wrong, 422, "wrong-password").await;

    let ceremony = registration(&app, &session).await;
    let options = &ceremony.options["publicKey"];
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert_eq!(
        options["authenticatorSelection"]["residentKey"],
        "preferred"
    );
    let mut laptop = SoftPasskey::new();
    let credential = laptop.register(&ceremony.options);
    let unnamed = finish_registration(&app, &session, &ceremony, "  ", &credential).await;
    let problem = assert_problem(unnamed, 422, "validation-failed").await;
    assert!(problem["errors"]["name"].is_array(), "{problem}");
    // The failed request left the registration as it was: it can still finish.
    let first: PasskeyRegistered = expect_body(
        finish_registration(&app, &session, &ceremony, "Work laptop", &credential).await,
        201,
    )
    .await;
    assert_eq!(first.passkey.name, "Work laptop");
    assert_eq!(
        first.recovery_codes.as_ref().map(Vec::len),
        Some(10),
        "first second factor"
    );
    assert_eq!(
        first.signed_out_sessions, 1,
        "the other password-only session ended"
    );
    assert_eq!(
        app.get_as(&other_session, "/api/v1/auth/session")
            .await
            .status(),
        401
    );
    assert_eq!(method_of(&app, &session).await, AuthMethod::PasswordPasskey);
    // A registration is used once.
    let again = finish_registration(&app, &session, &ceremony, "Again", &credential).await;
    assert_problem(again, 422, "passkey-ceremony-expired").await;

    let mut phone = SoftPasskey::new();
    let second = register(&app, &session, &mut phone, "Phone").await;
    assert!(
        second.recovery_codes.is_none(),
        "codes come with the first only"
    );
    let listed: Vec<PasskeyInfo> = app.read_as(&session, "/api/v1/me/passkeys").await;
    let names: Vec<_> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Work laptop", "Phone"]);
    assert!(listed.iter().all(|p| p.last_used_at.is_none()));
    let me: Value = app.json_as(&session, "/api/v1/auth/session").await;
    assert_eq!(
        me["user"]["mfa_enabled"], true,
        "a passkey is a second factor"
    );

    // Signing in: the password, then a passkey.
    let challenge = password_step(&app, &owner.email).await;
    assert_eq!(
        challenge.methods,
        [SecondFactor::Passkey, SecondFactor::RecoveryCode]
    );
    let offered = challenge.passkey.clone().expect("passkey options");
    let allowed = offered["publicKey"]["allowCredentials"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(allowed, 2, "both of the person's passkeys, and only theirs");
    let signed_in = second_step(&app, &challenge, &phone.answer(&offered)).await;
    let signed_in = session_from(signed_in).await;
    assert_eq!(
        method_of(&app, &signed_in).await,
        AuthMethod::PasswordPasskey
    );
    let listed: Vec<PasskeyInfo> = app.read_as(&signed_in, "/api/v1/me/passkeys").await;
    assert!(listed[1].last_used_at.is_some() && listed[0].last_used_at.is_none());

    // Renaming is the person's own business; another person's passkey is not found.
    let renamed = app
        .send_as(
            &signed_in,
            Method::PATCH,
            &format!("/api/v1/me/passkeys/{}", second.passkey.id),
            &json!({ "name": "Pixel" }),
        )
        .await;
    assert_eq!(expect_body::<PasskeyInfo>(renamed, 200).await.name, "Pixel");
    let (_, stranger) = app.signed_up_owner().await;
    let theirs = app
        .send_as(
            &stranger,
            Method::PATCH,
            &format!("/api/v1/me/passkeys/{}", second.passkey.id),
            &json!({ "name": "Mine now" }),
        )
        .await;
    assert_problem(theirs, 404, "passkey-not-found").await;
}

#[tokio::test]
async fn a_discoverable_passkey_signs_in_without_the_password() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let mut passkey = SoftPasskey::new();
    register(&app, &session, &mut passkey, "Laptop").await;

    let ceremony = passwordless_options(&app).await;
    let options = &ceremony.options["publicKey"];
    assert_eq!(options["userVerification"], "required");
    assert!(
        options["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "the passkey says who it is: {options}"
    );
    let answer = passkey.answer(&ceremony.options);
    let signed_in = session_from(passwordless(&app, &ceremony, &answer).await).await;
    assert_eq!(signed_in.body.user.email, owner.email);
    assert_eq!(method_of(&app, &signed_in).await, AuthMethod::Passkey);

    // The same answer again, or to the same challenge, is refused.
    let replayed = passwordless(&app, &ceremony, &answer).await;
    assert_problem(replayed, 401, "passkey-ceremony-expired").await;
    assert_eq!(
        app.attempt_outcomes().last().map(String::as_str),
        Some("success")
    );
}

#[tokio::test]
async fn the_answers_an_attacker_would_try_first_are_refused() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let mut passkey = SoftPasskey::new();
    register(&app, &session, &mut passkey, "Laptop").await;
    let refused = |response| assert_problem(response, 401, "passkey-refused");

    // A look-alike site relaying the challenge: its origin is in the signed client data.
    let mut phished = passkey.clone();
    phished.origin = "http://localhost.evil.example:8080".into();
    let ceremony = passwordless_options(&app).await;
    refused(passwordless(&app, &ceremony, &phished.answer(&ceremony.options)).await).await;

    // An authenticator that did not verify the person (no PIN, no fingerprint).
    let mut unverified = passkey.clone();
    unverified.user_verified = false;
    let ceremony = passwordless_options(&app).await;
    refused(passwordless(&app, &ceremony, &unverified.answer(&ceremony.options)).await).await;

    // A copy of the key: once the original has counted further, the copy's count goes back.
    let copy = passkey.clone();
    for _ in 0..2 {
        let ceremony = passwordless_options(&app).await;
        let answer = passkey.answer(&ceremony.options);
        assert_eq!(passwordless(&app, &ceremony, &answer).await.status(), 200);
    }
    let mut copy = copy;
    let ceremony = passwordless_options(&app).await;
    refused(passwordless(&app, &ceremony, &copy.answer(&ceremony.options)).await).await;
    assert_eq!(
        app.attempt_outcomes().last().map(String::as_str),
        Some("passkey_failed"),
        "a refused passkey of a known person is recorded"
    );

    // A key nobody registered, claiming a real person's user handle.
    let mut forged = SoftPasskey::new();
    forged.user_handle = passkey.user_handle.clone();
    let ceremony = passwordless_options(&app).await;
    refused(passwordless(&app, &ceremony, &forged.answer(&ceremony.options)).await).await;

    // Another person's passkey as someone's second factor.
    let (_, stranger_session) = app.signed_up_owner().await;
    let mut strangers = SoftPasskey::new();
    register(&app, &stranger_session, &mut strangers, "Theirs").await;
    let challenge = password_step(&app, &owner.email).await;
    let offered = challenge.passkey.clone().expect("passkey options");
    refused(second_step(&app, &challenge, &strangers.answer(&offered)).await).await;
    // ...and the right passkey still works within the same sign-in.
    let ok = second_step(&app, &challenge, &passkey.answer(&offered)).await;
    assert_eq!(ok.status(), 200);

    // Another person's registration, and a key registered to someone else already.
    let theirs = registration(&app, &stranger_session).await;
    let credential = SoftPasskey::new().register(&theirs.options);
    let hijack = finish_registration(&app, &session, &theirs, "Mine", &credential).await;
    assert_problem(hijack, 422, "passkey-ceremony-expired").await;
    let mine = registration(&app, &session).await;
    let mut reused = strangers.clone();
    let credential = reused.register(&mine.options);
    let twice = finish_registration(&app, &session, &mine, "Theirs too", &credential).await;
    assert_problem(twice, 409, "passkey-exists").await;

    // A registration answered from another origin.
    let ceremony = registration(&app, &session).await;
    let mut elsewhere = SoftPasskey::new();
    elsewhere.origin = "http://evil.example".into();
    let credential = elsewhere.register(&ceremony.options);
    let response = finish_registration(&app, &session, &ceremony, "Evil", &credential).await;
    assert_problem(response, 422, "passkey-refused").await;
}

#[tokio::test]
async fn removing_passkeys_needs_the_password_and_the_last_takes_the_recovery_codes() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let mut first = SoftPasskey::new();
    let registered = register(&app, &session, &mut first, "Laptop").await;
    let codes = registered.recovery_codes.expect("recovery codes");

    // A recovery code is a second factor too.
    let challenge = password_step(&app, &owner.email).await;
    let recovered = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": challenge.mfa_token, "recovery_code": codes[0] }),
        )
        .await;
    let recovered = session_from(recovered).await;
    assert_eq!(
        method_of(&app, &recovered).await,
        AuthMethod::PasswordRecoveryCode
    );

    let path = format!("/api/v1/me/passkeys/{}", registered.passkey.id);
    let wrong = app
        .send_as(
            &session,
            Method::DELETE,
            &path,
            &json!({ "password": "nope nope nope" }),
        )
        .await;
    assert_problem(wrong, 422, "wrong-password").await;
    let removed = app
        .send_as(
            &session,
            Method::DELETE,
            &path,
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert_eq!(removed.status(), 204);
    let gone = app
        .send_as(
            &session,
            Method::DELETE,
            &path,
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert_problem(gone, 404, "passkey-not-found").await;

    let overview: SecurityOverview = app.read_as(&session, "/api/v1/me/security").await;
    assert_eq!(
        overview.mfa.recovery_codes_left, 0,
        "nothing left to recover"
    );
    let signed_in = app.login(&owner.email, PASSWORD, false).await;
    assert_eq!(method_of(&app, &signed_in).await, AuthMethod::Password);
    // The removed passkey signs in no one.
    let ceremony = passwordless_options(&app).await;
    let response = passwordless(&app, &ceremony, &first.answer(&ceremony.options)).await;
    assert_problem(response, 401, "passkey-refused").await;
}

#[tokio::test]
async fn a_passkey_meets_an_organisation_requiring_two_step_verification() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let policy_path = format!("/api/v1/organizations/{}/security-policy", owner.org_id());
    let body =
        json!({ "require_mfa": true, "session_idle_minutes": null, "allowed_email_domains": [] });
    let refused = app.send_as(&owner, Method::PUT, &policy_path, &body).await;
    assert_problem(refused, 409, "mfa-required-for-you-first").await;
    register(&app, &owner, &mut SoftPasskey::new(), "Laptop").await;
    let saved = app.send_as(&owner, Method::PUT, &policy_path, &body).await;
    assert_eq!(saved.status(), 200);
    let dashboard: Value = app
        .json_as(
            &owner,
            &format!("/api/v1/organizations/{}/dashboard", owner.org_id()),
        )
        .await;
    assert_eq!(
        dashboard["security"]["members_without_mfa"], 0,
        "{dashboard}"
    );
}

#[tokio::test]
async fn someone_guessing_the_password_does_not_lock_the_person_out_of_their_passkey() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let mut passkey = SoftPasskey::new();
    register(&app, &session, &mut passkey, "Laptop").await;
    for _ in 0..6 {
        let guess = app
            .login_response(&owner.email, "a wrong guess at it", false)
            .await;
        assert_problem(guess, 401, "invalid-credentials").await;
    }
    let right = app.login_response(&owner.email, PASSWORD, false).await;
    assert_problem(right, 401, "invalid-credentials").await;

    let ceremony = passwordless_options(&app).await;
    let answer = passkey.answer(&ceremony.options);
    let signed_in = session_from(passwordless(&app, &ceremony, &answer).await).await;
    assert_eq!(method_of(&app, &signed_in).await, AuthMethod::Passkey);
}

#[tokio::test]
async fn a_password_reset_neither_removes_nor_bypasses_a_passkey() {
    let app = TestApp::spawn().await;
    let (owner, session) = app.signed_up_owner().await;
    let mut passkey = SoftPasskey::new();
    register(&app, &session, &mut passkey, "Laptop").await;
    app.drain_outbox().await;
    let captcha = app.solve_captcha().await;
    let requested = app
        .post_json(
            "/api/v1/auth/password/forgot",
            &json!({ "email": owner.email, "captcha": captcha }),
        )
        .await;
    assert_eq!(requested.status(), 202);
    let token = app.emails_to(&owner.email, "password_reset")[0].token_for("/reset-password");
    let new_password = "quiet harbour lantern 77 pebble";
    let reset = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": new_password }),
        )
        .await;
    assert_eq!(reset.status(), 204);

    // Whoever holds the mailbox has the password now, and still needs the passkey.
    let challenge: MfaChallenge = expect_body(
        app.login_response(&owner.email, new_password, false).await,
        202,
    )
    .await;
    assert_eq!(
        challenge.methods,
        [SecondFactor::Passkey, SecondFactor::RecoveryCode]
    );
    let offered = challenge.passkey.clone().expect("passkey options");
    let signed_in = second_step(&app, &challenge, &passkey.answer(&offered)).await;
    let signed_in = session_from(signed_in).await;
    let listed: Vec<PasskeyInfo> = app.read_as(&signed_in, "/api/v1/me/passkeys").await;
    assert_eq!(listed.len(), 1);
}

#[tokio::test]
async fn organisations_can_require_passkeys_of_owners_and_admins_or_everyone() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (admin_user, admin) = app.member_of(&org, "admin").await;
    let (_, member) = app.member_of(&org, "member").await;
    let policy_path = format!("/api/v1/organizations/{org}/security-policy");
    let org_path = format!("/api/v1/organizations/{org}");
    let rule = |who: &str| json!({ "require_mfa": false, "require_passkey": who, "session_idle_minutes": null, "allowed_email_domains": [] });

    // Whoever requires passkeys must have one, or they would lock themselves out.
    let first = app
        .send_as(
            &owner,
            Method::PUT,
            &policy_path,
            &rule("owners_and_admins"),
        )
        .await;
    assert_problem(first, 409, "passkey-required-for-you-first").await;
    register(&app, &owner, &mut SoftPasskey::new(), "Owner's laptop").await;
    let saved = app
        .send_as(
            &owner,
            Method::PUT,
            &policy_path,
            &rule("owners_and_admins"),
        )
        .await;
    assert_eq!(
        expect_body::<Value>(saved, 200).await["require_passkey"],
        "owners_and_admins"
    );

    // The administrator is guided to add one; a member is not asked.
    let blocked = app.get_as(&admin, &org_path).await;
    assert_problem(blocked, 403, "passkey-enrolment-required").await;
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);
    let mut admin_key = SoftPasskey::new();
    let registered = register(&app, &admin, &mut admin_key, "Admin's phone").await;
    assert_eq!(
        app.get_as(&admin, &org_path).await.status(),
        200,
        "it just proved it"
    );

    // A sign-in with a recovery code is not phishing-resistant: the passkey is asked for.
    let challenge = password_step(&app, &admin_user.email).await;
    let code = &registered.recovery_codes.expect("recovery codes")[0];
    let recovered = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({ "mfa_token": challenge.mfa_token, "recovery_code": code }),
        )
        .await;
    let recovered = session_from(recovered).await;
    let weaker = app.get_as(&recovered, &org_path).await;
    assert_problem(weaker, 403, "passkey-step-up-required").await;
    let offered: Value = expect_body(
        app.send_as(
            &recovered,
            Method::POST,
            "/api/v1/auth/step-up/options",
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    let answer = admin_key.answer(&offered["passkey"]);
    let stepped = app
        .send_as(
            &recovered,
            Method::POST,
            "/api/v1/auth/step-up",
            &json!({ "ceremony_token": offered["ceremony_token"], "passkey": answer }),
        )
        .await;
    assert_eq!(stepped.status(), 200);
    assert_eq!(app.get_as(&recovered, &org_path).await.status(), 200);

    // The last passkey stays while the organisation requires it.
    let last = app
        .send_as(
            &admin,
            Method::DELETE,
            &format!("/api/v1/me/passkeys/{}", registered.passkey.id),
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert_problem(last, 409, "passkey-required-by-organisation").await;
    // The security settings say so beforehand, for this role only.
    let required_of = |overview: SecurityOverview| {
        overview
            .organizations
            .iter()
            .find(|o| o.organization_id.to_string() == org)
            .map(|o| o.require_passkey)
    };
    let admin_view: SecurityOverview = app.read_as(&admin, "/api/v1/me/security").await;
    assert_eq!(required_of(admin_view), Some(true));
    let member_view: SecurityOverview = app.read_as(&member, "/api/v1/me/security").await;
    assert_eq!(required_of(member_view), Some(false));

    // A client that does not know the setting cannot switch it off by leaving it out.
    let old_client =
        json!({ "require_mfa": false, "session_idle_minutes": 30, "allowed_email_domains": [] });
    let kept = app
        .send_as(&owner, Method::PUT, &policy_path, &old_client)
        .await;
    assert_eq!(
        expect_body::<Value>(kept, 200).await["require_passkey"],
        "owners_and_admins"
    );

    let dashboard: Value = app.json_as(&owner, &format!("{org_path}/dashboard")).await;
    let security = &dashboard["security"];
    assert_eq!(security["passkeys_required"], "owners_and_admins");
    let by_role = |role: &str| {
        security["mfa_methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == role)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_role("owner"),
        json!({ "role": "owner", "passkey": 1, "totp": 0, "none": 0 })
    );
    assert_eq!(
        by_role("admin"),
        json!({ "role": "admin", "passkey": 1, "totp": 0, "none": 0 })
    );
    assert_eq!(
        by_role("member"),
        json!({ "role": "member", "passkey": 0, "totp": 0, "none": 1 })
    );

    // Everyone: the member is now asked too.
    let everyone = app
        .send_as(&owner, Method::PUT, &policy_path, &rule("everyone"))
        .await;
    assert_eq!(everyone.status(), 200);
    let asked = app.get_as(&member, &org_path).await;
    assert_problem(asked, 403, "passkey-enrolment-required").await;
    let audit: Value = app
        .json_as(&owner, &format!("{org_path}/audit-events"))
        .await;
    let changes: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "security_policy.updated")
        .collect();
    assert_eq!(
        changes[0]["details"]["after"]["require_passkey"], "everyone",
        "{audit}"
    );
}

/// The `user.` events of an organisation's audit log, oldest first.
pub(crate) async fn person_events(app: &TestApp, reader: &TestSession) -> Vec<(String, Value)> {
    let list: AuditEventList = app
        .read_as(
            reader,
            &format!(
                "/api/v1/organizations/{}/audit-events?action=user.",
                reader.org_id()
            ),
        )
        .await;
    list.items
        .into_iter()
        .rev()
        .filter(|event| event.action != "user.email_verified")
        .map(|event| {
            assert_eq!(event.target_type.as_deref(), Some("user"));
            (event.action, event.details)
        })
        .collect()
}

#[tokio::test]
async fn adding_and_removing_a_passkey_is_in_the_audit_log_of_each_organisation_of_the_person() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    // An administrator of the owner's organisation, and the owner of their own.
    let (_, admin) = app.member_of(&owner.org_id(), "admin").await;
    let (_, stranger) = app.signed_up_owner().await;
    let registered = register(&app, &admin, &mut SoftPasskey::new(), "Ward tablet").await;
    let added = (
        "user.passkey_added".to_string(),
        json!({ "name": "Ward tablet" }),
    );
    assert_eq!(person_events(&app, &owner).await, vec![added.clone()]);
    assert_eq!(person_events(&app, &admin).await, vec![added.clone()]);
    assert_eq!(
        person_events(&app, &stranger).await,
        vec![],
        "not a member there"
    );

    let removed = app
        .send_as(
            &admin,
            Method::DELETE,
            &format!("/api/v1/me/passkeys/{}", registered.passkey.id),
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert_eq!(removed.status(), 204);
    let gone = (
        "user.passkey_removed".to_string(),
        json!({ "name": "Ward tablet" }),
    );
    assert_eq!(person_events(&app, &owner).await, vec![added, gone]);
    let actors = app.count(&format!(
        "SELECT count(*) AS n FROM audit_events WHERE action LIKE 'user.passkey_%' AND actor_user_id = '{}'",
        admin.user_id()
    ));
    assert_eq!(actors, 4, "two events in each of the two organisations");
}
