//! What a signed-in request knows about the person's organisations, read with their session in
//! one statement (`app_member_access`, migration 13): the request guard decides from it without a
//! query of its own, and the session answer lists it. The answer is computed again only when
//! the person's `access_stamp` changed since this process last read it (migration 14).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::result::{Error, QueryResult};
use serde::Deserialize;
use vigil_core::ids::OrgId;
use vigil_core::roles::Role;
use vigil_core::security_policy::PasskeyRequirement;

diesel::define_sql_function! {
    /// `app_member_access(user_id)`: the person's memberships as a JSON array, oldest first.
    fn app_member_access(user_id: diesel::sql_types::Uuid) -> diesel::sql_types::Jsonb;
}

/// One membership, with its organisation's branding and security policy.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MemberAccess {
    pub org_id: OrgId,
    pub name: String,
    pub slug: String,
    pub role: Role,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
    pub logo_key: Option<String>,
    /// The organisation is deleted and awaiting purge.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Time-limited access ends (or ended) then.
    pub access_expires_at: Option<DateTime<Utc>>,
    pub require_mfa: bool,
    pub require_passkey: PasskeyRequirement,
    pub session_idle_minutes: Option<i32>,
}

impl MemberAccess {
    /// When time-limited access has ended by `now`.
    pub fn access_ended(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.access_expires_at.filter(|at| *at <= now)
    }

    /// A membership the person can use at `now`: neither deleted nor ended.
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.deleted_at.is_none() && self.access_ended(now).is_none()
    }
}

/// The membership of `org_id` among `access`, whatever its state.
pub fn of(access: &[MemberAccess], org_id: OrgId) -> Option<&MemberAccess> {
    access.iter().find(|a| a.org_id == org_id)
}

/// The memberships in `app_member_access`'s answer; an answer of another shape is a
/// deserialisation error, never an empty list.
pub fn decode(value: serde_json::Value) -> QueryResult<Vec<MemberAccess>> {
    serde_json::from_value(value).map_err(|e| Error::DeserializationError(Box::new(e)))
}

/// A person's memberships as read under their `access_stamp`: never older than the stamp
/// (every change to what `app_member_access` returns gives the person a new stamp, in the same
/// transaction).
#[derive(Clone, Debug)]
pub struct StampedAccess {
    pub stamp: i64,
    pub access: Arc<[MemberAccess]>,
}

/// What this process last read of `app_member_access` for each session (by token hash). The
/// session read sends the stamp it holds and the database computes the memberships again only
/// when the person's stamp differs, so a change is seen by the next request, whichever server
/// made it. Bounded; an evicted entry costs one computation.
pub struct AccessCache(quick_cache::sync::Cache<Vec<u8>, StampedAccess>);

/// Sessions remembered per process (an entry is a few hundred bytes).
const CACHED_SESSIONS: usize = 50_000;

/// Sequence values start at 1: no person has this stamp, so it never matches.
pub const NO_STAMP: i64 = 0;

impl AccessCache {
    pub fn new() -> Self {
        Self(quick_cache::sync::Cache::new(CACHED_SESSIONS))
    }

    pub fn get(&self, token_hash: &[u8]) -> Option<StampedAccess> {
        self.0.get(token_hash)
    }

    pub fn remember(&self, token_hash: Vec<u8>, access: StampedAccess) {
        self.0.insert(token_hash, access);
    }
}

impl Default for AccessCache {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for AccessCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessCache")
            .field("sessions", &self.0.len())
            .finish()
    }
}
