//! The signed-in person's security settings: sessions, password, email address, two-step
//! verification, and the links from security emails (unlock, "this wasn't me").

mod dto;
mod queries;

pub use dto::{
    ChangeEmailRequest, ChangePasswordRequest, EmailChanged, LinkTokenRequest, MfaStatus,
    OrganizationRequirement, PasswordConfirmation, RecoveryCodes, SecondFactorConfirmation,
    SecurityOverview, SessionInfo, SessionsRevoked, TotpCode, TotpEnabled, TotpSetup,
};

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{Duration, Utc};
use uuid::Uuid;

use super::activity::{self, device_name};
use super::devices;
use super::lockout;
use super::mfa;
use super::password::{Password, PasswordContext};
use super::sessions::{self, AuthMethod};
use super::user_tokens::{self, Purpose};
use super::users::{self, User};
use super::{Accepted, branding_for};
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::email::local_time;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::jobs::{self, Job};
use crate::organizations::security;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;

// --- Sessions ---------------------------------------------------------------------------------

/// The person's live sessions, most recently used first.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Live sessions", body = Vec<SessionInfo>),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/sessions")]
pub async fn list_my_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let user_id = auth.user_id();
    let current = auth.session.id;
    let policy = state.session_policy;
    let rows = state
        .db
        .global(move |conn| Ok(queries::unexpired_sessions(conn, user_id, Utc::now())?))
        .await?;
    let now = Utc::now();
    let list: Vec<SessionInfo> = rows
        .into_iter()
        .filter(|s| s.is_live(&policy, now))
        .map(|s| SessionInfo {
            id: s.id,
            device: device_name(s.user_agent.as_deref()),
            ip: s.ip.clone(),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            remember_me: s.remember_me,
            auth_method: s.auth_method,
            authenticated_at: s.authenticated_at,
            current: s.id == current,
        })
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

/// Signs one of the person's sessions out; it is refused from its very next request.
#[utoipa::path(
    tag = "me",
    params(("session_id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/api/v1/me/sessions/{session_id}")]
pub async fn revoke_my_session(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let session_id = path.into_inner();
    let user_id = auth.user_id();
    state
        .db
        .global(move |conn| {
            if queries::revoke_session(conn, user_id, session_id)? == 0 {
                return Err(AppError::NotFound {
                    code: ProblemCode::SessionNotFound,
                    detail: "No such session (it may already have ended).".into(),
                });
            }
            activity::record_event(
                conn,
                user_id,
                "session_revoked",
                &client,
                serde_json::json!({ "session_id": session_id }),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Signs out every other session of the person (this one stays).
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "How many were signed out", body = SessionsRevoked),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
    )
)]
#[delete("/api/v1/me/sessions")]
pub async fn revoke_other_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let user_id = auth.user_id();
    let keep = auth.session.id;
    let revoked = state
        .db
        .global(move |conn| {
            let n = sessions::revoke_all(conn, user_id, Some(keep), "revoked_by_user")?;
            activity::record_event(
                conn,
                user_id,
                "sessions_revoked",
                &client,
                serde_json::json!({ "count": n }),
            )?;
            Ok(n)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SessionsRevoked { revoked }))
}

// --- Password and email -------------------------------------------------------------------------

/// Re-authentication guesses per person (password changes, email changes, MFA changes).
const REAUTH_PER_USER: Limit = Limit {
    name: "reauth:user",
    max: 10,
    window_secs: 900,
};

/// Checks the current password of a signed-in person, as a field error when wrong.
async fn reauthenticate(
    state: &AppState,
    user: &User,
    password: &str,
    field: &str,
) -> Result<(), AppError> {
    ratelimit::check(&state.db, &[(REAUTH_PER_USER, user.id.to_string())]).await?;
    if !state
        .hasher
        .verify(password, Some(&user.password_hash))
        .await?
    {
        let mut error = AppError::invalid_field(field, "The current password is incorrect.");
        if let AppError::Validation { code, .. } = &mut error {
            *code = ProblemCode::WrongPassword;
        }
        return Err(error);
    }
    Ok(())
}

/// Changes the password (the current one is required). Every other session is signed out.
#[utoipa::path(
    tag = "me",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; other sessions signed out"),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[put("/api/v1/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    reauthenticate(
        &state,
        &auth.user,
        &body.current_password,
        "current_password",
    )
    .await?;
    let context = PasswordContext::new()
        .with(&auth.user.email)
        .with(&auth.user.first_name)
        .with(&auth.user.last_name);
    let password = Password::parse(
        &body.new_password,
        state.config.auth.password_min_length,
        &context,
    )
    .map_err(|m| AppError::invalid_field("new_password", m))?;
    if state
        .hasher
        .verify(&body.new_password, Some(&auth.user.password_hash))
        .await?
    {
        return Err(AppError::invalid_field(
            "new_password",
            "The new password must be different from the current one.",
        ));
    }
    let hash = state.hasher.hash(&password).await?;
    let user = auth.user.clone();
    let keep = auth.session.id;
    let reset_link = state.link("/forgot-password");
    state
        .db
        .global(move |conn| {
            let user_id = user.user_id();
            let now = Utc::now();
            queries::set_password_hash(conn, user_id, &hash, now)?;
            sessions::revoke_all(conn, user_id, Some(keep), "password_changed")?;
            // Links sent before the change (a pending email change above all) stop working.
            user_tokens::cancel_all(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "password_changed",
                &client,
                serde_json::json!({}),
            )?;
            let (branding, _) = branding_for(conn, user_id)?;
            let notice = OutgoingEmail::password_changed(
                &user.email,
                &user.first_name,
                &branding,
                &local_time(now, &user.time_zone),
                &reset_link,
            );
            jobs::enqueue(conn, &Job::SendEmail(notice))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks to change the account's email address (the password is required). A link goes to the
/// new address; the old address is told. Nothing changes until the link is used. The answer is
/// the same whether or not the new address is already taken.
#[utoipa::path(
    tag = "me",
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, description = "Confirmation sent to the new address", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[put("/api/v1/me/email")]
pub async fn change_email(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<ChangeEmailRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let new_email =
        Email::parse(&body.new_email).map_err(|m| AppError::invalid_field("new_email", m))?;
    reauthenticate(&state, &auth.user, &body.password, "password").await?;
    if new_email.normalized() == auth.user.email.to_lowercase() {
        return Err(AppError::invalid_field(
            "new_email",
            "That is already your address.",
        ));
    }
    let user = auth.user.clone();
    let confirm_base = state.link("/confirm-email?token=");
    let reset_link = state.link("/forgot-password");
    state
        .db
        .global(move |conn| {
            let user_id = user.user_id();
            let taken = users::find_by_email(conn, &new_email.normalized())?.is_some();
            if !taken {
                let token = user_tokens::issue_with(
                    conn,
                    user_id,
                    Purpose::EmailChange,
                    Duration::hours(24),
                    Some(new_email.as_str()),
                )?;
                let confirm = OutgoingEmail::email_change(
                    new_email.as_str(),
                    &user.first_name,
                    &format!("{confirm_base}{token}"),
                    "24 hours",
                );
                jobs::enqueue(conn, &Job::SendEmail(confirm))?;
            }
            let notice = OutgoingEmail::email_change_requested(
                &user.email,
                &user.first_name,
                new_email.as_str(),
                &reset_link,
            );
            jobs::enqueue(conn, &Job::SendEmail(notice))?;
            activity::record_event(
                conn,
                user_id,
                "email_change_requested",
                &client,
                serde_json::json!({ "new_email": new_email.as_str() }),
            )
        })
        .await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "Check the new address for a confirmation link. Your address changes once you use it.",
    )))
}

/// Confirms an email change with the link sent to the new address.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 200, description = "The address was changed", body = EmailChanged),
        (status = 400, response = responses::BadRequest),
        (status = 409, response = responses::Conflict),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/email/confirm")]
pub async fn confirm_email_change(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    let token = body.into_inner().token;
    let email = state
        .db
        .global(move |conn| {
            let (user_id, data) =
                user_tokens::consume_with_data(conn, token.trim(), Purpose::EmailChange)?;
            let new_email =
                data.ok_or_else(|| AppError::unexpected("email change without address"))?;
            match queries::set_verified_email(conn, user_id, &new_email) {
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {
                    return Err(AppError::Conflict {
                        code: ProblemCode::EmailTaken,
                        detail:
                            "That address now belongs to another account, so it cannot be used."
                                .into(),
                    });
                }
                other => other?,
            };
            activity::record_event(
                conn,
                user_id,
                "email_changed",
                &client,
                serde_json::json!({ "email": new_email }),
            )?;
            Ok(new_email)
        })
        .await?;
    Ok(HttpResponse::Ok().json(EmailChanged { email }))
}

// --- Links from security emails -------------------------------------------------------------------

/// Unlocks sign-in with the single-use link from the "account locked" email.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 204, description = "Unlocked"),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/unlock")]
pub async fn unlock_account(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    let token = body.into_inner().token;
    state
        .db
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::Unlock)?;
            lockout::clear(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "account_unlocked",
                &client,
                serde_json::json!({}),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "This wasn't me": signs out every session and emails a password reset link.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 202, description = "Secured: all sessions signed out, reset link sent", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/not-me")]
pub async fn not_me(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    let token = body.into_inner().token;
    let reset_base = state.link("/reset-password?token=");
    let ttl = Duration::minutes(state.config.auth.password_reset_ttl_minutes.max(5));
    state
        .db
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::NotMe)?;
            sessions::revoke_all(conn, user_id, None, "not_me")?;
            // Whoever signed in may have asked for an email change or kept a trusted browser.
            user_tokens::cancel_all(conn, user_id)?;
            devices::forget_all(conn, user_id)?;
            let user = users::find(conn, user_id)?
                .ok_or_else(|| AppError::unexpected("token without user"))?;
            let reset = user_tokens::issue(conn, user_id, Purpose::PasswordReset, ttl)?;
            let (branding, _) = branding_for(conn, user_id)?;
            let message = OutgoingEmail::password_reset(
                &user.email,
                &user.first_name,
                &branding,
                &format!("{reset_base}{reset}"),
                "1 hour",
            );
            jobs::enqueue(conn, &Job::SendEmail(message))?;
            activity::record_event(conn, user_id, "not_me", &client, serde_json::json!({}))
        })
        .await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "Every session of the account was signed out. Check your email for a link to choose a new password.",
    )))
}

// --- Two-step verification -------------------------------------------------------------------------

/// Starts TOTP enrolment (the password is required): a new secret to add to an authenticator
/// app. Two-step verification is on once a code from it is confirmed.
#[utoipa::path(
    tag = "me",
    request_body = PasswordConfirmation,
    responses(
        (status = 200, description = "The secret and its otpauth URI", body = TotpSetup),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/me/mfa/totp")]
pub async fn start_totp_enrolment(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<PasswordConfirmation>,
) -> Result<HttpResponse, AppError> {
    let cipher = state.cipher()?;
    if auth.user.mfa_enabled_at.is_some() {
        return Err(AppError::Conflict {
            code: ProblemCode::MfaAlreadyEnabled,
            detail: "Two-step verification is already on. Turn it off first to set up a new app."
                .into(),
        });
    }
    reauthenticate(&state, &auth.user, &body.into_inner().password, "password").await?;
    let secret = mfa::new_secret();
    let totp = mfa::totp(&secret, &auth.user.email)?;
    let otpauth_uri = totp
        .to_url()
        .map_err(|e| AppError::unexpected(format!("otpauth URI: {e}")))?;
    let encrypted = cipher.encrypt(&secret)?;
    let user_id = auth.user_id();
    state
        .db
        .global(move |conn| {
            queries::set_pending_secret(conn, user_id, encrypted)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(TotpSetup {
        secret: mfa::base32(&secret),
        otpauth_uri,
    }))
}

fn invalid_code() -> AppError {
    let mut error = AppError::invalid_field(
        "code",
        "That code is not valid. Enter the current 6-digit code from your app.",
    );
    if let AppError::Validation { code, .. } = &mut error {
        *code = ProblemCode::MfaCodeInvalid;
    }
    error
}

/// Confirms TOTP enrolment with a code from the app; turns two-step verification on, signs out
/// the person's other password-only sessions and returns the recovery codes.
#[utoipa::path(
    tag = "me",
    request_body = TotpCode,
    responses(
        (status = 200, description = "On; the recovery codes and how many sessions were signed out", body = TotpEnabled),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/me/mfa/totp/confirm")]
pub async fn confirm_totp_enrolment(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<TotpCode>,
) -> Result<HttpResponse, AppError> {
    let cipher = state.cipher()?;
    let code = body.into_inner().code;
    let user_id = auth.user_id();
    let email = auth.user.email.clone();
    let current = auth.session.id;
    let (codes, signed_out) = state
        .db
        .global(move |conn| {
            let state = queries::mfa_state(conn, user_id)?;
            if state.enabled_at.is_some() {
                return Err(AppError::Conflict {
                    code: ProblemCode::MfaAlreadyEnabled,
                    detail: "Two-step verification is already on.".into(),
                });
            }
            let stored = state.secret_encrypted.ok_or_else(|| AppError::Conflict {
                code: ProblemCode::MfaNotStarted,
                detail: "Start the setup first: it gives you the secret to add to your app.".into(),
            })?;
            let secret = cipher.decrypt(&stored)?;
            if !mfa::accept_code(conn, user_id, &mfa::totp(&secret, &email)?, &code)? {
                return Err(invalid_code());
            }
            queries::enable_mfa(conn, user_id)?;
            let codes = mfa::replace_recovery_codes(conn, user_id)?;
            // Sessions a password thief may hold end now; this one just proved the code.
            let signed_out =
                sessions::end_password_only(conn, user_id, current, AuthMethod::PasswordTotp)?;
            activity::record_event(
                conn,
                user_id,
                "mfa_enabled",
                &client,
                serde_json::json!({ "signed_out_sessions": signed_out }),
            )?;
            Ok((codes, signed_out))
        })
        .await?;
    Ok(HttpResponse::Ok().json(TotpEnabled {
        recovery_codes: codes,
        signed_out_sessions: signed_out,
    }))
}

/// Checks the password and a second factor of an enrolled person.
async fn reauthenticate_with_mfa(
    state: &AppState,
    auth: &Authenticated,
    body: &SecondFactorConfirmation,
) -> Result<(), AppError> {
    if auth.user.mfa_enabled_at.is_none() {
        return Err(AppError::Conflict {
            code: ProblemCode::MfaNotEnabled,
            detail: "Two-step verification is not on.".into(),
        });
    }
    reauthenticate(state, &auth.user, &body.password, "password").await?;
    let cipher = state.cipher()?;
    let (user_id, email) = (auth.user_id(), auth.user.email.clone());
    let (code, recovery) = (body.code.clone(), body.recovery_code.clone());
    let ok = state
        .db
        .global(move |conn| {
            mfa::verify_second_factor(
                conn,
                &cipher,
                user_id,
                &email,
                code.as_deref(),
                recovery.as_deref(),
            )
        })
        .await?;
    if ok.is_some() {
        Ok(())
    } else {
        Err(invalid_code())
    }
}

/// Turns two-step verification off (password and a current code, or a recovery code, required).
#[utoipa::path(
    tag = "me",
    request_body = SecondFactorConfirmation,
    responses(
        (status = 204, description = "Off"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[delete("/api/v1/me/mfa/totp")]
pub async fn disable_totp(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<SecondFactorConfirmation>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    reauthenticate_with_mfa(&state, &auth, &body).await?;
    let user_id = auth.user_id();
    state
        .db
        .global(move |conn| {
            queries::disable_mfa(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "mfa_disabled",
                &client,
                serde_json::json!({}),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replaces the recovery codes (password and a second factor required).
#[utoipa::path(
    tag = "me",
    request_body = SecondFactorConfirmation,
    responses(
        (status = 200, description = "The new recovery codes", body = RecoveryCodes),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/me/mfa/recovery-codes")]
pub async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<SecondFactorConfirmation>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    reauthenticate_with_mfa(&state, &auth, &body).await?;
    let user_id = auth.user_id();
    let codes = state
        .db
        .global(move |conn| {
            let codes = mfa::replace_recovery_codes(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "recovery_codes_regenerated",
                &client,
                serde_json::json!({}),
            )?;
            Ok(codes)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

// --- Overview ---------------------------------------------------------------------------------------

/// Everything the security settings page shows.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Security overview", body = SecurityOverview),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/security")]
pub async fn get_security_overview(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let user = auth.user.clone();
    let user_id = auth.user_id();
    let policy = state.session_policy;
    let available = state.cipher().is_ok();
    let (codes_left, sessions, orgs) = state
        .db
        .user(user_id, move |conn| {
            let codes_left = mfa::recovery_codes_left(conn, user_id)?;
            let now = Utc::now();
            let sessions = queries::unexpired_sessions(conn, user_id, now)?
                .into_iter()
                .filter(|s| s.is_live(&policy, now))
                .count();
            let memberships = users::memberships_of(conn, user_id)?;
            let mut orgs = Vec::new();
            for m in memberships {
                let org_id = crate::ids::OrgId::from_uuid(m.organization_id);
                vigil_data::enter_tenant(
                    conn,
                    vigil_data::TenantContext::new(org_id, Some(user_id)),
                )?;
                let p = security::policy(conn, org_id)?;
                orgs.push(OrganizationRequirement {
                    organization_id: m.organization_id,
                    organization_name: m.organization_name,
                    require_mfa: p.require_mfa,
                    session_idle_minutes: p.session_idle_minutes,
                });
            }
            Ok((codes_left, sessions, orgs))
        })
        .await?;
    Ok(HttpResponse::Ok().json(SecurityOverview {
        email: user.email.clone(),
        email_verified: user.email_verified_at.is_some(),
        password_changed_at: user.password_changed_at,
        mfa: MfaStatus {
            enabled: user.mfa_enabled_at.is_some(),
            enabled_at: user.mfa_enabled_at,
            recovery_codes_left: codes_left,
            available,
        },
        active_sessions: sessions,
        organizations: orgs,
    }))
}
