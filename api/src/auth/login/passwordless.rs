//! Signing in with a passkey alone: a discoverable credential names its person through its
//! user handle. A refused answer is told apart to no one; the reason goes to the log.

use chrono::Utc;
use webauthn_rs::prelude::DiscoverableAuthentication;

use crate::auth::activity::{self, Outcome};
use crate::auth::login::dto::{PasskeySignInOptions, PasskeySignInRequest};
use crate::auth::login::error::LoginError;
use crate::auth::login::service::{SignedIn, after_failure, open_session, record};
use crate::http::client::ClientContext;
use crate::identity::devices::{self, DeviceCookie};
use crate::identity::lockout::Attempt;
use crate::identity::passkeys::ceremonies::{self, Purpose};
use crate::identity::passkeys::{credentials, refused};
use crate::identity::sessions::AuthMethod;
use crate::identity::users::{self, User};
use crate::ratelimit::{self, Limit, RateLimitError};
use crate::state::AppState;

/// Passwordless sign-ins started or finished from one client address.
const PASSKEY_SIGN_INS_PER_IP: Limit = Limit {
    name: "passkey-sign-in:ip",
    max: 30,
    window_secs: 60,
};

/// Starts a passwordless sign-in: a challenge any passkey of this site may answer.
pub(super) async fn start_sign_in(
    state: &AppState,
    client: &ClientContext,
) -> Result<PasskeySignInOptions, LoginError> {
    let webauthn = state.passkeys()?.clone();
    ratelimit::check(&state.db, &[(PASSKEY_SIGN_INS_PER_IP, client.ip_key())]).await?;
    let (options, challenge) = webauthn.start_discoverable_authentication()?;
    let (ceremony_token, expires_at) = state
        .db
        .data()
        .global(move |conn| {
            Ok::<_, LoginError>(ceremonies::start(conn, Purpose::SignIn, None, &challenge)?)
        })
        .await?;
    Ok(PasskeySignInOptions {
        ceremony_token,
        expires_at,
        options,
    })
}

/// What a passkey's answer came to.
enum Answer {
    /// Refused; the person, when the passkey named one of ours.
    Refused(Option<Box<User>>),
    Right(Box<User>, Attempt),
}

/// Finishes a passwordless sign-in. The passkey is the whole proof, so the password's lockout
/// does not apply: a passkey cannot be guessed, and the real person keeps a way in while
/// someone guesses their password. The account's own state still does.
pub(super) async fn sign_in(
    state: &AppState,
    cookie: Option<DeviceCookie>,
    client: &ClientContext,
    body: PasskeySignInRequest,
) -> Result<SignedIn, LoginError> {
    let webauthn = state.passkeys()?.clone();
    ratelimit::check(&state.db, &[(PASSKEY_SIGN_INS_PER_IP, client.ip_key())]).await?;
    if let Some(until) = blocked_until(state, client).await? {
        let wait = (until - Utc::now()).num_seconds().max(1);
        return Err(RateLimitError::Limited {
            retry_after_secs: u64::try_from(wait).unwrap_or(60),
        }
        .into());
    }
    let (policy, ip, remember_me) = (state.lockout_policy, client.ip_key(), body.remember_me);
    let device_cookie = cookie.clone();
    let answer = state
        .db
        .data()
        .global(move |conn| {
            let challenge: DiscoverableAuthentication =
                ceremonies::take(conn, body.ceremony_token.trim(), Purpose::SignIn, None)?
                    .ok_or(LoginError::PasskeyCeremonyExpired)?;
            let answer = &body.credential;
            let (handle, credential_id) =
                match webauthn.identify_discoverable_authentication(answer) {
                    Ok(found) => found,
                    Err(error) => {
                        refused(&error);
                        return Ok(Answer::Refused(None));
                    }
                };
            let Some(stored) = credentials::find_for_handle(conn, handle, credential_id)? else {
                return Ok(Answer::Refused(None));
            };
            let user =
                users::find(conn, stored.user_id)?.ok_or(LoginError::ChallengeWithoutUser)?;
            let result = match webauthn.finish_discoverable_authentication_v2(
                answer,
                challenge,
                &stored.passkey,
            ) {
                Ok(result) => result,
                Err(error) => {
                    refused(&error);
                    return Ok(Answer::Refused(Some(Box::new(user))));
                }
            };
            if !credentials::record_use(conn, stored, &result)? {
                return Ok(Answer::Refused(Some(Box::new(user))));
            }
            let device = devices::honoured(
                conn,
                device_cookie.as_ref(),
                user.user_id(),
                policy.device_threshold,
            )?;
            let attempt = Attempt {
                user_id: user.user_id(),
                ip,
                device,
            };
            Ok::<_, LoginError>(Answer::Right(Box::new(user), attempt))
        })
        .await?;
    let (user, attempt) = match answer {
        Answer::Right(user, attempt) => (user, attempt),
        Answer::Refused(user) => {
            if let Some(user) = user {
                let user_id = Some(user.user_id());
                record(state, user_id, &user.email, client, Outcome::PasskeyFailed).await?;
            }
            after_failure(state, client).await?;
            return Err(LoginError::PasskeyRefused);
        }
    };
    let user_id = Some(user.user_id());
    if user.disabled_at.is_some() {
        record(state, user_id, &user.email, client, Outcome::Disabled).await?;
        return Err(LoginError::AccountDisabled);
    }
    if user.email_verified_at.is_none() {
        record(state, user_id, &user.email, client, Outcome::Unverified).await?;
        return Err(LoginError::EmailNotVerified);
    }
    open_session(
        state,
        &user,
        remember_me,
        client,
        AuthMethod::Passkey,
        &attempt,
        cookie,
    )
    .await
}

async fn blocked_until(
    state: &AppState,
    client: &ClientContext,
) -> Result<Option<chrono::DateTime<Utc>>, LoginError> {
    let client = client.clone();
    state
        .db
        .data()
        .global(move |conn| Ok::<_, LoginError>(activity::blocked_until(conn, &client)?))
        .await
}
