use std::path::PathBuf;

use chrono::{TimeZone, Utc};

use super::*;
use crate::legacy::check::Rows;
use vigil::compliance::ComplianceStatus;
use vigil::documents::kinds::DocumentKind;
use vigil::domain::PersonName;

fn checked_rows() -> Checked {
    let at = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let user = |id: i64, email: &str, admin: bool| User {
        legacy_id: id,
        email: Email::parse(email).unwrap(),
        first_name: PersonName::parse("A", "n").unwrap(),
        last_name: PersonName::parse("B", "n").unwrap(),
        admin,
        created_at: at,
    };
    let document = |id: i64, user_id: i64| Document {
        legacy_id: id,
        user_id: Some(user_id),
        title: format!("Doc {id}"),
        file_path: format!("uploads/{id}.pdf"),
        uploaded_at: at,
    };
    let result = |id: i64, document_id: i64| ComplianceResult {
        legacy_id: id,
        document_id,
        standard: "NSQHS-1".into(),
        status: ComplianceStatus::Compliant,
        score: None,
        findings: Vec::new(),
        checked_at: at,
    };
    Checked {
        rows: Rows {
            users: vec![
                user(1, "owner@example.org", false),
                user(2, "admin@example.org", true),
                user(3, "member@example.org", false),
            ],
            documents: vec![document(1, 1), document(2, 2), document(3, 3)],
            results: vec![result(1, 1), result(2, 2), result(3, 3)],
        },
        ..Checked::default()
    }
}

#[allow(clippy::unnecessary_wraps)] // the file checker's signature
fn pdf(_: &Document) -> Result<FileInfo, String> {
    Ok(FileInfo {
        path: PathBuf::from("/x.pdf"),
        size: 10,
        sha256: "0".repeat(64),
        kind: DocumentKind::Pdf,
    })
}

fn org() -> OrgName {
    OrgName::parse("Harbour View").unwrap()
}

#[test]
fn a_first_import_plans_every_row_with_roles() {
    let owner = Email::parse("OWNER@example.org").unwrap();
    let linked = UserId::new();
    let state = VigilState {
        accounts: HashMap::from([("admin@example.org".to_owned(), linked)]),
        previous: None,
    };
    let plan = build(&checked_rows(), &state, &org(), &owner, "mvp.db", pdf).unwrap();
    assert!(matches!(plan.target, Target::New { .. }));
    assert_eq!(plan.owner.legacy_id, Some(1));
    let roles: Vec<(i64, Role, Option<UserId>)> = plan
        .users
        .iter()
        .map(|u| (u.user.legacy_id, u.role, u.account))
        .collect();
    assert_eq!(
        roles,
        [
            (1, Role::Owner, None),
            (2, Role::Admin, Some(linked)),
            (3, Role::Member, None)
        ]
    );
    assert_eq!(plan.documents[1].uploader, Uploader::Legacy(2));
    assert_eq!(plan.documents[0].name, "Doc 1.pdf");
    assert_eq!(plan.results[2].document_id, plan.documents[2].id);
    assert_eq!(plan.bytes(), 30);
}

#[test]
fn a_re_run_plans_only_rows_not_imported_before() {
    let owner = Email::parse("owner@example.org").unwrap();
    let (owner_id, gone_user, kept_doc, gone_doc) = (
        UserId::new(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let mapped = HashMap::from([
        (("users".to_owned(), 1), owner_id.into_uuid()),
        (("users".to_owned(), 2), gone_user),
        (("documents".to_owned(), 1), kept_doc),
        (("documents".to_owned(), 2), gone_doc),
        (("compliance_results".to_owned(), 1), Uuid::new_v4()),
    ]);
    let previous = PreviousImport {
        org_id: Uuid::new_v4(),
        name: "harbour view".into(),
        deleted: false,
        owner_is_owner: true,
        mapped,
        live_users: HashSet::from([owner_id.into_uuid()]),
        live_documents: HashSet::from([kept_doc]),
    };
    let mut checked = checked_rows();
    // A new document by a user imported before whose account is gone, and a new result
    // for a document imported before.
    checked.rows.documents.push(Document {
        legacy_id: 4,
        user_id: Some(2),
        ..checked.rows.documents[0].clone()
    });
    checked.rows.results.push(ComplianceResult {
        legacy_id: 4,
        document_id: 1,
        ..checked.rows.results[0].clone()
    });
    let state = VigilState {
        accounts: HashMap::from([("owner@example.org".to_owned(), owner_id)]),
        previous: Some(previous),
    };
    let plan = build(&checked, &state, &org(), &owner, "mvp.db", pdf).unwrap();
    assert!(matches!(plan.target, Target::Existing { .. }));
    assert_eq!(
        plan.already,
        AlreadyImported {
            users: 2,
            documents: 2,
            results: 1
        }
    );
    assert_eq!(plan.users.len(), 1);
    assert_eq!(plan.users[0].user.legacy_id, 3);
    let documents: Vec<(i64, Uploader)> = plan
        .documents
        .iter()
        .map(|d| (d.document.legacy_id, d.uploader))
        .collect();
    assert_eq!(documents, [(3, Uploader::Legacy(3)), (4, Uploader::Nobody)]);
    let results: Vec<i64> = plan.results.iter().map(|r| r.result.legacy_id).collect();
    assert_eq!(results, [3, 4]);
    assert_eq!(plan.results[1].document_id, kept_doc);
    // Result 2's document was deleted in Vigil since: left out, with a note.
    assert_eq!(plan.notes.len(), 1);
    assert!(plan.notes[0].starts_with("compliance_results id=2 is left out"));
}

#[test]
fn refusals_name_what_to_do_and_bad_rows_come_first() {
    let stranger = Email::parse("stranger@example.org").unwrap();
    let refused = build(
        &checked_rows(),
        &VigilState::default(),
        &org(),
        &stranger,
        "mvp.db",
        pdf,
    );
    assert!(
        matches!(&refused, Err(PlanError::Refused(m)) if m.contains("neither a user in mvp.db nor a Vigil account")),
        "{refused:?}"
    );

    let mut checked = checked_rows();
    checked.bad.push(BadRow {
        table: "users",
        id: "9".into(),
        problems: vec!["email \"x\" is not a valid email address".into()],
    });
    checked.bad_document_files.push((9, "uploads/9.pdf".into()));
    let missing = |d: &Document| {
        if d.legacy_id == 2 || d.legacy_id == 9 {
            Err(format!("file {} does not exist", d.file_path))
        } else {
            pdf(d)
        }
    };
    let Err(PlanError::BadRows(bad)) = build(
        &checked,
        &VigilState::default(),
        &org(),
        &stranger,
        "mvp.db",
        missing,
    ) else {
        panic!("bad rows expected");
    };
    let lines: Vec<String> = bad.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "users id=9: email \"x\" is not a valid email address",
            "documents id=2: file uploads/2.pdf does not exist",
            "documents id=9: file uploads/9.pdf does not exist",
        ]
    );

    let owner = Email::parse("owner@example.org").unwrap();
    let previous = |name: &str, deleted: bool, owner_is_owner: bool| VigilState {
        accounts: HashMap::new(),
        previous: Some(PreviousImport {
            org_id: Uuid::nil(),
            name: name.into(),
            deleted,
            owner_is_owner,
            ..PreviousImport::default()
        }),
    };
    for (state, expected) in [
        (
            previous("Other Clinic", false, true),
            "run again with --organization \"Other Clinic\"",
        ),
        (previous("Harbour View", true, true), "which is deleted"),
        (
            previous("Harbour View", false, false),
            "owner@example.org is not an owner of \"Harbour View\"",
        ),
    ] {
        match build(&checked_rows(), &state, &org(), &owner, "mvp.db", pdf) {
            Err(PlanError::Refused(message)) => {
                assert!(message.contains(expected), "{message}");
            }
            other => panic!("expected a refusal containing {expected:?}, got {other:?}"),
        }
    }
}
