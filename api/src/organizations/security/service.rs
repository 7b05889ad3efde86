//! The security policy's rules, each change in one transaction with its audit record.

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::http::client::ClientContext;
use crate::organizations::policy::{SecurityPolicy, SecurityPolicyBody, policy};
use crate::organizations::security::error::SecurityPolicyError;
use crate::organizations::security::{queries, rules};
use crate::state::AppState;

/// The policy in force (the defaults when none was saved).
pub(super) async fn get(
    state: &AppState,
    access: &PersonGrant,
) -> Result<SecurityPolicy, SecurityPolicyError> {
    let org_id = access.org_id();
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            Ok::<_, SecurityPolicyError>(policy(conn, org_id)?)
        })
        .await
}

/// Replaces the policy; refuses to require MFA of everyone while the person saving it has none.
pub(super) async fn update(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    body: SecurityPolicyBody,
) -> Result<SecurityPolicy, SecurityPolicyError> {
    let new = rules::parse(body)?;
    if new.require_mfa {
        let user_id = access.user_id();
        let enrolled = state
            .db
            .data()
            .global(move |conn| {
                Ok::<_, SecurityPolicyError>(
                    crate::identity::users::find(conn, user_id)?
                        .is_some_and(|u| u.mfa_enabled_at.is_some()),
                )
            })
            .await?;
        if !enrolled {
            return Err(SecurityPolicyError::MfaRequiredForYouFirst);
        }
    }
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = policy(conn, org_id)?;
            queries::save(conn, org_id, access.user_id(), &new)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::SecurityPolicyUpdated {
                        before: SecurityPolicyBody::from(before),
                        after: SecurityPolicyBody::from(new),
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            Ok::<_, SecurityPolicyError>(policy(conn, org_id)?)
        })
        .await
}
