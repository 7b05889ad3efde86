//! The answer of every request that opens or reads a session: the person, their organisations
//! and what the web app needs to make requests (sign-in, the session read, the organisation
//! switch, an accepted invitation).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::identity::sessions::{Session, SessionPolicy};
use crate::identity::users::{self, MembershipSummary, User, UserResponse};
use crate::ids::OrgId;
use vigil_data::models::access::{self, MemberAccess};

/// The signed-in person, their organisations and what the web app needs to make requests.
/// The session token itself is only ever in the HttpOnly cookie.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub user: UserResponse,
    pub memberships: Vec<MembershipSummary>,
    /// The organisation the web app opens by default.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub current_organization_id: Option<OrgId>,
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
    /// `current` is the organisation the web app opens, and `idle` the idle window in force.
    fn new(
        user: &User,
        session: &Session,
        memberships: Vec<MembershipSummary>,
        current: Option<OrgId>,
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
fn current_organization(session: &Session, memberships: &[MembershipSummary]) -> Option<OrgId> {
    session
        .current_organization_id
        .filter(|id| memberships.iter().any(|m| m.organization_id == *id))
        .or_else(|| memberships.first().map(|m| m.organization_id))
}

/// The idle window in force: the organisation's policy applies only when it is stricter (the
/// request guard enforces it for that organisation's requests; the server's for all).
fn idle_window(policy: &SessionPolicy, org_minutes: Option<i32>) -> Duration {
    org_minutes.map_or(policy.idle, |m| {
        Duration::minutes(i64::from(m)).min(policy.idle)
    })
}

impl SessionResponse {
    /// The response for `session`, from the person's memberships (`access`): the organisations
    /// they can open, and the idle expiry under the server's policy or the current
    /// organisation's when that is stricter. No query: the memberships came with the session.
    pub fn of(
        user: &User,
        session: &Session,
        access: &[MemberAccess],
        policy: &SessionPolicy,
    ) -> Self {
        let memberships = users::usable_memberships(access);
        let current = current_organization(session, &memberships);
        let org_minutes = current
            .filter(|_| !session.remember_me)
            .and_then(|org| access::of(access, org))
            .and_then(|a| a.session_idle_minutes);
        let idle = idle_window(policy, org_minutes);
        Self::new(user, session, memberships, current, idle)
    }
}

#[cfg(test)]
mod tests {
    use super::{Duration, SessionPolicy, idle_window};

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
}
