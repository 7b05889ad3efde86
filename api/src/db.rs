//! The data layer's pool ([`vigil_data::Db`]) bound to this crate's [`AppError`], so handlers
//! write `state.db.tenant(ctx, |conn| ...)` and a failure needs no annotation. Code with its
//! own error type uses [`Db::data`].

use std::time::Duration;

use diesel::pg::PgConnection;
use vigil_data::{PoolOptions, TenantContext};

use crate::config::{DatabaseConfig, PoolerMode};
use crate::error::AppError;
use crate::ids::UserId;

#[derive(Clone)]
pub struct Db(vigil_data::Db);

impl Db {
    /// Builds the pool without opening connections; the first request (or [`Db::ping`]) does.
    pub fn new(config: &DatabaseConfig) -> anyhow::Result<Self> {
        Ok(Self(vigil_data::Db::new(&PoolOptions {
            url: config.connection_url()?.expose().to_owned(),
            pool_size: config.pool_size,
            connect_timeout: Duration::from_secs(config.connect_timeout_secs),
            statement_timeout_ms: config.statement_timeout_ms,
            transaction_pooler: config.pooler == PoolerMode::Transaction,
        })?))
    }

    /// The same pool, telling `observer` where each call spends its time.
    #[must_use]
    pub fn observed(self, observer: vigil_data::PhaseObserver) -> Self {
        Self(self.0.observed(observer))
    }

    /// The pool itself, for code that returns its own error type.
    pub fn data(&self) -> &vigil_data::Db {
        &self.0
    }

    /// See [`vigil_data::Db::tenant`].
    pub async fn tenant<T, F>(&self, ctx: TenantContext, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.tenant(ctx, f).await
    }

    /// See [`vigil_data::Db::user`].
    pub async fn user<T, F>(&self, user_id: UserId, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.user(user_id, f).await
    }

    /// See [`vigil_data::Db::invitation_holder`].
    pub async fn invitation_holder<T, F>(&self, token_hash: Vec<u8>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.invitation_holder(token_hash, f).await
    }

    /// See [`vigil_data::Db::api_client_holder`].
    pub async fn api_client_holder<T, F>(&self, client_id: String, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.api_client_holder(client_id, f).await
    }

    /// See [`vigil_data::Db::legacy_source_holder`].
    pub async fn legacy_source_holder<T, F>(&self, source: String, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.legacy_source_holder(source, f).await
    }

    /// See [`vigil_data::Db::global`].
    pub async fn global<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        self.0.global(f).await
    }

    /// Checks that a connection can be had and answers, within `timeout`.
    pub async fn ping(&self, timeout: Duration) -> Result<(), AppError> {
        self.0.ping(timeout).await
    }

    pub fn pool_state(&self) -> diesel::r2d2::State {
        self.0.pool_state()
    }
}
