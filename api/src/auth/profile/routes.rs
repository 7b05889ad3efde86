//! The profile endpoint: extracts the request, calls [`service`] and answers; the service's
//! [`ProfileError`](super::ProfileError) becomes the problem response at the handler's `?`.

use actix_web::{HttpResponse, patch, web};

use crate::auth::profile::dto::UpdateProfileRequest;
use crate::auth::profile::service;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::users::UserResponse;
use crate::state::AppState;

/// Updates the signed-in person's profile (user profile setup during onboarding).
#[utoipa::path(
    tag = "me",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "The updated profile", body = UserResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/api/v1/me")]
pub(crate) async fn update_me(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<UpdateProfileRequest>,
) -> Result<HttpResponse, AppError> {
    let user = service::update_profile(&state, auth.user_id(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(&user)))
}
