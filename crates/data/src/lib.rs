//! Vigil's data layer: the schema, the migrations, and the pool with the only ways to get a
//! connection (see [`Db`]). It knows the database and the core vocabulary, never HTTP: the
//! layers above turn its [`DataError`] into their own errors.

mod begin;
mod counted;
mod error;
pub mod migrations;
pub mod models;
mod phase;
mod pipelined;
mod pool;
mod prepared;
pub mod schema;

pub use begin::PlanCache;
pub use counted::split_counted;
pub use error::{CallerError, DataError};
pub use phase::{Phase, PhaseObserver};
pub use pipelined::{ConnectConfigError, SingleStatement};
pub use pool::{
    Db, PgPool, PoolOptions, TenantContext, enter_tenant, enter_user, tenant_begin_statement,
};
pub use prepared::{Prepared, prepared};
