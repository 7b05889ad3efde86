//! The security policy's rules, each change in one transaction with its audit record.

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::http::client::ClientContext;
use crate::organizations::policy::{SecurityPolicy, SecurityPolicyBody, policy};
use crate::organizations::security::error::SecurityPolicyError;
use crate::organizations::security::{queries, rules};
use crate::state::AppState;
use vigil_data::models::users::User;

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

/// Replaces the policy; refuses to require MFA (or passkeys) of others while the person saving
/// it has none: they would lock themselves out.
pub(super) async fn update(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    body: SecurityPolicyBody,
) -> Result<SecurityPolicy, SecurityPolicyError> {
    let keep_passkey_rule = body.require_passkey.is_none();
    let mut new = rules::parse(body)?;
    if new.require_mfa || !new.require_passkey.is_off() {
        let user_id = access.user_id();
        let me = state
            .db
            .data()
            .global(move |conn| {
                Ok::<_, SecurityPolicyError>(crate::identity::users::find(conn, user_id)?)
            })
            .await?;
        if new.require_mfa && !me.as_ref().is_some_and(User::has_second_factor) {
            return Err(SecurityPolicyError::MfaRequiredForYouFirst);
        }
        if !new.require_passkey.is_off() && me.as_ref().is_none_or(|u| u.passkey_count == 0) {
            return Err(SecurityPolicyError::PasskeyRequiredForYouFirst);
        }
    }
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = policy(conn, org_id)?;
            if keep_passkey_rule {
                new.require_passkey = before.require_passkey;
            }
            queries::save(conn, org_id, access.user_id(), &new)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::SecurityPolicyUpdated {
                        before: SecurityPolicyBody::from(before).into(),
                        after: SecurityPolicyBody::from(new).into(),
                    },
                )
                .target("organization", org_id),
                &client,
            )?;
            Ok::<_, SecurityPolicyError>(policy(conn, org_id)?)
        })
        .await
}
