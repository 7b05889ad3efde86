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

/// utoipa keys schemas by type name, so two `ToSchema` types with one name silently replace
/// each other in the document (and an operation points at the wrong body).
#[test]
fn no_two_schemas_share_a_name() {
    fn walk(dir: &std::path::Path, names: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                let mut pending = false;
                let mut renamed: Option<String> = None;
                for line in source.lines().map(str::trim) {
                    if line.starts_with("#[derive(") && line.contains("ToSchema") {
                        pending = true;
                    } else if let Some(rest) = line.strip_prefix("#[schema(as = ") {
                        renamed = rest.split(')').next().map(str::to_owned);
                    } else if pending
                        && let Some(name) = ["pub struct ", "pub enum ", "struct ", "enum "]
                            .iter()
                            .find_map(|p| line.strip_prefix(p))
                    {
                        let name: String = name
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        names.push((renamed.take().unwrap_or(name), path.display().to_string()));
                        pending = false;
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    let api = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    walk(&api.join("src"), &mut names);
    walk(&api.join("../crates/core/src"), &mut names);
    assert!(names.len() > 50, "found only {} schemas", names.len());
    names.sort();
    for pair in names.windows(2) {
        assert_ne!(pair[0].0, pair[1].0, "{} and {}", pair[0].1, pair[1].1);
    }
    // Problem codes are one closed enum, so clients' generated types hold the union.
    assert_eq!(
        doc_problem_code_ref(),
        "#/components/schemas/ProblemCode",
        "Problem.code is the ProblemCode enum"
    );
    // And the token endpoint reads the OAuth form, not an email link's token.
    let doc = serde_json::to_value(vigil::openapi::document()).unwrap();
    let token = &doc["components"]["schemas"]["TokenRequest"]["properties"];
    assert!(token.get("grant_type").is_some(), "{token}");
}

/// Every JSON operation documents the answers its body can get, and every operation the
/// answers its access and the database can give.
#[test]
fn failures_common_to_a_kind_of_operation_are_documented() {
    let doc = serde_json::to_value(vigil::openapi::document()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = &op["responses"];
            let id = op["operationId"].as_str().unwrap();
            if op["requestBody"]["content"]
                .get("application/json")
                .is_some()
            {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.get(status).is_some(), "{method} {path}: {status}");
                }
            }
            if op["x-vigil-access"]["kind"] == "organization" {
                for status in ["401", "403", "404"] {
                    assert!(responses.get(status).is_some(), "{method} {path}: {status}");
                }
            }
            if id != "get_liveness" {
                assert!(responses.get("503").is_some(), "{method} {path}: 503");
            }
        }
    }
}

fn doc_problem_code_ref() -> String {
    let doc = serde_json::to_value(vigil::openapi::document()).unwrap();
    doc["components"]["schemas"]["Problem"]["properties"]["code"]["$ref"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
