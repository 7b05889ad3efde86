//! Vigil's data layer: the schema, the migrations, and the pool with the only ways to get a
//! connection (see [`Db`]). It knows the database and the core vocabulary, never HTTP: the
//! layers above turn its [`DataError`] into their own errors.

pub mod migrations;
pub mod models;
mod pool;
mod prepared;
pub mod schema;

pub use pool::{
    CallerError, DataError, Db, PgPool, Phase, PhaseObserver, PoolOptions, TenantContext,
    context_statement, enter_tenant, enter_user,
};
pub use prepared::{Prepared, prepared};
