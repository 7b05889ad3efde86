//! Single dumps in storage: uploading, downloading, listing and deleting them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use super::{DeleteArgs, GetArgs, PutArgs, open};
use vigil::config::StorageConfig;
use vigil::storage::{BackupKey, BackupName};

fn parse_key(raw: &str) -> anyhow::Result<BackupKey> {
    Ok(BackupKey::parse(raw)?)
}

pub(super) async fn put(args: &PutArgs) -> anyhow::Result<()> {
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

pub(super) async fn get(args: &GetArgs) -> anyhow::Result<()> {
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

pub(super) async fn list(config: &StorageConfig) -> anyhow::Result<()> {
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

pub(super) async fn delete(args: &DeleteArgs) -> anyhow::Result<()> {
    let key = parse_key(&args.name)?;
    let storage = open(&args.storage).await?;
    storage.delete_backup(&key).await?;
    tracing::info!(%key, "deleted");
    Ok(())
}
