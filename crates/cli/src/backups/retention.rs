//! Which dumps to keep ([`retained`]) and deleting the others, locally and in storage.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Datelike;
use clap::Args;

use super::{PruneArgs, open};
use vigil::storage::BackupName;

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

pub(super) async fn prune(args: &PruneArgs) -> anyhow::Result<()> {
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
