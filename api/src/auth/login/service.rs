//! The sign-in rules: rate limits and network blocks, the lockout counters, one hash per
//! attempt, every attempt recorded (each in a transaction of its own, so it is kept whatever
//! the answer), and the session opened in one transaction with its new-sign-in email.

use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::auth::activity::{self, Outcome};
use crate::auth::login::checks::{Before, before_the_password};
use crate::auth::login::dto::{LoginRequest, MfaLoginRequest, MfaRequired};
use crate::auth::login::error::LoginError;
use crate::auth::login::queries;
use crate::auth::login::second_factor;
use crate::domain::Email;
use crate::email::{OutgoingEmail, local_time};
use crate::http::client::ClientContext;
use crate::identity::devices::{self, DeviceCookie};
use crate::identity::lockout::{self, Attempt, Gate};
use crate::identity::mfa;
use crate::identity::session_response::SessionResponse;
use crate::identity::sessions::{self, AuthMethod, NewSession};
use crate::identity::user_tokens::{self, Purpose};
use crate::identity::users::{self, User};
use crate::ids::UserId;
use crate::outbox::{self, Job};
use crate::ratelimit::RateLimitError;
use crate::state::{AppState, EncryptionUnavailable};

/// What a right password comes to.
pub(super) enum SignIn {
    Complete(Box<SignedIn>),
    /// A second factor is needed next.
    SecondFactor(Box<MfaRequired>),
}

/// An opened session: the routes set its cookies and answer with `response`.
pub(super) struct SignedIn {
    pub(super) token: String,
    pub(super) remember_me: bool,
    pub(super) device_cookie: Option<DeviceCookie>,
    pub(super) response: SessionResponse,
}

/// Signs out: the session is revoked at once.
pub(super) async fn sign_out(state: &AppState, session_id: Uuid) -> Result<(), LoginError> {
    state
        .db
        .data()
        .global::<_, LoginError, _>(move |conn| Ok(sessions::revoke(conn, session_id, "logout")?))
        .await?;
    Ok(())
}

/// The first step: the password. `cookie` is the browser's device cookie, if any.
pub(super) async fn sign_in(
    state: &AppState,
    cookie: Option<DeviceCookie>,
    client: &ClientContext,
    body: LoginRequest,
) -> Result<SignIn, LoginError> {
    // Validated before anything is counted or recorded: junk (a NUL byte, say) never reaches
    // the database, and a malformed address spends no one's quota.
    let email = Email::parse(&body.email).map_err(LoginError::InvalidEmail)?;
    if body.password.is_empty() {
        return Err(LoginError::PasswordRequired);
    }
    let (user, attempt, gate) =
        match before_the_password(state, cookie.clone(), client, &email).await? {
            Before::Refused {
                user_id,
                outcome,
                retry_after_secs,
            } => {
                record(state, user_id, email.as_str(), client, outcome).await?;
                return Err(RateLimitError::Limited { retry_after_secs }.into());
            }
            Before::Checked {
                user,
                attempt,
                gate,
            } => (user, attempt, gate),
        };
    // Locked accounts are verified against the dummy hash: same work, same answer.
    let stored = match (&user, gate) {
        (Some(user), Gate::Open) => Some(user.password_hash.as_str()),
        _ => None,
    };
    let matched = state.hasher.verify(&body.password, stored).await?;

    let (Some(user), Some(attempt)) = (user, attempt) else {
        record(state, None, email.as_str(), client, Outcome::UnknownEmail).await?;
        after_failure(state, client).await?;
        return Err(LoginError::InvalidCredentials);
    };
    let user_id = Some(user.user_id());
    if gate == Gate::Locked {
        record(state, user_id, email.as_str(), client, Outcome::Locked).await?;
        // A row left beyond its threshold (parallel guesses) becomes a lock that expires.
        settle_locks(state, &user, &attempt, client, false).await?;
        return Err(LoginError::InvalidCredentials);
    }
    if !matched {
        record(state, user_id, email.as_str(), client, Outcome::BadPassword).await?;
        settle_locks(state, &user, &attempt, client, true).await?;
        after_failure(state, client).await?;
        return Err(LoginError::InvalidCredentials);
    }

    // The password is right. Without a second factor the counters start again when the session
    // opens (in its transaction); with one, only once the second factor is right too (the
    // password step proves too little). Only now may the account's state be told.
    if user.disabled_at.is_some() {
        record(state, user_id, email.as_str(), client, Outcome::Disabled).await?;
        return Err(LoginError::AccountDisabled);
    }
    if user.email_verified_at.is_none() {
        record(state, user_id, email.as_str(), client, Outcome::Unverified).await?;
        return Err(LoginError::EmailNotVerified);
    }
    if user.has_second_factor() {
        let next = second_factor::start_second_step(state, &user, body.remember_me).await?;
        record(state, user_id, email.as_str(), client, Outcome::MfaRequired).await?;
        return Ok(SignIn::SecondFactor(Box::new(next)));
    }
    let signed_in = open_session(
        state,
        &user,
        body.remember_me,
        client,
        AuthMethod::Password,
        &attempt,
        cookie,
    )
    .await?;
    Ok(SignIn::Complete(Box::new(signed_in)))
}

/// What the second step of a sign-in came to.
enum SecondStep {
    /// The address (or, without a device cookie, the account) is locked: the code was not
    /// checked.
    Locked,
    Wrong,
    Right(AuthMethod),
}

/// The second step: the TOTP code (or a recovery code). Five tries per password check; wrong
/// codes count toward the account's lockout like wrong passwords.
pub(super) async fn sign_in_second_step(
    state: &AppState,
    cookie: Option<DeviceCookie>,
    client: &ClientContext,
    body: MfaLoginRequest,
) -> Result<SignedIn, LoginError> {
    let (cipher, passkeys) = (state.cipher.clone(), state.passkeys.clone());
    let token = body.mfa_token.trim().to_owned();
    let policy = state.lockout_policy;
    let ip = client.ip_key();
    let body_had_passkey = body.passkey.is_some();
    let outcome = {
        let cookie = cookie.clone();
        state
            .db
            .data()
            .global(move |conn| {
                let Some((challenge_id, challenge)) = mfa::attempt_challenge(conn, &token)? else {
                    return Ok(None);
                };
                let user = users::find(conn, challenge.user_id)?
                    .ok_or(LoginError::ChallengeWithoutUser)?;
                let device = devices::honoured(
                    conn,
                    cookie.as_ref(),
                    challenge.user_id,
                    policy.device_threshold,
                )?;
                let attempt = Attempt {
                    user_id: challenge.user_id,
                    ip,
                    device,
                };
                // A code is a guess like a password: taken from the same counters first.
                let step = if lockout::take_guess(conn, &attempt, &policy)? == Gate::Locked {
                    SecondStep::Locked
                } else {
                    let method = match &body.passkey {
                        Some(answer) => second_factor::check_second_step(
                            conn,
                            passkeys.as_ref(),
                            challenge.user_id,
                            challenge.passkey_state,
                            answer,
                        )?,
                        None => mfa::verify_second_factor(
                            conn,
                            cipher.as_ref().ok_or(EncryptionUnavailable)?,
                            challenge.user_id,
                            &user.email,
                            body.code.as_deref(),
                            body.recovery_code.as_deref(),
                        )?,
                    };
                    match method {
                        Some(method) => {
                            mfa::finish_challenge(conn, challenge_id)?;
                            SecondStep::Right(method)
                        }
                        None => SecondStep::Wrong,
                    }
                };
                Ok::<_, LoginError>(Some((user, challenge.remember_me, attempt, step)))
            })
            .await?
    };
    let Some((user, remember_me, attempt, step)) = outcome else {
        return Err(LoginError::ChallengeInvalid);
    };
    let user_id = Some(user.user_id());
    let method = match step {
        SecondStep::Right(method) => method,
        SecondStep::Locked => {
            record(state, user_id, &user.email, client, Outcome::Locked).await?;
            settle_locks(state, &user, &attempt, client, false).await?;
            return Err(LoginError::Locked);
        }
        SecondStep::Wrong => {
            let (outcome, error) = if body_had_passkey {
                (Outcome::PasskeyFailed, LoginError::PasskeyRefused)
            } else {
                (Outcome::MfaFailed, LoginError::InvalidCode)
            };
            record(state, user_id, &user.email, client, outcome).await?;
            settle_locks(state, &user, &attempt, client, true).await?;
            warn_of_wrong_codes(state, &user, client).await?;
            return Err(error);
        }
    };
    open_session(state, &user, remember_me, client, method, &attempt, cookie).await
}

/// Emails the person at 3, 6, 12, 24... wrong codes in a row.
async fn warn_of_wrong_codes(
    state: &AppState,
    user: &User,
    client: &ClientContext,
) -> Result<(), LoginError> {
    let reset_link = state.link("/forgot-password");
    let (user_id, to, first_name, time_zone) = (
        user.user_id(),
        user.email.clone(),
        user.first_name.clone(),
        user.time_zone,
    );
    let ip = client.ip_key();
    state
        .db
        .data()
        .global(move |conn| {
            let failures = queries::second_factor_failures(conn, user_id)?;
            if notify_after(failures) {
                let message = OutgoingEmail::mfa_failures(
                    &to,
                    &first_name,
                    failures,
                    &ip,
                    &local_time(Utc::now(), time_zone),
                    &reset_link,
                );
                outbox::enqueue(conn, &Job::SendEmail(message))?;
            }
            Ok::<_, LoginError>(())
        })
        .await
}

/// The person is emailed at 3, 6, 12, 24... wrong codes in a row: often enough to notice,
/// not a mail bomb.
fn notify_after(failures: i64) -> bool {
    failures >= 3 && failures % 3 == 0 && (failures / 3).count_ones() == 1
}

/// Writes an attempt in a transaction of its own, so it is kept whatever the answer is.
pub(super) async fn record(
    state: &AppState,
    user_id: Option<UserId>,
    email: &str,
    client: &ClientContext,
    outcome: Outcome,
) -> Result<(), LoginError> {
    let email = email.to_owned();
    let client = client.clone();
    state
        .db
        .data()
        .global::<_, LoginError, _>(move |conn| {
            Ok(activity::record_attempt(
                conn, user_id, &email, &client, outcome,
            )?)
        })
        .await?;
    state.metrics.login_attempt(outcome);
    Ok(())
}

/// After a failed guess: blocks the IP if it is stuffing credentials.
pub(super) async fn after_failure(
    state: &AppState,
    client: &ClientContext,
) -> Result<(), LoginError> {
    let config = &state.config.auth;
    let (threshold, window, block) = (
        config.stuffing_accounts_threshold,
        config.stuffing_window_minutes,
        config.stuffing_block_minutes,
    );
    let client = client.clone();
    state
        .db
        .data()
        .global::<_, LoginError, _>(move |conn| {
            Ok(activity::check_stuffing(
                conn, &client, threshold, window, block,
            )?)
        })
        .await?;
    Ok(())
}

/// Starts the locks that are due after a refused or wrong guess and emails the person an
/// unlock link for a new one. `wrong` = the guess was checked and wrong (it also counts
/// against a trusted device); otherwise it was refused unchecked.
async fn settle_locks(
    state: &AppState,
    user: &User,
    attempt: &Attempt,
    client: &ClientContext,
    wrong: bool,
) -> Result<(), LoginError> {
    let policy = state.lockout_policy;
    let unlock_base = state.link("/unlock?token=");
    let (to, first_name, time_zone) = (user.email.clone(), user.first_name.clone(), user.time_zone);
    let attempt = attempt.clone();
    let event_client = client.clone();
    let locked = state
        .db
        .data()
        .global::<_, LoginError, _>(move |conn| {
            let lock = if wrong {
                lockout::record_failure(conn, &attempt, &policy)?
            } else {
                lockout::lock_due(conn, &attempt, &policy)?
            };
            if let Some(lock) = &lock {
                let user_id = attempt.user_id;
                let token = user_tokens::issue(conn, user_id, Purpose::Unlock, Duration::days(7))?;
                let message = OutgoingEmail::account_locked(
                    &to,
                    &first_name,
                    &lock.scope,
                    &local_time(lock.until, time_zone),
                    &format!("{unlock_base}{token}"),
                );
                outbox::enqueue(conn, &Job::SendEmail(message))?;
                activity::record_event(
                    conn,
                    user_id,
                    "account_locked",
                    &event_client,
                    serde_json::json!({ "scope": lock.scope, "until": lock.until }),
                )?;
            }
            Ok(lock.is_some())
        })
        .await?;
    if locked {
        state.metrics.lockout();
    }
    Ok(())
}

/// Opens the session of a fully authenticated person, records the success, remembers the
/// browser (device cookie) and sends the "new sign-in" email when the network and device are
/// new.
pub(super) async fn open_session(
    state: &AppState,
    user: &User,
    remember_me: bool,
    client: &ClientContext,
    auth_method: AuthMethod,
    attempt: &Attempt,
    cookie: Option<DeviceCookie>,
) -> Result<SignedIn, LoginError> {
    let device = attempt.device.zip(cookie);
    let attempt = attempt.clone();
    let policy = state.session_policy;
    let user_id = user.user_id();
    let days = state.config.auth.new_device_days;
    let not_me_base = state.link("/not-me?token=");
    let (to, first_name, time_zone) = (user.email.clone(), user.first_name.clone(), user.time_zone);
    let client = client.clone();
    let cipher = state.cipher.clone();
    let (issued, access, device_cookie) = state
        .db
        .data()
        .user::<_, LoginError, _>(user_id, move |conn| {
            // Every factor was right: the lockout counters start again.
            lockout::record_success(conn, &attempt)?;
            if activity::is_new_device(conn, user_id, &client, days)? {
                let token = user_tokens::issue(conn, user_id, Purpose::NotMe, Duration::days(7))?;
                let message = OutgoingEmail::new_sign_in(
                    &to,
                    &first_name,
                    &activity::device_name(client.user_agent.as_deref()),
                    &client.ip_key(),
                    &local_time(Utc::now(), time_zone),
                    &format!("{not_me_base}{token}"),
                );
                outbox::enqueue(conn, &Job::SendEmail(message))?;
                activity::record_event(
                    conn,
                    user_id,
                    "new_sign_in",
                    &client,
                    serde_json::json!({}),
                )?;
            }
            activity::record_attempt(conn, Some(user_id), &to, &client, Outcome::Success)?;
            let access = users::member_access(conn, user_id)?;
            let first = users::usable_memberships(&access)
                .first()
                .map(|m| m.organization_id);
            let issued = sessions::create_with(
                conn,
                NewSession {
                    user_id,
                    remember_me,
                    current_organization_id: first,
                    ip: client.ip_string(),
                    user_agent: client.user_agent.clone(),
                },
                auth_method,
                &policy,
            )?;
            // Without an encryption key there is nothing to sign device cookies with.
            let device_cookie = match &cipher {
                Some(cipher) => Some(devices::remember(
                    conn,
                    user_id,
                    device.as_ref().map(|(id, cookie)| (*id, cookie)),
                    cipher,
                )?),
                None => None,
            };
            Ok((issued, access, device_cookie))
        })
        .await?;
    state.metrics.login_attempt(Outcome::Success);
    let response = SessionResponse::of(user, &issued.session, &access, &state.session_policy);
    Ok(SignedIn {
        token: issued.token,
        remember_me,
        device_cookie,
        response,
    })
}

#[cfg(test)]
mod tests {
    use super::notify_after;

    #[test]
    fn second_factor_failure_emails_go_out_at_3_6_12_24() {
        let sent: Vec<i64> = (1..=50).filter(|n| notify_after(*n)).collect();
        assert_eq!(sent, vec![3, 6, 12, 24, 48]);
    }
}
