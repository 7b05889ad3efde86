//! API client rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::ids::{OrgId, UserId};

use crate::schema::{api_clients, organizations};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = api_clients)]
pub struct ApiClient {
    pub org_id: OrgId,
    pub id: Uuid,
    pub name: String,
    pub client_id: String,
    pub secret_hash: Vec<u8>,
    pub scopes: Vec<String>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One organisation's clients.
pub fn for_org(org_id: OrgId) -> api_clients::BoxedQuery<'static, diesel::pg::Pg> {
    api_clients::table
        .filter(api_clients::org_id.eq(org_id))
        .into_boxed()
}

/// Whether the client exists in the organisation, is not revoked, and the organisation is not
/// deleted (tenant transaction).
pub fn is_active(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<bool> {
    let live_org = organizations::table
        .filter(organizations::id.eq(org_id))
        .filter(organizations::deleted_at.is_null());
    let n: i64 = for_org(org_id)
        .filter(api_clients::id.eq(id))
        .filter(api_clients::revoked_at.is_null())
        .filter(diesel::dsl::exists(live_org))
        .count()
        .get_result(conn)?;
    Ok(n == 1)
}

/// The client with this public id (inside `Db::api_client_holder`).
pub fn by_public_id(conn: &mut PgConnection, client_id: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .filter(api_clients::client_id.eq(client_id))
        .select(ApiClient::as_select())
        .first(conn)
        .optional()
}
