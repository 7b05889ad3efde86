//! The health endpoints.

use serde::Deserialize;

/// `HealthStatus`: `/health/live` and `/health/ready` when they answer 200.
#[derive(Deserialize, Debug, Clone)]
pub struct HealthStatus {
    /// Always `ok` when the endpoint answers 200.
    pub status: String,
}
