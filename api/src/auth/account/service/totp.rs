//! Two-step verification with an authenticator app (TOTP): enrolment, confirmation, turning it
//! off and new recovery codes. Changes need the password, and once it is on a second factor too.

use uuid::Uuid;

use super::{check_second_factor, reauthenticate};
use crate::auth::account::dto::{SecondFactorConfirmation, TotpEnabled, TotpSetup};
use crate::auth::account::error::AccountError;
use crate::auth::account::queries;
use crate::auth::activity;
use crate::http::client::ClientContext;
use crate::identity::mfa;
use crate::identity::sessions::{self, AuthMethod};
use crate::identity::users::User;
use crate::state::AppState;

/// Stores a new TOTP secret awaiting confirmation and answers it for the authenticator app.
pub(crate) async fn start_enrolment(
    state: &AppState,
    user: &User,
    password: &str,
) -> Result<TotpSetup, AccountError> {
    let cipher = state.cipher()?;
    if user.mfa_enabled_at.is_some() {
        return Err(AccountError::MfaSetupWhileEnabled);
    }
    reauthenticate(state, user, password, "password").await?;
    let secret = mfa::new_secret();
    let totp = mfa::totp(&secret, &user.email)?;
    let otpauth_uri = totp
        .to_url()
        .map_err(|e| AccountError::OtpauthUri(e.to_string()))?;
    let encrypted = cipher.encrypt(&secret)?;
    let user_id = user.user_id();
    state
        .db
        .data()
        .global(move |conn| {
            queries::set_pending_secret(conn, user_id, encrypted)?;
            Ok::<_, AccountError>(())
        })
        .await?;
    Ok(TotpSetup {
        secret: mfa::base32(&secret),
        otpauth_uri,
    })
}

/// Turns two-step verification on with a code from the app, replaces the recovery codes and
/// ends the person's other password-only sessions.
pub(crate) async fn confirm_enrolment(
    state: &AppState,
    user: &User,
    current: Uuid,
    client: ClientContext,
    code: String,
) -> Result<TotpEnabled, AccountError> {
    let cipher = state.cipher()?;
    let user_id = user.user_id();
    let email = user.email.clone();
    state
        .db
        .data()
        .global(move |conn| {
            let enrolment = queries::mfa_state(conn, user_id)?;
            if enrolment.enabled_at.is_some() {
                return Err(AccountError::MfaAlreadyEnabled);
            }
            let stored = enrolment
                .secret_encrypted
                .ok_or(AccountError::MfaNotStarted)?;
            let secret = cipher.decrypt(&stored)?;
            if !mfa::accept_code(conn, user_id, &mfa::totp(&secret, &email)?, &code)? {
                return Err(AccountError::InvalidCode);
            }
            queries::enable_mfa(conn, user_id)?;
            let recovery_codes = mfa::replace_recovery_codes(conn, user_id)?;
            // Sessions a password thief may hold end now; this one just proved the code.
            let signed_out_sessions =
                sessions::end_password_only(conn, user_id, current, AuthMethod::PasswordTotp)?;
            activity::record_event(
                conn,
                user_id,
                "mfa_enabled",
                &client,
                serde_json::json!({ "signed_out_sessions": signed_out_sessions }),
            )?;
            Ok(TotpEnabled {
                recovery_codes,
                signed_out_sessions,
            })
        })
        .await
}

/// Checks the password and a second factor of an enrolled person.
async fn reauthenticate_with_mfa(
    state: &AppState,
    user: &User,
    proof: &SecondFactorConfirmation,
) -> Result<(), AccountError> {
    if user.mfa_enabled_at.is_none() {
        return Err(AccountError::MfaNotEnabled);
    }
    reauthenticate(state, user, &proof.password, "password").await?;
    check_second_factor(state, user, proof.code.clone(), proof.recovery_code.clone()).await?;
    Ok(())
}

/// Turns two-step verification off: the secret and the recovery codes are forgotten.
pub(crate) async fn disable(
    state: &AppState,
    user: &User,
    client: ClientContext,
    proof: SecondFactorConfirmation,
) -> Result<(), AccountError> {
    reauthenticate_with_mfa(state, user, &proof).await?;
    let user_id = user.user_id();
    state
        .db
        .data()
        .global(move |conn| {
            queries::disable_mfa(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "mfa_disabled",
                &client,
                serde_json::json!({}),
            )?;
            Ok(())
        })
        .await
}

/// Replaces the recovery codes; answers the new ones.
pub(crate) async fn regenerate_recovery_codes(
    state: &AppState,
    user: &User,
    client: ClientContext,
    proof: SecondFactorConfirmation,
) -> Result<Vec<String>, AccountError> {
    reauthenticate_with_mfa(state, user, &proof).await?;
    let user_id = user.user_id();
    state
        .db
        .data()
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
        .await
}
