//! Branding: the logo (in blob storage, re-encoded, content-addressed) and brand colours with
//! WCAG contrast warnings.

use std::io::Cursor;

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, put, web};
use bytes::Bytes;
use chrono::Utc;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use super::model::{self, Organization};
use super::onboarding::{self, SkippableStep};
use super::profile::OrganizationResponse;
use crate::audit::events::ColourChange;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::domain::{Colour, Fields};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::{Json, nullable};
use crate::http::multipart;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ObjectKey};
use vigil_core::problem_code::ProblemCode;
use vigil_data::TenantContext;
use vigil_data::schema::organizations;

/// Largest logo upload.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// Logos are shrunk to fit this square.
const LOGO_BOX: u32 = 512;
/// Images claiming more pixels than this are refused before decoding (decompression bombs).
const MAX_SOURCE_DIMENSION: u32 = 8_000;

/// The public, content-addressed URL of an organisation's logo.
pub fn logo_url(org: &Organization) -> Option<String> {
    logo_url_for(org.id, org.logo_key.as_deref())
}

pub fn logo_url_for(org_id: OrgId, logo_key: Option<&str>) -> Option<String> {
    let key = ObjectKey::parse_for(org_id, Area::Branding, logo_key?)?;
    let file = key.path().filename()?;
    Some(format!("/api/v1/logos/{org_id}/{file}"))
}

#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct BrandingWarning {
    /// primary_colour or accent_colour
    pub field: &'static str,
    /// Stable code: low-contrast-text or low-contrast-accent
    pub code: ProblemCode,
    pub message: String,
    /// The measured contrast ratio (x:1).
    pub contrast: f64,
}

/// WCAG AA checks: white text on the primary colour needs 4.5:1; the accent colour, used for
/// controls on white, needs 3:1 (WCAG 1.4.11).
pub fn warnings(primary: Option<&str>, accent: Option<&str>) -> Vec<BrandingWarning> {
    let mut out = Vec::new();
    if let Some(primary) = primary.and_then(|c| Colour::parse(c).ok()) {
        let ratio = primary.contrast(Colour::WHITE);
        if ratio < 4.5 {
            out.push(BrandingWarning {
                field: "primary_colour",
                code: ProblemCode::LowContrastText,
                message: format!(
                    "White text on {} has a contrast of {ratio:.1}:1; WCAG AA needs 4.5:1. Choose a darker primary colour so headings and buttons stay readable.",
                    primary.to_hex()
                ),
                contrast: (ratio * 100.0).round() / 100.0,
            });
        }
    }
    if let Some(accent) = accent.and_then(|c| Colour::parse(c).ok()) {
        let ratio = accent.contrast(Colour::WHITE);
        if ratio < 3.0 {
            out.push(BrandingWarning {
                field: "accent_colour",
                code: ProblemCode::LowContrastAccent,
                message: format!(
                    "{} on a white background has a contrast of {ratio:.1}:1; WCAG AA needs 3:1 for controls. Choose a darker accent colour.",
                    accent.to_hex()
                ),
                contrast: (ratio * 100.0).round() / 100.0,
            });
        }
    }
    out
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBrandingRequest {
    /// `#RRGGBB`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "#1C5D99")]
    pub primary_colour: Option<Option<String>>,
    /// `#RRGGBB`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "#F2A541")]
    pub accent_colour: Option<Option<String>>,
}

fn parse_colour(
    fields: &mut Fields,
    name: &str,
    raw: &Option<Option<String>>,
) -> Option<Option<String>> {
    match raw {
        None => None,
        Some(None) => Some(None),
        Some(Some(value)) => fields
            .take(name, Colour::parse(value))
            .map(|c| Some(c.to_hex())),
    }
}

/// Sets the brand colours (owners and administrators). The answer carries contrast warnings.
/// Completes onboarding step 4.
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = UpdateBrandingRequest,
    responses(
        (status = 200, description = "The updated organisation, with `branding_warnings`", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/branding")]
pub(crate) async fn update_branding(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<UpdateBrandingRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let mut fields = Fields::new();
    let primary = parse_colour(&mut fields, "primary_colour", &body.primary_colour);
    let accent = parse_colour(&mut fields, "accent_colour", &body.accent_colour);
    fields.finish(Some(()))?;
    let org = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = model::find(conn, org_id)?;
            let target = organizations::table.find(org_id.into_uuid());
            if let Some(primary) = &primary {
                diesel::update(target)
                    .set(organizations::primary_colour.eq(primary))
                    .execute(conn)?;
            }
            if let Some(accent) = &accent {
                diesel::update(target)
                    .set(organizations::accent_colour.eq(accent))
                    .execute(conn)?;
            }
            diesel::update(target)
                .set(organizations::updated_at.eq(Utc::now()))
                .execute(conn)?;
            let after = model::find(conn, org_id)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::BrandingUpdated {
                        primary_colour: ColourChange {
                            before: before.primary_colour.clone(),
                            after: after.primary_colour.clone(),
                        },
                        accent_colour: ColourChange {
                            before: before.accent_colour.clone(),
                            after: after.accent_colour.clone(),
                        },
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            onboarding::complete_step(conn, &access, SkippableStep::Branding)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

/// Why an upload is not an acceptable logo.
fn logo_problem(code: ProblemCode, message: impl Into<String>) -> AppError {
    let mut error = AppError::invalid_field("file", message);
    if let AppError::Validation { code: c, .. } = &mut error {
        *c = code;
    }
    error
}

/// Checks the content (not the name) is PNG, JPEG or WebP, decodes it within limits, shrinks it
/// to fit 512×512 and re-encodes it as PNG, which drops all metadata.
pub fn process_logo(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let kind = infer::get(bytes).map(|k| k.mime_type());
    let format = match kind {
        Some("image/png") => image::ImageFormat::Png,
        Some("image/jpeg") => image::ImageFormat::Jpeg,
        Some("image/webp") => image::ImageFormat::WebP,
        _ => {
            return Err(logo_problem(
                ProblemCode::UnsupportedImageType,
                "The logo must be a PNG, JPEG or WebP image (checked from its content, not its name).",
            ));
        }
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_DIMENSION);
    limits.max_image_height = Some(MAX_SOURCE_DIMENSION);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => logo_problem(
            ProblemCode::ImageTooLarge,
            format!("The image is too large in pixels; use at most {MAX_SOURCE_DIMENSION}×{MAX_SOURCE_DIMENSION}."),
        ),
        _ => logo_problem(
            ProblemCode::ImageUnreadable,
            "The image file is damaged or incomplete; export it again and retry.",
        ),
    })?;
    let image = if image.width() > LOGO_BOX || image.height() > LOGO_BOX {
        image.resize(LOGO_BOX, LOGO_BOX, image::imageops::FilterType::Lanczos3)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| AppError::unexpected(format!("PNG encoding failed: {e}")))?;
    Ok(png)
}

/// Uploads the logo (multipart field `file`; PNG, JPEG or WebP, at most 2 MB). Owners and
/// administrators. Completes onboarding step 4.
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body(content_type = "multipart/form-data", description = "A form with one field, `file`: the image"),
    responses(
        (status = 200, description = "The organisation with its new `logo_url`", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 413, response = responses::PayloadTooLarge),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[put("/logo")]
pub(crate) async fn upload_logo(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = multipart::read_field(multipart, "file", MAX_LOGO_BYTES)
        .await?
        .ok_or_else(|| {
            logo_problem(
                ProblemCode::FileMissing,
                "Attach the image as a form field named `file`.",
            )
        })?;
    let png = tokio::task::spawn_blocking(move || process_logo(&upload))
        .await
        .map_err(|e| AppError::unexpected(format!("logo task failed: {e}")))??;
    let hash = hex::encode(&Sha256::digest(&png)[..8]);
    let org_id = access.org_id();
    let key = ObjectKey::new(
        org_id,
        Area::Branding,
        &BlobName::sanitize(&format!("logo-{hash}.png")),
    );
    state.storage.put(&key, Bytes::from(png)).await?;

    let new_key = key.as_str().to_owned();
    let outcome = state
        .db
        .tenant(access.tenant(), move |conn| {
            let before = model::find(conn, org_id)?;
            diesel::update(organizations::table.find(org_id.into_uuid()))
                .set((
                    organizations::logo_key.eq(&new_key),
                    organizations::updated_at.eq(Utc::now()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::LogoUpdated {
                        key: new_key.to_string(),
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            onboarding::complete_step(conn, &access, SkippableStep::Branding)?;
            Ok((before.logo_key, model::find(conn, org_id)?))
        })
        .await;
    match outcome {
        Ok((old_key, org)) => {
            if let Some(old) = old_key.filter(|old| old != key.as_str()) {
                remove_blob(&state, org_id, &old).await;
            }
            Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
        }
        Err(error) => {
            // The row was not updated: the new blob must not linger.
            remove_blob(&state, org_id, key.as_str()).await;
            Err(error)
        }
    }
}

async fn remove_blob(state: &AppState, org_id: OrgId, stored: &str) {
    if let Some(key) = ObjectKey::parse_for(org_id, Area::Branding, stored)
        && let Err(error) = state.storage.delete(&key).await
    {
        // The orphan sweeper removes it later.
        tracing::warn!(org = %org_id, error = %error, "could not delete an old logo");
    }
}

/// Removes the logo (owners and administrators).
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/logo")]
pub(crate) async fn delete_logo(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let old = state
        .db
        .tenant(access.tenant(), move |conn| {
            let before = model::find(conn, org_id)?;
            if before.logo_key.is_some() {
                diesel::update(organizations::table.find(org_id.into_uuid()))
                    .set((
                        organizations::logo_key.eq(None::<String>),
                        organizations::updated_at.eq(Utc::now()),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(access.user_id()), AuditAction::LogoRemoved {})
                        .target("organization", org_id),
                    &client,
                )?;
            }
            Ok(before.logo_key)
        })
        .await?;
    if let Some(old) = old {
        remove_blob(&state, org_id, &old).await;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Serves a logo by its content-addressed URL (from `logo_url`). Public, so emails and the
/// sign-in page can show it; cached for a year, since a new logo gets a new URL.
#[utoipa::path(
    tag = "branding",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("file" = String, Path, description = "File name from `logo_url`"),
    ),
    responses(
        (status = 200, description = "The PNG image", content_type = "image/png"),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/api/v1/logos/{org_id}/{file}")]
pub(crate) async fn get_logo(
    state: web::Data<AppState>,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, AppError> {
    let (org_uuid, file) = path.into_inner();
    let org_id = OrgId::from_uuid(org_uuid);
    let not_found = || AppError::not_found("The logo");
    let current = state
        .db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            Ok(model::find(conn, org_id).ok().and_then(|org| org.logo_key))
        })
        .await?
        .ok_or_else(not_found)?;
    let key = ObjectKey::parse_for(org_id, Area::Branding, &current).ok_or_else(not_found)?;
    if key.path().filename() != Some(file.as_str()) {
        return Err(not_found());
    }
    let bytes = state.storage.get(&key).await?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        // Mail clients and other origins may display it.
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .body(bytes))
}
