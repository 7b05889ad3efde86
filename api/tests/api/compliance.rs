//! Compliance results and reports.

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;
use vigil_core::compliance::ComplianceStatus;

use crate::helpers::responses::{
    AuditEventList, Changes, ComplianceResult, ComplianceSummary, Dashboard, FieldChange, Items,
    Page, Report, Standard, StatusCounts,
};
use crate::helpers::{
    Caller, TestApp, TestSession, assert_problem, expect_body, expect_problem, expect_text, samples,
};

fn org(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}", session.org_id())
}

async fn a_document(app: &TestApp, owner: &TestSession, name: &str) -> Uuid {
    app.uploaded(
        &Caller::User(owner.clone()),
        &owner.org_id(),
        name,
        samples::pdf(),
    )
    .await
    .id
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
    let result: ComplianceResult = expect_body(created, 201).await;
    assert_eq!(result.standard, "NSQHS-1");
    assert_eq!(
        result.findings[1].recommendation.as_deref(),
        Some("Add a risk register")
    );
    let id = result.id;

    let raw_path = app.storage_dir.path().join(format!(
        "organizations/{}/compliance-results/{id}.json",
        owner.org_id()
    ));
    // The stored file, read as the raw JSON it was written as.
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(raw_path).unwrap()).unwrap();
    assert_eq!(raw["document_id"], doc.to_string());
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

    let per_document: Page<ComplianceResult> = app.read_as(&owner, &path).await;
    assert_eq!(per_document.total, 2);
    assert_eq!(per_document.items[0].standard, "ACQS-3", "newest first");
    let nsqhs: Page<ComplianceResult> = app
        .read_as(
            &owner,
            &format!("{}/compliance-results?standard=nsqhs-1", org(&owner)),
        )
        .await;
    assert_eq!(nsqhs.total, 2);
    let failing: Page<ComplianceResult> = app
        .read_as(
            &owner,
            &format!("{}/compliance-results?status=non_compliant", org(&owner)),
        )
        .await;
    assert_eq!(failing.items[0].document_id, other);
    let one: ComplianceResult = app
        .read_as(&owner, &format!("{}/compliance-results/{id}", org(&owner)))
        .await;
    assert_eq!(one.status, ComplianceStatus::PartiallyCompliant);
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
    let problem = expect_problem(response, 422, "validation-failed").await;
    for field in ["standard", "score", "findings[0].requirement"] {
        assert!(problem.errors.contains_key(field), "{field}: {problem:?}");
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
                Uuid::new_v4()
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
    let report: Report = expect_body(requested, 202).await;
    assert_eq!(report.status, "pending");
    let id = report.id;
    let early = app
        .get_as(&owner, &format!("{}/reports/{id}/content", org(&owner)))
        .await;
    assert_problem(early, 409, "report-not-ready").await;

    app.run_jobs().await;
    let ready: Report = app
        .read_as(&owner, &format!("{}/reports/{id}", org(&owner)))
        .await;
    assert_eq!(ready.status, "ready");
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
    let listed: Page<Report> = app
        .read_as(&owner, &format!("{}/reports", org(&owner)))
        .await;
    assert_eq!(listed.total, 1);
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

    let requested: Report = expect_body(
        app.send_as(
            &owner,
            Method::POST,
            &format!("{}/reports", org(&owner)),
            &body,
        )
        .await,
        202,
    )
    .await;
    app.run_jobs().await;
    let csv = app
        .get_as(
            &owner,
            &format!("{}/reports/{}/content", org(&owner), requested.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("seq,created_at,actor_type,actor,actor_email,action"));
    assert!(csv.contains("organization.created"));
    assert!(csv.contains("report.requested"));
    // The total counts what the caller may see, on a page past the end too.
    for (session, query, total, items) in [
        (&owner, "", 2, 2),
        (&owner, "?offset=5", 2, 0),
        (&member, "", 1, 1),
        (&member, "?offset=5", 1, 0),
    ] {
        let listed: Page<Report> = app
            .read_as(session, &format!("{}/reports{query}", org(&owner)))
            .await;
        assert_eq!(
            (listed.total, listed.items.len()),
            (total, items),
            "{query}"
        );
    }
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
    let recorded: ComplianceResult = expect_body(
        app.send_as(
            &owner,
            Method::POST,
            &format!("{}/documents/{document}/compliance-results", org(&owner)),
            &json!({ "standard": "NSQHS-1", "status": "compliant", "score": 90,
                "findings": [{ "requirement": "1.10", "status": "compliant" }] }),
        )
        .await,
        201,
    )
    .await;
    let path = format!("{}/compliance-results/{}", org(&owner), recorded.id);
    let read: ComplianceResult = app.read_as(&owner, &path).await;
    assert_eq!(read.findings[0].requirement, "1.10");
    app.sql("UPDATE compliance_results SET findings = '{\"not\": \"a list\"}'");
    assert_eq!(app.get_as(&owner, &path).await.status(), 500);
}

fn result_path(owner: &TestSession, id: Uuid) -> String {
    format!("{}/compliance-results/{id}", org(owner))
}

/// Records a result on `doc` (in `owner`'s organisation) as `session`.
async fn recorded_by(
    app: &TestApp,
    session: &TestSession,
    owner: &TestSession,
    doc: Uuid,
    body: serde_json::Value,
) -> ComplianceResult {
    let response = app
        .send_as(
            session,
            Method::POST,
            &format!("{}/documents/{doc}/compliance-results", org(owner)),
            &body,
        )
        .await;
    expect_body(response, 201).await
}

async fn recorded(
    app: &TestApp,
    owner: &TestSession,
    doc: Uuid,
    body: serde_json::Value,
) -> ComplianceResult {
    recorded_by(app, owner, owner, doc, body).await
}

/// A date `days` from today in UTC (the test organisation's time zone is Australian, so a week
/// either way is safely past or future there).
fn day(days: i64) -> NaiveDate {
    chrono::Utc::now().date_naive() + chrono::Duration::days(days)
}

#[tokio::test]
async fn staff_record_a_result_with_its_requirement_notes_reviewer_and_review_date() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, member) = app.member_of(&owner.org_id(), "member").await;
    let doc = a_document(&app, &owner, "Infection control.pdf").await;

    let result = recorded_by(
        &app,
        &member,
        &owner,
        doc,
        json!({
            "standard": "NSQHS-3",
            "status": "partially_compliant",
            "score": 64,
            "requirement": "  3.10 Hand hygiene  ",
            "notes": "Audit the ward sinks.\nRetrain casual staff.",
            "reviewer_id": owner.user_id(),
            "review_due_on": day(30),
        }),
    )
    .await;
    assert_eq!(
        result.standard_name.as_deref(),
        Some("NSQHS Standard 3 — Preventing and Controlling Infections")
    );
    assert_eq!(
        result.requirement.as_deref(),
        Some("3.10 Hand hygiene"),
        "trimmed"
    );
    assert_eq!(
        result.notes.as_deref(),
        Some("Audit the ward sinks.\nRetrain casual staff.")
    );
    assert_eq!(result.reviewer_id, Some(owner.user_uuid()));
    assert_eq!(result.review_due_on, Some(day(30)));
    assert!(!result.overdue);
    assert!(result.updated_at.is_none());
    assert_eq!(result.created_by_user, Some(member.user_uuid()));

    // An engine's own code is kept, without a name; the new fields stay optional.
    let engine = recorded(
        &app,
        &owner,
        doc,
        json!({ "standard": "ENGINE-X", "status": "compliant" }),
    )
    .await;
    assert!(engine.standard_name.is_none());
    assert!(engine.requirement.is_none() && engine.review_due_on.is_none());

    let catalogue: Items<Standard> = app
        .read_as(&member, &format!("{}/compliance-standards", org(&owner)))
        .await;
    let nsqhs3 = catalogue
        .items
        .iter()
        .find(|s| s.code == "NSQHS-3")
        .unwrap();
    assert_eq!(Some(&nsqhs3.name), result.standard_name.as_ref());
}

#[tokio::test]
async fn a_result_is_edited_and_the_change_is_audited() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, admin) = app.member_of(&owner.org_id(), "admin").await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let result = recorded(
        &app,
        &owner,
        doc,
        json!({ "standard": "NSQHS-1", "status": "non_compliant", "score": 30,
                "notes": "Missing sign-off", "review_due_on": day(-3) }),
    )
    .await;
    assert!(result.overdue);
    let id = result.id;

    let edited = app
        .send_as(
            &admin,
            Method::PATCH,
            &result_path(&owner, id),
            &json!({
                "status": "compliant",
                "score": 92.5,
                "requirement": "1.7 Policies and procedures",
                "reviewer_id": admin.user_id(),
                "review_due_on": day(60),
                "notes": null,
            }),
        )
        .await;
    let edited: ComplianceResult = expect_body(edited, 200).await;
    assert_eq!(edited.status, ComplianceStatus::Compliant);
    assert_eq!(edited.score, Some(92.5));
    assert_eq!(edited.standard, "NSQHS-1", "absent fields stay");
    assert!(edited.notes.is_none(), "null clears");
    assert!(!edited.overdue);
    assert!(edited.updated_at.is_some());
    let reread: ComplianceResult = app.read_as(&owner, &result_path(&owner, id)).await;
    assert_eq!(
        reread.requirement.as_deref(),
        Some("1.7 Policies and procedures")
    );

    let raw_events = expect_text(
        app.get_as(
            &owner,
            &format!(
                "{}/audit-events?action=compliance_result.updated",
                org(&owner)
            ),
        )
        .await,
        200,
    )
    .await;
    let events: AuditEventList = crate::helpers::decode(&raw_events);
    let event = &events.items[0];
    assert_eq!(event.target_id, Some(id.to_string()), "{events:?}");
    let changes = event.details_as::<Changes>().changes;
    assert_eq!(
        changes.get("status"),
        Some(&FieldChange::Values {
            before: json!("non_compliant"),
            after: json!("compliant"),
        })
    );
    assert_eq!(
        changes.get("notes"),
        Some(&FieldChange::Redacted { changed: true })
    );
    assert!(
        !changes.contains_key("standard"),
        "only what changed: {event:?}"
    );
    // The raw answer: the notes appear nowhere in it.
    assert!(
        !raw_events.contains("Missing sign-off"),
        "notes stay out of the audit log"
    );

    // An empty edit changes nothing and records nothing.
    let same = app
        .send_as(&admin, Method::PATCH, &result_path(&owner, id), &json!({}))
        .await;
    assert_eq!(same.status(), 200);
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM audit_events WHERE action = 'compliance_result.updated'"
        ),
        1
    );
}

#[tokio::test]
async fn edits_are_checked_like_new_results_and_name_the_field() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, outsider) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let id = recorded(&app, &owner, doc, result_body("NSQHS-1", "compliant", 80.0))
        .await
        .id;
    let path = result_path(&owner, id);

    for (body, field) in [
        (json!({ "score": 100.5 }), "score"),
        (json!({ "score": -1 }), "score"),
        (json!({ "standard": "nsqhs 3!" }), "standard"),
        (json!({ "requirement": "r".repeat(201) }), "requirement"),
        (json!({ "notes": "n".repeat(5_001) }), "notes"),
        (json!({ "notes": "bell\u{7}" }), "notes"),
        (json!({ "review_due_on": "1999-12-31" }), "review_due_on"),
        (json!({ "review_due_on": "2300-01-01" }), "review_due_on"),
        (json!({ "reviewer_id": outsider.user_id() }), "reviewer_id"),
        (json!({ "reviewer_id": Uuid::new_v4() }), "reviewer_id"),
    ] {
        let response = app.send_as(&owner, Method::PATCH, &path, &body).await;
        let problem = expect_problem(response, 422, "validation-failed").await;
        assert!(problem.errors.contains_key(field), "{body}: {problem:?}");
    }
    // Not a date at all: the body does not parse, and the field is named.
    for bad in ["31/12/2026", "2026-02-30", "tomorrow"] {
        let response = app
            .send_as(
                &owner,
                Method::PATCH,
                &path,
                &json!({ "review_due_on": bad }),
            )
            .await;
        let problem = expect_problem(response, 422, "invalid-body").await;
        assert!(
            problem.errors.contains_key("review_due_on"),
            "{bad}: {problem:?}"
        );
    }
    let unknown = app
        .send_as(&owner, Method::PATCH, &path, &json!({ "findings": [] }))
        .await;
    assert_problem(unknown, 422, "invalid-body").await;
    // The same rules when recording.
    let response = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/documents/{doc}/compliance-results", org(&owner)),
            &json!({ "standard": "NSQHS-1", "status": "compliant",
                     "reviewer_id": outsider.user_id(), "review_due_on": "1900-01-01" }),
        )
        .await;
    let problem = expect_problem(response, 422, "validation-failed").await;
    assert!(problem.errors.contains_key("review_due_on"), "{problem:?}");
    let response = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/documents/{doc}/compliance-results", org(&owner)),
            &json!({ "standard": "NSQHS-1", "status": "compliant",
                     "reviewer_id": outsider.user_id() }),
        )
        .await;
    let problem = expect_problem(response, 422, "validation-failed").await;
    assert!(problem.errors.contains_key("reviewer_id"), "{problem:?}");
    assert_eq!(app.count("SELECT count(*) AS n FROM compliance_results"), 1);
    let unchanged: ComplianceResult = app.read_as(&owner, &path).await;
    assert_eq!(unchanged.score, Some(80.0));
    assert!(unchanged.updated_at.is_none());
}

#[tokio::test]
async fn another_organisations_result_or_document_is_not_found_and_viewers_cannot_edit() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, viewer) = app.member_of(&owner.org_id(), "viewer").await;
    let (_, other) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let id = recorded(&app, &owner, doc, result_body("NSQHS-1", "compliant", 80.0))
        .await
        .id;

    // The other organisation's owner, in their own organisation, with our ids.
    let foreign_edit = app
        .send_as(
            &other,
            Method::PATCH,
            &result_path(&other, id),
            &json!({ "score": 1 }),
        )
        .await;
    assert_problem(foreign_edit, 404, "compliance-result-not-found").await;
    let foreign_record = app
        .send_as(
            &other,
            Method::POST,
            &format!("{}/documents/{doc}/compliance-results", org(&other)),
            &result_body("NSQHS-1", "compliant", 1.0),
        )
        .await;
    assert_problem(foreign_record, 404, "document-not-found").await;
    let denied = app
        .send_as(
            &viewer,
            Method::PATCH,
            &result_path(&owner, id),
            &json!({ "score": 1 }),
        )
        .await;
    assert_problem(denied, 403, "permission-denied").await;
    // An engine with only the read scope cannot edit; with the write scope it can.
    let reader = app.bearer(&owner, &["compliance-results:read"]).await;
    let refused = app
        .as_caller(&reader, Method::PATCH, &result_path(&owner, id))
        .json(&json!({ "score": 1 }))
        .send()
        .await
        .unwrap();
    assert_problem(refused, 403, "insufficient-scope").await;
    let engine = app.bearer(&owner, &["compliance-results:write"]).await;
    let corrected = app
        .as_caller(&engine, Method::PATCH, &result_path(&owner, id))
        .json(&json!({ "score": 55 }))
        .send()
        .await
        .unwrap();
    assert_eq!(corrected.status(), 200);
    let reread: ComplianceResult = app.read_as(&owner, &result_path(&owner, id)).await;
    assert_eq!(reread.score, Some(55.0));
}

#[tokio::test]
async fn results_filter_by_overdue_and_sort_by_review_date_score_and_standard() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    let mut ids = std::collections::HashMap::new();
    for (name, standard, score, due) in [
        ("late", "NSQHS-3", Some(40.0), Some(day(-7))),
        ("soon", "ACQS-1", Some(90.0), Some(day(7))),
        ("undated", "NSQHS-1", None, None),
        ("later", "RACGP-5", Some(70.0), Some(day(90))),
    ] {
        let result = recorded(
            &app,
            &owner,
            doc,
            json!({ "standard": standard, "status": "compliant", "score": score,
                    "review_due_on": due }),
        )
        .await;
        ids.insert(result.id, name);
    }
    let names = |list: &Page<ComplianceResult>| -> Vec<&str> {
        list.items.iter().map(|item| ids[&item.id]).collect()
    };
    let (app, owner) = (&app, &owner);
    let list = |query: &str| {
        let path = format!("{}/compliance-results?{query}", org(owner));
        async move { app.read_as::<Page<ComplianceResult>>(owner, &path).await }
    };

    let overdue = list("overdue=true").await;
    assert_eq!((overdue.total, names(&overdue)), (1, vec!["late"]));
    assert!(overdue.items[0].overdue);
    let current = list("overdue=false&sort=review_due_on").await;
    assert_eq!(
        names(&current),
        ["soon", "later", "undated"],
        "no date last"
    );
    assert_eq!(
        names(&list("sort=review_due_on").await),
        ["late", "soon", "later", "undated"]
    );
    assert_eq!(
        names(&list("sort=-review_due_on").await),
        ["later", "soon", "late", "undated"]
    );
    assert_eq!(
        names(&list("sort=-score").await),
        ["soon", "later", "late", "undated"]
    );
    assert_eq!(
        names(&list("sort=standard").await),
        ["soon", "undated", "late", "later"]
    );
    assert_eq!(
        names(&list("sort=created_at&limit=2&offset=1").await),
        ["soon", "undated"]
    );
    assert_eq!(
        names(&list("sort=-created_at").await),
        ["later", "undated", "soon", "late"]
    );
    let paged = list("sort=review_due_on&limit=1&offset=3").await;
    assert_eq!((paged.total, names(&paged)), (4, vec!["undated"]));
    // Past the end no row carries the total; it is still the filter's count.
    let past_end = list("overdue=false&offset=9").await;
    assert_eq!((past_end.total, past_end.items.len()), (3, 0));

    for bad in ["sort=due", "overdue=maybe", "sort=-review_due_on&limit=0"] {
        let response = app
            .get_as(owner, &format!("{}/compliance-results?{bad}", org(owner)))
            .await;
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn the_dashboard_counts_documents_results_by_status_and_overdue_reviews() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let (_, other) = app.signed_up_owner().await;
    let doc = a_document(&app, &owner, "policy.pdf").await;
    a_document(&app, &owner, "roster.pdf").await;
    let dashboard = |session: TestSession| {
        let app = &app;
        async move {
            app.read_as::<Dashboard>(
                &session,
                &format!("/api/v1/organizations/{}/dashboard", session.org_id()),
            )
            .await
            .compliance
        }
    };
    let empty = dashboard(owner.clone()).await;
    assert_eq!(empty.documents, 2);
    assert_eq!(empty.documents_without_results, 2);
    assert_eq!(empty.results, 0);

    for (status, due) in [
        ("non_compliant", Some(day(-2))),
        ("non_compliant", Some(day(3))),
        ("compliant", Some(day(40))),
        ("partially_compliant", None),
    ] {
        recorded(
            &app,
            &owner,
            doc,
            json!({ "standard": "NSQHS-1", "status": status, "review_due_on": due }),
        )
        .await;
    }
    let summary = dashboard(owner.clone()).await;
    assert_eq!(
        summary,
        ComplianceSummary {
            documents: 2,
            documents_without_results: 1,
            results: 4,
            results_by_status: StatusCounts {
                compliant: 1,
                partially_compliant: 1,
                non_compliant: 2,
                not_assessed: 0,
            },
            overdue_reviews: 1,
            reviews_due_soon: 1,
        }
    );
    // Another organisation's dashboard counts none of it.
    let theirs = dashboard(other).await;
    assert_eq!((theirs.documents, theirs.results), (0, 0));
}
