//! The switcher endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`SwitchError`](super::SwitchError) becomes the problem response at the `?`.

use crate::ids::OrgId;
use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::session_response::SessionResponse;
use crate::identity::users::MembershipSummary;
use crate::organizations::switcher::service;
use crate::state::AppState;

/// The signed-in person's organisations, with role, logo and colours, oldest membership first.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Memberships", body = Vec<MembershipSummary>),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/organizations")]
pub(crate) async fn list_my_organizations(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let memberships = service::memberships(&state, auth.user_id()).await?;
    Ok(HttpResponse::Ok().json(memberships))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchOrganizationRequest {
    #[schema(value_type = uuid::Uuid)]
    pub organization_id: OrgId,
}

/// Sets the organisation this session opens by default (one the person belongs to).
#[utoipa::path(
    tag = "auth",
    request_body = SwitchOrganizationRequest,
    responses(
        (status = 200, description = "The session, with the new current organisation", body = SessionResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[put("/api/v1/auth/session/organization")]
pub(crate) async fn switch_organization(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<SwitchOrganizationRequest>,
) -> Result<HttpResponse, AppError> {
    let wanted = body.into_inner().organization_id;
    let access = service::switch(&state, auth.user_id(), auth.session.id, wanted).await?;
    let mut session = auth.session.clone();
    session.current_organization_id = Some(wanted);
    Ok(HttpResponse::Ok().json(SessionResponse::of(
        &auth.user,
        &session,
        &access,
        &state.session_policy,
    )))
}
