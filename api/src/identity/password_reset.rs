//! Forgotten passwords: a single-use, one-hour link by email; using it sets a new password
//! and signs the person out everywhere.

use actix_web::{HttpResponse, post, web};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::password::{Password, PasswordContext};
use super::user_tokens::{self, Purpose};
use super::{Accepted, branding_for, sessions, users};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::captcha;
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::jobs::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_data::schema::users as users_table;
use vigil_data::{TenantContext, enter_tenant};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
    /// The CAPTCHA solution.
    pub captcha: String,
}

const FORGOT_PER_EMAIL: Limit = Limit {
    name: "password-forgot:email",
    max: 5,
    window_secs: 3_600,
};
const FORGOT_PER_IP: Limit = Limit {
    name: "password-forgot:ip",
    max: 20,
    window_secs: 3_600,
};

/// Emails a password reset link. Always answers 202 the same way, whether or not the address
/// has an account.
#[utoipa::path(
    tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "If the address has an account, a reset link is on its way", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/password/forgot")]
pub(crate) async fn forgot_password(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ForgotPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let email = Email::parse(&body.email).map_err(|m| AppError::invalid_field("email", m))?;
    // The CAPTCHA first, redeemed once: requests without a solved one (or replaying one) spend
    // no quota, so nobody can use up a person's reset emails for free.
    let verified_captcha = state.captcha.verify(&body.captcha, client.ip).await?;
    state
        .db
        .global(move |conn| captcha::redeem(conn, &verified_captcha))
        .await?;
    ratelimit::check(
        &state.db,
        &[
            (FORGOT_PER_IP, client.ip_key()),
            (FORGOT_PER_EMAIL, ratelimit::email_key(&email.normalized())),
        ],
    )
    .await?;
    let reset_base = state.link("/reset-password?token=");
    let ttl = Duration::minutes(state.config.auth.password_reset_ttl_minutes.max(5));
    let expires_in = human_minutes(ttl.num_minutes());
    state
        .db
        .global(move |conn| {
            let Some(user) = users::find_by_email(conn, &email.normalized())? else {
                return Ok(());
            };
            let token = user_tokens::issue(conn, user.user_id(), Purpose::PasswordReset, ttl)?;
            let (branding, _) = branding_for(conn, user.user_id())?;
            let message = OutgoingEmail::password_reset(
                &user.email,
                &user.first_name,
                &branding,
                &format!("{reset_base}{token}"),
                &expires_in,
            );
            jobs::enqueue(conn, &Job::SendEmail(message))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "If this address has a Vigil account, a link to reset its password is on its way.",
    )))
}

fn human_minutes(minutes: i64) -> String {
    match minutes {
        60 => "1 hour".into(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The `token` query parameter of the link in the reset email.
    pub token: String,
    pub password: String,
}

/// Sets a new password with the token from the reset email. Every session of the account is
/// signed out, and a "password changed" email is sent. Multi-factor sign-in is not bypassed:
/// the person still signs in afterwards.
#[utoipa::path(
    tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed; sign in with the new password"),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/password/reset")]
pub(crate) async fn reset_password(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ResetPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let token = body.token.trim().to_owned();
    // First look: whose token, still usable? (Used for real, under a lock, below.)
    let lookup = token.clone();
    let user = state
        .db
        .global(move |conn| {
            let user_id = user_tokens::check(conn, &lookup, Purpose::PasswordReset)?;
            users::find(conn, user_id)?.ok_or_else(|| Purpose::PasswordReset.invalid())
        })
        .await?;
    let context = PasswordContext::new()
        .with(&user.email)
        .with(&user.first_name)
        .with(&user.last_name);
    let password = Password::parse(
        &body.password,
        state.config.auth.password_min_length,
        &context,
    )
    .map_err(|m| AppError::invalid_field("password", m))?;
    let hash = state.hasher.hash(&password).await?;
    let reset_link = state.link("/forgot-password");
    state
        .db
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, &token, Purpose::PasswordReset)?;
            let now = Utc::now();
            diesel::update(users_table::table.find(user_id.into_uuid()))
                .set((
                    users_table::password_hash.eq(&hash),
                    users_table::password_changed_at.eq(now),
                    users_table::updated_at.eq(now),
                ))
                .execute(conn)?;
            // The link proved the person reads this mailbox.
            diesel::update(users_table::table.find(user_id.into_uuid()))
                .filter(users_table::email_verified_at.is_null())
                .set(users_table::email_verified_at.eq(now))
                .execute(conn)?;
            sessions::revoke_all(conn, user_id, None, "password_reset")?;
            // Every other link sent before (a pending email change above all) stops working,
            // and no browser keeps a way past the locks: whoever had the old password is out.
            user_tokens::cancel_all(conn, user_id)?;
            super::devices::forget_all(conn, user_id)?;
            super::lockout::clear(conn, user_id)?;
            super::activity::record_event(
                conn,
                user_id,
                "password_reset",
                &client,
                serde_json::json!({}),
            )?;
            let (branding, org) = branding_for(conn, user_id)?;
            let notice = OutgoingEmail::password_changed(
                &user.email,
                &user.first_name,
                &branding,
                &now.format("%-d %b %Y %H:%M UTC").to_string(),
                &reset_link,
            );
            jobs::enqueue(conn, &Job::SendEmail(notice))?;
            if let Some(org_id) = org {
                enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(user_id), AuditAction::PasswordReset {})
                        .target("user", user_id),
                    &client,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
