//! The invitation link's endpoints: each extracts the request, calls [`service`] and answers;
//! the service's [`AcceptError`](super::error::AcceptError) becomes the problem response at the
//! handler's `?`.

use actix_web::{HttpResponse, get, post, web};

use crate::error::AppError;
use crate::http::auth::{MaybeAuthenticated, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::session_response::SessionResponse;
use crate::invitations::accept::dto::{AcceptInvitationRequest, InvitationPreview};
use crate::invitations::accept::service;
use crate::state::AppState;

/// Shows what an invitation link is for, without using it up (mail scanners follow links).
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The token from the invitation link")),
    responses(
        (status = 200, description = "The invitation", body = InvitationPreview),
        (status = 404, response = responses::NotFound),
        (status = 410, response = responses::Gone),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[get("/api/v1/invitations/{token}")]
pub(crate) async fn preview_invitation(
    state: web::Data<AppState>,
    client: ClientContext,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let preview = service::preview(&state, &client, &token.into_inner()).await?;
    Ok(HttpResponse::Ok().json(preview))
}

/// Accepts an invitation. A new user sets names and a password and is signed in: the account is
/// verified, because the link only ever travelled in the email to that address (no answer of
/// the API contains it). An address that already has an account must be signed in to accept
/// (401 `sign-in-required` otherwise). Accepting twice, or two accepts at once, create one
/// membership.
#[utoipa::path(
    tag = "invitations",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Joined; the session (new users: a new session cookie)", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/invitations/accept")]
pub(crate) async fn accept_invitation(
    state: web::Data<AppState>,
    client: ClientContext,
    auth: MaybeAuthenticated,
    body: Json<AcceptInvitationRequest>,
) -> Result<HttpResponse, AppError> {
    let accepted = service::accept(&state, client, auth.0, body.into_inner()).await?;
    let mut response = HttpResponse::Ok();
    if let Some(token) = &accepted.new_session_token {
        response.cookie(session_cookie(token, None));
    }
    Ok(response.json(accepted.session))
}
