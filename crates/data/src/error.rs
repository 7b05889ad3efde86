//! What the data layer fails with, beside the callers' own query errors.

/// Why no transaction could run. Query failures are the caller's error type (any type that
/// converts from [`diesel::result::Error`]), so they keep their meaning.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// No connection became free, or none could be opened, in time: worth retrying.
    #[error("no database connection is available")]
    Unavailable(#[source] Option<Box<dyn std::error::Error + Send + Sync>>),
    /// The blocking task that ran the transaction panicked or was cancelled.
    #[error("database task failed")]
    TaskFailed(#[source] tokio::task::JoinError),
}

/// What a transaction's closure may fail with: its own query errors, and ours.
pub trait CallerError: From<diesel::result::Error> + From<DataError> + Send + 'static {}
impl<E: From<diesel::result::Error> + From<DataError> + Send + 'static> CallerError for E {}
