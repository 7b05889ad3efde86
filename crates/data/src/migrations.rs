//! Schema migrations, compiled into the binary and run as the owner role (`vigil migrate`).

use anyhow::Context;
use diesel::Connection;
use diesel::pg::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Applies every pending migration; returns the versions applied.
pub fn run_pending(admin_url: &str) -> anyhow::Result<Vec<String>> {
    let mut conn =
        PgConnection::establish(admin_url).context("cannot connect with DATABASE_ADMIN_URL")?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Reverts every applied migration, newest first (used to prove `down` works).
pub fn revert_all(admin_url: &str) -> anyhow::Result<Vec<String>> {
    let mut conn =
        PgConnection::establish(admin_url).context("cannot connect with DATABASE_ADMIN_URL")?;
    let reverted = conn
        .revert_all_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("reverting migrations failed: {e}"))?;
    Ok(reverted.iter().map(ToString::to_string).collect())
}
