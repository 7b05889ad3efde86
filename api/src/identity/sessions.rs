//! Browser sessions: an opaque random token in a cookie; the database keeps its SHA-256.
//!
//! Without "remember me" a session ends after `idle` minutes without use or `absolute` hours
//! in all; with it, `remember_days` after its last use (sliding). Activity is written at most
//! once a minute, not on every request.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::config::AuthConfig;
use crate::db::schema::sessions;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::tokens;

/// How long sessions live.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
    pub remember: Duration,
}

impl SessionPolicy {
    pub fn from_config(config: &AuthConfig) -> Self {
        Self {
            idle: Duration::minutes(config.session_idle_minutes.max(1)),
            absolute: Duration::hours(config.session_absolute_hours.max(1)),
            remember: Duration::days(config.remember_me_days.max(1)),
        }
    }
}

/// Activity is recorded at most this often.
const TOUCH_EVERY: i64 = 60;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub remember_me: bool,
    pub current_organization_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Session {
    pub fn user_id(&self) -> UserId {
        UserId::from_uuid(self.user_id)
    }

    /// Whether the session may still be used at `now` under `policy`.
    pub fn is_live(&self, policy: &SessionPolicy, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self.expires_at > now
            && (self.remember_me || self.last_seen_at + policy.idle > now)
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

pub fn create(
    conn: &mut PgConnection,
    new: NewSession,
    policy: &SessionPolicy,
) -> Result<IssuedSession, AppError> {
    let token = tokens::generate();
    let now = Utc::now();
    let expires_at = now
        + if new.remember_me {
            policy.remember
        } else {
            policy.absolute
        };
    let session = diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(Uuid::new_v4()),
            sessions::user_id.eq(new.user_id.into_uuid()),
            sessions::token_hash.eq(tokens::hash(&token)),
            sessions::csrf_token.eq(tokens::generate()),
            sessions::remember_me.eq(new.remember_me),
            sessions::current_organization_id.eq(new.current_organization_id.map(OrgId::into_uuid)),
            sessions::ip.eq(new.ip),
            sessions::user_agent.eq(new.user_agent),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .returning(Session::as_returning())
        .get_result(conn)?;
    Ok(IssuedSession { session, token })
}

/// The live session for a cookie's token, if any, and when it was last used before this request;
/// records activity (at most once a minute) and slides the expiry of remembered sessions.
pub fn authenticate(
    conn: &mut PgConnection,
    token: &str,
    policy: &SessionPolicy,
) -> Result<Option<(Session, DateTime<Utc>)>, AppError> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    let now = Utc::now();
    let found: Option<Session> = sessions::table
        .filter(sessions::token_hash.eq(tokens::hash(token)))
        .select(Session::as_select())
        .first(conn)
        .optional()?;
    let Some(mut session) = found.filter(|s| s.is_live(policy, now)) else {
        return Ok(None);
    };
    let previously_seen = session.last_seen_at;
    if now - session.last_seen_at >= Duration::seconds(TOUCH_EVERY) {
        let expires_at = if session.remember_me {
            now + policy.remember
        } else {
            session.expires_at
        };
        diesel::update(sessions::table.find(session.id))
            .set((
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        session.last_seen_at = now;
        session.expires_at = expires_at;
    }
    Ok(Some((session, previously_seen)))
}

pub fn revoke(conn: &mut PgConnection, session_id: Uuid, reason: &str) -> Result<(), AppError> {
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
) -> Result<usize, AppError> {
    let keep = keep.unwrap_or(Uuid::nil());
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id.into_uuid()))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep)),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}
