//! The organisation switcher: a person's organisations, and the one their session opens.

use actix_web::{HttpResponse, get, put, web};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::login::SessionResponse;
use crate::identity::users::{self, MembershipSummary};
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;
use vigil_data::enter_user;
use vigil_data::schema::sessions;

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
    let user_id = auth.user_id();
    let memberships = state
        .db
        .user(user_id, move |conn| {
            Ok(users::memberships_of(conn, user_id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(memberships))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchOrganizationRequest {
    pub organization_id: Uuid,
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
    let user_id = auth.user_id();
    let session_id = auth.session.id;
    let memberships = state
        .db
        .global(move |conn| {
            enter_user(conn, user_id)?;
            let memberships = users::memberships_of(conn, user_id)?;
            if !memberships.iter().any(|m| m.organization_id == wanted) {
                return Err(AppError::NotFound {
                    code: ProblemCode::OrganizationNotFound,
                    detail: "No such organisation, or you are not a member of it.".into(),
                });
            }
            diesel::update(sessions::table.find(session_id))
                .set(sessions::current_organization_id.eq(wanted))
                .execute(conn)?;
            Ok(memberships)
        })
        .await?;
    let mut session = auth.session.clone();
    session.current_organization_id = Some(wanted);
    Ok(HttpResponse::Ok()
        .json(SessionResponse::load(&state, &auth.user, &session, memberships).await?))
}
