//! The security policy's writes (its read, `policy`, is shared with the guard).

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::ids::{OrgId, UserId};
use crate::organizations::policy::SecurityPolicy;
use vigil_data::schema::security_policies;

/// Saves the organisation's policy, replacing the one in force. Tenant transaction.
pub(super) fn save(
    conn: &mut PgConnection,
    org_id: OrgId,
    by: UserId,
    policy: &SecurityPolicy,
) -> QueryResult<()> {
    diesel::insert_into(security_policies::table)
        .values((
            security_policies::org_id.eq(org_id),
            security_policies::require_mfa.eq(policy.require_mfa),
            security_policies::require_passkey.eq(policy.require_passkey),
            security_policies::session_idle_minutes.eq(policy.session_idle_minutes),
            security_policies::allowed_email_domains.eq(&policy.allowed_email_domains),
            security_policies::updated_by.eq(by),
        ))
        .on_conflict(security_policies::org_id)
        .do_update()
        .set((
            security_policies::require_mfa.eq(policy.require_mfa),
            security_policies::require_passkey.eq(policy.require_passkey),
            security_policies::session_idle_minutes.eq(policy.session_idle_minutes),
            security_policies::allowed_email_domains.eq(&policy.allowed_email_domains),
            security_policies::updated_by.eq(by),
            security_policies::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}
