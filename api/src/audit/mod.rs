//! The audit trail: who did what to which record, written in the same transaction as the change.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::db::schema::audit_events;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::ids::{OrgId, UserId};

/// One event, built by the handler that makes the change.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub org_id: OrgId,
    pub actor_user_id: Option<UserId>,
    pub action: &'static str,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub details: Value,
}

impl AuditEvent {
    pub fn new(org_id: OrgId, actor: Option<UserId>, action: &'static str) -> Self {
        Self {
            org_id,
            actor_user_id: actor,
            action,
            target_type: None,
            target_id: None,
            details: Value::Object(Default::default()),
        }
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Appends an event (inside a tenant transaction for `event.org_id`).
pub fn record(
    conn: &mut PgConnection,
    event: &AuditEvent,
    client: &ClientContext,
) -> Result<(), AppError> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::org_id.eq(event.org_id.into_uuid()),
            audit_events::id.eq(Uuid::new_v4()),
            audit_events::actor_user_id.eq(event.actor_user_id.map(UserId::into_uuid)),
            audit_events::action.eq(event.action),
            audit_events::target_type.eq(event.target_type),
            audit_events::target_id.eq(&event.target_id),
            audit_events::ip.eq(client.ip_string()),
            audit_events::request_id.eq(&client.request_id),
            audit_events::details.eq(&event.details),
        ))
        .execute(conn)?;
    Ok(())
}
