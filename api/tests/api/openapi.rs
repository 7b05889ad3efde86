//! The committed OpenAPI document is the contract: it must match the code.

use crate::helpers::TestApp;

#[test]
fn committed_openapi_document_and_permission_reference_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let document = vigil::openapi::document();
    for (file, generated) in [
        (
            "openapi/openapi.json",
            vigil::openapi::to_pretty_json(&document).unwrap(),
        ),
        (
            "docs/permissions.md",
            vigil::authz::permissions_markdown(&document),
        ),
    ] {
        let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} is stale: run `cargo run -p vigil -- openapi` and commit it"
        );
    }
}

#[test]
fn every_operation_documents_its_errors_and_has_an_id() {
    let doc: serde_json::Value = serde_json::to_value(vigil::openapi::document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(!paths.is_empty());
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                operation["operationId"].is_string(),
                "{method} {path} has no operationId"
            );
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path} has no tag"
            );
            let has_error = responses
                .keys()
                .any(|status| status.starts_with('4') || status.starts_with('5'));
            assert!(
                has_error || path == "/health/live",
                "{method} {path} documents no error response"
            );
        }
    }
}

#[tokio::test]
async fn the_document_and_swagger_ui_are_served() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(
        served,
        serde_json::to_value(vigil::openapi::document()).unwrap()
    );

    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger-ui"));
    let redirect = app.get("/docs").await;
    assert!(redirect.status().is_redirection());
}

#[test]
fn every_reference_in_the_document_resolves() {
    fn walk(value: &serde_json::Value, doc: &serde_json::Value, at: &str) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(|r| r.as_str()) {
                    let pointer = reference.trim_start_matches('#');
                    assert!(
                        doc.pointer(pointer).is_some(),
                        "{at} refers to {reference}, which the document does not define"
                    );
                }
                for (key, child) in map {
                    walk(child, doc, &format!("{at}/{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, doc, &format!("{at}/{index}"));
                }
            }
            _ => {}
        }
    }
    let doc: serde_json::Value = serde_json::to_value(vigil::openapi::document()).unwrap();
    walk(&doc, &doc, "");
}
