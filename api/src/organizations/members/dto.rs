//! What the member endpoints read and answer.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of IntoParams names the type by a path"
)]

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use vigil_core::roles::Role;

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct MemberResponse {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    /// When time-limited access ends (or ended); absent for permanent members.
    pub access_expires_at: Option<DateTime<Utc>>,
    pub access_expired: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberResponse>,
    /// Members matching the filters, in all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    /// Matches first name, last name or email (case-insensitive).
    pub q: Option<String>,
    pub role: Option<Role>,
}

/// What to change; at least one field.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    pub role: Option<Role>,
    /// Extend, shorten or (with `null`) remove the end of a time-limited membership.
    #[serde(default, deserialize_with = "crate::http::json::nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub access_expires_at: Option<Option<DateTime<Utc>>>,
}
