use std::path::PathBuf;

use chrono::TimeZone;
use rusqlite::types::Value;

use super::*;
use crate::legacy::sqlite::{LegacyDb, RawDocument, RawResult, RawUser};
use vigil::documents::kinds::DocumentKind;

fn t(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn timestamps_in_the_formats_the_mvp_wrote() {
    let expected = Utc.with_ymd_and_hms(2024, 3, 5, 9, 14, 22).unwrap();
    for raw in [
        "2024-03-05 09:14:22",
        "2024-03-05T09:14:22",
        "2024-03-05T09:14:22Z",
        "2024-03-05T19:14:22+10:00",
        "2024-03-05 09:14:22+00:00",
        " 2024-03-05 09:14:22.000 ",
    ] {
        assert_eq!(parse_time(&t(raw), "at"), Ok(expected), "{raw}");
    }
    assert_eq!(
        parse_time(&Value::Integer(expected.timestamp()), "at"),
        Ok(expected)
    );
    assert_eq!(
        parse_time(&t("2024-03-05"), "at"),
        Ok(Utc.with_ymd_and_hms(2024, 3, 5, 0, 0, 0).unwrap())
    );
    for bad in ["yesterday", "05/03/2024", "2024-13-01", ""] {
        let error = parse_time(&t(bad), "checked_at").unwrap_err();
        assert!(error.starts_with("checked_at"), "{error}");
    }
    assert_eq!(
        parse_time(&Value::Null, "created_at").unwrap_err(),
        "created_at is missing"
    );
    assert!(
        parse_time(&Value::Integer(0), "at")
            .unwrap_err()
            .contains("between 1990 and 2100")
    );
}

#[test]
fn statuses_map_onto_vigils() {
    use ComplianceStatus::*;
    for (raw, status) in [
        ("pass", Compliant),
        ("PASSED", Compliant),
        ("compliant", Compliant),
        ("Partial", PartiallyCompliant),
        ("partially compliant", PartiallyCompliant),
        ("fail", NonCompliant),
        ("non-compliant", NonCompliant),
        ("pending", NotAssessed),
        ("not_assessed", NotAssessed),
    ] {
        assert_eq!(parse_status(raw), Some(status), "{raw}");
    }
    for raw in ["maybe", "", "n/a", "ok"] {
        assert_eq!(parse_status(raw), None, "{raw}");
    }
}

#[test]
fn standards_are_normalised_to_vigils_codes() {
    assert_eq!(parse_standard("nsqhs 1").unwrap(), "NSQHS-1");
    assert_eq!(parse_standard(" ACQS-3 ").unwrap(), "ACQS-3");
    assert_eq!(parse_standard("iso_9001.2015").unwrap(), "ISO_9001.2015");
    for bad in ["", "-leading", "NSQHS/1", &"X".repeat(51), "é1"] {
        assert!(parse_standard(bad).is_err(), "{bad}");
    }
}

#[test]
fn names_split_into_first_and_last() {
    let email = Email::parse("jane.citizen@example.org").unwrap();
    let split = |n: &str| {
        split_name(n, &email).map(|(f, l)| (f.as_str().to_owned(), l.as_str().to_owned()))
    };
    assert_eq!(split("Jane Citizen"), Ok(("Jane".into(), "Citizen".into())));
    assert_eq!(
        split("  Mary  Ann Smith "),
        Ok(("Mary".into(), "Ann Smith".into()))
    );
    assert_eq!(split("Cher"), Ok(("Cher".into(), "-".into())));
    assert_eq!(split(""), Ok(("jane.citizen".into(), "-".into())));
    assert!(split("A\u{7}B C").is_err());
    assert!(split(&format!("A {}", "b".repeat(101))).is_err());
}

#[test]
fn findings_from_json_or_plain_text() {
    use ComplianceStatus::*;
    let json = t(
        r#"[{"requirement": "1.10 Risk", "status": "fail", "evidence": "none"},
            {"requirement": "1.11", "recommendation": "Review yearly", "extra": 1}]"#,
    );
    let findings = parse_findings(&json, "NSQHS-1", PartiallyCompliant).unwrap();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0].status, NonCompliant);
    assert_eq!(findings[0].evidence.as_deref(), Some("none"));
    assert_eq!(findings[1].status, PartiallyCompliant);
    assert_eq!(findings[1].recommendation.as_deref(), Some("Review yearly"));

    let note = parse_findings(&t("Hand hygiene audit overdue"), "NSQHS-3", NonCompliant).unwrap();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].requirement, "NSQHS-3");
    assert_eq!(
        note[0].evidence.as_deref(),
        Some("Hand hygiene audit overdue")
    );

    assert!(
        parse_findings(&Value::Null, "X", Compliant)
            .unwrap()
            .is_empty()
    );
    assert!(parse_findings(&t("[]"), "X", Compliant).unwrap().is_empty());
    assert!(
        parse_findings(&t("[{\"requirement\": 1"), "X", Compliant)
            .unwrap_err()
            .contains("not a JSON array")
    );
    assert!(
        parse_findings(&t("[{\"evidence\": \"x\"}]"), "X", Compliant)
            .unwrap_err()
            .contains("no requirement")
    );
    assert!(
        parse_findings(
            &t("[{\"requirement\": \"r\", \"status\": \"meh\"}]"),
            "X",
            Compliant
        )
        .unwrap_err()
        .contains("findings[0] status")
    );
}

fn user(id: i64, email: &str) -> RawUser {
    RawUser {
        id: Value::Integer(id),
        email: t(email),
        name: t("Sam Lee"),
        is_admin: Value::Integer(0),
        created_at: t("2024-01-01 10:00:00"),
    }
}

#[test]
fn every_bad_row_is_listed_with_its_id() {
    let db = LegacyDb {
        path: PathBuf::from("mvp.db"),
        instance_id: None,
        users: vec![
            user(1, "jane@example.org"),
            user(2, "JANE@example.org"),
            user(3, "not-an-email"),
            RawUser {
                created_at: t("someday"),
                ..user(4, "sam@example.org")
            },
        ],
        documents: vec![
            RawDocument {
                id: Value::Integer(1),
                user_id: Value::Integer(1),
                title: t("Policy"),
                file_path: t("uploads/p.pdf"),
                uploaded_at: t("2024-01-02"),
            },
            RawDocument {
                id: Value::Integer(2),
                user_id: Value::Integer(99),
                title: t("Orphan"),
                file_path: Value::Null,
                uploaded_at: t("2024-01-02"),
            },
        ],
        results: vec![
            RawResult {
                id: Value::Integer(1),
                document_id: Value::Integer(1),
                standard: t("NSQHS 1"),
                status: t("unknown"),
                score: Value::Real(120.0),
                findings: Value::Null,
                checked_at: t("2024-01-03"),
            },
            RawResult {
                id: Value::Integer(2),
                document_id: Value::Integer(7),
                standard: t("NSQHS-1"),
                status: t("pass"),
                score: Value::Null,
                findings: Value::Null,
                checked_at: t("2024-01-03"),
            },
        ],
    };
    let bad = validate(&db).bad;
    let lines: Vec<String> = bad.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(
        lines[0]
            .starts_with("users id=2: email JANE@example.org is also the address of users id=1")
    );
    assert!(lines[1].starts_with("users id=3: email \"not-an-email\""));
    assert!(lines[2].starts_with("users id=4: created_at \"someday\""));
    assert_eq!(
        lines[3],
        "documents id=2: user_id 99 is not a row of users; file_path is missing"
    );
    assert!(lines[4].starts_with("compliance_results id=1: status \"unknown\" is not one of"));
    assert!(lines[4].contains("score 120 is not between 0 and 100"));
    assert_eq!(
        lines[5],
        "compliance_results id=2: document_id 7 is not a row of documents"
    );
}

#[test]
fn files_must_stay_inside_the_root() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("uploads")).unwrap();
    std::fs::write(root.path().join("uploads/a.txt"), b"hello\n").unwrap();
    std::fs::write(outside.path().join("secret.txt"), b"secret\n").unwrap();
    assert!(resolve("uploads/a.txt", root.path()).is_ok());
    let absolute = root.path().join("uploads/a.txt");
    assert!(resolve(absolute.to_str().unwrap(), root.path()).is_ok());
    let escape = format!(
        "../{}/secret.txt",
        outside.path().file_name().unwrap().to_str().unwrap()
    );
    assert!(
        resolve(&escape, root.path())
            .unwrap_err()
            .contains("is outside")
    );
    let secret = outside.path().join("secret.txt");
    assert!(
        resolve(secret.to_str().unwrap(), root.path())
            .unwrap_err()
            .contains("is outside")
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, root.path().join("uploads/link.txt")).unwrap();
        assert!(
            resolve("uploads/link.txt", root.path())
                .unwrap_err()
                .contains("is outside")
        );
    }
    assert!(
        resolve("uploads/missing.pdf", root.path())
            .unwrap_err()
            .contains("does not exist")
    );
    assert!(
        resolve("uploads", root.path())
            .unwrap_err()
            .contains("not a file")
    );
}

#[test]
fn files_are_typed_by_content_and_bounded() {
    let root = tempfile::tempdir().unwrap();
    let doc = |path: &str| Document {
        legacy_id: 1,
        user_id: None,
        title: "Hand hygiene".into(),
        file_path: path.into(),
        uploaded_at: Utc::now(),
    };
    std::fs::write(root.path().join("a.pdf"), b"%PDF-1.7\nhello\n%%EOF\n").unwrap();
    std::fs::write(root.path().join("empty.txt"), b"").unwrap();
    std::fs::write(root.path().join("bin.dat"), [0u8, 1, 2, 3, 0, 9]).unwrap();
    let info = inspect_file(&doc("a.pdf"), root.path(), 1024).unwrap();
    assert_eq!(info.kind, DocumentKind::Pdf);
    assert_eq!(info.size, 21);
    assert_eq!(info.sha256.len(), 64);
    assert_eq!(document_name(&doc("a.pdf"), info.kind), "Hand hygiene.pdf");
    assert!(
        inspect_file(&doc("a.pdf"), root.path(), 10)
            .unwrap_err()
            .contains("larger than")
    );
    assert!(
        inspect_file(&doc("empty.txt"), root.path(), 10)
            .unwrap_err()
            .contains("is empty")
    );
    assert!(
        inspect_file(&doc("bin.dat"), root.path(), 1024)
            .unwrap_err()
            .contains("not a type Vigil keeps")
    );
}

#[test]
fn names_keep_their_extension_once() {
    let doc = |title: &str| Document {
        legacy_id: 1,
        user_id: None,
        title: title.into(),
        file_path: "uploads/20240101_scan.JPG".into(),
        uploaded_at: Utc::now(),
    };
    assert_eq!(
        document_name(&doc("Scan.jpeg"), DocumentKind::Jpeg),
        "Scan.jpeg"
    );
    assert_eq!(document_name(&doc("Scan"), DocumentKind::Jpeg), "Scan.jpg");
    assert_eq!(
        document_name(&doc("  "), DocumentKind::Jpeg),
        "20240101_scan.JPG"
    );
    assert_eq!(
        document_name(&doc(&"x".repeat(300)), DocumentKind::Pdf)
            .chars()
            .count(),
        255
    );
    assert_eq!(human_bytes(1_234_567), "1.2 MB");
    assert_eq!(human_bytes(999), "999 bytes");
}
