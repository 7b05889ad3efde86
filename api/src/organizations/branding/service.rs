//! The branding rules: each change is one tenant transaction with its audit record and
//! completes onboarding step 4. A logo's blob is stored before its row is updated and removed
//! again when the row is not; the blob it replaces goes once the row no longer names it.

use actix_multipart::Multipart;
use bytes::Bytes;

use crate::audit::events::ColourChange;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::http::client::ClientContext;
use crate::http::multipart;
use crate::ids::OrgId;
use crate::organizations::branding::dto::UpdateBrandingRequest;
use crate::organizations::branding::error::BrandingError;
use crate::organizations::branding::{colours, logo, queries};
use crate::organizations::model::{self, Organization};
use crate::organizations::onboarding::{self, SkippableStep};
use crate::state::AppState;
use crate::storage::{Area, ObjectKey};
use vigil_data::TenantContext;

/// Sets or clears the brand colours the body names.
pub(super) async fn update_colours(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    body: UpdateBrandingRequest,
) -> Result<Organization, BrandingError> {
    let colours = colours::parse(&body)?;
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = model::find(conn, org_id)?;
            queries::set_colours(conn, org_id, &colours)?;
            let after = model::find(conn, org_id)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::BrandingUpdated {
                        primary_colour: ColourChange {
                            before: before.primary_colour,
                            after: after.primary_colour.clone(),
                        },
                        accent_colour: ColourChange {
                            before: before.accent_colour,
                            after: after.accent_colour.clone(),
                        },
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            onboarding::complete_step(conn, &access, SkippableStep::Branding)?;
            Ok::<_, BrandingError>(after)
        })
        .await
}

/// Re-encodes the uploaded image (form field `file`), stores it and makes it the logo.
pub(super) async fn upload_logo(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    form: Multipart,
) -> Result<Organization, BrandingError> {
    let upload = multipart::read_field(form, "file", logo::MAX_LOGO_BYTES)
        .await?
        .ok_or(BrandingError::FileMissing)?;
    // Decoding is CPU-bound: off the async workers.
    let png = tokio::task::spawn_blocking(move || logo::process(&upload))
        .await
        .map_err(BrandingError::LogoTask)??;
    let org_id = access.org_id();
    let key = logo::key_for(org_id, &png);
    state.storage.put(&key, Bytes::from(png)).await?;

    let new_key = key.as_str().to_owned();
    let outcome = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let before = model::find(conn, org_id)?;
            queries::set_logo_key(conn, org_id, Some(&new_key))?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::LogoUpdated { key: new_key },
                )
                .target("organization", org_id),
                &client,
            )?;
            onboarding::complete_step(conn, &access, SkippableStep::Branding)?;
            Ok::<_, BrandingError>((before.logo_key, model::find(conn, org_id)?))
        })
        .await;
    match outcome {
        Ok((old_key, org)) => {
            if let Some(old) = old_key.filter(|old| old != key.as_str()) {
                remove_blob(state, org_id, &old).await;
            }
            Ok(org)
        }
        Err(error) => {
            // The row was not updated: the new blob must not linger.
            remove_blob(state, org_id, key.as_str()).await;
            Err(error)
        }
    }
}

/// Removes the logo, if there is one.
pub(super) async fn delete_logo(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
) -> Result<(), BrandingError> {
    let org_id = access.org_id();
    let old = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let before = model::find(conn, org_id)?;
            if before.logo_key.is_some() {
                queries::set_logo_key(conn, org_id, None)?;
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(access.user_id()), AuditAction::LogoRemoved {})
                        .target("organization", org_id),
                    &client,
                )?;
            }
            Ok::<_, BrandingError>(before.logo_key)
        })
        .await?;
    if let Some(old) = old {
        remove_blob(state, org_id, &old).await;
    }
    Ok(())
}

/// The organisation's logo, when `file` names the current one (an old URL finds nothing).
/// Public: read in the organisation's tenant context without a person.
pub(super) async fn current_logo(
    state: &AppState,
    org_id: OrgId,
    file: &str,
) -> Result<Bytes, BrandingError> {
    let stored = state
        .db
        .data()
        .tenant(TenantContext::new(org_id, None), move |conn| {
            Ok::<_, BrandingError>(queries::logo_key(conn, org_id)?)
        })
        .await?
        .ok_or(BrandingError::LogoNotFound)?;
    let key = ObjectKey::parse_for(org_id, Area::Branding, &stored)
        .filter(|key| key.path().filename() == Some(file))
        .ok_or(BrandingError::LogoNotFound)?;
    Ok(state.storage.get(&key).await?)
}

async fn remove_blob(state: &AppState, org_id: OrgId, stored: &str) {
    if let Some(key) = ObjectKey::parse_for(org_id, Area::Branding, stored)
        && let Err(error) = state.storage.delete(&key).await
    {
        // The orphan sweeper removes it later.
        tracing::warn!(org = %org_id, error = %error, "could not delete an old logo");
    }
}
