//! The signup rules: every field checked at once, the CAPTCHA redeemed once, a duplicate
//! address answered like a new one (its owner is emailed instead), and the organisation, its
//! owner, folders, audit events and verification email created all or nothing.

use chrono::Duration;

use crate::audit::events::JoinedVia;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::signup::dto::{
    EmailVerified, ResendVerificationRequest, SignupAccepted, SignupRequest,
};
use crate::auth::signup::error::SignupError;
use crate::auth::signup::queries;
use crate::auth::{branding_for, check_before_emailing};
use crate::captcha;
use crate::domain::{Email, Fields, OrgName, PersonName};
use crate::email::{Branding, OutgoingEmail};
use crate::http::client::ClientContext;
use crate::identity::password::{Password, PasswordContext};
use crate::identity::user_tokens::{self, Purpose};
use crate::identity::users::{self, NewUser};
use crate::ids::{OrgId, UserId};
use crate::organizations::create::{insert_with_owner, with_folders};
use crate::outbox::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_data::{TenantContext, enter_tenant};

const SIGNUPS_PER_IP: Limit = Limit {
    name: "signup:ip",
    max: 10,
    window_secs: 3_600,
};
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

const VERIFICATION_EXPIRY_TEXT: &str = "24 hours";

/// Signs up a new organisation and its owner. The answer is the same when the address already
/// has an account, so it never reveals who is registered.
pub(super) async fn sign_up(
    state: &AppState,
    client: ClientContext,
    body: SignupRequest,
) -> Result<SignupAccepted, SignupError> {
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

    let accepted = SignupAccepted {
        status: "verification_sent",
        email: email.as_str().to_owned(),
        message: format!(
            "Check {} for a link to verify your address. It expires in {VERIFICATION_EXPIRY_TEXT}.",
            email.as_str()
        ),
    };

    let org_id = OrgId::new();
    let user_id = UserId::new();
    let reset_link = state.link("/forgot-password");
    let verify_base = state.link("/verify-email?token=");
    let ttl = verification_ttl(state);
    let db = state.db.clone();
    with_folders(state, org_id, async move {
        let created = db
            .data()
            .global(move |conn| {
                captcha::redeem(conn, &verified_captcha)?;
                let new_user = NewUser {
                    id: user_id,
                    email: email.as_str(),
                    password_hash: &password_hash,
                    first_name: first_name.as_str(),
                    last_name: last_name.as_str(),
                    email_verified_at: None,
                };
                if !queries::insert_user(conn, &new_user)? {
                    // The address is taken: tell its owner, not the caller.
                    let existing = users::find_by_email(conn, &email.normalized())?
                        .ok_or(SignupError::ConflictWithoutUser)?;
                    let notice = OutgoingEmail::signup_attempt(
                        &existing.email,
                        &existing.first_name,
                        org_name.as_str(),
                        &reset_link,
                    );
                    outbox::enqueue(conn, &Job::SendEmail(notice))?;
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
                outbox::enqueue(conn, &Job::SendEmail(email_job))?;
                Ok::<_, SignupError>(true)
            })
            .await?;
        Ok::<_, SignupError>(((), created))
    })
    .await?;
    Ok(accepted)
}

fn verification_ttl(state: &AppState) -> Duration {
    Duration::hours(state.config.auth.verification_ttl_hours.max(1))
}

/// Verifies the account's address with the token from the verification email, and sends the
/// welcome email.
pub(super) async fn verify_email(
    state: &AppState,
    client: ClientContext,
    token: String,
) -> Result<EmailVerified, SignupError> {
    let sign_in = state.link("/login");
    let email = state
        .db
        .data()
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::VerifyEmail)?;
            queries::mark_verified(conn, user_id)?;
            let user = users::find(conn, user_id)?.ok_or(SignupError::TokenWithoutUser)?;
            let (branding, org) = branding_for(conn, user_id)?;
            let welcome =
                OutgoingEmail::welcome(&user.email, &user.first_name, &branding, &sign_in);
            outbox::enqueue(conn, &Job::SendEmail(welcome))?;
            if let Some(org_id) = org {
                enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(user_id), AuditAction::EmailVerified {})
                        .target("user", user_id),
                    &client,
                )?;
            }
            Ok::<_, SignupError>(user.email)
        })
        .await?;
    Ok(EmailVerified {
        email,
        email_verified: true,
    })
}

/// Sends a new verification link (the previous one stops working) when the address has an
/// unverified account; otherwise nothing, and the caller cannot tell the difference.
pub(super) async fn resend_verification(
    state: &AppState,
    client: ClientContext,
    body: ResendVerificationRequest,
) -> Result<(), SignupError> {
    let email = Email::parse(&body.email).map_err(SignupError::InvalidEmail)?;
    check_before_emailing::<SignupError>(
        state,
        &client,
        &body.captcha,
        &email,
        (RESENDS_PER_IP, RESENDS_PER_EMAIL),
    )
    .await?;
    let verify_base = state.link("/verify-email?token=");
    let ttl = verification_ttl(state);
    state
        .db
        .data()
        .global(move |conn| {
            let Some(user) = users::find_by_email(conn, &email.normalized())? else {
                return Ok(());
            };
            if user.email_verified_at.is_some() {
                return Ok(());
            }
            let token = user_tokens::issue(conn, user.user_id(), Purpose::VerifyEmail, ttl)?;
            let (branding, _) = branding_for(conn, user.user_id())?;
            let message = OutgoingEmail::verify_email(
                &user.email,
                &user.first_name,
                &branding,
                &format!("{verify_base}{token}"),
                VERIFICATION_EXPIRY_TEXT,
            );
            outbox::enqueue(conn, &Job::SendEmail(message))?;
            Ok::<_, SignupError>(())
        })
        .await
}
