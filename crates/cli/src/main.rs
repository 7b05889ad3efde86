//! `vigil`: the command line of the Vigil API.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vigil::config::{Config, LogConfig, Secret};

/// mimalloc instead of glibc's allocator: a request allocates and frees many small buffers on
/// the HTTP worker and the blocking threads; BENCHMARKS.md has the before and after.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Vigil: multi-tenant compliance platform API"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    log: LogConfig,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (and the built web app).
    Serve(Box<Config>),
    /// Apply pending database migrations as the owner role.
    Migrate(MigrateArgs),
    /// Write the OpenAPI document and docs/permissions.md (or check the committed ones are
    /// current).
    Openapi(OpenapiArgs),
    /// Run only the background worker (emails and other jobs), for separate deployment.
    Worker(Box<Config>),
    /// Audit log tools.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Account administration.
    #[command(subcommand)]
    User(UserCommand),
    /// Database dumps in storage (upload, download, list, delete, retention); see scripts/backup.
    #[command(subcommand)]
    Backups(vigil_cli::backups::BackupsCommand),
    /// Import the old single-user tool's SQLite database into a new organisation (see
    /// docs/legacy-sqlite.md); --dry-run prints the plan and changes nothing.
    ImportSqlite(Box<vigil_cli::legacy::ImportSqliteArgs>),
    /// Create realistic demo or benchmark data (organisations, staff, invitations, documents,
    /// compliance results, audit trail); refuses a seeded database unless --append.
    Seed(Box<vigil_cli::seed::SeedArgs>),
    /// Reference measurements for scripts/bench (argon2id rate, the documents list as pgbench SQL).
    #[command(subcommand)]
    Bench(vigil_cli::bench::BenchCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Disable an account: its sessions end at once and it cannot sign in.
    Disable(UserArgs),
    /// Enable a disabled account again.
    Enable(UserArgs),
}

#[derive(Args)]
struct UserArgs {
    /// PostgreSQL URL of the application role.
    #[arg(long = "database-url", env = "DATABASE_URL")]
    url: Secret,
    /// The account's email address.
    #[arg(long)]
    email: String,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every organisation's audit hash chain; exit 1 if any is broken.
    Verify(AuditVerifyArgs),
}

#[derive(Args)]
struct AuditVerifyArgs {
    /// PostgreSQL URL of the owner role (it may list every organisation).
    #[arg(long = "database-admin-url", env = "DATABASE_ADMIN_URL")]
    admin_url: Secret,
    /// Only this organisation.
    #[arg(long = "org")]
    org: Option<uuid::Uuid>,
}

#[derive(Args)]
struct MigrateArgs {
    /// PostgreSQL URL of the owner role (runs DDL).
    #[arg(long = "database-admin-url", env = "DATABASE_ADMIN_URL")]
    admin_url: Secret,
    /// Revert every migration instead (destroys all data).
    #[arg(long)]
    revert_all: bool,
}

#[derive(Args)]
struct OpenapiArgs {
    /// Where to write the document.
    #[arg(long, default_value = "openapi/openapi.json")]
    output: PathBuf,
    /// Where to write the permission reference (roles, scopes, operations).
    #[arg(long, default_value = "docs/permissions.md")]
    permissions: PathBuf,
    /// Do not write; fail when a file differs from what the code generates.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    vigil::telemetry::init(&cli.log);
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(config) => serve(*config),
        Command::Migrate(args) => migrate(&args),
        Command::Openapi(args) => openapi(&args),
        Command::Worker(config) => worker(*config),
        Command::Audit(AuditCommand::Verify(args)) => audit_verify(&args),
        Command::User(UserCommand::Disable(args)) => set_disabled(&args, true),
        Command::User(UserCommand::Enable(args)) => set_disabled(&args, false),
        Command::Backups(command) => vigil_cli::backups::run(command),
        Command::ImportSqlite(args) => vigil_cli::legacy::run(*args),
        Command::Seed(args) => vigil_cli::seed::run(*args),
        Command::Bench(command) => vigil_cli::bench::run(command),
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let bind = config.http.bind;
        let storage = config.storage.backend;
        let app = vigil::startup::Application::build(config).await?;
        tracing::info!(%bind, port = app.port(), ?storage, "Vigil is serving");
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn worker(config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let db = vigil::db::Db::new(&config.database)?;
        let storage = vigil::storage::Storage::from_config(&config.storage)?;
        storage.check().await?;
        let mailer = vigil::email::Mailer::from_config(&config.email)?;
        let keys = config
            .auth
            .encryption_key
            .as_ref()
            .map(|key| vigil::crypto::Cipher::from_base64(key.expose()))
            .transpose()?
            .map(|cipher| vigil::access_tokens::keys::KeyRing::new(db.clone(), cipher));
        let worker = vigil::jobs::Worker::new(db, mailer, storage, keys);
        let poll = std::time::Duration::from_millis(config.worker.poll_ms.max(50));
        tracing::info!("Vigil worker is running");
        // Container platforms stop with SIGTERM, terminals with Ctrl-C.
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            () = worker.run(poll) => {}
            _ = tokio::signal::ctrl_c() => tracing::info!("worker stopping"),
            _ = terminate.recv() => tracing::info!("worker stopping"),
        }
        Ok(())
    })
}

fn audit_verify(args: &AuditVerifyArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let broken = runtime.block_on(vigil::audit::verify_all(args.admin_url.expose(), args.org))?;
    anyhow::ensure!(
        broken == 0,
        "{broken} organisation(s) have a broken audit chain"
    );
    Ok(())
}

fn set_disabled(args: &UserArgs, disabled: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let found = runtime.block_on(vigil_cli::users::set_disabled(
        args.url.expose(),
        &args.email,
        disabled,
    ))?;
    anyhow::ensure!(found, "no account has the address {}", args.email);
    println!(
        "{} {}",
        args.email,
        if disabled {
            "is disabled; its sessions ended"
        } else {
            "is enabled"
        }
    );
    Ok(())
}

fn migrate(args: &MigrateArgs) -> anyhow::Result<()> {
    let versions = if args.revert_all {
        vigil_data::migrations::revert_all(args.admin_url.expose())?
    } else {
        vigil_data::migrations::run_pending(args.admin_url.expose())?
    };
    let verb = if args.revert_all {
        "reverted"
    } else {
        "applied"
    };
    if versions.is_empty() {
        tracing::info!("no migrations {verb}; the schema is current");
    }
    for version in versions {
        tracing::info!(%version, "migration {verb}");
    }
    Ok(())
}

fn openapi(args: &OpenapiArgs) -> anyhow::Result<()> {
    let document = vigil::openapi::document();
    let files = [
        (&args.output, vigil::openapi::to_pretty_json(&document)?),
        (
            &args.permissions,
            vigil::authz::permissions_markdown(&document),
        ),
    ];
    for (path, generated) in files {
        if args.check {
            let committed = std::fs::read_to_string(path).unwrap_or_default();
            anyhow::ensure!(
                committed == generated,
                "{} is stale: run `cargo run -p vigil-cli -- openapi` and commit the result",
                path.display()
            );
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, generated)?;
        tracing::info!(path = %path.display(), "written");
    }
    Ok(())
}
