//! Proof that nothing leaks between organisations: every operation of the committed OpenAPI
//! document with an organisation in its path is called by organisation B (each role, and B's API
//! client) with organisation A's ids, and must answer 404 without any of A's data. New endpoints
//! are covered automatically.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::json;

use crate::helpers::responses::{
    ComplianceResult, Document, InvitationsCreated, Member, Page, Report,
};
use crate::helpers::{Caller, TestApp, expect_body, fill_path, samples};

/// Operations with a resource id that need a valid body to reach their lookup.
fn sample_body(operation_id: &str) -> serde_json::Value {
    match operation_id {
        "update_member" => json!({ "role": "viewer" }),
        "create_compliance_result" => {
            json!({ "standard": "NSQHS-1", "status": "compliant", "score": 50 })
        }
        _ => json!({}),
    }
}

/// Public by design: a logo is served to mail clients from its content-addressed URL.
const PUBLIC: [&str; 1] = ["/api/v1/logos/{org_id}/{file}"];

struct Operation {
    method: Method,
    path: String,
    id: String,
    bearer: bool,
}

/// Raw JSON: this walks the OpenAPI document itself.
fn operations(doc: &serde_json::Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.contains("{org_id}") || PUBLIC.contains(&path.as_str()) {
            continue;
        }
        for (method, operation) in item.as_object().unwrap() {
            let bearer = operation["security"]
                .as_array()
                .is_some_and(|list| list.iter().any(|s| s.get("bearer").is_some()));
            out.push(Operation {
                method: Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                path: path.clone(),
                id: operation["operationId"].as_str().unwrap().to_owned(),
                bearer,
            });
        }
    }
    out
}

#[tokio::test]
async fn no_operation_leaks_another_organisations_data() {
    isolation_sweep(TestApp::spawn().await).await;
}

#[tokio::test]
async fn no_operation_leaks_another_organisations_data_on_azurite() {
    isolation_sweep(
        TestApp::spawn_with(|config| config.storage = crate::storage::azurite_config()).await,
    )
    .await;
}

async fn isolation_sweep(app: TestApp) {
    // Organisation A, with one of everything.
    let (a_user, a_owner) = app.signed_up_owner().await;
    let a_org = a_owner.org_id();
    app.sql(&format!(
        "UPDATE organizations SET subscription_tier = 'enterprise' WHERE id = '{a_org}'"
    ));
    let (a_member_user, a_member) = app.member_of(&a_org, "member").await;
    let invited = app
        .send_as(&a_owner, Method::POST, &format!("/api/v1/organizations/{a_org}/invitations"),
            &json!({ "invitations": [{ "email": "secret.invitee@alpha.example", "role": "member" }] }))
        .await;
    let invited: InvitationsCreated = expect_body(invited, 200).await;
    let invitation_id = invited.results[0].invitation().id.to_string();
    let document = app
        .uploaded(
            &Caller::User(a_owner.clone()),
            &a_org,
            "Alpha confidential policy.pdf",
            samples::pdf(),
        )
        .await;
    let document_id = document.id.to_string();
    let result = app
        .send_as(
            &a_owner,
            Method::POST,
            &format!("/api/v1/organizations/{a_org}/documents/{document_id}/compliance-results"),
            &json!({ "standard": "NSQHS-1", "status": "compliant", "score": 90 }),
        )
        .await;
    let result: ComplianceResult = expect_body(result, 201).await;
    let report = app
        .send_as(
            &a_owner,
            Method::POST,
            &format!("/api/v1/organizations/{a_org}/reports"),
            &json!({ "kind": "compliance_summary", "format": "csv" }),
        )
        .await;
    let report: Report = expect_body(report, 202).await;
    let (_, _, client_row) = app.api_client(&a_owner, &["documents:read"]).await;
    app.drain_outbox().await;

    let a_values: HashMap<&str, String> = HashMap::from([
        ("org_id", a_org.clone()),
        ("user_id", a_member.user_id()),
        ("invitation_id", invitation_id),
        ("document_id", document_id),
        ("result_id", result.id.to_string()),
        ("report_id", report.id.to_string()),
        ("client_id", client_row),
        ("step", "branding".to_owned()),
    ]);
    let secrets = [
        a_user.organization_name.clone(),
        a_user.email.clone(),
        a_member_user.email.clone(),
        "Alpha confidential policy".to_owned(),
        "secret.invitee".to_owned(),
        a_org.clone(),
    ];

    // Organisation B: every role, and an API client with every scope.
    let (_, b_owner) = app.signed_up_owner().await;
    let b_org = b_owner.org_id();
    app.sql(&format!(
        "UPDATE organizations SET subscription_tier = 'enterprise' WHERE id = '{b_org}'"
    ));
    let mut b_callers: Vec<(String, Caller)> =
        vec![("owner".into(), Caller::User(b_owner.clone()))];
    for role in ["admin", "member", "viewer"] {
        let (_, session) = app.member_of(&b_org, role).await;
        b_callers.push((role.into(), Caller::User(session)));
    }
    let all_scopes = [
        "documents:read",
        "documents:write",
        "compliance-results:read",
        "compliance-results:write",
        "reports:read",
        "reports:write",
    ];
    let b_client = app.bearer(&b_owner, &all_scopes).await;
    b_callers.push(("api client".into(), b_client.clone()));

    let doc: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let ops = operations(&doc);
    assert!(
        ops.len() > 30,
        "found only {} organisation operations",
        ops.len()
    );
    let mut checked = 0;
    for op in &ops {
        // 1. A's organisation and ids, as each of B's callers.
        let path = fill_path(&op.path, &a_values);
        for (who, caller) in &b_callers {
            let response = app
                .as_caller(caller, op.method.clone(), &path)
                .json(&sample_body(&op.id))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_eq!(
                status, 404,
                "{} {path} as B's {who}: {status} {body}",
                op.method
            );
            for secret in &secrets {
                assert!(
                    !body.contains(secret.as_str()),
                    "{} {path} as B's {who} leaked {secret:?}: {body}",
                    op.method
                );
            }
            checked += 1;
        }

        // 2. A's ids under B's organisation, as B's owner (and client when it may call it).
        let has_resource = op.path.matches("_id}").count() > 1;
        if !has_resource {
            continue;
        }
        let mut mixed = a_values.clone();
        mixed.insert("org_id", b_org.clone());
        let path = fill_path(&op.path, &mixed);
        let mut callers = vec![("owner", Caller::User(b_owner.clone()))];
        if op.bearer {
            callers.push(("api client", b_client.clone()));
        }
        for (who, caller) in callers {
            let response = app
                .as_caller(&caller, op.method.clone(), &path)
                .json(&sample_body(&op.id))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_eq!(
                status, 404,
                "{} {path} (A's ids under B) as B's {who}: {status} {body}",
                op.method
            );
            for secret in &secrets {
                assert!(
                    !body.contains(secret.as_str()),
                    "{} {path} as B's {who} leaked {secret:?}",
                    op.method
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} calls checked");

    // A's data is untouched by all of that.
    let a_docs: Page<Document> = app
        .read_as(
            &a_owner,
            &format!("/api/v1/organizations/{a_org}/documents"),
        )
        .await;
    assert_eq!(a_docs.total, 1);
    let a_members: Page<Member> = app
        .read_as(&a_owner, &format!("/api/v1/organizations/{a_org}/members"))
        .await;
    assert_eq!(a_members.total, 2);
    assert_eq!(
        app.get_as(&a_owner, &format!("/api/v1/organizations/{a_org}"))
            .await
            .status(),
        200
    );
}
