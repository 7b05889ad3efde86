//! The audit trail: who did what to which record, written in the same transaction as the
//! change. Append-only for the application role (no UPDATE or DELETE grant) and hash-chained
//! per organisation by the database itself (see migration 4), so tampering is detectable.

pub use vigil_core::audit as events;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Uuid as SqlUuid};
use uuid::Uuid;

pub use self::events::AuditAction;
use crate::http::client::ClientContext;
use crate::ids::{OrgId, UserId};
use diesel::result::Error::SerializationError;
use vigil_data::schema::{audit_events, users};

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User(UserId),
    /// An API client (OAuth client credentials); its id.
    ApiClient(Uuid),
    /// Vigil itself (scheduled jobs).
    System,
}

impl Actor {
    fn columns(self) -> (&'static str, Option<Uuid>) {
        match self {
            Actor::User(id) => ("user", Some(id.into_uuid())),
            Actor::ApiClient(id) => ("api_client", Some(id)),
            Actor::System => ("system", None),
        }
    }
}

/// One event, built by the handler that makes the change.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub org_id: OrgId,
    pub actor: Actor,
    pub action: AuditAction,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
}

impl AuditEvent {
    pub fn new(org_id: OrgId, actor: Option<UserId>, action: AuditAction) -> Self {
        Self::by(org_id, actor.map_or(Actor::System, Actor::User), action)
    }

    pub fn by(org_id: OrgId, actor: Actor, action: AuditAction) -> Self {
        Self {
            org_id,
            actor,
            action,
            target_type: None,
            target_id: None,
        }
    }

    #[must_use]
    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }
}

/// An event read back with an action this version does not know; writing it again would
/// forge its details.
#[derive(Debug, thiserror::Error)]
#[error("an unreadable audit event cannot be written")]
struct Unwritable;

/// Appends an event (inside a tenant transaction for `event.org_id`). The chaining trigger
/// assigns its sequence number, previous hash and hash. Fails only as a statement fails (an
/// event that cannot be turned into its columns is a serialisation error), so every feature's
/// `Database` error holds it.
pub fn record(
    conn: &mut PgConnection,
    event: &AuditEvent,
    client: &ClientContext,
) -> QueryResult<()> {
    record_many(conn, std::slice::from_ref(event), client)
}

/// Appends events in order, many per statement (bulk writers such as `vigil seed`). The
/// trigger runs per row and sees the rows before it in the same statement, so the chain holds.
pub fn record_many(
    conn: &mut PgConnection,
    events: &[AuditEvent],
    client: &ClientContext,
) -> QueryResult<()> {
    for chunk in events.chunks(1000) {
        let rows = chunk
            .iter()
            .map(|event| {
                if matches!(event.action, AuditAction::Unreadable { .. }) {
                    return Err(SerializationError(Box::new(Unwritable)));
                }
                let (actor_type, actor_id) = event.actor.columns();
                let (action, details) = event
                    .action
                    .to_columns()
                    .map_err(|e| SerializationError(Box::new(e)))?;
                Ok((
                    audit_events::org_id.eq(event.org_id),
                    audit_events::id.eq(Uuid::new_v4()),
                    audit_events::actor_type.eq(actor_type),
                    audit_events::actor_user_id.eq(actor_id),
                    audit_events::action.eq(action),
                    audit_events::target_type.eq(event.target_type),
                    audit_events::target_id.eq(&event.target_id),
                    audit_events::ip.eq(client.ip_string()),
                    audit_events::user_agent.eq(&client.user_agent),
                    audit_events::request_id.eq(&client.request_id),
                    audit_events::details.eq(details),
                ))
            })
            .collect::<QueryResult<Vec<_>>>()?;
        diesel::insert_into(audit_events::table)
            .values(rows)
            .execute(conn)?;
    }
    Ok(())
}

/// An event as read back, with the acting user's name when there is one.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: Uuid,
    pub seq: i64,
    pub actor_type: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub action: AuditAction,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Which events to list; all filters are optional.
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    /// An exact action, or a prefix ending in `.` (e.g. `member.`).
    pub action: Option<String>,
    pub actor_id: Option<Uuid>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only events older than this sequence number (the cursor).
    pub before_seq: Option<i64>,
}

/// The organisation's events, newest first.
pub fn list(
    conn: &mut PgConnection,
    org_id: OrgId,
    filter: &EventFilter,
    limit: i64,
) -> QueryResult<Vec<StoredEvent>> {
    type Row = (
        (
            Uuid,
            i64,
            String,
            Option<Uuid>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            serde_json::Value,
            DateTime<Utc>,
        ),
        Option<(String, String, String)>,
    );
    let mut query = audit_events::table
        .left_join(users::table.on(audit_events::actor_user_id.eq(users::id.nullable())))
        .filter(audit_events::org_id.eq(org_id))
        .into_boxed();
    if let Some(action) = &filter.action {
        query = if action.ends_with('.') {
            query.filter(audit_events::action.like(format!("{}%", escape_like(action))))
        } else {
            query.filter(audit_events::action.eq(action.clone()))
        };
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_events::actor_user_id.eq(actor));
    }
    if let Some(kind) = &filter.target_type {
        query = query.filter(audit_events::target_type.eq(kind.clone()));
    }
    if let Some(id) = &filter.target_id {
        query = query.filter(audit_events::target_id.eq(id.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::created_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::created_at.lt(to));
    }
    if let Some(before) = filter.before_seq {
        query = query.filter(audit_events::seq.lt(before));
    }
    let rows: Vec<Row> = query
        .order(audit_events::seq.desc())
        .limit(limit)
        .select((
            (
                audit_events::id,
                audit_events::seq,
                audit_events::actor_type,
                audit_events::actor_user_id,
                audit_events::action,
                audit_events::target_type,
                audit_events::target_id,
                audit_events::ip,
                audit_events::request_id,
                audit_events::details,
                audit_events::created_at,
            ),
            (users::first_name, users::last_name, users::email).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(e, user)| {
            let action = AuditAction::read(&e.4, e.9);
            StoredEvent {
                id: e.0,
                seq: e.1,
                actor_type: e.2,
                actor_id: e.3,
                actor_name: user.as_ref().map(|(f, l, _)| format!("{f} {l}")),
                actor_email: user.map(|(_, _, email)| email),
                action,
                target_type: e.5,
                target_id: e.6,
                ip: e.7,
                request_id: e.8,
                created_at: e.10,
            }
        })
        .collect())
}

fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The result of checking an organisation's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStatus {
    pub events_checked: i64,
    /// The first event whose sequence, link or hash does not verify.
    pub first_broken_seq: Option<i64>,
}

#[derive(QueryableByName)]
struct ChainRow {
    #[diesel(sql_type = BigInt)]
    events_checked: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    first_broken_seq: Option<i64>,
}

/// Recomputes every hash of the organisation's chain (inside its tenant transaction).
pub fn verify(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<ChainStatus> {
    let row: ChainRow =
        diesel::sql_query("SELECT events_checked, first_broken_seq FROM audit_chain_verify($1)")
            .bind::<SqlUuid, _>(org_id)
            .get_result(conn)?;
    Ok(ChainStatus {
        events_checked: row.events_checked,
        first_broken_seq: row.first_broken_seq,
    })
}

/// Checks the chains of every organisation (or one), printing one line each; returns how many
/// are broken. Connects as the owner role, which may list all organisations.
pub async fn verify_all(admin_url: &str, only: Option<Uuid>) -> anyhow::Result<usize> {
    use vigil_data::schema::organizations;
    let db = crate::db::Db::new(&crate::config::DatabaseConfig {
        pool_size: 1,
        statement_timeout_ms: 0,
        ..crate::config::DatabaseConfig::for_url(admin_url)
    })?;
    let orgs: Vec<(Uuid, String)> = db
        .global(move |conn| {
            let mut query = organizations::table.into_boxed();
            if let Some(id) = only {
                query = query.filter(organizations::id.eq(id));
            }
            Ok(query
                .order(organizations::created_at)
                .select((organizations::id, organizations::name))
                .load(conn)?)
        })
        .await
        .map_err(anyhow::Error::from)?;
    anyhow::ensure!(!(only.is_some() && orgs.is_empty()), "no such organisation");
    let mut broken = 0;
    for (id, name) in orgs {
        let org_id = OrgId::from_uuid(id);
        let status = db
            .data()
            .tenant(vigil_data::TenantContext::new(org_id, None), move |conn| {
                Ok::<_, anyhow::Error>(verify(conn, org_id)?)
            })
            .await?;
        match status.first_broken_seq {
            None => println!("ok      {id}  {name}: {} events", status.events_checked),
            Some(seq) => {
                broken += 1;
                println!("BROKEN  {id}  {name}: first bad event is #{seq}");
            }
        }
    }
    Ok(broken)
}
