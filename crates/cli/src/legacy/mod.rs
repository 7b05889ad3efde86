//! `vigil import-sqlite`: imports the old single-user tool's SQLite database into a new
//! organisation (users become members, document files are copied into the organisation's
//! storage, compliance results are linked to them). The legacy schema, the mapping and the
//! behaviour are in `docs/legacy-sqlite.md`.
//!
//! 1. [`sqlite`] reads the file, read-only.
//! 2. [`check`] checks every row; [`plan`] finds what an earlier run imported already and has
//!    the files about to be copied checked. All problems are collected and reported together.
//! 3. The plan is printed; `--dry-run` stops there, having written nothing.
//! 4. [`apply`] copies the files, then writes every row in one tenant transaction, and
//!    removes the copied files again if anything fails: all or nothing.

pub mod apply;
pub mod check;
pub mod plan;
pub mod sqlite;

mod print;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use check::{BadRow, human_bytes};
use plan::{PlanError, Target};
use print::print_plan;
use vigil::config::{DatabaseConfig, StorageConfig};
use vigil::db::Db;
use vigil::domain::{Email, OrgName};
use vigil::identity::password::{Password, PasswordContext, PasswordHasher};
use vigil::ids::OrgId;
use vigil::storage::Storage;

/// `vigil import-sqlite`.
#[derive(Args, Debug)]
pub struct ImportSqliteArgs {
    /// The old tool's SQLite database (opened read-only).
    #[arg(long)]
    pub file: PathBuf,

    /// Name of the organisation to create. On a re-run, the name of the organisation the
    /// database was imported into.
    #[arg(long)]
    pub organization: String,

    /// Who owns the organisation: a user of the SQLite database or an existing Vigil account.
    #[arg(long)]
    pub owner_email: String,

    /// Folder the documents' files must be in; relative file paths are read from it.
    /// By default, the folder of the SQLite file.
    #[arg(long)]
    pub files_root: Option<PathBuf>,

    /// Largest document file accepted, in bytes (as for uploads).
    #[arg(
        long = "document-max-bytes",
        env = "VIGIL_DOCUMENT_MAX_BYTES",
        default_value_t = 50 * 1024 * 1024
    )]
    pub max_document_bytes: u64,

    /// Only print what would be imported; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub storage: StorageConfig,
}

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub organization: String,
    pub owner_email: String,
    /// Default: the SQLite file's folder.
    pub files_root: Option<PathBuf>,
    pub max_document_bytes: u64,
    pub dry_run: bool,
}

impl ImportOptions {
    pub fn new(
        file: impl Into<PathBuf>,
        organization: impl Into<String>,
        owner_email: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            organization: organization.into(),
            owner_email: owner_email.into(),
            files_root: None,
            max_document_bytes: 50 * 1024 * 1024,
            dry_run: false,
        }
    }
}

/// What a run did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub org_id: OrgId,
    pub organization_created: bool,
    pub dry_run: bool,
    pub users: usize,
    pub accounts_created: usize,
    pub documents: usize,
    pub results: usize,
    pub bytes: u64,
    /// Rows imported by earlier runs.
    pub already: plan::AlreadyImported,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows that cannot be imported; nothing was.
    #[error("{} bad row(s) in {file}; nothing was imported", rows.len())]
    BadRows { file: String, rows: Vec<BadRow> },
    /// The file or the arguments do not allow an import; nothing was.
    #[error("{0}")]
    Refused(String),
    /// Reading Vigil, copying files or writing rows failed; nothing was imported.
    #[error("{0:#}")]
    Failed(anyhow::Error),
}

impl ImportError {
    /// The message for a person: for bad rows, one line per row (`table id=N: problem`).
    pub fn report(&self) -> String {
        match self {
            ImportError::BadRows { rows, .. } => {
                let mut text = format!("{self}:\n");
                for row in rows {
                    text.push_str(&format!("  {row}\n"));
                }
                text.push_str("Fix these rows (or their files) and run the import again.\n");
                text
            }
            other => format!("{other}\n"),
        }
    }
}

impl From<vigil::error::AppError> for ImportError {
    fn from(error: vigil::error::AppError) -> Self {
        ImportError::Failed(anyhow::Error::new(error).context("reading Vigil's database failed"))
    }
}

/// Runs `vigil import-sqlite` (see [`ImportSqliteArgs`]).
pub fn run(args: ImportSqliteArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let db = Db::new(&DatabaseConfig {
            pool_size: 2,
            ..args.database.clone()
        })?;
        let storage = Storage::from_config(&args.storage)?;
        storage.check().await?;
        let options = ImportOptions {
            file: args.file,
            organization: args.organization,
            owner_email: args.owner_email,
            files_root: args.files_root,
            max_document_bytes: args.max_document_bytes,
            dry_run: args.dry_run,
        };
        let mut out = std::io::stdout();
        match import(&db, &storage, &options, &mut out).await {
            Ok(_) => Ok(()),
            Err(error) => {
                eprint!("{}", error.report());
                Err(anyhow::anyhow!(match error {
                    ImportError::BadRows { .. } => "the import was refused: see the rows above",
                    ImportError::Refused(_) => "the import was refused",
                    ImportError::Failed(_) => "the import failed",
                }))
            }
        }
    })
}

fn say(out: &mut (dyn Write + Send), line: impl AsRef<str>) -> Result<(), ImportError> {
    writeln!(out, "{}", line.as_ref())
        .map_err(|e| ImportError::Failed(anyhow::Error::new(e).context("writing the output")))
}

/// Imports the SQLite database `options.file` (see the module documentation). Progress and
/// the plan go to `out`; problems come back as an [`ImportError`], and then nothing changed.
pub async fn import(
    db: &Db,
    storage: &Storage,
    options: &ImportOptions,
    out: &mut (dyn Write + Send),
) -> Result<ImportReport, ImportError> {
    let org_name = OrgName::parse(&options.organization)
        .map_err(|e| ImportError::Refused(format!("--organization: {e}")))?;
    let owner_email = Email::parse(&options.owner_email)
        .map_err(|e| ImportError::Refused(format!("--owner-email: {e}")))?;
    let file_label = options.file.display().to_string();

    // Read and check every row (blocking work, off the async threads).
    let path = options.file.clone();
    let (legacy, checked) = tokio::task::spawn_blocking(move || {
        let legacy = sqlite::read(&path).map_err(|e| ImportError::Refused(e.to_string()))?;
        let checked = check::validate(&legacy);
        Ok::<_, ImportError>((legacy, checked))
    })
    .await
    .map_err(|e| ImportError::Failed(anyhow::Error::new(e)))??;
    let source = legacy.source_id().ok_or_else(|| {
        ImportError::Refused(format!(
            "{file_label} cannot be identified: it has no app_meta instance_id and no users (see docs/legacy-sqlite.md)"
        ))
    })?;

    let emails: Vec<Email> = checked
        .rows
        .users
        .iter()
        .map(|u| u.email.clone())
        .chain([owner_email.clone()])
        .collect();
    let state = apply::lookup(db, &source.fingerprint, emails, &owner_email).await?;

    let files_root = options
        .files_root
        .clone()
        .unwrap_or_else(|| legacy.folder());
    let max_bytes = options.max_document_bytes;
    let (plan_checked, plan_state, plan_name, plan_owner, plan_label) = (
        checked.clone(),
        state.clone(),
        org_name.clone(),
        owner_email.clone(),
        file_label.clone(),
    );
    let plan = tokio::task::spawn_blocking(move || {
        plan::build(
            &plan_checked,
            &plan_state,
            &plan_name,
            &plan_owner,
            &plan_label,
            |document| check::inspect_file(document, &files_root, max_bytes),
        )
    })
    .await
    .map_err(|e| ImportError::Failed(anyhow::Error::new(e)))?
    .map_err(|error| match error {
        PlanError::Refused(message) => ImportError::Refused(message),
        PlanError::BadRows(rows) => ImportError::BadRows {
            file: file_label.clone(),
            rows,
        },
    })?;

    print_plan(out, &plan, &checked.rows, &file_label, &source)?;
    let mut report = ImportReport {
        org_id: plan.target.org_id(),
        organization_created: false,
        dry_run: options.dry_run,
        users: plan.users.len(),
        accounts_created: 0,
        documents: plan.documents.len(),
        results: plan.results.len(),
        bytes: plan.bytes(),
        already: plan.already,
    };
    let new_accounts: Vec<i64> = plan
        .users
        .iter()
        .filter(|u| u.account.is_none())
        .map(|u| u.user.legacy_id)
        .collect();

    if let Target::Existing { org_id, name } = &plan.target
        && plan.is_empty()
    {
        say(
            out,
            format!(
                "Nothing new to import: every row of {file_label} was imported into \"{name}\" ({org_id}) before."
            ),
        )?;
        return Ok(report);
    }
    if options.dry_run {
        say(
            out,
            "Dry run: nothing was written. Run again without --dry-run to import.",
        )?;
        report.accounts_created = new_accounts.len();
        report.organization_created = matches!(plan.target, Target::New { .. });
        return Ok(report);
    }

    // New accounts get the hash of a random password nobody knows: they cannot sign in until
    // they choose a password through "Forgot password" (which also verifies the address).
    let hasher = PasswordHasher::new(1).map_err(ImportError::Failed)?;
    let mut password_hashes = HashMap::new();
    for legacy_id in new_accounts {
        password_hashes.insert(legacy_id, unusable_password_hash(&hasher).await?);
    }

    say(
        out,
        format!(
            "Copying {} file(s) ({}) to storage…",
            plan.documents.len(),
            human_bytes(plan.bytes())
        ),
    )?;
    let written = apply::execute(
        db,
        storage,
        &plan,
        &source.fingerprint,
        &file_label,
        password_hashes,
        out,
    )
    .await
    .map_err(ImportError::Failed)?;

    report.organization_created = matches!(plan.target, Target::New { .. });
    report.accounts_created = written.accounts_created;
    let org_id = plan.target.org_id();
    say(
        out,
        format!(
            "Imported into \"{}\" ({org_id}): {} user(s) ({} new account(s), {} linked to existing ones, {} membership(s) added), {} document(s) ({}), {} compliance result(s).",
            plan.target.name(),
            plan.users.len(),
            written.accounts_created,
            written.accounts_linked,
            written.memberships_added,
            plan.documents.len(),
            human_bytes(plan.bytes()),
            plan.results.len(),
        ),
    )?;
    if written.accounts_created > 0 {
        say(
            out,
            "New accounts have no password yet: each person sets one with \"Forgot password\" on the sign-in page (the emailed link also verifies their address).",
        )?;
    }
    Ok(report)
}

/// The argon2id hash (Vigil's parameters) of 256 random bits that are then forgotten.
async fn unusable_password_hash(hasher: &PasswordHasher) -> Result<String, ImportError> {
    use rand::RngExt;
    let secret: [u8; 32] = rand::rng().random();
    // 64 hex digits pass the policy (long, not common, no context words, unguessable).
    let password = Password::parse(&hex::encode(secret), 15, &PasswordContext::new())
        .map_err(|e| ImportError::Failed(anyhow::anyhow!("random password refused: {e}")))?;
    hasher
        .hash(&password)
        .await
        .map_err(|e| ImportError::Failed(anyhow::Error::new(e)))
}
