//! A JSON body extractor whose errors are problem documents naming the field at fault.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldErrors};
use vigil_core::problem_code::ProblemCode;

/// Largest JSON body, set once as app data by the server builder.
#[derive(Clone, Copy, Debug)]
pub struct JsonLimit(pub usize);

/// Like `web::Json`, but: 415 unless the body is `application/json` (or `+json`), 413 over the
/// configured limit, 400 for malformed JSON (with line and column), 422 for wrong or missing
/// fields and for unknown fields (request types deny them), with the field's path.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<JsonLimit>()
            .copied()
            .unwrap_or(JsonLimit(64 * 1024))
            .0;
        let content_type_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(AppError::UnsupportedMediaType {
                    detail: "Send the request body as JSON with `Content-Type: application/json`."
                        .into(),
                });
            }
            if declared_length.is_some_and(|len| len > limit) {
                return Err(AppError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| AppError::BadRequest {
                    code: ProblemCode::BodyUnreadable,
                    detail: format!("The request body could not be read: {e}"),
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(AppError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse(&body).map(Json)
        })
    }
}

/// For `Option<Option<T>>` fields with `#[serde(default, deserialize_with = "nullable")]`:
/// absent → `None` (leave as is), `null` → `Some(None)` (clear), a value → `Some(Some(v))`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    use serde::Deserialize;
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Deserialises a JSON body, mapping each failure to a problem that says what and where.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if body.is_empty() {
        return Err(AppError::BadRequest {
            code: ProblemCode::MalformedJson,
            detail: "The request body is empty; a JSON object was expected.".into(),
        });
    }
    reject_nul(body)?;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))
        .and_then(|v| {
            deserializer
                .end()
                .map(|()| v)
                .map_err(|e| (String::new(), e))
        });
    value.map_err(|(path, inner)| {
        use serde_json::error::Category;
        match inner.classify() {
            Category::Syntax | Category::Eof | Category::Io => AppError::BadRequest {
                code: ProblemCode::MalformedJson,
                detail: format!(
                    "The request body is not valid JSON: {} (line {}, column {}).",
                    strip_position(&inner.to_string()),
                    inner.line(),
                    inner.column()
                ),
            },
            Category::Data => {
                let message = strip_position(&inner.to_string());
                let field = field_name(&path, &message);
                let mut errors = FieldErrors::new();
                errors.insert(field.clone(), vec![message.clone()]);
                AppError::Validation {
                    code: ProblemCode::InvalidBody,
                    detail: format!("{field}: {message}"),
                    errors,
                }
            }
        }
    })
}

/// PostgreSQL text cannot hold NUL, and no field of Vigil means one: refuse it here, for every
/// JSON body, naming the field. Raw NUL bytes are already a JSON syntax error; this finds the
/// escaped `\u0000` (checked only when the bytes could contain one).
fn reject_nul(body: &[u8]) -> Result<(), AppError> {
    if !body.windows(5).any(|w| w.eq_ignore_ascii_case(b"u0000")) {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Ok(()); // the typed parse reports the syntax error
    };
    match path_to_nul(&value, String::new()) {
        None => Ok(()),
        Some(path) => {
            let field = if path.is_empty() {
                "body".to_owned()
            } else {
                path
            };
            let message = "must not contain NUL (\\u0000) characters".to_owned();
            let mut errors = FieldErrors::new();
            errors.insert(field.clone(), vec![message.clone()]);
            Err(AppError::Validation {
                code: ProblemCode::InvalidBody,
                detail: format!("{field}: {message}"),
                errors,
            })
        }
    }
}

/// The path (`a.b[0].c`, as in other field errors) of the first string or key holding NUL.
fn path_to_nul(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains('\0') => Some(path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| path_to_nul(item, format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(child)
            } else {
                path_to_nul(item, child)
            }
        }),
        _ => None,
    }
}

/// serde_json appends " at line X column Y"; the problem states position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// The field a data error is about: its path, completed by the name inside "missing field `x`"
/// (reported on the parent object); "unknown field `x`" already ends its path with `x`.
fn field_name(path: &str, message: &str) -> String {
    let path = path.trim_start_matches('.');
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (path, missing) {
        ("", Some(name)) => name.to_owned(),
        (path, Some(name)) if path.rsplit('.').next() != Some(name) => format!("{path}.{name}"),
        ("", None) => "body".to_owned(),
        (path, _) => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        nested: Option<Nested>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Nested {
        count: u8,
    }

    fn field_of(body: &str) -> String {
        match parse::<Body>(body.as_bytes()) {
            Err(AppError::Validation { errors, .. }) => {
                errors.keys().next().cloned().unwrap_or_default()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn data_errors_name_the_field() {
        assert_eq!(field_of(r"{}"), "name");
        assert_eq!(field_of(r#"{"name": 1}"#), "name");
        assert_eq!(field_of(r#"{"name": "a", "role": "owner"}"#), "role");
        assert_eq!(
            field_of(r#"{"name": "a", "nested": {"count": 300}}"#),
            "nested.count"
        );
        assert_eq!(field_of(r#"{"name": "a", "nested": {}}"#), "nested.count");
    }

    #[test]
    fn nul_characters_are_refused_naming_the_field() {
        assert_eq!(field_of(r#"{"name": "a\u0000b"}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "a", "nested": {"count": 1, "x\u0000": 2}}"#),
            "nested.x\u{0}"
        );
        // An escaped backslash followed by the text "u0000" is not a NUL.
        assert!(parse::<Body>(br#"{"name": "a\\u0000"}"#).is_ok());
    }

    #[test]
    fn syntax_errors_are_bad_requests_with_a_position() {
        for body in [
            r#"{"name": "#,
            r#"{"name" "a"}"#,
            "",
            r#"{"name":"a"} trailing"#,
        ] {
            match parse::<Body>(body.as_bytes()) {
                Err(AppError::BadRequest { code, detail }) => {
                    assert_eq!(code, ProblemCode::MalformedJson);
                    assert!(!detail.is_empty());
                }
                other => panic!("{body:?}: expected a bad request, got {other:?}"),
            }
        }
    }
}
