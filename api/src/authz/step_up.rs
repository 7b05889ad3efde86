//! Step-up: sensitive operations (marked in the operation table) need a proof of identity
//! made within the last few minutes (`VIGIL_STEP_UP_MINUTES`), with the strongest method the
//! person has: a passkey if they have one, else the password and a second factor if they have
//! one, else the password. `POST /api/v1/auth/step-up` renews the proof.

use chrono::{DateTime, Duration, Utc};
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::identity::sessions::{AuthMethod, Session};
use crate::identity::users::User;

/// The strongest way a person can prove who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Password,
    SecondFactor,
    Passkey,
}

impl Strength {
    pub fn strongest_of(user: &User) -> Self {
        if user.passkey_count > 0 {
            Strength::Passkey
        } else if user.mfa_enabled_at.is_some() {
            Strength::SecondFactor
        } else {
            Strength::Password
        }
    }

    /// Whether a proof made with `method` is this strong.
    pub fn met_by(self, method: AuthMethod) -> bool {
        match self {
            Strength::Password => true,
            Strength::SecondFactor => method.is_multi_factor(),
            Strength::Passkey => method.is_phishing_resistant(),
        }
    }
}

/// A sensitive operation without a recent enough, strong enough proof.
#[derive(Clone, Debug, thiserror::Error)]
#[error(
    "Confirm it is you first: this needs a sign-in from the last {minutes} minutes with {}.",
    match .strength {
        Strength::Passkey => "your passkey",
        Strength::SecondFactor => "your password and a code from your authenticator app",
        Strength::Password => "your password",
    }
)]
pub struct StepUpRequired {
    pub strength: Strength,
    pub minutes: i64,
}

impl From<StepUpRequired> for AppError {
    fn from(error: StepUpRequired) -> Self {
        AppError::Forbidden {
            code: ProblemCode::StepUpRequired,
            detail: error.to_string(),
        }
    }
}

/// Refuses unless `session`'s proof is younger than `minutes` and as strong as the strongest
/// method `user` has.
pub fn require_recent(
    user: &User,
    session: &Session,
    minutes: i64,
    now: DateTime<Utc>,
) -> Result<(), StepUpRequired> {
    let strength = Strength::strongest_of(user);
    let recent = session.authenticated_at > now - Duration::minutes(minutes);
    if recent && strength.met_by(session.auth_method) {
        Ok(())
    } else {
        Err(StepUpRequired { strength, minutes })
    }
}
