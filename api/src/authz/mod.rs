//! Authorization: the permission table ([`permissions`]), who may call each operation
//! ([`operations`]), the guard that enforces both before any handler runs ([`guard`]), and what
//! is generated from them: the OpenAPI `security` of every operation and `docs/permissions.md`.

pub mod guard;
pub mod operations;
pub mod step_up;
pub use vigil_core::permissions;
mod reference;

use utoipa::openapi::OpenApi;
use utoipa::openapi::security::SecurityRequirement;

pub use self::guard::{Grant, PersonGrant, Refusal};
pub use self::operations::{Access, OPERATIONS};
pub use self::permissions::Permission;
pub use self::reference::permissions_markdown;
use crate::http::is_unsafe;
use crate::http::openapi_walk::{BEARER, CSRF_HEADER, SESSION_COOKIE, for_each_operation};
use vigil_core::roles::Role;

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.as_str()).collect()
}

/// Writes each operation's declared access into the document: its `security`, an
/// `x-vigil-access` extension (read by the role sweep test and by generated clients), and a line
/// of its description for people reading Swagger UI.
pub fn describe_access(doc: &mut OpenApi) {
    for_each_operation(doc, |_, method, op| {
        let Some(declared) = op.operation_id.as_deref().and_then(operations::find) else {
            // The operation index refuses such a document at start-up.
            return;
        };
        let session = if is_unsafe(method) {
            SecurityRequirement::new(SESSION_COOKIE, Vec::<String>::new())
                .add(CSRF_HEADER, Vec::<String>::new())
        } else {
            SecurityRequirement::new(SESSION_COOKIE, Vec::<String>::new())
        };
        let (security, access, sentence) = match declared.access {
            Access::Public => (
                None,
                serde_json::json!({ "kind": "public" }),
                "Anyone may call it.".to_owned(),
            ),
            Access::ClientCredentials => (
                None,
                serde_json::json!({ "kind": "client_credentials" }),
                "API clients, with their client id and secret.".to_owned(),
            ),
            Access::Session => (
                Some(vec![session]),
                serde_json::json!({ "kind": "session" }),
                "Any signed-in person.".to_owned(),
            ),
            Access::Organization(permission) => {
                let mut security = vec![session];
                if let Some(scope) = permission.scope() {
                    security.push(SecurityRequirement::new(BEARER, [scope.as_str()]));
                }
                let rules: Vec<_> = declared
                    .rules
                    .iter()
                    .map(|rule| {
                        serde_json::json!({
                            "permission": rule.needs.as_str(),
                            "roles": role_names(rule.needs.roles()),
                            "when": rule.when,
                        })
                    })
                    .collect();
                let mut sentence = format!(
                    "Needs `{}`: {}",
                    permission.as_str(),
                    role_names(permission.roles()).join(", ")
                );
                if let Some(scope) = permission.scope() {
                    sentence.push_str(&format!(", and API clients with `{}`", scope.as_str()));
                }
                sentence.push('.');
                for rule in declared.rules {
                    sentence.push_str(&format!(
                        " Also `{}` when {}.",
                        rule.needs.as_str(),
                        rule.when
                    ));
                }
                (
                    Some(security),
                    serde_json::json!({
                        "kind": "organization",
                        "permission": permission.as_str(),
                        "roles": role_names(permission.roles()),
                        "scope": permission.scope().map(vigil_core::scopes::Scope::as_str),
                        "rules": rules,
                    }),
                    sentence,
                )
            }
        };
        op.security = security;
        op.extensions
            .get_or_insert_with(Default::default)
            .insert("x-vigil-access".to_owned(), access);
        let description = op.description.take().unwrap_or_default();
        op.description = Some(if description.is_empty() {
            format!("**Access:** {sentence}")
        } else {
            format!("{description}\n\n**Access:** {sentence}")
        });
    });
}
