//! A passkey as the second factor after the password: the challenge offered with the second
//! step, and the check of its answer.

use diesel::pg::PgConnection;
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential, Webauthn};

use crate::auth::login::dto::{MfaRequired, SecondFactor};
use crate::auth::login::error::LoginError;
use crate::identity::mfa;
use crate::identity::passkeys::credentials;
use crate::identity::sessions::AuthMethod;
use crate::identity::users::User;
use crate::ids::UserId;
use crate::state::AppState;

/// Starts the second step of a person whose password was right: the ways they can do it and,
/// when they have passkeys (and the server can check them), a challenge for those passkeys.
pub(super) async fn start_second_step(
    state: &AppState,
    user: &User,
    remember_me: bool,
) -> Result<MfaRequired, LoginError> {
    let webauthn = state.passkeys.clone().filter(|_| user.passkey_count > 0);
    let user_id = user.user_id();
    let mut methods = Vec::new();
    if user.mfa_enabled_at.is_some() {
        methods.push(SecondFactor::Totp);
    }
    if webauthn.is_some() {
        methods.push(SecondFactor::Passkey);
    }
    methods.push(SecondFactor::RecoveryCode);
    let (mfa_token, expires_at, passkey) = state
        .db
        .data()
        .global(move |conn| {
            let offer = match &webauthn {
                Some(webauthn) => {
                    let passkeys = credentials::of_user(conn, user_id)?;
                    Some(webauthn.start_passkey_authentication(&passkeys)?)
                }
                None => None,
            };
            let (options, passkey_state) = match offer {
                Some((options, state)) => (Some(options), Some(serde_json::to_value(state)?)),
                None => (None, None),
            };
            let (token, expires_at) =
                mfa::start_challenge(conn, user_id, remember_me, passkey_state)?;
            Ok::<_, LoginError>((token, expires_at, options))
        })
        .await?;
    Ok(MfaRequired {
        mfa_required: true,
        mfa_token,
        expires_at,
        methods,
        passkey,
    })
}

/// Checks a passkey's answer to the challenge issued with the second step: `Some` when it is
/// right (its use is recorded), `None` when it is refused.
pub(super) fn check_second_step(
    conn: &mut PgConnection,
    webauthn: Option<&Webauthn>,
    user_id: UserId,
    challenge: Option<serde_json::Value>,
    answer: &PublicKeyCredential,
) -> Result<Option<AuthMethod>, LoginError> {
    let (Some(webauthn), Some(challenge)) = (webauthn, challenge) else {
        return Ok(None);
    };
    let challenge: PasskeyAuthentication = serde_json::from_value(challenge)?;
    let right = credentials::check_answer(conn, webauthn, user_id, &challenge, answer)?;
    Ok(right.then_some(AuthMethod::PasswordPasskey))
}
