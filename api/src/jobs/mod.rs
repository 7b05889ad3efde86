//! Runs the jobs of the outbox (`crate::outbox`). Workers (inside `serve`, or `vigil worker`)
//! claim due rows with `FOR UPDATE SKIP LOCKED`, so several instances can run side by side.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Jsonb, Text, Uuid as SqlUuid};
use rand::RngExt;
use uuid::Uuid;

use crate::access_tokens::keys::KeyRing;
use crate::db::Db;
use crate::email::Mailer;
use crate::outbox::Job;
use crate::storage::Storage;
use vigil_data::schema::background_jobs;

/// Why a worker poll failed: only the queue's own statements can (a job's failure is
/// recorded on its row and retried).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Jsonb)]
    payload: serde_json::Value,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Integer)]
    max_attempts: i32,
}

enum Failure {
    /// Worth retrying later (the mail server was down).
    Retry(anyhow::Error),
    /// Will never succeed (the payload cannot be read or rendered).
    Permanent(anyhow::Error),
}

/// Delay before the next attempt: 10 s doubling, at most an hour, with 10 % jitter.
fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    let base = 10u64
        .saturating_mul(2u64.saturating_pow(exponent))
        .min(3_600);
    let jitter = rand::rng().random_range(0..=base / 10);
    Duration::from_secs(base + jitter)
}

#[derive(Clone)]
pub struct Worker {
    db: Db,
    mailer: Mailer,
    storage: Storage,
    keys: Option<KeyRing>,
}

/// Jobs claimed per poll.
const BATCH: i32 = 10;
/// How long a claimed job is leased before another worker may take it over.
const LEASE: &str = "5 minutes";

impl Worker {
    pub fn new(db: Db, mailer: Mailer, storage: Storage, keys: Option<KeyRing>) -> Self {
        Self {
            db,
            mailer,
            storage,
            keys,
        }
    }

    /// Claims and runs the jobs that are due; returns how many ran.
    pub async fn run_once(&self) -> Result<usize, JobError> {
        let claimed: Vec<Claimed> = self
            .db
            .data()
            .global(|conn| {
                Ok::<_, JobError>(
                    diesel::sql_query(format!(
                        "UPDATE background_jobs
                     SET status = 'running', attempts = attempts + 1,
                         locked_until = now() + interval '{LEASE}'
                     WHERE id IN (
                       SELECT id FROM background_jobs
                       WHERE (status = 'pending' AND run_at <= now())
                          OR (status = 'running' AND locked_until < now())
                       ORDER BY run_at
                       LIMIT $1
                       FOR UPDATE SKIP LOCKED)
                     RETURNING id, kind, payload, attempts, max_attempts"
                    ))
                    .bind::<Integer, _>(BATCH)
                    .load(conn)?,
                )
            })
            .await?;
        let count = claimed.len();
        for job in claimed {
            self.execute(job).await?;
        }
        Ok(count)
    }

    async fn execute(&self, claimed: Claimed) -> Result<(), JobError> {
        let parsed: Result<Job, _> = serde_json::from_value(serde_json::json!({
            "kind": claimed.kind,
            "payload": claimed.payload,
        }));
        let parsed_job = parsed.as_ref().ok().cloned();
        let (outcome, redacted) = match parsed {
            Ok(job) => (self.perform(&job).await, job.redacted()),
            Err(error) => (
                Err(Failure::Permanent(
                    anyhow::Error::from(error).context("unreadable job"),
                )),
                serde_json::json!({ "redacted": true }),
            ),
        };
        let id = claimed.id;
        match outcome {
            Ok(()) => {
                tracing::info!(job = %id, kind = %claimed.kind, "job succeeded");
                self.db
                    .data()
                    .global(move |conn| {
                        diesel::update(background_jobs::table.find(id))
                            .set((
                                background_jobs::status.eq("succeeded"),
                                background_jobs::finished_at.eq(Utc::now()),
                                background_jobs::locked_until.eq(None::<DateTime<Utc>>),
                                background_jobs::last_error.eq(None::<String>),
                                background_jobs::payload.eq(redacted),
                            ))
                            .execute(conn)?;
                        Ok(())
                    })
                    .await
            }
            Err(failure) => {
                let (error, permanent) = match failure {
                    Failure::Retry(e) => (e, false),
                    Failure::Permanent(e) => (e, true),
                };
                let message = format!("{error:#}");
                let give_up = permanent || claimed.attempts >= claimed.max_attempts;
                if give_up {
                    tracing::error!(job = %id, kind = %claimed.kind, attempts = claimed.attempts, error = %message, "job failed for good");
                    if let Some(Job::GenerateReport { org_id, report_id }) = &parsed_job
                        && let Err(error) = crate::reports::generate::mark_failed(
                            &self.db, *org_id, *report_id, &message,
                        )
                        .await
                    {
                        tracing::warn!(error = %error, "could not mark the report failed");
                    }
                } else {
                    tracing::warn!(job = %id, kind = %claimed.kind, attempts = claimed.attempts, error = %message, "job failed; will retry");
                }
                let retry_at = Utc::now()
                    + chrono::Duration::from_std(backoff(claimed.attempts))
                        .unwrap_or_else(|_| chrono::Duration::hours(1));
                self.db
                    .data()
                    .global(move |conn| {
                        let row = background_jobs::table.find(id);
                        if give_up {
                            diesel::update(row)
                                .set((
                                    background_jobs::status.eq("failed"),
                                    background_jobs::finished_at.eq(Utc::now()),
                                    background_jobs::locked_until.eq(None::<DateTime<Utc>>),
                                    background_jobs::last_error.eq(message),
                                    background_jobs::payload.eq(redacted),
                                ))
                                .execute(conn)?;
                        } else {
                            diesel::update(row)
                                .set((
                                    background_jobs::status.eq("pending"),
                                    background_jobs::run_at.eq(retry_at),
                                    background_jobs::locked_until.eq(None::<DateTime<Utc>>),
                                    background_jobs::last_error.eq(message),
                                ))
                                .execute(conn)?;
                        }
                        Ok(())
                    })
                    .await
            }
        }
    }

    async fn perform(&self, job: &Job) -> Result<(), Failure> {
        match job {
            Job::SendEmail(email) => {
                let rendered = email.render().map_err(Failure::Permanent)?;
                self.mailer.send(&rendered).await.map_err(Failure::Retry)
            }
            Job::PurgeOrganization { org_id } => {
                crate::organizations::purge::purge(&self.db, &self.storage, *org_id)
                    .await
                    .map(|_| ())
                    .map_err(Failure::Retry)
            }
            Job::GenerateReport { org_id, report_id } => {
                crate::reports::generate::generate(&self.db, &self.storage, *org_id, *report_id)
                    .await
                    .map_err(Failure::Retry)
            }
        }
    }

    /// Rotates the token-signing key when due, and deletes what has served its purpose:
    /// finished jobs after a week, expired CAPTCHA redemptions and rate-limit windows.
    pub async fn housekeeping(&self) -> anyhow::Result<()> {
        if let Some(keys) = &self.keys {
            keys.rotate_if_due().await?;
        }
        self.db
            .data()
            .global(|conn| {
                diesel::sql_query(
                    "DELETE FROM background_jobs
                     WHERE status IN ('succeeded', 'failed') AND finished_at < now() - interval '7 days'",
                )
                .execute(conn)?;
                diesel::sql_query("DELETE FROM captcha_redemptions WHERE expires_at < now()")
                    .execute(conn)?;
                diesel::sql_query(
                    "DELETE FROM rate_limits WHERE window_start < now() - interval '2 days'",
                )
                .execute(conn)?;
                Ok(())
            })
            .await
    }

    /// Polls forever: runs due jobs, sleeps `poll` when there are none.
    pub async fn run(self, poll: Duration) {
        // Housekeeping runs at once on start (subtracting an hour from a fresh boot's clock
        // could underflow), then every ten minutes.
        let mut last_housekeeping: Option<std::time::Instant> = None;
        let mut last_sweep = std::time::Instant::now();
        loop {
            if last_housekeeping.is_none_or(|at| at.elapsed() > Duration::from_mins(10)) {
                if let Err(error) = self.housekeeping().await {
                    tracing::warn!(error = %error, "housekeeping failed");
                }
                last_housekeeping = Some(std::time::Instant::now());
            }
            if last_sweep.elapsed() > Duration::from_hours(6) {
                match crate::documents::sweeper::sweep(&self.db, &self.storage).await {
                    Ok(removed) => tracing::info!(removed, "orphan sweep done"),
                    Err(error) => tracing::warn!(error = %error, "orphan sweep failed"),
                }
                last_sweep = std::time::Instant::now();
            }
            match self.run_once().await {
                Ok(ran) if ran > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(error = %error, "worker poll failed"),
            }
            tokio::time::sleep(poll).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!((10..=11).contains(&backoff(1).as_secs()));
        assert!((20..=22).contains(&backoff(2).as_secs()));
        assert!((3_600..=3_960).contains(&backoff(15).as_secs()));
        assert!((10..=11).contains(&backoff(0).as_secs()));
    }
}
