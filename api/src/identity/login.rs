//! Sign-in (password, then TOTP when enrolled), sign-out and the current session.
//!
//! Every attempt is recorded. Wrong email, wrong password and a locked account answer
//! identically and take the same time (one argon2id verification each); an unverified or
//! disabled account is told so only once its password is right.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::activity::{self, Outcome};
use super::lockout::{self, Gate};
use super::mfa;
use super::sessions::{self, NewSession, Session};
use super::user_tokens::{self, Purpose};
use super::users::{self, MembershipSummary, User, UserResponse};
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::error::AppError;
use crate::http::auth::{Authenticated, expired_session_cookie, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::{OrgId, UserId};
use crate::invitations::local_time;
use crate::jobs::{self, Job};
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

/// The password was right and a second factor is needed.
#[derive(Serialize, ToSchema)]
pub struct MfaRequired {
    /// Always true.
    pub mfa_required: bool,
    /// Send back to `POST /api/v1/auth/login/mfa` with the code (valid 5 minutes).
    pub mfa_token: String,
    pub expires_at: DateTime<Utc>,
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

/// Writes an attempt in a transaction of its own, so it is kept whatever the answer is.
async fn record(
    state: &AppState,
    user_id: Option<UserId>,
    email: &str,
    client: &ClientContext,
    outcome: Outcome,
) -> Result<(), AppError> {
    let email = email.to_owned();
    let client = client.clone();
    state
        .db
        .global(move |conn| activity::record_attempt(conn, user_id, &email, &client, outcome))
        .await?;
    state.metrics.login_attempt(outcome);
    Ok(())
}

/// After a failed guess: blocks the IP if it is stuffing credentials.
async fn after_failure(state: &AppState, client: &ClientContext) -> Result<(), AppError> {
    let config = &state.config.auth;
    let (threshold, window, block) = (
        config.stuffing_accounts_threshold,
        config.stuffing_window_minutes,
        config.stuffing_block_minutes,
    );
    let client = client.clone();
    state
        .db
        .global(move |conn| activity::check_stuffing(conn, &client, threshold, window, block))
        .await
        .map(|_| ())
}

/// Signs in. Answers 200 with the session, or 202 when a TOTP code is needed next.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionResponse),
        (status = 202, description = "Password accepted; send the TOTP code to /auth/login/mfa", body = MfaRequired),
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
    if let Err(limited) = ratelimit::check(&state.db, &[(LOGINS_PER_IP, client.ip_key())]).await {
        record(&state, None, &body.email, &client, Outcome::RateLimited).await?;
        return Err(limited);
    }
    let blocked = {
        let client = client.clone();
        state
            .db
            .global(move |conn| activity::blocked_until(conn, &client))
            .await?
    };
    if let Some(until) = blocked {
        record(&state, None, &body.email, &client, Outcome::IpBlocked).await?;
        return Err(AppError::TooManyRequests {
            retry_after_secs: u64::try_from((until - Utc::now()).num_seconds().max(1))
                .unwrap_or(60),
        });
    }
    let email = Email::parse(&body.email).map_err(|m| AppError::invalid_field("email", m))?;
    if body.password.is_empty() {
        return Err(AppError::invalid_field("password", "Password is required."));
    }

    let normalized = email.normalized();
    let user = state
        .db
        .global(move |conn| users::find_by_email(conn, &normalized))
        .await?;
    let account_limit = Limit {
        name: "login:account",
        max: state.config.auth.login_per_account_per_minute.max(1),
        window_secs: 60,
    };
    let account_key = ratelimit::email_key(&email.normalized());
    if let Err(limited) = ratelimit::check(&state.db, &[(account_limit, account_key)]).await {
        record(
            &state,
            user.as_ref().map(User::user_id),
            email.as_str(),
            &client,
            Outcome::RateLimited,
        )
        .await?;
        return Err(limited);
    }

    // The guess is taken from the counters before the password is checked.
    let ip = client.ip_key();
    let policy = state.lockout_policy;
    let gate = match &user {
        Some(user) => {
            let (user_id, ip) = (user.user_id(), ip.clone());
            state
                .db
                .global(move |conn| lockout::take_guess(conn, user_id, &ip, &policy))
                .await?
        }
        None => Gate::Open,
    };
    // Locked accounts are verified against the dummy hash: same work, same answer.
    let stored = match (&user, gate) {
        (Some(user), Gate::Open) => Some(user.password_hash.as_str()),
        _ => None,
    };
    let matched = state.hasher.verify(&body.password, stored).await?;

    let Some(user) = user else {
        record(&state, None, email.as_str(), &client, Outcome::UnknownEmail).await?;
        after_failure(&state, &client).await?;
        return Err(invalid_credentials());
    };
    let user_id = user.user_id();
    if gate == Gate::Locked {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Locked,
        )
        .await?;
        return Err(invalid_credentials());
    }
    if !matched {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::BadPassword,
        )
        .await?;
        let unlock_base = state.link("/unlock?token=");
        let (to, first_name, time_zone) = (
            user.email.clone(),
            user.first_name.clone(),
            user.time_zone.clone(),
        );
        let ip = ip.clone();
        let event_client = client.clone();
        let locked = state
            .db
            .global(move |conn| {
                let lock = lockout::record_failure(conn, user_id, &ip, &policy)?;
                if let Some(lock) = &lock {
                    let token =
                        user_tokens::issue(conn, user_id, Purpose::Unlock, Duration::days(7))?;
                    let until = if lock.until.year() >= 9999 {
                        "you unlock it or reset your password".to_owned()
                    } else {
                        local_time(lock.until, &time_zone)
                    };
                    let message = OutgoingEmail::account_locked(
                        &to,
                        &first_name,
                        &lock.scope,
                        &until,
                        &format!("{unlock_base}{token}"),
                    );
                    jobs::enqueue(conn, &Job::SendEmail(message))?;
                    activity::record_event(
                        conn,
                        user_id,
                        "account_locked",
                        &event_client,
                        serde_json::json!({ "scope": lock.scope, "until": lock.until }),
                    )?;
                }
                Ok(lock.is_some())
            })
            .await?;
        if locked {
            state.metrics.lockout();
        }
        after_failure(&state, &client).await?;
        return Err(invalid_credentials());
    }

    // The password is right: the counters start again, and only now may the account's state
    // be told.
    {
        let ip = ip.clone();
        state
            .db
            .global(move |conn| lockout::record_success(conn, user_id, &ip))
            .await?;
    }
    if user.disabled_at.is_some() {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Disabled,
        )
        .await?;
        return Err(AppError::Forbidden {
            code: "account-disabled",
            detail: "This account is disabled. Contact your organisation's administrator.".into(),
        });
    }
    if user.email_verified_at.is_none() {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Unverified,
        )
        .await?;
        return Err(AppError::Forbidden {
            code: "email-not-verified",
            detail:
                "Verify your email address first: use the link we sent you, or ask for a new one."
                    .into(),
        });
    }
    if user.mfa_enabled_at.is_some() {
        let remember_me = body.remember_me;
        let (token, expires_at) = state
            .db
            .global(move |conn| mfa::start_challenge(conn, user_id, remember_me))
            .await?;
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::MfaRequired,
        )
        .await?;
        return Ok(HttpResponse::Accepted().json(MfaRequired {
            mfa_required: true,
            mfa_token: token,
            expires_at,
        }));
    }
    complete_sign_in(&state, &user, body.remember_me, &client).await
}

/// Opens the session of a fully authenticated person, records the success and sends the "new
/// sign-in" email when the network and device are new.
async fn complete_sign_in(
    state: &AppState,
    user: &User,
    remember_me: bool,
    client: &ClientContext,
) -> Result<HttpResponse, AppError> {
    let policy = state.session_policy;
    let user_id = user.user_id();
    let days = state.config.auth.new_device_days;
    let not_me_base = state.link("/not-me?token=");
    let (to, first_name, time_zone) = (
        user.email.clone(),
        user.first_name.clone(),
        user.time_zone.clone(),
    );
    let client = client.clone();
    let (issued, memberships) = state
        .db
        .user(user_id, move |conn| {
            if activity::is_new_device(conn, user_id, &client, days)? {
                let token = user_tokens::issue(conn, user_id, Purpose::NotMe, Duration::days(7))?;
                let message = OutgoingEmail::new_sign_in(
                    &to,
                    &first_name,
                    &activity::device_name(client.user_agent.as_deref()),
                    &client.ip_key(),
                    &local_time(Utc::now(), &time_zone),
                    &format!("{not_me_base}{token}"),
                );
                jobs::enqueue(conn, &Job::SendEmail(message))?;
                activity::record_event(
                    conn,
                    user_id,
                    "new_sign_in",
                    &client,
                    serde_json::json!({}),
                )?;
            }
            activity::record_attempt(conn, Some(user_id), &to, &client, Outcome::Success)?;
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
    state.metrics.login_attempt(Outcome::Success);
    let cookie = session_cookie(&issued.token, remember_me.then_some(policy.remember));
    Ok(HttpResponse::Ok().cookie(cookie).json(SessionResponse::new(
        user,
        &issued.session,
        memberships,
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaLoginRequest {
    /// From the 202 answer of `/auth/login`.
    pub mfa_token: String,
    /// The 6-digit code from the authenticator app.
    pub code: Option<String>,
    /// Or one of the recovery codes (each works once).
    pub recovery_code: Option<String>,
}

/// Completes a sign-in with the TOTP code (or a recovery code). Five tries per password check.
#[utoipa::path(
    tag = "auth",
    request_body = MfaLoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/login/mfa")]
pub async fn login_mfa(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<MfaLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let cipher = state.cipher()?;
    let token = body.mfa_token.trim().to_owned();
    let outcome = state
        .db
        .global(move |conn| {
            let Some((challenge_id, challenge)) = mfa::attempt_challenge(conn, &token)? else {
                return Ok(None);
            };
            let user = users::find(conn, challenge.user_id)?
                .ok_or_else(|| AppError::unexpected("challenge without its user"))?;
            let ok = mfa::verify_second_factor(
                conn,
                &cipher,
                challenge.user_id,
                &user.email,
                body.code.as_deref(),
                body.recovery_code.as_deref(),
            )?;
            if ok {
                mfa::finish_challenge(conn, challenge_id)?;
            }
            Ok(Some((user, challenge.remember_me, ok)))
        })
        .await?;
    let Some((user, remember_me, ok)) = outcome else {
        return Err(AppError::Unauthorized {
            code: "mfa-challenge-invalid",
            detail: "This sign-in step has expired or was tried too often. Sign in again with your password.".into(),
        });
    };
    if !ok {
        record(
            &state,
            Some(user.user_id()),
            &user.email,
            &client,
            Outcome::MfaFailed,
        )
        .await?;
        return Err(AppError::Unauthorized {
            code: "mfa-code-invalid",
            detail: "That code is not valid. Use the current 6-digit code from your authenticator app (each code works once), or a recovery code.".into(),
        });
    }
    complete_sign_in(&state, &user, remember_me, &client).await
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
