//! Step-up: a signed-in person proves who they are again, with the strongest method they have
//! (a passkey, else the password and a code, else the password), before sensitive actions.

use uuid::Uuid;
use webauthn_rs::prelude::PasskeyAuthentication;

use super::{check_second_factor, reauthenticate};
use crate::audit::AuditAction;
use crate::auth::account::dto::{StepUpOptions, StepUpProof, StepUpRequest, SteppedUp};
use crate::auth::account::error::AccountError;
use crate::auth::activity;
use crate::authz::step_up::Strength;
use crate::http::client::ClientContext;
use crate::identity::passkeys::ceremonies::{self, Purpose};
use crate::identity::passkeys::credentials;
use crate::identity::sessions::{self, AuthMethod, Session};
use crate::identity::users::User;
use crate::state::AppState;

fn proof_for(strength: Strength) -> StepUpProof {
    match strength {
        Strength::Password => StepUpProof::Password,
        Strength::SecondFactor => StepUpProof::PasswordAndCode,
        Strength::Passkey => StepUpProof::Passkey,
    }
}

/// What a step-up needs now; for a passkey, its challenge.
pub(crate) async fn options(state: &AppState, user: &User) -> Result<StepUpOptions, AccountError> {
    let strength = Strength::strongest_of(user);
    let minutes = state.config.auth.step_up_minutes;
    let mut options = StepUpOptions {
        proof: proof_for(strength),
        minutes,
        ceremony_token: None,
        expires_at: None,
        passkey: None,
    };
    if strength == Strength::Passkey {
        let webauthn = state.passkeys()?.clone();
        let user_id = user.user_id();
        let (token, expires_at, challenge) = state
            .db
            .data()
            .global(move |conn| {
                let passkeys = credentials::of_user(conn, user_id)?;
                let (challenge, authentication) =
                    webauthn.start_passkey_authentication(&passkeys)?;
                let (token, expires_at) =
                    ceremonies::start(conn, Purpose::StepUp, Some(user_id), &authentication)?;
                Ok::<_, AccountError>((token, expires_at, challenge))
            })
            .await?;
        options.ceremony_token = Some(token);
        options.expires_at = Some(expires_at);
        options.passkey = Some(challenge);
    }
    Ok(options)
}

/// The session's method after a step-up: the sign-in's first factor stays on record.
fn after_step_up(session: &Session, proved: AuthMethod) -> AuthMethod {
    if proved == AuthMethod::PasswordPasskey && session.auth_method == AuthMethod::Passkey {
        AuthMethod::Passkey
    } else {
        proved
    }
}

/// Checks the proof the person's strongest method calls for and renews the session's.
pub(crate) async fn step_up(
    state: &AppState,
    user: &User,
    session: &Session,
    client: ClientContext,
    request: StepUpRequest,
) -> Result<SteppedUp, AccountError> {
    let strength = Strength::strongest_of(user);
    let user_id = user.user_id();
    let proved = match strength {
        Strength::Passkey => {
            let webauthn = state.passkeys()?.clone();
            let (Some(token), Some(answer)) = (request.ceremony_token, request.passkey) else {
                return Err(AccountError::PasskeyRequired);
            };
            state
                .db
                .data()
                .global(move |conn| {
                    let challenge: PasskeyAuthentication =
                        ceremonies::take(conn, token.trim(), Purpose::StepUp, Some(user_id))?
                            .ok_or(AccountError::StepUpExpired)?;
                    if !credentials::check_answer(conn, &webauthn, user_id, &challenge, &answer)? {
                        return Err(AccountError::PasskeyRefused);
                    }
                    Ok(AuthMethod::PasswordPasskey)
                })
                .await?
        }
        Strength::SecondFactor | Strength::Password => {
            let password = request.password.as_deref().unwrap_or_default();
            reauthenticate(state, user, password, "password").await?;
            if strength == Strength::SecondFactor {
                check_second_factor(state, user, request.code, request.recovery_code).await?
            } else {
                AuthMethod::Password
            }
        }
    };
    let method = after_step_up(session, proved);
    let session_id: Uuid = session.id;
    let authenticated_at = state
        .db
        .data()
        .global(move |conn| {
            let at = sessions::stepped_up(conn, session_id, method)?;
            activity::record_event(
                conn,
                user_id,
                "step_up",
                &client,
                serde_json::json!({ "method": method }),
            )?;
            activity::audit_in_each_organisation(
                conn,
                user_id,
                &AuditAction::SteppedUp { method },
                &client,
            )?;
            Ok::<_, AccountError>(at)
        })
        .await?;
    Ok(SteppedUp {
        auth_method: method,
        authenticated_at,
    })
}
