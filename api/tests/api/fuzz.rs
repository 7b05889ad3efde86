//! Hostile text in every input: each operation of the committed OpenAPI document that takes a
//! JSON or form body, query parameters, a file name or a text path parameter gets NUL, control
//! characters, header injection, bidi overrides, SQL and very long strings in every text field
//! at once, as the owner (and anonymously for public operations). Nothing may answer 5xx: what
//! reaches the database is validated first.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::helpers::{Caller, TestApp, samples};

fn hostile() -> Vec<String> {
    vec![
        "\u{0}".into(),
        "jane\u{0}@example.org".into(),
        "\u{7}\u{8}\u{1b}[31m\u{7f}".into(),
        "Jane\r\nBcc: victim@example.org".into(),
        "\u{202e}fdp.exe".into(),
        "'; DROP TABLE users; --".into(),
        "%00%0d%0a".into(),
        "\u{feff}\u{fffe}\u{10ffff}".into(),
        "x".repeat(5_000),
    ]
}

/// The schema a `$ref` points at.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn has_type(schema: &Value, name: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == name,
        Value::Array(types) => types.iter().any(|t| t == name),
        _ => false,
    }
}

/// A value of `schema` with `text` in every string, as deep as objects and arrays go.
fn fill(doc: &Value, schema: &Value, text: &str, depth: usize) -> Option<Value> {
    let schema = resolve(doc, schema);
    if depth > 4 {
        return None;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[key].as_array().and_then(|options| {
            options
                .iter()
                .find_map(|option| fill(doc, option, text, depth + 1))
        }) {
            return Some(first);
        }
    }
    if let Some(properties) = schema["properties"].as_object() {
        let mut object = Map::new();
        for (name, property) in properties {
            if let Some(value) = fill(doc, property, text, depth + 1) {
                object.insert(name.clone(), value);
            }
        }
        return Some(Value::Object(object));
    }
    if has_type(schema, "array") {
        return fill(doc, &schema["items"], text, depth + 1).map(|item| json!([item]));
    }
    if has_type(schema, "string") {
        return Some(Value::String(text.to_owned()));
    }
    None
}

fn percent(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn hostile_text_in_any_input_never_breaks_the_server() {
    let app = TestApp::spawn().await;
    let (user, owner) = app.signed_up_owner().await;
    let org = owner.org_id();
    let document = app
        .uploaded(
            &Caller::User(owner.clone()),
            &org,
            "Policy.pdf",
            samples::pdf(),
        )
        .await;
    let (_, member) = app.member_of(&org, "member").await;
    let ids: HashMap<&str, String> = HashMap::from([
        ("org_id", org.clone()),
        ("user_id", member.user_id()),
        ("document_id", document.id.to_string()),
    ]);

    let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut cases = 0;
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let content = &operation["requestBody"]["content"];
            let queries: Vec<&str> = operation["parameters"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter(|p| p["in"] == "query")
                        .map(|p| p["name"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            let text_params: Vec<&str> = ["token", "file", "step"]
                .into_iter()
                .filter(|name| template.contains(&format!("{{{name}}}")))
                .collect();
            if content.is_null() && queries.is_empty() && text_params.is_empty() {
                continue;
            }
            let public = operation["x-vigil-access"]["kind"] != "session"
                && operation["x-vigil-access"]["kind"] != "organization";
            for text in hostile() {
                let mut path = template.clone();
                for (name, value) in &ids {
                    path = path.replace(&format!("{{{name}}}"), value);
                }
                for name in &text_params {
                    path =
                        path.replace(&format!("{{{name}}}"), &percent(&text).replace('+', "%20"));
                }
                if !queries.is_empty() {
                    let pairs: Vec<String> = queries
                        .iter()
                        .map(|name| format!("{name}={}", percent(&text)))
                        .collect();
                    path = format!("{path}?{}", pairs.join("&"));
                }
                let mut request = if public {
                    app.client
                        .request(method.clone(), app.url(&path))
                        .header("origin", crate::helpers::ORIGIN)
                } else {
                    app.as_user(&owner, method.clone(), &path)
                };
                if let Some(schema) = content.get("application/json").map(|c| &c["schema"]) {
                    request = request.json(&fill(&doc, schema, &text, 0).unwrap_or(json!({})));
                } else if let Some(schema) = content
                    .get("application/x-www-form-urlencoded")
                    .map(|c| &c["schema"])
                {
                    let form = fill(&doc, schema, &text, 0).unwrap_or(json!({}));
                    request = request.form(&form);
                } else if content.get("multipart/form-data").is_some() {
                    let part = reqwest::multipart::Part::bytes(samples::png())
                        .file_name(format!("{text}.png"));
                    request = request.multipart(reqwest::multipart::Form::new().part("file", part));
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let body = response.text().await.unwrap();
                assert!(
                    status < 500,
                    "{method} {template} ({id}) with {:?}: {status} {body}",
                    text.chars().take(40).collect::<String>()
                );
                *statuses.entry(status).or_default() += 1;
                cases += 1;
            }
        }
    }

    // The sign-in path again and again with NUL, past its rate limits.
    for _ in 0..25 {
        let response = app
            .post_json(
                "/api/v1/auth/login",
                &json!({ "email": format!("{}\u{0}", user.email), "password": "wrong" }),
            )
            .await;
        assert!(response.status().as_u16() < 500);
        cases += 1;
    }
    assert!(cases > 300, "only {cases} cases");
    // The owner was never signed out or harmed by any of it.
    assert_eq!(
        app.get_as(&owner, &format!("/api/v1/organizations/{org}"))
            .await
            .status(),
        200
    );
    eprintln!("{cases} hostile requests: {statuses:?}");
}
