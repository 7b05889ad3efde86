//! What the profile endpoint reads.

use serde::Deserialize;
use utoipa::ToSchema;

/// Fields to change; absent fields stay as they are. An empty `job_title` or `phone` clears it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    /// IANA time zone, e.g. Australia/Perth
    pub time_zone: Option<String>,
}
