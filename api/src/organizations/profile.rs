//! The organisation's profile and settings, its deletion (with a grace period) and restoration.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::branding::{self, BrandingWarning};
use super::model::{self, Organization};
use super::onboarding::{self, SkippableStep};
use crate::audit::events::{Changes, FieldChange};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::domain::{Abn, AuState, Email, Fields, OrgName, Phone, Postcode, TimeZone};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::{Json, nullable};
use crate::http::problem::responses;
use crate::jobs::{self, Job};
use crate::state::AppState;
use vigil_data::schema::organizations;

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
            id: org.id,
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

/// The organisation's profile and settings.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = OrganizationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("")]
pub(crate) async fn get_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let org = state
        .db
        .tenant(access.tenant(), move |conn| model::find(conn, org_id))
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
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

#[derive(AsChangeset, Default, Debug)]
#[diesel(table_name = organizations)]
struct OrganizationChanges {
    name: Option<String>,
    abn: Option<Option<String>>,
    address_line1: Option<Option<String>>,
    address_line2: Option<Option<String>>,
    suburb: Option<Option<String>>,
    state: Option<Option<String>>,
    postcode: Option<Option<String>>,
    country: Option<String>,
    contact_email: Option<Option<String>>,
    contact_phone: Option<Option<String>>,
    time_zone: Option<String>,
    invitation_ttl_hours: Option<Option<i32>>,
}

/// The longest an organisation may make its invitation links last: 7 days.
pub const MAX_INVITATION_TTL_HOURS: i32 = 168;

/// Parses an optional, clearable field: absent → unchanged, null or blank → cleared.
fn clearable<T>(
    fields: &mut Fields,
    name: &str,
    raw: &Option<Option<String>>,
    parse: impl Fn(&str) -> Result<T, String>,
    show: impl Fn(T) -> String,
) -> Option<Option<String>> {
    match raw {
        None => None,
        Some(None) => Some(None),
        Some(Some(value)) if value.trim().is_empty() => Some(None),
        Some(Some(value)) => fields.take(name, parse(value)).map(|v| Some(show(v))),
    }
}

fn text(max: usize, what: &'static str) -> impl Fn(&str) -> Result<String, String> {
    move |raw: &str| {
        let value = raw.trim();
        if value.chars().count() > max {
            Err(format!("{what} must be at most {max} characters."))
        } else if value.chars().any(char::is_control) {
            Err(format!("{what} cannot contain control characters."))
        } else {
            Ok(value.to_owned())
        }
    }
}

fn parse_changes(body: &UpdateOrganizationRequest) -> Result<OrganizationChanges, AppError> {
    let mut f = Fields::new();
    let changes = OrganizationChanges {
        name: body.name.as_deref().and_then(|raw| {
            f.take("name", OrgName::parse(raw))
                .map(|n| n.as_str().to_owned())
        }),
        abn: clearable(&mut f, "abn", &body.abn, Abn::parse, |a| {
            a.as_str().to_owned()
        }),
        address_line1: clearable(
            &mut f,
            "address_line1",
            &body.address_line1,
            text(200, "Address line 1"),
            |s| s,
        ),
        address_line2: clearable(
            &mut f,
            "address_line2",
            &body.address_line2,
            text(200, "Address line 2"),
            |s| s,
        ),
        suburb: clearable(&mut f, "suburb", &body.suburb, text(100, "Suburb"), |s| s),
        state: clearable(&mut f, "state", &body.state, AuState::parse, |s| {
            s.as_str().to_owned()
        }),
        postcode: clearable(&mut f, "postcode", &body.postcode, Postcode::parse, |p| {
            p.as_str().to_owned()
        }),
        country: body.country.as_deref().and_then(|raw| {
            let code = raw.trim().to_uppercase();
            let valid = code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase());
            let result = if valid {
                Ok(code)
            } else {
                Err("Use a two-letter country code, e.g. AU.".to_owned())
            };
            f.take("country", result)
        }),
        contact_email: clearable(
            &mut f,
            "contact_email",
            &body.contact_email,
            Email::parse,
            |e| e.as_str().to_owned(),
        ),
        contact_phone: clearable(
            &mut f,
            "contact_phone",
            &body.contact_phone,
            Phone::parse,
            |p| p.as_str().to_owned(),
        ),
        time_zone: body.time_zone.as_deref().and_then(|raw| {
            f.take("time_zone", TimeZone::parse(raw))
                .map(|t| t.as_str().to_owned())
        }),
        invitation_ttl_hours: match body.invitation_ttl_hours {
            Some(Some(hours)) if !(1..=MAX_INVITATION_TTL_HOURS).contains(&hours) => {
                f.add(
                    "invitation_ttl_hours",
                    "Invitation links last from 1 hour to 7 days (168 hours).",
                );
                None
            }
            other => other,
        },
    };
    f.finish(Some(changes))
}

/// The state and postcode after the change must agree (Australian addresses only).
fn check_address(org: &Organization, changes: &OrganizationChanges) -> Result<(), AppError> {
    let pick = |change: &Option<Option<String>>, current: &Option<String>| match change {
        Some(value) => value.clone(),
        None => current.clone(),
    };
    let country = changes
        .country
        .clone()
        .unwrap_or_else(|| org.country.clone());
    let state = pick(&changes.state, &org.state);
    let postcode = pick(&changes.postcode, &org.postcode);
    if country != "AU" {
        return Ok(());
    }
    if let (Some(state), Some(postcode)) = (state, postcode)
        && let (Ok(state), Ok(postcode)) = (AuState::parse(&state), Postcode::parse(&postcode))
    {
        postcode
            .check_state(state)
            .map_err(|message| AppError::invalid_field("postcode", message))?;
    }
    Ok(())
}

fn is_empty(changes: &OrganizationChanges) -> bool {
    changes.name.is_none()
        && changes.abn.is_none()
        && changes.address_line1.is_none()
        && changes.address_line2.is_none()
        && changes.suburb.is_none()
        && changes.state.is_none()
        && changes.postcode.is_none()
        && changes.country.is_none()
        && changes.contact_email.is_none()
        && changes.contact_phone.is_none()
        && changes.time_zone.is_none()
        && changes.invitation_ttl_hours.is_none()
}

/// The changed fields, before and after, for the audit trail.
fn diff(before: &Organization, after: &Organization) -> Changes {
    let (tz_before, tz_after) = (
        before.time_zone.as_str().to_owned(),
        after.time_zone.as_str().to_owned(),
    );
    let pairs = [
        ("name", Some(&before.name), Some(&after.name)),
        ("abn", before.abn.as_ref(), after.abn.as_ref()),
        (
            "address_line1",
            before.address_line1.as_ref(),
            after.address_line1.as_ref(),
        ),
        (
            "address_line2",
            before.address_line2.as_ref(),
            after.address_line2.as_ref(),
        ),
        ("suburb", before.suburb.as_ref(), after.suburb.as_ref()),
        ("state", before.state.as_ref(), after.state.as_ref()),
        (
            "postcode",
            before.postcode.as_ref(),
            after.postcode.as_ref(),
        ),
        ("country", Some(&before.country), Some(&after.country)),
        (
            "contact_email",
            before.contact_email.as_ref(),
            after.contact_email.as_ref(),
        ),
        (
            "contact_phone",
            before.contact_phone.as_ref(),
            after.contact_phone.as_ref(),
        ),
        ("time_zone", Some(&tz_before), Some(&tz_after)),
    ];
    let ttl_before = before.invitation_ttl_hours.map(|h| h.to_string());
    let ttl_after = after.invitation_ttl_hours.map(|h| h.to_string());
    let pairs = pairs.into_iter().chain([(
        "invitation_ttl_hours",
        ttl_before.as_ref(),
        ttl_after.as_ref(),
    )]);
    let mut changed = Changes::new();
    for (name, old, new) in pairs {
        FieldChange::note(&mut changed, name, old, new);
    }
    changed
}

fn apply_update(
    conn: &mut PgConnection,
    access: &PersonGrant,
    changes: &OrganizationChanges,
    client: &ClientContext,
) -> Result<Organization, AppError> {
    let org_id = access.org_id();
    let before = model::find(conn, org_id)?;
    if is_empty(changes) {
        return Ok(before);
    }
    check_address(&before, changes)?;
    diesel::update(organizations::table.find(org_id.into_uuid()))
        .set((changes, organizations::updated_at.eq(Utc::now())))
        .execute(conn)?;
    let after = model::find(conn, org_id)?;
    let changed = diff(&before, &after);
    if !changed.is_empty() {
        audit::record(
            conn,
            &AuditEvent::new(
                org_id,
                Some(access.user_id()),
                AuditAction::OrganizationUpdated { changes: changed },
            )
            .target("organization", org_id),
            client,
        )?;
    }
    onboarding::complete_step(conn, access, SkippableStep::OrganizationDetails)?;
    Ok(after)
}

/// Updates the profile and settings (owners and administrators). Completes onboarding step 3.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = UpdateOrganizationRequest,
    responses(
        (status = 200, description = "The updated organisation", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("")]
pub(crate) async fn update_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<UpdateOrganizationRequest>,
) -> Result<HttpResponse, AppError> {
    let changes = parse_changes(&body.into_inner())?;
    let org = state
        .db
        .tenant(access.tenant(), move |conn| {
            apply_update(conn, &access, &changes, &client)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

#[derive(Serialize, ToSchema)]
pub struct DeletionScheduled {
    /// When the organisation's data and files will be purged unless it is restored first.
    pub purge_after: DateTime<Utc>,
}

/// Deletes the organisation (owners only). Members lose access at once; owners can restore it
/// during the grace period, after which its data and files are purged for good.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 202, description = "Deletion scheduled", body = DeletionScheduled),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("")]
pub(crate) async fn delete_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let grace = Duration::days(state.config.organizations.deletion_grace_days.max(0));
    let purge_after = Utc::now() + grace;
    state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            diesel::update(organizations::table.find(org_id.into_uuid()))
                .filter(organizations::deleted_at.is_null())
                .set((
                    organizations::deleted_at.eq(Utc::now()),
                    organizations::purge_after.eq(purge_after),
                    organizations::deleted_by.eq(access.user_id().into_uuid()),
                ))
                .execute(conn)?;
            jobs::enqueue_at(
                conn,
                &Job::PurgeOrganization {
                    org_id: org_id.into_uuid(),
                },
                purge_after,
            )?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::OrganizationDeleted { purge_after },
                )
                .target("organization", org_id),
                &client,
            )
        })
        .await?;
    Ok(HttpResponse::Accepted().json(DeletionScheduled { purge_after }))
}

/// Restores an organisation deleted less than the grace period ago (owners only).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Restored", body = OrganizationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[post("/restore")]
pub(crate) async fn restore_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let org = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let restored = diesel::update(organizations::table.find(org_id.into_uuid()))
                .filter(organizations::deleted_at.is_not_null())
                .set((
                    organizations::deleted_at.eq(None::<DateTime<Utc>>),
                    organizations::purge_after.eq(None::<DateTime<Utc>>),
                    organizations::deleted_by.eq(None::<Uuid>),
                ))
                .execute(conn)?;
            if restored > 0 {
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::OrganizationRestored {},
                    )
                    .target("organization", org_id),
                    &client,
                )?;
            }
            model::find(conn, org_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}
