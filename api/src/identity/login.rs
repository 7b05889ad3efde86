//! Sign-in (password, then TOTP when enrolled), sign-out and the current session.
//!
//! Every attempt is recorded. Wrong email, wrong password and a locked account answer
//! identically and take the same time (one argon2id verification each); an unverified or
//! disabled account is told so only once its password is right.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::activity::{self, Outcome};
use super::devices::{self, DeviceCookie};
use super::lockout::{self, Attempt, Gate};
use super::mfa;
use super::sessions::{self, AuthMethod, NewSession, Session, SessionPolicy};
use super::user_tokens::{self, Purpose};
use super::users::{self, MembershipSummary, User, UserResponse};
use crate::domain::Email;
use crate::email::OutgoingEmail;
use crate::email::local_time;
use crate::error::AppError;
use crate::http::auth::{Authenticated, expired_session_cookie, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::{OrgId, UserId};
use crate::jobs::{self, Job};
use crate::organizations::security;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;
use vigil_data::TenantContext;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Keep the session for 30 days after its last use (sliding, but at most 90 days from this
    /// sign-in) instead of ending it with the browser session.
    #[serde(default)]
    pub remember_me: bool,
}

/// The signed-in person, their organisations and what the web app needs to make requests.
/// The session token itself is only ever in the HttpOnly cookie.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub user: UserResponse,
    pub memberships: Vec<MembershipSummary>,
    /// The organisation the web app opens by default.
    pub current_organization_id: Option<Uuid>,
    /// Send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    pub remember_me: bool,
    pub expires_at: DateTime<Utc>,
    /// Minutes without activity after which this session ends: the server's, or the current
    /// organisation's policy when it is stricter. `null` for "remember me" sessions.
    pub idle_timeout_minutes: Option<i64>,
    /// When this session ends unless it is used before (any request counts, recorded at most
    /// once a minute); never later than `expires_at`. `null` for "remember me" sessions.
    /// Compare it with the response's `Date` header, not the client's clock.
    pub idle_expires_at: Option<DateTime<Utc>>,
}

impl SessionResponse {
    /// The response for `session`, with its idle expiry under the server's policy and the
    /// current organisation's (read here, in that organisation's tenant context).
    pub async fn load(
        state: &AppState,
        user: &User,
        session: &Session,
        memberships: Vec<MembershipSummary>,
    ) -> Result<Self, AppError> {
        let current = current_organization(session, &memberships);
        let org_minutes = match current {
            Some(org) if !session.remember_me => {
                let (org_id, user_id) = (OrgId::from_uuid(org), user.user_id());
                state
                    .db
                    .tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
                        Ok(security::policy(conn, org_id)?.session_idle_minutes)
                    })
                    .await?
            }
            _ => None,
        };
        let idle = idle_window(&state.session_policy, org_minutes);
        Ok(Self::new(user, session, memberships, current, idle))
    }

    fn new(
        user: &User,
        session: &Session,
        memberships: Vec<MembershipSummary>,
        current: Option<Uuid>,
        idle: Duration,
    ) -> Self {
        let (idle_timeout_minutes, idle_expires_at) = if session.remember_me {
            (None, None)
        } else {
            (
                Some(idle.num_minutes()),
                Some((session.last_seen_at + idle).min(session.expires_at)),
            )
        };
        Self {
            user: UserResponse::from(user),
            memberships,
            current_organization_id: current,
            csrf_token: session.csrf_token.clone(),
            remember_me: session.remember_me,
            expires_at: session.expires_at,
            idle_timeout_minutes,
            idle_expires_at,
        }
    }
}

/// The organisation the web app opens: the session's, while the person is still a member, or
/// their first.
fn current_organization(session: &Session, memberships: &[MembershipSummary]) -> Option<Uuid> {
    session
        .current_organization_id
        .filter(|id| memberships.iter().any(|m| m.organization_id == *id))
        .or_else(|| memberships.first().map(|m| m.organization_id))
}

/// The idle window in force: the organisation's policy applies only when it is stricter (the
/// request guard enforces it for that organisation's requests; the server's for all).
fn idle_window(policy: &SessionPolicy, org_minutes: Option<i32>) -> Duration {
    org_minutes
        .map(|m| Duration::minutes(i64::from(m)).min(policy.idle))
        .unwrap_or(policy.idle)
}

/// The password was right and a second factor is needed.
#[derive(Serialize, ToSchema)]
pub struct MfaRequired {
    /// Always true.
    pub mfa_required: bool,
    /// Send back to `POST /api/v1/auth/login/mfa` with the code (valid 5 minutes).
    pub mfa_token: String,
    pub expires_at: DateTime<Utc>,
}

const LOGINS_PER_IP: Limit = Limit {
    name: "login:ip",
    max: 30,
    window_secs: 60,
};

fn invalid_credentials() -> AppError {
    AppError::Unauthorized {
        code: ProblemCode::InvalidCredentials,
        detail: "The email or password is incorrect.".into(),
    }
}

/// Writes an attempt in a transaction of its own, so it is kept whatever the answer is.
async fn record(
    state: &AppState,
    user_id: Option<UserId>,
    email: &str,
    client: &ClientContext,
    outcome: Outcome,
) -> Result<(), AppError> {
    let email = email.to_owned();
    let client = client.clone();
    state
        .db
        .global(move |conn| activity::record_attempt(conn, user_id, &email, &client, outcome))
        .await?;
    state.metrics.login_attempt(outcome);
    Ok(())
}

/// After a failed guess: blocks the IP if it is stuffing credentials.
async fn after_failure(state: &AppState, client: &ClientContext) -> Result<(), AppError> {
    let config = &state.config.auth;
    let (threshold, window, block) = (
        config.stuffing_accounts_threshold,
        config.stuffing_window_minutes,
        config.stuffing_block_minutes,
    );
    let client = client.clone();
    state
        .db
        .global(move |conn| activity::check_stuffing(conn, &client, threshold, window, block))
        .await
        .map(|_| ())
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
) -> Result<(), AppError> {
    let policy = state.lockout_policy;
    let unlock_base = state.link("/unlock?token=");
    let (to, first_name, time_zone) = (user.email.clone(), user.first_name.clone(), user.time_zone);
    let attempt = attempt.clone();
    let event_client = client.clone();
    let locked = state
        .db
        .global(move |conn| {
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
                jobs::enqueue(conn, &Job::SendEmail(message))?;
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

/// Signs in. Answers 200 with the session, or 202 when a TOTP code is needed next.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie (and the device cookie) is set", body = SessionResponse),
        (status = 202, description = "Password accepted; send the TOTP code to /auth/login/mfa", body = MfaRequired),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/login")]
pub(crate) async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    // Validated before anything is counted or recorded: junk (a NUL byte, say) never reaches
    // the database, and a malformed address spends no one's quota.
    let email = Email::parse(&body.email).map_err(|m| AppError::invalid_field("email", m))?;
    if body.password.is_empty() {
        return Err(AppError::invalid_field("password", "Password is required."));
    }
    if let Err(limited) = ratelimit::check(&state.db, &[(LOGINS_PER_IP, client.ip_key())]).await {
        record(&state, None, email.as_str(), &client, Outcome::RateLimited).await?;
        return Err(limited);
    }
    let blocked = {
        let client = client.clone();
        state
            .db
            .global(move |conn| activity::blocked_until(conn, &client))
            .await?
    };
    if let Some(until) = blocked {
        record(&state, None, email.as_str(), &client, Outcome::IpBlocked).await?;
        return Err(AppError::TooManyRequests {
            retry_after_secs: u64::try_from((until - Utc::now()).num_seconds().max(1))
                .unwrap_or(60),
        });
    }

    let ip = client.ip_key();
    let policy = state.lockout_policy;
    let cookie = devices::from_request(&req, state.cipher.as_ref());
    let normalized = email.normalized();
    let (user, attempt, address_locked) = {
        let (ip, cookie) = (ip.clone(), cookie.clone());
        state
            .db
            .global(move |conn| {
                let Some(user) = users::find_by_email(conn, &normalized)? else {
                    return Ok((None, None, false));
                };
                let user_id = user.user_id();
                let device =
                    devices::honoured(conn, cookie.as_ref(), user_id, policy.device_threshold)?;
                let attempt = Attempt {
                    user_id,
                    ip,
                    device,
                };
                let locked = lockout::address_locked(conn, &attempt)?;
                Ok((Some(user), Some(attempt), locked))
            })
            .await?
    };
    // The shared per-account limit is spent neither by an address that is locked out anyway
    // nor by the browser of a person who signed in before (device cookie).
    let trusted = attempt.as_ref().is_some_and(|a| a.device.is_some());
    if !address_locked && !trusted {
        let account_limit = Limit {
            name: "login:account",
            max: state.config.auth.login_per_account_per_minute.max(1),
            window_secs: 60,
        };
        let account_key = ratelimit::email_key(&email.normalized());
        if let Err(limited) = ratelimit::check(&state.db, &[(account_limit, account_key)]).await {
            record(
                &state,
                user.as_ref().map(User::user_id),
                email.as_str(),
                &client,
                Outcome::RateLimited,
            )
            .await?;
            return Err(limited);
        }
    }

    // The guess is taken from the counters before the password is checked.
    let gate = match (&attempt, address_locked) {
        (Some(_), true) => Gate::Locked,
        (Some(attempt), false) => {
            let attempt = attempt.clone();
            state
                .db
                .global(move |conn| lockout::take_guess(conn, &attempt, &policy))
                .await?
        }
        (None, _) => Gate::Open,
    };
    // Locked accounts are verified against the dummy hash: same work, same answer.
    let stored = match (&user, gate) {
        (Some(user), Gate::Open) => Some(user.password_hash.as_str()),
        _ => None,
    };
    let matched = state.hasher.verify(&body.password, stored).await?;

    let (Some(user), Some(attempt)) = (user, attempt) else {
        record(&state, None, email.as_str(), &client, Outcome::UnknownEmail).await?;
        after_failure(&state, &client).await?;
        return Err(invalid_credentials());
    };
    let user_id = user.user_id();
    if gate == Gate::Locked {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Locked,
        )
        .await?;
        // A row left beyond its threshold (parallel guesses) becomes a lock that expires.
        settle_locks(&state, &user, &attempt, &client, false).await?;
        return Err(invalid_credentials());
    }
    if !matched {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::BadPassword,
        )
        .await?;
        settle_locks(&state, &user, &attempt, &client, true).await?;
        after_failure(&state, &client).await?;
        return Err(invalid_credentials());
    }

    // The password is right. Without a second factor the counters start again now; with one,
    // only once the second factor is right too (the password step proves too little).
    if user.mfa_enabled_at.is_none() {
        let attempt = attempt.clone();
        state
            .db
            .global(move |conn| lockout::record_success(conn, &attempt))
            .await?;
    }
    // Only now may the account's state be told.
    if user.disabled_at.is_some() {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Disabled,
        )
        .await?;
        return Err(AppError::Forbidden {
            code: ProblemCode::AccountDisabled,
            detail: "This account is disabled. Contact your organisation's administrator.".into(),
        });
    }
    if user.email_verified_at.is_none() {
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::Unverified,
        )
        .await?;
        return Err(AppError::Forbidden {
            code: ProblemCode::EmailNotVerified,
            detail:
                "Verify your email address first: use the link we sent you, or ask for a new one."
                    .into(),
        });
    }
    if user.mfa_enabled_at.is_some() {
        let remember_me = body.remember_me;
        let (token, expires_at) = state
            .db
            .global(move |conn| mfa::start_challenge(conn, user_id, remember_me))
            .await?;
        record(
            &state,
            Some(user_id),
            email.as_str(),
            &client,
            Outcome::MfaRequired,
        )
        .await?;
        return Ok(HttpResponse::Accepted().json(MfaRequired {
            mfa_required: true,
            mfa_token: token,
            expires_at,
        }));
    }
    let device = attempt.device.zip(cookie);
    complete_sign_in(
        &state,
        &user,
        body.remember_me,
        &client,
        AuthMethod::Password,
        device,
    )
    .await
}

/// Opens the session of a fully authenticated person, records the success, gives the browser
/// its device cookie and sends the "new sign-in" email when the network and device are new.
async fn complete_sign_in(
    state: &AppState,
    user: &User,
    remember_me: bool,
    client: &ClientContext,
    auth_method: AuthMethod,
    device: Option<(Uuid, DeviceCookie)>,
) -> Result<HttpResponse, AppError> {
    let policy = state.session_policy;
    let user_id = user.user_id();
    let days = state.config.auth.new_device_days;
    let not_me_base = state.link("/not-me?token=");
    let (to, first_name, time_zone) = (user.email.clone(), user.first_name.clone(), user.time_zone);
    let client = client.clone();
    let cipher = state.cipher.clone();
    let (issued, memberships, device_cookie) = state
        .db
        .user(user_id, move |conn| {
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
                jobs::enqueue(conn, &Job::SendEmail(message))?;
                activity::record_event(
                    conn,
                    user_id,
                    "new_sign_in",
                    &client,
                    serde_json::json!({}),
                )?;
            }
            activity::record_attempt(conn, Some(user_id), &to, &client, Outcome::Success)?;
            let memberships = users::memberships_of(conn, user_id)?;
            let issued = sessions::create_with(
                conn,
                NewSession {
                    user_id,
                    remember_me,
                    current_organization_id: memberships
                        .first()
                        .map(|m| OrgId::from_uuid(m.organization_id)),
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
            Ok((issued, memberships, device_cookie))
        })
        .await?;
    state.metrics.login_attempt(Outcome::Success);
    let cookie = session_cookie(&issued.token, remember_me.then_some(policy.remember));
    let mut response = HttpResponse::Ok();
    response.cookie(cookie);
    if let Some(device_cookie) = device_cookie {
        response.cookie(device_cookie.cookie());
    }
    Ok(response.json(SessionResponse::load(state, user, &issued.session, memberships).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaLoginRequest {
    /// From the 202 answer of `/auth/login`.
    pub mfa_token: String,
    /// The 6-digit code from the authenticator app.
    pub code: Option<String>,
    /// Or one of the recovery codes (each works once).
    pub recovery_code: Option<String>,
}

/// What the second step of a sign-in came to.
enum SecondStep {
    /// The address (or, without a device cookie, the account) is locked: the code was not
    /// checked.
    Locked,
    Wrong,
    Right(AuthMethod),
}

/// Consecutive wrong second-factor codes since the last complete sign-in.
fn second_factor_failures(
    conn: &mut diesel::pg::PgConnection,
    user_id: UserId,
) -> Result<i64, AppError> {
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Uuid as SqlUuid};
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM login_attempts
         WHERE user_id = $1 AND outcome = 'mfa_failed'
           AND created_at > COALESCE((SELECT max(created_at) FROM login_attempts
                                      WHERE user_id = $1 AND outcome = 'success'), '-infinity')",
    )
    .bind::<SqlUuid, _>(user_id.into_uuid())
    .get_result(conn)?;
    Ok(count.n)
}

/// The person is emailed at 3, 6, 12, 24... wrong codes in a row: often enough to notice,
/// not a mail bomb.
fn notify_after(failures: i64) -> bool {
    failures >= 3 && failures % 3 == 0 && (failures / 3).count_ones() == 1
}

/// Completes a sign-in with the TOTP code (or a recovery code). Five tries per password check;
/// wrong codes count toward the account's lockout like wrong passwords.
#[utoipa::path(
    tag = "auth",
    request_body = MfaLoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie (and the device cookie) is set", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/login/mfa")]
pub(crate) async fn login_mfa(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: Json<MfaLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let cipher = state.cipher()?;
    let token = body.mfa_token.trim().to_owned();
    let cookie = devices::from_request(&req, Some(&cipher));
    let policy = state.lockout_policy;
    let ip = client.ip_key();
    let outcome = {
        let cookie = cookie.clone();
        state
            .db
            .global(move |conn| {
                let Some((challenge_id, challenge)) = mfa::attempt_challenge(conn, &token)? else {
                    return Ok(None);
                };
                let user = users::find(conn, challenge.user_id)?
                    .ok_or_else(|| AppError::unexpected("challenge without its user"))?;
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
                    match mfa::verify_second_factor(
                        conn,
                        &cipher,
                        challenge.user_id,
                        &user.email,
                        body.code.as_deref(),
                        body.recovery_code.as_deref(),
                    )? {
                        Some(method) => {
                            mfa::finish_challenge(conn, challenge_id)?;
                            lockout::record_success(conn, &attempt)?;
                            SecondStep::Right(method)
                        }
                        None => SecondStep::Wrong,
                    }
                };
                Ok(Some((user, challenge.remember_me, attempt, step)))
            })
            .await?
    };
    let Some((user, remember_me, attempt, step)) = outcome else {
        return Err(AppError::Unauthorized {
            code: ProblemCode::MfaChallengeInvalid,
            detail: "This sign-in step has expired or was tried too often. Sign in again with your password.".into(),
        });
    };
    let method = match step {
        SecondStep::Right(method) => method,
        SecondStep::Locked => {
            record(
                &state,
                Some(user.user_id()),
                &user.email,
                &client,
                Outcome::Locked,
            )
            .await?;
            settle_locks(&state, &user, &attempt, &client, false).await?;
            return Err(AppError::Unauthorized {
                code: ProblemCode::SignInLocked,
                detail: "Too many wrong attempts: sign-in is paused for a while. Use the unlock link we emailed you, or try again later.".into(),
            });
        }
        SecondStep::Wrong => {
            record(
                &state,
                Some(user.user_id()),
                &user.email,
                &client,
                Outcome::MfaFailed,
            )
            .await?;
            settle_locks(&state, &user, &attempt, &client, true).await?;
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
                .global(move |conn| {
                    let failures = second_factor_failures(conn, user_id)?;
                    if notify_after(failures) {
                        let message = OutgoingEmail::mfa_failures(
                            &to,
                            &first_name,
                            failures,
                            &ip,
                            &local_time(Utc::now(), time_zone),
                            &reset_link,
                        );
                        jobs::enqueue(conn, &Job::SendEmail(message))?;
                    }
                    Ok(())
                })
                .await?;
            return Err(AppError::Unauthorized {
                code: ProblemCode::MfaCodeInvalid,
                detail: "That code is not valid. Use the current 6-digit code from your authenticator app (each code works once), or a recovery code.".into(),
            });
        }
    };
    let device = attempt.device.zip(cookie);
    complete_sign_in(&state, &user, remember_me, &client, method, device).await
}

/// Signs out: the session is revoked at once and the cookie cleared.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
    )
)]
#[post("/api/v1/auth/logout")]
pub(crate) async fn logout(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let session_id = auth.session.id;
    state
        .db
        .global(move |conn| sessions::revoke(conn, session_id, "logout"))
        .await?;
    Ok(HttpResponse::NoContent()
        .cookie(expired_session_cookie())
        .finish())
}

/// The signed-in person, their organisations and the CSRF token.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The current session", body = SessionResponse),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/auth/session")]
pub(crate) async fn get_session(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let user_id = auth.user_id();
    let memberships = state
        .db
        .user(user_id, move |conn| users::memberships_of(conn, user_id))
        .await?;
    Ok(HttpResponse::Ok()
        .json(SessionResponse::load(&state, &auth.user, &auth.session, memberships).await?))
}

#[cfg(test)]
mod tests {
    use super::{Duration, SessionPolicy, idle_window, notify_after};

    #[test]
    fn an_organisations_idle_policy_applies_only_when_stricter() {
        let policy = SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            remember: Duration::days(30),
            remember_max: Duration::days(90),
        };
        assert_eq!(idle_window(&policy, None), Duration::minutes(30));
        assert_eq!(idle_window(&policy, Some(10)), Duration::minutes(10));
        assert_eq!(idle_window(&policy, Some(120)), Duration::minutes(30));
    }

    #[test]
    fn second_factor_failure_emails_go_out_at_3_6_12_24() {
        let sent: Vec<i64> = (1..=50).filter(|n| notify_after(*n)).collect();
        assert_eq!(sent, vec![3, 6, 12, 24, 48]);
    }
}
