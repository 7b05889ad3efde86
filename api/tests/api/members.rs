//! Members and roles: listing, role changes, removal, last-owner protection, immediate loss of
//! access, and other organisations' members answering 404.

use reqwest::Method;
use serde_json::json;
use vigil_core::roles::Role;

use crate::helpers::responses::{
    AuditEventList, Dashboard, Member, MemberCounts, Membership, OnboardingStep, Page, RoleChange,
    Session,
};
use crate::helpers::{TestApp, TestSession, assert_problem, expect_body, expect_problem};

fn members_path(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/members", session.org_id())
}

fn member_path(owner: &TestSession, member: &TestSession) -> String {
    format!("{}/{}", members_path(owner), member.user_id())
}

#[tokio::test]
async fn members_are_listed_sorted_searchable_and_paginated() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, viewer) = app.member_of(&org, "viewer").await;
    for (i, last) in ["Adams", "Brown", "Clarke"].iter().enumerate() {
        let (_, m) = app
            .member_of(&org, if i == 0 { "admin" } else { "member" })
            .await;
        app.sql(&format!(
            "UPDATE users SET last_name = '{last}' WHERE id = '{}'",
            m.user_id()
        ));
    }

    let all: Page<Member> = app.read_as(&viewer, &members_path(&owner)).await;
    assert_eq!(all.total, 5);
    let names: Vec<&str> = all.items.iter().map(|m| m.last_name.as_str()).collect();
    assert_eq!(names[..3], ["Adams", "Brown", "Citizen"]);

    let page: Page<Member> = app
        .read_as(
            &viewer,
            &format!("{}?limit=2&offset=2", members_path(&owner)),
        )
        .await;
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total, 5);

    let search: Page<Member> = app
        .read_as(&viewer, &format!("{}?q=clar", members_path(&owner)))
        .await;
    assert_eq!(search.total, 1);
    assert_eq!(search.items[0].last_name, "Clarke");
    let admins: Page<Member> = app
        .read_as(&viewer, &format!("{}?role=admin", members_path(&owner)))
        .await;
    assert_eq!(admins.total, 1);
    // Past the end no row carries the total; it is still the filter's count.
    let past_end: Page<Member> = app
        .read_as(
            &viewer,
            &format!("{}?role=admin&offset=4", members_path(&owner)),
        )
        .await;
    assert_eq!((past_end.total, past_end.items.len()), (1, 0));

    let bad = app
        .get_as(&viewer, &format!("{}?limit=1000", members_path(&owner)))
        .await;
    assert_problem(bad, 400, "invalid-query").await;
    let bad_role = app
        .get_as(&viewer, &format!("{}?role=superuser", members_path(&owner)))
        .await;
    assert_problem(bad_role, 400, "invalid-query").await;
}

#[tokio::test]
async fn admins_manage_members_but_not_owners() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, admin) = app.member_of(&org, "admin").await;
    let (_, member) = app.member_of(&org, "member").await;

    let promoted = app
        .send_as(
            &admin,
            Method::PATCH,
            &member_path(&owner, &member),
            &json!({ "role": "viewer" }),
        )
        .await;
    let promoted: Member = expect_body(promoted, 200).await;
    assert_eq!(promoted.role, Role::Viewer);

    let grant_owner = app
        .send_as(
            &admin,
            Method::PATCH,
            &member_path(&owner, &member),
            &json!({ "role": "owner" }),
        )
        .await;
    assert_problem(grant_owner, 403, "owners-only").await;
    let demote_owner = app
        .send_as(
            &admin,
            Method::PATCH,
            &member_path(&owner, &owner),
            &json!({ "role": "member" }),
        )
        .await;
    assert_problem(demote_owner, 403, "owners-only").await;
    let remove_owner = app
        .as_user(&admin, Method::DELETE, &member_path(&owner, &owner))
        .send()
        .await
        .unwrap();
    assert_problem(remove_owner, 403, "owners-only").await;

    let audit: AuditEventList = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{org}/audit-events?action=member.role_changed"),
        )
        .await;
    assert_eq!(
        audit.items[0].details_as::<RoleChange>(),
        RoleChange {
            before: Role::Member,
            after: Role::Viewer,
        }
    );
}

#[tokio::test]
async fn members_and_viewers_cannot_change_roles() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, member) = app.member_of(&org, "member").await;
    let (_, viewer) = app.member_of(&org, "viewer").await;
    for (actor, target) in [(&member, &viewer), (&viewer, &member)] {
        let response = app
            .send_as(
                actor,
                Method::PATCH,
                &member_path(&owner, target),
                &json!({ "role": "admin" }),
            )
            .await;
        assert_problem(response, 403, "permission-denied").await;
        let removal = app
            .as_user(actor, Method::DELETE, &member_path(&owner, target))
            .send()
            .await
            .unwrap();
        assert_problem(removal, 403, "permission-denied").await;
    }
    let bad_role = app
        .send_as(
            &owner,
            Method::PATCH,
            &member_path(&owner, &member),
            &json!({ "role": "god" }),
        )
        .await;
    let problem = expect_problem(bad_role, 422, "invalid-body").await;
    assert!(problem.errors.contains_key("role"));
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted_or_removed_but_owners_can_hand_over() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();

    let demote = app
        .send_as(
            &owner,
            Method::PATCH,
            &member_path(&owner, &owner),
            &json!({ "role": "admin" }),
        )
        .await;
    assert_problem(demote, 409, "last-owner").await;
    let leave = app
        .as_user(&owner, Method::DELETE, &member_path(&owner, &owner))
        .send()
        .await
        .unwrap();
    assert_problem(leave, 409, "last-owner").await;

    let (_, successor) = app.member_of(&org, "admin").await;
    let granted = app
        .send_as(
            &owner,
            Method::PATCH,
            &member_path(&owner, &successor),
            &json!({ "role": "owner" }),
        )
        .await;
    assert_eq!(granted.status(), 200);
    let left = app
        .as_user(&owner, Method::DELETE, &member_path(&owner, &owner))
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 204);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE org_id = '{org}' AND role = 'owner'"
        )),
        1
    );
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    let app = TestApp::spawn().await;
    let (_, first) = app.signed_up_owner().await;
    let org = first.org_id();
    let (_, second) = app.member_of(&org, "owner").await;
    let a = app.send_as(
        &first,
        Method::PATCH,
        &member_path(&first, &second),
        &json!({ "role": "member" }),
    );
    let b = app.send_as(
        &second,
        Method::PATCH,
        &member_path(&first, &first),
        &json!({ "role": "member" }),
    );
    let (a, b) = tokio::join!(a, b);
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&200), "{statuses:?}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE org_id = '{org}' AND role = 'owner'"
        )),
        1,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn removal_ends_access_on_the_next_request() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, member) = app.member_of(&org, "member").await;
    let org_path = format!("/api/v1/organizations/{org}");
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);

    let removed = app
        .as_user(&owner, Method::DELETE, &member_path(&owner, &member))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    assert_problem(
        app.get_as(&member, &org_path).await,
        404,
        "organization-not-found",
    )
    .await;
    // Their account and their own organisation are unaffected.
    assert_eq!(
        app.get_as(&member, "/api/v1/auth/session").await.status(),
        200
    );

    let audit: AuditEventList = app
        .read_as(
            &owner,
            &format!("{org_path}/audit-events?action=member.removed"),
        )
        .await;
    assert_eq!(audit.items[0].target_id, Some(member.user_id()));
}

/// The server keeps each session's memberships between requests (issue 19); whatever changes
/// them, through the API or directly in the database, the very next request must see it.
#[tokio::test]
async fn every_change_to_a_persons_access_reaches_their_next_request() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, member) = app.member_of(&org, "member").await;
    let org_path = format!("/api/v1/organizations/{org}");
    let in_org = |session: &Session| {
        session
            .memberships
            .iter()
            .find(|m| m.organization_id.to_string() == org)
            .cloned()
    };
    let session: Session = app.read_as(&member, "/api/v1/auth/session").await;
    assert_eq!(in_org(&session).map(|m| m.role), Some(Role::Member));
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);

    // A role change through the API.
    let changed = app
        .send_as(
            &owner,
            Method::PATCH,
            &member_path(&owner, &member),
            &json!({ "role": "viewer" }),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let session: Session = app.read_as(&member, "/api/v1/auth/session").await;
    assert_eq!(in_org(&session).map(|m| m.role), Some(Role::Viewer));

    // The organisation's name and colours, changed by an operator in the database.
    app.sql(&format!(
        "UPDATE organizations SET name = 'Renamed Clinic', primary_colour = '#112233' WHERE id = '{org}'"
    ));
    let session: Session = app.read_as(&member, "/api/v1/auth/session").await;
    let membership = in_org(&session).expect("still a member");
    assert_eq!(membership.organization_name, "Renamed Clinic");
    assert_eq!(membership.primary_colour.as_deref(), Some("#112233"));

    // Its security policy: two-step verification required, then no longer.
    app.sql(&format!(
        "INSERT INTO security_policies (org_id, require_mfa) VALUES ('{org}', true)"
    ));
    assert_problem(
        app.get_as(&member, &org_path).await,
        403,
        "mfa-enrolment-required",
    )
    .await;
    app.sql(&format!(
        "UPDATE security_policies SET require_mfa = false WHERE org_id = '{org}'"
    ));
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);

    // Time-limited access that has ended.
    app.sql(&format!(
        "UPDATE memberships SET access_expires_at = now() - interval '1 minute' WHERE org_id = '{org}' AND user_id = '{}'",
        member.user_id()
    ));
    assert_problem(
        app.get_as(&member, &org_path).await,
        403,
        "membership-expired",
    )
    .await;
    app.sql(&format!(
        "UPDATE memberships SET access_expires_at = NULL WHERE org_id = '{org}' AND user_id = '{}'",
        member.user_id()
    ));
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);

    // The organisation deleted.
    app.sql(&format!(
        "UPDATE organizations SET deleted_at = now() WHERE id = '{org}'"
    ));
    assert_problem(
        app.get_as(&member, &org_path).await,
        404,
        "organization-not-found",
    )
    .await;
    app.sql(&format!(
        "UPDATE organizations SET deleted_at = NULL WHERE id = '{org}'"
    ));
    assert_eq!(app.get_as(&member, &org_path).await.status(), 200);

    // The membership removed in the database, then the whole organisation.
    app.sql(&format!(
        "DELETE FROM memberships WHERE org_id = '{org}' AND user_id = '{}'",
        member.user_id()
    ));
    assert_problem(
        app.get_as(&member, &org_path).await,
        404,
        "organization-not-found",
    )
    .await;
    let session: Session = app.read_as(&owner, "/api/v1/auth/session").await;
    assert!(in_org(&session).is_some());
    app.sql(&format!("DELETE FROM organizations WHERE id = '{org}'"));
    let session: Session = app.read_as(&owner, "/api/v1/auth/session").await;
    assert!(in_org(&session).is_none(), "{:?}", session.memberships);

    // A new membership shows at once too.
    let other = member.org_id();
    app.sql(&format!(
        "INSERT INTO memberships (org_id, user_id, role) VALUES ('{other}', '{}', 'admin')",
        owner.user_id()
    ));
    let session: Session = app.read_as(&owner, "/api/v1/auth/session").await;
    assert!(
        session
            .memberships
            .iter()
            .any(|m| m.organization_id.to_string() == other && m.role == Role::Admin)
    );
}

/// Only what the session's memberships show changes a person's access stamp: saving an
/// organisation's other details does not make every member's next request compute them again.
#[tokio::test]
async fn unrelated_organisation_changes_keep_the_members_access_stamp() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let stamp = || {
        app.count(&format!(
            "SELECT access_stamp AS n FROM users WHERE id = '{}'",
            owner.user_id()
        ))
    };
    let before = stamp();
    app.sql(&format!(
        "UPDATE organizations SET contact_phone = '0299990000', updated_at = now() WHERE id = '{org}'"
    ));
    assert_eq!(stamp(), before);
    app.sql(&format!(
        "UPDATE organizations SET logo_key = 'organizations/{org}/branding/logo.png' WHERE id = '{org}'"
    ));
    assert!(stamp() > before);
}

#[tokio::test]
async fn members_leave_on_their_own() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, viewer) = app.member_of(&owner.org_id(), "viewer").await;
    // Removing is for those who manage members; leaving has its own operation.
    let removed_self = app
        .as_user(&viewer, Method::DELETE, &member_path(&owner, &viewer))
        .send()
        .await
        .unwrap();
    assert_problem(removed_self, 403, "permission-denied").await;
    let leave = format!("/api/v1/organizations/{}/membership", owner.org_id());
    let left = app
        .as_user(&viewer, Method::DELETE, &leave)
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 204);
    let again = app
        .as_user(&viewer, Method::DELETE, &leave)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let audit: AuditEventList = app
        .read_as(
            &owner,
            &format!(
                "/api/v1/organizations/{}/audit-events?action=member.left",
                owner.org_id()
            ),
        )
        .await;
    assert_eq!(audit.items.len(), 1);
}

#[tokio::test]
async fn another_organisations_members_answer_404() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    let (_, alpha_member) = app.member_of(&alpha.org_id(), "member").await;

    // Beta's owner names Alpha's member under Beta's organisation: not a member there.
    let wrong = format!("{}/{}", members_path(&beta), alpha_member.user_id());
    assert_problem(
        app.send_as(&beta, Method::PATCH, &wrong, &json!({ "role": "viewer" }))
            .await,
        404,
        "member-not-found",
    )
    .await;
    // Under Alpha's path, Beta's owner is not a member of Alpha.
    let foreign = member_path(&alpha, &alpha_member);
    assert_problem(
        app.send_as(&beta, Method::PATCH, &foreign, &json!({ "role": "viewer" }))
            .await,
        404,
        "organization-not-found",
    )
    .await;
    assert_problem(
        app.get_as(&beta, &members_path(&alpha)).await,
        404,
        "organization-not-found",
    )
    .await;
}

#[tokio::test]
async fn the_switcher_lists_organisations_and_sets_the_current_one() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    app.sql(&format!(
        "INSERT INTO memberships (org_id, user_id, role) VALUES ('{}', '{}', 'viewer')",
        beta.org_id(),
        alpha.user_id()
    ));
    app.sql(&format!(
        "UPDATE organizations SET primary_colour = '#0B6E4F' WHERE id = '{}'",
        beta.org_id()
    ));
    let list: Vec<Membership> = app.read_as(&alpha, "/api/v1/me/organizations").await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].organization_id, alpha.org_uuid());
    assert_eq!(list[1].role, Role::Viewer);
    assert_eq!(list[1].primary_colour.as_deref(), Some("#0B6E4F"));

    let switched = app
        .send_as(
            &alpha,
            Method::PUT,
            "/api/v1/auth/session/organization",
            &json!({ "organization_id": beta.org_id() }),
        )
        .await;
    assert_eq!(switched.status(), 200);
    let session: Session = app.read_as(&alpha, "/api/v1/auth/session").await;
    assert_eq!(session.current_organization_id, Some(beta.org_uuid()));

    let outsider = app.signed_up_owner().await.1;
    let refused = app
        .send_as(
            &alpha,
            Method::PUT,
            "/api/v1/auth/session/organization",
            &json!({ "organization_id": outsider.org_id() }),
        )
        .await;
    assert_problem(refused, 404, "organization-not-found").await;
    let session: Session = app.read_as(&alpha, "/api/v1/auth/session").await;
    assert_eq!(session.current_organization_id, Some(beta.org_uuid()));
}

#[tokio::test]
async fn the_dashboard_is_for_owners_and_admins() {
    let app = TestApp::spawn().await;
    let (user, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.member_of(&org, "admin").await;
    let (_, member) = app.member_of(&org, "member").await;
    app.member_of(&org, "viewer").await;

    let dashboard: Dashboard = app
        .read_as(&owner, &format!("/api/v1/organizations/{org}/dashboard"))
        .await;
    assert_eq!(dashboard.organization_name, user.organization_name);
    assert_eq!(
        dashboard.members,
        MemberCounts {
            total: 4,
            owners: 1,
            admins: 1,
            members: 1,
            viewers: 1,
        }
    );
    assert_eq!(dashboard.seats.limit, Some(5));
    assert_eq!(dashboard.seats.members, 4);
    assert_eq!(
        dashboard.onboarding.current_step,
        Some(OnboardingStep::OrganizationDetails)
    );
    assert!(!dashboard.recent_activity.is_empty());

    let denied = app
        .get_as(&member, &format!("/api/v1/organizations/{org}/dashboard"))
        .await;
    assert_problem(denied, 403, "permission-denied").await;
}

/// Text columns are read back as typed values: a role or a document kind the code does not know
/// is an error (500, logged), never read as some other role or kind.
#[tokio::test]
async fn unknown_roles_and_kinds_in_the_database_are_errors_not_fallbacks() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, member) = app.member_of(&org, "member").await;
    app.uploaded(
        &crate::helpers::Caller::User(owner.clone()),
        &org,
        "Policy.pdf",
        crate::helpers::samples::pdf(),
    )
    .await;
    app.sql("ALTER TABLE memberships DROP CONSTRAINT memberships_role_check");
    app.sql("ALTER TABLE documents DROP CONSTRAINT documents_kind_check");
    app.sql(&format!(
        "UPDATE memberships SET role = 'superuser' WHERE user_id = '{}'",
        member.user_id()
    ));
    app.sql("UPDATE documents SET kind = 'exe'");
    let as_member = app
        .get_as(&member, &format!("/api/v1/organizations/{org}"))
        .await;
    assert_eq!(as_member.status(), 500, "neither a viewer nor a stranger");
    let documents = app
        .get_as(&owner, &format!("/api/v1/organizations/{org}/documents"))
        .await;
    assert_eq!(documents.status(), 500, "never read as some other kind");
}
