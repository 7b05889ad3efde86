//! The account rules: who may change what, with which proof, and what is recorded and emailed.
//! Each change is written in one transaction; the checks before it (the re-authentication rate
//! limit, a second factor) run in their own. Failures are [`AccountError`]s.

use chrono::{Duration, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::auth::account::dto::{
    ChangeEmailRequest, ChangePasswordRequest, MfaStatus, OrganizationRequirement,
    SecurityOverview, SessionInfo,
};
use crate::auth::account::error::AccountError;
use crate::auth::account::queries;
use crate::auth::activity::{self, device_name};
use crate::auth::branding_for;
use crate::domain::Email;
use crate::email::{OutgoingEmail, local_time};
use crate::http::client::ClientContext;
use crate::identity::password::{Password, PasswordContext};
use crate::identity::sessions;
use crate::identity::user_tokens::{self, Purpose};
use crate::identity::users::{self, User};
use crate::identity::{devices, lockout, mfa};
use crate::ids::UserId;
use crate::outbox::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;

pub(super) mod passkeys;
pub(super) mod step_up;
pub(super) mod totp;

// --- Sessions ---------------------------------------------------------------------------------

/// The person's live sessions, most recently used first.
pub(super) async fn list_sessions(
    state: &AppState,
    user_id: UserId,
    current: Uuid,
) -> Result<Vec<SessionInfo>, AccountError> {
    let policy = state.session_policy;
    let rows = state
        .db
        .data()
        .global(move |conn| {
            queries::unexpired_sessions(conn, user_id, Utc::now()).map_err(AccountError::Database)
        })
        .await?;
    let now = Utc::now();
    Ok(rows
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
        .collect())
}

/// Signs out one of the person's sessions.
pub(super) async fn revoke_session(
    state: &AppState,
    user_id: UserId,
    session_id: Uuid,
    client: ClientContext,
) -> Result<(), AccountError> {
    state
        .db
        .data()
        .global(move |conn| {
            if queries::revoke_session(conn, user_id, session_id)? == 0 {
                return Err(AccountError::SessionNotFound);
            }
            activity::record_event(
                conn,
                user_id,
                "session_revoked",
                &client,
                serde_json::json!({ "session_id": session_id }),
            )?;
            Ok(())
        })
        .await
}

/// Signs out every session of the person but `keep`; answers how many.
pub(super) async fn revoke_other_sessions(
    state: &AppState,
    user_id: UserId,
    keep: Uuid,
    client: ClientContext,
) -> Result<usize, AccountError> {
    state
        .db
        .data()
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
        .await
}

// --- Password and email -------------------------------------------------------------------------

/// Re-authentication guesses per person (password changes, email changes, MFA changes).
const REAUTH_PER_USER: Limit = Limit {
    name: "reauth:user",
    max: 10,
    window_secs: 900,
};

/// Checks the current password of a signed-in person; `field` names it when wrong.
pub(super) async fn reauthenticate(
    state: &AppState,
    user: &User,
    password: &str,
    field: &'static str,
) -> Result<(), AccountError> {
    ratelimit::check(&state.db, &[(REAUTH_PER_USER, user.id.to_string())]).await?;
    if !state
        .hasher
        .verify(password, Some(&user.password_hash))
        .await?
    {
        return Err(AccountError::WrongPassword { field });
    }
    Ok(())
}

/// Checks a TOTP code or a recovery code of `user` (a recovery code is spent); the method it
/// proves.
pub(super) async fn check_second_factor(
    state: &AppState,
    user: &User,
    code: Option<String>,
    recovery_code: Option<String>,
) -> Result<sessions::AuthMethod, AccountError> {
    let cipher = state.cipher()?;
    let (user_id, email) = (user.user_id(), user.email.clone());
    state
        .db
        .data()
        .global(move |conn| {
            Ok::<_, AccountError>(mfa::verify_second_factor(
                conn,
                &cipher,
                user_id,
                &email,
                code.as_deref(),
                recovery_code.as_deref(),
            )?)
        })
        .await?
        .ok_or(AccountError::InvalidCode)
}

/// Changes the password of `user`, signs out their sessions but `keep`, voids the links sent
/// before and emails a notice.
pub(super) async fn change_password(
    state: &AppState,
    user: &User,
    keep: Uuid,
    client: ClientContext,
    request: ChangePasswordRequest,
) -> Result<(), AccountError> {
    reauthenticate(state, user, &request.current_password, "current_password").await?;
    let context = PasswordContext::new()
        .with(&user.email)
        .with(&user.first_name)
        .with(&user.last_name);
    let password = Password::parse(
        &request.new_password,
        state.config.auth.password_min_length,
        &context,
    )
    .map_err(AccountError::WeakPassword)?;
    if state
        .hasher
        .verify(&request.new_password, Some(&user.password_hash))
        .await?
    {
        return Err(AccountError::SamePassword);
    }
    let hash = state.hasher.hash(&password).await?;
    let user = user.clone();
    let reset_link = state.link("/forgot-password");
    state
        .db
        .data()
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
                &local_time(now, user.time_zone),
                &reset_link,
            );
            outbox::enqueue(conn, &Job::SendEmail(notice))?;
            Ok(())
        })
        .await
}

/// Sends a confirmation link to the new address (unless another account has it: the answer
/// must not tell) and a notice to the current one. Nothing changes until the link is used.
pub(super) async fn change_email(
    state: &AppState,
    user: &User,
    client: ClientContext,
    request: ChangeEmailRequest,
) -> Result<(), AccountError> {
    let new_email = Email::parse(&request.new_email).map_err(AccountError::InvalidEmail)?;
    reauthenticate(state, user, &request.password, "password").await?;
    if new_email.normalized() == user.email.to_lowercase() {
        return Err(AccountError::SameEmail);
    }
    let user = user.clone();
    let confirm_base = state.link("/confirm-email?token=");
    let reset_link = state.link("/forgot-password");
    state
        .db
        .data()
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
                outbox::enqueue(conn, &Job::SendEmail(confirm))?;
            }
            let notice = OutgoingEmail::email_change_requested(
                &user.email,
                &user.first_name,
                new_email.as_str(),
                &reset_link,
            );
            outbox::enqueue(conn, &Job::SendEmail(notice))?;
            activity::record_event(
                conn,
                user_id,
                "email_change_requested",
                &client,
                serde_json::json!({ "new_email": new_email.as_str() }),
            )?;
            Ok(())
        })
        .await
}

/// Uses an email change link; answers the new address.
pub(super) async fn confirm_email_change(
    state: &AppState,
    client: ClientContext,
    token: String,
) -> Result<String, AccountError> {
    state
        .db
        .data()
        .global(move |conn| {
            let (user_id, data) =
                user_tokens::consume_with_data(conn, token.trim(), Purpose::EmailChange)?;
            let new_email = data.ok_or(AccountError::EmailChangeWithoutAddress)?;
            match queries::set_verified_email(conn, user_id, &new_email) {
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                    return Err(AccountError::EmailTaken);
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
        .await
}

// --- Links from security emails -------------------------------------------------------------------

/// Uses an unlock link: sign-in is no longer locked.
pub(super) async fn unlock(
    state: &AppState,
    client: ClientContext,
    token: String,
) -> Result<(), AccountError> {
    state
        .db
        .data()
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::Unlock)?;
            lockout::clear(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "account_unlocked",
                &client,
                serde_json::json!({}),
            )?;
            Ok(())
        })
        .await
}

/// Uses a "this wasn't me" link: every session ends, every link and trusted browser is
/// forgotten, and a password reset link is emailed.
pub(super) async fn not_me(
    state: &AppState,
    client: ClientContext,
    token: String,
) -> Result<(), AccountError> {
    let reset_base = state.link("/reset-password?token=");
    let ttl = Duration::minutes(state.config.auth.password_reset_ttl_minutes.max(5));
    state
        .db
        .data()
        .global(move |conn| {
            let user_id = user_tokens::consume(conn, token.trim(), Purpose::NotMe)?;
            sessions::revoke_all(conn, user_id, None, "not_me")?;
            // Whoever signed in may have asked for an email change or kept a trusted browser.
            user_tokens::cancel_all(conn, user_id)?;
            devices::forget_all(conn, user_id)?;
            let user = users::find(conn, user_id)?.ok_or(AccountError::TokenWithoutUser)?;
            let reset = user_tokens::issue(conn, user_id, Purpose::PasswordReset, ttl)?;
            let (branding, _) = branding_for(conn, user_id)?;
            let message = OutgoingEmail::password_reset(
                &user.email,
                &user.first_name,
                &branding,
                &format!("{reset_base}{reset}"),
                "1 hour",
            );
            outbox::enqueue(conn, &Job::SendEmail(message))?;
            activity::record_event(conn, user_id, "not_me", &client, serde_json::json!({}))?;
            Ok(())
        })
        .await
}

// --- Overview ---------------------------------------------------------------------------------------

/// Everything the security settings page shows.
pub(super) async fn security_overview(
    state: &AppState,
    user: &User,
) -> Result<SecurityOverview, AccountError> {
    let user_id = user.user_id();
    let policy = state.session_policy;
    let available = state.cipher().is_ok();
    // The user's own context: their memberships, then each organisation's policy.
    let (codes_left, sessions, organizations) = state
        .db
        .data()
        .user(user_id, move |conn| {
            let codes_left = mfa::recovery_codes_left(conn, user_id)?;
            let now = Utc::now();
            let sessions = queries::unexpired_sessions(conn, user_id, now)?
                .into_iter()
                .filter(|s| s.is_live(&policy, now))
                .count();
            let organizations = users::member_access(conn, user_id)?
                .into_iter()
                .filter(|a| a.is_usable(now))
                .map(|a| OrganizationRequirement {
                    organization_id: a.org_id.into(),
                    organization_name: a.name,
                    require_mfa: a.require_mfa,
                    require_passkey: a.require_passkey.applies_to(a.role),
                    session_idle_minutes: a.session_idle_minutes,
                })
                .collect::<Vec<_>>();
            Ok::<_, AccountError>((codes_left, sessions, organizations))
        })
        .await?;
    Ok(SecurityOverview {
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
        organizations,
    })
}
