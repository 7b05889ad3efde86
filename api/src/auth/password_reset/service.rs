//! The password reset rules: the CAPTCHA and rate limits before any email, the same answer
//! whether or not the address has an account, and a reset that ends everything the old
//! password opened (sessions, links, trusted browsers, locks) in one transaction.

use chrono::{Duration, Utc};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::password_reset::dto::{ForgotPasswordRequest, ResetPasswordRequest};
use crate::auth::password_reset::error::ResetError;
use crate::auth::password_reset::queries;
use crate::auth::{activity, branding_for, check_before_emailing};
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::http::client::ClientContext;
use crate::identity::password::{Password, PasswordContext};
use crate::identity::user_tokens::{self, Purpose};
use crate::identity::{devices, lockout, sessions, users};
use crate::outbox::{self, Job};
use crate::ratelimit::Limit;
use crate::state::AppState;
use vigil_data::{TenantContext, enter_tenant};

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

/// Emails a reset link when the address has an account; otherwise nothing, and the caller
/// cannot tell the difference.
pub(super) async fn send_reset_link(
    state: &AppState,
    client: ClientContext,
    body: ForgotPasswordRequest,
) -> Result<(), ResetError> {
    let email = Email::parse(&body.email).map_err(ResetError::InvalidEmail)?;
    check_before_emailing::<ResetError>(
        state,
        &client,
        &body.captcha,
        &email,
        (FORGOT_PER_IP, FORGOT_PER_EMAIL),
    )
    .await?;
    let reset_base = state.link("/reset-password?token=");
    let ttl = Duration::minutes(state.config.auth.password_reset_ttl_minutes.max(5));
    let expires_in = human_minutes(ttl.num_minutes());
    state
        .db
        .data()
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
            outbox::enqueue(conn, &Job::SendEmail(message))?;
            Ok::<_, ResetError>(())
        })
        .await
}

fn human_minutes(minutes: i64) -> String {
    match minutes {
        60 => "1 hour".into(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

/// Sets a new password with the token from the reset email: every session of the account
/// ends, and a "password changed" email is sent. A second factor is not bypassed: the person
/// still signs in afterwards.
pub(super) async fn reset_password(
    state: &AppState,
    client: ClientContext,
    body: ResetPasswordRequest,
) -> Result<(), ResetError> {
    let token = body.token.trim().to_owned();
    // First look: whose token, still usable? (Used for real, under a lock, below.)
    let lookup = token.clone();
    let user = state
        .db
        .data()
        .global(move |conn| {
            let user_id = user_tokens::check(conn, &lookup, Purpose::PasswordReset)?;
            users::find(conn, user_id)?.ok_or_else(ResetError::invalid_link)
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
    .map_err(ResetError::WeakPassword)?;
    let hash = state.hasher.hash(&password).await?;
    let reset_link = state.link("/forgot-password");
    state
        .db
        .data()
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, &token, Purpose::PasswordReset)?;
            let now = Utc::now();
            queries::set_password(conn, user_id, &hash, now)?;
            sessions::revoke_all(conn, user_id, None, "password_reset")?;
            // Every other link sent before (a pending email change above all) stops working,
            // and no browser keeps a way past the locks: whoever had the old password is out.
            user_tokens::cancel_all(conn, user_id)?;
            devices::forget_all(conn, user_id)?;
            lockout::clear(conn, user_id)?;
            activity::record_event(
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
            outbox::enqueue(conn, &Job::SendEmail(notice))?;
            if let Some(org_id) = org {
                enter_tenant(conn, TenantContext::new(org_id, Some(user_id)))?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(user_id), AuditAction::PasswordReset {})
                        .target("user", user_id),
                    &client,
                )?;
            }
            Ok::<_, ResetError>(())
        })
        .await
}
