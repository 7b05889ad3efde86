//! What a signed-in request knows about the person's organisations, read with their session in
//! one statement (`app_member_access`, migration 13): the request guard decides from it without a
//! query of its own, and the session answer lists it.

use chrono::{DateTime, Utc};
use diesel::result::{Error, QueryResult};
use serde::Deserialize;
use vigil_core::ids::OrgId;
use vigil_core::roles::Role;

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
