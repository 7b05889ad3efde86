//! `vigil backups`: the storage side of database backups. `scripts/backup` runs `pg_dump` (an
//! external binary) and hands the dump to these commands to upload it under `backups/` in the
//! configured storage backend (local folder or Azure, the same settings as `vigil serve`), and
//! to apply the retention policy; `scripts/restore` fetches dumps back with `get`.
//!
//! Retention is [`retained`], a pure function: given the dumps' names (which carry the UTC time
//! they were taken), it keeps the newest dump of each of the last N days that have dumps and
//! the newest dump of each of the last M months that have dumps. Everything else is pruned.

mod retention;
mod transfer;

pub use retention::{Retention, retained};

use std::path::PathBuf;

use clap::{Args, Subcommand};

use retention::prune;
use transfer::{delete, get, list, put};
use vigil::config::StorageConfig;
use vigil::storage::Storage;

#[derive(Subcommand, Debug)]
pub enum BackupsCommand {
    /// Upload a dump (named vigil-YYYYMMDDTHHMMSSZ.dump, as scripts/backup names them) to
    /// backups/ in the configured storage.
    Put(PutArgs),
    /// Download backups/NAME to a local file.
    Get(GetArgs),
    /// List the dumps in storage: name, size in bytes, last modified (oldest first).
    List(StorageArgs),
    /// Delete backups/NAME from storage.
    Delete(DeleteArgs),
    /// Apply the retention policy to a local folder of dumps and/or to the uploaded copies.
    Prune(PruneArgs),
}

#[derive(Args, Debug)]
pub struct StorageArgs {
    #[command(flatten)]
    pub storage: StorageConfig,
}

#[derive(Args, Debug)]
pub struct PutArgs {
    /// The dump file; its file name becomes the key's name.
    pub file: PathBuf,
    #[command(flatten)]
    pub storage: StorageConfig,
}

#[derive(Args, Debug)]
pub struct GetArgs {
    /// vigil-YYYYMMDDTHHMMSSZ.dump, with or without the backups/ prefix.
    pub name: String,
    /// Where to write it (replaced when it exists).
    pub file: PathBuf,
    #[command(flatten)]
    pub storage: StorageConfig,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// vigil-YYYYMMDDTHHMMSSZ.dump, with or without the backups/ prefix.
    pub name: String,
    #[command(flatten)]
    pub storage: StorageConfig,
}

#[derive(Args, Debug)]
pub struct PruneArgs {
    #[command(flatten)]
    pub retention: Retention,
    /// A local folder of dumps to prune (files with other names are left alone).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Also prune the uploaded copies under backups/ in the configured storage.
    #[arg(long)]
    pub uploaded: bool,
    /// Only say what would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub storage: StorageConfig,
}

/// Runs one `vigil backups` command.
pub fn run(command: BackupsCommand) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        match command {
            BackupsCommand::Put(args) => put(&args).await,
            BackupsCommand::Get(args) => get(&args).await,
            BackupsCommand::List(args) => list(&args.storage).await,
            BackupsCommand::Delete(args) => delete(&args).await,
            BackupsCommand::Prune(args) => prune(&args).await,
        }
    })
}

async fn open(config: &StorageConfig) -> anyhow::Result<Storage> {
    let storage = Storage::from_config(config)?;
    storage.check().await?;
    Ok(storage)
}
