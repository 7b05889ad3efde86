//! Registering, naming and removing the person's passkeys. Registering and removing need the
//! password: a stolen session alone must neither add a way in nor take one away.

use uuid::Uuid;
use webauthn_rs::prelude::PasskeyRegistration;
use webauthn_rs_proto::ResidentKeyRequirement;

use super::reauthenticate;
use crate::audit::AuditAction;
use crate::audit::events::PasskeyName;
use crate::auth::account::dto::{
    PasskeyInfo, PasskeyRegistered, PasskeyRegistrationOptions, RegisterPasskeyRequest,
};
use crate::auth::account::error::AccountError;
use crate::auth::account::queries;
use crate::auth::activity;
use crate::http::client::ClientContext;
use crate::identity::mfa;
use crate::identity::passkeys::ceremonies::{self, Purpose};
use crate::identity::passkeys::credentials::{self, PasskeyRow};
use crate::identity::passkeys::refused;
use crate::identity::sessions::{self, AuthMethod};
use crate::identity::users::{self, User};
use crate::ids::UserId;
use crate::state::AppState;

impl From<PasskeyRow> for PasskeyInfo {
    fn from(row: PasskeyRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
}

/// A passkey's name: trimmed, 1 to 60 characters.
fn passkey_name(raw: &str) -> Result<String, AccountError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(AccountError::PasskeyName);
    }
    Ok(name.to_owned())
}

pub(crate) async fn list(
    state: &AppState,
    user_id: UserId,
) -> Result<Vec<PasskeyInfo>, AccountError> {
    let rows = state
        .db
        .data()
        .global(move |conn| Ok::<_, AccountError>(credentials::list(conn, user_id)?))
        .await?;
    Ok(rows.into_iter().map(PasskeyInfo::from).collect())
}

/// Starts a registration (the password is required): creation options that exclude the
/// person's passkeys and ask for a discoverable credential, so it can also sign in alone.
pub(crate) async fn start_registration(
    state: &AppState,
    user: &User,
    password: &str,
) -> Result<PasskeyRegistrationOptions, AccountError> {
    let webauthn = state.passkeys()?.clone();
    reauthenticate(state, user, password, "password").await?;
    let user_id = user.user_id();
    let email = user.email.clone();
    let display_name = format!("{} {}", user.first_name, user.last_name);
    state
        .db
        .data()
        .global(move |conn| {
            let handle = credentials::handle_of(conn, user_id)?;
            let registered = credentials::of_user(conn, user_id)?
                .iter()
                .map(|passkey| passkey.cred_id().clone())
                .collect();
            let (mut options, registration) = webauthn.start_passkey_registration(
                handle,
                &email,
                display_name.trim(),
                Some(registered),
            )?;
            if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
                selection.resident_key = Some(ResidentKeyRequirement::Preferred);
                selection.require_resident_key = false;
            }
            let (registration_token, expires_at) =
                ceremonies::start(conn, Purpose::Registration, Some(user_id), &registration)?;
            Ok(PasskeyRegistrationOptions {
                registration_token,
                expires_at,
                options,
            })
        })
        .await
}

/// Finishes a registration. The first second factor also brings recovery codes; as with
/// TOTP, the person's other password-only sessions end and this one counts as signed in with
/// the passkey (it just proved it).
pub(crate) async fn register(
    state: &AppState,
    user_id: UserId,
    current: Uuid,
    client: ClientContext,
    request: RegisterPasskeyRequest,
) -> Result<PasskeyRegistered, AccountError> {
    let webauthn = state.passkeys()?.clone();
    let name = passkey_name(&request.name)?;
    state
        .db
        .data()
        .global(move |conn| {
            let registration: PasskeyRegistration = ceremonies::take(
                conn,
                request.registration_token.trim(),
                Purpose::Registration,
                Some(user_id),
            )?
            .ok_or(AccountError::RegistrationExpired)?;
            let passkey = webauthn
                .finish_passkey_registration(&request.credential, &registration)
                .map_err(|error| {
                    refused(&error);
                    AccountError::PasskeyRefused
                })?;
            let first = !users::find(conn, user_id)?
                .ok_or(AccountError::TokenWithoutUser)?
                .has_second_factor();
            let row = credentials::insert(conn, Uuid::new_v4(), user_id, &name, &passkey)?
                .ok_or(AccountError::PasskeyExists)?;
            let recovery_codes = if first {
                Some(mfa::replace_recovery_codes(conn, user_id)?)
            } else {
                None
            };
            let signed_out_sessions =
                sessions::end_password_only(conn, user_id, current, AuthMethod::PasswordPasskey)?;
            activity::record_event(
                conn,
                user_id,
                "passkey_added",
                &client,
                serde_json::json!({ "name": name, "signed_out_sessions": signed_out_sessions }),
            )?;
            activity::audit_in_each_organisation(
                conn,
                user_id,
                &AuditAction::PasskeyAdded(PasskeyName { name: name.clone() }),
                &client,
            )?;
            Ok(PasskeyRegistered {
                passkey: row.into(),
                recovery_codes,
                signed_out_sessions,
            })
        })
        .await
}

pub(crate) async fn rename(
    state: &AppState,
    user_id: UserId,
    id: Uuid,
    name: &str,
) -> Result<PasskeyInfo, AccountError> {
    let name = passkey_name(name)?;
    state
        .db
        .data()
        .global(move |conn| {
            credentials::rename(conn, user_id, id, &name)?
                .map(PasskeyInfo::from)
                .ok_or(AccountError::PasskeyNotFound)
        })
        .await
}

/// Removes a passkey (the password is required). The recovery codes go with the last second
/// factor.
pub(crate) async fn remove(
    state: &AppState,
    user: &User,
    id: Uuid,
    password: &str,
    client: ClientContext,
) -> Result<(), AccountError> {
    reauthenticate(state, user, password, "password").await?;
    let user_id = user.user_id();
    state
        .db
        .data()
        .global(move |conn| {
            let name =
                credentials::delete(conn, user_id, id)?.ok_or(AccountError::PasskeyNotFound)?;
            // The last passkey stays while an organisation requires one of this person.
            if credentials::list(conn, user_id)?.is_empty() {
                let now = chrono::Utc::now();
                if let Some(org) = users::member_access(conn, user_id)?
                    .into_iter()
                    .find(|a| a.is_usable(now) && a.require_passkey.applies_to(a.role))
                {
                    return Err(AccountError::PasskeyRequiredBy(org.name));
                }
            }
            queries::forget_recovery_codes_without_second_factor(conn, user_id)?;
            activity::record_event(
                conn,
                user_id,
                "passkey_removed",
                &client,
                serde_json::json!({ "name": name }),
            )?;
            activity::audit_in_each_organisation(
                conn,
                user_id,
                &AuditAction::PasskeyRemoved(PasskeyName { name }),
                &client,
            )?;
            Ok(())
        })
        .await
}
