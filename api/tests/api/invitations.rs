//! Invitations: invite, email, preview, accept (new and existing users), resend, revoke, expiry,
//! seat limits, time-limited access, and other organisations' invitations answering 404.

use reqwest::Method;
use serde_json::json;
use vigil_core::invitations::InvitationStatus;
use vigil_core::onboarding::StepStatus;
use vigil_core::problem_code::ProblemCode;
use vigil_core::roles::Role;

use crate::helpers::responses::{
    AuditEventList, Dashboard, Invitation, InvitationOutcome, InvitationPreview,
    InvitationsCreated, Member, Membership, Onboarding, Organization, Page, SeatUsage, Session,
};
use crate::helpers::{
    PASSWORD, TestApp, TestSession, TestUser, assert_problem, decode, expect_body, expect_problem,
    expect_text, session_from,
};

fn invitations_path(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/invitations", session.org_id())
}

async fn invite(
    app: &TestApp,
    inviter: &TestSession,
    org_id: &str,
    items: serde_json::Value,
) -> reqwest::Response {
    app.send_as(
        inviter,
        Method::POST,
        &format!("/api/v1/organizations/{org_id}/invitations"),
        &json!({ "invitations": items }),
    )
    .await
}

/// Invites `items` and reads the outcome of each (answered 200 whatever the outcomes).
async fn invited(
    app: &TestApp,
    inviter: &TestSession,
    org_id: &str,
    items: serde_json::Value,
) -> InvitationsCreated {
    expect_body(invite(app, inviter, org_id, items).await, 200).await
}

/// Invites one address and returns the token from the email.
async fn invite_one(app: &TestApp, owner: &TestSession, email: &str, role: &str) -> String {
    let response = invite(
        app,
        owner,
        &owner.org_id(),
        json!([{ "email": email, "role": role }]),
    )
    .await;
    let body: InvitationsCreated = expect_body(response, 200).await;
    assert_eq!(body.invited, 1, "{body:?}");
    let mail = app
        .emails_to(email, "invitation")
        .pop()
        .expect("an invitation email");
    let token = mail.token_for("/invitations/accept");
    app.drain_outbox().await;
    token
}

/// The first invitation listed for the session's organisation.
async fn first_invitation(app: &TestApp, session: &TestSession) -> Invitation {
    let list: Page<Invitation> = app.read_as(session, &invitations_path(session)).await;
    list.items.into_iter().next().expect("an invitation")
}

fn fresh_email() -> String {
    format!(
        "invitee.{}@example.org",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

async fn accept_as_new(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/invitations/accept",
        &json!({ "token": token, "first_name": "Sam", "last_name": "Locum", "password": PASSWORD }),
    )
    .await
}

#[tokio::test]
async fn invite_preview_and_accept_as_a_new_user() {
    let app = TestApp::spawn().await;
    let (owner_user, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.sql(&format!("UPDATE organizations SET time_zone = 'Australia/Perth', primary_colour = '#0B6E4F' WHERE id = '{org}'"));
    let email = fresh_email();

    let response = invite(
        &app,
        &owner,
        &org,
        json!([{ "email": email, "role": "member" }]),
    )
    .await;
    let raw = expect_text(response, 200).await;
    let body: InvitationsCreated = decode(&raw);
    let result = &body.results[0];
    assert_eq!(result.outcome, InvitationOutcome::Invited);
    assert_eq!(result.invitation().status, InvitationStatus::Pending);

    let mail = app.emails_to(&email, "invitation").pop().unwrap();
    // The link travels only in the email: the inviter never sees it (no such field on the wire).
    let wire: serde_json::Value = decode(&raw);
    assert!(
        wire["results"][0]["invitation"]
            .get("invite_link")
            .is_none()
    );
    assert!(!raw.contains(&mail.token_for("/invitations/accept")));
    let listed = app
        .as_user(&owner, Method::GET, &invitations_path(&owner))
        .send()
        .await
        .unwrap();
    assert!(
        !listed
            .text()
            .await
            .unwrap()
            .contains(&mail.token_for("/invitations/accept"))
    );
    assert!(
        mail.subject.contains("Jane Citizen invited you to join"),
        "{}",
        mail.subject
    );
    assert!(mail.subject.contains(&owner_user.organization_name));
    assert!(mail.text.contains("as a member"));
    assert!(
        mail.text.contains("AWST"),
        "expiry in the organisation's time zone:\n{}",
        mail.text
    );
    let token = mail.token_for("/invitations/accept");
    app.drain_outbox().await;

    // The preview never uses the link up.
    for _ in 0..2 {
        let raw = expect_text(app.get(&format!("/api/v1/invitations/{token}")).await, 200).await;
        let preview: InvitationPreview = decode(&raw);
        assert_eq!(preview.organization.name, owner_user.organization_name);
        assert_eq!(
            preview.organization.primary_colour.as_deref(),
            Some("#0B6E4F")
        );
        assert_eq!(preview.inviter_name.as_deref(), Some("Jane Citizen"));
        assert_eq!(preview.email, email);
        assert_eq!(preview.role, Role::Member);
        // Fields the preview must not have at all, on the wire.
        let wire: serde_json::Value = decode(&raw);
        assert!(wire.get("account_exists").is_none());
        assert!(wire.get("invited_by").is_none());
    }

    let accepted = accept_as_new(&app, &token).await;
    assert_eq!(accepted.status(), 200);
    let session = session_from(accepted).await;
    assert!(session.body.user.email_verified);
    assert_eq!(session.org_id(), org);
    assert_eq!(session.body.memberships[0].role, Role::Member);
    assert_eq!(
        app.get_as(&session, &format!("/api/v1/organizations/{org}"))
            .await
            .status(),
        200
    );

    // The new account signs in normally, and the inviter hears about it.
    app.login(&email, PASSWORD, false).await;
    let notice = app.emails_to(&owner_user.email, "invitation_accepted");
    assert_eq!(notice.len(), 1);
    assert!(notice[0].text.contains("Sam Locum"));
    app.drain_outbox().await;

    let used = app.get(&format!("/api/v1/invitations/{token}")).await;
    assert_problem(used, 410, "invitation-used").await;
    let again = accept_as_new(&app, &token).await;
    assert_problem(again, 410, "invitation-used").await;

    let audit: AuditEventList = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{org}/audit-events?action=invitation."),
        )
        .await;
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["invitation.accepted", "invitation.created"]);
}

#[tokio::test]
async fn a_new_user_must_give_names_and_a_good_password() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let token = invite_one(&app, &owner, &fresh_email(), "viewer").await;
    let response = app
        .post_json(
            "/api/v1/invitations/accept",
            &json!({ "token": token, "password": "password" }),
        )
        .await;
    let problem = expect_problem(response, 422, "validation-failed").await;
    for field in ["first_name", "last_name", "password"] {
        assert!(problem.errors.contains_key(field), "{field}: {problem:?}");
    }
    // Nothing was used up.
    assert_eq!(accept_as_new(&app, &token).await.status(), 200);
}

#[tokio::test]
async fn existing_users_accept_when_signed_in_as_the_invited_address() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (invitee_user, invitee) = app.signed_up_owner().await;
    let (_, stranger) = app.signed_up_owner().await;
    let token = invite_one(&app, &owner, &invitee_user.email.to_uppercase(), "admin").await;

    // The preview of an address with an account looks like any other: the same fields on the
    // wire, so read as JSON.
    let preview: serde_json::Value = app.read(&format!("/api/v1/invitations/{token}")).await;
    let newcomer = invite_one(&app, &owner, &fresh_email(), "admin").await;
    let other: serde_json::Value = app.read(&format!("/api/v1/invitations/{newcomer}")).await;
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&preview), keys(&other));
    assert!(preview.get("account_exists").is_none());

    let anonymous = app
        .post_json("/api/v1/invitations/accept", &json!({ "token": token }))
        .await;
    assert_problem(anonymous, 401, "sign-in-required").await;

    let wrong = app
        .send_as(
            &stranger,
            Method::POST,
            "/api/v1/invitations/accept",
            &json!({ "token": token }),
        )
        .await;
    let problem = expect_problem(wrong, 403, "wrong-account").await;
    assert!(problem.detail().contains("Sign out"));

    let accepted = app
        .send_as(
            &invitee,
            Method::POST,
            "/api/v1/invitations/accept",
            &json!({ "token": token }),
        )
        .await;
    let body: Session = expect_body(accepted, 200).await;
    assert_eq!(body.current_organization_id, Some(owner.org_uuid()));
    assert_eq!(body.memberships.len(), 2);
    let members: Page<Member> = app
        .read_as(
            &owner,
            &format!(
                "/api/v1/organizations/{}/members?role=admin",
                owner.org_id()
            ),
        )
        .await;
    assert_eq!(members.items[0].email, invitee_user.email);
    app.drain_outbox().await;
}

#[tokio::test]
async fn expired_revoked_and_unknown_links_are_told_apart() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let expired = invite_one(&app, &owner, &fresh_email(), "member").await;
    let revoked_email = fresh_email();
    let revoked = invite_one(&app, &owner, &revoked_email, "member").await;

    app.sql(&format!(
        "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE token_hash = sha256('{expired}'::bytea)"
    ));
    assert_problem(
        app.get(&format!("/api/v1/invitations/{expired}")).await,
        410,
        "invitation-expired",
    )
    .await;
    assert_problem(
        accept_as_new(&app, &expired).await,
        410,
        "invitation-expired",
    )
    .await;

    let list: Page<Invitation> = app
        .read_as(
            &owner,
            &format!("{}?status=pending", invitations_path(&owner)),
        )
        .await;
    let id = list.items[0].id;
    let revoke = app
        .as_user(
            &owner,
            Method::DELETE,
            &format!("{}/{id}", invitations_path(&owner)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    assert_problem(
        app.get(&format!("/api/v1/invitations/{revoked}")).await,
        410,
        "invitation-revoked",
    )
    .await;
    assert_problem(
        accept_as_new(&app, &revoked).await,
        410,
        "invitation-revoked",
    )
    .await;

    let unknown = "x".repeat(43);
    assert_problem(
        app.get(&format!("/api/v1/invitations/{unknown}")).await,
        404,
        "invitation-not-found",
    )
    .await;
    assert_problem(
        app.get("/api/v1/invitations/short").await,
        404,
        "invitation-not-found",
    )
    .await;

    let statuses: Page<Invitation> = app.read_as(&owner, &invitations_path(&owner)).await;
    let mut seen: Vec<InvitationStatus> = statuses.items.iter().map(|i| i.status).collect();
    seen.sort_by_key(|status| format!("{status:?}")); // by name
    assert_eq!(seen, [InvitationStatus::Expired, InvitationStatus::Revoked]);
    for status in ["expired", "revoked"] {
        let filtered: Page<Invitation> = app
            .read_as(
                &owner,
                &format!("{}?status={status}", invitations_path(&owner)),
            )
            .await;
        assert_eq!(filtered.total, 1, "{status}");
    }
}

#[tokio::test]
async fn resending_kills_the_old_link_and_is_rate_limited() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let email = fresh_email();
    let old = invite_one(&app, &owner, &email, "member").await;
    let id = first_invitation(&app, &owner).await.id;
    let resend_path = format!("{}/{id}/resend", invitations_path(&owner));

    let resent = app
        .as_user(&owner, Method::POST, &resend_path)
        .send()
        .await
        .unwrap();
    let raw = expect_text(resent, 200).await;
    let body: Invitation = decode(&raw);
    assert_eq!(body.sent_count, 2);
    let new = app
        .emails_to(&email, "invitation")
        .pop()
        .unwrap()
        .token_for("/invitations/accept");
    app.drain_outbox().await;
    assert_ne!(old, new);
    // No such field on the wire.
    let wire: serde_json::Value = decode(&raw);
    assert!(wire.get("invite_link").is_none());
    assert!(
        !raw.contains(&new),
        "a resend never hands the new link to the sender"
    );
    assert_problem(
        app.get(&format!("/api/v1/invitations/{old}")).await,
        404,
        "invitation-not-found",
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/invitations/{new}"))
            .await
            .status(),
        200
    );

    // An expired invitation can be revived by resending it.
    app.sql("UPDATE invitations SET expires_at = now() - interval '1 hour'");
    let revived = app
        .as_user(&owner, Method::POST, &resend_path)
        .send()
        .await
        .unwrap();
    let revived: Invitation = expect_body(revived, 200).await;
    assert_eq!(revived.status, InvitationStatus::Pending);
    app.run_jobs().await;

    let third = app
        .as_user(&owner, Method::POST, &resend_path)
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), 200);
    app.run_jobs().await;
    let limited = app
        .as_user(&owner, Method::POST, &resend_path)
        .send()
        .await
        .unwrap();
    assert_problem(limited, 429, "too-many-requests").await;
    app.assert_outbox_empty();
}

#[tokio::test]
async fn concurrent_accepts_create_one_membership() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let token = invite_one(&app, &owner, &fresh_email(), "member").await;
    let attempts = (0..5).map(|_| accept_as_new(&app, &token));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 410].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE org_id = '{}'",
            owner.org_id()
        )),
        2
    );
}

#[tokio::test]
async fn who_may_invite_whom() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, admin) = app.member_of(&org, "admin").await;
    let (_, member) = app.member_of(&org, "member").await;
    let (_, viewer) = app.member_of(&org, "viewer").await;
    app.sql(&format!(
        "UPDATE organizations SET subscription_tier = 'standard' WHERE id = '{org}'"
    ));

    for who in [&member, &viewer] {
        let response = invite(
            &app,
            who,
            &org,
            json!([{ "email": fresh_email(), "role": "viewer" }]),
        )
        .await;
        assert_problem(response, 403, "permission-denied").await;
    }
    let body = invited(
        &app,
        &admin,
        &org,
        json!([
            { "email": fresh_email(), "role": "owner" },
            { "email": fresh_email(), "role": "admin" },
        ]),
    )
    .await;
    assert_eq!(body.results[0].code, Some(ProblemCode::OwnersOnly));
    assert_eq!(body.results[1].outcome, InvitationOutcome::Invited);
    let by_owner = invited(
        &app,
        &owner,
        &org,
        json!([{ "email": fresh_email(), "role": "owner" }]),
    )
    .await;
    assert_eq!(by_owner.invited, 1);
    app.drain_outbox().await;
}

#[tokio::test]
async fn each_address_succeeds_or_fails_on_its_own() {
    let app = TestApp::spawn().await;
    let (owner_user, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.sql(&format!(
        "UPDATE organizations SET subscription_tier = 'standard' WHERE id = '{org}'"
    ));
    let pending = fresh_email();
    invite_one(&app, &owner, &pending, "member").await;
    let good = fresh_email();

    let body = invited(&app, &owner, &org, json!([
        { "email": good, "role": "member" },
        { "email": "not-an-email", "role": "member" },
        { "email": fresh_email(), "role": "emperor" },
        { "email": good.to_uppercase(), "role": "viewer" },
        { "email": owner_user.email, "role": "member" },
        { "email": pending, "role": "member" },
        { "email": fresh_email(), "role": "member", "access_expires_at": "2000-01-01T00:00:00Z" },
    ]))
    .await;
    let codes: Vec<Option<ProblemCode>> = body.results.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        [
            None,
            Some(ProblemCode::InvalidEmail),
            Some(ProblemCode::InvalidRole),
            Some(ProblemCode::DuplicateInRequest),
            Some(ProblemCode::AlreadyMember),
            Some(ProblemCode::AlreadyInvited),
            Some(ProblemCode::InvalidAccessExpiry),
        ]
    );
    assert_eq!(body.invited, 1);
    assert_eq!(body.failed, 6);
    for result in body.results.iter().skip(1) {
        assert!(!result.message().is_empty());
    }
    app.drain_outbox().await;

    let too_many: Vec<serde_json::Value> = (0..51)
        .map(|_| json!({ "email": fresh_email(), "role": "viewer" }))
        .collect();
    let problem = expect_problem(
        invite(&app, &owner, &org, json!(too_many)).await,
        422,
        "validation-failed",
    )
    .await;
    assert!(problem.errors.contains_key("invitations"));
    assert_problem(
        invite(&app, &owner, &org, json!([])).await,
        422,
        "validation-failed",
    )
    .await;
}

#[tokio::test]
async fn pending_invitations_hold_seats() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    // Free plan: 5 seats; the owner holds one.
    let batch: Vec<serde_json::Value> = (0..5)
        .map(|_| json!({ "email": fresh_email(), "role": "member" }))
        .collect();
    let body = invited(&app, &owner, &org, json!(batch)).await;
    assert_eq!(body.invited, 4);
    assert_eq!(body.results[4].code, Some(ProblemCode::SeatLimitReached));
    assert!(
        body.results[4]
            .message()
            .contains("Free plan includes 5 seats")
    );

    let dashboard: Dashboard = app
        .read_as(&owner, &format!("/api/v1/organizations/{org}/dashboard"))
        .await;
    assert_eq!(
        dashboard.seats,
        SeatUsage {
            members: 1,
            pending_invitations: 4,
            limit: Some(5),
        }
    );

    // Revoking one frees its seat.
    let id = first_invitation(&app, &owner).await.id;
    app.as_user(
        &owner,
        Method::DELETE,
        &format!("{}/{id}", invitations_path(&owner)),
    )
    .send()
    .await
    .unwrap();
    let body = invited(
        &app,
        &owner,
        &org,
        json!([{ "email": fresh_email(), "role": "member" }]),
    )
    .await;
    assert_eq!(body.invited, 1);
    app.drain_outbox().await;
}

#[tokio::test]
async fn time_limited_access_ends_by_itself_and_admins_extend_it() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let until = (chrono::Utc::now() + chrono::Duration::days(14)).to_rfc3339();
    let email = fresh_email();
    let body = invited(
        &app,
        &owner,
        &org,
        json!([{ "email": email, "role": "viewer", "access_expires_at": until }]),
    )
    .await;
    assert!(body.results[0].invitation().access_expires_at.is_some());
    let mail = app.emails_to(&email, "invitation").pop().unwrap();
    assert!(
        mail.text.contains("Your access will end on"),
        "{}",
        mail.text
    );
    let token = mail.token_for("/invitations/accept");
    app.drain_outbox().await;
    let locum = session_from(accept_as_new(&app, &token).await).await;
    app.drain_outbox().await;
    let org_path = format!("/api/v1/organizations/{org}");
    assert_eq!(app.get_as(&locum, &org_path).await.status(), 200);

    // The end date passes.
    app.sql(&format!(
        "UPDATE memberships SET access_expires_at = now() - interval '1 minute' WHERE user_id = '{}'",
        locum.user_id()
    ));
    let ended = app.get_as(&locum, &org_path).await;
    let problem = expect_problem(ended, 403, "membership-expired").await;
    assert!(problem.detail().contains("extend"));
    let mine: Vec<Membership> = app.read_as(&locum, "/api/v1/me/organizations").await;
    assert!(mine.is_empty());

    let later = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let extended = app
        .send_as(
            &owner,
            Method::PATCH,
            &format!("{org_path}/members/{}", locum.user_id()),
            &json!({ "access_expires_at": later }),
        )
        .await;
    let member: Member = expect_body(extended, 200).await;
    assert!(!member.access_expired);
    assert_eq!(app.get_as(&locum, &org_path).await.status(), 200);
    let past = app
        .send_as(
            &owner,
            Method::PATCH,
            &format!("{org_path}/members/{}", locum.user_id()),
            &json!({ "access_expires_at": "2001-01-01T00:00:00Z" }),
        )
        .await;
    assert_problem(past, 422, "validation-failed").await;
}

#[tokio::test]
async fn allowed_domains_restrict_invitations() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.sql(&format!(
        "INSERT INTO security_policies (org_id, allowed_email_domains) VALUES ('{org}', ARRAY['harbourview.com.au'])"
    ));
    let body = invited(
        &app,
        &owner,
        &org,
        json!([
            { "email": "nurse@harbourview.com.au", "role": "member" },
            { "email": "someone@gmail.com", "role": "member" },
        ]),
    )
    .await;
    assert_eq!(body.results[0].outcome, InvitationOutcome::Invited);
    assert_eq!(body.results[1].code, Some(ProblemCode::DomainNotAllowed));
    assert!(body.results[1].message().contains("harbourview.com.au"));
    app.drain_outbox().await;
}

#[tokio::test]
async fn inviting_completes_onboarding_step_five() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    invite_one(&app, &owner, &fresh_email(), "member").await;
    let onboarding: Onboarding = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{}/onboarding", owner.org_id()),
        )
        .await;
    assert_eq!(onboarding.steps[4].status, StepStatus::Completed);
}

#[tokio::test]
async fn another_organisations_invitations_answer_404() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    invite_one(&app, &alpha, &fresh_email(), "member").await;
    let id = first_invitation(&app, &alpha).await.id;

    // Alpha's invitation id under Beta's organisation.
    for (method, suffix) in [(Method::POST, "/resend"), (Method::DELETE, "")] {
        let response = app
            .as_user(
                &beta,
                method,
                &format!("{}/{id}{suffix}", invitations_path(&beta)),
            )
            .send()
            .await
            .unwrap();
        assert_problem(response, 404, "invitation-not-found").await;
    }
    // Beta in Alpha's organisation.
    assert_problem(
        app.get_as(&beta, &invitations_path(&alpha)).await,
        404,
        "organization-not-found",
    )
    .await;
    assert_eq!(
        first_invitation(&app, &alpha).await.status,
        InvitationStatus::Pending,
        "untouched"
    );
}

/// An email as MailDev's API lists it (other tests' emails are in the list too).
#[derive(serde::Deserialize)]
struct MaildevEmail {
    #[serde(default)]
    to: Vec<MaildevAddress>,
    html: Option<String>,
    text: Option<String>,
}

#[derive(serde::Deserialize)]
struct MaildevAddress {
    address: String,
}

#[tokio::test]
async fn the_invitation_email_arrives_over_smtp_and_its_link_works() {
    let port: u16 = crate::helpers::required_env("VIGIL_TEST_SMTP_PORT")
        .parse()
        .unwrap();
    let app = TestApp::spawn_with(move |config| {
        config.email.driver = vigil::config::EmailDriver::Smtp;
        config.email.smtp_host = "127.0.0.1".into();
        config.email.smtp_port = port;
        config.email.smtp_tls = vigil::config::SmtpTls::None;
    })
    .await;
    let owner_user = TestUser::new();
    assert_eq!(app.signup(&owner_user).await.status(), 202);
    let verify = app
        .emails_to(&owner_user.email, "verify_email")
        .pop()
        .unwrap()
        .token_for("/verify-email");
    app.post_json("/api/v1/auth/verify-email", &json!({ "token": verify }))
        .await;
    app.run_jobs().await;
    let owner = app
        .login(&owner_user.email, &owner_user.password, false)
        .await;

    let email = fresh_email();
    invite(
        &app,
        &owner,
        &owner.org_id(),
        json!([{ "email": email, "role": "member" }]),
    )
    .await;
    app.run_jobs().await;

    let url = format!(
        "{}/api/email",
        crate::helpers::required_env("VIGIL_TEST_MAILDEV_URL")
    );
    let all: Vec<MaildevEmail> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let message = all
        .iter()
        .find(|m| m.to.first().is_some_and(|to| to.address == email))
        .expect("the invitation reached the SMTP server");
    let html = message.html.as_deref().unwrap();
    assert!(html.contains("Accept the invitation"));
    let text = message.text.as_deref().unwrap();
    let link = text
        .split_whitespace()
        .find(|w| w.contains("/invitations/accept?token="))
        .unwrap();
    let token = link.split("token=").nth(1).unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/invitations/{token}"))
            .await
            .status(),
        200
    );
    assert_eq!(accept_as_new(&app, token).await.status(), 200);
}

/// Invitations of `email` whose link expires between `from` and `to` hours from now.
fn expiring_within(app: &TestApp, email: &str, from: i64, to: i64) -> i64 {
    app.count(&format!(
        "SELECT count(*) AS n FROM invitations WHERE email = '{email}'
         AND expires_at BETWEEN now() + interval '{from} hours' AND now() + interval '{to} hours'"
    ))
}

#[tokio::test]
async fn an_organisation_may_lengthen_its_invitation_links_up_to_seven_days_and_a_resend_starts_afresh()
 {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = format!("/api/v1/organizations/{}", owner.org_id());

    // The milestone's default: 24 hours.
    let first = fresh_email();
    invite_one(&app, &owner, &first, "member").await;
    assert_eq!(expiring_within(&app, &first, 23, 25), 1);

    // Out of range: refused, naming the field.
    for hours in [0, 169, -5] {
        let response = app
            .send_as(
                &owner,
                Method::PATCH,
                &org,
                &json!({ "invitation_ttl_hours": hours }),
            )
            .await;
        let problem = expect_problem(response, 422, "validation-failed").await;
        assert!(
            problem.errors.contains_key("invitation_ttl_hours"),
            "{hours}: {problem:?}"
        );
    }
    // Five days for shift workers.
    let updated: Organization = expect_body(
        app.send_as(
            &owner,
            Method::PATCH,
            &org,
            &json!({ "invitation_ttl_hours": 120 }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(updated.invitation_ttl_hours, Some(120));
    let second = fresh_email();
    invite_one(&app, &owner, &second, "member").await;
    assert_eq!(expiring_within(&app, &second, 119, 121), 1);

    // Expired, then resent: a fresh link with a fresh expiry under the organisation's policy.
    app.sql(&format!(
        "UPDATE invitations SET expires_at = now() - interval '1 hour' WHERE email = '{first}'"
    ));
    let invitations: Page<Invitation> = app.read_as(&owner, &format!("{org}/invitations")).await;
    let id = invitations
        .items
        .iter()
        .find(|i| i.email == first)
        .unwrap()
        .id;
    let resent = app
        .as_user(
            &owner,
            Method::POST,
            &format!("{org}/invitations/{id}/resend"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resent.status(), 200);
    assert_eq!(expiring_within(&app, &first, 119, 121), 1);
    app.drain_outbox().await;

    // Back to the default.
    let reset: Organization = expect_body(
        app.send_as(
            &owner,
            Method::PATCH,
            &org,
            &json!({ "invitation_ttl_hours": null }),
        )
        .await,
        200,
    )
    .await;
    assert!(reset.invitation_ttl_hours.is_none());
    let third = fresh_email();
    invite_one(&app, &owner, &third, "viewer").await;
    assert_eq!(expiring_within(&app, &third, 23, 25), 1);
}
