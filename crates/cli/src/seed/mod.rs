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

use std::collections::HashSet;
use std::time::Instant;

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use clap::Args;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::{RngExt, SeedableRng};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::legacy::apply::{document_key, result_key};
use data::Rng;
use vigil::audit::events::{Counts, JoinedVia};
use vigil::audit::{self, Actor, AuditAction, AuditEvent};
use vigil::compliance::ComplianceStatus;
use vigil::compliance::Finding;
use vigil::config::{DatabaseConfig, StorageConfig};
use vigil::db::Db;
use vigil::documents::kinds::DocumentKind;
use vigil::domain::OrgName;
use vigil::error::AppError;
use vigil::http::client::ClientContext;
use vigil::identity::password::{Password, PasswordContext, PasswordHasher};
use vigil::identity::users::NewUser;
use vigil::ids::{OrgId, UserId};
use vigil::organizations::model as org_model;
use vigil::organizations::roles::Role;
use vigil::organizations::seats;
use vigil::storage::Storage;
use vigil_data::TenantContext;
use vigil_data::schema::{compliance_results, documents, invitations, organizations, users};

/// Every seeded account's password: long, unrelated words (passes the policy and zxcvbn).
pub const DEMO_PASSWORD: &str = "paperbark lantern orbit kettle";
/// Seeded addresses are under this reserved domain (RFC 2606): no mail reaches anyone.
pub const EMAIL_DOMAIN: &str = "seed.example";

const MAX_ORGANIZATIONS: u32 = 10_000;
const MAX_USERS_PER_ORG: u32 = 1_000;
const MAX_DOCUMENTS_PER_ORG: u32 = 100_000;
const MAX_DOCUMENTS: u64 = 5_000_000;
/// Rows per INSERT statement.
const BATCH: usize = 1_000;
/// Audit events for the first documents and results only: the chain is appended row by row.
const AUDITED_DOCUMENTS: usize = 20;

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

fn uuid(rng: &mut Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

fn plan_org(options: &SeedOptions, run: u32, index: u32, now: DateTime<Utc>) -> OrgPlan {
    // Its own stream per (seed, run, organisation): order of execution does not matter.
    let mut hasher = Sha256::new();
    hasher.update(options.seed.to_le_bytes());
    hasher.update(run.to_le_bytes());
    hasher.update(index.to_le_bytes());
    let mut rng = Rng::from_seed(hasher.finalize().into());

    let sector = data::sector(&mut rng);
    let name = data::org_name(&mut rng, sector);
    let base = OrgName::parse(&name).map_or_else(|_| "organisation".into(), |n| n.slug_base());
    let domain = match run {
        0 => format!("{base}-{}.{EMAIL_DOMAIN}", index + 1),
        r => format!("{base}-r{r}-{}.{EMAIL_DOMAIN}", index + 1),
    };
    let serial = u64::from(run) * u64::from(MAX_ORGANIZATIONS) + u64::from(index);
    let abn = data::abn(serial).map(|a| a.as_str().to_owned());
    let address = data::address(&mut rng);
    let org_id = OrgId::from_uuid(uuid(&mut rng));

    let mut taken = HashSet::new();
    let mut new_email = |person: &data::Person| {
        let local = data::email_local(person);
        let mut candidate = local.clone();
        let mut n = 1;
        while !taken.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}");
        }
        format!("{candidate}@{domain}")
    };

    let users: Vec<SeedUser> = (0..options.users_per_org)
        .map(|i| {
            let person = data::person(&mut rng);
            let role = match i {
                0 => Role::Owner,
                1 => Role::Admin,
                _ if rng.random_bool(0.1) => Role::Viewer,
                _ => Role::Member,
            };
            let email = if i == 0 && index == 0 {
                demo_email(run)
            } else {
                new_email(&person)
            };
            SeedUser {
                id: uuid(&mut rng),
                email,
                first: person.first,
                last: person.last,
                job_title: person.job_title,
                role,
            }
        })
        .collect();

    let invitation_count = (options.users_per_org / 10).max(1);
    let invitations = (0..invitation_count)
        .map(|_| {
            let person = data::person(&mut rng);
            let token: [u8; 32] = rng.random();
            SeedInvitation {
                id: uuid(&mut rng),
                email: new_email(&person),
                role: if rng.random_bool(0.2) {
                    Role::Admin
                } else {
                    Role::Member
                },
                token_hash: Sha256::digest(token).to_vec(),
                created_at: now - Duration::minutes(rng.random_range(5..600)),
            }
        })
        .collect();
    let seats_needed = i64::from(options.users_per_org + invitation_count);
    let tier = ["free", "standard"]
        .into_iter()
        .find(|tier| seats::limit(tier).is_some_and(|limit| seats_needed <= limit))
        .unwrap_or("enterprise");

    let mut error = None;
    let mut documents = Vec::with_capacity(options.documents_per_org as usize);
    let mut results = Vec::new();
    let owner = users.first().map_or(Uuid::nil(), |u| u.id);
    for _ in 0..options.documents_per_org {
        let title = data::document_title(&mut rng);
        let kind = data::document_kind(&mut rng);
        let bytes = match data::file_bytes(kind, &title, &name) {
            Ok(bytes) => Bytes::from(bytes),
            Err(e) => {
                error.get_or_insert(format!("making a {} file: {e}", kind.as_str()));
                continue;
            }
        };
        let uploader = users
            .get(rng.random_range(0..users.len().max(1)))
            .map_or(owner, |u| u.id);
        let created_at = now - Duration::minutes(rng.random_range(60..730 * 24 * 60));
        let id = uuid(&mut rng);
        for _ in 0..rng.random_range(0..=2) {
            let check = data::check_result(&mut rng, sector);
            let findings: Vec<Finding> = check
                .findings
                .iter()
                .enumerate()
                .map(|(n, text)| Finding {
                    requirement: format!("{} action {}", check.standard, n + 1),
                    status: check.status,
                    evidence: Some(title.clone()),
                    recommendation: Some((*text).to_owned()),
                })
                .collect();
            results.push(SeedResult {
                id: uuid(&mut rng),
                document_id: id,
                standard: check.standard,
                status: check.status,
                score: check.score,
                findings: serde_json::to_value(findings).unwrap_or_default(),
                created_by: owner,
                created_at: created_at + Duration::minutes(rng.random_range(1..60)),
            });
        }
        documents.push(SeedDocument {
            id,
            name: format!("{title}.{}", data::extension(kind)),
            kind,
            sha256: hex::encode(Sha256::digest(&bytes)),
            bytes,
            uploaded_by: uploader,
            created_at,
        });
    }

    OrgPlan {
        org_id,
        contact_email: format!("reception@{domain}"),
        name,
        abn,
        address,
        tier,
        users,
        invitations,
        documents,
        results,
        error,
    }
}

fn command_line() -> ClientContext {
    ClientContext {
        ip: None,
        user_agent: Some("vigil seed".into()),
        request_id: None,
    }
}

/// The raw JSON kept beside a result row, as the API writes it.
fn raw_result(result: &SeedResult) -> anyhow::Result<Bytes> {
    Ok(Bytes::from(serde_json::to_vec_pretty(
        &serde_json::json!({
            "id": result.id,
            "document_id": result.document_id,
            "standard": result.standard,
            "status": result.status,
            "score": result.score,
            "findings": result.findings,
            "created_at": result.created_at,
            "created_by_user": result.created_by,
            "created_by_client": null,
        }),
    )?))
}

async fn write_org(
    db: &Db,
    storage: &Storage,
    plan: OrgPlan,
    password_hash: String,
) -> Result<Written, SeedError> {
    if let Some(error) = &plan.error {
        return Err(SeedError::Failed(anyhow::anyhow!("{}: {error}", plan.name)));
    }
    let org_id = plan.org_id;
    storage
        .create_org_folders(org_id)
        .await
        .map_err(anyhow::Error::new)?;
    let files = plan
        .documents
        .iter()
        .map(|d| (document_key(org_id, d.id), d.bytes.clone()))
        .chain(
            plan.results
                .iter()
                .map(|r| Ok::<_, anyhow::Error>((result_key(org_id, r.id), raw_result(r)?)))
                .collect::<anyhow::Result<Vec<_>>>()?,
        )
        .collect::<Vec<_>>();
    stream::iter(files)
        .map(|(key, bytes)| async move { storage.put(&key, bytes).await })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .map_err(|e| {
            SeedError::Failed(anyhow::Error::new(e).context(format!(
                "writing the files of {} ({org_id}); files already written are removed by Vigil's orphan sweeper",
                plan.name
            )))
        })?;
    let bytes = plan.documents.iter().map(|d| d.bytes.len() as u64).sum();
    let written = db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            write_rows(conn, &plan, &password_hash)
        })
        .await?;
    Ok(Written { bytes, ..written })
}

/// Every row of one organisation, in its tenant transaction.
fn write_rows(
    conn: &mut PgConnection,
    plan: &OrgPlan,
    password_hash: &str,
) -> Result<Written, AppError> {
    let org_id = plan.org_id;
    let org = org_id.into_uuid();
    let name = OrgName::parse(&plan.name).map_err(AppError::unexpected)?;
    let slug = org_model::insert(conn, org_id, &name)?;
    diesel::update(organizations::table.find(org))
        .set((
            organizations::abn.eq(&plan.abn),
            organizations::address_line1.eq(&plan.address.line1),
            organizations::suburb.eq(plan.address.suburb),
            organizations::state.eq(plan.address.state),
            organizations::postcode.eq(plan.address.postcode),
            organizations::time_zone.eq(plan.address.time_zone),
            organizations::contact_email.eq(&plan.contact_email),
            organizations::subscription_tier.eq(plan.tier),
            organizations::onboarding_details.eq("completed"),
            organizations::onboarding_branding.eq("skipped"),
            organizations::onboarding_team.eq("completed"),
        ))
        .execute(conn)?;

    let verified = Some(Utc::now());
    for chunk in plan.users.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|u| {
                (
                    NewUser {
                        id: UserId::from_uuid(u.id),
                        email: &u.email,
                        password_hash,
                        first_name: u.first,
                        last_name: u.last,
                        email_verified_at: verified,
                    },
                    users::job_title.eq(u.job_title),
                    users::time_zone.eq(plan.address.time_zone),
                )
            })
            .collect();
        diesel::insert_into(users::table)
            .values(rows)
            .execute(conn)?;
        vigil::organizations::members::add_many(
            conn,
            org_id,
            &chunk
                .iter()
                .map(|u| (UserId::from_uuid(u.id), u.role))
                .collect::<Vec<_>>(),
        )?;
    }
    let owner = plan.users.first().map(|u| u.id);
    for chunk in plan.invitations.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|i| {
                (
                    invitations::org_id.eq(org),
                    invitations::id.eq(i.id),
                    invitations::email.eq(&i.email),
                    invitations::role.eq(i.role.as_str()),
                    invitations::token_hash.eq(&i.token_hash),
                    invitations::invited_by.eq(owner),
                    invitations::expires_at.eq(i.created_at + Duration::hours(24)),
                    invitations::last_sent_at.eq(i.created_at),
                    invitations::created_at.eq(i.created_at),
                )
            })
            .collect();
        diesel::insert_into(invitations::table)
            .values(rows)
            .execute(conn)?;
    }
    for chunk in plan.documents.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    documents::org_id.eq(org),
                    documents::id.eq(d.id),
                    documents::name.eq(&d.name),
                    documents::kind.eq(d.kind.as_str()),
                    documents::content_type.eq(d.kind.content_type()),
                    documents::size_bytes.eq(i64::try_from(d.bytes.len()).unwrap_or(i64::MAX)),
                    documents::sha256.eq(&d.sha256),
                    documents::storage_key.eq(document_key(org_id, d.id).as_str().to_owned()),
                    documents::uploaded_by_user.eq(Some(d.uploaded_by)),
                    documents::created_at.eq(d.created_at),
                )
            })
            .collect();
        diesel::insert_into(documents::table)
            .values(rows)
            .execute(conn)?;
    }
    for chunk in plan.results.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    compliance_results::org_id.eq(org),
                    compliance_results::id.eq(r.id),
                    compliance_results::document_id.eq(r.document_id),
                    compliance_results::standard.eq(r.standard),
                    compliance_results::status.eq(r.status),
                    compliance_results::score.eq(r.score),
                    compliance_results::findings.eq(&r.findings),
                    compliance_results::storage_key
                        .eq(result_key(org_id, r.id).as_str().to_owned()),
                    compliance_results::created_by_user.eq(Some(r.created_by)),
                    compliance_results::created_at.eq(r.created_at),
                )
            })
            .collect();
        diesel::insert_into(compliance_results::table)
            .values(rows)
            .execute(conn)?;
    }

    let events = audit_events(plan, &slug);
    audit::record_many(conn, &events, &command_line())?;
    Ok(Written {
        org_id,
        users: plan.users.len(),
        invitations: plan.invitations.len(),
        documents: plan.documents.len(),
        results: plan.results.len(),
        audit_events: events.len(),
        bytes: 0,
    })
}

/// The trail a real organisation would have: created, members added, invitations sent, the
/// first documents uploaded and checked, then a note that the data is seeded.
fn audit_events(plan: &OrgPlan, slug: &str) -> Vec<AuditEvent> {
    let org_id = plan.org_id;
    let owner = plan
        .users
        .first()
        .map_or(Actor::System, |u| Actor::User(UserId::from_uuid(u.id)));
    let mut events = vec![
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::OrganizationCreated {
                name: plan.name.clone(),
                slug: slug.to_owned(),
                via: None,
            },
        )
        .target("organization", org_id),
    ];
    events.extend(plan.users.iter().map(|u| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::MemberAdded {
                role: u.role,
                via: JoinedVia::Seed,
                access_expires_at: None,
                new_account: None,
                legacy_user_id: None,
            },
        )
        .target("user", u.id)
    }));
    events.extend(plan.invitations.iter().map(|i| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::InvitationCreated {
                email: i.email.clone(),
                role: i.role,
                access_expires_at: None,
            },
        )
        .target("invitation", i.id)
    }));
    events.extend(plan.documents.iter().take(AUDITED_DOCUMENTS).map(|d| {
        AuditEvent::by(
            org_id,
            Actor::User(UserId::from_uuid(d.uploaded_by)),
            AuditAction::DocumentUploaded {
                name: d.name.clone(),
                kind: d.kind,
                size_bytes: i64::try_from(d.bytes.len()).unwrap_or(i64::MAX),
                sha256: d.sha256.clone(),
            },
        )
        .target("document", d.id)
    }));
    events.extend(plan.results.iter().take(AUDITED_DOCUMENTS).map(|r| {
        AuditEvent::by(
            org_id,
            owner,
            AuditAction::ComplianceResultCreated {
                document_id: r.document_id,
                standard: r.standard.to_owned(),
                status: r.status,
                score: r.score,
                review_due_on: None,
            },
        )
        .target("compliance_result", r.id)
    }));
    events.push(
        AuditEvent::by(
            org_id,
            Actor::System,
            AuditAction::SeedCompleted(Counts {
                users: plan.users.len(),
                invitations: plan.invitations.len(),
                documents: plan.documents.len(),
                compliance_results: plan.results.len(),
            }),
        )
        .target("organization", org_id),
    );
    events
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

    #[test]
    fn plans_are_deterministic() {
        let now = Utc::now();
        let options = SeedOptions::default();
        let a = plan_org(&options, 0, 3, now);
        let b = plan_org(&options, 0, 3, now);
        assert_eq!(a.name, b.name);
        assert_eq!(a.org_id, b.org_id);
        let emails = |p: &OrgPlan| p.users.iter().map(|u| u.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&a), emails(&b));
        assert_ne!(a.org_id, plan_org(&options, 1, 3, now).org_id);
    }
}
