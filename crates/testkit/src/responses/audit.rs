//! The audit log.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vigil_core::roles::Role;

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    User,
    ApiClient,
    System,
}

/// `AuditEventResponse`. `details` depends on `action`: read it with
/// [`AuditEvent::details_as`].
#[derive(Deserialize, Debug, Clone)]
pub struct AuditEvent {
    pub id: Uuid,
    /// Position in the organisation's hash chain.
    pub seq: i64,
    pub action: String,
    pub details: serde_json::Value,
    pub actor_type: ActorType,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl AuditEvent {
    /// The details, read as the shape of this event's action.
    pub fn details_as<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.details.clone())
            .unwrap_or_else(|e| panic!("{} details: {e}: {}", self.action, self.details))
    }
}

/// `AuditEventList`: newest first; `next_cursor` fetches the older ones.
#[derive(Deserialize, Debug, Clone)]
pub struct AuditEventList {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<i64>,
}

/// `AuditChainStatus`.
#[derive(Deserialize, Debug, Clone)]
pub struct AuditChainStatus {
    pub valid: bool,
    pub events_checked: i64,
    pub first_broken_seq: Option<i64>,
}

/// The details of an `*.updated` event: the fields that changed.
#[derive(Deserialize, Debug, Clone)]
pub struct Changes {
    pub changes: BTreeMap<String, FieldChange>,
}

/// How one field changed.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum FieldChange {
    Values {
        before: serde_json::Value,
        after: serde_json::Value,
    },
    /// Free text that may hold health information: only that it changed.
    Redacted { changed: bool },
}

/// The details of `member.role_changed`.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RoleChange {
    pub before: Role,
    pub after: Role,
}

/// The details of an `unreadable` event: the stored row, as stored.
#[derive(Deserialize, Debug, Clone)]
pub struct Unreadable {
    pub action: String,
    pub details: serde_json::Value,
}
