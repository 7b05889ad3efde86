//! The OpenAPI 3.1 document, collected from the routes themselves (utoipa-actix-web), so no
//! hand-kept list of paths can drift. `vigil openapi` writes it to `openapi/openapi.json`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::http::problem::{Problem, responses};

/// Name of the session cookie scheme in the document.
pub const SESSION_COOKIE: &str = "session_cookie";
/// Name of the CSRF header scheme (required with the cookie on unsafe methods).
pub const CSRF_HEADER: &str = "csrf_token";
/// Name of the bearer (API client JWT) scheme.
pub const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vigil API",
        description = "Multi-tenant foundation of Vigil, the compliance platform for Australian \
            healthcare organisations. Errors are RFC 9457 `application/problem+json` documents \
            with a stable `code`. Browser clients authenticate with the session cookie and send \
            `X-CSRF-Token` on unsafe methods; third-party clients use OAuth 2.0 client \
            credentials and a bearer JWT.",
        license(name = "Proprietary")
    ),
    components(
        schemas(Problem, crate::organizations::onboarding::SkippableStep),
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
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// The full document, as served at `/openapi.json`: the routes' own descriptions, and who may
/// call each operation from `crate::authz`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(crate::startup::routes)
        .split_for_parts();
    crate::authz::describe_access(&mut doc);
    doc
}

/// The document as committed: pretty JSON with a trailing newline.
pub fn to_pretty_json(document: &utoipa::openapi::OpenApi) -> anyhow::Result<String> {
    let mut json = serde_json::to_string_pretty(document)?;
    json.push('\n');
    Ok(json)
}
