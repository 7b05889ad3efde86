//! Global user accounts: one email, one account, many memberships.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ids::{OrgId, UserId};
use vigil_core::permissions::Permission;
use vigil_core::roles::Role;
use vigil_data::models::access::{self, MemberAccess, app_member_access};

pub use vigil_data::models::lower;
pub use vigil_data::models::users::{NewUser, User, find, find_by_email};

/// One of the user's organisations, as seen by that user.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct MembershipSummary {
    #[schema(value_type = uuid::Uuid)]
    pub organization_id: OrgId,
    pub organization_name: String,
    pub slug: String,
    pub role: Role,
    /// What this role may do in the organisation (the permission table, so clients never
    /// copy it).
    pub permissions: Vec<Permission>,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
    /// Content-addressed logo URL, when the organisation has a logo.
    pub logo_url: Option<String>,
}

/// Every membership of the user, with its organisation's branding and security policy, oldest
/// first (deleted organisations and ended access included). Runs in any transaction context:
/// `app_member_access` reads in the user's own and puts the context back.
pub fn member_access(conn: &mut PgConnection, user_id: UserId) -> QueryResult<Vec<MemberAccess>> {
    let value = diesel::select(app_member_access(user_id)).get_result(conn)?;
    access::decode(value)
}

/// The organisations the user can open now, oldest membership first.
pub fn memberships_of(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<Vec<MembershipSummary>> {
    Ok(usable_memberships(&member_access(conn, user_id)?))
}

/// The memberships among `access` that can be used now (not deleted, not ended), as the
/// person sees them.
pub fn usable_memberships(access: &[MemberAccess]) -> Vec<MembershipSummary> {
    let now = Utc::now();
    access
        .iter()
        .filter(|a| a.is_usable(now))
        .map(|a| MembershipSummary {
            logo_url: crate::storage::logo_url_for(a.org_id, a.logo_key.as_deref()),
            organization_id: a.org_id,
            organization_name: a.name.clone(),
            slug: a.slug.clone(),
            role: a.role,
            permissions: Permission::of_role(a.role),
            primary_colour: a.primary_colour.clone(),
            accent_colour: a.accent_colour.clone(),
        })
        .collect()
}

/// A user's account as shown to themselves.
#[derive(Serialize, ToSchema, Debug)]
pub struct UserResponse {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    /// IANA time zone, e.g. Australia/Sydney
    pub time_zone: String,
    /// Whether the person has a second factor: TOTP or at least one passkey.
    pub mfa_enabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<&User> for UserResponse {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.into(),
            email: user.email.clone(),
            email_verified: user.email_verified_at.is_some(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            job_title: user.job_title.clone(),
            phone: user.phone.clone(),
            time_zone: user.time_zone.as_str().to_owned(),
            mfa_enabled: user.has_second_factor(),
            created_at: user.created_at,
        }
    }
}
