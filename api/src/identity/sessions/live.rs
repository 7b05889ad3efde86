//! The live session of a request: the cookie's token read with its person and their
//! memberships in one statement, which is its own transaction (so it goes down the worker's
//! pipelined connection: see `vigil_data::Db::read`).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use diesel::dsl::{self, case_when};
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::{Session, SessionPolicy, TOUCH_EVERY};
use crate::ids::{OrgId, UserId};
use crate::tokens;
use vigil_data::SingleStatement;
use vigil_data::models::access::{
    self, AccessCache, MemberAccess, StampedAccess, app_member_access,
};
use vigil_data::models::users::User;
use vigil_data::schema::{sessions, users};

/// A live session, its person and their organisations, as [`FindLive`] read them.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub session: Session,
    pub user: User,
    /// Every membership, deleted organisations and ended access included (the guard tells
    /// those apart; the session answer lists the usable ones).
    pub access: Arc<[MemberAccess]>,
    /// When the session was used before this request.
    pub previously_seen_at: DateTime<Utc>,
}

impl LiveSession {
    pub fn user_id(&self) -> UserId {
        self.user.user_id()
    }

    /// The person's membership of `org_id`, whatever its state.
    pub fn access_to(&self, org_id: OrgId) -> Option<&MemberAccess> {
        access::of(&self.access, org_id)
    }
}

/// Finds the live session for a cookie's token, with its (enabled) person and their
/// memberships, in one statement; records activity (at most once a minute, a second statement)
/// and slides the expiry of remembered sessions (never beyond their absolute lifetime). Safe to
/// run twice. The memberships come from the cache when the person's access stamp is the one it
/// holds; the same statement computes them otherwise.
pub struct FindLive {
    token_hash: Vec<u8>,
    known: Option<StampedAccess>,
    policy: SessionPolicy,
    cache: Arc<AccessCache>,
}

/// A session row, its person, their access stamp, and their memberships when the stamp is not
/// the one the cache holds.
type Found = (Session, User, i64, Option<serde_json::Value>);

impl FindLive {
    /// `None` when the token cannot be one of ours: there is nothing to look up.
    pub fn new(token: &str, policy: SessionPolicy, cache: Arc<AccessCache>) -> Option<Self> {
        if !tokens::looks_valid(token) {
            return None;
        }
        let token_hash = tokens::hash(token);
        let known = cache.get(&token_hash);
        Some(Self {
            token_hash,
            known,
            policy,
            cache,
        })
    }

    fn known_stamp(&self) -> i64 {
        self.known.as_ref().map_or(access::NO_STAMP, |k| k.stamp)
    }

    /// What the row found at `now` comes to, and the activity to record, if due.
    fn settle(
        &self,
        found: Option<Found>,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<(LiveSession, Option<Touch>)>> {
        let Some((mut session, user, stamp, computed)) =
            found.filter(|(s, ..)| s.is_live(&self.policy, now))
        else {
            return Ok(None);
        };
        let access = match (computed, &self.known) {
            (Some(value), _) => {
                let access: Arc<[MemberAccess]> = access::decode(value)?.into();
                self.cache.remember(
                    self.token_hash.clone(),
                    StampedAccess {
                        stamp,
                        access: access.clone(),
                    },
                );
                access
            }
            // Not computed: the stamp is the one the cached answer was read under.
            (None, Some(known)) => known.access.clone(),
            (None, None) => {
                return Err(diesel::result::Error::DeserializationError(
                    "member access neither cached nor computed".into(),
                ));
            }
        };
        let previously_seen_at = session.last_seen_at;
        let touch = (now - session.last_seen_at >= Duration::seconds(TOUCH_EVERY)).then(|| {
            if session.remember_me {
                session.expires_at = self.policy.remembered_until(session.authenticated_at, now);
            }
            session.last_seen_at = now;
            Touch {
                session_id: session.id,
                seen_at: now,
                expires_at: session.expires_at,
            }
        });
        let live = LiveSession {
            session,
            user,
            access,
            previously_seen_at,
        };
        Ok(Some((live, touch)))
    }
}

/// The session, its person, their stamp, and their memberships unless `known_stamp` is theirs.
#[dsl::auto_type(no_type_alias)]
fn live_query<'a>(token_hash: &'a [u8], known_stamp: i64) -> _ {
    let session: dsl::AsSelect<Session, Pg> = Session::as_select();
    let user: dsl::AsSelect<User, Pg> = User::as_select();
    sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(users::disabled_at.is_null())
        .select((
            session,
            user,
            users::access_stamp,
            case_when(
                users::access_stamp.ne(known_stamp),
                app_member_access(users::id),
            ),
        ))
}

/// Activity to record on a session.
struct Touch {
    session_id: Uuid,
    seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

type TouchStatement = dsl::Update<
    dsl::Find<sessions::table, Uuid>,
    (
        dsl::Eq<sessions::last_seen_at, DateTime<Utc>>,
        dsl::Eq<sessions::expires_at, DateTime<Utc>>,
    ),
>;

impl Touch {
    fn statement(&self) -> TouchStatement {
        diesel::update(sessions::table.find(self.session_id)).set((
            sessions::last_seen_at.eq(self.seen_at),
            sessions::expires_at.eq(self.expires_at),
        ))
    }
}

impl SingleStatement for FindLive {
    type Output = Option<LiveSession>;

    fn on_pipelined<'c>(
        &'c self,
        mut conn: &'c AsyncPgConnection,
    ) -> LocalBoxFuture<'c, QueryResult<Self::Output>> {
        Box::pin(async move {
            let now = Utc::now();
            let query = live_query(&self.token_hash, self.known_stamp());
            let found = diesel_async::RunQueryDsl::first(query, &mut conn)
                .await
                .optional()?;
            let Some((live, touch)) = self.settle(found, now)? else {
                return Ok(None);
            };
            if let Some(touch) = touch {
                diesel_async::RunQueryDsl::execute(touch.statement(), &mut conn).await?;
            }
            Ok(Some(live))
        })
    }

    fn on_pooled(&self, conn: &mut PgConnection) -> QueryResult<Self::Output> {
        let now = Utc::now();
        let found = live_query(&self.token_hash, self.known_stamp())
            .first(conn)
            .optional()?;
        let Some((live, touch)) = self.settle(found, now)? else {
            return Ok(None);
        };
        if let Some(touch) = touch {
            touch.statement().execute(conn)?;
        }
        Ok(Some(live))
    }
}
