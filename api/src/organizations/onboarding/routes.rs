//! The onboarding endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`OnboardingError`](super::OnboardingError) becomes the problem at the `?`.

use actix_web::{HttpResponse, get, post, web};
use uuid::Uuid;

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::problem::responses;
use crate::organizations::onboarding::dto::OnboardingState;
use crate::organizations::onboarding::service;
use crate::organizations::onboarding::steps::SkippableStep;
use crate::state::AppState;

/// Where the organisation is in its onboarding.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Onboarding state", body = OnboardingState),
        (status = 401, response = responses::Unauthorized),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/onboarding")]
pub(crate) async fn get_onboarding(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let onboarding = service::get(&state, &access).await?;
    Ok(HttpResponse::Ok().json(onboarding))
}

/// Skips onboarding step 3, 4 or 5 (owners and admins). A completed step stays completed.
#[utoipa::path(
    tag = "organizations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("step" = SkippableStep, Path, description = "organization_details, branding or invite_team"),
    ),
    responses(
        (status = 200, description = "Onboarding state after skipping", body = OnboardingState),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[post("/onboarding/steps/{step}/skip")]
pub(crate) async fn skip_onboarding_step(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, SkippableStep)>,
) -> Result<HttpResponse, AppError> {
    let (_, step) = path.into_inner();
    let onboarding = service::skip(&state, access, client, step).await?;
    Ok(HttpResponse::Ok().json(onboarding))
}
