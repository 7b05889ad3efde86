//! Global user accounts: one email, one account, many memberships.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::Permission;
use crate::ids::{OrgId, UserId};
use crate::organizations::roles::Role;
use vigil_data::schema::{memberships, organizations};

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

/// The user's memberships, oldest first. Needs the user's context (`Db::user` or
/// `db::enter_user`): the user-keyed policies are what make them visible.
pub fn memberships_of(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<Vec<MembershipSummary>> {
    #[derive(Queryable)]
    struct Row {
        organization_id: OrgId,
        organization_name: String,
        slug: String,
        role: Role,
        primary_colour: Option<String>,
        accent_colour: Option<String>,
        logo_key: Option<String>,
    }
    let rows: Vec<Row> = memberships::table
        .inner_join(organizations::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(organizations::deleted_at.is_null())
        .filter(
            memberships::access_expires_at
                .is_null()
                .or(memberships::access_expires_at.gt(Utc::now())),
        )
        .order(memberships::created_at.asc())
        .select((
            organizations::id,
            organizations::name,
            organizations::slug,
            memberships::role,
            organizations::primary_colour,
            organizations::accent_colour,
            organizations::logo_key,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let role = row.role;
            Ok(MembershipSummary {
                logo_url: crate::organizations::branding::logo_url_for(
                    row.organization_id,
                    row.logo_key.as_deref(),
                ),
                organization_id: row.organization_id,
                organization_name: row.organization_name,
                slug: row.slug,
                role,
                permissions: Permission::of_role(role),
                primary_colour: row.primary_colour,
                accent_colour: row.accent_colour,
            })
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
    /// Whether two-step verification (TOTP) is on.
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
            mfa_enabled: user.mfa_enabled_at.is_some(),
            created_at: user.created_at,
        }
    }
}
