//! Self-service signup: a new organisation, its owner (unverified), the owner membership, the
//! organisation's storage folders, audit events and the verification email — all or nothing.

use actix_web::{HttpResponse, post, web};
use chrono::Duration;
use diesel::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::password::{Password, PasswordContext};
use super::user_tokens::{self, Purpose};
use super::users::{self, NewUser};
use crate::audit::events::JoinedVia;
use crate::captcha;
use crate::domain::{Email, Fields, OrgName, PersonName};
use crate::email::{Branding, OutgoingEmail};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::{OrgId, UserId};
use crate::jobs::{self, Job};
use crate::organizations::create::{insert_with_owner, with_folders};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_data::{TenantContext, enter_tenant};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[schema(example = "Harbour View Medical Centre")]
    pub organization_name: String,
    #[schema(example = "Jane")]
    pub first_name: String,
    #[schema(example = "Citizen")]
    pub last_name: String,
    #[schema(example = "jane@harbourview.com.au")]
    pub email: String,
    /// At least 15 characters (configurable); see the password policy in the README.
    pub password: String,
    /// The CAPTCHA solution: the ALTCHA widget's payload, or a Turnstile/hCaptcha token.
    pub captcha: String,
    /// Must be true: the terms of service and privacy policy were accepted.
    pub accept_terms: bool,
}

/// The same answer whether or not the address already had an account.
#[derive(Serialize, ToSchema)]
pub struct SignupAccepted {
    /// Always `verification_sent`.
    pub status: &'static str,
    pub email: String,
    pub message: String,
}

const SIGNUPS_PER_IP: Limit = Limit {
    name: "signup:ip",
    max: 10,
    window_secs: 3_600,
};

pub const VERIFICATION_EXPIRY_TEXT: &str = "24 hours";

/// Signs up a new organisation and its owner.
///
/// Answers 202 in every successful case, including when the email already has an account (that
/// person gets an email about the attempt instead), so the response never reveals who is
/// registered.
#[utoipa::path(
    tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = 202, description = "Signed up; a verification email is on its way", body = SignupAccepted),
        (status = 400, response = responses::BadRequest),
        (status = 415, response = responses::UnsupportedMediaType),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/signup")]
pub(crate) async fn signup(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    ratelimit::check(&state.db, &[(SIGNUPS_PER_IP, client.ip_key())]).await?;

    let mut fields = Fields::new();
    let org_name = fields.take("organization_name", OrgName::parse(&body.organization_name));
    let first_name = fields.take(
        "first_name",
        PersonName::parse(&body.first_name, "First name"),
    );
    let last_name = fields.take("last_name", PersonName::parse(&body.last_name, "Last name"));
    let email = fields.take("email", Email::parse(&body.email));
    let context = PasswordContext::new()
        .with(&body.email)
        .with(&body.first_name)
        .with(&body.last_name)
        .with(&body.organization_name);
    let password = fields.take(
        "password",
        Password::parse(
            &body.password,
            state.config.auth.password_min_length,
            &context,
        ),
    );
    if !body.accept_terms {
        fields.add(
            "accept_terms",
            "Accept the terms of service and privacy policy to continue.",
        );
    }
    let (org_name, first_name, last_name, email, password) = fields.finish(crate::all_some!(
        org_name, first_name, last_name, email, password
    ))?;

    let verified_captcha = state.captcha.verify(&body.captcha, client.ip).await?;
    // Hashed in every case, so a duplicate signup takes as long as a new one.
    let password_hash = state.hasher.hash(&password).await?;

    let accepted = HttpResponse::Accepted().json(SignupAccepted {
        status: "verification_sent",
        email: email.as_str().to_owned(),
        message: format!(
            "Check {} for a link to verify your address. It expires in {VERIFICATION_EXPIRY_TEXT}.",
            email.as_str()
        ),
    });

    let org_id = OrgId::new();
    let user_id = UserId::new();
    let reset_link = state.link("/forgot-password");
    let verify_base = state.link("/verify-email?token=");
    let ttl = Duration::hours(state.config.auth.verification_ttl_hours.max(1));
    let db = state.db.clone();
    with_folders(&state, org_id, async move {
        let created = db
            .global(move |conn| {
                captcha::redeem(conn, &verified_captcha)?;
                let inserted = diesel::insert_into(vigil_data::schema::users::table)
                    .values(NewUser {
                        id: user_id.into_uuid(),
                        email: email.as_str(),
                        password_hash: &password_hash,
                        first_name: first_name.as_str(),
                        last_name: last_name.as_str(),
                        email_verified_at: None,
                    })
                    .on_conflict_do_nothing()
                    .execute(conn)?;
                if inserted == 0 {
                    // The address is taken: tell its owner, not the caller.
                    let existing = users::find_by_email(conn, &email.normalized())?
                        .ok_or_else(|| AppError::unexpected("email conflict without a user"))?;
                    let notice = OutgoingEmail::signup_attempt(
                        &existing.email,
                        &existing.first_name,
                        org_name.as_str(),
                        &reset_link,
                    );
                    jobs::enqueue(conn, &Job::SendEmail(notice))?;
                    return Ok(false);
                }

                enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
                insert_with_owner(conn, org_id, &org_name, user_id, JoinedVia::Signup, &client)?;
                let token = user_tokens::issue(conn, user_id, Purpose::VerifyEmail, ttl)?;
                let branding = Branding {
                    organization_name: Some(org_name.as_str().to_owned()),
                    ..Branding::default()
                };
                let email_job = OutgoingEmail::verify_email(
                    email.as_str(),
                    first_name.as_str(),
                    &branding,
                    &format!("{verify_base}{token}"),
                    VERIFICATION_EXPIRY_TEXT,
                );
                jobs::enqueue(conn, &Job::SendEmail(email_job))?;
                Ok(true)
            })
            .await?;
        Ok(((), created))
    })
    .await?;
    Ok(accepted)
}
