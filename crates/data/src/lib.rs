//! Vigil's data layer: the schema, the migrations, and the pool with the only ways to get a
//! connection (see [`Db`]). It knows the database and the core vocabulary, never HTTP: the
//! layers above turn its [`DataError`] into their own errors.

mod begin;
mod counted;
pub mod migrations;
pub mod models;
mod pool;
mod prepared;
pub mod schema;

pub use begin::PlanCache;
pub use counted::split_counted;
pub use pool::{
    CallerError, DataError, Db, PgPool, Phase, PhaseObserver, PoolOptions, TenantContext,
    enter_tenant, enter_user, tenant_begin_statement,
};
pub use prepared::{Prepared, prepared};
