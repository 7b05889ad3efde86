//! The API client endpoints' own statements. The shared lookups (`for_org`, `is_active`,
//! `by_public_id`) are in the feature's `model`; the signing keys' in `crate::access_tokens`.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::clients::model::{self, ApiClient};
use crate::ids::{OrgId, UserId};
use vigil_core::scopes::Scope;
use vigil_data::schema::api_clients;

/// The columns of a new client.
pub(super) struct NewClient<'a> {
    pub(super) org_id: OrgId,
    pub(super) name: &'a str,
    pub(super) public_id: &'a str,
    pub(super) secret_hash: Vec<u8>,
    pub(super) scopes: &'a [Scope],
    pub(super) created_by: UserId,
}

pub(super) fn insert(conn: &mut PgConnection, new: NewClient<'_>) -> QueryResult<ApiClient> {
    diesel::insert_into(api_clients::table)
        .values((
            api_clients::org_id.eq(new.org_id),
            api_clients::id.eq(Uuid::new_v4()),
            api_clients::name.eq(new.name),
            api_clients::client_id.eq(new.public_id),
            api_clients::secret_hash.eq(new.secret_hash),
            api_clients::scopes.eq(new
                .scopes
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect::<Vec<_>>()),
            api_clients::created_by.eq(new.created_by),
        ))
        .returning(ApiClient::as_returning())
        .get_result(conn)
}

/// The organisation's clients, newest first.
pub(super) fn list(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<Vec<ApiClient>> {
    model::for_org(org_id)
        .order(api_clients::created_at.desc())
        .select(ApiClient::as_select())
        .load(conn)
}

pub(super) fn exists(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<bool> {
    let n: i64 = model::for_org(org_id)
        .filter(api_clients::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Revokes the client unless it already is; answers whether it was revoked now.
pub(super) fn revoke(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<bool> {
    let revoked = diesel::update(
        api_clients::table
            .find((org_id, id))
            .filter(api_clients::revoked_at.is_null()),
    )
    .set(api_clients::revoked_at.eq(Utc::now()))
    .execute(conn)?;
    Ok(revoked > 0)
}

pub(super) fn mark_used(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<()> {
    diesel::update(api_clients::table.find((org_id, id)))
        .set(api_clients::last_used_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}
