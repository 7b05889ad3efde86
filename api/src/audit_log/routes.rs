//! Reading the audit log and checking its chain (owners and administrators).
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::audit::{AuditAction, EventFilter, StoredEvent};
use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::problem::responses;
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// An exact action (`member.removed`) or a prefix ending in a dot (`member.`).
    pub action: Option<String>,
    /// Only events by this user.
    pub actor_id: Option<Uuid>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Events at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Events before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    /// 1 to 100; 50 by default.
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventResponse {
    pub id: Uuid,
    /// Position in the organisation's hash chain (1, 2, 3, ...).
    pub seq: i64,
    /// user, api_client or system
    pub actor_type: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    /// `action` and its `details`.
    #[serde(flatten)]
    pub event: AuditAction,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<StoredEvent> for AuditEventResponse {
    fn from(e: StoredEvent) -> Self {
        Self {
            id: e.id,
            seq: e.seq,
            actor_type: e.actor_type,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            actor_email: e.actor_email,
            event: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            ip: e.ip,
            request_id: e.request_id,
            created_at: e.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventList {
    /// Newest first.
    pub items: Vec<AuditEventResponse>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<i64>,
}

/// The organisation's audit log, newest first, filterable and paginated by cursor.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "audit",
    params(("org_id" = Uuid, Path, description = "Organisation id"), AuditQuery),
    responses(
        (status = 200, description = "A page of events", body = AuditEventList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/audit-events")]
pub(crate) async fn list_audit_events(
    state: web::Data<AppState>,
    access: PersonGrant,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::BadRequest {
            code: ProblemCode::InvalidQuery,
            detail: "limit must be between 1 and 100.".into(),
        });
    }
    let filter = EventFilter {
        action: query.action,
        actor_id: query.actor_id,
        target_type: query.target_type,
        target_id: query.target_id,
        from: query.from,
        to: query.to,
        before_seq: query.cursor,
    };
    let org_id = access.org_id();
    let events = state
        .db
        .tenant(access.tenant(), move |conn| {
            Ok::<_, AppError>(crate::audit::list(conn, org_id, &filter, limit + 1)?)
        })
        .await?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let has_more = events.len() > limit;
    let items: Vec<AuditEventResponse> = events
        .into_iter()
        .take(limit)
        .map(AuditEventResponse::from)
        .collect();
    let next_cursor = if has_more {
        items.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(AuditEventList { items, next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct AuditChainStatus {
    /// True when every event's link and hash verify.
    pub valid: bool,
    pub events_checked: i64,
    /// The first event that does not verify (tampered, removed or reordered).
    pub first_broken_seq: Option<i64>,
}

/// Recomputes the organisation's audit hash chain and reports whether it is intact.
#[utoipa::path(
    tag = "audit",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Chain status", body = AuditChainStatus),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/audit-events/verification")]
pub(crate) async fn verify_audit_chain(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let status = state
        .db
        .tenant(access.tenant(), move |conn| {
            Ok::<_, AppError>(crate::audit::verify(conn, org_id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AuditChainStatus {
        valid: status.first_broken_seq.is_none(),
        events_checked: status.events_checked,
        first_broken_seq: status.first_broken_seq,
    }))
}
