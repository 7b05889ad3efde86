//! What a sign-in checks before the password, in one transaction: nothing slow runs inside
//! (the hash comes after), and a refusal here is recorded by the service.

use chrono::Utc;

use crate::auth::activity::{self, Outcome};
use crate::auth::login::error::LoginError;
use crate::domain::Email;
use crate::http::client::ClientContext;
use crate::identity::devices::{self, DeviceCookie};
use crate::identity::lockout::{self, Attempt, Gate};
use crate::identity::users::{self, User};
use crate::ids::UserId;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;

/// Sign-in attempts from one client address.
const LOGINS_PER_IP: Limit = Limit {
    name: "login:ip",
    max: 30,
    window_secs: 60,
};

/// What the checks before the password came to.
pub(super) enum Before {
    /// Refused before the password was checked (a rate limit, a blocked IP): recorded as
    /// `outcome`, answered with a 429 to retry after `retry_after_secs`.
    Refused {
        user_id: Option<UserId>,
        outcome: Outcome,
        retry_after_secs: u64,
    },
    /// Checked: the account (if the address has one), the attempt on it, and whether this
    /// guess may be checked against its password.
    Checked {
        user: Option<Box<User>>,
        attempt: Option<Attempt>,
        gate: Gate,
    },
}

/// Everything before the password, in one transaction: the IP's rate limit, a blocked IP, the
/// account and its trusted device, the address's lockout, the per-account limit, and the guess
/// taken from the counters. Nothing slow runs inside (the hash comes after).
pub(super) async fn before_the_password(
    state: &AppState,
    cookie: Option<DeviceCookie>,
    client: &ClientContext,
    email: &Email,
) -> Result<Before, LoginError> {
    let ip = client.ip_key();
    let policy = state.lockout_policy;
    let normalized = email.normalized();
    let account_limit = Limit {
        name: "login:account",
        max: state.config.auth.login_per_account_per_minute.max(1),
        window_secs: 60,
    };
    let client = client.clone();
    state
        .db
        .data()
        .global(move |conn| {
            if let Some(retry) = ratelimit::count(conn, &[(LOGINS_PER_IP, ip.clone())])? {
                return Ok(Before::Refused {
                    user_id: None,
                    outcome: Outcome::RateLimited,
                    retry_after_secs: retry,
                });
            }
            if let Some(until) = activity::blocked_until(conn, &client)? {
                let wait = (until - Utc::now()).num_seconds().max(1);
                return Ok(Before::Refused {
                    user_id: None,
                    outcome: Outcome::IpBlocked,
                    retry_after_secs: u64::try_from(wait).unwrap_or(60),
                });
            }
            let user = users::find_by_email(conn, &normalized)?;
            let attempt = match &user {
                Some(user) => Some(Attempt {
                    user_id: user.user_id(),
                    ip,
                    device: devices::honoured(
                        conn,
                        cookie.as_ref(),
                        user.user_id(),
                        policy.device_threshold,
                    )?,
                }),
                None => None,
            };
            let address_locked = match &attempt {
                Some(attempt) => lockout::address_locked(conn, attempt)?,
                None => false,
            };
            // The shared per-account limit is spent neither by an address that is locked out
            // anyway nor by the browser of a person who signed in before (device cookie).
            let trusted = attempt.as_ref().is_some_and(|a| a.device.is_some());
            if !address_locked && !trusted {
                let account_key = ratelimit::email_key(&normalized);
                if let Some(retry) = ratelimit::count(conn, &[(account_limit, account_key)])? {
                    return Ok(Before::Refused {
                        user_id: user.as_ref().map(User::user_id),
                        outcome: Outcome::RateLimited,
                        retry_after_secs: retry,
                    });
                }
            }
            // The guess is taken from the counters before the password is checked.
            let gate = match &attempt {
                Some(_) if address_locked => Gate::Locked,
                Some(attempt) => lockout::take_guess(conn, attempt, &policy)?,
                None => Gate::Open,
            };
            Ok(Before::Checked {
                user: user.map(Box::new),
                attempt,
                gate,
            })
        })
        .await
}
