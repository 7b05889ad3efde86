//! Email verification: the link from the signup email, and resending it.

use actix_web::{HttpResponse, post, web};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::signup::VERIFICATION_EXPIRY_TEXT;
use super::user_tokens::{self, Purpose};
use super::users;
use super::{Accepted, branding_for};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::captcha;
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::jobs::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_data::schema::users as users_table;
use vigil_data::{TenantContext, enter_tenant};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The `token` query parameter of the link in the verification email.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmailVerified {
    pub email: String,
    pub email_verified: bool,
}

/// Verifies the account's email address with the token from the verification email. Sends the
/// welcome email.
#[utoipa::path(
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "The email is verified; the person can sign in", body = EmailVerified),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/verify-email")]
pub(crate) async fn verify_email(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<VerifyEmailRequest>,
) -> Result<HttpResponse, AppError> {
    let token = body.into_inner().token;
    let sign_in = state.link("/login");
    let email = state
        .db
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::VerifyEmail)?;
            diesel::update(users_table::table.find(user_id.into_uuid()))
                .filter(users_table::email_verified_at.is_null())
                .set(users_table::email_verified_at.eq(Utc::now()))
                .execute(conn)?;
            let user = users::find(conn, user_id)?
                .ok_or_else(|| AppError::unexpected("token without its user"))?;
            let (branding, org) = branding_for(conn, user_id)?;
            let welcome =
                OutgoingEmail::welcome(&user.email, &user.first_name, &branding, &sign_in);
            jobs::enqueue(conn, &Job::SendEmail(welcome))?;
            if let Some(org_id) = org {
                enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(user_id), AuditAction::EmailVerified {})
                        .target("user", user_id),
                    &client,
                )?;
            }
            Ok(user.email)
        })
        .await?;
    Ok(HttpResponse::Ok().json(EmailVerified {
        email,
        email_verified: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendVerificationRequest {
    pub email: String,
    /// The CAPTCHA solution.
    pub captcha: String,
}

const RESENDS_PER_EMAIL: Limit = Limit {
    name: "verify-resend:email",
    max: 5,
    window_secs: 3_600,
};
const RESENDS_PER_IP: Limit = Limit {
    name: "verify-resend:ip",
    max: 20,
    window_secs: 3_600,
};

/// Sends a new verification link (the previous one stops working). Always answers 202 the
/// same way, whether or not the address has an unverified account.
#[utoipa::path(
    tag = "auth",
    request_body = ResendVerificationRequest,
    responses(
        (status = 202, description = "If the address has an unverified account, a new link is on its way", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/verify-email/resend")]
pub(crate) async fn resend_verification(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ResendVerificationRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let email = Email::parse(&body.email).map_err(|m| AppError::invalid_field("email", m))?;
    // The CAPTCHA first, redeemed once: requests without a solved one (or replaying one) spend
    // no quota, so nobody can use up a person's resends for free.
    let verified_captcha = state.captcha.verify(&body.captcha, client.ip).await?;
    state
        .db
        .global(move |conn| captcha::redeem(conn, &verified_captcha))
        .await?;
    ratelimit::check(
        &state.db,
        &[
            (RESENDS_PER_IP, client.ip_key()),
            (RESENDS_PER_EMAIL, ratelimit::email_key(&email.normalized())),
        ],
    )
    .await?;
    let verify_base = state.link("/verify-email?token=");
    let ttl = Duration::hours(state.config.auth.verification_ttl_hours.max(1));
    state
        .db
        .global(move |conn| {
            let Some(user) = users::find_by_email(conn, &email.normalized())? else {
                return Ok(());
            };
            if user.email_verified_at.is_some() {
                return Ok(());
            }
            let token = user_tokens::issue(conn, user.user_id(), Purpose::VerifyEmail, ttl)?;
            let (branding, _): (_, Option<OrgId>) = branding_for(conn, user.user_id())?;
            let message = OutgoingEmail::verify_email(
                &user.email,
                &user.first_name,
                &branding,
                &format!("{verify_base}{token}"),
                VERIFICATION_EXPIRY_TEXT,
            );
            jobs::enqueue(conn, &Job::SendEmail(message))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "If this address has an account waiting for verification, a new link is on its way.",
    )))
}
