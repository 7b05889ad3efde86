//! `vigil backups`: the storage side of database backups. `scripts/backup` runs `pg_dump` (an
//! external binary) and hands the dump to these commands to upload it under `backups/` in the
//! configured storage backend (local folder or Azure, the same settings as `vigil serve`), and
//! to apply the retention policy; `scripts/restore` fetches dumps back with `get`.
//!
//! Retention is [`retained`], a pure function: given the dumps' names (which carry the UTC time
//! they were taken), it keeps the newest dump of each of the last N days that have dumps and
//! the newest dump of each of the last M months that have dumps. Everything else is pruned.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use chrono::Datelike;
use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use vigil::config::StorageConfig;
use vigil::storage::{BackupKey, BackupName, Storage};

/// How many dumps to keep.
#[derive(Args, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Keep the newest dump of each of the last N days (UTC) that have dumps; at least 1, so
    /// the newest dump is always kept.
    #[arg(long = "keep-daily", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..))]
    pub keep_daily: u32,

    /// Keep the newest dump of each of the last M months (UTC) that have dumps.
    #[arg(long = "keep-monthly", default_value_t = 12)]
    pub keep_monthly: u32,
}

/// The dumps to keep under `retention`; every other name in `names` may be pruned.
pub fn retained<'a>(
    names: impl IntoIterator<Item = &'a BackupName>,
    retention: Retention,
) -> BTreeSet<BackupName> {
    let mut newest_first: Vec<&BackupName> = names.into_iter().collect();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    newest_first.dedup();

    let mut days = BTreeSet::new();
    let mut months = BTreeSet::new();
    let mut keep = BTreeSet::new();
    for name in newest_first {
        let at = name.taken_at();
        // Newest first: the first dump seen of a day (or month) is that day's newest.
        let day = at.date_naive();
        if !days.contains(&day) && days.len() < retention.keep_daily as usize {
            days.insert(day);
            keep.insert(name.clone());
        }
        let month = (at.year(), at.month());
        if !months.contains(&month) && months.len() < retention.keep_monthly as usize {
            months.insert(month);
            keep.insert(name.clone());
        }
    }
    keep
}

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

fn parse_key(raw: &str) -> anyhow::Result<BackupKey> {
    Ok(BackupKey::parse(raw)?)
}

async fn put(args: &PutArgs) -> anyhow::Result<()> {
    let file_name = args
        .file
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let name = BackupName::parse(file_name).with_context(|| {
        format!(
            "cannot upload {}: dumps are named vigil-YYYYMMDDTHHMMSSZ.dump (scripts/backup names them so)",
            args.file.display()
        )
    })?;
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?
        .len();
    let storage = open(&args.storage).await?;
    let key = BackupKey::new(name);
    tracing::info!(%key, bytes = size, storage = storage.description(), "uploading");
    let started = Instant::now();
    storage
        .put_backup(&key, &args.file)
        .await
        .with_context(|| format!("upload of {key} to {} failed", storage.description()))?;
    tracing::info!(%key, bytes = size, seconds = started.elapsed().as_secs_f64(), "uploaded");
    println!("{key}");
    Ok(())
}

async fn get(args: &GetArgs) -> anyhow::Result<()> {
    let key = parse_key(&args.name)?;
    let storage = open(&args.storage).await?;
    let started = Instant::now();
    let (size, mut stream) = storage
        .get_backup_stream(&key)
        .await
        .with_context(|| format!("cannot fetch {key} from {}", storage.description()))?;
    // Written beside the target and renamed at the end: never a half-written dump.
    let partial = partial_path(&args.file);
    let written: anyhow::Result<()> = async {
        let mut out = tokio::fs::File::create(&partial)
            .await
            .with_context(|| format!("cannot create {}", partial.display()))?;
        while let Some(chunk) = stream
            .try_next()
            .await
            .with_context(|| format!("download of {key} failed"))?
        {
            out.write_all(&chunk).await?;
        }
        out.flush().await?;
        out.sync_all().await?;
        Ok(())
    }
    .await;
    if let Err(error) = written {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(error);
    }
    tokio::fs::rename(&partial, &args.file)
        .await
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    tracing::info!(%key, bytes = size, file = %args.file.display(),
        seconds = started.elapsed().as_secs_f64(), "downloaded");
    Ok(())
}

fn partial_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    file.with_file_name(name)
}

async fn list(config: &StorageConfig) -> anyhow::Result<()> {
    let storage = open(config).await?;
    for backup in storage.list_backups().await? {
        println!(
            "{}\t{}\t{}",
            backup.key.name(),
            backup.size,
            backup
                .last_modified
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
    }
    Ok(())
}

async fn delete(args: &DeleteArgs) -> anyhow::Result<()> {
    let key = parse_key(&args.name)?;
    let storage = open(&args.storage).await?;
    storage.delete_backup(&key).await?;
    tracing::info!(%key, "deleted");
    Ok(())
}

async fn prune(args: &PruneArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.dir.is_some() || args.uploaded,
        "nothing to prune: pass --dir DIR and/or --uploaded"
    );
    let verb = if args.dry_run {
        "would prune"
    } else {
        "pruned"
    };
    if let Some(dir) = &args.dir {
        let local = local_dumps(dir)?;
        let keep = retained(local.iter().map(|(name, _)| name), args.retention);
        let mut pruned = 0;
        for (name, path) in &local {
            if keep.contains(name) {
                continue;
            }
            if !args.dry_run {
                std::fs::remove_file(path)
                    .with_context(|| format!("cannot delete {}", path.display()))?;
            }
            pruned += 1;
            tracing::info!(file = %path.display(), "{verb}");
        }
        tracing::info!(folder = %dir.display(), kept = keep.len(), pruned, "local retention applied");
    }
    if args.uploaded {
        let storage = open(&args.storage).await?;
        let stored = storage.list_backups().await?;
        let keep = retained(stored.iter().map(|b| b.key.name()), args.retention);
        let mut pruned = 0;
        for backup in &stored {
            if keep.contains(backup.key.name()) {
                continue;
            }
            if !args.dry_run {
                storage.delete_backup(&backup.key).await?;
            }
            pruned += 1;
            tracing::info!(key = %backup.key, "{verb}");
        }
        tracing::info!(
            storage = storage.description(),
            kept = keep.len(),
            pruned,
            "retention applied to the uploaded copies"
        );
    }
    Ok(())
}

/// The dumps in a local folder (regular files with a backup name; anything else is ignored).
fn local_dumps(dir: &Path) -> anyhow::Result<Vec<(BackupName, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        if let Some(name) = entry
            .file_name()
            .to_str()
            .and_then(|raw| BackupName::parse(raw).ok())
        {
            out.push((name, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(stamp: &str) -> BackupName {
        BackupName::parse(&format!("vigil-{stamp}Z.dump")).unwrap()
    }

    fn names(stamps: &[&str]) -> Vec<BackupName> {
        stamps.iter().map(|s| name(s)).collect()
    }

    fn keep(daily: u32, monthly: u32, all: &[BackupName]) -> Vec<String> {
        retained(
            all,
            Retention {
                keep_daily: daily,
                keep_monthly: monthly,
            },
        )
        .into_iter()
        .map(|n| n.as_str()[6..21].to_owned())
        .collect()
    }

    #[test]
    fn nothing_to_keep_from_nothing() {
        assert!(keep(7, 12, &[]).is_empty());
    }

    #[test]
    fn the_newest_dump_of_each_of_the_last_days_is_kept() {
        let all = names(&[
            "20261124T010000",
            "20261124T130000",
            "20261123T010000",
            "20261123T230000",
            "20261122T120000",
        ]);
        assert_eq!(
            keep(2, 0, &all),
            ["20261123T230000", "20261124T130000"],
            "two days, the newest dump of each"
        );
    }

    #[test]
    fn days_without_dumps_do_not_count() {
        // A week-long gap: the last 2 days *with dumps* are kept, not the last 2 calendar days.
        let all = names(&["20261101T010000", "20261110T010000", "20261111T010000"]);
        assert_eq!(keep(2, 0, &all), ["20261110T010000", "20261111T010000"]);
    }

    #[test]
    fn the_newest_dump_of_each_of_the_last_months_is_kept() {
        let all = names(&[
            "20260105T000000",
            "20260131T235959",
            "20260201T000000",
            "20260215T000000",
            "20260301T000000",
            "20251231T000000",
        ]);
        assert_eq!(
            keep(1, 3, &all),
            ["20260131T235959", "20260215T000000", "20260301T000000"]
        );
        // Months cross the year boundary.
        assert_eq!(
            keep(1, 4, &all),
            [
                "20251231T000000",
                "20260131T235959",
                "20260215T000000",
                "20260301T000000"
            ]
        );
    }

    #[test]
    fn a_dump_can_count_for_both_its_day_and_its_month() {
        let all = names(&["20261124T010000", "20261124T020000", "20261023T010000"]);
        assert_eq!(
            keep(1, 2, &all),
            ["20261023T010000", "20261124T020000"],
            "the newest is both the day's and November's; October keeps its own"
        );
    }

    #[test]
    fn the_defaults_keep_a_week_and_a_year() {
        // Two dumps a day for 400 days.
        let start = chrono::DateTime::parse_from_rfc3339("2025-10-20T03:00:00Z")
            .unwrap()
            .to_utc();
        let all: Vec<BackupName> = (0..800)
            .map(|i| BackupName::for_time(start + chrono::Duration::hours(12 * i)))
            .collect();
        let kept = retained(
            &all,
            Retention {
                keep_daily: 7,
                keep_monthly: 12,
            },
        );
        let newest = all.iter().max().unwrap();
        assert!(kept.contains(newest));
        let days: BTreeSet<_> = kept.iter().map(|n| n.taken_at().date_naive()).collect();
        let months: BTreeSet<_> = kept
            .iter()
            .map(|n| (n.taken_at().year(), n.taken_at().month()))
            .collect();
        assert_eq!(months.len(), 12);
        // 7 daily dumps, plus the last dump of each of the 11 earlier months.
        assert_eq!(kept.len(), 7 + 11, "{kept:?}");
        assert_eq!(days.len(), kept.len(), "one dump per kept day");
        // The oldest kept dump is at most a year old.
        let oldest = kept.iter().min().unwrap();
        assert!(newest.taken_at() - oldest.taken_at() < chrono::Duration::days(366));
    }

    #[test]
    fn the_newest_dump_is_always_kept() {
        // Even when it shares its day and month with older ones, and whatever the policy.
        let all = names(&[
            "20261124T235959",
            "20261124T000000",
            "20261101T000000",
            "20261031T120000",
        ]);
        for daily in 1..4 {
            for monthly in 0..4 {
                let kept = keep(daily, monthly, &all);
                assert!(
                    kept.contains(&"20261124T235959".to_owned()),
                    "keep-daily {daily}, keep-monthly {monthly}: {kept:?}"
                );
            }
        }
        assert_eq!(keep(1, 0, &all), ["20261124T235959"]);
    }

    #[test]
    fn duplicates_and_order_of_the_input_do_not_matter() {
        let mut all = names(&["20261124T010000", "20261123T010000", "20261124T010000"]);
        let a = keep(1, 1, &all);
        all.reverse();
        assert_eq!(a, keep(1, 1, &all));
        assert_eq!(a, ["20261124T010000"]);
    }

    #[test]
    fn local_pruning_touches_only_dumps() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "vigil-20261124T010000Z.dump",
            "vigil-20261123T010000Z.dump",
            "vigil-20261122T010000Z.dump",
            "notes.txt",
            ".vigil-20261124T020000Z.dump.partial",
        ] {
            std::fs::write(dir.path().join(file), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("vigil-20261121T010000Z.dump")).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime
            .block_on(prune(&PruneArgs {
                retention: Retention {
                    keep_daily: 2,
                    keep_monthly: 0,
                },
                dir: Some(dir.path().to_owned()),
                uploaded: false,
                dry_run: false,
                storage: vigil::config::Config::try_from_args([
                    "vigil",
                    "--database-url",
                    "postgres://unused",
                ])
                .unwrap()
                .storage,
            }))
            .unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".vigil-20261124T020000Z.dump.partial",
                "notes.txt",
                "vigil-20261121T010000Z.dump",
                "vigil-20261123T010000Z.dump",
                "vigil-20261124T010000Z.dump",
            ]
        );
    }
}
