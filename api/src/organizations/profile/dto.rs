//! What the organisation profile endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::json::nullable;
use crate::organizations::branding::{self, BrandingWarning};
use crate::organizations::model::Organization;

#[derive(Serialize, ToSchema, Debug)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub suburb: Option<String>,
    /// ACT, NSW, NT, QLD, SA, TAS, VIC or WA
    pub state: Option<String>,
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2, `AU` by default
    pub country: String,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct OrganizationResponse {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    /// 11 digits, no spaces
    pub abn: Option<String>,
    pub address: Address,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// IANA time zone, e.g. Australia/Sydney
    pub time_zone: String,
    /// Content-addressed URL of the logo (cacheable for ever); absent without a logo.
    pub logo_url: Option<String>,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
    /// Accessibility warnings about the brand colours.
    pub branding_warnings: Vec<BrandingWarning>,
    /// free, standard or enterprise
    pub subscription_tier: String,
    /// Hours an invitation link lasts, when the organisation chose (1 to 168, i.e. up to
    /// 7 days); absent: the server default (24 hours unless configured otherwise).
    pub invitation_ttl_hours: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Organization> for OrganizationResponse {
    fn from(org: &Organization) -> Self {
        Self {
            id: org.id.into(),
            name: org.name.clone(),
            slug: org.slug.clone(),
            abn: org.abn.clone(),
            address: Address {
                line1: org.address_line1.clone(),
                line2: org.address_line2.clone(),
                suburb: org.suburb.clone(),
                state: org.state.clone(),
                postcode: org.postcode.clone(),
                country: org.country.clone(),
            },
            contact_email: org.contact_email.clone(),
            contact_phone: org.contact_phone.clone(),
            time_zone: org.time_zone.as_str().to_owned(),
            logo_url: branding::logo_url(org),
            primary_colour: org.primary_colour.clone(),
            accent_colour: org.accent_colour.clone(),
            branding_warnings: branding::warnings(
                org.primary_colour.as_deref(),
                org.accent_colour.as_deref(),
            ),
            subscription_tier: org.subscription_tier.clone(),
            invitation_ttl_hours: org.invitation_ttl_hours,
            created_at: org.created_at,
            updated_at: org.updated_at,
        }
    }
}

/// Fields to change; absent fields stay as they are, `null` clears an optional one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    pub name: Option<String>,
    /// 11 digits; spaces allowed.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub abn: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address_line1: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address_line2: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub suburb: Option<Option<String>>,
    /// ACT, NSW, NT, QLD, SA, TAS, VIC or WA
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub state: Option<Option<String>>,
    /// Four digits, consistent with the state.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub postcode: Option<Option<String>>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_phone: Option<Option<String>>,
    pub time_zone: Option<String>,
    /// Hours invitation links last: 1 to 168 (7 days), for shift-working staff who may not
    /// read their email within a day; `null` returns to the server default. A resend always
    /// issues a fresh link with a fresh expiry.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub invitation_ttl_hours: Option<Option<i32>>,
}

#[derive(Serialize, ToSchema)]
pub struct DeletionScheduled {
    /// When the organisation's data and files will be purged unless it is restored first.
    pub purge_after: DateTime<Utc>,
}
