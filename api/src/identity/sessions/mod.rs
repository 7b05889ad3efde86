//! Browser sessions: an opaque random token in a cookie; the database keeps its SHA-256.
//!
//! Without "remember me" a session ends after `idle` minutes without use or `absolute` hours
//! in all; with it, `remember_days` after its last use (sliding), but never later than
//! `remember_max_days` after its sign-in. Activity is written at most once a minute, not on
//! every request. Each session records how its person signed in (`auth_method`) and when.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::config::AuthConfig;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::tokens;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::sessions;

/// How long sessions live.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
    /// Sliding lifetime of a remembered session...
    pub remember: Duration,
    /// ...and its absolute one, from the sign-in.
    pub remember_max: Duration,
}

impl SessionPolicy {
    pub fn from_config(config: &AuthConfig) -> Self {
        let remember_max = Duration::days(config.remember_me_max_days.max(1));
        Self {
            idle: Duration::minutes(config.session_idle_minutes.max(1)),
            absolute: Duration::hours(config.session_absolute_hours.max(1)),
            remember: Duration::days(config.remember_me_days.max(1)).min(remember_max),
            remember_max,
        }
    }

    /// When a remembered session authenticated at `authenticated_at` and used at `now` ends.
    fn remembered_until(
        &self,
        authenticated_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DateTime<Utc> {
        (now + self.remember).min(authenticated_at + self.remember_max)
    }
}

mod live;

pub use live::{FindLive, LiveSession};
pub use vigil_core::sign_in::AuthMethod;

/// Activity is recorded at most this often.
const TOUCH_EVERY: i64 = 60;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: Uuid,
    pub user_id: UserId,
    pub csrf_token: String,
    pub remember_me: bool,
    pub current_organization_id: Option<OrgId>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub auth_method: AuthMethod,
    pub authenticated_at: DateTime<Utc>,
}

impl Session {
    pub fn user_id(&self) -> UserId {
        self.user_id
    }

    /// Whether the session may still be used at `now` under `policy`.
    pub fn is_live(&self, policy: &SessionPolicy, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self.expires_at > now
            && if self.remember_me {
                // Also for sessions whose expiry was set under a longer policy.
                self.authenticated_at + policy.remember_max > now
            } else {
                self.last_seen_at + policy.idle > now
            }
    }

    /// For operations (and organisations) that need a second factor: 403
    /// `mfa-step-up-required` when this session was opened with the password alone.
    pub fn require_multi_factor(&self) -> Result<(), AppError> {
        if self.auth_method.is_multi_factor() {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                code: ProblemCode::MfaStepUpRequired,
                detail: "This needs a session signed in with two-step verification. Sign out, then sign in again with your password and a code from your authenticator app.".into(),
            })
        }
    }
}

/// A session just created: the raw token goes into the cookie, and nowhere else.
pub struct IssuedSession {
    pub session: Session,
    pub token: String,
}

pub struct NewSession {
    pub user_id: UserId,
    pub remember_me: bool,
    pub current_organization_id: Option<OrgId>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A session opened with the password alone (new accounts, invitations).
pub fn create(
    conn: &mut PgConnection,
    new: NewSession,
    policy: &SessionPolicy,
) -> QueryResult<IssuedSession> {
    create_with(conn, new, AuthMethod::Password, policy)
}

/// A session whose person signed in with `auth_method`.
pub fn create_with(
    conn: &mut PgConnection,
    new: NewSession,
    auth_method: AuthMethod,
    policy: &SessionPolicy,
) -> QueryResult<IssuedSession> {
    let token = tokens::generate();
    let now = Utc::now();
    let expires_at = if new.remember_me {
        policy.remembered_until(now, now)
    } else {
        now + policy.absolute
    };
    let session = diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(Uuid::new_v4()),
            sessions::user_id.eq(new.user_id),
            sessions::token_hash.eq(tokens::hash(&token)),
            sessions::csrf_token.eq(tokens::generate()),
            sessions::remember_me.eq(new.remember_me),
            sessions::current_organization_id.eq(new.current_organization_id),
            sessions::ip.eq(new.ip),
            sessions::user_agent.eq(new.user_agent),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
            sessions::auth_method.eq(auth_method),
            sessions::authenticated_at.eq(now),
        ))
        .returning(Session::as_returning())
        .get_result(conn)?;
    Ok(IssuedSession { session, token })
}

pub fn revoke(conn: &mut PgConnection, session_id: Uuid, reason: &str) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(())
}

/// Revokes every live session of a user, except `keep` (the current one) when given.
pub fn revoke_all(
    conn: &mut PgConnection,
    user_id: UserId,
    keep: Option<Uuid>,
    reason: &str,
) -> QueryResult<usize> {
    let keep = keep.unwrap_or(Uuid::nil());
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep)),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
}

/// Records a step-up on the session: proved again now, with `method`.
pub fn stepped_up(
    conn: &mut PgConnection,
    session_id: Uuid,
    method: AuthMethod,
) -> QueryResult<DateTime<Utc>> {
    diesel::update(sessions::table.find(session_id))
        .set((
            sessions::auth_method.eq(method),
            sessions::authenticated_at.eq(Utc::now()),
        ))
        .returning(sessions::authenticated_at)
        .get_result(conn)
}

/// Ends the person's other sessions that were opened with the password alone (after they turn
/// two-step verification on), and records that `keep` proved a second factor.
pub fn end_password_only(
    conn: &mut PgConnection,
    user_id: UserId,
    keep: Uuid,
    keep_method: AuthMethod,
) -> QueryResult<usize> {
    let ended = diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep))
            .filter(sessions::auth_method.eq(AuthMethod::Password)),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq("mfa_enabled"),
    ))
    .execute(conn)?;
    diesel::update(sessions::table.find(keep))
        .set((
            sessions::auth_method.eq(keep_method),
            sessions::authenticated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_methods_round_trip_and_unknown_values_fail() {
        for method in [
            AuthMethod::Password,
            AuthMethod::PasswordTotp,
            AuthMethod::PasswordRecoveryCode,
            AuthMethod::PasswordPasskey,
            AuthMethod::Passkey,
        ] {
            assert_eq!(AuthMethod::parse(method.as_str()), Some(method));
            assert_eq!(
                serde_json::to_value(method).unwrap(),
                serde_json::json!(method.as_str())
            );
        }
        assert_eq!(AuthMethod::parse("webauthn"), None);
        assert_eq!(AuthMethod::parse("PASSWORD"), None);
        assert!(!AuthMethod::Password.is_multi_factor());
        assert!(AuthMethod::PasswordRecoveryCode.is_multi_factor());
        assert!(AuthMethod::Passkey.is_multi_factor());
        assert!(AuthMethod::Passkey.is_phishing_resistant());
        assert!(!AuthMethod::PasswordTotp.is_phishing_resistant());
    }

    fn session(method: AuthMethod) -> Session {
        let now = Utc::now();
        Session {
            id: Uuid::new_v4(),
            user_id: UserId::new(),
            csrf_token: String::new(),
            remember_me: false,
            current_organization_id: None,
            ip: None,
            user_agent: None,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::hours(1),
            revoked_at: None,
            auth_method: method,
            authenticated_at: now,
        }
    }

    #[test]
    fn step_up_is_required_of_password_only_sessions() {
        match session(AuthMethod::Password).require_multi_factor() {
            Err(AppError::Forbidden { code, .. }) => {
                assert_eq!(code, ProblemCode::MfaStepUpRequired);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            session(AuthMethod::PasswordTotp)
                .require_multi_factor()
                .is_ok()
        );
        assert!(
            session(AuthMethod::PasswordRecoveryCode)
                .require_multi_factor()
                .is_ok()
        );
    }

    #[test]
    fn remembered_sessions_stop_sliding_at_their_absolute_lifetime() {
        let policy = SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            remember: Duration::days(30),
            remember_max: Duration::days(90),
        };
        let signed_in = Utc::now() - Duration::days(80);
        let now = Utc::now();
        assert_eq!(
            policy.remembered_until(signed_in, now),
            signed_in + Duration::days(90)
        );
        let fresh = Utc::now();
        assert_eq!(
            policy.remembered_until(fresh, fresh),
            fresh + Duration::days(30)
        );
    }
}
