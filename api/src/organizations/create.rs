//! Creating an organisation: by signup (a new owner) or by a signed-in person (another
//! organisation of theirs). The storage folders come first; if the database work then fails,
//! they are removed again, so nothing is half-created.

use std::future::Future;

use actix_web::{HttpResponse, post, web};
use diesel::pg::PgConnection;
use serde::Deserialize;
use utoipa::ToSchema;

use super::members;
use super::model;
use super::profile::OrganizationResponse;
use super::roles::Role;
use crate::audit::events::JoinedVia;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::domain::OrgName;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::{OrgId, UserId};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use vigil_data::TenantContext;

/// Inserts the organisation and its owner membership, with their audit events. Runs in the new
/// organisation's tenant context.
pub fn insert_with_owner(
    conn: &mut PgConnection,
    org_id: OrgId,
    name: &OrgName,
    owner: UserId,
    via: JoinedVia,
    client: &ClientContext,
) -> Result<(), AppError> {
    let slug = model::insert(conn, org_id, name)?;
    members::add(conn, org_id, owner, Role::Owner)?;
    audit::record(
        conn,
        &AuditEvent::new(
            org_id,
            Some(owner),
            AuditAction::OrganizationCreated {
                name: name.as_str().to_owned(),
                slug,
                via: None,
            },
        )
        .target("organization", org_id),
        client,
    )?;
    audit::record(
        conn,
        &AuditEvent::new(
            org_id,
            Some(owner),
            AuditAction::MemberAdded {
                role: Role::Owner,
                via,
                access_expires_at: None,
                new_account: None,
                legacy_user_id: None,
            },
        )
        .target("user", owner),
        client,
    )?;
    Ok(())
}

/// Creates the organisation's storage folders, runs `work`, and removes the folders again when
/// `work` fails or reports (with `false`) that the organisation was not created after all.
pub async fn with_folders<T, F>(state: &AppState, org_id: OrgId, work: F) -> Result<T, AppError>
where
    F: Future<Output = Result<(T, bool), AppError>>,
{
    state.storage.create_org_folders(org_id).await?;
    let outcome = work.await;
    if !matches!(outcome, Ok((_, true))) {
        // Best effort: a leftover empty prefix holds no data.
        if let Err(error) = state.storage.delete_org(org_id).await {
            tracing::warn!(org = %org_id, error = %error, "could not remove the folders of an organisation that was not created");
        }
    }
    outcome.map(|(value, _)| value)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganizationRequest {
    #[schema(example = "Harbour View Allied Health")]
    pub name: String,
}

const CREATIONS_PER_USER: Limit = Limit {
    name: "organization-create:user",
    max: 10,
    window_secs: 86_400,
};

/// Creates another organisation with the signed-in person as its owner.
#[utoipa::path(
    tag = "organizations",
    request_body = CreateOrganizationRequest,
    responses(
        (status = 201, description = "Created", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/organizations")]
pub(crate) async fn create_organization(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<CreateOrganizationRequest>,
) -> Result<HttpResponse, AppError> {
    let name = OrgName::parse(&body.into_inner().name)
        .map_err(|message| AppError::invalid_field("name", message))?;
    let user_id = auth.user_id();
    ratelimit::check(&state.db, &[(CREATIONS_PER_USER, user_id.to_string())]).await?;
    let org_id = OrgId::new();
    let db = state.db.clone();
    let org = with_folders(&state, org_id, async move {
        let org = db
            .tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
                insert_with_owner(conn, org_id, &name, user_id, JoinedVia::Create, &client)?;
                model::find(conn, org_id)
            })
            .await?;
        Ok((org, true))
    })
    .await?;
    Ok(HttpResponse::Created().json(OrganizationResponse::from(&org)))
}
