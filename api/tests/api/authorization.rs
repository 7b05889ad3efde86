//! Proof that every caller gets exactly what the permission table gives them: every operation of
//! the committed OpenAPI document is called as anonymous, as each role of one organisation, as an
//! expired time-limited member, as a member of another organisation and as an API client with
//! each single scope, and each answer is compared with the operation's declared access
//! (`x-vigil-access`, generated from `authz::operations`). Callers the table refuses go first, so
//! a refusal is checked against data that is still there. New endpoints are covered
//! automatically; one without a declared access stops the server from starting.

use std::collections::HashMap;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use vigil_core::invitations::InvitationStatus;
use vigil_core::roles::Role;

use crate::helpers::responses::{
    AccessToken, ComplianceResult, Document, Invitation, InvitationsCreated, OAuthError, Page,
    Report,
};
use crate::helpers::{Caller, TestApp, decode, expect_body, expect_text, fill_path, samples};

const SCOPES: [&str; 6] = [
    "documents:read",
    "documents:write",
    "compliance-results:read",
    "compliance-results:write",
    "reports:read",
    "reports:write",
];

/// Operations that change the fixture for later calls run last, in this order.
const LAST: [&str; 10] = [
    "revoke_api_client",
    "revoke_invitation",
    "remove_member",
    "delete_document",
    "delete_logo",
    "delete_organization",
    "restore_organization",
    "leave_organization",
    "revoke_other_sessions",
    "logout",
];

/// The answers that mean "the guard or a data rule refused": an allowed caller never gets one.
const REFUSALS: [(u16, &str); 9] = [
    (401, "not-authenticated"),
    (401, "invalid-token"),
    (403, "permission-denied"),
    (403, "insufficient-scope"),
    (403, "not-available-to-api-clients"),
    (403, "membership-expired"),
    (403, "owners-only"),
    (403, "not-your-document"),
    (404, "organization-not-found"),
];

#[derive(Clone, Debug)]
enum Who {
    Anonymous,
    /// A member of the organisation with this role (`expired`: their access has ended).
    Member {
        role: &'static str,
        expired: bool,
    },
    /// A member of another organisation only.
    Outsider,
    Client {
        scope: &'static str,
    },
}

struct Party {
    name: String,
    who: Who,
    caller: Option<Caller>,
}

#[derive(Debug, PartialEq)]
enum Expect {
    /// The guard lets it through and no data rule stands in the way.
    Allowed,
    Refused(u16, &'static str),
    /// Answered, but the fixture's audit-log report is left out of the list.
    Hidden,
}

/// An operation's declared access (`x-vigil-access`).
#[derive(Deserialize, Debug)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Access {
    Public,
    ClientCredentials,
    Session,
    Organization {
        roles: Vec<Role>,
        /// The scope an API client needs; `None`: not open to API clients.
        scope: Option<String>,
        /// Data rules: permissions some data calls for on top.
        #[serde(default)]
        rules: Vec<Rule>,
    },
}

#[derive(Deserialize, Debug)]
struct Rule {
    roles: Vec<Role>,
}

struct Operation {
    method: Method,
    path: String,
    id: String,
    access: Access,
}

/// The operations of the OpenAPI document (walked as JSON, in its own order).
fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            let access = serde_json::from_value(operation["x-vigil-access"].clone())
                .unwrap_or_else(|e| panic!("{method} {path} ({id}) has no declared access: {e}"));
            out.push(Operation {
                method: Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                path: path.clone(),
                id,
                access,
            });
        }
    }
    out.sort_by_key(|op| LAST.iter().position(|id| *id == op.id));
    out
}

/// Bodies that reach the handler's own checks (and the data rules) for an allowed caller.
fn sample_body(operation_id: &str) -> Value {
    match operation_id {
        "update_member" => json!({ "role": "owner" }),
        "create_compliance_result" => {
            json!({ "standard": "NSQHS-1", "status": "compliant", "score": 50 })
        }
        "create_report" => json!({ "kind": "audit_log", "format": "csv" }),
        _ => json!({}),
    }
}

/// What a data rule of the operation says when the fixture's data calls for it and the caller
/// does not hold the rule's permission (API clients hold none: no rule permission has a scope).
fn rule_refusal(operation_id: &str, who: &Who) -> Option<Expect> {
    let client = matches!(who, Who::Client { .. });
    Some(match operation_id {
        // The fixture's member is an owner, and its invitation is for the owner role.
        "update_member" | "remove_member" | "resend_invitation" | "revoke_invitation" => {
            Expect::Refused(403, "owners-only")
        }
        // The fixture's document was uploaded by the owner.
        "delete_document" => Expect::Refused(403, "not-your-document"),
        // The fixture's report is an audit-log report (and the sample body asks for one).
        "get_report" | "download_report" => Expect::Refused(404, "report-not-found"),
        "list_reports" => Expect::Hidden,
        "create_report" if client => Expect::Refused(403, "not-available-to-api-clients"),
        "create_report" => Expect::Refused(403, "permission-denied"),
        _ => return None,
    })
}

/// The answer the permission table gives `who` for an operation.
fn expected(op: &Operation, who: &Who, deleted: bool) -> Expect {
    match &op.access {
        Access::Public | Access::ClientCredentials => Expect::Allowed,
        Access::Session => match who {
            Who::Anonymous | Who::Client { .. } => Expect::Refused(401, "not-authenticated"),
            _ => Expect::Allowed,
        },
        Access::Organization {
            roles,
            scope: needed_scope,
            rules,
        } => {
            let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let allowed = match who {
                Who::Anonymous => return Expect::Refused(401, "not-authenticated"),
                Who::Outsider => return Expect::Refused(404, "organization-not-found"),
                Who::Client { .. } if deleted => return Expect::Refused(401, "invalid-token"),
                Who::Client { scope } => match needed_scope.as_deref() {
                    None => return Expect::Refused(403, "not-available-to-api-clients"),
                    Some(needed) if needed != *scope => {
                        return Expect::Refused(403, "insufficient-scope");
                    }
                    Some(_) => None,
                },
                // A deleted organisation is gone, except to those who may restore it.
                Who::Member { role, .. } if deleted && !roles.contains(role) => {
                    return Expect::Refused(404, "organization-not-found");
                }
                Who::Member { expired: true, .. } => {
                    return Expect::Refused(403, "membership-expired");
                }
                Who::Member { role, .. } if !roles.contains(role) => {
                    return Expect::Refused(403, "permission-denied");
                }
                Who::Member { role, .. } => Some(*role),
            };
            let holds_rules = rules.iter().all(|rule| {
                allowed.is_some_and(|role| rule.roles.iter().any(|r| r.as_str() == role))
            });
            if holds_rules {
                Expect::Allowed
            } else {
                rule_refusal(&op.id, who).unwrap_or(Expect::Allowed)
            }
        }
    }
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_permission_table_says() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    app.sql(&format!(
        "UPDATE organizations SET subscription_tier = 'enterprise' WHERE id = '{org}'"
    ));

    // The callers.
    let mut parties = vec![
        Party {
            name: "anonymous".into(),
            who: Who::Anonymous,
            caller: None,
        },
        Party {
            name: "owner".into(),
            who: Who::Member {
                role: "owner",
                expired: false,
            },
            caller: Some(Caller::User(owner.clone())),
        },
    ];
    for role in ["admin", "member", "viewer"] {
        let (_, session) = app.member_of(&org, role).await;
        parties.push(Party {
            name: role.into(),
            who: Who::Member {
                role,
                expired: false,
            },
            caller: Some(Caller::User(session)),
        });
    }
    let (_, expired) = app.member_of(&org, "admin").await;
    app.sql(&format!(
        "UPDATE memberships SET access_expires_at = now() - interval '1 minute'
         WHERE org_id = '{org}' AND user_id = '{}'",
        expired.user_id()
    ));
    parties.push(Party {
        name: "expired admin".into(),
        who: Who::Member {
            role: "admin",
            expired: true,
        },
        caller: Some(Caller::User(expired)),
    });
    let (_, outsider) = app.signed_up_owner().await;
    parties.push(Party {
        name: "another organisation's owner".into(),
        who: Who::Outsider,
        caller: Some(Caller::User(outsider)),
    });
    for scope in SCOPES {
        parties.push(Party {
            name: format!("API client with {scope}"),
            who: Who::Client { scope },
            caller: Some(app.bearer(&owner, &[scope]).await),
        });
    }

    // The data: one of everything, shaped so the data rules apply.
    let (_, co_owner) = app.member_of(&org, "owner").await;
    let invitation: InvitationsCreated = app
        .send_as(
            &owner,
            Method::POST,
            &format!("/api/v1/organizations/{org}/invitations"),
            &json!({ "invitations": [{ "email": "next.owner@example.org", "role": "owner" }] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let document = app
        .uploaded(
            &Caller::User(owner.clone()),
            &org,
            "Infection control.pdf",
            samples::pdf(),
        )
        .await;
    let document_id = document.id.to_string();
    let result: ComplianceResult = app
        .send_as(
            &owner,
            Method::POST,
            &format!("/api/v1/organizations/{org}/documents/{document_id}/compliance-results"),
            &json!({ "standard": "NSQHS-1", "status": "compliant", "score": 90 }),
        )
        .await
        .json()
        .await
        .unwrap();
    let report: Report = app
        .send_as(
            &owner,
            Method::POST,
            &format!("/api/v1/organizations/{org}/reports"),
            &json!({ "kind": "audit_log", "format": "csv" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let report_id = report.id.to_string();
    let (_, _, spare_client) = app.api_client(&owner, &["documents:read"]).await;
    app.run_jobs().await;
    app.drain_outbox().await;

    let values: HashMap<&str, String> = HashMap::from([
        ("org_id", org.clone()),
        ("user_id", co_owner.user_id()),
        (
            "invitation_id",
            invitation.results[0].invitation().id.to_string(),
        ),
        ("document_id", document_id),
        ("result_id", result.id.to_string()),
        ("report_id", report_id.clone()),
        ("client_id", spare_client),
        ("step", "branding".to_owned()),
        ("session_id", uuid::Uuid::new_v4().to_string()),
        ("passkey_id", uuid::Uuid::new_v4().to_string()),
        ("token", "no-such-invitation".to_owned()),
        ("file", "logo.png".to_owned()),
    ]);

    let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
    let ops = operations(&doc);
    let mut deleted = false;
    let mut checked = 0;
    for op in &ops {
        let path = fill_path(&op.path, &values);
        let mut order: Vec<(&Party, Expect)> = parties
            .iter()
            .map(|party| (party, expected(op, &party.who, deleted)))
            .collect();
        // Refusals first, while the data they must not touch is still there.
        order.sort_by_key(|(_, expect)| *expect == Expect::Allowed);
        for (party, expect) in order {
            let request = match &party.caller {
                Some(caller) => app.as_caller(caller, op.method.clone(), &path),
                None => app.client.request(op.method.clone(), app.url(&path)),
            };
            let response = request.json(&sample_body(&op.id)).send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            let code = code_of(&body);
            let context = format!("{} {path} as {}: {status} {body}", op.method, party.name);
            assert!(status < 500, "{context}");
            match expect {
                Expect::Refused(want_status, want_code) => {
                    assert_eq!(
                        (status, code.as_str()),
                        (want_status, want_code),
                        "{context}"
                    );
                }
                Expect::Allowed => {
                    assert!(
                        !REFUSALS.contains(&(status, code.as_str())),
                        "refused although the table allows it: {context}"
                    );
                    if matches!(op.access, Access::Session | Access::Organization { .. }) {
                        assert_ne!(status, 401, "{context}");
                    }
                    if op.id == "list_reports" {
                        assert!(body.contains(&report_id), "{context}");
                    }
                }
                Expect::Hidden => {
                    assert_eq!(status, 200, "{context}");
                    assert!(!body.contains(&report_id), "{context}");
                }
            }
            checked += 1;
        }
        if op.id == "delete_organization" {
            deleted = true;
        }
        if op.id == "restore_organization" {
            deleted = false;
        }
    }
    assert_eq!(checked, ops.len() * parties.len());
    assert!(
        ops.len() >= 70 && parties.len() == 13,
        "{} operations × {} callers",
        ops.len(),
        parties.len()
    );
}

fn org_path(org: &str, rest: &str) -> String {
    format!("/api/v1/organizations/{org}{rest}")
}

/// Any answer's `code` ("" when it has none: not JSON, or not a problem).
fn code_of(body: &str) -> String {
    #[derive(Deserialize)]
    struct Coded {
        code: String,
    }
    serde_json::from_str::<Coded>(body)
        .map(|coded| coded.code)
        .unwrap_or_default()
}

async fn status_and_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, code_of(&response.text().await.unwrap()))
}

#[tokio::test]
async fn an_administrator_cannot_reach_the_owner_role_through_an_invitation() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, admin) = app.member_of(&org, "admin").await;
    let invited: InvitationsCreated = app
        .send_as(
            &owner,
            Method::POST,
            &org_path(&org, "/invitations"),
            &json!({ "invitations": [{ "email": "next.owner@example.org", "role": "owner" }] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = invited.results[0].invitation().id;
    app.drain_outbox().await;

    for (method, rest) in [
        (Method::POST, format!("/invitations/{id}/resend")),
        (Method::DELETE, format!("/invitations/{id}")),
    ] {
        let response = app
            .as_user(&admin, method.clone(), &org_path(&org, &rest))
            .send()
            .await
            .unwrap();
        assert_eq!(
            status_and_code(response).await,
            (403, "owners-only".to_owned()),
            "{method} {rest}"
        );
    }
    // No fresh link went anywhere, and the invitation is as it was.
    app.assert_outbox_empty();
    let raw = expect_text(
        app.get_as(&owner, &org_path(&org, "/invitations")).await,
        200,
    )
    .await;
    let listed: Page<Invitation> = decode(&raw);
    assert_eq!(listed.items[0].status, InvitationStatus::Pending);
    assert_eq!(listed.items[0].sent_count, 1);
    // On the wire: no link field at all.
    let wire: Value = decode(&raw);
    assert!(wire["items"][0].get("invite_link").is_none());
}

#[tokio::test]
async fn audit_log_reports_need_the_audit_log_permission_to_be_listed_read_or_downloaded() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, admin) = app.member_of(&org, "admin").await;
    let (_, viewer) = app.member_of(&org, "viewer").await;
    let client = app.bearer(&owner, &["reports:read"]).await;
    let mut ids = Vec::new();
    for kind in ["audit_log", "compliance_summary"] {
        let report: Report = app
            .send_as(
                &owner,
                Method::POST,
                &org_path(&org, "/reports"),
                &json!({ "kind": kind, "format": "csv" }),
            )
            .await
            .json()
            .await
            .unwrap();
        ids.push(report.id.to_string());
    }
    app.run_jobs().await;
    let (audit_log, summary) = (&ids[0], &ids[1]);

    for (who, caller) in [
        ("viewer", Caller::User(viewer)),
        ("reports:read client", client),
    ] {
        let list = app
            .as_caller(&caller, Method::GET, &org_path(&org, "/reports"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains(summary.as_str()), "{who}: {list}");
        assert!(!list.contains(audit_log.as_str()), "{who}: {list}");
        for rest in [
            format!("/reports/{audit_log}"),
            format!("/reports/{audit_log}/content"),
        ] {
            let response = app
                .as_caller(&caller, Method::GET, &org_path(&org, &rest))
                .send()
                .await
                .unwrap();
            assert_eq!(
                status_and_code(response).await,
                (404, "report-not-found".to_owned()),
                "{who} {rest}"
            );
        }
        let download = app
            .as_caller(
                &caller,
                Method::GET,
                &org_path(&org, &format!("/reports/{summary}/content")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), 200, "{who}");
    }
    let csv = app
        .get_as(
            &admin,
            &org_path(&org, &format!("/reports/{audit_log}/content")),
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains("organization.created"));
}

#[tokio::test]
async fn members_delete_only_what_they_uploaded_and_administrators_anything() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, admin) = app.member_of(&org, "admin").await;
    let (_, member) = app.member_of(&org, "member").await;
    let engine = app.bearer(&owner, &["documents:write"]).await;
    let upload = |caller: Caller, name: &'static str| {
        let app = &app;
        let org = org.clone();
        async move { app.uploaded(&caller, &org, name, samples::pdf()).await.id }
    };
    let owners = upload(Caller::User(owner.clone()), "Owner policy.pdf").await;
    let owners_second = upload(Caller::User(owner.clone()), "Owner second.pdf").await;
    let members = upload(Caller::User(member.clone()), "Member notes.pdf").await;
    let engines = upload(engine.clone(), "Engine output.pdf").await;
    let delete = |caller: Caller, id: uuid::Uuid| {
        let app = &app;
        let path = org_path(&org, &format!("/documents/{id}"));
        async move {
            status_and_code(
                app.as_caller(&caller, Method::DELETE, &path)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let refused = (403, "not-your-document".to_owned());
    assert_eq!(delete(Caller::User(member.clone()), owners).await, refused);
    assert_eq!(delete(Caller::User(member.clone()), engines).await, refused);
    assert_eq!(delete(engine.clone(), owners).await, refused);
    assert_eq!(delete(engine.clone(), members).await, refused);
    assert_eq!(delete(Caller::User(member.clone()), members).await.0, 204);
    assert_eq!(delete(engine, engines).await.0, 204);
    assert_eq!(delete(Caller::User(admin), owners).await.0, 204);
    let left: Page<Document> = app.read_as(&owner, &org_path(&org, "/documents")).await;
    assert_eq!(left.total, 1);
    assert_eq!(left.items[0].id, owners_second);
}

#[tokio::test]
async fn an_organisation_always_keeps_an_owner_whose_access_does_not_end() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, locum) = app.member_of(&org, "owner").await;
    app.sql(&format!(
        "UPDATE memberships SET role = 'admin' WHERE user_id = '{}'",
        locum.user_id()
    ));
    let member = |user_id: String| org_path(&org, &format!("/members/{user_id}"));
    let (me, locum_path) = (member(owner.user_id()), member(locum.user_id()));
    let soon = json!((chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339());
    let patch = |path: &str, body: Value| app.send_as(&owner, Method::PATCH, path, &body);
    let leave = || {
        app.as_user(&owner, Method::DELETE, &org_path(&org, "/membership"))
            .send()
    };
    let last_owner = (409, "last-owner".to_owned());

    // The only owner may not put an end date on their own access, nor leave.
    let end = patch(&me, json!({ "access_expires_at": soon })).await;
    assert_eq!(status_and_code(end).await, last_owner);
    assert_eq!(status_and_code(leave().await.unwrap()).await, last_owner);

    // A second owner whose own access ends does not count.
    let limited = patch(
        &locum_path,
        json!({ "role": "owner", "access_expires_at": soon }),
    )
    .await;
    assert_eq!(limited.status(), 200);
    assert_eq!(status_and_code(leave().await.unwrap()).await, last_owner);
    let end = patch(&me, json!({ "access_expires_at": soon })).await;
    assert_eq!(status_and_code(end).await, last_owner);
    let permanent_owners = app.count(&format!(
        "SELECT count(*) AS n FROM memberships
         WHERE org_id = '{org}' AND role = 'owner' AND access_expires_at IS NULL"
    ));
    assert_eq!(permanent_owners, 1, "nothing half-written");

    // Once the second owner's access is permanent, the first may go.
    let permanent = patch(&locum_path, json!({ "access_expires_at": null })).await;
    assert_eq!(permanent.status(), 200);
    assert_eq!(leave().await.unwrap().status(), 204);
}

#[tokio::test]
async fn api_clients_stop_the_moment_their_organisation_is_deleted() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (id, secret, _) = app.api_client(&owner, &["documents:read"]).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
    ];
    let token: AccessToken = app.token_response(&form).await.json().await.unwrap();
    let token = Caller::Bearer(token.access_token);
    let documents = org_path(&org, "/documents");
    let before = app
        .as_caller(&token, Method::GET, &documents)
        .send()
        .await
        .unwrap();
    assert_eq!(before.status(), 200);

    let deleted = app
        .as_user(&owner, Method::DELETE, &org_path(&org, ""))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 202);
    let after = app
        .as_caller(&token, Method::GET, &documents)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_code(after).await,
        (401, "invalid-token".to_owned())
    );
    let new_token = app.token_response(&form).await;
    let body: OAuthError = expect_body(new_token, 401).await;
    assert_eq!(body.error, "invalid_client");
}

#[tokio::test]
async fn unsafe_requests_from_a_foreign_origin_are_refused_even_without_a_session() {
    let app = TestApp::spawn().await;
    let (user, _) = app.signed_up_owner().await;
    let login = |origin: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": user.email, "password": crate::helpers::PASSWORD }));
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        request.send()
    };
    let evil = login(Some("https://evil.example")).await.unwrap();
    assert!(evil.headers().get("set-cookie").is_none());
    assert_eq!(
        status_and_code(evil).await,
        (403, "origin-not-allowed".to_owned())
    );
    // Browsers on Vigil's own origin, and non-browser clients (no Origin), sign in.
    assert_eq!(
        login(Some(crate::helpers::ORIGIN)).await.unwrap().status(),
        200
    );
    assert_eq!(login(None).await.unwrap().status(), 200);
}
