//! The OpenAPI 3.1 document, collected from the routes themselves (utoipa-actix-web), so no
//! hand-kept list of paths can drift. `vigil openapi` writes it to `openapi/openapi.json`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::http::openapi_walk::{BEARER, CSRF_HEADER, SESSION_COOKIE, for_each_operation};
use crate::http::problem::{Problem, responses};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vigil API",
        description = "Multi-tenant foundation of Vigil, the compliance platform for Australian \
            healthcare organisations. Errors are RFC 9457 `application/problem+json` documents \
            with a stable `code`.\n\n\
            ## How to authorise\n\n\
            **As a signed-in person (this browser).** Sign in to the web app in this browser: \
            the `__Host-vigil_session` cookie is sent with every request from this page, so \
            `GET` operations work as they are. Unsafe methods (`POST`, `PATCH`, `DELETE`) also \
            need the session's CSRF token: call `GET /api/v1/auth/session`, copy `csrf_token`, \
            choose **Authorize** and paste it under `csrf_token` (`X-CSRF-Token`).\n\n\
            **As an API client (the compliance engine).** An owner or administrator creates a \
            client on the web app's *API clients* page, which shows its secret once. Exchange \
            the client id and secret for a token at `POST /oauth/token` \
            (`grant_type=client_credentials`, form-encoded), choose **Authorize** and paste the \
            `access_token` under `bearer`. Tokens are short-lived EdDSA JWTs (keys at \
            `/.well-known/jwks.json`) and carry the client's scopes; each operation's \
            `x-vigil-access` says which scope it needs.",
        license(name = "Proprietary")
    ),
    components(
        schemas(
            Problem,
            crate::organizations::onboarding::SkippableStep,
            crate::documents::DocumentSort
        ),
        responses(
            responses::BadRequest,
            responses::Unauthorized,
            responses::Forbidden,
            responses::NotFound,
            responses::Conflict,
            responses::Gone,
            responses::PayloadTooLarge,
            responses::UnsupportedMediaType,
            responses::UnprocessableEntity,
            responses::TooManyRequests,
            responses::InternalError,
            responses::ServiceUnavailable,
        )
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "health", description = "Liveness and readiness probes"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::SESSION_COOKIE_NAME,
                "Opaque session token set by login (HttpOnly, Secure, SameSite=Lax).",
            ))),
        );
        components.add_security_scheme(
            CSRF_HEADER,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "CSRF token from the session response; required with the cookie on unsafe methods.",
            ))),
        );
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from POST /oauth/token (client credentials).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The base document, before routes add their paths.
pub fn base() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    env!("CARGO_PKG_VERSION").clone_into(&mut doc.info.version);
    doc
}

/// The full document, as served at `/openapi.json`: the routes' own descriptions, and who may
/// call each operation from `crate::authz`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(crate::routes::all)
        .split_for_parts();
    crate::authz::describe_access(&mut doc);
    document_failures(&mut doc);
    doc
}

/// Adds the failures an operation can answer because of what it is, so none is forgotten: JSON
/// and multipart bodies (400 malformed, 413, 415, 422), query strings (400), who may call it
/// (401, 403, 404), the Origin check on unsafe methods (403) and an unavailable database (503).
fn document_failures(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{Ref, RefOr};

    use crate::authz::Access;
    use crate::http::is_unsafe;

    for_each_operation(doc, |_, method, op| {
        let access = op
            .operation_id
            .as_deref()
            .and_then(crate::authz::operations::find)
            .map(|declared| declared.access);
        let body_types: Vec<String> = op
            .request_body
            .as_ref()
            .and_then(|body| match body {
                RefOr::T(body) => Some(body.content.keys().cloned().collect()),
                RefOr::Ref(_) => None,
            })
            .unwrap_or_default();
        let parameters = op.parameters.as_deref().unwrap_or_default();
        let located = |place: ParameterIn| {
            parameters
                .iter()
                .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place))
        };
        let has_query = located(ParameterIn::Query);
        let has_path_ids = located(ParameterIn::Path);
        let mut failures: Vec<(&str, &str)> = Vec::new();
        let problem_body = body_types
            .iter()
            .any(|t| t == "application/json" || t == "multipart/form-data");
        if problem_body {
            failures.extend([
                ("400", "BadRequest"),
                ("413", "PayloadTooLarge"),
                ("415", "UnsupportedMediaType"),
                ("422", "UnprocessableEntity"),
            ]);
        }
        if has_query {
            failures.push(("400", "BadRequest"));
        }
        if has_path_ids {
            failures.push(("404", "NotFound"));
        }
        if is_unsafe(method) {
            failures.push(("403", "Forbidden"));
        }
        match access {
            Some(Access::Session) => failures.push(("401", "Unauthorized")),
            Some(Access::Organization(_)) => failures.extend([
                ("401", "Unauthorized"),
                ("403", "Forbidden"),
                ("404", "NotFound"),
            ]),
            _ => {}
        }
        // Liveness answers without the database; everything else may find it unavailable.
        if op.operation_id.as_deref() != Some("get_liveness") {
            failures.push(("503", "ServiceUnavailable"));
        }
        for (status, response) in failures {
            op.responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| Ref::from_response_name(response).into());
        }
    });
}

/// The document as committed: pretty JSON with a trailing newline.
pub fn to_pretty_json(document: &utoipa::openapi::OpenApi) -> anyhow::Result<String> {
    let mut json = serde_json::to_string_pretty(document)?;
    json.push('\n');
    Ok(json)
}
