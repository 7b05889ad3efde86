//! Compliance results and reports.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{Caller, TestApp, TestSession, assert_problem, samples};

fn org(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}", session.org_id())
}

async fn a_document(app: &TestApp, owner: &TestSession, name: &str) -> String {
    app.uploaded(
        &Caller::User(owner.clone()),
        &owner.org_id(),
        name,
        samples::pdf(),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn result_body(standard: &str, status: &str, score: f64) -> serde_json::Value {
    json!({
        "standard": standard,
        "status": status,
        "score": score,
        "findings": [
            { "requirement": "1.1 Governance", "status": "compliant", "evidence": "Policy signed", "recommendation": null },
            { "requirement": "1.2 Risk", "status": "non_compliant", "evidence": null, "recommendation": "Add a risk register" },
        ],
    })
}

#[tokio::test]
async fn results_are_recorded_with_their_raw_json_and_listed() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let other = a_document(&app, &owner, "other.pdf").await;
    let path = format!("{}/documents/{doc}/compliance-results", org(&owner));

    let created = app
        .send_as(
            &owner,
            Method::POST,
            &path,
            &result_body("NSQHS-1", "partially_compliant", 72.5),
        )
        .await;
    assert_eq!(created.status(), 201);
    let result: serde_json::Value = created.json().await.unwrap();
    assert_eq!(result["standard"], "NSQHS-1");
    assert_eq!(
        result["findings"][1]["recommendation"],
        "Add a risk register"
    );
    let id = result["id"].as_str().unwrap();

    let raw_path = app.storage_dir.path().join(format!(
        "organizations/{}/compliance-results/{id}.json",
        owner.org_id()
    ));
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(raw_path).unwrap()).unwrap();
    assert_eq!(raw["document_id"], doc);
    assert_eq!(raw["score"], 72.5);

    app.send_as(
        &owner,
        Method::POST,
        &path,
        &result_body("ACQS-3", "compliant", 95.0),
    )
    .await;
    app.send_as(
        &owner,
        Method::POST,
        &format!("{}/documents/{other}/compliance-results", org(&owner)),
        &result_body("NSQHS-1", "non_compliant", 20.0),
    )
    .await;

    let per_document = app.json_as(&owner, &path).await;
    assert_eq!(per_document["total"], 2);
    assert_eq!(
        per_document["items"][0]["standard"], "ACQS-3",
        "newest first"
    );
    let nsqhs = app
        .json_as(
            &owner,
            &format!("{}/compliance-results?standard=nsqhs-1", org(&owner)),
        )
        .await;
    assert_eq!(nsqhs["total"], 2);
    let failing = app
        .json_as(
            &owner,
            &format!("{}/compliance-results?status=non_compliant", org(&owner)),
        )
        .await;
    assert_eq!(failing["items"][0]["document_id"], other);
    let one = app
        .json_as(&owner, &format!("{}/compliance-results/{id}", org(&owner)))
        .await;
    assert_eq!(one["status"], "partially_compliant");
}

#[tokio::test]
async fn bad_results_name_their_fields() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let path = format!("{}/documents/{doc}/compliance-results", org(&owner));
    let response = app
        .send_as(
            &owner,
            Method::POST,
            &path,
            &json!({
                "standard": "nsqhs 1!",
                "status": "compliant",
                "score": 140,
                "findings": [{ "requirement": "", "status": "compliant" }],
            }),
        )
        .await;
    let problem = assert_problem(response, 422, "validation-failed").await;
    for field in ["standard", "score", "findings[0].requirement"] {
        assert!(problem["errors"].get(field).is_some(), "{field}: {problem}");
    }
    let status = app
        .send_as(
            &owner,
            Method::POST,
            &path,
            &json!({ "standard": "X", "status": "great" }),
        )
        .await;
    assert_problem(status, 422, "invalid-body").await;
    let missing_doc = app
        .send_as(
            &owner,
            Method::POST,
            &format!(
                "{}/documents/{}/compliance-results",
                org(&owner),
                uuid::Uuid::new_v4()
            ),
            &result_body("NSQHS-1", "compliant", 1.0),
        )
        .await;
    assert_problem(missing_doc, 404, "document-not-found").await;
    assert_eq!(app.count("SELECT count(*) AS n FROM compliance_results"), 0);
    let folder = app.storage_dir.path().join(format!(
        "organizations/{}/compliance-results",
        owner.org_id()
    ));
    assert_eq!(
        std::fs::read_dir(folder).unwrap().count(),
        1,
        "nothing stored"
    );
}

#[tokio::test]
async fn viewers_read_results_but_do_not_write_them() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, viewer) = app.member_of(&owner.org_id(), "viewer").await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let path = format!("{}/documents/{doc}/compliance-results", org(&owner));
    let denied = app
        .send_as(
            &viewer,
            Method::POST,
            &path,
            &result_body("NSQHS-1", "compliant", 1.0),
        )
        .await;
    assert_problem(denied, 403, "permission-denied").await;
    assert_eq!(app.get_as(&viewer, &path).await.status(), 200);
}

#[tokio::test]
async fn a_compliance_summary_report_is_built_in_the_background() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "=SUM(1,2) policy.pdf").await;
    let path = format!("{}/documents/{doc}/compliance-results", org(&owner));
    app.send_as(
        &owner,
        Method::POST,
        &path,
        &result_body("NSQHS-1", "non_compliant", 40.0),
    )
    .await;
    app.send_as(
        &owner,
        Method::POST,
        &path,
        &result_body("NSQHS-1", "compliant", 88.0),
    )
    .await;

    let requested = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &json!({ "kind": "compliance_summary", "format": "csv" }),
        )
        .await;
    assert_eq!(requested.status(), 202);
    let report: serde_json::Value = requested.json().await.unwrap();
    assert_eq!(report["status"], "pending");
    let id = report["id"].as_str().unwrap().to_owned();
    let early = app
        .get_as(&owner, &format!("{}/reports/{id}/content", org(&owner)))
        .await;
    assert_problem(early, 409, "report-not-ready").await;

    app.run_jobs().await;
    let ready = app
        .json_as(&owner, &format!("{}/reports/{id}", org(&owner)))
        .await;
    assert_eq!(ready["status"], "ready");
    let download = app
        .get_as(&owner, &format!("{}/reports/{id}/content", org(&owner)))
        .await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = download.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "standard,document_id,document_name,status,score,assessed_at"
    );
    assert_eq!(
        lines.len(),
        2,
        "only the latest result per document and standard:\n{csv}"
    );
    assert!(lines[1].contains("compliant,88.0"), "{csv}");
    assert!(
        lines[1].contains("'=SUM(1,2) policy.pdf"),
        "formulas are neutralised: {csv}"
    );
    let listed = app
        .json_as(&owner, &format!("{}/reports", org(&owner)))
        .await;
    assert_eq!(listed["total"], 1);
    let file = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/reports/{id}.csv", owner.org_id()));
    assert!(file.exists());
}

#[tokio::test]
async fn the_audit_log_export_is_for_owners_and_admins() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, member) = app.member_of(&owner.org_id(), "member").await;
    let body = json!({ "kind": "audit_log", "format": "csv" });
    let denied = app
        .send_as(
            &member,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &body,
        )
        .await;
    assert_problem(denied, 403, "permission-denied").await;
    let summary = app
        .send_as(
            &member,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &json!({ "kind": "compliance_summary", "format": "csv" }),
        )
        .await;
    assert_eq!(summary.status(), 202, "members may ask for a summary");

    let requested: serde_json::Value = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &body,
        )
        .await
        .json()
        .await
        .unwrap();
    app.run_jobs().await;
    let csv = app
        .get_as(
            &owner,
            &format!(
                "{}/reports/{}/content",
                org(&owner),
                requested["id"].as_str().unwrap()
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("seq,created_at,actor_type,actor,actor_email,action"));
    assert!(csv.contains("organization.created"));
    assert!(csv.contains("report.requested"));
    let bad = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &json!({ "kind": "audit_log", "format": "pdf" }),
        )
        .await;
    assert_problem(bad, 422, "invalid-body").await;
}

/// Stored findings that do not decode are an error when read, never an empty list.
#[tokio::test]
async fn findings_that_do_not_decode_are_an_error_not_an_empty_list() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let document = a_document(&app, &owner, "Policy.pdf").await;
    let recorded: serde_json::Value = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/documents/{document}/compliance-results", org(&owner)),
            &json!({ "standard": "NSQHS-1", "status": "compliant", "score": 90,
                "findings": [{ "requirement": "1.10", "status": "compliant" }] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!(
        "{}/compliance-results/{}",
        org(&owner),
        recorded["id"].as_str().unwrap()
    );
    let read: serde_json::Value = app.json_as(&owner, &path).await;
    assert_eq!(read["findings"][0]["requirement"], "1.10");
    app.sql("UPDATE compliance_results SET findings = '{\"not\": \"a list\"}'");
    assert_eq!(app.get_as(&owner, &path).await.status(), 500);
}
