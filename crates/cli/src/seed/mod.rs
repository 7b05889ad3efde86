//! `vigil seed`: realistic demo and benchmark data. Organisations (clinics, aged-care and
//! allied-health providers with valid ABNs and addresses), staff accounts sharing one demo
//! password, memberships, pending invitations, documents with small real files in storage,
//! compliance results and a hash-chained audit trail.
//!
//! - Deterministic: everything except timestamps and slugs comes from `--seed`, one RNG per
//!   organisation, so parallel work does not change the outcome.
//! - Fast: the demo password is hashed once; each organisation is one tenant transaction of
//!   multi-row INSERTs; organisations run concurrently; files are written concurrently.
//! - Refuses a database that already holds seeded data (its demo owner exists) unless
//!   `--append`, which adds a new run with its own demo owner, addresses and ids.

pub mod data;
mod plan;
mod write;

use std::time::Instant;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use clap::Args;
use diesel::prelude::*;
use futures_util::{StreamExt, TryStreamExt, stream};
use uuid::Uuid;

use plan::plan_org;
use vigil::compliance::ComplianceStatus;
use vigil::config::{DatabaseConfig, StorageConfig};
use vigil::db::Db;
use vigil::documents::kinds::DocumentKind;
use vigil::error::AppError;
use vigil::identity::password::{Password, PasswordContext, PasswordHasher};
use vigil::ids::OrgId;
use vigil::organizations::roles::Role;
use vigil::storage::Storage;
use vigil_data::schema::users;
use write::write_org;

/// Every seeded account's password: long, unrelated words (passes the policy and zxcvbn).
pub const DEMO_PASSWORD: &str = "paperbark lantern orbit kettle";
/// Seeded addresses are under this reserved domain (RFC 2606): no mail reaches anyone.
pub const EMAIL_DOMAIN: &str = "seed.example";

const MAX_ORGANIZATIONS: u32 = 10_000;
const MAX_USERS_PER_ORG: u32 = 1_000;
const MAX_DOCUMENTS_PER_ORG: u32 = 100_000;
const MAX_DOCUMENTS: u64 = 5_000_000;

/// `vigil seed`.
#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    /// Organisations to create.
    #[arg(long, default_value_t = 10)]
    pub organizations: u32,
    /// Accounts per organisation, the owner included (10 × 3 = 30 people by default).
    #[arg(long, default_value_t = 3)]
    pub users_per_org: u32,
    /// Documents per organisation, each with a small real file in storage.
    #[arg(long, default_value_t = 20)]
    pub documents_per_org: u32,
    /// Seed of the random generator: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add another run to a database that already holds seeded data.
    #[arg(long)]
    pub append: bool,
    /// Organisations written at the same time (one database connection each).
    #[arg(long, default_value_t = 4)]
    pub jobs: u32,
    #[command(flatten)]
    pub database: DatabaseConfig,
    #[command(flatten)]
    pub storage: StorageConfig,
}

/// What to create.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub organizations: u32,
    pub users_per_org: u32,
    pub documents_per_org: u32,
    pub seed: u64,
    pub append: bool,
    pub jobs: u32,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            organizations: 10,
            users_per_org: 3,
            documents_per_org: 20,
            seed: 1,
            append: false,
            jobs: 4,
        }
    }
}

/// What a run created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// 0 for the first run, then 1, 2… for `--append` runs.
    pub run: u32,
    pub demo_email: String,
    pub organizations: usize,
    pub users: usize,
    pub invitations: usize,
    pub documents: usize,
    pub results: usize,
    pub audit_events: usize,
    pub bytes: u64,
    /// The organisations, in order.
    pub org_ids: Vec<OrgId>,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{0}")]
    Invalid(String),
    #[error(
        "this database already holds seeded data ({0} exists); pass --append to add another run"
    )]
    AlreadySeeded(String),
    #[error("{0:#}")]
    Failed(#[from] anyhow::Error),
}

impl From<AppError> for SeedError {
    fn from(error: AppError) -> Self {
        SeedError::Failed(anyhow::Error::new(error))
    }
}

impl SeedOptions {
    fn check(&self) -> Result<(), SeedError> {
        let bad = |message: String| Err(SeedError::Invalid(message));
        if !(1..=MAX_ORGANIZATIONS).contains(&self.organizations) {
            return bad(format!(
                "--organizations must be between 1 and {MAX_ORGANIZATIONS} (got {})",
                self.organizations
            ));
        }
        if !(1..=MAX_USERS_PER_ORG).contains(&self.users_per_org) {
            return bad(format!(
                "--users-per-org must be between 1 (the owner) and {MAX_USERS_PER_ORG} (got {})",
                self.users_per_org
            ));
        }
        if self.documents_per_org > MAX_DOCUMENTS_PER_ORG {
            return bad(format!(
                "--documents-per-org must be at most {MAX_DOCUMENTS_PER_ORG} (got {})",
                self.documents_per_org
            ));
        }
        let total = u64::from(self.organizations) * u64::from(self.documents_per_org);
        if total > MAX_DOCUMENTS {
            return bad(format!(
                "{total} documents in all is more than {MAX_DOCUMENTS}; use fewer organisations or documents"
            ));
        }
        if !(1..=64).contains(&self.jobs) {
            return bad(format!(
                "--jobs must be between 1 and 64 (got {})",
                self.jobs
            ));
        }
        Ok(())
    }
}

/// Runs `vigil seed` (see [`SeedArgs`]).
pub fn run(args: SeedArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let options = SeedOptions {
            organizations: args.organizations,
            users_per_org: args.users_per_org,
            documents_per_org: args.documents_per_org,
            seed: args.seed,
            append: args.append,
            jobs: args.jobs,
        };
        options.check().map_err(anyhow::Error::new)?;
        let db = Db::new(&DatabaseConfig {
            pool_size: options.jobs + 1,
            ..args.database.clone()
        })?;
        let storage = Storage::from_config(&args.storage)?;
        storage.check().await?;
        let mut out = std::io::stdout();
        seed(&db, &storage, &options, &mut out).await?;
        Ok(())
    })
}

fn say(out: &mut (dyn std::io::Write + Send), line: impl AsRef<str>) {
    // Progress only: a closed output must not stop the seeding.
    let _ = writeln!(out, "{}", line.as_ref());
}

fn demo_email(run: u32) -> String {
    match run {
        0 => format!("demo-owner@{EMAIL_DOMAIN}"),
        n => format!("demo-owner-{n}@{EMAIL_DOMAIN}"),
    }
}

/// Seeds the database (see the module documentation); progress and the summary go to `out`.
pub async fn seed(
    db: &Db,
    storage: &Storage,
    options: &SeedOptions,
    out: &mut (dyn std::io::Write + Send),
) -> Result<SeedReport, SeedError> {
    options.check()?;
    let started = Instant::now();
    let pattern = format!("demo-owner%@{EMAIL_DOMAIN}");
    let runs: i64 = db
        .global(move |conn| {
            Ok(users::table
                .filter(users::email.like(pattern))
                .count()
                .get_result(conn)?)
        })
        .await?;
    if runs > 0 && !options.append {
        return Err(SeedError::AlreadySeeded(demo_email(0)));
    }
    let run = u32::try_from(runs).map_err(|e| SeedError::Failed(e.into()))?;

    // One hash for everyone: argon2 is deliberately slow, and the password is the same.
    let password = Password::parse(DEMO_PASSWORD, 15, &PasswordContext::new())
        .map_err(|e| SeedError::Failed(anyhow::anyhow!("demo password refused: {e}")))?;
    let hash = PasswordHasher::new(1)
        .map_err(SeedError::Failed)?
        .hash(&password)
        .await
        .map_err(|e| SeedError::Failed(e.into()))?;

    say(
        out,
        format!(
            "Seeding {} organisation(s) × {} user(s) × {} document(s) (seed {}, run {run})…",
            options.organizations, options.users_per_org, options.documents_per_org, options.seed
        ),
    );
    let total = options.organizations as usize;
    let step = (total / 20).max(1);
    let now = Utc::now();
    let mut report = SeedReport {
        run,
        demo_email: demo_email(run),
        ..SeedReport::default()
    };
    let mut written = stream::iter(0..options.organizations)
        .map(|index| {
            let plan = plan_org(options, run, index, now);
            let hash = hash.clone();
            async move { write_org(db, storage, plan, hash).await }
        })
        .buffered(options.jobs as usize);
    let mut done = 0;
    while let Some(org) = written.try_next().await? {
        done += 1;
        report.organizations += 1;
        report.users += org.users;
        report.invitations += org.invitations;
        report.documents += org.documents;
        report.results += org.results;
        report.audit_events += org.audit_events;
        report.bytes += org.bytes;
        report.org_ids.push(org.org_id);
        if done % step == 0 || done == total {
            say(
                out,
                format!(
                    "  {done}/{total} organisations, {} users, {} documents ({:.1} s)",
                    report.users,
                    report.documents,
                    started.elapsed().as_secs_f64()
                ),
            );
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    say(
        out,
        format!(
            "Seeded {} organisations, {} users, {} pending invitations, {} documents ({} bytes), {} compliance results, {} audit events in {seconds:.1} s ({:.0} documents/s).",
            report.organizations,
            report.users,
            report.invitations,
            report.documents,
            report.bytes,
            report.results,
            report.audit_events,
            report.documents as f64 / seconds.max(0.001),
        ),
    );
    say(
        out,
        format!(
            "Sign in as {} with the password \"{DEMO_PASSWORD}\" (every seeded account has it; addresses end in @…{EMAIL_DOMAIN}).",
            report.demo_email
        ),
    );
    Ok(report)
}

struct SeedUser {
    id: Uuid,
    email: String,
    first: &'static str,
    last: &'static str,
    job_title: &'static str,
    role: Role,
}

struct SeedInvitation {
    id: Uuid,
    email: String,
    role: Role,
    token_hash: Vec<u8>,
    created_at: DateTime<Utc>,
}

struct SeedDocument {
    id: Uuid,
    name: String,
    kind: DocumentKind,
    bytes: Bytes,
    sha256: String,
    uploaded_by: Uuid,
    created_at: DateTime<Utc>,
}

struct SeedResult {
    id: Uuid,
    document_id: Uuid,
    standard: &'static str,
    status: ComplianceStatus,
    score: Option<f64>,
    findings: serde_json::Value,
    created_by: Uuid,
    created_at: DateTime<Utc>,
}

/// One organisation's rows and files, generated before anything is written.
struct OrgPlan {
    org_id: OrgId,
    name: String,
    abn: Option<String>,
    address: data::Address,
    tier: &'static str,
    contact_email: String,
    users: Vec<SeedUser>,
    invitations: Vec<SeedInvitation>,
    documents: Vec<SeedDocument>,
    results: Vec<SeedResult>,
    /// Generation failures surface when the plan is written.
    error: Option<String>,
}

struct Written {
    org_id: OrgId,
    users: usize,
    invitations: usize,
    documents: usize,
    results: usize,
    audit_events: usize,
    bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_password_meets_the_policy() {
        assert!(Password::parse(DEMO_PASSWORD, 15, &PasswordContext::new()).is_ok());
    }

    #[test]
    fn absurd_sizes_are_refused() {
        for options in [
            SeedOptions {
                organizations: 0,
                ..SeedOptions::default()
            },
            SeedOptions {
                users_per_org: 0,
                ..SeedOptions::default()
            },
            SeedOptions {
                organizations: 10_000,
                documents_per_org: 100_000,
                ..SeedOptions::default()
            },
        ] {
            assert!(matches!(options.check(), Err(SeedError::Invalid(_))));
        }
        assert!(SeedOptions::default().check().is_ok());
    }
}
