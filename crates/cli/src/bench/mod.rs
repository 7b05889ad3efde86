//! `vigil bench`: the reference measurements scripts/bench compares the API with.
//!
//! - `hash-rate`: how many argon2id verifications per second this machine does with the
//!   server's parameters and concurrency, the ceiling for `POST /auth/login`.
//! - `list-documents-sql`: the statements behind the first page of `GET …/documents`, built by
//!   the route's own query builders, as a pgbench script for its prepared mode (`:org` and
//!   `:user` are variables).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use diesel::debug_query;
use diesel::pg::Pg;
use uuid::Uuid;

use crate::seed::DEMO_PASSWORD;
use vigil::documents::{DocumentQuery, DocumentSort, counted_page_of};
use vigil::identity::password::{Password, PasswordContext, PasswordHasher};
use vigil::ids::{OrgId, UserId};
use vigil_data::{PlanCache, TenantContext, tenant_begin_statement};

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Measure argon2id verifications per second (the login ceiling) on this machine.
    HashRate(HashRateArgs),
    /// Print the SQL of the documents list's first page as a pgbench script.
    ListDocumentsSql,
}

#[derive(Args, Debug)]
pub struct HashRateArgs {
    /// How long to measure.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Hashes at once, as `vigil serve` (0 = one per core).
    #[arg(long, env = "VIGIL_PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub concurrency: usize,
    /// Print one JSON object instead of a sentence.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::HashRate(args) => {
            let runtime = tokio::runtime::Runtime::new()?;
            let rate = runtime.block_on(hash_rate(args.concurrency, args.seconds))?;
            if args.json {
                println!("{}", serde_json::to_string(&rate)?);
            } else {
                println!(
                    "{} argon2id verifications in {:.1} s: {:.1}/s ({} at a time)",
                    rate.hashes, rate.seconds, rate.per_second, rate.concurrency
                );
            }
            Ok(())
        }
        BenchCommand::ListDocumentsSql => {
            print!("{}", list_documents_script()?);
            Ok(())
        }
    }
}

#[derive(Debug, serde::Serialize)]
pub struct HashRate {
    pub hashes: u64,
    pub seconds: f64,
    pub per_second: f64,
    pub concurrency: usize,
}

/// Verifies a stored hash over and over through the server's [`PasswordHasher`] (same
/// parameters, same concurrency limit) with twice as many callers as permits, so it never idles.
pub async fn hash_rate(concurrency: usize, seconds: f64) -> anyhow::Result<HashRate> {
    let hasher = PasswordHasher::new(concurrency)?;
    let concurrency = hasher.concurrency();
    let password = DEMO_PASSWORD;
    let parsed = Password::parse(password, 15, &PasswordContext::new())
        .map_err(|e| anyhow::anyhow!("benchmark password refused: {e}"))?;
    let stored = Arc::new(hasher.hash(&parsed).await?);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds.max(0.1));
    let hashes = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let callers: Vec<_> = (0..concurrency * 2)
        .map(|_| {
            let (hasher, stored, hashes) = (hasher.clone(), stored.clone(), hashes.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    if !hasher.verify(password, Some(stored.as_str())).await? {
                        anyhow::bail!("the benchmark hash did not verify");
                    }
                    hashes.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    for caller in callers {
        caller.await??;
    }
    let seconds = started.elapsed().as_secs_f64();
    let hashes = hashes.load(Ordering::Relaxed);
    Ok(HashRate {
        hashes,
        seconds,
        per_second: hashes as f64 / seconds,
        concurrency,
    })
}

/// Placeholders swapped for pgbench variables in the printed SQL.
const ORG_PLACEHOLDER: Uuid = Uuid::from_u128(0x0b0b_0000_0000_4000_8000_0000_0000_0001);
const USER_PLACEHOLDER: Uuid = Uuid::from_u128(0x0b0b_0000_0000_4000_8000_0000_0000_0002);

/// One transaction as `GET /api/v1/organizations/{org}/documents` runs it, for
/// `pgbench -M prepared`: `BEGIN` and the tenant context in one round trip (a pipeline of the
/// two, as the API sends them in one message), then the first page (newest first, 25 rows)
/// with the count beside it as one kept prepared statement, then `COMMIT`.
pub fn list_documents_script() -> anyhow::Result<String> {
    let org = OrgId::from_uuid(ORG_PLACEHOLDER);
    let user = UserId::from_uuid(USER_PLACEHOLDER);
    let query = DocumentQuery::default();
    let begin = tenant_begin_statement(TenantContext::new(org, Some(user)), PlanCache::Generic)
        .replace(&format!("'{ORG_PLACEHOLDER}'"), ":org")
        .replace(&format!("'{USER_PLACEHOLDER}'"), ":user");
    anyhow::ensure!(
        begin.contains(":org") && begin.contains(":user"),
        "the tenant context is missing from {begin}"
    );
    let statements = [debug_query::<Pg, _>(&counted_page_of(
        org,
        &query,
        DocumentSort::CreatedAtDesc,
        25,
        0,
    ))
    .to_string()];
    let mut script = String::from(
        "-- The first page of GET /api/v1/organizations/{org}/documents, as the API runs it.\n\
         -- Generated by `vigil bench list-documents-sql` from the route's query builders.\n\
         \\startpipeline\n",
    );
    for part in begin.split("; ") {
        script.push_str(part);
        script.push_str(";\n");
    }
    script.push_str("\\endpipeline\n");
    for statement in statements {
        script.push_str(&with_variables(&statement)?);
        script.push_str(";\n");
    }
    script.push_str("COMMIT;\n");
    Ok(script)
}

/// Turns diesel's `SQL -- binds: [..]` into one line of SQL with the binds inlined: the org and
/// user placeholders become `:org` and `:user`, other values literals.
fn with_variables(debug: &str) -> anyhow::Result<String> {
    let (sql, binds) = debug
        .rsplit_once(" -- binds: ")
        .ok_or_else(|| anyhow::anyhow!("no binds in {debug}"))?;
    let binds = binds
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .ok_or_else(|| anyhow::anyhow!("unexpected binds {binds}"))?;
    let values: Vec<String> = if binds.is_empty() {
        Vec::new()
    } else {
        binds
            .split(", ")
            .map(literal)
            .collect::<anyhow::Result<_>>()?
    };
    let mut sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    // From the last so that $1 does not match the start of $10.
    for (index, value) in values.iter().enumerate().rev() {
        let placeholder = format!("${}", index + 1);
        anyhow::ensure!(sql.contains(&placeholder), "{placeholder} missing in {sql}");
        sql = sql.replace(&placeholder, value);
    }
    Ok(sql)
}

fn literal(bind: &str) -> anyhow::Result<String> {
    // Uuids print bare (typed ids as `OrgId(..)`), strings (set_config's arguments) in double
    // quotes.
    let bind = ["OrgId(", "UserId("]
        .iter()
        .find_map(|name| bind.strip_prefix(name)?.strip_suffix(')'))
        .unwrap_or(bind);
    let text = bind.strip_prefix('"').and_then(|b| b.strip_suffix('"'));
    let value = text.unwrap_or(bind);
    if value == ORG_PLACEHOLDER.to_string() {
        Ok(":org".into())
    } else if value == USER_PLACEHOLDER.to_string() {
        Ok(":user".into())
    } else if let Some(text) = text {
        anyhow::ensure!(
            !text.contains(['\'', '\\', '"']),
            "unexpected text bind {bind}"
        );
        Ok(format!("'{text}'"))
    } else if bind == "true" || bind == "false" || bind.parse::<i64>().is_ok() {
        Ok(bind.to_owned())
    } else {
        anyhow::bail!("unexpected bind {bind}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_names_the_tenant_and_inlines_the_rest() -> anyhow::Result<()> {
        let script = list_documents_script()?;
        assert!(script.starts_with("-- The first page"), "{script}");
        assert!(
            script.contains("\n\\startpipeline\nBEGIN;\nSELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('app.org_id', :org, true), set_config('app.user_id', :user, true);\n\\endpipeline\n"),
            "{script}"
        );
        assert!(script.contains("\"org_id\" = :org)"), "{script}");
        assert!(script.contains("LIMIT 25 OFFSET 0;"), "{script}");
        assert!(!script.contains('$'), "{script}");
        assert!(script.trim_end().ends_with("COMMIT;"), "{script}");
        Ok(())
    }

    #[test]
    fn unexpected_binds_are_refused() {
        assert!(with_variables("SELECT $1 -- binds: [1.5]").is_err());
        assert!(with_variables("SELECT $1 -- binds: [\"it's\"]").is_err());
        assert!(with_variables("SELECT 1").is_err());
        assert_eq!(
            with_variables("SELECT $1, $2 -- binds: [\"a\", 7]").ok(),
            Some("SELECT 'a', 7".into())
        );
    }

    #[tokio::test]
    async fn the_hash_rate_counts_real_verifications() -> anyhow::Result<()> {
        let rate = hash_rate(1, 0.2).await?;
        assert!(rate.hashes >= 1, "{rate:?}");
        assert_eq!(rate.concurrency, 1);
        Ok(())
    }
}
