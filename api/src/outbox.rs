//! The transactional outbox: a job row is inserted in the same transaction as the change
//! that causes it, so nothing is lost when the server restarts and nothing is sent for a
//! change that rolled back. `jobs` runs them.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::email::OutgoingEmail;
use crate::ids::OrgId;
use vigil_data::schema::background_jobs;

/// Every kind of background work.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Job {
    SendEmail(OutgoingEmail),
    /// Purge a deleted organisation at the end of its grace period.
    PurgeOrganization {
        org_id: OrgId,
    },
    /// Build a requested report.
    GenerateReport {
        org_id: OrgId,
        report_id: Uuid,
    },
}

impl Job {
    pub(crate) fn max_attempts(&self) -> i32 {
        match self {
            // About nine hours of retries with the backoff below.
            Job::SendEmail(_) => 10,
            // Storage outages should not leave data behind: keep trying for days.
            Job::PurgeOrganization { .. } => 100,
            Job::GenerateReport { .. } => 5,
        }
    }

    /// What stays in the row once the job is over: no tokens, no message bodies.
    pub(crate) fn redacted(&self) -> serde_json::Value {
        match self {
            Job::SendEmail(email) => serde_json::json!({
                "to": email.to,
                "template": email.template,
                "redacted": true,
            }),
            Job::PurgeOrganization { org_id } => serde_json::json!({ "org_id": org_id }),
            Job::GenerateReport { org_id, report_id } => {
                serde_json::json!({ "org_id": org_id, "report_id": report_id })
            }
        }
    }
}

/// Adds a job to the outbox, inside the caller's transaction.
pub fn enqueue(conn: &mut PgConnection, job: &Job) -> QueryResult<Uuid> {
    enqueue_at(conn, job, Utc::now())
}

/// Adds a job that must not run before `run_at`.
pub fn enqueue_at(conn: &mut PgConnection, job: &Job, run_at: DateTime<Utc>) -> QueryResult<Uuid> {
    let value = serde_json::to_value(job)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let kind = value["kind"].as_str().unwrap_or("unknown").to_owned();
    let id = Uuid::new_v4();
    diesel::insert_into(background_jobs::table)
        .values((
            background_jobs::id.eq(id),
            background_jobs::kind.eq(kind),
            background_jobs::payload.eq(&value["payload"]),
            background_jobs::max_attempts.eq(job.max_attempts()),
            background_jobs::run_at.eq(run_at),
        ))
        .execute(conn)?;
    Ok(id)
}
