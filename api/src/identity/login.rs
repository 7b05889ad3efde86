//! Sign-in, sign-out and the current session.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::sessions::{self, NewSession, Session};
use super::users::{self, MembershipSummary, User, UserResponse};
use crate::domain::Email;
use crate::error::AppError;
use crate::http::auth::{Authenticated, expired_session_cookie, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Keep the session for 30 days (sliding) instead of ending it with the browser session.
    #[serde(default)]
    pub remember_me: bool,
}

/// The signed-in person, their organisations and what the web app needs to make requests.
/// The session token itself is only ever in the HttpOnly cookie.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub user: UserResponse,
    pub memberships: Vec<MembershipSummary>,
    /// The organisation the web app opens by default.
    pub current_organization_id: Option<Uuid>,
    /// Send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    pub remember_me: bool,
    pub expires_at: DateTime<Utc>,
}

impl SessionResponse {
    pub fn new(user: &User, session: &Session, memberships: Vec<MembershipSummary>) -> Self {
        let current = session
            .current_organization_id
            .filter(|id| memberships.iter().any(|m| m.organization_id == *id))
            .or_else(|| memberships.first().map(|m| m.organization_id));
        Self {
            user: UserResponse::from(user),
            memberships,
            current_organization_id: current,
            csrf_token: session.csrf_token.clone(),
            remember_me: session.remember_me,
            expires_at: session.expires_at,
        }
    }
}

const LOGINS_PER_IP: Limit = Limit {
    name: "login:ip",
    max: 30,
    window_secs: 60,
};

fn invalid_credentials() -> AppError {
    AppError::Unauthorized {
        code: "invalid-credentials",
        detail: "The email or password is incorrect.".into(),
    }
}

/// Signs in. Wrong email and wrong password answer identically and take the same time; an
/// unverified account is told so only once its password is right. Sets a fresh session cookie
/// (never one presented before).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    ratelimit::check(&state.db, &[(LOGINS_PER_IP, client.ip_key())]).await?;
    let email = Email::parse(&body.email).map_err(|m| AppError::invalid_field("email", m))?;
    if body.password.is_empty() {
        return Err(AppError::invalid_field("password", "Password is required."));
    }
    let normalized = email.normalized();
    let user = state
        .db
        .global(move |conn| users::find_by_email(conn, &normalized))
        .await?;
    let matched = state
        .hasher
        .verify(
            &body.password,
            user.as_ref().map(|u| u.password_hash.as_str()),
        )
        .await?;
    let user = match user {
        Some(user) if matched => user,
        _ => return Err(invalid_credentials()),
    };
    if user.email_verified_at.is_none() {
        return Err(AppError::Forbidden {
            code: "email-not-verified",
            detail:
                "Verify your email address first: use the link we sent you, or ask for a new one."
                    .into(),
        });
    }

    let policy = state.session_policy;
    let user_id = user.user_id();
    let remember_me = body.remember_me;
    let (issued, memberships) = state
        .db
        .user(user_id, move |conn| {
            let memberships = users::memberships_of(conn, user_id)?;
            let issued = sessions::create(
                conn,
                NewSession {
                    user_id,
                    remember_me,
                    current_organization_id: memberships
                        .first()
                        .map(|m| OrgId::from_uuid(m.organization_id)),
                    ip: client.ip_string(),
                    user_agent: client.user_agent.clone(),
                },
                &policy,
            )?;
            Ok((issued, memberships))
        })
        .await?;
    let cookie = session_cookie(&issued.token, remember_me.then_some(policy.remember));
    Ok(HttpResponse::Ok().cookie(cookie).json(SessionResponse::new(
        &user,
        &issued.session,
        memberships,
    )))
}

/// Signs out: the session is revoked at once and the cookie cleared.
#[utoipa::path(
    tag = "auth",
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
    )
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let session_id = auth.session.id;
    state
        .db
        .global(move |conn| sessions::revoke(conn, session_id, "logout"))
        .await?;
    Ok(HttpResponse::NoContent()
        .cookie(expired_session_cookie())
        .finish())
}

/// The signed-in person, their organisations and the CSRF token.
#[utoipa::path(
    tag = "auth",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The current session", body = SessionResponse),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/auth/session")]
pub async fn get_session(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let user_id = auth.user_id();
    let memberships = state
        .db
        .user(user_id, move |conn| users::memberships_of(conn, user_id))
        .await?;
    Ok(HttpResponse::Ok().json(SessionResponse::new(&auth.user, &auth.session, memberships)))
}
