//! Documents: upload typed by content, download, listing, deletion, roles, bad input,
//! consistency between rows and files, malware scanning, and the orphan sweeper.

use reqwest::Method;
use sha2::{Digest, Sha256};
use vigil_core::documents::DocumentKind;

use crate::helpers::responses::{AuditEventList, Document, Page};
use crate::helpers::{
    Caller, TestApp, TestSession, assert_problem, expect_problem, required_env, samples,
};

fn docs(session: &TestSession) -> String {
    format!("/api/v1/organizations/{}/documents", session.org_id())
}

/// Files left in a staging folder.
fn staged_uploads(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

async fn every_type_round_trips(app: &TestApp) {
    let (_, owner) = app.signed_up_owner().await;
    let caller = Caller::User(owner.clone());
    for (name, bytes, kind) in [
        ("policy.pdf", samples::pdf(), DocumentKind::Pdf),
        ("procedures.docx", samples::docx(), DocumentKind::Docx),
        ("register.xlsx", samples::xlsx(), DocumentKind::Xlsx),
        ("register.csv", samples::csv(), DocumentKind::Csv),
        ("notes.txt", samples::txt(), DocumentKind::Txt),
        ("scan.png", samples::png(), DocumentKind::Png),
        ("photo.jpg", samples::jpeg(), DocumentKind::Jpeg),
    ] {
        let document = app
            .uploaded(&caller, &owner.org_id(), name, bytes.clone())
            .await;
        assert_eq!(document.kind, kind, "{name}");
        assert_eq!(document.name, name);
        assert_eq!(document.size_bytes, i64::try_from(bytes.len()).unwrap());
        assert_eq!(document.sha256, hex::encode(Sha256::digest(&bytes)));
        assert_eq!(document.uploaded_by_user, Some(owner.user_uuid()));

        let id = document.id;
        let download = app
            .get_as(&owner, &format!("{}/{id}/content", docs(&owner)))
            .await;
        assert_eq!(download.status(), 200);
        let disposition = download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains(name), "{disposition}");
        assert_eq!(download.headers()["x-content-type-options"], "nosniff");
        assert_eq!(download.bytes().await.unwrap().to_vec(), bytes, "{name}");
    }
}

#[tokio::test]
async fn every_accepted_type_round_trips_on_local_disk() {
    let app = TestApp::spawn().await;
    every_type_round_trips(&app).await;
}

#[tokio::test]
async fn every_accepted_type_round_trips_on_azurite() {
    let app = TestApp::spawn_with(|config| config.storage = crate::storage::azurite_config()).await;
    every_type_round_trips(&app).await;
}

#[tokio::test]
async fn names_are_sanitised_and_never_used_as_storage_keys() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let caller = Caller::User(owner.clone());
    for hostile in [
        "../../../etc/passwd.txt",
        "/abs/olute.txt",
        "C:\\Users\\me\\policy.txt",
        "ünïcødé 文件.txt",
        &format!("{}.txt", "x".repeat(400)),
    ] {
        let document = app
            .uploaded(&caller, &owner.org_id(), hostile, samples::txt())
            .await;
        let name = document.name.as_str();
        assert!(
            !name.contains('/') && !name.chars().any(char::is_control),
            "{name}"
        );
        assert!(name.chars().count() <= 255);
    }
    // Keys are the document ids, under the organisation's documents folder.
    let folder = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/documents", owner.org_id()));
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f != ".keep")
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for file in files {
        assert!(uuid::Uuid::parse_str(&file).is_ok(), "{file}");
    }
    assert!(!app.storage_dir.path().join("etc").exists());
}

#[tokio::test]
async fn the_same_file_in_two_organisations_is_two_blobs() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    let a = app
        .uploaded(
            &Caller::User(alpha.clone()),
            &alpha.org_id(),
            "same.pdf",
            samples::pdf(),
        )
        .await;
    let b = app
        .uploaded(
            &Caller::User(beta.clone()),
            &beta.org_id(),
            "same.pdf",
            samples::pdf(),
        )
        .await;
    assert_eq!(a.sha256, b.sha256);
    for (session, doc) in [(&alpha, &a), (&beta, &b)] {
        let path = app.storage_dir.path().join(format!(
            "organizations/{}/documents/{}",
            session.org_id(),
            doc.id
        ));
        assert!(path.exists(), "{path:?}");
    }
}

#[tokio::test]
async fn documents_are_listed_searched_filtered_and_sorted() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let caller = Caller::User(owner.clone());
    for (name, bytes) in [
        ("Infection control.pdf", samples::pdf()),
        ("Hand hygiene audit.csv", samples::csv()),
        ("Medication policy.pdf", samples::pdf()),
        ("Staff photo.png", samples::png()),
    ] {
        app.uploaded(&caller, &owner.org_id(), name, bytes).await;
    }
    let (app, owner) = (&app, &owner);
    let list = |query: &str| {
        let path = format!("{}{query}", docs(owner));
        async move { app.read_as::<Page<Document>>(owner, &path).await }
    };
    let all = list("").await;
    assert_eq!(all.total, 4);
    assert_eq!(all.items[0].name, "Staff photo.png", "newest first");

    let pdfs = list("?kind=pdf&sort=name").await;
    let names: Vec<&str> = pdfs.items.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Infection control.pdf", "Medication policy.pdf"]);
    let search = list("?q=HYGIENE").await;
    assert_eq!(search.total, 1);
    let page = list("?limit=3&offset=3").await;
    assert_eq!((page.items.len(), page.total), (1, 4));
    // A page past the end has no row to carry the total: it is still the whole count.
    let past_end = list("?limit=3&offset=10").await;
    assert_eq!((past_end.items.len(), past_end.total), (0, 4));
    let searched_past_end = list("?q=policy&offset=5").await;
    assert_eq!(
        (searched_past_end.items.len(), searched_past_end.total),
        (0, 1)
    );
    let future = list("?from=2999-01-01T00:00:00Z").await;
    assert_eq!(future.total, 0);
    let by_size = list("?sort=-size").await;
    let sizes: Vec<i64> = by_size.items.iter().map(|d| d.size_bytes).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    for bad in ["?sort=owner", "?limit=0", "?kind=exe"] {
        assert_eq!(
            app.get_as(owner, &format!("{}{bad}", docs(owner)))
                .await
                .status(),
            400,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn viewing_downloading_uploading_and_deleting_are_audited() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = app
        .uploaded(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "a.pdf",
            samples::pdf(),
        )
        .await;
    let id = doc.id;
    app.get_as(&owner, &format!("{}/{id}", docs(&owner))).await;
    app.get_as(&owner, &format!("{}/{id}/content", docs(&owner)))
        .await;
    app.as_user(&owner, Method::DELETE, &format!("{}/{id}", docs(&owner)))
        .send()
        .await
        .unwrap();
    let events: AuditEventList = app
        .read_as(
            &owner,
            &format!(
                "/api/v1/organizations/{}/audit-events?action=document.",
                owner.org_id()
            ),
        )
        .await;
    let actions: Vec<&str> = events.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "document.deleted",
            "document.downloaded",
            "document.viewed",
            "document.uploaded"
        ]
    );
    assert!(
        events.items.iter().all(|e| {
            e.target_id == Some(id.to_string()) && e.actor_id == Some(owner.user_uuid())
        })
    );
}

#[tokio::test]
async fn viewers_read_only_and_members_write() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let (_, viewer) = app.member_of(&org, "viewer").await;
    let (_, member) = app.member_of(&org, "member").await;
    let doc = app
        .uploaded(
            &Caller::User(member.clone()),
            &org,
            "by member.pdf",
            samples::pdf(),
        )
        .await;
    let id = doc.id;

    let upload = app
        .upload(&Caller::User(viewer.clone()), &org, "x.pdf", samples::pdf())
        .await;
    assert_problem(upload, 403, "permission-denied").await;
    let delete = app
        .as_user(
            &viewer,
            Method::DELETE,
            &format!("/api/v1/organizations/{org}/documents/{id}"),
        )
        .send()
        .await
        .unwrap();
    assert_problem(delete, 403, "permission-denied").await;
    assert_eq!(
        app.get_as(
            &viewer,
            &format!("/api/v1/organizations/{org}/documents/{id}/content")
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.read_as::<Page<Document>>(&viewer, &format!("/api/v1/organizations/{org}/documents"))
            .await
            .total,
        1
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_and_nothing_is_stored() {
    // A staging folder of its own: other tests upload at the same time.
    let staging = tempfile::tempdir().unwrap();
    let staging_path = staging.path().to_owned();
    let app = TestApp::spawn_with(|config| {
        config.documents.max_bytes = 64 * 1024;
        config.documents.staging_dir = Some(staging_path);
    })
    .await;
    let (_, owner) = app.signed_up_owner().await;
    let caller = Caller::User(owner.clone());
    let org = owner.org_id();

    let big = app
        .upload(&caller, &org, "big.txt", vec![b'a'; 64 * 1024 + 1])
        .await;
    assert_problem(big, 413, "payload-too-large").await;
    let empty = app.upload(&caller, &org, "empty.pdf", Vec::new()).await;
    assert_problem(empty, 422, "empty-file").await;
    for (name, bytes) in [
        (
            "program.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec(),
        ),
        (
            "animation.png",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec(),
        ),
        ("archive.docx", {
            let mut zip = std::io::Cursor::new(Vec::new());
            let mut writer = zip::ZipWriter::new(&mut zip);
            writer
                .start_file("readme.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut writer, b"not office").unwrap();
            writer.finish().unwrap();
            zip.into_inner()
        }),
    ] {
        let response = app.upload(&caller, &org, name, bytes).await;
        let problem = expect_problem(response, 422, "unsupported-document-type").await;
        assert!(problem.errors.contains_key("file"), "{name}");
    }
    let missing = app
        .as_user(&owner, Method::POST, &docs(&owner))
        .multipart(reqwest::multipart::Form::new().text("other", "x"))
        .send()
        .await
        .unwrap();
    assert_problem(missing, 422, "file-missing").await;
    let not_multipart = app
        .send_as(
            &owner,
            Method::POST,
            &docs(&owner),
            &serde_json::json!({ "file": "x" }),
        )
        .await;
    assert_problem(not_multipart, 415, "unsupported-media-type").await;
    // A body cut off in the middle of the file part.
    let truncated = app
        .as_user(&owner, Method::POST, &docs(&owner))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello wor")
        .send()
        .await
        .unwrap();
    assert_problem(truncated, 400, "malformed-multipart").await;

    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 0);
    let folder = app
        .storage_dir
        .path()
        .join(format!("organizations/{org}/documents"));
    assert_eq!(
        std::fs::read_dir(folder).unwrap().count(),
        1,
        "only the folder marker"
    );
    assert_eq!(
        staged_uploads(staging.path()),
        0,
        "staged files are removed"
    );
}

#[tokio::test]
async fn storage_down_means_503_and_no_row() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let root = app.storage_dir.path();
    std::fs::remove_dir_all(root).unwrap();
    std::fs::write(root, b"not a folder").unwrap();
    let response = app
        .upload(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "a.pdf",
            samples::pdf(),
        )
        .await;
    assert_problem(response, 503, "storage-unavailable").await;
    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 0);
    std::fs::remove_file(root).unwrap();
    std::fs::create_dir(root).unwrap();
}

#[tokio::test]
async fn a_database_error_after_the_blob_is_written_leaves_no_blob() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    app.sql("REVOKE INSERT ON documents FROM vigil_app");
    let response = app
        .upload(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "a.pdf",
            samples::pdf(),
        )
        .await;
    assert_problem(response, 500, "internal-error").await;
    let folder = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/documents", owner.org_id()));
    assert_eq!(
        std::fs::read_dir(folder).unwrap().count(),
        1,
        "the blob was removed again"
    );
}

#[tokio::test]
async fn deleting_removes_the_row_the_file_and_its_results() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = app
        .uploaded(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "a.pdf",
            samples::pdf(),
        )
        .await;
    let id = doc.id;
    let result = app
        .send_as(
            &owner,
            Method::POST,
            &format!("{}/{id}/compliance-results", docs(&owner)),
            &serde_json::json!({ "standard": "NSQHS-1", "status": "compliant", "score": 90 }),
        )
        .await;
    assert_eq!(result.status(), 201);
    let deleted = app
        .as_user(&owner, Method::DELETE, &format!("{}/{id}", docs(&owner)))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 0);
    assert_eq!(app.count("SELECT count(*) AS n FROM compliance_results"), 0);
    for area in ["documents", "compliance-results"] {
        let folder = app
            .storage_dir
            .path()
            .join(format!("organizations/{}/{area}", owner.org_id()));
        assert_eq!(
            std::fs::read_dir(folder).unwrap().count(),
            1,
            "{area}: only the marker"
        );
    }
    assert_problem(
        app.get_as(&owner, &format!("{}/{id}", docs(&owner))).await,
        404,
        "document-not-found",
    )
    .await;
}

#[tokio::test]
async fn infected_uploads_are_refused_and_never_stored() {
    let address = required_env("VIGIL_TEST_CLAMAV_ADDRESS");
    let app =
        TestApp::spawn_with(move |config| config.documents.clamav_address = Some(address)).await;
    let (_, owner) = app.signed_up_owner().await;
    let caller = Caller::User(owner.clone());
    let infected = app
        .upload(&caller, &owner.org_id(), "invoice.txt", samples::eicar())
        .await;
    let problem = expect_problem(infected, 422, "malware-detected").await;
    assert!(problem.error("file").contains("not stored"));
    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 0);
    let folder = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/documents", owner.org_id()));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let clean = app
        .upload(&caller, &owner.org_id(), "clean.pdf", samples::pdf())
        .await;
    assert_eq!(clean.status(), 201);
}

#[tokio::test]
async fn an_unavailable_scanner_means_503_and_nothing_stored() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap().to_string();
    drop(closed);
    let app =
        TestApp::spawn_with(move |config| config.documents.clamav_address = Some(address)).await;
    let (_, owner) = app.signed_up_owner().await;
    let response = app
        .upload(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "a.pdf",
            samples::pdf(),
        )
        .await;
    assert_problem(response, 503, "scanner-unavailable").await;
    assert_eq!(app.count("SELECT count(*) AS n FROM documents"), 0);
}

#[tokio::test]
async fn the_sweeper_removes_old_orphans_only() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let doc = app
        .uploaded(
            &Caller::User(owner.clone()),
            &owner.org_id(),
            "kept.pdf",
            samples::pdf(),
        )
        .await;
    let folder = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/documents", owner.org_id()));
    let old_orphan = folder.join("00000000-0000-0000-0000-0000000000aa");
    let new_orphan = folder.join("00000000-0000-0000-0000-0000000000bb");
    std::fs::write(&old_orphan, b"left behind").unwrap();
    std::fs::write(&new_orphan, b"about to get its row").unwrap();
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(48);
    let kept = folder.join(doc.id.to_string());
    for path in [&old_orphan, &kept] {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
    }

    let storage = vigil::storage::Storage::from_config(&app.config.storage).unwrap();
    let removed = vigil::documents::sweeper::sweep(&app.db.pool(2), &storage)
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert!(!old_orphan.exists());
    assert!(new_orphan.exists(), "younger than a day");
    assert!(kept.exists(), "it has a row");
}
