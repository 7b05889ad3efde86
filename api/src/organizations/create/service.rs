//! The creation rules: a valid name, at most ten a day per person, the folders first and the
//! organisation, its owner and their audit records in one tenant transaction.

use std::future::Future;

use diesel::pg::PgConnection;

use crate::audit::events::JoinedVia;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::domain::OrgName;
use crate::http::client::ClientContext;
use crate::ids::{OrgId, UserId};
use crate::organizations::create::dto::CreateOrganizationRequest;
use crate::organizations::create::error::CreateOrganizationError;
use crate::organizations::members;
use crate::organizations::model::{self, Organization};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::storage::StorageError;
use diesel::QueryResult;
use vigil_core::roles::Role;
use vigil_data::TenantContext;

const CREATIONS_PER_USER: Limit = Limit {
    name: "organization-create:user",
    max: 10,
    window_secs: 86_400,
};

/// Creates another organisation with `user_id` as its owner.
pub(super) async fn create(
    state: &AppState,
    user_id: UserId,
    client: ClientContext,
    body: CreateOrganizationRequest,
) -> Result<Organization, CreateOrganizationError> {
    let name = OrgName::parse(&body.name).map_err(CreateOrganizationError::InvalidName)?;
    ratelimit::check(&state.db, &[(CREATIONS_PER_USER, user_id.to_string())]).await?;
    let org_id = OrgId::new();
    with_folders(state, org_id, async move {
        let org = state
            .db
            .data()
            .tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
                insert_with_owner(conn, org_id, &name, user_id, JoinedVia::Create, &client)?;
                Ok::<_, CreateOrganizationError>(model::find(conn, org_id)?)
            })
            .await?;
        Ok((org, true))
    })
    .await
}

/// Inserts the organisation and its owner membership, with their audit events. Runs in the new
/// organisation's tenant context.
pub fn insert_with_owner(
    conn: &mut PgConnection,
    org_id: OrgId,
    name: &OrgName,
    owner: UserId,
    via: JoinedVia,
    client: &ClientContext,
) -> QueryResult<()> {
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
pub async fn with_folders<T, E, F>(state: &AppState, org_id: OrgId, work: F) -> Result<T, E>
where
    E: From<StorageError>,
    F: Future<Output = Result<(T, bool), E>>,
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
