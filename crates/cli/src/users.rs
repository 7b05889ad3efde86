//! `vigil user disable|enable`: account administration from the command line.

use chrono::Utc;
use diesel::prelude::*;
use vigil::auth::activity;
use vigil::config::DatabaseConfig;
use vigil::db::Db;
use vigil::http::client::ClientContext;
use vigil::identity::{sessions, users};
use vigil_data::schema::users as users_table;

/// Disables (or enables) an account from the command line; its sessions end at once.
/// Returns whether the account exists.
pub async fn set_disabled(database_url: &str, email: &str, disabled: bool) -> anyhow::Result<bool> {
    let db = Db::new(&DatabaseConfig {
        pool_size: 1,
        statement_timeout_ms: 0,
        ..DatabaseConfig::for_url(database_url)
    })?;
    let normalized = email.trim().to_lowercase();
    db.global(move |conn| {
        let Some(user) = users::find_by_email(conn, &normalized)? else {
            return Ok(false);
        };
        let value = disabled.then(Utc::now);
        diesel::update(users_table::table.find(user.id))
            .set(users_table::disabled_at.eq(value))
            .execute(conn)?;
        if disabled {
            sessions::revoke_all(conn, user.user_id(), None, "account_disabled")?;
        }
        let ops = ClientContext {
            ip: None,
            user_agent: Some("vigil command line".into()),
            request_id: None,
        };
        let kind = if disabled {
            "account_disabled"
        } else {
            "account_enabled"
        };
        activity::record_event(conn, user.user_id(), kind, &ops, serde_json::json!({}))?;
        Ok(true)
    })
    .await
    .map_err(anyhow::Error::from)
}
