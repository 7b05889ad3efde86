//! What every handler can reach.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::storage::Storage;

pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub storage: Storage,
}
