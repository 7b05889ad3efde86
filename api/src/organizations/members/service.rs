//! The membership rules: administrators manage members who are not owners, only owners touch
//! the owner role, and an organisation always keeps an owner whose access never ends. Each
//! change is one tenant transaction with its audit record.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use uuid::Uuid;

use crate::audit::events::FormerMember;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Permission, PersonGrant};
use crate::http::client::ClientContext;
use crate::http::page::Page;
use crate::ids::OrgId;
use crate::organizations::members::dto::{
    MemberList, MemberQuery, MemberResponse, UpdateMemberRequest,
};
use crate::organizations::members::error::MemberError;
use crate::organizations::members::queries;
use crate::state::AppState;
use vigil_core::roles::Role;

pub(super) async fn list(
    state: &AppState,
    access: &PersonGrant,
    query: MemberQuery,
    page: Page,
) -> Result<MemberList, MemberError> {
    let (limit, offset) = (page.limit, page.offset);
    let org_id = access.org_id();
    let (items, total) = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            queries::list(conn, org_id, &query, limit, offset).map_err(MemberError::from)
        })
        .await?;
    Ok(MemberList {
        items,
        total,
        limit,
        offset,
    })
}

fn find(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
) -> Result<MemberResponse, MemberError> {
    queries::find(conn, org_id, user_id)?.ok_or(MemberError::NotAMember)
}

/// An organisation keeps at least one owner whose access never ends: the change would leave
/// none (demoting, removing or giving an end date to the last one).
fn ensure_an_owner_remains(
    conn: &mut PgConnection,
    org_id: OrgId,
    current: &MemberResponse,
    new_role: Role,
    new_end: Option<DateTime<Utc>>,
) -> Result<(), MemberError> {
    let was_permanent_owner = current.role == Role::Owner && current.access_expires_at.is_none();
    let stays_permanent_owner = new_role == Role::Owner && new_end.is_none();
    if was_permanent_owner
        && !stays_permanent_owner
        && queries::lock_permanent_owners(conn, org_id)? <= 1
    {
        return Err(MemberError::LastOwner);
    }
    Ok(())
}

/// Changes a member's role or the end of their time-limited access.
pub(super) async fn update(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    target: Uuid,
    body: UpdateMemberRequest,
) -> Result<MemberResponse, MemberError> {
    if body.role.is_none() && body.access_expires_at.is_none() {
        return Err(MemberError::NothingToChange);
    }
    if let Some(Some(at)) = body.access_expires_at
        && at <= Utc::now()
    {
        return Err(MemberError::AccessEndNotInFuture);
    }
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let current = find(conn, org_id, target)?;
            let new_role = body.role.unwrap_or(current.role);
            if (current.role == Role::Owner || new_role == Role::Owner)
                && !access.holds(Permission::OwnersManage)
            {
                return Err(MemberError::OwnersOnly(
                    "Only owners can grant the owner role or change an owner's role or access.",
                ));
            }
            let new_end = body.access_expires_at.unwrap_or(current.access_expires_at);
            ensure_an_owner_remains(conn, org_id, &current, new_role, new_end)?;
            let event = |action| {
                AuditEvent::new(org_id, Some(access.user_id()), action).target("user", target)
            };
            if new_role != current.role {
                queries::set_role(conn, org_id, target, new_role)?;
                let action = AuditAction::RoleChanged {
                    before: current.role,
                    after: new_role,
                };
                audit::record(conn, &event(action), &client)?;
            }
            if let Some(until) = body.access_expires_at
                && until != current.access_expires_at
            {
                queries::set_access_end(conn, org_id, target, until)?;
                let action = AuditAction::AccessChanged {
                    before: current.access_expires_at,
                    after: until,
                };
                audit::record(conn, &event(action), &client)?;
            }
            find(conn, org_id, target)
        })
        .await
}

/// Removes someone else's membership (owners only when the member is an owner).
pub(super) async fn remove(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    target: Uuid,
) -> Result<(), MemberError> {
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let current = find(conn, access.org_id(), target)?;
            if current.role == Role::Owner && !access.holds(Permission::OwnersManage) {
                return Err(MemberError::OwnersOnly("Only owners can remove an owner."));
            }
            end_membership(conn, &access, &current, &client)
        })
        .await
}

/// Ends the caller's own membership.
pub(super) async fn leave(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
) -> Result<(), MemberError> {
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let current = find(conn, access.org_id(), access.user_id().into_uuid())?;
            end_membership(conn, &access, &current, &client)
        })
        .await
}

/// Deletes a membership (after the caller's checks), keeping an owner, and audits it.
fn end_membership(
    conn: &mut PgConnection,
    access: &PersonGrant,
    current: &MemberResponse,
    client: &ClientContext,
) -> Result<(), MemberError> {
    let org_id = access.org_id();
    let target = current.user_id;
    ensure_an_owner_remains(conn, org_id, current, Role::Viewer, None)?;
    queries::delete(conn, org_id, target)?;
    let former = FormerMember {
        role: current.role,
        email: current.email.clone(),
    };
    let action = if target == access.user_id().into_uuid() {
        AuditAction::MemberLeft(former)
    } else {
        AuditAction::MemberRemoved(former)
    };
    audit::record(
        conn,
        &AuditEvent::new(org_id, Some(access.user_id()), action).target("user", target),
        client,
    )?;
    Ok(())
}
